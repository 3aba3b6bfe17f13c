//! The lexer of Go's `text/template` (`text/template/parse/lex.go`, Go 1.26): the same items,
//! the same trim markers (`{{- ` and ` -}}`), comments, and the same error texts, which become
//! parse errors users search for.

/// What an item is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Error,
    Bool,
    Char,
    CharConstant,
    Complex,
    Assign,
    Declare,
    Eof,
    Field,
    Identifier,
    LeftDelim,
    LeftParen,
    Number,
    Pipe,
    RawString,
    RightDelim,
    RightParen,
    Space,
    String,
    Text,
    Variable,
    // Keywords.
    Block,
    Break,
    Continue,
    Dot,
    Define,
    Else,
    End,
    If,
    Nil,
    Range,
    Template,
    With,
}

impl Kind {
    pub fn is_keyword(self) -> bool {
        matches!(
            self,
            Kind::Block
                | Kind::Break
                | Kind::Continue
                | Kind::Dot
                | Kind::Define
                | Kind::Else
                | Kind::End
                | Kind::If
                | Kind::Nil
                | Kind::Range
                | Kind::Template
                | Kind::With
        )
    }
}

/// A token: its kind, byte offset, text and the line it starts on.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub kind: Kind,
    pub pos: usize,
    pub val: String,
    pub line: usize,
}

impl std::fmt::Display for Item {
    /// `item.String()`: how parse errors name a token.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.kind {
            Kind::Eof => f.write_str("EOF"),
            Kind::Error => f.write_str(&self.val),
            k if k.is_keyword() => write!(f, "<{}>", self.val),
            _ if self.val.chars().count() > 10 => {
                let head: String = self.val.chars().take(10).collect();
                // `%.10q` quotes the first ten runes.
                write!(f, "{}...", crate::go::quote(&head))
            }
            _ => f.write_str(&crate::go::quote(&self.val)),
        }
    }
}

fn keyword(word: &str) -> Option<Kind> {
    Some(match word {
        "." => Kind::Dot,
        "block" => Kind::Block,
        "break" => Kind::Break,
        "continue" => Kind::Continue,
        "define" => Kind::Define,
        "else" => Kind::Else,
        "end" => Kind::End,
        "if" => Kind::If,
        "range" => Kind::Range,
        "nil" => Kind::Nil,
        "template" => Kind::Template,
        "with" => Kind::With,
        _ => return None,
    })
}

const LEFT: &str = "{{";
const RIGHT: &str = "}}";
const LEFT_COMMENT: &str = "/*";
const RIGHT_COMMENT: &str = "*/";
/// A trim marker is `-` plus one ASCII space on the delimiter's inner side.
const TRIM_LEN: usize = 2;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    Text,
    LeftDelim,
    Comment,
    RightDelim,
    InsideAction,
    Space,
    Identifier,
    Field,
    Variable,
    Char,
    Number,
    Quote,
    RawQuote,
    Done,
}

/// The scanner; `next_item` yields items until `Eof` or `Error`.
pub struct Lexer<'a> {
    input: &'a str,
    pos: usize,
    start: usize,
    width: usize,
    paren_depth: usize,
    line: usize,
    start_line: usize,
    /// `break` and `continue` are keywords unless a function of that name exists.
    pub break_ok: bool,
    pub continue_ok: bool,
    state: State,
}

fn is_space(c: Option<char>) -> bool {
    matches!(c, Some(' ' | '\t' | '\r' | '\n'))
}

fn is_alnum(c: Option<char>) -> bool {
    matches!(c, Some(c) if c == '_' || c.is_alphabetic() || is_unicode_digit(c))
}

/// `unicode.IsDigit`: decimal digits of any script.
fn is_unicode_digit(c: char) -> bool {
    c.is_ascii_digit() || (!c.is_ascii() && c.is_numeric() && c.to_digit(10).is_none() && is_nd(c))
}

/// Unicode category Nd beyond ASCII: the scripts' decimal digit blocks (each a run of ten).
fn is_nd(c: char) -> bool {
    let n = c as u32;
    const STARTS: &[u32] = &[
        0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66, 0xde6,
        0xe50, 0xed0, 0xf20, 0x1040, 0x1090, 0x17e0, 0x1810, 0x1946, 0x19d0, 0x1a80, 0x1a90,
        0x1b50, 0x1bb0, 0x1c40, 0x1c50, 0xa620, 0xa8d0, 0xa900, 0xa9d0, 0xa9f0, 0xaa50, 0xabf0,
        0xff10,
    ];
    STARTS.iter().any(|s| (*s..*s + 10).contains(&n))
}

fn has_left_trim(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 2 && b[0] == b'-' && matches!(b[1], b' ' | b'\t' | b'\r' | b'\n')
}

fn has_right_trim(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 2 && matches!(b[0], b' ' | b'\t' | b'\r' | b'\n') && b[1] == b'-'
}

fn right_trim_len(s: &str) -> usize {
    s.len() - s.trim_end_matches([' ', '\t', '\r', '\n']).len()
}

fn left_trim_len(s: &str) -> usize {
    s.len() - s.trim_start_matches([' ', '\t', '\r', '\n']).len()
}

impl<'a> Lexer<'a> {
    pub fn new(input: &'a str) -> Lexer<'a> {
        Lexer {
            input,
            pos: 0,
            start: 0,
            width: 0,
            paren_depth: 0,
            line: 1,
            start_line: 1,
            break_ok: true,
            continue_ok: true,
            state: State::Text,
        }
    }

    fn next(&mut self) -> Option<char> {
        let c = self.input[self.pos..].chars().next();
        match c {
            None => {
                self.width = 0;
            }
            Some(c) => {
                self.width = c.len_utf8();
                self.pos += self.width;
                if c == '\n' {
                    self.line += 1;
                }
            }
        }
        c
    }

    fn peek(&mut self) -> Option<char> {
        self.input[self.pos..].chars().next()
    }

    fn backup(&mut self) {
        self.pos -= self.width;
        if self.width == 1 && self.input.as_bytes()[self.pos] == b'\n' {
            self.line -= 1;
        }
    }

    fn emit(&mut self, kind: Kind) -> Option<Item> {
        let item = Item {
            kind,
            pos: self.start,
            val: self.input[self.start..self.pos].to_string(),
            line: self.start_line,
        };
        self.start = self.pos;
        self.start_line = self.line;
        Some(item)
    }

    fn ignore(&mut self) {
        self.line += self.input[self.start..self.pos].matches('\n').count();
        self.start = self.pos;
        self.start_line = self.line;
    }

    fn accept(&mut self, valid: &str) -> bool {
        match self.next() {
            Some(c) if valid.contains(c) => true,
            _ => {
                self.backup();
                false
            }
        }
    }

    fn accept_run(&mut self, valid: &str) {
        while matches!(self.next(), Some(c) if valid.contains(c)) {}
        self.backup();
    }

    fn error(&mut self, message: String) -> Option<Item> {
        self.state = State::Done;
        Some(Item {
            kind: Kind::Error,
            pos: self.start,
            val: message,
            line: self.start_line,
        })
    }

    /// The next item; after `Eof` or an `Error`, `Eof` forever.
    pub fn next_item(&mut self) -> Item {
        loop {
            if self.state == State::Done {
                return Item {
                    kind: Kind::Eof,
                    pos: self.pos,
                    val: String::new(),
                    line: self.line,
                };
            }
            if let Some(item) = self.step() {
                if item.kind == Kind::Eof {
                    self.state = State::Done;
                }
                return item;
            }
        }
    }

    fn at_right_delim(&self) -> (bool, bool) {
        let rest = &self.input[self.pos..];
        if has_right_trim(rest) && rest[TRIM_LEN..].starts_with(RIGHT) {
            return (true, true);
        }
        (rest.starts_with(RIGHT), false)
    }

    fn at_terminator(&mut self) -> bool {
        let r = self.peek();
        if is_space(r) {
            return true;
        }
        matches!(
            r,
            None | Some('.')
                | Some(',')
                | Some('|')
                | Some(':')
                | Some(')')
                | Some('(')
                | Some('}')
        )
    }

    /// One state function; `None` when it produced no item.
    fn step(&mut self) -> Option<Item> {
        match self.state {
            State::Done => None,
            State::Text => {
                self.width = 0;
                if let Some(x) = self.input[self.pos..].find(LEFT) {
                    self.pos += x;
                    let trim = if has_left_trim(&self.input[self.pos + LEFT.len()..]) {
                        right_trim_len(&self.input[self.start..self.pos])
                    } else {
                        0
                    };
                    self.pos -= trim;
                    let mut out = None;
                    if self.pos > self.start {
                        self.line += self.input[self.start..self.pos].matches('\n').count();
                        out = self.emit(Kind::Text);
                    }
                    self.pos += trim;
                    self.ignore();
                    self.state = State::LeftDelim;
                    return out;
                }
                self.pos = self.input.len();
                if self.pos > self.start {
                    self.line += self.input[self.start..self.pos].matches('\n').count();
                    return self.emit(Kind::Text);
                }
                self.emit(Kind::Eof)
            }
            State::LeftDelim => {
                self.pos += LEFT.len();
                let trim = has_left_trim(&self.input[self.pos..]);
                let after = if trim { TRIM_LEN } else { 0 };
                if self.input[self.pos + after..].starts_with(LEFT_COMMENT) {
                    self.pos += after;
                    self.ignore();
                    self.state = State::Comment;
                    return None;
                }
                let out = self.emit(Kind::LeftDelim);
                self.state = State::InsideAction;
                self.pos += after;
                self.ignore();
                self.paren_depth = 0;
                out
            }
            State::Comment => {
                self.pos += LEFT_COMMENT.len();
                let Some(i) = self.input[self.pos..].find(RIGHT_COMMENT) else {
                    return self.error("unclosed comment".into());
                };
                self.pos += i + RIGHT_COMMENT.len();
                let (delim, trim) = self.at_right_delim();
                if !delim {
                    return self.error("comment ends before closing delimiter".into());
                }
                if trim {
                    self.pos += TRIM_LEN;
                }
                self.pos += RIGHT.len();
                if trim {
                    self.pos += left_trim_len(&self.input[self.pos..]);
                }
                self.ignore();
                self.state = State::Text;
                None
            }
            State::RightDelim => {
                let trim = has_right_trim(&self.input[self.pos..]);
                if trim {
                    self.pos += TRIM_LEN;
                    self.ignore();
                }
                self.pos += RIGHT.len();
                let out = self.emit(Kind::RightDelim);
                if trim {
                    self.pos += left_trim_len(&self.input[self.pos..]);
                    self.ignore();
                }
                self.state = State::Text;
                out
            }
            State::InsideAction => self.inside_action(),
            State::Space => {
                let mut spaces = 0;
                while is_space(self.peek()) {
                    self.next();
                    spaces += 1;
                }
                let rest = &self.input[self.pos - 1..];
                if has_right_trim(rest) && rest[TRIM_LEN..].starts_with(RIGHT) {
                    self.backup();
                    if spaces == 1 {
                        self.state = State::RightDelim;
                        return None;
                    }
                }
                self.state = State::InsideAction;
                self.emit(Kind::Space)
            }
            State::Identifier => loop {
                let c = self.next();
                if is_alnum(c) {
                    continue;
                }
                self.backup();
                let word = &self.input[self.start..self.pos];
                if !self.at_terminator() {
                    return self.bad_character(c);
                }
                self.state = State::InsideAction;
                let kind = match keyword(word) {
                    Some(Kind::Break) if !self.break_ok => Kind::Identifier,
                    Some(Kind::Continue) if !self.continue_ok => Kind::Identifier,
                    Some(k) => k,
                    None if word.starts_with('.') => Kind::Field,
                    None if word == "true" || word == "false" => Kind::Bool,
                    None => Kind::Identifier,
                };
                return self.emit(kind);
            },
            State::Variable => {
                if self.at_terminator() {
                    self.state = State::InsideAction;
                    return self.emit(Kind::Variable);
                }
                self.field_or_variable(Kind::Variable)
            }
            State::Field => self.field_or_variable(Kind::Field),
            State::Char => loop {
                match self.next() {
                    Some('\\') => match self.next() {
                        None | Some('\n') => {
                            return self.error("unterminated character constant".into());
                        }
                        _ => {}
                    },
                    None | Some('\n') => {
                        return self.error("unterminated character constant".into());
                    }
                    Some('\'') => {
                        self.state = State::InsideAction;
                        return self.emit(Kind::CharConstant);
                    }
                    _ => {}
                }
            },
            State::Number => {
                if !self.scan_number() {
                    let text = self.input[self.start..self.pos].to_string();
                    return self.error(format!("bad number syntax: {}", crate::go::quote(&text)));
                }
                if matches!(self.peek(), Some('+' | '-')) {
                    if !self.scan_number() || !self.input[..self.pos].ends_with('i') {
                        let text = self.input[self.start..self.pos].to_string();
                        return self
                            .error(format!("bad number syntax: {}", crate::go::quote(&text)));
                    }
                    self.state = State::InsideAction;
                    return self.emit(Kind::Complex);
                }
                self.state = State::InsideAction;
                self.emit(Kind::Number)
            }
            State::Quote => loop {
                match self.next() {
                    Some('\\') => match self.next() {
                        None | Some('\n') => {
                            return self.error("unterminated quoted string".into());
                        }
                        _ => {}
                    },
                    None | Some('\n') => return self.error("unterminated quoted string".into()),
                    Some('"') => {
                        self.state = State::InsideAction;
                        return self.emit(Kind::String);
                    }
                    _ => {}
                }
            },
            State::RawQuote => loop {
                match self.next() {
                    None => return self.error("unterminated raw quoted string".into()),
                    Some('`') => {
                        self.state = State::InsideAction;
                        return self.emit(Kind::RawString);
                    }
                    _ => {}
                }
            },
        }
    }

    fn bad_character(&mut self, c: Option<char>) -> Option<Item> {
        let text = match c {
            Some(c) => format!("bad character {}", unicode_plus(c)),
            None => "bad character U+FFFFFFFFFFFFFFFF".into(),
        };
        self.error(text)
    }

    fn field_or_variable(&mut self, kind: Kind) -> Option<Item> {
        if self.at_terminator() {
            self.state = State::InsideAction;
            return self.emit(if kind == Kind::Variable {
                Kind::Variable
            } else {
                Kind::Dot
            });
        }
        let mut c;
        loop {
            c = self.next();
            if !is_alnum(c) {
                self.backup();
                break;
            }
        }
        if !self.at_terminator() {
            return self.bad_character(c);
        }
        self.state = State::InsideAction;
        self.emit(kind)
    }

    fn inside_action(&mut self) -> Option<Item> {
        let (delim, _) = self.at_right_delim();
        if delim {
            if self.paren_depth == 0 {
                self.state = State::RightDelim;
                return None;
            }
            return self.error("unclosed left paren".into());
        }
        let c = self.next();
        let out = match c {
            None => return self.error("unclosed action".into()),
            c if is_space(c) => {
                self.backup();
                self.state = State::Space;
                return None;
            }
            Some('=') => self.emit(Kind::Assign),
            Some(':') => {
                if self.next() != Some('=') {
                    return self.error("expected :=".into());
                }
                self.emit(Kind::Declare)
            }
            Some('|') => self.emit(Kind::Pipe),
            Some('"') => {
                self.state = State::Quote;
                return None;
            }
            Some('`') => {
                self.state = State::RawQuote;
                return None;
            }
            Some('$') => {
                self.state = State::Variable;
                return None;
            }
            Some('\'') => {
                self.state = State::Char;
                return None;
            }
            Some('.')
                if self
                    .input
                    .as_bytes()
                    .get(self.pos)
                    .is_some_and(|b| !b.is_ascii_digit()) =>
            {
                self.state = State::Field;
                return None;
            }
            Some('.' | '+' | '-' | '0'..='9') => {
                self.backup();
                self.state = State::Number;
                return None;
            }
            c if is_alnum(c) => {
                self.backup();
                self.state = State::Identifier;
                return None;
            }
            Some('(') => {
                self.paren_depth += 1;
                self.emit(Kind::LeftParen)
            }
            Some(')') => {
                if self.paren_depth == 0 {
                    return self.error("unexpected right paren".into());
                }
                self.paren_depth -= 1;
                self.emit(Kind::RightParen)
            }
            Some(c) if c.is_ascii() && !c.is_ascii_control() => self.emit(Kind::Char),
            Some(c) => {
                return self.error(format!(
                    "unrecognized character in action: {}",
                    unicode_plus(c)
                ));
            }
        };
        self.state = State::InsideAction;
        out
    }

    fn scan_number(&mut self) -> bool {
        self.accept("+-");
        let mut digits = "0123456789_";
        if self.accept("0") {
            if self.accept("xX") {
                digits = "0123456789abcdefABCDEF_";
            } else if self.accept("oO") {
                digits = "01234567_";
            } else if self.accept("bB") {
                digits = "01_";
            }
        }
        self.accept_run(digits);
        if self.accept(".") {
            self.accept_run(digits);
        }
        if digits.len() == 11 && self.accept("eE") {
            self.accept("+-");
            self.accept_run("0123456789_");
        }
        if digits.len() == 23 && self.accept("pP") {
            self.accept("+-");
            self.accept_run("0123456789_");
        }
        self.accept("i");
        if is_alnum(self.peek()) {
            self.next();
            return false;
        }
        true
    }
}

/// Go's `%#U`: `U+0041 'A'`, the quoted rune only when Go would print it unescaped.
pub fn unicode_plus(c: char) -> String {
    let n = c as u32;
    // `%#U` adds the character when `strconv.IsPrint` (quoting escapes `"` and `\` alone of those).
    if c == '"' || c == '\\' || crate::go::quote(&c.to_string()).len() == c.len_utf8() + 2 {
        format!("U+{n:04X} '{c}'")
    } else {
        format!("U+{n:04X}")
    }
}
