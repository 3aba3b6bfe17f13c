//! The few things the page asks of the browser, in one place: the address (query and
//! fragment), local storage, the clipboard, media queries and the theme attribute. Every call
//! tolerates a missing API (an embedding iframe without storage, a denied clipboard).

use wasm_bindgen::JsValue;

/// The address's query (`?embed=1`) and fragment (`#s=...`), without `?`/`#`.
pub fn location() -> (String, String) {
    let loc = gloo::utils::window().location();
    let search = loc.search().unwrap_or_default();
    let hash = loc.hash().unwrap_or_default();
    (
        search.trim_start_matches('?').to_string(),
        hash.trim_start_matches('#').to_string(),
    )
}

/// The page's address without query or fragment (for links and iframe snippets).
pub fn page_url() -> String {
    let loc = gloo::utils::window().location();
    format!(
        "{}{}",
        loc.origin().unwrap_or_default(),
        loc.pathname().unwrap_or_default()
    )
}

/// Replaces the fragment without adding a history entry or reloading.
pub fn set_fragment(fragment: &str) {
    let w = gloo::utils::window();
    if let Ok(h) = w.history() {
        let url = if fragment.is_empty() {
            let (search, _) = location();
            if search.is_empty() {
                page_url()
            } else {
                format!("{}?{search}", page_url())
            }
        } else {
            format!("#{fragment}")
        };
        let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

fn storage() -> Option<web_sys::Storage> {
    gloo::utils::window().local_storage().ok().flatten()
}

pub fn load(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

pub fn save(key: &str, value: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(key, value);
    }
}

/// Puts text on the clipboard; false when the browser offers no clipboard here.
pub fn copy(text: &str) -> bool {
    let nav = gloo::utils::window().navigator();
    let clip = nav.clipboard();
    if JsValue::from(clip.clone()).is_undefined() {
        return false;
    }
    let _ = clip.write_text(text);
    true
}

fn matches_media(query: &str) -> bool {
    gloo::utils::window()
        .match_media(query)
        .ok()
        .flatten()
        .is_some_and(|m| m.matches())
}

pub fn prefers_reduced_motion() -> bool {
    matches_media("(prefers-reduced-motion: reduce)")
}

/// Sets `data-theme` on the root element (`light`, `dark`; empty follows the system).
pub fn set_theme(theme: &str) {
    if let Some(root) = gloo::utils::document().document_element() {
        if theme.is_empty() {
            let _ = root.remove_attribute("data-theme");
        } else {
            let _ = root.set_attribute("data-theme", theme);
        }
    }
}

/// Marks the root element as embedded (CSS hides the chrome).
pub fn set_embedded(on: bool) {
    if let Some(root) = gloo::utils::document().document_element() {
        let _ = if on {
            root.set_attribute("data-embed", "")
        } else {
            root.remove_attribute("data-embed")
        };
    }
}

/// What was chosen in a chart file input.
pub enum ChartChoice {
    /// A folder's text files, paths relative to the folder.
    Files(Vec<(String, String)>),
    /// A `.tgz`'s bytes.
    Archive(Vec<u8>),
    Failed(String),
}

/// Reads the files chosen in a file input as a chart: a folder (`webkitdirectory`: paths
/// relative to the chosen folder) or one `.tgz` from `helm package`. Calls `done` once.
pub fn read_chart_files(input: &web_sys::HtmlInputElement, done: yew::Callback<ChartChoice>) {
    use std::cell::RefCell;
    use std::rc::Rc;
    let Some(list) = input.files() else { return };
    let files: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
    input.set_value("");
    if files.is_empty() {
        return;
    }
    let limit = crate::ui::state::MAX_CHART_BYTES as f64;
    if files.iter().map(|f| f.size()).sum::<f64>() > limit * 4.0 {
        done.emit(ChartChoice::Failed(
            "the files chosen are larger than the playground opens".into(),
        ));
        return;
    }
    let readers: Rc<RefCell<Vec<gloo::file::callbacks::FileReader>>> = Rc::default();
    if files.len() == 1
        && (files[0].name().ends_with(".tgz") || files[0].name().ends_with(".tar.gz"))
    {
        let file = gloo::file::File::from(files[0].clone());
        let keep = readers.clone();
        let reader = gloo::file::callbacks::read_as_bytes(&file, move |r| {
            keep.borrow_mut().clear();
            done.emit(match r {
                Ok(bytes) => ChartChoice::Archive(bytes),
                Err(e) => ChartChoice::Failed(e.to_string()),
            });
        });
        readers.borrow_mut().push(reader);
        return;
    }
    let total = files.len();
    type Read = Vec<(String, Vec<u8>)>;
    let got: Rc<RefCell<Read>> = Rc::default();
    for f in files {
        let path = js_sys::Reflect::get(&f, &"webkitRelativePath".into())
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default();
        let path = if path.is_empty() { f.name() } else { path };
        // The chosen folder's own name comes first: paths are relative to it.
        let rel = path
            .split_once('/')
            .map_or(path.clone(), |(_, r)| r.to_string());
        let (got, done, keep) = (got.clone(), done.clone(), readers.clone());
        let file = gloo::file::File::from(f);
        let reader = gloo::file::callbacks::read_as_bytes(&file, move |r| {
            got.borrow_mut().push((rel, r.unwrap_or_default()));
            if got.borrow().len() == total {
                keep.borrow_mut().clear();
                let mut files: Vec<(String, String)> = got
                    .borrow_mut()
                    .drain(..)
                    .filter_map(|(p, b)| String::from_utf8(b).ok().map(|t| (p, t)))
                    .collect();
                files.sort();
                done.emit(ChartChoice::Files(files));
            }
        });
        readers.borrow_mut().push(reader);
    }
}
