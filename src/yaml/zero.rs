//! Reading a tree as Go's JSON decoding leaves a struct: an absent or null field is its zero
//! value (`""`, `0`, `false`, an empty list, the zero struct). The one reader validation and
//! the printers share, so both see a field the same way. Every accessor also accepts a
//! non-mapping node (a null list item), whose fields are all absent.

use super::{Node, Value};
use crate::diag::{Pos, Span};

/// A struct that is absent: every field reads as its zero value.
pub static ABSENT: Node = Node {
    value: Value::Null,
    span: Span {
        start: Pos::new(0, 0),
        end: Pos::new(0, 0),
    },
};

/// An optional node read as a struct: absent is the zero struct.
pub fn of(n: Option<&Node>) -> &Node {
    n.unwrap_or(&ABSENT)
}
/// A pointer or struct field: `None` when absent or null.
pub fn field<'a>(n: &'a Node, k: &str) -> Option<&'a Node> {
    n.get(k).filter(|v| v.value != Value::Null)
}
/// A struct field that Go holds by value: an absent one is the zero struct.
pub fn part<'a>(n: &'a Node, k: &str) -> &'a Node {
    of(field(n, k))
}
/// A `string` field: absent reads as empty.
pub fn string<'a>(n: &'a Node, k: &str) -> &'a str {
    n.get_str(k).unwrap_or("")
}
/// A `*string` field.
pub fn opt_str<'a>(n: &'a Node, k: &str) -> Option<&'a str> {
    n.get_str(k)
}
/// A string field that matters only when set (Go's `if s != ""`).
pub fn nonempty<'a>(n: &'a Node, k: &str) -> Option<&'a str> {
    opt_str(n, k).filter(|s| !s.is_empty())
}
/// A `*int32`/`*int64` field (`unwrap_or(0)` for one held by value).
pub fn int(n: &Node, k: &str) -> Option<i64> {
    n.int_at(&[k])
}
/// A `*bool` field (`unwrap_or(false)` for one held by value).
pub fn flag(n: &Node, k: &str) -> Option<bool> {
    n.bool_at(&[k])
}
/// A list field: absent reads as empty.
pub fn items<'a>(n: &'a Node, k: &str) -> &'a [Node] {
    n.seq_at(&[k])
}
/// A `[]string` field; a null item reads as `""`, as Go decodes it (indices stay true).
pub fn strings<'a>(n: &'a Node, k: &str) -> Vec<&'a str> {
    items(n, k)
        .iter()
        .map(|s| s.as_str().unwrap_or(""))
        .collect()
}
/// A defaulted field: absent or empty reads as `default`.
pub fn or_default<'a>(v: Option<&'a str>, default: &'a str) -> &'a str {
    match v {
        None | Some("") => default,
        Some(x) => x,
    }
}
