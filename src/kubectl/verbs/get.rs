//! `kubectl get`: tables (one per kind, with kubectl's separators), `-o name|yaml|json|
//! jsonpath=...`, label and field selectors, `--ignore-not-found`, and `-w`, which prints a
//! row per change while virtual time runs (`kubectl/pkg/cmd/get/get.go`, the watch's `RememberWidths`).

use super::super::get::{self as tables, Format};
use super::super::registry::Args;
use super::super::resources::{self, Res};
use super::super::session::Session;
use super::super::text::GET;
use super::{LabelFilter, namespace, requests, resolve, selector_of};
use crate::shell::Output;
use crate::shell::output::Result;
use crate::sim::world::key;
use serde_json::Value;

pub fn get(s: &mut Session, a: &Args) -> Result {
    let qs = requests(&a.positional, "get")?;
    let all_ns = a.has("all-namespaces");
    let ns = namespace(s, a);
    let sel = selector_of(a)?;
    let sel_dyn: LabelFilter<'_> = sel.as_ref().map(|f| f as &dyn Fn(&_) -> bool);
    // `--template T` alone means `-o go-template`.
    let output = match (a.get("output"), a.get("template")) {
        (None, Some(_)) => "go-template",
        (o, _) => o.unwrap_or(""),
    };
    let go_template = [
        "go-template",
        "go-template-file",
        "template",
        "templatefile",
    ]
    .iter()
    .find(|p| output == **p || output.starts_with(&format!("{p}=")));
    let multi = qs.len() > 1;
    let mut f = Format {
        wide: output == "wide",
        show_labels: a.has("show-labels"),
        label_columns: a
            .all("label-columns")
            .iter()
            .flat_map(|v| v.split(','))
            .filter(|k| !k.is_empty())
            .map(str::to_string)
            .collect(),
        no_headers: a.has("no-headers"),
        all_namespaces: all_ns,
        with_kind: multi || a.has("show-kind"),
    };
    let mut out = Output::default();
    if qs.iter().any(|q| q.res == Res::Endpoints) && s.sim.opts.profile.minor >= 33 {
        // A warning header from the API server (Endpoints deprecated by KEP-4974).
        out.eprint(
            "Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n",
        );
    }
    let mut errors = Vec::new();
    let mut resolved = Vec::new();
    for q in &qs {
        let (found, errs) = resolve(
            s,
            q,
            if all_ns { None } else { Some(&ns) },
            sel_dyn,
            a.get("field-selector"),
        );
        if !a.has("ignore-not-found") {
            errors.extend(errs);
        }
        resolved.push((q.res, found, !q.names.is_empty()));
    }
    let w = &s.sim.world;
    let mut text = String::new();
    match output {
        "" | "wide" => {
            let mut blocks = Vec::new();
            for (r, found, _) in &resolved {
                let t = tables::table(w, *r, found, &f);
                if !t.is_empty() {
                    blocks.push(t);
                }
            }
            // One empty line between kinds, only with headers (`separatorWriterWrapper`).
            text = blocks.join(if f.no_headers { "" } else { "\n" });
        }
        "name" => {
            for (r, found, _) in &resolved {
                for (_, n) in found {
                    text.push_str(&format!("{}/{n}\n", r.kind_prefix()));
                }
            }
        }
        o if o == "yaml" || o == "json" || o.starts_with("jsonpath") || go_template.is_some() => {
            let single = resolved.len() == 1 && resolved[0].2 && resolved[0].1.len() == 1;
            let objects: Vec<Value> = resolved
                .iter()
                .flat_map(|(r, found, _)| {
                    found
                        .iter()
                        .filter_map(|(o_ns, n)| tables::object(w, *r, o_ns, n))
                })
                .collect();
            let root = if single {
                objects.into_iter().next().unwrap_or(Value::Null)
            } else {
                serde_json::json!({"apiVersion": "v1", "items": objects, "kind": "List", "metadata": {"resourceVersion": ""}})
            };
            if root.is_null() {
                // Nothing found: only the errors print.
            } else if o == "yaml" {
                text = super::super::yaml_out::to_yaml(&root);
            } else if o == "json" {
                // cli-runtime's JSONPrinter: json.Marshal, then json.Indent with four spaces.
                text = format!("{}\n", crate::go::json(&root, Some("    ")));
            } else if let Some(kind) = go_template {
                let inline = o.strip_prefix(kind).and_then(|r| r.strip_prefix('='));
                let given = inline.or(a.get("template")).unwrap_or_default();
                let from_file = kind.ends_with("file");
                let template = if from_file {
                    match s.files.get(given) {
                        Some(t) => t.clone(),
                        None => {
                            return Err(format!(
                                "error: error reading --template {given}, open {given}: no such file or directory"
                            )
                            .into());
                        }
                    }
                } else if given.is_empty() {
                    return Err("error: template format specified but no template given".into());
                } else {
                    given.trim_matches('\'').to_string()
                };
                match super::super::gotemplate::execute(&template, &root) {
                    Ok(t) => text = t,
                    Err((printed, error)) => {
                        out.print(&printed);
                        out.eprint(&format!("{error}\n"));
                        out.code = 1;
                        return Ok(out);
                    }
                }
            } else {
                let template = o
                    .trim_start_matches("jsonpath")
                    .trim_start_matches('=')
                    .trim_matches('\'');
                text = super::super::jsonpath::execute(template, &root)
                    .map_err(|e| format!("error: {e}"))?;
            }
        }
        other => {
            return Err(format!(
                    "error: unable to match a printer suitable for the output format \"{other}\", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml"
                )
                .into());
        }
    }
    if a.has("watch") || a.has("watch-only") {
        if qs.len() != 1 {
            return Err("error: you may only specify a single resource type".into());
        }
        f.with_kind = false;
        let initial = if a.has("watch-only") {
            String::new()
        } else {
            text
        };
        text = watch(
            s,
            qs[0].res,
            &qs[0].names,
            if all_ns { None } else { Some(ns.as_str()) },
            &f,
            initial,
        );
    }
    out.print(&text);
    for e in &errors {
        out.eprintln(e);
    }
    if !errors.is_empty() {
        out.code = 1;
    }
    let nothing = resolved.iter().all(|(_, found, _)| found.is_empty());
    if nothing && errors.is_empty() && !a.has("watch") && (output.is_empty() || output == "wide") {
        let namespaced = qs.iter().any(|q| q.res.namespaced());
        out.eprint(&if all_ns || !namespaced {
            "No resources found\n".to_string()
        } else {
            format!("No resources found in {ns} namespace.\n")
        });
    }
    Ok(out)
}

/// `kubectl get -w`: prints a row whenever an object's row changes, until the world settles
/// (at most 10 minutes of virtual time). Column widths are those of the first flush and only
/// grow (`RememberWidths`): later rows are not re-aligned with earlier ones.
fn watch(
    s: &mut Session,
    r: Res,
    names: &[String],
    ns: Option<&str>,
    f: &Format,
    initial: String,
) -> String {
    let mut out = initial.clone();
    let header_cells = tables::header(r, f);
    let age_col = header_cells
        .iter()
        .position(|h| h == "AGE" || h == "LAST SEEN");
    let row_of = |s: &Session, n_ns: &str, n: &str| -> Option<Vec<String>> {
        tables::rows(&s.sim.world, r, &[(n_ns.to_string(), n.to_string())], f)
            .into_iter()
            .next()
    };
    let shown = |s: &Session| -> Vec<(String, String)> {
        resources::names(&s.sim.world, r, ns)
            .into_iter()
            .filter(|(_, n)| names.is_empty() || names.contains(n))
            .collect()
    };
    // What the last printed row stood for: the row without its AGE, plus, for pods, the
    // fields whose updates print an identical-looking row (kubectl prints one row per watch
    // event: scheduling a pod prints `Pending` again).
    let strip_age = |row: &[String]| -> Vec<String> {
        row.iter()
            .enumerate()
            .filter(|(j, _)| Some(*j) != age_col)
            .map(|(_, c)| c.clone())
            .collect()
    };
    let version = |s: &Session, n_ns: &str, n: &str, row: &[String]| -> Vec<String> {
        let mut v = strip_age(row);
        if r == Res::Pod
            && let Some(p) = s.sim.world.pods.get(&key(n_ns, n))
        {
            v.push(p.node.clone().unwrap_or_default());
            v.extend(
                p.conditions
                    .iter()
                    .map(|c| format!("{}={}", c.ty, c.status)),
            );
        }
        v
    };
    let first: Vec<((String, String), Vec<String>)> = shown(s)
        .into_iter()
        .filter_map(|(a, b)| row_of(s, &a, &b).map(|row| ((a, b), row)))
        .collect();
    // The widths of the first flush (the initial list), remembered from then on.
    let mut widths: Vec<usize> = Vec::new();
    if !initial.is_empty() {
        let head = (!f.no_headers).then_some(&header_cells);
        for cells in head.into_iter().chain(first.iter().map(|(_, row)| row)) {
            for (j, c) in cells.iter().enumerate().take(cells.len().saturating_sub(1)) {
                let w = (c.chars().count() + GET.padding).max(GET.min_width);
                match widths.get_mut(j) {
                    Some(x) => *x = (*x).max(w),
                    None => widths.push(w),
                }
            }
        }
    }
    let mut last = crate::sort::to_map(
        first
            .iter()
            .map(|(k, row)| (k.clone(), version(s, &k.0, &k.1, row))),
    );
    let mut printed_header = !initial.is_empty() || f.no_headers;
    let deadline = s.sim.world.now + 10 * 60 * 1000;
    while let Some(t) = s.sim.next_change() {
        if t > deadline {
            break;
        }
        s.sim.world.run(t, true);
        for (n_ns, n) in shown(s) {
            let Some(row) = row_of(s, &n_ns, &n) else {
                continue;
            };
            let v = version(s, &n_ns, &n, &row);
            let k = (n_ns, n);
            if last.get(&k) == Some(&v) {
                continue;
            }
            last.insert(k, v);
            if !printed_header {
                out.push_str(&remember_row(&header_cells, &mut widths));
                printed_header = true;
            }
            out.push_str(&remember_row(&row, &mut widths));
        }
    }
    out
}

/// One watch row with remembered widths that only grow.
fn remember_row(cells: &[String], widths: &mut Vec<usize>) -> String {
    let mut line = String::new();
    for (j, c) in cells.iter().enumerate() {
        line.push_str(c);
        if j + 1 < cells.len() {
            let w = (c.chars().count() + GET.padding).max(GET.min_width);
            if widths.len() <= j {
                widths.push(w);
            } else if widths[j] < w {
                widths[j] = w;
            }
            for _ in c.chars().count()..widths[j] {
                line.push(' ');
            }
        }
    }
    line.push('\n');
    line
}
