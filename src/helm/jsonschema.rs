//! `values.schema.json`: the coalesced values checked against each chart's JSON Schema, as
//! helm v4.2 checks them (`pkg/chart/common/util/jsonschema.go`, `ValidateAgainstSchema` and
//! `ValidateAgainstSingleSchema`, v4.2.3), with the validator helm uses,
//! santhosh-tekuri/jsonschema v6.0.2: its keywords per draft (`objcompiler.go`), its order of
//! checks and nesting of errors (`validator.go`), its messages (`kind/kind.go`, printed through
//! `golang.org/x/text/message` in English, so `1000` reads `1,000` and `1e+06` reads `1×10⁰⁶`),
//! and its check of the schema itself against the draft's metaschema (`roots.go`, `addRoot`).
//!
//! Go iterates a map in a random order, so where several properties fail, helm lists them in
//! a different order from run to run; we list them in the order of their names.
//!
//! What is not here: the formats `period`, `uri-template`, `semver` and
//! `relative-json-pointer` (not asserted), `content*`, and references to other files or URLs
//! (helm would read the file or fetch the URL; we report that it cannot be loaded).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::rc::Rc;

use super::chart::Chart;
use crate::gotmpl::Value;

/// How deep a schema may nest (brackets), how deep into the values the check goes, and how
/// many schema applications one check may take: a schema nested thousands deep, or one whose
/// metaschema check grows with the square of its depth, would take helm minutes and the page
/// its stack; real schemas stay far inside (bitnami's deepest nests 12 levels).
pub(super) const MAX_SCHEMA_DEPTH: usize = 100;
pub(super) const MAX_VALUE_DEPTH: usize = 100;
pub(super) const BUDGET: u64 = 2_000_000;

pub(super) fn too_costly() -> String {
    format!(
        "checking the values against values.schema.json takes more than {BUDGET} steps or goes deeper than {MAX_VALUE_DEPTH} levels into the values; the playground stops there (helm would go on)"
    )
}

/// The schema's own address in helm (`compiler.AddResource("file:///values.schema.json", ...)`).
const ROOT_URL: &str = "file:///values.schema.json";
const DRAFT4_URL: &str = "http://json-schema.org/draft-04/schema";
const DRAFT6_URL: &str = "http://json-schema.org/draft-06/schema";
const DRAFT7_URL: &str = "http://json-schema.org/draft-07/schema";
const DRAFT2019_URL: &str = "https://json-schema.org/draft/2019-09/schema";
const DRAFT2020_URL: &str = "https://json-schema.org/draft/2020-12/schema";

/// The published metaschemas (json-schema.org), which the validator ships.
const METASCHEMAS: [(&str, &str); 18] = [
    (DRAFT4_URL, include_str!("metaschemas/draft-04.json")),
    (DRAFT6_URL, include_str!("metaschemas/draft-06.json")),
    (DRAFT2019_URL, include_str!("metaschemas/2019-09.json")),
    (
        "https://json-schema.org/draft/2019-09/meta/core",
        include_str!("metaschemas/2019-09-core.json"),
    ),
    (
        "https://json-schema.org/draft/2019-09/meta/applicator",
        include_str!("metaschemas/2019-09-applicator.json"),
    ),
    (
        "https://json-schema.org/draft/2019-09/meta/validation",
        include_str!("metaschemas/2019-09-validation.json"),
    ),
    (
        "https://json-schema.org/draft/2019-09/meta/meta-data",
        include_str!("metaschemas/2019-09-meta-data.json"),
    ),
    (
        "https://json-schema.org/draft/2019-09/meta/format",
        include_str!("metaschemas/2019-09-format.json"),
    ),
    (
        "https://json-schema.org/draft/2019-09/meta/content",
        include_str!("metaschemas/2019-09-content.json"),
    ),
    (DRAFT7_URL, include_str!("metaschemas/draft-07.json")),
    (DRAFT2020_URL, include_str!("metaschemas/2020-12.json")),
    (
        "https://json-schema.org/draft/2020-12/meta/core",
        include_str!("metaschemas/2020-12-core.json"),
    ),
    (
        "https://json-schema.org/draft/2020-12/meta/applicator",
        include_str!("metaschemas/2020-12-applicator.json"),
    ),
    (
        "https://json-schema.org/draft/2020-12/meta/unevaluated",
        include_str!("metaschemas/2020-12-unevaluated.json"),
    ),
    (
        "https://json-schema.org/draft/2020-12/meta/validation",
        include_str!("metaschemas/2020-12-validation.json"),
    ),
    (
        "https://json-schema.org/draft/2020-12/meta/meta-data",
        include_str!("metaschemas/2020-12-meta-data.json"),
    ),
    (
        "https://json-schema.org/draft/2020-12/meta/format-annotation",
        include_str!("metaschemas/2020-12-format-annotation.json"),
    ),
    (
        "https://json-schema.org/draft/2020-12/meta/content",
        include_str!("metaschemas/2020-12-content.json"),
    ),
];

// --- helm's side --------------------------------------------------------------------------------

/// `ValidateAgainstSchema`: the chart's schema and, for each dependency with values, its own,
/// recursively, with the validator of `version`'s helm. `Some(text)` is what follows "values
/// don't meet the specifications of the schema(s) in the following chart(s):\n".
pub fn validate_chart(
    chart: &Chart,
    values: &BTreeMap<String, Value>,
    version: super::Version,
) -> Option<String> {
    let mut sb = String::new();
    if let Some(schema) = &chart.schema {
        let checked = match version {
            super::Version::V4 => validate_single(values, schema),
            super::Version::V3 => super::gojsonschema::validate_single(values, schema),
        };
        if let Err(e) = checked {
            sb.push_str(chart.name());
            sb.push_str(":\n");
            sb.push_str(&e);
        }
    }
    for sub in &chart.dependencies {
        match values.get(sub.name()) {
            Some(Value::Map(m)) => {
                let entries = m.0.borrow().entries.clone();
                if let Some(e) = validate_chart(sub, &entries, version) {
                    sb.push_str(&e);
                }
            }
            // helm 3 asserts a map here (and would stop on anything else); helm 4 says so.
            None | Some(Value::Nil) => {}
            Some(other) if version == super::Version::V4 => sb.push_str(&format!(
                "{}:\ninvalid type for values: expected object (map), got {}\n",
                sub.name(),
                other.type_name()
            )),
            Some(_) => {}
        }
    }
    (!sb.is_empty()).then_some(sb)
}

/// `ValidateAgainstSingleSchema`: the error text, with the trailing newline helm's
/// `JSONSchemaValidationError` adds to a failed validation (and not to other errors).
pub fn validate_single(values: &BTreeMap<String, Value>, schema: &[u8]) -> Result<(), String> {
    let compiled = compiled(schema);
    let (c, root, left) = compiled.as_ref().as_ref().map_err(String::clone)?;
    c.budget.set(*left);
    let instance = values_json(values);
    let checked = c.validate(*root, &instance);
    if c.budget.get() == 0 {
        return Err(too_costly());
    }
    match checked {
        Ok(()) => Ok(()),
        Err(e) => {
            let text = e.render();
            let prefix = format!("jsonschema validation failed with '{ROOT_URL}#'\n");
            Err(format!("{}\n", text.strip_prefix(&prefix).unwrap_or(&text)))
        }
    }
}

/// A schema compiled and checked against its metaschema, with the steps left of the check's
/// budget; or why it cannot be used.
type Compiled = Rc<Result<(Compiler, Id, u64), String>>;

thread_local! {
    /// The schemas compiled lately, by their text: a chart rendered again as its values are
    /// edited (the chart bar, at each keystroke) brings the same schemas.
    static COMPILED: std::cell::RefCell<Vec<(Rc<[u8]>, Compiled)>> = const {
        std::cell::RefCell::new(Vec::new())
    };
}

/// `schema` compiled (`compiler.Compile`), from the cache when it was lately.
fn compiled(schema: &[u8]) -> Compiled {
    const KEEP: usize = 8;
    if let Some(hit) = COMPILED.with(|c| {
        c.borrow()
            .iter()
            .find(|(text, _)| **text == *schema)
            .map(|(_, compiled)| compiled.clone())
    }) {
        return hit;
    }
    let compiled = Rc::new(compile(schema));
    COMPILED.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() == KEEP {
            c.remove(0);
        }
        c.push((Rc::from(schema), compiled.clone()));
    });
    compiled
}

fn compile(schema: &[u8]) -> Result<(Compiler, Id, u64), String> {
    let text = String::from_utf8_lossy(schema);
    let doc = parse_json(&text)?;
    let mut c = Compiler::default();
    c.budget.set(BUDGET);
    c.add_doc(ROOT_URL, doc.clone(), None)?;
    // The schema itself against its draft's metaschema (`roots.addRoot`).
    let meta_url = match c.docs[ROOT_URL].1 {
        4 => DRAFT4_URL,
        6 => DRAFT6_URL,
        7 => DRAFT7_URL,
        2019 => DRAFT2019_URL,
        _ => DRAFT2020_URL,
    };
    let meta = c.compile_url(meta_url)?;
    let checked = c.validate(meta, &doc);
    if c.budget.get() == 0 {
        return Err(too_costly());
    }
    if let Err(e) = checked {
        return Err(format!(
            "{} is not valid against metaschema: {}",
            crate::go::quote(&format!("{ROOT_URL}#")),
            e.render()
        ));
    }
    let root = c.compile_url(ROOT_URL)?;
    let left = c.budget.get();
    Ok((c, root, left))
}

// --- JSON as the validator sees it --------------------------------------------------------------

/// A JSON value: numbers keep the text they were written with when they come from JSON
/// (`json.Number`, the decoder's `UseNumber`), values' numbers are Go's `float64` or `int64`.
#[derive(Clone, Debug)]
pub(super) enum J {
    Null,
    Bool(bool),
    Num(f64, Option<Rc<str>>),
    Str(Rc<str>),
    Arr(Rc<Vec<J>>),
    Obj(Rc<BTreeMap<String, J>>),
    /// What JSON cannot hold (`[]byte`, a struct), by its Go type: `invalid jsonType`.
    Invalid(Rc<str>),
}

/// The values as the validator receives them.
pub(super) fn values_json(values: &BTreeMap<String, Value>) -> J {
    J::Obj(Rc::new(
        values
            .iter()
            .map(|(k, v)| (k.clone(), from_value(v)))
            .collect(),
    ))
}

fn from_value(v: &Value) -> J {
    match v {
        Value::Nil => J::Null,
        Value::Bool(b) => J::Bool(*b),
        Value::Int(i) | Value::Int64(i) => J::Num(*i as f64, Some(i.to_string().into())),
        Value::Float(f) => J::Num(*f, None),
        Value::Str(s) => J::Str(s.clone()),
        Value::List(l) => J::Arr(Rc::new(l.items.iter().map(from_value).collect())),
        Value::Map(m) => J::Obj(Rc::new(
            m.0.borrow()
                .entries
                .iter()
                .map(|(k, v)| (k.clone(), from_value(v)))
                .collect(),
        )),
        Value::Bytes(_) | Value::Object(_) => J::Invalid(v.type_name().into()),
    }
}

/// `jsonschema.UnmarshalJSON`: one value through `json.Decoder` (numbers as written), then
/// nothing but white space.
fn parse_json(text: &str) -> Result<J, String> {
    let (j, used) = decode(text)?;
    if !text[used..]
        .trim_matches([' ', '\t', '\n', '\r'])
        .is_empty()
    {
        return Err("invalid character after top-level value".into());
    }
    Ok(j)
}

/// The first JSON value of `text`, whatever follows (`json.Decoder.Decode`, as gojsonschema
/// reads a schema).
pub(super) fn parse_json_prefix(text: &str) -> Result<J, String> {
    decode(text).map(|(j, _)| j)
}

fn decode(text: &str) -> Result<(J, usize), String> {
    if nesting(text) > MAX_SCHEMA_DEPTH {
        return Err(format!(
            "values.schema.json nests deeper than {MAX_SCHEMA_DEPTH} levels; the playground stops there (helm would go on)"
        ));
    }
    if text.trim_matches([' ', '\t', '\n', '\r']).is_empty() {
        return Err("EOF".into());
    }
    // Go's syntax errors, from the decoder our `fromJson` uses; a value cut short is the
    // stream decoder's `unexpected EOF`.
    let (_, used) = super::convert::decode_json_prefix(text).map_err(|e| {
        if e == "unexpected end of JSON input" || e.starts_with("invalid character ' ' in") {
            "unexpected EOF".to_string()
        } else {
            e
        }
    })?;
    let mut p = Reader {
        b: &text.as_bytes()[..used],
        i: 0,
    };
    Ok((p.value(), used))
}

/// The deepest nesting of brackets in JSON text (outside strings), counted without recursion.
fn nesting(text: &str) -> usize {
    let (mut depth, mut max, mut in_str, mut escaped) = (0usize, 0usize, false, false);
    for b in text.bytes() {
        if in_str {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_str = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_str = true,
            b'{' | b'[' => {
                depth += 1;
                max = max.max(depth);
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

/// Reads JSON already known to be well formed.
struct Reader<'a> {
    b: &'a [u8],
    i: usize,
}

impl Reader<'_> {
    fn ws(&mut self) {
        while self.i < self.b.len() && matches!(self.b[self.i], b' ' | b'\t' | b'\n' | b'\r') {
            self.i += 1;
        }
    }

    fn value(&mut self) -> J {
        self.ws();
        let Some(&c) = self.b.get(self.i) else {
            return J::Null;
        };
        match c {
            b'{' => {
                self.i += 1;
                let mut m = BTreeMap::new();
                loop {
                    self.ws();
                    match self.b.get(self.i) {
                        Some(b'}') | None => {
                            self.i += 1;
                            break;
                        }
                        Some(b',') => self.i += 1,
                        _ => {
                            let k = self.string();
                            self.ws();
                            self.i += 1; // ':'
                            let v = self.value();
                            m.insert(k, v);
                        }
                    }
                }
                J::Obj(Rc::new(m))
            }
            b'[' => {
                self.i += 1;
                let mut a = Vec::new();
                loop {
                    self.ws();
                    match self.b.get(self.i) {
                        Some(b']') | None => {
                            self.i += 1;
                            break;
                        }
                        Some(b',') => self.i += 1,
                        _ => a.push(self.value()),
                    }
                }
                J::Arr(Rc::new(a))
            }
            b'"' => J::Str(self.string().into()),
            b't' => {
                self.i += 4;
                J::Bool(true)
            }
            b'f' => {
                self.i += 5;
                J::Bool(false)
            }
            b'n' => {
                self.i += 4;
                J::Null
            }
            _ => {
                let start = self.i;
                while self.i < self.b.len()
                    && matches!(
                        self.b[self.i],
                        b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9'
                    )
                {
                    self.i += 1;
                }
                let t = std::str::from_utf8(&self.b[start..self.i]).unwrap_or("0");
                J::Num(t.parse().unwrap_or(0.0), Some(t.into()))
            }
        }
    }

    fn string(&mut self) -> String {
        let start = self.i;
        self.i += 1;
        while self.i < self.b.len() {
            match self.b[self.i] {
                b'\\' => self.i += 2,
                b'"' => {
                    self.i += 1;
                    break;
                }
                _ => self.i += 1,
            }
        }
        let raw = std::str::from_utf8(&self.b[start..self.i]).unwrap_or("\"\"");
        match super::convert::from_json(raw) {
            Ok(Value::Str(s)) => s.to_string(),
            _ => String::new(),
        }
    }
}

fn type_of(v: &J) -> u8 {
    match v {
        J::Null => NULL,
        J::Bool(_) => BOOLEAN,
        J::Num(..) => NUMBER,
        J::Str(_) => STRING,
        J::Arr(_) => ARRAY,
        J::Obj(_) => OBJECT,
        J::Invalid(_) => 0,
    }
}

const NULL: u8 = 1;
const BOOLEAN: u8 = 2;
const NUMBER: u8 = 4;
const INTEGER: u8 = 8;
const STRING: u8 = 16;
const ARRAY: u8 = 32;
const OBJECT: u8 = 64;
const TYPE_NAMES: [(u8, &str); 7] = [
    (NULL, "null"),
    (BOOLEAN, "boolean"),
    (NUMBER, "number"),
    (INTEGER, "integer"),
    (STRING, "string"),
    (ARRAY, "array"),
    (OBJECT, "object"),
];

fn type_name(t: u8) -> &'static str {
    TYPE_NAMES
        .iter()
        .find(|(b, _)| *b == t)
        .map_or("", |(_, n)| n)
}

fn is_integer(v: &J) -> bool {
    matches!(v, J::Num(f, _) if f.is_finite() && f.fract() == 0.0)
}

/// `equals`: numbers by value, objects and arrays deeply.
fn equals(a: &J, b: &J) -> bool {
    match (a, b) {
        (J::Null, J::Null) => true,
        (J::Bool(x), J::Bool(y)) => x == y,
        (J::Num(x, _), J::Num(y, _)) => x == y,
        (J::Str(x), J::Str(y)) => x == y,
        (J::Arr(x), J::Arr(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| equals(p, q))
        }
        (J::Obj(x), J::Obj(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| equals(v, w)))
        }
        _ => false,
    }
}

/// `display`: a string quoted, a number or boolean as `%v` prints it, a collection `value`.
fn display(v: &J) -> String {
    match v {
        J::Str(s) => quote(s),
        J::Arr(_) | J::Obj(_) => "value".into(),
        J::Null => "<nil>".into(),
        J::Bool(b) => b.to_string(),
        J::Num(_, Some(t)) => t.to_string(),
        J::Num(f, None) => crate::go::format_float(*f, 'g', -1),
        J::Invalid(t) => format!("invalid jsonType {t}"),
    }
}

/// `kind.quote`: Go's `%q` in single quotes.
fn quote(s: &str) -> String {
    let q = crate::go::quote(s);
    let inner = &q[1..q.len() - 1];
    format!("'{}'", inner.replace("\\\"", "\"").replace('\'', "\\'"))
}

/// An integer as `x/text/message` prints `%d` in English: grouped by thousands.
fn localized_int(n: usize) -> String {
    group(&n.to_string())
}

fn group(digits: &str) -> String {
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A `float64` as `x/text/message` prints `%v` in English: the shortest digits, in decimal
/// with grouped thousands while the exponent is within `[-4, 6)` (`%g`'s rule), otherwise as
/// `1.2345675×10⁰⁶` (at least two exponent digits, in superscript).
fn localized_float(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "∞" } else { "-∞" }.into();
    }
    let sign = if f < 0.0 { "-" } else { "" };
    if f == 0.0 {
        return "0".into();
    }
    let (d, dp) = crate::go::decimal_bits(f, None, 64);
    let exp = dp - 1;
    if (-4..6).contains(&exp) {
        let (int, frac) = if dp <= 0 {
            (
                "0".to_string(),
                format!("{}{d}", "0".repeat((-dp) as usize)),
            )
        } else if dp as usize >= d.len() {
            (
                format!("{d}{}", "0".repeat(dp as usize - d.len())),
                String::new(),
            )
        } else {
            (d[..dp as usize].to_string(), d[dp as usize..].to_string())
        };
        let mut out = format!("{sign}{}", group(&int));
        if !frac.is_empty() {
            out.push('.');
            out.push_str(&frac);
        }
        out
    } else {
        const SUP: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
        let mut out = format!("{sign}{}", &d[..1]);
        if d.len() > 1 {
            out.push('.');
            out.push_str(&d[1..]);
        }
        out.push_str("×10");
        if exp < 0 {
            out.push('⁻');
        }
        let e = format!("{:02}", exp.unsigned_abs());
        out.extend(e.bytes().map(|b| SUP[(b - b'0') as usize]));
        out
    }
}

/// Whether `a / b` is an integer, on the decimals `%v` prints (`big.Rat` in the validator).
pub(super) fn is_multiple(a: f64, b: f64) -> bool {
    fn rat(f: f64) -> Option<(i128, u32)> {
        let s = crate::go::format_float(f, 'f', -1);
        let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
        let n: i128 = format!("{int}{frac}").parse().ok()?;
        Some((n, frac.len() as u32))
    }
    if b == 0.0 {
        return false;
    }
    match (rat(a), rat(b)) {
        (Some((na, sa)), Some((nb, sb))) if sa < 30 && sb < 30 => {
            // a / b = na·10^sb / (nb·10^sa)
            let (x, y) = (
                na.checked_mul(10i128.checked_pow(sb).unwrap_or(1)),
                nb.checked_mul(10i128.checked_pow(sa).unwrap_or(1)),
            );
            match (x, y) {
                (Some(x), Some(y)) if y != 0 => x % y == 0,
                _ => (a / b).fract() == 0.0,
            }
        }
        _ => (a / b).fract() == 0.0,
    }
}

// --- the compiled schema ------------------------------------------------------------------------

type Id = usize;

#[derive(Clone, Debug)]
enum Additional {
    Bool(bool),
    Schema(Id),
}

#[derive(Clone, Debug)]
enum Items {
    One(Id),
    Many(Vec<Id>),
}

#[derive(Clone, Debug)]
enum Dep {
    Required(Vec<String>),
    Schema(Id),
}

#[derive(Default, Debug)]
struct Schema {
    /// `url#pointer`.
    loc: String,
    /// The resource (document or `$id`) the schema belongs to.
    res: usize,
    draft: u16,
    boolean: Option<bool>,
    types: u8,
    konst: Option<J>,
    enm: Option<(Vec<J>, u8)>,
    format: Option<String>,
    reference: Option<Id>,
    dynamic_ref: Option<(Id, String)>,
    dynamic_anchor: Option<String>,
    recursive_ref: Option<Id>,
    properties: BTreeMap<String, Id>,
    pattern_properties: Vec<(regex_lite::Regex, Id)>,
    additional_properties: Option<Additional>,
    dependencies: Vec<(String, Dep)>,
    dependent_required: Vec<(String, Vec<String>)>,
    dependent_schemas: Vec<(String, Id)>,
    property_names: Option<Id>,
    min_properties: Option<usize>,
    max_properties: Option<usize>,
    required: Vec<String>,
    items: Option<Items>,
    additional_items: Option<Additional>,
    prefix_items: Vec<Id>,
    items2020: Option<Id>,
    contains: Option<Id>,
    min_contains: Option<usize>,
    max_contains: Option<usize>,
    min_items: Option<usize>,
    max_items: Option<usize>,
    unique_items: bool,
    min_length: Option<usize>,
    max_length: Option<usize>,
    pattern: Option<(regex_lite::Regex, String)>,
    minimum: Option<f64>,
    maximum: Option<f64>,
    exclusive_minimum: Option<f64>,
    exclusive_maximum: Option<f64>,
    multiple_of: Option<f64>,
    not: Option<Id>,
    all_of: Vec<Id>,
    any_of: Vec<Id>,
    one_of: Vec<Id>,
    if_: Option<Id>,
    then: Option<Id>,
    else_: Option<Id>,
    unevaluated_items: Option<Id>,
    unevaluated_properties: Option<Id>,
    all_props_evaluated: bool,
    all_items_evaluated: bool,
    num_items_evaluated: usize,
}

struct Resource {
    /// Its base URL (`$id`, or the document's).
    id: String,
    doc: String,
    ptr: String,
    /// `$dynamicAnchor`s: name → pointer in the document.
    dynamic_anchors: Vec<(String, String)>,
    /// `$recursiveAnchor: true` at its root (draft 2019-09).
    recursive_anchor: bool,
}

#[derive(Default)]
struct Compiler {
    /// url → (document, draft).
    docs: HashMap<String, (J, u16)>,
    resources: Vec<Resource>,
    /// `$anchor`s: (resource index, name) → pointer.
    anchors: HashMap<(usize, String), String>,
    schemas: Vec<Schema>,
    by_loc: HashMap<String, Id>,
    /// Compiled `$dynamicAnchor`s per resource.
    dynamic: HashMap<usize, Vec<(String, Id)>>,
    /// Schema applications left (`BUDGET`); set to zero when a check goes too deep.
    budget: std::cell::Cell<u64>,
}

fn draft_of(doc: &J, default: u16) -> Result<u16, String> {
    let J::Obj(m) = doc else {
        return Ok(default);
    };
    let Some(J::Str(s)) = m.get("$schema") else {
        return Ok(default);
    };
    let (u, frag) = s.split_once('#').unwrap_or((s, ""));
    let u = u
        .strip_prefix("http://")
        .or_else(|| u.strip_prefix("https://"))
        .unwrap_or(u);
    let draft = match u {
        _ if !frag.is_empty() => None,
        "json-schema.org/schema" | "json-schema.org/draft/2020-12/schema" => Some(2020),
        "json-schema.org/draft/2019-09/schema" => Some(2019),
        "json-schema.org/draft-07/schema" => Some(7),
        "json-schema.org/draft-06/schema" => Some(6),
        "json-schema.org/draft-04/schema" => Some(4),
        _ => None,
    };
    draft.ok_or_else(|| {
        let base = s.split('#').next().unwrap_or(s);
        format!(
            "failing loading {}: no such metaschema here",
            crate::go::quote(base)
        )
    })
}

fn escape_token(t: &str) -> String {
    t.replace('~', "~0").replace('/', "~1")
}

fn unescape_token(t: &str) -> String {
    t.replace("~1", "/").replace("~0", "~")
}

/// The URL `reference` names from `base` (enough of RFC 3986 for schemas).
fn join(base: &str, reference: &str) -> String {
    if reference.starts_with('#') || reference.is_empty() {
        let b = base.split('#').next().unwrap_or(base);
        return format!("{b}{reference}");
    }
    if reference.contains("://") || reference.starts_with("urn:") {
        return reference.to_string();
    }
    let b = base.split('#').next().unwrap_or(base);
    if let Some(rest) = reference.strip_prefix('/')
        && let Some(i) = b.find("://")
    {
        let host_end = b[i + 3..].find('/').map_or(b.len(), |j| i + 3 + j);
        return format!("{}/{rest}", &b[..host_end]);
    }
    match b.rfind('/') {
        Some(i) => format!("{}{reference}", &b[..=i]),
        None => reference.to_string(),
    }
}

/// Keywords whose value is a schema, a list of schemas or a map of schemas, per draft.
const ONE: [&str; 12] = [
    "not",
    "if",
    "then",
    "else",
    "additionalProperties",
    "additionalItems",
    "contains",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
    "contentSchema",
    "items",
];
const MANY: [&str; 4] = ["allOf", "anyOf", "oneOf", "prefixItems"];
const MAP: [&str; 5] = [
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
];

fn lookup<'a>(doc: &'a J, ptr: &str) -> Option<&'a J> {
    if ptr.is_empty() {
        return Some(doc);
    }
    ptr.starts_with('/').then(|| pointer(doc, ptr).ok())?
}

/// The value the JSON pointer `ptr` (`/a/0`) names in `doc`, or where it stops, in
/// gojsonpointer's words.
pub(super) fn pointer<'a>(doc: &'a J, ptr: &str) -> Result<&'a J, String> {
    let mut cur = doc;
    for tok in ptr.split('/').skip(1) {
        let tok = unescape_token(tok);
        cur = match cur {
            J::Obj(m) => m
                .get(&tok)
                .ok_or_else(|| format!("Object has no key '{tok}'"))?,
            J::Arr(a) => {
                let i: usize = tok
                    .parse()
                    .map_err(|_| format!("Invalid array index '{tok}'"))?;
                a.get(i)
                    .ok_or_else(|| format!("Out of bound array[0,{}] index '{tok}'", a.len()))?
            }
            _ => return Err(format!("Invalid token reference '{tok}'")),
        };
    }
    Ok(cur)
}

impl Compiler {
    /// Adds a document and collects its resources and anchors (`collectResources`).
    fn add_doc(&mut self, url: &str, doc: J, draft: Option<u16>) -> Result<(), String> {
        let draft = match draft {
            Some(d) => d,
            None => draft_of(&doc, 2020)?,
        };
        self.docs.insert(url.to_string(), (doc.clone(), draft));
        self.collect(url, &doc, url, "", draft);
        Ok(())
    }

    fn resource_for(&self, doc: &str, ptr: &str) -> usize {
        // The innermost resource whose pointer is a prefix of `ptr`.
        let mut best = None;
        for (i, r) in self.resources.iter().enumerate() {
            if r.doc == doc
                && (ptr == r.ptr || ptr.starts_with(&format!("{}/", r.ptr)) || r.ptr.is_empty())
                && best.is_none_or(|b: usize| self.resources[b].ptr.len() <= r.ptr.len())
            {
                best = Some(i);
            }
        }
        best.unwrap_or(0)
    }

    fn collect(&mut self, doc: &str, v: &J, base: &str, ptr: &str, draft: u16) {
        let J::Obj(m) = v else {
            return;
        };
        let draft = draft_of(v, draft).unwrap_or(draft);
        let id_kw = if draft == 4 { "id" } else { "$id" };
        let mut base = base.to_string();
        let mut res = None;
        if ptr.is_empty() {
            self.resources.push(Resource {
                id: base.clone(),
                doc: doc.to_string(),
                ptr: String::new(),
                dynamic_anchors: Vec::new(),
                recursive_anchor: false,
            });
            res = Some(self.resources.len() - 1);
        }
        if let Some(J::Str(id)) = m.get(id_kw) {
            let (u, frag) = id.split_once('#').unwrap_or((id, ""));
            if !u.is_empty() {
                base = join(&base, u);
                if let Some(r) = res {
                    self.resources[r].id = base.clone();
                } else {
                    self.resources.push(Resource {
                        id: base.clone(),
                        doc: doc.to_string(),
                        ptr: ptr.to_string(),
                        dynamic_anchors: Vec::new(),
                        recursive_anchor: false,
                    });
                    res = Some(self.resources.len() - 1);
                }
            }
            if draft < 2019 && !frag.is_empty() && !frag.starts_with('/') {
                let r = res.unwrap_or_else(|| self.resource_for(doc, ptr));
                self.anchors.insert((r, frag.to_string()), ptr.to_string());
            }
        }
        let r = res.unwrap_or_else(|| self.resource_for(doc, ptr));
        if draft >= 2019
            && res.is_some()
            && matches!(m.get("$recursiveAnchor"), Some(J::Bool(true)))
        {
            self.resources[r].recursive_anchor = true;
        }
        if draft >= 2019
            && let Some(J::Str(a)) = m.get("$anchor")
        {
            self.anchors.insert((r, a.to_string()), ptr.to_string());
        }
        if draft >= 2020
            && let Some(J::Str(a)) = m.get("$dynamicAnchor")
        {
            self.anchors.insert((r, a.to_string()), ptr.to_string());
            self.resources[r]
                .dynamic_anchors
                .push((a.to_string(), ptr.to_string()));
        }
        for (k, sub) in m.iter() {
            let kp = format!("{ptr}/{}", escape_token(k));
            if ONE.contains(&k.as_str()) {
                if let J::Arr(a) = sub {
                    for (i, s) in a.iter().enumerate() {
                        self.collect(doc, s, &base, &format!("{kp}/{i}"), draft);
                    }
                } else {
                    self.collect(doc, sub, &base, &kp, draft);
                }
            } else if MANY.contains(&k.as_str()) {
                if let J::Arr(a) = sub {
                    for (i, s) in a.iter().enumerate() {
                        self.collect(doc, s, &base, &format!("{kp}/{i}"), draft);
                    }
                }
            } else if (MAP.contains(&k.as_str()) || k == "dependencies")
                && let J::Obj(mm) = sub
            {
                for (name, s) in mm.iter() {
                    self.collect(
                        doc,
                        s,
                        &base,
                        &format!("{kp}/{}", escape_token(name)),
                        draft,
                    );
                }
            }
        }
    }

    /// Loads a document the validator knows by URL (the metaschemas); others cannot be read.
    fn load(&mut self, url: &str) -> Result<(), String> {
        if self.docs.contains_key(url) {
            return Ok(());
        }
        let Some((_, text)) = METASCHEMAS.iter().find(|(u, _)| *u == url) else {
            return Err(format!(
                "failing loading {}: the playground reads no file or URL but the chart's values.schema.json",
                crate::go::quote(url)
            ));
        };
        let doc = parse_json(text)?;
        self.add_doc(url, doc, None)
    }

    fn compile_url(&mut self, url: &str) -> Result<Id, String> {
        let u = url.trim_end_matches('#');
        self.load(u)?;
        self.compile_at(u, "")
    }

    /// The schema a URL with a fragment names (`root.resolve` / `resolveFragment`).
    fn resolve(&mut self, url: &str) -> Result<Id, String> {
        let (u, frag) = url.split_once('#').unwrap_or((url, ""));
        // A resource with this id, in any document loaded so far, else a document to load.
        let (doc, rptr, r) = match self.resources.iter().position(|r| r.id == u) {
            Some(i) => (
                self.resources[i].doc.clone(),
                self.resources[i].ptr.clone(),
                i,
            ),
            None => {
                self.load(u)?;
                let i = self
                    .resources
                    .iter()
                    .position(|r| r.id == u || r.doc == u)
                    .unwrap_or(0);
                (
                    self.resources[i].doc.clone(),
                    self.resources[i].ptr.clone(),
                    i,
                )
            }
        };
        let frag = percent_decode(frag);
        let ptr = if frag.is_empty() || frag.starts_with('/') {
            format!("{rptr}{frag}")
        } else {
            match self.anchors.get(&(r, frag.clone())) {
                Some(p) => p.clone(),
                None => {
                    return Err(format!(
                        "anchor {} not found in {}",
                        crate::go::quote(&frag),
                        crate::go::quote(u)
                    ));
                }
            }
        };
        let found = self
            .docs
            .get(&doc)
            .is_some_and(|(d, _)| lookup(d, &ptr).is_some());
        if !found {
            return Err(format!(
                "json-pointer in {} not found",
                crate::go::quote(&format!("{doc}#{ptr}"))
            ));
        }
        self.compile_at(&doc, &ptr)
    }

    fn compile_at(&mut self, doc: &str, ptr: &str) -> Result<Id, String> {
        let loc = format!("{doc}#{ptr}");
        if let Some(&id) = self.by_loc.get(&loc) {
            return Ok(id);
        }
        let id = self.schemas.len();
        self.by_loc.insert(loc.clone(), id);
        self.schemas.push(Schema {
            loc,
            ..Schema::default()
        });
        let (v, draft) = {
            let (d, draft) = &self.docs[doc];
            (lookup(d, ptr).cloned().unwrap_or(J::Bool(true)), *draft)
        };
        let res = self.resource_for(doc, ptr);
        let s = self.compile_obj(doc, ptr, &v, draft, res)?;
        self.schemas[id] = Schema {
            loc: std::mem::take(&mut self.schemas[id].loc),
            ..s
        };
        // Every dynamic anchor of a resource is compiled with it.
        if !self.dynamic.contains_key(&res) {
            self.dynamic.insert(res, Vec::new());
            let anchors = self.resources[res].dynamic_anchors.clone();
            let rdoc = self.resources[res].doc.clone();
            let mut compiled = Vec::new();
            for (name, p) in anchors {
                compiled.push((name, self.compile_at(&rdoc, &p)?));
            }
            self.dynamic.insert(res, compiled);
        }
        Ok(id)
    }

    fn compile_obj(
        &mut self,
        doc: &str,
        ptr: &str,
        v: &J,
        draft: u16,
        res: usize,
    ) -> Result<Schema, String> {
        let mut s = Schema {
            res,
            draft,
            ..Schema::default()
        };
        let m = match v {
            J::Bool(b) => {
                s.boolean = Some(*b);
                return Ok(s);
            }
            J::Obj(m) => m.clone(),
            _ => return Ok(s),
        };
        let sub = |c: &mut Compiler, kw: &str| -> Result<Option<Id>, String> {
            match m.get(kw) {
                Some(J::Obj(_) | J::Bool(_)) => Ok(Some(
                    c.compile_at(doc, &format!("{ptr}/{}", escape_token(kw)))?,
                )),
                _ => Ok(None),
            }
        };
        let arr = |c: &mut Compiler, kw: &str| -> Result<Vec<Id>, String> {
            let mut out = Vec::new();
            if let Some(J::Arr(a)) = m.get(kw) {
                for i in 0..a.len() {
                    out.push(c.compile_at(doc, &format!("{ptr}/{kw}/{i}"))?);
                }
            }
            Ok(out)
        };
        let map = |c: &mut Compiler, kw: &str| -> Result<Vec<(String, Id)>, String> {
            let mut out = Vec::new();
            if let Some(J::Obj(mm)) = m.get(kw) {
                for name in mm.keys() {
                    out.push((
                        name.clone(),
                        c.compile_at(doc, &format!("{ptr}/{kw}/{}", escape_token(name)))?,
                    ));
                }
            }
            Ok(out)
        };
        let num = |kw: &str| match m.get(kw) {
            Some(J::Num(f, _)) => Some(*f),
            _ => None,
        };
        let int = |kw: &str| match m.get(kw) {
            Some(J::Num(f, _)) if *f >= 0.0 => Some(*f as usize),
            _ => None,
        };
        let boolean = |kw: &str| matches!(m.get(kw), Some(J::Bool(true)));
        let strings = |v: &J| match v {
            J::Arr(a) => a
                .iter()
                .filter_map(|x| match x {
                    J::Str(s) => Some(s.to_string()),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        let base = self.resources[res].id.clone();
        let reference = |c: &mut Compiler, kw: &str| -> Result<Option<Id>, String> {
            match m.get(kw) {
                Some(J::Str(r)) => Ok(Some(c.resolve(&join(&base, r))?)),
                _ => Ok(None),
            }
        };

        // draft 4 --
        s.reference = reference(self, "$ref")?;
        if draft < 2019 && s.reference.is_some() {
            return Ok(s);
        }
        s.all_of = arr(self, "allOf")?;
        s.any_of = arr(self, "anyOf")?;
        s.one_of = arr(self, "oneOf")?;
        s.not = sub(self, "not")?;
        if draft < 2020 {
            match m.get("items") {
                Some(J::Arr(_)) => {
                    s.items = Some(Items::Many(arr(self, "items")?));
                    s.additional_items = match m.get("additionalItems") {
                        Some(J::Bool(b)) => Some(Additional::Bool(*b)),
                        Some(J::Obj(_)) => sub(self, "additionalItems")?.map(Additional::Schema),
                        _ => None,
                    };
                }
                Some(_) => s.items = sub(self, "items")?.map(Items::One),
                None => {}
            }
        }
        for (name, id) in map(self, "properties")? {
            s.properties.insert(name, id);
        }
        for (pattern, id) in map(self, "patternProperties")? {
            s.pattern_properties.push((
                compile_regex(&pattern, &s_loc(doc, ptr, "patternProperties"))?,
                id,
            ));
        }
        s.additional_properties = match m.get("additionalProperties") {
            Some(J::Bool(b)) => Some(Additional::Bool(*b)),
            Some(J::Obj(_)) => sub(self, "additionalProperties")?.map(Additional::Schema),
            _ => None,
        };
        if let Some(J::Obj(deps)) = m.get("dependencies") {
            for (name, dep) in deps.iter() {
                let d =
                    match dep {
                        J::Arr(_) => Dep::Required(strings(dep)),
                        _ => Dep::Schema(self.compile_at(
                            doc,
                            &format!("{ptr}/dependencies/{}", escape_token(name)),
                        )?),
                    };
                s.dependencies.push((name.clone(), d));
            }
        }
        s.types = match m.get("type") {
            Some(J::Str(t)) => type_from(t),
            Some(J::Arr(a)) => a
                .iter()
                .map(|t| match t {
                    J::Str(t) => type_from(t),
                    _ => 0,
                })
                .fold(0, |a, b| a | b),
            _ => 0,
        };
        if let Some(J::Arr(a)) = m.get("enum") {
            let types = a.iter().map(type_of).fold(0, |x, y| x | y);
            s.enm = Some((a.to_vec(), types));
        }
        s.multiple_of = num("multipleOf");
        s.maximum = num("maximum");
        if boolean("exclusiveMaximum") {
            s.exclusive_maximum = s.maximum.take();
        } else {
            s.exclusive_maximum = num("exclusiveMaximum");
        }
        s.minimum = num("minimum");
        if boolean("exclusiveMinimum") {
            s.exclusive_minimum = s.minimum.take();
        } else {
            s.exclusive_minimum = num("exclusiveMinimum");
        }
        s.min_length = int("minLength");
        s.max_length = int("maxLength");
        if let Some(J::Str(p)) = m.get("pattern") {
            s.pattern = Some((
                compile_regex(p, &s_loc(doc, ptr, "pattern"))?,
                p.to_string(),
            ));
        }
        s.min_items = int("minItems");
        s.max_items = int("maxItems");
        s.unique_items = boolean("uniqueItems");
        s.max_properties = int("maxProperties");
        s.min_properties = int("minProperties");
        if let Some(r) = m.get("required") {
            s.required = strings(r);
        }
        // Formats are asserted up to draft 7 (`assertFormat`); later drafts only annotate,
        // except in the metaschemas, which the validator compiles asserting them (`draft.go`).
        if (draft < 2019 || METASCHEMAS.iter().any(|(u, _)| *u == doc))
            && let Some(J::Str(f)) = m.get("format")
        {
            s.format = Some(f.to_string());
        }
        // draft 6 --
        if draft >= 6 {
            s.contains = sub(self, "contains")?;
            s.property_names = sub(self, "propertyNames")?;
            s.konst = m.get("const").cloned();
        }
        // draft 7 --
        if draft >= 7 {
            s.if_ = sub(self, "if")?;
            if s.if_.is_some() {
                let b = match m.get("if") {
                    Some(J::Bool(b)) => Some(*b),
                    _ => None,
                };
                if b != Some(false) {
                    s.then = sub(self, "then")?;
                }
                if b != Some(true) {
                    s.else_ = sub(self, "else")?;
                }
            }
        }
        // draft 2019 --
        if draft >= 2019 {
            s.recursive_ref = reference(self, "$recursiveRef")?;
            if s.contains.is_some() {
                s.min_contains = int("minContains");
                s.max_contains = int("maxContains");
            }
            if let Some(J::Obj(d)) = m.get("dependentRequired") {
                for (name, v) in d.iter() {
                    if let J::Arr(_) = v {
                        s.dependent_required.push((name.clone(), strings(v)));
                    }
                }
            }
            s.dependent_schemas = map(self, "dependentSchemas")?;
            s.unevaluated_items = sub(self, "unevaluatedItems")?;
            s.unevaluated_properties = sub(self, "unevaluatedProperties")?;
        }
        // draft 2020 --
        if draft >= 2020 {
            if let Some(J::Str(r)) = m.get("$dynamicRef") {
                let target = self.resolve(&join(&base, r))?;
                let frag = r.split_once('#').map_or("", |(_, f)| f);
                let anchor = if frag.starts_with('/') || frag.is_empty() {
                    String::new()
                } else {
                    frag.to_string()
                };
                s.dynamic_ref = Some((target, anchor));
            }
            if let Some(J::Str(a)) = m.get("$dynamicAnchor") {
                s.dynamic_anchor = Some(a.to_string());
            }
            s.prefix_items = arr(self, "prefixItems")?;
            s.items2020 = sub(self, "items")?;
        }
        s.all_props_evaluated = s.additional_properties.is_some();
        if draft < 2020 {
            s.all_items_evaluated = s.additional_items.is_some();
            match &s.items {
                Some(Items::One(_)) => s.all_items_evaluated = true,
                Some(Items::Many(v)) => s.num_items_evaluated = v.len(),
                None => {}
            }
        } else {
            s.all_items_evaluated = s.items2020.is_some();
            s.num_items_evaluated = s.prefix_items.len();
        }
        Ok(s)
    }
}

fn s_loc(doc: &str, ptr: &str, kw: &str) -> String {
    format!("{doc}#{ptr}/{kw}")
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let Some(n) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(n);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn type_from(t: &str) -> u8 {
    TYPE_NAMES
        .iter()
        .find(|(_, n)| *n == t)
        .map_or(0, |(b, _)| *b)
}

/// Go's `regexp.Compile` (the validator's default engine), for `pattern` and
/// `patternProperties`.
fn compile_regex(p: &str, at: &str) -> Result<regex_lite::Regex, String> {
    super::regexp::compile(p).map_err(|e| {
        format!(
            "invalid regex {} at {}: {e}",
            crate::go::quote(p),
            crate::go::quote(at)
        )
    })
}

// --- errors -------------------------------------------------------------------------------------

#[derive(Debug)]
enum Kind {
    Schema(String),
    Group,
    Not,
    AllOf,
    AnyOf,
    OneOf(Option<(usize, usize)>),
    FalseSchema,
    RefCycle(String, String, String),
    InvalidJson(Rc<str>),
    Type(u8, u8),
    Enum(Vec<J>),
    Const(J),
    Format(J, String, String),
    Reference,
    MinProperties(usize, usize),
    MaxProperties(usize, usize),
    MinItems(usize, usize),
    MaxItems(usize, usize),
    AdditionalItems(usize),
    Required(Vec<String>),
    Dependency(String, Vec<String>),
    AdditionalProperties(Vec<String>),
    PropertyNames(String),
    UniqueItems(usize, usize),
    Contains,
    MinContains(Vec<usize>, usize),
    MaxContains(Vec<usize>, usize),
    MinLength(usize, usize),
    MaxLength(usize, usize),
    Pattern(String, String),
    Minimum(f64, f64),
    Maximum(f64, f64),
    ExclusiveMinimum(f64, f64),
    ExclusiveMaximum(f64, f64),
    MultipleOf(f64, f64),
}

#[derive(Debug)]
struct VErr {
    kind: Box<Kind>,
    at: Vec<String>,
    causes: Vec<VErr>,
}

fn joined(names: &[String]) -> String {
    names
        .iter()
        .map(|n| quote(n))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Kind {
    fn message(&self) -> String {
        let f = localized_float;
        let n = localized_int;
        match self {
            Kind::Schema(loc) => format!("jsonschema validation failed with {}", quote(loc)),
            Kind::Group | Kind::Reference => "validation failed".into(),
            Kind::Not => "'not' failed".into(),
            Kind::AllOf => "'allOf' failed".into(),
            Kind::AnyOf => "'anyOf' failed".into(),
            Kind::OneOf(None) => "'oneOf' failed, none matched".into(),
            Kind::OneOf(Some((a, b))) => {
                format!("'oneOf' failed, subschemas {}, {} matched", n(*a), n(*b))
            }
            Kind::FalseSchema => "false schema".into(),
            Kind::RefCycle(url, a, b) => format!(
                "both {a} and {b} resolve to {} causing reference cycle",
                crate::go::quote(url)
            ),
            Kind::InvalidJson(t) => format!("invalid jsonType {t}"),
            Kind::Type(got, want) => {
                let want: Vec<&str> = TYPE_NAMES
                    .iter()
                    .filter(|(b, _)| want & b != 0)
                    .map(|(_, n)| *n)
                    .collect();
                format!("got {}, want {}", type_name(*got), want.join(" or "))
            }
            Kind::Enum(want) => {
                if want.iter().any(|v| matches!(v, J::Arr(_) | J::Obj(_))) {
                    "'enum' failed".into()
                } else if want.len() == 1 {
                    format!("value must be {}", display(&want[0]))
                } else {
                    let all: Vec<String> = want.iter().map(display).collect();
                    format!("value must be one of {}", all.join(", "))
                }
            }
            Kind::Const(want) => match want {
                J::Arr(_) | J::Obj(_) => "'const' failed".into(),
                w => format!("value must be {}", display(w)),
            },
            Kind::Format(got, want, err) => {
                format!("{} is not valid {want}: {err}", display(got))
            }
            Kind::MinProperties(g, w) => format!("minProperties: got {}, want {}", n(*g), n(*w)),
            Kind::MaxProperties(g, w) => format!("maxProperties: got {}, want {}", n(*g), n(*w)),
            Kind::MinItems(g, w) => format!("minItems: got {}, want {}", n(*g), n(*w)),
            Kind::MaxItems(g, w) => format!("maxItems: got {}, want {}", n(*g), n(*w)),
            Kind::AdditionalItems(c) => format!("last {} additionalItem(s) not allowed", n(*c)),
            Kind::Required(missing) if missing.len() == 1 => {
                format!("missing property {}", quote(&missing[0]))
            }
            Kind::Required(missing) => format!("missing properties {}", joined(missing)),
            Kind::Dependency(prop, missing) => format!(
                "properties {} required, if {} exists",
                joined(missing),
                quote(prop)
            ),
            Kind::AdditionalProperties(props) => {
                format!("additional properties {} not allowed", joined(props))
            }
            Kind::PropertyNames(p) => format!("invalid propertyName {}", quote(p)),
            Kind::UniqueItems(a, b) => format!("items at {} and {} are equal", n(*a), n(*b)),
            Kind::Contains => "no items match contains schema".into(),
            Kind::MinContains(got, want) if got.is_empty() => format!(
                "min {} items required to match contains schema, but none matched",
                n(*want)
            ),
            Kind::MinContains(got, want) => format!(
                "min {} items required to match contains schema, but matched {} items at {}",
                n(*want),
                n(got.len()),
                got.iter()
                    .map(|i| i.to_string())
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
            Kind::MaxContains(got, want) => format!(
                "max {} items required to match contains schema, but matched {} items at {}",
                n(*want),
                n(got.len()),
                got.iter()
                    .map(|i| i.to_string())
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
            Kind::MinLength(g, w) => format!("minLength: got {}, want {}", n(*g), n(*w)),
            Kind::MaxLength(g, w) => format!("maxLength: got {}, want {}", n(*g), n(*w)),
            Kind::Pattern(got, want) => {
                format!("{} does not match pattern {}", quote(got), quote(want))
            }
            Kind::Minimum(g, w) => format!("minimum: got {}, want {}", f(*g), f(*w)),
            Kind::Maximum(g, w) => format!("maximum: got {}, want {}", f(*g), f(*w)),
            Kind::ExclusiveMinimum(g, w) => {
                format!("exclusiveMinimum: got {}, want {}", f(*g), f(*w))
            }
            Kind::ExclusiveMaximum(g, w) => {
                format!("exclusiveMaximum: got {}, want {}", f(*g), f(*w))
            }
            Kind::MultipleOf(g, w) => format!("multipleOf: got {}, want {}", f(*g), f(*w)),
        }
    }
}

impl VErr {
    /// `ValidationError.Error()` (`output.go`, `display`).
    fn render(&self) -> String {
        let mut sb = String::new();
        self.display(&mut sb, 0);
        sb
    }

    fn skip(&self) -> bool {
        matches!(*self.kind, Kind::Reference) && self.causes.len() == 1
    }

    fn display(&self, sb: &mut String, mut indent: usize) {
        if !self.skip() {
            if indent > 0 {
                sb.push('\n');
                for _ in 0..indent - 1 {
                    sb.push_str("  ");
                }
                sb.push_str("- ");
            }
            indent += 1;
            if let Kind::Schema(_) = *self.kind {
                sb.push_str(&self.kind.message());
            } else {
                let ptr: String = self
                    .at
                    .iter()
                    .map(|t| format!("/{}", escape_token(t)))
                    .collect();
                sb.push_str(&format!("at {}: {}", quote(&ptr), self.kind.message()));
            }
        }
        for c in &self.causes {
            c.display(sb, indent);
        }
    }
}

// --- validation ---------------------------------------------------------------------------------

/// The validator's stack of schemas (`scope`): for cycles and `$dynamicRef`.
struct Scope<'a> {
    sch: Id,
    ref_kw: Option<&'static str>,
    vid: usize,
    parent: Option<&'a Scope<'a>>,
}

/// What has not been evaluated yet, for `unevaluatedProperties` and `unevaluatedItems`.
#[derive(Default, Clone)]
struct Uneval {
    props: BTreeSet<String>,
    items: BTreeSet<usize>,
}

impl Uneval {
    fn from(v: &J, s: &Schema, caller_needs: bool) -> Uneval {
        let mut u = Uneval::default();
        match v {
            J::Obj(m)
                if !s.all_props_evaluated
                    && (caller_needs || s.unevaluated_properties.is_some()) =>
            {
                u.props = m.keys().cloned().collect();
            }
            J::Arr(a)
                if !s.all_items_evaluated
                    && (caller_needs || s.unevaluated_items.is_some())
                    && s.num_items_evaluated < a.len() =>
            {
                u.items = (s.num_items_evaluated..a.len()).collect();
            }
            _ => {}
        }
        u
    }

    fn merge(&mut self, other: &Uneval) {
        self.props.retain(|k| other.props.contains(k));
        self.items.retain(|i| other.items.contains(i));
    }

    fn is_empty(&self) -> bool {
        self.props.is_empty() && self.items.is_empty()
    }
}

struct Vd<'a> {
    c: &'a Compiler,
    v: &'a J,
    at: Vec<String>,
    sch: Id,
    scope: &'a Scope<'a>,
    uneval: Uneval,
    errors: Vec<VErr>,
}

impl Compiler {
    fn validate(&self, root: Id, v: &J) -> Result<(), VErr> {
        let scope = Scope {
            sch: root,
            ref_kw: None,
            vid: 0,
            parent: None,
        };
        let mut vd = Vd {
            c: self,
            v,
            at: Vec::new(),
            sch: root,
            scope: &scope,
            uneval: Uneval::from(v, &self.schemas[root], false),
            errors: Vec::new(),
        };
        match vd.run() {
            Ok(_) => Ok(()),
            Err(e) => {
                let causes = match *e.kind {
                    Kind::Group => e.causes,
                    _ => vec![e],
                };
                Err(VErr {
                    kind: Box::new(Kind::Schema(self.schemas[root].loc.clone())),
                    at: Vec::new(),
                    causes,
                })
            }
        }
    }
}

impl<'a> Vd<'a> {
    fn s(&self) -> &'a Schema {
        &self.c.schemas[self.sch]
    }

    fn error(&self, kind: Kind) -> VErr {
        VErr {
            kind: Box::new(kind),
            at: self.at.clone(),
            causes: Vec::new(),
        }
    }

    fn add(&mut self, kind: Kind) {
        let e = self.error(kind);
        self.errors.push(e);
    }

    fn add_with(&mut self, causes: Vec<VErr>, kind: Kind) {
        let mut e = self.error(kind);
        e.causes = causes;
        self.errors.push(e);
    }

    fn add_err(&mut self, e: Result<(), VErr>) {
        if let Err(e) = e {
            self.errors.push(e);
        }
    }

    /// `validator.validate`: the remaining unevaluated names and indexes, or the error.
    fn run(&mut self) -> Result<Uneval, VErr> {
        // Out of budget or too deep: the check stops, and the caller reports that.
        let left = self.c.budget.get();
        if left == 0 || self.at.len() > MAX_VALUE_DEPTH {
            self.c.budget.set(0);
            return Ok(std::mem::take(&mut self.uneval));
        }
        self.c.budget.set(left - 1);
        let s = self.s();
        let v = self.v;
        if let Some(b) = s.boolean {
            return if b {
                Ok(std::mem::take(&mut self.uneval))
            } else {
                Err(self.error(Kind::FalseSchema))
            };
        }
        // A schema met again for the same value: a cycle of references.
        let mut p = self.scope.parent;
        while let Some(sc) = p {
            if sc.vid != self.scope.vid {
                break;
            }
            if sc.sch == self.sch {
                return Err(self.error(Kind::RefCycle(
                    s.loc.clone(),
                    kw_loc(self.c, self.scope),
                    kw_loc(self.c, sc),
                )));
            }
            p = sc.parent;
        }
        let t = type_of(v);
        if let J::Invalid(t) = v {
            return Err(self.error(Kind::InvalidJson(t.clone())));
        }
        if s.types != 0 {
            let ok = s.types & t != 0 || (s.types & INTEGER != 0 && t == NUMBER && is_integer(v));
            if !ok {
                return Err(self.error(Kind::Type(t, s.types)));
            }
        }
        if let Some(k) = &s.konst
            && !equals(v, k)
        {
            return Err(self.error(Kind::Const(k.clone())));
        }
        if let Some((values, types)) = &s.enm
            && (types & t == 0 || !values.iter().any(|x| equals(v, x)))
        {
            return Err(self.error(Kind::Enum(values.clone())));
        }
        if let Some(f) = &s.format
            && let Some(err) = check_format(f, v)
        {
            return Err(self.error(Kind::Format(v.clone(), f.clone(), err)));
        }
        if let Some(r) = s.reference {
            let e = self.validate_ref(r, "$ref");
            if s.draft < 2019 {
                return e.map(|_| std::mem::take(&mut self.uneval));
            }
            self.add_err(e);
        }
        match v {
            J::Obj(m) => self.obj(m),
            J::Arr(a) => self.arr(a),
            J::Str(st) => self.str(st),
            J::Num(f, _) => self.num(*f),
            _ => {}
        }
        if s.draft >= 2019 {
            self.refs();
        }
        self.cond();
        if s.draft >= 2019 {
            self.uneval_validate();
        }
        if self.errors.len() > 1 {
            let mut e = self.error(Kind::Group);
            e.causes = std::mem::take(&mut self.errors);
            return Err(e);
        }
        match self.errors.pop() {
            Some(e) => Err(e),
            None => Ok(std::mem::take(&mut self.uneval)),
        }
    }

    fn obj(&mut self, obj: &BTreeMap<String, J>) {
        let s = self.s();
        if let Some(min) = s.min_properties
            && obj.len() < min
        {
            self.add(Kind::MinProperties(obj.len(), min));
        }
        if let Some(max) = s.max_properties
            && obj.len() > max
        {
            self.add(Kind::MaxProperties(obj.len(), max));
        }
        if !s.required.is_empty() {
            let missing = find_missing(obj, &s.required);
            if !missing.is_empty() {
                self.add(Kind::Required(missing));
            }
        }
        for (pname, dep) in &s.dependencies {
            if obj.contains_key(pname) {
                match dep {
                    Dep::Required(req) => {
                        let missing = find_missing(obj, req);
                        if !missing.is_empty() {
                            self.add(Kind::Dependency(pname.clone(), missing));
                        }
                    }
                    Dep::Schema(id) => {
                        let e = self.validate_self(*id, None);
                        self.add_err(e);
                    }
                }
            }
        }
        let mut additional = Vec::new();
        for (pname, pvalue) in obj {
            let mut evaluated = false;
            if let Some(&id) = s.properties.get(pname) {
                evaluated = true;
                let e = self.validate_val(id, pvalue, pname);
                self.add_err(e);
            }
            for (re, id) in &s.pattern_properties {
                if re.is_match(pname) {
                    evaluated = true;
                    let e = self.validate_val(*id, pvalue, pname);
                    self.add_err(e);
                }
            }
            if !evaluated && let Some(a) = &s.additional_properties {
                evaluated = true;
                match a {
                    Additional::Bool(false) => additional.push(pname.clone()),
                    Additional::Bool(true) => {}
                    Additional::Schema(id) => {
                        let e = self.validate_val(*id, pvalue, pname);
                        self.add_err(e);
                    }
                }
            }
            if evaluated {
                self.uneval.props.remove(pname);
            }
        }
        if !additional.is_empty() {
            self.add(Kind::AdditionalProperties(additional));
        }
        if s.draft == 4 {
            return;
        }
        if let Some(id) = s.property_names {
            for pname in obj.keys() {
                let name = J::Str(pname.as_str().into());
                if let Err(e) = self.c.validate(id, &name) {
                    // The error of a fresh validation, renamed (`verr.ErrorKind = PropertyNames`).
                    self.errors.push(VErr {
                        kind: Box::new(Kind::PropertyNames(pname.clone())),
                        at: Vec::new(),
                        causes: e.causes,
                    });
                }
            }
        }
        if s.draft == 6 {
            return;
        }
        for (pname, id) in &s.dependent_schemas {
            if obj.contains_key(pname) {
                let e = self.validate_self(*id, None);
                self.add_err(e);
            }
        }
        for (pname, req) in &s.dependent_required {
            if obj.contains_key(pname) {
                let missing = find_missing(obj, req);
                if !missing.is_empty() {
                    self.add(Kind::Dependency(pname.clone(), missing));
                }
            }
        }
    }

    fn arr(&mut self, arr: &[J]) {
        let s = self.s();
        if let Some(min) = s.min_items
            && arr.len() < min
        {
            self.add(Kind::MinItems(arr.len(), min));
        }
        if let Some(max) = s.max_items
            && arr.len() > max
        {
            self.add(Kind::MaxItems(arr.len(), max));
        }
        if s.unique_items && arr.len() > 1 {
            'outer: for i in 1..arr.len() {
                for j in 0..i {
                    if equals(&arr[i], &arr[j]) {
                        self.add(Kind::UniqueItems(j, i));
                        break 'outer;
                    }
                }
            }
        }
        if s.draft < 2020 {
            let mut evaluated = 0;
            match &s.items {
                Some(Items::One(id)) => {
                    for (i, item) in arr.iter().enumerate() {
                        let e = self.validate_val(*id, item, &i.to_string());
                        self.add_err(e);
                    }
                    evaluated = arr.len();
                }
                Some(Items::Many(ids)) => {
                    let n = ids.len().min(arr.len());
                    for (i, item) in arr[..n].iter().enumerate() {
                        let e = self.validate_val(ids[i], item, &i.to_string());
                        self.add_err(e);
                    }
                    evaluated = n;
                }
                None => {}
            }
            match &s.additional_items {
                Some(Additional::Bool(false)) if evaluated != arr.len() => {
                    self.add(Kind::AdditionalItems(arr.len() - evaluated));
                }
                Some(Additional::Schema(id)) => {
                    // (The validator names these items from 0, not by their index.)
                    for (i, item) in arr[evaluated..].iter().enumerate() {
                        let e = self.validate_val(*id, item, &i.to_string());
                        self.add_err(e);
                    }
                }
                _ => {}
            }
        } else {
            let evaluated = s.prefix_items.len().min(arr.len());
            for (i, item) in arr[..evaluated].iter().enumerate() {
                let e = self.validate_val(s.prefix_items[i], item, &i.to_string());
                self.add_err(e);
            }
            if let Some(id) = s.items2020 {
                // (Named from 0 as well.)
                for (i, item) in arr[evaluated..].iter().enumerate() {
                    let e = self.validate_val(id, item, &i.to_string());
                    self.add_err(e);
                }
            }
        }
        if let Some(id) = s.contains {
            let mut errors = Vec::new();
            let mut matched = Vec::new();
            for (i, item) in arr.iter().enumerate() {
                match self.validate_val(id, item, &i.to_string()) {
                    Err(e) => errors.push(e),
                    Ok(()) => {
                        matched.push(i);
                        if s.draft >= 2020 {
                            self.uneval.items.remove(&i);
                        }
                    }
                }
            }
            if let Some(min) = s.min_contains {
                if matched.len() < min {
                    self.add_with(errors, Kind::MinContains(matched.clone(), min));
                }
            } else if matched.is_empty() {
                self.add_with(errors, Kind::Contains);
            }
            if let Some(max) = s.max_contains
                && matched.len() > max
            {
                self.add(Kind::MaxContains(matched, max));
            }
        }
    }

    fn str(&mut self, st: &str) {
        let s = self.s();
        let len = st.chars().count();
        if let Some(min) = s.min_length
            && len < min
        {
            self.add(Kind::MinLength(len, min));
        }
        if let Some(max) = s.max_length
            && len > max
        {
            self.add(Kind::MaxLength(len, max));
        }
        if let Some((re, p)) = &s.pattern
            && !re.is_match(st)
        {
            self.add(Kind::Pattern(st.to_string(), p.clone()));
        }
    }

    fn num(&mut self, f: f64) {
        let s = self.s();
        if !f.is_finite() {
            return;
        }
        if let Some(m) = s.minimum
            && f < m
        {
            self.add(Kind::Minimum(f, m));
        }
        if let Some(m) = s.maximum
            && f > m
        {
            self.add(Kind::Maximum(f, m));
        }
        if let Some(m) = s.exclusive_minimum
            && f <= m
        {
            self.add(Kind::ExclusiveMinimum(f, m));
        }
        if let Some(m) = s.exclusive_maximum
            && f >= m
        {
            self.add(Kind::ExclusiveMaximum(f, m));
        }
        if let Some(m) = s.multiple_of
            && !is_multiple(f, m)
        {
            self.add(Kind::MultipleOf(f, m));
        }
    }

    fn cond(&mut self) {
        let s = self.s();
        if let Some(id) = s.not
            && self.validate_self(id, None).is_ok()
        {
            self.add(Kind::Not);
        }
        if !s.all_of.is_empty() {
            let mut errors = Vec::new();
            for &id in &s.all_of {
                if let Err(e) = self.validate_self(id, None) {
                    errors.push(e);
                }
            }
            if !errors.is_empty() {
                self.add_with(errors, Kind::AllOf);
            }
        }
        if !s.any_of.is_empty() {
            let mut matched = false;
            let mut errors = Vec::new();
            for &id in &s.any_of {
                match self.validate_self(id, None) {
                    Err(e) => errors.push(e),
                    Ok(()) => {
                        matched = true;
                        if self.uneval.is_empty() {
                            break;
                        }
                    }
                }
            }
            if !matched {
                self.add_with(errors, Kind::AnyOf);
            }
        }
        if !s.one_of.is_empty() {
            let mut matched: Option<usize> = None;
            let mut errors = Vec::new();
            for (i, &id) in s.one_of.iter().enumerate() {
                match self.validate_self(id, None) {
                    Err(e) => {
                        if matched.is_none() {
                            errors.push(e);
                        }
                    }
                    Ok(()) => match matched {
                        None => matched = Some(i),
                        Some(m) => {
                            self.add(Kind::OneOf(Some((m, i))));
                            break;
                        }
                    },
                }
            }
            if matched.is_none() {
                self.add_with(errors, Kind::OneOf(None));
            }
        }
        if let Some(id) = s.if_ {
            if self.validate_self(id, None).is_ok() {
                if let Some(t) = s.then {
                    let e = self.validate_self(t, None);
                    self.add_err(e);
                }
            } else if let Some(e) = s.else_ {
                let e = self.validate_self(e, None);
                self.add_err(e);
            }
        }
    }

    fn refs(&mut self) {
        let s = self.s();
        if let Some(target) = s.recursive_ref {
            // `$recursiveRef`: the outermost dynamic scope whose resource has
            // `$recursiveAnchor: true`, if the target's has.
            let mut sch = target;
            let anchored = |id: Id| self.c.resources[self.c.schemas[id].res].recursive_anchor;
            if anchored(sch) {
                let mut p = Some(self.scope);
                while let Some(sc) = p {
                    if anchored(sc.sch) {
                        sch = sc.sch;
                    }
                    p = sc.parent;
                }
            }
            let e = self.validate_ref(sch, "$recursiveRef");
            self.add_err(e);
        }
        if let Some((target, anchor)) = &s.dynamic_ref {
            let mut sch = *target;
            if !anchor.is_empty()
                && self.c.schemas[sch].dynamic_anchor.as_deref() == Some(anchor.as_str())
            {
                // The outermost dynamic scope with that anchor.
                let mut p = Some(self.scope);
                while let Some(sc) = p {
                    let res = self.c.schemas[sc.sch].res;
                    if let Some(list) = self.c.dynamic.get(&res)
                        && let Some((_, id)) = list.iter().find(|(n, _)| n == anchor)
                    {
                        sch = *id;
                    }
                    p = sc.parent;
                }
            }
            let e = self.validate_ref(sch, "$dynamicRef");
            self.add_err(e);
        }
    }

    fn uneval_validate(&mut self) {
        let s = self.s();
        if let (J::Obj(obj), Some(id)) = (self.v, s.unevaluated_properties) {
            let names: Vec<String> = self.uneval.props.iter().cloned().collect();
            for pname in names {
                if let Some(pv) = obj.get(&pname) {
                    let e = self.validate_val(id, pv, &pname);
                    self.add_err(e);
                }
            }
            self.uneval.props.clear();
        }
        if let (J::Arr(arr), Some(id)) = (self.v, s.unevaluated_items) {
            let items: Vec<usize> = self.uneval.items.iter().copied().collect();
            for i in items {
                let e = self.validate_val(id, &arr[i], &i.to_string());
                self.add_err(e);
            }
            self.uneval.items.clear();
        }
    }

    fn validate_ref(&mut self, sch: Id, kw: &'static str) -> Result<(), VErr> {
        match self.validate_self(sch, Some(kw)) {
            Ok(()) => Ok(()),
            Err(e) => {
                let mut r = self.error(Kind::Reference);
                r.causes = match *e.kind {
                    Kind::Group => e.causes,
                    _ => vec![e],
                };
                Err(r)
            }
        }
    }

    /// The same value against another schema (`validateSelf`).
    fn validate_self(&mut self, sch: Id, ref_kw: Option<&'static str>) -> Result<(), VErr> {
        let scope = Scope {
            sch,
            ref_kw,
            vid: self.scope.vid,
            parent: Some(self.scope),
        };
        let uneval = Uneval::from(self.v, &self.c.schemas[sch], !self.uneval.is_empty());
        let mut sub = Vd {
            c: self.c,
            v: self.v,
            at: self.at.clone(),
            sch,
            scope: &scope,
            uneval,
            errors: Vec::new(),
        };
        let r = sub.run();
        match r {
            Ok(u) => {
                self.uneval.merge(&u);
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    /// A value inside this one (`validateVal`).
    fn validate_val(&mut self, sch: Id, v: &J, tok: &str) -> Result<(), VErr> {
        let scope = Scope {
            sch,
            ref_kw: None,
            vid: self.scope.vid + 1,
            parent: Some(self.scope),
        };
        let mut at = self.at.clone();
        at.push(tok.to_string());
        let mut sub = Vd {
            c: self.c,
            v,
            at,
            sch,
            scope: &scope,
            uneval: Uneval::from(v, &self.c.schemas[sch], false),
            errors: Vec::new(),
        };
        sub.run().map(|_| ())
    }
}

fn find_missing(obj: &BTreeMap<String, J>, req: &[String]) -> Vec<String> {
    req.iter()
        .filter(|r| !obj.contains_key(r.as_str()))
        .cloned()
        .collect()
}

/// `scope.kwLoc`: the keyword path from the root of the validation to a scope.
fn kw_loc(c: &Compiler, mut sc: &Scope) -> String {
    let mut loc = String::new();
    while let Some(parent) = sc.parent {
        match sc.ref_kw {
            Some(kw) => loc = format!("/{}{loc}", escape_token(kw)),
            None => {
                let cur = &c.schemas[sc.sch].loc;
                let par = &c.schemas[parent.sch].loc;
                loc = format!("{}{loc}", cur.get(par.len()..).unwrap_or(""));
            }
        }
        sc = parent;
    }
    loc
}

/// The formats the validator asserts (up to draft 7): the error, if `v` is not one.
fn check_format(name: &str, v: &J) -> Option<String> {
    let J::Str(s) = v else {
        return None;
    };
    let s: &str = s;
    match name {
        "ipv4" => {
            let groups: Vec<&str> = s.split('.').collect();
            if groups.len() != 4 {
                return Some("expected four decimals".into());
            }
            for g in groups {
                if g.len() > 1 && g.starts_with('0') {
                    return Some("leading zeros".into());
                }
                match super::values::atoi(g) {
                    Err(e) => return Some(e),
                    Ok(n) if !(0..=255).contains(&n) => {
                        return Some("decimal must be between 0 and 255".into());
                    }
                    Ok(_) => {}
                }
            }
            None
        }
        "ipv6" => {
            if !s.contains(':') {
                return Some("missing colon".into());
            }
            if s.contains('%') {
                return Some("zone id is not a part of ipv6 address".into());
            }
            match s.parse::<std::net::Ipv6Addr>() {
                Ok(_) => None,
                Err(_) => Some(format!(
                    "ParseAddr({}): unable to parse IP",
                    crate::go::quote(s)
                )),
            }
        }
        "hostname" => {
            let h = s.strip_suffix('.').unwrap_or(s);
            if h.len() > 253 {
                return Some("more than 253 characters long".into());
            }
            for label in h.split('.') {
                if label.is_empty() || label.len() > 63 {
                    return Some("label must be 1 to 63 characters long".into());
                }
                if label.starts_with('-') {
                    return Some("label starts with hyphen".into());
                }
                if label.ends_with('-') {
                    return Some("label ends with hyphen".into());
                }
                if let Some(c) = label
                    .chars()
                    .find(|c| !(c.is_ascii_alphanumeric() || *c == '-'))
                {
                    return Some(format!("invalid character {}", go_quote_rune(c)));
                }
            }
            None
        }
        "uuid" => {
            let groups: Vec<&str> = s.split('-').collect();
            const LENS: [usize; 5] = [8, 4, 4, 4, 12];
            if groups.len() != 5 {
                return Some("must have 5 elements".into());
            }
            for (i, g) in groups.iter().enumerate() {
                if g.len() != LENS[i] {
                    return Some(format!(
                        "element {} must be {} characters long",
                        i + 1,
                        LENS[i]
                    ));
                }
                if let Some(c) = g.chars().find(|c| !c.is_ascii_hexdigit()) {
                    return Some(format!("non-hex character {}", go_quote_rune(c)));
                }
            }
            None
        }
        "uri" | "iri" => {
            let scheme_end = s.find(':');
            let has_scheme = scheme_end.is_some_and(|i| {
                i > 0
                    && s[..i]
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_alphabetic())
                    && s[..i]
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
            });
            if !has_scheme {
                return Some("relative url".into());
            }
            None
        }
        "uri-reference" | "iri-reference" => s.contains('\\').then(|| "contains \\".into()),
        "regex" => super::regexp::compile(s).err(),
        "email" | "idn-email" => email_error(s),
        "date" => go_parse_date(s).err(),
        "time" => time_error(s),
        "date-time" => {
            if s.len() < 20 {
                return Some("less than 20 characters long".into());
            }
            let b = s.as_bytes();
            if b[10] != b't' && b[10] != b'T' {
                return Some("11th character must be t or T".into());
            }
            if let (Some(date), Some(time)) = (s.get(..10), s.get(11..)) {
                if let Err(e) = go_parse_date(date) {
                    return Some(format!("invalid date element: {e}"));
                }
                if let Some(e) = time_error(time) {
                    return Some(format!("invalid time element: {e}"));
                }
                None
            } else {
                Some("invalid date element: not ASCII".into())
            }
        }
        "duration" => duration_error(s),
        "json-pointer" => {
            if s.is_empty() {
                return None;
            }
            if !s.starts_with('/') {
                return Some("not starting with /".into());
            }
            let b = s.as_bytes();
            for (i, &c) in b.iter().enumerate() {
                if c == b'~' && !matches!(b.get(i + 1), Some(b'0' | b'1')) {
                    return Some("~ must be followed by 0 or 1".into());
                }
            }
            None
        }
        _ => None,
    }
}

/// `validateEmail`.
fn email_error(s: &str) -> Option<String> {
    if s.len() > 254 {
        return Some("more than 255 characters long".into());
    }
    let Some(at) = s.rfind('@') else {
        return Some("missing @".into());
    };
    let (local, domain) = (&s[..at], &s[at + 1..]);
    if local.len() > 64 {
        return Some("local part more than 64 characters long".into());
    }
    if local.len() > 1 && local.starts_with('"') {
        let inner = &local[1..local.len() - 1];
        if inner.contains('\\') || inner.contains('"') {
            return Some("backslash and quote are not allowed within quoted local part".into());
        }
    } else {
        if local.starts_with('.') {
            return Some("starts with dot".into());
        }
        if local.ends_with('.') {
            return Some("ends with dot".into());
        }
        if local.contains("..") {
            return Some("consecutive dots".into());
        }
        if let Some(c) = local
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || ".!#$%&'*+-/=?^_`{|}~".contains(*c)))
        {
            return Some(format!("invalid character {}", go_quote_rune(c)));
        }
    }
    if let Some(inner) = domain.strip_prefix('[').and_then(|d| d.strip_suffix(']')) {
        if let Some(v6) = inner.strip_prefix("IPv6:") {
            return check_format("ipv6", &J::Str(v6.into()))
                .map(|e| format!("invalid ipv6 address: {e}"));
        }
        return check_format("ipv4", &J::Str(inner.into()))
            .map(|e| format!("invalid ipv4 address: {e}"));
    }
    check_format("hostname", &J::Str(domain.into())).map(|e| format!("invalid domain: {e}"))
}

/// `time.Parse("2006-01-02", s)`, with Go's errors.
pub(super) fn go_parse_date(s: &str) -> Result<(i64, u32, u32), String> {
    const LAYOUT: &str = "2006-01-02";
    let q = crate::go::quote;
    let cannot = |rest: &str, elem: &str| {
        format!(
            "parsing time {} as {}: cannot parse {} as {}",
            q(s),
            q(LAYOUT),
            q(rest),
            q(elem)
        )
    };
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    // 2006: four characters, an integer (a sign allowed).
    let year_text = s.get(..4).ok_or_else(|| cannot(s, "2006"))?;
    let unsigned = year_text.trim_start_matches(['-', '+']);
    if !digits(unsigned) || year_text.len() - unsigned.len() > 1 {
        return Err(cannot(s, "2006"));
    }
    let mut year: i64 = unsigned.parse().map_err(|_| cannot(s, "2006"))?;
    if year_text.starts_with('-') {
        year = -year;
    }
    let rest = &s[4..];
    let rest = rest.strip_prefix('-').ok_or_else(|| cannot(rest, "-"))?;
    // 01 and 02: exactly two digits.
    let two = |t: &str, elem: &str| -> Result<u32, String> {
        match t.get(..2) {
            Some(d) if digits(d) => d.parse().map_err(|_| cannot(t, elem)),
            _ => Err(cannot(t, elem)),
        }
    };
    let month = two(rest, "01")?;
    if !(1..=12).contains(&month) {
        return Err(format!("parsing time {}: month out of range", q(s)));
    }
    let rest = &rest[2..];
    let rest = rest.strip_prefix('-').ok_or_else(|| cannot(rest, "-"))?;
    let day = two(rest, "02")?;
    let rest = &rest[2..];
    if !rest.is_empty() {
        return Err(format!("parsing time {}: extra text: {}", q(s), q(rest)));
    }
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if day < 1 || day > days {
        return Err(format!("parsing time {}: day out of range", q(s)));
    }
    Ok((year, month, day))
}

/// `validateTime` (RFC 3339's full-time).
fn time_error(s: &str) -> Option<String> {
    let b = s.as_bytes();
    if b.len() < 9 {
        return Some("less than 9 characters long".into());
    }
    if b[2] != b':' || b[5] != b':' {
        return Some("missing colon in correct place".into());
    }
    let mut hms = Vec::new();
    for tok in s.get(..8)?.splitn(3, ':') {
        match super::values::atoi(tok) {
            Err(_) => return Some("invalid hour/min/sec".into()),
            Ok(i) if i < 0 => return Some("non-positive hour/min/sec".into()),
            Ok(i) => hms.push(i),
        }
    }
    let (mut h, mut m, sec) = (hms[0], hms[1], hms[2]);
    if h > 23 || m > 59 || sec > 60 {
        return Some("hour/min/sec out of range".into());
    }
    let mut rest = &s[8..];
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return Some("no digits in second fraction".into());
        }
        rest = &frac[n..];
    }
    if rest != "z" && rest != "Z" {
        if rest.len() != 6 {
            return Some("offset must be 6 characters long".into());
        }
        let sign = match rest.as_bytes()[0] {
            b'+' => -1,
            b'-' => 1,
            _ => return Some("offset must begin with plus/minus".into()),
        };
        let off = &rest[1..];
        if off.as_bytes()[2] != b':' {
            return Some("missing colon in offset in correct place".into());
        }
        let mut zhm = Vec::new();
        for tok in off.splitn(2, ':') {
            match super::values::atoi(tok) {
                Err(_) => return Some("invalid hour/min in offset".into()),
                Ok(i) if i < 0 => return Some("non-positive hour/min in offset".into()),
                Ok(i) => zhm.push(i),
            }
        }
        if zhm[0] > 23 || zhm[1] > 59 {
            return Some("hour/min in offset out of range".into());
        }
        let mut hm = h * 60 + m + sign * (zhm[0] * 60 + zhm[1]);
        if hm < 0 {
            hm += 24 * 60;
        }
        h = hm / 60;
        m = hm % 60;
    }
    if sec >= 60 && (h != 23 || m != 59) {
        return Some("invalid leap second".into());
    }
    None
}

/// `validateDuration` (ISO 8601).
fn duration_error(s: &str) -> Option<String> {
    let Some(s) = s.strip_prefix('P') else {
        return Some("must start with P".into());
    };
    if s.is_empty() {
        return Some("nothing after P".into());
    }
    if let Some(w) = s.strip_suffix('W') {
        if w.is_empty() {
            return Some("no number in week".into());
        }
        return (!w.bytes().all(|b| b.is_ascii_digit())).then(|| "invalid week".into());
    }
    const ALL: [&str; 2] = ["YMD", "HMS"];
    for (i, part) in s.split('T').enumerate() {
        if i != 0 && part.is_empty() {
            return Some("no time elements".into());
        }
        if i >= ALL.len() {
            return Some("more than one T".into());
        }
        let mut units = ALL[i];
        let mut rest = part;
        while !rest.is_empty() {
            let n = rest.bytes().take_while(u8::is_ascii_digit).count();
            if n == 0 {
                return Some("missing number".into());
            }
            rest = &rest[n..];
            let Some(unit) = rest.chars().next() else {
                return Some("missing unit".into());
            };
            match units.find(unit) {
                Some(j) => units = &units[j + 1..],
                None if ALL[i].contains(unit) => {
                    return Some(format!("unit {} out of order", go_quote_rune(unit)));
                }
                None => return Some(format!("invalid unit {}", go_quote_rune(unit))),
            }
            rest = &rest[unit.len_utf8()..];
        }
    }
    None
}

fn go_quote_rune(c: char) -> String {
    let q = crate::go::quote(&c.to_string());
    format!("'{}'", &q[1..q.len() - 1])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_x_text_prints_them() {
        for (f, want) in [
            (1000.0, "1,000"),
            (-5.0, "-5"),
            (123456.0, "123,456"),
            (1234567.5, "1.2345675×10⁰⁶"),
            (0.00001, "1×10⁻⁰⁵"),
            (-0.00012, "-0.00012"),
            (1e21, "1×10²¹"),
            (-12345678.0, "-1.2345678×10⁰⁷"),
            (0.3, "0.3"),
            (0.0, "0"),
        ] {
            assert_eq!(localized_float(f), want, "{f}");
        }
        assert!(is_multiple(0.3, 0.1));
        assert!(!is_multiple(0.35, 0.1));
        assert!(is_multiple(10.0, 2.5));
    }
}
