//! ControllerRevision names (`pkg/controller/statefulset/stateful_set_utils.go` `newRevision`, `stateful_set_control.go` `getStatefulSetRevisions`): the hash of the patch that holds only
//! `spec.template` (`getPatch`), FNV-1 32 (`HashControllerRevision`), encoded with
//! `rand.SafeEncodeString`, prefixed by the StatefulSet name (`ControllerRevisionName`).

use crate::yaml::Node;

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

/// The JSON the controller hashes: `{"spec":{"template":{...,"$patch":"replace"}}}` with keys
/// sorted (Go marshals maps sorted), including the fields Go always writes for a template.
pub fn patch_json(template: &Node) -> String {
    let mut t = template.to_json();
    if let Some(obj) = t.as_object_mut() {
        let meta = obj
            .entry("metadata")
            .or_insert_with(|| serde_json::json!({}));
        if let Some(m) = meta.as_object_mut() {
            m.entry("creationTimestamp")
                .or_insert(serde_json::Value::Null);
        }
        if let Some(cs) = obj
            .get_mut("spec")
            .and_then(|s| s.get_mut("containers"))
            .and_then(|c| c.as_array_mut())
        {
            for c in cs.iter_mut().filter_map(|c| c.as_object_mut()) {
                c.entry("resources")
                    .or_insert_with(|| serde_json::json!({}));
            }
        }
        obj.insert("$patch".into(), serde_json::Value::String("replace".into()));
    }
    serde_json::json!({ "spec": { "template": t } }).to_string()
}

/// The revision hash of a template (with the collision count appended when non-zero).
pub fn hash(template: &Node, collision_count: i64) -> String {
    hash_from(patch_fnv(template), collision_count)
}

/// The FNV-1 state after the template's patch JSON, from which `hash_from` finishes the hash
/// for any collision count (so a caller can keep it while the template stays the same).
pub fn patch_fnv(template: &Node) -> u32 {
    fnv1_32(patch_json(template).as_bytes())
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
