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

pub fn config(_: &mut Session, a: &Args) -> Result {
    match a.positional.first().map(String::as_str) {
        Some("current-context") => Ok(Output::ok("minikube\n")),
        Some("view") => Ok(Output::ok(
            "apiVersion: v1\nclusters:\n- cluster:\n    server: https://192.168.49.2:8443\n  name: minikube\ncontexts:\n- context:\n    cluster: minikube\n    namespace: default\n    user: minikube\n  name: minikube\ncurrent-context: minikube\nkind: Config\nusers:\n- name: minikube\n  user: {}\n",
        )),
        _ => Err(
            "error: this terminal supports `kubectl config current-context` and `kubectl config view`"
                .into(),
        ),
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
