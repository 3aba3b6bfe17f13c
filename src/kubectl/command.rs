//! The kubectl subcommands of the terminal, printing what kubectl prints (kubectl-output spec
//! §1, §5, §6, §7): `get`, `describe`, `delete`, `scale`, `apply`, `create`, `patch`,
//! `set image`, `rollout`, `wait`, `version`, `cluster-info`, `api-resources`, and kubectl's
//! errors for what it does not know.

use super::get::{self, Format};
use super::resources::{self, Res};
use super::session::{Output, Session};
use super::shellwords::{self, Flag, flag};
use super::text::{GET, tabwrite};
use crate::sim::Applied;
use crate::sim::world::{Ms, key};
use serde_json::Value;

const SUBCOMMANDS: &[&str] = &[
    "get",
    "describe",
    "exec",
    "logs",
    "delete",
    "scale",
    "apply",
    "create",
    "patch",
    "set",
    "rollout",
    "wait",
    "port-forward",
    "run",
    "version",
    "cluster-info",
    "api-resources",
    "config",
    "top",
    "label",
    "annotate",
    "edit",
    "explain",
];

/// Runs `kubectl ARGS...`.
pub fn kubectl(s: &mut Session, args: &[String]) -> Output {
    let Some(sub) = args.first() else {
        return Output::ok(
            "kubectl controls the Kubernetes cluster manager.\n\nTry 'help' for the commands this terminal knows.\n",
        );
    };
    let rest = &args[1..];
    match sub.as_str() {
        "get" => get_cmd(s, rest),
        "describe" => describe(s, rest),
        "exec" => super::exec::exec(s, rest),
        "logs" => super::exec::logs(s, rest),
        "delete" => delete(s, rest),
        "scale" => scale(s, rest),
        "apply" => apply(s, rest, false),
        "create" => apply(s, rest, true),
        "patch" => patch(s, rest),
        "set" => set(s, rest),
        "rollout" => rollout(s, rest),
        "wait" => wait(s, rest),
        "port-forward" => super::exec::port_forward(s, rest),
        "run" => super::exec::run_pod(s, rest),
        "version" => Output::ok(format!(
            "Client Version: v1.{m}.0\nKustomize Version: v5.7.1\nServer Version: v1.{m}.0\n",
            m = s.sim.opts.profile.minor
        )),
        "cluster-info" => Output::ok(
            "Kubernetes control plane is running at https://192.168.49.2:8443\nCoreDNS is running at https://192.168.49.2:8443/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\n\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n",
        ),
        "config" => match rest.first().map(String::as_str) {
            Some("current-context") => Output::ok("minikube\n"),
            Some("view") => Output::ok(
                "apiVersion: v1\nclusters:\n- cluster:\n    server: https://192.168.49.2:8443\n  name: minikube\ncontexts:\n- context:\n    cluster: minikube\n    namespace: default\n    user: minikube\n  name: minikube\ncurrent-context: minikube\nkind: Config\nusers:\n- name: minikube\n  user: {}\n",
            ),
            _ => Output::err(
                "error: this terminal supports `kubectl config current-context` and `kubectl config view`",
                1,
            ),
        },
        "api-resources" => Output::ok(tabwrite(
            "NAME\tSHORTNAMES\tAPIVERSION\tNAMESPACED\tKIND\nendpoints\tep\tv1\ttrue\tEndpoints\nevents\tev\tv1\ttrue\tEvent\nnamespaces\tns\tv1\tfalse\tNamespace\nnodes\tno\tv1\tfalse\tNode\npersistentvolumeclaims\tpvc\tv1\ttrue\tPersistentVolumeClaim\npersistentvolumes\tpv\tv1\tfalse\tPersistentVolume\npods\tpo\tv1\ttrue\tPod\nservices\tsvc\tv1\ttrue\tService\ncontrollerrevisions\t\tapps/v1\ttrue\tControllerRevision\nstatefulsets\tsts\tapps/v1\ttrue\tStatefulSet\nendpointslices\t\tdiscovery.k8s.io/v1\ttrue\tEndpointSlice\nstorageclasses\tsc\tstorage.k8s.io/v1\tfalse\tStorageClass\n",
            GET,
        )),
        "top" => Output::err("error: Metrics API not available", 1),
        "label" | "annotate" | "edit" | "explain" => Output::err(
            format!("error: `kubectl {sub}` is not available in this terminal; try 'help'"),
            1,
        ),
        "help" | "--help" | "-h" => Output::ok(super::session::HELP),
        other => {
            let mut msg = format!("error: unknown command \"{other}\" for \"kubectl\"");
            if let Some(best) = SUBCOMMANDS
                .iter()
                .min_by_key(|c| crate::schema::edit_distance(other, c))
                .filter(|c| crate::schema::edit_distance(other, c) <= 2)
            {
                msg.push_str(&format!("\n\nDid you mean this?\n\t{best}\n"));
            }
            Output::err(msg, 1)
        }
    }
}

/// A label selector as a predicate on an object's labels (`-l`), if one was given.
type LabelFilter<'a> = Option<&'a dyn Fn(&std::collections::BTreeMap<String, String>) -> bool>;

const API_RESOURCES: &str =
    "Use \"kubectl api-resources\" for a complete list of supported resources.";

/// cli-runtime's `missingResourceError`.
const MISSING_RESOURCE: &str = "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'";

/// A namespace-qualified request: a type and its names (empty: all).
struct Request {
    res: Res,
    names: Vec<String>,
}

/// `TYPE[,TYPE] [NAME...]` or `TYPE/NAME...`.
fn requests(args: &[String], verb: &str) -> Result<Vec<Request>, String> {
    if args.is_empty() {
        return Err(match verb {
            // get.go `Complete`: a hint on stderr, then a usage error.
            "get" => format!(
                "You must specify the type of resource to get. {API_RESOURCES}\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples"
            ),
            "describe" => {
                format!("error: You must specify the type of resource to describe. {API_RESOURCES}")
            }
            // The resource builder's `missingResourceError`.
            _ => MISSING_RESOURCE.to_string(),
        });
    }
    let parse = |t: &str| -> Result<Vec<Res>, String> {
        if t == "all" {
            return Ok(vec![Res::Pod, Res::Service, Res::StatefulSet]);
        }
        Res::parse(t)
            .map(|r| vec![r])
            .ok_or_else(|| format!("error: the server doesn't have a resource type \"{t}\""))
    };
    if args.iter().any(|a| a.contains('/')) {
        if !args.iter().all(|a| a.contains('/')) {
            return Err(format!(
                "error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl {verb} resource/<resource_name>' instead of 'kubectl {verb} resource resource/<resource_name>'"
            ));
        }
        let mut out: Vec<Request> = Vec::new();
        for a in args {
            let (t, n) = a.split_once('/').unwrap_or((a, ""));
            for r in parse(t)? {
                match out.iter_mut().find(|q| q.res == r) {
                    Some(q) => q.names.push(n.to_string()),
                    None => out.push(Request {
                        res: r,
                        names: vec![n.to_string()],
                    }),
                }
            }
        }
        return Ok(out);
    }
    let mut out = Vec::new();
    for t in args[0].split(',').filter(|t| !t.is_empty()) {
        for r in parse(t)? {
            out.push(Request {
                res: r,
                names: args[1..].to_vec(),
            });
        }
    }
    Ok(out)
}

/// A label selector (`app=web,tier!=db,env in (a,b),!legacy`) as a predicate.
pub fn selector(
    s: &str,
) -> Result<impl Fn(&std::collections::BTreeMap<String, String>) -> bool, String> {
    let mut reqs = Vec::new();
    let mut depth = 0;
    let mut cur = String::new();
    for c in s.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                reqs.push(std::mem::take(&mut cur));
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    if !cur.is_empty() {
        reqs.push(cur);
    }
    let mut parsed: Vec<(String, String, Vec<String>)> = Vec::new();
    for r in reqs {
        let r = r.trim();
        let set = |rest: &str| {
            rest.trim()
                .trim_start_matches('(')
                .trim_end_matches(')')
                .split(',')
                .map(|v| v.trim().to_string())
                .collect::<Vec<_>>()
        };
        if let Some((k, v)) = r.split_once("!=") {
            parsed.push((k.trim().into(), "!=".into(), vec![v.trim().into()]));
        } else if let Some((k, v)) = r.split_once("==").or_else(|| r.split_once('=')) {
            parsed.push((k.trim().into(), "=".into(), vec![v.trim().into()]));
        } else if let Some((k, v)) = r.split_once(" notin ") {
            parsed.push((k.trim().into(), "notin".into(), set(v)));
        } else if let Some((k, v)) = r.split_once(" in ") {
            parsed.push((k.trim().into(), "in".into(), set(v)));
        } else if let Some(k) = r.strip_prefix('!') {
            parsed.push((k.trim().into(), "!".into(), vec![]));
        } else if !r.is_empty()
            && r.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
        {
            parsed.push((r.into(), "exists".into(), vec![]));
        } else {
            return Err(format!(
                "error: unable to parse requirement: found '{r}', expected: in, notin, =, ==, !=, gt, lt"
            ));
        }
    }
    Ok(move |labels: &std::collections::BTreeMap<String, String>| {
        parsed.iter().all(|(k, op, vs)| {
            let v = labels.get(k);
            match op.as_str() {
                "=" => v == vs.first(),
                "!=" => v != vs.first(),
                "in" => v.is_some_and(|v| vs.contains(v)),
                "notin" => v.is_none_or(|v| !vs.contains(v)),
                "!" => v.is_none(),
                _ => v.is_some(),
            }
        })
    })
}

fn labels_of(
    s: &Session,
    r: Res,
    ns: &str,
    name: &str,
) -> std::collections::BTreeMap<String, String> {
    let w = &s.sim.world;
    let k = key(ns, name);
    match r {
        Res::Pod => w.pods.get(&k).map(|p| p.labels.clone()),
        Res::StatefulSet => w.sets.get(&k).map(|x| x.labels.clone()),
        Res::Service => w.services.get(&k).map(|x| x.labels.clone()),
        Res::Pvc => w.pvcs.get(&k).map(|x| x.labels.clone()),
        _ => None,
    }
    .unwrap_or_default()
}

/// The namespace of a command (`-n`), the session's otherwise.
fn namespace(s: &Session, a: &shellwords::Args) -> String {
    a.get("namespace")
        .map_or_else(|| s.namespace.clone(), str::to_string)
}

const GET_FLAGS: &[Flag] = &[
    flag("output", Some('o'), true),
    flag("watch", Some('w'), false),
    flag("watch-only", None, false),
    flag("selector", Some('l'), true),
    flag("all-namespaces", Some('A'), false),
    flag("show-labels", None, false),
    flag("label-columns", Some('L'), true),
    flag("no-headers", None, false),
    flag("field-selector", None, true),
    flag("ignore-not-found", None, false),
    flag("show-kind", None, false),
    flag("output-watch-events", None, false),
];

/// The objects a request names (explicit or listed), and NotFound errors.
fn resolve(
    s: &Session,
    q: &Request,
    ns: Option<&str>,
    sel: LabelFilter<'_>,
    field: Option<&str>,
) -> (Vec<(String, String)>, Vec<String>) {
    let w = &s.sim.world;
    let listed = resources::names(w, q.res, if q.res.namespaced() { ns } else { None });
    if q.names.is_empty() {
        let kept = listed
            .into_iter()
            .filter(|(n_ns, n)| sel.is_none_or(|f| f(&labels_of(s, q.res, n_ns, n))))
            .filter(|(n_ns, n)| field.is_none_or(|f| field_matches(s, q.res, n_ns, n, f)))
            .collect();
        return (kept, Vec::new());
    }
    let mut found = Vec::new();
    let mut errors = Vec::new();
    for n in &q.names {
        match listed.iter().find(|(_, x)| x == n) {
            Some(hit) => found.push(hit.clone()),
            None => errors.push(q.res.not_found(n)),
        }
    }
    (found, errors)
}

/// `--field-selector status.phase=Running`, `metadata.name=web-0`.
fn field_matches(s: &Session, r: Res, ns: &str, name: &str, sel: &str) -> bool {
    sel.split(',').all(|req| {
        let (k, neg, v) = match req.split_once("!=") {
            Some((k, v)) => (k, true, v),
            None => match req.split_once("==").or_else(|| req.split_once('=')) {
                Some((k, v)) => (k, false, v),
                None => return true,
            },
        };
        let actual = match (r, k) {
            (_, "metadata.name") => Some(name.to_string()),
            (_, "metadata.namespace") => Some(ns.to_string()),
            (Res::Pod, "status.phase") => s
                .sim
                .world
                .pods
                .get(&key(ns, name))
                .map(|p| p.phase.as_str().to_string()),
            (Res::Pod, "spec.nodeName") => s
                .sim
                .world
                .pods
                .get(&key(ns, name))
                .and_then(|p| p.node.clone()),
            _ => None,
        };
        (actual.as_deref() == Some(v)) != neg
    })
}

fn get_cmd(s: &mut Session, args: &[String]) -> Output {
    let a = match shellwords::parse(args, GET_FLAGS, "kubectl get") {
        Ok(a) => a,
        Err(e) => return Output::err(e, 1),
    };
    let qs = match requests(&a.positional, "get") {
        Ok(q) => q,
        Err(e) => return Output::err(e, 1),
    };
    let all_ns = a.has("all-namespaces");
    let ns = namespace(s, &a);
    let sel = match a.get("selector").map(selector) {
        Some(Ok(f)) => Some(f),
        Some(Err(e)) => return Output::err(e, 1),
        None => None,
    };
    let sel_dyn: LabelFilter<'_> = sel.as_ref().map(|f| f as &dyn Fn(&_) -> bool);
    let output = a.get("output").unwrap_or("");
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
        out.stderr.push_str(
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
    match output {
        "" | "wide" => {
            let mut blocks = Vec::new();
            for (r, found, _) in &resolved {
                let t = get::table(w, *r, found, &f);
                if !t.is_empty() {
                    blocks.push(t);
                }
            }
            // One empty line between kinds, only with headers (`separatorWriterWrapper`).
            out.stdout = blocks.join(if f.no_headers { "" } else { "\n" });
        }
        "name" => {
            for (r, found, _) in &resolved {
                for (_, n) in found {
                    out.stdout.push_str(&format!("{}/{n}\n", r.kind_prefix()));
                }
            }
        }
        o if o == "yaml" || o == "json" || o.starts_with("jsonpath") => {
            let single = resolved.len() == 1 && resolved[0].2 && resolved[0].1.len() == 1;
            let objects: Vec<Value> = resolved
                .iter()
                .flat_map(|(r, found, _)| {
                    found
                        .iter()
                        .filter_map(|(o_ns, n)| get::object(w, *r, o_ns, n))
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
                out.stdout = super::yaml_out::to_yaml(&root);
            } else if o == "json" {
                out.stdout = format!(
                    "{}\n",
                    serde_json::to_string_pretty(&root)
                        .unwrap_or_default()
                        .replace("  ", "    ")
                );
            } else {
                let template = o
                    .trim_start_matches("jsonpath")
                    .trim_start_matches('=')
                    .trim_matches('\'');
                match super::jsonpath::execute(template, &root) {
                    Ok(t) => out.stdout = t,
                    Err(e) => return Output::err(format!("error: {e}"), 1),
                }
            }
        }
        other => {
            return Output::err(
                format!(
                    "error: unable to match a printer suitable for the output format \"{other}\", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml"
                ),
                1,
            );
        }
    }
    for e in &errors {
        out.stderr.push_str(e);
        out.stderr.push('\n');
    }
    if !errors.is_empty() {
        out.code = 1;
    }
    let nothing = resolved.iter().all(|(_, found, _)| found.is_empty());
    if nothing && errors.is_empty() && !a.has("watch") && (output.is_empty() || output == "wide") {
        let namespaced = qs.iter().any(|q| q.res.namespaced());
        out.stderr.push_str(&if all_ns || !namespaced {
            "No resources found\n".to_string()
        } else {
            format!("No resources found in {ns} namespace.\n")
        });
    }
    if a.has("watch") || a.has("watch-only") {
        if qs.len() != 1 {
            return Output::err("error: you may only specify a single resource type", 1);
        }
        f.with_kind = false;
        let initial = if a.has("watch-only") {
            String::new()
        } else {
            out.stdout.clone()
        };
        out.stdout = watch(
            s,
            qs[0].res,
            &qs[0].names,
            if all_ns { None } else { Some(ns.as_str()) },
            &f,
            initial,
        );
    }
    out
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
    let header_cells = get::header(r, f);
    let age_col = header_cells
        .iter()
        .position(|h| h == "AGE" || h == "LAST SEEN");
    let row_of = |s: &Session, n_ns: &str, n: &str| -> Option<Vec<String>> {
        get::rows(&s.sim.world, r, &[(n_ns.to_string(), n.to_string())], f)
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

fn describe(s: &mut Session, args: &[String]) -> Output {
    let a = match shellwords::parse(
        args,
        &[
            flag("selector", Some('l'), true),
            flag("all-namespaces", Some('A'), false),
            flag("show-events", None, true),
        ],
        "kubectl describe",
    ) {
        Ok(a) => a,
        Err(e) => return Output::err(e, 1),
    };
    let qs = match requests(&a.positional, "describe") {
        Ok(q) => q,
        Err(e) => return Output::err(e, 1),
    };
    let ns = namespace(s, &a);
    let all_ns = a.has("all-namespaces");
    let sel = match a.get("selector").map(selector) {
        Some(Ok(f)) => Some(f),
        Some(Err(e)) => return Output::err(e, 1),
        None => None,
    };
    let sel_dyn: LabelFilter<'_> = sel.as_ref().map(|f| f as &dyn Fn(&_) -> bool);
    let w = &s.sim.world;
    let mut texts = Vec::new();
    let mut errors = Vec::new();
    let mut targets: Vec<(Res, String, String)> = Vec::new();
    // `describe TYPE NAME` and only that form falls back to prefix matching when NAME is not
    // found (`DescribeMatchingResources`).
    let prefix_form = a.positional.len() == 2 && !a.positional[0].contains('/') && qs.len() == 1;
    let mut prefixed_any = false;
    for q in &qs {
        if q.names.is_empty() {
            let scope = (!all_ns).then_some(ns.as_str());
            let (found, _) = resolve(s, q, scope, sel_dyn, None);
            targets.extend(found.into_iter().map(|(o_ns, n)| (q.res, o_ns, n)));
            continue;
        }
        let listed = resources::names(w, q.res, if q.res.namespaced() { Some(&ns) } else { None });
        for n in &q.names {
            if listed.iter().any(|(_, x)| x == n) {
                targets.push((q.res, ns.clone(), n.clone()));
            } else {
                // kubectl falls back to prefix matching (`DescribeMatchingResources`).
                let prefixed: Vec<_> = listed
                    .iter()
                    .filter(|(_, x)| prefix_form && x.starts_with(n.as_str()))
                    .collect();
                if prefixed.is_empty() {
                    errors.push(q.res.not_found(n));
                } else {
                    prefixed_any = true;
                    targets.extend(
                        prefixed
                            .into_iter()
                            .map(|(o_ns, x)| (q.res, o_ns.clone(), x.clone())),
                    );
                }
            }
        }
    }
    let explicit = a.flags.contains_key("show-events");
    let show_events = if explicit {
        a.has("show-events")
    } else {
        targets.len() <= 1
    };
    for (r, o_ns, n) in &targets {
        if let Some(t) = super::describe::describe(w, *r, o_ns, n, show_events) {
            texts.push(t);
        }
    }
    // `Run` separates objects with "\n\n"; the prefix fallback ends each one with "\n".
    let mut out = Output::ok(if prefixed_any {
        texts.iter().map(|t| format!("{t}\n")).collect()
    } else {
        texts.join("\n\n")
    });
    if targets.is_empty() && errors.is_empty() {
        out.stderr = if a.has("all-namespaces") {
            "No resources found\n".to_string()
        } else {
            format!("No resources found in {ns} namespace.\n")
        };
    }
    for e in errors {
        out.stderr.push_str(&e);
        out.stderr.push('\n');
        out.code = 1;
    }
    out
}

/// The namespace suffix of delete lines (kubectl ≥ 1.34).
fn deleted(s: &Session, r: Res, name: &str, ns: &str, verb: &str) -> String {
    if s.sim.opts.profile.delete_names_namespace && r.namespaced() {
        format!(
            "{} \"{name}\" {verb} from {ns} namespace\n",
            r.kind_prefix()
        )
    } else {
        format!("{} \"{name}\" {verb}\n", r.kind_prefix())
    }
}

fn delete(s: &mut Session, args: &[String]) -> Output {
    let a = match shellwords::parse(
        args,
        &[
            flag("cascade", None, true),
            flag("grace-period", None, true),
            flag("force", None, false),
            flag("wait", None, true),
            flag("now", None, false),
            flag("selector", Some('l'), true),
            flag("all", None, false),
            flag("filename", Some('f'), true),
            flag("ignore-not-found", None, false),
        ],
        "kubectl delete",
    ) {
        Ok(a) => a,
        Err(e) => return Output::err(e, 1),
    };
    if let Some(file) = a.get("filename") {
        let Some(text) = s.files.get(file).cloned() else {
            return Output::err(format!("error: the path \"{file}\" does not exist"), 1);
        };
        let analysis = crate::analyze(
            &[crate::Input {
                name: file,
                text: &text,
            }],
            &s.sim.opts,
        );
        let mut argv = Vec::new();
        for o in &analysis.manifests.objects {
            let t = match o.kind {
                crate::manifest::Kind::StatefulSet => "sts",
                crate::manifest::Kind::Service => "svc",
                _ => continue,
            };
            argv.push(format!("{t}/{}", o.name));
        }
        return delete(s, &argv);
    }
    let qs = match requests(&a.positional, "delete") {
        Ok(q) => q,
        Err(e) => return Output::err(e, 1),
    };
    let ns = namespace(s, &a);
    let cascade = a.get("cascade").unwrap_or("background");
    if !matches!(
        cascade,
        "background" | "orphan" | "foreground" | "true" | "false"
    ) {
        return Output::err(
            format!(
                "error: invalid cascade value ({cascade}). Must be \"background\", \"foreground\", or \"orphan\""
            ),
            1,
        );
    }
    let orphan = cascade == "orphan" || cascade == "false";
    let force = a.has("force") && a.get("grace-period") == Some("0");
    let wait = a.get("wait") != Some("false");
    let sel = match a.get("selector").map(selector) {
        Some(Ok(f)) => Some(f),
        Some(Err(e)) => return Output::err(e, 1),
        None => None,
    };
    if qs.iter().all(|q| q.names.is_empty()) && sel.is_none() && !a.has("all") {
        return Output::err(
            "error: resource(s) were provided, but no name was specified",
            1,
        );
    }
    let mut out = Output::default();
    if force {
        out.stderr.push_str("Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n");
    }
    let sel_dyn: LabelFilter<'_> = sel.as_ref().map(|f| f as &dyn Fn(&_) -> bool);
    // Objects to wait for, by key and UID (a StatefulSet recreates a pod under the same name).
    let mut waiting: Vec<(Res, String, String)> = Vec::new();
    for q in &qs {
        let (found, errs) = resolve(s, q, Some(&ns), sel_dyn, None);
        if !a.has("ignore-not-found") {
            for e in errs {
                out.stderr.push_str(&e);
                out.stderr.push('\n');
                out.code = 1;
            }
        }
        for (o_ns, n) in found {
            let k = key(&o_ns, &n);
            let uid = uid_of(s, q.res, &k);
            match q.res {
                Res::Pod => {
                    s.sim.world.delete_pod(&k);
                    if force {
                        force_gone(s, &k);
                    }
                }
                Res::Pvc => s.sim.world.delete_claim(&k),
                Res::StatefulSet => s.sim.delete_statefulset(&k, orphan),
                Res::Service => {
                    s.sim.world.services.remove(&k);
                    let e = s
                        .sim
                        .world
                        .log(crate::sim::world::Action::Gone, "Service", &o_ns, &n);
                    e.message = Some("deleted".into());
                }
                other => {
                    out.stderr.push_str(&format!(
                        "error: deleting {} is not supported in this terminal\n",
                        other.plural()
                    ));
                    out.code = 1;
                    continue;
                }
            }
            out.stdout.push_str(&deleted(
                s,
                q.res,
                &n,
                &o_ns,
                if force { "force deleted" } else { "deleted" },
            ));
            waiting.push((q.res, k, uid));
        }
    }
    if out.stdout.is_empty() && out.code == 0 {
        out.stdout = "No resources found\n".into();
    }
    // kubectl waits until the objects are gone (`--wait=true`).
    if wait {
        let deadline = s.sim.world.now + 120_000;
        while waiting.iter().any(|(r, k, uid)| uid_of(s, *r, k) == *uid) {
            match s.sim.next_change() {
                Some(t) if t <= deadline => {
                    s.sim.world.run(t, true);
                }
                _ => break,
            }
        }
        for (r, k, uid) in &waiting {
            if *r == Res::Pvc && uid_of(s, *r, k) == *uid {
                out.stderr.push_str(&format!(
                    "(the claim {} stays Terminating while a pod uses it; kubectl would keep waiting here)\n",
                    k.rsplit('/').next().unwrap_or(k)
                ));
            }
        }
    }
    out
}

/// The UID of the object at `k` now (empty when there is none).
fn uid_of(s: &Session, r: Res, k: &str) -> String {
    let w = &s.sim.world;
    match r {
        Res::Pod => w.pods.get(k).map(|p| p.uid.clone()),
        Res::Pvc => w.pvcs.get(k).map(|p| p.uid.clone()),
        Res::StatefulSet => w.sets.get(k).map(|p| p.uid.clone()),
        _ => None,
    }
    .unwrap_or_default()
}

/// `--grace-period=0 --force`: the object is removed from the API at once.
fn force_gone(s: &mut Session, k: &str) {
    let w = &mut s.sim.world;
    if let Some(p) = w.pods.remove(k) {
        w.log(crate::sim::world::Action::Gone, "Pod", &p.ns, &p.name);
        w.touch_owner(&k.to_string());
        let owner_set = p.owner.map(|o| key(&p.ns, &o.name));
        if let Some(set) = owner_set {
            w.dirty.insert(set);
        }
        w.release_claims();
    }
}

/// `sts/NAME`, `statefulset NAME`, `statefulset.apps/NAME`: the StatefulSet a command names.
fn sts_target(s: &Session, args: &[String], ns: &str) -> Result<String, String> {
    let (t, n) = match args {
        [one] if one.contains('/') => one
            .split_once('/')
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .unwrap_or_default(),
        [t, n, ..] => (t.clone(), n.clone()),
        [t] => {
            // The resource builder, after checking the type.
            return Err(match Res::parse(t) {
                Some(_) => "error: resource(s) were provided, but no name was specified".into(),
                None => format!("error: the server doesn't have a resource type \"{t}\""),
            });
        }
        [] => return Err(MISSING_RESOURCE.into()),
    };
    match Res::parse(&t) {
        Some(Res::StatefulSet) => {}
        Some(r) => {
            return Err(format!(
                "error: {} \"{n}\" is not a StatefulSet; this terminal changes StatefulSets",
                r.kind_prefix()
            ));
        }
        None => {
            return Err(format!(
                "error: the server doesn't have a resource type \"{t}\""
            ));
        }
    }
    if s.sim.world.sets.contains_key(&key(ns, &n)) {
        Ok(n)
    } else {
        Err(Res::StatefulSet.not_found(&n))
    }
}

fn scale(s: &mut Session, args: &[String]) -> Output {
    let a = match shellwords::parse(
        args,
        &[
            flag("replicas", None, true),
            flag("current-replicas", None, true),
        ],
        "kubectl scale",
    ) {
        Ok(a) => a,
        Err(e) => return Output::err(e, 1),
    };
    let Some(n) = a.get("replicas") else {
        return Output::err("error: required flag(s) \"replicas\" not set", 1);
    };
    let Ok(n) = n.parse::<i64>() else {
        return Output::err(
            format!(
                "error: invalid argument \"{n}\" for \"--replicas\" flag: strconv.ParseInt: parsing \"{n}\": invalid syntax"
            ),
            1,
        );
    };
    if n < 0 {
        return Output::err(
            "error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0",
            1,
        );
    }
    let ns = namespace(s, &a);
    let name = match sts_target(s, &a.positional, &ns) {
        Ok(n) => n,
        Err(e) => return Output::err(e, 1),
    };
    match s.sim.update_set(&key(&ns, &name), |old| {
        let mut v = old.to_json();
        v["spec"]["replicas"] = serde_json::json!(n);
        Ok(v)
    }) {
        Ok(()) => Output::ok(format!("statefulset.apps/{name} scaled\n")),
        Err(e) => Output::err(e, 1),
    }
}

fn apply(s: &mut Session, args: &[String], create_only: bool) -> Output {
    let cmd = if create_only {
        "kubectl create"
    } else {
        "kubectl apply"
    };
    let a = match shellwords::parse(
        args,
        &[
            flag("filename", Some('f'), true),
            flag("server-side", None, false),
            flag("dry-run", None, true),
        ],
        cmd,
    ) {
        Ok(a) => a,
        Err(e) => return Output::err(e, 1),
    };
    let files = a.all("filename");
    if files.is_empty() {
        return Output::err("error: must specify one of -f and -k", 1);
    }
    let mut out = Output::default();
    for file in files {
        // kubectl's own words; `help` says which files this terminal can apply.
        let Some(text) = s.files.get(file).cloned() else {
            return Output::err(format!("error: the path \"{file}\" does not exist"), 1);
        };
        let dry = a.get("dry-run").is_some_and(|d| d != "none");
        let results = if dry {
            let mut copy = s.sim.clone();
            copy.apply_text(file, &text)
        } else {
            s.sim.apply_text(file, &text)
        };
        for (kind, name, r) in results {
            let suffix = if dry { " (dry run)" } else { "" };
            match r {
                Applied::Created => out
                    .stdout
                    .push_str(&format!("{kind}/{name} created{suffix}\n")),
                Applied::Configured if create_only => {
                    out.stderr.push_str(&format!("Error from server (AlreadyExists): error when creating \"{file}\": {} \"{name}\" already exists\n", plural_of(&kind)));
                    out.code = 1;
                }
                Applied::Unchanged if create_only => {
                    out.stderr.push_str(&format!("Error from server (AlreadyExists): error when creating \"{file}\": {} \"{name}\" already exists\n", plural_of(&kind)));
                    out.code = 1;
                }
                Applied::Configured => out
                    .stdout
                    .push_str(&format!("{kind}/{name} configured{suffix}\n")),
                Applied::Unchanged => out
                    .stdout
                    .push_str(&format!("{kind}/{name} unchanged{suffix}\n")),
                Applied::Refused(e) => {
                    out.stderr.push_str(&e);
                    out.stderr.push('\n');
                    out.code = 1;
                }
            }
        }
    }
    s.sim.settle_now();
    out
}

fn plural_of(kind_prefix: &str) -> String {
    match kind_prefix {
        "statefulset.apps" => "statefulsets.apps".into(),
        "service" => "services".into(),
        other => format!("{other}s"),
    }
}

/// Strategic merge patch for the lists StatefulSets use (merged by their keys).
fn strategic_merge(target: &mut Value, patch: &Value, field: &str) {
    let merge_key = match field {
        "containers" | "initContainers" | "env" | "volumes" | "imagePullSecrets" => Some("name"),
        "ports" => Some("containerPort"),
        "volumeMounts" => Some("mountPath"),
        _ => None,
    };
    match (target, patch) {
        (Value::Object(t), Value::Object(p)) => {
            for (k, v) in p {
                if v.is_null() {
                    t.remove(k);
                } else {
                    strategic_merge(t.entry(k.clone()).or_insert(Value::Null), v, k);
                }
            }
        }
        (Value::Array(t), Value::Array(p)) if merge_key.is_some() => {
            let mk = merge_key.unwrap_or("name");
            for item in p {
                match t
                    .iter_mut()
                    .find(|x| x.get(mk) == item.get(mk) && item.get(mk).is_some())
                {
                    Some(existing) => strategic_merge(existing, item, ""),
                    None => t.push(item.clone()),
                }
            }
        }
        (t, p) => *t = p.clone(),
    }
}

/// RFC 6902 JSON patch (add, replace, remove, test).
fn json_patch(target: &mut Value, ops: &Value) -> Result<(), String> {
    let Some(ops) = ops.as_array() else {
        return Err(
            "error: unable to parse \"json\" patch: the patch must be a list of operations".into(),
        );
    };
    for op in ops {
        let kind = op["op"].as_str().unwrap_or("");
        let path = op["path"].as_str().unwrap_or("");
        let parts: Vec<String> = path
            .split('/')
            .skip(1)
            .map(|p| p.replace("~1", "/").replace("~0", "~"))
            .collect();
        let Some((last, parents)) = parts.split_last() else {
            return Err(format!(
                "error: unable to apply the patch: invalid path \"{path}\""
            ));
        };
        let mut cur = &mut *target;
        for p in parents {
            cur = match cur {
                Value::Object(m) => m.get_mut(p).ok_or_else(|| format!("The request is invalid: the server rejected our request due to an error in our request (doc is missing path: \"{path}\")"))?,
                Value::Array(a) => p.parse::<usize>().ok().and_then(|i| a.get_mut(i)).ok_or_else(|| format!("error: unable to find index {p} in \"{path}\""))?,
                _ => return Err(format!("error: invalid path \"{path}\"")),
            };
        }
        let value = op.get("value").cloned().unwrap_or(Value::Null);
        match (kind, cur) {
            ("add" | "replace", Value::Object(m)) => {
                if kind == "replace" && !m.contains_key(last) {
                    return Err(format!(
                        "The request is invalid: the server rejected our request due to an error in our request (doc is missing key: {path})"
                    ));
                }
                m.insert(last.clone(), value);
            }
            ("add", Value::Array(a)) => {
                let i = if last == "-" {
                    a.len()
                } else {
                    last.parse()
                        .map_err(|_| format!("error: invalid index in \"{path}\""))?
                };
                if i > a.len() {
                    return Err(format!("error: index {i} out of range in \"{path}\""));
                }
                a.insert(i, value);
            }
            ("replace", Value::Array(a)) => {
                let i: usize = last
                    .parse()
                    .map_err(|_| format!("error: invalid index in \"{path}\""))?;
                let slot = a
                    .get_mut(i)
                    .ok_or_else(|| format!("error: index {i} out of range in \"{path}\""))?;
                *slot = value;
            }
            ("remove", Value::Object(m)) => {
                m.remove(last)
                    .ok_or_else(|| format!("error: unable to remove nonexistent key: {last}"))?;
            }
            ("remove", Value::Array(a)) => {
                let i: usize = last
                    .parse()
                    .map_err(|_| format!("error: invalid index in \"{path}\""))?;
                if i >= a.len() {
                    return Err(format!("error: index {i} out of range in \"{path}\""));
                }
                a.remove(i);
            }
            ("test", c) => {
                let got = match c {
                    Value::Object(m) => m.get(last).cloned(),
                    Value::Array(a) => last.parse::<usize>().ok().and_then(|i| a.get(i).cloned()),
                    _ => None,
                };
                if got.as_ref() != Some(&value) {
                    return Err(format!("error: testing value {path} failed"));
                }
            }
            (other, _) => {
                return Err(format!(
                    "error: unsupported JSON patch operation \"{other}\""
                ));
            }
        }
    }
    Ok(())
}

fn patch(s: &mut Session, args: &[String]) -> Output {
    let a = match shellwords::parse(
        args,
        &[flag("patch", Some('p'), true), flag("type", None, true)],
        "kubectl patch",
    ) {
        Ok(a) => a,
        Err(e) => return Output::err(e, 1),
    };
    let ns = namespace(s, &a);
    let name = match sts_target(s, &a.positional, &ns) {
        Ok(n) => n,
        Err(e) => return Output::err(e, 1),
    };
    let Some(p) = a.get("patch") else {
        return Output::err("error: must specify -p to patch", 1);
    };
    // kubectl accepts YAML patches too (`yaml.ToJSON`, go-yaml's errors).
    let patch: Value = match serde_json::from_str(p) {
        Ok(v) => v,
        Err(_) => {
            let parsed = crate::yaml::parse(p, &Default::default());
            match (
                parsed.errors.first(),
                parsed.documents.into_iter().next().and_then(|d| d.root),
            ) {
                (None, Some(n)) => n.to_json(),
                (e, _) => {
                    // go-yaml names the (0-based) line only when it is not the first.
                    let (problem, line) =
                        e.map_or(("did not find expected node content", 1), |e| {
                            (
                                e.message.split(" (while").next().unwrap_or(&e.message),
                                e.span.start.line,
                            )
                        });
                    let at = if p.contains('\n') && line > 1 {
                        format!("line {}: ", line - 1)
                    } else {
                        String::new()
                    };
                    return Output::err(
                        format!("error: unable to parse \"{p}\": yaml: {at}{problem}"),
                        1,
                    );
                }
            }
        }
    };
    let ty = a.get("type").unwrap_or("strategic");
    let before = s
        .sim
        .world
        .sets
        .get(&key(&ns, &name))
        .map(|x| x.tree.to_json());
    let result = s.sim.update_set(&key(&ns, &name), |old| {
        let mut v = old.to_json();
        match ty {
            "merge" => crate::sim::ops::merge_patch(&mut v, &patch),
            "json" => json_patch(&mut v, &patch)?,
            "strategic" => strategic_merge(&mut v, &patch, ""),
            other => {
                return Err(format!(
                    "error: --type must be one of [json merge strategic], not \"{other}\""
                ));
            }
        }
        Ok(v)
    });
    match result {
        Ok(()) => {
            let after = s
                .sim
                .world
                .sets
                .get(&key(&ns, &name))
                .map(|x| x.tree.to_json());
            let note = if before == after { " (no change)" } else { "" };
            Output::ok(format!("statefulset.apps/{name} patched{note}\n"))
        }
        Err(e) => Output::err(e, 1),
    }
}

fn set(s: &mut Session, args: &[String]) -> Output {
    if args.first().map(String::as_str) != Some("image") {
        return Output::err("error: this terminal supports `kubectl set image`", 1);
    }
    let a = match shellwords::parse(&args[1..], &[], "kubectl set image") {
        Ok(a) => a,
        Err(e) => return Output::err(e, 1),
    };
    let ns = namespace(s, &a);
    let (target, pairs): (Vec<String>, Vec<String>) =
        a.positional.iter().cloned().partition(|x| !x.contains('='));
    let name = match sts_target(s, &target, &ns) {
        Ok(n) => n,
        Err(e) => return Output::err(e, 1),
    };
    if pairs.is_empty() {
        return Output::err("error: at least one image update is required", 1);
    }
    let result = s.sim.update_set(&key(&ns, &name), |old| {
        let mut v = old.to_json();
        for pair in &pairs {
            let (c, img) = pair.split_once('=').unwrap_or((pair, ""));
            let containers = v["spec"]["template"]["spec"]["containers"].as_array_mut();
            let mut hit = false;
            for x in containers.into_iter().flatten() {
                if c == "*" || x["name"] == serde_json::json!(c) {
                    x["image"] = serde_json::json!(img);
                    hit = true;
                }
            }
            if !hit {
                return Err(format!("error: unable to find container named \"{c}\""));
            }
        }
        Ok(v)
    });
    match result {
        Ok(()) => Output::ok(format!("statefulset.apps/{name} image updated\n")),
        Err(e) => Output::err(e, 1),
    }
}

/// The rollout status message of §7 for the current state, and whether it is final.
fn rollout_message(s: &Session, k: &str) -> Result<(String, bool), String> {
    let Some(set) = s.sim.world.sets.get(k) else {
        return Err("error: object has been deleted".into());
    };
    if set.spec.strategy != "RollingUpdate" {
        return Err(
            "error: rollout status is only available for RollingUpdate strategy type".into(),
        );
    }
    let st = &set.status;
    if st.observed_generation == 0 || set.generation > st.observed_generation {
        return Ok((
            "Waiting for statefulset spec update to be observed...\n".into(),
            false,
        ));
    }
    if st.ready < set.spec.replicas {
        return Ok((
            format!(
                "Waiting for {} pods to be ready...\n",
                set.spec.replicas - st.ready
            ),
            false,
        ));
    }
    if let Some(r) = &set.spec.rolling {
        if st.updated < set.spec.replicas - r.partition {
            return Ok((
                format!(
                    "Waiting for partitioned roll out to finish: {} out of {} new pods have been updated...\n",
                    st.updated,
                    set.spec.replicas - r.partition
                ),
                false,
            ));
        }
        return Ok((
            format!(
                "partitioned roll out complete: {} new pods have been updated...\n",
                st.updated
            ),
            true,
        ));
    }
    if st.update_revision != st.current_revision {
        return Ok((
            format!(
                "waiting for statefulset rolling update to complete {} pods at revision {}...\n",
                st.updated, st.update_revision
            ),
            false,
        ));
    }
    Ok((
        format!(
            "statefulset rolling update complete {} pods at revision {}...\n",
            st.current, st.current_revision
        ),
        true,
    ))
}

fn rollout(s: &mut Session, args: &[String]) -> Output {
    let Some(sub) = args.first() else {
        return Output::err(
            "error: specify a rollout subcommand: status, history, restart, undo",
            1,
        );
    };
    let a = match shellwords::parse(
        &args[1..],
        &[
            flag("watch", Some('w'), true),
            flag("timeout", None, true),
            flag("revision", None, true),
            flag("to-revision", None, true),
        ],
        &format!("kubectl rollout {sub}"),
    ) {
        Ok(a) => a,
        Err(e) => return Output::err(e, 1),
    };
    if !matches!(
        sub.as_str(),
        "status" | "history" | "restart" | "undo" | "pause" | "resume"
    ) {
        // `DefaultSubCommandRun` → `RequireNoArguments`.
        return Output::err(
            format!(
                "error: unknown command \"{}\"\nSee 'kubectl rollout -h' for help and examples",
                args.join(" ")
            ),
            1,
        );
    }
    if a.positional.is_empty() {
        // Each rollout subcommand's `Validate`.
        return Output::err("error: required resource not specified", 1);
    }
    let ns = namespace(s, &a);
    let name = match sts_target(s, &a.positional, &ns) {
        Ok(n) => n,
        Err(e) => return Output::err(e, 1),
    };
    let k = key(&ns, &name);
    match sub.as_str() {
        "status" => {
            let watch = a.get("watch") != Some("false");
            let timeout = match super::session::timeout_flag(a.get("timeout"), 10 * 60 * 1000) {
                Ok(t) => t,
                Err(e) => return Output::err(e, 1),
            };
            let mut out = Output::default();
            let (msg, done) = match rollout_message(s, &k) {
                Ok(m) => m,
                Err(e) => return Output::err(e, 1),
            };
            out.stdout.push_str(&msg);
            if done || !watch {
                return out;
            }
            let deadline = s.sim.world.now + timeout;
            let mut seen = s.sim.world.status_log.len();
            let mut last_gen = s.sim.world.sets.get(&k).map_or(0, |x| x.generation);
            while let Some(t) = s.sim.next_change() {
                if t > deadline {
                    break;
                }
                s.sim.world.run(t, true);
                let generation = s.sim.world.sets.get(&k).map_or(0, |x| x.generation);
                let updates = s.sim.world.status_log[seen..]
                    .iter()
                    .filter(|(_, set, _, _)| set == &k)
                    .count()
                    + usize::from(generation != last_gen);
                seen = s.sim.world.status_log.len();
                last_gen = generation;
                for _ in 0..updates {
                    match rollout_message(s, &k) {
                        Ok((m, d)) => {
                            out.stdout.push_str(&m);
                            if d {
                                return out;
                            }
                        }
                        Err(e) => {
                            out.stderr.push_str(&e);
                            out.stderr.push('\n');
                            out.code = 1;
                            return out;
                        }
                    }
                }
            }
            if s.sim.next_change().is_none_or(|t| t > deadline) {
                if a.get("timeout").is_some() {
                    s.sim.advance(deadline.saturating_sub(s.sim.world.now));
                    out.stderr
                        .push_str("error: timed out waiting for the condition\n");
                } else {
                    out.stderr.push_str("(the rollout cannot progress: nothing will change without outside action; kubectl would keep waiting here)\n");
                }
                out.code = 1;
            }
            out
        }
        "history" => {
            let mut revs: Vec<_> = s
                .sim
                .world
                .revisions
                .values()
                .filter(|r| s.sim.world.sets.get(&k).is_some_and(|x| x.uid == r.set_uid))
                .collect();
            crate::sort::sort_by_key(&mut revs, |r| r.revision);
            // rollout_history.go prints `NAME <with revision #N>\n<history>` with the name
            // printer, which ends the line: hence the trailing space and the empty last line.
            if revs.is_empty() {
                return Output::ok(format!(
                    "statefulset.apps/{name} \nNo rollout history found.\n"
                ));
            }
            if let Some(n) = a.get("revision").filter(|n| *n != "0") {
                let Some(r) = revs.iter().find(|r| r.revision.to_string() == n) else {
                    return Output::err("error: unable to find the specified revision", 1);
                };
                let tpl = super::describe::pod_template_raw(&s.sim.world, &r.template);
                return Output::ok(format!(
                    "statefulset.apps/{name} with revision #{n}\n{tpl}\n"
                ));
            }
            let mut t = String::from("REVISION\tCHANGE-CAUSE\n");
            for r in revs {
                t.push_str(&format!(
                    "{}\t{}\n",
                    r.revision,
                    r.change_cause.clone().unwrap_or_else(|| "<none>".into())
                ));
            }
            Output::ok(format!(
                "statefulset.apps/{name} \n{}\n",
                super::text::tabwrite(
                    &t,
                    super::text::Tab {
                        min_width: 0,
                        padding: 2
                    }
                )
            ))
        }
        "restart" => {
            let at = super::text::rfc3339(super::objects::secs(s.sim.world.now));
            match s.sim.update_set(&k, |old| {
                let mut v = old.to_json();
                v["spec"]["template"]["metadata"]["annotations"]["kubectl.kubernetes.io/restartedAt"] = serde_json::json!(at);
                Ok(v)
            }) {
                Ok(()) => Output::ok(format!("statefulset.apps/{name} restarted\n")),
                Err(e) => Output::err(e, 1),
            }
        }
        "undo" => {
            let Some(set) = s.sim.world.sets.get(&k) else {
                return Output::err(Res::StatefulSet.not_found(&name), 1);
            };
            let mut revs: Vec<_> = s
                .sim
                .world
                .revisions
                .values()
                .filter(|r| r.set_uid == set.uid)
                .cloned()
                .collect();
            crate::sort::sort_by_key(&mut revs, |r| r.revision);
            let current = revs
                .iter()
                .find(|r| r.name == set.status.update_revision)
                .map(|r| r.revision);
            let target = match a.get("to-revision") {
                Some(n) if n != "0" => revs.iter().find(|r| r.revision.to_string() == n),
                _ => revs.iter().rev().find(|r| Some(r.revision) != current),
            };
            let Some(target) = target.cloned() else {
                return Output::err(
                    match a.get("to-revision") {
                        Some(n) if n != "0" => {
                            format!("error: unable to find specified revision {n} in history")
                        }
                        _ => "error: no rollout history found for statefulset".into(),
                    },
                    1,
                );
            };
            if Some(target.revision) == current {
                return Output::ok(format!(
                    "statefulset.apps/{name} skipped rollback (current template already matches revision {})\n",
                    target.revision
                ));
            }
            match s.sim.update_set(&k, |old| {
                let mut v = old.to_json();
                v["spec"]["template"] = target.template.to_json();
                Ok(v)
            }) {
                Ok(()) => Output::ok(format!("statefulset.apps/{name} rolled back\n")),
                Err(e) => Output::err(e, 1),
            }
        }
        "pause" | "resume" => Output::err(
            format!(
                "error: statefulsets.apps \"{name}\" {}ing is not supported",
                sub.trim_end_matches('e')
            ),
            1,
        ),
        other => Output::err(
            format!("error: unknown command \"{other}\" for \"kubectl rollout\""),
            1,
        ),
    }
}

/// Whether `--for` holds for a pod now.
fn condition_holds(s: &Session, k: &str, cond: &str) -> Option<bool> {
    let w = &s.sim.world;
    if cond == "delete" {
        return Some(!w.pods.contains_key(k));
    }
    let p = w.pods.get(k)?;
    let (name, want) = match cond.strip_prefix("condition=")?.split_once('=') {
        Some((n, v)) => (n, v.eq_ignore_ascii_case("true")),
        None => (cond.strip_prefix("condition=")?, true),
    };
    Some(
        p.conditions
            .iter()
            .any(|c| c.ty.eq_ignore_ascii_case(name) && c.status == want),
    )
}

fn wait(s: &mut Session, args: &[String]) -> Output {
    let a = match shellwords::parse(
        args,
        &[
            flag("for", None, true),
            flag("timeout", None, true),
            flag("selector", Some('l'), true),
            flag("all", None, false),
        ],
        "kubectl wait",
    ) {
        Ok(a) => a,
        Err(e) => return Output::err(e, 1),
    };
    let cond = a.get("for").unwrap_or("").to_string();
    if cond != "delete" && !cond.starts_with("condition=") {
        return Output::err(format!("error: unrecognized condition: \"{cond}\""), 1);
    }
    let ns = namespace(s, &a);
    let timeout: Ms = match super::session::timeout_flag(a.get("timeout"), 30_000) {
        Ok(t) => t,
        Err(e) => return Output::err(e, 1),
    };
    let mut targets: Vec<String> = Vec::new();
    let qs = match requests(&a.positional, "wait") {
        Ok(q) => q,
        Err(e) => return Output::err(e, 1),
    };
    let sel = match a.get("selector").map(selector) {
        Some(Ok(f)) => Some(f),
        Some(Err(e)) => return Output::err(e, 1),
        None => None,
    };
    let sel_dyn: LabelFilter<'_> = sel.as_ref().map(|f| f as &dyn Fn(&_) -> bool);
    for q in &qs {
        if q.res != Res::Pod {
            return Output::err(
                "error: this terminal waits for pods (kubectl wait --for=condition=Ready pod/NAME)",
                1,
            );
        }
        let (found, errs) = resolve(s, q, Some(&ns), sel_dyn, None);
        if let Some(e) = errs.first() {
            return Output::err(e.clone(), 1);
        }
        targets.extend(found.into_iter().map(|(_, n)| n));
    }
    if targets.is_empty() {
        return Output::err("error: no matching resources found", 1);
    }
    let deadline = s.sim.world.now + timeout;
    let mut out = Output::default();
    let mut pending = targets.clone();
    loop {
        pending.retain(|n| {
            let ok = condition_holds(s, &key(&ns, n), &cond) == Some(true);
            if ok {
                let verb = if cond == "delete" {
                    "deleted"
                } else {
                    "condition met"
                };
                out.stdout.push_str(&format!("pod/{n} {verb}\n"));
            }
            !ok
        });
        if pending.is_empty() {
            return out;
        }
        match s.sim.next_change() {
            Some(t) if t <= deadline => {
                s.sim.world.run(t, true);
            }
            _ => {
                s.sim.advance(deadline.saturating_sub(s.sim.world.now));
                for n in &pending {
                    out.stderr.push_str(&format!(
                        "error: timed out waiting for the condition on pods/{n}\n"
                    ));
                }
                out.code = 1;
                return out;
            }
        }
    }
}
