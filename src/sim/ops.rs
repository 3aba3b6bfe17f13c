//! Operations on the simulated cluster, in the forms of the `simulate` contract
//! (`static/docs/cli.md`): steps (`scale N`, `image C=IMG`, `patch JSON`, `apply PATH`,
//! `delete pod|pvc NAME`, `delete sts [--cascade=background|orphan]`, `fault ...`,
//! `advance SECONDS`) and faults (`POD ready=never|fail|ok`, `POD phase=Failed|Succeeded`,
//! `POD schedule=never`, `image IMAGE ready=never`). Extensions, same grammar: `POD live=fail|ok`
//! (liveness), `POD crash` (the main container exits once with code 1), `POD schedule=ok`,
//! `POD pull=fail|ok` and `image IMAGE pull=fail|ok` (pulls of the image fail as an unknown
//! manifest, or work again; see `image.rs` for the images that never pull).

use super::cluster::{Fault, FaultKind};
use super::world::Phase;

/// A step of a simulation.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    Scale(i64),
    Image {
        container: String,
        image: String,
    },
    /// A JSON merge patch for the StatefulSet.
    Patch(serde_json::Value),
    /// Replace the StatefulSet with the one in this text (the CLI reads PATH).
    Apply {
        name: String,
        text: String,
    },
    DeletePod(String),
    DeletePvc(String),
    DeleteSts {
        orphan: bool,
    },
    Fault(Fault),
    Advance(u64),
}

fn usage(s: &str) -> String {
    format!(
        "unknown step \"{s}\": use scale N, image CONTAINER=IMAGE, patch JSON, apply PATH, delete pod|pvc NAME, delete sts [--cascade=background|orphan], fault ..., advance SECONDS"
    )
}

/// Parses one step. `apply PATH` comes back with an empty `text` for the caller to fill.
pub fn parse_step(s: &str) -> Result<Step, String> {
    let s = s.trim();
    let (verb, rest) = s.split_once(char::is_whitespace).unwrap_or((s, ""));
    let rest = rest.trim();
    match verb {
        "scale" => rest
            .trim_start_matches("--replicas=")
            .parse::<i64>()
            .map(Step::Scale)
            .map_err(|_| format!("scale needs a whole number of replicas, not \"{rest}\"")),
        "image" => {
            let (c, i) = rest
                .split_once('=')
                .ok_or_else(|| "image needs CONTAINER=IMAGE".to_string())?;
            if c.trim().is_empty() || i.trim().is_empty() {
                return Err("image needs CONTAINER=IMAGE".into());
            }
            Ok(Step::Image {
                container: c.trim().into(),
                image: i.trim().into(),
            })
        }
        "patch" => {
            let v: serde_json::Value = serde_json::from_str(rest)
                .map_err(|e| format!("patch needs a JSON merge patch: {e}"))?;
            if !v.is_object() {
                return Err("patch needs a JSON object, e.g. {\"spec\":{\"replicas\":3}}".into());
            }
            Ok(Step::Patch(v))
        }
        "apply" => {
            if rest.is_empty() {
                return Err("apply needs a file: apply PATH".into());
            }
            Ok(Step::Apply {
                name: rest.into(),
                text: String::new(),
            })
        }
        "delete" => {
            let (what, arg) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
            let arg = arg.trim();
            match what {
                "pod" | "po" | "pods" if !arg.is_empty() => Ok(Step::DeletePod(arg.into())),
                "pvc" | "persistentvolumeclaim" if !arg.is_empty() => {
                    Ok(Step::DeletePvc(arg.into()))
                }
                "sts" | "statefulset" => {
                    let orphan = arg.split_whitespace().any(|a| a == "--cascade=orphan");
                    if let Some(bad) = arg.split_whitespace().find(|a| {
                        a.starts_with("--cascade=")
                            && !matches!(*a, "--cascade=orphan" | "--cascade=background")
                    }) {
                        return Err(format!(
                            "delete sts: unsupported {bad} (use background or orphan)"
                        ));
                    }
                    Ok(Step::DeleteSts { orphan })
                }
                _ => Err(format!(
                    "delete needs pod NAME, pvc NAME or sts, not \"{rest}\""
                )),
            }
        }
        "fault" => parse_fault(rest).map(Step::Fault),
        "advance" => crate::yaml::parse_float(rest.trim_end_matches('s'))
            .filter(|v| v.is_finite() && *v >= 0.0 && *v <= 365.0 * 86400.0)
            .map(|v| Step::Advance((v * 1000.0) as u64))
            .ok_or_else(|| format!("advance needs seconds (0 to one year), not \"{rest}\"")),
        _ => Err(usage(s)),
    }
}

/// Parses a fault (without the word `fault`).
pub fn parse_fault(s: &str) -> Result<Fault, String> {
    let words: Vec<&str> = s.split_whitespace().collect();
    let bad = || {
        format!(
            "unknown fault \"{s}\": use POD ready=never|fail|ok, POD phase=Failed|Succeeded, POD schedule=never, image IMAGE ready=never, POD live=fail|ok, POD crash, POD pull=fail|ok, image IMAGE pull=fail|ok"
        )
    };
    let (pods, image, what) = match words.as_slice() {
        ["image", img, what] => (None, Some(img.to_string()), *what),
        [pod, what] => (Some(pod.to_string()), None, *what),
        _ => return Err(bad()),
    };
    let kind = match (what, image.is_some()) {
        ("ready=never" | "ready=fail", _) => FaultKind::NotReady,
        ("ready=ok", _) => FaultKind::Ready,
        ("live=fail" | "live=never", _) => FaultKind::NotLive,
        ("live=ok", _) => FaultKind::Live,
        ("phase=Failed", false) => FaultKind::Phase(Phase::Failed),
        ("phase=Succeeded", false) => FaultKind::Phase(Phase::Succeeded),
        ("schedule=never", false) => FaultKind::Unschedulable,
        ("schedule=ok", false) => FaultKind::Schedulable,
        ("crash", false) => FaultKind::Crash,
        ("pull=fail", _) => FaultKind::PullFail,
        ("pull=ok", _) => FaultKind::PullOk,
        _ => return Err(bad()),
    };
    Ok(Fault {
        pods,
        image,
        kind,
        fired: Default::default(),
    })
}

/// JSON merge patch (RFC 7386).
pub fn merge_patch(target: &mut serde_json::Value, patch: &serde_json::Value) {
    match (target, patch) {
        (serde_json::Value::Object(t), serde_json::Value::Object(p)) => {
            for (k, v) in p {
                if v.is_null() {
                    t.remove(k);
                } else {
                    merge_patch(t.entry(k.clone()).or_insert(serde_json::Value::Null), v);
                }
            }
        }
        (t, p) => {
            let mut p = p.clone();
            if let serde_json::Value::Object(m) = &mut p {
                m.retain(|_, v| !v.is_null());
            }
            *t = p;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_parse() {
        assert_eq!(parse_step("scale 3"), Ok(Step::Scale(3)));
        assert_eq!(
            parse_step("image nginx=nginx:1.27"),
            Ok(Step::Image {
                container: "nginx".into(),
                image: "nginx:1.27".into()
            })
        );
        assert_eq!(
            parse_step("delete sts --cascade=orphan"),
            Ok(Step::DeleteSts { orphan: true })
        );
        assert_eq!(parse_step("advance 30"), Ok(Step::Advance(30_000)));
        assert!(parse_step("scale lots").is_err());
        assert!(parse_step("explode").is_err());
        let f = parse_fault("web-* ready=never").expect("fault");
        assert_eq!(
            (f.pods.as_deref(), f.kind),
            (Some("web-*"), FaultKind::NotReady)
        );
        let f = parse_fault("image nginx:1.27 pull=fail").expect("fault");
        assert_eq!(
            (f.image.as_deref(), f.kind),
            (Some("nginx:1.27"), FaultKind::PullFail)
        );
        assert_eq!(
            parse_fault("web-2 pull=ok").map(|f| f.kind),
            Ok(FaultKind::PullOk)
        );
        assert!(parse_fault("web-2 pull=maybe").is_err());
    }

    #[test]
    fn merge_patch_follows_rfc7386() {
        let mut t = serde_json::json!({"a": 1, "b": {"c": 2, "d": 3}});
        merge_patch(&mut t, &serde_json::json!({"a": null, "b": {"c": 4}}));
        assert_eq!(t, serde_json::json!({"b": {"c": 4, "d": 3}}));
    }
}
