//! What a hook pod's container does while helm waits for it: its command, run through the
//! shell language on a host of its own. `sleep` takes time (the clock moves by it once the
//! pod ends), `echo` and the text utilities write the pod's log,
//! `exit N`, `false` and a failing `&&`/`||` chain set its exit code, `hostname` is the pod's
//! name; any other program (the image's own, `wget`, `[`...) says nothing and succeeds, as the
//! playground cannot know what it would do. So a hook that reports failure with `exit 1`
//! fails as in a cluster, and one that only runs its image's tools succeeds as before.

use crate::shell::{self, Dialect, Host, Output, Vars};

/// What the container did: how long it ran, its log and its exit code.
pub struct Run {
    pub secs: u64,
    pub log: Vec<String>,
    pub code: i32,
}

/// The shells whose `-c SCRIPT` the host runs.
const SHELLS: [&str; 3] = ["sh", "bash", "ash"];

/// Runs the first container of the pod `pod` (JSON) named `name`: the words of its `command`
/// and `args` (for busybox and Alpine images, `args` alone is the command, as those images
/// have no entrypoint). `None` when there is nothing the playground can run (no command, or
/// a script its shell does not parse), for the caller's estimate.
pub fn run(pod: &serde_json::Value, name: &str) -> Option<Run> {
    let c = pod.pointer("/spec/containers/0")?;
    let words = |f: &str| -> Vec<String> {
        c.get(f)
            .and_then(|v| v.as_array())
            .map(|a| {
                a.iter()
                    .map(|w| w.as_str().map_or_else(|| w.to_string(), str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let image = c.get("image").and_then(|v| v.as_str()).unwrap_or("");
    let busybox = image.contains("busybox") || image.contains("alpine");
    let mut argv = words("command");
    if argv.is_empty() && !busybox {
        return None;
    }
    argv.extend(words("args"));
    let first = argv.first()?;
    let program = first.rsplit('/').next().unwrap_or(first);
    let script = if SHELLS.contains(&program) {
        match argv.get(1).map(String::as_str) {
            Some("-c") => argv.get(2).cloned().unwrap_or_default(),
            // A shell with nothing to read ends at once.
            _ => String::new(),
        }
    } else {
        argv.iter().map(|w| quote(w)).collect::<Vec<_>>().join(" ")
    };
    let list = shell::parse(&script).ok()?;
    let dialect = match (program, busybox) {
        ("bash", _) => Dialect::Bash,
        (_, true) => Dialect::Ash,
        _ => Dialect::Dash,
    };
    let mut host = HookHost {
        name,
        dialect,
        millis: 0,
        files: Vec::new(),
    };
    let out = shell::run::run(&list, &mut host, &mut Vars::new());
    let text: String = out.chunks.iter().map(|(_, t)| t.as_str()).collect();
    Some(Run {
        secs: (host.millis / 1000).clamp(1, 3600),
        log: text.lines().map(str::to_string).collect(),
        code: out.code,
    })
}

/// A word quoted for the shell: the words of a `command` reach the program as they are.
fn quote(w: &str) -> String {
    format!("'{}'", w.replace('\'', "'\\''"))
}

struct HookHost<'a> {
    name: &'a str,
    dialect: Dialect,
    /// The time its `sleep`s take.
    millis: u64,
    /// What it wrote (its own scratch space, gone with the pod).
    files: Vec<(String, String)>,
}

impl Host for HookHost<'_> {
    fn dialect(&self) -> Dialect {
        self.dialect
    }

    fn command(&mut self, argv: &[String], stdin: Option<&str>) -> Output {
        let files = &self.files;
        let mut read = |p: &str| {
            files
                .iter()
                .find(|(f, _)| f == p)
                .map(|(_, t)| t.clone())
                .ok_or_else(|| format!("{p}: No such file or directory"))
        };
        if let Some(o) = shell::utils::utility(argv, stdin, &mut read) {
            return o;
        }
        match argv.first().map(String::as_str) {
            Some("sleep") => {
                let ms = argv
                    .get(1)
                    .and_then(|a| super::super::registry::parse_seconds(a))
                    .unwrap_or(0);
                self.millis = self.millis.saturating_add(ms);
                Output::default()
            }
            Some("hostname") => Output::ok(format!("{}\n", self.name)),
            _ => Output::default(),
        }
    }

    fn env(&self, name: &str) -> Option<String> {
        (name == "HOSTNAME").then(|| self.name.to_string())
    }

    fn write_file(&mut self, path: &str, text: &str, append: bool) -> Result<(), String> {
        match self.files.iter_mut().find(|(f, _)| f == path) {
            Some((_, t)) if append => t.push_str(text),
            Some((_, t)) => *t = text.to_string(),
            None => self.files.push((path.to_string(), text.to_string())),
        }
        Ok(())
    }

    fn read_file(&mut self, path: &str) -> Result<String, String> {
        self.files
            .iter()
            .find(|(f, _)| f == path)
            .map(|(_, t)| t.clone())
            .ok_or_else(|| match self.dialect {
                Dialect::Ash => format!("sh: can't open '{path}': No such file or directory"),
                _ => format!("sh: 1: cannot open {path}: No such file"),
            })
    }
}
