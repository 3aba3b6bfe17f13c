//! The UI state and its reducer: every user action is an `Action`; the manifest analysis is
//! recomputed from the text on each edit (the core is fast enough to do this per keystroke).

use crate::{Analysis, Input, Options};
use std::rc::Rc;
use yew::Reducible;

/// The manifest the page opens with: the kubernetes.io `web`/`nginx` example.
pub const EXAMPLE: &str = include_str!("../../static/examples/web.yaml");

#[derive(Clone, Debug)]
pub struct State {
    pub text: String,
    pub analysis: Rc<Analysis>,
}

pub enum Action {
    Edit(String),
}

impl State {
    pub fn new(text: String) -> State {
        let analysis = Rc::new(analyze(&text));
        State { text, analysis }
    }
}

impl Default for State {
    fn default() -> State {
        State::new(EXAMPLE.to_string())
    }
}

fn analyze(text: &str) -> Analysis {
    crate::analyze(
        &[Input {
            name: "manifest.yaml",
            text,
        }],
        &Options::default(),
    )
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::Edit(text) => {
                if text == self.text {
                    return self;
                }
                Rc::new(State::new(text))
            }
        }
    }
}
