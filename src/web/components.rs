//! Components, one file each; `App` wires them to the reducer.

mod diagnostics;
mod editor;
mod plan_view;

pub use diagnostics::Diagnostics;
pub use editor::Editor;
pub use plan_view::PlanView;

use super::state::{Action, State};
use yew::prelude::*;

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(State::default);
    let on_edit = {
        let state = state.clone();
        Callback::from(move |text: String| state.dispatch(Action::Edit(text)))
    };
    html! {
        <div class="app">
            <header class="topbar">
                <h1>{ "StatefulSet Playground" }</h1>
                <p class="tagline">{ "See what a StatefulSet will do before you apply it." }</p>
            </header>
            <main class="panes">
                <section class="pane editor-pane" aria-label="Manifest editor">
                    <Editor text={state.text.clone()} diagnostics={state.analysis.diagnostics.clone()} on_edit={on_edit} />
                    <Diagnostics diagnostics={state.analysis.diagnostics.clone()} />
                </section>
                <section class="pane plan-pane" aria-label="What the cluster would create">
                    <PlanView analysis={state.analysis.clone()} />
                </section>
            </main>
        </div>
    }
}
