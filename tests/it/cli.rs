//! `kubectl-stsplay` end to end: the contract in static/docs/cli.md (output shapes, exit
//! codes 0/1/2, standard input, hostile input never panics).

use crate::support::WEB;
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
}

/// Runs the binary with `args`, feeding `stdin`.
pub fn run(args: &[&str], stdin: &[u8]) -> Run {
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_kubectl-stsplay"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn kubectl-stsplay");
    let mut input = child.stdin.take().expect("stdin");
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let out = child.wait_with_output().expect("wait");
    let _ = writer.join();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        !stderr.contains("panicked"),
        "kubectl-stsplay panicked: {stderr}"
    );
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr,
        elapsed: start.elapsed(),
    }
}

fn json(r: &Run) -> serde_json::Value {
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", r.stdout))
}

/// `simulate -o json`: one object per line.
fn json_lines(r: &Run) -> Vec<serde_json::Value> {
    r.stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

#[test]
fn plan_json_matches_the_contract() {
    let r = run(&["plan", "-f", "-", "-o", "json"], WEB.as_bytes());
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = json(&r);
    let s = &v["statefulsets"][0];
    assert_eq!(s["name"], "web");
    assert_eq!(s["namespace"], "default");
    assert_eq!(s["serviceName"], "nginx");
    assert_eq!(s["replicas"], 3);
    assert_eq!(s["podManagementPolicy"], "OrderedReady");
    let p = &s["pods"][0];
    assert_eq!(p["name"], "web-0");
    assert_eq!(p["ordinal"], 0);
    assert_eq!(p["hostname"], "web-0");
    assert_eq!(p["subdomain"], "nginx");
    assert_eq!(p["fqdn"], "web-0.nginx.default.svc.cluster.local");
    assert_eq!(p["resolvable"], true);
    assert_eq!(p["labels"]["statefulset.kubernetes.io/pod-name"], "web-0");
    assert_eq!(p["labels"]["apps.kubernetes.io/pod-index"], "0");
    assert_eq!(p["pvcs"][0], "www-web-0");
    let c = &s["pvcs"][0];
    assert_eq!(c["name"], "www-web-0");
    assert_eq!(c["template"], "www");
    assert_eq!(c["pod"], "web-0");
    assert_eq!(c["storage"], "1Gi");
    assert_eq!(c["accessModes"][0], "ReadWriteOnce");
    assert_eq!(c["storageClassName"], "my-storage-class");
    let svc = &v["services"][0];
    assert_eq!(
        (svc["name"].as_str(), svc["headless"].as_bool()),
        (Some("nginx"), Some(true))
    );
    assert_eq!(svc["fqdn"], "nginx.default.svc.cluster.local");
}

#[test]
fn namespace_and_cluster_domain_flags() {
    let r = run(
        &[
            "plan",
            "-f",
            "-",
            "-o",
            "json",
            "-n",
            "shop",
            "--cluster-domain",
            "example.org",
        ],
        WEB.as_bytes(),
    );
    let v = json(&r);
    assert_eq!(
        v["statefulsets"][0]["pods"][0]["fqdn"],
        "web-0.nginx.shop.svc.example.org"
    );
}

#[test]
fn errors_exit_1_with_located_diagnostics() {
    let bad = WEB.replace("  replicas: 3 # by default is 1", "  replicas: \"three\"");
    let r = run(&["lint", "-f", "-", "-o", "json"], bad.as_bytes());
    assert_eq!(r.code, 1);
    let v = json(&r);
    let d = v["diagnostics"]
        .as_array()
        .and_then(|a| a.iter().find(|d| d["severity"] == "error"))
        .expect("an error");
    assert_eq!(d["source"], "schema");
    assert_eq!(d["field"], "spec.replicas");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(24), Some(13))
    );
    assert_eq!(d["file"], "-");
}

#[test]
fn usage_and_io_errors_exit_2() {
    let r = run(&["lint", "-f", "/nonexistent/web.yaml"], b"");
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: the path \"/nonexistent/web.yaml\" cannot be read: no such file or directory\n"
    );
    let r = run(&["lint", "--frobnicate"], b"");
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (2, "error: unknown flag: --frobnicate\n")
    );
    let r = run(&["lint"], b"");
    assert_eq!(r.code, 2);
    let r = run(&["explode"], b"");
    assert_eq!(r.code, 2);
    let r = run(&["plan", "-f", "-", "-o", "yaml"], WEB.as_bytes());
    assert_eq!(r.code, 2);
}

#[test]
fn text_plan_lists_pods() {
    let r = run(&["plan", "-f", "-"], WEB.as_bytes());
    assert_eq!(r.code, 0);
    assert!(
        r.stdout
            .contains("web-2   2         web-2.nginx.default.svc.cluster.local   www-web-2"),
        "{}",
        r.stdout
    );
}

/// Hostile input: a clear diagnostic, exit 1, no panic, quickly.
#[track_caller]
fn check_hostile(input: &[u8], code: &str) {
    let r = run(&["lint", "-f", "-", "-o", "json"], input);
    assert_eq!(r.code, 1, "{}", r.stdout);
    let v = json(&r);
    let codes: Vec<&str> = v["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert!(codes.contains(&code), "expected {code} in {codes:?}");
    assert!(r.elapsed < Duration::from_secs(10), "took {:?}", r.elapsed);
}

#[test]
fn hostile_inputs() {
    check_hostile(b"\x00\x01\x02\xff\xfe binary", "not-utf8");
    check_hostile(
        b"apiVersion: v1\nkind: Service\nmetadata:\n  name: \x01x\n",
        "yaml-syntax",
    );
    check_hostile(
        format!("a: {}{}", "[".repeat(10_000), "]".repeat(10_000)).as_bytes(),
        "yaml-too-deep",
    );
    check_hostile(
        format!("a: \"{}\"\n", "x".repeat(10 * 1024 * 1024)).as_bytes(),
        "input-too-large",
    );
    check_hostile(
        WEB.replace("replicas: 3 #", "replicas: 99999999999 #")
            .as_bytes(),
        "wrong-type",
    );
}

#[test]
fn empty_input_is_clean() {
    let r = run(&["lint", "-f", "-", "-o", "json"], b"");
    assert_eq!(r.code, 0);
    assert_eq!(json(&r)["diagnostics"].as_array().map(Vec::len), Some(0));
}

/// `--program` and `--image-tools` that cannot be read are usage errors that say what to write.
#[test]
fn programs_and_image_tools_that_do_not_exist_are_usage_errors() {
    for (args, want) in [
        (
            ["--program", "nginx=teleport"],
            "error: --program nginx=teleport: unknown program \"teleport\": use web, visits[:FILE][,reset], nginx, sleep or crash\n",
        ),
        (
            ["--program", "nginx"],
            "error: --program needs CONTAINER=VALUE, not \"nginx\"\n",
        ),
        (
            ["--program", "nginx=visits:data,reset"],
            "error: --program nginx=visits:data,reset: the visits file must be an absolute path, not \"data\"\n",
        ),
        (
            ["--image-tools", "nginx=alpine"],
            "error: --image-tools nginx=alpine: unknown image tools \"alpine\": use busybox, debian, dnsutils or none\n",
        ),
    ] {
        let path =
            std::env::temp_dir().join(format!("stsplay-programs-{}.yaml", std::process::id()));
        std::fs::write(&path, WEB).expect("write the manifest");
        let file = path.display().to_string();
        for verb in ["simulate", "shell"] {
            let mut argv = vec![verb, "-f", file.as_str()];
            argv.extend(args);
            let r = run(&argv, b"");
            assert_eq!((r.code, r.stderr.as_str()), (2, want), "{argv:?}");
        }
    }
}

/// `simulate` runs each step until the world rests, however long progress takes (a cluster has
/// no 15-minute limit): 150 pods that take 10 s each to become Ready are all created (about 25
/// virtual minutes) before the next step. A world that goes round instead (a crash loop) is
/// stopped and says so: in the timeline (`blocked`), in the final state (`"stopped": "loop"`)
/// and, with `--fail-on-blocked`, in the exit status.
#[test]
fn simulate_runs_progress_to_the_end_and_says_when_it_stopped_a_loop() {
    let slow = "apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  serviceName: web
  replicas: 150
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        readinessProbe: {httpGet: {path: /, port: 80}, initialDelaySeconds: 10, periodSeconds: 1}
";
    let r = run(
        &["simulate", "-f", "-", "-o", "json", "--step", "scale 151"],
        slow.as_bytes(),
    );
    let lines = json_lines(&r);
    let ready_in_step_0 = lines
        .iter()
        .filter(|l| l["step"] == 0 && l["action"] == "ready" && l["kind"] == "Pod")
        .count();
    assert_eq!(
        ready_in_step_0, 150,
        "every pod is Ready before the next step"
    );
    let settled = lines
        .iter()
        .find(|l| l["action"] == "settled")
        .expect("settled");
    assert!(
        settled["t_ms"].as_u64().unwrap_or(0) > 20 * 60 * 1000,
        "{settled}"
    );
    let state = lines.last().expect("state");
    assert_eq!(state["action"], "state");
    assert!(state.get("stopped").is_none());
    assert_eq!(r.code, 0);

    // Slow by design is not a loop: 3 pods, each Available only after minReadySeconds 700,
    // more than 10 minutes apart, are all created in one step.
    let patient = slow
        .replace("replicas: 150", "replicas: 3")
        .replace("  selector:", "  minReadySeconds: 700\n  selector:");
    let r = run(&["simulate", "-f", "-", "-o", "json"], patient.as_bytes());
    let lines = json_lines(&r);
    let ready = lines.iter().filter(|l| l["action"] == "ready").count();
    assert_eq!(ready, 3, "{}", r.stdout);
    assert!(lines.iter().any(|l| l["action"] == "settled"));
    // The app exits after each start: web-0 crash-loops and the controller waits for ever.
    for (flags, code) in [(&[][..], 0), (&["--fail-on-blocked"][..], 1)] {
        let mut args = vec![
            "simulate",
            "-f",
            "-",
            "-o",
            "json",
            "--program",
            "web=crash",
        ];
        args.extend_from_slice(flags);
        let r = run(
            &args,
            slow.replace("replicas: 150", "replicas: 2").as_bytes(),
        );
        let lines = json_lines(&r);
        let blocked = lines
            .iter()
            .find(|l| l["action"] == "blocked")
            .expect("blocked");
        let reason = blocked["reason"].as_str().unwrap_or_default();
        assert!(
            reason.ends_with("(still changing after 900.000s, going round without coming closer to the desired state)"),
            "{reason}"
        );
        assert_eq!(
            lines.last().map(|l| l["stopped"].clone()),
            Some("loop".into())
        );
        assert_eq!(r.code, code, "{flags:?}");
    }
}

/// Input that ends inside a command (an open quote, a trailing `&&`) gets bash's complaint at
/// the end, as `bash < script` does; a `\` at a line's end continues it.
#[test]
fn shell_input_that_ends_inside_a_command_says_so() {
    let dir = std::env::temp_dir().join(format!("stsplay-eof-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let manifest = dir.join("web.yaml");
    std::fs::write(&manifest, WEB).expect("write");
    let path = manifest.to_string_lossy().into_owned();
    let r = run(
        &["shell", "-f", &path],
        b"echo joined \\\n  line\necho 'never closed\n",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("$ echo joined \\\n>   line\njoined line\n"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .ends_with("$ echo 'never closed\n(exit status 2)\n"),
        "{}",
        r.stdout
    );
    assert_eq!(
        r.stderr,
        "bash: unexpected EOF while looking for matching `''\n"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
