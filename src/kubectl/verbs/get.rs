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
    let qs = requests(&s.sim.world, &a.positional, "get")?;
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
    if let Some(w) = super::endpoints_warning(s, &qs) {
        out.eprint(w);
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
    let sort_field = match a.get("sort-by").filter(|f| !f.is_empty()) {
        Some(f) => Some(relaxed_jsonpath(f).map_err(|e| format!("error: {e}"))?),
        None => None,
    };
    // Tables and names are sorted per kind: the server's table of each kind when it has
    // more than one row (`TableSorter`), the names' list (`SortingPrinter.sortObj`).
    if let Some(field) = sort_field
        .as_ref()
        .filter(|_| matches!(output, "" | "wide" | "name"))
    {
        let least = if output == "name" { 1 } else { 2 };
        for (r, found, _) in resolved.iter_mut().filter(|(_, f, _)| f.len() >= least) {
            let r = *r;
            sort_by_field(found, field, |(o_ns, n)| tables::object(w, r, o_ns, n))
                .map_err(|e| format!("error: {e}"))?;
        }
    }
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
        o if o == "yaml"
            || o == "json"
            || o.starts_with("jsonpath")
            || o.starts_with("custom-columns")
            || go_template.is_some() =>
        {
            let single = resolved.len() == 1 && resolved[0].2 && resolved[0].1.len() == 1;
            let mut objects: Vec<Value> = resolved
                .iter()
                .flat_map(|(r, found, _)| {
                    found
                        .iter()
                        .filter_map(|(o_ns, n)| tables::object(w, *r, o_ns, n))
                })
                .collect();
            if let Some((_, n)) = resolved[..resolved.len().min(1)]
                .iter()
                .filter(|(r, _, _)| single && objects.is_empty() && *r == Res::Pod)
                .flat_map(|(_, found, _)| found)
                .find(|(o_ns, n)| crate::kubectl::system::pod(o_ns, n).is_some())
            {
                return Err(crate::kubectl::system::not_simulated(n).into());
            }
            // One list of every kind, sorted as a whole (`SortingPrinter.sortObj`).
            if let Some(field) = sort_field
                .as_ref()
                .filter(|_| !single && !objects.is_empty())
            {
                sort_by_field(&mut objects, field, |o| Some(o.clone()))
                    .map_err(|e| format!("error: {e}"))?;
            }
            let root = if single {
                objects.into_iter().next().unwrap_or(Value::Null)
            } else {
                serde_json::json!({"apiVersion": "v1", "items": objects, "kind": "List", "metadata": {"resourceVersion": ""}})
            };
            if root.is_null() {
                // Nothing found: only the errors print.
            } else if let Some(spec) = o.strip_prefix("custom-columns=") {
                text = custom_columns(&columns(spec)?, &root, f.no_headers)?;
            } else if let Some(file) = o.strip_prefix("custom-columns-file=") {
                let Some(template) = s.files.get(&s.path(file)) else {
                    return Err(format!("error: open {file}: no such file or directory").into());
                };
                text = custom_columns(&columns_file(template)?, &root, f.no_headers)?;
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
                    match s.files.get(&s.path(given)) {
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

/// `RelaxedJSONPathExpression` (kubectl/pkg/cmd/get/customcolumn.go): `{.a.b}`, `{a.b}`,
/// `.a.b` and `a.b` all mean `{.a.b}`.
fn relaxed_jsonpath(expr: &str) -> std::result::Result<String, String> {
    let braced = expr
        .strip_prefix('{')
        .and_then(|e| e.strip_suffix('}'))
        .filter(|inner| !inner.contains(['{', '}']));
    let spec = match braced {
        Some(inner) => inner.strip_prefix('.').unwrap_or(inner),
        None if !expr.contains(['{', '}']) => expr.strip_prefix('.').unwrap_or(expr),
        None => "",
    };
    if spec.is_empty() {
        return Err("unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'".into());
    }
    Ok(format!("{{.{spec}}}"))
}

/// kubectl's `--sort-by` (kubectl/pkg/cmd/get/sorter.go, `RuntimeSort` and `TableSorter`):
/// each item's first value for `field`, then Go's `sort.Sort`, which is not stable, with
/// `isLess`. An item without the field sorts first; the field must be found in at least one.
fn sort_by_field<T>(
    items: &mut Vec<T>,
    field: &str,
    object: impl Fn(&T) -> Option<Value>,
) -> std::result::Result<(), String> {
    let mut keyed: Vec<(Option<Value>, T)> = Vec::with_capacity(items.len());
    for item in items.drain(..) {
        let v = match object(&item) {
            Some(o) => super::super::jsonpath::first(field, &o)?,
            None => None,
        };
        keyed.push((v, item));
    }
    if !keyed.iter().any(|(v, _)| v.is_some()) {
        return Err(format!(
            "couldn't find any field with path {} in the list of objects",
            crate::go::quote(field)
        ));
    }
    let mut error = None;
    crate::sort::go_sort(&mut keyed, &mut |(a, _), (b, _)| match (a, b) {
        (None, _) => true,
        (_, None) => false,
        (Some(a), Some(b)) => is_less(a, b).unwrap_or_else(|e| {
            error.get_or_insert(e);
            false
        }),
    });
    if let Some(e) = error {
        return Err(format!("Field {field} is an unsortable type: {e}"));
    }
    items.extend(keyed.into_iter().map(|(_, item)| item));
    Ok(())
}

/// `isLess` for the values of an unstructured object: a nil first, integers and floats by
/// value, strings as quantities when both are one (`100Mi` before `1Gi`), else in natural
/// order (`web-2` before `web-10`).
fn is_less(a: &Value, b: &Value) -> std::result::Result<bool, String> {
    match (a, b) {
        (Value::Null, Value::Null) => Ok(false),
        (Value::Null, _) => Ok(true),
        (_, Value::Null) => Ok(false),
        (Value::Number(x), Value::Number(y)) => {
            match (x.as_i64(), y.as_i64(), x.as_f64(), y.as_f64()) {
                (Some(i), Some(j), _, _) => Ok(i < j),
                (None, None, Some(f), Some(g)) if !x.is_u64() && !y.is_u64() => Ok(f < g),
                _ => Err("unsortable interface: interface".into()),
            }
        }
        (Value::String(x), Value::String(y)) => {
            match (
                crate::quantity::parse_quantity(x),
                crate::quantity::parse_quantity(y),
            ) {
                (Ok(p), Ok(q)) => Ok(p.cmp_value(&q) == std::cmp::Ordering::Less),
                _ => Ok(natural_less(x, y)),
            }
        }
        (Value::Number(_) | Value::String(_), _) => Err("unsortable interface: interface".into()),
        (Value::Bool(_), _) => Err("unsortable type: bool".into()),
        (Value::Object(_), _) => Err("unsortable type: map[string]interface {}".into()),
        (Value::Array(_), _) => Err("unsortable type: []interface {}".into()),
    }
}

/// `sortorder.NaturalLess` (github.com/fvbommel/sortorder): runs of digits compare as
/// numbers (fewer leading zeros first when equal), other bytes as bytes, digits before
/// other bytes.
fn natural_less(a: &str, b: &str) -> bool {
    let (s, t) = (a.as_bytes(), b.as_bytes());
    let (mut i, mut j) = (0, 0);
    while i < s.len() && j < t.len() {
        let (c, d) = (s[i], t[j]);
        let (dc, dd) = (c.is_ascii_digit(), d.is_ascii_digit());
        if dc != dd {
            return dc;
        }
        if !dc {
            if c != d {
                return c < d;
            }
            i += 1;
            j += 1;
            continue;
        }
        while i < s.len() && s[i] == b'0' {
            i += 1;
        }
        while j < t.len() && t[j] == b'0' {
            j += 1;
        }
        let (nz1, nz2) = (i, j);
        while i < s.len() && s[i].is_ascii_digit() {
            i += 1;
        }
        while j < t.len() && t[j].is_ascii_digit() {
            j += 1;
        }
        let (l1, l2) = (i - nz1, j - nz2);
        if l1 != l2 {
            return l1 < l2;
        }
        if s[nz1..i] != t[nz2..j] {
            return s[nz1..i] < t[nz2..j];
        }
        if nz1 != nz2 {
            return nz1 < nz2;
        }
    }
    s.len() < t.len()
}

/// `-o custom-columns=HEADER:PATH,...` (kubectl/pkg/cmd/get/customcolumn.go
/// `NewCustomColumnsPrinterFromSpec`): each column's header and relaxed JSONPath.
fn columns(spec: &str) -> std::result::Result<Vec<(String, String)>, String> {
    if spec.is_empty() {
        return Err("error: custom-columns format specified but no custom columns given".into());
    }
    spec.split(',')
        .map(|part| match part.split_once(':') {
            Some((header, path)) => Ok((
                header.to_string(),
                relaxed_jsonpath(path).map_err(|e| format!("error: {e}"))?,
            )),
            None => Err(format!(
                "error: unexpected custom-columns spec: {part}, expected <header>:<json-path-expr>"
            )),
        })
        .collect()
}

/// `-o custom-columns-file=FILE` (`NewCustomColumnsPrinterFromTemplate`): a line of headers
/// and a line of paths, separated by blanks.
fn columns_file(template: &str) -> std::result::Result<Vec<(String, String)>, String> {
    let mut lines = template.lines().filter(|l| !l.trim().is_empty());
    let (Some(headers), Some(paths)) = (lines.next(), lines.next()) else {
        return Err(
            "error: invalid template, expected two lines: the headers and the JSONPath expressions"
                .into(),
        );
    };
    let headers: Vec<&str> = headers.split_whitespace().collect();
    let paths: Vec<&str> = paths.split_whitespace().collect();
    if headers.len() != paths.len() {
        return Err(format!(
            "error: number of headers: {} doesn't match the number of specs: {}",
            headers.len(),
            paths.len()
        ));
    }
    headers
        .iter()
        .zip(paths)
        .map(|(h, p)| {
            Ok((
                h.to_string(),
                relaxed_jsonpath(p).map_err(|e| format!("error: {e}"))?,
            ))
        })
        .collect()
}

/// The custom-columns table: one row per object (the items of a list), each cell every value
/// its path finds as Go's `%v` prints it, joined by commas, or `<none>`.
fn custom_columns(
    columns: &[(String, String)],
    root: &Value,
    no_headers: bool,
) -> std::result::Result<String, String> {
    let objects: Vec<&Value> = match root.get("items").and_then(Value::as_array) {
        Some(items) if root.get("kind").and_then(Value::as_str) == Some("List") => {
            items.iter().collect()
        }
        _ => vec![root],
    };
    let mut text = String::new();
    if !no_headers {
        let headers: Vec<&str> = columns.iter().map(|(h, _)| h.as_str()).collect();
        text.push_str(&headers.join("\t"));
        text.push('\n');
    }
    for o in objects {
        let mut cells = Vec::new();
        for (_, path) in columns {
            let found = super::super::jsonpath::all(path, o)?;
            cells.push(if found.is_empty() {
                "<none>".to_string()
            } else {
                found.iter().map(go_v).collect::<Vec<_>>().join(",")
            });
        }
        text.push_str(&cells.join("\t"));
        text.push('\n');
    }
    Ok(super::super::text::tabwrite(&text, GET))
}

/// Go's `%v` of a value decoded from JSON into `interface{}`: maps as `map[k:v]` (keys
/// sorted), slices as `[a b]`, floats shortest, nil as `<nil>`.
fn go_v(v: &Value) -> String {
    match v {
        Value::Null => "<nil>".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => match n.as_i64() {
            Some(i) => i.to_string(),
            None => crate::go::format_float(n.as_f64().unwrap_or(0.0), 'g', -1),
        },
        Value::String(s) => s.clone(),
        Value::Array(a) => format!("[{}]", a.iter().map(go_v).collect::<Vec<_>>().join(" ")),
        Value::Object(m) => format!(
            "map[{}]",
            m.iter()
                .map(|(k, v)| format!("{k}:{}", go_v(v)))
                .collect::<Vec<_>>()
                .join(" ")
        ),
    }
}

#[cfg(test)]
mod sort_tests {
    use super::*;

    #[test]
    fn natural_order_and_relaxed_paths() {
        assert!(natural_less("web-2", "web-10"));
        assert!(!natural_less("web-10", "web-2"));
        assert!(natural_less("a01", "a001"));
        assert!(natural_less("1x", "ax"));
        assert!(natural_less("web", "web-0"));
        assert_eq!(
            relaxed_jsonpath(".metadata.name").as_deref(),
            Ok("{.metadata.name}")
        );
        assert_eq!(
            relaxed_jsonpath("{.metadata.name}").as_deref(),
            Ok("{.metadata.name}")
        );
        assert_eq!(
            relaxed_jsonpath("metadata.name").as_deref(),
            Ok("{.metadata.name}")
        );
        assert!(relaxed_jsonpath("{.a}{.b}").is_err());
        let mut v = vec!["10Gi", "1Gi", "100Mi", "web"];
        let mut x: Vec<Value> = v.drain(..).map(|s| Value::String(s.into())).collect();
        crate::sort::go_sort(&mut x, &mut |a, b| is_less(a, b).unwrap_or(false));
        let got: Vec<&str> = x.iter().filter_map(|v| v.as_str()).collect();
        assert_eq!(got[..3], ["100Mi", "1Gi", "10Gi"]);
    }
}
