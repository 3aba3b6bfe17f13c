//! `kubectl run NAME --image=IMAGE [--rm -it --restart=Never] -- CMD`: the tutorial's
//! one-off pod for DNS tests (`nslookup`, `wget`, `curl`), printed as kubectl attaches to it.

use super::super::net;
use super::super::registry::Args;
use super::super::session::Session;
use super::namespace;
use crate::shell::Output;
use crate::shell::output::Result;
use crate::sim::app::AppKind;

pub fn run(s: &mut Session, a: &Args) -> Result {
    let Some(name) = a.positional.first().cloned() else {
        return Err(
            "error: NAME is required for run\nSee 'kubectl run -h' for help and examples".into(),
        );
    };
    let Some(image) = a.get("image").map(str::to_string) else {
        return Err("error: required flag(s) \"image\" not set".into());
    };
    let ns = namespace(s, a);
    let interactive = a.has("stdin") && a.has("tty");
    let mut cmd = a.after_dashes.clone().unwrap_or_default();
    if cmd.is_empty() && !interactive {
        return Ok(Output::ok(format!(
            "pod/{name} created\n(this terminal runs one-off pods only with a command: kubectl run {name} --image={image} --rm -it --restart=Never -- nslookup web-0.nginx)\n"
        )));
    }
    if cmd.is_empty() {
        cmd = vec!["sh".into()];
    }
    let kind = if image.contains("busybox") || image.contains("alpine") {
        AppKind::Sleeper
    } else {
        AppKind::Web
    };
    let tools = crate::sim::app::tools_of(&Default::default(), &name, &image);
    let flavour = net::nslookup_of(&image, &kind, tools);
    let mut out = Output::default();
    if interactive {
        out.eprint("All commands and output from this session will be recorded in container logs, including credentials and sensitive information passed through the command prompt.\nIf you don't see a command prompt, try pressing enter.\n");
    }
    let result = match cmd.first().map(String::as_str) {
        Some("nslookup") if flavour != net::Nslookup::None => match cmd.get(1) {
            Some(q) => net::nslookup(s, &ns, q, flavour),
            None => Output::err("nslookup: a name to look up is required", 1),
        },
        Some("sh") if cmd.len() == 1 => Output::ok(
            "(an interactive shell is not available here; give the command after --, e.g. -- nslookup web-0.nginx)\n",
        ),
        Some("wget" | "curl") => net::http_from_pod(
            s,
            &ns,
            cmd.iter()
                .rev()
                .find(|x| !x.starts_with('-'))
                .map_or("", |x| x.as_str()),
            &cmd[0],
            None,
        ),
        Some("hostname") => Output::ok(format!("{name}\n")),
        Some("echo") => Output::ok(format!("{}\n", cmd[1..].join(" "))),
        Some(other) => Output::err(
            format!(
                "OCI runtime exec failed: exec failed: unable to start container process: exec: \"{other}\": executable file not found in $PATH: unknown"
            ),
            126,
        ),
        None => Output::default(),
    };
    for (stream, text) in &result.chunks {
        // A TTY has one stream: what the container writes to stderr reaches kubectl's stdout.
        if a.has("tty") {
            out.print(text);
        } else {
            out.write(*stream, text);
        }
    }
    if a.has("rm") {
        if interactive {
            out.print(&format!("Session ended, resume using 'kubectl attach {name} -c {name} -n {ns} -i -t' command\n"));
        }
        out.print(&if s.sim.opts.profile.delete_names_namespace {
            format!("pod \"{name}\" deleted from {ns} namespace\n")
        } else {
            format!("pod \"{name}\" deleted\n")
        });
    }
    if result.code != 0 && a.get("restart") == Some("Never") {
        out.eprint(&format!("pod {ns}/{name} terminated (Error)\n"));
    }
    out.code = result.code;
    Ok(out)
}
