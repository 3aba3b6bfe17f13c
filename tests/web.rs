//! Component tests in headless Chromium (wasm-bindgen-test): render the real app into a fresh
//! element, act as a user would (typing, keys, clicks), then read the DOM. Run by `.ci/test`.
#![cfg(target_arch = "wasm32")]

use stsplay::web::app::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{
    Element, HtmlElement, HtmlInputElement, HtmlTextAreaElement, KeyboardEvent, KeyboardEventInit,
};

wasm_bindgen_test_configure!(run_in_browser);

const WEB: &str = include_str!("../static/scenarios/web.yaml");

/// Yields to the browser (the renderer and timers run) before checking again.
async fn tick() {
    gloo::timers::future::TimeoutFuture::new(10).await;
}

/// How long a condition may take to hold before the test fails: generous, since a loaded
/// machine is slow. Tests never sleep a fixed time and then assert.
const DEADLINE_MS: f64 = 30_000.0;

/// Waits until `holds()` (or fails after [`DEADLINE_MS`], saying what was awaited).
async fn until(what: &str, holds: impl Fn() -> bool) {
    let start = js_sys::Date::now();
    while !holds() {
        assert!(
            js_sys::Date::now() - start < DEADLINE_MS,
            "still waiting for: {what}"
        );
        tick().await;
    }
}

/// The app's element and what it says of its state.
fn app_attr(root: &Element, name: &str) -> String {
    root.query_selector("[data-testid=\"app\"]")
        .ok()
        .flatten()
        .and_then(|a| a.get_attribute(name))
        .unwrap_or_default()
}

/// Waits until the resource view shows the world of the last edit (the app counts edits on
/// its element, the view says which edit its cards belong to on its own).
async fn settled(root: &Element) {
    until("the resource view to show the last edit", || {
        let shown = root
            .query_selector("[data-built]")
            .ok()
            .flatten()
            .and_then(|v| v.get_attribute("data-built"));
        shown.is_some_and(|b| b == app_attr(root, "data-edits"))
    })
    .await;
}

/// A fresh app (no saved session) in its own element, rendered.
async fn mount() -> Element {
    if let Ok(Some(s)) = gloo::utils::window().local_storage() {
        let _ = s.clear();
    }
    let document = gloo::utils::document();
    let root = document.create_element("div").expect("div");
    gloo::utils::body().append_child(&root).expect("append");
    yew::Renderer::<App>::with_root(root.clone()).render();
    until("the app to render its pods", || {
        !texts(&root, "pod-name").is_empty()
    })
    .await;
    // The sections below the first screen follow once it is painted.
    until("the whole page", || app_attr(&root, "data-page") == "whole").await;
    root
}

fn by_testid(root: &Element, id: &str) -> Vec<Element> {
    let list = root
        .query_selector_all(&format!("[data-testid=\"{id}\"]"))
        .expect("query");
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
        .collect()
}

fn texts(root: &Element, id: &str) -> Vec<String> {
    by_testid(root, id)
        .iter()
        .map(|e| e.text_content().unwrap_or_default().trim().to_string())
        .collect()
}

fn editor(root: &Element) -> HtmlTextAreaElement {
    by_testid(root, "editor")
        .remove(0)
        .dyn_into()
        .expect("textarea")
}

async fn type_text(root: &Element, text: &str) {
    input_as(root, text, "insertText").await;
}

/// Waits until `read` returns `want` (the simulation is rebuilt shortly after the last
/// keystroke; a busy machine may take longer), then asserts.
async fn eventually<T: PartialEq + std::fmt::Debug>(read: impl Fn() -> T, want: T) {
    let start = js_sys::Date::now();
    while read() != want && js_sys::Date::now() - start < DEADLINE_MS {
        tick().await;
    }
    assert_eq!(read(), want);
}

fn key(target: &HtmlElement, key: &str, shift: bool) {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_shift_key(shift);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let ev = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).expect("event");
    target.dispatch_event(&ev).expect("dispatch");
}

#[wasm_bindgen_test]
async fn the_lab_opens_with_its_pods_names_and_claims() {
    let root = mount().await;
    assert_eq!(
        texts(&root, "pod-name"),
        ["visits-0", "visits-1", "visits-2"]
    );
    let dns = texts(&root, "pod-dns");
    assert_eq!(dns[1], "visits-1.visits.default.svc.cluster.local");
    let pvcs = texts(&root, "pod-pvcs");
    assert!(
        pvcs[2].starts_with("data-visits-2 · 100Mi · RWO"),
        "{pvcs:?}"
    );
    // The scenario panel offers the next step (it renders on its own).
    eventually(|| texts(&root, "story-step").len(), 1).await;
}

#[wasm_bindgen_test]
async fn editing_updates_the_pods() {
    let root = mount().await;
    type_text(&root, &WEB.replace("replicas: 2", "replicas: 5")).await;
    settled(&root).await;
    assert_eq!(
        texts(&root, "pod-name"),
        ["web-0", "web-1", "web-2", "web-3", "web-4"]
    );
}

#[wasm_bindgen_test]
async fn yaml_errors_show_line_and_column_and_jump_there() {
    let root = mount().await;
    let text = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\n spec: x\n";
    type_text(&root, text).await;
    eventually(|| texts(&root, "problem-location"), vec!["5:2".to_string()]).await;
    let button: HtmlElement = by_testid(&root, "problem")[0]
        .query_selector("button")
        .ok()
        .flatten()
        .and_then(|b| b.dyn_into().ok())
        .expect("button");
    button.click();
    // The cursor goes to line 5, column 2.
    eventually(
        || editor(&root).selection_start().ok().flatten().unwrap_or(0) as usize,
        text.find(" spec").unwrap_or(0) + 1,
    )
    .await;
    // The gutter marks the line, in a symbol as well as a colour.
    let marked = root
        .query_selector(".ln.marked")
        .ok()
        .flatten()
        .expect("marked line");
    assert!(marked.text_content().unwrap_or_default().contains('5'));
}

#[wasm_bindgen_test]
async fn tab_indents_with_spaces_and_undo_reverts() {
    let root = mount().await;
    type_text(&root, "spec:\n").await;
    let e = editor(&root);
    let _ = e.set_selection_range(6, 6);
    key(&e, "Tab", false);
    eventually(|| editor(&root).value(), "spec:\n  ".to_string()).await;
    key(&editor(&root), "Enter", false);
    eventually(|| editor(&root).value(), "spec:\n  \n  ".to_string()).await;
    // Undo (Ctrl+Z) goes back one edit at a time.
    ctrl_z(&root);
    eventually(|| editor(&root).value(), "spec:\n  ".to_string()).await;
}

/// Types `text` as the browser reports `how` (`insertText`, `insertFromPaste`, ...), and
/// waits until the app has taken the edit.
async fn input_as(root: &Element, text: &str, how: &str) {
    let edits = app_attr(root, "data-edits");
    let e = editor(root);
    e.set_value(text);
    let _ = e.set_selection_range(text.len() as u32, text.len() as u32);
    let init = web_sys::InputEventInit::new();
    init.set_input_type(how);
    init.set_bubbles(true);
    let event = web_sys::InputEvent::new_with_event_init_dict("input", &init).expect("event");
    e.dispatch_event(&event).expect("dispatch");
    until("the app to take the edit", || {
        app_attr(root, "data-edits") != edits
    })
    .await;
}

fn ctrl_z(root: &Element) {
    let init = KeyboardEventInit::new();
    init.set_key("z");
    init.set_ctrl_key(true);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let ev = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).expect("event");
    editor(root).dispatch_event(&ev).expect("dispatch");
}

#[wasm_bindgen_test]
async fn a_paste_is_undone_on_its_own_and_typing_in_one_step() {
    let root = mount().await;
    let initial = editor(&root).value();
    input_as(&root, "kind", "insertText").await;
    input_as(&root, "kind: Pod", "insertText").await;
    input_as(&root, "kind: Pod# pasted", "insertFromPaste").await;
    input_as(&root, "kind: Pod# pasted!", "insertText").await;
    ctrl_z(&root);
    eventually(|| editor(&root).value(), "kind: Pod# pasted".to_string()).await;
    // The paste alone is undone ...
    ctrl_z(&root);
    eventually(|| editor(&root).value(), "kind: Pod".to_string()).await;
    // ... and the typing before it is one step.
    ctrl_z(&root);
    eventually(|| editor(&root).value(), initial.clone()).await;
}

#[wasm_bindgen_test]
async fn markup_typed_into_the_manifest_stays_text() {
    let root = mount().await;
    type_text(
        &root,
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: <img src=x onerror=alert(1)>\n",
    )
    .await;
    // The lab's own notes are listed until the typed text is analysed: wait for the new ones.
    eventually(
        || texts(&root, "problem").join("\n").contains("onerror"),
        true,
    )
    .await;
    assert!(root.query_selector("img").ok().flatten().is_none());
    let problems = texts(&root, "problem").join("\n");
    assert!(
        problems.contains("<img src=x onerror=alert(1)>"),
        "{problems}"
    );
}

#[wasm_bindgen_test]
async fn the_terminal_runs_kubectl_against_the_cluster() {
    let root = mount().await;
    submit_command(&root, "kubectl get sts");
    until("the command's output", || {
        terminal_text(&root).contains("$ kubectl get sts")
    })
    .await;
    let out = terminal_text(&root);
    assert!(out.contains("NAME     READY   AGE"), "{out}");
    // The scale button is the same as typing the command: both show in the terminal.
    let up: HtmlElement = by_testid(&root, "scale-up")
        .remove(0)
        .dyn_into()
        .expect("button");
    up.click();
    until("the scale command in the terminal", || {
        terminal_text(&root).contains("$ kubectl scale sts visits --replicas=4")
    })
    .await;
    eventually(|| texts(&root, "replicas"), vec!["4".to_string()]).await;
}

/// A here-document typed line by line: the prompt turns to bash's `>` while it is open, its
/// lines show after `> `, and the command runs at the delimiter.
#[wasm_bindgen_test]
async fn a_here_document_is_read_after_the_continuation_prompt() {
    let root = mount().await;
    let prompt = || term_prompt(&root);
    submit_command(&root, "cat <<EOF");
    until("the continuation prompt", || prompt() == ">").await;
    submit_command(&root, "hello from a here-document");
    submit_command(&root, "EOF");
    until("the document's text", || {
        let text = terminal_text(&root);
        text.contains("> EOF") && text.matches("hello from a here-document").count() == 2
    })
    .await;
    assert_eq!(prompt(), "$");
}

/// A line that leaves a quote open reads on after `>`; Ctrl-C drops it, shown as bash shows
/// it, and the prompt is `$` again.
#[wasm_bindgen_test]
async fn ctrl_c_drops_an_unfinished_command() {
    let root = mount().await;
    let prompt = || term_prompt(&root);
    submit_command(&root, "echo 'never closed");
    until("the continuation prompt", || prompt() == ">").await;
    let input: HtmlElement = by_testid(&root, "terminal-input")
        .remove(0)
        .dyn_into()
        .expect("input");
    let init = KeyboardEventInit::new();
    init.set_key("c");
    init.set_ctrl_key(true);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let ev = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).expect("event");
    input.dispatch_event(&ev).expect("dispatch");
    until("the prompt again", || prompt() == "$").await;
    assert!(terminal_text(&root).contains("> ^C"));
    submit_command(&root, "echo after");
    until("the next command's output", || {
        terminal_text(&root).contains("after\n") || terminal_text(&root).ends_with("after")
    })
    .await;
    assert!(!terminal_text(&root).contains("never closed\necho after"));
}

/// The terminal's prompt: `$`, or `>` while a command is open.
fn term_prompt(root: &Element) -> String {
    root.query_selector(".term-in .prompt")
        .ok()
        .flatten()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

/// Everything the terminal shows, one line per output block.
fn terminal_text(root: &Element) -> String {
    texts(root, "terminal-output").join("\n")
}

/// Types `line` into the terminal and submits it.
fn submit_command(root: &Element, line: &str) {
    let input: HtmlInputElement = by_testid(root, "terminal-input")
        .remove(0)
        .dyn_into()
        .expect("input");
    input.set_value(line);
    let form = input.form().expect("form");
    let submit = web_sys::SubmitEvent::new("submit").expect("submit");
    form.dispatch_event(&submit).expect("dispatch");
}

/// What the first lane draws: each segment's element and its attributes.
fn first_lane(root: &Element) -> Vec<(Element, String)> {
    let lane = by_testid(root, "lane").remove(0);
    let list = lane.query_selector_all("rect.seg").expect("query");
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
        .map(|e| {
            let attrs = ["class", "x", "width"].map(|a| e.get_attribute(a).unwrap_or_default());
            (e, attrs.join(" "))
        })
        .collect()
}

/// The left edge of the timeline's overlay `rect` of class `class`, in percent of the axis:
/// `unknown` starts at the horizon (what is not computed yet), `future` at the cursor.
fn overlay_at(root: &Element, class: &str) -> f64 {
    root.query_selector(&format!("rect.{class}"))
        .ok()
        .flatten()
        .and_then(|r| r.get_attribute("x"))
        .and_then(|x| x.trim_end_matches('%').parse().ok())
        .unwrap_or(f64::NAN)
}

fn horizon_edge(root: &Element) -> f64 {
    overlay_at(root, "unknown")
}

#[wasm_bindgen_test]
async fn time_passing_moves_the_horizon_not_the_lanes() {
    let root = mount().await;
    submit_command(&root, "sleep 300");
    until("the pods to be Ready", || {
        terminal_text(&root).contains("$ sleep 300")
            && texts(&root, "pod-status")
                .iter()
                .all(|s| s.contains("Running"))
    })
    .await;
    let axis = root
        .query_selector(".lane.axis")
        .ok()
        .flatten()
        .and_then(|a| a.text_content());
    let (before, edge) = (first_lane(&root), horizon_edge(&root));
    assert!(!before.is_empty() && edge > 0.0, "{before:?} {edge}");
    submit_command(&root, "sleep 20");
    until("twenty more seconds", || horizon_edge(&root) > edge).await;
    let after = first_lane(&root);
    // The axis is the same, so the lane is too: the same elements with the same geometry
    // (an open segment runs to the end of the axis; the layer past the horizon moved).
    assert_eq!(
        root.query_selector(".lane.axis")
            .ok()
            .flatten()
            .and_then(|a| a.text_content()),
        axis
    );
    assert_eq!(before.len(), after.len());
    for ((e1, a1), (e2, a2)) in before.iter().zip(&after) {
        assert!(e1.is_same_node(Some(e2)), "a segment was drawn again");
        assert_eq!(a1, a2);
    }
}

fn cursor_at(root: &Element) -> f64 {
    overlay_at(root, "future")
}

#[wasm_bindgen_test]
async fn clicking_a_lane_moves_the_cursor_there() {
    let root = mount().await;
    // The lab plays from the start; pause it a little way in.
    until("the simulation to play a while", || cursor_at(&root) > 4.0).await;
    let play: HtmlElement = by_testid(&root, "play")
        .remove(0)
        .dyn_into()
        .expect("button");
    play.click();
    until("the simulation paused", || {
        play.get_attribute("aria-pressed").as_deref() == Some("false")
    })
    .await;
    // Halfway back to the start.
    let target = cursor_at(&root) / 2.0;
    let track = by_testid(&root, "lane")
        .remove(0)
        .query_selector("svg.track")
        .ok()
        .flatten()
        .expect("a lane's track");
    let r = track.get_bounding_client_rect();
    let init = web_sys::MouseEventInit::new();
    init.set_bubbles(true);
    init.set_client_x((r.left() + r.width() * target / 100.0).round() as i32);
    init.set_client_y((r.top() + r.height() / 2.0) as i32);
    // On the segment drawn there, as a pointer would be.
    let seg = track
        .query_selector("rect.seg")
        .ok()
        .flatten()
        .expect("a segment");
    let click = web_sys::MouseEvent::new_with_mouse_event_init_dict("click", &init).expect("event");
    seg.dispatch_event(&click).expect("dispatch");
    until("the cursor where the lane was clicked", || {
        (cursor_at(&root) - target).abs() < 1.0
    })
    .await;
}
