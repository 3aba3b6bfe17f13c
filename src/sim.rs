//! The deterministic simulation of a StatefulSet's life in a cluster (`pkg/controller/statefulset`, the kubelet's prober,
//! §7), on a virtual millisecond clock. `Simulation` is the whole API: build it from an
//! `Analysis`, apply steps, let it settle, read the world and the timeline. Same inputs and
//! seed, same history, byte for byte.
//!
//! Layout, mirroring the Kubernetes code: `controller` decides (stateful_set_control.go),
//! `pod_control` acts (stateful_pod_control.go), `kubelet` runs pods and probes, `dns` answers
//! names, `app` is what runs in containers, `ops` parses steps and faults, `world` and
//! `cluster` hold the state, `timing` the figures, `rng` the only randomness.

pub mod app;
pub mod cluster;
pub mod controller;
pub mod dns;
pub mod events;
pub mod helm;
pub mod history;
pub mod image;
pub mod kubelet;
pub mod ops;
pub mod pod_control;
pub mod probes;
pub mod provisioner;
pub mod revision;
pub mod rng;
pub mod scheduler;
pub mod template;
pub mod timing;
pub mod view;
pub mod world;

use crate::diag::Severity;
use crate::manifest::{Input, Kind, Object};
use crate::yaml::Node;
use crate::{Analysis, Options};
use cluster::{FaultKind, Timer, World};
use ops::Step;
use std::rc::Rc;
use world::{Action, Key, Ms, StatefulSet, StsStatus, key};

/// The most replicas one StatefulSet may ask the simulation for. The API server accepts up to
/// 2147483647; the controller model keeps a slot per replica and syncs over all of them, so a
/// larger set is refused with a sentence saying why (the plan still lists its first pods).
pub const MAX_REPLICAS: i64 = 10_000;

/// Knobs of a simulation run.
#[derive(Clone, Debug)]
pub struct SimOptions {
    pub seed: u64,
    pub timing: timing::Timing,
    /// Faults in force from t=0 (`--fault`).
    pub faults: Vec<cluster::Fault>,
    /// `podManagementPolicy` forced on every StatefulSet created or updated (the playground's
    /// side-by-side view of OrderedReady and Parallel).
    pub policy: Option<&'static str>,
    /// What runs in each container and what its image holds (`--program`, `--image-tools`).
    pub choices: app::Choices,
}

impl Default for SimOptions {
    fn default() -> SimOptions {
        SimOptions {
            seed: 1,
            timing: timing::Timing::default(),
            faults: Vec::new(),
            policy: None,
            choices: Default::default(),
        }
    }
}

/// How a step ended.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outcome {
    /// Nothing more will happen without outside action.
    pub settled: bool,
    /// StatefulSets that cannot progress, with the reason.
    pub blocked: Vec<(Key, String)>,
    /// Why the clock was stopped although the world was still changing.
    pub stopped: Option<Stop>,
}

/// Why a run until the world rests stopped before it rested.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    /// The world goes round (a crash loop, a flapping probe, a pod failing and recreated):
    /// nothing came closer to its desired state for [`LOOP_GRACE_MS`].
    Loop,
    /// Still making progress after [`RUN_LIMIT_MS`] of virtual time.
    Limit,
}

impl Stop {
    pub fn as_str(self) -> &'static str {
        match self {
            Stop::Loop => "loop",
            Stop::Limit => "limit",
        }
    }
}

/// A run until the world rests looks at its progress this often (virtual time).
pub const PROGRESS_SLICE_MS: Ms = 60_000;
/// After the settle limit, a world that has not come closer to its desired state for this
/// long (or three times what its pods take by design to count, if longer: `loop_grace`) is going
/// round, not progressing.
pub const LOOP_GRACE_MS: Ms = 600_000;
/// The most virtual time one run until the world rests may take, progress or not (a
/// 1,000-replica OrderedReady set takes about an hour to create and another to roll).
pub const RUN_LIMIT_MS: Ms = 24 * 3_600_000;

/// A running simulation.
#[derive(Clone, Debug)]
pub struct Simulation {
    pub world: World,
    pub opts: Options,
    /// Why the last run until rest stopped before the world rested, if it did.
    pub last_stop: Option<Stop>,
    /// How long the last run until rest ran before it was stopped.
    ran_for: Ms,
}

/// Whether an error diagnostic lies inside `obj`.
fn object_has_errors(a: &Analysis, obj: &Object) -> Option<String> {
    if obj.undecodable {
        return Some(format!(
            "{} \"{}\" cannot be decoded",
            obj.kind_name, obj.name
        ));
    }
    a.diagnostics
        .iter()
        .find(|d| {
            d.severity == Severity::Error
                && d.file == obj.file
                && d.document == obj.document
                && d.span.start >= obj.node.span.start
                && d.span.start <= obj.node.span.end
        })
        .map(|d| d.text())
}

impl Simulation {
    /// A cluster with the analysed manifests applied at t=0, in file order. Objects the API
    /// server would reject are reported in the timeline and not created.
    pub fn new(analysis: &Analysis, opts: &Options, sim: &SimOptions) -> Simulation {
        let mut world = World::new(
            sim.seed,
            sim.timing.clone(),
            opts.profile.clone(),
            &opts.cluster_domain,
        );
        world.faults = sim.faults.clone();
        world.forced_policy = sim.policy;
        world.choices = sim.choices.clone();
        let mut s = Simulation {
            world,
            opts: opts.clone(),
            last_stop: None,
            ran_for: 0,
        };
        for (i, obj) in analysis.manifests.objects.iter().enumerate() {
            if obj.is_bare_pod() {
                s.world.create_bare_pod(&obj.namespace, &obj.clean);
                continue;
            }
            if obj.kind == Kind::Other && !obj.name.is_empty() {
                let k = (
                    obj.kind_name.clone(),
                    obj.namespace.clone(),
                    obj.name.clone(),
                );
                s.world.others.insert(k, (0, obj.clean.clone()));
            }
            if !matches!(obj.kind, Kind::StatefulSet | Kind::Service) {
                continue;
            }
            if let Some(err) = object_has_errors(analysis, obj) {
                s.reject(obj.kind_name.as_str(), &obj.namespace, &obj.name, &err);
                continue;
            }
            match obj.kind {
                Kind::Service => {
                    let mut tree = obj.clean.clone();
                    crate::defaults::service(&mut tree);
                    s.create_service(tree, &obj.namespace);
                }
                Kind::StatefulSet => {
                    if let Some((_, tree)) = analysis.defaulted.iter().find(|(j, _)| *j == i) {
                        let _ = s.create_statefulset(tree.clone(), &obj.namespace);
                    }
                }
                _ => {}
            }
        }
        s
    }

    fn reject(&mut self, kind: &str, ns: &str, name: &str, why: &str) {
        let kind: &'static str = if kind == "Service" {
            "Service"
        } else {
            "StatefulSet"
        };
        let e = self.world.log(Action::Event, kind, ns, name);
        e.reason = Some("Rejected".into());
        e.message = Some(format!("the API server would reject {kind} \"{name}\": {why}").into());
    }

    fn create_service(&mut self, mut tree: Node, ns: &str) {
        let w = &mut self.world;
        let uid = w.uid();
        let ip = w.service_ip();
        w.assign_node_ports(&mut tree, None);
        let svc = template::service(&tree, ns, uid, w.now, ip);
        let k = key(ns, &svc.name);
        let name = svc.name.clone();
        w.services.insert(k, svc);
        w.log(Action::Create, "Service", ns, &name);
    }

    /// Refuses, in the timeline and as kubectl's error, a StatefulSet too large to simulate.
    fn check_size(&mut self, ns: &str, name: &str, spec: &world::StsSpec) -> Result<(), String> {
        if spec.replicas <= MAX_REPLICAS {
            return Ok(());
        }
        let why = format!(
            "StatefulSet \"{name}\" asks for {} replicas; the playground simulates at most {MAX_REPLICAS} per StatefulSet (the API server would accept it)",
            spec.replicas
        );
        let e = self.world.log(Action::Event, "StatefulSet", ns, name);
        e.reason = Some("Rejected".into());
        e.message = Some(why.as_str().into());
        Err(format!("error: {why}"))
    }

    /// Creates a StatefulSet, or refuses one too large to simulate.
    fn create_statefulset(&mut self, mut tree: Node, ns: &str) -> Result<(), String> {
        self.world.force_policy(&mut tree);
        let name = tree.str_at(&["metadata", "name"]).unwrap_or("").to_string();
        self.check_size(ns, &name, &template::sts_spec(&tree))?;
        let w = &mut self.world;
        let k = key(ns, &name);
        if w.sets.contains_key(&k) {
            return Ok(());
        }
        let uid = w.uid();
        let set = StatefulSet {
            ns: ns.to_string(),
            name: name.clone(),
            uid,
            created: w.now,
            generation: 1,
            deletion: None,
            labels: tree.str_map_at(&["metadata", "labels"]),
            annotations: tree.str_map_at(&["metadata", "annotations"]),
            spec: template::sts_spec(&tree),
            status: StsStatus::default(),
            tree: Rc::new(tree),
            busy_until: 0,
            coalesced_at: None,
        };
        w.sets.insert(k.clone(), Rc::new(set));
        w.log(Action::Create, "StatefulSet", ns, &name);
        w.dirty.insert(k);
        Ok(())
    }

    /// The only StatefulSet, or the first one (steps act on it).
    pub fn main_set(&self) -> Option<Key> {
        self.world.sets.keys().next().cloned()
    }

    /// Lets the world run until it settles (or for `advance` ms), then reports what is blocked.
    pub fn run(&mut self, advance: Option<Ms>) -> Outcome {
        self.run_within(advance, u64::MAX).unwrap_or_default()
    }

    /// `run` with at most `work` units of the world's work (`World::work`); `None` when that
    /// ran out first (the clock then stands at the last thing that happened).
    pub fn run_within(&mut self, advance: Option<Ms>, work: u64) -> Option<Outcome> {
        let (drained, stopped) = match advance {
            Some(ms) => {
                let w = &mut self.world;
                (w.run_within(w.now + ms, true, work)?, None)
            }
            None => self.run_to_rest(work)?,
        };
        let mut outcome = Outcome {
            settled: drained,
            blocked: Vec::new(),
            stopped,
        };
        if drained || stopped.is_some() {
            outcome.blocked = self.blocked();
        }
        if let Some(stop) = stopped {
            // Still changing when the clock stopped: say why it stopped and what waits.
            let elapsed = format_ms(self.ran_for);
            let why = match stop {
                Stop::Loop => format!(
                    "still changing after {elapsed}, going round without coming closer to the desired state"
                ),
                Stop::Limit => format!(
                    "still progressing when the simulation stopped at its limit of {} of virtual time",
                    format_ms(RUN_LIMIT_MS)
                ),
            };
            if outcome.blocked.is_empty() {
                outcome.blocked = self
                    .world
                    .sets
                    .keys()
                    .map(|k| (k.clone(), "the world has not settled".to_string()))
                    .collect();
            }
            for (_, reason) in &mut outcome.blocked {
                reason.push_str(&format!(" ({why})"));
            }
        }
        let w = &mut self.world;
        for (set, reason) in &outcome.blocked {
            let (ns, name) = set.split_once('/').unwrap_or(("", set));
            w.log(Action::Blocked, "StatefulSet", ns, name).reason = Some(reason.as_str().into());
        }
        if drained {
            w.log(Action::Settled, "", "", "");
        }
        self.last_stop = stopped;
        Some(outcome)
    }

    /// Runs until nothing more would happen, in slices of [`PROGRESS_SLICE_MS`]: a world that
    /// keeps coming closer to its desired state (the controller still creating or replacing
    /// pods) runs on, to [`RUN_LIMIT_MS`]; one that is still changing after the settle limit
    /// without having come closer for [`LOOP_GRACE_MS`] is going round and stops there.
    /// Returns whether it drained and, if not, why it stopped.
    fn run_to_rest(&mut self, work: u64) -> Option<(bool, Option<Stop>)> {
        let start = self.world.now;
        let grace = self.loop_grace();
        let budget_end = self.world.work.saturating_add(work);
        // The first slice sets the mark: right after a change, before the controller has
        // synced, the distance does not yet count what the change asks for.
        let (mut best, mut improved) = (u64::MAX, start);
        let mut slice_end = start;
        loop {
            slice_end = (slice_end + PROGRESS_SLICE_MS).min(start + RUN_LIMIT_MS);
            let left = budget_end.saturating_sub(self.world.work);
            if self.world.run_within(slice_end, false, left)? {
                return Some((true, None));
            }
            let d = self.distance();
            if d < best {
                (best, improved) = (d, slice_end);
            }
            let settle_limit = start + self.world.timing.settle_limit_ms;
            let stop = if slice_end >= settle_limit && slice_end - improved >= grace {
                Some(Stop::Loop)
            } else if slice_end >= start + RUN_LIMIT_MS {
                Some(Stop::Limit)
            } else {
                None
            };
            if stop.is_some() {
                // The clock stopped there; the world stands at the last thing that happened.
                self.ran_for = slice_end - start;
                return Some((false, stop));
            }
        }
    }

    /// How long a world may go without coming closer before it counts as going round:
    /// [`LOOP_GRACE_MS`], or three times the longest a pod may take by design to count (its
    /// readiness or startup probe's delay and periods, then minReadySeconds: the controller's
    /// requeue can wait twice that), when longer.
    fn loop_grace(&self) -> Ms {
        let w = &self.world;
        let probe = |p: &Option<world::Probe>, times: fn(&world::Probe) -> i64| {
            p.as_ref()
                .map_or(0, |p| p.initial_delay_s + p.period_s * times(p))
        };
        let slowest_pod = w
            .sets
            .values()
            .flat_map(|s| template::pod_template(s.spec.template.tree().clone()).containers)
            .map(|c| {
                probe(&c.readiness, |p| p.success_threshold)
                    .max(probe(&c.startup, |p| p.failure_threshold))
            })
            .max()
            .unwrap_or(0);
        let min_ready = w
            .sets
            .values()
            .map(|s| s.spec.min_ready_s)
            .max()
            .unwrap_or(0);
        let by_design = (slowest_pod.max(0) + min_ready.max(0)) as Ms * 1000;
        LOOP_GRACE_MS.max(3 * by_design)
    }

    /// How far the StatefulSets are from what they ask for: pods missing or in excess, pods
    /// not yet at the update revision (where the strategy replaces them), pods not Running
    /// and Ready, pods terminating. Zero when every set is as its spec says.
    pub fn distance(&mut self) -> u64 {
        if self.world.no_cache {
            return self.distance_over_every_pod();
        }
        let mut index = std::mem::take(&mut self.world.distance.0);
        let d = index.get(&self.world);
        self.world.distance.0 = index;
        debug_assert_eq!(
            d,
            self.distance_over_every_pod(),
            "the distance index disagrees"
        );
        d
    }

    /// `distance`, counted over every pod (its oracle).
    fn distance_over_every_pod(&self) -> u64 {
        let w = &self.world;
        let mut owned: std::collections::BTreeMap<&str, Vec<&world::Pod>> = Default::default();
        for p in w.pods.values() {
            if let Some(o) = &p.owner {
                owned.entry(o.uid.as_str()).or_default().push(p);
            }
        }
        let mut d = 0u64;
        for set in w.sets.values() {
            let pods = owned
                .get(set.uid.as_str())
                .map_or(&[][..], |v| v.as_slice());
            let live = pods.iter().filter(|p| p.deletion.is_none()).count() as i64;
            d += (live - set.spec.replicas.max(0)).unsigned_abs();
            let rolling = set.spec.strategy == "RollingUpdate";
            let partition = set.spec.rolling.as_ref().map_or(0, |r| r.partition);
            for p in pods {
                let stale =
                    rolling && p.ordinal >= partition && p.revision != set.status.update_revision;
                d += u64::from(stale)
                    + u64::from(p.deletion.is_some())
                    + u64::from(!p.running_and_ready());
            }
        }
        d
    }

    /// StatefulSets that will not reach their desired state, with the reason.
    pub fn blocked(&self) -> Vec<(Key, String)> {
        let w = &self.world;
        let mut out = Vec::new();
        for (k, set) in &w.sets {
            // A pod whose image does not pull says why (kubectl's STATUS and the kubelet's
            // message); the controller's sentence alone would not.
            let image = image_trouble(w, &set.uid);
            if let Some(reason) = w.waiting.get(k) {
                let why = match &image {
                    Some(trouble) => format!("{reason}; {trouble}"),
                    None => reason.to_string(),
                };
                out.push((k.clone(), why));
                continue;
            }
            // Parallel never waits; a pod that cannot become Ready still blocks the set.
            let stuck = w
                .pods
                .values()
                .filter(|p| {
                    p.owner.as_ref().is_some_and(|o| o.uid == set.uid) && p.deletion.is_none()
                })
                .find(|p| !p.running_and_ready());
            if let Some(p) = stuck {
                let why = match (&p.unschedulable, p.phase) {
                    (None, _)
                        if image
                            .as_ref()
                            .is_some_and(|t| t.starts_with(&format!("{} is ", p.name))) =>
                    {
                        image.clone().unwrap_or_default()
                    }
                    (Some(u), _) => format!("{} is Pending: {u}", p.name),
                    (None, world::Phase::Pending) => format!("{} is Pending", p.name),
                    _ => format!("{} is not Ready", p.name),
                };
                out.push((k.clone(), why));
            }
        }
        out
    }

    /// Applies a step at the current instant. Errors read like kubectl's.
    pub fn apply(&mut self, step: &Step) -> Result<(), String> {
        self.world.step += 1;
        match step {
            Step::Advance(_) => Ok(()),
            Step::Fault(f) => {
                // Runs before the fault are judged without it.
                self.world.note_all_probe_failures(true);
                self.world.faults.push(f.clone());
                if f.kind == FaultKind::Schedulable {
                    let pending: Vec<(Key, u32)> = self
                        .world
                        .pods
                        .values()
                        .filter(|p| p.node.is_none() && p.deletion.is_none())
                        .map(|p| (p.key(), p.epoch))
                        .collect();
                    for (pod, epoch) in pending {
                        self.world.after(0, Timer::Schedule { pod, epoch });
                    }
                }
                self.world.replan_all();
                Ok(())
            }
            Step::DeletePod(name) => {
                let k = self.find_pod(name)?;
                self.world.delete_pod(&k);
                Ok(())
            }
            Step::DeletePvc(name) => {
                let ns = self.ns_of_main();
                let k = key(&ns, name);
                if !self.world.pvcs.contains_key(&k) {
                    return Err(format!(
                        "Error from server (NotFound): persistentvolumeclaims \"{name}\" not found"
                    ));
                }
                self.world.delete_claim(&k);
                Ok(())
            }
            Step::DeleteSts { orphan } => {
                let k = self.main_set().ok_or_else(|| {
                    "Error from server (NotFound): statefulsets.apps not found".to_string()
                })?;
                self.delete_statefulset(&k, *orphan);
                Ok(())
            }
            Step::Scale(n) => self.update(|v| {
                v["spec"]["replicas"] = serde_json::json!(n);
                Ok(())
            }),
            Step::Image { container, image } => {
                let (c, i) = (container.clone(), image.clone());
                self.update(move |v| {
                    let cs = v["spec"]["template"]["spec"]["containers"].as_array_mut();
                    let found = cs
                        .into_iter()
                        .flatten()
                        .find(|x| x["name"] == serde_json::json!(c));
                    match found {
                        Some(x) => {
                            x["image"] = serde_json::json!(i);
                            Ok(())
                        }
                        None => Err(format!("error: unable to find container named \"{c}\"")),
                    }
                })
            }
            Step::Patch(p) => {
                let p = p.clone();
                self.update(move |v| {
                    ops::merge_patch(v, &p);
                    Ok(())
                })
            }
            Step::Apply { name, text } => {
                let a = crate::analyze(&[Input { name, text }], &self.opts);
                if let Some(d) = a.diagnostics.iter().find(|d| d.is_error()) {
                    let msg = format!(
                        "error: {name}:{}:{}: {}",
                        d.span.start.line,
                        d.span.start.column,
                        d.text()
                    );
                    let ns = self.ns_of_main();
                    self.reject("StatefulSet", &ns, "", &msg);
                    return Err(msg);
                }
                for (i, obj) in a.manifests.objects.iter().enumerate() {
                    match obj.kind {
                        Kind::Service
                            if !self
                                .world
                                .services
                                .contains_key(&key(&obj.namespace, &obj.name)) =>
                        {
                            let mut tree = obj.clean.clone();
                            crate::defaults::service(&mut tree);
                            self.create_service(tree, &obj.namespace);
                        }
                        Kind::StatefulSet => {
                            let Some((_, tree)) = a.defaulted.iter().find(|(j, _)| *j == i) else {
                                continue;
                            };
                            let k = key(&obj.namespace, &obj.name);
                            if self.world.sets.contains_key(&k) {
                                let tree = tree.clone();
                                self.update_set(&k, move |_| Ok(tree.to_json()))?;
                            } else {
                                self.create_statefulset(tree.clone(), &obj.namespace)?;
                            }
                        }
                        _ => {}
                    }
                }
                Ok(())
            }
        }
    }

    fn ns_of_main(&self) -> String {
        self.main_set()
            .and_then(|k| self.world.sets.get(&k).map(|s| s.ns.clone()))
            .unwrap_or_else(|| self.opts.namespace.clone())
    }

    fn find_pod(&self, name: &str) -> Result<Key, String> {
        let ns = self.ns_of_main();
        let k = key(&ns, name);
        if self.world.pods.contains_key(&k) {
            Ok(k)
        } else {
            Err(format!(
                "Error from server (NotFound): pods \"{name}\" not found"
            ))
        }
    }

    /// Changes the main StatefulSet through `edit` on its JSON, as `kubectl` would.
    fn update(
        &mut self,
        edit: impl FnOnce(&mut serde_json::Value) -> Result<(), String>,
    ) -> Result<(), String> {
        let k = self
            .main_set()
            .ok_or_else(|| "error: there is no StatefulSet to change".to_string())?;
        self.update_set(&k, move |old| {
            let mut v = old.to_json();
            edit(&mut v)?;
            Ok(v)
        })
    }

    /// Replaces StatefulSet `k` with what `make` returns, after the API server's checks.
    pub fn update_set(
        &mut self,
        k: &Key,
        make: impl FnOnce(&Node) -> Result<serde_json::Value, String>,
    ) -> Result<(), String> {
        let Some(set) = self.world.sets.get(k) else {
            return Err(format!(
                "Error from server (NotFound): statefulsets.apps \"{}\" not found",
                k.rsplit('/').next().unwrap_or(k)
            ));
        };
        let old_tree = set.tree.clone();
        let new_json = make(&old_tree)?;
        let node = Node::from_json(&new_json, old_tree.span);
        let (clean, issues) = crate::schema::check(&node, &crate::schema::STATEFULSET);
        if let Some(i) = issues.first() {
            return Err(self.rejected(k, &format!("{}: {}", i.field, i.message)));
        }
        let mut tree = clean;
        crate::defaults::statefulset(&mut tree, &self.opts.profile);
        self.world.force_policy(&mut tree);
        let errs = crate::validate::statefulset::validate(&tree, &self.opts.profile);
        if let Some(e) = errs.0.first() {
            return Err(self.rejected(k, &format!("{}: {}", e.field, e.body())));
        }
        if let Some(f) = crate::update::forbidden_fields(&old_tree, &tree).first() {
            return Err(self.rejected(
                k,
                &format!(
                    "spec: Forbidden: {} ({f} changed)",
                    crate::update::FORBIDDEN
                ),
            ));
        }
        let spec = template::sts_spec(&tree);
        let (ns, name) = k.split_once('/').unwrap_or(("", k));
        self.check_size(ns, name, &spec)?;
        let w = &mut self.world;
        let Some(set) = w.sets.get_mut(k).map(Rc::make_mut) else {
            return Ok(());
        };
        // `PrepareForUpdate` (pkg/registry/apps/statefulset/strategy.go): the generation
        // counts changes of the spec, compared as values (not where the text put them), so a
        // change of the labels or a re-applied manifest leaves it.
        let template_same =
            crate::update::same(Some(set.spec.template.tree()), Some(spec.template.tree()));
        let rest_same = world::StsSpec {
            template: set.spec.template.clone(),
            ..spec.clone()
        } == set.spec;
        if !(template_same && rest_same) {
            set.generation += 1;
        }
        set.labels = tree.str_map_at(&["metadata", "labels"]);
        set.annotations = tree.str_map_at(&["metadata", "annotations"]);
        set.spec = spec;
        set.tree = Rc::new(tree);
        let (ns, name) = (set.ns.clone(), set.name.clone());
        w.log(Action::Update, "StatefulSet", &ns, &name);
        w.dirty.insert(k.clone());
        Ok(())
    }

    fn rejected(&mut self, k: &Key, why: &str) -> String {
        let name = k.rsplit('/').next().unwrap_or(k).to_string();
        let msg = format!("The StatefulSet \"{name}\" is invalid: {why}");
        let ns = self.ns_of_main();
        self.reject("StatefulSet", &ns, &name, &msg);
        msg
    }

    /// `kubectl delete sts`: background cascade (the GC deletes the pods) or orphan.
    pub fn delete_statefulset(&mut self, k: &Key, orphan: bool) {
        let w = &mut self.world;
        let Some(set) = w.sets.remove(k) else { return };
        w.waiting.remove(k);
        w.log(Action::Delete, "StatefulSet", &set.ns, &set.name);
        w.log(Action::Gone, "StatefulSet", &set.ns, &set.name);
        if orphan {
            let owned: Vec<Key> = w
                .pods
                .values()
                .filter(|p| p.owner.as_ref().is_some_and(|o| o.uid == set.uid))
                .map(|p| p.key())
                .collect();
            for p in owned {
                if let Some(pod) = w.pods.get_mut(&p) {
                    pod.owner = None;
                    let (ns, name) = (pod.ns.clone(), pod.name.clone());
                    w.log(Action::Update, "Pod", &ns, &name).message =
                        Some("orphaned: owner reference removed".into());
                }
            }
            w.pvcs.update_all(|pvc| {
                let before = pvc.owners.len();
                pvc.owners.retain(|o| o.uid != set.uid);
                pvc.owners.len() != before
            });
            for r in w.revisions.values_mut().filter(|r| r.set_uid == set.uid) {
                r.set_uid = String::new();
            }
        }
        let delay = w.dur(w.timing.gc);
        w.after(delay, Timer::Gc);
    }

    /// The contract's final `state` line.
    pub fn state_json(&self) -> serde_json::Value {
        let w = &self.world;
        let sets: Vec<_> = w
            .sets
            .values()
            .map(|s| {
                serde_json::json!({
                    "name": s.name, "namespace": s.ns,
                    "status": {
                        "replicas": s.status.replicas, "readyReplicas": s.status.ready,
                        "availableReplicas": s.status.available, "currentReplicas": s.status.current,
                        "updatedReplicas": s.status.updated, "currentRevision": s.status.current_revision,
                        "updateRevision": s.status.update_revision,
                        "observedGeneration": s.status.observed_generation,
                    }
                })
            })
            .collect();
        let mut pods: Vec<_> = w.pods.values().collect();
        crate::sort::sort_by(&mut pods, |a, b| {
            (&a.ns, controller_name(a), a.ordinal).cmp(&(&b.ns, controller_name(b), b.ordinal))
        });
        let pods: Vec<_> = pods
            .iter()
            .map(|p| {
                serde_json::json!({
                    "name": p.name, "phase": if p.is_terminating() { "Terminating" } else { p.phase.as_str() },
                    "ready": p.is_ready(), "revision": p.revision,
                    "restarts": p.containers.iter().map(|c| c.restarts).sum::<u32>(),
                })
            })
            .collect();
        let mut pvcs: Vec<_> = w.pvcs.values().collect();
        crate::sort::sort_by_key(&mut pvcs, |c| natural(&c.name));
        let pvcs: Vec<_> = pvcs
            .iter()
            .map(|c| serde_json::json!({"name": c.name, "phase": if c.deletion.is_some() { "Terminating" } else { c.phase.as_str() }}))
            .collect();
        let mut state = serde_json::json!({
            "t_ms": w.now, "action": "state",
            "statefulsets": sets, "pods": pods, "pvcs": pvcs,
            "fqdns": w.resolvable_pod_fqdns(),
        });
        if let Some(stop) = self.last_stop {
            state["stopped"] = stop.as_str().into();
        }
        state
    }

    /// Timeline entries from `from` on, as the contract's JSON lines (without `waiting`).
    pub fn json_lines(&self, from: usize) -> Vec<String> {
        self.world
            .log
            .since(from)
            .filter(|e| e.action != Action::Waiting)
            .map(|e| {
                let mut m = serde_json::Map::new();
                m.insert("t_ms".into(), e.t.into());
                m.insert("step".into(), e.step.into());
                m.insert("action".into(), e.action.as_str().into());
                if !e.kind.is_empty() {
                    m.insert("kind".into(), e.kind.into());
                    m.insert("name".into(), e.name.to_string().into());
                    if *e.ns != *self.opts.namespace {
                        m.insert("namespace".into(), e.ns.to_string().into());
                    }
                }
                if let Some(r) = &e.reason {
                    m.insert("reason".into(), r.to_string().into());
                }
                if let Some(msg) = &e.message {
                    m.insert("message".into(), msg.to_string().into());
                }
                if let Some(r) = &e.revision {
                    m.insert("revision".into(), r.to_string().into());
                }
                if e.dropped {
                    m.insert("dropped".into(), true.into());
                }
                serde_json::Value::Object(m).to_string()
            })
            .collect()
    }

    /// Timeline entries from `from` on, as readable text (Kubernetes Events only if warnings).
    pub fn text_lines(&self, from: usize) -> Vec<String> {
        let mut out = Vec::new();
        let mut last_step = u32::MAX;
        for e in self.world.log.since(from) {
            if e.action == Action::Event && !e.warning && e.reason.as_deref() != Some("Rejected") {
                continue;
            }
            let step = if e.step != last_step {
                last_step = e.step;
                format!("step {:<3}", e.step)
            } else {
                " ".repeat(8)
            };
            let what = if e.kind.is_empty() {
                String::new()
            } else {
                format!("{}/{}", e.kind, e.name)
            };
            let mut line = format!(
                "{:>10}  {step}  {:<8} {what}",
                format_ms(e.t),
                e.action.as_str()
            );
            if let Some(r) = &e.revision {
                line.push_str(&format!(" (revision {r})"));
            }
            match (&e.reason, &e.message) {
                (Some(r), Some(m)) => line.push_str(&format!(": {r}: {m}")),
                (Some(r), None) => line.push_str(&format!(": {r}")),
                (None, Some(m)) => line.push_str(&format!(": {m}")),
                _ => {}
            }
            if e.dropped {
                line.push_str(" (dropped by the event spam filter)");
            }
            out.push(line.trim_end().to_string());
        }
        out
    }
}

fn controller_name(p: &world::Pod) -> &str {
    p.name.rsplit_once('-').map_or(p.name.as_str(), |(a, _)| a)
}

/// Sort key that orders `www-web-10` after `www-web-9`.
fn natural(s: &str) -> (String, i64) {
    match s.rsplit_once('-') {
        Some((a, n)) if n.bytes().all(|b| b.is_ascii_digit()) && !n.is_empty() => {
            (a.to_string(), n.parse().unwrap_or(0))
        }
        _ => (s.to_string(), -1),
    }
}

/// `12.345s`.
pub fn format_ms(ms: Ms) -> String {
    format!("{}.{:03}s", ms / 1000, ms % 1000)
}

/// The first pod of the set (by ordinal) whose image does not pull:
/// `web-2 is ImagePullBackOff: Back-off pulling image "...": ErrImagePull: ...`.
fn image_trouble(w: &World, set_uid: &str) -> Option<String> {
    let mut pods: Vec<&world::Pod> = w
        .pods
        .values()
        .filter(|p| p.owner.as_ref().is_some_and(|o| o.uid == set_uid) && p.deletion.is_none())
        .collect();
    crate::sort::sort_by_key(&mut pods, |p| p.ordinal);
    pods.iter().find_map(|p| {
        p.init_containers
            .iter()
            .chain(&p.containers)
            .find_map(|c| match &c.state {
                world::CState::Waiting { reason, message }
                    if matches!(
                        reason.as_str(),
                        "ErrImagePull" | "ImagePullBackOff" | "InvalidImageName"
                    ) =>
                {
                    Some(format!(
                        "{} is {reason}: {}",
                        p.name,
                        message.as_deref().unwrap_or("")
                    ))
                }
                _ => None,
            })
    })
}

/// What `kubectl apply` did with one object.
#[derive(Clone, Debug, PartialEq)]
pub enum Applied {
    Created,
    Configured,
    Unchanged,
    /// The API server refused it; the text is kubectl's error line.
    Refused(String),
}

impl Simulation {
    /// Lets the controller and every timer due at this instant run, without moving the clock.
    pub fn settle_now(&mut self) {
        let now = self.world.now;
        self.world.run(now, true);
    }

    /// Moves the clock `ms` forward, running everything that happens meanwhile.
    pub fn advance(&mut self, ms: Ms) {
        let until = self.world.now + ms;
        self.world.run(until, true);
    }

    /// The time of the next scheduled change, if any: now while a controller sync is pending
    /// (a command changed a StatefulSet and the controller has not looked yet).
    pub fn next_change(&self) -> Option<Ms> {
        if !self.world.dirty.is_empty() {
            return Some(self.world.now);
        }
        self.world.timers.first_key_value().map(|((t, _), _)| *t)
    }

    /// Keeps `obj` as applied, for a kind the simulation does not run (`World::others`,
    /// which `helm status` and kubectl's answers for those kinds read).
    fn keep(&mut self, obj: &crate::manifest::Object) -> Applied {
        let k = (
            obj.kind_name.clone(),
            obj.namespace.clone(),
            obj.name.clone(),
        );
        match self.world.others.get(&k) {
            Some((_, old)) if old.to_json() == obj.clean.to_json() => Applied::Unchanged,
            Some((created, _)) => {
                let created = *created;
                self.world.others.insert(k, (created, obj.clean.clone()));
                Applied::Configured
            }
            None => {
                let now = self.world.now;
                self.world.others.insert(k, (now, obj.clean.clone()));
                Applied::Created
            }
        }
    }

    /// `kubectl apply -f NAME` with `text`: each StatefulSet and Service is created or
    /// updated (other kinds are accepted and ignored), in file order.
    pub fn apply_text(&mut self, name: &str, text: &str) -> Vec<(String, String, Applied)> {
        let a = crate::analyze(&[Input { name, text }], &self.opts);
        let mut out = Vec::new();
        if let Some(d) = a
            .diagnostics
            .iter()
            .find(|d| d.is_error() && d.source == crate::Source::Parse)
        {
            out.push((
                String::new(),
                String::new(),
                Applied::Refused(format!(
                    "error: error parsing {name}: error converting YAML to JSON: yaml: line {}: {}",
                    d.span.start.line, d.message
                )),
            ));
            return out;
        }
        for (i, obj) in a.manifests.objects.iter().enumerate() {
            if obj.is_bare_pod() {
                // A pod's spec barely changes once created; applying it again leaves it.
                let applied = match self.world.create_bare_pod(&obj.namespace, &obj.clean) {
                    Some(_) => Applied::Created,
                    None => Applied::Unchanged,
                };
                out.push(("pod".into(), obj.name.clone(), applied));
                continue;
            }
            let kind = match obj.kind {
                Kind::StatefulSet => "statefulset.apps",
                Kind::Service => "service",
                Kind::PodDisruptionBudget => "poddisruptionbudget.policy",
                Kind::Other => {
                    // Kept as applied, not run: `helm status` lists them.
                    let applied = self.keep(obj);
                    // kubectl's `kind.group` (`deployment.apps`, `configmap`).
                    let kind = obj.kind_name.to_ascii_lowercase();
                    let group = obj
                        .clean
                        .get("apiVersion")
                        .and_then(|v| v.as_str())
                        .and_then(|v| v.split_once('/'))
                        .map(|(g, _)| g.to_string());
                    out.push((
                        match group {
                            Some(g) => format!("{kind}.{g}"),
                            None => kind,
                        },
                        obj.name.clone(),
                        applied,
                    ));
                    continue;
                }
            };
            let errors: Vec<&crate::Diagnostic> = a
                .diagnostics
                .iter()
                .filter(|d| {
                    d.is_error()
                        && d.file == obj.file
                        && d.document == obj.document
                        && d.span.start >= obj.node.span.start
                        && d.span.start <= obj.node.span.end
                })
                .collect();
            let exists = match obj.kind {
                Kind::StatefulSet => self
                    .world
                    .sets
                    .contains_key(&key(&obj.namespace, &obj.name)),
                Kind::Service => self
                    .world
                    .services
                    .contains_key(&key(&obj.namespace, &obj.name)),
                _ => false,
            };
            if let Some(schema) = errors.iter().find(|d| d.source == crate::Source::Schema) {
                let verb = if exists { "patching" } else { "creating" };
                let detail = if schema.code == "unknown-field" || schema.code == "duplicate-field" {
                    format!("strict decoding error: {}", schema.message)
                } else {
                    format!("json: {}", schema.message)
                };
                out.push((kind.into(), obj.name.clone(), Applied::Refused(format!(
                    "Error from server (BadRequest): error when {verb} \"{name}\": {} in version \"v1\" cannot be handled as a {}: {detail}",
                    obj.kind_name, obj.kind_name
                ))));
                continue;
            }
            if !errors.is_empty() {
                let texts: Vec<String> = errors.iter().map(|d| d.text()).collect();
                let body = if texts.len() == 1 {
                    texts[0].clone()
                } else {
                    format!("[{}]", texts.join(", "))
                };
                out.push((
                    kind.into(),
                    obj.name.clone(),
                    Applied::Refused(format!(
                        "The {} \"{}\" is invalid: {body}",
                        obj.kind_name, obj.name
                    )),
                ));
                continue;
            }
            let result = match obj.kind {
                Kind::Service => {
                    let mut tree = obj.clean.clone();
                    crate::defaults::service(&mut tree);
                    let k = key(&obj.namespace, &obj.name);
                    let old_ports = self.world.services.get(&k).map(|s| s.ports.clone());
                    if let Some(ports) = &old_ports {
                        self.world.assign_node_ports(&mut tree, Some(ports));
                    }
                    match self.world.services.get(&k) {
                        Some(old) if old.tree.to_json() == tree.to_json() => Applied::Unchanged,
                        Some(_) => {
                            let (uid, created, ip) = self
                                .world
                                .services
                                .get(&k)
                                .map(|s| (s.uid.clone(), s.created, s.cluster_ip.clone()))
                                .unwrap_or_default();
                            let svc = template::service(&tree, &obj.namespace, uid, created, ip);
                            self.world.services.insert(k, svc);
                            Applied::Configured
                        }
                        None => {
                            self.create_service(tree, &obj.namespace);
                            Applied::Created
                        }
                    }
                }
                Kind::StatefulSet => {
                    let Some((_, tree)) = a.defaulted.iter().find(|(j, _)| *j == i) else {
                        continue;
                    };
                    let k = key(&obj.namespace, &obj.name);
                    match self.world.sets.get(&k) {
                        Some(old) if old.tree.to_json() == tree.to_json() => Applied::Unchanged,
                        Some(_) => {
                            let tree = tree.clone();
                            match self.update_set(&k, move |_| Ok(tree.to_json())) {
                                Ok(()) => Applied::Configured,
                                Err(e) => Applied::Refused(e),
                            }
                        }
                        None => match self.create_statefulset(tree.clone(), &obj.namespace) {
                            Ok(()) => Applied::Created,
                            Err(e) => Applied::Refused(e),
                        },
                    }
                }
                // A PodDisruptionBudget: the lints read it, the cluster keeps it, nothing runs it.
                _ => self.keep(obj),
            };
            out.push((kind.into(), obj.name.clone(), result));
        }
        out
    }
}
