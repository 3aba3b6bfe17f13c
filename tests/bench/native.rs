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

/// One run of the simulation: create ms, update ms, timeline entries, and the milliseconds of
/// it the kernel spent on the process (system CPU time: mostly providing the fresh memory the
/// run touches).
#[derive(Clone, Copy)]
struct Run {
    create: f64,
    update: f64,
    events: usize,
    kernel: f64,
}

impl Run {
    fn total(&self) -> f64 {
        self.create + self.update
    }
}

/// The process's system CPU time so far, in milliseconds.
#[cfg(unix)]
fn kernel_ms() -> f64 {
    // SAFETY: getrusage only writes the struct it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    usage.ru_stime.tv_sec as f64 * 1e3 + usage.ru_stime.tv_usec as f64 / 1e3
}

#[cfg(not(unix))]
fn kernel_ms() -> f64 {
    0.0
}

/// One create + rolling update.
fn rollout(text: &str) -> Run {
    let settle = |sim: &mut Simulation| (0..10_000).any(|_| sim.run(None).settled);
    let k0 = kernel_ms();
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
    let kernel = kernel_ms() - k0;
    for s in sim.world.sets.values() {
        assert_eq!(s.status.updated, s.spec.replicas, "every pod updated");
        assert_eq!(s.status.current_revision, s.status.update_revision);
    }
    Run {
        create: (t1 - t0).as_secs_f64() * 1e3,
        update: (t2 - t1).as_secs_f64() * 1e3,
        events: sim.world.log.len(),
        kernel,
    }
}

/// `rollout` of the example with `replicas` replicas in a new process of this benchmark
/// (`--child N`, which prints the figures).
fn rollout_in_child(replicas: u64) -> Run {
    let exe = std::env::current_exe().expect("the benchmark's own path");
    let out = std::process::Command::new(exe)
        .args(["--child", &replicas.to_string()])
        .output()
        .expect("run the benchmark as a child");
    let text = String::from_utf8_lossy(&out.stdout);
    let mut figures = text.split_whitespace();
    let mut next = || figures.next().and_then(|f| f.parse::<f64>().ok());
    match (out.status.success(), next(), next(), next(), next()) {
        (true, Some(create), Some(update), Some(events), Some(kernel)) => Run {
            create,
            update,
            events: events as usize,
            kernel,
        },
        _ => panic!(
            "the child run of {replicas} replicas failed: {text}{}",
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}

/// The value after `flag` on the command line.
fn arg<T: std::str::FromStr>(args: &[String], flag: &str) -> Option<T> {
    let i = args.iter().position(|a| a == flag)?;
    args.get(i + 1)?.parse().ok()
}

fn main() {
    // `--json PATH` writes the figures; `--sim-only` skips analyze; `--max-replicas N` skips
    // bigger simulations; `--replicas N --runs K` simulates one size K times in this process
    // (for profiling); `--child N` is one run in a child process.
    let args: Vec<String> = std::env::args().collect();
    if let Some(replicas) = arg::<u64>(&args, "--child") {
        let r = rollout(&manifest(replicas));
        println!("{} {} {} {}", r.create, r.update, r.events, r.kernel);
        return;
    }
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
    let sizes: Vec<u64> = only
        .map_or(vec![100u64, 1_000, 10_000], |n| vec![n])
        .into_iter()
        .filter(|n| *n <= max_replicas)
        .collect();
    let texts: Vec<String> = sizes.iter().map(|n| manifest(*n)).collect();
    // Each run is a fresh process, as each `kubectl stsplay` is: the memory a run touches is
    // new to it, whatever its size (in one process, a run reuses what the allocator kept of
    // the last one, which depends on the size). The sizes take turns, round after round, so
    // a VM that speeds up or slows down during the benchmark moves all of them alike; growth
    // is the median of each round's ratio. A round runs each size 5 times, 10,000 replicas once.
    let rounds = runs.unwrap_or(5);
    let per_round = |n: u64| if runs.is_some() || n >= 10_000 { 1 } else { 5 };
    // [size][round] = the runs.
    let mut measured: Vec<Vec<Vec<Run>>> = vec![Vec::new(); sizes.len()];
    for _ in 0..rounds {
        for (i, (replicas, text)) in sizes.iter().zip(&texts).enumerate() {
            let round = (0..per_round(*replicas))
                .map(|_| match runs {
                    // Profiling: every run in this process.
                    Some(_) => rollout(text),
                    None => rollout_in_child(*replicas),
                })
                .collect();
            measured[i].push(round);
        }
    }
    let mut sim_rows = Vec::new();
    for (replicas, rounds) in sizes.iter().zip(&measured) {
        let all: Vec<&Run> = rounds.iter().flatten().collect();
        let total = median(all.iter().map(|r| r.total()).collect());
        let create = median(all.iter().map(|r| r.create).collect());
        let update = median(all.iter().map(|r| r.update).collect());
        let kernel: Vec<f64> = all.iter().map(|r| r.kernel).collect();
        let (kernel_min, kernel_max) = (
            kernel.iter().copied().fold(f64::INFINITY, f64::min),
            kernel.iter().copied().fold(0.0, f64::max),
        );
        let kernel = median(kernel);
        let events = all.last().map_or(0, |r| r.events);
        let per_s = events as f64 / (total / 1e3);
        println!(
            "  {replicas:>6} replicas  create {create:>10.1} ms  update {update:>10.1} ms  total {total:>10.1} ms  {events:>8} events  {per_s:>10.0} events/s  kernel {kernel:.0} ms ({kernel_min:.0}-{kernel_max:.0})  ({} runs)",
            all.len()
        );
        sim_rows.push(serde_json::json!({
            "replicas": replicas, "create_ms": create, "update_ms": update, "total_ms": total,
            "events": events, "events_per_s": per_s, "runs": all.len(),
            "kernel_ms": kernel, "kernel_min_ms": kernel_min, "kernel_max_ms": kernel_max,
        }));
    }
    // Growth: the median over rounds of the ratio of the two sizes' medians in that round;
    // also of the time outside the kernel (the wall time less the system CPU time), which the
    // VM's cost of providing fresh memory does not move.
    let round_median =
        |round: &Vec<Run>, f: &dyn Fn(&Run) -> f64| median(round.iter().map(f).collect());
    for i in 1..sim_rows.len() {
        let growth_of = |f: &dyn Fn(&Run) -> f64| {
            let ratios: Vec<f64> = measured[i - 1]
                .iter()
                .zip(&measured[i])
                .map(|(ra, rb)| round_median(rb, f) / round_median(ra, f))
                .collect();
            (ratios.len(), median(ratios))
        };
        let (rounds, growth) = growth_of(&|r| r.total());
        let (_, growth_user) = growth_of(&|r| r.total() - r.kernel);
        let (a, b) = (&sim_rows[i - 1], &sim_rows[i]);
        println!(
            "  growth {} -> {} replicas: time x{growth:.1} (median of {rounds} rounds' ratios; x{growth_user:.1} outside the kernel), events x{:.1}",
            a["replicas"],
            b["replicas"],
            b["events"].as_f64().unwrap_or(0.0) / a["events"].as_f64().unwrap_or(1.0),
        );
        sim_rows[i]["growth"] = serde_json::json!(growth);
        sim_rows[i]["growth_user"] = serde_json::json!(growth_user);
    }

    if let Some(path) = json_path {
        let out = serde_json::json!({ "analyze": analyze_rows, "charts": chart_rows, "waits": wait_rows, "sim": sim_rows });
        std::fs::write(path, serde_json::to_string_pretty(&out).expect("json"))
            .expect("write the JSON results");
    }
}
