//! Playback: play/pause, step, back to the start, skip to the end, speed, the time and a
//! scrubber over virtual time; toggles for the side-by-side view and the terminal.

use super::icons::icon;
use crate::sim::world::Ms;
use crate::ui::state::SPEEDS;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    pub now: Ms,
    pub span: Ms,
    pub horizon: Ms,
    pub playing: bool,
    pub speed: u32,
    pub settled: bool,
    pub compare: bool,
    pub terminal: bool,
    pub on_toggle: Callback<()>,
    pub on_step: Callback<()>,
    pub on_restart: Callback<()>,
    pub on_end: Callback<()>,
    pub on_speed: Callback<u32>,
    pub on_seek: Callback<Ms>,
    pub on_compare: Callback<()>,
    pub on_terminal: Callback<()>,
}

/// `12.3 s`, `2 min 05.0 s`.
pub fn clock(ms: Ms) -> String {
    let s = ms / 1000;
    let tenth = (ms % 1000) / 100;
    if s < 60 {
        format!("{s}.{tenth} s")
    } else {
        format!("{} min {:02}.{tenth} s", s / 60, s % 60)
    }
}

#[function_component(Controls)]
pub fn controls(props: &ControlsProps) -> Html {
    let oninput = {
        let cb = props.on_seek.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(i) = e.target_dyn_into::<HtmlInputElement>()
                && let Some(v) = crate::yaml::parse_float(&i.value())
            {
                cb.emit(v.max(0.0) as Ms);
            }
        })
    };
    let status = if props.playing {
        "playing"
    } else if props.settled {
        "settled: nothing more happens until you act"
    } else {
        "paused"
    };
    html! {
        <section id="controls" class="controls" aria-label="Playback" tabindex="-1">
            <div class="transport">
                <button class="btn icon" onclick={props.on_restart.reform(|_| ())} aria-label="Back to the start (Home)" title="Back to the start (Home)">{ icon("start") }</button>
                <button class="btn primary play" data-testid="play" onclick={props.on_toggle.reform(|_| ())}
                    aria-label={if props.playing { "Pause (Space)" } else { "Play (Space)" }} aria-pressed={props.playing.to_string()}>
                    { icon(if props.playing { "pause" } else { "play" }) }
                    { if props.playing { " Pause" } else { " Play" } }
                </button>
                <button class="btn icon" data-testid="step" onclick={props.on_step.reform(|_| ())} aria-label="Step to the next change (.)" title="Step to the next change (.)">{ icon("step") }</button>
                <button class="btn icon" data-testid="skip-end" onclick={props.on_end.reform(|_| ())} aria-label="Skip to where it settles (End)" title="Skip to where it settles (End)">{ icon("end") }</button>
                <div class="speeds" role="group" aria-label="Speed">
                    { for SPEEDS.iter().enumerate().map(|(i, s)| {
                        let s = *s;
                        html! {
                            <button class={classes!("btn", "seg", (s == props.speed).then_some("on"))}
                                aria-pressed={(s == props.speed).to_string()}
                                title={format!("{s}× speed ({})", i + 1)}
                                onclick={props.on_speed.reform(move |_| s)}>{ format!("{s}×") }</button>
                        }
                    }) }
                </div>
                <span class="clock" data-testid="clock" aria-live="off">{ clock(props.now) }</span>
                <span class="sr-only" role="status">{ status }</span>
            </div>
            <div class="scrub">
                <input type="range" data-testid="scrubber" min="0" max={props.span.to_string()} step="100"
                    value={props.now.to_string()} aria-label="Virtual time"
                    aria-valuetext={clock(props.now)} {oninput} />
                <progress class="scrub-known" aria-hidden="true" max={props.span.max(1).to_string()}
                    value={props.horizon.min(props.span).to_string()}></progress>
            </div>
            <div class="view-toggles">
                <label class="switch">
                    <input type="checkbox" data-testid="compare-toggle" checked={props.compare} onchange={props.on_compare.reform(|_| ())} />
                    <span>{ "OrderedReady vs Parallel" }</span>
                </label>
                <label class="switch">
                    <input type="checkbox" checked={props.terminal} onchange={props.on_terminal.reform(|_| ())} />
                    <span>{ "Terminal" }</span>
                </label>
                <span class={classes!("state-pill", if props.settled { "settled" } else if props.playing { "live" } else { "paused" })}>
                    { if props.settled { "✓ settled" } else if props.playing { "● running" } else { "❚❚ paused" } }
                </span>
            </div>
        </section>
    }
}
