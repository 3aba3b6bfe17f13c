//! A terminal session on the simulated cluster: the `Simulation`, the namespace commands use,
//! the files the terminal's machine holds (`kubectl apply -f` reads them, `>` writes them),
//! port-forwards, shell variables and background jobs. State only: `terminal` runs command
//! lines against it.

use crate::shell::{Output, Vars};
use crate::sim::Simulation;
use std::collections::BTreeMap;

/// A forwarded local port (`kubectl port-forward`).
#[derive(Clone, Debug, PartialEq)]
pub struct Forward {
    pub local: u16,
    /// `pod/NAME` or `svc/NAME`.
    pub target: String,
    pub ns: String,
    pub remote: i64,
}

#[derive(Clone, Debug)]
pub struct Session {
    pub sim: Simulation,
    /// The namespace commands use when they name none.
    pub namespace: String,
    /// Files on the terminal's machine: what `kubectl apply -f NAME` reads (the browser's
    /// editor is `manifest.yaml`) and what `> NAME` writes.
    pub files: BTreeMap<String, String>,
    /// Folders `mkdir` made on the machine (a folder that holds files needs no entry).
    pub dirs: std::collections::BTreeSet<String>,
    /// Let the world settle before every command (`kubectl stsplay shell --settle`).
    pub settle: bool,
    pub forwards: Vec<Forward>,
    /// Files written inside containers outside any volume, by (pod uid, path): lost when the
    /// pod is recreated, as a container's own filesystem is.
    pub scratch: BTreeMap<(String, String), String>,
    /// The terminal shell's variables (`X=1`, `$?`).
    pub vars: Vars,
    /// The environment of the command running now: the shell's variables when it started
    /// (`docker` reads `MINIKUBE_ACTIVE_DOCKERD`).
    pub env: Vars,
    /// Background jobs started so far (`cmd &`).
    pub jobs: usize,
    /// A command runs as a background job: it does not hold the terminal, so it does not
    /// move virtual time.
    pub in_job: bool,
    /// Whose `helm` the terminal runs: v4.2 (the default) or v3.17 (`shell --helm-version 3`,
    /// or a chart set to helm 3 in the page).
    pub helm: crate::helm::Version,
    /// The lines of a command whose here-document has not ended (`cat <<EOF > pod.yaml`,
    /// then its lines): the terminal reads on (bash's `> ` prompt) and runs it at `EOF`.
    pub pending: Option<String>,
    /// The interactive shell of a container the terminal is attached to: lines go to it,
    /// at its prompt, until `exit`.
    pub inside: Option<Inside>,
    /// The terminal's working directory, relative to the home folder (`""` is home; `cd`
    /// moves it). The keys of `files` are relative to home.
    pub cwd: String,
}

/// An interactive shell in a container (`kubectl exec -it POD -- sh`, `kubectl run -it`).
#[derive(Clone, Debug, PartialEq)]
pub struct Inside {
    pub of: InsideOf,
    /// The shell's own variables (`$?` included), kept from line to line.
    pub vars: Vars,
    /// Lines read so far: dash numbers its errors by them.
    pub lines: usize,
    /// What the shell prints before each line (`/ # `, `# `, `root@web-0:/# `).
    pub prompt: String,
    /// Its working directory.
    pub cwd: String,
}

/// Whose shell it is.
#[derive(Clone, Debug, PartialEq)]
pub enum InsideOf {
    /// Container `container` of a pod of the cluster (`kubectl exec -it`).
    Exec {
        pod: crate::sim::world::Key,
        container: usize,
        /// The shell is bash (else the image's `sh`).
        bash: bool,
    },
    /// The one-off pod of `kubectl run -it` (not kept in the cluster).
    Run(OneOffPod),
    /// The minikube node (`minikube ssh`).
    Node,
}

/// `kubectl run`'s attached one-off pod, and how kubectl ends its session: `--rm` deletes it,
/// `--restart=Never` reports a failed exit, `-q` keeps kubectl's own lines out.
#[derive(Clone, Debug, PartialEq)]
pub struct OneOffPod {
    pub name: String,
    pub ns: String,
    pub image: String,
    pub rm: bool,
    pub never: bool,
    pub quiet: bool,
}

impl Session {
    /// Runs one command line (the terminal's `run`).
    pub fn run(&mut self, line: &str) -> Output {
        match super::loaded() {
            Some(t) => (t.run)(self, line),
            None => Output::err(
                "the terminal is still loading; run the command again in a moment",
                1,
            ),
        }
    }

    /// Whether the next line continues a here-document (the prompt is `> `, not `$ `).
    pub fn continuing(&self) -> bool {
        self.pending.is_some()
    }

    /// `path` as typed in the terminal, as a key of `files`: from the working directory (or
    /// home for `~` and `/home/USER`), with `.` and `..` worked out; `""` is the home folder.
    pub fn path(&self, path: &str) -> String {
        let home = format!("/home/{}", super::terminal::USER);
        let (base, rest) = if path == "~" || path == home {
            ("", "")
        } else if let Some(r) = path.strip_prefix("~/") {
            ("", r)
        } else if let Some(r) = path.strip_prefix(&format!("{home}/")) {
            ("", r)
        } else if path.starts_with('/') {
            // Elsewhere on the machine: kept as written.
            return path.to_string();
        } else {
            (self.cwd.as_str(), path)
        };
        let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
        for part in rest.split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    parts.pop();
                }
                p => parts.push(p),
            }
        }
        parts.join("/")
    }

    /// The prompt of a container's shell the terminal is attached to, if it is.
    pub fn inside_prompt(&self) -> Option<&str> {
        self.inside.as_ref().map(|i| i.prompt.as_str())
    }

    /// Tab completion of `line` at byte offset `cursor`: where the completed word starts and
    /// the candidates (none while the terminal loads).
    pub fn complete(&self, line: &str, cursor: usize) -> (usize, Vec<String>) {
        match super::loaded() {
            Some(t) => (t.complete)(self, line, cursor),
            None => (cursor, Vec::new()),
        }
    }

    pub fn new(sim: Simulation) -> Session {
        let namespace = sim.opts.namespace.clone();
        Session {
            sim,
            namespace,
            files: BTreeMap::new(),
            settle: false,
            forwards: Vec::new(),
            scratch: BTreeMap::new(),
            vars: Vars::new(),
            env: Vars::new(),
            jobs: 0,
            in_job: false,
            helm: crate::helm::Version::V4,
            pending: None,
            inside: None,
            cwd: String::new(),
            dirs: Default::default(),
        }
    }
}
