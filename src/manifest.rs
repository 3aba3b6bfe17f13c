//! Manifests: input texts to located Kubernetes objects. Splits `kind: List`, dispatches on
//! `apiVersion`/`kind`, decodes StatefulSets and Services through the schema check, resolves
//! namespaces, and maps API field paths back to line and column.

use crate::diag::{Diagnostic, Severity, Source, Span};
use crate::schema::{self, Ty};
use crate::yaml::{self, Node, Value};

/// One input text and the name it is reported under.
#[derive(Clone, Copy, Debug)]
pub struct Input<'a> {
    pub name: &'a str,
    pub text: &'a str,
}

/// The kinds the playground understands; others are accepted and reported once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    StatefulSet,
    Service,
    PodDisruptionBudget,
    Other,
}

impl Kind {
    /// `(kind, apiVersion, schema)` of the kinds we read.
    const KNOWN: [(Kind, &'static str, &'static str, Ty); 3] = [
        (
            Kind::StatefulSet,
            "StatefulSet",
            "apps/v1",
            schema::STATEFULSET,
        ),
        (Kind::Service, "Service", "v1", schema::SERVICE),
        (
            Kind::PodDisruptionBudget,
            "PodDisruptionBudget",
            "policy/v1",
            schema::PODDISRUPTIONBUDGET,
        ),
    ];
}

/// A Kubernetes object from the input, with its source node for locating diagnostics.
#[derive(Clone, Debug)]
pub struct Object {
    pub file: usize,
    pub document: usize,
    /// The object as written (a `List` item for objects from a List), with positions.
    pub node: Node,
    /// The object after the schema check: unknown and mistyped fields removed. Positions kept.
    pub clean: Node,
    pub list_item: Option<usize>,
    pub kind: Kind,
    /// `kind` as written.
    pub kind_name: String,
    pub api_version: String,
    pub name: String,
    /// `metadata.namespace`, or the default namespace when it names none.
    pub namespace: String,
    /// The schema check (or document structure) found errors.
    pub has_errors: bool,
    /// The schema check removed mistyped values: the API server would refuse to decode the
    /// object, so validation and lints (which would see a different object) do not run.
    pub undecodable: bool,
}

impl Object {
    /// A `v1` Pod of the manifests, which the simulation creates as `kubectl apply` does.
    pub fn is_bare_pod(&self) -> bool {
        self.kind == Kind::Other
            && self.kind_name == "Pod"
            && self.api_version == "v1"
            && !self.name.is_empty()
    }

    /// A diagnostic about `field` of this object, located in its source.
    pub fn diag(
        &self,
        severity: Severity,
        source: Source,
        code: &'static str,
        field: &str,
        message: impl Into<String>,
    ) -> Diagnostic {
        let mut d = Diagnostic::new(severity, source, code)
            .field(field)
            .message(message)
            .span(locate(&self.node, field));
        d.file = self.file;
        d.document = self.document;
        d
    }
    pub fn is(&self, kind: Kind) -> bool {
        self.kind == kind
    }
}

/// Everything read from the inputs.
#[derive(Clone, Debug, Default)]
pub struct Manifests {
    pub files: Vec<String>,
    pub objects: Vec<Object>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads every input: YAML, documents, Lists, kinds, schema.
pub fn read(inputs: &[Input<'_>], default_namespace: &str) -> Manifests {
    let limits = yaml::Limits::default();
    let mut out = Manifests::default();
    for (file, input) in inputs.iter().enumerate() {
        out.files.push(input.name.to_string());
        let parsed = yaml::parse(input.text, &limits);
        for e in parsed.errors {
            let mut d = Diagnostic::new(Severity::Error, Source::Parse, e.code)
                .message(e.message)
                .span(e.span);
            d.file = file;
            d.document = e.document;
            out.diagnostics.push(d);
        }
        for doc in parsed.documents {
            let Some(root) = doc.root else { continue };
            read_object(&mut out, file, doc.index, root, None, default_namespace);
        }
    }
    out
}

fn read_object(
    out: &mut Manifests,
    file: usize,
    document: usize,
    node: Node,
    list_item: Option<usize>,
    default_namespace: &str,
) {
    let diag = |severity, source, code, span, message: String| {
        let mut d = Diagnostic::new(severity, source, code)
            .message(message)
            .span(span);
        d.file = file;
        d.document = document;
        d
    };
    let where_ = list_item
        .map(|i| format!(" (items[{i}])"))
        .unwrap_or_default();
    if node.as_map().is_none() {
        out.diagnostics.push(diag(
            Severity::Error,
            Source::Schema,
            "not-an-object",
            node.span,
            format!(
                "a manifest must be a mapping with apiVersion and kind, not {}{where_}",
                describe(&node)
            ),
        ));
        return;
    }
    let kind = node.get("kind");
    let api_version = node.get("apiVersion");
    let kind_str = kind.and_then(Node::as_str).unwrap_or("");
    let api_str = api_version.and_then(Node::as_str).unwrap_or("");
    if kind_str.is_empty() || api_str.is_empty() {
        let (what, field) = if kind_str.is_empty() {
            ("kind", kind)
        } else {
            ("apiVersion", api_version)
        };
        let span = field.map_or(node.span, |n| n.span);
        out.diagnostics.push(diag(
            Severity::Error,
            Source::Schema,
            if kind_str.is_empty() {
                "missing-kind"
            } else {
                "missing-api-version"
            },
            Span::new(span.start, span.start),
            format!("{what} not set{where_}"),
        ));
        return;
    }
    if kind_str == "List" && list_item.is_none() {
        match node.get("items").map(|n| &n.value) {
            Some(Value::Seq(items)) => {
                for (i, item) in items.iter().enumerate() {
                    read_object(
                        out,
                        file,
                        document,
                        item.clone(),
                        Some(i),
                        default_namespace,
                    );
                }
            }
            Some(Value::Null) | None => {}
            Some(_) => {
                let span = node.get("items").map_or(node.span, |n| n.span);
                out.diagnostics.push(diag(
                    Severity::Error,
                    Source::Schema,
                    "wrong-type",
                    span,
                    "items: a List's items must be a sequence of objects".into(),
                ));
            }
        }
        return;
    }
    let metadata = node.get("metadata");
    let name = metadata
        .and_then(|m| m.get_str("name"))
        .unwrap_or("")
        .to_string();
    let namespace = metadata
        .and_then(|m| m.get_str("namespace"))
        .filter(|s| !s.is_empty())
        .unwrap_or(default_namespace)
        .to_string();
    let kind_span = kind.map_or(node.span, |n| n.span);
    let api_span = api_version.map_or(node.span, |n| n.span);
    let (kind_str, api_str) = (kind_str.to_string(), api_str.to_string());
    let known = Kind::KNOWN.iter().find(|(_, k, _, _)| *k == kind_str);
    let (kind, clean, issues) = match known {
        Some((_, _, expected, _)) if api_str != *expected => {
            out.diagnostics.push(diag(
                Severity::Error,
                Source::Schema,
                "unknown-api-version",
                api_span,
                format!(
                    "resource mapping not found for name: \"{name}\": no matches for kind \"{kind_str}\" in version \"{api_str}\" ({kind_str} is served as {expected})"
                ),
            ));
            return;
        }
        Some((kind, _, _, ty)) => {
            let (clean, issues, hints) = schema::check_with_hints(&node, ty);
            for h in hints {
                let severity = crate::validate::lint::severity(h.code);
                let d = diag(severity, Source::Lint, h.code, h.span, h.message);
                out.diagnostics.push(d.field(h.field));
            }
            if *kind == Kind::PodDisruptionBudget {
                out.diagnostics.push(diag(
                    Severity::Info,
                    Source::Parse,
                    "kind-not-simulated",
                    kind_span,
                    format!("PodDisruptionBudget \"{name}\" is checked and used by the lints but not simulated"),
                ));
            }
            (*kind, clean, issues)
        }
        // A bare Pod is created and run as `kubectl apply` would (`Simulation::new`).
        None if kind_str == "Pod" && api_str == "v1" => (Kind::Other, node.clone(), Vec::new()),
        None => {
            out.diagnostics.push(diag(
                Severity::Info,
                Source::Parse,
                "kind-not-simulated",
                kind_span,
                format!("{kind_str} \"{name}\" is accepted but not simulated: the playground models StatefulSets, their Services and Pods"),
            ));
            (Kind::Other, node.clone(), Vec::new())
        }
    };
    let has_errors = !issues.is_empty();
    let undecodable = issues
        .iter()
        .any(|i| i.code == "wrong-type" || i.code == "invalid-quantity");
    for i in issues {
        let d = diag(Severity::Error, Source::Schema, i.code, i.span, i.message);
        out.diagnostics.push(d.field(i.field));
    }
    out.objects.push(Object {
        file,
        document,
        node,
        clean,
        list_item,
        kind,
        kind_name: kind_str,
        api_version: api_str,
        name,
        namespace,
        has_errors,
        undecodable,
    });
}

fn describe(node: &Node) -> String {
    match &node.value {
        Value::Seq(_) => "a sequence".into(),
        Value::Str(s) => format!("the string {}", crate::go::quote(s)),
        Value::Null => "null".into(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Int(i) => format!("the number {i}"),
        Value::Float(f) => format!("the number {}", crate::yaml::format_float(*f)),
        Value::Map(_) => "a mapping without apiVersion and kind".into(),
    }
}

/// One step of an API field path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathSeg {
    Field(String),
    /// `[3]` (a list index) or `[app]` (a map key).
    Bracket(String),
}

/// Splits `spec.template.metadata.labels[app.kubernetes.io/name]` into segments.
pub fn parse_path(path: &str) -> Vec<PathSeg> {
    let mut segs = Vec::new();
    let mut cur = String::new();
    let mut chars = path.chars();
    while let Some(c) = chars.next() {
        match c {
            '.' => {
                if !cur.is_empty() {
                    segs.push(PathSeg::Field(std::mem::take(&mut cur)));
                }
            }
            '[' => {
                if !cur.is_empty() {
                    segs.push(PathSeg::Field(std::mem::take(&mut cur)));
                }
                let mut inner = String::new();
                for c in chars.by_ref() {
                    if c == ']' {
                        break;
                    }
                    inner.push(c);
                }
                segs.push(PathSeg::Bracket(inner));
            }
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        segs.push(PathSeg::Field(cur));
    }
    segs
}

/// Where `field` is in `root`: the value when it is a scalar, else its key; for a field that
/// is missing, the key of its closest present parent.
pub fn locate(root: &Node, field: &str) -> Span {
    let mut node = root;
    let mut key_span: Option<Span> = None;
    for seg in parse_path(field) {
        let next = match (&seg, &node.value) {
            (PathSeg::Field(k) | PathSeg::Bracket(k), Value::Map(_)) => {
                node.entry(k).map(|e| (&e.value, Some(e.key_span)))
            }
            (PathSeg::Bracket(i), Value::Seq(items)) => i
                .parse::<usize>()
                .ok()
                .and_then(|i| items.get(i))
                .map(|n| (n, None)),
            _ => None,
        };
        match next {
            Some((n, ks)) => {
                node = n;
                key_span = ks.or(Some(n.span));
            }
            None => break,
        }
    }
    match (&node.value, key_span) {
        (Value::Map(_) | Value::Seq(_), Some(ks)) => ks,
        (Value::Map(_) | Value::Seq(_), None) => Span::new(node.span.start, node.span.start),
        (Value::Null, Some(ks)) => ks,
        _ => node.span,
    }
}

/// Like `locate`, then, when the field is a mapping or sequence and `bad` names one of its
/// keys or elements, that entry: a bad label key points at the key, not at `labels:`.
/// API quirks where the path names no source field (`spec.template.labels`) look in the
/// object's `metadata`.
pub fn locate_value(root: &Node, field: &str, bad: Option<&str>) -> Span {
    let mut segs = parse_path(field);
    // `spec.template.labels` (sic, `ValidatePodTemplateSpecForStatefulSet`) is written under
    // `spec.template.metadata`.
    if let Some(PathSeg::Field(last)) = segs.last()
        && (last == "labels" || last == "annotations")
        && segs.len() >= 2
        && segs[segs.len() - 2] != PathSeg::Field("metadata".into())
    {
        let last = segs.len() - 1;
        segs.insert(last, PathSeg::Field("metadata".into()));
    }
    let mut node = root;
    for seg in &segs {
        let next = match (seg, &node.value) {
            (PathSeg::Field(k) | PathSeg::Bracket(k), Value::Map(_)) => node.get(k),
            (PathSeg::Bracket(i), Value::Seq(items)) => {
                i.parse::<usize>().ok().and_then(|i| items.get(i))
            }
            _ => None,
        };
        match next {
            Some(n) => node = n,
            None => break,
        }
    }
    if let Some(bad) = bad {
        match &node.value {
            Value::Map(entries) => {
                if let Some(e) = entries.iter().find(|e| e.key == bad) {
                    return e.key_span;
                }
                if let Some(e) = entries.iter().find(|e| e.value.as_str() == Some(bad)) {
                    return e.value.span;
                }
            }
            Value::Seq(items) => {
                if let Some(n) = items.iter().find(|n| n.as_str() == Some(bad)) {
                    return n.span;
                }
            }
            _ => {}
        }
    }
    let path = segs
        .iter()
        .map(|s| match s {
            PathSeg::Field(f) => format!(".{f}"),
            PathSeg::Bracket(b) => format!("[{b}]"),
        })
        .collect::<String>();
    locate(root, path.trim_start_matches('.'))
}
