//! `kubectl get` tables (`pkg/printers/internalversion/printers.go`, `kubectl/pkg/cmd/get/get.go`): the server's columns for each type,
//! STATUS and READY of pods as `printPod` computes them, AGE by `HumanDuration`, kind prefixes
//! and blank lines when several types are listed, `-o wide|name|yaml|json|jsonpath`.

use super::objects;
use super::resources::Res;
use super::text::{GET, human_duration_ms, tabwrite};
use crate::sim::cluster::World;
use crate::sim::world::{CState, Ms, Phase, Pod};
use serde_json::Value;

/// How rows print.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Format {
    pub wide: bool,
    pub show_labels: bool,
    /// `-L KEY`: one column per label key, after the others.
    pub label_columns: Vec<String>,
    pub no_headers: bool,
    pub all_namespaces: bool,
    /// Prefix names with `kind[.group]/` (several types requested).
    pub with_kind: bool,
}

fn age(w: &World, t: Ms) -> String {
    human_duration_ms(w.now as i64 - t as i64)
}

fn labels_cell(m: &std::collections::BTreeMap<String, String>) -> String {
    crate::derive::format_labels(m)
}

/// `READY`, `STATUS`, `RESTARTS` of a pod, as `printPod` computes them.
pub fn pod_status(w: &World, p: &Pod) -> (String, String, String) {
    let total = p.containers.len()
        + p.template
            .init_containers
            .iter()
            .filter(|c| c.sidecar)
            .count();
    let mut ready = 0;
    let mut reason = p
        .reason
        .clone()
        .unwrap_or_else(|| p.phase.as_str().to_string());
    let mut restarts: u32 = 0;
    let mut last_restart: Option<Ms> = None;
    let reported = p.worker_start.is_some();
    let init_total = p.init_containers.len();
    let mut initializing = false;
    if reported {
        for (i, c) in p.init_containers.iter().enumerate() {
            let sidecar = p.template.init_containers.get(i).is_some_and(|s| s.sidecar);
            restarts += c.restarts;
            match &c.state {
                CState::Terminated { exit_code: 0, .. } => continue,
                CState::Running { .. } if sidecar => {
                    if c.ready {
                        ready += 1;
                    }
                    continue;
                }
                CState::Terminated {
                    reason: r,
                    exit_code,
                    ..
                } => {
                    reason = if r.is_empty() {
                        format!("Init:ExitCode:{exit_code}")
                    } else {
                        format!("Init:{r}")
                    };
                    initializing = true;
                }
                CState::Waiting { reason: r, .. } if !r.is_empty() && r != "PodInitializing" => {
                    reason = format!("Init:{r}");
                    initializing = true;
                }
                _ => {
                    reason = format!("Init:{i}/{init_total}");
                    initializing = true;
                }
            }
            break;
        }
    }
    let initialized = p.condition("Initialized").is_some_and(|c| c.status);
    if reported && (!initializing || initialized) {
        let mut has_running = false;
        for c in p.containers.iter().rev() {
            restarts += c.restarts;
            if let Some(CState::Terminated { finished, .. }) = &c.last {
                last_restart = Some(last_restart.map_or(*finished, |l: Ms| l.max(*finished)));
            }
            match &c.state {
                CState::Waiting { reason: r, .. } if !r.is_empty() => reason = r.clone(),
                CState::Terminated {
                    reason: r,
                    exit_code,
                    ..
                } => {
                    reason = if r.is_empty() {
                        format!("ExitCode:{exit_code}")
                    } else {
                        r.clone()
                    };
                }
                CState::Running { .. } if c.ready => {
                    has_running = true;
                    ready += 1;
                }
                _ => {}
            }
        }
        if reason == "Completed" && has_running {
            reason = if p.is_ready() {
                "Running".into()
            } else {
                "NotReady".into()
            };
        }
    } else if !reported {
        for c in &p.containers {
            restarts += c.restarts;
        }
    }
    if p.deletion.is_some() && !matches!(p.phase, Phase::Failed | Phase::Succeeded) {
        reason = "Terminating".into();
    }
    let restarts = match last_restart {
        Some(t) if restarts > 0 => format!("{restarts} ({} ago)", age(w, t)),
        _ => restarts.to_string(),
    };
    (format!("{ready}/{total}"), reason, restarts)
}

/// The header cells of a table of `r` as `f` prints it.
pub fn header(r: Res, f: &Format) -> Vec<String> {
    let (head, wide) = columns(r, f);
    let mut h: Vec<String> = head.iter().map(|c| c.to_string()).collect();
    if f.wide && r != Res::Event {
        h.extend(wide.iter().map(|c| c.to_string()));
    }
    // `printers.go` decorateTable: the last `/`-segment of the key, upper-cased.
    h.extend(
        f.label_columns
            .iter()
            .map(|k| k.rsplit('/').next().unwrap_or(k).to_ascii_uppercase()),
    );
    if f.show_labels {
        h.push("LABELS".into());
    }
    if f.all_namespaces && r.namespaced() {
        h.insert(0, "NAMESPACE".into());
    }
    h
}

/// The server's columns of `r` (`printers.go`), and the extra ones of `-o wide`.
fn columns(r: Res, f: &Format) -> (Vec<&'static str>, Vec<&'static str>) {
    let (mut head, wide_head): (Vec<&str>, Vec<&str>) = match r {
        Res::Pod => (
            vec!["NAME", "READY", "STATUS", "RESTARTS", "AGE"],
            vec!["IP", "NODE", "NOMINATED NODE", "READINESS GATES"],
        ),
        Res::StatefulSet => (vec!["NAME", "READY", "AGE"], vec!["CONTAINERS", "IMAGES"]),
        Res::Service => (
            vec![
                "NAME",
                "TYPE",
                "CLUSTER-IP",
                "EXTERNAL-IP",
                "PORT(S)",
                "AGE",
            ],
            vec!["SELECTOR"],
        ),
        Res::Pvc => (
            vec![
                "NAME",
                "STATUS",
                "VOLUME",
                "CAPACITY",
                "ACCESS MODES",
                "STORAGECLASS",
                "VOLUMEATTRIBUTESCLASS",
                "AGE",
            ],
            vec!["VOLUMEMODE"],
        ),
        Res::Pv => (
            vec![
                "NAME",
                "CAPACITY",
                "ACCESS MODES",
                "RECLAIM POLICY",
                "STATUS",
                "CLAIM",
                "STORAGECLASS",
                "VOLUMEATTRIBUTESCLASS",
                "REASON",
                "AGE",
            ],
            vec!["VOLUMEMODE"],
        ),
        Res::Endpoints => (vec!["NAME", "ENDPOINTS", "AGE"], vec![]),
        Res::EndpointSlice => (
            vec!["NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"],
            vec![],
        ),
        Res::Event => (
            vec!["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"],
            vec![],
        ),
        Res::ControllerRevision => (vec!["NAME", "CONTROLLER", "REVISION", "AGE"], vec![]),
        Res::Node => (
            vec!["NAME", "STATUS", "ROLES", "AGE", "VERSION"],
            vec![
                "INTERNAL-IP",
                "EXTERNAL-IP",
                "OS-IMAGE",
                "KERNEL-VERSION",
                "CONTAINER-RUNTIME",
            ],
        ),
        Res::Namespace => (vec!["NAME", "STATUS", "AGE"], vec![]),
        Res::Secret => (vec!["NAME", "TYPE", "DATA", "AGE"], vec![]),
        Res::Job => (
            vec!["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"],
            vec!["CONTAINERS", "IMAGES", "SELECTOR"],
        ),
        Res::StorageClass => (
            vec![
                "NAME",
                "PROVISIONER",
                "RECLAIMPOLICY",
                "VOLUMEBINDINGMODE",
                "ALLOWVOLUMEEXPANSION",
                "AGE",
            ],
            vec![],
        ),
    };
    if r == Res::Event && f.wide {
        head = vec![
            "LAST SEEN",
            "TYPE",
            "REASON",
            "OBJECT",
            "SUBOBJECT",
            "SOURCE",
            "MESSAGE",
            "FIRST SEEN",
            "COUNT",
            "NAME",
        ];
    }
    (head, wide_head)
}

/// A table of `r` objects named `names` ((namespace, name) pairs), without the trailing
/// newline handling: each row ends with '\n'.
pub fn table(w: &World, r: Res, names: &[(String, String)], f: &Format) -> String {
    let rows = rows(w, r, names, f);
    if rows.is_empty() {
        return String::new();
    }
    let mut text = String::new();
    if !f.no_headers {
        text.push_str(&header(r, f).join("\t"));
        text.push('\n');
    }
    for row in rows {
        text.push_str(&row.join("\t"));
        text.push('\n');
    }
    tabwrite(&text, GET)
}

/// The cells of the table's rows (no header), as the server's Table holds them.
pub fn rows(w: &World, r: Res, names: &[(String, String)], f: &Format) -> Vec<Vec<String>> {
    let mut rows: Vec<Vec<String>> = Vec::new();
    // The cluster (and its own objects) started ten minutes before the first manifest.
    let cluster_age = human_duration_ms(w.now as i64 + 600_000);
    for (ns, name) in names {
        let display = if f.with_kind {
            format!("{}/{name}", r.kind_prefix())
        } else {
            name.clone()
        };
        let (mut row, wide, labels): (Vec<String>, Vec<String>, String) = match r {
            Res::Pod => match w.pods.get(&crate::sim::world::key(ns, name)) {
                Some(p) => {
                    let (ready, status, restarts) = pod_status(w, p);
                    (
                        vec![display, ready, status, restarts, age(w, p.created)],
                        vec![
                            p.ip.clone().unwrap_or_else(|| "<none>".into()),
                            p.node.clone().unwrap_or_else(|| "<none>".into()),
                            "<none>".into(),
                            "<none>".into(),
                        ],
                        labels_cell(&p.labels),
                    )
                }
                // minikube's own pods, listed as the cluster has them.
                None => {
                    let Some(sp) = super::system::pod(ns, name) else { continue };
                    let [ready, status, restarts, age] = sp.cells(w.now);
                    let wide = [sp.ip(), "minikube", "<none>", "<none>"];
                    (
                        vec![display, ready, status, restarts, age],
                        wide.iter().map(|c| c.to_string()).collect(),
                        labels_cell(&sp.labels()),
                    )
                }
            },
            Res::StatefulSet => {
                let Some(s) = w.sets.get(&crate::sim::world::key(ns, name)) else { continue };
                let cs = crate::sim::template::pod_template(s.spec.template.tree().clone());
                (
                    vec![display, format!("{}/{}", s.status.ready, s.spec.replicas), age(w, s.created)],
                    vec![
                        cs.containers.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(","),
                        cs.containers.iter().map(|c| c.image.as_str()).collect::<Vec<_>>().join(","),
                    ],
                    labels_cell(&s.labels),
                )
            }
            Res::Service => match w.services.get(&crate::sim::world::key(ns, name)) {
                Some(s) => {
                    let ports = if s.ports.is_empty() {
                        "<none>".to_string()
                    } else {
                        s.ports
                            .iter()
                            .map(|p| match p.node_port {
                                Some(np) => format!("{}:{np}/{}", p.port, p.protocol),
                                None => format!("{}/{}", p.port, p.protocol),
                            })
                            .collect::<Vec<_>>()
                            .join(",")
                    };
                    let ext = match s.ty.as_str() {
                        "LoadBalancer" => "<pending>".to_string(),
                        _ => "<none>".to_string(),
                    };
                    let ip = if s.cluster_ip.is_empty() { "<none>".to_string() } else { s.cluster_ip.clone() };
                    (
                        vec![display, s.ty.clone(), ip, ext, ports, age(w, s.created)],
                        vec![if s.selector.is_empty() { "<none>".into() } else { labels_cell(&s.selector) }],
                        labels_cell(&s.labels),
                    )
                }
                None if name == "kubernetes" => (
                    vec![display, "ClusterIP".into(), "10.96.0.1".into(), "<none>".into(), "443/TCP".into(), cluster_age.clone()],
                    vec!["<none>".into()],
                    "component=apiserver,provider=kubernetes".into(),
                ),
                None if name == "kube-dns" => (
                    vec![display, "ClusterIP".into(), "10.96.0.10".into(), "<none>".into(), "53/UDP,53/TCP,9153/TCP".into(), cluster_age.clone()],
                    vec!["k8s-app=kube-dns".into()],
                    "k8s-app=kube-dns,kubernetes.io/cluster-service=true,kubernetes.io/name=CoreDNS".into(),
                ),
                None => continue,
            },
            Res::Pvc => {
                let Some(c) = w.pvcs.get(&crate::sim::world::key(ns, name)) else { continue };
                let bound = c.volume.is_some();
                let status = if c.deletion.is_some() { "Terminating".to_string() } else { c.phase.as_str().to_string() };
                (
                    vec![
                        display,
                        status,
                        c.volume.clone().unwrap_or_default(),
                        if bound { c.storage.clone() } else { String::new() },
                        if bound { access_modes(&c.access_modes) } else { String::new() },
                        c.class.clone().unwrap_or_default(),
                        "<unset>".into(),
                        age(w, c.created),
                    ],
                    vec![c.volume_mode.clone()],
                    labels_cell(&c.labels),
                )
            }
            Res::Pv => {
                let Some(v) = w.pvs.get(name) else { continue };
                (
                    vec![
                        display,
                        v.capacity.clone(),
                        access_modes(&v.access_modes),
                        v.reclaim.clone(),
                        v.phase.to_string(),
                        v.claim.clone().unwrap_or_default(),
                        v.class.clone(),
                        "<unset>".into(),
                        String::new(),
                        age(w, v.created),
                    ],
                    vec!["Filesystem".into()],
                    "<none>".into(),
                )
            }
            Res::Endpoints => {
                let Some(s) = w.services.get(&crate::sim::world::key(ns, name)) else { continue };
                // `formatEndpoints`: every ready address with each port of its subset (the
                // addresses alone when the subset has no port).
                let api = objects::endpoints(w, s);
                let subset = &api["subsets"][0];
                let ips: Vec<&str> = subset["addresses"].as_array().map(|a| a.iter().filter_map(|x| x["ip"].as_str()).collect()).unwrap_or_default();
                let ports: Vec<i64> = subset["ports"].as_array().map(|a| a.iter().filter_map(|p| p["port"].as_i64()).collect()).unwrap_or_default();
                let eps: Vec<String> = if ports.is_empty() {
                    ips.iter().map(|ip| ip.to_string()).collect()
                } else {
                    ports.iter().flat_map(|port| ips.iter().map(move |ip| format!("{ip}:{port}"))).collect()
                };
                let cell = if eps.is_empty() {
                    "<none>".to_string()
                } else if eps.len() > 3 {
                    format!("{} + {} more...", eps[..3].join(","), eps.len() - 3)
                } else {
                    eps.join(",")
                };
                (vec![display, cell, age(w, s.created)], vec![], labels_cell(&s.labels))
            }
            Res::EndpointSlice => {
                let svc = name.rsplit_once('-').map_or(name.as_str(), |(a, _)| a);
                let Some(s) = w.services.get(&crate::sim::world::key(ns, svc)) else { continue };
                // `formatDiscoveryPorts` of the slice's ports (none in the placeholder slice).
                let slice = objects::endpoint_slice(w, s, name);
                let list: Vec<String> = slice["ports"].as_array().map(|a| a.iter().map(|p| p["port"].to_string()).collect()).unwrap_or_default();
                let ports = if list.is_empty() { "<unset>".to_string() } else { list.join(",") };
                let eps: Vec<String> = w.endpoints(s).into_iter().map(|e| e.ip).collect();
                let cell = if eps.is_empty() {
                    "<unset>".to_string()
                } else if eps.len() > 3 {
                    format!("{} + {} more...", eps[..3].join(","), eps.len() - 3)
                } else {
                    eps.join(",")
                };
                (vec![display, "IPv4".into(), ports, cell, age(w, s.created)], vec![], labels_cell(&s.labels))
            }
            Res::Event => {
                let Some(e) = w.events.iter().find(|e| *e.ns == **ns && e.name() == **name) else { continue };
                let object = format!("{}/{}", e.kind.to_ascii_lowercase(), e.object);
                let ty = if e.warning { "Warning" } else { "Normal" };
                if f.wide {
                    let source = if e.source == "kubelet" { "kubelet, minikube".to_string() } else { super::objects::event_source(e) };
                    (
                        vec![
                            age(w, e.last),
                            ty.into(),
                            e.reason.to_string(),
                            object,
                            e.field_path.as_deref().unwrap_or_default().to_string(),
                            source,
                            e.message.trim().to_string(),
                            age(w, e.first),
                            e.count.to_string(),
                            e.name(),
                        ],
                        vec![],
                        "<none>".into(),
                    )
                } else {
                    (vec![age(w, e.last), ty.into(), e.reason.to_string(), object, e.message.trim().to_string()], vec![], "<none>".into())
                }
            }
            Res::ControllerRevision => {
                let Some(rv) = w.revisions.get(&crate::sim::world::key(ns, name)) else { continue };
                let controller = if w.sets.values().any(|s| s.uid == rv.set_uid) { format!("statefulset.apps/{}", rv.set) } else { "<none>".into() };
                (vec![display, controller, rv.revision.to_string(), age(w, rv.created)], vec![], "<none>".into())
            }
            Res::Node => (
                vec![display, "Ready".into(), "control-plane".into(), cluster_age.clone(), format!("v1.{}.0", w.profile.minor)],
                vec![w.node_ip.clone(), "<none>".into(), "Debian GNU/Linux 12 (bookworm)".into(), "6.8.0-45-generic".into(), "docker://29.2.1".into()],
                "kubernetes.io/hostname=minikube".into(),
            ),
            Res::Namespace => {
                let age = namespace_created(w, name).map_or_else(|| cluster_age.clone(), |t| age(w, t));
                (vec![display, "Active".into(), age], vec![], format!("kubernetes.io/metadata.name={name}"))
            }
            Res::Secret => {
                let Some(r) = w.releases.iter().find(|r| r.namespace == *ns && r.secret_name() == *name) else { continue };
                let labels = r.labels().iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(",");
                (vec![display, "helm.sh/release.v1".into(), "1".into(), age(w, r.created)], vec![], labels)
            }
            // `printJob`: the status from its conditions, the completions, how long it ran.
            Res::Job => {
                let Some(j) = objects::job_state(w, ns, name) else { continue };
                let status = if j.completed.is_some() { "Complete" } else if j.failed_at.is_some() { "Failed" } else { "Running" };
                let completions = match j.completions {
                    Some(c) => format!("{}/{c}", j.succeeded),
                    None if j.parallelism > 1 => format!("{}/1 of {}", j.succeeded, j.parallelism),
                    None => format!("{}/1", j.succeeded),
                };
                let duration = human_duration_ms(j.completed.unwrap_or(w.now) as i64 - j.created as i64);
                let spec = j.tree.to_json();
                let containers = spec.pointer("/spec/template/spec/containers").and_then(Value::as_array).cloned().unwrap_or_default();
                let field = |f: &str| containers.iter().map(|c| c[f].as_str().unwrap_or_default().to_string()).collect::<Vec<_>>().join(",");
                let api = objects::job(w, ns, name).unwrap_or_default();
                let labels = api["metadata"]["labels"].as_object().map(|m| m.iter().map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or_default())).collect::<Vec<_>>().join(",")).filter(|l| !l.is_empty()).unwrap_or_else(|| "<none>".into());
                (
                    vec![display, status.into(), completions, duration, age(w, j.created)],
                    vec![field("name"), field("image"), format!("batch.kubernetes.io/controller-uid={}", j.uid)],
                    labels,
                )
            }
            Res::StorageClass => {
                let Some(c) = w.storage_classes.iter().find(|c| &c.name == name) else { continue };
                let n = if c.default { format!("{display} (default)") } else { display };
                let labels = objects::storage_class(c)["metadata"]["labels"].as_object().map(|m| m.iter().map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or_default())).collect::<Vec<_>>().join(",")).filter(|l| !l.is_empty()).unwrap_or_else(|| "<none>".into());
                (vec![n, c.provisioner.clone(), c.reclaim.clone(), c.binding.clone(), "false".into(), cluster_age.clone()], vec![], labels)
            }
        };
        if f.wide {
            row.extend(wide);
        }
        for k in &f.label_columns {
            // The labels cell is `k=v,...`; keys and values never hold `,` or `=`.
            let v = labels
                .split(',')
                .find_map(|kv| kv.strip_prefix(k.as_str())?.strip_prefix('='));
            row.push(v.unwrap_or("").to_string());
        }
        if f.show_labels {
            row.push(labels);
        }
        if f.all_namespaces && r.namespaced() {
            row.insert(0, ns.clone());
        }
        rows.push(row.into_iter().map(|c| cut_cell(&c)).collect());
    }
    rows
}

/// A cell is cut at its first line break, with `...` (cli-runtime `printTable`).
fn cut_cell(c: &str) -> String {
    match c.find(['\n', '\r', '\x0c']) {
        Some(i) => format!("{}...", &c[..i]),
        None => c.replace('\t', " "),
    }
}

/// `RWO,ROX,RWX,RWOP` in that fixed order.
pub fn access_modes(modes: &[String]) -> String {
    let order = [
        ("ReadWriteOnce", "RWO"),
        ("ReadOnlyMany", "ROX"),
        ("ReadWriteMany", "RWX"),
        ("ReadWriteOncePod", "RWOP"),
    ];
    order
        .iter()
        .filter(|(m, _)| modes.iter().any(|x| x == m))
        .map(|(_, s)| *s)
        .collect::<Vec<_>>()
        .join(",")
}

/// When namespace `name` was created here (`kubectl create namespace`, a manifest); `None`
/// for the cluster's own and those other objects imply.
fn namespace_created(w: &World, name: &str) -> Option<crate::sim::world::Ms> {
    w.others
        .iter()
        .find(|((kind, _, n), _)| kind == "Namespace" && n == name)
        .map(|(_, (t, _))| *t)
}

/// The object as the API returns it (for `-o yaml|json|jsonpath`).
pub fn object(w: &World, r: Res, ns: &str, name: &str) -> Option<Value> {
    let k = crate::sim::world::key(ns, name);
    Some(match r {
        Res::Pod => objects::pod(w, w.pods.get(&k)?),
        Res::StatefulSet => objects::statefulset(w, w.sets.get(&k)?),
        Res::Service => objects::service(w, w.services.get(&k)?),
        Res::Pvc => objects::pvc(w, w.pvcs.get(&k)?),
        Res::Pv => objects::pv(w, w.pvs.get(name)?),
        Res::ControllerRevision => objects::revision(w, w.revisions.get(&k)?),
        Res::Event => objects::event(
            w.events
                .iter()
                .find(|e| *e.ns == *ns && e.name() == *name)?,
        ),
        Res::Endpoints => objects::endpoints(w, w.services.get(&k)?),
        Res::EndpointSlice => {
            let svc = name.rsplit_once('-').map_or(name, |(a, _)| a);
            let s = w.services.get(&crate::sim::world::key(ns, svc))?;
            (crate::kubectl::resources::slice_suffix(svc) == name[svc.len()..])
                .then(|| objects::endpoint_slice(w, s, name))?
        }
        Res::Namespace => objects::namespace(name, namespace_created(w, name)),
        Res::StorageClass => {
            objects::storage_class(w.storage_classes.iter().find(|c| c.name == name)?)
        }
        Res::Job => objects::job(w, ns, name)?,
        Res::Secret => objects::release_secret(
            w.releases
                .iter()
                .find(|r| r.namespace == ns && r.secret_name() == name)?,
        ),
        _ => serde_json::json!({"apiVersion": "v1", "kind": r.kind(), "metadata": {"name": name}}),
    })
}
