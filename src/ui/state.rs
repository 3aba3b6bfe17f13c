//! The page's state and its one reducer, as plain Rust: `State::new(Init)` builds it from
//! what the browser knows at load, `State::apply(Msg)` changes it and returns the
//! [`Effect`]s the browser layer must carry out (animation frames, timers, storage, the
//! address, the clipboard, the theme) and whether to render. Nothing here touches the
//! browser, so every behaviour of the page is tested natively (`tests/it/ui.rs`).

use super::shortcuts::{self, Action};
use crate::charts::{self, ChartSpec, ChartView};
use crate::editing::{self, Buffer, Kind};
use crate::playground::lanes::{self, Lane, Note};
use crate::playground::view::{self, Frame};
use crate::playground::{AllReady, Entry, LOOKAHEAD_WORK, Machine, Playground, Wait};
use crate::scenario::{self, Story};
use crate::share::{self, Shared, SharedChart, View};
use crate::sim::app::Choices;
use crate::sim::world::Ms;
use crate::{Analysis, Diagnostic, Options};
use std::rc::Rc;

/// Where the last session is kept between visits.
pub const STORAGE_KEY: &str = "stsplay.session";
pub const THEME_KEY: &str = "stsplay.theme";
/// Playback speeds offered.
pub const SPEEDS: &[u32] = &[1, 2, 5, 10, 25, 50];
/// The world's work one slice of a long `sleep` may do (about 30 ms in the page for a
/// hundred pods in CrashLoopBackOff).
const WAIT_SLICE_WORK: u64 = 10_000;

/// How long the simulation waits after a keystroke before it is rebuilt.
pub const REBUILD_DELAY_MS: u32 = 120;
/// How long a toast stays.
pub const TOAST_MS: u32 = 2500;
/// The seed of fresh sessions.
const DEFAULT_SEED: u64 = 1;

/// What the browser knows when the page loads.
#[derive(Clone, Debug, Default)]
pub struct Init {
    /// The address's query (`embed=1&scenario=lab`) and fragment (`s=...`), without `?`/`#`.
    pub search: String,
    pub hash: String,
    /// The session local storage kept from the last visit.
    pub saved: Option<String>,
    /// The theme chosen on an earlier visit.
    pub theme: Option<String>,
    pub reduced_motion: bool,
    /// The terminal is loaded (the web app loads it after the first screen).
    pub terminal: bool,
}

/// What the browser layer must do after a message.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// The view changed: render it.
    Render,
    /// Send `Msg::Frame(timestamp)` at the next animation frame (once, however often asked).
    RequestFrame,
    /// Forget a requested frame.
    CancelFrame,
    /// Send `Msg::Rebuild(generation)` after `after_ms`, replacing an earlier such timer.
    Rebuild { generation: u64, after_ms: u32 },
    /// Send `Msg::ToastExpired(generation)` after `after_ms`.
    ExpireToast { generation: u64, after_ms: u32 },
    /// Keep `value` in local storage under `key`.
    Store { key: &'static str, value: String },
    /// Replace the address's fragment (no history entry).
    SetFragment(String),
    /// Put text on the clipboard, then send `Msg::Copied(what, ok)`.
    Copy { text: String, what: &'static str },
    /// Set the page's theme (`""`, `"light"`, `"dark"`).
    Theme(String),
    /// The page is embedded (`?embed=1`): the document says so for its styles.
    Embedded(bool),
    /// Load the terminal, then send `Msg::TerminalLoaded`.
    LoadTerminal,
    /// A long `sleep` is running in slices: send `Msg::WaitSlice` once the page has had a
    /// chance to paint and answer (a zero-delay timer).
    ContinueWait,
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

/// Keys the editor handles itself.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum EditorKey {
    Indent,
    Outdent,
    Newline,
    Undo,
    Redo,
}

/// Tab completion in the terminal: what was asked and what was found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Completion {
    pub nonce: u64,
    pub line: String,
    pub cursor: usize,
    pub start: usize,
    pub candidates: Vec<String>,
}

/// The two policies of the side-by-side view.
pub struct CompareState {
    pub ordered: Playground,
    pub parallel: Playground,
    pub ordered_ready: AllReady,
    pub parallel_ready: AllReady,
    /// The two frontiers' lanes.
    pub ordered_lanes: KeptLanes,
    pub parallel_lanes: KeptLanes,
}

/// A world's lanes, read on as its timeline grows (`lanes::LaneBook`) and kept when they come
/// out equal, so the views that compare them by pointer stay as they are.
#[derive(Default)]
pub struct KeptLanes {
    book: lanes::LaneBook,
    pub lanes: Rc<Vec<Lane>>,
}

impl KeptLanes {
    fn update(&mut self, w: &crate::sim::cluster::World) {
        if self.book.update(w) {
            let lanes = self.book.lanes();
            if *self.lanes != lanes {
                self.lanes = Rc::new(lanes);
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Msg {
    /// The textarea changed (typing, paste, cut): text and selection as UTF-16 offsets.
    Edited(String, u32, u32, Kind),
    Selected(u32, u32),
    Key(EditorKey),
    /// Put the cursor at a line and column (a problem was clicked).
    JumpTo(u32, u32),
    /// The debounce after an edit ran out (the generation it was scheduled for).
    Rebuild(u64),
    TogglePlay,
    /// An animation frame, with its timestamp in milliseconds.
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
    /// Copy text to the clipboard; `what` names it in the toast.
    Copy(String, &'static str),
    /// The clipboard answered.
    Copied(&'static str, bool),
    /// The damaged-link banner's Dismiss button.
    DismissBanner,
    /// A toast's time is up (the generation it was shown with).
    ToastExpired(u64),
    ClearTerminal,
    /// Tab in the terminal: the line and the cursor (byte offset).
    Complete(String, usize),
    /// A key pressed outside text fields, named as `shortcuts` names keys.
    Shortcut(String),
    /// The terminal has loaded: commands waiting for it run now.
    TerminalLoaded,
    /// The first screen has been painted: the sections below it render now, and the terminal
    /// loads before anyone asks for it.
    FirstScreenShown,
    /// Open a built-in example chart (`charts::EXAMPLES` id).
    OpenChart(String),
    /// Open a chart from files (a dropped folder): paths relative to the chart's root, and
    /// texts.
    OpenChartFiles(Vec<(String, String)>),
    /// Open a chart packed by `helm package` (the `.tgz`'s bytes).
    OpenChartArchive(Vec<u8>),
    /// Why dropped files could not be opened as a chart.
    ChartOpenFailed(String),
    /// Leave the chart: the editor gets its rendered manifest as plain YAML.
    CloseChart,
    /// Edit another file of the chart.
    ChartFile(usize),
    /// Add an empty file to the chart (its path) and edit it.
    ChartAddFile(String),
    /// The `--set` lines changed.
    ChartSets(String),
    /// The release name changed.
    ChartRelease(String),
    /// Render as helm 3 or 4.
    ChartVersion(u32),
    /// Show or hide the rendered manifests.
    ToggleRendered,
    /// Go to a line of a chart file (a rendered line or a problem was clicked).
    JumpToFile(String, u32, u32),
    /// What runs in a container (its name, `--program`'s value; empty: as the image says).
    Program(String, String),
    /// What a container's image holds (its name, `--image-tools`' value; empty: as the image
    /// says).
    Tools(String, String),
    /// Put back the choices as they were before the last change.
    UndoChoice,
    /// Behave like Kubernetes 1.N (the minor version).
    Kubernetes(u32),
    /// A URL in the terminal was clicked (minikube's tunnel or a node port): open the visit
    /// panel on it.
    OpenVisit(String),
    /// The visit panel's button: one request to its URL (`curl -s URL`, as the terminal runs it).
    Visit,
    CloseVisit,
    /// Run the next slice of a long `sleep` (`Effect::ContinueWait`).
    WaitSlice,
}

/// The visit panel: a URL the learner reached with `minikube service`, and what each request
/// to it got, newest last: the pod that answered (if one did) and the first line of the answer.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct VisitPanel {
    pub url: String,
    pub answers: Vec<(Option<String>, String)>,
}

/// The first line (0-based) of a text that is YAML rather than comments, blank lines or `---`:
/// where a scenario's manifest starts below its story.
pub fn first_yaml_line(text: &str) -> u32 {
    text.lines()
        .position(|l| {
            let t = l.trim();
            !t.is_empty() && !t.starts_with('#') && t != "---"
        })
        .unwrap_or(0) as u32
}

/// The URLs in a terminal line that the visit panel can open: minikube's tunnel
/// (`http://127.0.0.1:PORT`) and node ports (`http://192.168.49.2:PORT`), as byte ranges.
pub fn visit_urls(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for prefix in ["http://127.0.0.1:", "http://192.168.49.2:"] {
        for (i, _) in text.match_indices(prefix) {
            let digits = text[i + prefix.len()..]
                .bytes()
                .take_while(u8::is_ascii_digit)
                .count();
            if digits > 0 {
                out.push((i, i + prefix.len() + digits));
            }
        }
    }
    crate::sort::sort_by_key(&mut out, |r| r.0);
    out
}

/// A chart being edited: its files, which one the editor shows, the last render.
pub struct ChartState {
    pub spec: ChartSpec,
    pub active: usize,
    /// The last render and analysis (empty until the chart engine has loaded).
    pub view: Rc<ChartView>,
    /// The engine has rendered this spec.
    pub rendered: bool,
    pub show_rendered: bool,
    /// The built-in example it was opened from, if it was.
    pub example: Option<String>,
}

impl ChartState {
    pub fn active_path(&self) -> &str {
        self.spec
            .files
            .get(self.active)
            .map_or("", |(p, _)| p.as_str())
    }
}

/// The release name charts open with (`helm install my-app ./chart`).
pub const CHART_RELEASE: &str = "my-app";
/// The most files a chart may have, and the largest chart, in the playground.
pub const MAX_CHART_FILES: usize = 500;
pub const MAX_CHART_BYTES: usize = 3 * 1024 * 1024;

/// Everything the page shows, and what it needs to compute it.
pub struct State {
    pub buffer: Buffer,
    pub analysis: Rc<Analysis>,
    /// The editor's text and diagnostics, shared with the views without copying.
    pub text: Rc<str>,
    pub diagnostics: Rc<Vec<Diagnostic>>,
    /// The terminal's scrollback (journal entries up to the cursor, after `clear`), and the
    /// (applied, cleared) it was taken at.
    pub terminal: Rc<Vec<Entry>>,
    terminal_key: (usize, usize),
    pub story: Option<Rc<Story>>,
    pub scenario: Option<String>,
    pub seed: u64,
    pub pg: Playground,
    pub compare: Option<CompareState>,
    pub view: View,
    pub embed: Embed,
    pub playing: bool,
    pub speed: u32,
    /// Last animation timestamp (ms), to measure frame time.
    last_frame: Option<f64>,
    /// Edits so far, and the edit the world was last rebuilt for.
    generation: u64,
    built: u64,
    /// Cached view data (recomputed when the cursor or the world changes).
    pub frame: Rc<Frame>,
    /// The frontier's lanes.
    pub lanes: KeptLanes,
    pub notes: Rc<Vec<Note>>,
    /// The timeline's span: where the world comes to rest, at least a minute.
    pub span: Ms,
    /// Scenario steps already run.
    pub steps_done: usize,
    /// Terminal: entries hidden by `clear` (index into the journal).
    cleared: usize,
    pub theme: String,
    pub modal: Option<Modal>,
    /// Why a shared link could not be opened, until dismissed.
    pub banner: Option<String>,
    pub toast: Option<String>,
    toast_generation: u64,
    /// The live region's text: what changed among the pods.
    pub announce: String,
    pub completion: Completion,
    /// The share state as a URL fragment (`s=...`), as of the last change.
    pub fragment: String,
    /// Focus the editor at this byte offset (bumped nonce).
    pub focus: (u64, usize, usize),
    /// Scroll the editor so that this line (0-based) is at the top, without focusing it
    /// (bumped nonce): a scenario opens on its manifest, not on the story above it.
    pub editor_top: (u64, u32),
    pub reduced_motion: bool,
    /// Whether the terminal is loaded, and what waits for it: commands, and a shared
    /// journal to replay (with the cursor's time).
    pub terminal_loaded: bool,
    waiting: Vec<Msg>,
    /// Whether the sections below the first screen (the operations, the timeline, the
    /// terminal) are rendered: not until the first screen has been painted
    /// (`Msg::FirstScreenShown`), so that the pods show sooner.
    pub whole_page: bool,
    restore: Option<(Vec<(Ms, String)>, Ms)>,
    /// A chart, when one is open instead of a manifest.
    pub chart: Option<ChartState>,
    /// What runs in the containers, as chosen in the resource view.
    pub choices: Choices,
    /// The visit panel, when open.
    pub visit: Option<VisitPanel>,
    /// The choices before each change, newest last (what **Undo** beside them restores).
    choices_undo: Vec<Choices>,
    /// The Kubernetes minor version the cluster and kubectl behave like (`version::SUPPORTED`).
    pub kubernetes: u32,
    /// A long `sleep` running in slices, and whether playback resumes after it.
    pub wait: Option<(Wait, bool)>,
    /// What arrived during that wait and runs once it ends.
    after_wait: Vec<Msg>,
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
fn from_address(
    search: &str,
    hash: &str,
) -> (
    Embed,
    Option<Result<Shared, share::LinkError>>,
    Option<String>,
) {
    let flag = |k: &str| {
        share::param(search, k)
            .or_else(|| share::param(hash, k))
            .is_some_and(|v| v.is_empty() || v == "1" || v == "true")
    };
    let panels = share::param(search, "panels")
        .or_else(|| share::param(hash, "panels"))
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
    let state = share::param(hash, share::KEY).map(|_| share::decode(hash));
    let scenario = share::param(search, "scenario")
        .or_else(|| share::param(hash, "scenario"))
        .map(str::to_string);
    (embed, state, scenario)
}

impl State {
    /// The page as it opens: from a shared link, else a scenario named in the address, else
    /// the last visit's session, else the first built-in scenario.
    pub fn new(init: Init) -> (State, Vec<Effect>) {
        let (embed, linked, scenario_id) = from_address(&init.search, &init.hash);
        let theme = init.theme.unwrap_or_default();
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
            init.saved.and_then(|s| share::decode(&s).ok())
        });
        let builtin = scenario_id
            .as_deref()
            .and_then(scenario::builtin)
            .unwrap_or(&default);
        let shared_chart = restored.as_ref().and_then(|s| s.chart.clone());
        let choices = restored.as_ref().map_or_else(Choices::default, |s| {
            Choices::from_pairs(&s.programs, &s.tools)
        });
        // A link's version, else one the address names (a course's cluster), else 1.36.
        let kubernetes = restored
            .as_ref()
            .and_then(|s| s.kubernetes)
            .or_else(|| {
                share::param(&init.search, "kubernetes")
                    .or_else(|| share::param(&init.hash, "kubernetes"))
                    .and_then(crate::version::parse_minor)
            })
            .unwrap_or(crate::version::DEFAULT_MINOR);
        let plain = Machine {
            choices: choices.clone(),
            profile: crate::version::Profile::v1(kubernetes),
            ..Machine::default()
        };
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
        // A journal is commands: replaying it needs the terminal. Until it loads, the page
        // shows the text at the start, then jumps to the shared moment.
        let restore = (!journal.is_empty() && !init.terminal).then(|| (journal.clone(), t));
        let pg = match restore {
            Some(_) => Playground::new(&text, seed, None, &plain),
            None => Playground::replay(&text, seed, None, &plain, &journal, t),
        };
        let mut state = State {
            buffer: Buffer::new(&text),
            analysis: Rc::new(Analysis::default()),
            text: Rc::from(""),
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
            generation: 0,
            built: 0,
            frame: Rc::new(Frame::default()),
            lanes: KeptLanes::default(),
            notes: Rc::new(Vec::new()),
            span: 60_000,
            steps_done: 0,
            cleared: 0,
            theme,
            modal: None,
            banner,
            toast: None,
            toast_generation: 0,
            announce: String::new(),
            completion: Completion::default(),
            fragment: String::new(),
            focus: (0, 0, 0),
            editor_top: (0, 0),
            reduced_motion: init.reduced_motion,
            terminal_loaded: init.terminal,
            whole_page: false,
            waiting: Vec::new(),
            restore,
            chart: None,
            choices,
            visit: None,
            choices_undo: Vec::new(),
            kubernetes,
            wait: None,
            after_wait: Vec::new(),
        };
        if let Some(c) = shared_chart {
            let active = c.active.min(c.files.len().saturating_sub(1));
            state.chart = Some(ChartState {
                spec: ChartSpec {
                    files: c.files,
                    release: c.release,
                    sets: c.sets,
                    version: if c.helm == 3 {
                        crate::helm::Version::V3
                    } else {
                        crate::helm::Version::V4
                    },
                },
                active,
                view: Rc::new(ChartView::default()),
                rendered: false,
                show_rendered: false,
                example: None,
            });
            let t = state.chart.as_ref().map(|c| c.spec.files[active].1.clone());
            state.buffer = Buffer::new(&t.unwrap_or_default());
        }
        state.set_text_derived();
        state.show_manifest();
        if state.chart.is_some() {
            state.pg = Playground::new(&state.world_text(), seed, None, &state.machine());
        }
        state.rebuild_compare();
        state.after_world_change(true);
        state.announce.clear();
        let mut effects = vec![
            Effect::Embedded(state.embed.on),
            Effect::Theme(state.theme.clone()),
        ];
        if state.restore.is_some() || (state.chart.is_some() && !state.terminal_loaded) {
            effects.push(Effect::LoadTerminal);
        }
        if state.restore.is_none() {
            state.persist(&mut effects);
        }
        // Play on arrival, unless the visitor asked for less motion or came back mid-story.
        if !state.reduced_motion && t == 0 && state.pg.journal.is_empty() {
            state.playing = true;
            effects.push(Effect::RequestFrame);
        }
        (state, effects)
    }

    /// An edit has not been simulated yet (the rebuild is still to come).
    pub fn rebuild_pending(&self) -> bool {
        self.built != self.generation
    }

    /// Edits taken so far (typing, pastes, editor keys).
    pub fn edits(&self) -> u64 {
        self.generation
    }

    /// The edit the world was last simulated for: equal to [`State::edits`] once every edit
    /// is simulated. The views show it, so tests can wait for the view they read.
    pub fn built(&self) -> u64 {
        self.built
    }

    /// The state a share link carries.
    pub fn shared(&self) -> Shared {
        let (programs, tools) = self.choices.pairs();
        Shared {
            v: share::VERSION,
            text: self.buffer.text().to_string(),
            scenario: self.scenario.clone(),
            seed: self.seed,
            journal: self.pg.journal_lines(),
            t: self.pg.now(),
            speed: self.speed,
            view: self.view.clone(),
            chart: self.chart.as_ref().map(|c| SharedChart {
                files: c.spec.files.clone(),
                active: c.active,
                release: c.spec.release.clone(),
                sets: c.spec.sets.clone(),
                helm: if c.spec.version == crate::helm::Version::V3 {
                    3
                } else {
                    4
                },
            }),
            programs,
            tools,
            kubernetes: (self.kubernetes != crate::version::DEFAULT_MINOR)
                .then_some(self.kubernetes),
        }
    }

    /// The options every analysis and world of the page uses (the chosen version).
    pub fn options(&self) -> Options {
        Options {
            profile: self.profile(),
            ..Options::default()
        }
    }

    fn profile(&self) -> crate::version::Profile {
        crate::version::Profile::v1(self.kubernetes)
    }

    /// The text the simulation runs: the editor's manifest, or the chart's rendered release.
    /// The terminal's machine: in chart mode the chart's files in a folder named after the
    /// chart, and the release the world is (when the chart renders).
    pub fn machine(&self) -> Machine {
        let Some(c) = &self.chart else {
            return Machine {
                choices: self.choices.clone(),
                profile: self.profile(),
                ..Machine::default()
            };
        };
        let dir = if c.view.name.is_empty() {
            "chart"
        } else {
            c.view.name.as_str()
        };
        Machine {
            files: c
                .spec
                .files
                .iter()
                .map(|(p, t)| (format!("{dir}/{p}"), t.clone()))
                .collect(),
            choices: self.choices.clone(),
            profile: self.profile(),
            helm: c.spec.version,
            release: (c.rendered && c.view.failure.is_none()).then(|| {
                (
                    c.spec.release.clone(),
                    dir.to_string(),
                    crate::charts::set_lines(&c.spec.sets),
                )
            }),
        }
    }

    pub fn world_text(&self) -> String {
        match &self.chart {
            Some(c) => c.view.manifest.clone(),
            None => self.buffer.text().to_string(),
        }
    }

    /// The reducer: one message, one change of state, and what the browser must do.
    pub fn apply(&mut self, msg: Msg) -> Vec<Effect> {
        let persists = !matches!(
            msg,
            Msg::Frame(_)
                | Msg::Selected(..)
                | Msg::Complete(..)
                | Msg::DismissBanner
                | Msg::ToastExpired(_)
                | Msg::Copy(..)
                | Msg::Copied(..)
                | Msg::Open(_)
                | Msg::CloseModal
                | Msg::Shortcut(_)
                | Msg::FirstScreenShown
        );
        let mut effects = Vec::new();
        if self.handle(msg, &mut effects) {
            effects.push(Effect::Render);
        }
        if persists {
            self.persist(&mut effects);
        }
        effects
    }

    /// Handles one message; whether the view changed.
    fn handle(&mut self, msg: Msg, fx: &mut Vec<Effect>) -> bool {
        let needs_terminal = matches!(
            msg,
            Msg::Run(_)
                | Msg::Visit
                | Msg::RunScenarioStep(_)
                | Msg::Complete(..)
                | Msg::OpenChart(_)
                | Msg::OpenChartArchive(_)
        );
        if needs_terminal && !self.terminal_loaded {
            if self.waiting.is_empty() {
                fx.push(Effect::LoadTerminal);
            }
            self.waiting.push(msg);
            return false;
        }
        // While a long sleep runs, the world must not move under it: what would act on the
        // world waits for the sleep to end, in order; frames are skipped.
        if self.wait.is_some() {
            match msg {
                Msg::WaitSlice => return self.wait_slice(fx),
                Msg::Frame(_) => return false,
                Msg::Run(_)
                | Msg::RunScenarioStep(_)
                | Msg::Rebuild(_)
                | Msg::TogglePlay
                | Msg::Step
                | Msg::Seek(_)
                | Msg::SeekBy(_)
                | Msg::SkipToEnd
                | Msg::Restart
                | Msg::LoadScenario(_)
                | Msg::ToggleCompare
                | Msg::OpenChart(_)
                | Msg::OpenChartFiles(_)
                | Msg::OpenChartArchive(_)
                | Msg::CloseChart
                | Msg::ChartFile(_)
                | Msg::ChartAddFile(_)
                | Msg::ChartSets(_)
                | Msg::ChartRelease(_)
                | Msg::ChartVersion(_)
                | Msg::Program(..)
                | Msg::Tools(..)
                | Msg::UndoChoice
                | Msg::Kubernetes(_)
                | Msg::Visit
                | Msg::Shortcut(_) => {
                    self.after_wait.push(msg);
                    return false;
                }
                _ => {}
            }
        }
        match msg {
            Msg::FirstScreenShown => {
                if self.whole_page {
                    return false;
                }
                self.whole_page = true;
                if !self.terminal_loaded {
                    fx.push(Effect::LoadTerminal);
                }
            }
            Msg::TerminalLoaded => {
                if self.terminal_loaded {
                    return false;
                }
                self.terminal_loaded = true;
                if self.chart.is_some() {
                    self.set_text_derived();
                    if self.restore.is_none() {
                        self.rebuild_world();
                    }
                }
                if let Some((journal, t)) = self.restore.take() {
                    self.replay(&journal, t);
                }
                for m in std::mem::take(&mut self.waiting) {
                    self.handle(m, fx);
                }
            }
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
                self.schedule_rebuild(fx);
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
                    self.schedule_rebuild(fx);
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
                self.built = g;
                self.rebuild_world();
            }
            Msg::TogglePlay => {
                self.playing = !self.playing;
                if self.playing {
                    if self.pg.at_frontier() && self.pg.settled() && self.pg.now() >= self.span {
                        self.seek(0);
                    }
                    self.last_frame = None;
                    fx.push(Effect::RequestFrame);
                } else {
                    fx.push(Effect::CancelFrame);
                }
            }
            Msg::Frame(t) => {
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
                    self.persist(fx);
                    return true;
                }
                self.seek(target);
                fx.push(Effect::RequestFrame);
            }
            Msg::Step => {
                self.playing = false;
                fx.push(Effect::CancelFrame);
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
            Msg::Seek(t) => self.seek(t),
            Msg::SeekBy(d) => {
                let t = (self.pg.now() as i64 + d).max(0) as Ms;
                self.seek(t);
            }
            Msg::SkipToEnd => {
                self.playing = false;
                fx.push(Effect::CancelFrame);
                self.pg.settle();
                if let Some(c) = self.compare.as_mut() {
                    c.ordered.seek(self.pg.now());
                    c.parallel.seek(self.pg.now());
                }
                self.after_world_change(false);
            }
            Msg::Restart => self.seek(0),
            Msg::Run(line) => {
                if self.begin_wait(&line, fx) {
                    return true;
                }
                self.run(&line)
            }
            Msg::WaitSlice => return false,
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
                    self.chart = None;
                    // Another scenario's containers run what their images say.
                    self.choices = Choices::default();
                    self.choices_undo.clear();
                    self.load_text(b.text, Some(b.id.to_string()));
                    self.playing = !self.reduced_motion;
                    self.last_frame = None;
                    if self.playing {
                        fx.push(Effect::RequestFrame);
                    }
                }
            }
            Msg::ToggleCompare => {
                self.view.compare = !self.view.compare;
                self.rebuild_compare();
            }
            Msg::OpenChart(id) => {
                let Some(files) = crate::kubectl::loaded().and_then(|t| (t.example_chart)(&id))
                else {
                    return false;
                };
                self.open_chart(files, fx);
                if let Some(c) = &mut self.chart {
                    c.example = Some(id);
                }
            }
            Msg::OpenChartFiles(files) => {
                let size: usize = files.iter().map(|(p, t)| p.len() + t.len()).sum();
                if files.len() > MAX_CHART_FILES || size > MAX_CHART_BYTES {
                    return self.handle(
                        Msg::ChartOpenFailed(format!(
                            "the chart has {} files and {} KB; the playground opens charts of up to {MAX_CHART_FILES} files and {} KB",
                            files.len(),
                            size / 1024,
                            MAX_CHART_BYTES / 1024
                        )),
                        fx,
                    );
                }
                if !files.iter().any(|(p, _)| p == "Chart.yaml") {
                    return self.handle(
                        Msg::ChartOpenFailed(
                            "no Chart.yaml at the top of what was dropped: drop the chart's folder (the one holding Chart.yaml) or a .tgz made by helm package".into(),
                        ),
                        fx,
                    );
                }
                self.open_chart(files, fx);
            }
            Msg::OpenChartArchive(bytes) => {
                let unpacked = crate::kubectl::loaded()
                    .map(|t| (t.unpack_chart)(&bytes))
                    .unwrap_or_else(|| Err("the chart engine is not loaded".into()));
                return self.handle(
                    match unpacked {
                        Ok(files) => Msg::OpenChartFiles(files),
                        Err(e) => Msg::ChartOpenFailed(e),
                    },
                    fx,
                );
            }
            Msg::ChartOpenFailed(why) => {
                self.banner = Some(format!("This chart could not be opened: {why}."));
            }
            Msg::CloseChart => {
                let Some(c) = self.chart.take() else {
                    return false;
                };
                let text = if c.view.manifest.is_empty() {
                    self.buffer.text().to_string()
                } else {
                    c.view.manifest.clone()
                };
                self.load_text(&text, None);
            }
            Msg::ChartFile(i) => {
                let Some(c) = &mut self.chart else {
                    return false;
                };
                if i >= c.spec.files.len() || i == c.active {
                    return false;
                }
                c.active = i;
                let text = c.spec.files[i].1.clone();
                self.buffer.replace_all(&text);
                self.set_text_derived();
                self.focus = (self.focus.0 + 1, 0, 0);
            }
            Msg::ChartAddFile(path) => {
                let path = path.trim().trim_start_matches("./").to_string();
                let Some(c) = &mut self.chart else {
                    return false;
                };
                if path.is_empty()
                    || path.ends_with('/')
                    || path
                        .split('/')
                        .any(|p| p.is_empty() || p == "." || p == "..")
                    || c.spec.files.len() >= MAX_CHART_FILES
                {
                    self.toast = Some(format!("\"{path}\" is not a file path in the chart"));
                    return true;
                }
                let at = match c.spec.files.iter().position(|(p, _)| *p == path) {
                    Some(i) => i,
                    None => {
                        c.spec.files.push((path, String::new()));
                        c.spec.files.len() - 1
                    }
                };
                return self.handle(Msg::ChartFile(at), fx);
            }
            Msg::ChartSets(sets) => {
                let Some(c) = &mut self.chart else {
                    return false;
                };
                c.spec.sets = sets;
                self.chart_changed(fx);
            }
            Msg::ChartRelease(name) => {
                let Some(c) = &mut self.chart else {
                    return false;
                };
                c.spec.release = name;
                self.chart_changed(fx);
            }
            Msg::ChartVersion(v) => {
                let Some(c) = &mut self.chart else {
                    return false;
                };
                c.spec.version = if v == 3 {
                    crate::helm::Version::V3
                } else {
                    crate::helm::Version::V4
                };
                self.chart_changed(fx);
            }
            Msg::Kubernetes(minor) => {
                if !crate::version::SUPPORTED.contains(&minor) || minor == self.kubernetes {
                    return false;
                }
                self.kubernetes = minor;
                // The problems and the world follow the version, from the start.
                self.set_text_derived();
                self.choices_changed();
                self.announce = format!("Behaving like Kubernetes v1.{minor}");
            }
            Msg::UndoChoice => {
                let Some(before) = self.choices_undo.pop() else {
                    return false;
                };
                self.choices = before;
                self.choices_changed();
            }
            // A value that is no program (or tools) gives the choice back to the image.
            Msg::Program(container, value) => {
                self.choose(|c| {
                    let _ = c.set_program(&container, &value);
                });
            }
            Msg::Tools(container, value) => {
                self.choose(|c| {
                    let _ = c.set_tools(&container, &value);
                });
            }
            Msg::OpenVisit(url) => {
                self.visit = Some(VisitPanel {
                    url,
                    answers: Vec::new(),
                });
            }
            Msg::CloseVisit => self.visit = None,
            Msg::Visit => {
                let Some(url) = self.visit.as_ref().map(|v| v.url.clone()) else {
                    return false;
                };
                // The pod whose app logged the request answered it.
                let logged = |s: &State| -> Vec<(String, usize)> {
                    let w = &s.pg.session.sim.world;
                    w.pod_logs
                        .iter()
                        .map(|(k, l)| (k.rsplit('/').next().unwrap_or(k).to_string(), l.len()))
                        .collect()
                };
                let before = logged(self);
                self.run(&format!("curl -s {url}"));
                let after = logged(self);
                let pod = after
                    .into_iter()
                    .find(|(p, n)| {
                        before
                            .iter()
                            .find(|(q, _)| q == p)
                            .is_none_or(|(_, m)| n > m)
                    })
                    .map(|(p, _)| p);
                let answer = self
                    .pg
                    .journal
                    .last()
                    .map(|e| {
                        use crate::shell::Stream;
                        let out = e.output.text(Stream::Out);
                        let text = if out.is_empty() {
                            e.output.text(Stream::Err)
                        } else {
                            out
                        };
                        text.lines().next().unwrap_or("").to_string()
                    })
                    .unwrap_or_default();
                if let Some(v) = &mut self.visit {
                    v.answers.push((pod, answer));
                }
            }
            Msg::ToggleRendered => {
                let Some(c) = &mut self.chart else {
                    return false;
                };
                c.show_rendered = !c.show_rendered;
            }
            Msg::JumpToFile(file, line, column) => {
                if let Some(c) = &self.chart
                    && let Some(i) = c.spec.files.iter().position(|(p, _)| *p == file)
                {
                    self.handle(Msg::ChartFile(i), fx);
                }
                return self.handle(Msg::JumpTo(line, column), fx);
            }
            Msg::ToggleTerminal => self.view.terminal = !self.view.terminal,
            Msg::ToggleTimeline => self.view.timeline = !self.view.timeline,
            Msg::Theme(t) => {
                self.theme = t;
                fx.push(Effect::Theme(self.theme.clone()));
                fx.push(Effect::Store {
                    key: THEME_KEY,
                    value: self.theme.clone(),
                });
            }
            Msg::Open(m) => {
                if m == Modal::Share {
                    self.persist(fx);
                    fx.push(Effect::SetFragment(self.fragment.clone()));
                }
                self.modal = Some(m);
            }
            Msg::CloseModal => self.modal = None,
            Msg::Copy(text, what) => {
                fx.push(Effect::Copy { text, what });
                return false;
            }
            Msg::Copied(what, ok) => {
                let text = if ok {
                    format!("{what} copied")
                } else {
                    "Copying is not allowed here: select the text and copy it".to_string()
                };
                self.show_toast(&text, fx);
            }
            Msg::DismissBanner => self.banner = None,
            Msg::ToastExpired(g) => {
                if g != self.toast_generation || self.toast.is_none() {
                    return false;
                }
                self.toast = None;
            }
            Msg::ClearTerminal => {
                self.cleared = self.pg.applied().len();
                self.refresh_terminal();
            }
            Msg::Complete(line, cursor) => {
                let (start, candidates) = self.pg.session.complete(&line, cursor);
                self.completion = Completion {
                    nonce: self.completion.nonce + 1,
                    line,
                    cursor,
                    start,
                    candidates,
                };
            }
            Msg::Shortcut(key) => return self.shortcut(&key, fx),
        }
        true
    }

    /// A shortcut key: the message its action stands for.
    fn shortcut(&mut self, key: &str, fx: &mut Vec<Effect>) -> bool {
        let Some(action) = shortcuts::action(key) else {
            return false;
        };
        let msg = match action {
            Action::TogglePlay => Msg::TogglePlay,
            Action::Step => Msg::Step,
            Action::SeekBy(d) => Msg::SeekBy(d),
            Action::Restart => Msg::Restart,
            Action::SkipToEnd => Msg::SkipToEnd,
            Action::Speed(i) => match SPEEDS.get(i) {
                Some(s) => Msg::Speed(*s),
                None => return false,
            },
            Action::Scale(by) => match self.frame.sets.first() {
                Some(s) => {
                    let n = (s.desired + by).max(0);
                    Msg::Run(format!("kubectl scale sts {} --replicas={n}", s.name))
                }
                None => return false,
            },
            Action::ToggleCompare => Msg::ToggleCompare,
            Action::ToggleTerminal => Msg::ToggleTerminal,
            Action::Help => Msg::Open(Modal::Help),
            Action::Close => {
                if self.modal.is_none() {
                    return false;
                }
                Msg::CloseModal
            }
        };
        // A shortcut acts exactly as the message it stands for, persisting alike.
        let effects = self.apply(msg);
        let render = effects.contains(&Effect::Render);
        fx.extend(effects.into_iter().filter(|e| *e != Effect::Render));
        render
    }

    /// Everything derived from the text and journal, rebuilt at the cursor's time.
    fn rebuild_world(&mut self) {
        let journal = self.pg.journal_lines();
        self.replay(&journal, self.pg.now());
    }

    /// The world of the text with `journal` replayed, the cursor at `t`.
    fn replay(&mut self, journal: &[(Ms, String)], t: Ms) {
        self.pg = Playground::replay(
            &self.world_text(),
            self.seed,
            None,
            &self.machine(),
            journal,
            t,
        );
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
        let text = self.world_text();
        let machine = self.machine();
        let ordered = Playground::replay(
            &text,
            self.seed,
            Some("OrderedReady"),
            &machine,
            &journal,
            t,
        );
        let parallel =
            Playground::replay(&text, self.seed, Some("Parallel"), &machine, &journal, t);
        let (mut ordered_lanes, mut parallel_lanes) = (KeptLanes::default(), KeptLanes::default());
        ordered_lanes.update(&ordered.frontier().sim.world);
        parallel_lanes.update(&parallel.frontier().sim.world);
        self.compare = Some(CompareState {
            ordered_ready: ordered.all_ready_within(LOOKAHEAD_WORK),
            parallel_ready: parallel.all_ready_within(LOOKAHEAD_WORK),
            ordered,
            parallel,
            ordered_lanes,
            parallel_lanes,
        });
    }

    /// Recomputes cached views; `future` also re-estimates the timeline's span.
    fn after_world_change(&mut self, future: bool) {
        if future {
            // A rebuilt world may have made itself differently (a chart's helm install).
            self.terminal_key = (usize::MAX, 0);
        }
        let before = self.frame.clone();
        self.frame = Rc::new(view::frame(&self.pg.session.sim.world));
        let w = &self.pg.frontier().sim.world;
        // An open segment ends at the horizon only when drawn, so most frames change no lane.
        self.lanes.update(w);
        if let Some(c) = self.compare.as_mut() {
            c.ordered_lanes.update(&c.ordered.frontier().sim.world);
            c.parallel_lanes.update(&c.parallel.frontier().sim.world);
        }
        let notes = lanes::notes(w, self.pg.now(), lanes::RECENT_NOTES);
        if *self.notes != notes {
            self.notes = Rc::new(notes);
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
        self.announce =
            announcement(&before, &self.frame).unwrap_or(std::mem::take(&mut self.announce));
        self.refresh_terminal();
    }

    fn refresh_terminal(&mut self) {
        let applied = self.pg.applied();
        let key = (applied.len(), self.cleared);
        if key != self.terminal_key {
            // What made the world (a chart's helm install) comes first, until a `clear`.
            let preamble = if self.cleared == 0 {
                self.pg.preamble.as_slice()
            } else {
                &[]
            };
            let shown = &applied[self.cleared.min(applied.len())..];
            self.terminal = Rc::new(preamble.iter().chain(shown).cloned().collect());
            self.terminal_key = key;
        }
    }

    /// Re-encodes the share state (for links) and saves it for the next visit. Done after
    /// changes people make, not on every animation frame: encoding compresses the manifest.
    fn persist(&mut self, fx: &mut Vec<Effect>) {
        // A text beyond what any API server takes is neither saved nor put in links (a link
        // that large could not be opened): both keep the last text that fitted, and the
        // editor says so.
        if self.buffer.text().len() > crate::yaml::MAX_INPUT_BYTES {
            return;
        }
        // A shared journal still waiting for the terminal is not lost to an early save.
        if self.restore.is_some() {
            return;
        }
        self.fragment = share::encode(&self.shared());
        if !self.embed.on {
            fx.push(Effect::Store {
                key: STORAGE_KEY,
                value: self.fragment.clone(),
            });
        }
    }

    /// Whether a change of what runs in the containers can be undone.
    pub fn can_undo_choice(&self) -> bool {
        !self.choices_undo.is_empty()
    }

    /// Changes the choices (undoably) and starts the world again with them.
    fn choose(&mut self, change: impl FnOnce(&mut Choices)) {
        self.choices_undo.push(self.choices.clone());
        change(&mut self.choices);
        self.choices_changed();
    }

    /// The world starts again with what now runs in the containers (as after an edit).
    fn choices_changed(&mut self) {
        self.built = self.generation;
        self.pg = Playground::new(&self.world_text(), self.seed, None, &self.machine());
        self.rebuild_compare();
        self.after_world_change(true);
    }

    /// Shows the manifest below a story's comments at the top of the editor.
    fn show_manifest(&mut self) {
        let line = first_yaml_line(self.buffer.text());
        if line > 0 {
            self.editor_top = (self.editor_top.0 + 1, line);
        }
    }

    fn load_text(&mut self, text: &str, scenario: Option<String>) {
        self.buffer.replace_all(text);
        self.editor_top = (self.editor_top.0 + 1, first_yaml_line(text));
        self.set_text_derived();
        self.scenario = scenario;
        self.steps_done = 0;
        self.cleared = 0;
        // A pending rebuild is for the text just replaced.
        self.built = self.generation;
        self.pg = Playground::new(&self.world_text(), self.seed, None, &self.machine());
        self.rebuild_compare();
        self.after_world_change(true);
    }

    fn set_text_derived(&mut self) {
        self.text = Rc::from(self.buffer.text());
        let opts = self.options();
        if let Some(c) = &mut self.chart {
            if let Some((_, t)) = c.spec.files.get_mut(c.active) {
                *t = self.buffer.text().to_string();
            }
            if let Some(engine) = crate::kubectl::loaded() {
                c.view = Rc::new((engine.analyze_chart)(&c.spec, &opts));
                c.rendered = true;
            }
            self.analysis = Rc::new(c.view.analysis.clone());
            self.diagnostics = Rc::new(c.view.analysis.diagnostics.clone());
            // A chart's story is told in its values.yaml's comments (helm ignores them).
            self.story = c
                .spec
                .files
                .iter()
                .find(|(p, _)| p == "values.yaml")
                .and_then(|(_, t)| scenario::story(t))
                .map(Rc::new);
            return;
        }
        self.analysis = crate::playground::analysis_of(self.buffer.text(), &self.options());
        self.diagnostics = Rc::new(self.analysis.diagnostics.clone());
        self.story = scenario::story(self.buffer.text()).map(Rc::new);
    }

    /// Diagnostics of the file the editor shows (all of them outside chart mode).
    pub fn editor_diagnostics(&self) -> Rc<Vec<Diagnostic>> {
        match &self.chart {
            Some(c) => Rc::new(charts::diagnostics_of(&c.view, c.active_path())),
            None => self.diagnostics.clone(),
        }
    }

    /// The file name of each diagnostic, in chart mode (problems list shows them).
    pub fn diagnostic_files(&self) -> Rc<Vec<String>> {
        match &self.chart {
            Some(c) => Rc::new(c.view.analysis.manifests.files.clone()),
            None => Rc::new(Vec::new()),
        }
    }

    /// Opens a chart: the editor shows its first template, or `values.yaml`.
    fn open_chart(&mut self, files: Vec<(String, String)>, fx: &mut Vec<Effect>) {
        self.choices = Choices::default();
        self.choices_undo.clear();
        let active = files
            .iter()
            .position(|(p, _)| p == "values.yaml")
            .unwrap_or(0);
        let text = files
            .get(active)
            .map(|(_, t)| t.clone())
            .unwrap_or_default();
        self.chart = Some(ChartState {
            spec: ChartSpec {
                files,
                release: CHART_RELEASE.into(),
                sets: String::new(),
                version: crate::helm::Version::V4,
            },
            active,
            view: Rc::new(ChartView::default()),
            rendered: false,
            show_rendered: false,
            example: None,
        });
        if !self.terminal_loaded && self.waiting.is_empty() {
            fx.push(Effect::LoadTerminal);
        }
        self.load_text(&text, None);
    }

    /// Re-renders the chart after a change of its settings.
    fn chart_changed(&mut self, fx: &mut Vec<Effect>) {
        self.set_text_derived();
        self.show_manifest();
        self.schedule_rebuild(fx);
    }

    fn schedule_rebuild(&mut self, fx: &mut Vec<Effect>) {
        self.generation += 1;
        fx.push(Effect::Rebuild {
            generation: self.generation,
            after_ms: REBUILD_DELAY_MS,
        });
    }

    fn run(&mut self, line: &str) {
        // A here-document's lines count as typed, blank and indented ones too.
        let line = if self.pg.session.continuing() {
            line.trim_end_matches(['\r', '\n'])
        } else {
            line.trim()
        };
        if line.is_empty() && !self.pg.session.continuing() {
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

    /// Starts a long `sleep` in slices (`Playground::begin_wait`), when nothing else must
    /// follow the same line at once: not with OrderedReady and Parallel side by side (both
    /// run it directly).
    fn begin_wait(&mut self, line: &str, fx: &mut Vec<Effect>) -> bool {
        if self.compare.is_some() {
            return false;
        }
        let Some(wait) = self.pg.begin_wait(line.trim()) else {
            return false;
        };
        let playing = self.playing;
        if playing {
            self.playing = false;
            self.last_frame = None;
            fx.push(Effect::CancelFrame);
        }
        self.wait = Some((wait, playing));
        self.announce = format!("{}: virtual time is passing", line.trim());
        fx.push(Effect::ContinueWait);
        true
    }

    /// The next slice of the long sleep; at its end, the sleep is journaled as if it had run
    /// at once and what waited for it runs.
    fn wait_slice(&mut self, fx: &mut Vec<Effect>) -> bool {
        let Some((wait, _)) = self.wait.as_mut() else {
            return false;
        };
        if !wait.step(WAIT_SLICE_WORK) {
            fx.push(Effect::ContinueWait);
            return true;
        }
        let Some((wait, playing)) = self.wait.take() else {
            return false;
        };
        self.pg.finish_wait(wait);
        self.after_world_change(true);
        self.announce.clear();
        if playing {
            self.playing = true;
            fx.push(Effect::RequestFrame);
        }
        for m in std::mem::take(&mut self.after_wait) {
            if self.wait.is_some() {
                self.after_wait.push(m);
            } else {
                self.handle(m, fx);
            }
        }
        true
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

    fn show_toast(&mut self, text: &str, fx: &mut Vec<Effect>) {
        self.toast = Some(text.to_string());
        self.toast_generation += 1;
        fx.push(Effect::ExpireToast {
            generation: self.toast_generation,
            after_ms: TOAST_MS,
        });
    }
}

/// What the live region says about the pods' changes from `before` to `after`, if anything
/// changed: each change named, or a count when there are many.
fn announcement(before: &Frame, after: &Frame) -> Option<String> {
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
    for s in &after.sets {
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
    match changes.len() {
        0 => None,
        n if n <= 12 => Some(changes.join(". ")),
        n => Some(format!("{n} pods changed")),
    }
}
