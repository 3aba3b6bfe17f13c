//! How long things take in the simulated cluster. Every figure is adjustable; the defaults
//! are calibrated on a single-node minikube so that, under OrderedReady with default probes,
//! consecutive pods of a small Python app come up 12 to 14 seconds apart, and under Parallel
//! together. Each duration is `(base, jitter)` in milliseconds: the seeded RNG picks a value in
//! `base ± jitter`.

/// A duration with seeded jitter, in milliseconds.
pub type Spread = (u64, u64);

#[derive(Clone, Debug, PartialEq)]
pub struct Timing {
    /// The storage provisioner binds a new PVC (minikube-hostpath).
    pub provision: Spread,
    /// The scheduler places a pod whose claims are bound.
    pub schedule: Spread,
    /// The scheduler retries a pod that waited for its claims, after they bind. With
    /// `provision` and `kubelet` it makes the 2-4s between a pod's creation and its probe
    /// worker's start, so the next pod is Ready one readiness period (10s) later: the 12-14s
    /// the calibration promises.
    pub reschedule: Spread,
    /// The kubelet picks up a scheduled pod (probe workers start here).
    pub kubelet: Spread,
    /// Pod sandbox and volume mounts: the pod gets its IP.
    pub sandbox: Spread,
    /// First pull of an image on the node.
    pub pull: Spread,
    /// `imagePullPolicy: Always` when the image is already on the node (a manifest check).
    pub repull: Spread,
    /// A pull the registry refuses (unknown repository or manifest): token, then one request.
    pub pull_fail: Spread,
    /// Create and start one container.
    pub start: Spread,
    /// Kubelet status sync after a container starts (the readiness "manual trigger").
    pub status_sync: Spread,
    /// A probe's own duration.
    pub probe: Spread,
    /// After the containers stop, until the pod object is gone.
    pub gone: Spread,
    /// A pod that never reached a node is deleted this fast.
    pub delete_unscheduled: Spread,
    /// Garbage collector latency when deleting dependents.
    pub gc: Spread,
    /// The pvc-protection controller removes its finalizer from a deleted claim once the
    /// last pod using it is gone.
    pub pvc_protection: Spread,
    /// What one controller sync costs per pod in the world, in microseconds (listing pods,
    /// checking each one's identity and claims). A StatefulSet's sync occupies its controller
    /// for that long, rounded down to whole milliseconds, and pod updates that arrive
    /// meanwhile are handled by one sync when it is free, as client-go's work queue
    /// coalesces a key that is re-added while it is being processed. Below 100 pods a sync
    /// costs no virtual time at all.
    pub sync_per_pod_us: u64,
    /// A simulation step stops "settling" after this long with work still pending, and
    /// reports what keeps going (a CrashLoopBackOff, for example).
    pub settle_limit_ms: u64,
}

impl Default for Timing {
    fn default() -> Timing {
        Timing {
            provision: (1800, 500),
            schedule: (20, 15),
            reschedule: (1000, 300),
            kubelet: (40, 25),
            sandbox: (700, 250),
            pull: (3500, 1200),
            repull: (900, 300),
            pull_fail: (1200, 400),
            start: (160, 70),
            status_sync: (15, 10),
            probe: (6, 4),
            gone: (250, 150),
            delete_unscheduled: (15, 10),
            gc: (60, 40),
            pvc_protection: (80, 40),
            sync_per_pod_us: 10,
            settle_limit_ms: 15 * 60 * 1000,
        }
    }
}

/// How an application inside a container behaves (see `app.rs`).
#[derive(Clone, Debug, PartialEq)]
pub struct AppTiming {
    /// From container start until it answers requests and probes.
    pub up: Spread,
    /// From SIGTERM until it exits; `None` when it ignores SIGTERM (PID 1 without a handler)
    /// and is killed at the end of the grace period.
    pub term: Option<Spread>,
}
