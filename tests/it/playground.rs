//! The playground's model: time travel over a journal of commands, built-in scenarios and
//! their scripted steps, and share links.

use crate::support::diagnostics;
use stsplay::playground::{AllReady, LOOKAHEAD_WORK, Playground, lanes};
use stsplay::scenario::{self, BUILTIN};
use stsplay::share::{self, LinkError, Shared, View};

const LAB: &str = include_str!("../../static/scenarios/lab.yaml");

/// What the cluster looks like, for comparing two ways of getting somewhere.
fn state(p: &Playground) -> String {
    format!("{}\n{}", p.now(), p.session.sim.state_json())
}

// --- time travel ------------------------------------------------------------------------------

/// An edit's text is analysed once and shared by the problems list and the world; another
/// text, or another Kubernetes version, is analysed afresh (never a stale answer).
#[test]
fn the_analysis_of_a_text_is_shared_until_the_text_or_version_changes() {
    use stsplay::Options;
    use stsplay::playground::analysis_of;
    let opts = Options::default();
    let first = analysis_of(LAB, &opts);
    let p = Playground::new(LAB, 7, None, &Default::default());
    assert!(
        std::rc::Rc::ptr_eq(&first, &p.analysis),
        "the world reuses the problems' analysis"
    );
    let broken = LAB.replacen("replicas: 3", "replicas: -3", 1);
    assert_ne!(broken, LAB);
    let other = analysis_of(&broken, &opts);
    assert!(other.has_errors() && !first.has_errors());
    let old = Options {
        profile: stsplay::version::Profile::v1(33),
        ..Options::default()
    };
    let again = analysis_of(&broken, &old);
    assert!(
        !std::rc::Rc::ptr_eq(&other, &again),
        "another version is analysed afresh"
    );
    assert_eq!(again.diagnostics, other.diagnostics);
}

#[test]
fn seeking_back_and_forth_gives_the_same_world_as_running_straight() {
    let mut straight = Playground::new(LAB, 7, None, &Default::default());
    straight.advance(17_000);
    let mut travelled = Playground::new(LAB, 7, None, &Default::default());
    travelled.advance(40_000);
    travelled.seek(3_000);
    assert_eq!(travelled.now(), 3_000);
    assert_eq!(travelled.horizon(), 40_000, "the future stays computed");
    travelled.seek(17_000);
    assert_eq!(state(&travelled), state(&straight));
    // Small steps (animation frames) and one big step agree.
    let mut frames = Playground::new(LAB, 7, None, &Default::default());
    for _ in 0..1_000 {
        frames.advance(17);
    }
    assert_eq!(state(&frames), state(&straight));
}

#[test]
fn commands_are_replayed_at_their_time_when_scrubbing() {
    let mut p = Playground::new(LAB, 3, None, &Default::default());
    p.advance(30_000);
    let scaled = p.exec("kubectl scale sts visits --replicas=1");
    assert_eq!(scaled.stdout(), "statefulset.apps/visits scaled\n");
    p.advance(30_000);
    let end = state(&p);
    p.seek(10_000);
    assert_eq!(p.session.sim.world.sets["default/visits"].spec.replicas, 3);
    assert_eq!(
        p.applied().len(),
        0,
        "the scale has not happened yet at 10s"
    );
    p.seek(60_000);
    assert_eq!(p.applied().len(), 1);
    assert_eq!(state(&p), end);
}

/// Found by the sim_ops fuzz target: a seek into the middle of a `sleep` lands where the sleep
/// ends, and must then also run what was typed at that moment, or the same cursor shows two
/// worlds (the one after the sleep, and the one a share link or another seek rebuilds).
#[test]
fn a_seek_into_a_sleep_lands_after_it_with_what_followed() {
    let mut straight = Playground::new(LAB, 5, None, &Default::default());
    straight.exec("kubectl scale sts visits --replicas=0");
    straight.exec("sleep 20");
    straight.exec("kubectl scale sts visits --replicas=4");
    straight.exec("kubectl set image sts/visits app=nginx:1.28");
    let after = state(&straight);
    let mut p = straight.clone();
    p.seek(10_000);
    assert_eq!(
        p.now(),
        20_000,
        "the terminal was busy until the sleep ended"
    );
    assert_eq!(
        p.applied().len(),
        4,
        "what ran at 20 s has run at the cursor"
    );
    assert_eq!(state(&p), after);
    let mut again = p.clone();
    again.seek(0);
    again.seek(p.now());
    assert_eq!(state(&again), state(&p));
    let replayed = Playground::replay(
        LAB,
        5,
        None,
        &Default::default(),
        &p.journal_lines(),
        p.now(),
    );
    assert_eq!(state(&replayed), state(&p));
}

#[test]
fn acting_in_the_past_drops_the_recorded_future() {
    let mut p = Playground::new(LAB, 3, None, &Default::default());
    p.advance(30_000);
    p.exec("kubectl scale sts visits --replicas=1");
    p.advance(30_000);
    p.seek(20_000);
    p.exec("kubectl scale sts visits --replicas=5");
    assert_eq!(p.journal.len(), 1);
    assert_eq!(p.journal[0].t, 20_000);
    assert!(p.at_frontier());
    assert_eq!(p.horizon(), 20_000);
}

#[test]
fn a_journal_replays_to_the_same_world_and_output() {
    let mut p = Playground::new(LAB, 11, None, &Default::default());
    p.advance(29_000);
    p.exec("curl http://192.168.49.2:30080");
    p.exec("kubectl delete pod visits-1");
    p.exec("sleep 20");
    let out = p.exec("kubectl exec visits-1 -- cat /data/visits");
    p.advance(5_000);
    let r = Playground::replay(
        LAB,
        11,
        None,
        &Default::default(),
        &p.journal_lines(),
        p.now(),
    );
    assert_eq!(state(&r), state(&p));
    assert_eq!(r.journal.last().map(|e| &e.output), Some(&out));
}

#[test]
fn lanes_show_each_pods_states_in_order() {
    let mut p = Playground::new(LAB, 1, None, &Default::default());
    p.advance(40_000);
    p.exec("kubectl delete pod visits-0 --wait=false");
    p.advance(40_000);
    let lanes = lanes::lanes(&p.frontier().sim.world);
    let names: Vec<&str> = lanes.iter().map(|l| l.pod.as_str()).collect();
    assert_eq!(names, ["visits-0", "visits-1", "visits-2"]);
    let states =
        |i: usize| -> Vec<&str> { lanes[i].segments.iter().map(|s| s.state.class()).collect() };
    // visits-0 lives twice: the same name comes back after Terminating.
    assert_eq!(
        states(0),
        [
            "pending",
            "creating",
            "running",
            "ready",
            "terminating",
            "pending",
            "creating",
            "running",
            "ready"
        ]
    );
    assert_eq!(states(1), ["pending", "creating", "running", "ready"]);
    // OrderedReady (`processReplica` in `stateful_set_control.go`): visits-1 is created when visits-0 becomes Ready.
    let ready0 = lanes[0].segments[3].from;
    assert_eq!(lanes[1].segments[0].from, ready0);
    let notes = lanes::notes(&p.frontier().sim.world, u64::MAX, usize::MAX);
    assert!(notes.iter().any(|n| n.kind == lanes::NoteKind::Waiting
        && n.text == "waiting for visits-1 to be Running and Ready"));
}

/// The lanes a page keeps up to date frame by frame are the lanes read afresh: while time
/// passes, after scrubbing back, after a command in the past cuts the journal (the frontier
/// goes on differently), and after a crash loop's restarts.
#[test]
fn lanes_kept_frame_by_frame_are_the_lanes_read_afresh() {
    let mut p = Playground::new(LAB, 11, None, &Default::default());
    let mut book = lanes::LaneBook::default();
    let mut check = |p: &Playground, what: &str| {
        let w = &p.frontier().sim.world;
        let before = book.lanes();
        let changed = book.update(w);
        let afresh = lanes::lanes(w);
        assert_eq!(book.lanes(), afresh, "{what} at {} ms", p.now());
        if !changed {
            assert_eq!(
                before,
                afresh,
                "{what}: unchanged lanes said so at {} ms",
                p.now()
            );
        }
    };
    for _ in 0..60 {
        p.advance(500);
        check(&p, "playing");
    }
    p.seek(8_000);
    check(&p, "scrubbed back");
    p.exec("kubectl delete pod visits-1 --wait=false");
    check(&p, "a command in the past");
    p.exec("fault visits-2 live=fail");
    for _ in 0..200 {
        p.advance(1_000);
        check(&p, "crash-looping");
    }
    assert!(
        book.lanes().iter().any(|l| !l.restarts.is_empty()),
        "a restart was seen"
    );
}

#[test]
fn parallel_is_all_ready_sooner_than_ordered_ready() {
    let ordered = Playground::new(LAB, 5, Some("OrderedReady"), &Default::default());
    let parallel = Playground::new(LAB, 5, Some("Parallel"), &Default::default());
    let (AllReady::At(o), AllReady::At(p)) = (ordered.all_ready_at(), parallel.all_ready_at())
    else {
        panic!("both should become Ready");
    };
    assert!(p * 2 < o, "Parallel {p} ms vs OrderedReady {o} ms");
    // A pod that never becomes Ready blocks both, with the reason.
    let mut broken = Playground::new(LAB, 5, None, &Default::default());
    broken.exec("fault visits-1 ready=never");
    match broken.all_ready_at() {
        AllReady::Never(why) => assert_eq!(why, ["waiting for visits-1 to be Running and Ready"]),
        other => panic!("{other:?}"),
    }
}

#[test]
fn looking_ahead_is_bounded_for_very_large_sets() {
    // The page looks ahead (the timeline's span, compare mode's verdicts) with a work
    // budget: the lab settles well within it, with the same answers as an unbounded look.
    let lab = Playground::new(LAB, 5, None, &Default::default());
    assert_eq!(lab.settles_within(LOOKAHEAD_WORK), Ok(lab.settles_at()));
    assert_eq!(lab.all_ready_within(LOOKAHEAD_WORK), lab.all_ready_at());
    // 3,000 Parallel pods do not: the page gets how far it looked, not a frozen tab.
    let web =
        include_str!("../../static/examples/web.yaml").replace("replicas: 2", "replicas: 3000");
    let big = Playground::new(&web, 5, Some("Parallel"), &Default::default());
    let Err(reached) = big.settles_within(LOOKAHEAD_WORK) else {
        panic!("3,000 pods settled within the look-ahead budget");
    };
    let AllReady::Beyond(t) = big.all_ready_within(LOOKAHEAD_WORK) else {
        panic!("expected Beyond");
    };
    assert_eq!(t, reached);
    let AllReady::At(all) = big.all_ready_at() else {
        panic!("an unbounded look sees them all Ready");
    };
    assert!(
        reached < all && all <= big.settles_at(),
        "{reached} < {all}"
    );
}

// --- scenarios --------------------------------------------------------------------------------

#[test]
fn every_builtin_scenario_is_valid_and_tells_a_story() {
    for b in BUILTIN {
        let a = crate::support::analyze(b.text);
        assert!(!a.has_errors(), "{}:\n{}", b.id, diagnostics(&a));
        let story = scenario::story(b.text).unwrap_or_else(|| panic!("{} has no story", b.id));
        assert!(
            !story.title.is_empty() && !story.explanation.is_empty(),
            "{}",
            b.id
        );
        assert!(!story.steps.is_empty(), "{}", b.id);
        for s in &story.steps {
            assert!(
                !s.commands.is_empty(),
                "{}: step {:?} has no command",
                b.id,
                s.label
            );
        }
    }
    assert_eq!(scenario::builtin("lab").map(|b| b.id), Some("lab"));
}

/// Every scripted command runs; the failures are the ones the story is about.
#[test]
fn every_scenario_step_runs_as_scripted() {
    let expected_failures = [
        (
            "rollback-trap",
            "kubectl rollout status sts/web --timeout=30s",
        ),
        (
            "service-mismatch",
            "kubectl run -i --tty --image busybox:1.28 dns-test --restart=Never --rm -- nslookup web-0.ngnix",
        ),
    ];
    for b in BUILTIN {
        let story = scenario::story(b.text).unwrap_or_default();
        let mut p = Playground::new(b.text, 1, None, &Default::default());
        p.settle();
        for step in &story.steps {
            for cmd in &step.commands {
                let out = p.exec(cmd);
                let failing = expected_failures.contains(&(b.id, cmd.as_str()));
                assert_eq!(
                    out.code != 0,
                    failing,
                    "{}: `{cmd}` exited {}:\n{}{}",
                    b.id,
                    out.code,
                    out.stdout(),
                    out.stderr()
                );
                assert!(
                    !out.stderr().contains("command not found"),
                    "{}: {cmd}",
                    b.id
                );
            }
        }
    }
}

#[test]
fn stories_are_read_from_comments() {
    let text = "\
# @scenario Canary
# First line
# continues here.
#
# Second paragraph.
# @step Scale up
# Watch web-2.
# $ kubectl scale sts web --replicas=3
# $ kubectl get pods
# @step   Look
apiVersion: v1
# @step Not part of the story: YAML came first
kind: Service
";
    let s = scenario::story(text).unwrap_or_default();
    assert_eq!(s.title, "Canary");
    assert_eq!(
        s.explanation,
        ["First line continues here.", "Second paragraph."]
    );
    assert_eq!(s.steps.len(), 2);
    assert_eq!(s.steps[0].label, "Scale up");
    assert_eq!(s.steps[0].explanation, ["Watch web-2."]);
    assert_eq!(
        s.steps[0].commands,
        ["kubectl scale sts web --replicas=3", "kubectl get pods"]
    );
    assert_eq!(s.steps[0].line, 6);
    assert_eq!(s.steps[1].label, "Look");
    assert!(s.steps[1].commands.is_empty());
    assert_eq!(scenario::story("# just a comment\nkind: Service\n"), None);
    assert_eq!(scenario::story("# @scenarios are not a directive\n"), None);
}

// --- share links ------------------------------------------------------------------------------

fn sample() -> Shared {
    Shared {
        v: share::VERSION,
        text: LAB.to_string(),
        scenario: Some("lab".into()),
        seed: 42,
        journal: vec![(30_000, "kubectl scale sts visits --replicas=1".into())],
        t: 45_500,
        speed: 10,
        view: View {
            compare: true,
            terminal: false,
            timeline: true,
        },
        chart: None,
        programs: vec![("visits".into(), "visits:/data/count,reset".into())],
        tools: vec![("visits".into(), "busybox".into())],
        kubernetes: Some(30),
    }
}

#[test]
fn share_links_round_trip_and_stay_short() {
    let link = share::encode(&sample());
    assert!(link.starts_with("s="));
    assert!(
        link.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_=".contains(&b))
    );
    assert!(
        link.len() < LAB.len() * 2 / 3,
        "{} chars for {} bytes",
        link.len(),
        LAB.len()
    );
    assert_eq!(share::decode(&link), Ok(sample()));
    assert_eq!(
        share::decode(&format!("#embed&{link}&readonly")),
        Ok(sample())
    );
    // Python: zlib.decompress(base64.urlsafe_b64decode(data + "=="), -15)
    let raw = share::unbase64url(&link[2..]).unwrap_or_default();
    assert_eq!(
        raw.first().map(|b| b & 0b110),
        Some(0b100),
        "a raw DEFLATE dynamic block"
    );
}

#[test]
fn bad_links_say_what_is_wrong() {
    let link = share::encode(&sample());
    let check = |fragment: &str, want: LinkError| {
        assert_eq!(share::decode(fragment), Err(want.clone()), "{fragment:.40}");
        assert!(!want.to_string().is_empty());
    };
    check("", LinkError::Empty);
    check("#s=", LinkError::Empty);
    check("#embed", LinkError::Empty);
    check(&link[..link.len() / 2], LinkError::Truncated);
    check("s=abc!def", LinkError::BadCharacter(3, '!'));
    check("s=A", LinkError::Truncated);
    check("s=____", LinkError::Corrupt);
    let too_long = format!("s={}", "A".repeat(share::MAX_ENCODED));
    check(&too_long, LinkError::TooLong(too_long.len()));
    // A deflate bomb: 64 MiB of zeros in a few KB.
    let bomb = miniz_oxide_free_bomb();
    check(&bomb, LinkError::TooBig);
    // Valid compression, wrong content.
    let not_state = format!("s={}", share::base64url(&deflate(b"[1,2,3]")));
    assert!(matches!(
        share::decode(&not_state),
        Err(LinkError::BadData(_))
    ));
    let newer = format!("s={}", share::base64url(&deflate(br#"{"v":9,"text":""}"#)));
    check(&newer, LinkError::Version(9));
    let old_cluster = format!(
        "s={}",
        share::base64url(&deflate(br#"{"v":1,"text":"","kubernetes":"1.19"}"#))
    );
    check(
        &old_cluster,
        LinkError::BadData("`kubernetes` is \"1.19\", not a version from 1.27 to 1.37".into()),
    );
    assert_eq!(
        LinkError::Truncated.to_string(),
        "the link is incomplete: its data ends early (was it cut off when copied?)"
    );
}

/// Raw DEFLATE of `data` with stored blocks (no compressor needed in the tests).
fn deflate(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let chunks: Vec<&[u8]> = data.chunks(65_535).collect();
    for (i, c) in chunks.iter().enumerate() {
        out.push(u8::from(i + 1 == chunks.len()));
        let n = c.len() as u16;
        out.extend_from_slice(&n.to_le_bytes());
        out.extend_from_slice(&(!n).to_le_bytes());
        out.extend_from_slice(c);
    }
    out
}

/// A link whose data inflates to far more than a link may hold: fixed-Huffman blocks of
/// back-references (each 258 bytes from 3 bits of input).
fn miniz_oxide_free_bomb() -> String {
    // Literal 0 then length-258/distance-1 copies; fixed Huffman: literal 0 = 00110000,
    // length 258 = code 285 = 11000101, distance 1 = code 0 = 00000.
    let mut bits: Vec<u8> = Vec::new();
    let push = |bits: &mut Vec<u8>, value: u32, n: u32, msb_first: bool| {
        for i in 0..n {
            let b = if msb_first {
                (value >> (n - 1 - i)) & 1
            } else {
                (value >> i) & 1
            };
            bits.push(b as u8);
        }
    };
    push(&mut bits, 1, 1, false); // BFINAL
    push(&mut bits, 1, 2, false); // BTYPE = fixed
    push(&mut bits, 0b0011_0000, 8, true); // literal 0
    for _ in 0..(5 << 20) / 258 {
        push(&mut bits, 0b1100_0101, 8, true); // length 258
        push(&mut bits, 0, 5, true); // distance 1
    }
    push(&mut bits, 0, 7, true); // end of block (256)
    let bytes: Vec<u8> = bits
        .chunks(8)
        .map(|c| c.iter().enumerate().fold(0u8, |acc, (i, b)| acc | (b << i)))
        .collect();
    format!("s={}", share::base64url(&bytes))
}

// --- charts -----------------------------------------------------------------------------------

/// A built-in chart opened as the page opens it: its world is what `helm install my-app` makes,
/// with the chart in a folder named after it.
fn chart_playground(id: &str, sets: &[&str]) -> (Playground, stsplay::playground::Machine, String) {
    use stsplay::charts::{self, ChartSpec};
    let files = charts::example(id).expect("a built-in chart");
    let spec = ChartSpec {
        files: files.clone(),
        release: "my-app".into(),
        sets: sets.join("\n"),
        version: stsplay::helm::Version::V4,
    };
    let view = charts::analyze(&spec, &stsplay::Options::default());
    let machine = stsplay::playground::Machine {
        files: files
            .iter()
            .map(|(p, t)| (format!("{}/{p}", view.name), t.clone()))
            .collect(),
        release: Some((
            "my-app".into(),
            view.name.clone(),
            charts::set_lines(&spec.sets),
        )),
        choices: Default::default(),
        helm: spec.version,
        profile: Default::default(),
    };
    (
        Playground::new(&view.manifest, 2, None, &machine),
        machine,
        view.manifest.clone(),
    )
}

/// A chart's world is made by `helm install` (its output first in the terminal, hooks run),
/// so the lab's next steps (`helm upgrade`, `helm status`) work on it, and replaying gives the
/// same world.
#[test]
fn a_charts_world_is_made_by_helm_install() {
    let (mut p, machine, manifest) = chart_playground("visits", &["replicaCount=2"]);
    let install = &p.preamble[0];
    assert_eq!(
        install.line,
        "helm install my-app ./visits --set replicaCount=2"
    );
    assert!(
        install
            .output
            .stdout()
            .contains("STATUS: deployed\nREVISION: 1\n"),
        "{}",
        install.output.shown()
    );
    assert_eq!(
        p.now(),
        10_000,
        "the pre- and post-install hooks ran 5 s each"
    );
    assert_eq!(p.exec("helm list -q").stdout(), "my-app\n");
    let values = p.exec("helm get values my-app");
    assert_eq!(values.stdout(), "USER-SUPPLIED VALUES:\nreplicaCount: 2\n");
    let pods = p.exec("kubectl get pods -o name").stdout();
    assert!(pods.contains("pod/my-app-visits-pre-install\n"), "{pods}");
    let up = p.exec("helm upgrade my-app ./visits --set replicaCount=3");
    assert!(up.stdout().contains("REVISION: 2\n"), "{}", up.shown());
    p.exec("kubectl rollout status sts/my-app-visits");
    assert_eq!(
        p.session.sim.world.sets["default/my-app-visits"]
            .spec
            .replicas,
        3
    );
    let end = state(&p);
    let replayed = Playground::replay(&manifest, 2, None, &machine, &p.journal_lines(), p.now());
    assert_eq!(state(&replayed), end);
    // The side-by-side view forces a policy on what helm creates too.
    let ordered = Playground::new(&manifest, 2, Some("OrderedReady"), &machine);
    assert_eq!(
        ordered.session.sim.world.sets["default/my-app-visits"]
            .spec
            .policy,
        stsplay::sim::world::Policy::OrderedReady
    );
}

/// The chart bar's box takes helm's other values flags, one per line: the rendered view and
/// the release's `helm install` line both use them, and a `--set-file` path is the chart's.
#[test]
fn the_chart_bar_takes_every_values_flag() {
    let (p, _, manifest) = chart_playground(
        "visits",
        &[
            "--set-json replicaCount=1",
            "--set-literal podManagementPolicy=OrderedReady",
            "--set-file=service.name=./Chart.yaml",
            "# a comment",
        ],
    );
    assert!(manifest.contains("replicas: 1\n"), "{manifest}");
    assert!(
        manifest.contains("podManagementPolicy: OrderedReady\n"),
        "{manifest}"
    );
    assert_eq!(
        p.preamble[0].line,
        "helm install my-app ./visits --set-json replicaCount=1 --set-literal podManagementPolicy=OrderedReady --set-file service.name=./visits/Chart.yaml"
    );
    let shown = p.preamble[0].output.shown();
    assert!(shown.contains("STATUS: deployed"), "{shown}");
}

/// The built-in charts' stories (in their values.yaml) run as scripted, without a failure.
#[test]
fn every_chart_story_step_runs() {
    for example in stsplay::charts::EXAMPLES {
        let id = example.id;
        let files = stsplay::charts::example(id).unwrap_or_default();
        let Some(story) = files
            .iter()
            .find(|(p, _)| p == "values.yaml")
            .and_then(|(_, t)| scenario::story(t))
        else {
            continue;
        };
        let (mut p, _, _) = chart_playground(id, &[]);
        p.settle();
        for step in &story.steps {
            for cmd in &step.commands {
                let out = p.exec(cmd);
                assert_eq!(out.code, 0, "{id}: {cmd}:\n{}", out.shown());
            }
        }
    }
}

/// The time axis: round intervals, at most as many as asked, labels short enough not to run
/// into each other in the side-by-side view ("50 s" used to run into "1 min 00 s").
#[test]
fn the_time_axis_has_few_short_labels() {
    use stsplay::playground::lanes::axis;
    let labels =
        |span, max| -> Vec<String> { axis(span, max).into_iter().map(|(_, l)| l).collect() };
    assert_eq!(
        labels(30_000, 8),
        ["0 s", "5 s", "10 s", "15 s", "20 s", "25 s", "30 s"]
    );
    assert_eq!(labels(90_000, 4), ["0:00", "0:30", "1:00", "1:30"]);
    assert_eq!(
        labels(120_000, 8),
        [
            "0:00", "0:15", "0:30", "0:45", "1:00", "1:15", "1:30", "1:45", "2:00"
        ]
    );
    assert_eq!(
        labels(3_600_000, 4),
        ["0:00", "15:00", "30:00", "45:00", "1:00:00"]
    );
    for span in [
        60_000, 90_000, 120_000, 180_000, 300_000, 600_000, 86_400_000,
    ] {
        for max in [4, 8] {
            let a = axis(span, max);
            assert!(a.len() as u64 <= max + 1, "{span} {max}: {a:?}");
            assert!(a.iter().all(|(_, l)| l.len() <= 8), "{a:?}");
        }
    }
}
