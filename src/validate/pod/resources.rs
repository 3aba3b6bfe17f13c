//! Resource requirements (`ValidateResourceRequirements`, resource names and quantities, hugepages) and resize policies.

use super::*;

/// A `ResourceList` (`limits` or `requests`), by name; a repeated name keeps its last value.
pub(super) fn resource_list<'a>(r: &'a Node, k: &str) -> BTreeMap<&'a str, &'a Node> {
    crate::sort::to_map(
        field(r, k)
            .and_then(Node::as_map)
            .unwrap_or(&[])
            .iter()
            .map(|e| (e.key.as_str(), &e.value)),
    )
}

/// `validateResourceRequirements` with `validateContainerResourceName`.
pub(super) fn validate_resource_requirements(r: &Node, p: &Path, errs: &mut Errors) {
    let lim_path = p.child("limits");
    let req_path = p.child("requests");
    let limits = resource_list(r, "limits");
    let requests = resource_list(r, "requests");
    let (mut lim_cpu_mem, mut req_cpu_mem, mut lim_huge, mut req_huge) =
        (false, false, false, false);
    let mut parsed_limits: HashMap<&str, Quantity> = HashMap::new();
    for (&name, q) in &limits {
        let f = lim_path.key(name);
        validate_container_resource_name(name, &f, errs);
        let Some(q) = parse_field_quantity(q, &f, errs) else {
            continue;
        };
        validate_resource_quantity_value(name, &q, &f, errs);
        if name.starts_with("hugepages-") {
            lim_huge = true;
            hugepage_value(name, &q, &f, errs);
        }
        if name == "cpu" || name == "memory" {
            lim_cpu_mem = true;
        }
        parsed_limits.insert(name, q);
    }
    for (&name, q) in &requests {
        let f = req_path.key(name);
        validate_container_resource_name(name, &f, errs);
        let Some(q) = parse_field_quantity(q, &f, errs) else {
            continue;
        };
        validate_resource_quantity_value(name, &q, &f, errs);
        let overcommit = is_overcommit_allowed(name);
        if let Some(lim) = parsed_limits.get(name) {
            // Requests are reported on `resources.requests`, without the resource key.
            let ord = q.cmp_value(lim);
            if ord != Ordering::Equal && !overcommit {
                errs.invalid(
                    "resource-request-not-equal-limit",
                    &req_path,
                    q.to_string(),
                    format!("must be equal to {name} limit of {lim}"),
                );
            } else if ord == Ordering::Greater {
                errs.invalid(
                    "resource-request-exceeds-limit",
                    &req_path,
                    q.to_string(),
                    format!("must be less than or equal to {name} limit of {lim}"),
                );
            }
        } else if !overcommit && !limits.contains_key(name) {
            errs.required(
                "resource-limit-required",
                &lim_path,
                "Limit must be set for non overcommitable resources",
            );
        }
        if name.starts_with("hugepages-") {
            req_huge = true;
            hugepage_value(name, &q, &f, errs);
        }
        if name == "cpu" || name == "memory" {
            req_cpu_mem = true;
        }
    }
    if !lim_cpu_mem && !req_cpu_mem && (req_huge || lim_huge) {
        errs.forbidden(
            "hugepages-require-cpu-memory",
            p,
            "HugePages require cpu or memory",
        );
    }
}

/// `ValidateResourceQuantityValue`.
pub(super) fn validate_resource_quantity_value(
    name: &str,
    q: &Quantity,
    f: &Path,
    errs: &mut Errors,
) {
    if q.is_negative() {
        errs.invalid("resource-quantity-negative", f, q.to_string(), IS_NEGATIVE);
    }
    if is_integer_resource_name(name) && q.milli_value().is_none_or(|m| m % 1000 != 0) {
        errs.invalid(
            "resource-quantity-not-integer",
            f,
            q.to_string(),
            "must be an integer",
        );
    }
}

/// `validateResourceQuantityHugePageValue` (`IsHugePageResourceValueDivisible`).
pub(super) fn hugepage_value(name: &str, q: &Quantity, f: &Path, errs: &mut Errors) {
    let page = parse_quantity(name.trim_start_matches("hugepages-")).ok();
    let divisible = page.is_some_and(|page| {
        let page_ok = !page.is_negative()
            && !page.is_zero()
            && page.milli_value().is_some_and(|m| m % 1000 == 0);
        match (page.value(), q.value()) {
            (Some(pv), Some(qv)) if page_ok && pv != 0 => qv % pv == 0,
            _ => false,
        }
    });
    if !divisible {
        errs.invalid(
            "hugepages-value",
            f,
            q.to_string(),
            format!("{q} is not positive integer multiple of {name}"),
        );
    }
}

/// `helper.IsNativeResource`: unprefixed or in `kubernetes.io/`.
pub(super) fn is_native_resource(name: &str) -> bool {
    !name.contains('/') || name.contains("kubernetes.io/")
}

/// `helper.IsOvercommitAllowed`.
pub(super) fn is_overcommit_allowed(name: &str) -> bool {
    is_native_resource(name) && !name.starts_with("hugepages-")
}

/// `helper.IsExtendedResourceName`.
pub(super) fn is_extended_resource_name(name: &str) -> bool {
    if is_native_resource(name) || name.starts_with("requests.") {
        return false;
    }
    is_qualified_name(&format!("requests.{name}")).is_empty()
}

/// `helper.IsIntegerResourceName`.
pub(super) fn is_integer_resource_name(name: &str) -> bool {
    const INTEGER: [&str; 9] = [
        "pods",
        "resourcequotas",
        "services",
        "replicationcontrollers",
        "secrets",
        "configmaps",
        "persistentvolumeclaims",
        "services.nodeports",
        "services.loadbalancers",
    ];
    INTEGER.contains(&name) || is_extended_resource_name(name)
}

/// `helper.IsStandardResourceName`.
pub(super) fn is_standard_resource_name(name: &str) -> bool {
    const STANDARD: [&str; 20] = [
        "cpu",
        "memory",
        "ephemeral-storage",
        "requests.cpu",
        "requests.memory",
        "requests.ephemeral-storage",
        "limits.cpu",
        "limits.memory",
        "limits.ephemeral-storage",
        "pods",
        "resourcequotas",
        "services",
        "replicationcontrollers",
        "secrets",
        "configmaps",
        "persistentvolumeclaims",
        "storage",
        "requests.storage",
        "services.nodeports",
        "services.loadbalancers",
    ];
    STANDARD.contains(&name)
        || name.starts_with("hugepages-")
        || name.starts_with("requests.hugepages-")
}

/// `validateContainerResourceName` (after `validateResourceName`).
pub(super) fn validate_container_resource_name(name: &str, f: &Path, errs: &mut Errors) {
    let msgs = is_qualified_name(name);
    let qualified = msgs.is_empty();
    errs.invalid_each("resource-name-invalid", f, name, msgs);
    if qualified && !name.contains('/') && !is_standard_resource_name(name) {
        errs.invalid(
            "resource-name-invalid",
            f,
            name,
            "must be a standard resource type or fully qualified",
        );
    }
    if !name.contains('/') {
        let container_std = ["cpu", "memory", "ephemeral-storage"].contains(&name)
            || name.starts_with("hugepages-");
        if !container_std {
            errs.invalid(
                "resource-name-invalid",
                f,
                name,
                "must be a standard resource for containers",
            );
        }
    } else if !is_native_resource(name) && !is_extended_resource_name(name) {
        errs.invalid(
            "resource-name-invalid",
            f,
            name,
            "doesn't follow extended resource name standard",
        );
    }
}

/// `validateResizePolicy`; Go reports names and policies on the list path.
pub(super) fn validate_resize_policy(
    c: &Node,
    pod_restart_policy: &str,
    p: &Path,
    errs: &mut Errors,
) {
    let mut seen: HashSet<&str> = HashSet::new();
    for (i, rp) in items(c, "resizePolicy").iter().enumerate() {
        let resource = string(rp, "resourceName");
        let restart = string(rp, "restartPolicy");
        if !seen.insert(resource) {
            errs.duplicate("resize-policy", &p.index(i), resource);
        }
        match resource {
            "cpu" | "memory" => {}
            "" => errs.required("resize-policy", p, ""),
            other => errs.not_supported("resize-policy", p, other, &["cpu", "memory"]),
        }
        match restart {
            "NotRequired" | "RestartContainer" => {}
            "" => errs.required("resize-policy", p, ""),
            other => errs.not_supported(
                "resize-policy",
                p,
                other,
                &["NotRequired", "RestartContainer"],
            ),
        }
        if pod_restart_policy == "Never" && restart != "NotRequired" {
            errs.invalid(
                "resize-policy",
                p,
                restart,
                "must be 'NotRequired' when `restartPolicy` is 'Never'",
            );
        }
    }
}
