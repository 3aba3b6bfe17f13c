//! Runs a [`List`] against a [`Host`], the machine whose commands it calls: the terminal (the
//! user's laptop with kubectl, helm and minikube) or a container (its image's tools). The
//! interpreter owns what every shell does alike: expansions and field splitting, pipes
//! (each stage's standard output is the next one's input), redirections, `&&`/`||`, `&`,
//! `for` loops, `$?`, and the built-ins `echo`, `export`, `unset`, `exit`, `true`, `false`.
//! Output keeps the order commands wrote it in, both streams interleaved.

use super::output::{Output, Stream};
use super::parse::Dialect;
use super::syntax::{
    AndOr, Command, Connector, For, If, Item, List, Part, Pipeline, Redirect, RedirectOp, Simple,
    While, Word,
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
    /// Reads a file for `<` (and `test -f`).
    fn read_file(&mut self, path: &str) -> Result<String, String>;
    /// Whether `path` is a directory (`test -d`).
    fn is_dir(&mut self, _path: &str) -> bool {
        false
    }
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
        ctl: None,
        loops: 0,
        input: None,
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
    /// `break` or `continue` ran: the loops it leaves end their lists.
    ctl: Option<Ctl>,
    /// Loops running inside one another.
    loops: usize,
    /// What a `while` loop's `read`s read: its standard input and how far they read.
    input: Option<(String, usize)>,
}

/// A loop's `break N` or `continue N`, with the loops still to leave.
#[derive(Clone, Copy, Debug)]
enum Ctl {
    Break(usize),
    Continue(usize),
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

    /// `exit`, `break` or `continue` ran: the commands after it in a list do not.
    fn stopped(&self) -> bool {
        self.exit.is_some() || self.ctl.is_some()
    }

    fn list(&mut self, list: &List, out: &mut Output) {
        for Item { and_or, background } in &list.items {
            if self.stopped() {
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
            if self.stopped() {
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
            if self.stopped() {
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
            Command::While(w) => self.while_loop(w, stdin),
            Command::If(f) => self.if_clause(f, stdin),
        }
    }

    /// After a loop's body: whether the loop ends (`break`, or a `continue` for an outer
    /// loop), one level of a `break N`/`continue N` spent.
    fn loop_ends(&mut self) -> bool {
        match self.ctl.take() {
            None => false,
            Some(Ctl::Break(n)) => {
                if n > 1 {
                    self.ctl = Some(Ctl::Break(n - 1));
                }
                true
            }
            Some(Ctl::Continue(n)) => {
                if n > 1 {
                    self.ctl = Some(Ctl::Continue(n - 1));
                    return true;
                }
                false
            }
        }
    }

    /// `while`/`until`: the condition's list, then the body while it succeeds (fails); the
    /// loop's status is its body's last (0 when it never ran). Its standard input is what
    /// its `read`s read.
    fn while_loop(&mut self, w: &While, stdin: Option<String>) -> Output {
        let mut out = Output::default();
        let Some(stdin) = self.input_of(&w.redirects, stdin, &mut out) else {
            return out;
        };
        let mut body = Output::default();
        let mut code = 0;
        let saved = std::mem::replace(&mut self.input, stdin.map(|t| (t, 0)));
        self.loops += 1;
        loop {
            let mut cond = Output::default();
            self.list(&w.cond, &mut cond);
            let go = (cond.code == 0) != w.until;
            body.append(cond);
            if self.exit.is_some() || self.loop_ends() || !go {
                break;
            }
            let mut b = Output::default();
            self.list(&w.body, &mut b);
            code = b.code;
            body.append(b);
            if self.exit.is_some() || self.loop_ends() {
                break;
            }
        }
        self.loops -= 1;
        self.input = saved;
        body.code = code;
        match self.redirected(&w.redirects, body, &mut out) {
            Ok(o) => out.append(o),
            Err(code) => out.code = code,
        }
        out
    }

    /// `if`: each condition in turn, and the list of the first that succeeds (else the
    /// `else` list); the status is that list's (0 when none ran).
    fn if_clause(&mut self, f: &If, _stdin: Option<String>) -> Output {
        let mut out = Output::default();
        let mut all = Output::default();
        let mut chosen = f.otherwise.as_ref();
        for (cond, body) in &f.branches {
            let mut c = Output::default();
            self.list(cond, &mut c);
            let ok = c.code == 0;
            all.append(c);
            if self.stopped() {
                chosen = None;
                break;
            }
            if ok {
                chosen = Some(body);
                break;
            }
        }
        all.code = 0;
        if let Some(list) = chosen {
            let mut b = Output::default();
            self.list(list, &mut b);
            all.append(b);
        }
        match self.redirected(&f.redirects, all, &mut out) {
            Ok(o) => out.append(o),
            Err(code) => out.code = code,
        }
        out
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
        self.loops += 1;
        for value in words {
            if self.exit.is_some() {
                break;
            }
            self.vars.insert(f.var.clone(), value);
            self.list(&f.body, &mut body);
            if self.exit.is_some() || self.loop_ends() {
                break;
            }
        }
        self.loops -= 1;
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
        let Some(stdin) = self.input_of(&s.redirects, stdin, &mut out) else {
            self.restore(saved);
            return out;
        };
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

    /// A command's standard input after its `<` and here-document redirections (the last
    /// one wins); `None` when a file cannot be read (the error printed, status 1).
    fn input_of(
        &mut self,
        redirects: &[Redirect],
        stdin: Option<String>,
        out: &mut Output,
    ) -> Option<Option<String>> {
        let mut stdin = stdin;
        for r in redirects
            .iter()
            .filter(|r| matches!(r.op, RedirectOp::Read | RedirectOp::HereDoc))
        {
            if r.op == RedirectOp::HereDoc {
                stdin = Some(self.expand_joined(&r.target, out));
                continue;
            }
            let path = self.expand_joined(&r.target, out);
            match self.host.read_file(&path) {
                Ok(t) => stdin = Some(t),
                Err(e) => {
                    out.eprintln(&e);
                    out.code = 1;
                    return None;
                }
            }
        }
        Some(stdin)
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
    fn builtin(&mut self, argv: &[String], stdin: Option<&str>) -> Option<Output> {
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
            "break" | "continue" => {
                if self.loops == 0 {
                    // Outside a loop: bash says so; dash and BusyBox ash say nothing.
                    return Some(if self.host.dialect() == Dialect::Bash {
                        Output::err(
                            format!(
                                "bash: {}: only meaningful in a `for', `while', or `until' loop",
                                argv[0]
                            ),
                            0,
                        )
                    } else {
                        Output::default()
                    });
                }
                let n = args
                    .first()
                    .and_then(|n| n.parse::<usize>().ok())
                    .unwrap_or(1)
                    .clamp(1, self.loops);
                self.ctl = Some(if argv[0] == "break" {
                    Ctl::Break(n)
                } else {
                    Ctl::Continue(n)
                });
                Output::default()
            }
            "read" => self.read(args, stdin),
            "printf" => printf(args, self.host.dialect()),
            "test" | "[" => self.test(&argv[0], args),
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

/// The escapes of `printf`'s format and of its `%b` arguments.
fn unescape(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('a') => out.push('\u{7}'),
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('v') => out.push('\u{b}'),
            Some('e') => out.push('\u{1b}'),
            Some('\\') => out.push('\\'),
            Some('"') => out.push('"'),
            Some('\'') => out.push('\''),
            Some(d @ '0'..='7') => {
                let mut n = d.to_digit(8).unwrap_or(0);
                for _ in 0..2 {
                    match chars.peek().and_then(|c| c.to_digit(8)) {
                        Some(x) => {
                            n = n * 8 + x;
                            chars.next();
                        }
                        None => break,
                    }
                }
                out.push(char::from_u32(n).unwrap_or('\0'));
            }
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// The widest field `printf` pads to.
const MAX_PRINTF_WIDTH: usize = 4096;

/// `printf FORMAT [ARG...]` as the shells' builtin prints: the format's escapes, then each
/// `%s %b %c %d %i %u %x %X %o %f %e %g %%` with flags (`-0+ #`), width and precision; the
/// format is used again while arguments remain. A number that is not one prints 0 and makes
/// the status 1, with the shell's message.
pub fn printf(args: &[String], dialect: Dialect) -> Output {
    let Some(format) = args.first() else {
        return Output::err(
            match dialect {
                Dialect::Bash => "printf: usage: printf [-v var] format [arguments]".to_string(),
                _ => "sh: 1: printf: usage: printf format [arg ...]".to_string(),
            },
            2,
        );
    };
    let format: Vec<char> = unescape(format).chars().collect();
    let mut args = args[1..].iter();
    let mut out = Output::default();
    let mut text = String::new();
    let mut code = 0;
    loop {
        let mut consumed = false;
        let mut i = 0;
        while i < format.len() {
            let c = format[i];
            if c != '%' {
                text.push(c);
                i += 1;
                continue;
            }
            i += 1;
            if format.get(i) == Some(&'%') {
                text.push('%');
                i += 1;
                continue;
            }
            let start = i;
            while i < format.len() && "-+ #0".contains(format[i]) {
                i += 1;
            }
            let flags: String = format[start..i].iter().collect();
            let wstart = i;
            while i < format.len() && format[i].is_ascii_digit() {
                i += 1;
            }
            // A width or precision past what a terminal shows is cut to it (not a gigabyte of
            // spaces).
            let width: usize = format[wstart..i]
                .iter()
                .collect::<String>()
                .parse::<usize>()
                .unwrap_or(0)
                .min(MAX_PRINTF_WIDTH);
            let mut precision = None;
            if format.get(i) == Some(&'.') {
                i += 1;
                let pstart = i;
                while i < format.len() && format[i].is_ascii_digit() {
                    i += 1;
                }
                precision = Some(
                    format[pstart..i]
                        .iter()
                        .collect::<String>()
                        .parse::<usize>()
                        .unwrap_or(0)
                        .min(MAX_PRINTF_WIDTH),
                );
            }
            let Some(&conv) = format.get(i) else {
                text.push('%');
                text.push_str(&flags);
                break;
            };
            i += 1;
            let arg = args.next();
            consumed |= arg.is_some();
            let arg = arg.map_or("", String::as_str);
            let left = flags.contains('-');
            let number = |a: &str, code: &mut i32, out: &mut Output| -> i64 {
                let t = a.trim();
                if t.is_empty() {
                    return 0;
                }
                if let Some(ch) = t.strip_prefix(['\'', '"']) {
                    return ch.chars().next().map_or(0, |c| c as i64);
                }
                let (neg, digits) = match t.strip_prefix('-') {
                    Some(d) => (true, d),
                    None => (false, t.strip_prefix('+').unwrap_or(t)),
                };
                let parsed =
                    if let Some(h) = digits.strip_prefix("0x").or(digits.strip_prefix("0X")) {
                        i64::from_str_radix(h, 16).ok()
                    } else if digits.len() > 1 && digits.starts_with('0') {
                        i64::from_str_radix(&digits[1..], 8).ok()
                    } else {
                        digits.parse().ok()
                    };
                match parsed {
                    Some(n) => {
                        if neg {
                            -n
                        } else {
                            n
                        }
                    }
                    None => {
                        *code = 1;
                        out.eprintln(&match dialect {
                            Dialect::Bash => format!("bash: printf: {a}: invalid number"),
                            Dialect::Dash => format!("sh: 1: printf: {a}: expected numeric value"),
                            Dialect::Ash => format!("sh: invalid number '{a}'"),
                        });
                        0
                    }
                }
            };
            let body = match conv {
                's' => match precision {
                    Some(p) => arg.chars().take(p).collect(),
                    None => arg.to_string(),
                },
                'b' => unescape(arg),
                'c' => arg.chars().next().map(String::from).unwrap_or_default(),
                'd' | 'i' | 'u' => {
                    let n = number(arg, &mut code, &mut out);
                    let sign = if n >= 0 && flags.contains('+') {
                        "+"
                    } else if n >= 0 && flags.contains(' ') {
                        " "
                    } else {
                        ""
                    };
                    let digits = n.unsigned_abs().to_string();
                    let digits = match precision {
                        Some(p) if digits.len() < p => {
                            format!("{}{digits}", "0".repeat(p - digits.len()))
                        }
                        _ => digits,
                    };
                    let body = format!("{}{sign}{digits}", if n < 0 { "-" } else { "" });
                    if flags.contains('0') && !left && precision.is_none() && body.len() < width {
                        let (s, d) = body.split_at(usize::from(n < 0 || !sign.is_empty()));
                        format!("{s}{}{d}", "0".repeat(width - body.len()))
                    } else {
                        body
                    }
                }
                'x' | 'X' | 'o' => {
                    let n = number(arg, &mut code, &mut out) as u64;
                    let body = match conv {
                        'x' => format!("{n:x}"),
                        'X' => format!("{n:X}"),
                        _ => format!("{n:o}"),
                    };
                    if flags.contains('0') && !left && body.len() < width {
                        format!("{}{body}", "0".repeat(width - body.len()))
                    } else {
                        body
                    }
                }
                'f' | 'e' | 'g' | 'E' | 'G' | 'F' => {
                    let f: f64 = arg
                        .trim()
                        .parse()
                        .unwrap_or_else(|_| number(arg, &mut code, &mut out) as f64);
                    let p = precision.unwrap_or(6);
                    match conv {
                        'f' | 'F' => format!("{f:.p$}"),
                        'e' | 'E' => {
                            let t = format!("{f:.p$e}");
                            let (m, e) = t.split_once('e').unwrap_or((&t, "0"));
                            let e: i32 = e.parse().unwrap_or(0);
                            let t = format!("{m}e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs());
                            if conv == 'E' {
                                t.to_ascii_uppercase()
                            } else {
                                t
                            }
                        }
                        _ => crate::go::format_float(f, 'g', p.max(1) as i32),
                    }
                }
                other => {
                    out.eprintln(&match dialect {
                        Dialect::Bash => {
                            format!("bash: printf: `{other}': invalid format character")
                        }
                        _ => format!("sh: 1: printf: %{other}: invalid directive"),
                    });
                    code = 1;
                    break;
                }
            };
            let pad = width.saturating_sub(body.chars().count());
            if left {
                text.push_str(&body);
                text.push_str(&" ".repeat(pad));
            } else {
                text.push_str(&" ".repeat(pad));
                text.push_str(&body);
            }
        }
        if !consumed || args.len() == 0 {
            break;
        }
    }
    out.print(&text);
    out.code = code;
    out
}

impl Shell<'_> {
    /// `read [-r] [NAME...]`: the next line of the command's input (what was piped or
    /// redirected into it, else its `while` loop's), split at blanks over the names (the last
    /// takes the rest; `REPLY` without names). At the end of the input, or on a last line
    /// without its newline, the status is 1 (the names still get that line).
    fn read(&mut self, args: &[String], stdin: Option<&str>) -> Output {
        let mut names = Vec::new();
        let mut raw = false;
        let mut it = args.iter();
        while let Some(a) = it.next() {
            match a.as_str() {
                "-r" => raw = true,
                "-s" => {}
                "-p" | "-t" | "-n" | "-d" | "-u" => {
                    it.next();
                }
                _ => names.push(a.clone()),
            }
        }
        let (line, complete) = match stdin {
            Some(text) => match text.split_once('\n') {
                Some((l, _)) => (Some(l.to_string()), true),
                None => (Some(text.to_string()).filter(|t| !t.is_empty()), false),
            },
            None => match &mut self.input {
                Some((text, at)) if *at < text.len() => {
                    let rest = &text[*at..];
                    match rest.split_once('\n') {
                        Some((l, _)) => {
                            *at += l.len() + 1;
                            (Some(l.to_string()), true)
                        }
                        None => {
                            *at = text.len();
                            (Some(rest.to_string()), false)
                        }
                    }
                }
                _ => (None, false),
            },
        };
        let Some(mut line) = line else {
            for n in &names {
                self.vars.insert(n.clone(), String::new());
            }
            return Output::status(1);
        };
        if !raw {
            let mut out = String::new();
            let mut chars = line.chars();
            while let Some(c) = chars.next() {
                if c == '\\' {
                    if let Some(next) = chars.next() {
                        out.push(next);
                    }
                } else {
                    out.push(c);
                }
            }
            line = out;
        }
        if names.is_empty() {
            self.vars.insert("REPLY".into(), line);
        } else {
            let mut rest = line.trim_matches([' ', '\t']);
            for (i, n) in names.iter().enumerate() {
                let value = if i + 1 == names.len() {
                    std::mem::take(&mut rest).to_string()
                } else {
                    let end = rest.find([' ', '\t']).unwrap_or(rest.len());
                    let word = rest[..end].to_string();
                    rest = rest[end..].trim_start_matches([' ', '\t']);
                    word
                };
                self.vars.insert(n.clone(), value);
            }
        }
        Output::status(if complete { 0 } else { 1 })
    }

    /// `test EXPR` and `[ EXPR ]` (POSIX's rules by the number of arguments; `!`, `-a`, `-o`,
    /// parentheses; strings, integers, and the host's files and directories). A malformed
    /// expression is status 2 with the shell's message.
    fn test(&mut self, name: &str, args: &[String]) -> Output {
        let dialect = self.host.dialect();
        let fail = |m: String| {
            Output::err(
                match dialect {
                    Dialect::Bash => format!("bash: {name}: {m}"),
                    Dialect::Dash => format!("sh: 1: {name}: {m}"),
                    Dialect::Ash => format!("sh: {m}"),
                },
                2,
            )
        };
        let args = if name == "[" {
            match args.split_last() {
                Some((last, rest)) if last == "]" => rest,
                _ => {
                    return fail(match dialect {
                        Dialect::Bash => "missing `]'".into(),
                        _ => "missing ]".into(),
                    });
                }
            }
        } else {
            args
        };
        match self.test_expr(args, 0) {
            Ok(true) => Output::default(),
            Ok(false) => Output::status(1),
            Err(TestError::Integer(n)) => fail(match dialect {
                Dialect::Bash => format!("{n}: integer expression expected"),
                Dialect::Dash => format!("Illegal number: {n}"),
                Dialect::Ash => format!("invalid number '{n}'"),
            }),
            Err(TestError::Unary(op)) => fail(match dialect {
                Dialect::Bash => format!("{op}: unary operator expected"),
                _ => format!("{op}: unexpected operator"),
            }),
            Err(TestError::Binary(op)) => fail(match dialect {
                Dialect::Bash => format!("{op}: binary operator expected"),
                _ => format!("{op}: unexpected operator"),
            }),
            Err(TestError::TooMany) => fail(match dialect {
                Dialect::Bash => "too many arguments".into(),
                _ => "unexpected operator".into(),
            }),
        }
    }

    fn test_expr(&mut self, a: &[String], depth: usize) -> Result<bool, TestError> {
        // Parentheses and `-a`/`-o` nest; a pasted wall of them stops here, not the stack.
        if depth > MAX_TEST_DEPTH {
            return Err(TestError::TooMany);
        }
        let depth = depth + 1;
        let is = |i: usize, w: &str| a.get(i).is_some_and(|x| x == w);
        match a.len() {
            0 => return Ok(false),
            1 => return Ok(!a[0].is_empty()),
            2 if is(0, "!") => return self.test_expr(&a[1..], depth).map(|b| !b),
            2 => return self.unary(&a[0], &a[1]),
            3 if BINARY.contains(&a[1].as_str()) => return binary(&a[0], &a[1], &a[2]),
            3 if is(0, "!") => return self.test_expr(&a[1..], depth).map(|b| !b),
            3 if is(0, "(") && is(2, ")") => return self.test_expr(&a[1..2], depth),
            4 if is(0, "!") => return self.test_expr(&a[1..], depth).map(|b| !b),
            4 if is(0, "(") && is(3, ")") => return self.test_expr(&a[1..3], depth),
            _ => {}
        }
        // `-o` binds looser than `-a`; both outside parentheses. A chain of them is one level.
        let top = |op: &str| {
            let mut depth = 0i32;
            let mut at = Vec::new();
            for (i, x) in a.iter().enumerate() {
                match x.as_str() {
                    "(" => depth += 1,
                    ")" => depth -= 1,
                    _ if i > 0 && depth == 0 && x == op => at.push(i),
                    _ => {}
                }
            }
            at
        };
        for op in ["-o", "-a"] {
            let at = top(op);
            if at.is_empty() {
                continue;
            }
            let mut value = op == "-a";
            let mut from = 0;
            for end in at.into_iter().chain(std::iter::once(a.len())) {
                let part = self.test_expr(&a[from..end], depth)?;
                value = if op == "-o" {
                    value || part
                } else {
                    value && part
                };
                from = end + 1;
            }
            return Ok(value);
        }
        if a.len() > 2 && is(0, "(") && is(a.len() - 1, ")") {
            return self.test_expr(&a[1..a.len() - 1], depth);
        }
        Err(if a.len() == 3 {
            TestError::Binary(a[1].clone())
        } else {
            TestError::TooMany
        })
    }

    fn unary(&mut self, op: &str, x: &str) -> Result<bool, TestError> {
        Ok(match op {
            "-z" => x.is_empty(),
            "-n" => !x.is_empty(),
            "-d" => self.host.is_dir(x),
            "-e" | "-r" | "-w" => self.host.is_dir(x) || self.host.read_file(x).is_ok(),
            "-f" => !self.host.is_dir(x) && self.host.read_file(x).is_ok(),
            "-s" => self.host.is_dir(x) || self.host.read_file(x).is_ok_and(|t| !t.is_empty()),
            "-x" => self.host.is_dir(x),
            "-L" | "-h" | "-b" | "-c" | "-p" | "-S" | "-t" => false,
            _ => return Err(TestError::Unary(op.to_string())),
        })
    }
}

/// How deep `test`'s parentheses and `-a`/`-o` may nest.
const MAX_TEST_DEPTH: usize = 128;

/// How a `test` expression is malformed.
enum TestError {
    Integer(String),
    Unary(String),
    Binary(String),
    TooMany,
}

/// `test`'s binary operators.
const BINARY: [&str; 14] = [
    "=", "==", "!=", "<", ">", "-eq", "-ne", "-lt", "-le", "-gt", "-ge", "-nt", "-ot", "-ef",
];

fn binary(x: &str, op: &str, y: &str) -> Result<bool, TestError> {
    let int = |s: &str| {
        s.trim()
            .parse::<i64>()
            .map_err(|_| TestError::Integer(s.to_string()))
    };
    Ok(match op {
        "=" | "==" => x == y,
        "!=" => x != y,
        "<" => x < y,
        ">" => x > y,
        "-eq" => int(x)? == int(y)?,
        "-ne" => int(x)? != int(y)?,
        "-lt" => int(x)? < int(y)?,
        "-le" => int(x)? <= int(y)?,
        "-gt" => int(x)? > int(y)?,
        "-ge" => int(x)? >= int(y)?,
        _ => false,
    })
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
