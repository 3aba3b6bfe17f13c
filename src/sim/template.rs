//! Typed views of clean, defaulted trees for the simulation: a StatefulSet's spec, its pod
//! template (containers, probes, mounts, volumes) and a Service.

use super::world::{
    ClaimTemplate, ContainerSpec, Handler, MaxUnavailable, Mount, PodTemplate, Policy, Port, Probe,
    Rolling, Service, StsSpec, SvcPort, Volume, VolumeSource,
};
use crate::labels::Selector;
use crate::yaml::{Node, Value};
use std::collections::BTreeMap;
use std::rc::Rc;

fn int_or_str(n: Option<&Node>) -> String {
    match n.map(|n| &n.value) {
        Some(Value::Int(i)) => i.to_string(),
        Some(Value::Str(s)) => s.clone(),
        _ => String::new(),
    }
}

fn probe(n: Option<&Node>) -> Option<Probe> {
    let n = n?;
    let handler = if let Some(h) = n.get("httpGet") {
        Handler::Http {
            port: int_or_str(h.get("port")),
            path: h.get_str("path").unwrap_or("/").to_string(),
            scheme: h.get_str("scheme").unwrap_or("HTTP").to_string(),
        }
    } else if let Some(t) = n.get("tcpSocket") {
        Handler::Tcp {
            port: int_or_str(t.get("port")),
        }
    } else if let Some(g) = n.get("grpc") {
        Handler::Grpc {
            port: g.int_at(&["port"]).unwrap_or(0),
            service: g.get_str("service").map(str::to_string),
        }
    } else {
        Handler::Exec {
            command: n
                .seq_at(&["exec", "command"])
                .iter()
                .filter_map(|c| c.as_str().map(str::to_string))
                .collect(),
        }
    };
    let int = |k: &str, d: i64| {
        n.int_at(&[k])
            .filter(|v| *v > 0 || k == "initialDelaySeconds")
            .unwrap_or(d)
    };
    Some(Probe {
        handler,
        initial_delay_s: int("initialDelaySeconds", 0).max(0),
        timeout_s: int("timeoutSeconds", 1),
        period_s: int("periodSeconds", 10),
        success_threshold: int("successThreshold", 1),
        failure_threshold: int("failureThreshold", 3),
    })
}

fn strings(n: &Node, key: &str) -> Vec<String> {
    n.seq_at(&[key])
        .iter()
        .filter_map(|s| s.as_str().map(str::to_string))
        .collect()
}

fn container(c: &Node, sidecar: bool) -> ContainerSpec {
    ContainerSpec {
        name: c.get_str("name").unwrap_or("").to_string(),
        image: c.get_str("image").unwrap_or("").to_string(),
        pull_policy: c
            .get_str("imagePullPolicy")
            .unwrap_or("IfNotPresent")
            .to_string(),
        ports: c
            .seq_at(&["ports"])
            .iter()
            .map(|p| Port {
                name: p.get_str("name").map(str::to_string),
                port: p.int_at(&["containerPort"]).unwrap_or(0),
                protocol: p.get_str("protocol").unwrap_or("TCP").to_string(),
            })
            .collect(),
        readiness: probe(c.get("readinessProbe")),
        liveness: probe(c.get("livenessProbe")),
        startup: probe(c.get("startupProbe")),
        mounts: c
            .seq_at(&["volumeMounts"])
            .iter()
            .map(|m| Mount {
                name: m.get_str("name").unwrap_or("").to_string(),
                path: m.get_str("mountPath").unwrap_or("").to_string(),
                read_only: m.bool_at(&["readOnly"]).unwrap_or(false),
                sub_path: m
                    .get_str("subPath")
                    .filter(|s| !s.is_empty())
                    .map(str::to_string),
            })
            .collect(),
        env: c
            .seq_at(&["env"])
            .iter()
            .map(|e| {
                (
                    e.get_str("name").unwrap_or("").to_string(),
                    e.get_str("value").unwrap_or("").to_string(),
                )
            })
            .collect(),
        command: strings(c, "command"),
        args: strings(c, "args"),
        requests: c.str_map_at(&["resources", "requests"]),
        limits: c.str_map_at(&["resources", "limits"]),
        sidecar,
    }
}

/// The pod template of a (defaulted) StatefulSet's `spec.template` tree.
pub fn pod_template(template: Rc<Node>) -> PodTemplate {
    let spec = template.get("spec");
    let seq = |k: &str| spec.map(|s| s.seq_at(&[k])).unwrap_or(&[]);
    PodTemplate {
        labels: template.str_map_at(&["metadata", "labels"]),
        annotations: template.str_map_at(&["metadata", "annotations"]),
        containers: seq("containers")
            .iter()
            .map(|c| container(c, false))
            .collect(),
        init_containers: seq("initContainers")
            .iter()
            .map(|c| container(c, c.get_str("restartPolicy") == Some("Always")))
            .collect(),
        volumes: seq("volumes")
            .iter()
            .map(|v| Volume {
                name: v.get_str("name").unwrap_or("").to_string(),
                source: if let Some(c) = v.get("persistentVolumeClaim") {
                    VolumeSource::Claim(c.get_str("claimName").unwrap_or("").to_string())
                } else if v.get("emptyDir").is_some() {
                    VolumeSource::EmptyDir
                } else if let Some(c) = v.get("configMap") {
                    VolumeSource::ConfigMap(c.get_str("name").unwrap_or("").to_string())
                } else if let Some(s) = v.get("secret") {
                    VolumeSource::Secret(s.get_str("secretName").unwrap_or("").to_string())
                } else if let Some(h) = v.get("hostPath") {
                    VolumeSource::HostPath(h.get_str("path").unwrap_or("").to_string())
                } else {
                    VolumeSource::Other(
                        v.as_map()
                            .and_then(|m| m.iter().find(|e| e.key != "name"))
                            .map_or("emptyDir".into(), |e| e.key.clone()),
                    )
                },
            })
            .collect(),
        grace_s: spec
            .and_then(|s| s.int_at(&["terminationGracePeriodSeconds"]))
            .unwrap_or(30),
        node_selector: spec
            .map(|s| s.str_map_at(&["nodeSelector"]))
            .unwrap_or_default(),
        tree: template,
    }
}

/// The controller's view of a (defaulted, clean) StatefulSet tree.
pub fn sts_spec(sts: &Node) -> StsSpec {
    let empty = Node::new(Value::Map(Vec::new()), sts.span);
    let spec = sts.get("spec").unwrap_or(&empty);
    let rolling = spec
        .at(&["updateStrategy", "rollingUpdate"])
        .map(|r| Rolling {
            partition: r.int_at(&["partition"]).unwrap_or(0),
            max_unavailable: match r.get("maxUnavailable").map(|n| &n.value) {
                Some(Value::Int(i)) => Some(MaxUnavailable::Int(*i)),
                Some(Value::Str(s)) => s
                    .strip_suffix('%')
                    .and_then(|p| p.parse().ok())
                    .map(MaxUnavailable::Percent),
                _ => None,
            },
        });
    let strategy = spec
        .str_at(&["updateStrategy", "type"])
        .unwrap_or("RollingUpdate")
        .to_string();
    StsSpec {
        replicas: spec.int_at(&["replicas"]).unwrap_or(1).max(0),
        start: spec.int_at(&["ordinals", "start"]).unwrap_or(0).max(0),
        policy: if spec.get_str("podManagementPolicy") == Some("Parallel") {
            Policy::Parallel
        } else {
            Policy::OrderedReady
        },
        rolling: if strategy == "RollingUpdate" {
            rolling
        } else {
            None
        },
        strategy,
        min_ready_s: spec.int_at(&["minReadySeconds"]).unwrap_or(0).max(0),
        history_limit: spec.int_at(&["revisionHistoryLimit"]).unwrap_or(10).max(0),
        when_deleted_delete: spec.str_at(&["persistentVolumeClaimRetentionPolicy", "whenDeleted"])
            == Some("Delete"),
        when_scaled_delete: spec.str_at(&["persistentVolumeClaimRetentionPolicy", "whenScaled"])
            == Some("Delete"),
        selector: spec
            .get("selector")
            .map(Selector::from_node)
            .unwrap_or_default(),
        service_name: spec.get_str("serviceName").unwrap_or("").to_string(),
        template: super::world::SharedTemplate::new(
            spec.get("template")
                .cloned()
                .unwrap_or_else(|| empty.clone()),
        ),
        claims: spec
            .seq_at(&["volumeClaimTemplates"])
            .iter()
            .map(|t| ClaimTemplate {
                name: t.str_at(&["metadata", "name"]).unwrap_or("").to_string(),
                labels: t.str_map_at(&["metadata", "labels"]),
                annotations: t.str_map_at(&["metadata", "annotations"]),
                storage: t
                    .str_at(&["spec", "resources", "requests", "storage"])
                    .unwrap_or("")
                    .to_string(),
                access_modes: strings(t.get("spec").unwrap_or(&empty), "accessModes"),
                class: t.str_at(&["spec", "storageClassName"]).map(str::to_string),
                volume_mode: t
                    .str_at(&["spec", "volumeMode"])
                    .unwrap_or("Filesystem")
                    .to_string(),
            })
            .collect(),
    }
}

/// A Service of the simulated cluster from its (defaulted, clean) tree; `ip` is the
/// allocated cluster IP unless the Service is headless or names one.
pub fn service(svc: &Node, ns: &str, uid: String, created: u64, ip: String) -> Service {
    let spec = svc.get("spec");
    let written_ip = spec.and_then(|s| s.get_str("clusterIP")).unwrap_or("");
    let ty = spec
        .and_then(|s| s.get_str("type"))
        .unwrap_or("ClusterIP")
        .to_string();
    Service {
        ns: ns.to_string(),
        name: svc.str_at(&["metadata", "name"]).unwrap_or("").to_string(),
        uid,
        created,
        cluster_ip: if ty == "ExternalName" {
            String::new()
        } else if written_ip.is_empty() {
            ip
        } else {
            written_ip.to_string()
        },
        ty,
        ports: spec
            .map(|s| s.seq_at(&["ports"]))
            .unwrap_or(&[])
            .iter()
            .map(|p| SvcPort {
                name: p
                    .get_str("name")
                    .filter(|n| !n.is_empty())
                    .map(str::to_string),
                port: p.int_at(&["port"]).unwrap_or(0),
                target: int_or_str(p.get("targetPort")),
                protocol: p.get_str("protocol").unwrap_or("TCP").to_string(),
                node_port: p.int_at(&["nodePort"]),
            })
            .collect(),
        selector: spec
            .map(|s| s.str_map_at(&["selector"]))
            .unwrap_or_default(),
        publish_not_ready: spec
            .and_then(|s| s.bool_at(&["publishNotReadyAddresses"]))
            .unwrap_or(false),
        labels: svc.str_map_at(&["metadata", "labels"]),
        annotations: svc.str_map_at(&["metadata", "annotations"]),
        tree: svc.clone(),
    }
}

/// The labels of the claims a pod gets: template labels with the selector's over them (§1.2).
pub fn claim_labels(t: &ClaimTemplate, selector: &Selector) -> BTreeMap<String, String> {
    let mut labels = t.labels.clone();
    for (k, v) in &selector.match_labels {
        labels.insert(k.clone(), v.clone());
    }
    labels
}
