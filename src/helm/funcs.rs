//! The functions Helm templates can call: Sprig v3.3.0's `TxtFuncMap` minus `env` and
//! `expandenv`, overlaid with Helm's own (`pkg/engine/funcs.go`, `engine.go:initFunMap`,
//! helm v4.2.3 and v3.17.2) — with Go signatures, so argument errors read as Go's, and with
//! Sprig's conversions (`strval`, `toInt64`, `empty`). Random functions draw from a seeded
//! generator, so output is reproducible; clocks read a fixed instant.

use super::{Version, convert, objects, semver};
use crate::gotmpl::fmt::{sprint_v, sprintf};
use crate::gotmpl::{Elem, Error, Func, Funcs, Map, MapKind, Set, State, Ty, Val, Value};
use std::collections::BTreeMap;
use std::rc::Rc;

type R = Result<Val, Error>;

fn ok(v: Value) -> R {
    Ok(Val::new(v))
}

fn boxed(v: Value) -> R {
    Ok(Val::boxed(v))
}

fn fail(msg: impl Into<String>) -> R {
    Err(Error::plain(msg))
}

fn s(a: &Val) -> &str {
    a.v.as_str().unwrap_or_default()
}

fn int(a: &Val) -> i64 {
    match a.v {
        Value::Int(i) | Value::Int64(i) => i,
        _ => 0,
    }
}

/// Sprig's `strval`.
pub fn strval(v: &Value) -> String {
    match v {
        Value::Str(s) => s.to_string(),
        Value::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
        Value::Object(o) => o.print(),
        other => sprint_v(other),
    }
}

/// Sprig's `empty`.
pub fn empty(v: &Value) -> bool {
    match v {
        Value::Nil => true,
        Value::Bool(b) => !b,
        Value::Int(i) | Value::Int64(i) => *i == 0,
        Value::Float(f) => *f == 0.0,
        Value::Str(s) => s.is_empty(),
        Value::Bytes(b) => b.is_empty(),
        Value::List(l) => l.items.is_empty(),
        Value::Map(m) => m.is_empty(),
        Value::Object(o) => match (o.map_entries(), o.list_items()) {
            (Some(e), _) => e.is_empty(),
            (_, Some(l)) => l.is_empty(),
            _ => false,
        },
    }
}

/// `trimZeroDecimal` then `strconv.ParseInt(s, 0, 0)`, as spf13/cast reads strings.
fn parse_cast_int(s: &str) -> Option<i64> {
    let mut t = s;
    if let Some(dot) = t.find('.')
        && t[dot + 1..].bytes().all(|b| b == b'0')
        && dot + 1 < t.len()
    {
        t = &t[..dot];
    }
    let (neg, body) = match t.as_bytes().first()? {
        b'-' => (true, &t[1..]),
        b'+' => (false, &t[1..]),
        _ => (false, t),
    };
    let lower = body.to_ascii_lowercase();
    let (radix, digits) = if let Some(d) = lower.strip_prefix("0x") {
        (16, d.to_string())
    } else if let Some(d) = lower.strip_prefix("0o") {
        (8, d.to_string())
    } else if let Some(d) = lower.strip_prefix("0b") {
        (2, d.to_string())
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, lower[1..].to_string())
    } else {
        (10, lower.clone())
    };
    let digits: String = digits.chars().filter(|c| *c != '_').collect();
    if digits.is_empty() {
        return None;
    }
    let v = i128::from_str_radix(&digits, radix).ok()?;
    i64::try_from(if neg { -v } else { v }).ok()
}

/// spf13/cast `ToInt64`: 0 when it cannot convert.
pub fn to_int64(v: &Value) -> i64 {
    match v {
        Value::Int(i) | Value::Int64(i) => *i,
        // Go's `int64(f)` on amd64: a float out of range (or NaN) is CVTTSD2SI's "integer
        // indefinite", the smallest int64; Rust's `as` would saturate.
        Value::Float(f) => {
            if (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(f) {
                *f as i64
            } else {
                i64::MIN
            }
        }
        Value::Bool(b) => i64::from(*b),
        Value::Str(s) => parse_cast_int(s).unwrap_or(0),
        _ => 0,
    }
}

/// spf13/cast `ToFloat64`.
pub fn to_float64(v: &Value) -> f64 {
    match v {
        Value::Int(i) | Value::Int64(i) => *i as f64,
        Value::Float(f) => *f,
        Value::Bool(b) => f64::from(u8::from(*b)),
        Value::Str(s) => crate::yaml::parse_float(s).unwrap_or(0.0),
        _ => 0.0,
    }
}

/// Sprig's `strslice`.
fn strslice(v: &Value) -> Vec<String> {
    match v {
        Value::List(l) => l
            .items
            .iter()
            .filter(|x| !(l.elem == Elem::Any && x.is_nil()))
            .map(strval)
            .collect(),
        Value::Nil => Vec::new(),
        Value::Object(o) if o.list_items().is_some() => o
            .list_items()
            .unwrap_or_default()
            .iter()
            .map(strval)
            .collect(),
        other => vec![strval(other)],
    }
}

/// A slice as Sprig's reflection sees it, or `None` when `v` is not one.
fn as_list(v: &Value) -> Option<Vec<Value>> {
    match v {
        Value::List(l) => Some(l.items.clone()),
        Value::Bytes(b) => Some(b.iter().map(|x| Value::Int(*x as i64)).collect()),
        Value::Object(o) => o.list_items(),
        _ => None,
    }
}

fn as_map(v: &Value) -> Option<Map> {
    match v {
        Value::Map(m) => Some(m.clone()),
        _ => None,
    }
}

/// A list function given something that is not a list. Sprig's list functions begin with
/// `reflect.TypeOf(list).Kind()`, which for a nil (a missing value) dereferences a nil `Type`:
/// the template engine reports the runtime panic (sprig `list.go`, e.g. `mustFirst`).
fn type_err(what: &str, v: &Value) -> Error {
    if v.is_nil() {
        return Error::plain("runtime error: invalid memory address or nil pointer dereference");
    }
    Error::plain(format!("Cannot {what} on type {}", v.type_name()))
}

/// The seeded random source (splitmix64).
fn next_random(st: &mut State<'_>) -> u64 {
    st.run.rng = st.run.rng.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = st.run.rng;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn random_string(st: &mut State<'_>, n: i64, alphabet: &[u8]) -> String {
    (0..n.clamp(0, 1 << 20))
        .map(|_| alphabet[(next_random(st) % alphabet.len() as u64) as usize] as char)
        .collect()
}

struct Table<'a> {
    funcs: &'a mut Funcs,
}

impl Table<'_> {
    fn add(
        &mut self,
        name: &str,
        params: &[Ty],
        variadic: Option<Ty>,
        f: impl Fn(&mut State<'_>, Vec<Val>) -> R + 'static,
    ) {
        self.funcs
            .insert(name.to_string(), Func::new(params, variadic, f));
    }
    fn alias(&mut self, name: &str, to: &str) {
        if let Some(f) = self.funcs.get(to).cloned() {
            self.funcs.insert(name.to_string(), f);
        }
    }
}

/// Options that change what functions do.
#[derive(Clone, Debug)]
pub struct Options {
    pub version: Version,
    /// `helm lint` (the engine's `LintMode`): `required` and `fail` log and go on.
    pub lint: bool,
}

/// The whole function map: Go's builtins, Sprig, Helm.
pub fn funcs(opts: &Options) -> Funcs {
    let cmp = match opts.version {
        Version::V4 => crate::gotmpl::builtins::Comparisons::Typed,
        Version::V3 => crate::gotmpl::builtins::Comparisons::Plain,
    };
    let mut funcs = crate::gotmpl::builtins::builtins(cmp);
    let mut t = Table { funcs: &mut funcs };
    strings(&mut t);
    numbers(&mut t);
    lists(&mut t);
    dicts(&mut t);
    encoding(&mut t, opts.version);
    misc(&mut t, opts.version);
    crypto(&mut t, opts.version);
    helm(&mut t, opts.version, opts.lint);
    funcs
}

/// Go's builtins and Sprig's, without Helm's own (`funcMap`, pkg/engine/funcs.go, helm
/// v4.2.3): what `sprig.TxtFuncMap()` gives a template outside a chart (`--name-template`).
pub fn sprig(version: Version) -> Funcs {
    let mut all = funcs(&Options {
        version,
        lint: false,
    });
    for name in [
        "toToml",
        "fromToml",
        "toYaml",
        "mustToYaml",
        "toYamlPretty",
        "fromYaml",
        "fromYamlArray",
        "toJson",
        "mustToJson",
        "fromJson",
        "fromJsonArray",
        "include",
        "tpl",
        "required",
        "lookup",
        "getHostByName",
    ] {
        all.remove(name);
    }
    // Sprig's own `fail`, which helm's replaces.
    Table { funcs: &mut all }.add("fail", &[Ty::String], None, |_, a| fail(s(&a[0])));
    all
}

fn strings(t: &mut Table<'_>) {
    #[allow(unused_imports)]
    use Ty::{Any, Bool, Float64, Int, Map as TMap, String as Str};
    t.add("trunc", &[Int, Str], None, |_, a| {
        let (c, s) = (int(&a[0]), s(&a[1]));
        let b = s.as_bytes();
        let out = if c < 0 && (b.len() as i64) + c > 0 {
            &b[(b.len() as i64 + c) as usize..]
        } else if c >= 0 && (b.len() as i64) > c {
            &b[..c as usize]
        } else {
            b
        };
        ok(Value::string(String::from_utf8_lossy(out).into_owned()))
    });
    t.add("trim", &[Str], None, |_, a| ok(Value::str(s(&a[0]).trim())));
    t.add("upper", &[Str], None, |_, a| {
        ok(Value::string(s(&a[0]).to_uppercase()))
    });
    t.add("lower", &[Str], None, |_, a| {
        ok(Value::string(s(&a[0]).to_lowercase()))
    });
    t.add("title", &[Str], None, |_, a| {
        ok(Value::string(title(s(&a[0]))))
    });
    t.add("untitle", &[Str], None, |_, a| {
        ok(Value::string(untitle(s(&a[0]))))
    });
    t.add("substr", &[Int, Int, Str], None, |_, a| {
        let (start, end, src) = (int(&a[0]), int(&a[1]), s(&a[2]).as_bytes());
        let len = src.len() as i64;
        let (lo, hi) = if start < 0 {
            (0, end)
        } else if end < 0 || end > len {
            (start, len)
        } else {
            (start, end)
        };
        if lo < 0 || hi < lo || hi > len {
            return fail(format!(
                "runtime error: slice bounds out of range [{lo}:{hi}]"
            ));
        }
        ok(Value::string(
            String::from_utf8_lossy(&src[lo as usize..hi as usize]).into_owned(),
        ))
    });
    t.add("repeat", &[Int, Str], None, |_, a| {
        let n = int(&a[0]);
        if n < 0 {
            return fail("strings: negative Repeat count");
        }
        let text = s(&a[1]);
        if text.len().saturating_mul(n as usize) > 16 * 1024 * 1024 {
            return fail("strings: Repeat output length overflow");
        }
        ok(Value::string(text.repeat(n as usize)))
    });
    t.add("trimAll", &[Str, Str], None, |_, a| {
        let set: Vec<char> = s(&a[0]).chars().collect();
        ok(Value::str(s(&a[1]).trim_matches(|c| set.contains(&c))))
    });
    t.alias("trimall", "trimAll");
    t.add("trimSuffix", &[Str, Str], None, |_, a| {
        ok(Value::str(
            s(&a[1]).strip_suffix(s(&a[0])).unwrap_or(s(&a[1])),
        ))
    });
    t.add("trimPrefix", &[Str, Str], None, |_, a| {
        ok(Value::str(
            s(&a[1]).strip_prefix(s(&a[0])).unwrap_or(s(&a[1])),
        ))
    });
    t.add("nospace", &[Str], None, |_, a| {
        ok(Value::string(
            s(&a[0]).chars().filter(|c| !c.is_whitespace()).collect(),
        ))
    });
    t.add("initials", &[Str], None, |_, a| {
        let out: std::string::String = s(&a[0])
            .split_whitespace()
            .filter_map(|w| w.chars().next())
            .collect();
        ok(Value::string(out))
    });
    t.add("randAlphaNum", &[Int], None, |st, a| {
        let n = int(&a[0]);
        ok(Value::string(random_string(
            st,
            n,
            b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
        )))
    });
    t.add("randAlpha", &[Int], None, |st, a| {
        let n = int(&a[0]);
        ok(Value::string(random_string(
            st,
            n,
            b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
        )))
    });
    t.add("randNumeric", &[Int], None, |st, a| {
        let n = int(&a[0]);
        ok(Value::string(random_string(st, n, b"0123456789")))
    });
    t.add("randAscii", &[Int], None, |st, a| {
        let n = int(&a[0]);
        let alphabet: Vec<u8> = (32u8..127).collect();
        ok(Value::string(random_string(st, n, &alphabet)))
    });
    t.add("swapcase", &[Str], None, |_, a| {
        ok(Value::string(
            s(&a[0])
                .chars()
                .map(|c| {
                    if c.is_uppercase() {
                        c.to_lowercase().next().unwrap_or(c)
                    } else {
                        c.to_uppercase().next().unwrap_or(c)
                    }
                })
                .collect(),
        ))
    });
    t.add("shuffle", &[Str], None, |st, a| {
        let mut chars: Vec<char> = s(&a[0]).chars().collect();
        for i in (1..chars.len()).rev() {
            let j = (next_random(st) % (i as u64 + 1)) as usize;
            chars.swap(i, j);
        }
        ok(Value::string(chars.into_iter().collect()))
    });
    t.add("snakecase", &[Str], None, |_, a| {
        ok(Value::string(delimited(s(&a[0]), '_')))
    });
    t.add("kebabcase", &[Str], None, |_, a| {
        ok(Value::string(delimited(s(&a[0]), '-')))
    });
    t.add("camelcase", &[Str], None, |_, a| {
        ok(Value::string(pascal(s(&a[0]))))
    });
    t.add("abbrev", &[Int, Str], None, |_, a| {
        let width = int(&a[0]);
        let text = s(&a[1]);
        ok(Value::string(if width < 4 {
            text.to_string()
        } else {
            abbreviate(text, 0, width)
        }))
    });
    t.add("abbrevboth", &[Int, Int, Str], None, |_, a| {
        let (left, right) = (int(&a[0]), int(&a[1]));
        let text = s(&a[2]);
        ok(Value::string(if right < 4 || left > 0 && right < 7 {
            text.to_string()
        } else {
            abbreviate(text, left, right)
        }))
    });
    t.add("wrap", &[Int, Str], None, |_, a| {
        ok(Value::string(crate::go::wrap_custom(
            s(&a[1]),
            int(&a[0]),
            "",
            false,
        )))
    });
    t.add("wrapWith", &[Int, Str, Str], None, |_, a| {
        ok(Value::string(crate::go::wrap_custom(
            s(&a[2]),
            int(&a[0]),
            s(&a[1]),
            true,
        )))
    });
    t.add("contains", &[Str, Str], None, |_, a| {
        ok(Value::Bool(s(&a[1]).contains(s(&a[0]))))
    });
    t.add("hasPrefix", &[Str, Str], None, |_, a| {
        ok(Value::Bool(s(&a[1]).starts_with(s(&a[0]))))
    });
    t.add("hasSuffix", &[Str, Str], None, |_, a| {
        ok(Value::Bool(s(&a[1]).ends_with(s(&a[0]))))
    });
    t.add("quote", &[], Some(Any), |_, a| {
        let out: Vec<std::string::String> = a
            .iter()
            .filter(|x| !x.v.is_nil())
            .map(|x| crate::go::quote(&strval(&x.v)))
            .collect();
        ok(Value::string(out.join(" ")))
    });
    t.add("squote", &[], Some(Any), |_, a| {
        let out: Vec<std::string::String> = a
            .iter()
            .filter(|x| !x.v.is_nil())
            .map(|x| format!("'{}'", strval(&x.v)))
            .collect();
        ok(Value::string(out.join(" ")))
    });
    t.add("cat", &[], Some(Any), |_, a| {
        let out: Vec<std::string::String> = a
            .iter()
            .filter(|x| !x.v.is_nil())
            .map(|x| sprint_v(&x.v))
            .collect();
        ok(Value::string(out.join(" ")))
    });
    // `strings.Repeat(" ", n)` panics on a negative count.
    let repeat_ok = |n: i64| {
        if n < 0 {
            return Err(Error::plain("strings: negative Repeat count"));
        }
        Ok(())
    };
    t.add("indent", &[Int, Str], None, move |_, a| {
        repeat_ok(int(&a[0]))?;
        ok(Value::string(indent(int(&a[0]), s(&a[1]))))
    });
    t.add("nindent", &[Int, Str], None, move |_, a| {
        repeat_ok(int(&a[0]))?;
        ok(Value::string(format!("\n{}", indent(int(&a[0]), s(&a[1])))))
    });
    t.add("replace", &[Str, Str, Str], None, |_, a| {
        ok(Value::string(replace_all(s(&a[2]), s(&a[0]), s(&a[1]))))
    });
    t.add("plural", &[Str, Str, Int], None, |_, a| {
        ok(Value::str(if int(&a[2]) == 1 {
            s(&a[0])
        } else {
            s(&a[1])
        }))
    });
    t.add("sha1sum", &[Str], None, |_, a| {
        use sha1::Digest;
        ok(Value::string(hex(&sha1::Sha1::digest(s(&a[0]).as_bytes()))))
    });
    t.add("sha256sum", &[Str], None, |_, a| {
        use sha2::Digest;
        ok(Value::string(hex(&sha2::Sha256::digest(
            s(&a[0]).as_bytes(),
        ))))
    });
    t.add("sha512sum", &[Str], None, |_, a| {
        use sha2::Digest;
        ok(Value::string(hex(&sha2::Sha512::digest(
            s(&a[0]).as_bytes(),
        ))))
    });
    t.add("adler32sum", &[Str], None, |_, a| {
        let (mut x, mut y) = (1u32, 0u32);
        for b in s(&a[0]).bytes() {
            x = (x + b as u32) % 65521;
            y = (y + x) % 65521;
        }
        ok(Value::string(((y << 16) | x).to_string()))
    });
    t.add("toString", &[Any], None, |_, a| {
        ok(Value::string(strval(&a[0].v)))
    });
    t.add("atoi", &[Str], None, |_, a| {
        ok(Value::Int(super::values::atoi(s(&a[0])).unwrap_or(0)))
    });
    t.add("split", &[Str, Str], None, |_, a| {
        let parts: Vec<&str> = go_split(s(&a[1]), s(&a[0]), -1);
        ok(str_map(parts))
    });
    t.add("splitn", &[Str, Int, Str], None, |_, a| {
        let parts: Vec<&str> = go_split(s(&a[2]), s(&a[0]), int(&a[1]));
        ok(str_map(parts))
    });
    t.add("splitList", &[Str, Str], None, |_, a| {
        let parts = go_split(s(&a[1]), s(&a[0]), -1);
        ok(Value::str_list(
            parts.into_iter().map(str::to_string).collect(),
        ))
    });
    t.add("toStrings", &[Any], None, |_, a| {
        ok(Value::str_list(strslice(&a[0].v)))
    });
    t.add("join", &[Str, Any], None, |_, a| {
        ok(Value::string(strslice(&a[1].v).join(s(&a[0]))))
    });
    t.add("sortAlpha", &[Any], None, |_, a| {
        let mut v = match &a[0].v {
            Value::List(_) => strslice(&a[0].v),
            other => vec![strval(other)],
        };
        v.sort();
        ok(Value::str_list(v))
    });
}

/// `strings.Split` / `SplitN` (n < 0: all).
fn go_split<'a>(s: &'a str, sep: &str, n: i64) -> Vec<&'a str> {
    if n == 0 {
        return Vec::new();
    }
    if sep.is_empty() {
        let mut out: Vec<&str> = Vec::new();
        let mut idx: Vec<usize> = s.char_indices().map(|(i, _)| i).collect();
        idx.push(s.len());
        for w in idx.windows(2) {
            if n > 0 && out.len() as i64 == n - 1 {
                out.push(&s[w[0]..]);
                return out;
            }
            out.push(&s[w[0]..w[1]]);
        }
        return out;
    }
    if n < 0 {
        s.split(sep).collect()
    } else {
        s.splitn(n as usize, sep).collect()
    }
}

fn str_map(parts: Vec<&str>) -> Value {
    let m: BTreeMap<String, Value> = parts
        .into_iter()
        .enumerate()
        .map(|(i, p)| (format!("_{i}"), Value::str(p)))
        .collect();
    Value::Map(Map::from_entries(MapKind::Str, m))
}

fn replace_all(src: &str, old: &str, new: &str) -> String {
    if old.is_empty() {
        // strings.Replace with an empty old inserts `new` around every rune.
        let mut out = String::from(new);
        for c in src.chars() {
            out.push(c);
            out.push_str(new);
        }
        return out;
    }
    src.replace(old, new)
}

fn indent(n: i64, v: &str) -> String {
    let pad = " ".repeat(n.max(0) as usize);
    format!("{pad}{}", v.replace('\n', &format!("\n{pad}")))
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// `strings.Title`: the first letter of each word upper-cased.
fn title(s: &str) -> String {
    let mut out = String::new();
    let mut prev_sep = true;
    for c in s.chars() {
        if prev_sep {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        prev_sep = !(c.is_alphanumeric() || c == '_' || c == '\'');
        if c.is_whitespace() {
            prev_sep = true;
        }
    }
    out
}

fn untitle(s: &str) -> String {
    let mut out = String::new();
    let mut prev_space = true;
    for c in s.chars() {
        if prev_space && c.is_alphabetic() {
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
        prev_space = c.is_whitespace();
    }
    out
}

/// huandu/xstrings `ToSnakeCase`/`ToKebabCase`.
fn delimited(s: &str, d: char) -> String {
    let mut out = String::new();
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_uppercase() {
            let prev = i.checked_sub(1).map(|j| chars[j]);
            let next = chars.get(i + 1);
            let boundary = prev.is_some_and(|p| p.is_lowercase() || p.is_ascii_digit())
                || (prev.is_some_and(|p| p.is_uppercase())
                    && next.is_some_and(|n| n.is_lowercase()));
            if boundary && !out.ends_with(d) {
                out.push(d);
            }
            out.extend(c.to_lowercase());
        } else if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with(d) {
            out.push(d);
        }
    }
    out.trim_end_matches(d).to_string()
}

/// huandu/xstrings `ToPascalCase`.
/// huandu/xstrings v1.5.0 `ToCamelCase` (sprig's `camelcase`): connectors (`_`, `-`,
/// spaces) go, the letter after one is upper-cased, the first letter too, and the capitals
/// that follow a word's first letter when it was a capital are lower-cased (`HTTP_server` is
/// `HttpServer`, `ABc_dEF` is `AbcDEF`, `fooBar` stays `FooBar`; measured against helm 4.2.3
/// and 3.17.2); leading connectors and all but the last of a run of them stay, as xstrings
/// writes them (`__` is `___`: its one-rune case writes the last rune twice).
fn pascal(s: &str) -> String {
    let connector = |c: char| c == '_' || c == '-' || c.is_whitespace();
    let mut out = String::new();
    let mut chars = s.chars();
    let mut first = None;
    for c in chars.by_ref() {
        if !connector(c) {
            first = Some(c);
            break;
        }
        out.push(c);
    }
    let rest: Vec<char> = chars.collect();
    let Some(first) = first else {
        if let Some(last) = s.chars().last() {
            out.push(last);
        }
        return out;
    };
    // `r0` is the rune waiting to be written; `caps` is whether the current word began with
    // a capital and has had only capitals since.
    let mut r0 = first.to_uppercase().next().unwrap_or(first);
    let mut caps = first.is_uppercase();
    for c in rest {
        let r1 = r0;
        r0 = c;
        if connector(c) && connector(r1) {
            out.push(r1);
            continue;
        }
        if connector(r1) {
            caps = c.is_uppercase();
            r0 = c.to_uppercase().next().unwrap_or(c);
        } else {
            if caps && c.is_uppercase() {
                r0 = c.to_lowercase().next().unwrap_or(c);
            } else if !connector(c) {
                caps = false;
            }
            out.push(r1);
        }
    }
    out.push(r0);
    out
}

fn numbers(t: &mut Table<'_>) {
    #[allow(unused_imports)]
    use Ty::{Any, Bool, Float64, Int, Map as TMap, String as Str};
    t.add("int64", &[Any], None, |_, a| {
        ok(Value::Int64(to_int64(&a[0].v)))
    });
    t.add("int", &[Any], None, |_, a| {
        ok(Value::Int(to_int64(&a[0].v)))
    });
    t.add("float64", &[Any], None, |_, a| {
        ok(Value::Float(to_float64(&a[0].v)))
    });
    t.add("toDecimal", &[Any], None, |_, a| {
        let text = strval(&a[0].v);
        ok(Value::Int64(i64::from_str_radix(&text, 8).unwrap_or(0)))
    });
    t.add("seq", &[], Some(Int), |_, a| {
        let p: Vec<i64> = a.iter().map(int).collect();
        let (start, step, end) = match p.len() {
            0 => return ok(Value::str("")),
            1 => (1, if p[0] < 1 { -1 } else { 1 }, p[0]),
            2 => (p[0], if p[1] < p[0] { -1 } else { 1 }, p[1]),
            3 => (p[0], p[1], p[2]),
            _ => return ok(Value::str("")),
        };
        let mut out = Vec::new();
        let mut i = start;
        if step == 0 {
            return ok(Value::str(""));
        }
        while (step > 0 && i <= end) || (step < 0 && i >= end) {
            out.push(i.to_string());
            if out.len() > 1 << 20 {
                return fail("seq: too many numbers");
            }
            i += step;
        }
        ok(Value::string(out.join(" ")))
    });
    t.add("until", &[Int], None, |_, a| {
        let n = int(&a[0]);
        until_step(0, n, if n < 0 { -1 } else { 1 })
    });
    t.add("untilStep", &[Int, Int, Int], None, |_, a| {
        until_step(int(&a[0]), int(&a[1]), int(&a[2]))
    });
    t.add("add1", &[Any], None, |_, a| {
        ok(Value::Int64(to_int64(&a[0].v).wrapping_add(1)))
    });
    t.add("add", &[], Some(Any), |_, a| {
        ok(Value::Int64(
            a.iter()
                .fold(0i64, |acc, x| acc.wrapping_add(to_int64(&x.v))),
        ))
    });
    t.add("sub", &[Any, Any], None, |_, a| {
        ok(Value::Int64(
            to_int64(&a[0].v).wrapping_sub(to_int64(&a[1].v)),
        ))
    });
    t.add("div", &[Any, Any], None, |_, a| {
        let d = to_int64(&a[1].v);
        if d == 0 {
            return fail("runtime error: integer divide by zero");
        }
        ok(Value::Int64(to_int64(&a[0].v).wrapping_div(d)))
    });
    t.add("mod", &[Any, Any], None, |_, a| {
        let d = to_int64(&a[1].v);
        if d == 0 {
            return fail("runtime error: integer divide by zero");
        }
        ok(Value::Int64(to_int64(&a[0].v).wrapping_rem(d)))
    });
    t.add("mul", &[Any], Some(Any), |_, a| {
        ok(Value::Int64(
            a[1..]
                .iter()
                .fold(to_int64(&a[0].v), |acc, x| acc.wrapping_mul(to_int64(&x.v))),
        ))
    });
    t.add("randInt", &[Int, Int], None, |st, a| {
        let (lo, hi) = (int(&a[0]), int(&a[1]));
        if hi <= lo {
            return fail("invalid argument to Intn");
        }
        let span = (hi - lo) as u64;
        ok(Value::Int(lo + (next_random(st) % span) as i64))
    });
    t.add("add1f", &[Any], None, |_, a| {
        ok(Value::Float(decimal_op(
            &[a[0].v.clone(), Value::Int(1)],
            '+',
        )))
    });
    t.add("addf", &[], Some(Any), |_, a| {
        let mut v = vec![Value::Float(0.0)];
        v.extend(a.into_iter().map(|x| x.v));
        ok(Value::Float(decimal_op(&v, '+')))
    });
    for (name, op) in [("subf", '-'), ("mulf", '*'), ("divf", '/')] {
        t.add(name, &[Any], Some(Any), move |_, a| {
            let v: Vec<Value> = a.into_iter().map(|x| x.v).collect();
            // shopspring/decimal's `Div` panics on a zero divisor.
            if op == '/' && v[1..].iter().any(|d| to_float64(d) == 0.0) {
                return fail("decimal division by 0");
            }
            ok(Value::Float(decimal_op(&v, op)))
        });
    }
    t.add("max", &[Any], Some(Any), |_, a| {
        ok(Value::Int64(
            a.iter().map(|x| to_int64(&x.v)).max().unwrap_or(0),
        ))
    });
    t.alias("biggest", "max");
    t.add("min", &[Any], Some(Any), |_, a| {
        ok(Value::Int64(
            a.iter().map(|x| to_int64(&x.v)).min().unwrap_or(0),
        ))
    });
    t.add("maxf", &[Any], Some(Any), |_, a| {
        ok(Value::Float(
            a.iter().map(|x| to_float64(&x.v)).fold(f64::MIN, f64::max),
        ))
    });
    t.add("minf", &[Any], Some(Any), |_, a| {
        ok(Value::Float(
            a.iter().map(|x| to_float64(&x.v)).fold(f64::MAX, f64::min),
        ))
    });
    t.add("ceil", &[Any], None, |_, a| {
        ok(Value::Float(to_float64(&a[0].v).ceil()))
    });
    t.add("floor", &[Any], None, |_, a| {
        ok(Value::Float(to_float64(&a[0].v).floor()))
    });
    t.add("round", &[Any, Int], Some(Float64), |_, a| {
        let val = to_float64(&a[0].v);
        let p = int(&a[1]);
        let r = a.get(2).and_then(|x| match x.v {
            Value::Float(f) => Some(f),
            _ => None,
        });
        let r = r.unwrap_or(0.5);
        let pow = 10f64.powi(p as i32);
        let digit = pow * val;
        let (int_part, frac) = (digit.trunc(), digit.fract());
        let rounded = if frac >= r { int_part + 1.0 } else { int_part };
        ok(Value::Float(rounded / pow))
    });
}

fn until_step(start: i64, stop: i64, step: i64) -> R {
    let mut v = Vec::new();
    if step == 0 {
        return ok(Value::list(Elem::Int, v));
    }
    let mut i = start;
    while (step > 0 && i < stop) || (step < 0 && i > stop) {
        v.push(Value::Int(i));
        if v.len() > 10_000_000 {
            return fail("untilStep: too many numbers");
        }
        i += step;
    }
    ok(Value::list(Elem::Int, v))
}

/// shopspring/decimal arithmetic on the shortest decimal forms, as Sprig's `addf` family
/// computes (so `addf 0.1 0.2` is `0.3`), then read back as a float.
fn decimal_op(args: &[Value], op: char) -> f64 {
    let mut acc = Dec::from_f64(to_float64(args.first().unwrap_or(&Value::Nil)));
    for a in &args[1.min(args.len())..] {
        let b = Dec::from_f64(to_float64(a));
        acc = match op {
            '+' => acc.add(&b),
            '-' => acc.add(&b.neg()),
            '*' => acc.mul(&b),
            _ => acc.div(&b),
        };
    }
    acc.to_f64()
}

/// A decimal `mant × 10^exp`.
#[derive(Clone, Copy)]
struct Dec {
    mant: i128,
    exp: i32,
}

impl Dec {
    fn from_f64(f: f64) -> Dec {
        if !f.is_finite() || f == 0.0 {
            return Dec { mant: 0, exp: 0 };
        }
        let text = crate::go::format_float(f, 'e', -1);
        let (m, e) = text.split_once('e').unwrap_or((&text, "0"));
        let e: i32 = e.parse().unwrap_or(0);
        let neg = m.starts_with('-');
        let digits: String = m.chars().filter(|c| c.is_ascii_digit()).collect();
        let frac = m.split_once('.').map_or(0, |(_, f)| f.len()) as i32;
        let mant: i128 = digits.parse().unwrap_or(0);
        Dec {
            mant: if neg { -mant } else { mant },
            exp: e - frac,
        }
    }
    fn neg(&self) -> Dec {
        Dec {
            mant: -self.mant,
            exp: self.exp,
        }
    }
    fn align(a: &Dec, b: &Dec) -> Option<(i128, i128, i32)> {
        let exp = a.exp.min(b.exp);
        let sa = 10i128.checked_pow((a.exp - exp) as u32)?;
        let sb = 10i128.checked_pow((b.exp - exp) as u32)?;
        Some((a.mant.checked_mul(sa)?, b.mant.checked_mul(sb)?, exp))
    }
    fn add(&self, b: &Dec) -> Dec {
        match Dec::align(self, b).and_then(|(x, y, e)| Some((x.checked_add(y)?, e))) {
            Some((mant, exp)) => Dec { mant, exp },
            None => Dec::from_f64(self.to_f64() + b.to_f64()),
        }
    }
    fn mul(&self, b: &Dec) -> Dec {
        match self.mant.checked_mul(b.mant) {
            Some(mant) => Dec {
                mant,
                exp: self.exp + b.exp,
            },
            None => Dec::from_f64(self.to_f64() * b.to_f64()),
        }
    }
    fn div(&self, b: &Dec) -> Dec {
        if b.mant == 0 {
            return Dec { mant: 0, exp: 0 };
        }
        // DivisionPrecision = 16 digits after the point, rounded half up.
        let target = -16;
        let shift = self.exp - b.exp - target;
        let num = if shift >= 0 {
            10i128
                .checked_pow(shift as u32)
                .and_then(|p| self.mant.checked_mul(p))
        } else {
            Some(self.mant / 10i128.pow((-shift).min(38) as u32))
        };
        match num {
            Some(n) => {
                let q = n / b.mant;
                let r = n % b.mant;
                let q = if (r.abs() * 2) >= b.mant.abs() {
                    q + if (n < 0) != (b.mant < 0) { -1 } else { 1 }
                } else {
                    q
                };
                Dec {
                    mant: q,
                    exp: target,
                }
            }
            None => Dec::from_f64(self.to_f64() / b.to_f64()),
        }
    }
    fn to_f64(self) -> f64 {
        // Fewer digits keep the float parse on its exact path.
        let (mut mant, mut exp) = (self.mant, self.exp);
        while mant != 0 && mant % 10 == 0 {
            mant /= 10;
            exp += 1;
        }
        crate::yaml::parse_float(&format!("{mant}e{exp}")).unwrap_or(0.0)
    }
}

fn lists(t: &mut Table<'_>) {
    #[allow(unused_imports)]
    use Ty::{Any, Bool, Float64, Int, Map as TMap, String as Str};
    t.add("list", &[], Some(Any), |_, a| {
        ok(Value::any_list(a.into_iter().map(|x| x.v).collect()))
    });
    t.alias("tuple", "list");
    for name in ["append", "mustAppend"] {
        t.add(name, &[Any, Any], None, move |_, a| {
            let Some(mut l) = as_list(&a[0].v) else {
                return Err(type_err("push", &a[0].v));
            };
            l.push(a[1].v.clone());
            ok(Value::any_list(l))
        });
    }
    t.alias("push", "append");
    t.alias("mustPush", "mustAppend");
    for name in ["prepend", "mustPrepend"] {
        t.add(name, &[Any, Any], None, |_, a| {
            let Some(l) = as_list(&a[0].v) else {
                return Err(type_err("prepend", &a[0].v));
            };
            let mut out = vec![a[1].v.clone()];
            out.extend(l);
            ok(Value::any_list(out))
        });
    }
    let list_fn =
        |t: &mut Table<'_>, name: &str, what: &'static str, f: fn(Vec<Value>) -> Value| {
            for n in [
                name.to_string(),
                format!("must{}{}", name[..1].to_uppercase(), &name[1..]),
            ] {
                t.add(&n, &[Any], None, move |_, a| match as_list(&a[0].v) {
                    Some(l) => boxed(f(l)),
                    None => Err(type_err(what, &a[0].v)),
                });
            }
        };
    list_fn(t, "first", "find first", |l| {
        l.into_iter().next().unwrap_or(Value::Nil)
    });
    list_fn(t, "last", "find last", |l| {
        l.into_iter().last().unwrap_or(Value::Nil)
    });
    list_fn(t, "rest", "find rest", |l| {
        if l.is_empty() {
            Value::Nil
        } else {
            Value::any_list(l[1..].to_vec())
        }
    });
    list_fn(t, "initial", "find initial", |l| {
        if l.is_empty() {
            Value::Nil
        } else {
            Value::any_list(l[..l.len() - 1].to_vec())
        }
    });
    list_fn(t, "reverse", "find reverse", |mut l| {
        l.reverse();
        Value::any_list(l)
    });
    list_fn(t, "uniq", "find uniq", |l| {
        let mut out: Vec<Value> = Vec::new();
        for x in l {
            if !out.contains(&x) {
                out.push(x);
            }
        }
        Value::any_list(out)
    });
    list_fn(t, "compact", "compact", |l| {
        Value::any_list(l.into_iter().filter(|x| !empty(x)).collect())
    });
    for name in ["without", "mustWithout"] {
        t.add(name, &[Any], Some(Any), |_, a| {
            let Some(l) = as_list(&a[0].v) else {
                return Err(type_err("find without", &a[0].v));
            };
            let omit: Vec<Value> = a[1..].iter().map(|x| x.v.clone()).collect();
            ok(Value::any_list(
                l.into_iter().filter(|x| !omit.contains(x)).collect(),
            ))
        });
    }
    for name in ["has", "mustHas"] {
        t.add(name, &[Any, Any], None, |_, a| {
            if a[1].v.is_nil() {
                return ok(Value::Bool(false));
            }
            let Some(l) = as_list(&a[1].v) else {
                return Err(type_err("find has", &a[1].v));
            };
            ok(Value::Bool(l.contains(&a[0].v)))
        });
    }
    for name in ["slice", "mustSlice"] {
        t.add(name, &[Any], Some(Any), |_, a| {
            let Some(l) = as_list(&a[0].v) else {
                if a[0].v.is_nil() {
                    return Err(type_err("slice", &a[0].v));
                }
                return fail(format!(
                    "list should be type of slice or array but {}",
                    a[0].v.kind_name()
                ));
            };
            if l.is_empty() {
                return boxed(Value::Nil);
            }
            let idx: Vec<i64> = a[1..].iter().map(|x| to_int64(&x.v)).collect();
            let (lo, hi) = match idx.as_slice() {
                [] => (0, l.len() as i64),
                [lo] => (*lo, l.len() as i64),
                [lo, hi, ..] => (*lo, *hi),
            };
            if lo < 0 || hi < lo || hi > l.len() as i64 {
                return fail("reflect.Value.Slice: slice index out of bounds");
            }
            boxed(Value::any_list(l[lo as usize..hi as usize].to_vec()))
        });
    }
    t.add("concat", &[], Some(Any), |_, a| {
        let mut out = Vec::new();
        for x in &a {
            match as_list(&x.v) {
                Some(l) => out.extend(l),
                None => return Err(type_err("concat", &x.v)),
            }
        }
        boxed(Value::any_list(out))
    });
    for name in ["chunk", "mustChunk"] {
        t.add(name, &[Int, Any], None, |_, a| {
            let Some(l) = as_list(&a[1].v) else {
                return Err(type_err("chunk", &a[1].v));
            };
            // Sprig counts the chunks as floor((len-1)/size)+1 in floats: a size of 0 (or a
            // negative one that leaves chunks to fill) makes a slice of impossible length.
            let size = int(&a[0]);
            if size <= 0 {
                let count = ((l.len() as f64 - 1.0) / size as f64).floor() + 1.0;
                if !count.is_finite() || count >= 1.0 {
                    return fail("runtime error: makeslice: len out of range");
                }
                return ok(Value::list(Elem::Any, Vec::new()));
            }
            let size = size as usize;
            let chunks: Vec<Value> = l
                .chunks(size)
                .map(|c| Value::any_list(c.to_vec()))
                .collect();
            ok(Value::list(Elem::Any, chunks))
        });
    }
}

fn dicts(t: &mut Table<'_>) {
    #[allow(unused_imports)]
    use Ty::{Any, Bool, Float64, Int, Map as TMap, String as Str};
    t.add("dict", &[], Some(Any), |_, a| {
        let m = Map::new(MapKind::Any);
        let mut i = 0;
        while i < a.len() {
            let k = strval(&a[i].v);
            let v = a.get(i + 1).map(|x| x.v.clone()).unwrap_or(Value::str(""));
            m.insert(k, v);
            i += 2;
        }
        ok(Value::Map(m))
    });
    t.add("get", &[TMap, Str], None, |_, a| {
        let m = as_map(&a[0].v);
        boxed(
            m.and_then(|m| m.get(s(&a[1])))
                .unwrap_or_else(|| Value::str("")),
        )
    });
    t.add("set", &[TMap, Str, Any], None, |_, a| {
        let m = as_map(&a[0].v).unwrap_or_else(|| Map::new(MapKind::Any));
        if m.is_nil() {
            return fail("assignment to entry in nil map");
        }
        m.insert(s(&a[1]), a[2].v.clone());
        ok(Value::Map(m))
    });
    t.add("unset", &[TMap, Str], None, |_, a| {
        let m = as_map(&a[0].v).unwrap_or_else(|| Map::new(MapKind::Any));
        m.remove(s(&a[1]));
        ok(Value::Map(m))
    });
    t.add("hasKey", &[TMap, Str], None, |_, a| {
        ok(Value::Bool(
            as_map(&a[0].v).is_some_and(|m| m.contains(s(&a[1]))),
        ))
    });
    t.add("pluck", &[Str], Some(TMap), |_, a| {
        let key = s(&a[0]).to_string();
        let out: Vec<Value> = a[1..]
            .iter()
            .filter_map(|d| as_map(&d.v).and_then(|m| m.get(&key)))
            .collect();
        ok(Value::any_list(out))
    });
    t.add("keys", &[], Some(TMap), |_, a| {
        let mut out = Vec::new();
        for d in &a {
            if let Some(m) = as_map(&d.v) {
                out.extend(m.keys());
            }
        }
        ok(Value::str_list(out))
    });
    t.add("pick", &[TMap], Some(Str), |_, a| {
        let src = as_map(&a[0].v).unwrap_or_else(|| Map::new(MapKind::Any));
        let out = Map::new(MapKind::Any);
        for k in &a[1..] {
            if let Some(v) = src.get(s(k)) {
                out.insert(s(k), v);
            }
        }
        ok(Value::Map(out))
    });
    t.add("omit", &[TMap], Some(Str), |_, a| {
        let src = as_map(&a[0].v).unwrap_or_else(|| Map::new(MapKind::Any));
        let skip: Vec<&str> = a[1..].iter().map(s).collect();
        let out = Map::new(MapKind::Any);
        for (k, v) in src.entries() {
            if !skip.contains(&k.as_str()) {
                out.insert(k, v);
            }
        }
        ok(Value::Map(out))
    });
    for (name, overwrite) in [
        ("merge", false),
        ("mustMerge", false),
        ("mergeOverwrite", true),
        ("mustMergeOverwrite", true),
    ] {
        t.add(name, &[TMap], Some(TMap), move |_, a| {
            let dst = as_map(&a[0].v).unwrap_or_else(|| Map::new(MapKind::Any));
            for src in &a[1..] {
                if let Some(src) = as_map(&src.v) {
                    mergo(&dst, &src, overwrite, 0);
                }
            }
            boxed(Value::Map(dst))
        });
    }
    t.add("values", &[TMap], None, |_, a| {
        let m = as_map(&a[0].v).unwrap_or_else(|| Map::new(MapKind::Any));
        ok(Value::any_list(
            m.entries().into_iter().map(|(_, v)| v).collect(),
        ))
    });
    t.add("dig", &[Any], Some(Any), |_, a| {
        if a.len() < 3 {
            return fail("dig needs at least three arguments");
        }
        let dict = &a[a.len() - 1].v;
        let default = a[a.len() - 2].v.clone();
        let Some(mut cur) = as_map(dict) else {
            return fail(format!(
                "interface conversion: interface {{}} is {}, not map[string]interface {{}}",
                dict.type_name()
            ));
        };
        let keys = &a[..a.len() - 2];
        for (i, k) in keys.iter().enumerate() {
            let Some(v) = cur.get(&strval(&k.v)) else {
                return boxed(default);
            };
            if i == keys.len() - 1 {
                return boxed(v);
            }
            match v {
                Value::Map(m) => cur = m,
                other => {
                    return fail(format!(
                        "interface conversion: interface {{}} is {}, not map[string]interface {{}}",
                        other.type_name()
                    ));
                }
            }
        }
        boxed(default)
    });
    t.add("deepCopy", &[Any], None, |_, a| boxed(a[0].v.deep_copy()));
    t.alias("mustDeepCopy", "deepCopy");
}

/// darccio/mergo `Merge` (`WithOverride` when `overwrite`): fills keys absent or empty in
/// `dst`; nested maps merge.
fn mergo(dst: &Map, src: &Map, overwrite: bool, depth: usize) {
    if depth > 100 {
        return;
    }
    for (k, sv) in src.entries() {
        match (dst.get(&k), &sv) {
            (Some(Value::Map(dm)), Value::Map(sm)) => mergo(&dm, sm, overwrite, depth + 1),
            (Some(dv), _) => {
                if (overwrite && !empty(&sv)) || empty(&dv) {
                    dst.insert(k, sv.clone());
                }
            }
            (None, _) => dst.insert(k, sv.clone()),
        }
    }
}

fn encoding(t: &mut Table<'_>, version: Version) {
    #[allow(unused_imports)]
    use Ty::{Any, Bool, Float64, Int, Map as TMap, String as Str};
    t.add("b64enc", &[Str], None, |_, a| {
        ok(Value::string(convert::base64_encode(s(&a[0]).as_bytes())))
    });
    t.add("b64dec", &[Str], None, |_, a| {
        ok(Value::string(match convert::base64_decode(s(&a[0])) {
            Ok(b) => String::from_utf8_lossy(&b).into_owned(),
            Err(e) => e,
        }))
    });
    t.add("b32enc", &[Str], None, |_, a| {
        ok(Value::string(base32(s(&a[0]).as_bytes())))
    });
    t.add("b32dec", &[Str], None, |_, a| {
        ok(Value::string(match unbase32(s(&a[0])) {
            Ok(b) => String::from_utf8_lossy(&b).into_owned(),
            Err(e) => e,
        }))
    });
    t.add("toJson", &[Any], None, |_, a| {
        ok(Value::string(
            convert::to_json(&a[0].v, true).unwrap_or_default(),
        ))
    });
    t.add("mustToJson", &[Any], None, |_, a| {
        match convert::to_json(&a[0].v, true) {
            Ok(j) => ok(Value::string(j)),
            Err(e) => fail(e),
        }
    });
    t.add("toPrettyJson", &[Any], None, |_, a| {
        ok(Value::string(
            convert::to_pretty_json(&a[0].v, true).unwrap_or_default(),
        ))
    });
    t.add(
        "mustToPrettyJson",
        &[Any],
        None,
        |_, a| match convert::to_pretty_json(&a[0].v, true) {
            Ok(j) => ok(Value::string(j)),
            Err(e) => fail(e),
        },
    );
    t.add("toRawJson", &[Any], None, |_, a| {
        ok(Value::string(
            convert::to_json(&a[0].v, false).unwrap_or_default(),
        ))
    });
    t.add(
        "mustToRawJson",
        &[Any],
        None,
        |_, a| match convert::to_json(&a[0].v, false) {
            Ok(j) => ok(Value::string(j)),
            Err(e) => fail(e),
        },
    );
    t.add("fromJson", &[Str], None, |_, a| {
        ok(match convert::from_json_partial(s(&a[0])) {
            // A number out of range: what was decoded, and the error beside it.
            Ok((Value::Map(m), Some(e))) => {
                m.insert("Error", Value::string(e));
                Value::Map(m)
            }
            Ok((Value::Map(m), None)) => Value::Map(m),
            // `null` sets the map to nil.
            Ok((other, None)) if other.is_nil() => Value::Map(Map::nil(MapKind::Any)),
            // Anything else does not fit the map (a number out of range at the top is
            // still a number).
            Ok((other, _)) => error_map(format!(
                "json: cannot unmarshal {} into Go value of type map[string]interface {{}}",
                json_kind_or_number(&other)
            )),
            Err(e) => error_map(e),
        })
    });
    t.add(
        "mustFromJson",
        &[Str],
        None,
        |_, a| match convert::from_json(s(&a[0])) {
            Ok(v) => boxed(v),
            Err(e) => fail(e),
        },
    );
    t.add("fromJsonArray", &[Str], None, |_, a| {
        ok(match convert::from_json_partial(s(&a[0])) {
            Ok((Value::List(_), Some(e))) => Value::any_list(vec![Value::string(e)]),
            Ok((Value::List(l), None)) => Value::List(l),
            Ok((other, None)) if other.is_nil() => Value::list_or_nil(Elem::Any, Vec::new()),
            Ok((other, _)) => Value::any_list(vec![Value::string(format!(
                "json: cannot unmarshal {} into Go value of type []interface {{}}",
                json_kind_or_number(&other)
            ))]),
            Err(e) => Value::any_list(vec![Value::string(e)]),
        })
    });
    t.add("toYaml", &[Any], None, |_, a| {
        ok(Value::string(convert::to_yaml(&a[0].v).unwrap_or_default()))
    });
    if version == Version::V4 {
        t.add("mustToYaml", &[Any], None, |_, a| {
            match convert::to_yaml(&a[0].v) {
                Ok(y) => ok(Value::string(y)),
                Err(e) => fail(e),
            }
        });
        t.add(
            "mustToToml",
            &[Any],
            None,
            move |_, a| match super::toml::encode(&a[0].v, version) {
                Ok(s) => ok(Value::string(s)),
                Err(super::toml::Failure::Encode(e) | super::toml::Failure::Panic(e)) => fail(e),
            },
        );
    }
    t.add("toYamlPretty", &[Any], None, |_, a| {
        ok(Value::string(
            convert::to_yaml_pretty(&a[0].v).unwrap_or_default(),
        ))
    });
    t.add("fromYaml", &[Str], None, |_, a| {
        ok(match super::values::yaml_to_json(s(&a[0])) {
            Ok(Value::Map(m)) => Value::Map(m),
            Ok(other) if other.is_nil() => Value::Map(Map::new(MapKind::Any)),
            Ok(other) => error_map(format!(
                "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go value of type map[string]interface {{}}",
                super::values::json_kind(&other)
            )),
            Err(e) => error_map(e),
        })
    });
    t.add("fromYamlArray", &[Str], None, |_, a| {
        ok(match super::values::yaml_to_json(s(&a[0])) {
            Ok(Value::List(l)) => Value::List(l),
            Ok(other) if other.is_nil() => Value::any_list(Vec::new()),
            Ok(other) => Value::any_list(vec![Value::string(format!(
                "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go value of type []interface {{}}",
                super::values::json_kind(&other)
            ))]),
            Err(e) => Value::any_list(vec![Value::string(e)]),
        })
    });
    t.add(
        "toToml",
        &[Any],
        None,
        move |_, a| match super::toml::encode(&a[0].v, version) {
            Ok(s) | Err(super::toml::Failure::Encode(s)) => ok(Value::string(s)),
            Err(super::toml::Failure::Panic(e)) => fail(e),
        },
    );
    t.add("fromToml", &[Str], None, |_, _| {
        ok(error_map(
            "fromToml is not supported by the playground".into(),
        ))
    });
}

/// The JSON kind `encoding/json` names for a value that does not fit its target; a number
/// too large for a `float64` was decoded as nothing, but is still a number.
fn json_kind_or_number(v: &Value) -> &'static str {
    if v.is_nil() {
        "number"
    } else {
        super::values::json_kind(v)
    }
}

fn error_map(e: String) -> Value {
    let mut m = BTreeMap::new();
    m.insert("Error".to_string(), Value::string(e));
    Value::map(m)
}

/// BurntSushi/toml's encoding of a map: scalars first, then `[table]` sections.
const B32: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

fn base32(b: &[u8]) -> String {
    let mut out = String::new();
    for chunk in b.chunks(5) {
        let mut buf = [0u8; 5];
        buf[..chunk.len()].copy_from_slice(chunk);
        let n = buf.iter().fold(0u64, |acc, x| (acc << 8) | *x as u64);
        let chars = [2, 4, 5, 7, 8][chunk.len() - 1];
        for i in 0..8 {
            if i < chars {
                out.push(B32[((n >> (35 - i * 5)) & 31) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// `base32.StdEncoding.DecodeString`, a port of Go's `decode`: newlines are dropped first,
/// padding is required, and an error names the byte offset Go names.
fn unbase32(s: &str) -> Result<Vec<u8>, String> {
    let src: Vec<u8> = s.bytes().filter(|c| *c != b'\n' && *c != b'\r').collect();
    let olen = src.len();
    let corrupt = |at: usize| Err(format!("illegal base32 data at input byte {at}"));
    let mut out = Vec::new();
    let mut rest = &src[..];
    let mut end = false;
    while !rest.is_empty() && !end {
        let mut dbuf = [0u8; 8];
        let mut dlen = 8;
        let mut j = 0;
        while j < 8 {
            let Some((&c, tail)) = rest.split_first() else {
                // The end, with padding missing.
                return corrupt(olen - j);
            };
            rest = tail;
            if c == b'=' && j >= 2 && rest.len() < 8 {
                if rest.len() + j < 7 {
                    return corrupt(olen);
                }
                for k in 0..7 - j {
                    if rest.len() > k && rest[k] != b'=' {
                        return corrupt(olen - rest.len() + k - 1);
                    }
                }
                dlen = j;
                end = true;
                // 1, 3 and 6 characters cannot make a whole byte (RFC 4648 section 6).
                if matches!(dlen, 1 | 3 | 6) {
                    return corrupt(olen - rest.len() - 1);
                }
                break;
            }
            let Some(d) = B32.iter().position(|x| *x == c) else {
                return corrupt(olen - rest.len() - 1);
            };
            dbuf[j] = d as u8;
            j += 1;
        }
        let n = dbuf.iter().fold(0u64, |acc, d| (acc << 5) | u64::from(*d));
        let bytes = match dlen {
            8 => 5,
            7 => 4,
            5 => 3,
            4 => 2,
            2 => 1,
            _ => 0,
        };
        out.extend((0..bytes).map(|i| (n >> (32 - 8 * i)) as u8));
    }
    Ok(out)
}

fn misc(t: &mut Table<'_>, version: Version) {
    #[allow(unused_imports)]
    use Ty::{Any, Bool, Float64, Int, Map as TMap, String as Str};
    t.add("default", &[Any], Some(Any), |_, a| {
        if a.len() < 2 || empty(&a[1].v) {
            return boxed(a[0].v.clone());
        }
        boxed(a[1].v.clone())
    });
    t.add("empty", &[Any], None, |_, a| {
        ok(Value::Bool(empty(&a[0].v)))
    });
    t.add("coalesce", &[], Some(Any), |_, a| {
        boxed(
            a.into_iter()
                .map(|x| x.v)
                .find(|v| !empty(v))
                .unwrap_or(Value::Nil),
        )
    });
    t.add("all", &[], Some(Any), |_, a| {
        ok(Value::Bool(a.iter().all(|x| !empty(&x.v))))
    });
    t.add("any", &[], Some(Any), |_, a| {
        ok(Value::Bool(a.iter().any(|x| !empty(&x.v))))
    });
    t.add("ternary", &[Any, Any, Bool], None, |_, a| {
        boxed(if matches!(a[2].v, Value::Bool(true)) {
            a[0].v.clone()
        } else {
            a[1].v.clone()
        })
    });
    t.add("typeOf", &[Any], None, |_, a| {
        ok(Value::string(a[0].v.type_name()))
    });
    t.add("typeIs", &[Str, Any], None, |_, a| {
        ok(Value::Bool(s(&a[0]) == a[1].v.type_name()))
    });
    t.add("typeIsLike", &[Str, Any], None, |_, a| {
        let t = a[1].v.type_name();
        ok(Value::Bool(s(&a[0]) == t || format!("*{}", s(&a[0])) == t))
    });
    t.add("kindOf", &[Any], None, |_, a| {
        ok(Value::str(a[0].v.kind_name()))
    });
    t.add("kindIs", &[Str, Any], None, |_, a| {
        ok(Value::Bool(s(&a[0]) == a[1].v.kind_name()))
    });
    t.add("deepEqual", &[Any, Any], None, |_, a| {
        ok(Value::Bool(a[0].v == a[1].v))
    });
    for name in ["base", "osBase"] {
        t.add(name, &[Str], None, |_, a| {
            ok(Value::string(path_base(s(&a[0]))))
        });
    }
    for name in ["dir", "osDir"] {
        t.add(name, &[Str], None, |_, a| {
            ok(Value::string(path_dir(s(&a[0]))))
        });
    }
    for name in ["clean", "osClean"] {
        t.add(name, &[Str], None, |_, a| {
            ok(Value::string(super::chart::clean_path(s(&a[0]))))
        });
    }
    for name in ["ext", "osExt"] {
        t.add(name, &[Str], None, |_, a| {
            let p = s(&a[0]);
            let base_start = p.rfind('/').map_or(0, |i| i + 1);
            let ext = p[base_start..]
                .rfind('.')
                .map_or("", |i| &p[base_start + i..]);
            ok(Value::str(ext))
        });
    }
    for name in ["isAbs", "osIsAbs"] {
        t.add(name, &[Str], None, |_, a| {
            ok(Value::Bool(s(&a[0]).starts_with('/')))
        });
    }
    t.add("uuidv4", &[], None, |st, _| {
        let a = next_random(st);
        let b = next_random(st);
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&a.to_be_bytes());
        bytes[8..].copy_from_slice(&b.to_be_bytes());
        bytes[6] = (bytes[6] & 0x0f) | 0x40;
        bytes[8] = (bytes[8] & 0x3f) | 0x80;
        let h = hex(&bytes);
        ok(Value::string(format!(
            "{}-{}-{}-{}-{}",
            &h[..8],
            &h[8..12],
            &h[12..16],
            &h[16..20],
            &h[20..]
        )))
    });
    t.add("randBytes", &[Int], None, |st, a| {
        let n = int(&a[0]).clamp(0, 1 << 20) as usize;
        let bytes: Vec<u8> = (0..n).map(|_| next_random(st) as u8).collect();
        ok(Value::string(convert::base64_encode(&bytes)))
    });
    t.add(
        "semver",
        &[Str],
        None,
        move |_, a| match semver::Version::parse_checked(s(&a[0])) {
            Ok(v) => ok(Value::Object(Rc::new(objects::SemverVersion(v)))),
            Err(why) => fail(super::semver_error(version, why)),
        },
    );
    t.add("semverCompare", &[Str, Str], None, move |_, a| {
        let c = semver::Constraints::parse(s(&a[0]))
            .map_err(|alt| Error::plain(super::constraint_error(version, &alt)))?;
        let v = semver::Version::parse_checked(s(&a[1]))
            .map_err(|why| Error::plain(super::semver_error(version, why)))?;
        ok(Value::Bool(c.check(&v)))
    });
    // `regexMatch` gives false for a pattern Go cannot compile; the other functions without
    // `must` panic in `regexp.MustCompile` (sprig `regex.go`).
    t.add("regexMatch", &[Str, Str], None, |_, a| {
        ok(Value::Bool(
            regex(s(&a[0])).is_ok_and(|re| re.is_match(s(&a[1]))),
        ))
    });
    t.add("mustRegexMatch", &[Str, Str], None, |_, a| {
        ok(Value::Bool(regex(s(&a[0]))?.is_match(s(&a[1]))))
    });
    for name in ["regexFindAll", "mustRegexFindAll"] {
        t.add(name, &[Str, Str, Int], None, move |_, a| {
            let re = compile(name, s(&a[0]))?;
            let n = int(&a[2]);
            let mut out: Vec<String> = Vec::new();
            for m in re.find_iter(s(&a[1])) {
                if n >= 0 && out.len() as i64 >= n {
                    break;
                }
                out.push(m.as_str().to_string());
            }
            ok(Value::str_list(out))
        });
    }
    for name in ["regexFind", "mustRegexFind"] {
        t.add(name, &[Str, Str], None, move |_, a| {
            let re = compile(name, s(&a[0]))?;
            ok(Value::string(
                re.find(s(&a[1]))
                    .map(|m| m.as_str().to_string())
                    .unwrap_or_default(),
            ))
        });
    }
    for name in ["regexReplaceAll", "mustRegexReplaceAll"] {
        t.add(name, &[Str, Str, Str], None, move |_, a| {
            let re = compile(name, s(&a[0]))?;
            ok(Value::string(
                re.replace_all(s(&a[1]), s(&a[2])).into_owned(),
            ))
        });
    }
    for name in ["regexReplaceAllLiteral", "mustRegexReplaceAllLiteral"] {
        t.add(name, &[Str, Str, Str], None, move |_, a| {
            let re = compile(name, s(&a[0]))?;
            ok(Value::string(
                re.replace_all(s(&a[1]), regex_lite::NoExpand(s(&a[2])))
                    .into_owned(),
            ))
        });
    }
    for name in ["regexSplit", "mustRegexSplit"] {
        t.add(name, &[Str, Str, Int], None, move |_, a| {
            let re = compile(name, s(&a[0]))?;
            ok(Value::str_list(regex_split(
                &re,
                s(&a[0]),
                s(&a[1]),
                int(&a[2]),
            )))
        });
    }
    t.add("regexQuoteMeta", &[Str], None, |_, a| {
        ok(Value::string(regex_lite::escape(s(&a[0]))))
    });
    t.add("urlParse", &[Str], None, |_, a| ok(url_parse(s(&a[0]))));
    t.add("urlJoin", &[TMap], None, |_, a| {
        let m = as_map(&a[0].v).unwrap_or_else(|| Map::new(MapKind::Any));
        let get = |k: &str| m.get(k).map(|v| strval(&v)).unwrap_or_default();
        let mut out = String::new();
        if !get("scheme").is_empty() {
            out.push_str(&get("scheme"));
            out.push(':');
        }
        if !get("host").is_empty() {
            out.push_str("//");
            if !get("userinfo").is_empty() {
                out.push_str(&get("userinfo"));
                out.push('@');
            }
            out.push_str(&get("host"));
        }
        out.push_str(&get("path"));
        if !get("query").is_empty() {
            out.push('?');
            out.push_str(&get("query"));
        }
        if !get("fragment").is_empty() {
            out.push('#');
            out.push_str(&get("fragment"));
        }
        ok(Value::string(out))
    });
    t.add("hello", &[], None, |_, _| ok(Value::str("Hello!")));
    // The clock: a fixed instant, so renders are reproducible.
    t.add("now", &[], None, |_, _| {
        ok(Value::Object(Rc::new(super::time::Time::epoch())))
    });
    t.add("date", &[Str, Any], None, |_, a| {
        ok(Value::string(super::time::format_date(s(&a[0]), &a[1].v)))
    });
    for name in ["dateInZone", "date_in_zone"] {
        t.add(name, &[Str, Any, Str], None, |_, a| {
            zone(s(&a[2]))?;
            ok(Value::string(super::time::format_date(s(&a[0]), &a[1].v)))
        });
    }
    t.add("htmlDateInZone", &[Any, Str], None, |_, a| {
        zone(s(&a[1]))?;
        ok(Value::string(super::time::format_date(
            "2006-01-02",
            &a[0].v,
        )))
    });
    for name in ["dateModify", "date_modify"] {
        t.add(name, &[Str, Any], None, |_, a| {
            // A duration Go cannot parse leaves the date as it was.
            let d = super::time::parse_duration(s(&a[0])).unwrap_or(0);
            ok(super::time::modify(&a[1].v, d))
        });
    }
    for name in ["mustDateModify", "must_date_modify"] {
        t.add(name, &[Str, Any], None, |_, a| {
            let d = super::time::parse_duration(s(&a[0])).map_err(Error::plain)?;
            ok(super::time::modify(&a[1].v, d))
        });
    }
    t.add("durationRound", &[Any], None, |_, a| {
        ok(Value::string(super::time::duration_round(&a[0].v)))
    });
    t.add("htmlDate", &[Any], None, |_, a| {
        ok(Value::string(super::time::format_date(
            "2006-01-02",
            &a[0].v,
        )))
    });
    t.add("unixEpoch", &[Any], None, |_, a| {
        ok(Value::string(super::time::unix(&a[0].v).to_string()))
    });
    t.add("toDate", &[Str, Str], None, |_, a| {
        ok(super::time::parse(s(&a[0]), s(&a[1])))
    });
    t.add("ago", &[Any], None, |_, _| ok(Value::str("0s")));
    t.add("duration", &[Any], None, |_, a| {
        // Sprig's `duration` reads a string or an `int64` only: a literal (`int`) or a
        // value from YAML (`float64`) is zero.
        let secs = match &a[0].v {
            Value::Str(t) => t.parse::<i64>().unwrap_or(0),
            Value::Int64(n) => *n,
            _ => 0,
        };
        ok(Value::string(super::time::duration(secs)))
    });
    for name in ["derivePassword", "encryptAES", "decryptAES", "mustToDate"] {
        let n = name.to_string();
        t.add(name, &[], Some(Any), move |_, _| unsupported(&n));
    }
}

/// Go's `Regexp.Split`: an empty match at the start gives no empty first piece, and the
/// rest after the last match is kept only when the last match did not end the text.
fn regex_split(re: &regex_lite::Regex, expr: &str, text: &str, n: i64) -> Vec<String> {
    if n == 0 {
        return Vec::new();
    }
    if !expr.is_empty() && text.is_empty() {
        return vec![String::new()];
    }
    let mut out = Vec::new();
    let (mut beg, mut end) = (0, 0);
    for m in re.find_iter(text) {
        if n > 0 && out.len() as i64 == n - 1 {
            break;
        }
        end = m.start();
        if m.end() != 0 {
            out.push(text[beg..end].to_string());
        }
        beg = m.end();
    }
    if end != text.len() {
        out.push(text[beg..].to_string());
    }
    out
}

/// Sprig's keys, certificates and password hashes (`crypto.go`), made by `super::crypto`
/// from the seeded source.
fn crypto(t: &mut Table<'_>, version: Version) {
    // What they cost of the step budget (`render::FUEL`, 20 million), measured against the
    // steps of a template: a bcrypt hash at cost 10 takes about 75 ms natively, a signed
    // certificate about 7 ms. A render makes at most a dozen hashes.
    const BCRYPT_STEPS: u64 = 1_500_000;
    const CERTIFICATE_STEPS: u64 = 150_000;
    use super::crypto::{self as c, KeyIdHash, PrivateKey, Template};
    use Ty::{Int, List, String as Str};
    let key_id = match version {
        Version::V4 => KeyIdHash::TruncatedSha256,
        Version::V3 => KeyIdHash::Sha1,
    };
    t.add("genPrivateKey", &[Str], None, |st, a| {
        let pick = next_random(st);
        ok(Value::string(match c::private_key(s(&a[0]), pick) {
            Some(pem) => pem,
            None => format!("Unknown type {}", s(&a[0])),
        }))
    });
    // (name, for a CA, with IP and DNS names, under a CA, the key argument's place)
    for (name, is_ca, names, under_ca, key_at) in [
        ("genCA", true, false, false, None),
        ("genCAWithKey", true, false, false, Some(2)),
        ("genSelfSignedCert", false, true, false, None),
        ("genSelfSignedCertWithKey", false, true, false, Some(4)),
        ("genSignedCert", false, true, true, None),
        ("genSignedCertWithKey", false, true, true, Some(5)),
    ] {
        let mut params = vec![Str];
        if names {
            params.extend([List, List]);
        }
        params.push(Int);
        if under_ca {
            params.push(Ty::Struct("sprig.certificate"));
        }
        if key_at.is_some() {
            params.push(Str);
        }
        // Sprig's order: the key (generated or parsed), then the CA, then the names.
        t.add(name, &params, None, move |st, a| {
            let key = match key_at {
                Some(i) => given_key(st, s(&a[i]))?,
                None => fresh_key(st)?,
            };
            let ca = if under_ca { Some(ca_of(&a[4])?) } else { None };
            let (ips, dns, days) = if names {
                (items(&a[1]), items(&a[2]), int(&a[3]))
            } else {
                (Vec::new(), Vec::new(), int(&a[1]))
            };
            certificate(st, s(&a[0]), &ips, &dns, days, is_ca, key, ca, key_id)
        });
    }
    t.add("buildCustomCert", &[Str, Str], None, |_, a| {
        let cert = convert::base64_decode(s(&a[0]))
            .map_err(|_| Error::plain("unable to decode base64 certificate"))?;
        let key = convert::base64_decode(s(&a[1]))
            .map_err(|_| Error::plain("unable to decode base64 private key"))?;
        let cert = String::from_utf8_lossy(&cert).into_owned();
        let key = String::from_utf8_lossy(&key).into_owned();
        let Some(block) = c::pem_decode(&cert) else {
            return fail("unable to decode certificate");
        };
        c::parse_certificate(&block.der).map_err(|e| {
            Error::plain(format!("error parsing certificate: decodedCert.Bytes: {e}"))
        })?;
        c::parse_private_key(&key)
            .map_err(|e| Error::plain(format!("error parsing private key: {e}")))?;
        ok(cert_object(cert, key))
    });
    t.add("bcrypt", &[Str], None, |st, a| {
        ok(Value::string(bcrypt_or_message(st, s(&a[0]))?))
    });
    t.add("htpasswd", &[Str, Str], None, |st, a| {
        let user = s(&a[0]);
        if user.contains(':') {
            return ok(Value::string(format!("invalid username: {user}")));
        }
        let hash = bcrypt_or_message(st, s(&a[1]))?;
        ok(Value::string(format!("{user}:{hash}")))
    });

    /// `rsa.GenerateKey(rand.Reader, 2048)`: a key of the pool.
    fn fresh_key(st: &mut State<'_>) -> Result<PrivateKey, Error> {
        st.spend_for(CERTIFICATE_STEPS)?;
        let pick = next_random(st);
        c::rsa_2048(pick)
            .map(PrivateKey::Rsa)
            .ok_or_else(|| Error::plain("error generating rsa key: no key"))
    }

    /// The `...WithKey` functions' key.
    fn given_key(st: &mut State<'_>, pem: &str) -> Result<PrivateKey, Error> {
        st.spend_for(CERTIFICATE_STEPS)?;
        c::parse_private_key(pem).map_err(|e| Error::plain(format!("parsing private key: {e}")))
    }

    /// The `ca` argument: the `certificate` a `genCA` returned (its certificate and key read
    /// back, as `generateSignedCertificateWithKeyInternal` does).
    fn ca_of(v: &Val) -> Result<(c::Parent, PrivateKey), Error> {
        let (cert, key) = match &v.v {
            Value::Object(o) if o.type_name() == "sprig.certificate" => (
                o.field("Cert")
                    .map(|x| s(&x).to_string())
                    .unwrap_or_default(),
                o.field("Key")
                    .map(|x| s(&x).to_string())
                    .unwrap_or_default(),
            ),
            other => {
                return Err(Error::plain(format!(
                    "wrong type for value; expected sprig.certificate; got {}",
                    other.type_name()
                )));
            }
        };
        let Some(block) = c::pem_decode(&cert) else {
            return Err(Error::plain("unable to decode certificate"));
        };
        let parent = c::parse_certificate(&block.der).map_err(|e| {
            Error::plain(format!(
                "error parsing certificate: decodedSignerCert.Bytes: {e}"
            ))
        })?;
        let key = c::parse_private_key(&key)
            .map_err(|e| Error::plain(format!("error parsing private key: {e}")))?;
        Ok((parent, key))
    }

    /// `getBaseCertTemplate` and `getCertAndKey`.
    #[allow(clippy::too_many_arguments)]
    fn certificate(
        st: &mut State<'_>,
        cn: &str,
        ips: &[Value],
        dns: &[Value],
        days: i64,
        is_ca: bool,
        key: PrivateKey,
        ca: Option<(c::Parent, PrivateKey)>,
        key_id: KeyIdHash,
    ) -> R {
        let mut addresses = Vec::new();
        for ip in ips {
            let Value::Str(text) = ip else {
                return fail(format!(
                    "error parsing ip: {} is not a string",
                    crate::gotmpl::fmt::sprint_v(ip)
                ));
            };
            match c::parse_ip(text) {
                Some(b) => addresses.push(b),
                None => return fail(format!("error parsing ip: {text}")),
            }
        }
        let mut names = Vec::new();
        for d in dns {
            let Value::Str(text) = d else {
                return fail(format!(
                    "error processing alternate dns name: {} is not a string",
                    crate::gotmpl::fmt::sprint_v(d)
                ));
            };
            names.push(text.to_string());
        }
        let mut serial = [0u8; 16];
        serial[..8].copy_from_slice(&next_random(st).to_be_bytes());
        serial[8..].copy_from_slice(&next_random(st).to_be_bytes());
        let template = Template {
            serial,
            common_name: cn.to_string(),
            ips: addresses,
            dns_names: names,
            not_before: super::time::EPOCH,
            days,
            is_ca,
        };
        let unsupported_key = |kind: &str| {
            fail(format!(
                "error creating certificate: the playground signs with RSA keys only, not {kind}; render this chart with the real helm"
            ))
        };
        let own = match key {
            PrivateKey::Rsa(k) => k,
            PrivateKey::Other(kind) => return unsupported_key(kind),
        };
        let (parent, signer) = match &ca {
            None => (None, &own),
            Some((p, PrivateKey::Rsa(k))) => (Some(p), k),
            Some((_, PrivateKey::Other(kind))) => return unsupported_key(kind),
        };
        let cert = c::create_certificate(&template, &own, parent, signer, key_id)
            .map_err(|e| Error::plain(format!("error creating certificate: {e}")))?;
        ok(cert_object(cert, c::rsa_pem(&own)))
    }

    /// Sprig's `certificate` struct.
    fn cert_object(cert: String, key: String) -> Value {
        let mut fields = BTreeMap::new();
        fields.insert("Cert".to_string(), Value::string(cert));
        fields.insert("Key".to_string(), Value::string(key));
        Value::Object(Rc::new(objects::Struct {
            type_name: "sprig.certificate",
            fields,
            json_order: vec![("Cert", "Cert"), ("Key", "Key")],
        }))
    }

    fn items(v: &Val) -> Vec<Value> {
        match &v.v {
            Value::List(l) => l.items.clone(),
            _ => Vec::new(),
        }
    }

    /// Sprig's `bcrypt`: the hash, or its message when Go's bcrypt refuses the password.
    fn bcrypt_or_message(st: &mut State<'_>, password: &str) -> Result<String, Error> {
        st.spend_for(BCRYPT_STEPS)?;
        let mut salt = [0u8; 16];
        salt[..8].copy_from_slice(&next_random(st).to_be_bytes());
        salt[8..].copy_from_slice(&next_random(st).to_be_bytes());
        Ok(c::bcrypt(password.as_bytes(), salt)
            .unwrap_or_else(|e| format!("failed to encrypt string with bcrypt: {e}")))
    }
}

/// A function that needs randomness, cryptography or a clock the playground does not have.
fn unsupported(name: &str) -> R {
    fail(format!(
        "{name} is not supported by the playground (it needs cryptography or a clock); render this chart with the real helm"
    ))
}

/// `regexp.Compile` for the `must` functions, `regexp.MustCompile` for the others.
fn compile(func: &str, p: &str) -> Result<regex_lite::Regex, Error> {
    regex(p).map_err(|e| {
        if func.starts_with("must") {
            e
        } else {
            Error::plain(super::regexp::must_compile_panic(p, &e.text))
        }
    })
}

/// `regexp.Compile` (`helm::regexp::compile`), its error as a template error.
fn regex(p: &str) -> Result<regex_lite::Regex, Error> {
    super::regexp::compile(p).map_err(Error::plain)
}

/// goutils' `AbbreviateFull` (sprig's `abbrev` and `abbrevboth`), on bytes as Go's string
/// slicing is; the callers have checked the widths it would refuse.
fn abbreviate(text: &str, offset: i64, width: i64) -> String {
    let b = text.as_bytes();
    let len = b.len() as i64;
    if text.is_empty() || len <= width {
        return text.to_string();
    }
    let piece =
        |from: i64, to: i64| String::from_utf8_lossy(&b[from as usize..to as usize]).into_owned();
    let mut offset = offset.min(len);
    if len - offset < width - 3 {
        offset = len - (width - 3);
    }
    if offset <= 4 {
        return format!("{}...", piece(0, width - 3));
    }
    if width < 7 {
        // "Minimum abbreviation width with offset is 7": sprig ignores the error.
        return String::new();
    }
    if offset + width - 3 < len {
        let rest = piece(offset, len);
        return format!("...{}", abbreviate(&rest, 0, width - 3));
    }
    format!("...{}", piece(len - (width - 3), len))
}

/// The zones `dateInZone` can show (see `time::zone_ok`).
fn zone(z: &str) -> Result<(), Error> {
    if super::time::zone_ok(z) {
        return Ok(());
    }
    Err(Error::plain(format!(
        "the time zone {z:?} needs a time zone database, which the playground does not carry (it knows UTC); render this chart with the real helm"
    )))
}

fn path_base(p: &str) -> String {
    if p.is_empty() {
        return ".".into();
    }
    let t = p.trim_end_matches('/');
    if t.is_empty() {
        return "/".into();
    }
    t.rsplit('/').next().unwrap_or(t).to_string()
}

fn path_dir(p: &str) -> String {
    match p.rfind('/') {
        None => ".".into(),
        Some(i) => super::chart::clean_path(&p[..=i]),
    }
}

fn url_parse(u: &str) -> Value {
    let mut m = BTreeMap::new();
    let (rest, fragment) = u.split_once('#').unwrap_or((u, ""));
    let (rest, query) = rest.split_once('?').unwrap_or((rest, ""));
    let (scheme, rest) = match rest.split_once("://") {
        Some((s, r)) => (s, format!("//{r}")),
        None => ("", rest.to_string()),
    };
    let (host, path, userinfo) = if let Some(r) = rest.strip_prefix("//") {
        let (authority, path) = match r.find('/') {
            Some(i) => (&r[..i], &r[i..]),
            None => (r, ""),
        };
        let (userinfo, host) = match authority.rsplit_once('@') {
            Some((u, h)) => (u, h),
            None => ("", authority),
        };
        (host.to_string(), path.to_string(), userinfo.to_string())
    } else {
        (String::new(), rest.clone(), String::new())
    };
    for (k, v) in [
        ("scheme", scheme.to_string()),
        ("host", host.clone()),
        (
            "hostname",
            host.split(':').next().unwrap_or_default().to_string(),
        ),
        ("path", path),
        ("query", query.to_string()),
        ("opaque", String::new()),
        ("fragment", fragment.to_string()),
        ("userinfo", userinfo),
    ] {
        m.insert(k.to_string(), Value::string(v));
    }
    Value::map(m)
}

/// Marks a `required`/`fail` message so Helm's error cleanup can find it.
const WARN_START: &str = "HELM_ERR_START";
const WARN_END: &str = "HELM_ERR_END";

fn helm(t: &mut Table<'_>, version: Version, lint: bool) {
    #[allow(unused_imports)]
    use Ty::{Any, Bool, Float64, Int, Map as TMap, String as Str};
    // `initFunMap` (pkg/engine/engine.go, helm v4.2.3): when linting, a missing required
    // value and `fail` are logged (`slog.Warn`, `slog.Info`) and render as "".
    t.add("required", &[Str, Any], None, move |st, a| {
        let val = &a[1].v;
        if val.is_nil() || matches!(val, Value::Str(s) if s.is_empty()) {
            if lint {
                let msg = if val.is_nil() {
                    "missing required value"
                } else {
                    "missing required values"
                };
                st.run.logged.push(("WARN", msg, s(&a[0]).to_string()));
                return ok(Value::str(""));
            }
            return fail(format!("{WARN_START}{}{WARN_END}", s(&a[0])));
        }
        boxed(val.clone())
    });
    t.add("fail", &[Str], None, move |st, a| {
        if lint {
            st.run
                .logged
                .push(("INFO", "funcMap fail", s(&a[0]).to_string()));
            return ok(Value::str(""));
        }
        fail(format!("{WARN_START}{}{WARN_END}", s(&a[0])))
    });
    t.add("lookup", &[Str, Str, Str, Str], None, |_, _| {
        ok(Value::Map(Map::new(MapKind::Any)))
    });
    t.add("getHostByName", &[Str], None, |_, _| ok(Value::str("")));
    t.add("include", &[Str, Any], None, include);
    t.add("tpl", &[Str, Any], None, move |st, a| tpl(st, a, version));
}

/// Helm's `include`: the named template's output, with the nesting limit per name.
fn include(st: &mut State<'_>, a: Vec<Val>) -> R {
    let name = s(&a[0]).to_string();
    let count = st.run.included.get(&name).copied().unwrap_or(0);
    if count > 1000 {
        return Err(Error::wrap(
            format!(
                "rendering template has a nested reference name: {name}: unable to execute template"
            ),
            Error::plain("unable to execute template"),
        ));
    }
    st.run.included.insert(name.clone(), count + 1);
    let mut out = String::new();
    let data = Val::new(a[1].v.clone());
    let set = st.set;
    let r = crate::gotmpl::execute(set, &name, data, &mut out, st.run);
    if let Some(c) = st.run.included.get_mut(&name) {
        *c = c.saturating_sub(1);
    }
    r.map(|()| Val::new(Value::string(out)))
}

/// Helm's `tpl`: parses the string as a template in a copy of the set and runs it.
fn tpl(st: &mut State<'_>, a: Vec<Val>, version: Version) -> R {
    let text = s(&a[0]).to_string();
    let mut set: Set = st.set.clone();
    // `t.New(parent.Name()).Parse(tpl)` then `t.Execute`: the new template runs its own text,
    // even a blank one that leaves an enclosing `tpl`'s text in the set under the same name.
    let tree = match set.parse_main(&st.set.name.clone(), &text) {
        Ok(Some(tree)) => tree,
        Ok(None) => return ok(Value::str("")),
        Err(e) => {
            let msg = format!("cannot parse template {}", crate::go::quote(&text));
            return Err(match version {
                Version::V4 => Error::wrap(format!("{msg}: {e}"), Error::plain(e.to_string())),
                Version::V3 => Error::wrap(format!("{msg}: {e}"), Error::plain(e.to_string())),
            });
        }
    };
    let mut out = String::new();
    let data = Val::new(a[1].v.clone());
    match crate::gotmpl::execute_tree(&set, &tree, data, &mut out, st.run) {
        Ok(()) => ok(Value::string(out.replace("<no value>", ""))),
        Err(e) if e.is_budget() => Err(e),
        Err(e) => Err(Error::wrap(
            format!(
                "error during tpl function execution for {}: {}",
                crate::go::quote(&text),
                e.text
            ),
            e,
        )),
    }
}

/// `sprintf`, exposed for Helm's messages.
pub fn go_sprintf(format: &str, args: &[Value]) -> String {
    sprintf(format, args)
}
