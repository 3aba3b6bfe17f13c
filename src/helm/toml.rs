//! Sprig's `toToml`: BurntSushi/toml's `Encoder` (encode.go) as helm 4.2 and 3.17 run it
//! (their copies differ in floats: helm 4's writes `1e+06`, helm 3's `1000000.0`).
//! Keys directly under a table come before its sub-tables, each group sorted; nil values are
//! skipped; a scalar or an array at the top is written as an element; what the encoder
//! refuses comes back as its error text, and a Go panic as an `Err` (the template fails).

use super::Version;
use crate::gotmpl::{Map, Value};

/// Why the encoder did not give a document.
pub enum Failure {
    /// An error `Encode` returns (`toToml` prints its text, `mustToToml` fails with it).
    Encode(String),
    /// A Go panic: the template fails.
    Panic(String),
}

/// `Encoder.Encode` of `v`.
pub fn encode(v: &Value, version: Version) -> Result<String, Failure> {
    if v.is_nil() {
        return Err(Failure::Panic(
            "reflect: call of reflect.Value.Type on zero Value".into(),
        ));
    }
    let mut e = Encoder {
        out: String::new(),
        written: false,
        version,
    };
    e.encode(&[], v, 0).map_err(Failure::Encode)?;
    Ok(e.out)
}

type Key<'a> = [&'a str];

struct Encoder {
    out: String,
    written: bool,
    version: Version,
}

/// Nesting beyond this is refused rather than followed (the values cannot be cyclic, but a
/// template can build deep ones).
const MAX_DEPTH: usize = 100;

impl Encoder {
    fn wf(&mut self, s: &str) {
        if !s.is_empty() {
            self.written = true;
        }
        self.out.push_str(s);
    }

    /// `newline`: only once something has been written.
    fn newline(&mut self) {
        if self.written {
            self.out.push('\n');
        }
    }

    fn encode(&mut self, key: &Key, v: &Value, depth: usize) -> Result<(), String> {
        if depth > MAX_DEPTH {
            return Err("toml: value nested too deeply".into());
        }
        match v {
            Value::Nil => Ok(()),
            Value::Map(m) if m.is_nil() => Ok(()),
            Value::Map(m) => self.table(key, m, depth),
            Value::List(l) if table_array(&l.items)? => {
                if key.is_empty() {
                    return Err("toml: top-level values must be Go maps or structs".into());
                }
                for item in &l.items {
                    let Value::Map(m) = item else { continue };
                    self.newline();
                    self.wf(&format!("{}[[{}]]", indent(key), key_text(key)));
                    self.newline();
                    self.map(key, m, false, depth + 1)?;
                }
                Ok(())
            }
            _ => self.key_value(key, v, false, depth),
        }
    }

    fn table(&mut self, key: &Key, m: &Map, depth: usize) -> Result<(), String> {
        if key.len() == 1 {
            // An extra newline between top-level tables.
            self.newline();
        }
        if !key.is_empty() {
            self.wf(&format!("{}[{}]", indent(key), key_text(key)));
            self.newline();
        }
        self.map(key, m, false, depth + 1)
    }

    fn map(&mut self, key: &Key, m: &Map, inline: bool, depth: usize) -> Result<(), String> {
        let entries = m.entries();
        let mut direct = Vec::new();
        let mut sub = Vec::new();
        for (k, v) in &entries {
            let is_table = match v {
                Value::Map(_) => true,
                Value::List(l) => table_array(&l.items)?,
                _ => false,
            };
            if is_table {
                sub.push((k.as_str(), v));
            } else {
                direct.push((k.as_str(), v));
            }
        }
        if inline {
            self.wf("{");
        }
        let trail = !sub.is_empty();
        for (group, trailing) in [(direct, trail), (sub, false)] {
            let n = group.len();
            for (i, (k, v)) in group.into_iter().enumerate() {
                if v.is_nil() || matches!(v, Value::Map(m) if m.is_nil()) {
                    continue;
                }
                if inline {
                    self.key_value(&[k], v, true, depth)?;
                    if trailing || i != n - 1 {
                        self.wf(", ");
                    }
                } else {
                    let mut next: Vec<&str> = key.to_vec();
                    next.push(k);
                    self.encode(&next, v, depth + 1)?;
                }
            }
        }
        if inline {
            self.wf("}");
        }
        Ok(())
    }

    fn key_value(
        &mut self,
        key: &Key,
        v: &Value,
        inline: bool,
        depth: usize,
    ) -> Result<(), String> {
        if let Some(last) = key.last() {
            self.wf(&format!("{}{} = ", indent(key), quoted_key(last)));
        }
        self.element(v, depth)?;
        if !key.is_empty() && !inline {
            self.newline();
        }
        Ok(())
    }

    fn element(&mut self, v: &Value, depth: usize) -> Result<(), String> {
        if depth > MAX_DEPTH {
            return Err("toml: value nested too deeply".into());
        }
        match v {
            Value::Bool(b) => self.wf(if *b { "true" } else { "false" }),
            Value::Int(i) | Value::Int64(i) => self.wf(&i.to_string()),
            Value::Float(f) => {
                let text = if f.is_nan() {
                    "nan".to_string()
                } else if f.is_infinite() {
                    if *f > 0.0 { "inf" } else { "-inf" }.to_string()
                } else {
                    let verb = match self.version {
                        Version::V4 => 'g',
                        Version::V3 => 'f',
                    };
                    // `floatAddDecimal`: a float always shows it is one.
                    let t = crate::go::format_float(*f, verb, -1);
                    if t.contains(['.', 'e']) {
                        t
                    } else {
                        format!("{t}.0")
                    }
                };
                self.wf(&text);
            }
            Value::Str(s) => self.wf(&quote(s)),
            Value::Bytes(b) => {
                let items: Vec<String> = b.iter().map(u8::to_string).collect();
                self.wf(&format!("[{}]", items.join(", ")));
            }
            Value::List(l) => {
                table_array(&l.items)?;
                self.wf("[");
                for (i, item) in l.items.iter().enumerate() {
                    self.element(item, depth + 1)?;
                    if i + 1 != l.items.len() {
                        self.wf(", ");
                    }
                }
                self.wf("]");
            }
            Value::Map(m) => self.map(&[], m, true, depth + 1)?,
            Value::Object(o) => self.wf(&quote(&o.print())),
            Value::Nil => {}
        }
        Ok(())
    }
}

/// `isTableArray`: a non-empty array of tables only; a nil element is refused.
fn table_array(items: &[Value]) -> Result<bool, String> {
    if items.iter().any(Value::is_nil) {
        return Err("toml: cannot encode array with nil element".into());
    }
    Ok(!items.is_empty() && items.iter().all(|x| matches!(x, Value::Map(_))))
}

/// Two spaces per level below the top.
fn indent(key: &Key) -> String {
    "  ".repeat(key.len().saturating_sub(1))
}

/// `Key.String()`: the parts, each bare or quoted, joined with dots.
fn key_text(key: &Key) -> String {
    key.iter()
        .map(|k| quoted_key(k))
        .collect::<Vec<_>>()
        .join(".")
}

/// `maybeQuoted`: a bare key when every character may be bare (`A-Za-z0-9_-`).
fn quoted_key(k: &str) -> String {
    if !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return k.to_string();
    }
    quote(k)
}

/// A basic string as `dblQuotedReplacer` writes it.
fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
