//! Shared test helpers.

use stsplay::{Analysis, Input, Options};

/// The kubernetes.io `web`/`nginx` example, as the playground opens with it.
pub const WEB: &str = include_str!("data/web-concept.yaml");

pub fn analyze(text: &str) -> Analysis {
    stsplay::analyze(
        &[Input {
            name: "test.yaml",
            text,
        }],
        &Options::default(),
    )
}

/// Diagnostics as `line:col severity code field: message`, one per line.
pub fn diagnostics(a: &Analysis) -> String {
    a.diagnostics
        .iter()
        .map(|d| {
            format!(
                "{}:{} {} {} {}\n",
                d.span.start.line,
                d.span.start.column,
                d.severity.as_str(),
                d.code,
                d.text()
            )
        })
        .collect()
}

/// `text` with one line replaced: a test states only the line it changes.
pub fn with_line(text: &str, old: &str, new: &str) -> String {
    assert!(text.contains(old), "fixture has no line {old:?}");
    text.replacen(old, new, 1)
}
