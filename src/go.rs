//! Go's formatting of values, as Kubernetes prints them in messages users compare with ours:
//! `%q` of a string, `%#v` of a `[]string`. A leaf: every layer may use it.

use std::fmt::Write;

/// Go's `%q` for the strings that occur in manifests.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{b}' => out.push_str("\\v"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            // What `unicode.IsPrint` rejects and can hide or reorder text: C1 controls,
            // spaces other than ' ', zero-width and bidirectional formatting characters, the
            // byte-order mark, private use, tags.
            c if matches!(c as u32, 0x80..=0x9f | 0xa0 | 0xad | 0x61c | 0x1680 | 0x180e
                | 0x2000..=0x200f | 0x2028..=0x202f | 0x205f..=0x206f | 0x3000 | 0xfeff
                | 0xfff9..=0xfffb | 0xe000..=0xf8ff | 0xe0000..=0xe007f) =>
            {
                let _ = match c as u32 {
                    n @ 0x10000.. => write!(out, "\\U{n:08x}"),
                    n => write!(out, "\\u{n:04x}"),
                };
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Go's `%#v` of a `[]string`: `[]string{"a", "b"}`.
pub fn string_slice<S: AsRef<str>>(v: &[S]) -> String {
    let items: Vec<String> = v.iter().map(|x| quote(x.as_ref())).collect();
    format!("[]string{{{}}}", items.join(", "))
}

/// The decimal digits of `f` (no sign, no leading or trailing zeros; `"0"` for zero) and the
/// position of the decimal point after them: the shortest that reads back as `f` when
/// `significant` is `None`, else rounded to that many significant digits.
fn decimal(f: f64, significant: Option<usize>) -> (String, i32) {
    decimal_bits(f, significant, 64)
}

pub(crate) fn decimal_bits(f: f64, significant: Option<usize>, bits: u32) -> (String, i32) {
    let f = f.abs();
    if f == 0.0 {
        return ("0".into(), 1);
    }
    let text = match significant {
        // serde_json prints the shortest representation (Ryu).
        None if bits == 32 => serde_json::to_string(&(f as f32)).unwrap_or_default(),
        None => serde_json::to_string(&f).unwrap_or_default(),
        Some(n) => format!("{:.*e}", n.max(1) - 1, f),
    };
    let (mantissa, exp10) = match text.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.parse::<i32>().unwrap_or(0)),
        None => (text.as_str(), 0),
    };
    let point = mantissa.find('.').unwrap_or(mantissa.len()) as i32;
    let all: String = mantissa.chars().filter(|c| *c != '.').collect();
    let lead = all.len() - all.trim_start_matches('0').len();
    let digits = all.trim_start_matches('0').trim_end_matches('0');
    if digits.is_empty() {
        return ("0".into(), 1);
    }
    (digits.to_string(), point - lead as i32 + exp10)
}

/// `strconv.FormatFloat(f, 'g', -1, 32)`: the shortest digits that read back as the same
/// `float32`.
pub fn format_float32_g(f: f64) -> String {
    if !f.is_finite() {
        return format_float(f, 'g', -1);
    }
    let (d, dp) = decimal_bits(f, None, 32);
    let sign = if f.is_sign_negative() && f != 0.0 {
        "-"
    } else {
        ""
    };
    let exp = dp - 1;
    if !(-4..6).contains(&exp) {
        return format!("{sign}{}", exp_form(&d, dp, d.len() - 1, 'e'));
    }
    let decimals = (d.len() as i32 - dp).max(0) as usize;
    format!("{sign}{}", fixed(&d, dp, decimals))
}

/// `strconv.FormatFloat(f, verb, prec, 64)` for the verbs `e`, `E`, `f`, `g`, `G`; `prec`
/// `-1` asks for the fewest digits that read back exactly.
pub fn format_float(f: f64, verb: char, prec: i32) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf" } else { "-Inf" }.into();
    }
    let neg = f.is_sign_negative();
    let sign = if neg { "-" } else { "" };
    let shortest = prec < 0;
    match verb {
        'f' | 'F' => {
            if shortest {
                let (d, dp) = decimal(f, None);
                let decimals = (d.len() as i32 - dp).max(0) as usize;
                return format!("{sign}{}", fixed(&d, dp, decimals));
            }
            format!("{sign}{:.*}", prec as usize, f.abs())
        }
        'e' | 'E' => {
            let (d, dp) = if shortest {
                decimal(f, None)
            } else {
                decimal(f, Some(prec as usize + 1))
            };
            let p = if shortest { d.len() - 1 } else { prec as usize };
            format!("{sign}{}", exp_form(&d, dp, p, verb))
        }
        _ => {
            let upper = verb == 'G';
            let mut p = if prec == 0 { 1 } else { prec };
            let (d, dp) = if shortest {
                decimal(f, None)
            } else {
                decimal(f, Some(p as usize))
            };
            let nd = d.len() as i32;
            let mut eprec = p;
            if eprec > nd && nd >= dp {
                eprec = nd;
            }
            if shortest {
                eprec = 6;
            }
            let exp = dp - 1;
            if exp < -4 || exp >= eprec {
                if shortest || p > nd {
                    p = nd;
                }
                let e = if upper { 'E' } else { 'e' };
                return format!("{sign}{}", exp_form(&d, dp, (p - 1) as usize, e));
            }
            if shortest || p > dp {
                p = nd;
            }
            format!("{sign}{}", fixed(&d, dp, (p - dp).max(0) as usize))
        }
    }
}

/// `d.ddde±XX` with `prec` digits after the point.
fn exp_form(d: &str, dp: i32, prec: usize, e: char) -> String {
    let mut out = String::new();
    let mut digits = d.chars();
    out.push(digits.next().unwrap_or('0'));
    if prec > 0 {
        out.push('.');
        let rest: String = digits.collect();
        out.push_str(&rest);
        for _ in rest.len()..prec {
            out.push('0');
        }
    }
    let exp = if d == "0" { 0 } else { dp - 1 };
    let (s, a) = if exp < 0 { ('-', -exp) } else { ('+', exp) };
    out.push(e);
    out.push(s);
    if a < 10 {
        out.push('0');
    }
    out.push_str(&a.to_string());
    out
}

/// `ddd.ddd` with `decimals` digits after the point, from digits and point position.
fn fixed(d: &str, dp: i32, decimals: usize) -> String {
    let mut out = String::new();
    if dp <= 0 {
        out.push('0');
    } else {
        for i in 0..dp as usize {
            out.push(d.as_bytes().get(i).map_or('0', |b| *b as char));
        }
    }
    if decimals > 0 {
        out.push('.');
        for i in 0..decimals as i32 {
            let idx = dp + i;
            out.push(if idx < 0 {
                '0'
            } else {
                d.as_bytes().get(idx as usize).map_or('0', |b| *b as char)
            });
        }
    }
    out
}

/// The civil date (year, month, day) of a day count since 1970-01-01, as Go's `time` package
/// computes it (Howard Hinnant's algorithm).
pub fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// A string as Go's `encoding/json` writes it: `"` and `\` escaped, `\b \f \n \r \t` short,
/// other control characters, U+2028 and U+2029 as `\u00XX`/`\u20XX`, and with `html` (what
/// `json.Marshal` always does) `<`, `>` and `&` as `\u003c`, `\u003e`, `\u0026`. The bytes go
/// to `put` in runs, each cut at a character boundary.
pub fn json_string(s: &str, html: bool, mut put: impl FnMut(&[u8])) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    put(b"\"");
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let short: Option<&[u8]> = match b {
            b'"' => Some(b"\\\""),
            b'\\' => Some(b"\\\\"),
            b'\n' => Some(b"\\n"),
            b'\r' => Some(b"\\r"),
            b'\t' => Some(b"\\t"),
            0x08 => Some(b"\\b"),
            0x0c => Some(b"\\f"),
            _ => None,
        };
        // U+2028 and U+2029 are E2 80 A8 and E2 80 A9.
        let line_sep = b == 0xe2
            && bytes.get(i + 1) == Some(&0x80)
            && matches!(bytes.get(i + 2), Some(0xa8 | 0xa9));
        let escaped =
            short.is_some() || line_sep || b < 0x20 || (html && matches!(b, b'<' | b'>' | b'&'));
        if !escaped {
            continue;
        }
        put(&bytes[start..i]);
        if let Some(esc) = short {
            put(esc);
            start = i + 1;
        } else if line_sep {
            put(if bytes[i + 2] == 0xa8 {
                b"\\u2028"
            } else {
                b"\\u2029"
            });
            start = i + 3;
        } else {
            put(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(b >> 4)],
                HEX[usize::from(b & 15)],
            ]);
            start = i + 1;
        }
    }
    put(&bytes[start..]);
    put(b"\"");
}

/// `json.Marshal` of a value decoded from JSON (objects as `map[string]interface{}`, so keys
/// sorted; HTML characters escaped), then, with `indent`, `json.Indent(dst, data, "", indent)`:
/// what kubectl's `-o json` and its JSONPath print.
pub fn json(v: &serde_json::Value, indent: Option<&str>) -> String {
    let mut out = String::new();
    json_into(&mut out, v, indent, 0);
    out
}

fn json_into(out: &mut String, v: &serde_json::Value, indent: Option<&str>, depth: usize) {
    use serde_json::Value;
    let newline = |out: &mut String, depth: usize| {
        if let Some(unit) = indent {
            out.push('\n');
            for _ in 0..depth {
                out.push_str(unit);
            }
        }
    };
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => {
                let _ = write!(out, "{i}");
            }
            (_, Some(u), _) => {
                let _ = write!(out, "{u}");
            }
            (_, _, Some(f)) => out.push_str(&crate::yaml::format_float(f)),
            _ => out.push_str("null"),
        },
        Value::String(s) => push_json_string(out, s, true),
        Value::Array(items) if items.is_empty() => out.push_str("[]"),
        Value::Array(items) => {
            out.push('[');
            for (i, x) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                json_into(out, x, indent, depth + 1);
            }
            newline(out, depth);
            out.push(']');
        }
        Value::Object(m) if m.is_empty() => out.push_str("{}"),
        Value::Object(m) => {
            let mut entries: Vec<_> = m.iter().collect();
            entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (i, (k, x)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                push_json_string(out, k, true);
                out.push_str(if indent.is_some() { ": " } else { ":" });
                json_into(out, x, indent, depth + 1);
            }
            newline(out, depth);
            out.push('}');
        }
    }
}

/// `json_string` onto a `String`.
pub fn push_json_string(out: &mut String, s: &str, html: bool) {
    json_string(s, html, |b| {
        out.push_str(std::str::from_utf8(b).unwrap_or_default())
    });
}

/// Masterminds/goutils `WrapCustom` (wordutils.go, v1.1.1), which sprig's `wrap` (`sep` "",
/// `long_words` false) and `wrapWith` (`long_words` true) call, and through them helm's
/// templates and kubectl explain's: it counts bytes from the last break it made (a newline
/// already in the text is one more byte), breaks at the last space that fits, skips one
/// space at the start of a line, and leaves a word longer than `width` whole unless
/// `long_words`.
pub fn wrap_custom(text: &str, width: i64, sep: &str, long_words: bool) -> String {
    let s = text.as_bytes();
    if s.is_empty() {
        return String::new();
    }
    let sep = if sep.is_empty() { "\n" } else { sep }.as_bytes();
    let width = width.max(1) as usize;
    let mut out: Vec<u8> = Vec::with_capacity(s.len() + s.len() / width.max(1) + 1);
    let mut offset = 0;
    while s.len() - offset > width {
        if s[offset] == b' ' {
            offset += 1;
            continue;
        }
        let end = width + offset + 1;
        if let Some(space) = s[offset..end].iter().rposition(|&b| b == b' ') {
            out.extend_from_slice(&s[offset..offset + space]);
            out.extend_from_slice(sep);
            offset += space + 1;
        } else if long_words {
            out.extend_from_slice(&s[offset..width + offset]);
            out.extend_from_slice(sep);
            offset += width;
        } else {
            let end = width + offset;
            match s[end..].iter().position(|&b| b == b' ') {
                None => {
                    out.extend_from_slice(&s[offset..]);
                    offset = s.len();
                }
                Some(i) => {
                    out.extend_from_slice(&s[offset..end + i]);
                    out.extend_from_slice(sep);
                    offset = end + i + 1;
                }
            }
        }
    }
    out.extend_from_slice(&s[offset..]);
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}
