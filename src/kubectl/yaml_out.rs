//! `kubectl get -o yaml`: JSON objects written as go-yaml v2 writes them (sigs.k8s.io/yaml):
//! keys sorted, two-space indentation, sequences not indented under their key, strings that
//! would read as another type double-quoted, strings plain YAML cannot carry single-quoted,
//! multi-line strings as `|` blocks, and long plain strings folded at 80 columns.

use serde_json::Value;

const WIDTH: usize = 80;

/// The YAML document for `v` (ending with a newline).
pub fn to_yaml(v: &Value) -> String {
    let mut out = String::new();
    match v {
        Value::Object(m) if !m.is_empty() => map(&mut out, v, 0),
        Value::Array(a) if !a.is_empty() => seq(&mut out, v, 0),
        other => {
            out.push_str(&scalar(other, 0, 0));
            out.push('\n');
        }
    }
    out
}

fn map(out: &mut String, v: &Value, indent: usize) {
    let Value::Object(m) = v else { return };
    let mut first = true;
    for (k, val) in m {
        if !first || !out.ends_with("- ") {
            pad(out, indent);
        }
        first = false;
        let key = key_text(k);
        out.push_str(&key);
        out.push(':');
        value(out, val, indent, indent + key.chars().count() + 2);
    }
}

/// Writes the value of a mapping entry whose key sits at `indent`.
fn value(out: &mut String, val: &Value, indent: usize, column: usize) {
    match val {
        Value::Object(m) if !m.is_empty() => {
            out.push('\n');
            map(out, val, indent + 2);
        }
        Value::Array(a) if !a.is_empty() => {
            out.push('\n');
            seq(out, val, indent);
        }
        Value::String(s) if s.contains('\n') => {
            out.push_str(&block(s, indent + 2));
        }
        other => {
            out.push(' ');
            out.push_str(&scalar(other, indent + 2, column));
            out.push('\n');
        }
    }
}

fn seq(out: &mut String, v: &Value, indent: usize) {
    let Value::Array(a) = v else { return };
    for item in a {
        if !out.ends_with("- ") {
            pad(out, indent);
        }
        out.push_str("- ");
        match item {
            Value::Object(m) if !m.is_empty() => map(out, item, indent + 2),
            Value::Array(x) if !x.is_empty() => seq(out, item, indent + 2),
            Value::String(s) if s.contains('\n') => {
                out.pop();
                out.push_str(&block(s, indent + 2));
            }
            other => {
                out.push_str(&scalar(other, indent + 2, indent + 2));
                out.push('\n');
            }
        }
    }
}

fn pad(out: &mut String, n: usize) {
    for _ in 0..n {
        out.push(' ');
    }
}

fn key_text(k: &str) -> String {
    scalar(&Value::String(k.to_string()), 0, 0)
}

/// A `|` block for a multi-line string (`|-` when it does not end with a newline).
fn block(s: &str, indent: usize) -> String {
    let chomp = if s.ends_with('\n') { "" } else { "-" };
    let mut out = format!(" |{chomp}\n");
    for line in s.trim_end_matches('\n').split('\n') {
        if !line.is_empty() {
            pad(&mut out, indent);
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Would go-yaml v2 read this plain scalar as something other than a string?
fn resolves_to_non_string(s: &str) -> bool {
    !matches!(crate::yaml::resolve_plain(s), crate::yaml::Value::Str(_))
        || looks_like_timestamp(s)
        || is_base60(s)
}

/// go-yaml v2 resolves `2001-12-14`-style plain scalars as timestamps, so it quotes them.
fn looks_like_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
}

/// YAML 1.1 sexagesimal floats (`1:20`), which go-yaml quotes.
fn is_base60(s: &str) -> bool {
    let t = s.trim_start_matches(['-', '+']);
    t.contains(':')
        && !t.starts_with(':')
        && t.split(':')
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit() || c == '.'))
}

/// libyaml's `yaml_emitter_analyze_scalar`, for block context: may it be written plain?
fn plain_allowed(s: &str) -> bool {
    if s.is_empty() || s.starts_with(' ') || s.ends_with(' ') {
        return false;
    }
    let first = s.as_bytes()[0];
    if b"#,[]{}&*!|>'\"%@`".contains(&first) {
        return false;
    }
    let second_blank = s.as_bytes().get(1).is_none_or(|c| *c == b' ');
    if matches!(first, b'-' | b'?' | b':') && second_blank {
        return false;
    }
    if s.contains(": ") || s.contains(" #") || s.ends_with(':') || s.contains('\t') {
        return false;
    }
    !s.chars().any(|c| c.is_control() || c == '\u{feff}')
}

fn double_quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\x{:02X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Folds `text` at spaces once past 80 columns, continuing at `indent` (libyaml's
/// `write_plain`/`write_single_quoted` with the default best width).
fn fold(text: &str, indent: usize, column: usize) -> String {
    let mut out = String::new();
    let mut col = column;
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next_is_space = chars.get(i + 1).is_some_and(|n| *n == ' ');
        let prev_is_space = i > 0 && chars[i - 1] == ' ';
        if c == ' ' && col > WIDTH && !next_is_space && !prev_is_space && i + 1 < chars.len() {
            out.push('\n');
            for _ in 0..indent {
                out.push(' ');
            }
            col = indent;
        } else {
            out.push(c);
            col += 1;
        }
        i += 1;
    }
    out
}

/// A scalar written at `column`, continued at `indent` when folded.
fn scalar(v: &Value, indent: usize, column: usize) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => {
            if resolves_to_non_string(s) {
                double_quoted(s)
            } else if plain_allowed(s) {
                fold(s, indent, column)
            } else if s.chars().any(|c| c.is_control()) {
                double_quoted(s)
            } else {
                format!("'{}'", fold(&s.replace('\'', "''"), indent, column + 1))
            }
        }
        Value::Array(_) => "[]".into(),
        Value::Object(_) => "{}".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn writes_like_go_yaml() {
        let v = json!({
            "metadata": {"name": "web-0", "resourceVersion": "1234", "creationTimestamp": "2025-05-05T10:14:03Z", "labels": {"app": "nginx"}},
            "spec": {"containers": [{"name": "nginx", "ports": [{"containerPort": 80}], "args": ["--a", "*"]}], "empty": {}, "list": []},
            "status": {"message": "containers with unready status: [nginx]", "on": "yes", "phase": "Running"}
        });
        assert_eq!(
            to_yaml(&v),
            "metadata:\n  creationTimestamp: \"2025-05-05T10:14:03Z\"\n  labels:\n    app: nginx\n  name: web-0\n  resourceVersion: \"1234\"\nspec:\n  containers:\n  - args:\n    - --a\n    - '*'\n    name: nginx\n    ports:\n    - containerPort: 80\n  empty: {}\n  list: []\nstatus:\n  message: 'containers with unready status: [nginx]'\n  \"on\": \"yes\"\n  phase: Running\n"
        );
    }

    #[test]
    fn multiline_and_long_strings() {
        let v = json!({"a": "line1\nline2\n", "b": "x".repeat(10) + &" word".repeat(20)});
        let y = to_yaml(&v);
        assert!(
            y.starts_with("a: |\n  line1\n  line2\nb: xxxxxxxxxx word"),
            "{y}"
        );
        assert!(y.contains("\n  word"), "folded: {y}");
    }
}
