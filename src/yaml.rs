//! YAML text to a tree of positioned nodes, the way kubectl reads manifests: the text is split
//! into documents at `---` lines (k8s.io/apimachinery `YAMLReader`), each document is parsed by
//! libyaml (the engine go-yaml ports, so syntax errors read the same), and plain scalars are
//! resolved with go-yaml v2's YAML 1.1 rules (`yes` is a bool, `0777` an octal int).
//!
//! Hostile input is bounded: total size, nesting depth and alias expansion all have budgets,
//! and exceeding one is an ordinary located error. Parsing never panics and never fails as a
//! whole: it returns whatever documents it could read plus their errors.

pub mod emit;
mod fast;
pub mod highlight;
mod libyaml;
pub mod zero;

use crate::diag::{Pos, Span};
use std::collections::HashMap;
use std::rc::Rc;

/// A YAML value with the span of its text.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: Value,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<Entry>),
}

/// One `key: value` pair; keys are strings, as after Kubernetes' YAML-to-JSON conversion.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_span: Span,
    pub value: Node,
}

impl Node {
    pub fn new(value: Value, span: Span) -> Node {
        Node { value, span }
    }
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_map(&self) -> Option<&[Entry]> {
        match &self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }
    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(s) => Some(s),
            _ => None,
        }
    }
    /// The entry for `key` in a mapping (the last one, as JSON decoding keeps the last).
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.as_map()?.iter().rev().find(|e| e.key == key)
    }
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }
    pub fn get_str(&self, key: &str) -> Option<&str> {
        self.get(key)?.as_str()
    }
    /// The node at `path` (mapping keys), if every step exists.
    pub fn at(&self, path: &[&str]) -> Option<&Node> {
        let mut n = self;
        for k in path {
            n = n.get(k)?;
        }
        Some(n)
    }
    pub fn str_at(&self, path: &[&str]) -> Option<&str> {
        self.at(path)?.as_str()
    }
    pub fn as_int(&self) -> Option<i64> {
        match self.value {
            Value::Int(i) => Some(i),
            _ => None,
        }
    }
    pub fn int_at(&self, path: &[&str]) -> Option<i64> {
        self.at(path)?.as_int()
    }
    pub fn bool_at(&self, path: &[&str]) -> Option<bool> {
        match self.at(path)?.value {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }
    /// The sequence at `path`, or an empty slice.
    pub fn seq_at(&self, path: &[&str]) -> &[Node] {
        self.at(path).and_then(Node::as_seq).unwrap_or(&[])
    }
    /// A `map[string]string` at `path` (non-string values are skipped).
    pub fn str_map_at(&self, path: &[&str]) -> std::collections::BTreeMap<String, String> {
        crate::sort::to_map(
            self.at(path)
                .and_then(Node::as_map)
                .unwrap_or(&[])
                .iter()
                .filter_map(|e| Some((e.key.clone(), e.value.as_str()?.to_string()))),
        )
    }
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Node> {
        match &mut self.value {
            Value::Map(m) => m
                .iter_mut()
                .rev()
                .find(|e| e.key == key)
                .map(|e| &mut e.value),
            _ => None,
        }
    }
    /// Sets `key` (replacing an existing value); a non-mapping becomes an empty mapping first.
    /// New nodes take this node's span, so diagnostics about defaults point at the parent.
    pub fn set(&mut self, key: &str, value: Value) {
        let span = self.span;
        if !matches!(self.value, Value::Map(_)) {
            self.value = Value::Map(Vec::new());
        }
        if let Value::Map(m) = &mut self.value {
            match m.iter().rposition(|e| e.key == key) {
                Some(i) => m[i].value.value = value,
                None => m.push(Entry {
                    key: key.to_string(),
                    key_span: span,
                    value: Node::new(value, span),
                }),
            }
        }
    }
    /// Sets `key` unless it is present and not null.
    pub fn set_default(&mut self, key: &str, value: Value) {
        if self.get(key).is_none_or(|n| n.value == Value::Null) {
            self.set(key, value);
        }
    }
    /// The mapping at `key`, created empty when absent or not a mapping. `None` only when
    /// this node cannot hold keys, which `set` rules out.
    pub fn map_mut(&mut self, key: &str) -> Option<&mut Node> {
        if !self
            .get(key)
            .is_some_and(|n| matches!(n.value, Value::Map(_)))
        {
            self.set(key, Value::Map(Vec::new()));
        }
        self.get_mut(key)
    }
    /// The JSON type name Go's decoder uses in "cannot unmarshal X into ..." messages.
    pub fn json_type(&self) -> &'static str {
        match self.value {
            Value::Null => "null",
            Value::Bool(_) => "bool",
            Value::Int(_) | Value::Float(_) => "number",
            Value::Str(_) => "string",
            Value::Seq(_) => "array",
            Value::Map(_) => "object",
        }
    }
    /// A tree from JSON; every node gets `span` (for objects made by patches and steps).
    pub fn from_json(v: &serde_json::Value, span: Span) -> Node {
        use serde_json::Value as J;
        let value = match v {
            J::Null => Value::Null,
            J::Bool(b) => Value::Bool(*b),
            J::Number(n) => match n.as_i64() {
                Some(i) => Value::Int(i),
                None => Value::Float(n.as_f64().unwrap_or(0.0)),
            },
            J::String(s) => Value::Str(s.clone()),
            J::Array(items) => Value::Seq(items.iter().map(|i| Node::from_json(i, span)).collect()),
            J::Object(m) => Value::Map(
                m.iter()
                    .map(|(k, v)| Entry {
                        key: k.clone(),
                        key_span: span,
                        value: Node::from_json(v, span),
                    })
                    .collect(),
            ),
        };
        Node::new(value, span)
    }
    /// The node as JSON (for patches and `-o json`). Depth is bounded by the reader.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.value {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Int(i) => J::from(*i),
            Value::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
            Value::Str(s) => J::String(s.clone()),
            Value::Seq(items) => J::Array(items.iter().map(Node::to_json).collect()),
            Value::Map(entries) => {
                let mut m = serde_json::Map::new();
                for e in entries {
                    m.insert(e.key.clone(), e.value.to_json());
                }
                J::Object(m)
            }
        }
    }
}

/// One YAML document of an input text.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// 0-based among the non-empty documents of the text.
    pub index: usize,
    /// `None` when the document could not be read at all (see the errors).
    pub root: Option<Node>,
    /// Where the document starts (for diagnostics about the whole document).
    pub span: Span,
}

/// A problem found while reading YAML.
#[derive(Clone, Debug, PartialEq)]
pub struct YamlError {
    /// Index of the document it belongs to.
    pub document: usize,
    pub code: &'static str,
    pub message: String,
    pub span: Span,
}

/// Budgets that keep hostile input cheap.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Largest input accepted, in bytes (the API server refuses requests above 3 MiB).
    pub max_bytes: usize,
    /// Deepest nesting of sequences and mappings.
    pub max_depth: usize,
    /// Nodes a document may hold after alias expansion, beyond ten per node written.
    pub alias_budget: usize,
}

/// The API server's limit on one request (`request entity too large: limit is 3145728`): no
/// manifest larger than this can be applied, so the parser refuses it unread.
pub const MAX_INPUT_BYTES: usize = 3 * 1024 * 1024;

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_bytes: MAX_INPUT_BYTES,
            max_depth: 1000,
            alias_budget: 100_000,
        }
    }
}

/// The result of reading one text: its documents and everything that went wrong.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Parsed {
    pub documents: Vec<Document>,
    pub errors: Vec<YamlError>,
}

/// Reads every document of `text`.
pub fn parse(text: &str, limits: &Limits) -> Parsed {
    parse_with(text, limits, read_chunk)
}

/// `parse` with libyaml alone, without the fast path: the oracle the tests and the benchmark
/// compare it with.
pub fn parse_by_libyaml(text: &str, limits: &Limits) -> Parsed {
    parse_with(text, limits, read_chunk_libyaml)
}

fn parse_with(
    text: &str,
    limits: &Limits,
    read_chunk: fn(&str, u32, &Limits, &mut Parsed),
) -> Parsed {
    let mut out = Parsed::default();
    if text.len() > limits.max_bytes {
        out.errors.push(YamlError {
            document: 0,
            code: "input-too-large",
            message: format!(
                "the input is {} bytes; the limit is {} bytes (the API server rejects larger requests: \"request entity too large: limit is {}\")",
                text.len(),
                limits.max_bytes,
                limits.max_bytes
            ),
            span: Span::at(1, 1),
        });
        return out;
    }
    for chunk in split_documents(text) {
        if let Some((message, line)) = chunk.bad_separator {
            out.errors.push(YamlError {
                document: out.documents.len(),
                code: "yaml-syntax",
                message,
                span: Span::at(line, 1),
            });
        }
        if chunk.text.trim().is_empty() {
            continue;
        }
        read_chunk(chunk.text, chunk.first_line - 1, limits, &mut out);
    }
    out
}

struct Chunk<'a> {
    text: &'a str,
    /// 1-based line of the chunk's first line in the whole text.
    first_line: u32,
    /// A malformed `---` line before this chunk: message and its line.
    bad_separator: Option<(String, u32)>,
}

/// apimachinery's `YAMLReader.Read`, call after call: each non-empty document, until a
/// malformed separator (`---xyz`), whose error ends the reading (the document before it is
/// lost with it, as there). Helm reads values files and rendered templates with it.
pub fn reader_documents(text: &str) -> Vec<Result<&str, String>> {
    let chunks = split_documents(text);
    let mut out = Vec::new();
    for (i, c) in chunks.iter().enumerate() {
        if let Some((message, _)) = chunks.get(i + 1).and_then(|n| n.bad_separator.as_ref()) {
            out.push(Err(message.clone()));
            break;
        }
        if !c.text.is_empty() {
            out.push(Ok(c.text));
        }
    }
    out
}

/// Splits at lines that start with `---` and carry nothing else but a comment, as
/// apimachinery's `YAMLReader` does; other `---xyz` lines are reported and split too.
fn split_documents(text: &str) -> Vec<Chunk<'_>> {
    let mut chunks = Vec::new();
    let mut start = 0usize;
    let mut start_line = 1u32;
    let mut offset = 0usize;
    let mut pending_bad: Option<(String, u32)> = None;
    for (line_no, line) in (1u32..).zip(text.split_inclusive('\n')) {
        if let Some(rest) = line.strip_prefix("---") {
            let trimmed = rest.trim();
            let bad = if !trimmed.is_empty() && !trimmed.starts_with('#') {
                Some((
                    format!("invalid Yaml document separator: {trimmed}"),
                    line_no,
                ))
            } else {
                None
            };
            chunks.push(Chunk {
                text: &text[start..offset],
                first_line: start_line,
                bad_separator: pending_bad.take(),
            });
            pending_bad = bad;
            start = offset + line.len();
            start_line = line_no + 1;
        }
        offset += line.len();
    }
    chunks.push(Chunk {
        text: &text[start..],
        first_line: start_line,
        bad_separator: pending_bad,
    });
    chunks
}

/// A decimal floating-point number (`1.5`, `-.5`, `+2.`, `6e23`; no `inf`/`nan`), parsed by
/// serde_json's number reader: `str::parse::<f64>` would bring 10 KB of tables into the
/// browser bundle for the same answers.
pub fn parse_float(s: &str) -> Option<f64> {
    let s = s.trim();
    let (neg, body) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let (mantissa, exp) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], &body[i..]),
        None => (body, ""),
    };
    if mantissa.is_empty() || !mantissa.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return None;
    }
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if frac.contains('.') || (int.is_empty() && frac.is_empty()) {
        return None;
    }
    let exp = if exp.is_empty() {
        String::new()
    } else {
        let digits = exp[1..].trim_start_matches(['+', '-']);
        if digits.is_empty()
            || exp.len() - digits.len() > 2
            || !digits.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        exp.replacen("e+", "e", 1).replacen("E+", "e", 1)
    };
    // No digit more than the text has: serde_json's parse is exact while the digits fit 2^53
    // and the power of ten 10^22, and a `.0` added to sixteen digits would leave that path
    // (3333333333333333e-16 read one ulp low).
    let frac = frac.trim_end_matches('0');
    let json = format!(
        "{}{}{}{frac}{exp}",
        if neg { "-" } else { "" },
        if int.is_empty() {
            "0"
        } else {
            int.trim_start_matches('0').max("0")
        },
        if frac.is_empty() { "" } else { "." },
    );
    // The syntax is valid here, so the only failure left is a magnitude beyond f64.
    Some(serde_json::from_str::<f64>(&json).unwrap_or(if neg {
        f64::NEG_INFINITY
    } else {
        f64::INFINITY
    }))
}

/// A float as Go's `encoding/json` writes it (what a YAML float becomes on its way to the API
/// server): shortest digits, `1.5`, `100`, `1e+21`, `1e-7`. The digits come from serde_json's
/// shortest-representation printer; `format!("{f}")` would add Rust's float formatting code
/// to the browser bundle and print `1e21` as twenty-two digits.
pub fn format_float(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf" } else { "-Inf" }.into();
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0" } else { "0" }.into();
    }
    let text = serde_json::to_string(&f).unwrap_or_default();
    let (neg, text) = match text.strip_prefix('-') {
        Some(t) => (true, t),
        None => (false, text.as_str()),
    };
    let (mantissa, exp10) = match text.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.parse::<i32>().unwrap_or(0)),
        None => (text, 0),
    };
    let point = mantissa.find('.').unwrap_or(mantissa.len()) as i32;
    let all: String = mantissa.chars().filter(|c| *c != '.').collect();
    let lead = all.len() - all.trim_start_matches('0').len();
    let digits = all.trim_start_matches('0').trim_end_matches('0');
    // The decimal point sits after `dp` digits of `digits`.
    let dp = point - lead as i32 + exp10;
    let n = digits.len() as i32;
    let abs = f.abs();
    let mut out = String::from(if neg { "-" } else { "" });
    if !(1e-6..1e21).contains(&abs) {
        out.push_str(&digits[..1]);
        if n > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        let e = dp - 1;
        // encoding/json writes e-7, not e-07; positive exponents keep two digits.
        if e < 0 {
            out.push_str(&format!("e-{}", -e));
        } else {
            out.push_str(&format!("e+{e:02}"));
        }
    } else if dp <= 0 {
        out.push_str("0.");
        out.push_str(&"0".repeat((-dp) as usize));
        out.push_str(digits);
    } else if dp >= n {
        out.push_str(digits);
        out.push_str(&"0".repeat((dp - n) as usize));
    } else {
        out.push_str(&digits[..dp as usize]);
        out.push('.');
        out.push_str(&digits[dp as usize..]);
    }
    out
}

/// The text of the first document of `text`, which is all go-yaml v2's `Unmarshal` reads: up to
/// the end of its `...` marker, or the whole text (also when it does not read: the error is
/// then the first document's).
pub fn first_document(text: &str) -> &str {
    let mut reader = libyaml::Reader::new(text);
    let mut depth = 0usize;
    loop {
        match reader.next() {
            Err(_) | Ok((libyaml::Event::StreamEnd, _, _)) => return text,
            Ok((libyaml::Event::DocumentEnd, _, end)) if depth == 0 => {
                // Line and column (in characters) to a byte offset.
                let mut at = 0;
                for (i, line) in text.split_inclusive('\n').enumerate() {
                    if i == end.line as usize {
                        at += line
                            .char_indices()
                            .nth(end.column as usize)
                            .map_or(line.len(), |(b, _)| b);
                        break;
                    }
                    at += line.len();
                }
                return &text[..at.min(text.len())];
            }
            Ok((
                libyaml::Event::SequenceStart { .. } | libyaml::Event::MappingStart { .. },
                _,
                _,
            )) => depth += 1,
            Ok((libyaml::Event::SequenceEnd | libyaml::Event::MappingEnd, _, _)) => {
                depth = depth.saturating_sub(1)
            }
            Ok(_) => {}
        }
    }
}

/// The first syntax error in the first document of `text`, worded as go-yaml v2 words it
/// (`yaml: line 3: mapping values are not allowed in this context`), or `None` if the
/// document reads. Helm reports these through sigs.k8s.io/yaml.
pub fn go_syntax_error(text: &str) -> Option<String> {
    let mut reader = libyaml::Reader::new(text);
    let mut depth = 0usize;
    loop {
        match reader.next() {
            Err(e) => return Some(e.go),
            Ok((libyaml::Event::StreamEnd, _, _)) => return None,
            Ok((libyaml::Event::DocumentEnd, _, _)) if depth == 0 => return None,
            Ok((
                libyaml::Event::SequenceStart { .. } | libyaml::Event::MappingStart { .. },
                _,
                _,
            )) => depth += 1,
            Ok((libyaml::Event::SequenceEnd | libyaml::Event::MappingEnd, _, _)) => {
                depth = depth.saturating_sub(1)
            }
            Ok(_) => {}
        }
    }
}

/// Scalar resolution of go-yaml v2 (`resolve.go`) for plain scalars (a string stays the one
/// the reader made).
pub fn resolve_plain(s: String) -> Value {
    plain_non_string(&s).unwrap_or(Value::Str(s))
}

/// What a plain scalar resolves to when it is not a string (`resolve_plain`), without copying
/// it: null, a boolean, an integer or a float.
pub fn plain_non_string(s: &str) -> Option<Value> {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Some(Value::Null),
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            return Some(Value::Bool(true));
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            return Some(Value::Bool(false));
        }
        ".nan" | ".NaN" | ".NAN" => return Some(Value::Float(f64::NAN)),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Some(Value::Float(f64::INFINITY));
        }
        "-.inf" | "-.Inf" | "-.INF" => return Some(Value::Float(f64::NEG_INFINITY)),
        _ => {}
    }
    let first = s.as_bytes()[0];
    if !(first.is_ascii_digit() || first == b'+' || first == b'-' || first == b'.') {
        return None;
    }
    let plain: std::borrow::Cow<str> = if s.contains('_') {
        s.chars().filter(|&c| c != '_').collect::<String>().into()
    } else {
        s.into()
    };
    if let Some(i) = parse_go_int(&plain) {
        return Some(Value::Int(i));
    }
    if is_yaml_float(&plain)
        && let Some(f) = parse_float(&plain).filter(|f| f.is_finite())
    {
        return Some(Value::Float(f));
    }
    if let Some(rest) = plain.strip_prefix("0b")
        && let Ok(i) = i64::from_str_radix(rest, 2)
    {
        return Some(Value::Int(i));
    }
    if let Some(rest) = plain.strip_prefix("-0b")
        && let Ok(i) = i64::from_str_radix(rest, 2)
    {
        return Some(Value::Int(-i));
    }
    None
}

/// `strconv.ParseInt(s, 0, 64)`, with `ParseUint` falling back to a float for huge values.
fn parse_go_int(s: &str) -> Option<i64> {
    let (neg, body) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    if body.is_empty() {
        return None;
    }
    let (radix, digits) =
        if let Some(h) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
            (16, h)
        } else if let Some(o) = body.strip_prefix("0o").or_else(|| body.strip_prefix("0O")) {
            (8, o)
        } else if let Some(b) = body.strip_prefix("0b").or_else(|| body.strip_prefix("0B")) {
            (2, b)
        } else if body.len() > 1 && body.starts_with('0') {
            (8, &body[1..])
        } else {
            (10, body)
        };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let v = i128::from_str_radix(digits, radix).ok()?;
    let v = if neg { -v } else { v };
    i64::try_from(v).ok()
}

/// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
fn is_yaml_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
        i += 1;
    }
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    if i < b.len() && b[i] == b'.' {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if i < b.len() && b[i] == b'.' {
            i += 1;
            digits(&mut i);
        }
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// Formats a resolved scalar key the way YAML-to-JSON conversion does.
fn key_string(v: &Value) -> Option<String> {
    Some(match v {
        Value::Str(s) => s.clone(),
        Value::Int(i) => i.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Float(f) => format_float(*f),
        Value::Null => "null".to_string(),
        Value::Seq(_) | Value::Map(_) => return None,
    })
}

enum Frame {
    Seq {
        items: Vec<Node>,
        start: Pos,
        anchor: Option<String>,
    },
    Map {
        entries: Vec<Entry>,
        key: Option<(String, Span, bool)>,
        start: Pos,
        anchor: Option<String>,
        merges: Vec<Node>,
    },
}

struct Builder<'l> {
    stack: Vec<Frame>,
    anchors: HashMap<String, (Rc<Node>, usize)>,
    /// Nodes created so far, aliases counted at their expanded size.
    nodes: usize,
    budget: usize,
    limits: &'l Limits,
}

enum Step {
    Continue,
    /// The document is finished, with this root.
    Done(Node),
}

impl Builder<'_> {
    fn count(node: &Node) -> usize {
        match &node.value {
            Value::Seq(items) => 1 + items.iter().map(Builder::count).sum::<usize>(),
            Value::Map(entries) => {
                1 + entries
                    .iter()
                    .map(|e| 1 + Builder::count(&e.value))
                    .sum::<usize>()
            }
            _ => 1,
        }
    }

    /// Attaches a finished node to its parent frame.
    fn attach(&mut self, node: Node, plain_merge_key: bool) -> Result<Step, (String, Span)> {
        match self.stack.last_mut() {
            None => Ok(Step::Done(node)),
            Some(Frame::Seq { items, .. }) => {
                items.push(node);
                Ok(Step::Continue)
            }
            Some(Frame::Map {
                entries,
                key,
                merges,
                ..
            }) => match key.take() {
                None => match key_string(&node.value) {
                    Some(k) => {
                        *key = Some((k, node.span, plain_merge_key));
                        Ok(Step::Continue)
                    }
                    None => Err((
                        "invalid map key: a key must be a scalar, not a sequence or mapping".into(),
                        node.span,
                    )),
                },
                Some((k, key_span, is_merge)) => {
                    if is_merge && k == "<<" {
                        merges.push(node);
                    } else {
                        entries.push(Entry {
                            key: k,
                            key_span,
                            value: node,
                        });
                    }
                    Ok(Step::Continue)
                }
            },
        }
    }

    fn remember(&mut self, anchor: Option<String>, node: &Node) {
        if let Some(a) = anchor {
            let size = Builder::count(node);
            self.anchors.insert(a, (Rc::new(node.clone()), size));
        }
    }
}

/// Applies `<<` merge keys: entries of the merged mappings that the mapping lacks.
fn apply_merges(entries: &mut Vec<Entry>, merges: Vec<Node>) -> Result<(), (String, Span)> {
    for m in merges {
        let sources: Vec<Node> = match m.value {
            Value::Map(_) => vec![m],
            Value::Seq(items) => items,
            _ => {
                return Err((
                    "map merge requires map or sequence of maps as the value".into(),
                    m.span,
                ));
            }
        };
        for s in sources {
            let span = s.span;
            let Value::Map(src) = s.value else {
                return Err((
                    "map merge requires map or sequence of maps as the value".into(),
                    span,
                ));
            };
            for e in src {
                if !entries.iter().any(|x| x.key == e.key) {
                    entries.push(e);
                }
            }
        }
    }
    Ok(())
}

/// Reads one chunk: by the fast path when the text keeps to its subset (`fast.rs`), else by
/// libyaml. Debug builds read what the fast path accepts with libyaml too, and assert that
/// both give the same documents.
fn read_chunk(text: &str, line_offset: u32, limits: &Limits, out: &mut Parsed) {
    let Some(doc) = fast::read(text, line_offset, limits) else {
        read_chunk_libyaml(text, line_offset, limits, out);
        return;
    };
    let doc = doc
        .filter(|(root, _)| root.value != Value::Null)
        .map(|(root, start)| Document {
            index: out.documents.len(),
            root: Some(root),
            span: Span::new(start, start),
        });
    #[cfg(debug_assertions)]
    {
        let mut oracle = Parsed::default();
        read_chunk_libyaml(text, line_offset, limits, &mut oracle);
        let trees = |docs: &[Document]| -> Vec<String> {
            // Debug strings: a `.nan` is not equal to itself.
            docs.iter()
                .map(|d| format!("{:?} {:?}", d.span, d.root))
                .collect()
        };
        debug_assert_eq!(
            (trees(&oracle.documents), oracle.errors.len()),
            (trees(doc.as_slice()), 0),
            "the fast YAML reader disagrees with libyaml on {text:?}"
        );
    }
    out.documents.extend(doc);
}

fn read_chunk_libyaml(text: &str, line_offset: u32, limits: &Limits, out: &mut Parsed) {
    use libyaml::{Event, Reader};
    let pos = |m: libyaml::Mark| Pos::new(line_offset + m.line + 1, m.column + 1);
    let mut reader = Reader::new(text);
    let mut builder = Builder {
        stack: Vec::new(),
        anchors: HashMap::new(),
        nodes: 0,
        budget: limits.alias_budget,
        limits,
    };
    let mut doc_start = Pos::new(line_offset + 1, 1);
    let mut in_document = false;
    loop {
        let (event, start, end) = match reader.next() {
            Ok(e) => e,
            Err(err) => {
                let document = out.documents.len();
                let span = Span::at(line_offset + err.mark.line + 1, err.mark.column + 1);
                out.errors.push(YamlError {
                    document,
                    code: "yaml-syntax",
                    message: err.message,
                    span,
                });
                if in_document {
                    out.documents.push(Document {
                        index: document,
                        root: None,
                        span: Span::new(doc_start, doc_start),
                    });
                }
                return;
            }
        };
        let span = Span::new(pos(start), pos(end));
        let result: Result<Step, (String, Span, &'static str)> = match event {
            Event::StreamStart | Event::DocumentEnd => Ok(Step::Continue),
            Event::StreamEnd => return,
            Event::DocumentStart => {
                in_document = true;
                doc_start = span.start;
                builder.anchors.clear();
                builder.nodes = 0;
                builder.budget = limits.alias_budget;
                Ok(Step::Continue)
            }
            Event::Scalar {
                value,
                anchor,
                tag,
                plain,
            } => {
                builder.nodes += 1;
                builder.budget += 10;
                let resolved = match tag.as_deref() {
                    Some("tag:yaml.org,2002:str") => Value::Str(value),
                    Some("tag:yaml.org,2002:null") => Value::Null,
                    Some("tag:yaml.org,2002:int")
                    | Some("tag:yaml.org,2002:float")
                    | Some("tag:yaml.org,2002:bool") => resolve_plain(value),
                    _ if plain => resolve_plain(value),
                    _ => Value::Str(value),
                };
                let is_merge = plain && matches!(&resolved, Value::Str(s) if s == "<<");
                let node = Node::new(resolved, span);
                builder.remember(anchor, &node);
                builder
                    .attach(node, is_merge)
                    .map_err(|(m, s)| (m, s, "yaml-syntax"))
            }
            Event::Alias(name) => match builder.anchors.get(&name) {
                None => Err((
                    format!("unknown anchor '{name}' referenced"),
                    span,
                    "yaml-syntax",
                )),
                Some((node, size)) => {
                    builder.nodes += size;
                    if builder.nodes > builder.budget {
                        Err((
                            "document contains excessive aliasing (an alias expands to more nodes than the document may hold)".into(),
                            span,
                            "yaml-alias-bomb",
                        ))
                    } else {
                        let node = (**node).clone();
                        builder
                            .attach(node, false)
                            .map_err(|(m, s)| (m, s, "yaml-syntax"))
                    }
                }
            },
            Event::SequenceStart { anchor } | Event::MappingStart { anchor }
                if builder.stack.len() >= limits.max_depth =>
            {
                let _ = anchor;
                Err((
                    format!(
                        "the document nests deeper than {} levels",
                        builder.limits.max_depth
                    ),
                    span,
                    "yaml-too-deep",
                ))
            }
            Event::SequenceStart { anchor } => {
                builder.nodes += 1;
                builder.budget += 10;
                builder.stack.push(Frame::Seq {
                    items: Vec::new(),
                    start: span.start,
                    anchor,
                });
                Ok(Step::Continue)
            }
            Event::MappingStart { anchor } => {
                builder.nodes += 1;
                builder.budget += 10;
                builder.stack.push(Frame::Map {
                    entries: Vec::new(),
                    key: None,
                    start: span.start,
                    anchor,
                    merges: Vec::new(),
                });
                Ok(Step::Continue)
            }
            Event::SequenceEnd | Event::MappingEnd => match builder.stack.pop() {
                Some(Frame::Seq {
                    items,
                    start,
                    anchor,
                }) => {
                    let node = Node::new(Value::Seq(items), Span::new(start, span.end));
                    builder.remember(anchor, &node);
                    builder
                        .attach(node, false)
                        .map_err(|(m, s)| (m, s, "yaml-syntax"))
                }
                Some(Frame::Map {
                    mut entries,
                    start,
                    anchor,
                    merges,
                    ..
                }) => match apply_merges(&mut entries, merges) {
                    Err((m, s)) => Err((m, s, "yaml-syntax")),
                    Ok(()) => {
                        let node = Node::new(Value::Map(entries), Span::new(start, span.end));
                        builder.remember(anchor, &node);
                        builder
                            .attach(node, false)
                            .map_err(|(m, s)| (m, s, "yaml-syntax"))
                    }
                },
                None => Ok(Step::Continue),
            },
        };
        match result {
            Ok(Step::Continue) => {}
            Ok(Step::Done(root)) => {
                in_document = false;
                if root.value != Value::Null {
                    let index = out.documents.len();
                    out.documents.push(Document {
                        index,
                        root: Some(root),
                        span: Span::new(doc_start, doc_start),
                    });
                }
            }
            Err((message, span, code)) => {
                let document = out.documents.len();
                out.errors.push(YamlError {
                    document,
                    code,
                    message,
                    span,
                });
                out.documents.push(Document {
                    index: document,
                    root: None,
                    span: Span::new(doc_start, doc_start),
                });
                // The rest of this chunk cannot be trusted; later chunks are read on their own.
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn floats_parse_as_the_standard_library_does() {
        for s in [
            "1.5",
            "-0.25",
            "+2.",
            ".5",
            "6.02e23",
            "1E-7",
            "1e+3",
            "007.5",
            "0",
            "123456789.123456789e-5",
        ] {
            let want: f64 = s.trim_start_matches('+').parse().unwrap_or(f64::NAN);
            assert_eq!(super::parse_float(s), Some(want), "{s}");
        }
        for s in [
            "", ".", "1.2.3", "e5", "1e", "1e+-2", "abc", "1x", "--1", "inf", "nan",
        ] {
            assert_eq!(super::parse_float(s), None, "{s}");
        }
        assert_eq!(super::parse_float("1e400"), Some(f64::INFINITY));
    }

    #[test]
    fn floats_print_as_go_encoding_json_does() {
        let cases = [
            (1.5, "1.5"),
            (100.0, "100"),
            (-0.25, "-0.25"),
            (1e21, "1e+21"),
            (1.5e300, "1.5e+300"),
            (1e20, "100000000000000000000"),
            (0.000001, "0.000001"),
            (1e-7, "1e-7"),
            (1.234e-10, "1.234e-10"),
            (0.1 + 0.2, "0.30000000000000004"),
            (0.0, "0"),
            (123456.789, "123456.789"),
        ];
        for (f, want) in cases {
            assert_eq!(super::format_float(f), want, "{f}");
        }
    }

    use super::*;

    #[test]
    fn resolves_like_go_yaml_v2() {
        assert_eq!(resolve_plain("yes".into()), Value::Bool(true));
        assert_eq!(resolve_plain("Off".into()), Value::Bool(false));
        assert_eq!(resolve_plain("0777".into()), Value::Int(511));
        assert_eq!(resolve_plain("0x1F".into()), Value::Int(31));
        assert_eq!(resolve_plain("1_000".into()), Value::Int(1000));
        assert_eq!(resolve_plain("1.5".into()), Value::Float(1.5));
        assert_eq!(resolve_plain("08".into()), Value::Float(8.0));
        assert_eq!(resolve_plain("1Gi".into()), Value::Str("1Gi".into()));
        assert_eq!(resolve_plain("-".into()), Value::Str("-".into()));
        assert_eq!(resolve_plain("~".into()), Value::Null);
    }
}
