//! The world: every object of the simulated cluster, the virtual clock, the timers that drive
//! it, the timeline and the Kubernetes Events. `World::run` is the event loop: it lets the
//! StatefulSet controller reach a fixed point at the current instant, then jumps the clock to
//! the next timer. Cloning a `World` is a complete snapshot.

use super::rng::Rng;
use super::timing::{Spread, Timing};
use super::world::{
    Action, ContainerRef, Entry, Event, Key, Ms, Pod, Pv, Revision, Service, StatefulSet, SvcPort,
};
use crate::version::Profile;
use crate::yaml::{Node, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

/// Something scheduled to happen. Pod and container timers carry the epoch they were set
/// at; a timer whose epoch is stale is dropped, so deleting a pod cancels its future.
#[derive(Clone, Debug, PartialEq)]
pub enum Timer {
    /// Resync a StatefulSet (a requeue, e.g. for minReadySeconds or after an API error).
    Sync(Key),
    /// The provisioner binds this claim.
    Provision(Key),
    /// The scheduler tries to place this pod.
    Schedule { pod: Key, epoch: u32 },
    /// The kubelet takes the pod: probe workers start, sandbox creation begins.
    Kubelet { pod: Key, epoch: u32 },
    /// The sandbox is up: the pod has an IP; image pulls begin.
    Sandbox { pod: Key, epoch: u32 },
    /// The container is pulled, created and started.
    Start { container: ContainerRef, epoch: u32 },
    /// A pod sync tries the container's image, which did not or will not pull.
    Pull { container: ContainerRef, epoch: u32 },
    /// The pull of the container's image fails (`ErrImagePull`).
    PullFailed { container: ContainerRef, epoch: u32 },
    /// The first pod sync after a failed pull finds the image in back-off (`ImagePullBackOff`).
    PullBackOff { container: ContainerRef, epoch: u32 },
    /// A probe result of the container flips something (readiness, liveness or startup).
    Probe { container: ContainerRef, epoch: u32 },
    /// The container has exited (after SIGTERM, a kill or a crash).
    Exited { container: ContainerRef, epoch: u32 },
    /// The `crash` program exits, if the container still runs the start at `started`.
    Crash {
        container: ContainerRef,
        started: Ms,
    },
    /// The container restarts after its back-off.
    Restart { container: ContainerRef, epoch: u32 },
    /// The pod object is removed from the API.
    Gone { pod: Key, epoch: u32 },
    /// The garbage collector deletes objects whose owners are gone.
    Gc,
    /// The pvc-protection controller lets deleted claims that no pod uses any more go.
    ReleaseClaims,
}

/// A StorageClass of the simulated cluster.
#[derive(Clone, Debug, PartialEq)]
pub struct StorageClass {
    pub name: String,
    pub provisioner: String,
    pub default: bool,
    pub reclaim: String,
    pub binding: String,
}

/// A fault in force (see `ops.rs` for the forms and their meaning).
#[derive(Clone, Debug, PartialEq)]
pub struct Fault {
    /// Pod name glob, or `None` for an image fault.
    pub pods: Option<String>,
    pub image: Option<String>,
    pub kind: FaultKind,
    /// Pods (by name) a one-shot fault has already hit: it fires once per pod name, so a
    /// pod the controller recreates under the same name runs normally.
    pub fired: BTreeSet<Key>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FaultKind {
    /// Readiness probes fail (`ready=never`, `ready=fail`).
    NotReady,
    /// Readiness recovers (`ready=ok`).
    Ready,
    /// Liveness probes fail (`live=fail`) / recover (`live=ok`).
    NotLive,
    Live,
    /// The pod ends in this phase, once (`phase=Failed|Succeeded`).
    Phase(super::world::Phase),
    /// The pod stays Pending, unscheduled (`schedule=never`); `schedule=ok` lifts it.
    Unschedulable,
    Schedulable,
    /// The main container exits with code 1, once (`crash`).
    Crash,
    /// Pulls of the image fail as an unknown manifest (`pull=fail`); `pull=ok` lifts it.
    PullFail,
    PullOk,
}

/// `workqueue.DefaultTypedControllerRateLimiter` (client-go `util/workqueue/default_rate_limiters.go`,
/// v0.36), the limiter of the StatefulSet controller's queue: the larger of a per-item
/// exponential back-off (`ItemExponentialFailureRateLimiter`, 5 ms doubling on each failure
/// up to 1000 s) and an overall token bucket (`BucketRateLimiter`, 10 per second, burst 100).
#[derive(Clone, Debug, Default)]
pub struct RateLimiter {
    failures: BTreeMap<Key, u32>,
    /// The bucket's level in milliseconds of refill (a token is 100) and when it was read;
    /// `None` while full and untouched.
    bucket: Option<(i64, Ms)>,
}

impl RateLimiter {
    const BASE_MS: Ms = 5;
    const MAX_MS: Ms = 1_000_000;
    const TOKEN_MS: i64 = 100;
    const BURST: i64 = 100;

    /// `When`: how long `item` waits before it is tried again; counts a failure.
    pub fn when(&mut self, item: &Key, now: Ms) -> Ms {
        let failures = self.failures.entry(item.clone()).or_insert(0);
        let exp = *failures;
        *failures = failures.saturating_add(1);
        let backoff = if exp >= 30 {
            Self::MAX_MS
        } else {
            (Self::BASE_MS << exp).min(Self::MAX_MS)
        };
        // `rate.Limiter.Reserve().Delay()`: the bucket may go below zero; the wait is the
        // time until it is back at zero.
        let full = Self::BURST * Self::TOKEN_MS;
        let (level, at) = self.bucket.get_or_insert((full, now));
        *level = (*level + now.saturating_sub(*at) as i64).min(full) - Self::TOKEN_MS;
        *at = now;
        let bucket = (-*level).max(0) as Ms;
        backoff.max(bucket)
    }

    /// `Forget`: the item succeeded; its back-off starts again from 5 ms.
    pub fn forget(&mut self, item: &Key) {
        self.failures.remove(item);
    }

    /// How many times `item` has failed in a row.
    pub fn failures(&self, item: &Key) -> u32 {
        self.failures.get(item).copied().unwrap_or(0)
    }
}

/// The simulated cluster.
#[derive(Clone, Debug)]
pub struct World {
    pub now: Ms,
    /// Index of the step being run (0 is the initial apply).
    pub step: u32,
    pub rng: Rng,
    pub timing: Timing,
    pub profile: Profile,
    pub cluster_domain: String,
    pub node_name: String,
    pub node_ip: String,
    pub sets: BTreeMap<Key, Rc<StatefulSet>>,
    pub services: BTreeMap<Key, Service>,
    pub pods: super::world::Pods,
    pub pvcs: super::world::Pvcs,
    pub pvs: BTreeMap<String, Pv>,
    pub revisions: BTreeMap<Key, Revision>,
    pub storage_classes: Vec<StorageClass>,
    pub events: super::history::History<Event>,
    /// The event recorders' correlators, one per component: what they aggregated, counted
    /// and let through (a lookup per Event in caches of bounded size).
    pub(super) correlators: super::events::Correlators,
    /// The StatefulSet controller's work queue rate limiter (retries of failed syncs).
    pub(super) queue_limiter: RateLimiter,
    /// The sync running now returned an error (an API call failed).
    pub(super) sync_failed: bool,
    /// Run every idle periodic sync instead of skipping them (the test oracle of
    /// `skip_idle_syncs`).
    pub no_skip: bool,
    /// Compute everything afresh, the way the real components do: each sync visits every pod
    /// (`controller::decide`, not `view::decide`) and checks each afresh (no cached
    /// `world::Verdict`); the garbage collector and the progress check look at every object
    /// (no `view::Dependents`, `view::Distance`). The test oracle of those shortcuts.
    pub no_cache: bool,
    /// The controller's view of each StatefulSet, kept between syncs (`view::SetView`).
    pub(crate) views: super::view::Scratch<super::view::Views>,
    /// Who owns what, for the garbage collector (`view::Dependents`).
    pub(crate) dependents: super::view::Scratch<super::view::Dependents>,
    /// How far the sets are from their specs (`view::Distance`).
    pub(crate) distance: super::view::Scratch<super::view::Distance>,
    /// Timers fired so far (what a run really cost, skipped syncs not counted).
    pub fired: u64,
    /// Controller syncs run so far (skipped ones not counted).
    pub syncs: u64,
    pub log: super::history::History<Entry>,
    /// The names, namespaces and reasons the timeline's entries hold, one copy of each
    /// (a rollout of 10,000 pods has 300,000 entries about 10,000 names).
    pub(super) names: Names,
    pub faults: Vec<Fault>,
    /// `podManagementPolicy` every StatefulSet gets (`SimOptions::policy`).
    pub forced_policy: Option<&'static str>,
    /// What the user said runs in each container (`SimOptions::choices`).
    pub choices: super::app::Choices,
    /// Images present on the node.
    pub images: BTreeSet<String>,
    pub timers: BTreeMap<(Ms, u64), Timer>,
    seq: u64,
    next_pod_ip: u32,
    next_svc_ip: u32,
    /// Work done so far, in rough units of cost: one per timer fired, one per pod a
    /// controller sync visits (bounds look-ahead, see `run_within`).
    pub work: u64,
    /// StatefulSets whose controller should sync before time moves on.
    pub dirty: BTreeSet<Key>,
    /// What each StatefulSet's controller waits for, when it waits.
    pub waiting: BTreeMap<Key, super::controller::Wait>,
    /// Every status the controller wrote: (time, set, generation, status).
    pub status_log: super::history::History<(Ms, super::world::Name, i64, super::world::StsStatus)>,
    /// Application log lines per pod.
    pub pod_logs: BTreeMap<Key, Vec<(Ms, String)>>,
    /// Requests served through Services (drives the seeded load balancer).
    pub requests: u64,
    /// Helm release revisions (stored as Secrets, see `sim::helm`).
    pub releases: Vec<super::helm::Release>,
    /// Objects of kinds the simulation does not run (ServiceAccount, ConfigMap, Secret, ...),
    /// kept as applied so that `helm status` can list them: (kind, namespace, name) to
    /// (creation time, tree).
    pub others: BTreeMap<(String, String, String), (Ms, Node)>,
}

/// The strings the timeline, the Events and the statuses hold, one copy of each.
pub(super) type Names = rustc_hash::FxHashSet<super::world::Name>;

/// The shared copy of `s` in `names` (`World::intern`, for a caller holding another field of
/// the world).
pub(super) fn intern_in(names: &mut Names, s: &str) -> super::world::Name {
    if let Some(n) = names.get(s) {
        return n.clone();
    }
    let n: super::world::Name = s.into();
    names.insert(n.clone());
    n
}

impl World {
    pub fn new(seed: u64, timing: Timing, profile: Profile, cluster_domain: &str) -> World {
        let mut rng = Rng::new(seed);
        let next_pod_ip = 3 + (rng.next_u64() % 8) as u32;
        World {
            now: 0,
            step: 0,
            rng,
            timing,
            profile,
            cluster_domain: cluster_domain.to_string(),
            node_name: "minikube".into(),
            node_ip: "192.168.49.2".into(),
            sets: BTreeMap::new(),
            services: BTreeMap::new(),
            pods: super::world::Pods::default(),
            pvcs: super::world::Pvcs::default(),
            pvs: BTreeMap::new(),
            revisions: BTreeMap::new(),
            storage_classes: vec![StorageClass {
                name: "standard".into(),
                provisioner: "k8s.io/minikube-hostpath".into(),
                default: true,
                reclaim: "Delete".into(),
                binding: "Immediate".into(),
            }],
            events: Default::default(),
            correlators: Default::default(),
            queue_limiter: RateLimiter::default(),
            sync_failed: false,
            no_skip: false,
            no_cache: false,
            views: Default::default(),
            dependents: Default::default(),
            distance: Default::default(),
            fired: 0,
            syncs: 0,
            log: Default::default(),
            names: Default::default(),
            faults: Vec::new(),
            images: BTreeSet::new(),
            timers: BTreeMap::new(),
            seq: 0,
            next_pod_ip,
            next_svc_ip: 0,
            work: 0,
            dirty: BTreeSet::new(),
            waiting: BTreeMap::new(),
            status_log: Default::default(),
            pod_logs: BTreeMap::new(),
            requests: 0,
            releases: Vec::new(),
            others: BTreeMap::new(),
            forced_policy: None,
            choices: Default::default(),
        }
    }

    /// A duration from `spread` (seeded jitter).
    pub fn dur(&mut self, spread: Spread) -> Ms {
        self.rng.around(spread.0, spread.1)
    }

    /// Schedules `timer` `delay` milliseconds from now.
    pub fn after(&mut self, delay: Ms, timer: Timer) {
        self.seq += 1;
        self.timers.insert((self.now + delay, self.seq), timer);
    }

    pub fn uid(&mut self) -> String {
        self.rng.uuid()
    }

    /// The next pod IP on the node's pod network (10.244.0.0/16).
    pub fn pod_ip(&mut self) -> String {
        let n = self.next_pod_ip;
        self.next_pod_ip += 1;
        format!("10.244.{}.{}", n / 254, n % 254 + 1)
    }

    /// The next Service IP (10.96.0.0/12; .1 is `kubernetes`, .10 is `kube-dns`).
    pub fn service_ip(&mut self) -> String {
        let n = 20 + self.next_svc_ip + (self.rng.next_u64() % 200) as u32;
        self.next_svc_ip += 211;
        format!(
            "10.{}.{}.{}",
            96 + (n / 65536) % 16,
            (n / 256) % 256,
            n % 256
        )
    }

    /// The API server's node ports: every port of a NodePort or LoadBalancer Service written
    /// without `nodePort` gets one, kept from `old` (the Service being replaced) for the same
    /// port, else a free port of 30000-32767 drawn at random, first above the range's static
    /// band of 86 ports (`calculateRangeOffset` and the offset allocation map in
    /// `pkg/registry/core/service/portallocator`, Kubernetes v1.36).
    pub fn assign_node_ports(&mut self, tree: &mut Node, old: Option<&[SvcPort]>) {
        const BASE: i64 = 30000;
        const SIZE: i64 = 2768;
        const OFFSET: i64 = 86;
        let ty = tree.str_at(&["spec", "type"]).unwrap_or("ClusterIP");
        if ty != "NodePort" && ty != "LoadBalancer" {
            return;
        }
        let mut used: std::collections::BTreeSet<i64> = self
            .services
            .values()
            .flat_map(|s| s.ports.iter().filter_map(|p| p.node_port))
            .collect();
        let Some(Value::Seq(ports)) = tree
            .get_mut("spec")
            .and_then(|s| s.get_mut("ports"))
            .map(|n| &mut n.value)
        else {
            return;
        };
        used.extend(
            ports
                .iter()
                .filter_map(|p| p.get("nodePort").and_then(Node::as_int)),
        );
        for p in ports.iter_mut() {
            if p.get("nodePort").is_some_and(|n| n.value != Value::Null) {
                continue;
            }
            let port = p.get("port").and_then(Node::as_int);
            let kept = old
                .unwrap_or(&[])
                .iter()
                .find(|o| Some(o.port) == port)
                .and_then(|o| o.node_port);
            let chosen = kept.or_else(|| {
                if used.len() as i64 >= SIZE {
                    return None;
                }
                let start = (self.rng.next_u64() % (SIZE - OFFSET) as u64) as i64;
                // Free ports above the band first, from a random start, then the band.
                (0..SIZE - OFFSET)
                    .map(|i| BASE + OFFSET + (start + i) % (SIZE - OFFSET))
                    .chain(BASE..BASE + OFFSET)
                    .find(|n| !used.contains(n))
            });
            if let Some(n) = chosen {
                used.insert(n);
                p.set("nodePort", Value::Int(n));
            }
        }
    }

    /// Sets the forced `podManagementPolicy`, if any, on a StatefulSet's tree.
    pub fn force_policy(&self, tree: &mut Node) {
        if let (Some(p), Some(spec)) = (self.forced_policy, tree.get_mut("spec")) {
            spec.set("podManagementPolicy", Value::Str(p.to_string()));
        }
    }

    /// The shared copy of `s` (see `names`).
    pub fn intern(&mut self, s: &str) -> super::world::Name {
        intern_in(&mut self.names, s)
    }

    /// Appends a timeline entry.
    pub fn log(&mut self, action: Action, kind: &'static str, ns: &str, name: &str) -> &mut Entry {
        let (ns, name) = (self.intern(ns), self.intern(name));
        self.log_named(action, kind, ns, name)
    }

    /// `log` with the namespace and name interned already.
    pub fn log_named(
        &mut self,
        action: Action,
        kind: &'static str,
        ns: super::world::Name,
        name: super::world::Name,
    ) -> &mut Entry {
        self.log.push(Entry {
            t: self.now,
            step: self.step,
            action,
            kind,
            ns,
            name,
            reason: None,
            message: None,
            revision: None,
            warning: false,
            dropped: false,
        })
    }

    /// The pods whose volumes include claim `ns/claim`. A StatefulSet pod's claim is named
    /// `<template>-<pod>`, so the candidates are the pods named by a suffix of the claim's
    /// name after a dash: a few map lookups instead of a pass over every pod.
    pub fn pods_using_claim<'a>(
        &'a self,
        ns: &'a str,
        claim: &'a str,
    ) -> impl Iterator<Item = &'a Pod> + 'a {
        claim
            .match_indices('-')
            .filter_map(move |(i, _)| self.pods.get(&super::world::key(ns, &claim[i + 1..])))
            .filter(move |p| p.ns == ns && p.claims.iter().any(|(_, c)| c == claim))
    }

    /// Runs the world: controller syncs to a fixed point, then the next timer, until no timer
    /// is left (returns `true`) or the next one lies beyond `until` (returns `false`). With
    /// `advance`, the clock then stands at `until`; otherwise at the last thing that happened.
    pub fn run(&mut self, until: Ms, advance: bool) -> bool {
        self.run_within(until, advance, u64::MAX).unwrap_or(false)
    }

    /// `run`, stopping early once `budget` units of `work` are spent: `None` then, with the
    /// clock at the last thing that happened. For looking ahead without freezing a page.
    pub fn run_within(&mut self, until: Ms, advance: bool, budget: u64) -> Option<bool> {
        let limit = self.work.saturating_add(budget);
        loop {
            if self.work >= limit {
                return None;
            }
            self.sync_dirty();
            let Some((&(t, seq), _)) = self.timers.first_key_value() else {
                if advance {
                    self.now = self.now.max(until);
                }
                return Some(true);
            };
            if t > until {
                if advance {
                    self.now = self.now.max(until);
                }
                return Some(false);
            }
            let Some(timer) = self.timers.remove(&(t, seq)) else {
                continue;
            };
            self.now = t;
            self.work += 1;
            self.fired += 1;
            let Timer::Sync(set) = timer else {
                self.fire(timer);
                continue;
            };
            // A periodic sync with nothing to do (a set waiting for a pod that never comes,
            // requeued every minReadySeconds) repeats identically until something else
            // happens: those repeats are skipped in one step, leaving the world as if each
            // had run (`skip_idle_syncs`).
            let (before, syncs) = (self.sync_fingerprint(), self.syncs);
            self.fire(Timer::Sync(set.clone()));
            self.sync_dirty();
            // Exactly one sync ran (not a sync put off while the controller is busy) and it
            // changed nothing.
            if self.syncs == syncs + 1 && self.sync_fingerprint() == before && !self.no_skip {
                self.skip_idle_syncs(&set, until, limit);
            }
        }
    }

    /// What a sync changes when it does anything: the timeline, Events, statuses, objects,
    /// what the controller waits for, the sets still to sync.
    fn sync_fingerprint(&self) -> (usize, usize, usize, usize, usize, usize, bool) {
        (
            self.log.len(),
            self.events.len(),
            self.status_log.len(),
            self.pods.len(),
            self.pvcs.len(),
            self.revisions.len(),
            self.dirty.is_empty(),
        )
    }

    /// After a sync of `set` at `now` that changed nothing and requeued itself `period` later:
    /// while no other timer comes first and no pod's availability (minReadySeconds) turns,
    /// every further sync would do the same nothing. Moves the requeued sync to the last such
    /// time before `until`, with the sequence numbers, the work count and the set's busy time
    /// the syncs in between would have left.
    fn skip_idle_syncs(&mut self, set: &Key, until: Ms, work_limit: u64) {
        let now = self.now;
        let mut pending = self.timers.iter();
        let Some((&(next, next_seq), Timer::Sync(s))) = pending.next() else {
            return;
        };
        // A sync put off while the controller was busy is not a periodic one.
        let deferred = self.sets.get(set).is_some_and(|x| x.coalesced_at.is_some());
        if s != set || next <= now || deferred {
            return;
        }
        let period = next - now;
        let other = pending.next().map_or(Ms::MAX, |(&(t, _), _)| t);
        // A Ready pod becomes available once minReadySeconds have passed (`Pod::available`).
        let min_ready = self
            .sets
            .get(set)
            .map_or(0, |s| s.spec.min_ready_s.max(0) as u64);
        let turns = self
            .pods
            .values()
            .filter(|p| min_ready > 0 && p.running_and_ready())
            .filter_map(|p| {
                p.condition("Ready")
                    .map(|c| c.since / 1000 * 1000 + min_ready * 1000 + 1)
            })
            .filter(|t| *t > now)
            .min()
            .unwrap_or(Ms::MAX);
        let horizon = other.min(turns).min(until.saturating_add(1));
        if next >= horizon {
            return;
        }
        // Syncs at next, next + period, ..., strictly before the horizon; the last of them
        // stays to run as usual.
        let per_sync = 2 + self.pods.len() as u64;
        let affordable = work_limit.saturating_sub(self.work) / per_sync;
        let skipped = ((horizon - 1 - next) / period).min(affordable);
        if skipped == 0 {
            return;
        }
        let Some(timer) = self.timers.remove(&(next, next_seq)) else {
            return;
        };
        let last = next + skipped * period;
        let cost = self.pods.len() as u64 * self.timing.sync_per_pod_us / 1000;
        if let Some(s) = self.sets.get_mut(set).map(Rc::make_mut) {
            s.busy_until = last - period + cost;
        }
        self.seq += skipped;
        self.timers.insert((last, self.seq), timer);
        self.work += skipped * per_sync;
    }

    fn fire(&mut self, timer: Timer) {
        match timer {
            Timer::Sync(set) => {
                if let Some(s) = self.sets.get_mut(&set).map(Rc::make_mut)
                    && s.coalesced_at == Some(self.now)
                {
                    s.coalesced_at = None;
                }
                self.dirty.insert(set);
            }
            Timer::Gc => self.gc(),
            Timer::Provision(pvc) => self.provision(&pvc),
            Timer::Schedule { pod, epoch } => self.schedule(&pod, epoch),
            Timer::ReleaseClaims => self.release_claims(),
            other => self.kubelet(other),
        }
    }

    /// Lets every dirty StatefulSet's controller sync until none is dirty at this instant.
    pub fn sync_dirty(&mut self) {
        // A sync makes at most one change in OrderedReady, and each change can dirty the set
        // again; the bound only stops a runaway, it is far above what a real set needs.
        let mut budget = 64 + 16 * (self.pods.len() + self.pvcs.len());
        while let Some(set) = self.dirty.pop_first() {
            if budget == 0 {
                self.dirty.clear();
                break;
            }
            let now = self.now;
            if let Some(s) = self.sets.get_mut(&set).map(Rc::make_mut)
                && s.busy_until > now
            {
                // Still busy with its last sync: one more sync when free covers every update
                // that arrives meanwhile.
                let free = s.busy_until;
                if s.coalesced_at.is_none_or(|at| at > free) {
                    s.coalesced_at = Some(free);
                    self.after(free - now, Timer::Sync(set));
                }
                continue;
            }
            budget -= 1;
            self.sync(&set);
            self.syncs += 1;
            self.work += 1 + self.pods.len() as u64;
            let cost = self.pods.len() as u64 * self.timing.sync_per_pod_us / 1000;
            if let Some(s) = self.sets.get_mut(&set).map(Rc::make_mut) {
                s.busy_until = now + cost;
            }
        }
    }

    /// Syncs StatefulSet `set` at `at` (`enqueueSSAfter`). Like client-go's delaying queue,
    /// a set waits in the queue at most once: an earlier pending requeue wins, a later one
    /// is moved earlier.
    pub fn requeue(&mut self, set: &Key, at: Ms) {
        if at <= self.now {
            self.dirty.insert(set.clone());
            return;
        }
        let pending: Vec<(Ms, u64)> = self
            .timers
            .iter()
            .filter(|(_, timer)| matches!(timer, Timer::Sync(s) if s == set))
            .map(|(k, _)| *k)
            .collect();
        if pending.iter().any(|(t, _)| *t <= at) {
            return;
        }
        for k in pending {
            self.timers.remove(&k);
        }
        let delay = at - self.now;
        self.after(delay, Timer::Sync(set.clone()));
    }

    /// Marks the StatefulSets a pod belongs to for a sync.
    pub fn touch_owner(&mut self, pod: &Key) {
        if let Some(p) = self.pods.get(pod) {
            let set = super::world::key(&p.ns, p.owner.as_ref().map_or("", |o| o.name.as_str()));
            if self.sets.contains_key(&set) {
                self.dirty.insert(set);
                return;
            }
        }
        // An orphan can be adopted by any set that selects it.
        let keys: Vec<Key> = self.sets.keys().cloned().collect();
        self.dirty.extend(keys);
    }
}

impl World {
    /// The last fault in force of `kinds` for pod `pod` (a glob) or its `image`.
    pub fn fault_applies(&self, pod: &str, image: &str, kinds: &[FaultKind]) -> Option<FaultKind> {
        self.faults
            .iter()
            .rev()
            .filter(|f| kinds.contains(&f.kind))
            .find(|f| {
                f.pods.as_deref().is_some_and(|g| glob(g, pod))
                    || f.image.as_deref().is_some_and(|i| i == image)
            })
            .map(|f| f.kind.clone())
    }
}

/// `*` and `?` glob match for pod names.
pub fn glob(pattern: &str, name: &str) -> bool {
    fn go(p: &[u8], n: &[u8]) -> bool {
        match (p.first(), n.first()) {
            (None, None) => true,
            (Some(b'*'), _) => go(&p[1..], n) || (!n.is_empty() && go(p, &n[1..])),
            (Some(b'?'), Some(_)) => go(&p[1..], &n[1..]),
            (Some(a), Some(b)) if a == b => go(&p[1..], &n[1..]),
            _ => false,
        }
    }
    if pattern.len() > 256 || name.len() > 256 {
        return pattern == name;
    }
    go(pattern.as_bytes(), name.as_bytes())
}
