//! `kubectl explain statefulset[.FIELD...]`: the API's documentation of a StatefulSet's fields,
//! as kubectl v1.36 prints it from the server's OpenAPI v3 document (kubectl's
//! `pkg/explain/v2/templates/plaintext.tmpl`: the group, kind and version, the field's type
//! guessed from its schema, every description along the way wrapped at 76 columns and
//! indented, the fields in name order with `-required-`).
//!
//! The descriptions are the apps/v1 schemas a v1.36 API server serves
//! (`api/openapi-spec/v3/apis__apps__v1_openapi.json`): the StatefulSet's own types. The
//! types it shares with the rest of the API (`ObjectMeta`, `LabelSelector`, `PodTemplateSpec`,
//! `PersistentVolumeClaim`) are named as types but not carried; explaining into them says so.

use super::super::registry::Args;
use super::super::resources::Res;
use super::super::session::Session;
use crate::shell::Output;

type Result = std::result::Result<Output, crate::shell::Error>;

/// A field's schema, as far as kubectl's `typeGuess` reads it.
#[derive(Clone, Copy)]
enum Ty {
    Str,
    Int,
    /// A reference to a named schema.
    Ref(&'static str),
    /// An array of a named schema.
    List(&'static str),
}

struct Field {
    name: &'static str,
    ty: Ty,
    required: bool,
    desc: &'static str,
}

struct Schema {
    name: &'static str,
    desc: &'static str,
    fields: &'static [Field],
}

const fn f(name: &'static str, ty: Ty, desc: &'static str) -> Field {
    Field {
        name,
        ty,
        required: false,
        desc,
    }
}

const fn required(name: &'static str, ty: Ty, desc: &'static str) -> Field {
    Field {
        name,
        ty,
        required: true,
        desc,
    }
}

const API_VERSION: &str = "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources";
const KIND: &str = "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds";

/// The schemas, each fields in name order (Go templates range over a map's sorted keys).
const SCHEMAS: &[Schema] = &[
    Schema {
        name: "StatefulSet",
        desc: "StatefulSet represents a set of pods with consistent identities. Identities are defined as:\n  - Network: A single stable DNS and hostname.\n  - Storage: As many VolumeClaims as requested.\n\nThe StatefulSet guarantees that a given network identity will always map to the same storage identity.",
        fields: &[
            f("apiVersion", Ty::Str, API_VERSION),
            f("kind", Ty::Str, KIND),
            f(
                "metadata",
                Ty::Ref("ObjectMeta"),
                "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
            ),
            f(
                "spec",
                Ty::Ref("StatefulSetSpec"),
                "Spec defines the desired identities of pods in this set.",
            ),
            f(
                "status",
                Ty::Ref("StatefulSetStatus"),
                "Status is the current status of Pods in this StatefulSet. This data may be out of date by some window of time.",
            ),
        ],
    },
    Schema {
        name: "StatefulSetSpec",
        desc: "A StatefulSetSpec is the specification of a StatefulSet.",
        fields: &[
            f(
                "minReadySeconds",
                Ty::Int,
                "Minimum number of seconds for which a newly created pod should be ready without any of its container crashing for it to be considered available. Defaults to 0 (pod will be considered available as soon as it is ready)",
            ),
            f(
                "ordinals",
                Ty::Ref("StatefulSetOrdinals"),
                "ordinals controls the numbering of replica indices in a StatefulSet. The default ordinals behavior assigns a \"0\" index to the first replica and increments the index by one for each additional replica requested.",
            ),
            f(
                "persistentVolumeClaimRetentionPolicy",
                Ty::Ref("StatefulSetPersistentVolumeClaimRetentionPolicy"),
                "persistentVolumeClaimRetentionPolicy describes the lifecycle of persistent volume claims created from volumeClaimTemplates. By default, all persistent volume claims are created as needed and retained until manually deleted. This policy allows the lifecycle to be altered, for example by deleting persistent volume claims when their stateful set is deleted, or when their pod is scaled down.",
            ),
            f(
                "podManagementPolicy",
                Ty::Str,
                "podManagementPolicy controls how pods are created during initial scale up, when replacing pods on nodes, or when scaling down. The default policy is `OrderedReady`, where pods are created in increasing order (pod-0, then pod-1, etc) and the controller will wait until each pod is ready before continuing. When scaling down, the pods are removed in the opposite order. The alternative policy is `Parallel` which will create pods in parallel to match the desired scale without waiting, and on scale down will delete all pods at once.",
            ),
            f(
                "replicas",
                Ty::Int,
                "replicas is the desired number of replicas of the given Template. These are replicas in the sense that they are instantiations of the same Template, but individual replicas also have a consistent identity. If unspecified, defaults to 1.",
            ),
            f(
                "revisionHistoryLimit",
                Ty::Int,
                "revisionHistoryLimit is the maximum number of revisions that will be maintained in the StatefulSet's revision history. The revision history consists of all revisions not represented by a currently applied StatefulSetSpec version. The default value is 10.",
            ),
            required(
                "selector",
                Ty::Ref("LabelSelector"),
                "selector is a label query over pods that should match the replica count. It must match the pod template's labels. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors",
            ),
            f(
                "serviceName",
                Ty::Str,
                "serviceName is the name of the service that governs this StatefulSet. This service must exist before the StatefulSet, and is responsible for the network identity of the set. Pods get DNS/hostnames that follow the pattern: pod-specific-string.serviceName.default.svc.cluster.local where \"pod-specific-string\" is managed by the StatefulSet controller.",
            ),
            required(
                "template",
                Ty::Ref("PodTemplateSpec"),
                "template is the object that describes the pod that will be created if insufficient replicas are detected. Each pod stamped out by the StatefulSet will fulfill this Template, but have a unique identity from the rest of the StatefulSet. Each pod will be named with the format <statefulsetname>-<podindex>. For example, a pod in a StatefulSet named \"web\" with index number \"3\" would be named \"web-3\". The only allowed template.spec.restartPolicy value is \"Always\".",
            ),
            f(
                "updateStrategy",
                Ty::Ref("StatefulSetUpdateStrategy"),
                "updateStrategy indicates the StatefulSetUpdateStrategy that will be employed to update Pods in the StatefulSet when a revision is made to Template.",
            ),
            f(
                "volumeClaimTemplates",
                Ty::List("PersistentVolumeClaim"),
                "volumeClaimTemplates is a list of claims that pods are allowed to reference. The StatefulSet controller is responsible for mapping network identities to claims in a way that maintains the identity of a pod. Every claim in this list must have at least one matching (by name) volumeMount in one container in the template. A claim in this list takes precedence over any volumes in the template, with the same name.",
            ),
        ],
    },
    Schema {
        name: "StatefulSetStatus",
        desc: "StatefulSetStatus represents the current state of a StatefulSet.",
        fields: &[
            f(
                "availableReplicas",
                Ty::Int,
                "Total number of available pods (ready for at least minReadySeconds) targeted by this statefulset.",
            ),
            f(
                "collisionCount",
                Ty::Int,
                "collisionCount is the count of hash collisions for the StatefulSet. The StatefulSet controller uses this field as a collision avoidance mechanism when it needs to create the name for the newest ControllerRevision.",
            ),
            f(
                "conditions",
                Ty::List("StatefulSetCondition"),
                "Represents the latest available observations of a statefulset's current state.",
            ),
            f(
                "currentReplicas",
                Ty::Int,
                "currentReplicas is the number of Pods created by the StatefulSet controller from the StatefulSet version indicated by currentRevision.",
            ),
            f(
                "currentRevision",
                Ty::Str,
                "currentRevision, if not empty, indicates the version of the StatefulSet used to generate Pods in the sequence [0,currentReplicas).",
            ),
            f(
                "observedGeneration",
                Ty::Int,
                "observedGeneration is the most recent generation observed for this StatefulSet. It corresponds to the StatefulSet's generation, which is updated on mutation by the API Server.",
            ),
            f(
                "readyReplicas",
                Ty::Int,
                "readyReplicas is the number of pods created for this StatefulSet with a Ready Condition.",
            ),
            required(
                "replicas",
                Ty::Int,
                "replicas is the number of Pods created by the StatefulSet controller.",
            ),
            f(
                "updateRevision",
                Ty::Str,
                "updateRevision, if not empty, indicates the version of the StatefulSet used to generate Pods in the sequence [replicas-updatedReplicas,replicas)",
            ),
            f(
                "updatedReplicas",
                Ty::Int,
                "updatedReplicas is the number of Pods created by the StatefulSet controller from the StatefulSet version indicated by updateRevision.",
            ),
        ],
    },
    Schema {
        name: "StatefulSetCondition",
        desc: "StatefulSetCondition describes the state of a statefulset at a certain point.",
        fields: &[
            f(
                "lastTransitionTime",
                Ty::Ref("Time"),
                "Last time the condition transitioned from one status to another.",
            ),
            f(
                "message",
                Ty::Str,
                "A human readable message indicating details about the transition.",
            ),
            f(
                "reason",
                Ty::Str,
                "The reason for the condition's last transition.",
            ),
            required(
                "status",
                Ty::Str,
                "Status of the condition, one of True, False, Unknown.",
            ),
            required("type", Ty::Str, "Type of statefulset condition."),
        ],
    },
    Schema {
        name: "StatefulSetUpdateStrategy",
        desc: "StatefulSetUpdateStrategy indicates the strategy that the StatefulSet controller will use to perform updates. It includes any additional parameters necessary to perform the update for the indicated strategy.",
        fields: &[
            f(
                "rollingUpdate",
                Ty::Ref("RollingUpdateStatefulSetStrategy"),
                "RollingUpdate is used to communicate parameters when Type is RollingUpdateStatefulSetStrategyType.",
            ),
            f(
                "type",
                Ty::Str,
                "Type indicates the type of the StatefulSetUpdateStrategy. Default is RollingUpdate.",
            ),
        ],
    },
    Schema {
        name: "RollingUpdateStatefulSetStrategy",
        desc: "RollingUpdateStatefulSetStrategy is used to communicate parameter for RollingUpdateStatefulSetStrategyType.",
        fields: &[
            f(
                "maxUnavailable",
                Ty::Ref("IntOrString"),
                "The maximum number of pods that can be unavailable during the update. Value can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%). Absolute number is calculated from percentage by rounding up. This can not be 0. Defaults to 1. This field is beta-level and is enabled by default. The field applies to all pods in the range 0 to Replicas-1. That means if there is any unavailable pod in the range 0 to Replicas-1, it will be counted towards MaxUnavailable. This setting might not be effective for the OrderedReady podManagementPolicy. That policy ensures pods are created and become ready one at a time.",
            ),
            f(
                "partition",
                Ty::Int,
                "Partition indicates the ordinal at which the StatefulSet should be partitioned for updates. During a rolling update, all pods from ordinal Replicas-1 to Partition are updated. All pods from ordinal Partition-1 to 0 remain untouched. This is helpful in being able to do a canary based deployment. The default value is 0.",
            ),
        ],
    },
    Schema {
        name: "StatefulSetOrdinals",
        desc: "StatefulSetOrdinals describes the policy used for replica ordinal assignment in this StatefulSet.",
        fields: &[f(
            "start",
            Ty::Int,
            "start is the number representing the first replica's index. It may be used to number replicas from an alternate index (eg: 1-indexed) over the default 0-indexed names, or to orchestrate progressive movement of replicas from one StatefulSet to another. If set, replica indices will be in the range:\n  [.spec.ordinals.start, .spec.ordinals.start + .spec.replicas).\nIf unset, defaults to 0. Replica indices will be in the range:\n  [0, .spec.replicas).",
        )],
    },
    Schema {
        name: "StatefulSetPersistentVolumeClaimRetentionPolicy",
        desc: "StatefulSetPersistentVolumeClaimRetentionPolicy describes the policy used for PVCs created from the StatefulSet VolumeClaimTemplates.",
        fields: &[
            f(
                "whenDeleted",
                Ty::Str,
                "WhenDeleted specifies what happens to PVCs created from StatefulSet VolumeClaimTemplates when the StatefulSet is deleted. The default policy of `Retain` causes PVCs to not be affected by StatefulSet deletion. The `Delete` policy causes those PVCs to be deleted.",
            ),
            f(
                "whenScaled",
                Ty::Str,
                "WhenScaled specifies what happens to PVCs created from StatefulSet VolumeClaimTemplates when the StatefulSet is scaled down. The default policy of `Retain` causes PVCs to not be affected by a scaledown. The `Delete` policy causes the associated PVCs for any excess pods above the replica count to be deleted.",
            ),
        ],
    },
];

/// The schemas whose type is a string, with their descriptions (apimachinery's).
const STRING_SCHEMAS: &[(&str, &str)] = &[
    (
        "IntOrString",
        "IntOrString is a type that can hold an int32 or a string.  When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type.  This allows you to have, for example, a JSON field that can accept a name or number.",
    ),
    (
        "Time",
        "Time is a wrapper around time.Time which supports correct marshaling to YAML and JSON.  Wrappers are provided for many of the factory methods that the time package offers.",
    ),
];

fn schema(name: &str) -> Option<&'static Schema> {
    SCHEMAS.iter().find(|s| s.name == name)
}

/// The description of a named schema this terminal carries.
fn described(name: &str) -> Option<&'static str> {
    schema(name).map(|s| s.desc).or_else(|| {
        STRING_SCHEMAS
            .iter()
            .find(|(s, _)| *s == name)
            .map(|(_, d)| *d)
    })
}

/// kubectl's `typeGuess`: `[]` for an array, the referenced schema's name for an object, its
/// type for a schema of another type (`IntOrString` and `Time` are strings).
fn type_guess(ty: Ty) -> String {
    match ty {
        Ty::Str => "string".into(),
        Ty::Int => "integer".into(),
        Ty::Ref(n) if STRING_SCHEMAS.iter().any(|(s, _)| *s == n) => "string".into(),
        Ty::Ref(n) => n.into(),
        Ty::List(n) => format!("[]{}", type_guess(Ty::Ref(n))),
    }
}

/// kubectl explain's `wrap` (`pkg/explain/v2/funcs.go`, since kubernetes#126533 in v1.32):
/// the text's own line breaks removed, then mitchellh/go-wordwrap v1.0.1's `WrapString` (through
/// `term.NewWordWrapWriter`), which breaks at white space before a word that would pass
/// `lim` characters, drops the spaces at the break, and leaves a word of `lim` or more whole.
fn wrap(text: &str, lim: usize) -> String {
    let text = text.replace('\n', "");
    let mut out = String::with_capacity(text.len() + text.len() / lim.max(1));
    let (mut current, mut word, mut space) = (0usize, String::new(), String::new());
    let (mut word_len, mut space_len) = (0usize, 0usize);
    for c in text.chars() {
        if c.is_whitespace() && c != '\u{a0}' {
            if space.is_empty() || !word.is_empty() {
                current += space_len + word_len;
                out.push_str(&space);
                out.push_str(&word);
                space.clear();
                word.clear();
                space_len = 0;
                word_len = 0;
            }
            space.push(c);
            space_len += 1;
        } else {
            word.push(c);
            word_len += 1;
            if current + word_len + space_len > lim && word_len < lim {
                out.push('\n');
                current = 0;
                space.clear();
                space_len = 0;
            }
        }
    }
    if word.is_empty() {
        if current + space_len <= lim {
            out.push_str(&space);
        }
    } else {
        out.push_str(&space);
        out.push_str(&word);
    }
    out
}

/// sprig's `indent`: every line, the empty ones too.
fn indent(n: usize, text: &str) -> String {
    let pad = " ".repeat(n);
    format!("{pad}{}", text.replace('\n', &format!("\n{pad}")))
}

/// A field of the list: `NAME\t<TYPE>[ -required-]`, then its own description.
fn field_detail(out: &mut String, field: &Field) {
    out.push_str(&indent(2, field.name));
    out.push_str(&format!("\t<{}>", type_guess(field.ty)));
    if field.required {
        out.push_str(" -required-");
    }
    out.push('\n');
    out.push_str(&indent(4, &wrap(field.desc, 76)));
    out.push_str("\n\n");
}

/// `kubectl explain TYPE[.FIELD...] [--recursive] [--api-version G/V] [--output FORMAT]`.
pub fn explain(s: &mut Session, a: &Args) -> Result {
    const SUGGEST: &str =
        "Use \"kubectl api-resources\" for a complete list of supported resources.";
    let arg = match a.positional.as_slice() {
        [] => {
            return Err(format!(
                "error: You must specify the type of resource to explain. {SUGGEST}"
            )
            .into());
        }
        [one] => one,
        _ => return Err("error: We accept only this format: explain RESOURCE".into()),
    };
    let parts: Vec<&str> = arg.split('.').collect();
    // The longest prefix that names a resource (`statefulsets.apps.spec`); the rest is the
    // field path.
    let found = (1..=parts.len())
        .rev()
        .find_map(|i| Res::parse(&parts[..i].join(".")).map(|r| (r, i)));
    let elsewhere = |what: &str| {
        format!(
            "error: this terminal's kubectl explain carries the API's documentation of StatefulSets only (kubectl explain statefulset.spec); try it for {what} in a cluster"
        )
    };
    let Some((res, at)) = found else {
        // A kind a cluster serves that the playground does not run (deployments, jobs...).
        if super::super::resources::unsimulated(&s.sim.world, parts[0]).is_some() {
            return Err(elsewhere(parts[0]).into());
        }
        return Err(format!(
            "error: the server doesn't have a resource type \"{}\"",
            parts[0]
        )
        .into());
    };
    if res != Res::StatefulSet {
        return Err(elsewhere(&res.qualified()).into());
    }
    match a.get("output") {
        None | Some("plaintext") => {}
        Some("plaintext-openapiv2") => {
            return Err("error: this terminal's kubectl explain prints the OpenAPI v3 view only (--output=plaintext)".into());
        }
        Some(other) => {
            return Err(format!("error: unrecognized format: {other}").into());
        }
    }
    if let Some(v) = a.get("api-version").filter(|v| *v != "apps/v1") {
        // `schema.ParseGroupVersion`: a version alone is the core group's.
        let (g, v) = v.split_once('/').unwrap_or(("", v));
        return Err(format!(
            "error: couldn't find resource for \"{g}/{v}, Resource=statefulsets\""
        )
        .into());
    }
    if a.has("recursive") {
        return Err("error: this terminal's kubectl explain has no --recursive: it carries the StatefulSet's own fields, not the pod template's or the claim's".into());
    }
    let path = &parts[at..];
    let mut out = String::from("GROUP:      apps\nKIND:       StatefulSet\nVERSION:    v1\n\n");
    // Follow the path; `descs` are the descriptions the template's "description" prints for
    // the last step (the field's own, then the referenced schema's).
    let mut current = schema("StatefulSet");
    let mut descs: Vec<&str> = Vec::new();
    let mut field_ty: Option<Ty> = None;
    for (i, name) in path.iter().enumerate() {
        let not_found = || format!("error: field \"{}\" does not exist", path[path.len() - 1]);
        let Some(s) = current else {
            // A type this terminal does not carry (checked below before a step into it).
            return Err(not_found().into());
        };
        let Some(field) = s.fields.iter().find(|f| f.name == *name) else {
            return Err(not_found().into());
        };
        let target = match field.ty {
            Ty::Ref(n) | Ty::List(n) => Some(n),
            _ => None,
        };
        let known = target
            .is_none_or(|n| schema(n).is_some() || STRING_SCHEMAS.iter().any(|(s, _)| *s == n));
        if !known {
            return Err(format!(
                "error: this terminal's kubectl explain carries the StatefulSet's own types; {} is a {} (kubectl explain statefulset.{} in a cluster)",
                path[..=i].join("."),
                target.unwrap_or_default(),
                path[..=i].join(".")
            )
            .into());
        }
        if i + 1 == path.len() {
            out.push_str(&format!("FIELD: {name} <{}>\n\n\n", type_guess(field.ty)));
        }
        descs = vec![field.desc];
        descs.extend(target.and_then(described));
        current = target.and_then(schema);
        field_ty = Some(field.ty);
    }
    if field_ty.is_none() {
        descs = vec![current.map_or("", |s| s.desc)];
    }
    let desc: String = descs.iter().map(|d| format!("{d}\n")).collect();
    out.push_str("DESCRIPTION:\n");
    out.push_str(&indent(4, &wrap(&desc, 76)));
    out.push('\n');
    if let Some(s) = current {
        out.push_str("FIELDS:\n");
        for field in s.fields {
            field_detail(&mut out, field);
        }
    }
    out.push('\n');
    Ok(Output::ok(out))
}
