//! OrderedReady and Parallel side by side: the same manifest and the same actions under both
//! policies, animated in step, each with the time until all its pods were Ready.

use super::controls::clock;
use super::timeline::lanes_html;
use crate::playground::AllReady;
use crate::playground::lanes::Lane;
use crate::sim::world::Ms;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CompareProps {
    pub ordered: Rc<Vec<Lane>>,
    pub parallel: Rc<Vec<Lane>>,
    pub ordered_ready: AllReady,
    pub parallel_ready: AllReady,
    pub now: Ms,
    pub horizon: Ms,
    pub span: Ms,
    pub on_seek: Callback<Ms>,
}

fn verdict(r: &AllReady) -> String {
    match r {
        AllReady::At(t) => format!("all pods Ready after {}", clock(*t)),
        AllReady::Never(why) => format!("never all Ready: {}", why.join("; ")),
        AllReady::NoPods => "no pods".into(),
        AllReady::Beyond(t) => format!(
            "not all Ready within {} (too large to look further ahead)",
            clock(*t)
        ),
    }
}

#[function_component(Compare)]
pub fn compare(props: &CompareProps) -> Html {
    let bar = |r: &AllReady| match (r, &props.ordered_ready, &props.parallel_ready) {
        (AllReady::At(t), AllReady::At(a), AllReady::At(b)) => {
            let max = (*a).max(*b).max(1);
            html! { <meter class="bar" min="0" max={max.to_string()} value={t.to_string()}></meter> }
        }
        _ => html! {},
    };
    let faster = match (&props.ordered_ready, &props.parallel_ready) {
        (AllReady::At(o), AllReady::At(p)) if p < o => {
            let tenths = o * 10 / (*p).max(1);
            Some(format!(
                "Parallel is Ready {} sooner ({}.{}× faster).",
                clock(o - p),
                tenths / 10,
                tenths % 10
            ))
        }
        (AllReady::At(o), AllReady::At(p)) if o < p => {
            Some(format!("OrderedReady is Ready {} sooner.", clock(p - o)))
        }
        _ => None,
    };
    html! {
        <section class="compare" aria-labelledby="compare-title" data-testid="compare">
            <div class="card-head">
                <h2 id="compare-title">{ "OrderedReady vs Parallel" }</h2>
                if let Some(f) = faster { <span class="summary good" data-testid="compare-summary">{ f }</span> }
            </div>
            <div class="compare-cols">
                <div class="compare-col" data-testid="compare-ordered">
                    <h3>{ "OrderedReady" }</h3>
                    <p class="verdict" data-testid="ready-ordered">{ verdict(&props.ordered_ready) }</p>
                    { bar(&props.ordered_ready) }
                    { lanes_html(&props.ordered, (props.now, props.horizon, props.span), 4, &props.on_seek) }
                </div>
                <div class="compare-col" data-testid="compare-parallel">
                    <h3>{ "Parallel" }</h3>
                    <p class="verdict" data-testid="ready-parallel">{ verdict(&props.parallel_ready) }</p>
                    { bar(&props.parallel_ready) }
                    { lanes_html(&props.parallel, (props.now, props.horizon, props.span), 4, &props.on_seek) }
                </div>
            </div>
        </section>
    }
}
