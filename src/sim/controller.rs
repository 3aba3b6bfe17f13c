//! The StatefulSet controller's decision, as `stateful_set_control.go` makes it (statefulset
//! `pkg/controller/statefulset/stateful_set_control.go`): a pure function from a snapshot of the world to what to do next. It never changes
//! the world; `pod_control.rs` carries the actions out. One call is one sync.

use super::cluster::World;
use super::revision;
use super::world::{Key, Ms, Phase, Pod, Policy, StatefulSet, StsStatus, Verdict};

/// Why the controller deletes a pod.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Why {
    /// Failed or Succeeded: deleted, then recreated on a later sync (§4.2 step 1).
    Terminal,
    /// Outside the ordinal range (§4.3).
    ScaleDown,
    /// At an old revision during a RollingUpdate (§4.4).
    Update,
}

/// One thing a sync does.
#[derive(Clone, Debug, PartialEq)]
pub enum Act {
    /// Create a ControllerRevision for the current template (`revision` number).
    NewRevision {
        name: Key,
        hash: String,
        revision: i64,
    },
    /// Roll back: reuse an older equal revision, raising its number (§4.8).
    ReuseRevision {
        name: Key,
        revision: i64,
    },
    /// Take an orphan ControllerRevision whose labels match the selector
    /// (`adoptOrphanRevisions`, e.g. after `delete sts --cascade=orphan` and a new apply).
    AdoptRevision(Key),
    /// Take an orphan pod that matches the selector and name (`ClaimPods`).
    Adopt(Key),
    /// Give a member the identity and storage of its ordinal (`UpdateStatefulPod`).
    UpdateIdentity(Key),
    /// Give up a pod that no longer matches the selector.
    Release(Key),
    /// Create the pod of `ordinal` at `revision` (its claims first).
    CreatePod {
        ordinal: i64,
        revision: String,
    },
    /// Recreate missing claims of a Pending pod (`createMissingPersistentVolumeClaims`).
    CreateMissingClaims(Key),
    DeletePod {
        pod: Key,
        why: Why,
    },
    /// Make a pod's claims' owner references match the retention policy (§4.9).
    FixClaims {
        pod: Key,
        condemned: bool,
    },
    /// Delete revisions beyond `revisionHistoryLimit` (`truncateHistory`).
    DeleteRevision(Key),
}

/// What the controller waits for when a sync stops early (monotonic pod management, or the
/// update strategy's budget). Its text is what the timeline, the resource view and
/// `simulate`'s `blocked` lines say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Wait {
    /// The claims of a pod to be created belong to an earlier pod of the same name
    /// (`isStale`): the garbage collector must remove them first.
    StaleClaims {
        pod: String,
    },
    /// A Failed or Succeeded pod must be deleted before it is created again.
    Recreated {
        pod: String,
        phase: Phase,
    },
    Terminated(String),
    RunningAndReady(String),
    /// Ready for `minReadySeconds`.
    Available {
        pod: String,
        min_ready_s: i64,
    },
    TerminatedBeforeScaleDown(String),
    /// The first unhealthy pod blocks deleting `pod` (a monotonic scale-down).
    ReadyBeforeScaleDown {
        first: String,
        pod: String,
    },
    AvailableBeforeScaleDown {
        first: String,
        pod: String,
    },
    /// The rolling update's `maxUnavailable` budget is spent.
    Unavailable {
        unavailable: i64,
        budget: i64,
    },
    CreatedAndReady(String),
    TerminatedInUpdate(String),
    AvailableInUpdate {
        pod: String,
        min_ready_s: i64,
    },
    ReadyInUpdate(String),
}

impl std::fmt::Display for Wait {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Wait::StaleClaims { pod } => write!(
                f,
                "waiting for the garbage collector to remove the stale PVCs of {pod} before creating it"
            ),
            Wait::Recreated { pod, phase } => write!(
                f,
                "waiting for {pod} ({}) to be deleted so it can be recreated",
                phase.as_str()
            ),
            Wait::Terminated(pod) => write!(f, "waiting for {pod} to terminate"),
            Wait::RunningAndReady(pod) => write!(f, "waiting for {pod} to be Running and Ready"),
            Wait::Available { pod, min_ready_s } => write!(
                f,
                "waiting for {pod} to be Available (Ready for more than minReadySeconds={min_ready_s})"
            ),
            Wait::TerminatedBeforeScaleDown(pod) => {
                write!(
                    f,
                    "waiting for {pod} to terminate before scaling down further"
                )
            }
            Wait::ReadyBeforeScaleDown { first, pod } => write!(
                f,
                "waiting for {first} to be Running and Ready before scaling down {pod}"
            ),
            Wait::AvailableBeforeScaleDown { first, pod } => {
                write!(
                    f,
                    "waiting for {first} to be Available before scaling down {pod}"
                )
            }
            Wait::Unavailable {
                unavailable,
                budget,
            } => write!(
                f,
                "waiting for unavailable pods: {unavailable} unavailable, maxUnavailable is {budget}"
            ),
            Wait::CreatedAndReady(pod) => {
                write!(f, "waiting for {pod} to be created and become Ready")
            }
            Wait::TerminatedInUpdate(pod) => {
                write!(
                    f,
                    "waiting for {pod} to terminate during the rolling update"
                )
            }
            Wait::AvailableInUpdate { pod, min_ready_s } => write!(
                f,
                "waiting for {pod} to be Available (Ready for more than minReadySeconds={min_ready_s}) during the rolling update"
            ),
            Wait::ReadyInUpdate(pod) => write!(
                f,
                "waiting for {pod} to be Running and Ready during the rolling update"
            ),
        }
    }
}

/// The outcome of one sync.
#[derive(Clone, Debug, PartialEq)]
pub struct Decision {
    pub acts: Vec<Act>,
    /// What the controller waits for when it stops early.
    pub waiting: Option<Wait>,
    /// The status the sync writes (after `completeRollingUpdate`).
    pub status: StsStatus,
    /// Sync again at this time (minReadySeconds: `syncStatefulSet` requeues after
    /// minReadySeconds while not every replica is available).
    pub requeue: Option<Ms>,
}

/// The ordinal in a pod name (`(.*)-([0-9]+)$`), if its parent is `set`.
pub fn member_ordinal(set: &str, pod: &str) -> Option<i64> {
    let (parent, ord) = pod.rsplit_once('-')?;
    if parent != set || ord.is_empty() || !ord.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    ord.parse::<i32>().ok().map(i64::from)
}

/// The pods the set owns, and the orphans it may adopt and owned pods it must release.
fn claim_pods<'w>(w: &'w World, set: &StatefulSet) -> (Vec<&'w Pod>, Vec<Key>, Vec<Key>) {
    let mut members = Vec::new();
    let mut adopt = Vec::new();
    let mut release = Vec::new();
    for p in w.pods.values().filter(|p| p.ns == set.ns) {
        match &p.owner {
            Some(o) if o.uid == set.uid => {
                if verdict(w, set, p).selected {
                    members.push(p);
                } else {
                    release.push(p.key());
                }
            }
            Some(_) => {}
            None => {
                if p.deletion.is_none() && set.deletion.is_none() && {
                    let v = verdict(w, set, p);
                    v.member && v.selected
                } {
                    adopt.push(p.key());
                    members.push(p);
                }
            }
        }
    }
    (members, adopt, release)
}

/// The checks of `p` against `set`'s spec that depend on nothing else, made once per change
/// of either (cached in the pod, see `world::Verdict`).
pub(super) fn verdict(w: &World, set: &StatefulSet, p: &Pod) -> Verdict {
    let spec = set.spec.template.id();
    if let Some(v) = p.verdict.get(spec).filter(|_| !w.no_cache) {
        return v;
    }
    let v = Verdict {
        spec,
        selected: !set.spec.selector.is_empty() && set.spec.selector.matches(&p.labels),
        member: member_ordinal(&set.name, &p.name).is_some(),
        identity: super::pod_control::identity_matches(p),
        storage: super::pod_control::storage_matches(set, p),
    };
    p.verdict.set(v);
    v
}

fn is_terminal(p: &Pod) -> bool {
    matches!(p.phase, Phase::Failed | Phase::Succeeded)
}

/// `isHealthy` (v1.34+: also available for minReadySeconds, PR #130909).
pub(super) fn healthy(p: &Pod, min_ready_s: i64, now: Ms, use_mrs: bool) -> bool {
    p.running_and_ready() && !p.is_terminating() && (!use_mrs || p.available(min_ready_s, now))
}

/// Counts of `computeReplicaStatus` over created pods.
fn count(status: &mut StsStatus, pods: &[&Pod], min_ready_s: i64, now: Ms) {
    for p in pods {
        status.replicas += 1;
        if p.running_and_ready() {
            status.ready += 1;
            if p.available(min_ready_s, now) {
                status.available += 1;
            }
        }
        if !p.is_terminating() {
            if p.revision == status.current_revision {
                status.current += 1;
            }
            if p.revision == status.update_revision {
                status.updated += 1;
            }
        }
    }
}

/// `getStatefulSetMaxUnavailable`: rounded down, at least 1.
pub(super) fn max_unavailable(set: &StatefulSet) -> i64 {
    use super::world::MaxUnavailable;
    let replicas = set.spec.replicas;
    let v = match set
        .spec
        .rolling
        .as_ref()
        .and_then(|r| r.max_unavailable.clone())
    {
        None => 1,
        Some(MaxUnavailable::Int(i)) => i,
        Some(MaxUnavailable::Percent(p)) => replicas * p / 100,
    };
    v.max(1)
}

/// The set's ControllerRevisions as a sync begins (§4.1 step 1, §4.8): the acts that adopt,
/// create or reuse one, the set's revisions by number, and the current and update revision.
pub(super) struct Revisions<'w> {
    pub acts: Vec<Act>,
    pub revs: Vec<&'w super::world::Revision>,
    pub current: String,
    pub update: String,
}

pub(super) fn revisions<'w>(w: &'w World, set: &StatefulSet) -> Revisions<'w> {
    let spec = &set.spec;
    let mut acts = Vec::new();
    // Orphans matching the selector are adopted first.
    let orphan = |r: &&super::world::Revision| {
        r.set_uid.is_empty()
            && r.ns == set.ns
            && set.deletion.is_none()
            && !spec.selector.is_empty()
            && spec
                .selector
                .matches(&r.template.str_map_at(&["metadata", "labels"]))
    };
    for r in w.revisions.values().filter(orphan) {
        acts.push(Act::AdoptRevision(super::world::key(&r.ns, &r.name)));
    }
    let mut revs: Vec<_> = w
        .revisions
        .values()
        .filter(|r| r.set_uid == set.uid || orphan(r))
        .collect();
    crate::sort::sort_by(&mut revs, |a, b| {
        (a.revision, &a.name).cmp(&(b.revision, &b.name))
    });
    let hash = spec
        .template
        .revision_hash(set.status.collision_count, &w.profile);
    let next = revs.iter().map(|r| r.revision).max().unwrap_or(0) + 1;
    let equal: Vec<_> = revs.iter().filter(|r| r.hash == hash).collect();
    let update = match (equal.last(), revs.last()) {
        (Some(e), Some(last)) if e.name == last.name => e.name.clone(),
        (Some(e), _) => {
            acts.push(Act::ReuseRevision {
                name: super::world::key(&e.ns, &e.name),
                revision: next,
            });
            e.name.clone()
        }
        (None, _) => {
            let name = revision::name(&set.name, &hash);
            acts.push(Act::NewRevision {
                name: super::world::key(&set.ns, &name),
                hash: hash.clone(),
                revision: next,
            });
            name
        }
    };
    let current = revs
        .iter()
        .find(|r| r.name == set.status.current_revision)
        .map_or_else(|| update.clone(), |r| r.name.clone());
    Revisions {
        acts,
        revs,
        current,
        update,
    }
}

impl Revisions<'_> {
    /// The decision a sync starts from: the revision acts, and a status with no pod counted.
    pub(super) fn start(&mut self, set: &StatefulSet) -> Decision {
        Decision {
            acts: std::mem::take(&mut self.acts),
            waiting: None,
            status: StsStatus {
                observed_generation: set.generation,
                current_revision: self.current.clone(),
                update_revision: self.update.clone(),
                collision_count: set.status.collision_count,
                ..StsStatus::default()
            },
            requeue: None,
        }
    }

    /// `truncateHistory`, which runs after every sync: the revisions that no pod of the set
    /// (as listed when the sync began, `live`), nor the current or update revision, stands
    /// for are history; beyond `revisionHistoryLimit` the oldest go.
    pub(super) fn truncate(&self, set: &StatefulSet, live: impl Fn(&str) -> bool) -> Vec<Act> {
        let history: Vec<_> = self
            .revs
            .iter()
            .filter(|r| !(r.name == self.current || r.name == self.update || live(&r.name)))
            .collect();
        let excess = history
            .len()
            .saturating_sub(set.spec.history_limit.max(0) as usize);
        history[..excess]
            .iter()
            .map(|r| Act::DeleteRevision(super::world::key(&r.ns, &r.name)))
            .collect()
    }

    /// Revision of a placeholder (`newVersionedStatefulSetPod`, §4.6).
    pub(super) fn placeholder(&self, set: &StatefulSet, ord: i64) -> String {
        let spec = &set.spec;
        let below = match &spec.rolling {
            None => spec.strategy == "RollingUpdate" && ord < spec.start + set.status.current,
            Some(r) => ord < spec.start + r.partition,
        };
        if below {
            self.current.clone()
        } else {
            self.update.clone()
        }
    }
}

/// The end of every sync: history truncated, the rolling update completed, and the requeue
/// for minReadySeconds.
pub(super) fn finish(w: &World, set: &StatefulSet, truncate: &[Act], mut d: Decision) -> Decision {
    let spec = &set.spec;
    d.acts.extend(truncate.iter().cloned());
    complete_rolling_update(set, &mut d.status, w.profile.on_delete_promotes_revision);
    // `syncStatefulSet` compares with spec.replicas, not with the pods that exist.
    if spec.min_ready_s > 0 && d.status.available != spec.replicas {
        let at = w.now + (spec.min_ready_s as u64) * 1000;
        d.requeue = Some(d.requeue.map_or(at, |r| r.min(at)));
    }
    d
}

/// Whether a sync stops at this point (monotonic pod management, a failed update).
pub(super) type Stop = bool;

/// `processReplica` for the empty slot of `ord`: create its pod (`rev` is its revision).
pub(super) fn missing_replica(
    w: &World,
    set: &StatefulSet,
    ord: i64,
    rev: String,
    d: &mut Decision,
) -> Stop {
    let name = format!("{}-{}", set.name, ord);
    if claim_is_stale(w, set, &name) {
        d.waiting = Some(Wait::StaleClaims { pod: name });
        return true;
    }
    d.acts.push(Act::CreatePod {
        ordinal: ord,
        revision: rev,
    });
    // At most one creation per sync when monotonic; the new pod's events trigger the next.
    set.spec.policy == Policy::OrderedReady
}

/// `processReplica` for the pod `p` in range. `claims_ok`: its claims' owners follow the
/// retention policy.
pub(super) fn process_replica(
    w: &World,
    set: &StatefulSet,
    p: &Pod,
    claims_ok: bool,
    d: &mut Decision,
) -> Stop {
    let spec = &set.spec;
    let monotonic = spec.policy == Policy::OrderedReady;
    if is_terminal(p) {
        if p.deletion.is_none() {
            d.acts.push(Act::DeletePod {
                pod: p.key(),
                why: Why::Terminal,
            });
        }
        if monotonic {
            d.waiting = Some(Wait::Recreated {
                pod: p.name.clone(),
                phase: p.phase,
            });
        }
        return monotonic;
    }
    if p.phase == Phase::Pending {
        d.acts.push(Act::CreateMissingClaims(p.key()));
    }
    if monotonic {
        let wait = if p.is_terminating() {
            Some(Wait::Terminated(p.name.clone()))
        } else if !p.running_and_ready() {
            Some(Wait::RunningAndReady(p.name.clone()))
        } else if !p.available(spec.min_ready_s, w.now) {
            Some(Wait::Available {
                pod: p.name.clone(),
                min_ready_s: spec.min_ready_s,
            })
        } else {
            None
        };
        if wait.is_some() {
            d.waiting = wait;
            return true;
        }
    }
    // The set's invariants: an adopted pod may lack them (`identityMatches`,
    // `storageMatches`). Replacing its volumes fails, and so does the sync.
    let v = verdict(w, set, p);
    if !v.storage || !v.identity {
        d.acts.push(Act::UpdateIdentity(p.key()));
        if !v.storage {
            return true;
        }
    }
    if !claims_ok {
        d.acts.push(Act::FixClaims {
            pod: p.key(),
            condemned: false,
        });
    }
    false
}

/// Whether `process_replica` does nothing for `p` and goes on, whatever the other pods (its
/// claims' owners apart): what lets a sync skip the pods that did not change.
pub(super) fn is_quiet(w: &World, set: &StatefulSet, p: &Pod) -> bool {
    let spec = &set.spec;
    let monotonic = spec.policy == Policy::OrderedReady;
    let v = verdict(w, set, p);
    !is_terminal(p)
        && p.phase != Phase::Pending
        && (!monotonic
            || (!p.is_terminating()
                && p.running_and_ready()
                && p.available(spec.min_ready_s, w.now)))
        && v.storage
        && v.identity
}

/// The condemned pods (highest ordinal first): their claims follow the retention policy,
/// then `processCondemned`.
pub(super) fn process_condemned(
    w: &World,
    set: &StatefulSet,
    condemned: &[&Pod],
    first_unhealthy: Option<&Pod>,
    d: &mut Decision,
) -> Stop {
    let spec = &set.spec;
    let monotonic = spec.policy == Policy::OrderedReady;
    for p in condemned {
        if !condemned_claims_match(w, set, p) {
            d.acts.push(Act::FixClaims {
                pod: p.key(),
                condemned: true,
            });
        }
    }
    for p in condemned {
        if p.is_terminating() {
            if monotonic {
                d.waiting = Some(Wait::TerminatedBeforeScaleDown(p.name.clone()));
                return true;
            }
            continue;
        }
        let is_first = first_unhealthy.is_some_and(|f| f.name == p.name);
        if monotonic && !p.running_and_ready() && !is_first {
            let f = first_unhealthy.map_or(p.name.as_str(), |f| f.name.as_str());
            d.waiting = Some(Wait::ReadyBeforeScaleDown {
                first: f.to_string(),
                pod: p.name.clone(),
            });
            return true;
        }
        if monotonic && !p.available(spec.min_ready_s, w.now) && !is_first {
            let f = first_unhealthy.map_or(p.name.as_str(), |f| f.name.as_str());
            d.waiting = Some(Wait::AvailableBeforeScaleDown {
                first: f.to_string(),
                pod: p.name.clone(),
            });
            return true;
        }
        d.acts.push(Act::DeletePod {
            pod: p.key(),
            why: Why::ScaleDown,
        });
        if monotonic {
            return true;
        }
    }
    false
}

/// Delete `p` for the rolling update: the status counts it no longer current.
pub(super) fn delete_outdated(d: &mut Decision, p: &Pod) {
    d.acts.push(Act::DeletePod {
        pod: p.key(),
        why: Why::Update,
    });
    d.status.current -= 1;
}

/// What the legacy rolling update waits for at the unhealthy pod `p`.
pub(super) fn wait_in_update(set: &StatefulSet, p: &Pod) -> Wait {
    if p.is_terminating() {
        Wait::TerminatedInUpdate(p.name.clone())
    } else if p.running_and_ready() {
        Wait::AvailableInUpdate {
            pod: p.name.clone(),
            min_ready_s: set.spec.min_ready_s,
        }
    } else {
        Wait::ReadyInUpdate(p.name.clone())
    }
}

/// The claims in the namespace whose owners are not what the retention policy wants for a
/// pod in range (`claimOwnerMatchesSetAndPod` with the pod not condemned, where the pod
/// itself plays no part), sorted by name.
pub(super) fn misowned<'w>(w: &'w World, set: &StatefulSet) -> Vec<&'w str> {
    // In key order, so sorted by name within the namespace.
    w.pvcs
        .values()
        .filter(|c| is_misowned(set, c))
        .map(|c| c.name.as_str())
        .collect()
}

pub(super) fn is_misowned(set: &StatefulSet, c: &super::world::Pvc) -> bool {
    c.ns == set.ns && !owners_match(set, None, &c.owners)
}

/// One sync of `set`: what the controller would do now, visiting every pod of the set as
/// `stateful_set_control.go` does. `view::decide` reaches the same decision from what changed
/// since the last sync; this is its oracle.
pub fn decide(w: &World, set: &StatefulSet) -> Decision {
    let now = w.now;
    let spec = &set.spec;
    let use_mrs = w.profile.min_ready_seconds_for_updates;
    let mut revs = revisions(w, set);
    let mut decision = revs.start(set);

    // 2. Partition pods into replicas (in range) and condemned (outside, descending).
    let (members, adopt, release) = claim_pods(w, set);
    decision.acts.extend(adopt.into_iter().map(Act::Adopt));
    decision.acts.extend(release.into_iter().map(Act::Release));
    let n = spec.replicas.max(0) as usize;
    let start = spec.start;
    let end = start + spec.replicas;
    let mut replicas: Vec<Option<&Pod>> = vec![None; n];
    let mut condemned: Vec<&Pod> = Vec::new();
    for p in &members {
        if p.ordinal >= start && p.ordinal < end {
            replicas[(p.ordinal - start) as usize] = Some(p);
        } else if p.ordinal >= 0 {
            condemned.push(p);
        }
    }
    crate::sort::sort_by_key(&mut condemned, |p| std::cmp::Reverse(p.ordinal));

    // Status counts over created pods (placeholders are not created).
    let created: Vec<&Pod> = replicas
        .iter()
        .flatten()
        .copied()
        .chain(condemned.iter().copied())
        .collect();
    count(&mut decision.status, &created, spec.min_ready_s, now);

    // 3. The first unhealthy pod: in range ascending, else the lowest condemned.
    let first_unhealthy: Option<&Pod> = replicas
        .iter()
        .flatten()
        .find(|p| !healthy(p, spec.min_ready_s, now, use_mrs))
        .or_else(|| {
            condemned
                .iter()
                .rev()
                .find(|p| !healthy(p, spec.min_ready_s, now, use_mrs))
        })
        .copied();

    let truncate = revs.truncate(set, |name| members.iter().any(|p| p.revision == name));
    let finish = |d: Decision| finish(w, set, &truncate, d);

    // 4. A StatefulSet being deleted only updates its status.
    if set.deletion.is_some() {
        return finish(decision);
    }
    // One pass over the claims instead of a lookup per claim of every pod; usually empty,
    // so the loop below checks nothing.
    let misowned = misowned(w, set);

    // 5. processReplica over the replicas.
    for (i, slot) in replicas.iter().enumerate() {
        let ord = start + i as i64;
        let stop = match slot {
            None => missing_replica(w, set, ord, revs.placeholder(set, ord), &mut decision),
            Some(p) => {
                let claims_ok = misowned.is_empty()
                    || p.claims
                        .iter()
                        .all(|(_, c)| misowned.binary_search(&c.as_str()).is_err());
                process_replica(w, set, p, claims_ok, &mut decision)
            }
        };
        if stop {
            return finish(decision);
        }
    }

    // 6, 7. The condemned pods, highest ordinal first.
    if process_condemned(w, set, &condemned, first_unhealthy, &mut decision) {
        return finish(decision);
    }

    // 8. OnDelete: pods change only when someone deletes them.
    if spec.strategy != "RollingUpdate" {
        return finish(decision);
    }

    // 9. RollingUpdate, highest ordinal first, down to the partition (§4.4, §4.5).
    let update_rev = revs.update.as_str();
    let update_min = spec.rolling.as_ref().map_or(0, |r| r.partition.max(0)) as usize;
    let outdated = |p: &Pod| p.revision != update_rev;
    // With no outdated pod at or above the partition there is nothing to update: the loops
    // below could only wait, and a wait for nothing is not a rolling update to report.
    if !replicas
        .iter()
        .skip(update_min)
        .flatten()
        .any(|p| outdated(p))
    {
        return finish(decision);
    }
    if w.profile.max_unavailable_statefulset {
        let budget = max_unavailable(set);
        let is_unavailable =
            |s: &Option<&Pod>| s.is_none_or(|p| !healthy(p, spec.min_ready_s, now, use_mrs));
        let unavailable = replicas.iter().filter(|s| is_unavailable(s)).count() as i64;
        let deletable = |p: &Pod| outdated(p) && !p.is_terminating();
        // v1.37 (#137666), Parallel only: outdated pods that are already unavailable do not
        // count against the budget; all of them are replaced first (phase 1).
        if spec.policy == Policy::Parallel {
            for target in (update_min..n).rev() {
                if let Some(p) = replicas[target]
                    && deletable(p)
                    && is_unavailable(&replicas[target])
                {
                    delete_outdated(&mut decision, p);
                }
            }
        }
        if unavailable >= budget {
            decision.waiting = Some(Wait::Unavailable {
                unavailable,
                budget,
            });
            return finish(decision);
        }
        // Phase 2 (the only phase for OrderedReady): outdated pods within the budget.
        let mut left = budget - unavailable;
        for target in (update_min..n).rev() {
            if left == 0 {
                break;
            }
            let Some(p) = replicas[target] else { continue };
            let taken = spec.policy == Policy::Parallel && is_unavailable(&replicas[target]);
            if deletable(p) && !taken {
                delete_outdated(&mut decision, p);
                left -= 1;
            }
        }
        return finish(decision);
    }
    for target in (update_min..n).rev() {
        let Some(p) = replicas[target] else {
            // Created in this sync (Parallel): wait for it like any unhealthy pod.
            decision.waiting = Some(Wait::CreatedAndReady(format!(
                "{}-{}",
                set.name,
                start + target as i64
            )));
            return finish(decision);
        };
        if outdated(p) && !p.is_terminating() {
            delete_outdated(&mut decision, p);
            return finish(decision);
        }
        if !healthy(p, spec.min_ready_s, now, use_mrs) {
            decision.waiting = Some(wait_in_update(set, p));
            return finish(decision);
        }
    }
    finish(decision)
}

/// `completeRollingUpdate`: promote the update revision once every pod is updated and ready
/// (for RollingUpdate; from v1.37 also for OnDelete, PR #136833).
fn complete_rolling_update(set: &StatefulSet, status: &mut StsStatus, promotes_on_delete: bool) {
    let applies = set.spec.strategy == "RollingUpdate"
        || (promotes_on_delete && set.spec.strategy == "OnDelete");
    if applies && status.updated == status.replicas && status.ready == status.replicas {
        status.current = status.updated;
        status.current_revision = status.update_revision.clone();
    }
}

/// `claimOwnerMatchesSetAndPod` for every claim of the condemned pod `p`: whether its owner
/// references already follow the retention policy (§4.9).
fn condemned_claims_match(w: &World, set: &StatefulSet, p: &Pod) -> bool {
    p.claims.iter().all(|(_, c)| {
        w.pvcs
            .get(&super::world::key(&set.ns, c))
            .is_none_or(|pvc| owners_match(set, Some(p), &pvc.owners))
    })
}

/// Whether a claim's `owners` are what the retention policy of `set` wants (§4.9): the
/// condemned pod when `whenScaled: Delete` (`condemned` is that pod), else the StatefulSet
/// when `whenDeleted: Delete`, else nobody.
fn owners_match(
    set: &StatefulSet,
    condemned: Option<&Pod>,
    owners: &[super::world::Owner],
) -> bool {
    let to_pod = condemned.filter(|_| set.spec.when_scaled_delete);
    let to_set = to_pod.is_none() && set.spec.when_deleted_delete;
    match (owners, to_pod) {
        ([o], Some(p)) => o.kind == "Pod" && !o.controller && o.uid == p.uid && o.name == p.name,
        ([o], None) if to_set => {
            o.kind == "StatefulSet" && !o.controller && o.uid == set.uid && o.name == set.name
        }
        ([], None) => !to_set,
        _ => false,
    }
}

/// `PodClaimIsStale`: with `whenScaled: Delete`, a claim of this pod name owned by a pod
/// that no longer exists blocks the pod's creation until the GC removes the claim.
fn claim_is_stale(w: &World, set: &StatefulSet, pod: &str) -> bool {
    if !set.spec.when_scaled_delete {
        return false;
    }
    set.spec.claims.iter().any(|t| {
        let claim = super::world::key(
            &set.ns,
            &crate::derive::pvc_name(
                &t.name,
                &set.name,
                member_ordinal(&set.name, pod).unwrap_or(-1),
            ),
        );
        w.pvcs.get(&claim).is_some_and(|c| {
            c.owners.iter().any(|o| {
                o.kind == "Pod"
                    && o.name == pod
                    && w.pods
                        .get(&super::world::key(&set.ns, pod))
                        .is_none_or(|p| p.uid != o.uid)
            })
        })
    })
}
