//! YAML as go-yaml v2 writes it (`yaml.Marshal` after sigs.k8s.io/yaml's JSON round trip):
//! what `kubectl get -o yaml` prints and what Helm's `toYaml` returns. Keys sorted in
//! go-yaml's natural order (`a2` before `a10`), two-space indentation, sequences not indented
//! under their key, strings that would read back as another type double-quoted, strings plain
//! style cannot carry single-quoted, multi-line strings as `|` blocks, and long strings folded
//! past 80 columns; the scalar analysis and writers follow libyaml's emitter, which go-yaml
//! ports (`emitterc.go`: `yaml_emitter_analyze_scalar`, `select_scalar_style`, `write_*`).

use serde_json::Value;

const BEST_WIDTH: usize = 80;
const INDENT: usize = 2;

/// How the emitter differs between go-yaml v2 (`yaml.Marshal`, the default) and go-yaml v3
/// with two-space indentation (Helm's `toYamlPretty`).
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// v3: sequences are indented under their key.
    pub indent_sequences: bool,
    /// v3: long scalars are not folded.
    pub no_folding: bool,
    /// v3 on Go values: every float prints as `strconv.FormatFloat(f, 'g', -1, 64)`.
    pub floats_g: bool,
}

/// The YAML text of `v` (ending with a newline), as `yaml.Marshal` writes it.
pub fn to_yaml(v: &Value) -> String {
    to_yaml_with(v, Options::default())
}

/// `to_yaml` with another emitter's habits.
pub fn to_yaml_with(v: &Value, opts: Options) -> String {
    let mut e = Emitter {
        opts,
        ..Emitter::default()
    };
    e.node(v, 0, Ctx::Root);
    if !e.out.ends_with('\n') {
        e.out.push('\n');
    }
    e.out
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Ctx {
    Root,
    /// The value of a mapping entry, written after `key:`.
    MapValue,
    /// An item of a sequence, written after `- `.
    SeqItem,
}

#[derive(Default)]
struct Emitter {
    out: String,
    /// Characters written on the current line.
    column: usize,
    opts: Options,
}

impl Emitter {
    fn put(&mut self, s: &str) {
        for c in s.chars() {
            if c == '\n' {
                self.column = 0;
            } else {
                self.column += 1;
            }
        }
        self.out.push_str(s);
    }

    fn newline_indent(&mut self, indent: usize) {
        self.put("\n");
        for _ in 0..indent {
            self.out.push(' ');
        }
        self.column = indent;
    }

    /// Writes `v` whose enclosing block sits at `indent`.
    fn node(&mut self, v: &Value, indent: usize, ctx: Ctx) {
        match v {
            Value::Object(m) if !m.is_empty() => {
                let mut keys: Vec<&String> = m.keys().collect();
                keys.sort_by(|a, b| key_order(a, b));
                let inner = match ctx {
                    Ctx::Root => 0,
                    Ctx::MapValue => indent + INDENT,
                    Ctx::SeqItem => indent + INDENT,
                };
                for (i, k) in keys.iter().enumerate() {
                    if i > 0 || ctx == Ctx::MapValue {
                        self.newline_indent(inner);
                    } else if ctx == Ctx::SeqItem {
                        self.put(" ");
                    }
                    self.scalar_str(k, inner, true);
                    self.put(":");
                    self.node(&m[k.as_str()], inner, Ctx::MapValue);
                }
            }
            Value::Array(a) if !a.is_empty() => {
                // Sequences in a mapping are not indented; nested ones are.
                let inner = match ctx {
                    Ctx::Root => 0,
                    Ctx::MapValue if self.opts.indent_sequences => indent + INDENT,
                    Ctx::MapValue => indent,
                    Ctx::SeqItem => indent + INDENT,
                };
                for (i, item) in a.iter().enumerate() {
                    if i > 0 || ctx == Ctx::MapValue {
                        self.newline_indent(inner);
                    } else if ctx == Ctx::SeqItem {
                        self.put(" ");
                    }
                    self.put("-");
                    self.node(item, inner, Ctx::SeqItem);
                }
            }
            other => {
                if ctx != Ctx::Root {
                    self.put(" ");
                }
                // A scalar's continuation lines sit one step inside its block.
                let scalar_indent = indent + INDENT;
                match other {
                    Value::Null => self.put("null"),
                    Value::Bool(b) => self.put(if *b { "true" } else { "false" }),
                    Value::Number(n) => {
                        let text = match n.as_f64() {
                            Some(f) if self.opts.floats_g && n.is_f64() => {
                                crate::go::format_float(f, 'g', -1)
                            }
                            _ => number_text(n),
                        };
                        self.put(&text);
                    }
                    Value::String(s) => self.scalar_str(s, scalar_indent, false),
                    Value::Array(_) => self.put("[]"),
                    Value::Object(_) => self.put("{}"),
                }
            }
        }
    }

    /// A string scalar; `key` when it is a simple mapping key.
    fn scalar_str(&mut self, s: &str, indent: usize, key: bool) {
        let style = encoder_style(s);
        let a = analyze(s);
        let style = match style {
            Style::Plain if !a.block_plain || (key && s.is_empty()) => Style::Single,
            Style::Literal if !a.block || key => Style::Double,
            other => other,
        };
        let style = if key && a.multiline {
            Style::Double
        } else {
            style
        };
        let style = match style {
            Style::Single if !a.single => Style::Double,
            other => other,
        };
        match style {
            Style::Plain => self.write_plain(s, indent, !key),
            Style::Single => self.write_single(s, indent, !key),
            Style::Double => self.write_double(s, indent, !key),
            Style::Literal => self.write_literal(s, indent),
        }
    }

    fn write_plain(&mut self, s: &str, indent: usize, allow_breaks: bool) {
        let chars: Vec<char> = s.chars().collect();
        let mut spaces = false;
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                if allow_breaks
                    && !spaces
                    && self.column > self.width()
                    && chars.get(i + 1) != Some(&' ')
                {
                    self.newline_indent(indent);
                } else {
                    self.put_char(c);
                }
                spaces = true;
            } else {
                self.put_char(c);
                spaces = false;
            }
        }
    }

    fn write_single(&mut self, s: &str, indent: usize, allow_breaks: bool) {
        self.put("'");
        let chars: Vec<char> = s.chars().collect();
        let mut spaces = false;
        let mut breaks = false;
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                if allow_breaks
                    && !spaces
                    && self.column > self.width()
                    && i != 0
                    && i != chars.len() - 1
                    && chars.get(i + 1) != Some(&' ')
                {
                    self.newline_indent(indent);
                } else {
                    self.put_char(c);
                }
                spaces = true;
            } else if is_break(c) {
                if !breaks && c == '\n' {
                    self.put("\n");
                }
                self.write_break(c);
                breaks = true;
            } else {
                if breaks {
                    self.newline_indent_plain(indent);
                }
                if c == '\'' {
                    self.put("'");
                }
                self.put_char(c);
                spaces = false;
                breaks = false;
            }
        }
        self.put("'");
    }

    /// `write_indent` right after a line break: only the indentation.
    fn newline_indent_plain(&mut self, indent: usize) {
        for _ in self.column..indent {
            self.out.push(' ');
        }
        self.column = self.column.max(indent);
    }

    fn write_double(&mut self, s: &str, indent: usize, allow_breaks: bool) {
        self.put("\"");
        let chars: Vec<char> = s.chars().collect();
        let mut spaces = false;
        for (i, &c) in chars.iter().enumerate() {
            if !is_printable(c) || c == '\u{feff}' || is_break(c) || c == '"' || c == '\\' {
                let esc = match c {
                    '\0' => "\\0".to_string(),
                    '\u{7}' => "\\a".into(),
                    '\u{8}' => "\\b".into(),
                    '\t' => "\\t".into(),
                    '\n' => "\\n".into(),
                    '\u{b}' => "\\v".into(),
                    '\u{c}' => "\\f".into(),
                    '\r' => "\\r".into(),
                    '\u{1b}' => "\\e".into(),
                    '"' => "\\\"".into(),
                    '\\' => "\\\\".into(),
                    '\u{85}' => "\\N".into(),
                    '\u{a0}' => "\\_".into(),
                    '\u{2028}' => "\\L".into(),
                    '\u{2029}' => "\\P".into(),
                    c if (c as u32) <= 0xff => format!("\\x{:02X}", c as u32),
                    c if (c as u32) <= 0xffff => format!("\\u{:04X}", c as u32),
                    c => format!("\\U{:08X}", c as u32),
                };
                self.put(&esc);
                spaces = false;
            } else if c == ' ' {
                if allow_breaks
                    && !spaces
                    && self.column > self.width()
                    && i != 0
                    && i != chars.len() - 1
                {
                    self.newline_indent(indent);
                    if chars.get(i + 1) == Some(&' ') {
                        self.put("\\");
                    }
                } else {
                    self.put_char(c);
                }
                spaces = true;
            } else {
                self.put_char(c);
                spaces = false;
            }
        }
        self.put("\"");
    }

    fn write_literal(&mut self, s: &str, indent: usize) {
        self.put("|");
        let chars: Vec<char> = s.chars().collect();
        if chars.first().is_some_and(|c| *c == ' ' || is_break(*c)) {
            self.put(&INDENT.to_string());
        }
        let last = chars.last().copied();
        if !last.is_some_and(is_break) {
            self.put("-");
        } else if chars.len() == 1 || chars.get(chars.len() - 2).is_some_and(|c| is_break(*c)) {
            self.put("+");
        }
        self.put("\n");
        let mut breaks = true;
        for c in chars {
            if is_break(c) {
                self.write_break(c);
                breaks = true;
            } else {
                if breaks {
                    for _ in 0..indent {
                        self.out.push(' ');
                    }
                    self.column = indent;
                    breaks = false;
                }
                self.put_char(c);
            }
        }
        // The scalar's own final break ends the line; a block without one still needs it.
        if !self.out.ends_with('\n') {
            self.put("\n");
        }
        // `put` tracked the column; the next entry starts a fresh line.
        self.pending_break_done();
    }

    /// After a literal block the output already ends with a newline: the next entry must not
    /// add another, so strip it and let `newline_indent` write it.
    fn pending_break_done(&mut self) {
        if self.out.ends_with('\n') {
            self.out.pop();
            self.column = self.out.len() - self.out.rfind('\n').map_or(0, |i| i + 1);
        }
    }

    fn width(&self) -> usize {
        if self.opts.no_folding {
            usize::MAX
        } else {
            BEST_WIDTH
        }
    }

    fn put_char(&mut self, c: char) {
        self.out.push(c);
        self.column += 1;
    }

    /// go-yaml's `write_break`: `\n` is the emitter's line break; any other break character
    /// (`\u{2028}`, `\u{2029}`) is written as it is, and a new line starts after it.
    fn write_break(&mut self, c: char) {
        if c == '\n' {
            self.put("\n");
        } else {
            self.out.push(c);
            self.column = 0;
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Style {
    Plain,
    Single,
    Double,
    Literal,
}

/// go-yaml v2's `encoder.stringv`: the style it asks the emitter for.
fn encoder_style(s: &str) -> Style {
    if s.contains('\n') {
        Style::Literal
    } else if resolves_to_non_string(s) || is_base60_float(s) {
        Style::Double
    } else {
        Style::Plain
    }
}

/// Would go-yaml v2's resolver read this plain scalar as something other than a string?
fn resolves_to_non_string(s: &str) -> bool {
    s.is_empty() || crate::yaml::plain_non_string(s).is_some() || looks_like_timestamp(s)
}

/// go-yaml v2 resolves `2001-12-14` (and longer timestamps) as timestamps.
fn looks_like_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
        && (b.len() == 10 || matches!(b[10], b'T' | b't' | b' ' | b'\t'))
}

/// `isBase60Float`: `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`.
fn is_base60_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
        i += 1;
    }
    if i >= b.len() || !b[i].is_ascii_digit() {
        return false;
    }
    while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
        i += 1;
    }
    let mut groups = 0;
    while i < b.len() && b[i] == b':' {
        i += 1;
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() && i - start < 2 {
            i += 1;
        }
        let g = &b[start..i];
        let ok = match g.len() {
            1 => true,
            2 => g[0] <= b'5',
            _ => false,
        };
        if !ok {
            return false;
        }
        groups += 1;
    }
    if groups == 0 {
        return false;
    }
    if i < b.len() && b[i] == b'.' {
        i += 1;
        while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
            i += 1;
        }
    }
    i == b.len()
}

struct Analysis {
    multiline: bool,
    block_plain: bool,
    single: bool,
    block: bool,
}

fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// go-yaml's `is_printable`: note that it rejects tabs and characters beyond the BMP.
fn is_printable(c: char) -> bool {
    let n = c as u32;
    n == 0x0A
        || (0x20..=0x7E).contains(&n)
        || (0xA0..=0xD7FF).contains(&n)
        || ((0xE000..=0xFFFD).contains(&n) && n != 0xFEFF)
}

fn is_blankz(c: Option<char>) -> bool {
    matches!(c, None | Some(' ' | '\t')) || c.is_some_and(is_break) || c == Some('\0')
}

/// `yaml_emitter_analyze_scalar` for block context.
fn analyze(s: &str) -> Analysis {
    let chars: Vec<char> = s.chars().collect();
    if chars.is_empty() {
        return Analysis {
            multiline: false,
            block_plain: true,
            single: true,
            block: false,
        };
    }
    let mut block_indicators = s.starts_with("---") || s.starts_with("...");
    let (mut leading_space, mut leading_break, mut trailing_space, mut trailing_break) =
        (false, false, false, false);
    let (mut break_space, mut space_break, mut previous_space, mut previous_break) =
        (false, false, false, false);
    let mut special = false;
    let mut line_breaks = false;
    let mut preceded_by_ws = true;
    let mut followed_by_ws = is_blankz(chars.get(1).copied());
    let n = chars.len();
    for (i, &c) in chars.iter().enumerate() {
        if i == 0 {
            if "#,[]{}&*!|>'\"%@`".contains(c) {
                block_indicators = true;
            }
            if (c == '?' || c == ':') && followed_by_ws {
                block_indicators = true;
            }
            if c == '-' && followed_by_ws {
                block_indicators = true;
            }
        } else {
            if c == ':' && followed_by_ws {
                block_indicators = true;
            }
            if c == '#' && preceded_by_ws {
                block_indicators = true;
            }
        }
        if !is_printable(c) || c == '\u{feff}' {
            special = true;
        }
        if is_break(c) {
            line_breaks = true;
        }
        if c == ' ' {
            if i == 0 {
                leading_space = true;
            }
            if i == n - 1 {
                trailing_space = true;
            }
            if previous_break {
                break_space = true;
            }
            previous_space = true;
            previous_break = false;
        } else if is_break(c) {
            if i == 0 {
                leading_break = true;
            }
            if i == n - 1 {
                trailing_break = true;
            }
            if previous_space {
                space_break = true;
            }
            previous_break = true;
            previous_space = false;
        } else {
            previous_space = false;
            previous_break = false;
        }
        preceded_by_ws = is_blankz(Some(c));
        followed_by_ws = is_blankz(chars.get(i + 2).copied());
    }
    let mut a = Analysis {
        multiline: line_breaks,
        block_plain: true,
        single: true,
        block: true,
    };
    if leading_space || leading_break || trailing_space || trailing_break {
        a.block_plain = false;
    }
    if trailing_space {
        a.block = false;
    }
    if break_space {
        a.block_plain = false;
        a.single = false;
    }
    if space_break || special {
        a.block_plain = false;
        a.single = false;
        a.block = false;
    }
    if line_breaks || block_indicators {
        a.block_plain = false;
    }
    a
}

/// How a JSON number reads back through go-yaml: integers stay integers, other floats are
/// printed by `strconv.FormatFloat(f, 'g', -1, 64)`.
fn number_text(n: &serde_json::Number) -> String {
    if let Some(i) = n.as_i64() {
        return i.to_string();
    }
    if let Some(u) = n.as_u64() {
        return u.to_string();
    }
    let f = n.as_f64().unwrap_or(0.0);
    let json = crate::yaml::format_float(f);
    match crate::yaml::plain_non_string(&json) {
        Some(crate::yaml::Value::Int(i)) => i.to_string(),
        _ => crate::go::format_float(f, 'g', -1),
    }
}

/// go-yaml v2's `keyList.Less` for string keys: letters before digits and runs of digits
/// compared as numbers.
pub fn key_order(a: &str, b: &str) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    if less(a, b) {
        Ordering::Less
    } else if less(b, a) {
        Ordering::Greater
    } else {
        Ordering::Equal
    }
}

fn less(a: &str, b: &str) -> bool {
    let ar: Vec<char> = a.chars().collect();
    let br: Vec<char> = b.chars().collect();
    let digit = |c: char| c.is_ascii_digit();
    let mut i = 0;
    while i < ar.len() && i < br.len() {
        if ar[i] == br[i] {
            i += 1;
            continue;
        }
        let al = ar[i].is_alphabetic();
        let bl = br[i].is_alphabetic();
        if al && bl {
            return ar[i] < br[i];
        }
        if al || bl {
            return bl;
        }
        let (mut an, mut bn) = (0i64, 0i64);
        if ar[i] == '0' || br[i] == '0' {
            let mut j = i;
            while j > 0 && digit(ar[j - 1]) {
                j -= 1;
                if ar[j] != '0' {
                    an = 1;
                    bn = 1;
                    break;
                }
            }
        }
        let mut ai = i;
        while ai < ar.len() && digit(ar[ai]) {
            an = an.wrapping_mul(10).wrapping_add(ar[ai] as i64 - '0' as i64);
            ai += 1;
        }
        let mut bi = i;
        while bi < br.len() && digit(br[bi]) {
            bn = bn.wrapping_mul(10).wrapping_add(br[bi] as i64 - '0' as i64);
            bi += 1;
        }
        if an != bn {
            return an < bn;
        }
        if ai != bi {
            return ai < bi;
        }
        return ar[i] < br[i];
    }
    ar.len() < br.len()
}
