//! API-server validation on create (`pkg/apis/apps/validation/validation.go`), Service validation, and the update
//! check (§5 rule 23). Every rule has a passing and a failing case; each names its rule.

use crate::support::{WEB, analyze, with_line};
use expect_test::{Expect, expect};

/// Validation errors (source `validation`) of `text`, as `line:col code field: message`.
fn errors(text: &str) -> String {
    analyze(text)
        .diagnostics
        .iter()
        .filter(|d| d.source == stsplay::Source::Validation)
        .map(|d| {
            format!(
                "{}:{} {} {}\n",
                d.span.start.line,
                d.span.start.column,
                d.code,
                d.text()
            )
        })
        .collect()
}

/// Replaces `old` by `new` in the web example and checks the validation errors.
#[track_caller]
fn check(old: &str, new: &str, expected: Expect) {
    expected.assert_eq(&errors(&with_line(WEB, old, new)));
}

/// The rule accepts this edit.
#[track_caller]
fn ok(old: &str, new: &str) {
    let e = errors(&with_line(WEB, old, new));
    assert!(e.is_empty(), "expected no validation errors, got:\n{e}");
}

const REPLICAS: &str = "  replicas: 3 # by default is 1";
const SERVICE_NAME: &str = "  serviceName: \"nginx\"";
const STS_NAME: &str = "metadata:\n  name: web\n";
const TEMPLATE_LABEL: &str = "        app: nginx # has to match .spec.selector.matchLabels";
const GRACE: &str = "      terminationGracePeriodSeconds: 10";
const CLAIM_MODES: &str = "      accessModes: [ \"ReadWriteOnce\" ]";

#[test]
fn rule_1_2_name() {
    ok(STS_NAME, "metadata:\n  name: web-2\n");
    check(
        STS_NAME,
        "metadata:\n  name: Web_1\n",
        expect![[r#"
            18:9 name-invalid metadata.name: Invalid value: "Web_1": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')
        "#]],
    );
    // Since v1.27 a StatefulSet name is a label, so dots are refused.
    check(
        STS_NAME,
        "metadata:\n  name: web.v2\n",
        expect![[r#"
            18:9 name-invalid metadata.name: Invalid value: "web.v2": must not contain dots
        "#]],
    );
    check(
        STS_NAME,
        "metadata:\n  labels: {a: b}\n",
        expect![[r#"
            17:1 name-required metadata.name: Required value: name or generateName is required
        "#]],
    );
}

#[test]
fn rule_3_namespace() {
    ok(STS_NAME, "metadata:\n  name: web\n  namespace: shop\n");
    check(
        STS_NAME,
        "metadata:\n  name: web\n  namespace: Shop\n",
        expect![[r#"
            19:14 namespace-invalid metadata.namespace: Invalid value: "Shop": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')
        "#]],
    );
}

#[test]
fn rule_4_pod_management_policy() {
    ok(REPLICAS, "  replicas: 3\n  podManagementPolicy: Parallel");
    check(
        REPLICAS,
        "  replicas: 3\n  podManagementPolicy: parallel",
        expect![[r#"
            25:24 pod-management-policy spec.podManagementPolicy: Invalid value: "parallel": must be 'OrderedReady' or 'Parallel'
        "#]],
    );
}

#[test]
fn rule_5_6_7_update_strategy() {
    ok(
        REPLICAS,
        "  replicas: 3\n  updateStrategy: {type: OnDelete}",
    );
    ok(
        REPLICAS,
        "  replicas: 3\n  updateStrategy: {type: RollingUpdate, rollingUpdate: {partition: 2}}",
    );
    check(
        REPLICAS,
        "  replicas: 3\n  updateStrategy: {type: Recreate}",
        expect![[r#"
            25:3 update-strategy-type spec.updateStrategy: Invalid value: apps.StatefulSetUpdateStrategy{Type:"Recreate", RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)(nil)}: must be 'RollingUpdate' or 'OnDelete'
        "#]],
    );
    check(
        REPLICAS,
        "  replicas: 3\n  updateStrategy: {type: OnDelete, rollingUpdate: {partition: 1}}",
        expect![[r#"
            25:36 on-delete-rolling-update spec.updateStrategy.rollingUpdate: Invalid value: apps.RollingUpdateStatefulSetStrategy{Partition:1, MaxUnavailable:(*intstr.IntOrString)(nil)}: only allowed for updateStrategy 'RollingUpdate'
        "#]],
    );
    check(
        REPLICAS,
        "  replicas: 3\n  updateStrategy: {rollingUpdate: {partition: -1}}",
        expect![[r#"
            25:47 negative-partition spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0
        "#]],
    );
}

#[test]
fn rule_8_max_unavailable_is_dropped_in_v1_36() {
    // §3: with MaxUnavailableStatefulSet off, the field is dropped before validation.
    ok(
        REPLICAS,
        "  replicas: 3\n  updateStrategy: {rollingUpdate: {maxUnavailable: 0}}",
    );
}

#[test]
fn rule_8_max_unavailable_with_the_gate_on() {
    let text = with_line(
        WEB,
        REPLICAS,
        "  replicas: 3\n  updateStrategy: {rollingUpdate: {maxUnavailable: \"150%\"}}",
    );
    let opts = stsplay::Options {
        profile: stsplay::version::Profile::v1(37),
        ..Default::default()
    };
    let a = stsplay::analyze(
        &[stsplay::Input {
            name: "t",
            text: &text,
        }],
        &opts,
    );
    let msgs: Vec<String> = a
        .diagnostics
        .iter()
        .filter(|d| d.code == "max-unavailable")
        .map(|d| d.text())
        .collect();
    assert_eq!(
        msgs,
        [
            "spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: \"150%\": must not be greater than 100%"
        ]
    );
}

#[test]
fn rule_9_pvc_retention_policy() {
    ok(
        REPLICAS,
        "  replicas: 3\n  persistentVolumeClaimRetentionPolicy: {whenDeleted: Delete, whenScaled: Retain}",
    );
    check(
        REPLICAS,
        "  replicas: 3\n  persistentVolumeClaimRetentionPolicy: {whenScaled: Remove}",
        expect![[r#"
            25:54 pvc-retention-policy spec.persistentVolumeClaimRetentionPolicy.whenScaled: Unsupported value: "Remove": supported values: "Retain", "Delete"
        "#]],
    );
}

#[test]
fn rule_10_11_12_nonnegative() {
    ok(REPLICAS, "  replicas: 0\n  ordinals: {start: 3}");
    check(
        "  replicas: 3 # by default is 1\n  minReadySeconds: 10 # by default is 0",
        "  replicas: -1\n  minReadySeconds: -5\n  ordinals: {start: -2}",
        expect![[r#"
            24:13 negative-replicas spec.replicas: Invalid value: -1: must be greater than or equal to 0
            25:20 negative-min-ready-seconds spec.minReadySeconds: Invalid value: -5: must be greater than or equal to 0
            26:21 negative-ordinals-start spec.ordinals.start: Invalid value: -2: must be greater than or equal to 0
        "#]],
    );
}

#[test]
fn rule_13_service_name() {
    ok(SERVICE_NAME, "  serviceName: \"\"");
    check(
        SERVICE_NAME,
        "  serviceName: \"nginx.svc\"",
        expect![[r#"
            23:16 service-name-invalid spec.serviceName: Invalid value: "nginx.svc": must not contain dots
        "#]],
    );
}

#[test]
fn rule_14_17_missing_selector() {
    // A nil selector is `labels.Nothing()`: required, and it matches no template (§5 rule 14).
    check(
        "  selector:\n    matchLabels:\n      app: nginx # has to match .spec.template.metadata.labels\n",
        "",
        expect![[r#"
            19:1 selector-required spec.selector: Required value
            25:7 selector-mismatch spec.template.metadata.labels: Invalid value: map[string]string{"app":"nginx"}: `selector` does not match template `labels`
        "#]],
    );
}

#[test]
fn rule_15_selector_syntax() {
    ok(
        "    matchLabels:\n      app: nginx # has to match .spec.template.metadata.labels",
        "    matchExpressions: [{key: app, operator: In, values: [nginx]}]",
    );
    check(
        "    matchLabels:\n      app: nginx # has to match .spec.template.metadata.labels",
        "    matchExpressions: [{key: app, operator: Is, values: [nginx]}]",
        expect![[r#"
            21:45 selector-operator-invalid spec.selector.matchExpressions[0].operator: Invalid value: "Is": not a valid selector operator
            27:7 selector-mismatch spec.template.metadata.labels: Invalid value: map[string]string{"app":"nginx"}: `selector` does not match template `labels`
        "#]],
    );
}

#[test]
fn rule_16_empty_selector() {
    check(
        "    matchLabels:\n      app: nginx # has to match .spec.template.metadata.labels",
        "    matchLabels: {}",
        expect![[r#"
            20:3 selector-empty spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for statefulset
        "#]],
    );
}

#[test]
fn rule_17_selector_matches_template() {
    ok(TEMPLATE_LABEL, "        app: nginx\n        tier: web");
    check(
        TEMPLATE_LABEL,
        "        app: web",
        expect![[r#"
            28:7 selector-mismatch spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`
        "#]],
    );
}

#[test]
fn rule_18_template_labels() {
    check(
        TEMPLATE_LABEL,
        "        app: nginx\n        bad key: x",
        expect![[r#"
            30:9 label-key-invalid spec.template.labels: Invalid value: "bad key": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')
        "#]],
    );
}

#[test]
fn rule_19_20_restart_policy_and_deadline() {
    ok(
        GRACE,
        "      terminationGracePeriodSeconds: 10\n      restartPolicy: Always",
    );
    check(
        GRACE,
        "      terminationGracePeriodSeconds: 10\n      restartPolicy: OnFailure\n      activeDeadlineSeconds: 60",
        expect![[r#"
            32:22 restart-policy-not-always spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"
            33:30 active-deadline-seconds spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in StatefulSet is not Supported
        "#]],
    );
}

#[test]
fn rule_22_claim_templates() {
    ok(CLAIM_MODES, "      accessModes: [ReadWriteOncePod]");
    check(
        CLAIM_MODES,
        "      accessModes: [ReadWriteSometimes]",
        expect![[r#"
            45:21 claim-access-modes spec.volumeClaimTemplates[0].spec.accessModes: Unsupported value: "ReadWriteSometimes": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"
        "#]],
    );
    check(
        "          storage: 1Gi",
        "          cpu: 1",
        expect![[r#"
            47:7 claim-storage-required spec.volumeClaimTemplates[0].spec.resources[storage]: Required value
        "#]],
    );
    check(
        "      name: www\n",
        "      name: WWW\n",
        expect![[r#"
            39:17 volume-mount-not-found spec.template.spec.containers[0].volumeMounts[0].name: Not found: "www"
            43:13 claim-template-name spec.volumeClaimTemplates[0].metadata.name: Invalid value: "WWW": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')
        "#]],
    );
}

#[test]
fn service_validation() {
    ok(
        "  clusterIP: None",
        "  clusterIP: None\n  publishNotReadyAddresses: true",
    );
    check(
        "  - port: 80\n    name: web",
        "  - port: 80\n    name: web\n  - port: 70000",
        expect![[r#"
            11:5 port-number-invalid spec.ports[1].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive
            11:5 service-port-name-required spec.ports[1].name: Required value
            11:11 port-number-invalid spec.ports[1].port: Invalid value: 70000: must be between 1 and 65535, inclusive
        "#]],
    );
    check(
        "  clusterIP: None",
        "  clusterIP: None\n  type: NodePort",
        expect![[r#"
            11:14 service-cluster-ip spec.clusterIPs[0]: Invalid value: "None": may not be set to 'None' for NodePort services
        "#]],
    );
}

mod update {
    //! §5 rule 23 and the rolling-update order of §4.4.
    use super::*;
    use stsplay::update;

    fn diff(new: &str) -> update::Diff {
        update::check(&analyze(WEB), &analyze(new))
    }

    #[test]
    fn image_change_restarts_highest_ordinal_first() {
        let d = diff(&WEB.replace("nginx-slim:0.24", "nginx-slim:0.27"));
        assert!(d.forbidden.is_empty());
        assert_eq!(d.restarts, ["web-2", "web-1", "web-0"]);
    }

    #[test]
    fn partition_counts_from_the_ordinal_start() {
        // §4.4: with ordinals.start 2 and partition 1, index 0 (web-2) keeps the old revision.
        let old = with_line(WEB, REPLICAS, "  replicas: 3\n  ordinals: {start: 2}");
        let new = with_line(
            &old,
            "  replicas: 3\n",
            "  replicas: 3\n  updateStrategy: {rollingUpdate: {partition: 1}}\n",
        )
        .replace("nginx-slim:0.24", "nginx-slim:0.27");
        let d = update::check(&analyze(&old), &analyze(&new));
        assert_eq!(d.restarts, ["web-4", "web-3"]);
    }

    #[test]
    fn mutable_fields_may_change() {
        let new = with_line(
            WEB,
            REPLICAS,
            "  replicas: 5\n  revisionHistoryLimit: 3\n  persistentVolumeClaimRetentionPolicy: {whenScaled: Delete}",
        );
        let d = diff(&new);
        assert!(d.forbidden.is_empty(), "{:?}", d.forbidden);
        assert!(d.restarts.is_empty());
    }

    #[test]
    fn defaults_are_compared_not_text() {
        // Writing the default explicitly is no change.
        let d = diff(&with_line(
            WEB,
            REPLICAS,
            "  replicas: 3\n  podManagementPolicy: OrderedReady",
        ));
        assert!(d.forbidden.is_empty());
    }

    #[test]
    fn immutable_fields_are_forbidden() {
        let d = diff(
            &WEB.replace("storage: 1Gi", "storage: 2Gi")
                .replace("serviceName: \"nginx\"", "serviceName: \"nginx2\""),
        );
        let got: Vec<String> = d
            .forbidden
            .iter()
            .map(|x| format!("{}:{} {}", x.span.start.line, x.span.start.column, x.text()))
            .collect();
        expect![[r#"
            [
                "23:16 spec.serviceName: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
                "41:3 spec.volumeClaimTemplates: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
            ]
        "#]]
        .assert_debug_eq(&got);
    }

    #[test]
    fn on_delete_restarts_nothing() {
        let new = with_line(
            WEB,
            REPLICAS,
            "  replicas: 3\n  updateStrategy: {type: OnDelete}",
        )
        .replace("nginx-slim:0.24", "nginx-slim:0.27");
        assert!(diff(&new).restarts.is_empty());
    }
}
