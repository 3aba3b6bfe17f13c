//! The timeline as lanes: for every pod name, the states it went through over virtual time,
//! read from the world's log (the same entries `kubectl stsplay simulate` prints). A pod that
//! is deleted and recreated keeps its lane: the name is the identity a StatefulSet promises.

use crate::sim::cluster::World;
use crate::sim::world::{Action, Entry, Ms, Name};
use std::collections::BTreeMap;

/// What a pod is doing during a segment, as `kubectl get pods` would summarise it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    /// Created, not yet on a node (waiting for the scheduler or its volume).
    Pending,
    /// On a node: volumes, image pull, container start.
    ContainerCreating,
    /// Containers run, the pod is not Ready.
    Running,
    Ready,
    Terminating,
    Failed,
}

impl State {
    /// A word for people (and for the lane's accessible description).
    pub fn label(self) -> &'static str {
        match self {
            State::Pending => "Pending",
            State::ContainerCreating => "ContainerCreating",
            State::Running => "Running, not Ready",
            State::Ready => "Ready",
            State::Terminating => "Terminating",
            State::Failed => "Failed",
        }
    }
    /// A stable CSS class / test id.
    pub fn class(self) -> &'static str {
        match self {
            State::Pending => "pending",
            State::ContainerCreating => "creating",
            State::Running => "running",
            State::Ready => "ready",
            State::Terminating => "terminating",
            State::Failed => "failed",
        }
    }
}

/// One stretch of one state.
#[derive(Clone, Debug, PartialEq)]
pub struct Segment {
    pub from: Ms,
    /// Exclusive end; `None` while it lasts.
    pub to: Option<Ms>,
    pub state: State,
    /// Why, when a warning explains it (`ErrImagePull`, `BackOff`, `Unhealthy`).
    pub detail: Option<String>,
}

/// One pod name's history.
#[derive(Clone, Debug, PartialEq)]
pub struct Lane {
    pub ns: String,
    pub pod: String,
    pub segments: Vec<Segment>,
    /// When a container restarted.
    pub restarts: Vec<Ms>,
}

/// A line beside the lanes: what the controller waits for, or a Kubernetes Event.
#[derive(Clone, Debug, PartialEq)]
pub struct Note {
    /// Its timeline entry's place in the history (the note's identity).
    pub at: usize,
    pub t: Ms,
    pub kind: NoteKind,
    /// `Pod/web-0`, `StatefulSet/web`.
    pub object: String,
    pub text: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoteKind {
    /// The controller's own sentence (`waiting for web-1 to be Running and Ready`).
    Waiting,
    /// A Normal Event.
    Event,
    /// A Warning Event.
    Warning,
    /// The StatefulSet will not reach its desired state.
    Blocked,
    /// A change of an object: created, deleted, scaled, updated.
    Change,
}

/// The time axis of a span: at most `max` intervals of a round length, each labelled in
/// few characters (`0 s`, `30 s`; `1:30`, `12:00` past a minute) so that labels do not run into
/// each other even in half a column (the side-by-side view asks for fewer).
pub fn axis(span: Ms, max: u64) -> Vec<(Ms, String)> {
    let step = [
        1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000,
        1_800_000, 3_600_000, 7_200_000, 21_600_000, 43_200_000, 86_400_000,
    ]
    .into_iter()
    .find(|t| span / t <= max.max(1))
    .unwrap_or(span / max.max(1))
    .max(1);
    let minutes = span >= 60_000;
    (0..=span / step)
        .map(|i| {
            let t = i * step;
            let s = t / 1000;
            let label = if !minutes {
                format!("{s} s")
            } else if s >= 3600 {
                format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
            } else {
                format!("{}:{:02}", s / 60, s % 60)
            };
            (t, label)
        })
        .collect()
}

/// The lanes of every pod that ever existed, ordered by namespace, then StatefulSet-style
/// names by ordinal (web-2 before web-10).
pub fn lanes(w: &World) -> Vec<Lane> {
    let mut book = LaneBook::default();
    book.update(w);
    book.lanes()
}

/// The lanes of a world kept up to date as its timeline grows: each `update` reads only the
/// entries appended since the last (all of them for another world, or a copy), so a frame
/// of a playing timeline costs what happened in it, not the whole history.
#[derive(Default)]
pub struct LaneBook {
    read: crate::sim::history::Mark,
    by_name: BTreeMap<(Name, Name), Lane>,
}

impl LaneBook {
    /// Reads what `w`'s timeline gained since the last call; whether the lanes changed.
    pub fn update(&mut self, w: &World) -> bool {
        let (new, mut changed) = match w.log.after(&self.read) {
            Some(new) => (new, false),
            None => {
                self.by_name.clear();
                (w.log.iter(), true)
            }
        };
        for e in new {
            changed |= self.read_entry(e);
        }
        self.read = w.log.mark();
        changed
    }

    /// `lanes`, as of the last `update`.
    pub fn lanes(&self) -> Vec<Lane> {
        let mut out: Vec<Lane> = self.by_name.values().cloned().collect();
        crate::sort::sort_by(&mut out, |a, b| {
            (&a.ns, name_key(&a.pod)).cmp(&(&b.ns, name_key(&b.pod)))
        });
        out
    }

    /// Brings the entry's pod's lane up to date with it; whether the lane changed.
    fn read_entry(&mut self, e: &Entry) -> bool {
        if e.kind != "Pod" {
            return false;
        }
        let mut changed = false;
        let lane = self
            .by_name
            .entry((e.ns.clone(), e.name.clone()))
            .or_insert_with(|| {
                changed = true;
                Lane {
                    ns: e.ns.to_string(),
                    pod: e.name.to_string(),
                    segments: Vec::new(),
                    restarts: Vec::new(),
                }
            });
        let current = lane
            .segments
            .last()
            .filter(|s| s.to.is_none())
            .map(|s| s.state);
        let next = match e.action {
            Action::Create => Some((State::Pending, None)),
            Action::Running if current != Some(State::Terminating) => Some((State::Running, None)),
            Action::Ready if current != Some(State::Terminating) => Some((State::Ready, None)),
            Action::Unready if current == Some(State::Ready) => Some((State::Running, None)),
            Action::Failed => Some((State::Failed, e.reason.as_deref().map(str::to_string))),
            Action::Delete => Some((State::Terminating, None)),
            Action::Restart => {
                lane.restarts.push(e.t);
                changed = true;
                None
            }
            Action::Gone => {
                changed |= close(lane, e.t);
                None
            }
            Action::Event => match e.reason.as_deref() {
                Some("Scheduled") if current == Some(State::Pending) => {
                    Some((State::ContainerCreating, None))
                }
                Some(r @ ("Failed" | "BackOff" | "Unhealthy" | "FailedScheduling")) => {
                    if let Some(s) = lane.segments.last_mut().filter(|s| s.to.is_none()) {
                        s.detail = Some(pull_reason(r, e.message.as_deref()));
                        changed = true;
                    }
                    None
                }
                _ => None,
            },
            _ => None,
        };
        if let Some((state, detail)) = next.filter(|(state, _)| current != Some(*state)) {
            close(lane, e.t);
            lane.segments.push(Segment {
                from: e.t,
                to: None,
                state,
                detail,
            });
            changed = true;
        }
        changed
    }
}

/// Ends the lane's open segment at `t`; whether there was one.
fn close(lane: &mut Lane, t: Ms) -> bool {
    match lane.segments.last_mut().filter(|s| s.to.is_none()) {
        Some(s) => {
            s.to = Some(t);
            true
        }
        None => false,
    }
}

/// The words kubectl's STATUS column would show for a warning.
fn pull_reason(reason: &str, message: Option<&str>) -> String {
    let m = message.unwrap_or("");
    match reason {
        "Failed" if m.contains("ErrImagePull") || m.contains("pull") => "ErrImagePull".into(),
        "BackOff" if m.contains("image") => "ImagePullBackOff".into(),
        "BackOff" => "CrashLoopBackOff".into(),
        "Unhealthy" if m.starts_with("Liveness") => "liveness probe failed".into(),
        "Unhealthy" => "readiness probe failed".into(),
        "FailedScheduling" => "waiting for its volume or a node".into(),
        other => other.to_string(),
    }
}

/// `web-10` sorts after `web-9`.
fn name_key(name: &str) -> (&str, u64, &str) {
    match name.rsplit_once('-') {
        Some((base, n)) => match n.parse::<u64>() {
            Ok(i) => (base, i, ""),
            Err(_) => (name, 0, ""),
        },
        None => (name, 0, ""),
    }
}

/// How many notes the timeline shows: the latest up to the cursor.
pub const RECENT_NOTES: usize = 40;

/// The controller's explanations, Events and object changes up to `until`: the last `max` of
/// them, in time order. Read from the end of the history, so a frame pays for what it shows,
/// not for the whole history.
pub fn notes(w: &World, until: Ms, max: usize) -> Vec<Note> {
    let mut out: Vec<Note> = w
        .log
        .iter()
        .enumerate()
        .rev()
        .filter(|(_, e)| e.t <= until)
        .filter_map(|(at, e)| note(at, e))
        .take(max)
        .collect();
    out.reverse();
    out
}

/// The note of timeline entry `at`, if it makes one.
fn note(at: usize, e: &Entry) -> Option<Note> {
    let object = if e.kind.is_empty() {
        String::new()
    } else {
        format!("{}/{}", e.kind, e.name)
    };
    let (kind, text) = match e.action {
        Action::Waiting => (
            NoteKind::Waiting,
            e.message
                .as_deref()
                .or(e.reason.as_deref())
                .unwrap_or_default()
                .to_string(),
        ),
        Action::Blocked => (
            NoteKind::Blocked,
            e.reason.as_deref().unwrap_or_default().to_string(),
        ),
        Action::Event => (
            if e.warning {
                NoteKind::Warning
            } else {
                NoteKind::Event
            },
            format!(
                "{}: {}",
                e.reason.as_deref().unwrap_or(""),
                e.message.as_deref().unwrap_or("")
            ),
        ),
        Action::Create | Action::Delete | Action::Update | Action::Gone => {
            if e.kind == "Pod" && e.action != Action::Update {
                // Lanes show pods coming and going.
                return None;
            }
            let verb = match e.action {
                Action::Create => "created",
                Action::Delete => "deleted",
                Action::Gone => "removed",
                _ => "updated",
            };
            let mut text = verb.to_string();
            if let Some(m) = e.message.as_deref().or(e.reason.as_deref()) {
                text = format!("{verb}: {m}");
            }
            (NoteKind::Change, text)
        }
        _ => return None,
    };
    Some(Note {
        at,
        t: e.t,
        kind,
        object,
        text,
    })
}

/// What the terminal shows while a long `sleep` runs in slices:
/// `sleep 86400 · 3:05:00 of 24:00:00 of virtual time`.
pub fn waiting_line(line: &str, done: Ms, total: Ms) -> String {
    let clock = |ms: Ms| {
        let s = ms / 1000;
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    };
    format!(
        "{line} · {} of {} of virtual time",
        clock(done),
        clock(total)
    )
}
