//! Arbitrary text as a chart's template and values, rendered as `helm template` would: the
//! Go template lexer, parser and executor, Sprig and Helm's functions, values typing,
//! manifest splitting and sorting. The first line of the input is values YAML, the rest a
//! template. Invariants: no panic, no hang (the engine's step budget and the runner's
//! timeout), a failure always has a message, and rendering twice gives the same bytes; then
//! the chart is linted as `helm lint` lints it, which must not panic either.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stsplay::helm::File;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (values, template) = text.split_once('\n').unwrap_or(("", &text));
    let files = vec![
        File::new("Chart.yaml", "apiVersion: v2\nname: f\nversion: 0.1.0\n"),
        File::new("values.yaml", values.replace("\\n", "\n")),
        File::new(
            "templates/_helpers.tpl",
            "{{ define \"f.name\" }}{{ .Chart.Name }}{{ end }}",
        ),
        File::new("templates/t.yaml", template),
    ];
    stsplay_fuzz::render_chart_twice(files);
});
