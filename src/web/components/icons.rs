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
        _ => "",
    };
    html! {
        <svg class="ico" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
            <path d={d}></path>
        </svg>
    }
}
