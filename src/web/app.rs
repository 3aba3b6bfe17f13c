//! The app: one component owns all UI state and is its only reducer (`update`). Children
//! render props and send messages. Time comes from `requestAnimationFrame`; everything the
//! page shows is computed by the pure core from (text, seed, journal, cursor).

use super::browser;
use super::components::{
    Compare, Completion, Controls, Dialog, Editor, EditorKey, Header, Operations, Problems,
    ResourceView, ScenarioPanel, Terminal, Timeline,
};
use crate::editing::{self, Buffer, Kind};
use crate::playground::lanes::{self, Lane, Note};
use crate::playground::view::{self, Frame};
use crate::playground::{AllReady, LOOKAHEAD_WORK, Playground};
use crate::scenario::{self, Story};
use crate::share::{self, Shared, View};
use crate::sim::world::Ms;
use crate::{Analysis, Input, Options};
use gloo::render::AnimationFrame;
use gloo::timers::callback::Timeout;
use std::rc::Rc;
use yew::prelude::*;

/// Where the last session is kept between visits.
const STORAGE_KEY: &str = "stsplay.session";
const THEME_KEY: &str = "stsplay.theme";
/// Playback speeds offered.
pub const SPEEDS: &[u32] = &[1, 2, 5, 10, 25, 50];
/// How long the simulation waits after a keystroke before it is rebuilt.
const REBUILD_DELAY_MS: u32 = 120;
/// The seed of fresh sessions.
const DEFAULT_SEED: u64 = 1;

/// The two policies of the side-by-side view.
pub struct CompareState {
    pub ordered: Playground,
    pub parallel: Playground,
    pub ordered_ready: AllReady,
    pub parallel_ready: AllReady,
}

/// Embedding options (`?embed=1&readonly=1&panels=pods,timeline`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Embed {
    pub on: bool,
    pub readonly: bool,
    /// Panels shown; empty means all.
    pub panels: Vec<String>,
}

impl Embed {
    pub fn shows(&self, panel: &str) -> bool {
        !self.on || self.panels.is_empty() || self.panels.iter().any(|p| p == panel)
    }
}

/// A dialog on top of the page.
#[derive(Clone, Debug, PartialEq)]
pub enum Modal {
    Share,
    Help,
}

pub enum Msg {
    /// The textarea changed (typing, paste, cut): text and selection as UTF-16 offsets.
    Edited(String, u32, u32, Kind),
    Selected(u32, u32),
    Key(EditorKey),
    /// Put the cursor at a line and column (a problem was clicked).
    JumpTo(u32, u32),
    Rebuild(u64),
    TogglePlay,
    Frame(f64),
    /// Advance to the next thing that happens.
    Step,
    Speed(u32),
    Seek(Ms),
    SeekBy(i64),
    /// To the moment the world comes to rest.
    SkipToEnd,
    Restart,
    /// Runs a command line at the cursor (buttons, scenario steps, the terminal).
    Run(String),
    RunScenarioStep(usize),
    LoadScenario(String),
    ToggleCompare,
    ToggleTerminal,
    ToggleTimeline,
    Theme(String),
    Open(Modal),
    CloseModal,
    Copy(String, &'static str),
    DismissBanner,
    ClearTerminal,
    /// Tab in the terminal: the line and the cursor (byte offset).
    Complete(String, usize),
    /// A shortcut pressed outside text fields.
    Shortcut(String),
}

pub struct App {
    buffer: Buffer,
    analysis: Rc<Analysis>,
    /// The editor's text and diagnostics, shared with the components without copying.
    text: AttrValue,
    diagnostics: Rc<Vec<crate::Diagnostic>>,
    /// The terminal's scrollback (journal entries up to the cursor, after `clear`), and the
    /// (applied, cleared) it was taken at.
    terminal: Rc<Vec<crate::playground::Entry>>,
    terminal_key: (usize, usize),
    story: Option<Rc<Story>>,
    scenario: Option<String>,
    seed: u64,
    pg: Playground,
    compare: Option<CompareState>,
    view: View,
    embed: Embed,
    playing: bool,
    speed: u32,
    /// Last animation timestamp (ms), to measure frame time.
    last_frame: Option<f64>,
    frame_handle: Option<AnimationFrame>,
    rebuild: Option<Timeout>,
    generation: u64,
    /// Cached view data (recomputed when the cursor or the world changes).
    frame: Rc<Frame>,
    lanes: Rc<Vec<Lane>>,
    notes: Rc<Vec<Note>>,
    lanes_key: (usize, Ms),
    /// The timeline's span: where the world comes to rest, at least a minute.
    span: Ms,
    /// Scenario steps already run.
    steps_done: usize,
    /// Terminal: entries hidden by `clear` (index into the journal).
    cleared: usize,
    theme: String,
    modal: Option<Modal>,
    banner: Option<String>,
    toast: Option<String>,
    toast_timer: Option<Timeout>,
    /// The live region's text: what changed among the pods.
    announce: String,
    completion: Completion,
    /// The share state as a URL fragment (`s=...`), as of the last change.
    fragment: String,
    /// Focus the editor at this byte offset (bumped nonce).
    focus: (u64, usize, usize),
    reduced_motion: bool,
    /// Page shortcuts: one keydown listener on the document.
    _keys: gloo::events::EventListener,
}

/// The page shortcut a key press means, if any (never inside a text field, or with a
/// modifier other than Shift).
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
    if ev.key() == "Escape" {
        return Some("Escape".into());
    }
    if in_field || ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
        return None;
    }
    let key = if ev.shift_key() && ev.key().starts_with("Arrow") {
        format!("Shift+{}", ev.key())
    } else {
        ev.key()
    };
    matches!(
        key.as_str(),
        " " | "k"
            | "."
            | "+"
            | "="
            | "-"
            | "ArrowLeft"
            | "ArrowRight"
            | "Shift+ArrowLeft"
            | "Shift+ArrowRight"
            | "Home"
            | "End"
            | "c"
            | "t"
            | "?"
            | "1"
            | "2"
            | "3"
            | "4"
            | "5"
            | "6"
    )
    .then_some(key)
}

fn analyze(text: &str) -> Analysis {
    crate::analyze(
        &[Input {
            name: crate::playground::EDITOR_FILE,
            text,
        }],
        &Options::default(),
    )
}

impl App {
    fn shared(&self) -> Shared {
        Shared {
            v: share::VERSION,
            text: self.buffer.text().to_string(),
            scenario: self.scenario.clone(),
            seed: self.seed,
            journal: self.pg.journal_lines(),
            t: self.pg.now(),
            speed: self.speed,
            view: self.view.clone(),
        }
    }

    /// Everything derived from the text and journal, rebuilt at the cursor's time.
    fn rebuild_world(&mut self) {
        let t = self.pg.now();
        let journal = self.pg.journal_lines();
        self.pg = Playground::replay(self.buffer.text(), self.seed, None, &journal, t);
        self.rebuild_compare();
        self.after_world_change(true);
    }

    fn rebuild_compare(&mut self) {
        if !self.view.compare {
            self.compare = None;
            return;
        }
        let t = self.pg.now();
        let journal = self.pg.journal_lines();
        let text = self.buffer.text();
        let ordered = Playground::replay(text, self.seed, Some("OrderedReady"), &journal, t);
        let parallel = Playground::replay(text, self.seed, Some("Parallel"), &journal, t);
        self.compare = Some(CompareState {
            ordered_ready: ordered.all_ready_within(LOOKAHEAD_WORK),
            parallel_ready: parallel.all_ready_within(LOOKAHEAD_WORK),
            ordered,
            parallel,
        });
    }

    /// Recomputes cached views; `future` also re-estimates the timeline's span.
    fn after_world_change(&mut self, future: bool) {
        let before = self.frame.clone();
        self.frame = Rc::new(view::frame(&self.pg.session.sim.world));
        let w = &self.pg.frontier().sim.world;
        let key = (w.log.len(), w.now);
        if key != self.lanes_key {
            self.lanes = Rc::new(lanes::lanes(w));
            self.notes = Rc::new(lanes::notes(w));
            self.lanes_key = key;
        }
        if future {
            let rest = self
                .pg
                .settles_within(LOOKAHEAD_WORK)
                .unwrap_or_else(|reached| reached);
            self.span = nice_span(rest.max(self.pg.horizon()));
        } else if self.pg.horizon() > self.span {
            self.span = nice_span(self.pg.horizon());
        }
        self.announce_changes(&before);
        self.refresh_terminal();
    }

    fn refresh_terminal(&mut self) {
        let applied = self.pg.applied();
        let key = (applied.len(), self.cleared);
        if key != self.terminal_key {
            self.terminal = Rc::new(applied[self.cleared.min(applied.len())..].to_vec());
            self.terminal_key = key;
        }
    }

    fn announce_changes(&mut self, before: &Frame) {
        let mut changes = Vec::new();
        let old = crate::sort::to_map(
            before
                .sets
                .iter()
                .flat_map(|s| s.pods.iter().map(|p| (p.name.as_str(), p.status.as_str()))),
        );
        let ready_old = crate::sort::to_set(
            before
                .sets
                .iter()
                .flat_map(|s| s.pods.iter().filter(|p| p.ready).map(|p| p.name.as_str())),
        );
        let mut seen = std::collections::BTreeSet::new();
        for s in &self.frame.sets {
            for p in &s.pods {
                seen.insert(p.name.as_str());
                match old.get(p.name.as_str()) {
                    None => changes.push(format!("{} created", p.name)),
                    Some(st) if *st != p.status => {
                        if p.ready && !ready_old.contains(p.name.as_str()) {
                            changes.push(format!("{} is Ready", p.name));
                        } else {
                            changes.push(format!("{} is {}", p.name, p.status));
                        }
                    }
                    _ => {
                        if p.ready != ready_old.contains(p.name.as_str()) {
                            changes.push(format!(
                                "{} is {}",
                                p.name,
                                if p.ready { "Ready" } else { "not Ready" }
                            ));
                        }
                    }
                }
            }
        }
        for name in old.keys() {
            if !seen.contains(name) {
                changes.push(format!("{name} is gone"));
            }
        }
        if !changes.is_empty() && changes.len() <= 12 {
            self.announce = changes.join(". ");
        } else if changes.len() > 12 {
            self.announce = format!("{} pods changed", changes.len());
        }
    }

    /// Re-encodes the share state (for links) and saves it for the next visit. Called after
    /// changes people make, not on every animation frame: encoding compresses the manifest.
    fn persist(&mut self) {
        // A text beyond what any API server takes is neither saved nor put in links (a link
        // that large could not be opened): both keep the last text that fitted, and the
        // editor says so.
        if self.buffer.text().len() > crate::yaml::MAX_INPUT_BYTES {
            return;
        }
        self.fragment = share::encode(&self.shared());
        if !self.embed.on {
            browser::save(STORAGE_KEY, &self.fragment);
        }
    }

    fn load_text(&mut self, text: &str, scenario: Option<String>) {
        self.buffer.replace_all(text);
        self.set_text_derived();
        self.scenario = scenario;
        self.steps_done = 0;
        self.cleared = 0;
        self.pg = Playground::new(self.buffer.text(), self.seed, None);
        self.rebuild_compare();
        self.after_world_change(true);
    }

    fn set_text_derived(&mut self) {
        self.analysis = Rc::new(analyze(self.buffer.text()));
        self.text = AttrValue::from(self.buffer.text().to_string());
        self.diagnostics = Rc::new(self.analysis.diagnostics.clone());
        self.story = scenario::story(self.buffer.text()).map(Rc::new);
    }

    fn schedule_rebuild(&mut self, ctx: &Context<Self>) {
        self.generation += 1;
        let g = self.generation;
        let link = ctx.link().clone();
        self.rebuild = Some(Timeout::new(REBUILD_DELAY_MS, move || {
            link.send_message(Msg::Rebuild(g))
        }));
    }

    fn request_frame(&mut self, ctx: &Context<Self>) {
        if self.frame_handle.is_some() {
            return;
        }
        let link = ctx.link().clone();
        self.frame_handle = Some(gloo::render::request_animation_frame(move |t| {
            link.send_message(Msg::Frame(t))
        }));
    }

    fn run(&mut self, line: &str) {
        let line = line.trim();
        if line.is_empty() {
            return;
        }
        let now = self.pg.now();
        if let Some(c) = self.compare.as_mut() {
            c.ordered.seek(now);
            c.parallel.seek(now);
        }
        let out = self.pg.exec(line);
        if out.clear {
            self.cleared = self.pg.journal.len();
        }
        if let Some(c) = self.compare.as_mut() {
            c.ordered.exec(line);
            c.parallel.exec(line);
            c.ordered_ready = c.ordered.all_ready_within(LOOKAHEAD_WORK);
            c.parallel_ready = c.parallel.all_ready_within(LOOKAHEAD_WORK);
        }
        self.after_world_change(true);
    }

    fn seek(&mut self, t: Ms) {
        let t = t.min(self.span.max(self.pg.horizon()));
        self.pg.seek(t);
        if let Some(c) = self.compare.as_mut() {
            c.ordered.seek(t);
            c.parallel.seek(t);
        }
        self.after_world_change(false);
    }

    fn show_toast(&mut self, ctx: &Context<Self>, text: &str) {
        self.toast = Some(text.to_string());
        let link = ctx.link().clone();
        self.toast_timer = Some(Timeout::new(2500, move || {
            link.send_message(Msg::DismissBanner)
        }));
    }
}

/// A round span for the time axis: 60 s, 90 s, 2 min, 3 min, 5 min, ...
fn nice_span(ms: Ms) -> Ms {
    let steps: [Ms; 12] = [
        60_000, 90_000, 120_000, 180_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000,
        7_200_000, 21_600_000, 86_400_000,
    ];
    let want = ms + ms / 10;
    steps.iter().copied().find(|s| *s >= want).unwrap_or(want)
}

/// Reads the address: embed options, a shared state (or why it could not be read), a
/// scenario id.
fn from_address() -> (
    Embed,
    Option<Result<Shared, share::LinkError>>,
    Option<String>,
) {
    let (search, hash) = browser::location();
    let flag = |k: &str| {
        share::param(&search, k)
            .or_else(|| share::param(&hash, k))
            .is_some_and(|v| v.is_empty() || v == "1" || v == "true")
    };
    let panels = share::param(&search, "panels")
        .or_else(|| share::param(&hash, "panels"))
        .map(|p| {
            p.split(',')
                .filter(|x| !x.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    let embed = Embed {
        on: flag("embed"),
        readonly: flag("readonly"),
        panels,
    };
    let state = share::param(&hash, share::KEY).map(|_| share::decode(&hash));
    let scenario = share::param(&search, "scenario")
        .or_else(|| share::param(&hash, "scenario"))
        .map(str::to_string);
    (embed, state, scenario)
}

impl Component for App {
    type Message = Msg;
    type Properties = ();

    fn create(ctx: &Context<Self>) -> Self {
        let (embed, linked, scenario_id) = from_address();
        browser::set_embedded(embed.on);
        let theme = browser::load(THEME_KEY).unwrap_or_default();
        browser::set_theme(&theme);
        let reduced_motion = browser::prefers_reduced_motion();
        let default = scenario::BUILTIN[0];
        let mut banner = None;
        let restored = match linked {
            Some(Ok(s)) => Some(s),
            Some(Err(e)) => {
                banner = Some(format!(
                    "This link could not be opened: {e}. Showing the default scenario instead."
                ));
                None
            }
            None => None,
        };
        let bad_link = banner.is_some();
        let restored = restored.or_else(|| {
            if embed.on || scenario_id.is_some() || bad_link {
                return None;
            }
            browser::load(STORAGE_KEY).and_then(|s| share::decode(&s).ok())
        });
        let builtin = scenario_id
            .as_deref()
            .and_then(scenario::builtin)
            .unwrap_or(&default);
        let (text, scenario, seed, journal, t, speed, view) = match restored {
            Some(s) => (
                s.text,
                s.scenario,
                s.seed,
                s.journal,
                s.t,
                s.speed.clamp(1, 50),
                s.view,
            ),
            None => (
                builtin.text.to_string(),
                Some(builtin.id.to_string()),
                DEFAULT_SEED,
                Vec::new(),
                0,
                5,
                View::default(),
            ),
        };
        let pg = Playground::replay(&text, seed, None, &journal, t);
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
            buffer: Buffer::new(&text),
            analysis: Rc::new(Analysis::default()),
            text: AttrValue::default(),
            diagnostics: Rc::new(Vec::new()),
            terminal: Rc::new(Vec::new()),
            terminal_key: (usize::MAX, 0),
            story: None,
            scenario,
            seed,
            pg,
            compare: None,
            view,
            embed,
            playing: false,
            speed,
            last_frame: None,
            frame_handle: None,
            rebuild: None,
            generation: 0,
            frame: Rc::new(Frame::default()),
            lanes: Rc::new(Vec::new()),
            notes: Rc::new(Vec::new()),
            lanes_key: (usize::MAX, 0),
            span: 60_000,
            steps_done: 0,
            cleared: 0,
            theme,
            modal: None,
            banner,
            toast: None,
            toast_timer: None,
            announce: String::new(),
            completion: Completion::default(),
            fragment: String::new(),
            focus: (0, 0, 0),
            reduced_motion,
            _keys: keys,
        };
        app.set_text_derived();
        app.rebuild_compare();
        app.after_world_change(true);
        app.announce.clear();
        app.persist();
        // Play on arrival, unless the visitor asked for less motion or came back mid-story.
        if !reduced_motion && t == 0 && app.pg.journal.is_empty() {
            app.playing = true;
            app.request_frame(ctx);
        }
        app
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        let persists = !matches!(
            msg,
            Msg::Frame(_)
                | Msg::Selected(..)
                | Msg::Complete(..)
                | Msg::DismissBanner
                | Msg::Copy(..)
                | Msg::Open(_)
                | Msg::CloseModal
                | Msg::Shortcut(_)
        );
        let render = self.handle(ctx, msg);
        if persists {
            self.persist();
        }
        render
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let e = &self.embed;
        let set = self.frame.sets.first();
        let url = format!("{}#{}", browser::page_url(), self.fragment);
        let embed_url = format!("{}?embed=1#{}", browser::page_url(), self.fragment);
        html! {
            <div class={classes!("app", e.on.then_some("embedded"))}>
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
                        scenario={self.scenario.clone()}
                        theme={self.theme.clone()}
                        on_scenario={link.callback(Msg::LoadScenario)}
                        on_theme={link.callback(Msg::Theme)}
                        on_share={link.callback(|_| Msg::Open(Modal::Share))}
                        on_help={link.callback(|_| Msg::Open(Modal::Help))}
                    />
                }
                if let Some(b) = &self.banner {
                    <div class="banner" role="alert" data-testid="link-error">
                        <span>{ b }</span>
                        <button class="btn small" onclick={link.callback(|_| Msg::DismissBanner)}
                            aria-label="Dismiss">{ "Dismiss" }</button>
                    </div>
                }
                <main class="layout">
                    if e.shows("editor") {
                        <section class="col col-editor" aria-label="Manifest">
                            <Editor
                                text={self.text.clone()}
                                diagnostics={self.diagnostics.clone()}
                                readonly={e.readonly}
                                focus={self.focus}
                                can_undo={self.buffer.can_undo()}
                                can_redo={self.buffer.can_redo()}
                                on_input={link.callback(|(t, s, e, k)| Msg::Edited(t, s, e, k))}
                                on_select={link.callback(|(s, e)| Msg::Selected(s, e))}
                                on_key={link.callback(Msg::Key)}
                            />
                            <Problems diagnostics={self.diagnostics.clone()}
                                on_jump={link.callback(|(l, c)| Msg::JumpTo(l, c))} />
                        </section>
                    }
                    <section class="col col-sim" aria-label="Simulation">
                        if let Some(story) = self.story.as_ref().filter(|_| e.shows("story")) {
                            <ScenarioPanel story={story.clone()} done={self.steps_done}
                                on_step={link.callback(Msg::RunScenarioStep)} />
                        }
                        <Controls
                            now={self.pg.now()}
                            span={self.span}
                            horizon={self.pg.horizon()}
                            playing={self.playing}
                            speed={self.speed}
                            settled={self.pg.settled()}
                            compare={self.view.compare}
                            terminal={self.view.terminal}
                            on_toggle={link.callback(|_| Msg::TogglePlay)}
                            on_step={link.callback(|_| Msg::Step)}
                            on_restart={link.callback(|_| Msg::Restart)}
                            on_end={link.callback(|_| Msg::SkipToEnd)}
                            on_speed={link.callback(Msg::Speed)}
                            on_seek={link.callback(Msg::Seek)}
                            on_compare={link.callback(|_| Msg::ToggleCompare)}
                            on_terminal={link.callback(|_| Msg::ToggleTerminal)}
                        />
                        if let Some(c) = &self.compare {
                            <Compare
                                ordered={Rc::new(lanes::lanes(&c.ordered.frontier().sim.world))}
                                parallel={Rc::new(lanes::lanes(&c.parallel.frontier().sim.world))}
                                ordered_ready={c.ordered_ready.clone()}
                                parallel_ready={c.parallel_ready.clone()}
                                now={self.pg.now()}
                                horizon={self.pg.horizon()}
                                span={self.span}
                                on_seek={link.callback(Msg::Seek)}
                            />
                        }
                        if e.shows("pods") {
                            if let Some(s) = set {
                                <Operations set={Rc::new(s.clone())} on_run={link.callback(Msg::Run)} />
                            }
                            <ResourceView frame={self.frame.clone()} analysis={self.analysis.clone()}
                                on_run={link.callback(Msg::Run)}
                                on_copy={link.callback(|t: String| Msg::Copy(t, "DNS name"))} />
                        }
                        if e.shows("timeline") && self.view.timeline {
                            <Timeline lanes={self.lanes.clone()} notes={self.notes.clone()}
                                now={self.pg.now()} horizon={self.pg.horizon()} span={self.span}
                                on_seek={link.callback(Msg::Seek)} />
                        }
                        if e.shows("terminal") && self.view.terminal {
                            <Terminal
                                entries={self.terminal.clone()}
                                completion={self.completion.clone()}
                                on_run={link.callback(Msg::Run)}
                                on_complete={link.callback(|(l, c)| Msg::Complete(l, c))}
                                on_clear={link.callback(|_| Msg::ClearTerminal)}
                            />
                        }
                    </section>
                </main>
                if e.on {
                    <footer class="embed-footer">
                        <a href={url.clone()} target="_blank" rel="noopener">{ "Open in StatefulSet Playground ↗" }</a>
                    </footer>
                }
                { super::components::timeline::patterns() }
                <div class="sr-only" aria-live="polite" data-testid="announcer">{ &self.announce }</div>
                if let Some(t) = &self.toast {
                    <div class="toast" role="status">{ t }</div>
                }
                if let Some(m) = &self.modal {
                    <Dialog modal={m.clone()} url={url} embed_url={embed_url}
                        on_close={link.callback(|_| Msg::CloseModal)}
                        on_copy={link.callback(|(t, w)| Msg::Copy(t, w))} />
                }
            </div>
        }
    }
}

impl App {
    /// The reducer: one message, one change of state; whether to render again.
    fn handle(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        match msg {
            Msg::Edited(text, s, e, kind) => {
                if self.embed.readonly {
                    return true;
                }
                let (start, end) = (
                    editing::from_utf16(&text, s as usize),
                    editing::from_utf16(&text, e as usize),
                );
                self.buffer.change(&text, start, end, kind);
                self.set_text_derived();
                self.schedule_rebuild(ctx);
            }
            Msg::Selected(s, e) => {
                let text = self.buffer.text();
                let (start, end) = (
                    editing::from_utf16(text, s as usize),
                    editing::from_utf16(text, e as usize),
                );
                self.buffer.select(start, end);
                return false;
            }
            Msg::Key(k) => {
                if self.embed.readonly {
                    return false;
                }
                let changed = match k {
                    EditorKey::Indent => {
                        self.buffer.indent();
                        true
                    }
                    EditorKey::Outdent => {
                        self.buffer.outdent();
                        true
                    }
                    EditorKey::Newline => {
                        self.buffer.newline();
                        true
                    }
                    EditorKey::Undo => self.buffer.undo(),
                    EditorKey::Redo => self.buffer.redo(),
                };
                if changed {
                    self.set_text_derived();
                    self.schedule_rebuild(ctx);
                    let st = self.buffer.state();
                    self.focus = (self.focus.0 + 1, st.start, st.end);
                }
            }
            Msg::JumpTo(line, column) => {
                let text = self.buffer.text();
                let at = editing::offset_of(text, line, column);
                self.buffer.select(at, at);
                self.focus = (self.focus.0 + 1, at, at);
            }
            Msg::Rebuild(g) => {
                if g != self.generation {
                    return false;
                }
                self.rebuild = None;
                self.rebuild_world();
            }
            Msg::TogglePlay => {
                self.playing = !self.playing;
                if self.playing {
                    if self.pg.at_frontier() && self.pg.settled() && self.pg.now() >= self.span {
                        self.seek(0);
                    }
                    self.last_frame = None;
                    self.request_frame(ctx);
                } else {
                    self.frame_handle = None;
                }
            }
            Msg::Frame(t) => {
                self.frame_handle = None;
                if !self.playing {
                    return false;
                }
                let dt = self
                    .last_frame
                    .map_or(0.0, |last| (t - last).clamp(0.0, 250.0));
                self.last_frame = Some(t);
                let step = (dt * f64::from(self.speed)) as Ms;
                let target = self.pg.now() + step;
                if self.pg.at_frontier() && self.pg.settled() && target > self.span {
                    // Nothing more will happen: stop at the end of the axis.
                    self.playing = false;
                    self.seek(self.span.max(self.pg.now()));
                    self.persist();
                    return true;
                }
                self.seek(target);
                self.request_frame(ctx);
            }
            Msg::Step => {
                self.playing = false;
                let next = self
                    .pg
                    .session
                    .sim
                    .next_change()
                    .filter(|t| *t > self.pg.now())
                    .unwrap_or(self.pg.now() + 1_000);
                self.seek(next);
            }
            Msg::Speed(s) => self.speed = s.clamp(1, 50),
            Msg::Seek(t) => {
                self.seek(t);
            }
            Msg::SeekBy(d) => {
                let t = (self.pg.now() as i64 + d).max(0) as Ms;
                self.seek(t);
            }
            Msg::SkipToEnd => {
                self.playing = false;
                self.pg.settle();
                if let Some(c) = self.compare.as_mut() {
                    c.ordered.seek(self.pg.now());
                    c.parallel.seek(self.pg.now());
                }
                self.after_world_change(false);
            }
            Msg::Restart => {
                self.seek(0);
            }
            Msg::Run(line) => {
                self.run(&line);
            }
            Msg::RunScenarioStep(i) => {
                let Some(story) = self.story.clone() else {
                    return false;
                };
                if let Some(step) = story.steps.get(i) {
                    for c in &step.commands {
                        self.run(c);
                    }
                    self.steps_done = self.steps_done.max(i + 1);
                    self.view.terminal = true;
                }
            }
            Msg::LoadScenario(id) => {
                if let Some(b) = scenario::builtin(&id) {
                    self.load_text(b.text, Some(b.id.to_string()));
                    self.playing = !self.reduced_motion;
                    self.last_frame = None;
                    if self.playing {
                        self.request_frame(ctx);
                    }
                }
            }
            Msg::ToggleCompare => {
                self.view.compare = !self.view.compare;
                self.rebuild_compare();
            }
            Msg::ToggleTerminal => self.view.terminal = !self.view.terminal,
            Msg::ToggleTimeline => self.view.timeline = !self.view.timeline,
            Msg::Theme(t) => {
                self.theme = t;
                browser::set_theme(&self.theme);
                browser::save(THEME_KEY, &self.theme);
            }
            Msg::Open(m) => {
                if m == Modal::Share {
                    self.persist();
                    browser::set_fragment(&self.fragment);
                }
                self.modal = Some(m);
            }
            Msg::CloseModal => self.modal = None,
            Msg::Copy(text, what) => {
                if browser::copy(&text) {
                    self.show_toast(ctx, &format!("{what} copied"));
                } else {
                    self.show_toast(
                        ctx,
                        "Copying is not allowed here: select the text and copy it",
                    );
                }
            }
            Msg::DismissBanner => {
                self.toast = None;
                self.toast_timer = None;
            }
            Msg::ClearTerminal => {
                self.cleared = self.pg.applied().len();
                self.refresh_terminal();
            }
            Msg::Complete(line, cursor) => {
                let (start, candidates) =
                    crate::kubectl::complete::complete(&self.pg.session, &line, cursor);
                self.completion = Completion {
                    nonce: self.completion.nonce + 1,
                    line,
                    cursor,
                    start,
                    candidates,
                };
            }
            Msg::Shortcut(key) => return self.shortcut(ctx, &key),
        }
        true
    }

    fn shortcut(&mut self, ctx: &Context<Self>, key: &str) -> bool {
        let set = self.frame.sets.first().map(|s| (s.name.clone(), s.desired));
        let msg = match key {
            " " | "k" => Msg::TogglePlay,
            "." => Msg::Step,
            "ArrowLeft" => Msg::SeekBy(-1_000),
            "ArrowRight" => Msg::SeekBy(1_000),
            "Shift+ArrowLeft" => Msg::SeekBy(-10_000),
            "Shift+ArrowRight" => Msg::SeekBy(10_000),
            "Home" => Msg::Restart,
            "End" => Msg::SkipToEnd,
            "c" => Msg::ToggleCompare,
            "t" => Msg::ToggleTerminal,
            "?" => Msg::Open(Modal::Help),
            "Escape" => {
                if self.modal.is_none() {
                    return false;
                }
                Msg::CloseModal
            }
            "+" | "=" | "-" => match set {
                Some((name, n)) => {
                    let n = if key == "-" { (n - 1).max(0) } else { n + 1 };
                    Msg::Run(format!("kubectl scale sts {name} --replicas={n}"))
                }
                None => return false,
            },
            d if d.len() == 1 && d.as_bytes()[0].is_ascii_digit() => {
                let i = usize::from(d.as_bytes()[0] - b'1');
                match SPEEDS.get(i) {
                    Some(s) => Msg::Speed(*s),
                    None => return false,
                }
            }
            _ => return false,
        };
        <Self as Component>::update(self, ctx, msg)
    }
}
