//! The minikube node as `minikube ssh` shows it (minikube v1.38.1 `cmd/minikube/cmd/ssh.go`,
//! the kicbase container, Debian 12): bash as the `docker` user in `/home/docker`, and the
//! claims' data where minikube's storage provisioner keeps it, one folder per claim under
//! `/tmp/hostpath-provisioner/NAMESPACE/CLAIM` (`storage-provisioner`'s `hostPathProvisioner`
//! `Provision`: `path.Join(pvDir, namespace, claim name)`). So a learner can see that a pod's
//! counter lives on the node, outlives the pod, and is the same file the next pod reads: `cat`,
//! `ls`, `cd` and the text utilities read it, and writes there (`echo 7 | sudo tee
//! .../visits`: the app's files are root's) change what the pod sees. The node's other programs (`docker`, `crictl`,
//! `systemctl`...) are not simulated and say so.

use super::session::Session;
use crate::shell::{Dialect, Host, Output};
use crate::sim::world::Key;

/// Where minikube's storage provisioner makes each claim's folder.
pub const HOSTPATH: &str = "/tmp/hostpath-provisioner";

/// The user's home on the node.
pub const HOME: &str = "/home/docker";

/// The node's shell prompt in `cwd` (bash's `\u@\h:\w\$ `).
pub fn prompt(cwd: &str) -> String {
    let shown = match cwd.strip_prefix(HOME) {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => format!("~{rest}"),
        _ => cwd.to_string(),
    };
    format!("docker@minikube:{shown}$ ")
}

/// The node as a shell host: `login` for the interactive shell (`-bash`), else the
/// `bash -c` that runs `minikube ssh -- CMD`.
pub struct Node<'a> {
    pub s: &'a mut Session,
    pub cwd: String,
    login: bool,
    /// Running under `sudo` (a redirection is still the docker user's).
    root: bool,
}

impl<'a> Node<'a> {
    /// How bash names itself in its errors: `-bash` as a login shell, else `bash -c`'s.
    fn shell(&self) -> &'static str {
        if self.login { "-bash" } else { "bash: line 1" }
    }

    pub fn new(s: &'a mut Session, cwd: &str, login: bool) -> Self {
        Node {
            s,
            cwd: cwd.into(),
            login,
            root: false,
        }
    }
}

/// The key of a scratch file the docker user wrote on the node.
fn scratch_key(path: &str) -> (String, String) {
    ("node".to_string(), path.to_string())
}

/// Folders every node has.
const SYSTEM_DIRS: [&str; 12] = [
    "/", "/bin", "/etc", "/home", HOME, "/proc", "/root", "/sys", "/tmp", "/usr", "/var", HOSTPATH,
];

/// The node's programs the playground does not run.
const UNSIMULATED: [&str; 12] = [
    "docker",
    "crictl",
    "systemctl",
    "journalctl",
    "kubelet",
    "ps",
    "top",
    "df",
    "du",
    "ip",
    "mount",
    "apt-get",
];

/// A claim's folder on the node: its path, its PV, and its files (path in the volume, text).
type Folder = (String, String, Vec<(String, String)>);

/// Every claim's folder with its files.
fn claim_folders(s: &Session) -> Vec<Folder> {
    let w = &s.sim.world;
    w.pvs
        .values()
        .filter_map(|v| {
            let claim = v.claim.as_ref()?;
            let files = v
                .files
                .iter()
                .map(|(rel, text)| {
                    (
                        rel.trim_start_matches('/').to_string(),
                        counted(s, &v.name, rel.trim_start_matches('/'), text),
                    )
                })
                .collect();
            Some((format!("{HOSTPATH}/{claim}"), v.name.clone(), files))
        })
        .collect()
}

/// The pod whose app counts its visits in file `rel` of PV `pv`, if any.
fn counting_pod(s: &Session, pv: &str, rel: &str) -> Option<Key> {
    let w = &s.sim.world;
    w.pods
        .keys()
        .find(|k| {
            w.counter_file(k)
                .is_some_and(|(v, r)| v == pv && r.trim_start_matches('/') == rel)
        })
        .cloned()
}

/// A file as it reads now: a counter holds the probes' requests not yet written to it.
fn counted(s: &Session, pv: &str, rel: &str, text: &str) -> String {
    match counting_pod(s, pv, rel) {
        Some(k) => match s.sim.world.uncounted_probe_requests(&k) {
            0 => text.to_string(),
            n => crate::sim::app::counted(Some(text), n),
        },
        None => text.to_string(),
    }
}

/// `path` made absolute against `cwd`, `.` and `..` resolved, `~` the home.
fn resolve(cwd: &str, path: &str) -> String {
    let full = if let Some(rest) = path.strip_prefix('~') {
        format!("{HOME}{rest}")
    } else if path.starts_with('/') {
        path.to_string()
    } else {
        format!("{}/{path}", cwd.trim_end_matches('/'))
    };
    let mut parts: Vec<&str> = Vec::new();
    for p in full.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    format!("/{}", parts.join("/"))
}

impl Node<'_> {
    fn file(&self, path: &str) -> Option<String> {
        match path {
            "/etc/hostname" => return Some("minikube\n".into()),
            "/etc/os-release" => {
                return Some(
                    "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nVERSION=\"12 (bookworm)\"\nVERSION_CODENAME=bookworm\nID=debian\n"
                        .into(),
                );
            }
            _ => {}
        }
        if let Some(t) = self.s.scratch.get(&scratch_key(path)) {
            return Some(t.clone());
        }
        claim_folders(self.s)
            .into_iter()
            .find_map(|(dir, _, files)| {
                let rel = path.strip_prefix(&dir)?.strip_prefix('/')?;
                files.into_iter().find(|(f, _)| f == rel).map(|(_, t)| t)
            })
    }

    /// The names in folder `dir`, if it is one.
    fn entries(&self, dir: &str) -> Option<Vec<String>> {
        let mut names: Vec<String> = Vec::new();
        let mut found = SYSTEM_DIRS.contains(&dir);
        let prefix = if dir == "/" {
            "/".to_string()
        } else {
            format!("{dir}/")
        };
        let mut paths: Vec<String> = SYSTEM_DIRS.iter().map(|d| d.to_string()).collect();
        for (folder, _, files) in claim_folders(self.s) {
            paths.push(folder.clone());
            paths.extend(files.into_iter().map(|(f, _)| format!("{folder}/{f}")));
        }
        paths.push("/etc/hostname".into());
        paths.push("/etc/os-release".into());
        paths.extend(
            self.s
                .scratch
                .keys()
                .filter(|(owner, _)| owner == "node")
                .map(|(_, p)| p.clone()),
        );
        for p in paths {
            if p == dir {
                found = true;
            }
            if let Some(rest) = p.strip_prefix(&prefix).filter(|r| !r.is_empty()) {
                found = true;
                names.push(rest.split('/').next().unwrap_or(rest).to_string());
            }
        }
        crate::sort::sort(&mut names);
        names.dedup();
        found.then_some(names)
    }

    fn ls(&self, args: &[String]) -> Output {
        let all = args
            .iter()
            .any(|a| a.starts_with('-') && (a.contains('a') || a.contains('A')));
        let one = args.iter().any(|a| a.starts_with('-') && a.contains('1'));
        let targets: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
        let targets: Vec<String> = if targets.is_empty() {
            vec![".".into()]
        } else {
            targets.into_iter().cloned().collect()
        };
        let mut out = Output::default();
        let many = targets.len() > 1;
        for (i, t) in targets.iter().enumerate() {
            let path = resolve(&self.cwd, t);
            if self.file(&path).is_some() {
                out.print(&format!("{t}\n"));
                continue;
            }
            let Some(mut names) = self.entries(&path) else {
                out.eprint(&format!(
                    "ls: cannot access '{t}': No such file or directory\n"
                ));
                out.code = 2;
                continue;
            };
            if !all {
                names.retain(|n| !n.starts_with('.'));
            }
            if many {
                out.print(&format!("{}{t}:\n", if i > 0 { "\n" } else { "" }));
            }
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            if one {
                out.print(&names.iter().map(|n| format!("{n}\n")).collect::<String>());
            } else {
                out.print(&super::text::columns(&names, 80));
            }
        }
        out
    }
}

impl Host for Node<'_> {
    fn dialect(&self) -> Dialect {
        Dialect::Bash
    }

    fn command(&mut self, argv: &[String], stdin: Option<&str>) -> Output {
        let Some(name) = argv.first() else {
            return Output::default();
        };
        // `sudo CMD` runs CMD (the docker user needs no password on the node).
        if name == "sudo" {
            return match argv.get(1) {
                Some(_) => {
                    self.root = true;
                    let out = self.command(&argv[1..], stdin);
                    self.root = false;
                    out
                }
                None => Output::err(
                    "usage: sudo -h | -K | -k | -V\nusage: sudo -v [-ABkNnS] [-g group] [-h host] [-p prompt] [-u user]",
                    1,
                ),
            };
        }
        if name == "tee" {
            let text = stdin.unwrap_or("");
            let append = argv[1..].iter().any(|a| a == "-a" || a == "--append");
            let mut out = Output::ok(text);
            for f in argv[1..].iter().filter(|a| !a.starts_with('-')) {
                if self.write_file(f, text, append).is_err() {
                    out.eprintln(&format!("tee: {f}: Permission denied"));
                    out.code = 1;
                }
            }
            return out;
        }
        let cwd = self.cwd.clone();
        let mut read = |p: &str| {
            self.file(&resolve(&cwd, p))
                .ok_or_else(|| format!("{p}: No such file or directory"))
        };
        if let Some(o) = crate::shell::utils::utility(argv, stdin, &mut read) {
            return o;
        }
        match name.as_str() {
            "ls" => self.ls(&argv[1..]),
            "hostname" => Output::ok("minikube\n"),
            "whoami" => Output::ok("docker\n"),
            "pwd" => Output::ok(format!("{}\n", self.cwd)),
            "uname" => Output::ok(if argv.iter().any(|a| a == "-a") {
                "Linux minikube 6.8.0-45-generic #45-Ubuntu SMP PREEMPT_DYNAMIC x86_64 GNU/Linux\n"
            } else {
                "Linux\n"
            }),
            n if UNSIMULATED.contains(&n) => Output::err(
                format!(
                    "(the playground does not run `{n}` on the minikube node; here it shows the node's files: the claims' data under {HOSTPATH})"
                ),
                127,
            ),
            n if self.login => Output::err(format!("-bash: {n}: command not found"), 127),
            n => Output::err(format!("bash: line 1: {n}: command not found"), 127),
        }
    }

    fn env(&self, name: &str) -> Option<String> {
        match name {
            "HOME" => Some(HOME.into()),
            "USER" | "LOGNAME" => Some("docker".into()),
            "HOSTNAME" => Some("minikube".into()),
            "PWD" => Some(self.cwd.clone()),
            _ => None,
        }
    }

    /// Writes land in a claim's folder (the provisioner makes them world-writable), so the
    /// pod reads them; `/tmp` and the home take files of their own; elsewhere is root's.
    fn write_file(&mut self, path: &str, text: &str, append: bool) -> Result<(), String> {
        let full = resolve(&self.cwd, path);
        for (dir, pv, _) in claim_folders(self.s) {
            let Some(rel) = full.strip_prefix(&dir).and_then(|r| r.strip_prefix('/')) else {
                continue;
            };
            // A counter takes in the probes' requests before anything else writes to it.
            if let Some(k) = counting_pod(self.s, &pv, rel) {
                self.s.sim.world.count_probe_requests(&k);
            }
            let w = &mut self.s.sim.world;
            let Some(v) = w.pvs.get_mut(&pv) else {
                break;
            };
            let existing = v
                .files
                .keys()
                .find(|f| f.trim_start_matches('/') == rel)
                .cloned();
            // The app wrote its files as root (mode 644): the docker user needs sudo for
            // them, and may add files of its own (the folder is 0777).
            if existing.is_some() && !self.root {
                return Err(format!("{}: {path}: Permission denied", self.shell()));
            }
            let key = existing.unwrap_or_else(|| rel.to_string());
            let f = v.files.entry(key).or_default();
            if !append {
                f.clear();
            }
            f.push_str(text);
            return Ok(());
        }
        if full.starts_with("/tmp/") || full.starts_with(&format!("{HOME}/")) {
            let f = self.s.scratch.entry(scratch_key(&full)).or_default();
            if !append {
                f.clear();
            }
            f.push_str(text);
            return Ok(());
        }
        Err(format!("{}: {path}: Permission denied", self.shell()))
    }

    fn read_file(&mut self, path: &str) -> Result<String, String> {
        self.file(&resolve(&self.cwd, path))
            .ok_or_else(|| format!("{}: {path}: No such file or directory", self.shell()))
    }

    fn is_dir(&mut self, path: &str) -> bool {
        self.entries(&resolve(&self.cwd, path)).is_some()
    }

    fn chdir(&mut self, path: &str) -> Result<(), String> {
        let to = resolve(&self.cwd, path);
        if self.file(&to).is_some() {
            return Err(format!("{}: cd: {path}: Not a directory", self.shell()));
        }
        if self.entries(&to).is_some() {
            self.cwd = to;
            Ok(())
        } else {
            Err(format!(
                "{}: cd: {path}: No such file or directory",
                self.shell()
            ))
        }
    }
}
