//! `kubectl logs POD|sts/NAME [-c CONTAINER]` and `kubectl logs -l SELECTOR`: what the apps
//! wrote since the container started (`--tail`, `--timestamps`, `--previous`, `--prefix`),
//! with kubectl's notices and errors.

use super::super::container;
use super::super::registry::Args;
use super::super::resources::Res;
use super::super::session::Session;
use super::super::{objects, text};
use super::{namespace, selector_of};
use crate::shell::Output;
use crate::shell::output::Result;
use crate::sim::world::{CState, Pod, key};

pub fn logs(s: &mut Session, a: &Args) -> Result {
    if a.get("selector").is_some() {
        return by_selector(s, a);
    }
    let Some(target) = a.positional.first() else {
        return Err(
            "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples"
                .into(),
        );
    };
    since(s, a)?;
    let ns = namespace(s, a);
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
                return Err(Res::StatefulSet.not_found(n).into());
            };
            if pods.len() > 1 {
                notice = format!("Found {} pods, using pod/{}\n", pods.len(), first.name);
            }
            first.name.clone()
        }
        // A Job (a helm hook's): its pod, by the `job-name` label the Job controller sets.
        Some(("job" | "jobs" | "job.batch" | "jobs.batch", n)) => s
            .sim
            .world
            .pods
            .values()
            .find(|p| p.ns == ns && p.labels.get("job-name").is_some_and(|j| j == n))
            .map(|p| p.name.clone())
            .ok_or_else(|| format!("Error from server (NotFound): jobs.batch \"{n}\" not found"))?,
        Some((_, n)) => n.to_string(),
        None => target.clone(),
    };
    let mut out = Output::default();
    out.eprint(&notice);
    out.append(pod_logs(s, a, &ns, &name, -1)?);
    Ok(out)
}

/// `kubectl logs -l SELECTOR` (kubectl/pkg/cmd/logs/logs.go): every matching pod in the API's
/// order, one after the other (only `-f` reads them in parallel), each its last 10 lines
/// unless `--tail` says otherwise.
fn by_selector(s: &mut Session, a: &Args) -> Result {
    if !a.positional.is_empty() {
        return Err("error: only a selector (-l) or a POD name is allowed".into());
    }
    let ns = namespace(s, a);
    let matches = selector_of(a)?;
    let names: Vec<String> = super::super::resources::names(&s.sim.world, Res::Pod, Some(&ns))
        .into_iter()
        .filter(|(_, n)| {
            s.sim
                .world
                .pods
                .get(&key(&ns, n))
                .is_some_and(|p| matches.as_ref().is_none_or(|m| m(&p.labels)))
        })
        .map(|(_, n)| n)
        .collect();
    if names.is_empty() {
        let mut out = Output::default();
        out.eprint(&format!("No resources found in {ns} namespace.\n"));
        return Ok(out);
    }
    let mut out = Output::default();
    for name in names {
        out.append(pod_logs(s, a, &ns, &name, 10)?);
    }
    Ok(out)
}

/// One pod's log: its container's lines since it started, the last `--tail` of them
/// (`default_tail` when not given; -1 for all), prefixed with `[pod/NAME/CONTAINER]` when
/// `--prefix` asks.
fn pod_logs(s: &Session, a: &Args, ns: &str, name: &str, default_tail: i64) -> Result {
    let k = key(ns, name);
    let Some(p) = s.sim.world.pods.get(&k) else {
        return Err(super::pod_not_found(ns, name));
    };
    let (c, defaulted) = container::pick_container(p, a.get("container"))?;
    let cs = &p.containers[c];
    if a.has("previous") {
        if cs.last.is_none() {
            return Err(format!(
                "Error from server (BadRequest): previous terminated container \"{}\" in pod \"{name}\" not found",
                cs.name
            )
            .into());
        }
        return Ok(Output::default());
    }
    if let CState::Waiting { reason, .. } = &cs.state {
        return Err(format!(
            "Error from server (BadRequest): container \"{}\" in pod \"{name}\" is waiting to start: {reason}",
            cs.name
        )
        .into());
    }
    let started = match cs.state {
        CState::Running { started } | CState::Terminated { started, .. } => started,
        _ => 0,
    };
    let since = since(s, a)?.unwrap_or(0);
    let prefix = if a.has("prefix") {
        format!("[pod/{name}/{}] ", cs.name)
    } else {
        String::new()
    };
    let logged = container_log(s, &k, c, started);
    let lines: Vec<String> = logged
        .iter()
        .map(|(t, l)| (*t, l.as_str()))
        .filter(|(t, _)| *t >= since)
        .map(|(t, line)| {
            if a.has("timestamps") {
                format!("{prefix}{} {line}", rfc3339_nano(t))
            } else {
                format!("{prefix}{line}")
            }
        })
        .collect();
    let tail = a
        .get("tail")
        .and_then(|t| t.parse::<i64>().ok())
        .unwrap_or(default_tail);
    let tail = if tail >= 0 {
        tail as usize
    } else {
        lines.len()
    };
    let skip = lines.len().saturating_sub(tail);
    let body: String = lines[skip..].iter().map(|l| format!("{l}\n")).collect();
    let mut out = Output::default();
    out.eprint(&defaulted);
    out.print(&body);
    Ok(out)
}

/// What container `c` of pod `k` logged since `started`, as its current log file holds it:
/// the app's lines with the probes' requests to the first container's app merged in time
/// order (a request the terminal made at the same instant comes after them).
pub fn container_log(s: &Session, k: &String, c: usize, started: u64) -> Vec<(u64, String)> {
    let mut logged: Vec<(u64, &str)> = s
        .sim
        .world
        .pod_logs
        .get(k)
        .map(|l| {
            l.iter()
                .filter(|(t, _)| *t >= started)
                .map(|(t, line)| (*t, line.as_str()))
                .collect()
        })
        .unwrap_or_default();
    let probes = if c == 0 {
        crate::kubectl::net::probe_lines(s, k, started)
    } else {
        Vec::new()
    };
    if !probes.is_empty() {
        logged.extend(probes.iter().map(|(t, l)| (*t, l.as_str())));
        crate::sort::sort_by_key(&mut logged, |(t, _)| *t);
    }
    logged[current_log_file(&logged)..]
        .iter()
        .map(|(t, l)| (*t, l.to_string()))
        .collect()
}

/// What `GET pods/NAME/log` streams for every container of a pod, in the pod's order: each
/// container's name and log text (`None` when the pod is not there).
pub fn all_logs(s: &Session, ns: &str, name: &str) -> Option<Vec<(String, String)>> {
    let k = key(ns, name);
    let p = s.sim.world.pods.get(&k)?;
    Some(
        p.containers
            .iter()
            .enumerate()
            .map(|(c, cs)| {
                let started = match cs.state {
                    CState::Running { started } | CState::Terminated { started, .. } => started,
                    _ => 0,
                };
                let text: String = container_log(s, &k, c, started)
                    .iter()
                    .map(|(_, l)| format!("{l}\n"))
                    .collect();
                (cs.name.clone(), text)
            })
            .collect(),
    )
}

/// Where the container's current log file begins among its lines: the kubelet rotates a
/// container's log once it is over `containerLogMaxSize` (10 MiB), looking every
/// `ContainerLogMonitorInterval` (10 s; `pkg/kubelet/logs/container_log_manager.go`, v1.36),
/// and `kubectl logs` reads the current file only. A line takes its CRI form there:
/// `2025-05-05T10:14:13.681Z stderr F LINE` (RFC 3339 with nanoseconds, trailing zeros trimmed).
fn current_log_file(lines: &[(u64, &str)]) -> usize {
    const MAX_SIZE: usize = 10 * 1024 * 1024;
    const MONITOR_MS: u64 = 10_000;
    let mut size = 0;
    let mut start = 0;
    for (i, (t, line)) in lines.iter().enumerate() {
        // A check between the previous line and this one rotates a file over the size.
        if i > 0 && size > MAX_SIZE && t / MONITOR_MS > lines[i - 1].0 / MONITOR_MS {
            size = 0;
            start = i;
        }
        let ms = t % 1000;
        let fraction = match ms {
            0 => 0,
            _ if ms % 100 == 0 => 2,
            _ if ms % 10 == 0 => 3,
            _ => 4,
        };
        // `YYYY-MM-DDThh:mm:ss` `.fff` `Z stderr F ` line, newline.
        size += 19 + fraction + 11 + line.len() + 1;
    }
    start
}

/// `--since DURATION` or `--since-time RFC3339` (`LogsOptions.Validate`/`ToLogOptions`): the
/// virtual time from which lines are shown; the kubelet keeps a line stamped at or after it.
fn since(s: &Session, a: &Args) -> std::result::Result<Option<u64>, crate::shell::Error> {
    match (a.get("since"), a.get("since-time")) {
        (Some(_), Some(_)) => {
            Err("error: at most one of `sinceTime` or `sinceSeconds` may be specified".into())
        }
        (Some(d), None) => {
            let ns = crate::helm::time::parse_duration(d).map_err(|e| {
                crate::shell::Error::from(format!(
                    "error: invalid argument \"{d}\" for \"--since\" flag: {e}\nSee 'kubectl logs --help' for usage."
                ))
            })?;
            if ns < 0 {
                return Err("error: --since must be greater than 0".into());
            }
            if ns == 0 {
                return Ok(None);
            }
            // Whole seconds, to the nearest (`SinceSeconds.Round(time.Second)`).
            let secs = (ns + 500_000_000) / 1_000_000_000;
            let ms = u64::try_from(secs).unwrap_or(u64::MAX).saturating_mul(1000);
            Ok(Some(s.sim.world.now.saturating_sub(ms)))
        }
        (None, Some(t)) => {
            let secs = crate::helm::time::rfc3339_secs(t).ok_or_else(|| {
                crate::shell::Error::from(format!(
                    "error: parsing time \"{t}\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"{t}\" as \"2006\""
                ))
            })?;
            let ms = (secs - crate::sim::world::EPOCH_SECS).max(0) as u64 * 1000;
            Ok(Some(ms))
        }
        (None, None) => Ok(None),
    }
}

/// The time the container runtime stamped a line with, as the kubelet writes it with
/// `--timestamps` (`timeFormatOut = types.RFC3339NanoFixed` in
/// pkg/kubelet/kuberuntime/logs/logs.go, v1.36: always nine digits); virtual time has
/// milliseconds.
fn rfc3339_nano(t: crate::sim::world::Ms) -> String {
    let whole = text::rfc3339(objects::secs(t));
    format!("{}.{:03}000000Z", whole.trim_end_matches('Z'), t % 1000)
}
