//! What the cluster would create from the manifests (`stateful_set_utils.go` `getPodName`, `getPersistentVolumeClaimName`; the DNS specification): pods with
//! their ordinals, hostnames, labels and volumes; PVCs per claim template per pod; each pod's
//! DNS name and whether it resolves, with the reason when it does not; SRV records.

use crate::manifest::{Kind, Manifests, Object};
use crate::version::Profile;
use crate::yaml::Node;
use serde::Serialize;
use std::collections::BTreeMap;

/// Pods listed per StatefulSet at most; the plan says how many there would be in all.
pub const MAX_LISTED_PODS: i64 = 10_000;

#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Plan {
    pub statefulsets: Vec<StsPlan>,
    pub services: Vec<SvcPlan>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StsPlan {
    pub name: String,
    pub namespace: String,
    pub service_name: String,
    pub replicas: i32,
    pub pod_management_policy: String,
    pub ordinals_start: i32,
    pub update_strategy: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partition: Option<i32>,
    pub min_ready_seconds: i32,
    pub revision_history_limit: i32,
    pub pvc_retention: PvcRetention,
    /// The governing domain, `<serviceName>.<ns>.svc.<domain>`, when serviceName is set.
    pub governing_domain: Option<String>,
    /// The ControllerRevision of the template, `<name>-<hash>`: the pods'
    /// `controller-revision-hash` label.
    pub update_revision: String,
    pub pods: Vec<PodPlan>,
    pub pvcs: Vec<PvcPlan>,
    /// Set when `pods` lists only the first `MAX_LISTED_PODS`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub truncated: bool,
    /// Index of the object in `Manifests::objects`.
    #[serde(skip)]
    pub object: usize,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PvcRetention {
    pub when_deleted: String,
    pub when_scaled: String,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PodPlan {
    pub name: String,
    pub ordinal: i64,
    pub hostname: String,
    pub subdomain: String,
    pub fqdn: Option<String>,
    pub resolvable: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub labels: BTreeMap<String, String>,
    pub pvcs: Vec<String>,
    /// Whether the API server would accept the pod the controller sends; when not, the
    /// controller records `FailedCreate` with `create_error` and retries, and the pod never exists.
    pub creatable: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub create_error: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PvcPlan {
    pub name: String,
    pub template: String,
    pub pod: String,
    pub storage: Option<String>,
    pub access_modes: Vec<String>,
    pub storage_class_name: Option<String>,
    pub labels: BTreeMap<String, String>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SvcPlan {
    pub name: String,
    pub namespace: String,
    pub headless: bool,
    pub fqdn: String,
    /// `_<port>._<proto>.<svc>.<ns>.svc.<domain>` for each named port (kubernetes/dns `docs/specification.md` §2.4).
    pub srv: Vec<String>,
}

/// Options that shape names: namespace and cluster domain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    pub namespace: String,
    pub cluster_domain: String,
    pub profile: Profile,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            namespace: "default".into(),
            cluster_domain: "cluster.local".into(),
            profile: Profile::default(),
        }
    }
}

/// A Service's DNS name, `nginx.default.svc.cluster.local` (the DNS spec's
/// `<service>.<ns>.svc.<zone>`, as CoreDNS's kubernetes plugin serves it).
pub fn service_fqdn(service: &str, ns: &str, cluster_domain: &str) -> String {
    format!("{service}.{ns}.svc.{cluster_domain}")
}

/// A pod's DNS name under its subdomain, the headless Service that governs it:
/// `web-0.nginx.default.svc.cluster.local` (`<hostname>.<subdomain>.<ns>.svc.<zone>`).
pub fn pod_fqdn(hostname: &str, subdomain: &str, ns: &str, cluster_domain: &str) -> String {
    format!("{hostname}.{}", service_fqdn(subdomain, ns, cluster_domain))
}

/// `<sts>-<ordinal>` (`getPodName`).
pub fn pod_name(sts: &str, ordinal: i64) -> String {
    format!("{sts}-{ordinal}")
}

/// `<template>-<sts>-<ordinal>` (`getPersistentVolumeClaimName`).
pub fn pvc_name(template: &str, sts: &str, ordinal: i64) -> String {
    format!("{template}-{sts}-{ordinal}")
}

/// Whether `selector` (a Service's map) selects `labels`: every pair present. An empty or
/// missing selector selects nothing here, because such a Service gets no endpoints.
pub fn map_selects(selector: &BTreeMap<String, String>, labels: &BTreeMap<String, String>) -> bool {
    !selector.is_empty() && selector.iter().all(|(k, v)| labels.get(k) == Some(v))
}

/// A Service of the manifests: its namespace and clean (defaulted) object.
pub type Svc<'a> = (&'a str, &'a Node);

/// Why a per-pod DNS name would not resolve, or `None` when it would (kubernetes/dns `docs/specification.md` §2.4; the controller never reads Services).
pub fn dns_problem(
    service_name: &str,
    namespace: &str,
    pod_labels: &BTreeMap<String, String>,
    services: &[Svc<'_>],
) -> Option<String> {
    if service_name.is_empty() {
        return Some(
            "spec.serviceName is empty, so pods get no subdomain and no per-pod DNS name".into(),
        );
    }
    let name_of = |s: &Node| s.str_at(&["metadata", "name"]).unwrap_or("").to_string();
    let Some((_, svc)) = services
        .iter()
        .find(|(ns, s)| *ns == namespace && name_of(s) == service_name)
    else {
        let others: Vec<String> = services
            .iter()
            .filter(|(ns, s)| *ns == namespace && is_headless(s))
            .map(|(_, s)| name_of(s))
            .collect();
        let elsewhere: Vec<&str> = services
            .iter()
            .filter(|(ns, s)| *ns != namespace && name_of(s) == service_name)
            .map(|(ns, _)| *ns)
            .collect();
        let mut msg = format!("no Service named \"{service_name}\" in namespace \"{namespace}\"");
        if let Some(ns) = elsewhere.first() {
            msg.push_str(&format!(" (there is one in namespace \"{ns}\", but DNS records only come from the pod's own namespace)"));
        } else if !others.is_empty() {
            msg.push_str(&format!(" (the manifests define the headless Service {}; spec.serviceName must name it exactly)", quote_list(&others)));
        }
        return Some(msg);
    };
    if svc.str_at(&["spec", "type"]) == Some("ExternalName") {
        return Some(format!(
            "Service \"{service_name}\" is of type ExternalName, which has no endpoints"
        ));
    }
    if !is_headless(svc) {
        let ip = svc.str_at(&["spec", "clusterIP"]).unwrap_or("");
        let ip = if ip.is_empty() { "an allocated IP" } else { ip };
        return Some(format!(
            "Service \"{service_name}\" is not headless (clusterIP is {ip}, not None): only headless Services promise per-pod DNS records (CoreDNS answers them anyway)"
        ));
    }
    let selector = svc.str_map_at(&["spec", "selector"]);
    if selector.is_empty() {
        return Some(format!(
            "Service \"{service_name}\" has no selector, so it gets no endpoints and no per-pod records"
        ));
    }
    if !map_selects(&selector, pod_labels) {
        return Some(format!(
            "Service \"{service_name}\" selects {} but the pods are labelled {}",
            format_labels(&selector),
            format_labels(pod_labels)
        ));
    }
    None
}

pub fn is_headless(svc: &Node) -> bool {
    svc.str_at(&["spec", "clusterIP"]) == Some("None")
}

fn quote_list(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `k=v,k2=v2` with keys sorted (`labels.FormatLabels`), `<none>` when empty.
pub fn format_labels(labels: &BTreeMap<String, String>) -> String {
    if labels.is_empty() {
        return "<none>".into();
    }
    labels
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// The ordinal range of a (defaulted) StatefulSet: `[start, start+replicas)` (`getStartOrdinal`).
pub fn ordinal_range(sts: &Node) -> (i64, i64) {
    let start = sts
        .int_at(&["spec", "ordinals", "start"])
        .unwrap_or(0)
        .max(0);
    let replicas = sts.int_at(&["spec", "replicas"]).unwrap_or(1).max(0);
    (start, start + replicas)
}

/// The labels the controller gives pod `ordinal` (`newStatefulSetPod`, `initIdentity` in `pkg/controller/statefulset/stateful_set_utils.go`), without the revision hash.
pub fn pod_labels(sts: &Node, ordinal: i64) -> BTreeMap<String, String> {
    let name = sts.str_at(&["metadata", "name"]).unwrap_or("");
    let mut labels = sts.str_map_at(&["spec", "template", "metadata", "labels"]);
    labels.insert(
        "statefulset.kubernetes.io/pod-name".into(),
        pod_name(name, ordinal),
    );
    labels.insert("apps.kubernetes.io/pod-index".into(), ordinal.to_string());
    labels
}

/// What the API server answers when the controller creates pod `name` at `revision`, or `None`
/// when it accepts it: the hostname must be a DNS-1123 label and every label value (the pod-name
/// and `controller-revision-hash` labels) at most 63 characters (`ValidatePodCreate` via
/// `ValidateObjectMeta` and `ValidateDNS1123Label` in `pkg/apis/core/validation/validation.go`,
/// Kubernetes v1.36; the revision label is kubernetes/kubernetes#64023).
pub fn pod_create_error(name: &str, revision: &str) -> Option<String> {
    use crate::validate::names;
    let mut errs = Vec::new();
    for m in names::is_dns1123_label(name) {
        errs.push(format!("spec.hostname: Invalid value: \"{name}\": {m}"));
    }
    for v in [name, revision] {
        for m in names::is_valid_label_value(v) {
            errs.push(format!("metadata.labels: Invalid value: \"{v}\": {m}"));
        }
    }
    match errs.len() {
        0 => None,
        1 => Some(format!("Pod \"{name}\" is invalid: {}", errs[0])),
        _ => Some(format!("Pod \"{name}\" is invalid: [{}]", errs.join(", "))),
    }
}

/// The name of the ControllerRevision the controller makes for a (defaulted) StatefulSet's
/// current template, `<name>-<hash>`, the value of its pods' `controller-revision-hash` label
/// (`newRevision` in `pkg/controller/statefulset/stateful_set_utils.go`), with no collisions.
pub fn revision_name(sts: &Node, profile: &crate::version::Profile) -> String {
    let name = sts.str_at(&["metadata", "name"]).unwrap_or("");
    let empty = Node::new(crate::yaml::Value::Map(Vec::new()), sts.span);
    let template = sts.at(&["spec", "template"]).unwrap_or(&empty);
    crate::sim::revision::name(name, &crate::sim::revision::hash(template, 0, profile))
}

/// The Services of the manifests, defaulted, with their namespaces.
pub fn services(manifests: &Manifests) -> Vec<(String, Node)> {
    manifests
        .objects
        .iter()
        .filter(|o| o.is(Kind::Service))
        .map(|o| {
            let mut svc = o.clean.clone();
            crate::defaults::service(&mut svc);
            (o.namespace.clone(), svc)
        })
        .collect()
}

/// Derives the plan for every StatefulSet and Service. `defaulted` are defaulted StatefulSets.
pub fn plan(
    manifests: &Manifests,
    defaulted: &[(usize, Node)],
    owned: &[(String, Node)],
    opts: &Options,
) -> Plan {
    let services: Vec<Svc<'_>> = owned.iter().map(|(ns, s)| (ns.as_str(), s)).collect();
    let mut plan = Plan::default();
    for (index, sts) in defaulted {
        let obj: &Object = &manifests.objects[*index];
        plan.statefulsets
            .push(sts_plan(*index, obj, sts, &services, opts));
    }
    for (ns, svc) in owned {
        let name = svc.str_at(&["metadata", "name"]).unwrap_or("").to_string();
        let fqdn = service_fqdn(&name, ns, &opts.cluster_domain);
        let srv = svc
            .seq_at(&["spec", "ports"])
            .iter()
            .filter_map(|p| {
                let pname = p.get_str("name").filter(|n| !n.is_empty())?;
                let proto = p.get_str("protocol").unwrap_or("TCP").to_ascii_lowercase();
                Some(format!("_{pname}._{proto}.{fqdn}"))
            })
            .collect();
        plan.services.push(SvcPlan {
            name,
            namespace: ns.clone(),
            headless: is_headless(svc),
            fqdn,
            srv,
        });
    }
    plan
}

fn sts_plan(
    index: usize,
    obj: &Object,
    sts: &Node,
    services: &[Svc<'_>],
    opts: &Options,
) -> StsPlan {
    let name = obj.name.clone();
    let namespace = obj.namespace.clone();
    let spec = sts.get("spec");
    let spec_str = |k: &str| spec.and_then(|s| s.get_str(k)).unwrap_or("").to_string();
    let service_name = spec_str("serviceName");
    let (start, end) = ordinal_range(sts);
    let listed_end = end.min(start + MAX_LISTED_PODS);
    let templates = sts.seq_at(&["spec", "volumeClaimTemplates"]);
    let selector = sts.str_map_at(&["spec", "selector", "matchLabels"]);
    let governing_domain = (!service_name.is_empty())
        .then(|| service_fqdn(&service_name, &namespace, &opts.cluster_domain));
    let update_revision = revision_name(sts, &opts.profile);
    let mut pods = Vec::new();
    let mut pvcs = Vec::new();
    for ordinal in start..listed_end {
        let pod = pod_name(&name, ordinal);
        // Each pod is checked on its own labels: a Service may select on the per-pod ones.
        let mut labels = pod_labels(sts, ordinal);
        labels.insert("controller-revision-hash".into(), update_revision.clone());
        let problem = dns_problem(&service_name, &namespace, &labels, services);
        let create_error = pod_create_error(&pod, &update_revision);
        let mut pod_pvcs = Vec::new();
        for t in templates {
            let tname = t.str_at(&["metadata", "name"]).unwrap_or("").to_string();
            let pvc = pvc_name(&tname, &name, ordinal);
            let mut pvc_labels = t.str_map_at(&["metadata", "labels"]);
            for (k, v) in &selector {
                pvc_labels.insert(k.clone(), v.clone());
            }
            pvcs.push(PvcPlan {
                name: pvc.clone(),
                template: tname,
                pod: pod.clone(),
                storage: t
                    .str_at(&["spec", "resources", "requests", "storage"])
                    .map(str::to_string),
                access_modes: t
                    .seq_at(&["spec", "accessModes"])
                    .iter()
                    .filter_map(|m| m.as_str().map(str::to_string))
                    .collect(),
                storage_class_name: t.str_at(&["spec", "storageClassName"]).map(str::to_string),
                labels: pvc_labels,
            });
            pod_pvcs.push(pvc);
        }
        pods.push(PodPlan {
            hostname: pod.clone(),
            subdomain: service_name.clone(),
            fqdn: (!service_name.is_empty())
                .then(|| pod_fqdn(&pod, &service_name, &namespace, &opts.cluster_domain)),
            resolvable: problem.is_none(),
            reason: problem,
            name: pod,
            ordinal,
            labels,
            pvcs: pod_pvcs,
            creatable: create_error.is_none(),
            create_error,
        });
    }
    let int = |path: &[&str], default: i64| sts.int_at(path).unwrap_or(default) as i32;
    let text = |path: &[&str], default: &str| sts.str_at(path).unwrap_or(default).to_string();
    StsPlan {
        name,
        namespace,
        service_name,
        replicas: int(&["spec", "replicas"], 1),
        pod_management_policy: text(&["spec", "podManagementPolicy"], "OrderedReady"),
        ordinals_start: start as i32,
        update_strategy: text(&["spec", "updateStrategy", "type"], "RollingUpdate"),
        partition: sts
            .int_at(&["spec", "updateStrategy", "rollingUpdate", "partition"])
            .map(|p| p as i32),
        min_ready_seconds: int(&["spec", "minReadySeconds"], 0),
        revision_history_limit: int(&["spec", "revisionHistoryLimit"], 10),
        pvc_retention: PvcRetention {
            when_deleted: text(
                &[
                    "spec",
                    "persistentVolumeClaimRetentionPolicy",
                    "whenDeleted",
                ],
                "Retain",
            ),
            when_scaled: text(
                &["spec", "persistentVolumeClaimRetentionPolicy", "whenScaled"],
                "Retain",
            ),
        },
        governing_domain,
        update_revision,
        pods,
        pvcs,
        truncated: listed_end < end,
        object: index,
    }
}
