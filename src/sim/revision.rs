//! ControllerRevision names (`pkg/controller/statefulset/stateful_set_utils.go` `newRevision`, `stateful_set_control.go` `getStatefulSetRevisions`): the hash of the patch that holds only
//! `spec.template` (`getPatch`), FNV-1 32 (`HashControllerRevision`), encoded with
//! `rand.SafeEncodeString`, prefixed by the StatefulSet name (`ControllerRevisionName`).

use crate::schema::{self, Ty};
use crate::version::Profile;
use crate::yaml::{Node, Value};

const SAFE: &[u8; 27] = b"bcdfghjklmnpqrstvwxz2456789";

/// `rand.SafeEncodeString`: each byte of `s` picks a character of `SAFE`.
pub fn safe_encode(s: &str) -> String {
    s.bytes()
        .map(|b| SAFE[(b as usize) % SAFE.len()] as char)
        .collect()
}

/// FNV-1 (not 1a), 32 bits, as Go's `hash/fnv.New32`.
pub fn fnv1_32(data: &[u8]) -> u32 {
    fnv1_32_from(0x811c_9dc5, data)
}

/// FNV-1 continued from state `h` over `data` (the hash is a stream).
fn fnv1_32_from(mut h: u32, data: &[u8]) -> u32 {
    for b in data {
        h = h.wrapping_mul(0x0100_0193);
        h ^= u32::from(*b);
    }
    h
}

/// The patch the controller hashes and stores (`getPatch`), as bytes: the set as the API
/// encodes it (`runtime.Encode`), read back into a `map[string]interface{}` and written again by
/// `encoding/json`'s `Marshal`: `{"spec":{"template":{"$patch":"replace",...}}}`. So keys are
/// sorted, numbers are `float64`s, `<`, `>` and `&` are escaped (`\u003c`...), and the
/// template holds what Go's typed encoding always writes (`resources: {}` in every container;
/// up to 1.33 `metadata.creationTimestamp: null`) and not what it leaves out.
pub fn patch_json(template: &Node, profile: &Profile) -> String {
    let mut out = Vec::new();
    patch(&mut out, template, profile);
    String::from_utf8_lossy(&out).into_owned()
}

/// An object as the API server writes it: Go's typed encoding of the clean tree `node` as the
/// struct `kind` (`StatefulSet`...), with what that encoding leaves out or always writes (the
/// same encoder as the patch, integers exact).
pub fn stored_json(node: &Node, kind: &str, profile: &Profile) -> String {
    let mut out = Vec::new();
    typed(&mut out, node, kind, &[], Go::new(profile, false));
    String::from_utf8_lossy(&out).into_owned()
}

/// Where the patch's bytes go: a buffer, or straight into the hash.
trait Sink {
    fn put(&mut self, bytes: &[u8]);
}
impl Sink for Vec<u8> {
    fn put(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
}
struct Fnv(u32);
impl Sink for Fnv {
    fn put(&mut self, bytes: &[u8]) {
        self.0 = fnv1_32_from(self.0, bytes);
    }
}

fn patch(out: &mut impl Sink, template: &Node, profile: &Profile) {
    out.put(br#"{"spec":{"template":"#);
    let go = Go::new(profile, true);
    typed(
        out,
        template,
        "PodTemplateSpec",
        &[("$patch", r#""replace""#)],
        go,
    );
    out.put(b"}}");
}

/// `node` as Go's typed encoding of struct `kind` writes it, with `extra` fields where it has
/// none.
fn typed(out: &mut impl Sink, node: &Node, kind: &str, extra: &[(&str, &str)], go: Go) {
    let shape = schema::find_struct(kind).map(Shape::Struct);
    object(out, node, shape, extra, go);
}

/// How this version's Go types encode.
#[derive(Clone, Copy)]
struct Go {
    /// A zero `creationTimestamp` is written as `null` (before 1.34).
    null_time: bool,
    /// Every number went through a `float64` (read back into an `interface{}`, as `getPatch`
    /// does): integers above 2^53 are rounded.
    float64: bool,
}

impl Go {
    fn new(profile: &Profile, float64: bool) -> Go {
        Go {
            null_time: profile.null_creation_timestamp,
            float64,
        }
    }
}

/// What the schema says a node is, when it knows.
#[derive(Clone, Copy)]
enum Shape {
    Struct(&'static schema::Struct),
    Of(&'static Ty),
}

impl Shape {
    fn of(ty: Option<&'static Ty>) -> Option<Shape> {
        match ty? {
            Ty::Struct(i) => schema::STRUCTS.get(*i).map(Shape::Struct),
            ty => Some(Shape::Of(ty)),
        }
    }
}

/// A value as `encoding/json` writes what `json.Unmarshal` read into an `interface{}` from the
/// typed encoding of the struct.
fn value(out: &mut impl Sink, v: &Node, shape: Option<Shape>, go: Go) {
    match &v.value {
        Value::Null => out.put(b"null"),
        Value::Bool(b) => out.put(if *b { b"true" } else { b"false" }),
        Value::Int(i) if !go.float64 || i.unsigned_abs() < 1 << 53 => {
            out.put(i.to_string().as_bytes())
        }
        Value::Int(i) => out.put(crate::yaml::format_float(*i as f64).as_bytes()),
        // JSON has no NaN or infinity (the API server never receives them).
        Value::Float(f) if !f.is_finite() => out.put(b"null"),
        Value::Float(f) => out.put(crate::yaml::format_float(*f).as_bytes()),
        Value::Str(s) => string(out, s),
        Value::Seq(items) => {
            let item = match shape {
                Some(Shape::Of(Ty::Seq(item))) => Shape::of(Some(item)),
                _ => None,
            };
            out.put(b"[");
            for (i, n) in items.iter().enumerate() {
                if i > 0 {
                    out.put(b",");
                }
                value(out, n, item, go);
            }
            out.put(b"]");
        }
        Value::Map(_) => object(out, v, shape, &[], go),
    }
}

/// The struct fields Go's typed encoding writes even when the object has none, with the JSON
/// it writes for them: struct values (not pointers) whose zero value is not left out.
fn always_written(def: &schema::Struct, go: Go) -> &'static [(&'static str, &'static str)] {
    match def.name {
        "PodTemplateSpec" if go.null_time => &[
            ("metadata", r#"{"creationTimestamp":null}"#),
            ("spec", r#"{"containers":null}"#),
        ],
        "PodTemplateSpec" => &[("metadata", "{}"), ("spec", r#"{"containers":null}"#)],
        "ObjectMeta" if go.null_time => &[("creationTimestamp", "null")],
        "PodSpec" => &[("containers", "null")],
        "Container" | "EphemeralContainer" => &[("resources", "{}")],
        "ResourceFieldSelector" => &[("divisor", r#""0""#)],
        _ => &[],
    }
}

/// An object: its keys sorted bytewise (a clean tree has no repeated keys: the schema check
/// keeps the last, as decoding does), without the empty lists and maps the typed encoding
/// leaves out, with the fields it always writes (and `extra`) where the node has none. A node that is not a mapping (a null the
/// typed encoding would write as a zero struct) is written as those fields alone.
fn object(out: &mut impl Sink, node: &Node, shape: Option<Shape>, extra: &[(&str, &str)], go: Go) {
    let def = match shape {
        Some(Shape::Struct(def)) => Some(def),
        _ => None,
    };
    let added = def.map_or(&[][..], |d| always_written(d, go));
    let field = |key: &str| match shape {
        Some(Shape::Struct(def)) => Shape::of(def.field(key)),
        Some(Shape::Of(Ty::Map(v))) => Shape::of(Some(v)),
        _ => None,
    };
    let entries = node.as_map().unwrap_or(&[]);
    let mut keys: Vec<(&str, Result<&Node, &str>)> =
        Vec::with_capacity(entries.len() + added.len() + extra.len());
    for e in entries {
        if !def.is_some_and(|d| schema::omitted_when_empty(d, &e.key, &e.value.value)) {
            keys.push((&e.key, Ok(&e.value)));
        }
    }
    for (k, json) in added.iter().chain(extra) {
        if !keys.iter().any(|(key, _)| key == k) {
            keys.push((k, Err(json)));
        }
    }
    keys.sort_unstable_by(|a, b| a.0.cmp(b.0));
    out.put(b"{");
    for (i, (k, v)) in keys.into_iter().enumerate() {
        if i > 0 {
            out.put(b",");
        }
        string(out, k);
        out.put(b":");
        match v {
            Ok(v) => value(out, v, field(k), go),
            Err(json) => out.put(json.as_bytes()),
        }
    }
    out.put(b"}");
}

/// A string as `encoding/json` writes it (`go::json_string`, HTML escaped).
fn string(out: &mut impl Sink, s: &str) {
    crate::go::json_string(s, true, |b| out.put(b));
}

/// The revision hash of a template (with the collision count appended when non-zero).
pub fn hash(template: &Node, collision_count: i64, profile: &Profile) -> String {
    hash_from(patch_fnv(template, profile), collision_count)
}

/// The FNV-1 state after the template's patch JSON, from which `hash_from` finishes the hash
/// for any collision count (so a caller can keep it while the template stays the same).
pub fn patch_fnv(template: &Node, profile: &Profile) -> u32 {
    let mut h = Fnv(0x811c_9dc5);
    patch(&mut h, template, profile);
    h.0
}

/// `hash` from the state `patch_fnv` returned.
pub fn hash_from(patch_fnv: u32, collision_count: i64) -> String {
    let mut h = patch_fnv;
    if collision_count > 0 {
        h = fnv1_32_from(h, collision_count.to_string().as_bytes());
    }
    safe_encode(&h.to_string())
}

/// `ControllerRevisionName`: `<prefix>-<hash>`, the prefix cut above 223 bytes. Go cuts bytes,
/// so a name that is not ASCII (invalid, but simulated all the same) may lose half a
/// character: it becomes U+FFFD here, as a terminal shows Go's broken byte.
pub fn name(set: &str, hash: &str) -> String {
    match set.as_bytes().get(..223) {
        Some(cut) if set.len() > 223 => {
            format!("{}-{hash}", String::from_utf8_lossy(cut))
        }
        _ => format!("{set}-{hash}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_matches_apimachinery() {
        // '0' → 48 % 27 = 21 → '4', '9' → 57 % 27 = 3 → 'f'.
        assert_eq!(safe_encode("0123456789"), "456789bcdf");
        assert_eq!(fnv1_32(b""), 0x811c_9dc5);
        assert_eq!(fnv1_32(b"a"), 0x050c_5d7e);
    }
}
