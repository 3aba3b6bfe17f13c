//! Runs a [`List`] against a [`Host`], the machine whose commands it calls: the terminal (the
//! user's laptop with kubectl, helm and minikube) or a container (its image's tools). The
//! interpreter owns what every shell does alike: expansions and field splitting, pipes
//! (each stage's standard output is the next one's input), redirections, `&&`/`||`, `&`,
//! `for` loops, `$?`, and the built-ins `echo`, `export`, `unset`, `exit`, `true`, `false`.
//! Output keeps the order commands wrote it in, both streams interleaved.

use super::output::{Output, Stream};
use super::parse::Dialect;
use super::syntax::{
    AndOr, Command, Connector, For, Item, List, Part, Pipeline, Redirect, RedirectOp, Simple, Word,
};
use std::collections::BTreeMap;

/// Shell variables (and `?`, the last exit status).
pub type Vars = BTreeMap<String, String>;

/// Simple commands one line may run (a loop over a huge list ends with an error).
pub const MAX_COMMANDS: usize = 20_000;

/// The machine a shell runs on.
pub trait Host {
    /// Whose syntax errors and messages the shell prints.
    fn dialect(&self) -> Dialect;
    /// Runs one command, its words expanded, with what was piped or redirected into it.
    fn command(&mut self, argv: &[String], stdin: Option<&str>) -> Output;
    /// A variable of the environment the shell started in (`$HOSTNAME` in a container).
    fn env(&self, _name: &str) -> Option<String> {
        None
    }
    /// The shell's variables, as the environment of the command it runs next.
    fn environment(&mut self, _vars: &Vars) {}
    /// `cd PATH`: the error is what the shell prints.
    fn chdir(&mut self, path: &str) -> Result<(), String> {
        Err(format!(
            "{}: cd: this shell stays in its working directory ({path})",
            shell_name(self.dialect())
        ))
    }
    /// Writes (or, with `append`, appends) to a file: `>` and `>>`. The error is the
    /// message the shell prints (`sh: can't create /x: Read-only file system`).
    fn write_file(&mut self, path: &str, text: &str, append: bool) -> Result<(), String>;
    /// Reads a file for `<`.
    fn read_file(&mut self, path: &str) -> Result<String, String>;
    /// A job starts in the background (`cmd &`): the notice the shell prints, if any. Until
    /// [`Host::end_job`], commands run as that job.
    fn start_job(&mut self) -> String {
        String::new()
    }
    fn end_job(&mut self) {}
}

/// Runs `list` on `host` with the shell variables `vars`.
pub fn run(list: &List, host: &mut dyn Host, vars: &mut Vars) -> Output {
    let mut sh = Shell {
        host,
        vars,
        budget: MAX_COMMANDS,
        exit: None,
        left: false,
        evals: 0,
    };
    let mut out = Output::default();
    sh.list(list, &mut out);
    out.exited = sh.left;
    out
}

struct Shell<'a> {
    host: &'a mut dyn Host,
    vars: &'a mut Vars,
    budget: usize,
    /// `exit N` ran, or the budget ran out: stop here.
    exit: Option<i32>,
    /// It was `exit` (an interactive shell then ends).
    left: bool,
    /// `eval`s running inside one another.
    evals: usize,
}

/// `eval` inside `eval` this deep is refused (a line that evaluates itself).
const MAX_EVAL_DEPTH: usize = 64;

/// Where a descriptor's writes go.
#[derive(Clone, Debug, PartialEq)]
enum Sink {
    Terminal(Stream),
    File(String),
    Null,
}

impl Shell<'_> {
    fn status(&self) -> i32 {
        self.vars.get("?").and_then(|s| s.parse().ok()).unwrap_or(0)
    }

    fn set_status(&mut self, code: i32) {
        self.vars.insert("?".into(), code.to_string());
    }

    fn list(&mut self, list: &List, out: &mut Output) {
        for Item { and_or, background } in &list.items {
            if self.exit.is_some() {
                break;
            }
            if *background {
                let notice = self.host.start_job();
                out.eprint(&notice);
                let o = self.and_or(and_or);
                self.host.end_job();
                out.append(o);
                out.code = 0;
                self.set_status(0);
            } else {
                let o = self.and_or(and_or);
                out.append(o);
            }
        }
        if let Some(code) = self.exit {
            out.code = code;
        }
    }

    fn and_or(&mut self, and_or: &AndOr) -> Output {
        let mut out = self.pipeline(&and_or.first);
        for (connector, pipeline) in &and_or.rest {
            if self.exit.is_some() {
                break;
            }
            let go = match connector {
                Connector::And => out.code == 0,
                Connector::Or => out.code != 0,
            };
            if go {
                let o = self.pipeline(pipeline);
                out.append(o);
            }
        }
        out
    }

    fn pipeline(&mut self, p: &Pipeline) -> Output {
        let mut out = Output::default();
        let mut input: Option<String> = None;
        let last = p.commands.len().saturating_sub(1);
        for (i, c) in p.commands.iter().enumerate() {
            if self.exit.is_some() {
                break;
            }
            let mut o = self.command(c, input.take());
            if i < last {
                // What went to standard output feeds the next stage; the rest shows now.
                input = Some(o.take_stdout());
                out.append(o);
            } else {
                out.append(o);
            }
        }
        if p.negated {
            out.code = i32::from(out.code == 0);
        }
        self.set_status(out.code);
        out
    }

    fn command(&mut self, c: &Command, stdin: Option<String>) -> Output {
        match c {
            Command::Simple(s) => self.simple(s, stdin),
            Command::For(f) => self.for_loop(f, stdin),
        }
    }

    fn for_loop(&mut self, f: &For, _stdin: Option<String>) -> Output {
        let mut out = Output::default();
        let words = match &f.words {
            Some(words) => {
                let mut fields = Vec::new();
                for w in words {
                    fields.extend(self.expand(w, &mut out));
                }
                fields
            }
            None => Vec::new(),
        };
        let mut body = Output::default();
        for value in words {
            if self.exit.is_some() {
                break;
            }
            self.vars.insert(f.var.clone(), value);
            self.list(&f.body, &mut body);
        }
        // The loop's status is its last command's (0 when the body never ran).
        let code = body.code;
        match self.redirected(&f.redirects, body, &mut out) {
            Ok(o) => out.append(o),
            Err(code) => {
                out.code = code;
                return out;
            }
        }
        out.code = code;
        out
    }

    fn simple(&mut self, s: &Simple, stdin: Option<String>) -> Output {
        let mut out = Output::default();
        if self.budget == 0 {
            out.eprintln(&format!(
                "{}: this terminal runs at most {MAX_COMMANDS} commands per line",
                shell_name(self.host.dialect())
            ));
            out.code = 1;
            self.exit = Some(1);
            return out;
        }
        self.budget -= 1;
        let mut argv = Vec::new();
        for w in &s.words {
            argv.extend(self.expand(w, &mut out));
        }
        let assigned: Vec<(String, String)> = s
            .assignments
            .iter()
            .map(|(n, w)| (n.clone(), self.expand_joined(w, &mut out)))
            .collect();
        if argv.is_empty() {
            // `NAME=value` alone sets a variable; the status is that of the last `$(...)`.
            for (n, v) in assigned {
                self.vars.insert(n, v);
            }
            match self.redirected(&s.redirects, Output::default(), &mut out) {
                Ok(o) => out.append(o),
                Err(code) => out.code = code,
            }
            return out;
        }
        // `NAME=value cmd`: the variable holds for this command only.
        let saved: Vec<(String, Option<String>)> = assigned
            .iter()
            .map(|(n, v)| (n.clone(), self.vars.insert(n.clone(), v.clone())))
            .collect();
        let mut stdin = stdin;
        for r in s
            .redirects
            .iter()
            .filter(|r| matches!(r.op, RedirectOp::Read | RedirectOp::HereDoc))
        {
            if r.op == RedirectOp::HereDoc {
                stdin = Some(self.expand_joined(&r.target, &mut out));
                continue;
            }
            let path = self.expand_joined(&r.target, &mut out);
            match self.host.read_file(&path) {
                Ok(t) => stdin = Some(t),
                Err(e) => {
                    out.eprintln(&e);
                    out.code = 1;
                    self.restore(saved);
                    return out;
                }
            }
        }
        let ran = self.builtin(&argv, stdin.as_deref());
        let ran = match ran {
            Some(o) => o,
            None => {
                self.host.environment(self.vars);
                self.host.command(&argv, stdin.as_deref())
            }
        };
        self.restore(saved);
        match self.redirected(&s.redirects, ran, &mut out) {
            Ok(o) => out.append(o),
            Err(code) => out.code = code,
        }
        out
    }

    fn restore(&mut self, saved: Vec<(String, Option<String>)>) {
        for (n, old) in saved.into_iter().rev() {
            match old {
                Some(v) => self.vars.insert(n, v),
                None => self.vars.remove(&n),
            };
        }
    }

    /// Routes a command's output through its redirections (left to right, as a shell opens
    /// them). Files are opened (truncated) before the output is written; an error opening one
    /// is printed to `out` and ends the command with status 1.
    fn redirected(
        &mut self,
        redirects: &[Redirect],
        ran: Output,
        out: &mut Output,
    ) -> Result<Output, i32> {
        let writes: Vec<&Redirect> = redirects
            .iter()
            .filter(|r| !matches!(r.op, RedirectOp::Read | RedirectOp::HereDoc))
            .collect();
        if writes.is_empty() {
            return Ok(ran);
        }
        let mut fd1 = Sink::Terminal(Stream::Out);
        let mut fd2 = Sink::Terminal(Stream::Err);
        for r in writes {
            let target = self.expand_joined(&r.target, out);
            let sink = match r.op {
                RedirectOp::Dup => match target.as_str() {
                    "1" => fd1.clone(),
                    "2" => fd2.clone(),
                    "-" => Sink::Null,
                    _ => {
                        out.eprintln(&format!(
                            "{}: {target}: ambiguous redirect",
                            shell_name(self.host.dialect())
                        ));
                        return Err(1);
                    }
                },
                _ if target == "/dev/null" => Sink::Null,
                RedirectOp::Write | RedirectOp::WriteBoth | RedirectOp::Append => {
                    let append = r.op == RedirectOp::Append;
                    if let Err(e) = self.host.write_file(&target, "", append) {
                        out.eprintln(&e);
                        return Err(1);
                    }
                    if target == "/dev/stdout" {
                        Sink::Terminal(Stream::Out)
                    } else if target == "/dev/stderr" {
                        Sink::Terminal(Stream::Err)
                    } else {
                        Sink::File(target)
                    }
                }
                RedirectOp::Read | RedirectOp::HereDoc => continue,
            };
            match (r.op, r.fd) {
                (RedirectOp::WriteBoth, _) => {
                    fd1 = sink.clone();
                    fd2 = sink;
                }
                (_, 1) => fd1 = sink,
                (_, 2) => fd2 = sink,
                _ => {}
            }
        }
        let mut routed = Output::status(ran.code);
        routed.clear = ran.clear;
        for (stream, text) in ran.chunks {
            let sink = if stream == Stream::Out { &fd1 } else { &fd2 };
            match sink {
                Sink::Terminal(s) => routed.write(*s, &text),
                Sink::Null => {}
                Sink::File(path) => {
                    if let Err(e) = self.host.write_file(path, &text, true) {
                        routed.eprintln(&e);
                        routed.code = 1;
                    }
                }
            }
        }
        Ok(routed)
    }

    /// Commands every shell has built in.
    fn builtin(&mut self, argv: &[String], _stdin: Option<&str>) -> Option<Output> {
        let args = &argv[1..];
        Some(match argv[0].as_str() {
            "echo" => echo(args),
            "export" => {
                for a in args {
                    match a.split_once('=') {
                        Some((n, v)) => {
                            self.vars.insert(n.to_string(), v.to_string());
                        }
                        None => {
                            if let Some(v) = self.host.env(a) {
                                self.vars.entry(a.clone()).or_insert(v);
                            }
                        }
                    }
                }
                Output::default()
            }
            "unset" => {
                for a in args {
                    self.vars.remove(a);
                }
                Output::default()
            }
            "exit" => {
                let (code, complaint) = match args.first() {
                    Some(n) => match n.parse::<i64>() {
                        Ok(n) => ((n & 0xff) as i32, None),
                        // Each shell's `exit` with a word that is not a number: it says so
                        // and exits with 2 (bash's `exit_builtin`, dash's `exitcmd` and
                        // BusyBox ash's `exitcmd` through `number()`).
                        Err(_) => (
                            2,
                            Some(match self.host.dialect() {
                                Dialect::Bash => {
                                    format!("bash: exit: {n}: numeric argument required")
                                }
                                Dialect::Dash => format!("sh: 1: exit: Illegal number: {n}"),
                                Dialect::Ash => format!("sh: exit: line 1: Illegal number: {n}"),
                            }),
                        ),
                    },
                    None => (self.status(), None),
                };
                self.exit = Some(code);
                self.left = true;
                match complaint {
                    Some(m) => Output::err(m, code),
                    None => Output::status(code),
                }
            }
            "true" | ":" => Output::default(),
            "false" => Output::status(1),
            "cd" => {
                let home = self.var("HOME").unwrap_or_else(|| "/root".into());
                match self
                    .host
                    .chdir(args.first().map_or(home.as_str(), String::as_str))
                {
                    Ok(()) => Output::default(),
                    Err(m) => Output::err(
                        m,
                        if self.host.dialect() == Dialect::Dash {
                            2
                        } else {
                            1
                        },
                    ),
                }
            }
            // The words joined, run as a line of this shell (`eval $(minikube docker-env)`).
            "eval" => {
                if self.evals >= MAX_EVAL_DEPTH {
                    self.exit = Some(1);
                    return Some(Output::err(
                        format!(
                            "{}: eval: too deeply nested",
                            shell_name(self.host.dialect())
                        ),
                        1,
                    ));
                }
                let text = args.join(" ");
                // No command to run: `eval` succeeds, whatever ran before it.
                if text.trim().is_empty() {
                    return Some(Output::default());
                }
                match crate::shell::parse(&text) {
                    Ok(list) => {
                        let mut out = Output::default();
                        self.evals += 1;
                        self.list(&list, &mut out);
                        self.evals -= 1;
                        out.code = self.status();
                        out
                    }
                    Err(e) => Output::err(e.message(self.host.dialect()), e.code()),
                }
            }
            _ => return None,
        })
    }

    fn var(&self, name: &str) -> Option<String> {
        match name {
            "$" => Some("1".into()),
            "#" => Some("0".into()),
            "0" => Some(shell_name(self.host.dialect()).into()),
            _ => self.vars.get(name).cloned().or_else(|| self.host.env(name)),
        }
    }

    /// The value of one expansion.
    fn value(&mut self, part: &Part, out: &mut Output) -> String {
        match part {
            Part::Text { text, .. } => text.clone(),
            Part::Param { name, default, .. } => match self.var(name).filter(|v| !v.is_empty()) {
                Some(v) => v,
                None => match default {
                    Some(d) => self.expand_joined(d, out),
                    None => self.var(name).unwrap_or_default(),
                },
            },
            Part::Command { list, .. } => {
                let mut inner = Output::default();
                self.list(list, &mut inner);
                // A substitution's `exit` ends only the substitution (it is a subshell).
                self.exit = None;
                self.left = false;
                let text = inner.take_stdout();
                self.set_status(inner.code);
                out.append(Output {
                    code: out.code,
                    ..inner
                });
                text.trim_end_matches('\n').to_string()
            }
            Part::Arith { expr, .. } => {
                let text = self.expand_joined(expr, out);
                match arith(&text, self.vars) {
                    Ok(n) => n.to_string(),
                    Err(e) => {
                        out.eprintln(&format!("{}: {}", shell_name(self.host.dialect()), e));
                        String::new()
                    }
                }
            }
        }
    }

    /// A word's fields: unquoted expansions split at blanks, quoted text kept whole.
    fn expand(&mut self, w: &Word, out: &mut Output) -> Vec<String> {
        let mut fields = Vec::new();
        let mut cur = String::new();
        let mut has = false;
        for part in &w.parts {
            let quoted = match part {
                Part::Text { quoted, .. }
                | Part::Param { quoted, .. }
                | Part::Command { quoted, .. }
                | Part::Arith { quoted, .. } => *quoted,
            };
            let value = self.value(part, out);
            if quoted || matches!(part, Part::Text { .. }) {
                cur.push_str(&value);
                has = true;
                continue;
            }
            for (i, piece) in value.split([' ', '\t', '\n']).enumerate() {
                if i > 0 && has {
                    fields.push(std::mem::take(&mut cur));
                    has = false;
                }
                if !piece.is_empty() {
                    cur.push_str(piece);
                    has = true;
                }
            }
        }
        if has {
            fields.push(cur);
        }
        fields
    }

    /// A word as one string, without field splitting (assignments, redirection targets).
    fn expand_joined(&mut self, w: &Word, out: &mut Output) -> String {
        w.parts.iter().map(|p| self.value(p, out)).collect()
    }
}

/// `echo [-n] [-e] WORDS...`, as bash's and busybox's built-in and `/bin/echo` print.
pub fn echo(args: &[String]) -> Output {
    let mut newline = true;
    let mut escapes = false;
    let mut words = args;
    while let Some(flag) = words.first() {
        match flag.as_str() {
            "-n" => newline = false,
            "-e" => escapes = true,
            "-E" => escapes = false,
            "-ne" | "-en" => {
                newline = false;
                escapes = true;
            }
            _ => break,
        }
        words = &words[1..];
    }
    let mut text = words.join(" ");
    if escapes {
        text = text.replace("\\n", "\n").replace("\\t", "\t");
    }
    if newline {
        text.push('\n');
    }
    Output::ok(text)
}

fn shell_name(d: Dialect) -> &'static str {
    match d {
        Dialect::Bash => "bash",
        _ => "sh",
    }
}

/// `$((...))`: integers with `+ - * / %`, parentheses, unary minus and variables.
fn arith(text: &str, vars: &Vars) -> Result<i64, String> {
    struct P<'a> {
        t: Vec<char>,
        i: usize,
        vars: &'a Vars,
        text: &'a str,
    }
    impl P<'_> {
        fn blanks(&mut self) {
            while self.t.get(self.i).is_some_and(|c| c.is_whitespace()) {
                self.i += 1;
            }
        }
        fn err(&self) -> String {
            let rest: String = self.t[self.i.min(self.t.len())..].iter().collect();
            format!(
                "{}: syntax error: operand expected (error token is \"{}\")",
                self.text.trim(),
                rest.trim()
            )
        }
        fn sum(&mut self, depth: usize) -> Result<i64, String> {
            let mut v = self.product(depth)?;
            loop {
                self.blanks();
                match self.t.get(self.i) {
                    Some('+') => {
                        self.i += 1;
                        v = v.wrapping_add(self.product(depth)?);
                    }
                    Some('-') => {
                        self.i += 1;
                        v = v.wrapping_sub(self.product(depth)?);
                    }
                    _ => return Ok(v),
                }
            }
        }
        fn product(&mut self, depth: usize) -> Result<i64, String> {
            let mut v = self.unary(depth)?;
            loop {
                self.blanks();
                let op = match self.t.get(self.i) {
                    Some(c @ ('*' | '/' | '%')) => *c,
                    _ => return Ok(v),
                };
                self.i += 1;
                let r = self.unary(depth)?;
                if op != '*' && r == 0 {
                    return Err(format!(
                        "{}: division by 0 (error token is \"0\")",
                        self.text.trim()
                    ));
                }
                v = match op {
                    '*' => v.wrapping_mul(r),
                    '/' => v.wrapping_div(r),
                    _ => v.wrapping_rem(r),
                };
            }
        }
        fn unary(&mut self, depth: usize) -> Result<i64, String> {
            if depth > 64 {
                return Err(self.err());
            }
            self.blanks();
            match self.t.get(self.i) {
                Some('-') => {
                    self.i += 1;
                    Ok(self.unary(depth + 1)?.wrapping_neg())
                }
                Some('+') => {
                    self.i += 1;
                    self.unary(depth + 1)
                }
                Some('(') => {
                    self.i += 1;
                    let v = self.sum(depth + 1)?;
                    self.blanks();
                    if self.t.get(self.i) != Some(&')') {
                        return Err(self.err());
                    }
                    self.i += 1;
                    Ok(v)
                }
                Some(c) if c.is_ascii_digit() => {
                    let from = self.i;
                    while self.t.get(self.i).is_some_and(|c| c.is_ascii_digit()) {
                        self.i += 1;
                    }
                    let s: String = self.t[from..self.i].iter().collect();
                    s.parse().map_err(|_| self.err())
                }
                Some(c) if *c == '_' || c.is_ascii_alphabetic() => {
                    let from = self.i;
                    while self
                        .t
                        .get(self.i)
                        .is_some_and(|c| *c == '_' || c.is_ascii_alphanumeric())
                    {
                        self.i += 1;
                    }
                    let name: String = self.t[from..self.i].iter().collect();
                    Ok(self
                        .vars
                        .get(&name)
                        .and_then(|v| v.trim().parse().ok())
                        .unwrap_or(0))
                }
                _ => Err(self.err()),
            }
        }
    }
    let mut p = P {
        t: text.chars().collect(),
        i: 0,
        vars,
        text,
    };
    if text.trim().is_empty() {
        return Ok(0);
    }
    let v = p.sum(0)?;
    p.blanks();
    if p.i < p.t.len() {
        return Err(p.err());
    }
    Ok(v)
}
