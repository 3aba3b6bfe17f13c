//! StatefulSet lints: manifests the API server accepts but that will not do what was meant.
//! Each has a stable code and a page in the user docs (`static/docs/lints/<code>.md`), listed
//! in `LINTS`. Findings are warnings (likely broken) or infos (worth knowing).

use super::field::Path;
use crate::derive::{self, Svc};
use crate::diag::{Diagnostic, Severity, Source};
use crate::labels::Selector;
use crate::manifest::{Kind, Object};
use crate::version::Profile;
use crate::yaml::Node;
use std::collections::BTreeMap;

/// Every lint: code, severity, one-line summary (the docs page says more).
pub const LINTS: &[(&str, Severity, &str)] = &[
    (
        "service-not-found",
        Severity::Warning,
        "spec.serviceName names no Service in the manifests",
    ),
    (
        "service-in-other-namespace",
        Severity::Warning,
        "the Service named by spec.serviceName is in another namespace",
    ),
    (
        "service-not-headless",
        Severity::Warning,
        "the governing Service is not headless",
    ),
    (
        "service-selector-mismatch",
        Severity::Warning,
        "the governing Service does not select the StatefulSet's pods",
    ),
    (
        "service-name-empty",
        Severity::Info,
        "no spec.serviceName: pods get no DNS names",
    ),
    (
        "statefulset-name-too-long",
        Severity::Warning,
        "the name leaves no room for the revision hash label",
    ),
    (
        "pod-name-too-long",
        Severity::Warning,
        "a pod name would exceed 63 characters",
    ),
    (
        "no-readiness-probe",
        Severity::Warning,
        "a container has no readiness probe",
    ),
    (
        "no-liveness-probe",
        Severity::Info,
        "a container has no liveness probe",
    ),
    (
        "probe-port-unknown",
        Severity::Warning,
        "a probe names a port the container does not declare",
    ),
    (
        "volume-mount-unknown",
        Severity::Warning,
        "a volumeMount names neither a volume nor a claim template",
    ),
    (
        "claim-template-unused",
        Severity::Warning,
        "no container mounts a volumeClaimTemplate",
    ),
    (
        "claim-template-no-storage",
        Severity::Warning,
        "a volumeClaimTemplate requests no storage",
    ),
    (
        "no-pod-anti-affinity",
        Severity::Info,
        "replicas may all land on one node",
    ),
    (
        "no-pod-disruption-budget",
        Severity::Info,
        "no PodDisruptionBudget protects the pods",
    ),
    (
        "image-tag-latest",
        Severity::Info,
        "an image has no tag or uses :latest",
    ),
    (
        "partition-exceeds-replicas",
        Severity::Info,
        "the partition is above the replica count, so no pod is updated",
    ),
    (
        "liveness-same-as-readiness",
        Severity::Info,
        "liveness and readiness probes are identical",
    ),
    (
        "pvc-deleted-on-scale-down",
        Severity::Info,
        "scaling down deletes the removed pods' PVCs",
    ),
    (
        "empty-field",
        Severity::Info,
        "a field that holds an object or a list is empty (null)",
    ),
    (
        "misindented-key",
        Severity::Warning,
        "a key sits at the wrong depth",
    ),
];

pub(crate) fn severity(code: &str) -> Severity {
    LINTS
        .iter()
        .find(|(c, _, _)| *c == code)
        .map_or(Severity::Warning, |(_, s, _)| *s)
}

struct Ctx<'a> {
    obj: &'a Object,
    out: &'a mut Vec<Diagnostic>,
}

impl Ctx<'_> {
    fn emit(&mut self, code: &'static str, field: &str, message: String) {
        let d = self
            .obj
            .diag(severity(code), Source::Lint, code, field, message);
        self.out.push(d);
    }
}

/// Runs every lint on one StatefulSet (`sts` is its defaulted clean tree).
pub fn statefulset(
    obj: &Object,
    sts: &Node,
    services: &[Svc<'_>],
    pdbs: &[(&str, Selector)],
    profile: &Profile,
    out: &mut Vec<Diagnostic>,
) {
    let mut cx = Ctx { obj, out };
    let ns = obj.namespace.as_str();
    let name = obj.name.as_str();
    let labels = sts.str_map_at(&["spec", "template", "metadata", "labels"]);
    service(&mut cx, sts, ns, &labels, services);
    names(&mut cx, sts, name, profile);
    containers(&mut cx, sts, profile);
    claims(&mut cx, sts, profile);
    let replicas = sts.int_at(&["spec", "replicas"]).unwrap_or(1);
    let pod_spec = sts.at(&["spec", "template", "spec"]);
    let spread = pod_spec.is_some_and(|p| {
        p.at(&["affinity", "podAntiAffinity"]).is_some()
            || !p.seq_at(&["topologySpreadConstraints"]).is_empty()
    });
    if replicas >= 2 && !spread {
        cx.emit(
            "no-pod-anti-affinity",
            "spec.template.spec.affinity",
            format!("{replicas} replicas with neither podAntiAffinity nor topologySpreadConstraints: the scheduler may put them all on one node, and losing that node loses every replica"),
        );
    }
    if replicas >= 1
        && !pdbs
            .iter()
            .any(|(pns, sel)| *pns == ns && sel.matches(&labels))
    {
        cx.emit(
            "no-pod-disruption-budget",
            "metadata.name",
            format!("no PodDisruptionBudget in the manifests selects the pods of \"{name}\": a node drain may evict several replicas at once"),
        );
    }
    let partition = sts
        .int_at(&["spec", "updateStrategy", "rollingUpdate", "partition"])
        .unwrap_or(0);
    if partition > replicas
        && sts.str_at(&["spec", "updateStrategy", "type"]) == Some("RollingUpdate")
    {
        cx.emit(
            "partition-exceeds-replicas",
            "spec.updateStrategy.rollingUpdate.partition",
            format!("partition {partition} is above replicas {replicas}: a template change updates no pod, and pods added by scaling up get the old revision"),
        );
    }
    if sts.str_at(&["spec", "persistentVolumeClaimRetentionPolicy", "whenScaled"]) == Some("Delete")
        && !sts.seq_at(&["spec", "volumeClaimTemplates"]).is_empty()
    {
        cx.emit(
            "pvc-deleted-on-scale-down",
            "spec.persistentVolumeClaimRetentionPolicy.whenScaled",
            "whenScaled: Delete: scaling down deletes the PVCs of the removed pods, and their data with them; scaling up again starts those pods empty".into(),
        );
    }
}

fn service(
    cx: &mut Ctx<'_>,
    sts: &Node,
    ns: &str,
    labels: &BTreeMap<String, String>,
    services: &[Svc<'_>],
) {
    let service_name = sts.str_at(&["spec", "serviceName"]).unwrap_or("");
    const FIELD: &str = "spec.serviceName";
    if service_name.is_empty() {
        cx.emit(
            "service-name-empty",
            FIELD,
            "spec.serviceName is empty: pods get no subdomain, so they have no per-pod DNS names (set it to a headless Service that selects the pods)".into(),
        );
        return;
    }
    let name_of = |s: &Node| s.str_at(&["metadata", "name"]).unwrap_or("").to_string();
    let found = services
        .iter()
        .find(|(sns, s)| *sns == ns && name_of(s) == service_name);
    let Some((_, svc)) = found else {
        if let Some((other_ns, _)) = services.iter().find(|(_, s)| name_of(s) == service_name) {
            cx.emit(
                "service-in-other-namespace",
                FIELD,
                format!("Service \"{service_name}\" is in namespace \"{other_ns}\", but the StatefulSet is in \"{ns}\": per-pod DNS records only come from a Service in the pod's own namespace"),
            );
            return;
        }
        let headless: Vec<String> = services
            .iter()
            .filter(|(sns, s)| *sns == ns && derive::is_headless(s))
            .map(|(_, s)| format!("\"{}\"", name_of(s)))
            .collect();
        let hint = if headless.is_empty() {
            "add a headless Service (clusterIP: None) with this name that selects the pods, or make sure one exists in the cluster".to_string()
        } else {
            format!(
                "the manifests define the headless Service {}: spec.serviceName must name it exactly",
                headless.join(", ")
            )
        };
        cx.emit(
            "service-not-found",
            FIELD,
            format!("no Service named \"{service_name}\" in namespace \"{ns}\" in the manifests, so names like {}-0.{service_name}.{ns}.svc will not resolve; {hint}", cx.obj.name),
        );
        return;
    };
    if !derive::is_headless(svc) {
        cx.emit(
            "service-not-headless",
            FIELD,
            format!("Service \"{service_name}\" is not headless (clusterIP is not None): its name resolves to one virtual IP, and per-pod DNS records are only promised for headless Services; set clusterIP: None"),
        );
        return;
    }
    let selector = svc.str_map_at(&["spec", "selector"]);
    // Judged on each pod's own labels (the controller adds pod-name and pod-index), as `plan`.
    let (start, end) = derive::ordinal_range(sts);
    let selects_some = (start..end.min(start + 1000))
        .any(|o| derive::map_selects(&selector, &derive::pod_labels(sts, o)));
    if selector.is_empty() || (!selects_some && end > start) {
        cx.emit(
            "service-selector-mismatch",
            FIELD,
            format!(
                "Service \"{service_name}\" selects {} but the pod template is labelled {}: the Service gets no endpoints, so no per-pod DNS records",
                derive::format_labels(&selector),
                derive::format_labels(labels)
            ),
        );
    }
}

fn names(cx: &mut Ctx<'_>, sts: &Node, name: &str, profile: &Profile) {
    if name.is_empty() {
        return;
    }
    let (start, end) = derive::ordinal_range(sts);
    let longest = if end > start {
        format!("{name}-{}", end - 1)
    } else {
        String::new()
    };
    if longest.len() > 63 {
        cx.emit(
            "pod-name-too-long",
            "metadata.name",
            format!(
                "pod \"{longest}\" would have a {}-character name; pod hostnames and the statefulset.kubernetes.io/pod-name label are limited to 63, so the controller's pod creation fails (FailedCreate)",
                longest.len()
            ),
        );
    } else if name.len() > 52 {
        // The hash is known for this template; another template gets another hash.
        let revision = derive::revision_name(sts, profile);
        let now = if revision.len() > 63 {
            format!(
                "with this template the label is {revision} ({} characters), so the API server refuses every pod (FailedCreate)",
                revision.len()
            )
        } else {
            format!(
                "with this template the label is {revision} ({} characters) and fits, but a change to the template can make the hash longer and the pods uncreatable",
                revision.len()
            )
        };
        cx.emit(
            "statefulset-name-too-long",
            "metadata.name",
            format!(
                "the name is {} characters: each pod gets the label controller-revision-hash={name}-<hash>, and with a hash of up to 10 characters it can exceed the 63-character label limit (kubernetes/kubernetes#64023); {now}; keep StatefulSet names to 52 characters",
                name.len()
            ),
        );
    }
}

fn containers(cx: &mut Ctx<'_>, sts: &Node, profile: &Profile) {
    let Some(ps) = sts.at(&["spec", "template", "spec"]) else {
        return;
    };
    let mut volumes: Vec<String> = ps
        .seq_at(&["volumes"])
        .iter()
        .filter_map(|v| v.get_str("name").map(str::to_string))
        .collect();
    volumes.extend(
        sts.seq_at(&["spec", "volumeClaimTemplates"])
            .iter()
            .filter_map(|t| t.str_at(&["metadata", "name"]).map(str::to_string)),
    );
    for (i, c) in ps.seq_at(&["containers"]).iter().enumerate() {
        let base = format!("spec.template.spec.containers[{i}]");
        let cname = c.get_str("name").unwrap_or("");
        let readiness = c.get("readinessProbe");
        let liveness = c.get("livenessProbe");
        if readiness.is_none() {
            cx.emit(
                "no-readiness-probe",
                &base,
                format!("container \"{cname}\" has no readiness probe: the pod counts as Ready as soon as the container starts, so OrderedReady moves on, and the Service sends traffic, before the app can serve"),
            );
        }
        if liveness.is_none() {
            cx.emit(
                "no-liveness-probe",
                &base,
                format!(
                    "container \"{cname}\" has no liveness probe: a hung process is never restarted"
                ),
            );
        }
        if let (Some(r), Some(l)) = (readiness, liveness)
            && r.to_json() == l.to_json()
        {
            cx.emit(
                "liveness-same-as-readiness",
                &format!("{base}.livenessProbe"),
                format!("container \"{cname}\" uses the same probe for liveness and readiness: a pod that is only busy gets restarted instead of taken out of the Service; give liveness a longer period or failureThreshold"),
            );
        }
        let port_names: Vec<&str> = c
            .seq_at(&["ports"])
            .iter()
            .filter_map(|p| p.get_str("name"))
            .collect();
        for probe in ["readinessProbe", "livenessProbe", "startupProbe"] {
            for handler in ["httpGet", "tcpSocket"] {
                if let Some(port) = c.str_at(&[probe, handler, "port"])
                    && !port_names.contains(&port)
                {
                    cx.emit(
                        "probe-port-unknown",
                        &format!("{base}.{probe}.{handler}.port"),
                        format!(
                            "{probe} of container \"{cname}\" uses port \"{port}\", which the container does not declare in ports: {}",
                            if probe == "livenessProbe" {
                                "the kubelet cannot run the probe and ignores its result, so a hung process is never restarted"
                            } else if probe == "startupProbe" {
                                "the probe never succeeds, so the container never counts as started"
                            } else {
                                "the probe never succeeds, so the pod never becomes Ready"
                            }
                        ),
                    );
                }
            }
        }
        if let Some(image) = c.get_str("image")
            && crate::defaults::image_tag(image).is_none_or(|t| t == "latest")
        {
            cx.emit(
                "image-tag-latest",
                &format!("{base}.image"),
                format!("image \"{image}\" has no tag or uses :latest: pods created at different times may run different code, and changing the image cannot be rolled back by tag; pin a version"),
            );
        }
        if !profile.validate_pod_template {
            for (j, m) in c.seq_at(&["volumeMounts"]).iter().enumerate() {
                let v = m.get_str("name").unwrap_or("");
                if !volumes.iter().any(|x| x == v) {
                    cx.emit(
                        "volume-mount-unknown",
                        &format!("{base}.volumeMounts[{j}].name"),
                        format!("volumeMount \"{v}\" names neither a pod volume nor a volumeClaimTemplate: pod creation fails"),
                    );
                }
            }
        }
    }
}

fn claims(cx: &mut Ctx<'_>, sts: &Node, profile: &Profile) {
    let ps = sts.at(&["spec", "template", "spec"]);
    let mounted: Vec<&str> = ps
        .into_iter()
        .flat_map(|p| {
            p.seq_at(&["containers"])
                .iter()
                .chain(p.seq_at(&["initContainers"]))
        })
        .flat_map(|c| {
            c.seq_at(&["volumeMounts"])
                .iter()
                .chain(c.seq_at(&["volumeDevices"]))
        })
        .filter_map(|m| m.get_str("name"))
        .collect();
    for (i, t) in sts
        .seq_at(&["spec", "volumeClaimTemplates"])
        .iter()
        .enumerate()
    {
        let tname = t.str_at(&["metadata", "name"]).unwrap_or("");
        if !tname.is_empty() && !mounted.contains(&tname) {
            cx.emit(
                "claim-template-unused",
                &Path::new("spec.volumeClaimTemplates").index(i).child("metadata").child("name"),
                format!("no container mounts volumeClaimTemplate \"{tname}\": each pod still gets a PVC, but nothing is written to it; add a volumeMount named \"{tname}\""),
            );
        }
        if !profile.validate_claim_templates
            && t.str_at(&["spec", "resources", "requests", "storage"])
                .is_none()
        {
            cx.emit(
                "claim-template-no-storage",
                &Path::new("spec.volumeClaimTemplates").index(i).child("spec").child("resources"),
                format!("volumeClaimTemplate \"{tname}\" requests no storage: the controller's PVC creation fails"),
            );
        }
    }
}

/// PodDisruptionBudgets of the manifests: namespace and selector.
pub fn pdbs(objects: &[Object]) -> Vec<(&str, Selector)> {
    objects
        .iter()
        .filter(|o| o.is(Kind::PodDisruptionBudget))
        .filter_map(|o| {
            Some((
                o.namespace.as_str(),
                Selector::from_node(o.clean.at(&["spec", "selector"])?),
            ))
        })
        .collect()
}
