//! `kubectl logs POD|sts/NAME [-c CONTAINER]`: what the apps wrote since the container
//! started (`--tail`, `--timestamps`, `--previous`), with kubectl's notices and errors.

use super::super::container;
use super::super::registry::Args;
use super::super::resources::Res;
use super::super::session::Session;
use super::super::{objects, text};
use super::namespace;
use crate::shell::Output;
use crate::shell::output::Result;
use crate::sim::world::{CState, Pod, key};

pub fn logs(s: &mut Session, a: &Args) -> Result {
    let Some(target) = a.positional.first() else {
        return Err(
            "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples"
                .into(),
        );
    };
    let ns = namespace(s, a);
    let mut notice = String::new();
    let name = match target.split_once('/') {
        Some((t, n)) if Res::parse(t) == Some(Res::StatefulSet) => {
            let mut pods: Vec<&Pod> = s
                .sim
                .world
                .pods
                .values()
                .filter(|p| p.ns == ns && p.owner.as_ref().is_some_and(|o| o.name == n))
                .collect();
            crate::sort::sort_by_key(&mut pods, |p| (!p.is_ready(), p.ordinal));
            let Some(first) = pods.first() else {
                return Err(Res::StatefulSet.not_found(n).into());
            };
            if pods.len() > 1 {
                notice = format!("Found {} pods, using pod/{}\n", pods.len(), first.name);
            }
            first.name.clone()
        }
        Some((_, n)) => n.to_string(),
        None => target.clone(),
    };
    let k = key(&ns, &name);
    let Some(p) = s.sim.world.pods.get(&k) else {
        return Err(Res::Pod.not_found(&name).into());
    };
    let (c, defaulted) = container::pick_container(p, a.get("container"))?;
    let cs = &p.containers[c];
    if a.has("previous") {
        if cs.last.is_none() {
            return Err(format!(
                "Error from server (BadRequest): previous terminated container \"{}\" in pod \"{name}\" not found",
                cs.name
            )
            .into());
        }
        return Ok(Output::default());
    }
    if let CState::Waiting { reason, .. } = &cs.state {
        return Err(format!(
            "Error from server (BadRequest): container \"{}\" in pod \"{name}\" is waiting to start: {reason}",
            cs.name
        )
        .into());
    }
    let started = match cs.state {
        CState::Running { started } | CState::Terminated { started, .. } => started,
        _ => 0,
    };
    let lines: Vec<String> = s
        .sim
        .world
        .pod_logs
        .get(&k)
        .map(|l| {
            l.iter()
                .filter(|(t, _)| *t >= started)
                .map(|(t, line)| {
                    if a.has("timestamps") {
                        format!("{} {line}", text::rfc3339(objects::secs(*t)))
                    } else {
                        line.clone()
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    let tail: usize = a
        .get("tail")
        .and_then(|t| t.parse::<i64>().ok())
        .filter(|t| *t >= 0)
        .map_or(lines.len(), |t| t as usize);
    let skip = lines.len().saturating_sub(tail);
    let body: String = lines[skip..].iter().map(|l| format!("{l}\n")).collect();
    let mut out = Output::default();
    out.eprint(&format!("{notice}{defaulted}"));
    out.print(&body);
    Ok(out)
}
