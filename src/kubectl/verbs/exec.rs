//! `kubectl exec POD [-c CONTAINER] -- CMD`: finds the pod and container as kubectl does
//! (the "Defaulted container" notice, exec's errors) and runs CMD inside it; `kubectl cp`
//! copies a file between the terminal's machine and a container.

use super::super::container;
use super::super::registry::Args;
use super::super::resources::Res;
use super::super::session::Session;
use super::namespace;
use crate::shell::Output;
use crate::shell::output::Result;
use crate::sim::world::{CState, Phase, key};

fn pod_target(arg: &str) -> std::result::Result<&str, String> {
    match arg.split_once('/') {
        Some((t, n)) => match Res::parse(t) {
            Some(Res::Pod) => Ok(n),
            _ => Err(format!(
                "error: cannot attach to {t}: this terminal execs into pods (pod/NAME)"
            )),
        },
        None => Ok(arg),
    }
}

pub fn exec(s: &mut Session, a: &Args) -> Result {
    let Some(pod_arg) = a.positional.first() else {
        return Err("error: pod, type/name or --filename must be specified".into());
    };
    let cmd = match a.after_dashes.clone() {
        Some(c) => Some(c),
        // `kubectl exec web-0` alone: no command (the old form needs a second word).
        None if a.positional.len() == 1 => Some(Vec::new()),
        None => None,
    };
    let Some(cmd) = cmd else {
        return Err(
            "error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples"
                .into(),
        );
    };
    if cmd.is_empty() {
        return Err("error: you must specify at least one command for the container".into());
    }
    let name = pod_target(pod_arg)?.to_string();
    let ns = namespace(s, a);
    let k = key(&ns, &name);
    let Some(p) = s.sim.world.pods.get(&k) else {
        return Err(super::pod_not_found(&ns, &name));
    };
    if matches!(p.phase, Phase::Succeeded | Phase::Failed) {
        return Err(format!(
            "error: cannot exec into a container in a completed pod; current phase is {}",
            p.phase.as_str()
        )
        .into());
    }
    let (c, notice) = container::pick_container(p, a.get("container"))?;
    if !matches!(p.containers[c].state, CState::Running { .. }) {
        return Err(format!(
            "error: unable to upgrade connection: container not found (\"{}\")",
            p.containers[c].name
        )
        .into());
    }
    let mut out = Output::default();
    if !a.has("quiet") {
        out.eprint(&notice);
    }
    let stdin = a.stdin.as_deref().filter(|_| a.has("stdin"));
    let interactive = a.has("stdin") && a.has("tty") && a.stdin.is_none();
    out.append(container::run_in(
        s,
        &k,
        c,
        &cmd,
        stdin,
        a.has("tty"),
        interactive,
    ));
    if out.code != 0 {
        out.eprint(&format!("command terminated with exit code {}\n", out.code));
    }
    Ok(out)
}

/// `kubectl cp POD:PATH FILE` and `kubectl cp FILE POD:PATH` (`-c CONTAINER`): a file of the
/// terminal's machine to or from a container (the pod's volumes or its own scratch space).
pub fn cp(s: &mut Session, a: &Args) -> Result {
    let [src, dst] = a.positional.as_slice() else {
        return Err("error: source and destination are required".into());
    };
    let ns = namespace(s, a);
    let remote = |spec: &str| -> Option<(String, String)> {
        let (pod, path) = spec.split_once(':')?;
        (!pod.is_empty() && !pod.contains('/')).then(|| (pod.to_string(), path.to_string()))
    };
    let (pod, path, local, to_pod) = match (remote(src), remote(dst)) {
        (Some((p, path)), None) => (p, path, dst.clone(), false),
        (None, Some((p, path))) => (p, path, src.clone(), true),
        (Some(_), Some(_)) => {
            return Err("error: one of src or dest must be a local file specification".into());
        }
        (None, None) => {
            return Err("error: one of src or dest must be a remote file specification".into());
        }
    };
    if path.is_empty() {
        return Err("error: remote path cannot be empty".into());
    }
    let k = key(&ns, &pod);
    let Some(p) = s.sim.world.pods.get(&k) else {
        return Err(super::pod_not_found(&ns, &pod));
    };
    let (c, notice) = container::pick_container(p, a.get("container"))?;
    let data = if to_pod {
        match s.files.get(&s.path(&local)) {
            Some(t) => Some(t.clone()),
            None => return Err(format!("error: {local} doesn't exist in local filesystem").into()),
        }
    } else {
        None
    };
    let mut out = Output::default();
    out.eprint(&notice);
    match container::copy(s, &k, c, &path, data.as_deref()) {
        Ok((text, o)) => {
            out.append(o);
            if !to_pod {
                let key = s.path(&local);
                s.files.insert(key, text);
            }
        }
        Err(o) => out.append(o),
    }
    Ok(out)
}
