//! `kubectl port-forward TYPE/NAME [LOCAL:]REMOTE...`: picks the pod as kubectl does
//! (`AttachablePodForObject`) and keeps the forward open for `curl localhost:PORT`.

use super::super::registry::Args;
use super::super::resources::Res;
use super::super::session::{Forward, Session};
use super::namespace;
use crate::shell::Output;
use crate::shell::output::Result;
use crate::sim::world::{Phase, Pod, key};

pub fn port_forward(s: &mut Session, a: &Args) -> Result {
    const REQUIRED: &str = "error: TYPE/NAME and list of ports are required for port-forward\nSee 'kubectl port-forward -h' for help and examples";
    let [target, ports @ ..] = a.positional.as_slice() else {
        return Err(REQUIRED.into());
    };
    if ports.is_empty() {
        return Err(REQUIRED.into());
    }
    let ns = namespace(s, a);
    let (t, n) = target.split_once('/').unwrap_or(("pod", target));
    let res = match Res::parse(t) {
        Some(r @ (Res::Pod | Res::Service | Res::StatefulSet)) => r,
        Some(r) => {
            // polymorphichelpers `AttachablePodForObject` (after fetching the object).
            let v = if r.group().is_empty() {
                "v1".to_string()
            } else {
                format!("{}v1", r.group().split('.').next().unwrap_or(""))
            };
            return Err(format!(
                "error: cannot attach to *{v}.{k}: selector for *{v}.{k} not implemented",
                k = r.kind()
            )
            .into());
        }
        None => {
            return Err(format!("error: the server doesn't have a resource type \"{t}\"").into());
        }
    };
    let w = &s.sim.world;
    let exists = match res {
        Res::Pod => w.pods.contains_key(&key(&ns, n)),
        Res::Service => w.services.contains_key(&key(&ns, n)),
        _ => w.sets.contains_key(&key(&ns, n)),
    };
    if !exists {
        return Err(res.not_found(n).into());
    }
    // kubectl forwards to one pod, chosen once (`AttachablePodForObject`): for a Service or a
    // StatefulSet, the pod that has been ready longest. Every connection goes to that pod.
    let pod = match res {
        Res::Pod => n.to_string(),
        _ => {
            let mut pods: Vec<&Pod> = match res {
                Res::Service => {
                    let svc = &w.services[&key(&ns, n)];
                    if svc.selector.is_empty() {
                        Vec::new()
                    } else {
                        w.pods.values().filter(|p| svc.selects(p)).collect()
                    }
                }
                _ => w
                    .pods
                    .values()
                    .filter(|p| p.ns == ns && p.owner.as_ref().is_some_and(|o| o.name == n))
                    .collect(),
            };
            crate::sort::sort_by_key(&mut pods, |p| {
                (
                    p.node.is_none(),
                    p.phase != Phase::Running,
                    !p.is_ready(),
                    p.condition("Ready").map_or(i64::MAX, |c| c.since as i64),
                    p.created,
                )
            });
            match pods.first() {
                Some(p) => p.name.clone(),
                None => {
                    return Err(
                        format!("error: no pods found for {}", target.replace('/', " ")).into(),
                    );
                }
            }
        }
    };
    let phase = w.pods.get(&key(&ns, &pod)).map(|p| p.phase);
    if let Some(ph) = phase.filter(|ph| *ph != Phase::Running) {
        return Err(format!(
            "error: unable to forward port because pod is not running. Current status={}",
            ph.as_str()
        )
        .into());
    }
    let pod_key = key(&ns, &pod);
    let service = (res == Res::Service).then(|| w.services[&key(&ns, n)].clone());
    let mut forwards = Vec::new();
    for spec in ports {
        let (local, remote) = spec.split_once(':').unwrap_or((spec, spec));
        // A Service's port becomes its target port in the pod
        // (`translateServicePortToTargetPort`), a pod's named port its number
        // (`convertPodNamedPortToNumber`); a local port named like the remote one follows it.
        let number = match (&service, remote.parse::<i64>()) {
            (_, Ok(n)) => Ok(n),
            (Some(svc), Err(_)) => svc
                .ports
                .iter()
                .find(|p| p.name.as_deref() == Some(remote))
                .map(|p| p.port)
                .ok_or_else(|| {
                    format!(
                        "Service '{}' does not have a named port '{remote}'",
                        svc.name
                    )
                }),
            (None, Err(_)) => crate::kubectl::objects::named_port(w, &pod_key, remote)
                .ok_or_else(|| format!("Pod '{pod}' does not have a named port '{remote}'")),
        };
        let number = number.map_err(|e| format!("error: {e}"))?;
        let local = if local == remote {
            number.to_string()
        } else {
            local.to_string()
        };
        let remote = match &service {
            Some(svc) => {
                crate::kubectl::net::target_port(w, svc, &pod_key, number).ok_or_else(|| {
                    format!(
                        "error: Service {} does not have a service port {number}",
                        svc.name
                    )
                })?
            }
            None => number,
        };
        let Ok(local) = local.parse::<u16>() else {
            return Err(format!(
                "error: Error parsing local port '{local}': strconv.ParseUint: parsing \"{local}\": invalid syntax"
            )
            .into());
        };
        forwards.push((local, remote));
    }
    let mut out = String::new();
    for (local, remote) in forwards {
        s.forwards.retain(|f| f.local != local);
        s.forwards.push(Forward {
            local,
            target: format!("pod/{pod}"),
            ns: ns.clone(),
            remote,
        });
        out.push_str(&format!("Forwarding from 127.0.0.1:{local} -> {remote}\nForwarding from [::1]:{local} -> {remote}\n"));
    }
    // Real kubectl now blocks; here it keeps running as if started with `&`, and each
    // connection prints `Handling connection for PORT` (see `net::host_http`).
    Ok(Output::ok(out))
}
