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
