//! kubectl's verbs about the cluster rather than its objects: `version`, `cluster-info`,
//! `config`, `auth`, `events`, `api-resources` (from the resource table), `top` (no metrics
//! server) and the verbs this terminal names but does not run.

use super::super::registry::Args;
use super::super::resources::{self, Res};
use super::super::session::Session;
use super::super::text;
use crate::shell::Output;
use crate::shell::output::Result;

/// `kubectl version [--client]` (staging/src/k8s.io/kubectl/pkg/cmd/version): the client and
/// kustomize versions, then the server's unless `--client`.
pub fn version(s: &mut Session, a: &Args) -> Result {
    let m = s.sim.opts.profile.minor;
    let mut out = format!("Client Version: v1.{m}.0\nKustomize Version: v5.7.1\n");
    if !a.has("client") {
        out.push_str(&format!("Server Version: v1.{m}.0\n"));
    }
    Ok(Output::ok(out))
}

pub fn cluster_info(_: &mut Session, _: &Args) -> Result {
    Ok(Output::ok(
        "Kubernetes control plane is running at https://192.168.49.2:8443\nCoreDNS is running at https://192.168.49.2:8443/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\n\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n",
    ))
}

/// `kubectl config` on minikube's kubeconfig: one context, `minikube`, whose namespace is the
/// one commands use when they name none (`set-context --current --namespace=NS` changes it).
pub fn config(s: &mut Session, a: &Args) -> Result {
    match a.positional.first().map(String::as_str) {
        Some("current-context") => Ok(Output::ok("minikube\n")),
        Some("view") => Ok(Output::ok(format!(
            "apiVersion: v1\nclusters:\n- cluster:\n    server: https://192.168.49.2:8443\n  name: minikube\ncontexts:\n- context:\n    cluster: minikube\n    namespace: {}\n    user: minikube\n  name: minikube\ncurrent-context: minikube\nkind: Config\nusers:\n- name: minikube\n  user: {{}}\n",
            s.namespace
        ))),
        Some("get-contexts") => Ok(Output::ok(super::super::text::tabwrite(
            &format!(
                "CURRENT\tNAME\tCLUSTER\tAUTHINFO\tNAMESPACE\n*\tminikube\tminikube\tminikube\t{}\n",
                s.namespace
            ),
            super::super::text::GET,
        ))),
        // `create_context.go`: the current context's namespace, or a context named here.
        Some("set-context") => {
            let name = match (a.has("current"), a.positional.get(1)) {
                (true, None) => "minikube",
                (false, Some(n)) if n == "minikube" => "minikube",
                (false, Some(_)) => {
                    return Err("error: this terminal's kubeconfig has one context, minikube: use `kubectl config set-context --current --namespace=NS`".into());
                }
                (true, Some(_)) => {
                    return Err("error: you cannot specify both a context name and --current".into());
                }
                (false, None) => {
                    return Err("error: you must specify a non-empty context name or --current".into());
                }
            };
            if let Some(ns) = a.get("namespace") {
                s.namespace = ns.to_string();
            }
            Ok(Output::ok(format!("Context \"{name}\" modified.\n")))
        }
        _ => Err(
            "error: this terminal supports `kubectl config current-context`, `view`, `get-contexts` and `set-context --current --namespace=NS`"
                .into(),
        ),
    }
}

/// `kubectl auth can-i VERB RESOURCE`: minikube's user is the cluster's administrator.
pub fn auth(_: &mut Session, a: &Args) -> Result {
    match a.positional.first().map(String::as_str) {
        Some("can-i") if a.positional.len() >= 2 => Ok(Output::ok("yes\n")),
        Some("whoami") => Ok(Output::ok(super::super::text::tabwrite(
            "ATTRIBUTE\tVALUE\nUsername\tminikube-user\nGroups\t[system:masters system:authenticated]\n",
            super::super::text::GET,
        ))),
        _ => Err("error: this terminal supports `kubectl auth can-i VERB RESOURCE` and `kubectl auth whoami`".into()),
    }
}

/// `kubectl events` (kubectl/pkg/cmd/events: `events.go`, `event_printer.go`): the
/// namespace's Events (`-A`: every namespace's) oldest first by their last time, Go's
/// `sort.Sort` ordering ties, `--for TYPE/NAME` one object's, `--types` of those types; each
/// row's time is when it was first seen, or for a repeated one `LAST (xN over FIRST)`, and
/// its object `Kind/name`.
pub fn events(s: &mut Session, a: &Args) -> Result {
    let all = a.has("all-namespaces");
    let ns = super::namespace(s, a);
    let target = match a.get("for") {
        Some(f) => {
            let (t, n) = f.split_once('/').unwrap_or(("pod", f));
            let Some(r) = Res::parse(t) else {
                return Err(
                    format!("error: the server doesn't have a resource type \"{t}\"").into(),
                );
            };
            Some((r.kind(), n.to_string()))
        }
        None => None,
    };
    let types: Vec<String> = a
        .all("types")
        .iter()
        .flat_map(|t| t.split(','))
        .map(str::to_ascii_lowercase)
        .collect();
    let w = &s.sim.world;
    // The API's order (by namespace and name), then Go's sort by time.
    let mut list: Vec<&crate::sim::world::Event> =
        resources::names(w, Res::Event, (!all).then_some(ns.as_str()))
            .iter()
            .filter_map(|(e_ns, n)| w.events.iter().find(|e| *e.ns == **e_ns && e.name() == **n))
            .filter(|e| {
                target
                    .as_ref()
                    .is_none_or(|(k, n)| e.kind == *k && *e.object == **n)
            })
            .filter(|e| {
                let ty = if e.warning { "warning" } else { "normal" };
                types.is_empty() || types.iter().any(|t| t == ty)
            })
            .collect();
    crate::sort::go_sort(&mut list, &mut |x, y| x.last / 1000 < y.last / 1000);
    if list.is_empty() {
        let mut out = Output::default();
        out.eprint(&if all {
            "No events found.\n".to_string()
        } else {
            format!("No events found in {ns} namespace.\n")
        });
        return Ok(out);
    }
    let since = |t: crate::sim::world::Ms| text::human_duration_ms(w.now as i64 - t as i64);
    let mut table = String::new();
    if !a.has("no-headers") {
        if all {
            table.push_str("NAMESPACE\t");
        }
        table.push_str("LAST SEEN\tTYPE\tREASON\tOBJECT\tMESSAGE\n");
    }
    for e in list {
        let interval = if e.count > 1 {
            format!("{} (x{} over {})", since(e.last), e.count, since(e.first))
        } else {
            since(e.first)
        };
        if all {
            table.push_str(&format!("{}\t", e.ns));
        }
        table.push_str(&format!(
            "{interval}\t{}\t{}\t{}/{}\t{}\n",
            if e.warning { "Warning" } else { "Normal" },
            e.reason,
            e.kind,
            e.object,
            e.message.trim()
        ));
    }
    Ok(Output::ok(text::tabwrite(&table, text::GET)))
}

pub fn api_resources(_: &mut Session, _: &Args) -> Result {
    Ok(Output::ok(resources::api_resources()))
}

pub fn top(_: &mut Session, _: &Args) -> Result {
    Err("error: Metrics API not available".into())
}

/// Verbs kubectl has and this terminal names, without running them.
pub fn unavailable(_: &mut Session, a: &Args) -> Result {
    Err(format!(
        "error: `{}` is not available in this terminal; try 'help'",
        a.command
    )
    .into())
}
