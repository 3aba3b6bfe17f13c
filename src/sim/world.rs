//! The simulated cluster's objects: StatefulSets with status, Pods with phase, conditions and
//! container states, PVCs and their PersistentVolumes (which hold files), Services,
//! ControllerRevisions, Kubernetes Events, and the timeline. Plain data: everything that
//! changes it lives in `controller`, `kubelet` and `ops`.

use crate::labels::Selector;
use crate::yaml::Node;
use std::collections::BTreeMap;
use std::rc::Rc;

/// Virtual milliseconds since the simulation started.
pub type Ms = u64;

/// The wall-clock second the virtual clock starts at (2025-05-05T10:14:00Z), for timestamps
/// kubectl prints. Fixed, so output never depends on when it runs.
pub const EPOCH_SECS: i64 = 1_746_440_040;

/// `namespace/name`.
pub type Key = String;

pub fn key(ns: &str, name: &str) -> Key {
    format!("{ns}/{name}")
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Phase {
    Pending,
    Running,
    Succeeded,
    Failed,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Pending => "Pending",
            Phase::Running => "Running",
            Phase::Succeeded => "Succeeded",
            Phase::Failed => "Failed",
        }
    }
}

/// How a probe reaches the container.
#[derive(Clone, Debug, PartialEq)]
pub enum Handler {
    Http {
        port: String,
        path: String,
        scheme: String,
    },
    Tcp {
        port: String,
    },
    Exec {
        command: Vec<String>,
    },
    Grpc {
        port: i64,
        service: Option<String>,
    },
}

/// A probe with its defaults applied (`pkg/kubelet/prober/worker.go`, kubelet v1.36).
#[derive(Clone, Debug, PartialEq)]
pub struct Probe {
    pub handler: Handler,
    pub initial_delay_s: i64,
    pub timeout_s: i64,
    pub period_s: i64,
    pub success_threshold: i64,
    pub failure_threshold: i64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Port {
    pub name: Option<String>,
    pub port: i64,
    pub protocol: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Mount {
    pub name: String,
    pub path: String,
    pub read_only: bool,
    pub sub_path: Option<String>,
}

/// A container of the pod template, typed for the kubelet model.
#[derive(Clone, Debug, PartialEq)]
pub struct ContainerSpec {
    pub name: String,
    pub image: String,
    pub pull_policy: String,
    pub ports: Vec<Port>,
    pub readiness: Option<Probe>,
    pub liveness: Option<Probe>,
    pub startup: Option<Probe>,
    pub mounts: Vec<Mount>,
    pub env: Vec<(String, String)>,
    pub command: Vec<String>,
    pub args: Vec<String>,
    pub requests: BTreeMap<String, String>,
    pub limits: BTreeMap<String, String>,
    /// A native sidecar (init container with restartPolicy: Always).
    pub sidecar: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum VolumeSource {
    Claim(String),
    EmptyDir,
    ConfigMap(String),
    Secret(String),
    HostPath(String),
    Other(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Volume {
    pub name: String,
    pub source: VolumeSource,
}

/// A pod template at one revision: typed parts for the kubelet, the tree for output.
#[derive(Clone, Debug, PartialEq)]
pub struct PodTemplate {
    pub labels: BTreeMap<String, String>,
    pub annotations: BTreeMap<String, String>,
    pub containers: Vec<ContainerSpec>,
    pub init_containers: Vec<ContainerSpec>,
    pub volumes: Vec<Volume>,
    pub grace_s: i64,
    pub node_selector: BTreeMap<String, String>,
    /// The clean, defaulted `spec.template` tree (shared by the pods made from it).
    pub tree: Rc<Node>,
}

/// A container's state (`v1.ContainerState`).
#[derive(Clone, Debug, PartialEq)]
pub enum CState {
    Waiting {
        reason: String,
        message: Option<String>,
    },
    Running {
        started: Ms,
    },
    Terminated {
        reason: String,
        exit_code: i32,
        started: Ms,
        finished: Ms,
    },
}

/// Where a probe worker stands: the consecutive results it has counted.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProbeRun {
    /// Result the container currently reports (ready / live / started).
    pub ok: bool,
    /// A one-off probe run requested by a status sync (readiness only).
    pub manual_at: Option<Ms>,
}

/// One container of a pod: the pod, the container's index, and whether it is an init
/// container. What the kubelet's timers and functions are about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContainerRef {
    pub pod: Key,
    pub index: usize,
    pub init: bool,
}

impl ContainerRef {
    pub fn new(pod: &Key, index: usize, init: bool) -> ContainerRef {
        ContainerRef {
            pod: pod.clone(),
            index,
            init,
        }
    }
    /// A main (regular or sidecar-less) container.
    pub fn main(pod: &Key, index: usize) -> ContainerRef {
        ContainerRef::new(pod, index, false)
    }
    /// The container after this one, of the same kind.
    pub fn next(&self) -> ContainerRef {
        ContainerRef::new(&self.pod, self.index + 1, self.init)
    }
    /// The field path Events about it carry (`spec.containers{app}`).
    pub fn field_path(&self, name: &str) -> String {
        if self.init {
            format!("spec.initContainers{{{name}}}")
        } else {
            format!("spec.containers{{{name}}}")
        }
    }
}

/// A probe transition the kubelet has planned for a container (`probe_plan`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flip {
    /// The startup probe succeeds: liveness and readiness probing begin.
    Started,
    /// The startup probe fails `failureThreshold` times: the container is killed.
    StartupFailed,
    Ready,
    Unready,
    /// The liveness probe fails `failureThreshold` times: the container is killed.
    LivenessFailed,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ContainerStatus {
    pub name: String,
    pub image: String,
    pub image_id: String,
    pub container_id: Option<String>,
    pub state: CState,
    pub last: Option<CState>,
    pub ready: bool,
    /// Startup probe passed (or none).
    pub started: bool,
    pub restarts: u32,
    /// When the process inside begins answering (set when the container starts).
    pub app_up_at: Option<Ms>,
    /// When the startup probe passed (the start, without one): liveness and readiness probe
    /// from here on.
    pub started_at: Option<Ms>,
    /// When liveness failed: its worker holds from here until the restart.
    pub live_until: Option<Ms>,
    /// The probes' requests before this instant are in the app's counter (`probes.rs`).
    pub probes_counted: Ms,
    /// The probes' failed runs before this instant are Events (`probes.rs`).
    pub failures_noted: Ms,
    /// Liveness: false once the probe failed `failureThreshold` times (until the restart).
    pub live: bool,
    pub readiness: ProbeRun,
    /// Consecutive restarts for back-off (10s doubling to 300s).
    pub backoff_s: u64,
    /// Bumped on every change that invalidates scheduled probe and restart timers.
    pub epoch: u32,
    /// How the container will exit when its pending `Exited` timer fires (reason, code).
    pub exiting: Option<(String, i32)>,
    /// The probe transition planned for the pending `Probe` timer (time, kind).
    pub probe_plan: Option<(Ms, Flip)>,
    /// Set while the container's image fails to pull (`ErrImagePull`, `ImagePullBackOff`).
    pub pull: Option<PullFailure>,
}

/// The kubelet's record of an image that does not pull (pkg/kubelet/images: the image
/// back-off keyed by pod UID and image, and the last error it wraps into its message).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PullFailure {
    /// The runtime's answer to the last attempt.
    pub error: String,
    /// Attempts made so far.
    pub attempts: u32,
    /// The back-off after the last failure, in seconds: 10, doubling to 300.
    pub backoff_s: u64,
    /// When the last attempt failed.
    pub failed_at: Ms,
    /// Pod syncs during this back-off after the first one, and the time of the last: they
    /// repeat its `BackOff` Event, and are counted on it when the next attempt starts.
    pub repeats: (u32, Ms),
}

/// A pod condition (`v1.PodCondition`).
#[derive(Clone, Debug, PartialEq)]
pub struct Condition {
    pub ty: &'static str,
    pub status: bool,
    pub since: Ms,
    pub reason: Option<String>,
    pub message: Option<String>,
}

/// The owner of a pod or PVC.
#[derive(Clone, Debug, PartialEq)]
pub struct Owner {
    pub kind: &'static str,
    pub name: String,
    pub uid: String,
    pub controller: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Pod {
    pub ns: String,
    pub name: String,
    pub uid: String,
    pub ordinal: i64,
    pub owner: Option<Owner>,
    pub labels: BTreeMap<String, String>,
    pub annotations: BTreeMap<String, String>,
    pub created: Ms,
    pub deletion: Option<Ms>,
    pub grace_s: i64,
    pub hostname: String,
    pub subdomain: String,
    pub node: Option<String>,
    pub host_ip: Option<String>,
    pub ip: Option<String>,
    pub phase: Phase,
    pub reason: Option<String>,
    pub message: Option<String>,
    pub conditions: Vec<Condition>,
    pub containers: Vec<ContainerStatus>,
    pub init_containers: Vec<ContainerStatus>,
    pub template: Rc<PodTemplate>,
    /// `controller-revision-hash` (the full revision name).
    pub revision: String,
    /// (volume name, claim name) for each claim template.
    pub claims: Vec<(String, String)>,
    /// When the kubelet took the pod (probe workers start here).
    pub worker_start: Option<Ms>,
    /// Why the scheduler cannot place it (shown in events and describe).
    pub unschedulable: Option<String>,
    /// Bumped when the pod is deleted or changes owner, to drop stale timers.
    pub epoch: u32,
    /// Created from the applied manifests (a bare Pod), not by a controller.
    pub applied: bool,
    /// What the StatefulSet controller last concluded about this pod (not part of the pod;
    /// cleared by every change to it, see `Pods`).
    pub(crate) verdict: VerdictCache,
}

/// The StatefulSet controller's checks of one pod against one set's spec that depend only on
/// the two: a sync of N pods makes them for every pod, and most pods did not change since the
/// last sync. Kept in the pod until the pod changes (`Pods::get_mut` and `Pods::insert`
/// clear it) or the spec does (`spec` is the `SharedTemplate::id` it was made for).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Verdict {
    pub spec: u64,
    /// The set's selector is not empty and matches the pod's labels.
    pub selected: bool,
    /// The pod's name is `<set>-<ordinal>` (`isMemberOf`).
    pub member: bool,
    /// `identityMatches`.
    pub identity: bool,
    /// `storageMatches`.
    pub storage: bool,
}

/// A pod's cached `Verdict`. Equal to any other and printed as nothing: it is not part of the
/// pod, so two worlds that differ only in what they cached are the same world.
#[derive(Clone, Default)]
pub struct VerdictCache(std::cell::Cell<Option<Verdict>>);

impl VerdictCache {
    pub fn get(&self, spec: u64) -> Option<Verdict> {
        self.0.get().filter(|v| v.spec == spec)
    }
    pub fn set(&self, v: Verdict) {
        self.0.set(Some(v));
    }
    pub fn clear(&mut self) {
        *self.0.get_mut() = None;
    }
}

impl PartialEq for VerdictCache {
    fn eq(&self, _: &VerdictCache) -> bool {
        true
    }
}

impl std::fmt::Debug for VerdictCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("_")
    }
}

/// The keys written in a `Logged` map, oldest first, so that a reader who derived something
/// from the map (`view::SetView`) can bring it up to date with what changed instead of
/// reading the whole map again. Positions count every write ever made; the log forgets its
/// older keys when it grows well past the map's size, and a reader behind that point reads
/// the map afresh. A copy of the world starts with an empty log (its readers start afresh too).
#[derive(Default)]
pub struct WriteLog {
    base: u64,
    keys: Vec<Key>,
}

impl WriteLog {
    fn push(&mut self, k: &Key, len: usize) {
        self.push_owned(k.clone(), len);
    }
    fn push_owned(&mut self, k: Key, len: usize) {
        // Forget the older half: a reader that follows the writes is in the newer one.
        if self.keys.len() >= 4 * len + 1024 {
            let half = self.keys.len() / 2;
            self.base += half as u64;
            self.keys.drain(..half);
        }
        self.keys.push(k);
    }
    /// The position after the last write.
    pub fn end(&self) -> u64 {
        self.base + self.keys.len() as u64
    }
    /// The keys written from position `pos` on (a key once per write), or `None` when the
    /// log no longer knows them.
    pub fn since(&self, pos: u64) -> Option<&[Key]> {
        let i = usize::try_from(pos.checked_sub(self.base)?).ok()?;
        self.keys.get(i..)
    }
}

impl Clone for WriteLog {
    fn clone(&self) -> WriteLog {
        WriteLog {
            base: self.end(),
            keys: Vec::new(),
        }
    }
}

impl PartialEq for WriteLog {
    fn eq(&self, _: &WriteLog) -> bool {
        true
    }
}

impl std::fmt::Debug for WriteLog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("_")
    }
}

/// What a value kept in a `Logged` map forgets when it is written.
pub trait Written {
    fn written(&mut self) {}
}

impl Written for Pod {
    /// A pod's cached `Verdict` is that of the pod as it was.
    fn written(&mut self) {
        self.verdict.clear();
    }
}

impl Written for Pvc {}

/// Objects of the world by key. Reads go to the map; every write goes through `get_mut`,
/// `insert` or `remove`, which tell the value (`Written`: a pod clears its cached `Verdict`)
/// and record the key in the `WriteLog`.
#[derive(Clone, Debug, PartialEq)]
pub struct Logged<V> {
    map: BTreeMap<Key, V>,
    pub log: WriteLog,
}

/// The pods of the world.
pub type Pods = Logged<Pod>;
/// The claims of the world.
pub type Pvcs = Logged<Pvc>;

impl<V> Default for Logged<V> {
    fn default() -> Self {
        Logged {
            map: BTreeMap::new(),
            log: WriteLog::default(),
        }
    }
}

impl<V: Written> Logged<V> {
    pub fn get_mut<Q>(&mut self, k: &Q) -> Option<&mut V>
    where
        Key: std::borrow::Borrow<Q>,
        Q: Ord + ?Sized + ToOwned<Owned = Key>,
    {
        // One search: the key written is made from the one asked for (it equals it).
        let len = self.map.len();
        let v = self.map.get_mut(k)?;
        self.log.push_owned(k.to_owned(), len);
        v.written();
        Some(v)
    }
    pub fn insert(&mut self, k: Key, mut v: V) -> Option<V> {
        v.written();
        self.log.push(&k, self.map.len());
        self.map.insert(k, v)
    }
    pub fn remove<Q>(&mut self, k: &Q) -> Option<V>
    where
        Key: std::borrow::Borrow<Q>,
        Q: Ord + ?Sized,
    {
        let (key, v) = self.map.remove_entry(k)?;
        self.log.push(&key, self.map.len());
        Some(v)
    }
    /// Writes every value `f` picks (`f` returns whether it changed the value).
    pub fn update_all(&mut self, mut f: impl FnMut(&mut V) -> bool) {
        let len = self.map.len();
        for (k, v) in self.map.iter_mut() {
            if f(v) {
                v.written();
                self.log.push(k, len);
            }
        }
    }
}

impl<'a, V> IntoIterator for &'a Logged<V> {
    type Item = (&'a Key, &'a V);
    type IntoIter = std::collections::btree_map::Iter<'a, Key, V>;
    fn into_iter(self) -> Self::IntoIter {
        self.map.iter()
    }
}

impl<V> std::ops::Deref for Logged<V> {
    type Target = BTreeMap<Key, V>;
    fn deref(&self) -> &BTreeMap<Key, V> {
        &self.map
    }
}

impl Pod {
    /// A pod just created from `tpl`: Pending, on no node, its containers waiting, no owner,
    /// its labels and annotations the template's, hostname its name.
    pub fn pending(
        ns: &str,
        name: &str,
        uid: String,
        ordinal: i64,
        tpl: PodTemplate,
        now: Ms,
    ) -> Pod {
        let waiting = |cs: &[ContainerSpec], reason: &str| {
            cs.iter()
                .map(|c| super::pod_control::waiting_status(c, reason))
                .collect()
        };
        Pod {
            ns: ns.to_string(),
            name: name.to_string(),
            uid,
            ordinal,
            owner: None,
            labels: tpl.labels.clone(),
            annotations: tpl.annotations.clone(),
            created: now,
            deletion: None,
            grace_s: tpl.grace_s,
            hostname: name.to_string(),
            subdomain: String::new(),
            node: None,
            host_ip: None,
            ip: None,
            phase: Phase::Pending,
            reason: None,
            message: None,
            conditions: Vec::new(),
            containers: waiting(&tpl.containers, "ContainerCreating"),
            init_containers: waiting(&tpl.init_containers, "PodInitializing"),
            template: Rc::new(tpl),
            revision: String::new(),
            claims: Vec::new(),
            worker_start: None,
            unschedulable: None,
            epoch: 0,
            applied: false,
            verdict: VerdictCache::default(),
        }
    }

    pub fn key(&self) -> Key {
        key(&self.ns, &self.name)
    }
    /// The pod's DNS name under its subdomain, if it has one.
    pub fn fqdn(&self, cluster_domain: &str) -> Option<String> {
        (!self.subdomain.is_empty()).then(|| {
            crate::derive::pod_fqdn(&self.hostname, &self.subdomain, &self.ns, cluster_domain)
        })
    }
    /// What the pod calls itself in full (`hostname -f`, its own `/etc/hosts` line): its DNS
    /// name, or the bare hostname without a subdomain (the kubelet's `ensureHostsFile`).
    pub fn host_fqdn(&self, cluster_domain: &str) -> String {
        self.fqdn(cluster_domain)
            .unwrap_or_else(|| self.hostname.clone())
    }
    pub fn condition(&self, ty: &str) -> Option<&Condition> {
        self.conditions.iter().find(|c| c.ty == ty)
    }
    /// PodReady condition is True.
    pub fn is_ready(&self) -> bool {
        self.condition("Ready").is_some_and(|c| c.status)
    }
    pub fn is_terminating(&self) -> bool {
        self.deletion.is_some()
    }
    /// `isRunningAndReady`.
    pub fn running_and_ready(&self) -> bool {
        self.phase == Phase::Running && self.is_ready()
    }
    /// `isRunningAndAvailable`: ready for more than `min_ready_s` seconds at `now`. Condition
    /// times are whole seconds, as in the API.
    pub fn available(&self, min_ready_s: i64, now: Ms) -> bool {
        if !self.running_and_ready() {
            return false;
        }
        if min_ready_s <= 0 {
            return true;
        }
        let since = self.condition("Ready").map_or(0, |c| c.since / 1000 * 1000);
        since + (min_ready_s as u64) * 1000 < now
    }
    pub fn set_condition(&mut self, ty: &'static str, status: bool, now: Ms) {
        match self.conditions.iter_mut().find(|c| c.ty == ty) {
            Some(c) => {
                if c.status != status {
                    c.status = status;
                    c.since = now;
                }
            }
            None => self.conditions.push(Condition {
                ty,
                status,
                since: now,
                reason: None,
                message: None,
            }),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PvcPhase {
    Pending,
    Bound,
    Lost,
}

impl PvcPhase {
    pub fn as_str(self) -> &'static str {
        match self {
            PvcPhase::Pending => "Pending",
            PvcPhase::Bound => "Bound",
            PvcPhase::Lost => "Lost",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Pvc {
    pub ns: String,
    pub name: String,
    pub uid: String,
    pub labels: BTreeMap<String, String>,
    pub created: Ms,
    pub deletion: Option<Ms>,
    pub storage: String,
    pub access_modes: Vec<String>,
    pub class: Option<String>,
    pub volume_mode: String,
    pub phase: PvcPhase,
    pub volume: Option<String>,
    pub owners: Vec<Owner>,
    /// Claim template and StatefulSet it was made for.
    pub template: String,
    pub set: String,
}

impl Pvc {
    pub fn key(&self) -> Key {
        key(&self.ns, &self.name)
    }
}

/// A PersistentVolume: where a claim's data lives, file by file.
#[derive(Clone, Debug, PartialEq)]
pub struct Pv {
    pub name: String,
    pub uid: String,
    pub created: Ms,
    pub capacity: String,
    pub access_modes: Vec<String>,
    pub reclaim: String,
    pub class: String,
    pub claim: Option<Key>,
    pub phase: &'static str,
    /// Absolute paths inside the volume (relative to its root) to contents.
    pub files: BTreeMap<String, String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SvcPort {
    pub name: Option<String>,
    pub port: i64,
    pub target: String,
    pub protocol: String,
    pub node_port: Option<i64>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Service {
    pub ns: String,
    pub name: String,
    pub uid: String,
    pub created: Ms,
    pub ty: String,
    /// `None` for a headless Service, else the virtual IP.
    pub cluster_ip: String,
    pub ports: Vec<SvcPort>,
    pub selector: BTreeMap<String, String>,
    pub publish_not_ready: bool,
    pub labels: BTreeMap<String, String>,
    pub annotations: BTreeMap<String, String>,
    /// The clean, defaulted object.
    pub tree: Node,
}

impl Service {
    pub fn headless(&self) -> bool {
        self.cluster_ip == "None"
    }

    /// Whether the Service's selector picks `pod` (its namespace, every label of the
    /// selector; an empty selector picks every pod, which each caller decides about).
    pub fn selects(&self, pod: &Pod) -> bool {
        pod.ns == self.ns
            && self
                .selector
                .iter()
                .all(|(k, v)| pod.labels.get(k) == Some(v))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Policy {
    OrderedReady,
    Parallel,
}

#[derive(Clone, Debug, PartialEq)]
pub enum MaxUnavailable {
    Int(i64),
    Percent(i64),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Rolling {
    pub partition: i64,
    pub max_unavailable: Option<MaxUnavailable>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ClaimTemplate {
    pub name: String,
    pub labels: BTreeMap<String, String>,
    pub annotations: BTreeMap<String, String>,
    pub storage: String,
    pub access_modes: Vec<String>,
    pub class: Option<String>,
    pub volume_mode: String,
}

/// The StatefulSet spec the controller reads.
#[derive(Clone, Debug, PartialEq)]
pub struct StsSpec {
    pub replicas: i64,
    pub start: i64,
    pub policy: Policy,
    /// `RollingUpdate` or `OnDelete`.
    pub strategy: String,
    /// `None` when `type: RollingUpdate` was written without a `rollingUpdate` block (§3).
    pub rolling: Option<Rolling>,
    pub min_ready_s: i64,
    pub history_limit: i64,
    pub when_deleted_delete: bool,
    pub when_scaled_delete: bool,
    pub selector: Selector,
    pub service_name: String,
    /// The clean, defaulted `spec.template`.
    pub template: SharedTemplate,
    pub claims: Vec<ClaimTemplate>,
}

/// A set's `spec.template` tree, shared by every copy of the set (a sync copies it) and
/// hashed once: the controller computes the revision hash of the template in every sync.
#[derive(Clone, Debug)]
pub struct SharedTemplate {
    tree: Rc<Node>,
    /// Unique to this template among all made in this thread (copies share it): what a pod's
    /// cached `Verdict` was made for.
    id: u64,
    /// FNV-1 state after the template's patch JSON (`revision::patch_fnv`), and the version
    /// profile's `null_creation_timestamp` it was made for.
    patch_fnv: std::cell::Cell<Option<(bool, u32)>>,
}

impl SharedTemplate {
    pub fn new(tree: Node) -> SharedTemplate {
        thread_local!(static NEXT: std::cell::Cell<u64> = const { std::cell::Cell::new(1) });
        SharedTemplate {
            tree: Rc::new(tree),
            id: NEXT.with(|n| n.replace(n.get() + 1)),
            patch_fnv: std::cell::Cell::new(None),
        }
    }

    pub fn id(&self) -> u64 {
        self.id
    }

    /// The tree itself, to share.
    pub fn tree(&self) -> &Rc<Node> {
        &self.tree
    }

    /// `revision::hash` of this template, computing the patch JSON only the first time.
    pub fn revision_hash(&self, collision_count: i64, profile: &crate::version::Profile) -> String {
        let fnv = match self.patch_fnv.get() {
            Some((null, fnv)) if null == profile.null_creation_timestamp => fnv,
            _ => {
                let fnv = super::revision::patch_fnv(&self.tree, profile);
                self.patch_fnv
                    .set(Some((profile.null_creation_timestamp, fnv)));
                fnv
            }
        };
        super::revision::hash_from(fnv, collision_count)
    }
}

impl std::ops::Deref for SharedTemplate {
    type Target = Node;
    fn deref(&self) -> &Node {
        &self.tree
    }
}

impl PartialEq for SharedTemplate {
    fn eq(&self, other: &SharedTemplate) -> bool {
        Rc::ptr_eq(&self.tree, &other.tree) || self.tree == other.tree
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct StsStatus {
    pub observed_generation: i64,
    pub replicas: i64,
    pub ready: i64,
    pub available: i64,
    pub current: i64,
    pub updated: i64,
    pub current_revision: String,
    pub update_revision: String,
    pub collision_count: i64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StatefulSet {
    pub ns: String,
    pub name: String,
    pub uid: String,
    pub created: Ms,
    pub generation: i64,
    pub deletion: Option<Ms>,
    pub labels: BTreeMap<String, String>,
    pub annotations: BTreeMap<String, String>,
    pub spec: StsSpec,
    pub status: StsStatus,
    /// The clean, defaulted object as applied (spec only; status is rendered from `status`),
    /// shared by every copy of the set.
    pub tree: Rc<Node>,
    /// Not part of the API object: the controller's work queue for this set. Until when its
    /// last sync occupies the controller (`Timing::sync_per_pod_us`), and the sync scheduled
    /// for then to cover the updates that arrived meanwhile.
    pub busy_until: Ms,
    pub coalesced_at: Option<Ms>,
}

impl StatefulSet {
    pub fn key(&self) -> Key {
        key(&self.ns, &self.name)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Revision {
    pub ns: String,
    pub name: String,
    pub uid: String,
    pub set: String,
    pub set_uid: String,
    pub revision: i64,
    pub hash: String,
    /// The template it records, shared with the set it was made from and with its pods.
    pub template: Rc<Node>,
    pub created: Ms,
    /// `kubernetes.io/change-cause`, when the StatefulSet carried one.
    pub change_cause: Option<String>,
}

/// A string of the timeline and the Events (a name, a reason, a message), shared by every
/// entry that holds it (`World::intern`). One pointer wide where an `Rc<str>` is two: a
/// rollout of 10,000 pods keeps 310,000 timeline entries and 130,000 Events, and each holds
/// four to six of these.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Name(Rc<Box<str>>);

impl std::ops::Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for Name {
    fn borrow(&self) -> &str {
        self
    }
}

impl From<&str> for Name {
    fn from(s: &str) -> Name {
        Name(Rc::new(s.into()))
    }
}

impl From<String> for Name {
    fn from(s: String) -> Name {
        Name(Rc::new(s.into_boxed_str()))
    }
}

impl std::fmt::Display for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self)
    }
}

impl std::fmt::Debug for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self, f)
    }
}

/// A Kubernetes Event (`v1.Event`), aggregated like the event recorder does.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub ns: Name,
    /// The hexadecimal suffix of its name (`name`): a rollout of 10,000 pods records 300,000
    /// Events, whose names are only ever printed one at a time.
    pub suffix: u64,
    pub kind: &'static str,
    pub object: Name,
    pub uid: Name,
    pub field_path: Option<Name>,
    pub reason: Name,
    pub message: Name,
    pub warning: bool,
    pub source: &'static str,
    pub first: Ms,
    pub last: Ms,
    pub count: u32,
}

impl Event {
    /// `<object>.<hex>`, as client-go's recorder names an Event (`makeEvent`: the object's name
    /// and the creation time in nanoseconds, here made unique per run).
    pub fn name(&self) -> String {
        format!("{}.{:x}", self.object, self.suffix)
    }
}

/// What happened, for the timeline and `simulate` (actions of the CLI contract).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Create,
    Delete,
    Gone,
    Running,
    Ready,
    Unready,
    Restart,
    Failed,
    Update,
    Event,
    Blocked,
    Settled,
    /// Not in the JSON contract: the controller is waiting (text timeline and UI only).
    Waiting,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Delete => "delete",
            Action::Gone => "gone",
            Action::Running => "running",
            Action::Ready => "ready",
            Action::Unready => "unready",
            Action::Restart => "restart",
            Action::Failed => "failed",
            Action::Update => "update",
            Action::Event => "event",
            Action::Blocked => "blocked",
            Action::Settled => "settled",
            Action::Waiting => "waiting",
        }
    }
}

/// One line of the timeline.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub t: Ms,
    pub step: u32,
    pub action: Action,
    pub kind: &'static str,
    pub ns: Name,
    pub name: Name,
    pub reason: Option<Name>,
    pub message: Option<Name>,
    pub revision: Option<Name>,
    /// For events: a Warning (not Normal) event.
    pub warning: bool,
    /// For events: the event recorder's spam filter dropped it, so the API server never got
    /// it (its count still grows, shown by the next one that gets through).
    pub dropped: bool,
}
