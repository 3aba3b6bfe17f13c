//! Object metadata and label selectors: `ValidateObjectMeta`, `ValidateLabels`,
//! `ValidateAnnotations` (pkg/apis/core/validation, apimachinery meta/v1/validation) and
//! `ValidateLabelSelector`, on clean trees.

use super::field::{BadValue, Errors, go_quote};
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

/// A `LabelSelector` (`matchLabels`, `matchExpressions`) read from a clean tree.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Selector {
    pub match_labels: BTreeMap<String, String>,
    pub expressions: Vec<Requirement>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Requirement {
    pub key: String,
    pub operator: String,
    pub values: Vec<String>,
}

impl Selector {
    pub fn from_node(sel: &Node) -> Selector {
        Selector {
            match_labels: sel.str_map_at(&["matchLabels"]),
            expressions: sel
                .seq_at(&["matchExpressions"])
                .iter()
                .map(|e| Requirement {
                    key: e.get_str("key").unwrap_or("").to_string(),
                    operator: e.get_str("operator").unwrap_or("").to_string(),
                    values: e
                        .seq_at(&["values"])
                        .iter()
                        .filter_map(|v| v.as_str().map(str::to_string))
                        .collect(),
                })
                .collect(),
        }
    }
    pub fn is_empty(&self) -> bool {
        self.match_labels.is_empty() && self.expressions.is_empty()
    }
    /// `labels.Selector.Matches` (for a valid selector). An empty selector matches everything
    /// here (as in `policy/v1`); callers for which empty means nothing check `is_empty`.
    pub fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        self.match_labels
            .iter()
            .all(|(k, v)| labels.get(k) == Some(v))
            && self.expressions.iter().all(|r| {
                let v = labels.get(&r.key);
                match r.operator.as_str() {
                    "In" => v.is_some_and(|v| r.values.contains(v)),
                    "NotIn" => v.is_none_or(|v| !r.values.contains(v)),
                    "Exists" => v.is_some(),
                    "DoesNotExist" => v.is_none(),
                    _ => false,
                }
            })
    }
    /// `metav1.FormatLabelSelector`: `app=nginx,tier in (a,b)`.
    pub fn format(&self) -> String {
        let mut parts: Vec<String> = self
            .match_labels
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        for r in &self.expressions {
            let mut values = r.values.clone();
            crate::sort::sort(&mut values);
            parts.push(match r.operator.as_str() {
                "In" => format!("{} in ({})", r.key, values.join(",")),
                "NotIn" => format!("{} notin ({})", r.key, values.join(",")),
                "Exists" => r.key.clone(),
                "DoesNotExist" => format!("!{}", r.key),
                op => format!("{} {op}", r.key),
            });
        }
        if parts.is_empty() {
            "<none>".into()
        } else {
            parts.join(",")
        }
    }
    /// Go's `%#v` of the selector, as field errors print a struct value.
    pub fn go_value(&self, node: Option<&Node>) -> BadValue {
        let ml = match node.and_then(|n| n.get("matchLabels")) {
            None => "map[string]string(nil)".to_string(),
            Some(_) => BadValue::Map(self.match_labels.clone()).render(),
        };
        let me =
            match node.and_then(|n| n.get("matchExpressions")) {
                None => "[]v1.LabelSelectorRequirement(nil)".to_string(),
                Some(_) => format!(
                "[]v1.LabelSelectorRequirement{{{}}}",
                self.expressions
                    .iter()
                    .map(|r| format!(
                        "v1.LabelSelectorRequirement{{Key:{}, Operator:{}, Values:[]string{{{}}}}}",
                        go_quote(&r.key),
                        go_quote(&r.operator),
                        r.values.iter().map(|v| go_quote(v)).collect::<Vec<_>>().join(", ")
                    ))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            };
        BadValue::Raw(format!(
            "v1.LabelSelector{{MatchLabels:{ml}, MatchExpressions:{me}}}"
        ))
    }
}

/// `ValidateLabelSelector` with `AllowInvalidLabelValueInSelector: false`.
pub fn label_selector(sel: &Node, path: &str, errs: &mut Errors) {
    let ml = sel.str_map_at(&["matchLabels"]);
    labels(&ml, &format!("{path}.matchLabels"), errs);
    for (i, e) in sel.seq_at(&["matchExpressions"]).iter().enumerate() {
        let p = format!("{path}.matchExpressions[{i}]");
        let op = e.get_str("operator").unwrap_or("");
        let values = e.seq_at(&["values"]);
        match op {
            "In" | "NotIn" => {
                if values.is_empty() {
                    errs.required(
                        "selector-values-required",
                        &format!("{p}.values"),
                        "must be specified when `operator` is 'In' or 'NotIn'",
                    );
                }
            }
            "Exists" | "DoesNotExist" => {
                if !values.is_empty() {
                    errs.forbidden(
                        "selector-values-forbidden",
                        &format!("{p}.values"),
                        "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                    );
                }
            }
            _ => errs.invalid(
                "selector-operator-invalid",
                &format!("{p}.operator"),
                op,
                "not a valid selector operator",
            ),
        }
        let key = e.get_str("key").unwrap_or("");
        errs.invalid_each(
            "label-key-invalid",
            &format!("{p}.key"),
            key,
            names::is_qualified_name(key),
        );
        for (j, v) in values.iter().enumerate() {
            if let Some(v) = v.as_str() {
                errs.invalid_each(
                    "label-value-invalid",
                    &format!("{p}.values[{j}]"),
                    v,
                    names::is_valid_label_value(v),
                );
            }
        }
    }
}
