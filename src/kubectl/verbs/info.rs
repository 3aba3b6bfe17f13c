//! kubectl's verbs about the cluster rather than its objects: `version`, `cluster-info`,
//! `config current-context|view`, `api-resources` (from the resource table), `top` (no
//! metrics server) and the verbs this terminal names but does not run.

use super::super::registry::Args;
use super::super::resources;
use super::super::session::Session;
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
