//! `kubectl run NAME --image=IMAGE [-- CMD]`: a pod of one container, as kubectl's
//! generator writes it (kubectl/pkg/generate/versioned/run.go `BasicPod`), created in the
//! cluster (a sleeper or a web app, as its image and command say: `kubectl exec` then works
//! in it) or with `--dry-run=client -o yaml` only printed; and with `--rm -it` the
//! tutorial's one-off pod for DNS tests (`nslookup`, `wget`, `curl`), printed as kubectl
//! attaches to it (`-i` alone attaches too, without a terminal).

use super::super::net;
use super::super::registry::Args;
use super::super::session::{Inside, InsideOf, OneOffPod, Session};
use super::namespace;
use crate::shell::Output;
use crate::shell::output::Result;
use crate::shell::{Dialect, Host};
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
    // `-i` attaches unless `--attach=false` says otherwise (`RunOptions.Complete`); a
    // terminal session (`-it`) also prints how to attach again once it ends.
    let attached = if a.given("attach") {
        a.has("attach")
    } else {
        a.has("stdin")
    };
    let interactive = attached && a.has("stdin") && a.has("tty");
    let mut cmd = a.after_dashes.clone().unwrap_or_default();
    if !attached {
        if a.has("rm") {
            return Err("error: --rm should only be used for attached containers".into());
        }
        return create(s, a, &ns, &name, &image, &cmd);
    }
    if cmd.is_empty() {
        cmd = vec!["sh".into()];
    }
    let mut out = Output::default();
    if !a.has("quiet") {
        out.eprint("All commands and output from this session will be recorded in container logs, including credentials and sensitive information passed through the command prompt.\nIf you don't see a command prompt, try pressing enter.\n");
    }
    let pod = OneOffPod {
        name,
        ns,
        image,
        rm: a.has("rm"),
        never: a.get("restart") == Some("Never"),
        quiet: a.has("quiet"),
    };
    // A shell with a terminal: the terminal is attached to it until it exits.
    if interactive && a.stdin.is_none() && cmd.len() == 1 && SHELL.contains(&cmd[0].as_str()) {
        let prompt = super::super::container::shell_prompt(ash(&pod.image));
        s.inside = Some(Inside {
            of: InsideOf::Run(pod),
            vars: Default::default(),
            lines: 0,
            prompt,
            cwd: "/".into(),
        });
        return Ok(out);
    }
    let result = program(s, &pod.ns, &pod.name, &pod.image, &cmd);
    for (stream, text) in &result.chunks {
        // A TTY has one stream: what the container writes to stderr reaches kubectl's stdout.
        if attached && a.has("tty") {
            out.print(text);
        } else {
            out.write(*stream, text);
        }
    }
    ended(s, &mut out, &pod, interactive, result.code);
    Ok(out)
}

/// The shells the one-off pod's image starts interactively.
const SHELL: [&str; 3] = ["sh", "/bin/sh", "ash"];

/// Whether `image`'s tools are busybox's (busybox itself, or Alpine's).
fn ash(image: &str) -> bool {
    image.contains("busybox") || image.contains("alpine")
}

/// What kubectl prints when the attached container ends with `code`: how to attach again
/// (an interactive session, kubectl 1.36), the deletion with `--rm`, and a failed exit under
/// `--restart=Never`, whose code kubectl then exits with.
pub fn ended(s: &Session, out: &mut Output, pod: &OneOffPod, interactive: bool, code: i32) {
    let OneOffPod {
        name,
        ns,
        rm,
        never,
        quiet,
        ..
    } = pod;
    if *rm {
        if interactive && !quiet {
            out.print(&format!("Session ended, resume using 'kubectl attach {name} -c {name} -n {ns} -i -t' command\n"));
        }
        out.print(&if s.sim.opts.profile.delete_names_namespace {
            format!("pod \"{name}\" deleted from {ns} namespace\n")
        } else {
            format!("pod \"{name}\" deleted\n")
        });
    }
    if code != 0 && *never {
        out.eprint(&format!("pod {ns}/{name} terminated (Error)\n"));
    }
    out.code = code;
}

/// Runs `cmd` in the one-off pod `name` of namespace `ns` (image `image`): DNS lookups,
/// requests, its name, and the text utilities; anything else is not in the image.
fn program(s: &mut Session, ns: &str, name: &str, image: &str, cmd: &[String]) -> Output {
    let kind = if ash(image) {
        AppKind::Sleeper
    } else {
        AppKind::Web
    };
    let tools = crate::sim::app::tools_of(&Default::default(), name, image);
    let flavour = net::nslookup_of(image, &kind, tools);
    match cmd.first().map(String::as_str) {
        Some("nslookup") if flavour != net::Nslookup::None => match cmd.get(1) {
            Some(q) => net::nslookup(s, ns, q, flavour),
            None => Output::err("nslookup: a name to look up is required", 1),
        },
        Some(sh) if cmd.len() == 1 && SHELL.contains(&sh) => Output::ok(
            "(an interactive shell needs -it: kubectl run -it NAME --image=IMAGE -- sh; or give the command after --, e.g. -- nslookup web-0.nginx)\n",
        ),
        Some("wget" | "curl") => net::http_from_pod(s, ns, &cmd[1..], &cmd[0], None),
        Some("hostname") => Output::ok(format!("{name}\n")),
        Some("echo") => Output::ok(format!("{}\n", cmd[1..].join(" "))),
        Some(other) => Output::err(
            format!(
                "OCI runtime exec failed: exec failed: unable to start container process: exec: \"{other}\": executable file not found in $PATH: unknown"
            ),
            126,
        ),
        None => Output::default(),
    }
}

/// A file of the one-off pod `name`: the kubelet's `/etc/hostname` and `/etc/resolv.conf`,
/// or what its shell wrote.
fn one_off_file(s: &Session, ns: &str, name: &str, path: &str) -> Option<String> {
    match path {
        "/etc/hostname" => Some(format!("{name}\n")),
        "/etc/resolv.conf" => Some(format!(
            "nameserver {}\nsearch {}\noptions ndots:5\n",
            crate::sim::dns::DNS_IP,
            s.sim.world.search_list(ns).join(" ")
        )),
        _ => s
            .scratch
            .get(&(format!("run/{ns}/{name}"), path.to_string()))
            .cloned(),
    }
}

/// The one-off pod of `kubectl run -it` as the host of its interactive shell.
pub struct OneOff<'a> {
    pub s: &'a mut Session,
    pub pod: &'a OneOffPod,
}

impl Host for OneOff<'_> {
    fn dialect(&self) -> Dialect {
        if ash(&self.pod.image) {
            Dialect::Ash
        } else {
            Dialect::Dash
        }
    }

    fn command(&mut self, argv: &[String], stdin: Option<&str>) -> Output {
        let (s, ns, name) = (&*self.s, &self.pod.ns, &self.pod.name);
        let mut read = |p: &str| one_off_file(s, ns, name, p).ok_or_else(String::new);
        if let Some(o) = crate::shell::utils::utility(argv, stdin, &mut read) {
            return o;
        }
        let pod = self.pod;
        let o = program(self.s, &pod.ns, &pod.name, &pod.image, argv);
        if o.code == 126 {
            let name = &argv[0];
            return Output::err(
                match self.dialect() {
                    Dialect::Ash => format!("sh: {name}: not found"),
                    _ => format!("sh: 1: {name}: not found"),
                },
                127,
            );
        }
        o
    }

    fn env(&self, name: &str) -> Option<String> {
        (name == "HOSTNAME").then(|| self.pod.name.to_string())
    }

    /// Its own scratch space (gone with the pod), kept by the pod's name.
    fn write_file(
        &mut self,
        path: &str,
        text: &str,
        append: bool,
    ) -> std::result::Result<(), String> {
        let f = self
            .s
            .scratch
            .entry((
                format!("run/{}/{}", self.pod.ns, self.pod.name),
                path.to_string(),
            ))
            .or_default();
        if !append {
            f.clear();
        }
        f.push_str(text);
        Ok(())
    }

    fn read_file(&mut self, path: &str) -> std::result::Result<String, String> {
        one_off_file(self.s, &self.pod.ns, &self.pod.name, path).ok_or_else(|| {
            match self.dialect() {
                Dialect::Ash => format!("sh: can't open '{path}': No such file or directory"),
                _ => format!("sh: 1: cannot open {path}: No such file"),
            }
        })
    }
}

/// The pod `kubectl run` sends (`BasicPod.Generate`): label `run=NAME` unless `--labels`,
/// one container named after the pod with the words after `--` as its args (`--command`:
/// its command), `--port`, `--env`, the restart policy, `ClusterFirst` DNS.
fn pod(
    s: &Session,
    a: &Args,
    name: &str,
    image: &str,
    cmd: &[String],
) -> Result<serde_json::Value> {
    use serde_json::{Map, Value, json};
    let mut labels = Map::new();
    match a.get("labels") {
        Some(l) => {
            for pair in l.split(',') {
                let Some((k, v)) = pair.split_once('=') else {
                    return Err(format!("error: invalid label spec: {pair}").into());
                };
                labels.insert(k.to_string(), Value::String(v.to_string()));
            }
        }
        None => {
            labels.insert("run".into(), Value::String(name.to_string()));
        }
    }
    let mut container = Map::new();
    container.insert("name".into(), name.into());
    container.insert("image".into(), image.into());
    container.insert("resources".into(), json!({}));
    if !cmd.is_empty() {
        let field = if a.has("command") { "command" } else { "args" };
        container.insert(field.into(), json!(cmd));
    }
    if let Some(port) = a.get("port") {
        let Ok(port) = port.parse::<i64>() else {
            return Err(format!(
                "error: strconv.Atoi: parsing {}: invalid syntax",
                crate::go::quote(port)
            )
            .into());
        };
        container.insert("ports".into(), json!([{ "containerPort": port }]));
    }
    let env: Vec<Value> = a
        .all("env")
        .iter()
        .map(|e| {
            let (k, v) = e.split_once('=').unwrap_or((e, ""));
            json!({ "name": k, "value": v })
        })
        .collect();
    if !env.is_empty() {
        container.insert("env".into(), Value::Array(env));
    }
    let restart = match a.get("restart").unwrap_or("Always") {
        r @ ("Always" | "OnFailure" | "Never") => r.to_string(),
        other => return Err(format!("error: invalid restart policy: {other}").into()),
    };
    let mut metadata = Map::new();
    if s.sim.opts.profile.null_creation_timestamp {
        metadata.insert("creationTimestamp".into(), Value::Null);
    }
    metadata.insert("labels".into(), Value::Object(labels));
    metadata.insert("name".into(), name.into());
    Ok(json!({
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": Value::Object(metadata),
        "spec": {
            "containers": [Value::Object(container)],
            "dnsPolicy": "ClusterFirst",
            "restartPolicy": restart,
        },
        "status": {},
    }))
}

/// `kubectl run` without attaching: the pod created, or with `--dry-run=client` printed.
fn create(s: &mut Session, a: &Args, ns: &str, name: &str, image: &str, cmd: &[String]) -> Result {
    let manifest = pod(s, a, name, image, cmd)?;
    let dry = a.get("dry-run").is_some_and(|d| d != "none");
    let printed = match a.get("output") {
        Some("yaml") => Some(super::super::yaml_out::to_yaml(&manifest)),
        Some("json") => Some(format!("{}\n", crate::go::json(&manifest, Some("    ")))),
        Some("name") => Some(format!("pod/{name}\n")),
        Some(other) => {
            return Err(format!("error: unable to match a printer suitable for the output format \"{other}\", allowed formats are: json,name,yaml").into());
        }
        None => None,
    };
    if dry {
        return Ok(Output::ok(
            printed.unwrap_or_else(|| format!("pod/{name} created (dry run)\n")),
        ));
    }
    if s.sim
        .world
        .pods
        .contains_key(&crate::sim::world::key(ns, name))
    {
        return Err(
            format!("Error from server (AlreadyExists): pods \"{name}\" already exists").into(),
        );
    }
    let mut text = super::super::yaml_out::to_yaml(&manifest);
    text = text.replacen("metadata:\n", &format!("metadata:\n  namespace: {ns}\n"), 1);
    for (_, _, r) in s.sim.apply_text("kubectl", &text) {
        if let crate::sim::Applied::Refused(e) = r {
            return Err(e.into());
        }
    }
    s.sim.settle_now();
    Ok(Output::ok(
        printed.unwrap_or_else(|| format!("pod/{name} created\n")),
    ))
}
