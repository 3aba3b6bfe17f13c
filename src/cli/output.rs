//! Text and JSON renderings of analyses for the CLI.

use crate::Analysis;
use crate::diag::Diagnostic;
use std::fmt::Write;

fn diagnostics_json(a: &Analysis) -> Vec<serde_json::Value> {
    a.diagnostics
        .iter()
        .map(|d| crate::diagnostic_json(d, &a.manifests.files))
        .collect()
}

pub fn lint_json(a: &Analysis) -> String {
    let v = serde_json::json!({ "diagnostics": diagnostics_json(a) });
    format!("{}\n", v)
}

pub fn plan_json(a: &Analysis) -> String {
    let v = serde_json::json!({
        "diagnostics": diagnostics_json(a),
        "statefulsets": a.plan.statefulsets,
        "services": a.plan.services,
    });
    format!("{}\n", v)
}

/// `web.yaml:12:7: error: spec.replicas: Invalid value: -1: ... [negative-field]`
pub fn diagnostic_line(d: &Diagnostic, files: &[String]) -> String {
    let file = files.get(d.file).map(String::as_str).unwrap_or("-");
    format!(
        "{file}:{}:{}: {}: {} [{}]",
        d.span.start.line,
        d.span.start.column,
        d.severity.as_str(),
        d.text(),
        d.code
    )
}

fn summary(a: &Analysis) -> String {
    let count = |s| a.diagnostics.iter().filter(|d| d.severity == s).count();
    use crate::Severity::*;
    let (e, w, i) = (count(Error), count(Warning), count(Info));
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {}, {}\n",
        plural(e, "error"),
        plural(w, "warning"),
        plural(i, "info")
    )
}

pub fn lint_text(a: &Analysis) -> String {
    let mut out = String::new();
    for d in &a.diagnostics {
        let _ = writeln!(out, "{}", diagnostic_line(d, &a.manifests.files));
    }
    out.push_str(&summary(a));
    out
}

pub fn plan_text(a: &Analysis) -> String {
    let mut out = String::new();
    for d in &a.diagnostics {
        let _ = writeln!(out, "{}", diagnostic_line(d, &a.manifests.files));
    }
    if !a.diagnostics.is_empty() {
        out.push('\n');
    }
    for s in &a.plan.statefulsets {
        let _ = writeln!(
            out,
            "StatefulSet {}/{}: {} replica{}, {}, serviceName {:?}",
            s.namespace,
            s.name,
            s.replicas,
            if s.replicas == 1 { "" } else { "s" },
            s.pod_management_policy,
            s.service_name
        );
        let _ = writeln!(
            out,
            "  updateStrategy {}{}, minReadySeconds {}, revisionHistoryLimit {}, PVC retention whenDeleted={} whenScaled={}",
            s.update_strategy,
            s.partition
                .map(|p| format!(" (partition {p})"))
                .unwrap_or_default(),
            s.min_ready_seconds,
            s.revision_history_limit,
            s.pvc_retention.when_deleted,
            s.pvc_retention.when_scaled
        );
        let _ = writeln!(
            out,
            "  revision {} (the pods' controller-revision-hash label)",
            s.update_revision
        );
        let mut rows = vec![vec![
            "POD".to_string(),
            "ORDINAL".into(),
            "DNS NAME".into(),
            "PVCS".into(),
        ]];
        for p in &s.pods {
            let dns = match (&p.fqdn, p.resolvable) {
                (Some(f), true) => f.clone(),
                (Some(f), false) => format!("{f} (does not resolve)"),
                (None, _) => "<none>".into(),
            };
            let pvcs = if p.pvcs.is_empty() {
                "<none>".into()
            } else {
                p.pvcs.join(",")
            };
            rows.push(vec![p.name.clone(), p.ordinal.to_string(), dns, pvcs]);
        }
        out.push_str(&indent_table(&rows, "  "));
        if s.truncated {
            let _ = writeln!(
                out,
                "  ... the first {} of {} pods are listed",
                s.pods.len(),
                s.replicas
            );
        }
        if let Some(reason) = s.pods.iter().find_map(|p| p.reason.as_ref()) {
            let _ = writeln!(out, "  DNS: {reason}");
        }
        let refused: Vec<&crate::derive::PodPlan> =
            s.pods.iter().filter(|p| !p.creatable).collect();
        if let Some(first) = refused.first() {
            let names: Vec<&str> = refused.iter().take(3).map(|p| p.name.as_str()).collect();
            let more = if refused.len() > 3 { ", ..." } else { "" };
            let _ = writeln!(
                out,
                "  FailedCreate: the API server refuses {} of the {} pods ({}{more}), so they are never created: {}",
                refused.len(),
                s.pods.len(),
                names.join(", "),
                first.create_error.as_deref().unwrap_or_default()
            );
        }
        out.push('\n');
    }
    for svc in &a.plan.services {
        let _ = writeln!(
            out,
            "Service {}/{}: {}{}",
            svc.namespace,
            svc.name,
            svc.fqdn,
            if svc.headless { " (headless)" } else { "" }
        );
        for srv in &svc.srv {
            let _ = writeln!(out, "  SRV {srv}");
        }
    }
    out.push_str(&summary(a));
    out
}

/// Left-aligned columns separated by three spaces, no trailing whitespace.
fn indent_table(rows: &[Vec<String>], indent: &str) -> String {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..cols)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for r in rows {
        let mut line = String::from(indent);
        for (i, cell) in r.iter().enumerate() {
            line.push_str(cell);
            if i + 1 < r.len() {
                line.push_str(&" ".repeat(widths[i] - cell.chars().count() + 3));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

pub fn diff_json(diff: &crate::update::Diff, files: &[String]) -> String {
    let list = |ds: &[Diagnostic]| -> Vec<serde_json::Value> {
        ds.iter()
            .map(|d| crate::diagnostic_json(d, files))
            .collect()
    };
    let v = serde_json::json!({
        "diagnostics": list(&diff.diagnostics),
        "forbidden": list(&diff.forbidden),
        "restarts": diff.restarts,
    });
    format!("{}\n", v)
}

pub fn diff_text(diff: &crate::update::Diff, files: &[String]) -> String {
    let mut out = String::new();
    // Infos are in the JSON; the text shows what needs attention.
    for d in diff.forbidden.iter().chain(
        diff.diagnostics
            .iter()
            .filter(|d| d.severity != crate::Severity::Info),
    ) {
        let _ = writeln!(out, "{}", diagnostic_line(d, files));
    }
    if diff.forbidden.is_empty() {
        if diff.diagnostics.iter().any(crate::Diagnostic::is_error) {
            // NEW itself is invalid (or not even text): nothing is applied.
            out.push_str("The API server would reject the new manifests (see the errors above); no pod would be replaced.\n");
        } else if diff.restarts.is_empty() {
            out.push_str("The update is allowed; no pod would be replaced by a rolling update.\n");
        } else {
            let _ = writeln!(
                out,
                "The update is allowed; a rolling update replaces {} pod{}, highest ordinal first: {}",
                diff.restarts.len(),
                if diff.restarts.len() == 1 { "" } else { "s" },
                diff.restarts.join(", ")
            );
        }
    } else {
        out.push_str("The API server would reject this update (delete and recreate the StatefulSet, e.g. with --cascade=orphan, to change these fields).\n");
    }
    out
}

pub fn simulate_text(a: &Analysis, sim: &crate::sim::Simulation) -> String {
    let mut out = String::new();
    for d in a
        .diagnostics
        .iter()
        .filter(|d| d.severity != crate::Severity::Info)
    {
        let _ = writeln!(out, "{}", diagnostic_line(d, &a.manifests.files));
    }
    if !out.is_empty() {
        out.push('\n');
    }
    for line in sim.text_lines(0) {
        out.push_str(&line);
        out.push('\n');
    }
    let w = &sim.world;
    out.push('\n');
    for s in w.sets.values() {
        let st = &s.status;
        let _ = writeln!(
            out,
            "StatefulSet {}/{}: {} replicas, {} ready, {} available, {} current, {} updated; currentRevision {}, updateRevision {}",
            s.ns,
            s.name,
            st.replicas,
            st.ready,
            st.available,
            st.current,
            st.updated,
            st.current_revision,
            st.update_revision
        );
    }
    let mut rows = vec![vec![
        "POD".to_string(),
        "PHASE".into(),
        "READY".into(),
        "RESTARTS".into(),
        "REVISION".into(),
        "IP".into(),
    ]];
    let state = sim.state_json();
    for p in state["pods"].as_array().into_iter().flatten() {
        let name = p["name"].as_str().unwrap_or("");
        let ip = w
            .pods
            .values()
            .find(|x| x.name == name)
            .and_then(|x| x.ip.clone())
            .unwrap_or_else(|| "<none>".into());
        rows.push(vec![
            name.to_string(),
            p["phase"].as_str().unwrap_or("").to_string(),
            p["ready"].to_string(),
            p["restarts"].to_string(),
            p["revision"].as_str().unwrap_or("").to_string(),
            ip,
        ]);
    }
    if rows.len() > 1 {
        out.push_str(&indent_table(&rows, ""));
    }
    for f in w.resolvable_pod_fqdns() {
        let _ = writeln!(out, "resolves: {f}");
    }
    let _ = writeln!(
        out,
        "simulated {} ({} timeline entries)",
        crate::sim::format_ms(w.now),
        w.log.len()
    );
    out
}
