//! The page's keyboard shortcuts: one table says which key does what and how the help dialog
//! describes it. The browser layer only names the key pressed (`"Shift+ArrowLeft"`); the
//! reducer looks its action up here.

/// What a shortcut does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    TogglePlay,
    Step,
    /// Move the cursor by this many virtual milliseconds.
    SeekBy(i64),
    Restart,
    SkipToEnd,
    /// Playback speed: an index into `SPEEDS`.
    Speed(usize),
    /// Scale the first StatefulSet by this many replicas.
    Scale(i64),
    ToggleCompare,
    ToggleTerminal,
    Help,
    /// Close the open dialog.
    Close,
}

/// One row of the help dialog and the keys it stands for.
pub struct Shortcut {
    /// The keys as the help dialog shows them.
    pub label: &'static str,
    pub does: &'static str,
    /// Key names (`KeyboardEvent.key`, `Shift+` before arrows) and their actions.
    pub keys: &'static [(&'static str, Action)],
}

use Action::*;

pub const SHORTCUTS: &[Shortcut] = &[
    Shortcut {
        label: "Space or K",
        does: "play or pause",
        keys: &[(" ", TogglePlay), ("k", TogglePlay)],
    },
    Shortcut {
        label: ".",
        does: "step to the next change",
        keys: &[(".", Step)],
    },
    Shortcut {
        label: "← / →",
        does: "move the cursor 1 s (with Shift: 10 s)",
        keys: &[
            ("ArrowLeft", SeekBy(-1_000)),
            ("ArrowRight", SeekBy(1_000)),
            ("Shift+ArrowLeft", SeekBy(-10_000)),
            ("Shift+ArrowRight", SeekBy(10_000)),
        ],
    },
    Shortcut {
        label: "Home / End",
        does: "back to the start / skip to where it settles",
        keys: &[("Home", Restart), ("End", SkipToEnd)],
    },
    Shortcut {
        label: "1 … 6",
        does: "speed 1×, 2×, 5×, 10×, 25×, 50×",
        keys: &[
            ("1", Speed(0)),
            ("2", Speed(1)),
            ("3", Speed(2)),
            ("4", Speed(3)),
            ("5", Speed(4)),
            ("6", Speed(5)),
        ],
    },
    Shortcut {
        label: "+ / −",
        does: "scale the StatefulSet up / down",
        keys: &[("+", Scale(1)), ("=", Scale(1)), ("-", Scale(-1))],
    },
    Shortcut {
        label: "C",
        does: "OrderedReady vs Parallel side by side",
        keys: &[("c", ToggleCompare)],
    },
    Shortcut {
        label: "T",
        does: "show or hide the terminal",
        keys: &[("t", ToggleTerminal)],
    },
    Shortcut {
        label: "?",
        does: "this help",
        keys: &[("?", Help)],
    },
    Shortcut {
        label: "Esc",
        does: "close a dialog; in the editor, Esc then Tab moves focus on",
        keys: &[("Escape", Close)],
    },
];

/// The action a key stands for, if it is a shortcut.
pub fn action(key: &str) -> Option<Action> {
    SHORTCUTS
        .iter()
        .flat_map(|s| s.keys.iter())
        .find(|(k, _)| *k == key)
        .map(|(_, a)| *a)
}
