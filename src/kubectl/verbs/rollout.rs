//! `kubectl rollout status|history|restart|undo|pause|resume` for StatefulSets: the status
//! viewer's messages, printed once per status update the watch sees (`kubectl/pkg/polymorphichelpers/rollout_status.go`),
//! ControllerRevisions as history, and undo by template.

use super::super::describe as describers;
use super::super::registry::Args;
use super::super::resources::Res;
use super::super::session::Session;
use super::super::{objects, text};
use super::{namespace, sts_target};
use crate::shell::Output;
use crate::shell::output::Result;
use crate::sim::world::key;

/// The rollout status message for the current state, and whether it is final.
fn rollout_message(s: &Session, k: &str) -> std::result::Result<(String, bool), String> {
    let Some(set) = s.sim.world.sets.get(k) else {
        return Err("error: object has been deleted".into());
    };
    status_message(set, set.generation, &set.status)
}

/// `StatefulSetStatusViewer.Status` (`kubectl/pkg/polymorphichelpers/rollout_status.go`) for
/// the object as one watch event carried it: its spec, `generation` and status `st`.
fn status_message(
    set: &crate::sim::world::StatefulSet,
    generation: i64,
    st: &crate::sim::world::StsStatus,
) -> std::result::Result<(String, bool), String> {
    if set.spec.strategy != "RollingUpdate" {
        return Err(
            "error: rollout status is only available for RollingUpdate strategy type".into(),
        );
    }
    if st.observed_generation == 0 || generation > st.observed_generation {
        return Ok((
            "Waiting for statefulset spec update to be observed...\n".into(),
            false,
        ));
    }
    if st.ready < set.spec.replicas {
        return Ok((
            format!(
                "Waiting for {} pods to be ready...\n",
                set.spec.replicas - st.ready
            ),
            false,
        ));
    }
    if let Some(r) = &set.spec.rolling {
        if st.updated < set.spec.replicas - r.partition {
            return Ok((
                format!(
                    "Waiting for partitioned roll out to finish: {} out of {} new pods have been updated...\n",
                    st.updated,
                    set.spec.replicas - r.partition
                ),
                false,
            ));
        }
        return Ok((
            format!(
                "partitioned roll out complete: {} new pods have been updated...\n",
                st.updated
            ),
            true,
        ));
    }
    if st.update_revision != st.current_revision {
        return Ok((
            format!(
                "waiting for statefulset rolling update to complete {} pods at revision {}...\n",
                st.updated, st.update_revision
            ),
            false,
        ));
    }
    Ok((
        format!(
            "statefulset rolling update complete {} pods at revision {}...\n",
            st.current, st.current_revision
        ),
        true,
    ))
}

/// `kubectl rollout` with no subcommand, or one it does not have.
pub fn rollout(_: &mut Session, a: &Args) -> Result {
    if a.positional.is_empty() {
        return Err("error: specify a rollout subcommand: status, history, restart, undo".into());
    }
    // `DefaultSubCommandRun` → `RequireNoArguments`.
    Err(format!(
        "error: unknown command \"{}\"\nSee 'kubectl rollout -h' for help and examples",
        a.positional.join(" ")
    )
    .into())
}

/// The StatefulSet a rollout subcommand names: its name and key.
fn target(s: &Session, a: &Args) -> std::result::Result<(String, String), crate::shell::Error> {
    if a.positional.is_empty() {
        // Each rollout subcommand's `Validate`.
        return Err("error: required resource not specified".into());
    }
    let ns = namespace(s, a);
    let name = sts_target(s, &a.positional, &ns)?;
    let k = key(&ns, &name);
    Ok((name, k))
}

pub fn status(s: &mut Session, a: &Args) -> Result {
    let (_, k) = target(s, a)?;
    let watch = a.get("watch") != Some("false");
    let timeout = a.timeout(10 * 60 * 1000)?;
    let mut out = Output::default();
    let (msg, done) = rollout_message(s, &k)?;
    out.print(&msg);
    if done || !watch {
        return Ok(out);
    }
    let deadline = s.sim.world.now + timeout;
    let mut seen = s.sim.world.status_log.len();
    let mut last_gen = s.sim.world.sets.get(&k).map_or(0, |x| x.generation);
    let mut last_status = s
        .sim
        .world
        .sets
        .get(&k)
        .map(|x| x.status.clone())
        .unwrap_or_default();
    while let Some(t) = s.sim.next_change() {
        if t > deadline {
            break;
        }
        s.sim.world.run(t, true);
        // The watch sees every update of the object, each with its own status: one line for
        // each, even when several happen at one instant (no de-duplication).
        let w = &s.sim.world;
        let mut updates: Vec<(i64, crate::sim::world::StsStatus)> = w
            .status_log
            .since(seen)
            .filter(|(_, set, _, _)| **set == *k)
            .map(|(_, _, generation, st)| (*generation, st.clone()))
            .collect();
        let generation = w.sets.get(&k).map_or(0, |x| x.generation);
        if generation != last_gen {
            // A spec change is an update too, seen before the statuses that follow it.
            updates.insert(0, (generation, last_status.clone()));
        }
        if let Some((_, st)) = updates.last() {
            last_status = st.clone();
        }
        seen = w.status_log.len();
        last_gen = generation;
        if !w.sets.contains_key(&k) {
            out.eprintln("error: object has been deleted");
            out.code = 1;
            return Ok(out);
        }
        for (generation, st) in updates {
            let Some(set) = s.sim.world.sets.get(&k) else {
                break;
            };
            match status_message(set, generation, &st) {
                Ok((m, d)) => {
                    out.print(&m);
                    if d {
                        return Ok(out);
                    }
                }
                Err(e) => {
                    out.eprintln(&e);
                    out.code = 1;
                    return Ok(out);
                }
            }
        }
    }
    if s.sim.next_change().is_none_or(|t| t > deadline) {
        if a.get("timeout").is_some() {
            s.sim.advance(deadline.saturating_sub(s.sim.world.now));
            out.eprint("error: timed out waiting for the condition\n");
        } else {
            out.eprint("(the rollout cannot progress: nothing will change without outside action; kubectl would keep waiting here)\n");
        }
        out.code = 1;
    }
    Ok(out)
}

pub fn history(s: &mut Session, a: &Args) -> Result {
    let (name, k) = target(s, a)?;
    let mut revs: Vec<_> = s
        .sim
        .world
        .revisions
        .values()
        .filter(|r| s.sim.world.sets.get(&k).is_some_and(|x| x.uid == r.set_uid))
        .collect();
    crate::sort::sort_by_key(&mut revs, |r| r.revision);
    // rollout_history.go prints `NAME <with revision #N>\n<history>` with the name
    // printer, which ends the line: hence the trailing space and the empty last line.
    if revs.is_empty() {
        return Ok(Output::ok(format!(
            "statefulset.apps/{name} \nNo rollout history found.\n"
        )));
    }
    if let Some(n) = a.get("revision").filter(|n| *n != "0") {
        let Some(r) = revs.iter().find(|r| r.revision.to_string() == n) else {
            return Err("error: unable to find the specified revision".into());
        };
        let tpl = describers::pod_template_raw(&s.sim.world, &r.template);
        return Ok(Output::ok(format!(
            "statefulset.apps/{name} with revision #{n}\n{tpl}\n"
        )));
    }
    let mut t = String::from("REVISION\tCHANGE-CAUSE\n");
    for r in revs {
        t.push_str(&format!(
            "{}\t{}\n",
            r.revision,
            r.change_cause.clone().unwrap_or_else(|| "<none>".into())
        ));
    }
    Ok(Output::ok(format!(
        "statefulset.apps/{name} \n{}\n",
        text::tabwrite(
            &t,
            text::Tab {
                min_width: 0,
                padding: 2
            }
        )
    )))
}

pub fn restart(s: &mut Session, a: &Args) -> Result {
    let (name, k) = target(s, a)?;
    let at = text::rfc3339(objects::secs(s.sim.world.now));
    s.sim.update_set(&k, |old| {
        let mut v = old.to_json();
        v["spec"]["template"]["metadata"]["annotations"]["kubectl.kubernetes.io/restartedAt"] =
            serde_json::json!(at);
        Ok(v)
    })?;
    Ok(Output::ok(format!("statefulset.apps/{name} restarted\n")))
}

pub fn undo(s: &mut Session, a: &Args) -> Result {
    let (name, k) = target(s, a)?;
    let Some(set) = s.sim.world.sets.get(&k) else {
        return Err(Res::StatefulSet.not_found(&name).into());
    };
    let mut revs: Vec<_> = s
        .sim
        .world
        .revisions
        .values()
        .filter(|r| r.set_uid == set.uid)
        .cloned()
        .collect();
    crate::sort::sort_by_key(&mut revs, |r| r.revision);
    let current = revs
        .iter()
        .find(|r| r.name == set.status.update_revision)
        .map(|r| r.revision);
    let target = match a.get("to-revision") {
        Some(n) if n != "0" => revs.iter().find(|r| r.revision.to_string() == n),
        _ => revs.iter().rev().find(|r| Some(r.revision) != current),
    };
    let Some(target) = target.cloned() else {
        return Err(match a.get("to-revision") {
            Some(n) if n != "0" => {
                format!("error: unable to find specified revision {n} in history")
            }
            _ => "error: no rollout history found for statefulset".into(),
        }
        .into());
    };
    if Some(target.revision) == current {
        return Ok(Output::ok(format!(
            "statefulset.apps/{name} skipped rollback (current template already matches revision {})\n",
            target.revision
        )));
    }
    s.sim.update_set(&k, |old| {
        let mut v = old.to_json();
        v["spec"]["template"] = target.template.to_json();
        Ok(v)
    })?;
    Ok(Output::ok(format!("statefulset.apps/{name} rolled back\n")))
}

pub fn pause(s: &mut Session, a: &Args) -> Result {
    let (name, _) = target(s, a)?;
    Err(format!("error: statefulsets.apps \"{name}\" pausing is not supported").into())
}

pub fn resume(s: &mut Session, a: &Args) -> Result {
    let (name, _) = target(s, a)?;
    Err(format!("error: statefulsets.apps \"{name}\" resuming is not supported").into())
}
