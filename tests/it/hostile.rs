//! Hostile input, wherever input enters: the editor's text (YAML bombs, a 10 MB paste, deep
//! nesting, thousands of documents, numbers at and beyond the API's limits, markup and control
//! characters), files given to `kubectl-stsplay`, share links, and terminal commands. Every case
//! must end in a clear, located error or a bounded refusal that says why, never in a panic, a
//! hang or an allocation without end. Tests assert that behaviour (code, message, location),
//! never a duration: the budgets make these inputs cheap, and a lost budget shows as a hang.
//!
//! `yaml.rs` keeps the reader's basic budget cases and `cli.rs` the contract's `-f -` cases;
//! this file covers the rest. The fuzz targets in `tests/fuzz/` search the same ground at
//! random (`.ci/fuzz`); what they find is pinned here.

use crate::cli::run;
use crate::support::{WEB, analyze, diagnostics, with_line};
use expect_test::{Expect, expect};
use stsplay::kubectl::Session;
use stsplay::playground::Playground;
use stsplay::share::{self, LinkError, Shared};
use stsplay::sim::{SimOptions, Simulation};
use stsplay::yaml::highlight;
use stsplay::{Input, Options};

/// The diagnostics of `text` (at most `MAX_SHOWN` lines, then how many there are in all).
#[track_caller]
fn check(text: &str, expected: Expect) {
    expected.assert_eq(&shown(&diagnostics(&analyze(text))));
}

const MAX_SHOWN: usize = 6;

fn shown(lines: &str) -> String {
    let all: Vec<&str> = lines.lines().collect();
    if all.len() <= MAX_SHOWN {
        return lines.to_string();
    }
    format!(
        "{}\n... {} lines in all\n",
        all[..MAX_SHOWN].join("\n"),
        all.len()
    )
}

/// The kubernetes.io example with its `replicas: 3` line replaced.
fn web_with(line: &str) -> String {
    with_line(WEB, "  replicas: 3 # by default is 1", line)
}

// --- YAML bombs, size and depth ---------------------------------------------------------------

#[test]
fn billion_laughs_in_block_style_is_refused_at_the_alias_that_overflows() {
    // Ten levels of ten aliases each: 10^10 nodes once expanded, 300 bytes written.
    let mut text = String::from("l0: &l0 lol\n");
    for i in 1..=9 {
        text.push_str(&format!("l{i}: &l{i}\n"));
        for _ in 0..10 {
            text.push_str(&format!("  - *l{}\n", i - 1));
        }
    }
    // The document after the bomb is still read.
    text.push_str("---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: after\n");
    check(
        &text,
        expect![[r#"
            54:5 error yaml-alias-bomb document contains excessive aliasing (an alias expands to more nodes than the document may hold)
            103:7 info kind-not-simulated ConfigMap "after" is accepted but not simulated: the playground models StatefulSets, their Services and Pods
        "#]],
    );
}

#[test]
fn merge_keys_and_aliases_inside_a_statefulset_are_budgeted_too() {
    // Anchors in the annotations (30,000 nodes, within the budget), expanded four times more
    // through a `<<` merge in the selector: the merge's alias is where the budget runs out.
    let mut anchors =
        String::from("    a0: &a0 {k0: v, k1: v, k2: v, k3: v, k4: v, k5: v, k6: v, k7: v}\n");
    for i in 1..=3 {
        anchors.push_str(&format!(
            "    a{i}: &a{i} [{}]\n",
            vec![format!("*a{}", i - 1); 12].join(", ")
        ));
    }
    let text = WEB
        .replace(
            "metadata:\n  name: web\n",
            &format!("metadata:\n  name: web\n  annotations:\n{anchors}"),
        )
        .replace(
            "    matchLabels:\n",
            "    matchLabels:\n      <<: [*a3, *a3, *a3, *a3]\n",
        );
    check(
        &text,
        expect![[r#"
            27:22 error yaml-alias-bomb document contains excessive aliasing (an alias expands to more nodes than the document may hold)
        "#]],
    );
}

#[test]
fn a_ten_megabyte_paste_is_refused_before_it_is_read() {
    let text = format!("{WEB}---\n# {}\n", "x".repeat(10 << 20));
    check(
        &text,
        expect![[r#"
            1:1 error input-too-large the input is 10486777 bytes; the limit is 3145728 bytes (the API server rejects larger requests: "request entity too large: limit is 3145728")
        "#]],
    );
}

#[test]
fn ten_thousand_levels_of_nesting_stop_at_the_depth_budget() {
    let n = 10_000;
    // Flow sequences and mappings inside a StatefulSet field: the error points at the
    // opening bracket one level too deep; the set is not planned.
    let flow = format!("{}{}", "[".repeat(n), "]".repeat(n));
    check(
        &WEB.replace(
            "  replicas: 3 # by default is 1",
            &format!("  replicas: {flow}"),
        ),
        expect![[r#"
            24:1011 error yaml-too-deep the document nests deeper than 1000 levels
        "#]],
    );
    let maps = format!("{}1{}", "{a: ".repeat(n), "}".repeat(n));
    check(
        &format!("a: {maps}\n"),
        expect![[r#"
            1:4000 error yaml-too-deep the document nests deeper than 1000 levels
        "#]],
    );
    // Block sequences nest on one line (`- - - x`).
    check(
        &format!("{}x\n", "- ".repeat(n)),
        expect![[r#"
            1:2001 error yaml-too-deep the document nests deeper than 1000 levels
        "#]],
    );
    // Block mappings need a line and an indent per level: 2,000 levels are 2 MB.
    let mut block = String::new();
    for i in 0..2_000 {
        block.push_str(&" ".repeat(i));
        block.push_str("a:\n");
    }
    check(
        &block,
        expect![[r#"
            1001:1001 error yaml-too-deep the document nests deeper than 1000 levels
        "#]],
    );
    // 10,000 levels of block mappings cannot be written within the size budget.
    assert!((0..n).map(|i| i + 3).sum::<usize>() > 3 << 20);
}

#[test]
fn ten_thousand_documents_each_get_their_own_located_error() {
    let text = "---\nname: x\n".repeat(10_000);
    let a = analyze(&text);
    assert_eq!(a.diagnostics.len(), 10_000);
    let last = a
        .diagnostics
        .last()
        .map(|d| (d.document, d.span.start.line, d.code));
    assert_eq!(last, Some((9_999, 20_000, "missing-kind")));
    check(
        &text,
        expect![[r#"
            2:1 error missing-kind kind not set
            4:1 error missing-kind kind not set
            6:1 error missing-kind kind not set
            8:1 error missing-kind kind not set
            10:1 error missing-kind kind not set
            12:1 error missing-kind kind not set
            ... 10000 lines in all
        "#]],
    );
}

#[test]
fn ten_thousand_statefulsets_are_all_planned() {
    let mut text = String::new();
    for i in 0..10_000 {
        text.push_str(&format!(
            "---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata: {{name: s{i}}}\nspec: {{selector: {{matchLabels: {{a: b}}}}, serviceName: s, template: {{metadata: {{labels: {{a: b}}}}, spec: {{containers: [{{name: c, image: i}}]}}}}}}\n"
        ));
    }
    let a = analyze(&text);
    assert!(!a.has_errors(), "{}", shown(&diagnostics(&a)));
    assert_eq!(a.plan.statefulsets.len(), 10_000);
    assert_eq!(a.plan.statefulsets[9_999].pods[0].name, "s9999-0");
}

// --- numbers at and beyond the API's limits ---------------------------------------------------

/// Diagnostics that are errors, and the plan's pod and claim names (first and last two).
#[track_caller]
fn check_numbers(text: &str, expected: Expect) {
    let a = analyze(text);
    let mut out: String = diagnostics(&a)
        .lines()
        .filter(|l| l.contains(" error "))
        .map(|l| format!("{l}\n"))
        .collect();
    for s in &a.plan.statefulsets {
        let names = |v: Vec<&str>| -> String {
            match v.len() {
                0..=4 => v.join(" "),
                n => format!("{} {} ... {} {} ({n})", v[0], v[1], v[n - 2], v[n - 1]),
            }
        };
        out.push_str(&format!(
            "replicas {} start {} partition {:?}: pods {}; claims {}{}\n",
            s.replicas,
            s.ordinals_start,
            s.partition,
            names(s.pods.iter().map(|p| p.name.as_str()).collect()),
            names(s.pvcs.iter().map(|p| p.name.as_str()).collect()),
            if s.truncated {
                " (listing truncated)"
            } else {
                ""
            }
        ));
    }
    expected.assert_eq(&out);
}

#[test]
fn replicas_at_and_beyond_int32() {
    check_numbers(
        &web_with("  replicas: 2147483647"),
        expect![[r#"
            replicas 2147483647 start 0 partition Some(0): pods web-0 web-1 ... web-9998 web-9999 (10000); claims www-web-0 www-web-1 ... www-web-9998 www-web-9999 (10000) (listing truncated)
        "#]],
    );
    check_numbers(
        &web_with("  replicas: 2147483648"),
        expect![[r#"
            24:13 error wrong-type spec.replicas: cannot unmarshal number 2147483648 into Go struct field StatefulSetSpec.spec.replicas of type int32
            replicas 1 start 0 partition Some(0): pods web-0; claims www-web-0
        "#]],
    );
    check_numbers(
        &web_with("  replicas: -1"),
        expect![[r#"
            24:13 error negative-replicas spec.replicas: Invalid value: -1: must be greater than or equal to 0
            replicas -1 start 0 partition Some(0): pods ; claims 
        "#]],
    );
    check_numbers(
        &web_with("  replicas: -9223372036854775808"),
        expect![[r#"
            24:13 error wrong-type spec.replicas: cannot unmarshal number -9223372036854775808 into Go struct field StatefulSetSpec.spec.replicas of type int32
            replicas 1 start 0 partition Some(0): pods web-0; claims www-web-0
        "#]],
    );
    check_numbers(
        &web_with("  replicas: 99999999999999999999999"),
        expect![[r#"
            24:13 error wrong-type spec.replicas: cannot unmarshal number 1e+23 into Go struct field StatefulSetSpec.spec.replicas of type int32
            replicas 1 start 0 partition Some(0): pods web-0; claims www-web-0
        "#]],
    );
}

#[test]
fn ordinals_start_near_the_int32_limits() {
    check_numbers(
        &web_with("  replicas: 3\n  ordinals:\n    start: 2147483647"),
        expect![[r#"
            replicas 3 start 2147483647 partition Some(0): pods web-2147483647 web-2147483648 web-2147483649; claims www-web-2147483647 www-web-2147483648 www-web-2147483649
        "#]],
    );
    check_numbers(
        &web_with("  replicas: 2147483647\n  ordinals:\n    start: 2147483647"),
        expect![[r#"
            replicas 2147483647 start 2147483647 partition Some(0): pods web-2147483647 web-2147483648 ... web-2147493645 web-2147493646 (10000); claims www-web-2147483647 www-web-2147483648 ... www-web-2147493645 www-web-2147493646 (10000) (listing truncated)
        "#]],
    );
    check_numbers(
        &web_with("  replicas: 3\n  ordinals:\n    start: 2147483648"),
        expect![[r#"
            26:12 error wrong-type spec.ordinals.start: cannot unmarshal number 2147483648 into Go struct field StatefulSetOrdinals.spec.ordinals.start of type int32
            replicas 3 start 0 partition Some(0): pods web-0 web-1 web-2; claims www-web-0 www-web-1 www-web-2
        "#]],
    );
    check_numbers(
        &web_with("  replicas: 3\n  ordinals:\n    start: -2147483648"),
        expect![[r#"
            26:12 error negative-ordinals-start spec.ordinals.start: Invalid value: -2147483648: must be greater than or equal to 0
            replicas 3 start 0 partition Some(0): pods web-0 web-1 web-2; claims www-web-0 www-web-1 www-web-2
        "#]],
    );
}

#[test]
fn huge_partitions() {
    let partition = |p: &str| {
        web_with(&format!(
            "  replicas: 3\n  updateStrategy:\n    rollingUpdate:\n      partition: {p}"
        ))
    };
    check_numbers(
        &partition("2147483647"),
        expect![[r#"
            replicas 3 start 0 partition Some(2147483647): pods web-0 web-1 web-2; claims www-web-0 www-web-1 www-web-2
        "#]],
    );
    check_numbers(
        &partition("2147483648"),
        expect![[r#"
            27:18 error wrong-type spec.updateStrategy.rollingUpdate.partition: cannot unmarshal number 2147483648 into Go struct field RollingUpdateStatefulSetStrategy.spec.updateStrategy.rollingUpdate.partition of type int32
            replicas 3 start 0 partition Some(0): pods web-0 web-1 web-2; claims www-web-0 www-web-1 www-web-2
        "#]],
    );
    check_numbers(
        &partition("-2147483648"),
        expect![[r#"
            27:18 error negative-partition spec.updateStrategy.rollingUpdate.partition: Invalid value: -2147483648: must be greater than or equal to 0
            replicas 3 start 0 partition Some(-2147483648): pods web-0 web-1 web-2; claims www-web-0 www-web-1 www-web-2
        "#]],
    );
    // A rolling update held by a partition beyond every ordinal replaces nothing.
    let old = analyze(&partition("2147483647"));
    let new = analyze(&partition("2147483647").replace("nginx-slim:0.24", "nginx-slim:0.27"));
    let diff = stsplay::update::check(&old, &new);
    assert_eq!(
        (diff.forbidden.len(), diff.restarts.len()),
        (0, 0),
        "{:?}",
        diff.restarts
    );
}

// --- markup and control characters ------------------------------------------------------------

#[test]
fn a_long_name_cut_inside_a_character_is_planned_not_a_panic() {
    // Found by the parse_validate fuzz target: a revision's name keeps the first 223 bytes of
    // the set's name, as Go cuts it, and byte 223 here falls inside "é". The set is invalid
    // (not simulated) but still planned.
    let name = format!("{}é{}", "a".repeat(222), "b".repeat(20));
    let text = WEB.replace("  name: web\n", &format!("  name: {name}\n"));
    let a = analyze(&text);
    assert!(
        diagnostics(&a).contains("metadata.name"),
        "the name is invalid"
    );
    let set = a.plan.statefulsets.first().expect("the set is planned");
    assert!(
        set.update_revision
            .starts_with(&format!("{}\u{fffd}-", "a".repeat(222))),
        "{}",
        set.update_revision
    );
}

#[test]
fn markup_and_control_characters_stay_text() {
    let script = "<script>alert(1)</script>";
    let text = WEB
        .replace("  name: web\n", &format!("  name: \"{script}\"\n"))
        .replace(
            "        app: nginx # has to match .spec.selector.matchLabels",
            "        app: nginx\n        x: \"\\\"><img src=x onerror=alert(1)>\"",
        )
        .replace(
            "      - name: nginx\n",
            "      - name: \"nginx\\a\\e[2J\\u202e\"\n",
        );
    let a = analyze(&text);
    let d = diagnostics(&a);
    // The diagnostics carry the hostile text as data, control characters quoted as Go does...
    assert!(d.contains(script), "{d}");
    let container: String = d
        .lines()
        .filter(|l| l.contains("containers[0].name"))
        .map(|l| format!("{l}\n"))
        .collect();
    expect![[r#"
        34:15 error container-name-invalid spec.template.spec.containers[0].name: Invalid value: "nginx\a\x1b[2J\u202e": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')
    "#]]
    .assert_eq(&container);
    check(
        &text,
        expect![[r#"
            10:11 error port-name-invalid spec.ports[0].name: Invalid value: "<script>alert(1)</script>": must be no more than 15 characters
            10:11 error port-name-invalid spec.ports[0].name: Invalid value: "<script>alert(1)</script>": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)
            18:9 error name-invalid metadata.name: Invalid value: "<script>alert(1)</script>": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')
            18:9 info no-pod-disruption-budget metadata.name: no PodDisruptionBudget in the manifests selects the pods of "<script>alert(1)</script>": a node drain may evict several replicas at once
            30:12 error label-value-invalid spec.template.labels: Invalid value: "\"><img src=x onerror=alert(1)>": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')
            31:5 info no-pod-anti-affinity spec.template.spec.affinity: 3 replicas with neither podAntiAffinity nor topologySpreadConstraints: the scheduler may put them all on one node, and losing that node loses every replica
            ... 11 lines in all
        "#]],
    );
    // ... and the page's colouring escapes all of it.
    let html = highlight::html(&text);
    assert!(
        !html.contains("<script") && !html.contains("<img"),
        "{html}"
    );
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    let mut escaped = String::new();
    for diag in &a.diagnostics {
        highlight::escape_into(&mut escaped, &diag.text());
    }
    assert!(
        !escaped.contains('<') && !escaped.contains('>'),
        "{escaped}"
    );
    // Raw control characters are not YAML: a located syntax error, as kubectl says it.
    check(
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: a\u{1b}[2Jb\n",
        expect![[r#"
            4:10 error yaml-syntax control characters are not allowed
        "#]],
    );
    check(
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: a\0b\n",
        expect![[r#"
            4:10 error yaml-syntax control characters are not allowed
        "#]],
    );
}

// --- kubectl-stsplay with files that are not manifests ----------------------------------------

/// A scratch directory for this test binary's files.
fn scratch(name: &str, bytes: &[u8]) -> String {
    let dir = std::env::temp_dir().join(format!("stsplay-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write scratch file");
    path.to_string_lossy().into_owned()
}

/// Runs `kubectl-stsplay ARGS` and shows exit code, stdout and stderr (the scratch directory
/// written as `$DIR`).
#[track_caller]
fn check_cli(args: &[&str], expected: Expect) {
    let r = run(args, b"");
    let dir = std::env::temp_dir()
        .join(format!("stsplay-hostile-{}", std::process::id()))
        .to_string_lossy()
        .into_owned();
    let out = format!(
        "exit {}\n--- stdout\n{}--- stderr\n{}",
        r.code,
        shown(&r.stdout),
        r.stderr
    );
    expected.assert_eq(&out.replace(&dir, "$DIR"));
}

#[test]
fn binary_and_non_utf8_files_get_a_located_error_and_exit_1() {
    let png = scratch("binary.bin", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0");
    check_cli(
        &["lint", "-f", &png],
        expect![[r#"
            exit 1
            --- stdout
            $DIR/binary.bin:1:1: error: the file is not UTF-8 text (byte 0x89); manifests must be UTF-8 YAML or JSON [not-utf8]
            1 error, 0 warnings, 0 infos
            --- stderr
        "#]],
    );
    check_cli(
        &["lint", "-f", &png, "-o", "json"],
        expect![[r#"
            exit 1
            --- stdout
            {"diagnostics":[{"code":"not-utf8","column":1,"document":0,"endColumn":1,"endLine":1,"field":"","file":"$DIR/binary.bin","line":1,"message":"the file is not UTF-8 text (byte 0x89); manifests must be UTF-8 YAML or JSON","severity":"error","source":"parse"}]}
            --- stderr
        "#]],
    );
    // UTF-16 (a byte-order mark) and Latin-1: the position of the first byte that is not UTF-8.
    let utf16 = scratch("utf16.yaml", b"\xff\xfea\0p\0i\0");
    let latin1 = scratch(
        "latin1.yaml",
        b"apiVersion: v1\nkind: Service\nmetadata:\n  name: caf\xe9\n",
    );
    check_cli(
        &["lint", "-f", &utf16, "-f", &latin1],
        expect![[r#"
            exit 1
            --- stdout
            $DIR/utf16.yaml:1:1: error: the file is not UTF-8 text (byte 0xff); manifests must be UTF-8 YAML or JSON [not-utf8]
            $DIR/latin1.yaml:4:12: error: the file is not UTF-8 text (byte 0xe9); manifests must be UTF-8 YAML or JSON [not-utf8]
            2 errors, 0 warnings, 0 infos
            --- stderr
        "#]],
    );
    // UTF-8, but NUL bytes: YAML refuses them, located.
    let nul = scratch("nul.yaml", b"apiVersion: v1\nkind: Service\0\0\n");
    check_cli(
        &["plan", "-f", &nul],
        expect![[r#"
            exit 1
            --- stdout
            $DIR/nul.yaml:2:14: error: control characters are not allowed [yaml-syntax]

            1 error, 0 warnings, 0 infos
            --- stderr
        "#]],
    );
    // Every subcommand reads files the same way.
    let web = scratch("web.yaml", WEB.as_bytes());
    check_cli(
        &["diff", "-f", &web, "-f", &png],
        expect![[r#"
            exit 1
            --- stdout
            $DIR/binary.bin:1:1: error: the file is not UTF-8 text (byte 0x89); manifests must be UTF-8 YAML or JSON [not-utf8]
            The API server would reject the new manifests (see the errors above); no pod would be replaced.
            --- stderr
        "#]],
    );
}

#[test]
fn unreadable_paths_are_usage_errors_exit_2() {
    let dir = std::env::temp_dir().join(format!("stsplay-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    let dir = dir.to_string_lossy().into_owned();
    check_cli(
        &["lint", "-f", &dir],
        expect![[r#"
            exit 2
            --- stdout
            --- stderr
            error: the path "$DIR" cannot be read: it is a directory
        "#]],
    );
}

#[test]
fn simulate_refuses_a_set_too_large_to_run() {
    let huge = scratch("huge.yaml", web_with("  replicas: 2147483647").as_bytes());
    check_cli(
        &["simulate", "-f", &huge],
        expect![[r#"
            exit 0
            --- stdout
            $DIR/huge.yaml:33:9: warning: spec.template.spec.containers[0]: container "nginx" has no readiness probe: the pod counts as Ready as soon as the container starts, so OrderedReady moves on, and the Service sends traffic, before the app can serve [no-readiness-probe]

                0.000s  step 0    create   Service/nginx
                0.000s            event    StatefulSet/web: Rejected: StatefulSet "web" asks for 2147483647 replicas; the playground simulates at most 10000 per StatefulSet (the API server would accept it)
                0.000s            settled

            ... 7 lines in all
            --- stderr
        "#]],
    );
}

// --- share links ------------------------------------------------------------------------------

/// A link to `state`, however odd (encoded without the checks `decode` makes).
fn link(state: &Shared) -> String {
    share::encode(state)
}

fn state() -> Shared {
    Shared {
        v: share::VERSION,
        text: WEB.into(),
        seed: 1,
        t: 10_000,
        speed: 1,
        ..Shared::default()
    }
}

#[track_caller]
fn check_link(fragment: &str, expected: Expect) {
    let got = match share::decode(fragment) {
        Ok(_) => "decoded\n".to_string(),
        Err(e) => format!("{e:?}\n{e}\n"),
    };
    expected.assert_eq(&got);
}

#[test]
fn malformed_share_links_say_what_is_wrong() {
    let good = link(&state());
    // Characters outside base64url, counted in characters (not bytes) from the data's start.
    check_link(
        &format!("s=é{}", &good[2..]),
        expect![[r#"
            BadCharacter(0, 'é')
            the link is damaged: "é" at position 1 of its data is not part of a share link
        "#]],
    );
    check_link(
        &format!("{}\n{}", &good[..40], &good[40..]),
        expect![[r#"
            BadCharacter(38, '\n')
            the link is damaged: "\n" at position 39 of its data is not part of a share link
        "#]],
    );
    check_link(
        &good.replace('-', "%2D").replacen("s=", "s=%3D", 1),
        expect![[r#"
            BadCharacter(0, '%')
            the link is damaged: "%" at position 1 of its data is not part of a share link
        "#]],
    );
    check_link(
        &format!("s={}", "\u{0}".repeat(3)),
        expect![[r#"
            BadCharacter(0, '\0')
            the link is damaged: "\x00" at position 1 of its data is not part of a share link
        "#]],
    );
    // Valid compression around JSON that is not a state, or nests beyond serde's limit.
    let packed = |json: &str| format!("s={}", share::base64url(&miniz_deflate(json.as_bytes())));
    check_link(
        &packed(r#"{"v":1,"text":5}"#),
        expect![[r#"
            BadData("`text` must be a string, not a number")
            the link's data is not a playground state: `text` must be a string, not a number
        "#]],
    );
    check_link(
        &packed(r#"{"v":1,"text":"","script":"<script>"}"#),
        expect![[r#"
            BadData("unknown field `script`")
            the link's data is not a playground state: unknown field `script`
        "#]],
    );
    check_link(
        &packed(&format!("{}{}", "[".repeat(100_000), "]".repeat(100_000))),
        expect![[r#"
            BadData("recursion limit exceeded at line 1 column 128")
            the link's data is not a playground state: recursion limit exceeded at line 1 column 128
        "#]],
    );
}

/// Raw DEFLATE with stored blocks (see playground.rs; no compressor needed).
fn miniz_deflate(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let chunks: Vec<&[u8]> = data.chunks(65_535).collect();
    for (i, c) in chunks.iter().enumerate() {
        out.push(u8::from(i + 1 == chunks.len()));
        let n = c.len() as u16;
        out.extend_from_slice(&n.to_le_bytes());
        out.extend_from_slice(&(!n).to_le_bytes());
        out.extend_from_slice(c);
    }
    out
}

#[test]
fn share_links_cannot_ask_for_unbounded_work() {
    // A cursor at the end of time would replay the world for ever.
    check_link(
        &link(&Shared {
            t: u64::MAX,
            ..state()
        }),
        expect![[r#"
            BadData("it points 18446744073709551615 ms into virtual time, beyond the 30 days (2592000000 ms) a playground runs")
            the link's data is not a playground state: it points 18446744073709551615 ms into virtual time, beyond the 30 days (2592000000 ms) a playground runs
        "#]],
    );
    check_link(
        &link(&Shared {
            journal: vec![(share::MAX_TIME + 1, "sleep 1".into())],
            ..state()
        }),
        expect![[r#"
            BadData("it points 2592000001 ms into virtual time, beyond the 30 days (2592000000 ms) a playground runs")
            the link's data is not a playground state: it points 2592000001 ms into virtual time, beyond the 30 days (2592000000 ms) a playground runs
        "#]],
    );
    check_link(
        &link(&Shared {
            journal: vec![(5_000, "sleep 1".into()), (4_000, "sleep 1".into())],
            ..state()
        }),
        expect![[r#"
            BadData("its journal goes back in time (a command at 4000 ms after one at 5000 ms)")
            the link's data is not a playground state: its journal goes back in time (a command at 4000 ms after one at 5000 ms)
        "#]],
    );
    check_link(
        &link(&Shared {
            journal: vec![(0, "sleep 1".into()); share::MAX_JOURNAL + 1],
            ..state()
        }),
        expect![[r#"
            BadData("its journal holds 5001 commands, more than the 5000 a link may replay")
            the link's data is not a playground state: its journal holds 5001 commands, more than the 5000 a link may replay
        "#]],
    );
    // At the limits, a link still opens.
    let at_limits = Shared {
        journal: vec![(share::MAX_TIME, "kubectl get pods".into())],
        t: share::MAX_TIME,
        ..state()
    };
    assert_eq!(share::decode(&link(&at_limits)), Ok(at_limits));
    // An oversized link is refused before anything is decoded.
    let huge = format!("s={}", "A".repeat(share::MAX_ENCODED + 1));
    assert_eq!(
        share::decode(&huge),
        Err(LinkError::TooLong(share::MAX_ENCODED + 3))
    );
}

// --- the playground and its terminal ----------------------------------------------------------

fn session() -> Session {
    let opts = Options::default();
    let a = stsplay::analyze(
        &[Input {
            name: "web.yaml",
            text: WEB,
        }],
        &opts,
    );
    let mut s = Session::new(Simulation::new(&a, &opts, &SimOptions::default()));
    s.files.insert("web.yaml".into(), WEB.into());
    s
}

/// Runs each line and shows what it printed and its exit code.
#[track_caller]
fn check_terminal(s: &mut Session, lines: &[&str], expected: Expect) {
    let mut out = String::new();
    for line in lines {
        let before = s.sim.world.now;
        let o = s.run(line);
        assert!(s.sim.world.now >= before, "{line}: time went back");
        out.push_str(&format!(
            "$ {}\n{}{}",
            line.chars().take(60).collect::<String>(),
            shown(&o.stdout()),
            o.stderr()
        ));
        if o.code != 0 {
            out.push_str(&format!("(exit status {})\n", o.code));
        }
    }
    expected.assert_eq(&out);
}

#[test]
fn a_playground_refuses_a_set_too_large_to_simulate() {
    let text = web_with("  replicas: 2147483647");
    let mut p = Playground::new(&text, 1, None, &Default::default());
    assert!(!p.analysis.has_errors(), "the API server accepts it");
    assert!(p.session.sim.world.sets.is_empty() && p.session.sim.world.pods.is_empty());
    expect![[r#"
        0.000s  step 0    create   Service/nginx
        0.000s            event    StatefulSet/web: Rejected: StatefulSet "web" asks for 2147483647 replicas; the playground simulates at most 10000 per StatefulSet (the API server would accept it)
    "#]]
    .assert_eq(
        &p.session
            .sim
            .text_lines(0)
            .iter()
            .map(|l| format!("{}\n", l.trim_start()))
            .collect::<String>(),
    );
    // The resource view says why the set is not there.
    assert_eq!(
        stsplay::playground::view::frame(&p.session.sim.world).refused,
        [
            "StatefulSet \"web\" asks for 2147483647 replicas; the playground simulates at most 10000 per StatefulSet (the API server would accept it)"
        ]
    );
    // The side-by-side view builds two more playgrounds of the same text.
    let parallel = Playground::new(&text, 1, Some("Parallel"), &Default::default());
    assert!(parallel.session.sim.world.pods.is_empty());
    check_terminal(
        &mut p.session,
        &["kubectl get sts", "kubectl apply -f manifest.yaml"],
        expect![[r#"
            $ kubectl get sts
            No resources found in default namespace.
            $ kubectl apply -f manifest.yaml
            service/nginx unchanged
            error: StatefulSet "web" asks for 2147483647 replicas; the playground simulates at most 10000 per StatefulSet (the API server would accept it)
            (exit status 1)
        "#]],
    );
    p.advance(60_000);
    assert!(p.session.sim.world.pods.is_empty());
    // The CLI's steps refuse the same way.
    let opts = Options::default();
    let mut sim = Simulation::new(&analyze(WEB), &opts, &SimOptions::default());
    let step = stsplay::sim::ops::parse_step("scale 2147483647").expect("a step");
    assert_eq!(
        sim.apply(&step),
        Err("error: StatefulSet \"web\" asks for 2147483647 replicas; the playground simulates at most 10000 per StatefulSet (the API server would accept it)".into())
    );
}

#[test]
fn absurd_terminal_commands_are_refused_with_a_reason() {
    let mut s = session();
    check_terminal(
        &mut s,
        &[
            "kubectl scale sts web --replicas=99999999999",
            "kubectl scale sts web --replicas=2147483647",
            "kubectl scale sts web --replicas=10001",
            "kubectl scale sts web --replicas=10000",
            "kubectl scale sts web --replicas=3",
            "kubectl scale sts web --replicas=-1",
            "kubectl patch sts web -p '{\"spec\":{\"replicas\":2147483647}}'",
            "kubectl get sts web -o jsonpath='{.spec.replicas}'",
        ],
        expect![[r#"
            $ kubectl scale sts web --replicas=99999999999
            The StatefulSet "web" is invalid: spec.replicas: cannot unmarshal number 99999999999 into Go struct field StatefulSetSpec.spec.replicas of type int32
            (exit status 1)
            $ kubectl scale sts web --replicas=2147483647
            error: StatefulSet "web" asks for 2147483647 replicas; the playground simulates at most 10000 per StatefulSet (the API server would accept it)
            (exit status 1)
            $ kubectl scale sts web --replicas=10001
            error: StatefulSet "web" asks for 10001 replicas; the playground simulates at most 10000 per StatefulSet (the API server would accept it)
            (exit status 1)
            $ kubectl scale sts web --replicas=10000
            statefulset.apps/web scaled
            $ kubectl scale sts web --replicas=3
            statefulset.apps/web scaled
            $ kubectl scale sts web --replicas=-1
            error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0
            (exit status 1)
            $ kubectl patch sts web -p '{"spec":{"replicas":2147483647}}'
            error: StatefulSet "web" asks for 2147483647 replicas; the playground simulates at most 10000 per StatefulSet (the API server would accept it)
            (exit status 1)
            $ kubectl get sts web -o jsonpath='{.spec.replicas}'
            3"#]],
    );
    check_terminal(
        &mut s,
        &[
            "sleep 99999999999",
            "sleep 604800h",
            "sleep 1e400",
            "sleep nan",
            "sleep -5",
            "date",
            "kubectl wait --for=condition=Ready pod/web-0 --timeout=99999999999s",
            "kubectl wait --for=condition=Ready pod/web-0 --timeout=soon",
            "kubectl rollout status sts/web --timeout=604800h",
            "kubectl wait --for=condition=Ready pod/web-0 --timeout=-1s",
            "date",
        ],
        expect![[r#"
            $ sleep 99999999999
            sleep: 99999999999 is longer than this terminal lets virtual time jump at once (at most 7 days: sleep 604800)
            (exit status 1)
            $ sleep 604800h
            sleep: 604800h is longer than this terminal lets virtual time jump at once (at most 7 days: sleep 604800)
            (exit status 1)
            $ sleep 1e400
            sleep: 1e400 is longer than this terminal lets virtual time jump at once (at most 7 days: sleep 604800)
            (exit status 1)
            $ sleep nan
            sleep: invalid time interval ‘nan’
            Try 'sleep --help' for more information.
            (exit status 1)
            $ sleep -5
            sleep: invalid time interval ‘-5’
            Try 'sleep --help' for more information.
            (exit status 1)
            $ date
            Mon, 05 May 2025 10:14:00 +0000
            $ kubectl wait --for=condition=Ready pod/web-0 --timeout=99999
            error: --timeout=99999999999s is longer than this terminal lets virtual time jump at once (at most 7 days: --timeout=168h)
            (exit status 1)
            $ kubectl wait --for=condition=Ready pod/web-0 --timeout=soon
            error: invalid argument "soon" for "--timeout" flag: time: invalid duration "soon"
            (exit status 1)
            $ kubectl rollout status sts/web --timeout=604800h
            error: --timeout=604800h is longer than this terminal lets virtual time jump at once (at most 7 days: --timeout=168h)
            (exit status 1)
            $ kubectl wait --for=condition=Ready pod/web-0 --timeout=-1s
            error: timed out waiting for the condition on pods/web-0
            (exit status 1)
            $ date
            Mon, 12 May 2025 10:14:00 +0000
        "#]],
    );
    check_terminal(
        &mut s,
        &[
            "kubectl get pods -o jsonpath='{'",
            "kubectl get pods -o jsonpath='{.items[99999999999999999999]}'",
            "kubectl get pods -o jsonpath='{range .items[*]}{range .items[*]}'",
            // Found by the command_parser fuzzer: a word that only starts with `-` is not a
            // cluster of curl's switches (it held an `s`, and the error went silent).
            "curl -@-image=busybox:2.2#8 nowhere",
            // Found by the command_parser fuzzer: sed named an unknown option by its second
            // byte, cut inside a character (a panic).
            "sed -\u{fffd}\u{fffd}i 's'a//b/g web.yaml",
            "awk '{print $1' -\u{fffd}",
            // An open `$(` or quote reads on (bash's `> `) until Ctrl-C drops it.
            "echo $(",
            stsplay::kubectl::INTERRUPT,
            "echo 'unterminated",
            stsplay::kubectl::INTERRUPT,
        ],
        expect![[r#"
            $ kubectl get pods -o jsonpath='{'
            error: error parsing jsonpath {, unclosed action
            (exit status 1)
            $ kubectl get pods -o jsonpath='{.items[99999999999999999999]}
            error: error parsing jsonpath {.items[99999999999999999999]}, unrecognized character in action: .items[99999999999999999999]
            (exit status 1)
            $ kubectl get pods -o jsonpath='{range .items[*]}{range .items
            error: error parsing jsonpath, range without end
            (exit status 1)
            $ curl -@-image=busybox:2.2#8 nowhere
            curl: (6) Could not resolve host: nowhere
            (exit status 6)
            $ sed -��i 's'a//b/g web.yaml
            sed: invalid option -- '�'
            Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...
            (exit status 1)
            $ awk '{print $1' -�
            awk: line 2: missing } near end of file
            (exit status 2)
            $ echo $(
            $ 
            $ echo 'unterminated
            $ 
        "#]],
    );
}

#[test]
fn deep_command_substitution_is_refused_before_the_stack_runs_out() {
    let mut s = session();
    let deep = |n: usize| format!("echo {}x{}", "$(echo ".repeat(n), ")".repeat(n));
    check_terminal(
        &mut s,
        &[&deep(32), &deep(33), &deep(100_000)],
        expect![[r#"
            $ echo $(echo $(echo $(echo $(echo $(echo $(echo $(echo $(echo
            x
            $ echo $(echo $(echo $(echo $(echo $(echo $(echo $(echo $(echo
            bash: command substitution nested deeper than 32 levels
            (exit status 1)
            $ echo $(echo $(echo $(echo $(echo $(echo $(echo $(echo $(echo
            bash: command substitution nested deeper than 32 levels
            (exit status 1)
        "#]],
    );
}

#[test]
fn huge_command_lines_are_bounded_work() {
    let mut s = session();
    let words = format!("echo {}", "a ".repeat(200_000));
    let pipes = format!("kubectl get pods{}", " | grep web".repeat(10_000));
    let commands = "kubectl get pods; ".repeat(1_000);
    let out = s.run(&words);
    assert_eq!((out.code, out.stdout().len()), (0, 400_000));
    let out = s.run(&pipes);
    assert_eq!(out.code, 0, "{}", out.stderr());
    let out = s.run(&commands);
    assert_eq!(out.code, 0, "{}", out.stderr());
}

// --- found by fuzzing (tests/fuzz) ------------------------------------------------------------

#[test]
fn sim_ops_a_change_waiting_for_the_controller_is_not_settled() {
    // sim_ops: `kubectl scale ... --replicas=0` on a settled world left the set dirty but no
    // timer pending, so `settled()` said nothing would change and the page stopped playing
    // with the pods still there.
    let lab = include_str!("../../static/scenarios/lab.yaml");
    let mut p = Playground::new(lab, 1, None, &Default::default());
    p.settle();
    assert!(p.settled());
    let out = p.exec("kubectl scale sts visits --replicas=0");
    assert_eq!(out.stdout(), "statefulset.apps/visits scaled\n");
    assert!(!p.settled(), "the controller has yet to act on the scale");
    assert_eq!(p.session.sim.next_change(), Some(p.now()));
    p.settle();
    assert!(p.settled());
    assert!(p.session.sim.world.pods.is_empty(), "every pod scaled away");
}

/// Renders a chart made of `files` (plus a Chart.yaml) as the playground does and returns its
/// template findings, `file:line:col code message` (messages cut at 160 characters).
fn chart_findings(files: &[(&str, &str)]) -> String {
    use stsplay::charts::{ChartSpec, analyze};
    let mut all: Vec<(String, String)> = vec![(
        "Chart.yaml".into(),
        "apiVersion: v2\nname: evil\nversion: 0.1.0\n".into(),
    )];
    all.extend(files.iter().map(|(p, t)| (p.to_string(), t.to_string())));
    let spec = ChartSpec {
        files: all,
        release: "r".into(),
        sets: String::new(),
        version: Default::default(),
    };
    // The page's stack is the browser's; natively a test thread's 2 MiB is too little for a
    // thousand nested includes in a debug build.
    let view = std::thread::Builder::new()
        .stack_size(1 << 30)
        .spawn(move || analyze(&spec, &Options::default()))
        .expect("thread")
        .join()
        .expect("no panic");
    let a = &view.analysis;
    a.diagnostics
        .iter()
        .filter(|d| d.severity == stsplay::diag::Severity::Error)
        .map(|d| {
            let m: String = d.message.chars().take(160).collect();
            format!(
                "{}:{}:{} {} {m}\n",
                a.manifests.files.get(d.file).map_or("?", String::as_str),
                d.span.start.line,
                d.span.start.column,
                d.code
            )
        })
        .collect()
}

#[test]
fn hostile_charts_end_with_a_located_error() {
    // An include that includes itself: helm's own limit, at the include.
    expect![[r#"
        templates/a.yaml:1:23 template-error template: evil/templates/a.yaml:1:56: executing "evil/templates/a.yaml" at <include "loop" .>: error calling include: template: evil/templates/a.yaml:1:22: exec
    "#]].assert_eq(&chart_findings(&[(
        "templates/a.yaml",
        "{{ define \"loop\" }}{{ include \"loop\" . }}{{ end }}x: {{ include \"loop\" . }}\n",
    )]));
    // Includes of distinct names nested past the engine's depth: placed at the innermost one.
    let mut chain = String::new();
    for i in 0..2100 {
        chain.push_str(&format!(
            "{{{{ define \"t{i}\" }}}}{{{{ include \"t{}\" . }}}}{{{{ end }}}}",
            i + 1
        ));
    }
    chain.push_str("{{ define \"t2100\" }}deep{{ end }}\nx: {{ include \"t0\" . }}\n");
    expect![[r#"
        templates/a.yaml:1:101703 template-error templates nested more than 2000 deep
    "#]]
    .assert_eq(&chart_findings(&[("templates/a.yaml", &chain)]));
    // A range over a huge `until`.
    expect![[r#"
        templates/a.yaml:2:11 template-error template: evil/templates/a.yaml:2:10: executing "evil/templates/a.yaml" at <until 2000000000>: error calling until: untilStep: too many numbers
    "#]].assert_eq(&chart_findings(&[(
        "templates/a.yaml",
        "x:\n{{- range until 2000000000 }}\n- {{ . }}\n{{- end }}\n",
    )]));
    // A range that writes without end: the output budget.
    expect![[r#"
        templates/a.yaml:1:58 template-error template: evil/templates/a.yaml:1:57: executing "evil/templates/a.yaml" at <"xxxxxxxxxxxxxxxx">: the output grew too large (over the rendering limit)
    "#]].assert_eq(&chart_findings(&[(
        "templates/a.yaml",
        "{{- range $i := until 1000000 }}{{ range until 1000000 }}xxxxxxxxxxxxxxxx{{ end }}{{ end }}\n",
    )]));
    // A values alias bomb.
    let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let p = i - 1;
        bomb.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    expect![[r#"
        values.yaml:1:1 template-error cannot load values.yaml: cannot unmarshal yaml document: error converting YAML to JSON: yaml: document contains excessive aliasing (an alias expands to more nod
    "#]].assert_eq(&chart_findings(&[
        ("values.yaml", &bomb),
        ("templates/a.yaml", "x: {{ len .Values.a11 }}\n"),
    ]));
    // A template of almost 3 MiB renders; above the API server's 3 MiB request limit, the
    // rendered document is refused at its template.
    let big = format!(
        "x: |\n{}",
        "  0123456789abcdef0123456789abcdef\n".repeat(89_000)
    );
    expect![[r#"
        templates/big.yaml:1:1 missing-kind kind not set
    "#]]
    .assert_eq(&chart_findings(&[("templates/big.yaml", &big)]));
    let big = format!(
        "x: |\n{}",
        "  0123456789abcdef0123456789abcdef\n".repeat(100_000)
    );
    expect![[r#"
        templates/big.yaml:1:1 template-error YAML parse error on evil/templates/big.yaml: error converting YAML to JSON: yaml: the input is 3500005 bytes; the limit is 3145728 bytes (the API server rejects
    "#]].assert_eq(&chart_findings(&[("templates/big.yaml", &big)]));
}

#[test]
fn a_tgz_bomb_is_refused() {
    // 64 MiB of zeros, gzipped to some 64 KB: twice what the loader inflates.
    let zeros = vec![0u8; 64 << 20];
    let gz = {
        let deflated = miniz_oxide::deflate::compress_to_vec(&zeros, 9);
        let mut gz = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3];
        gz.extend(deflated);
        gz.extend(0u32.to_le_bytes());
        gz.extend(((zeros.len() as u64 & 0xffff_ffff) as u32).to_le_bytes());
        gz
    };
    let err = stsplay::charts::from_archive(&gz).expect_err("a bomb is refused");
    expect!["decompressed chart is larger than the maximum size 33554432"].assert_eq(&err);
}

/// A Python one-liner nested without end, or cut anywhere, is refused or answered, never a
/// crash (the container's `python -c` subset, `kubectl::python`).
#[test]
fn python_one_liners_never_crash() {
    let mut s = session();
    let run =
        s.run("kubectl run py --image=python:3.12-slim --restart=Never --command -- sleep 3600");
    assert_eq!(run.code, 0, "{}", run.stderr());
    s.run("sleep 30");
    let deep = format!("print({}1{})", "[".repeat(5000), "]".repeat(5000));
    let program = "import socket, urllib.request as u, json; h = 'web-1.nginx'; print(socket.gethostbyname_ex(h), f'{{{h}}} {json.dumps([1])}', json.loads('{\"a\": [1, \"b\"]}')['a'][-1], b'x\\n', [1 for _ in range(3)], u.urlopen('http://web-0.nginx/').read()[0])";
    let mut inputs: Vec<String> = vec![deep];
    for i in 0..=program.len() {
        if program.is_char_boundary(i) {
            inputs.push(program[..i].to_string());
        }
    }
    let whole = s.run(&format!(
        "kubectl exec py -- python3 -c '{}'",
        program.replace('\'', "'\\''")
    ));
    assert_eq!(whole.code, 1, "{}{}", whole.stdout(), whole.stderr());
    for p in inputs {
        let o = s.run(&format!(
            "kubectl exec py -- python3 -c '{}'",
            p.replace('\'', "'\\''")
        ));
        assert!(o.code == 0 || o.code == 1, "{p}: exit {}", o.code);
    }
}

/// The shell's `test`, `printf`, `read` and loops on pasted walls of input: a bounded answer
/// (an error, or output no larger than a terminal shows), never a stack overflow, a gigabyte
/// of padding or a hang.
#[test]
fn shell_builtins_and_loops_stay_bounded() {
    let mut s = session();
    let parens = format!("[ {}x {}]", "'(' ".repeat(20_000), "')' ".repeat(20_000));
    let chain = format!("[ {} ]", vec!["a"; 20_000].join(" -o "));
    let wide = "printf '%999999999s|%.999999999f|%0999999999d' x 1 2".to_string();
    let endless = "while true; do printf '%s\\n' again; done".to_string();
    let nested = format!("{}true{}", "if true; then ".repeat(500), "; fi".repeat(500));
    for line in [parens, chain, wide, endless, nested] {
        let o = s.run(&line);
        let shown = o.stdout().len() + o.stderr().len();
        assert!(
            shown < 1 << 20,
            "{}: {shown} bytes",
            &line[..40.min(line.len())]
        );
    }
}
