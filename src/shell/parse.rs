//! A command line to a [`List`]: quoting (`'...'`, `"..."`, `\`), expansions (`$NAME`,
//! `${NAME:-default}`, `$(...)`, `` `...` ``, `$((...))`), operators (`;`, `&`, `&&`, `||`,
//! `|`, `!`), redirections (`>`, `>>`, `<`, `2>&1`, `&>`), comments and `for` loops, with the
//! syntax errors of the shell that would read the line (bash, dash or busybox ash).

use super::syntax::{
    AndOr, Command, Connector, For, If, Item, List, Part, Pipeline, Redirect, RedirectOp, Simple,
    While, Word,
};

/// How deep `$(...)` may nest: each level is a level of recursion.
pub const MAX_SUBSTITUTION_DEPTH: usize = 32;
/// How deep `for` loops may nest.
const MAX_NESTING: usize = 64;

/// Whose words a syntax error is printed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    /// The terminal's shell.
    Bash,
    /// Debian's `/bin/sh`.
    Dash,
    /// busybox `sh` (alpine-based images).
    Ash,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseError {
    /// A token where the grammar allows none (`; ls`, `a | | b`).
    UnexpectedToken(String),
    /// The line ended inside a construct (`for i in 1; do`, `a &&`).
    UnexpectedEof,
    /// A quote or `$(` without its end.
    Unterminated(char),
    /// `$(` nested deeper than [`MAX_SUBSTITUTION_DEPTH`].
    TooDeep,
    /// A construct this shell does not run (`if`, `while`, `(...)`, here-documents).
    Unsupported(String),
    /// `${...}` in a form this shell does not know.
    BadSubstitution(String),
    /// `for 1 in ...`.
    NotIdentifier(String),
    /// A here-document whose delimiter line has not come yet (only when the caller asks,
    /// [`incomplete`]: a shell reading lines then reads more).
    OpenHereDoc(String),
}

impl ParseError {
    /// The error as `dialect` prints it on standard error (one line, no newline).
    pub fn message(&self, dialect: Dialect) -> String {
        use Dialect::*;
        use ParseError::*;
        match (self, dialect) {
            (TooDeep, d) => format!(
                "{}: command substitution nested deeper than {MAX_SUBSTITUTION_DEPTH} levels",
                name(d)
            ),
            (Unsupported(what), d) => format!(
                "{}: {what}: not supported in this terminal's shell (it runs pipelines, ;, &, &&, ||, redirections, here-documents, $(...), for and while loops and if)",
                name(d)
            ),
            (BadSubstitution(s), Bash) => format!("bash: ${{{s}}}: bad substitution"),
            (BadSubstitution(s), Dash) => format!("sh: 1: Bad substitution: ${{{s}}}"),
            (BadSubstitution(s), Ash) => format!("sh: syntax error: bad substitution: ${{{s}}}"),
            (NotIdentifier(s), Bash) => format!("bash: `{s}': not a valid identifier"),
            (NotIdentifier(s), Dash) => format!("sh: 1: Syntax error: Bad for loop variable: {s}"),
            (NotIdentifier(s), Ash) => format!("sh: syntax error: bad for loop variable: {s}"),
            (UnexpectedToken(t), Bash) => format!("bash: syntax error near unexpected token `{t}'"),
            (UnexpectedToken(t), Dash) => format!("sh: 1: Syntax error: \"{t}\" unexpected"),
            (UnexpectedToken(t), Ash) => format!("sh: syntax error: unexpected \"{t}\""),
            (UnexpectedEof, Bash) => "bash: syntax error: unexpected end of file".into(),
            (UnexpectedEof, Dash) => "sh: 1: Syntax error: end of file unexpected".into(),
            (UnexpectedEof, Ash) => "sh: syntax error: unexpected end of file".into(),
            (Unterminated(c), Bash) => {
                format!("bash: unexpected EOF while looking for matching `{c}'")
            }
            (Unterminated(')'), Dash) => {
                "sh: 1: Syntax error: end of file unexpected (expecting \")\")".into()
            }
            (Unterminated(_), Dash) => "sh: 1: Syntax error: Unterminated quoted string".into(),
            (Unterminated(')'), Ash) => "sh: syntax error: unexpected end of file".into(),
            (Unterminated(_), Ash) => "sh: syntax error: unterminated quoted string".into(),
            (OpenHereDoc(w), _) => format!(
                "{}: warning: here-document at line 1 delimited by end-of-file (wanted `{w}')",
                name(dialect)
            ),
        }
    }

    /// The exit status the shell ends with.
    pub fn code(&self) -> i32 {
        match self {
            ParseError::TooDeep => 1,
            _ => 2,
        }
    }
}

fn name(d: Dialect) -> &'static str {
    match d {
        Dialect::Bash => "bash",
        Dialect::Dash | Dialect::Ash => "sh",
    }
}

/// Parses a whole command line (or a `sh -c` script). A here-document without its delimiter
/// line runs to the end of the text, as bash reads it at the end of a file.
pub fn parse(text: &str) -> Result<List, ParseError> {
    parse_with(text, false)
}

/// Whether `text` is not yet a whole command line: a here-document whose delimiter line has
/// not come, a quote or `$(` left open, a line ending in `&&`, `||`, `|` or a `\` that
/// continues it, a `for` loop without its `done`. A shell reading line by line then reads more
/// before it runs anything (bash's `> ` prompt, PS2).
pub fn incomplete(text: &str) -> bool {
    match parse_with(text, true) {
        Err(
            ParseError::OpenHereDoc(_) | ParseError::Unterminated(_) | ParseError::UnexpectedEof,
        ) => true,
        // A backslash that ends the text escapes the newline to come: the line goes on. (An
        // even run of them is escaped backslashes; inside quotes the parse above says so.)
        Ok(_) => {
            let last = text.rsplit('\n').next().unwrap_or(text);
            let comment = last.trim_start().starts_with('#') || last.contains(" #");
            let trailing = last.chars().rev().take_while(|c| *c == '\\').count();
            trailing % 2 == 1 && !comment
        }
        Err(_) => false,
    }
}

fn parse_with(text: &str, strict: bool) -> Result<List, ParseError> {
    let mut p = Parser::new(text, 0);
    p.strict_heredoc = strict;
    let list = p.list(Stop::End)?;
    if p.i < p.s.len() {
        // Only a stray `)` or `done` stops a top-level list early.
        return Err(ParseError::UnexpectedToken(p.token_text()));
    }
    Ok(list)
}

/// What ends the list being parsed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Stop {
    End,
    /// The `)` of `$(...)`.
    Paren,
    /// The `done` of a loop.
    Done,
    /// The `do` after a `while` condition.
    Do,
    /// The `then` after an `if` or `elif` condition.
    Then,
    /// What ends an `if` branch: `elif`, `else` or `fi`.
    Branch,
    /// The `fi` after `else`.
    Fi,
}

struct Parser {
    s: Vec<char>,
    i: usize,
    /// `$(...)` nesting.
    depth: usize,
    /// `for` nesting.
    nesting: usize,
    /// A here-document without its delimiter line is an error ([`incomplete`]).
    strict_heredoc: bool,
}

fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t' || c == '\r'
}

/// Characters that end an unquoted word.
fn is_meta(c: char) -> bool {
    is_blank(c) || matches!(c, '\n' | ';' | '&' | '|' | '<' | '>' | '(' | ')')
}

fn is_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
}

impl Parser {
    fn new(text: &str, depth: usize) -> Parser {
        Parser {
            s: text.chars().collect(),
            i: 0,
            depth,
            nesting: 0,
            strict_heredoc: false,
        }
    }

    fn peek(&self) -> Option<char> {
        self.s.get(self.i).copied()
    }

    fn peek_at(&self, n: usize) -> Option<char> {
        self.s.get(self.i + n).copied()
    }

    fn at(&self, text: &str) -> bool {
        text.chars()
            .enumerate()
            .all(|(n, c)| self.peek_at(n) == Some(c))
    }

    /// Blanks, line continuations and comments (a `#` where a word could start).
    fn skip_blanks(&mut self) {
        while let Some(c) = self.peek() {
            if is_blank(c) {
                self.i += 1;
            } else if c == '\\' && self.peek_at(1) == Some('\n') {
                self.i += 2;
            } else if c == '#' {
                while self.peek().is_some_and(|c| c != '\n') {
                    self.i += 1;
                }
            } else {
                break;
            }
        }
    }

    fn skip_blank_lines(&mut self) {
        loop {
            self.skip_blanks();
            if self.peek() == Some('\n') {
                self.i += 1;
            } else {
                break;
            }
        }
    }

    /// The token at the cursor, as bash names it in "unexpected token" errors.
    fn token_text(&self) -> String {
        const OPS: [&str; 12] = [
            "&&", "||", ";;", ">>", "&>", ">&", "<<", ";", "&", "|", "(", ")",
        ];
        match self.peek() {
            None => "newline".into(),
            Some('\n') => "newline".into(),
            _ => OPS
                .iter()
                .find(|op| self.at(op))
                .map(|op| op.to_string())
                .unwrap_or_else(|| {
                    self.s[self.i..]
                        .iter()
                        .take_while(|c| !is_meta(**c))
                        .collect()
                }),
        }
    }

    /// Whether the next word is the unquoted reserved word `w`.
    fn at_word(&self, w: &str) -> bool {
        self.at(w) && self.peek_at(w.chars().count()).is_none_or(is_meta)
    }

    fn at_stop(&self, stop: Stop) -> bool {
        match stop {
            Stop::End => self.peek().is_none() || self.peek() == Some(')') || self.at_word("done"),
            Stop::Paren => self.peek() == Some(')'),
            Stop::Done => self.at_word("done"),
            Stop::Do => self.at_word("do"),
            Stop::Then => self.at_word("then"),
            Stop::Branch => self.at_word("elif") || self.at_word("else") || self.at_word("fi"),
            Stop::Fi => self.at_word("fi"),
        }
    }

    fn list(&mut self, stop: Stop) -> Result<List, ParseError> {
        let mut items = Vec::new();
        loop {
            self.skip_blank_lines();
            if self.at_stop(stop) {
                break;
            }
            if self.peek().is_none() {
                return Err(match stop {
                    Stop::Paren => ParseError::Unterminated(')'),
                    _ => ParseError::UnexpectedEof,
                });
            }
            let and_or = self.and_or()?;
            self.skip_blanks();
            let mut background = false;
            match self.peek() {
                Some(';') if !self.at(";;") => self.i += 1,
                Some('&') if !self.at("&&") => {
                    self.i += 1;
                    background = true;
                }
                Some('\n') => self.i += 1,
                _ if self.at_stop(stop) || self.peek().is_none() => {}
                _ => return Err(ParseError::UnexpectedToken(self.token_text())),
            }
            items.push(Item { and_or, background });
        }
        Ok(List { items })
    }

    fn and_or(&mut self) -> Result<AndOr, ParseError> {
        let first = self.pipeline()?;
        let mut rest = Vec::new();
        loop {
            self.skip_blanks();
            let connector = if self.at("&&") {
                Connector::And
            } else if self.at("||") {
                Connector::Or
            } else {
                break;
            };
            self.i += 2;
            self.skip_blank_lines();
            rest.push((connector, self.pipeline()?));
        }
        Ok(AndOr { first, rest })
    }

    fn pipeline(&mut self) -> Result<Pipeline, ParseError> {
        self.skip_blanks();
        let negated = self.at_word("!");
        if negated {
            self.i += 1;
        }
        let mut commands = vec![self.command()?];
        loop {
            self.skip_blanks();
            if self.peek() == Some('|') && !self.at("||") {
                self.i += 1;
                self.skip_blank_lines();
                commands.push(self.command()?);
            } else {
                break;
            }
        }
        Ok(Pipeline { negated, commands })
    }

    fn command(&mut self) -> Result<Command, ParseError> {
        self.skip_blanks();
        match self.peek() {
            None => return Err(ParseError::UnexpectedEof),
            Some('(') => return Err(ParseError::Unsupported("(...)".into())),
            Some(';' | '&' | '|' | ')' | '\n') => {
                return Err(ParseError::UnexpectedToken(self.token_text()));
            }
            _ => {}
        }
        for reserved in ["do", "done", "then", "fi", "else", "elif", "esac", "}"] {
            if self.at_word(reserved) {
                return Err(ParseError::UnexpectedToken(reserved.into()));
            }
        }
        for unsupported in ["case", "{", "function", "select"] {
            if self.at_word(unsupported) {
                return Err(ParseError::Unsupported(unsupported.into()));
            }
        }
        if self.at_word("for") {
            self.i += 3;
            return self.for_loop();
        }
        for (word, until) in [("while", false), ("until", true)] {
            if self.at_word(word) {
                self.i += word.len();
                return self.while_loop(until);
            }
        }
        if self.at_word("if") {
            self.i += 2;
            return self.if_clause();
        }
        self.simple().map(Command::Simple)
    }

    /// One level deeper into compound commands, refused past [`MAX_NESTING`].
    fn enter(&mut self) -> Result<(), ParseError> {
        self.nesting += 1;
        if self.nesting > MAX_NESTING {
            return Err(ParseError::Unsupported(format!(
                "compound commands nested deeper than {MAX_NESTING}"
            )));
        }
        Ok(())
    }

    /// A list up to the reserved word `stop` names, which must not be empty (a shell says
    /// the reserved word is unexpected), then that word, consumed.
    fn clause(&mut self, stop: Stop, word: &str) -> Result<List, ParseError> {
        let list = self.list(stop)?;
        if list.items.is_empty() {
            return Err(ParseError::UnexpectedToken(self.token_text()));
        }
        if !self.at_word(word) {
            return Err(ParseError::UnexpectedEof);
        }
        self.i += word.len();
        Ok(list)
    }

    /// The redirections after a compound command.
    fn compound_redirects(&mut self) -> Result<Vec<Redirect>, ParseError> {
        let mut redirects = Vec::new();
        loop {
            self.skip_blanks();
            match self.redirect(None)? {
                Some(r) => redirects.push(r),
                None => break,
            }
        }
        Ok(redirects)
    }

    fn while_loop(&mut self, until: bool) -> Result<Command, ParseError> {
        self.enter()?;
        let cond = self.clause(Stop::Do, "do")?;
        let body = self.clause(Stop::Done, "done")?;
        let redirects = self.compound_redirects()?;
        self.nesting -= 1;
        Ok(Command::While(While {
            until,
            cond,
            body,
            redirects,
        }))
    }

    fn if_clause(&mut self) -> Result<Command, ParseError> {
        self.enter()?;
        let mut branches = Vec::new();
        loop {
            let cond = self.clause(Stop::Then, "then")?;
            let body = self.list(Stop::Branch)?;
            if body.items.is_empty() {
                return Err(ParseError::UnexpectedToken(self.token_text()));
            }
            branches.push((cond, body));
            if self.at_word("elif") {
                self.i += 4;
                continue;
            }
            break;
        }
        let otherwise = if self.at_word("else") {
            self.i += 4;
            let list = self.list(Stop::Fi)?;
            if list.items.is_empty() {
                return Err(ParseError::UnexpectedToken(self.token_text()));
            }
            Some(list)
        } else {
            None
        };
        if !self.at_word("fi") {
            return Err(ParseError::UnexpectedEof);
        }
        self.i += 2;
        let redirects = self.compound_redirects()?;
        self.nesting -= 1;
        Ok(Command::If(If {
            branches,
            otherwise,
            redirects,
        }))
    }

    fn for_loop(&mut self) -> Result<Command, ParseError> {
        self.enter()?;
        self.skip_blanks();
        let var = match self.word()? {
            Some(w) => w.plain().unwrap_or_default(),
            None if self.peek().is_none() => return Err(ParseError::UnexpectedEof),
            None => return Err(ParseError::UnexpectedToken(self.token_text())),
        };
        if !is_name(&var) {
            return Err(ParseError::NotIdentifier(var));
        }
        self.skip_blank_lines();
        let mut words = None;
        if self.at_word("in") {
            self.i += 2;
            let mut list = Vec::new();
            loop {
                self.skip_blanks();
                match self.peek() {
                    Some(';') | Some('\n') => break,
                    None => return Err(ParseError::UnexpectedEof),
                    Some(c) if is_meta(c) => {
                        return Err(ParseError::UnexpectedToken(self.token_text()));
                    }
                    _ => {}
                }
                if let Some(w) = self.word()? {
                    list.push(w);
                }
            }
            words = Some(list);
        }
        self.skip_blanks();
        if self.peek() == Some(';') && !self.at(";;") {
            self.i += 1;
        }
        self.skip_blank_lines();
        if self.peek().is_none() {
            return Err(ParseError::UnexpectedEof);
        }
        if !self.at_word("do") {
            return Err(ParseError::UnexpectedToken(self.token_text()));
        }
        self.i += 2;
        let body = self.list(Stop::Done)?;
        if !self.at_word("done") {
            return Err(ParseError::UnexpectedEof);
        }
        self.i += 4;
        let redirects = self.compound_redirects()?;
        self.nesting -= 1;
        Ok(Command::For(For {
            var,
            words,
            body,
            redirects,
        }))
    }

    fn simple(&mut self) -> Result<Simple, ParseError> {
        let mut cmd = Simple::default();
        loop {
            self.skip_blanks();
            match self.peek() {
                None | Some('\n' | ';' | '|' | ')') => break,
                Some('&') if !self.at("&>") => break,
                Some('(') => return Err(ParseError::UnexpectedToken("(".into())),
                _ => {}
            }
            if let Some(r) = self.redirect(None)? {
                cmd.redirects.push(r);
                continue;
            }
            let Some(word) = self.word()? else { break };
            // `2>file`: digits right before a redirection name a descriptor.
            if let Some(digits) = word.plain()
                && !digits.is_empty()
                && digits.chars().all(|c| c.is_ascii_digit())
                && matches!(self.peek(), Some('<' | '>'))
            {
                let fd = digits.parse().unwrap_or(u32::MAX);
                if let Some(r) = self.redirect(Some(fd))? {
                    cmd.redirects.push(r);
                    continue;
                }
            }
            if cmd.words.is_empty()
                && let Some((name, value)) = assignment(&word)
            {
                cmd.assignments.push((name, value));
                continue;
            }
            cmd.words.push(word);
        }
        if cmd.words.is_empty() && cmd.assignments.is_empty() && cmd.redirects.is_empty() {
            return Err(match self.peek() {
                None => ParseError::UnexpectedEof,
                _ => ParseError::UnexpectedToken(self.token_text()),
            });
        }
        Ok(cmd)
    }

    /// A redirection at the cursor, if there is one.
    fn redirect(&mut self, fd: Option<u32>) -> Result<Option<Redirect>, ParseError> {
        let (op, len, default_fd) = if self.at("&>") {
            if self.at("&>>") {
                return Err(ParseError::Unsupported("&>>".into()));
            }
            (RedirectOp::WriteBoth, 2, 1)
        } else if self.at(">>") {
            (RedirectOp::Append, 2, 1)
        } else if self.at(">&") {
            (RedirectOp::Dup, 2, 1)
        } else if self.at(">|") {
            (RedirectOp::Write, 2, 1)
        } else if self.at(">") {
            (RedirectOp::Write, 1, 1)
        } else if self.at("<<") {
            return self.here_document(fd).map(Some);
        } else if self.at("<&") || self.at("<>") {
            return Err(ParseError::Unsupported(
                self.s[self.i..self.i + 2].iter().collect(),
            ));
        } else if self.at("<") {
            (RedirectOp::Read, 1, 0)
        } else {
            return Ok(None);
        };
        self.i += len;
        self.skip_blanks();
        let target = match self.word()? {
            Some(w) => w,
            None if self.peek().is_none() => {
                return Err(ParseError::UnexpectedToken("newline".into()));
            }
            None => return Err(ParseError::UnexpectedToken(self.token_text())),
        };
        Ok(Some(Redirect {
            fd: fd.unwrap_or(default_fd),
            op,
            target,
        }))
    }

    /// `<<WORD` or `<<-WORD` at the cursor: the delimiter, then the document, the lines after
    /// the one being parsed up to the delimiter's line (taken out of the text, so the
    /// parser goes on after the command's own line). A quoted delimiter keeps the document
    /// as written; otherwise `$...`, `` `...` `` and `\` work in it as in double quotes, but
    /// for `"`. `<<-` drops the lines' leading tabs.
    fn here_document(&mut self, fd: Option<u32>) -> Result<Redirect, ParseError> {
        self.i += 2;
        let strip_tabs = self.peek() == Some('-');
        if strip_tabs {
            self.i += 1;
        }
        self.skip_blanks();
        let Some(word) = self.word()? else {
            return Err(ParseError::UnexpectedToken(self.token_text()));
        };
        let quoted = word.parts.iter().any(|p| match p {
            Part::Text { quoted, .. } => *quoted,
            _ => false,
        });
        let delimiter: String = word
            .parts
            .iter()
            .map(|p| match p {
                Part::Text { text, .. } => text.clone(),
                _ => String::new(),
            })
            .collect();
        // The document starts on the line after this one.
        let line_end = (self.i..self.s.len()).find(|&j| self.s[j] == '\n');
        let (body, end) = match line_end {
            Some(nl) => {
                let mut lines = Vec::new();
                let mut j = nl + 1;
                let mut closed = None;
                while j < self.s.len() {
                    let k = (j..self.s.len())
                        .find(|&k| self.s[k] == '\n')
                        .unwrap_or(self.s.len());
                    let mut line: String = self.s[j..k].iter().collect();
                    if strip_tabs {
                        line = line.trim_start_matches('\t').to_string();
                    }
                    if line == delimiter {
                        closed = Some((k + 1).min(self.s.len()));
                        break;
                    }
                    lines.push(line);
                    j = k + 1;
                }
                let end = match closed {
                    Some(end) => end,
                    None if self.strict_heredoc => {
                        return Err(ParseError::OpenHereDoc(delimiter));
                    }
                    None => self.s.len(),
                };
                let mut body = lines.join("\n");
                if !lines.is_empty() {
                    body.push('\n');
                }
                (body, Some((nl + 1, end)))
            }
            None if self.strict_heredoc => return Err(ParseError::OpenHereDoc(delimiter)),
            None => (String::new(), None),
        };
        if let Some((from, to)) = end {
            self.s.drain(from..to);
        }
        let target = if quoted {
            let mut w = Word::default();
            push_text(&mut w, &body, true);
            w
        } else {
            let mut sub = Parser::new(&body, self.depth);
            let mut w = Word::default();
            sub.here_body(&mut w)?;
            w
        };
        Ok(Redirect {
            fd: fd.unwrap_or(0),
            op: RedirectOp::HereDoc,
            target,
        })
    }

    /// A here-document's text with its expansions: as inside double quotes, but `"` is a
    /// character and the text runs to its end.
    fn here_body(&mut self, w: &mut Word) -> Result<(), ParseError> {
        push_text(w, "", true);
        while let Some(c) = self.peek() {
            match c {
                '\\' => {
                    self.i += 1;
                    match self.peek() {
                        Some('\n') => self.i += 1,
                        Some(x @ ('\\' | '$' | '`')) => {
                            self.i += 1;
                            push_text(w, x.encode_utf8(&mut [0; 4]), true);
                        }
                        _ => push_text(w, "\\", true),
                    }
                }
                '$' => self.dollar(w, true)?,
                '`' => self.backtick(w, true)?,
                c => {
                    self.i += 1;
                    push_text(w, c.encode_utf8(&mut [0; 4]), true);
                }
            }
        }
        Ok(())
    }

    /// An unquoted-or-quoted word at the cursor; `None` at a metacharacter or the end.
    fn word(&mut self) -> Result<Option<Word>, ParseError> {
        let mut w = Word::default();
        let start = self.i;
        while let Some(c) = self.peek() {
            if is_meta(c) {
                break;
            }
            match c {
                '\\' => {
                    self.i += 1;
                    match self.peek() {
                        Some('\n') => self.i += 1,
                        Some(x) => {
                            self.i += 1;
                            push_text(&mut w, x.encode_utf8(&mut [0; 4]), true);
                        }
                        None => push_text(&mut w, "\\", false),
                    }
                }
                '\'' => self.single_quoted(&mut w)?,
                '"' => {
                    self.i += 1;
                    self.double_quoted(&mut w)?;
                }
                '$' => self.dollar(&mut w, false)?,
                '`' => self.backtick(&mut w, false)?,
                _ => {
                    self.i += 1;
                    push_text(&mut w, c.encode_utf8(&mut [0; 4]), false);
                }
            }
        }
        Ok((self.i > start).then_some(w))
    }

    /// `'...'` at the cursor: literal text through the closing quote.
    fn single_quoted(&mut self, w: &mut Word) -> Result<(), ParseError> {
        self.i += 1;
        let from = self.i;
        while self.peek().is_some_and(|c| c != '\'') {
            self.i += 1;
        }
        if self.peek().is_none() {
            return Err(ParseError::Unterminated('\''));
        }
        let text: String = self.s[from..self.i].iter().collect();
        self.i += 1;
        push_text(w, &text, true);
        Ok(())
    }

    /// The inside of `"..."`, after the opening quote, through the closing one.
    fn double_quoted(&mut self, w: &mut Word) -> Result<(), ParseError> {
        // `""` is an empty field, not nothing.
        push_text(w, "", true);
        loop {
            match self.peek() {
                None => return Err(ParseError::Unterminated('"')),
                Some('"') => {
                    self.i += 1;
                    return Ok(());
                }
                Some('\\') => {
                    self.i += 1;
                    match self.peek() {
                        Some('\n') => self.i += 1,
                        Some(x @ ('"' | '\\' | '$' | '`')) => {
                            self.i += 1;
                            push_text(w, x.encode_utf8(&mut [0; 4]), true);
                        }
                        _ => push_text(w, "\\", true),
                    }
                }
                Some('$') => self.dollar(w, true)?,
                Some('`') => self.backtick(w, true)?,
                Some(c) => {
                    self.i += 1;
                    push_text(w, c.encode_utf8(&mut [0; 4]), true);
                }
            }
        }
    }

    /// `$...` at the cursor.
    fn dollar(&mut self, w: &mut Word, quoted: bool) -> Result<(), ParseError> {
        self.i += 1;
        match self.peek() {
            Some('(') if self.peek_at(1) == Some('(') => {
                self.i += 2;
                let from = self.i;
                let mut depth = 0usize;
                loop {
                    match self.peek() {
                        None => return Err(ParseError::Unterminated(')')),
                        Some(')') if depth == 0 && self.peek_at(1) == Some(')') => break,
                        Some('(') => depth += 1,
                        Some(')') => depth = depth.saturating_sub(1),
                        _ => {}
                    }
                    self.i += 1;
                }
                let text: String = self.s[from..self.i].iter().collect();
                self.i += 2;
                let mut inner = Parser::new(&text, self.depth);
                let mut expr = Word::default();
                inner.expression(&mut expr)?;
                w.parts.push(Part::Arith { expr, quoted });
            }
            Some('(') => {
                self.i += 1;
                if self.depth >= MAX_SUBSTITUTION_DEPTH {
                    return Err(ParseError::TooDeep);
                }
                self.depth += 1;
                let saved = self.nesting;
                self.nesting = 0;
                let list = self.list(Stop::Paren)?;
                self.nesting = saved;
                self.depth -= 1;
                if self.peek() != Some(')') {
                    return Err(ParseError::Unterminated(')'));
                }
                self.i += 1;
                w.parts.push(Part::Command { list, quoted });
            }
            Some('{') => {
                self.i += 1;
                let from = self.i;
                while self.peek().is_some_and(|c| c != '}') {
                    self.i += 1;
                }
                if self.peek().is_none() {
                    return Err(ParseError::Unterminated('}'));
                }
                let inside: String = self.s[from..self.i].iter().collect();
                self.i += 1;
                let (name, default) = match inside.split_once(":-").or(inside.split_once('-')) {
                    Some((n, d)) => {
                        let mut inner = Parser::new(d, self.depth);
                        let mut word = Word::default();
                        inner.expression(&mut word)?;
                        (n.to_string(), Some(word))
                    }
                    None => (inside.clone(), None),
                };
                if !is_name(&name) && !is_special(&name) {
                    return Err(ParseError::BadSubstitution(inside));
                }
                w.parts.push(Part::Param {
                    name,
                    default,
                    quoted,
                });
            }
            Some(c) if c == '_' || c.is_ascii_alphabetic() => {
                let from = self.i;
                while self
                    .peek()
                    .is_some_and(|c| c == '_' || c.is_ascii_alphanumeric())
                {
                    self.i += 1;
                }
                w.parts.push(Part::Param {
                    name: self.s[from..self.i].iter().collect(),
                    default: None,
                    quoted,
                });
            }
            Some(c) if is_special(c.encode_utf8(&mut [0; 4])) => {
                self.i += 1;
                w.parts.push(Part::Param {
                    name: c.to_string(),
                    default: None,
                    quoted,
                });
            }
            _ => push_text(w, "$", quoted),
        }
        Ok(())
    }

    /// `` `...` `` at the cursor: the text up to the closing backquote, with `\``, `\\` and
    /// `\$` unescaped, parsed as a list.
    fn backtick(&mut self, w: &mut Word, quoted: bool) -> Result<(), ParseError> {
        self.i += 1;
        let mut text = String::new();
        loop {
            match self.peek() {
                None => return Err(ParseError::Unterminated('`')),
                Some('`') => {
                    self.i += 1;
                    break;
                }
                Some('\\') if matches!(self.peek_at(1), Some('`' | '\\' | '$')) => {
                    text.push(self.peek_at(1).unwrap_or('\\'));
                    self.i += 2;
                }
                Some(c) => {
                    text.push(c);
                    self.i += 1;
                }
            }
        }
        if self.depth >= MAX_SUBSTITUTION_DEPTH {
            return Err(ParseError::TooDeep);
        }
        let mut inner = Parser::new(&text, self.depth + 1);
        let list = inner.list(Stop::End)?;
        if inner.i < inner.s.len() {
            return Err(ParseError::UnexpectedToken(inner.token_text()));
        }
        w.parts.push(Part::Command { list, quoted });
        Ok(())
    }

    /// The rest of the text as one word with expansions but no field splitting (the inside
    /// of `$((...))` and of `${NAME:-...}`).
    fn expression(&mut self, w: &mut Word) -> Result<(), ParseError> {
        push_text(w, "", true);
        while let Some(c) = self.peek() {
            match c {
                '$' => self.dollar(w, true)?,
                '`' => self.backtick(w, true)?,
                '"' => {
                    self.i += 1;
                    self.double_quoted(w)?;
                }
                '\'' => self.single_quoted(w)?,
                _ => {
                    self.i += 1;
                    push_text(w, c.encode_utf8(&mut [0; 4]), true);
                }
            }
        }
        Ok(())
    }
}

/// `?`, `$`, `#`, `!`, `@`, `*`, `-`, `0`-`9`.
fn is_special(name: &str) -> bool {
    name.len() == 1
        && name
            .chars()
            .all(|c| matches!(c, '?' | '$' | '#' | '!' | '@' | '*' | '-') || c.is_ascii_digit())
}

/// Appends text to a word, merging with a previous text part of the same quoting.
fn push_text(w: &mut Word, text: &str, quoted: bool) {
    if let Some(Part::Text {
        text: last,
        quoted: q,
    }) = w.parts.last_mut()
        && *q == quoted
    {
        last.push_str(text);
        return;
    }
    w.parts.push(Part::Text {
        text: text.to_string(),
        quoted,
    });
}

/// `NAME=value` (the name unquoted): the name and the value as a word.
fn assignment(w: &Word) -> Option<(String, Word)> {
    let Some(Part::Text {
        text,
        quoted: false,
    }) = w.parts.first()
    else {
        return None;
    };
    let (name, rest) = text.split_once('=')?;
    if !is_name(name) {
        return None;
    }
    let mut value = Word::default();
    push_text(&mut value, "", true);
    if !rest.is_empty() {
        push_text(&mut value, rest, false);
    }
    value.parts.extend(w.parts[1..].iter().cloned());
    Some((name.to_string(), value))
}
