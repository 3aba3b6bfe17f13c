//! `kubectl stsplay`: the native front end. Parses arguments, reads files, calls the core,
//! prints text or JSON and chooses the exit code, exactly as `static/docs/cli.md` says.
//! This is the only place (with `web`) that does input and output.

mod args;
mod output;
mod shell;
mod template;

use crate::diag::{Diagnostic, Pos, Severity, Source, Span};
use crate::{Analysis, Input, Options};
use args::{Args, Command, Format};
use std::io::{Read, Write};

/// Exit codes of the contract.
pub const EXIT_OK: i32 = 0;
pub const EXIT_DIAGNOSTICS: i32 = 1;
pub const EXIT_USAGE: i32 = 2;

/// Runs the CLI with `argv` (without the program name) and returns the exit code.
pub fn run(
    argv: &[String],
    stdin: &mut (dyn Read + Send),
    stdout: &mut (dyn Write + Send),
    stderr: &mut (dyn Write + Send),
) -> i32 {
    run_with(argv, stdin, stdout, stderr, false)
}

/// The stack every command runs on (reserved, not committed, until used): a chart may nest
/// `include` a thousand deep before Helm gives up, in `template`, `lint -f CHART`, the
/// shell's `helm install`... A thread's default stack (2 MiB, 8 MiB for `main`) is not enough.
const STACK_BYTES: usize = 1 << 30;

/// `run`, told whether standard input is a terminal (the interactive shell needs one).
pub fn run_with(
    argv: &[String],
    stdin: &mut (dyn Read + Send),
    stdout: &mut (dyn Write + Send),
    stderr: &mut (dyn Write + Send),
    tty: bool,
) -> i32 {
    let code = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .stack_size(STACK_BYTES)
            .spawn_scoped(scope, || dispatch(argv, stdin, stdout, stderr, tty))
            .ok()
            .map(|h| h.join().unwrap_or(EXIT_USAGE))
    });
    code.unwrap_or_else(|| {
        let _ = writeln!(stderr, "error: no thread could be started for the command");
        EXIT_USAGE
    })
}

fn dispatch(
    argv: &[String],
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
    tty: bool,
) -> i32 {
    // `template` takes helm's flags, not ours.
    if argv.first().is_some_and(|c| c == "template") {
        return template::template(&argv[1..], stdout, stderr);
    }
    let args = match args::parse(argv) {
        Ok(a) => a,
        Err(msg) => {
            let _ = writeln!(stderr, "error: {msg}");
            return EXIT_USAGE;
        }
    };
    match args.command {
        Command::Help => {
            let _ = stdout.write_all(args::HELP.as_bytes());
            EXIT_OK
        }
        Command::Version => {
            let _ = writeln!(
                stdout,
                "kubectl-stsplay {} (Kubernetes {} behaviour)",
                env!("CARGO_PKG_VERSION"),
                args.options.profile.version()
            );
            EXIT_OK
        }
        Command::Diff => {
            if args.files.len() != 2 {
                let _ = writeln!(stderr, "error: diff needs exactly two files: -f OLD -f NEW");
                return EXIT_USAGE;
            }
            let files = match read_files(&args, stdin) {
                Ok(f) => f,
                Err(msg) => {
                    let _ = writeln!(stderr, "error: {msg}");
                    return EXIT_USAGE;
                }
            };
            let old = analyze_files(&files[..1], &args.options);
            let mut new = analyze_files(&files[1..], &args.options);
            // NEW's diagnostics name its file (index 1 of the command line).
            new.manifests.files = vec![files[1].name.clone()];
            let diff = crate::update::check(&old, &new);
            let out = match args.format {
                Format::Json => output::diff_json(&diff, &new.manifests.files),
                Format::Text => output::diff_text(&diff, &new.manifests.files),
            };
            let _ = stdout.write_all(out.as_bytes());
            let failed =
                diff.diagnostics.iter().any(Diagnostic::is_error) || !diff.forbidden.is_empty();
            if failed { EXIT_DIAGNOSTICS } else { EXIT_OK }
        }
        Command::Simulate => simulate(&args, stdin, stdout, stderr),
        Command::Shell => shell::shell(&args, stdin, stdout, stderr, tty),
        Command::Lint | Command::Plan => {
            let files = match read_files(&args, stdin) {
                Ok(f) => f,
                Err(msg) => {
                    let _ = writeln!(stderr, "error: {msg}");
                    return EXIT_USAGE;
                }
            };
            let analysis = analyze_files(&files, &args.options);
            let out = match (args.command, args.format) {
                (Command::Lint, Format::Json) => output::lint_json(&analysis),
                (Command::Lint, Format::Text) => output::lint_text(&analysis),
                (_, Format::Json) => output::plan_json(&analysis),
                (_, Format::Text) => output::plan_text(&analysis),
            };
            let _ = stdout.write_all(out.as_bytes());
            if analysis.has_errors() {
                EXIT_DIAGNOSTICS
            } else {
                EXIT_OK
            }
        }
    }
}

/// A file read from disk or standard input: its name and its bytes as text, or why not; or a
/// chart, rendered.
pub struct File {
    pub name: String,
    pub text: Result<String, Diagnostic>,
    pub chart: Option<crate::helm::inputs::Rendering>,
}

/// Is `path` a chart: a directory holding `Chart.yaml`, or a `.tgz`?
fn is_chart(path: &str) -> bool {
    let p = std::path::Path::new(path);
    (p.is_dir() && p.join("Chart.yaml").is_file())
        || (p.is_file() && (path.ends_with(".tgz") || path.ends_with(".tar.gz")))
}

/// Renders the chart at `path` with the command line's chart flags.
fn render_chart(path: &str, args: &Args) -> crate::helm::inputs::Rendering {
    use crate::helm::{inputs, template as ht};
    let disk = template::Disk;
    let targs = ht::Args {
        name: Some(args.chart.release_name.clone()),
        chart: path.to_string(),
        values: args.chart.values.clone(),
        namespace: Some(args.options.namespace.clone()),
        version: args.chart.version,
        seed: args.seed,
        skip_schema_validation: args.chart.skip_schema_validation,
        ..Default::default()
    };
    let loaded = ht::user_values(&disk, &targs).and_then(|user| {
        let chart = ht::load_chart(&disk, path, args.chart.version)?;
        Ok((chart, user))
    });
    match loaded {
        Ok((chart, user)) => inputs::render(&chart, &user, &ht::options(&targs)),
        Err(f) => inputs::Rendering::failed(f),
    }
}

pub(crate) fn read_files(args: &Args, stdin: &mut dyn Read) -> Result<Vec<File>, String> {
    if args.files.is_empty() {
        return Err("must specify -f FILE (repeatable; -f - reads standard input)".into());
    }
    let mut files = Vec::new();
    for path in &args.files {
        if path != "-" && is_chart(path) {
            files.push(File {
                name: path.clone(),
                text: Ok(String::new()),
                chart: Some(render_chart(path, args)),
            });
            continue;
        }
        let (name, bytes) = if path == "-" {
            let mut buf = Vec::new();
            stdin
                .read_to_end(&mut buf)
                .map_err(|e| format!("reading standard input: {e}"))?;
            ("-".to_string(), buf)
        } else {
            let bytes = std::fs::read(path)
                .map_err(|e| format!("the path \"{path}\" cannot be read: {}", io_reason(&e)))?;
            (path.clone(), bytes)
        };
        let text = decode_text(bytes);
        files.push(File {
            name,
            text,
            chart: None,
        });
    }
    Ok(files)
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::IsADirectory => "it is a directory".into(),
        _ => e.to_string(),
    }
}

/// UTF-8 text, or a located diagnostic saying where the bytes stop being text.
pub fn decode_text(bytes: Vec<u8>) -> Result<String, Diagnostic> {
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let text = String::from_utf8_lossy(valid);
            let line = text.matches('\n').count() as u32 + 1;
            let column = text.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u32 + 1;
            let byte = e.as_bytes()[valid.len()];
            Err(Diagnostic::new(Severity::Error, Source::Parse, "not-utf8")
                .message(format!("the file is not UTF-8 text (byte 0x{byte:02x}); manifests must be UTF-8 YAML or JSON"))
                .span(Span::new(Pos::new(line, column), Pos::new(line, column))))
        }
    }
}

/// Analyses files, adding a diagnostic for each file that is not text. A chart contributes
/// one input per rendered template, and its diagnostics are moved to the template lines.
pub fn analyze_files(files: &[File], opts: &Options) -> Analysis {
    let mut inputs: Vec<Input<'_>> = Vec::new();
    let mut first_input = Vec::new();
    for f in files {
        first_input.push(inputs.len());
        match &f.chart {
            Some(r) => inputs.extend(r.inputs.iter().map(|i| Input {
                name: &i.name,
                text: &i.text,
            })),
            None => inputs.push(Input {
                name: &f.name,
                text: f.text.as_deref().unwrap_or(""),
            }),
        }
    }
    let mut analysis = crate::analyze(&inputs, opts);
    for (i, f) in files.iter().enumerate() {
        if let Some(r) = &f.chart {
            let files = &mut analysis.manifests.files;
            r.diagnose(first_input[i], &mut analysis.diagnostics, files, &f.name);
        } else if let Err(d) = &f.text {
            let mut d = d.clone();
            d.file = first_input[i];
            analysis.diagnostics.push(d);
        }
    }
    crate::diag::sort(&mut analysis.diagnostics);
    analysis
}

/// The simulation's options from `--seed`, `--fault`, `--program` and `--image-tools`
/// (`simulate` and `shell`).
fn sim_options(args: &Args) -> Result<crate::sim::SimOptions, String> {
    let mut faults = Vec::new();
    for f in &args.faults {
        faults.push(crate::sim::ops::parse_fault(f).map_err(|e| format!("--fault: {e}"))?);
    }
    let choices = crate::sim::app::Choices::parse(&args.programs, &args.image_tools)?;
    Ok(crate::sim::SimOptions {
        seed: args.seed,
        faults,
        choices,
        ..Default::default()
    })
}

fn simulate(
    args: &Args,
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> i32 {
    use crate::sim::{self, ops};
    let sim_opts = match sim_options(args) {
        Ok(o) => o,
        Err(e) => {
            let _ = writeln!(stderr, "error: {e}");
            return EXIT_USAGE;
        }
    };
    let mut steps = Vec::new();
    for s in &args.steps {
        match ops::parse_step(s) {
            Ok(ops::Step::Apply { name, .. }) => match std::fs::read(&name) {
                Ok(bytes) => match decode_text(bytes) {
                    Ok(text) => steps.push(ops::Step::Apply { name, text }),
                    Err(d) => {
                        let _ = writeln!(stderr, "error: --step apply {name}: {}", d.message);
                        return EXIT_USAGE;
                    }
                },
                Err(e) => {
                    let _ = writeln!(
                        stderr,
                        "error: --step apply: the path \"{name}\" cannot be read: {}",
                        io_reason(&e)
                    );
                    return EXIT_USAGE;
                }
            },
            Ok(step) => steps.push(step),
            Err(e) => {
                let _ = writeln!(stderr, "error: --step: {e}");
                return EXIT_USAGE;
            }
        }
    }
    let files = match read_files(args, stdin) {
        Ok(f) => f,
        Err(msg) => {
            let _ = writeln!(stderr, "error: {msg}");
            return EXIT_USAGE;
        }
    };
    let analysis = analyze_files(&files, &args.options);
    let mut simulation = sim::Simulation::new(&analysis, &args.options, &sim_opts);
    let mut outcome = simulation.run(None);
    for step in &steps {
        if let Err(e) = simulation.apply(step) {
            let w = &mut simulation.world;
            let entry = w.log(crate::sim::world::Action::Event, "StatefulSet", "", "");
            entry.reason = Some("StepFailed".into());
            entry.message = Some(e.into());
        }
        let advance = match step {
            ops::Step::Advance(ms) => Some(*ms),
            _ => None,
        };
        outcome = simulation.run(advance);
    }
    let out = match args.format {
        Format::Json => {
            let mut s = String::new();
            for line in simulation.json_lines(0) {
                s.push_str(&line);
                s.push('\n');
            }
            s.push_str(&simulation.state_json().to_string());
            s.push('\n');
            s
        }
        Format::Text => output::simulate_text(&analysis, &simulation),
    };
    let _ = stdout.write_all(out.as_bytes());
    let blocked = !outcome.blocked.is_empty();
    if analysis.has_errors() || (args.fail_on_blocked && blocked) {
        EXIT_DIAGNOSTICS
    } else {
        EXIT_OK
    }
}
