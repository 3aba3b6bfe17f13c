//! Component tests in headless Chromium (wasm-bindgen-test): render the real app into a fresh
//! element, act as a user would, then read the DOM. Run by `.ci/test`.
#![cfg(target_arch = "wasm32")]

use stsplay::web::components::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

async fn settle() {
    gloo::timers::future::TimeoutFuture::new(20).await;
}

async fn mount() -> Element {
    let document = gloo::utils::document();
    let root = document.create_element("div").expect("div");
    gloo::utils::body().append_child(&root).expect("append");
    yew::Renderer::<App>::with_root(root.clone()).render();
    settle().await;
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

async fn type_text(root: &Element, text: &str) {
    let editor: HtmlTextAreaElement = by_testid(root, "editor")
        .remove(0)
        .dyn_into()
        .expect("textarea");
    editor.set_value(text);
    let event = web_sys::InputEvent::new("input").expect("event");
    editor.dispatch_event(&event).expect("dispatch");
    settle().await;
}

#[wasm_bindgen_test]
async fn example_shows_pods_pvcs_and_dns_names() {
    let root = mount().await;
    let names: Vec<String> = by_testid(&root, "pod-name")
        .iter()
        .map(|e| e.text_content().unwrap_or_default())
        .collect();
    assert_eq!(names, ["web-0", "web-1"]);
    let dns = by_testid(&root, "pod-dns")[1]
        .text_content()
        .unwrap_or_default();
    assert_eq!(dns, "web-1.nginx.default.svc.cluster.local");
    let pvcs = by_testid(&root, "pod-pvcs")[1]
        .text_content()
        .unwrap_or_default();
    assert_eq!(pvcs, "www-web-1");
}

#[wasm_bindgen_test]
async fn editing_updates_the_pods() {
    let root = mount().await;
    let text = stsplay::web::state::EXAMPLE.replace("replicas: 2", "replicas: 5");
    type_text(&root, &text).await;
    assert_eq!(by_testid(&root, "pod").len(), 5);
}

#[wasm_bindgen_test]
async fn yaml_errors_show_line_and_column() {
    let root = mount().await;
    type_text(
        &root,
        "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\n spec: x\n",
    )
    .await;
    let locs: Vec<String> = by_testid(&root, "problem-location")
        .iter()
        .map(|e| e.text_content().unwrap_or_default())
        .collect();
    assert_eq!(locs, ["5:2"]);
}
