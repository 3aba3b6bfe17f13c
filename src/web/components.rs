//! Components, one file each. They render props and report user actions through callbacks;
//! `app::App` owns the state.

mod chart;
mod compare;
pub mod controls;
mod dialog;
mod editor;
mod header;
mod icons;
mod operations;
mod problems;
mod resources;
mod scenario_panel;
pub mod terminal;
pub mod timeline;

pub use chart::{ChartBar, Rendered};
pub use compare::Compare;
pub use controls::Controls;
pub use dialog::Dialog;
pub use editor::{Editor, EditorKey};
pub use header::{Header, VersionNote};
pub use operations::Operations;
pub use problems::Problems;
pub use resources::ResourceView;
pub use scenario_panel::ScenarioPanel;
pub use terminal::{Completion, Terminal, VisitCard};
pub use timeline::Timeline;
