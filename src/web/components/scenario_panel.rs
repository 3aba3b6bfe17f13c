//! The scenario's story (from the manifest's `# @scenario` comments): its explanation and
//! the instructor's steps, each a button that runs its commands in the terminal.

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
    let open = use_state(|| true);
    let toggle = {
        let open = open.clone();
        Callback::from(move |_| open.set(!*open))
    };
    html! {
        <section class="story" aria-labelledby="story-title" data-testid="story">
            <div class="card-head">
                <h2 id="story-title">{ &s.title }</h2>
                <span class="spacer"></span>
                <button class="btn small ghost" onclick={toggle} aria-expanded={(*open).to_string()}>
                    { if *open { "Hide" } else { "Show" } }
                </button>
            </div>
            if *open {
                { for s.explanation.iter().map(|p| html! { <p>{ p }</p> }) }
                <ol class="steps">
                    { for s.steps.iter().enumerate().map(|(i, step)| {
                        let done = i < props.done;
                        let next = i == props.done;
                        html! {
                            <li class={classes!("step", done.then_some("done"), next.then_some("next"))} data-testid="story-step">
                                <div class="step-head">
                                    <span class="step-label">{ &step.label }</span>
                                    <button class={classes!("btn", "small", if next { "primary" } else { "" })}
                                        onclick={props.on_step.reform(move |_| i)}
                                        aria-label={format!("Run step {}: {}", i + 1, step.label)}>
                                        { if done { "Run again" } else { "Run" } }
                                    </button>
                                </div>
                                { for step.explanation.iter().map(|p| html! { <p class="step-text">{ p }</p> }) }
                                <pre class="step-cmds">{ for step.commands.iter().map(|c| html! { <code>{ format!("$ {c}\n") }</code> }) }</pre>
                            </li>
                        }
                    }) }
                </ol>
            }
        </section>
    }
}
