//! The playground's model, independent of any screen: the editor's text, its analysis, and a
//! simulated cluster that can be played, paused and scrubbed back and forth in virtual time.
//!
//! Everything that changes the cluster is a command line (`kubectl scale ...`, `fault web-1
//! ready=never`, `sleep 10`) recorded in a **journal** with the virtual time it ran at. The
//! cluster at any moment is a pure function of (text, seed, journal, time): replaying gives the
//! same world, byte for byte. Share links carry exactly that; the timeline's scrubber moves by
//! restoring the nearest **checkpoint** (a cloned session) and replaying forward from it.
//! Running a command while the cursor is in the past cuts the journal there, like typing after
//! an undo.

pub mod lanes;
pub mod view;

use crate::kubectl::{Output, Session};
use crate::sim::world::Ms;
use crate::sim::{SimOptions, Simulation};
use crate::{Analysis, Input, Options};
use std::cell::RefCell;
use std::rc::Rc;

/// The name the editor's text has for `kubectl apply -f`.
pub const EDITOR_FILE: &str = "manifest.yaml";
/// A checkpoint is taken at least this often while time moves.
const CHECKPOINT_EVERY: Ms = 5_000;
/// Checkpoints kept; beyond this every other one is dropped.
const MAX_CHECKPOINTS: usize = 256;

/// A command that ran, when, and what it printed.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub t: Ms,
    pub line: String,
    pub output: Output,
}

#[derive(Clone, Debug)]
struct Checkpoint {
    /// Journal entries applied in `session`.
    applied: usize,
    session: Session,
}

/// The terminal's machine besides the cluster: files in its working directory and, in chart
/// mode, the Helm release the world was installed as.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Machine {
    pub files: Vec<(String, String)>,
    /// The release (name, chart folder, values flags as `charts::set_lines` gives them)
    /// whose manifest the text is.
    pub release: Option<(String, String, Vec<crate::charts::SetLine>)>,
    /// What runs in the containers, as the user chose it (`sim::app::Choices`).
    pub choices: crate::sim::app::Choices,
    /// The Kubernetes version the cluster and kubectl behave like.
    pub profile: crate::version::Profile,
    /// Whose `helm` the terminal runs (the chart's helm version).
    pub helm: crate::helm::Version,
}

/// A `sleep` at least this long is run in slices in the page.
pub const MIN_SLICED_WAIT_MS: Ms = 60_000;

/// A long `sleep` being run in slices (`Playground::begin_wait`).
#[derive(Clone, Debug)]
pub struct Wait {
    pub line: String,
    /// When it was typed, and when it ends (virtual time).
    pub start: Ms,
    pub until: Ms,
    session: Session,
}

impl Wait {
    /// Runs at most `work` units of the world's work; `true` once the wait has ended.
    pub fn step(&mut self, work: u64) -> bool {
        self.session
            .sim
            .world
            .run_within(self.until, true, work)
            .is_some()
    }

    /// How far the clock has got.
    pub fn now(&self) -> Ms {
        self.session.sim.world.now
    }
}

/// The simulated cluster for one text, over time.
#[derive(Clone, Debug)]
pub struct Playground {
    pub text: String,
    pub seed: u64,
    /// `podManagementPolicy` forced on every StatefulSet (the side-by-side view).
    pub policy: Option<&'static str>,
    pub analysis: Rc<Analysis>,
    /// What ran to make the world before the journal (a chart's `helm install`), shown first
    /// in the terminal; not part of the journal, since a replay runs it again.
    pub preamble: Vec<Entry>,
    pub journal: Vec<Entry>,
    /// The cluster at the cursor.
    pub session: Session,
    /// How many journal entries `session` has run.
    applied: usize,
    /// The furthest point reached, kept while the cursor is behind it.
    ahead: Option<Box<Session>>,
    checkpoints: Vec<Checkpoint>,
}

/// `helm install NAME ./DIR --set ...`, words quoted for the shell where they need it.
fn install_line(name: &str, dir: &str, sets: &[crate::charts::SetLine]) -> String {
    let quote = |w: &str| {
        let plain = !w.is_empty()
            && w.chars()
                .all(|c| c.is_ascii_alphanumeric() || "._/=:,-+@%".contains(c));
        if plain {
            w.to_string()
        } else {
            format!("'{}'", w.replace('\'', "'\\''"))
        }
    };
    let mut line = format!(
        "helm install {} {}",
        quote(name),
        quote(&format!("./{dir}"))
    );
    for (flag, set) in sets {
        // The chart bar reads `--set-file` paths in the chart's folder; the terminal's
        // working directory holds that folder.
        let set = match (*flag, set.split_once('=')) {
            ("--set-file", Some((k, path))) if !path.contains(',') => {
                format!("{k}=./{dir}/{}", path.trim_start_matches("./"))
            }
            _ => set.clone(),
        };
        line.push(' ');
        line.push_str(flag);
        line.push(' ');
        line.push_str(&quote(&set));
    }
    line
}

thread_local! {
    /// The last text `analysis_of` analysed, its options and what it found.
    static LAST: RefCell<Option<(String, Options, Rc<Analysis>)>> = const { RefCell::new(None) };
}

/// The analysis of the editor's text (as the file [`EDITOR_FILE`]) under `opts`. An edit asks
/// for it several times (the problems list, the world, and each side of the side-by-side view),
/// so the last one is kept and shared: a text is analysed once per edit, not three or four
/// times. A pure function's result kept by its inputs: the same text and options give the same
/// analysis, kept or not.
pub fn analysis_of(text: &str, opts: &Options) -> Rc<Analysis> {
    let kept = LAST.with_borrow(|last| {
        last.as_ref()
            .filter(|(t, o, _)| t == text && o == opts)
            .map(|(_, _, a)| a.clone())
    });
    if let Some(a) = kept {
        return a;
    }
    let a = Rc::new(crate::analyze(
        &[Input {
            name: EDITOR_FILE,
            text,
        }],
        opts,
    ));
    LAST.set(Some((text.to_string(), opts.clone(), a.clone())));
    a
}

impl Playground {
    /// A fresh cluster with `text` applied at t = 0, on a machine holding `machine`.
    pub fn new(
        text: &str,
        seed: u64,
        policy: Option<&'static str>,
        machine: &Machine,
    ) -> Playground {
        let opts = Options {
            profile: machine.profile.clone(),
            ..Options::default()
        };
        let analysis = analysis_of(text, &opts);
        // A chart's world is made by `helm install` (its hooks run first), through the
        // terminal, which carries helm; without it, the text is applied.
        let install = machine
            .release
            .as_ref()
            .filter(|_| crate::kubectl::loaded().is_some())
            .map(|(name, dir, sets)| install_line(name, dir, sets));
        let empty = Analysis::default();
        let sim = Simulation::new(
            if install.is_some() { &empty } else { &analysis },
            &opts,
            &SimOptions {
                seed,
                policy,
                choices: machine.choices.clone(),
                ..SimOptions::default()
            },
        );
        let mut session = Session::new(sim);
        session.helm = machine.helm;
        session.files.insert(EDITOR_FILE.into(), text.to_string());
        for (path, text) in &machine.files {
            session.files.insert(path.clone(), text.clone());
        }
        let preamble = install
            .map(|line| {
                let output = session.run(&line);
                vec![Entry { t: 0, line, output }]
            })
            .unwrap_or_default();
        session.sim.settle_now();
        Playground {
            text: text.to_string(),
            seed,
            policy,
            analysis,
            preamble,
            journal: Vec::new(),
            checkpoints: vec![Checkpoint {
                applied: 0,
                session: session.clone(),
            }],
            session,
            applied: 0,
            ahead: None,
        }
    }

    /// The same text and seed with a journal replayed, the cursor at `t` (or as close after
    /// it as the journal's waiting commands allow).
    pub fn replay(
        text: &str,
        seed: u64,
        policy: Option<&'static str>,
        machine: &Machine,
        journal: &[(Ms, String)],
        t: Ms,
    ) -> Playground {
        let mut p = Playground::new(text, seed, policy, machine);
        p.journal = journal
            .iter()
            .map(|(t, line)| Entry {
                t: *t,
                line: line.clone(),
                output: Output::default(),
            })
            .collect();
        let end = journal.last().map_or(0, |(t, _)| *t);
        // Run the whole journal once (filling in outputs), then go to the cursor.
        p.ahead = Some(Box::new(p.session.clone()));
        p.forward_to(end);
        p.ahead = None;
        p.seek(t);
        p
    }

    /// The virtual time at the cursor.
    pub fn now(&self) -> Ms {
        self.session.sim.world.now
    }

    /// The furthest time computed (the end of the timeline).
    pub fn horizon(&self) -> Ms {
        self.ahead
            .as_ref()
            .map_or(self.now(), |a| a.sim.world.now.max(self.now()))
    }

    /// The session at the horizon: the whole history computed so far.
    pub fn frontier(&self) -> &Session {
        self.ahead.as_deref().unwrap_or(&self.session)
    }

    /// Whether the cursor is at the end of what has been computed.
    pub fn at_frontier(&self) -> bool {
        self.ahead.is_none()
    }

    /// Nothing will change until someone acts (no timer is pending) and the cursor is at the end.
    pub fn settled(&self) -> bool {
        self.at_frontier() && self.session.sim.next_change().is_none()
    }

    /// Moves the cursor `dt` forward, replaying journal entries passed on the way.
    pub fn advance(&mut self, dt: Ms) {
        let to = self.now().saturating_add(dt);
        self.forward_to(to);
    }

    /// Runs the journal entries recorded up to `to`, then moves the clock to `to`. A waiting
    /// command (`sleep`, `rollout status`) may carry the clock past `to`; what was recorded up
    /// to where it ends runs too, so that the world at the cursor depends on the cursor's time
    /// alone (a share link or a seek from elsewhere rebuilds exactly this world).
    fn forward_to(&mut self, to: Ms) {
        while let Some(e) = self
            .journal
            .get(self.applied)
            .filter(|e| e.t <= to.max(self.session.sim.world.now))
        {
            let (t, line) = (e.t, e.line.clone());
            let now = self.now();
            if t > now {
                self.move_clock(t - now);
            }
            let output = self.run_line(&line);
            if let Some(e) = self.journal.get_mut(self.applied) {
                e.output = output;
            }
            self.applied += 1;
            self.checkpoint(true);
        }
        let now = self.now();
        if to > now {
            self.move_clock(to - now);
        }
        if self
            .ahead
            .as_ref()
            .is_some_and(|a| self.applied >= self.journal.len() && self.now() >= a.sim.world.now)
        {
            self.ahead = None;
        }
    }

    /// Advances the clock, taking checkpoints on the way while at the frontier.
    fn move_clock(&mut self, dt: Ms) {
        let to = self.now() + dt;
        while self.now() < to {
            let last = self
                .checkpoints
                .last()
                .map_or(0, |c| c.session.sim.world.now);
            let step = (last + CHECKPOINT_EVERY).max(self.now() + 1).min(to);
            let now = self.now();
            self.session.sim.advance(step - now);
            self.checkpoint(false);
        }
    }

    fn checkpoint(&mut self, always: bool) {
        let now = self.now();
        let last = self
            .checkpoints
            .last()
            .map_or(0, |c| c.session.sim.world.now);
        let newer = self
            .checkpoints
            .last()
            .is_none_or(|c| c.applied < self.applied || c.session.sim.world.now < now);
        if !newer || (!always && now < last + CHECKPOINT_EVERY) {
            return;
        }
        self.checkpoints.push(Checkpoint {
            applied: self.applied,
            session: self.session.clone(),
        });
        if self.checkpoints.len() > MAX_CHECKPOINTS {
            // Keep the first, then every other one.
            let mut i = 0;
            self.checkpoints.retain(|_| {
                i += 1;
                i == 1 || i % 2 == 0
            });
        }
    }

    /// When nothing more would happen without anyone acting (a world that goes round, such
    /// as a crash loop, stops as `Simulation::run` stops it).
    pub fn settles_at(&self) -> Ms {
        let mut s = self.frontier().sim.clone();
        s.run(None);
        s.world.now
    }

    /// Moves the cursor to where the world comes to rest.
    pub fn settle(&mut self) {
        let t = self.settles_at();
        self.seek(t);
    }

    /// Puts the cursor at `t`: forward by running, backward by restoring a checkpoint.
    pub fn seek(&mut self, t: Ms) {
        let now = self.now();
        if t >= now {
            self.forward_to(t);
            return;
        }
        if self.ahead.is_none() {
            self.ahead = Some(Box::new(self.session.clone()));
        }
        let Some(cp) = self
            .checkpoints
            .iter()
            .rev()
            .find(|c| c.session.sim.world.now <= t)
            .cloned()
        else {
            return;
        };
        self.session = cp.session;
        self.applied = cp.applied;
        self.forward_to(t);
    }

    /// Runs a command line at the cursor and records it. If the cursor is in the past, what
    /// was recorded after it is dropped first.
    pub fn exec(&mut self, line: &str) -> Output {
        self.drop_future();
        let t = self.now();
        let output = self.run_line(line);
        self.record(t, line, output)
    }

    /// Acting in the past drops the recorded future.
    fn drop_future(&mut self) {
        if self.ahead.is_some() || self.applied < self.journal.len() {
            self.journal.truncate(self.applied);
            let now = self.now();
            let applied = self.applied;
            self.checkpoints
                .retain(|c| c.applied <= applied && c.session.sim.world.now <= now);
            self.ahead = None;
        }
    }

    /// Journals `line`, run at `t` with `output`.
    fn record(&mut self, t: Ms, line: &str, output: Output) -> Output {
        self.journal.push(Entry {
            t,
            line: line.to_string(),
            output: output.clone(),
        });
        self.applied += 1;
        self.checkpoint(true);
        output
    }

    /// `exec` of a long `sleep SECONDS` (a minute or more), begun so that the caller can run it
    /// in slices and stay answering (`Wait::step`, then `finish_wait`); `None` for any other
    /// line, which `exec` runs at once. The world it leaves is the one `exec` would.
    pub fn begin_wait(&mut self, line: &str) -> Option<Wait> {
        // A here-document's line is text, not a command.
        if self.session.continuing() {
            return None;
        }
        let words: Vec<&str> = line.split_whitespace().collect();
        let ["sleep", arg] = words.as_slice() else {
            return None;
        };
        if !arg.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.') {
            return None;
        }
        let ms = crate::kubectl::registry::parse_seconds(arg)?;
        if ms < MIN_SLICED_WAIT_MS || crate::kubectl::loaded().is_none() {
            return None;
        }
        self.drop_future();
        let start = self.now();
        let mut session = self.session.clone();
        session.files.insert(EDITOR_FILE.into(), self.text.clone());
        // What the terminal does before any command.
        if session.settle {
            session.sim.run(None);
        } else {
            session.sim.settle_now();
        }
        // And before the `sleep` itself, as before every command it runs.
        session.sim.world.note_all_probe_failures(false);
        let until = session.sim.world.now + ms;
        Some(Wait {
            line: line.to_string(),
            start,
            until,
            session,
        })
    }

    /// Ends a wait that `Wait::step` has run to its end: journals it as `exec` would have.
    pub fn finish_wait(&mut self, wait: Wait) -> Output {
        let Wait {
            line,
            start,
            mut session,
            ..
        } = wait;
        // The world is already where the sleep ends: `sleep 0` does the rest of what the
        // terminal does for a command (the shell's `$?`, the same empty output).
        let output = session.run("sleep 0");
        self.session = session;
        self.record(start, &line, output)
    }

    fn run_line(&mut self, line: &str) -> Output {
        self.session
            .files
            .insert(EDITOR_FILE.into(), self.text.clone());
        self.session.run(line)
    }

    /// The journal as (time, line) pairs, for share links.
    pub fn journal_lines(&self) -> Vec<(Ms, String)> {
        self.journal.iter().map(|e| (e.t, e.line.clone())).collect()
    }

    /// The journal entries that have run at the cursor (the terminal's scrollback).
    pub fn applied(&self) -> &[Entry] {
        &self.journal[..self.applied.min(self.journal.len())]
    }

    /// `settles_at`, looking ahead with at most `work` units of the world's work
    /// (`World::work`): `Err(time reached)` when that was not enough to see it settle.
    pub fn settles_within(&self, work: u64) -> Result<Ms, Ms> {
        let mut s = self.frontier().sim.clone();
        match s.run_within(None, work) {
            Some(_) => Ok(s.world.now),
            None => Err(s.world.now),
        }
    }

    /// When every StatefulSet first had all its desired pods Ready, if it happens without
    /// anyone acting, computed on a copy run until it settles.
    pub fn all_ready_at(&self) -> AllReady {
        self.all_ready_within(u64::MAX)
    }

    /// `all_ready_at`, looking ahead with at most `work` units of work (`AllReady::Beyond`
    /// when that was not enough to tell).
    pub fn all_ready_within(&self, work: u64) -> AllReady {
        let mut s = self.frontier().sim.clone();
        let outcome = s.run_within(None, work);
        let finished = outcome.is_some();
        let w = &s.world;
        // Per StatefulSet, the first status with every desired pod Ready; then the latest.
        let mut first: std::collections::BTreeMap<&str, Ms> = Default::default();
        for (t, key, _, status) in &w.status_log {
            let Some(set) = w.sets.get(&**key) else {
                continue;
            };
            if status.ready >= set.spec.replicas && set.spec.replicas > 0 {
                first.entry(key).or_insert(*t);
            }
        }
        let at = first.values().max().copied();
        if !finished {
            let all = w
                .sets
                .iter()
                .all(|(k, set)| set.spec.replicas <= 0 || first.contains_key(k.as_str()));
            return match at {
                Some(t) if all => AllReady::At(t),
                _ => AllReady::Beyond(w.now),
            };
        }
        let blocked = outcome.map(|o| o.blocked).unwrap_or_default();
        if !blocked.is_empty() {
            return AllReady::Never(blocked.iter().map(|(_, r)| r.clone()).collect());
        }
        match at {
            Some(t) => AllReady::At(t),
            None => AllReady::NoPods,
        }
    }
}

/// When all pods were Ready.
#[derive(Clone, Debug, PartialEq)]
pub enum AllReady {
    At(Ms),
    /// Blocked: the reasons.
    Never(Vec<String>),
    NoPods,
    /// Not yet at this time, as far as a bounded look-ahead could see (a very large set).
    Beyond(Ms),
}

/// How much work (`World::work`) the page may spend looking ahead when the world changes:
/// roughly a tenth of a second natively. Small worlds settle well within it; a world of
/// thousands of pods gets an estimate that grows as it plays.
pub const LOOKAHEAD_WORK: u64 = 400_000;
