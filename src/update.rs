//! The update check behind `kubectl stsplay diff`: what the API server says when a
//! StatefulSet is replaced by a new version (`ValidateStatefulSetUpdate` in `pkg/apis/apps/validation/validation.go`,
//! rule 23), and which pods a RollingUpdate would replace, in the controller's order (§4.4).

use crate::Analysis;
use crate::derive;
use crate::diag::{Diagnostic, Severity, Source};
use crate::manifest::Object;
use crate::validate::field::Errors;
use crate::yaml::{Node, Value};

/// The spec fields an update may change (v1.36).
pub const MUTABLE: [&str; 7] = [
    "replicas",
    "ordinals",
    "template",
    "updateStrategy",
    "revisionHistoryLimit",
    "persistentVolumeClaimRetentionPolicy",
    "minReadySeconds",
];

/// `ValidateStatefulSetUpdate`'s Forbidden detail.
pub const FORBIDDEN: &str = "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";

/// The result of checking NEW against OLD.
#[derive(Clone, Debug, Default)]
pub struct Diff {
    /// Errors of the update other than forbidden changes (and everything `analyze` found in NEW).
    pub diagnostics: Vec<Diagnostic>,
    /// One diagnostic per spec field an update may not change, located in NEW.
    pub forbidden: Vec<Diagnostic>,
    /// Pods a RollingUpdate replaces, in the order the controller replaces them.
    pub restarts: Vec<String>,
}

/// Compares two trees as JSON values (spans and key order ignored).
pub fn same(a: Option<&Node>, b: Option<&Node>) -> bool {
    let norm = |n: Option<&Node>| match n {
        None => serde_json::Value::Null,
        Some(n) if n.value == Value::Null => serde_json::Value::Null,
        Some(n) => n.to_json(),
    };
    norm(a) == norm(b)
}

/// Checks each StatefulSet of `new` against the one of the same namespace and name in `old`.
pub fn check(old: &Analysis, new: &Analysis) -> Diff {
    let mut diff = Diff {
        diagnostics: new.diagnostics.clone(),
        ..Diff::default()
    };
    for (ni, new_sts) in &new.defaulted {
        let nobj = &new.manifests.objects[*ni];
        let Some((oi, old_sts)) = old.defaulted.iter().find(|(oi, _)| {
            let o = &old.manifests.objects[*oi];
            o.name == nobj.name && o.namespace == nobj.namespace
        }) else {
            continue; // a create: `analyze` already validated it
        };
        let oobj = &old.manifests.objects[*oi];
        forbidden_changes(nobj, old_sts, new_sts, &mut diff.forbidden);
        // v1.33+ ratcheting: an invalid serviceName that was already there is allowed.
        if oobj.clean.str_at(&["spec", "serviceName"])
            == nobj.clean.str_at(&["spec", "serviceName"])
        {
            diff.diagnostics.retain(|d| {
                !(d.code == "service-name-invalid"
                    && d.file == nobj.file
                    && d.document == nobj.document)
            });
        }
        diff.restarts.extend(restarts(old_sts, new_sts, &nobj.name));
    }
    // A rejected update replaces nothing.
    if !diff.forbidden.is_empty() || diff.diagnostics.iter().any(Diagnostic::is_error) {
        diff.restarts.clear();
    }
    diff
}

/// The spec fields (`spec.<field>`) that differ between `old` and `new` and may not change.
pub fn forbidden_fields(old: &Node, new: &Node) -> Vec<String> {
    let keys = |n: &Node| -> Vec<String> {
        n.get("spec")
            .and_then(Node::as_map)
            .unwrap_or(&[])
            .iter()
            .map(|e| e.key.clone())
            .collect()
    };
    let mut fields = keys(old);
    for k in keys(new) {
        if !fields.contains(&k) {
            fields.push(k);
        }
    }
    fields
        .into_iter()
        .filter(|f| {
            !MUTABLE.contains(&f.as_str()) && !same(old.at(&["spec", f]), new.at(&["spec", f]))
        })
        .map(|f| format!("spec.{f}"))
        .collect()
}

fn forbidden_changes(nobj: &Object, old: &Node, new: &Node, out: &mut Vec<Diagnostic>) {
    for field in forbidden_fields(old, new) {
        let mut errs = Errors::default();
        errs.forbidden("forbidden-update", "spec", FORBIDDEN);
        for e in errs.0 {
            // Located at (and named by) the field that changed; the body is the API server's.
            let d = nobj.diag(
                Severity::Error,
                Source::Validation,
                e.code,
                &field,
                e.body(),
            );
            out.push(d);
        }
    }
}

/// Pods replaced by a RollingUpdate from `old` to `new`: existing pods whose index is at or
/// above the partition, highest ordinal first (§4.4). None when the template is unchanged or
/// the strategy is OnDelete (pods change only when deleted).
pub fn restarts(old: &Node, new: &Node, name: &str) -> Vec<String> {
    if same(old.at(&["spec", "template"]), new.at(&["spec", "template"])) {
        return Vec::new();
    }
    if new.str_at(&["spec", "updateStrategy", "type"]) != Some("RollingUpdate") {
        return Vec::new();
    }
    let partition = new
        .int_at(&["spec", "updateStrategy", "rollingUpdate", "partition"])
        .unwrap_or(0)
        .max(0);
    let (old_start, old_end) = derive::ordinal_range(old);
    let (start, end) = derive::ordinal_range(new);
    // Cap the listing like the plan does; a rolling update of millions of pods is listed in part.
    let first = start + partition;
    (first.max(old_start).max(start)..end.min(old_end))
        .rev()
        .take(derive::MAX_LISTED_PODS as usize)
        .map(|o| derive::pod_name(name, o))
        .collect()
}
