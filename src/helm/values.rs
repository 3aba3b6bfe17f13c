//! Values as Helm computes them: YAML read through JSON (every number a `float64`, YAML 1.1
//! booleans, keys strings), files merged document by document, `--set` parsed by Helm's
//! `strvals`, and user values coalesced over each chart's defaults with Helm's rules for
//! nulls, tables, subcharts and globals (`pkg/chart/common/util/coalesce.go`, helm v4.2.3 and
//! `pkg/chartutil/coalesce.go`, v3.17.2).

use super::Version;
use crate::gotmpl::{Map, MapKind, Value};
use crate::yaml;
use std::collections::BTreeMap;

/// A YAML node as `sigs.k8s.io/yaml` then `encoding/json` give it to Go: numbers `float64`.
pub fn from_node(node: &yaml::Node) -> Value {
    from_node_at(node, 0)
}

fn from_node_at(node: &yaml::Node, depth: usize) -> Value {
    if depth > crate::gotmpl::MAX_DEPTH {
        return Value::Nil;
    }
    match &node.value {
        yaml::Value::Null => Value::Nil,
        yaml::Value::Bool(b) => Value::Bool(*b),
        yaml::Value::Int(i) => Value::Float(*i as f64),
        yaml::Value::Float(f) => Value::Float(*f),
        yaml::Value::Str(s) => Value::str(s),
        yaml::Value::Seq(items) => {
            Value::any_list(items.iter().map(|n| from_node_at(n, depth + 1)).collect())
        }
        yaml::Value::Map(entries) => {
            let mut m = BTreeMap::new();
            for e in entries {
                m.insert(e.key.clone(), from_node_at(&e.value, depth + 1));
            }
            Value::map(m)
        }
    }
}

/// A YAML scalar as sigs.k8s.io/yaml hands it to a Go `string` field: the scalar's value
/// printed (`010` is `8`, `1.10` is `1.1` through `float32`, `yes` is `true`); `None` for
/// a sequence or mapping.
pub fn scalar_string(node: &yaml::Node) -> Option<String> {
    Some(match &node.value {
        yaml::Value::Str(s) => s.clone(),
        yaml::Value::Int(i) => i.to_string(),
        yaml::Value::Float(f) => crate::go::format_float32_g(*f),
        yaml::Value::Bool(b) => b.to_string(),
        yaml::Value::Null => String::new(),
        _ => return None,
    })
}

/// How `encoding/json` names a YAML node's kind once converted to JSON.
pub fn node_json_kind(node: &yaml::Node) -> &'static str {
    match &node.value {
        yaml::Value::Seq(_) => "array",
        yaml::Value::Map(_) => "object",
        yaml::Value::Bool(_) => "bool",
        yaml::Value::Int(_) | yaml::Value::Float(_) => "number",
        yaml::Value::Str(_) => "string",
        yaml::Value::Null => "null",
    }
}

/// Why a YAML text is not a values map, in Go's words (without Helm's prefixes).
/// sigs.k8s.io/yaml's `YAMLToJSON`: the first document as JSON would hold it, or Go's error
/// text. It goes through `json.Marshal`, which refuses infinities and NaN (the first one in
/// its order: map keys sorted, lists in order).
pub fn yaml_to_json(text: &str) -> Result<Value, String> {
    let text = yaml::first_document(text);
    if let Some(e) = yaml::go_syntax_error(text) {
        return Err(format!("error converting YAML to JSON: {e}"));
    }
    let parsed = yaml::parse(text, &yaml::Limits::default());
    if let Some(e) = parsed.errors.first() {
        return Err(format!(
            "error converting YAML to JSON: yaml: {}",
            e.message
        ));
    }
    let v = parsed
        .documents
        .first()
        .and_then(|d| d.root.as_ref())
        .map(from_node)
        .unwrap_or(Value::Nil);
    if let Some(f) = non_finite(&v) {
        let text = if f.is_nan() {
            "NaN"
        } else if f > 0.0 {
            "+Inf"
        } else {
            "-Inf"
        };
        return Err(format!(
            "error converting YAML to JSON: json: unsupported value: {text}"
        ));
    }
    Ok(v)
}

fn non_finite(v: &Value) -> Option<f64> {
    match v {
        Value::Float(f) if !f.is_finite() => Some(*f),
        Value::List(l) => l.items.iter().find_map(non_finite),
        Value::Map(m) => m.entries().iter().find_map(|(_, x)| non_finite(x)),
        _ => None,
    }
}

fn unmarshal_map(text: &str) -> Result<Map, String> {
    match yaml_to_json(text)? {
        Value::Map(m) => Ok(m),
        Value::Nil => Ok(Map::new(MapKind::Any)),
        other => Err(format!(
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go value of type map[string]interface {{}}",
            json_kind(&other)
        )),
    }
}

/// `common.ReadValues` (what `helm lint` reads values.yaml with): the first document as a map,
/// or Go's error.
pub fn read(text: &str) -> Result<Map, String> {
    unmarshal_map(text)
}

/// How `encoding/json` names a JSON value's kind in "cannot unmarshal X into ...".
pub fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Nil => "null",
        Value::Bool(_) => "bool",
        Value::Int(_) | Value::Int64(_) | Value::Float(_) => "number",
        Value::Str(_) => "string",
        Value::List(_) | Value::Bytes(_) => "array",
        _ => "object",
    }
}

/// A values file: helm 4 merges all its YAML documents (`loader.LoadValues`), helm 3 reads
/// the first. Errors carry Go's text; callers add `cannot load values.yaml: ` or `failed to
/// parse FILE: `.
pub fn load(text: &str, version: Version) -> Result<Map, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match version {
        Version::V3 => unmarshal_map(text),
        Version::V4 => {
            let mut out = Map::new(MapKind::Any);
            for doc in yaml::reader_documents(text) {
                let doc = doc.map_err(|e| format!("error reading yaml document: {e}"))?;
                let m = unmarshal_map(doc)
                    .map_err(|e| format!("cannot unmarshal yaml document: {e}"))?;
                out = merge_maps(&out, &m);
            }
            Ok(out)
        }
    }
}

/// `loader.MergeMaps`: `b` over `a`, maps merged recursively, into a new map.
pub fn merge_maps(a: &Map, b: &Map) -> Map {
    let out = Map::new(MapKind::Any);
    for (k, v) in a.entries() {
        out.insert(k, v);
    }
    for (k, v) in b.entries() {
        if let Value::Map(vm) = &v
            && let Some(Value::Map(bv)) = out.get(&k)
        {
            out.insert(k, Value::Map(merge_maps(&bv, vm)));
            continue;
        }
        out.insert(k, v);
    }
    out
}

/// One `--set`-style assignment list and how its values are read (`pkg/strvals`, helm v4.2.3).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum SetKind {
    /// `--set`: `true`, `null`, integers become typed values (`typedVal`).
    Typed,
    /// `--set-string`: every value a string.
    String,
    /// `--set-json`: each value one JSON document, decoded as `json.Decoder` does (`ParseJSON`).
    Json,
    /// `--set-file`: each value a path, replaced by that file's text (`ParseIntoFile`).
    File,
    /// `--set-literal`: one key, and the whole rest of the line its string value, with no
    /// escapes and no commas (`literal_parser.go`).
    Literal,
}

/// The maximum list index `--set` accepts (`strvals.MaxIndex`).
const MAX_INDEX: usize = 65536;
/// The deepest `a.b.c` nesting `--set` accepts (`strvals.MaxNestedNameLevel`).
const MAX_NESTED: usize = 30;

/// `strvals.ParseInto` and its siblings: applies `s` (`a.b=1,list[0]=x`) to `dest`. `read`
/// gives a file's text for `SetKind::File` (the other kinds never call it).
pub fn parse_set(
    s: &str,
    dest: &Map,
    kind: SetKind,
    read: &dyn Fn(&str) -> Result<String, String>,
) -> Result<(), String> {
    let mut p = SetParser {
        chars: s.chars().collect(),
        pos: 0,
        kind,
        read,
    };
    loop {
        match p.key(dest, 0) {
            Ok(()) => continue,
            Err(SetErr::Eof) => return Ok(()),
            Err(SetErr::Msg(m)) => return Err(m),
        }
    }
}

enum SetErr {
    Eof,
    Msg(String),
}

struct SetParser<'r> {
    chars: Vec<char>,
    pos: usize,
    kind: SetKind,
    read: &'r dyn Fn(&str) -> Result<String, String>,
}

impl SetParser<'_> {
    /// `runesUntil`: characters up to one of `stop`, backslash escaping the next
    /// (`runesUntilLiteral` for `--set-literal`: no escapes).
    fn until(&mut self, stop: &[char]) -> (String, Option<char>) {
        let mut v = String::new();
        while self.pos < self.chars.len() {
            let c = self.chars[self.pos];
            self.pos += 1;
            if stop.contains(&c) {
                return (v, Some(c));
            }
            if c == '\\' && self.kind != SetKind::Literal {
                match self.chars.get(self.pos) {
                    None => return (v, None),
                    Some(n) => {
                        v.push(*n);
                        self.pos += 1;
                    }
                }
                continue;
            }
            v.push(c);
        }
        (v, None)
    }

    /// The parser's `reader`: a file's text for `--set-file`, else `typedVal`.
    fn value(&self, s: &str) -> Result<Value, SetErr> {
        match self.kind {
            SetKind::File => (self.read)(s).map(Value::string).map_err(SetErr::Msg),
            _ => Ok(self.typed(s)),
        }
    }

    /// The rest of the line (`--set-literal`'s value).
    fn rest(&mut self) -> String {
        let v = self.chars[self.pos..].iter().collect();
        self.pos = self.chars.len();
        v
    }

    /// `emptyVal`: skips blanks up to a comma (taken) or the end (an empty value) or anything
    /// else (left; not empty).
    fn empty_val(&mut self) -> bool {
        while let Some(&c) = self.chars.get(self.pos) {
            if c == ',' {
                self.pos += 1;
                return true;
            }
            if !c.is_whitespace() {
                return false;
            }
            self.pos += 1;
        }
        true
    }

    /// `--set-json`'s value after `=`: nothing is `null`; else one JSON document, decoded as
    /// `json.Decoder.Decode` does (what follows it is the next key), then blanks and a comma.
    fn json(&mut self) -> Result<Value, SetErr> {
        if self.empty_val() {
            return Ok(Value::Nil);
        }
        let rest: String = self.chars[self.pos..].iter().collect();
        let (v, used) = crate::helm::convert::decode_json_prefix(&rest).map_err(SetErr::Msg)?;
        self.pos += rest[..used].chars().count();
        self.empty_val();
        Ok(v)
    }

    fn typed(&self, s: &str) -> Value {
        if self.kind != SetKind::Typed {
            return Value::str(s);
        }
        if s.eq_ignore_ascii_case("true") {
            return Value::Bool(true);
        }
        if s.eq_ignore_ascii_case("false") {
            return Value::Bool(false);
        }
        if s.eq_ignore_ascii_case("null") {
            return Value::Nil;
        }
        if s == "0" {
            return Value::Int64(0);
        }
        if !s.is_empty()
            && !s.starts_with('0')
            && let Some(i) = parse_go_decimal(s)
        {
            return Value::Int64(i);
        }
        Value::str(s)
    }

    fn key(&mut self, data: &Map, level: usize) -> Result<(), SetErr> {
        let stop: &[char] = if self.kind == SetKind::Literal {
            &['=', '[', '.']
        } else {
            &['=', '[', ',', '.']
        };
        let (k, last) = self.until(stop);
        match last {
            None => {
                if k.is_empty() {
                    return Err(SetErr::Eof);
                }
                Err(SetErr::Msg(format!(
                    "key {} has no value",
                    crate::go::quote(&k)
                )))
            }
            Some('[') => {
                let i = self
                    .key_index()
                    .map_err(|e| SetErr::Msg(format!("error parsing index: {e}")))?;
                let list = match data.get(&k) {
                    Some(Value::List(l)) => l.items.clone(),
                    Some(other) => {
                        return Err(SetErr::Msg(format!(
                            "unable to parse key: interface conversion: interface {{}} is {}, not []interface {{}}",
                            other.type_name()
                        )));
                    }
                    None => Vec::new(),
                };
                let (list, err) = self.list_item(list, i, level);
                if !k.is_empty() {
                    data.insert(k, Value::any_list(list));
                }
                match err {
                    Some(e) => Err(e),
                    None => Ok(()),
                }
            }
            Some('=') if self.kind == SetKind::Json => {
                let v = self.json()?;
                set(data, &k, v);
                Ok(())
            }
            Some('=') if self.kind == SetKind::Literal => {
                let v = self.rest();
                set(data, &k, Value::string(v));
                Ok(())
            }
            Some('=') => match self.val_list() {
                Ok(Some(list)) => {
                    set(data, &k, Value::any_list(list));
                    Ok(())
                }
                Err(SetErr::Eof) => {
                    set(data, &k, Value::str(""));
                    Err(SetErr::Eof)
                }
                Err(e) => Err(e),
                Ok(None) => {
                    // strvals drops `val`'s EOF here (its `e` is reassigned by the typing),
                    // so a last value is a success: `a..b=1` then finds map "a" empty.
                    let (rs, _) = self.until(&[',']);
                    let v = self.value(&rs)?;
                    set(data, &k, v);
                    Ok(())
                }
            },
            Some(',') => {
                set(data, &k, Value::str(""));
                Err(SetErr::Msg(format!(
                    "key {} has no value (cannot end with ,)",
                    crate::go::quote(&k)
                )))
            }
            Some(_) => {
                let level = level + 1;
                if level > MAX_NESTED {
                    return Err(SetErr::Msg(format!(
                        "value name nested level is greater than maximum supported nested level of {MAX_NESTED}"
                    )));
                }
                let inner = match data.get(&k) {
                    Some(Value::Map(m)) => m,
                    Some(other) => {
                        return Err(SetErr::Msg(format!(
                            "unable to parse key: interface conversion: interface {{}} is {}, not map[string]interface {{}}",
                            other.type_name()
                        )));
                    }
                    None => Map::new(MapKind::Any),
                };
                let e = self.key(&inner, level);
                if e.is_ok() && inner.is_empty() {
                    return Err(SetErr::Msg(format!(
                        "key map {} has no value",
                        crate::go::quote(&k)
                    )));
                }
                if !inner.is_empty() {
                    set(data, &k, Value::Map(inner));
                }
                e
            }
        }
    }

    fn key_index(&mut self) -> Result<i64, String> {
        let (v, last) = self.until(&[']']);
        if last.is_none() {
            return Err("EOF".into());
        }
        atoi(&v)
    }

    /// `listItem`: the rest after `[i]`; returns the list even when it also fails.
    fn list_item(
        &mut self,
        mut list: Vec<Value>,
        i: i64,
        level: usize,
    ) -> (Vec<Value>, Option<SetErr>) {
        if i < 0 {
            return (
                list,
                Some(SetErr::Msg(format!("negative {i} index not allowed"))),
            );
        }
        let (k, last) = self.until(&['[', '.', '=']);
        if !k.is_empty() {
            return (
                list,
                Some(SetErr::Msg(format!(
                    "unexpected data at end of array index: {}",
                    go_rune_slice(&k)
                ))),
            );
        }
        match last {
            None => (list, Some(SetErr::Eof)),
            Some('=') if self.kind == SetKind::Json => match self.json() {
                Ok(v) => set_index(list, i, v),
                Err(e) => (list, Some(e)),
            },
            Some('=') if self.kind == SetKind::Literal => {
                let v = self.rest();
                set_index(list, i, Value::string(v))
            }
            Some('=') => match self.val_list() {
                Ok(Some(vl)) => set_index(list, i, Value::any_list(vl)),
                Err(SetErr::Eof) => set_index(list, i, Value::str("")),
                Err(e) => (list, Some(e)),
                Ok(None) => {
                    let (rs, _) = self.until(&[',']);
                    let v = match self.value(&rs) {
                        Ok(v) => v,
                        Err(e) => return (list, Some(e)),
                    };
                    let at_end = self.pos >= self.chars.len();
                    let (l, e) = set_index(list, i, v);
                    if e.is_some() {
                        return (l, e);
                    }
                    (l, if at_end { Some(SetErr::Eof) } else { None })
                }
            },
            Some('[') => {
                let next = match self.key_index() {
                    Ok(n) => n,
                    Err(e) => {
                        return (list, Some(SetErr::Msg(format!("error parsing index: {e}"))));
                    }
                };
                let crt = match list.get(i as usize) {
                    Some(Value::List(l)) => l.items.clone(),
                    _ => Vec::new(),
                };
                let (l2, e) = self.list_item(crt, next, level);
                if let Some(e) = e {
                    if !matches!(e, SetErr::Eof) {
                        return (list, Some(e));
                    }
                    let (l, e2) = set_index(list, i, Value::any_list(l2));
                    return (l, e2.or(Some(SetErr::Eof)));
                }
                set_index(list, i, Value::any_list(l2))
            }
            Some(_) => {
                let inner = match list.get(i as usize) {
                    Some(Value::Map(m)) => m.clone(),
                    _ => Map::new(MapKind::Any),
                };
                if let Err(e) = self.key(&inner, level) {
                    if matches!(e, SetErr::Eof) {
                        let (l, e2) = set_index(list, i, Value::Map(inner));
                        return (l, e2.or(Some(SetErr::Eof)));
                    }
                    return (list, Some(e));
                }
                list = {
                    let (l, e) = set_index(list, i, Value::Map(inner));
                    if e.is_some() {
                        return (l, e);
                    }
                    l
                };
                (list, None)
            }
        }
    }

    /// `valList`: `{a,b}` after `=`; `Ok(None)` when the value is not a list.
    fn val_list(&mut self) -> Result<Option<Vec<Value>>, SetErr> {
        let Some(&c) = self.chars.get(self.pos) else {
            return Err(SetErr::Eof);
        };
        if c != '{' {
            return Ok(None);
        }
        self.pos += 1;
        let mut list = Vec::new();
        loop {
            let (rs, last) = self.until(&[',', '}']);
            match last {
                None => return Err(SetErr::Msg("list must terminate with '}'".into())),
                Some('}') => {
                    if self.chars.get(self.pos) == Some(&',') {
                        self.pos += 1;
                    }
                    list.push(self.value(&rs)?);
                    return Ok(Some(list));
                }
                Some(_) => list.push(self.value(&rs)?),
            }
        }
    }
}

fn set(data: &Map, key: &str, v: Value) {
    if !key.is_empty() {
        data.insert(key, v);
    }
}

fn set_index(mut list: Vec<Value>, i: i64, v: Value) -> (Vec<Value>, Option<SetErr>) {
    if i < 0 {
        return (
            list,
            Some(SetErr::Msg(format!("negative {i} index not allowed"))),
        );
    }
    let i = i as usize;
    if i > MAX_INDEX {
        return (
            list,
            Some(SetErr::Msg(format!(
                "index of {i} is greater than maximum supported index of {MAX_INDEX}"
            ))),
        );
    }
    if list.len() <= i {
        list.resize(i + 1, Value::Nil);
    }
    list[i] = v;
    (list, None)
}

/// Go's `%q` of a `[]rune`: `['x' 'y']`.
fn go_rune_slice(s: &str) -> String {
    let items: Vec<String> = s
        .chars()
        .map(|c| {
            let q = crate::go::quote(&c.to_string());
            let inner = &q[1..q.len() - 1];
            let inner = match inner {
                "\\\"" => "\"",
                "'" => "\\'",
                x => x,
            };
            format!("'{inner}'")
        })
        .collect();
    format!("[{}]", items.join(" "))
}

/// `strconv.Atoi` with Go's error text.
pub fn atoi(s: &str) -> Result<i64, String> {
    parse_go_decimal(s).ok_or_else(|| {
        format!(
            "strconv.Atoi: parsing {}: invalid syntax",
            crate::go::quote(s)
        )
    })
}

/// `strconv.ParseInt(s, 10, 64)`.
fn parse_go_decimal(s: &str) -> Option<i64> {
    let (neg, digits) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let v: i128 = digits.parse().ok()?;
    i64::try_from(if neg { -v } else { v }).ok()
}

/// A chart's name and defaults, and its subcharts, as coalescing sees them.
pub trait Coalescible {
    fn name(&self) -> &str;
    fn defaults(&self) -> &Map;
    fn subcharts(&self) -> Vec<&Self>;
}

/// A line helm logs on standard error while it renders (`log.Printf` in helm 3, `slog` in
/// helm 4), before anything else it prints; as each version prints it, if it does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    v3: Option<String>,
    v4: Option<String>,
}

impl Warning {
    /// helm 3's line (its standard logger writes `file:line: ` first) and helm 4's (`slog`).
    pub fn new(v3: Option<String>, v4: Option<String>) -> Warning {
        Warning { v3, v4 }
    }

    /// A record only helm 4 logs (its `slog` calls in code helm 3 did not log from).
    pub fn helm4(level: &str, msg: &str, attrs: &[(&str, &str)]) -> Warning {
        Warning::new(None, Some(slog(level, msg, attrs)))
    }

    pub fn line(&self, version: Version) -> Option<&str> {
        match version {
            Version::V3 => self.v3.as_deref(),
            Version::V4 => self.v4.as_deref(),
        }
    }
}

/// A record as helm 4's `slog` text handler writes it (without the time): `level=WARN
/// msg="..." key=value`, each value quoted where it must be.
pub fn slog(level: &str, msg: &str, attrs: &[(&str, &str)]) -> String {
    let mut line = format!("level={level} msg={}", slog_value(msg));
    for (k, v) in attrs {
        line.push_str(&format!(" {k}={}", slog_value(v)));
    }
    line
}

/// `log/slog`'s text handler: a string is quoted (`strconv.Quote`) when it is empty or holds a
/// space, `=`, `"`, a control character or a rune that is not printable (`needsQuoting`).
fn slog_value(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars().all(|c| {
            !(c == ' ' || c == '=' || c == '"' || c.is_control() || c.is_whitespace())
                && c != '\u{FFFD}'
        });
    if plain {
        s.to_string()
    } else {
        crate::go::quote(s)
    }
}

/// The warnings of one render, in the order helm logs them (where helm walks a Go map, its
/// order changes from run to run; ours is the keys' order).
pub type Log = Vec<Warning>;

/// A warning of `coalesce.go`; `v3_line` is its `log.Printf`'s line in helm v3.17.2's
/// `pkg/chartutil/coalesce.go`.
fn warn(log: &mut Log, v3_line: u16, text: String) {
    log.push(Warning::new(
        Some(format!("coalesce.go:{v3_line}: {text}")),
        Some(slog("INFO", &text, &[])),
    ));
}

/// `concatPrefix`.
fn prefixed(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

/// `CoalesceValues` (or `MergeValues` when `merge`, which keeps nulls): user values (copied)
/// over the chart's defaults, then each subchart's.
pub fn coalesce<C: Coalescible>(
    chart: &C,
    user: &Map,
    version: Version,
    merge: bool,
    log: &mut Log,
) -> Result<Map, String> {
    let dest = match Value::Map(user.clone()).deep_copy() {
        Value::Map(m) => m,
        _ => Map::new(MapKind::Any),
    };
    coalesce_chart(chart, &dest, "", version, merge, log)?;
    Ok(dest)
}

fn coalesce_chart<C: Coalescible>(
    chart: &C,
    dest: &Map,
    prefix: &str,
    version: Version,
    merge: bool,
    log: &mut Log,
) -> Result<(), String> {
    coalesce_values(chart, dest, prefix, version, merge, log);
    let sub_prefix = prefixed(prefix, chart.name());
    for sub in chart.subcharts() {
        let name = sub.name().to_string();
        let table = match dest.get(&name) {
            None => {
                let m = Map::new(MapKind::Any);
                dest.insert(name.clone(), Value::Map(m.clone()));
                m
            }
            Some(Value::Map(m)) => m,
            Some(other) => {
                return Err(format!(
                    "type mismatch on {name}: %!t({}={})",
                    other.type_name(),
                    crate::gotmpl::fmt::sprint_v(&other)
                ));
            }
        };
        coalesce_globals(&table, dest, &sub_prefix, log);
        coalesce_chart(sub, &table, &sub_prefix, version, merge, log)?;
    }
    Ok(())
}

fn coalesce_globals(dest: &Map, src: &Map, prefix: &str, log: &mut Log) {
    let dg = match dest.get("global") {
        None => Map::new(MapKind::Any),
        Some(Value::Map(m)) => m,
        Some(_) => {
            let text = "warning: skipping globals because destination global is not a table.";
            return warn(log, 138, text.into());
        }
    };
    let sg = match src.get("global") {
        None => Map::new(MapKind::Any),
        Some(Value::Map(m)) => m,
        Some(_) => {
            let text = "warning: skipping globals because source global is not a table.";
            return warn(log, 145, text.into());
        }
    };
    for (key, val) in sg.entries() {
        if let Value::Map(vm) = &val {
            let vv = Map::new(MapKind::Any);
            for (k, v) in vm.entries() {
                vv.insert(k, v);
            }
            match dg.get(&key) {
                None => dg.insert(key, Value::Map(vv)),
                Some(Value::Map(destv)) => {
                    let at = prefixed(prefix, &key);
                    coalesce_tables(&vv, &destv, &at, true, Version::V4, log);
                    dg.insert(key, Value::Map(vv));
                }
                Some(_) => warn(
                    log,
                    161,
                    format!(
                        "Conflict: cannot merge map onto non-map for {}. Skipping.",
                        crate::go::quote(&key)
                    ),
                ),
            }
        } else if matches!(dg.get(&key), Some(Value::Map(_))) {
            warn(log, 175, format!("key {key} is table. Skipping"));
        } else {
            dg.insert(key, val);
        }
    }
    dest.insert("global", Value::Map(dg));
}

fn clean_nil_values(m: &Map) {
    for (k, v) in m.entries() {
        match v {
            Value::Nil => {
                m.remove(&k);
            }
            Value::Map(sub) => clean_nil_values(&sub),
            _ => {}
        }
    }
}

fn coalesce_values<C: Coalescible>(
    chart: &C,
    v: &Map,
    prefix: &str,
    version: Version,
    merge_all: bool,
    log: &mut Log,
) {
    let sub_prefix = prefixed(prefix, chart.name());
    let vc = match Value::Map(chart.defaults().clone()).deep_copy() {
        Value::Map(m) => m,
        _ => return,
    };
    let sub_names: Vec<String> = chart
        .subcharts()
        .iter()
        .map(|s| s.name().to_string())
        .collect();
    for (key, val) in vc.entries() {
        match v.get(&key) {
            Some(value) => {
                if value.is_nil() && !merge_all {
                    v.remove(&key);
                } else if let Value::Map(dest) = value {
                    match &val {
                        Value::Map(src) => {
                            let merge = merge_all || sub_names.contains(&key);
                            if version == Version::V4 && !merge {
                                clean_nil_values(src);
                            }
                            let at = prefixed(&sub_prefix, &key);
                            coalesce_tables(&dest, src, &at, merge, version, log);
                        }
                        Value::Nil => {}
                        _ => warn(
                            log,
                            237,
                            format!("warning: skipped value for {sub_prefix}.{key}: Not a table."),
                        ),
                    }
                }
            }
            None => {
                if version == Version::V4 && !merge_all {
                    if val.is_nil() {
                        continue;
                    }
                    if let Value::Map(sub) = &val {
                        clean_nil_values(sub);
                    }
                }
                v.insert(key, val);
            }
        }
    }
}

/// `coalesceTablesFullKey`: `src` fills what `dst` lacks; a `nil` in `dst` deletes the key.
/// `prefix` names the tables in warnings.
pub fn coalesce_tables(
    dst: &Map,
    src: &Map,
    prefix: &str,
    merge: bool,
    version: Version,
    log: &mut Log,
) {
    let mut src_non_nil = BTreeMap::new();
    if version == Version::V4 {
        for (k, v) in src.entries() {
            if !v.is_nil() {
                src_non_nil.insert(k, true);
            }
        }
        for (k, v) in dst.entries() {
            if v.is_nil() {
                src.insert(k, Value::Nil);
            }
        }
    }
    for (key, val) in src.entries() {
        let dv = dst.get(&key);
        let deletes = match (&dv, version) {
            (Some(Value::Nil), Version::V4) => !merge && src_non_nil.contains_key(&key),
            (Some(Value::Nil), Version::V3) => !merge,
            _ => false,
        };
        let full = prefixed(prefix, &key);
        match (&val, dv) {
            _ if deletes => {
                dst.remove(&key);
            }
            (_, None) => dst.insert(key, val),
            (Value::Map(sv), Some(Value::Map(dm))) => {
                coalesce_tables(&dm, sv, &full, merge, version, log)
            }
            (Value::Map(_), Some(_)) => warn(
                log,
                298,
                format!(
                    "warning: cannot overwrite table with non table for {full} ({})",
                    crate::gotmpl::fmt::sprint_v(&val)
                ),
            ),
            (Value::Nil, _) => {}
            (_, Some(Value::Map(_))) => warn(
                log,
                301,
                format!(
                    "warning: destination for {full} is a table. Ignoring non-table value ({})",
                    crate::gotmpl::fmt::sprint_v(&val)
                ),
            ),
            _ => {}
        }
    }
}

/// `Values.PathValue`-like lookup of `a.b.c` (for dependency conditions).
pub fn path_value(values: &Map, path: &str) -> Option<Value> {
    let mut parts: Vec<&str> = path.split('.').collect();
    let last = parts.pop()?;
    let mut cur = values.clone();
    for p in parts {
        match cur.get(p) {
            Some(Value::Map(m)) => cur = m,
            _ => return None,
        }
    }
    cur.get(last)
}
