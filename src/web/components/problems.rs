//! The problems list: every diagnostic with its severity (in words and a symbol, never colour
//! alone), line and column, message and code, errors first, then warnings, then notes, each
//! in the order of the text. Activating one puts the cursor there.

use crate::diag::{Diagnostic, Severity};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ProblemsProps {
    pub diagnostics: Rc<Vec<Diagnostic>>,
    pub on_jump: Callback<(u32, u32)>,
    /// In a chart: the file each diagnostic's `file` index names (shown, and jumped to).
    #[prop_or_default]
    pub files: Rc<Vec<String>>,
    #[prop_or_default]
    pub on_jump_file: Callback<(String, u32, u32)>,
}

/// Problems listed at most, the worst first (a thousand notes must not hide an error); the
/// summary above still counts them all (10,000 buttons would make every keystroke slow).
const MAX_LISTED: usize = 500;

fn count(ds: &[Diagnostic], s: Severity) -> usize {
    ds.iter().filter(|d| d.severity == s).count()
}

/// The problems to list: at most MAX_LISTED, errors, then warnings, then notes.
fn listed(ds: &[Diagnostic]) -> Vec<&Diagnostic> {
    let mut out = Vec::with_capacity(ds.len().min(MAX_LISTED));
    for s in [Severity::Error, Severity::Warning, Severity::Info] {
        for d in ds {
            if d.severity == s && out.len() < MAX_LISTED {
                out.push(d);
            }
        }
    }
    out
}

#[function_component(Problems)]
pub fn problems(props: &ProblemsProps) -> Html {
    let ds = &props.diagnostics;
    let (e, w, i) = (
        count(ds, Severity::Error),
        count(ds, Severity::Warning),
        count(ds, Severity::Info),
    );
    let plural = |n: usize, one: &str| format!("{n} {one}{}", if n == 1 { "" } else { "s" });
    let summary = if ds.is_empty() {
        "No problems found: the API server would accept this.".to_string()
    } else {
        format!(
            "{}, {}, {}",
            plural(e, "error"),
            plural(w, "warning"),
            plural(i, "note")
        )
    };
    html! {
        <section class="problems-card" aria-labelledby="problems-title">
            <div class="card-head">
                <h2 id="problems-title">{ "Problems" }</h2>
                <span id="problems-summary" class={classes!("summary", if e > 0 { "bad" } else if ds.is_empty() { "good" } else { "meh" })}
                    data-testid={if ds.is_empty() { "no-problems" } else { "problems-summary" }}>{ summary }</span>
            </div>
            if !ds.is_empty() {
                <ul class="problems" data-testid="problems">
                    { for listed(ds).into_iter().map(|d| {
                        let (line, col) = (d.span.start.line, d.span.start.column);
                        let file = props.files.get(d.file).cloned();
                        let onclick = match file.clone() {
                            Some(f) => props.on_jump_file.reform(move |_| (f.clone(), line, col)),
                            None => props.on_jump.reform(move |_| (line, col)),
                        };
                        let loc = match &file {
                            Some(f) => format!("{f}:{line}:{col}"),
                            None => format!("{line}:{col}"),
                        };
                        let icon = match d.severity { Severity::Error => "✖", Severity::Warning => "▲", Severity::Info => "●" };
                        html! {
                            <li data-testid="problem">
                                <button class={classes!("problem", d.severity.as_str())} {onclick}>
                                    <span class="sev"><span aria-hidden="true">{ icon }</span>{ " " }{ d.severity.as_str() }</span>
                                    <span class="sr-only">{ format!(" at line {line}, column {col}: ") }</span>
                                    <span class="loc" data-testid="problem-location" aria-hidden="true">{ loc }</span>
                                    <span class="msg">{ d.text() }</span>
                                    <code class="code">{ d.code }</code>
                                </button>
                            </li>
                        }
                    }) }
                    if ds.len() > MAX_LISTED {
                        <li class="more">{ format!("… and {} more, not listed", ds.len() - MAX_LISTED) }</li>
                    }
                </ul>
            }
        </section>
    }
}
