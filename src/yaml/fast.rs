//! The YAML reader's fast path: a hand-written reader for the block style most manifests are
//! written in, which builds the same positioned tree libyaml's events build, without
//! libyaml's token queue, buffers and per-token allocations (about half of `analyze`'s time
//! on the examples went to libyaml; see BENCHMARKS.md).
//!
//! It reads a subset and says `None` for everything else, at the first byte it is unsure of:
//! then the chunk is read by libyaml from the start, so errors, and everything rare (anchors
//! and aliases, tags, merge keys, multi-line plain and quoted scalars, flow collections over
//! several lines, tabs, non-ASCII text, directives), stay libyaml's. What it accepts:
//!
//! - block mappings and sequences, indentless sequences (`containers:` then `- name: ...` at the
//!   key's column) and compact ones (`- - a`, `- key: value`);
//! - plain scalars on one line, single- and double-quoted scalars on one line (with every
//!   escape), literal and folded block scalars
//!   (chomping, explicit indentation), and flow sequences and mappings on one line;
//! - comments and blank lines.
//!
//! Positions are libyaml's marks: a collection starts at its first key or `-` and ends where
//! the token that closes it starts (the next line with content, or the line after the text's
//! end); an empty value is at the end of its `:` or `-`. Debug builds read every chunk the
//! fast path accepts with libyaml too and assert that the trees agree (`yaml::read_chunk`),
//! so every native test and every fuzz input checks this module against its oracle.

use super::{Entry, Limits, Node, Value, key_string, resolve_plain};
use crate::diag::{Pos, Span};

/// Deepest nesting the fast path follows (recursion); deeper text goes to libyaml.
const MAX_DEPTH: usize = 100;

/// Reads one chunk of text (a document: `---` lines were split off), whose first line is
/// line `line_offset + 1`. `None`: outside the subset; `Some(None)`: no content at all;
/// `Some(Some((root, start)))`: the document's root and where the document starts.
pub(super) fn read(text: &str, line_offset: u32, limits: &Limits) -> Option<Option<(Node, Pos)>> {
    let b = text.as_bytes();
    // libyaml counts columns in characters and rejects control characters: ASCII only, no
    // tabs, no carriage returns.
    if b.iter().any(|&c| c >= 0x7f || (c < 0x20 && c != b'\n')) {
        return None;
    }
    let mut r = Reader {
        b,
        i: 0,
        line: 0,
        line_start: 0,
        line_offset,
        max_depth: limits.max_depth.min(MAX_DEPTH),
    };
    if !r.skip_blank()? {
        return Some(None);
    }
    let start = r.pos();
    let root = r.node(-1, 0, false)?;
    if r.i < b.len() {
        return None;
    }
    Some(Some((root, start)))
}

struct Reader<'a> {
    b: &'a [u8],
    i: usize,
    /// 0-based line of `i` within the chunk.
    line: u32,
    line_start: usize,
    line_offset: u32,
    max_depth: usize,
}

impl Reader<'_> {
    fn col(&self) -> i64 {
        (self.i - self.line_start) as i64
    }

    fn pos(&self) -> Pos {
        Pos::new(
            self.line_offset + self.line + 1,
            (self.i - self.line_start) as u32 + 1,
        )
    }

    /// Where the token that closes a collection indented at `n` starts: the next content.
    /// At the end of the text, libyaml first closes what is indented deeper than the last
    /// line's column there, then moves to the start of the next line and closes the rest
    /// (`yaml_parser_fetch_next_token`, `yaml_parser_fetch_stream_end`).
    fn end_mark(&self, n: i64) -> Pos {
        if self.i < self.b.len() || n > self.col() {
            self.pos()
        } else if self.i == self.line_start {
            Pos::new(self.line_offset + self.line + 1, 1)
        } else {
            Pos::new(self.line_offset + self.line + 2, 1)
        }
    }

    fn at(&self, i: usize) -> u8 {
        self.b.get(i).copied().unwrap_or(b'\n')
    }

    /// A space, a line break or the end of the text at `i`.
    fn blank_at(&self, i: usize) -> bool {
        matches!(self.at(i), b' ' | b'\n')
    }

    fn is_entry(&self) -> bool {
        self.at(self.i) == b'-' && self.blank_at(self.i + 1)
    }

    fn skip_spaces(&mut self) {
        while self.i < self.b.len() && self.b[self.i] == b' ' {
            self.i += 1;
        }
    }

    /// Skips spaces, comments and line breaks up to the next content. `Some(false)` at the
    /// end of the text; `None` at what only libyaml reads (a directive, a `...` line).
    fn skip_blank(&mut self) -> Option<bool> {
        loop {
            self.skip_spaces();
            if self.at(self.i) == b'#' {
                while self.i < self.b.len() && self.b[self.i] != b'\n' {
                    self.i += 1;
                }
            }
            if self.i < self.b.len() && self.b[self.i] == b'\n' {
                self.i += 1;
                self.line += 1;
                self.line_start = self.i;
                continue;
            }
            break;
        }
        if self.i >= self.b.len() {
            return Some(false);
        }
        if self.i == self.line_start
            && (self.b[self.i] == b'%' || self.b[self.i..].starts_with(b"..."))
        {
            return None;
        }
        Some(true)
    }

    /// After a value: the rest of its line is blank or a comment, and the next content is
    /// not indented deeper than the collection the value is in (that would continue a plain
    /// scalar, or be an error).
    fn after_value(&mut self, parent: i64) -> Option<()> {
        let from = self.i;
        self.skip_spaces();
        match self.at(self.i) {
            b'\n' => {}
            b'#' if self.i > from => {}
            _ => return None,
        }
        if self.skip_blank()? && self.col() > parent {
            return None;
        }
        Some(())
    }

    /// The node at `i` (content, at a column deeper than `parent`); leaves `i` at the next
    /// content or the end. `inline`: the value of a key on the key's line, where neither a
    /// mapping nor a block sequence may start.
    fn node(&mut self, parent: i64, depth: usize, inline: bool) -> Option<Node> {
        if depth >= self.max_depth {
            return None;
        }
        let c = self.col();
        let save = (self.i, self.line, self.line_start);
        match self.b[self.i] {
            b'-' if self.blank_at(self.i + 1) => {
                if inline {
                    return None;
                }
                self.block_seq(c, depth, false)
            }
            b'[' | b'{' => {
                let node = self.flow(depth)?;
                self.after_value(parent)?;
                Some(node)
            }
            b'|' | b'>' => {
                let node = self.block_scalar(parent)?;
                if self.skip_blank()? && self.col() > parent {
                    return None;
                }
                Some(node)
            }
            b'\'' | b'"' => {
                let (s, span) = self.quoted()?;
                if self.at(self.i) == b':' && self.blank_at(self.i + 1) {
                    if inline {
                        return None;
                    }
                    (self.i, self.line, self.line_start) = save;
                    return self.block_map(c, depth);
                }
                self.after_value(parent)?;
                Some(Node::new(Value::Str(s), span))
            }
            _ => {
                let (text, span, key) = self.plain()?;
                if key {
                    if inline {
                        return None;
                    }
                    (self.i, self.line, self.line_start) = save;
                    return self.block_map(c, depth);
                }
                let value = resolve_plain(self.text(text)?);
                self.after_value(parent)?;
                Some(Node::new(value, span))
            }
        }
    }

    /// A literal (`|`) or folded (`>`) block scalar in a collection indented at `parent`,
    /// read as libyaml's `yaml_parser_scan_block_scalar` reads it (chomping, an explicit
    /// indentation, folding, the end mark at the start of the line after its last break);
    /// leaves `i` where libyaml stops: past the next line's indentation.
    fn block_scalar(&mut self, parent: i64) -> Option<Node> {
        let literal = self.b[self.i] == b'|';
        let start = self.pos();
        self.i += 1;
        let mut chomping = 0;
        let mut increment = 0i64;
        let digit = |c: u8| matches!(c, b'1'..=b'9').then(|| i64::from(c - b'0'));
        match self.at(self.i) {
            c @ (b'+' | b'-') => {
                chomping = if c == b'+' { 1 } else { -1 };
                self.i += 1;
                if let Some(d) = digit(self.at(self.i)) {
                    increment = d;
                    self.i += 1;
                }
            }
            c => {
                if let Some(d) = digit(c) {
                    increment = d;
                    self.i += 1;
                    if let c @ (b'+' | b'-') = self.at(self.i) {
                        chomping = if c == b'+' { 1 } else { -1 };
                        self.i += 1;
                    }
                }
            }
        }
        let from = self.i;
        self.skip_spaces();
        if self.at(self.i) == b'#' && self.i > from {
            while self.i < self.b.len() && self.b[self.i] != b'\n' {
                self.i += 1;
            }
        }
        if self.i < self.b.len() {
            if self.b[self.i] != b'\n' {
                return None;
            }
            self.newline();
        }
        let mut end = self.pos();
        let mut indent = if increment == 0 {
            0
        } else if parent >= 0 {
            parent + increment
        } else {
            increment
        };
        let mut text = Vec::new();
        let mut leading_break = false;
        let mut trailing_breaks = 0usize;
        self.block_breaks(parent, &mut indent, &mut trailing_breaks, &mut end);
        let mut leading_blank = false;
        while self.col() == indent && self.i < self.b.len() {
            let trailing_blank = self.b[self.i] == b' ';
            if !literal && leading_break && !leading_blank && !trailing_blank {
                if trailing_breaks == 0 {
                    text.push(b' ');
                }
            } else if leading_break {
                text.push(b'\n');
            }
            leading_break = false;
            text.resize(text.len() + trailing_breaks, b'\n');
            trailing_breaks = 0;
            leading_blank = trailing_blank;
            let line = self.i;
            while self.i < self.b.len() && self.b[self.i] != b'\n' {
                self.i += 1;
            }
            text.extend_from_slice(&self.b[line..self.i]);
            if self.i < self.b.len() {
                leading_break = true;
                self.newline();
            }
            self.block_breaks(parent, &mut indent, &mut trailing_breaks, &mut end);
        }
        if chomping != -1 && leading_break {
            text.push(b'\n');
        }
        if chomping == 1 {
            text.resize(text.len() + trailing_breaks, b'\n');
        }
        Some(Node::new(
            Value::Str(String::from_utf8(text).ok()?),
            Span::new(start, end),
        ))
    }

    /// `yaml_parser_scan_block_scalar_breaks`: the empty lines before a block scalar's next
    /// line of text, counted; settles the indentation from the first line with text when
    /// it was not given.
    fn block_breaks(&mut self, parent: i64, indent: &mut i64, breaks: &mut usize, end: &mut Pos) {
        let mut max_indent = 0;
        *end = self.pos();
        loop {
            while (*indent == 0 || self.col() < *indent)
                && self.at(self.i) == b' '
                && self.i < self.b.len()
            {
                self.i += 1;
            }
            max_indent = max_indent.max(self.col());
            if !(self.i < self.b.len() && self.b[self.i] == b'\n') {
                break;
            }
            *breaks += 1;
            self.newline();
            *end = self.pos();
        }
        if *indent == 0 {
            *indent = max_indent.max(parent + 1).max(1);
        }
    }

    /// Steps over the line break at `i`.
    fn newline(&mut self) {
        self.i += 1;
        self.line += 1;
        self.line_start = self.i;
    }

    /// A block mapping whose keys are at column `n`, `i` at its first key.
    fn block_map(&mut self, n: i64, depth: usize) -> Option<Node> {
        if depth >= self.max_depth {
            return None;
        }
        let start = self.pos();
        let mut entries = Vec::new();
        loop {
            let (key, key_span) = self.key()?;
            // After the `:` (`key` checked that a space or a line break follows it).
            self.i += 1;
            let colon = self.pos();
            self.skip_spaces();
            let value = if matches!(self.at(self.i), b'\n' | b'#') {
                if !self.skip_blank()? || self.col() < n {
                    Node::new(Value::Null, Span::new(colon, colon))
                } else if self.col() == n {
                    if self.is_entry() {
                        self.block_seq(n, depth + 1, true)?
                    } else {
                        Node::new(Value::Null, Span::new(colon, colon))
                    }
                } else {
                    self.node(n, depth + 1, false)?
                }
            } else {
                self.node(n, depth + 1, true)?
            };
            entries.push(Entry {
                key,
                key_span,
                value,
            });
            if self.i >= self.b.len() || self.col() < n {
                break;
            }
            if self.col() > n || self.is_entry() {
                return None;
            }
        }
        Some(Node::new(
            Value::Map(entries),
            Span::new(start, self.end_mark(n)),
        ))
    }

    /// A key and its span; leaves `i` at the `:`.
    fn key(&mut self) -> Option<(String, Span)> {
        let (value, span) = match self.b[self.i] {
            b'\'' | b'"' => {
                let (s, span) = self.quoted()?;
                (Value::Str(s), span)
            }
            _ => {
                let (text, span, key) = self.plain()?;
                let s = self.text(text)?;
                if !key || s == "<<" {
                    return None;
                }
                (resolve_plain(s), span)
            }
        };
        // libyaml looks for a simple key's `:` within 1024 characters of its start.
        if !(self.at(self.i) == b':' && self.blank_at(self.i + 1))
            || span.end.column - span.start.column > 1000
        {
            return None;
        }
        Some((key_string(&value)?, span))
    }

    /// A block sequence whose `-` are at column `n`, `i` at the first. `indentless`: the
    /// value of a key at the same column, which ends at that mapping's next key.
    fn block_seq(&mut self, n: i64, depth: usize, indentless: bool) -> Option<Node> {
        if depth >= self.max_depth {
            return None;
        }
        let start = self.pos();
        let mut items = Vec::new();
        loop {
            self.i += 1;
            let dash = self.pos();
            self.skip_spaces();
            let item = if matches!(self.at(self.i), b'\n' | b'#') {
                if !self.skip_blank()? || self.col() < n {
                    Node::new(Value::Null, Span::new(dash, dash))
                } else if self.col() == n {
                    if !self.is_entry() && !indentless {
                        return None;
                    }
                    Node::new(Value::Null, Span::new(dash, dash))
                } else {
                    self.node(n, depth + 1, false)?
                }
            } else {
                self.node(n, depth + 1, false)?
            };
            items.push(item);
            if self.i >= self.b.len() || self.col() < n {
                break;
            }
            if self.col() > n {
                return None;
            }
            if !self.is_entry() {
                if indentless {
                    break;
                }
                return None;
            }
        }
        Some(Node::new(
            Value::Seq(items),
            Span::new(start, self.end_mark(n)),
        ))
    }

    /// A plain scalar on one line (block context), its span, and whether a `:` and a space or
    /// a line break follow it (a key). Leaves `i` after its last character, or at the `:`.
    fn plain(&mut self) -> Option<(std::ops::Range<usize>, Span, bool)> {
        let c = self.b[self.i];
        // `-` starts a plain scalar when no space follows it (`-1`, `--flag`).
        let dash_word = c == b'-' && !self.blank_at(self.i + 1);
        if !dash_word && indicator(c) {
            return None;
        }
        let start = self.pos();
        let from = self.i;
        let mut j = self.i;
        let mut end = self.i;
        let mut key = false;
        while j < self.b.len() {
            match self.b[j] {
                b'\n' => break,
                b':' if matches!(self.at(j + 1), b' ' | b'\n') => {
                    key = true;
                    break;
                }
                b' ' if self.at(j + 1) == b'#' => break,
                b' ' => j += 1,
                _ => {
                    j += 1;
                    end = j;
                }
            }
        }
        self.i = if key { j } else { end };
        let span = Span::new(
            start,
            Pos::new(start.line, start.column + (end - from) as u32),
        );
        Some((from..end, span, key))
    }

    fn text(&self, range: std::ops::Range<usize>) -> Option<String> {
        Some(std::str::from_utf8(self.b.get(range)?).ok()?.to_string())
    }

    /// A single- or double-quoted scalar that ends on its line; leaves `i` after it.
    fn quoted(&mut self) -> Option<(String, Span)> {
        let q = self.b[self.i];
        let start = self.pos();
        self.i += 1;
        let mut out = Vec::new();
        loop {
            let c = *self.b.get(self.i)?;
            match c {
                b'\n' => return None,
                b'\'' if q == b'\'' => {
                    if self.at(self.i + 1) == b'\'' {
                        out.push(b'\'');
                        self.i += 2;
                        continue;
                    }
                    self.i += 1;
                    break;
                }
                b'"' if q == b'"' => {
                    self.i += 1;
                    break;
                }
                b'\\' if q == b'"' => {
                    let digits = match self.at(self.i + 1) {
                        b'x' => 2,
                        b'u' => 4,
                        b'U' => 8,
                        e @ (b'N' | b'_' | b'L' | b'P') => {
                            let ch = match e {
                                b'N' => '\u{85}',
                                b'_' => '\u{a0}',
                                b'L' => '\u{2028}',
                                _ => '\u{2029}',
                            };
                            out.extend_from_slice(ch.encode_utf8(&mut [0; 4]).as_bytes());
                            self.i += 2;
                            continue;
                        }
                        e => {
                            out.push(match e {
                                b'0' => 0,
                                b'a' => 7,
                                b'b' => 8,
                                b't' => b'\t',
                                b'n' => b'\n',
                                b'v' => 11,
                                b'f' => 12,
                                b'r' => b'\r',
                                b'e' => 27,
                                b' ' | b'"' | b'/' | b'\\' => e,
                                _ => return None,
                            });
                            self.i += 2;
                            continue;
                        }
                    };
                    // `\xXX`, `\uXXXX`, `\UXXXXXXXX`: a code point, written as UTF-8.
                    let hex = self.b.get(self.i + 2..self.i + 2 + digits)?;
                    let code = u32::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?;
                    if !hex.iter().all(u8::is_ascii_hexdigit) {
                        return None;
                    }
                    let ch = char::from_u32(code)?;
                    out.extend_from_slice(ch.encode_utf8(&mut [0; 4]).as_bytes());
                    self.i += 2 + digits;
                }
                _ => {
                    out.push(c);
                    self.i += 1;
                }
            }
        }
        Some((String::from_utf8(out).ok()?, Span::new(start, self.pos())))
    }

    /// `[...]` on one line (quoted scalars, plain words, nested sequences) or `{}`; leaves
    /// `i` after it.
    fn flow(&mut self, depth: usize) -> Option<Node> {
        if depth >= self.max_depth {
            return None;
        }
        let start = self.pos();
        let open = self.b[self.i];
        self.i += 1;
        self.skip_spaces();
        if open == b'{' {
            return self.flow_map(start, depth);
        }
        let mut items = Vec::new();
        if self.at(self.i) != b']' {
            loop {
                let item = self.flow_item(depth)?;
                items.push(item);
                if self.flow_separator(b']')? {
                    break;
                }
            }
        }
        self.i += 1;
        Some(Node::new(Value::Seq(items), Span::new(start, self.pos())))
    }

    /// `{...}` on one line, `i` after its `{`: keys quoted or plain words (a plain key is
    /// followed by `: `; a quoted one may be followed by `:` alone, as in JSON), values as
    /// in a flow sequence; leaves `i` after it.
    fn flow_map(&mut self, start: Pos, depth: usize) -> Option<Node> {
        let mut entries = Vec::new();
        if self.at(self.i) != b'}' {
            loop {
                let key = match self.at(self.i) {
                    b'\'' | b'"' => {
                        let (s, span) = self.quoted()?;
                        if self.at(self.i) != b':' {
                            return None;
                        }
                        Node::new(Value::Str(s), span)
                    }
                    _ => {
                        let key = self.flow_word()?;
                        if !(self.at(self.i) == b':' && self.at(self.i + 1) == b' ') {
                            return None;
                        }
                        key
                    }
                };
                let name = key_string(&key.value)?;
                if name == "<<" {
                    return None;
                }
                self.i += 1;
                self.skip_spaces();
                let value = self.flow_item(depth)?;
                entries.push(Entry {
                    key: name,
                    key_span: key.span,
                    value,
                });
                if self.flow_separator(b'}')? {
                    break;
                }
            }
        }
        self.i += 1;
        Some(Node::new(Value::Map(entries), Span::new(start, self.pos())))
    }

    /// An item of a flow sequence, or a value of a flow mapping.
    fn flow_item(&mut self, depth: usize) -> Option<Node> {
        Some(match self.at(self.i) {
            b'\'' | b'"' => {
                let (s, span) = self.quoted()?;
                Node::new(Value::Str(s), span)
            }
            b'[' | b'{' => self.flow(depth + 1)?,
            _ => self.flow_word()?,
        })
    }

    /// After an item: `Some(true)` at the closing bracket `close` (left for the caller),
    /// `Some(false)` past a `,` and the spaces after it; `None` at anything else, and at a
    /// trailing `,`.
    fn flow_separator(&mut self, close: u8) -> Option<bool> {
        self.skip_spaces();
        match self.at(self.i) {
            b',' => {
                self.i += 1;
                self.skip_spaces();
                (self.at(self.i) != close).then_some(false)
            }
            c if c == close => Some(true),
            _ => None,
        }
    }

    /// A plain scalar inside a flow collection, on one line (libyaml's flow rules: it ends at
    /// `: `, `,`, `[`, `]`, `{` or `}`); leaves `i` after its last character.
    fn flow_word(&mut self) -> Option<Node> {
        let c = self.at(self.i);
        let next = self.at(self.i + 1);
        let dash_word =
            c == b'-' && !matches!(next, b' ' | b'\n' | b',' | b'[' | b']' | b'{' | b'}');
        if (!dash_word && indicator(c)) || matches!(c, b' ' | b'\n') {
            return None;
        }
        let start = self.pos();
        let from = self.i;
        let mut j = self.i;
        let mut end = self.i;
        loop {
            match self.at(j) {
                b'\n' => return None,
                b':' => match self.at(j + 1) {
                    b' ' | b'\n' => break,
                    b',' | b'?' | b'[' | b']' | b'{' | b'}' => return None,
                    _ => {
                        j += 1;
                        end = j;
                    }
                },
                b',' | b'[' | b']' | b'{' | b'}' => break,
                b' ' => {
                    while self.at(j) == b' ' {
                        j += 1;
                    }
                    if self.at(j) == b'#' {
                        return None;
                    }
                }
                _ => {
                    j += 1;
                    end = j;
                }
            }
        }
        self.i = end;
        Some(Node::new(
            resolve_plain(self.text(from..end)?),
            Span::new(start, self.pos()),
        ))
    }
}

/// Characters that cannot start a plain scalar (YAML's indicators; libyaml lets `-`, `?` and
/// `:` start one before a character that is not a space, of which the fast path takes `-`).
fn indicator(c: u8) -> bool {
    matches!(
        c,
        b'-' | b'?'
            | b':'
            | b','
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'#'
            | b'&'
            | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'\''
            | b'"'
            | b'%'
            | b'@'
            | b'`'
    )
}
