//! The shape of the terminal's programs: a [`Program`] (kubectl, minikube, helm) is a table of
//! [`Verb`]s, each declaring its name, aliases, flags (with pflag's types and errors), how its
//! arguments complete, the lines it adds to `help`, and its handler. Dispatch, "did you mean",
//! `--help` texts, completion and `api-resources` are all read from these tables; nothing
//! else lists verbs or flags.

use super::session::Session;
use crate::shell::output::Result;
use crate::shell::{Error, Output};
use std::collections::BTreeMap;

/// A verb's handler: the session and the parsed arguments.
pub type Handler = fn(&mut Session, &Args) -> Result;

/// A flag's value type, as pflag declares it (and checks it while parsing).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlagKind {
    Bool,
    String,
    /// Go `int` (int64 here): `strconv.ParseInt` errors.
    Int,
    /// Go `time.Duration` (`30s`, `5m`): checked by the handler, which knows its bounds.
    Duration,
    /// May repeat; every value is kept.
    StringArray,
    /// A string whose flag may stand alone and then means the given value (pflag's
    /// `NoOptDefVal`): `--dry-run` is `--dry-run=unset`; a value only follows `=`.
    OptString(&'static str),
}

#[derive(Clone, Copy, Debug)]
pub struct Flag {
    pub long: &'static str,
    pub short: Option<char>,
    pub kind: FlagKind,
    /// The default as `--help` shows it (`false`, `''`, `30s`).
    pub default: &'static str,
    pub help: &'static str,
    /// Values completion offers (`--cascade=orphan`).
    pub values: &'static [&'static str],
    /// pflag's `MarkDeprecated`: said on standard error each time the flag is used
    /// (`Flag --atomic has been deprecated, use --rollback-on-failure instead`), and the flag
    /// is left out of `--help`. Empty for a flag in good standing.
    pub deprecated: &'static str,
}

/// A flag with no default shown beyond its type's zero value.
pub const fn flag(
    long: &'static str,
    short: Option<char>,
    kind: FlagKind,
    help: &'static str,
) -> Flag {
    Flag {
        long,
        short,
        kind,
        default: "",
        help,
        values: &[],
        deprecated: "",
    }
}

impl Flag {
    pub const fn default(self, default: &'static str) -> Flag {
        Flag { default, ..self }
    }
    pub const fn values(self, values: &'static [&'static str]) -> Flag {
        Flag { values, ..self }
    }
    /// Deprecated, with pflag's message (`use --rollback-on-failure instead`).
    pub const fn deprecated(self, deprecated: &'static str) -> Flag {
        Flag { deprecated, ..self }
    }
    /// `-n, --namespace` or `--replicas`, as pflag names a flag in errors.
    fn display(&self) -> String {
        match self.short {
            Some(c) => format!("-{c}, --{}", self.long),
            None => format!("--{}", self.long),
        }
    }
    fn shown_default(&self) -> &'static str {
        if !self.default.is_empty() {
            return self.default;
        }
        match self.kind {
            FlagKind::Bool => "false",
            FlagKind::String => "''",
            FlagKind::Int => "0",
            FlagKind::Duration => "0s",
            FlagKind::StringArray => "[]",
            FlagKind::OptString(_) => "''",
        }
    }
}

/// What completes a verb's positional arguments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Complete {
    Nothing,
    /// `TYPE[,TYPE]`, then names of the first type (`get`, `describe`, `delete`).
    TypeThenNames,
    /// A pod, then `--`, then a command inside it (`exec`, `logs`, `port-forward`).
    Pod,
    /// `pod/NAME` (`wait`).
    PodRef,
    /// `sts` then a StatefulSet name (`scale`, `patch`).
    StatefulSet,
    /// `sts/NAME` (`rollout status`, `set image`).
    StatefulSetRef,
    /// A Service name (`minikube service`).
    Service,
    /// A file the session can read (`apply -f`).
    File,
    /// A fixed set of words.
    Words(&'static [&'static str]),
    /// A pod (or `image`), then what a fault sets (`fault POD ready=never`).
    Fault,
}

pub struct Verb {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    /// One line: what it does (`--help`'s first line).
    pub short: &'static str,
    /// `--help`'s usage line, after the program name.
    pub usage: &'static str,
    /// Lines the terminal's `help` lists for this verb.
    pub synopsis: &'static [&'static str],
    pub flags: &'static [Flag],
    pub complete: Complete,
    pub run: Handler,
    /// Subcommands (`rollout status`); the verb's own handler runs when none is named.
    pub subs: &'static [Verb],
}

/// How a program words its errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// kubectl: `error: ...`, then `See 'kubectl get --help' for usage.` after flag errors.
    Kubectl,
    /// Plain cobra (helm, minikube): `Error: ...`.
    Cobra,
}

pub struct Program {
    pub name: &'static str,
    /// What it prints when run with no arguments.
    pub about: &'static str,
    pub style: Style,
    /// Flags every verb accepts (`-n, --namespace`).
    pub globals: &'static [Flag],
    pub verbs: &'static [Verb],
    /// Commands the real program has and this terminal does not run (a chart repository, a
    /// VM): named so, not as unknown commands.
    pub elsewhere: &'static [&'static str],
}

/// Parsed arguments: positionals, flag values by long name, what follows `--`, and what was
/// piped in.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Args {
    pub positional: Vec<String>,
    pub flags: BTreeMap<String, Vec<String>>,
    pub after_dashes: Option<Vec<String>>,
    pub stdin: Option<String>,
    /// The command as typed up to the verb (`kubectl rollout status`).
    pub command: String,
    /// The words after the verb, as typed (flags included).
    pub words: Vec<String>,
    /// What pflag says while parsing, for standard error before the command's own output:
    /// one `Flag --NAME has been deprecated, ...` line per use of a deprecated flag.
    pub notices: String,
}

impl Args {
    /// Records a flag's value as pflag's `Set` does, saying so if the flag is deprecated
    /// (`FlagSet.Set`, spf13/pflag flag.go).
    fn set(&mut self, f: &Flag, v: String) {
        if !f.deprecated.is_empty() {
            self.notices.push_str(&format!(
                "Flag --{} has been deprecated, {}\n",
                f.long, f.deprecated
            ));
        }
        self.flags.entry(f.long.to_string()).or_default().push(v);
    }

    /// The last value given for a flag.
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
    /// A boolean flag given and not `false`.
    pub fn has(&self, long: &str) -> bool {
        self.flags
            .get(long)
            .is_some_and(|v| v.last().is_none_or(|x| x != "false"))
    }
    /// Whether the flag was given at all.
    pub fn given(&self, long: &str) -> bool {
        self.flags.contains_key(long)
    }
    /// An `Int` flag's value (checked while parsing).
    pub fn int(&self, long: &str) -> Option<i64> {
        self.get(long).and_then(|v| v.parse().ok())
    }
}

impl Program {
    /// Runs `args` (the words after the program's name).
    pub fn run(&self, s: &mut Session, args: &[String], stdin: Option<&str>) -> Output {
        // Global flags may come before the verb (`kubectl -n shop get pods`).
        let mut lead = Vec::new();
        let mut i = 0;
        while let Some(w) = args.get(i) {
            let Some(f) = self.global_flag(w) else { break };
            lead.push(w.clone());
            if !matches!(f.kind, FlagKind::Bool | FlagKind::OptString(_))
                && !w.contains('=')
                && !is_short_with_value(w)
            {
                if let Some(v) = args.get(i + 1) {
                    lead.push(v.clone());
                }
                i += 1;
            }
            i += 1;
        }
        let Some(word) = args.get(i) else {
            return Output::ok(self.about);
        };
        if matches!(word.as_str(), "help" | "--help" | "-h") {
            return Output::ok(self.help());
        }
        let Some(verb) = self
            .verbs
            .iter()
            .find(|v| v.name == word || v.aliases.contains(&word.as_str()))
        else {
            if self.elsewhere.contains(&word.as_str()) {
                let text = match self.style {
                    Style::Kubectl => format!(
                        "error: `{} {word}` is not available in this terminal; try 'help'",
                        self.name
                    ),
                    Style::Cobra => format!(
                        "Error: `{} {word}` is not available in this terminal; try '{} --help'",
                        self.name, self.name
                    ),
                };
                return Output::err(text, 1);
            }
            return Output::err(self.unknown(word), 1);
        };
        let mut rest = lead;
        rest.extend_from_slice(&args[i + 1..]);
        self.run_verb(
            verb,
            &format!("{} {}", self.name, verb.name),
            s,
            &rest,
            stdin,
        )
    }

    fn run_verb(
        &self,
        verb: &Verb,
        path: &str,
        s: &mut Session,
        args: &[String],
        stdin: Option<&str>,
    ) -> Output {
        let before_dashes = args.iter().take_while(|a| *a != "--");
        if before_dashes.clone().any(|a| a == "--help" || a == "-h") {
            return Output::ok(self.verb_help(verb, path));
        }
        // A subcommand is the first word that is not a flag.
        if !verb.subs.is_empty()
            && let Some((j, word)) = args.iter().enumerate().find(|(_, a)| !a.starts_with('-'))
            && let Some(sub) = verb
                .subs
                .iter()
                .find(|v| v.name == word || v.aliases.contains(&word.as_str()))
        {
            let mut rest = args[..j].to_vec();
            rest.extend_from_slice(&args[j + 1..]);
            return self.run_verb(sub, &format!("{path} {}", sub.name), s, &rest, stdin);
        }
        let mut flags: Vec<Flag> = verb.flags.to_vec();
        // A verb with subcommands accepts theirs too, to word its own errors.
        for f in verb
            .subs
            .iter()
            .flat_map(|sub| sub.flags)
            .chain(self.globals)
        {
            if !flags.iter().any(|g| g.long == f.long) {
                flags.push(*f);
            }
        }
        let mut parsed = match parse(args, &flags, path, self.style) {
            Ok(a) => a,
            Err(e) => return Output::err(e, 1),
        };
        parsed.stdin = stdin.map(str::to_string);
        parsed.command = path.to_string();
        parsed.words = args.to_vec();
        let ran = match (verb.run)(s, &parsed) {
            Ok(o) => o,
            Err(e) => e.into(),
        };
        if parsed.notices.is_empty() {
            return ran;
        }
        let mut out = Output::status(ran.code);
        out.eprint(&parsed.notices);
        let (prompt, more) = (ran.prompt.clone(), ran.more);
        out.append(ran);
        out.prompt = prompt;
        out.more = more;
        out
    }

    fn global_flag(&self, w: &str) -> Option<&Flag> {
        if let Some(long) = w.strip_prefix("--") {
            let name = long.split('=').next().unwrap_or(long);
            self.globals.iter().find(|f| f.long == name)
        } else {
            let c = w.strip_prefix('-')?.chars().next()?;
            self.globals.iter().find(|f| f.short == Some(c))
        }
    }

    /// The verb closest to a mistyped word, as cobra suggests it (edit distance ≤ 2 or a
    /// prefix).
    pub fn suggest(&self, word: &str) -> Option<&'static str> {
        self.verbs
            .iter()
            .map(|v| (crate::schema::edit_distance(word, v.name), v.name))
            .filter(|(d, name)| *d <= 2 || name.starts_with(word))
            .min_by_key(|(d, _)| *d)
            .map(|(_, name)| name)
    }

    fn unknown(&self, word: &str) -> String {
        let hint = self
            .suggest(word)
            .map(|best| format!("\n\nDid you mean this?\n\t{best}\n"))
            .unwrap_or_default();
        match self.style {
            Style::Kubectl => format!(
                "error: unknown command \"{word}\" for \"{}\"{hint}",
                self.name
            ),
            Style::Cobra => format!(
                "Error: unknown command \"{word}\" for \"{}\"{hint}\nRun '{} --help' for usage.",
                self.name, self.name
            ),
        }
    }

    /// The program's `--help`: its verbs with what they do.
    pub fn help(&self) -> String {
        let width = self.verbs.iter().map(|v| v.name.len()).max().unwrap_or(0);
        let mut out = format!("{}\n\nAvailable Commands:\n", self.about.trim_end());
        for v in self.verbs {
            out.push_str(&format!("  {:width$}  {}\n", v.name, v.short));
        }
        out.push_str(&format!(
            "\nUse \"{} <command> --help\" for more information about a given command.\n",
            self.name
        ));
        out
    }

    /// A verb's `--help`: what it does, its subcommands, its flags and its usage.
    pub fn verb_help(&self, verb: &Verb, path: &str) -> String {
        let mut out = format!("{}\n", verb.short);
        if !verb.subs.is_empty() {
            let width = verb.subs.iter().map(|v| v.name.len()).max().unwrap_or(0);
            out.push_str("\nAvailable Commands:\n");
            for v in verb.subs {
                out.push_str(&format!("  {:width$}  {}\n", v.name, v.short));
            }
        }
        if !verb.flags.is_empty() {
            out.push_str("\nOptions:\n");
            let entries: Vec<String> = verb
                .flags
                .iter()
                .filter(|f| f.deprecated.is_empty())
                .map(|f| {
                    format!(
                        "    {}={}:\n        {}\n",
                        f.display(),
                        f.shown_default(),
                        f.help
                    )
                })
                .collect();
            out.push_str(&entries.join("\n"));
        }
        out.push_str(&format!("\nUsage:\n  {path} {}\n", verb.usage));
        if self.style == Style::Kubectl {
            out.push_str("\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n");
        }
        out
    }
}

/// `-nfoo`, `-n=foo`: a short flag carrying its value.
fn is_short_with_value(w: &str) -> bool {
    !w.starts_with("--") && w.chars().count() > 2
}

/// Parses `words` against `known`, pflag style: `--name=value`, `--name value`, `-n value`,
/// `-nvalue`, `-it`, `--` ending the flags; flags may follow positionals. Values are checked
/// against the flag's type. `cmd` names the command in kubectl's usage hint.
pub fn parse(
    words: &[String],
    known: &[Flag],
    cmd: &str,
    style: Style,
) -> std::result::Result<Args, String> {
    let prefix = match style {
        Style::Kubectl => "error: ",
        Style::Cobra => "Error: ",
    };
    let usage = match style {
        Style::Kubectl => format!("\nSee '{cmd} --help' for usage."),
        _ => String::new(),
    };
    let fail = |msg: String| format!("{prefix}{msg}{usage}");
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
            let Some(f) = known.iter().find(|f| f.long == name) else {
                return Err(fail(format!("unknown flag: --{name}")));
            };
            let v = if f.kind == FlagKind::Bool {
                inline.unwrap_or_else(|| "true".into())
            } else if let FlagKind::OptString(bare) = f.kind {
                inline.unwrap_or_else(|| bare.into())
            } else {
                match inline {
                    Some(v) => v,
                    None => {
                        i += 1;
                        words
                            .get(i)
                            .cloned()
                            .ok_or_else(|| fail(format!("flag needs an argument: --{name}")))?
                    }
                }
            };
            check_value(f, &v).map_err(|e| format!("{prefix}{e}"))?;
            args.set(f, v);
        } else if w.len() > 1
            && w.starts_with('-')
            && !w[1..].starts_with(|c: char| c.is_ascii_digit())
        {
            let chars: Vec<char> = w[1..].chars().collect();
            let mut j = 0;
            while j < chars.len() {
                let c = chars[j];
                let Some(f) = known.iter().find(|f| f.short == Some(c)) else {
                    return Err(fail(format!("unknown shorthand flag: '{c}' in {w}")));
                };
                if f.kind != FlagKind::Bool {
                    let rest: String = chars[j + 1..].iter().collect();
                    let v = if !rest.is_empty() {
                        rest.trim_start_matches('=').to_string()
                    } else {
                        i += 1;
                        words
                            .get(i)
                            .cloned()
                            .ok_or_else(|| fail(format!("flag needs an argument: '{c}' in -{c}")))?
                    };
                    check_value(f, &v).map_err(|e| format!("{prefix}{e}"))?;
                    args.set(f, v);
                    break;
                }
                // `-w=false`
                let v = if chars.get(j + 1) == Some(&'=') {
                    let v: String = chars[j + 2..].iter().collect();
                    check_value(f, &v).map_err(|e| format!("{prefix}{e}"))?;
                    j = chars.len();
                    v
                } else {
                    "true".to_string()
                };
                args.set(f, v);
                j += 1;
            }
        } else {
            args.positional.push(w.clone());
        }
        i += 1;
    }
    Ok(args)
}

/// Go's `strconv.ParseBool`: its spellings of true and false.
pub fn parse_bool(v: &str) -> Option<bool> {
    match v {
        "1" | "t" | "T" | "true" | "TRUE" | "True" => Some(true),
        "0" | "f" | "F" | "false" | "FALSE" | "False" => Some(false),
        _ => None,
    }
}

/// pflag's value check for typed flags.
fn check_value(f: &Flag, v: &str) -> std::result::Result<(), String> {
    let bad = |why: String| {
        Err(format!(
            "invalid argument \"{v}\" for \"{}\" flag: {why}",
            f.display()
        ))
    };
    match f.kind {
        FlagKind::Int => match v.parse::<i64>() {
            Ok(_) => Ok(()),
            Err(_)
                if !v.is_empty()
                    && v.trim_start_matches(['-', '+'])
                        .chars()
                        .all(|c| c.is_ascii_digit()) =>
            {
                bad(format!(
                    "strconv.ParseInt: parsing \"{v}\": value out of range"
                ))
            }
            Err(_) => bad(format!("strconv.ParseInt: parsing \"{v}\": invalid syntax")),
        },
        FlagKind::Bool => match parse_bool(v) {
            Some(_) => Ok(()),
            None => bad(format!(
                "strconv.ParseBool: parsing \"{v}\": invalid syntax"
            )),
        },
        _ => Ok(()),
    }
}

/// The longest a command may move virtual time at once (`sleep`, `--timeout`): 7 days.
pub const MAX_WAIT_MS: f64 = 7.0 * 86_400_000.0;

/// Durations as `sleep` and `--timeout` take them: `30`, `30s`, `2m`, `1.5h`; at most
/// [`MAX_WAIT_MS`].
pub fn parse_seconds(s: &str) -> Option<u64> {
    let (num, mult) = match s.chars().last() {
        Some('s') => (&s[..s.len() - 1], 1000.0),
        Some('m') => (&s[..s.len() - 1], 60_000.0),
        Some('h') => (&s[..s.len() - 1], 3_600_000.0),
        _ => (s, 1000.0),
    };
    let v = crate::yaml::parse_float(num)?;
    // At most 7 days whatever the unit (`604800h` would be 69 years of simulation).
    let ms = v * mult;
    (v.is_finite() && v >= 0.0 && ms <= MAX_WAIT_MS).then_some(ms as u64)
}

/// A duration that reads as a positive number but is more than [`MAX_WAIT_MS`].
pub fn too_long(s: &str) -> bool {
    crate::yaml::parse_float(s.trim_end_matches(['s', 'm', 'h'])).is_some_and(|v| v > 0.0)
        && parse_seconds(s).is_none()
}

impl Args {
    /// A `--timeout` flag in ms: `default` when absent, a week when negative (as kubectl
    /// wait), otherwise a duration of at most 7 days; else kubectl's error or why it is refused.
    pub fn timeout(&self, default: u64) -> std::result::Result<u64, Error> {
        let Some(v) = self.get("timeout") else {
            return Ok(default);
        };
        if let Some(magnitude) = v.strip_prefix('-')
            && parse_seconds(magnitude).is_some()
        {
            return Ok(MAX_WAIT_MS as u64);
        }
        parse_seconds(v).ok_or_else(|| {
            Error::from(if too_long(v) {
                format!(
                    "error: --timeout={v} is longer than this terminal lets virtual time jump at once (at most 7 days: --timeout=168h)"
                )
            } else {
                format!("error: invalid argument \"{v}\" for \"--timeout\" flag: time: invalid duration \"{v}\"")
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_seconds("30"), Some(30_000));
        assert_eq!(parse_seconds("2m"), Some(120_000));
        assert_eq!(parse_seconds("1.5s"), Some(1_500));
        assert_eq!(parse_seconds("soon"), None);
    }

    #[test]
    fn parses_flags_like_pflag() {
        let known = [
            flag("output", Some('o'), FlagKind::String, ""),
            flag("watch", Some('w'), FlagKind::Bool, ""),
            flag("selector", Some('l'), FlagKind::String, ""),
            flag("namespace", Some('n'), FlagKind::String, ""),
            flag("replicas", None, FlagKind::Int, ""),
        ];
        let w: Vec<String> = ["pods", "-n", "shop", "-owide", "--selector=app=web", "-w"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let a = parse(&w, &known, "kubectl get", Style::Kubectl).expect("parse");
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
        let words = |ws: &[&str]| ws.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            parse(&words(&["--frob"]), &known, "kubectl get", Style::Kubectl),
            Err("error: unknown flag: --frob\nSee 'kubectl get --help' for usage.".into())
        );
        assert_eq!(
            parse(&words(&["--replicas=x"]), &known, "kubectl scale", Style::Kubectl),
            Err("error: invalid argument \"x\" for \"--replicas\" flag: strconv.ParseInt: parsing \"x\": invalid syntax".into())
        );
        assert_eq!(
            parse(&words(&["-w=maybe"]), &known, "kubectl get", Style::Kubectl),
            Err("error: invalid argument \"maybe\" for \"-w, --watch\" flag: strconv.ParseBool: parsing \"maybe\": invalid syntax".into())
        );
        assert_eq!(
            parse(&words(&["--frob"]), &known, "helm install", Style::Cobra),
            Err("Error: unknown flag: --frob".into())
        );
    }
}
