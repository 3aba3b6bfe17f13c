//! Arbitrary bytes, read as text the way the playground reads a paste (lossy UTF-8), through the
//! whole pipeline: YAML, schema, defaults, validation, lints and the plan. Invariants: no panic,
//! every diagnostic is located (1-based line and column), the same text gives the same result,
//! and the editor's colouring escapes whatever the text holds.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stsplay::{Input, Options};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let input = [Input {
        name: "fuzz.yaml",
        text: &text,
    }];
    let opts = Options::default();
    let a = stsplay::analyze(&input, &opts);
    for d in &a.diagnostics {
        assert!(
            d.span.start.line >= 1 && d.span.start.column >= 1,
            "unlocated diagnostic: {d:?}"
        );
        let _ = stsplay::diagnostic_json(d, &a.manifests.files);
    }
    // Determinism: a second run agrees, byte for byte.
    let again = stsplay::analyze(&input, &opts);
    assert_eq!(a.diagnostics, again.diagnostics);
    assert_eq!(
        serde_json::to_string(&a.plan).ok(),
        serde_json::to_string(&again.plan).ok()
    );
    // Colouring: only its own `<span>` tags are markup, and unescaped it is the text again.
    let html = stsplay::yaml::highlight::html(&text);
    assert_eq!(unhighlight(&html).as_deref(), Some(&*text));
});

/// The text behind `highlight::html`'s output, or `None` if it holds markup of its own.
fn unhighlight(html: &str) -> Option<String> {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find(['<', '&', '>']) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if let Some(r) = rest.strip_prefix("</span>") {
            rest = r;
        } else if let Some(r) = rest.strip_prefix("<span class=\"t-") {
            let end = r.find("\">")?;
            if !r[..end]
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            {
                return None;
            }
            rest = &r[end + 2..];
        } else {
            let (entity, c) = [
                ("&lt;", '<'),
                ("&gt;", '>'),
                ("&amp;", '&'),
                ("&quot;", '"'),
                ("&#39;", '\''),
            ]
            .into_iter()
            .find(|(e, _)| rest.starts_with(e))?;
            out.push(c);
            rest = &rest[entity.len()..];
        }
    }
    out.push_str(rest);
    Some(out)
}
