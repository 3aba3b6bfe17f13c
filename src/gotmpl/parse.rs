//! The parser of Go's `text/template` (`text/template/parse/parse.go` and `node.go`, Go 1.26):
//! the same tree, the same three-token lookahead (so errors name the same line), the same
//! `String()` of every node (execution errors quote it: `at <.Values.a.b>`).

use super::lex::{Item, Kind, Lexer};
use std::collections::HashMap;
use std::fmt;
use std::rc::Rc;

/// Deepest nesting of parenthesised pipelines (Go's limit under WebAssembly).
const MAX_STACK_DEPTH: usize = 1000;
/// Most commands in one pipeline.
const MAX_PIPELINE_CMDS: usize = 100_000;

/// One parsed template: a file or a `define`.
#[derive(Debug)]
pub struct Tree {
    pub name: String,
    /// The file it was parsed from (error messages name it).
    pub parse_name: String,
    /// The whole text of that file (error positions are offsets into it).
    pub text: Rc<str>,
    pub root: List,
}

impl Tree {
    /// `ErrorContext`: `file:line:col` of a node (col counts bytes from 0) and its text.
    pub fn location(&self, pos: usize) -> String {
        let pos = pos.min(self.text.len());
        let text = &self.text[..pos];
        let col = match text.rfind('\n') {
            None => pos,
            Some(nl) => pos - (nl + 1),
        };
        let line = 1 + text.matches('\n').count();
        format!("{}:{}:{}", self.parse_name, line, col)
    }
}

#[derive(Debug, Clone, Default)]
pub struct List {
    pub pos: usize,
    pub nodes: Vec<Node>,
}

#[derive(Debug, Clone)]
pub enum Node {
    Text {
        pos: usize,
        text: Rc<str>,
    },
    Action {
        pos: usize,
        pipe: Pipe,
    },
    If(Branch),
    Range(Branch),
    With(Branch),
    Template {
        pos: usize,
        name: String,
        pipe: Option<Pipe>,
    },
    Break {
        pos: usize,
    },
    Continue {
        pos: usize,
    },
}

#[derive(Debug, Clone)]
pub struct Branch {
    pub pos: usize,
    pub pipe: Pipe,
    pub list: List,
    pub else_list: Option<List>,
}

#[derive(Debug, Clone)]
pub struct Pipe {
    pub pos: usize,
    pub is_assign: bool,
    pub decl: Vec<Variable>,
    pub cmds: Vec<Command>,
}

#[derive(Debug, Clone)]
pub struct Variable {
    pub pos: usize,
    pub idents: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Command {
    pub pos: usize,
    pub args: Vec<Arg>,
}

/// A number literal with every interpretation that succeeded (Go's `NumberNode`).
#[derive(Debug, Clone)]
pub struct Number {
    pub text: String,
    pub int: Option<i64>,
    pub uint: Option<u64>,
    pub float: Option<f64>,
}

#[derive(Debug, Clone)]
pub enum Arg {
    Field {
        pos: usize,
        idents: Vec<String>,
    },
    Chain {
        pos: usize,
        node: Box<Arg>,
        fields: Vec<String>,
    },
    Variable(Variable),
    Identifier {
        pos: usize,
        name: String,
    },
    Dot {
        pos: usize,
    },
    Nil {
        pos: usize,
    },
    Bool {
        pos: usize,
        value: bool,
    },
    Number {
        pos: usize,
        number: Number,
    },
    String {
        pos: usize,
        quoted: String,
        text: String,
    },
    Pipe(Box<Pipe>),
}

impl Arg {
    pub fn pos(&self) -> usize {
        match self {
            Arg::Field { pos, .. }
            | Arg::Chain { pos, .. }
            | Arg::Identifier { pos, .. }
            | Arg::Dot { pos }
            | Arg::Nil { pos }
            | Arg::Bool { pos, .. }
            | Arg::Number { pos, .. }
            | Arg::String { pos, .. } => *pos,
            Arg::Variable(v) => v.pos,
            Arg::Pipe(p) => p.pos,
        }
    }
}

impl fmt::Display for Arg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Arg::Field { idents, .. } => {
                for i in idents {
                    write!(f, ".{i}")?;
                }
                Ok(())
            }
            Arg::Chain { node, fields, .. } => {
                if let Arg::Pipe(p) = node.as_ref() {
                    write!(f, "({p})")?;
                } else {
                    write!(f, "{node}")?;
                }
                for i in fields {
                    write!(f, ".{i}")?;
                }
                Ok(())
            }
            Arg::Variable(v) => write!(f, "{v}"),
            Arg::Identifier { name, .. } => f.write_str(name),
            Arg::Dot { .. } => f.write_str("."),
            Arg::Nil { .. } => f.write_str("nil"),
            Arg::Bool { value, .. } => write!(f, "{value}"),
            Arg::Number { number, .. } => f.write_str(&number.text),
            Arg::String { quoted, .. } => f.write_str(quoted),
            Arg::Pipe(p) => write!(f, "{p}"),
        }
    }
}

impl fmt::Display for Variable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.idents.join("."))
    }
}

impl fmt::Display for Command {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, a) in self.args.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            if let Arg::Pipe(p) = a {
                write!(f, "({p})")?;
            } else {
                write!(f, "{a}")?;
            }
        }
        Ok(())
    }
}

impl fmt::Display for Pipe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.decl.is_empty() {
            for (i, v) in self.decl.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{v}")?;
            }
            f.write_str(if self.is_assign { " = " } else { " := " })?;
        }
        for (i, c) in self.cmds.iter().enumerate() {
            if i > 0 {
                f.write_str(" | ")?;
            }
            write!(f, "{c}")?;
        }
        Ok(())
    }
}

impl fmt::Display for List {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for n in &self.nodes {
            write!(f, "{n}")?;
        }
        Ok(())
    }
}

impl fmt::Display for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let branch = |f: &mut fmt::Formatter<'_>, name: &str, b: &Branch| {
            write!(f, "{{{{{name} {}}}}}{}", b.pipe, b.list)?;
            if let Some(e) = &b.else_list {
                write!(f, "{{{{else}}}}{e}")?;
            }
            f.write_str("{{end}}")
        };
        match self {
            Node::Text { text, .. } => f.write_str(&crate::go::quote(text)),
            Node::Action { pipe, .. } => write!(f, "{{{{{pipe}}}}}"),
            Node::If(b) => branch(f, "if", b),
            Node::Range(b) => branch(f, "range", b),
            Node::With(b) => branch(f, "with", b),
            Node::Template { name, pipe, .. } => match pipe {
                None => write!(f, "{{{{template {}}}}}", crate::go::quote(name)),
                Some(p) => write!(f, "{{{{template {} {p}}}}}", crate::go::quote(name)),
            },
            Node::Break { .. } => f.write_str("{{break}}"),
            Node::Continue { .. } => f.write_str("{{continue}}"),
        }
    }
}

/// Is this list empty of everything but space and comments (`parse.IsEmptyTree`)?
pub fn is_empty(list: &List) -> bool {
    list.nodes.iter().all(|n| match n {
        Node::Text { text, .. } => text.trim_matches(is_go_space).is_empty(),
        _ => false,
    })
}

/// `unicode.IsSpace` as `bytes.TrimSpace` uses it.
fn is_go_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{85}' | '\u{a0}'
    ) || (c as u32 > 0xff && c.is_whitespace())
}

/// A parse error: Go's text, `template: NAME:LINE: MESSAGE`, and its parts.
#[derive(Clone, Debug, PartialEq)]
pub struct ParseError {
    pub name: String,
    pub line: usize,
    pub message: String,
    /// Byte offset of the token the parser stopped at.
    pub pos: usize,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "template: {}:{}: {}", self.name, self.line, self.message)
    }
}

type PResult<T> = Result<T, ParseError>;

/// Parses `text` as the template `name`; the file's tree and every `define` (and `block`)
/// in it, in the order they end. `has_function` says which identifiers are functions.
pub fn parse(
    name: &str,
    text: &str,
    has_function: &dyn Fn(&str) -> bool,
) -> Result<Vec<Tree>, ParseError> {
    let text: Rc<str> = Rc::from(text);
    let mut lex = Lexer::new(&text);
    lex.break_ok = !has_function("break");
    lex.continue_ok = !has_function("continue");
    let mut p = Parser {
        name: name.to_string(),
        text: text.clone(),
        lex,
        token: [EOF.clone(), EOF.clone(), EOF.clone()],
        peek_count: 0,
        vars: vec!["$".into()],
        has_function,
        action_line: 0,
        range_depth: 0,
        stack_depth: 0,
        trees: HashMap::new(),
        order: Vec::new(),
    };
    let root = p.parse_top()?;
    p.add(name.to_string(), root)?;
    let mut trees = p.trees;
    Ok(p.order
        .into_iter()
        .filter_map(|n| trees.remove(&n))
        .collect())
}

const EOF: Item = Item {
    kind: Kind::Eof,
    pos: 0,
    val: String::new(),
    line: 0,
};

struct Parser<'a> {
    name: String,
    text: Rc<str>,
    lex: Lexer<'a>,
    token: [Item; 3],
    peek_count: usize,
    vars: Vec<String>,
    has_function: &'a dyn Fn(&str) -> bool,
    action_line: usize,
    range_depth: usize,
    stack_depth: usize,
    trees: HashMap<String, Tree>,
    order: Vec<String>,
}

impl Parser<'_> {
    fn next(&mut self) -> Item {
        if self.peek_count > 0 {
            self.peek_count -= 1;
        } else {
            self.token[0] = self.lex.next_item();
        }
        self.token[self.peek_count].clone()
    }

    fn backup(&mut self) {
        self.peek_count += 1;
    }

    fn backup2(&mut self, t1: Item) {
        self.token[1] = t1;
        self.peek_count = 2;
    }

    fn backup3(&mut self, t2: Item, t1: Item) {
        self.token[1] = t1;
        self.token[2] = t2;
        self.peek_count = 3;
    }

    fn peek(&mut self) -> Item {
        if self.peek_count > 0 {
            return self.token[self.peek_count - 1].clone();
        }
        self.peek_count = 1;
        self.token[0] = self.lex.next_item();
        self.token[0].clone()
    }

    fn next_non_space(&mut self) -> Item {
        loop {
            let t = self.next();
            if t.kind != Kind::Space {
                return t;
            }
        }
    }

    fn peek_non_space(&mut self) -> Item {
        let t = self.next_non_space();
        self.backup();
        t
    }

    fn errorf(&self, message: String) -> ParseError {
        ParseError {
            name: self.name.clone(),
            line: self.token[0].line,
            message,
            pos: self.token[0].pos,
        }
    }

    fn expect_token(&mut self, kind: Kind, context: &str) -> PResult<Item> {
        let t = self.next_non_space();
        if t.kind != kind {
            return Err(self.unexpected(&t, context));
        }
        Ok(t)
    }

    fn unexpected(&self, token: &Item, context: &str) -> ParseError {
        if token.kind == Kind::Error {
            let mut extra = String::new();
            if self.action_line != 0 && self.action_line != token.line {
                extra = format!(" in action started at {}:{}", self.name, self.action_line);
                if token.val.ends_with(" action") {
                    extra = extra[" in action".len()..].to_string();
                }
            }
            return self.errorf(format!("{token}{extra}"));
        }
        self.errorf(format!("unexpected {token} in {context}"))
    }

    /// `Tree.add`: a later non-empty definition of a name in the same text is an error; an
    /// empty one never replaces a non-empty one.
    fn add(&mut self, name: String, root: List) -> PResult<()> {
        match self.trees.get(&name) {
            Some(old) if !is_empty(&old.root) => {
                if !is_empty(&root) {
                    return Err(self.errorf(format!(
                        "template: multiple definition of template {}",
                        crate::go::quote(&name)
                    )));
                }
                return Ok(());
            }
            _ => {}
        }
        if !self.trees.contains_key(&name) {
            self.order.push(name.clone());
        }
        self.trees.insert(
            name.clone(),
            Tree {
                name,
                parse_name: self.name.clone(),
                text: self.text.clone(),
                root,
            },
        );
        Ok(())
    }

    fn parse_top(&mut self) -> PResult<List> {
        let mut root = List {
            pos: self.peek().pos,
            nodes: Vec::new(),
        };
        while self.peek().kind != Kind::Eof {
            if self.peek().kind == Kind::LeftDelim {
                let delim = self.next();
                if self.next_non_space().kind == Kind::Define {
                    self.parse_definition()?;
                    continue;
                }
                self.backup2(delim);
            }
            match self.text_or_action()? {
                Parsed::Node(n) => root.nodes.push(n),
                Parsed::End(_) => return Err(self.errorf("unexpected {{end}}".into())),
                Parsed::Else(_) => return Err(self.errorf("unexpected {{else}}".into())),
            }
        }
        Ok(root)
    }

    fn parse_definition(&mut self) -> PResult<()> {
        let context = "define clause";
        let t = self.next_non_space();
        if t.kind != Kind::String && t.kind != Kind::RawString {
            return Err(self.unexpected(&t, context));
        }
        let name = unquote(&t.val).map_err(|e| self.errorf(e))?;
        self.expect_token(Kind::RightDelim, context)?;
        // A definition starts with its own variables: only `$`.
        let saved = std::mem::replace(&mut self.vars, vec!["$".into()]);
        let saved_depth = std::mem::replace(&mut self.range_depth, 0);
        let (list, end) = self.item_list()?;
        self.vars = saved;
        self.range_depth = saved_depth;
        if let Parsed::Else(_) = end {
            return Err(self.errorf(format!("unexpected {{{{else}}}} in {context}")));
        }
        self.add(name, list)
    }

    fn item_list(&mut self) -> PResult<(List, Parsed)> {
        let mut list = List {
            pos: self.peek_non_space().pos,
            nodes: Vec::new(),
        };
        while self.peek_non_space().kind != Kind::Eof {
            match self.text_or_action()? {
                Parsed::Node(n) => list.nodes.push(n),
                end => return Ok((list, end)),
            }
        }
        Err(self.errorf("unexpected EOF".into()))
    }

    fn text_or_action(&mut self) -> PResult<Parsed> {
        let t = self.next_non_space();
        match t.kind {
            Kind::Text => Ok(Parsed::Node(Node::Text {
                pos: t.pos,
                text: Rc::from(t.val.as_str()),
            })),
            Kind::LeftDelim => {
                self.action_line = t.line;
                let r = self.action();
                self.action_line = 0;
                r
            }
            _ => Err(self.unexpected(&t, "input")),
        }
    }

    fn action(&mut self) -> PResult<Parsed> {
        let t = self.next_non_space();
        match t.kind {
            Kind::Block => return self.block_control().map(Parsed::Node),
            Kind::Break | Kind::Continue => {
                let what = if t.kind == Kind::Break {
                    "{{break}}"
                } else {
                    "{{continue}}"
                };
                let next = self.next_non_space();
                if next.kind != Kind::RightDelim {
                    return Err(self.unexpected(&next, what));
                }
                if self.range_depth == 0 {
                    return Err(self.errorf(format!("{what} outside {{{{range}}}}")));
                }
                return Ok(Parsed::Node(if t.kind == Kind::Break {
                    Node::Break { pos: t.pos }
                } else {
                    Node::Continue { pos: t.pos }
                }));
            }
            Kind::Else => {
                let peek = self.peek_non_space();
                if peek.kind == Kind::If || peek.kind == Kind::With {
                    return Ok(Parsed::Else(peek.pos));
                }
                let t = self.expect_token(Kind::RightDelim, "else")?;
                return Ok(Parsed::Else(t.pos));
            }
            Kind::End => {
                let t = self.expect_token(Kind::RightDelim, "end")?;
                return Ok(Parsed::End(t.pos));
            }
            Kind::If => return self.control("if").map(|b| Parsed::Node(Node::If(b))),
            Kind::Range => return self.control("range").map(|b| Parsed::Node(Node::Range(b))),
            Kind::With => return self.control("with").map(|b| Parsed::Node(Node::With(b))),
            Kind::Template => return self.template_control().map(Parsed::Node),
            _ => {}
        }
        self.backup();
        let t = self.peek();
        let pipe = self.pipeline("command", Kind::RightDelim)?;
        Ok(Parsed::Node(Node::Action { pos: t.pos, pipe }))
    }

    fn pipeline(&mut self, context: &str, end: Kind) -> PResult<Pipe> {
        let t = self.peek_non_space();
        let mut pipe = Pipe {
            pos: t.pos,
            is_assign: false,
            decl: Vec::new(),
            cmds: Vec::new(),
        };
        'decls: loop {
            let v = self.peek_non_space();
            if v.kind != Kind::Variable {
                break;
            }
            self.next();
            let after = self.peek();
            let next = self.peek_non_space();
            if next.kind == Kind::Assign || next.kind == Kind::Declare {
                pipe.is_assign = next.kind == Kind::Assign;
                self.next_non_space();
                pipe.decl.push(variable(v.pos, &v.val));
                self.vars.push(v.val.clone());
            } else if next.kind == Kind::Char && next.val == "," {
                self.next_non_space();
                pipe.decl.push(variable(v.pos, &v.val));
                self.vars.push(v.val.clone());
                if context == "range" && pipe.decl.len() < 2 {
                    match self.peek_non_space().kind {
                        Kind::Variable | Kind::RightDelim | Kind::RightParen => continue 'decls,
                        _ => {
                            return Err(self.errorf("range can only initialize variables".into()));
                        }
                    }
                }
                return Err(self.errorf(format!("too many declarations in {context}")));
            } else if after.kind == Kind::Space {
                self.backup3(v, after);
            } else {
                self.backup2(v);
            }
            break;
        }
        loop {
            let t = self.next_non_space();
            match t.kind {
                k if k == end => {
                    self.check_pipeline(&pipe, context)?;
                    return Ok(pipe);
                }
                Kind::Bool
                | Kind::CharConstant
                | Kind::Complex
                | Kind::Dot
                | Kind::Field
                | Kind::Identifier
                | Kind::Number
                | Kind::Nil
                | Kind::RawString
                | Kind::String
                | Kind::Variable
                | Kind::LeftParen => {
                    self.backup();
                    let cmd = self.command()?;
                    pipe.cmds.push(cmd);
                    if pipe.cmds.len() > MAX_PIPELINE_CMDS {
                        return Err(self.errorf("pipeline too long".into()));
                    }
                }
                _ => return Err(self.unexpected(&t, context)),
            }
        }
    }

    fn check_pipeline(&self, pipe: &Pipe, context: &str) -> PResult<()> {
        if pipe.cmds.is_empty() {
            return Err(self.errorf(format!("missing value for {context}")));
        }
        for (i, c) in pipe.cmds.iter().enumerate().skip(1) {
            if matches!(
                c.args[0],
                Arg::Bool { .. }
                    | Arg::Dot { .. }
                    | Arg::Nil { .. }
                    | Arg::Number { .. }
                    | Arg::String { .. }
            ) {
                return Err(self.errorf(format!(
                    "non executable command in pipeline stage {}",
                    i + 1
                )));
            }
        }
        Ok(())
    }

    fn control(&mut self, context: &str) -> PResult<Branch> {
        let mark = self.vars.len();
        let r = self.control_inner(context);
        self.vars.truncate(mark);
        r
    }

    fn control_inner(&mut self, context: &str) -> PResult<Branch> {
        let pipe = self.pipeline(context, Kind::RightDelim)?;
        if context == "range" {
            self.range_depth += 1;
        }
        let (list, next) = self.item_list()?;
        if context == "range" {
            self.range_depth -= 1;
        }
        let mut else_list = None;
        if let Parsed::Else(else_pos) = next {
            if context == "if" && self.peek().kind == Kind::If {
                self.next();
                let inner = self.control("if")?;
                else_list = Some(List {
                    pos: else_pos,
                    nodes: vec![Node::If(inner)],
                });
            } else if context == "with" && self.peek().kind == Kind::With {
                self.next();
                let inner = self.control("with")?;
                else_list = Some(List {
                    pos: else_pos,
                    nodes: vec![Node::With(inner)],
                });
            } else {
                let (l, next) = self.item_list()?;
                if let Parsed::Else(_) = next {
                    return Err(self.errorf("expected end; found {{else}}".into()));
                }
                else_list = Some(l);
            }
        }
        Ok(Branch {
            pos: pipe.pos,
            pipe,
            list,
            else_list,
        })
    }

    fn template_name(&mut self, token: &Item, context: &str) -> PResult<String> {
        match token.kind {
            Kind::String | Kind::RawString => unquote(&token.val).map_err(|e| self.errorf(e)),
            _ => Err(self.unexpected(token, context)),
        }
    }

    fn block_control(&mut self) -> PResult<Node> {
        let context = "block clause";
        let t = self.next_non_space();
        let name = self.template_name(&t, context)?;
        let pipe = self.pipeline(context, Kind::RightDelim)?;
        let saved = std::mem::replace(&mut self.vars, vec!["$".into()]);
        let saved_depth = std::mem::replace(&mut self.range_depth, 0);
        let r = self.item_list();
        self.vars = saved;
        self.range_depth = saved_depth;
        let (list, end) = r?;
        if let Parsed::Else(_) = end {
            return Err(self.errorf(format!("unexpected {{{{else}}}} in {context}")));
        }
        self.add(name.clone(), list)?;
        Ok(Node::Template {
            pos: t.pos,
            name,
            pipe: Some(pipe),
        })
    }

    fn template_control(&mut self) -> PResult<Node> {
        let context = "template clause";
        let t = self.next_non_space();
        let name = self.template_name(&t, context)?;
        let mut pipe = None;
        if self.next_non_space().kind != Kind::RightDelim {
            self.backup();
            pipe = Some(self.pipeline(context, Kind::RightDelim)?);
        }
        Ok(Node::Template {
            pos: t.pos,
            name,
            pipe,
        })
    }

    fn command(&mut self) -> PResult<Command> {
        let mut cmd = Command {
            pos: self.peek_non_space().pos,
            args: Vec::new(),
        };
        loop {
            self.peek_non_space();
            if let Some(op) = self.operand()? {
                cmd.args.push(op);
            }
            let t = self.next();
            match t.kind {
                Kind::Space => continue,
                Kind::RightDelim | Kind::RightParen => self.backup(),
                Kind::Pipe => {}
                _ => return Err(self.unexpected(&t, "operand")),
            }
            break;
        }
        if cmd.args.is_empty() {
            return Err(self.errorf("empty command".into()));
        }
        Ok(cmd)
    }

    fn operand(&mut self) -> PResult<Option<Arg>> {
        let Some(node) = self.term()? else {
            return Ok(None);
        };
        if self.peek().kind != Kind::Field {
            return Ok(Some(node));
        }
        let chain_pos = self.peek().pos;
        let mut fields = Vec::new();
        while self.peek().kind == Kind::Field {
            fields.push(self.next().val[1..].to_string());
        }
        Ok(Some(match node {
            Arg::Field { mut idents, .. } => {
                idents.extend(fields);
                Arg::Field {
                    pos: chain_pos,
                    idents,
                }
            }
            Arg::Variable(Variable { mut idents, .. }) => {
                idents.extend(fields);
                Arg::Variable(Variable {
                    pos: chain_pos,
                    idents,
                })
            }
            Arg::Bool { .. }
            | Arg::String { .. }
            | Arg::Number { .. }
            | Arg::Nil { .. }
            | Arg::Dot { .. } => {
                return Err(self.errorf(format!(
                    "unexpected . after term {}",
                    crate::go::quote(&node.to_string())
                )));
            }
            other => Arg::Chain {
                pos: chain_pos,
                node: Box::new(other),
                fields,
            },
        }))
    }

    fn term(&mut self) -> PResult<Option<Arg>> {
        let t = self.next_non_space();
        Ok(Some(match t.kind {
            Kind::Identifier => {
                if !(self.has_function)(&t.val) {
                    return Err(
                        self.errorf(format!("function {} not defined", crate::go::quote(&t.val)))
                    );
                }
                Arg::Identifier {
                    pos: t.pos,
                    name: t.val,
                }
            }
            Kind::Dot => Arg::Dot { pos: t.pos },
            Kind::Nil => Arg::Nil { pos: t.pos },
            Kind::Variable => {
                let v = variable(t.pos, &t.val);
                if !self.vars.iter().any(|n| *n == v.idents[0]) {
                    return Err(self.errorf(format!(
                        "undefined variable {}",
                        crate::go::quote(&v.idents[0])
                    )));
                }
                Arg::Variable(v)
            }
            Kind::Field => Arg::Field {
                pos: t.pos,
                idents: vec![t.val[1..].to_string()],
            },
            Kind::Bool => Arg::Bool {
                pos: t.pos,
                value: t.val == "true",
            },
            Kind::CharConstant | Kind::Complex | Kind::Number => {
                let number = number(&t.val, t.kind).map_err(|e| self.errorf(e))?;
                Arg::Number { pos: t.pos, number }
            }
            Kind::LeftParen => {
                if self.stack_depth >= MAX_STACK_DEPTH {
                    return Err(self.errorf("max expression depth exceeded".into()));
                }
                self.stack_depth += 1;
                let r = self.pipeline("parenthesized pipeline", Kind::RightParen);
                self.stack_depth -= 1;
                Arg::Pipe(Box::new(r?))
            }
            Kind::String | Kind::RawString => {
                let text = unquote(&t.val).map_err(|e| self.errorf(e))?;
                Arg::String {
                    pos: t.pos,
                    quoted: t.val,
                    text,
                }
            }
            _ => {
                self.backup();
                return Ok(None);
            }
        }))
    }
}

enum Parsed {
    Node(Node),
    End(#[allow(dead_code)] usize),
    Else(usize),
}

fn variable(pos: usize, text: &str) -> Variable {
    Variable {
        pos,
        idents: text.split('.').map(str::to_string).collect(),
    }
}

/// `strconv.Unquote` for Go string and raw string literals; errors read `invalid syntax`.
pub fn unquote(s: &str) -> Result<String, String> {
    let bad = || "invalid syntax".to_string();
    if let Some(raw) = s.strip_prefix('`') {
        let body = raw.strip_suffix('`').ok_or_else(bad)?;
        if body.contains('`') {
            return Err(bad());
        }
        return Ok(body.replace('\r', ""));
    }
    let body = s
        .strip_prefix('"')
        .and_then(|b| b.strip_suffix('"'))
        .ok_or_else(bad)?;
    let mut out = String::new();
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' | '\n' => return Err(bad()),
            '\\' => out.push_str(&unquote_escape(&mut chars, '"').ok_or_else(bad)?),
            c => out.push(c),
        }
    }
    Ok(out)
}

/// One escape after `\` (`strconv.UnquoteChar`); octal and `\x` escapes may yield raw bytes,
/// which are kept as U+FFFD-free chars when they form valid UTF-8 only.
fn unquote_escape(
    chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
    quote: char,
) -> Option<String> {
    let c = chars.next()?;
    let hex = |chars: &mut std::iter::Peekable<std::str::Chars<'_>>, n: usize| -> Option<u32> {
        let mut v = 0u32;
        for _ in 0..n {
            v = v * 16 + chars.next()?.to_digit(16)?;
        }
        Some(v)
    };
    Some(match c {
        'a' => "\u{7}".into(),
        'b' => "\u{8}".into(),
        'f' => "\u{c}".into(),
        'n' => "\n".into(),
        'r' => "\r".into(),
        't' => "\t".into(),
        'v' => "\u{b}".into(),
        '\\' => "\\".into(),
        'x' => {
            let v = hex(chars, 2)?;
            char::from_u32(v)
                .filter(|_| v < 0x80)
                .map(String::from)
                .unwrap_or_else(|| '\u{FFFD}'.into())
        }
        'u' => char::from_u32(hex(chars, 4)?)?.into(),
        'U' => char::from_u32(hex(chars, 8)?)?.into(),
        '0'..='7' => {
            let mut v = c.to_digit(8)?;
            for _ in 0..2 {
                v = v * 8 + chars.next()?.to_digit(8)?;
            }
            if v > 255 {
                return None;
            }
            char::from_u32(v)
                .filter(|_| v < 0x80)
                .map(String::from)
                .unwrap_or_else(|| '\u{FFFD}'.into())
        }
        c if c == quote => c.into(),
        _ => return None,
    })
}

/// `newNumber`: every interpretation of a number literal that succeeds.
fn number(text: &str, kind: Kind) -> Result<Number, String> {
    let mut n = Number {
        text: text.to_string(),
        int: None,
        uint: None,
        float: None,
    };
    if kind == Kind::CharConstant {
        let body = &text[1..];
        let mut chars = body.chars().peekable();
        let c = match chars.next() {
            Some('\\') => {
                let s = unquote_escape(&mut chars, '\'').ok_or("invalid syntax")?;
                let mut it = s.chars();
                let c = it.next().ok_or("invalid syntax")?;
                if it.next().is_some() {
                    return Err("invalid syntax".into());
                }
                c
            }
            Some('\'') | None => return Err("invalid syntax".into()),
            Some(c) => c,
        };
        let tail: String = chars.collect();
        if tail != "'" {
            return Err(format!("malformed character constant: {text}"));
        }
        n.int = Some(c as i64);
        n.uint = Some(c as u64);
        n.float = Some(c as u32 as f64);
        return Ok(n);
    }
    if kind == Kind::Complex || text.ends_with('i') {
        return Err(format!("illegal number syntax: {}", crate::go::quote(text)));
    }
    let u = parse_uint(text);
    if let Some(u) = u {
        n.uint = Some(u);
    }
    if let Some(i) = parse_int(text) {
        n.int = Some(i);
        if i == 0 {
            n.uint = Some(0);
        }
    }
    if let Some(i) = n.int {
        n.float = Some(i as f64);
    } else if let Some(u) = n.uint {
        n.float = Some(u as f64);
    } else if let Some(f) = parse_go_float(text) {
        if !text.contains(['.', 'e', 'E', 'p', 'P']) {
            return Err(format!("integer overflow: {}", crate::go::quote(text)));
        }
        n.float = Some(f);
        if f.fract() == 0.0 && (-9.223372036854776e18..9.223372036854776e18).contains(&f) {
            n.int = Some(f as i64);
        }
        if f.fract() == 0.0 && (0.0..1.8446744073709552e19).contains(&f) {
            n.uint = Some(f as u64);
        }
    }
    if n.int.is_none() && n.uint.is_none() && n.float.is_none() {
        return Err(format!("illegal number syntax: {}", crate::go::quote(text)));
    }
    Ok(n)
}

/// Digits of a Go integer literal with base prefix; underscores only between digits and
/// only with a prefix (`strconv.ParseInt(s, 0, 64)`).
fn int_digits(text: &str) -> Option<(bool, u32, String)> {
    let (neg, body) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let lower = body.to_ascii_lowercase();
    let (radix, digits, prefixed) = if let Some(d) = lower.strip_prefix("0x") {
        (16, d.to_string(), true)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (8, d.to_string(), true)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (2, d.to_string(), true)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, lower[1..].to_string(), true)
    } else {
        (10, lower.clone(), false)
    };
    if digits.contains('_') {
        // Underscores must separate digits (or follow a base prefix): no leading one in a
        // decimal, no trailing or doubled ones.
        let checked = if prefixed {
            format!("0{digits}")
        } else {
            digits.clone()
        };
        if checked.starts_with('_') || checked.contains("__") || checked.ends_with('_') {
            return None;
        }
    }
    let digits: String = digits.chars().filter(|c| *c != '_').collect();
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    Some((neg, radix, digits))
}

fn parse_int(text: &str) -> Option<i64> {
    let (neg, radix, digits) = int_digits(text)?;
    let v = u128::from_str_radix(&digits, radix).ok()?;
    if neg {
        if v > 1u128 << 63 {
            return None;
        }
        Some((v as i128).wrapping_neg() as i64)
    } else {
        i64::try_from(v).ok()
    }
}

fn parse_uint(text: &str) -> Option<u64> {
    if text.starts_with(['-', '+']) {
        return None;
    }
    let (_, radix, digits) = int_digits(text)?;
    u64::try_from(u128::from_str_radix(&digits, radix).ok()?).ok()
}

/// `strconv.ParseFloat(s, 64)` of a Go literal: decimal, or hexadecimal with a binary
/// exponent (`0x1p60`, `0x1.8p-3`), underscores between digits (`underscoreOK`).
fn parse_go_float(text: &str) -> Option<f64> {
    if text.contains('_') && !underscore_ok(text) {
        return None;
    }
    let text: String = text.chars().filter(|c| *c != '_').collect();
    let (neg, body) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text.as_str()),
    };
    let Some(hex) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) else {
        return if text.to_ascii_lowercase().contains('x') {
            None
        } else {
            crate::yaml::parse_float(&text)
        };
    };
    // The mantissa's hex digits (a point among them), then `p` and a decimal exponent.
    let (mantissa, exp) = hex.split_once(['p', 'P'])?;
    let exp: i32 = match exp.strip_prefix('+') {
        Some(e) if !e.starts_with(['-', '+']) => e.parse().ok()?,
        _ => exp.parse().ok()?,
    };
    let (whole, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if whole.is_empty() && frac.is_empty() {
        return None;
    }
    let mut m: f64 = 0.0;
    for c in whole.chars().chain(frac.chars()) {
        m = m * 16.0 + f64::from(c.to_digit(16)?);
    }
    let v = m * 2f64.powi(exp.saturating_sub(4 * frac.len() as i32));
    Some(if neg { -v } else { v })
}

/// `strconv.underscoreOK`: underscores only between digits (a base prefix counts as one).
fn underscore_ok(s: &str) -> bool {
    let s = s.strip_prefix(['-', '+']).unwrap_or(s).as_bytes();
    let mut saw = b'^';
    let mut i = 0;
    let mut hex = false;
    if s.len() >= 2 && s[0] == b'0' && matches!(s[1].to_ascii_lowercase(), b'b' | b'o' | b'x') {
        i = 2;
        saw = b'0';
        hex = s[1].eq_ignore_ascii_case(&b'x');
    }
    while i < s.len() {
        let c = s[i];
        if c.is_ascii_digit() || (hex && c.is_ascii_hexdigit()) {
            saw = b'0';
        } else if c == b'_' {
            if saw != b'0' {
                return false;
            }
            saw = b'_';
        } else {
            if saw == b'_' {
                return false;
            }
            saw = b'!';
        }
        i += 1;
    }
    saw != b'_'
}
