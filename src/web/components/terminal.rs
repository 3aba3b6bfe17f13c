//! The terminal: kubectl and a few shell commands against the simulated cluster. Shows the
//! journal's entries up to the cursor (commands from buttons and scenario steps too), keeps a
//! history on the arrow keys and completes with Tab (the app answers with candidates); Ctrl-C
//! drops an unfinished command.

use crate::playground::Entry;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Candidates for a line, answered by the app.
pub use crate::ui::state::Completion;

#[derive(Properties, PartialEq)]
pub struct TerminalProps {
    pub entries: Rc<Vec<Entry>>,
    pub completion: Completion,
    pub on_run: Callback<String>,
    pub on_complete: Callback<(String, usize)>,
    pub on_clear: Callback<()>,
    /// A URL in the output was clicked (minikube's tunnel, a node port).
    pub on_visit: Callback<String>,
    /// A long command running in slices: how far it has got.
    #[prop_or_default]
    pub busy: Option<String>,
}

/// Output text with the URLs the visit panel opens made into buttons.
fn with_links(text: &str, on_visit: &Callback<String>) -> Html {
    let mut parts = Vec::new();
    let mut at = 0;
    for (start, end) in crate::ui::state::visit_urls(text) {
        if start < at {
            continue;
        }
        parts.push(html! { { &text[at..start] } });
        let url = text[start..end].to_string();
        let onclick = on_visit.reform({
            let url = url.clone();
            move |_| url.clone()
        });
        parts.push(html! {
            <button type="button" class="term-link" data-testid="visit-link" {onclick}
                title="Open the visit panel: send requests here and see which pod answers">{ url }</button>
        });
        at = end;
    }
    parts.push(html! { { &text[at..] } });
    parts.into_iter().collect()
}

#[derive(Properties, PartialEq)]
pub struct VisitProps {
    pub panel: crate::ui::state::VisitPanel,
    pub on_visit: Callback<()>,
    pub on_close: Callback<()>,
}

/// The visit panel: requests to a URL the learner reached with `minikube service`, and which
/// pod answered each (kube-proxy spreads them over the Service's ready pods).
#[function_component(VisitCard)]
pub fn visit_card(p: &VisitProps) -> Html {
    html! {
        <section class="visit-card" aria-labelledby="visit-title" data-testid="visit-panel">
            <div class="card-head">
                <h2 id="visit-title">{ "Visit " }<span class="mono">{ &p.panel.url }</span></h2>
                <span class="spacer"></span>
                <button class="btn small" data-testid="visit" onclick={p.on_visit.reform(|_| ())}>{ "Visit" }</button>
                <button class="btn small ghost" onclick={p.on_close.reform(|_| ())}>{ "Close" }</button>
            </div>
            if p.panel.answers.is_empty() {
                <p class="muted">{ "Each visit is one request (curl -s, in the terminal too); the Service sends it to one of its ready pods." }</p>
            }
            <ol class="visits" aria-live="polite">
                { for p.panel.answers.iter().map(|(pod, answer)| html! {
                    <li data-testid="visit-answer">
                        <span class="pod-name mono">{ pod.clone().unwrap_or_else(|| "no pod".into()) }</span>
                        { " · " }<span class="mono">{ answer }</span>
                    </li>
                }) }
            </ol>
        </section>
    }
}

fn common_prefix(v: &[String]) -> String {
    let Some(first) = v.first() else {
        return String::new();
    };
    let mut n = first.len();
    for s in &v[1..] {
        n = n.min(
            first
                .bytes()
                .zip(s.bytes())
                .take_while(|(a, b)| a == b)
                .count(),
        );
    }
    while !first.is_char_boundary(n) {
        n -= 1;
    }
    first[..n].to_string()
}

#[function_component(Terminal)]
pub fn terminal(props: &TerminalProps) -> Html {
    let input = use_node_ref();
    let out = use_node_ref();
    let history_pos = use_state(|| None::<usize>);
    let shown = use_state(Vec::<String>::new);
    {
        // Keep the newest output in view.
        let out = out.clone();
        use_effect_with(props.entries.len(), move |_| {
            if let Some(el) = out.cast::<web_sys::Element>() {
                el.set_scroll_top(el.scroll_height());
            }
        });
    }
    {
        let input = input.clone();
        let shown = shown.clone();
        use_effect_with(props.completion.clone(), move |c| {
            let Some(i) = input.cast::<HtmlInputElement>() else {
                return;
            };
            if c.nonce == 0 || i.value() != c.line {
                return;
            }
            let (start, cursor) = (c.start.min(c.line.len()), c.cursor.min(c.line.len()));
            let insert = match c.candidates.as_slice() {
                [] => return,
                [one] => {
                    let tail = if one.ends_with(['/', '=']) { "" } else { " " };
                    format!("{one}{tail}")
                }
                many => {
                    shown.set(many.to_vec());
                    common_prefix(many)
                }
            };
            if c.candidates.len() == 1 {
                shown.set(Vec::new());
            }
            let new = format!("{}{insert}{}", &c.line[..start], &c.line[cursor..]);
            i.set_value(&new);
            let at = (start + insert.len()) as u32;
            let _ = i.set_selection_range(at, at);
        });
    }
    let history: Vec<String> = props
        .entries
        .iter()
        .map(|e| e.line.clone())
        .filter(|l| l != crate::kubectl::INTERRUPT)
        .collect();
    // The last line left a command open (a here-document, a quote, a trailing `\`).
    let continuing = props.entries.last().is_some_and(|e| e.output.more);
    let onsubmit = {
        let cb = props.on_run.clone();
        let input = input.clone();
        let history_pos = history_pos.clone();
        let shown = shown.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(i) = input.cast::<HtmlInputElement>() {
                let line = i.value();
                i.set_value("");
                history_pos.set(None);
                shown.set(Vec::new());
                if !line.trim().is_empty() {
                    cb.emit(line);
                }
            }
        })
    };
    let onkeydown = {
        let complete = props.on_complete.clone();
        let run = props.on_run.clone();
        let history_pos = history_pos.clone();
        Callback::from(move |e: KeyboardEvent| {
            let Some(i) = e.target_dyn_into::<HtmlInputElement>() else {
                return;
            };
            match e.key().as_str() {
                // Ctrl-C with nothing selected: the typed line goes, and an open command
                // (after `> `) is dropped, as in bash.
                "c" if e.ctrl_key()
                    && !e.meta_key()
                    && i.selection_start().ok().flatten() == i.selection_end().ok().flatten() =>
                {
                    e.prevent_default();
                    i.set_value("");
                    history_pos.set(None);
                    if continuing {
                        run.emit(crate::kubectl::INTERRUPT.to_string());
                    }
                }
                "Tab" if !e.shift_key() => {
                    let v = i.value();
                    if v.is_empty() {
                        return; // let Tab leave an empty prompt
                    }
                    e.prevent_default();
                    let cur16 = i.selection_start().ok().flatten().unwrap_or(0) as usize;
                    let cursor = crate::editing::from_utf16(&v, cur16);
                    complete.emit((v, cursor));
                }
                "ArrowUp" | "ArrowDown" if !history.is_empty() => {
                    e.prevent_default();
                    let up = e.key() == "ArrowUp";
                    let next = match (*history_pos, up) {
                        (None, true) => Some(history.len() - 1),
                        (None, false) => None,
                        (Some(p), true) => Some(p.saturating_sub(1)),
                        (Some(p), false) if p + 1 < history.len() => Some(p + 1),
                        (Some(_), false) => None,
                    };
                    i.set_value(next.map_or("", |p| history[p].as_str()));
                    history_pos.set(next);
                }
                _ => {}
            }
        })
    };
    let focus_input = {
        let input = input.clone();
        Callback::from(move |_: MouseEvent| {
            let selecting = gloo::utils::window()
                .get_selection()
                .ok()
                .flatten()
                .is_some_and(|s| !s.is_collapsed());
            if !selecting && let Some(i) = input.cast::<HtmlInputElement>() {
                let _ = i.focus();
            }
        })
    };
    html! {
        <section class="terminal" aria-labelledby="terminal-title" data-testid="terminal">
            <div class="card-head">
                <h2 id="terminal-title">{ "Terminal" }</h2>
                <span class="hint">{ "kubectl on the simulated cluster · Tab completes · ↑ ↓ history · Ctrl-C drops an open line · try " }<code>{ "help" }</code></span>
                <span class="spacer"></span>
                <button class="btn small ghost" onclick={props.on_clear.reform(|_| ())}>{ "Clear" }</button>
            </div>
            <div class="term-out" ref={out} role="log" tabindex="0" aria-label="Terminal output" data-testid="terminal-output" onclick={focus_input}>
                if props.entries.is_empty() {
                    <p class="term-hello">{ "Type kubectl commands here, for example: kubectl get po,sts,svc,pvc" }</p>
                }
                { for props.entries.iter().enumerate().map(|(i, e)| html! {
                    <div class="term-entry">
                        <div class="term-cmd"><span class="prompt" aria-hidden="true">{ prompt_after(i.checked_sub(1).and_then(|p| props.entries.get(p))) }</span>{ if e.line == crate::kubectl::INTERRUPT { "^C" } else { e.line.as_str() } }</div>
                        { for e.output.chunks.iter().map(|(stream, text)| {
                            let class = if *stream == crate::shell::Stream::Err { "stderr" } else { "stdout" };
                            html! { <pre {class}>{ with_links(text, &props.on_visit) }</pre> }
                        }) }
                        if e.output.code != 0 {
                            <div class="exit">{ format!("exit status {}", e.output.code) }</div>
                        }
                    </div>
                }) }
                if let Some(b) = &props.busy {
                    <div class="term-busy" data-testid="terminal-busy" aria-live="polite"><span aria-hidden="true">{ "⏳ " }</span>{ b }</div>
                }
            </div>
            if !shown.is_empty() {
                <div class="completions" aria-live="polite">{ shown.join("  ") }</div>
            }
            <form class="term-in" {onsubmit}>
                <label class="prompt" for="terminal-input">{ prompt_after(props.entries.last()).trim_end().to_string() }</label>
                <input id="terminal-input" ref={input} data-testid="terminal-input" type="text" autocomplete="off"
                    autocapitalize="off" spellcheck="false" aria-label="Command" {onkeydown} />
            </form>
        </section>
    }
}

/// The prompt of the line after `entry`: bash's `$ `, its `> ` when that line continues an
/// open command (a here-document, a quote, a trailing `\`), or the prompt of a container's
/// shell the terminal is attached to (`kubectl exec -it POD -- sh`).
fn prompt_after(entry: Option<&crate::playground::Entry>) -> String {
    match entry.map(|e| &e.output) {
        Some(o) if o.more => "> ".into(),
        Some(o) => o.prompt.clone().unwrap_or_else(|| "$ ".into()),
        None => "$ ".into(),
    }
}
