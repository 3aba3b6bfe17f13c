//! `kubectl describe` (`kubectl/pkg/describe/describe.go`, v1.36) for pods, StatefulSets, Services, PVCs and PVs.
//! Text is written as kubectl's `describe.go` writes it through its `PrefixWriter`: one line
//! per call, `level × 2` spaces in front, `\t` between a key and its value (and between the
//! cells of the few three-cell lines); `tabwrite(…, DESCRIBE)` then aligns each block of
//! consecutive lines with tabs, which is why different sections get different value columns.
//! Version-dependent bytes (port names, `Optional:`, event field paths) follow `w.profile`.

use super::get::access_modes;
use super::objects::{self, qos_class, secs, token_volume};
use super::resources::Res;
use super::text::{DESCRIBE, human_duration_ms, rfc1123z, tabwrite};
use crate::go;
use crate::labels::Selector;
use crate::sim::cluster::World;
use crate::sim::world::{
    CState, ContainerSpec, ContainerStatus, Event, Handler, MaxUnavailable, Ms, Phase, Pod, Probe,
    Pv, Pvc, Service, StatefulSet, VolumeSource, key,
};
use crate::yaml::zero;
use crate::yaml::{Node, Value};
use std::collections::BTreeMap;
use std::fmt::Display;

/// Where the ServiceAccount admission plugin mounts the API token.
const TOKEN_PATH: &str = "/var/run/secrets/kubernetes.io/serviceaccount";
/// The one annotation describe never shows (`skipAnnotations`).
const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";
/// `maxAnnotationLen`.
const MAX_ANNOTATION: usize = 140;

/// The description of object `name` of type `r` in namespace `ns` (ignored for cluster-scoped
/// types), ending in a newline, or `None` when there is no such object. Events are listed
/// only with `show_events` (kubectl ≥ 1.36 hides them when describing several objects).
pub fn describe(w: &World, r: Res, ns: &str, name: &str, show_events: bool) -> Option<String> {
    let k = key(ns, name);
    let mut o = Out::default();
    match r {
        Res::Pod => pod(&mut o, w, w.pods.get(&k)?, show_events),
        Res::StatefulSet => statefulset(&mut o, w, w.sets.get(&k)?, show_events),
        Res::Service => match w.services.get(&k) {
            Some(s) => service(&mut o, w, s, show_events),
            None => builtin_service(&mut o, w, ns, name, show_events)?,
        },
        Res::Pvc => pvc(&mut o, w, w.pvcs.get(&k)?, show_events),
        Res::Pv => pv(&mut o, w, w.pvs.get(name)?, show_events),
        Res::Endpoints => endpoints(&mut o, w, w.services.get(&k)?, show_events),
        Res::EndpointSlice => {
            endpoint_slice(&mut o, w, &super::get::object(w, r, ns, name)?, show_events)
        }
        Res::Namespace => namespace(&mut o, &objects::namespace(name, None)),
        Res::StorageClass => storage_class(
            &mut o,
            w,
            w.storage_classes.iter().find(|c| c.name == name)?,
            show_events,
        ),
        Res::Secret => secret(&mut o, &super::get::object(w, r, ns, name)?),
        Res::Job => job(&mut o, w, ns, name, show_events)?,
        _ => return None,
    }
    Some(tabwrite(&o.0, DESCRIBE))
}

/// The text before alignment, written as `PrefixWriter` writes it.
#[derive(Default)]
struct Out(String);

impl Out {
    /// One line at `level` (two spaces per level).
    fn line(&mut self, level: usize, text: &str) {
        for _ in 0..level {
            self.0.push_str("  ");
        }
        self.0.push_str(text);
        self.0.push('\n');
    }
    /// `Key:\tvalue`.
    fn kv(&mut self, level: usize, k: &str, value: impl Display) {
        self.line(level, &format!("{k}:\t{value}"));
    }
}

/// `translateTimestampSince` of virtual time `t`: API timestamps hold whole seconds.
fn ago(w: &World, t: Ms) -> String {
    human_duration_ms(w.now as i64 - (t / 1000 * 1000) as i64)
}

fn tf(b: bool) -> &'static str {
    if b { "True" } else { "False" }
}

/// `resource.Quantity.String()` of a written quantity.
fn quantity(s: &str) -> String {
    crate::quantity::parse_quantity(s).map_or_else(|_| s.to_string(), |q| q.to_string())
}

/// A scalar of a tree as Go's `%v` prints it.
fn scalar(n: Option<&Node>) -> String {
    match n.map(|n| &n.value) {
        Some(Value::Str(s)) => s.clone(),
        Some(Value::Int(i)) => i.to_string(),
        Some(Value::Bool(b)) => b.to_string(),
        Some(Value::Float(f)) => crate::yaml::format_float(*f),
        _ => String::new(),
    }
}

/// `printLabelsMultilineWithIndent`: `Title:\tk=v`, then `indent\tk=v` for each further label.
fn labels(o: &mut Out, indent: &str, title: &str, m: &BTreeMap<String, String>) {
    if m.is_empty() {
        o.line(0, &format!("{indent}{title}:\t<none>"));
    }
    for (i, (k, v)) in m.iter().enumerate() {
        if i == 0 {
            o.line(0, &format!("{indent}{title}:\t{k}={v}"));
        } else {
            o.line(0, &format!("{indent}\t{k}={v}"));
        }
    }
}

/// `shorten`: at most `max` bytes (on a character boundary), then `...`.
fn shorten(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}...", &s[..end])
}

/// `printAnnotationsMultiline`: `key: value`, or `key:` and the value on its own lines when it
/// is long or has several lines.
fn annotations(o: &mut Out, title: &str, m: &BTreeMap<String, String>) {
    let shown: Vec<(&String, &String)> = m.iter().filter(|(k, _)| *k != LAST_APPLIED).collect();
    if shown.is_empty() {
        o.line(0, &format!("{title}:\t<none>"));
    }
    for (i, (k, v)) in shown.into_iter().enumerate() {
        let lead = if i == 0 {
            format!("{title}:\t")
        } else {
            "\t".to_string()
        };
        let value = v.strip_suffix('\n').unwrap_or(v);
        if value.len() + k.len() + 2 > MAX_ANNOTATION || value.contains('\n') {
            o.line(0, &format!("{lead}{k}:"));
            for s in value.split('\n') {
                o.line(0, &format!("\t  {}", shorten(s, MAX_ANNOTATION - 2)));
            }
        } else {
            o.line(0, &format!("{lead}{k}: {value}"));
        }
    }
}

/// `DescribeEvents` for the events about one object (matched by kind, name and UID, as the
/// field selector does), oldest last-seen first.
fn events(o: &mut Out, w: &World, kind: &str, ns: &str, name: &str, uid: &str) {
    let mut list: Vec<&Event> = w
        .events
        .iter()
        .filter(|e| e.kind == kind && *e.ns == *ns && *e.object == *name && *e.uid == *uid)
        .collect();
    if list.is_empty() {
        o.kv(0, "Events", "<none>");
        return;
    }
    // The API lists events by name (which grows with creation time); `SortableEvents` orders
    // them by lastTimestamp, a whole second.
    crate::sort::sort_by(&mut list, |a, b| a.name().cmp(&b.name()));
    crate::sort::sort_by_key(&mut list, |e| e.last / 1000);
    o.line(0, "Events:");
    o.line(1, "Type\tReason\tAge\tFrom\tMessage");
    o.line(1, "----\t------\t----\t----\t-------");
    for e in list {
        let first = ago(w, e.first);
        let interval = if e.count > 1 {
            format!("{} (x{} over {first})", ago(w, e.last), e.count)
        } else {
            first
        };
        let message = match &e.field_path {
            Some(f) if w.profile.minor >= 35 => format!("{f}: {}", e.message.trim()),
            _ => e.message.trim().to_string(),
        };
        let ty = if e.warning { "Warning" } else { "Normal" };
        o.line(
            1,
            &format!(
                "{ty}\t{}\t{interval}\t{}\t{message}",
                e.reason,
                objects::event_source(e)
            ),
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Pods

fn pod(o: &mut Out, w: &World, p: &Pod, show_events: bool) {
    let spec = p.template.tree.get("spec");
    o.kv(0, "Name", &p.name);
    o.kv(0, "Namespace", &p.ns);
    let class = zero::nonempty(zero::of(spec), "priorityClassName");
    let priority = match class {
        Some("system-node-critical") => 2_000_001_000,
        Some("system-cluster-critical") => 2_000_000_000,
        _ => 0,
    };
    o.kv(0, "Priority", priority);
    if let Some(c) = class {
        o.kv(0, "Priority Class Name", c);
    }
    if let Some(c) = zero::nonempty(zero::of(spec), "runtimeClassName") {
        o.kv(0, "Runtime Class Name", c);
    }
    let account = zero::nonempty(zero::of(spec), "serviceAccountName").unwrap_or("default");
    o.kv(0, "Service Account", account);
    match &p.node {
        Some(n) => o.kv(
            0,
            "Node",
            format!("{n}/{}", p.host_ip.as_deref().unwrap_or("")),
        ),
        None => o.kv(0, "Node", "<none>"),
    }
    if let Some(t) = p.worker_start {
        o.kv(0, "Start Time", rfc1123z(secs(t)));
    }
    labels(o, "", "Labels", &p.labels);
    annotations(o, "Annotations", &p.annotations);
    match p.deletion {
        Some(d) if !matches!(p.phase, Phase::Failed | Phase::Succeeded) => {
            let deletion_timestamp = d + (p.grace_s.max(0) as u64) * 1000;
            o.kv(
                0,
                "Status",
                format!("Terminating (lasts {})", ago(w, deletion_timestamp)),
            );
            o.kv(0, "Termination Grace Period", format!("{}s", p.grace_s));
        }
        _ => o.kv(0, "Status", p.phase.as_str()),
    }
    if let Some(r) = p.reason.as_deref().filter(|r| !r.is_empty()) {
        o.kv(0, "Reason", r);
    }
    if let Some(m) = p.message.as_deref().filter(|m| !m.is_empty()) {
        o.kv(0, "Message", m);
    }
    seccomp(o, 0, spec.and_then(|s| s.get("securityContext")));
    o.kv(0, "IP", p.ip.as_deref().unwrap_or(""));
    match &p.ip {
        Some(ip) => {
            o.line(0, "IPs:");
            o.kv(1, "IP", ip);
        }
        None => o.kv(0, "IPs", "<none>"),
    }
    if let Some(owner) = p.owner.as_ref().filter(|o| o.controller) {
        o.kv(0, "Controlled By", format!("{}/{}", owner.kind, owner.name));
    }
    let automount = spec.and_then(|s| s.bool_at(&["automountServiceAccountToken"])) != Some(false);
    let token = automount.then(|| token_volume(p));
    let reported = p.worker_start.is_some();
    let nodes = |k: &str| spec.map_or(&[][..], |s| s.seq_at(&[k]));
    if !p.template.init_containers.is_empty() {
        let view = PodView {
            pod: p,
            statuses: if reported { &p.init_containers } else { &[] },
            token: token.as_deref(),
        };
        containers(
            o,
            w,
            "Init Containers",
            "",
            &p.template.init_containers,
            nodes("initContainers"),
            Some(&view),
        );
    }
    let view = PodView {
        pod: p,
        statuses: if reported { &p.containers } else { &[] },
        token: token.as_deref(),
    };
    containers(
        o,
        w,
        "Containers",
        "",
        &p.template.containers,
        nodes("containers"),
        Some(&view),
    );
    if !p.conditions.is_empty() {
        o.line(0, "Conditions:");
        o.line(1, "Type\tStatus");
        for c in &p.conditions {
            o.line(1, &format!("{} \t{} ", c.ty, tf(c.status)));
        }
    }
    // `updateStorage` puts the claim volumes first; admission appends the token volume.
    let mut vols: Vec<Vol> = p
        .claims
        .iter()
        .map(|(name, claim)| Vol::Claim(name, claim))
        .collect();
    vols.extend(
        nodes("volumes")
            .iter()
            .filter(|v| {
                let name = v.get_str("name").unwrap_or("");
                !p.claims.iter().any(|(n, _)| n == name)
            })
            .map(Vol::Tree),
    );
    if let Some(t) = &token {
        vols.push(Vol::Token(t));
    }
    volumes(o, w, "", &vols);
    o.kv(0, "QoS Class", qos_class(p));
    labels(o, "", "Node-Selectors", &p.template.node_selector);
    // The `DefaultTolerationSeconds` admission plugin adds two tolerations.
    let mut tolerations = Toleration::list(nodes("tolerations"));
    for k in [
        "node.kubernetes.io/not-ready",
        "node.kubernetes.io/unreachable",
    ] {
        if !tolerations.iter().any(|t| t.key == k) {
            tolerations.push(Toleration {
                key: k.into(),
                value: String::new(),
                effect: "NoExecute".into(),
                exists: true,
                seconds: Some(300),
            });
        }
    }
    tolerations_lines(o, "Tolerations", tolerations);
    topology(o, "", spec);
    if show_events {
        events(o, w, "Pod", &p.ns, &p.name, &p.uid);
    }
}

/// A pod's toleration.
struct Toleration {
    key: String,
    value: String,
    effect: String,
    /// `operator: Exists`.
    exists: bool,
    seconds: Option<i64>,
}

impl Toleration {
    fn list(nodes: &[Node]) -> Vec<Toleration> {
        nodes
            .iter()
            .map(|t| Toleration {
                key: t.get_str("key").unwrap_or("").into(),
                value: t.get_str("value").unwrap_or("").into(),
                effect: t.get_str("effect").unwrap_or("").into(),
                exists: t.get_str("operator") == Some("Exists"),
                seconds: t.int_at(&["tolerationSeconds"]),
            })
            .collect()
    }
}

/// `printTolerationsMultilineWithIndent`, sorted by key.
fn tolerations_lines(o: &mut Out, title: &str, mut list: Vec<Toleration>) {
    if list.is_empty() {
        o.kv(0, title, "<none>");
        return;
    }
    crate::sort::sort_by(&mut list, |a, b| a.key.cmp(&b.key));
    for (i, t) in list.iter().enumerate() {
        let mut s = t.key.clone();
        if !t.value.is_empty() {
            s.push_str(&format!("={}", t.value));
        }
        if !t.effect.is_empty() {
            s.push_str(&format!(":{}", t.effect));
        }
        if t.exists && t.value.is_empty() {
            if !t.key.is_empty() || !t.effect.is_empty() {
                s.push_str(" op=Exists");
            } else {
                s.push_str("op=Exists");
            }
        }
        if let Some(secs) = t.seconds {
            s.push_str(&format!(" for {secs}s"));
        }
        if i == 0 {
            o.kv(0, title, s);
        } else {
            o.line(0, &format!("\t{s}"));
        }
    }
}

/// `describeTopologySpreadConstraints`.
fn topology(o: &mut Out, space: &str, spec: Option<&Node>) {
    let mut list: Vec<&Node> = spec
        .map_or(&[][..], |s| s.seq_at(&["topologySpreadConstraints"]))
        .iter()
        .collect();
    crate::sort::sort_by(&mut list, |a, b| {
        a.get_str("topologyKey").cmp(&b.get_str("topologyKey"))
    });
    for (i, t) in list.iter().enumerate() {
        let mut s = format!(
            "{}:{} when max skew {} is exceeded",
            t.get_str("topologyKey").unwrap_or(""),
            t.get_str("whenUnsatisfiable").unwrap_or(""),
            t.int_at(&["maxSkew"]).unwrap_or(0)
        );
        if let Some(sel) = t.get("labelSelector") {
            s.push_str(&format!(
                " for selector {}",
                Selector::from_node(sel).format()
            ));
        }
        if i == 0 {
            o.line(0, &format!("{space}Topology Spread Constraints:\t{s}"));
        } else {
            o.line(0, &format!("{space}\t{s}"));
        }
    }
}

/// `SeccompProfile:` (and `LocalhostProfile:`) of a security context.
fn seccomp(o: &mut Out, level: usize, ctx: Option<&Node>) {
    let Some(profile) = ctx.and_then(|c| c.get("seccompProfile")) else {
        return;
    };
    let ty = profile.get_str("type").unwrap_or("");
    o.kv(level, "SeccompProfile", ty);
    if ty == "Localhost" {
        o.kv(
            level + 1,
            "LocalhostProfile",
            profile.get_str("localhostProfile").unwrap_or(""),
        );
    }
}

/// What a container list belongs to when it is a pod's (a template's has none).
struct PodView<'a> {
    pod: &'a Pod,
    /// The statuses the kubelet reported (none before it took the pod).
    statuses: &'a [ContainerStatus],
    /// The `kube-api-access-xxxxx` volume admission mounted, if any.
    token: Option<&'a str>,
}

/// `describeContainers`: `space` is `"  "` inside a pod template.
fn containers(
    o: &mut Out,
    w: &World,
    label: &str,
    space: &str,
    specs: &[ContainerSpec],
    nodes: &[Node],
    view: Option<&PodView>,
) {
    let none = if specs.is_empty() { " <none>" } else { "" };
    o.line(0, &format!("{space}{label}:{none}"));
    let indent = if space.is_empty() { "" } else { " " };
    for c in specs {
        let node = nodes
            .iter()
            .find(|n| n.get_str("name") == Some(c.name.as_str()));
        let status = view.and_then(|v| v.statuses.iter().find(|s| s.name == c.name));
        o.line(1, &format!("{indent}{}:", c.name));
        if let Some(s) = status {
            o.kv(2, "Container ID", s.container_id.as_deref().unwrap_or(""));
        }
        o.kv(2, "Image", &c.image);
        if let Some(s) = status {
            let id = if s.image_id.starts_with("pull:") {
                ""
            } else {
                s.image_id.as_str()
            };
            o.kv(2, "Image ID", id);
        }
        ports(o, w, node);
        seccomp(o, 2, node.and_then(|n| n.get("securityContext")));
        for (title, list) in [("Command", &c.command), ("Args", &c.args)] {
            if !list.is_empty() {
                o.line(2, &format!("{title}:"));
                for s in list.iter().flat_map(|s| s.split('\n')) {
                    o.line(3, s);
                }
            }
        }
        if let Some(s) = status {
            state(o, "State", &s.state);
            if let Some(last @ CState::Terminated { .. }) = &s.last {
                state(o, "Last State", last);
            }
            o.kv(2, "Ready", tf(s.ready));
            o.kv(2, "Restart Count", s.restarts);
        }
        // The API server defaults a pod's missing requests to its limits (not a template's).
        let mut requests = c.requests.clone();
        if view.is_some() {
            for (k, v) in &c.limits {
                requests.entry(k.clone()).or_insert_with(|| v.clone());
            }
        }
        for (title, list) in [("Limits", &c.limits), ("Requests", &requests)] {
            if !list.is_empty() {
                o.line(2, &format!("{title}:"));
                for (k, v) in list {
                    o.kv(3, k, quantity(v));
                }
            }
        }
        let probe = |k: &str| node.and_then(|n| n.get(k));
        for (title, p, k) in [
            ("Liveness", &c.liveness, "livenessProbe"),
            ("Readiness", &c.readiness, "readinessProbe"),
            ("Startup", &c.startup, "startupProbe"),
        ] {
            if let Some(p) = p {
                o.kv(2, title, describe_probe(p, probe(k)));
            }
        }
        env_from(o, node);
        env(o, c, node, view.map(|v| v.pod), &requests);
        mounts(o, c, node, view.and_then(|v| v.token));
    }
}

/// `Port:`/`Ports:` and `Host Port:`/`Host Ports:`; kubectl ≥ 1.34 names named ports.
fn ports(o: &mut Out, w: &World, node: Option<&Node>) {
    let list = node.map_or(&[][..], |n| n.seq_at(&["ports"]));
    let named = w.profile.minor >= 34;
    let text = |number: i64, p: &Node| {
        let protocol = p.get_str("protocol").unwrap_or("TCP");
        match p.get_str("name").filter(|n| named && !n.is_empty()) {
            Some(name) => format!("{number}/{protocol} ({name})"),
            None => format!("{number}/{protocol}"),
        }
    };
    let container: Vec<String> = list
        .iter()
        .map(|p| text(p.int_at(&["containerPort"]).unwrap_or(0), p))
        .collect();
    let host: Vec<String> = list
        .iter()
        .map(|p| text(p.int_at(&["hostPort"]).unwrap_or(0), p))
        .collect();
    for (one, many, list) in [
        ("Port", "Ports", container),
        ("Host Port", "Host Ports", host),
    ] {
        let joined = list.join(", ");
        if joined.contains(',') {
            o.kv(2, many, joined);
        } else if joined.is_empty() {
            o.kv(2, one, "<none>");
        } else {
            o.kv(2, one, joined);
        }
    }
}

/// `describeStatus`.
fn state(o: &mut Out, title: &str, s: &CState) {
    match s {
        CState::Running { started } => {
            o.kv(2, title, "Running");
            o.kv(3, "Started", rfc1123z(secs(*started)));
        }
        CState::Waiting { reason, .. } => {
            o.kv(2, title, "Waiting");
            if !reason.is_empty() {
                o.kv(3, "Reason", reason);
            }
        }
        CState::Terminated {
            reason,
            exit_code,
            started,
            finished,
        } => {
            o.kv(2, title, "Terminated");
            if !reason.is_empty() {
                o.kv(3, "Reason", reason);
            }
            o.kv(3, "Exit Code", exit_code);
            o.kv(3, "Started", rfc1123z(secs(*started)));
            o.kv(3, "Finished", rfc1123z(secs(*finished)));
        }
    }
}

/// `DescribeProbe`: `http-get http://:web/ delay=0s timeout=1s period=10s #success=1 #failure=3`.
pub fn describe_probe(p: &Probe, node: Option<&Node>) -> String {
    let attrs = format!(
        "delay={}s timeout={}s period={}s #success={} #failure={}",
        p.initial_delay_s, p.timeout_s, p.period_s, p.success_threshold, p.failure_threshold
    );
    let host = |k: &str| {
        zero::nonempty(zero::part(zero::of(node), k), "host")
            .unwrap_or("")
            .to_string()
    };
    match &p.handler {
        Handler::Exec { command } => format!("exec [{}] {attrs}", command.join(" ")),
        Handler::Http { port, path, scheme } => {
            let host = host("httpGet");
            let host = if host.contains(':') {
                format!("[{host}]")
            } else {
                host
            };
            let authority = if port.is_empty() {
                host
            } else {
                format!("{host}:{port}")
            };
            let path = if !path.is_empty() && !path.starts_with('/') {
                format!("/{path}")
            } else {
                path.clone()
            };
            format!(
                "http-get {}://{authority}{path} {attrs}",
                scheme.to_ascii_lowercase()
            )
        }
        Handler::Tcp { port } => format!("tcp-socket {}:{port} {attrs}", host("tcpSocket")),
        Handler::Grpc { port, service } => {
            format!(
                "grpc <pod>:{port} {} {attrs}",
                service.as_deref().unwrap_or("")
            )
        }
    }
}

/// `describeContainerEnvFrom` (only when the container has `envFrom`).
fn env_from(o: &mut Out, node: Option<&Node>) {
    let list = node.map_or(&[][..], |n| n.seq_at(&["envFrom"]));
    if list.is_empty() {
        return;
    }
    o.line(2, "Environment Variables from:");
    for e in list {
        let (from, r) = match (e.get("configMapRef"), e.get("secretRef")) {
            (Some(r), _) => ("ConfigMap", Some(r)),
            (None, Some(r)) => ("Secret", Some(r)),
            _ => ("", None),
        };
        let name = zero::nonempty(zero::of(r), "name").unwrap_or("");
        let optional = zero::flag(zero::of(r), "optional").unwrap_or(false);
        match e.get_str("prefix").filter(|p| !p.is_empty()) {
            None => o.line(3, &format!("{name}\t{from}\tOptional: {optional}")),
            Some(p) => o.line(
                3,
                &format!("{name}\t{from} with prefix '{p}'\tOptional: {optional}"),
            ),
        }
    }
}

/// `describeContainerEnvVars`; a pod's `fieldRef` values are resolved as `EnvValueRetriever`
/// resolves them (a template's print empty).
fn env(
    o: &mut Out,
    c: &ContainerSpec,
    node: Option<&Node>,
    pod: Option<&Pod>,
    requests: &BTreeMap<String, String>,
) {
    let list = node.map_or(&[][..], |n| n.seq_at(&["env"]));
    if list.is_empty() {
        o.kv(2, "Environment", "<none>");
        return;
    }
    o.line(2, "Environment:");
    for e in list {
        let name = e.get_str("name").unwrap_or("");
        let Some(from) = e.get("valueFrom") else {
            let value = scalar(e.get("value"));
            for (i, s) in value.split('\n').enumerate() {
                if i == 0 {
                    o.kv(3, name, s);
                } else {
                    o.line(3, &format!("\t{s}"));
                }
            }
            continue;
        };
        if let Some(f) = from.get("fieldRef") {
            let path = f.get_str("fieldPath").unwrap_or("");
            let version = f.get_str("apiVersion").unwrap_or("v1");
            let value = pod.map_or(String::new(), |p| field_value(p, path));
            o.kv(3, name, format!("{value} ({version}:{path})"));
        } else if let Some(r) = from.get("resourceFieldRef") {
            let resource = r.get_str("resource").unwrap_or("");
            let mut value = resource_value(c, requests, resource, r.get("divisor"));
            if value == "0" && matches!(resource, "limits.cpu" | "limits.memory") {
                value = "node allocatable".into();
            }
            o.kv(3, name, format!("{value} ({resource})"));
        } else if let Some(r) = from.get("secretKeyRef") {
            o.line(
                3,
                &format!(
                    "{name}:\t<set to the key '{}' in secret '{}'>\tOptional: {}",
                    r.get_str("key").unwrap_or(""),
                    r.get_str("name").unwrap_or(""),
                    zero::flag(r, "optional").unwrap_or(false)
                ),
            );
        } else if let Some(r) = from.get("configMapKeyRef") {
            o.line(
                3,
                &format!(
                    "{name}:\t<set to the key '{}' of config map '{}'>\tOptional: {}",
                    r.get_str("key").unwrap_or(""),
                    r.get_str("name").unwrap_or(""),
                    zero::flag(r, "optional").unwrap_or(false)
                ),
            );
        }
    }
}

/// A downward-API field of a pod (`fieldpath.ExtractFieldPathAsString`).
fn field_value(p: &Pod, path: &str) -> String {
    let subscript = |prefix: &str| {
        path.strip_prefix(prefix)
            .and_then(|r| r.strip_suffix("']"))
            .map(str::to_string)
    };
    if let Some(k) = subscript("metadata.labels['") {
        return p.labels.get(&k).cloned().unwrap_or_default();
    }
    if let Some(k) = subscript("metadata.annotations['") {
        return p.annotations.get(&k).cloned().unwrap_or_default();
    }
    let spec = p.template.tree.get("spec");
    match path {
        "metadata.name" => p.name.clone(),
        "metadata.namespace" => p.ns.clone(),
        "metadata.uid" => p.uid.clone(),
        "spec.nodeName" => p.node.clone().unwrap_or_default(),
        "spec.serviceAccountName" => zero::nonempty(zero::of(spec), "serviceAccountName")
            .unwrap_or("default")
            .to_string(),
        "status.hostIP" | "status.hostIPs" => p.host_ip.clone().unwrap_or_default(),
        "status.podIP" | "status.podIPs" => p.ip.clone().unwrap_or_default(),
        _ => String::new(),
    }
}

/// `ExtractContainerResourceValue`: the container's quantity over the divisor, rounded up.
fn resource_value(
    c: &ContainerSpec,
    requests: &BTreeMap<String, String>,
    resource: &str,
    divisor: Option<&Node>,
) -> String {
    let Some((kind, name)) = resource.split_once('.') else {
        return String::new();
    };
    let list = if kind == "limits" {
        &c.limits
    } else {
        requests
    };
    let parse = |s: &str| crate::quantity::parse_quantity(s).ok();
    let divisor = parse(&scalar(divisor)).filter(|d| !d.is_zero());
    let divisor = divisor.or_else(|| parse("1"));
    let value = list.get(name).and_then(|q| parse(q));
    let (v, d) = match (value, divisor) {
        (None, _) => return "0".into(),
        (Some(v), Some(d)) if name == "cpu" => (v.milli_value(), d.milli_value()),
        (Some(v), Some(d)) => (v.value(), d.value()),
        (Some(_), None) => return String::new(),
    };
    match (v, d) {
        (Some(v), Some(d)) if d > 0 => ((v + d - 1).div_euclid(d)).to_string(),
        _ => String::new(),
    }
}

/// `describeContainerVolumes`: mounts sorted by path, the token mount included for pods.
fn mounts(o: &mut Out, c: &ContainerSpec, node: Option<&Node>, token: Option<&str>) {
    let mut list: Vec<(String, String, bool, Option<String>)> = c
        .mounts
        .iter()
        .map(|m| {
            (
                m.path.clone(),
                m.name.clone(),
                m.read_only,
                m.sub_path.clone(),
            )
        })
        .collect();
    if let Some(t) = token
        && !list.iter().any(|m| m.0 == TOKEN_PATH)
    {
        list.push((TOKEN_PATH.into(), t.into(), true, None));
    }
    crate::sort::sort_by(&mut list, |a, b| a.0.cmp(&b.0));
    let none = if list.is_empty() { "\t<none>" } else { "" };
    o.line(2, &format!("Mounts:{none}"));
    for (path, name, read_only, sub) in &list {
        let mut flags = if *read_only { "ro" } else { "rw" }.to_string();
        if let Some(sub) = sub {
            flags.push_str(&format!(",path={}", go::quote(sub)));
        }
        o.line(3, &format!("{path} from {name} ({flags})"));
    }
    let mut devices: Vec<(&str, &str)> = node
        .map_or(&[][..], |n| n.seq_at(&["volumeDevices"]))
        .iter()
        .map(|d| {
            (
                d.get_str("devicePath").unwrap_or(""),
                d.get_str("name").unwrap_or(""),
            )
        })
        .collect();
    if !devices.is_empty() {
        crate::sort::sort(&mut devices);
        o.line(2, &format!("Devices:{none}"));
        for (path, name) in devices {
            o.line(3, &format!("{path} from {name}"));
        }
    }
}

/// A volume of a pod or template.
enum Vol<'a> {
    /// A claim the StatefulSet controller put in place of a claim template: (volume, claim).
    Claim(&'a str, &'a str),
    /// A volume as written in the template.
    Tree(&'a Node),
    /// The `kube-api-access-xxxxx` projected volume admission adds.
    Token(&'a str),
}

/// `describeVolumes`.
fn volumes(o: &mut Out, w: &World, space: &str, vols: &[Vol]) {
    if vols.is_empty() {
        o.line(0, &format!("{space}Volumes:\t<none>"));
        return;
    }
    o.line(0, &format!("{space}Volumes:"));
    let indent = if space.is_empty() { "" } else { " " };
    let optional = if w.profile.minor >= 33 {
        "Optional"
    } else {
        "ConfigMapOptional"
    };
    for v in vols {
        match v {
            Vol::Claim(name, claim) => {
                o.line(1, &format!("{indent}{name}:"));
                claim_source(o, claim, false);
            }
            Vol::Token(name) => {
                o.line(1, &format!("{indent}{name}:"));
                o.kv(
                    2,
                    "Type",
                    "Projected (a volume that contains injected data from multiple sources)",
                );
                o.kv(2, "TokenExpirationSeconds", 3607);
                o.kv(2, "ConfigMapName", "kube-root-ca.crt");
                if w.profile.minor >= 33 {
                    o.kv(2, optional, "false");
                } else {
                    o.kv(2, optional, "<nil>");
                }
                o.kv(2, "DownwardAPI", "true");
            }
            Vol::Tree(n) => {
                o.line(1, &format!("{indent}{}:", n.get_str("name").unwrap_or("")));
                tree_volume(o, n);
            }
        }
    }
}

fn claim_source(o: &mut Out, claim: &str, read_only: bool) {
    o.kv(
        2,
        "Type",
        "PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)",
    );
    o.kv(2, "ClaimName", claim);
    o.kv(2, "ReadOnly", read_only);
}

/// The source of a written volume, as `describeVolumes`' switch prints it.
fn tree_volume(o: &mut Out, n: &Node) {
    let src = |k: &str| n.get(k);
    let s = |v: &Node, k: &str| scalar(v.get(k));
    let b = |v: &Node, k: &str| zero::flag(v, k).unwrap_or(false);
    if let Some(v) = src("hostPath") {
        o.kv(2, "Type", "HostPath (bare host directory volume)");
        o.kv(2, "Path", s(v, "path"));
        // Defaulting sets an unset type to "" (`HostPathUnset`).
        o.kv(2, "HostPathType", s(v, "type"));
    } else if let Some(v) = src("emptyDir") {
        o.kv(
            2,
            "Type",
            "EmptyDir (a temporary directory that shares a pod's lifetime)",
        );
        o.kv(2, "Medium", s(v, "medium"));
        let limit = s(v, "sizeLimit");
        let positive =
            crate::quantity::parse_quantity(&limit).is_ok_and(|q| !q.is_zero() && !q.is_negative());
        o.kv(
            2,
            "SizeLimit",
            if positive {
                quantity(&limit)
            } else {
                "<unset>".into()
            },
        );
    } else if let Some(v) = src("secret") {
        o.kv(2, "Type", "Secret (a volume populated by a Secret)");
        o.kv(2, "SecretName", s(v, "secretName"));
        o.kv(2, "Optional", b(v, "optional"));
    } else if let Some(v) = src("configMap") {
        o.kv(2, "Type", "ConfigMap (a volume populated by a ConfigMap)");
        o.kv(2, "Name", s(v, "name"));
        o.kv(2, "Optional", b(v, "optional"));
    } else if let Some(v) = src("nfs") {
        o.kv(
            2,
            "Type",
            "NFS (an NFS mount that lasts the lifetime of a pod)",
        );
        o.kv(2, "Server", s(v, "server"));
        o.kv(2, "Path", s(v, "path"));
        o.kv(2, "ReadOnly", b(v, "readOnly"));
    } else if let Some(v) = src("persistentVolumeClaim") {
        claim_source(o, &s(v, "claimName"), b(v, "readOnly"));
    } else if let Some(v) = src("ephemeral") {
        o.kv(
            2,
            "Type",
            "EphemeralVolume (an inline specification for a volume that gets created and deleted with the pod)",
        );
        if let Some(t) = v.get("volumeClaimTemplate") {
            ephemeral_claim(o, t);
        }
    } else if let Some(v) = src("downwardAPI") {
        o.kv(
            2,
            "Type",
            "DownwardAPI (a volume populated by information about the pod)",
        );
        o.line(2, "Items:");
        for item in v.seq_at(&["items"]) {
            let path = item.get_str("path").unwrap_or("");
            if let Some(f) = item.at(&["fieldRef", "fieldPath"]) {
                o.line(3, &format!("{} -> {path}", scalar(Some(f))));
            }
            if let Some(r) = item.at(&["resourceFieldRef", "resource"]) {
                o.line(3, &format!("{} -> {path}", scalar(Some(r))));
            }
        }
    } else if let Some(v) = src("projected") {
        o.kv(
            2,
            "Type",
            "Projected (a volume that contains injected data from multiple sources)",
        );
        for source in v.seq_at(&["sources"]) {
            if let Some(x) = source.get("secret") {
                o.kv(2, "SecretName", s(x, "name"));
                o.kv(2, "Optional", b(x, "optional"));
            } else if source.get("downwardAPI").is_some() {
                o.kv(2, "DownwardAPI", "true");
            } else if let Some(x) = source.get("configMap") {
                o.kv(2, "ConfigMapName", s(x, "name"));
                o.kv(2, "Optional", b(x, "optional"));
            } else if let Some(x) = source.get("serviceAccountToken") {
                o.kv(
                    2,
                    "TokenExpirationSeconds",
                    x.int_at(&["expirationSeconds"]).unwrap_or(3600),
                );
            }
        }
    } else if let Some(v) = src("csi") {
        o.kv(
            2,
            "Type",
            "CSI (a Container Storage Interface (CSI) volume source)",
        );
        o.kv(2, "Driver", s(v, "driver"));
        o.kv(2, "FSType", s(v, "fsType"));
        o.kv(2, "ReadOnly", b(v, "readOnly"));
        let attrs = v.str_map_at(&["volumeAttributes"]);
        if attrs.is_empty() {
            o.kv(2, "VolumeAttributes", "<none>");
        }
        for (i, (k, val)) in attrs.iter().enumerate() {
            let line = shorten(&format!("{k}={val}"), MAX_ANNOTATION);
            if i == 0 {
                o.kv(2, "VolumeAttributes", line);
            } else {
                // `Write(LEVEL_2, "")` then `Write(LEVEL_2, "\t")`: two prefixes.
                o.line(4, &format!("\t{line}"));
            }
        }
    } else if let Some(v) = src("image") {
        o.kv(2, "Type", "Image (a container image or OCI artifact)");
        o.kv(2, "Reference", s(v, "reference"));
        o.kv(2, "PullPolicy", s(v, "pullPolicy"));
    } else {
        o.line(1, "<unknown>");
    }
}

/// `printPersistentVolumeClaim(…, false)` through a writer nested two levels deep.
fn ephemeral_claim(o: &mut Out, t: &Node) {
    let spec = t.get("spec");
    let meta = t.get("metadata");
    let map = |k: &str| meta.map(|m| m.str_map_at(&[k])).unwrap_or_default();
    let ann = map("annotations");
    let class = ann
        .get("volume.beta.kubernetes.io/storage-class")
        .cloned()
        .or_else(|| zero::nonempty(zero::of(spec), "storageClassName").map(str::to_string))
        .unwrap_or_default();
    o.kv(2, "StorageClass", class);
    o.kv(
        2,
        "Volume",
        zero::nonempty(zero::of(spec), "volumeName").unwrap_or(""),
    );
    let mut nested = Out::default();
    labels(&mut nested, "", "Labels", &map("labels"));
    annotations(&mut nested, "Annotations", &ann);
    for line in nested.0.lines() {
        o.line(2, line);
    }
    o.kv(2, "Capacity", "");
    o.kv(2, "Access Modes", "");
    if let Some(m) = zero::nonempty(zero::of(spec), "volumeMode") {
        o.kv(2, "VolumeMode", m);
    }
}

// ---------------------------------------------------------------------------------------------
// StatefulSets

fn statefulset(o: &mut Out, w: &World, s: &StatefulSet, show_events: bool) {
    o.kv(0, "Name", &s.name);
    o.kv(0, "Namespace", &s.ns);
    o.kv(0, "CreationTimestamp", rfc1123z(secs(s.created)));
    o.kv(0, "Selector", s.spec.selector.string());
    labels(o, "", "Labels", &s.labels);
    annotations(o, "Annotations", &s.annotations);
    o.kv(
        0,
        "Replicas",
        format!("{} desired | {} total", s.spec.replicas, s.status.replicas),
    );
    o.kv(0, "Update Strategy", &s.spec.strategy);
    if let Some(r) = &s.spec.rolling {
        o.kv(1, "Partition", r.partition);
        match &r.max_unavailable {
            Some(MaxUnavailable::Int(i)) => o.kv(1, "MaxUnavailable", i),
            Some(MaxUnavailable::Percent(p)) => o.kv(1, "MaxUnavailable", format!("{p}%")),
            None => {}
        }
    }
    let mut counts = [0; 4];
    for p in w.pods.values() {
        if p.ns == s.ns
            && p.owner
                .as_ref()
                .is_some_and(|o| o.controller && o.uid == s.uid)
        {
            counts[match p.phase {
                Phase::Running => 0,
                Phase::Pending => 1,
                Phase::Succeeded => 2,
                Phase::Failed => 3,
            }] += 1;
        }
    }
    o.kv(
        0,
        "Pods Status",
        format!(
            "{} Running / {} Waiting / {} Succeeded / {} Failed",
            counts[0], counts[1], counts[2], counts[3]
        ),
    );
    pod_template(o, w, &s.spec.template);
    if s.spec.claims.is_empty() {
        o.kv(0, "Volume Claims", "<none>");
    } else {
        o.line(0, "Volume Claims:");
    }
    for t in &s.spec.claims {
        o.kv(1, "Name", &t.name);
        let class = t
            .annotations
            .get("volume.beta.kubernetes.io/storage-class")
            .cloned()
            .or_else(|| t.class.clone())
            .unwrap_or_default();
        o.kv(1, "StorageClass", class);
        labels(o, "  ", "Labels", &t.labels);
        labels(o, "  ", "Annotations", &t.annotations);
        if t.storage.is_empty() {
            o.kv(1, "Capacity", "<default>");
        } else {
            o.kv(1, "Capacity", quantity(&t.storage));
        }
        o.kv(1, "Access Modes", format!("[{}]", t.access_modes.join(" ")));
    }
    if show_events {
        events(o, w, "StatefulSet", &s.ns, &s.name, &s.uid);
    }
}

/// `DescribePodTemplate` written straight to a buffer, without a tabwriter: the raw tabs of
/// `kubectl rollout history --revision=N` (polymorphichelpers `printTemplate`).
pub fn pod_template_raw(w: &World, tree: &Node) -> String {
    let mut o = Out::default();
    pod_template(&mut o, w, tree);
    o.0
}

/// `DescribePodTemplate`.
fn pod_template(o: &mut Out, w: &World, tree: &Node) {
    let tpl = crate::sim::template::pod_template(std::rc::Rc::new(tree.clone()));
    let spec = tree.get("spec");
    let nodes = |k: &str| spec.map_or(&[][..], |s| s.seq_at(&[k]));
    o.line(0, "Pod Template:");
    labels(o, "", "  Labels", &tpl.labels);
    if !tpl.annotations.is_empty() {
        annotations(o, "  Annotations", &tpl.annotations);
    }
    if let Some(sa) = zero::nonempty(zero::of(spec), "serviceAccountName") {
        o.kv(1, "Service Account", sa);
    }
    if !tpl.init_containers.is_empty() {
        containers(
            o,
            w,
            "Init Containers",
            "  ",
            &tpl.init_containers,
            nodes("initContainers"),
            None,
        );
    }
    containers(
        o,
        w,
        "Containers",
        "  ",
        &tpl.containers,
        nodes("containers"),
        None,
    );
    let vols: Vec<Vol> = nodes("volumes").iter().map(Vol::Tree).collect();
    volumes(o, w, "  ", &vols);
    topology(o, "  ", spec);
    if let Some(c) = zero::nonempty(zero::of(spec), "priorityClassName") {
        o.kv(1, "Priority Class Name", c);
    }
    labels(o, "", "  Node-Selectors", &tpl.node_selector);
    tolerations_lines(o, "  Tolerations", Toleration::list(nodes("tolerations")));
}

// ---------------------------------------------------------------------------------------------
// Services

fn service(o: &mut Out, w: &World, s: &Service, show_events: bool) {
    let spec = s.tree.get("spec");
    o.kv(0, "Name", &s.name);
    o.kv(0, "Namespace", &s.ns);
    labels(o, "", "Labels", &s.labels);
    annotations(o, "Annotations", &s.annotations);
    o.kv(0, "Selector", crate::derive::format_labels(&s.selector));
    o.kv(0, "Type", &s.ty);
    let external = s.ty == "ExternalName";
    if external {
        o.kv(0, "IP Families", "<none>");
    } else {
        o.kv(0, "IP Family Policy", "SingleStack");
        o.kv(0, "IP Families", "IPv4");
    }
    o.kv(0, "IP", &s.cluster_ip);
    o.kv(
        0,
        "IPs",
        if s.cluster_ip.is_empty() {
            "<none>"
        } else {
            s.cluster_ip.as_str()
        },
    );
    let ips: Vec<String> = spec
        .map_or(&[][..], |n| n.seq_at(&["externalIPs"]))
        .iter()
        .filter_map(|n| n.as_str().map(str::to_string))
        .collect();
    if !ips.is_empty() {
        o.kv(0, "External IPs", ips.join(","));
    }
    if let Some(ip) = zero::nonempty(zero::of(spec), "loadBalancerIP") {
        o.kv(0, "Desired LoadBalancer IP", ip);
    }
    if let Some(name) = zero::nonempty(zero::of(spec), "externalName") {
        o.kv(0, "External Name", name);
    }
    // EndpointSlices exist for every Service with a selector (a placeholder when no pod
    // matches): then the list of ready endpoints, possibly empty; else `<none>`.
    let slices = !s.selector.is_empty() && !external;
    let endpoints = w.endpoints(s);
    for p in &s.ports {
        let name = p.name.as_deref().unwrap_or("<unset>");
        o.line(0, &format!("Port:\t{name}\t{}/{}", p.port, p.protocol));
        let target = if p.target.is_empty() {
            p.port.to_string()
        } else {
            p.target.clone()
        };
        o.kv(0, "TargetPort", format!("{target}/{}", p.protocol));
        if let Some(np) = p.node_port {
            o.line(0, &format!("NodePort:\t{name}\t{np}/{}", p.protocol));
        }
        let text = if slices {
            let list: Vec<(String, bool)> = endpoints
                .iter()
                .filter_map(|e| {
                    let port = match target.parse::<i64>() {
                        Ok(n) => n,
                        Err(_) => objects::named_port(w, &e.pod, &target)?,
                    };
                    Some((format!("{}:{port}", e.ip), e.ready))
                })
                .collect();
            format_endpoints(&list)
        } else {
            "<none>".to_string()
        };
        o.kv(0, "Endpoints", text);
    }
    o.kv(
        0,
        "Session Affinity",
        zero::nonempty(zero::of(spec), "sessionAffinity").unwrap_or("None"),
    );
    if matches!(s.ty.as_str(), "NodePort" | "LoadBalancer") {
        o.kv(
            0,
            "External Traffic Policy",
            zero::nonempty(zero::of(spec), "externalTrafficPolicy").unwrap_or("Cluster"),
        );
    }
    if !external {
        o.kv(
            0,
            "Internal Traffic Policy",
            zero::nonempty(zero::of(spec), "internalTrafficPolicy").unwrap_or("Cluster"),
        );
    }
    if let Some(t) = zero::nonempty(zero::of(spec), "trafficDistribution") {
        o.kv(0, "Traffic Distribution", t);
    }
    if show_events {
        events(o, w, "Service", &s.ns, &s.name, &s.uid);
    }
}

/// `formatEndpointSlices` over (address, ready) in slice order: ready ones, at most three,
/// then ` + N more...` (counted as kubectl counts them).
fn format_endpoints(list: &[(String, bool)]) -> String {
    let mut shown: Vec<&str> = Vec::new();
    let (mut more, mut count) = (false, 0);
    for (addr, ready) in list {
        if shown.len() == 3 {
            more = true;
        }
        if !ready {
            continue;
        }
        if !more {
            shown.push(addr);
        }
        count += 1;
    }
    let text = shown.join(",");
    if more {
        format!("{text} + {} more...", count - 3)
    } else {
        text
    }
}

/// A port of a built-in Service: name, port, protocol, target port, endpoint address (empty
/// for the node's).
type BuiltinPort = (&'static str, i64, &'static str, i64, &'static str);

/// The two Services every cluster has (`kubernetes`, `kube-dns`), which the world does not
/// model as objects.
fn builtin_service(o: &mut Out, w: &World, ns: &str, name: &str, show_events: bool) -> Option<()> {
    let m = |pairs: &[(&str, &str)]| -> BTreeMap<String, String> {
        crate::sort::to_map(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())))
    };
    let (labels_map, ann, selector, ip, ports): (_, _, _, _, &[BuiltinPort]) = match (ns, name) {
        ("default", "kubernetes") => (
            m(&[("component", "apiserver"), ("provider", "kubernetes")]),
            BTreeMap::new(),
            "<none>",
            crate::sim::dns::API_IP,
            &[("https", 443, "TCP", 8443, "")],
        ),
        ("kube-system", "kube-dns") => (
            m(&[
                ("k8s-app", "kube-dns"),
                ("kubernetes.io/cluster-service", "true"),
                ("kubernetes.io/name", "CoreDNS"),
            ]),
            m(&[
                ("prometheus.io/port", "9153"),
                ("prometheus.io/scrape", "true"),
            ]),
            "k8s-app=kube-dns",
            crate::sim::dns::DNS_IP,
            &[
                ("dns", 53, "UDP", 53, "10.244.0.2"),
                ("dns-tcp", 53, "TCP", 53, "10.244.0.2"),
                ("metrics", 9153, "TCP", 9153, "10.244.0.2"),
            ],
        ),
        _ => return None,
    };
    o.kv(0, "Name", name);
    o.kv(0, "Namespace", ns);
    labels(o, "", "Labels", &labels_map);
    annotations(o, "Annotations", &ann);
    o.kv(0, "Selector", selector);
    o.kv(0, "Type", "ClusterIP");
    o.kv(0, "IP Family Policy", "SingleStack");
    o.kv(0, "IP Families", "IPv4");
    o.kv(0, "IP", ip);
    o.kv(0, "IPs", ip);
    for (port_name, port, protocol, target, endpoint) in ports {
        o.line(0, &format!("Port:\t{port_name}\t{port}/{protocol}"));
        o.kv(0, "TargetPort", format!("{target}/{protocol}"));
        let address = if endpoint.is_empty() {
            w.node_ip.as_str()
        } else {
            endpoint
        };
        o.kv(0, "Endpoints", format!("{address}:{target}"));
    }
    o.kv(0, "Session Affinity", "None");
    o.kv(0, "Internal Traffic Policy", "Cluster");
    if show_events {
        o.kv(0, "Events", "<none>");
    }
    Some(())
}

// ---------------------------------------------------------------------------------------------
// PersistentVolumeClaims and PersistentVolumes

fn json_map(v: &serde_json::Value, path: &[&str]) -> BTreeMap<String, String> {
    let mut n = v;
    for k in path {
        match n.get(k) {
            Some(x) => n = x,
            None => return BTreeMap::new(),
        }
    }
    n.as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                .collect()
        })
        .unwrap_or_default()
}

fn pvc(o: &mut Out, w: &World, c: &Pvc, show_events: bool) {
    let api = objects::pvc(w, c);
    o.kv(0, "Name", &c.name);
    o.kv(0, "Namespace", &c.ns);
    o.kv(0, "StorageClass", c.class.as_deref().unwrap_or(""));
    match c.deletion {
        Some(d) => o.kv(0, "Status", format!("Terminating (lasts {})", ago(w, d))),
        None => o.kv(0, "Status", c.phase.as_str()),
    }
    o.kv(0, "Volume", c.volume.as_deref().unwrap_or(""));
    labels(o, "", "Labels", &c.labels);
    annotations(
        o,
        "Annotations",
        &json_map(&api, &["metadata", "annotations"]),
    );
    o.kv(0, "Finalizers", "[kubernetes.io/pvc-protection]");
    // Capacity and access modes come from the status once the claim names its volume.
    if c.volume.is_some() {
        o.kv(0, "Capacity", quantity(&c.storage));
        o.kv(0, "Access Modes", access_modes(&c.access_modes));
    } else {
        o.kv(0, "Capacity", "");
        o.kv(0, "Access Modes", "");
    }
    o.kv(0, "VolumeMode", &c.volume_mode);
    // Pods with a volume for this claim, then pods owning it (`getPodsForPVC`), by name.
    let mut users: Vec<&str> = w
        .pods
        .values()
        .filter(|p| p.ns == c.ns)
        .filter(|p| {
            p.template
                .volumes
                .iter()
                .any(|v| matches!(&v.source, VolumeSource::Claim(claim) if *claim == c.name))
                || c.owners.iter().any(|o| o.kind == "Pod" && o.uid == p.uid)
        })
        .map(|p| p.name.as_str())
        .collect();
    crate::sort::sort(&mut users);
    if users.is_empty() {
        o.kv(0, "Used By", "<none>");
    }
    for (i, u) in users.iter().enumerate() {
        if i == 0 {
            o.kv(0, "Used By", u);
        } else {
            o.line(0, &format!("\t{u}"));
        }
    }
    if show_events {
        events(o, w, "PersistentVolumeClaim", &c.ns, &c.name, &c.uid);
    }
}

fn pv(o: &mut Out, w: &World, v: &Pv, show_events: bool) {
    let api = objects::pv(w, v);
    o.kv(0, "Name", &v.name);
    labels(o, "", "Labels", &json_map(&api, &["metadata", "labels"]));
    annotations(
        o,
        "Annotations",
        &json_map(&api, &["metadata", "annotations"]),
    );
    o.kv(0, "Finalizers", "[kubernetes.io/pv-protection]");
    o.kv(0, "StorageClass", &v.class);
    o.kv(0, "Status", v.phase);
    o.kv(0, "Claim", v.claim.as_deref().unwrap_or(""));
    o.kv(0, "Reclaim Policy", &v.reclaim);
    o.kv(0, "Access Modes", access_modes(&v.access_modes));
    o.kv(0, "VolumeMode", "Filesystem");
    o.kv(0, "Capacity", quantity(&v.capacity));
    o.kv(0, "Node Affinity", "<none>");
    o.kv(0, "Message", "");
    o.line(0, "Source:");
    o.kv(2, "Type", "HostPath (bare host directory volume)");
    let path = api
        .pointer("/spec/hostPath/path")
        .and_then(serde_json::Value::as_str)
        .unwrap_or("");
    o.kv(2, "Path", path);
    o.kv(2, "HostPathType", "");
    if show_events {
        events(o, w, "PersistentVolume", "", &v.name, &v.uid);
    }
}

// ---------------------------------------------------------------------------------------------
// Endpoints, Namespaces, StorageClasses, Secrets

/// `describeEndpoints`: one block per subset, each ending in a blank line.
fn endpoints(o: &mut Out, w: &World, s: &Service, show_events: bool) {
    let api = objects::endpoints(w, s);
    o.kv(0, "Name", &s.name);
    o.kv(0, "Namespace", &s.ns);
    labels(o, "", "Labels", &json_map(&api, &["metadata", "labels"]));
    annotations(
        o,
        "Annotations",
        &json_map(&api, &["metadata", "annotations"]),
    );
    o.line(0, "Subsets:");
    let subsets = api["subsets"].as_array().cloned().unwrap_or_default();
    for subset in &subsets {
        let ips = |field: &str| {
            let list: Vec<&str> = subset[field]
                .as_array()
                .map(|a| a.iter().filter_map(|x| x["ip"].as_str()).collect())
                .unwrap_or_default();
            if list.is_empty() {
                "<none>".to_string()
            } else {
                list.join(",")
            }
        };
        o.kv(1, "Addresses", ips("addresses"));
        o.kv(1, "NotReadyAddresses", ips("notReadyAddresses"));
        if let Some(ports) = subset["ports"].as_array().filter(|p| !p.is_empty()) {
            o.line(1, "Ports:");
            o.line(2, "Name\tPort\tProtocol");
            o.line(2, "----\t----\t--------");
            for p in ports {
                o.line(
                    2,
                    &format!(
                        "{}\t{}\t{}",
                        p["name"].as_str().unwrap_or("<unset>"),
                        p["port"].as_i64().unwrap_or(0),
                        p["protocol"].as_str().unwrap_or("TCP")
                    ),
                );
            }
        }
        o.line(0, "");
    }
    if show_events {
        events(o, w, "Endpoints", &s.ns, &s.name, "");
    }
}

/// `describeEndpointSliceV1`: its ports, then each endpoint with its ready condition.
fn endpoint_slice(o: &mut Out, w: &World, api: &serde_json::Value, show_events: bool) {
    let meta = &api["metadata"];
    let text = |v: &serde_json::Value| v.as_str().unwrap_or("<unset>").to_string();
    o.kv(0, "Name", text(&meta["name"]));
    o.kv(0, "Namespace", text(&meta["namespace"]));
    labels(o, "", "Labels", &json_map(api, &["metadata", "labels"]));
    annotations(
        o,
        "Annotations",
        &json_map(api, &["metadata", "annotations"]),
    );
    o.kv(0, "AddressType", text(&api["addressType"]));
    match api["ports"].as_array().filter(|p| !p.is_empty()) {
        None => o.line(0, "Ports: <unset>"),
        Some(ports) => {
            o.line(0, "Ports:");
            o.line(1, "Name\tPort\tProtocol");
            o.line(1, "----\t----\t--------");
            for p in ports {
                let port = p["port"]
                    .as_i64()
                    .map_or("<unset>".into(), |n| n.to_string());
                o.line(
                    1,
                    &format!("{}\t{port}\t{}", text(&p["name"]), text(&p["protocol"])),
                );
            }
        }
    }
    match api["endpoints"].as_array().filter(|e| !e.is_empty()) {
        None => o.line(0, "Endpoints: <none>"),
        Some(list) => {
            o.line(0, "Endpoints:");
            for e in list {
                let addresses: Vec<&str> = e["addresses"]
                    .as_array()
                    .map(|a| a.iter().filter_map(|x| x.as_str()).collect())
                    .unwrap_or_default();
                let addresses = if addresses.is_empty() {
                    "<none>".to_string()
                } else {
                    addresses.join(", ")
                };
                o.line(1, &format!("- Addresses:\t{addresses}"));
                o.line(2, "Conditions:");
                let ready = e["conditions"]["ready"]
                    .as_bool()
                    .map_or("<unset>".into(), |b| b.to_string());
                o.kv(3, "Ready", ready);
                o.kv(2, "Hostname", text(&e["hostname"]));
                if let Some(t) = e["targetRef"].as_object() {
                    let part = |k: &str| t.get(k).and_then(|v| v.as_str()).unwrap_or_default();
                    o.kv(2, "TargetRef", format!("{}/{}", part("kind"), part("name")));
                }
                o.kv(2, "NodeName", text(&e["nodeName"]));
                o.kv(2, "Zone", text(&e["zone"]));
            }
        }
    }
    if show_events {
        let uid = meta["uid"].as_str().unwrap_or_default();
        events(
            o,
            w,
            "EndpointSlice",
            &text(&meta["namespace"]),
            &text(&meta["name"]),
            uid,
        );
    }
}

/// `describeNamespace`: no ResourceQuota and no LimitRange exist in the playground's cluster.
fn namespace(o: &mut Out, api: &serde_json::Value) {
    o.kv(
        0,
        "Name",
        api["metadata"]["name"].as_str().unwrap_or_default(),
    );
    labels(o, "", "Labels", &json_map(api, &["metadata", "labels"]));
    annotations(
        o,
        "Annotations",
        &json_map(api, &["metadata", "annotations"]),
    );
    o.kv(
        0,
        "Status",
        api["status"]["phase"].as_str().unwrap_or("Active"),
    );
    o.line(0, "");
    o.line(0, "No resource quota.");
    o.line(0, "");
    o.line(0, "No LimitRange resource.");
}

/// `describeStorageClass`: annotations and parameters on one line as `labels.FormatLabels`
/// writes them, so the last-applied configuration's closing newline breaks that line (and the
/// alignment of the lines after it), as it does in a real minikube.
fn storage_class(o: &mut Out, w: &World, c: &crate::sim::cluster::StorageClass, show_events: bool) {
    let api = objects::storage_class(c);
    let annotations = json_map(&api, &["metadata", "annotations"]);
    let formatted = if annotations.is_empty() {
        "<none>".to_string()
    } else {
        annotations
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(",")
    };
    o.kv(0, "Name", &c.name);
    o.kv(0, "IsDefaultClass", if c.default { "Yes" } else { "No" });
    o.kv(0, "Annotations", formatted);
    o.kv(0, "Provisioner", &c.provisioner);
    o.kv(0, "Parameters", "<none>");
    o.kv(0, "AllowVolumeExpansion", "<unset>");
    o.kv(0, "MountOptions", "<none>");
    o.kv(0, "ReclaimPolicy", &c.reclaim);
    o.kv(0, "VolumeBindingMode", &c.binding);
    if show_events {
        let uid = api["metadata"]["uid"].as_str().unwrap_or_default();
        events(o, w, "StorageClass", "", &c.name, uid);
    }
}

/// `describeSecret`: the size of each value, never the value.
fn secret(o: &mut Out, api: &serde_json::Value) {
    let meta = &api["metadata"];
    o.kv(0, "Name", meta["name"].as_str().unwrap_or_default());
    o.kv(
        0,
        "Namespace",
        meta["namespace"].as_str().unwrap_or_default(),
    );
    labels(o, "", "Labels", &json_map(api, &["metadata", "labels"]));
    annotations(
        o,
        "Annotations",
        &json_map(api, &["metadata", "annotations"]),
    );
    o.line(0, "");
    o.kv(0, "Type", api["type"].as_str().unwrap_or("Opaque"));
    o.line(0, "");
    o.line(0, "Data");
    o.line(0, "====");
    for (k, v) in &json_map(api, &["data"]) {
        let bytes = crate::helm::convert::base64_decode(v).map_or(0, |b| b.len());
        o.kv(0, k, format!("{bytes} bytes"));
    }
}

/// `describeJob` (a helm hook's Job): its spec as the API server defaulted it, its status
/// counted from its pods, the pod template, and the Job controller's events (a pod created per
/// run, then `Completed`, or `BackoffLimitExceeded` once more than `backoffLimit` failed).
fn job(o: &mut Out, w: &World, ns: &str, name: &str, show_events: bool) -> Option<()> {
    let st = objects::job_state(w, ns, name)?;
    let api = objects::job(w, ns, name)?;
    let spec = &api["spec"];
    o.kv(0, "Name", name);
    o.kv(0, "Namespace", ns);
    o.kv(
        0,
        "Selector",
        format!("batch.kubernetes.io/controller-uid={}", st.uid),
    );
    labels(o, "", "Labels", &json_map(&api, &["metadata", "labels"]));
    annotations(
        o,
        "Annotations",
        &json_map(&api, &["metadata", "annotations"]),
    );
    let int = |k: &str| spec[k].as_i64().map(|n| n.to_string());
    o.kv(0, "Parallelism", int("parallelism").unwrap_or_default());
    o.kv(
        0,
        "Completions",
        int("completions").unwrap_or_else(|| "<unset>".into()),
    );
    o.kv(
        0,
        "Completion Mode",
        spec["completionMode"].as_str().unwrap_or("NonIndexed"),
    );
    o.kv(0, "Suspend", spec["suspend"].as_bool().unwrap_or(false));
    o.kv(0, "Backoff Limit", int("backoffLimit").unwrap_or_default());
    if let Some(t) = int("ttlSecondsAfterFinished") {
        o.kv(0, "TTL Seconds After Finished", t);
    }
    o.kv(0, "Start Time", rfc1123z(secs(st.created)));
    if let Some(done) = st.completed {
        o.kv(0, "Completed At", rfc1123z(secs(done)));
        o.kv(
            0,
            "Duration",
            human_duration_ms((done / 1000 * 1000) as i64 - (st.created / 1000 * 1000) as i64),
        );
    }
    if let Some(d) = int("activeDeadlineSeconds") {
        o.kv(0, "Active Deadline Seconds", format!("{d}s"));
    }
    let active = i64::from(st.completed.is_none() && st.failed_at.is_none());
    o.kv(
        0,
        "Pods Statuses",
        format!(
            "{active} Active (0 Ready) / {} Succeeded / {} Failed",
            st.succeeded, st.failed
        ),
    );
    let template = Node::from_json(&spec["template"], Default::default());
    pod_template(o, w, &template);
    if !show_events {
        return Some(());
    }
    // The Job controller's events, from the pods it made and how the Job ended.
    let mut pods: Vec<&Pod> = w
        .pods
        .values()
        .filter(|p| p.ns == ns && p.labels.get("job-name").is_some_and(|j| j == name))
        .collect();
    crate::sort::sort_by_key(&mut pods, |p| p.created);
    let mut list: Vec<(Ms, &str, &str, String)> = pods
        .iter()
        .map(|p| {
            (
                p.created,
                "Normal",
                "SuccessfulCreate",
                format!("Created pod: {}", p.name),
            )
        })
        .collect();
    if let Some(t) = st.completed {
        list.push((t, "Normal", "Completed", "Job completed".into()));
    }
    if let Some(t) = st.failed_at {
        list.push((
            t,
            "Warning",
            "BackoffLimitExceeded",
            "Job has reached the specified backoff limit".into(),
        ));
    }
    o.line(0, "Events:");
    o.line(1, "Type\tReason\tAge\tFrom\tMessage");
    o.line(1, "----\t------\t----\t----\t-------");
    for (t, ty, reason, message) in list {
        o.line(
            1,
            &format!("{ty}\t{reason}\t{}\tjob-controller\t{message}", ago(w, t)),
        );
    }
    Some(())
}

#[cfg(test)]
mod tests {
    //! Helpers and layout rules of the describers. Whole describe outputs live in one home: the
    //! golden transcripts (`tests/it/data/transcripts/describe*.txt`).
    use super::*;
    use crate::sim::{SimOptions, Simulation};
    use expect_test::expect;

    const WEB: &str = include_str!("../../static/examples/web.yaml");

    /// The world after `text` is applied and the simulation settles, with `faults` in force.
    fn world(text: &str, faults: &[&str]) -> World {
        let analysis = crate::analyze(&[crate::Input { name: "t", text }], &Default::default());
        let opts = SimOptions {
            faults: faults
                .iter()
                .map(|f| crate::sim::ops::parse_fault(f).unwrap())
                .collect(),
            ..SimOptions::default()
        };
        let mut sim = Simulation::new(&analysis, &Default::default(), &opts);
        sim.run(None);
        sim.world
    }

    fn show(w: &World, r: Res, name: &str) -> String {
        describe(w, r, "default", name, true).unwrap()
    }

    /// The output with each line's trailing spaces shown as `·` (they are significant).
    fn visible(s: &str) -> String {
        s.lines()
            .map(|l| {
                let t = l.trim_end_matches(' ');
                format!("{t}{}\n", "·".repeat(l.len() - t.len()))
            })
            .collect()
    }

    /// A line's layout: indentation, key, value column, trailing spaces (values masked).
    fn layout(text: &str) -> Vec<String> {
        text.lines()
            .map(|l| {
                let end = l.trim_end_matches(' ');
                let trail = l.len() - end.len();
                let indent = end.len() - end.trim_start().len();
                match end[indent..].find("  ") {
                    Some(i) => {
                        let rest = &end[indent + i..];
                        let col = indent + i + rest.len() - rest.trim_start().len();
                        format!("{indent}|{}|{col}|{trail}", &end[indent..indent + i])
                    }
                    None if end.ends_with(':') => format!("{indent}|{}|-|{trail}", &end[indent..]),
                    None => format!("{indent}|…|-|{trail}"),
                }
            })
            .collect()
    }

    /// `describePod`'s layout in kubectl v1.36 (a real `kubectl describe pod web-0`), up to the events, which differ in values.
    const SPEC_8_4: &str = "Name:             web-0
Namespace:        default
Priority:         0
Service Account:  default
Node:             minikube/192.168.49.2
Start Time:       Mon, 05 May 2025 10:14:03 +0000
Labels:           app=nginx
                  apps.kubernetes.io/pod-index=0
                  controller-revision-hash=web-6d8c9f7b8d
                  statefulset.kubernetes.io/pod-name=web-0
Annotations:      <none>
Status:           Running
IP:               10.244.0.5
IPs:
  IP:           10.244.0.5
Controlled By:  StatefulSet/web
Containers:
  nginx:
    Container ID:   docker://3f2b9c1d7e8a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c
    Image:          registry.k8s.io/nginx-slim:0.24
    Image ID:       docker-pullable://registry.k8s.io/nginx-slim@sha256:0123456789abcdef
    Port:           80/TCP (web)
    Host Port:      0/TCP (web)
    State:          Running
      Started:      Mon, 05 May 2025 10:14:05 +0000
    Ready:          True
    Restart Count:  0
    Liveness:       http-get http://:web/ delay=0s timeout=1s period=10s #success=1 #failure=3
    Readiness:      http-get http://:web/ delay=5s timeout=1s period=10s #success=1 #failure=3
    Environment:    <none>
    Mounts:
      /usr/share/nginx/html from www (rw)
      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-7xk2p (ro)
Conditions:
  Type                        Status
  PodReadyToStartContainers   True 
  Initialized                 True 
  Ready                       True 
  ContainersReady             True 
  PodScheduled                True 
Volumes:
  www:
    Type:       PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)
    ClaimName:  www-web-0
    ReadOnly:   false
  kube-api-access-7xk2p:
    Type:                    Projected (a volume that contains injected data from multiple sources)
    TokenExpirationSeconds:  3607
    ConfigMapName:           kube-root-ca.crt
    Optional:                false
    DownwardAPI:             true
QoS Class:                   BestEffort
Node-Selectors:              <none>
Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
Events:
";

    /// `describeStatefulSet`'s layout in kubectl v1.36, up to the events.
    const SPEC_8_6: &str = "Name:               web
Namespace:          default
CreationTimestamp:  Mon, 05 May 2025 10:14:02 +0000
Selector:           app=nginx
Labels:             <none>
Annotations:        <none>
Replicas:           2 desired | 2 total
Update Strategy:    RollingUpdate
  Partition:        0
Pods Status:        2 Running / 0 Waiting / 0 Succeeded / 0 Failed
Pod Template:
  Labels:  app=nginx
  Containers:
   nginx:
    Image:        registry.k8s.io/nginx-slim:0.24
    Port:         80/TCP
    Host Port:    0/TCP
    Environment:  <none>
    Mounts:
      /usr/share/nginx/html from www (rw)
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Volume Claims:
  Name:          www
  StorageClass:  
  Labels:        <none>
  Annotations:   <none>
  Capacity:      1Gi
  Access Modes:  [ReadWriteOnce]
Events:
";

    /// web.yaml with the probes of the §8.4 example. nginx would answer them 403 (its
    /// document root is the empty claim), so the pods run the web app, which answers 200.
    fn web_with_probes() -> String {
        WEB.replacen(
            "      labels:\n        app: nginx\n    spec:",
            "      labels:\n        app: nginx\n      annotations:\n        stsplay.dev/app: web\n    spec:",
            1,
        )
        .replace(
            "          name: web\n        volumeMounts:",
            "          name: web
        livenessProbe:
          httpGet:
            path: /
            port: web
        readinessProbe:
          httpGet:
            path: /
            port: web
          initialDelaySeconds: 5
        volumeMounts:",
        )
    }

    #[test]
    fn pod_layout_matches_the_worked_example() {
        let w = world(&web_with_probes(), &[]);
        let token = token_volume(&w.pods["default/web-0"]);
        let out = show(&w, Res::Pod, "web-0").replace(&token, "kube-api-access-7xk2p");
        let head = &out[..out.find("Events:").unwrap() + "Events:\n".len()];
        assert_eq!(layout(head), layout(SPEC_8_4));
        assert!(head.contains("  PodReadyToStartContainers   True \n"));
    }

    #[test]
    fn statefulset_layout_matches_the_worked_example() {
        let w = world(WEB, &[]);
        let out = show(&w, Res::StatefulSet, "web");
        let head = &out[..out.find("Events:").unwrap() + "Events:\n".len()];
        assert_eq!(layout(head), layout(SPEC_8_6));
        assert!(head.contains("\n  StorageClass:  \n"));
    }

    /// Two containers, probes of every kind, named and unnamed ports, resources, env, a

    #[test]
    fn terminating_pod() {
        let analysis = crate::analyze(
            &[crate::Input {
                name: "t",
                text: WEB,
            }],
            &Default::default(),
        );
        let mut sim = Simulation::new(&analysis, &Default::default(), &SimOptions::default());
        sim.run(None);
        sim.apply(&crate::sim::ops::Step::DeletePod("web-1".into()))
            .unwrap();
        let out = show(&sim.world, Res::Pod, "web-1");
        assert!(
            out.contains("\nStatus:                    Terminating (lasts <invalid>)\nTermination Grace Period:  30s\n"),
            "{out}"
        );
    }

    #[test]
    fn events_only_when_asked() {
        let w = world(WEB, &[]);
        for (r, name) in [
            (Res::Pod, "web-0"),
            (Res::StatefulSet, "web"),
            (Res::Service, "nginx"),
            (Res::Pvc, "www-web-0"),
        ] {
            let out = describe(&w, r, "default", name, false).unwrap();
            assert!(!out.contains("Events:"), "{out}");
            assert!(out.ends_with('\n'));
        }
        let out = show(&w, Res::Service, "nginx");
        assert!(
            out.ends_with("\nEvents:                   <none>\n"),
            "{out}"
        );
    }

    #[test]
    fn missing_objects() {
        let w = world(WEB, &[]);
        assert_eq!(describe(&w, Res::Pod, "default", "web-9", true), None);
        assert_eq!(describe(&w, Res::Pod, "other", "web-0", true), None);
        assert_eq!(
            describe(&w, Res::StatefulSet, "default", "nope", true),
            None
        );
        assert_eq!(describe(&w, Res::Pvc, "default", "www-web-9", true), None);
        assert_eq!(describe(&w, Res::Pv, "", "pvc-nope", true), None);
        assert_eq!(describe(&w, Res::Event, "default", "x", true), None);
    }

    #[test]
    fn built_in_services() {
        let w = world(WEB, &[]);
        // The kubernetes Service's text is in tests/it/data/transcripts/describe-web.txt.
        assert!(describe(&w, Res::Service, "kube-system", "kube-dns", false).is_some());
        assert_eq!(
            describe(&w, Res::Service, "default", "kube-dns", false),
            None
        );
    }

    #[test]
    fn endpoints_stop_at_three() {
        let e = |a: &str, ready: bool| (a.to_string(), ready);
        assert_eq!(format_endpoints(&[]), "");
        assert_eq!(
            format_endpoints(&[e("a:80", true), e("b:80", false)]),
            "a:80"
        );
        let five = [
            e("a:80", true),
            e("b:80", true),
            e("c:80", true),
            e("d:80", true),
            e("e:80", true),
        ];
        assert_eq!(format_endpoints(&five), "a:80,b:80,c:80 + 2 more...");
        // kubectl's count: a fourth endpoint that is not ready still sets `more`.
        let quirk = [
            e("a:80", true),
            e("b:80", true),
            e("c:80", true),
            e("d:80", false),
        ];
        assert_eq!(format_endpoints(&quirk), "a:80,b:80,c:80 + 0 more...");
    }

    #[test]
    fn labels_and_annotations_continue_under_the_value() {
        let mut o = Out::default();
        o.kv(0, "Name", "x");
        let m = |v: &[(&str, &str)]| {
            v.iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        labels(&mut o, "", "Labels", &m(&[("b", "2"), ("a", "1")]));
        let long = "v".repeat(140);
        annotations(
            &mut o,
            "Annotations",
            &m(&[
                (LAST_APPLIED, "{}"),
                ("k", "v"),
                ("long", &long),
                ("multi", "one\ntwo\n"),
            ]),
        );
        expect![[r#"
            Name:         x
            Labels:       a=1
                          b=2
            Annotations:  k: v
                          long:
                            vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv...
                          multi:
                            one
                            two
        "#]]
        .assert_eq(&visible(&tabwrite(&o.0, DESCRIBE)));
    }

    #[test]
    fn probes() {
        let probe = |handler| Probe {
            handler,
            initial_delay_s: 0,
            timeout_s: 1,
            period_s: 10,
            success_threshold: 1,
            failure_threshold: 3,
        };
        let http = |port: &str, path: &str| {
            probe(Handler::Http {
                port: port.into(),
                path: path.into(),
                scheme: "HTTP".into(),
            })
        };
        assert_eq!(
            describe_probe(&http("web", "/"), None),
            "http-get http://:web/ delay=0s timeout=1s period=10s #success=1 #failure=3"
        );
        assert_eq!(
            describe_probe(&http("8080", ""), None),
            "http-get http://:8080 delay=0s timeout=1s period=10s #success=1 #failure=3"
        );
        assert_eq!(
            describe_probe(
                &probe(Handler::Tcp {
                    port: "3306".into()
                }),
                None
            ),
            "tcp-socket :3306 delay=0s timeout=1s period=10s #success=1 #failure=3"
        );
        let exec = Handler::Exec {
            command: vec!["cat".into(), "/tmp/healthy".into()],
        };
        assert_eq!(
            describe_probe(&probe(exec), None),
            "exec [cat /tmp/healthy] delay=0s timeout=1s period=10s #success=1 #failure=3"
        );
        assert_eq!(
            describe_probe(
                &probe(Handler::Grpc {
                    port: 2379,
                    service: None
                }),
                None
            ),
            "grpc <pod>:2379  delay=0s timeout=1s period=10s #success=1 #failure=3"
        );
    }
}
