//! Inside pods and around them (kubectl-output spec §5, §9, §10, §11): `kubectl exec` with a
//! small shell (`cat`, `ls`, `hostname`, `echo ... > file`, `env`, `nslookup` in the flavour the
//! image has, `curl`/`wget`), `kubectl logs`, `kubectl run` (the tutorial's busybox DNS test),
//! `kubectl port-forward`, `minikube service`, and HTTP to the apps through Services.

use super::resources::Res;
use super::session::{Forward, Output, Session};
use super::shellwords::{self, flag};
use crate::sim::app::{self, AppKind};
use crate::sim::dns::DNS_IP;
use crate::sim::world::{CState, Key, Phase, Pod, key};

/// Which `nslookup` an image ships, if any.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Nslookup {
    /// busybox ≤ 1.28: libc resolver, `Address 1: ip name`.
    Busybox128,
    /// busybox ≥ 1.29: its own resolver, `Server:\t\t...`, no search list for dotted names.
    BusyboxNew,
    /// bind9's nslookup (dnsutils images).
    Bind,
    None,
}

fn nslookup_of(image: &str, kind: &AppKind) -> Nslookup {
    let i = image.to_ascii_lowercase();
    let name = i.rsplit('/').next().unwrap_or(&i);
    if name.starts_with("busybox") {
        let tag = name.split_once(':').map(|(_, t)| t).unwrap_or("latest");
        let old = tag
            .split('.')
            .take(2)
            .map(|p| p.parse::<u32>().unwrap_or(99))
            .collect::<Vec<_>>();
        if old.len() == 2 && old[0] == 1 && old[1] <= 28 {
            Nslookup::Busybox128
        } else {
            Nslookup::BusyboxNew
        }
    } else if name.starts_with("alpine") {
        Nslookup::BusyboxNew
    } else if i.contains("dnsutils")
        || i.contains("netshoot")
        || matches!(kind, AppKind::Visits { .. })
    {
        Nslookup::Bind
    } else {
        Nslookup::None
    }
}

/// The container an exec or logs targets, with the "Defaulted container" notice.
fn pick_container(p: &Pod, want: Option<&str>) -> Result<(usize, String), String> {
    let names: Vec<String> = p
        .containers
        .iter()
        .map(|c| c.name.clone())
        .chain(
            p.init_containers
                .iter()
                .map(|c| format!("{} (init)", c.name)),
        )
        .collect();
    match want {
        Some(c) => p
            .containers
            .iter()
            .position(|x| x.name == c)
            .map(|i| (i, String::new()))
            .ok_or_else(|| {
                format!(
                    "error: container {c} is not valid for pod {} out of: {}",
                    p.name,
                    names.join(", ")
                )
            }),
        None => {
            let notice = if names.len() > 1 {
                format!(
                    "Defaulted container \"{}\" out of: {}\n",
                    p.containers.first().map_or("", |c| c.name.as_str()),
                    names.join(", ")
                )
            } else {
                String::new()
            };
            if p.containers.is_empty() {
                return Err(format!("error: pod {} has no containers", p.name));
            }
            Ok((0, notice))
        }
    }
}

fn pod_target(arg: &str) -> Result<&str, String> {
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

pub fn exec(s: &mut Session, args: &[String]) -> Output {
    let a = match shellwords::parse(
        args,
        &[
            flag("container", Some('c'), true),
            flag("stdin", Some('i'), false),
            flag("tty", Some('t'), false),
            flag("quiet", Some('q'), false),
        ],
        "kubectl exec",
    ) {
        Ok(a) => a,
        Err(e) => return Output::err(e, 1),
    };
    let Some(pod_arg) = a.positional.first() else {
        return Output::err("error: pod, type/name or --filename must be specified", 1);
    };
    let cmd = match a.after_dashes.clone() {
        Some(c) => Some(c),
        // `kubectl exec web-0` alone: no command (the old form needs a second word).
        None if a.positional.len() == 1 => Some(Vec::new()),
        None => None,
    };
    let Some(cmd) = cmd else {
        return Output::err(
            "error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples",
            1,
        );
    };
    if cmd.is_empty() {
        return Output::err(
            "error: you must specify at least one command for the container",
            1,
        );
    }
    let name = match pod_target(pod_arg) {
        Ok(n) => n.to_string(),
        Err(e) => return Output::err(e, 1),
    };
    let ns = a
        .get("namespace")
        .map_or_else(|| s.namespace.clone(), str::to_string);
    let k = key(&ns, &name);
    let Some(p) = s.sim.world.pods.get(&k) else {
        return Output::err(Res::Pod.not_found(&name), 1);
    };
    if matches!(p.phase, Phase::Succeeded | Phase::Failed) {
        return Output::err(
            format!(
                "error: cannot exec into a container in a completed pod; current phase is {}",
                p.phase.as_str()
            ),
            1,
        );
    }
    let (c, notice) = match pick_container(p, a.get("container")) {
        Ok(x) => x,
        Err(e) => return Output::err(e, 1),
    };
    if !matches!(p.containers[c].state, CState::Running { .. }) {
        return Output::err(
            format!(
                "error: unable to upgrade connection: container not found (\"{}\")",
                p.containers[c].name
            ),
            1,
        );
    }
    let mut out = in_container(s, &k, c, &cmd);
    if !a.has("quiet") {
        out.stderr = format!("{notice}{}", out.stderr);
    }
    if out.code != 0 {
        out.stderr
            .push_str(&format!("command terminated with exit code {}\n", out.code));
    }
    out
}

/// Runs a command inside container `c` of pod `k`.
fn in_container(s: &mut Session, k: &Key, c: usize, cmd: &[String]) -> Output {
    match cmd.first().map(String::as_str) {
        Some("sh" | "bash" | "/bin/sh" | "/bin/bash")
            if cmd.get(1).map(String::as_str) == Some("-c") =>
        {
            let script = cmd.get(2).cloned().unwrap_or_default();
            script_run(s, k, c, &script)
        }
        _ => builtin(s, k, c, cmd),
    }
}

/// `sh -c SCRIPT`: commands separated by `;`, `&&` or newlines; `$(hostname)` and `$VAR`
/// expansion; `>` and `>>` redirection into files.
fn script_run(s: &mut Session, k: &Key, c: usize, script: &str) -> Output {
    let mut out = Output::default();
    for part in script.split(['\n', ';']) {
        for cmd in part.split("&&") {
            let cmd = cmd.trim();
            if cmd.is_empty() {
                continue;
            }
            let expanded = expand(s, k, c, cmd);
            let (cmdline, redirect) = match expanded
                .find(">>")
                .map(|i| (i, true))
                .or_else(|| expanded.find('>').map(|i| (i, false)))
            {
                Some((i, append)) => {
                    let target = expanded[i + if append { 2 } else { 1 }..]
                        .trim()
                        .trim_matches('"')
                        .trim_matches('\'')
                        .to_string();
                    (expanded[..i].trim().to_string(), Some((target, append)))
                }
                None => (expanded.clone(), None),
            };
            let words: Vec<String> = match shellwords::split(&cmdline) {
                Ok(w) => w.into_iter().map(|w| w.text).collect(),
                Err(e) => return Output::err(format!("sh: {e}"), 2),
            };
            if words.first().is_some_and(|w| w == "exit") {
                out.code = words
                    .get(1)
                    .and_then(|n| n.parse::<i32>().ok())
                    .unwrap_or(out.code)
                    & 0xff;
                return out;
            }
            let mut o = builtin(s, k, c, &words);
            if o.code == 126 && o.stderr.starts_with("OCI runtime exec failed") {
                // Inside a shell a missing program is the shell's error (dash or busybox ash).
                let image = s
                    .sim
                    .world
                    .pods
                    .get(k)
                    .and_then(|p| p.template.containers.get(c))
                    .map_or(String::new(), |x| x.image.clone());
                let name = words.first().cloned().unwrap_or_default();
                o.stderr = if busybox(&image) {
                    format!("sh: {name}: not found\n")
                } else {
                    format!("sh: 1: {name}: not found\n")
                };
                o.code = 127;
            }
            match redirect {
                Some((file, append)) => {
                    if let Err(e) = write_file(s, k, c, &file, &o.stdout, append) {
                        out.stderr.push_str(&e);
                        out.code = 1;
                        return out;
                    }
                    out.stderr.push_str(&o.stderr);
                }
                None => {
                    out.stdout.push_str(&o.stdout);
                    out.stderr.push_str(&o.stderr);
                }
            }
            out.code = o.code;
            if o.code != 0 {
                return out;
            }
        }
    }
    out
}

fn expand(s: &mut Session, k: &Key, c: usize, text: &str) -> String {
    let Some(p) = s.sim.world.pods.get(k) else {
        return text.to_string();
    };
    let host = p.hostname.clone();
    let mut t = text
        .replace("$(hostname)", &host)
        .replace("`hostname`", &host)
        .replace("${HOSTNAME}", &host)
        .replace("$HOSTNAME", &host);
    for (n, v) in env_of(s, k, c) {
        t = t
            .replace(&format!("${{{n}}}"), &v)
            .replace(&format!("${n}"), &v);
    }
    t
}

fn env_of(s: &Session, k: &Key, c: usize) -> Vec<(String, String)> {
    let w = &s.sim.world;
    let Some(p) = w.pods.get(k) else {
        return Vec::new();
    };
    let mut env = vec![
        (
            "PATH".to_string(),
            "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".to_string(),
        ),
        ("HOSTNAME".to_string(), p.hostname.clone()),
    ];
    if let Some(spec) = p.template.containers.get(c) {
        env.extend(spec.env.iter().cloned());
    }
    env.push(("KUBERNETES_SERVICE_HOST".into(), "10.96.0.1".into()));
    env.push(("KUBERNETES_SERVICE_PORT".into(), "443".into()));
    env.push(("KUBERNETES_SERVICE_PORT_HTTPS".into(), "443".into()));
    env.push(("KUBERNETES_PORT".into(), "tcp://10.96.0.1:443".into()));
    env.push((
        "KUBERNETES_PORT_443_TCP".into(),
        "tcp://10.96.0.1:443".into(),
    ));
    env.push(("KUBERNETES_PORT_443_TCP_PROTO".into(), "tcp".into()));
    env.push(("KUBERNETES_PORT_443_TCP_PORT".into(), "443".into()));
    env.push(("KUBERNETES_PORT_443_TCP_ADDR".into(), "10.96.0.1".into()));
    // Service links (`enableServiceLinks`, kubelet `envvars.FromServices`): Services with a
    // cluster IP in the pod's namespace that existed when the container started.
    let started = p.containers.get(c).and_then(|cs| match cs.state {
        CState::Running { started } => Some(started),
        _ => None,
    });
    for svc in w.services.values().filter(|x| {
        x.ns == p.ns
            && !x.headless()
            && !x.cluster_ip.is_empty()
            && !x.ports.is_empty()
            && started.is_none_or(|t| x.created <= t)
    }) {
        let n = svc.name.to_ascii_uppercase().replace(['-', '.'], "_");
        let ip = &svc.cluster_ip;
        env.push((format!("{n}_SERVICE_HOST"), ip.clone()));
        env.push((format!("{n}_SERVICE_PORT"), svc.ports[0].port.to_string()));
        for sp in &svc.ports {
            if let Some(name) = &sp.name {
                let pn = name.to_ascii_uppercase().replace('-', "_");
                env.push((format!("{n}_SERVICE_PORT_{pn}"), sp.port.to_string()));
            }
        }
        for (i, sp) in svc.ports.iter().enumerate() {
            let proto = sp.protocol.to_ascii_lowercase();
            let url = format!("{proto}://{ip}:{}", sp.port);
            if i == 0 {
                env.push((format!("{n}_PORT"), url.clone()));
            }
            let pp = format!("{n}_PORT_{}_{}", sp.port, sp.protocol.to_ascii_uppercase());
            env.push((pp.clone(), url));
            env.push((format!("{pp}_PROTO"), proto));
            env.push((format!("{pp}_PORT"), sp.port.to_string()));
            env.push((format!("{pp}_ADDR"), ip.clone()));
        }
    }
    env.push(("HOME".into(), "/root".into()));
    env
}

/// The file at `path` as the container sees it: volume files, kubelet-managed files, app
/// files, and what was written to the container's own filesystem.
fn read_file(s: &Session, k: &Key, c: usize, path: &str) -> Result<String, String> {
    let w = &s.sim.world;
    let p = w.pods.get(k).ok_or("pod is gone")?;
    let spec = p.template.containers.get(c).ok_or("no container")?;
    let ip = p.ip.clone().unwrap_or_default();
    let fqdn = if p.subdomain.is_empty() {
        p.hostname.clone()
    } else {
        format!(
            "{}.{}.{}.svc.{}",
            p.hostname, p.subdomain, p.ns, w.cluster_domain
        )
    };
    match path {
        "/etc/hostname" => return Ok(format!("{}\n", p.hostname)),
        "/etc/hosts" => {
            return Ok(format!(
                "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n{ip}\t{fqdn}\t{}\n",
                p.hostname
            ));
        }
        "/etc/resolv.conf" => {
            return Ok(format!(
                "nameserver {DNS_IP}\nsearch {}\noptions ndots:5\n",
                w.search_list(&p.ns).join(" ")
            ));
        }
        "/var/run/secrets/kubernetes.io/serviceaccount/namespace" => return Ok(p.ns.clone()),
        _ => {}
    }
    if let Some((pv, rel)) = w.volume_file(k, spec, path) {
        return w
            .pvs
            .get(&pv)
            .and_then(|v| v.files.get(&rel).cloned())
            .ok_or_else(|| format!("cat: can't open '{path}': No such file or directory"));
    }
    if let Some(t) = s.scratch.get(&(p.uid.clone(), path.to_string())) {
        return Ok(t.clone());
    }
    let kind = app::app_of(&p.template, spec);
    if kind == AppKind::Nginx && path == "/usr/share/nginx/html/index.html" {
        return Ok(NGINX_WELCOME.into());
    }
    Err(format!(
        "cat: can't open '{path}': No such file or directory"
    ))
}

fn write_file(
    s: &mut Session,
    k: &Key,
    c: usize,
    path: &str,
    data: &str,
    append: bool,
) -> Result<(), String> {
    let w = &mut s.sim.world;
    let p = w.pods.get(k).ok_or("pod is gone")?.clone();
    let spec = p.template.containers.get(c).ok_or("no container")?;
    if let Some((pv, rel)) = w.volume_file(k, spec, path) {
        if spec
            .mounts
            .iter()
            .any(|m| m.read_only && path.starts_with(&m.path))
        {
            return Err(format!("sh: can't create {path}: Read-only file system\n"));
        }
        let files = &mut w.pvs.get_mut(&pv).ok_or("volume is gone")?.files;
        let entry = files.entry(rel).or_default();
        if append {
            entry.push_str(data);
        } else {
            *entry = data.to_string();
        }
        return Ok(());
    }
    if path.starts_with("/etc/") || path.starts_with("/proc") {
        return Err(format!("sh: can't create {path}: Permission denied\n"));
    }
    let entry = s
        .scratch
        .entry((p.uid.clone(), path.to_string()))
        .or_default();
    if append {
        entry.push_str(data);
    } else {
        *entry = data.to_string();
    }
    Ok(())
}

/// Images whose tools are busybox's (their messages differ from GNU coreutils').
fn busybox(image: &str) -> bool {
    let name = image.rsplit('/').next().unwrap_or(image);
    name.starts_with("busybox") || name.starts_with("alpine")
}

fn not_found_in_image(cmd: &str) -> Output {
    Output::err(
        format!(
            "OCI runtime exec failed: exec failed: unable to start container process: exec: \"{cmd}\": executable file not found in $PATH: unknown"
        ),
        126,
    )
}

fn builtin(s: &mut Session, k: &Key, c: usize, cmd: &[String]) -> Output {
    let Some(name) = cmd.first() else {
        return Output::default();
    };
    let args = &cmd[1..];
    let w = &s.sim.world;
    let Some(p) = w.pods.get(k) else {
        return Output::err("error: pod is gone", 1);
    };
    let spec = p.template.containers.get(c).cloned();
    let image = spec.as_ref().map_or(String::new(), |x| x.image.clone());
    let kind = spec
        .as_ref()
        .map_or(AppKind::Generic, |x| app::app_of(&p.template, x));
    match name
        .trim_start_matches("/bin/")
        .trim_start_matches("/usr/bin/")
    {
        "cat" => {
            let mut out = Output::default();
            for f in args {
                match read_file(s, k, c, f) {
                    Ok(t) => out.stdout.push_str(&t),
                    Err(e) => {
                        // busybox's wording; GNU coreutils elsewhere (Debian, Ubuntu images).
                        if busybox(&image) {
                            out.stderr.push_str(&e);
                        } else {
                            out.stderr
                                .push_str(&format!("cat: {f}: No such file or directory"));
                        }
                        out.stderr.push('\n');
                        out.code = 1;
                    }
                }
            }
            out
        }
        "ls" => {
            let dir = args
                .iter()
                .find(|a| !a.starts_with('-'))
                .cloned()
                .unwrap_or_else(|| "/".into());
            let long = args.iter().any(|a| a.starts_with('-') && a.contains('l'));
            let mut names: Vec<String> = Vec::new();
            if let Some(sp) = &spec
                && let Some((pv, rel)) = w.volume_file(k, sp, dir.trim_end_matches('/'))
                && let Some(v) = w.pvs.get(&pv)
            {
                let prefix = if rel.is_empty() {
                    String::new()
                } else {
                    format!("{}/", rel.trim_end_matches('/'))
                };
                for f in v.files.keys().filter(|f| f.starts_with(&prefix)) {
                    let rest = &f[prefix.len()..];
                    names.push(rest.split('/').next().unwrap_or(rest).to_string());
                }
            } else if dir == "/" {
                names = [
                    "bin", "dev", "etc", "home", "lib", "proc", "root", "run", "sys", "tmp", "usr",
                    "var",
                ]
                .iter()
                .map(|x| x.to_string())
                .collect();
                for m in spec.iter().flat_map(|x| x.mounts.iter()) {
                    if let Some(top) = m.path.trim_start_matches('/').split('/').next() {
                        names.push(top.to_string());
                    }
                }
            } else if kind == AppKind::Nginx && dir.trim_end_matches('/') == "/usr/share/nginx/html"
            {
                names = vec!["50x.html".into(), "index.html".into()];
            } else if dir.trim_end_matches('/') == "/etc" {
                names = ["hostname", "hosts", "resolv.conf"]
                    .iter()
                    .map(|x| x.to_string())
                    .collect();
            } else if spec.as_ref().is_none_or(|x| {
                !x.mounts
                    .iter()
                    .any(|m| m.path.trim_end_matches('/') == dir.trim_end_matches('/'))
            }) {
                return if busybox(&image) {
                    Output::err(format!("ls: {dir}: No such file or directory"), 1)
                } else {
                    Output::err(
                        format!("ls: cannot access '{dir}': No such file or directory"),
                        2,
                    )
                };
            }
            crate::sort::sort(&mut names);
            names.dedup();
            if long {
                let body: String = names
                    .iter()
                    .map(|n| {
                        format!("-rw-r--r--    1 root     root             3 May  5 10:14 {n}\n")
                    })
                    .collect();
                return Output::ok(format!("total {}\n{body}", names.len() * 4));
            }
            Output::ok(names.iter().map(|n| format!("{n}\n")).collect::<String>())
        }
        "hostname" => {
            if args.iter().any(|a| a == "-f" || a == "--fqdn") {
                let fqdn = if p.subdomain.is_empty() {
                    p.hostname.clone()
                } else {
                    format!(
                        "{}.{}.{}.svc.{}",
                        p.hostname, p.subdomain, p.ns, w.cluster_domain
                    )
                };
                Output::ok(format!("{fqdn}\n"))
            } else if args.iter().any(|a| a == "-i") {
                Output::ok(format!("{}\n", p.ip.clone().unwrap_or_default()))
            } else {
                Output::ok(format!("{}\n", p.hostname))
            }
        }
        "echo" => {
            let (newline, words) = if args.first().is_some_and(|a| a == "-n") {
                (false, &args[1..])
            } else {
                (true, args)
            };
            Output::ok(format!(
                "{}{}",
                words.join(" "),
                if newline { "\n" } else { "" }
            ))
        }
        "env" | "printenv" => {
            let env = env_of(s, k, c);
            match args.first() {
                Some(v) => match env.iter().find(|(n, _)| n == v) {
                    Some((_, val)) => Output::ok(format!("{val}\n")),
                    None => Output {
                        code: 1,
                        ..Output::default()
                    },
                },
                None => Output::ok(
                    env.iter()
                        .map(|(n, v)| format!("{n}={v}\n"))
                        .collect::<String>(),
                ),
            }
        }
        "pwd" => Output::ok("/\n"),
        "whoami" => Output::ok("root\n"),
        "date" => Output::ok(format!(
            "{}\n",
            super::text::rfc1123z(super::objects::secs(w.now)).replace(" +0000", " UTC")
        )),
        "true" | ":" => Output::default(),
        "false" => Output {
            code: 1,
            ..Output::default()
        },
        "sleep" => {
            let ms = args
                .first()
                .and_then(|a| super::session::parse_seconds(a))
                .unwrap_or(0);
            s.sim.advance(ms);
            Output::default()
        }
        "nslookup" => {
            let flavour = nslookup_of(&image, &kind);
            if flavour == Nslookup::None {
                return not_found_in_image("nslookup");
            }
            match args.iter().find(|a| !a.starts_with('-')) {
                Some(q) => nslookup(s, &p.ns.clone(), q, flavour),
                None => Output::err(
                    "BusyBox v1.36.1 multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]",
                    1,
                ),
            }
        }
        "curl" | "wget" => {
            let url = args
                .iter()
                .rev()
                .find(|a| !a.starts_with('-'))
                .cloned()
                .unwrap_or_default();
            let from_ns = p.ns.clone();
            let has = match name.as_str() {
                "curl" => !matches!(kind, AppKind::Sleeper) || image.contains("curl"),
                _ => image.contains("busybox") || image.contains("alpine"),
            };
            if !has && !matches!(kind, AppKind::Visits { .. }) {
                return not_found_in_image(name);
            }
            http_from_pod(s, &from_ns, &url, name, Some(k.clone()))
        }
        other => {
            if other.is_empty() {
                return Output::default();
            }
            not_found_in_image(other)
        }
    }
}

/// `nslookup NAME` from a pod in `ns`, in the output format of `flavour` (spec §10).
fn nslookup(s: &Session, ns: &str, q: &str, flavour: Nslookup) -> Output {
    let w = &s.sim.world;
    match flavour {
        Nslookup::Busybox128 => {
            let mut out = format!(
                "Server:    {DNS_IP}\nAddress 1: {DNS_IP} kube-dns.kube-system.svc.{}\n\n",
                w.cluster_domain
            );
            match w.lookup(ns, q) {
                Some((_, ips)) => {
                    out.push_str(&format!("Name:      {q}\n"));
                    for (i, (ip, _)) in ips.iter().enumerate() {
                        match w.reverse(ip) {
                            Some(ptr) => out.push_str(&format!("Address {}: {ip} {ptr}\n", i + 1)),
                            None => out.push_str(&format!("Address {}: {ip}\n", i + 1)),
                        }
                    }
                    Output::ok(out)
                }
                None => Output {
                    stdout: out,
                    stderr: format!("nslookup: can't resolve '{q}'\n"),
                    code: 1,
                    clear: false,
                },
            }
        }
        Nslookup::BusyboxNew => {
            let mut out = format!("Server:\t\t{DNS_IP}\nAddress:\t{DNS_IP}:53\n\n");
            // Dotted names are asked literally; dot-less ones go through the search list.
            let candidates: Vec<String> = if q.contains('.') {
                vec![q.to_string()]
            } else {
                w.search_list(ns)
                    .into_iter()
                    .map(|d| format!("{q}.{d}"))
                    .collect()
            };
            // `add_query_with_search` queues A for every candidate, then AAAA for every
            // candidate; each reply prints as it arrives, followed by an empty line. Cluster
            // addresses are IPv4 only, so a found name has an empty AAAA reply.
            let mut failed = false;
            for aaaa in [false, true] {
                for name in &candidates {
                    match w.resolve(name) {
                        Some(ips) => {
                            if !aaaa {
                                for (ip, _) in ips {
                                    out.push_str(&format!("Name:\t{name}\nAddress: {ip}\n"));
                                }
                            }
                            out.push('\n');
                        }
                        None => {
                            out.push_str(&format!("** server can't find {name}: NXDOMAIN\n\n"));
                            failed = true;
                        }
                    }
                }
            }
            Output {
                stdout: out,
                code: i32::from(failed),
                ..Output::default()
            }
        }
        Nslookup::Bind | Nslookup::None => {
            let mut out = format!("Server:\t\t{DNS_IP}\nAddress:\t{DNS_IP}#53\n\n");
            match w.lookup(ns, q) {
                Some((name, ips)) => {
                    for (ip, _) in ips {
                        out.push_str(&format!("Name:\t{name}\nAddress: {ip}\n"));
                    }
                    out.push('\n');
                    Output::ok(out)
                }
                None => {
                    out.push_str(&format!("** server can't find {q}: NXDOMAIN\n\n"));
                    Output {
                        stdout: out,
                        code: 1,
                        ..Output::default()
                    }
                }
            }
        }
    }
}

/// An HTTP request served by a pod's app: the visits counter counts, nginx serves its page.
fn serve(s: &mut Session, pod: &Key, path: &str, client: &str, user_agent: &str) -> (u16, String) {
    let now = s.sim.world.now;
    let Some(p) = s.sim.world.pods.get(pod).cloned() else {
        return (502, String::new());
    };
    let Some(spec) = p.template.containers.first().cloned() else {
        return (502, String::new());
    };
    let kind = app::app_of(&p.template, &spec);
    let stamp = super::text::rfc1123z(super::objects::secs(now));
    let (code, body) = match &kind {
        AppKind::Visits { file, .. } => {
            let w = &mut s.sim.world;
            let count = match w.volume_file(pod, &spec, file) {
                Some((pv, rel)) => match w.pvs.get_mut(&pv) {
                    Some(v) => {
                        let n = v
                            .files
                            .get(&rel)
                            .and_then(|t| t.trim().parse::<u64>().ok())
                            .unwrap_or(0)
                            + 1;
                        v.files.insert(rel, format!("{n}\n"));
                        n
                    }
                    None => 1,
                },
                None => {
                    let e = s
                        .scratch
                        .entry((p.uid.clone(), file.clone()))
                        .or_insert_with(|| "0\n".into());
                    let n = e.trim().parse::<u64>().unwrap_or(0) + 1;
                    *e = format!("{n}\n");
                    n
                }
            };
            (
                200,
                format!(
                    "Hello from {}! This page has been visited {count} times.\n",
                    p.hostname
                ),
            )
        }
        AppKind::Nginx => match read_file(
            s,
            pod,
            0,
            &format!(
                "/usr/share/nginx/html{}",
                if path == "/" { "/index.html" } else { path }
            ),
        ) {
            Ok(t) => (200, t),
            Err(_) => (403, NGINX_403.into()),
        },
        AppKind::Sleeper => (0, String::new()),
        AppKind::Generic => (200, "OK\n".into()),
    };
    let line = match kind {
        AppKind::Visits { .. } => format!(
            "{client} - - [{}] \"GET {path} HTTP/1.1\" {code} -",
            stamp.get(5..25).unwrap_or("").replacen(' ', "/", 2)
        ),
        _ => format!(
            "{client} - - [{}] \"GET {path} HTTP/1.1\" {code} {} \"-\" \"{user_agent}\" \"-\"",
            stamp.get(5..25).unwrap_or(""),
            body.len()
        ),
    };
    s.sim
        .world
        .pod_logs
        .entry(pod.clone())
        .or_default()
        .push((now, line));
    (code, body)
}

/// A Ready endpoint of the Service `svc` in `ns`, chosen as kube-proxy does (at random, seeded).
fn pick_endpoint(s: &mut Session, ns: &str, svc: &str) -> Result<Key, String> {
    let w = &mut s.sim.world;
    let Some(service) = w.services.get(&key(ns, svc)).cloned() else {
        return Err(format!("service \"{svc}\" not found"));
    };
    let ready: Vec<Key> = w
        .endpoints(&service)
        .into_iter()
        .filter(|e| e.ready && !e.terminating)
        .map(|e| e.pod)
        .collect();
    if ready.is_empty() {
        return Err("no endpoints".into());
    }
    w.requests += 1;
    let i = (w.rng.next_u64() % ready.len() as u64) as usize;
    Ok(ready[i].clone())
}

/// `curl URL` / `wget -qO- URL` from a pod: DNS names of Services and pods.
fn http_from_pod(s: &mut Session, ns: &str, url: &str, tool: &str, from: Option<Key>) -> Output {
    let rest = url.trim_start_matches("http://");
    let (hostport, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let host = hostport.split(':').next().unwrap_or("");
    // The pod itself: its containers share one network namespace.
    if let Some(me) = from.filter(|_| matches!(host, "localhost" | "127.0.0.1")) {
        let (code, body) = serve(
            s,
            &me,
            path,
            "127.0.0.1",
            if tool == "curl" { "curl/8.5.0" } else { "Wget" },
        );
        if code == 0 {
            return Output::err(
                format!(
                    "curl: (7) Failed to connect to {host} port 80 after 0 ms: Couldn't connect to server"
                ),
                7,
            );
        }
        return Output::ok(body);
    }
    let w = &s.sim.world;
    let Some((fqdn, ips)) = w.lookup(ns, host) else {
        return Output::err(
            if tool == "curl" {
                format!("curl: (6) Could not resolve host: {host}")
            } else {
                format!("wget: bad address '{host}'")
            },
            if tool == "curl" { 6 } else { 1 },
        );
    };
    // A Service name: load-balance; a pod name or IP: that pod.
    let labels: Vec<&str> = fqdn.split('.').collect();
    let target = if labels.len() >= 4
        && w.services.contains_key(&key(labels[1], labels[0]))
        && labels.get(2) == Some(&"svc")
    {
        pick_endpoint(s, labels[1], labels[0])
    } else {
        let ip = ips.first().map(|(ip, _)| ip.clone()).unwrap_or_default();
        s.sim
            .world
            .pods
            .values()
            .find(|p| p.ip.as_deref() == Some(ip.as_str()))
            .map(|p| p.key())
            .ok_or_else(|| "no route".into())
    };
    match target {
        Ok(pod) => {
            let client = "10.244.0.1".to_string();
            let (code, body) = serve(
                s,
                &pod,
                path,
                &client,
                if tool == "curl" { "curl/8.5.0" } else { "Wget" },
            );
            if code == 0 {
                return Output::err(
                    format!(
                        "curl: (7) Failed to connect to {host} port 80 after 0 ms: Couldn't connect to server"
                    ),
                    7,
                );
            }
            Output::ok(body)
        }
        Err(_) => Output::err(
            format!(
                "curl: (7) Failed to connect to {host} port 80 after 1 ms: Couldn't connect to server"
            ),
            7,
        ),
    }
}

/// `curl` on the terminal's machine: `localhost:PORT` (port-forwards) and the node's
/// NodePorts (`minikube service --url`).
pub fn host_http(s: &mut Session, tool: &str, args: &[String]) -> Output {
    let Some(url) = args.iter().rev().find(|a| !a.starts_with('-')).cloned() else {
        return Output::err(
            format!("{tool}: try '{tool} --help' or '{tool} --manual' for more information"),
            2,
        );
    };
    let rest = url
        .trim_start_matches("http://")
        .trim_start_matches("https://");
    let (hostport, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let (host, port) = hostport
        .rsplit_once(':')
        .map_or((hostport, 80u16), |(h, p)| (h, p.parse().unwrap_or(80)));
    let refused = || {
        Output::err(
            format!(
                "curl: (7) Failed to connect to {host} port {port} after 0 ms: Couldn't connect to server"
            ),
            7,
        )
    };
    // The background `kubectl port-forward` prints a line per connection it accepts.
    let mut handling = String::new();
    let mut client = "127.0.0.1";
    let target = if matches!(host, "localhost" | "127.0.0.1") {
        let Some(f) = s.forwards.iter().find(|f| f.local == port).cloned() else {
            return refused();
        };
        let n = f.target.trim_start_matches("pod/");
        let k = key(&f.ns, n);
        if !s.sim.world.pods.contains_key(&k) {
            // The forward ended with its pod (kubectl port-forward exits): nothing listens.
            s.forwards.retain(|x| x.local != port);
            return refused();
        }
        handling = format!("Handling connection for {port}\n");
        Ok(k)
    } else if host == s.sim.world.node_ip {
        // kube-proxy masquerades NodePort traffic: the pod sees the node's bridge address.
        client = "10.244.0.1";
        let svc = s
            .sim
            .world
            .services
            .values()
            .find(|x| x.ports.iter().any(|p| p.node_port == Some(i64::from(port))))
            .map(|x| (x.ns.clone(), x.name.clone()));
        match svc {
            Some((ns, name)) => pick_endpoint(s, &ns, &name),
            None => return refused(),
        }
    } else {
        return Output::err(format!("curl: (6) Could not resolve host: {host}"), 6);
    };
    let mut out = match target {
        Ok(pod) => {
            let (code, body) = serve(s, &pod, path, client, "curl/8.5.0");
            if code == 0 {
                Output::err("curl: (52) Empty reply from server", 52)
            } else {
                Output::ok(body)
            }
        }
        Err(_) => Output::err("curl: (52) Empty reply from server", 52),
    };
    out.stdout.insert_str(0, &handling);
    out
}

pub fn logs(s: &mut Session, args: &[String]) -> Output {
    let a = match shellwords::parse(
        args,
        &[
            flag("container", Some('c'), true),
            flag("follow", Some('f'), false),
            flag("tail", None, true),
            flag("previous", Some('p'), false),
            flag("timestamps", None, false),
        ],
        "kubectl logs",
    ) {
        Ok(a) => a,
        Err(e) => return Output::err(e, 1),
    };
    let Some(target) = a.positional.first() else {
        return Output::err(
            "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples",
            1,
        );
    };
    let ns = a
        .get("namespace")
        .map_or_else(|| s.namespace.clone(), str::to_string);
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
                return Output::err(Res::StatefulSet.not_found(n), 1);
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
        return Output::err(Res::Pod.not_found(&name), 1);
    };
    let (c, defaulted) = match pick_container(p, a.get("container")) {
        Ok(x) => x,
        Err(e) => return Output::err(e, 1),
    };
    let cs = &p.containers[c];
    if a.has("previous") {
        if cs.last.is_none() {
            return Output::err(
                format!(
                    "Error from server (BadRequest): previous terminated container \"{}\" in pod \"{name}\" not found",
                    cs.name
                ),
                1,
            );
        }
        return Output::ok(String::new());
    }
    if let CState::Waiting { reason, .. } = &cs.state {
        return Output::err(
            format!(
                "Error from server (BadRequest): container \"{}\" in pod \"{name}\" is waiting to start: {reason}",
                cs.name
            ),
            1,
        );
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
                        format!("{} {line}", super::text::rfc3339(super::objects::secs(*t)))
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
    Output {
        stdout: body,
        stderr: format!("{notice}{defaulted}"),
        ..Output::default()
    }
}

pub fn port_forward(s: &mut Session, args: &[String]) -> Output {
    let a = match shellwords::parse(args, &[flag("address", None, true)], "kubectl port-forward") {
        Ok(a) => a,
        Err(e) => return Output::err(e, 1),
    };
    let [target, ports @ ..] = a.positional.as_slice() else {
        return Output::err(
            "error: TYPE/NAME and list of ports are required for port-forward\nSee 'kubectl port-forward -h' for help and examples",
            1,
        );
    };
    if ports.is_empty() {
        return Output::err(
            "error: TYPE/NAME and list of ports are required for port-forward\nSee 'kubectl port-forward -h' for help and examples",
            1,
        );
    }
    let ns = a
        .get("namespace")
        .map_or_else(|| s.namespace.clone(), str::to_string);
    let (t, n) = target.split_once('/').unwrap_or(("pod", target));
    let res = match Res::parse(t) {
        Some(r @ (Res::Pod | Res::Service | Res::StatefulSet)) => r,
        Some(r) => {
            // polymorphichelpers `AttachablePodForObject` (after fetching the object).
            let v = if r.group().is_empty() {
                "v1".to_string()
            } else {
                format!("{}v1", r.group().split('.').next().unwrap_or(""))
            };
            return Output::err(
                format!(
                    "error: cannot attach to *{v}.{k}: selector for *{v}.{k} not implemented",
                    k = r.kind()
                ),
                1,
            );
        }
        None => {
            return Output::err(
                format!("error: the server doesn't have a resource type \"{t}\""),
                1,
            );
        }
    };
    let w = &s.sim.world;
    let exists = match res {
        Res::Pod => w.pods.contains_key(&key(&ns, n)),
        Res::Service => w.services.contains_key(&key(&ns, n)),
        _ => w.sets.contains_key(&key(&ns, n)),
    };
    if !exists {
        return Output::err(res.not_found(n), 1);
    }
    // kubectl forwards to one pod, chosen once (`AttachablePodForObject`): for a Service or a
    // StatefulSet, the pod that has been ready longest. Every connection goes to that pod.
    let pod = match res {
        Res::Pod => n.to_string(),
        _ => {
            let mut pods: Vec<&Pod> = match res {
                Res::Service => {
                    let svc = &w.services[&key(&ns, n)];
                    if svc.selector.is_empty() {
                        Vec::new()
                    } else {
                        w.pods
                            .values()
                            .filter(|p| {
                                p.ns == ns
                                    && svc.selector.iter().all(|(k, v)| p.labels.get(k) == Some(v))
                            })
                            .collect()
                    }
                }
                _ => w
                    .pods
                    .values()
                    .filter(|p| p.ns == ns && p.owner.as_ref().is_some_and(|o| o.name == n))
                    .collect(),
            };
            crate::sort::sort_by_key(&mut pods, |p| {
                (
                    p.node.is_none(),
                    p.phase != Phase::Running,
                    !p.is_ready(),
                    p.condition("Ready").map_or(i64::MAX, |c| c.since as i64),
                    p.created,
                )
            });
            match pods.first() {
                Some(p) => p.name.clone(),
                None => {
                    return Output::err(
                        format!("error: no pods found for {}", target.replace('/', " ")),
                        1,
                    );
                }
            }
        }
    };
    let phase = w.pods.get(&key(&ns, &pod)).map(|p| p.phase);
    if let Some(ph) = phase.filter(|ph| *ph != Phase::Running) {
        return Output::err(
            format!(
                "error: unable to forward port because pod is not running. Current status={}",
                ph.as_str()
            ),
            1,
        );
    }
    let mut out = String::new();
    for spec in ports {
        let (local, remote) = spec.split_once(':').unwrap_or((spec, spec));
        let (Ok(local), Ok(remote)) = (local.parse::<u16>(), remote.parse::<i64>()) else {
            return Output::err(
                format!(
                    "error: Error parsing local port '{spec}': strconv.ParseUint: parsing \"{spec}\": invalid syntax"
                ),
                1,
            );
        };
        s.forwards.retain(|f| f.local != local);
        s.forwards.push(Forward {
            local,
            target: format!("pod/{pod}"),
            ns: ns.clone(),
            remote,
        });
        out.push_str(&format!("Forwarding from 127.0.0.1:{local} -> {remote}\nForwarding from [::1]:{local} -> {remote}\n"));
    }
    // Real kubectl now blocks; here it keeps running as if started with `&`, and each
    // connection prints `Handling connection for PORT` (see `host_http`).
    Output::ok(out)
}

pub fn run_pod(s: &mut Session, args: &[String]) -> Output {
    let a = match shellwords::parse(
        args,
        &[
            flag("image", None, true),
            flag("stdin", Some('i'), false),
            flag("tty", Some('t'), false),
            flag("rm", None, false),
            flag("restart", None, true),
            flag("command", None, false),
        ],
        "kubectl run",
    ) {
        Ok(a) => a,
        Err(e) => return Output::err(e, 1),
    };
    let Some(name) = a.positional.first().cloned() else {
        return Output::err(
            "error: NAME is required for run\nSee 'kubectl run -h' for help and examples",
            1,
        );
    };
    let Some(image) = a.get("image").map(str::to_string) else {
        return Output::err("error: required flag(s) \"image\" not set", 1);
    };
    let ns = a
        .get("namespace")
        .map_or_else(|| s.namespace.clone(), str::to_string);
    let interactive = a.has("stdin") && a.has("tty");
    let mut cmd = a.after_dashes.clone().unwrap_or_default();
    if cmd.is_empty() && !interactive {
        return Output::ok(format!(
            "pod/{name} created\n(this terminal runs one-off pods only with a command: kubectl run {name} --image={image} --rm -it --restart=Never -- nslookup web-0.nginx)\n"
        ));
    }
    if cmd.is_empty() {
        cmd = vec!["sh".into()];
    }
    let kind = if image.contains("busybox") || image.contains("alpine") {
        AppKind::Sleeper
    } else {
        AppKind::Generic
    };
    let flavour = nslookup_of(&image, &kind);
    let mut out = Output::default();
    if interactive {
        out.stderr.push_str("All commands and output from this session will be recorded in container logs, including credentials and sensitive information passed through the command prompt.\nIf you don't see a command prompt, try pressing enter.\n");
    }
    let result = match cmd.first().map(String::as_str) {
        Some("nslookup") if flavour != Nslookup::None => match cmd.get(1) {
            Some(q) => nslookup(s, &ns, q, flavour),
            None => Output::err("nslookup: a name to look up is required", 1),
        },
        Some("sh") if cmd.len() == 1 => Output::ok(
            "(an interactive shell is not available here; give the command after --, e.g. -- nslookup web-0.nginx)\n",
        ),
        Some("wget" | "curl") => http_from_pod(
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
        Some(other) => not_found_in_image(other),
        None => Output::default(),
    };
    out.stdout.push_str(&result.stdout);
    if a.has("tty") {
        // A TTY has one stream: what the container writes to stderr reaches kubectl's stdout.
        out.stdout.push_str(&result.stderr);
    } else {
        out.stderr.push_str(&result.stderr);
    }
    if a.has("rm") {
        if interactive {
            out.stdout.push_str(&format!("Session ended, resume using 'kubectl attach {name} -c {name} -n {ns} -i -t' command\n"));
        }
        out.stdout
            .push_str(&if s.sim.opts.profile.delete_names_namespace {
                format!("pod \"{name}\" deleted from {ns} namespace\n")
            } else {
                format!("pod \"{name}\" deleted\n")
            });
    }
    if result.code != 0 && a.get("restart") == Some("Never") {
        out.stderr
            .push_str(&format!("pod {ns}/{name} terminated (Error)\n"));
    }
    out.code = result.code;
    out
}

/// `minikube service NAME [-n NS] [--url]` (minikube ≥ 1.37 table style, spec §11).
pub fn minikube(s: &mut Session, args: &[String]) -> Output {
    if args.first().map(String::as_str) != Some("service") {
        return Output::err(
            "this terminal's minikube knows `minikube service NAME [--url]`",
            1,
        );
    }
    let a = match shellwords::parse(&args[1..], &[flag("url", None, false)], "minikube service") {
        Ok(a) => a,
        Err(e) => return Output::err(e, 1),
    };
    let ns = a
        .get("namespace")
        .map_or_else(|| s.namespace.clone(), str::to_string);
    let Some(name) = a.positional.first().cloned() else {
        return Output::err(
            "❌  Exiting due to MK_USAGE: You must specify service name(s) or --all",
            1,
        );
    };
    let Some(svc) = s.sim.world.services.get(&key(&ns, &name)).cloned() else {
        return Output::err(
            format!(
                "❌  Exiting due to SVC_NOT_FOUND: Service '{name}' was not found in '{ns}' namespace.\nYou may select another namespace by using 'minikube service {name} -n <namespace>'. Or list out all the services using 'minikube service list'"
            ),
            1,
        );
    };
    let node_ports: Vec<(String, String)> = svc
        .ports
        .iter()
        .filter_map(|p| {
            let np = p.node_port?;
            let label = p
                .name
                .as_ref()
                .map_or(p.port.to_string(), |n| format!("{n}/{}", p.port));
            Some((label, format!("http://{}:{np}", s.sim.world.node_ip)))
        })
        .collect();
    if a.has("url") {
        if node_ports.is_empty() {
            return Output {
                stdout: String::new(),
                stderr: format!(
                    "😿  service {ns}/{name} has no node port\n❗  Services [{ns}/{name}] have type \"ClusterIP\" not meant to be exposed, however for local development minikube allows you to access this !\n"
                ),
                code: 0,
                clear: false,
            };
        }
        return Output::ok(
            node_ports
                .iter()
                .map(|(_, u)| format!("{u}\n"))
                .collect::<String>(),
        );
    }
    let (port_cell, url_cell) = if node_ports.is_empty() {
        (String::new(), "No node port".to_string())
    } else {
        (
            node_ports
                .iter()
                .map(|(l, _)| l.clone())
                .collect::<Vec<_>>()
                .join("\n"),
            node_ports
                .iter()
                .map(|(_, u)| u.clone())
                .collect::<Vec<_>>()
                .join("\n"),
        )
    };
    let table = box_table(
        &["NAMESPACE", "NAME", "TARGET PORT", "URL"],
        &[vec![ns.clone(), name.clone(), port_cell, url_cell]],
    );
    let mut out = Output::ok(table);
    if node_ports.is_empty() {
        out.stdout
            .push_str(&format!("😿  service {ns}/{name} has no node port\n"));
        out.stderr.push_str(&format!("❗  Services [{ns}/{name}] have type \"ClusterIP\" not meant to be exposed, however for local development minikube allows you to access this !\n"));
    } else {
        out.stdout.push_str(&format!(
            "🎉  Opening service {ns}/{name} in default browser...\n"
        ));
    }
    out
}

/// minikube's Unicode box table: centred headers, left-aligned cells, multi-line cells.
fn box_table(head: &[&str], rows: &[Vec<String>]) -> String {
    let cols = head.len();
    let mut widths: Vec<usize> = head.iter().map(|h| h.chars().count()).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate().take(cols) {
            for line in c.split('\n') {
                widths[i] = widths[i].max(line.chars().count());
            }
        }
    }
    let rule = |l: &str, m: &str, r: &str| {
        format!(
            "{l}{}{r}\n",
            widths
                .iter()
                .map(|w| "─".repeat(w + 2))
                .collect::<Vec<_>>()
                .join(m)
        )
    };
    let mut out = rule("┌", "┬", "┐");
    out.push('│');
    for (i, h) in head.iter().enumerate() {
        let pad = widths[i] - h.chars().count();
        out.push_str(&format!(
            " {}{h}{} │",
            " ".repeat(pad / 2),
            " ".repeat(pad - pad / 2)
        ));
    }
    out.push('\n');
    out.push_str(&rule("├", "┼", "┤"));
    for r in rows {
        let height = r.iter().map(|c| c.split('\n').count()).max().unwrap_or(1);
        for line in 0..height {
            out.push('│');
            for (i, c) in r.iter().enumerate().take(cols) {
                let text = c.split('\n').nth(line).unwrap_or("");
                out.push_str(&format!(
                    " {text}{} │",
                    " ".repeat(widths[i] - text.chars().count())
                ));
            }
            out.push('\n');
        }
    }
    out.push_str(&rule("└", "┴", "┘"));
    out
}

const NGINX_WELCOME: &str = "<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n</body>\n</html>\n";
const NGINX_403: &str = "<html>\r\n<head><title>403 Forbidden</title></head>\r\n<body>\r\n<center><h1>403 Forbidden</h1></center>\r\n<hr><center>nginx/1.27.4</center>\r\n</body>\r\n</html>\r\n";
