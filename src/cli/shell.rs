//! `kubectl stsplay shell`: the simulated cluster behind a kubectl prompt. From a pipe it
//! replays one command a line, echoing `$ command` before the output and `(exit status N)`
//! after a failure (for transcripts, see `tests/it/shell.rs`); on a terminal it is interactive,
//! with history and tab completion.

use super::args::Args;
use super::{EXIT_OK, EXIT_USAGE, analyze_files, read_files};
use crate::kubectl::{Output, Session};
use crate::shell::Stream;
use crate::sim::Simulation;
use std::io::{Read, Write};

pub fn shell(
    args: &Args,
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
    tty: bool,
) -> i32 {
    // With a pipe, standard input carries the commands, so the manifests must come from files.
    if !tty && args.files.iter().any(|f| f == "-") {
        let _ = writeln!(
            stderr,
            "error: shell reads commands from standard input; give manifests as files (-f FILE)"
        );
        return EXIT_USAGE;
    }
    let files = if args.files.is_empty() {
        Vec::new()
    } else {
        match read_files(args, stdin) {
            Ok(f) => f,
            Err(msg) => {
                let _ = writeln!(stderr, "error: {msg}");
                return EXIT_USAGE;
            }
        }
    };
    let sim_opts = match super::sim_options(args) {
        Ok(o) => o,
        Err(e) => {
            let _ = writeln!(stderr, "error: {e}");
            return EXIT_USAGE;
        }
    };
    let analysis = analyze_files(&files, &args.options);
    let sim = Simulation::new(&analysis, &args.options, &sim_opts);
    let mut session = Session::new(sim);
    session.settle = args.settle;
    session.helm = args.chart.version;
    for path in &args.charts {
        // The chart sits both where it was named and under its folder name in the terminal's
        // working directory, so `helm install NAME ./DIR` works as after copying it there.
        let dir = path.trim_start_matches("./").trim_end_matches('/');
        let base = dir.rsplit('/').next().unwrap_or(dir);
        match super::template::read_dir(std::path::Path::new(path)) {
            Ok(files) => {
                for f in files {
                    let text = f.text();
                    session
                        .files
                        .insert(format!("{base}/{}", f.name), text.clone());
                    session.files.insert(format!("{dir}/{}", f.name), text);
                }
            }
            Err(e) => {
                let _ = writeln!(stderr, "error: --chart {path}: {e}");
                return EXIT_USAGE;
            }
        }
    }
    for f in &files {
        if let Ok(text) = &f.text {
            session.files.insert(f.name.clone(), text.clone());
            if let Some(base) = std::path::Path::new(&f.name)
                .file_name()
                .and_then(|b| b.to_str())
            {
                session.files.insert(base.to_string(), text.clone());
            }
        }
    }
    if tty {
        return interactive(&mut session, stdout);
    }
    let mut input = String::new();
    if let Err(e) = stdin.read_to_string(&mut input) {
        let _ = writeln!(stderr, "error: reading standard input: {e}");
        return EXIT_USAGE;
    }
    for line in input.lines() {
        let line = line.trim_end_matches('\r');
        // Inside a here-document every line counts, and the prompt is bash's `> `.
        let continuing = session.continuing();
        if line.trim().is_empty() && !continuing {
            continue;
        }
        let _ = match session.inside_prompt() {
            // A container's shell the terminal is attached to (`kubectl exec -it POD -- sh`).
            Some(prompt) => writeln!(stdout, "{prompt}{line}"),
            None => writeln!(stdout, "{} {line}", if continuing { ">" } else { "$" }),
        };
        let _ = stdout.flush();
        load_files(&mut session, line);
        let out = session.run(line);
        // Output without a final newline (`-o jsonpath=...`) would glue the next `$ ` to it: end
        // the line first, as zsh does before its prompt.
        if !emit(&out, stdout, stderr) {
            let _ = writeln!(stdout);
        }
        // As the interactive prompt and the browser terminal do: a transcript shows failures.
        if out.code != 0 {
            let _ = writeln!(stdout, "(exit status {})", out.code);
        }
    }
    // Input that ends inside a command (an open quote, a trailing `&&`): bash's complaint.
    if let Some(text) = session.pending.take()
        && let Err(e) = crate::shell::parse(&text)
    {
        let _ = writeln!(stderr, "{}", e.message(crate::shell::Dialect::Bash));
        let _ = writeln!(stdout, "(exit status {})", e.code());
    }
    EXIT_OK
}

/// Makes the files a command line names with `-f` (or redirects in with `<`) readable by
/// the terminal's commands.
fn load_files(session: &mut Session, line: &str) {
    let Ok(list) = crate::shell::parse(line) else {
        return;
    };
    let words = list.plain_words();
    for (i, w) in words.iter().enumerate() {
        let path = if w == "-f" || w == "--filename" || w == "<" {
            words.get(i + 1).cloned()
        } else {
            w.strip_prefix("--filename=")
                .or_else(|| w.strip_prefix("-f="))
                .map(str::to_string)
        };
        // The process's own directory is the terminal's home folder (`cd` moves within it).
        if let Some(p) = path.map(|p| session.path(&p))
            && !session.files.contains_key(&p)
            && let Ok(bytes) = std::fs::read(&p)
            && let Ok(text) = String::from_utf8(bytes)
        {
            session.files.insert(p, text);
        }
    }
}

/// Writes a command's output as a terminal shows it: each piece to its stream, in the order
/// it was written. Returns whether what was written ends a line (true when nothing was).
fn emit(out: &Output, stdout: &mut dyn Write, stderr: &mut dyn Write) -> bool {
    let mut last = "";
    for (stream, text) in &out.chunks {
        let w: &mut dyn Write = match stream {
            Stream::Out => &mut *stdout,
            Stream::Err => &mut *stderr,
        };
        let _ = w.write_all(text.as_bytes());
        let _ = w.flush();
        last = text;
    }
    last.is_empty() || last.ends_with('\n')
}

#[cfg(not(target_arch = "wasm32"))]
fn interactive(session: &mut Session, stdout: &mut dyn Write) -> i32 {
    use rustyline::error::ReadlineError;
    let snapshot = std::rc::Rc::new(std::cell::RefCell::new(session.clone()));
    let helper = Completion {
        session: snapshot.clone(),
    };
    let Ok(mut editor) = rustyline::Editor::<Completion, rustyline::history::DefaultHistory>::new()
    else {
        let _ = writeln!(stdout, "error: this terminal cannot be used interactively");
        return EXIT_USAGE;
    };
    editor.set_helper(Some(helper));
    let _ = writeln!(
        stdout,
        "StatefulSet Playground: a simulated cluster. Type help for commands, Ctrl-D to leave."
    );
    loop {
        *snapshot.borrow_mut() = session.clone();
        let prompt = if session.continuing() {
            "> ".to_string()
        } else if let Some(inside) = session.inside_prompt() {
            inside.to_string()
        } else {
            format!("[{}] $ ", crate::sim::format_ms(session.sim.world.now))
        };
        match editor.readline(&prompt) {
            Ok(line) => {
                if line.trim().is_empty() && !session.continuing() {
                    continue;
                }
                let _ = editor.add_history_entry(line.as_str());
                load_files(session, &line);
                let out = session.run(&line);
                if out.clear {
                    let _ = write!(stdout, "\x1b[2J\x1b[H");
                }
                if !emit(&out, stdout, &mut std::io::stderr()) {
                    let _ = writeln!(stdout);
                }
                if out.code != 0 {
                    let _ = writeln!(stdout, "(exit status {})", out.code);
                }
            }
            Err(ReadlineError::Interrupted) => {
                let _ = session.run(crate::kubectl::INTERRUPT);
                continue;
            }
            Err(_) => break,
        }
    }
    EXIT_OK
}

#[cfg(not(target_arch = "wasm32"))]
struct Completion {
    /// The session as it was when the prompt appeared.
    session: std::rc::Rc<std::cell::RefCell<Session>>,
}

#[cfg(not(target_arch = "wasm32"))]
impl rustyline::completion::Completer for Completion {
    type Candidate = String;
    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &rustyline::Context<'_>,
    ) -> rustyline::Result<(usize, Vec<String>)> {
        Ok(crate::kubectl::Session::complete(
            &self.session.borrow(),
            line,
            pos,
        ))
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl rustyline::hint::Hinter for Completion {
    type Hint = String;
}
#[cfg(not(target_arch = "wasm32"))]
impl rustyline::highlight::Highlighter for Completion {}
#[cfg(not(target_arch = "wasm32"))]
impl rustyline::validate::Validator for Completion {}
#[cfg(not(target_arch = "wasm32"))]
impl rustyline::Helper for Completion {}
