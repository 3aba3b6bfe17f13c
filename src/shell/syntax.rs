//! The shell's syntax tree: what `parse` makes of a command line and `run` executes. It is
//! the POSIX shell grammar's subset that terminals in Kubernetes labs use: lists (`;`, `&`,
//! newlines), and-or lists (`&&`, `||`), pipelines (`|`, `!`), simple commands with
//! assignments and redirections, `for NAME in WORDS; do ...; done`, `while`/`until LIST; do
//! ...; done` and `if LIST; then ...; [elif ...; then ...;] [else ...;] fi`.

/// A sequence of and-or lists, each ended by `;`, `&` or a newline.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct List {
    pub items: Vec<Item>,
}

/// One and-or list of a [`List`], and whether it runs in the background (`&`).
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub and_or: AndOr,
    pub background: bool,
}

/// `a && b || c`: pipelines joined by connectors, run left to right.
#[derive(Clone, Debug, PartialEq)]
pub struct AndOr {
    pub first: Pipeline,
    pub rest: Vec<(Connector, Pipeline)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Connector {
    /// `&&`: run the next pipeline if this one succeeded.
    And,
    /// `||`: run the next pipeline if this one failed.
    Or,
}

/// `[!] a | b | c`.
#[derive(Clone, Debug, PartialEq)]
pub struct Pipeline {
    pub negated: bool,
    pub commands: Vec<Command>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    Simple(Simple),
    For(For),
    While(While),
    If(If),
}

/// `while LIST; do BODY; done` (`until`: while the list fails) `[redirections]`.
#[derive(Clone, Debug, PartialEq)]
pub struct While {
    pub until: bool,
    pub cond: List,
    pub body: List,
    pub redirects: Vec<Redirect>,
}

/// `if LIST; then LIST; [elif LIST; then LIST;]... [else LIST;] fi [redirections]`.
#[derive(Clone, Debug, PartialEq)]
pub struct If {
    /// Each condition with the list it guards, in order.
    pub branches: Vec<(List, List)>,
    pub otherwise: Option<List>,
    pub redirects: Vec<Redirect>,
}

/// `NAME=value ... word ... [n]>file ...`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Simple {
    pub assignments: Vec<(String, Word)>,
    pub words: Vec<Word>,
    pub redirects: Vec<Redirect>,
}

/// `for NAME [in WORDS]; do BODY; done [redirections]`.
#[derive(Clone, Debug, PartialEq)]
pub struct For {
    pub var: String,
    /// `None` without `in` (the positional parameters, none in this shell).
    pub words: Option<Vec<Word>>,
    pub body: List,
    pub redirects: Vec<Redirect>,
}

/// `[n]>word`, `[n]>>word`, `[n]<word`, `[n]>&m`, `&>word`.
#[derive(Clone, Debug, PartialEq)]
pub struct Redirect {
    pub fd: u32,
    pub op: RedirectOp,
    pub target: Word,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RedirectOp {
    /// `>`: truncate or create.
    Write,
    /// `>>`.
    Append,
    /// `<`.
    Read,
    /// `>&m`: the descriptor becomes a copy of `m`.
    Dup,
    /// `&>`: standard output and standard error to the file.
    WriteBoth,
    /// `<<WORD` (or `<<-WORD`): standard input is the here-document, the target (its text,
    /// expanded unless the delimiter was quoted).
    HereDoc,
}

/// A word: pieces that expand and join into one or more fields.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Word {
    pub parts: Vec<Part>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Part {
    /// Literal text; `quoted` when it came from quotes or a backslash escape.
    Text { text: String, quoted: bool },
    /// `$NAME`, `${NAME}`, `${NAME:-default}`, `$?`.
    Param {
        name: String,
        default: Option<Word>,
        quoted: bool,
    },
    /// `$(...)` or `` `...` ``.
    Command { list: List, quoted: bool },
    /// `$((...))`: the expression's text, expanded before it is evaluated.
    Arith { expr: Word, quoted: bool },
}

impl Word {
    /// The word's text when it is all literal and unquoted: reserved words (`for`, `done`)
    /// and assignments (`NAME=...`) are recognised only then.
    pub fn plain(&self) -> Option<String> {
        let mut out = String::new();
        for p in &self.parts {
            match p {
                Part::Text {
                    text,
                    quoted: false,
                } => out.push_str(text),
                _ => return None,
            }
        }
        Some(out)
    }

    /// A word of literal text.
    pub fn literal(text: &str) -> Word {
        Word {
            parts: vec![Part::Text {
                text: text.to_string(),
                quoted: true,
            }],
        }
    }
}

impl List {
    /// Every literal word of the list, in order, with a redirection's operator (`<`, `>`, `<<`)
    /// before its target: for callers that look for file names (`-f FILE`, `< FILE`).
    pub fn plain_words(&self) -> Vec<String> {
        let mut out = Vec::new();
        for item in &self.items {
            let a = &item.and_or;
            for p in std::iter::once(&a.first).chain(a.rest.iter().map(|(_, p)| p)) {
                for c in &p.commands {
                    match c {
                        Command::Simple(s) => {
                            out.extend(s.words.iter().filter_map(Word::plain_or_quoted));
                            for r in &s.redirects {
                                // A here-document's text is no file name.
                                if r.op == RedirectOp::HereDoc {
                                    out.push("<<".into());
                                    continue;
                                }
                                out.push(if r.op == RedirectOp::Read { "<" } else { ">" }.into());
                                out.extend(r.target.plain_or_quoted());
                            }
                        }
                        Command::For(f) => out.extend(f.body.plain_words()),
                        Command::While(w) => {
                            out.extend(w.cond.plain_words());
                            out.extend(w.body.plain_words());
                        }
                        Command::If(f) => {
                            for (c, b) in &f.branches {
                                out.extend(c.plain_words());
                                out.extend(b.plain_words());
                            }
                            if let Some(o) = &f.otherwise {
                                out.extend(o.plain_words());
                            }
                        }
                    }
                }
            }
        }
        out
    }
}

impl Word {
    /// The word's text when it has no expansion (quoted or not).
    pub fn plain_or_quoted(&self) -> Option<String> {
        let mut out = String::new();
        for p in &self.parts {
            match p {
                Part::Text { text, .. } => out.push_str(text),
                _ => return None,
            }
        }
        Some(out)
    }
}
