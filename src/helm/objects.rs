//! The Go objects Helm puts in a template's render values: `.Files` (`engine.files`),
//! `.Capabilities` with its `KubeVersion`, `APIVersions` and `HelmVersion`, helm 3's
//! `.Chart` struct, and the versions `semver` returns — with their fields, methods, `%v`
//! and JSON as Go gives them.

use super::{Version, chart::File, convert, semver};
use crate::gotmpl::{Elem, Func, Map, MapKind, Object, Ty, Val, Value};
use std::rc::Rc;

fn string_method(f: impl Fn() -> String + 'static) -> Func {
    Func::new(&[], None, move |_, _| Ok(Val::new(Value::string(f()))))
}

/// `.Files`: the chart's plain files by path.
pub struct Files {
    pub files: Vec<(String, Rc<[u8]>)>,
}

impl Files {
    pub fn new(files: &[File]) -> Files {
        let mut v: Vec<(String, Rc<[u8]>)> = files
            .iter()
            .map(|f| (f.name.clone(), f.data.clone()))
            .collect();
        v.sort_by(|a, b| a.0.cmp(&b.0));
        v.dedup_by(|a, b| a.0 == b.0);
        Files { files: v }
    }

    fn get(&self, name: &str) -> Option<&Rc<[u8]>> {
        self.files.iter().find(|(n, _)| n == name).map(|(_, d)| d)
    }

    fn base_map(&self, secrets: bool) -> String {
        let mut m = std::collections::BTreeMap::new();
        for (name, data) in &self.files {
            let base = name.rsplit('/').next().unwrap_or(name).to_string();
            let v = if secrets {
                convert::base64_encode(data)
            } else {
                String::from_utf8_lossy(data).into_owned()
            };
            m.insert(base, Value::string(v));
        }
        // Never nil (`newFiles` makes a map), so no files give `{}`.
        convert::to_yaml(&Value::map(m)).unwrap_or_default()
    }
}

impl Object for Files {
    fn type_name(&self) -> String {
        "engine.files".into()
    }
    /// `files` is a `map[string][]byte`: `.Files.NAME` is that file's bytes, or none.
    fn field(&self, name: &str) -> Option<Val> {
        let data = self.get(name).map(|d| d.to_vec()).unwrap_or_default();
        Some(Val::new(Value::Bytes(Rc::from(data))))
    }
    fn method(self: Rc<Self>, name: &str) -> Option<Func> {
        let me = self.clone();
        Some(match name {
            "Get" => Func::new(&[Ty::String], None, move |_, a| {
                let name = a[0].v.as_str().unwrap_or_default();
                let text = me
                    .get(name)
                    .map(|d| String::from_utf8_lossy(d).into_owned())
                    .unwrap_or_default();
                Ok(Val::new(Value::string(text)))
            }),
            "GetBytes" => Func::new(&[Ty::String], None, move |_, a| {
                let name = a[0].v.as_str().unwrap_or_default();
                Ok(Val::new(Value::Bytes(
                    me.get(name)
                        .cloned()
                        .unwrap_or_else(|| Rc::from(Vec::new())),
                )))
            }),
            "Glob" => Func::new(&[Ty::String], None, move |_, a| {
                let pattern = a[0].v.as_str().unwrap_or_default();
                let files = me
                    .files
                    .iter()
                    .filter(|(n, _)| glob_files(pattern, n))
                    .cloned()
                    .collect();
                Ok(Val::new(Value::Object(Rc::new(Files { files }))))
            }),
            "AsConfig" => Func::new(&[], None, move |_, _| {
                Ok(Val::new(Value::string(me.base_map(false))))
            }),
            "AsSecrets" => Func::new(&[], None, move |_, _| {
                Ok(Val::new(Value::string(me.base_map(true))))
            }),
            "Lines" => Func::new(&[Ty::String], None, move |_, a| {
                let name = a[0].v.as_str().unwrap_or_default();
                let Some(data) = me.get(name) else {
                    return Ok(Val::new(Value::list(Elem::Str, Vec::new())));
                };
                let s = String::from_utf8_lossy(data);
                if s.is_empty() {
                    return Err(crate::gotmpl::Error::plain(
                        "runtime error: index out of range [-1]",
                    ));
                }
                let mut lines: Vec<String> = s.split('\n').map(str::to_string).collect();
                if lines.last().is_some_and(|l| l.is_empty()) {
                    lines.pop();
                }
                Ok(Val::new(Value::str_list(lines)))
            }),
            _ => return None,
        })
    }
    fn print(&self) -> String {
        let items: Vec<String> = self
            .files
            .iter()
            .map(|(n, d)| {
                format!(
                    "{n}:{}",
                    crate::gotmpl::fmt::sprint_v(&Value::Bytes(d.clone()))
                )
            })
            .collect();
        format!("map[{}]", items.join(" "))
    }
    fn to_json(&self) -> String {
        let mut m = std::collections::BTreeMap::new();
        for (n, d) in &self.files {
            m.insert(n.clone(), Value::Bytes(d.clone()));
        }
        convert::to_json(&Value::map(m), true).unwrap_or_default()
    }
    fn map_entries(&self) -> Option<Vec<(String, Value)>> {
        Some(
            self.files
                .iter()
                .map(|(n, d)| (n.clone(), Value::Bytes(d.clone())))
                .collect(),
        )
    }
    fn kind(&self) -> &'static str {
        "map"
    }
}

/// gobwas/glob with `/` as separator: `*` stays within a segment, `**` crosses them.
fn glob_files(pattern: &str, name: &str) -> bool {
    fn m(p: &[char], n: &[char], depth: usize) -> bool {
        if depth > 64 {
            return false;
        }
        if p.is_empty() {
            return n.is_empty();
        }
        match p[0] {
            '*' if p.get(1) == Some(&'*') => (0..=n.len()).any(|k| m(&p[2..], &n[k..], depth + 1)),
            '*' => {
                let mut k = 0;
                loop {
                    if m(&p[1..], &n[k..], depth + 1) {
                        return true;
                    }
                    if k >= n.len() || n[k] == '/' {
                        return false;
                    }
                    k += 1;
                }
            }
            '?' => !n.is_empty() && n[0] != '/' && m(&p[1..], &n[1..], depth + 1),
            '{' => {
                let Some(close) = p.iter().position(|c| *c == '}') else {
                    return !n.is_empty() && n[0] == '{' && m(&p[1..], &n[1..], depth + 1);
                };
                let inner: String = p[1..close].iter().collect();
                inner.split(',').any(|alt| {
                    let mut q: Vec<char> = alt.chars().collect();
                    q.extend_from_slice(&p[close + 1..]);
                    m(&q, n, depth + 1)
                })
            }
            '\\' if p.len() > 1 => !n.is_empty() && n[0] == p[1] && m(&p[2..], &n[1..], depth + 1),
            c => !n.is_empty() && n[0] == c && m(&p[1..], &n[1..], depth + 1),
        }
    }
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    m(&p, &n, 0)
}

/// The Kubernetes version templates see (`common.KubeVersion`).
#[derive(Clone)]
pub struct KubeVersion {
    pub version: String,
    pub normalized: String,
    pub major: String,
    pub minor: String,
    pub helm: Version,
}

impl KubeVersion {
    /// `ParseKubeVersion`. helm 4 reads it with k8s.io/apimachinery's `ParseGeneric` (two or
    /// more numbers, anything after them ignored): `Version` keeps the text (`v1.30.0-gke.100`)
    /// and `String()` is the numbers (`v1.30.0`, `v1.30`). helm 3 reads it with
    /// Masterminds/semver (`1` is 1.0.0) and both are `v` and the normalised version.
    pub fn parse(s: &str, helm: Version) -> Result<KubeVersion, String> {
        match helm {
            Version::V4 => {
                let t = s.trim_start();
                let t = t.strip_prefix('v').unwrap_or(t);
                let digits = t
                    .char_indices()
                    .take_while(|(i, c)| c.is_ascii_digit() || (*c == '.' && *i > 0))
                    .map(|(i, c)| i + c.len_utf8())
                    .last()
                    .unwrap_or(0);
                // `[0-9]+(\.[0-9]+)*`: a trailing dot is not part of the numbers.
                let numbers = t[..digits].trim_end_matches('.');
                let numbers = numbers.split("..").next().unwrap_or("");
                if numbers.is_empty() {
                    return Err(format!(
                        "could not parse {} as version",
                        crate::go::quote(s)
                    ));
                }
                let parts: Vec<&str> = numbers.split('.').collect();
                if parts.len() < 2 {
                    return Err(format!("illegal version string {}", crate::go::quote(s)));
                }
                if parts[0].len() > 1 && parts[0].starts_with('0') {
                    return Err(format!(
                        "illegal zero-prefixed version component {} in {}",
                        crate::go::quote(parts[0]),
                        crate::go::quote(s)
                    ));
                }
                let n: Vec<u64> = parts.iter().map(|p| p.parse().unwrap_or(0)).collect();
                let joined: Vec<String> = n.iter().map(u64::to_string).collect();
                Ok(KubeVersion {
                    version: format!("v{}", s.strip_prefix('v').unwrap_or(s)),
                    normalized: format!("v{}", joined.join(".")),
                    major: n[0].to_string(),
                    minor: n[1].to_string(),
                    helm,
                })
            }
            Version::V3 => {
                let v = semver::Version::parse_checked(s)
                    .map_err(|why| super::semver_error(helm, why).to_string())?;
                let text = format!("v{}", v.text());
                Ok(KubeVersion {
                    version: text.clone(),
                    normalized: text,
                    major: v.major.to_string(),
                    minor: v.minor.to_string(),
                    helm,
                })
            }
        }
    }

    /// `String()`: the numbers (helm 4), the normalised version (helm 3).
    pub fn string(&self) -> String {
        self.normalized.clone()
    }
}

impl Object for KubeVersion {
    fn type_name(&self) -> String {
        match self.helm {
            Version::V4 => "common.KubeVersion".into(),
            Version::V3 => "chartutil.KubeVersion".into(),
        }
    }
    fn field(&self, name: &str) -> Option<Val> {
        Some(Val::new(Value::string(match name {
            "Version" => self.version.clone(),
            "Major" => self.major.clone(),
            "Minor" => self.minor.clone(),
            _ => return None,
        })))
    }
    fn method(self: Rc<Self>, name: &str) -> Option<Func> {
        match name {
            "String" => Some(string_method(move || self.string())),
            "GitVersion" => Some(string_method(move || self.version.clone())),
            _ => None,
        }
    }
    fn print(&self) -> String {
        self.string()
    }
    fn to_json(&self) -> String {
        let mut out = String::from("{\"Version\":");
        convert::quote_json(&mut out, &self.version, true);
        out.push_str(",\"Major\":");
        convert::quote_json(&mut out, &self.major, true);
        out.push_str(",\"Minor\":");
        convert::quote_json(&mut out, &self.minor, true);
        out.push('}');
        out
    }
    fn kind(&self) -> &'static str {
        "struct"
    }
}

/// `VersionSet`: the API group/versions, with `Has`.
pub struct VersionSet {
    pub versions: Vec<String>,
    pub helm: Version,
}

impl Object for VersionSet {
    fn type_name(&self) -> String {
        match self.helm {
            Version::V4 => "common.VersionSet".into(),
            Version::V3 => "chartutil.VersionSet".into(),
        }
    }
    fn method(self: Rc<Self>, name: &str) -> Option<Func> {
        (name == "Has").then(|| {
            Func::new(&[Ty::String], None, move |_, a| {
                let want = a[0].v.as_str().unwrap_or_default();
                Ok(Val::new(Value::Bool(
                    self.versions.iter().any(|v| v == want),
                )))
            })
        })
    }
    fn print(&self) -> String {
        format!("[{}]", self.versions.join(" "))
    }
    fn to_json(&self) -> String {
        convert::to_json(&Value::str_list(self.versions.clone()), true).unwrap_or_default()
    }
    fn list_items(&self) -> Option<Vec<Value>> {
        Some(self.versions.iter().map(|v| Value::str(v)).collect())
    }
    fn kind(&self) -> &'static str {
        "slice"
    }
}

/// `.Capabilities`.
pub struct Capabilities {
    pub kube: Rc<KubeVersion>,
    pub api: Rc<VersionSet>,
    pub helm: Version,
}

/// The group/versions Helm knows offline (`DefaultVersionSet`, client-go's scheme).
pub fn default_api_versions(helm: Version) -> Vec<String> {
    let common_head = "v1 admissionregistration.k8s.io/v1 admissionregistration.k8s.io/v1alpha1 admissionregistration.k8s.io/v1beta1 internal.apiserver.k8s.io/v1alpha1 apps/v1 apps/v1beta1 apps/v1beta2 authentication.k8s.io/v1 authentication.k8s.io/v1alpha1 authentication.k8s.io/v1beta1 authorization.k8s.io/v1 authorization.k8s.io/v1beta1 autoscaling/v1 autoscaling/v2";
    let text = match helm {
        Version::V4 => format!(
            "{common_head} batch/v1 batch/v1beta1 certificates.k8s.io/v1 certificates.k8s.io/v1beta1 certificates.k8s.io/v1alpha1 coordination.k8s.io/v1alpha2 coordination.k8s.io/v1beta1 coordination.k8s.io/v1 discovery.k8s.io/v1 discovery.k8s.io/v1beta1 events.k8s.io/v1 events.k8s.io/v1beta1 extensions/v1beta1 flowcontrol.apiserver.k8s.io/v1 flowcontrol.apiserver.k8s.io/v1beta1 flowcontrol.apiserver.k8s.io/v1beta2 flowcontrol.apiserver.k8s.io/v1beta3 networking.k8s.io/v1 networking.k8s.io/v1beta1 node.k8s.io/v1 node.k8s.io/v1alpha1 node.k8s.io/v1beta1 policy/v1 policy/v1beta1 rbac.authorization.k8s.io/v1 rbac.authorization.k8s.io/v1beta1 rbac.authorization.k8s.io/v1alpha1 resource.k8s.io/v1 resource.k8s.io/v1beta2 resource.k8s.io/v1beta1 resource.k8s.io/v1alpha3 scheduling.k8s.io/v1alpha2 scheduling.k8s.io/v1beta1 scheduling.k8s.io/v1 storage.k8s.io/v1beta1 storage.k8s.io/v1 storage.k8s.io/v1alpha1 storagemigration.k8s.io/v1beta1 apiextensions.k8s.io/v1beta1 apiextensions.k8s.io/v1"
        ),
        Version::V3 => format!(
            "{common_head} autoscaling/v2beta1 autoscaling/v2beta2 batch/v1 batch/v1beta1 certificates.k8s.io/v1 certificates.k8s.io/v1beta1 certificates.k8s.io/v1alpha1 coordination.k8s.io/v1alpha2 coordination.k8s.io/v1beta1 coordination.k8s.io/v1 discovery.k8s.io/v1 discovery.k8s.io/v1beta1 events.k8s.io/v1 events.k8s.io/v1beta1 extensions/v1beta1 flowcontrol.apiserver.k8s.io/v1 flowcontrol.apiserver.k8s.io/v1beta1 flowcontrol.apiserver.k8s.io/v1beta2 flowcontrol.apiserver.k8s.io/v1beta3 networking.k8s.io/v1 networking.k8s.io/v1alpha1 networking.k8s.io/v1beta1 node.k8s.io/v1 node.k8s.io/v1alpha1 node.k8s.io/v1beta1 policy/v1 policy/v1beta1 rbac.authorization.k8s.io/v1 rbac.authorization.k8s.io/v1beta1 rbac.authorization.k8s.io/v1alpha1 resource.k8s.io/v1beta1 resource.k8s.io/v1alpha3 scheduling.k8s.io/v1alpha1 scheduling.k8s.io/v1beta1 scheduling.k8s.io/v1 storage.k8s.io/v1beta1 storage.k8s.io/v1 storage.k8s.io/v1alpha1 storagemigration.k8s.io/v1alpha1 apiextensions.k8s.io/v1beta1 apiextensions.k8s.io/v1"
        ),
    };
    text.split(' ').map(str::to_string).collect()
}

impl Capabilities {
    fn helm_version(&self) -> Value {
        let mut m = std::collections::BTreeMap::new();
        let (v, commit, go) = match self.helm {
            Version::V4 => (
                "v4.2.3",
                "43e8b7feece8beb0fcba47059ec9b522fd929a64",
                "go1.26.5",
            ),
            Version::V3 => (
                "v3.17.2",
                "cc0bbbd6d6276b83880042c1ecb34087e84d41eb",
                "go1.23.7",
            ),
        };
        m.insert("Version".to_string(), Value::str(v));
        m.insert("GitCommit".to_string(), Value::str(commit));
        m.insert("GitTreeState".to_string(), Value::str("clean"));
        m.insert("GoVersion".to_string(), Value::str(go));
        if self.helm == Version::V4 {
            m.insert("KubeClientVersion".to_string(), Value::str("v1.36"));
        }
        Value::Object(Rc::new(Struct {
            type_name: "version.BuildInfo",
            fields: m,
            json_order: match self.helm {
                Version::V4 => vec![
                    ("version", "Version"),
                    ("git_commit", "GitCommit"),
                    ("git_tree_state", "GitTreeState"),
                    ("go_version", "GoVersion"),
                    ("kube_client_version", "KubeClientVersion"),
                ],
                Version::V3 => vec![
                    ("version", "Version"),
                    ("git_commit", "GitCommit"),
                    ("git_tree_state", "GitTreeState"),
                    ("go_version", "GoVersion"),
                ],
            },
        }))
    }
}

impl Object for Capabilities {
    fn type_name(&self) -> String {
        match self.helm {
            Version::V4 => "*common.Capabilities".into(),
            Version::V3 => "*chartutil.Capabilities".into(),
        }
    }
    fn field(&self, name: &str) -> Option<Val> {
        Some(Val::new(match name {
            "KubeVersion" => Value::Object(self.kube.clone()),
            "APIVersions" => Value::Object(self.api.clone()),
            "HelmVersion" => self.helm_version(),
            _ => return None,
        }))
    }
    fn method(self: Rc<Self>, _: &str) -> Option<Func> {
        None
    }
    fn print(&self) -> String {
        format!(
            "&{{{{{} {} {} {}}} {} {}}}",
            self.kube.version,
            "",
            self.kube.major,
            self.kube.minor,
            self.api.print(),
            crate::gotmpl::fmt::sprint_v(&self.helm_version())
        )
    }
    fn to_json(&self) -> String {
        format!(
            "{{\"KubeVersion\":{},\"APIVersions\":{},\"HelmVersion\":{}}}",
            self.kube.to_json(),
            self.api.to_json(),
            match self.helm_version() {
                Value::Object(o) => o.to_json(),
                _ => "null".into(),
            }
        )
    }
}

/// A plain Go struct: named fields, JSON in field order with its tags.
pub struct Struct {
    pub type_name: &'static str,
    pub fields: std::collections::BTreeMap<String, Value>,
    /// (json name, field name) in declaration order.
    pub json_order: Vec<(&'static str, &'static str)>,
}

impl Object for Struct {
    fn type_name(&self) -> String {
        self.type_name.into()
    }
    fn field(&self, name: &str) -> Option<Val> {
        self.fields.get(name).map(|v| Val::new(v.clone()))
    }
    fn method(self: Rc<Self>, _: &str) -> Option<Func> {
        None
    }
    fn print(&self) -> String {
        let items: Vec<String> = self
            .json_order
            .iter()
            .map(|(_, f)| crate::gotmpl::fmt::sprint_v(self.fields.get(*f).unwrap_or(&Value::Nil)))
            .collect();
        format!("{{{}}}", items.join(" "))
    }
    fn to_json(&self) -> String {
        let mut out = String::from("{");
        for (i, (j, f)) in self.json_order.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            convert::quote_json(&mut out, j, true);
            out.push(':');
            out.push_str(
                &convert::to_json(self.fields.get(*f).unwrap_or(&Value::Nil), true)
                    .unwrap_or_default(),
            );
        }
        out.push('}');
        out
    }
    fn kind(&self) -> &'static str {
        "struct"
    }
}

/// helm 3's `.Chart`: `struct { chart.Metadata; IsRoot bool }`, JSON with `omitempty` tags.
pub struct ChartStruct {
    pub fields: Vec<(&'static str, &'static str, Value)>,
}

impl Object for ChartStruct {
    fn type_name(&self) -> String {
        "struct { chart.Metadata; IsRoot bool }".into()
    }
    fn field(&self, name: &str) -> Option<Val> {
        self.fields
            .iter()
            .find(|(_, f, _)| *f == name)
            .map(|(_, _, v)| Val::new(v.clone()))
    }
    fn method(self: Rc<Self>, _: &str) -> Option<Func> {
        None
    }
    fn print(&self) -> String {
        let items: Vec<String> = self
            .fields
            .iter()
            .filter(|(_, f, _)| *f != "IsRoot")
            .map(|(_, _, v)| crate::gotmpl::fmt::sprint_v(v))
            .collect();
        let root = self
            .fields
            .iter()
            .find(|(_, f, _)| *f == "IsRoot")
            .map(|(_, _, v)| crate::gotmpl::fmt::sprint_v(v))
            .unwrap_or_default();
        format!("{{{{{}}} {root}}}", items.join(" "))
    }
    fn to_json(&self) -> String {
        let mut out = String::from("{");
        let mut first = true;
        for (json, _, v) in &self.fields {
            let empty = match v {
                Value::Str(s) => s.is_empty(),
                Value::Bool(b) => !b && *json != "IsRoot",
                Value::List(l) => l.items.is_empty(),
                Value::Map(m) => m.is_empty(),
                Value::Nil => true,
                _ => false,
            };
            if empty {
                continue;
            }
            if !first {
                out.push(',');
            }
            first = false;
            convert::quote_json(&mut out, json, true);
            out.push(':');
            out.push_str(&convert::to_json(v, true).unwrap_or_default());
        }
        out.push('}');
        out
    }
    fn kind(&self) -> &'static str {
        "struct"
    }
}

/// A `*semver.Version` method taking another version (`Compare`, `LessThan`...), which
/// compares as Masterminds/semver does (metadata aside).
fn compare_method(v: semver::Version, result: fn(std::cmp::Ordering) -> Value) -> Func {
    Func::new(&[crate::gotmpl::Ty::Any], None, move |_, a| {
        let other = match &a[0].v {
            Value::Object(o) if o.type_name() == "*semver.Version" => {
                semver::Version::parse(&o.print())
            }
            _ => None,
        };
        let Some(other) = other else {
            return Err(crate::gotmpl::Error::plain(format!(
                "wrong type for value; expected *semver.Version; got {}",
                a[0].v.type_name()
            )));
        };
        Ok(Val::new(result(v.compare(&other))))
    })
}

/// What `semver` returns (`*semver.Version`).
pub struct SemverVersion(pub semver::Version);

impl Object for SemverVersion {
    fn type_name(&self) -> String {
        "*semver.Version".into()
    }
    fn method(self: Rc<Self>, name: &str) -> Option<Func> {
        let v = self.0.clone();
        let int = |n: u64| Func::new(&[], None, move |_, _| Ok(Val::new(Value::Int64(n as i64))));
        Some(match name {
            "Major" => int(v.major),
            "Minor" => int(v.minor),
            "Patch" => int(v.patch),
            "Prerelease" => string_method(move || v.pre.clone()),
            "Metadata" => string_method(move || v.metadata.clone()),
            "Original" => string_method(move || v.original.clone()),
            "String" => string_method(move || v.text()),
            "Compare" => compare_method(v, |o| Value::Int(o as i64)),
            "LessThan" => compare_method(v, |o| Value::Bool(o.is_lt())),
            "GreaterThan" => compare_method(v, |o| Value::Bool(o.is_gt())),
            "Equal" => compare_method(v, |o| Value::Bool(o.is_eq())),
            _ => return None,
        })
    }
    fn print(&self) -> String {
        self.0.text()
    }
    fn to_json(&self) -> String {
        let mut out = String::new();
        convert::quote_json(&mut out, &self.0.text(), true);
        out
    }
}

/// helm 4's `.Chart`: the metadata as a map of Go field names (`structToMap`).
pub fn chart_map(md: &super::chart::Metadata, is_root: bool) -> Value {
    let mut m = std::collections::BTreeMap::new();
    let s = |x: &str| Value::str(x);
    let strs = |v: &[String]| Value::any_list(v.iter().map(|x| Value::str(x)).collect());
    m.insert("Name".into(), s(&md.name));
    m.insert("Home".into(), s(&md.home));
    m.insert("Sources".into(), strs(&md.sources));
    m.insert("Version".into(), s(&md.version));
    m.insert("Description".into(), s(&md.description));
    m.insert("Keywords".into(), strs(&md.keywords));
    m.insert(
        "Maintainers".into(),
        Value::any_list(
            md.maintainers
                .iter()
                .map(|mt| {
                    let mut x = std::collections::BTreeMap::new();
                    x.insert("Name".into(), s(&mt.name));
                    x.insert("Email".into(), s(&mt.email));
                    x.insert("URL".into(), s(&mt.url));
                    Value::map(x)
                })
                .collect(),
        ),
    );
    m.insert("Icon".into(), s(&md.icon));
    m.insert("APIVersion".into(), s(&md.api_version));
    m.insert("Condition".into(), s(&md.condition));
    m.insert("Tags".into(), s(&md.tags));
    m.insert("AppVersion".into(), s(&md.app_version));
    m.insert("Deprecated".into(), Value::Bool(md.deprecated));
    m.insert("Annotations".into(), annotations(md));
    m.insert("KubeVersion".into(), s(&md.kube_version));
    m.insert(
        "Dependencies".into(),
        Value::any_list(md.dependencies.iter().map(dependency_map).collect()),
    );
    m.insert("Type".into(), s(&md.kind));
    m.insert("IsRoot".into(), Value::Bool(is_root));
    Value::map(m)
}

fn dependency_map(d: &super::chart::Dependency) -> Value {
    let mut x = std::collections::BTreeMap::new();
    let s = |v: &str| Value::str(v);
    x.insert("Name".into(), s(&d.name));
    x.insert("Version".into(), s(&d.version));
    x.insert("Repository".into(), s(&d.repository));
    x.insert("Condition".into(), s(&d.condition));
    x.insert(
        "Tags".into(),
        Value::any_list(d.tags.iter().map(|t| s(t)).collect()),
    );
    x.insert("Enabled".into(), Value::Bool(d.enabled));
    x.insert(
        "ImportValues".into(),
        Value::any_list(d.import_values.clone()),
    );
    x.insert("Alias".into(), s(&d.alias));
    Value::map(x)
}

/// `Metadata.Annotations` (`map[string]string`): nil when Chart.yaml has none.
fn annotations(md: &super::chart::Metadata) -> Value {
    if md.annotations.is_empty() {
        return Value::Map(Map::nil(MapKind::Str));
    }
    Value::Map(Map::from_entries(
        MapKind::Str,
        md.annotations
            .iter()
            .map(|(k, v)| (k.clone(), Value::str(v)))
            .collect(),
    ))
}

/// helm 3's `.Chart` struct.
pub fn chart_struct(md: &super::chart::Metadata, is_root: bool) -> Value {
    let s = |x: &str| Value::str(x);
    // Unset slices are nil: `toJson` writes `null` for them.
    let strs = |v: &[String]| Value::list_or_nil(Elem::Str, v.iter().map(|x| s(x)).collect());
    let fields = vec![
        ("name", "Name", s(&md.name)),
        ("home", "Home", s(&md.home)),
        ("sources", "Sources", strs(&md.sources)),
        ("version", "Version", s(&md.version)),
        ("description", "Description", s(&md.description)),
        ("keywords", "Keywords", strs(&md.keywords)),
        (
            "maintainers",
            "Maintainers",
            Value::list_or_nil(
                Elem::Any,
                md.maintainers
                    .iter()
                    .map(|mt| {
                        let mut x = std::collections::BTreeMap::new();
                        x.insert("name".into(), s(&mt.name));
                        if !mt.email.is_empty() {
                            x.insert("email".into(), s(&mt.email));
                        }
                        if !mt.url.is_empty() {
                            x.insert("url".into(), s(&mt.url));
                        }
                        Value::map(x)
                    })
                    .collect(),
            ),
        ),
        ("icon", "Icon", s(&md.icon)),
        ("apiVersion", "APIVersion", s(&md.api_version)),
        ("condition", "Condition", s(&md.condition)),
        ("tags", "Tags", s(&md.tags)),
        ("appVersion", "AppVersion", s(&md.app_version)),
        ("deprecated", "Deprecated", Value::Bool(md.deprecated)),
        ("annotations", "Annotations", annotations(md)),
        ("kubeVersion", "KubeVersion", s(&md.kube_version)),
        (
            "dependencies",
            "Dependencies",
            Value::list_or_nil(
                Elem::Any,
                md.dependencies.iter().map(dependency_map).collect(),
            ),
        ),
        ("type", "Type", s(&md.kind)),
        ("IsRoot", "IsRoot", Value::Bool(is_root)),
    ];
    Value::Object(Rc::new(ChartStruct { fields }))
}
