//! The timeline: one lane per pod over virtual time, coloured and patterned by state (with a
//! legend in words), restart marks, the cursor, and beside it what the controller waited for
//! and the Kubernetes Events, up to the cursor. Clicking a lane moves the cursor there.

use super::controls::clock;
use crate::playground::lanes::{Lane, Note, NoteKind, State};
use crate::sim::world::Ms;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties)]
pub struct TimelineProps {
    pub lanes: Rc<Vec<Lane>>,
    /// The latest notes up to the cursor, oldest first.
    pub notes: Rc<Vec<Note>>,
    pub now: Ms,
    /// How far the history is computed (open segments end there).
    pub horizon: Ms,
    pub span: Ms,
    pub on_seek: Callback<Ms>,
}

impl PartialEq for TimelineProps {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.lanes, &o.lanes)
            && Rc::ptr_eq(&self.notes, &o.notes)
            && self.now == o.now
            && self.horizon == o.horizon
            && self.span == o.span
    }
}

const STATES: [State; 6] = [
    State::Pending,
    State::ContainerCreating,
    State::Running,
    State::Ready,
    State::Terminating,
    State::Failed,
];

/// Tick spacing for an axis `span` long: about six labels.
/// Hundredths of a percent of the span (integer arithmetic keeps float formatting out of
/// the bundle).
pub fn pct(t: Ms, span: Ms) -> u64 {
    (t.min(span).saturating_mul(10_000) / span.max(1)).min(10_000)
}

/// `12.34%` from hundredths of a percent.
pub fn percent(h: u64) -> String {
    format!("{}.{:02}%", h / 100, h % 100)
}

/// Percent of the span as an SVG length.
fn x(t: Ms, span: Ms) -> String {
    percent(pct(t, span))
}

/// The fill patterns of the lane states (one copy per page; the lanes refer to them by id).
pub fn patterns() -> Html {
    html! {
        <svg class="defs" aria-hidden="true" focusable="false" width="0" height="0">
            <defs>
                { for STATES.iter().map(|s| {
                    let c = s.class();
                    html! {
                        <pattern id={format!("p-{c}")} patternUnits="userSpaceOnUse" width="6" height="6">
                            <rect class={classes!("fill", c)} width="6" height="6"></rect>
                            { match s {
                                State::Pending => html! { <path class="ink light" d="M0 6 L6 0"></path> },
                                State::ContainerCreating => html! { <circle class="ink dark" cx="3" cy="3" r="1"></circle> },
                                State::Running => html! { <rect class="ink light" y="3" width="6" height="3"></rect> },
                                State::Terminating => html! { <path class="ink dark" d="M0 0 L6 6"></path> },
                                State::Failed => html! { <rect class="ink dark" x="4" width="2" height="6"></rect> },
                                State::Ready => html! {},
                            } }
                        </pattern>
                    }
                }) }
            </defs>
        </svg>
    }
}

/// The lanes (shared by the timeline and the side-by-side view) under a time axis of at most
/// `ticks` intervals.
///
/// A segment still open is drawn to the end of the axis, and a layer over the lanes hides
/// what lies past the horizon (not computed yet). So while time passes only the layers
/// over the lanes change: the rows are a component of their own that renders again only
/// when the lanes or the axis change, and are not painted again.
pub fn lanes_html(
    lanes: &Rc<Vec<Lane>>,
    (now, horizon, span): (Ms, Ms, Ms),
    ticks: u64,
    on_seek: &Callback<Ms>,
) -> Html {
    let known = pct(horizon.max(now), span);
    html! {
        <div class="lanes">
            <LaneRows lanes={lanes.clone()} {span} {ticks} on_seek={on_seek.clone()} />
            <div class="unknown-layer" aria-hidden="true">
                <svg class="track">
                    <rect class="unknown" x={percent(known)} width={percent(10_000 - known)} height="100%"></rect>
                </svg>
            </div>
            <div class="cursor-layer" aria-hidden="true">
                <svg class="track">
                    <rect class="future" x={x(now, span)} width={percent(10_000 - pct(now, span))} height="100%"></rect>
                    <line class="cursor" x1={x(now, span)} x2={x(now, span)} y1="0" y2="100%"></line>
                </svg>
            </div>
        </div>
    }
}

#[derive(Properties)]
struct LaneRowsProps {
    lanes: Rc<Vec<Lane>>,
    span: Ms,
    ticks: u64,
    on_seek: Callback<Ms>,
}

/// The seek callback is made afresh on every render of the page but always does the same
/// thing, so the lanes and the axis decide whether the rows change.
impl PartialEq for LaneRowsProps {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.lanes, &o.lanes) && self.span == o.span && self.ticks == o.ticks
    }
}

/// The axis and one row per pod.
#[function_component(LaneRows)]
fn lane_rows(props: &LaneRowsProps) -> Html {
    let (span, ticks) = (props.span, props.ticks);
    let onclick = {
        let cb = props.on_seek.clone();
        Callback::from(move |e: MouseEvent| {
            // The track under the pointer (Yew delegates events, so `current_target` is not
            // the element the listener was written on).
            let Some(el) = e
                .target()
                .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
                .and_then(|t| t.closest("svg.track").ok().flatten())
            else {
                return;
            };
            let r = el.get_bounding_client_rect();
            if r.width() <= 0.0 {
                return;
            }
            let frac = ((f64::from(e.client_x()) - r.left()) / r.width()).clamp(0.0, 1.0);
            cb.emit((frac * span as f64) as Ms);
        })
    };
    let axis = crate::playground::lanes::axis(span, ticks);
    let last = axis.len().saturating_sub(1);
    html! {
        <>
            <div class="lane axis" aria-hidden="true">
                <span class="lane-name"></span>
                <svg class="track">
                    { for axis.iter().enumerate().map(|(i, (t, label))| {
                        let anchor = if i == 0 { "start" } else if i == last && *t * 20 > span * 19 { "end" } else { "middle" };
                        html! { <text x={x(*t, span)} y="12" text-anchor={anchor}>{ label }</text> }
                    }) }
                </svg>
            </div>
            { for props.lanes.iter().enumerate().map(|(i, l)| html! {
                <LaneRow key={l.pod.clone()} lanes={props.lanes.clone()} {i} {span} onclick={onclick.clone()} />
            }) }
        </>
    }
}

#[derive(Properties)]
struct LaneRowProps {
    lanes: Rc<Vec<Lane>>,
    i: usize,
    span: Ms,
    onclick: Callback<MouseEvent>,
}

/// A row renders again only when its own lane (or the axis) changed: while a rollout plays,
/// a frame changes a few of a hundred lanes, and formatting every segment's title and
/// reconciling every row had been most of a frame's script.
impl PartialEq for LaneRowProps {
    fn eq(&self, o: &Self) -> bool {
        self.span == o.span && self.lanes.get(self.i) == o.lanes.get(o.i)
    }
}

#[function_component(LaneRow)]
fn lane_row(props: &LaneRowProps) -> Html {
    let span = props.span;
    let Some(l) = props.lanes.get(props.i) else {
        return Html::default();
    };
    let desc: Vec<String> = l
        .segments
        .iter()
        .map(|s| {
            let to =
                s.to.map_or_else(|| "on".to_string(), |t| format!("to {}", clock(t)));
            format!("{} from {} {to}", s.state.label(), clock(s.from))
        })
        .collect();
    let mut label = format!("{}: {}", l.pod, desc.join("; "));
    if !l.restarts.is_empty() {
        label.push_str(&format!(
            "; {} restart{}",
            l.restarts.len(),
            if l.restarts.len() == 1 { "" } else { "s" }
        ));
    }
    html! {
        <div class="lane" data-testid="lane">
            <span class="lane-name mono">{ &l.pod }</span>
            <svg class="track" role="img" aria-label={label} onclick={props.onclick.clone()}>
                <rect class="bg" width="100%" height="100%" rx="3"></rect>
                { for l.segments.iter().map(|s| {
                    let end = s.to.unwrap_or(span).min(span);
                    let width = pct(end, span).saturating_sub(pct(s.from, span)).max(30);
                    let title = format!("{} · {}{}", s.state.label(), clock(s.from), s.detail.as_ref().map(|d| format!(" · {d}")).unwrap_or_default());
                    html! {
                        <rect class={classes!("seg", s.state.class())} data-state={s.state.class()}
                            x={x(s.from, span)} width={percent(width)} height="100%" rx="2"
                            fill={format!("url(#p-{})", s.state.class())}>
                            <title>{ title }</title>
                        </rect>
                    }
                }) }
                { for l.restarts.iter().map(|t| html! {
                    <text class="restart" x={x(*t, span)} y="13" text-anchor="middle"><title>{ format!("restart at {}", clock(*t)) }</title>{ "↻" }</text>
                }) }
            </svg>
        </div>
    }
}

#[function_component(Timeline)]
pub fn timeline(props: &TimelineProps) -> Html {
    // Each note keeps its place in the history as its key: as time passes, new notes come in
    // at the top and old ones leave at the bottom, and the rest stay as they are in the DOM.
    html! {
        <section class="timeline" aria-labelledby="timeline-title">
            <div class="card-head">
                <h2 id="timeline-title">{ "Timeline" }</h2>
                <ul class="legend" aria-label="Legend">
                    { for STATES.iter().map(|s| html! {
                        <li><svg class="swatch" aria-hidden="true"><rect width="100%" height="100%" rx="2" fill={format!("url(#p-{})", s.class())}></rect></svg>{ s.label() }</li>
                    }) }
                    <li><span aria-hidden="true">{ "↻ " }</span>{ "restart" }</li>
                </ul>
            </div>
            if props.lanes.is_empty() {
                <p class="muted">{ "No pods yet." }</p>
            } else {
                { lanes_html(&props.lanes, (props.now, props.horizon, props.span), 8, &props.on_seek) }
            }
            <h3 class="notes-title">{ "Controller and events" }</h3>
            <ol class="notes" data-testid="notes" tabindex="0" aria-label="Controller decisions and Kubernetes events up to now">
                { for props.notes.iter().rev().map(|n| {
                    let (class, word) = match n.kind {
                        NoteKind::Waiting => ("waiting", "controller"),
                        NoteKind::Event => ("event", "event"),
                        NoteKind::Warning => ("warning", "warning"),
                        NoteKind::Blocked => ("blocked", "blocked"),
                        NoteKind::Change => ("change", "change"),
                    };
                    html! {
                        <li class={classes!("note", class)} data-testid="note" key={n.at}>
                            <span class="note-time mono">{ clock(n.t) }</span>
                            <span class="note-kind">{ word }</span>
                            <span class="note-object mono">{ &n.object }</span>
                            <span class="note-text">{ &n.text }</span>
                        </li>
                    }
                }) }
            </ol>
        </section>
    }
}
