//! StatefulSet validation on create (`pkg/apis/apps/validation/validation.go`): `ValidateStatefulSet` and
//! `ValidateStatefulSetSpec` (pkg/apis/apps/validation), `ValidatePodTemplateSpecForStatefulSet`,
//! the retention policy, and the v1.33+/v1.34+ additions (serviceName, pod template and claim
//! template validation). Input is the defaulted clean tree: the API server defaults first.

use super::field::{BadValue, Errors, Path};
use super::meta;
use super::names;
use crate::go;
use crate::labels::Selector;
use crate::quantity;
use crate::version::Profile;
use crate::yaml::{Node, Value};

/// Every create-time error of a (defaulted, clean) StatefulSet.
pub fn validate(sts: &Node, profile: &Profile) -> Errors {
    let mut errs = Errors::default();
    meta::object_meta(sts.get("metadata"), meta::name_is_dns_label, &mut errs);
    let empty = Node::new(Value::Map(Vec::new()), sts.span);
    let spec = sts.get("spec").unwrap_or(&empty);
    spec_rules(spec, profile, &mut errs);
    errs
}

/// `ValidateStatefulSetSpec`, in the order the API server reports.
pub fn spec_rules(spec: &Node, profile: &Profile, errs: &mut Errors) {
    // Rule 4: podManagementPolicy.
    match spec.get_str("podManagementPolicy").unwrap_or("") {
        "" => errs.required("pod-management-policy", "spec.podManagementPolicy", ""),
        "OrderedReady" | "Parallel" => {}
        other => errs.invalid(
            "pod-management-policy",
            "spec.podManagementPolicy",
            other,
            "must be 'OrderedReady' or 'Parallel'",
        ),
    }
    // Rules 5–8: updateStrategy.
    update_strategy(spec, profile, errs);
    // Rule 9: PVC retention policy.
    if let Some(policy) = spec.get("persistentVolumeClaimRetentionPolicy") {
        for key in ["whenDeleted", "whenScaled"] {
            let v = policy.get_str(key).unwrap_or("");
            if v != "Retain" && v != "Delete" {
                errs.not_supported(
                    "pvc-retention-policy",
                    &Path::new("spec.persistentVolumeClaimRetentionPolicy").child(key),
                    v,
                    &["Retain", "Delete"],
                );
            }
        }
    }
    // Rules 10–12.
    errs.nonnegative(
        "negative-replicas",
        "spec.replicas",
        spec.int_at(&["replicas"]).unwrap_or(0),
    );
    errs.nonnegative(
        "negative-min-ready-seconds",
        "spec.minReadySeconds",
        spec.int_at(&["minReadySeconds"]).unwrap_or(0),
    );
    if let Some(start) = spec.int_at(&["ordinals", "start"]) {
        errs.nonnegative("negative-ordinals-start", "spec.ordinals.start", start);
    }
    // Rule 13: serviceName (v1.33+, PR #130233).
    if profile.validate_service_name
        && let Some(name) = spec.get_str("serviceName").filter(|s| !s.is_empty())
    {
        errs.invalid_each(
            "service-name-invalid",
            "spec.serviceName",
            name,
            names::is_dns1123_label(name),
        );
    }
    // Rules 14–17: selector.
    let sel_node = spec.get("selector");
    let selector = sel_node.map(Selector::from_node);
    match (sel_node, &selector) {
        (None, _) | (_, None) => errs.required("selector-required", "spec.selector", ""),
        (Some(node), Some(sel)) => {
            meta::label_selector(node, &Path::new("spec.selector"), errs);
            if sel.is_empty() {
                errs.invalid(
                    "selector-empty",
                    "spec.selector",
                    BadValue::Raw(sel.go_string(Some(node))),
                    "empty selector is invalid for statefulset",
                );
            }
        }
    }
    let template = spec.get("template");
    let template_labels = template
        .map(|t| t.str_map_at(&["metadata", "labels"]))
        .unwrap_or_default();
    // A missing selector is `labels.Nothing()`: not empty, matches nothing (rule 14 note).
    let matches = match &selector {
        None => false,
        Some(sel) => sel.is_empty() || sel.matches(&template_labels),
    };
    if !matches {
        errs.invalid(
            "selector-mismatch",
            "spec.template.metadata.labels",
            // Go prints a map that was never set (absent or `null` in the YAML) as nil.
            if template
                .and_then(|t| t.at(&["metadata", "labels"]))
                .is_some()
            {
                BadValue::Map(template_labels.clone())
            } else {
                BadValue::Raw("map[string]string(nil)".into())
            },
            "`selector` does not match template `labels`",
        );
    }
    // Rule 18 (paths as the API server writes them: `spec.template.labels`).
    meta::labels(&template_labels, "spec.template.labels", errs);
    let template_annotations = template
        .map(|t| t.str_map_at(&["metadata", "annotations"]))
        .unwrap_or_default();
    meta::annotations(&template_annotations, "spec.template.annotations", errs);
    // Rules 19–20.
    let pod_spec = template.and_then(|t| t.get("spec"));
    let restart = pod_spec
        .and_then(|p| p.get_str("restartPolicy"))
        .unwrap_or("Always");
    if restart != "Always" {
        errs.not_supported(
            "restart-policy-not-always",
            "spec.template.spec.restartPolicy",
            restart,
            &["Always"],
        );
    }
    if pod_spec
        .and_then(|p| p.get("activeDeadlineSeconds"))
        .is_some()
    {
        errs.forbidden(
            "active-deadline-seconds",
            "spec.template.spec.activeDeadlineSeconds",
            "activeDeadlineSeconds in StatefulSet is not Supported",
        );
    }
    // Rule 22: claim templates (v1.34+).
    let claims = spec.seq_at(&["volumeClaimTemplates"]);
    if profile.validate_claim_templates {
        for (i, t) in claims.iter().enumerate() {
            claim_template(t, &Path::new("spec.volumeClaimTemplates").index(i), errs);
        }
    }
    // Rule 21: the pod template (v1.34+), with a volume per claim template.
    if profile.validate_pod_template {
        let claim_names: Vec<String> = claims
            .iter()
            .filter_map(|t| t.str_at(&["metadata", "name"]).map(str::to_string))
            .collect();
        let empty = Node::new(Value::Map(Vec::new()), spec.span);
        super::pod::validate_pod_spec(
            pod_spec.unwrap_or(&empty),
            &super::field::Path::new("spec.template.spec"),
            &claim_names,
            errs,
        );
    }
}

/// Rules 5–8: strategy type, OnDelete without rollingUpdate, partition, maxUnavailable.
fn update_strategy(spec: &Node, profile: &Profile, errs: &mut Errors) {
    let strategy = spec.get("updateStrategy");
    let ty = strategy.and_then(|s| s.get_str("type")).unwrap_or("");
    let ru = strategy.and_then(|s| s.get("rollingUpdate"));
    match ty {
        "" => errs.required("update-strategy-type", "spec.updateStrategy", ""),
        "OnDelete" => {
            if let Some(ru) = ru {
                errs.invalid(
                    "on-delete-rolling-update",
                    "spec.updateStrategy.rollingUpdate",
                    BadValue::Raw(rolling_update_go(Some(ru))),
                    "only allowed for updateStrategy 'RollingUpdate'",
                );
            }
        }
        "RollingUpdate" => {
            if let Some(ru) = ru {
                errs.nonnegative(
                    "negative-partition",
                    "spec.updateStrategy.rollingUpdate.partition",
                    ru.int_at(&["partition"]).unwrap_or(0),
                );
                // Only present when the MaxUnavailableStatefulSet gate is on (else dropped).
                if profile.max_unavailable_statefulset
                    && let Some(mu) = ru.get("maxUnavailable")
                {
                    max_unavailable(mu, errs);
                }
            }
        }
        other => errs.invalid(
            "update-strategy-type",
            "spec.updateStrategy",
            BadValue::Raw(format!(
                "apps.StatefulSetUpdateStrategy{{Type:{}, RollingUpdate:{}}}",
                go::quote(other),
                match ru {
                    None => "(*apps.RollingUpdateStatefulSetStrategy)(nil)".to_string(),
                    Some(ru) => format!("&{}", rolling_update_go(Some(ru))),
                }
            )),
            "must be 'RollingUpdate' or 'OnDelete'",
        ),
    }
}

fn rolling_update_go(ru: Option<&Node>) -> String {
    let partition = ru.and_then(|r| r.int_at(&["partition"])).unwrap_or(0);
    let mu = match ru.and_then(|r| r.get("maxUnavailable")).map(|n| &n.value) {
        Some(Value::Int(i)) => format!("&intstr.IntOrString{{Type:0, IntVal:{i}, StrVal:\"\"}}"),
        Some(Value::Str(s)) => format!(
            "&intstr.IntOrString{{Type:1, IntVal:0, StrVal:{}}}",
            go::quote(s)
        ),
        _ => "(*intstr.IntOrString)(nil)".into(),
    };
    format!("apps.RollingUpdateStatefulSetStrategy{{Partition:{partition}, MaxUnavailable:{mu}}}")
}

/// `ValidatePositiveIntOrPercent`, `IsNotMoreThan100Percent`, and "cannot be 0".
fn max_unavailable(mu: &Node, errs: &mut Errors) {
    const PATH: &str = "spec.updateStrategy.rollingUpdate.maxUnavailable";
    match &mu.value {
        Value::Int(i) => {
            if *i < 0 {
                errs.invalid(
                    "max-unavailable",
                    PATH,
                    *i,
                    "must be greater than or equal to 0",
                );
            } else if *i == 0 {
                errs.invalid("max-unavailable", PATH, *i, "cannot be 0");
            }
        }
        Value::Str(s) => match s.strip_suffix('%').and_then(|n| n.parse::<i64>().ok()) {
            None => errs.invalid(
                "max-unavailable",
                PATH,
                s.as_str(),
                "a valid percent string must be a numeric string followed by an ending '%'",
            ),
            Some(p) if p < 0 => errs.invalid(
                "max-unavailable",
                PATH,
                s.as_str(),
                "must be greater than or equal to 0",
            ),
            Some(0) => errs.invalid("max-unavailable", PATH, s.as_str(), "cannot be 0"),
            Some(p) if p > 100 => errs.invalid(
                "max-unavailable",
                PATH,
                s.as_str(),
                "must not be greater than 100%",
            ),
            Some(_) => {}
        },
        _ => {}
    }
}

/// A claim template (rule 22, `ValidatePersistentVolumeClaimSpec` and the name it gives the
/// pod volume).
fn claim_template(t: &Node, path: &Path, errs: &mut Errors) {
    let name = t.str_at(&["metadata", "name"]).unwrap_or("");
    if name.is_empty() {
        errs.required(
            "claim-template-name",
            &path.child("metadata").child("name"),
            "name or generateName is required",
        );
    } else {
        // The name becomes a pod volume name, a DNS-1123 label (`ValidateVolumes`).
        errs.invalid_each(
            "claim-template-name",
            &path.child("metadata").child("name"),
            name,
            names::is_dns1123_label(name),
        );
    }
    let spec_path = path.child("spec");
    let modes = t.seq_at(&["spec", "accessModes"]);
    if modes.is_empty() {
        errs.required(
            "claim-access-modes",
            &spec_path.child("accessModes"),
            "at least 1 access mode is required",
        );
    }
    const MODES: [&str; 4] = [
        "ReadOnlyMany",
        "ReadWriteMany",
        "ReadWriteOnce",
        "ReadWriteOncePod",
    ];
    let mut rwop = false;
    for m in modes {
        let m = m.as_str().unwrap_or("");
        rwop |= m == "ReadWriteOncePod";
        if !MODES.contains(&m) {
            errs.not_supported(
                "claim-access-modes",
                &spec_path.child("accessModes"),
                m,
                &MODES,
            );
        }
    }
    if rwop && modes.len() > 1 {
        errs.forbidden(
            "claim-access-modes",
            &spec_path.child("accessModes"),
            "may not use ReadWriteOncePod with other access modes",
        );
    }
    let storage_path = spec_path.child("resources").key("storage");
    match t.str_at(&["spec", "resources", "requests", "storage"]) {
        None => errs.required("claim-storage-required", &storage_path, ""),
        Some(q) => {
            if let Ok(q) = quantity::parse_quantity(q)
                && (q.is_zero() || q.is_negative())
            {
                errs.invalid(
                    "claim-storage-positive",
                    &storage_path,
                    q.to_string(),
                    "must be greater than zero",
                );
            }
        }
    }
    if let Some(class) = t
        .str_at(&["spec", "storageClassName"])
        .filter(|c| !c.is_empty())
    {
        errs.invalid_each(
            "storage-class-name",
            &spec_path.child("storageClassName"),
            class,
            names::is_dns1123_subdomain(class),
        );
    }
    if let Some(mode) = t.str_at(&["spec", "volumeMode"])
        && mode != "Block"
        && mode != "Filesystem"
    {
        errs.not_supported(
            "claim-volume-mode",
            &spec_path.child("volumeMode"),
            mode,
            &["Block", "Filesystem"],
        );
    }
}
