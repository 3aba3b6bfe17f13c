//! What runs inside containers. The kubelet model needs two figures per app (how long until
//! it answers, how it reacts to SIGTERM); the HTTP model answers requests. Built in:
//!
//! - `visits`: the lab's counter app (a small Python HTTP server). Each request adds one to a
//!   counter in a file on the pod's volume and answers with the count. The variant the lab hit
//!   by mistake rewrites the file on start, so the count resets whenever the pod is recreated.
//! - `nginx`: serves `index.html` from its document root (`/usr/share/nginx/html`).
//! - anything else: a generic process that starts in half a second.
//!
//! An app is chosen from the image name, or set with pod-template annotations (accepted by the
//! API server): `stsplay.dev/app: visits|nginx|generic`, `stsplay.dev/visits-file: /data/visits`,
//! `stsplay.dev/reset-on-start: "true"`, `stsplay.dev/startup-ms: "1500"`.

use super::timing::AppTiming;
use super::world::{ContainerSpec, PodTemplate};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AppKind {
    Visits {
        file: String,
        reset_on_start: bool,
    },
    Nginx,
    /// A process that only sleeps (busybox, alpine).
    Sleeper,
    Generic,
}

/// The app of container `c` in `tpl`.
pub fn app_of(tpl: &PodTemplate, c: &ContainerSpec) -> AppKind {
    let ann = |k: &str| tpl.annotations.get(k).map(String::as_str);
    let image = c.image.to_ascii_lowercase();
    let declared = ann("stsplay.dev/app");
    let is_visits = declared == Some("visits")
        || (declared.is_none() && (image.contains("visit") || image.contains("counter")));
    if is_visits {
        // The counter file lives on the first mounted volume (the PVC in the lab).
        let dir = c
            .mounts
            .iter()
            .find(|m| !m.read_only)
            .map_or("/data", |m| m.path.as_str());
        let file = ann("stsplay.dev/visits-file").map_or_else(
            || format!("{}/visits", dir.trim_end_matches('/')),
            str::to_string,
        );
        let reset = ann("stsplay.dev/reset-on-start") == Some("true") || image.contains("reset");
        return AppKind::Visits {
            file,
            reset_on_start: reset,
        };
    }
    match declared {
        Some("nginx") => return AppKind::Nginx,
        Some("generic") => return AppKind::Generic,
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
        AppKind::Generic
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
        AppKind::Generic => AppTiming {
            up: up.unwrap_or((500, 200)),
            term: Some((300, 100)),
        },
    }
}

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
