//! Strict field validation: what kubectl (v1.25+ defaults to `--validate=strict`) and the API
//! server reject while decoding, each located at the key or value in question.

use crate::support::{WEB, analyze, diagnostics, with_line};
use expect_test::{Expect, expect};

/// Replaces `old` by `new` in the `web` example and checks the diagnostics.
#[track_caller]
fn check(old: &str, new: &str, expected: Expect) {
    let text = with_line(WEB, old, new);
    let a = analyze(&text);
    let schema: String = diagnostics(&a)
        .lines()
        .filter(|l| l.contains(" error "))
        .map(|l| format!("{l}\n"))
        .collect();
    expected.assert_eq(&schema);
}

#[test]
fn clean_example_has_no_errors() {
    check("replicas: 3", "replicas: 3", expect![[""]]);
}

#[test]
fn unknown_fields_suggest_the_known_one() {
    check(
        "  replicas: 3 # by default is 1",
        "  replica: 3",
        expect![[r#"
            24:3 error unknown-field spec.replica: unknown field "spec.replica" (did you mean "replicas"?)
        "#]],
    );
    check(
        "        image: registry.k8s.io/nginx-slim:0.24",
        "        image: registry.k8s.io/nginx-slim:0.24\n        readinesProbe: {}",
        expect![[r#"
            35:9 error unknown-field spec.template.spec.containers[0].readinesProbe: unknown field "spec.template.spec.containers[0].readinesProbe" (did you mean "readinessProbe"?)
        "#]],
    );
    check(
        "  serviceName: \"nginx\"",
        "  ServiceName: \"nginx\"",
        expect![[r#"
            23:3 error unknown-field spec.ServiceName: unknown field "spec.ServiceName" (did you mean "serviceName"?)
        "#]],
    );
}

#[test]
fn wrong_types_read_like_go() {
    check(
        "  replicas: 3 # by default is 1",
        "  replicas: \"three\"",
        expect![[r#"
            24:13 error wrong-type spec.replicas: cannot unmarshal string into Go struct field StatefulSetSpec.spec.replicas of type int32
        "#]],
    );
    check(
        "  replicas: 3 # by default is 1",
        "  replicas: 3000000000",
        expect![[r#"
            24:13 error wrong-type spec.replicas: cannot unmarshal number 3000000000 into Go struct field StatefulSetSpec.spec.replicas of type int32
        "#]],
    );
    // YAML-to-JSON turns 3.0 into 3, which Go accepts.
    check(
        "  replicas: 3 # by default is 1",
        "  replicas: 3.0",
        expect![[""]],
    );
    check(
        "        app: nginx # has to match .spec.selector.matchLabels",
        "        app: 1.0",
        expect![[r#"
            29:14 error wrong-type spec.template.metadata.labels[app]: cannot unmarshal number into Go struct field ObjectMeta.spec.template.metadata.labels of type string
        "#]],
    );
    check(
        "      containers:",
        "      containers: nginx\n      initContainers:",
        expect![[r#"
            32:19 error wrong-type spec.template.spec.containers: cannot unmarshal string into Go struct field PodSpec.spec.template.spec.containers of type []v1.Container
        "#]],
    );
}

#[test]
fn duplicate_fields() {
    check(
        "  replicas: 3 # by default is 1",
        "  replicas: 3\n  replicas: 2",
        expect![[r#"
            25:3 error duplicate-field spec.replicas: duplicate field "replicas"
        "#]],
    );
}

/// Like `check`, but shows the indentation lints (`empty-field`, `misindented-key`) with the
/// errors beside them.
#[track_caller]
fn check_indent(old: &str, new: &str, expected: Expect) {
    let text = with_line(WEB, old, new);
    let a = analyze(&text);
    let shown: String = diagnostics(&a)
        .lines()
        .filter(|l| {
            l.contains(" error ") || l.contains("empty-field") || l.contains("misindented-key")
        })
        .map(|l| format!("{l}\n"))
        .collect();
    expected.assert_eq(&shown);
}

#[test]
fn indentation_mistakes_say_where_the_key_belongs() {
    // `resources:` with its contents one level too shallow (a `nindent 8` meant as 10).
    check_indent(
        "        image: registry.k8s.io/nginx-slim:0.24",
        "        image: registry.k8s.io/nginx-slim:0.24\n        resources:\n        limits:\n          cpu: 100m",
        expect![[r#"
            35:9 info empty-field spec.template.spec.containers[0].resources: "resources" is empty (null): what should be under it is missing or indented at the wrong depth (write {} for an empty value on purpose)
            36:9 error unknown-field spec.template.spec.containers[0].limits: unknown field "spec.template.spec.containers[0].limits"
            36:9 warning misindented-key spec.template.spec.containers[0].limits: "limits" belongs under "resources", which is empty just above it: indent it (and the lines that go with it) 2 more spaces
        "#]],
    );
    // Labels included with `nindent 6` where 8 was meant: they land beside `labels:`.
    check_indent(
        "        app: nginx # has to match .spec.selector.matchLabels",
        "      app: nginx",
        expect![[r#"
            28:7 error selector-mismatch spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector` does not match template `labels`
            28:7 info empty-field spec.template.metadata.labels: "labels" is empty (null): what should be under it is missing or indented at the wrong depth (write {} for an empty value on purpose)
            29:7 error unknown-field spec.template.metadata.app: unknown field "spec.template.metadata.app"
            29:7 warning misindented-key spec.template.metadata.app: "app" belongs under "labels", which is empty just above it: indent it (and the lines that go with it) 2 more spaces
        "#]],
    );
    // A container field indented into the block above it.
    check_indent(
        "          mountPath: /usr/share/nginx/html",
        "          mountPath: /usr/share/nginx/html\n          imagePullPolicy: Always",
        expect![[r#"
            41:11 error unknown-field spec.template.spec.containers[0].volumeMounts[0].imagePullPolicy: unknown field "spec.template.spec.containers[0].volumeMounts[0].imagePullPolicy"
            41:11 warning misindented-key spec.template.spec.containers[0].volumeMounts[0].imagePullPolicy: "imagePullPolicy" is not a field of VolumeMount but is one of Container ("spec.template.spec.containers[0]"): indent it 2 spaces less
        "#]],
    );
    // `resources: null` (what `toYaml` of a missing value gives) is worth a warning; `{}` is not.
    check_indent(
        "        image: registry.k8s.io/nginx-slim:0.24",
        "        image: registry.k8s.io/nginx-slim:0.24\n        resources: null",
        expect![[r#"
            35:9 info empty-field spec.template.spec.containers[0].resources: "resources" is empty (null): what should be under it is missing or indented at the wrong depth (write {} for an empty value on purpose)
        "#]],
    );
    check_indent(
        "        image: registry.k8s.io/nginx-slim:0.24",
        "        image: registry.k8s.io/nginx-slim:0.24\n        resources: {}",
        expect![[""]],
    );
}
