//! Entry points for the benchmark command (`.ci/bench`): two tiny `#[wasm_bindgen]` exports
//! that run the core on text the benchmark passes in, so headless Chromium times our engine
//! on the very page people load (the boot module puts them on `window.wasmBindings`). The
//! timing happens in JavaScript around each call; nothing in the app calls these.

use crate::sim::ops::Step;
use crate::sim::{SimOptions, Simulation};
use crate::{Analysis, Input, Options};
use wasm_bindgen::prelude::wasm_bindgen;

fn analyze(text: &str) -> Analysis {
    crate::analyze(
        &[Input {
            name: "bench.yaml",
            text,
        }],
        &Options::default(),
    )
}

/// Parses, schema-checks, validates and derives `text`, as on every edit; returns how many
/// diagnostics it found.
#[wasm_bindgen]
pub fn bench_analyze(text: &str) -> u32 {
    analyze(text).diagnostics.len() as u32
}

/// Creates the StatefulSet in `text` and runs until it settles, then sets `container`'s image
/// to `image` and runs the rolling update until it settles. Returns the number of timeline
/// entries, or 0 when the update did not reach every pod.
#[wasm_bindgen]
pub fn bench_rollout(text: &str, container: &str, image: &str) -> u32 {
    let mut sim = Simulation::new(&analyze(text), &Options::default(), &SimOptions::default());
    let image = Step::Image {
        container: container.into(),
        image: image.into(),
    };
    // Each `run` covers at most the settle limit (15 virtual minutes); big sets need many.
    let settle = |sim: &mut Simulation| (0..10_000).any(|_| sim.run(None).settled);
    if !settle(&mut sim) || sim.apply(&image).is_err() || !settle(&mut sim) {
        return 0;
    }
    let done = sim.world.sets.values().all(|s| {
        s.status.updated == s.spec.replicas && s.status.current_revision == s.status.update_revision
    });
    if done { sim.world.log.len() as u32 } else { 0 }
}
