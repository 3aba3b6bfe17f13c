//! Arbitrary text as a chart's `values.schema.json` and values, checked as helm 4 and helm 3
//! check them (`helm::jsonschema`, `helm::gojsonschema`): JSON reading, the metaschemas,
//! references and their cycles, every keyword. The first line of the input is values YAML
//! (`\n` for a newline), the rest the schema. Invariants: no panic, no hang (the check's
//! budget and depth limits), a failure always has a message, and checking twice gives the
//! same bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stsplay::helm::File;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (values, schema) = text.split_once('\n').unwrap_or(("", &text));
    let files = vec![
        File::new("Chart.yaml", "apiVersion: v2\nname: f\nversion: 0.1.0\n"),
        File::new("values.yaml", values.replace("\\n", "\n")),
        File::new("values.schema.json", schema),
        File::new("templates/t.yaml", "a: 1\n"),
    ];
    stsplay_fuzz::render_chart_twice(files);
});
