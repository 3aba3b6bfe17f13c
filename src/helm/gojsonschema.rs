//! `values.schema.json` as helm v3.17 checks it (`pkg/chartutil/jsonschema.go`,
//! `ValidateAgainstSchema`, v3.17.2), with the validator helm 3 uses, xeipuuv/gojsonschema
//! v1.2.0: drafts 4, 6 and 7 and its "hybrid" default (`draft.go`), its reading of a schema
//! and the errors it finds there (`schema.go`, `parseSchema`), its order of checks and how
//! `anyOf` and `oneOf` keep the errors of the best-scoring branch (`validation.go`), and its
//! messages (`locales.go`), one line per error: `- FIELD: DESCRIPTION`.
//!
//! Go iterates a map in a random order; where several properties fail, we list them in the
//! order of their names. The formats `uri-template`, `json-pointer` and
//! `relative-json-pointer` are not checked, and `email` only in its usual shapes; references
//! to other files or URLs cannot be loaded.

use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use super::jsonschema::{J, parse_json_prefix};
use crate::gotmpl::Value;

/// `ValidateAgainstSingleSchema` (helm 3).
pub(super) fn validate_single(
    values: &BTreeMap<String, Value>,
    schema: &[u8],
) -> Result<(), String> {
    let text = String::from_utf8_lossy(schema);
    let doc = parse_json_prefix(&text)?;
    let draft = match &doc {
        J::Obj(m) => match m.get("$schema") {
            None => HYBRID,
            Some(J::Str(s)) => draft_of(s),
            Some(_) => return Err("$schema must be of type string".into()),
        },
        J::Bool(_) => HYBRID,
        _ => return Err("schema is invalid".into()),
    };
    let mut p = Parser {
        doc: doc.clone(),
        subs: Vec::new(),
        pool: HashMap::new(),
    };
    let root = p.new_sub();
    p.parse(&doc, root, draft)?;
    let instance = super::jsonschema::values_json(values);
    let mut result = Res::default();
    let v = Validator {
        subs: &p.subs,
        active: Default::default(),
        budget: std::cell::Cell::new(super::jsonschema::BUDGET),
    };
    v.recursive(root, &instance, &mut result, &Ctx::root());
    if v.budget.get() == 0 {
        return Err(super::jsonschema::too_costly());
    }
    if result.errors.is_empty() {
        return Ok(());
    }
    Ok::<(), String>(()).and(Err(result
        .errors
        .iter()
        .map(|(field, d)| format!("- {field}: {d}\n"))
        .collect()))
}

const HYBRID: u32 = u32::MAX;

fn draft_of(url: &str) -> u32 {
    let u = url.trim_end_matches('#');
    let u = u
        .strip_prefix("http://")
        .or_else(|| u.strip_prefix("https://"))
        .unwrap_or(u);
    match u {
        "json-schema.org/draft-04/schema" => 4,
        "json-schema.org/draft-06/schema" => 6,
        "json-schema.org/draft-07/schema" => 7,
        _ => HYBRID,
    }
}

// --- the parsed schema --------------------------------------------------------------------------

type Id = usize;

#[derive(Clone)]
enum Additional {
    Bool(bool),
    Schema(Id),
}

#[derive(Clone)]
enum Dep {
    Required(Vec<String>),
    Schema(Id),
}

#[derive(Default)]
struct Sub {
    pass: Option<bool>,
    ref_schema: Option<Id>,
    types: Vec<String>,
    properties: Vec<(String, Id)>,
    additional_properties: Option<Additional>,
    pattern_properties: Vec<(regex_lite::Regex, Id)>,
    property_names: Option<Id>,
    dependencies: Vec<(String, Dep)>,
    items_single: bool,
    items: Vec<Id>,
    additional_items: Option<Additional>,
    multiple_of: Option<f64>,
    maximum: Option<f64>,
    exclusive_maximum: Option<f64>,
    minimum: Option<f64>,
    exclusive_minimum: Option<f64>,
    min_length: Option<i64>,
    max_length: Option<i64>,
    pattern: Option<(regex_lite::Regex, String)>,
    format: Option<String>,
    min_properties: Option<i64>,
    max_properties: Option<i64>,
    required: Vec<String>,
    min_items: Option<i64>,
    max_items: Option<i64>,
    unique_items: bool,
    contains: Option<Id>,
    konst: Option<String>,
    enm: Vec<String>,
    one_of: Vec<Id>,
    any_of: Vec<Id>,
    all_of: Vec<Id>,
    not: Option<Id>,
    if_: Option<Id>,
    then: Option<Id>,
    else_: Option<Id>,
}

struct Parser {
    doc: J,
    subs: Vec<Sub>,
    /// Parsed references, by the reference (`referencePool`).
    pool: HashMap<String, Id>,
}

fn invalid_type(expected: &str, given: &str) -> String {
    format!("Invalid type. Expected: {expected}, given: {given}")
}

fn must_be_of_a(x: &str, y: &str) -> String {
    format!("{x} must be of a {y}")
}

fn must_be_of_an(x: &str, y: &str) -> String {
    format!("{x} must be of an {y}")
}

fn int_of(v: &J) -> Option<i64> {
    match v {
        J::Num(f, _) if f.fract() == 0.0 && f.is_finite() => Some(*f as i64),
        _ => None,
    }
}

fn num_of(v: &J) -> Option<f64> {
    match v {
        J::Num(f, _) => Some(*f),
        _ => None,
    }
}

fn is_schema(v: &J) -> bool {
    matches!(v, J::Obj(_) | J::Bool(_))
}

impl Parser {
    fn new_sub(&mut self) -> Id {
        self.subs.push(Sub::default());
        self.subs.len() - 1
    }

    fn child(&mut self, v: &J, draft: u32) -> Result<Id, String> {
        let id = self.new_sub();
        self.parse(v, id, draft)?;
        Ok(id)
    }

    fn children(&mut self, v: &J, draft: u32, key: &str) -> Result<Vec<Id>, String> {
        let J::Arr(a) = v else {
            return Err(must_be_of_an(key, "array"));
        };
        let mut out = Vec::new();
        for x in a.iter() {
            out.push(self.child(x, draft)?);
        }
        Ok(out)
    }

    /// `parseSchema`.
    fn parse(&mut self, v: &J, id: Id, draft: u32) -> Result<(), String> {
        if draft >= 6
            && let J::Bool(b) = v
        {
            self.subs[id].pass = Some(*b);
            return Ok(());
        }
        let J::Obj(m) = v else {
            return Err("Expected: valid schema, given: Invalid JSON".into());
        };
        let m = m.clone();
        let id_key = match draft {
            4 => "id",
            HYBRID if m.contains_key("id") => "id",
            _ => "$id",
        };
        if m.get(id_key).is_some_and(|x| !matches!(x, J::Str(_))) {
            return Err(invalid_type("string", id_key));
        }
        if let Some(defs) = m.get("definitions") {
            let J::Obj(d) = defs else {
                return Err(invalid_type("array of schemas", "definitions"));
            };
            for dv in d.values() {
                if !is_schema(dv) {
                    return Err(invalid_type("array of schemas", "definitions"));
                }
                self.child(dv, draft)?;
            }
        }
        for key in ["title", "description"] {
            if m.get(key).is_some_and(|x| !matches!(x, J::Str(_))) {
                return Err(invalid_type("string", key));
            }
        }
        if let Some(r) = m.get("$ref") {
            let J::Str(r) = r else {
                return Err(invalid_type("string", "$ref"));
            };
            let r = r.to_string();
            if let Some(&target) = self.pool.get(&r) {
                self.subs[id].ref_schema = Some(target);
            } else {
                let target = self.new_sub();
                self.pool.insert(r.clone(), target);
                let node = self.resolve(&r)?;
                if !is_schema(&node) {
                    return Err("schema must be of type object".into());
                }
                let node_draft = match &node {
                    J::Obj(nm) => match nm.get("$schema") {
                        Some(J::Str(s)) => draft_of(s),
                        _ => draft,
                    },
                    _ => draft,
                };
                self.parse(&node, target, node_draft)?;
                self.subs[id].ref_schema = Some(target);
            }
            return Ok(());
        }
        if let Some(t) = m.get("type") {
            let names: Vec<&J> = match t {
                J::Str(_) => vec![t],
                J::Arr(a) => a.iter().collect(),
                _ => return Err(invalid_type("string/array of strings", "type")),
            };
            for n in names {
                let J::Str(n) = n else {
                    return Err(invalid_type("string/array of strings", "type"));
                };
                const JSON_TYPES: [&str; 7] = [
                    "array", "boolean", "integer", "number", "null", "object", "string",
                ];
                if !JSON_TYPES.contains(&&**n) {
                    return Err(format!(
                        "has a primitive type that is NOT VALID -- given: /{n}/ Expected valid values are:[{}]",
                        JSON_TYPES.join(" ")
                    ));
                }
                if self.subs[id].types.iter().any(|t| t == &**n) {
                    return Err(format!("{n} type is duplicated"));
                }
                self.subs[id].types.push(n.to_string());
            }
        }
        if let Some(p) = m.get("properties") {
            let J::Obj(pm) = p else {
                return Err("properties must be of type object".into());
            };
            for (k, pv) in pm.iter() {
                let c = self.child(pv, draft)?;
                self.subs[id].properties.push((k.clone(), c));
            }
        }
        if let Some(a) = m.get("additionalProperties") {
            self.subs[id].additional_properties = Some(match a {
                J::Bool(b) => Additional::Bool(*b),
                J::Obj(_) => Additional::Schema(self.child(a, draft)?),
                _ => return Err(invalid_type("boolean/valid schema", "additionalProperties")),
            });
        }
        if let Some(pp) = m.get("patternProperties") {
            let J::Obj(pm) = pp else {
                return Err(invalid_type("valid schema", "patternProperties"));
            };
            for (k, pv) in pm.iter() {
                let re = super::regexp::compile(k)
                    .ok()
                    .ok_or_else(|| format!("Invalid regex pattern '{k}'"))?;
                let c = self.child(pv, draft)?;
                self.subs[id].pattern_properties.push((re, c));
            }
        }
        if draft >= 6
            && let Some(pn) = m.get("propertyNames")
        {
            if !is_schema(pn) {
                return Err(invalid_type("valid schema", "patternProperties"));
            }
            self.subs[id].property_names = Some(self.child(pn, draft)?);
        }
        if let Some(d) = m.get("dependencies") {
            let J::Obj(dm) = d else {
                return Err("dependencies must be of type object".into());
            };
            for (k, dv) in dm.iter() {
                let dep = match dv {
                    J::Arr(a) => {
                        let mut names = Vec::new();
                        for x in a.iter() {
                            let J::Str(s) = x else {
                                return Err(
                                    "dependency must be of type schema or array of strings".into(),
                                );
                            };
                            names.push(s.to_string());
                        }
                        Dep::Required(names)
                    }
                    J::Obj(_) | J::Bool(_) => Dep::Schema(self.child(dv, draft)?),
                    _ => {
                        return Err("dependency must be of type schema or array of strings".into());
                    }
                };
                self.subs[id].dependencies.push((k.clone(), dep));
            }
        }
        if let Some(items) = m.get("items") {
            match items {
                J::Arr(a) => {
                    for x in a.iter() {
                        if !is_schema(x) {
                            return Err(invalid_type("valid schema/array of schemas", "items"));
                        }
                        let c = self.child(x, draft)?;
                        self.subs[id].items.push(c);
                    }
                }
                J::Obj(_) | J::Bool(_) => {
                    let c = self.child(items, draft)?;
                    self.subs[id].items = vec![c];
                    self.subs[id].items_single = true;
                }
                _ => return Err(invalid_type("valid schema/array of schemas", "items")),
            }
        }
        if let Some(a) = m.get("additionalItems") {
            self.subs[id].additional_items = Some(match a {
                J::Bool(b) => Additional::Bool(*b),
                J::Obj(_) => Additional::Schema(self.child(a, draft)?),
                _ => return Err(invalid_type("boolean/valid schema", "additionalItems")),
            });
        }
        if let Some(x) = m.get("multipleOf") {
            let n = num_of(x).ok_or_else(|| invalid_type("number", "multipleOf"))?;
            if n <= 0.0 {
                return Err("multipleOf must be strictly greater than 0".into());
            }
            self.subs[id].multiple_of = Some(n);
        }
        if let Some(x) = m.get("minimum") {
            self.subs[id].minimum =
                Some(num_of(x).ok_or_else(|| must_be_of_a("minimum", "number"))?);
        }
        self.exclusive(&m, id, draft, "exclusiveMinimum", "minimum")?;
        if let Some(x) = m.get("maximum") {
            self.subs[id].maximum =
                Some(num_of(x).ok_or_else(|| must_be_of_a("maximum", "number"))?);
        }
        self.exclusive(&m, id, draft, "exclusiveMaximum", "maximum")?;
        for key in ["minLength", "maxLength"] {
            if let Some(x) = m.get(key) {
                let n = int_of(x).ok_or_else(|| must_be_of_an(key, "integer"))?;
                if n < 0 {
                    return Err(format!("{key} must be greater than or equal to 0"));
                }
                if key == "minLength" {
                    self.subs[id].min_length = Some(n);
                } else {
                    self.subs[id].max_length = Some(n);
                }
            }
        }
        if let (Some(a), Some(b)) = (self.subs[id].min_length, self.subs[id].max_length)
            && a > b
        {
            return Err("minLength cannot be greater than maxLength".into());
        }
        if let Some(p) = m.get("pattern") {
            let J::Str(p) = p else {
                return Err(must_be_of_a("pattern", "string"));
            };
            let re = super::regexp::compile(p)
                .ok()
                .ok_or_else(|| "pattern must be a valid regex".to_string())?;
            self.subs[id].pattern = Some((re, p.to_string()));
        }
        if let Some(f) = m.get("format") {
            let J::Str(f) = f else {
                return Err("format must be of type string".into());
            };
            self.subs[id].format = Some(f.to_string());
        }
        for key in ["minProperties", "maxProperties"] {
            if let Some(x) = m.get(key) {
                let n = int_of(x).ok_or_else(|| must_be_of_an(key, "integer"))?;
                if n < 0 {
                    return Err(format!("{key} must be greater than or equal to 0"));
                }
                if key == "minProperties" {
                    self.subs[id].min_properties = Some(n);
                } else {
                    self.subs[id].max_properties = Some(n);
                }
            }
        }
        if let (Some(a), Some(b)) = (self.subs[id].min_properties, self.subs[id].max_properties)
            && a > b
        {
            return Err("minProperties cannot be greater than maxProperties".into());
        }
        if let Some(r) = m.get("required") {
            let J::Arr(a) = r else {
                return Err(must_be_of_an("required", "array"));
            };
            for x in a.iter() {
                let J::Str(s) = x else {
                    return Err("required items must be string".into());
                };
                if self.subs[id].required.iter().any(|r| r == &**s) {
                    return Err("required items must be unique".into());
                }
                self.subs[id].required.push(s.to_string());
            }
        }
        for key in ["minItems", "maxItems"] {
            if let Some(x) = m.get(key) {
                let n = int_of(x).ok_or_else(|| must_be_of_an(key, "integer"))?;
                if n < 0 {
                    return Err(format!("{key} must be greater than or equal to 0"));
                }
                if key == "minItems" {
                    self.subs[id].min_items = Some(n);
                } else {
                    self.subs[id].max_items = Some(n);
                }
            }
        }
        if let Some(u) = m.get("uniqueItems") {
            let J::Bool(b) = u else {
                return Err(must_be_of_a("uniqueItems", "boolean"));
            };
            self.subs[id].unique_items = *b;
        }
        if draft >= 6 {
            if let Some(c) = m.get("contains") {
                self.subs[id].contains = Some(self.child(c, draft)?);
            }
            if let Some(c) = m.get("const") {
                self.subs[id].konst = Some(canonical(c));
            }
        }
        if let Some(e) = m.get("enum") {
            let J::Arr(a) = e else {
                return Err(must_be_of_an("enum", "array"));
            };
            for x in a.iter() {
                let c = canonical(x);
                if self.subs[id].enm.contains(&c) {
                    return Err("enum items must be unique".into());
                }
                self.subs[id].enm.push(c);
            }
        }
        if let Some(x) = m.get("oneOf") {
            self.subs[id].one_of = self.children(x, draft, "oneOf")?;
        }
        if let Some(x) = m.get("anyOf") {
            self.subs[id].any_of = self.children(x, draft, "anyOf")?;
        }
        if let Some(x) = m.get("allOf") {
            // (helm 3's validator names anyOf in this error.)
            self.subs[id].all_of = self.children(x, draft, "anyOf")?;
        }
        if let Some(x) = m.get("not") {
            if !is_schema(x) {
                return Err(must_be_of_an("not", "object"));
            }
            self.subs[id].not = Some(self.child(x, draft)?);
        }
        if draft >= 7 {
            for key in ["if", "then", "else"] {
                if let Some(x) = m.get(key) {
                    if !is_schema(x) {
                        return Err(must_be_of_an(key, "object"));
                    }
                    let c = self.child(x, draft)?;
                    match key {
                        "if" => self.subs[id].if_ = Some(c),
                        "then" => self.subs[id].then = Some(c),
                        _ => self.subs[id].else_ = Some(c),
                    }
                }
            }
        }
        Ok(())
    }

    /// `exclusiveMinimum`/`exclusiveMaximum`: a boolean beside its bound in draft 4, a number
    /// from draft 6, either in the hybrid draft.
    fn exclusive(
        &mut self,
        m: &BTreeMap<String, J>,
        id: Id,
        draft: u32,
        key: &str,
        bound: &str,
    ) -> Result<(), String> {
        let Some(x) = m.get(key) else {
            return Ok(());
        };
        let without = || format!("{key} cannot be used without {bound}");
        let take_bound = |s: &mut Sub| {
            if bound == "minimum" {
                s.exclusive_minimum = s.minimum.take();
            } else {
                s.exclusive_maximum = s.maximum.take();
            }
        };
        let set = |s: &mut Sub, n: f64| {
            if bound == "minimum" {
                s.exclusive_minimum = Some(n);
            } else {
                s.exclusive_maximum = Some(n);
            }
        };
        let has_bound = |s: &Sub| {
            if bound == "minimum" {
                s.minimum.is_some()
            } else {
                s.maximum.is_some()
            }
        };
        match (draft, x) {
            (4, J::Bool(b)) | (HYBRID, J::Bool(b)) => {
                if !has_bound(&self.subs[id]) {
                    return Err(without());
                }
                if *b {
                    take_bound(&mut self.subs[id]);
                }
            }
            (4, _) => return Err(invalid_type("boolean", key)),
            (_, J::Num(n, _)) => set(&mut self.subs[id], *n),
            (HYBRID, _) => return Err(invalid_type("boolean/number", key)),
            _ => return Err(invalid_type("number", key)),
        }
        Ok(())
    }

    /// A `$ref` within the document (`#`, `#/json/pointer`); others cannot be loaded.
    fn resolve(&self, r: &str) -> Result<J, String> {
        let Some(ptr) = r.strip_prefix('#') else {
            return Err(format!(
                "the playground reads no file or URL but the chart's values.schema.json: {r}"
            ));
        };
        // (A fragment that is not a pointer names the document itself here.)
        let ptr = if ptr.starts_with('/') { ptr } else { "" };
        super::jsonschema::pointer(&self.doc, ptr).cloned()
    }
}

/// `marshalWithoutNumber`: JSON as `json.Marshal` writes it after a round trip through
/// `float64`s (keys sorted, `<`, `>` and `&` escaped).
fn canonical(v: &J) -> String {
    super::convert::to_json(&to_value(v), true).unwrap_or_default()
}

fn to_value(v: &J) -> Value {
    match v {
        J::Null | J::Invalid(_) => Value::Nil,
        J::Bool(b) => Value::Bool(*b),
        J::Num(f, _) => Value::Float(*f),
        J::Str(s) => Value::Str(s.clone()),
        J::Arr(a) => Value::list(crate::gotmpl::Elem::Any, a.iter().map(to_value).collect()),
        J::Obj(m) => Value::map(m.iter().map(|(k, v)| (k.clone(), to_value(v))).collect()),
    }
}

// --- validation ---------------------------------------------------------------------------------

/// `JsonContext`: `(root)`, then property names and indexes joined by dots.
#[derive(Clone)]
struct Ctx(Rc<Vec<String>>);

impl Ctx {
    fn root() -> Ctx {
        Ctx(Rc::new(vec!["(root)".into()]))
    }

    fn child(&self, tok: &str) -> Ctx {
        let mut v = (*self.0).clone();
        v.push(tok.to_string());
        Ctx(Rc::new(v))
    }

    /// `Field()`: the context without its `(root).`.
    fn field(&self) -> String {
        if self.0.len() == 1 {
            return self.0[0].clone();
        }
        self.0[1..].join(".")
    }
}

#[derive(Default)]
struct Res {
    errors: Vec<(String, String)>,
    score: i64,
}

impl Res {
    fn add(&mut self, ctx: &Ctx, description: String) {
        self.errors.push((ctx.field(), description));
        self.score -= 2;
    }

    fn merge(&mut self, other: Res) {
        self.errors.extend(other.errors);
        self.score += other.score;
    }

    fn valid(&self) -> bool {
        self.errors.is_empty()
    }
}

struct Validator<'a> {
    subs: &'a [Sub],
    /// The schemas being applied, with the address of their value: a schema met again for
    /// the same value is a cycle of references.
    active: std::cell::RefCell<Vec<(Id, usize)>>,
    /// Schema applications left; zero when the check went too far (`jsonschema::BUDGET`).
    budget: std::cell::Cell<u64>,
}

fn go_g(f: f64) -> String {
    crate::go::format_float(f, 'g', -1)
}

fn is_int(v: &J) -> bool {
    matches!(v, J::Num(f, _) if f.is_finite() && f.fract() == 0.0)
}

impl Validator<'_> {
    fn sub_validate(&self, id: Id, v: &J, ctx: &Ctx) -> Res {
        let mut r = Res::default();
        self.recursive(id, v, &mut r, ctx);
        r
    }

    /// `validateRecursive`.
    fn recursive(&self, id: Id, v: &J, r: &mut Res, ctx: &Ctx) {
        let left = self.budget.get();
        if left == 0 || ctx.0.len() > super::jsonschema::MAX_VALUE_DEPTH {
            self.budget.set(0);
            return;
        }
        self.budget.set(left - 1);
        let key = (id, v as *const J as usize);
        if self.active.borrow().contains(&key) {
            // helm 3.17's validator recurses until Go stops it ("fatal error: stack overflow").
            r.add(
                ctx,
                "$ref cycle: the schema refers to itself for the same value (helm v3.17 crashes here with a stack overflow)".into(),
            );
            return;
        }
        self.active.borrow_mut().push(key);
        self.apply(id, v, r, ctx);
        self.active.borrow_mut().pop();
    }

    fn apply(&self, id: Id, v: &J, r: &mut Res, ctx: &Ctx) {
        let s = &self.subs[id];
        if let Some(pass) = s.pass {
            if !pass {
                r.add(ctx, "False always fails validation".into());
            }
            return;
        }
        if let Some(target) = s.ref_schema {
            self.recursive(target, v, r, ctx);
            return;
        }
        let given = match v {
            J::Null => "null",
            J::Num(..) if is_int(v) => "integer",
            J::Num(..) => "number",
            J::Arr(_) => "array",
            J::Obj(_) => "object",
            J::Bool(_) => "boolean",
            J::Str(_) => "string",
            J::Invalid(_) => return,
        };
        if !s.types.is_empty() {
            let ok = match v {
                J::Num(..) => {
                    s.types.iter().any(|t| t == "number")
                        || (is_int(v) && s.types.iter().any(|t| t == "integer"))
                }
                _ => s.types.iter().any(|t| t == given),
            };
            if !ok {
                let expected = if s.types.len() > 1 {
                    format!("[{}]", s.types.join(","))
                } else {
                    s.types[0].clone()
                };
                r.add(
                    ctx,
                    format!("Invalid type. Expected: {expected}, given: {given}"),
                );
                return;
            }
        }
        self.schema(s, v, r, ctx);
        match v {
            J::Num(f, _) => {
                self.number(s, *f, r, ctx);
                self.common(s, v, r, ctx);
            }
            J::Arr(a) => {
                self.array(s, a, r, ctx);
                self.common(s, v, r, ctx);
            }
            J::Obj(m) => {
                self.object(s, m, r, ctx);
                self.common(s, v, r, ctx);
                for (name, pid) in &s.properties {
                    if let Some(pv) = m.get(name) {
                        self.recursive(*pid, pv, r, &ctx.child(name));
                    }
                }
            }
            J::Str(st) => {
                self.common(s, v, r, ctx);
                self.string(s, st, r, ctx);
            }
            J::Null | J::Bool(_) => self.common(s, v, r, ctx),
            J::Invalid(_) => {}
        }
        r.score += 1;
    }

    /// `validateSchema`: the combinators, dependencies and conditions.
    fn schema(&self, s: &Sub, v: &J, r: &mut Res, ctx: &Ctx) {
        if !s.any_of.is_empty() {
            let mut ok = false;
            let mut best: Option<Res> = None;
            for &id in &s.any_of {
                if !ok {
                    let res = self.sub_validate(id, v, ctx);
                    ok = res.valid();
                    if !ok && best.as_ref().is_none_or(|b| res.score > b.score) {
                        best = Some(res);
                    }
                }
            }
            if !ok {
                r.add(ctx, "Must validate at least one schema (anyOf)".into());
                if let Some(b) = best {
                    r.merge(b);
                }
            }
        }
        if !s.one_of.is_empty() {
            let mut n = 0;
            let mut best: Option<Res> = None;
            for &id in &s.one_of {
                let res = self.sub_validate(id, v, ctx);
                if res.valid() {
                    n += 1;
                } else if n == 0 && best.as_ref().is_none_or(|b| res.score > b.score) {
                    best = Some(res);
                }
            }
            if n != 1 {
                r.add(ctx, "Must validate one and only one schema (oneOf)".into());
                if n == 0
                    && let Some(b) = best
                {
                    r.merge(b);
                }
            }
        }
        if !s.all_of.is_empty() {
            let mut n = 0;
            for &id in &s.all_of {
                let res = self.sub_validate(id, v, ctx);
                if res.valid() {
                    n += 1;
                }
                r.merge(res);
            }
            if n != s.all_of.len() {
                r.add(ctx, "Must validate all the schemas (allOf)".into());
            }
        }
        if let Some(id) = s.not
            && self.sub_validate(id, v, ctx).valid()
        {
            r.add(ctx, "Must not validate the schema (not)".into());
        }
        if let J::Obj(m) = v {
            for key in m.keys() {
                match s.dependencies.iter().find(|(k, _)| k == key) {
                    Some((_, Dep::Required(names))) => {
                        for d in names {
                            if !m.contains_key(d) {
                                r.add(ctx, format!("Has a dependency on {d}"));
                            }
                        }
                    }
                    Some((_, Dep::Schema(id))) => self.recursive(*id, v, r, ctx),
                    None => {}
                }
            }
        }
        if let Some(id) = s.if_ {
            let cond = self.sub_validate(id, v, ctx);
            if let (Some(t), true) = (s.then, cond.valid()) {
                let res = self.sub_validate(t, v, ctx);
                if !res.valid() {
                    r.add(ctx, "Must validate \"then\" as \"if\" was valid".into());
                    r.merge(res);
                }
            }
            if let (Some(e), false) = (s.else_, cond.valid()) {
                let res = self.sub_validate(e, v, ctx);
                if !res.valid() {
                    r.add(ctx, "Must validate \"else\" as \"if\" was not valid".into());
                    r.merge(res);
                }
            }
        }
        r.score += 1;
    }

    /// `validateCommon`: `const` and `enum`, compared as canonical JSON.
    fn common(&self, s: &Sub, v: &J, r: &mut Res, ctx: &Ctx) {
        if let Some(k) = &s.konst
            && &canonical(v) != k
        {
            r.add(ctx, format!("{} does not match: {k}", ctx.field()));
        }
        if !s.enm.is_empty() && !s.enm.contains(&canonical(v)) {
            r.add(
                ctx,
                format!(
                    "{} must be one of the following: {}",
                    ctx.field(),
                    s.enm.join(", ")
                ),
            );
        }
        r.score += 1;
    }

    fn array(&self, s: &Sub, a: &[J], r: &mut Res, ctx: &Ctx) {
        let n = a.len();
        if s.items_single {
            for (i, x) in a.iter().enumerate() {
                let res = self.sub_validate(s.items[0], x, &ctx.child(&i.to_string()));
                r.merge(res);
            }
        } else if !s.items.is_empty() {
            let k = s.items.len();
            for (i, x) in a.iter().enumerate().take(k) {
                let res = self.sub_validate(s.items[i], x, &ctx.child(&i.to_string()));
                r.merge(res);
            }
            if k < n {
                match &s.additional_items {
                    Some(Additional::Bool(false)) => {
                        r.add(ctx, "No additional items allowed on array".into());
                    }
                    Some(Additional::Schema(id)) => {
                        for (i, x) in a.iter().enumerate().skip(k) {
                            let res = self.sub_validate(*id, x, &ctx.child(&i.to_string()));
                            r.merge(res);
                        }
                    }
                    _ => {}
                }
            }
        }
        if let Some(min) = s.min_items
            && (n as i64) < min
        {
            r.add(ctx, format!("Array must have at least {min} items"));
        }
        if let Some(max) = s.max_items
            && (n as i64) > max
        {
            r.add(ctx, format!("Array must have at most {max} items"));
        }
        if s.unique_items {
            let mut seen: HashMap<String, usize> = HashMap::new();
            for (j, x) in a.iter().enumerate() {
                let c = canonical(x);
                if let Some(i) = seen.get(&c) {
                    r.add(ctx, format!("array items[{i},{j}] must be unique"));
                }
                seen.insert(c, j);
            }
        }
        if let Some(id) = s.contains {
            let mut ok = false;
            let mut best: Option<Res> = None;
            for (i, x) in a.iter().enumerate() {
                let res = self.sub_validate(id, x, &ctx.child(&i.to_string()));
                if res.valid() {
                    ok = true;
                    break;
                }
                if best.as_ref().is_none_or(|b| res.score > b.score) {
                    best = Some(res);
                }
            }
            if !ok {
                r.add(ctx, "At least one of the items must match".into());
                if let Some(b) = best {
                    r.merge(b);
                }
            }
        }
        r.score += 1;
    }

    fn object(&self, s: &Sub, m: &BTreeMap<String, J>, r: &mut Res, ctx: &Ctx) {
        let n = m.len() as i64;
        if let Some(min) = s.min_properties
            && n < min
        {
            r.add(ctx, format!("Must have at least {min} properties"));
        }
        if let Some(max) = s.max_properties
            && n > max
        {
            r.add(ctx, format!("Must have at most {max} properties"));
        }
        for req in &s.required {
            if m.contains_key(req) {
                r.score += 1;
            } else {
                r.add(ctx, format!("{req} is required"));
            }
        }
        for (k, pv) in m {
            let found = s.properties.iter().any(|(name, _)| name == k);
            let mut pattern_match = false;
            for (re, id) in &s.pattern_properties {
                if re.is_match(k) {
                    pattern_match = true;
                    let res = self.sub_validate(*id, pv, &ctx.child(k));
                    r.merge(res);
                }
            }
            if pattern_match {
                r.score += 1;
            }
            if !found && !pattern_match {
                match &s.additional_properties {
                    Some(Additional::Bool(false)) => {
                        r.add(ctx, format!("Additional property {k} is not allowed"));
                    }
                    Some(Additional::Schema(id)) => {
                        let res = self.sub_validate(*id, pv, &ctx.child(k));
                        r.merge(res);
                    }
                    _ => {}
                }
            }
        }
        if let Some(id) = s.property_names {
            for k in m.keys() {
                let res = self.sub_validate(id, &J::Str(k.as_str().into()), ctx);
                if !res.valid() {
                    r.add(ctx, format!("Property name of \"{k}\" does not match"));
                    r.merge(res);
                }
            }
        }
        r.score += 1;
    }

    fn string(&self, s: &Sub, st: &str, r: &mut Res, ctx: &Ctx) {
        let len = st.chars().count() as i64;
        if let Some(min) = s.min_length
            && len < min
        {
            r.add(
                ctx,
                format!("String length must be greater than or equal to {min}"),
            );
        }
        if let Some(max) = s.max_length
            && len > max
        {
            r.add(
                ctx,
                format!("String length must be less than or equal to {max}"),
            );
        }
        if let Some((re, p)) = &s.pattern
            && !re.is_match(st)
        {
            r.add(ctx, format!("Does not match pattern '{p}'"));
        }
        if let Some(f) = &s.format
            && !is_format(f, st)
        {
            r.add(ctx, format!("Does not match format '{f}'"));
        }
        r.score += 1;
    }

    fn number(&self, s: &Sub, f: f64, r: &mut Res, ctx: &Ctx) {
        if let Some(m) = s.multiple_of
            && !super::jsonschema::is_multiple(f, m)
        {
            r.add(ctx, format!("Must be a multiple of {}", go_g(m)));
        }
        if let Some(m) = s.maximum
            && f > m
        {
            r.add(ctx, format!("Must be less than or equal to {}", go_g(m)));
        }
        if let Some(m) = s.exclusive_maximum
            && f >= m
        {
            r.add(ctx, format!("Must be less than {}", go_g(m)));
        }
        if let Some(m) = s.minimum
            && f < m
        {
            r.add(ctx, format!("Must be greater than or equal to {}", go_g(m)));
        }
        if let Some(m) = s.exclusive_minimum
            && f <= m
        {
            r.add(ctx, format!("Must be greater than {}", go_g(m)));
        }
        if let Some(name) = &s.format
            && KNOWN_FORMATS.contains(&name.as_str())
        {
            r.add(ctx, format!("Does not match format '{name}'"));
        }
        r.score += 1;
    }
}

/// The formats gojsonschema knows; a value that is not a string fails a known one (its
/// checkers accept only strings) and passes an unknown one.
const KNOWN_FORMATS: [&str; 17] = [
    "date",
    "time",
    "date-time",
    "hostname",
    "email",
    "idn-email",
    "ipv4",
    "ipv6",
    "uri",
    "uri-reference",
    "iri",
    "iri-reference",
    "uri-template",
    "uuid",
    "regex",
    "json-pointer",
    "relative-json-pointer",
];

/// `15:04:05`, then Go's optional fractional seconds: how many bytes it took.
fn clock(t: &str) -> Option<usize> {
    let b = t.as_bytes();
    let two = |i: usize, max: u32| {
        b.get(i..i + 2)
            .filter(|d| d.iter().all(u8::is_ascii_digit))
            .map(|d| u32::from(d[0] - b'0') * 10 + u32::from(d[1] - b'0'))
            .is_some_and(|n| n <= max)
    };
    let colon = |i: usize| b.get(i) == Some(&b':');
    if !(two(0, 23) && colon(2) && two(3, 59) && colon(5) && two(6, 59)) {
        return None;
    }
    if b.get(8) != Some(&b'.') {
        return Some(8);
    }
    match b[9..].iter().take_while(|c| c.is_ascii_digit()).count() {
        0 => None,
        n => Some(9 + n),
    }
}

/// `15:04:05` alone, or followed by `Z07:00`.
fn is_time(t: &str, with_zone: bool) -> bool {
    let zone = |z: &str| {
        z == "Z"
            || (z.len() == 6
                && matches!(z.as_bytes()[0], b'+' | b'-')
                && z.is_char_boundary(1)
                && clock(&format!("{}:00", &z[1..])) == Some(8))
    };
    match clock(t) {
        Some(n) if with_zone => zone(&t[n..]),
        Some(n) => n == t.len(),
        None => false,
    }
}

/// gojsonschema's format checkers (`format_checkers.go`), for strings.
fn is_format(name: &str, s: &str) -> bool {
    let date = |t: &str| super::jsonschema::go_parse_date(t).is_ok();
    match name {
        "ipv4" => s.contains('.') && s.parse::<std::net::IpAddr>().is_ok(),
        "ipv6" => s.contains(':') && s.parse::<std::net::IpAddr>().is_ok(),
        "hostname" => {
            s.len() < 256
                && s.split('.').all(|l| {
                    !l.is_empty()
                        && l.len() <= 63
                        && !l.starts_with('-')
                        && !l.ends_with('-')
                        && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                })
        }
        "uuid" => {
            let g: Vec<&str> = s.split('-').collect();
            g.len() == 5
                && g.iter()
                    .zip([8, 4, 4, 4, 12])
                    .all(|(x, n)| x.len() == n && x.chars().all(|c| c.is_ascii_hexdigit()))
        }
        "regex" => super::regexp::compile(s).is_ok(),
        // `url.Parse`, then a scheme (`uri`) and no backslash.
        "uri" | "iri" => {
            let scheme = s.split_once(':').map(|(a, _)| a).unwrap_or("");
            !scheme.is_empty()
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
                && !s.contains('\\')
        }
        "uri-reference" | "iri-reference" => !s.contains('\\'),
        "date" => date(s),
        // `15:04:05Z07:00`, else `15:04:05`.
        "time" => is_time(s, true) || is_time(s, false),
        // Any of `15:04:05`, `15:04:05Z07:00`, `2006-01-02` and RFC 3339.
        "date-time" => {
            is_time(s, false)
                || is_time(s, true)
                || date(s)
                || (s.len() > 11
                    && s.is_char_boundary(10)
                    && s.is_char_boundary(11)
                    && date(&s[..10])
                    && s.as_bytes()[10] == b'T'
                    && is_time(&s[11..], true))
        }
        // `net/mail.ParseAddress`, for the usual `local@domain` and `Name <local@domain>`.
        "email" | "idn-email" => {
            let addr = match (s.rfind('<'), s.strip_suffix('>')) {
                (Some(i), Some(_)) => &s[i + 1..s.len() - 1],
                _ => s,
            };
            let atoms = |t: &str| {
                !t.is_empty()
                    && t.split('.').all(|a| {
                        !a.is_empty()
                            && a.chars().all(|c| {
                                c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c)
                            })
                    })
            };
            match addr.rsplit_once('@') {
                Some((local, domain)) => {
                    atoms(local)
                        && (atoms(domain) || (domain.starts_with('[') && domain.ends_with(']')))
                }
                None => false,
            }
        }
        _ => true,
    }
}
