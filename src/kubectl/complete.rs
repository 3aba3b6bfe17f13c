//! Tab completion for the terminal (browser and `kubectl stsplay shell`): commands, verbs and
//! subcommands, flags and their values, resource types, object names of the type being named
//! and files. It looks at the words before the cursor, as kubectl's own `__complete` does,
//! and reads everything it offers from the command and verb tables.

use super::registry::{Complete, Flag, FlagKind, Verb};
use super::resources::{RESOURCES, Res};
use super::session::Session;
use super::terminal::{COMMANDS, Kind};

/// Completions of the word the cursor is in: where that word starts (a byte offset into
/// `line`) and the candidates, sorted, each a full replacement for `line[start..cursor]`.
pub fn complete(s: &Session, line: &str, cursor: usize) -> (usize, Vec<String>) {
    let cursor = floor_char_boundary(line, cursor.min(line.len()));
    let before = &line[..cursor];
    // The word being typed starts after the last blank.
    let word_start = before.rfind([' ', '\t']).map_or(0, |i| i + 1);
    let words: Vec<&str> = before[..word_start].split_whitespace().collect();
    let current = &before[word_start..];
    // After `|`, `;`, `&&`, `||` or `&` a new command starts.
    let from = words
        .iter()
        .rposition(|w| matches!(*w, "|" | ";" | "&&" | "||" | "&"))
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
    let Some(&first) = words.first() else {
        let names = COMMANDS
            .iter()
            .flat_map(|c| std::iter::once(c.name).chain(c.aliases.iter().copied()))
            .filter(|n| n.len() > 1)
            .map(str::to_string)
            .collect();
        return (0, current, names);
    };
    let Some(cmd) = super::terminal::lookup(first) else {
        return (0, current, Vec::new());
    };
    let args = &words[1..];
    let (complete, positional, after_dashes): (Complete, Vec<&str>, bool) = match &cmd.kind {
        Kind::Program(p) => {
            let p = p(s);
            let Some(&word) = args.first() else {
                return (
                    0,
                    current,
                    p.verbs.iter().map(|v| v.name.to_string()).collect(),
                );
            };
            let Some(mut verb) = find(p.verbs, word) else {
                return (0, current, Vec::new());
            };
            let mut rest: Vec<&str> = args[1..].to_vec();
            if !verb.subs.is_empty()
                && let Some(sub) = rest.first().and_then(|w| find(verb.subs, w))
            {
                verb = sub;
                rest.remove(0);
            }
            let dashes = rest.contains(&"--");
            let positional: Vec<&str> = rest
                .iter()
                .take_while(|w| **w != "--")
                .copied()
                .filter(|w| !w.starts_with('-'))
                .collect();
            if current.starts_with('-') && !dashes {
                let flags = verb.flags.iter().chain(p.globals.iter().take(1));
                return (0, current, flags.flat_map(flag_forms).collect());
            }
            if !verb.subs.is_empty() {
                let subs = verb.subs.iter().map(|v| v.name.to_string()).collect();
                return (
                    0,
                    current,
                    if positional.is_empty() {
                        subs
                    } else {
                        Vec::new()
                    },
                );
            }
            (verb.complete, positional, dashes)
        }
        Kind::Simple(_) => (cmd.complete, args.to_vec(), false),
        _ => return (0, current, Vec::new()),
    };
    // `TYPE/NAME`: complete the name after the slash.
    if let Some((ty, _)) = current.split_once('/') {
        let start = ty.len() + 1;
        let names = Res::parse(ty).map(|r| names(s, r)).unwrap_or_default();
        return (start, &current[start..], names);
    }
    let all = |xs: &[&str]| xs.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let list = match complete {
        Complete::Nothing => Vec::new(),
        Complete::TypeThenNames => match positional.first() {
            None => {
                let mut v: Vec<String> = RESOURCES
                    .iter()
                    .flat_map(|r| std::iter::once(r.plural).chain(r.short_names.iter().copied()))
                    .map(str::to_string)
                    .collect();
                v.push("all".into());
                v.push("po,sts,svc,pvc".into());
                v
            }
            Some(ty) => names(
                s,
                Res::parse(ty.split(',').next().unwrap_or("")).unwrap_or(Res::Pod),
            ),
        },
        Complete::Pod if after_dashes => all(&[
            "cat", "ls", "hostname", "nslookup", "env", "sh", "curl", "wget",
        ]),
        Complete::Pod if positional.is_empty() => names(s, Res::Pod),
        Complete::Pod => all(&["--"]),
        Complete::PodRef => prefixed(s, Res::Pod, "pod/"),
        Complete::StatefulSet => match positional.first() {
            None => all(&["sts", "statefulset"]),
            Some(_) => names(s, Res::StatefulSet),
        },
        Complete::StatefulSetRef => prefixed(s, Res::StatefulSet, "sts/"),
        Complete::Service => names(s, Res::Service),
        Complete::File => {
            // Relative to the working directory.
            let prefix = if s.cwd.is_empty() {
                String::new()
            } else {
                format!("{}/", s.cwd)
            };
            s.files
                .keys()
                .filter_map(|k| k.strip_prefix(&prefix).map(str::to_string))
                .collect()
        }
        Complete::Words(ws) if positional.is_empty() => all(ws),
        Complete::Words(_) => Vec::new(),
        Complete::Fault if positional.is_empty() => {
            let mut v = names(s, Res::Pod);
            v.push("image".into());
            v
        }
        Complete::Fault => all(FAULTS),
    };
    (0, current, list)
}

/// What a fault sets (`fault POD ready=never`).
const FAULTS: &[&str] = &[
    "ready=never",
    "ready=ok",
    "live=fail",
    "live=ok",
    "crash",
    "schedule=never",
    "schedule=ok",
    "phase=Failed",
];

/// The verb or subcommand `word` names.
fn find<'v>(verbs: &'v [Verb], word: &str) -> Option<&'v Verb> {
    verbs
        .iter()
        .find(|v| v.name == word || v.aliases.contains(&word))
}

/// How completion offers a flag: `-c`, `--container=`, `--watch`, `--cascade=orphan`.
fn flag_forms(f: &Flag) -> Vec<String> {
    let mut v = Vec::new();
    if let Some(c) = f.short {
        v.push(format!("-{c}"));
    }
    if !f.values.is_empty() {
        v.extend(f.values.iter().map(|x| format!("--{}={x}", f.long)));
    } else if f.kind == FlagKind::Bool {
        v.push(format!("--{}", f.long));
    } else {
        v.push(format!("--{}=", f.long));
    }
    v
}

/// `pod/NAME` or `sts/NAME` for every object of type `r`.
fn prefixed(s: &Session, r: Res, prefix: &str) -> Vec<String> {
    names(s, r)
        .into_iter()
        .map(|n| format!("{prefix}{n}"))
        .collect()
}

/// Names of the objects of type `r` in the session's namespace.
fn names(s: &Session, r: Res) -> Vec<String> {
    super::resources::names(&s.sim.world, r, Some(&s.namespace))
        .into_iter()
        .map(|(_, n)| n)
        .collect()
}
