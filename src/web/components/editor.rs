//! The manifest editor: a plain textarea with line numbers (the full editor comes later).

use crate::diag::Diagnostic;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
    pub on_edit: Callback<String>,
}

#[function_component(Editor)]
pub fn editor(props: &EditorProps) -> Html {
    let oninput = {
        let on_edit = props.on_edit.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(t) = e.target_dyn_into::<HtmlTextAreaElement>() {
                on_edit.emit(t.value());
            }
        })
    };
    let lines = props.text.split('\n').count().max(1);
    let error_lines: std::collections::BTreeSet<u32> = props
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.span.start.line)
        .collect();
    html! {
        <div class="editor">
            <div class="gutter" aria-hidden="true">
                { for (1..=lines).map(|n| {
                    let bad = error_lines.contains(&(n as u32));
                    html! { <div class={classes!("gutter-line", bad.then_some("has-error"))}>{ n }</div> }
                }) }
            </div>
            <textarea
                data-testid="editor"
                class="editor-text"
                rows={lines.to_string()}
                spellcheck="false"
                autocapitalize="off"
                autocomplete="off"
                aria-label="StatefulSet and Service YAML"
                value={props.text.clone()}
                {oninput}
            />
        </div>
    }
}
