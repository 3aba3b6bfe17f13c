//! The top bar: name, scenario picker, Kubernetes version, theme, share and help; and the
//! note on what the chosen version changes.

use crate::charts::EXAMPLES;
use crate::scenario::BUILTIN;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    pub scenario: Option<String>,
    /// A chart is open (its example id, if it is one).
    #[prop_or_default]
    pub chart: Option<String>,
    pub theme: String,
    pub on_scenario: Callback<String>,
    pub on_theme: Callback<String>,
    pub on_share: Callback<()>,
    pub on_help: Callback<()>,
    /// A chart folder or `.tgz` was chosen (the input; the app reads its files).
    #[prop_or_default]
    pub on_open_chart: Callback<web_sys::HtmlInputElement>,
    /// The Kubernetes minor version the cluster behaves like.
    #[prop_or(crate::version::DEFAULT_MINOR)]
    pub kubernetes: u32,
    #[prop_or_default]
    pub on_kubernetes: Callback<u32>,
}

fn select_value(e: Event) -> Option<String> {
    e.target_dyn_into::<HtmlSelectElement>().map(|s| s.value())
}

#[function_component(Header)]
pub fn header(props: &HeaderProps) -> Html {
    let on_scenario = {
        let cb = props.on_scenario.clone();
        Callback::from(move |e: Event| {
            if let Some(v) = select_value(e).filter(|v| !v.is_empty()) {
                cb.emit(v);
            }
        })
    };
    let on_theme = {
        let cb = props.on_theme.clone();
        Callback::from(move |e: Event| {
            if let Some(v) = select_value(e) {
                cb.emit(v);
            }
        })
    };
    let on_kubernetes = {
        let cb = props.on_kubernetes.clone();
        Callback::from(move |e: Event| {
            if let Some(minor) = select_value(e).and_then(|v| crate::version::parse_minor(&v)) {
                cb.emit(minor);
            }
        })
    };
    let current = props.scenario.clone().unwrap_or_default();
    html! {
        <header class="topbar">
            <div class="brand">
                <svg class="logo" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
                    <rect x="3" y="5" width="8" height="22" rx="2"></rect>
                    <rect x="12" y="5" width="8" height="22" rx="2"></rect>
                    <rect x="21" y="5" width="8" height="22" rx="2"></rect>
                </svg>
                <div>
                    <h1>{ "StatefulSet Playground" }</h1>
                    <p class="tagline">{ "See what a StatefulSet will do before you apply it. Runs entirely in your browser." }</p>
                </div>
            </div>
            <div class="top-actions">
                <label class="field">
                    <span>{ "Scenario" }</span>
                    <select data-testid="scenario-picker" onchange={on_scenario}>
                        if props.scenario.is_none() && props.chart.is_none() {
                            <option value="" selected=true>{ "Your manifest" }</option>
                        }
                        if props.chart.as_deref() == Some("") {
                            <option value="" selected=true>{ "Your chart" }</option>
                        }
                        <optgroup label="Scenarios">
                            { for BUILTIN.iter().map(|b| html! {
                                <option value={b.id} selected={props.chart.is_none() && b.id == current}>{ b.name }</option>
                            }) }
                        </optgroup>
                        <optgroup label="Helm charts">
                            { for EXAMPLES.iter().map(|c| html! {
                                <option value={format!("chart:{}", c.id)} selected={props.chart.as_deref() == Some(c.id)}>{ c.title }</option>
                            }) }
                        </optgroup>
                    </select>
                </label>
                <label class="field">
                    <span>{ "Kubernetes" }</span>
                    <select data-testid="kubernetes-version" onchange={on_kubernetes}
                        title={format!("The Kubernetes version the cluster and kubectl behave like (v1.{} unless you choose another)", crate::version::DEFAULT_MINOR)}>
                        { for crate::version::SUPPORTED.rev().map(|m| html! {
                            <option value={format!("1.{m}")} selected={m == props.kubernetes}>
                                { format!("v1.{m}") }
                            </option>
                        }) }
                    </select>
                </label>
                <label class="field">
                    <span>{ "Theme" }</span>
                    <select data-testid="theme" onchange={on_theme}>
                        <option value="" selected={props.theme.is_empty()}>{ "System" }</option>
                        <option value="light" selected={props.theme == "light"}>{ "Light" }</option>
                        <option value="dark" selected={props.theme == "dark"}>{ "Dark" }</option>
                    </select>
                </label>
                <div class="open-chart" role="group" aria-label="Open your Helm chart">
                    { super::chart::open_buttons(&props.on_open_chart, (html! { <>{ super::icons::icon("helm") }{ "Chart folder" }</> }, "open-folder"), (".tgz", "open-tgz")) }
                </div>
                <button class="btn" data-testid="share" onclick={props.on_share.reform(|_| ())}>{ "Share" }</button>
                <button class="btn ghost" aria-label="Keyboard shortcuts and help" onclick={props.on_help.reform(|_| ())}>{ "?" }</button>
            </div>
        </header>
    }
}

/// What the chosen version changes against the default one, folded: a summary line that
/// opens on the list (`version::differences`).
#[derive(Properties, PartialEq)]
pub struct VersionNoteProps {
    pub kubernetes: u32,
}

#[function_component(VersionNote)]
pub fn version_note(props: &VersionNoteProps) -> Html {
    use crate::version::{DEFAULT_MINOR, Profile, differences};
    if props.kubernetes == DEFAULT_MINOR {
        return Html::default();
    }
    let list = differences(&Profile::default(), &Profile::v1(props.kubernetes));
    html! {
        <details class="version-note" data-testid="version-note">
            <summary>
                <strong>{ format!("Kubernetes v1.{}", props.kubernetes) }</strong>
                { format!(": {} difference{} from v1.{DEFAULT_MINOR} in what you see", list.len(), if list.len() == 1 { "" } else { "s" }) }
            </summary>
            <ul>
                { for list.iter().map(|d| html! { <li>{ d }</li> }) }
            </ul>
        </details>
    }
}
