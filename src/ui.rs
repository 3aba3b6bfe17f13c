//! The playground page as plain Rust: its state and the one reducer that changes it
//! (`state`), and the table of keyboard shortcuts (`shortcuts`). The Yew component in `web`
//! renders this state and carries out the effects the reducer asks for; nothing here touches
//! the browser.

pub mod shortcuts;
pub mod state;

pub use state::{Effect, Init, Msg, State};
