//! The scenario's story (from the manifest's `# @scenario` comments): what it is about, the
//! next step with a button that runs its commands in the terminal, and on request all steps.

use crate::scenario::Story;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ScenarioPanelProps {
    pub story: Rc<Story>,
    /// Steps already run.
    pub done: usize,
    pub on_step: Callback<usize>,
}

#[function_component(ScenarioPanel)]
pub fn scenario_panel(props: &ScenarioPanelProps) -> Html {
    let s = &props.story;
    let all = use_state(|| false);
    let toggle = {
        let all = all.clone();
        Callback::from(move |_| all.set(!*all))
    };
    let total = s.steps.len();
    let step_html = |i: usize| -> Html {
        let Some(step) = s.steps.get(i) else {
            return html! {};
        };
        let done = i < props.done;
        let next = i == props.done;
        html! {
            <li class={classes!("step", done.then_some("done"), next.then_some("next"))} data-testid="story-step" key={i}>
                <div class="step-head">
                    <span class="step-label">{ format!("{}. {}", i + 1, step.label) }</span>
                    <button class={classes!("btn", "small", next.then_some("primary"))}
                        onclick={props.on_step.reform(move |_| i)}
                        aria-label={format!("Run step {}: {}", i + 1, step.label)}>
                        { if done { "Run again" } else { "Run" } }
                    </button>
                </div>
                { for step.explanation.iter().map(|p| html! { <p class="step-text">{ p }</p> }) }
                <pre class="step-cmds">{ for step.commands.iter().map(|c| html! { <code>{ format!("$ {c}\n") }</code> }) }</pre>
            </li>
        }
    };
    html! {
        <section class="story" aria-labelledby="story-title" data-testid="story">
            <div class="card-head">
                <h2 id="story-title">{ &s.title }</h2>
                <span class="spacer"></span>
                if total > 0 {
                    <span class="hint">{ format!("{} of {total} steps done", props.done.min(total)) }</span>
                    <button class="btn small ghost" onclick={toggle} aria-expanded={(*all).to_string()}>
                        { if *all { "Show the next step only" } else { "Show all steps" } }
                    </button>
                }
            </div>
            { for s.explanation.iter().map(|p| html! { <p>{ p }</p> }) }
            <ol class="steps">
                if *all {
                    { for (0..total).map(step_html) }
                } else if props.done < total {
                    { step_html(props.done) }
                } else if total > 0 {
                    <li class="step done-all">{ "All steps done. Change the manifest, or run any step again from the full list." }</li>
                }
            </ol>
        </section>
    }
}
