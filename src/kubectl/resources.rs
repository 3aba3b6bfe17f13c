//! Resource types as kubectl knows them: names, short names and groups (for `pod/web-0`,
//! `statefulset.apps/web`, and NotFound messages), and the objects of each type in the world.

use crate::sim::cluster::World;

/// A resource type kubectl can name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Res {
    Pod,
    StatefulSet,
    Service,
    Pvc,
    Pv,
    Endpoints,
    EndpointSlice,
    Event,
    ControllerRevision,
    Node,
    Namespace,
    StorageClass,
    Secret,
    /// A helm hook's Job (kept as written; its pods run).
    Job,
}

/// What the API's discovery says of a resource type.
pub struct Resource {
    pub res: Res,
    pub kind: &'static str,
    pub plural: &'static str,
    pub short_names: &'static [&'static str],
    /// The API group (`""` for the core group).
    pub group: &'static str,
    pub namespaced: bool,
}

/// The resource types this cluster serves: the one table `Res::parse`, the NotFound texts,
/// `kubectl api-resources` and completion read.
pub const RESOURCES: &[Resource] = &[
    Resource {
        res: Res::Endpoints,
        kind: "Endpoints",
        plural: "endpoints",
        short_names: &["ep"],
        group: "",
        namespaced: true,
    },
    Resource {
        res: Res::Event,
        kind: "Event",
        plural: "events",
        short_names: &["ev"],
        group: "",
        namespaced: true,
    },
    Resource {
        res: Res::Namespace,
        kind: "Namespace",
        plural: "namespaces",
        short_names: &["ns"],
        group: "",
        namespaced: false,
    },
    Resource {
        res: Res::Node,
        kind: "Node",
        plural: "nodes",
        short_names: &["no"],
        group: "",
        namespaced: false,
    },
    Resource {
        res: Res::Pvc,
        kind: "PersistentVolumeClaim",
        plural: "persistentvolumeclaims",
        short_names: &["pvc"],
        group: "",
        namespaced: true,
    },
    Resource {
        res: Res::Pv,
        kind: "PersistentVolume",
        plural: "persistentvolumes",
        short_names: &["pv"],
        group: "",
        namespaced: false,
    },
    Resource {
        res: Res::Pod,
        kind: "Pod",
        plural: "pods",
        short_names: &["po"],
        group: "",
        namespaced: true,
    },
    Resource {
        res: Res::Secret,
        kind: "Secret",
        plural: "secrets",
        short_names: &[],
        group: "",
        namespaced: true,
    },
    Resource {
        res: Res::Service,
        kind: "Service",
        plural: "services",
        short_names: &["svc"],
        group: "",
        namespaced: true,
    },
    Resource {
        res: Res::ControllerRevision,
        kind: "ControllerRevision",
        plural: "controllerrevisions",
        short_names: &[],
        group: "apps",
        namespaced: true,
    },
    Resource {
        res: Res::StatefulSet,
        kind: "StatefulSet",
        plural: "statefulsets",
        short_names: &["sts"],
        group: "apps",
        namespaced: true,
    },
    Resource {
        res: Res::EndpointSlice,
        kind: "EndpointSlice",
        plural: "endpointslices",
        short_names: &[],
        group: "discovery.k8s.io",
        namespaced: true,
    },
    Resource {
        res: Res::Job,
        kind: "Job",
        plural: "jobs",
        short_names: &[],
        group: "batch",
        namespaced: true,
    },
    Resource {
        res: Res::StorageClass,
        kind: "StorageClass",
        plural: "storageclasses",
        short_names: &["sc"],
        group: "storage.k8s.io",
        namespaced: false,
    },
];

/// Kinds a cluster has that the playground keeps as applied but does not run: their
/// names (plural, singular, short), kind and group.
pub const UNSIMULATED: &[(&[&str], &str, &str)] = &[
    (
        &["deployments", "deployment", "deploy"],
        "Deployment",
        "apps",
    ),
    (&["replicasets", "replicaset", "rs"], "ReplicaSet", "apps"),
    (&["daemonsets", "daemonset", "ds"], "DaemonSet", "apps"),
    (&["cronjobs", "cronjob", "cj"], "CronJob", "batch"),
    (&["configmaps", "configmap", "cm"], "ConfigMap", ""),
    (
        &["serviceaccounts", "serviceaccount", "sa"],
        "ServiceAccount",
        "",
    ),
    (
        &["ingresses", "ingress", "ing"],
        "Ingress",
        "networking.k8s.io",
    ),
    (
        &["networkpolicies", "networkpolicy", "netpol"],
        "NetworkPolicy",
        "networking.k8s.io",
    ),
    (
        &["horizontalpodautoscalers", "horizontalpodautoscaler", "hpa"],
        "HorizontalPodAutoscaler",
        "autoscaling",
    ),
    (
        &["poddisruptionbudgets", "poddisruptionbudget", "pdb"],
        "PodDisruptionBudget",
        "policy",
    ),
    (&["roles", "role"], "Role", "rbac.authorization.k8s.io"),
    (
        &["rolebindings", "rolebinding"],
        "RoleBinding",
        "rbac.authorization.k8s.io",
    ),
];

/// Why `kubectl VERB TYPE` cannot answer for a kind the playground does not run, naming the
/// objects of it that were applied (kept as written); `None` for a type no cluster has.
pub fn unsimulated(w: &World, t: &str) -> Option<String> {
    let base = t.to_ascii_lowercase();
    let base = base.split('.').next().unwrap_or("");
    let (names, kind, group) = UNSIMULATED
        .iter()
        .find(|(n, k, _)| n.contains(&base) || k.eq_ignore_ascii_case(base))?;
    let qualified = if group.is_empty() {
        names[0].to_string()
    } else {
        format!("{}.{group}", names[0])
    };
    let kept: Vec<String> = w
        .others
        .iter()
        .filter(|((k, _, _), _)| k == kind)
        .map(|((k, _, n), _)| {
            let kind = k.to_ascii_lowercase();
            if group.is_empty() {
                format!("{kind}/{n}")
            } else {
                format!("{kind}.{group}/{n}")
            }
        })
        .collect();
    Some(format!(
        "error: the playground does not run {qualified}: it simulates StatefulSets with their Pods, claims and Services ({})",
        if kept.is_empty() {
            "none applied here".to_string()
        } else {
            format!("applied here and kept as written: {}", kept.join(", "))
        }
    ))
}

/// `kubectl api-resources`, from [`RESOURCES`] (already in discovery's order: by group, then
/// by name).
pub fn api_resources() -> String {
    let mut t = String::from("NAME\tSHORTNAMES\tAPIVERSION\tNAMESPACED\tKIND\n");
    for r in RESOURCES {
        let version = if r.group.is_empty() {
            "v1".to_string()
        } else {
            format!("{}/v1", r.group)
        };
        t.push_str(&format!(
            "{}\t{}\t{version}\t{}\t{}\n",
            r.plural,
            r.short_names.join(","),
            r.namespaced,
            r.kind
        ));
    }
    super::text::tabwrite(&t, super::text::GET)
}

impl Res {
    fn info(self) -> &'static Resource {
        // Every `Res` has its row; the first row stands in should one be missing.
        RESOURCES
            .iter()
            .find(|r| r.res == self)
            .unwrap_or(&RESOURCES[0])
    }

    /// Parses a type as typed on the command line (`po`, `sts`, `statefulsets.apps`...).
    pub fn parse(s: &str) -> Option<Res> {
        let s = s.to_ascii_lowercase();
        let base = s.split('.').next().unwrap_or("");
        let group = s.split_once('.').map(|(_, g)| g);
        let r = RESOURCES.iter().find(|r| {
            r.plural == base || r.kind.eq_ignore_ascii_case(base) || r.short_names.contains(&base)
        })?;
        match group {
            None => Some(r.res),
            Some(g) if g == r.group || (g == "v1" && r.group.is_empty()) => Some(r.res),
            Some(_) => None,
        }
    }
    /// The kind (`StatefulSet`).
    pub fn kind(self) -> &'static str {
        self.info().kind
    }
    pub fn group(self) -> &'static str {
        self.info().group
    }
    /// The plural resource (`statefulsets`).
    pub fn plural(self) -> &'static str {
        self.info().plural
    }
    /// `pods`, `statefulsets.apps`: the qualified resource of NotFound messages.
    pub fn qualified(self) -> String {
        if self.group().is_empty() {
            self.plural().into()
        } else {
            format!("{}.{}", self.plural(), self.group())
        }
    }
    /// `pod`, `statefulset.apps`: the prefix of `-o name` and multi-kind tables.
    pub fn kind_prefix(self) -> String {
        let k = self.kind().to_ascii_lowercase();
        if self.group().is_empty() {
            k
        } else {
            format!("{k}.{}", self.group())
        }
    }
    pub fn namespaced(self) -> bool {
        self.info().namespaced
    }
    /// `Error from server (NotFound): pods "web-9" not found`.
    pub fn not_found(self, name: &str) -> String {
        format!(
            "Error from server (NotFound): {} \"{name}\" not found",
            self.qualified()
        )
    }
}

/// Names of the objects of type `r` in namespace `ns` (all namespaces when `None`), in the
/// order the API lists them (by namespace, then name).
pub fn names(w: &World, r: Res, ns: Option<&str>) -> Vec<(String, String)> {
    let in_ns = |o_ns: &str| ns.is_none_or(|n| n == o_ns);
    let mut out: Vec<(String, String)> = match r {
        Res::Pod => {
            let mut v: Vec<_> = w
                .pods
                .values()
                .filter(|p| in_ns(&p.ns))
                .map(|p| (p.ns.clone(), p.name.clone()))
                .collect();
            if in_ns(super::system::NAMESPACE) {
                v.extend(
                    super::system::PODS
                        .iter()
                        .map(|p| (super::system::NAMESPACE.to_string(), p.name.to_string())),
                );
            }
            v
        }
        Res::StatefulSet => w
            .sets
            .values()
            .filter(|s| in_ns(&s.ns))
            .map(|s| (s.ns.clone(), s.name.clone()))
            .collect(),
        Res::Service => {
            let mut v: Vec<_> = w
                .services
                .values()
                .filter(|s| in_ns(&s.ns))
                .map(|s| (s.ns.clone(), s.name.clone()))
                .collect();
            if in_ns("default") {
                v.push(("default".into(), "kubernetes".into()));
            }
            if in_ns("kube-system") {
                v.push(("kube-system".into(), "kube-dns".into()));
            }
            v
        }
        Res::Endpoints | Res::EndpointSlice => w
            .services
            .values()
            .filter(|s| in_ns(&s.ns))
            .map(|s| (s.ns.clone(), s.name.clone()))
            .collect(),
        Res::Pvc => w
            .pvcs
            .values()
            .filter(|c| in_ns(&c.ns))
            .map(|c| (c.ns.clone(), c.name.clone()))
            .collect(),
        Res::Pv => w
            .pvs
            .values()
            .map(|v| (String::new(), v.name.clone()))
            .collect(),
        Res::Event => w
            .events
            .iter()
            .filter(|e| in_ns(&e.ns))
            .map(|e| (e.ns.to_string(), e.name()))
            .collect(),
        Res::ControllerRevision => w
            .revisions
            .values()
            .filter(|r| in_ns(&r.ns))
            .map(|r| (r.ns.clone(), r.name.clone()))
            .collect(),
        Res::Node => vec![(String::new(), w.node_name.clone())],
        Res::Secret => w
            .releases
            .iter()
            .filter(|r| in_ns(&r.namespace))
            .map(|r| (r.namespace.clone(), r.secret_name()))
            .collect(),
        Res::Namespace => {
            let mut v: Vec<String> = vec![
                "default".into(),
                "kube-node-lease".into(),
                "kube-public".into(),
                "kube-system".into(),
            ];
            for s in w.sets.values() {
                v.push(s.ns.clone());
            }
            for s in w.services.values() {
                v.push(s.ns.clone());
            }
            for r in &w.releases {
                v.push(r.namespace.clone());
            }
            // Namespaces created on their own (`kubectl create namespace`, a manifest).
            v.extend(
                w.others
                    .keys()
                    .filter(|(kind, _, _)| kind == "Namespace")
                    .map(|(_, _, name)| name.clone()),
            );
            crate::sort::sort(&mut v);
            v.dedup();
            v.into_iter().map(|n| (String::new(), n)).collect()
        }
        Res::StorageClass => w
            .storage_classes
            .iter()
            .map(|c| (String::new(), c.name.clone()))
            .collect(),
        Res::Job => w
            .others
            .keys()
            .filter(|(kind, ns, _)| kind == "Job" && in_ns(ns))
            .map(|(_, ns, name)| (ns.clone(), name.clone()))
            .collect(),
    };
    if r == Res::EndpointSlice {
        for (_, n) in out.iter_mut() {
            n.push_str(&slice_suffix(n));
        }
    }
    // The API server lists in key order (namespace, then name). Event names are
    // `OBJECT.HEXTIME`, so `kubectl get events` groups by object, not by time.
    crate::sort::sort(&mut out);
    out.dedup();
    out
}

/// The generated suffix of a Service's EndpointSlice (`nginx-7xk2p`), deterministic.
pub fn slice_suffix(svc: &str) -> String {
    let h = crate::sim::revision::fnv1_32(svc.as_bytes());
    let alphabet = b"bcdfghjklmnpqrstvwxz2456789";
    let s: String = (0..5)
        .map(|i| alphabet[((h >> (i * 6)) % 27) as usize] as char)
        .collect();
    format!("-{s}")
}
