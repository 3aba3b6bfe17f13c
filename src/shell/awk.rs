//! `awk`, for the one-liners that cut kubectl's tables: `awk '{print $1}'`,
//! `awk 'NR>1 && $3=="Running" {print $1, $NF}'`, `awk -F: '/image/ {print $2}'`,
//! `awk '{n += $4} END {print n}'`. Patterns (`BEGIN`, `END`, an expression, `/RE/`),
//! actions of `print`, `printf`, assignments (`=`, `+=`, `-=`, `++`, `--`) and `next`;
//! expressions with fields, `NR`, `NF`, variables, strings, numbers, arithmetic,
//! comparisons, `~`, `!~`, `&&`, `||`, `!`, concatenation and `length`. `-F` sets the field
//! separator (one character, a tab, or a regular expression). Syntax errors are mawk's
//! (`awk: line 1: syntax error at or near X`, status 2).

use super::output::Output;
use regex_lite::Regex;
use std::collections::BTreeMap;

/// Runs `awk ARGS` on `input` (what was piped in, or the files read).
pub fn awk(
    args: &[String],
    read: &mut dyn FnMut(&str) -> Result<String, String>,
    stdin: Option<&str>,
) -> Output {
    let mut fs: Option<String> = None;
    let mut assigns: Vec<(String, String)> = Vec::new();
    let mut rest: Vec<&String> = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "-F" {
            fs = it.next().cloned();
        } else if let Some(f) = a.strip_prefix("-F") {
            fs = Some(f.to_string());
        } else if a == "-v" {
            if let Some((k, v)) = it.next().and_then(|x| x.split_once('=')) {
                assigns.push((k.to_string(), v.to_string()));
            }
        } else {
            rest.push(a);
        }
    }
    let Some((program, files)) = rest.split_first() else {
        return Output::err(
            "usage: awk [-F value] [-v var=value] 'program text' [file ...]",
            2,
        );
    };
    let mut parser = Parser::new(program);
    let prog = match parser.program() {
        Ok(p) => p,
        Err(near) => {
            let open =
                |p: &'static str| parser.toks.iter().filter(|t| **t == Tok::Punct(p)).count();
            return Output::err(
                if parser.peek().is_none() && open("{") > open("}") {
                    format!(
                        "awk: line {}: missing }} near end of file",
                        program.lines().count() + 1
                    )
                } else {
                    format!("awk: line 1: syntax error at or near {near}")
                },
                2,
            );
        }
    };
    let mut text = String::new();
    if files.is_empty() {
        text.push_str(stdin.unwrap_or_default());
    } else {
        for f in files {
            match read(f) {
                Ok(t) => text.push_str(&t),
                Err(_) => {
                    return Output::err(
                        format!("awk: cannot open {f} (No such file or directory)"),
                        2,
                    );
                }
            }
        }
    }
    let fs = fs.map(|f| {
        if f == "t" || f == "\\t" {
            "\t".to_string()
        } else {
            f
        }
    });
    let splitter = match fs.as_deref() {
        None | Some(" ") => Split::Blanks,
        Some(f) if f.chars().count() == 1 => Split::Char(f.chars().next().unwrap_or(' ')),
        Some(f) => match Regex::new(f) {
            Ok(re) => Split::Re(re),
            Err(_) => {
                return Output::err(format!("awk: regular expression compile failed ({f})"), 2);
            }
        },
    };
    let mut run = Run {
        vars: assigns.into_iter().map(|(k, v)| (k, Val::Str(v))).collect(),
        fields: Vec::new(),
        nr: 0,
        out: String::new(),
        splitter,
    };
    for item in prog.iter().filter(|i| matches!(i.pattern, Pattern::Begin)) {
        run.block(&item.action);
    }
    let has_main = prog
        .iter()
        .any(|i| !matches!(i.pattern, Pattern::Begin | Pattern::End));
    if has_main || prog.iter().any(|i| matches!(i.pattern, Pattern::End)) {
        'lines: for line in text.lines() {
            run.nr += 1;
            run.set_record(line);
            for item in &prog {
                let hit = match &item.pattern {
                    Pattern::Begin | Pattern::End => false,
                    Pattern::All => true,
                    Pattern::Expr(e) => run.eval(e).truthy(),
                };
                if hit && run.block(&item.action) == Flow::Next {
                    continue 'lines;
                }
            }
        }
    }
    for item in prog.iter().filter(|i| matches!(i.pattern, Pattern::End)) {
        run.block(&item.action);
    }
    Output::ok(run.out)
}

struct Item {
    pattern: Pattern,
    action: Vec<Stmt>,
}

enum Pattern {
    Begin,
    End,
    All,
    Expr(Expr),
}

enum Stmt {
    Print(Vec<Expr>),
    Printf(Vec<Expr>),
    Expr(Expr),
    Next,
}

#[derive(Clone)]
enum Expr {
    Num(f64),
    Str(String),
    Re(Regex),
    Field(Box<Expr>),
    Var(String),
    Not(Box<Expr>),
    Neg(Box<Expr>),
    Bin(Box<Expr>, Op, Box<Expr>),
    Assign(Box<Expr>, Option<Op>, Box<Expr>),
    /// `x++` / `x--` (the value before).
    Post(Box<Expr>, f64),
    Length(Option<Box<Expr>>),
}

#[derive(Clone, Copy, PartialEq)]
enum Op {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Match,
    NoMatch,
    Concat,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
}

struct Parser {
    toks: Vec<Tok>,
    at: usize,
    /// Expressions open inside one another: a bound keeps a hostile program off the stack.
    depth: usize,
}

/// The deepest nesting of expressions a program may have.
const MAX_DEPTH: usize = 100;

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Num(f64),
    Str(String),
    Re(String),
    Name(String),
    Punct(&'static str),
    Newline,
}

const PUNCT: [&str; 27] = [
    "&&", "||", "==", "!=", "<=", ">=", "!~", "++", "--", "+=", "-=", "{", "}", "(", ")", ";", ",",
    "$", "<", ">", "~", "!", "+", "-", "*", "/", "=",
];

fn describe(t: Option<&Tok>) -> String {
    match t {
        None | Some(Tok::Newline) => "end of line".into(),
        Some(Tok::Num(n)) => fmt_num(*n),
        Some(Tok::Str(s)) => format!("\"{s}\""),
        Some(Tok::Re(r)) => format!("/{r}/"),
        Some(Tok::Name(n)) => n.clone(),
        Some(Tok::Punct(p)) => p.to_string(),
    }
}

impl Parser {
    fn new(src: &str) -> Parser {
        let chars: Vec<char> = src.chars().collect();
        let mut toks = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c == '\n' {
                toks.push(Tok::Newline);
                i += 1;
            } else if c.is_whitespace() {
                i += 1;
            } else if c == '#' {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            } else if c.is_ascii_digit()
                || (c == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit))
            {
                let start = i;
                while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                    i += 1;
                }
                let s: String = chars[start..i].iter().collect();
                toks.push(Tok::Num(s.parse().unwrap_or(0.0)));
            } else if c.is_alphabetic() || c == '_' {
                let start = i;
                while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
                toks.push(Tok::Name(chars[start..i].iter().collect()));
            } else if c == '"' {
                let mut s = String::new();
                i += 1;
                while i < chars.len() && chars[i] != '"' {
                    if chars[i] == '\\' && i + 1 < chars.len() {
                        i += 1;
                        s.push(match chars[i] {
                            'n' => '\n',
                            't' => '\t',
                            o => o,
                        });
                    } else {
                        s.push(chars[i]);
                    }
                    i += 1;
                }
                i += 1;
                toks.push(Tok::Str(s));
            } else if c == '/' && regex_may_start(toks.last()) {
                let mut s = String::new();
                i += 1;
                while i < chars.len() && chars[i] != '/' {
                    if chars[i] == '\\' && chars.get(i + 1) == Some(&'/') {
                        i += 1;
                    }
                    s.push(chars[i]);
                    i += 1;
                }
                i += 1;
                toks.push(Tok::Re(s));
            } else {
                let rest: String = chars[i..chars.len().min(i + 2)].iter().collect();
                match PUNCT.iter().find(|p| rest.starts_with(**p)) {
                    Some(p) => {
                        toks.push(Tok::Punct(p));
                        i += p.len();
                    }
                    None => {
                        toks.push(Tok::Name(c.to_string()));
                        i += 1;
                    }
                }
            }
        }
        Parser {
            toks,
            at: 0,
            depth: 0,
        }
    }

    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.at)
    }

    fn eat(&mut self, p: &str) -> bool {
        if matches!(self.peek(), Some(Tok::Punct(q)) if *q == p) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn fail<T>(&self) -> Result<T, String> {
        Err(describe(self.peek()))
    }

    fn skip_ends(&mut self) {
        while matches!(self.peek(), Some(Tok::Newline) | Some(Tok::Punct(";"))) {
            self.at += 1;
        }
    }

    fn program(&mut self) -> Result<Vec<Item>, String> {
        let mut items = Vec::new();
        self.skip_ends();
        while self.peek().is_some() {
            let pattern = match self.peek() {
                Some(Tok::Name(n)) if n == "BEGIN" => {
                    self.at += 1;
                    Pattern::Begin
                }
                Some(Tok::Name(n)) if n == "END" => {
                    self.at += 1;
                    Pattern::End
                }
                Some(Tok::Punct("{")) => Pattern::All,
                _ => Pattern::Expr(self.expr()?),
            };
            let action = if self.eat("{") {
                let body = self.stmts()?;
                if !self.eat("}") {
                    return self.fail();
                }
                body
            } else if matches!(pattern, Pattern::Begin | Pattern::End) {
                return self.fail();
            } else {
                vec![Stmt::Print(Vec::new())]
            };
            items.push(Item { pattern, action });
            self.skip_ends();
        }
        Ok(items)
    }

    fn stmts(&mut self) -> Result<Vec<Stmt>, String> {
        let mut out = Vec::new();
        loop {
            self.skip_ends();
            match self.peek() {
                Some(Tok::Punct("}")) | None => return Ok(out),
                Some(Tok::Name(n)) if n == "print" || n == "printf" => {
                    let printf = n == "printf";
                    self.at += 1;
                    let mut args = Vec::new();
                    let paren = self.eat("(");
                    if !matches!(
                        self.peek(),
                        Some(Tok::Punct("}" | ";" | ")")) | Some(Tok::Newline) | None
                    ) {
                        args.push(self.expr()?);
                        while self.eat(",") {
                            args.push(self.expr()?);
                        }
                    }
                    if paren && !self.eat(")") {
                        return self.fail();
                    }
                    out.push(if printf {
                        Stmt::Printf(args)
                    } else {
                        Stmt::Print(args)
                    });
                }
                Some(Tok::Name(n)) if n == "next" => {
                    self.at += 1;
                    out.push(Stmt::Next);
                }
                _ => out.push(Stmt::Expr(self.expr()?)),
            }
            if !matches!(
                self.peek(),
                Some(Tok::Punct("}" | ";")) | Some(Tok::Newline) | None
            ) {
                return self.fail();
            }
        }
    }

    fn expr(&mut self) -> Result<Expr, String> {
        self.deeper(Parser::assignment)
    }

    /// `f` one level deeper, within the bound.
    fn deeper(&mut self, f: fn(&mut Parser) -> Result<Expr, String>) -> Result<Expr, String> {
        if self.depth >= MAX_DEPTH {
            return self.fail();
        }
        self.depth += 1;
        let e = f(self);
        self.depth -= 1;
        e
    }

    fn assignment(&mut self) -> Result<Expr, String> {
        let left = self.binary(0)?;
        for (p, op) in [("=", None), ("+=", Some(Op::Add)), ("-=", Some(Op::Sub))] {
            if matches!(left, Expr::Var(_) | Expr::Field(_)) && self.eat(p) {
                let right = self.expr()?;
                return Ok(Expr::Assign(Box::new(left), op, Box::new(right)));
            }
        }
        Ok(left)
    }

    /// Binary operators by precedence: `||`, `&&`, `~ !~`, comparisons, concatenation,
    /// `+ -`, `* / %`.
    fn binary(&mut self, level: usize) -> Result<Expr, String> {
        const LEVELS: [&[(&str, Op)]; 6] = [
            &[("||", Op::Or)],
            &[("&&", Op::And)],
            &[("~", Op::Match), ("!~", Op::NoMatch)],
            &[
                ("==", Op::Eq),
                ("!=", Op::Ne),
                ("<=", Op::Le),
                (">=", Op::Ge),
                ("<", Op::Lt),
                (">", Op::Gt),
            ],
            &[],
            &[("+", Op::Add), ("-", Op::Sub)],
        ];
        if level == 6 {
            return self.product();
        }
        let mut left = self.binary(level + 1)?;
        loop {
            if level == 4 {
                // Concatenation: an expression that starts here.
                if self.starts_operand() {
                    let right = self.binary(level + 1)?;
                    left = Expr::Bin(Box::new(left), Op::Concat, Box::new(right));
                    continue;
                }
                return Ok(left);
            }
            let Some(&(_, op)) = LEVELS[level]
                .iter()
                .find(|(p, _)| matches!(self.peek(), Some(Tok::Punct(q)) if q == p))
            else {
                return Ok(left);
            };
            self.at += 1;
            let right = self.binary(level + 1)?;
            left = Expr::Bin(Box::new(left), op, Box::new(right));
        }
    }

    fn starts_operand(&self) -> bool {
        match self.peek() {
            Some(Tok::Num(_) | Tok::Str(_) | Tok::Re(_)) => true,
            Some(Tok::Name(n)) => !matches!(
                n.as_str(),
                "print" | "printf" | "next" | "BEGIN" | "END" | "in"
            ),
            Some(Tok::Punct(p)) => matches!(*p, "$" | "(" | "!" | "-" | "++" | "--"),
            _ => false,
        }
    }

    fn product(&mut self) -> Result<Expr, String> {
        let mut left = self.unary()?;
        loop {
            let op = if self.eat("*") {
                Op::Mul
            } else if self.eat("/") {
                Op::Div
            } else if matches!(self.peek(), Some(Tok::Name(n)) if n == "%") {
                self.at += 1;
                Op::Mod
            } else {
                return Ok(left);
            };
            let right = self.unary()?;
            left = Expr::Bin(Box::new(left), op, Box::new(right));
        }
    }

    fn unary(&mut self) -> Result<Expr, String> {
        if self.eat("!") {
            return Ok(Expr::Not(Box::new(self.deeper(Parser::unary)?)));
        }
        if self.eat("-") {
            return Ok(Expr::Neg(Box::new(self.deeper(Parser::unary)?)));
        }
        let e = self.primary()?;
        if matches!(e, Expr::Var(_) | Expr::Field(_)) {
            if self.eat("++") {
                return Ok(Expr::Post(Box::new(e), 1.0));
            }
            if self.eat("--") {
                return Ok(Expr::Post(Box::new(e), -1.0));
            }
        }
        Ok(e)
    }

    fn primary(&mut self) -> Result<Expr, String> {
        let Some(t) = self.peek().cloned() else {
            return self.fail();
        };
        self.at += 1;
        Ok(match t {
            Tok::Num(n) => Expr::Num(n),
            Tok::Str(s) => Expr::Str(s),
            Tok::Re(r) => match Regex::new(&r) {
                Ok(re) => Expr::Re(re),
                Err(_) => {
                    self.at -= 1;
                    return self.fail();
                }
            },
            Tok::Punct("$") => Expr::Field(Box::new(self.deeper(Parser::primary)?)),
            Tok::Punct("(") => {
                let e = self.expr()?;
                if !self.eat(")") {
                    return self.fail();
                }
                e
            }
            Tok::Name(n) if n == "length" => {
                if self.eat("(") {
                    if self.eat(")") {
                        Expr::Length(None)
                    } else {
                        let e = self.expr()?;
                        if !self.eat(")") {
                            return self.fail();
                        }
                        Expr::Length(Some(Box::new(e)))
                    }
                } else {
                    Expr::Length(None)
                }
            }
            Tok::Name(n)
                if n.chars()
                    .next()
                    .is_some_and(|c| c.is_alphabetic() || c == '_') =>
            {
                Expr::Var(n)
            }
            _ => {
                self.at -= 1;
                return self.fail();
            }
        })
    }
}

/// Whether a `/` here starts a regular expression (not a division).
fn regex_may_start(prev: Option<&Tok>) -> bool {
    !matches!(
        prev,
        Some(Tok::Num(_) | Tok::Str(_) | Tok::Name(_)) | Some(Tok::Punct(")"))
    )
}

#[derive(Clone, Debug)]
enum Val {
    Num(f64),
    Str(String),
    /// Input (a field): a number if it looks like one, else a string.
    Strnum(String),
}

impl Val {
    fn num(&self) -> f64 {
        match self {
            Val::Num(n) => *n,
            Val::Str(s) | Val::Strnum(s) => leading_number(s),
        }
    }
    fn text(&self) -> String {
        match self {
            Val::Num(n) => fmt_num(*n),
            Val::Str(s) | Val::Strnum(s) => s.clone(),
        }
    }
    fn numeric(&self) -> bool {
        match self {
            Val::Num(_) => true,
            Val::Str(_) => false,
            Val::Strnum(s) => s.trim().parse::<f64>().is_ok(),
        }
    }
    fn truthy(&self) -> bool {
        match self {
            Val::Num(n) => *n != 0.0,
            Val::Str(s) => !s.is_empty(),
            Val::Strnum(s) => {
                if self.numeric() {
                    self.num() != 0.0
                } else {
                    !s.is_empty()
                }
            }
        }
    }
}

/// The number a string starts with (`"3Gi"` is 3), as awk converts.
fn leading_number(s: &str) -> f64 {
    let t = s.trim_start();
    let mut end = 0;
    for (i, c) in t.char_indices() {
        if c.is_ascii_digit() || c == '.' || ((c == '-' || c == '+') && i == 0) {
            end = i + c.len_utf8();
        } else {
            break;
        }
    }
    t[..end].parse().unwrap_or(0.0)
}

/// A number as awk prints it (`%.6g`, integers whole).
fn fmt_num(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e16 {
        format!("{}", n as i64)
    } else {
        let s = format!("{n:.6}");
        let s = s.trim_end_matches('0').trim_end_matches('.');
        s.to_string()
    }
}

enum Split {
    Blanks,
    Char(char),
    Re(Regex),
}

#[derive(PartialEq)]
enum Flow {
    Go,
    Next,
}

struct Run {
    vars: BTreeMap<String, Val>,
    /// `$0`, then the fields.
    fields: Vec<String>,
    nr: usize,
    out: String,
    splitter: Split,
}

impl Run {
    fn set_record(&mut self, line: &str) {
        let mut f = vec![line.to_string()];
        match &self.splitter {
            Split::Blanks => f.extend(line.split_whitespace().map(str::to_string)),
            Split::Char(c) => {
                if !line.is_empty() {
                    f.extend(line.split(*c).map(str::to_string))
                }
            }
            Split::Re(re) => {
                if !line.is_empty() {
                    f.extend(re.split(line).map(str::to_string))
                }
            }
        }
        self.fields = f;
    }

    fn block(&mut self, stmts: &[Stmt]) -> Flow {
        for s in stmts {
            match s {
                Stmt::Next => return Flow::Next,
                Stmt::Expr(e) => {
                    self.eval(e);
                }
                Stmt::Print(args) => {
                    let line = if args.is_empty() {
                        self.fields.first().cloned().unwrap_or_default()
                    } else {
                        args.iter()
                            .map(|a| self.eval(a).text())
                            .collect::<Vec<_>>()
                            .join(" ")
                    };
                    self.out.push_str(&line);
                    self.out.push('\n');
                }
                Stmt::Printf(args) => {
                    let vals: Vec<Val> = args.iter().map(|a| self.eval(a)).collect();
                    if let Some((f, rest)) = vals.split_first() {
                        let text = printf(&f.text(), rest);
                        self.out.push_str(&text);
                    }
                }
            }
        }
        Flow::Go
    }

    fn field(&self, i: f64) -> String {
        self.fields
            .get(i.max(0.0) as usize)
            .cloned()
            .unwrap_or_default()
    }

    fn set(&mut self, target: &Expr, v: Val) {
        match target {
            Expr::Var(n) => {
                self.vars.insert(n.clone(), v);
            }
            Expr::Field(i) => {
                let i = self.eval(i).num().max(0.0) as usize;
                if i == 0 {
                    let line = v.text();
                    self.set_record(&line);
                } else if i < 1_000 {
                    if self.fields.len() <= i {
                        self.fields.resize(i + 1, String::new());
                    }
                    self.fields[i] = v.text();
                    self.fields[0] = self.fields[1..].join(" ");
                }
            }
            _ => {}
        }
    }

    fn eval(&mut self, e: &Expr) -> Val {
        match e {
            Expr::Num(n) => Val::Num(*n),
            Expr::Str(s) => Val::Str(s.clone()),
            Expr::Re(re) => Val::Num(re.is_match(&self.field(0.0)) as u8 as f64),
            Expr::Field(i) => {
                let i = self.eval(i).num();
                Val::Strnum(self.field(i))
            }
            Expr::Var(n) => match n.as_str() {
                "NR" | "FNR" => Val::Num(self.nr as f64),
                "NF" => Val::Num(self.fields.len().saturating_sub(1) as f64),
                _ => self
                    .vars
                    .get(n)
                    .cloned()
                    .unwrap_or(Val::Strnum(String::new())),
            },
            Expr::Not(x) => Val::Num(!self.eval(x).truthy() as u8 as f64),
            Expr::Neg(x) => Val::Num(-self.eval(x).num()),
            Expr::Length(x) => {
                let s = match x {
                    Some(x) => self.eval(x).text(),
                    None => self.field(0.0),
                };
                Val::Num(s.chars().count() as f64)
            }
            Expr::Post(target, d) => {
                let before = self.eval(target).num();
                self.set(target, Val::Num(before + d));
                Val::Num(before)
            }
            Expr::Assign(target, op, value) => {
                let v = self.eval(value);
                let v = match op {
                    Some(op) => Val::Num(arith(*op, self.eval(target).num(), v.num())),
                    None => v,
                };
                self.set(target, v.clone());
                v
            }
            Expr::Bin(l, op, r) => match op {
                Op::Or => Val::Num((self.eval(l).truthy() || self.eval(r).truthy()) as u8 as f64),
                Op::And => Val::Num((self.eval(l).truthy() && self.eval(r).truthy()) as u8 as f64),
                Op::Match | Op::NoMatch => {
                    let s = self.eval(l).text();
                    let hit = match &**r {
                        Expr::Re(re) => re.is_match(&s),
                        other => {
                            let p = self.eval(other).text();
                            Regex::new(&p).is_ok_and(|re| re.is_match(&s))
                        }
                    };
                    Val::Num((hit == (*op == Op::Match)) as u8 as f64)
                }
                Op::Concat => Val::Str(self.eval(l).text() + &self.eval(r).text()),
                Op::Eq | Op::Ne | Op::Lt | Op::Le | Op::Gt | Op::Ge => {
                    let (a, b) = (self.eval(l), self.eval(r));
                    let ord = if a.numeric() && b.numeric() {
                        a.num()
                            .partial_cmp(&b.num())
                            .unwrap_or(std::cmp::Ordering::Equal)
                    } else {
                        a.text().cmp(&b.text())
                    };
                    use std::cmp::Ordering::*;
                    let yes = match op {
                        Op::Eq => ord == Equal,
                        Op::Ne => ord != Equal,
                        Op::Lt => ord == Less,
                        Op::Le => ord != Greater,
                        Op::Gt => ord == Greater,
                        _ => ord != Less,
                    };
                    Val::Num(yes as u8 as f64)
                }
                arith_op => {
                    let (a, b) = (self.eval(l).num(), self.eval(r).num());
                    Val::Num(arith(*arith_op, a, b))
                }
            },
        }
    }
}

fn arith(op: Op, a: f64, b: f64) -> f64 {
    match op {
        Op::Add => a + b,
        Op::Sub => a - b,
        Op::Mul => a * b,
        Op::Div if b != 0.0 => a / b,
        Op::Mod if b != 0.0 => a % b,
        _ => 0.0,
    }
}

/// The widest a `printf` field is padded to.
const MAX_WIDTH: usize = 4096;

/// awk's `printf`: `%s`, `%d`, `%i`, `%f` (with `-`, a width and a precision), `%%`.
fn printf(format: &str, args: &[Val]) -> String {
    let mut out = String::new();
    let mut args = args.iter();
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        if chars.peek() == Some(&'%') {
            chars.next();
            out.push('%');
            continue;
        }
        let mut spec = String::new();
        while let Some(&d) = chars.peek() {
            if d.is_ascii_digit() || d == '-' || d == '.' {
                spec.push(d);
                chars.next();
            } else {
                break;
            }
        }
        let left = spec.starts_with('-');
        let spec = spec.trim_start_matches('-');
        let (width, precision) = match spec.split_once('.') {
            Some((w, p)) => (w.parse::<usize>().unwrap_or(0), p.parse::<usize>().ok()),
            None => (spec.parse::<usize>().unwrap_or(0), None),
        };
        // Bounded: a hostile width must not fill the memory.
        let (width, precision) = (width.min(MAX_WIDTH), precision.map(|p| p.min(MAX_WIDTH)));
        let v = args.next().cloned().unwrap_or(Val::Str(String::new()));
        let text = match chars.next() {
            Some('d' | 'i') => format!("{}", v.num().trunc() as i64),
            Some('f') => format!("{:.*}", precision.unwrap_or(6), v.num()),
            Some('s') => {
                let t = v.text();
                match precision {
                    Some(p) => t.chars().take(p).collect(),
                    None => t,
                }
            }
            Some(other) => format!("%{other}"),
            None => "%".into(),
        };
        let pad = width.saturating_sub(text.chars().count());
        if left {
            out.push_str(&text);
            out.push_str(&" ".repeat(pad));
        } else {
            out.push_str(&" ".repeat(pad));
            out.push_str(&text);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    fn awk(args: &[&str], input: &str) -> String {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        let o = super::awk(&args, &mut |_| Err(String::new()), Some(input));
        o.stdout() + &o.stderr()
    }

    /// What mawk 1.3.4 prints for these (checked on this machine's awk).
    #[test]
    fn cuts_kubectls_tables() {
        let t = "NAME       READY   STATUS    RESTARTS   AGE\nweb-0   1/1     Running   0          5m\nweb-1   0/1     Pending   2          4m\n";
        assert_eq!(awk(&["{print $1}"], t), "NAME\nweb-0\nweb-1\n");
        assert_eq!(awk(&["NR>1 {print $1, $NF}"], t), "web-0 5m\nweb-1 4m\n");
        assert_eq!(
            awk(&["$3==\"Running\""], t),
            "web-0   1/1     Running   0          5m\n"
        );
        assert_eq!(awk(&["/Pend/ {print $1}"], t), "web-1\n");
        assert_eq!(awk(&["NR>1 {n += $4} END {print n}"], t), "2\n");
        assert_eq!(
            awk(&["-F/", "NR==2 {print $2}"], t),
            "1     Running   0          5m\n"
        );
        assert_eq!(
            awk(&["NR>1 {printf \"%-6s|%3d\\n\", $1, $4}"], t),
            "web-0 |  0\nweb-1 |  2\n"
        );
        assert_eq!(awk(&["END {print NR}"], t), "3\n");
        assert_eq!(awk(&["{print $1 \"-\" NR}"], "a\n"), "a-1\n");
        assert_eq!(awk(&["{print ($2 > 9)}"], "x 10\n"), "1\n");
        assert_eq!(
            awk(&["{print $1"], t),
            "awk: line 2: missing } near end of file\n"
        );
        assert_eq!(
            awk(&["{print $1 +}"], t),
            "awk: line 1: syntax error at or near }\n"
        );
        assert_eq!(
            awk(&["BEGIN"], t),
            "awk: line 1: syntax error at or near end of line\n"
        );
        assert_eq!(awk(&["{print $1+0, $1*2}"], "3.10 x\n"), "3.1 6.2\n");
        assert_eq!(awk(&["{ print 1 2 }"], "a\n"), "12\n");
        // A hostile program is refused, not run off the stack.
        let deep = format!("{{print {}1{}}}", "(".repeat(5000), ")".repeat(5000));
        assert!(awk(&[&deep], "a\n").starts_with("awk: line 1: syntax error"));
        let deep = format!("{{print {}1}}", "!-$".repeat(5000));
        assert!(awk(&[&deep], "a\n").starts_with("awk: line 1: syntax error"));
    }
}
