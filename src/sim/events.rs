//! Kubernetes Events as the simulated components record them: `ObjectRef` is the object an
//! Event is about (`involvedObject`, with a field path for a container), `Recorder` is a
//! component's event recorder (client-go's `record.EventRecorder`: `Normal` or `Warning`, a
//! reason and a message), whose Events pass through client-go's correlator (`Correlator`:
//! similar Events combined, repeats counted, a per-object budget), and
//! `COMPONENT` names the reporting components as their Events' `source` shows them.

use super::cluster::World;
use super::world::{Action, Event, Ms};
use std::collections::HashMap;

/// The reporting components (an Event's `source.component`).
pub mod component {
    pub const KUBELET: &str = "kubelet";
    pub const SCHEDULER: &str = "default-scheduler";
    pub const CONTROLLER: &str = "statefulset-controller";
    /// minikube's storage-provisioner (the hostpath provisioner).
    pub const PROVISIONER: &str = "k8s.io/minikube-hostpath";
}

/// The object an Event is about, borrowed for the time of one recording.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ObjectRef<'a> {
    pub kind: &'static str,
    pub ns: &'a str,
    pub name: &'a str,
    pub uid: &'a str,
    /// `spec.containers{app}` for an Event about a container.
    pub field_path: Option<&'a str>,
}

impl<'a> ObjectRef<'a> {
    pub fn new(kind: &'static str, ns: &'a str, name: &'a str, uid: &'a str) -> ObjectRef<'a> {
        ObjectRef {
            kind,
            ns,
            name,
            uid,
            field_path: None,
        }
    }

    /// The same object, narrowed to a field (a container).
    pub fn at(self, field_path: Option<&'a str>) -> ObjectRef<'a> {
        ObjectRef { field_path, ..self }
    }
}

/// A component's event recorder.
pub struct Recorder<'w> {
    world: &'w mut World,
    component: &'static str,
}

impl World {
    /// The event recorder of `component`.
    pub fn recorder(&mut self, component: &'static str) -> Recorder<'_> {
        Recorder {
            world: self,
            component,
        }
    }
}

/// Similar Events (same source, object, type and reason) with this many different messages
/// within [`AGGREGATE_WINDOW_MS`] are combined into one (`defaultAggregateMaxEvents`).
pub const AGGREGATE_MAX_EVENTS: usize = 10;
/// `defaultAggregateIntervalInSeconds`: a similar Event after this long starts afresh.
pub const AGGREGATE_WINDOW_MS: Ms = 600_000;
/// `defaultSpamBurst`: Events one source may send about one object at once.
pub const SPAM_BURST: u64 = 25;
/// `defaultSpamQPS` is 1/300: the bucket gains one Event every five minutes.
pub const SPAM_REFILL_MS: Ms = 300_000;

/// The most keys each of client-go's correlator caches holds (`maxLruCacheEntries`).
pub const LRU_ENTRIES: usize = 4096;

/// client-go's `EventCorrelator` (`tools/record/events_cache.go`, v0.36): each component
/// has its own. It aggregates similar Events (`EventAggregator`), counts repeats of the same
/// Event (`eventLogger`) and drops what exceeds a source's budget for an object
/// (`EventSourceObjectSpamFilter`), each with an LRU cache of [`LRU_ENTRIES`] keys: what
/// falls out of one is forgotten (a repeat becomes a new Event, a budget is full again).
/// Keys and messages are kept as 64-bit hashes of their parts. `PopAny` (a random message
/// leaves a full aggregate set) takes the smallest hash, so runs repeat.
#[derive(Clone, Debug, Default)]
pub struct Correlators(Vec<(&'static str, Correlator)>);

impl Correlators {
    fn of(&mut self, component: &'static str) -> &mut Correlator {
        let at = match self.0.iter().position(|(c, _)| *c == component) {
            Some(at) => at,
            None => {
                self.0.push((component, Correlator::default()));
                self.0.len() - 1
            }
        };
        &mut self.0[at].1
    }
}

/// One component's correlator.
#[derive(Clone, Debug, Default)]
struct Correlator {
    /// Aggregate key to the messages seen and when the last was.
    similar: Lru<(Messages, Ms)>,
    /// Event key (or aggregate key) to what was observed: the count, the first time, and
    /// the Event the API server holds for it, if any.
    seen: Lru<Seen>,
    /// Spam key to the token bucket's level (in milliseconds of refill) and when it was read.
    buckets: Lru<(u64, Ms)>,
}

/// An LRU cache as client-go's correlator uses them (`k8s.io/utils/lru`, groupcache's
/// `lru.Cache`): a lookup or a write makes a key the most recent, and a new key beyond the
/// capacity evicts the least recent. The order is a queue of touches, each with its tick; a
/// touch whose tick is no longer its key's is stale and skipped (and compacted away).
#[derive(Clone, Debug)]
struct Lru<V> {
    entries: HashMap<u64, (V, u64), Hashed>,
    order: std::collections::VecDeque<(u64, u64)>,
    tick: u64,
    capacity: usize,
}

impl<V> Default for Lru<V> {
    fn default() -> Self {
        Lru::with_capacity(LRU_ENTRIES)
    }
}

impl<V> Lru<V> {
    fn with_capacity(capacity: usize) -> Self {
        Lru {
            entries: HashMap::default(),
            order: Default::default(),
            tick: 0,
            capacity: capacity.max(1),
        }
    }

    /// `Get` then `Add`: the value of `key`, now the most recent; `new()` if it was not held
    /// (evicting the least recent key when full).
    fn touch(&mut self, key: u64, new: impl FnOnce() -> V) -> &mut V {
        self.tick += 1;
        let tick = self.tick;
        if !self.entries.contains_key(&key) && self.entries.len() >= self.capacity {
            while let Some((k, t)) = self.order.pop_front() {
                if self.entries.get(&k).is_some_and(|e| e.1 == t) {
                    self.entries.remove(&k);
                    break;
                }
            }
        }
        if self.order.len() >= 4 * self.capacity {
            let entries = &self.entries;
            self.order
                .retain(|(k, t)| entries.get(k).is_some_and(|e| e.1 == *t));
        }
        self.order.push_back((key, tick));
        let e = self.entries.entry(key).or_insert_with(|| (new(), tick));
        e.1 = tick;
        &mut e.0
    }
}

/// The caches of `Correlator` are keyed by hashes already (`key_of`) and only ever looked up,
/// never walked, so their order plays no part: the key, mixed once, is its own hash.
type Hashed = std::hash::BuildHasherDefault<KeyHasher>;

#[derive(Default)]
pub struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn write_u64(&mut self, k: u64) {
        self.0 = k.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

/// FNV-1a over the parts, each ended by a zero byte.
fn key_of(parts: &[&str]) -> u64 {
    key_from(0xcbf2_9ce4_8422_2325, parts)
}

/// `key_of` of the parts a key was made of followed by `parts`, from that key: keys that
/// extend one another are hashed once.
fn key_from(mut h: u64, parts: &[&str]) -> u64 {
    for p in parts {
        for b in p.bytes().chain([0]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// The message hashes of one aggregate key, smallest first: a set of at most
/// [`AGGREGATE_MAX_EVENTS`], kept inline (a rollout of 10,000 pods has some 100,000 keys).
#[derive(Clone, Debug, Default)]
struct Messages {
    hashes: [u64; AGGREGATE_MAX_EVENTS],
    len: usize,
}

impl Messages {
    fn len(&self) -> usize {
        self.len
    }

    fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn clear(&mut self) {
        self.len = 0;
    }

    /// Adds `h` unless present. The caller keeps the set below its capacity
    /// (`pop_first` once it is full).
    fn insert(&mut self, h: u64) {
        if let Err(at) = self.hashes[..self.len].binary_search(&h)
            && self.len < AGGREGATE_MAX_EVENTS
        {
            self.hashes.copy_within(at..self.len, at + 1);
            self.hashes[at] = h;
            self.len += 1;
        }
    }

    /// Drops the smallest hash.
    fn pop_first(&mut self) {
        if self.len > 0 {
            self.hashes.copy_within(1..self.len, 0);
            self.len -= 1;
        }
    }
}

#[derive(Clone, Debug)]
struct Seen {
    count: u32,
    first: Ms,
    event: Option<usize>,
}

impl Correlator {
    /// `TryAccept` on the bucket of `key` at `now`, `n` times: whether any Event got through.
    fn accept(&mut self, key: u64, now: Ms, n: u32) -> bool {
        let full = SPAM_BURST * SPAM_REFILL_MS;
        let (level, at) = self.buckets.touch(key, || (full, now));
        *level = (*level + now.saturating_sub(*at)).min(full);
        // Runs counted after the fact may be older than the last Event: time only goes on.
        *at = (*at).max(now);
        let mut any = false;
        for _ in 0..n {
            if *level >= SPAM_REFILL_MS {
                *level -= SPAM_REFILL_MS;
                any = true;
            }
        }
        any
    }
}

/// One occurrence (or `n` at once) of an Event, as a recorder sends it to the correlator.
struct Occurrence<'a> {
    about: &'a ObjectRef<'a>,
    warning: bool,
    reason: &'a str,
    message: String,
    /// How many times it happened, the first at `first`, the last at `at`.
    n: u32,
    first: Ms,
    at: Ms,
    /// Put on the timeline (the counted back-off repeats are not: only their count changes).
    log: bool,
}

impl Recorder<'_> {
    /// A `Normal` Event.
    pub fn normal(&mut self, about: &ObjectRef, reason: &str, message: impl Into<String>) {
        self.record(about, false, reason, message.into());
    }

    /// A `Warning` Event.
    pub fn warning(&mut self, about: &ObjectRef, reason: &str, message: impl Into<String>) {
        self.record(about, true, reason, message.into());
    }

    /// A `Warning` seen `n` times, `period_s` apart, ending now (a probe failing
    /// `failureThreshold` times in a row).
    pub fn warning_repeated(
        &mut self,
        about: &ObjectRef,
        reason: &str,
        message: String,
        n: u32,
        period_s: i64,
    ) {
        let now = self.world.now;
        let span = u64::from(n.max(1) - 1) * (period_s.max(1) as u64) * 1000;
        self.correlate(Occurrence {
            about,
            warning: true,
            reason,
            message,
            n: n.max(1),
            first: now.saturating_sub(span),
            at: now,
            log: true,
        });
    }

    /// An Event that happened `n` more times since it was last recorded, the last of them at
    /// `at` (the kubelet's back-off syncs, counted rather than ticked).
    pub fn repeated(
        &mut self,
        about: &ObjectRef,
        (warning, reason, message): (bool, &str, String),
        n: u32,
        at: Ms,
    ) {
        if n > 0 {
            self.correlate(Occurrence {
                about,
                warning,
                reason,
                message,
                n,
                first: at,
                at,
                log: false,
            });
        }
    }

    /// `n` failed runs of a probe, the first at `first`, the last at `at` (each an Event the
    /// kubelet records, counted together); on the timeline if `log`.
    pub fn failed_runs(
        &mut self,
        about: &ObjectRef,
        message: String,
        n: u32,
        (first, at): (Ms, Ms),
        log: bool,
    ) {
        if n > 0 {
            self.correlate(Occurrence {
                about,
                warning: true,
                reason: "Unhealthy",
                message,
                n,
                first,
                at,
                log,
            });
        }
    }

    /// Records one Event.
    pub fn record(&mut self, about: &ObjectRef, warning: bool, reason: &str, message: String) {
        let now = self.world.now;
        self.correlate(Occurrence {
            about,
            warning,
            reason,
            message,
            n: 1,
            first: now,
            at: now,
            log: true,
        });
    }

    /// `EventCorrelate`: aggregate, observe, filter; then create or patch the Event the API
    /// server holds, and put it on the timeline. A filtered Event is counted but not sent, so
    /// the next one that gets through carries the count of both.
    fn correlate(&mut self, o: Occurrence<'_>) {
        let w = &mut *self.world;
        let now = o.at;
        let ObjectRef {
            kind,
            ns,
            name,
            uid,
            field_path,
        } = o.about;
        let kind: &'static str = kind;
        let ty = if o.warning { "Warning" } else { "Normal" };
        let object = key_of(&[self.component, kind, ns, name, uid]);
        let aggregate = key_from(object, &[ty, o.reason]);
        // EventAggregate.
        let c = w.correlators.of(self.component);
        let (messages, last) = c.similar.touch(aggregate, Default::default);
        if messages.is_empty() || now.saturating_sub(*last) > AGGREGATE_WINDOW_MS {
            messages.clear();
        }
        messages.insert(key_of(&[&o.message]));
        *last = now;
        let path = field_path.unwrap_or("");
        // The cache key, and the key `updateState` files the Event under once it is written
        // (the full event key, which differs from the cache key for a combined Event).
        let (key, written_key, message) = if messages.len() < AGGREGATE_MAX_EVENTS {
            let key = key_from(aggregate, &[path, &o.message]);
            (key, key, o.message)
        } else {
            messages.pop_first();
            let message = format!("(combined from similar events): {}", o.message);
            (aggregate, key_from(aggregate, &[path, &message]), message)
        };
        // One copy for the Event and the timeline, and for every Event that says the same (a
        // rollout of 10,000 pods says 130,000 things in 30,000 ways).
        let message = w.intern(&message);
        // eventObserve.
        let c = w.correlators.of(self.component);
        let seen = c.seen.touch(key, || Seen {
            count: 0,
            first: o.first,
            event: None,
        });
        seen.count += o.n;
        let (count, first, existing) = (seen.count, seen.first, seen.event);
        // The object's namespace and name and the reason, interned once for the Event and the
        // timeline when either needs them.
        let mut named = None;
        // The spam filter.
        let index = if !c.accept(object, now, o.n) {
            None
        } else {
            let held = existing.and_then(|i| Some(i).zip(w.events.get_mut(i)));
            Some(match held {
                Some((i, e)) => {
                    e.count = count;
                    e.last = now;
                    e.message = message.clone();
                    i
                }
                None => {
                    let index = w.events.len();
                    let (ns_, object, uid_, reason) = (
                        w.intern(ns),
                        w.intern(name),
                        w.intern(uid),
                        w.intern(o.reason),
                    );
                    named = Some((ns_.clone(), object.clone(), reason.clone()));
                    let field_path = field_path.map(|f| w.intern(f));
                    w.events.push(Event {
                        ns: ns_,
                        suffix: 0x1800_0000_0000_0000u64 + now * 1_000_000 + index as u64,
                        kind,
                        object,
                        uid: uid_,
                        field_path,
                        reason,
                        message: message.clone(),
                        warning: o.warning,
                        source: self.component,
                        first,
                        last: now,
                        count,
                    });
                    index
                }
            })
        };
        if let Some(index) = index {
            // updateState.
            let new = || Seen {
                count,
                first,
                event: None,
            };
            let c = w.correlators.of(self.component);
            c.seen.touch(key, new).event = Some(index);
            if written_key != key {
                c.seen.touch(written_key, new).event = Some(index);
            }
        }
        if !o.log {
            return;
        }
        let (ns, name, reason) = match named {
            Some(named) => named,
            None => (w.intern(ns), w.intern(name), w.intern(o.reason)),
        };
        let e = w.log_named(Action::Event, kind, ns, name);
        // Runs counted after the fact go on the timeline when they are counted.
        e.t = now.max(e.t);
        e.reason = Some(reason);
        e.message = Some(message);
        e.warning = o.warning;
        e.dropped = index.is_none();
    }
}

#[cfg(test)]
mod tests {
    use super::Messages;

    /// The inline set behaves as the `BTreeSet` client-go's aggregator is modelled on: no
    /// duplicates, and `pop_first` drops the smallest hash.
    /// A key extended from another is the key of all the parts.
    #[test]
    fn keys_extend() {
        let object = super::key_of(&["kubelet", "Pod", "default", "web-0"]);
        assert_eq!(
            super::key_from(object, &["Normal", "Pulled"]),
            super::key_of(&["kubelet", "Pod", "default", "web-0", "Normal", "Pulled"])
        );
    }

    /// The cache behaves as groupcache's `lru.Cache` (a list, most recent first), over a
    /// long sequence of touches of a few more keys than it holds.
    #[test]
    fn lru_evicts_the_least_recently_touched() {
        let mut lru = super::Lru::with_capacity(3);
        let mut model: Vec<(u64, u32)> = Vec::new();
        let mut rng = 0x2545_f491_4f6c_dd1du64;
        for step in 0..2_000u32 {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            let key = rng % 5;
            lru.touch(key, || step);
            match model.iter().position(|(k, _)| *k == key) {
                Some(at) => {
                    let e = model.remove(at);
                    model.insert(0, e);
                }
                None => {
                    model.insert(0, (key, step));
                    model.truncate(3);
                }
            }
            let mut held: Vec<(u64, u32)> =
                lru.entries.iter().map(|(k, (v, _))| (*k, *v)).collect();
            held.sort();
            let mut want = model.clone();
            want.sort();
            assert_eq!(held, want, "after touching {key} at step {step}");
            assert!(lru.order.len() <= 4 * 3 + 1);
        }
    }

    #[test]
    fn messages_are_a_small_ordered_set() {
        let mut m = Messages::default();
        for h in [7, 3, 9, 3, 1, 7] {
            m.insert(h);
        }
        assert_eq!(m.len(), 4);
        m.pop_first();
        assert_eq!(&m.hashes[..m.len()], &[3, 7, 9]);
        m.clear();
        assert!(m.is_empty());
    }
}
