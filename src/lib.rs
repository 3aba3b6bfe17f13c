//! StatefulSet Playground: see what a Kubernetes StatefulSet will do before you apply it.
//!
//! This crate is a pure, deterministic core with two thin front ends: the Yew web app
//! (`web`, behind the `web` feature, compiled to WebAssembly by Trunk) and the native kubectl
//! plugin (`cli`, the `kubectl-stsplay` binary). The core reads manifests with positions,
//! checks them as the API server would, derives what the cluster would create, and simulates
//! the StatefulSet controller on a virtual clock. It knows nothing of the DOM, the clock, the
//! filesystem or unseeded randomness; see ARCHITECTURE.md.

pub mod charts;
pub mod defaults;
pub mod derive;
pub mod diag;
pub mod editing;
pub mod go;
pub mod gotmpl;
pub mod helm;
pub mod kubectl;
pub mod labels;
pub mod manifest;
pub mod playground;
pub mod quantity;
pub mod scenario;
pub mod schema;
pub mod share;
pub mod shell;
pub mod sim;
pub mod sort;
pub mod ui;
pub mod update;
pub mod validate;
pub mod version;
pub mod yaml;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;

#[cfg(feature = "web")]
pub mod web;

pub use derive::Options;
pub use diag::{Diagnostic, Severity, Source};
pub use manifest::Input;

use yaml::Node;

/// Everything the playground knows about a set of input texts.
#[derive(Clone, Debug, Default)]
pub struct Analysis {
    pub manifests: manifest::Manifests,
    /// Every finding, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// The StatefulSets with API defaults applied (clean trees), by index into `manifests.objects`.
    pub defaulted: Vec<(usize, Node)>,
    pub plan: derive::Plan,
}

impl Analysis {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Reads, checks and derives: the one entry point both front ends call on every edit.
pub fn analyze(inputs: &[Input<'_>], opts: &Options) -> Analysis {
    let manifests = manifest::read(inputs, &opts.namespace);
    let defaulted: Vec<(usize, Node)> = manifests
        .objects
        .iter()
        .enumerate()
        .filter(|(_, o)| o.is(manifest::Kind::StatefulSet))
        .map(|(i, o)| {
            let mut sts = o.clean.clone();
            defaults::statefulset(&mut sts, &opts.profile);
            (i, sts)
        })
        .collect();
    let services = derive::services(&manifests);
    let plan = derive::plan(&manifests, &defaulted, &services, opts);
    let mut diagnostics = manifests.diagnostics.clone();
    diagnostics.extend(validate::check(
        &manifests,
        &defaulted,
        &services,
        &opts.profile,
    ));
    diag::sort(&mut diagnostics);
    Analysis {
        manifests,
        diagnostics,
        defaulted,
        plan,
    }
}

/// A diagnostic in the contract's JSON shape (`static/docs/cli.md`, "Diagnostics").
pub fn diagnostic_json(d: &Diagnostic, files: &[String]) -> serde_json::Value {
    serde_json::json!({
        "severity": d.severity,
        "code": d.code,
        "source": d.source,
        "field": d.field,
        "message": d.message,
        "file": files.get(d.file).cloned().unwrap_or_default(),
        "document": d.document,
        "line": d.span.start.line,
        "column": d.span.start.column,
        "endLine": d.span.end.line,
        "endColumn": d.span.end.column,
    })
}
