//! Chart mode's controls: the chart's files (pick one to edit, add one), the release name,
//! helm 3 or 4, `--set` lines, opening a chart folder or `.tgz`, the rendered manifests (each
//! line a link to the template line that wrote it), and leaving the chart.

use crate::charts::ChartView;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ChartBarProps {
    pub files: Rc<Vec<String>>,
    /// Problems per file (same order as `files`).
    pub problems: Rc<Vec<usize>>,
    pub active: usize,
    pub release: String,
    pub sets: String,
    pub helm: u32,
    pub name: String,
    pub rendered: bool,
    pub show_rendered: bool,
    pub on_file: Callback<usize>,
    pub on_add: Callback<String>,
    pub on_release: Callback<String>,
    pub on_sets: Callback<String>,
    pub on_helm: Callback<u32>,
    pub on_toggle_rendered: Callback<()>,
    pub on_close: Callback<()>,
    /// A folder or `.tgz` was chosen (the input element; the app reads its files).
    pub on_open: Callback<HtmlInputElement>,
}

#[function_component(ChartBar)]
pub fn chart_bar(p: &ChartBarProps) -> Html {
    let new_file = use_node_ref();
    let on_file = {
        let cb = p.on_file.clone();
        Callback::from(move |e: Event| {
            if let Some(s) = e.target_dyn_into::<HtmlSelectElement>()
                && let Ok(i) = s.value().parse::<usize>()
            {
                cb.emit(i);
            }
        })
    };
    let on_add = {
        let cb = p.on_add.clone();
        let input = new_file.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(i) = input.cast::<HtmlInputElement>() {
                let v = i.value();
                if !v.trim().is_empty() {
                    cb.emit(v);
                    i.set_value("");
                }
            }
        })
    };
    let on_release = {
        let cb = p.on_release.clone();
        Callback::from(move |e: Event| {
            if let Some(i) = e.target_dyn_into::<HtmlInputElement>() {
                cb.emit(i.value());
            }
        })
    };
    let on_sets = {
        let cb = p.on_sets.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(t) = e.target_dyn_into::<HtmlTextAreaElement>() {
                cb.emit(t.value());
            }
        })
    };
    let on_helm = {
        let cb = p.on_helm.clone();
        Callback::from(move |e: Event| {
            if let Some(s) = e.target_dyn_into::<HtmlSelectElement>() {
                cb.emit(if s.value() == "3" { 3 } else { 4 });
            }
        })
    };
    html! {
        <div class="chart-bar" data-testid="chart-bar" data-rendered={p.rendered.to_string()}>
            <div class="chart-row">
                <span class="chart-name" title="The chart (Chart.yaml name)">{ super::icons::icon("helm") }{ if p.name.is_empty() { "chart" } else { &p.name } }</span>
                <label class="field grow">
                    <span class="sr-only">{ "File" }</span>
                    <select data-testid="chart-file" onchange={on_file} aria-label="Chart file">
                        { for p.files.iter().enumerate().map(|(i, f)| {
                            let n = p.problems.get(i).copied().unwrap_or(0);
                            let label = if n > 0 { format!("{f}  ({n})") } else { f.clone() };
                            html! { <option value={i.to_string()} selected={i == p.active}>{ label }</option> }
                        }) }
                    </select>
                </label>
                <button class="btn small" data-testid="toggle-rendered" aria-pressed={p.show_rendered.to_string()}
                    onclick={p.on_toggle_rendered.reform(|_| ())}>{ "Rendered" }</button>
                <button class="btn small ghost" data-testid="close-chart" title="Leave the chart: its rendered manifest becomes the editor's YAML"
                    onclick={p.on_close.reform(|_| ())}>{ "Close chart" }</button>
            </div>
            <div class="chart-row">
                <label class="field">
                    <span>{ "Release" }</span>
                    <input data-testid="chart-release" class="release" value={p.release.clone()} onchange={on_release}
                        spellcheck="false" autocomplete="off" />
                </label>
                <label class="field">
                    <span>{ "Helm" }</span>
                    <select data-testid="chart-helm" onchange={on_helm}>
                        <option value="4" selected={p.helm != 3}>{ "v4.2" }</option>
                        <option value="3" selected={p.helm == 3}>{ "v3.17" }</option>
                    </select>
                </label>
                <form class="add-file" onsubmit={on_add}>
                    <input ref={new_file} data-testid="chart-new-file" placeholder="templates/new.yaml"
                        aria-label="New file path" spellcheck="false" autocomplete="off" />
                    <button class="btn small" type="submit">{ "Add file" }</button>
                </form>
                { open_buttons(&p.on_open, (html! { "Open folder" }, "open-chart-folder"), ("Open .tgz", "open-chart-tgz")) }
            </div>
            <label class="field sets">
                <span>{ "--set" }</span>
                <textarea data-testid="chart-sets" rows="2" spellcheck="false" value={p.sets.clone()} oninput={on_sets}
                    placeholder={"replicaCount=2\npodManagementPolicy=OrderedReady"} />
            </label>
        </div>
    }
}

/// The two ways to choose a chart: its folder, or a `.tgz` from `helm package`; each a
/// (label, test id). The chosen input element goes to `on_open` (the app reads its files).
pub fn open_buttons(
    on_open: &Callback<HtmlInputElement>,
    folder: (Html, &'static str),
    tgz: (&'static str, &'static str),
) -> Html {
    let onchange = {
        let cb = on_open.clone();
        Callback::from(move |e: Event| {
            if let Some(i) = e.target_dyn_into::<HtmlInputElement>() {
                cb.emit(i);
            }
        })
    };
    html! {
        <>
        <label class="btn small file-btn" title="Open your chart's folder (the one holding Chart.yaml)">
            { folder.0 }
            <input type="file" data-testid={folder.1} webkitdirectory={true} multiple={true} onchange={onchange.clone()} />
        </label>
        <label class="btn small file-btn" title="Open a chart packed by helm package">
            { tgz.0 }
            <input type="file" accept=".tgz,.tar.gz,application/gzip" data-testid={tgz.1} {onchange} />
        </label>
        </>
    }
}

#[derive(Properties)]
pub struct RenderedProps {
    pub view: Rc<ChartView>,
    pub on_jump: Callback<(String, u32, u32)>,
}

impl PartialEq for RenderedProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.view, &other.view) && self.on_jump == other.on_jump
    }
}

/// `helm template`'s output; a line written by a template jumps to that template line.
#[function_component(Rendered)]
pub fn rendered(p: &RenderedProps) -> Html {
    let v = &p.view;
    html! {
        <section class="rendered-card" aria-labelledby="rendered-title" data-testid="rendered">
            <div class="card-head">
                <h2 id="rendered-title">{ "Rendered manifests" }</h2>
                <span class="summary">{ if v.failure.is_some() { "does not render" } else { "helm template" } }</span>
            </div>
            if let Some(f) = &v.failure {
                <pre class="render-error" role="alert">{ f }</pre>
            } else {
                <pre class="rendered">
                    { for v.rendered.lines().enumerate().map(|(i, line)| {
                        match v.links.get(i).cloned().flatten() {
                            Some((file, l)) => {
                                let title = format!("{file}:{l}");
                                let onclick = p.on_jump.reform(move |_| (file.clone(), l, 1));
                                html! { <span class="r-line linked" {title} {onclick}>{ line }{ "\n" }</span> }
                            }
                            None => html! { <span class="r-line">{ line }{ "\n" }</span> },
                        }
                    }) }
                </pre>
                if !v.notes.trim().is_empty() {
                    <details class="notes">
                        <summary>{ "NOTES.txt" }</summary>
                        <pre>{ v.notes.trim() }</pre>
                    </details>
                }
            }
        </section>
    }
}
