//! The terminal's chunk (feature `lazy-terminal`): everything `Session::run` and
//! `Session::complete` reach (kubectl's verbs, the printers, the shell) is a split point that
//! `wasm-split-cli` moves into a second wasm module, loaded after the first screen. Without the
//! feature (component tests, a plain build) the terminal is part of the one module and
//! `load` returns at once.

/// The split point: the terminal's entry points, called once the chunk has loaded.
#[cfg(feature = "lazy-terminal")]
#[wasm_split_helpers::wasm_split(terminal)]
fn terminal() -> crate::kubectl::Terminal {
    crate::kubectl::terminal::ENTRY
}

/// Loads the terminal (once; later calls find it loaded), then calls `done`.
pub fn load(done: impl FnOnce() + 'static) {
    #[cfg(feature = "lazy-terminal")]
    {
        if crate::kubectl::loaded().is_some() {
            done();
            return;
        }
        wasm_bindgen_futures::spawn_local(async move {
            let t = terminal().await;
            crate::kubectl::install(t);
            done();
        });
    }
    #[cfg(not(feature = "lazy-terminal"))]
    done();
}
