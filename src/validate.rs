//! API-server validation and StatefulSet lints (`pkg/apis/apps/validation/validation.go`). Rules are written as
//! apimachinery writes them: functions that append typed `field::FieldError`s, later turned
//! into located diagnostics. One file per concern.

pub mod field;
pub mod lint;
pub mod meta;
pub mod names;
pub mod pod;
pub mod service;
pub mod statefulset;

use crate::derive::Svc;
use crate::diag::{Diagnostic, Severity, Source};
use crate::manifest::{Manifests, Object};
use crate::version::Profile;
use crate::yaml::Node;
use field::Errors;

/// Validation and lints for every object: StatefulSets (`defaulted` clean trees) and
/// Services (`services`: namespace, defaulted clean tree, by object order).
pub fn check(
    manifests: &Manifests,
    defaulted: &[(usize, Node)],
    services: &[(String, Node)],
    profile: &Profile,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let svcs: Vec<Svc<'_>> = services.iter().map(|(ns, s)| (ns.as_str(), s)).collect();
    let pdbs = lint::pdbs(&manifests.objects);
    for (i, sts) in defaulted {
        let obj = &manifests.objects[*i];
        if obj.undecodable {
            out.push(skipped(obj));
            continue;
        }
        to_diagnostics(obj, statefulset::validate(sts, profile), &mut out);
        lint::statefulset(obj, sts, &svcs, &pdbs, profile, &mut out);
    }
    let service_objects = manifests
        .objects
        .iter()
        .filter(|o| o.is(crate::manifest::Kind::Service));
    for (obj, (_, svc)) in service_objects.zip(services) {
        if obj.undecodable {
            out.push(skipped(obj));
            continue;
        }
        to_diagnostics(obj, service::validate(svc, profile), &mut out);
    }
    out
}

/// Says why an object with wrongly typed values gets no validation or lints.
fn skipped(obj: &Object) -> Diagnostic {
    obj.diag(
        Severity::Info,
        Source::Validation,
        "validation-skipped",
        "",
        format!(
            "{} \"{}\" has values of the wrong type, so the API server would refuse to decode it; fix those first to see its validation errors and lints",
            obj.kind_name, obj.name
        ),
    )
}

/// Turns field errors about `obj` into located validation diagnostics.
pub fn to_diagnostics(obj: &Object, errs: Errors, out: &mut Vec<Diagnostic>) {
    for e in errs.0 {
        let bad = match &e.value {
            Some(field::BadValue::Str(s)) => Some(s.as_str()),
            _ => None,
        };
        let mut d = obj.diag(
            Severity::Error,
            Source::Validation,
            e.code,
            &e.field,
            e.body(),
        );
        d.span = crate::manifest::locate_value(&obj.node, e.at.as_deref().unwrap_or(&e.field), bad);
        out.push(d);
    }
}
