//! `python -c '...'` in a container: the one-liners the course's reports run inside their
//! Python apps' pods to look names up and read the app (`socket.gethostbyname`,
//! `urllib.request.urlopen(...).read().decode()`, `json.load(...)["visits"]`). A small subset
//! of Python 3: statements split by `;` or lines (`import`, `from ... import`, `NAME = EXPR`,
//! expressions),
//! string, f-string and integer literals, names, attributes, calls, subscripts and
//! `[EXPR for _ in range(N)]`, the modules `socket`, `urllib.request`, `json` and `os`. A
//! program outside it gets `None` (the caller then says the playground runs no Python);
//! errors are Python's tracebacks for `python -c`. The app answers as the playground's app
//! does, not as the learner's own code would.

use super::session::Session;
use crate::shell::Output;
use crate::sim::world::Key;
use std::collections::BTreeMap;

/// A Python value of the subset.
#[derive(Clone, Debug, PartialEq)]
enum Val {
    None,
    Bool(bool),
    Int(i64),
    Str(String),
    Bytes(String),
    List(Vec<Val>),
    Tuple(Vec<Val>),
    Dict(Vec<(Val, Val)>),
    /// A module or a function of one, by dotted name (`socket`, `socket.gethostbyname`).
    Ref(String),
    /// What `urlopen` returned: the body, and the bound method asked for (`read`).
    Response(String, Option<String>),
    /// A bound method of a value (`b"..".decode`).
    Method(Box<Val>, String),
}

/// A Python exception: its type and message, as the traceback's last line names them.
struct Raise(String, String);

type R<T> = Result<T, Raise>;

/// Runs `program` as `python -c` would in pod `k`, or `None` when it is outside the subset.
pub fn run(s: &mut Session, k: &Key, program: &str) -> Option<Output> {
    let stmts = split(program)?;
    let mut py = Py {
        s,
        k,
        names: BTreeMap::new(),
        vars: BTreeMap::new(),
        out: String::new(),
    };
    for (line, stmt) in stmts {
        let stmt = stmt.trim();
        if stmt.is_empty() || stmt.starts_with('#') {
            continue;
        }
        let result = if let Some(rest) = stmt.strip_prefix("import ") {
            py.import(rest)
        } else if let Some(rest) = stmt.strip_prefix("from ") {
            py.import_from(rest)
        } else if let Some((name, value)) = assignment(stmt) {
            let mut p = Parser::new(value);
            let e = p.expr()?;
            p.end()?;
            py.eval(&e).map(|v| {
                py.vars.insert(name.to_string(), v);
            })
        } else {
            let mut p = Parser::new(stmt);
            let e = p.expr()?;
            p.end()?;
            py.eval(&e).map(|_| ())
        };
        // A module outside the subset (`requests`, the app's own): not simulated.
        if matches!(&result, Err(Raise(ty, _)) if ty == "ModuleNotFoundError") {
            return None;
        }
        if let Err(Raise(ty, msg)) = result {
            let mut o = Output::ok(std::mem::take(&mut py.out));
            let text = if msg.is_empty() {
                ty
            } else {
                format!("{ty}: {msg}")
            };
            o.eprint(&format!(
                "Traceback (most recent call last):\n  File \"<string>\", line {line}, in <module>\n{text}\n"
            ));
            o.code = 1;
            return Some(o);
        }
    }
    Some(Output::ok(py.out))
}

/// `NAME = EXPR` (not `==`): the name and the expression's text.
fn assignment(stmt: &str) -> Option<(&str, &str)> {
    let (name, value) = stmt.split_once('=')?;
    let name = name.trim();
    let ident = !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    (ident && !value.starts_with('=')).then_some((name, value))
}

/// The program's statements with their line numbers: lines, then `;` outside strings and
/// brackets. `None` for a block (`for`, `if`, `def`...), which the subset has not.
fn split(program: &str) -> Option<Vec<(usize, String)>> {
    let mut out = Vec::new();
    for (i, line) in program.lines().enumerate() {
        if line.starts_with([' ', '\t']) && !line.trim().is_empty() {
            return None;
        }
        let (mut cur, mut quote, mut depth) = (String::new(), None, 0i32);
        for c in line.chars() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '\'' | '"') => quote = Some(c),
                (None, '(' | '[' | '{') => depth += 1,
                (None, ')' | ']' | '}') => depth -= 1,
                (None, ';') if depth == 0 => {
                    out.push((i + 1, std::mem::take(&mut cur)));
                    continue;
                }
                _ => {}
            }
            cur.push(c);
        }
        let head = cur.trim_start();
        if ["for ", "if ", "while ", "def ", "with ", "try", "class "]
            .iter()
            .any(|k| head.starts_with(k))
        {
            return None;
        }
        out.push((i + 1, cur));
    }
    Some(out)
}

#[derive(Debug, Clone)]
enum Expr {
    Lit(Val),
    Name(String),
    Attr(Box<Expr>, String),
    Call(Box<Expr>, Vec<Expr>),
    Index(Box<Expr>, Box<Expr>),
    ListOf(Vec<Expr>),
    /// `[EXPR for _ in range(N)]`.
    Repeat(Box<Expr>, Box<Expr>),
    /// An f-string: its text and `{EXPR}` parts in order.
    Format(Vec<Part>),
}

#[derive(Debug, Clone)]
enum Part {
    Text(String),
    Value(Expr),
}

struct Parser<'a> {
    src: &'a [u8],
    at: usize,
    /// Expressions open inside one another (`[[[...`), bounded.
    depth: usize,
}

impl<'a> Parser<'a> {
    fn new(src: &'a str) -> Parser<'a> {
        Parser {
            src: src.as_bytes(),
            at: 0,
            depth: 0,
        }
    }
    fn skip(&mut self) {
        while self
            .src
            .get(self.at)
            .is_some_and(|c| *c == b' ' || *c == b'\t')
        {
            self.at += 1;
        }
    }
    fn eat(&mut self, c: u8) -> bool {
        self.skip();
        if self.src.get(self.at) == Some(&c) {
            self.at += 1;
            true
        } else {
            false
        }
    }
    fn word(&mut self) -> Option<String> {
        self.skip();
        let start = self.at;
        while self
            .src
            .get(self.at)
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
        {
            self.at += 1;
        }
        (self.at > start && !self.src[start].is_ascii_digit())
            .then(|| String::from_utf8_lossy(&self.src[start..self.at]).into_owned())
    }
    fn end(&mut self) -> Option<()> {
        self.skip();
        (self.at == self.src.len()).then_some(())
    }
    fn expr(&mut self) -> Option<Expr> {
        self.depth += 1;
        let e = if self.depth > 64 {
            None
        } else {
            self.postfix()
        };
        self.depth -= 1;
        e
    }
    fn postfix(&mut self) -> Option<Expr> {
        let mut e = self.atom()?;
        loop {
            if self.eat(b'.') {
                e = Expr::Attr(Box::new(e), self.word()?);
            } else if self.eat(b'(') {
                let mut args = Vec::new();
                if !self.eat(b')') {
                    loop {
                        // Keyword arguments (`timeout=5`) change nothing here.
                        let save = self.at;
                        if self.word().is_some() && self.eat(b'=') && !self.eat(b'=') {
                            self.expr()?;
                        } else {
                            self.at = save;
                            args.push(self.expr()?);
                        }
                        if self.eat(b')') {
                            break;
                        }
                        if !self.eat(b',') {
                            return None;
                        }
                        if self.eat(b')') {
                            break;
                        }
                    }
                }
                e = Expr::Call(Box::new(e), args);
            } else if self.eat(b'[') {
                let i = self.expr()?;
                if !self.eat(b']') {
                    return None;
                }
                e = Expr::Index(Box::new(e), Box::new(i));
            } else {
                return Some(e);
            }
        }
    }
    fn atom(&mut self) -> Option<Expr> {
        self.skip();
        let c = *self.src.get(self.at)?;
        match c {
            b'\'' | b'"' => self.string(false).map(|s| Expr::Lit(Val::Str(s))),
            b'b' if matches!(self.src.get(self.at + 1), Some(b'\'' | b'"')) => {
                self.at += 1;
                self.string(false).map(|s| Expr::Lit(Val::Bytes(s)))
            }
            b'f' if matches!(self.src.get(self.at + 1), Some(b'\'' | b'"')) => {
                self.at += 1;
                let text = self.string(false)?;
                self.format(&text)
            }
            b'0'..=b'9' => {
                let start = self.at;
                while self.src.get(self.at).is_some_and(u8::is_ascii_digit) {
                    self.at += 1;
                }
                let n = std::str::from_utf8(&self.src[start..self.at]).ok()?;
                Some(Expr::Lit(Val::Int(n.parse().ok()?)))
            }
            b'[' => {
                self.at += 1;
                if self.eat(b']') {
                    return Some(Expr::ListOf(Vec::new()));
                }
                let first = self.expr()?;
                let save = self.at;
                if self.word().as_deref() == Some("for") {
                    // `[EXPR for _ in range(N)]`.
                    self.word()?;
                    if self.word().as_deref() != Some("in")
                        || self.word().as_deref() != Some("range")
                    {
                        return None;
                    }
                    if !self.eat(b'(') {
                        return None;
                    }
                    let n = self.expr()?;
                    if !self.eat(b')') || !self.eat(b']') {
                        return None;
                    }
                    return Some(Expr::Repeat(Box::new(first), Box::new(n)));
                }
                self.at = save;
                let mut items = vec![first];
                while self.eat(b',') {
                    if self.eat(b']') {
                        return Some(Expr::ListOf(items));
                    }
                    items.push(self.expr()?);
                }
                self.eat(b']').then_some(Expr::ListOf(items))
            }
            _ => match self.word()?.as_str() {
                "None" => Some(Expr::Lit(Val::None)),
                "True" => Some(Expr::Lit(Val::Bool(true))),
                "False" => Some(Expr::Lit(Val::Bool(false))),
                w => Some(Expr::Name(w.to_string())),
            },
        }
    }
    /// An f-string's parts: `{{` and `}}` are braces, `{EXPR}` a value (no format specs or
    /// conversions: those are outside the subset).
    fn format(&mut self, text: &str) -> Option<Expr> {
        let mut parts = Vec::new();
        let mut lit = String::new();
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            match c {
                '{' if chars.peek().map(|p| p.1) == Some('{') => {
                    chars.next();
                    lit.push('{');
                }
                '}' if chars.peek().map(|p| p.1) == Some('}') => {
                    chars.next();
                    lit.push('}');
                }
                '{' => {
                    let close = text[i..].find('}')? + i;
                    let inner = &text[i + 1..close];
                    if inner.contains([':', '!', '{']) {
                        return None;
                    }
                    let mut p = Parser {
                        src: inner.as_bytes(),
                        at: 0,
                        depth: self.depth + 1,
                    };
                    let e = p.expr()?;
                    p.end()?;
                    if !lit.is_empty() {
                        parts.push(Part::Text(std::mem::take(&mut lit)));
                    }
                    parts.push(Part::Value(e));
                    while chars.peek().is_some_and(|p| p.0 <= close) {
                        chars.next();
                    }
                }
                '}' => return None,
                c => lit.push(c),
            }
        }
        if !lit.is_empty() {
            parts.push(Part::Text(lit));
        }
        Some(Expr::Format(parts))
    }

    /// A quoted string at the cursor, with Python's simple escapes.
    fn string(&mut self, _raw: bool) -> Option<String> {
        let q = self.src[self.at];
        self.at += 1;
        let mut out = Vec::new();
        loop {
            let c = *self.src.get(self.at)?;
            self.at += 1;
            match c {
                c if c == q => break,
                b'\\' => {
                    let e = *self.src.get(self.at)?;
                    self.at += 1;
                    out.push(match e {
                        b'n' => b'\n',
                        b't' => b'\t',
                        other => other,
                    });
                }
                c => out.push(c),
            }
        }
        String::from_utf8(out).ok()
    }
}

struct Py<'a> {
    s: &'a mut Session,
    k: &'a Key,
    /// Names bound by imports, to the dotted name they stand for.
    names: BTreeMap<String, String>,
    /// Names bound by assignments (`url = "http://..."`).
    vars: BTreeMap<String, Val>,
    out: String,
}

const MODULES: [&str; 5] = ["socket", "urllib", "urllib.request", "json", "os"];

impl Py<'_> {
    fn import(&mut self, rest: &str) -> R<()> {
        for part in rest.split(',') {
            let words: Vec<&str> = part.split_whitespace().collect();
            let (module, alias) = match words.as_slice() {
                [m] => (*m, m.split('.').next().unwrap_or(m)),
                [m, "as", a] => (*m, *a),
                _ => return Err(Raise("SyntaxError".into(), "invalid syntax".into())),
            };
            self.module(module)?;
            let bound = if words.len() == 1 {
                alias.to_string()
            } else {
                module.to_string()
            };
            self.names.insert(alias.to_string(), bound);
        }
        Ok(())
    }
    fn import_from(&mut self, rest: &str) -> R<()> {
        let Some((module, names)) = rest.split_once(" import ") else {
            return Err(Raise("SyntaxError".into(), "invalid syntax".into()));
        };
        let module = module.trim();
        self.module(module)?;
        for part in names.split(',') {
            let words: Vec<&str> = part.split_whitespace().collect();
            let (name, alias) = match words.as_slice() {
                [n] => (*n, *n),
                [n, "as", a] => (*n, *a),
                _ => return Err(Raise("SyntaxError".into(), "invalid syntax".into())),
            };
            self.names
                .insert(alias.to_string(), format!("{module}.{name}"));
        }
        Ok(())
    }
    fn module(&self, m: &str) -> R<()> {
        if MODULES.contains(&m) {
            Ok(())
        } else {
            Err(Raise(
                "ModuleNotFoundError".into(),
                format!("No module named '{m}'"),
            ))
        }
    }

    fn eval(&mut self, e: &Expr) -> R<Val> {
        match e {
            Expr::Lit(v) => Ok(v.clone()),
            Expr::Name(n) if self.vars.contains_key(n) => Ok(self.vars[n].clone()),
            Expr::Name(n) => match (n.as_str(), self.names.get(n)) {
                (_, Some(full)) => Ok(Val::Ref(full.clone())),
                ("print" | "str" | "len" | "range", None) => Ok(Val::Ref(n.clone())),
                _ => Err(Raise(
                    "NameError".into(),
                    format!("name '{n}' is not defined"),
                )),
            },
            Expr::Attr(base, name) => match self.eval(base)? {
                Val::Ref(m) => Ok(Val::Ref(format!("{m}.{name}"))),
                Val::Response(body, _) => Ok(Val::Response(body, Some(name.clone()))),
                v => Ok(Val::Method(Box::new(v), name.clone())),
            },
            Expr::Index(base, i) => {
                let (b, i) = (self.eval(base)?, self.eval(i)?);
                index(&b, &i)
            }
            Expr::ListOf(items) => Ok(Val::List(
                items.iter().map(|x| self.eval(x)).collect::<R<_>>()?,
            )),
            Expr::Repeat(item, n) => {
                let Val::Int(n) = self.eval(n)? else {
                    return Err(Raise(
                        "TypeError".into(),
                        "'str' object cannot be interpreted as an integer".into(),
                    ));
                };
                let mut v = Vec::new();
                for _ in 0..n.clamp(0, 1000) {
                    v.push(self.eval(item)?);
                }
                Ok(Val::List(v))
            }
            Expr::Format(parts) => {
                let mut out = String::new();
                for p in parts {
                    match p {
                        Part::Text(t) => out.push_str(t),
                        Part::Value(e) => out.push_str(&show(&self.eval(e)?)),
                    }
                }
                Ok(Val::Str(out))
            }
            Expr::Call(f, args) => {
                let f = self.eval(f)?;
                let args: Vec<Val> = args.iter().map(|a| self.eval(a)).collect::<R<_>>()?;
                self.call(f, args)
            }
        }
    }

    fn call(&mut self, f: Val, args: Vec<Val>) -> R<Val> {
        let arg = |i: usize| args.get(i).cloned().unwrap_or(Val::None);
        let text = |v: &Val| match v {
            Val::Str(s) => Some(s.clone()),
            _ => None,
        };
        match f {
            Val::Ref(name) => match name.as_str() {
                "print" => {
                    let line: Vec<String> = args.iter().map(show).collect();
                    self.out.push_str(&line.join(" "));
                    self.out.push('\n');
                    Ok(Val::None)
                }
                "str" => Ok(Val::Str(show(&arg(0)))),
                "len" => match arg(0) {
                    Val::Str(s) | Val::Bytes(s) => Ok(Val::Int(s.chars().count() as i64)),
                    Val::List(v) | Val::Tuple(v) => Ok(Val::Int(v.len() as i64)),
                    Val::Dict(v) => Ok(Val::Int(v.len() as i64)),
                    _ => Err(Raise("TypeError".into(), "object has no len()".into())),
                },
                "socket.gethostname" => Ok(Val::Str(self.pod_hostname())),
                "socket.getfqdn" => Ok(Val::Str(self.pod_fqdn())),
                "socket.gethostbyname" | "socket.gethostbyname_ex" => {
                    let host = text(&arg(0)).ok_or_else(|| {
                        Raise(
                            "TypeError".into(),
                            "gethostbyname() argument 1 must be str".into(),
                        )
                    })?;
                    let (canonical, ips) = self.resolve(&host)?;
                    if name.ends_with("_ex") {
                        Ok(Val::Tuple(vec![
                            Val::Str(canonical),
                            Val::List(Vec::new()),
                            Val::List(ips.into_iter().map(Val::Str).collect()),
                        ]))
                    } else {
                        Ok(Val::Str(ips.into_iter().next().unwrap_or_default()))
                    }
                }
                "urllib.request.urlopen" => {
                    let url = text(&arg(0)).ok_or_else(|| {
                        Raise(
                            "AttributeError".into(),
                            "'int' object has no attribute 'timeout'".into(),
                        )
                    })?;
                    self.urlopen(&url)
                }
                "json.load" => match arg(0) {
                    Val::Response(body, _) => json(&body),
                    _ => Err(Raise(
                        "AttributeError".into(),
                        "object has no attribute 'read'".into(),
                    )),
                },
                "json.loads" => match arg(0) {
                    Val::Str(s) | Val::Bytes(s) => json(&s),
                    _ => Err(Raise(
                        "TypeError".into(),
                        "the JSON object must be str, bytes or bytearray".into(),
                    )),
                },
                "json.dumps" => Ok(Val::Str(dumps(&arg(0)))),
                "os.getenv" => Ok(text(&arg(0))
                    .and_then(|n| self.env(&n))
                    .map_or(Val::None, Val::Str)),
                other => Err(Raise(
                    "AttributeError".into(),
                    format!(
                        "module has no attribute '{}'",
                        other.rsplit('.').next().unwrap_or(other)
                    ),
                )),
            },
            Val::Response(body, Some(m)) => match m.as_str() {
                "read" => Ok(Val::Bytes(body)),
                "getcode" => Ok(Val::Int(200)),
                _ => Err(Raise(
                    "AttributeError".into(),
                    format!("'HTTPResponse' object has no attribute '{m}'"),
                )),
            },
            Val::Method(v, m) => match (*v, m.as_str()) {
                (Val::Bytes(b), "decode") => Ok(Val::Str(b)),
                (Val::Str(s), "encode") => Ok(Val::Bytes(s)),
                (Val::Str(s), "strip") => Ok(Val::Str(s.trim().to_string())),
                (Val::Bytes(s), "strip") => Ok(Val::Bytes(s.trim().to_string())),
                (Val::Str(s), "upper") => Ok(Val::Str(s.to_uppercase())),
                (Val::Dict(d), "get") => Ok(d
                    .iter()
                    .find(|(k, _)| *k == arg(0))
                    .map_or_else(|| arg(1), |(_, v)| v.clone())),
                (v, m) => Err(Raise(
                    "AttributeError".into(),
                    format!("'{}' object has no attribute '{m}'", type_name(&v)),
                )),
            },
            v => Err(Raise(
                "TypeError".into(),
                format!("'{}' object is not callable", type_name(&v)),
            )),
        }
    }

    fn pod_hostname(&self) -> String {
        self.s
            .sim
            .world
            .pods
            .get(self.k)
            .map_or_else(String::new, |p| p.hostname.clone())
    }
    fn pod_fqdn(&self) -> String {
        let w = &self.s.sim.world;
        w.pods
            .get(self.k)
            .map_or_else(String::new, |p| p.host_fqdn(&w.cluster_domain))
    }
    fn env(&self, name: &str) -> Option<String> {
        super::container::env_of(self.s, self.k, 0)
            .into_iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
    }

    /// `getaddrinfo` for IPv4: the pod's own names from its hosts file, else DNS with the
    /// search list.
    fn resolve(&self, host: &str) -> R<(String, Vec<String>)> {
        let w = &self.s.sim.world;
        let gaierror = || {
            Raise(
                "socket.gaierror".into(),
                "[Errno -2] Name or service not known".into(),
            )
        };
        let p = w.pods.get(self.k).ok_or_else(gaierror)?;
        if host == "localhost" {
            return Ok(("localhost".into(), vec!["127.0.0.1".into()]));
        }
        if host == p.hostname || host == p.host_fqdn(&w.cluster_domain) {
            return Ok((
                p.host_fqdn(&w.cluster_domain),
                vec![p.ip.clone().unwrap_or_default()],
            ));
        }
        if host.split('.').count() == 4 && host.split('.').all(|o| o.parse::<u8>().is_ok()) {
            return Ok((host.into(), vec![host.into()]));
        }
        let (canonical, records) = w.lookup(&p.ns, host).ok_or_else(gaierror)?;
        Ok((canonical, records.into_iter().map(|(ip, _)| ip).collect()))
    }

    fn urlopen(&mut self, url: &str) -> R<Val> {
        if !url.starts_with("http://") {
            return Err(Raise(
                "ValueError".into(),
                format!("unknown url type: '{url}'"),
            ));
        }
        let ns = self
            .s
            .sim
            .world
            .pods
            .get(self.k)
            .map_or_else(String::new, |p| p.ns.clone());
        let out = super::net::http_from_pod(
            self.s,
            &ns,
            &[url.to_string()],
            "curl",
            Some(self.k.clone()),
        );
        match out.code {
            0 => Ok(Val::Response(out.stdout(), None)),
            6 => Err(Raise(
                "urllib.error.URLError".into(),
                "<urlopen error [Errno -2] Name or service not known>".into(),
            )),
            _ => Err(Raise(
                "urllib.error.URLError".into(),
                "<urlopen error [Errno 111] Connection refused>".into(),
            )),
        }
    }
}

fn index(b: &Val, i: &Val) -> R<Val> {
    match (b, i) {
        (Val::Dict(d), k) => d
            .iter()
            .find(|(x, _)| x == k)
            .map(|(_, v)| v.clone())
            .ok_or_else(|| Raise("KeyError".into(), show_repr(k))),
        (Val::List(v) | Val::Tuple(v), Val::Int(n)) => {
            let n = if *n < 0 { v.len() as i64 + n } else { *n };
            v.get(n as usize).cloned().ok_or_else(|| {
                Raise(
                    "IndexError".into(),
                    format!("{} index out of range", type_name(b)),
                )
            })
        }
        _ => Err(Raise(
            "TypeError".into(),
            format!("'{}' object is not subscriptable", type_name(b)),
        )),
    }
}

fn type_name(v: &Val) -> &'static str {
    match v {
        Val::None => "NoneType",
        Val::Bool(_) => "bool",
        Val::Int(_) => "int",
        Val::Str(_) => "str",
        Val::Bytes(_) => "bytes",
        Val::List(_) => "list",
        Val::Tuple(_) => "tuple",
        Val::Dict(_) => "dict",
        Val::Ref(_) => "module",
        Val::Response(..) => "HTTPResponse",
        Val::Method(..) => "builtin_function_or_method",
    }
}

/// `str(v)`, as `print` writes it.
fn show(v: &Val) -> String {
    match v {
        Val::Str(s) => s.clone(),
        other => show_repr(other),
    }
}

/// `repr(v)`.
fn show_repr(v: &Val) -> String {
    let quote = |s: &str, prefix: &str| {
        let q = if s.contains('\'') && !s.contains('"') {
            '"'
        } else {
            '\''
        };
        let body: String = s
            .chars()
            .map(|c| match c {
                '\n' => "\\n".to_string(),
                '\t' => "\\t".to_string(),
                '\\' => "\\\\".to_string(),
                c if c == q => format!("\\{c}"),
                c => c.to_string(),
            })
            .collect();
        format!("{prefix}{q}{body}{q}")
    };
    let items = |v: &[Val]| v.iter().map(show_repr).collect::<Vec<_>>().join(", ");
    match v {
        Val::None => "None".into(),
        Val::Bool(b) => if *b { "True" } else { "False" }.into(),
        Val::Int(n) => n.to_string(),
        Val::Str(s) => quote(s, ""),
        Val::Bytes(s) => quote(s, "b"),
        Val::List(v) => format!("[{}]", items(v)),
        Val::Tuple(v) if v.len() == 1 => format!("({},)", items(v)),
        Val::Tuple(v) => format!("({})", items(v)),
        Val::Dict(d) => format!(
            "{{{}}}",
            d.iter()
                .map(|(k, v)| format!("{}: {}", show_repr(k), show_repr(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Val::Ref(m) => format!("<module '{m}'>"),
        Val::Response(..) => "<http.client.HTTPResponse object>".into(),
        Val::Method(_, m) => format!("<built-in method {m}>"),
    }
}

/// `json.loads`: JSON as Python values.
fn json(text: &str) -> R<Val> {
    fn conv(v: &serde_json::Value) -> Val {
        match v {
            serde_json::Value::Null => Val::None,
            serde_json::Value::Bool(b) => Val::Bool(*b),
            serde_json::Value::Number(n) => {
                n.as_i64().map_or_else(|| Val::Str(n.to_string()), Val::Int)
            }
            serde_json::Value::String(s) => Val::Str(s.clone()),
            serde_json::Value::Array(a) => Val::List(a.iter().map(conv).collect()),
            serde_json::Value::Object(o) => Val::Dict(
                o.iter()
                    .map(|(k, v)| (Val::Str(k.clone()), conv(v)))
                    .collect(),
            ),
        }
    }
    serde_json::from_str::<serde_json::Value>(text)
        .map(|v| conv(&v))
        .map_err(|_| {
            Raise(
                "json.decoder.JSONDecodeError".into(),
                "Expecting value: line 1 column 1 (char 0)".into(),
            )
        })
}

/// `json.dumps` with its default separators.
fn dumps(v: &Val) -> String {
    match v {
        Val::None => "null".into(),
        Val::Bool(b) => b.to_string(),
        Val::Int(n) => n.to_string(),
        Val::Str(s) | Val::Bytes(s) => serde_json::Value::String(s.clone()).to_string(),
        Val::List(v) | Val::Tuple(v) => {
            format!("[{}]", v.iter().map(dumps).collect::<Vec<_>>().join(", "))
        }
        Val::Dict(d) => format!(
            "{{{}}}",
            d.iter()
                .map(|(k, v)| format!("{}: {}", dumps(k), dumps(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        other => show_repr(other),
    }
}
