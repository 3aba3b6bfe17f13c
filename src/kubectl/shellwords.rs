//! The little shell around the kubectl terminal: splitting a line into words the way a POSIX
//! shell does (quotes, backslashes), pipes into `grep`/`head`/`tail`/`wc`, and parsing flags
//! the way kubectl's pflag does (`--name=value`, `--name value`, `-n value`, `-it`), with
//! kubectl's error messages for unknown flags.

use std::collections::BTreeMap;

/// A word, and whether it was quoted (quoted words are never `|`).
#[derive(Clone, Debug, PartialEq)]
pub struct Word {
    pub text: String,
    pub quoted: bool,
    /// Some part was in single quotes: no `$(...)` substitution (as in a shell).
    pub literal: bool,
}

/// Splits `line` into words. `$(...)` is kept as one word for the caller to substitute.
pub fn split(line: &str) -> Result<Vec<Word>, String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut literal = false;
    let mut in_word = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                quoted = true;
                literal = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(x) => cur.push(x),
                        None => {
                            return Err(
                                "bash: unexpected EOF while looking for matching `''".into()
                            );
                        }
                    }
                }
            }
            '"' => {
                in_word = true;
                quoted = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(x @ ('"' | '\\' | '$' | '`')) => cur.push(x),
                            Some(x) => {
                                cur.push('\\');
                                cur.push(x);
                            }
                            None => {
                                return Err(
                                    "bash: unexpected EOF while looking for matching `\"'".into()
                                );
                            }
                        },
                        Some(x) => cur.push(x),
                        None => {
                            return Err(
                                "bash: unexpected EOF while looking for matching `\"'".into()
                            );
                        }
                    }
                }
            }
            '\\' => {
                in_word = true;
                if let Some(x) = chars.next() {
                    cur.push(x);
                }
            }
            '$' if chars.peek() == Some(&'(') => {
                in_word = true;
                cur.push('$');
                let mut depth = 0;
                for x in chars.by_ref() {
                    cur.push(x);
                    match x {
                        '(' => depth += 1,
                        ')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                if depth != 0 {
                    return Err("bash: unexpected EOF while looking for matching `)'".into());
                }
            }
            '|' | ';' if !in_word || cur.is_empty() => {
                if in_word {
                    words.push(Word {
                        text: std::mem::take(&mut cur),
                        quoted,
                        literal,
                    });
                }
                words.push(Word {
                    text: c.to_string(),
                    quoted: false,
                    literal: false,
                });
                in_word = false;
                quoted = false;
                literal = false;
            }
            '|' | ';' => {
                words.push(Word {
                    text: std::mem::take(&mut cur),
                    quoted,
                    literal,
                });
                words.push(Word {
                    text: c.to_string(),
                    quoted: false,
                    literal: false,
                });
                in_word = false;
                quoted = false;
                literal = false;
            }
            c if c.is_whitespace() => {
                if in_word {
                    words.push(Word {
                        text: std::mem::take(&mut cur),
                        quoted,
                        literal,
                    });
                    in_word = false;
                    quoted = false;
                    literal = false;
                }
            }
            '#' if !in_word => break,
            c => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        words.push(Word {
            text: cur,
            quoted,
            literal,
        });
    }
    Ok(words)
}

/// A flag a command accepts.
#[derive(Clone, Copy, Debug)]
pub struct Flag {
    pub long: &'static str,
    pub short: Option<char>,
    /// Takes a value (`-n ns`), or is a boolean (`-w`).
    pub value: bool,
}

pub const fn flag(long: &'static str, short: Option<char>, value: bool) -> Flag {
    Flag { long, short, value }
}

/// Parsed arguments: positionals, flag values by long name, and what follows `--`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Args {
    pub positional: Vec<String>,
    pub flags: BTreeMap<String, Vec<String>>,
    pub after_dashes: Option<Vec<String>>,
}

impl Args {
    pub fn get(&self, long: &str) -> Option<&str> {
        self.flags
            .get(long)
            .and_then(|v| v.last())
            .map(String::as_str)
    }
    pub fn all(&self, long: &str) -> Vec<&str> {
        self.flags
            .get(long)
            .map(|v| v.iter().map(String::as_str).collect())
            .unwrap_or_default()
    }
    pub fn has(&self, long: &str) -> bool {
        self.flags
            .get(long)
            .is_some_and(|v| v.last().is_none_or(|x| x != "false"))
    }
}

/// Parses `words` against `known` (plus kubectl's global flags), pflag style. `cmd` names the
/// command in error messages (`See 'kubectl get --help' for usage.`).
pub fn parse(words: &[String], known: &[Flag], cmd: &str) -> Result<Args, String> {
    const GLOBAL: [Flag; 6] = [
        flag("namespace", Some('n'), true),
        flag("context", None, true),
        flag("kubeconfig", None, true),
        flag("v", Some('v'), true),
        flag("request-timeout", None, true),
        flag("cluster", None, true),
    ];
    let lookup_long = |name: &str| {
        known
            .iter()
            .chain(GLOBAL.iter())
            .find(|f| f.long == name)
            .copied()
    };
    let lookup_short = |c: char| {
        known
            .iter()
            .chain(GLOBAL.iter())
            .find(|f| f.short == Some(c))
            .copied()
    };
    let usage = format!("\nSee '{cmd} --help' for usage.");
    let mut args = Args::default();
    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        if w == "--" {
            args.after_dashes = Some(words[i + 1..].to_vec());
            break;
        }
        if let Some(long) = w.strip_prefix("--") {
            let (name, inline) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (long, None),
            };
            let Some(f) = lookup_long(name) else {
                return Err(format!("error: unknown flag: --{name}{usage}"));
            };
            let v = if f.value {
                match inline {
                    Some(v) => v,
                    None => {
                        i += 1;
                        words.get(i).cloned().ok_or_else(|| {
                            format!("error: flag needs an argument: --{name}{usage}")
                        })?
                    }
                }
            } else {
                inline.unwrap_or_else(|| "true".into())
            };
            args.flags.entry(f.long.to_string()).or_default().push(v);
        } else if w.len() > 1
            && w.starts_with('-')
            && !w[1..].starts_with(|c: char| c.is_ascii_digit())
        {
            let chars: Vec<char> = w[1..].chars().collect();
            let mut j = 0;
            while j < chars.len() {
                let c = chars[j];
                let Some(f) = lookup_short(c) else {
                    return Err(format!(
                        "error: unknown shorthand flag: '{c}' in {w}{usage}"
                    ));
                };
                if f.value {
                    let rest: String = chars[j + 1..].iter().collect();
                    let v = if !rest.is_empty() {
                        rest.trim_start_matches('=').to_string()
                    } else {
                        i += 1;
                        words.get(i).cloned().ok_or_else(|| {
                            format!("error: flag needs an argument: '{c}' in -{c}{usage}")
                        })?
                    };
                    args.flags.entry(f.long.to_string()).or_default().push(v);
                    break;
                }
                args.flags
                    .entry(f.long.to_string())
                    .or_default()
                    .push("true".into());
                j += 1;
            }
        } else {
            args.positional.push(w.clone());
        }
        i += 1;
    }
    Ok(args)
}

/// Applies a pipeline stage (`grep [-v] [-i] [-c] PATTERN`, `head [-n N]`, `tail [-n N]`,
/// `wc [-l]`, `sort`) to text.
pub fn filter(text: &str, stage: &[String]) -> Result<String, String> {
    let Some(cmd) = stage.first() else {
        return Ok(text.to_string());
    };
    let args = &stage[1..];
    let lines: Vec<&str> = text.lines().collect();
    let count = |default: usize| -> usize {
        let mut n = default;
        let mut it = args.iter();
        while let Some(a) = it.next() {
            if a == "-n" {
                n = it.next().and_then(|v| v.parse().ok()).unwrap_or(n);
            } else if let Some(v) = a.strip_prefix("-n").or_else(|| a.strip_prefix('-')) {
                n = v.parse().unwrap_or(n);
            }
        }
        n
    };
    let join = |v: Vec<&str>| {
        if v.is_empty() {
            String::new()
        } else {
            format!("{}\n", v.join("\n"))
        }
    };
    match cmd.as_str() {
        "grep" => {
            let mut invert = false;
            let mut ci = false;
            let mut count_only = false;
            let mut extended = false;
            let mut patterns: Vec<String> = Vec::new();
            let mut it = args.iter();
            while let Some(a) = it.next() {
                if a == "-e" {
                    patterns.extend(it.next().cloned());
                } else if a.starts_with('-') && a.len() > 1 {
                    invert |= a.contains('v');
                    ci |= a.contains('i');
                    count_only |= a.contains('c');
                    extended |= a.contains('E');
                } else if patterns.is_empty() {
                    patterns.push(a.clone());
                }
            }
            // Alternatives: `a|b` with -E, `a\|b` without; `^` and `$` anchor.
            let alternatives: Vec<String> = patterns
                .iter()
                .flat_map(|p| {
                    let sep = if extended { "|" } else { "\\|" };
                    p.split(sep).map(str::to_string).collect::<Vec<_>>()
                })
                .map(|p| if ci { p.to_ascii_lowercase() } else { p })
                .collect();
            let matches = |line: &str| {
                let hay = if ci {
                    line.to_ascii_lowercase()
                } else {
                    line.to_string()
                };
                alternatives.iter().any(|alt| {
                    let (start, rest) = alt
                        .strip_prefix('^')
                        .map_or((false, alt.as_str()), |r| (true, r));
                    let (end, lit) = rest.strip_suffix('$').map_or((false, rest), |r| (true, r));
                    match (start, end) {
                        (true, true) => hay == lit,
                        (true, false) => hay.starts_with(lit),
                        (false, true) => hay.ends_with(lit),
                        (false, false) => hay.contains(lit),
                    }
                })
            };
            let kept: Vec<&str> = lines.into_iter().filter(|l| matches(l) != invert).collect();
            Ok(if count_only {
                format!("{}\n", kept.len())
            } else {
                join(kept)
            })
        }
        "head" => Ok(join(lines.into_iter().take(count(10)).collect())),
        "tail" => {
            let n = count(10);
            let skip = lines.len().saturating_sub(n);
            Ok(join(lines.into_iter().skip(skip).collect()))
        }
        "wc" => {
            // GNU wc: one count alone prints bare; several are right-aligned in 7 columns
            // (standard input has no size to size them by).
            let flags: String = args
                .iter()
                .filter(|a| a.starts_with('-'))
                .flat_map(|a| a.chars().skip(1))
                .collect();
            let all = flags.is_empty();
            let mut counts = Vec::new();
            if all || flags.contains('l') {
                counts.push(lines.len());
            }
            if all || flags.contains('w') {
                counts.push(text.split_whitespace().count());
            }
            if all || flags.contains('c') {
                counts.push(text.len());
            }
            Ok(if counts.len() == 1 {
                format!("{}\n", counts[0])
            } else {
                let cells: Vec<String> = counts.iter().map(|n| format!("{n:>7}")).collect();
                format!("{}\n", cells.join(" "))
            })
        }
        "sort" => {
            let mut l = lines;
            crate::sort::sort(&mut l);
            if args.iter().any(|a| a.starts_with('-') && a.contains('r')) {
                l.reverse();
            }
            Ok(join(l))
        }
        other => Err(format!("bash: {other}: command not found")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(line: &str) -> Vec<String> {
        split(line)
            .map(|w| w.into_iter().map(|w| w.text).collect())
            .unwrap_or_default()
    }

    #[test]
    fn splits_like_a_shell() {
        assert_eq!(texts("kubectl get po,sts"), ["kubectl", "get", "po,sts"]);
        assert_eq!(
            texts(r#"kubectl exec web-0 -- sh -c 'echo "$(hostname)" > /x'"#),
            [
                "kubectl",
                "exec",
                "web-0",
                "--",
                "sh",
                "-c",
                r#"echo "$(hostname)" > /x"#
            ]
        );
        assert_eq!(
            texts("kubectl get pods | grep web"),
            ["kubectl", "get", "pods", "|", "grep", "web"]
        );
        assert_eq!(
            texts("curl $(minikube service web --url)"),
            ["curl", "$(minikube service web --url)"]
        );
        assert!(split("echo 'oops").is_err());
    }

    #[test]
    fn parses_flags_like_pflag() {
        let known = [
            flag("output", Some('o'), true),
            flag("watch", Some('w'), false),
            flag("selector", Some('l'), true),
        ];
        let w: Vec<String> = ["pods", "-n", "shop", "-owide", "--selector=app=web", "-w"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let a = parse(&w, &known, "kubectl get").expect("parse");
        assert_eq!(a.positional, ["pods"]);
        assert_eq!(
            (
                a.get("namespace"),
                a.get("output"),
                a.get("selector"),
                a.has("watch")
            ),
            (Some("shop"), Some("wide"), Some("app=web"), true)
        );
        let bad: Vec<String> = ["--frob"].iter().map(|s| s.to_string()).collect();
        assert_eq!(
            parse(&bad, &known, "kubectl get"),
            Err("error: unknown flag: --frob\nSee 'kubectl get --help' for usage.".into())
        );
    }
}
