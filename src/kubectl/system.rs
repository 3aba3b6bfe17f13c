//! minikube's own pods in `kube-system`, as `kubectl get pods -A` lists them on a cluster that
//! `minikube start` (Docker driver) made: the control plane's static pods (named after the node),
//! CoreDNS (a Deployment's pod), kube-proxy (a DaemonSet's) and the storage provisioner, which
//! usually restarts once while the API server comes up. They are listed, selected by label and
//! counted; the simulation does not run them, so `describe`, `logs`, `exec` and `delete` say
//! so. Their random name suffixes are fixed here (a real cluster draws its own).

use crate::kubectl::text::human_duration_ms;
use crate::sim::world::Ms;
use std::collections::BTreeMap;

/// The cluster started ten minutes before the playground's time zero (as `get.rs` ages it).
const CLUSTER_START: i64 = -600_000;

pub const NAMESPACE: &str = "kube-system";

/// One system pod: its name, whether it runs on the node's network (its IP is the node's),
/// when it was created and, for a pod that restarted, when (ms after the cluster started),
/// and its labels.
pub struct SystemPod {
    pub name: &'static str,
    host_network: bool,
    created: i64,
    restarted: Option<i64>,
    labels: &'static [(&'static str, &'static str)],
}

const CONTROL_PLANE: &str = "control-plane";

/// In name order, as the API server lists them.
pub const PODS: &[SystemPod] = &[
    SystemPod {
        name: "coredns-7d764666f9-x5kqg",
        host_network: false,
        created: 6_000,
        restarted: None,
        labels: &[("k8s-app", "kube-dns"), ("pod-template-hash", "7d764666f9")],
    },
    SystemPod {
        name: "etcd-minikube",
        host_network: true,
        created: 0,
        restarted: None,
        labels: &[("component", "etcd"), ("tier", CONTROL_PLANE)],
    },
    SystemPod {
        name: "kube-apiserver-minikube",
        host_network: true,
        created: 0,
        restarted: None,
        labels: &[("component", "kube-apiserver"), ("tier", CONTROL_PLANE)],
    },
    SystemPod {
        name: "kube-controller-manager-minikube",
        host_network: true,
        created: 0,
        restarted: None,
        labels: &[
            ("component", "kube-controller-manager"),
            ("tier", CONTROL_PLANE),
        ],
    },
    SystemPod {
        name: "kube-proxy-n4t7z",
        host_network: true,
        created: 6_000,
        restarted: None,
        labels: &[
            ("controller-revision-hash", "66b6c8ff9b"),
            ("k8s-app", "kube-proxy"),
            ("pod-template-generation", "1"),
        ],
    },
    SystemPod {
        name: "kube-scheduler-minikube",
        host_network: true,
        created: 0,
        restarted: None,
        labels: &[("component", "kube-scheduler"), ("tier", CONTROL_PLANE)],
    },
    SystemPod {
        name: "storage-provisioner",
        host_network: true,
        created: 4_000,
        restarted: Some(35_000),
        labels: &[
            ("addonmanager.kubernetes.io/mode", "Reconcile"),
            ("integration-test", "storage-provisioner"),
        ],
    },
];

/// The system pod `name` in namespace `ns`, if it is one.
pub fn pod(ns: &str, name: &str) -> Option<&'static SystemPod> {
    (ns == NAMESPACE)
        .then(|| PODS.iter().find(|p| p.name == name))
        .flatten()
}

impl SystemPod {
    pub fn labels(&self) -> BTreeMap<String, String> {
        self.labels
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    /// `READY`, `STATUS`, `RESTARTS`, `AGE` at `now`.
    pub fn cells(&self, now: Ms) -> [String; 4] {
        let since = |t: i64| human_duration_ms(now as i64 - (CLUSTER_START + t));
        let restarts = match self.restarted {
            Some(t) => format!("1 ({} ago)", since(t)),
            None => "0".into(),
        };
        [
            "1/1".into(),
            "Running".into(),
            restarts,
            since(self.created),
        ]
    }

    /// `IP` in the wide table: the node's for a pod on its network, else the first pod
    /// address (CoreDNS takes it before any other pod starts).
    pub fn ip(&self) -> &'static str {
        if self.host_network {
            "192.168.49.2"
        } else {
            "10.244.0.2"
        }
    }
}

/// What `describe`, `logs`, `exec`, `delete`... say of a system pod.
pub fn not_simulated(name: &str) -> String {
    format!(
        "error: {name} is one of minikube's own pods in kube-system: the playground lists them, but runs only what you apply"
    )
}
