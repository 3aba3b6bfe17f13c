//! The manifest editor: a native textarea (so typing, selection, IME, spell-check off,
//! screen readers and the clipboard behave as everywhere) laid over a coloured copy of the
//! text, with line numbers, gutter marks and underlines at each diagnostic's span. Keys a YAML
//! editor needs (Tab, Shift-Tab, Enter, undo, redo) go to the app's `editing::Buffer`.

use crate::diag::{Diagnostic, Severity};
use crate::editing;
use crate::yaml::{MAX_INPUT_BYTES, highlight};
use std::collections::BTreeMap;
use std::rc::Rc;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// Pixels per line (kept in step with `--editor-line` in style.css).
const LINE_PX: u32 = 20;
/// Texts with more lines than this get line numbers and colours only around the lines in
/// view: 20,000 of each would cost Chromium a second of layout on every change.
const WINDOWED_FROM: usize = 2_000;
/// The window moves in steps of this many lines, and reaches this far beyond the view.
const WINDOW_STEP: u32 = 100;

pub use crate::ui::state::EditorKey;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub text: AttrValue,
    /// The heading: `Manifest`, or the chart file being edited.
    #[prop_or(AttrValue::Static("Manifest"))]
    pub title: AttrValue,
    pub diagnostics: Rc<Vec<Diagnostic>>,
    pub readonly: bool,
    /// (nonce, start, end): focus the textarea with this selection when the nonce changes.
    pub focus: (u64, usize, usize),
    /// (nonce, line): scroll this line (0-based) to the top when the nonce changes, leaving
    /// focus where it is.
    #[prop_or_default]
    pub top_line: (u64, u32),
    pub can_undo: bool,
    pub can_redo: bool,
    /// The new text, its selection (UTF-16), and whether it was typing (which merges into one
    /// undo step) or a paste, drop or cut (a step of its own).
    pub on_input: Callback<(String, u32, u32, editing::Kind)>,
    pub on_select: Callback<(u32, u32)>,
    pub on_key: Callback<EditorKey>,
    /// Colour the text (the first frame shows it plain, so that the pods paint sooner).
    #[prop_or(true)]
    pub colours: bool,
}

#[function_component(Editor)]
pub fn editor(props: &EditorProps) -> Html {
    let area = use_node_ref();
    let scroller = use_node_ref();
    // A text no API server would accept is not laid out unless asked: Chromium takes seconds
    // over a 10 MB textarea, whatever the page does. The text stays in the app (undo, links).
    let too_large = props.text.len() > MAX_INPUT_BYTES;
    let show_anyway = use_state_eq(|| false);
    {
        let show_anyway = show_anyway.clone();
        use_effect_with(too_large, move |&big| {
            if !big {
                show_anyway.set(false);
            }
        });
    }
    // The first line of the window of a long text (a multiple of WINDOW_STEP); the view's
    // height in lines. Updated on scroll, re-rendering only when the window moves.
    let window_at = use_state_eq(|| 0u32);
    let view_lines = use_state_eq(|| 40u32);
    let onscroll = {
        let window_at = window_at.setter();
        let view_lines = view_lines.setter();
        Callback::from(move |e: Event| {
            if let Some(sc) = e.target_dyn_into::<web_sys::Element>() {
                let first = sc.scroll_top().max(0) as u32 / LINE_PX;
                window_at.set((first / WINDOW_STEP).saturating_sub(1) * WINDOW_STEP);
                view_lines.set(sc.client_height().max(0) as u32 / LINE_PX + 1);
            }
        })
    };
    {
        // Apply a requested selection (after Tab, undo, or a click in the problems list).
        let area = area.clone();
        let scroller = scroller.clone();
        let text = props.text.clone();
        use_effect_with(props.focus, move |&(nonce, start, end)| {
            if nonce > 0
                && let Some(t) = area.cast::<HtmlTextAreaElement>()
            {
                let _ = t.focus();
                let s = editing::to_utf16(&text, start) as u32;
                let e = editing::to_utf16(&text, end) as u32;
                let _ = t.set_selection_range(s, e);
                if let Some(sc) = scroller.cast::<web_sys::Element>() {
                    let line = text[..start.min(text.len())].matches('\n').count() as i32;
                    let top = line * LINE_PX as i32;
                    let view = sc.client_height();
                    if top < sc.scroll_top() || top > sc.scroll_top() + view - 2 * LINE_PX as i32 {
                        sc.set_scroll_top((top - view / 3).max(0));
                    }
                }
            }
        });
    }
    {
        let scroller = scroller.clone();
        use_effect_with(props.top_line, move |&(nonce, line)| {
            if nonce > 0
                && let Some(sc) = scroller.cast::<web_sys::Element>()
            {
                sc.set_scroll_top((line * LINE_PX) as i32);
            }
        });
    }
    // Every hook above this line: a hook may not be skipped.
    if too_large && !*show_anyway {
        return oversized(props, show_anyway.setter());
    }
    let oninput = {
        let cb = props.on_input.clone();
        let lay_out_anyway = *show_anyway;
        Callback::from(move |e: InputEvent| {
            // insertFromPaste, insertFromDrop, deleteByCut, insertReplacementText (spelling)...
            // Checked: a script may dispatch a plain Event, which has no inputType.
            let how = wasm_bindgen::JsCast::dyn_ref::<web_sys::InputEvent>(&e)
                .map(web_sys::InputEvent::input_type)
                .unwrap_or_default();
            let kind = if how.starts_with("insertFrom")
                || how.starts_with("deleteBy")
                || how == "insertReplacementText"
            {
                editing::Kind::Other
            } else {
                editing::Kind::Typing
            };
            if let Some(t) = e.target_dyn_into::<HtmlTextAreaElement>() {
                let s = t.selection_start().ok().flatten().unwrap_or(0);
                let en = t.selection_end().ok().flatten().unwrap_or(s);
                let text = t.value();
                if text.len() > MAX_INPUT_BYTES && !lay_out_anyway {
                    // Empty the textarea now, before the browser's next frame lays it out
                    // (seconds for megabytes): the app keeps the text and the editor shows
                    // why it is not laid out.
                    t.set_value("");
                }
                cb.emit((text, s, en, kind));
            }
        })
    };
    let onselect = {
        let cb = props.on_select.clone();
        Callback::from(move |e: Event| {
            if let Some(t) = e.target_dyn_into::<HtmlTextAreaElement>() {
                let s = t.selection_start().ok().flatten().unwrap_or(0);
                let en = t.selection_end().ok().flatten().unwrap_or(s);
                cb.emit((s, en));
            }
        })
    };
    let onkeydown = {
        let cb = props.on_key.clone();
        let sel = props.on_select.clone();
        let readonly = props.readonly;
        Callback::from(move |e: KeyboardEvent| {
            if readonly {
                return;
            }
            let ctrl = e.ctrl_key() || e.meta_key();
            let key = e.key();
            let area = e.target_dyn_into::<HtmlTextAreaElement>();
            // After Escape, Tab moves focus on as everywhere else (no keyboard trap).
            let escaped = area
                .as_ref()
                .is_some_and(|t| t.has_attribute("data-tab-escape"));
            if let Some(t) = &area {
                let _ = t.remove_attribute("data-tab-escape");
            }
            if key == "Tab" && escaped {
                return;
            }
            let k = match key.as_str() {
                // Tab indents; Escape then Tab leaves the editor (see the label's hint).
                "Tab" if !ctrl && !e.alt_key() => Some(if e.shift_key() {
                    EditorKey::Outdent
                } else {
                    EditorKey::Indent
                }),
                "Enter" if !ctrl && !e.shift_key() && !e.alt_key() => Some(EditorKey::Newline),
                "z" | "Z" if ctrl && e.shift_key() => Some(EditorKey::Redo),
                "z" if ctrl => Some(EditorKey::Undo),
                "y" if ctrl => Some(EditorKey::Redo),
                "Escape" => {
                    if let Some(t) = &area {
                        let _ = t.set_attribute("data-tab-escape", "");
                    }
                    None
                }
                _ => None,
            };
            if let Some(k) = k {
                e.prevent_default();
                // The model must know the selection the key acts on.
                if let Some(t) = &area {
                    let s = t.selection_start().ok().flatten().unwrap_or(0);
                    let en = t.selection_end().ok().flatten().unwrap_or(s);
                    sel.emit((s, en));
                }
                cb.emit(k);
            }
        })
    };
    let lines: Vec<&str> = props.text.split('\n').collect();
    let longest = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    // Lines [from, to) get numbers and colours; spacers stand for the rest.
    let (from, to) = if lines.len() > WINDOWED_FROM {
        let from = (*window_at as usize).min(lines.len());
        let to = from + (*view_lines + 3 * WINDOW_STEP) as usize;
        (from, to.min(lines.len()))
    } else {
        (0, lines.len())
    };
    // Height `n` lines without a style attribute (the Content-Security-Policy allows none):
    // an SVG's height is an attribute.
    let spacer = |n: usize| -> Html {
        if n == 0 {
            Html::default()
        } else {
            html! { <svg class="spacer" width="1" height={(n * LINE_PX as usize).to_string()}></svg> }
        }
    };
    // Worst severity per line for the gutter.
    let mut marks: BTreeMap<u32, (Severity, String)> = BTreeMap::new();
    for d in props.diagnostics.iter() {
        let e = marks
            .entry(d.span.start.line)
            .or_insert((d.severity, String::new()));
        if d.severity < e.0 {
            e.0 = d.severity;
        }
        if !e.1.is_empty() {
            e.1.push('\n');
        }
        e.1.push_str(&d.text());
    }
    // Beyond the highlighting limit the textarea shows its own text: a second copy of
    // megabytes in the overlay would only double the browser's layout work.
    let plain = props.text.len() > highlight::MAX_HIGHLIGHT || !props.colours;
    let highlighted = if plain {
        Html::default()
    } else {
        // Byte offsets of the window's first line and of the line after its last.
        let line_start = |n: usize| -> usize {
            lines[..n.min(lines.len())]
                .iter()
                .map(|l| l.len() + 1)
                .sum::<usize>()
                .min(props.text.len())
        };
        let window = line_start(from)..line_start(to);
        Html::from_html_unchecked(AttrValue::from(format!(
            "{}\n",
            highlight::html_window(
                &props.text,
                &underlines(&props.text, &props.diagnostics),
                window
            )
        )))
    };

    let errors = props.diagnostics.iter().filter(|d| d.is_error()).count();
    html! {
        <div class="editor-card">
            <div class="editor-head">
                <h2 id="editor-title">{ props.title.clone() }</h2>
                <span class="hint">{ if props.readonly { "read-only" } else { "Tab indents · Esc then Tab leaves" } }</span>
                <span class="spacer"></span>
                if !props.readonly {
                    <button class="btn small ghost" disabled={!props.can_undo} aria-label="Undo" title="Undo (Ctrl+Z)"
                        onclick={props.on_key.reform(|_| EditorKey::Undo)}>{ "↶ Undo" }</button>
                    <button class="btn small ghost" disabled={!props.can_redo} aria-label="Redo" title="Redo (Ctrl+Shift+Z)"
                        onclick={props.on_key.reform(|_| EditorKey::Redo)}>{ "↷ Redo" }</button>
                }
            </div>
            <div class="editor" ref={scroller} {onscroll}>
                <div class="gutter" aria-hidden="true">
                    { spacer(from) }
                    // The first frame numbers the lines in one text, without marks.
                    if !props.colours {
                        <pre class="ln-plain">{ (from + 1..=to).map(|n| n.to_string()).collect::<Vec<_>>().join("\n") }</pre>
                    }
                    { for (from as u32 + 1..=to as u32).filter(|_| props.colours).map(|n| match marks.get(&n) {
                        Some((sev, title)) => html! {
                            <div class={classes!("ln", "marked", sev.as_str())} title={title.clone()}>
                                <span class="mark">{ match sev { Severity::Error => "✖", Severity::Warning => "▲", Severity::Info => "●" } }</span>{ n }
                            </div>
                        },
                        None => html! { <div class="ln">{ n }</div> },
                    }) }
                    { spacer(lines.len() - to) }
                </div>
                <div class="code">
                    <pre class="hl" aria-hidden="true">{ spacer(from) }{ highlighted }</pre>
                    <textarea
                        ref={area}
                        data-testid="editor"
                        class={classes!("editor-text", plain.then_some("plain"))}
                        rows={lines.len().to_string()}
                        cols={(longest + 2).to_string()}
                        spellcheck="false"
                        autocapitalize="off"
                        autocomplete="off"
                        wrap="off"
                        readonly={props.readonly}
                        aria-labelledby="editor-title"
                        aria-describedby="problems-summary"
                        aria-invalid={if errors > 0 { "true" } else { "false" }}
                        value={props.text.clone()}
                        {oninput}
                        {onselect}
                        {onkeydown}
                    />
                </div>
            </div>
        </div>
    }
}

/// The editor in place of a text beyond the API server's limit: what happened, that nothing
/// is lost, and the two ways on (undo, or lay it out after all).
fn oversized(props: &EditorProps, show: UseStateSetter<bool>) -> Html {
    // Tenths of a MiB in integers: float formatting would add kilobytes to the bundle.
    const MIB: usize = 1024 * 1024;
    let tenths = (props.text.len() * 10 + MIB / 2) / MIB;
    let mib = format!("{}.{}", tenths / 10, tenths % 10);
    let limit = MAX_INPUT_BYTES / MIB;
    html! {
        <div class="editor-card">
            <div class="editor-head">
                <h2 id="editor-title">{ props.title.clone() }</h2>
            </div>
            <div class="editor-oversized" role="status" data-testid="editor-oversized">
                <p>
                    <strong>{ format!("The text is {mib} MiB") }</strong>
                    { format!(", more than the {limit} MiB the API server accepts in one request, \
                        so no cluster would take it. The editor does not lay it out: that alone \
                        would hold the page for seconds.") }
                </p>
                <p>{ "Nothing is lost: undo brings back the text before it, and showing it lets \
                    you cut it down here (slowly). Until it fits, reloading the page and share \
                    links keep the last text that did." }</p>
                <div class="row">
                    if !props.readonly {
                        <button class="btn small" disabled={!props.can_undo}
                            onclick={props.on_key.reform(|_| EditorKey::Undo)}>{ "↶ Undo" }</button>
                    }
                    <button class="btn small ghost" onclick={move |_| show.set(true)}>{ "Show it anyway" }</button>
                </div>
            </div>
        </div>
    }
}

/// The stretch of text each diagnostic underlines: its span when it has one on a line,
/// otherwise the word at its start (a missing field is reported at its parent's key).
fn underlines(text: &str, ds: &[Diagnostic]) -> Vec<highlight::Mark> {
    let mut starts = vec![0usize];
    starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    let at = |line: u32, col: u32| -> usize {
        let Some(&ls) = starts.get(line.max(1) as usize - 1) else {
            return text.len();
        };
        let le = text[ls..].find('\n').map_or(text.len(), |i| ls + i);
        text[ls..le]
            .char_indices()
            .nth(col.max(1) as usize - 1)
            .map_or(le, |(i, _)| ls + i)
    };
    ds.iter()
        .filter(|d| d.span.start.line > 0)
        .map(|d| {
            let start = at(d.span.start.line, d.span.start.column);
            let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
            let mut end = if d.span.end.line == d.span.start.line
                && d.span.end.column > d.span.start.column
            {
                at(d.span.end.line, d.span.end.column)
            } else {
                let word = text[start..line_end]
                    .find(|c: char| c == ':' || c.is_whitespace())
                    .map_or(line_end, |i| start + i);
                if word > start { word } else { line_end }
            };
            if end <= start {
                // An empty line: underline nothing rather than the line break.
                end = start;
            }
            highlight::Mark {
                start,
                end: end.min(line_end.max(start)),
                class: match d.severity {
                    Severity::Error => "sq-error",
                    Severity::Warning => "sq-warning",
                    Severity::Info => "sq-info",
                },
            }
        })
        .collect()
}
