//! Dialogs: sharing (a link that reproduces this exact view, and an iframe snippet for course
//! pages) and help (keyboard shortcuts).

use crate::ui::shortcuts::SHORTCUTS;
use crate::ui::state::Modal;
use web_sys::HtmlElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DialogProps {
    pub modal: Modal,
    pub url: String,
    pub embed_url: String,
    pub on_close: Callback<()>,
    pub on_copy: Callback<(String, &'static str)>,
}

#[function_component(Dialog)]
pub fn dialog(props: &DialogProps) -> Html {
    let first = use_node_ref();
    let readonly = use_state(|| false);
    let hide_editor = use_state(|| false);
    {
        let first = first.clone();
        use_effect_with(props.modal.clone(), move |_| {
            if let Some(b) = first.cast::<HtmlElement>() {
                let _ = b.focus();
            }
        });
    }
    let close = props.on_close.reform(|_| ());
    let (title, body) = match props.modal {
        Modal::Share => {
            let mut src = props.embed_url.clone();
            let mut extra = String::new();
            if *readonly {
                extra.push_str("&readonly=1");
            }
            if *hide_editor {
                extra.push_str("&panels=pods,timeline,terminal");
            }
            if let Some(i) = src.find('#') {
                src.insert_str(i, &extra);
            }
            let snippet = format!(
                "<iframe src=\"{src}\" title=\"StatefulSet Playground\" width=\"100%\" height=\"640\" style=\"border:0\" loading=\"lazy\"></iframe>"
            );
            let url = props.url.clone();
            let copy_link = props.on_copy.reform(move |_| (url.clone(), "Link"));
            let s2 = snippet.clone();
            let copy_embed = props.on_copy.reform(move |_| (s2.clone(), "Embed code"));
            let toggle = |st: &UseStateHandle<bool>| {
                let st = st.clone();
                Callback::from(move |_| st.set(!*st))
            };
            (
                "Share this playground",
                html! {
                    <>
                    <p>{ "The link holds the manifest, the scenario, every action taken and the moment on the timeline: whoever opens it sees exactly this." }</p>
                    if let Some(i) = props.url.find('#') && props.url.len() - i - 1 > crate::share::MAX_ENCODED {
                        <p class="warn" role="alert" data-testid="share-too-long">{ format!(
                            "This link is {} characters long, more than the {} a link may have: it would not open. The work stays saved in this browser; share the chart's files (or the manifest) instead.",
                            props.url.len() - i - 1, crate::share::MAX_ENCODED
                        ) }</p>
                    }
                    <label class="block">
                        <span>{ "Link" }</span>
                        <input type="text" readonly=true value={props.url.clone()} data-testid="share-url"
                            onfocus={Callback::from(|e: FocusEvent| if let Some(i) = e.target_dyn_into::<web_sys::HtmlInputElement>() { i.select() })} />
                    </label>
                    <button class="btn primary" ref={first.clone()} data-testid="copy-link" onclick={copy_link}>{ "Copy link" }</button>
                    <h3>{ "Embed in a course page" }</h3>
                    <label class="switch"><input type="checkbox" checked={*readonly} onchange={toggle(&readonly)} /><span>{ "Read-only editor" }</span></label>
                    <label class="switch"><input type="checkbox" checked={*hide_editor} onchange={toggle(&hide_editor)} /><span>{ "Hide the editor" }</span></label>
                    <label class="block">
                        <span>{ "HTML" }</span>
                        <textarea readonly=true rows="3" data-testid="embed-code" value={snippet} />
                    </label>
                    <button class="btn" data-testid="copy-embed" onclick={copy_embed}>{ "Copy embed code" }</button>
                    </>
                },
            )
        }
        Modal::Help => (
            "Keyboard shortcuts",
            html! {
                <>
                <table class="keys">
                    <tbody>
                        { for SHORTCUTS.iter().map(|s| html! { <tr><th scope="row"><kbd>{ s.label }</kbd></th><td>{ s.does }</td></tr> }) }
                    </tbody>
                </table>
                <p class="muted">{ "Shortcuts work when the focus is not in a text field. Every button is also reachable with Tab." }</p>
                <p class="muted">{ "Everything runs in this page: no server, no network. The simulation follows the Kubernetes v1.36 StatefulSet controller; virtual time only moves when you play, step or run a command that waits." }</p>
                <button class="btn primary" ref={first.clone()} onclick={close.clone()}>{ "Close" }</button>
                </>
            },
        ),
    };
    html! {
        <div class="backdrop" onclick={close.clone()}>
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="dialog-title" data-testid="dialog"
                onclick={Callback::from(|e: MouseEvent| e.stop_propagation())}>
                <div class="card-head">
                    <h2 id="dialog-title">{ title }</h2>
                    <span class="spacer"></span>
                    <button class="btn small ghost" aria-label="Close" onclick={close}>{ "✕" }</button>
                </div>
                { body }
            </div>
        </div>
    }
}
