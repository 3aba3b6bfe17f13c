//! Arbitrary text as a chart's `values.schema.json` and values, checked as helm 4 and helm 3
//! check them (`helm::jsonschema`, `helm::gojsonschema`): JSON reading, the metaschemas,
//! references and their cycles, every keyword. The first line of the input is values YAML
//! (`\n` for a newline), the rest the schema. Invariants: no panic, no hang (the check's
//! budget and depth limits), a failure always has a message, and checking twice gives the
//! same bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stsplay::helm::{self, File, Version};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (values, schema) = text.split_once('\n').unwrap_or(("", &text));
    let files = vec![
        File::new("Chart.yaml", "apiVersion: v2\nname: f\nversion: 0.1.0\n"),
        File::new("values.yaml", values.replace("\\n", "\n")),
        File::new("values.schema.json", schema),
        File::new("templates/t.yaml", "a: 1\n"),
    ];
    for version in [Version::V4, Version::V3] {
        let Ok(chart) = helm::chart::load(files.clone(), version) else {
            continue;
        };
        let user = stsplay::gotmpl::Map::new(stsplay::gotmpl::MapKind::Any);
        let opts = helm::Options {
            version,
            fuel: 200_000,
            ..Default::default()
        };
        let first = helm::template::render_release(&chart, &user, &opts, false, &mut Vec::new());
        let second = helm::template::render_release(&chart, &user, &opts, false, &mut Vec::new());
        match (&first, &second) {
            (Ok(a), Ok(b)) => assert_eq!(a.manifest, b.manifest, "checking is not deterministic"),
            (Err(a), Err(b)) => {
                assert!(!a.message.is_empty(), "a failure without a message");
                assert_eq!(a, b, "failures differ between runs");
            }
            _ => panic!("one check failed and the other did not"),
        }
    }
});
