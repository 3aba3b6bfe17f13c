//! Schema check: walks a positioned YAML tree against the Kubernetes schema and reports what
//! kubectl's strict field validation rejects: unknown fields (with a "did you mean"), duplicate
//! fields, and values of the wrong JSON type (in Go's `cannot unmarshal X into Go struct field
//! ...` wording), each at its line and column. It returns a clean copy of the tree without the
//! offending fields, so everything downstream can trust shapes and types.
//!
//! On the way it notices what indentation mistakes leave behind (most often a template's
//! `nindent` with the wrong number): a field whose value is empty (`resources:` with nothing
//! under it, or `null`), and an unknown key that is a field of the empty one just above it
//! (indent it more) or of an enclosing struct (indent it less). These are hints, not errors:
//! `check_with_hints` returns them apart, as lints `empty-field` and `misindented-key`.
//!
//! The schema is k8s-openapi's: `src/build.rs` extracts every struct reachable from the kinds
//! we read (StatefulSet, Service, PodDisruptionBudget) with its fields and their types into the
//! table included below.

use crate::diag::Span;
use crate::yaml::{Entry, Node, Value};

/// A field's type, as k8s-openapi's deserializer asks for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    Bool,
    Int32,
    Int64,
    Float,
    Str,
    /// `resource.Quantity`: a string (or number) such as `1Gi` or `500m`.
    Quantity,
    /// `intstr.IntOrString`: a 32-bit integer or a string.
    IntOrString,
    /// `metav1.Time`: an RFC 3339 timestamp string.
    Time,
    /// Anything (raw JSON).
    Any,
    /// Index into `STRUCTS`.
    Struct(usize),
    Seq(&'static Ty),
    Map(&'static Ty),
}

/// A Kubernetes struct: its Go name and JSON fields (sorted by name).
#[derive(Debug)]
pub struct Struct {
    pub name: &'static str,
    pub fields: &'static [(&'static str, Ty)],
}

include!(concat!(env!("OUT_DIR"), "/schema_table.rs"));

impl Struct {
    pub fn field(&self, name: &str) -> Option<&Ty> {
        self.fields
            .binary_search_by(|(f, _)| (*f).cmp(name))
            .ok()
            .map(|i| &self.fields[i].1)
    }
    pub fn field_names(&self) -> impl Iterator<Item = &'static str> + Clone + '_ {
        self.fields.iter().map(|(f, _)| *f)
    }
}

/// The struct definition named `name` (`StatefulSetSpec`, `Container`...).
pub fn find_struct(name: &str) -> Option<&'static Struct> {
    STRUCTS.iter().find(|s| s.name == name)
}

/// The Go type name used in decoding errors.
fn go_type(ty: &Ty) -> String {
    match ty {
        Ty::Bool => "bool".into(),
        Ty::Int32 => "int32".into(),
        Ty::Int64 => "int64".into(),
        Ty::Float => "float64".into(),
        Ty::Str => "string".into(),
        Ty::Quantity => "resource.Quantity".into(),
        Ty::IntOrString => "intstr.IntOrString".into(),
        Ty::Time => "v1.Time".into(),
        Ty::Any => "interface {}".into(),
        Ty::Struct(i) => format!("v1.{}", STRUCTS[*i].name),
        Ty::Seq(e) => format!("[]{}", go_type(e)),
        Ty::Map(Ty::Quantity) => "v1.ResourceList".into(),
        Ty::Map(v) => format!("map[string]{}", go_type(v)),
    }
}

/// One schema problem, located.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issue {
    /// `unknown-field`, `duplicate-field`, `wrong-type` or `invalid-quantity`.
    pub code: &'static str,
    pub field: String,
    pub message: String,
    pub span: Span,
}

/// Checks `root` against `ty`; returns the clean tree and the issues found.
pub fn check(root: &Node, ty: &Ty) -> (Node, Vec<Issue>) {
    let (clean, issues, _) = check_with_hints(root, ty);
    (clean, issues)
}

/// `check`, plus the indentation hints (codes `empty-field` and `misindented-key`).
pub fn check_with_hints(root: &Node, ty: &Ty) -> (Node, Vec<Issue>, Vec<Issue>) {
    let mut w = Walker {
        issues: Vec::new(),
        hints: Vec::new(),
        path: Vec::new(),
        frames: Vec::new(),
    };
    let clean = w
        .walk(root, ty, None)
        .unwrap_or_else(|| Node::new(Value::Map(Vec::new()), root.span));
    (clean, w.issues, w.hints)
}

#[derive(Clone, Copy)]
enum Seg<'a> {
    Field(&'a str),
    Index(usize),
    Key(&'a str),
}

struct Walker<'a> {
    issues: Vec<Issue>,
    hints: Vec<Issue>,
    path: Vec<Seg<'a>>,
    /// The structs being walked, outermost first.
    frames: Vec<Frame>,
}

/// A struct being walked: its definition, the column of its keys and where its path ends.
struct Frame {
    def: &'static Struct,
    column: u32,
    depth: usize,
}

/// A field met with an empty value: keys after it may have been meant under it.
#[derive(Clone, Copy)]
struct Empty<'a> {
    name: &'a str,
    ty: Ty,
    column: u32,
}

impl<'a> Walker<'a> {
    /// `spec.template.spec.containers[0].image`, `metadata.labels[app]`.
    fn api_path(&self) -> String {
        api_path(&self.path)
    }

    /// An issue at the current path.
    fn issue(&self, code: &'static str, message: String, span: Span) -> Issue {
        let field = self.api_path();
        Issue {
            code,
            field,
            message,
            span,
        }
    }

    fn hint(&mut self, code: &'static str, message: String, span: Span) {
        let i = self.issue(code, message, span);
        self.hints.push(i);
    }

    /// An unknown key `e`: was it meant under the empty field above it, or further out?
    fn misindented(&mut self, e: &Entry, empty: Option<Empty<'_>>) {
        let column = e.key_span.start.column;
        if let Some(p) = empty {
            let fits = match p.ty {
                Ty::Struct(i) => STRUCTS[i].field(&e.key).is_some(),
                Ty::Map(v) => {
                    !matches!(v, Ty::Struct(_))
                        && !matches!(e.value.value, Value::Map(_) | Value::Seq(_))
                }
                _ => false,
            };
            if fits && p.column == column {
                let message = format!(
                    "\"{}\" belongs under \"{}\", which is empty just above it: indent it (and the lines that go with it) 2 more spaces",
                    e.key, p.name
                );
                self.hint("misindented-key", message, e.key_span);
                return;
            }
        }
        let Some(current) = self.frames.last() else {
            return;
        };
        let here = current.def.name;
        let outer = self.frames[..self.frames.len() - 1]
            .iter()
            .rev()
            .find(|f| f.def.field(&e.key).is_some() && f.column > 0 && f.column < column);
        if let Some(f) = outer {
            let at = api_path(&self.path[..f.depth]);
            let at = if at.is_empty() {
                "the top level".to_string()
            } else {
                format!("\"{at}\"")
            };
            let message = format!(
                "\"{}\" is not a field of {here} but is one of {} ({at}): indent it {} spaces less",
                e.key,
                f.def.name,
                column - f.column
            );
            self.hint("misindented-key", message, e.key_span);
        }
    }

    /// Go's `encoding/json` form: field names joined by dots, no indices or map keys.
    fn go_path(&self) -> String {
        let parts: Vec<&str> = self
            .path
            .iter()
            .filter_map(|s| match s {
                Seg::Field(f) => Some(*f),
                _ => None,
            })
            .collect();
        parts.join(".")
    }

    fn report(&mut self, code: &'static str, message: String, span: Span) {
        let i = self.issue(code, message, span);
        self.issues.push(i);
    }

    fn mismatch(&mut self, node: &Node, ty: &Ty, owner: Option<&'static Struct>) {
        let numeric_target = matches!(ty, Ty::Int32 | Ty::Int64 | Ty::Float);
        let found = match &node.value {
            Value::Int(i) if numeric_target => format!("number {i}"),
            Value::Float(f) if numeric_target => format!("number {}", go_float(*f)),
            _ => node.json_type().to_string(),
        };
        let message = match owner {
            Some(o) => format!(
                "cannot unmarshal {found} into Go struct field {}.{} of type {}",
                o.name,
                self.go_path(),
                go_type(ty)
            ),
            None => format!(
                "cannot unmarshal {found} into Go value of type {}",
                go_type(ty)
            ),
        };
        self.report("wrong-type", message, node.span);
    }

    /// The clean value, or `None` when it is null or unusable (reported).
    fn walk(&mut self, node: &'a Node, ty: &Ty, owner: Option<&'static Struct>) -> Option<Node> {
        if matches!(node.value, Value::Null) {
            return None;
        }
        let ok = |v: Value| Some(Node::new(v, node.span));
        match (ty, &node.value) {
            (Ty::Any, _) => Some(node.clone()),
            (Ty::Bool, Value::Bool(b)) => ok(Value::Bool(*b)),
            (Ty::Int32 | Ty::Int64, _) => {
                let (lo, hi) = if *ty == Ty::Int32 {
                    (i32::MIN as i64, i32::MAX as i64)
                } else {
                    (i64::MIN, i64::MAX)
                };
                // YAML-to-JSON turns 3.0 into 3, which Go then accepts for an integer field.
                let n = match node.value {
                    Value::Int(i) => Some(i),
                    Value::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Some(f as i64),
                    _ => None,
                };
                match n {
                    Some(i) if (lo..=hi).contains(&i) => ok(Value::Int(i)),
                    _ => {
                        self.mismatch(node, ty, owner);
                        None
                    }
                }
            }
            (Ty::Float, Value::Int(i)) => ok(Value::Float(*i as f64)),
            (Ty::Float, Value::Float(f)) => ok(Value::Float(*f)),
            (Ty::Str, Value::Str(s)) => ok(Value::Str(s.clone())),
            (Ty::Time, Value::Str(s)) => ok(Value::Str(s.clone())),
            (Ty::IntOrString, Value::Str(s)) => ok(Value::Str(s.clone())),
            (Ty::IntOrString, Value::Int(i)) if i32::try_from(*i).is_ok() => ok(Value::Int(*i)),
            (Ty::Quantity, Value::Str(_) | Value::Int(_) | Value::Float(_)) => {
                let text = match &node.value {
                    Value::Str(s) => s.trim().to_string(),
                    Value::Int(i) => i.to_string(),
                    Value::Float(f) => go_float(*f),
                    _ => String::new(),
                };
                // The API server keeps `Quantity.String()`: `0.5` is stored as `500m`.
                match crate::quantity::parse_quantity(&text) {
                    Ok(q) => ok(Value::Str(q.to_string())),
                    Err(message) => {
                        self.report("invalid-quantity", message, node.span);
                        None
                    }
                }
            }
            (Ty::Seq(elem), Value::Seq(items)) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    self.path.push(Seg::Index(i));
                    // A bad element keeps its place, so indices in later messages stay true.
                    let v = self
                        .walk(item, elem, owner)
                        .unwrap_or_else(|| Node::new(Value::Null, item.span));
                    self.path.pop();
                    out.push(v);
                }
                ok(Value::Seq(out))
            }
            (Ty::Map(value_ty), Value::Map(entries)) => {
                let mut out = Vec::with_capacity(entries.len());
                for e in self.live(entries, false) {
                    self.path.push(Seg::Key(&e.key));
                    let v = self.walk(&e.value, value_ty, owner);
                    self.path.pop();
                    if let Some(v) = v {
                        out.push(Entry {
                            key: e.key.clone(),
                            key_span: e.key_span,
                            value: v,
                        });
                    }
                }
                ok(Value::Map(out))
            }
            (Ty::Struct(i), Value::Map(entries)) => {
                let def = &STRUCTS[*i];
                let mut out = Vec::with_capacity(entries.len());
                self.frames.push(Frame {
                    def,
                    column: entries.first().map_or(0, |e| e.key_span.start.column),
                    depth: self.path.len(),
                });
                let mut empty = None;
                for e in self.live(entries, true) {
                    self.path.push(Seg::Field(&e.key));
                    match def.field(&e.key) {
                        None => {
                            let mut message = format!("unknown field \"{}\"", self.api_path());
                            if let Some(s) = suggest(&e.key, def.field_names()) {
                                message.push_str(&format!(" (did you mean \"{s}\"?)"));
                            }
                            self.report("unknown-field", message, e.key_span);
                            self.misindented(e, empty);
                        }
                        Some(fty) => {
                            empty = None;
                            if e.value.value == Value::Null
                                && matches!(fty, Ty::Struct(_) | Ty::Seq(_) | Ty::Map(_))
                            {
                                let message = format!(
                                    "\"{}\" is empty (null): what should be under it is missing or indented at the wrong depth (write {} for an empty value on purpose)",
                                    e.key,
                                    if matches!(fty, Ty::Seq(_)) {
                                        "[]"
                                    } else {
                                        "{}"
                                    }
                                );
                                self.hint("empty-field", message, e.key_span);
                                empty = Some(Empty {
                                    name: &e.key,
                                    ty: *fty,
                                    column: e.key_span.start.column,
                                });
                            }
                            if let Some(v) = self
                                .walk(&e.value, fty, Some(def))
                                .filter(|v| stored(def, &e.key, fty, &v.value))
                            {
                                out.push(Entry {
                                    key: e.key.clone(),
                                    key_span: e.key_span,
                                    value: v,
                                });
                            }
                        }
                    }
                    self.path.pop();
                }
                self.frames.pop();
                ok(Value::Map(out))
            }
            _ => {
                self.mismatch(node, ty, owner);
                None
            }
        }
    }

    /// Entries as JSON decoding sees them: a repeated key is reported, and the last one wins.
    fn live(&mut self, entries: &'a [Entry], is_struct: bool) -> Vec<&'a Entry> {
        let mut out = Vec::with_capacity(entries.len());
        for (i, e) in entries.iter().enumerate() {
            if let Some(dup) = entries[i + 1..].iter().find(|x| x.key == e.key) {
                self.path.push(if is_struct {
                    Seg::Field(&e.key)
                } else {
                    Seg::Key(&e.key)
                });
                self.report(
                    "duplicate-field",
                    format!("duplicate field \"{}\"", e.key),
                    dup.key_span,
                );
                self.path.pop();
            } else {
                out.push(e);
            }
        }
        out
    }
}

/// `spec.template.spec.containers[0].image`, `metadata.labels[app]`.
fn api_path(path: &[Seg<'_>]) -> String {
    let mut s = String::new();
    for seg in path {
        match seg {
            Seg::Field(f) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(f);
            }
            Seg::Index(i) => {
                s.push('[');
                s.push_str(&i.to_string());
                s.push(']');
            }
            Seg::Key(k) => {
                s.push('[');
                s.push_str(k);
                s.push(']');
            }
        }
    }
    s
}

/// Fields Go writes only when they differ from their zero value: tagged `omitempty`, with a
/// string, bool or integer type that is not a pointer (`types.go` of k8s.io/api v0.36.3
/// `core/v1`, `apps/v1` and `policy/v1`, and of k8s.io/apimachinery v0.36.3 `pkg/apis/meta/v1`,
/// embedded structs flattened into the struct that embeds them; sorted). The API server keeps
/// an object as its Go struct, so `readOnly: false` or `initialDelaySeconds: 0` is stored, hashed
/// into a revision and shown by `kubectl get -o yaml` exactly as if the field were absent.
static OMIT_ZERO: &[(&str, &str)] = &[
    ("AWSElasticBlockStoreVolumeSource", "fsType"),
    ("AWSElasticBlockStoreVolumeSource", "partition"),
    ("AWSElasticBlockStoreVolumeSource", "readOnly"),
    ("AzureFileVolumeSource", "readOnly"),
    ("CephFSVolumeSource", "path"),
    ("CephFSVolumeSource", "readOnly"),
    ("CephFSVolumeSource", "secretFile"),
    ("CephFSVolumeSource", "user"),
    ("CinderVolumeSource", "fsType"),
    ("CinderVolumeSource", "readOnly"),
    ("Condition", "observedGeneration"),
    ("ConfigMapEnvSource", "name"),
    ("ConfigMapKeySelector", "name"),
    ("ConfigMapProjection", "name"),
    ("ConfigMapVolumeSource", "name"),
    ("Container", "image"),
    ("Container", "imagePullPolicy"),
    ("Container", "stdin"),
    ("Container", "stdinOnce"),
    ("Container", "terminationMessagePath"),
    ("Container", "terminationMessagePolicy"),
    ("Container", "tty"),
    ("Container", "workingDir"),
    ("ContainerPort", "hostIP"),
    ("ContainerPort", "hostPort"),
    ("ContainerPort", "name"),
    ("ContainerPort", "protocol"),
    ("ContainerRestartRule", "action"),
    ("ContainerRestartRuleOnExitCodes", "operator"),
    ("EmptyDirVolumeSource", "medium"),
    ("EnvFromSource", "prefix"),
    ("EnvVar", "value"),
    ("EphemeralContainer", "image"),
    ("EphemeralContainer", "imagePullPolicy"),
    ("EphemeralContainer", "stdin"),
    ("EphemeralContainer", "stdinOnce"),
    ("EphemeralContainer", "targetContainerName"),
    ("EphemeralContainer", "terminationMessagePath"),
    ("EphemeralContainer", "terminationMessagePolicy"),
    ("EphemeralContainer", "tty"),
    ("EphemeralContainer", "workingDir"),
    ("FCVolumeSource", "fsType"),
    ("FCVolumeSource", "readOnly"),
    ("FlexVolumeSource", "fsType"),
    ("FlexVolumeSource", "readOnly"),
    ("FlockerVolumeSource", "datasetName"),
    ("FlockerVolumeSource", "datasetUUID"),
    ("GCEPersistentDiskVolumeSource", "fsType"),
    ("GCEPersistentDiskVolumeSource", "partition"),
    ("GCEPersistentDiskVolumeSource", "readOnly"),
    ("GitRepoVolumeSource", "directory"),
    ("GitRepoVolumeSource", "revision"),
    ("GlusterfsVolumeSource", "readOnly"),
    ("HTTPGetAction", "host"),
    ("HTTPGetAction", "path"),
    ("HTTPGetAction", "scheme"),
    ("ISCSIVolumeSource", "chapAuthDiscovery"),
    ("ISCSIVolumeSource", "chapAuthSession"),
    ("ISCSIVolumeSource", "fsType"),
    ("ISCSIVolumeSource", "iscsiInterface"),
    ("ISCSIVolumeSource", "readOnly"),
    ("ImageVolumeSource", "pullPolicy"),
    ("ImageVolumeSource", "reference"),
    ("LoadBalancerIngress", "hostname"),
    ("LoadBalancerIngress", "ip"),
    ("LocalObjectReference", "name"),
    ("ManagedFieldsEntry", "apiVersion"),
    ("ManagedFieldsEntry", "fieldsType"),
    ("ManagedFieldsEntry", "manager"),
    ("ManagedFieldsEntry", "operation"),
    ("ManagedFieldsEntry", "subresource"),
    ("ModifyVolumeStatus", "targetVolumeAttributesClassName"),
    ("NFSVolumeSource", "readOnly"),
    ("ObjectFieldSelector", "apiVersion"),
    ("ObjectMeta", "generateName"),
    ("ObjectMeta", "generation"),
    ("ObjectMeta", "name"),
    ("ObjectMeta", "namespace"),
    ("ObjectMeta", "resourceVersion"),
    ("ObjectMeta", "selfLink"),
    ("PersistentVolumeClaim", "apiVersion"),
    ("PersistentVolumeClaim", "kind"),
    ("PersistentVolumeClaimCondition", "message"),
    ("PersistentVolumeClaimCondition", "reason"),
    ("PersistentVolumeClaimSpec", "volumeName"),
    ("PersistentVolumeClaimStatus", "phase"),
    ("PersistentVolumeClaimVolumeSource", "readOnly"),
    ("PhotonPersistentDiskVolumeSource", "fsType"),
    ("PodCertificateProjection", "certificateChainPath"),
    ("PodCertificateProjection", "credentialBundlePath"),
    ("PodCertificateProjection", "keyPath"),
    ("PodCertificateProjection", "keyType"),
    ("PodCertificateProjection", "signerName"),
    ("PodDNSConfigOption", "name"),
    ("PodDisruptionBudget", "apiVersion"),
    ("PodDisruptionBudget", "kind"),
    ("PodDisruptionBudgetStatus", "observedGeneration"),
    ("PodSpec", "dnsPolicy"),
    ("PodSpec", "hostIPC"),
    ("PodSpec", "hostNetwork"),
    ("PodSpec", "hostPID"),
    ("PodSpec", "hostname"),
    ("PodSpec", "nodeName"),
    ("PodSpec", "priorityClassName"),
    ("PodSpec", "restartPolicy"),
    ("PodSpec", "schedulerName"),
    ("PodSpec", "serviceAccount"),
    ("PodSpec", "serviceAccountName"),
    ("PodSpec", "subdomain"),
    ("PortworxVolumeSource", "fsType"),
    ("PortworxVolumeSource", "readOnly"),
    ("Probe", "failureThreshold"),
    ("Probe", "initialDelaySeconds"),
    ("Probe", "periodSeconds"),
    ("Probe", "successThreshold"),
    ("Probe", "timeoutSeconds"),
    ("QuobyteVolumeSource", "group"),
    ("QuobyteVolumeSource", "readOnly"),
    ("QuobyteVolumeSource", "tenant"),
    ("QuobyteVolumeSource", "user"),
    ("RBDVolumeSource", "fsType"),
    ("RBDVolumeSource", "keyring"),
    ("RBDVolumeSource", "pool"),
    ("RBDVolumeSource", "readOnly"),
    ("RBDVolumeSource", "user"),
    ("ResourceClaim", "request"),
    ("ResourceFieldSelector", "containerName"),
    ("SELinuxOptions", "level"),
    ("SELinuxOptions", "role"),
    ("SELinuxOptions", "type"),
    ("SELinuxOptions", "user"),
    ("ScaleIOVolumeSource", "fsType"),
    ("ScaleIOVolumeSource", "protectionDomain"),
    ("ScaleIOVolumeSource", "readOnly"),
    ("ScaleIOVolumeSource", "sslEnabled"),
    ("ScaleIOVolumeSource", "storageMode"),
    ("ScaleIOVolumeSource", "storagePool"),
    ("ScaleIOVolumeSource", "volumeName"),
    ("SecretEnvSource", "name"),
    ("SecretKeySelector", "name"),
    ("SecretProjection", "name"),
    ("SecretVolumeSource", "secretName"),
    ("Service", "apiVersion"),
    ("Service", "kind"),
    ("ServiceAccountTokenProjection", "audience"),
    ("ServicePort", "name"),
    ("ServicePort", "nodePort"),
    ("ServicePort", "protocol"),
    ("ServiceSpec", "clusterIP"),
    ("ServiceSpec", "externalName"),
    ("ServiceSpec", "externalTrafficPolicy"),
    ("ServiceSpec", "healthCheckNodePort"),
    ("ServiceSpec", "loadBalancerIP"),
    ("ServiceSpec", "publishNotReadyAddresses"),
    ("ServiceSpec", "sessionAffinity"),
    ("ServiceSpec", "type"),
    ("StatefulSet", "apiVersion"),
    ("StatefulSet", "kind"),
    ("StatefulSetCondition", "message"),
    ("StatefulSetCondition", "reason"),
    (
        "StatefulSetPersistentVolumeClaimRetentionPolicy",
        "whenDeleted",
    ),
    (
        "StatefulSetPersistentVolumeClaimRetentionPolicy",
        "whenScaled",
    ),
    ("StatefulSetSpec", "minReadySeconds"),
    ("StatefulSetSpec", "podManagementPolicy"),
    ("StatefulSetStatus", "currentReplicas"),
    ("StatefulSetStatus", "currentRevision"),
    ("StatefulSetStatus", "observedGeneration"),
    ("StatefulSetStatus", "readyReplicas"),
    ("StatefulSetStatus", "updateRevision"),
    ("StatefulSetStatus", "updatedReplicas"),
    ("StatefulSetUpdateStrategy", "type"),
    ("StorageOSVolumeSource", "fsType"),
    ("StorageOSVolumeSource", "readOnly"),
    ("StorageOSVolumeSource", "volumeName"),
    ("StorageOSVolumeSource", "volumeNamespace"),
    ("TCPSocketAction", "host"),
    ("Toleration", "effect"),
    ("Toleration", "key"),
    ("Toleration", "operator"),
    ("Toleration", "value"),
    ("VolumeMount", "readOnly"),
    ("VolumeMount", "subPath"),
    ("VolumeMount", "subPathExpr"),
    ("VsphereVirtualDiskVolumeSource", "fsType"),
    ("VsphereVirtualDiskVolumeSource", "storagePolicyID"),
    ("VsphereVirtualDiskVolumeSource", "storagePolicyName"),
];

/// Lists Go writes even when empty (no `omitempty`, same sources). Every other list, and every
/// map, is left out when empty.
static KEEP_EMPTY: &[(&str, &str)] = &[
    ("CephFSVolumeSource", "monitors"),
    ("NodeSelector", "nodeSelectorTerms"),
    ("PodSpec", "containers"),
    ("ProjectedVolumeSource", "sources"),
    ("RBDVolumeSource", "monitors"),
];

/// Whether the API server keeps field `field` of struct `def` with this clean value: not when
/// it is a scalar's zero value and the field is in `OMIT_ZERO` (decoding gives the same struct
/// as when it is absent).
fn stored(def: &Struct, field: &str, ty: &Ty, v: &Value) -> bool {
    let zero = match (ty, v) {
        (Ty::Str, Value::Str(s)) => s.is_empty(),
        (Ty::Bool, Value::Bool(b)) => !b,
        (Ty::Int32 | Ty::Int64, Value::Int(i)) => *i == 0,
        _ => false,
    };
    !zero || OMIT_ZERO.binary_search(&(def.name, field)).is_err()
}

/// Whether Go's typed encoding leaves out field `field` of struct `def` with value `v`: an
/// empty list or map under `omitempty`. The clean tree keeps them, because validation sees the
/// decoded request, where an empty map is not a nil one (`map[string]string{}` in messages).
pub fn omitted_when_empty(def: &Struct, field: &str, v: &Value) -> bool {
    match (def.field(field), v) {
        (Some(Ty::Seq(_)), Value::Seq(items)) => {
            items.is_empty() && !KEEP_EMPTY.contains(&(def.name, field))
        }
        (Some(Ty::Map(_)), Value::Map(entries)) => entries.is_empty(),
        _ => false,
    }
}

/// Go's shortest float formatting for the values that occur here.
fn go_float(f: f64) -> String {
    crate::yaml::format_float(f)
}

/// The closest known field name, for "did you mean".
pub fn suggest(
    name: &str,
    fields: impl Iterator<Item = &'static str> + Clone,
) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    if let Some(f) = fields.clone().find(|f| f.to_ascii_lowercase() == lower) {
        return Some(f);
    }
    let limit = (name.chars().count() / 3).clamp(1, 3);
    fields
        .map(|f| (edit_distance(&lower, &f.to_ascii_lowercase()), f))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, f)| f)
}

/// Levenshtein distance with adjacent transpositions (optimal string alignment).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn omitted_zero_fields_are_scalar_fields_of_known_structs() {
        assert!(
            OMIT_ZERO.windows(2).all(|w| w[0] < w[1]),
            "OMIT_ZERO is sorted"
        );
        for (s, f) in OMIT_ZERO {
            let def = find_struct(s).unwrap_or_else(|| panic!("no struct {s}"));
            let ty = def.field(f).unwrap_or_else(|| panic!("no field {s}.{f}"));
            assert!(
                matches!(ty, Ty::Str | Ty::Bool | Ty::Int32 | Ty::Int64),
                "{s}.{f}: {ty:?}"
            );
        }
        for (s, f) in KEEP_EMPTY {
            assert!(
                matches!(find_struct(s).and_then(|d| d.field(f)), Some(Ty::Seq(_))),
                "{s}.{f}"
            );
        }
    }

    #[test]
    fn table_holds_the_kinds() {
        let Ty::Struct(i) = STATEFULSET else {
            panic!("StatefulSet is a struct")
        };
        assert_eq!(STRUCTS[i].name, "StatefulSet");
        let spec = find_struct("StatefulSetSpec").expect("spec");
        assert_eq!(spec.field("replicas"), Some(&Ty::Int32));
        assert!(matches!(
            spec.field("volumeClaimTemplates"),
            Some(Ty::Seq(Ty::Struct(_)))
        ));
        let rr = find_struct("ResourceRequirements").expect("resources");
        assert_eq!(rr.field("requests"), Some(&Ty::Map(&Ty::Quantity)));
        assert!(
            find_struct("ServiceSpec").is_some()
                && find_struct("PodDisruptionBudgetSpec").is_some()
        );
    }
}
