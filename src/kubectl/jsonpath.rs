//! `kubectl get -o jsonpath=...` (client-go `util/jsonpath`), the forms people use: fields
//! (`.status.podIP`, `['app.kubernetes.io/name']`), indices and `[*]`, filters
//! (`[?(@.type=="Ready")]`), `range ... end`, and quoted literals (`{"\n"}`). Several results
//! of one expression print space-separated; maps and lists print as JSON; a missing key prints
//! nothing (kubectl's `--allow-missing-template-keys=true`).

use serde_json::Value;

#[derive(Clone, Debug, PartialEq)]
enum Step {
    Field(String),
    Index(i64),
    All,
    Filter {
        path: Vec<Step>,
        op: String,
        value: String,
    },
    Recursive(String),
}

#[derive(Clone, Debug, PartialEq)]
enum Part {
    Text(String),
    Expr(Vec<Step>),
    Range(Vec<Step>),
    End,
}

/// Parses a template; errors read like kubectl's.
fn parse(template: &str) -> Result<Vec<Part>, String> {
    let mut parts = Vec::new();
    let mut rest = template;
    while !rest.is_empty() {
        match rest.find('{') {
            None => {
                parts.push(Part::Text(rest.to_string()));
                break;
            }
            Some(i) => {
                if i > 0 {
                    parts.push(Part::Text(rest[..i].to_string()));
                }
                let after = &rest[i + 1..];
                let close = matching_close(after)
                    .ok_or_else(|| format!("error parsing jsonpath {template}, unclosed action"))?;
                let inner = after[..close].trim();
                parts.push(action(inner, template)?);
                rest = &after[close + 1..];
            }
        }
    }
    Ok(parts)
}

/// The `}` that closes an action, skipping quoted strings.
fn matching_close(s: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    let mut prev = ' ';
    for (i, c) in s.char_indices() {
        match quote {
            Some(q) if c == q && prev != '\\' => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '}' => return Some(i),
            None => {}
        }
        prev = c;
    }
    None
}

fn action(inner: &str, template: &str) -> Result<Part, String> {
    if inner == "end" {
        return Ok(Part::End);
    }
    if let Some(p) = inner.strip_prefix("range ") {
        return Ok(Part::Range(path(p.trim(), template)?));
    }
    if (inner.starts_with('"') && inner.ends_with('"') && inner.len() >= 2)
        || (inner.starts_with('\'') && inner.ends_with('\'') && inner.len() >= 2)
    {
        return Ok(Part::Text(unescape(&inner[1..inner.len() - 1])));
    }
    Ok(Part::Expr(path(inner, template)?))
}

fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('r') => out.push('\r'),
                Some(o) => out.push(o),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn path(p: &str, template: &str) -> Result<Vec<Step>, String> {
    let bad =
        || format!("error parsing jsonpath {template}, unrecognized character in action: {p}");
    let mut steps = Vec::new();
    let b = p.as_bytes();
    let mut i = 0;
    if b.first() == Some(&b'$') || b.first() == Some(&b'@') {
        i += 1;
    }
    while i < b.len() {
        match b[i] {
            b'.' if b.get(i + 1) == Some(&b'.') => {
                let start = i + 2;
                let mut j = start;
                while j < b.len() && b[j] != b'.' && b[j] != b'[' {
                    j += 1;
                }
                steps.push(Step::Recursive(p[start..j].to_string()));
                i = j;
            }
            b'.' => {
                let start = i + 1;
                let mut j = start;
                while j < b.len() && b[j] != b'.' && b[j] != b'[' {
                    j += 1;
                }
                if j > start {
                    steps.push(Step::Field(p[start..j].to_string()));
                }
                i = j;
            }
            b'[' => {
                let close = p[i..].find(']').map(|c| c + i).ok_or_else(bad)?;
                let inner = p[i + 1..close].trim();
                // A filter may contain ']' inside quotes; find the real end for `?(`.
                let (inner, close) = if inner.starts_with("?(") {
                    let end = p[i..].find(")]").map(|c| c + i + 1).ok_or_else(bad)?;
                    (p[i + 1..end].trim(), end)
                } else {
                    (inner, close)
                };
                if inner == "*" {
                    steps.push(Step::All);
                } else if let Some(f) = inner.strip_prefix("?(").and_then(|f| f.strip_suffix(')')) {
                    let ops = ["==", "!=", "<=", ">=", "<", ">"];
                    let (lhs, op, rhs) = ops
                        .iter()
                        .find_map(|op| {
                            f.split_once(op)
                                .map(|(l, r)| (l.trim(), op.to_string(), r.trim()))
                        })
                        .unwrap_or((f.trim(), "exists".to_string(), ""));
                    let value = rhs.trim_matches('"').trim_matches('\'').to_string();
                    steps.push(Step::Filter {
                        path: path(lhs, template)?,
                        op,
                        value,
                    });
                } else if (inner.starts_with('\'') && inner.ends_with('\''))
                    || (inner.starts_with('"') && inner.ends_with('"'))
                {
                    steps.push(Step::Field(inner[1..inner.len() - 1].to_string()));
                } else if let Ok(n) = inner.parse::<i64>() {
                    steps.push(Step::Index(n));
                } else if inner.contains(':') {
                    steps.push(Step::All);
                } else {
                    return Err(bad());
                }
                i = close + 1;
            }
            _ => {
                // A bare first field (`{metadata.name}` is accepted by kubectl).
                let start = i;
                let mut j = i;
                while j < b.len() && b[j] != b'.' && b[j] != b'[' {
                    j += 1;
                }
                steps.push(Step::Field(p[start..j].to_string()));
                i = j;
            }
        }
    }
    Ok(steps)
}

fn eval<'v>(v: &'v Value, steps: &[Step]) -> Vec<&'v Value> {
    let mut cur = vec![v];
    for s in steps {
        let mut next = Vec::new();
        for c in cur {
            match s {
                Step::Field(f) => {
                    if let Some(x) = c.get(f.as_str()) {
                        next.push(x);
                    }
                }
                Step::Index(i) => {
                    if let Some(a) = c.as_array() {
                        let idx = if *i < 0 { a.len() as i64 + i } else { *i };
                        if let Some(x) = usize::try_from(idx).ok().and_then(|i| a.get(i)) {
                            next.push(x);
                        }
                    }
                }
                Step::All => match c {
                    Value::Array(a) => next.extend(a.iter()),
                    Value::Object(m) => next.extend(m.values()),
                    _ => {}
                },
                Step::Filter { path, op, value } => {
                    if let Some(a) = c.as_array() {
                        for item in a {
                            let got = eval(item, path);
                            let keep = match op.as_str() {
                                "exists" => !got.is_empty(),
                                _ => got.iter().any(|g| compare(g, op, value)),
                            };
                            if keep {
                                next.push(item);
                            }
                        }
                    }
                }
                Step::Recursive(f) => collect(c, f, &mut next),
            }
        }
        cur = next;
    }
    cur
}

fn collect<'v>(v: &'v Value, field: &str, out: &mut Vec<&'v Value>) {
    match v {
        Value::Object(m) => {
            if let Some(x) = m.get(field) {
                out.push(x);
            }
            for x in m.values() {
                collect(x, field, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| collect(x, field, out)),
        _ => {}
    }
}

fn compare(v: &Value, op: &str, want: &str) -> bool {
    let text = plain(v);
    let num = crate::yaml::parse_float;
    match op {
        "==" => text == want,
        "!=" => text != want,
        _ => match (num(&text), num(want)) {
            (Some(a), Some(b)) => match op {
                "<" => a < b,
                ">" => a > b,
                "<=" => a <= b,
                ">=" => a >= b,
                _ => false,
            },
            _ => false,
        },
    }
}

/// How jsonpath prints one value: maps and lists as `json.Marshal` writes them
/// (client-go `JSONPath.PrintResults`), others as text; an explicit null as `null`
/// (`evalToText`: the field is there, its interface holds nil).
fn plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "null".to_string(),
        Value::Object(_) | Value::Array(_) => crate::go::json(v, None),
        other => other.to_string(),
    }
}

/// What the template's expressions find in `root`, in order (`JSONPath.FindResults`, as
/// kubectl's custom columns read it).
pub fn all(template: &str, root: &Value) -> Result<Vec<Value>, String> {
    let parts = parse(template)?;
    Ok(parts
        .iter()
        .flat_map(|p| match p {
            Part::Expr(steps) => eval(root, steps).into_iter().cloned().collect(),
            _ => Vec::new(),
        })
        .collect())
}

/// The first value the template's first expression finds in `root` (`JSONPath.FindResults`,
/// `[0][0]`, as kubectl's `--sort-by` reads it), or `None` when it finds nothing.
pub fn first(template: &str, root: &Value) -> Result<Option<Value>, String> {
    let parts = parse(template)?;
    Ok(parts
        .iter()
        .find_map(|p| match p {
            Part::Expr(steps) => Some(eval(root, steps).first().map(|v| (*v).clone())),
            _ => None,
        })
        .flatten())
}

/// Runs `template` against `root`.
pub fn execute(template: &str, root: &Value) -> Result<String, String> {
    let parts = parse(template)?;
    let mut out = String::new();
    run(&parts, root, &mut out)?;
    Ok(out)
}

fn run(parts: &[Part], v: &Value, out: &mut String) -> Result<(), String> {
    let mut i = 0;
    while i < parts.len() {
        match &parts[i] {
            Part::Text(t) => out.push_str(t),
            Part::Expr(steps) => {
                let got: Vec<String> = eval(v, steps).into_iter().map(plain).collect();
                out.push_str(&got.join(" "));
            }
            Part::Range(steps) => {
                // The body runs up to the matching `end`.
                let mut depth = 0;
                let mut j = i + 1;
                while j < parts.len() {
                    match parts[j] {
                        Part::Range(_) => depth += 1,
                        Part::End if depth == 0 => break,
                        Part::End => depth -= 1,
                        _ => {}
                    }
                    j += 1;
                }
                if j == parts.len() {
                    return Err("error parsing jsonpath, range without end".into());
                }
                for item in eval(v, steps) {
                    let items: Vec<&Value> = match item {
                        Value::Array(a) if matches!(steps.last(), Some(Step::Field(_))) => {
                            a.iter().collect()
                        }
                        other => vec![other],
                    };
                    for x in items {
                        run(&parts[i + 1..j], x, out)?;
                    }
                }
                i = j;
            }
            Part::End => return Err("error parsing jsonpath, not in range, nothing to end".into()),
        }
        i += 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn forms_people_use() {
        let pod = json!({"metadata": {"name": "web-0", "labels": {"app": "nginx"}}, "status": {"podIP": "10.244.0.5",
            "conditions": [{"type": "Ready", "status": "True"}, {"type": "PodScheduled", "status": "True"}]}});
        assert_eq!(execute("{.status.podIP}", &pod), Ok("10.244.0.5".into()));
        assert_eq!(
            execute("{.metadata.labels}", &pod),
            Ok("{\"app\":\"nginx\"}".into())
        );
        assert_eq!(
            execute("{.status.conditions[?(@.type==\"Ready\")].status}", &pod),
            Ok("True".into())
        );
        assert_eq!(execute("{.metadata.missing}", &pod), Ok(String::new()));
        let list = json!({"items": [pod.clone(), {"metadata": {"name": "web-1"}}]});
        assert_eq!(
            execute("{.items[*].metadata.name}", &list),
            Ok("web-0 web-1".into())
        );
        assert_eq!(
            execute("{range .items[*]}{.metadata.name}{\"\\n\"}{end}", &list),
            Ok("web-0\nweb-1\n".into())
        );
        assert_eq!(
            execute("{.metadata.labels['app']}", &pod),
            Ok("nginx".into())
        );
    }
}
