//! Go's `fmt` for template values: `print`, `println`, `printf` and how an action prints its
//! value (`%v`): `map[a:1 b:2]`, `[1 two 3.5]`, floats in their shortest form with an
//! exponent from 1e+21 (`1e+06` for a million), and `%!d(float64=3)` for a verb that does not
//! fit its operand.

use super::value::Value;
use crate::go;

/// `%v` of a value (`fmt.Sprint` of one operand).
pub fn sprint_v(v: &Value) -> String {
    let mut out = String::new();
    print_v(&mut out, v, 0, false);
    out
}

fn print_v(out: &mut String, v: &Value, depth: usize, nested: bool) {
    if depth > super::MAX_DEPTH {
        out.push_str("...");
        return;
    }
    match v {
        Value::Nil => out.push_str("<nil>"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) | Value::Int64(i) => out.push_str(&i.to_string()),
        Value::Float(f) => out.push_str(&go::format_float(*f, 'g', -1)),
        Value::Str(s) => out.push_str(s),
        Value::Bytes(b) => {
            out.push('[');
            for (i, x) in b.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                out.push_str(&x.to_string());
            }
            out.push(']');
        }
        Value::List(l) => {
            out.push('[');
            for (i, x) in l.items.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                print_v(out, x, depth + 1, true);
            }
            out.push(']');
        }
        Value::Map(m) => {
            out.push_str("map[");
            for (i, (k, x)) in m.entries().iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                out.push_str(k);
                out.push(':');
                print_v(out, x, depth + 1, true);
            }
            out.push(']');
        }
        Value::Object(o) => {
            let _ = nested;
            out.push_str(&o.print());
        }
    }
}

/// `fmt.Sprint`: operands side by side, a space between two when neither is a string.
pub fn sprint(args: &[Value]) -> String {
    let mut out = String::new();
    for (i, a) in args.iter().enumerate() {
        let is_str = |v: &Value| matches!(v, Value::Str(_));
        if i > 0 && !is_str(a) && !is_str(&args[i - 1]) {
            out.push(' ');
        }
        out.push_str(&sprint_v(a));
    }
    out
}

/// `fmt.Sprintln`: operands separated by spaces, then a newline.
pub fn sprintln(args: &[Value]) -> String {
    let mut out: Vec<String> = args.iter().map(sprint_v).collect::<Vec<_>>();
    out.push(String::new());
    let mut s = out[..out.len() - 1].join(" ");
    s.push('\n');
    s
}

#[derive(Default, Clone, Copy)]
struct Flags {
    minus: bool,
    plus: bool,
    sharp: bool,
    space: bool,
    zero: bool,
    width: Option<usize>,
    prec: Option<usize>,
}

/// `fmt.Sprintf` (`doPrintf`), explicit argument indexes (`%[2]d`, `%[1]*d`) included.
pub fn sprintf(format: &str, args: &[Value]) -> String {
    let b = format.as_bytes();
    let end = b.len();
    let mut out = String::new();
    let mut arg = 0usize;
    let mut reordered = false;
    let mut i = 0;
    // `argNumber`: a `[n]` at `i` selects argument n (one-based).
    let arg_number =
        |arg: usize, i: usize, reordered: &mut bool, good: &mut bool| -> (usize, usize, bool) {
            if i >= end || b[i] != b'[' {
                return (arg, i, false);
            }
            *reordered = true;
            let Some(close) = format[i..].find(']').filter(|_| end - i >= 3) else {
                *good = false;
                return (arg, i + 1, false);
            };
            let digits = &format[i + 1..i + close];
            match digits.parse::<usize>() {
                Ok(n) if !digits.is_empty() && digits.bytes().all(|c| c.is_ascii_digit()) => {
                    if n >= 1 && n - 1 < args.len() {
                        (n - 1, i + close + 1, true)
                    } else {
                        *good = false;
                        (arg, i + close + 1, true)
                    }
                }
                _ => {
                    *good = false;
                    (arg, i + close + 1, false)
                }
            }
        };
    let num = |i: &mut usize| -> Option<usize> {
        let start = *i;
        while *i < end && b[*i].is_ascii_digit() {
            *i += 1;
        }
        (*i > start).then(|| {
            format[start..*i]
                .parse::<usize>()
                .unwrap_or(usize::MAX)
                .min(1_000_000)
        })
    };
    while i < end {
        let lit = format[i..].find('%').map_or(end, |k| i + k);
        out.push_str(&format[i..lit]);
        if lit >= end {
            break;
        }
        i = lit + 1;
        let mut fl = Flags::default();
        let mut good = true;
        // Flags.
        while i < end {
            match b[i] {
                b'-' => {
                    fl.minus = true;
                    fl.zero = false;
                }
                b'+' => fl.plus = true,
                b'#' => fl.sharp = true,
                b' ' => fl.space = true,
                b'0' => fl.zero = !fl.minus,
                _ => break,
            }
            i += 1;
        }
        let mut after_index;
        (arg, i, after_index) = arg_number(arg, i, &mut reordered, &mut good);
        // Width.
        if i < end && b[i] == b'*' {
            i += 1;
            match args.get(arg) {
                Some(Value::Int(n)) | Some(Value::Int64(n)) => {
                    if *n < 0 {
                        fl.minus = true;
                        fl.zero = false;
                    }
                    fl.width = Some(n.unsigned_abs().min(1_000_000) as usize);
                }
                _ => out.push_str("%!(BADWIDTH)"),
            }
            arg += 1;
            after_index = false;
        } else {
            fl.width = num(&mut i);
            if after_index && fl.width.is_some() {
                good = false;
            }
        }
        // Precision.
        if i + 1 < end && b[i] == b'.' {
            i += 1;
            if after_index {
                good = false;
            }
            (arg, i, after_index) = arg_number(arg, i, &mut reordered, &mut good);
            if i < end && b[i] == b'*' {
                i += 1;
                match args.get(arg) {
                    Some(Value::Int(n)) | Some(Value::Int64(n)) if *n >= 0 => {
                        fl.prec = Some((*n as usize).min(1_000_000))
                    }
                    _ => out.push_str("%!(BADPREC)"),
                }
                arg += 1;
                after_index = false;
            } else {
                fl.prec = Some(num(&mut i).unwrap_or(0));
            }
        }
        if !after_index {
            (arg, i, _) = arg_number(arg, i, &mut reordered, &mut good);
        }
        let Some(verb) = format[i.min(end)..].chars().next() else {
            out.push_str("%!(NOVERB)");
            break;
        };
        i += verb.len_utf8();
        if verb == '%' {
            out.push('%');
            continue;
        }
        if !good {
            out.push_str(&format!("%!{verb}(BADINDEX)"));
            continue;
        }
        let Some(a) = args.get(arg) else {
            out.push_str(&format!("%!{verb}(MISSING)"));
            continue;
        };
        arg += 1;
        format_one(&mut out, verb, a, fl, 0);
    }
    if !reordered && arg < args.len() {
        out.push_str("%!(EXTRA ");
        for (i, a) in args[arg..].iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            out.push_str(&type_or_nil(a));
            out.push('=');
            out.push_str(&sprint_v(a));
        }
        out.push(')');
    }
    out
}

fn type_or_nil(v: &Value) -> String {
    v.type_name()
}

fn bad_verb(out: &mut String, verb: char, v: &Value) {
    out.push_str("%!");
    out.push(verb);
    out.push('(');
    if v.is_nil() {
        out.push_str("<nil>");
    } else {
        out.push_str(&v.type_name());
        out.push('=');
        out.push_str(&sprint_v(v));
    }
    out.push(')');
}

fn pad(out: &mut String, s: &str, fl: Flags) {
    let n = s.chars().count();
    let w = fl.width.unwrap_or(0);
    if n >= w {
        out.push_str(s);
        return;
    }
    let fill = w - n;
    if fl.minus {
        out.push_str(s);
        out.extend(std::iter::repeat_n(' ', fill));
    } else if fl.zero {
        out.extend(std::iter::repeat_n('0', fill));
        out.push_str(s);
    } else {
        out.extend(std::iter::repeat_n(' ', fill));
        out.push_str(s);
    }
}

/// Pads a number: zero padding goes after the sign.
fn pad_number(out: &mut String, s: &str, fl: Flags) {
    if fl.zero && !fl.minus && fl.width.is_some_and(|w| w > s.len()) {
        let (sign, digits) = match s.as_bytes().first() {
            Some(b'-' | b'+' | b' ') => s.split_at(1),
            _ => ("", s),
        };
        out.push_str(sign);
        let w = fl.width.unwrap_or(0) - sign.len();
        out.extend(std::iter::repeat_n('0', w.saturating_sub(digits.len())));
        out.push_str(digits);
    } else {
        pad(out, s, Flags { zero: false, ..fl });
    }
}

fn format_one(out: &mut String, verb: char, v: &Value, fl: Flags, depth: usize) {
    if depth > super::MAX_DEPTH {
        return;
    }
    match verb {
        'v' => {
            if fl.sharp {
                pad(out, &go_syntax(v), fl);
                return;
            }
            match v {
                Value::Int(_) | Value::Int64(_) | Value::Float(_) => format_one(
                    out,
                    if matches!(v, Value::Float(_)) {
                        'g'
                    } else {
                        'd'
                    },
                    v,
                    fl,
                    depth,
                ),
                Value::List(_) | Value::Map(_) => compound(out, 'v', v, fl, depth),
                _ => pad(out, &sprint_v(v), fl),
            }
        }
        'T' => pad(out, &v.type_name(), fl),
        _ => match v {
            Value::Nil => bad_verb(out, verb, v),
            Value::Bool(b) => match verb {
                't' => pad(out, if *b { "true" } else { "false" }, fl),
                _ => bad_verb(out, verb, v),
            },
            Value::Int(i) | Value::Int64(i) => int_verb(out, verb, *i, v, fl),
            Value::Float(f) => float_verb(out, verb, *f, v, fl),
            Value::Str(s) => str_verb(out, verb, s.as_bytes(), v, fl),
            Value::Bytes(b) => match verb {
                's' | 'q' | 'x' | 'X' => str_verb(out, verb, b, v, fl),
                _ => compound(out, verb, v, fl, depth),
            },
            Value::List(_) | Value::Map(_) => compound(out, verb, v, fl, depth),
            Value::Object(o) => match verb {
                's' => pad(out, &o.print(), fl),
                _ => bad_verb(out, verb, v),
            },
        },
    }
}

/// A slice or map printed element by element with the verb.
fn compound(out: &mut String, verb: char, v: &Value, fl: Flags, depth: usize) {
    match v {
        Value::List(l) => {
            out.push('[');
            for (i, x) in l.items.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                format_one(out, verb, x, fl, depth + 1);
            }
            out.push(']');
        }
        Value::Bytes(b) => {
            out.push('[');
            for (i, x) in b.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                format_one(out, verb, &Value::Int(*x as i64), fl, depth + 1);
            }
            out.push(']');
        }
        Value::Map(m) => {
            out.push_str("map[");
            for (i, (k, x)) in m.entries().iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                format_one(out, verb, &Value::str(k), fl, depth + 1);
                out.push(':');
                format_one(out, verb, x, fl, depth + 1);
            }
            out.push(']');
        }
        _ => {}
    }
}

fn int_verb(out: &mut String, verb: char, i: i64, v: &Value, fl: Flags) {
    let sign = if i < 0 {
        "-"
    } else if fl.plus {
        "+"
    } else if fl.space {
        " "
    } else {
        ""
    };
    let a = i.unsigned_abs();
    let body = match verb {
        'd' => a.to_string(),
        'b' => format!("{a:b}"),
        'o' | 'O' => {
            let s = format!("{a:o}");
            if verb == 'O' {
                format!("0o{s}")
            } else if fl.sharp && !s.starts_with('0') {
                format!("0{s}")
            } else {
                s
            }
        }
        'x' => {
            let s = format!("{a:x}");
            if fl.sharp { format!("0x{s}") } else { s }
        }
        'X' => {
            let s = format!("{a:X}");
            if fl.sharp { format!("0X{s}") } else { s }
        }
        'c' => {
            pad(
                out,
                &char::from_u32(i as u32).unwrap_or('\u{FFFD}').to_string(),
                fl,
            );
            return;
        }
        'q' => {
            let c = char::from_u32(i as u32).unwrap_or('\u{FFFD}');
            let q = go::quote(&c.to_string());
            let inner = &q[1..q.len() - 1];
            let inner = if inner == "'" { "\\'" } else { inner };
            let inner = if inner == "\\\"" { "\"" } else { inner };
            pad(out, &format!("'{inner}'"), fl);
            return;
        }
        'U' => {
            let mut text = format!("U+{:04X}", a);
            // `%#U` adds the character, quoted, when it is printable.
            if fl.sharp
                && let Some(c) = char::from_u32(a as u32).filter(|c| !c.is_control())
            {
                text.push_str(&format!(" '{c}'"));
            }
            pad(out, &text, fl);
            return;
        }
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' | 's' | 't' => {
            bad_verb(out, verb, v);
            return;
        }
        _ => {
            bad_verb(out, verb, v);
            return;
        }
    };
    let body = match fl.prec {
        Some(p) if body.len() < p => format!("{}{body}", "0".repeat(p - body.len())),
        Some(0) if a == 0 => String::new(),
        _ => body,
    };
    let fl = if fl.prec.is_some() {
        Flags { zero: false, ..fl }
    } else {
        fl
    };
    pad_number(out, &format!("{sign}{body}"), fl);
}

fn float_verb(out: &mut String, verb: char, f: f64, v: &Value, fl: Flags) {
    let prec = fl.prec.map(|p| p as i32);
    let mut s = match verb {
        'e' | 'E' => go::format_float(f, verb, prec.unwrap_or(6)),
        'f' | 'F' => go::format_float(f, 'f', prec.unwrap_or(6)),
        'g' | 'G' => go::format_float(f, verb, prec.unwrap_or(-1)),
        'x' | 'X' | 'b' => {
            bad_verb(out, verb, v);
            return;
        }
        _ => {
            bad_verb(out, verb, v);
            return;
        }
    };
    if f.is_infinite() || f.is_nan() {
        let s = match (f.is_nan(), f > 0.0) {
            (true, _) => {
                if fl.plus {
                    "+NaN"
                } else if fl.space {
                    " NaN"
                } else {
                    "NaN"
                }
            }
            (false, true) => {
                if fl.plus {
                    "+Inf"
                } else if fl.space {
                    " Inf"
                } else {
                    "+Inf"
                }
            }
            (false, false) => "-Inf",
        };
        let s = if !fl.plus && !fl.space && s == "+Inf" {
            "+Inf"
        } else {
            s
        };
        pad(out, s, Flags { zero: false, ..fl });
        return;
    }
    if fl.sharp && !s.contains('.') && !s.contains('e') {
        s.push('.');
    }
    if !s.starts_with('-') {
        if fl.plus {
            s.insert(0, '+');
        } else if fl.space {
            s.insert(0, ' ');
        }
    }
    pad_number(out, &s, fl);
}

fn str_verb(out: &mut String, verb: char, b: &[u8], v: &Value, fl: Flags) {
    let s = String::from_utf8_lossy(b);
    match verb {
        's' => {
            let s: String = match fl.prec {
                Some(p) => s.chars().take(p).collect(),
                None => s.into_owned(),
            };
            pad(out, &s, fl);
        }
        'q' => {
            let s: String = match fl.prec {
                Some(p) => s.chars().take(p).collect(),
                None => s.into_owned(),
            };
            let q = if fl.sharp
                && !s.contains('`')
                && !s.chars().any(|c| c.is_control() && c != '\t')
            {
                format!("`{s}`")
            } else {
                go::quote(&s)
            };
            pad(out, &q, fl);
        }
        'x' | 'X' => {
            let mut h = String::new();
            let bytes: Vec<u8> = match fl.prec {
                Some(p) => b.iter().take(p).copied().collect(),
                None => b.to_vec(),
            };
            for (i, x) in bytes.iter().enumerate() {
                if fl.space && i > 0 {
                    h.push(' ');
                }
                if fl.sharp && (fl.space || i == 0) {
                    h.push_str(if verb == 'x' { "0x" } else { "0X" });
                }
                if verb == 'x' {
                    h.push_str(&format!("{x:02x}"));
                } else {
                    h.push_str(&format!("{x:02X}"));
                }
            }
            pad(out, &h, fl);
        }
        _ => bad_verb(out, verb, v),
    }
}

/// `%#v`: Go syntax.
fn go_syntax(v: &Value) -> String {
    match v {
        Value::Nil => "<nil>".into(),
        Value::Str(s) => go::quote(s),
        Value::Float(f) => go::format_float(*f, 'g', -1),
        Value::List(l) => {
            let items: Vec<String> = l.items.iter().map(go_syntax).collect();
            format!("{}{{{}}}", v.type_name(), items.join(", "))
        }
        Value::Map(m) => {
            let items: Vec<String> = m
                .entries()
                .iter()
                .map(|(k, x)| format!("{}:{}", go::quote(k), go_syntax(x)))
                .collect();
            format!("{}{{{}}}", v.type_name(), items.join(", "))
        }
        other => sprint_v(other),
    }
}
