//! `kubectl wait --for=condition=...|delete` on pods: virtual time runs until every pod
//! meets the condition or the timeout passes.

use super::super::registry::Args;
use super::super::resources::Res;
use super::super::session::Session;
use super::{LabelFilter, namespace, requests, resolve, selector_of};
use crate::shell::Output;
use crate::shell::output::Result;
use crate::sim::world::{Ms, key};

/// Whether `--for` holds for a pod now.
fn condition_holds(s: &Session, k: &str, cond: &str) -> Option<bool> {
    let w = &s.sim.world;
    if cond == "delete" {
        return Some(!w.pods.contains_key(k));
    }
    let p = w.pods.get(k)?;
    let (name, want) = match cond.strip_prefix("condition=")?.split_once('=') {
        Some((n, v)) => (n, v.eq_ignore_ascii_case("true")),
        None => (cond.strip_prefix("condition=")?, true),
    };
    Some(
        p.conditions
            .iter()
            .any(|c| c.ty.eq_ignore_ascii_case(name) && c.status == want),
    )
}

pub fn wait(s: &mut Session, a: &Args) -> Result {
    let cond = a.get("for").unwrap_or("").to_string();
    if cond != "delete" && !cond.starts_with("condition=") {
        return Err(format!("error: unrecognized condition: \"{cond}\"").into());
    }
    let ns = namespace(s, a);
    let timeout: Ms = a.timeout(30_000)?;
    let mut targets: Vec<String> = Vec::new();
    let qs = requests(&s.sim.world, &a.positional, "wait")?;
    let sel = selector_of(a)?;
    let sel_dyn: LabelFilter<'_> = sel.as_ref().map(|f| f as &dyn Fn(&_) -> bool);
    for q in &qs {
        if q.res != Res::Pod {
            return Err(
                "error: this terminal waits for pods (kubectl wait --for=condition=Ready pod/NAME)"
                    .into(),
            );
        }
        let (found, errs) = resolve(s, q, Some(&ns), sel_dyn, None);
        if let Some(e) = errs.first() {
            return Err(e.clone().into());
        }
        targets.extend(found.into_iter().map(|(_, n)| n));
    }
    if targets.is_empty() {
        return Err("error: no matching resources found".into());
    }
    let deadline = s.sim.world.now + timeout;
    let mut out = Output::default();
    let mut pending = targets.clone();
    loop {
        pending.retain(|n| {
            // minikube's own pods are Running with every condition True.
            let ok = match crate::kubectl::system::pod(&ns, n) {
                Some(_) => {
                    cond.starts_with("condition=") && !cond.to_ascii_lowercase().ends_with("=false")
                }
                None => condition_holds(s, &key(&ns, n), &cond) == Some(true),
            };
            if ok {
                let verb = if cond == "delete" {
                    "deleted"
                } else {
                    "condition met"
                };
                out.print(&format!("pod/{n} {verb}\n"));
            }
            !ok
        });
        if pending.is_empty() {
            return Ok(out);
        }
        match s.sim.next_change() {
            Some(t) if t <= deadline => {
                s.sim.world.run(t, true);
            }
            _ => {
                s.sim.advance(deadline.saturating_sub(s.sim.world.now));
                for n in &pending {
                    out.eprint(&format!(
                        "error: timed out waiting for the condition on pods/{n}\n"
                    ));
                }
                out.code = 1;
                return Ok(out);
            }
        }
    }
}
