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
