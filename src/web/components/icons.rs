//! Small inline SVG icons (no icon font, no image requests; they take the text colour).

use yew::prelude::*;

/// An icon by name; decorative (`aria-hidden`): the button around it carries the label.
pub fn icon(name: &'static str) -> Html {
    let d = match name {
        "play" => "M5 3 L13 8 L5 13 Z",
        "pause" => "M4 3 H7 V13 H4 Z M9 3 H12 V13 H9 Z",
        "start" => "M3 3 H5 V13 H3 Z M13 3 L6 8 L13 13 Z",
        "step" => "M3 3 L10 8 L3 13 Z M11 3 H13 V13 H11 Z",
        "end" => "M2 3 L8 8 L2 13 Z M8 3 L14 8 L8 13 Z",
        "wait" => "M4 2 H12 V4 L9 8 L12 12 V14 H4 V12 L7 8 L4 4 Z",
        // Helm's wheel: a rim, a hub, four spokes and four handles.
        "helm" => concat!(
            "M8 3 A5 5 0 1 0 8 13 A5 5 0 1 0 8 3 Z M8 4.4 A3.6 3.6 0 1 0 8 11.6 A3.6 3.6 0 1 0 8 4.4 Z ",
            "M8 6.7 A1.3 1.3 0 1 0 8 9.3 A1.3 1.3 0 1 0 8 6.7 Z ",
            "M7.4 4.4 H8.6 V6.7 H7.4 Z M7.4 9.3 H8.6 V11.6 H7.4 Z M4.4 7.4 H6.7 V8.6 H4.4 Z M9.3 7.4 H11.6 V8.6 H9.3 Z ",
            "M7.4 1 H8.6 V3 H7.4 Z M7.4 13 H8.6 V15 H7.4 Z M1 7.4 H3 V8.6 H1 Z M13 7.4 H15 V8.6 H13 Z"
        ),
        _ => "",
    };
    html! {
        <svg class="ico" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
            <path d={d} fill-rule="evenodd"></path>
        </svg>
    }
}
