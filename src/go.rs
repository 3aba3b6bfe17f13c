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

fn decimal_bits(f: f64, significant: Option<usize>, bits: u32) -> (String, i32) {
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
