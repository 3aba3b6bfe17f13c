//! Service validation on create (`ValidateService`, pkg/apis/core/validation), the parts that
//! matter for a StatefulSet's governing Service: name, type, clusterIP, ports, selector.

use super::field::{Errors, Path};
use super::{meta, names};
use crate::version::Profile;
use crate::yaml::{Node, Value};

/// Every create-time error of a (defaulted, clean) Service.
pub fn validate(svc: &Node, profile: &Profile) -> Errors {
    let mut errs = Errors::default();
    // RelaxedServiceNameValidation (beta, on in v1.36): any DNS-1123 label; before, DNS-1035.
    let name_fn: fn(&str) -> Vec<String> = if profile.relaxed_service_name {
        names::is_dns1123_label
    } else {
        names::is_dns1035_label
    };
    meta::object_meta(svc.get("metadata"), name_fn, &mut errs);
    let empty = Node::new(Value::Map(Vec::new()), svc.span);
    let spec = svc.get("spec").unwrap_or(&empty);
    let ty = spec.get_str("type").unwrap_or("ClusterIP");
    const TYPES: [&str; 4] = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];
    if !TYPES.contains(&ty) {
        errs.not_supported("service-type", "spec.type", ty, &TYPES);
    }
    let cluster_ip = spec.get_str("clusterIP").unwrap_or("");
    let headless = cluster_ip == "None";
    let mark = errs.len();
    if headless && ty != "ClusterIP" && TYPES.contains(&ty) {
        errs.invalid(
            "service-cluster-ip",
            "spec.clusterIPs[0]",
            "None",
            format!("may not be set to 'None' for {ty} services"),
        );
    } else if !cluster_ip.is_empty() && !headless && !names::is_valid_ip(cluster_ip).is_empty() {
        errs.invalid(
            "service-cluster-ip",
            "spec.clusterIPs[0]",
            cluster_ip,
            "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)",
        );
    }
    errs.locate_since(mark, "spec.clusterIP");
    let ports = spec.seq_at(&["ports"]);
    if ports.is_empty() && !headless && ty != "ExternalName" {
        errs.required("service-ports-required", "spec.ports", "");
    }
    let mut seen_names = Vec::new();
    let mut seen_ports = Vec::new();
    for (i, p) in ports.iter().enumerate() {
        let path = Path::new("spec.ports").index(i);
        let pname = p.get_str("name").unwrap_or("");
        if ports.len() > 1 && pname.is_empty() {
            errs.required("service-port-name-required", &path.child("name"), "");
        } else if !pname.is_empty() {
            errs.invalid_each(
                "port-name-invalid",
                &path.child("name"),
                pname,
                names::is_valid_port_name(pname),
            );
            if seen_names.contains(&pname) {
                errs.duplicate("duplicate-port-name", &path.child("name"), pname);
            }
            seen_names.push(pname);
        }
        let port = p.int_at(&["port"]).unwrap_or(0);
        errs.invalid_each_int(
            "port-number-invalid",
            &path.child("port"),
            port,
            names::is_valid_port_num(port),
        );
        let proto = p.get_str("protocol").unwrap_or("TCP");
        if !["SCTP", "TCP", "UDP"].contains(&proto) {
            errs.not_supported(
                "port-protocol",
                &path.child("protocol"),
                proto,
                &["SCTP", "TCP", "UDP"],
            );
        }
        if seen_ports.contains(&(port, proto)) {
            errs.duplicate("duplicate-service-port", &path, format!("{port}/{proto}"));
        }
        seen_ports.push((port, proto));
        match p.get("targetPort").map(|n| &n.value) {
            Some(Value::Int(t)) => errs.invalid_each_int(
                "port-number-invalid",
                &path.child("targetPort"),
                *t,
                names::is_valid_port_num(*t),
            ),
            Some(Value::Str(t)) => errs.invalid_each(
                "port-name-invalid",
                &path.child("targetPort"),
                t,
                names::is_valid_port_name(t),
            ),
            _ => {}
        }
        if p.get("nodePort").is_some() && ty != "NodePort" && ty != "LoadBalancer" {
            errs.forbidden(
                "service-node-port",
                &path.child("nodePort"),
                format!("may not be used when `type` is '{ty}'"),
            );
        }
    }
    meta::labels(&spec.str_map_at(&["selector"]), "spec.selector", &mut errs);
    if let Some(aff) = spec.get_str("sessionAffinity")
        && aff != "ClientIP"
        && aff != "None"
    {
        errs.not_supported(
            "session-affinity",
            "spec.sessionAffinity",
            aff,
            &["ClientIP", "None"],
        );
    }
    errs
}
