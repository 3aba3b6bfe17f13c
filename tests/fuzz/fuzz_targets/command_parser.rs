//! Arbitrary text, one command line per line, into a kubectl session on a small cluster (the
//! kubernetes.io `web` example, three pods): shell word splitting and quoting, `;`, pipes into
//! grep/head/tail/wc/sort, `$(...)`, flags, every verb. Invariants: no panic, no hang (the
//! runner's timeout), an exit code in the shell's range, a failure that says something (but
//! `exit N`), and time never goes backwards.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stsplay::kubectl::Session;
use stsplay::sim::{SimOptions, Simulation};
use stsplay::{Input, Options};

const WEB: &str = include_str!("../../it/data/web-concept.yaml");

thread_local! {
    static BASE: Session = {
        let opts = Options::default();
        let a = stsplay::analyze(&[Input { name: "web.yaml", text: WEB }], &opts);
        let mut s = Session::new(Simulation::new(&a, &opts, &SimOptions::default()));
        s.files.insert("web.yaml".into(), WEB.into());
        s.sim.run(None);
        s
    };
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut session = BASE.with(Session::clone);
    // The command a line ends: the lines of an open quote, `\` or here-document run together.
    let mut command = String::new();
    for raw in text.lines().take(16) {
        if session.continuing() {
            command.push('\n');
            command.push_str(raw);
        } else {
            command = raw.to_string();
        }
        let line = command.as_str();
        let before = session.sim.world.now;
        let out = session.run(raw);
        assert!(
            (0..=255).contains(&out.code),
            "{line:?}: exit code {}",
            out.code
        );
        // `exit N` ends with N and says nothing, in every shell (`! exit N` too: the shell
        // is gone before `!` could turn the status).
        // (`VAR=x exit N` too: an assignment before it changes nothing.)
        let exit = line
            .trim_start()
            .trim_start_matches('!')
            .trim_start()
            .starts_with("exit")
            || line.split_whitespace().any(|w| w == "exit");
        // Standard error sent to a file (`&>`, `2>`, `>&`) takes the failure's words with it.
        let quiet = ["&>", "2>", ">&"].iter().any(|r| line.contains(r))
            // curl's `-s` keeps its errors to itself, as the real curl does.
            || line.contains("curl") && (line.contains(" -s") || line.contains("--silent"));
        if out.code != 0 && !line.contains('|') && !line.contains(';') && !exit && !quiet {
            assert!(
                !out.stderr().is_empty() || !out.stdout().is_empty() || out.code == 1,
                "{line:?} failed with no word"
            );
        }
        assert!(session.sim.world.now >= before, "{line:?}: time went back");
    }
});
