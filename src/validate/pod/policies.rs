//! Pod-level policies: restart and DNS policies, the DNS config, tolerations.

use super::*;

/// `validateRestartPolicy` (empty is defaulted to Always). The StatefulSet validator adds its
/// own "only Always" rule.
pub(super) fn validate_restart_policy(rp: Option<&str>, f: &Path, errs: &mut Errors) {
    let v = or_default(rp, "Always");
    if !["Always", "OnFailure", "Never"].contains(&v) {
        errs.not_supported("restart-policy", f, v, &["Always", "OnFailure", "Never"]);
    }
}

/// `validateDNSPolicy` (empty is defaulted to ClusterFirst).
pub(super) fn validate_dns_policy(dp: Option<&str>, f: &Path, errs: &mut Errors) {
    let supported = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"];
    let v = or_default(dp, "ClusterFirst");
    if !supported.contains(&v) {
        errs.not_supported("dns-policy", f, v, &supported);
    }
}

/// `validatePodDNSConfig` with AllowRelaxedDNSSearchValidation (GA).
pub(super) fn validate_pod_dns_config(spec: &Node, p: &Path, errs: &mut Errors) {
    let none = or_default(opt_str(spec, "dnsPolicy"), "ClusterFirst") == "None";
    let cfg = field(spec, "dnsConfig");
    if none {
        let Some(cfg) = cfg else {
            errs.required(
                "dns-config",
                p,
                "must provide `dnsConfig` when `dnsPolicy` is None",
            );
            return;
        };
        if items(cfg, "nameservers").is_empty() {
            errs.required(
                "dns-config",
                &p.child("nameservers"),
                "must provide at least one DNS nameserver when `dnsPolicy` is None",
            );
            return;
        }
    }
    let Some(cfg) = cfg else { return };
    let nameservers = strings(cfg, "nameservers");
    if nameservers.len() > 3 {
        errs.invalid(
            "dns-config",
            &p.child("nameservers"),
            go_string_slice(&nameservers),
            "must not have more than 3 nameservers",
        );
    }
    for (i, ns) in nameservers.iter().enumerate() {
        errs.invalid_each(
            "dns-config",
            &p.child("nameservers").index(i),
            ns,
            is_valid_ip(ns),
        );
    }
    let searches = strings(cfg, "searches");
    if searches.len() > 32 {
        errs.invalid(
            "dns-config",
            &p.child("searches"),
            go_string_slice(&searches),
            "must not have more than 32 search paths",
        );
    }
    if searches.join(" ").len() > 2048 {
        errs.invalid(
            "dns-config",
            &p.child("searches"),
            go_string_slice(&searches),
            "must not have more than 2048 characters (including spaces) in the search list",
        );
    }
    for (i, &search) in searches.iter().enumerate() {
        if search != "." {
            let trimmed = search.strip_suffix('.').unwrap_or(search);
            errs.invalid_each(
                "dns-config",
                &p.child("searches").index(i),
                trimmed,
                is_dns1123_subdomain_with_underscore(trimmed),
            );
        }
    }
    for (i, o) in items(cfg, "options").iter().enumerate() {
        if string(o, "name").is_empty() {
            errs.required(
                "dns-config",
                &p.child("options").index(i),
                "must not be empty",
            );
        }
    }
}

/// `ValidateTolerations`.
pub(super) fn validate_tolerations(tolerations: &[Node], path: &Path, errs: &mut Errors) {
    for (i, t) in tolerations.iter().enumerate() {
        let p = path.index(i);
        let (k, op, value, effect) = (
            string(t, "key"),
            string(t, "operator"),
            string(t, "value"),
            string(t, "effect"),
        );
        if !k.is_empty() {
            errs.invalid_each(
                "toleration-invalid",
                &p.child("key"),
                k,
                is_qualified_name(k),
            );
        }
        if k.is_empty() && op != "Exists" {
            errs.invalid(
                "toleration-invalid",
                &p.child("operator"),
                op,
                "operator must be Exists when `key` is empty, which means \"match all values and all keys\"",
            );
        }
        if field(t, "tolerationSeconds").is_some() && effect != "NoExecute" {
            errs.invalid(
                "toleration-invalid",
                &p.child("effect"),
                effect,
                "effect must be 'NoExecute' when `tolerationSeconds` is set",
            );
        }
        match op {
            "Equal" | "" => {
                let msgs = is_valid_label_value(value);
                if !msgs.is_empty() {
                    errs.invalid(
                        "toleration-invalid",
                        &p.child("operator"),
                        value,
                        msgs.join(";"),
                    );
                }
            }
            "Exists" => {
                if !value.is_empty() {
                    errs.invalid(
                        "toleration-invalid",
                        &p.child("operator"),
                        value,
                        "value must be empty when `operator` is 'Exists'",
                    );
                }
            }
            _ => errs.not_supported(
                "toleration-invalid",
                &p.child("operator"),
                op,
                &["Equal", "Exists"],
            ),
        }
        // validateTaintEffect(allowEmpty=true)
        if !effect.is_empty() && !["NoSchedule", "PreferNoSchedule", "NoExecute"].contains(&effect)
        {
            errs.not_supported(
                "toleration-invalid",
                &p.child("effect"),
                effect,
                &["NoSchedule", "PreferNoSchedule", "NoExecute"],
            );
        }
    }
}
