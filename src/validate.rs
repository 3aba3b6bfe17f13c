//! API-server validation and StatefulSet lints (statefulset spec §5). Rules are written as
//! apimachinery writes them: functions that append typed `field::FieldError`s, later turned
//! into located diagnostics. One file per concern.

pub mod field;
pub mod names;
pub mod pod;

use crate::diag::{Diagnostic, Severity, Source};
use crate::manifest::Object;
use field::Errors;

/// Turns field errors about `obj` into located validation diagnostics.
pub fn to_diagnostics(obj: &Object, errs: Errors, out: &mut Vec<Diagnostic>) {
    for e in errs.0 {
        out.push(obj.diag(
            Severity::Error,
            Source::Validation,
            e.code,
            &e.field,
            e.body(),
        ));
    }
}
