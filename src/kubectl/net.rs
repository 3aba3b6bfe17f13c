//! The network as the terminal and the pods see it: `nslookup` in the flavour an image
//! ships (busybox ≤ 1.28, newer busybox (`networking/nslookup.c`), bind9's `nslookup`), `curl` and `wget`
//! from a pod (Service and pod DNS names, kube-proxy's seeded choice of endpoint) and from
//! the terminal's machine (port-forwards, NodePorts), and the apps answering them (the lab's
//! visits counter, nginx) with the access-log lines they write.

use super::container;
use super::session::Session;
use super::{objects, text};
use crate::shell::Output;
use crate::sim::app::{self, AppKind, Tools};
use crate::sim::cluster::World;
use crate::sim::dns::DNS_IP;
use crate::sim::world::{Key, Service, key};

/// Which `nslookup` an image ships, if any.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Nslookup {
    /// busybox ≤ 1.28: libc resolver, `Address 1: ip name`.
    Busybox128,
    /// busybox ≥ 1.29: its own resolver, `Server:\t\t...`, no search list for dotted names.
    BusyboxNew,
    /// bind9's nslookup (dnsutils images).
    Bind,
    None,
}

pub fn nslookup_of(image: &str, kind: &AppKind, tools: Option<Tools>) -> Nslookup {
    let i = image.to_ascii_lowercase();
    let name = i.rsplit('/').next().unwrap_or(&i);
    match tools {
        Some(Tools::Dnsutils) => return Nslookup::Bind,
        Some(Tools::Debian | Tools::None) => return Nslookup::None,
        Some(Tools::Busybox) if !name.starts_with("busybox") => return Nslookup::BusyboxNew,
        _ => {}
    }
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

/// `nslookup NAME` from a pod in `ns`, in the output format of `flavour`.
pub fn nslookup(s: &Session, ns: &str, q: &str, flavour: Nslookup) -> Output {
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
                None => {
                    let mut o = Output::ok(out);
                    o.eprint(&format!("nslookup: can't resolve '{q}'\n"));
                    o.code = 1;
                    o
                }
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
            let mut o = Output::ok(out);
            o.code = i32::from(failed);
            o
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
                    let mut o = Output::ok(out);
                    o.code = 1;
                    o
                }
            }
        }
    }
}

/// What the app of the pod's first container answers to `GET path`, where answering does not
/// change it (nginx serves its page, the web app says OK); the visits app counts, in `serve`.
fn answer(s: &Session, pod: &Key, kind: &AppKind, path: &str) -> (u16, String) {
    match kind {
        AppKind::Nginx => {
            let read = |f: &str| container::read_file(s, pod, 0, f);
            match app::nginx_answer(path, |f| read(f).is_ok()) {
                (200, file) => (200, read(&file).unwrap_or_default()),
                (403, _) => (403, nginx_error("403 Forbidden")),
                (code, _) => (code, nginx_error("404 Not Found")),
            }
        }
        AppKind::Web => (200, "OK\n".into()),
        AppKind::Visits { .. } => (200, String::new()),
        AppKind::Sleeper | AppKind::Crash => (0, String::new()),
    }
}

/// The line an app writes to its log for a request at `t`: Python's `http.server`
/// (`log_request`: `client - - [05/May/2025 10:14:28] "GET / HTTP/1.1" 200 -`) for the visits
/// app, nginx's `main` format (`$time_local`, size, referer, user agent, forwarded-for) for
/// the others; none for a program that serves nothing.
pub fn access_line(
    kind: &AppKind,
    client: &str,
    t: crate::sim::world::Ms,
    path: &str,
    code: u16,
    bytes: usize,
    user_agent: &str,
) -> Option<String> {
    let stamp = text::rfc1123z(objects::secs(t));
    // `Mon, 05 May 2025 10:14:28 +0000`: day, month and year with slashes.
    let date = stamp.get(5..16).unwrap_or("").replace(' ', "/");
    let time = stamp.get(17..25).unwrap_or("");
    match kind {
        AppKind::Visits { .. } => Some(format!(
            "{client} - - [{date} {time}] \"GET {path} HTTP/1.1\" {code} -"
        )),
        AppKind::Nginx | AppKind::Web => Some(format!(
            "{client} - - [{date}:{time} +0000] \"GET {path} HTTP/1.1\" {code} {bytes} \"-\" \"{user_agent}\" \"-\""
        )),
        AppKind::Sleeper | AppKind::Crash => None,
    }
}

/// Where the kubelet's probes come from on minikube's node: the pod network's bridge.
pub const PROBE_CLIENT: &str = "10.244.0.1";

/// The log lines of the probes' requests to the app of the pod's first container in
/// `[from, now)` (`User-Agent: kube-probe/1.36`, `pkg/probe/http/request.go`).
pub fn probe_lines(
    s: &Session,
    pod: &Key,
    from: crate::sim::world::Ms,
) -> Vec<(crate::sim::world::Ms, String)> {
    let w = &s.sim.world;
    let Some(p) = w.pods.get(pod) else {
        return Vec::new();
    };
    let Some(spec) = p.template.containers.first() else {
        return Vec::new();
    };
    let kind = app::app_of(&w.choices, &p.template, spec);
    let agent = format!("kube-probe/1.{}", w.profile.minor);
    w.probe_requests(pod, from, w.now)
        .into_iter()
        .filter_map(|(t, path)| {
            let (code, body) = answer(s, pod, &kind, path);
            let line = access_line(&kind, PROBE_CLIENT, t, path, code, body.len(), &agent)?;
            Some((t, line))
        })
        .collect()
}

/// An HTTP request served by a pod's app: the visits counter counts (after the probes'
/// requests before it), nginx serves its page.
fn serve(s: &mut Session, pod: &Key, path: &str, client: &str, user_agent: &str) -> (u16, String) {
    let now = s.sim.world.now;
    let Some(p) = s.sim.world.pods.get(pod).cloned() else {
        return (502, String::new());
    };
    let Some(spec) = p.template.containers.first().cloned() else {
        return (502, String::new());
    };
    let kind = app::app_of(&s.sim.world.choices, &p.template, &spec);
    let (code, body) = match &kind {
        AppKind::Visits { file, .. } => {
            let w = &mut s.sim.world;
            let probes = w.count_probe_requests(pod);
            let text = match w.volume_file(pod, &spec, file) {
                Some((pv, rel)) => match w.pvs.get_mut(&pv) {
                    Some(v) => {
                        let t = app::counted(v.files.get(&rel).map(String::as_str), 1);
                        v.files.insert(rel, t.clone());
                        t
                    }
                    None => app::counted(None, 1),
                },
                None => {
                    let e = s
                        .scratch
                        .entry((p.uid.clone(), file.clone()))
                        .or_insert_with(|| "0\n".into());
                    *e = app::counted(Some(e), probes + 1);
                    e.clone()
                }
            };
            (
                200,
                format!(
                    "Hello from {}! This page has been visited {} times.\n",
                    p.hostname,
                    text.trim()
                ),
            )
        }
        _ => answer(s, pod, &kind, path),
    };
    if let Some(line) = access_line(&kind, client, now, path, code, body.len(), user_agent) {
        s.sim
            .world
            .pod_logs
            .entry(pod.clone())
            .or_default()
            .push((now, line));
    }
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
pub fn http_from_pod(
    s: &mut Session,
    ns: &str,
    args: &[String],
    tool: &str,
    from: Option<Key>,
) -> Output {
    let url = args
        .iter()
        .rev()
        .find(|a| !a.starts_with('-'))
        .map_or("", String::as_str);
    let (out, status) = request_from_pod(s, ns, url, tool, from);
    CurlFlags::of(tool, args).report(out, status)
}

/// What `-s`, `-S` and `-f` ask of curl (`--silent`, `--show-error`, `--fail`, alone or in a
/// cluster such as `-fsSL`): no error message unless `-S`; an HTTP error status fails with
/// exit code 22 and no page.
struct CurlFlags {
    silent: bool,
    show_error: bool,
    fail: bool,
}

impl CurlFlags {
    fn of(tool: &str, args: &[String]) -> CurlFlags {
        let mut f = CurlFlags {
            silent: false,
            show_error: false,
            fail: false,
        };
        if tool != "curl" {
            return f;
        }
        for a in args {
            match a.strip_prefix("--") {
                Some("silent") => f.silent = true,
                Some("show-error") => f.show_error = true,
                Some("fail") => f.fail = true,
                Some(_) => {}
                None => {
                    // A cluster of curl's one-letter switches (`-fsSL`); anything else is not.
                    if let Some(short) = a.strip_prefix('-')
                        && !short.is_empty()
                        && short.chars().all(|c| "sSfLvkiI".contains(c))
                    {
                        f.silent |= short.contains('s');
                        f.show_error |= short.contains('S');
                        f.fail |= short.contains('f');
                    }
                }
            }
        }
        f
    }

    fn report(&self, mut out: Output, status: Option<u16>) -> Output {
        if self.fail
            && out.code == 0
            && let Some(code) = status.filter(|c| *c >= 400)
        {
            out = Output::err(
                format!("curl: (22) The requested URL returned error: {code}"),
                22,
            );
        }
        if self.silent && !self.show_error {
            out.chunks
                .retain(|(stream, _)| *stream != crate::shell::Stream::Err);
        }
        out
    }
}

fn request_from_pod(
    s: &mut Session,
    ns: &str,
    url: &str,
    tool: &str,
    from: Option<Key>,
) -> (Output, Option<u16>) {
    let rest = url.trim_start_matches("http://");
    let (hostport, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let (host, port) = match hostport.split_once(':') {
        Some((h, p)) => (h, p.parse::<i64>().unwrap_or(80)),
        None => (hostport, 80),
    };
    let agent = if tool == "curl" { "curl/8.5.0" } else { "Wget" };
    // The pod itself: its containers share one network namespace.
    if let Some(me) = from
        .as_ref()
        .filter(|_| matches!(host, "localhost" | "127.0.0.1"))
    {
        if !s.sim.world.listens(me, port) {
            return (refused(tool, host, "127.0.0.1", port), None);
        }
        let (code, body) = serve(s, me, path, "127.0.0.1", agent);
        return (answered(tool, code, body), Some(code));
    }
    let w = &s.sim.world;
    let Some((fqdn, ips)) = w.lookup(ns, host) else {
        let out = Output::err(
            if tool == "curl" {
                format!("curl: (6) Could not resolve host: {host}")
            } else {
                format!("wget: bad address '{host}'")
            },
            if tool == "curl" { 6 } else { 1 },
        );
        return (out, None);
    };
    let ip = ips.first().map(|(ip, _)| ip.clone()).unwrap_or_default();
    // A Service name: load-balance, its port to the pod's target port (a headless Service's
    // name resolves to the pods, the port as asked); a pod name or IP: that pod.
    let labels: Vec<&str> = fqdn.split('.').collect();
    let service = (labels.len() >= 4 && labels.get(2) == Some(&"svc"))
        .then(|| w.services.get(&key(labels[1], labels[0])).cloned())
        .flatten();
    let target = match &service {
        Some(svc) => pick_endpoint(s, &svc.ns, &svc.name),
        None => s
            .sim
            .world
            .pods
            .values()
            .find(|p| p.ip.as_deref() == Some(ip.as_str()))
            .map(|p| p.key())
            .ok_or_else(|| "no route".into()),
    };
    let Ok(pod) = target else {
        return (refused(tool, host, &ip, port), None);
    };
    let w = &s.sim.world;
    // A headless Service's name is the pods' addresses: the port as asked.
    let pod_port = match &service {
        Some(svc) if !svc.headless() => target_port(w, svc, &pod, port),
        _ => Some(port),
    };
    if !pod_port.is_some_and(|p| w.listens(&pod, p)) {
        return (refused(tool, host, &ip, port), None);
    }
    // The app sees the calling pod's address; a pod reaching itself through a Service comes
    // back masqueraded to the node's bridge (kube-proxy's hairpin rule), as does a request from
    // a pod the terminal only runs (`kubectl run`).
    let client = from
        .as_ref()
        .filter(|me| **me != pod)
        .and_then(|me| s.sim.world.pods.get(me))
        .and_then(|p| p.ip.clone())
        .unwrap_or_else(|| PROBE_CLIENT.to_string());
    let (code, body) = serve(s, &pod, path, &client, agent);
    (answered(tool, code, body), Some(code))
}

/// The port in `pod` that Service `svc`'s port `port` leads to
/// (`LookupContainerPortNumberByServicePort`, kubectl's pkg/util): a headless Service's port
/// as it is, else its target port (omitted: the port; named: the pod's container port of that
/// name); none when the Service has no such port.
pub fn target_port(w: &World, svc: &Service, pod: &Key, port: i64) -> Option<i64> {
    let p = svc.ports.iter().find(|p| p.port == port)?;
    if svc.headless() {
        return Some(port);
    }
    match p.target.parse::<i64>() {
        Ok(0) => Some(p.port),
        Ok(n) => Some(n),
        Err(_) => objects::named_port(w, pod, &p.target),
    }
}

/// Where a connection from the terminal's machine lands in the pod it reaches: a Service's
/// port (a tunnel, a node port), a port-forward's pod port.
enum Lands {
    Service(Box<Service>, i64),
    Pod(i64),
    Nowhere,
}

impl Lands {
    /// Whether the pod's app takes the connection.
    fn answers(&self, w: &World, pod: &Key) -> bool {
        let port = match self {
            Lands::Service(svc, port) => target_port(w, svc, pod, *port),
            Lands::Pod(port) => Some(*port),
            Lands::Nowhere => None,
        };
        port.is_some_and(|p| w.listens(pod, p))
    }
}

/// A connection nothing accepts: curl's and busybox wget's words for it.
fn refused(tool: &str, host: &str, ip: &str, port: i64) -> Output {
    if tool == "curl" {
        Output::err(
            format!(
                "curl: (7) Failed to connect to {host} port {port} after 0 ms: Couldn't connect to server"
            ),
            7,
        )
    } else {
        Output::err(
            format!("wget: can't connect to remote host ({ip}): Connection refused"),
            1,
        )
    }
}

/// What the tool prints of an app's answer: busybox's wget stops at a status it does not
/// follow (`wget_main`, the status line in its message); curl prints the page whatever the
/// status.
fn answered(tool: &str, code: u16, body: String) -> Output {
    if tool == "wget" && code >= 400 {
        let reason = match code {
            403 => "Forbidden",
            404 => "Not Found",
            502 => "Bad Gateway",
            _ => "Service Unavailable",
        };
        return Output::err(
            format!("wget: server returned error: HTTP/1.1 {code} {reason}"),
            1,
        );
    }
    Output::ok(body)
}

/// `curl` on the terminal's machine: `localhost:PORT` (port-forwards) and the node's
/// NodePorts (`minikube service --url`).
pub fn host_http(s: &mut Session, tool: &str, args: &[String]) -> Output {
    // A usage error, which `-s` does not silence (curl 7.88's wording).
    if !args.iter().any(|a| !a.starts_with('-')) {
        return Output::err(
            format!(
                "{tool}: no URL specified!\n{tool}: try '{tool} --help' or '{tool} --manual' for more information"
            ),
            2,
        );
    }
    let (out, status) = host_request(s, args);
    CurlFlags::of(tool, args).report(out, status)
}

fn host_request(s: &mut Session, args: &[String]) -> (Output, Option<u16>) {
    let Some(url) = args.iter().rev().find(|a| !a.starts_with('-')).cloned() else {
        return (Output::status(2), None);
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
    // Where the connection lands in the pod, once the pod is chosen.
    let mut lands = Lands::Nowhere;
    let target = if matches!(host, "localhost" | "127.0.0.1") {
        let Some(f) = s.forwards.iter().find(|f| f.local == port).cloned() else {
            return (refused(), None);
        };
        if let Some(svc) = f.target.strip_prefix("tunnel/") {
            // minikube's SSH tunnel to the ClusterIP: kube-proxy on the node picks an
            // endpoint; the pod sees the node's bridge address.
            client = "10.244.0.1";
            if let Some(service) = s.sim.world.services.get(&key(&f.ns, svc)).cloned() {
                lands = Lands::Service(Box::new(service), f.remote);
            }
            pick_endpoint(s, &f.ns, svc)
        } else {
            let n = f.target.trim_start_matches("pod/");
            let k = key(&f.ns, n);
            if !s.sim.world.pods.contains_key(&k) {
                // The forward ended with its pod (kubectl port-forward exits): nothing listens.
                s.forwards.retain(|x| x.local != port);
                return (refused(), None);
            }
            handling = format!("Handling connection for {port}\n");
            lands = Lands::Pod(f.remote);
            Ok(k)
        }
    } else if host == s.sim.world.node_ip {
        // kube-proxy masquerades NodePort traffic: the pod sees the node's bridge address.
        client = "10.244.0.1";
        let svc = s
            .sim
            .world
            .services
            .values()
            .find(|x| x.ports.iter().any(|p| p.node_port == Some(i64::from(port))))
            .cloned();
        match svc {
            Some(service) => {
                let (ns, name) = (service.ns.clone(), service.name.clone());
                let svc_port = service
                    .ports
                    .iter()
                    .find(|p| p.node_port == Some(i64::from(port)))
                    .map_or(0, |p| p.port);
                lands = Lands::Service(Box::new(service), svc_port);
                match pick_endpoint(s, &ns, &name) {
                    // kube-proxy sends the connection to the pod, which refuses it.
                    Ok(pod) if !lands.answers(&s.sim.world, &pod) => return (refused(), None),
                    other => other,
                }
            }
            None => return (refused(), None),
        }
    } else {
        return (
            Output::err(format!("curl: (6) Could not resolve host: {host}"), 6),
            None,
        );
    };
    let mut out = Output::ok(handling);
    let mut status = None;
    out.append(match target {
        // The tunnel or the forward took the connection; the pod refused it.
        Ok(pod) if !lands.answers(&s.sim.world, &pod) => {
            Output::err("curl: (52) Empty reply from server", 52)
        }
        Ok(pod) => {
            let (code, body) = serve(s, &pod, path, client, "curl/8.5.0");
            if code == 0 {
                Output::err("curl: (52) Empty reply from server", 52)
            } else {
                status = Some(code);
                Output::ok(body)
            }
        }
        Err(_) => Output::err("curl: (52) Empty reply from server", 52),
    });
    (out, status)
}

/// The official image's `index.html` (615 bytes, the `Content-Length` nginx sends for it).
pub const NGINX_WELCOME: &str = "<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n<style>\nhtml { color-scheme: light dark; }\nbody { width: 35em; margin: 0 auto;\nfont-family: Tahoma, Verdana, Arial, sans-serif; }\n</style>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n<p>If you see this page, the nginx web server is successfully installed and\nworking. Further configuration is required.</p>\n\n<p>For online documentation and support please refer to\n<a href=\"http://nginx.org/\">nginx.org</a>.<br/>\nCommercial support is available at\n<a href=\"http://nginx.com/\">nginx.com</a>.</p>\n\n<p><em>Thank you for using nginx.</em></p>\n</body>\n</html>\n";
/// nginx's own error page for `status` (`ngx_http_error_pages`, with its version line).
fn nginx_error(status: &str) -> String {
    format!(
        "<html>\r\n<head><title>{status}</title></head>\r\n<body>\r\n<center><h1>{status}</h1></center>\r\n<hr><center>nginx/1.27.4</center>\r\n</body>\r\n</html>\r\n"
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn nginx_welcome_page_is_the_images_615_bytes() {
        assert_eq!(super::NGINX_WELCOME.len(), 615);
    }
}
