//! A valid StatefulSet (small: at most 5 replicas) in the playground, then a fuzzed sequence of
//! operations run as the terminal runs them (`kubectl scale`, `delete pod`, `set image`, a
//! partition patch, faults, `sleep`) and moves of the timeline's cursor (advance, seek, settle).
//! After each: no panic, time never goes backwards (except a seek back, which lands where it was
//! asked), at most one pod per name, and once the world has settled with nothing blocked every
//! pod of a set lies in its ordinal range. At the end, seeking back then forward, and replaying
//! the journal (a share link), give the same world as running straight.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use stsplay::playground::Playground;
use stsplay_fuzz::{Num, Sts};

#[derive(Arbitrary, Debug)]
enum Op {
    Scale(u8),
    /// A replica count from the edges (huge, negative, not a number).
    ScaleTo(Num),
    DeletePod(u8),
    DeletePvc(u8, u8),
    SetImage(bool),
    Partition(u8),
    Fault(u8, u8),
    FaultImage(u8),
    Sleep(u16),
    Advance(u16),
    SeekBack(u16),
    Settle,
    Rollout(u8),
    DeleteSts(bool),
    Apply,
    Get(u8),
}

#[derive(Arbitrary, Debug)]
struct Case {
    sts: Sts,
    seed: u64,
    parallel_view: bool,
    ops: Vec<Op>,
}

const FAULTS: [&str; 12] = [
    "ready=never",
    "ready=ok",
    "live=fail",
    "live=ok",
    "phase=Failed",
    "phase=Succeeded",
    "schedule=never",
    "schedule=ok",
    "crash",
    "ready=fail",
    "pull=fail",
    "pull=ok",
];

fn state(p: &Playground) -> String {
    format!("{}\n{}", p.now(), p.session.sim.state_json())
}

fn check_world(p: &Playground) {
    let w = &p.session.sim.world;
    for (k, pod) in &w.pods {
        assert_eq!(k, &pod.key(), "pod filed under another name");
    }
    let mut names: Vec<&str> = w.pods.values().map(|p| p.name.as_str()).collect();
    let n = names.len();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), n, "two pods share a name");
    if p.settled() && p.session.sim.blocked().is_empty() {
        for set in w.sets.values() {
            let (start, end) = (set.spec.start, set.spec.start + set.spec.replicas);
            let owned: Vec<_> = w
                .pods
                .values()
                .filter(|p| p.owner.as_ref().is_some_and(|o| o.uid == set.uid))
                .collect();
            for pod in &owned {
                assert!(
                    pod.ordinal >= start && pod.ordinal < end,
                    "settled with {} outside [{start}, {end}) at {} ms ({:?}, deleting {:?}); journal {:?}; timeline:\n{}",
                    pod.name,
                    p.now(),
                    pod.phase,
                    pod.deletion,
                    p.journal_lines(),
                    p.session.sim.text_lines(0).join("\n")
                );
            }
        }
    }
}

fuzz_target!(|case: Case| {
    let sts = case.sts.tame(5);
    let name = sts.name.label();
    let text = sts.yaml();
    let policy = case.parallel_view.then_some("Parallel");
    let mut p = Playground::new(&text, case.seed, policy, &Default::default());
    if p.analysis.has_errors() {
        // The tame generator should only make valid sets; say which one is not.
        panic!(
            "generated an invalid set:\n{text}\n{:?}",
            p.analysis.diagnostics
        );
    }
    check_world(&p);
    for op in case.ops.iter().take(12) {
        let before = p.now();
        let line = match op {
            Op::Scale(n) => Some(format!("kubectl scale sts {name} --replicas={}", n % 6)),
            // Counts the simulation accepts stay small (thousands of pods are slow, not wrong);
            // the rest (negative, beyond MAX_REPLICAS or int32, not a number) must be refused.
            Op::ScaleTo(n) => Some(match n.int() {
                Some(v) if (0..=stsplay::sim::MAX_REPLICAS).contains(&v) => {
                    format!("kubectl scale sts {name} --replicas={}", v % 6)
                }
                _ => format!("kubectl scale sts {name} --replicas={}", n.yaml()),
            }),
            Op::DeletePod(i) => Some(format!("kubectl delete pod {name}-{}", i % 8)),
            Op::DeletePvc(t, i) => Some(format!(
                "kubectl delete pvc {}-{name}-{}",
                sts.templates
                    .get(usize::from(*t) % sts.templates.len().max(1))
                    .map_or("www", |t| t.label()),
                i % 8
            )),
            Op::SetImage(b) => Some(format!(
                "kubectl set image sts/{name} nginx=nginx:{}",
                if *b { "1.27" } else { "1.28" }
            )),
            Op::Partition(n) => Some(format!(
                "kubectl patch sts {name} -p '{{\"spec\":{{\"updateStrategy\":{{\"type\":\"RollingUpdate\",\"rollingUpdate\":{{\"partition\":{}}}}}}}}}'",
                n % 7
            )),
            Op::Fault(i, f) => Some(format!(
                "fault {name}-{} {}",
                i % 6,
                FAULTS[usize::from(*f) % FAULTS.len()]
            )),
            Op::FaultImage(f) => Some(format!(
                "fault image nginx:1.28 {}",
                if f % 2 == 0 {
                    "ready=never"
                } else {
                    "ready=ok"
                }
            )),
            Op::Sleep(s) => Some(format!("sleep {}", s % 600)),
            Op::Rollout(r) => Some(format!(
                "kubectl rollout {} sts/{name}",
                ["restart", "undo", "history"][usize::from(*r) % 3]
            )),
            Op::DeleteSts(orphan) => Some(format!(
                "kubectl delete sts {name}{}",
                if *orphan { " --cascade=orphan" } else { "" }
            )),
            Op::Apply => Some("kubectl apply -f manifest.yaml".to_string()),
            Op::Get(g) => Some(
                [
                    "kubectl get pods -o wide",
                    "kubectl get sts -o yaml",
                    "kubectl describe sts",
                    "kubectl get pvc",
                ][usize::from(*g) % 4]
                    .to_string(),
            ),
            Op::Advance(ms) => {
                p.advance(u64::from(*ms) * 10);
                None
            }
            Op::SeekBack(ms) => {
                let t = before.saturating_sub(u64::from(*ms) * 10);
                p.seek(t);
                // Back to a checkpoint then forward: at `t`, or later only if a waiting
                // command recorded before `t` runs past it.
                assert!(p.now() >= t, "seek({t}) landed at {}", p.now());
                None
            }
            Op::Settle => {
                p.settle();
                None
            }
        };
        if let Some(line) = line {
            let out = p.exec(&line);
            assert!(
                out.code == 0 || !out.stderr().is_empty(),
                "{line}: failed silently"
            );
        }
        if !matches!(op, Op::SeekBack(_)) {
            assert!(p.now() >= before, "time went back: {before} -> {}", p.now());
        }
        check_world(&p);
    }
    // Seek back to the start and forward again: the same world as running straight.
    let t = p.now();
    let straight = state(&p);
    let mut travelled = p.clone();
    travelled.seek(0);
    travelled.seek(t);
    assert_eq!(state(&travelled), straight, "seek(0) then seek({t})");
    // A share link carries (text, seed, journal, t): replaying it gives the same world.
    let replayed = Playground::replay(
        &text,
        case.seed,
        policy,
        &Default::default(),
        &p.journal_lines(),
        t,
    );
    assert_eq!(
        state(&replayed),
        straight,
        "replay of {:?}",
        p.journal_lines()
    );
    // The oracle of `World::skip_idle_syncs`: the journal run by a session that skips idle
    // syncs and by one that runs every one of them gives the same bytes.
    let base = Playground::new(&text, case.seed, policy, &Default::default()).session;
    let (mut fast, mut slow) = (base.clone(), base);
    slow.sim.world.no_skip = true;
    slow.sim.world.no_cache = true;
    for (at, line) in p.journal_lines() {
        for s in [&mut fast, &mut slow] {
            let now = s.sim.world.now;
            if at > now {
                s.sim.advance(at - now);
            }
        }
        assert_eq!(fast.run(&line).stdout(), slow.run(&line).stdout(), "{line}");
    }
    for s in [&mut fast, &mut slow] {
        s.sim.advance(t.saturating_sub(s.sim.world.now));
    }
    assert_eq!(
        fast.sim.json_lines(0),
        slow.sim.json_lines(0),
        "skipping idle syncs"
    );
    assert_eq!(
        fast.sim.state_json(),
        slow.sim.state_json(),
        "skipping idle syncs"
    );
});
