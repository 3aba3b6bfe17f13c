//! Cluster DNS as CoreDNS answers it (kubernetes/dns `docs/specification.md` v1.0.1, CoreDNS's kubernetes plugin): Service names, per-pod names of
//! StatefulSet pods through their governing Service, dashed-IP names, reverse lookups, and the
//! search list a pod's resolver uses. Answers depend on the endpoints at the instant asked.

use super::cluster::World;
use super::world::{CState, Key, Phase, Pod, Service};
use std::collections::BTreeSet;

/// A name's A records: (address, reverse name when CoreDNS has one).
pub type Records = Vec<(String, Option<String>)>;

/// The cluster's DNS service IP (`kube-dns.kube-system.svc`).
pub const DNS_IP: &str = "10.96.0.10";
/// The `kubernetes.default.svc` IP.
pub const API_IP: &str = "10.96.0.1";

/// One endpoint of a Service (an EndpointSlice entry).
#[derive(Clone, Debug, PartialEq)]
pub struct Endpoint {
    pub ip: String,
    pub pod: Key,
    pub pod_name: String,
    /// `pod.spec.hostname` when the pod's subdomain is this Service (`ShouldSetHostname`).
    pub hostname: Option<String>,
    pub ready: bool,
    pub serving: bool,
    pub terminating: bool,
    pub node: String,
}

impl World {
    /// The endpoints of `svc`: selected pods with an IP that are not terminal (§2.2 rule 4).
    pub fn endpoints(&self, svc: &Service) -> Vec<Endpoint> {
        if svc.selector.is_empty() || svc.ty == "ExternalName" {
            return Vec::new();
        }
        let mut out: Vec<Endpoint> = self
            .pods
            .values()
            .filter(|p| svc.selects(p))
            .filter(|p| p.ip.is_some() && !matches!(p.phase, Phase::Failed | Phase::Succeeded))
            .map(|p| {
                let terminating = p.is_terminating();
                let ready_cond = p.is_ready()
                    && p.containers
                        .iter()
                        .all(|c| matches!(c.state, CState::Running { .. }));
                Endpoint {
                    ip: p.ip.clone().unwrap_or_default(),
                    pod: p.key(),
                    pod_name: p.name.clone(),
                    hostname: (!p.hostname.is_empty() && p.subdomain == svc.name)
                        .then(|| p.hostname.clone()),
                    ready: svc.publish_not_ready || (ready_cond && !terminating),
                    serving: ready_cond,
                    terminating,
                    node: p.node.clone().unwrap_or_default(),
                }
            })
            .collect();
        crate::sort::sort_by_key(&mut out, |e| ip_order(&e.ip));
        out
    }

    /// The search list of a pod in `ns` (`dnsPolicy: ClusterFirst`).
    pub fn search_list(&self, ns: &str) -> Vec<String> {
        let d = &self.cluster_domain;
        vec![format!("{ns}.svc.{d}"), format!("svc.{d}"), d.clone()]
    }

    /// A records for a fully qualified name (no trailing dot), each with its reverse name
    /// when CoreDNS has one. `None` is NXDOMAIN.
    pub fn resolve(&self, fqdn: &str) -> Option<Records> {
        let d = format!(".svc.{}", self.cluster_domain);
        let name = fqdn.trim_end_matches('.');
        if name == format!("kubernetes.default{d}") {
            return Some(vec![(
                API_IP.into(),
                Some(format!("kubernetes.default{d}")),
            )]);
        }
        if name == format!("kube-dns.kube-system{d}") {
            return Some(vec![(
                DNS_IP.into(),
                Some(format!("kube-dns.kube-system{d}")),
            )]);
        }
        if let Some(rest) = name.strip_suffix(&format!(".pod.{}", self.cluster_domain)) {
            // `10-244-0-5.default.pod.cluster.local` (CoreDNS `pods insecure`).
            let (dashed, ns) = rest.split_once('.')?;
            let ip = dashed.replace('-', ".");
            return self
                .pods
                .values()
                .any(|p| p.ns == ns && p.ip.as_deref() == Some(ip.as_str()))
                .then(|| vec![(ip, None)]);
        }
        let rest = name.strip_suffix(&d)?;
        let parts: Vec<&str> = rest.split('.').collect();
        match parts.as_slice() {
            [svc, ns] => {
                let s = self.services.get(&super::world::key(ns, svc))?;
                if s.ty == "ExternalName" {
                    return None;
                }
                if !s.headless() {
                    return Some(vec![(s.cluster_ip.clone(), Some(name.to_string()))]);
                }
                let ips: Vec<_> = self
                    .endpoints(s)
                    .into_iter()
                    .filter(|e| e.ready)
                    .map(|e| {
                        let ptr = e.hostname.as_ref().map(|h| format!("{h}.{svc}.{ns}{d}"));
                        (e.ip, ptr)
                    })
                    .collect();
                (!ips.is_empty()).then_some(ips)
            }
            [host, svc, ns] => {
                // Per-pod records: CoreDNS answers them for any Service with endpoints that
                // carry this hostname (headless per the DNS spec; non-headless too, §2.3).
                let s = self.services.get(&super::world::key(ns, svc))?;
                let ips: Vec<_> = self
                    .endpoints(s)
                    .into_iter()
                    .filter(|e| e.ready)
                    .filter(|e| {
                        e.hostname.as_deref() == Some(*host) || e.ip.replace('.', "-") == *host
                    })
                    .map(|e| (e.ip, Some(name.to_string())))
                    .collect();
                (!ips.is_empty()).then_some(ips)
            }
            _ => None,
        }
    }

    /// The reverse name of an IP, as CoreDNS answers PTR queries.
    pub fn reverse(&self, ip: &str) -> Option<String> {
        let d = format!(".svc.{}", self.cluster_domain);
        if ip == DNS_IP {
            return Some(format!("kube-dns.kube-system{d}"));
        }
        if ip == API_IP {
            return Some(format!("kubernetes.default{d}"));
        }
        if let Some(s) = self.services.values().find(|s| s.cluster_ip == ip) {
            return Some(format!("{}.{}{d}", s.name, s.ns));
        }
        for s in self.services.values().filter(|s| s.headless()) {
            if let Some(e) = self
                .endpoints(s)
                .into_iter()
                .find(|e| e.ip == ip && e.ready)
            {
                let host = e.hostname.unwrap_or_else(|| e.ip.replace('.', "-"));
                return Some(format!("{host}.{}.{}{d}", s.name, s.ns));
            }
        }
        None
    }

    /// Resolves `name` as a pod's resolver would: with the search list unless it has five or
    /// more dots (`ndots:5`), then as written. Returns the name that answered.
    pub fn lookup(&self, from_ns: &str, name: &str) -> Option<(String, Records)> {
        let name = name.trim_end_matches('.');
        let mut candidates = Vec::new();
        if name.matches('.').count() < 5 {
            for s in self.search_list(from_ns) {
                candidates.push(format!("{name}.{s}"));
            }
        }
        candidates.push(name.to_string());
        candidates
            .into_iter()
            .find_map(|c| self.resolve(&c).map(|ips| (c, ips)))
    }

    /// Every per-pod name (`host.service.ns.svc.domain`) that has an A record right now:
    /// what `resolve` answers for three-label names, computed with one pass over each
    /// Service's endpoints instead of one per name.
    pub fn pod_records(&self) -> BTreeSet<String> {
        let d = format!(".svc.{}", self.cluster_domain);
        let mut out = BTreeSet::new();
        for s in self.services.values() {
            for e in self.endpoints(s).into_iter().filter(|e| e.ready) {
                out.insert(format!("{}.{}.{}{d}", e.ip.replace('.', "-"), s.name, s.ns));
                if let Some(h) = e.hostname {
                    out.insert(crate::derive::pod_fqdn(
                        &h,
                        &s.name,
                        &s.ns,
                        &self.cluster_domain,
                    ));
                }
            }
        }
        out
    }

    /// The per-pod FQDNs of StatefulSet pods that resolve right now.
    pub fn resolvable_pod_fqdns(&self) -> Vec<String> {
        let records = self.pod_records();
        let out: BTreeSet<String> = self
            .pods
            .values()
            .filter_map(|p| p.fqdn(&self.cluster_domain))
            .filter(|f| records.contains(f))
            .collect();
        out.into_iter().collect()
    }
}

/// Sort key of a dotted IPv4 address (numeric, octet by octet).
fn ip_order(ip: &str) -> u64 {
    ip.split('.').take(4).fold(0, |acc, p| {
        (acc << 16) | u64::from(p.parse::<u16>().unwrap_or(0))
    })
}

/// The pod behind an endpoint, for request routing.
pub fn pod_of<'w>(w: &'w World, e: &Endpoint) -> Option<&'w Pod> {
    w.pods.get(&e.pod)
}
