//! Object metadata and label selectors: `ValidateObjectMeta`, `ValidateLabels`,
//! `ValidateAnnotations` (pkg/apis/core/validation, apimachinery meta/v1/validation) and
//! `ValidateLabelSelector`, on clean trees.

use super::field::{Errors, Path};
use super::names;
use crate::yaml::Node;
use std::collections::BTreeMap;

/// `ValidateObjectMeta(meta, requiresNamespace=true, nameFn, "metadata")`. `name_fn` returns
/// the messages for a bad name (`NameIsDNSLabel`, `NameIsDNSSubdomain`...).
pub fn object_meta(meta: Option<&Node>, name_fn: fn(&str) -> Vec<String>, errs: &mut Errors) {
    let name = meta.and_then(|m| m.get_str("name")).unwrap_or("");
    let generate = meta.and_then(|m| m.get_str("generateName")).unwrap_or("");
    if name.is_empty() {
        if generate.is_empty() {
            errs.required(
                "name-required",
                "metadata.name",
                "name or generateName is required",
            );
        } else {
            errs.invalid_each(
                "name-invalid",
                "metadata.generateName",
                generate,
                name_fn(generate.trim_end_matches('-')),
            );
        }
    } else {
        errs.invalid_each("name-invalid", "metadata.name", name, name_fn(name));
    }
    if let Some(ns) = meta
        .and_then(|m| m.get_str("namespace"))
        .filter(|s| !s.is_empty())
    {
        errs.invalid_each(
            "namespace-invalid",
            "metadata.namespace",
            ns,
            names::is_dns1123_label(ns),
        );
    }
    labels(
        &meta.map(|m| m.str_map_at(&["labels"])).unwrap_or_default(),
        "metadata.labels",
        errs,
    );
    annotations(
        &meta
            .map(|m| m.str_map_at(&["annotations"]))
            .unwrap_or_default(),
        "metadata.annotations",
        errs,
    );
}

/// `ValidateLabels`: each key a qualified name, each value a label value; errors on `path`.
pub fn labels(labels: &BTreeMap<String, String>, path: &str, errs: &mut Errors) {
    for (k, v) in labels {
        errs.invalid_each("label-key-invalid", path, k, names::is_qualified_name(k));
        errs.invalid_each(
            "label-value-invalid",
            path,
            v,
            names::is_valid_label_value(v),
        );
    }
}

/// `ValidateAnnotations`: keys are qualified names (lowercased), total size at most 256 KiB.
pub fn annotations(annotations: &BTreeMap<String, String>, path: &str, errs: &mut Errors) {
    const TOTAL: usize = 256 * 1024;
    let mut size = 0;
    for (k, v) in annotations {
        errs.invalid_each(
            "annotation-key-invalid",
            path,
            k,
            names::is_qualified_name(&k.to_ascii_lowercase()),
        );
        size += k.len() + v.len();
    }
    if size > TOTAL {
        errs.too_long("annotations-too-long", path, TOTAL);
    }
}

/// `NameIsDNSLabel` (StatefulSet names since v1.27).
pub fn name_is_dns_label(name: &str) -> Vec<String> {
    names::is_dns1123_label(name)
}

/// `ValidateLabelSelector` with `AllowInvalidLabelValueInSelector: false`.
pub fn label_selector(sel: &Node, path: &Path, errs: &mut Errors) {
    let ml = sel.str_map_at(&["matchLabels"]);
    labels(&ml, &path.child("matchLabels"), errs);
    for (i, e) in sel.seq_at(&["matchExpressions"]).iter().enumerate() {
        let p = path.child("matchExpressions").index(i);
        let op = e.get_str("operator").unwrap_or("");
        let values = e.seq_at(&["values"]);
        match op {
            "In" | "NotIn" => {
                if values.is_empty() {
                    errs.required(
                        "selector-values-required",
                        &p.child("values"),
                        "must be specified when `operator` is 'In' or 'NotIn'",
                    );
                }
            }
            "Exists" | "DoesNotExist" => {
                if !values.is_empty() {
                    errs.forbidden(
                        "selector-values-forbidden",
                        &p.child("values"),
                        "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                    );
                }
            }
            _ => errs.invalid(
                "selector-operator-invalid",
                &p.child("operator"),
                op,
                "not a valid selector operator",
            ),
        }
        let key = e.get_str("key").unwrap_or("");
        errs.invalid_each(
            "label-key-invalid",
            &p.child("key"),
            key,
            names::is_qualified_name(key),
        );
        for (j, v) in values.iter().enumerate() {
            if let Some(v) = v.as_str() {
                errs.invalid_each(
                    "label-value-invalid",
                    &p.child("values").index(j),
                    v,
                    names::is_valid_label_value(v),
                );
            }
        }
    }
}
