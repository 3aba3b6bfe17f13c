//! What the simulated components keep between their runs so that each run costs what changed
//! since the last, not the size of the world, all brought up to date from the keys of the pods
//! and claims written since (`world::WriteLog`): the StatefulSet controller's view of a set
//! (`SetView`), who owns what for the garbage collector (`Dependents`), and how far the sets
//! are from their specs for the run until rest (`Distance`). None of it is output: each has its
//! full computation as oracle, and a copy of the world starts without them (`Scratch`).
//!
//! `SetView` holds which pods are the set's members at which ordinals, which of them a sync
//! must look at, and the counts of its status. The real controller lists every pod in every
//! sync (`stateful_set_control.go`,
//! `updateStatefulSet`), and pod updates trigger syncs, so an OrderedReady rollout of N pods
//! costs O(N²) pod visits; a sync through the view costs what changed since the set's last
//! sync (the pods and claims written since, read from their `WriteLog`s) plus what it acts
//! on. `decide` here reaches the same `Decision` as `controller::decide`, which stays the
//! oracle: debug builds compare the two in every sync, and `World::no_cache` uses the oracle
//! alone.
//!
//! A pod of a sync's replicas loop (`processReplica`) that is *quiet* (`controller::is_quiet`)
//! does nothing and lets the loop go on, so the loop only needs the empty slots and the pods
//! that are not quiet, in ordinal order. Whether a pod is quiet or healthy depends on the time
//! only through minReadySeconds (`Pod::available`): a pod Ready but not yet available is
//! looked at again in every sync (`unsettled`) until it is. The view is not used (the oracle
//! decides) while something rare holds: two members at one ordinal, an orphan the set would
//! adopt, a claim whose owners the retention policy would change.

use rustc_hash::FxHashMap as HashMap;
use std::collections::{BTreeMap, BTreeSet};

use super::cluster::World;
use super::controller::{self, Act, Decision, Wait};
use super::world::{Key, Pod, Policy, StatefulSet, StsSpec};

/// What a pod was to the set when the view last looked at it.
#[derive(PartialEq)]
enum Role {
    Member(Member),
    /// Owned but no longer selected: released in the next sync.
    Released,
    /// Owned by nobody, in the set's namespace: adopted if it matches.
    Orphan,
}

/// A member as last seen: what its contribution to the view was made of.
#[derive(PartialEq)]
struct Member {
    ordinal: i64,
    revision: String,
    terminating: bool,
    ready: bool,
    available: bool,
    quiet: bool,
    healthy: bool,
}

/// The view of one StatefulSet (see the module's doc). "In range" is an ordinal of the
/// set's replicas (`start ≤ ordinal < start + replicas`), "condemned" a member outside.
#[derive(Default)]
pub struct SetView {
    /// What the view was made for: another set, spec or namespace makes it afresh.
    made_for: Option<(String, String, String, StsSpec)>,
    pods_at: u64,
    pvcs_at: u64,
    /// The view cannot say which member holds an ordinal (two do): made afresh next time.
    broken: bool,
    roles: HashMap<Key, Role>,
    /// Members per ordinal (≥ 0), and the member holding it.
    per_ordinal: HashMap<i64, u32>,
    at: HashMap<i64, Key>,
    released: BTreeSet<Key>,
    orphans: BTreeSet<Key>,
    /// Claims in the namespace whose owners the retention policy would change.
    misowned: BTreeSet<Key>,
    /// In range: ordinals with no member, members not quiet, members not healthy.
    missing: BTreeSet<i64>,
    loud: BTreeSet<i64>,
    unhealthy: BTreeSet<i64>,
    /// In range, by revision: every member, and those not terminating.
    by_revision: HashMap<String, BTreeSet<i64>>,
    deletable: HashMap<String, BTreeSet<i64>>,
    condemned: BTreeMap<i64, Key>,
    /// `computeReplicaStatus` over the created pods (in range and condemned).
    created: i64,
    ready: i64,
    available: i64,
    /// Created and not terminating, by revision.
    counted: HashMap<String, i64>,
    /// Every member's revision, with how many members have it (`truncateHistory`).
    revisions: HashMap<String, i64>,
    /// Members Ready but not yet available: their state turns with time alone.
    unsettled: BTreeSet<Key>,
}

/// What the world keeps only to go faster (the views, the indexes): a copy of the world
/// starts without it (it is made again when next needed), and it is not part of what the
/// world is (printed as `_`).
#[derive(Default)]
pub struct Scratch<T>(pub T);

impl<T: Default> Clone for Scratch<T> {
    fn clone(&self) -> Scratch<T> {
        Scratch(T::default())
    }
}

impl<T> std::fmt::Debug for Scratch<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("_")
    }
}

/// The views of every StatefulSet, by set key.
pub type Views = BTreeMap<Key, SetView>;

fn bump<K: std::hash::Hash + Eq>(map: &mut HashMap<K, i64>, k: K, by: i64) {
    use std::collections::hash_map::Entry;
    match map.entry(k) {
        Entry::Occupied(mut e) => {
            *e.get_mut() += by;
            if *e.get() == 0 {
                e.remove();
            }
        }
        Entry::Vacant(e) => {
            e.insert(by);
        }
    }
}

/// Each key of `keys` once: a reader of the log looks at what a key holds now, so a key
/// written many times since the reader's last visit needs one look.
fn distinct(keys: &[Key]) -> impl Iterator<Item = &Key> {
    let mut seen = rustc_hash::FxHashSet::default();
    keys.iter().filter(move |k| seen.insert(*k))
}

fn set_bit(set: &mut BTreeSet<i64>, ord: i64, on: bool) {
    if on {
        set.insert(ord);
    } else {
        set.remove(&ord);
    }
}

fn set_rev(map: &mut HashMap<String, BTreeSet<i64>>, rev: &str, ord: i64, on: bool) {
    if on {
        map.entry(rev.to_string()).or_default().insert(ord);
    } else if let Some(s) = map.get_mut(rev) {
        s.remove(&ord);
        if s.is_empty() {
            map.remove(rev);
        }
    }
}

impl SetView {
    fn range(set: &StatefulSet) -> (i64, i64) {
        (set.spec.start, set.spec.start + set.spec.replicas)
    }

    /// Brings the view up to date with the world, afresh when it cannot follow the writes.
    fn refresh(&mut self, w: &World, set: &StatefulSet) {
        let fits = self.made_for.as_ref().is_some_and(|(uid, ns, name, spec)| {
            *uid == set.uid && *ns == set.ns && *name == set.name && *spec == set.spec
        });
        let pods = w.pods.log.since(self.pods_at);
        let pvcs = w.pvcs.log.since(self.pvcs_at);
        match (fits && !self.broken, pods, pvcs) {
            (true, Some(pods), Some(pvcs)) => {
                let mut seen = rustc_hash::FxHashSet::default();
                for k in pods {
                    if seen.insert(k) {
                        self.look_at(w, set, k);
                    }
                }
                let again: Vec<Key> = self
                    .unsettled
                    .iter()
                    .filter(|k| !seen.contains(k))
                    .cloned()
                    .collect();
                for k in &again {
                    self.look_at(w, set, k);
                }
                for k in pvcs {
                    self.look_at_claim(w, set, k);
                }
                self.pods_at = w.pods.log.end();
                self.pvcs_at = w.pvcs.log.end();
                // Two members came to share an ordinal: only a fresh view can tell them apart.
                if self.broken {
                    self.remake(w, set);
                }
            }
            _ => self.remake(w, set),
        }
    }

    fn remake(&mut self, w: &World, set: &StatefulSet) {
        *self = SetView {
            made_for: Some((
                set.uid.clone(),
                set.ns.clone(),
                set.name.clone(),
                set.spec.clone(),
            )),
            pods_at: w.pods.log.end(),
            pvcs_at: w.pvcs.log.end(),
            ..SetView::default()
        };
        let (start, end) = Self::range(set);
        self.missing = (start..end).collect();
        for (k, p) in &w.pods {
            if p.ns == set.ns {
                self.look_at(w, set, k);
            }
        }
        for (k, c) in &w.pvcs {
            if c.ns == set.ns {
                self.look_at_claim(w, set, k);
            }
        }
    }

    fn look_at_claim(&mut self, w: &World, set: &StatefulSet, k: &Key) {
        let misowned = w
            .pvcs
            .get(k)
            .is_some_and(|c| controller::is_misowned(set, c));
        if misowned {
            self.misowned.insert(k.clone());
        } else {
            self.misowned.remove(k);
        }
    }

    /// Takes back what the pod `k` was, and adds what it is now.
    fn look_at(&mut self, w: &World, set: &StatefulSet, k: &Key) {
        let role = w
            .pods
            .get(k)
            .filter(|p| p.ns == set.ns)
            .and_then(|p| match &p.owner {
                Some(o) if o.uid == set.uid => Some(if controller::verdict(w, set, p).selected {
                    Role::Member(member(w, set, p))
                } else {
                    Role::Released
                }),
                Some(_) => None,
                None => Some(Role::Orphan),
            });
        if self.roles.get(k) == role.as_ref() {
            return;
        }
        if let Some(old) = self.roles.remove(k) {
            match old {
                Role::Member(m) => self.count(set, k, &m, -1),
                Role::Released => {
                    self.released.remove(k);
                }
                Role::Orphan => {
                    self.orphans.remove(k);
                }
            }
        }
        let Some(role) = role else { return };
        match &role {
            Role::Member(m) => self.count(set, k, m, 1),
            Role::Released => {
                self.released.insert(k.clone());
            }
            Role::Orphan => {
                self.orphans.insert(k.clone());
            }
        }
        self.roles.insert(k.clone(), role);
    }

    /// Adds (`by` = 1) or takes back (-1) a member's part in the view.
    fn count(&mut self, set: &StatefulSet, k: &Key, m: &Member, by: i64) {
        let on = by > 0;
        bump(&mut self.revisions, m.revision.clone(), by);
        if on && m.ready && !m.available {
            self.unsettled.insert(k.clone());
        } else if !on {
            self.unsettled.remove(k);
        }
        let ord = m.ordinal;
        if ord < 0 {
            return;
        }
        let n = self.per_ordinal.entry(ord).or_insert(0);
        if on {
            *n += 1;
        } else {
            *n = n.saturating_sub(1);
        }
        match *n {
            0 => {
                self.per_ordinal.remove(&ord);
                self.at.remove(&ord);
            }
            1 => {
                self.at.insert(ord, k.clone());
            }
            _ => self.broken = true,
        }
        let filled = self.per_ordinal.contains_key(&ord);
        let (start, end) = Self::range(set);
        if (start..end).contains(&ord) {
            set_bit(&mut self.missing, ord, !filled);
            set_bit(&mut self.loud, ord, on && !m.quiet);
            set_bit(&mut self.unhealthy, ord, on && !m.healthy);
            set_rev(&mut self.by_revision, &m.revision, ord, on);
            set_rev(&mut self.deletable, &m.revision, ord, on && !m.terminating);
        } else if on {
            self.condemned.insert(ord, k.clone());
        } else {
            self.condemned.remove(&ord);
        }
        self.created += by;
        self.ready += by * i64::from(m.ready);
        self.available += by * i64::from(m.available);
        if !m.terminating {
            bump(&mut self.counted, m.revision.clone(), by);
        }
    }

    /// Whether a sync can go by the view: nothing rare holds (see the module's doc).
    fn usable(&self, w: &World, set: &StatefulSet) -> bool {
        !self.broken
            && self.misowned.is_empty()
            && !self.orphans.iter().any(|k| {
                w.pods.get(k).is_some_and(|p| {
                    p.deletion.is_none() && set.deletion.is_none() && {
                        let v = controller::verdict(w, set, p);
                        v.member && v.selected
                    }
                })
            })
    }

    fn pod<'w>(&self, w: &'w World, ord: i64) -> Option<&'w Pod> {
        w.pods.get(self.at.get(&ord)?)
    }
}

fn member(w: &World, set: &StatefulSet, p: &Pod) -> Member {
    let spec = &set.spec;
    Member {
        ordinal: p.ordinal,
        revision: p.revision.clone(),
        terminating: p.is_terminating(),
        ready: p.running_and_ready(),
        available: p.available(spec.min_ready_s, w.now),
        quiet: controller::is_quiet(w, set, p),
        healthy: controller::healthy(
            p,
            spec.min_ready_s,
            w.now,
            w.profile.min_ready_seconds_for_updates,
        ),
    }
}

/// The ordinals in `lo..end` of several disjoint sets, highest first, as they are asked for.
fn descending<'a>(
    sets: impl IntoIterator<Item = &'a BTreeSet<i64>>,
    lo: i64,
    end: i64,
) -> impl Iterator<Item = i64> + 'a {
    let mut each: Vec<_> = sets
        .into_iter()
        .filter(|_| lo < end)
        .map(|s| s.range(lo..end).rev().peekable())
        .collect();
    std::iter::from_fn(move || {
        let (i, _) = each
            .iter_mut()
            .enumerate()
            .filter_map(|(i, it)| it.peek().map(|v| (i, **v)))
            .max_by_key(|(_, v)| *v)?;
        each[i].next().copied()
    })
}

/// The sets of `map` at revisions other than `update`.
fn outdated<'a>(map: &'a HashMap<String, BTreeSet<i64>>, update: &str) -> Vec<&'a BTreeSet<i64>> {
    map.iter()
        .filter(|(r, _)| r.as_str() != update)
        .map(|(_, s)| s)
        .collect()
}

/// One sync of `set`, as `controller::decide` makes it, from `view` brought up to date.
pub fn decide(w: &World, set: &StatefulSet, view: &mut SetView) -> Decision {
    view.refresh(w, set);
    if !view.usable(w, set) {
        return controller::decide(w, set);
    }
    let view = &*view;
    let spec = &set.spec;
    let (start, end) = SetView::range(set);
    let mut revs = controller::revisions(w, set);
    let mut d = revs.start(set);

    // 2. The set's pods (no orphan to adopt: see `usable`).
    d.acts
        .extend(view.released.iter().cloned().map(Act::Release));
    let st = &mut d.status;
    st.replicas = view.created;
    st.ready = view.ready;
    st.available = view.available;
    st.current = view.counted.get(&revs.current).copied().unwrap_or(0);
    st.updated = view.counted.get(&revs.update).copied().unwrap_or(0);

    // 3. The first unhealthy pod: in range ascending, else the lowest condemned.
    let use_mrs = w.profile.min_ready_seconds_for_updates;
    let healthy = |p: &Pod| controller::healthy(p, spec.min_ready_s, w.now, use_mrs);
    let condemned: Vec<&Pod> = view
        .condemned
        .values()
        .rev()
        .filter_map(|k| w.pods.get(k))
        .collect();
    let first_unhealthy = match view.unhealthy.first() {
        Some(&ord) => view.pod(w, ord),
        None => condemned.iter().rev().find(|p| !healthy(p)).copied(),
    };

    let truncate = revs.truncate(set, |name| view.revisions.contains_key(name));
    let finish = |d: Decision| controller::finish(w, set, &truncate, d);

    // 4. A StatefulSet being deleted only updates its status.
    if set.deletion.is_some() {
        return finish(d);
    }

    // 5. processReplica over the empty slots and the pods not quiet, in ordinal order.
    let mut gaps = view.missing.iter().copied().peekable();
    let mut louds = view.loud.iter().copied().peekable();
    loop {
        let gap = match (gaps.peek(), louds.peek()) {
            (Some(g), Some(l)) => g < l,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => break,
        };
        let next = if gap { gaps.next() } else { louds.next() };
        let Some(ord) = next else { break };
        let stop = if gap {
            controller::missing_replica(w, set, ord, revs.placeholder(set, ord), &mut d)
        } else {
            match view.pod(w, ord) {
                // Claims follow the retention policy (`usable`: none is misowned).
                Some(p) => controller::process_replica(w, set, p, true, &mut d),
                None => false,
            }
        };
        if stop {
            return finish(d);
        }
    }

    // 6, 7. The condemned pods, highest ordinal first.
    if controller::process_condemned(w, set, &condemned, first_unhealthy, &mut d) {
        return finish(d);
    }

    // 8. OnDelete: pods change only when someone deletes them.
    if spec.strategy != "RollingUpdate" {
        return finish(d);
    }

    // 9. RollingUpdate, highest ordinal first, down to the partition.
    let update = revs.update.as_str();
    let lo = start + spec.rolling.as_ref().map_or(0, |r| r.partition.max(0));
    let outdated = |map| outdated(map, update);
    let any_outdated = lo < end
        && outdated(&view.by_revision)
            .iter()
            .any(|s| s.range(lo..end).next().is_some());
    if !any_outdated {
        return finish(d);
    }
    if w.profile.max_unavailable_statefulset {
        let budget = controller::max_unavailable(set);
        let unavailable = (view.missing.len() + view.unhealthy.len()) as i64;
        let parallel = spec.policy == Policy::Parallel;
        if parallel {
            for ord in descending(std::iter::once(&view.unhealthy), lo, end) {
                if let Some(p) = view.pod(w, ord)
                    && p.revision != update
                    && !p.is_terminating()
                {
                    controller::delete_outdated(&mut d, p);
                }
            }
        }
        if unavailable >= budget {
            d.waiting = Some(Wait::Unavailable {
                unavailable,
                budget,
            });
            return finish(d);
        }
        let mut left = budget - unavailable;
        for ord in descending(outdated(&view.deletable), lo, end) {
            if left == 0 {
                break;
            }
            let taken = parallel && view.unhealthy.contains(&ord);
            if let Some(p) = view.pod(w, ord)
                && !taken
            {
                controller::delete_outdated(&mut d, p);
                left -= 1;
            }
        }
        return finish(d);
    }
    // The first slot from the top that is empty, outdated and deletable, or unhealthy.
    let top = [&view.missing, &view.unhealthy]
        .into_iter()
        .chain(outdated(&view.deletable))
        .filter_map(|s| s.range(lo..end).next_back())
        .max()
        .copied();
    let Some(ord) = top else {
        return finish(d);
    };
    match view.pod(w, ord) {
        None => {
            d.waiting = Some(Wait::CreatedAndReady(format!("{}-{}", set.name, ord)));
        }
        Some(p) if p.revision != update && !p.is_terminating() => {
            controller::delete_outdated(&mut d, p);
        }
        Some(p) => d.waiting = Some(controller::wait_in_update(set, p)),
    }
    finish(d)
}

/// Who owns what, for the garbage collector (`World::gc`), kept up to date from the pods and
/// claims written (their `WriteLog`s), so that a collection costs the owners there are, not
/// the objects: the garbage collector runs after every pod that goes, and a rolling update of
/// N pods would otherwise look at N pods N times. `World::no_cache` and debug builds also
/// look at every object, the oracle.
#[derive(Default)]
pub struct Dependents {
    made: bool,
    pods_at: u64,
    pvcs_at: u64,
    /// Each pod's uid, and its owner's uid while it is not being deleted.
    pods: HashMap<Key, (String, Option<String>)>,
    /// The uids of the pods there are (a count, in case two pods share one).
    uids: HashMap<String, u32>,
    /// Pods not being deleted, by owner uid.
    pod_deps: HashMap<String, BTreeSet<Key>>,
    /// The owners' uids of each claim with owners, not being deleted.
    claims: HashMap<Key, Vec<String>>,
    /// Those claims by owner uid.
    claim_deps: HashMap<String, BTreeSet<Key>>,
    /// Claims being deleted.
    deleting: BTreeSet<Key>,
}

impl Dependents {
    /// Brings the index up to date with `w`'s pods and claims.
    pub fn refresh(&mut self, w: &World) {
        let (pods, pvcs) = match (
            w.pods.log.since(self.pods_at),
            w.pvcs.log.since(self.pvcs_at),
        ) {
            (Some(pods), Some(pvcs)) if self.made => (pods, pvcs),
            _ => {
                *self = Dependents {
                    made: true,
                    ..Dependents::default()
                };
                for k in w.pods.keys() {
                    self.pod(w, k);
                }
                for k in w.pvcs.keys() {
                    self.claim(w, k);
                }
                self.pods_at = w.pods.log.end();
                self.pvcs_at = w.pvcs.log.end();
                return;
            }
        };
        for k in distinct(pods) {
            self.pod(w, k);
        }
        for k in distinct(pvcs) {
            self.claim(w, k);
        }
        self.pods_at = w.pods.log.end();
        self.pvcs_at = w.pvcs.log.end();
    }

    fn pod(&mut self, w: &World, k: &Key) {
        let now = w.pods.get(k).map(|p| {
            let owner = p.owner.as_ref().filter(|_| p.deletion.is_none());
            (p.uid.as_str(), owner.map(|o| o.uid.as_str()))
        });
        let was = self.pods.get(k).map(|(u, o)| (u.as_str(), o.as_deref()));
        if now == was {
            return;
        }
        if let Some((uid, owner)) = self.pods.remove(k) {
            if let Some(n) = self.uids.get_mut(&uid) {
                *n -= 1;
                if *n == 0 {
                    self.uids.remove(&uid);
                }
            }
            if let Some(o) = owner {
                unlink(&mut self.pod_deps, &o, k);
            }
        }
        let Some(p) = w.pods.get(k) else { return };
        *self.uids.entry(p.uid.clone()).or_insert(0) += 1;
        let owner = p
            .owner
            .as_ref()
            .filter(|_| p.deletion.is_none())
            .map(|o| o.uid.clone());
        if let Some(o) = &owner {
            self.pod_deps
                .entry(o.clone())
                .or_default()
                .insert(k.clone());
        }
        self.pods.insert(k.clone(), (p.uid.clone(), owner));
    }

    fn claim(&mut self, w: &World, k: &Key) {
        self.deleting.remove(k);
        for o in self.claims.remove(k).unwrap_or_default() {
            unlink(&mut self.claim_deps, &o, k);
        }
        let Some(c) = w.pvcs.get(k) else { return };
        if c.deletion.is_some() {
            self.deleting.insert(k.clone());
            return;
        }
        if c.owners.is_empty() {
            return;
        }
        let owners: Vec<String> = c.owners.iter().map(|o| o.uid.clone()).collect();
        for o in &owners {
            self.claim_deps
                .entry(o.clone())
                .or_default()
                .insert(k.clone());
        }
        self.claims.insert(k.clone(), owners);
    }

    fn alive(&self, w: &World, uid: &str) -> bool {
        w.sets.values().any(|s| s.uid == uid) || self.uids.contains_key(uid)
    }

    /// Pods not being deleted whose owner is gone, in key order.
    pub fn garbage_pods(&self, w: &World) -> Vec<Key> {
        let mut out = BTreeSet::new();
        for (owner, deps) in &self.pod_deps {
            if !self.alive(w, owner) {
                out.extend(deps.iter().cloned());
            }
        }
        out.into_iter().collect()
    }

    /// Claims not being deleted with owners, all gone, in key order.
    pub fn garbage_claims(&self, w: &World) -> Vec<Key> {
        let mut out = BTreeSet::new();
        for (owner, deps) in &self.claim_deps {
            if self.alive(w, owner) {
                continue;
            }
            for k in deps {
                let all_gone = self
                    .claims
                    .get(k)
                    .is_some_and(|os| os.iter().all(|o| !self.alive(w, o)));
                if all_gone {
                    out.insert(k.clone());
                }
            }
        }
        out.into_iter().collect()
    }

    /// Claims being deleted, in key order.
    pub fn deleting(&self) -> &BTreeSet<Key> {
        &self.deleting
    }
}

fn unlink(map: &mut HashMap<String, BTreeSet<Key>>, owner: &str, k: &Key) {
    if let Some(s) = map.get_mut(owner) {
        s.remove(k);
        if s.is_empty() {
            map.remove(owner);
        }
    }
}

/// How far the StatefulSets are from what they ask for (`Simulation::distance`), kept up to
/// date from the pods written: a run until rest asks for it every slice of virtual time.
/// Made afresh when a set's fields it reads change. `World::no_cache` and debug builds also
/// count it over every pod, the oracle.
#[derive(Default)]
pub struct Distance {
    made_for: Option<Vec<Basis>>,
    pods_at: u64,
    /// Each owned pod's set (its index in `made_for`), whether it is live (not being
    /// deleted), and its part.
    pods: HashMap<Key, (usize, bool, u64)>,
    /// Live pods per set.
    live: Vec<i64>,
    parts: u64,
}

/// What the parts of a set's pods depend on.
#[derive(PartialEq)]
struct Basis {
    uid: String,
    replicas: i64,
    rolling: bool,
    partition: i64,
    update: String,
}

impl Distance {
    /// The distance now (see `Simulation::distance`).
    pub fn get(&mut self, w: &World) -> u64 {
        let basis: Vec<Basis> = w
            .sets
            .values()
            .map(|s| Basis {
                uid: s.uid.clone(),
                replicas: s.spec.replicas.max(0),
                rolling: s.spec.strategy == "RollingUpdate",
                partition: s.spec.rolling.as_ref().map_or(0, |r| r.partition),
                update: s.status.update_revision.clone(),
            })
            .collect();
        match w.pods.log.since(self.pods_at) {
            Some(keys) if self.made_for.as_ref() == Some(&basis) => {
                for k in distinct(keys) {
                    self.look_at(w, &basis, k);
                }
            }
            _ => {
                *self = Distance {
                    live: vec![0; basis.len()],
                    ..Distance::default()
                };
                for k in w.pods.keys() {
                    self.look_at(w, &basis, k);
                }
            }
        }
        self.pods_at = w.pods.log.end();
        let sets: u64 = basis
            .iter()
            .zip(&self.live)
            .map(|(b, live)| (live - b.replicas).unsigned_abs())
            .sum();
        self.made_for = Some(basis);
        sets + self.parts
    }

    fn look_at(&mut self, w: &World, basis: &[Basis], k: &Key) {
        let now = w.pods.get(k).and_then(|p| {
            let o = p.owner.as_ref()?;
            let set = basis.iter().position(|b| b.uid == o.uid)?;
            let b = &basis[set];
            let stale = b.rolling && p.ordinal >= b.partition && p.revision != b.update;
            let part = u64::from(stale)
                + u64::from(p.deletion.is_some())
                + u64::from(!p.running_and_ready());
            Some((set, p.deletion.is_none(), part))
        });
        if now.as_ref() == self.pods.get(k) {
            return;
        }
        if let Some((set, live, part)) = self.pods.remove(k) {
            self.live[set] -= i64::from(live);
            self.parts -= part;
        }
        if let Some((set, live, part)) = now {
            self.live[set] += i64::from(live);
            self.parts += part;
            self.pods.insert(k.clone(), (set, live, part));
        }
    }
}
