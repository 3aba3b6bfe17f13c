//! The playground page's reducer (`stsplay::ui`), natively: what each message changes, and
//! which effects it asks of the browser (frames, timers, storage, the clipboard, the theme).
//! The Yew component only carries these effects out.

use stsplay::editing::Kind;
use stsplay::ui::shortcuts::{self, SHORTCUTS};
use stsplay::ui::state::{Effect, Init, Modal, Msg, STORAGE_KEY, State, THEME_KEY};

/// Natively the terminal is always there; the web app loads it later (see below).
fn open(init: Init) -> (State, Vec<Effect>) {
    State::new(Init {
        terminal: true,
        ..init
    })
}

fn fresh() -> State {
    open(Init {
        reduced_motion: true,
        ..Init::default()
    })
    .0
}

/// The effects other than storing the session (which most changes ask for).
fn effects(fx: &[Effect]) -> Vec<&Effect> {
    fx.iter()
        .filter(|e| !matches!(e, Effect::Store { key, .. } if *key == STORAGE_KEY))
        .collect()
}

fn pod_names(s: &State) -> Vec<String> {
    s.frame
        .sets
        .iter()
        .flat_map(|set| set.pods.iter().map(|p| p.name.clone()))
        .collect()
}

#[test]
fn a_first_visit_opens_the_lab_and_plays() {
    let (s, fx) = open(Init::default());
    assert_eq!(s.scenario.as_deref(), Some("lab"));
    assert!(s.playing);
    assert_eq!(
        fx,
        vec![
            Effect::Embedded(false),
            Effect::Theme(String::new()),
            Effect::Store {
                key: STORAGE_KEY,
                value: s.fragment.clone()
            },
            Effect::RequestFrame,
        ]
    );
    // Less motion asked for: it waits to be played.
    let (s, fx) = open(Init {
        reduced_motion: true,
        ..Init::default()
    });
    assert!(!s.playing && !fx.contains(&Effect::RequestFrame));
}

#[test]
fn a_damaged_link_shows_a_banner_that_dismiss_removes() {
    let (mut s, _) = open(Init {
        hash: "s=not-a-real-state".into(),
        reduced_motion: true,
        ..Init::default()
    });
    let banner = s.banner.clone().expect("a banner says why");
    assert!(
        banner.starts_with("This link could not be opened: "),
        "{banner}"
    );
    assert_eq!(s.scenario.as_deref(), Some("lab"), "the default instead");
    // A toast's timer running out does not touch the banner ...
    s.apply(Msg::Copied("DNS name", true));
    s.apply(Msg::ToastExpired(1));
    assert!(s.banner.is_some());
    // ... its Dismiss button does.
    let fx = s.apply(Msg::DismissBanner);
    assert_eq!(s.banner, None);
    assert_eq!(effects(&fx), [&Effect::Render]);
}

#[test]
fn a_saved_session_is_restored_unless_the_address_names_a_scenario() {
    let mut first = fresh();
    first.apply(Msg::Run("kubectl scale sts visits --replicas=1".into()));
    let saved = Some(first.fragment.clone());
    let (s, _) = open(Init {
        saved: saved.clone(),
        reduced_motion: true,
        ..Init::default()
    });
    assert_eq!(s.pg.journal_lines(), first.pg.journal_lines());
    let (s, _) = open(Init {
        search: "scenario=web".into(),
        saved,
        reduced_motion: true,
        ..Init::default()
    });
    assert_eq!(s.scenario.as_deref(), Some("web"));
    assert!(s.pg.journal.is_empty());
}

#[test]
fn an_edit_is_simulated_once_its_debounce_runs_out() {
    let mut s = fresh();
    let text = stsplay::scenario::builtin("web")
        .expect("web")
        .text
        .replace("replicas: 2", "replicas: 4");
    let len = text.encode_utf16().count() as u32;
    let fx = s.apply(Msg::Edited(text, len, len, Kind::Other));
    assert!(fx.contains(&Effect::Rebuild {
        generation: 1,
        after_ms: 120
    }));
    assert!(
        s.rebuild_pending(),
        "the world is the old text's until then"
    );
    assert!(pod_names(&s).iter().all(|p| p.starts_with("visits-")));
    // A second edit supersedes the first one's timer.
    let text2 = s.buffer.text().replace("replicas: 4", "replicas: 3");
    s.apply(Msg::Edited(text2, len, len, Kind::Other));
    assert!(effects(&s.apply(Msg::Rebuild(1))).is_empty(), "stale");
    assert!(s.rebuild_pending());
    let fx = s.apply(Msg::Rebuild(2));
    assert!(fx.contains(&Effect::Render));
    assert!(!s.rebuild_pending());
    let set = &s.frame.sets[0];
    assert_eq!((set.name.as_str(), set.desired), ("web", 3));
    assert_eq!(pod_names(&s), ["web-0"], "OrderedReady: one at a time");
}

#[test]
fn a_toast_goes_when_its_own_timer_runs_out() {
    let mut s = fresh();
    assert_eq!(
        s.apply(Msg::Copy("web-0.nginx".into(), "DNS name")),
        [Effect::Copy {
            text: "web-0.nginx".into(),
            what: "DNS name"
        }]
    );
    let fx = s.apply(Msg::Copied("DNS name", true));
    assert_eq!(s.toast.as_deref(), Some("DNS name copied"));
    assert!(fx.contains(&Effect::ExpireToast {
        generation: 1,
        after_ms: 2500
    }));
    s.apply(Msg::Copied("Link", false));
    assert_eq!(
        s.toast.as_deref(),
        Some("Copying is not allowed here: select the text and copy it")
    );
    assert!(
        effects(&s.apply(Msg::ToastExpired(1))).is_empty(),
        "the first toast's timer does not end the second"
    );
    assert!(s.toast.is_some());
    s.apply(Msg::ToastExpired(2));
    assert_eq!(s.toast, None);
}

#[test]
fn playing_asks_for_frames_until_the_world_rests() {
    let mut s = fresh();
    let fx = s.apply(Msg::TogglePlay);
    assert!(s.playing && fx.contains(&Effect::RequestFrame));
    // The first frame only starts the clock; the next moves it by real time × speed (5×).
    s.apply(Msg::Frame(1000.0));
    assert_eq!(s.pg.now(), 0);
    let fx = s.apply(Msg::Frame(1100.0));
    assert_eq!(s.pg.now(), 500);
    assert!(fx.contains(&Effect::RequestFrame));
    assert!(
        !fx.iter().any(|e| matches!(e, Effect::Store { .. })),
        "frames are not saved"
    );
    // Far past the end of the axis: it stops there.
    let mut t = 1100.0;
    while s.playing {
        t += 250.0;
        s.apply(Msg::Frame(t));
        assert!(t < 1e7, "never stopped");
    }
    assert_eq!(s.pg.now(), s.span);
    // A frame that fires after pausing does nothing.
    assert!(s.apply(Msg::Frame(t + 16.0)).is_empty());
    let fx = s.apply(Msg::TogglePlay);
    assert_eq!(s.pg.now(), 0, "playing again from the end starts over");
    assert!(fx.contains(&Effect::RequestFrame));
    let fx = s.apply(Msg::TogglePlay);
    assert!(fx.contains(&Effect::CancelFrame));
}

#[test]
fn shortcuts_act_as_the_messages_they_stand_for() {
    let mut s = fresh();
    s.apply(Msg::Shortcut("4".into()));
    assert_eq!(s.speed, 10);
    s.apply(Msg::Shortcut("Shift+ArrowRight".into()));
    assert_eq!(s.pg.now(), 10_000);
    s.apply(Msg::Shortcut("ArrowLeft".into()));
    assert_eq!(s.pg.now(), 9_000);
    let fx = s.apply(Msg::Shortcut("+".into()));
    assert_eq!(
        s.pg.journal_lines().last().map(|(_, l)| l.as_str()),
        Some("kubectl scale sts visits --replicas=4")
    );
    assert!(
        fx.iter().any(|e| matches!(e, Effect::Store { .. })),
        "a change made by shortcut is saved like any other"
    );
    assert!(
        s.apply(Msg::Shortcut("Escape".into())).is_empty(),
        "no dialog"
    );
    s.apply(Msg::Shortcut("?".into()));
    assert_eq!(s.modal, Some(Modal::Help));
    s.apply(Msg::Shortcut("Escape".into()));
    assert_eq!(s.modal, None);
    assert!(s.apply(Msg::Shortcut("x".into())).is_empty());
}

#[test]
fn the_shortcut_table_is_one_key_one_action() {
    let mut keys: Vec<&str> = SHORTCUTS
        .iter()
        .flat_map(|s| s.keys.iter().map(|(k, _)| *k))
        .collect();
    let n = keys.len();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), n, "a key listed twice");
    assert_eq!(shortcuts::action("k"), Some(shortcuts::Action::TogglePlay));
}

#[test]
fn the_theme_is_applied_and_remembered() {
    let mut s = fresh();
    let fx = s.apply(Msg::Theme("dark".into()));
    assert_eq!(
        effects(&fx),
        [
            &Effect::Theme("dark".into()),
            &Effect::Store {
                key: THEME_KEY,
                value: "dark".into()
            },
            &Effect::Render
        ]
    );
}

#[test]
fn sharing_puts_the_state_in_the_address() {
    let mut s = fresh();
    s.apply(Msg::Run("kubectl delete pod visits-0".into()));
    let fx = s.apply(Msg::Open(Modal::Share));
    assert!(fx.contains(&Effect::SetFragment(s.fragment.clone())));
    let restored = stsplay::share::decode(&s.fragment).expect("decodes");
    assert_eq!(restored.journal, s.pg.journal_lines());
    // An embedded page keeps nothing in storage.
    let (mut e, fx) = open(Init {
        search: "embed=1".into(),
        reduced_motion: true,
        ..Init::default()
    });
    assert!(fx.contains(&Effect::Embedded(true)));
    let fx = e.apply(Msg::Run("kubectl get pods".into()));
    assert!(!fx.iter().any(|e| matches!(e, Effect::Store { .. })));
}

#[test]
fn the_rest_of_the_page_and_the_terminal_follow_the_first_screen() {
    let (mut s, fx) = State::new(Init {
        reduced_motion: true,
        ..Init::default()
    });
    assert!(!s.whole_page, "the first screen alone first");
    assert!(!fx.contains(&Effect::LoadTerminal));
    let fx = s.apply(Msg::FirstScreenShown);
    assert!(s.whole_page);
    assert_eq!(fx, [Effect::LoadTerminal, Effect::Render], "no save either");
    assert!(s.apply(Msg::FirstScreenShown).is_empty(), "only once");
    // Loaded before the first screen was painted (a command asked for it): nothing to load.
    let (mut s, _) = State::new(Init {
        reduced_motion: true,
        ..Init::default()
    });
    s.apply(Msg::Run("kubectl get pods".into()));
    s.apply(Msg::TerminalLoaded);
    assert_eq!(s.apply(Msg::FirstScreenShown), [Effect::Render]);
}

#[test]
fn commands_wait_for_the_terminal_to_load() {
    let (mut s, fx) = State::new(Init {
        reduced_motion: true,
        ..Init::default()
    });
    assert!(!fx.contains(&Effect::LoadTerminal), "nothing needs it yet");
    let fx = s.apply(Msg::Run("kubectl scale sts visits --replicas=1".into()));
    assert_eq!(effects(&fx), [&Effect::LoadTerminal]);
    s.apply(Msg::Complete("kubectl ge".into(), 10));
    assert!(s.pg.journal.is_empty(), "not run yet");
    let fx = s.apply(Msg::TerminalLoaded);
    assert!(fx.contains(&Effect::Render));
    assert_eq!(
        s.pg.journal_lines(),
        [(0, "kubectl scale sts visits --replicas=1".to_string())]
    );
    assert_eq!(s.completion.candidates, ["get"], "in the order asked");
}

#[test]
fn a_shared_moment_is_restored_once_the_terminal_has_loaded() {
    let mut first = fresh();
    first.apply(Msg::Seek(20_000));
    first.apply(Msg::Run("kubectl delete pod visits-0".into()));
    let (mut s, fx) = State::new(Init {
        hash: first.fragment.clone(),
        reduced_motion: true,
        ..Init::default()
    });
    assert!(fx.contains(&Effect::LoadTerminal));
    assert!(
        !fx.iter().any(|e| matches!(e, Effect::Store { .. })),
        "the shared journal is not saved over while it waits"
    );
    assert_eq!(s.pg.now(), 0);
    s.apply(Msg::TerminalLoaded);
    assert_eq!(s.pg.journal_lines(), first.pg.journal_lines());
    assert_eq!(s.pg.now(), first.pg.now());
}

fn diagnostic_lines(s: &State) -> Vec<String> {
    s.editor_diagnostics()
        .iter()
        .map(|d| format!("{}:{} {}", d.span.start.line, d.span.start.column, d.code))
        .collect()
}

#[test]
fn a_chart_opens_renders_and_runs() {
    let mut s = fresh();
    s.apply(Msg::OpenChart("visits".into()));
    let c = s.chart.as_ref().expect("chart mode");
    assert_eq!(c.active_path(), "values.yaml");
    assert!(c.view.failure.is_none(), "{:?}", c.view.failure);
    assert!(c.view.manifest.contains("kind: StatefulSet"));
    s.apply(Msg::SkipToEnd);
    assert_eq!(
        pod_names(&s),
        ["my-app-visits-0", "my-app-visits-1", "my-app-visits-2"]
    );
    // A --set changes the release: two replicas.
    s.apply(Msg::ChartSets("replicaCount=2".into()));
    let g = s.edits();
    s.apply(Msg::Rebuild(g));
    s.apply(Msg::SkipToEnd);
    assert_eq!(pod_names(&s), ["my-app-visits-0", "my-app-visits-1"]);
}

#[test]
fn chart_diagnostics_sit_on_template_lines() {
    let mut s = fresh();
    s.apply(Msg::OpenChart("visits".into()));
    s.apply(Msg::ChartSets("image.pullPolicy=Sometimes".into()));
    // values.yaml is shown: the error is in the template, listed with its file.
    assert!(
        diagnostic_lines(&s).is_empty(),
        "{:?}",
        diagnostic_lines(&s)
    );
    let files = s.diagnostic_files();
    let d = s
        .diagnostics
        .iter()
        .find(|d| d.code == "image-pull-policy")
        .expect("the error");
    assert_eq!(files[d.file], "templates/statefulset.yaml");
    s.apply(Msg::JumpToFile("templates/statefulset.yaml".into(), 30, 31));
    assert_eq!(
        s.chart.as_ref().map(|c| c.active_path()),
        Some("templates/statefulset.yaml")
    );
    assert!(diagnostic_lines(&s).contains(&"30:31 image-pull-policy".to_string()));
    // A render error is a diagnostic too, and nothing runs.
    s.apply(Msg::ChartSets("env=3".into()));
    assert!(
        s.diagnostics.iter().any(|d| d.code == "template-error"),
        "{:?}",
        s.diagnostics
    );
}

#[test]
fn editing_a_template_rerenders_and_links_survive() {
    let mut s = fresh();
    s.apply(Msg::OpenChart("helm-create".into()));
    let i = s
        .chart
        .as_ref()
        .and_then(|c| c.spec.files.iter().position(|(p, _)| p == "values.yaml"))
        .expect("values.yaml");
    s.apply(Msg::ChartFile(i));
    let text = s
        .buffer
        .text()
        .replace("replicaCount: 1", "replicaCount: 4");
    s.apply(Msg::Edited(text.clone(), 0, 0, Kind::Typing));
    let c = s.chart.as_ref().expect("chart");
    assert!(
        c.view.rendered.contains("replicas: 4"),
        "{}",
        c.view.rendered
    );
    // Every line of a template's output links to a template line.
    let dep = c
        .view
        .rendered
        .lines()
        .position(|l| l == "kind: Deployment")
        .expect("a Deployment");
    assert_eq!(
        c.view.links[dep],
        Some(("templates/deployment.yaml".to_string(), 2))
    );
    // A share link carries the chart.
    let shared = s.shared();
    let chart = shared.chart.expect("chart in the link");
    assert!(
        chart
            .files
            .iter()
            .any(|(_, t)| t.contains("replicaCount: 4"))
    );
    let (back, _) = open(Init {
        hash: s.fragment.clone(),
        reduced_motion: true,
        ..Init::default()
    });
    assert!(
        back.chart
            .as_ref()
            .is_some_and(|c| c.view.rendered.contains("replicas: 4"))
    );
    // Leaving the chart keeps its rendered manifest as plain YAML.
    s.apply(Msg::CloseChart);
    assert!(s.chart.is_none());
    assert!(s.buffer.text().contains("kind: Deployment"));
}

/// The resource view says what runs in each container and why; choosing another program
/// starts the world again with it, and the choice travels in the share link and the saved
/// session, not in the manifest.
#[test]
fn what_runs_in_a_container_is_shown_and_chosen() {
    let mut s = fresh();
    let runs = |s: &State| s.frame.sets[0].runs.clone();
    let r = &runs(&s)[0];
    assert_eq!(
        (r.container.as_str(), r.program.as_str(), r.tools.as_str()),
        ("app", "visits", "image")
    );
    assert_eq!(r.why, "the lab's counter, in /data/visits");
    let text = s.buffer.text().to_string();
    s.apply(Msg::Program("app".into(), "crash".into()));
    s.apply(Msg::Tools("app".into(), "none".into()));
    let r = &runs(&s)[0];
    assert_eq!(
        (r.program.as_str(), r.tools.as_str(), r.why.as_str()),
        ("crash", "none", "chosen")
    );
    assert_eq!(s.buffer.text(), text, "the manifest is not edited");
    s.apply(Msg::Seek(90_000));
    assert!(
        s.frame.sets[0]
            .pods
            .iter()
            .any(|p| p.status == "CrashLoopBackOff"),
        "{:?}",
        s.frame.sets[0]
            .pods
            .iter()
            .map(|p| &p.status)
            .collect::<Vec<_>>()
    );
    let out =
        s.pg.clone()
            .session
            .run("kubectl exec visits-0 -- cat /data/visits");
    assert!(out.stderr().contains("executable file not found") || out.code != 0);
    // A link, or the next visit, opens with the same choices.
    s.apply(Msg::Open(Modal::Share));
    let (again, _) = open(Init {
        hash: s.fragment.clone(),
        reduced_motion: true,
        ..Init::default()
    });
    assert_eq!(again.choices, s.choices);
    assert_eq!(runs(&again)[0].program, "crash");
    // Undo puts back the choice before the last one.
    assert!(s.can_undo_choice());
    s.apply(Msg::UndoChoice);
    assert_eq!(
        (runs(&s)[0].program.as_str(), runs(&s)[0].tools.as_str()),
        ("crash", "image")
    );
    // Back to what the image says; another scenario starts without choices.
    s.apply(Msg::Tools("app".into(), "image".into()));
    assert_eq!(runs(&s)[0].tools, "image");
    s.apply(Msg::LoadScenario("web".into()));
    assert!(s.choices.programs.is_empty() && s.choices.tools.is_empty());
    assert!(!s.can_undo_choice());
}

/// A URL minikube printed opens the visit panel: each visit is a request through the tunnel,
/// journaled like a typed `curl`, and the panel names the pod that answered it.
#[test]
fn the_visit_panel_sends_requests_and_names_the_pod_that_answered() {
    let mut s = fresh();
    s.apply(Msg::Seek(60_000));
    s.apply(Msg::Run("minikube service visits-np --url".into()));
    let out =
        s.pg.journal
            .last()
            .expect("ran")
            .output
            .text(stsplay::shell::Stream::Out);
    let (a, b) = stsplay::ui::state::visit_urls(&out)[0];
    let url = out[a..b].to_string();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    s.apply(Msg::OpenVisit(url.clone()));
    for _ in 0..4 {
        s.apply(Msg::Visit);
    }
    let panel = s.visit.clone().expect("open");
    assert_eq!(panel.url, url);
    assert_eq!(panel.answers.len(), 4);
    for (pod, answer) in &panel.answers {
        let pod = pod.as_deref().expect("a pod answered");
        assert!(
            answer.starts_with(&format!("Hello from {pod}!")),
            "{pod}: {answer}"
        );
    }
    let pods: std::collections::BTreeSet<_> =
        panel.answers.iter().map(|(p, _)| p.clone()).collect();
    assert!(pods.len() > 1, "kube-proxy spreads the visits: {pods:?}");
    assert_eq!(
        s.pg.journal_lines().last().map(|(_, l)| l.clone()),
        Some(format!("curl -s {url}"))
    );
    s.apply(Msg::CloseVisit);
    assert!(s.visit.is_none());
}

/// A name long enough that the revision label passes 63 characters: the resource view shows the
/// wanted pods as refused, with the API server's error, instead of "Not created yet"
/// (`derive::pod_create_error`, the same check the simulated API server makes).
#[test]
fn pods_the_api_server_refuses_are_shown_with_its_error() {
    let mut s = fresh();
    let long = "a-statefulset-name-of-fifty-six-characters-for-the-label";
    let text = stsplay::scenario::builtin("web")
        .expect("web")
        .text
        .replacen(
            "metadata:\n  name: web\n",
            &format!("metadata:\n  name: {long}\n"),
            1,
        );
    assert!(text.contains(long));
    let len = text.encode_utf16().count() as u32;
    s.apply(Msg::Edited(text, len, len, Kind::Other));
    s.apply(Msg::Rebuild(1));
    let set = &s.frame.sets[0];
    assert_eq!(set.name, long);
    assert!(set.pods.is_empty(), "no pod is ever created");
    let first = &set.planned[0];
    assert_eq!(first.status, "Cannot be created");
    let error = first.create_error.as_deref().unwrap_or_default();
    assert!(
        error.starts_with(&format!(
            "Pod \"{long}-0\" is invalid: metadata.labels: Invalid value: \"{long}-"
        )),
        "{error}"
    );
    assert!(error.ends_with("must be no more than 63 characters"));
}

/// The Kubernetes version is a setting of the page: the world starts again behaving like that
/// release (kubectl's wording, the controller's rules, the validation), a link carries it, and
/// an address can name it for a course's cluster (`?kubernetes=1.30`).
#[test]
fn the_kubernetes_version_is_chosen_shared_and_named_in_the_address() {
    let mut s = fresh();
    assert_eq!(s.kubernetes, 36);
    assert_eq!(
        said(&mut s, "kubectl delete pod visits-0"),
        "pod \"visits-0\" deleted from default namespace\n"
    );
    assert!(
        effects(&s.apply(Msg::Kubernetes(99))).is_empty(),
        "not a version the page offers"
    );
    s.apply(Msg::Kubernetes(33));
    assert_eq!(s.kubernetes, 33);
    assert!(s.pg.journal.is_empty(), "the world starts again");
    assert_eq!(
        said(&mut s, "kubectl delete pod visits-0"),
        "pod \"visits-0\" deleted\n"
    );
    assert_eq!(
        said(&mut s, "kubectl version"),
        said(&mut s, "kubectl version")
    );
    assert!(said(&mut s, "kubectl get nodes").contains("v1.33.0"));
    let shared = s.shared();
    assert_eq!(shared.kubernetes, Some(33));
    let (linked, _) = open(Init {
        hash: stsplay::share::encode(&shared),
        reduced_motion: true,
        ..Init::default()
    });
    assert_eq!(linked.kubernetes, 33);
    let (course, _) = open(Init {
        search: "scenario=web&kubernetes=1.30".into(),
        reduced_motion: true,
        ..Init::default()
    });
    assert_eq!(course.kubernetes, 30);
    assert_eq!(course.shared().kubernetes, Some(30));
    // The default is not written into links.
    s.apply(Msg::Kubernetes(36));
    assert_eq!(s.shared().kubernetes, None);
}

/// A long `sleep` runs in slices, the page answering between them (`Effect::ContinueWait`),
/// with how far it has got; what arrives meanwhile runs after it, in order; the world it
/// leaves, and the journal, are those of running it at once (a share link's replay).
#[test]
fn a_long_sleep_runs_in_slices_and_ends_where_running_it_at_once_ends() {
    let mut s = fresh();
    // Crash-looping pods: a week of restarts is real work, more than one slice.
    s.apply(Msg::Program("app".into(), "crash".into()));
    s.apply(Msg::Run("kubectl scale sts visits --replicas=3".into()));
    let t0 = s.pg.now();
    let fx = s.apply(Msg::Run("sleep 604800".into()));
    assert!(fx.contains(&Effect::ContinueWait));
    assert!(s.wait.is_some());
    // Typed during the wait: kept for afterwards.
    s.apply(Msg::Run("kubectl get pods".into()));
    assert_eq!(s.pg.journal.len(), 1, "nothing journaled yet");
    let mut slices = 0;
    loop {
        slices += 1;
        assert!(slices < 100_000, "the wait ends");
        let fx = s.apply(Msg::WaitSlice);
        if !fx.contains(&Effect::ContinueWait) {
            break;
        }
        let (w, _) = s.wait.as_ref().expect("still waiting");
        assert!(
            w.now() > t0 && w.now() < t0 + 604_800_000,
            "time passes slice by slice"
        );
    }
    assert!(s.wait.is_none());
    let lines: Vec<(u64, String)> = s.pg.journal_lines();
    assert_eq!(
        lines,
        [
            (t0, "kubectl scale sts visits --replicas=3".to_string()),
            (t0, "sleep 604800".to_string()),
            (t0 + 604_800_000, "kubectl get pods".to_string()),
        ]
    );
    assert_eq!(s.pg.now(), t0 + 604_800_000);
    assert!(slices > 1, "{slices} slices");
    // The same journal replayed at once (as a share link opens) gives the same world.
    let replayed = replay(&s, &lines);
    assert_eq!(
        replayed.session.sim.state_json(),
        s.pg.session.sim.state_json()
    );
    assert_eq!(
        replayed.session.sim.json_lines(0),
        s.pg.session.sim.json_lines(0)
    );
    // Short sleeps still run at once.
    let fx = s.apply(Msg::Run("sleep 5".into()));
    assert!(!fx.contains(&Effect::ContinueWait));
}

/// A chart set to helm 3 has helm 3 in the terminal: the install that made the world printed
/// helm 3's block (no DESCRIPTION), `helm version` names v3.17.2, and switching back to helm 4
/// starts the world again under helm 4.
#[test]
fn the_charts_helm_version_is_the_terminals_helm() {
    let preamble = |s: &State| {
        s.pg.preamble
            .iter()
            .flat_map(|e| e.output.chunks.iter().map(|(_, t)| t.clone()))
            .collect::<String>()
    };
    let mut s = fresh();
    s.apply(Msg::OpenChart("visits".into()));
    assert!(preamble(&s).contains("DESCRIPTION: Install complete"));
    s.apply(Msg::ChartVersion(3));
    let g = s.edits();
    s.apply(Msg::Rebuild(g));
    let install = preamble(&s);
    assert!(install.contains("STATUS: deployed"), "{install}");
    assert!(!install.contains("DESCRIPTION"), "{install}");
    assert!(said(&mut s, "helm version --short").starts_with("v3.17.2"));
    assert!(said(&mut s, "helm list -a").contains("deployed"));
    s.apply(Msg::ChartVersion(4));
    let g = s.edits();
    s.apply(Msg::Rebuild(g));
    assert!(said(&mut s, "helm version --short").starts_with("v4.2.3"));
}

/// What running `line` in the terminal printed.
fn said(s: &mut State, line: &str) -> String {
    s.apply(Msg::Run(line.into()));
    let e = s.pg.journal.last().expect("ran");
    e.output.chunks.iter().map(|(_, t)| t.as_str()).collect()
}

/// A here-document typed in the page's terminal: its lines, blank and indented ones too, are
/// kept until the delimiter, shown after bash's `> ` prompt, then run as one command; a
/// `sleep` among them is text, not a wait.
#[test]
fn a_here_document_runs_at_its_delimiter() {
    let mut s = fresh();
    for line in [
        "cat <<EOF > notes.txt",
        "  indented",
        "",
        "sleep 600",
        "EOF",
    ] {
        let fx = s.apply(Msg::Run(line.into()));
        assert!(
            !fx.iter().any(|e| matches!(e, Effect::ContinueWait)),
            "{line}: {fx:?}"
        );
    }
    let lines: Vec<&str> = s.pg.journal.iter().map(|e| e.line.as_str()).collect();
    assert_eq!(
        lines[lines.len() - 5..],
        [
            "cat <<EOF > notes.txt",
            "  indented",
            "",
            "sleep 600",
            "EOF"
        ]
    );
    assert!(s.pg.journal[s.pg.journal.len() - 2].output.more);
    assert_eq!(said(&mut s, "cat notes.txt"), "  indented\n\nsleep 600\n");
}

/// A line that leaves a command open (a quote, a trailing `\`) reads on at bash's `> `;
/// Ctrl-C (the terminal's `INTERRUPT` line) drops it. Both are journaled, so a share link
/// replays the same.
#[test]
fn ctrl_c_drops_an_open_command_and_replays() {
    let mut s = fresh();
    s.apply(Msg::Run("echo 'never closed".into()));
    assert!(s.pg.session.continuing());
    s.apply(Msg::Run(stsplay::kubectl::INTERRUPT.into()));
    assert!(!s.pg.session.continuing());
    s.apply(Msg::Run("echo $?".into()));
    let last = s.pg.journal.last().expect("journaled");
    assert_eq!(last.output.stdout(), "130\n");
    s.apply(Msg::Run("kubectl get sts visits \\".into()));
    assert!(s.pg.session.continuing());
    s.apply(Msg::Run("  -o name".into()));
    assert_eq!(
        s.pg.journal.last().expect("ran").output.stdout(),
        "statefulset.apps/visits\n"
    );
    let replayed = replay(&s, &s.pg.journal_lines());
    let outputs =
        |j: &[stsplay::playground::Entry]| j.iter().map(|e| e.output.stdout()).collect::<Vec<_>>();
    assert_eq!(outputs(&replayed.journal), outputs(&s.pg.journal));
}

#[test]
fn an_interactive_shell_in_a_pod_takes_the_lines_until_exit_and_replays() {
    let mut s = fresh();
    s.apply(Msg::Run("sleep 30".into()));
    s.apply(Msg::Run("kubectl exec -it visits-0 -- sh".into()));
    let prompt = |s: &State| s.pg.journal.last().and_then(|e| e.output.prompt.clone());
    let inside = prompt(&s).expect("attached to the container's shell");
    assert!(inside.ends_with("# "), "a root shell's prompt: {inside:?}");
    s.apply(Msg::Run("hostname".into()));
    assert_eq!(
        s.pg.journal.last().expect("ran").output.stdout(),
        "visits-0\n"
    );
    assert_eq!(prompt(&s).as_deref(), Some(inside.as_str()));
    s.apply(Msg::Run("exit 3".into()));
    assert_eq!(prompt(&s), None, "back at the terminal's own prompt");
    s.apply(Msg::Run("echo $?".into()));
    assert_eq!(s.pg.journal.last().expect("ran").output.stdout(), "3\n");
    let replayed = replay(&s, &s.pg.journal_lines());
    let outputs = |j: &[stsplay::playground::Entry]| {
        j.iter()
            .map(|e| (e.output.stdout(), e.output.prompt.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(outputs(&replayed.journal), outputs(&s.pg.journal));
}

/// The state's text, seed and machine with `lines` replayed at once, the cursor at its time
/// (as a share link opens).
fn replay(s: &State, lines: &[(u64, String)]) -> stsplay::playground::Playground {
    stsplay::playground::Playground::replay(
        &s.pg.text,
        s.pg.seed,
        None,
        &s.machine(),
        lines,
        s.pg.now(),
    )
}
