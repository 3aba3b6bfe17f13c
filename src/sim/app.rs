//! What runs inside containers. The kubelet model needs two figures per app (how long until
//! it answers, how it reacts to SIGTERM); the HTTP model answers requests. Built in:
//!
//! - `visits`: the lab's counter app (a small Python HTTP server). Each request adds one to a
//!   counter in a file on the pod's volume and answers with the count. The variant the lab hit
//!   by mistake rewrites the file on start, so the count resets whenever the pod is recreated.
//! - `nginx`: serves `index.html` from its document root (`/usr/share/nginx/html`).
//! - `sleep`: a process that only sleeps (busybox, alpine, `command: [sleep, ...]`).
//! - `crash`: exits with status 1 a moment after each start (a crash loop).
//! - `web`: a web app answering 200 on the ports the container declares: what an image the
//!   playground does not recognise is taken to be (a learner's own `my-python-app`).
//!
//! The program is the user's choice where they made one ([`Choices`]: `--program`, the
//! playground's control), else set with pod-template annotations (accepted by the API server:
//! `stsplay.dev/app: visits|nginx|web`, `stsplay.dev/visits-file: /data/visits`,
//! `stsplay.dev/reset-on-start: "true"`, `stsplay.dev/startup-ms: "1500"`), else read from the
//! image name. What `kubectl exec` finds in the image ([`Tools`]) is chosen the same way.

use super::timing::AppTiming;
use super::world::{ContainerSpec, PodTemplate};
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AppKind {
    Visits {
        file: String,
        reset_on_start: bool,
    },
    Nginx,
    /// A process that only sleeps (busybox, alpine).
    Sleeper,
    /// A web app answering 200 on the ports the container declares.
    Web,
    /// Exits with status 1 a moment after each start.
    Crash,
}

/// A program as the user names it (`--program CONTAINER=PROGRAM`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Program {
    Web,
    /// `visits[:FILE][,reset]`.
    Visits {
        file: Option<String>,
        reset: bool,
    },
    Nginx,
    Sleep,
    Crash,
}

impl Program {
    pub fn parse(text: &str) -> Result<Program, String> {
        let (name, reset) = match text.strip_suffix(",reset") {
            Some(n) => (n, true),
            None => (text, false),
        };
        let (name, file) = match name.split_once(':') {
            Some((n, f)) if n == "visits" && f.starts_with('/') => (n, Some(f.to_string())),
            Some(("visits", f)) => {
                return Err(format!(
                    "the visits file must be an absolute path, not \"{f}\""
                ));
            }
            _ => (name, None),
        };
        match (name, reset) {
            ("web", false) => Ok(Program::Web),
            ("visits", _) => Ok(Program::Visits { file, reset }),
            ("nginx", false) => Ok(Program::Nginx),
            ("sleep", false) => Ok(Program::Sleep),
            ("crash", false) => Ok(Program::Crash),
            _ => Err(format!(
                "unknown program \"{text}\": use web, visits[:FILE][,reset], nginx, sleep or crash"
            )),
        }
    }
}

impl std::fmt::Display for Program {
    /// As `--program` takes it: `web`, `visits:/data/count,reset`...
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Program::Web => f.write_str("web"),
            Program::Visits { file, reset } => {
                f.write_str("visits")?;
                if let Some(file) = file {
                    write!(f, ":{file}")?;
                }
                if *reset {
                    f.write_str(",reset")?;
                }
                Ok(())
            }
            Program::Nginx => f.write_str("nginx"),
            Program::Sleep => f.write_str("sleep"),
            Program::Crash => f.write_str("crash"),
        }
    }
}

/// What `kubectl exec` finds in an image.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tools {
    /// A shell, cat, ls, hostname, wget and busybox's nslookup (alpine-based images).
    Busybox,
    /// A shell, cat, ls, hostname; no nslookup, curl or wget (debian-slim based images).
    Debian,
    /// A shell and bind's nslookup and dig.
    Dnsutils,
    /// No shell at all (distroless).
    None,
}

impl Tools {
    pub fn parse(text: &str) -> Result<Tools, String> {
        match text {
            "busybox" => Ok(Tools::Busybox),
            "debian" => Ok(Tools::Debian),
            "dnsutils" => Ok(Tools::Dnsutils),
            "none" => Ok(Tools::None),
            _ => Err(format!(
                "unknown image tools \"{text}\": use busybox, debian, dnsutils or none"
            )),
        }
    }
}

/// (container, value) pairs.
pub type Pairs = Vec<(String, String)>;

/// The user's choices per container name, for every pod of every set.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Choices {
    pub programs: BTreeMap<String, Program>,
    pub tools: BTreeMap<String, Tools>,
}

impl Choices {
    /// Reads `CONTAINER=PROGRAM` and `CONTAINER=TOOLS` arguments.
    pub fn parse(programs: &[String], tools: &[String]) -> Result<Choices, String> {
        let split = |flag: &str, a: &str| -> Result<(String, String), String> {
            match a.split_once('=') {
                Some((c, v)) if !c.is_empty() && !v.is_empty() => Ok((c.into(), v.into())),
                _ => Err(format!("{flag} needs CONTAINER=VALUE, not \"{a}\"")),
            }
        };
        let mut out = Choices::default();
        for a in programs {
            let (c, v) = split("--program", a)?;
            out.set_program(&c, &v)
                .map_err(|e| format!("--program {a}: {e}"))?;
        }
        for a in tools {
            let (c, v) = split("--image-tools", a)?;
            out.set_tools(&c, &v)
                .map_err(|e| format!("--image-tools {a}: {e}"))?;
        }
        Ok(out)
    }

    /// Chooses what runs in `container`; a value that is no program clears the choice (the
    /// image decides again) and says why.
    pub fn set_program(&mut self, container: &str, value: &str) -> Result<(), String> {
        match Program::parse(value) {
            Ok(p) => self.programs.insert(container.to_string(), p),
            Err(e) => {
                self.programs.remove(container);
                return Err(e);
            }
        };
        Ok(())
    }

    /// Chooses what `container`'s image holds; as `set_program` for a value that is none.
    pub fn set_tools(&mut self, container: &str, value: &str) -> Result<(), String> {
        match Tools::parse(value) {
            Ok(t) => self.tools.insert(container.to_string(), t),
            Err(e) => {
                self.tools.remove(container);
                return Err(e);
            }
        };
        Ok(())
    }

    /// The choices as (container, value) pairs, as share links carry them: programs, tools.
    pub fn pairs(&self) -> (Pairs, Pairs) {
        (
            self.programs
                .iter()
                .map(|(c, p)| (c.clone(), p.to_string()))
                .collect(),
            self.tools
                .iter()
                .map(|(c, t)| (c.clone(), tools_value(*t).to_string()))
                .collect(),
        )
    }

    /// Choices from a share link's pairs; values this version cannot read are left out.
    pub fn from_pairs(programs: &[(String, String)], tools: &[(String, String)]) -> Choices {
        let mut c = Choices::default();
        for (name, v) in programs {
            let _ = c.set_program(name, v);
        }
        for (name, v) in tools {
            let _ = c.set_tools(name, v);
        }
        c
    }
}

/// Whether the playground knows what image `image` runs (else it is taken for a web app).
fn recognised(image: &str) -> bool {
    let name = image.rsplit('/').next().unwrap_or(image);
    image.contains("visit")
        || image.contains("counter")
        || ["nginx", "busybox", "alpine"]
            .iter()
            .any(|p| name.starts_with(p))
        || ["dnsutils", "netshoot", "curl", "pause"]
            .iter()
            .any(|p| name.contains(p))
}

/// The app of container `c` in `tpl`.
pub fn app_of(choices: &Choices, tpl: &PodTemplate, c: &ContainerSpec) -> AppKind {
    let ann = |k: &str| tpl.annotations.get(k).map(String::as_str);
    let image = c.image.to_ascii_lowercase();
    // The counter file lives on the first writable volume (the PVC in the lab).
    let default_file = || {
        let dir = c
            .mounts
            .iter()
            .find(|m| !m.read_only)
            .map_or("/data", |m| m.path.as_str());
        format!("{}/visits", dir.trim_end_matches('/'))
    };
    match choices.programs.get(&c.name) {
        Some(Program::Web) => return AppKind::Web,
        Some(Program::Nginx) => return AppKind::Nginx,
        Some(Program::Sleep) => return AppKind::Sleeper,
        Some(Program::Crash) => return AppKind::Crash,
        Some(Program::Visits { file, reset }) => {
            return AppKind::Visits {
                file: file.clone().unwrap_or_else(default_file),
                reset_on_start: *reset,
            };
        }
        None => {}
    }
    let declared = ann("stsplay.dev/app");
    let is_visits = declared == Some("visits")
        || (declared.is_none() && (image.contains("visit") || image.contains("counter")));
    if is_visits {
        let file = ann("stsplay.dev/visits-file").map_or_else(default_file, str::to_string);
        let reset = ann("stsplay.dev/reset-on-start") == Some("true") || image.contains("reset");
        return AppKind::Visits {
            file,
            reset_on_start: reset,
        };
    }
    match declared {
        Some("nginx") => return AppKind::Nginx,
        Some("web" | "generic") => return AppKind::Web,
        _ => {}
    }
    let name = image.rsplit('/').next().unwrap_or(&image);
    if name.starts_with("nginx") {
        AppKind::Nginx
    } else if name.starts_with("busybox")
        || name.starts_with("alpine")
        || c.command.iter().chain(&c.args).any(|a| a.contains("sleep"))
    {
        AppKind::Sleeper
    } else {
        AppKind::Web
    }
}

/// What `kubectl exec` finds in container `c`'s image: the user's choice, else busybox's tools
/// for an image the playground does not recognise (alpine-based, as most lab images are), else
/// `None` for the images it knows (their tools are read from the image name).
pub fn tools_of(choices: &Choices, container: &str, image: &str) -> Option<Tools> {
    if let Some(t) = choices.tools.get(container) {
        return Some(*t);
    }
    (!recognised(&image.to_ascii_lowercase())).then_some(Tools::Busybox)
}

/// The program's name as `--program` and the playground's control write it.
pub fn program_value(kind: &AppKind) -> &'static str {
    match kind {
        AppKind::Web => "web",
        AppKind::Visits {
            reset_on_start: false,
            ..
        } => "visits",
        AppKind::Visits { .. } => "visits,reset",
        AppKind::Nginx => "nginx",
        AppKind::Sleeper => "sleep",
        AppKind::Crash => "crash",
    }
}

/// Why container `c` runs `kind` (what `app_of` gave): the user's choice, the annotation, or
/// the image name.
pub fn why(choices: &Choices, tpl: &PodTemplate, c: &ContainerSpec, kind: &AppKind) -> String {
    if choices.programs.contains_key(&c.name) {
        return "chosen".into();
    }
    if tpl.annotations.contains_key("stsplay.dev/app") {
        return "set by the stsplay.dev/app annotation".into();
    }
    match kind {
        AppKind::Web => format!("image not recognised: a web app on port {}", port(c, kind)),
        AppKind::Visits { file, .. } => format!("the lab's counter, in {file}"),
        _ => "read from the image name".into(),
    }
}

/// `--image-tools`'s name for `t`.
pub fn tools_value(t: Tools) -> &'static str {
    match t {
        Tools::Busybox => "busybox",
        Tools::Debian => "debian",
        Tools::Dnsutils => "dnsutils",
        Tools::None => "none",
    }
}

/// How long the app takes to answer, and how it stops.
pub fn timing(tpl: &PodTemplate, kind: &AppKind) -> AppTiming {
    let up = tpl
        .annotations
        .get("stsplay.dev/startup-ms")
        .and_then(|v| v.parse::<u64>().ok())
        .map(|ms| (ms, ms / 10));
    match kind {
        // Python's http.server as PID 1 has no SIGTERM handler: it is killed at the end of the
        // grace period.
        AppKind::Visits { .. } => AppTiming {
            up: up.unwrap_or((1800, 400)),
            term: None,
        },
        AppKind::Nginx => AppTiming {
            up: up.unwrap_or((80, 30)),
            term: Some((150, 80)),
        },
        AppKind::Sleeper => AppTiming {
            up: up.unwrap_or((10, 5)),
            term: None,
        },
        AppKind::Web => AppTiming {
            up: up.unwrap_or((500, 200)),
            term: Some((300, 100)),
        },
        // Up as soon as it starts, down soon after (`crash_after`).
        AppKind::Crash => AppTiming {
            up: up.unwrap_or((10, 5)),
            term: None,
        },
    }
}

/// How long after each start the `crash` program exits: (mean, jitter) ms.
pub const CRASH_AFTER: (u64, u64) = (800, 200);

/// The port the app listens on: the container's first declared port, else its default.
pub fn port(c: &ContainerSpec, kind: &AppKind) -> i64 {
    c.ports.first().map_or(
        match kind {
            AppKind::Nginx => 80,
            _ => 8080,
        },
        |p| p.port,
    )
}

/// The visits app's counter file after `n` more requests: the number it holds (none or not a
/// number reads as 0) plus `n`, on a line.
pub fn counted(text: Option<&str>, n: u64) -> String {
    let held = text.and_then(|t| t.trim().parse::<u64>().ok()).unwrap_or(0);
    format!("{}\n", held.saturating_add(n))
}

/// nginx's document root in the official image.
pub const NGINX_ROOT: &str = "/usr/share/nginx/html";

/// What nginx answers to `GET path` with its default configuration (`index index.html`, no
/// `autoindex`): the file under the document root (a path ending in `/` asks for its
/// `index.html`) with 200 if `exists` says it is there, else 403 for a directory (no index
/// file, and listing is off) or 404. Returns the status and the file asked for.
pub fn nginx_answer(path: &str, exists: impl Fn(&str) -> bool) -> (u16, String) {
    let path = path.split(['?', '#']).next().unwrap_or("/");
    let file = if path.ends_with('/') {
        format!("{NGINX_ROOT}{path}index.html")
    } else {
        format!("{NGINX_ROOT}{path}")
    };
    let code = if exists(&file) {
        200
    } else if path.ends_with('/') {
        403
    } else {
        404
    };
    (code, file)
}

impl super::cluster::World {
    /// The status the app of container `spec` of the pod answers `GET path` with (what an
    /// HTTP probe sees once the app is up): nginx looks for the file, on the claim mounted at
    /// its document root or in the image (its `index.html`); the counter and
    /// a web app answer 200.
    pub fn http_status(
        &self,
        pod_key: &super::world::Key,
        spec: &ContainerSpec,
        path: &str,
    ) -> u16 {
        let Some(p) = self.pods.get(pod_key) else {
            return 200;
        };
        match app_of(&self.choices, &p.template, spec) {
            AppKind::Nginx => {
                let exists = |file: &str| match self.volume_file(pod_key, spec, file) {
                    Some((pv, rel)) => self
                        .pvs
                        .get(&pv)
                        .is_some_and(|v| v.files.contains_key(&rel)),
                    None => file == format!("{NGINX_ROOT}/index.html"),
                };
                nginx_answer(path, exists).0
            }
            _ => 200,
        }
    }
}
