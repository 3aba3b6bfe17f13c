//! The problems list: every diagnostic with its line and column.

use crate::diag::Diagnostic;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DiagnosticsProps {
    pub diagnostics: Vec<Diagnostic>,
}

#[function_component(Diagnostics)]
pub fn diagnostics(props: &DiagnosticsProps) -> Html {
    if props.diagnostics.is_empty() {
        return html! { <p class="problems-ok" data-testid="no-problems">{ "No problems found." }</p> };
    }
    html! {
        <ul class="problems" data-testid="problems" aria-label="Problems">
            { for props.diagnostics.iter().map(|d| html! {
                <li class={classes!("problem", d.severity.as_str())} data-testid="problem">
                    <span class="sev">{ d.severity.as_str() }</span>
                    <span class="loc" data-testid="problem-location">{ format!("{}:{}", d.span.start.line, d.span.start.column) }</span>
                    <span class="msg">{ d.text() }</span>
                    <code class="code">{ d.code }</code>
                </li>
            }) }
        </ul>
    }
}
