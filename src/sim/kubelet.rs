//! The kubelet (`pkg/kubelet/prober/worker.go`, kubelet v1.36): admitting a pod, its sandbox, image pulls, container
//! starts in order (init containers first), the apps coming up, restarts with back-off,
//! graceful termination, and the pod's conditions and phase. Probes are in `probes.rs`, the
//! scheduler and the provisioner in their own files.
//!
//! Image pulls that fail (`image.rs` says which) are not ticked. The kubelet's pod syncs
//! during an image back-off (every 10s) repeat the same two Events; they are counted onto those
//! Events when the back-off ends, and the next attempt is one timer (`pull`, `pull_failed`,
//! `pull_backoff`). Like a crash loop, a pull that keeps failing keeps the world busy.

use super::app::{self, AppKind};
use super::cluster::{FaultKind, Timer, World};
use super::events::{ObjectRef, component};
use super::image;
use super::world::{
    Action, CState, ContainerRef, ContainerSpec, ContainerStatus, Key, Ms, Phase, PullFailure, key,
};

/// The pod worker requeues a pod whose sync failed after `backOffPeriod` (kubelet.go, 10s).
const POD_RESYNC_AFTER_ERROR: Ms = 10_000;

/// Why an image will not be there (see `World::pull_problem`).
enum PullProblem {
    /// `InvalidImageName`, with the kubelet's message.
    InvalidName(String),
    /// The registry refuses the pull: Docker's error text.
    Refused(String),
}

impl World {
    /// The `Pulled` event of an image the node has (`EnsureImageExists`, pkg/kubelet/images/
    /// image_manager.go): from 1.35, where `KubeletEnsureSecretPulledImages` is on by
    /// default, the kubelet adds that the pod may use it.
    fn already_present(&self, image: &str) -> String {
        if self.profile.minor >= 35 {
            format!(
                "Container image \"{image}\" already present on machine and can be accessed by the pod"
            )
        } else {
            format!("Container image \"{image}\" already present on machine")
        }
    }

    /// The `Created` and `Started` events of a container (pkg/kubelet/kuberuntime/
    /// kuberuntime_container.go `startContainer`): `Created container NAME` up to 1.31,
    /// `Created container: NAME` in 1.32-1.34, and from 1.35 (PR #134043, which leaves the
    /// container to the event's field path) `Container created` and `Container started`.
    fn created_and_started(&mut self, at: &ObjectRef<'_>, container: &str) {
        let (created, started) = match self.profile.minor {
            ..=31 => (
                format!("Created container {container}"),
                format!("Started container {container}"),
            ),
            32..=34 => (
                format!("Created container: {container}"),
                format!("Started container {container}"),
            ),
            _ => (
                "Container created".to_string(),
                "Container started".to_string(),
            ),
        };
        self.recorder(component::KUBELET)
            .normal(at, "Created", created);
        self.recorder(component::KUBELET)
            .normal(at, "Started", started);
    }

    /// Handles a node-side timer.
    pub(super) fn kubelet(&mut self, timer: Timer) {
        match timer {
            Timer::Kubelet { pod, epoch } => self.admit(&pod, epoch),
            Timer::Sandbox { pod, epoch } => self.sandbox(&pod, epoch),
            Timer::Start { container, epoch } => self.start_container(&container, epoch),
            Timer::Pull { container, epoch } => self.pull(&container, epoch),
            Timer::PullFailed { container, epoch } => self.pull_failed(&container, epoch),
            Timer::PullBackOff { container, epoch } => self.pull_backoff(&container, epoch),
            Timer::Probe { container, epoch } => self.probe_fired(&container, epoch),
            Timer::Exited { container, epoch } => self.exited(&container, epoch),
            Timer::Crash { container, started } => {
                let runs = self.pods.get(&container.pod).is_some_and(|p| {
                    p.containers.get(container.index).is_some_and(
                        |c| matches!(c.state, CState::Running { started: s } if s == started),
                    )
                });
                if runs {
                    self.crash(&container);
                }
            }
            Timer::Restart { container, epoch } => self.restart(&container, epoch),
            Timer::Gone { pod, epoch } => self.gone(&pod, epoch),
            Timer::Sync(_)
            | Timer::Gc
            | Timer::ReleaseClaims
            | Timer::Provision(_)
            | Timer::Schedule { .. } => {}
        }
    }

    /// The kubelet takes the pod: conditions appear, probe workers start.
    fn admit(&mut self, pod_key: &Key, epoch: u32) {
        let now = self.now;
        let Some(p) = self.pods.get_mut(pod_key) else {
            return;
        };
        if p.epoch != epoch || p.deletion.is_some() {
            return;
        }
        p.worker_start = Some(now);
        let has_init = !p.init_containers.is_empty();
        p.set_condition("PodReadyToStartContainers", false, now);
        p.set_condition("Initialized", !has_init, now);
        p.set_condition("Ready", false, now);
        p.set_condition("ContainersReady", false, now);
        order_conditions(p);
        let delay = self.dur(self.timing.sandbox);
        self.after(
            delay,
            Timer::Sandbox {
                pod: pod_key.clone(),
                epoch,
            },
        );
    }

    fn sandbox(&mut self, pod_key: &Key, epoch: u32) {
        let now = self.now;
        let ip = self.pod_ip();
        let Some(p) = self.pods.get_mut(pod_key) else {
            return;
        };
        if p.epoch != epoch || p.deletion.is_some() {
            return;
        }
        p.ip = Some(ip);
        p.set_condition("PodReadyToStartContainers", true, now);
        let first_init = !p.init_containers.is_empty();
        self.start_next(&ContainerRef::new(pod_key, 0, first_init), 0);
    }

    /// Schedules the start of container `c` (`init`) `wait` ms from now, after its image is
    /// pulled.
    fn start_next(&mut self, ct: &ContainerRef, wait: Ms) {
        let (pod_key, c, init) = (&ct.pod, ct.index, ct.init);
        let Some(p) = self.pods.get(pod_key) else {
            return;
        };
        let list = if init {
            &p.template.init_containers
        } else {
            &p.template.containers
        };
        let Some(spec) = list.get(c).cloned() else {
            if init {
                // Init containers done: the regular containers start.
                let now = self.now;
                if let Some(p) = self.pods.get_mut(pod_key) {
                    p.set_condition("Initialized", true, now + wait);
                }
                self.start_next(&ContainerRef::main(pod_key, 0), wait);
            }
            return;
        };
        let (ns, name, uid, epoch) = (p.ns.clone(), p.name.clone(), p.uid.clone(), p.epoch);
        let field = Some(ct.field_path(&spec.name));
        if self.pull_problem(&name, &spec).is_some() {
            // The image will not be there: pod syncs try it on their own timers (`pull`). The
            // record also tells `start_container` that the next container was started here.
            let Some(s) = self.container_status_mut(ct) else {
                return;
            };
            s.pull.get_or_insert_with(PullFailure::default);
            let cepoch = s.epoch;
            self.after(
                wait,
                Timer::Pull {
                    container: ct.clone(),
                    epoch: cepoch,
                },
            );
            // The kubelet starts the other main containers regardless; init containers wait.
            if !init {
                self.start_next(&ContainerRef::main(pod_key, c + 1), wait);
            }
            return;
        }
        let present = self.images.contains(&spec.image);
        let pull = if present && spec.pull_policy != "Always" {
            0
        } else if present {
            self.dur(self.timing.repull)
        } else {
            self.dur(self.timing.pull)
        };
        if pull > 0 {
            self.recorder(component::KUBELET).normal(
                &ObjectRef::new("Pod", &ns, &name, &uid).at(field.as_deref()),
                "Pulling",
                format!("Pulling image \"{}\"", spec.image),
            );
        }
        let start = self.dur(self.timing.start);
        let cstatus = if init {
            self.pods
                .get(pod_key)
                .and_then(|p| p.init_containers.get(c))
        } else {
            self.pods.get(pod_key).and_then(|p| p.containers.get(c))
        };
        let cepoch = cstatus.map_or(0, |s| s.epoch);
        self.after(
            wait + pull + start,
            Timer::Start {
                container: ct.clone(),
                epoch: cepoch,
            },
        );
        // Remember how long the pull took, for the Pulled event.
        if let Some(p) = self.pods.get_mut(pod_key) {
            let list = if init {
                &mut p.init_containers
            } else {
                &mut p.containers
            };
            if let Some(s) = list.get_mut(c) {
                s.image_id = if pull > 0 {
                    format!("pull:{pull}")
                } else {
                    String::new()
                };
            }
        }
        let _ = epoch;
    }

    /// Container `c`'s status.
    fn container_status(&self, ct: &ContainerRef) -> Option<&ContainerStatus> {
        let (pod_key, c, init) = (&ct.pod, ct.index, ct.init);
        let p = self.pods.get(pod_key)?;
        if init {
            p.init_containers.get(c)
        } else {
            p.containers.get(c)
        }
    }

    fn container_status_mut(&mut self, ct: &ContainerRef) -> Option<&mut ContainerStatus> {
        let p = self.pods.get_mut(&ct.pod)?;
        if ct.init {
            p.init_containers.get_mut(ct.index)
        } else {
            p.containers.get_mut(ct.index)
        }
    }

    /// Why container `spec`'s image will not be there, if it will not (`EnsureImageExists`):
    /// a reference the kubelet cannot parse, or a pull the registry refuses (`image.rs`, or a
    /// `pull=fail` fault). An image already on the node is pulled again only with `Always`.
    fn pull_problem(&self, pod: &str, spec: &ContainerSpec) -> Option<PullProblem> {
        if let Some(message) = image::invalid_name_message(&spec.image) {
            return Some(PullProblem::InvalidName(message));
        }
        if self.images.contains(&spec.image) && spec.pull_policy != "Always" {
            return None;
        }
        let forced =
            self.fault_applies(pod, &spec.image, &[FaultKind::PullFail, FaultKind::PullOk])
                == Some(FaultKind::PullFail);
        image::pull_error(&spec.image, forced).map(PullProblem::Refused)
    }

    /// The pod, container `c`'s spec and its Event field path, while `epoch` is current and
    /// the pod is not being deleted.
    fn pull_target(
        &self,
        ct: &ContainerRef,
        epoch: u32,
    ) -> Option<(String, String, String, ContainerSpec, Option<String>)> {
        let p = self.pods.get(&ct.pod)?;
        let status = self.container_status(ct)?;
        if p.deletion.is_some() || status.epoch != epoch {
            return None;
        }
        let list = if ct.init {
            &p.template.init_containers
        } else {
            &p.template.containers
        };
        let spec = list.get(ct.index)?.clone();
        let field = Some(ct.field_path(&spec.name));
        Some((p.ns.clone(), p.name.clone(), p.uid.clone(), spec, field))
    }

    /// Sets container `c` waiting with `reason` and `message`.
    fn set_waiting(&mut self, ct: &ContainerRef, reason: &str, message: String) {
        if let Some(s) = self.container_status_mut(ct) {
            s.state = CState::Waiting {
                reason: reason.to_string(),
                message: Some(message),
            };
        }
        self.touch_owner(&ct.pod);
    }

    /// A pod sync reaches container `c`, whose image did not or will not pull
    /// (`EnsureImageExists` in pkg/kubelet/images/image_manager.go, then `startContainer`'s
    /// `Error: %v` Event in pkg/kubelet/kuberuntime/kuberuntime_container.go). A name that does
    /// not parse is `InvalidImageName`, for good: no pull, no back-off, no retry timer (the pod
    /// worker would retry every 10s to the same end, so the world settles here). Otherwise it
    /// pulls: `Pulling`, and either the pull works now (a fault was lifted) or it fails.
    fn pull(&mut self, ct: &ContainerRef, epoch: u32) {
        let Some((ns, name, uid, spec, field)) = self.pull_target(ct, epoch) else {
            return;
        };
        let about = ObjectRef::new("Pod", &ns, &name, &uid).at(field.as_deref());
        self.count_backoff_repeats(ct, &about, &spec.image);
        match self.pull_problem(&name, &spec) {
            None => self.start_next(ct, 0),
            Some(PullProblem::InvalidName(message)) => {
                self.recorder(component::KUBELET).warning(
                    &ObjectRef::new("Pod", &ns, &name, &uid).at(field.as_deref()),
                    "InspectFailed",
                    message.clone(),
                );
                self.recorder(component::KUBELET).warning(
                    &ObjectRef::new("Pod", &ns, &name, &uid).at(field.as_deref()),
                    "Failed",
                    "Error: InvalidImageName",
                );
                self.set_waiting(ct, "InvalidImageName", message);
            }
            Some(PullProblem::Refused(error)) => {
                self.recorder(component::KUBELET).normal(
                    &ObjectRef::new("Pod", &ns, &name, &uid).at(field.as_deref()),
                    "Pulling",
                    format!("Pulling image \"{}\"", spec.image),
                );
                let took = self.dur(self.timing.pull_fail);
                let Some(s) = self.container_status_mut(ct) else {
                    return;
                };
                let f = s.pull.get_or_insert_with(PullFailure::default);
                f.error = error;
                f.attempts += 1;
                self.after(
                    took,
                    Timer::PullFailed {
                        container: ct.clone(),
                        epoch,
                    },
                );
            }
        }
    }

    /// The pull fails: `Failed` Events (the runtime's error, then `Error: ErrImagePull`), the
    /// container waits in `ErrImagePull`, and the image back-off (`flowcontrol.Backoff.Next`:
    /// 10s, doubling to `MaxImageBackOff`, 300s) starts now. The next pod sync comes at once
    /// after the first failure (the new sandbox is a PLEG event), else after the pod worker's
    /// 10s error requeue (`backOffPeriod`).
    fn pull_failed(&mut self, ct: &ContainerRef, epoch: u32) {
        let now = self.now;
        let Some((ns, name, uid, spec, field)) = self.pull_target(ct, epoch) else {
            return;
        };
        let Some(f) = self.container_status_mut(ct).and_then(|s| s.pull.as_mut()) else {
            return;
        };
        f.backoff_s = if f.backoff_s == 0 {
            10
        } else {
            (f.backoff_s * 2).min(300)
        };
        f.failed_at = now;
        let (error, first) = (f.error.clone(), f.attempts == 1);
        self.recorder(component::KUBELET).warning(
            &ObjectRef::new("Pod", &ns, &name, &uid).at(field.as_deref()),
            "Failed",
            format!("Failed to pull image \"{}\": {error}", spec.image),
        );
        self.recorder(component::KUBELET).warning(
            &ObjectRef::new("Pod", &ns, &name, &uid).at(field.as_deref()),
            "Failed",
            "Error: ErrImagePull",
        );
        self.set_waiting(ct, "ErrImagePull", error);
        let next_sync = if first { 1000 } else { 10_000 };
        self.after(
            next_sync,
            Timer::PullBackOff {
                container: ct.clone(),
                epoch,
            },
        );
    }

    /// A pod sync while the image is in back-off (`IsInBackOffSinceUpdate`): a `BackOff` Event,
    /// `Error: ImagePullBackOff`, and the container waits in `ImagePullBackOff` with the last
    /// error wrapped (`Back-off pulling image %q: ErrImagePull: ...`). The pod worker syncs
    /// again every 10s; the first sync once the back-off has passed pulls again. Those syncs
    /// are not ticked: they are counted, and the retry is one timer.
    fn pull_backoff(&mut self, ct: &ContainerRef, epoch: u32) {
        let now = self.now;
        let Some((ns, name, uid, spec, field)) = self.pull_target(ct, epoch) else {
            return;
        };
        let Some(f) = self.container_status(ct).and_then(|s| s.pull.clone()) else {
            return;
        };
        self.recorder(component::KUBELET).normal(
            &ObjectRef::new("Pod", &ns, &name, &uid).at(field.as_deref()),
            "BackOff",
            format!("Back-off pulling image \"{}\"", spec.image),
        );
        self.recorder(component::KUBELET).warning(
            &ObjectRef::new("Pod", &ns, &name, &uid).at(field.as_deref()),
            "Failed",
            "Error: ImagePullBackOff",
        );
        self.set_waiting(
            ct,
            "ImagePullBackOff",
            format!(
                "Back-off pulling image \"{}\": ErrImagePull: {}",
                spec.image, f.error
            ),
        );
        let until = f.failed_at + f.backoff_s * 1000;
        let (mut retry, mut repeats, mut last) = (now + POD_RESYNC_AFTER_ERROR, 0, now);
        while retry < until {
            repeats += 1;
            last = retry;
            retry += POD_RESYNC_AFTER_ERROR;
        }
        if let Some(f) = self.container_status_mut(ct).and_then(|s| s.pull.as_mut()) {
            f.repeats = (repeats, last);
        }
        self.after(
            retry - now,
            Timer::Pull {
                container: ct.clone(),
                epoch,
            },
        );
    }

    /// Counts the back-off syncs that passed since the first one on its two Events, as the
    /// event recorder aggregates repeats (count + n, last seen at the last of them).
    fn count_backoff_repeats(&mut self, ct: &ContainerRef, about: &ObjectRef, image: &str) {
        let Some((n, last)) = self
            .container_status_mut(ct)
            .and_then(|s| s.pull.as_mut())
            .map(|f| std::mem::take(&mut f.repeats))
        else {
            return;
        };
        if n == 0 {
            return;
        }
        let backoff = format!("Back-off pulling image \"{image}\"");
        let mut kubelet = self.recorder(component::KUBELET);
        kubelet.repeated(about, (false, "BackOff", backoff), n, last);
        kubelet.repeated(
            about,
            (true, "Failed", "Error: ImagePullBackOff".into()),
            n,
            last,
        );
    }

    fn start_container(&mut self, ct: &ContainerRef, epoch: u32) {
        let (pod_key, c, init) = (&ct.pod, ct.index, ct.init);
        let now = self.now;
        let Some(p) = self.pods.get(pod_key) else {
            return;
        };
        let status = if init {
            p.init_containers.get(c)
        } else {
            p.containers.get(c)
        };
        if p.deletion.is_some() || status.is_none_or(|s| s.epoch != epoch) {
            return;
        }
        let tpl = p.template.clone();
        let spec = if init {
            &tpl.init_containers[c]
        } else {
            &tpl.containers[c]
        };
        let (ns, name, uid) = (p.ns.clone(), p.name.clone(), p.uid.clone());
        let field = Some(ct.field_path(&spec.name));
        let pulled_in = status.and_then(|s| {
            s.image_id
                .strip_prefix("pull:")
                .and_then(|v| v.parse::<u64>().ok())
        });
        let message = match pulled_in {
            Some(ms) => format!(
                "Successfully pulled image \"{}\" in {}.{:03}s ({}.{:03}s including waiting). Image size: {} bytes.",
                spec.image,
                ms / 1000,
                ms % 1000,
                ms / 1000,
                ms % 1000,
                image_size(&spec.image)
            ),
            None => self.already_present(&spec.image),
        };
        self.images.insert(spec.image.clone());
        let at = ObjectRef::new("Pod", &ns, &name, &uid).at(field.as_deref());
        self.recorder(component::KUBELET)
            .normal(&at, "Pulled", message);
        self.created_and_started(&at, &spec.name);
        let kind = app::app_of(&self.choices, &tpl, spec);
        let up = app::timing(&tpl, &kind).up;
        let up = self.dur(up);
        let container_id = format!("docker://{}", self.rng.hex(64));
        let image_id = image_id(&spec.image);
        let sync = self.dur(self.timing.status_sync);
        let Some(p) = self.pods.get_mut(pod_key) else {
            return;
        };
        let list = if init {
            &mut p.init_containers
        } else {
            &mut p.containers
        };
        let s = &mut list[c];
        s.state = CState::Running { started: now };
        s.container_id = Some(container_id);
        s.image_id = image_id;
        s.app_up_at = Some(now + up);
        s.live = true;
        s.started = spec.startup.is_none();
        s.started_at = s.started.then_some(now);
        s.live_until = None;
        s.probes_counted = now;
        s.failures_noted = now;
        s.ready = false;
        s.readiness.manual_at = Some(now + sync);
        s.epoch += 1;
        // A main container whose image did not pull at first let the next one start already.
        let chained = s.pull.take().is_some() && !init;
        let sidecar = spec.sidecar;
        if init && !sidecar {
            // A plain init container runs to completion, then the next one starts.
            s.state = CState::Terminated {
                reason: "Completed".into(),
                exit_code: 0,
                started: now,
                finished: now + up,
            };
            s.app_up_at = None;
            // The next container starts once this one has finished.
            self.start_next(&ct.next(), up);
            return;
        }
        if !init && p.phase == Phase::Pending {
            p.phase = Phase::Running;
            let (ns, name) = (p.ns.clone(), p.name.clone());
            self.log(Action::Running, "Pod", &ns, &name);
        }
        self.app_started(ct, &kind, spec);
        self.apply_one_shot_faults(pod_key);
        self.plan_probes(ct);
        self.update_ready(pod_key);
        if !chained {
            self.start_next(&ct.next(), 0);
        }
        self.touch_owner(pod_key);
    }

    /// The app's own start: the visits app creates (or resets) its counter file.
    fn app_started(&mut self, ct: &ContainerRef, kind: &AppKind, spec: &ContainerSpec) {
        let pod_key = &ct.pod;
        let now = self.now;
        if *kind == AppKind::Crash {
            let delay = self.dur(app::CRASH_AFTER);
            self.after(
                delay,
                Timer::Crash {
                    container: ct.clone(),
                    started: now,
                },
            );
        }
        let line = match kind {
            AppKind::Visits {
                file,
                reset_on_start,
            } => {
                if let Some((pv, path)) = self.volume_file(pod_key, spec, file) {
                    let files = &mut self.pvs.get_mut(&pv).map(|v| &mut v.files);
                    if let Some(files) = files.as_mut()
                        && (*reset_on_start || !files.contains_key(&path))
                    {
                        files.insert(path, "0\n".into());
                    }
                }
                format!(
                    "Serving HTTP on 0.0.0.0 port {} (http://0.0.0.0:{}/) ...",
                    app::port(spec, kind),
                    app::port(spec, kind)
                )
            }
            AppKind::Nginx => {
                "/docker-entrypoint.sh: Configuration complete; ready for start up".into()
            }
            AppKind::Sleeper | AppKind::Web | AppKind::Crash => String::new(),
        };
        if !line.is_empty() {
            self.pod_logs
                .entry(pod_key.clone())
                .or_default()
                .push((now, line));
        }
    }

    /// The PV and path inside it that hold `file` for container `spec` of the pod, if `file`
    /// lies under a mounted claim.
    pub fn volume_file(
        &self,
        pod_key: &Key,
        spec: &ContainerSpec,
        file: &str,
    ) -> Option<(String, String)> {
        let p = self.pods.get(pod_key)?;
        let m = spec
            .mounts
            .iter()
            .filter(|m| {
                file.starts_with(m.path.trim_end_matches('/'))
                    && (file.len() == m.path.trim_end_matches('/').len()
                        || file[m.path.trim_end_matches('/').len()..].starts_with('/'))
            })
            .max_by_key(|m| m.path.len())?;
        let claim = p
            .claims
            .iter()
            .find(|(v, _)| *v == m.name)
            .map(|(_, c)| c.clone())?;
        let pv = self.pvcs.get(&key(&p.ns, &claim))?.volume.clone()?;
        let rel = file[m.path.trim_end_matches('/').len()..].trim_start_matches('/');
        let rel = match &m.sub_path {
            Some(sub) => format!("{}/{rel}", sub.trim_matches('/')),
            None => rel.to_string(),
        };
        Some((pv, rel))
    }

    /// One-shot faults (`phase=...`, `crash`) fire when a matching pod runs.
    pub fn apply_one_shot_faults(&mut self, pod_key: &Key) {
        let Some(p) = self.pods.get(pod_key) else {
            return;
        };
        if p.phase != Phase::Running || p.deletion.is_some() {
            return;
        }
        let name = p.name.clone();
        let mut fire = None;
        for f in self.faults.iter_mut() {
            let hits = f
                .pods
                .as_deref()
                .is_some_and(|g| super::cluster::glob(g, &name));
            let one_shot = matches!(f.kind, FaultKind::Phase(_) | FaultKind::Crash);
            // Once per pod name: the replacement the controller creates under the same name
            // must not fail again, or a Failed pod would be recreated forever.
            if hits && one_shot && !f.fired.contains(pod_key) && fire.is_none() {
                f.fired.insert(pod_key.clone());
                fire = Some(f.kind.clone());
            }
        }
        match fire {
            Some(FaultKind::Phase(phase)) => self.end_pod(pod_key, phase),
            Some(FaultKind::Crash) => self.crash(&ContainerRef::main(pod_key, 0)),
            _ => {}
        }
    }

    /// The pod's containers stop and it ends in `phase` (an eviction or node shutdown).
    pub fn end_pod(&mut self, pod_key: &Key, phase: Phase) {
        let now = self.now;
        self.note_pod_probe_failures(pod_key, true);
        self.count_probe_requests(pod_key);
        let Some(p) = self.pods.get_mut(pod_key) else {
            return;
        };
        p.phase = phase;
        let failed = phase == Phase::Failed;
        p.reason = Some(if failed { "Evicted" } else { "Terminated" }.into());
        p.message = Some(if failed {
            "The node was low on resource: memory. Threshold quantity: 100Mi, available: 64Mi."
                .to_string()
        } else {
            "Pod was terminated in response to imminent node shutdown.".to_string()
        });
        for c in p.containers.iter_mut().chain(p.init_containers.iter_mut()) {
            if let CState::Running { started } = c.state {
                c.state = CState::Terminated {
                    reason: if failed { "Error" } else { "Completed" }.into(),
                    exit_code: if failed { 137 } else { 0 },
                    started,
                    finished: now,
                };
            }
            c.ready = false;
            c.epoch += 1;
        }
        let (ns, name, uid) = (p.ns.clone(), p.name.clone(), p.uid.clone());
        self.update_ready(pod_key);
        let e = self.log(Action::Failed, "Pod", &ns, &name);
        e.reason = Some(phase.as_str().into());
        if failed {
            self.recorder(component::KUBELET).warning(
                &ObjectRef::new("Pod", &ns, &name, &uid),
                "Evicted",
                "The node was low on resource: memory. Threshold quantity: 100Mi, available: 64Mi.",
            );
        }
        self.touch_owner(pod_key);
    }

    /// Container `c` exits with code 1 (a crash); the kubelet restarts it.
    pub fn crash(&mut self, ct: &ContainerRef) {
        let (pod_key, c) = (&ct.pod, ct.index);
        let Some(p) = self.pods.get_mut(pod_key) else {
            return;
        };
        let Some(s) = p.containers.get_mut(c) else {
            return;
        };
        if !matches!(s.state, CState::Running { .. }) {
            return;
        }
        s.epoch += 1;
        let epoch = s.epoch;
        s.ready = false;
        s.exiting = Some(("Error".into(), 1));
        self.update_ready(pod_key);
        self.after(
            0,
            Timer::Exited {
                container: ct.clone(),
                epoch,
            },
        );
    }

    /// Sends SIGTERM to container `c` (main containers) for a restart.
    pub(super) fn kill_container(&mut self, ct: &ContainerRef) {
        let (pod_key, c) = (&ct.pod, ct.index);
        let Some(p) = self.pods.get(pod_key) else {
            return;
        };
        let tpl = p.template.clone();
        let grace = p.grace_s;
        let spec = &tpl.containers[c];
        let kind = app::app_of(&self.choices, &tpl, spec);
        let term = app::timing(&tpl, &kind).term;
        let (delay, reason, code) = match term {
            Some(t) => (self.dur(t).min(grace.max(0) as u64 * 1000), "Completed", 0),
            None => (grace.max(0) as u64 * 1000, "Error", 137),
        };
        let Some(p) = self.pods.get_mut(pod_key) else {
            return;
        };
        let s = &mut p.containers[c];
        s.epoch += 1;
        s.ready = false;
        s.exiting = Some((reason.into(), code));
        let epoch = s.epoch;
        self.after(
            delay,
            Timer::Exited {
                container: ct.clone(),
                epoch,
            },
        );
    }

    /// Stops a deleted pod: SIGTERM to every container, then the pod goes.
    pub fn stop_pod(&mut self, pod_key: &Key) {
        let Some(p) = self.pods.get(pod_key) else {
            return;
        };
        let epoch = p.epoch;
        // Image pulls in back-off end with the pod (a replacement of the same name starts
        // afresh: the image back-off is keyed by pod UID).
        let pulling = p
            .containers
            .iter()
            .chain(&p.init_containers)
            .any(|c| c.pull.is_some());
        if pulling {
            self.timers.retain(|_, t| {
                !matches!(t, Timer::Pull { container, .. } | Timer::PullFailed { container, .. }
                    | Timer::PullBackOff { container, .. } if &container.pod == pod_key)
            });
        }
        if p.node.is_none() {
            let delay = self.dur(self.timing.delete_unscheduled);
            self.after(
                delay,
                Timer::Gone {
                    pod: pod_key.clone(),
                    epoch,
                },
            );
            return;
        }
        let tpl = p.template.clone();
        let grace = p.grace_s.max(0) as u64 * 1000;
        let (ns, name, uid) = (p.ns.clone(), p.name.clone(), p.uid.clone());
        let running: Vec<usize> = p
            .containers
            .iter()
            .enumerate()
            .filter(|(_, c)| matches!(c.state, CState::Running { .. }))
            .map(|(i, _)| i)
            .collect();
        for c in &running {
            let ct = ContainerRef::main(pod_key, *c);
            let spec = &tpl.containers[*c];
            let kind = app::app_of(&self.choices, &tpl, spec);
            let (delay, reason, code) = match app::timing(&tpl, &kind).term {
                Some(t) => (self.dur(t).min(grace), "Completed", 0),
                None => (grace, "Error", 137),
            };
            self.recorder(component::KUBELET).normal(
                &ObjectRef::new("Pod", &ns, &name, &uid).at(Some(&ct.field_path(&spec.name))),
                "Killing",
                format!("Stopping container {}", spec.name),
            );
            let Some(p) = self.pods.get_mut(pod_key) else {
                return;
            };
            let s = &mut p.containers[*c];
            s.epoch += 1;
            s.exiting = Some((reason.into(), code));
            let cepoch = s.epoch;
            self.after(
                delay,
                Timer::Exited {
                    container: ContainerRef::main(pod_key, *c),
                    epoch: cepoch,
                },
            );
        }
        if running.is_empty() {
            let delay = self.dur(self.timing.gone);
            self.after(
                delay,
                Timer::Gone {
                    pod: pod_key.clone(),
                    epoch,
                },
            );
        }
    }

    fn exited(&mut self, ct: &ContainerRef, epoch: u32) {
        let (pod_key, c) = (&ct.pod, ct.index);
        let now = self.now;
        let current = self
            .pods
            .get(pod_key)
            .and_then(|p| p.containers.get(c))
            .is_some_and(|s| s.epoch == epoch);
        if current {
            self.note_probe_failures(ct, now, true);
        }
        if current && c == 0 {
            self.count_probe_requests(pod_key);
        }
        let Some(p) = self.pods.get_mut(pod_key) else {
            return;
        };
        let Some(s) = p.containers.get_mut(c) else {
            return;
        };
        if s.epoch != epoch {
            return;
        }
        let (reason, code) = s.exiting.take().unwrap_or(("Completed".into(), 0));
        let started = match s.state {
            CState::Running { started } => started,
            _ => now,
        };
        s.state = CState::Terminated {
            reason,
            exit_code: code,
            started,
            finished: now,
        };
        s.ready = false;
        s.app_up_at = None;
        let deleting = p.deletion.is_some();
        let all_stopped = p
            .containers
            .iter()
            .all(|c| !matches!(c.state, CState::Running { .. }));
        let (ns, name, uid, pepoch) = (p.ns.clone(), p.name.clone(), p.uid.clone(), p.epoch);
        self.update_ready(pod_key);
        self.touch_owner(pod_key);
        if deleting {
            if all_stopped {
                let delay = self.dur(self.timing.gone);
                self.after(
                    delay,
                    Timer::Gone {
                        pod: pod_key.clone(),
                        epoch: pepoch,
                    },
                );
            }
            return;
        }
        // restartPolicy Always: restart after the back-off (first restart at once).
        let Some(p) = self.pods.get_mut(pod_key) else {
            return;
        };
        let s = &mut p.containers[c];
        let delay_s = s.backoff_s;
        s.backoff_s = if delay_s == 0 {
            10
        } else {
            (delay_s * 2).min(300)
        };
        let cname = s.name.clone();
        if delay_s > 0 {
            s.last = Some(s.state.clone());
            s.state = CState::Waiting {
                reason: "CrashLoopBackOff".into(),
                message: Some(format!(
                    "back-off {delay_s}s restarting failed container={cname} pod={name}_{ns}({uid})"
                )),
            };
            self.recorder(component::KUBELET).warning(
                &ObjectRef::new("Pod", &ns, &name, &uid).at(Some(&ct.field_path(&cname))),
                "BackOff",
                format!("Back-off restarting failed container {cname} in pod {name}_{ns}({uid})"),
            );
        }
        let Some(p) = self.pods.get_mut(pod_key) else {
            return;
        };
        let epoch = p.containers[c].epoch;
        self.after(
            delay_s * 1000,
            Timer::Restart {
                container: ct.clone(),
                epoch,
            },
        );
    }

    fn restart(&mut self, ct: &ContainerRef, epoch: u32) {
        let (pod_key, c) = (&ct.pod, ct.index);
        let now = self.now;
        let Some(p) = self.pods.get_mut(pod_key) else {
            return;
        };
        if p.deletion.is_some() || p.containers.get(c).is_none_or(|s| s.epoch != epoch) {
            return;
        }
        let tpl = p.template.clone();
        let spec = &tpl.containers[c];
        let s = &mut p.containers[c];
        if matches!(s.state, CState::Terminated { .. }) {
            s.last = Some(s.state.clone());
        }
        s.restarts += 1;
        let (ns, name, uid) = (p.ns.clone(), p.name.clone(), p.uid.clone());
        let field = Some(ct.field_path(&spec.name));
        let at = ObjectRef::new("Pod", &ns, &name, &uid).at(field.as_deref());
        let present = self.already_present(&spec.image);
        self.recorder(component::KUBELET)
            .normal(&at, "Pulled", present);
        self.created_and_started(&at, &spec.name);
        let kind = app::app_of(&self.choices, &tpl, spec);
        let up = self.dur(app::timing(&tpl, &kind).up);
        let container_id = format!("docker://{}", self.rng.hex(64));
        let sync = self.dur(self.timing.status_sync);
        let Some(p) = self.pods.get_mut(pod_key) else {
            return;
        };
        let s = &mut p.containers[c];
        s.state = CState::Running { started: now };
        s.container_id = Some(container_id);
        s.app_up_at = Some(now + up);
        s.live = true;
        s.started = spec.startup.is_none();
        s.started_at = s.started.then_some(now);
        s.live_until = None;
        s.probes_counted = now;
        s.failures_noted = now;
        s.ready = false;
        s.readiness.manual_at = Some(now + sync);
        s.epoch += 1;
        self.log(Action::Restart, "Pod", &ns, &name).message =
            Some(format!("container {} restarted", spec.name).into());
        self.app_started(ct, &kind, spec);
        self.plan_probes(ct);
        self.update_ready(pod_key);
        self.touch_owner(pod_key);
    }

    fn gone(&mut self, pod_key: &Key, epoch: u32) {
        let Some(p) = self.pods.get(pod_key) else {
            return;
        };
        if p.epoch != epoch || p.deletion.is_none() {
            return;
        }
        self.touch_owner(pod_key);
        let Some(p) = self.pods.remove(pod_key) else {
            return;
        };
        self.log(Action::Gone, "Pod", &p.ns, &p.name);
        // A claim deleted while this pod used it goes once pvc-protection notices; until
        // then the controller sees it terminating (`pvc ... is being deleted`).
        if !self.claims_being_deleted().is_empty() {
            let delay = self.dur(self.timing.pvc_protection);
            self.after(delay, Timer::ReleaseClaims);
        }
        let delay = self.dur(self.timing.gc);
        self.after(delay, Timer::Gc);
    }

    /// Recomputes ContainersReady and Ready from the containers; logs transitions.
    pub fn update_ready(&mut self, pod_key: &Key) {
        let now = self.now;
        let Some(p) = self.pods.get_mut(pod_key) else {
            return;
        };
        if p.worker_start.is_none() {
            return;
        }
        // Main containers and native sidecars count; plain init containers have finished.
        let sidecars_ready = p
            .init_containers
            .iter()
            .zip(&p.template.init_containers)
            .filter(|(_, spec)| spec.sidecar)
            .all(|(c, _)| c.ready);
        let all = sidecars_ready
            && p.containers
                .iter()
                .all(|c| c.ready && matches!(c.state, CState::Running { .. }));
        let was = p.is_ready();
        p.set_condition("ContainersReady", all, now);
        p.set_condition("Ready", all, now);
        for c in p
            .conditions
            .iter_mut()
            .filter(|c| c.ty == "Ready" || c.ty == "ContainersReady")
        {
            c.reason = (!c.status).then(|| "ContainersNotReady".to_string());
        }
        if was != all {
            let (ns, name) = (p.ns.clone(), p.name.clone());
            let owner = p.owner.as_ref().map(|o| key(&ns, &o.name));
            self.log(
                if all { Action::Ready } else { Action::Unready },
                "Pod",
                &ns,
                &name,
            );
            self.touch_owner(pod_key);
            // `updatePod`: a pod turning Ready requeues its set after minReadySeconds + 1s.
            let mrs = owner
                .as_ref()
                .and_then(|k| self.sets.get(k))
                .map_or(0, |s| s.spec.min_ready_s);
            if all
                && mrs > 0
                && let Some(set) = owner
            {
                self.requeue(&set, now + (mrs as u64 + 1) * 1000);
            }
        }
    }

    /// Replans probes of every running container of pods a fault may affect.
    pub fn replan_all(&mut self) {
        let keys: Vec<(Key, usize)> = self
            .pods
            .values()
            .flat_map(|p| (0..p.containers.len()).map(move |c| (p.key(), c)))
            .collect();
        for (k, c) in keys {
            self.plan_probes(&ContainerRef::main(&k, c));
            self.update_ready(&k);
        }
        let keys: Vec<Key> = self.pods.keys().cloned().collect();
        for k in keys {
            self.apply_one_shot_faults(&k);
        }
    }
}

/// Conditions in the order the kubelet reports them.
fn order_conditions(p: &mut super::world::Pod) {
    const ORDER: [&str; 5] = [
        "PodReadyToStartContainers",
        "Initialized",
        "Ready",
        "ContainersReady",
        "PodScheduled",
    ];
    crate::sort::sort_by_key(&mut p.conditions, |c| {
        ORDER.iter().position(|o| *o == c.ty).unwrap_or(9)
    });
}

/// A plausible, deterministic image size in bytes.
fn image_size(image: &str) -> u64 {
    20_000_000 + u64::from(super::revision::fnv1_32(image.as_bytes())) % 180_000_000
}

/// `docker-pullable://<repo>@sha256:<digest>`, deterministic per image.
fn image_id(image: &str) -> String {
    let repo = image.split('@').next().unwrap_or(image);
    let repo = match repo.rsplit_once(':') {
        Some((r, tag)) if !tag.contains('/') => r,
        _ => repo,
    };
    use std::fmt::Write as _;
    let mut id = format!("docker-pullable://{repo}@sha256:");
    let mut h = super::revision::fnv1_32(image.as_bytes());
    for _ in 0..8 {
        h = h.wrapping_mul(0x0100_0193) ^ 0x5bd1_e995;
        let _ = write!(id, "{h:08x}");
    }
    id
}
