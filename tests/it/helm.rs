//! Helm charts rendered as the real helm renders them. Every case of `data/helm/cases.txt`
//! (one small chart per template feature) and every chart of `data/helm/charts/` with the
//! arguments in `data/helm/charts.txt` is rendered by `kubectl stsplay template` for helm 4
//! and helm 3, and must match, byte for byte, what the real helm v4.2.3 and v3.17.2 printed
//! (`*.golden.json`: stdout, stderr and exit code). When the real binaries are installed
//! (`.ci/setup` puts them in `target/tools/helm/`), a second test runs them and checks the
//! goldens are still theirs; `STSPLAY_REGEN_HELM=1` rewrites the goldens from them.
//!
//! Normalisation: the temporary chart directory reads `$DIR`; our extra stderr line locating
//! an error in its template is checked apart (it must name a template and a position).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

const CASES: &str = include_str!("data/helm/cases.txt");

struct Case {
    name: String,
    release: Option<String>,
    args: Vec<String>,
    files: Vec<(String, String)>,
}

fn parse_cases(text: &str) -> Vec<Case> {
    let mut cases: Vec<Case> = Vec::new();
    let mut file: Option<(String, String)> = None;
    for line in text.split_inclusive('\n') {
        let bare = line.trim_end_matches('\n');
        if let Some(name) = bare.strip_prefix("=== ") {
            if let (Some(c), Some(f)) = (cases.last_mut(), file.take()) {
                c.files.push(f);
            }
            cases.push(Case {
                name: name.trim().to_string(),
                release: None,
                args: Vec::new(),
                files: Vec::new(),
            });
            continue;
        }
        let Some(c) = cases.last_mut() else { continue };
        if file.is_none() && bare.starts_with("args: ") {
            c.args = shell_words(&bare["args: ".len()..]);
            continue;
        }
        if file.is_none() && bare.starts_with("name: ") {
            c.release = Some(bare["name: ".len()..].to_string());
            continue;
        }
        if let Some(path) = bare.strip_prefix("file: ") {
            if let Some(f) = file.take() {
                c.files.push(f);
            }
            file = Some((path.to_string(), String::new()));
            continue;
        }
        if let Some((_, text)) = file.as_mut() {
            text.push_str(line);
        }
    }
    if let (Some(c), Some(f)) = (cases.last_mut(), file.take()) {
        c.files.push(f);
    }
    // A file's text ends with the line before the next marker; drop the blank separator.
    for c in &mut cases {
        for (_, t) in &mut c.files {
            if t.ends_with("\n\n") {
                t.pop();
            }
        }
    }
    cases
}

/// Words split at spaces; `\ ` is a space inside a word, any other backslash stays (`x\,y`
/// is helm's escaped comma).
fn shell_words(s: &str) -> Vec<String> {
    s.replace("\\ ", "\u{1}")
        .split_whitespace()
        .map(|w| w.replace('\u{1}', " "))
        .collect()
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

fn temp_dir() -> PathBuf {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let d = std::env::temp_dir().join(format!("stsplay-helm-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

fn write_chart(dir: &Path, case: &Case) -> PathBuf {
    let chart = dir.join("p");
    std::fs::create_dir_all(&chart).expect("chart dir");
    let mut files = case.files.clone();
    if !files.iter().any(|(p, _)| p == "Chart.yaml") {
        files.push((
            "Chart.yaml".into(),
            "apiVersion: v2\nname: p\nversion: 0.1.0\n".into(),
        ));
    }
    for (rel, text) in files {
        let path = chart.join(&rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("dir");
        std::fs::write(path, text).expect("write");
    }
    chart
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
struct Outcome {
    rc: i32,
    stdout: String,
    stderr: String,
    /// What `--output-dir $DIR/out` wrote: each file's path under it and text, in path order.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    files: String,
}

/// Takes what the run wrote under `$DIR/out` (and removes it, for the next run).
fn written(dir: &Path) -> String {
    fn walk(d: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(d) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else {
                out.push(p);
            }
        }
    }
    let root = dir.join("out");
    let mut paths = Vec::new();
    walk(&root, &mut paths);
    paths.sort();
    let mut text = String::new();
    for p in paths {
        let rel = p
            .strip_prefix(&root)
            .expect("under out")
            .display()
            .to_string();
        let body = std::fs::read_to_string(&p).unwrap_or_default();
        text.push_str(&format!("== {rel}\n{body}"));
    }
    let _ = std::fs::remove_dir_all(&root);
    text
}

/// `template [NAME] CHART ARGS`, `$DIR` in the arguments being the case's folder.
fn argv(chart: &Path, release: &Option<String>, args: &[String]) -> Vec<String> {
    let mut v = vec!["template".to_string()];
    if let Some(r) = release {
        v.push(r.clone());
    }
    v.push(chart.display().to_string());
    let dir = chart
        .parent()
        .expect("the case's folder")
        .display()
        .to_string();
    v.extend(args.iter().map(|a| a.replace("$DIR", &dir)));
    v
}

fn normalise(text: &str, dir: &Path) -> String {
    text.replace(&dir.display().to_string(), "$DIR")
}

/// Ours, in process; the location line is checked here and removed.
fn ours(dir: &Path, chart: &Path, release: &Option<String>, args: &[String], v: &str) -> Outcome {
    let mut a = argv(chart, release, args);
    a.extend(["--helm-version".to_string(), v.to_string()]);
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let rc = stsplay::cli::run(&a, &mut std::io::empty(), &mut out, &mut err);
    let stderr = String::from_utf8_lossy(&err).into_owned();
    let mut kept = Vec::new();
    for line in stderr.split_inclusive('\n') {
        if is_location(line) {
            continue;
        }
        kept.push(line);
    }
    Outcome {
        rc,
        stdout: normalise(&String::from_utf8_lossy(&out), dir),
        stderr: normalise(&kept.concat(), dir),
        files: written(dir),
    }
}

/// `p/templates/x.yaml:3:7: ...`: our extra line locating an error.
fn is_location(line: &str) -> bool {
    let Some((head, _)) = line.split_once(": ") else {
        return false;
    };
    let parts: Vec<&str> = head.rsplitn(3, ':').collect();
    parts.len() == 3
        && parts[0].parse::<u32>().is_ok()
        && parts[1].parse::<u32>().is_ok()
        && parts[2].starts_with("p/")
}

fn helm_binary(v: &str) -> PathBuf {
    let version = if v == "4" { "4.2.3" } else { "3.17.2" };
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("target/tools/helm/v{version}/helm"))
}

/// The real helm; log lines (timestamps, `level=`) are dropped, as we print none.
fn real(dir: &Path, chart: &Path, release: &Option<String>, args: &[String], v: &str) -> Outcome {
    let home = dir.join("helm-home");
    let out = Command::new(helm_binary(v))
        .args(argv(chart, release, args))
        .env("HELM_CACHE_HOME", &home)
        .env("HELM_CONFIG_HOME", &home)
        .env("HELM_DATA_HOME", &home)
        .env_remove("KUBECONFIG")
        .output()
        .expect("run helm");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let kept: String = stderr
        .split_inclusive('\n')
        .filter(|l| !is_log_line(l))
        .collect();
    Outcome {
        rc: out.status.code().unwrap_or(-1),
        stdout: normalise(&String::from_utf8_lossy(&out.stdout), dir),
        stderr: normalise(&kept, dir),
        files: written(dir),
    }
}

/// Log lines we do not print: timestamped ones and helm 3's symlink notes (`walk.go`). What
/// helm logs while it renders (`coalesce.go`, `manifest_sorter.go`; `level=INFO` in helm 4)
/// we print, and compare.
fn is_log_line(l: &str) -> bool {
    (l.len() > 20 && l.as_bytes()[4] == b'/' && l.as_bytes()[7] == b'/' && l.as_bytes()[13] == b':')
        || l.starts_with("walk.go:")
        || l.starts_with("level=DEBUG")
}

type Goldens = BTreeMap<String, BTreeMap<String, Outcome>>;

fn golden_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/it/data/helm/{name}.golden.json"))
}

fn load_goldens(name: &str) -> Goldens {
    std::fs::read_to_string(golden_path(name))
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default()
}

/// Every (case, version) where ours differs from the golden, with a short diff.
fn compare(
    name: &str,
    goldens: &Goldens,
    got: &BTreeMap<String, BTreeMap<String, Outcome>>,
) -> Vec<String> {
    let mut bad = Vec::new();
    for (case, by_version) in got {
        for (v, o) in by_version {
            match goldens.get(case).and_then(|g| g.get(v)) {
                None => bad.push(format!("{name}/{case} v{v}: no golden (run with STSPLAY_REGEN_HELM=1)")),
                Some(g) if g != o => bad.push(format!(
                    "{name}/{case} v{v}:\n  rc helm={} ours={}\n  stdout helm={:?}\n         ours={:?}\n  stderr helm={:?}\n         ours={:?}\n  files helm={:?}\n        ours={:?}",
                    g.rc, o.rc, g.stdout, o.stdout, g.stderr, o.stderr, g.files, o.files
                )),
                Some(_) => {}
            }
        }
    }
    bad
}

fn run_cases(
    f: impl Fn(&Path, &Path, &Option<String>, &[String], &str) -> Outcome,
) -> BTreeMap<String, BTreeMap<String, Outcome>> {
    let mut all = BTreeMap::new();
    for case in parse_cases(CASES) {
        let dir = temp_dir();
        let chart = write_chart(&dir, &case);
        let mut by = BTreeMap::new();
        for v in ["4", "3"] {
            by.insert(v.to_string(), f(&dir, &chart, &case.release, &case.args, v));
        }
        all.insert(case.name.clone(), by);
        let _ = std::fs::remove_dir_all(&dir);
    }
    all
}

#[test]
fn template_cases_match_helm() {
    let goldens = load_goldens("cases");
    let got = run_cases(ours);
    let bad = compare("cases", &goldens, &got);
    assert!(
        bad.is_empty(),
        "{} of {} differ from helm:\n{}",
        bad.len(),
        got.len() * 2,
        bad.join("\n")
    );
}

#[test]
fn goldens_are_what_the_real_helm_prints() {
    if !helm_binary("4").exists() || !helm_binary("3").exists() {
        eprintln!("skipped: the real helm binaries are not installed (run .ci/setup)");
        return;
    }
    let got = run_cases(real);
    if std::env::var_os("STSPLAY_REGEN_HELM").is_some() {
        let text = serde_json::to_string_pretty(&got).expect("json") + "\n";
        std::fs::write(golden_path("cases"), text).expect("write goldens");
        return;
    }
    let goldens = load_goldens("cases");
    let bad = compare("cases", &goldens, &got);
    assert!(
        bad.is_empty(),
        "goldens are stale (STSPLAY_REGEN_HELM=1 rewrites them):\n{}",
        bad.join("\n")
    );
}

#[test]
fn errors_are_located_in_their_template() {
    let case = parse_cases(CASES)
        .into_iter()
        .find(|c| c.name == "missing-nested-nil-pointer")
        .expect("case");
    let (rc, stderr) = template_stderr(&case);
    assert_eq!(rc, 1);
    assert!(
        stderr.ends_with("p/templates/t.yaml:1:14: nil pointer evaluating interface {}.b\n"),
        "{stderr}"
    );
}

/// `kubectl stsplay template` of the case's chart: its exit code and standard error.
fn template_stderr(case: &Case) -> (i32, String) {
    let dir = temp_dir();
    let chart = write_chart(&dir, case);
    let a = argv(&chart, &None, &[]);
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let rc = stsplay::cli::run(&a, &mut std::io::empty(), &mut out, &mut err);
    let _ = std::fs::remove_dir_all(&dir);
    (rc, String::from_utf8_lossy(&err).into_owned())
}

/// The location line is one line, even for a `fail` whose message is a block of lines (as
/// bitnami's values validation writes them).
#[test]
fn a_multi_line_failure_is_located_in_one_line() {
    let case = Case {
        name: "fail-block".into(),
        release: None,
        args: Vec::new(),
        files: vec![(
            "templates/t.yaml".into(),
            "x: 1\n{{ fail \"\\nVALUES VALIDATION:\\n\\np: tls\\n    set a secret\" }}\n".into(),
        )],
    };
    let (rc, stderr) = template_stderr(&case);
    assert_eq!(rc, 1);
    let helm_part = "Error: execution error at (p/templates/t.yaml:2:3): \nVALUES VALIDATION:\n\np: tls\n    set a secret\n\nUse --debug flag to render out invalid YAML\n";
    assert_eq!(
        stderr,
        format!("{helm_part}p/templates/t.yaml:2:4: VALUES VALIDATION: p: tls set a secret\n")
    );
}

const CHARTS: &str = include_str!("data/helm/charts.txt");

fn charts_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/data/helm/charts")
}

/// The course's chart and `helm create`'s (helm 4) are built-in examples of the playground.
fn visits_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("static/examples/charts/visits")
}

/// `charts.txt`: (key, chart, args) per line.
fn chart_runs() -> Vec<(String, String, Vec<String>)> {
    CHARTS
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (chart, args) = l.split_once(" | ").unwrap_or((l, ""));
            let args: Vec<String> = shell_words(args)
                .into_iter()
                .map(|a| a.trim_matches('\'').to_string())
                .collect();
            (l.to_string(), chart.trim().to_string(), args)
        })
        .collect()
}

fn run_charts(
    f: impl Fn(&Path, &Path, &Option<String>, &[String], &str) -> Outcome,
) -> BTreeMap<String, BTreeMap<String, Outcome>> {
    let dir = charts_dir();
    let mut all = BTreeMap::new();
    for (key, chart, args) in chart_runs() {
        // Values files named in the arguments live beside the charts.
        let args: Vec<String> = args
            .iter()
            .map(|a| {
                if a.starts_with("values-") && a.ends_with(".yaml") {
                    visits_dir().join(a).display().to_string()
                } else {
                    a.clone()
                }
            })
            .collect();
        let path = if chart.starts_with("./") {
            PathBuf::from(&chart)
        } else if chart == "visits" || chart == "create4" {
            visits_dir().with_file_name(&chart)
        } else {
            dir.join(&chart)
        };
        let mut by = BTreeMap::new();
        for v in ["4", "3"] {
            let mut o = f(&dir, &path, &None, &args, v);
            o.stdout = o.stdout.replace(&dir.display().to_string(), "$DIR");
            o.stderr = o.stderr.replace(&dir.display().to_string(), "$DIR");
            by.insert(v.to_string(), o);
        }
        all.insert(key, by);
    }
    all
}

#[test]
fn whole_charts_match_helm() {
    let goldens = load_goldens("charts");
    let got = run_charts(ours);
    let bad = compare("charts", &goldens, &got);
    assert!(
        bad.is_empty(),
        "{} of {} differ from helm:\n{}",
        bad.len(),
        got.len() * 2,
        bad.join("\n")
    );
}

#[test]
fn chart_goldens_are_what_the_real_helm_prints() {
    if !helm_binary("4").exists() || !helm_binary("3").exists() {
        eprintln!("skipped: the real helm binaries are not installed (run .ci/setup)");
        return;
    }
    let got = run_charts(real);
    if std::env::var_os("STSPLAY_REGEN_HELM").is_some() {
        let text = serde_json::to_string_pretty(&got).expect("json") + "\n";
        std::fs::write(golden_path("charts"), text).expect("write goldens");
        return;
    }
    let bad = compare("charts", &load_goldens("charts"), &got);
    assert!(
        bad.is_empty(),
        "goldens are stale (STSPLAY_REGEN_HELM=1 rewrites them):\n{}",
        bad.join("\n")
    );
}

/// `lint -f CHART`: diagnostics about rendered objects point at template lines.
fn check_lint(args: &[&str], expected: &str) {
    let dir = charts_dir();
    let mut a: Vec<String> = vec![
        "lint".into(),
        "-f".into(),
        visits_dir().display().to_string(),
    ];
    a.extend(args.iter().map(|s| s.to_string()));
    let (mut out, mut err) = (Vec::new(), Vec::new());
    stsplay::cli::run(&a, &mut std::io::empty(), &mut out, &mut err);
    let _ = dir;
    let text = String::from_utf8_lossy(&out);
    assert!(
        text.contains(expected),
        "{text}\n--- stderr\n{}",
        String::from_utf8_lossy(&err)
    );
}

#[test]
fn lint_of_a_chart_points_at_template_lines() {
    check_lint(
        &["--set", "image.pullPolicy=Sometimes"],
        "visits/templates/statefulset.yaml:30:31: error: spec.template.spec.containers[0].imagePullPolicy: Unsupported value: \"Sometimes\"",
    );
    check_lint(
        &["--set", "replicaCount=-1"],
        "visits/templates/statefulset.yaml:9:16: error: spec.replicas: Invalid value: -1",
    );
    check_lint(
        &["--set", "persistence.size=lots"],
        "visits/templates/statefulset.yaml:75:25: error: spec.volumeClaimTemplates[0].spec.resources.requests[storage]",
    );
    // A render error is itself a located diagnostic.
    check_lint(
        &["--set", "service.type=NodePort", "--set", "env=3"],
        "visits/templates/statefulset.yaml",
    );
    check_lint(
        &["--helm-version", "3", "--set", "hooks=oops"],
        "error: template: visits/templates/hooks.yaml:1:14: executing \"visits/templates/hooks.yaml\" at <.Values.hooks.enabled>: can't evaluate field enabled in type interface {} [template-error]",
    );
}

/// A wrong `nindent` renders valid YAML with keys at the wrong depth: the lint says where each
/// key belongs, at the template line that wrote it.
#[test]
fn nindent_mistakes_are_linted_at_their_template_line() {
    let dir = temp_dir();
    let chart = dir.join("web");
    std::fs::create_dir_all(chart.join("templates")).expect("dir");
    std::fs::write(
        chart.join("Chart.yaml"),
        "apiVersion: v2\nname: web\nversion: 0.1.0\n",
    )
    .expect("write");
    std::fs::write(
        chart.join("values.yaml"),
        "resources:\n  limits:\n    cpu: 100m\n",
    )
    .expect("write");
    std::fs::write(
        chart.join("templates/sts.yaml"),
        "apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: web
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
          resources:
          {{- toYaml .Values.resources | nindent 10 }}
",
    )
    .expect("write");
    let argv: Vec<String> = vec!["lint".into(), "-f".into(), chart.display().to_string()];
    let (mut out, mut err) = (Vec::new(), Vec::new());
    stsplay::cli::run(&argv, &mut std::io::empty(), &mut out, &mut err);
    let text = String::from_utf8_lossy(&out);
    for want in [
        "web/templates/sts.yaml:18:11: info: spec.template.spec.containers[0].resources: \"resources\" is empty (null)",
        "web/templates/sts.yaml:19:15: error: spec.template.spec.containers[0].limits: unknown field",
        "web/templates/sts.yaml:19:15: warning: spec.template.spec.containers[0].limits: \"limits\" belongs under \"resources\", which is empty just above it: indent it (and the lines that go with it) 2 more spaces [misindented-key]",
    ] {
        assert!(text.contains(want), "{want}\nnot in:\n{text}");
    }
}

/// A typo in a values path renders as nothing, silently in helm: the lint names the path and
/// the nearest key that exists, where the template reads it, even when rendering then fails.
#[test]
fn a_missing_value_suggests_the_nearest_key() {
    let dir = temp_dir();
    let chart = dir.join("visits");
    for entry in walk(&visits_dir()) {
        let rel = entry.strip_prefix(visits_dir()).expect("inside");
        let to = chart.join(rel);
        std::fs::create_dir_all(to.parent().expect("parent")).expect("dir");
        let mut text = std::fs::read_to_string(&entry).expect("read");
        if rel.ends_with("templates/statefulset.yaml") {
            text = text
                .replace(".Values.replicaCount", ".Values.replicaCont")
                .replace(".Values.persistence.size", ".Values.persistance.size");
        }
        std::fs::write(to, text).expect("write");
    }
    let argv: Vec<String> = vec!["lint".into(), "-f".into(), chart.display().to_string()];
    let (mut out, mut err) = (Vec::new(), Vec::new());
    stsplay::cli::run(&argv, &mut std::io::empty(), &mut out, &mut err);
    let text = String::from_utf8_lossy(&out);
    for want in [
        "visits/templates/statefulset.yaml:9:23: warning: .Values.replicaCont is not in the values, so it renders as nothing (did you mean .Values.replicaCount?) [missing-value]",
        "visits/templates/statefulset.yaml:75:32: warning: .Values.persistance is not in the values, so it renders as nothing (did you mean .Values.persistence?) [missing-value]",
        "nil pointer evaluating interface {}.size [template-error]",
    ] {
        assert!(text.contains(want), "{want}\nnot in:\n{text}");
    }
    // A path read on purpose without a near key (`with .Values.podLabels` when unset) is not
    // a typo: the shipped charts read such paths and get no warning.
    for chart in [visits_dir(), visits_dir().with_file_name("create4")] {
        let argv: Vec<String> = vec!["lint".into(), "-f".into(), chart.display().to_string()];
        let mut out = Vec::new();
        stsplay::cli::run(&argv, &mut std::io::empty(), &mut out, &mut Vec::new());
        assert!(!String::from_utf8_lossy(&out).contains("missing-value"));
    }
}

/// Every file below `dir`.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// A DER value's shape: tags and nesting, with the object identifiers, booleans and strings
/// it holds, but not its numbers, bit strings, octet strings or times (keys, serial numbers,
/// signatures and dates differ from run to run in helm).
fn der_shape(der: &[u8]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i + 1 < der.len() {
        let tag = der[i];
        let first = der[i + 1] as usize;
        let (len, head) = if first < 0x80 {
            (first, 2)
        } else {
            let k = first & 0x7f;
            let mut n = 0usize;
            for b in &der[i + 2..i + 2 + k] {
                n = (n << 8) | *b as usize;
            }
            (n, 2 + k)
        };
        let content = &der[i + head..(i + head + len).min(der.len())];
        match tag {
            0x30 | 0x31 | 0xa0..=0xa3 => {
                out.push_str(&format!("{tag:02x}({})", der_shape(content)))
            }
            0x06 | 0x01 | 0x0c | 0x13 | 0x82 | 0x87 => {
                out.push_str(&format!("{tag:02x}:{} ", hex(content)))
            }
            _ => out.push_str(&format!("{tag:02x} ")),
        }
        i += head + len;
    }
    out
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Keys, certificates and bcrypt hashes are random in helm and seeded here: ours must have
/// the shape of helm's (the same ASN.1 structure, algorithms, names, extensions and key
/// sizes), be valid (`helm::crypto`'s unit tests verify signatures and hashes) and render in
/// every real chart that makes them.
#[test]
fn keys_and_certificates_have_helms_shape() {
    if !helm_binary("4").exists() || !helm_binary("3").exists() {
        eprintln!("skipped: the real helm binaries are not installed (run .ci/setup)");
        return;
    }
    let template = r#"{{- $ca := genCA "my-ca" 365 }}
{{- $cert := genSignedCert "web.default.svc" (list "10.0.0.1" "::1") (list "web" "web.default") 30 $ca }}
{{- $self := genSelfSignedCert "" nil (list "x.example") 10 }}
{{- $own := genSelfSignedCertWithKey "own" (list "192.168.1.1") nil 5 (genPrivateKey "rsa") }}
ca: {{ $ca.Cert | b64enc }}
caKey: {{ $ca.Key | b64enc }}
signed: {{ $cert.Cert | b64enc }}
signedKey: {{ $cert.Key | b64enc }}
self: {{ $self.Cert | b64enc }}
own: {{ $own.Cert | b64enc }}
rsa: {{ genPrivateKey "rsa" | b64enc }}
ecdsa: {{ genPrivateKey "ecdsa" | b64enc }}
ed25519: {{ genPrivateKey "ed25519" | b64enc }}
dsa: {{ genPrivateKey "dsa" | b64enc }}
custom: {{ (buildCustomCert ($ca.Cert | b64enc) ($ca.Key | b64enc)).Cert | b64enc }}
htpasswd: {{ htpasswd "user" "pass" | len }} {{ htpasswd "user" "pass" | trunc 12 }}
bcrypt: {{ bcrypt "" | len }} {{ bcrypt "x" | trunc 7 }}
type: {{ typeOf $ca }} {{ keys (toJson $ca | fromJson) | sortAlpha }}
unknown: {{ genPrivateKey "ecdsa-p384" }}
"#;
    let case = Case {
        name: "crypto".into(),
        release: None,
        args: Vec::new(),
        files: vec![("templates/t.yaml".into(), template.into())],
    };
    let dir = temp_dir();
    let chart = write_chart(&dir, &case);
    for v in ["4", "3"] {
        let shapes = |o: Outcome| -> Vec<String> {
            assert_eq!(o.rc, 0, "helm {v}: {}", o.stderr);
            o.stdout
                .lines()
                .filter_map(|l| l.split_once(": "))
                .map(|(k, val)| {
                    let pem = stsplay::helm::convert::base64_decode(val)
                        .ok()
                        .and_then(|b| String::from_utf8(b).ok())
                        .and_then(|t| stsplay::helm::crypto::pem_decode(&t));
                    match pem {
                        Some(p) => format!("{k}: {} {}", p.kind, der_shape(&p.der)),
                        None => format!("{k}: {val}"),
                    }
                })
                .collect()
        };
        let ours = shapes(ours(&dir, &chart, &None, &[], v));
        let real = shapes(real(&dir, &chart, &None, &[], v));
        assert_eq!(ours, real, "helm {v}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

// --- helm lint --------------------------------------------------------------------------------

const LINT: &str = include_str!("data/helm/lint.txt");

/// A lint case: `create: yes` (the chart starts as `helm create p` writes it) and its files.
fn lint_case(case: &Case) -> (bool, Vec<(String, String)>) {
    let create = LINT
        .split("=== ")
        .any(|c| c.starts_with(&format!("{}\ncreate: yes", case.name)));
    (create, case.files.clone())
}

/// A setting of the case written before its files (`command: show all`).
fn lint_setting<'a>(case: &Case, key: &str) -> Option<&'a str> {
    LINT.split("=== ")
        .find(|c| c.starts_with(&format!("{}\n", case.name)))
        .and_then(|c| {
            c.lines()
                .take_while(|l| !l.starts_with("file: "))
                .find_map(|l| l.strip_prefix(key)?.strip_prefix(": "))
        })
}

/// The case's helm command before the chart: `command: show all`, or `lint`.
fn lint_command(case: &Case) -> Vec<String> {
    lint_setting(case, "command")
        .unwrap_or("lint")
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

/// `helm lint p ARGS` in our terminal, with the chart among the machine's files.
fn lint_ours(case: &Case, version: &str) -> Outcome {
    use stsplay::kubectl::Session;
    use stsplay::sim::{SimOptions, Simulation};
    let sim = Simulation::new(
        &stsplay::Analysis::default(),
        &stsplay::Options::default(),
        &SimOptions::default(),
    );
    let mut session = Session::new(sim);
    session.helm = stsplay::helm::Version::parse(version).expect("a helm version");
    let (create, files) = lint_case(case);
    if create {
        session.run("helm create p");
    } else if !files.iter().any(|(p, _)| p == "Chart.yaml") {
        session.files.insert(
            "p/Chart.yaml".into(),
            "apiVersion: v2\nname: p\nversion: 0.1.0\n".into(),
        );
    }
    for (p, t) in files {
        session.files.insert(format!("p/{p}"), t);
    }
    let line = format!(
        "helm {} p {}",
        lint_command(case).join(" "),
        case.args.join(" ")
    );
    let o = session.run(line.trim_end());
    let norm = |s: String| s.replace("/home/student", "$DIR");
    Outcome {
        rc: o.code,
        stdout: norm(o.stdout()),
        stderr: norm(o.stderr()),
        files: String::new(),
    }
}

/// The real helm (`version`, 4 or 3) in a temporary folder holding `p`.
fn lint_real(case: &Case, version: &str) -> Outcome {
    let dir = temp_dir();
    let (create, files) = lint_case(case);
    let home = dir.join("helm-home");
    let helm = |args: &[String]| {
        Command::new(helm_binary(version))
            .args(args)
            .current_dir(&dir)
            .env("HELM_CACHE_HOME", &home)
            .env("HELM_CONFIG_HOME", &home)
            .env("HELM_DATA_HOME", &home)
            .env_remove("KUBECONFIG")
            .output()
            .expect("run helm")
    };
    if create {
        helm(&["create".to_string(), "p".to_string()]);
        write_files(&dir.join("p"), &files);
    } else {
        write_chart(&dir, case);
    }
    let mut args = lint_command(case);
    args.push("p".to_string());
    args.extend(case.args.iter().cloned());
    let out = helm(&args);
    // helm 4's debug lines are ours too (`--debug`); timestamped ones are not printed.
    let stderr = String::from_utf8_lossy(&out.stderr);
    let kept: String = stderr
        .split_inclusive('\n')
        .filter(|l| !is_log_line(l) || l.starts_with("level=DEBUG"))
        .collect();
    let o = Outcome {
        rc: out.status.code().unwrap_or(-1),
        stdout: normalise(&String::from_utf8_lossy(&out.stdout), &dir),
        stderr: normalise(&kept, &dir),
        files: String::new(),
    };
    let _ = std::fs::remove_dir_all(&dir);
    o
}

fn write_files(chart: &Path, files: &[(String, String)]) {
    for (rel, text) in files {
        let path = chart.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("dir");
        std::fs::write(path, text).expect("write");
    }
}

fn lint_runs(f: impl Fn(&Case, &str) -> Outcome) -> BTreeMap<String, BTreeMap<String, Outcome>> {
    parse_cases(LINT)
        .iter()
        .map(|c| {
            // `helm: 4`: a case helm 3 cannot be compared on (its debug lines carry the time).
            let versions = lint_setting(c, "helm").map_or(vec!["4", "3"], |v| vec![v]);
            let by = versions.into_iter().map(|v| (v.to_string(), f(c, v)));
            (c.name.clone(), by.collect())
        })
        .collect()
}

#[test]
fn helm_lint_matches_helm() {
    let goldens = load_goldens("lint");
    let bad = compare("lint", &goldens, &lint_runs(lint_ours));
    assert!(
        bad.is_empty(),
        "{} differ from helm lint:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

/// Needs the real helm (`.ci/setup` installs it); skipped without it.
#[test]
fn lint_goldens_are_what_the_real_helm_prints() {
    if !helm_binary("4").exists() {
        eprintln!("skipped: no real helm under target/tools/helm");
        return;
    }
    let got = lint_runs(lint_real);
    if std::env::var_os("STSPLAY_REGEN_HELM").is_some() {
        let text = serde_json::to_string_pretty(&got).expect("json") + "\n";
        std::fs::write(golden_path("lint"), text).expect("write goldens");
    }
    let bad = compare("lint", &load_goldens("lint"), &got);
    assert!(
        bad.is_empty(),
        "goldens are stale (STSPLAY_REGEN_HELM=1 rewrites them):\n{}",
        bad.join("\n")
    );
}
