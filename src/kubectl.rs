//! A kubectl for the simulated cluster, inside a terminal: the commands people type in a
//! StatefulSet lab (`kubectl get`, `describe`, `exec`, `delete`, `scale`, `apply`, `patch`,
//! `set image`, `rollout`, `wait`, `logs`, `port-forward`, `run`; `minikube service`,
//! `curl`, `sleep`), printing what the real tools print. Pure: a `Session` owns a
//! `Simulation`, and `Session::run` turns one command line into output.
//!
//! Layers, each importing only those below it: `terminal` (the host machine's command table
//! and `Session::run`) → `verbs`, `minikube` (the programs' verb tables and handlers) →
//! `container`, `net` (inside pods, and the network) → printers (`get`, `describe`,
//! `objects`, `yaml_out`, `jsonpath`, `text`) and `resources` → `registry` (the shape of a
//! verb table) and `session` (state). The shell language itself is `crate::shell`.

pub mod complete;
pub mod container;
pub mod describe;
pub mod get;
pub mod gotemplate;
pub mod helm;
pub mod jsonpath;
pub mod minikube;
pub mod net;
pub mod node;
pub mod objects;
pub mod python;
pub mod registry;
pub mod resources;
pub mod session;
pub mod system;
pub mod terminal;
pub mod text;
pub mod verbs;
pub mod yaml_out;

pub use crate::shell::Output;
pub use session::Session;

/// The line a Ctrl-C at the prompt sends (ETX): the terminal drops what was read of an
/// unfinished command, as bash does at its `> ` prompt. Journaled like any line, shown `^C`.
pub const INTERRUPT: &str = "\u{3}";

/// The terminal's entry points: what `Session::run` and `Session::complete` call, and the
/// chart engine. Everything
/// the terminal runs (verbs, printers, the shell) is reached only through them, so the web app
/// can load it after the first screen (feature `lazy-terminal`, see `web::lazy`).
#[derive(Clone, Copy, Debug)]
pub struct Terminal {
    pub run: fn(&mut Session, &str) -> Output,
    pub complete: fn(&Session, &str, usize) -> (usize, Vec<String>),
    /// Renders and analyses a chart (the chart engine travels with the terminal).
    pub analyze_chart: fn(&crate::charts::ChartSpec, &crate::Options) -> crate::charts::ChartView,
    /// A built-in example chart's files (they travel with the engine too).
    pub example_chart: fn(&str) -> Option<crate::charts::Files>,
    /// The text files of a chart packed by `helm package`.
    pub unpack_chart: fn(&[u8]) -> Result<crate::charts::Files, String>,
}

/// The terminal, if it is loaded: always, except in the web app before its chunk arrives.
#[cfg(not(feature = "lazy-terminal"))]
pub fn loaded() -> Option<Terminal> {
    Some(terminal::ENTRY)
}

#[cfg(feature = "lazy-terminal")]
thread_local! {
    static LOADED: std::cell::Cell<Option<Terminal>> = const { std::cell::Cell::new(None) };
}

/// The terminal, if its chunk has arrived and been installed.
#[cfg(feature = "lazy-terminal")]
pub fn loaded() -> Option<Terminal> {
    LOADED.with(std::cell::Cell::get)
}

/// Installs the terminal once its chunk has loaded (the web app's lazy loader).
#[cfg(feature = "lazy-terminal")]
pub fn install(t: Terminal) {
    LOADED.with(|l| l.set(Some(t)));
}
