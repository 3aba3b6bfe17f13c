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

/// Calls `f` once the frame being prepared and the one after it have begun, so after the
/// first of them is painted: work that can wait (the rest of the page, loading the terminal's
/// chunk) neither delays the first screen nor the frame that shows it. In a hidden page, where frames do not come,
/// `f` waits until the page shows.
pub fn after_next_paint(f: impl FnOnce() + 'static) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let window = gloo::utils::window();
    let w = window.clone();
    let second = Closure::once_into_js(move || {
        let later = Closure::once_into_js(f);
        let _ = w.set_timeout_with_callback(later.unchecked_ref());
    });
    let w = window.clone();
    let first = Closure::once_into_js(move || {
        let _ = w.request_animation_frame(second.unchecked_ref());
    });
    let _ = window.request_animation_frame(first.unchecked_ref());
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
    let Some(list) = input.files() else { return };
    let files: Vec<(String, web_sys::File)> = (0..list.length())
        .filter_map(|i| list.get(i))
        .map(|f| {
            let path = js_sys::Reflect::get(&f, &"webkitRelativePath".into())
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default();
            let path = if path.is_empty() { f.name() } else { path };
            (path, f)
        })
        .collect();
    input.set_value("");
    read_files(files, true, done);
}

/// Most files a dropped folder may hold (a chart has tens; a project folder with
/// `node_modules` has many thousands, which are not a chart).
const MAX_DROPPED_FILES: usize = 2_000;

/// Reads what was dropped on the page as a chart: a folder (walked through the entries API,
/// paths relative to it), a `.tgz`, or loose files. Calls `done` once, or never when nothing
/// was dropped.
pub fn read_dropped_chart(dt: &web_sys::DataTransfer, done: yew::Callback<ChartChoice>) {
    use std::cell::{Cell, RefCell};
    use std::rc::Rc;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let items = dt.items();
    let entries: Vec<JsValue> = (0..items.length())
        .filter_map(|i| items.get(i))
        .filter_map(|item| call(&item, "webkitGetAsEntry", &[]))
        .filter(|e| !e.is_null() && !e.is_undefined())
        .collect();
    if entries.is_empty() {
        // No entries API (or a synthetic drop): the flat file list.
        let files = dt.files();
        let files: Vec<(String, web_sys::File)> = (0..files.as_ref().map_or(0, |f| f.length()))
            .filter_map(|i| files.as_ref().and_then(|f| f.get(i)))
            .map(|f| (f.name(), f))
            .collect();
        read_files(files, false, done);
        return;
    }
    struct Walk {
        pending: Cell<usize>,
        files: RefCell<Vec<(String, web_sys::File)>>,
        strip: bool,
        done: yew::Callback<ChartChoice>,
    }
    impl Walk {
        fn finish_one(&self) {
            self.pending.set(self.pending.get().saturating_sub(1));
            if self.pending.get() == 0 {
                let files = std::mem::take(&mut *self.files.borrow_mut());
                read_files(files, self.strip, self.done.clone());
            }
        }
    }
    fn visit(entry: JsValue, walk: Rc<Walk>) {
        let get = |k: &str| js_sys::Reflect::get(&entry, &k.into()).ok();
        let is_dir = get("isDirectory")
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        let path = get("fullPath")
            .and_then(|v| v.as_string())
            .unwrap_or_default();
        let path = path.trim_start_matches('/').to_string();
        walk.pending.set(walk.pending.get() + 1);
        if is_dir {
            match call(&entry, "createReader", &[]) {
                Some(reader) => read_batch(reader, walk),
                None => walk.finish_one(),
            }
        } else if walk.files.borrow().len() + walk.pending.get() > MAX_DROPPED_FILES {
            walk.finish_one();
        } else {
            let w = walk.clone();
            let ok = Closure::once_into_js(move |file: JsValue| {
                if let Ok(file) = file.dyn_into::<web_sys::File>() {
                    w.files.borrow_mut().push((path, file));
                }
                w.finish_one();
            });
            let w = walk.clone();
            let err = Closure::once_into_js(move |_: JsValue| w.finish_one());
            if call(&entry, "file", &[ok, err]).is_none() {
                walk.finish_one();
            }
        }
    }
    /// `readEntries` answers in batches; an empty one ends the folder.
    fn read_batch(reader: JsValue, walk: Rc<Walk>) {
        let (r, w) = (reader.clone(), walk.clone());
        let ok = Closure::once_into_js(move |batch: JsValue| {
            let batch = js_sys::Array::from(&batch);
            if batch.length() == 0 || w.files.borrow().len() > MAX_DROPPED_FILES {
                w.finish_one();
                return;
            }
            for e in batch.iter() {
                visit(e, w.clone());
            }
            read_batch(r, w);
        });
        let w = walk.clone();
        let err = Closure::once_into_js(move |_: JsValue| w.finish_one());
        if call(&reader, "readEntries", &[ok, err]).is_none() {
            walk.finish_one();
        }
    }
    // One folder dropped: paths are relative to it, as when it is chosen in the dialog.
    let one_folder = entries.len() == 1
        && js_sys::Reflect::get(&entries[0], &"isDirectory".into())
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
    let walk = Rc::new(Walk {
        pending: Cell::new(1),
        files: RefCell::default(),
        strip: one_folder,
        done,
    });
    for e in entries {
        visit(e, walk.clone());
    }
    walk.finish_one();
}

/// Calls the method `name` of `target`; `None` when it is missing or throws.
fn call(target: &JsValue, name: &str, args: &[JsValue]) -> Option<JsValue> {
    let f: js_sys::Function = js_sys::Reflect::get(target, &name.into())
        .ok()
        .and_then(|f| wasm_bindgen::JsCast::dyn_into(f).ok())?;
    let args: js_sys::Array = args.iter().collect();
    f.apply(target, &args).ok()
}

/// Reads `files` (path, file) as a chart: one `.tgz` is an archive, anything else the chart's
/// text files. With `strip`, the paths' first segment (the folder's own name) goes.
fn read_files(files: Vec<(String, web_sys::File)>, strip: bool, done: yew::Callback<ChartChoice>) {
    use std::cell::RefCell;
    use std::rc::Rc;
    if files.is_empty() {
        return;
    }
    let limit = crate::ui::state::MAX_CHART_BYTES as f64;
    if files.iter().map(|(_, f)| f.size()).sum::<f64>() > limit * 4.0 {
        done.emit(ChartChoice::Failed(
            "the files chosen are larger than the playground opens".into(),
        ));
        return;
    }
    let readers: Rc<RefCell<Vec<gloo::file::callbacks::FileReader>>> = Rc::default();
    if files.len() == 1 && (files[0].0.ends_with(".tgz") || files[0].0.ends_with(".tar.gz")) {
        let file = gloo::file::File::from(files[0].1.clone());
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
    for (path, f) in files {
        let rel = match path.split_once('/') {
            Some((_, r)) if strip => r.to_string(),
            _ => path,
        };
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
