//! Probes as the kubelet's probe workers run them (`pkg/kubelet/prober/worker.go`, kubelet v1.36). Probes are not
//! ticked one by one: an outcome only changes when the app comes up or a fault changes (at
//! step boundaries), so from any instant the next readiness, liveness or startup transition
//! (a `Flip`) is found by counting `successThreshold`/`failureThreshold` consecutive results
//! on the worker's tick grid, and scheduled as one timer.

use super::cluster::{FaultKind, Timer, World};
use super::events::{ObjectRef, component};
use super::world::{CState, ContainerRef, ContainerSpec, Flip, Ms, Probe};

const NEVER: Ms = Ms::MAX / 4;

/// The instants a probe worker runs at, from `from` on: ticks every `period` after the worker
/// started, plus a one-off manual trigger.
struct Ticks {
    worker: Ms,
    period: Ms,
    manual: Option<Ms>,
    cursor: Ms,
    first: bool,
}

impl Iterator for Ticks {
    type Item = Ms;
    fn next(&mut self) -> Option<Ms> {
        let tick = if self.cursor < self.worker + self.period {
            self.worker + self.period
        } else {
            let k = (self.cursor - self.worker) / self.period;
            let t = self.worker + k * self.period;
            if t >= self.cursor && self.first {
                t
            } else {
                t + self.period
            }
        };
        self.first = false;
        let t = match self.manual {
            Some(m) if m <= tick && m >= self.cursor => {
                self.manual = None;
                m
            }
            _ => tick,
        };
        self.cursor = t + 1;
        Some(t)
    }
}

/// When a run of `need` consecutive `target` outcomes completes on the tick grid, if ever.
/// Outcomes are constant after `stable_after`.
fn walk(
    ticks: Ticks,
    eligible_from: Ms,
    need: i64,
    target: bool,
    stable_after: Ms,
    outcome: impl Fn(Ms) -> bool,
) -> Option<Ms> {
    let mut count = 0;
    for t in ticks.take(100_000) {
        if t < eligible_from {
            continue;
        }
        if outcome(t) == target {
            count += 1;
            if count >= need {
                return Some(t);
            }
        } else {
            count = 0;
            if t >= stable_after {
                return None;
            }
        }
    }
    None
}

/// The port a probe dials, resolved against the container's named ports.
fn probe_port(c: &ContainerSpec, port: &str) -> Option<i64> {
    port.parse::<i64>().ok().or_else(|| {
        c.ports
            .iter()
            .find(|p| p.name.as_deref() == Some(port))
            .map(|p| p.port)
    })
}

fn probe_target(ip: &str, c: &ContainerSpec, p: &Probe) -> (String, bool) {
    match &p.handler {
        super::world::Handler::Http { port, path, scheme } => match probe_port(c, port) {
            Some(n) => (
                format!("Get \"{}://{ip}:{n}{path}\"", scheme.to_ascii_lowercase()),
                true,
            ),
            None => (
                format!("couldn't find port \"{port}\" in container \"{}\"", c.name),
                false,
            ),
        },
        super::world::Handler::Tcp { port } => match probe_port(c, port) {
            Some(n) => (format!("dial tcp {ip}:{n}"), true),
            None => (
                format!("couldn't find port \"{port}\" in container \"{}\"", c.name),
                false,
            ),
        },
        super::world::Handler::Grpc { port, .. } => (format!("grpc {ip}:{port}"), true),
        super::world::Handler::Exec { command } => (
            format!("command {}", crate::go::quote(&command.join(" "))),
            true,
        ),
    }
}

/// What a probe gets from the app once the app is up (faults aside).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    /// A named port the container does not declare: the probe errors.
    Unresolved,
    /// Nothing listens on the port.
    Refused,
    /// The app's HTTP status.
    Status(u16),
    /// A TCP connection, a command or a gRPC call that succeeds.
    Ok,
}

impl Answer {
    pub fn success(self) -> bool {
        match self {
            Answer::Status(c) => (200..400).contains(&c),
            Answer::Ok => true,
            Answer::Unresolved | Answer::Refused => false,
        }
    }
}

/// Whether the app of container `spec` accepts connections on `port`: the counter and nginx
/// on their one port, a web app on any port the container declares (or on any port when it
/// declares none), a sleeping or crashing program on none.
fn listens_on(kind: &super::app::AppKind, spec: &ContainerSpec, port: i64) -> bool {
    use super::app::AppKind;
    match kind {
        AppKind::Sleeper | AppKind::Crash => false,
        AppKind::Web => spec.ports.is_empty() || spec.ports.iter().any(|x| x.port == port),
        AppKind::Visits { .. } | AppKind::Nginx => port == super::app::port(spec, kind),
    }
}

impl World {
    /// The kubelet's message for a failed run of `probe` (`prober.probe`, kubelet v1.36): the
    /// dial's error before the app is `up` or where nothing listens, else the app's answer
    /// (or a fault's).
    fn failure_message(
        &self,
        pod_key: &super::world::Key,
        spec: &ContainerSpec,
        kind: &str,
        probe: &Probe,
        up: bool,
    ) -> String {
        let ip = self
            .pods
            .get(pod_key)
            .and_then(|p| p.ip.clone())
            .unwrap_or_default();
        let (target, reachable) = probe_target(&ip, spec, probe);
        if !reachable {
            return format!("{kind} probe errored and resulted in unknown state: {target}");
        }
        let answer = self.probe_answer(pod_key, spec, probe);
        // Nothing listening answers as an app not up yet does.
        let up = up && answer != Answer::Refused;
        match (&probe.handler, up) {
            (super::world::Handler::Http { .. }, true) => {
                // The app's own answer, else the fault's (a 503).
                let code = match answer {
                    Answer::Status(c) if !answer.success() => c,
                    _ => 503,
                };
                format!("{kind} probe failed: HTTP probe failed with statuscode: {code}")
            }
            (super::world::Handler::Http { .. }, false)
            | (super::world::Handler::Tcp { .. }, false) => {
                let dial = target.rsplit_once("\"").map_or(target.clone(), |_| {
                    let url = target.trim_start_matches("Get \"").trim_end_matches('"');
                    let host = url
                        .split("//")
                        .nth(1)
                        .unwrap_or("")
                        .split('/')
                        .next()
                        .unwrap_or("");
                    format!("{target}: dial tcp {host}")
                });
                format!("{kind} probe failed: {dial}: connect: connection refused")
            }
            (super::world::Handler::Tcp { .. }, true) => {
                format!("{kind} probe failed: {target}: i/o timeout")
            }
            (super::world::Handler::Exec { .. }, _) => {
                format!("{kind} probe failed: {target} exited with code 1")
            }
            (super::world::Handler::Grpc { .. }, _) => format!(
                "{kind} probe failed: timeout: failed to connect service \"{}\" within 1s",
                target.trim_start_matches("grpc ")
            ),
        }
    }
}

impl World {
    /// Whether the app of the pod's first container (the one requests reach) accepts
    /// connections on `port` while the container runs. (The terminal's commands take no time,
    /// so one that follows a pod's start at once finds its app answering, as a person typing
    /// it after `rollout status` does.)
    pub fn listens(&self, pod_key: &super::world::Key, port: i64) -> bool {
        let Some(p) = self.pods.get(pod_key) else {
            return false;
        };
        let (Some(spec), Some(s)) = (p.template.containers.first(), p.containers.first()) else {
            return false;
        };
        matches!(s.state, CState::Running { .. })
            && listens_on(
                &super::app::app_of(&self.choices, &p.template, spec),
                spec,
                port,
            )
    }

    /// What `probe` of container `spec` gets from the app once it is up: the port resolved
    /// against the container's named ports, whether the app listens there (the counter and
    /// nginx on their one port, a web app on any port the container declares, or any port when
    /// it declares none; a sleeping or crashing program on none), and the app's HTTP status.
    pub fn probe_answer(
        &self,
        pod_key: &super::world::Key,
        spec: &ContainerSpec,
        probe: &Probe,
    ) -> Answer {
        use super::world::Handler;
        let port = match &probe.handler {
            Handler::Http { port, .. } | Handler::Tcp { port } => port,
            Handler::Exec { .. } | Handler::Grpc { .. } => return Answer::Ok,
        };
        let Some(port) = probe_port(spec, port) else {
            return Answer::Unresolved;
        };
        let Some(p) = self.pods.get(pod_key) else {
            return Answer::Refused;
        };
        let kind = super::app::app_of(&self.choices, &p.template, spec);
        match &probe.handler {
            _ if !listens_on(&kind, spec, port) => Answer::Refused,
            Handler::Http { path, .. } => Answer::Status(self.http_status(pod_key, spec, path)),
            _ => Answer::Ok,
        }
    }

    /// Plans the next probe transition of container `c` from now, replacing any planned one.
    pub fn plan_probes(&mut self, ct: &ContainerRef) {
        let (pod_key, c, init) = (&ct.pod, ct.index, ct.init);
        let now = self.now;
        let Some(p) = self.pods.get(pod_key) else {
            return;
        };
        if init {
            // Probes of sidecars are not modelled: a running sidecar is ready.
            if let Some(p) = self.pods.get_mut(pod_key)
                && let Some(s) = p.init_containers.get_mut(c)
            {
                s.ready = matches!(s.state, CState::Running { .. });
                s.started = true;
            }
            return;
        }
        let Some(s) = p.containers.get(c) else { return };
        let CState::Running { started } = s.state else {
            return;
        };
        if p.deletion.is_some() || s.exiting.is_some() {
            return;
        }
        let spec = &p.template.containers[c];
        let worker = p.worker_start.unwrap_or(started);
        let up = s.app_up_at.unwrap_or(NEVER);
        let not_ready = self.fault_applies(
            &p.name,
            &spec.image,
            &[FaultKind::NotReady, FaultKind::Ready],
        ) == Some(FaultKind::NotReady);
        let not_live =
            self.fault_applies(&p.name, &spec.image, &[FaultKind::NotLive, FaultKind::Live])
                == Some(FaultKind::NotLive);
        let mut best: Option<(Ms, Flip)> = None;
        let mut consider = |t: Option<Ms>, f: Flip| {
            if let Some(t) = t
                && best.is_none_or(|(b, _)| t < b)
            {
                best = Some((t, f));
            }
        };
        let ticks = |probe: &Probe, manual: Option<Ms>| Ticks {
            worker,
            period: (probe.period_s.max(1) as u64) * 1000,
            manual,
            cursor: now,
            first: true,
        };
        // The probe reaches the app, and the app's answer is a success (200-399).
        let reachable = |probe: &Probe| self.probe_answer(pod_key, spec, probe).success();
        if !s.started {
            if let Some(probe) = &spec.startup {
                let eligible = started + probe.initial_delay_s as u64 * 1000;
                let ok = reachable(probe);
                let answered = move |t: Ms| ok && t >= up;
                consider(
                    walk(ticks(probe, None), eligible, 1, true, up, answered),
                    Flip::Started,
                );
                consider(
                    walk(
                        ticks(probe, None),
                        eligible,
                        probe.failure_threshold,
                        false,
                        up,
                        answered,
                    ),
                    Flip::StartupFailed,
                );
            }
        } else {
            match &spec.readiness {
                Some(probe) => {
                    let eligible = started + probe.initial_delay_s as u64 * 1000;
                    let ok = reachable(probe) && !not_ready;
                    let outcome = move |t: Ms| ok && t >= up;
                    let manual = s.readiness.manual_at.filter(|m| *m >= now);
                    let (target, need, flip) = if s.ready {
                        (false, probe.failure_threshold, Flip::Unready)
                    } else {
                        (true, probe.success_threshold, Flip::Ready)
                    };
                    consider(
                        walk(ticks(probe, manual), eligible, need, target, up, outcome),
                        flip,
                    );
                }
                None => {
                    // Without a probe, ready once started, unless a fault says otherwise.
                    if s.ready == not_ready {
                        consider(
                            Some(now),
                            if not_ready {
                                Flip::Unready
                            } else {
                                Flip::Ready
                            },
                        );
                    }
                }
            }
            if let Some(probe) = &spec.liveness
                && s.live
            {
                let eligible = started + probe.initial_delay_s as u64 * 1000;
                let ok = reachable(probe) && !not_live;
                let outcome = move |t: Ms| ok && t >= up;
                consider(
                    walk(
                        ticks(probe, None),
                        eligible,
                        probe.failure_threshold,
                        false,
                        up,
                        outcome,
                    ),
                    Flip::LivenessFailed,
                );
            }
        }
        let Some((t, _)) = best else { return };
        let latency = if t > now {
            self.dur(self.timing.probe)
        } else {
            0
        };
        let Some(p) = self.pods.get_mut(pod_key) else {
            return;
        };
        let s = &mut p.containers[c];
        s.epoch += 1;
        s.probe_plan = best.map(|(t, f)| (t + latency, f));
        let epoch = s.epoch;
        self.after(
            t + latency - now,
            Timer::Probe {
                container: ct.clone(),
                epoch,
            },
        );
    }

    pub(super) fn probe_fired(&mut self, ct: &ContainerRef, epoch: u32) {
        let (pod_key, c) = (&ct.pod, ct.index);
        let now = self.now;
        let planned = self
            .pods
            .get(pod_key)
            .and_then(|p| p.containers.get(c))
            .is_some_and(|s| s.epoch == epoch && s.probe_plan.is_some());
        if !planned {
            return;
        }
        // The runs that failed up to this instant are Events first, as the kubelet records
        // each failed run (the ones that made this transition among them).
        self.note_probe_failures(ct, now + 1, true);
        let Some(p) = self.pods.get_mut(pod_key) else {
            return;
        };
        let Some(s) = p.containers.get_mut(c) else {
            return;
        };
        let Some((_, flip)) = s.probe_plan.take() else {
            return;
        };
        if s.readiness.manual_at.is_some_and(|m| m <= now) {
            s.readiness.manual_at = None;
        }
        let spec = p.template.containers[c].clone();
        let (ns, name, uid) = (p.ns.clone(), p.name.clone(), p.uid.clone());
        let field = Some(ct.field_path(&spec.name));
        match flip {
            Flip::Started => {
                s.started = true;
                s.started_at = Some(now);
                s.readiness.manual_at = Some(now + 10);
                if spec.readiness.is_none() {
                    s.ready = true;
                }
            }
            Flip::StartupFailed => {
                self.recorder(component::KUBELET).normal(
                    &ObjectRef::new("Pod", &ns, &name, &uid).at(field.as_deref()),
                    "Killing",
                    format!(
                        "Container {} failed startup probe, will be restarted",
                        spec.name
                    ),
                );
                self.kill_container(ct);
            }
            Flip::Ready => {
                s.ready = true;
            }
            Flip::Unready => {
                s.ready = false;
                if spec.readiness.is_none() {
                    // No probe to fail: a fault made it unready.
                    self.recorder(component::KUBELET).warning_repeated(
                        &ObjectRef::new("Pod", &ns, &name, &uid).at(field.as_deref()),
                        "Unhealthy",
                        "Readiness probe failed".into(),
                        1,
                        10,
                    );
                }
            }
            Flip::LivenessFailed => {
                s.live = false;
                s.live_until = Some(now);
                self.recorder(component::KUBELET).normal(
                    &ObjectRef::new("Pod", &ns, &name, &uid).at(field.as_deref()),
                    "Killing",
                    format!(
                        "Container {} failed liveness probe, will be restarted",
                        spec.name
                    ),
                );
                self.kill_container(ct);
            }
        }
        self.update_ready(pod_key);
        self.plan_probes(ct);
        self.touch_owner(pod_key);
    }
}

/// The probes' HTTP requests that reach the app of a pod's first container (the app the
/// terminal's requests reach, `kubectl::net`): an HTTP probe sends one `GET` on every run of
/// its worker (`ProbeRuns`), which reaches the app once it answers (from `app_up_at`) on the
/// probe's port. An app that counts every request (the lab's counter) counts these too, and
/// logs them: about 18 a minute with the lab's probes.
impl World {
    /// The probes' requests to the app of the pod's first container in `[from, to)`, in time
    /// order: (instant, path).
    pub fn probe_requests(&self, pod_key: &super::world::Key, from: Ms, to: Ms) -> Vec<(Ms, &str)> {
        let mut out = Vec::new();
        let Some(runs) = self.probe_runs(pod_key, 0) else {
            return out;
        };
        for w in &runs.windows {
            let super::world::Handler::Http { path, scheme, .. } = &w.probe.handler else {
                continue;
            };
            let answered = matches!(
                self.probe_answer(pod_key, runs.spec, w.probe),
                Answer::Status(_)
            );
            if !scheme.eq_ignore_ascii_case("http") || !answered {
                continue;
            }
            let (lo, hi) = (w.from.max(runs.up).max(from), w.until.min(to));
            if lo >= hi {
                continue;
            }
            let ticks = Ticks {
                worker: runs.worker,
                period: w.period,
                manual: None,
                cursor: lo,
                first: true,
            };
            out.extend(ticks.take_while(|t| *t < hi).map(|t| (t, path.as_str())));
        }
        crate::sort::sort_by_key(&mut out, |(t, _)| *t);
        out
    }

    /// The probes' requests since the counter last took them (up to now).
    pub fn uncounted_probe_requests(&self, pod_key: &super::world::Key) -> u64 {
        let from = self
            .pods
            .get(pod_key)
            .and_then(|p| p.containers.first())
            .map_or(NEVER, |s| s.probes_counted);
        self.probe_requests(pod_key, from, self.now).len() as u64
    }

    /// The file the app of the pod's first container counts requests in, where it lies on a
    /// claim: (PV, path inside it).
    pub fn counter_file(&self, pod_key: &super::world::Key) -> Option<(String, String)> {
        let p = self.pods.get(pod_key)?;
        let spec = p.template.containers.first()?;
        match super::app::app_of(&self.choices, &p.template, spec) {
            super::app::AppKind::Visits { file, .. } => self.volume_file(pod_key, spec, &file),
            _ => None,
        }
    }

    /// Adds the probes' requests up to now to the app's counter file (before a container
    /// ends, and before the terminal's own request or write), and returns how many there
    /// were: a counter that lies in the container's own files (no claim) is the caller's.
    pub fn count_probe_requests(&mut self, pod_key: &super::world::Key) -> u64 {
        let n = self.uncounted_probe_requests(pod_key);
        let now = self.now;
        if let Some(s) = self
            .pods
            .get_mut(pod_key)
            .and_then(|p| p.containers.first_mut())
        {
            s.probes_counted = now;
        }
        if n > 0
            && let Some((pv, rel)) = self.counter_file(pod_key)
            && let Some(v) = self.pvs.get_mut(&pv)
        {
            let text = v.files.get(&rel).map(String::as_str);
            let count = super::app::counted(text, n);
            v.files.insert(rel, count);
        }
        n
    }
}

/// When a running container's probe workers run their probes (`doProbe`,
/// `pkg/kubelet/prober/worker.go`, kubelet v1.36): each worker ticks on its grid from the
/// kubelet taking the pod, once `initialDelaySeconds` have passed; the startup probe until it
/// succeeds, liveness and readiness from then on; liveness holds after it failed, and liveness
/// and startup stop when the pod is being deleted (readiness goes on until the container
/// exits). The one reader of these windows, for the requests the app receives and for the
/// runs that fail.
struct ProbeRuns<'a> {
    spec: &'a ContainerSpec,
    worker: Ms,
    /// When the app answers.
    up: Ms,
    windows: Vec<ProbeWindow<'a>>,
}

struct ProbeWindow<'a> {
    /// `Startup`, `Readiness` or `Liveness`, as the kubelet's messages name them.
    kind: &'static str,
    probe: &'a Probe,
    period: Ms,
    /// The runs in `[from, until)`.
    from: Ms,
    until: Ms,
    /// A fault makes every answer a failure (`ready=fail`, `live=fail`).
    faulted: bool,
}

impl World {
    /// The probe windows of main container `c`, while it runs.
    fn probe_runs(&self, pod_key: &super::world::Key, c: usize) -> Option<ProbeRuns<'_>> {
        let p = self.pods.get(pod_key)?;
        let (s, spec) = (p.containers.get(c)?, p.template.containers.get(c)?);
        let CState::Running { started } = s.state else {
            return None;
        };
        let after_start = s.started_at.unwrap_or(NEVER);
        let deleted = p.deletion.unwrap_or(NEVER);
        let fault = |kinds: &[FaultKind]| self.fault_applies(&p.name, &spec.image, kinds);
        let not_ready =
            fault(&[FaultKind::NotReady, FaultKind::Ready]) == Some(FaultKind::NotReady);
        let not_live = fault(&[FaultKind::NotLive, FaultKind::Live]) == Some(FaultKind::NotLive);
        // The failing run that stopped liveness is at `live_until` at the latest.
        let live_until = s.live_until.map_or(NEVER, |l| l + 1);
        let windows = [
            (
                "Startup",
                &spec.startup,
                started,
                after_start.min(deleted),
                false,
            ),
            ("Readiness", &spec.readiness, after_start, NEVER, not_ready),
            (
                "Liveness",
                &spec.liveness,
                after_start,
                live_until.min(deleted),
                not_live,
            ),
        ]
        .into_iter()
        .filter_map(|(kind, probe, from, until, faulted)| {
            let probe = probe.as_ref()?;
            Some(ProbeWindow {
                kind,
                probe,
                period: probe.period_s.max(1) as u64 * 1000,
                from: from.max(started + probe.initial_delay_s.max(0) as u64 * 1000),
                until,
                faulted,
            })
        })
        .collect();
        Some(ProbeRuns {
            spec,
            worker: p.worker_start.unwrap_or(started),
            up: s.app_up_at.unwrap_or(NEVER),
            windows,
        })
    }
}

/// The instants `worker + k·period` (k ≥ 1) in `[lo, hi)`: how many, the first and the last.
fn ticks_in(worker: Ms, period: Ms, lo: Ms, hi: Ms) -> Option<(u32, Ms, Ms)> {
    let first_k = if lo <= worker + period {
        1
    } else {
        (lo - worker).div_ceil(period)
    };
    let first = worker + first_k * period;
    if first >= hi {
        return None;
    }
    let last_k = (hi - 1 - worker) / period;
    let n = last_k - first_k + 1;
    Some((
        u32::try_from(n).unwrap_or(u32::MAX),
        first,
        worker + last_k * period,
    ))
}

impl World {
    /// Records the failed runs of container `ct`'s probes since they were last noted, up to
    /// `to` (exclusive), as the kubelet's `Unhealthy` Events: each failed run is one (the
    /// kubelet records every failure, not only those that change the container), counted
    /// together while the message stays the same. A run fails before the app is up or where
    /// nothing answers (`connection refused`), and after it where the app's answer or a fault
    /// says so. Called before anything that changes what a run would get (a transition, the
    /// container's end, a fault, the terminal's command), so every run is judged by the world
    /// of its instant; failures are not ticked, so a pod that never gets ready costs nothing
    /// until someone looks.
    pub fn note_probe_failures(&mut self, ct: &ContainerRef, to: Ms, log: bool) {
        if ct.init {
            return;
        }
        let (pod_key, c) = (&ct.pod, ct.index);
        let Some(runs) = self.probe_runs(pod_key, c) else {
            return;
        };
        let Some(p) = self.pods.get(pod_key) else {
            return;
        };
        let from = p.containers.get(c).map_or(NEVER, |s| s.failures_noted);
        if from >= to {
            return;
        }
        let spec = runs.spec;
        let mut batches: Vec<(Ms, Ms, u32, String)> = Vec::new();
        for w in &runs.windows {
            let (lo, hi) = (w.from.max(from), w.until.min(to));
            // Before the app answers, every run fails; after, as the answer and faults say.
            let fails_when_up = w.faulted || !self.probe_answer(pod_key, spec, w.probe).success();
            let segments = [(lo, hi.min(runs.up), false), (lo.max(runs.up), hi, true)];
            for (a, b, is_up) in segments {
                if a >= b || (is_up && !fails_when_up) {
                    continue;
                }
                if let Some((n, first, last)) = ticks_in(runs.worker, w.period, a, b) {
                    let message = self.failure_message(pod_key, spec, w.kind, w.probe, is_up);
                    batches.push((first, last, n, message));
                }
            }
        }
        let (ns, name, uid) = (p.ns.clone(), p.name.clone(), p.uid.clone());
        let field = ct.field_path(&spec.name);
        if let Some(s) = self
            .pods
            .get_mut(pod_key)
            .and_then(|p| p.containers.get_mut(c))
        {
            s.failures_noted = to;
        }
        crate::sort::sort_by_key(&mut batches, |b| b.0);
        let about = ObjectRef::new("Pod", &ns, &name, &uid).at(Some(&field));
        for (first, last, n, message) in batches {
            self.recorder(component::KUBELET)
                .failed_runs(&about, message, n, (first, last), log);
        }
    }

    /// [`note_probe_failures`](World::note_probe_failures) up to now for every running
    /// container of the pod.
    pub fn note_pod_probe_failures(&mut self, pod_key: &super::world::Key, log: bool) {
        let n = self.pods.get(pod_key).map_or(0, |p| p.containers.len());
        let now = self.now;
        for c in 0..n {
            self.note_probe_failures(&ContainerRef::main(pod_key, c), now, log);
        }
    }

    /// The same for every pod (before a fault changes what runs get, and before the terminal
    /// reads the world).
    pub fn note_all_probe_failures(&mut self, log: bool) {
        let keys: Vec<super::world::Key> = self
            .pods
            .values()
            .filter(|p| {
                p.containers
                    .iter()
                    .any(|s| matches!(s.state, CState::Running { .. }))
            })
            .map(|p| p.key())
            .collect();
        for k in keys {
            self.note_pod_probe_failures(&k, log);
        }
    }
}
