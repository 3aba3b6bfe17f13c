//! The page's one component: it renders `ui::State` and carries out the effects the
//! reducer returns (animation frames, timers, storage, the address, the clipboard, the
//! theme). All decisions are the reducer's (`crate::ui::state`); this file only connects
//! them to the browser.

use super::browser;
use super::components::{
    ChartBar, Compare, Controls, Dialog, Editor, Header, Operations, Problems, Rendered,
    ResourceView, ScenarioPanel, Terminal, Timeline, VersionNote, VisitCard,
};
use crate::ui::state::{Effect, Init, Modal, Msg, STORAGE_KEY, State, THEME_KEY};
use gloo::render::AnimationFrame;
use gloo::timers::callback::Timeout;
use std::rc::Rc;
use yew::prelude::*;

pub struct App {
    state: State,
    /// The animation frame requested, if any.
    frame: Option<AnimationFrame>,
    /// The debounce after an edit, and a toast's life.
    rebuild: Option<Timeout>,
    toast: Option<Timeout>,
    /// The next slice of a long `sleep`.
    wait: Option<Timeout>,
    /// Page shortcuts: one keydown listener on the document.
    _keys: gloo::events::EventListener,
}

/// The key a key press names for `ui::shortcuts`, if it is a shortcut (never inside a text
/// field, or with a modifier other than Shift).
fn shortcut_of(ev: &KeyboardEvent) -> Option<String> {
    let target = ev
        .target()
        .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok());
    let in_field = target.as_ref().is_some_and(|t| {
        matches!(
            t.tag_name().as_str(),
            "TEXTAREA" | "INPUT" | "SELECT" | "BUTTON" | "A"
        )
    });
    let key = if ev.shift_key() && ev.key().starts_with("Arrow") {
        format!("Shift+{}", ev.key())
    } else {
        ev.key()
    };
    if key != "Escape" && (in_field || ev.ctrl_key() || ev.meta_key() || ev.alt_key()) {
        return None;
    }
    crate::ui::shortcuts::action(&key).map(|_| key)
}

impl App {
    /// Carries out the reducer's effects; whether to render.
    fn carry_out(&mut self, ctx: &Context<Self>, effects: Vec<Effect>) -> bool {
        let mut render = false;
        for e in effects {
            match e {
                Effect::Render => render = true,
                Effect::RequestFrame => {
                    if self.frame.is_none() {
                        let link = ctx.link().clone();
                        self.frame = Some(gloo::render::request_animation_frame(move |t| {
                            link.send_message(Msg::Frame(t))
                        }));
                    }
                }
                Effect::CancelFrame => self.frame = None,
                Effect::Rebuild {
                    generation,
                    after_ms,
                } => {
                    let link = ctx.link().clone();
                    self.rebuild = Some(Timeout::new(after_ms, move || {
                        link.send_message(Msg::Rebuild(generation))
                    }));
                }
                Effect::ExpireToast {
                    generation,
                    after_ms,
                } => {
                    let link = ctx.link().clone();
                    self.toast = Some(Timeout::new(after_ms, move || {
                        link.send_message(Msg::ToastExpired(generation))
                    }));
                }
                Effect::Store { key, value } => browser::save(key, &value),
                Effect::SetFragment(f) => browser::set_fragment(&f),
                Effect::Copy { text, what } => {
                    let ok = browser::copy(&text);
                    ctx.link().send_message(Msg::Copied(what, ok));
                }
                Effect::Theme(t) => browser::set_theme(&t),
                Effect::Embedded(on) => browser::set_embedded(on),
                Effect::LoadTerminal => {
                    let link = ctx.link().clone();
                    super::lazy::load(move || link.send_message(Msg::TerminalLoaded));
                }
                Effect::ContinueWait => {
                    let link = ctx.link().clone();
                    self.wait = Some(Timeout::new(0, move || link.send_message(Msg::WaitSlice)));
                }
            }
        }
        render
    }
}

impl Component for App {
    type Message = Msg;
    type Properties = ();

    fn create(ctx: &Context<Self>) -> Self {
        let (search, hash) = browser::location();
        let (state, effects) = State::new(Init {
            search,
            hash,
            saved: browser::load(STORAGE_KEY),
            theme: browser::load(THEME_KEY),
            reduced_motion: browser::prefers_reduced_motion(),
            terminal: crate::kubectl::loaded().is_some(),
        });
        let keys = {
            let link = ctx.link().clone();
            let opts = gloo::events::EventListenerOptions::enable_prevent_default();
            gloo::events::EventListener::new_with_options(
                &gloo::utils::document(),
                "keydown",
                opts,
                move |ev| {
                    let Some(ev) = wasm_bindgen::JsCast::dyn_ref::<KeyboardEvent>(ev) else {
                        return;
                    };
                    if let Some(k) = shortcut_of(ev) {
                        if k != "Escape" {
                            ev.prevent_default();
                        }
                        link.send_message(Msg::Shortcut(k));
                    }
                },
            )
        };
        let mut app = App {
            state,
            frame: None,
            rebuild: None,
            wait: None,
            toast: None,
            _keys: keys,
        };
        app.carry_out(ctx, effects);
        app
    }

    fn rendered(&mut self, ctx: &Context<Self>, first_render: bool) {
        // The first screen is on screen once the frame that shows it is painted; the rest of
        // the page and the terminal's chunk wait for that (`Msg::FirstScreenShown`).
        if first_render {
            let link = ctx.link().clone();
            browser::after_next_paint(move || link.send_message(Msg::FirstScreenShown));
        }
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        if matches!(msg, Msg::Frame(_)) {
            // This frame has fired.
            self.frame = None;
        }
        let effects = self.state.apply(msg);
        self.carry_out(ctx, effects)
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let s = &self.state;
        let e = &s.embed;
        let set = s.frame.sets.first();
        let url = format!("{}#{}", browser::page_url(), s.fragment);
        let embed_url = format!("{}?embed=1#{}", browser::page_url(), s.fragment);
        let chart_read = link.callback(|r: browser::ChartChoice| match r {
            browser::ChartChoice::Files(files) => Msg::OpenChartFiles(files),
            browser::ChartChoice::Archive(bytes) => Msg::OpenChartArchive(bytes),
            browser::ChartChoice::Failed(e) => Msg::ChartOpenFailed(e),
        });
        let open_chart = {
            let done = chart_read.clone();
            Callback::from(move |i: web_sys::HtmlInputElement| {
                browser::read_chart_files(&i, done.clone())
            })
        };
        // A chart folder or `.tgz` dropped anywhere on the page opens (text drops into the
        // editor are left to the browser). Embedded read-only pages take no drops.
        let dropping = !e.readonly;
        let ondragover = Callback::from(move |ev: DragEvent| {
            if dropping && has_files(&ev) {
                ev.prevent_default();
            }
        });
        let ondrop = Callback::from(move |ev: DragEvent| {
            if dropping
                && has_files(&ev)
                && let Some(dt) = ev.data_transfer()
            {
                ev.prevent_default();
                browser::read_dropped_chart(&dt, chart_read.clone());
            }
        });
        html! {
            <div class={classes!("app", e.on.then_some("embedded"))} data-testid="app"
                data-edits={s.edits().to_string()}
                data-page={if s.whole_page { "whole" } else { "first-screen" }} {ondragover} {ondrop}>
                <a class="skip" href="#controls" onclick={Callback::from(|e: MouseEvent| {
                    // Move focus without touching the address (its fragment is the share state).
                    e.prevent_default();
                    if let Some(el) = gloo::utils::document().get_element_by_id("controls")
                        && let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el)
                    {
                        let _ = el.focus();
                    }
                })}>{ "Skip to the simulation" }</a>
                if !e.on {
                    <Header
                        scenario={s.scenario.clone()}
                        chart={s.chart.as_ref().map(|c| c.example.clone().unwrap_or_default())}
                        theme={s.theme.clone()}
                        on_scenario={link.callback(|v: String| match v.strip_prefix("chart:") {
                            Some(id) => Msg::OpenChart(id.to_string()),
                            None => Msg::LoadScenario(v),
                        })}
                        on_theme={link.callback(Msg::Theme)}
                        on_share={link.callback(|_| Msg::Open(Modal::Share))}
                        on_help={link.callback(|_| Msg::Open(Modal::Help))}
                        on_open_chart={open_chart.clone()}
                        kubernetes={s.kubernetes}
                        on_kubernetes={link.callback(Msg::Kubernetes)}
                    />
                    <VersionNote kubernetes={s.kubernetes} />
                }
                if let Some(b) = &s.banner {
                    <div class="banner" role="alert" data-testid="link-error">
                        <span>{ b }</span>
                        <button class="btn small" onclick={link.callback(|_| Msg::DismissBanner)}
                            aria-label="Dismiss">{ "Dismiss" }</button>
                    </div>
                }
                <main class="layout">
                    if e.shows("editor") {
                        <section class="col col-editor" aria-label={if s.chart.is_some() { "Chart" } else { "Manifest" }}>
                            if let Some(c) = &s.chart {
                                <ChartBar
                                    files={Rc::new(c.spec.files.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>())}
                                    problems={Rc::new(c.spec.files.iter().map(|(p, _)| crate::charts::diagnostics_of(&c.view, p).len()).collect::<Vec<_>>())}
                                    active={c.active}
                                    release={c.spec.release.clone()}
                                    sets={c.spec.sets.clone()}
                                    helm={if c.spec.version == crate::helm::Version::V3 { 3 } else { 4 }}
                                    name={c.view.name.clone()}
                                    rendered={c.rendered}
                                    show_rendered={c.show_rendered}
                                    on_file={link.callback(Msg::ChartFile)}
                                    on_add={link.callback(Msg::ChartAddFile)}
                                    on_release={link.callback(Msg::ChartRelease)}
                                    on_sets={link.callback(Msg::ChartSets)}
                                    on_helm={link.callback(Msg::ChartVersion)}
                                    on_toggle_rendered={link.callback(|_| Msg::ToggleRendered)}
                                    on_close={link.callback(|_| Msg::CloseChart)}
                                    on_open={open_chart.clone()}
                                />
                            }
                            <Editor
                                title={s.chart.as_ref().map_or(AttrValue::Static("Manifest"), |c| AttrValue::from(c.active_path().to_string()))}
                                text={AttrValue::from(s.text.clone())}
                                diagnostics={s.editor_diagnostics()}
                                readonly={e.readonly}
                                focus={s.focus}
                                top_line={s.editor_top}
                                can_undo={s.buffer.can_undo()}
                                can_redo={s.buffer.can_redo()}
                                on_input={link.callback(|(t, s, e, k)| Msg::Edited(t, s, e, k))}
                                on_select={link.callback(|(s, e)| Msg::Selected(s, e))}
                                on_key={link.callback(Msg::Key)}
                                colours={s.whole_page}
                            />
                            <Problems diagnostics={s.diagnostics.clone()}
                                files={s.diagnostic_files()}
                                on_jump={link.callback(|(l, c)| Msg::JumpTo(l, c))}
                                on_jump_file={link.callback(|(f, l, c)| Msg::JumpToFile(f, l, c))} />
                            if let Some(c) = s.chart.as_ref().filter(|c| c.show_rendered) {
                                <Rendered view={c.view.clone()}
                                    on_jump={link.callback(|(f, l, c)| Msg::JumpToFile(f, l, c))} />
                            }
                        </section>
                    }
                    <section class="col col-sim" aria-label="Simulation">
                        <Controls
                            now={s.pg.now()}
                            span={s.span}
                            horizon={s.pg.horizon()}
                            playing={s.playing}
                            speed={s.speed}
                            settled={s.pg.settled()}
                            compare={s.view.compare}
                            terminal={s.view.terminal}
                            on_toggle={link.callback(|_| Msg::TogglePlay)}
                            on_step={link.callback(|_| Msg::Step)}
                            on_restart={link.callback(|_| Msg::Restart)}
                            on_end={link.callback(|_| Msg::SkipToEnd)}
                            on_speed={link.callback(Msg::Speed)}
                            on_seek={link.callback(Msg::Seek)}
                            on_compare={link.callback(|_| Msg::ToggleCompare)}
                            on_terminal={link.callback(|_| Msg::ToggleTerminal)}
                        />
                        if let Some(c) = &s.compare {
                            <Compare
                                ordered={c.ordered_lanes.lanes.clone()}
                                parallel={c.parallel_lanes.lanes.clone()}
                                ordered_ready={c.ordered_ready.clone()}
                                parallel_ready={c.parallel_ready.clone()}
                                now={s.pg.now()}
                                horizon={s.pg.horizon()}
                                span={s.span}
                                on_seek={link.callback(Msg::Seek)}
                            />
                        }
                        // The pods come first after the playback controls, so that they are on
                        // the first screen; the story and the operations follow them.
                        if e.shows("pods") {
                            <ResourceView frame={s.frame.clone()} built={s.built()} analysis={s.analysis.clone()}
                                on_run={link.callback(Msg::Run)}
                                on_copy={link.callback(|t: String| Msg::Copy(t, "DNS name"))}
                                on_program={link.callback(|(c, v): (String, String)| Msg::Program(c, v))}
                                on_tools={link.callback(|(c, v): (String, String)| Msg::Tools(c, v))}
                                readonly={e.readonly}
                                can_undo_choice={s.can_undo_choice()}
                                on_undo_choice={link.callback(|_| Msg::UndoChoice)} />
                        }
                        if let Some(story) = s.story.as_ref().filter(|_| e.shows("story")) {
                            <ScenarioPanel story={story.clone()} done={s.steps_done}
                                on_step={link.callback(Msg::RunScenarioStep)} />
                        }
                        if s.whole_page && e.shows("pods") && let Some(s) = set {
                            <Operations set={Rc::new(s.clone())} on_run={link.callback(Msg::Run)} />
                        }
                        if s.whole_page && e.shows("timeline") && s.view.timeline {
                            <Timeline lanes={s.lanes.lanes.clone()} notes={s.notes.clone()}
                                now={s.pg.now()} horizon={s.pg.horizon()} span={s.span}
                                on_seek={link.callback(Msg::Seek)} />
                        }
                        if s.whole_page && e.shows("terminal") && s.view.terminal {
                            <Terminal
                                entries={s.terminal.clone()}
                                completion={s.completion.clone()}
                                on_run={link.callback(Msg::Run)}
                                on_complete={link.callback(|(l, c)| Msg::Complete(l, c))}
                                on_clear={link.callback(|_| Msg::ClearTerminal)}
                                on_visit={link.callback(Msg::OpenVisit)}
                                busy={s.wait.as_ref().map(|(w, _)| crate::playground::lanes::waiting_line(&w.line, w.now() - w.start, w.until - w.start))}
                            />
                        }
                        if let Some(v) = &s.visit {
                            <VisitCard panel={v.clone()}
                                on_visit={link.callback(|_| Msg::Visit)}
                                on_close={link.callback(|_| Msg::CloseVisit)} />
                        }
                    </section>
                </main>
                if e.on {
                    <footer class="embed-footer">
                        <a href={url.clone()} target="_blank" rel="noopener">{ "Open in StatefulSet Playground ↗" }</a>
                    </footer>
                }
                { super::components::timeline::patterns() }
                <div class="sr-only" aria-live="polite" data-testid="announcer">{ &s.announce }</div>
                if let Some(t) = &s.toast {
                    <div class="toast" role="status">{ t }</div>
                }
                if let Some(m) = &s.modal {
                    <Dialog modal={m.clone()} url={url} embed_url={embed_url}
                        on_close={link.callback(|_| Msg::CloseModal)}
                        on_copy={link.callback(|(t, w)| Msg::Copy(t, w))} />
                }
            </div>
        }
    }
}

/// Whether a drag carries files (not text being moved within the editor).
fn has_files(ev: &DragEvent) -> bool {
    ev.data_transfer().is_some_and(|dt| {
        dt.types()
            .iter()
            .any(|t| t.as_string().as_deref() == Some("Files"))
    })
}
