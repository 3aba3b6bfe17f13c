//! Syntax colouring for the editor: a line-based YAML lexer that never fails (any text, any
//! mess, gets classes) and the escaped HTML the editor lays under its textarea. The escaping
//! is the safety boundary: whatever is typed or pasted reaches the page as text, never markup.

/// What a stretch of text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    Key,
    String,
    Number,
    /// `true`, `false`, `null`, `~` and YAML 1.1's `yes`/`no`/`on`/`off`.
    Constant,
    Comment,
    /// `-`, `:`, `[`, `]`, `{`, `}`, `,`, `|`, `>`.
    Punctuation,
    /// `---`, `...`.
    Document,
    /// `&anchor`, `*alias`, `!tag`.
    Anchor,
}

impl Class {
    pub fn css(self) -> &'static str {
        match self {
            Class::Key => "k",
            Class::String => "s",
            Class::Number => "n",
            Class::Constant => "c",
            Class::Comment => "m",
            Class::Punctuation => "p",
            Class::Document => "d",
            Class::Anchor => "a",
        }
    }
}

/// A classified byte range of the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub class: Class,
}

/// Texts longer than this are shown without colours (pasting 10 MB must stay responsive).
pub const MAX_HIGHLIGHT: usize = 512 * 1024;

/// The tokens of `text`, in order, not overlapping.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut offset = 0;
    // Inside a block scalar (`|`, `>`): lines indented more than this are string content.
    let mut block: Option<usize> = None;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let indent = body.len() - body.trim_start_matches(' ').len();
        if let Some(parent) = block {
            if body.trim().is_empty() || indent > parent {
                if !body.trim().is_empty() {
                    push(
                        &mut out,
                        offset + indent,
                        offset + body.len(),
                        Class::String,
                    );
                }
                offset += line.len();
                continue;
            }
            block = None;
        }
        if let Some(b) = lex_line(body, offset, &mut out) {
            block = Some(b.min(indent));
        }
        offset += line.len();
    }
    out
}

fn push(out: &mut Vec<Token>, start: usize, end: usize, class: Class) {
    if end > start {
        out.push(Token { start, end, class });
    }
}

/// Lexes one line; returns the line's indentation when it opens a block scalar.
fn lex_line(line: &str, base: usize, out: &mut Vec<Token>) -> Option<usize> {
    let bytes = line.as_bytes();
    if line.starts_with("---") || line.starts_with("...") {
        let rest = &line[3..];
        if rest.is_empty() || rest.starts_with([' ', '\t']) {
            push(out, base, base + 3, Class::Document);
            return lex_value(line, 3, base, out).then_some(0);
        }
    }
    let indent = line.len() - line.trim_start_matches(' ').len();
    let mut i = indent;
    // Sequence indicators: `- - key: v`.
    while i < bytes.len() && bytes[i] == b'-' && (i + 1 == bytes.len() || bytes[i + 1] == b' ') {
        push(out, base + i, base + i + 1, Class::Punctuation);
        i += 1;
        while i < bytes.len() && bytes[i] == b' ' {
            i += 1;
        }
    }
    if i >= bytes.len() {
        return None;
    }
    if bytes[i] == b'#' {
        push(out, base + i, base + line.len(), Class::Comment);
        return None;
    }
    // A key: a plain or quoted scalar followed by `:` and a space or the end of the line.
    if let Some(colon) = key_end(line, i) {
        push(out, base + i, base + colon, Class::Key);
        push(out, base + colon, base + colon + 1, Class::Punctuation);
        return lex_value(line, colon + 1, base, out).then_some(indent);
    }
    lex_value(line, i, base, out).then_some(indent)
}

/// Where the `:` of a mapping key starting at `i` is.
fn key_end(line: &str, i: usize) -> Option<usize> {
    let bytes = line.as_bytes();
    let first = *bytes.get(i)?;
    if matches!(first, b'[' | b'{' | b'&' | b'*' | b'!' | b'|' | b'>' | b'#') {
        return None;
    }
    let mut j = i;
    if first == b'"' || first == b'\'' {
        j = quoted_end(line, i)?;
        return (bytes.get(j) == Some(&b':')
            && bytes.get(j + 1).is_none_or(|b| *b == b' ' || *b == b'\t'))
        .then_some(j);
    }
    while j < bytes.len() {
        if bytes[j] == b':' && bytes.get(j + 1).is_none_or(|b| *b == b' ' || *b == b'\t') {
            return Some(j);
        }
        if bytes[j] == b' ' && bytes.get(j + 1) == Some(&b'#') {
            return None;
        }
        j += 1;
    }
    None
}

/// The index just after the closing quote of the quoted scalar at `i` (or the line's end).
fn quoted_end(line: &str, i: usize) -> Option<usize> {
    let bytes = line.as_bytes();
    let q = bytes[i];
    let mut j = i + 1;
    while j < bytes.len() {
        if q == b'"' && bytes[j] == b'\\' {
            j += 2;
            continue;
        }
        if bytes[j] == q {
            if q == b'\'' && bytes.get(j + 1) == Some(&b'\'') {
                j += 2;
                continue;
            }
            return Some(j + 1);
        }
        j += 1;
    }
    Some(bytes.len())
}

/// Lexes a value from `i`; returns true when it opens a block scalar.
fn lex_value(line: &str, mut i: usize, base: usize, out: &mut Vec<Token>) -> bool {
    let bytes = line.as_bytes();
    let mut block = false;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b' ' | b'\t' => i += 1,
            b'#' if i == 0 || matches!(bytes[i - 1], b' ' | b'\t') => {
                push(out, base + i, base + line.len(), Class::Comment);
                return block;
            }
            b'"' | b'\'' => {
                let end = quoted_end(line, i).unwrap_or(bytes.len());
                push(out, base + i, base + end, Class::String);
                i = end;
            }
            b'[' | b']' | b'{' | b'}' | b',' => {
                push(out, base + i, base + i + 1, Class::Punctuation);
                i += 1;
            }
            b'|' | b'>' if word_end(line, i, false) == scalar_indicator_end(line, i) => {
                let end = scalar_indicator_end(line, i);
                push(out, base + i, base + end, Class::Punctuation);
                block = true;
                i = end;
            }
            b'&' | b'*' | b'!' => {
                let end = word_end(line, i, false);
                push(out, base + i, base + end, Class::Anchor);
                i = end;
            }
            b'-' if bytes.get(i + 1).is_none_or(|c| *c == b' ') => {
                push(out, base + i, base + i + 1, Class::Punctuation);
                i += 1;
            }
            _ => {
                // A plain scalar runs to ` #`, or to a flow indicator inside a flow collection.
                let in_flow = line[..i].contains(['[', '{']);
                let end = plain_end(line, i, in_flow);
                let word = line[i..end].trim_end();
                // `key: value` inside a flow mapping or after `- `.
                if let Some(colon) = word
                    .find(": ")
                    .or_else(|| word.strip_suffix(':').map(|w| w.len()))
                    && !word.starts_with(['"', '\''])
                    && colon > 0
                {
                    push(out, base + i, base + i + colon, Class::Key);
                    push(
                        out,
                        base + i + colon,
                        base + i + colon + 1,
                        Class::Punctuation,
                    );
                    i += colon + 1;
                    continue;
                }
                push(out, base + i, base + i + word.len(), scalar_class(word));
                i = end.max(i + 1);
            }
        }
    }
    block
}

fn word_end(line: &str, i: usize, _flow: bool) -> usize {
    line[i..].find([' ', '\t']).map_or(line.len(), |j| i + j)
}

/// `|`, `|-`, `>+2` and the like.
fn scalar_indicator_end(line: &str, i: usize) -> usize {
    let rest = &line[i + 1..];
    let n = rest
        .bytes()
        .take_while(|b| matches!(b, b'-' | b'+' | b'0'..=b'9'))
        .count();
    i + 1 + n
}

fn plain_end(line: &str, i: usize, in_flow: bool) -> usize {
    let bytes = line.as_bytes();
    let mut j = i;
    while j < bytes.len() {
        if bytes[j] == b'#' && j > i && matches!(bytes[j - 1], b' ' | b'\t') {
            return j;
        }
        if in_flow && matches!(bytes[j], b',' | b']' | b'}' | b'[' | b'{') {
            return j;
        }
        j += 1;
    }
    j
}

fn scalar_class(word: &str) -> Class {
    match crate::yaml::plain_non_string(word) {
        Some(crate::yaml::Value::Null | crate::yaml::Value::Bool(_)) => Class::Constant,
        Some(crate::yaml::Value::Int(_) | crate::yaml::Value::Float(_)) => Class::Number,
        _ => Class::String,
    }
}

/// `text` as escaped HTML with `<span class="t-CLASS">` around each token.
pub fn html(text: &str) -> String {
    html_with_marks(text, &[])
}

/// A stretch of text to mark (a diagnostic's span): byte range and a CSS class.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mark {
    pub start: usize,
    pub end: usize,
    pub class: &'static str,
}

/// Like [`html`], with `marks` added to the classes of the text they cover (so underlines sit
/// exactly under their characters, with no inline styles). Marks may overlap tokens and each
/// other; out-of-range or mid-character marks are clamped.
pub fn html_with_marks(text: &str, marks: &[Mark]) -> String {
    html_window(text, marks, 0..text.len())
}

/// [`html_with_marks`] for the bytes in `window` only (the lines an editor shows), coloured as
/// in the whole text: tokens are read from the start, so a block scalar opened above the window
/// stays a string inside it. Windows should start and end at line starts.
pub fn html_window(text: &str, marks: &[Mark], window: std::ops::Range<usize>) -> String {
    let window = window.start.min(text.len())..window.end.min(text.len());
    let mut out = String::with_capacity(window.len() + window.len() / 2);
    if text.len() > MAX_HIGHLIGHT {
        if text.is_char_boundary(window.start) && text.is_char_boundary(window.end) {
            escape_into(&mut out, &text[window]);
        }
        return out;
    }
    let toks = tokens(text);
    let floor = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let mut marks: Vec<(usize, usize, &str)> = marks
        .iter()
        .map(|m| (floor(m.start), floor(m.end.max(m.start)), m.class))
        .filter(|(s, e, _)| e > s)
        .collect();
    crate::sort::sort_by_key(&mut marks, |m| m.0);
    // Every place a class starts or stops.
    let mut cuts: Vec<usize> = vec![0, text.len(), window.start, window.end];
    for t in &toks {
        cuts.push(t.start);
        cuts.push(t.end);
    }
    for (s, e, _) in &marks {
        cuts.push(*s);
        cuts.push(*e);
    }
    cuts.retain(|c| *c <= text.len() && text.is_char_boundary(*c));
    crate::sort::sort(&mut cuts);
    cuts.dedup();
    let mut ti = 0;
    // Marks covering the current stretch, swept in order of start (a document with 10,000
    // diagnostics must not cost cuts × marks).
    let (mut mi, mut active) = (0, Vec::new());
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        if a >= window.end {
            break;
        }
        if b <= window.start {
            continue;
        }
        while ti < toks.len() && toks[ti].end <= a {
            ti += 1;
        }
        while mi < marks.len() && marks[mi].0 <= a {
            active.push(marks[mi]);
            mi += 1;
        }
        active.retain(|m: &(usize, usize, &str)| m.1 > a);
        let tok = toks
            .get(ti)
            .filter(|t| t.start <= a && b <= t.end)
            .map(|t| t.class);
        let mut classes = String::new();
        if let Some(c) = tok {
            classes.push_str("t-");
            classes.push_str(c.css());
        }
        for (s, e, c) in &active {
            if *s <= a && b <= *e && !classes.split(' ').any(|x| x == *c) {
                if !classes.is_empty() {
                    classes.push(' ');
                }
                classes.push_str(c);
            }
        }
        if classes.is_empty() {
            escape_into(&mut out, &text[a..b]);
        } else {
            out.push_str("<span class=\"");
            out.push_str(&classes);
            out.push_str("\">");
            escape_into(&mut out, &text[a..b]);
            out.push_str("</span>");
        }
    }
    out
}

/// HTML-escapes text for element content and attribute values.
pub fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}
