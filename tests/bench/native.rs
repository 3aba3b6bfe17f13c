//! Native benchmarks, run by `.ci/bench` (not a test): `cargo bench --bench native [-- --json PATH]`.
//!
//! 1. Parse + schema check + validate + derive (`stsplay::analyze`, what every edit and every
//!    `kubectl stsplay lint` runs) for the kubernetes.io example and with 1,000 and 10,000 replicas.
//! 2. The simulation: create the example StatefulSet with N replicas and run until it settles,
//!    then change its image and run the whole rolling update until it settles, for N = 100,
//!    1,000 and 10,000: time, timeline entries ("events") per second, growth per 10x replicas.
//!    `src/web/bench.rs` runs the same steps in WebAssembly for the browser figures.
//!
//! 3. Long waits in the terminal: a `sleep` of a week in a session whose set is requeued every
//!    minReadySeconds for a claim that never binds, and in one with a crash-looping pod.
//!
//! 4. A Helm chart as every edit of it in the playground runs it (`stsplay::charts::analyze`:
//!    render as `helm template` does, analyse the release, map diagnostics and output lines
//!    back to template lines), for the lab's chart and `helm create`'s, helm 4 and helm 3.
//!
//! Every figure is the median of repeated runs; the JSON holds what BENCHMARKS.md shows.

use std::time::Instant;

/// The allocator `kubectl-stsplay` runs with (src/bin/kubectl-stsplay.rs), so the figures are
/// the plugin's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use stsplay::sim::ops::Step;
use stsplay::sim::{SimOptions, Simulation};
use stsplay::{Input, Options};

const EXAMPLE: &str = include_str!("../../static/examples/web.yaml");

/// The long waits measured: (label, manifest, commands run first, the wait).
const WAITS: &[(&str, &str, &[&str], &str)] = &[
    (
        "a week, the set's claim never binds (requeued every minReadySeconds)",
        include_str!("../it/data/web-concept.yaml"),
        &["sleep 1"],
        "sleep 604800",
    ),
    (
        "a week, one pod whose liveness probe always fails (CrashLoopBackOff)",
        include_str!("../../static/scenarios/lab.yaml"),
        &["sleep 60", "fault visits-0 live=fail"],
        "sleep 604800",
    ),
];

/// The example manifest with `replicas` replicas.
fn manifest(replicas: u64) -> String {
    EXAMPLE.replace("replicas: 2", &format!("replicas: {replicas}"))
}

fn analyze(text: &str) -> stsplay::Analysis {
    stsplay::analyze(
        &[Input {
            name: "bench.yaml",
            text,
        }],
        &Options::default(),
    )
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n == 0 {
        f64::NAN
    } else if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Runs `f` at least `min` and at most `max` times, stopping once `budget_s` seconds have
/// gone by; returns each run's milliseconds.
fn repeat(min: usize, max: usize, budget_s: f64, mut f: impl FnMut()) -> Vec<f64> {
    let start = Instant::now();
    let mut out = Vec::new();
    while out.len() < max && (out.len() < min || start.elapsed().as_secs_f64() < budget_s) {
        let t = Instant::now();
        f();
        out.push(t.elapsed().as_secs_f64() * 1e3);
    }
    out
}

/// One create + rolling update: (create ms, update ms, timeline entries).
fn rollout(text: &str) -> (f64, f64, usize) {
    let settle = |sim: &mut Simulation| (0..10_000).any(|_| sim.run(None).settled);
    let t0 = Instant::now();
    let mut sim = Simulation::new(&analyze(text), &Options::default(), &SimOptions::default());
    assert!(settle(&mut sim), "the creation did not settle");
    let t1 = Instant::now();
    let step = Step::Image {
        container: "nginx".into(),
        image: "registry.k8s.io/nginx-slim:0.27".into(),
    };
    sim.apply(&step).expect("image step");
    assert!(settle(&mut sim), "the rolling update did not settle");
    let t2 = Instant::now();
    for s in sim.world.sets.values() {
        assert_eq!(s.status.updated, s.spec.replicas, "every pod updated");
        assert_eq!(s.status.current_revision, s.status.update_revision);
    }
    let events = sim.world.log.len();

    (
        (t1 - t0).as_secs_f64() * 1e3,
        (t2 - t1).as_secs_f64() * 1e3,
        events,
    )
}

/// The value after `flag` on the command line.
fn arg<T: std::str::FromStr>(args: &[String], flag: &str) -> Option<T> {
    let i = args.iter().position(|a| a == flag)?;
    args.get(i + 1)?.parse().ok()
}

fn main() {
    // `--json PATH` writes the figures; `--sim-only` skips analyze; `--max-replicas N` skips
    // bigger simulations; `--replicas N --runs K` simulates one size K times (for profiling).
    let args: Vec<String> = std::env::args().collect();
    let json_path: Option<String> = arg(&args, "--json");
    let only_sim = args.iter().any(|a| a == "--sim-only");
    let max_replicas: u64 = arg(&args, "--max-replicas").unwrap_or(10_000);
    let only: Option<u64> = arg(&args, "--replicas");
    let runs: Option<usize> = arg(&args, "--runs");

    let mut analyze_rows = Vec::new();
    if !only_sim {
        println!("parse + validate + derive (stsplay::analyze), native, median:");
        for (label, replicas) in [
            ("example (2 replicas)", 2),
            ("1,000 replicas", 1_000),
            ("10,000 replicas", 10_000),
        ] {
            let text = manifest(replicas);
            let diagnostics = analyze(&text).diagnostics.len();
            let runs = repeat(5, 2_000, 2.0, || {
                std::hint::black_box(analyze(std::hint::black_box(&text)));
            });
            let ms = median(runs.clone());
            println!(
                "  {label:<22} {ms:>9.3} ms  ({} runs, {diagnostics} diagnostics)",
                runs.len()
            );
            analyze_rows.push(serde_json::json!({
                "label": label, "replicas": replicas, "ms": ms, "runs": runs.len(), "diagnostics": diagnostics,
            }));
        }
    }

    let mut chart_rows = Vec::new();
    if !only_sim {
        println!(
            "Helm chart: render + analyse + source map (stsplay::charts::analyze), native, median:"
        );
        for (label, id) in [
            ("the lab's chart (visits)", "visits"),
            ("helm create's chart", "helm-create"),
        ] {
            for version in [stsplay::helm::Version::V4, stsplay::helm::Version::V3] {
                let spec = stsplay::charts::ChartSpec {
                    files: stsplay::charts::example(id).expect("a built-in chart"),
                    release: "my-app".into(),
                    sets: String::new(),
                    version,
                };
                let view = stsplay::charts::analyze(&spec, &Options::default());
                assert!(view.failure.is_none(), "{id} renders");
                let lines = view.rendered.lines().count();
                let runs = repeat(5, 2_000, 2.0, || {
                    std::hint::black_box(stsplay::charts::analyze(
                        std::hint::black_box(&spec),
                        &Options::default(),
                    ));
                });
                let ms = median(runs.clone());
                let helm = if version == stsplay::helm::Version::V4 {
                    4
                } else {
                    3
                };
                println!(
                    "  {label:<26} helm {helm}  {ms:>9.3} ms  ({} runs, {lines} rendered lines)",
                    runs.len()
                );
                chart_rows.push(serde_json::json!({
                    "label": label, "helm": helm, "ms": ms, "runs": runs.len(), "lines": lines,
                }));
            }
        }
    }

    let mut wait_rows = Vec::new();
    if !only_sim {
        println!("long waits in the terminal (`sleep`), native, median:");
        for (label, text, setup, wait) in WAITS {
            let a = analyze(text);
            let mut runs = Vec::new();
            let mut fired = 0;
            for _ in 0..5 {
                let opts = Options::default();
                let mut s = stsplay::kubectl::Session::new(Simulation::new(
                    &a,
                    &opts,
                    &SimOptions::default(),
                ));
                for line in *setup {
                    assert_eq!(s.run(line).code, 0, "{line}");
                }
                let before = s.sim.world.fired;
                let t = Instant::now();
                assert_eq!(s.run(wait).code, 0, "{wait}");
                runs.push(t.elapsed().as_secs_f64() * 1e3);
                fired = s.sim.world.fired - before;
            }
            let ms = median(runs);
            println!("  {label:<70} {ms:>9.3} ms  ({fired} timers fired)");
            wait_rows.push(serde_json::json!({
                "label": label, "wait": wait, "ms": ms, "fired": fired,
            }));
        }
    }

    println!("simulation: create + full rolling update, native, median:");
    let mut sim_rows = Vec::new();
    let sizes = only.map_or(vec![100u64, 1_000, 10_000], |n| vec![n]);
    for replicas in sizes {
        if replicas > max_replicas {
            continue;
        }
        let text = manifest(replicas);
        // Big sets run a fixed number of times; small ones repeat for a few seconds.
        let (min, max, budget) = match runs {
            Some(k) => (k, k, 0.0),
            // A few seconds a run (a sync costs what changed since the last, `sim::view`).
            // Five, for a median that one slow run on a noisy VM does not move.
            None if replicas >= 10_000 => (5, 5, 0.0),
            None => (5, 50, 5.0),
        };
        let mut creates = Vec::new();
        let mut updates = Vec::new();
        let mut events = 0;
        let totals = repeat(min, max, budget, || {
            let (c, u, e) = rollout(&text);
            creates.push(c);
            updates.push(u);
            events = e;
        });
        let total = median(totals.clone());
        let (create, update) = (median(creates), median(updates));
        let per_s = events as f64 / (total / 1e3);
        println!(
            "  {replicas:>6} replicas  create {create:>10.1} ms  update {update:>10.1} ms  total {total:>10.1} ms  {events:>8} events  {per_s:>10.0} events/s  ({} runs)",
            totals.len()
        );
        sim_rows.push(serde_json::json!({
            "replicas": replicas, "create_ms": create, "update_ms": update, "total_ms": total,
            "events": events, "events_per_s": per_s, "runs": totals.len(),
        }));
    }
    for w in sim_rows.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        println!(
            "  growth {} -> {} replicas: time x{:.1}, events x{:.1}",
            a["replicas"],
            b["replicas"],
            b["total_ms"].as_f64().unwrap_or(0.0) / a["total_ms"].as_f64().unwrap_or(1.0),
            b["events"].as_f64().unwrap_or(0.0) / a["events"].as_f64().unwrap_or(1.0),
        );
    }

    if let Some(path) = json_path {
        let out = serde_json::json!({ "analyze": analyze_rows, "charts": chart_rows, "waits": wait_rows, "sim": sim_rows });
        std::fs::write(path, serde_json::to_string_pretty(&out).expect("json"))
            .expect("write the JSON results");
    }
}
