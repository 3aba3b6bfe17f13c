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
