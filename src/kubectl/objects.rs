//! World objects as the API server returns them (for `-o yaml`, `-o json` and jsonpath):
//! metadata with timestamps and owner references, the defaulted spec, what admission adds to
//! pods (service account token volume, tolerations, priority), and status.

use super::text::rfc3339;
use crate::sim::cluster::World;
use crate::sim::world::{
    CState, EPOCH_SECS, Event, Ms, Pod, Pv, Pvc, Revision, Service, StatefulSet,
};
use serde_json::{Map, Value, json};

/// The wall-clock second of virtual time `t`.
pub fn secs(t: Ms) -> i64 {
    EPOCH_SECS + (t / 1000) as i64
}

pub fn ts(t: Ms) -> Value {
    Value::String(rfc3339(secs(t)))
}

fn labels(m: &std::collections::BTreeMap<String, String>) -> Option<Value> {
    (!m.is_empty()).then(|| json!(m))
}

/// A resourceVersion that grows with time, deterministic.
fn resource_version(t: Ms, salt: usize) -> Value {
    Value::String((100 + t / 10 + salt as u64).to_string())
}

fn insert_opt(m: &mut Map<String, Value>, k: &str, v: Option<Value>) {
    if let Some(v) = v {
        m.insert(k.into(), v);
    }
}

/// The `kube-api-access-xxxxx` volume name of a pod (deterministic per pod).
pub fn token_volume(p: &Pod) -> String {
    let h = crate::sim::revision::fnv1_32(p.uid.as_bytes());
    let alphabet = b"bcdfghjklmnpqrstvwxz2456789";
    let suffix: String = (0..5)
        .map(|i| alphabet[((h >> (i * 5)) % 27) as usize] as char)
        .collect();
    format!("kube-api-access-{suffix}")
}

pub fn pod(w: &World, p: &Pod) -> Value {
    let mut meta = Map::new();
    meta.insert("creationTimestamp".into(), ts(p.created));
    if let Some(d) = p.deletion {
        meta.insert("deletionGracePeriodSeconds".into(), json!(p.grace_s));
        meta.insert(
            "deletionTimestamp".into(),
            ts(d + (p.grace_s.max(0) as u64) * 1000),
        );
    }
    if p.owner.is_some() {
        meta.insert(
            "generateName".into(),
            json!(format!(
                "{}-",
                p.name.rsplit_once('-').map_or(p.name.as_str(), |(a, _)| a)
            )),
        );
    }
    insert_opt(&mut meta, "labels", labels(&p.labels));
    insert_opt(&mut meta, "annotations", labels(&p.annotations));
    meta.insert("name".into(), json!(p.name));
    meta.insert("namespace".into(), json!(p.ns));
    if let Some(o) = &p.owner {
        meta.insert(
            "ownerReferences".into(),
            json!([{ "apiVersion": "apps/v1", "blockOwnerDeletion": true, "controller": true, "kind": o.kind, "name": o.name, "uid": o.uid }]),
        );
    }
    meta.insert(
        "resourceVersion".into(),
        resource_version(w.now, p.name.len()),
    );
    meta.insert("uid".into(), json!(p.uid));

    let mut spec = p
        .template
        .tree
        .get("spec")
        .map_or_else(|| json!({}), |s| stored(w, s, "PodSpec"));
    let token = token_volume(p);
    if let Some(s) = spec.as_object_mut() {
        s.insert("enableServiceLinks".into(), json!(true));
        s.insert("hostname".into(), json!(p.hostname));
        if let Some(n) = &p.node {
            s.insert("nodeName".into(), json!(n));
        }
        s.insert("preemptionPolicy".into(), json!("PreemptLowerPriority"));
        s.insert("priority".into(), json!(0));
        s.insert("serviceAccount".into(), json!("default"));
        s.insert("serviceAccountName".into(), json!("default"));
        if !p.subdomain.is_empty() {
            s.insert("subdomain".into(), json!(p.subdomain));
        }
        s.insert(
            "tolerations".into(),
            json!([
                {"effect": "NoExecute", "key": "node.kubernetes.io/not-ready", "operator": "Exists", "tolerationSeconds": 300},
                {"effect": "NoExecute", "key": "node.kubernetes.io/unreachable", "operator": "Exists", "tolerationSeconds": 300}
            ]),
        );
        let mut volumes: Vec<Value> = Vec::new();
        for v in &p.template.volumes {
            let src = match &v.source {
                crate::sim::world::VolumeSource::Claim(c) => {
                    json!({"name": v.name, "persistentVolumeClaim": {"claimName": c}})
                }
                _ => p
                    .template
                    .tree
                    .at(&["spec", "volumes"])
                    .and_then(|vs| {
                        vs.as_seq()?
                            .iter()
                            .find(|x| x.get_str("name") == Some(v.name.as_str()))
                            .map(|x| x.to_json())
                    })
                    .unwrap_or_else(|| json!({"name": v.name, "emptyDir": {}})),
            };
            volumes.push(src);
        }
        volumes.push(json!({"name": token, "projected": {"defaultMode": 420, "sources": [
            {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
            {"configMap": {"items": [{"key": "ca.crt", "path": "ca.crt"}], "name": "kube-root-ca.crt"}},
            {"downwardAPI": {"items": [{"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}, "path": "namespace"}]}}
        ]}}));
        s.insert("volumes".into(), Value::Array(volumes));
        for key in ["containers", "initContainers"] {
            if let Some(cs) = s.get_mut(key).and_then(Value::as_array_mut) {
                for c in cs.iter_mut().filter_map(Value::as_object_mut) {
                    let mounts = c.entry("volumeMounts").or_insert_with(|| json!([]));
                    if let Some(m) = mounts.as_array_mut() {
                        m.push(json!({"mountPath": "/var/run/secrets/kubernetes.io/serviceaccount", "name": token, "readOnly": true}));
                    }
                }
            }
        }
    }

    let mut status = Map::new();
    let conds: Vec<Value> = p
        .conditions
        .iter()
        .map(|c| {
            let mut m = Map::new();
            m.insert("lastProbeTime".into(), Value::Null);
            m.insert("lastTransitionTime".into(), ts(c.since));
            insert_opt(&mut m, "message", c.message.clone().map(Value::String));
            insert_opt(&mut m, "reason", c.reason.clone().map(Value::String));
            m.insert(
                "status".into(),
                json!(if c.status { "True" } else { "False" }),
            );
            m.insert("type".into(), json!(c.ty));
            Value::Object(m)
        })
        .collect();
    if !conds.is_empty() {
        status.insert("conditions".into(), Value::Array(conds));
    }
    let statuses: Vec<Value> = p
        .containers
        .iter()
        .map(|c| container_status(c, &p.template.containers))
        .collect();
    if p.worker_start.is_some() {
        status.insert("containerStatuses".into(), Value::Array(statuses));
    }
    if let Some(h) = &p.host_ip {
        status.insert("hostIP".into(), json!(h));
        status.insert("hostIPs".into(), json!([{"ip": h}]));
    }
    insert_opt(&mut status, "message", p.message.clone().map(Value::String));
    status.insert("phase".into(), json!(p.phase.as_str()));
    if let Some(ip) = &p.ip {
        status.insert("podIP".into(), json!(ip));
        status.insert("podIPs".into(), json!([{"ip": ip}]));
    }
    status.insert("qosClass".into(), json!(qos_class(p)));
    insert_opt(&mut status, "reason", p.reason.clone().map(Value::String));
    if let Some(t) = p.worker_start {
        status.insert("startTime".into(), ts(t));
    }
    json!({"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": spec, "status": status})
}

fn container_status(
    c: &crate::sim::world::ContainerStatus,
    specs: &[crate::sim::world::ContainerSpec],
) -> Value {
    let mut m = Map::new();
    insert_opt(
        &mut m,
        "containerID",
        c.container_id.clone().map(Value::String),
    );
    m.insert("image".into(), json!(c.image));
    m.insert(
        "imageID".into(),
        json!(if c.image_id.starts_with("pull:") {
            ""
        } else {
            c.image_id.as_str()
        }),
    );
    let last = c.last.as_ref().map(state).unwrap_or_else(|| json!({}));
    m.insert("lastState".into(), last);
    m.insert("name".into(), json!(c.name));
    m.insert("ready".into(), json!(c.ready));
    m.insert("restartCount".into(), json!(c.restarts));
    let running = matches!(c.state, CState::Running { .. });
    if running
        || specs
            .iter()
            .any(|s| s.name == c.name && s.startup.is_some())
    {
        m.insert("started".into(), json!(running && c.started));
    }
    m.insert("state".into(), state(&c.state));
    Value::Object(m)
}

fn state(s: &CState) -> Value {
    match s {
        CState::Waiting { reason, message } => {
            let mut w = Map::new();
            insert_opt(&mut w, "message", message.clone().map(Value::String));
            w.insert("reason".into(), json!(reason));
            json!({ "waiting": w })
        }
        CState::Running { started } => json!({"running": {"startedAt": ts(*started)}}),
        CState::Terminated {
            reason,
            exit_code,
            started,
            finished,
        } => json!({"terminated": {
            "containerID": Value::Null, "exitCode": exit_code, "finishedAt": ts(*finished), "reason": reason, "startedAt": ts(*started)
        }}),
    }
}

/// `BestEffort`, `Burstable` or `Guaranteed` (`GetPodQOS`).
pub fn qos_class(p: &Pod) -> &'static str {
    let cs = &p.template.containers;
    if cs
        .iter()
        .all(|c| c.requests.is_empty() && c.limits.is_empty())
    {
        return "BestEffort";
    }
    let guaranteed = cs.iter().all(|c| {
        ["cpu", "memory"].iter().all(|r| {
            let limit = c.limits.get(*r);
            limit.is_some() && c.requests.get(*r).is_none_or(|q| Some(q) == limit)
        })
    });
    if guaranteed {
        "Guaranteed"
    } else {
        "Burstable"
    }
}

/// A clean tree as the API server stores the struct `kind` (`revision::stored_json`).
fn stored(w: &World, node: &crate::yaml::Node, kind: &str) -> Value {
    let json = crate::sim::revision::stored_json(node, kind, &w.profile);
    serde_json::from_str(&json).unwrap_or_default()
}

pub fn statefulset(w: &World, s: &StatefulSet) -> Value {
    let mut obj = stored(w, &s.tree, "StatefulSet");
    let Some(o) = obj.as_object_mut() else {
        return obj;
    };
    o.insert("apiVersion".into(), json!("apps/v1"));
    o.insert("kind".into(), json!("StatefulSet"));
    // apps/v1 conversion sets apiVersion and kind in claim templates (the < 1.17 behaviour it
    // preserves) and PVC defaulting gives them `status.phase: Pending`.
    if let Some(vcts) = o
        .get_mut("spec")
        .and_then(|sp| sp.get_mut("volumeClaimTemplates"))
        .and_then(Value::as_array_mut)
    {
        for t in vcts.iter_mut().filter_map(Value::as_object_mut) {
            t.insert("apiVersion".into(), json!("v1"));
            t.insert("kind".into(), json!("PersistentVolumeClaim"));
            t.entry("status")
                .or_insert_with(|| json!({"phase": "Pending"}));
        }
    }
    let meta = o.entry("metadata").or_insert_with(|| json!({}));
    if let Some(m) = meta.as_object_mut() {
        m.insert("creationTimestamp".into(), ts(s.created));
        m.insert("generation".into(), json!(s.generation));
        m.insert("namespace".into(), json!(s.ns));
        m.insert(
            "resourceVersion".into(),
            resource_version(w.now, s.name.len()),
        );
        m.insert("uid".into(), json!(s.uid));
    }
    let st = &s.status;
    let mut status = Map::new();
    status.insert("availableReplicas".into(), json!(st.available));
    status.insert("collisionCount".into(), json!(st.collision_count));
    if st.current > 0 {
        status.insert("currentReplicas".into(), json!(st.current));
    }
    if !st.current_revision.is_empty() {
        status.insert("currentRevision".into(), json!(st.current_revision));
    }
    status.insert("observedGeneration".into(), json!(st.observed_generation));
    if st.ready > 0 {
        status.insert("readyReplicas".into(), json!(st.ready));
    }
    status.insert("replicas".into(), json!(st.replicas));
    if !st.update_revision.is_empty() {
        status.insert("updateRevision".into(), json!(st.update_revision));
    }
    if st.updated > 0 {
        status.insert("updatedReplicas".into(), json!(st.updated));
    }
    o.insert("status".into(), Value::Object(status));
    obj
}

pub fn service(w: &World, s: &Service) -> Value {
    let mut obj = stored(w, &s.tree, "Service");
    let Some(o) = obj.as_object_mut() else {
        return obj;
    };
    o.insert("apiVersion".into(), json!("v1"));
    o.insert("kind".into(), json!("Service"));
    if let Some(m) = o
        .entry("metadata")
        .or_insert_with(|| json!({}))
        .as_object_mut()
    {
        m.insert("creationTimestamp".into(), ts(s.created));
        m.insert("namespace".into(), json!(s.ns));
        m.insert(
            "resourceVersion".into(),
            resource_version(w.now, s.name.len()),
        );
        m.insert("uid".into(), json!(s.uid));
    }
    if let Some(spec) = o.entry("spec").or_insert_with(|| json!({})).as_object_mut()
        && s.ty != "ExternalName"
    {
        spec.insert("clusterIP".into(), json!(s.cluster_ip));
        spec.insert("clusterIPs".into(), json!([s.cluster_ip]));
        spec.insert("ipFamilies".into(), json!(["IPv4"]));
        spec.insert("ipFamilyPolicy".into(), json!("SingleStack"));
    }
    o.insert("status".into(), json!({"loadBalancer": {}}));
    obj
}

pub fn pvc(w: &World, c: &Pvc) -> Value {
    let mut meta = Map::new();
    let mut ann = Map::new();
    if c.phase == crate::sim::world::PvcPhase::Bound {
        ann.insert("pv.kubernetes.io/bind-completed".into(), json!("yes"));
        ann.insert("pv.kubernetes.io/bound-by-controller".into(), json!("yes"));
    }
    if let Some(class) = &c.class
        && let Some(sc) = w.storage_classes.iter().find(|s| &s.name == class)
    {
        ann.insert(
            "volume.beta.kubernetes.io/storage-provisioner".into(),
            json!(sc.provisioner),
        );
        ann.insert(
            "volume.kubernetes.io/storage-provisioner".into(),
            json!(sc.provisioner),
        );
    }
    if !ann.is_empty() {
        meta.insert("annotations".into(), Value::Object(ann));
    }
    meta.insert("creationTimestamp".into(), ts(c.created));
    if let Some(d) = c.deletion {
        meta.insert("deletionGracePeriodSeconds".into(), json!(0));
        meta.insert("deletionTimestamp".into(), ts(d));
    }
    meta.insert("finalizers".into(), json!(["kubernetes.io/pvc-protection"]));
    insert_opt(&mut meta, "labels", labels(&c.labels));
    meta.insert("name".into(), json!(c.name));
    meta.insert("namespace".into(), json!(c.ns));
    if !c.owners.is_empty() {
        let owners: Vec<Value> = c
            .owners
            .iter()
            .map(|o| json!({"apiVersion": if o.kind == "Pod" { "v1" } else { "apps/v1" }, "blockOwnerDeletion": true, "controller": o.controller, "kind": o.kind, "name": o.name, "uid": o.uid}))
            .collect();
        meta.insert("ownerReferences".into(), Value::Array(owners));
    }
    meta.insert(
        "resourceVersion".into(),
        resource_version(w.now, c.name.len()),
    );
    meta.insert("uid".into(), json!(c.uid));
    let mut spec = Map::new();
    spec.insert("accessModes".into(), json!(c.access_modes));
    spec.insert(
        "resources".into(),
        json!({"requests": {"storage": c.storage}}),
    );
    insert_opt(
        &mut spec,
        "storageClassName",
        c.class.clone().map(Value::String),
    );
    spec.insert("volumeMode".into(), json!(c.volume_mode));
    insert_opt(&mut spec, "volumeName", c.volume.clone().map(Value::String));
    let mut status = Map::new();
    if c.phase == crate::sim::world::PvcPhase::Bound {
        status.insert("accessModes".into(), json!(c.access_modes));
        status.insert("capacity".into(), json!({"storage": c.storage}));
    }
    status.insert("phase".into(), json!(c.phase.as_str()));
    json!({"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": meta, "spec": spec, "status": status})
}

pub fn pv(w: &World, v: &Pv) -> Value {
    let claim = v.claim.as_ref().and_then(|k| w.pvcs.get(k));
    let mut spec = Map::new();
    spec.insert("accessModes".into(), json!(v.access_modes));
    spec.insert("capacity".into(), json!({"storage": v.capacity}));
    if let Some(c) = claim {
        spec.insert("claimRef".into(), json!({"apiVersion": "v1", "kind": "PersistentVolumeClaim", "name": c.name, "namespace": c.ns, "uid": c.uid}));
    }
    spec.insert("hostPath".into(), json!({"path": format!("/tmp/hostpath-provisioner/{}", v.claim.clone().unwrap_or_default()), "type": ""}));
    spec.insert("persistentVolumeReclaimPolicy".into(), json!(v.reclaim));
    spec.insert("storageClassName".into(), json!(v.class));
    spec.insert("volumeMode".into(), json!("Filesystem"));
    json!({
        "apiVersion": "v1", "kind": "PersistentVolume",
        "metadata": {"annotations": {"hostPathProvisionerIdentity": PROVISIONER_IDENTITY, "pv.kubernetes.io/provisioned-by": "k8s.io/minikube-hostpath"},
                      "creationTimestamp": ts(v.created), "finalizers": ["kubernetes.io/pv-protection"], "name": v.name,
                      "resourceVersion": resource_version(w.now, v.name.len()), "uid": v.uid},
        "spec": spec,
        "status": {"lastPhaseTransitionTime": ts(v.created), "phase": v.phase}
    })
}

pub fn revision(w: &World, r: &Revision) -> Value {
    let mut meta = json!({
        "creationTimestamp": ts(r.created), "name": r.name, "namespace": r.ns,
        "resourceVersion": resource_version(w.now, r.name.len()), "uid": r.uid,
    });
    if let Some(set) = w.sets.values().find(|s| s.uid == r.set_uid)
        && let Some(m) = meta.as_object_mut()
    {
        m.insert(
            "labels".into(),
            json!(set.spec.template.str_map_at(&["metadata", "labels"])),
        );
        m.insert(
            "ownerReferences".into(),
            json!([{"apiVersion": "apps/v1", "blockOwnerDeletion": true, "controller": true, "kind": "StatefulSet", "name": set.name, "uid": set.uid}]),
        );
    }
    // The very patch the controller hashed (`getPatch`).
    let data: Value =
        serde_json::from_str(&crate::sim::revision::patch_json(&r.template, &w.profile))
            .unwrap_or_default();
    json!({"apiVersion": "apps/v1", "kind": "ControllerRevision", "data": data, "metadata": meta, "revision": r.revision})
}

/// The storage provisioner's identity: minikube's hostpath provisioner draws a UUID when it
/// starts; its events come from `PROVISIONER_NAME_HOST_UUID` (sig-storage-lib-external-provisioner).
const PROVISIONER_EVENTS_ID: &str = "6d4b3c2a-1f0e-4d8c-9b7a-5e4f3a2b1c0d";
const PROVISIONER_IDENTITY: &str = "8f1d3c2e-7b6a-4f59-8e4d-3c2b1a0f9e8d";

/// `source.component` of an event as the API holds it.
/// A Namespace as the API server keeps it: `kubernetes.io/metadata.name` labelled, the
/// `kubernetes` finalizer, `Active`. `created` is when it was made here; the cluster's own
/// namespaces are as old as the cluster (ten minutes before the clock starts). Its UID is
/// drawn from its name, so it is the same in every run.
pub fn namespace(name: &str, created: Option<Ms>) -> Value {
    let secs = created.map_or(EPOCH_SECS - 600, secs);
    let seed = name.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    json!({
        "apiVersion": "v1",
        "kind": "Namespace",
        "metadata": {
            "creationTimestamp": rfc3339(secs),
            "labels": {"kubernetes.io/metadata.name": name},
            "name": name,
            "resourceVersion": resource_version(created.unwrap_or(0), 7),
            "uid": crate::sim::rng::Rng::new(seed).uuid(),
        },
        "spec": {"finalizers": ["kubernetes"]},
        "status": {"phase": "Active"},
    })
}

/// A StorageClass as the API returns it. minikube's `standard` is its `storageclass` addon
/// (`deploy/addons/storageclass/storageclass.yaml`, minikube v1.38.1), which the addon manager
/// creates with `kubectl apply`: hence the last-applied annotation, without the manifest's
/// `namespace` (`FilterNamespace` drops it from a cluster-scoped object).
pub fn storage_class(c: &crate::sim::cluster::StorageClass) -> Value {
    let mut annotations = Map::new();
    let mut labels = Map::new();
    if c.name == "standard" && c.provisioner == "k8s.io/minikube-hostpath" {
        annotations.insert(
            "kubectl.kubernetes.io/last-applied-configuration".into(),
            json!(concat!(
                r#"{"apiVersion":"storage.k8s.io/v1","kind":"StorageClass","metadata":{"annotations":"#,
                r#"{"storageclass.kubernetes.io/is-default-class":"true"},"labels":"#,
                r#"{"addonmanager.kubernetes.io/mode":"EnsureExists"},"name":"standard"},"#,
                r#""provisioner":"k8s.io/minikube-hostpath"}"#,
                "\n"
            )),
        );
        labels.insert(
            "addonmanager.kubernetes.io/mode".into(),
            json!("EnsureExists"),
        );
    }
    if c.default {
        annotations.insert(
            "storageclass.kubernetes.io/is-default-class".into(),
            json!("true"),
        );
    }
    let seed = c.name.bytes().fold(0x9e37_79b9_7f4a_7c15u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    let mut meta = Map::new();
    if !annotations.is_empty() {
        meta.insert("annotations".into(), Value::Object(annotations));
    }
    meta.insert("creationTimestamp".into(), json!(rfc3339(EPOCH_SECS - 590)));
    if !labels.is_empty() {
        meta.insert("labels".into(), Value::Object(labels));
    }
    meta.insert("name".into(), json!(c.name));
    meta.insert("resourceVersion".into(), json!("292"));
    meta.insert("uid".into(), json!(crate::sim::rng::Rng::new(seed).uuid()));
    json!({
        "apiVersion": "storage.k8s.io/v1",
        "kind": "StorageClass",
        "metadata": Value::Object(meta),
        "provisioner": c.provisioner,
        "reclaimPolicy": c.reclaim,
        "volumeBindingMode": c.binding,
    })
}

pub fn event_source(e: &Event) -> String {
    if e.source == "k8s.io/minikube-hostpath" {
        format!("{}_minikube_{PROVISIONER_EVENTS_ID}", e.source)
    } else {
        e.source.to_string()
    }
}

pub fn event(e: &Event) -> Value {
    let mut involved = Map::new();
    involved.insert(
        "apiVersion".into(),
        json!(if e.kind == "StatefulSet" {
            "apps/v1"
        } else {
            "v1"
        }),
    );
    insert_opt(
        &mut involved,
        "fieldPath",
        e.field_path
            .as_deref()
            .map(|f| Value::String(f.to_string())),
    );
    involved.insert("kind".into(), json!(e.kind));
    involved.insert("name".into(), json!(&*e.object));
    involved.insert("namespace".into(), json!(&*e.ns));
    involved.insert("uid".into(), json!(&*e.uid));
    json!({
        "apiVersion": "v1", "kind": "Event", "count": e.count, "eventTime": Value::Null,
        "firstTimestamp": ts(e.first), "involvedObject": involved, "lastTimestamp": ts(e.last),
        "message": &*e.message, "metadata": {"creationTimestamp": ts(e.first), "name": e.name(), "namespace": &*e.ns},
        "reason": &*e.reason, "reportingComponent": event_source(e),
        "reportingInstance": if e.source == "kubelet" { "minikube" } else { "" },
        "source": if e.source == "kubelet" { json!({"component": "kubelet", "host": "minikube"}) } else { json!({"component": event_source(e)}) },
        "type": if e.warning { "Warning" } else { "Normal" },
    })
}

/// `v1.Endpoints` for a Service (the legacy API kubectl still lists with `get ep`).
/// A container port of pod `pod` by its name (a Service's named `targetPort`).
pub fn named_port(w: &World, pod: &str, name: &str) -> Option<i64> {
    let p = w.pods.get(pod)?;
    p.template
        .containers
        .iter()
        .flat_map(|c| &c.ports)
        .find(|port| port.name.as_deref() == Some(name))
        .map(|port| port.port)
}

/// The ports of a Service's endpoints: each `targetPort`, a named one looked up in the first
/// endpoint's pod (`podutil.FindPort`), as the Endpoints and EndpointSlice controllers write
/// them.
fn endpoint_ports(w: &World, s: &Service, eps: &[crate::sim::dns::Endpoint]) -> Vec<Value> {
    s.ports
        .iter()
        .map(|p| {
            let port = p
                .target
                .parse::<i64>()
                .ok()
                .or_else(|| eps.first().and_then(|e| named_port(w, &e.pod, &p.target)));
            let mut m = Map::new();
            insert_opt(&mut m, "name", p.name.clone().map(Value::String));
            m.insert("port".into(), json!(port.unwrap_or(p.port)));
            m.insert("protocol".into(), json!(p.protocol));
            Value::Object(m)
        })
        .collect()
}

pub fn endpoints(w: &World, s: &Service) -> Value {
    let eps = w.endpoints(s);
    let ports = endpoint_ports(w, s, &eps);
    let addr = |e: &crate::sim::dns::Endpoint| {
        let mut m = Map::new();
        insert_opt(&mut m, "hostname", e.hostname.clone().map(Value::String));
        m.insert("ip".into(), json!(e.ip));
        m.insert("nodeName".into(), json!(e.node));
        m.insert(
            "targetRef".into(),
            json!({"kind": "Pod", "name": e.pod_name, "namespace": s.ns}),
        );
        Value::Object(m)
    };
    let ready: Vec<Value> = eps.iter().filter(|e| e.ready).map(addr).collect();
    let not_ready: Vec<Value> = eps.iter().filter(|e| !e.ready).map(addr).collect();
    let mut subset = Map::new();
    if !ready.is_empty() {
        subset.insert("addresses".into(), Value::Array(ready));
    }
    if !not_ready.is_empty() {
        subset.insert("notReadyAddresses".into(), Value::Array(not_ready));
    }
    // The endpoints controller copies the Service's labels and marks a headless Service's
    // (`syncService` in pkg/controller/endpoint/endpoints_controller.go, v1.36).
    let mut labels = s.labels.clone();
    if s.headless() {
        labels.insert("service.kubernetes.io/headless".into(), String::new());
    }
    let mut obj = json!({"apiVersion": "v1", "kind": "Endpoints",
        "metadata": {"creationTimestamp": ts(s.created), "labels": labels, "name": s.name, "namespace": s.ns}});
    if !subset.is_empty()
        && let Some(o) = obj.as_object_mut()
    {
        subset.insert("ports".into(), Value::Array(ports));
        o.insert("subsets".into(), json!([Value::Object(subset)]));
    }
    obj
}

/// A Service's EndpointSlice as the endpointslice controller writes it (`newEndpointSlice`
/// and `podToEndpoint` in staging/src/k8s.io/endpointslice, v1.36): the Service's labels with
/// the controller's, one endpoint per pod in the order the slice lists them, and `endpoints:
/// null` when there is none (the field has no `omitempty`). Its generation and the
/// last-change-trigger-time annotation are not kept.
pub fn endpoint_slice(w: &World, s: &Service, name: &str) -> Value {
    let mut labels = s.labels.clone();
    labels.insert(
        "endpointslice.kubernetes.io/managed-by".into(),
        "endpointslice-controller.k8s.io".into(),
    );
    labels.insert("kubernetes.io/service-name".into(), s.name.clone());
    if s.headless() {
        labels.insert("service.kubernetes.io/headless".into(), String::new());
    }
    let eps = w.endpoints(s);
    let endpoints: Vec<Value> = eps
        .iter()
        .map(|e| {
            let mut m = Map::new();
            m.insert("addresses".into(), json!([e.ip]));
            m.insert(
                "conditions".into(),
                json!({"ready": e.ready, "serving": e.serving, "terminating": e.terminating}),
            );
            insert_opt(&mut m, "hostname", e.hostname.clone().map(Value::String));
            m.insert("nodeName".into(), json!(e.node));
            let uid = w
                .pods
                .get(&e.pod)
                .map(|p| p.uid.clone())
                .unwrap_or_default();
            m.insert(
                "targetRef".into(),
                json!({"kind": "Pod", "name": e.pod_name, "namespace": s.ns, "uid": uid}),
            );
            Value::Object(m)
        })
        .collect();
    // With no endpoint the controller keeps a placeholder slice, whose empty lists read back
    // from storage as null.
    let ports = if eps.is_empty() {
        Value::Null
    } else {
        Value::Array(endpoint_ports(w, s, &eps))
    };
    let seed = name.bytes().fold(0x84222325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    json!({
        "addressType": "IPv4",
        "apiVersion": "discovery.k8s.io/v1",
        "endpoints": if endpoints.is_empty() { Value::Null } else { Value::Array(endpoints) },
        "kind": "EndpointSlice",
        "metadata": {
            "creationTimestamp": ts(s.created),
            "generateName": format!("{}-", s.name),
            "generation": 1,
            "labels": labels,
            "name": name,
            "namespace": s.ns,
            "ownerReferences": [{
                "apiVersion": "v1",
                "blockOwnerDeletion": true,
                "controller": true,
                "kind": "Service",
                "name": s.name,
                "uid": s.uid,
            }],
            "resourceVersion": resource_version(s.created, 11),
            "uid": crate::sim::rng::Rng::new(seed).uuid(),
        },
        "ports": ports,
    })
}

/// A release's storage Secret: `data.release` is base64 (by the API) of base64 of the gzipped
/// release JSON (`pkg/storage/driver/util.go:encodeRelease`); the playground stores the
/// release JSON itself under one base64 so that `base64 -d` shows it.
pub fn release_secret(r: &crate::sim::helm::Release) -> Value {
    let body = serde_json::json!({
        "name": r.name,
        "namespace": r.namespace,
        "version": r.version,
        "info": {"status": r.status.as_str(), "description": r.description},
        "chart": {"metadata": {"name": r.chart_name, "version": r.chart_version, "appVersion": r.app_version}},
        "config": r.config,
        "manifest": r.manifest,
    });
    let encoded = crate::helm::convert::base64_encode(body.to_string().as_bytes());
    serde_json::json!({
        "apiVersion": "v1",
        "data": {"release": encoded},
        "kind": "Secret",
        "metadata": {
            "creationTimestamp": crate::kubectl::text::rfc3339(crate::sim::helm::unix(r.created)),
            "labels": r.labels(),
            "name": r.secret_name(),
            "namespace": r.namespace,
            "resourceVersion": (1000 + r.version).to_string(),
        },
        "type": "helm.sh/release.v1",
    })
}

/// The UID of the Job `name` made at `created` (a helm hook's): drawn from both, so every
/// pod it runs carries the same `controller-uid`, and every run of the playground the same.
pub fn job_uid(ns: &str, name: &str, created: Ms) -> String {
    let seed = format!("{ns}/{name}/{created}")
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        });
    crate::sim::rng::Rng::new(seed).uuid()
}

/// What the Job controller knows of a Job (a helm hook's, kept as written), from its pods
/// (labelled `job-name`) as `syncJob` (pkg/controller/job) counts them.
pub struct JobState {
    pub created: Ms,
    pub tree: crate::yaml::Node,
    pub uid: String,
    pub succeeded: i64,
    pub failed: i64,
    /// When it completed (a pod succeeded), or failed (more than `backoffLimit` pods did).
    pub completed: Option<Ms>,
    pub failed_at: Option<Ms>,
    /// `spec.completions` as the API server defaults it (1 when neither it nor
    /// `parallelism` is set); `spec.parallelism` (1 unless set).
    pub completions: Option<i64>,
    pub parallelism: i64,
}

pub fn job_state(w: &World, ns: &str, name: &str) -> Option<JobState> {
    let (created, tree) = w
        .others
        .get(&("Job".to_string(), ns.to_string(), name.to_string()))?;
    let spec = tree
        .to_json()
        .get("spec")
        .cloned()
        .unwrap_or_else(|| json!({}));
    let int = |k: &str| spec.get(k).and_then(Value::as_i64);
    let backoff = int("backoffLimit").unwrap_or(6);
    let parallelism = int("parallelism");
    let completions = int("completions").or(parallelism.is_none().then_some(1));
    let (mut succeeded, mut failed, mut last) = (0i64, 0i64, *created);
    for p in w
        .pods
        .values()
        .filter(|p| p.ns == ns && p.labels.get("job-name").is_some_and(|j| j == name))
    {
        if let Some(CState::Terminated {
            exit_code,
            finished,
            ..
        }) = p.containers.first().map(|c| &c.state)
        {
            if *exit_code == 0 {
                succeeded += 1;
            } else {
                failed += 1;
            }
            last = last.max(*finished);
        }
    }
    let complete = succeeded >= completions.unwrap_or(1);
    Some(JobState {
        created: *created,
        tree: tree.clone(),
        uid: job_uid(ns, name, *created),
        succeeded,
        failed,
        completed: complete.then_some(last),
        failed_at: (!complete && failed > backoff).then_some(last),
        completions,
        parallelism: parallelism.unwrap_or(1),
    })
}

/// A Job (a helm hook's, kept as written) as the API returns it: its spec with the defaults
/// the API server sets (`SetDefaults_Job`, pkg/apis/batch/v1/defaults.go) and the selector
/// the Job controller's UID makes; its status from [`job_state`]: succeeded and failed pods,
/// the start, and `SuccessCriteriaMet` then `Complete` once enough pods succeeded, or
/// `FailureTarget` then `Failed` (`BackoffLimitExceeded`) once more than `backoffLimit` failed.
pub fn job(w: &World, ns: &str, name: &str) -> Option<Value> {
    let st = job_state(w, ns, name)?;
    let mut v = st.tree.to_json();
    let uid = st.uid.clone();
    let created = &st.created;
    let (succeeded, failed) = (st.succeeded, st.failed);
    let when = |t: Ms| rfc3339(secs(t));
    let condition = |kind: &str, reason: &str, message: &str, at: Ms| {
        json!({
            "lastProbeTime": when(at),
            "lastTransitionTime": when(at),
            "message": message,
            "reason": reason,
            "status": "True",
            "type": kind,
        })
    };
    let mut status = Map::new();
    if let Some(obj) = v.as_object_mut() {
        let meta = obj.entry("metadata").or_insert_with(|| json!({}));
        if let Some(m) = meta.as_object_mut() {
            m.insert("creationTimestamp".into(), when(*created).into());
            m.insert("generation".into(), 1.into());
            m.insert("namespace".into(), ns.into());
            m.insert("uid".into(), uid.clone().into());
        }
        let spec = obj.entry("spec").or_insert_with(|| json!({}));
        if let Some(sp) = spec.as_object_mut() {
            sp.entry("backoffLimit").or_insert(6.into());
            sp.entry("completionMode").or_insert("NonIndexed".into());
            // Both unset: one pod to succeed; a parallelism alone is a work queue.
            if !sp.contains_key("completions") && !sp.contains_key("parallelism") {
                sp.insert("completions".into(), 1.into());
            }
            sp.entry("manualSelector").or_insert(false.into());
            sp.entry("parallelism").or_insert(1.into());
            sp.entry("podReplacementPolicy")
                .or_insert("TerminatingOrFailed".into());
            sp.insert(
                "selector".into(),
                json!({"matchLabels": {"batch.kubernetes.io/controller-uid": uid}}),
            );
            sp.entry("suspend").or_insert(false.into());
            // The API server labels the pod template with the Job's identity
            // (`generateSelector`), and a Job without labels of its own takes the template's.
            let template = sp.entry("template").or_insert_with(|| json!({}));
            if let Some(t) = template.as_object_mut() {
                let meta = t.entry("metadata").or_insert_with(|| json!({}));
                if let Some(tm) = meta.as_object_mut() {
                    let labels = tm.entry("labels").or_insert_with(|| json!({}));
                    if let Some(l) = labels.as_object_mut() {
                        l.insert(
                            "batch.kubernetes.io/controller-uid".into(),
                            uid.clone().into(),
                        );
                        l.insert("batch.kubernetes.io/job-name".into(), name.into());
                        l.insert("controller-uid".into(), uid.clone().into());
                        l.insert("job-name".into(), name.into());
                    }
                }
            }
        }
        let template_labels = obj
            .get("spec")
            .and_then(|sp| sp.pointer("/template/metadata/labels"))
            .cloned()
            .unwrap_or_else(|| json!({}));
        if let Some(m) = obj.get_mut("metadata").and_then(Value::as_object_mut) {
            let empty = m
                .get("labels")
                .and_then(Value::as_object)
                .is_none_or(Map::is_empty);
            if empty {
                m.insert("labels".into(), template_labels);
            }
        }
    }
    status.insert("startTime".into(), when(*created).into());
    let mut conditions = Vec::new();
    if let Some(at) = st.completed {
        for kind in ["SuccessCriteriaMet", "Complete"] {
            conditions.push(condition(
                kind,
                "CompletionsReached",
                "Reached expected number of succeeded pods",
                at,
            ));
        }
        status.insert("completionTime".into(), when(at).into());
    } else if let Some(at) = st.failed_at {
        for kind in ["FailureTarget", "Failed"] {
            conditions.push(condition(
                kind,
                "BackoffLimitExceeded",
                "Job has reached the specified backoff limit",
                at,
            ));
        }
    } else {
        status.insert("active".into(), 1.into());
    }
    if !conditions.is_empty() {
        status.insert("conditions".into(), conditions.into());
    }
    if failed > 0 {
        status.insert("failed".into(), failed.into());
    }
    status.insert("ready".into(), 0.into());
    if succeeded > 0 {
        status.insert("succeeded".into(), succeeded.into());
    }
    status.insert("terminating".into(), 0.into());
    status.insert("uncountedTerminatedPods".into(), json!({}));
    if let Some(obj) = v.as_object_mut() {
        obj.insert("status".into(), Value::Object(status));
    }
    Some(v)
}
