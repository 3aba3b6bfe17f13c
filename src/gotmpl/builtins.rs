//! Go's builtin template functions (`text/template/funcs.go`, Go 1.26): `and or not len index
//! slice print printf println html js urlquery call eq ne lt le gt ge`, with Go's errors.

use super::fmt::{sprint, sprint_v, sprintf, sprintln};
use super::value::{Ty, Val, Value};
use super::{Error, Func, Funcs};
use std::rc::Rc;

/// How comparison errors read: helm 4 is built with a Go that names the types.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Comparisons {
    /// Go 1.23: `incompatible types for comparison`.
    Plain,
    /// Go 1.26: `incompatible types for comparison: float64 and int`.
    Typed,
}

/// The builtins, for a Go whose comparison errors read as `cmp` says.
pub fn builtins(cmp: Comparisons) -> Funcs {
    let mut f = Funcs::new();
    let mut add = |name: &str, func: Func| {
        f.insert(name.to_string(), func);
    };
    let short = Func {
        params: vec![Ty::Reflect],
        variadic: Some(Ty::Reflect),
        short_circuit: true,
        call: Rc::new(|_, _| Ok(Val::invalid())),
    };
    add("and", short.clone());
    add("or", short);
    add(
        "not",
        Func::new(&[Ty::Reflect], None, |_, a| {
            Ok(Val::new(Value::Bool(!a[0].v.truth())))
        }),
    );
    add("len", Func::new(&[Ty::Reflect], None, |_, a| length(&a[0])));
    add(
        "index",
        Func::new(&[Ty::Reflect], Some(Ty::Reflect), |_, a| {
            index(&a[0], &a[1..])
        }),
    );
    add(
        "slice",
        Func::new(&[Ty::Reflect], Some(Ty::Reflect), |_, a| {
            slice(&a[0], &a[1..])
        }),
    );
    add(
        "print",
        Func::new(&[], Some(Ty::Any), |_, a| {
            Ok(Val::new(Value::string(sprint(&values(a)))))
        }),
    );
    add(
        "println",
        Func::new(&[], Some(Ty::Any), |_, a| {
            Ok(Val::new(Value::string(sprintln(&values(a)))))
        }),
    );
    add(
        "printf",
        Func::new(&[Ty::String], Some(Ty::Any), |_, a| {
            let format = a[0].v.as_str().unwrap_or_default().to_string();
            Ok(Val::new(Value::string(sprintf(
                &format,
                &values(a[1..].to_vec()),
            ))))
        }),
    );
    add(
        "html",
        Func::new(&[], Some(Ty::Any), |_, a| {
            Ok(Val::new(Value::string(html_escape(&eval_args(a)))))
        }),
    );
    add(
        "js",
        Func::new(&[], Some(Ty::Any), |_, a| {
            Ok(Val::new(Value::string(js_escape(&eval_args(a)))))
        }),
    );
    add(
        "urlquery",
        Func::new(&[], Some(Ty::Any), |_, a| {
            Ok(Val::new(Value::string(query_escape(&eval_args(a)))))
        }),
    );
    add(
        "call",
        // The executor puts the callee's text before the arguments (see `eval_call`).
        Func::new(&[Ty::Reflect], Some(Ty::Reflect), |_, a| {
            let (name, v) = (&a[0], &a[1]);
            if v.is_invalid() || v.v.is_nil() {
                return Err(Error::plain("call of nil"));
            }
            Err(Error::plain(format!(
                "non-function {} of type {}",
                name.v.as_str().unwrap_or_default(),
                v.v.type_name()
            )))
        }),
    );
    let cmp2 = move |name: &'static str| {
        Func::new(&[Ty::Reflect, Ty::Reflect], None, move |_, a| {
            let r = match name {
                "lt" => lt(&a[0], &a[1], cmp)?,
                "le" => le(&a[0], &a[1], cmp)?,
                "gt" => !le(&a[0], &a[1], cmp)?,
                _ => !lt(&a[0], &a[1], cmp)?,
            };
            Ok(Val::new(Value::Bool(r)))
        })
    };
    add(
        "eq",
        Func::new(&[Ty::Reflect], Some(Ty::Reflect), move |_, a| {
            Ok(Val::new(Value::Bool(eq(&a[0], &a[1..], cmp)?)))
        }),
    );
    add(
        "ne",
        Func::new(&[Ty::Reflect, Ty::Reflect], None, move |_, a| {
            Ok(Val::new(Value::Bool(!eq(&a[0], &a[1..], cmp)?)))
        }),
    );
    add("lt", cmp2("lt"));
    add("le", cmp2("le"));
    add("gt", cmp2("gt"));
    add("ge", cmp2("ge"));
    f
}

fn values(a: Vec<Val>) -> Vec<Value> {
    a.into_iter().map(|v| v.v).collect()
}

/// `evalArgs`: one string argument as is, else `fmt.Sprint` of them all.
fn eval_args(a: Vec<Val>) -> String {
    if a.len() == 1
        && let Value::Str(s) = &a[0].v
    {
        return s.to_string();
    }
    sprint(&values(a))
}

fn length(item: &Val) -> Result<Val, Error> {
    if item.boxed && item.v.is_nil() {
        return Err(Error::plain("len of nil pointer"));
    }
    let n = match &item.v {
        Value::Nil => {
            return Err(Error::plain(
                "reflect: call of reflect.Value.Type on zero Value",
            ));
        }
        Value::Str(s) => s.len(),
        Value::Bytes(b) => b.len(),
        Value::List(l) => l.items.len(),
        Value::Map(m) => m.len(),
        Value::Object(o) => match (o.map_entries(), o.list_items()) {
            (Some(e), _) => e.len(),
            (_, Some(l)) => l.len(),
            _ => return Err(Error::plain(format!("len of type {}", o.type_name()))),
        },
        other => return Err(Error::plain(format!("len of type {}", other.type_name()))),
    };
    Ok(Val::new(Value::Int(n as i64)))
}

fn index_arg(index: &Val, cap: usize) -> Result<usize, Error> {
    let x = match &index.v {
        Value::Int(i) | Value::Int64(i) => *i,
        Value::Nil => return Err(Error::plain("cannot index slice/array with nil")),
        other => {
            return Err(Error::plain(format!(
                "cannot index slice/array with type {}",
                other.type_name()
            )));
        }
    };
    if x < 0 || x as u64 > cap as u64 {
        return Err(Error::plain(format!("index out of range: {x}")));
    }
    Ok(x as usize)
}

fn index(item: &Val, indexes: &[Val]) -> Result<Val, Error> {
    let mut item = item.clone().unbox();
    if item.is_invalid() {
        return Err(Error::plain("index of untyped nil"));
    }
    for index in indexes {
        if item.boxed && item.v.is_nil() {
            return Err(Error::plain("index of nil pointer"));
        }
        item = match &item.v {
            Value::List(l) => {
                let x = index_arg(index, l.items.len())?;
                let Some(v) = l.items.get(x) else {
                    return Err(Error::plain("reflect: slice index out of range"));
                };
                Val {
                    v: v.clone(),
                    boxed: item.v.boxes_elements(),
                }
            }
            Value::Bytes(b) => {
                let x = index_arg(index, b.len())?;
                let Some(v) = b.get(x) else {
                    return Err(Error::plain("reflect: slice index out of range"));
                };
                Val::new(Value::Int(*v as i64))
            }
            Value::Str(s) => {
                let x = index_arg(index, s.len())?;
                let Some(v) = s.as_bytes().get(x) else {
                    return Err(Error::plain("reflect: string index out of range"));
                };
                Val::new(Value::Int(*v as i64))
            }
            Value::Map(_) | Value::Object(_) if item.v.map_entries().is_some() => {
                let key = match &index.v {
                    Value::Str(s) => s.to_string(),
                    Value::Nil if !index.boxed => {
                        return Err(Error::plain("value is nil; should be of type string"));
                    }
                    other => {
                        return Err(Error::plain(format!(
                            "value has type {}; should be string",
                            if index.boxed && other.is_nil() {
                                "interface {}".to_string()
                            } else {
                                other.type_name()
                            }
                        )));
                    }
                };
                let boxed = item.v.boxes_elements();
                let found = match &item.v {
                    Value::Map(m) => m.get(&key),
                    Value::Object(o) => o
                        .map_entries()
                        .and_then(|e| e.into_iter().find(|(k, _)| *k == key).map(|(_, v)| v)),
                    _ => None,
                };
                match found {
                    Some(v) => Val { v, boxed },
                    None if boxed => Val::boxed(Value::Nil),
                    None => match &item.v {
                        Value::Object(_) => Val::new(Value::Bytes(Rc::from(Vec::new()))),
                        _ => Val::new(Value::str("")),
                    },
                }
            }
            other => {
                return Err(Error::plain(format!(
                    "can't index item of type {}",
                    other.type_name()
                )));
            }
        };
    }
    Ok(item)
}

fn slice(item: &Val, indexes: &[Val]) -> Result<Val, Error> {
    let item = item.clone().unbox();
    if item.is_invalid() {
        return Err(Error::plain("slice of untyped nil"));
    }
    if indexes.len() > 3 {
        return Err(Error::plain(format!(
            "too many slice indexes: {}",
            indexes.len()
        )));
    }
    let (len, is_str) = match &item.v {
        Value::Str(s) => (s.len(), true),
        Value::List(l) => (l.items.len(), false),
        Value::Bytes(b) => (b.len(), false),
        other => {
            return Err(Error::plain(format!(
                "can't slice item of type {}",
                other.type_name()
            )));
        }
    };
    if is_str && indexes.len() == 3 {
        return Err(Error::plain("cannot 3-index slice a string"));
    }
    let mut idx = [0usize, len, len];
    for (i, x) in indexes.iter().enumerate() {
        idx[i] = index_arg(x, len)?;
    }
    if idx[0] > idx[1] {
        return Err(Error::plain(format!(
            "invalid slice index: {} > {}",
            idx[0], idx[1]
        )));
    }
    Ok(Val::new(match &item.v {
        Value::Str(s) => match s.get(idx[0]..idx[1]) {
            Some(t) => Value::str(t),
            None => {
                Value::string(String::from_utf8_lossy(&s.as_bytes()[idx[0]..idx[1]]).into_owned())
            }
        },
        Value::List(l) => Value::list(l.elem, l.items[idx[0]..idx[1]].to_vec()),
        Value::Bytes(b) => Value::Bytes(Rc::from(&b[idx[0]..idx[1]])),
        _ => Value::Nil,
    }))
}

/// `basicKind`: the class a comparison sees.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Class {
    Invalid,
    Bool,
    Int,
    Float,
    Str,
}

fn class(v: &Value) -> Class {
    match v {
        Value::Bool(_) => Class::Bool,
        Value::Int(_) | Value::Int64(_) => Class::Int,
        Value::Float(_) => Class::Float,
        Value::Str(_) => Class::Str,
        _ => Class::Invalid,
    }
}

fn incompatible(a: &Value, b: &Value, cmp: Comparisons) -> Error {
    match cmp {
        Comparisons::Plain => Error::plain("incompatible types for comparison"),
        Comparisons::Typed => Error::plain(format!(
            "incompatible types for comparison: {} and {}",
            a.type_name(),
            b.type_name()
        )),
    }
}

fn eq(a: &Val, rest: &[Val], cmp: Comparisons) -> Result<bool, Error> {
    if rest.is_empty() {
        return Err(Error::plain("missing argument for comparison"));
    }
    let a1 = &a.v;
    let k1 = class(a1);
    for b in rest {
        let b1 = &b.v;
        let k2 = class(b1);
        let truth = if k1 != k2 {
            if !a1.is_nil() && !b1.is_nil() {
                return Err(incompatible(a1, b1, cmp));
            }
            false
        } else {
            match (a1, b1) {
                (Value::Bool(x), Value::Bool(y)) => x == y,
                (Value::Float(x), Value::Float(y)) => x == y,
                (Value::Int(x) | Value::Int64(x), Value::Int(y) | Value::Int64(y)) => x == y,
                (Value::Str(x), Value::Str(y)) => x == y,
                _ => {
                    if a1.is_nil() || b1.is_nil() {
                        a1.is_nil() == b1.is_nil()
                    } else {
                        let non_comparable = |v: &Value| {
                            matches!(v, Value::List(_) | Value::Map(_) | Value::Bytes(_))
                        };
                        if a1.type_name() != b1.type_name() {
                            return Err(Error::plain(format!(
                                "non-comparable types {}: {}, {}: {}",
                                sprint_v(a1),
                                a1.type_name(),
                                b1.type_name(),
                                sprint_v(b1)
                            )));
                        }
                        if non_comparable(b1) {
                            // Go writes the value with `%s` (`[%!s(int=1)]`).
                            return Err(Error::plain(format!(
                                "non-comparable type {}: {}",
                                super::fmt::sprintf("%s", std::slice::from_ref(b1)),
                                b1.type_name()
                            )));
                        }
                        match (a1, b1) {
                            (Value::Object(x), Value::Object(y)) => Rc::ptr_eq(x, y),
                            _ => false,
                        }
                    }
                }
            }
        };
        if truth {
            return Ok(true);
        }
    }
    Ok(false)
}

fn lt(a: &Val, b: &Val, cmp: Comparisons) -> Result<bool, Error> {
    let (a1, b1) = (&a.v, &b.v);
    let bad = || Error::plain("invalid type for comparison");
    let (k1, k2) = (class(a1), class(b1));
    if k1 == Class::Invalid || k2 == Class::Invalid {
        return Err(bad());
    }
    if k1 != k2 {
        return Err(incompatible(a1, b1, cmp));
    }
    Ok(match (a1, b1) {
        (Value::Float(x), Value::Float(y)) => x < y,
        (Value::Int(x) | Value::Int64(x), Value::Int(y) | Value::Int64(y)) => x < y,
        (Value::Str(x), Value::Str(y)) => x < y,
        _ => return Err(bad()),
    })
}

fn le(a: &Val, b: &Val, cmp: Comparisons) -> Result<bool, Error> {
    if lt(a, b, cmp)? {
        return Ok(true);
    }
    eq(a, std::slice::from_ref(b), cmp)
}

/// `template.HTMLEscapeString`.
pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("&#34;"),
            '\'' => out.push_str("&#39;"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\0' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// `template.JSEscapeString`.
pub fn js_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '"' => out.push_str("\\\""),
            '<' => out.push_str("\\u003C"),
            '>' => out.push_str("\\u003E"),
            '&' => out.push_str("\\u0026"),
            '=' => out.push_str("\\u003D"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// `url.QueryEscape`.
pub fn query_escape(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
