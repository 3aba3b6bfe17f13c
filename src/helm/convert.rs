//! Values to and from JSON and YAML the way Helm's functions do it: Go's `encoding/json`
//! (sorted keys, `<>&` escaped, shortest floats, `[]byte` as base64, Go's syntax errors) and
//! sigs.k8s.io/yaml (JSON, then go-yaml v2) for `toYaml` and `fromYaml`
//! (`pkg/engine/funcs.go`, helm v4.2.3).

use crate::gotmpl::{MAX_DEPTH, Value};
use std::collections::BTreeMap;
use std::fmt::Write;

/// `json.Marshal`; `escape_html` as `encoding/json` does by default.
pub fn to_json(v: &Value, escape_html: bool) -> Result<String, String> {
    let mut out = String::new();
    encode(&mut out, v, escape_html, 0, None)?;
    Ok(out)
}

/// `json.MarshalIndent(v, "", "  ")`.
pub fn to_pretty_json(v: &Value, escape_html: bool) -> Result<String, String> {
    let mut out = String::new();
    encode(&mut out, v, escape_html, 0, Some(0))?;
    Ok(out)
}

fn newline(out: &mut String, indent: Option<usize>) {
    if let Some(n) = indent {
        out.push('\n');
        for _ in 0..n {
            out.push_str("  ");
        }
    }
}

fn encode(
    out: &mut String,
    v: &Value,
    html: bool,
    depth: usize,
    indent: Option<usize>,
) -> Result<(), String> {
    if depth > 1000 {
        return Err(format!(
            "json: unsupported value: encountered a cycle via {}",
            v.type_name()
        ));
    }
    match v {
        Value::Nil => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) | Value::Int64(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Float(f) => {
            if !f.is_finite() {
                return Err(format!(
                    "json: unsupported value: {}",
                    crate::go::format_float(*f, 'g', -1)
                ));
            }
            out.push_str(&crate::yaml::format_float(*f));
        }
        Value::Str(s) => quote_json(out, s, html),
        Value::Bytes(b) => {
            out.push('"');
            out.push_str(&base64_encode(b));
            out.push('"');
        }
        Value::List(l) => {
            if l.items.is_empty() {
                out.push_str(if l.nil { "null" } else { "[]" });
                return Ok(());
            }
            out.push('[');
            for (i, x) in l.items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, indent.map(|n| n + 1));
                encode(out, x, html, depth + 1, indent.map(|n| n + 1))?;
            }
            newline(out, indent);
            out.push(']');
        }
        Value::Map(m) => {
            let entries = m.entries();
            if entries.is_empty() {
                out.push_str(if m.is_nil() { "null" } else { "{}" });
                return Ok(());
            }
            out.push('{');
            for (i, (k, x)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, indent.map(|n| n + 1));
                quote_json(out, k, html);
                out.push(':');
                if indent.is_some() {
                    out.push(' ');
                }
                encode(out, x, html, depth + 1, indent.map(|n| n + 1))?;
            }
            newline(out, indent);
            out.push('}');
        }
        Value::Object(o) => {
            let text = o.to_json();
            if indent.is_some() {
                let parsed = from_json(&text).unwrap_or(Value::Nil);
                encode(out, &parsed, html, depth + 1, indent)?;
            } else {
                out.push_str(&text);
            }
        }
    }
    Ok(())
}

/// A JSON string as `encoding/json` writes it.
pub use crate::go::push_json_string as quote_json;

const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding.
pub fn base64_encode(b: &[u8]) -> String {
    let mut out = String::with_capacity(b.len().div_ceil(3) * 4);
    for chunk in b.chunks(3) {
        let n = (chunk[0] as u32) << 16
            | (*chunk.get(1).unwrap_or(&0) as u32) << 8
            | *chunk.get(2).unwrap_or(&0) as u32;
        out.push(B64[(n >> 18) as usize & 63] as char);
        out.push(B64[(n >> 12) as usize & 63] as char);
        out.push(if chunk.len() > 1 {
            B64[(n >> 6) as usize & 63] as char
        } else {
            '='
        });
        out.push(if chunk.len() > 2 {
            B64[n as usize & 63] as char
        } else {
            '='
        });
    }
    out
}

/// Standard base64 decoding; the error is Go's `illegal base64 data at input byte N`.
pub fn base64_decode(s: &str) -> Result<Vec<u8>, String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3);
    let mut buf = [0u8; 4];
    let mut n = 0;
    let mut i = 0;
    let err = |i: usize| format!("illegal base64 data at input byte {i}");
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'\n' || c == b'\r' {
            i += 1;
            continue;
        }
        if c == b'=' {
            // Padding: only valid completing a quantum.
            if n < 2 {
                return Err(err(i));
            }
            let need = 4 - n;
            let mut j = i;
            let mut seen = 0;
            while j < bytes.len() && seen < need {
                if bytes[j] == b'=' {
                    seen += 1;
                } else if bytes[j] != b'\n' && bytes[j] != b'\r' {
                    // Go reports the byte before the one that should have been `=`.
                    return Err(err(j - 1));
                }
                j += 1;
            }
            if seen < need {
                return Err(err(bytes.len()));
            }
            // Trailing garbage: Go skips newlines, then reports where the garbage starts.
            if let Some(k) = bytes[j..].iter().position(|c| *c != b'\n' && *c != b'\r') {
                return Err(err(j + k));
            }
            let v = (buf[0] as u32) << 18 | (buf[1] as u32) << 12 | (buf[2] as u32) << 6;
            out.push((v >> 16) as u8);
            if n == 3 {
                out.push((v >> 8) as u8);
            }
            return Ok(out);
        }
        let Some(d) = B64.iter().position(|x| *x == c) else {
            return Err(err(i));
        };
        buf[n] = d as u8;
        n += 1;
        if n == 4 {
            let v = (buf[0] as u32) << 18
                | (buf[1] as u32) << 12
                | (buf[2] as u32) << 6
                | buf[3] as u32;
            out.push((v >> 16) as u8);
            out.push((v >> 8) as u8);
            out.push(v as u8);
            n = 0;
        }
        i += 1;
    }
    // An unfinished quantum at the end: Go (`decodeQuantum`, padding required) reports
    // where it began.
    if n != 0 {
        return Err(err(bytes.len() - n));
    }
    Ok(out)
}

/// `toYaml`: JSON, then YAML through go-yaml v2, minus one trailing newline; `Err` when Go
/// would fail (the caller decides between `""` and an error).
pub fn to_yaml(v: &Value) -> Result<String, String> {
    let json = to_json(v, true)?;
    let parsed: serde_json::Value = serde_json::from_str(&json).map_err(|e| e.to_string())?;
    let text = crate::yaml::emit::to_yaml(&parsed);
    Ok(text.strip_suffix('\n').unwrap_or(&text).to_string())
}

/// `toYamlPretty`: go-yaml v3 with two-space indentation on the Go values themselves (no
/// JSON round trip: a `float64` prints as `1e+06`), minus one trailing newline.
pub fn to_yaml_pretty(v: &Value) -> Result<String, String> {
    let json = to_serde(v, 0)?;
    let text = crate::yaml::emit::to_yaml_with(
        &json,
        crate::yaml::emit::Options {
            indent_sequences: true,
            no_folding: true,
            floats_g: true,
        },
    );
    Ok(text.strip_suffix('\n').unwrap_or(&text).to_string())
}

fn to_serde(v: &Value, depth: usize) -> Result<serde_json::Value, String> {
    use serde_json::Value as J;
    if depth > 1000 {
        return Err("encountered a cycle".into());
    }
    Ok(match v {
        Value::Nil => J::Null,
        Value::Bool(b) => J::Bool(*b),
        Value::Int(i) | Value::Int64(i) => J::from(*i),
        Value::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
        Value::Str(s) => J::String(s.to_string()),
        Value::Bytes(b) => J::String(base64_encode(b)),
        Value::List(l) if l.nil && l.items.is_empty() => J::Null,
        Value::List(l) => J::Array(
            l.items
                .iter()
                .map(|x| to_serde(x, depth + 1))
                .collect::<Result<_, _>>()?,
        ),
        Value::Map(m) if m.is_nil() && m.is_empty() => J::Null,
        Value::Map(m) => {
            let mut o = serde_json::Map::new();
            for (k, x) in m.entries() {
                o.insert(k, to_serde(&x, depth + 1)?);
            }
            J::Object(o)
        }
        Value::Object(o) => serde_json::from_str(&o.to_json()).map_err(|e| e.to_string())?,
    })
}

/// `json.Unmarshal` into `interface{}`: numbers `float64`; errors in Go's words.
pub fn from_json(text: &str) -> Result<Value, String> {
    match from_json_partial(text)? {
        (v, None) => Ok(v),
        (_, Some(e)) => Err(e),
    }
}

/// `json.Unmarshal` that also gives what it decoded when a number does not fit a `float64`:
/// Go saves that error, stores nothing for the number and decodes on (`d.saveError`).
pub fn from_json_partial(text: &str) -> Result<(Value, Option<String>), String> {
    let mut p = JsonParser::new(text);
    p.ws();
    let v = p.value(0)?;
    p.ws();
    if p.i < p.b.len() {
        return Err(format!(
            "invalid character {} after top-level value",
            p.quote_char()
        ));
    }
    Ok((v, p.saved))
}

/// `json.Decoder.Decode` into `interface{}`: the first JSON value in `text` and how many bytes
/// it took (`InputOffset`); what follows is left unread, even when it is not JSON.
pub fn decode_json_prefix(text: &str) -> Result<(Value, usize), String> {
    let mut p = JsonParser::new(text);
    p.ws();
    let v = p.value(0)?;
    match p.saved {
        Some(e) => Err(e),
        None => Ok((v, p.i)),
    }
}

struct JsonParser<'a> {
    b: &'a [u8],
    i: usize,
    /// The first number out of `float64`'s range.
    saved: Option<String>,
}

impl JsonParser<'_> {
    fn new(text: &str) -> JsonParser<'_> {
        JsonParser {
            b: text.as_bytes(),
            i: 0,
            saved: None,
        }
    }

    fn ws(&mut self) {
        while self.i < self.b.len() && matches!(self.b[self.i], b' ' | b'\t' | b'\n' | b'\r') {
            self.i += 1;
        }
    }

    /// `quoteChar`: how Go names the offending character.
    fn quote_char(&self) -> String {
        let s = std::str::from_utf8(&self.b[self.i..]).unwrap_or("\u{FFFD}");
        let c = s.chars().next().unwrap_or('\u{FFFD}');
        match c {
            '\'' => "'\\''".into(),
            '"' => "'\"'".into(),
            c => {
                let q = crate::go::quote(&c.to_string());
                format!("'{}'", &q[1..q.len() - 1])
            }
        }
    }

    fn eof<T>(&self) -> Result<T, String> {
        Err("unexpected end of JSON input".into())
    }

    /// The scanner's `eof` steps a space through the state machine, so input that ends
    /// inside a literal or a number fails on that space (`encoding/json` `scanner.eof`).
    fn eof_in<T>(&self, what: &str) -> Result<T, String> {
        Err(format!("invalid character ' ' {what}"))
    }

    fn value(&mut self, depth: usize) -> Result<Value, String> {
        if depth > MAX_DEPTH {
            return Err("exceeded max depth".into());
        }
        self.ws();
        let Some(&c) = self.b.get(self.i) else {
            return self.eof();
        };
        match c {
            b'{' => {
                self.i += 1;
                let mut m = BTreeMap::new();
                self.ws();
                if self.b.get(self.i) == Some(&b'}') {
                    self.i += 1;
                    return Ok(Value::map(m));
                }
                loop {
                    self.ws();
                    match self.b.get(self.i) {
                        None => return self.eof(),
                        Some(b'"') => {}
                        Some(_) => {
                            return Err(format!(
                                "invalid character {} looking for beginning of object key string",
                                self.quote_char()
                            ));
                        }
                    }
                    let k = self.string()?;
                    self.ws();
                    match self.b.get(self.i) {
                        None => return self.eof(),
                        Some(b':') => self.i += 1,
                        Some(_) => {
                            return Err(format!(
                                "invalid character {} after object key",
                                self.quote_char()
                            ));
                        }
                    }
                    let v = self.value(depth + 1)?;
                    m.insert(k, v);
                    self.ws();
                    match self.b.get(self.i) {
                        None => return self.eof(),
                        Some(b',') => self.i += 1,
                        Some(b'}') => {
                            self.i += 1;
                            return Ok(Value::map(m));
                        }
                        Some(_) => {
                            return Err(format!(
                                "invalid character {} after object key:value pair",
                                self.quote_char()
                            ));
                        }
                    }
                }
            }
            b'[' => {
                self.i += 1;
                let mut items = Vec::new();
                self.ws();
                if self.b.get(self.i) == Some(&b']') {
                    self.i += 1;
                    return Ok(Value::any_list(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    self.ws();
                    match self.b.get(self.i) {
                        None => return self.eof(),
                        Some(b',') => self.i += 1,
                        Some(b']') => {
                            self.i += 1;
                            return Ok(Value::any_list(items));
                        }
                        Some(_) => {
                            return Err(format!(
                                "invalid character {} after array element",
                                self.quote_char()
                            ));
                        }
                    }
                }
            }
            b'"' => Ok(Value::string(self.string()?)),
            b't' => self.literal("true", Value::Bool(true)),
            b'f' => self.literal("false", Value::Bool(false)),
            b'n' => self.literal("null", Value::Nil),
            b'-' | b'0'..=b'9' => self.number(),
            _ => Err(format!(
                "invalid character {} looking for beginning of value",
                self.quote_char()
            )),
        }
    }

    fn literal(&mut self, word: &str, v: Value) -> Result<Value, String> {
        for expected in word.bytes() {
            match self.b.get(self.i) {
                None => {
                    return self.eof_in(&format!(
                        "in literal {word} (expecting '{}')",
                        expected as char
                    ));
                }
                Some(c) if *c == expected => self.i += 1,
                Some(_) => {
                    return Err(format!(
                        "invalid character {} in literal {word} (expecting '{}')",
                        self.quote_char(),
                        expected as char
                    ));
                }
            }
        }
        Ok(v)
    }

    fn number(&mut self) -> Result<Value, String> {
        let start = self.i;
        if self.b[self.i] == b'-' {
            self.i += 1;
        }
        let digits = |p: &mut Self| {
            let s = p.i;
            while p.i < p.b.len() && p.b[p.i].is_ascii_digit() {
                p.i += 1;
            }
            p.i - s
        };
        match self.b.get(self.i) {
            None => return self.eof_in("in numeric literal"),
            Some(b'0') => self.i += 1,
            Some(b'1'..=b'9') => {
                digits(self);
            }
            Some(_) => {
                return Err(format!(
                    "invalid character {} in numeric literal",
                    self.quote_char()
                ));
            }
        }
        if self.b.get(self.i) == Some(&b'.') {
            self.i += 1;
            if digits(self) == 0 {
                if self.i >= self.b.len() {
                    return self.eof_in("after decimal point in numeric literal");
                }
                return Err(format!(
                    "invalid character {} after decimal point in numeric literal",
                    self.quote_char()
                ));
            }
        }
        if matches!(self.b.get(self.i), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.b.get(self.i), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if digits(self) == 0 {
                if self.i >= self.b.len() {
                    return self.eof_in("in exponent of numeric literal");
                }
                return Err(format!(
                    "invalid character {} in exponent of numeric literal",
                    self.quote_char()
                ));
            }
        }
        let text = std::str::from_utf8(&self.b[start..self.i]).unwrap_or("0");
        match crate::yaml::parse_float(text).filter(|f| f.is_finite()) {
            Some(f) => Ok(Value::Float(f)),
            None => {
                self.saved.get_or_insert_with(|| {
                    format!("json: cannot unmarshal number {text} into Go value of type float64")
                });
                Ok(Value::Nil)
            }
        }
    }

    fn string(&mut self) -> Result<String, String> {
        self.i += 1;
        let mut out = Vec::new();
        loop {
            let Some(&c) = self.b.get(self.i) else {
                return self.eof();
            };
            match c {
                b'"' => {
                    self.i += 1;
                    return Ok(String::from_utf8_lossy(&out).into_owned());
                }
                b'\\' => {
                    self.i += 1;
                    let Some(&e) = self.b.get(self.i) else {
                        return self.eof();
                    };
                    self.i += 1;
                    match e {
                        b'"' => out.push(b'"'),
                        b'\\' => out.push(b'\\'),
                        b'/' => out.push(b'/'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'u' => {
                            let hex = self
                                .b
                                .get(self.i..self.i + 4)
                                .ok_or("unexpected end of JSON input".to_string())?;
                            let code =
                                u32::from_str_radix(std::str::from_utf8(hex).unwrap_or("x"), 16)
                                    .map_err(|_| {
                                        "invalid character in \\u hexadecimal character escape"
                                            .to_string()
                                    })?;
                            self.i += 4;
                            let mut code = code;
                            if (0xD800..0xDC00).contains(&code)
                                && self.b.get(self.i..self.i + 2) == Some(b"\\u")
                                && let Some(lo) = self
                                    .b
                                    .get(self.i + 2..self.i + 6)
                                    .and_then(|h| std::str::from_utf8(h).ok())
                                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                                && (0xDC00..0xE000).contains(&lo)
                            {
                                code = 0x10000 + ((code - 0xD800) << 10) + (lo - 0xDC00);
                                self.i += 6;
                            }
                            let ch = char::from_u32(code).unwrap_or('\u{FFFD}');
                            let mut buf = [0u8; 4];
                            out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                        }
                        _ => {
                            self.i -= 1;
                            return Err(format!(
                                "invalid character {} in string escape code",
                                self.quote_char()
                            ));
                        }
                    }
                }
                c if c < 0x20 => {
                    return Err(format!(
                        "invalid character {} in string literal",
                        self.quote_char()
                    ));
                }
                c => {
                    out.push(c);
                    self.i += 1;
                }
            }
        }
    }
}
