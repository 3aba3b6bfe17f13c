//! The Yew front end. `app::App` owns all UI state and is its one reducer; `components`
//! render props; `browser` is the thin layer over the address bar, storage and clipboard.
//! Everything else (analysis, simulation, kubectl) is the pure core.

pub mod app;
pub mod bench;
pub mod browser;
pub mod components;
pub mod lazy;

/// Mounts the app on the document body.
pub fn start() {
    yew::Renderer::<app::App>::new().render();
}

/// The page's allocator: Talc, a drop-in for Rust's default wasm allocator (dlmalloc), as fast
/// on the engine and the simulation (measured interleaved, BENCHMARKS.md) and 2.6 KB smaller.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
