//! The Yew front end: one reducer (`state`) owns the UI state; components take props and
//! callbacks. Only this module touches the DOM; it calls the pure core for everything else.

pub mod components;
pub mod state;

/// Mounts the app on the document body.
pub fn start() {
    yew::Renderer::<components::App>::new().render();
}
