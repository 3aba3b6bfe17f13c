//! From rendered template files to what Helm installs and prints
//! (`pkg/release/v1/util/manifest.go`, `manifest_sorter.go`, `kind_sorter.go`, helm v4.2.3;
//! `pkg/releaseutil`, v3.17.2): documents split at `---` lines, each document's head read
//! (with Go's errors), hooks set apart by their `helm.sh/hook` annotation, and both sorted by
//! kind in install order.

use super::Version;
use crate::gotmpl::Value;
use std::collections::BTreeMap;

/// One resource document of the release's manifest.
#[derive(Clone, Debug, PartialEq)]
pub struct Manifest {
    /// The template it came from (`CHART/templates/x.yaml`).
    pub name: String,
    pub content: String,
    pub head: Head,
    /// Where `content` starts in the template's rendered output.
    pub offset: usize,
}

/// `SimpleHead`: what Helm reads of every document.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Head {
    pub api_version: String,
    pub kind: String,
    pub name: String,
    pub annotations: BTreeMap<String, String>,
    pub has_metadata: bool,
}

/// A hook event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    PreInstall,
    PostInstall,
    PreDelete,
    PostDelete,
    PreUpgrade,
    PostUpgrade,
    PreRollback,
    PostRollback,
    Test,
}

impl Event {
    pub fn parse(s: &str) -> Option<Event> {
        Some(match s {
            "pre-install" => Event::PreInstall,
            "post-install" => Event::PostInstall,
            "pre-delete" => Event::PreDelete,
            "post-delete" => Event::PostDelete,
            "pre-upgrade" => Event::PreUpgrade,
            "post-upgrade" => Event::PostUpgrade,
            "pre-rollback" => Event::PreRollback,
            "post-rollback" => Event::PostRollback,
            "test" | "test-success" => Event::Test,
            _ => return None,
        })
    }
    pub fn name(self) -> &'static str {
        match self {
            Event::PreInstall => "pre-install",
            Event::PostInstall => "post-install",
            Event::PreDelete => "pre-delete",
            Event::PostDelete => "post-delete",
            Event::PreUpgrade => "pre-upgrade",
            Event::PostUpgrade => "post-upgrade",
            Event::PreRollback => "pre-rollback",
            Event::PostRollback => "post-rollback",
            Event::Test => "test",
        }
    }
}

/// A hook resource (`release.Hook`).
#[derive(Clone, Debug, PartialEq)]
pub struct Hook {
    pub name: String,
    pub kind: String,
    pub path: String,
    pub manifest: String,
    pub events: Vec<Event>,
    pub weight: i64,
    pub delete_policies: Vec<String>,
    pub output_log_policies: Vec<String>,
    /// Where `manifest` starts in the template's rendered output.
    pub offset: usize,
}

/// `InstallOrder`.
pub const INSTALL_ORDER: &[&str] = &[
    "PriorityClass",
    "Namespace",
    "NetworkPolicy",
    "ResourceQuota",
    "LimitRange",
    "PodSecurityPolicy",
    "PodDisruptionBudget",
    "ServiceAccount",
    "Secret",
    "SecretList",
    "ConfigMap",
    "StorageClass",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "CustomResourceDefinition",
    "ClusterRole",
    "ClusterRoleList",
    "ClusterRoleBinding",
    "ClusterRoleBindingList",
    "Role",
    "RoleList",
    "RoleBinding",
    "RoleBindingList",
    "Service",
    "DaemonSet",
    "Pod",
    "ReplicationController",
    "ReplicaSet",
    "Deployment",
    "HorizontalPodAutoscaler",
    "StatefulSet",
    "Job",
    "CronJob",
    "IngressClass",
    "Ingress",
    "APIService",
    // helm 4 only:
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
];

/// `UninstallOrder` (helm 4; helm 3 lacks the two webhook kinds at its head).
pub const UNINSTALL_ORDER: &[&str] = &[
    "ValidatingWebhookConfiguration",
    "MutatingWebhookConfiguration",
    "APIService",
    "Ingress",
    "IngressClass",
    "Service",
    "CronJob",
    "Job",
    "StatefulSet",
    "HorizontalPodAutoscaler",
    "Deployment",
    "ReplicaSet",
    "ReplicationController",
    "Pod",
    "DaemonSet",
    "RoleBindingList",
    "RoleBinding",
    "RoleList",
    "Role",
    "ClusterRoleBindingList",
    "ClusterRoleBinding",
    "ClusterRoleList",
    "ClusterRole",
    "CustomResourceDefinition",
    "PersistentVolumeClaim",
    "PersistentVolume",
    "StorageClass",
    "ConfigMap",
    "SecretList",
    "Secret",
    "ServiceAccount",
    "PodDisruptionBudget",
    "PodSecurityPolicy",
    "LimitRange",
    "ResourceQuota",
    "NetworkPolicy",
    "Namespace",
    "PriorityClass",
];

fn order(version: Version, install: bool) -> Vec<&'static str> {
    if install {
        match version {
            Version::V4 => INSTALL_ORDER.to_vec(),
            Version::V3 => INSTALL_ORDER[..INSTALL_ORDER.len() - 2].to_vec(),
        }
    } else {
        match version {
            Version::V4 => UNINSTALL_ORDER.to_vec(),
            Version::V3 => UNINSTALL_ORDER[2..].to_vec(),
        }
    }
}

/// `lessByKind` as a stable sort key.
pub fn sort_by_kind<T>(
    items: &mut [T],
    kind: impl Fn(&T) -> &str,
    version: Version,
    install: bool,
) {
    let o = order(version, install);
    let rank = |k: &str| o.iter().position(|x| *x == k);
    items.sort_by(|a, b| {
        let (ka, kb) = (kind(a), kind(b));
        match (rank(ka), rank(kb)) {
            (None, None) => ka.cmp(kb),
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (Some(_), None) => std::cmp::Ordering::Less,
            (Some(x), Some(y)) => x.cmp(&y),
        }
    });
}

fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// `SplitManifests`: documents in order; helm 3 trims both ends, helm 4 only the start.
pub fn split(big: &str, version: Version) -> Vec<String> {
    split_at(big, version).into_iter().map(|(_, d)| d).collect()
}

/// `split` with where each document starts in `big`.
pub fn split_at(big: &str, version: Version) -> Vec<(usize, String)> {
    let text = match version {
        Version::V4 => big.trim_start_matches(is_space),
        Version::V3 => big.trim_matches(is_space),
    };
    let base = big.len() - big.trim_start_matches(is_space).len();
    let mut docs = Vec::new();
    for d in split_separators(text) {
        // `d` is a slice of `text`, itself a slice of `big`.
        let at = base + (d.as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
        let lead = d.len() - d.trim_start_matches(is_space).len();
        match version {
            Version::V4 => {
                if d.trim_matches(is_space).is_empty() {
                    continue;
                }
                docs.push((at + lead, d.trim_start_matches(is_space).to_string()));
            }
            Version::V3 => {
                if d.is_empty() {
                    continue;
                }
                docs.push((at + lead, d.trim_matches(is_space).to_string()));
            }
        }
    }
    docs
}

/// Splits at `(?:^|\s*\n)---\s*` (Go's leftmost-first regexp: a `---` at the very start or
/// right after a newline; the whitespace before and after it is consumed).
fn split_separators(text: &str) -> Vec<&str> {
    let b = text.as_bytes();
    let ws = |c: u8| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c');
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    let consume = |mut end: usize| {
        while end < b.len() && ws(b[end]) {
            end += 1;
        }
        end
    };
    if b.starts_with(b"---") {
        out.push(&text[..0]);
        start = consume(3);
        i = start;
    }
    while i < b.len() {
        if !ws(b[i]) {
            i += 1;
            continue;
        }
        // A whitespace run: it starts a separator when it ends with a newline and `---`.
        let mut j = i;
        while j < b.len() && ws(b[j]) {
            j += 1;
        }
        if b[j - 1] == b'\n' && b[j..].starts_with(b"---") {
            out.push(&text[start..i]);
            start = consume(j + 3);
            i = start;
        } else {
            i = j;
        }
    }
    out.push(&text[start..]);
    out
}

/// Reads a document's head as `yaml.Unmarshal(doc, &SimpleHead{})` would.
pub fn head(doc: &str, version: Version) -> Result<Head, String> {
    // sigs.k8s.io/yaml's YAMLToJSON first: its syntax errors, the first document only, and
    // json.Marshal's refusal of an infinity or NaN.
    super::values::yaml_to_json(doc)?;
    let doc = crate::yaml::first_document(doc);
    let parsed = crate::yaml::parse(doc, &crate::yaml::Limits::default());
    let Some(root) = parsed.documents.first().and_then(|d| d.root.as_ref()) else {
        return Ok(Head::default());
    };
    let type_name = match version {
        Version::V4 => "util.SimpleHead",
        Version::V3 => "releaseutil.SimpleHead",
    };
    let err = |what: &str, field: &str, ty: &str| {
        format!(
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {what} into Go struct field {field} of type {ty}"
        )
    };
    let kind_of = super::values::node_json_kind;
    let scalar = super::values::scalar_string;
    let crate::yaml::Value::Map(entries) = &root.value else {
        if matches!(root.value, crate::yaml::Value::Null) {
            return Ok(Head::default());
        }
        return Err(format!(
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go value of type {type_name}",
            kind_of(root)
        ));
    };
    let mut h = Head::default();
    for e in entries {
        match e.key.as_str() {
            "apiVersion" => {
                h.api_version = scalar(&e.value)
                    .ok_or_else(|| err(kind_of(&e.value), "SimpleHead.apiVersion", "string"))?
            }
            "kind" => {
                h.kind = scalar(&e.value)
                    .ok_or_else(|| err(kind_of(&e.value), "SimpleHead.kind", "string"))?
            }
            "metadata" => match &e.value.value {
                crate::yaml::Value::Null => {}
                crate::yaml::Value::Map(meta) => {
                    h.has_metadata = true;
                    for m in meta {
                        match m.key.as_str() {
                            "name" => {
                                h.name = scalar(&m.value).ok_or_else(|| {
                                    err(kind_of(&m.value), ".metadata.name", "string")
                                })?
                            }
                            "annotations" => match &m.value.value {
                                crate::yaml::Value::Null => {}
                                crate::yaml::Value::Map(anns) => {
                                    for a in anns {
                                        let v = scalar(&a.value).ok_or_else(|| {
                                            err(
                                                kind_of(&a.value),
                                                ".metadata.annotations",
                                                "string",
                                            )
                                        })?;
                                        h.annotations.insert(a.key.clone(), v);
                                    }
                                }
                                _ => {
                                    return Err(err(
                                        kind_of(&m.value),
                                        ".metadata.annotations",
                                        "map[string]string",
                                    ));
                                }
                            },
                            _ => {}
                        }
                    }
                }
                _ => {
                    return Err(err(
                        kind_of(&e.value),
                        "SimpleHead.metadata",
                        "struct { Name string \"json:\\\"name\\\"\"; Annotations map[string]string \"json:\\\"annotations\\\"\" }",
                    ));
                }
            },
            _ => {}
        }
    }
    Ok(h)
}

/// What `SortManifests` returns, and the first YAML error with the file it is in.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sorted {
    pub hooks: Vec<Hook>,
    pub manifests: Vec<Manifest>,
    /// Hooks dropped for an unknown event: their annotation text.
    pub unknown_hooks: Vec<String>,
}

/// `SortManifests(files, InstallOrder)`: `Err((file, message))` on the first bad document.
pub fn sort(
    files: &BTreeMap<String, String>,
    version: Version,
) -> Result<Sorted, (String, String)> {
    let mut out = Sorted::default();
    for (path, content) in files {
        let base = path.rsplit('/').next().unwrap_or(path);
        if base.starts_with('_') || content.trim().is_empty() {
            continue;
        }
        for (offset, doc) in split_at(content, version) {
            let h = head(&doc, version)
                .map_err(|e| (path.clone(), format!("YAML parse error on {path}: {e}")))?;
            let Some(events_text) = h.annotations.get("helm.sh/hook").cloned() else {
                out.manifests.push(Manifest {
                    name: path.clone(),
                    content: doc,
                    head: h,
                    offset,
                });
                continue;
            };
            let weight = h
                .annotations
                .get("helm.sh/hook-weight")
                .and_then(|w| super::values::atoi(w).ok())
                .unwrap_or(0);
            let mut events = Vec::new();
            let mut unknown = false;
            for e in events_text.split(',') {
                match Event::parse(&e.trim().to_lowercase()) {
                    Some(ev) => events.push(ev),
                    None => {
                        unknown = true;
                        break;
                    }
                }
            }
            if unknown {
                out.unknown_hooks.push(events_text);
                continue;
            }
            let split_policy = |key: &str| -> Vec<String> {
                h.annotations
                    .get(key)
                    .map(|v| v.split(',').map(|p| p.trim().to_lowercase()).collect())
                    .unwrap_or_default()
            };
            out.hooks.push(Hook {
                name: h.name.clone(),
                kind: h.kind.clone(),
                path: path.clone(),
                manifest: doc.clone(),
                events,
                weight,
                delete_policies: split_policy("helm.sh/hook-delete-policy"),
                output_log_policies: if version == Version::V4 {
                    split_policy("helm.sh/hook-output-log-policy")
                } else {
                    Vec::new()
                },
                offset,
            });
        }
    }
    sort_by_kind(&mut out.hooks, |h| &h.kind, version, true);
    sort_by_kind(&mut out.manifests, |m| &m.head.kind, version, true);
    Ok(out)
}

/// Reads a rendered document as a value tree (for callers that need more than the head).
pub fn document_value(doc: &str) -> Option<Value> {
    super::values::yaml_to_json(doc).ok()
}
