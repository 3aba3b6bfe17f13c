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

/// The fast reader (`src/yaml/fast.rs`) against libyaml, its oracle, on generated text:
/// manifests in block style with every construct the fast path reads and many it leaves to
/// libyaml (block scalars with chomping and indentation indicators, flow collections,
/// escapes, comments, odd indentation), then damaged at random so that both sides of each
/// of its checks are taken. Each text is read both ways; the trees, spans and errors must
/// be the same.
#[test]
fn the_fast_reader_agrees_with_libyaml() {
    let limits = stsplay::yaml::Limits::default();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut fast_path = 0;
    for case in 0..12_000 {
        let mut text = String::new();
        let indent = 1 + rng.below(4);
        gen_map(&mut rng, &mut text, 0, indent, 0);
        if case % 3 == 1 {
            damage(&mut rng, &mut text);
        }
        if rng.below(4) == 0 {
            text.pop();
        }
        let fast = stsplay::yaml::parse(&text, &limits);
        let slow = stsplay::yaml::parse_by_libyaml(&text, &limits);
        assert_eq!(
            format!("{fast:?}"),
            format!("{slow:?}"),
            "case {case}: the readers disagree on {text:?}"
        );
        if slow.errors.is_empty() {
            fast_path += 1;
        }
    }
    // About half the generated texts read without error: the comparison covers the fast path.
    assert!(fast_path > 5000, "{fast_path}");
}

struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const WORDS: &[&str] = &[
    "web",
    "nginx:1.27",
    "yes",
    "No",
    "0777",
    "0x1F",
    "1_000",
    "1e3",
    "-1",
    "+2.",
    ".5",
    "~",
    "null",
    "",
    "a b",
    "a#b",
    "50%",
    "http://x/y",
    "-",
    "--flag",
    "true",
    "8Gi",
    "0.5",
    ".inf",
    "a:b",
    "<<",
    "1.0",
    "on",
    "x ",
    "é",
];

fn scalar(rng: &mut Rng) -> String {
    match rng.below(9) {
        0 => format!(
            "'{}'",
            rng.pick(&["it''s", "a: b", "", " lead", "#c", "- x", "\\n"])
        ),
        1 => format!(
            "\"{}\"",
            rng.pick(&[
                "a\\tb",
                "\\u003c&\\u003e",
                "\\x41",
                "q\\\"",
                "",
                "\\/",
                "\\N",
                "\\uD800",
                "a: b"
            ])
        ),
        2 => format!(
            "[{}]",
            rng.pick(&[
                "",
                "a, b",
                "\"x\", 'y'",
                "1, [2, 3]",
                "a:b, c",
                "a b ,c",
                "a,",
                "{k: v}",
                "x: y"
            ])
        ),
        3 => format!(
            "{{{}}}",
            rng.pick(&[
                "",
                "a: 1",
                "\"a\":1,\"b\":[1,null]",
                "a: {b: c}",
                "a:1",
                "a: ",
                "a: b,"
            ])
        ),
        _ => rng.pick(WORDS).to_string(),
    }
}

fn comment(rng: &mut Rng) -> &'static str {
    if rng.below(30) == 0 {
        return "#x";
    }
    rng.pick(&["", "", "", " # note", "  #", " "])
}

fn pad(text: &mut String, n: usize) {
    text.extend(std::iter::repeat_n(' ', n));
}

fn gen_value(rng: &mut Rng, text: &mut String, col: usize, step: usize, depth: usize) {
    match rng.below(if depth > 2 { 3 } else { 8 }) {
        0 | 1 => text.push_str(&format!(" {}{}\n", scalar(rng), comment(rng))),
        2 => {
            let header = if rng.below(8) == 0 {
                rng.pick(&["|2", "|1-", ">+1", "|0"])
            } else {
                rng.pick(&["|", "|-", "|+", ">", ">-", ">+"])
            };
            text.push_str(&format!(" {header}{}\n", comment(rng)));
            let inner = col + step + rng.below(2);
            for line in 0..1 + rng.below(4) {
                match rng.below(if line == 0 { 5 } else { 6 }) {
                    0 => text.push('\n'),
                    1 => {
                        pad(text, rng.below(inner + 3));
                        text.push('\n');
                    }
                    5 => {
                        pad(text, inner + 1 + rng.below(2));
                        text.push_str("more\n");
                    }
                    _ => {
                        pad(text, inner);
                        text.push_str(rng.pick(&["line", "# not a comment", "a: b", "x  y"]));
                        text.push('\n');
                    }
                }
            }
        }
        3 | 4 => {
            text.push_str(comment(rng));
            text.push('\n');
            gen_map(rng, text, col + step, step, depth + 1);
        }
        _ => {
            text.push_str(comment(rng));
            text.push('\n');
            // Indentless (at the key's column) or indented.
            let at = if rng.below(2) == 0 { col } else { col + step };
            gen_seq(rng, text, at, step, depth + 1);
        }
    }
}

fn gen_map(rng: &mut Rng, text: &mut String, col: usize, step: usize, depth: usize) {
    for _ in 0..1 + rng.below(4) {
        if rng.below(6) == 0 {
            pad(text, rng.below(col + 2));
            text.push_str(rng.pick(&["", "# comment", "   "]));
            text.push('\n');
        }
        pad(text, col);
        gen_key_and_value(rng, text, col, step, depth);
    }
}

fn gen_key_and_value(rng: &mut Rng, text: &mut String, col: usize, step: usize, depth: usize) {
    let key = match rng.below(12) {
        0 => scalar(rng),
        _ => rng
            .pick(&[
                "name",
                "image",
                "replicas",
                "app.kubernetes.io/name",
                "x y",
                "1",
                "true",
                "k",
            ])
            .to_string(),
    };
    text.push_str(&key);
    text.push(':');
    gen_value(rng, text, col, step, depth);
}

fn gen_seq(rng: &mut Rng, text: &mut String, col: usize, step: usize, depth: usize) {
    for _ in 0..1 + rng.below(3) {
        pad(text, col);
        text.push('-');
        match rng.below(5) {
            0 => {
                // A compact mapping: `- key: value`, its other keys under the first.
                text.push(' ');
                gen_key_and_value(rng, text, col + 2, step, depth + 1);
                if rng.below(2) == 0 {
                    pad(text, col + 2);
                    gen_key_and_value(rng, text, col + 2, step, depth + 1);
                }
            }
            1 => {
                text.push_str(comment(rng));
                text.push('\n');
                if rng.below(3) > 0 {
                    gen_map(rng, text, col + step, step, depth + 1);
                }
            }
            2 if depth < 4 => {
                text.push(' ');
                gen_seq_inline(rng, text, col + 2, step, depth + 1);
            }
            _ => gen_value(rng, text, col, step, depth + 1),
        }
    }
}

fn gen_seq_inline(rng: &mut Rng, text: &mut String, col: usize, step: usize, depth: usize) {
    // `- - a`: the first entry on the line, the others at its column.
    text.push('-');
    gen_value(rng, text, col, step, depth);
    if rng.below(2) == 0 {
        pad(text, col);
        text.push('-');
        gen_value(rng, text, col, step, depth);
    }
}

/// Inserts, deletes or replaces a few bytes (never inside a multi-byte character).
fn damage(rng: &mut Rng, text: &mut String) {
    for _ in 0..1 + rng.below(3) {
        let mut at = rng.below(text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let piece = rng.pick(&[
            " ", "\n", ":", "-", "#", "'", "\"", "|", ">", "[", "]", "{", "}", ",", "a", "  ",
            "&x", "*x", "!t", "? ", "\t", "...", "%",
        ]);
        match rng.below(3) {
            0 => text.insert_str(at, piece),
            1 => {
                let mut end = (at + 1).min(text.len());
                while !text.is_char_boundary(end) {
                    end += 1;
                }
                text.replace_range(at..end, "");
            }
            _ => {
                let mut end = (at + 1).min(text.len());
                while !text.is_char_boundary(end) {
                    end += 1;
                }
                text.replace_range(at..end, piece);
            }
        }
    }
}

/// Floats read as Go's strconv reads them, correctly rounded, for the numbers manifests and
/// values hold: up to 15 significant digits (16 when they fit 2^53) and a power of ten within
/// ±22, written as integers, decimals or with an exponent, against the standard library's
/// exact parser. (Past that, the reader is serde_json's, which may be one ulp off: the exact
/// parser would cost the first load 11 KB.)
#[test]
fn floats_read_correctly_rounded() {
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut wrong = Vec::new();
    let mut texts = vec![
        "3333333333333333e-16".to_string(),
        "0.1".into(),
        "1.50".into(),
    ];
    for _ in 0..20_000 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let digits = 1 + (x % 15) as u32;
        let m = (x >> 8) % 10u64.pow(digits);
        let e = ((x >> 40) % 45) as i32 - 22;
        let sign = if x & 1 == 1 { "-" } else { "" };
        texts.push(format!("{sign}{m}e{e}"));
        let s = m.to_string();
        if e < 0 && (-e as usize) < s.len() {
            let (a, b) = s.split_at(s.len() - (-e) as usize);
            texts.push(format!("{sign}{a}.{b}"));
            texts.push(format!("{sign}{a}.{b}000"));
        }
    }
    for text in texts {
        let ours = stsplay::yaml::parse_float(&text);
        let exact = text.parse::<f64>().ok();
        if ours != exact {
            wrong.push(format!("{text}: {ours:?} against {exact:?}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} wrong, first: {:?}",
        wrong.len(),
        &wrong[..wrong.len().min(5)]
    );
}
