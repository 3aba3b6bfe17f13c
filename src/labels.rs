//! Label selectors (`metav1.LabelSelector`): read from a tree, matched against an object's
//! labels (`labels.Selector.Matches`), printed as `labels.Selector.String()` and Go's `%#v`. A
//! leaf every layer shares: validation (`validate::meta::label_selector`), the controller, the
//! printers. (The `-l` selectors typed at kubectl are parsed by the terminal.)

use crate::yaml::Node;
use std::collections::BTreeMap;

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

    /// `labels.Selector.String()` of the selector (`LabelSelectorAsSelector` adds each
    /// requirement sorted by key; values sorted): `app=nginx,tier in (a,b)`, `""` when empty.
    pub fn string(&self) -> String {
        let mut parts: Vec<(&str, String)> = self
            .match_labels
            .iter()
            .map(|(k, v)| (k.as_str(), format!("{k}={v}")))
            .collect();
        for r in &self.expressions {
            let mut values = r.values.clone();
            crate::sort::sort(&mut values);
            let text = match r.operator.as_str() {
                "In" => format!("{} in ({})", r.key, values.join(",")),
                "NotIn" => format!("{} notin ({})", r.key, values.join(",")),
                "Exists" => r.key.clone(),
                "DoesNotExist" => format!("!{}", r.key),
                op => format!("{} {op}", r.key),
            };
            parts.push((r.key.as_str(), text));
        }
        crate::sort::sort_by(&mut parts, |a, b| a.0.cmp(b.0));
        parts
            .into_iter()
            .map(|(_, t)| t)
            .collect::<Vec<_>>()
            .join(",")
    }

    /// `metav1.FormatLabelSelector`: the selector's string, `<none>` when empty.
    pub fn format(&self) -> String {
        match self.string() {
            s if s.is_empty() => "<none>".into(),
            s => s,
        }
    }

    /// Go's `%#v` of the selector, as field errors print a struct value (`node` says which
    /// fields were written: an absent one prints as Go's nil).
    pub fn go_string(&self, node: Option<&Node>) -> String {
        let ml = match node.and_then(|n| n.get("matchLabels")) {
            None => "map[string]string(nil)".to_string(),
            Some(_) => {
                let pairs: Vec<String> = self
                    .match_labels
                    .iter()
                    .map(|(k, v)| format!("{}:{}", crate::go::quote(k), crate::go::quote(v)))
                    .collect();
                format!("map[string]string{{{}}}", pairs.join(", "))
            }
        };
        let me = match node.and_then(|n| n.get("matchExpressions")) {
            None => "[]v1.LabelSelectorRequirement(nil)".to_string(),
            Some(_) => {
                let reqs: Vec<String> = self
                    .expressions
                    .iter()
                    .map(|r| {
                        format!(
                            "v1.LabelSelectorRequirement{{Key:{}, Operator:{}, Values:{}}}",
                            crate::go::quote(&r.key),
                            crate::go::quote(&r.operator),
                            crate::go::string_slice(&r.values)
                        )
                    })
                    .collect();
                format!("[]v1.LabelSelectorRequirement{{{}}}", reqs.join(", "))
            }
        };
        format!("v1.LabelSelector{{MatchLabels:{ml}, MatchExpressions:{me}}}")
    }
}
