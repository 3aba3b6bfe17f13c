//! Arbitrary text as a share link's fragment into `share::decode`: never a panic, only a
//! `LinkError` whose sentence says what is wrong; and whatever decodes encodes to a link that
//! decodes to the same state (`decode(encode(decode(x))) == decode(x)`). Structured states
//! round-trip too.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use stsplay::share::{self, LinkError, Shared, SharedChart, View};

#[derive(Arbitrary, Debug)]
enum Case {
    /// A fragment as typed or pasted.
    Text(String),
    /// Raw bytes as a link's data (base64url of arbitrary, mostly non-DEFLATE, bytes).
    Data(Vec<u8>),
    /// A state built from parts.
    State {
        text: String,
        scenario: Option<String>,
        seed: u64,
        journal: Vec<(u64, String)>,
        t: u64,
        speed: u32,
        view: (bool, bool, bool),
        /// Files, active file, release name, `--set` lines, helm version.
        chart: Option<(Vec<(String, String)>, usize, String, String, u32)>,
        /// What runs in the containers and what their images hold, as the page chose it.
        programs: Vec<(String, String)>,
        tools: Vec<(String, String)>,
        /// The Kubernetes minor version (any number: only supported ones may round-trip).
        kubernetes: Option<u32>,
    },
}

fn round_trip(fragment: &str) {
    match share::decode(fragment) {
        Ok(state) => {
            let link = share::encode(&state);
            assert!(link.starts_with("s="), "{link}");
            assert_eq!(share::decode(&link).as_ref(), Ok(&state), "{link}");
            assert_eq!(share::encode(&state), link, "encode is deterministic");
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
}

fuzz_target!(|case: Case| match case {
    Case::Text(s) => {
        round_trip(&s);
        round_trip(&format!("#s={s}"));
    }
    Case::Data(bytes) => round_trip(&format!("s={}", share::base64url(&bytes))),
    Case::State {
        text,
        scenario,
        seed,
        journal,
        t,
        speed,
        view,
        chart,
        programs,
        tools,
        kubernetes,
    } => {
        let state = Shared {
            v: share::VERSION,
            text,
            scenario,
            seed,
            journal,
            t,
            speed,
            view: View {
                compare: view.0,
                terminal: view.1,
                timeline: view.2,
            },
            // A link's chart has files and opens one of them.
            chart: chart
                .filter(|c| !c.0.is_empty())
                .map(|(files, active, release, sets, helm)| SharedChart {
                    active: active % files.len(),
                    files,
                    release,
                    sets,
                    helm,
                }),
            programs,
            tools,
            kubernetes,
        };
        // Within the bounds a link may ask for, it round-trips; beyond them, a sentence says why.
        let within = state.journal.len() <= share::MAX_JOURNAL
            && state.t <= share::MAX_TIME
            && state.journal.iter().all(|(t, _)| *t <= share::MAX_TIME)
            && state.journal.windows(2).all(|w| w[0].0 <= w[1].0)
            && state
                .kubernetes
                .is_none_or(|m| stsplay::version::SUPPORTED.contains(&m));
        let link = share::encode(&state);
        match share::decode(&link) {
            Ok(decoded) => {
                assert!(within, "decoded a link beyond the bounds: {state:?}");
                assert_eq!(decoded, state);
                assert_eq!(share::decode(&format!("#embed&{link}&readonly")), Ok(state));
            }
            Err(LinkError::BadData(why)) => assert!(!within, "{why}: {state:?}"),
            Err(e) => panic!("{e} for {state:?}"),
        }
    }
});
