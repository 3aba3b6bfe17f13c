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
