//! Reading YAML with positions. Positions are 1-based; columns count characters.

use crate::support::{analyze, diagnostics};
use expect_test::{Expect, expect};

#[track_caller]
fn check(text: &str, expected: Expect) {
    expected.assert_eq(&diagnostics(&analyze(text)));
}

#[test]
fn syntax_error_is_located() {
    check(
        "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\n spec: x\n",
        expect![[r#"
            5:2 error yaml-syntax did not find expected key (while parsing a block mapping at line 1, column 1)
        "#]],
    );
    check(
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: a: b\n",
        expect![[r#"
            4:10 error yaml-syntax mapping values are not allowed in this context
        "#]],
    );
}

#[test]
fn documents_are_read_independently() {
    // A broken first document does not hide the second (kubectl splits at `---` lines).
    let text = "kind: [\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n";
    check(
        text,
        expect![[r#"
            2:1 error yaml-syntax did not find expected node content (while parsing a flow node)
            4:7 info kind-not-simulated ConfigMap "c" is accepted but not simulated: the playground models StatefulSets, their Services and Pods
        "#]],
    );
}

#[test]
fn bad_document_separator() {
    check(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n--- x\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n",
        expect![[r#"
            2:7 info kind-not-simulated ConfigMap "a" is accepted but not simulated: the playground models StatefulSets, their Services and Pods
            5:1 error yaml-syntax invalid Yaml document separator: x
            7:7 info kind-not-simulated ConfigMap "b" is accepted but not simulated: the playground models StatefulSets, their Services and Pods
        "#]],
    );
}

#[test]
fn empty_and_comment_only_input() {
    check("", expect![[""]]);
    check("# nothing here\n---\n---\n", expect![[""]]);
}

#[test]
fn missing_kind_and_api_version() {
    check(
        "metadata:\n  name: x\n",
        expect![[r#"
            1:1 error missing-kind kind not set
        "#]],
    );
    check(
        "kind: StatefulSet\nmetadata:\n  name: x\n",
        expect![[r#"
            1:1 error missing-api-version apiVersion not set
        "#]],
    );
    check(
        "apiVersion: apps/v1beta2\nkind: StatefulSet\nmetadata:\n  name: x\n",
        expect![[r#"
            1:13 error unknown-api-version resource mapping not found for name: "x": no matches for kind "StatefulSet" in version "apps/v1beta2" (StatefulSet is served as apps/v1)
        "#]],
    );
}

#[test]
fn alias_bomb_is_refused_quickly() {
    let mut text = String::from(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lol\ndata:\n  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (i, c) in ('b'..='i').enumerate() {
        let prev = (b'a' + i as u8) as char;
        text.push_str(&format!("  {c}: &{c} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
    }
    let a = analyze(&text);
    assert!(
        diagnostics(&a).contains("yaml-alias-bomb"),
        "{}",
        diagnostics(&a)
    );
}

#[test]
fn deep_nesting_is_refused() {
    let text = format!("a: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
    let d = diagnostics(&analyze(&text));
    assert!(d.contains("yaml-too-deep"), "{d}");
}

#[test]
fn oversized_input_is_refused() {
    let text = format!(
        "apiVersion: v1\nkind: ConfigMap\ndata:\n  a: \"{}\"\n",
        "x".repeat(4 * 1024 * 1024)
    );
    let d = diagnostics(&analyze(&text));
    assert!(d.starts_with("1:1 error input-too-large"), "{d}");
}
