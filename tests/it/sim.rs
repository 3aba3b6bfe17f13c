//! The simulation (the controller in `pkg/controller/statefulset`, the kubelet's prober, CoreDNS): scenarios that each show one behaviour
//! of the controller, the kubelet or DNS as a compact timeline, and property tests that check
//! invariants over random manifests and operation sequences.
//!
//! A scenario's timeline lists, per step, the pods and claims created, deleted and gone, pods
//! becoming running, ready or unready, restarts, failures, revisions, what the controller
//! waits for and what is blocked; then the final status. Revisions are shown as letters (A is
//! the first revision created, B the second, ...), times in virtual seconds.

use expect_test::{Expect, expect};
use std::collections::BTreeMap;
use stsplay::kubectl::Session;
use stsplay::sim::rng::Rng;
use stsplay::sim::world::{Action, Phase};
use stsplay::sim::{SimOptions, Simulation, ops};
use stsplay::version::Profile;
use stsplay::{Input, Options};

/// Builds a simulation of `manifest` (Kubernetes 1.`minor`, `seed`) with `faults` in force,
/// and runs it until it settles.
fn start(manifest: &str, faults: &[&str], seed: u64, minor: u32) -> Simulation {
    let mut sim = unstarted(manifest, faults, seed, minor);
    sim.run(None);
    sim
}

/// The simulation of `start`, the manifest applied but the clock not yet run.
fn unstarted(manifest: &str, faults: &[&str], seed: u64, minor: u32) -> Simulation {
    let opts = Options {
        profile: Profile::v1(minor),
        ..Options::default()
    };
    let analysis = stsplay::analyze(
        &[Input {
            name: "test.yaml",
            text: manifest,
        }],
        &opts,
    );
    let faults = faults
        .iter()
        .map(|f| ops::parse_fault(f).unwrap_or_else(|e| panic!("bad fault {f:?}: {e}")))
        .collect();
    let sim_opts = SimOptions {
        seed,
        faults,
        ..SimOptions::default()
    };
    Simulation::new(&analysis, &opts, &sim_opts)
}

/// Applies one step as `simulate --step` does and runs until settled (or for `advance`).
/// `STEP & advance S` applies STEP, then runs only S seconds (for what never settles, such as
/// a crash loop). Returns the error text of a rejected step.
fn step(sim: &mut Simulation, text: &str) -> Option<String> {
    let (text, then) = match text.split_once(" & ") {
        Some((a, b)) => (a, Some(b)),
        None => (text, None),
    };
    let mut s = ops::parse_step(text).unwrap_or_else(|e| panic!("bad step {text:?}: {e}"));
    if let ops::Step::Apply { name, text } = &mut s {
        // `apply NAME`: the text is whatever `applied` holds for NAME.
        *text = APPLIED
            .with(|a| a.borrow().get(name.as_str()).cloned())
            .unwrap_or_else(|| panic!("no text for apply {name}"));
    }
    let err = sim.apply(&s).err();
    let advance = match (s, then.map(ops::parse_step)) {
        (_, Some(Ok(ops::Step::Advance(ms)))) | (ops::Step::Advance(ms), None) => Some(ms),
        (_, None) => None,
        (_, Some(other)) => panic!("after & only advance S may follow, not {other:?}"),
    };
    sim.run(advance);
    err
}

thread_local! {
    /// Texts that `apply NAME` steps apply; `test.yaml` is the scenario's manifest.
    static APPLIED: std::cell::RefCell<BTreeMap<String, String>> = Default::default();
}

/// Makes `apply NAME` apply `text`.
fn applied(name: &str, text: &str) {
    APPLIED.with(|a| a.borrow_mut().insert(name.to_string(), text.to_string()));
}

/// Runs a whole scenario.
fn scenario(manifest: &str, faults: &[&str], steps: &[&str], seed: u64, minor: u32) -> String {
    applied("test.yaml", manifest);
    let mut sim = start(manifest, faults, seed, minor);
    let mut errors = BTreeMap::new();
    let mut statuses = vec![status_line(&sim)];
    for (i, s) in steps.iter().enumerate() {
        if let Some(e) = step(&mut sim, s) {
            errors.insert(i + 1, e);
        }
        statuses.push(status_line(&sim));
    }
    render(&sim, steps, &errors, &statuses)
}

/// The main StatefulSet's status in one line, revisions by name.
fn status_line(sim: &Simulation) -> String {
    sim.world.sets.values().next().map_or_else(
        || "no StatefulSet".to_string(),
        |s| {
            let st = &s.status;
            format!(
                "replicas={} ready={} available={} current={} updated={} {} {}",
                st.replicas,
                st.ready,
                st.available,
                st.current,
                st.updated,
                st.current_revision,
                st.update_revision
            )
        },
    )
}

/// Letters for revision names, in the order the revisions were created.
fn revision_letters(sim: &Simulation) -> BTreeMap<String, String> {
    let mut letters = BTreeMap::new();
    for e in &sim.world.log {
        if e.kind == "ControllerRevision" && e.action == Action::Create {
            let n = letters.len();
            letters
                .entry(e.name.to_string())
                .or_insert_with(|| ((b'A' + n as u8) as char).to_string());
        }
    }
    letters
}

/// The compact timeline and final state of a simulation.
fn render(
    sim: &Simulation,
    steps: &[&str],
    errors: &BTreeMap<usize, String>,
    statuses: &[String],
) -> String {
    let letters = revision_letters(sim);
    let rev = |r: &str| letters.get(r).cloned().unwrap_or_else(|| r.to_string());
    // A status line holds revision names; show them as letters too.
    let status = |i: usize| {
        let mut s = statuses.get(i).cloned().unwrap_or_default();
        if !s.starts_with("replicas=") {
            return format!("   => {s}");
        }
        for (name, letter) in &letters {
            s = s.replace(&format!(" {name}"), &format!(" {letter}"));
        }
        let mut words: Vec<&str> = s.split(' ').collect();
        let (cur, upd) = (words.len().saturating_sub(2), words.len().saturating_sub(1));
        let revs = format!("revisions={}/{}", words[cur], words[upd]);
        words.truncate(cur);
        format!("   => {} {revs}", words.join(" "))
    };
    let mut lines: Vec<String> = Vec::new();
    let mut last_step = 0;
    for e in &sim.world.log {
        while (e.step as usize) > last_step {
            lines.push(status(last_step));
            last_step += 1;
            lines.push(format!(
                "-- step {last_step}: {}",
                steps.get(last_step - 1).unwrap_or(&"?")
            ));
            if let Some(err) = errors.get(&last_step) {
                lines.push(format!("   error: {err}"));
            }
        }
        let t = format!("{:>7.1}s", e.t as f64 / 1000.0);
        let what = format!("{} {}", e.action.as_str(), short_kind(e.kind));
        let line = match (e.kind, e.action) {
            ("Pod", Action::Create) => format!(
                "{t} create {} @{}",
                e.name,
                rev(e.revision.as_deref().unwrap_or(""))
            ),
            ("Pod", Action::Ready) => {
                // `running` and `ready` at the same instant read as one line.
                let running = format!("{t} running {}", e.name);
                if lines.last() == Some(&running) {
                    lines.pop();
                    format!("{t} running+ready {}", e.name)
                } else {
                    format!("{t} ready {}", e.name)
                }
            }
            ("Pod", Action::Failed) => {
                format!(
                    "{t} failed {} ({})",
                    e.name,
                    e.reason.as_deref().unwrap_or("")
                )
            }
            (
                "Pod",
                Action::Delete | Action::Gone | Action::Running | Action::Unready | Action::Restart,
            ) => format!("{t} {} {}", e.action.as_str(), e.name),
            ("Pod", Action::Update) => {
                format!(
                    "{t} update {}: {}",
                    e.name,
                    e.message.as_deref().unwrap_or("")
                )
            }
            ("PersistentVolumeClaim", Action::Create | Action::Delete | Action::Gone) => {
                format!("{t} {what} {}", e.name)
            }
            ("PersistentVolumeClaim", Action::Update) => {
                let m = e.message.as_deref().unwrap_or("");
                if m.starts_with("Bound to") {
                    continue;
                }
                format!("{t} {what} {}: {m}", e.name)
            }
            ("ControllerRevision", Action::Create | Action::Update | Action::Gone) => {
                format!("{t} {what} {}", rev(&e.name))
            }
            ("StatefulSet", Action::Waiting) => {
                format!("{t} waiting: {}", e.reason.as_deref().unwrap_or(""))
            }
            ("StatefulSet", Action::Blocked) => {
                format!("{t} BLOCKED: {}", e.reason.as_deref().unwrap_or(""))
            }
            ("StatefulSet", Action::Delete | Action::Gone) => format!("{t} {what} {}", e.name),
            (_, Action::Event) if e.reason.as_deref() == Some("FailedCreate") => {
                format!("{t} FailedCreate: {}", e.message.as_deref().unwrap_or(""))
            }
            (_, Action::Event) if e.reason.as_deref() == Some("Rejected") => {
                format!("{t} rejected: {}", e.message.as_deref().unwrap_or(""))
            }
            ("", Action::Settled) => format!("{t} settled"),
            _ => continue,
        };
        lines.push(line);
    }
    while last_step < steps.len() {
        lines.push(status(last_step));
        last_step += 1;
        lines.push(format!("-- step {last_step}: {}", steps[last_step - 1]));
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out.push_str(&final_state(sim, &rev));
    out
}

/// `17.6s`, padded on the right so that columns line up (a snapshot must not start every
/// line with spaces: expect-test strips common indentation).
fn secs(t: u64) -> String {
    format!("{:<7}", format!("{:.1}s", t as f64 / 1000.0))
}

fn short_kind(kind: &str) -> &str {
    match kind {
        "PersistentVolumeClaim" => "pvc",
        "ControllerRevision" => "revision",
        "StatefulSet" => "sts",
        other => other,
    }
}

/// Status, pods (with revision letter, and what is not normal about them) and claims.
fn final_state(sim: &Simulation, rev: &dyn Fn(&str) -> String) -> String {
    let w = &sim.world;
    let mut out = String::new();
    for s in w.sets.values() {
        let st = &s.status;
        out.push_str(&format!(
            "status: replicas={} ready={} available={} current={} updated={} currentRevision={} updateRevision={}\n",
            st.replicas,
            st.ready,
            st.available,
            st.current,
            st.updated,
            rev(&st.current_revision),
            rev(&st.update_revision)
        ));
    }
    let mut pods: Vec<_> = w.pods.values().collect();
    pods.sort_by_key(|p| p.ordinal);
    let pods: Vec<String> = pods
        .iter()
        .map(|p| {
            let mut notes = Vec::new();
            if p.is_terminating() {
                notes.push("terminating".to_string());
            }
            if p.phase != Phase::Running {
                notes.push(p.phase.as_str().to_string());
            } else if !p.is_ready() {
                notes.push("unready".to_string());
            }
            let restarts: u32 = p.containers.iter().map(|c| c.restarts).sum();
            if restarts > 0 {
                notes.push(format!("restarts={restarts}"));
            }
            if p.owner.is_none() {
                notes.push("orphan".to_string());
            }
            let notes = if notes.is_empty() {
                String::new()
            } else {
                format!("({})", notes.join(","))
            };
            format!("{}@{}{notes}", p.name, rev(&p.revision))
        })
        .collect();
    out.push_str(&format!("pods: {}\n", pods.join(" ")));
    let mut pvcs: Vec<_> = w.pvcs.values().collect();
    pvcs.sort_by_key(|c| (c.name.len(), c.name.clone()));
    let pvcs: Vec<String> = pvcs
        .iter()
        .map(|c| {
            if c.deletion.is_some() {
                format!("{}(terminating)", c.name)
            } else {
                c.name.clone()
            }
        })
        .collect();
    out.push_str(&format!("pvcs: {}\n", pvcs.join(" ")));
    out
}

/// Checks a scenario's timeline on the baseline (Kubernetes 1.36, seed 1).
#[track_caller]
fn check(manifest: &str, faults: &[&str], steps: &[&str], expected: Expect) {
    expected.assert_eq(&scenario(manifest, faults, steps, 1, 36));
}

/// Checks a scenario on Kubernetes 1.`minor`.
#[track_caller]
fn check_on(minor: u32, manifest: &str, faults: &[&str], steps: &[&str], expected: Expect) {
    expected.assert_eq(&scenario(manifest, faults, steps, 1, minor));
}

/// Indents every line of `s` by `n` spaces.
fn indent(s: &str, n: usize) -> String {
    s.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| format!("{}{l}\n", " ".repeat(n)))
        .collect()
}

/// The `web` StatefulSet (nginx, no probes) and its headless Service `nginx`, with extra
/// lines in the StatefulSet's `spec` and in its container.
fn web(replicas: i64, spec: &str, container: &str) -> String {
    format!(
        "apiVersion: v1
kind: Service
metadata: {{name: nginx}}
spec:
  clusterIP: None
  selector: {{app: nginx}}
  ports: [{{port: 80, name: web}}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {{name: web}}
spec:
  serviceName: nginx
  replicas: {replicas}
  selector: {{matchLabels: {{app: nginx}}}}
{}  template:
    metadata: {{labels: {{app: nginx}}}}
    spec:
      terminationGracePeriodSeconds: 10
      containers:
      - name: nginx
        image: nginx:1.27
        ports: [{{containerPort: 80, name: web}}]
        volumeMounts: [{{name: www, mountPath: /usr/share/nginx/html}}]
{}  volumeClaimTemplates:
  - metadata: {{name: www}}
    spec:
      accessModes: [ReadWriteOnce]
      resources: {{requests: {{storage: 1Gi}}}}
",
        indent(spec, 2),
        indent(container, 8)
    )
}

const PARALLEL: &str = "podManagementPolicy: Parallel";
const VISITS: &str = include_str!("../../static/examples/visits.yaml");

// §4.2 processReplica: creation and recreation.

#[test]
fn s4_2_ordered_ready_creates_in_order_after_predecessor_ready() {
    check(
        &web(3, "", ""),
        &[],
        &[],
        expect![[r#"
            0.0s create revision A
            0.0s create pvc www-web-0
            0.0s create web-0 @A
            0.0s waiting: waiting for web-0 to be Running and Ready
            7.2s running+ready web-0
            7.2s create pvc www-web-1
            7.2s create web-1 @A
            7.2s waiting: waiting for web-1 to be Running and Ready
           11.2s running+ready web-1
           11.2s create pvc www-web-2
           11.2s create web-2 @A
           11.2s waiting: waiting for web-2 to be Running and Ready
           14.8s running+ready web-2
           14.8s settled
        status: replicas=3 ready=3 available=3 current=3 updated=3 currentRevision=A updateRevision=A
        pods: web-0@A web-1@A web-2@A
        pvcs: www-web-0 www-web-1 www-web-2
    "#]],
    );
}

#[test]
fn s4_2_parallel_creates_all_at_once() {
    check(
        &web(3, PARALLEL, ""),
        &[],
        &[],
        expect![[r#"
            0.0s create revision A
            0.0s create pvc www-web-0
            0.0s create web-0 @A
            0.0s create pvc www-web-1
            0.0s create web-1 @A
            0.0s create pvc www-web-2
            0.0s create web-2 @A
            5.6s running+ready web-2
            5.8s running+ready web-0
            6.3s running+ready web-1
            6.3s settled
        status: replicas=3 ready=3 available=3 current=3 updated=3 currentRevision=A updateRevision=A
        pods: web-0@A web-1@A web-2@A
        pvcs: www-web-0 www-web-1 www-web-2
    "#]],
    );
}

#[test]
fn s4_2_unready_web_0_halts_creation_of_higher_ordinals() {
    // Doc example: web-0 fails after web-1 is Ready; web-2 waits until web-0 is Ready again.
    check(
        &web(2, "", ""),
        &[],
        &["fault web-0 ready=fail", "scale 3", "fault web-0 ready=ok"],
        expect![[r#"
                0.0s create revision A
                0.0s create pvc www-web-0
                0.0s create web-0 @A
                0.0s waiting: waiting for web-0 to be Running and Ready
                7.2s running+ready web-0
                7.2s create pvc www-web-1
                7.2s create web-1 @A
                7.2s waiting: waiting for web-1 to be Running and Ready
               11.2s running+ready web-1
               11.2s settled
               => replicas=2 ready=2 available=2 current=2 updated=2 revisions=A/A
            -- step 1: fault web-0 ready=fail
               11.2s unready web-0
               11.2s waiting: waiting for web-0 to be Running and Ready
               11.2s BLOCKED: waiting for web-0 to be Running and Ready
               11.2s settled
               => replicas=2 ready=1 available=1 current=2 updated=2 revisions=A/A
            -- step 2: scale 3
               11.2s BLOCKED: waiting for web-0 to be Running and Ready
               11.2s settled
               => replicas=2 ready=1 available=1 current=2 updated=2 revisions=A/A
            -- step 3: fault web-0 ready=ok
               11.2s ready web-0
               11.2s create pvc www-web-2
               11.2s create web-2 @A
               11.2s waiting: waiting for web-2 to be Running and Ready
               14.8s running+ready web-2
               14.8s settled
            status: replicas=3 ready=3 available=3 current=3 updated=3 currentRevision=A updateRevision=A
            pods: web-0@A web-1@A web-2@A
            pvcs: www-web-0 www-web-1 www-web-2
        "#]],
    );
}

#[test]
fn s4_2_failed_pod_is_deleted_then_recreated_with_its_claim() {
    // v1.30+ (PR #123809): deleted in one sync, recreated on a later one once gone.
    check(
        &web(3, "", ""),
        &[],
        &["fault web-1 phase=Failed"],
        expect![[r#"
            0.0s create revision A
            0.0s create pvc www-web-0
            0.0s create web-0 @A
            0.0s waiting: waiting for web-0 to be Running and Ready
            7.2s running+ready web-0
            7.2s create pvc www-web-1
            7.2s create web-1 @A
            7.2s waiting: waiting for web-1 to be Running and Ready
           11.2s running+ready web-1
           11.2s create pvc www-web-2
           11.2s create web-2 @A
           11.2s waiting: waiting for web-2 to be Running and Ready
           14.8s running+ready web-2
           14.8s settled
           => replicas=3 ready=3 available=3 current=3 updated=3 revisions=A/A
        -- step 1: fault web-1 phase=Failed
           14.8s unready web-1
           14.8s failed web-1 (Failed)
           14.8s delete web-1
           14.8s waiting: waiting for web-1 (Failed) to be deleted so it can be recreated
           15.1s gone web-1
           15.1s create web-1 @A
           15.1s waiting: waiting for web-1 to be Running and Ready
           16.0s running+ready web-1
           16.0s settled
        status: replicas=3 ready=3 available=3 current=3 updated=3 currentRevision=A updateRevision=A
        pods: web-0@A web-1@A web-2@A
        pvcs: www-web-0 www-web-1 www-web-2
    "#]],
    );
}

#[test]
fn s4_2_deleted_pod_comes_back_with_same_name_and_claim() {
    check(
        &web(3, "", ""),
        &[],
        &["delete pod web-1"],
        expect![[r#"
            0.0s create revision A
            0.0s create pvc www-web-0
            0.0s create web-0 @A
            0.0s waiting: waiting for web-0 to be Running and Ready
            7.2s running+ready web-0
            7.2s create pvc www-web-1
            7.2s create web-1 @A
            7.2s waiting: waiting for web-1 to be Running and Ready
           11.2s running+ready web-1
           11.2s create pvc www-web-2
           11.2s create web-2 @A
           11.2s waiting: waiting for web-2 to be Running and Ready
           14.8s running+ready web-2
           14.8s settled
           => replicas=3 ready=3 available=3 current=3 updated=3 revisions=A/A
        -- step 1: delete pod web-1
           14.8s delete web-1
           14.8s waiting: waiting for web-1 to terminate
           15.0s unready web-1
           15.3s gone web-1
           15.3s create web-1 @A
           15.3s waiting: waiting for web-1 to be Running and Ready
           16.0s running+ready web-1
           16.0s settled
        status: replicas=3 ready=3 available=3 current=3 updated=3 currentRevision=A updateRevision=A
        pods: web-0@A web-1@A web-2@A
        pvcs: www-web-0 www-web-1 www-web-2
    "#]],
    );
}

#[test]
fn s4_2_parallel_does_not_wait_for_an_unready_pod() {
    check(
        &web(3, PARALLEL, ""),
        &["web-0 ready=never"],
        &["scale 4"],
        expect![[r#"
            0.0s create revision A
            0.0s create pvc www-web-0
            0.0s create web-0 @A
            0.0s create pvc www-web-1
            0.0s create web-1 @A
            0.0s create pvc www-web-2
            0.0s create web-2 @A
            5.6s running+ready web-2
            5.8s running web-0
            6.3s running+ready web-1
            6.3s BLOCKED: web-0 is not Ready
            6.3s settled
           => replicas=3 ready=2 available=2 current=3 updated=3 revisions=A/A
        -- step 1: scale 4
            6.3s create pvc www-web-3
            6.3s create web-3 @A
           10.3s running+ready web-3
           10.3s BLOCKED: web-0 is not Ready
           10.3s settled
        status: replicas=4 ready=3 available=3 current=4 updated=4 currentRevision=A updateRevision=A
        pods: web-0@A(unready) web-1@A web-2@A web-3@A
        pvcs: www-web-0 www-web-1 www-web-2 www-web-3
    "#]],
    );
}

#[test]
fn s4_2_replacements_reattach_the_same_claims() {
    // §4.2: a deleted or failed pod comes back under its name with the same claim (same uid,
    // same volume, same files).
    let mut sim = start(&web(3, "", ""), &[], 1, 36);
    let claim = |sim: &Simulation| {
        let c = &sim.world.pvcs["default/www-web-1"];
        (c.uid.clone(), c.volume.clone())
    };
    let before = claim(&sim);
    let pod_uid = sim.world.pods["default/web-1"].uid.clone();
    step(&mut sim, "delete pod web-1");
    assert_eq!(claim(&sim), before);
    step(&mut sim, "fault web-1 phase=Failed");
    assert_eq!(claim(&sim), before);
    let p = &sim.world.pods["default/web-1"];
    assert_ne!(p.uid, pod_uid, "a new pod");
    assert!(p.running_and_ready());
    assert_eq!(p.claims, vec![("www".to_string(), "www-web-1".to_string())]);
}

#[test]
fn s4_2_deleted_claim_is_recreated_for_the_replacement_pod() {
    // A claim deleted while its pod runs stays Terminating (pvc-protection); once the pod is
    // deleted too, the replacement gets a new, empty claim of the same name (§4.2 step 2).
    check(
        &web(2, "", ""),
        &[],
        &["delete pvc www-web-1", "delete pod web-1"],
        expect![[r#"
                0.0s create revision A
                0.0s create pvc www-web-0
                0.0s create web-0 @A
                0.0s waiting: waiting for web-0 to be Running and Ready
                7.2s running+ready web-0
                7.2s create pvc www-web-1
                7.2s create web-1 @A
                7.2s waiting: waiting for web-1 to be Running and Ready
               11.2s running+ready web-1
               11.2s settled
               => replicas=2 ready=2 available=2 current=2 updated=2 revisions=A/A
            -- step 1: delete pvc www-web-1
               11.2s delete pvc www-web-1
               11.2s settled
               => replicas=2 ready=2 available=2 current=2 updated=2 revisions=A/A
            -- step 2: delete pod web-1
               11.2s delete web-1
               11.2s waiting: waiting for web-1 to terminate
               11.4s unready web-1
               11.6s gone web-1
               11.6s FailedCreate: create Pod web-1 in StatefulSet web failed error: pvc www-web-1 is being deleted
               11.6s FailedCreate: create Pod web-1 in StatefulSet web failed error: pvc www-web-1 is being deleted
               11.7s FailedCreate: create Pod web-1 in StatefulSet web failed error: pvc www-web-1 is being deleted
               11.7s FailedCreate: create Pod web-1 in StatefulSet web failed error: pvc www-web-1 is being deleted
               11.7s FailedCreate: create Pod web-1 in StatefulSet web failed error: pvc www-web-1 is being deleted
               11.8s gone pvc www-web-1
               11.8s create pvc www-web-1
               11.8s create web-1 @A
               11.8s waiting: waiting for web-1 to be Running and Ready
               15.4s running+ready web-1
               15.4s settled
            status: replicas=2 ready=2 available=2 current=2 updated=2 currentRevision=A updateRevision=A
            pods: web-0@A web-1@A
            pvcs: www-web-0 www-web-1
        "#]],
    );
}

#[test]
fn s4_2_pending_pod_gets_its_deleted_claim_back() {
    // createMissingPersistentVolumeClaims (test RecreatesPVCForPendingPod): a claim of an
    // unscheduled pod is not in use (pvc-protection), so it goes at once, and the controller
    // creates it again for the Pending pod.
    check(
        &web(2, "", ""),
        &["web-1 schedule=never"],
        &["delete pvc www-web-1", "fault web-1 schedule=ok"],
        expect![[r#"
                0.0s create revision A
                0.0s create pvc www-web-0
                0.0s create web-0 @A
                0.0s waiting: waiting for web-0 to be Running and Ready
                7.2s running+ready web-0
                7.2s create pvc www-web-1
                7.2s create web-1 @A
                7.2s waiting: waiting for web-1 to be Running and Ready
               10.5s BLOCKED: waiting for web-1 to be Running and Ready
               10.5s settled
               => replicas=2 ready=1 available=1 current=2 updated=2 revisions=A/A
            -- step 1: delete pvc www-web-1
               10.5s delete pvc www-web-1
               10.5s gone pvc www-web-1
               10.5s create pvc www-web-1
               13.5s BLOCKED: waiting for web-1 to be Running and Ready
               13.5s settled
               => replicas=2 ready=1 available=1 current=2 updated=2 revisions=A/A
            -- step 2: fault web-1 schedule=ok
               14.4s running+ready web-1
               14.4s settled
            status: replicas=2 ready=2 available=2 current=2 updated=2 currentRevision=A updateRevision=A
            pods: web-0@A web-1@A
            pvcs: www-web-0 www-web-1
        "#]],
    );
}

// §4.3 processCondemned: scale down.

#[test]
fn s4_3_ordered_ready_scale_down_highest_first_one_at_a_time() {
    check(
        &web(4, "", ""),
        &[],
        &["scale 1"],
        expect![[r#"
            0.0s create revision A
            0.0s create pvc www-web-0
            0.0s create web-0 @A
            0.0s waiting: waiting for web-0 to be Running and Ready
            7.2s running+ready web-0
            7.2s create pvc www-web-1
            7.2s create web-1 @A
            7.2s waiting: waiting for web-1 to be Running and Ready
           11.2s running+ready web-1
           11.2s create pvc www-web-2
           11.2s create web-2 @A
           11.2s waiting: waiting for web-2 to be Running and Ready
           14.8s running+ready web-2
           14.8s create pvc www-web-3
           14.8s create web-3 @A
           14.8s waiting: waiting for web-3 to be Running and Ready
           18.3s running+ready web-3
           18.3s settled
           => replicas=4 ready=4 available=4 current=4 updated=4 revisions=A/A
        -- step 1: scale 1
           18.3s delete web-3
           18.3s waiting: waiting for web-3 to terminate before scaling down further
           18.4s unready web-3
           18.6s gone web-3
           18.6s delete web-2
           18.6s waiting: waiting for web-2 to terminate before scaling down further
           18.7s unready web-2
           19.0s gone web-2
           19.0s delete web-1
           19.0s waiting: waiting for web-1 to terminate before scaling down further
           19.1s unready web-1
           19.4s gone web-1
           19.5s settled
        status: replicas=1 ready=1 available=1 current=1 updated=1 currentRevision=A updateRevision=A
        pods: web-0@A
        pvcs: www-web-0 www-web-1 www-web-2 www-web-3
    "#]],
    );
}

#[test]
fn s4_3_parallel_scale_down_all_at_once() {
    check(
        &web(4, PARALLEL, ""),
        &[],
        &["scale 1"],
        expect![[r#"
            0.0s create revision A
            0.0s create pvc www-web-0
            0.0s create web-0 @A
            0.0s create pvc www-web-1
            0.0s create web-1 @A
            0.0s create pvc www-web-2
            0.0s create web-2 @A
            0.0s create pvc www-web-3
            0.0s create web-3 @A
            6.4s running+ready web-1
            6.7s running+ready web-3
            7.3s running+ready web-2
            8.1s running+ready web-0
            8.1s settled
           => replicas=4 ready=4 available=4 current=4 updated=4 revisions=A/A
        -- step 1: scale 1
            8.1s delete web-3
            8.1s delete web-2
            8.1s delete web-1
            8.2s unready web-3
            8.2s unready web-1
            8.3s unready web-2
            8.5s gone web-3
            8.6s gone web-1
            8.7s gone web-2
            8.7s settled
        status: replicas=1 ready=1 available=1 current=1 updated=1 currentRevision=A updateRevision=A
        pods: web-0@A
        pvcs: www-web-0 www-web-1 www-web-2 www-web-3
    "#]],
    );
}

#[test]
fn s4_3_scale_down_deadlock_with_two_unhealthy_condemned_pods() {
    // web-4 is unhealthy but not the lowest unhealthy pod (web-2 is): nothing is deleted.
    check(
        &web(5, "", ""),
        &[],
        &[
            "fault web-4 ready=fail",
            "fault web-2 ready=fail",
            "scale 2",
        ],
        expect![[r#"
                0.0s create revision A
                0.0s create pvc www-web-0
                0.0s create web-0 @A
                0.0s waiting: waiting for web-0 to be Running and Ready
                7.2s running+ready web-0
                7.2s create pvc www-web-1
                7.2s create web-1 @A
                7.2s waiting: waiting for web-1 to be Running and Ready
               11.2s running+ready web-1
               11.2s create pvc www-web-2
               11.2s create web-2 @A
               11.2s waiting: waiting for web-2 to be Running and Ready
               14.8s running+ready web-2
               14.8s create pvc www-web-3
               14.8s create web-3 @A
               14.8s waiting: waiting for web-3 to be Running and Ready
               18.3s running+ready web-3
               18.3s create pvc www-web-4
               18.3s create web-4 @A
               18.3s waiting: waiting for web-4 to be Running and Ready
               21.5s running+ready web-4
               21.5s settled
               => replicas=5 ready=5 available=5 current=5 updated=5 revisions=A/A
            -- step 1: fault web-4 ready=fail
               21.5s unready web-4
               21.5s waiting: waiting for web-4 to be Running and Ready
               21.5s BLOCKED: waiting for web-4 to be Running and Ready
               21.5s settled
               => replicas=5 ready=4 available=4 current=5 updated=5 revisions=A/A
            -- step 2: fault web-2 ready=fail
               21.5s unready web-2
               21.5s waiting: waiting for web-2 to be Running and Ready
               21.5s BLOCKED: waiting for web-2 to be Running and Ready
               21.5s settled
               => replicas=5 ready=3 available=3 current=5 updated=5 revisions=A/A
            -- step 3: scale 2
               21.5s waiting: waiting for web-2 to be Running and Ready before scaling down web-4
               21.5s BLOCKED: waiting for web-2 to be Running and Ready before scaling down web-4
               21.5s settled
            status: replicas=5 ready=3 available=3 current=5 updated=5 currentRevision=A updateRevision=A
            pods: web-0@A web-1@A web-2@A(unready) web-3@A web-4@A(unready)
            pvcs: www-web-0 www-web-1 www-web-2 www-web-3 www-web-4
        "#]],
    );
}

#[test]
fn s4_3_scale_down_deletes_the_only_unhealthy_condemned_pod() {
    check(
        &web(5, "", ""),
        &[],
        &["fault web-4 ready=fail", "scale 2"],
        expect![[r#"
                0.0s create revision A
                0.0s create pvc www-web-0
                0.0s create web-0 @A
                0.0s waiting: waiting for web-0 to be Running and Ready
                7.2s running+ready web-0
                7.2s create pvc www-web-1
                7.2s create web-1 @A
                7.2s waiting: waiting for web-1 to be Running and Ready
               11.2s running+ready web-1
               11.2s create pvc www-web-2
               11.2s create web-2 @A
               11.2s waiting: waiting for web-2 to be Running and Ready
               14.8s running+ready web-2
               14.8s create pvc www-web-3
               14.8s create web-3 @A
               14.8s waiting: waiting for web-3 to be Running and Ready
               18.3s running+ready web-3
               18.3s create pvc www-web-4
               18.3s create web-4 @A
               18.3s waiting: waiting for web-4 to be Running and Ready
               21.5s running+ready web-4
               21.5s settled
               => replicas=5 ready=5 available=5 current=5 updated=5 revisions=A/A
            -- step 1: fault web-4 ready=fail
               21.5s unready web-4
               21.5s waiting: waiting for web-4 to be Running and Ready
               21.5s BLOCKED: waiting for web-4 to be Running and Ready
               21.5s settled
               => replicas=5 ready=4 available=4 current=5 updated=5 revisions=A/A
            -- step 2: scale 2
               21.5s delete web-4
               21.5s waiting: waiting for web-4 to terminate before scaling down further
               22.0s gone web-4
               22.0s delete web-3
               22.0s waiting: waiting for web-3 to terminate before scaling down further
               22.1s unready web-3
               22.2s gone web-3
               22.2s delete web-2
               22.2s waiting: waiting for web-2 to terminate before scaling down further
               22.3s unready web-2
               22.6s gone web-2
               22.6s settled
            status: replicas=2 ready=2 available=2 current=2 updated=2 currentRevision=A updateRevision=A
            pods: web-0@A web-1@A
            pvcs: www-web-0 www-web-1 www-web-2 www-web-3 www-web-4
        "#]],
    );
}

#[test]
fn s4_3_ordered_ready_scale_down_waits_for_unhealthy_pods_in_range() {
    // web-0 is unhealthy: processReplica blocks, so nothing is condemned yet.
    check(
        &web(3, "", ""),
        &[],
        &["fault web-0 ready=fail", "scale 1", "fault web-0 ready=ok"],
        expect![[r#"
                0.0s create revision A
                0.0s create pvc www-web-0
                0.0s create web-0 @A
                0.0s waiting: waiting for web-0 to be Running and Ready
                7.2s running+ready web-0
                7.2s create pvc www-web-1
                7.2s create web-1 @A
                7.2s waiting: waiting for web-1 to be Running and Ready
               11.2s running+ready web-1
               11.2s create pvc www-web-2
               11.2s create web-2 @A
               11.2s waiting: waiting for web-2 to be Running and Ready
               14.8s running+ready web-2
               14.8s settled
               => replicas=3 ready=3 available=3 current=3 updated=3 revisions=A/A
            -- step 1: fault web-0 ready=fail
               14.8s unready web-0
               14.8s waiting: waiting for web-0 to be Running and Ready
               14.8s BLOCKED: waiting for web-0 to be Running and Ready
               14.8s settled
               => replicas=3 ready=2 available=2 current=3 updated=3 revisions=A/A
            -- step 2: scale 1
               14.8s BLOCKED: waiting for web-0 to be Running and Ready
               14.8s settled
               => replicas=3 ready=2 available=2 current=3 updated=3 revisions=A/A
            -- step 3: fault web-0 ready=ok
               14.8s ready web-0
               14.8s delete web-2
               14.8s waiting: waiting for web-2 to terminate before scaling down further
               15.0s unready web-2
               15.3s gone web-2
               15.3s delete web-1
               15.3s waiting: waiting for web-1 to terminate before scaling down further
               15.4s unready web-1
               15.6s gone web-1
               15.6s settled
            status: replicas=1 ready=1 available=1 current=1 updated=1 currentRevision=A updateRevision=A
            pods: web-0@A
            pvcs: www-web-0 www-web-1 www-web-2
        "#]],
    );
}

#[test]
fn s4_3_parallel_scale_down_ignores_unhealthy_pods() {
    check(
        &web(3, PARALLEL, ""),
        &[],
        &["fault web-0 ready=fail", "scale 1"],
        expect![[r#"
                0.0s create revision A
                0.0s create pvc www-web-0
                0.0s create web-0 @A
                0.0s create pvc www-web-1
                0.0s create web-1 @A
                0.0s create pvc www-web-2
                0.0s create web-2 @A
                5.6s running+ready web-2
                5.8s running+ready web-0
                6.3s running+ready web-1
                6.3s settled
               => replicas=3 ready=3 available=3 current=3 updated=3 revisions=A/A
            -- step 1: fault web-0 ready=fail
                6.3s unready web-0
                6.3s BLOCKED: web-0 is not Ready
                6.3s settled
               => replicas=3 ready=2 available=2 current=3 updated=3 revisions=A/A
            -- step 2: scale 1
                6.3s delete web-2
                6.3s delete web-1
                6.4s unready web-1
                6.4s unready web-2
                6.5s gone web-1
                6.7s gone web-2
                6.8s BLOCKED: web-0 is not Ready
                6.8s settled
            status: replicas=1 ready=0 available=0 current=1 updated=1 currentRevision=A updateRevision=A
            pods: web-0@A(unready)
            pvcs: www-web-0 www-web-1 www-web-2
        "#]],
    );
}

#[test]
fn s4_3_ordinals_start_change_creates_the_new_range_then_condemns_the_old() {
    check(
        &web(2, "", ""),
        &[],
        &[r#"patch {"spec":{"ordinals":{"start":3}}}"#],
        expect![[r#"
                0.0s create revision A
                0.0s create pvc www-web-0
                0.0s create web-0 @A
                0.0s waiting: waiting for web-0 to be Running and Ready
                7.2s running+ready web-0
                7.2s create pvc www-web-1
                7.2s create web-1 @A
                7.2s waiting: waiting for web-1 to be Running and Ready
               11.2s running+ready web-1
               11.2s settled
               => replicas=2 ready=2 available=2 current=2 updated=2 revisions=A/A
            -- step 1: patch {"spec":{"ordinals":{"start":3}}}
               11.2s create pvc www-web-3
               11.2s create web-3 @A
               11.2s waiting: waiting for web-3 to be Running and Ready
               14.8s running+ready web-3
               14.8s create pvc www-web-4
               14.8s create web-4 @A
               14.8s waiting: waiting for web-4 to be Running and Ready
               18.3s running+ready web-4
               18.3s delete web-1
               18.3s waiting: waiting for web-1 to terminate before scaling down further
               18.4s unready web-1
               18.6s gone web-1
               18.6s delete web-0
               18.6s waiting: waiting for web-0 to terminate before scaling down further
               18.7s unready web-0
               19.0s gone web-0
               19.0s settled
            status: replicas=2 ready=2 available=2 current=2 updated=2 currentRevision=A updateRevision=A
            pods: web-3@A web-4@A
            pvcs: www-web-0 www-web-1 www-web-3 www-web-4
        "#]],
    );
}

// §4.4 RollingUpdate (legacy path, the v1.36 baseline).

#[test]
fn s4_4_rolling_update_reverse_order_one_at_a_time() {
    check(
        &web(3, "", ""),
        &[],
        &["image nginx=nginx:1.28"],
        expect![[r#"
            0.0s create revision A
            0.0s create pvc www-web-0
            0.0s create web-0 @A
            0.0s waiting: waiting for web-0 to be Running and Ready
            7.2s running+ready web-0
            7.2s create pvc www-web-1
            7.2s create web-1 @A
            7.2s waiting: waiting for web-1 to be Running and Ready
           11.2s running+ready web-1
           11.2s create pvc www-web-2
           11.2s create web-2 @A
           11.2s waiting: waiting for web-2 to be Running and Ready
           14.8s running+ready web-2
           14.8s settled
           => replicas=3 ready=3 available=3 current=3 updated=3 revisions=A/A
        -- step 1: image nginx=nginx:1.28
           14.8s create revision B
           14.8s delete web-2
           14.8s waiting: waiting for web-2 to terminate
           15.0s unready web-2
           15.3s gone web-2
           15.3s create web-2 @B
           15.3s waiting: waiting for web-2 to be Running and Ready
           19.5s running+ready web-2
           19.5s delete web-1
           19.5s waiting: waiting for web-1 to terminate
           19.6s unready web-1
           19.8s gone web-1
           19.8s create web-1 @B
           19.8s waiting: waiting for web-1 to be Running and Ready
           20.6s running+ready web-1
           20.6s delete web-0
           20.6s waiting: waiting for web-0 to terminate
           20.8s unready web-0
           21.0s gone web-0
           21.0s create web-0 @B
           21.0s waiting: waiting for web-0 to be Running and Ready
           21.9s running+ready web-0
           21.9s settled
        status: replicas=3 ready=3 available=3 current=3 updated=3 currentRevision=B updateRevision=B
        pods: web-0@B web-1@B web-2@B
        pvcs: www-web-0 www-web-1 www-web-2
    "#]],
    );
}

#[test]
fn s4_4_parallel_rolling_update_is_still_one_at_a_time() {
    check(
        &web(3, PARALLEL, ""),
        &[],
        &["image nginx=nginx:1.28"],
        expect![[r#"
                0.0s create revision A
                0.0s create pvc www-web-0
                0.0s create web-0 @A
                0.0s create pvc www-web-1
                0.0s create web-1 @A
                0.0s create pvc www-web-2
                0.0s create web-2 @A
                5.6s running+ready web-2
                5.8s running+ready web-0
                6.3s running+ready web-1
                6.3s settled
               => replicas=3 ready=3 available=3 current=3 updated=3 revisions=A/A
            -- step 1: image nginx=nginx:1.28
                6.3s create revision B
                6.3s delete web-2
                6.3s waiting: waiting for web-2 to terminate during the rolling update
                6.5s unready web-2
                6.8s gone web-2
                6.8s create web-2 @B
                6.8s waiting: waiting for web-2 to be created and become Ready
                6.8s waiting: waiting for web-2 to be Running and Ready during the rolling update
               11.1s running+ready web-2
               11.1s delete web-1
               11.1s waiting: waiting for web-1 to terminate during the rolling update
               11.3s unready web-1
               11.5s gone web-1
               11.5s create web-1 @B
               11.5s waiting: waiting for web-1 to be created and become Ready
               11.5s waiting: waiting for web-1 to be Running and Ready during the rolling update
               12.5s running+ready web-1
               12.5s delete web-0
               12.5s waiting: waiting for web-0 to terminate during the rolling update
               12.7s unready web-0
               13.1s gone web-0
               13.1s create web-0 @B
               13.8s running+ready web-0
               13.8s settled
            status: replicas=3 ready=3 available=3 current=3 updated=3 currentRevision=B updateRevision=B
            pods: web-0@B web-1@B web-2@B
            pvcs: www-web-0 www-web-1 www-web-2
        "#]],
    );
}

#[test]
fn s4_4_partition_3_of_5_updates_two_pods() {
    // §6: the status ends {current: 3, updated: 2} and is never promoted.
    check(
        &web(5, "updateStrategy: {rollingUpdate: {partition: 3}}", ""),
        &[],
        &["image nginx=nginx:1.28"],
        expect![[r#"
                0.0s create revision A
                0.0s create pvc www-web-0
                0.0s create web-0 @A
                0.0s waiting: waiting for web-0 to be Running and Ready
                7.2s running+ready web-0
                7.2s create pvc www-web-1
                7.2s create web-1 @A
                7.2s waiting: waiting for web-1 to be Running and Ready
               11.2s running+ready web-1
               11.2s create pvc www-web-2
               11.2s create web-2 @A
               11.2s waiting: waiting for web-2 to be Running and Ready
               14.8s running+ready web-2
               14.8s create pvc www-web-3
               14.8s create web-3 @A
               14.8s waiting: waiting for web-3 to be Running and Ready
               18.3s running+ready web-3
               18.3s create pvc www-web-4
               18.3s create web-4 @A
               18.3s waiting: waiting for web-4 to be Running and Ready
               21.5s running+ready web-4
               21.5s settled
               => replicas=5 ready=5 available=5 current=5 updated=5 revisions=A/A
            -- step 1: image nginx=nginx:1.28
               21.5s create revision B
               21.5s delete web-4
               21.5s waiting: waiting for web-4 to terminate
               21.7s unready web-4
               22.0s gone web-4
               22.0s create web-4 @B
               22.0s waiting: waiting for web-4 to be Running and Ready
               26.0s running+ready web-4
               26.0s delete web-3
               26.0s waiting: waiting for web-3 to terminate
               26.1s unready web-3
               26.5s gone web-3
               26.5s create web-3 @B
               26.5s waiting: waiting for web-3 to be Running and Ready
               27.5s running+ready web-3
               27.5s settled
            status: replicas=5 ready=5 available=5 current=3 updated=2 currentRevision=A updateRevision=B
            pods: web-0@A web-1@A web-2@A web-3@B web-4@B
            pvcs: www-web-0 www-web-1 www-web-2 www-web-3 www-web-4
        "#]],
    );
}

#[test]
fn s4_4_partition_2_of_5_updates_three_pods() {
    check(
        &web(5, "updateStrategy: {rollingUpdate: {partition: 2}}", ""),
        &[],
        &["image nginx=nginx:1.28"],
        expect![[r#"
                0.0s create revision A
                0.0s create pvc www-web-0
                0.0s create web-0 @A
                0.0s waiting: waiting for web-0 to be Running and Ready
                7.2s running+ready web-0
                7.2s create pvc www-web-1
                7.2s create web-1 @A
                7.2s waiting: waiting for web-1 to be Running and Ready
               11.2s running+ready web-1
               11.2s create pvc www-web-2
               11.2s create web-2 @A
               11.2s waiting: waiting for web-2 to be Running and Ready
               14.8s running+ready web-2
               14.8s create pvc www-web-3
               14.8s create web-3 @A
               14.8s waiting: waiting for web-3 to be Running and Ready
               18.3s running+ready web-3
               18.3s create pvc www-web-4
               18.3s create web-4 @A
               18.3s waiting: waiting for web-4 to be Running and Ready
               21.5s running+ready web-4
               21.5s settled
               => replicas=5 ready=5 available=5 current=5 updated=5 revisions=A/A
            -- step 1: image nginx=nginx:1.28
               21.5s create revision B
               21.5s delete web-4
               21.5s waiting: waiting for web-4 to terminate
               21.7s unready web-4
               22.0s gone web-4
               22.0s create web-4 @B
               22.0s waiting: waiting for web-4 to be Running and Ready
               26.0s running+ready web-4
               26.0s delete web-3
               26.0s waiting: waiting for web-3 to terminate
               26.1s unready web-3
               26.5s gone web-3
               26.5s create web-3 @B
               26.5s waiting: waiting for web-3 to be Running and Ready
               27.5s running+ready web-3
               27.5s delete web-2
               27.5s waiting: waiting for web-2 to terminate
               27.6s unready web-2
               28.0s gone web-2
               28.0s create web-2 @B
               28.0s waiting: waiting for web-2 to be Running and Ready
               29.1s running+ready web-2
               29.1s settled
            status: replicas=5 ready=5 available=5 current=2 updated=3 currentRevision=A updateRevision=B
            pods: web-0@A web-1@A web-2@B web-3@B web-4@B
            pvcs: www-web-0 www-web-1 www-web-2 www-web-3 www-web-4
        "#]],
    );
}

#[test]
fn s4_4_partition_counts_from_ordinals_start() {
    // Issue #128529: replicas 9, start 2, partition 5: ordinals 2-6 stay, 7-10 are updated.
    check(
        &web(
            9,
            "ordinals: {start: 2}\nupdateStrategy: {rollingUpdate: {partition: 5}}\npodManagementPolicy: Parallel",
            "",
        ),
        &[],
        &["image nginx=nginx:1.28"],
        expect![[r#"
                0.0s create revision A
                0.0s create pvc www-web-2
                0.0s create web-2 @A
                0.0s create pvc www-web-3
                0.0s create web-3 @A
                0.0s create pvc www-web-4
                0.0s create web-4 @A
                0.0s create pvc www-web-5
                0.0s create web-5 @A
                0.0s create pvc www-web-6
                0.0s create web-6 @A
                0.0s create pvc www-web-7
                0.0s create web-7 @A
                0.0s create pvc www-web-8
                0.0s create web-8 @A
                0.0s create pvc www-web-9
                0.0s create web-9 @A
                0.0s create pvc www-web-10
                0.0s create web-10 @A
                6.5s running+ready web-8
                6.8s running+ready web-4
                7.2s running+ready web-3
                7.2s running+ready web-9
                7.3s running+ready web-10
                7.3s running+ready web-5
                8.2s running+ready web-2
                8.5s running+ready web-6
                9.2s running+ready web-7
                9.2s settled
               => replicas=9 ready=9 available=9 current=9 updated=9 revisions=A/A
            -- step 1: image nginx=nginx:1.28
                9.2s create revision B
                9.2s delete web-10
                9.2s waiting: waiting for web-10 to terminate during the rolling update
                9.4s unready web-10
                9.5s gone web-10
                9.5s create web-10 @B
                9.5s waiting: waiting for web-10 to be created and become Ready
                9.5s waiting: waiting for web-10 to be Running and Ready during the rolling update
               12.7s running+ready web-10
               12.7s delete web-9
               12.7s waiting: waiting for web-9 to terminate during the rolling update
               12.8s unready web-9
               12.9s gone web-9
               12.9s create web-9 @B
               12.9s waiting: waiting for web-9 to be created and become Ready
               12.9s waiting: waiting for web-9 to be Running and Ready during the rolling update
               14.1s running+ready web-9
               14.1s delete web-8
               14.1s waiting: waiting for web-8 to terminate during the rolling update
               14.3s unready web-8
               14.4s gone web-8
               14.4s create web-8 @B
               14.4s waiting: waiting for web-8 to be created and become Ready
               14.4s waiting: waiting for web-8 to be Running and Ready during the rolling update
               15.1s running+ready web-8
               15.1s delete web-7
               15.1s waiting: waiting for web-7 to terminate during the rolling update
               15.2s unready web-7
               15.5s gone web-7
               15.5s create web-7 @B
               16.5s running+ready web-7
               16.5s settled
            status: replicas=9 ready=9 available=9 current=5 updated=4 currentRevision=A updateRevision=B
            pods: web-2@A web-3@A web-4@A web-5@A web-6@A web-7@B web-8@B web-9@B web-10@B
            pvcs: www-web-2 www-web-3 www-web-4 www-web-5 www-web-6 www-web-7 www-web-8 www-web-9 www-web-10
        "#]],
    );
}

#[test]
fn s4_4_ordered_ready_rollback_trap_needs_a_manual_delete() {
    // Issue #67250: the broken web-2 blocks processReplica, so reverting the template does not
    // help until someone deletes web-2. §4.8: the rollback reuses revision A's name. §7: an
    // image named `broken` does not exist (sim/image.rs), so web-2 never even runs: it waits in
    // ImagePullBackOff, and each step runs the 15 minutes of settle_limit_ms.
    check(
        &web(3, "", ""),
        &["image nginx:broken ready=never"],
        &[
            "image nginx=nginx:broken",
            "image nginx=nginx:1.27",
            "delete pod web-2",
        ],
        expect![[r#"
                0.0s create revision A
                0.0s create pvc www-web-0
                0.0s create web-0 @A
                0.0s waiting: waiting for web-0 to be Running and Ready
                7.2s running+ready web-0
                7.2s create pvc www-web-1
                7.2s create web-1 @A
                7.2s waiting: waiting for web-1 to be Running and Ready
               11.2s running+ready web-1
               11.2s create pvc www-web-2
               11.2s create web-2 @A
               11.2s waiting: waiting for web-2 to be Running and Ready
               14.8s running+ready web-2
               14.8s settled
               => replicas=3 ready=3 available=3 current=3 updated=3 revisions=A/A
            -- step 1: image nginx=nginx:broken
               14.8s create revision B
               14.8s delete web-2
               14.8s waiting: waiting for web-2 to terminate
               15.0s unready web-2
               15.3s gone web-2
               15.3s create web-2 @B
               15.3s waiting: waiting for web-2 to be Running and Ready
              645.9s BLOCKED: waiting for web-2 to be Running and Ready; web-2 is ImagePullBackOff: Back-off pulling image "nginx:broken": ErrImagePull: Error response from daemon: manifest for nginx:broken not found: manifest unknown: manifest unknown (still changing after 900.000s, going round without coming closer to the desired state)
               => replicas=3 ready=2 available=2 current=2 updated=1 revisions=A/B
            -- step 2: image nginx=nginx:1.27
              645.9s update revision A
             1539.8s BLOCKED: waiting for web-2 to be Running and Ready; web-2 is ErrImagePull: Error response from daemon: manifest for nginx:broken not found: manifest unknown: manifest unknown (still changing after 900.000s, going round without coming closer to the desired state)
               => replicas=3 ready=2 available=2 current=2 updated=2 revisions=A/A
            -- step 3: delete pod web-2
             1539.8s delete web-2
             1539.8s waiting: waiting for web-2 to terminate
             1540.2s gone web-2
             1540.2s create web-2 @A
             1540.2s waiting: waiting for web-2 to be Running and Ready
             1541.2s running+ready web-2
             1541.2s settled
            status: replicas=3 ready=3 available=3 current=3 updated=3 currentRevision=A updateRevision=A
            pods: web-0@A web-1@A web-2@A
            pvcs: www-web-0 www-web-1 www-web-2
        "#]],
    );
}

#[test]
fn s4_4_parallel_rollback_heals_itself() {
    check(
        &web(3, PARALLEL, ""),
        &["image nginx:broken ready=never"],
        &["image nginx=nginx:broken", "image nginx=nginx:1.27"],
        expect![[r#"
                0.0s create revision A
                0.0s create pvc www-web-0
                0.0s create web-0 @A
                0.0s create pvc www-web-1
                0.0s create web-1 @A
                0.0s create pvc www-web-2
                0.0s create web-2 @A
                5.6s running+ready web-2
                5.8s running+ready web-0
                6.3s running+ready web-1
                6.3s settled
               => replicas=3 ready=3 available=3 current=3 updated=3 revisions=A/A
            -- step 1: image nginx=nginx:broken
                6.3s create revision B
                6.3s delete web-2
                6.3s waiting: waiting for web-2 to terminate during the rolling update
                6.5s unready web-2
                6.8s gone web-2
                6.8s create web-2 @B
                6.8s waiting: waiting for web-2 to be created and become Ready
                6.8s waiting: waiting for web-2 to be Running and Ready during the rolling update
              637.6s BLOCKED: waiting for web-2 to be Running and Ready during the rolling update; web-2 is ImagePullBackOff: Back-off pulling image "nginx:broken": ErrImagePull: Error response from daemon: manifest for nginx:broken not found: manifest unknown: manifest unknown (still changing after 900.000s, going round without coming closer to the desired state)
               => replicas=3 ready=2 available=2 current=2 updated=1 revisions=A/B
            -- step 2: image nginx=nginx:1.27
              637.6s update revision A
              637.6s delete web-2
              637.6s waiting: waiting for web-2 to terminate during the rolling update
              637.7s gone web-2
              637.7s create web-2 @A
              638.6s running+ready web-2
              638.6s settled
            status: replicas=3 ready=3 available=3 current=3 updated=3 currentRevision=A updateRevision=A
            pods: web-0@A web-1@A web-2@A
            pvcs: www-web-0 www-web-1 www-web-2
        "#]],
    );
}

// §4.5 maxUnavailable (gate MaxUnavailableStatefulSet: off in v1.36, on in v1.37).

const MAX_UNAVAILABLE_2: &str = "updateStrategy: {rollingUpdate: {maxUnavailable: 2}}";

#[test]
fn s4_5_max_unavailable_deletes_several_pods_at_once_in_v1_37() {
    check_on(
        37,
        &web(5, MAX_UNAVAILABLE_2, ""),
        &[],
        &["image nginx=nginx:1.28"],
        expect![[r#"
                0.0s create revision A
                0.0s create pvc www-web-0
                0.0s create web-0 @A
                0.0s waiting: waiting for web-0 to be Running and Ready
                7.2s running+ready web-0
                7.2s create pvc www-web-1
                7.2s create web-1 @A
                7.2s waiting: waiting for web-1 to be Running and Ready
               11.2s running+ready web-1
               11.2s create pvc www-web-2
               11.2s create web-2 @A
               11.2s waiting: waiting for web-2 to be Running and Ready
               14.8s running+ready web-2
               14.8s create pvc www-web-3
               14.8s create web-3 @A
               14.8s waiting: waiting for web-3 to be Running and Ready
               18.3s running+ready web-3
               18.3s create pvc www-web-4
               18.3s create web-4 @A
               18.3s waiting: waiting for web-4 to be Running and Ready
               21.5s running+ready web-4
               21.5s settled
               => replicas=5 ready=5 available=5 current=5 updated=5 revisions=A/A
            -- step 1: image nginx=nginx:1.28
               21.5s create revision B
               21.5s delete web-4
               21.5s delete web-3
               21.5s waiting: waiting for web-3 to terminate
               21.6s unready web-3
               21.7s unready web-4
               21.8s gone web-3
               21.8s create web-3 @B
               21.8s waiting: waiting for web-3 to be Running and Ready
               21.9s gone web-4
               25.9s running+ready web-3
               25.9s create web-4 @B
               25.9s waiting: waiting for web-4 to be Running and Ready
               27.0s running+ready web-4
               27.0s delete web-2
               27.0s delete web-1
               27.0s waiting: waiting for web-1 to terminate
               27.1s unready web-2
               27.2s unready web-1
               27.3s gone web-2
               27.5s gone web-1
               27.5s create web-1 @B
               27.5s waiting: waiting for web-1 to be Running and Ready
               28.6s running+ready web-1
               28.6s create web-2 @B
               28.6s waiting: waiting for web-2 to be Running and Ready
               29.4s running+ready web-2
               29.4s delete web-0
               29.4s waiting: waiting for web-0 to terminate
               29.5s unready web-0
               29.8s gone web-0
               29.8s create web-0 @B
               29.8s waiting: waiting for web-0 to be Running and Ready
               31.0s running+ready web-0
               31.0s settled
            status: replicas=5 ready=5 available=5 current=5 updated=5 currentRevision=B updateRevision=B
            pods: web-0@B web-1@B web-2@B web-3@B web-4@B
            pvcs: www-web-0 www-web-1 www-web-2 www-web-3 www-web-4
        "#]],
    );
}

#[test]
fn s4_5_max_unavailable_is_ignored_in_v1_36() {
    check(
        &web(5, MAX_UNAVAILABLE_2, ""),
        &[],
        &["image nginx=nginx:1.28"],
        expect![[r#"
                0.0s create revision A
                0.0s create pvc www-web-0
                0.0s create web-0 @A
                0.0s waiting: waiting for web-0 to be Running and Ready
                7.2s running+ready web-0
                7.2s create pvc www-web-1
                7.2s create web-1 @A
                7.2s waiting: waiting for web-1 to be Running and Ready
               11.2s running+ready web-1
               11.2s create pvc www-web-2
               11.2s create web-2 @A
               11.2s waiting: waiting for web-2 to be Running and Ready
               14.8s running+ready web-2
               14.8s create pvc www-web-3
               14.8s create web-3 @A
               14.8s waiting: waiting for web-3 to be Running and Ready
               18.3s running+ready web-3
               18.3s create pvc www-web-4
               18.3s create web-4 @A
               18.3s waiting: waiting for web-4 to be Running and Ready
               21.5s running+ready web-4
               21.5s settled
               => replicas=5 ready=5 available=5 current=5 updated=5 revisions=A/A
            -- step 1: image nginx=nginx:1.28
               21.5s create revision B
               21.5s delete web-4
               21.5s waiting: waiting for web-4 to terminate
               21.7s unready web-4
               22.0s gone web-4
               22.0s create web-4 @B
               22.0s waiting: waiting for web-4 to be Running and Ready
               26.0s running+ready web-4
               26.0s delete web-3
               26.0s waiting: waiting for web-3 to terminate
               26.1s unready web-3
               26.5s gone web-3
               26.5s create web-3 @B
               26.5s waiting: waiting for web-3 to be Running and Ready
               27.5s running+ready web-3
               27.5s delete web-2
               27.5s waiting: waiting for web-2 to terminate
               27.6s unready web-2
               28.0s gone web-2
               28.0s create web-2 @B
               28.0s waiting: waiting for web-2 to be Running and Ready
               29.1s running+ready web-2
               29.1s delete web-1
               29.1s waiting: waiting for web-1 to terminate
               29.2s unready web-1
               29.5s gone web-1
               29.5s create web-1 @B
               29.5s waiting: waiting for web-1 to be Running and Ready
               30.3s running+ready web-1
               30.3s delete web-0
               30.3s waiting: waiting for web-0 to terminate
               30.4s unready web-0
               30.7s gone web-0
               30.7s create web-0 @B
               30.7s waiting: waiting for web-0 to be Running and Ready
               31.9s running+ready web-0
               31.9s settled
            status: replicas=5 ready=5 available=5 current=5 updated=5 currentRevision=B updateRevision=B
            pods: web-0@B web-1@B web-2@B web-3@B web-4@B
            pvcs: www-web-0 www-web-1 www-web-2 www-web-3 www-web-4
        "#]],
    );
}

#[test]
fn s4_5_parallel_max_unavailable_bursts_in_v1_37() {
    check_on(
        37,
        &web(5, &format!("{MAX_UNAVAILABLE_2}\n{PARALLEL}"), ""),
        &[],
        &["image nginx=nginx:1.28"],
        expect![[r#"
                0.0s create revision A
                0.0s create pvc www-web-0
                0.0s create web-0 @A
                0.0s create pvc www-web-1
                0.0s create web-1 @A
                0.0s create pvc www-web-2
                0.0s create web-2 @A
                0.0s create pvc www-web-3
                0.0s create web-3 @A
                0.0s create pvc www-web-4
                0.0s create web-4 @A
                5.6s running+ready web-0
                5.6s running+ready web-3
                7.2s running+ready web-4
                7.3s running+ready web-1
                7.5s running+ready web-2
                7.5s settled
               => replicas=5 ready=5 available=5 current=5 updated=5 revisions=A/A
            -- step 1: image nginx=nginx:1.28
                7.5s create revision B
                7.5s delete web-4
                7.5s delete web-3
                7.5s waiting: waiting for unavailable pods: 2 unavailable, maxUnavailable is 2
                7.7s unready web-4
                7.7s unready web-3
                7.9s gone web-3
                7.9s create web-3 @B
                8.1s gone web-4
                8.1s create web-4 @B
               11.2s running+ready web-4
               11.2s delete web-2
               11.2s waiting: waiting for unavailable pods: 2 unavailable, maxUnavailable is 2
               11.3s unready web-2
               11.7s gone web-2
               11.7s create web-2 @B
               12.6s running+ready web-2
               12.6s delete web-1
               12.6s waiting: waiting for unavailable pods: 2 unavailable, maxUnavailable is 2
               12.7s unready web-1
               12.8s gone web-1
               12.8s create web-1 @B
               13.6s running+ready web-3
               13.6s delete web-0
               13.6s waiting: waiting for unavailable pods: 2 unavailable, maxUnavailable is 2
               13.8s unready web-0
               13.8s running+ready web-1
               14.0s gone web-0
               14.0s create web-0 @B
               14.9s running+ready web-0
               14.9s settled
            status: replicas=5 ready=5 available=5 current=5 updated=5 currentRevision=B updateRevision=B
            pods: web-0@B web-1@B web-2@B web-3@B web-4@B
            pvcs: www-web-0 www-web-1 www-web-2 www-web-3 www-web-4
        "#]],
    );
}

#[test]
fn s4_5_parallel_replaces_broken_old_pods_beyond_the_budget_in_v1_37() {
    // #137666 (v1.37): phase 1 deletes every outdated unavailable pod regardless of the budget.
    check_on(
        37,
        &web(4, PARALLEL, ""),
        &[],
        &[
            "fault web-3 ready=fail",
            "fault web-2 ready=fail",
            "image nginx=nginx:1.28",
            "fault web-* ready=ok",
        ],
        expect![[r#"
                0.0s create revision A
                0.0s create pvc www-web-0
                0.0s create web-0 @A
                0.0s create pvc www-web-1
                0.0s create web-1 @A
                0.0s create pvc www-web-2
                0.0s create web-2 @A
                0.0s create pvc www-web-3
                0.0s create web-3 @A
                6.4s running+ready web-1
                6.7s running+ready web-3
                7.3s running+ready web-2
                8.1s running+ready web-0
                8.1s settled
               => replicas=4 ready=4 available=4 current=4 updated=4 revisions=A/A
            -- step 1: fault web-3 ready=fail
                8.1s unready web-3
                8.1s BLOCKED: web-3 is not Ready
                8.1s settled
               => replicas=4 ready=3 available=3 current=4 updated=4 revisions=A/A
            -- step 2: fault web-2 ready=fail
                8.1s unready web-2
                8.1s BLOCKED: web-2 is not Ready
                8.1s settled
               => replicas=4 ready=2 available=2 current=4 updated=4 revisions=A/A
            -- step 3: image nginx=nginx:1.28
                8.1s create revision B
                8.1s delete web-3
                8.1s delete web-2
                8.1s waiting: waiting for unavailable pods: 2 unavailable, maxUnavailable is 1
                8.6s gone web-2
                8.6s create web-2 @B
                8.6s gone web-3
                8.6s create web-3 @B
               12.3s running web-2
               12.5s running web-3
               12.5s BLOCKED: waiting for unavailable pods: 2 unavailable, maxUnavailable is 1
               12.5s settled
               => replicas=4 ready=2 available=2 current=2 updated=2 revisions=A/B
            -- step 4: fault web-* ready=ok
               12.5s ready web-2
               12.5s waiting: waiting for unavailable pods: 1 unavailable, maxUnavailable is 1
               12.5s ready web-3
               12.5s delete web-1
               12.5s waiting: waiting for unavailable pods: 1 unavailable, maxUnavailable is 1
               12.6s unready web-1
               12.7s gone web-1
               12.7s create web-1 @B
               13.6s running+ready web-1
               13.6s delete web-0
               13.6s waiting: waiting for unavailable pods: 1 unavailable, maxUnavailable is 1
               13.8s unready web-0
               14.0s gone web-0
               14.0s create web-0 @B
               14.7s running+ready web-0
               14.7s settled
            status: replicas=4 ready=4 available=4 current=4 updated=4 currentRevision=B updateRevision=B
            pods: web-0@B web-1@B web-2@B web-3@B
            pvcs: www-web-0 www-web-1 www-web-2 www-web-3
        "#]],
    );
}

#[test]
fn s4_5_parallel_broken_old_pod_does_not_take_from_the_budget_in_v1_37() {
    // #137666 (v1.37): web-3, outdated and unavailable, goes in phase 1; phase 2 then spends
    // the budget left (2 - 1 unavailable) on the next outdated pod from the top, web-2, and
    // does not count web-3 again.
    check_on(
        37,
        &web(
            4,
            "podManagementPolicy: Parallel\nupdateStrategy:\n  type: RollingUpdate\n  rollingUpdate: {maxUnavailable: 2}",
            "",
        ),
        &[],
        &["fault web-3 ready=fail", "image nginx=nginx:1.28"],
        expect![[r#"
                0.0s create revision A
                0.0s create pvc www-web-0
                0.0s create web-0 @A
                0.0s create pvc www-web-1
                0.0s create web-1 @A
                0.0s create pvc www-web-2
                0.0s create web-2 @A
                0.0s create pvc www-web-3
                0.0s create web-3 @A
                6.4s running+ready web-1
                6.7s running+ready web-3
                7.3s running+ready web-2
                8.1s running+ready web-0
                8.1s settled
               => replicas=4 ready=4 available=4 current=4 updated=4 revisions=A/A
            -- step 1: fault web-3 ready=fail
                8.1s unready web-3
                8.1s BLOCKED: web-3 is not Ready
                8.1s settled
               => replicas=4 ready=3 available=3 current=4 updated=4 revisions=A/A
            -- step 2: image nginx=nginx:1.28
                8.1s create revision B
                8.1s delete web-3
                8.1s delete web-2
                8.1s waiting: waiting for unavailable pods: 2 unavailable, maxUnavailable is 2
                8.2s unready web-2
                8.6s gone web-2
                8.6s create web-2 @B
                8.6s gone web-3
                8.6s create web-3 @B
               12.3s running+ready web-2
               12.3s delete web-1
               12.3s waiting: waiting for unavailable pods: 2 unavailable, maxUnavailable is 2
               12.3s unready web-1
               12.5s running web-3
               12.5s gone web-1
               12.5s create web-1 @B
               13.3s running+ready web-1
               13.3s delete web-0
               13.3s waiting: waiting for unavailable pods: 2 unavailable, maxUnavailable is 2
               13.5s unready web-0
               13.8s gone web-0
               13.8s create web-0 @B
               14.5s running+ready web-0
               14.5s BLOCKED: web-3 is not Ready
               14.5s settled
            status: replicas=4 ready=3 available=3 current=0 updated=4 currentRevision=A updateRevision=B
            pods: web-0@B web-1@B web-2@B web-3@B(unready)
            pvcs: www-web-0 www-web-1 www-web-2 www-web-3
        "#]],
    );
}

#[test]
fn s4_5_max_unavailable_percent_rounds_down() {
    // 5 replicas at 50% → 2 (rounded down, not up as the API doc says), 10% → 1 (at least 1).
    for (percent, expected) in [("50%", "web-4 web-3"), ("10%", "web-4")] {
        let manifest = web(
            5,
            &format!("updateStrategy: {{rollingUpdate: {{maxUnavailable: '{percent}'}}}}"),
            "",
        );
        let mut sim = start(&manifest, &[], 1, 37);
        let from = sim.world.log.len();
        step(&mut sim, "image nginx=nginx:1.28 & advance 0");
        let deleted: Vec<&str> = sim
            .world
            .log
            .since(from)
            .filter(|e| e.kind == "Pod" && e.action == Action::Delete)
            .map(|e| &*e.name)
            .collect();
        assert_eq!(deleted.join(" "), expected, "maxUnavailable {percent}");
    }
}

// §4.6 newVersionedStatefulSetPod: the revision of a recreated pod.

#[test]
fn s4_6_partitioned_pod_deleted_by_hand_keeps_the_current_revision() {
    check(
        &web(3, "updateStrategy: {rollingUpdate: {partition: 2}}", ""),
        &[],
        &["image nginx=nginx:1.28", "delete pod web-0"],
        expect![[r#"
                0.0s create revision A
                0.0s create pvc www-web-0
                0.0s create web-0 @A
                0.0s waiting: waiting for web-0 to be Running and Ready
                7.2s running+ready web-0
                7.2s create pvc www-web-1
                7.2s create web-1 @A
                7.2s waiting: waiting for web-1 to be Running and Ready
               11.2s running+ready web-1
               11.2s create pvc www-web-2
               11.2s create web-2 @A
               11.2s waiting: waiting for web-2 to be Running and Ready
               14.8s running+ready web-2
               14.8s settled
               => replicas=3 ready=3 available=3 current=3 updated=3 revisions=A/A
            -- step 1: image nginx=nginx:1.28
               14.8s create revision B
               14.8s delete web-2
               14.8s waiting: waiting for web-2 to terminate
               15.0s unready web-2
               15.3s gone web-2
               15.3s create web-2 @B
               15.3s waiting: waiting for web-2 to be Running and Ready
               19.5s running+ready web-2
               19.5s settled
               => replicas=3 ready=3 available=3 current=2 updated=1 revisions=A/B
            -- step 2: delete pod web-0
               19.5s delete web-0
               19.5s waiting: waiting for web-0 to terminate
               19.6s unready web-0
               19.8s gone web-0
               19.8s create web-0 @A
               19.8s waiting: waiting for web-0 to be Running and Ready
               20.6s running+ready web-0
               20.6s settled
            status: replicas=3 ready=3 available=3 current=2 updated=1 currentRevision=A updateRevision=B
            pods: web-0@A web-1@A web-2@B
            pvcs: www-web-0 www-web-1 www-web-2
        "#]],
    );
}

#[test]
fn s4_6_scale_to_zero_and_back_recreates_every_pod_at_the_update_revision() {
    // Issue #121534: at 0 replicas completeRollingUpdate promotes the update revision.
    check(
        &web(3, "updateStrategy: {rollingUpdate: {partition: 2}}", ""),
        &[],
        &["image nginx=nginx:1.28", "scale 0", "scale 3"],
        expect![[r#"
                0.0s create revision A
                0.0s create pvc www-web-0
                0.0s create web-0 @A
                0.0s waiting: waiting for web-0 to be Running and Ready
                7.2s running+ready web-0
                7.2s create pvc www-web-1
                7.2s create web-1 @A
                7.2s waiting: waiting for web-1 to be Running and Ready
               11.2s running+ready web-1
               11.2s create pvc www-web-2
               11.2s create web-2 @A
               11.2s waiting: waiting for web-2 to be Running and Ready
               14.8s running+ready web-2
               14.8s settled
               => replicas=3 ready=3 available=3 current=3 updated=3 revisions=A/A
            -- step 1: image nginx=nginx:1.28
               14.8s create revision B
               14.8s delete web-2
               14.8s waiting: waiting for web-2 to terminate
               15.0s unready web-2
               15.3s gone web-2
               15.3s create web-2 @B
               15.3s waiting: waiting for web-2 to be Running and Ready
               19.5s running+ready web-2
               19.5s settled
               => replicas=3 ready=3 available=3 current=2 updated=1 revisions=A/B
            -- step 2: scale 0
               19.5s delete web-2
               19.5s waiting: waiting for web-2 to terminate before scaling down further
               19.6s unready web-2
               19.8s gone web-2
               19.8s delete web-1
               19.8s waiting: waiting for web-1 to terminate before scaling down further
               19.9s unready web-1
               20.1s gone web-1
               20.1s delete web-0
               20.1s waiting: waiting for web-0 to terminate before scaling down further
               20.3s unready web-0
               20.6s gone web-0
               20.7s settled
               => replicas=0 ready=0 available=0 current=0 updated=0 revisions=B/B
            -- step 3: scale 3
               20.7s create web-0 @B
               20.7s waiting: waiting for web-0 to be Running and Ready
               21.7s running+ready web-0
               21.7s create web-1 @B
               21.7s waiting: waiting for web-1 to be Running and Ready
               22.6s running+ready web-1
               22.6s create web-2 @B
               22.6s waiting: waiting for web-2 to be Running and Ready
               23.7s running+ready web-2
               23.7s settled
            status: replicas=3 ready=3 available=3 current=3 updated=3 currentRevision=B updateRevision=B
            pods: web-0@B web-1@B web-2@B
            pvcs: www-web-0 www-web-1 www-web-2
        "#]],
    );
}

#[test]
fn s4_6_scale_up_beyond_the_partition_creates_pods_at_the_current_revision() {
    // partition > replicas: nothing is updated, and new pods below the partition are old.
    check(
        &web(2, "updateStrategy: {rollingUpdate: {partition: 5}}", ""),
        &[],
        &["image nginx=nginx:1.28", "scale 4"],
        expect![[r#"
                0.0s create revision A
                0.0s create pvc www-web-0
                0.0s create web-0 @A
                0.0s waiting: waiting for web-0 to be Running and Ready
                7.2s running+ready web-0
                7.2s create pvc www-web-1
                7.2s create web-1 @A
                7.2s waiting: waiting for web-1 to be Running and Ready
               11.2s running+ready web-1
               11.2s settled
               => replicas=2 ready=2 available=2 current=2 updated=2 revisions=A/A
            -- step 1: image nginx=nginx:1.28
               11.2s create revision B
               11.2s settled
               => replicas=2 ready=2 available=2 current=2 updated=0 revisions=A/B
            -- step 2: scale 4
               11.2s create pvc www-web-2
               11.2s create web-2 @A
               11.2s waiting: waiting for web-2 to be Running and Ready
               14.9s running+ready web-2
               14.9s create pvc www-web-3
               14.9s create web-3 @A
               14.9s waiting: waiting for web-3 to be Running and Ready
               18.9s running+ready web-3
               18.9s settled
            status: replicas=4 ready=4 available=4 current=4 updated=0 currentRevision=A updateRevision=B
            pods: web-0@A web-1@A web-2@A web-3@A
            pvcs: www-web-0 www-web-1 www-web-2 www-web-3
        "#]],
    );
}

#[test]
fn s4_6_without_a_rolling_update_block_recreated_pods_use_current_replicas() {
    // `type: RollingUpdate` with no `rollingUpdate` block (§3): a pod recreated while the
    // update runs gets the current revision if its ordinal < status.currentReplicas.
    check(
        &web(3, "updateStrategy: {type: RollingUpdate}", ""),
        &[],
        &["image nginx=nginx:1.28 & advance 3", "delete pod web-0"],
        expect![[r#"
                0.0s create revision A
                0.0s create pvc www-web-0
                0.0s create web-0 @A
                0.0s waiting: waiting for web-0 to be Running and Ready
                7.2s running+ready web-0
                7.2s create pvc www-web-1
                7.2s create web-1 @A
                7.2s waiting: waiting for web-1 to be Running and Ready
               11.2s running+ready web-1
               11.2s create pvc www-web-2
               11.2s create web-2 @A
               11.2s waiting: waiting for web-2 to be Running and Ready
               14.8s running+ready web-2
               14.8s settled
               => replicas=3 ready=3 available=3 current=3 updated=3 revisions=A/A
            -- step 1: image nginx=nginx:1.28 & advance 3
               14.8s create revision B
               14.8s delete web-2
               14.8s waiting: waiting for web-2 to terminate
               15.0s unready web-2
               15.3s gone web-2
               15.3s create web-2 @B
               15.3s waiting: waiting for web-2 to be Running and Ready
               => replicas=3 ready=2 available=2 current=2 updated=1 revisions=A/B
            -- step 2: delete pod web-0
               17.8s delete web-0
               17.8s waiting: waiting for web-0 to terminate
               18.0s unready web-0
               18.2s gone web-0
               18.2s create web-0 @A
               18.2s waiting: waiting for web-0 to be Running and Ready
               19.3s running+ready web-0
               19.3s waiting: waiting for web-2 to be Running and Ready
               19.5s running+ready web-2
               19.5s delete web-1
               19.5s waiting: waiting for web-1 to terminate
               19.7s unready web-1
               19.8s gone web-1
               19.8s create web-1 @B
               19.8s waiting: waiting for web-1 to be Running and Ready
               20.8s running+ready web-1
               20.8s delete web-0
               20.8s waiting: waiting for web-0 to terminate
               20.9s unready web-0
               21.1s gone web-0
               21.1s create web-0 @B
               21.1s waiting: waiting for web-0 to be Running and Ready
               22.3s running+ready web-0
               22.3s settled
            status: replicas=3 ready=3 available=3 current=3 updated=3 currentRevision=B updateRevision=B
            pods: web-0@B web-1@B web-2@B
            pvcs: www-web-0 www-web-1 www-web-2
        "#]],
    );
}

// §4.7 OnDelete.

const ON_DELETE: &str = "updateStrategy: {type: OnDelete}";

#[test]
fn s4_7_on_delete_replaces_only_deleted_pods_and_never_promotes_in_v1_36() {
    check(
        &web(2, ON_DELETE, ""),
        &[],
        &[
            "image nginx=nginx:1.28",
            "delete pod web-1",
            "delete pod web-0",
        ],
        expect![[r#"
                0.0s create revision A
                0.0s create pvc www-web-0
                0.0s create web-0 @A
                0.0s waiting: waiting for web-0 to be Running and Ready
                7.2s running+ready web-0
                7.2s create pvc www-web-1
                7.2s create web-1 @A
                7.2s waiting: waiting for web-1 to be Running and Ready
               11.2s running+ready web-1
               11.2s settled
               => replicas=2 ready=2 available=2 current=2 updated=2 revisions=A/A
            -- step 1: image nginx=nginx:1.28
               11.2s create revision B
               11.2s settled
               => replicas=2 ready=2 available=2 current=2 updated=0 revisions=A/B
            -- step 2: delete pod web-1
               11.2s delete web-1
               11.2s waiting: waiting for web-1 to terminate
               11.4s unready web-1
               11.7s gone web-1
               11.7s create web-1 @B
               11.7s waiting: waiting for web-1 to be Running and Ready
               17.1s running+ready web-1
               17.1s settled
               => replicas=2 ready=2 available=2 current=1 updated=1 revisions=A/B
            -- step 3: delete pod web-0
               17.1s delete web-0
               17.1s waiting: waiting for web-0 to terminate
               17.3s unready web-0
               17.6s gone web-0
               17.6s create web-0 @B
               17.6s waiting: waiting for web-0 to be Running and Ready
               18.3s running+ready web-0
               18.3s settled
            status: replicas=2 ready=2 available=2 current=0 updated=2 currentRevision=A updateRevision=B
            pods: web-0@B web-1@B
            pvcs: www-web-0 www-web-1
        "#]],
    );
}

#[test]
fn s4_7_on_delete_promotes_the_current_revision_in_v1_37() {
    check_on(
        37,
        &web(2, ON_DELETE, ""),
        &[],
        &[
            "image nginx=nginx:1.28",
            "delete pod web-1",
            "delete pod web-0",
        ],
        expect![[r#"
                0.0s create revision A
                0.0s create pvc www-web-0
                0.0s create web-0 @A
                0.0s waiting: waiting for web-0 to be Running and Ready
                7.2s running+ready web-0
                7.2s create pvc www-web-1
                7.2s create web-1 @A
                7.2s waiting: waiting for web-1 to be Running and Ready
               11.2s running+ready web-1
               11.2s settled
               => replicas=2 ready=2 available=2 current=2 updated=2 revisions=A/A
            -- step 1: image nginx=nginx:1.28
               11.2s create revision B
               11.2s settled
               => replicas=2 ready=2 available=2 current=2 updated=0 revisions=A/B
            -- step 2: delete pod web-1
               11.2s delete web-1
               11.2s waiting: waiting for web-1 to terminate
               11.4s unready web-1
               11.7s gone web-1
               11.7s create web-1 @B
               11.7s waiting: waiting for web-1 to be Running and Ready
               17.1s running+ready web-1
               17.1s settled
               => replicas=2 ready=2 available=2 current=1 updated=1 revisions=A/B
            -- step 3: delete pod web-0
               17.1s delete web-0
               17.1s waiting: waiting for web-0 to terminate
               17.3s unready web-0
               17.6s gone web-0
               17.6s create web-0 @B
               17.6s waiting: waiting for web-0 to be Running and Ready
               18.3s running+ready web-0
               18.3s settled
            status: replicas=2 ready=2 available=2 current=2 updated=2 currentRevision=B updateRevision=B
            pods: web-0@B web-1@B
            pvcs: www-web-0 www-web-1
        "#]],
    );
}

// §4.8 revisions and history.

/// ControllerRevisions of the set, oldest number first: `letter:number`, and live ones.
fn revisions(sim: &Simulation) -> String {
    let letters = revision_letters(sim);
    let mut revs: Vec<_> = sim.world.revisions.values().collect();
    revs.sort_by_key(|r| r.revision);
    revs.iter()
        .map(|r| {
            format!(
                "{}:{}",
                letters.get(&r.name).map_or("?", |l| l.as_str()),
                r.revision
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn s4_8_rollback_reuses_the_revision_name_with_a_new_number() {
    let mut sim = start(&web(2, "", ""), &[], 1, 36);
    let mut out = vec![revisions(&sim)];
    for s in [
        "image nginx=nginx:1.28",
        "image nginx=nginx:1.29",
        "image nginx=nginx:1.27",
    ] {
        step(&mut sim, s);
        out.push(revisions(&sim));
    }
    expect![[r#"
        A:1
        A:1 B:2
        A:1 B:2 C:3
        B:2 C:3 A:4"#]]
    .assert_eq(&out.join("\n"));
}

#[test]
fn s4_8_history_is_truncated_to_the_limit() {
    let mut sim = start(&web(1, "revisionHistoryLimit: 1", ""), &[], 1, 36);
    for i in 28..32 {
        step(&mut sim, &format!("image nginx=nginx:1.{i}"));
    }
    // Live: current = update = E; one non-live revision (D) is kept.
    expect!["D:4 E:5"].assert_eq(&revisions(&sim));
}

#[test]
fn s4_8_orphans_are_adopted_by_a_new_statefulset_without_restarts() {
    // `delete sts --cascade=orphan`, then apply it again (the way to change a field an
    // update may not change): pods and the revision are adopted, no pod is replaced.
    check(
        &web(2, "", ""),
        &[],
        &["delete sts --cascade=orphan", "apply test.yaml"],
        expect![[r#"
                0.0s create revision A
                0.0s create pvc www-web-0
                0.0s create web-0 @A
                0.0s waiting: waiting for web-0 to be Running and Ready
                7.2s running+ready web-0
                7.2s create pvc www-web-1
                7.2s create web-1 @A
                7.2s waiting: waiting for web-1 to be Running and Ready
               11.2s running+ready web-1
               11.2s settled
               => replicas=2 ready=2 available=2 current=2 updated=2 revisions=A/A
            -- step 1: delete sts --cascade=orphan
               11.2s delete sts web
               11.2s gone sts web
               11.2s update web-0: orphaned: owner reference removed
               11.2s update web-1: orphaned: owner reference removed
               11.3s settled
               => no StatefulSet
            -- step 2: apply test.yaml
               11.3s update revision A
               11.3s update web-0: adopted by StatefulSet web
               11.3s update web-1: adopted by StatefulSet web
               11.3s settled
            status: replicas=2 ready=2 available=2 current=2 updated=2 currentRevision=A updateRevision=A
            pods: web-0@A web-1@A
            pvcs: www-web-0 www-web-1
        "#]],
    );
}

// §4.9 PVC retention policy: which claims survive scale-down and StatefulSet deletion.

fn retention(when_deleted: &str, when_scaled: &str) -> String {
    web(
        3,
        &format!(
            "persistentVolumeClaimRetentionPolicy: {{whenDeleted: {when_deleted}, whenScaled: {when_scaled}}}"
        ),
        "",
    )
}

#[test]
fn s4_9_retain_retain_keeps_claims_and_reuses_them_on_scale_up() {
    check(
        &retention("Retain", "Retain"),
        &[],
        &["scale 1", "scale 2", "delete sts"],
        expect![[r#"
                0.0s create revision A
                0.0s create pvc www-web-0
                0.0s create web-0 @A
                0.0s waiting: waiting for web-0 to be Running and Ready
                7.2s running+ready web-0
                7.2s create pvc www-web-1
                7.2s create web-1 @A
                7.2s waiting: waiting for web-1 to be Running and Ready
               11.2s running+ready web-1
               11.2s create pvc www-web-2
               11.2s create web-2 @A
               11.2s waiting: waiting for web-2 to be Running and Ready
               14.8s running+ready web-2
               14.8s settled
               => replicas=3 ready=3 available=3 current=3 updated=3 revisions=A/A
            -- step 1: scale 1
               14.8s delete web-2
               14.8s waiting: waiting for web-2 to terminate before scaling down further
               15.0s unready web-2
               15.3s gone web-2
               15.3s delete web-1
               15.3s waiting: waiting for web-1 to terminate before scaling down further
               15.4s unready web-1
               15.6s gone web-1
               15.6s settled
               => replicas=1 ready=1 available=1 current=1 updated=1 revisions=A/A
            -- step 2: scale 2
               15.6s create web-1 @A
               15.6s waiting: waiting for web-1 to be Running and Ready
               16.3s running+ready web-1
               16.3s settled
               => replicas=2 ready=2 available=2 current=2 updated=2 revisions=A/A
            -- step 3: delete sts
               16.3s delete sts web
               16.3s gone sts web
               16.3s delete web-0
               16.3s delete web-1
               16.3s gone revision A
               16.4s unready web-0
               16.5s unready web-1
               16.6s gone web-0
               16.8s gone web-1
               16.8s settled
            pods: 
            pvcs: www-web-0 www-web-1 www-web-2
        "#]],
    );
}

#[test]
fn s4_9_delete_retain_keeps_claims_on_scale_down_deletes_them_with_the_set() {
    check(
        &retention("Delete", "Retain"),
        &[],
        &["scale 1", "delete sts"],
        expect![[r#"
                0.0s create revision A
                0.0s create pvc www-web-0
                0.0s create web-0 @A
                0.0s update pvc www-web-0: owned by StatefulSet web (deleted with it)
                0.0s waiting: waiting for web-0 to be Running and Ready
                7.2s running+ready web-0
                7.2s create pvc www-web-1
                7.2s create web-1 @A
                7.2s update pvc www-web-1: owned by StatefulSet web (deleted with it)
                7.2s waiting: waiting for web-1 to be Running and Ready
               11.2s running+ready web-1
               11.2s create pvc www-web-2
               11.2s create web-2 @A
               11.2s update pvc www-web-2: owned by StatefulSet web (deleted with it)
               11.2s waiting: waiting for web-2 to be Running and Ready
               14.8s running+ready web-2
               14.8s settled
               => replicas=3 ready=3 available=3 current=3 updated=3 revisions=A/A
            -- step 1: scale 1
               14.8s delete web-2
               14.8s waiting: waiting for web-2 to terminate before scaling down further
               15.0s unready web-2
               15.3s gone web-2
               15.3s delete web-1
               15.3s waiting: waiting for web-1 to terminate before scaling down further
               15.4s unready web-1
               15.6s gone web-1
               15.6s settled
               => replicas=1 ready=1 available=1 current=1 updated=1 revisions=A/A
            -- step 2: delete sts
               15.6s delete sts web
               15.6s gone sts web
               15.7s delete web-0
               15.7s delete pvc www-web-0
               15.7s delete pvc www-web-1
               15.7s gone pvc www-web-1
               15.7s delete pvc www-web-2
               15.7s gone pvc www-web-2
               15.7s gone revision A
               15.9s unready web-0
               16.1s gone web-0
               16.2s gone pvc www-web-0
               16.2s settled
            pods: 
            pvcs: 
        "#]],
    );
}

#[test]
fn s4_9_retain_delete_deletes_scaled_claims_keeps_them_with_the_set() {
    check(
        &retention("Retain", "Delete"),
        &[],
        &["scale 1", "delete sts"],
        expect![[r#"
                0.0s create revision A
                0.0s create pvc www-web-0
                0.0s create web-0 @A
                0.0s waiting: waiting for web-0 to be Running and Ready
                7.2s running+ready web-0
                7.2s create pvc www-web-1
                7.2s create web-1 @A
                7.2s waiting: waiting for web-1 to be Running and Ready
               11.2s running+ready web-1
               11.2s create pvc www-web-2
               11.2s create web-2 @A
               11.2s waiting: waiting for web-2 to be Running and Ready
               14.8s running+ready web-2
               14.8s settled
               => replicas=3 ready=3 available=3 current=3 updated=3 revisions=A/A
            -- step 1: scale 1
               14.8s update pvc www-web-2: owned by Pod web-2 (deleted with it)
               14.8s update pvc www-web-1: owned by Pod web-1 (deleted with it)
               14.8s delete web-2
               14.8s waiting: waiting for web-2 to terminate before scaling down further
               15.0s unready web-2
               15.3s gone web-2
               15.3s delete web-1
               15.3s waiting: waiting for web-1 to terminate before scaling down further
               15.4s delete pvc www-web-2
               15.4s gone pvc www-web-2
               15.4s unready web-1
               15.6s gone web-1
               15.6s delete pvc www-web-1
               15.6s gone pvc www-web-1
               15.6s settled
               => replicas=1 ready=1 available=1 current=1 updated=1 revisions=A/A
            -- step 2: delete sts
               15.6s delete sts web
               15.6s gone sts web
               15.7s delete web-0
               15.7s gone revision A
               15.9s unready web-0
               16.1s gone web-0
               16.2s settled
            pods: 
            pvcs: www-web-0
        "#]],
    );
}

#[test]
fn s4_9_delete_delete_deletes_all_claims() {
    check(
        &retention("Delete", "Delete"),
        &[],
        &["scale 1", "delete sts"],
        expect![[r#"
                0.0s create revision A
                0.0s create pvc www-web-0
                0.0s create web-0 @A
                0.0s update pvc www-web-0: owned by StatefulSet web (deleted with it)
                0.0s waiting: waiting for web-0 to be Running and Ready
                7.2s running+ready web-0
                7.2s create pvc www-web-1
                7.2s create web-1 @A
                7.2s update pvc www-web-1: owned by StatefulSet web (deleted with it)
                7.2s waiting: waiting for web-1 to be Running and Ready
               11.2s running+ready web-1
               11.2s create pvc www-web-2
               11.2s create web-2 @A
               11.2s update pvc www-web-2: owned by StatefulSet web (deleted with it)
               11.2s waiting: waiting for web-2 to be Running and Ready
               14.8s running+ready web-2
               14.8s settled
               => replicas=3 ready=3 available=3 current=3 updated=3 revisions=A/A
            -- step 1: scale 1
               14.8s update pvc www-web-2: owned by Pod web-2 (deleted with it)
               14.8s update pvc www-web-1: owned by Pod web-1 (deleted with it)
               14.8s delete web-2
               14.8s waiting: waiting for web-2 to terminate before scaling down further
               15.0s unready web-2
               15.3s gone web-2
               15.3s delete web-1
               15.3s waiting: waiting for web-1 to terminate before scaling down further
               15.4s delete pvc www-web-2
               15.4s gone pvc www-web-2
               15.4s unready web-1
               15.6s gone web-1
               15.6s delete pvc www-web-1
               15.6s gone pvc www-web-1
               15.6s settled
               => replicas=1 ready=1 available=1 current=1 updated=1 revisions=A/A
            -- step 2: delete sts
               15.6s delete sts web
               15.6s gone sts web
               15.7s delete web-0
               15.7s delete pvc www-web-0
               15.7s gone revision A
               15.9s unready web-0
               16.1s gone web-0
               16.2s gone pvc www-web-0
               16.2s settled
            pods: 
            pvcs: 
        "#]],
    );
}

#[test]
fn s4_9_orphan_cascade_keeps_pods_and_claims() {
    check(
        &retention("Delete", "Delete"),
        &[],
        &["delete sts --cascade=orphan"],
        expect![[r#"
                0.0s create revision A
                0.0s create pvc www-web-0
                0.0s create web-0 @A
                0.0s update pvc www-web-0: owned by StatefulSet web (deleted with it)
                0.0s waiting: waiting for web-0 to be Running and Ready
                7.2s running+ready web-0
                7.2s create pvc www-web-1
                7.2s create web-1 @A
                7.2s update pvc www-web-1: owned by StatefulSet web (deleted with it)
                7.2s waiting: waiting for web-1 to be Running and Ready
               11.2s running+ready web-1
               11.2s create pvc www-web-2
               11.2s create web-2 @A
               11.2s update pvc www-web-2: owned by StatefulSet web (deleted with it)
               11.2s waiting: waiting for web-2 to be Running and Ready
               14.8s running+ready web-2
               14.8s settled
               => replicas=3 ready=3 available=3 current=3 updated=3 revisions=A/A
            -- step 1: delete sts --cascade=orphan
               14.8s delete sts web
               14.8s gone sts web
               14.8s update web-0: orphaned: owner reference removed
               14.8s update web-1: orphaned: owner reference removed
               14.8s update web-2: orphaned: owner reference removed
               14.9s settled
            pods: web-0@A(orphan) web-1@A(orphan) web-2@A(orphan)
            pvcs: www-web-0 www-web-1 www-web-2
        "#]],
    );
}

#[test]
fn s4_9_policy_does_not_apply_to_deleted_or_updated_pods() {
    // A pod deleted by hand or replaced by a rolling update keeps its claim.
    check(
        &retention("Delete", "Delete"),
        &[],
        &["delete pod web-1", "image nginx=nginx:1.28"],
        expect![[r#"
                0.0s create revision A
                0.0s create pvc www-web-0
                0.0s create web-0 @A
                0.0s update pvc www-web-0: owned by StatefulSet web (deleted with it)
                0.0s waiting: waiting for web-0 to be Running and Ready
                7.2s running+ready web-0
                7.2s create pvc www-web-1
                7.2s create web-1 @A
                7.2s update pvc www-web-1: owned by StatefulSet web (deleted with it)
                7.2s waiting: waiting for web-1 to be Running and Ready
               11.2s running+ready web-1
               11.2s create pvc www-web-2
               11.2s create web-2 @A
               11.2s update pvc www-web-2: owned by StatefulSet web (deleted with it)
               11.2s waiting: waiting for web-2 to be Running and Ready
               14.8s running+ready web-2
               14.8s settled
               => replicas=3 ready=3 available=3 current=3 updated=3 revisions=A/A
            -- step 1: delete pod web-1
               14.8s delete web-1
               14.8s waiting: waiting for web-1 to terminate
               15.0s unready web-1
               15.3s gone web-1
               15.3s create web-1 @A
               15.3s waiting: waiting for web-1 to be Running and Ready
               16.0s running+ready web-1
               16.0s settled
               => replicas=3 ready=3 available=3 current=3 updated=3 revisions=A/A
            -- step 2: image nginx=nginx:1.28
               16.0s create revision B
               16.0s delete web-2
               16.0s waiting: waiting for web-2 to terminate
               16.2s unready web-2
               16.6s gone web-2
               16.6s create web-2 @B
               16.6s waiting: waiting for web-2 to be Running and Ready
               20.4s running+ready web-2
               20.4s delete web-1
               20.4s waiting: waiting for web-1 to terminate
               20.6s unready web-1
               20.7s gone web-1
               20.7s create web-1 @B
               20.7s waiting: waiting for web-1 to be Running and Ready
               21.7s running+ready web-1
               21.7s delete web-0
               21.7s waiting: waiting for web-0 to terminate
               21.9s unready web-0
               22.1s gone web-0
               22.1s create web-0 @B
               22.1s waiting: waiting for web-0 to be Running and Ready
               23.2s running+ready web-0
               23.2s settled
            status: replicas=3 ready=3 available=3 current=3 updated=3 currentRevision=B updateRevision=B
            pods: web-0@B web-1@B web-2@B
            pvcs: www-web-0 www-web-1 www-web-2
        "#]],
    );
}

#[test]
fn s4_9_stale_claim_blocks_recreation_until_the_gc_removes_it() {
    // whenScaled: Delete. Scaling back up before the GC deleted web-2's claim: the claim
    // still names the old pod (PodClaimIsStale), so web-2 waits for the GC.
    check(
        &retention("Retain", "Delete"),
        &[],
        &["scale 2 & advance 0.45", "scale 3"],
        expect![[r#"
                0.0s create revision A
                0.0s create pvc www-web-0
                0.0s create web-0 @A
                0.0s waiting: waiting for web-0 to be Running and Ready
                7.2s running+ready web-0
                7.2s create pvc www-web-1
                7.2s create web-1 @A
                7.2s waiting: waiting for web-1 to be Running and Ready
               11.2s running+ready web-1
               11.2s create pvc www-web-2
               11.2s create web-2 @A
               11.2s waiting: waiting for web-2 to be Running and Ready
               14.8s running+ready web-2
               14.8s settled
               => replicas=3 ready=3 available=3 current=3 updated=3 revisions=A/A
            -- step 1: scale 2 & advance 0.45
               14.8s update pvc www-web-2: owned by Pod web-2 (deleted with it)
               14.8s delete web-2
               14.8s waiting: waiting for web-2 to terminate before scaling down further
               15.0s unready web-2
               15.3s gone web-2
               => replicas=2 ready=2 available=2 current=2 updated=2 revisions=A/A
            -- step 2: scale 3
               15.3s waiting: waiting for the garbage collector to remove the stale PVCs of web-2 before creating it
               15.4s delete pvc www-web-2
               15.4s gone pvc www-web-2
               15.4s create pvc www-web-2
               15.4s create web-2 @A
               15.4s waiting: waiting for web-2 to be Running and Ready
               19.4s running+ready web-2
               19.4s settled
            status: replicas=3 ready=3 available=3 current=3 updated=3 currentRevision=A updateRevision=A
            pods: web-0@A web-1@A web-2@A
            pvcs: www-web-0 www-web-1 www-web-2
        "#]],
    );
}

// §4.10 minReadySeconds.

#[test]
fn s4_10_min_ready_seconds_delays_ordered_creation() {
    check(
        &web(3, "minReadySeconds: 10", ""),
        &[],
        &[],
        expect![[r#"
            0.0s create revision A
            0.0s create pvc www-web-0
            0.0s create web-0 @A
            0.0s waiting: waiting for web-0 to be Running and Ready
            7.2s running+ready web-0
            7.2s waiting: waiting for web-0 to be Available (Ready for more than minReadySeconds=10)
           20.0s create pvc www-web-1
           20.0s create web-1 @A
           20.0s waiting: waiting for web-1 to be Running and Ready
           24.0s running+ready web-1
           24.0s waiting: waiting for web-1 to be Available (Ready for more than minReadySeconds=10)
           40.0s create pvc www-web-2
           40.0s create web-2 @A
           40.0s waiting: waiting for web-2 to be Running and Ready
           43.6s running+ready web-2
           43.6s waiting: waiting for web-2 to be Available (Ready for more than minReadySeconds=10)
           60.0s settled
        status: replicas=3 ready=3 available=3 current=3 updated=3 currentRevision=A updateRevision=A
        pods: web-0@A web-1@A web-2@A
        pvcs: www-web-0 www-web-1 www-web-2
    "#]],
    );
}

#[test]
fn s4_10_min_ready_seconds_delays_rolling_updates_from_v1_34() {
    check(
        &web(3, "minReadySeconds: 10\npodManagementPolicy: Parallel", ""),
        &[],
        &["image nginx=nginx:1.28"],
        expect![[r#"
                0.0s create revision A
                0.0s create pvc www-web-0
                0.0s create web-0 @A
                0.0s create pvc www-web-1
                0.0s create web-1 @A
                0.0s create pvc www-web-2
                0.0s create web-2 @A
                5.6s running+ready web-2
                5.8s running+ready web-0
                6.3s running+ready web-1
               20.0s settled
               => replicas=3 ready=3 available=3 current=3 updated=3 revisions=A/A
            -- step 1: image nginx=nginx:1.28
               20.0s create revision B
               20.0s delete web-2
               20.0s waiting: waiting for web-2 to terminate during the rolling update
               20.2s unready web-2
               20.5s gone web-2
               20.5s create web-2 @B
               20.5s waiting: waiting for web-2 to be created and become Ready
               20.5s waiting: waiting for web-2 to be Running and Ready during the rolling update
               24.8s running+ready web-2
               24.8s waiting: waiting for web-2 to be Available (Ready for more than minReadySeconds=10) during the rolling update
               40.2s delete web-1
               40.2s waiting: waiting for web-1 to terminate during the rolling update
               40.4s unready web-1
               40.6s gone web-1
               40.6s create web-1 @B
               40.6s waiting: waiting for web-1 to be created and become Ready
               40.6s waiting: waiting for web-1 to be Running and Ready during the rolling update
               41.7s running+ready web-1
               41.7s waiting: waiting for web-1 to be Available (Ready for more than minReadySeconds=10) during the rolling update
               60.4s delete web-0
               60.4s waiting: waiting for web-0 to terminate during the rolling update
               60.6s unready web-0
               60.9s gone web-0
               60.9s create web-0 @B
               61.6s running+ready web-0
               80.6s settled
            status: replicas=3 ready=3 available=3 current=3 updated=3 currentRevision=B updateRevision=B
            pods: web-0@B web-1@B web-2@B
            pvcs: www-web-0 www-web-1 www-web-2
        "#]],
    );
}

#[test]
fn s4_10_min_ready_seconds_does_not_delay_rolling_updates_before_v1_34() {
    check_on(
        33,
        &web(3, "minReadySeconds: 10\npodManagementPolicy: Parallel", ""),
        &[],
        &["image nginx=nginx:1.28"],
        expect![[r#"
                0.0s create revision A
                0.0s create pvc www-web-0
                0.0s create web-0 @A
                0.0s create pvc www-web-1
                0.0s create web-1 @A
                0.0s create pvc www-web-2
                0.0s create web-2 @A
                5.6s running+ready web-2
                5.8s running+ready web-0
                6.3s running+ready web-1
               20.0s settled
               => replicas=3 ready=3 available=3 current=3 updated=3 revisions=A/A
            -- step 1: image nginx=nginx:1.28
               20.0s create revision B
               20.0s delete web-2
               20.0s waiting: waiting for web-2 to terminate during the rolling update
               20.2s unready web-2
               20.5s gone web-2
               20.5s create web-2 @B
               20.5s waiting: waiting for web-2 to be created and become Ready
               20.5s waiting: waiting for web-2 to be Running and Ready during the rolling update
               24.8s running+ready web-2
               24.8s delete web-1
               24.8s waiting: waiting for web-1 to terminate during the rolling update
               25.0s unready web-1
               25.2s gone web-1
               25.2s create web-1 @B
               25.2s waiting: waiting for web-1 to be created and become Ready
               25.2s waiting: waiting for web-1 to be Running and Ready during the rolling update
               26.3s running+ready web-1
               26.3s delete web-0
               26.3s waiting: waiting for web-0 to terminate during the rolling update
               26.4s unready web-0
               26.8s gone web-0
               26.8s create web-0 @B
               27.5s running+ready web-0
               40.2s settled
            status: replicas=3 ready=3 available=3 current=3 updated=3 currentRevision=B updateRevision=B
            pods: web-0@B web-1@B web-2@B
            pvcs: www-web-0 www-web-1 www-web-2
        "#]],
    );
}

// §6 status fields over a rolling update.

/// Every status the controller wrote from `from` on: `t current updated ready cur/upd`.
fn status_history(sim: &Simulation, from: usize) -> String {
    let letters = revision_letters(sim);
    let rev = |r: &str| letters.get(r).cloned().unwrap_or_else(|| r.to_string());
    let mut out = String::new();
    let mut last = String::new();
    for (t, _, generation, st) in sim.world.status_log.since(from) {
        let line = format!(
            "gen={generation} replicas={} ready={} current={} updated={} {}/{}",
            st.replicas,
            st.ready,
            st.current,
            st.updated,
            rev(&st.current_revision),
            rev(&st.update_revision)
        );
        if line != last {
            out.push_str(&format!("{} {line}\n", secs(*t)));
            last = line;
        }
    }
    out
}

#[test]
fn s6_status_during_a_rolling_update_and_its_promotion() {
    let mut sim = start(&web(3, "", ""), &[], 1, 36);
    let from = sim.world.status_log.len();
    step(&mut sim, "image nginx=nginx:1.28");
    expect![[r#"
        14.8s   gen=2 replicas=3 ready=3 current=2 updated=0 A/B
        15.0s   gen=2 replicas=3 ready=2 current=2 updated=0 A/B
        15.3s   gen=2 replicas=2 ready=2 current=2 updated=0 A/B
        15.3s   gen=2 replicas=3 ready=2 current=2 updated=1 A/B
        19.5s   gen=2 replicas=3 ready=3 current=1 updated=1 A/B
        19.6s   gen=2 replicas=3 ready=2 current=1 updated=1 A/B
        19.8s   gen=2 replicas=2 ready=2 current=1 updated=1 A/B
        19.8s   gen=2 replicas=3 ready=2 current=1 updated=2 A/B
        20.6s   gen=2 replicas=3 ready=3 current=0 updated=2 A/B
        20.8s   gen=2 replicas=3 ready=2 current=0 updated=2 A/B
        21.0s   gen=2 replicas=2 ready=2 current=2 updated=2 B/B
        21.0s   gen=2 replicas=3 ready=2 current=3 updated=3 B/B
        21.9s   gen=2 replicas=3 ready=3 current=3 updated=3 B/B
    "#]]
    .assert_eq(&status_history(&sim, from));
}

#[test]
fn s6_partition_is_never_promoted() {
    let mut sim = start(
        &web(5, "updateStrategy: {rollingUpdate: {partition: 3}}", ""),
        &[],
        1,
        36,
    );
    let from = sim.world.status_log.len();
    step(&mut sim, "image nginx=nginx:1.28");
    expect![[r#"
        21.5s   gen=2 replicas=5 ready=5 current=4 updated=0 A/B
        21.7s   gen=2 replicas=5 ready=4 current=4 updated=0 A/B
        22.0s   gen=2 replicas=4 ready=4 current=4 updated=0 A/B
        22.0s   gen=2 replicas=5 ready=4 current=4 updated=1 A/B
        26.0s   gen=2 replicas=5 ready=5 current=3 updated=1 A/B
        26.1s   gen=2 replicas=5 ready=4 current=3 updated=1 A/B
        26.5s   gen=2 replicas=4 ready=4 current=3 updated=1 A/B
        26.5s   gen=2 replicas=5 ready=4 current=3 updated=2 A/B
        27.5s   gen=2 replicas=5 ready=5 current=3 updated=2 A/B
    "#]]
    .assert_eq(&status_history(&sim, from));
}

#[test]
fn s6_status_counts_terminating_pods_as_replicas_but_not_current() {
    // replicas counts every pod that exists; current/updated skip terminating ones; a
    // terminating pod still Ready counts as ready.
    let mut sim = start(
        &web(
            2,
            "",
            "lifecycle: {preStop: {exec: {command: [sleep, '5']}}}",
        ),
        &[],
        1,
        36,
    );
    let from = sim.world.status_log.len();
    step(&mut sim, "scale 1 & advance 0.05");
    expect![[r#"
        11.2s   gen=2 replicas=2 ready=2 current=2 updated=2 A/A
        11.2s   gen=2 replicas=2 ready=2 current=1 updated=1 A/A
    "#]]
    .assert_eq(&status_history(&sim, from));
}

#[test]
fn s6_a_negative_current_replicas_is_never_written() {
    // OnDelete never promoted A, the pods are at B, the template moves to C, then the set
    // switches to RollingUpdate: the legacy loop decrements currentReplicas (0) for each pod
    // it deletes. The API server refuses a negative count (ValidateStatefulSetStatus); the
    // old status stays until the next sync computes a valid one.
    let mut sim = start(&web(2, ON_DELETE, ""), &[], 1, 36);
    for s in [
        "image nginx=nginx:1.28",
        "delete pod web-1",
        "delete pod web-0",
        "image nginx=nginx:1.29",
    ] {
        step(&mut sim, s);
    }
    let from = sim.world.status_log.len();
    step(
        &mut sim,
        r#"patch {"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":0}}}}"#,
    );
    expect![[r#"
        18.3s   gen=4 replicas=2 ready=2 current=0 updated=0 A/C
        18.5s   gen=4 replicas=2 ready=1 current=0 updated=0 A/C
        18.9s   gen=4 replicas=1 ready=1 current=0 updated=0 A/C
        18.9s   gen=4 replicas=2 ready=1 current=0 updated=1 A/C
        22.7s   gen=4 replicas=2 ready=2 current=0 updated=1 A/C
        22.9s   gen=4 replicas=2 ready=1 current=0 updated=1 A/C
        23.0s   gen=4 replicas=1 ready=1 current=1 updated=1 C/C
        23.0s   gen=4 replicas=2 ready=1 current=2 updated=2 C/C
        24.0s   gen=4 replicas=2 ready=2 current=2 updated=2 C/C
    "#]]
    .assert_eq(&status_history(&sim, from));
}

// §7 probes and readiness timing (kubelet).

/// `web` with annotations on the pod template.
/// `web` with the claim mounted at `/data`, so that nginx serves its image's page and answers
/// the probes 200: at its document root the empty claim would have it answer 403 (no
/// `index.html`), and every HTTP probe would fail, as in a cluster.
fn probed(manifest: &str) -> String {
    manifest.replace("mountPath: /usr/share/nginx/html", "mountPath: /data")
}

fn annotated(manifest: &str, annotations: &str) -> String {
    manifest.replacen(
        "metadata: {labels: {app: nginx}}",
        &format!("metadata: {{labels: {{app: nginx}}, annotations: {{{annotations}}}}}"),
        1,
    )
}

/// What happened to `pod` from log entry `from` on, kubelet events included (first
/// occurrence of each, with their count at the end), times relative to `zero`.
fn pod_story(sim: &Simulation, pod: &str, from: usize) -> String {
    let mut out = String::new();
    for e in sim.world.log.since(from) {
        if &*e.name != pod || !matches!(e.kind, "Pod") {
            continue;
        }
        let what = match e.action {
            Action::Running | Action::Ready | Action::Unready | Action::Restart => {
                e.action.as_str().to_string()
            }
            Action::Create | Action::Delete | Action::Gone => e.action.as_str().to_string(),
            Action::Event
                if matches!(
                    e.reason.as_deref(),
                    Some("Unhealthy" | "Killing" | "BackOff")
                ) =>
            {
                format!(
                    "{}: {}",
                    e.reason.as_deref().unwrap_or(""),
                    e.message.as_deref().unwrap_or("")
                )
            }
            _ => continue,
        };
        out.push_str(&format!("{} {what}\n", secs(e.t)));
    }
    out
}

/// The time of the first `action` on `pod` in the log from `from` on.
fn first(sim: &Simulation, pod: &str, action: Action, from: usize) -> f64 {
    sim.world
        .log
        .since(from)
        .find(|e| e.kind == "Pod" && &*e.name == pod && e.action == action)
        .map(|e| e.t as f64 / 1000.0)
        .unwrap_or_else(|| panic!("{pod} never {}", action.as_str()))
}

const READINESS: &str = "readinessProbe: {httpGet: {path: /, port: 80}, initialDelaySeconds: 5, periodSeconds: 3, successThreshold: 2}";

#[test]
fn s7_readiness_initial_delay_period_and_success_threshold() {
    // First probe at the first worker tick after start + initialDelaySeconds (5s); Ready
    // after successThreshold (2) consecutive successes one period (3s) apart.
    for seed in 1..=5 {
        let sim = start(&probed(&web(1, "", READINESS)), &[], seed, 36);
        let gap = first(&sim, "web-0", Action::Ready, 0) - first(&sim, "web-0", Action::Running, 0);
        assert!(
            (8.0..11.1).contains(&gap),
            "seed {seed}: Ready {gap}s after start"
        );
    }
    let sim = start(&probed(&web(1, "", READINESS)), &[], 1, 36);
    expect![[r#"
        0.0s    create
        7.2s    running
        17.6s   ready
    "#]]
    .assert_eq(&pod_story(&sim, "web-0", 0));
}

#[test]
fn s7_readiness_failure_threshold_and_recovery_never_restart() {
    // `fault ready=fail`: NotReady after failureThreshold (3) failures, 2s apart; never a
    // restart. `ready=ok`: Ready again after successThreshold (1) success.
    let probe = "readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 2}";
    let mut sim = start(&probed(&web(2, "", probe)), &[], 1, 36);
    let from = sim.world.log.len();
    let mut story = format!("{} fault ready=fail\n", secs(sim.world.now));
    step(&mut sim, "fault web-1 ready=fail");
    step(&mut sim, "advance 30");
    story += &format!("{} fault ready=ok\n", secs(sim.world.now));
    step(&mut sim, "fault web-1 ready=ok");
    story += &pod_story(&sim, "web-1", from);
    expect![[r#"
        13.2s   fault ready=fail
        49.2s   fault ready=ok
        19.2s   Unhealthy: Readiness probe failed: HTTP probe failed with statuscode: 503
        19.2s   unready
        49.2s   Unhealthy: Readiness probe failed: HTTP probe failed with statuscode: 503
        51.2s   ready
    "#]]
    .assert_eq(&story);
    let p = &sim.world.pods["default/web-1"];
    assert_eq!(p.containers[0].restarts, 0);
}

#[test]
fn s7_liveness_failure_restarts_with_back_off_and_flips_not_ready() {
    // failureThreshold (3) failures 5s apart kill the container; restarts are delayed
    // 0, 10, 20, 40s... (CrashLoopBackOff), and the pod is NotReady while it restarts.
    let probe = "livenessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 5}";
    let mut sim = start(&probed(&web(1, "", probe)), &[], 1, 36);
    let from = sim.world.log.len();
    let at = secs(sim.world.now);
    step(&mut sim, "fault web-0 live=fail & advance 200");
    let story = format!("{at} fault live=fail\n{}", pod_story(&sim, "web-0", from));
    expect![[r#"
        7.2s    fault live=fail
        17.6s   Unhealthy: Liveness probe failed: HTTP probe failed with statuscode: 503
        17.6s   Killing: Container nginx failed liveness probe, will be restarted
        17.6s   unready
        17.7s   restart
        17.7s   ready
        32.6s   Unhealthy: Liveness probe failed: HTTP probe failed with statuscode: 503
        32.6s   Killing: Container nginx failed liveness probe, will be restarted
        32.6s   unready
        32.7s   BackOff: Back-off restarting failed container nginx in pod web-0_default(bdab600d-b855-4c10-a8c1-c7f6f01e09dd)
        42.7s   restart
        42.7s   ready
        57.6s   Unhealthy: Liveness probe failed: HTTP probe failed with statuscode: 503
        57.6s   Killing: Container nginx failed liveness probe, will be restarted
        57.6s   unready
        57.8s   BackOff: Back-off restarting failed container nginx in pod web-0_default(bdab600d-b855-4c10-a8c1-c7f6f01e09dd)
        77.8s   restart
        77.8s   ready
        92.6s   Unhealthy: Liveness probe failed: HTTP probe failed with statuscode: 503
        92.6s   Killing: Container nginx failed liveness probe, will be restarted
        92.6s   unready
        92.8s   BackOff: Back-off restarting failed container nginx in pod web-0_default(bdab600d-b855-4c10-a8c1-c7f6f01e09dd)
        132.8s  restart
        132.8s  ready
        147.6s  Unhealthy: Liveness probe failed: HTTP probe failed with statuscode: 503
        147.6s  Killing: Container nginx failed liveness probe, will be restarted
        147.6s  unready
        147.8s  BackOff: Back-off restarting failed container nginx in pod web-0_default(bdab600d-b855-4c10-a8c1-c7f6f01e09dd)
    "#]].assert_eq(&story);
}

#[test]
fn s7_startup_probe_gates_readiness_and_liveness() {
    // The app needs 9s to answer. The startup probe (2s x 10) holds the liveness probe
    // (1s x 1) back until it has passed; then readiness runs.
    let containers =
        "startupProbe: {httpGet: {path: /, port: 80}, periodSeconds: 2, failureThreshold: 10}
livenessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 1, failureThreshold: 1}
readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 5}";
    let manifest = annotated(
        &probed(&web(1, "", containers)),
        "stsplay.dev/startup-ms: '9000'",
    );
    let sim = start(&manifest, &[], 1, 36);
    expect![[r#"
        0.0s    create
        7.2s    running
        16.6s   Unhealthy: Startup probe failed: Get "http://10.244.0.5:80/": dial tcp 10.244.0.5:80: connect: connection refused
        16.6s   ready
    "#]]
    .assert_eq(&pod_story(&sim, "web-0", 0));
    assert_eq!(sim.world.pods["default/web-0"].containers[0].restarts, 0);
}

#[test]
fn s7_without_a_startup_probe_a_slow_app_crash_loops() {
    let containers =
        "livenessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 1, failureThreshold: 1}";
    let manifest = annotated(
        &probed(&web(1, "", containers)),
        "stsplay.dev/startup-ms: '9000'",
    );
    let mut sim = start(&manifest, &[], 1, 36);
    step(&mut sim, "advance 60");
    expect![[r#"
        0.0s    create
        7.2s    running
        7.2s    ready
        7.6s    Unhealthy: Liveness probe failed: Get "http://10.244.0.5:80/": dial tcp 10.244.0.5:80: connect: connection refused
        7.6s    Killing: Container nginx failed liveness probe, will be restarted
        7.6s    unready
        7.7s    restart
        7.7s    ready
        8.6s    Unhealthy: Liveness probe failed: Get "http://10.244.0.5:80/": dial tcp 10.244.0.5:80: connect: connection refused
        8.6s    Killing: Container nginx failed liveness probe, will be restarted
        8.6s    unready
        8.7s    BackOff: Back-off restarting failed container nginx in pod web-0_default(bdab600d-b855-4c10-a8c1-c7f6f01e09dd)
        18.7s   restart
        18.7s   ready
        19.6s   Unhealthy: Liveness probe failed: Get "http://10.244.0.5:80/": dial tcp 10.244.0.5:80: connect: connection refused
        19.6s   Killing: Container nginx failed liveness probe, will be restarted
        19.6s   unready
        19.8s   BackOff: Back-off restarting failed container nginx in pod web-0_default(bdab600d-b855-4c10-a8c1-c7f6f01e09dd)
        39.8s   restart
        39.8s   ready
        40.6s   Unhealthy: Liveness probe failed: Get "http://10.244.0.5:80/": dial tcp 10.244.0.5:80: connect: connection refused
        40.6s   Killing: Container nginx failed liveness probe, will be restarted
        40.6s   unready
        40.8s   BackOff: Back-off restarting failed container nginx in pod web-0_default(bdab600d-b855-4c10-a8c1-c7f6f01e09dd)
        80.8s   restart
        80.8s   ready
        81.6s   Unhealthy: Liveness probe failed: Get "http://10.244.0.5:80/": dial tcp 10.244.0.5:80: connect: connection refused
        81.6s   Killing: Container nginx failed liveness probe, will be restarted
        81.6s   unready
        81.8s   BackOff: Back-off restarting failed container nginx in pod web-0_default(bdab600d-b855-4c10-a8c1-c7f6f01e09dd)
        161.8s  restart
        161.8s  ready
        162.6s  Unhealthy: Liveness probe failed: Get "http://10.244.0.5:80/": dial tcp 10.244.0.5:80: connect: connection refused
        162.6s  Killing: Container nginx failed liveness probe, will be restarted
        162.6s  unready
        162.8s  BackOff: Back-off restarting failed container nginx in pod web-0_default(bdab600d-b855-4c10-a8c1-c7f6f01e09dd)
        322.8s  restart
        322.8s  ready
        323.6s  Unhealthy: Liveness probe failed: Get "http://10.244.0.5:80/": dial tcp 10.244.0.5:80: connect: connection refused
        323.6s  Killing: Container nginx failed liveness probe, will be restarted
        323.6s  unready
        323.7s  BackOff: Back-off restarting failed container nginx in pod web-0_default(bdab600d-b855-4c10-a8c1-c7f6f01e09dd)
        623.7s  restart
        623.7s  ready
        624.6s  Unhealthy: Liveness probe failed: Get "http://10.244.0.5:80/": dial tcp 10.244.0.5:80: connect: connection refused
        624.6s  Killing: Container nginx failed liveness probe, will be restarted
        624.6s  unready
        624.7s  BackOff: Back-off restarting failed container nginx in pod web-0_default(bdab600d-b855-4c10-a8c1-c7f6f01e09dd)
    "#]].assert_eq(&pod_story(&sim, "web-0", 0));
}

#[test]
fn s7_startup_probe_failure_restarts_the_container() {
    let containers =
        "startupProbe: {httpGet: {path: /, port: 80}, periodSeconds: 1, failureThreshold: 3}";
    let manifest = annotated(
        &probed(&web(1, "", containers)),
        "stsplay.dev/startup-ms: '9000'",
    );
    let mut sim = start(&manifest, &[], 1, 36);
    step(&mut sim, "advance 30");
    expect![[r#"
        0.0s    create
        7.2s    running
        9.6s    Unhealthy: Startup probe failed: Get "http://10.244.0.5:80/": dial tcp 10.244.0.5:80: connect: connection refused
        9.6s    Killing: Container nginx failed startup probe, will be restarted
        9.7s    restart
        12.6s   Unhealthy: Startup probe failed: Get "http://10.244.0.5:80/": dial tcp 10.244.0.5:80: connect: connection refused
        12.6s   Killing: Container nginx failed startup probe, will be restarted
        12.7s   BackOff: Back-off restarting failed container nginx in pod web-0_default(bdab600d-b855-4c10-a8c1-c7f6f01e09dd)
        22.7s   restart
        25.6s   Unhealthy: Startup probe failed: Get "http://10.244.0.5:80/": dial tcp 10.244.0.5:80: connect: connection refused
        25.6s   Killing: Container nginx failed startup probe, will be restarted
        25.8s   BackOff: Back-off restarting failed container nginx in pod web-0_default(bdab600d-b855-4c10-a8c1-c7f6f01e09dd)
        45.8s   restart
        48.6s   Unhealthy: Startup probe failed: Get "http://10.244.0.5:80/": dial tcp 10.244.0.5:80: connect: connection refused
        48.6s   Killing: Container nginx failed startup probe, will be restarted
        48.8s   BackOff: Back-off restarting failed container nginx in pod web-0_default(bdab600d-b855-4c10-a8c1-c7f6f01e09dd)
        88.8s   restart
        91.6s   Unhealthy: Startup probe failed: Get "http://10.244.0.5:80/": dial tcp 10.244.0.5:80: connect: connection refused
        91.6s   Killing: Container nginx failed startup probe, will be restarted
        91.8s   BackOff: Back-off restarting failed container nginx in pod web-0_default(bdab600d-b855-4c10-a8c1-c7f6f01e09dd)
        171.8s  restart
        174.6s  Unhealthy: Startup probe failed: Get "http://10.244.0.5:80/": dial tcp 10.244.0.5:80: connect: connection refused
        174.6s  Killing: Container nginx failed startup probe, will be restarted
        174.8s  BackOff: Back-off restarting failed container nginx in pod web-0_default(bdab600d-b855-4c10-a8c1-c7f6f01e09dd)
        334.8s  restart
        337.6s  Unhealthy: Startup probe failed: Get "http://10.244.0.5:80/": dial tcp 10.244.0.5:80: connect: connection refused
        337.6s  Killing: Container nginx failed startup probe, will be restarted
        337.7s  BackOff: Back-off restarting failed container nginx in pod web-0_default(bdab600d-b855-4c10-a8c1-c7f6f01e09dd)
        637.7s  restart
        640.6s  Unhealthy: Startup probe failed: Get "http://10.244.0.5:80/": dial tcp 10.244.0.5:80: connect: connection refused
        640.6s  Killing: Container nginx failed startup probe, will be restarted
        640.7s  BackOff: Back-off restarting failed container nginx in pod web-0_default(bdab600d-b855-4c10-a8c1-c7f6f01e09dd)
    "#]].assert_eq(&pod_story(&sim, "web-0", 0));
}

// §7 image pulls (kubelet `EnsureImageExists`): ErrImagePull, ImagePullBackOff with its
// back-off (10s doubling to 300s), InvalidImageName, the `pull=fail` fault; and §4.4's forced
// rollback when the update's image does not exist.

const ROLLBACK_TRAP: &str = include_str!("../../static/scenarios/rollback-trap.yaml");

/// Runs kubectl command lines against `sim` and returns the transcript: each line after `$ `,
/// what it printed, and its exit status when not 0.
fn kubectl(sim: Simulation, lines: &[&str]) -> (Session, String) {
    let mut session = Session::new(sim);
    let mut out = String::new();
    for line in lines {
        let o = session.run(line);
        out.push_str(&format!("$ {line}\n{}{}", o.stdout(), o.stderr()));
        if !out.ends_with('\n') {
            out.push('\n');
        }
        if o.code != 0 {
            out.push_str(&format!("(exit {})\n", o.code));
        }
    }
    (session, out)
}

/// The Events of `pod` as `reason xcount: message`, in the order they were first recorded.
fn pod_events(sim: &Simulation, pod: &str) -> String {
    let mut out = String::new();
    for e in sim.world.events.iter().filter(|e| *e.object == *pod) {
        if matches!(&*e.reason, "Scheduled" | "Created" | "Started") {
            continue;
        }
        let kind = if e.warning { "Warning" } else { "Normal" };
        out.push_str(&format!(
            "{kind} {} x{}: {}\n",
            e.reason, e.count, e.message
        ));
    }
    out
}

#[test]
fn s4_4_rollback_trap_with_an_image_that_does_not_exist() {
    // The scenario of static/scenarios/rollback-trap.yaml, end to end through kubectl: web-2
    // is replaced by a pod whose image does not exist and waits in ImagePullBackOff; the
    // rollout cannot finish; `rollout undo` reverts the template but the controller still
    // waits for the broken web-2 (processReplica, issue #67250); deleting it recovers.
    let sim = start(ROLLBACK_TRAP, &[], 1, 36);
    let (session, transcript) = kubectl(
        sim,
        &[
            "kubectl set image sts/web nginx=registry.k8s.io/nginx-slim:does-not-exist",
            "sleep 60",
            "kubectl get pods",
            "kubectl rollout status sts/web --timeout=30s",
            "kubectl get pod web-2 -o jsonpath='{.status.phase} {.status.containerStatuses[0].state.waiting.reason}'",
            "kubectl describe pod web-2 | tail -6",
            "kubectl rollout undo sts/web",
            "sleep 60",
            "kubectl get pods",
            "kubectl get sts web",
            "kubectl delete pod web-2",
            "kubectl rollout status sts/web",
            "kubectl get pods",
        ],
    );
    expect![[r#"
        $ kubectl set image sts/web nginx=registry.k8s.io/nginx-slim:does-not-exist
        statefulset.apps/web image updated
        $ sleep 60
        $ kubectl get pods
        NAME    READY   STATUS             RESTARTS   AGE
        web-0   1/1     Running            0          98s
        web-1   1/1     Running            0          85s
        web-2   0/1     ImagePullBackOff   0          59s
        $ kubectl rollout status sts/web --timeout=30s
        Waiting for 1 pods to be ready...
        error: timed out waiting for the condition
        (exit 1)
        $ kubectl get pod web-2 -o jsonpath='{.status.phase} {.status.containerStatuses[0].state.waiting.reason}'
        Pending ImagePullBackOff
        $ kubectl describe pod web-2 | tail -6
          Normal   Scheduled  90s                default-scheduler  Successfully assigned default/web-2 to minikube
          Normal   Pulling    14s (x4 over 89s)  kubelet            spec.containers{nginx}: Pulling image "registry.k8s.io/nginx-slim:does-not-exist"
          Warning  Failed     13s (x4 over 87s)  kubelet            spec.containers{nginx}: Failed to pull image "registry.k8s.io/nginx-slim:does-not-exist": Error response from daemon: manifest for registry.k8s.io/nginx-slim:does-not-exist not found: manifest unknown: Failed to fetch "does-not-exist"
          Warning  Failed     13s (x4 over 87s)  kubelet            spec.containers{nginx}: Error: ErrImagePull
          Normal   BackOff    3s (x6 over 86s)   kubelet            spec.containers{nginx}: Back-off pulling image "registry.k8s.io/nginx-slim:does-not-exist"
          Warning  Failed     3s (x6 over 86s)   kubelet            spec.containers{nginx}: Error: ImagePullBackOff
        $ kubectl rollout undo sts/web
        statefulset.apps/web rolled back
        $ sleep 60
        $ kubectl get pods
        NAME    READY   STATUS             RESTARTS   AGE
        web-0   1/1     Running            0          3m8s
        web-1   1/1     Running            0          2m55s
        web-2   0/1     ImagePullBackOff   0          2m29s
        $ kubectl get sts web
        NAME   READY   AGE
        web    2/3     3m8s
        $ kubectl delete pod web-2
        pod "web-2" deleted from default namespace
        $ kubectl rollout status sts/web
        Waiting for 1 pods to be ready...
        partitioned roll out complete: 3 new pods have been updated...
        $ kubectl get pods
        NAME    READY   STATUS    RESTARTS   AGE
        web-0   1/1     Running   0          3m18s
        web-1   1/1     Running   0          3m6s
        web-2   1/1     Running   0          10s
    "#]]
    .assert_eq(&transcript);
    assert!(
        session
            .sim
            .world
            .pods
            .values()
            .all(|p| p.running_and_ready())
    );
}

#[test]
fn s7_image_pull_back_off_doubles_from_10s_to_300s() {
    // `flowcontrol.NewBackOff(imageBackOffPeriod = 10s, MaxImageBackOff = 300s)`: after each
    // failed pull the image is in back-off 10s, 20s, 40s, ... 300s. Pod syncs come every 10s
    // (the pod worker's error requeue), so the first pull after the back-off waits for one:
    // after the first failure the syncs run 1s after it (the new sandbox's PLEG event), hence
    // 11s. The simulation never settles (like a crash loop) and reports why after 15 minutes.
    let mut sim = start(&web(1, "", ""), &["web-0 pull=fail"], 1, 36);
    step(&mut sim, "advance 600");
    let mut story = String::new();
    let mut failed: Option<u64> = None;
    for e in sim.world.log.iter().filter(|e| &*e.name == "web-0") {
        let m = e.message.as_deref().unwrap_or("");
        match (e.action, e.reason.as_deref()) {
            (Action::Event, Some("Pulling")) => {
                let after = failed.map_or(String::new(), |f| {
                    format!(", {:.1}s after the last failure", (e.t - f) as f64 / 1000.0)
                });
                story.push_str(&format!("{} pull{after}\n", secs(e.t)));
            }
            (Action::Event, Some("Failed")) if m.starts_with("Failed to pull") => {
                failed = Some(e.t);
                story.push_str(&format!("{} failed\n", secs(e.t)));
            }
            _ => {}
        }
    }
    let blocked: Vec<String> = sim
        .world
        .log
        .iter()
        .filter(|e| e.action == Action::Blocked)
        .map(|e| {
            format!(
                "{} BLOCKED: {}\n",
                secs(e.t),
                e.reason.as_deref().unwrap_or("")
            )
        })
        .collect();
    story.push_str(&blocked.concat());
    story.push_str(&pod_events(&sim, "web-0"));
    let s = &sim.world.pods["default/web-0"].containers[0];
    story.push_str(&format!(
        "back-off now {}s\n",
        s.pull.as_ref().map_or(0, |f| f.backoff_s)
    ));
    expect![[r#"
        3.4s    pull
        4.6s    failed
        15.6s   pull, 11.0s after the last failure
        17.0s   failed
        37.0s   pull, 20.0s after the last failure
        38.3s   failed
        78.3s   pull, 40.0s after the last failure
        79.7s   failed
        159.7s  pull, 80.0s after the last failure
        160.8s  failed
        320.8s  pull, 160.0s after the last failure
        321.6s  failed
        621.6s  pull, 300.0s after the last failure
        623.1s  failed
        923.1s  pull, 300.0s after the last failure
        924.0s  failed
        1224.0s pull, 300.0s after the last failure
        1225.4s failed
        633.1s  BLOCKED: waiting for web-0 to be Running and Ready; web-0 is ImagePullBackOff: Back-off pulling image "nginx:1.27": ErrImagePull: Error response from daemon: manifest for nginx:1.27 not found: manifest unknown: manifest unknown (still changing after 900.000s, going round without coming closer to the desired state)
        Warning FailedScheduling x1: 0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.
        Normal Pulling x4: Pulling image "nginx:1.27"
        Warning Failed x4: Failed to pull image "nginx:1.27": Error response from daemon: manifest for nginx:1.27 not found: manifest unknown: manifest unknown
        Warning Failed x4: Error: ErrImagePull
        Normal BackOff x114: Back-off pulling image "nginx:1.27"
        Warning Failed x6: Error: ImagePullBackOff
        back-off now 300s
    "#]]
    .assert_eq(&story);
}

#[test]
fn s7_invalid_image_name_is_not_pulled_and_settles() {
    // `applyDefaultImageTag` cannot parse "Nginx:1.27" (distribution/reference: repository
    // names are lowercase): InvalidImageName, no pull, no back-off. Nothing will change
    // without outside action, so the world settles, blocked on web-2.
    check(
        &web(3, "", ""),
        &[],
        &["image nginx=Nginx:1.27"],
        expect![[r#"
                0.0s create revision A
                0.0s create pvc www-web-0
                0.0s create web-0 @A
                0.0s waiting: waiting for web-0 to be Running and Ready
                7.2s running+ready web-0
                7.2s create pvc www-web-1
                7.2s create web-1 @A
                7.2s waiting: waiting for web-1 to be Running and Ready
               11.2s running+ready web-1
               11.2s create pvc www-web-2
               11.2s create web-2 @A
               11.2s waiting: waiting for web-2 to be Running and Ready
               14.8s running+ready web-2
               14.8s settled
               => replicas=3 ready=3 available=3 current=3 updated=3 revisions=A/A
            -- step 1: image nginx=Nginx:1.27
               14.8s create revision B
               14.8s delete web-2
               14.8s waiting: waiting for web-2 to terminate
               15.0s unready web-2
               15.3s gone web-2
               15.3s create web-2 @B
               15.3s waiting: waiting for web-2 to be Running and Ready
               16.0s BLOCKED: waiting for web-2 to be Running and Ready; web-2 is InvalidImageName: Failed to apply default image tag "Nginx:1.27": couldn't parse image name "Nginx:1.27": invalid reference format: repository name (library/Nginx) must be lowercase
               16.0s settled
            status: replicas=3 ready=2 available=2 current=2 updated=1 currentRevision=A updateRevision=B
            pods: web-0@A web-1@A web-2@B(Pending)
            pvcs: www-web-0 www-web-1 www-web-2
        "#]],
    );
    let sim = start(&web(3, "", ""), &[], 1, 36);
    let (_, transcript) = kubectl(
        sim,
        &[
            "kubectl set image sts/web nginx=Nginx:1.27",
            "sleep 10",
            "kubectl get pods",
            "kubectl get pod web-2 -o jsonpath='{.status.containerStatuses[0].state.waiting.message}'",
            "kubectl describe pod web-2 | tail -3",
        ],
    );
    expect![[r#"
        $ kubectl set image sts/web nginx=Nginx:1.27
        statefulset.apps/web image updated
        $ sleep 10
        $ kubectl get pods
        NAME    READY   STATUS             RESTARTS   AGE
        web-0   1/1     Running            0          24s
        web-1   1/1     Running            0          17s
        web-2   0/1     InvalidImageName   0          9s
        $ kubectl get pod web-2 -o jsonpath='{.status.containerStatuses[0].state.waiting.message}'
        Failed to apply default image tag "Nginx:1.27": couldn't parse image name "Nginx:1.27": invalid reference format: repository name (library/Nginx) must be lowercase
        $ kubectl describe pod web-2 | tail -3
          Normal   Scheduled      9s    default-scheduler  Successfully assigned default/web-2 to minikube
          Warning  InspectFailed  9s    kubelet            spec.containers{nginx}: Failed to apply default image tag "Nginx:1.27": couldn't parse image name "Nginx:1.27": invalid reference format: repository name (library/Nginx) must be lowercase
          Warning  Failed         9s    kubelet            spec.containers{nginx}: Error: InvalidImageName
    "#]]
    .assert_eq(&transcript);
}

#[test]
fn s7_pull_fail_fault_blocks_ordered_creation_until_pull_ok() {
    // `web-1 pull=fail` with imagePullPolicy Always (web-0 has put the image on the node, and
    // IfNotPresent would not pull it again): web-1 never pulls, so OrderedReady never creates
    // web-2. `pull=ok` heals the registry, not the kubelet's back-off: web-1 pulls at its next
    // attempt.
    check(
        &web(3, "", "imagePullPolicy: Always"),
        &["web-1 pull=fail"],
        &["fault web-1 pull=ok"],
        expect![[r#"
                0.0s create revision A
                0.0s create pvc www-web-0
                0.0s create web-0 @A
                0.0s waiting: waiting for web-0 to be Running and Ready
                7.2s running+ready web-0
                7.2s create pvc www-web-1
                7.2s create web-1 @A
                7.2s waiting: waiting for web-1 to be Running and Ready
              639.8s BLOCKED: waiting for web-1 to be Running and Ready; web-1 is ImagePullBackOff: Back-off pulling image "nginx:1.27": ErrImagePull: Error response from daemon: manifest for nginx:1.27 not found: manifest unknown: manifest unknown (still changing after 900.000s, going round without coming closer to the desired state)
               => replicas=2 ready=1 available=1 current=2 updated=2 revisions=A/A
            -- step 1: fault web-1 pull=ok
              930.6s running+ready web-1
              930.6s create pvc www-web-2
              930.6s create web-2 @A
              930.6s waiting: waiting for web-2 to be Running and Ready
              934.7s running+ready web-2
              934.7s settled
            status: replicas=3 ready=3 available=3 current=3 updated=3 currentRevision=A updateRevision=A
            pods: web-0@A web-1@A web-2@A
            pvcs: www-web-0 www-web-1 www-web-2
        "#]],
    );
}

#[test]
fn s7_image_pull_fail_fault_hits_only_pods_that_pull() {
    // `image nginx:1.28 pull=fail` during a rolling update to nginx:1.28: web-2 (the first
    // replaced) cannot pull and the update stops there. An image already on the node is not
    // pulled again (imagePullPolicy IfNotPresent), so the fault spares running pods.
    check(
        &web(3, "", ""),
        &["image nginx:1.28 pull=fail"],
        &["image nginx=nginx:1.28", "fault image nginx:1.28 pull=ok"],
        expect![[r#"
                0.0s create revision A
                0.0s create pvc www-web-0
                0.0s create web-0 @A
                0.0s waiting: waiting for web-0 to be Running and Ready
                7.2s running+ready web-0
                7.2s create pvc www-web-1
                7.2s create web-1 @A
                7.2s waiting: waiting for web-1 to be Running and Ready
               11.2s running+ready web-1
               11.2s create pvc www-web-2
               11.2s create web-2 @A
               11.2s waiting: waiting for web-2 to be Running and Ready
               14.8s running+ready web-2
               14.8s settled
               => replicas=3 ready=3 available=3 current=3 updated=3 revisions=A/A
            -- step 1: image nginx=nginx:1.28
               14.8s create revision B
               14.8s delete web-2
               14.8s waiting: waiting for web-2 to terminate
               15.0s unready web-2
               15.3s gone web-2
               15.3s create web-2 @B
               15.3s waiting: waiting for web-2 to be Running and Ready
              645.9s BLOCKED: waiting for web-2 to be Running and Ready; web-2 is ImagePullBackOff: Back-off pulling image "nginx:1.28": ErrImagePull: Error response from daemon: manifest for nginx:1.28 not found: manifest unknown: manifest unknown (still changing after 900.000s, going round without coming closer to the desired state)
               => replicas=3 ready=2 available=2 current=2 updated=1 revisions=A/B
            -- step 2: fault image nginx:1.28 pull=ok
              938.4s running+ready web-2
              938.4s delete web-1
              938.4s waiting: waiting for web-1 to terminate
              938.6s unready web-1
              938.9s gone web-1
              938.9s create web-1 @B
              938.9s waiting: waiting for web-1 to be Running and Ready
              939.7s running+ready web-1
              939.7s delete web-0
              939.7s waiting: waiting for web-0 to terminate
              939.8s unready web-0
              940.1s gone web-0
              940.1s create web-0 @B
              940.1s waiting: waiting for web-0 to be Running and Ready
              941.3s running+ready web-0
              941.3s settled
            status: replicas=3 ready=3 available=3 current=3 updated=3 currentRevision=B updateRevision=B
            pods: web-0@B web-1@B web-2@B
            pvcs: www-web-0 www-web-1 www-web-2
        "#]],
    );
}

#[test]
fn s4_4_rollback_trap_with_an_image_that_runs_but_never_gets_ready() {
    // The other face of the trap: the new image pulls and runs but never becomes Ready.
    check(
        &web(3, "", ""),
        &["image nginx:1.28 ready=never"],
        &[
            "image nginx=nginx:1.28",
            "image nginx=nginx:1.27",
            "delete pod web-2",
        ],
        expect![[r#"
                0.0s create revision A
                0.0s create pvc www-web-0
                0.0s create web-0 @A
                0.0s waiting: waiting for web-0 to be Running and Ready
                7.2s running+ready web-0
                7.2s create pvc www-web-1
                7.2s create web-1 @A
                7.2s waiting: waiting for web-1 to be Running and Ready
               11.2s running+ready web-1
               11.2s create pvc www-web-2
               11.2s create web-2 @A
               11.2s waiting: waiting for web-2 to be Running and Ready
               14.8s running+ready web-2
               14.8s settled
               => replicas=3 ready=3 available=3 current=3 updated=3 revisions=A/A
            -- step 1: image nginx=nginx:1.28
               14.8s create revision B
               14.8s delete web-2
               14.8s waiting: waiting for web-2 to terminate
               15.0s unready web-2
               15.3s gone web-2
               15.3s create web-2 @B
               15.3s waiting: waiting for web-2 to be Running and Ready
               19.5s running web-2
               19.5s BLOCKED: waiting for web-2 to be Running and Ready
               19.5s settled
               => replicas=3 ready=2 available=2 current=2 updated=1 revisions=A/B
            -- step 2: image nginx=nginx:1.27
               19.5s update revision A
               19.5s BLOCKED: waiting for web-2 to be Running and Ready
               19.5s settled
               => replicas=3 ready=2 available=2 current=2 updated=2 revisions=A/A
            -- step 3: delete pod web-2
               19.5s delete web-2
               19.5s waiting: waiting for web-2 to terminate
               19.8s gone web-2
               19.8s create web-2 @A
               19.8s waiting: waiting for web-2 to be Running and Ready
               20.6s running+ready web-2
               20.6s settled
            status: replicas=3 ready=3 available=3 current=3 updated=3 currentRevision=A updateRevision=A
            pods: web-0@A web-1@A web-2@A
            pvcs: www-web-0 www-web-1 www-web-2
        "#]],
    );
}

// §2.2 DNS: when a per-pod name resolves.

/// The addresses a name resolves to right now, or NXDOMAIN.
fn resolve(sim: &Simulation, name: &str) -> String {
    match sim.world.resolve(name) {
        Some(records) => records
            .iter()
            .map(|(ip, _)| ip.as_str())
            .collect::<Vec<_>>()
            .join(","),
        None => "NXDOMAIN".to_string(),
    }
}

/// Which of `names` (short forms, completed with `.default.svc.cluster.local`) resolve now.
fn dns(sim: &Simulation, names: &[&str]) -> String {
    names
        .iter()
        .map(|n| {
            let fqdn = format!("{n}.default.svc.cluster.local");
            let r = sim.world.resolve(&fqdn);
            format!(
                "{n}={}",
                if r.is_some() {
                    r.map_or(0, |r| r.len()).to_string()
                } else {
                    "NX".into()
                }
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

const OTHER_SERVICE: &str = "---
apiVersion: v1
kind: Service
metadata: {name: other}
spec:
  clusterIP: None
  selector: {app: nginx}
  ports: [{port: 80, name: web}]
";

#[test]
fn s2_2_pod_names_resolve_only_while_ready_and_only_through_the_governing_service() {
    let names = [
        "web-0.nginx",
        "web-1.nginx",
        "nginx",
        "web-0.other",
        "other",
    ];
    let mut sim = start(&(web(2, "", "") + OTHER_SERVICE), &[], 1, 36);
    let mut out = vec![format!("settled:      {}", dns(&sim, &names))];
    step(&mut sim, "fault web-0 ready=fail");
    out.push(format!("web-0 unready: {}", dns(&sim, &names)));
    step(&mut sim, "fault web-0 ready=ok");
    out.push(format!("web-0 ready:  {}", dns(&sim, &names)));
    step(&mut sim, "delete pod web-1 & advance 0.05");
    assert!(sim.world.pods["default/web-1"].is_terminating());
    out.push(format!("web-1 terminating: {}", dns(&sim, &names)));
    expect![[r#"
        settled:      web-0.nginx=1 web-1.nginx=1 nginx=2 web-0.other=NX other=2
        web-0 unready: web-0.nginx=NX web-1.nginx=1 nginx=1 web-0.other=NX other=1
        web-0 ready:  web-0.nginx=1 web-1.nginx=1 nginx=2 web-0.other=NX other=2
        web-1 terminating: web-0.nginx=1 web-1.nginx=NX nginx=1 web-0.other=NX other=1"#]]
    .assert_eq(&out.join("\n"));
    // The resolver's search list completes short names from a pod's namespace.
    let (name, records) = sim
        .world
        .lookup("default", "web-0.nginx")
        .expect("resolves");
    assert_eq!(name, "web-0.nginx.default.svc.cluster.local");
    assert_eq!(records.len(), 1);
    assert_eq!(
        sim.world.resolvable_pod_fqdns(),
        vec!["web-0.nginx.default.svc.cluster.local".to_string()]
    );
}

#[test]
fn s2_2_publish_not_ready_addresses_resolves_unready_and_terminating_pods() {
    let manifest = web(1, "", "").replacen(
        "  clusterIP: None\n",
        "  clusterIP: None\n  publishNotReadyAddresses: true\n",
        1,
    );
    let mut sim = start(&manifest, &["web-0 ready=never"], 1, 36);
    assert!(!sim.world.pods["default/web-0"].is_ready());
    let mut out = vec![format!(
        "never ready: {}",
        resolve(&sim, "web-0.nginx.default.svc.cluster.local")
    )];
    step(&mut sim, "delete pod web-0 & advance 0.05");
    out.push(format!(
        "terminating: {}",
        resolve(&sim, "web-0.nginx.default.svc.cluster.local")
    ));
    step(&mut sim, "advance 30");
    out.push(format!(
        "gone, replaced: {}",
        resolve(&sim, "web-0.nginx.default.svc.cluster.local")
    ));
    expect![[r#"
        never ready: 10.244.0.5
        terminating: 10.244.0.5
        gone, replaced: 10.244.0.6"#]]
    .assert_eq(&out.join("\n"));
}

#[test]
fn s2_2_a_pod_name_resolves_from_the_moment_the_pod_is_ready() {
    // Ready and resolvable at the same instant; not before (the pod has an IP well before).
    let sim = start(&probed(&web(1, "", READINESS)), &[], 1, 36);
    let ready = first(&sim, "web-0", Action::Ready, 0);
    let mut before = start_until(&probed(&web(1, "", READINESS)), ready - 0.5);
    assert!(before.world.pods["default/web-0"].ip.is_some());
    assert_eq!(
        resolve(&before, "web-0.nginx.default.svc.cluster.local"),
        "NXDOMAIN"
    );
    before.run(Some(1000));
    assert_ne!(
        resolve(&before, "web-0.nginx.default.svc.cluster.local"),
        "NXDOMAIN"
    );
}

/// A simulation of `manifest` (seed 1, v1.36) run only until `t` seconds.
fn start_until(manifest: &str, t: f64) -> Simulation {
    let opts = Options::default();
    let analysis = stsplay::analyze(
        &[Input {
            name: "test.yaml",
            text: manifest,
        }],
        &opts,
    );
    let mut sim = Simulation::new(&analysis, &opts, &SimOptions::default());
    sim.run(Some((t * 1000.0) as u64));
    sim
}

#[test]
fn s2_3_records_appear_when_the_governing_service_is_created() {
    // The controller never looks at Services: pods run without one, and their names resolve
    // as soon as the headless Service exists, without a restart.
    let service = web(2, "", "");
    let (service, sts) = service.split_once("---\n").expect("two documents");
    let mut sim = start(sts, &[], 1, 36);
    let name = "web-0.nginx.default.svc.cluster.local";
    let mut out = vec![format!("without the Service: {}", resolve(&sim, name))];
    applied("service.yaml", service);
    step(&mut sim, "apply service.yaml");
    out.push(format!("with it: {}", resolve(&sim, name)));
    expect![[r#"
        without the Service: NXDOMAIN
        with it: 10.244.0.5"#]]
    .assert_eq(&out.join("\n"));
    assert_eq!(sim.world.pods["default/web-0"].containers[0].restarts, 0);
}

// The calibration src/sim/timing.rs promises, with static/examples/visits.yaml.

/// Seconds at which each pod first became Ready.
fn ready_times(sim: &Simulation) -> Vec<f64> {
    let mut out = Vec::new();
    for i in 0.. {
        let name = format!("visits-{i}");
        match sim
            .world
            .log
            .iter()
            .find(|e| e.kind == "Pod" && *e.name == *name && e.action == Action::Ready)
        {
            Some(e) => out.push(e.t as f64 / 1000.0),
            None => break,
        }
    }
    out
}

#[test]
fn calibration_visits_ordered_ready_pods_come_up_12_to_14_seconds_apart() {
    let mut table = String::new();
    for seed in 1..=40 {
        let sim = start(VISITS, &[], seed, 36);
        let t = ready_times(&sim);
        assert_eq!(t.len(), 3, "seed {seed}");
        let gaps: Vec<f64> = t.windows(2).map(|w| w[1] - w[0]).collect();
        for g in &gaps {
            assert!((12.0..=14.0).contains(g), "seed {seed}: gaps {gaps:?}");
        }
        if seed <= 5 {
            table += &format!("seed {seed}: ready at {t:.1?}\n");
        }
    }
    expect![[r#"
        seed 1: ready at [12.6, 25.2, 38.2]
        seed 2: ready at [13.1, 25.4, 38.2]
        seed 3: ready at [13.1, 26.5, 39.1]
        seed 4: ready at [12.6, 24.8, 37.0]
        seed 5: ready at [13.4, 27.0, 39.4]
    "#]]
    .assert_eq(&table);
}

#[test]
fn calibration_visits_parallel_pods_come_up_together() {
    let manifest = VISITS.replacen(
        "  replicas: 3\n",
        "  replicas: 3\n  podManagementPolicy: Parallel\n",
        1,
    );
    let mut table = String::new();
    for seed in 1..=40 {
        let sim = start(&manifest, &[], seed, 36);
        let t = ready_times(&sim);
        assert_eq!(t.len(), 3, "seed {seed}");
        let spread =
            t.iter().cloned().fold(f64::MIN, f64::max) - t.iter().cloned().fold(f64::MAX, f64::min);
        assert!(spread < 2.0, "seed {seed}: ready at {t:?}");
        if seed <= 5 {
            table += &format!("seed {seed}: ready at {t:.1?}\n");
        }
    }
    expect![[r#"
        seed 1: ready at [12.5, 12.7, 12.4]
        seed 2: ready at [13.5, 13.4, 12.4]
        seed 3: ready at [13.2, 13.2, 12.5]
        seed 4: ready at [12.5, 12.8, 12.9]
        seed 5: ready at [13.5, 12.4, 12.9]
    "#]]
    .assert_eq(&table);
}

// The seeded app (src/sim/app.rs): the visits counter keeps its data on the pod's volume.

/// The counter file of `pod` (through its claim's volume).
fn visits_file(sim: &Simulation, pod: &str) -> Option<String> {
    let w = &sim.world;
    let claim = &w.pvcs[&format!("default/data-{pod}")];
    let pv = &w.pvs[claim.volume.as_ref()?];
    pv.files.get("visits").cloned()
}

/// Writes the counter as `kubectl exec POD -- sh -c 'echo N > /data/visits'` does: the probes'
/// requests so far reach the file first, and are overwritten.
fn set_visits(sim: &mut Simulation, pod: &str, count: &str) {
    let w = &mut sim.world;
    w.count_probe_requests(&format!("default/{pod}"));
    let pv = w.pvcs[&format!("default/data-{pod}")]
        .volume
        .clone()
        .expect("bound");
    w.pvs
        .get_mut(&pv)
        .expect("pv")
        .files
        .insert("visits".into(), count.into());
}

#[test]
fn app_visits_count_survives_pod_deletion() {
    let mut sim = start(VISITS, &[], 1, 36);
    assert_eq!(
        visits_file(&sim, "visits-1").as_deref(),
        Some("0\n"),
        "created at start"
    );
    set_visits(&mut sim, "visits-1", "42\n");
    step(&mut sim, "delete pod visits-1");
    assert!(sim.world.pods["default/visits-1"].is_ready());
    // 42, and the readiness probe's three requests while the old pod terminated (Python as
    // PID 1 ignores SIGTERM, so the kubelet waits the 30 s grace period; readiness probes
    // every 10 s until the container exits, liveness stops at the deletion).
    assert_eq!(visits_file(&sim, "visits-1").as_deref(), Some("45\n"));
    // A rolling update replaces every pod; each keeps its own count.
    set_visits(&mut sim, "visits-0", "7\n");
    step(&mut sim, "image app=visits-counter:1.1");
    // Each count goes on from its own: what was set, and the probes' requests until the old
    // container exited (visits-0 is replaced last, so it ran longest).
    let counts: Vec<String> = ["visits-0", "visits-1", "visits-2"]
        .iter()
        .map(|p| visits_file(&sim, p).unwrap_or_default().trim().to_string())
        .collect();
    assert_eq!(counts, ["26", "58", "13"]);
}

/// The kubelet's `Unhealthy` Events of `pod`: count, span and message.
fn unhealthy(sim: &Simulation, pod: &str) -> Vec<String> {
    sim.world
        .events
        .iter()
        .filter(|e| &*e.object == pod && &*e.reason == "Unhealthy")
        .map(|e| {
            format!(
                "x{} over {}s: {}",
                e.count,
                (e.last - e.first) / 1000,
                e.message
            )
        })
        .collect()
}

#[test]
fn s7_every_failed_probe_run_is_an_event_even_when_nothing_changes() {
    // nginx with the empty claim at its document root answers 403: the readiness probe fails
    // every run and the pod never gets ready. The kubelet records each failed run (prober.go
    // `probe`), not only those that change the container; the simulation counts them when
    // asked, at once or in steps, with the same result.
    let probe = "readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 5}";
    let mut once = start(&web(1, "", probe), &[], 1, 36);
    let mut steps = once.clone();
    step(&mut once, "advance 60");
    once.world.note_all_probe_failures(false);
    for _ in 0..6 {
        step(&mut steps, "advance 10");
        steps.world.note_all_probe_failures(false);
    }
    assert!(!once.world.pods["default/web-0"].is_ready());
    let got = unhealthy(&once, "web-0");
    assert_eq!(got, unhealthy(&steps, "web-0"));
    let w = &once.world;
    let s = &w.pods["default/web-0"].containers[0];
    let up = s.app_up_at.expect("running");
    // Every tick since the app answered; before that, the dial was refused.
    let ticks = w
        .probe_requests(&"default/web-0".to_string(), up, w.now)
        .len();
    assert!(ticks >= 12, "{ticks} runs in a minute and more");
    assert_eq!(
        got.last().map(String::as_str),
        Some(
            format!(
                "x{ticks} over {}s: Readiness probe failed: HTTP probe failed with statuscode: 403",
                (ticks - 1) * 5
            )
            .as_str()
        )
    );
}

#[test]
fn app_probe_requests_reach_the_counter() {
    // visits.yaml probes `GET /` for readiness and liveness every 10 s (the defaults): each
    // request reaches the app, which counts it, as a counter app in a real cluster does.
    let mut sim = start(VISITS, &[], 1, 36);
    let k = "default/visits-0".to_string();
    let w = &sim.world;
    let up = w.pods[&k].containers[0].app_up_at.expect("running");
    let before = w.uncounted_probe_requests(&k);
    step(&mut sim, "advance 60");
    let w = &sim.world;
    let requests = w.probe_requests(&k, up, w.now).len();
    let all_root = w
        .probe_requests(&k, up, w.now)
        .iter()
        .all(|(_, path)| *path == "/");
    // Two probes, one request each every 10 s.
    assert_eq!(w.uncounted_probe_requests(&k) - before, 12);
    assert!(all_root);
    // The file takes them in when a request or a write comes, or the container ends.
    let n = sim.world.count_probe_requests(&k);
    assert_eq!(n as usize, requests);
    assert_eq!(visits_file(&sim, "visits-0"), Some(format!("{n}\n")));
    assert_eq!(sim.world.uncounted_probe_requests(&k), 0);
}

#[test]
fn app_reset_on_start_variant_loses_the_count_when_recreated() {
    let manifest = VISITS.replacen(
        "    metadata:\n      labels:\n        app: visits\n",
        "    metadata:\n      labels:\n        app: visits\n      annotations:\n        stsplay.dev/reset-on-start: \"true\"\n",
        1,
    );
    let mut sim = start(&manifest, &[], 1, 36);
    set_visits(&mut sim, "visits-1", "42\n");
    step(&mut sim, "delete pod visits-1");
    assert_eq!(visits_file(&sim, "visits-1").as_deref(), Some("0\n"));
}

// §4.11 Events.

#[test]
fn s4_11_controller_events() {
    let mut sim = start(&web(3, "", ""), &[], 1, 36);
    step(&mut sim, "scale 2");
    // A claim being deleted blocks the pod's re-creation (FailedCreate) until it is gone.
    step(&mut sim, "delete pvc www-web-1");
    step(&mut sim, "delete pod web-1");
    expect![[r#"
        Normal SuccessfulCreate (x1 over 0s): create Claim www-web-0 Pod web-0 in StatefulSet web success
        Normal SuccessfulCreate (x1 over 0s): create Pod web-0 in StatefulSet web successful
        Normal SuccessfulCreate (x2 over 8s): create Claim www-web-1 Pod web-1 in StatefulSet web success
        Normal SuccessfulCreate (x2 over 8s): create Pod web-1 in StatefulSet web successful
        Normal SuccessfulCreate (x1 over 0s): create Claim www-web-2 Pod web-2 in StatefulSet web success
        Normal SuccessfulCreate (x1 over 0s): create Pod web-2 in StatefulSet web successful
        Normal SuccessfulDelete (x1 over 0s): delete Pod web-2 in StatefulSet web successful
        Warning FailedCreate (x4 over 0s): create Pod web-1 in StatefulSet web failed error: pvc www-web-1 is being deleted"#]].assert_eq(&set_events(&sim));
}

#[test]
fn s4_11_a_set_created_again_waits_for_the_old_pods_to_go() {
    // Deleted (background cascade) and applied again at once: the old pods still exist,
    // owned by the deleted set, so creating them fails (FailedCreate: already exists) until
    // the garbage collector has removed them.
    check(
        &web(1, "", ""),
        &[],
        &["delete sts & advance 0", "apply test.yaml"],
        expect![[r#"
                0.0s create revision A
                0.0s create pvc www-web-0
                0.0s create web-0 @A
                0.0s waiting: waiting for web-0 to be Running and Ready
                7.2s running+ready web-0
                7.2s settled
               => replicas=1 ready=1 available=1 current=1 updated=1 revisions=A/A
            -- step 1: delete sts & advance 0
                7.2s delete sts web
                7.2s gone sts web
               => no StatefulSet
            -- step 2: apply test.yaml
                7.2s create revision A
                7.2s FailedCreate: create Pod web-0 in StatefulSet web failed error: pods "web-0" already exists
                7.2s FailedCreate: create Pod web-0 in StatefulSet web failed error: pods "web-0" already exists
                7.2s FailedCreate: create Pod web-0 in StatefulSet web failed error: pods "web-0" already exists
                7.2s delete web-0
                7.2s FailedCreate: create Pod web-0 in StatefulSet web failed error: pods "web-0" already exists
                7.2s FailedCreate: create Pod web-0 in StatefulSet web failed error: pods "web-0" already exists
                7.3s FailedCreate: create Pod web-0 in StatefulSet web failed error: pods "web-0" already exists
                7.3s unready web-0
                7.3s FailedCreate: create Pod web-0 in StatefulSet web failed error: pods "web-0" already exists
                7.5s FailedCreate: create Pod web-0 in StatefulSet web failed error: pods "web-0" already exists
                7.7s gone web-0
                7.7s create web-0 @A
                7.7s waiting: waiting for web-0 to be Running and Ready
                8.7s running+ready web-0
                8.7s settled
            status: replicas=1 ready=1 available=1 current=1 updated=1 currentRevision=A updateRevision=A
            pods: web-0@A
            pvcs: www-web-0
        "#]],
    );
}

// Property tests: random manifests and operation sequences, invariants after every step.

/// A random case: a manifest, faults from t=0 and steps.
#[derive(Debug)]
struct Case {
    seed: u64,
    minor: u32,
    manifest: String,
    faults: Vec<String>,
    steps: Vec<String>,
    ordered: bool,
    start: i64,
    when_deleted: bool,
    when_scaled: bool,
}

fn pick<'a>(rng: &mut Rng, items: &[&'a str]) -> &'a str {
    items[rng.range(0, items.len() as u64 - 1) as usize]
}

fn random_case(seed: u64) -> Case {
    let mut rng = Rng::new(seed);
    let replicas = rng.range(0, 7) as i64;
    let ordered = rng.range(0, 1) == 0;
    let start = if rng.range(0, 4) == 0 {
        rng.range(1, 3) as i64
    } else {
        0
    };
    let mut spec = Vec::new();
    if !ordered {
        spec.push(PARALLEL.to_string());
    }
    if start > 0 {
        spec.push(format!("ordinals: {{start: {start}}}"));
    }
    match rng.range(0, 5) {
        0 => spec.push(ON_DELETE.to_string()),
        1 => spec.push(format!(
            "updateStrategy: {{rollingUpdate: {{partition: {}}}}}",
            rng.range(0, 6)
        )),
        2 => spec.push(format!(
            "updateStrategy: {{rollingUpdate: {{maxUnavailable: {}}}}}",
            pick(&mut rng, &["1", "2", "3", "'50%'"])
        )),
        3 => spec.push("updateStrategy: {type: RollingUpdate}".to_string()),
        _ => {}
    }
    if rng.range(0, 3) == 0 {
        spec.push(format!(
            "minReadySeconds: {}",
            pick(&mut rng, &["1", "5", "12"])
        ));
    }
    let (when_deleted, when_scaled) = (rng.range(0, 1) == 0, rng.range(0, 1) == 0);
    let policy = |delete: bool| if delete { "Delete" } else { "Retain" };
    spec.push(format!(
        "persistentVolumeClaimRetentionPolicy: {{whenDeleted: {}, whenScaled: {}}}",
        policy(when_deleted),
        policy(when_scaled)
    ));
    let mut container = Vec::new();
    if rng.range(0, 1) == 0 {
        container.push(format!(
            "readinessProbe: {{httpGet: {{path: /, port: 80}}, initialDelaySeconds: {}, periodSeconds: {}, successThreshold: {}, failureThreshold: {}}}",
            rng.range(0, 5),
            rng.range(1, 10),
            rng.range(1, 3),
            rng.range(1, 4)
        ));
    }
    if rng.range(0, 2) == 0 {
        container.push(format!(
            "livenessProbe: {{httpGet: {{path: /, port: 80}}, periodSeconds: {}, failureThreshold: {}}}",
            rng.range(1, 10),
            rng.range(1, 4)
        ));
    }
    if rng.range(0, 4) == 0 {
        container.push(
            "startupProbe: {httpGet: {path: /, port: 80}, periodSeconds: 2, failureThreshold: 10}"
                .to_string(),
        );
    }
    let manifest = web(replicas, &spec.join("\n"), &container.join("\n"));
    let pod = |rng: &mut Rng| format!("web-{}", start + rng.range(0, 7) as i64);
    let mut faults = Vec::new();
    if rng.range(0, 3) == 0 {
        let p = pod(&mut rng);
        faults.push(format!(
            "{p} {}",
            pick(
                &mut rng,
                &["ready=never", "phase=Failed", "crash", "live=fail"]
            )
        ));
    }
    let mut steps = Vec::new();
    let mut deleted = false;
    for _ in 0..rng.range(1, 7) {
        let s = match rng.range(0, 11) {
            0 | 1 => format!("scale {}", rng.range(0, 7)),
            2 | 3 => format!(
                "image nginx={}",
                pick(
                    &mut rng,
                    &["nginx:1.27", "nginx:1.28", "nginx:1.29", "nginx:broken"]
                )
            ),
            4 => format!("delete pod {}", pod(&mut rng)),
            5 => format!("delete pvc www-{}", pod(&mut rng)),
            6 => format!(
                "fault {} {}",
                pod(&mut rng),
                pick(
                    &mut rng,
                    &[
                        "ready=fail",
                        "ready=ok",
                        "phase=Failed",
                        "phase=Succeeded",
                        "crash",
                        "live=fail",
                        "live=ok",
                        "schedule=never",
                        "schedule=ok",
                        "pull=fail",
                        "pull=ok"
                    ]
                )
            ),
            7 => "fault image nginx:broken ready=never".to_string(),
            8 => format!(
                r#"patch {{"spec":{{"updateStrategy":{{"type":"RollingUpdate","rollingUpdate":{{"partition":{}}}}}}}}}"#,
                rng.range(0, 5)
            ),
            9 if !deleted && rng.range(0, 3) == 0 => {
                deleted = true;
                pick(&mut rng, &["delete sts", "delete sts --cascade=orphan"]).to_string()
            }
            9 | 10 if deleted => {
                // Create it again: it adopts orphaned pods and revisions.
                deleted = false;
                "apply test.yaml".to_string()
            }
            _ => format!("advance {}", rng.range(1, 90)),
        };
        // Sometimes cut a step short, to act in the middle of what it started.
        let s = if !s.starts_with("advance") && rng.range(0, 3) == 0 {
            format!("{s} & advance {}", rng.range(0, 8))
        } else {
            s
        };
        steps.push(s);
    }
    Case {
        seed,
        minor: if rng.range(0, 2) == 0 { 37 } else { 36 },
        manifest,
        faults,
        steps,
        ordered,
        start,
        when_deleted,
        when_scaled,
    }
}

/// What the log says about each pod so far: (running, ready, terminating).
type PodView = BTreeMap<String, (bool, bool, bool)>;

/// Invariant checker, fed the log entry by entry.
#[derive(Default)]
struct Invariants {
    seen: usize,
    pods: PodView,
    /// Last owner written on each claim: `Pod web-2`, `StatefulSet web` or empty.
    claim_owner: BTreeMap<String, String>,
    last_t: u64,
}

impl Invariants {
    /// Checks the entries logged since the last call; `step` is the step just run.
    fn check(&mut self, case: &Case, sim: &Simulation, step: &str) -> Result<(), String> {
        let w = &sim.world;
        let log = w.log.since(self.seen);
        self.seen = w.log.len();
        let set_deleted = w.sets.is_empty();
        for e in log {
            if e.t < self.last_t {
                return Err(format!("time went back to {} after {}", e.t, self.last_t));
            }
            self.last_t = e.t;
            match (e.kind, e.action) {
                ("Pod", Action::Create) => {
                    if self.pods.contains_key(&*e.name) {
                        return Err(format!("{} created twice at {}", e.name, e.t));
                    }
                    if case.ordered {
                        // OrderedReady: every predecessor Running and Ready at creation.
                        let k: i64 = e.name.trim_start_matches("web-").parse().unwrap_or(-1);
                        for j in case.start..k {
                            let p = format!("web-{j}");
                            match self.pods.get(&p) {
                                Some((true, true, false)) => {}
                                other => {
                                    return Err(format!(
                                        "{} created at {} while {p} was {other:?} (running, ready, terminating)",
                                        e.name, e.t
                                    ));
                                }
                            }
                        }
                    }
                    self.pods.insert(e.name.to_string(), (false, false, false));
                }
                ("Pod", Action::Running) => self.set(&e.name, |p| p.0 = true),
                ("Pod", Action::Ready) => self.set(&e.name, |p| p.1 = true),
                ("Pod", Action::Unready) => self.set(&e.name, |p| p.1 = false),
                ("Pod", Action::Failed) => self.set(&e.name, |p| *p = (false, false, p.2)),
                ("Pod", Action::Delete) => self.set(&e.name, |p| p.2 = true),
                ("Pod", Action::Gone) => {
                    self.pods.remove(&*e.name);
                }
                ("PersistentVolumeClaim", Action::Update) => {
                    let m = e.message.as_deref().unwrap_or("");
                    if let Some(owner) = m.strip_prefix("owned by ") {
                        let owner = owner.trim_end_matches(" (deleted with it)").to_string();
                        if owner.starts_with("Pod") && !case.when_scaled {
                            return Err(format!(
                                "{} owned by a pod without whenScaled: Delete",
                                e.name
                            ));
                        }
                        if owner.starts_with("StatefulSet") && !case.when_deleted {
                            return Err(format!(
                                "{} owned by the set without whenDeleted: Delete",
                                e.name
                            ));
                        }
                        self.claim_owner.insert(e.name.to_string(), owner);
                    } else if m.starts_with("owner references removed") {
                        self.claim_owner.insert(e.name.to_string(), String::new());
                    }
                }
                ("StatefulSet", Action::Delete) => {
                    // Claims it owned belong to a deleted owner now, even if a StatefulSet of
                    // the same name is created again before the GC gets to them.
                    for owner in self.claim_owner.values_mut() {
                        if owner.starts_with("StatefulSet") {
                            *owner = "deleted StatefulSet".to_string();
                        }
                    }
                }
                ("PersistentVolumeClaim", Action::Delete) => {
                    let explicit = step.starts_with(&format!("delete pvc {} ", e.name))
                        || step == format!("delete pvc {}", e.name);
                    let owner = self.claim_owner.get(&*e.name).cloned().unwrap_or_default();
                    let by_gc = match owner.split_once(' ') {
                        Some(("Pod", pod)) => !self.pods.contains_key(pod),
                        Some(("StatefulSet", _)) => set_deleted,
                        Some(("deleted", _)) => true,
                        _ => false,
                    };
                    if !explicit && !by_gc {
                        return Err(format!(
                            "{} deleted at {} (owner {owner:?}) during step {step:?}",
                            e.name, e.t
                        ));
                    }
                }
                _ => {}
            }
        }
        for (_, _, _, st) in &w.status_log {
            let ok = st.ready <= st.replicas
                && st.available <= st.ready
                && (0..=st.replicas).contains(&st.current)
                && (0..=st.replicas).contains(&st.updated);
            if !ok {
                return Err(format!("inconsistent status {st:?}"));
            }
        }
        for s in w.sets.values() {
            let owned = w
                .pods
                .values()
                .filter(|p| p.owner.as_ref().is_some_and(|o| o.uid == s.uid))
                .count() as i64;
            if s.status.replicas > owned {
                return Err(format!(
                    "status.replicas {} > {owned} pods",
                    s.status.replicas
                ));
            }
        }
        Ok(())
    }

    fn set(&mut self, pod: &str, f: impl FnOnce(&mut (bool, bool, bool))) {
        if let Some(p) = self.pods.get_mut(pod) {
            f(p);
        }
    }
}

/// Runs `case`, checking invariants after every step; returns the JSON timeline.
fn run_case(case: &Case) -> Result<Vec<String>, String> {
    applied("test.yaml", &case.manifest);
    let faults: Vec<&str> = case.faults.iter().map(String::as_str).collect();
    let mut sim = start(&case.manifest, &faults, case.seed, case.minor);
    let mut inv = Invariants::default();
    inv.check(case, &sim, "")?;
    let mut now = sim.world.now;
    for s in &case.steps {
        step(&mut sim, s);
        if sim.world.now < now {
            return Err(format!("clock went back from {now} to {}", sim.world.now));
        }
        now = sim.world.now;
        inv.check(case, &sim, s)
            .map_err(|e| format!("after {s:?}: {e}"))?;
    }
    let mut lines = sim.json_lines(0);
    lines.push(sim.state_json().to_string());
    Ok(lines)
}

#[test]
fn properties_hold_for_random_manifests_and_operations() {
    for seed in 0..300 {
        let case = random_case(seed);
        let first = run_case(&case).unwrap_or_else(|e| panic!("{e}\n{case:#?}"));
        if seed % 3 == 0 {
            // Same seed, same timeline, byte for byte.
            let again = run_case(&case).unwrap_or_else(|e| panic!("{e}\n{case:#?}"));
            assert!(first == again, "not deterministic:\n{case:#?}");
        }
    }
}

// Large sets: the controller's sync cost (`Timing::sync_per_pod_us`, client-go's work queue
// coalescing a key re-added while it is processed) and DNS answers computed per Service.

#[test]
fn large_parallel_set_coalesces_syncs_and_still_comes_up() {
    // 300 pods: a sync costs 3 ms of the controller's time, so the pod updates of those 3 ms
    // are handled by one sync, not one sync each.
    let mut sim = start(&web(300, PARALLEL, ""), &[], 7, 36);
    assert!(sim.run(None).settled);
    let s = sim.world.sets.values().next().expect("the set");
    assert_eq!((s.status.replicas, s.status.ready), (300, 300));
    let times: Vec<u64> = sim.world.status_log.iter().map(|(t, ..)| *t).collect();
    assert!(
        times.len() > 10,
        "the status changed along the way: {times:?}"
    );
    for w in times.windows(2) {
        assert!(
            w[1] - w[0] >= 3,
            "two syncs {} ms apart: {times:?}",
            w[1] - w[0]
        );
    }
}

#[test]
fn small_sets_sync_at_once() {
    // Below 100 pods a sync costs no virtual time: every pod update is seen the same
    // millisecond (the calibration of §4.2's examples depends on it).
    let mut sim = start(&web(3, PARALLEL, ""), &[], 7, 36);
    assert!(sim.run(None).settled);
    let ready: Vec<u64> = sim.world.status_log.iter().map(|(t, ..)| *t).collect();
    assert!(ready.windows(2).any(|w| w[1] - w[0] < 3), "{ready:?}");
}

#[test]
fn s2_2_pod_records_agree_with_the_resolver_at_every_instant() {
    // The resource view asks `pod_records` once per frame instead of resolving each pod's
    // name; both must give the same answer at every step of a rollout.
    let mut sim = start(&web(4, "", ""), &["web-2 ready=never"], 3, 36);
    let mut checked = 0;
    for _ in 0..400 {
        let records = sim.world.pod_records();
        for p in sim.world.pods.values() {
            let fqdn = format!("{}.nginx.default.svc.cluster.local", p.hostname);
            assert_eq!(
                records.contains(&fqdn),
                sim.world.resolve(&fqdn).is_some(),
                "{fqdn} at {} ms",
                sim.world.now
            );
            checked += 1;
        }
        if sim.run(Some(500)).settled && sim.world.now > 120_000 {
            break;
        }
    }
    assert!(checked > 100);
}

/// UIDs, and the volume names made from claim UIDs (`pvc-<uid>`), are random UUIDs as the API
/// server makes them (apimachinery `uuid.NewUUID`, google/uuid `NewRandom`): version 4, RFC 4122
/// variant (the first digit of the fourth group is 8, 9, a or b), seeded so runs repeat.
#[test]
fn uids_are_version_4_uuids() {
    let mut rng = stsplay::sim::rng::Rng::new(7);
    let mut variants = std::collections::BTreeSet::new();
    for _ in 0..400 {
        let u = rng.uuid();
        let groups: Vec<&str> = u.split('-').collect();
        assert_eq!(
            groups.iter().map(|g| g.len()).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12],
            "{u}"
        );
        assert!(
            u.chars()
                .all(|c| c == '-' || c.is_ascii_hexdigit() && !c.is_ascii_uppercase()),
            "{u}"
        );
        assert!(groups[2].starts_with('4'), "version 4: {u}");
        let v = groups[3].chars().next().unwrap_or(' ');
        assert!("89ab".contains(v), "RFC 4122 variant: {u}");
        variants.insert(v);
    }
    assert_eq!(variants.len(), 4, "all four variant digits occur");
    assert_eq!(
        stsplay::sim::rng::Rng::new(7).uuid(),
        stsplay::sim::rng::Rng::new(7).uuid()
    );
}

/// The controller's events about a StatefulSet, as `describe` lists them: `TYPE REASON (xN
/// over S): MESSAGE`.
fn set_events(sim: &Simulation) -> String {
    sim.world
        .events
        .iter()
        .filter(|e| e.source == "statefulset-controller")
        .map(|e| {
            format!(
                "{} {} (x{} over {}s): {}",
                if e.warning { "Warning" } else { "Normal" },
                e.reason,
                e.count,
                (e.last - e.first) / 1000,
                e.message
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A sync that fails goes back on the work queue through its rate limiter
/// (`processNextWorkItem` in `pkg/controller/statefulset/stateful_set.go` calls
/// `AddRateLimited`; `DefaultTypedControllerRateLimiter` in client-go
/// `util/workqueue/default_rate_limiters.go`): 5 ms, doubling per failure, up to 1000 s. A pod the
/// API server refuses is tried 14 times in the first minute (not once a second), then ever
/// more rarely.
#[test]
fn s4_11_failed_syncs_are_retried_through_the_rate_limiter() {
    let long = "a-statefulset-name-of-fifty-six-characters-for-the-label";
    let text = web(1, "", "").replace(
        "metadata: {name: web}",
        &format!("metadata: {{name: {long}}}"),
    );
    let mut sim = unstarted(&text, &[], 1, 36);
    sim.run(Some(60_000));
    let events = set_events(&sim);
    assert!(
        events.starts_with("Warning FailedCreate (x14 over 40s): create Pod "),
        "{events}"
    );
    let tries: Vec<u64> = sim
        .world
        .log
        .iter()
        .filter(|e| e.reason.as_deref() == Some("FailedCreate"))
        .map(|e| e.t)
        .collect();
    expect![[r#"
        [0, 5, 15, 35, 75, 155, 315, 635, 1275, 2555, 5115, 10235, 20475, 40955]"#]]
    .assert_eq(&format!("{tries:?}"));
    // Half an hour on, the back-off is at its 1000 s ceiling.
    sim.run(Some(1_800_000));
    let tries = sim
        .world
        .log
        .iter()
        .filter(|e| e.reason.as_deref() == Some("FailedCreate"))
        .count();
    assert_eq!(tries, 19, "{}", set_events(&sim));
}

/// The event recorder's correlator (client-go `tools/record/events_cache.go`): a tenth
/// different message with the same source, object, type and reason within ten minutes makes
/// one combined Event (`EventAggregate`, `(combined from similar events): ...`) whose count
/// grows with each further one; and one source may send 25 Events about one object, then one
/// every five minutes (`EventSourceObjectSpamFilter`): the rest are counted but never sent.
#[test]
fn s4_11_similar_events_are_combined_and_a_burst_is_cut() {
    let mut sim = start(&web(12, PARALLEL, ""), &[], 1, 36);
    sim.run(None);
    expect![[r#"
        Normal SuccessfulCreate (x1 over 0s): create Claim www-web-0 Pod web-0 in StatefulSet web success
        Normal SuccessfulCreate (x1 over 0s): create Pod web-0 in StatefulSet web successful
        Normal SuccessfulCreate (x1 over 0s): create Claim www-web-1 Pod web-1 in StatefulSet web success
        Normal SuccessfulCreate (x1 over 0s): create Pod web-1 in StatefulSet web successful
        Normal SuccessfulCreate (x1 over 0s): create Claim www-web-2 Pod web-2 in StatefulSet web success
        Normal SuccessfulCreate (x1 over 0s): create Pod web-2 in StatefulSet web successful
        Normal SuccessfulCreate (x1 over 0s): create Claim www-web-3 Pod web-3 in StatefulSet web success
        Normal SuccessfulCreate (x1 over 0s): create Pod web-3 in StatefulSet web successful
        Normal SuccessfulCreate (x1 over 0s): create Claim www-web-4 Pod web-4 in StatefulSet web success
        Normal SuccessfulCreate (x15 over 0s): (combined from similar events): create Pod web-11 in StatefulSet web successful"#]]
    .assert_eq(&set_events(&sim));
    // Each pod's own events share one budget with the kubelet's: a pod whose image never
    // pulls shows its first pulls, then only what gets through once every five minutes.
    let mut sim = unstarted(&web(1, "", ""), &["image nginx:1.27 pull=fail"], 1, 36);
    sim.run(Some(1_800_000));
    let kubelet = |dropped: bool| {
        sim.world
            .log
            .iter()
            .filter(|e| e.kind == "Pod" && &*e.name == "web-0" && e.reason.is_some())
            .filter(|e| !matches!(e.reason.as_deref(), Some("Scheduled" | "FailedScheduling")))
            .filter(|e| e.dropped == dropped)
            .count()
    };
    assert!(kubelet(true) > 0, "some are dropped");
    assert!(
        kubelet(false) <= 25 + 6,
        "25 at once, then one per five minutes"
    );
    // The kubelet pulled ten times; the API server heard of the first four.
    let pulls = sim
        .world
        .log
        .iter()
        .filter(|e| e.reason.as_deref() == Some("Pulling"))
        .count();
    let pulling = sim
        .world
        .events
        .iter()
        .find(|e| &*e.reason == "Pulling")
        .map(|e| e.count);
    assert_eq!((pulls, pulling), (10, Some(4)));
}

/// A bare Pod in the manifest is created as `kubectl apply` creates one. The controller's
/// `ClaimPods` (`pkg/controller/statefulset/stateful_set.go` `getPodsForStatefulSet`, with
/// `isMemberOf`) adopts an orphan whose labels the selector matches and whose name is
/// `<set>-<ordinal>`; `UpdateStatefulPod` gives it the identity labels (`identityMatches`,
/// `updateIdentity` in `stateful_set_utils.go`); one beyond the replicas is condemned and
/// deleted when the controller gets to it; a pod at no revision is replaced by a
/// RollingUpdate; the rest are left alone.
#[test]
fn s4_12_bare_pods_are_created_and_claimed_as_claim_pods_does() {
    let bare = |name: &str, app: &str| {
        format!(
            "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\n  labels: {{app: {app}}}\nspec:\n  containers:\n  - {{name: c, image: nginx:1.27}}\n"
        )
    };
    let text = format!(
        "{}{}{}{}",
        web(3, "", "").replace("  volumeClaimTemplates:\n  - metadata: {name: www}\n    spec:\n      accessModes: [ReadWriteOnce]\n      resources: {requests: {storage: 1Gi}}\n", "").replace("        volumeMounts: [{name: www, mountPath: /usr/share/nginx/html}]\n", ""),
        bare("web-1", "nginx"),
        bare("web-7", "nginx"),
        bare("debug", "tools"),
    );
    let sim = start(&text, &[], 1, 36);
    let story: Vec<String> = sim
        .world
        .log
        .iter()
        .filter(|e| e.kind == "Pod" && ["web-1", "web-7", "debug"].contains(&&*e.name))
        .filter(|e| e.action != Action::Event)
        .map(|e| {
            format!(
                "{} {}{}",
                e.action.as_str(),
                e.name,
                e.message
                    .as_ref()
                    .map(|m| format!(": {m}"))
                    .unwrap_or_default()
            )
        })
        .collect();
    expect![[r#"
        create web-1
        create web-7
        create debug
        update web-1: adopted by StatefulSet web
        update web-7: adopted by StatefulSet web
        running web-1
        ready web-1
        running debug
        ready debug
        running web-7
        ready web-7
        update web-1: identity labels set by the StatefulSet controller
        delete web-7
        unready web-7
        gone web-7
        delete web-1
        unready web-1
        gone web-1
        create web-1
        running web-1
        ready web-1"#]]
    .assert_eq(&story.join("\n"));
    let w = &sim.world;
    let debug = &w.pods["default/debug"];
    assert!(debug.owner.is_none() && debug.phase == Phase::Running);
    assert!(
        !w.pods["default/web-1"].applied,
        "replaced by the controller's own"
    );
    // The resource view says what became of the bare pod that stays.
    let frame = stsplay::playground::view::frame(w);
    let loose: Vec<(&str, &str)> = frame
        .loose_pods
        .iter()
        .map(|p| (p.name.as_str(), p.note.as_deref().unwrap_or("")))
        .collect();
    assert_eq!(
        loose,
        [(
            "debug",
            "Created by kubectl apply: nothing recreates it if it fails or is deleted."
        )]
    );
}

/// An adopted pod whose volumes do not name the set's claims cannot be given them: a pod's
/// spec may not change (`ValidatePodUpdate`), so `UpdateStatefulPod` fails (FailedUpdate) and
/// the sync is retried through the rate limiter, for ever.
#[test]
fn s4_12_an_adopted_pod_without_the_claims_is_never_fixed() {
    let text = format!(
        "{}---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: web-0\n  labels: {{app: nginx}}\nspec:\n  containers:\n  - {{name: c, image: nginx:1.27}}\n",
        web(2, "", "").replace("storage: 1Gi}}}}", "storage: 1Gi}}}}\n")
    );
    let mut sim = unstarted(&text, &[], 1, 36);
    sim.run(Some(60_000));
    let events = set_events(&sim);
    assert!(
        events.contains("Warning FailedUpdate (x14 over 40s): update Pod web-0 in StatefulSet web failed error: Pod \"web-0\" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`"),
        "{events}"
    );
    assert_eq!(
        sim.world.pods.len(),
        1,
        "OrderedReady never gets past web-0"
    );
    let note = stsplay::playground::view::frame(&sim.world).sets[0].pods[0]
        .note
        .clone();
    assert!(note.is_some_and(|n| {
        n.starts_with("Created by kubectl apply, then adopted by StatefulSet web")
    }));
}

/// Idle periodic syncs (a set requeued every minReadySeconds while it waits for a pod that
/// never comes) are skipped in one step (`World::skip_idle_syncs`); the controller's checks of
/// a pod are cached in it until it changes (`world::Verdict`); a sync decides from the
/// controller's view of its set, kept from the pods and claims written since the last one
/// (`view::SetView`), and the garbage collector and the run until rest read indexes kept the
/// same way (`view::Dependents`, `view::Distance`). Running every sync, making every check
/// afresh and looking at every object (`no_skip`, `no_cache`: the oracle) must give the same
/// bytes: the same timeline, terminal output, Events, objects, pending timers and work
/// count, over random command sequences. (Debug builds also compare each sync's decision
/// with the oracle's.)
#[test]
fn indexes_skipped_syncs_and_cached_checks_change_nothing_but_the_cost() {
    let manifests = [
        web(3, "minReadySeconds: 10", ""),
        web(2, "minReadySeconds: 5\npodManagementPolicy: Parallel", ""),
        crate::support::WEB.to_string(),
        // Over 100 pods a sync takes virtual time, and a sync asked for while the controller
        // is busy is put off: that is not an idle sync.
        web(
            120,
            "minReadySeconds: 10\npodManagementPolicy: Parallel",
            "",
        ),
        // Bare pods the set adopts, whose identity labels its controller then sets: a cached
        // check that missed the change would ask for them again and again.
        format!(
            "{}---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: web-1\n  labels: {{app: nginx}}\nspec:\n  containers:\n  - {{name: c, image: nginx:1.27}}\n",
            web(3, "", "").replace("  volumeClaimTemplates:\n  - metadata: {name: www}\n    spec:\n      accessModes: [ReadWriteOnce]\n      resources: {requests: {storage: 1Gi}}\n", "").replace("        volumeMounts: [{name: www, mountPath: /usr/share/nginx/html}]\n", ""),
        ),
        // Claims owned by their pods or the set, which the garbage collector follows.
        web(
            4,
            "persistentVolumeClaimRetentionPolicy: {whenScaled: Delete, whenDeleted: Delete}",
            "",
        ),
        // A partition, and maxUnavailable (v1.37 below): the update's other loops.
        web(
            4,
            "podManagementPolicy: Parallel\nupdateStrategy:\n  type: RollingUpdate\n  rollingUpdate: {partition: 1, maxUnavailable: 2}",
            "",
        ),
        web(
            4,
            "minReadySeconds: 3\nupdateStrategy:\n  type: RollingUpdate\n  rollingUpdate: {maxUnavailable: 50%}",
            "",
        ),
        web(3, "updateStrategy: {type: OnDelete}", ""),
    ];
    // The Kubernetes minor version of each manifest's cluster.
    let minor = |m: usize| if m == 6 || m == 7 { 37 } else { 36 };
    let commands = |rng: &mut Rng, i: usize| -> String {
        let pod = rng.next_u64() % 4;
        match rng.next_u64() % 12 {
            11 => format!("kubectl delete pvc www-web-{pod} --wait=false"),
            // What the cached checks read besides the pod: its owner (orphaned, then adopted
            // by a new set of the same name, whose spec is new).
            9 => "kubectl delete sts web --cascade=orphan".to_string(),
            10 => "kubectl apply -f web.yaml".to_string(),
            0 => format!("kubectl scale sts web --replicas={}", rng.next_u64() % 5),
            1 => format!("kubectl delete pod web-{pod} --wait=false"),
            2 => format!("kubectl set image sts/web nginx=nginx:1.2{}", i % 10),
            3 => format!("fault web-{pod} ready=never"),
            4 => format!("fault web-{pod} ready=ok"),
            5 => format!("fault web-{pod} crash"),
            6 => format!("fault web-{pod} schedule=never"),
            7 => format!("sleep {}", 1 + rng.next_u64() % 4000),
            _ => format!("sleep {}", 40_000 + rng.next_u64() % 50_000),
        }
    };
    let mut skipped_some = false;
    let mut applied = false;
    for (m, text) in manifests.iter().enumerate() {
        for seed in 0..(if m == 3 { 2 } else { 6u64 }) {
            let opts = stsplay::Options {
                profile: Profile::v1(minor(m)),
                ..stsplay::Options::default()
            };
            let a = stsplay::analyze(
                &[Input {
                    name: "web.yaml",
                    text,
                }],
                &opts,
            );
            let mut sim_opts = SimOptions {
                seed,
                ..SimOptions::default()
            };
            if m == 3 {
                // Syncs that take a long while: many are asked for while one runs.
                sim_opts.timing.sync_per_pod_us = 2_000;
            }
            let sim = Simulation::new(&a, &opts, &sim_opts);
            let mut fast = Session::new(sim.clone());
            let mut slow = Session::new(sim);
            slow.sim.world.no_skip = true;
            slow.sim.world.no_cache = true;
            for s in [&mut fast, &mut slow] {
                s.files.insert("web.yaml".into(), text.clone());
            }
            let mut rng = Rng::new(seed * 31 + m as u64);
            for i in 0..8 {
                let line = commands(&mut rng, i);
                let (a, b) = (fast.run(&line), slow.run(&line));
                applied |=
                    line.contains("apply") && a.stdout().contains("statefulset.apps/web created");
                assert_eq!(a.stdout(), b.stdout(), "{m}/{seed}: {line}");
                assert_eq!(a.stderr(), b.stderr(), "{m}/{seed}: {line}");
            }
            let (f, s) = (&fast.sim, &slow.sim);
            assert_eq!(f.json_lines(0), s.json_lines(0), "{m}/{seed}");
            assert_eq!(f.state_json(), s.state_json(), "{m}/{seed}");
            assert_eq!(
                format!("{:?}", f.world.events),
                format!("{:?}", s.world.events)
            );
            assert_eq!(format!("{:?}", f.world.pods), format!("{:?}", s.world.pods));
            assert_eq!(
                format!("{:?}", f.world.timers),
                format!("{:?}", s.world.timers)
            );
            assert_eq!(
                (f.world.now, f.world.work),
                (s.world.now, s.world.work),
                "{m}/{seed}"
            );
            skipped_some |= f.world.fired < s.world.fired;
        }
    }
    assert!(skipped_some, "some case slept through a day of idle syncs");
    assert!(
        applied,
        "some case orphaned the pods and made a new set adopt them"
    );
}

/// The fuzz input that found the cost (`FUZZ_SEED=4049066210 .ci/fuzz command_parser`):
/// `sleep 199999` on the web example, whose claim never binds (no such storage class), while
/// the controller requeues the set every minReadySeconds. Each of those 20,000 syncs used to
/// run; now they are skipped, so the whole sleep costs a few syncs' work.
#[test]
fn a_long_sleep_waiting_for_a_claim_costs_little() {
    let opts = stsplay::Options::default();
    let a = stsplay::analyze(
        &[Input {
            name: "web.yaml",
            text: crate::support::WEB,
        }],
        &opts,
    );
    let mut s = Session::new(Simulation::new(&a, &opts, &SimOptions::default()));
    s.run("sleep 1");
    let fired = s.sim.world.fired;
    let out = s.run("sleep 199999");
    assert_eq!(out.code, 0);
    assert!(
        s.run("kubectl get pods")
            .stdout()
            .contains("web-0   0/1     Pending")
    );
    let fired = s.sim.world.fired - fired;
    assert!(fired < 10, "{fired} timers fired for 20,000 idle syncs");
}
