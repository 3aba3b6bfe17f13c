//! A terminal session on the simulated cluster: the `Simulation`, the files `kubectl apply -f`
//! can read, port-forwards, and `run`, which turns one command line into output. Virtual time
//! moves only through commands that wait (`sleep`, `kubectl wait`, `rollout status`, `delete`,
//! `get -w`), or before every command when `settle` is on.

use super::shellwords::{self, Word};
use crate::sim::Simulation;
use std::collections::BTreeMap;

/// What a command printed, and how it ended.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Output {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
    /// The terminal should be cleared (`clear`).
    pub clear: bool,
}

impl Output {
    pub fn ok(stdout: impl Into<String>) -> Output {
        Output {
            stdout: stdout.into(),
            ..Output::default()
        }
    }
    pub fn err(stderr: impl Into<String>, code: i32) -> Output {
        let mut s: String = stderr.into();
        if !s.ends_with('\n') {
            s.push('\n');
        }
        Output {
            stderr: s,
            code,
            ..Output::default()
        }
    }
    fn append(&mut self, o: Output) {
        self.stdout.push_str(&o.stdout);
        self.stderr.push_str(&o.stderr);
        self.code = o.code;
        self.clear |= o.clear;
    }
}

/// A forwarded local port (`kubectl port-forward`).
#[derive(Clone, Debug, PartialEq)]
pub struct Forward {
    pub local: u16,
    /// `pod/NAME` or `svc/NAME`.
    pub target: String,
    pub ns: String,
    pub remote: i64,
}

#[derive(Clone, Debug)]
pub struct Session {
    pub sim: Simulation,
    /// The namespace commands use when they name none.
    pub namespace: String,
    /// Files `kubectl apply -f NAME` can read (the browser's editor is `manifest.yaml`).
    pub files: BTreeMap<String, String>,
    /// Let the world settle before every command (`kubectl stsplay shell --settle`).
    pub settle: bool,
    pub forwards: Vec<Forward>,
    /// Files written inside containers outside any volume, by (pod uid, path): lost when the
    /// pod is recreated, as a container's own filesystem is.
    pub scratch: BTreeMap<(String, String), String>,
}

impl Session {
    pub fn new(sim: Simulation) -> Session {
        let namespace = sim.opts.namespace.clone();
        Session {
            sim,
            namespace,
            files: BTreeMap::new(),
            settle: false,
            forwards: Vec::new(),
            scratch: BTreeMap::new(),
        }
    }

    /// Runs one command line.
    pub fn run(&mut self, line: &str) -> Output {
        if self.settle {
            self.sim.run(None);
        } else {
            self.sim.settle_now();
        }
        let words = match shellwords::split(line) {
            Ok(w) => w,
            Err(e) => return Output::err(e, 2),
        };
        let mut out = Output::default();
        for command in words.split(|w| !w.quoted && w.text == ";") {
            if command.is_empty() {
                continue;
            }
            let o = self.pipeline(command);
            out.append(o);
        }
        out
    }

    fn pipeline(&mut self, words: &[Word]) -> Output {
        let stages: Vec<&[Word]> = words.split(|w| !w.quoted && w.text == "|").collect();
        let mut first = match stages.first() {
            Some(s) => {
                let argv = self.substitute(s);
                match argv {
                    Ok(argv) => self.command(&argv),
                    Err(e) => return Output::err(e, 1),
                }
            }
            None => return Output::default(),
        };
        for stage in &stages[1..] {
            let argv: Vec<String> = stage.iter().map(|w| w.text.clone()).collect();
            match shellwords::filter(&first.stdout, &argv) {
                Ok(text) => {
                    // grep exits 1 when nothing matched.
                    let grep_empty = argv.first().is_some_and(|c| c == "grep") && text.is_empty();
                    first.stdout = text;
                    if grep_empty {
                        first.code = 1;
                    }
                }
                Err(e) => return Output::err(e, 127),
            }
        }
        first
    }

    /// `$(command)` inside words becomes that command's output (trimmed).
    fn substitute(&mut self, words: &[Word]) -> Result<Vec<String>, String> {
        let mut out = Vec::new();
        for w in words {
            let mut text = w.text.clone();
            // Each level of `$(` is a level of recursion: bound it before it overflows the stack.
            if !w.literal && text.contains("$(") && nesting(&text) > MAX_SUBSTITUTION_DEPTH {
                return Err(format!(
                    "bash: command substitution nested deeper than {MAX_SUBSTITUTION_DEPTH} levels"
                ));
            }
            while let Some(start) = text.find("$(").filter(|_| !w.literal) {
                let mut depth = 0;
                let mut end = None;
                for (i, c) in text[start + 1..].char_indices() {
                    match c {
                        '(' => depth += 1,
                        ')' => {
                            depth -= 1;
                            if depth == 0 {
                                end = Some(start + 1 + i);
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                let Some(end) = end else { break };
                let inner = text[start + 2..end].to_string();
                let o = self.run(&inner);
                let value = o.stdout.trim_end_matches('\n').to_string();
                text.replace_range(start..=end, &value);
            }
            out.push(text);
        }
        Ok(out)
    }

    fn command(&mut self, argv: &[String]) -> Output {
        let Some(cmd) = argv.first() else {
            return Output::default();
        };
        let rest = &argv[1..];
        match cmd.as_str() {
            "kubectl" | "k" => super::command::kubectl(self, rest),
            "minikube" => super::exec::minikube(self, rest),
            "curl" | "wget" => super::exec::host_http(self, cmd, rest),
            "sleep" => {
                let arg = rest.first().map(String::as_str).unwrap_or("");
                match parse_seconds(arg) {
                    Some(ms) => {
                        self.sim.advance(ms);
                        Output::default()
                    }
                    // GNU coreutils in a UTF-8 locale (`quote` gives curly quotes).
                    None if arg.is_empty() => Output::err(
                        "sleep: missing operand\nTry 'sleep --help' for more information.",
                        1,
                    ),
                    // A duration, but longer than virtual time may jump at once: say so.
                    None if too_long(arg) => Output::err(
                        format!(
                            "sleep: {arg} is longer than this terminal lets virtual time jump at once (at most 7 days: sleep 604800)"
                        ),
                        1,
                    ),
                    None => Output::err(
                        format!(
                            "sleep: invalid time interval \u{2018}{arg}\u{2019}\nTry 'sleep --help' for more information."
                        ),
                        1,
                    ),
                }
            }
            "fault" => {
                let spec = rest.join(" ");
                let applied = crate::sim::ops::parse_fault(&spec)
                    .and_then(|f| self.sim.apply(&crate::sim::ops::Step::Fault(f)));
                match applied {
                    Ok(()) => Output::ok(format!("fault in force: {spec}\n")),
                    Err(e) => Output::err(format!("fault: {e}"), 1),
                }
            }
            "clear" => Output {
                clear: true,
                ..Output::default()
            },
            "echo" => Output::ok(format!("{}\n", rest.join(" "))),
            "help" => Output::ok(HELP),
            "date" => Output::ok(format!(
                "{}\n",
                super::text::rfc1123z(super::objects::secs(self.sim.world.now))
            )),
            other => Output::err(format!("bash: {other}: command not found"), 127),
        }
    }
}

/// How deep `$(...)` may nest.
pub const MAX_SUBSTITUTION_DEPTH: usize = 32;

/// The deepest nesting of parentheses in `text`.
fn nesting(text: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    for c in text.chars() {
        match c {
            '(' => {
                depth += 1;
                max = max.max(depth);
            }
            ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

/// The longest a command may move virtual time at once (`sleep`, `--timeout`): 7 days.
pub const MAX_WAIT_MS: f64 = 7.0 * 86_400_000.0;

/// A duration that reads as a positive number but is more than [`MAX_WAIT_MS`].
fn too_long(s: &str) -> bool {
    crate::yaml::parse_float(s.trim_end_matches(['s', 'm', 'h'])).is_some_and(|v| v > 0.0)
        && parse_seconds(s).is_none()
}

/// A `--timeout` flag in ms: `default` when absent, a week when negative (as kubectl wait),
/// otherwise a duration of at most 7 days; else kubectl's error or why it is refused.
pub fn timeout_flag(value: Option<&str>, default: u64) -> Result<u64, String> {
    let Some(v) = value else { return Ok(default) };
    if let Some(magnitude) = v.strip_prefix('-')
        && parse_seconds(magnitude).is_some()
    {
        return Ok(MAX_WAIT_MS as u64);
    }
    parse_seconds(v).ok_or_else(|| {
        if too_long(v) {
            format!(
                "error: --timeout={v} is longer than this terminal lets virtual time jump at once (at most 7 days: --timeout=168h)"
            )
        } else {
            format!("error: invalid argument \"{v}\" for \"--timeout\" flag: time: invalid duration \"{v}\"")
        }
    })
}

/// `sleep` durations: `30`, `30s`, `2m`, `1.5`.
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

pub const HELP: &str = "\
This terminal runs kubectl against the simulated cluster. Time only moves when a command waits.

  kubectl get po,sts,svc,pvc [-o wide|yaml|json|name|jsonpath=...] [-l app=web] [-w] [-A]
  kubectl describe pod|sts|svc|pvc NAME
  kubectl exec POD [-c CONTAINER] -- cat FILE | ls DIR | hostname [-f] | nslookup NAME | env
  kubectl exec POD -- sh -c 'echo \"$(hostname)\" > /usr/share/nginx/html/index.html'
  kubectl logs POD [-c CONTAINER]
  kubectl delete pod|pvc|sts NAME [--cascade=orphan]
  kubectl scale sts NAME --replicas=N
  kubectl apply -f manifest.yaml        (the editor's text, or a file the shell was given)
  kubectl patch sts NAME -p '{\"spec\":{\"replicas\":3}}' [--type=merge|json|strategic]
  kubectl set image sts/NAME CONTAINER=IMAGE
  kubectl rollout status|history|restart|undo sts/NAME
  kubectl wait --for=condition=Ready pod/NAME [--timeout=60s]
  kubectl port-forward svc/NAME 8080:80   then   curl localhost:8080
                                        (it keeps running in the background, as with &)
  minikube service NAME [--url]
  sleep SECONDS                         let virtual time pass
  fault POD ready=never|ready=ok|live=fail|live=ok|crash|schedule=never|phase=Failed
  fault POD pull=fail|pull=ok           break or heal pods (a playground command)
  fault image IMAGE ready=never|pull=fail|pull=ok
  clear, help
";

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
}
