//! The terminal: bash on the learner's machine, with kubectl and minikube against the
//! simulated cluster. `Session::run` parses a line with the shell language and runs it on
//! this host, whose commands are the one table [`COMMANDS`]: what runs, what `help` lists
//! and what completion offers all come from it (and from each program's verb table).
//! Virtual time moves only through commands that wait (`sleep`, `kubectl wait`, `rollout
//! status`, `delete`, `get -w`), or before every command when `settle` is on.

use super::registry::{self, Complete, Program};
use super::session::Session;
use crate::shell::{self, Dialect, Host, Output};

/// The learner's user name on their machine (`$USER`; minikube hashes it into log names).
pub const USER: &str = "student";

/// A command of the terminal's machine.
pub struct Command {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    /// Lines `help` lists for it (a program's verbs add their own).
    pub synopsis: &'static [&'static str],
    /// How its arguments complete (a program's verbs say their own).
    pub complete: Complete,
    pub kind: Kind,
}

pub enum Kind {
    /// A program with verbs (`kubectl`, `minikube`): which one the session runs (`helm` is
    /// v4 or v3 as the session says).
    Program(fn(&Session) -> &'static Program),
    /// A command with its own handler: the session, the arguments, standard input.
    Simple(fn(&mut Session, &[String], Option<&str>) -> Output),
    /// One of the text utilities both the terminal and the containers have.
    Utility,
    /// Built into the shell (`echo`, `export`): listed for `help` and completion only.
    Builtin,
}

/// Everything the terminal runs, in the order `help` lists it.
pub const COMMANDS: &[Command] = &[
    Command {
        name: "kubectl",
        aliases: &["k"],
        synopsis: &[],
        complete: Complete::Nothing,
        kind: Kind::Program(|_| &super::verbs::KUBECTL),
    },
    Command {
        name: "helm",
        aliases: &[],
        synopsis: &[],
        complete: Complete::Nothing,
        kind: Kind::Program(super::helm::program),
    },
    Command {
        name: "minikube",
        aliases: &[],
        synopsis: &[],
        complete: Complete::Nothing,
        kind: Kind::Program(|_| &super::minikube::MINIKUBE),
    },
    Command {
        name: "curl",
        aliases: &["wget"],
        synopsis: &[],
        complete: Complete::Nothing,
        kind: Kind::Simple(curl),
    },
    Command {
        name: "sleep",
        aliases: &[],
        synopsis: &["sleep SECONDS                         let virtual time pass"],
        complete: Complete::Nothing,
        kind: Kind::Simple(sleep),
    },
    Command {
        name: "fault",
        aliases: &[],
        synopsis: &[
            "fault POD ready=never|ready=ok|live=fail|live=ok|crash|schedule=never|phase=Failed",
            "fault POD pull=fail|pull=ok           break or heal pods (a playground command)",
            "fault image IMAGE ready=never|pull=fail|pull=ok",
        ],
        complete: Complete::Fault,
        kind: Kind::Simple(fault),
    },
    Command {
        name: "echo",
        aliases: &[],
        synopsis: &[],
        complete: Complete::Nothing,
        kind: Kind::Builtin,
    },
    Command {
        name: "docker",
        aliases: &[],
        synopsis: &["docker build -t IMAGE .                 taken as built (not simulated)"],
        complete: Complete::Nothing,
        kind: Kind::Simple(docker),
    },
    Command {
        name: "ls",
        aliases: &[],
        synopsis: &[],
        complete: Complete::Nothing,
        kind: Kind::Simple(ls),
    },
    Command {
        name: "rm",
        aliases: &[],
        synopsis: &[],
        complete: Complete::File,
        kind: Kind::Simple(rm),
    },
    Command {
        name: "mv",
        aliases: &[],
        synopsis: &[],
        complete: Complete::File,
        kind: Kind::Simple(mv),
    },
    Command {
        name: "cp",
        aliases: &[],
        synopsis: &[],
        complete: Complete::File,
        kind: Kind::Simple(cp),
    },
    Command {
        name: "touch",
        aliases: &[],
        synopsis: &[],
        complete: Complete::File,
        kind: Kind::Simple(touch),
    },
    Command {
        name: "mkdir",
        aliases: &[],
        synopsis: &[],
        complete: Complete::Nothing,
        kind: Kind::Simple(mkdir),
    },
    Command {
        name: "pwd",
        aliases: &[],
        synopsis: &[],
        complete: Complete::Nothing,
        kind: Kind::Simple(pwd),
    },
    Command {
        name: "cd",
        aliases: &[],
        synopsis: &[],
        complete: Complete::Nothing,
        kind: Kind::Builtin,
    },
    Command {
        name: "eval",
        aliases: &[],
        synopsis: &[],
        complete: Complete::Nothing,
        kind: Kind::Builtin,
    },
    Command {
        name: "watch",
        aliases: &[],
        synopsis: &[
            "watch [-n SECONDS] CMD               CMD once (watch repeats it until Ctrl-C)",
        ],
        complete: Complete::Nothing,
        kind: Kind::Simple(watch),
    },
    Command {
        name: "date",
        aliases: &[],
        synopsis: &[],
        complete: Complete::Nothing,
        kind: Kind::Simple(date),
    },
    Command {
        name: "clear",
        aliases: &[],
        synopsis: &["clear, help"],
        complete: Complete::Nothing,
        kind: Kind::Simple(clear),
    },
    Command {
        name: "help",
        aliases: &[],
        synopsis: &[],
        complete: Complete::Nothing,
        kind: Kind::Simple(help),
    },
    Command {
        name: "cat",
        aliases: &[
            "grep", "head", "tail", "wc", "sort", "uniq", "seq", "cut", "sed", "awk",
        ],
        synopsis: &[],
        complete: Complete::Nothing,
        kind: Kind::Utility,
    },
];

/// The command `name` names, if the terminal has it.
pub fn lookup(name: &str) -> Option<&'static Command> {
    COMMANDS
        .iter()
        .find(|c| c.name == name || c.aliases.contains(&name))
}

/// The terminal's entry points (`Session::run` and `Session::complete` call them).
pub const ENTRY: super::Terminal = super::Terminal {
    run,
    complete: super::complete::complete,
    analyze_chart: crate::charts::analyze,
    example_chart: crate::charts::example,
    unpack_chart: crate::charts::from_archive,
};

/// A here-document longer than this runs as it is, ended by the end of its text.
const MAX_PENDING: usize = 1 << 20;

/// Runs one command line on the session; a line that opens a here-document, and the lines
/// after it up to its delimiter, are kept and run together.
fn run(s: &mut Session, line: &str) -> Output {
    let mut out = run_line(s, line);
    out.prompt = s.inside_prompt().map(str::to_string);
    out
}

/// `run` for one line: to the container shell the terminal is attached to, if it is.
fn run_line(s: &mut Session, line: &str) -> Output {
    if s.inside.is_some() {
        s.sim.settle_now();
        return super::container::run_inside(s, line);
    }
    // Ctrl-C: what was read of an unfinished command is dropped; bash's `$?` is then 130.
    if line == super::INTERRUPT {
        s.pending = None;
        s.vars.insert("?".into(), "130".into());
        return Output::default();
    }
    let text = match s.pending.take() {
        Some(mut kept) => {
            kept.push('\n');
            kept.push_str(line);
            kept
        }
        None => line.to_string(),
    };
    if text.len() < MAX_PENDING && shell::parse::incomplete(&text) {
        s.pending = Some(text);
        return Output {
            more: true,
            ..Output::default()
        };
    }
    let line = text.as_str();
    if s.settle {
        s.sim.run(None);
    } else {
        s.sim.settle_now();
    }
    let mut vars = std::mem::take(&mut s.vars);
    let out = shell::execute(line, &mut Terminal(s), &mut vars);
    s.vars = vars;
    out
}

/// The terminal's machine as a shell host.
struct Terminal<'a>(&'a mut Session);

impl Host for Terminal<'_> {
    fn dialect(&self) -> Dialect {
        Dialect::Bash
    }

    fn command(&mut self, argv: &[String], stdin: Option<&str>) -> Output {
        let s = &mut *self.0;
        let Some(cmd) = lookup(&argv[0]) else {
            return Output::err(format!("bash: {}: command not found", argv[0]), 127);
        };
        if matches!(cmd.kind, Kind::Program(_) | Kind::Simple(_)) {
            // What the cluster says includes every probe run that failed so far.
            s.sim.world.note_all_probe_failures(false);
        }
        match &cmd.kind {
            Kind::Program(p) => p(s).run(s, &argv[1..], stdin),
            Kind::Simple(run) => run(s, argv, stdin),
            Kind::Utility | Kind::Builtin => {
                let s = &*self.0;
                let mut read = |p: &str| s.files.get(&s.path(p)).cloned().ok_or_else(String::new);
                // `sed -i` writes the machine's files back.
                match shell::utils::sed_in_place(argv, &mut read) {
                    Some(Ok(edits)) => {
                        let s = &mut *self.0;
                        for (path, text) in edits {
                            let key = s.path(&path);
                            s.files.insert(key, text);
                        }
                        return Output::default();
                    }
                    Some(Err(o)) => return o,
                    None => {}
                }
                shell::utils::utility(argv, stdin, &mut read).unwrap_or_default()
            }
        }
    }

    fn is_dir(&mut self, path: &str) -> bool {
        let s = &*self.0;
        let to = s.path(path);
        !to.starts_with('/') && !s.files.contains_key(&to) && (to.is_empty() || is_folder(s, &to))
    }

    /// `cd` among the machine's folders (those holding files: a chart's, what `helm create`
    /// and `kubectl cp` wrote); the home folder without an argument.
    fn chdir(&mut self, path: &str) -> Result<(), String> {
        let s = &mut *self.0;
        let to = s.path(path);
        if to.starts_with('/') {
            return Err(format!(
                "bash: cd: {path}: this terminal's machine has only your home folder"
            ));
        }
        if s.files.contains_key(&to) {
            return Err(format!("bash: cd: {path}: Not a directory"));
        }
        if to.is_empty() || is_folder(s, &to) {
            s.cwd = to;
            Ok(())
        } else {
            Err(format!("bash: cd: {path}: No such file or directory"))
        }
    }

    fn environment(&mut self, vars: &shell::Vars) {
        self.0.env.clone_from(vars);
    }

    fn env(&self, name: &str) -> Option<String> {
        match name {
            "HOME" => Some(format!("/home/{USER}")),
            "USER" => Some(USER.into()),
            "PWD" => Some(match self.0.cwd.as_str() {
                "" => format!("/home/{USER}"),
                cwd => format!("/home/{USER}/{cwd}"),
            }),
            _ => None,
        }
    }

    fn write_file(&mut self, path: &str, text: &str, append: bool) -> Result<(), String> {
        let key = self.0.path(path);
        let f = self.0.files.entry(key).or_default();
        if append {
            f.push_str(text);
        } else {
            *f = text.to_string();
        }
        Ok(())
    }

    fn read_file(&mut self, path: &str) -> Result<String, String> {
        self.0
            .files
            .get(&self.0.path(path))
            .cloned()
            .ok_or_else(|| format!("bash: {path}: No such file or directory"))
    }

    fn start_job(&mut self) -> String {
        let s = &mut *self.0;
        s.jobs += 1;
        s.in_job = true;
        format!("[{}] {}\n", s.jobs, 4200 + s.jobs)
    }

    fn end_job(&mut self) {
        self.0.in_job = false;
    }
}

/// The terminal's `help`: every command's synopsis, kubectl's verbs where kubectl stands.
pub fn help_text(s: &Session) -> String {
    let mut out = String::from(
        "This terminal runs kubectl against the simulated cluster. Time only moves when a command waits.\n\n",
    );
    for c in COMMANDS {
        if let Kind::Program(p) = &c.kind {
            for v in p(s).verbs {
                for line in v.synopsis {
                    out.push_str(&format!("  {line}\n"));
                }
            }
        }
        for line in c.synopsis {
            out.push_str(&format!("  {line}\n"));
        }
    }
    out
}

fn help(s: &mut Session, _: &[String], _: Option<&str>) -> Output {
    Output::ok(help_text(s))
}

fn clear(_: &mut Session, _: &[String], _: Option<&str>) -> Output {
    Output {
        clear: true,
        ..Output::default()
    }
}

/// `docker`: the learner's Docker is not simulated. `docker build -t IMAGE` is taken as done:
/// with `eval $(minikube docker-env)` the image is then on the node (as `minikube image load`
/// puts it); without it, on this machine only. Other docker commands say what the terminal has.
fn docker(s: &mut Session, argv: &[String], _: Option<&str>) -> Output {
    let onto_node = s
        .env
        .get("MINIKUBE_ACTIVE_DOCKERD")
        .is_some_and(|v| v == "minikube");
    if argv.get(1).map(String::as_str) != Some("build") {
        return Output::err(
            "docker: this terminal has no Docker; `docker build -t IMAGE .` is taken as done, and `minikube image load IMAGE` puts an image on the node",
            1,
        );
    }
    let args = &argv[2..];
    let tag = args.iter().enumerate().find_map(|(i, a)| match a.as_str() {
        "-t" | "--tag" => args.get(i + 1).cloned(),
        _ => a
            .strip_prefix("--tag=")
            .or_else(|| a.strip_prefix("-t"))
            .filter(|t| !t.is_empty())
            .map(str::to_string),
    });
    let Some(tag) = tag else {
        return Output::err(
            "docker build: this terminal takes a build as done only for an image named with -t IMAGE",
            1,
        );
    };
    if onto_node {
        super::minikube::put_on_node(s, &tag);
        Output::ok(format!(
            "(not simulated: {tag} counts as built by the node's Docker Engine, so pods may use it without pulling it, as with imagePullPolicy: Never)\n"
        ))
    } else {
        Output::ok(format!(
            "(not simulated: {tag} counts as built on this machine; `minikube image load {tag}` puts it on the node, or build after `eval $(minikube docker-env)`)\n"
        ))
    }
}

/// `ls [DIR...]`: the terminal machine's files (what `kubectl apply -f` and `helm install`
/// read, and `>` wrote), in GNU ls's columns for an 80-column terminal.
fn ls(s: &mut Session, argv: &[String], _: Option<&str>) -> Output {
    let dirs: Vec<&str> = argv[1..]
        .iter()
        .map(String::as_str)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let dirs = if dirs.is_empty() { vec!["."] } else { dirs };
    // Names starting with `.` only with -a or -A.
    let all = argv[1..].iter().any(|a| {
        a.starts_with('-') && !a.starts_with("--") && (a.contains('a') || a.contains('A'))
    });
    let mut out = Output::default();
    let many = dirs.len() > 1;
    for (i, dir) in dirs.iter().enumerate() {
        let clean = s.path(dir);
        let prefix = if clean.is_empty() {
            String::new()
        } else {
            format!("{clean}/")
        };
        if !prefix.is_empty() && s.files.contains_key(&clean) {
            out.print(&format!("{dir}\n"));
            continue;
        }
        let mut names: Vec<&str> = s
            .files
            .keys()
            .chain(&s.dirs)
            .filter(|f| !f.starts_with('/'))
            .filter_map(|f| f.strip_prefix(prefix.as_str()))
            .map(|rest| rest.split('/').next().unwrap_or(rest))
            .collect();
        crate::sort::sort(&mut names);
        if names.is_empty() && !prefix.is_empty() && !is_folder(s, &clean) {
            out.eprint(&format!(
                "ls: cannot access '{dir}': No such file or directory\n"
            ));
            out.code = 2;
            continue;
        }
        names.dedup();
        if !all {
            names.retain(|n| !n.starts_with('.'));
        }
        if many {
            out.print(&format!("{}{dir}:\n", if i > 0 { "\n" } else { "" }));
        }
        out.print(&super::text::columns(&names, 80));
    }
    out
}

/// Whether `path` (a key of the machine's files) is a folder: one `mkdir` made, or one
/// holding files or folders.
fn is_folder(s: &Session, path: &str) -> bool {
    let prefix = format!("{path}/");
    s.dirs.contains(path)
        || s.files
            .keys()
            .chain(&s.dirs)
            .any(|k| k.starts_with(&prefix))
}

/// `mkdir [-p] DIR...` (GNU coreutils 9.1): folders under the home folder; without `-p` the
/// parent must exist and the folder must not.
fn mkdir(s: &mut Session, argv: &[String], _: Option<&str>) -> Output {
    let parents = argv[1..].iter().any(|a| {
        a == "--parents" || (a.starts_with('-') && !a.starts_with("--") && a.contains('p'))
    });
    let dirs: Vec<&String> = argv[1..].iter().filter(|a| !a.starts_with('-')).collect();
    if dirs.is_empty() {
        return Output::err(
            "mkdir: missing operand\nTry 'mkdir --help' for more information.",
            1,
        );
    }
    let mut out = Output::default();
    for d in dirs {
        let to = s.path(d);
        let fail = |why: &str| format!("mkdir: cannot create directory '{d}': {why}\n");
        if to.starts_with('/') {
            out.eprint(&fail("Permission denied"));
            out.code = 1;
            continue;
        }
        if to.is_empty() || s.files.contains_key(&to) || is_folder(s, &to) {
            if parents && !s.files.contains_key(&to) {
                continue;
            }
            out.eprint(&fail("File exists"));
            out.code = 1;
            continue;
        }
        let parent = to.rsplit_once('/').map_or("", |(p, _)| p);
        if !parents && !parent.is_empty() && !is_folder(s, parent) {
            out.eprint(&fail("No such file or directory"));
            out.code = 1;
            continue;
        }
        if s.files.contains_key(parent) {
            out.eprint(&fail("Not a directory"));
            out.code = 1;
            continue;
        }
        s.dirs.insert(to);
    }
    out
}

/// The operands of a coreutils command and whether one of its short options is given
/// (`-rf`, `-r -f`, `--recursive`...).
fn operands<'a>(argv: &'a [String], short: char, long: &str) -> (Vec<&'a String>, bool) {
    let mut flag = false;
    let mut ops = Vec::new();
    let mut done = false;
    for a in &argv[1..] {
        if done || !a.starts_with('-') || a == "-" {
            ops.push(a);
        } else if a == "--" {
            done = true;
        } else if let Some(l) = a.strip_prefix("--") {
            flag |= l == long;
        } else {
            flag |= a.contains(short) || (short == 'r' && a.contains('R'));
        }
    }
    (ops, flag)
}

/// What is at `key` on the machine: the file's key, or every file and folder under it.
fn under(s: &Session, key: &str) -> (Vec<String>, Vec<String>) {
    let prefix = format!("{key}/");
    let files = s
        .files
        .keys()
        .filter(|k| *k == key || k.starts_with(&prefix))
        .cloned()
        .collect();
    let dirs = s
        .dirs
        .iter()
        .filter(|d| *d == key || d.starts_with(&prefix))
        .cloned()
        .collect();
    (files, dirs)
}

/// `rm [-r] [-f] PATH...` (GNU coreutils 9.1): files, and folders with `-r`.
fn rm(s: &mut Session, argv: &[String], _: Option<&str>) -> Output {
    let (ops, recursive) = operands(argv, 'r', "recursive");
    let force = argv[1..]
        .iter()
        .any(|a| a == "--force" || (a.starts_with('-') && !a.starts_with("--") && a.contains('f')));
    if ops.is_empty() {
        if force {
            return Output::default();
        }
        return Output::err(
            "rm: missing operand\nTry 'rm --help' for more information.",
            1,
        );
    }
    let mut out = Output::default();
    for p in ops {
        let key = s.path(p);
        let fail = |why: &str| format!("rm: cannot remove '{p}': {why}\n");
        if key.starts_with('/') || key.is_empty() {
            out.eprint(&fail(if key.is_empty() {
                "Is a directory"
            } else {
                "Permission denied"
            }));
            out.code = 1;
            continue;
        }
        if s.files.remove(&key).is_some() {
            continue;
        }
        if !is_folder(s, &key) {
            if !force {
                out.eprint(&fail("No such file or directory"));
                out.code = 1;
            }
            continue;
        }
        if !recursive {
            out.eprint(&fail("Is a directory"));
            out.code = 1;
            continue;
        }
        let (files, dirs) = under(s, &key);
        for f in files {
            s.files.remove(&f);
        }
        for d in dirs {
            s.dirs.remove(&d);
        }
        if s.cwd == key || s.cwd.starts_with(&format!("{key}/")) {
            // The shell stays in a folder that is gone, as bash does; keep it reachable.
            s.dirs.insert(s.cwd.clone());
        }
    }
    out
}

/// The destination key of `src` for `mv`/`cp`: into `dst` when it is a folder.
fn destination(s: &Session, src: &str, dst: &str) -> String {
    if is_folder(s, dst) || dst.is_empty() {
        let base = src.rsplit('/').next().unwrap_or(src);
        if dst.is_empty() {
            base.to_string()
        } else {
            format!("{dst}/{base}")
        }
    } else {
        dst.to_string()
    }
}

/// `mv SRC... DEST` and `cp [-r] SRC... DEST` (GNU coreutils 9.1) on the machine's files.
fn move_or_copy(s: &mut Session, argv: &[String], copy: bool) -> Output {
    let tool = if copy { "cp" } else { "mv" };
    let (ops, recursive) = operands(argv, 'r', "recursive");
    let (srcs, dst) = match ops.split_last() {
        Some((d, srcs)) if !srcs.is_empty() => (srcs, d),
        Some((d, _)) => {
            return Output::err(
                format!(
                    "{tool}: missing destination file operand after '{d}'\nTry '{tool} --help' for more information."
                ),
                1,
            );
        }
        None => {
            return Output::err(
                format!("{tool}: missing file operand\nTry '{tool} --help' for more information."),
                1,
            );
        }
    };
    let dst_key = s.path(dst);
    let mut out = Output::default();
    if srcs.len() > 1 && !is_folder(s, &dst_key) {
        return Output::err(format!("{tool}: target '{dst}': Not a directory"), 1);
    }
    for src in srcs {
        let key = s.path(src);
        if key.starts_with('/') || dst_key.starts_with('/') {
            out.eprint(&format!(
                "{tool}: this terminal's machine has only your home folder, /home/{USER}\n"
            ));
            out.code = 1;
            continue;
        }
        let to = destination(s, &key, &dst_key);
        let parent = to.rsplit_once('/').map_or("", |(d, _)| d);
        if !parent.is_empty() && !is_folder(s, parent) {
            let is_file = s.files.contains_key(&key);
            out.eprint(&match (copy, is_file) {
                (false, _) => {
                    format!("mv: cannot move '{src}' to '{dst}': No such file or directory\n")
                }
                (true, true) => {
                    format!("cp: cannot create regular file '{dst}': No such file or directory\n")
                }
                (true, false) => {
                    format!("cp: cannot create directory '{dst}': No such file or directory\n")
                }
            });
            out.code = 1;
            continue;
        }
        if let Some(text) = s.files.get(&key).cloned() {
            if !copy {
                s.files.remove(&key);
            }
            s.files.insert(to, text);
            continue;
        }
        if key.is_empty() || !is_folder(s, &key) {
            out.eprint(&format!(
                "{tool}: cannot stat '{src}': No such file or directory\n"
            ));
            out.code = 1;
            continue;
        }
        if copy && !recursive {
            out.eprint(&format!(
                "cp: -r not specified; omitting directory '{src}'\n"
            ));
            out.code = 1;
            continue;
        }
        if to == key || to.starts_with(&format!("{key}/")) {
            out.eprint(&format!(
                "{tool}: cannot {} a directory, '{src}', into itself, '{dst}'\n",
                if copy { "copy" } else { "move" }
            ));
            out.code = 1;
            continue;
        }
        let (files, dirs) = under(s, &key);
        let moved = |k: &str| format!("{to}{}", &k[key.len()..]);
        for f in files {
            let text = s.files.get(&f).cloned().unwrap_or_default();
            if !copy {
                s.files.remove(&f);
            }
            s.files.insert(moved(&f), text);
        }
        for d in dirs {
            if !copy {
                s.dirs.remove(&d);
            }
            s.dirs.insert(moved(&d));
        }
        s.dirs.insert(to);
    }
    out
}

fn mv(s: &mut Session, argv: &[String], _: Option<&str>) -> Output {
    move_or_copy(s, argv, false)
}

fn cp(s: &mut Session, argv: &[String], _: Option<&str>) -> Output {
    move_or_copy(s, argv, true)
}

/// `touch FILE...`: an empty file where there is none (its parent folder must exist).
fn touch(s: &mut Session, argv: &[String], _: Option<&str>) -> Output {
    let (ops, _) = operands(argv, '\0', "");
    if ops.is_empty() {
        return Output::err(
            "touch: missing file operand\nTry 'touch --help' for more information.",
            1,
        );
    }
    let mut out = Output::default();
    for p in ops {
        let key = s.path(p);
        let parent = key.rsplit_once('/').map_or("", |(d, _)| d);
        if key.starts_with('/') || (!parent.is_empty() && !is_folder(s, parent)) {
            out.eprint(&format!(
                "touch: cannot touch '{p}': No such file or directory\n"
            ));
            out.code = 1;
            continue;
        }
        if !s.files.contains_key(&key) && !is_folder(s, &key) {
            s.files.insert(key, String::new());
        }
    }
    out
}

/// `pwd`: the working directory (`cd` moves it among the machine's folders).
fn pwd(s: &mut Session, _: &[String], _: Option<&str>) -> Output {
    Output::ok(format!(
        "/home/{USER}{}{}\n",
        if s.cwd.is_empty() { "" } else { "/" },
        s.cwd
    ))
}

/// `watch [-n SECONDS] [-t] ... CMD` (procps-ng): CMD, run by `sh -c`, shown once without
/// watch's title, then a note: a real watch repeats it every interval until Ctrl-C, which
/// this terminal, whose time moves only with commands, cannot show.
fn watch(s: &mut Session, argv: &[String], _: Option<&str>) -> Output {
    let mut words = argv[1..].iter().peekable();
    let mut interval = "2.0".to_string();
    while let Some(w) = words.peek() {
        match w.as_str() {
            "-n" | "--interval" => {
                words.next();
                if let Some(n) = words.next() {
                    interval = n.clone();
                }
            }
            w if w.starts_with("--interval=") => {
                interval = w["--interval=".len()..].to_string();
                words.next();
            }
            w if w.starts_with("-n") && w.len() > 2 => {
                interval = w[2..].to_string();
                words.next();
            }
            w if w.starts_with('-') && w.len() > 1 => {
                words.next();
            }
            _ => break,
        }
    }
    let command: Vec<&str> = words.map(String::as_str).collect();
    if command.is_empty() {
        return Output::err(
            "Usage:\n watch [options] command\n\nOptions:\n  -n, --interval <secs>  seconds to wait between updates",
            1,
        );
    }
    let line = command.join(" ");
    let mut vars = s.vars.clone();
    let mut out = shell::execute(&line, &mut Terminal(s), &mut vars);
    out.eprint(&format!(
        "(watch runs this every {interval}s until Ctrl-C; this terminal shows it once: `sleep 10`, then the command again, shows time passing)\n"
    ));
    out.code = 0;
    out
}

fn date(s: &mut Session, _: &[String], _: Option<&str>) -> Output {
    Output::ok(format!(
        "{}\n",
        super::text::rfc1123z(super::objects::secs(s.sim.world.now))
    ))
}

fn curl(s: &mut Session, argv: &[String], _: Option<&str>) -> Output {
    super::net::host_http(s, &argv[0], &argv[1..])
}

fn sleep(s: &mut Session, argv: &[String], _: Option<&str>) -> Output {
    let arg = argv.get(1).map(String::as_str).unwrap_or("");
    match registry::parse_seconds(arg) {
        Some(ms) => {
            // A sleep in the background does not hold the terminal.
            if !s.in_job {
                s.sim.advance(ms);
            }
            Output::default()
        }
        // GNU coreutils in a UTF-8 locale (`quote` gives curly quotes).
        None if arg.is_empty() => Output::err(
            "sleep: missing operand\nTry 'sleep --help' for more information.",
            1,
        ),
        // A duration, but longer than virtual time may jump at once: say so.
        None if registry::too_long(arg) => Output::err(
            format!(
                "sleep: {arg} is longer than this terminal lets virtual time jump at once (at most 7 days: sleep 604800)"
            ),
            1,
        ),
        None => Output::err(
            format!(
                "sleep: invalid time interval \u{2018}{arg}\u{2019}\nTry 'sleep --help' for more information."
            ),
            1,
        ),
    }
}

fn fault(s: &mut Session, argv: &[String], _: Option<&str>) -> Output {
    let spec = argv[1..].join(" ");
    let applied = crate::sim::ops::parse_fault(&spec)
        .and_then(|f| s.sim.apply(&crate::sim::ops::Step::Fault(f)));
    match applied {
        Ok(()) => Output::ok(format!("fault in force: {spec}\n")),
        Err(e) => Output::err(format!("fault: {e}"), 1),
    }
}
