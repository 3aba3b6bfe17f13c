//! Inside a container: `kubectl exec POD -- CMD` runs CMD as the image would, directly or
//! through the image's `sh -c`, which is the shell language (`crate::shell`) on a host whose
//! commands are the image's tools (`cat`, `ls`, `hostname`, `env`, `nslookup`, `curl`,
//! `wget`, the text utilities), whose files are the pod's volumes, the kubelet's files and
//! the container's own scratch space, and whose environment is what the kubelet sets.

use super::net;
use super::registry;
use super::session::{Inside, InsideOf, Session};
use super::{objects, text};
use crate::shell::{self, Dialect, Host, Output, Vars};
use crate::sim::app::{self, AppKind, Tools};
use crate::sim::dns::DNS_IP;
use crate::sim::world::{CState, Key, Pod};

/// Runs `cmd` in container `c` of pod `k`: `sh -c SCRIPT` through the shell, a shell alone
/// reading its script from `stdin` (`kubectl exec -i POD -- sh < script`), anything else as
/// a program of the image. `tty` is `-t`; `interactive` is `-it` from the terminal itself
/// (nothing piped in): a shell alone then attaches the terminal to it (`Session::inside`).
pub fn run_in(
    s: &mut Session,
    k: &Key,
    c: usize,
    cmd: &[String],
    stdin: Option<&str>,
    tty: bool,
    interactive: bool,
) -> Output {
    // A distroless image has nothing to run but its own program.
    if tools(s, k, c) == Some(Tools::None) {
        return not_found_in_image(cmd.first().map_or("", String::as_str));
    }
    let shell = cmd
        .first()
        .map(String::as_str)
        .filter(|c| SHELLS.contains(c));
    let script = match (shell, cmd.get(1).map(String::as_str)) {
        (Some(_), Some("-c")) => cmd.get(2).cloned().unwrap_or_default(),
        (Some(sh), None) if interactive => return enter(s, k, c, sh),
        (Some(_), None) if tty && stdin.is_none() => {
            let pod = s.sim.world.pods.get(k).map_or("POD", |p| p.name.as_str());
            return Output::err(
                format!(
                    "(a shell alone needs -i as well as -t: kubectl exec -it {pod} -- sh; or one command at a time, as in kubectl exec {pod} -- sh -c 'ls /; hostname')"
                ),
                0,
            );
        }
        (Some(_), None) => stdin.unwrap_or_default().to_string(),
        _ => return program(s, k, c, cmd, None, "/"),
    };
    let mut vars = Vars::new();
    let mut host = Container {
        s,
        k,
        c,
        line: 1,
        bash: false,
        cwd: "/".into(),
    };
    shell::execute(&script, &mut host, &mut vars)
}

/// The shells `kubectl exec POD -- SHELL` may start.
const SHELLS: [&str; 5] = ["sh", "bash", "/bin/sh", "/bin/bash", "ash"];

/// Attaches the terminal to an interactive `shell` in container `c` of pod `k`, as a
/// terminal shows it: nothing printed, then the shell's prompt (busybox's ash: the working
/// directory and `#`, as root; Debian's dash: `# `; bash: `root@HOSTNAME:/# `). An image
/// without bash says so as a missing program.
fn enter(s: &mut Session, k: &Key, c: usize, shell: &str) -> Output {
    let ash = busybox(s, k, c);
    let bash = shell.ends_with("bash");
    if (bash && ash) || (shell == "ash" && !ash) {
        return not_found_in_image(shell);
    }
    let hostname = s.sim.world.pods.get(k).map_or("", |p| p.hostname.as_str());
    let prompt = prompt(ash, bash, hostname, "/");
    s.inside = Some(Inside {
        of: InsideOf::Exec {
            pod: k.clone(),
            container: c,
            bash,
        },
        vars: Vars::new(),
        lines: 0,
        prompt,
        cwd: "/".into(),
    });
    Output::default()
}

/// The prompt of a container's `sh` as root: busybox's ash shows the working directory.
pub fn shell_prompt(ash: bool) -> String {
    prompt(ash, false, "", "/")
}

/// A root shell's prompt in directory `cwd`: busybox's ash `\w # `, bash's
/// `root@HOSTNAME:\w# ` (`~` for root's home), Debian's dash `# `.
fn prompt(ash: bool, bash: bool, hostname: &str, cwd: &str) -> String {
    let w = match cwd.strip_prefix("/root") {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => format!("~{rest}"),
        _ => cwd.to_string(),
    };
    if bash {
        format!("root@{hostname}:{w}# ")
    } else if ash {
        format!("{w} # ")
    } else {
        "# ".into()
    }
}

/// The folders at the root of container `c`'s image: busybox's (1.28 had no libraries),
/// Alpine's, or a Debian base's (bookworm: python, nginx and most app images).
fn root_folders(s: &Session, k: &Key, c: usize, image: &str) -> &'static [&'static str] {
    if image.contains("alpine") {
        &[
            "bin", "dev", "etc", "home", "lib", "media", "mnt", "opt", "proc", "root", "run",
            "sbin", "srv", "sys", "tmp", "usr", "var",
        ]
    } else if !busybox(s, k, c) {
        &[
            "bin", "boot", "dev", "etc", "home", "lib", "lib64", "media", "mnt", "opt", "proc",
            "root", "run", "sbin", "srv", "sys", "tmp", "usr", "var",
        ]
    } else if image.contains("busybox:1.2") {
        &[
            "bin", "dev", "etc", "home", "proc", "root", "sys", "tmp", "usr", "var",
        ]
    } else {
        &[
            "bin", "dev", "etc", "home", "lib", "lib64", "proc", "root", "sys", "tmp", "usr", "var",
        ]
    }
}

/// Whether `dir` (absolute) is a directory in container `c`: a folder at the image's root
/// (and the few known below them), a volume's mount path or a folder holding one, or a
/// folder of a volume.
fn is_dir(s: &Session, k: &Key, c: usize, dir: &str) -> bool {
    if dir == "/" {
        return true;
    }
    let w = &s.sim.world;
    let Some(spec) = w.pods.get(k).and_then(|p| p.template.containers.get(c)) else {
        return false;
    };
    if spec
        .mounts
        .iter()
        .map(|m| m.path.trim_end_matches('/'))
        .any(|m| m == dir || m.starts_with(&format!("{dir}/")))
    {
        return true;
    }
    if let Some((pv, rel)) = w.volume_file(k, spec, dir)
        && let Some(v) = w.pvs.get(&pv)
    {
        let prefix = format!("{}/", rel.trim_end_matches('/'));
        return rel.is_empty() || v.files.keys().any(|f| f.starts_with(&prefix));
    }
    root_folders(s, k, c, &spec.image).contains(&&dir[1..])
        || [
            "/usr/share/nginx/html",
            "/usr/local/bin",
            "/usr/share",
            "/var/log",
            "/etc/nginx",
        ]
        .contains(&dir)
}

/// `path` from directory `cwd`, with `.` and `..` worked out.
fn resolve(cwd: &str, path: &str) -> String {
    let joined = if path.starts_with('/') {
        path.to_string()
    } else {
        format!("{cwd}/{path}")
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    format!("/{}", parts.join("/"))
}

/// Runs a line typed at the prompt of the container shell the terminal is attached to. A
/// terminal has one stream, so what the shell writes to standard error shows as the rest
/// does. `exit [N]` leaves it: `kubectl exec` then ends with N (`command terminated with
/// exit code N` when not 0), `kubectl run` as its session ends.
pub fn run_inside(s: &mut Session, line: &str) -> Output {
    let Some(mut inside) = s.inside.take() else {
        return Output::default();
    };
    if line == super::INTERRUPT {
        inside.vars.insert("?".into(), "130".into());
        s.inside = Some(inside);
        return Output::default();
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    if words.first() == Some(&"exit") && words.len() <= 2 {
        let last = inside.vars.get("?").and_then(|v| v.parse::<i32>().ok());
        let code = match words.get(1) {
            Some(n) => n.parse::<i32>().map_or(2, |n| n & 255),
            None => last.unwrap_or(0),
        };
        return leave(s, &inside.of, code);
    }
    if line.trim().is_empty() {
        s.inside = Some(inside);
        return Output::default();
    }
    inside.lines += 1;
    let out = match &inside.of {
        InsideOf::Exec {
            pod,
            container,
            bash,
        } => {
            if !s.sim.world.pods.contains_key(pod) {
                // The pod went away while attached (it was deleted, or a wait outlived it).
                return leave(s, &inside.of, 137);
            }
            let mut host = Container {
                s: &mut *s,
                k: pod,
                c: *container,
                line: inside.lines,
                bash: *bash,
                cwd: inside.cwd.clone(),
            };
            let out = shell::execute(line, &mut host, &mut inside.vars);
            if host.cwd != inside.cwd {
                let ash = host.dialect() == Dialect::Ash;
                let cwd = host.cwd;
                let hostname = s
                    .sim
                    .world
                    .pods
                    .get(pod)
                    .map_or("", |p| p.hostname.as_str());
                inside.prompt = prompt(ash, *bash, hostname, &cwd);
                inside.cwd = cwd;
            }
            out
        }
        InsideOf::Run(pod) => {
            let mut host = super::verbs::run::OneOff { s: &mut *s, pod };
            shell::execute(line, &mut host, &mut inside.vars)
        }
        InsideOf::Node => {
            let mut host = super::node::Node::new(&mut *s, &inside.cwd, true);
            let out = shell::execute(line, &mut host, &mut inside.vars);
            if host.cwd != inside.cwd {
                inside.prompt = super::node::prompt(&host.cwd);
                inside.cwd = host.cwd;
            }
            out
        }
    };
    // `ls; exit` runs `ls`, then leaves.
    if out.exited {
        let code = out.code;
        let mut shown = one_stream(out);
        shown.exited = false;
        shown.append(leave(s, &inside.of, code));
        return shown;
    }
    s.inside = Some(inside);
    one_stream(out)
}

/// What a terminal shows of `out`: standard error and standard output in one stream.
pub fn one_stream(out: Output) -> Output {
    let mut one = Output::status(out.code);
    for (_, text) in &out.chunks {
        one.print(text);
    }
    one
}

/// The attached shell exited with `code`: how `kubectl exec` or `kubectl run` ends.
fn leave(s: &mut Session, of: &InsideOf, code: i32) -> Output {
    s.inside = None;
    s.vars.insert("?".into(), code.to_string());
    match of {
        InsideOf::Exec { .. } => {
            let mut out = Output::status(code);
            if code != 0 {
                out.eprint(&format!("command terminated with exit code {code}\n"));
            }
            out
        }
        InsideOf::Run(pod) => {
            let mut out = Output::default();
            super::verbs::run::ended(s, &mut out, pod, true, code);
            out
        }
        // bash's `logout`; minikube reports a status other than 0 and exits 1.
        InsideOf::Node => {
            let mut out = Output::ok("logout\n");
            super::minikube::ssh_status(&mut out, code);
            out
        }
    }
}

/// A container as a shell host.
struct Container<'a> {
    s: &'a mut Session,
    k: &'a Key,
    c: usize,
    /// The line of the shell's input being run (dash names it in its errors).
    line: usize,
    /// The shell is bash, not the image's `sh`.
    bash: bool,
    /// The working directory (`cd` moves it).
    cwd: String,
}

/// What the user said container `c`'s image holds, or the default for an image the
/// playground does not recognise (`None`: read from the image name).
fn tools(s: &Session, k: &Key, c: usize) -> Option<Tools> {
    let w = &s.sim.world;
    let spec = w.pods.get(k)?.template.containers.get(c)?;
    app::tools_of(&w.choices, &spec.name, &spec.image)
}

impl Host for Container<'_> {
    fn dialect(&self) -> Dialect {
        if self.bash {
            Dialect::Bash
        } else if busybox(self.s, self.k, self.c) {
            Dialect::Ash
        } else {
            Dialect::Dash
        }
    }

    fn command(&mut self, argv: &[String], stdin: Option<&str>) -> Output {
        let mut o = program(self.s, self.k, self.c, argv, stdin, &self.cwd);
        if o.code == 126 && o.stderr().starts_with("OCI runtime exec failed") {
            // Inside a shell a missing program is the shell's error (dash or busybox ash).
            let name = &argv[0];
            o = Output::err(
                match self.dialect() {
                    Dialect::Ash => format!("sh: {name}: not found"),
                    Dialect::Bash => format!("bash: {name}: command not found"),
                    _ => format!("sh: {}: {name}: not found", self.line),
                },
                127,
            );
        }
        o
    }

    fn env(&self, name: &str) -> Option<String> {
        env_of(self.s, self.k, self.c)
            .into_iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
    }

    fn write_file(&mut self, path: &str, text: &str, append: bool) -> Result<(), String> {
        let full = resolve(&self.cwd, path);
        write_file(self.s, self.k, self.c, &full, text, append).map_err(|e| match self.dialect() {
            Dialect::Ash => format!("sh: can't create {path}: {e}"),
            Dialect::Bash => format!("bash: {path}: {e}"),
            _ => format!("sh: {}: cannot create {path}: {e}", self.line),
        })
    }

    fn read_file(&mut self, path: &str) -> Result<String, String> {
        read_file(self.s, self.k, self.c, &resolve(&self.cwd, path)).map_err(|_| {
            match self.dialect() {
                Dialect::Ash => format!("sh: can't open '{path}': No such file or directory"),
                Dialect::Bash => format!("bash: {path}: No such file or directory"),
                _ => format!("sh: {}: cannot open {path}: No such file", self.line),
            }
        })
    }

    fn is_dir(&mut self, path: &str) -> bool {
        is_dir(self.s, self.k, self.c, &resolve(&self.cwd, path))
    }

    fn chdir(&mut self, path: &str) -> Result<(), String> {
        let to = resolve(&self.cwd, path);
        if is_dir(self.s, self.k, self.c, &to) {
            self.cwd = to;
            return Ok(());
        }
        Err(match self.dialect() {
            Dialect::Ash => format!("sh: cd: can't cd to {path}: No such file or directory"),
            Dialect::Bash => format!("bash: cd: {path}: No such file or directory"),
            _ => format!("sh: {}: cd: can't cd to {path}", self.line),
        })
    }
}

/// The container an exec or logs targets, with the "Defaulted container" notice.
pub fn pick_container(p: &Pod, want: Option<&str>) -> Result<(usize, String), String> {
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

pub(super) fn env_of(s: &Session, k: &Key, c: usize) -> Vec<(String, String)> {
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

/// The visits app's counter file where it lies in the first container's own files (no claim
/// under it).
fn scratch_counter(s: &Session, k: &Key) -> Option<String> {
    let w = &s.sim.world;
    let p = w.pods.get(k)?;
    let spec = p.template.containers.first()?;
    match app::app_of(&w.choices, &p.template, spec) {
        AppKind::Visits { file, .. } if w.volume_file(k, spec, &file).is_none() => Some(file),
        _ => None,
    }
}

/// The file at `path` as the container sees it: volume files, kubelet-managed files, app
/// files, and what was written to the container's own filesystem.
pub fn read_file(s: &Session, k: &Key, c: usize, path: &str) -> Result<String, String> {
    let w = &s.sim.world;
    let p = w.pods.get(k).ok_or("pod is gone")?;
    let spec = p.template.containers.get(c).ok_or("no container")?;
    let ip = p.ip.clone().unwrap_or_default();
    let fqdn = p.host_fqdn(&w.cluster_domain);
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
    // The app's counter holds the probes' requests the file has not taken in yet.
    let probes = |at: Option<&str>| match w.uncounted_probe_requests(k) {
        0 => at.map(str::to_string),
        n => Some(app::counted(at, n)),
    };
    if let Some((pv, rel)) = w.volume_file(k, spec, path) {
        let text = w.pvs.get(&pv).and_then(|v| v.files.get(&rel));
        let text = if w.counter_file(k).is_some_and(|f| f == (pv, rel)) {
            probes(text.map(String::as_str))
        } else {
            text.cloned()
        };
        return text.ok_or_else(|| format!("cat: can't open '{path}': No such file or directory"));
    }
    if let Some(t) = s.scratch.get(&(p.uid.clone(), path.to_string())) {
        return Ok(if scratch_counter(s, k).as_deref() == Some(path) {
            probes(Some(t)).unwrap_or_default()
        } else {
            t.clone()
        });
    }
    let kind = app::app_of(&s.sim.world.choices, &p.template, spec);
    if kind == AppKind::Nginx && path == "/usr/share/nginx/html/index.html" {
        return Ok(net::NGINX_WELCOME.into());
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
    // The probes' requests so far reach the app's counter before the write.
    let probes = s.sim.world.count_probe_requests(k);
    if probes > 0
        && let Some(file) = scratch_counter(s, k)
        && let Some(uid) = s.sim.world.pods.get(k).map(|p| p.uid.clone())
        && let Some(t) = s.scratch.get_mut(&(uid, file))
    {
        *t = app::counted(Some(t), probes);
    }
    let w = &mut s.sim.world;
    let p = w.pods.get(k).ok_or("pod is gone")?.clone();
    let spec = p.template.containers.get(c).ok_or("no container")?;
    if let Some((pv, rel)) = w.volume_file(k, spec, path) {
        if spec
            .mounts
            .iter()
            .any(|m| m.read_only && path.starts_with(&m.path))
        {
            return Err("Read-only file system".into());
        }
        let files = &mut w.pvs.get_mut(&pv).ok_or("volume is gone")?.files;
        let entry = files.entry(rel).or_default();
        if append {
            entry.push_str(data);
        } else {
            *entry = data.to_string();
        }
        // What the app answers may have changed (nginx finds its page): the probes look again.
        for i in 0..p.containers.len() {
            w.plan_probes(&crate::sim::world::ContainerRef::main(k, i));
        }
        return Ok(());
    }
    if path.starts_with("/etc/") || path.starts_with("/proc") {
        return Err("Permission denied".into());
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

/// `kubectl cp` (kubectl/pkg/cmd/cp): a file out of the container (`to_pod` false: its text,
/// read as the container's `tar cf -` reads it, with tar's note about the leading `/`) or
/// into it (`to_pod`: `data` written where `tar xf -` puts it). An image without `tar` (a
/// distroless one) cannot be copied from or to.
pub fn copy(
    s: &mut Session,
    k: &Key,
    c: usize,
    path: &str,
    to_pod: Option<&str>,
) -> Result<(String, Output), Output> {
    if tools(s, k, c) == Some(Tools::None) {
        let mut out = not_found_in_image("tar");
        out.eprint("command terminated with exit code 126\n");
        return Err(out);
    }
    let gnu = !busybox(s, k, c);
    if let Some(data) = to_pod {
        return match write_file(s, k, c, path, data, false) {
            Ok(()) => Ok((String::new(), Output::default())),
            Err(e) => {
                let mut out = Output::status(2);
                out.eprint(&format!(
                    "tar: {}: Cannot open: {e}\n",
                    path.trim_start_matches('/')
                ));
                Err(out)
            }
        };
    }
    let mut out = Output::default();
    if path.starts_with('/') {
        out.eprint(if gnu {
            "tar: Removing leading `/' from member names\n"
        } else {
            "tar: removing leading '/' from member names\n"
        });
    }
    match read_file(s, k, c, path) {
        Ok(text) => Ok((text, out)),
        Err(_) => {
            out.eprint(&if gnu {
                format!("tar: {path}: Cannot stat: No such file or directory\ntar: Exiting with failure status due to previous errors\n")
            } else {
                format!("tar: {path}: No such file or directory\n")
            });
            out.eprint("command terminated with exit code 2\n");
            out.code = 1;
            Err(out)
        }
    }
}

/// Whether container `c`'s tools are busybox's (their messages differ from GNU coreutils').
fn busybox(s: &Session, k: &Key, c: usize) -> bool {
    match tools(s, k, c) {
        Some(t) => t == Tools::Busybox,
        None => {
            let image = s
                .sim
                .world
                .pods
                .get(k)
                .and_then(|p| p.template.containers.get(c))
                .map_or(String::new(), |x| x.image.clone());
            let name = image.rsplit('/').next().unwrap_or(&image);
            name.starts_with("busybox") || name.starts_with("alpine")
        }
    }
}

/// `getent hosts|ahosts|ahostsv4|ahostsv6 [NAME...]` (glibc's getent.c: `hosts_keys`,
/// `print_hosts`, `ahosts_keys_int`). `hosts` asks `gethostbyname2` for IPv6, then IPv4,
/// through `/etc/hosts` and then the cluster's DNS with the pod's search list: one line per
/// address, `%-15s` and the official name, then the aliases. The `ahosts` ones ask
/// `getaddrinfo` (the pod has no IPv6 address, so `AI_ADDRCONFIG` leaves IPv4 alone;
/// `ahostsv6` maps it): each address as a stream, a datagram and a raw socket, the canonical
/// name on the first line only. A name that is not found makes the status 2; with no name,
/// the hosts file's entries. Other databases are not simulated.
fn getent(s: &Session, k: &Key, args: &[String]) -> Output {
    const USAGE: &str = "Try `getent --help' or `getent --usage' for more information.\n";
    let Some(db) = args.first() else {
        let mut out = Output::status(1);
        out.eprint("getent: wrong number of arguments\n");
        out.print(USAGE);
        return out;
    };
    const KNOWN: [&str; 16] = [
        "ahosts",
        "ahostsv4",
        "ahostsv6",
        "aliases",
        "ethers",
        "group",
        "gshadow",
        "hosts",
        "initgroups",
        "netgroup",
        "networks",
        "passwd",
        "protocols",
        "rpc",
        "services",
        "shadow",
    ];
    if !KNOWN.contains(&db.as_str()) {
        let mut out = Output::status(1);
        out.eprint(&format!("Unknown database: {db}\n"));
        out.print(USAGE);
        return out;
    }
    if !db.contains("hosts") {
        return Output::err(
            format!("getent: the playground simulates the hosts databases only, not {db}"),
            1,
        );
    }
    let w = &s.sim.world;
    let Some(p) = w.pods.get(k) else {
        return Output::status(2);
    };
    let ip = p.ip.clone().unwrap_or_default();
    let fqdn = p.host_fqdn(&w.cluster_domain);
    // The kubelet's hosts file, as (address, names).
    let hosts: Vec<(String, Vec<String>)> = vec![
        ("127.0.0.1".into(), vec!["localhost".into()]),
        (
            "::1".into(),
            vec![
                "localhost".into(),
                "ip6-localhost".into(),
                "ip6-loopback".into(),
            ],
        ),
        ("fe00::".into(), vec!["ip6-localnet".into()]),
        ("fe00::".into(), vec!["ip6-mcastprefix".into()]),
        ("fe00::1".into(), vec!["ip6-allnodes".into()]),
        ("fe00::2".into(), vec!["ip6-allrouters".into()]),
        (ip, vec![fqdn, p.hostname.clone()]),
    ];
    let line = |addr: &str, names: &[String]| format!("{addr:<15} {}\n", names.join(" "));
    if args.len() == 1 {
        return Output::ok(hosts.iter().map(|(a, n)| line(a, n)).collect::<String>());
    }
    let in_file = |name: &String, v6: bool| {
        hosts
            .iter()
            .filter(|(a, n)| a.contains(':') == v6 && n.contains(name))
            .collect::<Vec<_>>()
    };
    let mut out = Output::default();
    for name in &args[1..] {
        if db == "hosts" {
            let found = in_file(name, true);
            let found = if found.is_empty() {
                in_file(name, false)
            } else {
                found
            };
            if let Some((a, n)) = found.first() {
                out.print(&line(a, n));
            } else if let Some((canonical, records)) = w.lookup(&p.ns, name) {
                for (a, _) in &records {
                    out.print(&line(a, std::slice::from_ref(&canonical)));
                }
            } else {
                out.code = 2;
            }
            continue;
        }
        // getaddrinfo: IPv4 answers (the hosts file's, else DNS's), and their canonical name.
        let (canonical, addrs): (String, Vec<String>) = match in_file(name, false).first() {
            Some((a, n)) => (n[0].clone(), vec![a.clone()]),
            None => match w.lookup(&p.ns, name) {
                Some((c, records)) => (c, records.into_iter().map(|(a, _)| a).collect()),
                None => {
                    out.code = 2;
                    continue;
                }
            },
        };
        let mut first = true;
        for a in addrs {
            let a = if db == "ahostsv6" {
                format!("::ffff:{a}")
            } else {
                a
            };
            for sock in ["STREAM", "DGRAM", "RAW"] {
                let canon = if first { canonical.as_str() } else { "" };
                first = false;
                out.print(&format!("{a:<15} {sock:<6} {canon}\n"));
            }
        }
    }
    out
}

fn not_found_in_image(cmd: &str) -> Output {
    Output::err(
        format!(
            "OCI runtime exec failed: exec failed: unable to start container process: exec: \"{cmd}\": executable file not found in $PATH: unknown"
        ),
        126,
    )
}

/// Runs a program of the image: `cmd` after the shell (if any) expanded it.
fn program(
    s: &mut Session,
    k: &Key,
    c: usize,
    cmd: &[String],
    stdin: Option<&str>,
    cwd: &str,
) -> Output {
    let Some(name) = cmd.first() else {
        return Output::default();
    };
    let args = &cmd[1..];
    // coreutils' (busybox's) `test`, `[` and `printf` behave as the shells' builtins do.
    if matches!(
        name.rsplit('/').next().unwrap_or(name),
        "test" | "[" | "printf"
    ) {
        let script: Vec<String> = cmd
            .iter()
            .map(|w| format!("'{}'", w.replace('\'', "'\\''")))
            .collect();
        let mut host = Container {
            s,
            k,
            c,
            line: 1,
            bash: false,
            cwd: cwd.into(),
        };
        return shell::execute(&script.join(" "), &mut host, &mut Vars::new());
    }
    let w = &s.sim.world;
    let Some(p) = w.pods.get(k) else {
        return Output::err("error: pod is gone", 1);
    };
    let spec = p.template.containers.get(c).cloned();
    let image = spec.as_ref().map_or(String::new(), |x| x.image.clone());
    let kind = spec
        .as_ref()
        .map_or(AppKind::Web, |x| app::app_of(&w.choices, &p.template, x));
    match name
        .trim_start_matches("/bin/")
        .trim_start_matches("/usr/bin/")
    {
        "cat" if args.is_empty() => Output::ok(stdin.unwrap_or("")),
        "cat" => {
            let mut out = Output::default();
            for f in args {
                match read_file(s, k, c, &resolve(cwd, f)) {
                    Ok(t) => out.print(&t),
                    Err(_) => {
                        // busybox's wording; GNU coreutils elsewhere (Debian, Ubuntu images).
                        if busybox(s, k, c) {
                            out.eprintln(&format!(
                                "cat: can't open '{f}': No such file or directory"
                            ));
                        } else {
                            out.eprintln(&format!("cat: {f}: No such file or directory"));
                        }
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
                .map_or_else(|| cwd.to_string(), |d| resolve(cwd, d));
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
                names = root_folders(s, k, c, &image)
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
                return if busybox(s, k, c) {
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
                Output::ok(format!("{}\n", p.host_fqdn(&w.cluster_domain)))
            } else if args.iter().any(|a| a == "-i") {
                Output::ok(format!("{}\n", p.ip.clone().unwrap_or_default()))
            } else {
                Output::ok(format!("{}\n", p.hostname))
            }
        }
        "echo" => crate::shell::run::echo(args),
        "env" | "printenv" => {
            let env = env_of(s, k, c);
            match args.first() {
                Some(v) => match env.iter().find(|(n, _)| n == v) {
                    Some((_, val)) => Output::ok(format!("{val}\n")),
                    None => Output::status(1),
                },
                None => Output::ok(
                    env.iter()
                        .map(|(n, v)| format!("{n}={v}\n"))
                        .collect::<String>(),
                ),
            }
        }
        "pwd" => Output::ok(format!("{cwd}\n")),
        "whoami" => Output::ok("root\n"),
        "date" => Output::ok(format!(
            "{}\n",
            text::rfc1123z(objects::secs(w.now)).replace(" +0000", " UTC")
        )),
        "true" | ":" => Output::default(),
        "false" => Output::status(1),
        "sleep" => {
            let ms = args
                .first()
                .and_then(|a| registry::parse_seconds(a))
                .unwrap_or(0);
            if !s.in_job {
                s.sim.advance(ms);
            }
            Output::default()
        }
        "nslookup" => {
            let flavour = net::nslookup_of(&image, &kind, tools(s, k, c));
            if flavour == net::Nslookup::None {
                return not_found_in_image("nslookup");
            }
            match args.iter().find(|a| !a.starts_with('-')) {
                Some(q) => net::nslookup(s, &p.ns.clone(), q, flavour),
                None => Output::err(
                    "BusyBox v1.36.1 multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]",
                    1,
                ),
            }
        }
        // A Python image (the course's apps, `python:3.x-slim`) has an interpreter the
        // playground does not run; say so rather than that it is missing.
        "python" | "python3"
            if image.to_ascii_lowercase().contains("python")
                || matches!(kind, AppKind::Visits { .. })
                || tools(s, k, c) == Some(Tools::Debian) =>
        {
            // `python -c PROGRAM`: the one-liners the subset knows run; the rest say so.
            if let [flag, program] = args
                && flag == "-c"
                && let Some(out) = super::python::run(s, k, program)
            {
                return out;
            }
            Output::err(
                format!(
                    "{name}: not simulated: the playground runs Python one-liners with socket, urllib.request, json and os only; `cat` the app's files, or `curl`/`wget` its port from another pod or through `kubectl port-forward`"
                ),
                1,
            )
        }
        // glibc's (and musl's) `getent hosts NAME...`; busybox has none.
        "getent" if !busybox(s, k, c) || image.contains("alpine") => getent(s, k, args),
        "curl" | "wget" => {
            let from_ns = p.ns.clone();
            let chosen = tools(s, k, c);
            let has = match (chosen, name.as_str()) {
                (Some(t), "wget") => t == Tools::Busybox,
                (Some(_), _) => image.contains("curl"),
                // The lab's own counter image ships both.
                (None, _) if matches!(kind, AppKind::Visits { .. }) => true,
                (None, "curl") => !matches!(kind, AppKind::Sleeper) || image.contains("curl"),
                (None, _) => image.contains("busybox") || image.contains("alpine"),
            };
            if !has {
                return not_found_in_image(name);
            }
            net::http_from_pod(s, &from_ns, args, name, Some(k.clone()))
        }
        other => {
            if other.is_empty() {
                return Output::default();
            }
            let mut read = |path: &str| read_file(s, k, c, &resolve(cwd, path));
            // `sed -i` writes the container's files back.
            match crate::shell::utils::sed_in_place(cmd, &mut read) {
                Some(Ok(edits)) => {
                    for (path, text) in edits {
                        if let Err(e) = write_file(s, k, c, &resolve(cwd, &path), &text, false) {
                            return Output::err(format!("sed: couldn't edit {path}: {e}"), 4);
                        }
                    }
                    return Output::default();
                }
                Some(Err(o)) => return o,
                None => {}
            }
            let mut read = |path: &str| read_file(s, k, c, &resolve(cwd, path));
            match crate::shell::utils::utility(cmd, stdin, &mut read) {
                Some(o) => o,
                None => not_found_in_image(other),
            }
        }
    }
}
