//! `kubectl describe`: one describer per kind (`describe.rs`), the prefix-matching fallback
//! of `DescribeMatchingResources`, and whether Events are shown.

use super::super::describe as describers;
use super::super::registry::Args;
use super::super::resources::{self, Res};
use super::super::session::Session;
use super::{LabelFilter, namespace, requests, resolve, selector_of};
use crate::shell::Output;
use crate::shell::output::Result;

pub fn describe(s: &mut Session, a: &Args) -> Result {
    let qs = requests(&s.sim.world, &a.positional, "describe")?;
    let ns = namespace(s, a);
    let all_ns = a.has("all-namespaces");
    let sel = selector_of(a)?;
    let sel_dyn: LabelFilter<'_> = sel.as_ref().map(|f| f as &dyn Fn(&_) -> bool);
    let w = &s.sim.world;
    let mut texts = Vec::new();
    let mut errors = Vec::new();
    let mut targets: Vec<(Res, String, String)> = Vec::new();
    // `describe TYPE NAME` and only that form falls back to prefix matching when NAME is not
    // found (`DescribeMatchingResources`).
    let prefix_form = a.positional.len() == 2 && !a.positional[0].contains('/') && qs.len() == 1;
    let mut prefixed_any = false;
    for q in &qs {
        if q.names.is_empty() {
            let scope = (!all_ns).then_some(ns.as_str());
            let (found, _) = resolve(s, q, scope, sel_dyn, None);
            targets.extend(found.into_iter().map(|(o_ns, n)| (q.res, o_ns, n)));
            continue;
        }
        let listed = resources::names(w, q.res, if q.res.namespaced() { Some(&ns) } else { None });
        for n in &q.names {
            if listed.iter().any(|(_, x)| x == n) {
                targets.push((q.res, ns.clone(), n.clone()));
            } else {
                // kubectl falls back to prefix matching (`DescribeMatchingResources`).
                let prefixed: Vec<_> = listed
                    .iter()
                    .filter(|(_, x)| prefix_form && x.starts_with(n.as_str()))
                    .collect();
                if prefixed.is_empty() {
                    errors.push(q.res.not_found(n));
                } else {
                    prefixed_any = true;
                    targets.extend(
                        prefixed
                            .into_iter()
                            .map(|(o_ns, x)| (q.res, o_ns.clone(), x.clone())),
                    );
                }
            }
        }
    }
    let explicit = a.flags.contains_key("show-events");
    let show_events = if explicit {
        a.has("show-events")
    } else {
        targets.len() <= 1
    };
    for (r, o_ns, n) in &targets {
        match describers::describe(w, *r, o_ns, n, show_events) {
            Some(t) => texts.push(t),
            None if *r == Res::Pod && crate::kubectl::system::pod(o_ns, n).is_some() => {
                errors.push(crate::kubectl::system::not_simulated(n));
            }
            // Nodes, ControllerRevisions and Events: kubectl describes them,
            // the playground does not (yet); say so rather than print nothing.
            None => errors.push(format!(
                "error: describing {} is not available in this terminal; try 'kubectl get {} {n}'",
                r.plural(),
                r.plural()
            )),
        }
    }
    // `Run` separates objects with "\n\n"; the prefix fallback ends each one with "\n".
    let mut out = Output::ok(if prefixed_any {
        texts.iter().map(|t| format!("{t}\n")).collect()
    } else {
        texts.join("\n\n")
    });
    if let Some(w) = super::endpoints_warning(s, &qs) {
        out.chunks
            .insert(0, (crate::shell::Stream::Err, w.to_string()));
    }
    if targets.is_empty() && errors.is_empty() {
        out.eprint(&if a.has("all-namespaces") {
            "No resources found\n".to_string()
        } else {
            format!("No resources found in {ns} namespace.\n")
        });
    }
    for e in errors {
        out.eprintln(&e);
        out.code = 1;
    }
    Ok(out)
}
