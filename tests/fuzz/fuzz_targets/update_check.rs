//! Two manifests through the update check behind `kubectl stsplay diff -f OLD -f NEW`: NEW is
//! OLD with fuzzed changes, another generated set, or raw text. Invariants: no panic; a rejected
//! update (forbidden fields or errors) replaces no pod; replaced pods are `<sts>-<ordinal>`,
//! highest ordinal first, at or above the partition and inside both versions' ranges; an
//! unchanged manifest is a no-op.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use stsplay::derive::{MAX_LISTED_PODS, ordinal_range};
use stsplay::{Analysis, Input, Options};
use stsplay_fuzz::{Change, Sts};

#[derive(Arbitrary, Debug)]
enum New {
    Changed(Vec<Change>),
    Other(Box<Sts>),
    Raw(String),
}

#[derive(Arbitrary, Debug)]
struct Case {
    old: Sts,
    new: New,
    /// OLD as raw text instead (the ends of the input space).
    old_raw: Option<String>,
}

fn analyze(name: &str, text: &str) -> Analysis {
    stsplay::analyze(&[Input { name, text }], &Options::default())
}

fn check(old_text: &str, new_text: &str) -> stsplay::update::Diff {
    let old = analyze("old.yaml", old_text);
    let mut new = analyze("new.yaml", new_text);
    new.manifests.files = vec!["new.yaml".into()];
    let diff = stsplay::update::check(&old, &new);
    for d in diff.diagnostics.iter().chain(&diff.forbidden) {
        assert!(d.span.start.line >= 1 && d.span.start.column >= 1, "{d:?}");
    }
    let rejected = !diff.forbidden.is_empty() || diff.diagnostics.iter().any(|d| d.is_error());
    if rejected {
        assert!(diff.restarts.is_empty(), "a rejected update restarts pods");
    }
    // Restarts, per StatefulSet of NEW that updates one of OLD.
    let mut rest = diff.restarts.as_slice();
    for (ni, tree) in &new.defaulted {
        let obj = &new.manifests.objects[*ni];
        let Some((_, old_tree)) = old.defaulted.iter().find(|(oi, _)| {
            let o = &old.manifests.objects[*oi];
            o.name == obj.name && o.namespace == obj.namespace
        }) else {
            continue;
        };
        let expected = stsplay::update::restarts(old_tree, tree, &obj.name);
        if rejected {
            continue;
        }
        assert!(
            rest.starts_with(&expected),
            "{rest:?} does not start with {expected:?}"
        );
        rest = &rest[expected.len()..];
        assert!(expected.len() as i64 <= MAX_LISTED_PODS);
        let (start, end) = ordinal_range(tree);
        let (old_start, old_end) = ordinal_range(old_tree);
        let partition = tree
            .int_at(&["spec", "updateStrategy", "rollingUpdate", "partition"])
            .unwrap_or(0)
            .max(0);
        let mut last = i64::MAX;
        for name in &expected {
            let ordinal: i64 = name
                .strip_prefix(&format!("{}-", obj.name))
                .and_then(|o| o.parse().ok())
                .unwrap_or_else(|| panic!("{name} is not {}-<ordinal>", obj.name));
            assert!(ordinal < last, "not highest first: {expected:?}");
            last = ordinal;
            assert!(ordinal >= start + partition && ordinal >= old_start.max(start));
            assert!(ordinal < end.min(old_end));
        }
    }
    if !rejected {
        assert!(rest.is_empty(), "restarts of no StatefulSet: {rest:?}");
    }
    diff
}

fuzz_target!(|case: Case| {
    let old_text = case.old_raw.clone().unwrap_or_else(|| case.old.yaml());
    let new_text = match &case.new {
        New::Changed(changes) => {
            let mut s = case.old.clone();
            for c in changes.iter().take(8) {
                c.apply(&mut s);
            }
            s.yaml()
        }
        New::Other(s) => s.yaml(),
        New::Raw(t) => t.clone(),
    };
    check(&old_text, &new_text);
    // Replacing a manifest by itself changes nothing.
    let same = check(&old_text, &old_text);
    assert!(same.forbidden.is_empty(), "{:?}", same.forbidden);
    assert!(same.restarts.is_empty(), "{:?}", same.restarts);
});
