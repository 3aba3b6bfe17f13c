//! Scheduling: affinity, node selector terms and topology spread constraints, with their label selectors (validated by `meta::label_selector`).

use super::*;

/// The keys a label selector names, in `matchLabels` and `matchExpressions`.
pub(super) fn selector_keys(sel: &Node) -> HashSet<String> {
    let mut keys: HashSet<String> = sel.str_map_at(&["matchLabels"]).into_keys().collect();
    for e in items(sel, "matchExpressions") {
        keys.insert(string(e, "key").to_string());
    }
    keys
}

/// `ValidateLabelSelector` on an optional selector.
pub(super) fn validate_label_selector(sel: Option<&Node>, p: &Path, errs: &mut Errors) {
    if let Some(sel) = sel {
        super::super::meta::label_selector(sel, p, errs);
    }
}

/// `validateAffinity`.
pub(super) fn validate_affinity(a: &Node, p: &Path, errs: &mut Errors) {
    if let Some(na) = field(a, "nodeAffinity") {
        // validateNodeAffinity
        let np = p.child("nodeAffinity");
        if let Some(req) = field(na, "requiredDuringSchedulingIgnoredDuringExecution") {
            validate_node_selector(
                req,
                &np.child("requiredDuringSchedulingIgnoredDuringExecution"),
                errs,
            );
        }
        // ValidatePreferredSchedulingTerms (invalid label values are allowed here)
        let pp = np.child("preferredDuringSchedulingIgnoredDuringExecution");
        for (i, t) in items(na, "preferredDuringSchedulingIgnoredDuringExecution")
            .iter()
            .enumerate()
        {
            let weight = ints(t, "weight").unwrap_or(0);
            if !(1..=100).contains(&weight) {
                errs.invalid(
                    "node-affinity",
                    &pp.index(i).child("weight"),
                    weight,
                    "must be in the range 1-100",
                );
            }
            validate_node_selector_term(
                part(t, "preference"),
                true,
                &pp.index(i).child("preference"),
                errs,
            );
        }
    }
    for child in ["podAffinity", "podAntiAffinity"] {
        let Some(pa) = field(a, child) else {
            continue;
        };
        let pp = p.child(child);
        for (i, t) in items(pa, "requiredDuringSchedulingIgnoredDuringExecution")
            .iter()
            .enumerate()
        {
            validate_pod_affinity_term(
                t,
                &pp.child("requiredDuringSchedulingIgnoredDuringExecution")
                    .index(i),
                errs,
            );
        }
        validate_weighted_pod_affinity_terms(
            items(pa, "preferredDuringSchedulingIgnoredDuringExecution"),
            &pp.child("preferredDuringSchedulingIgnoredDuringExecution"),
            errs,
        );
    }
}

/// `validateWeightedPodAffinityTerms`.
pub(super) fn validate_weighted_pod_affinity_terms(terms: &[Node], p: &Path, errs: &mut Errors) {
    for (j, t) in terms.iter().enumerate() {
        let weight = ints(t, "weight").unwrap_or(0);
        if !(1..=100).contains(&weight) {
            errs.invalid(
                "pod-affinity",
                &p.index(j).child("weight"),
                weight,
                "must be in the range 1-100",
            );
        }
        validate_pod_affinity_term(
            part(t, "podAffinityTerm"),
            &p.index(j).child("podAffinityTerm"),
            errs,
        );
    }
}

/// `validatePodAffinityTerm`.
pub(super) fn validate_pod_affinity_term(t: &Node, p: &Path, errs: &mut Errors) {
    let label_selector = field(t, "labelSelector");
    validate_label_selector(label_selector, &p.child("labelSelector"), errs);
    validate_label_selector(
        field(t, "namespaceSelector"),
        &p.child("namespaceSelector"),
        errs,
    );
    for ns in strings(t, "namespaces") {
        // ValidateNamespaceName; Go reports these on `namespace` (singular).
        errs.invalid_each(
            "pod-affinity",
            &p.child("namespace"),
            ns,
            is_dns1123_label(ns),
        );
    }
    // validateMatchLabelKeysAndMismatchLabelKeys
    let match_keys = strings(t, "matchLabelKeys");
    let mismatch_keys = strings(t, "mismatchLabelKeys");
    for (keys, child) in [
        (&match_keys, "matchLabelKeys"),
        (&mismatch_keys, "mismatchLabelKeys"),
    ] {
        if keys.is_empty() {
            continue;
        }
        let kp = p.child(child);
        if label_selector.is_none() {
            errs.forbidden(
                "pod-affinity",
                &kp,
                "must not be specified when labelSelector is not set",
            );
            continue;
        }
        for (i, k) in keys.iter().enumerate() {
            errs.invalid_each("pod-affinity", &kp.index(i), k, is_qualified_name(k));
        }
    }
    if let Some(sel) = label_selector {
        let positions: HashMap<&str, usize> = match_keys
            .iter()
            .enumerate()
            .map(|(i, k)| (*k, i))
            .collect();
        let mut selector_keys: HashSet<String> =
            sel.str_map_at(&["matchLabels"]).into_keys().collect();
        for e in items(sel, "matchExpressions") {
            let k = string(e, "key");
            if let Some(&i) = positions.get(k)
                && selector_keys.contains(k)
            {
                // Go indexes the term's path here, not `matchLabelKeys`.
                errs.invalid(
                    "pod-affinity",
                    &p.index(i),
                    k,
                    "exists in both matchLabelKeys and labelSelector",
                );
            }
            selector_keys.insert(k.to_string());
        }
    }
    let mismatch: HashSet<&str> = mismatch_keys.iter().copied().collect();
    for (i, k) in match_keys.iter().enumerate() {
        if mismatch.contains(k) {
            errs.invalid(
                "pod-affinity",
                &p.child("matchLabelKeys").index(i),
                *k,
                "exists in both matchLabelKeys and mismatchLabelKeys",
            );
        }
    }
    let tk = p.child("topologyKey");
    let topology_key = string(t, "topologyKey");
    if topology_key.is_empty() {
        errs.required("pod-affinity", &tk, "can not be empty");
    }
    errs.invalid_each(
        "pod-affinity",
        &tk,
        topology_key,
        is_qualified_name(topology_key),
    );
}

/// `ValidateNodeSelector` (required terms: label values are checked).
pub(super) fn validate_node_selector(ns: &Node, p: &Path, errs: &mut Errors) {
    let tp = p.child("nodeSelectorTerms");
    let terms = items(ns, "nodeSelectorTerms");
    if terms.is_empty() {
        errs.required(
            "node-affinity",
            &tp,
            "must have at least one node selector term",
        );
        return;
    }
    for (i, t) in terms.iter().enumerate() {
        validate_node_selector_term(t, false, &tp.index(i), errs);
    }
}

/// `ValidateNodeSelectorTerm`.
pub(super) fn validate_node_selector_term(
    t: &Node,
    allow_invalid_values: bool,
    p: &Path,
    errs: &mut Errors,
) {
    for (j, r) in items(t, "matchExpressions").iter().enumerate() {
        validate_node_selector_requirement(
            r,
            allow_invalid_values,
            &p.child("matchExpressions").index(j),
            errs,
        );
    }
    for (j, r) in items(t, "matchFields").iter().enumerate() {
        // ValidateNodeFieldSelectorRequirement
        let rp = p.child("matchFields").index(j);
        let values = strings(r, "values");
        match string(r, "operator") {
            "In" | "NotIn" => {
                if values.len() != 1 {
                    errs.required(
                        "node-affinity",
                        &rp.child("values"),
                        "must be only one value when `operator` is 'In' or 'NotIn' for node field selector",
                    );
                }
            }
            op => errs.invalid(
                "node-affinity",
                &rp.child("operator"),
                op,
                "not a valid selector operator",
            ),
        }
        let k = string(r, "key");
        if k != "metadata.name" {
            errs.invalid(
                "node-affinity",
                &rp.child("key"),
                k,
                "not a valid field selector key",
            );
        } else {
            for (i, v) in values.iter().enumerate() {
                errs.invalid_each(
                    "node-affinity",
                    &rp.child("values").index(i),
                    v,
                    name_is_dns_subdomain(v, false),
                );
            }
        }
    }
}

/// `ValidateNodeSelectorRequirement`.
pub(super) fn validate_node_selector_requirement(
    r: &Node,
    allow_invalid_values: bool,
    p: &Path,
    errs: &mut Errors,
) {
    let values = strings(r, "values");
    let vp = p.child("values");
    match string(r, "operator") {
        "In" | "NotIn" => {
            if values.is_empty() {
                errs.required(
                    "node-affinity",
                    &vp,
                    "must be specified when `operator` is 'In' or 'NotIn'",
                );
            }
        }
        "Exists" | "DoesNotExist" => {
            if !values.is_empty() {
                errs.forbidden(
                    "node-affinity",
                    &vp,
                    "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                );
            }
        }
        "Gt" | "Lt" => {
            if values.len() != 1 {
                errs.required(
                    "node-affinity",
                    &vp,
                    "must be specified single value when `operator` is 'Lt' or 'Gt'",
                );
            }
        }
        op => errs.invalid(
            "node-affinity",
            &p.child("operator"),
            op,
            "not a valid selector operator",
        ),
    }
    let k = string(r, "key");
    errs.invalid_each("node-affinity", &p.child("key"), k, is_qualified_name(k));
    if !allow_invalid_values {
        for (i, v) in values.iter().enumerate() {
            errs.invalid_each("node-affinity", &vp.index(i), v, is_valid_label_value(v));
        }
    }
}

/// `validateTopologySpreadConstraints`.
pub(super) fn validate_topology_spread_constraints(cs: &[Node], path: &Path, errs: &mut Errors) {
    const CODE: &str = "topology-spread-invalid";
    for (i, c) in cs.iter().enumerate() {
        let p = path.index(i);
        let max_skew = ints(c, "maxSkew").unwrap_or(0);
        if max_skew <= 0 {
            errs.invalid(CODE, &p.child("maxSkew"), max_skew, NOT_POSITIVE);
        }
        let topology_key = string(c, "topologyKey");
        if topology_key.is_empty() {
            errs.required(CODE, &p.child("topologyKey"), "can not be empty");
        }
        let action = string(c, "whenUnsatisfiable");
        if action != "DoNotSchedule" && action != "ScheduleAnyway" {
            errs.not_supported(
                CODE,
                &p.child("whenUnsatisfiable"),
                action,
                &["DoNotSchedule", "ScheduleAnyway"],
            );
        }
        // ValidateSpreadConstraintNotRepeat: the tuple is the path's last element.
        if cs[i + 1..].iter().any(|o| {
            string(o, "topologyKey") == topology_key && string(o, "whenUnsatisfiable") == action
        }) {
            errs.duplicate(
                "duplicate-topology-spread",
                &p.child("{topologyKey, whenUnsatisfiable}"),
                format!("{{{topology_key}, {action}}}"),
            );
        }
        // validateMinDomains
        if let Some(md) = ints(c, "minDomains") {
            if md <= 0 {
                errs.invalid(CODE, &p.child("minDomains"), md, NOT_POSITIVE);
            }
            if action != "DoNotSchedule" {
                errs.invalid(
                    CODE,
                    &p.child("minDomains"),
                    md,
                    format!(
                        "can only use minDomains if whenUnsatisfiable=DoNotSchedule, not {action}"
                    ),
                );
            }
        }
        // validateNodeInclusionPolicy
        for child in ["nodeAffinityPolicy", "nodeTaintsPolicy"] {
            if let Some(v) = opt_str(c, child)
                && v != "Honor"
                && v != "Ignore"
            {
                errs.not_supported(CODE, &p.child(child), v, &["Honor", "Ignore"]);
            }
        }
        // validateMatchLabelKeysInTopologySpread
        let label_selector = field(c, "labelSelector");
        let keys = strings(c, "matchLabelKeys");
        if !keys.is_empty() {
            let kp = p.child("matchLabelKeys");
            let selector_keys = match label_selector {
                Some(sel) => selector_keys(sel),
                None => {
                    errs.forbidden(
                        CODE,
                        &kp,
                        "must not be specified when labelSelector is not set",
                    );
                    HashSet::new()
                }
            };
            for (j, k) in keys.iter().enumerate() {
                errs.invalid_each(CODE, &kp.index(j), k, is_qualified_name(k));
                if selector_keys.contains(*k) {
                    errs.invalid(
                        CODE,
                        &kp.index(j),
                        *k,
                        "exists in both matchLabelKeys and labelSelector",
                    );
                }
            }
        }
        validate_label_selector(label_selector, &p.child("labelSelector"), errs);
    }
}
