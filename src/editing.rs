//! The editor's text model, independent of the DOM: text, selection, undo and redo, and the
//! edits a YAML editor needs (Tab and Shift-Tab indent with spaces, Enter keeps the
//! indentation). The browser's textarea does the typing; this model records each change so
//! that undo works across everything, including the edits the page makes itself.
//!
//! Positions are byte offsets into the text, always on character boundaries. The web shell
//! converts to and from the textarea's UTF-16 offsets with [`to_utf16`] and [`from_utf16`].

/// One indentation step (Kubernetes manifests use two spaces).
pub const INDENT: &str = "  ";
/// Undo history kept.
const MAX_HISTORY: usize = 500;

/// Text with a selection (`start..end`, `start <= end`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct State {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// How a change was made: consecutive typing merges into one undo step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Typing,
    /// Anything else (paste, indent, loading a scenario): its own undo step.
    Other,
}

#[derive(Clone, Debug, Default)]
pub struct Buffer {
    state: State,
    undo: Vec<State>,
    redo: Vec<State>,
    /// The last change was typing that may merge with the next.
    merging: bool,
}

impl Buffer {
    pub fn new(text: &str) -> Buffer {
        Buffer {
            state: State {
                text: text.to_string(),
                start: 0,
                end: 0,
            },
            ..Buffer::default()
        }
    }

    pub fn text(&self) -> &str {
        &self.state.text
    }

    pub fn state(&self) -> &State {
        &self.state
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Moves the selection (no undo step).
    pub fn select(&mut self, start: usize, end: usize) {
        let (s, e) = (clamp(&self.state.text, start), clamp(&self.state.text, end));
        self.state.start = s.min(e);
        self.state.end = s.max(e);
        self.merging = false;
    }

    /// Records a new text and selection. Typing merges with the typing before it, until a
    /// line break or a pause in the run (a change of kind).
    pub fn change(&mut self, text: &str, start: usize, end: usize, kind: Kind) {
        if text == self.state.text {
            self.select(start, end);
            return;
        }
        let breaks_run =
            text.len() > self.state.text.len() && text[..clamp(text, start)].ends_with('\n');
        if !(kind == Kind::Typing && self.merging && !breaks_run) {
            self.undo.push(self.state.clone());
            if self.undo.len() > MAX_HISTORY {
                self.undo.remove(0);
            }
        }
        self.redo.clear();
        self.state.text = text.to_string();
        self.select(start, end);
        self.merging = kind == Kind::Typing;
    }

    /// Replaces the whole text as one undo step (loading a scenario, a share link).
    pub fn replace_all(&mut self, text: &str) {
        self.change(text, 0, 0, Kind::Other);
    }

    pub fn undo(&mut self) -> bool {
        let Some(prev) = self.undo.pop() else {
            return false;
        };
        self.redo.push(std::mem::replace(&mut self.state, prev));
        self.merging = false;
        true
    }

    pub fn redo(&mut self) -> bool {
        let Some(next) = self.redo.pop() else {
            return false;
        };
        self.undo.push(std::mem::replace(&mut self.state, next));
        self.merging = false;
        true
    }

    /// Tab: with no selection, inserts spaces to the next indentation stop; with a selection
    /// spanning lines, indents each line.
    pub fn indent(&mut self) {
        let State { text, start, end } = self.state.clone();
        if !text[start..end].contains('\n') {
            let col = start - line_start(&text, start);
            let pad = INDENT.len() - col % INDENT.len();
            let mut t = text.clone();
            t.replace_range(start..end, &" ".repeat(pad));
            self.change(&t, start + pad, start + pad, Kind::Other);
            return;
        }
        self.map_lines(|line| format!("{INDENT}{line}"));
    }

    /// Shift-Tab: removes up to one indentation step from each line the selection touches.
    pub fn outdent(&mut self) {
        self.map_lines(|line| {
            let n = line.len() - line.trim_start_matches(' ').len();
            line[n.min(INDENT.len())..].to_string()
        });
    }

    /// Enter: a line break, then the current line's indentation (plus one step after a line
    /// ending in `:`, and lined up with the item after a `- `).
    pub fn newline(&mut self) {
        let State { text, start, end } = self.state.clone();
        let ls = line_start(&text, start);
        let line = &text[ls..start];
        let spaces = line.len() - line.trim_start_matches(' ').len();
        let mut indent = spaces;
        let rest = line.trim_start_matches(' ');
        if let Some(after) = rest.strip_prefix("- ") {
            indent = spaces + 2 + (after.len() - after.trim_start().len());
        }
        if line.trim_end().ends_with(':') {
            indent += INDENT.len();
        }
        let insert = format!("\n{}", " ".repeat(indent));
        let mut t = text.clone();
        t.replace_range(start..end, &insert);
        let at = start + insert.len();
        self.change(&t, at, at, Kind::Other);
    }

    /// Applies `f` to every line the selection touches, keeping them selected.
    fn map_lines(&mut self, f: impl Fn(&str) -> String) {
        let State { text, start, end } = self.state.clone();
        let from = line_start(&text, start);
        // A selection ending at the start of a line does not include that line.
        let last = if end > start && text[..end].ends_with('\n') {
            end - 1
        } else {
            end
        };
        let to = text[last..].find('\n').map_or(text.len(), |i| last + i);
        let block: Vec<String> = text[from..to].split('\n').map(&f).collect();
        let new_block = block.join("\n");
        let mut t = text.clone();
        t.replace_range(from..to, &new_block);
        let first_delta = new_block.split('\n').next().map_or(0, str::len) as isize
            - text[from..to].split('\n').next().map_or(0, str::len) as isize;
        let new_start = clamp_i(start as isize + first_delta, from);
        let new_end = (end as isize + new_block.len() as isize - (to - from) as isize)
            .max(new_start as isize) as usize;
        self.change(&t, new_start, new_end, Kind::Other);
    }
}

fn clamp_i(v: isize, min: usize) -> usize {
    if v < min as isize { min } else { v as usize }
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// The nearest character boundary at or before `at`, within the text.
fn clamp(text: &str, at: usize) -> usize {
    let mut i = at.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The UTF-16 offset of byte offset `at`.
pub fn to_utf16(text: &str, at: usize) -> usize {
    let prefix = &text[..clamp(text, at)];
    // ASCII, the usual case, has one unit per byte (checked a word at a time): megabytes stay
    // cheap on every keystroke.
    if prefix.is_ascii() {
        return prefix.len();
    }
    prefix.encode_utf16().count()
}

/// The byte offset of UTF-16 offset `at` (clamped to the text).
pub fn from_utf16(text: &str, at: usize) -> usize {
    let bytes = text.as_bytes();
    let head = &bytes[..at.min(bytes.len())];
    if head.is_ascii() {
        return head.len();
    }
    // Units and bytes agree up to the first non-ASCII byte (a char boundary).
    let ascii = head
        .iter()
        .position(|b| !b.is_ascii())
        .unwrap_or(head.len());
    let mut units = ascii;
    for (i, c) in text[ascii..].char_indices() {
        if units >= at {
            return ascii + i;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// The byte offset of a 1-based line and column (columns count characters), clamped.
pub fn offset_of(text: &str, line: u32, column: u32) -> usize {
    let mut start = 0;
    for _ in 1..line.max(1) {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let line_text = &text[start..text[start..].find('\n').map_or(text.len(), |i| start + i)];
    let col = line_text
        .char_indices()
        .nth(column.saturating_sub(1) as usize)
        .map_or(line_text.len(), |(i, _)| i);
    start + col
}
