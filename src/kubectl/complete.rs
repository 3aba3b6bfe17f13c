//! Tab completion for the terminal (browser and `kubectl stsplay shell`): commands, kubectl
//! verbs, resource types, object names of the type being named, and common flags. It looks at
//! the words before the cursor, as kubectl's own `__complete` does, but knows only this
//! terminal's commands.

use super::resources::Res;
use super::session::Session;

const COMMANDS: &[&str] = &[
    "kubectl", "minikube", "curl", "sleep", "fault", "echo", "help", "clear", "date",
];
const VERBS: &[&str] = &[
    "get",
    "describe",
    "exec",
    "logs",
    "delete",
    "scale",
    "apply",
    "create",
    "patch",
    "set",
    "rollout",
    "wait",
    "port-forward",
    "run",
    "version",
    "cluster-info",
    "api-resources",
    "config",
];
const TYPES: &[&str] = &[
    "pods",
    "statefulsets",
    "services",
    "persistentvolumeclaims",
    "persistentvolumes",
    "endpoints",
    "endpointslices",
    "events",
    "controllerrevisions",
    "all",
    "po",
    "sts",
    "svc",
    "pvc",
    "pv",
    "ep",
];
const GET_FLAGS: &[&str] = &[
    "-o",
    "--output=",
    "-w",
    "--watch",
    "-l",
    "--selector=",
    "-A",
    "--all-namespaces",
    "-n",
    "--namespace=",
    "--show-labels",
    "-L",
    "--no-headers",
];

/// Completions of the word the cursor is in: where that word starts (a byte offset into
/// `line`) and the candidates, sorted, each a full replacement for `line[start..cursor]`.
pub fn complete(s: &Session, line: &str, cursor: usize) -> (usize, Vec<String>) {
    let cursor = floor_char_boundary(line, cursor.min(line.len()));
    let before = &line[..cursor];
    // The word being typed starts after the last space (or `/` in TYPE/NAME, `=`, `,`).
    let word_start = before.rfind([' ', '\t']).map_or(0, |i| i + 1);
    let words: Vec<&str> = before[..word_start].split_whitespace().collect();
    let current = &before[word_start..];
    // After `|` or `;` a new command starts.
    let from = words
        .iter()
        .rposition(|w| *w == "|" || *w == ";")
        .map_or(0, |i| i + 1);
    let words = &words[from..];
    let (start, prefix, candidates) = candidates(s, words, current);
    let mut hits: Vec<String> = candidates
        .into_iter()
        .filter(|c| c.starts_with(prefix) && c != prefix)
        .collect();
    crate::sort::sort(&mut hits);
    hits.dedup();
    (word_start + start, hits)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// (offset of the completed part inside `current`, that part, the candidates).
fn candidates<'a>(s: &Session, words: &[&str], current: &'a str) -> (usize, &'a str, Vec<String>) {
    let all = |xs: &[&str]| xs.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let Some(&first) = words.first() else {
        return (0, current, all(COMMANDS));
    };
    if first != "kubectl" && first != "k" {
        return match first {
            "minikube" if words.len() == 1 => (0, current, vec!["service".into()]),
            "minikube" => (0, current, names(s, Res::Service)),
            "fault" if words.len() == 1 => {
                let mut v = names(s, Res::Pod);
                v.push("image".into());
                (0, current, v)
            }
            "fault" => (
                0,
                current,
                all(&[
                    "ready=never",
                    "ready=ok",
                    "live=fail",
                    "live=ok",
                    "crash",
                    "schedule=never",
                    "schedule=ok",
                    "phase=Failed",
                ]),
            ),
            _ => (0, current, Vec::new()),
        };
    }
    let args = &words[1..];
    let Some(&verb) = args.first() else {
        return (0, current, all(VERBS));
    };
    // `TYPE/NAME`: complete the name after the slash.
    if let Some((ty, _)) = current.split_once('/') {
        let start = ty.len() + 1;
        let names = Res::parse(ty).map(|r| names(s, r)).unwrap_or_default();
        return (start, &current[start..], names);
    }
    if current.starts_with('-') {
        let flags: &[&str] = match verb {
            "get" => GET_FLAGS,
            "scale" => &["--replicas="],
            "delete" => &[
                "--cascade=orphan",
                "--wait=false",
                "--grace-period=",
                "--now",
                "-l",
            ],
            "exec" => &["-c", "--container=", "-it", "--"],
            "logs" => &["-c", "--container=", "--previous", "--tail="],
            "wait" => &["--for=condition=Ready", "--for=delete", "--timeout="],
            "rollout" => &["--timeout=", "--watch=false", "--to-revision="],
            "apply" | "create" => &["-f"],
            "patch" => &["-p", "--type=merge", "--type=json", "--type=strategic"],
            _ => &["-n", "--namespace="],
        };
        return (0, current, all(flags));
    }
    let rest = &args[1..];
    let positional: Vec<&str> = rest
        .iter()
        .copied()
        .filter(|w| !w.starts_with('-'))
        .collect();
    match verb {
        "get" | "describe" | "delete" | "edit" => match positional.first() {
            None => {
                let mut v = all(TYPES);
                v.push("po,sts,svc,pvc".into());
                (0, current, v)
            }
            Some(ty) => (
                0,
                current,
                names(
                    s,
                    Res::parse(ty.split(',').next().unwrap_or("")).unwrap_or(Res::Pod),
                ),
            ),
        },
        "exec" | "logs" | "port-forward" => {
            if rest.contains(&"--") {
                (
                    0,
                    current,
                    all(&[
                        "cat", "ls", "hostname", "nslookup", "env", "sh", "curl", "wget",
                    ]),
                )
            } else if positional.is_empty() {
                (0, current, names(s, Res::Pod))
            } else {
                (0, current, all(&["--"]))
            }
        }
        "scale" => match positional.first() {
            None => (0, current, all(&["sts", "statefulset", "--replicas="])),
            Some(_) => (0, current, names(s, Res::StatefulSet)),
        },
        "rollout" => match positional.first() {
            None => (
                0,
                current,
                all(&["status", "history", "restart", "undo", "pause", "resume"]),
            ),
            Some(_) => (
                0,
                current,
                names(s, Res::StatefulSet)
                    .into_iter()
                    .map(|n| format!("sts/{n}"))
                    .collect(),
            ),
        },
        "set" => match positional.first() {
            None => (0, current, all(&["image"])),
            Some(_) => (
                0,
                current,
                names(s, Res::StatefulSet)
                    .into_iter()
                    .map(|n| format!("sts/{n}"))
                    .collect(),
            ),
        },
        "patch" => match positional.first() {
            None => (0, current, all(&["sts", "statefulset", "svc", "pod"])),
            Some(ty) => (
                0,
                current,
                names(s, Res::parse(ty).unwrap_or(Res::StatefulSet)),
            ),
        },
        "wait" => (
            0,
            current,
            names(s, Res::Pod)
                .into_iter()
                .map(|n| format!("pod/{n}"))
                .collect(),
        ),
        "apply" | "create" => (0, current, s.files.keys().cloned().collect()),
        _ => (0, current, Vec::new()),
    }
}

/// Names of the objects of type `r` in the session's namespace.
fn names(s: &Session, r: Res) -> Vec<String> {
    super::resources::names(&s.sim.world, r, Some(&s.namespace))
        .into_iter()
        .map(|(_, n)| n)
        .collect()
}
