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
fn verdict(w: &World, set: &StatefulSet, p: &Pod) -> Verdict {
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
fn healthy(p: &Pod, min_ready_s: i64, now: Ms, use_mrs: bool) -> bool {
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
fn max_unavailable(set: &StatefulSet) -> i64 {
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

/// One sync of `set`: what the controller would do now.
pub fn decide(w: &World, set: &StatefulSet) -> Decision {
    let now = w.now;
    let spec = &set.spec;
    let use_mrs = w.profile.min_ready_seconds_for_updates;
    let mut acts = Vec::new();

    // 1. Revisions (§4.1 step 1, §4.8), orphans matching the selector adopted first.
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
    let hash = spec.template.revision_hash(set.status.collision_count);
    let next = revs.iter().map(|r| r.revision).max().unwrap_or(0) + 1;
    let equal: Vec<_> = revs.iter().filter(|r| r.hash == hash).collect();
    let update_rev = match (equal.last(), revs.last()) {
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
    let current_rev = revs
        .iter()
        .find(|r| r.name == set.status.current_revision)
        .map_or_else(|| update_rev.clone(), |r| r.name.clone());

    let mut status = StsStatus {
        observed_generation: set.generation,
        current_revision: current_rev.clone(),
        update_revision: update_rev.clone(),
        collision_count: set.status.collision_count,
        ..StsStatus::default()
    };

    // 2. Partition pods into replicas (in range) and condemned (outside, descending).
    let (members, adopt, release) = claim_pods(w, set);
    acts.extend(adopt.into_iter().map(Act::Adopt));
    acts.extend(release.into_iter().map(Act::Release));
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
    count(&mut status, &created, spec.min_ready_s, now);

    // Revision of a placeholder (`newVersionedStatefulSetPod`, §4.6).
    let placeholder_rev = |ord: i64| -> String {
        let below = match &spec.rolling {
            None => spec.strategy == "RollingUpdate" && ord < start + set.status.current,
            Some(r) => ord < start + r.partition,
        };
        if below {
            current_rev.clone()
        } else {
            update_rev.clone()
        }
    };

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

    let mut decision = Decision {
        acts,
        waiting: None,
        status,
        requeue: None,
    };
    // `truncateHistory`, which runs after every sync: the revisions that no pod of the set
    // (as listed when the sync began), nor the current or update revision, stands for are
    // history; beyond `revisionHistoryLimit` the oldest go.
    let live = |name: &str| {
        name == current_rev || name == update_rev || members.iter().any(|p| p.revision == name)
    };
    let history: Vec<&&super::world::Revision> = revs.iter().filter(|r| !live(&r.name)).collect();
    let excess = history
        .len()
        .saturating_sub(spec.history_limit.max(0) as usize);
    let truncate: Vec<Act> = history[..excess]
        .iter()
        .map(|r| Act::DeleteRevision(super::world::key(&r.ns, &r.name)))
        .collect();
    let promotes_on_delete = w.profile.on_delete_promotes_revision;
    let finish = |mut d: Decision| -> Decision {
        d.acts.extend(truncate.iter().cloned());
        complete_rolling_update(set, &mut d.status, promotes_on_delete);
        // `syncStatefulSet` compares with spec.replicas, not with the pods that exist.
        if spec.min_ready_s > 0 && d.status.available != spec.replicas {
            let at = now + (spec.min_ready_s as u64) * 1000;
            d.requeue = Some(d.requeue.map_or(at, |r| r.min(at)));
        }
        d
    };

    // 4. A StatefulSet being deleted only updates its status.
    if set.deletion.is_some() {
        return finish(decision);
    }
    let monotonic = spec.policy == Policy::OrderedReady;
    // The claims in the namespace whose owners are not what the retention policy wants for
    // a pod in range (`claimOwnerMatchesSetAndPod` with the pod not condemned, where the pod
    // itself plays no part). One pass over the claims instead of a lookup per claim of
    // every pod; usually empty, so the loop below checks nothing.
    // (In key order, so sorted by name within the namespace: binary search below.)
    let misowned: Vec<&str> = w
        .pvcs
        .values()
        .filter(|c| c.ns == set.ns && !owners_match(set, None, &c.owners))
        .map(|c| c.name.as_str())
        .collect();

    // 5. processReplica over the replicas.
    for (i, slot) in replicas.iter().enumerate() {
        let ord = start + i as i64;
        let Some(p) = slot else {
            let name = format!("{}-{}", set.name, ord);
            if claim_is_stale(w, set, &name) {
                decision.waiting = Some(Wait::StaleClaims { pod: name });
                return finish(decision);
            }
            decision.acts.push(Act::CreatePod {
                ordinal: ord,
                revision: placeholder_rev(ord),
            });
            if monotonic {
                // At most one creation per sync; the new pod's events trigger the next.
                return finish(decision);
            }
            continue;
        };
        if is_terminal(p) {
            if p.deletion.is_none() {
                decision.acts.push(Act::DeletePod {
                    pod: p.key(),
                    why: Why::Terminal,
                });
            }
            if monotonic {
                decision.waiting = Some(Wait::Recreated {
                    pod: p.name.clone(),
                    phase: p.phase,
                });
                return finish(decision);
            }
            continue;
        }
        if p.phase == Phase::Pending {
            decision.acts.push(Act::CreateMissingClaims(p.key()));
        }
        if monotonic {
            if p.is_terminating() {
                decision.waiting = Some(Wait::Terminated(p.name.clone()));
                return finish(decision);
            }
            if !p.running_and_ready() {
                decision.waiting = Some(Wait::RunningAndReady(p.name.clone()));
                return finish(decision);
            }
            if !p.available(spec.min_ready_s, now) {
                decision.waiting = Some(Wait::Available {
                    pod: p.name.clone(),
                    min_ready_s: spec.min_ready_s,
                });
                return finish(decision);
            }
        }
        // 7. The set's invariants: an adopted pod may lack them (`identityMatches`,
        // `storageMatches`). Replacing its volumes fails, and so does the sync.
        let v = verdict(w, set, p);
        let storage_ok = v.storage;
        if !storage_ok || !v.identity {
            decision.acts.push(Act::UpdateIdentity(p.key()));
            if !storage_ok {
                return finish(decision);
            }
        }
        let claims_ok = misowned.is_empty()
            || p.claims
                .iter()
                .all(|(_, c)| misowned.binary_search(&c.as_str()).is_err());
        if !claims_ok {
            decision.acts.push(Act::FixClaims {
                pod: p.key(),
                condemned: false,
            });
        }
    }

    // 6. Claims of condemned pods follow the retention policy.
    for p in &condemned {
        if !condemned_claims_match(w, set, p) {
            decision.acts.push(Act::FixClaims {
                pod: p.key(),
                condemned: true,
            });
        }
    }

    // 7. processCondemned, highest ordinal first.
    for p in &condemned {
        if p.is_terminating() {
            if monotonic {
                decision.waiting = Some(Wait::TerminatedBeforeScaleDown(p.name.clone()));
                return finish(decision);
            }
            continue;
        }
        let is_first = first_unhealthy.is_some_and(|f| f.name == p.name);
        if monotonic && !p.running_and_ready() && !is_first {
            let f = first_unhealthy.map_or(p.name.as_str(), |f| f.name.as_str());
            decision.waiting = Some(Wait::ReadyBeforeScaleDown {
                first: f.to_string(),
                pod: p.name.clone(),
            });
            return finish(decision);
        }
        if monotonic && !p.available(spec.min_ready_s, now) && !is_first {
            let f = first_unhealthy.map_or(p.name.as_str(), |f| f.name.as_str());
            decision.waiting = Some(Wait::AvailableBeforeScaleDown {
                first: f.to_string(),
                pod: p.name.clone(),
            });
            return finish(decision);
        }
        decision.acts.push(Act::DeletePod {
            pod: p.key(),
            why: Why::ScaleDown,
        });
        if monotonic {
            return finish(decision);
        }
    }

    // 8. OnDelete: pods change only when someone deletes them.
    if spec.strategy != "RollingUpdate" {
        return finish(decision);
    }

    // 9. RollingUpdate, highest ordinal first, down to the partition (§4.4, §4.5).
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
        let delete = |decision: &mut Decision, p: &Pod| {
            decision.acts.push(Act::DeletePod {
                pod: p.key(),
                why: Why::Update,
            });
            decision.status.current -= 1;
        };
        // v1.37 (#137666), Parallel only: outdated pods that are already unavailable do not
        // count against the budget; all of them are replaced first (phase 1).
        if spec.policy == Policy::Parallel {
            for target in (update_min..n).rev() {
                if let Some(p) = replicas[target]
                    && deletable(p)
                    && is_unavailable(&replicas[target])
                {
                    delete(&mut decision, p);
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
                delete(&mut decision, p);
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
        if p.revision != update_rev && !p.is_terminating() {
            decision.acts.push(Act::DeletePod {
                pod: p.key(),
                why: Why::Update,
            });
            decision.status.current -= 1;
            return finish(decision);
        }
        if !healthy(p, spec.min_ready_s, now, use_mrs) {
            decision.waiting = Some(if p.is_terminating() {
                Wait::TerminatedInUpdate(p.name.clone())
            } else if p.running_and_ready() {
                Wait::AvailableInUpdate {
                    pod: p.name.clone(),
                    min_ready_s: spec.min_ready_s,
                }
            } else {
                Wait::ReadyInUpdate(p.name.clone())
            });
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
