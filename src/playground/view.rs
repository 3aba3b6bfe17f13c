//! What the resource view shows at one instant, as plain data: the StatefulSets with their
//! policy, strategy and status counts, their Services, and one card per pod (phase,
//! readiness, restarts, revision, containers, IP, DNS name and whether it resolves now, and the
//! pod's claims). The web shell renders a `Frame`; tests read it natively.

use crate::kubectl::get::pod_status;
use crate::sim::app;
use crate::sim::cluster::glob;
use crate::sim::cluster::{FaultKind, World};
use crate::sim::world::{CState, Key, MaxUnavailable, Ms, Pod, PvcPhase, key};
use std::collections::BTreeSet;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Frame {
    pub now: Ms,
    pub sets: Vec<SetView>,
    pub services: Vec<ServiceView>,
    /// Claims no current pod uses (kept after a scale-down, or released).
    pub loose_pvcs: Vec<PvcView>,
    /// Pods no StatefulSet owns (bare Pods of the manifest, Helm's hook pods), each with why.
    pub loose_pods: Vec<PodView>,
    /// Why StatefulSets of the manifest are not in the cluster (too large to simulate, say).
    pub refused: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct SetView {
    pub ns: String,
    pub name: String,
    /// `OrderedReady` or `Parallel`.
    pub policy: String,
    /// `RollingUpdate (partition 2)`, `OnDelete`.
    pub strategy: String,
    pub partition: i64,
    pub desired: i64,
    pub ordinals_start: i64,
    pub replicas: i64,
    pub ready: i64,
    pub current: i64,
    pub updated: i64,
    pub available: i64,
    pub current_revision: String,
    pub update_revision: String,
    pub service_name: String,
    /// What is wrong with the governing Service, if anything.
    pub service_problem: Option<String>,
    /// `whenDeleted`/`whenScaled` of the PVC retention policy.
    pub retention: (String, String),
    /// What the controller waits for, when it waits.
    pub waiting: Option<String>,
    pub terminating: bool,
    /// First container's image.
    pub image: String,
    pub containers: Vec<String>,
    /// What runs in each container and what its image holds, and why.
    pub runs: Vec<RunsView>,
    pub pods: Vec<PodView>,
    /// Pods the set wants that do not exist yet (the first [`MAX_PLANNED`]), with the names,
    /// DNS names and claims they will get.
    pub planned: Vec<PodView>,
    /// Wanted pods not created yet beyond those listed.
    pub planned_more: i64,
}

/// What runs in one container of a set's pods (`sim::app`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RunsView {
    pub container: String,
    pub image: String,
    /// `web`, `visits`, `visits,reset`, `nginx`, `sleep`, `crash`.
    pub program: String,
    /// `busybox`, `debian`, `dnsutils`, `none`, or `image` (read from the image name).
    pub tools: String,
    pub why: String,
}

/// Planned pods listed per StatefulSet.
pub const MAX_PLANNED: i64 = 48;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PodView {
    pub ns: String,
    pub name: String,
    pub ordinal: i64,
    /// kubectl's STATUS column (`Running`, `ContainerCreating`, `Terminating`, ...).
    pub status: String,
    pub phase: String,
    pub ready: bool,
    /// kubectl's READY column (`1/1`).
    pub ready_count: String,
    pub restarts: u32,
    /// The revision's hash (the part after the set's name).
    pub revision: String,
    /// On the update revision.
    pub updated: bool,
    pub ip: Option<String>,
    pub fqdn: Option<String>,
    /// Why the name does not resolve right now, or `None` when it does.
    pub dns_problem: Option<String>,
    pub containers: Vec<ContainerView>,
    pub pvcs: Vec<PvcView>,
    pub terminating: bool,
    /// A fault keeps its readiness probe failing.
    pub readiness_broken: bool,
    pub created: Ms,
    /// For a pod not created yet: the API server's answer when the controller creates it,
    /// when it refuses it (`derive::pod_create_error`).
    pub create_error: Option<String>,
    /// Where the pod came from, when not from its StatefulSet: a bare Pod of the manifest,
    /// adopted or not, and why.
    pub note: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ContainerView {
    pub name: String,
    pub image: String,
    pub ready: bool,
    /// `Running`, `Waiting: CrashLoopBackOff`, `Terminated: Error (exit 1)`.
    pub state: String,
    pub restarts: u32,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PvcView {
    pub name: String,
    pub storage: String,
    pub access_modes: Vec<String>,
    /// `Bound`, `Pending`, `Lost`, `Terminating`.
    pub status: String,
    pub volume: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ServiceView {
    pub ns: String,
    pub name: String,
    pub ty: String,
    pub headless: bool,
    pub cluster_ip: String,
    pub selector: String,
    pub ports: String,
    pub ready_endpoints: usize,
    pub endpoints: usize,
}

/// The frame of world `w`.
pub fn frame(w: &World) -> Frame {
    let mut f = Frame {
        now: w.now,
        ..Frame::default()
    };
    let mut used: BTreeSet<Key> = Default::default();
    // Whether each pod's name resolves (one pass over the endpoints, not one per pod).
    let records = w.pod_records();
    for (k, set) in &w.sets {
        let spec = &set.spec;
        let (strategy, partition) = match (&*spec.strategy, &spec.rolling) {
            ("OnDelete", _) => ("OnDelete".to_string(), 0),
            (_, Some(r)) => {
                let mut s = "RollingUpdate".to_string();
                let mut extras = Vec::new();
                if r.partition > 0 {
                    extras.push(format!("partition {}", r.partition));
                }
                match r.max_unavailable {
                    Some(MaxUnavailable::Int(n)) if n != 1 => {
                        extras.push(format!("maxUnavailable {n}"))
                    }
                    Some(MaxUnavailable::Percent(p)) => extras.push(format!("maxUnavailable {p}%")),
                    _ => {}
                }
                if !extras.is_empty() {
                    s = format!("{s} ({})", extras.join(", "));
                }
                (s, r.partition)
            }
            (other, None) => (other.to_string(), 0),
        };
        let mut pods: Vec<&Pod> = w
            .pods
            .values()
            .filter(|p| p.owner.as_ref().is_some_and(|o| o.uid == set.uid))
            .collect();
        crate::sort::sort_by_key(&mut pods, |p| p.ordinal);
        let pod_views: Vec<PodView> = pods
            .iter()
            .map(|p| {
                for (_, c) in &p.claims {
                    used.insert(key(&p.ns, c));
                }
                pod_view(w, &records, p, &set.status.update_revision, &set.name)
            })
            .collect();
        let containers: Vec<String> = spec
            .template
            .seq_at(&["spec", "containers"])
            .iter()
            .filter_map(|c| c.get_str("name").map(str::to_string))
            .collect();
        // The typed template of the update revision: a pod of that revision already holds it
        // (this runs every frame); only a set without one yet has it parsed here.
        let parsed;
        let typed = match pods
            .iter()
            .find(|p| p.revision == set.status.update_revision)
        {
            Some(p) => &p.template,
            None => {
                parsed = crate::sim::template::pod_template(spec.template.tree().clone());
                &parsed
            }
        };
        let runs = typed
            .containers
            .iter()
            .map(|c| {
                let kind = app::app_of(&w.choices, typed, c);
                RunsView {
                    container: c.name.clone(),
                    image: c.image.clone(),
                    program: app::program_value(&kind).to_string(),
                    tools: app::tools_of(&w.choices, &c.name, &c.image)
                        .map_or("image", app::tools_value)
                        .to_string(),
                    why: app::why(&w.choices, typed, c, &kind),
                }
            })
            .collect();
        let image = spec
            .template
            .seq_at(&["spec", "containers"])
            .first()
            .and_then(|c| c.get_str("image"))
            .unwrap_or("")
            .to_string();
        let existing = crate::sort::to_set(pods.iter().map(|p| p.ordinal));
        let missing: Vec<i64> = (spec.start..spec.start.saturating_add(spec.replicas.max(0)))
            .filter(|o| !existing.contains(o))
            .collect();
        let planned: Vec<PodView> = if set.deletion.is_some() {
            Vec::new()
        } else {
            missing
                .iter()
                .take(MAX_PLANNED as usize)
                .map(|&ordinal| {
                    let name = format!("{}-{ordinal}", set.name);
                    let fqdn = (!spec.service_name.is_empty()).then(|| {
                        crate::derive::pod_fqdn(
                            &name,
                            &spec.service_name,
                            &set.ns,
                            &w.cluster_domain,
                        )
                    });
                    let create_error = (!set.status.update_revision.is_empty())
                        .then(|| {
                            crate::derive::pod_create_error(&name, &set.status.update_revision)
                        })
                        .flatten();
                    PodView {
                        ns: set.ns.clone(),
                        ordinal,
                        status: if create_error.is_some() {
                            "Cannot be created".into()
                        } else {
                            "Not created yet".into()
                        },
                        create_error,
                        phase: String::new(),
                        ready_count: format!(
                            "0/{}",
                            spec.template.seq_at(&["spec", "containers"]).len()
                        ),
                        dns_problem: fqdn
                            .as_ref()
                            .and_then(|_| service_problem(w, &set.ns, &spec.service_name)),
                        fqdn,
                        pvcs: spec
                            .claims
                            .iter()
                            .map(|c| {
                                let claim = format!("{}-{name}", c.name);
                                match w.pvcs.get(&key(&set.ns, &claim)) {
                                    Some(_) => pvc_view(w, &set.ns, &claim),
                                    None => PvcView {
                                        name: claim,
                                        storage: c.storage.clone(),
                                        access_modes: c.access_modes.clone(),
                                        status: "Not created yet".into(),
                                        volume: None,
                                    },
                                }
                            })
                            .collect(),
                        name,
                        ..PodView::default()
                    }
                })
                .collect()
        };
        let planned_more = (missing.len() as i64 - MAX_PLANNED).max(0);
        let policy = match spec.policy {
            crate::sim::world::Policy::OrderedReady => "OrderedReady",
            crate::sim::world::Policy::Parallel => "Parallel",
        };
        f.sets.push(SetView {
            ns: set.ns.clone(),
            name: set.name.clone(),
            policy: policy.into(),
            strategy,
            partition,
            desired: spec.replicas,
            ordinals_start: spec.start,
            replicas: set.status.replicas,
            ready: set.status.ready,
            current: set.status.current,
            updated: set.status.updated,
            available: set.status.available,
            current_revision: set.status.current_revision.clone(),
            update_revision: set.status.update_revision.clone(),
            service_name: spec.service_name.clone(),
            service_problem: service_problem(w, &set.ns, &spec.service_name),
            retention: (
                if spec.when_deleted_delete {
                    "Delete"
                } else {
                    "Retain"
                }
                .into(),
                if spec.when_scaled_delete {
                    "Delete"
                } else {
                    "Retain"
                }
                .into(),
            ),
            waiting: w.waiting.get(k).map(ToString::to_string),
            terminating: set.deletion.is_some(),
            image,
            containers,
            runs,
            pods: pod_views,
            planned,
            planned_more,
        });
    }
    for svc in w.services.values() {
        let eps = w.endpoints(svc);
        f.services.push(ServiceView {
            ns: svc.ns.clone(),
            name: svc.name.clone(),
            ty: svc.ty.clone(),
            headless: svc.headless(),
            cluster_ip: svc.cluster_ip.clone(),
            selector: crate::derive::format_labels(&svc.selector),
            ports: svc
                .ports
                .iter()
                .map(|p| {
                    let mut s = p.port.to_string();
                    if let Some(np) = p.node_port {
                        s.push_str(&format!(":{np}"));
                    }
                    s.push_str(&format!("/{}", p.protocol));
                    s
                })
                .collect::<Vec<_>>()
                .join(","),
            ready_endpoints: eps.iter().filter(|e| e.ready).count(),
            endpoints: eps.len(),
        });
    }
    let mut loose: Vec<&Pod> = w.pods.values().filter(|p| p.owner.is_none()).collect();
    crate::sort::sort_by_key(&mut loose, |p| (p.ns.clone(), p.name.clone()));
    for p in loose {
        for (_, c) in &p.claims {
            used.insert(key(&p.ns, c));
        }
        let mut v = pod_view(w, &records, p, "", "");
        v.note = Some(why_not_adopted(w, p));
        f.loose_pods.push(v);
    }
    for (k, pvc) in &w.pvcs {
        if !used.contains(k) {
            f.loose_pvcs.push(pvc_view(w, &pvc.ns, &pvc.name));
        }
    }
    if f.sets.is_empty() {
        f.refused = w
            .log
            .iter()
            .filter(|e| e.kind == "StatefulSet" && e.reason.as_deref() == Some("Rejected"))
            .filter_map(|e| e.message.as_deref().map(str::to_string))
            .collect();
    }
    f
}

/// Why no StatefulSet owns `p` (`ClaimPods` adopts an orphan whose labels its selector
/// matches and whose name is `<set>-<ordinal>`).
fn why_not_adopted(w: &World, p: &Pod) -> String {
    if !p.applied {
        return "Not owned by a StatefulSet (a Helm hook pod, or released by its StatefulSet)."
            .into();
    }
    let mut why =
        "Created by kubectl apply: nothing recreates it if it fails or is deleted.".to_string();
    for set in w.sets.values().filter(|s| s.ns == p.ns) {
        let selected = !set.spec.selector.is_empty() && set.spec.selector.matches(&p.labels);
        let named = p
            .name
            .strip_prefix(&format!("{}-", set.name))
            .is_some_and(|o| !o.is_empty() && o.bytes().all(|b| b.is_ascii_digit()));
        let reason = match (selected, named) {
            (true, false) => format!(
                " StatefulSet {} selects its labels but adopts only pods named {}-<ordinal>.",
                set.name, set.name
            ),
            (false, true) => format!(
                " It is named like a pod of StatefulSet {}, whose selector does not match its labels.",
                set.name
            ),
            _ => continue,
        };
        why.push_str(&reason);
    }
    why
}

fn pod_view(
    w: &World,
    records: &BTreeSet<String>,
    p: &Pod,
    update_revision: &str,
    set: &str,
) -> PodView {
    let (ready_count, status, _) = pod_status(w, p);
    let fqdn = p.fqdn(&w.cluster_domain);
    let dns_problem = fqdn.as_ref().and_then(|name| {
        if records.contains(name) {
            return None;
        }
        Some(service_problem(w, &p.ns, &p.subdomain).unwrap_or_else(|| {
            let svc = w.services.get(&key(&p.ns, &p.subdomain));
            if svc.is_some_and(|s| !s.selector.iter().all(|(k, v)| p.labels.get(k) == Some(v))) {
                format!("Service \"{}\" does not select this pod", p.subdomain)
            } else if p.ip.is_none() {
                "the pod has no IP yet".to_string()
            } else if p.is_terminating() {
                "the pod is terminating".to_string()
            } else {
                "the pod is not Ready (a headless Service publishes only Ready pods)".to_string()
            }
        }))
    });
    PodView {
        ns: p.ns.clone(),
        name: p.name.clone(),
        ordinal: p.ordinal,
        status,
        phase: p.phase.as_str().to_string(),
        ready: p.is_ready(),
        ready_count,
        restarts: p.containers.iter().map(|c| c.restarts).sum(),
        revision: p
            .revision
            .strip_prefix(&format!("{set}-"))
            .unwrap_or(&p.revision)
            .to_string(),
        updated: !update_revision.is_empty() && p.revision == update_revision,
        ip: p.ip.clone(),
        fqdn,
        dns_problem,
        create_error: None,
        note: (p.applied && p.owner.is_some()).then(|| {
            let mut n = format!(
                "Created by kubectl apply, then adopted by StatefulSet {set}: its labels match the selector and its name is {set}-<ordinal> (ClaimPods)."
            );
            if p.revision.is_empty() {
                n.push_str(" It has no controller-revision-hash, so it is at neither revision and a RollingUpdate replaces it.");
            }
            n
        }),
        containers: p
            .containers
            .iter()
            .map(|c| ContainerView {
                name: c.name.clone(),
                image: c.image.clone(),
                ready: c.ready,
                state: match &c.state {
                    CState::Running { .. } => "Running".into(),
                    CState::Waiting { reason, .. } => format!("Waiting: {reason}"),
                    CState::Terminated {
                        reason, exit_code, ..
                    } => format!("Terminated: {reason} (exit {exit_code})"),
                },
                restarts: c.restarts,
            })
            .collect(),
        pvcs: p
            .claims
            .iter()
            .map(|(_, c)| pvc_view(w, &p.ns, c))
            .collect(),
        terminating: p.is_terminating(),
        readiness_broken: readiness_broken(w, &p.name),
        created: p.created,
    }
}

fn pvc_view(w: &World, ns: &str, name: &str) -> PvcView {
    match w.pvcs.get(&key(ns, name)) {
        Some(c) => PvcView {
            name: c.name.clone(),
            storage: c.storage.clone(),
            access_modes: c.access_modes.clone(),
            status: if c.deletion.is_some() {
                "Terminating".into()
            } else {
                match c.phase {
                    PvcPhase::Pending => "Pending",
                    PvcPhase::Bound => "Bound",
                    PvcPhase::Lost => "Lost",
                }
                .into()
            },
            volume: c.volume.clone(),
        },
        None => PvcView {
            name: name.to_string(),
            status: "Missing".into(),
            ..PvcView::default()
        },
    }
}

/// What stops the Service `name` from giving pods DNS names, if anything.
fn service_problem(w: &World, ns: &str, name: &str) -> Option<String> {
    if name.is_empty() {
        return Some("spec.serviceName is empty: the pods get no DNS names".into());
    }
    match w.services.get(&key(ns, name)) {
        None => Some(format!("no Service \"{name}\" in namespace \"{ns}\"")),
        Some(s) if !s.headless() => Some(format!(
            "Service \"{name}\" is not headless (clusterIP {}): it gives no per-pod names",
            s.cluster_ip
        )),
        Some(_) => None,
    }
}

/// Whether the last readiness fault naming this pod keeps it from being Ready.
fn readiness_broken(w: &World, pod: &str) -> bool {
    let mut broken = false;
    for f in &w.faults {
        if f.pods.as_deref().is_some_and(|g| glob(g, pod)) {
            match f.kind {
                FaultKind::NotReady => broken = true,
                FaultKind::Ready => broken = false,
                _ => {}
            }
        }
    }
    broken
}
