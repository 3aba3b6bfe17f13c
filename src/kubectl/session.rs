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
                    None => Output::err(format!("sleep: invalid time interval '{arg}'"), 1),
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

/// `sleep` durations: `30`, `30s`, `2m`, `1.5`.
pub fn parse_seconds(s: &str) -> Option<u64> {
    let (num, mult) = match s.chars().last() {
        Some('s') => (&s[..s.len() - 1], 1000.0),
        Some('m') => (&s[..s.len() - 1], 60_000.0),
        Some('h') => (&s[..s.len() - 1], 3_600_000.0),
        _ => (s, 1000.0),
    };
    let v: f64 = num.parse().ok()?;
    (v.is_finite() && v >= 0.0 && v <= 7.0 * 86400.0).then(|| (v * mult) as u64)
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
  kubectl apply -f manifest.yaml        (the editor's text)
  kubectl patch sts NAME -p '{\"spec\":{\"replicas\":3}}' [--type=merge|json|strategic]
  kubectl set image sts/NAME CONTAINER=IMAGE
  kubectl rollout status|history|restart|undo sts/NAME
  kubectl wait --for=condition=Ready pod/NAME [--timeout=60s]
  kubectl port-forward svc/NAME 8080:80   then   curl localhost:8080
  minikube service NAME [--url]
  sleep SECONDS                         let virtual time pass
  fault POD ready=never|ready=ok|live=fail|live=ok|crash|schedule=never|phase=Failed
  fault image IMAGE ready=never         break or heal pods (a playground command)
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
