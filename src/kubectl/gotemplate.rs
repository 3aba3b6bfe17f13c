//! `kubectl get -o go-template=...`, `-o go-template-file=...` and `--template`: the object's
//! JSON as Go's `map[string]interface{}` (integers as `int64`, as apimachinery's JSON decoding
//! gives them), run through the same Go template engine as Helm's charts, with Sprig's
//! functions plus kubectl's `exists` and `base64decode`, `missingkey=default` (a missing key
//! prints `<no value>`). k8s.io/cli-runtime `pkg/printers/template.go`, kubectl v1.36.

use crate::gotmpl::{self, Func, Map, MapKind, Set, Ty, Val, Value};
use std::rc::Rc;

/// Helm's own functions, which kubectl's template printer does not have.
const HELM_ONLY: &[&str] = &[
    "include",
    "tpl",
    "required",
    "lookup",
    "toYaml",
    "toYamlPretty",
    "mustToYaml",
    "fromYaml",
    "fromYamlArray",
    "toToml",
    "mustToToml",
    "fromToml",
    "fromJsonArray",
];

fn funcs() -> gotmpl::Funcs {
    let mut f = crate::helm::funcs::funcs(&crate::helm::funcs::Options {
        version: crate::helm::Version::V4,
        lint: false,
    });
    for name in HELM_ONLY {
        f.remove(*name);
    }
    f.insert(
        "exists".into(),
        Func::new(&[Ty::Any], Some(Ty::Any), |_, a| {
            let mut cur = a[0].v.clone();
            for key in &a[1..] {
                cur = match (&cur, &key.v) {
                    (Value::Map(m), Value::Str(k)) => match m.get(k) {
                        Some(v) => v,
                        None => return Ok(Val::new(Value::Bool(false))),
                    },
                    (Value::List(l), Value::Int(i) | Value::Int64(i)) => {
                        match usize::try_from(*i).ok().and_then(|i| l.items.get(i)) {
                            Some(v) => v.clone(),
                            None => return Ok(Val::new(Value::Bool(false))),
                        }
                    }
                    _ => return Ok(Val::new(Value::Bool(false))),
                };
            }
            Ok(Val::new(Value::Bool(true)))
        }),
    );
    f.insert(
        "base64decode".into(),
        Func::new(
            &[Ty::String],
            None,
            |_, a| match crate::helm::convert::base64_decode(a[0].v.as_str().unwrap_or_default()) {
                Ok(b) => Ok(Val::new(Value::string(
                    String::from_utf8_lossy(&b).into_owned(),
                ))),
                Err(e) => Err(gotmpl::Error::plain(format!("base64 decode failed: {e}"))),
            },
        ),
    );
    f
}

/// JSON as apimachinery's `json.Unmarshal` into `interface{}`: whole numbers `int64`.
pub fn from_json(v: &serde_json::Value) -> Value {
    match v {
        serde_json::Value::Null => Value::Nil,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Value::Int64(i),
            None => Value::Float(n.as_f64().unwrap_or(0.0)),
        },
        serde_json::Value::String(s) => Value::str(s),
        serde_json::Value::Array(a) => Value::any_list(a.iter().map(from_json).collect()),
        serde_json::Value::Object(o) => Value::Map(Map::from_entries(
            MapKind::Any,
            o.iter().map(|(k, v)| (k.clone(), from_json(v))).collect(),
        )),
    }
}

/// Runs `template` on `object`; `Err` is kubectl's error line and what it printed first.
pub fn execute(template: &str, object: &serde_json::Value) -> Result<String, (String, String)> {
    let mut set = Set::new("output", Rc::new(funcs()));
    set.missing_key_default = true;
    if let Err(e) = set.parse("output", template) {
        return Err((
            String::new(),
            format!("error: error parsing template {template}, {e}"),
        ));
    }
    let mut out = String::new();
    let mut run = gotmpl::Run::new(crate::helm::render::FUEL, 16 * 1024 * 1024, 1);
    match gotmpl::execute(
        &set,
        "output",
        Val::new(from_json(object)),
        &mut out,
        &mut run,
    ) {
        Ok(()) => Ok(out),
        Err(e) => {
            let data = serde_json::to_string(object).unwrap_or_default();
            let printed = format!(
                "{out}Error executing template: {}. Printing more information for debugging the template:\n\ttemplate was:\n\t\t{template}\n\traw data was:\n\t\t{data}\n\tobject given to template engine was:\n\t\t{}\n\n",
                e.text,
                gotmpl::fmt::sprint_v(&from_json(object))
            );
            Err((
                printed,
                format!(
                    "error: error executing template {}: {}",
                    crate::go::quote(template),
                    e.text
                ),
            ))
        }
    }
}
