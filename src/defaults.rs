//! API defaulting, as the API server applies it before validation (`pkg/apis/apps/v1/defaults.go` `SetDefaults_StatefulSet`, `pkg/apis/core/v1/defaults.go`):
//! `SetDefaults_StatefulSet`, `SetDefaults_PodSpec`, `SetDefaults_Container`,
//! `SetDefaults_Probe`, `SetDefaults_Service`, and the registry's drop of fields whose feature
//! gate is off. Works on clean object trees (after the schema check).

use crate::version::Profile;
use crate::yaml::{Node, Value};

fn s(v: &str) -> Value {
    Value::Str(v.to_string())
}

fn is_empty_str(n: &Node, key: &str) -> bool {
    n.get_str(key).is_none_or(str::is_empty)
}

/// The tag of an image reference (`nginx:1.27` → `1.27`); `None` when it names none.
pub fn image_tag(image: &str) -> Option<&str> {
    if image.contains('@') {
        return Some("@digest");
    }
    let last = image.rsplit('/').next().unwrap_or(image);
    last.split_once(':').map(|(_, t)| t)
}

/// `SetDefaults_Probe` (and the HTTP handler's path and scheme).
pub fn probe(p: &mut Node) {
    p.set_default("timeoutSeconds", Value::Int(1));
    p.set_default("periodSeconds", Value::Int(10));
    p.set_default("successThreshold", Value::Int(1));
    p.set_default("failureThreshold", Value::Int(3));
    if let Some(h) = p.get_mut("httpGet") {
        h.set_default("path", s("/"));
        h.set_default("scheme", s("HTTP"));
    }
}

fn container(c: &mut Node) {
    c.set_default("terminationMessagePath", s("/dev/termination-log"));
    c.set_default("terminationMessagePolicy", s("File"));
    if is_empty_str(c, "imagePullPolicy") {
        let latest = c
            .get_str("image")
            .is_some_and(|i| image_tag(i).is_none_or(|t| t == "latest"));
        c.set(
            "imagePullPolicy",
            s(if latest { "Always" } else { "IfNotPresent" }),
        );
    }
    if let Some(Value::Seq(ports)) = c.get_mut("ports").map(|p| &mut p.value) {
        for p in ports {
            p.set_default("protocol", s("TCP"));
        }
    }
    for key in ["livenessProbe", "readinessProbe", "startupProbe"] {
        if let Some(p) = c.get_mut(key) {
            probe(p);
        }
    }
}

/// `SetDefaults_PodSpec` and the defaults of its containers.
pub fn pod_spec(spec: &mut Node) {
    spec.set_default("restartPolicy", s("Always"));
    spec.set_default("dnsPolicy", s("ClusterFirst"));
    spec.set_default("terminationGracePeriodSeconds", Value::Int(30));
    spec.set_default("schedulerName", s("default-scheduler"));
    spec.set_default("securityContext", Value::Map(Vec::new()));
    for key in ["containers", "initContainers"] {
        if let Some(Value::Seq(cs)) = spec.get_mut(key).map(|n| &mut n.value) {
            for c in cs {
                container(c);
            }
        }
    }
}

/// `SetDefaults_StatefulSet` plus the pod template defaults, and the registry's
/// `dropStatefulSetDisabledFields` for gates that are off in `profile`.
pub fn statefulset(sts: &mut Node, profile: &Profile) {
    let Some(spec) = sts.map_mut("spec") else {
        return;
    };
    spec.set_default("replicas", Value::Int(1));
    if is_empty_str(spec, "podManagementPolicy") {
        spec.set("podManagementPolicy", s("OrderedReady"));
    }
    if let Some(strategy) = spec.map_mut("updateStrategy") {
        update_strategy(strategy, profile);
    }
    spec.set_default("revisionHistoryLimit", Value::Int(10));
    if let Some(policy) = spec.map_mut("persistentVolumeClaimRetentionPolicy") {
        for key in ["whenDeleted", "whenScaled"] {
            if is_empty_str(policy, key) {
                policy.set(key, s("Retain"));
            }
        }
    }
    if let Some(ps) = spec.get_mut("template").and_then(|t| t.get_mut("spec")) {
        pod_spec(ps);
    }
    if let Some(Value::Seq(templates)) = spec.get_mut("volumeClaimTemplates").map(|n| &mut n.value)
    {
        for t in templates {
            // Conversion to the internal type drops a claim template's apiVersion and kind
            // (apps/v1 conversion writes them back on output), and PVC defaulting
            // (`SetDefaults_PersistentVolumeClaim`) gives it `status.phase: Pending`: a
            // template read back with `kubectl get -o yaml` compares equal to the original.
            if let Value::Map(m) = &mut t.value {
                m.retain(|e| e.key != "apiVersion" && e.key != "kind");
            }
            if let Some(ts) = t.map_mut("spec") {
                ts.set_default("volumeMode", s("Filesystem"));
            }
            if let Some(status) = t.map_mut("status") {
                status.set_default("phase", s("Pending"));
            }
        }
    }
}

fn update_strategy(strategy: &mut Node, profile: &Profile) {
    if is_empty_str(strategy, "type") {
        strategy.set("type", s("RollingUpdate"));
        // Only in this case is an empty rollingUpdate created, and only if there is none (§3).
        strategy.set_default("rollingUpdate", Value::Map(Vec::new()));
    }
    if strategy.get_str("type") == Some("RollingUpdate")
        && let Some(ru) = strategy.get_mut("rollingUpdate")
    {
        ru.set_default("partition", Value::Int(0));
        if profile.max_unavailable_statefulset {
            ru.set_default("maxUnavailable", Value::Int(1));
        } else if let Value::Map(m) = &mut ru.value {
            // Dropped on create when the gate is off, before validation (`dropStatefulSetDisabledFields` in `pkg/registry/apps/statefulset/strategy.go`).
            m.retain(|e| e.key != "maxUnavailable");
        }
    }
}

/// `SetDefaults_Service`: type, session affinity, traffic policy, port protocols and targets.
pub fn service(svc: &mut Node) {
    let Some(spec) = svc.map_mut("spec") else {
        return;
    };
    spec.set_default("type", s("ClusterIP"));
    spec.set_default("sessionAffinity", s("None"));
    spec.set_default("internalTrafficPolicy", s("Cluster"));
    if let Some(Value::Seq(ports)) = spec.get_mut("ports").map(|n| &mut n.value) {
        for p in ports {
            p.set_default("protocol", s("TCP"));
            if p.get("targetPort").is_none() {
                let port = p.get("port").and_then(Node::as_int).unwrap_or(0);
                p.set("targetPort", Value::Int(port));
            }
        }
    }
}
