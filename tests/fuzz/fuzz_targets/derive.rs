//! A generated StatefulSet (replicas, ordinals.start, names, serviceName, claim templates and
//! partition fuzzed towards their limits) through `analyze`, then the plan's invariants: pods are
//! `<sts>-<ordinal>` over consecutive ordinals from `ordinals.start`, each pod's claims are
//! `<template>-<sts>-<ordinal>` in template order, listings are capped, and a set without errors
//! gets exactly the pods its replicas ask for.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stsplay::derive::MAX_LISTED_PODS;
use stsplay::{Input, Options};
use stsplay_fuzz::Sts;

fuzz_target!(|sts: Sts| {
    let text = sts.yaml();
    let a = stsplay::analyze(
        &[Input {
            name: "fuzz.yaml",
            text: &text,
        }],
        &Options::default(),
    );
    for d in &a.diagnostics {
        assert!(d.span.start.line >= 1 && d.span.start.column >= 1, "{d:?}");
    }
    assert_eq!(a.plan.statefulsets.len(), a.defaulted.len());
    for (plan, (index, tree)) in a.plan.statefulsets.iter().zip(&a.defaulted) {
        assert_eq!(plan.object, *index);
        let (start, end) = stsplay::derive::ordinal_range(tree);
        assert!(start >= 0 && end >= start, "range {start}..{end}");
        let listed = (end - start).min(MAX_LISTED_PODS);
        assert_eq!(plan.pods.len() as i64, listed, "{text}");
        assert_eq!(plan.truncated, end - start > MAX_LISTED_PODS);
        let templates: Vec<&str> = tree
            .seq_at(&["spec", "volumeClaimTemplates"])
            .iter()
            .map(|t| t.str_at(&["metadata", "name"]).unwrap_or(""))
            .collect();
        assert_eq!(plan.pvcs.len(), plan.pods.len() * templates.len());
        let mut pvcs = plan.pvcs.iter();
        for (i, pod) in plan.pods.iter().enumerate() {
            let ordinal = start + i as i64;
            assert_eq!(pod.ordinal, ordinal);
            assert_eq!(pod.name, format!("{}-{ordinal}", plan.name));
            assert_eq!(pod.hostname, pod.name);
            assert_eq!(pod.subdomain, plan.service_name);
            let want: Vec<String> = templates
                .iter()
                .map(|t| format!("{t}-{}-{ordinal}", plan.name))
                .collect();
            assert_eq!(pod.pvcs, want);
            for claim in &want {
                let p = pvcs.next().expect("a claim per template per pod");
                assert_eq!((&p.name, &p.pod), (claim, &pod.name));
            }
            match (&pod.fqdn, &plan.governing_domain) {
                (Some(f), Some(d)) => assert_eq!(f, &format!("{}.{d}", pod.name)),
                (None, None) => {}
                other => panic!("fqdn and governing domain disagree: {other:?}"),
            }
            assert_eq!(pod.resolvable, pod.reason.is_none());
            assert_eq!(
                pod.labels.get("statefulset.kubernetes.io/pod-name"),
                Some(&pod.name)
            );
        }
        // A valid set asks for exactly what was written.
        if !a.has_errors() {
            if let Some(r) = sts.replicas.as_ref().and_then(|r| r.int()) {
                assert_eq!(i64::from(plan.replicas), r, "{text}");
                assert_eq!(end - start, r);
            }
            if let Some(s) = sts.start.as_ref().and_then(|s| s.int()) {
                assert_eq!(i64::from(plan.ordinals_start), s, "{text}");
            }
            // (OnDelete sets are written without a rollingUpdate block.)
            if let Some(p) = sts.partition.as_ref().and_then(|p| p.int())
                && !sts.on_delete
            {
                assert_eq!(plan.partition.map(i64::from), Some(p), "{text}");
            }
        }
    }
});
