//! The verbs that change the cluster: `delete` (and its wait for the objects to go),
//! `scale`, `apply` and `create` (from the machine's files or standard input), `patch`
//! (strategic, merge and JSON patches) and `set image` (cli-runtime `pkg/printers/name.go`, kubectl's `delete.go` `PrintObj`).

use super::super::registry::Args;
use super::super::resources::{self, Res};
use super::super::session::Session;
use super::{LabelFilter, namespace, requests, resolve, selector_of, sts_target};
use crate::shell::output::Result;
use crate::shell::{Error, Output};
use crate::sim::Applied;
use crate::sim::world::key;
use serde_json::Value;

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

pub fn delete(s: &mut Session, a: &Args) -> Result {
    if let Some(file) = a.get("filename") {
        let text = read_file(s, a, file)?;
        let analysis = crate::analyze(
            &[crate::Input {
                name: file,
                text: &text,
            }],
            &s.sim.opts,
        );
        let mut by_name = Args {
            flags: a.flags.clone(),
            ..Args::default()
        };
        by_name.flags.remove("filename");
        for o in &analysis.manifests.objects {
            let t = match o.kind {
                crate::manifest::Kind::StatefulSet => "sts",
                crate::manifest::Kind::Service => "svc",
                _ => continue,
            };
            by_name.positional.push(format!("{t}/{}", o.name));
        }
        return delete(s, &by_name);
    }
    let qs = requests(&s.sim.world, &a.positional, "delete")?;
    let ns = namespace(s, a);
    let cascade = a.get("cascade").unwrap_or("background");
    if !matches!(
        cascade,
        "background" | "orphan" | "foreground" | "true" | "false"
    ) {
        return Err(format!(
            "error: invalid cascade value ({cascade}). Must be \"background\", \"foreground\", or \"orphan\""
        )
        .into());
    }
    let orphan = cascade == "orphan" || cascade == "false";
    let force = a.has("force") && a.get("grace-period") == Some("0");
    let wait = a.get("wait") != Some("false");
    let sel = selector_of(a)?;
    if qs.iter().all(|q| q.names.is_empty()) && sel.is_none() && !a.has("all") {
        return Err("error: resource(s) were provided, but no name was specified".into());
    }
    let mut out = Output::default();
    if force {
        out.eprint("Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n");
    }
    let sel_dyn: LabelFilter<'_> = sel.as_ref().map(|f| f as &dyn Fn(&_) -> bool);
    // Objects to wait for, by key and UID (a StatefulSet recreates a pod under the same name).
    let mut waiting: Vec<(Res, String, String)> = Vec::new();
    for q in &qs {
        let (found, errs) = resolve(s, q, Some(&ns), sel_dyn, None);
        if !a.has("ignore-not-found") {
            for e in errs {
                out.eprintln(&e);
                out.code = 1;
            }
        }
        for (o_ns, n) in found {
            if q.res == Res::Pod && crate::kubectl::system::pod(&o_ns, &n).is_some() {
                out.eprintln(&crate::kubectl::system::not_simulated(&n));
                out.code = 1;
                continue;
            }
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
                // A Job goes, and the garbage collector takes its pods (background).
                Res::Job => {
                    s.sim
                        .world
                        .others
                        .remove(&("Job".to_string(), o_ns.clone(), n.clone()));
                    let pods: Vec<_> = s
                        .sim
                        .world
                        .pods
                        .iter()
                        .filter(|(_, p)| {
                            p.ns == o_ns && p.labels.get("job-name").is_some_and(|j| *j == n)
                        })
                        .map(|(k, _)| k.clone())
                        .collect();
                    for k in pods {
                        s.sim.world.delete_pod(&k);
                    }
                }
                Res::Namespace => {
                    if let Err(e) = delete_namespace(s, &n, &mut waiting) {
                        out.eprintln(&e);
                        out.code = 1;
                        continue;
                    }
                }
                other => {
                    out.eprint(&format!(
                        "error: deleting {} is not supported in this terminal\n",
                        other.plural()
                    ));
                    out.code = 1;
                    continue;
                }
            }
            out.print(&deleted(
                s,
                q.res,
                &n,
                &o_ns,
                if force { "force deleted" } else { "deleted" },
            ));
            waiting.push((q.res, k, uid));
        }
    }
    if out.stdout().is_empty() && out.code == 0 {
        out.print("No resources found\n");
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
                out.eprint(&format!(
                    "(the claim {} stays Terminating while a pod uses it; kubectl would keep waiting here)\n",
                    k.rsplit('/').next().unwrap_or(k)
                ));
            }
        }
    }
    Ok(out)
}

/// `kubectl delete namespace NAME`: the API server's namespace controller deletes what the
/// namespace holds (StatefulSets and their pods, Services, claims, Helm's release records,
/// the rest), and the namespace goes once its pods have terminated, which kubectl waits for
/// (their keys join `waiting`). The cluster's own namespaces may not be deleted
/// (`NamespaceLifecycle` admission).
fn delete_namespace(
    s: &mut Session,
    name: &str,
    waiting: &mut Vec<(Res, String, String)>,
) -> std::result::Result<(), String> {
    if matches!(name, "default" | "kube-system" | "kube-public") {
        return Err(format!(
            "Error from server (Forbidden): namespaces \"{name}\" is forbidden: this namespace may not be deleted"
        ));
    }
    let w = &mut s.sim.world;
    let sets: Vec<String> = w
        .sets
        .values()
        .filter(|x| x.ns == name)
        .map(|x| key(&x.ns, &x.name))
        .collect();
    for k in sets {
        s.sim.delete_statefulset(&k, false);
    }
    let w = &mut s.sim.world;
    let pods: Vec<String> = w
        .pods
        .values()
        .filter(|p| p.ns == name)
        .map(|p| p.key())
        .collect();
    for k in pods {
        let uid = uid_of(s, Res::Pod, &k);
        s.sim.world.delete_pod(&k);
        waiting.push((Res::Pod, k, uid));
    }
    let w = &mut s.sim.world;
    let claims: Vec<String> = w
        .pvcs
        .values()
        .filter(|c| c.ns == name)
        .map(|c| key(&c.ns, &c.name))
        .collect();
    for k in claims {
        w.delete_claim(&k);
    }
    w.services.retain(|_, svc| svc.ns != name);
    w.others
        .retain(|(kind, o_ns, o_name), _| o_ns != name && !(kind == "Namespace" && o_name == name));
    w.releases.retain(|r| r.namespace != name);
    Ok(())
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
    w.count_probe_requests(&k.to_string());
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

pub fn scale(s: &mut Session, a: &Args) -> Result {
    let Some(n) = a.int("replicas") else {
        return Err("error: required flag(s) \"replicas\" not set".into());
    };
    if n < 0 {
        return Err(
            "error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0"
                .into(),
        );
    }
    let ns = namespace(s, a);
    let name = sts_target(s, &a.positional, &ns)?;
    s.sim.update_set(&key(&ns, &name), |old| {
        let mut v = old.to_json();
        v["spec"]["replicas"] = serde_json::json!(n);
        Ok(v)
    })?;
    Ok(Output::ok(format!("statefulset.apps/{name} scaled\n")))
}

pub fn apply(s: &mut Session, a: &Args) -> Result {
    apply_files(s, a, false)
}

pub fn create(s: &mut Session, a: &Args) -> Result {
    match a.positional.as_slice() {
        [kind, name] if matches!(kind.as_str(), "namespace" | "ns") => create_namespace(s, a, name),
        [kind] if matches!(kind.as_str(), "namespace" | "ns") => {
            Err("error: exactly one NAME is required, got 0\nSee 'kubectl create namespace -h' for help and examples".into())
        }
        _ => apply_files(s, a, true),
    }
}

/// `kubectl create namespace NAME` (kubectl/pkg/cmd/create/create_namespace.go): the API
/// server checks the name (a DNS-1123 label) and that no namespace has it.
fn create_namespace(s: &mut Session, a: &Args, name: &str) -> Result {
    // `--dry-run=client` builds the object and prints it (`-o yaml`, as course scripts pipe it
    // to `kubectl apply -f -`); a server dry run is checked by the API server first.
    let dry = match a.get("dry-run") {
        None | Some("none") => None,
        Some(d @ ("client" | "server")) => Some(d),
        Some(other) => {
            return Err(format!(
                "error: Invalid dry-run value ({other}). Must be \"none\", \"server\", or \"client\"."
            )
            .into());
        }
    };
    if dry == Some("client") {
        return namespace_dry_run(a, name, "(dry run)");
    }
    let errors = crate::validate::names::is_dns1123_label(name);
    if let Some(e) = errors.first() {
        return Err(format!(
            "The Namespace \"{name}\" is invalid: metadata.name: Invalid value: {}: {e}",
            crate::go::quote(name)
        )
        .into());
    }
    let exists = resources::names(&s.sim.world, Res::Namespace, None)
        .iter()
        .any(|(_, n)| n == name);
    if exists {
        return Err(format!(
            "Error from server (AlreadyExists): namespaces \"{name}\" already exists"
        )
        .into());
    }
    if dry == Some("server") {
        return namespace_dry_run(a, name, "(server dry run)");
    }
    let manifest = format!("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {name}\n");
    for (_, _, r) in s.sim.apply_text("kubectl", &manifest) {
        if let Applied::Refused(e) = r {
            return Err(e.into());
        }
    }
    Ok(Output::ok(format!("namespace/{name} created\n")))
}

/// What `kubectl create namespace NAME --dry-run` prints: the object as `-o` asks (kubectl
/// 1.34+ writes no `creationTimestamp: null`), else `namespace/NAME created (dry run)`.
fn namespace_dry_run(a: &Args, name: &str, note: &str) -> Result {
    Ok(Output::ok(match a.get("output") {
        Some("yaml") => {
            format!(
                "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {name}\nspec: {{}}\nstatus: {{}}\n"
            )
        }
        Some("json") => format!(
            "{{\n    \"kind\": \"Namespace\",\n    \"apiVersion\": \"v1\",\n    \"metadata\": {{\n        \"name\": \"{name}\"\n    }},\n    \"spec\": {{}},\n    \"status\": {{}}\n}}\n"
        ),
        Some("name") => format!("namespace/{name}\n"),
        Some(other) => {
            return Err(format!(
                "error: unable to match a printer suitable for the output format \"{other}\", allowed formats are: json,name,yaml"
            )
            .into());
        }
        None => format!("namespace/{name} created {note}\n"),
    }))
}

/// The text of `-f FILE`: a file of the terminal's machine, or standard input for `-`.
fn read_file(s: &Session, a: &Args, file: &str) -> std::result::Result<String, Error> {
    if file == "-" {
        return Ok(a.stdin.clone().unwrap_or_default());
    }
    // kubectl's own words; `help` says which files this terminal can apply.
    s.files
        .get(&s.path(file))
        .cloned()
        .ok_or_else(|| format!("error: the path \"{file}\" does not exist").into())
}

fn apply_files(s: &mut Session, a: &Args, create_only: bool) -> Result {
    let files = a.all("filename");
    if files.is_empty() {
        return Err("error: must specify one of -f and -k".into());
    }
    let mut out = Output::default();
    for file in files {
        let text = read_file(s, a, file)?;
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
                Applied::Created => out.print(&format!("{kind}/{name} created{suffix}\n")),
                Applied::Configured if create_only => {
                    out.eprint(&format!("Error from server (AlreadyExists): error when creating \"{file}\": {} \"{name}\" already exists\n", plural_of(&kind)));
                    out.code = 1;
                }
                Applied::Unchanged if create_only => {
                    out.eprint(&format!("Error from server (AlreadyExists): error when creating \"{file}\": {} \"{name}\" already exists\n", plural_of(&kind)));
                    out.code = 1;
                }
                Applied::Configured => out.print(&format!("{kind}/{name} configured{suffix}\n")),
                Applied::Unchanged => out.print(&format!("{kind}/{name} unchanged{suffix}\n")),
                Applied::Refused(e) => {
                    out.eprintln(&e);
                    out.code = 1;
                }
            }
        }
    }
    s.sim.settle_now();
    Ok(out)
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
fn json_patch(target: &mut Value, ops: &Value) -> std::result::Result<(), String> {
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

pub fn patch(s: &mut Session, a: &Args) -> Result {
    // `PatchOptions.Validate`, then `RunPatch` reads the file (kubectl pkg/cmd/patch/patch.go).
    let file = a.get("patch-file").filter(|f| !f.is_empty());
    let text = match (a.get("patch").filter(|p| !p.is_empty()), file) {
        (Some(_), Some(_)) => {
            return Err("error: cannot specify --patch and --patch-file together".into());
        }
        (None, None) => {
            return Err(
                "error: must specify --patch or --patch-file containing the contents of the patch"
                    .into(),
            );
        }
        (Some(p), None) => p.to_string(),
        (None, Some(f)) => s.files.get(&s.path(f)).cloned().ok_or_else(|| {
            format!("error: unable to read patch file: open {f}: no such file or directory")
        })?,
    };
    let p = text.as_str();
    let ns = namespace(s, a);
    let name = sts_target(s, &a.positional, &ns)?;
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
                    return Err(
                        format!("error: unable to parse \"{p}\": yaml: {at}{problem}").into(),
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
    result?;
    let after = s
        .sim
        .world
        .sets
        .get(&key(&ns, &name))
        .map(|x| x.tree.to_json());
    let note = if before == after { " (no change)" } else { "" };
    Ok(Output::ok(format!(
        "statefulset.apps/{name} patched{note}\n"
    )))
}

/// `kubectl set` without a subcommand it knows.
pub fn set(_: &mut Session, _: &Args) -> Result {
    Err("error: this terminal supports `kubectl set image`".into())
}

pub fn set_image(s: &mut Session, a: &Args) -> Result {
    let ns = namespace(s, a);
    let (target, pairs): (Vec<String>, Vec<String>) =
        a.positional.iter().cloned().partition(|x| !x.contains('='));
    let name = sts_target(s, &target, &ns)?;
    if pairs.is_empty() {
        return Err("error: at least one image update is required".into());
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
    result?;
    Ok(Output::ok(format!(
        "statefulset.apps/{name} image updated\n"
    )))
}

/// `kubectl label pod NAME KEY=VALUE... KEY-... [--overwrite]` (kubectl/pkg/cmd/label):
/// a pod's labels changed, which the Services that select it and the StatefulSet that owns it
/// see at once (a pod that no longer matches its set's selector is released, and the set
/// wants its ordinal back).
pub fn label(s: &mut Session, a: &Args) -> Result {
    metadata(s, a, true)
}

/// `kubectl annotate pod NAME KEY=VALUE... KEY-... [--overwrite]` (kubectl/pkg/cmd/annotate).
pub fn annotate(s: &mut Session, a: &Args) -> Result {
    metadata(s, a, false)
}

fn metadata(s: &mut Session, a: &Args, labels: bool) -> Result {
    let what = if labels { "label" } else { "annotation" };
    // TYPE NAME SPEC... or TYPE/NAME SPEC...
    let (kind, name, specs) = match a.positional.as_slice() {
        [first, rest @ ..] if first.contains('/') => {
            let (t, n) = first.split_once('/').unwrap_or((first, ""));
            (t.to_string(), n.to_string(), rest)
        }
        [t, n, rest @ ..] if !n.contains('=') && !n.ends_with('-') => (t.clone(), n.clone(), rest),
        _ => {
            return Err("error: one or more resources must be specified as <resource> <name> or <resource>/<name>".into());
        }
    };
    if specs.is_empty() {
        return Err(format!("error: at least one {what} update is required").into());
    }
    let mut set: Vec<(String, String)> = Vec::new();
    let mut remove: Vec<String> = Vec::new();
    for spec in specs {
        match (spec.split_once('='), spec.strip_suffix('-')) {
            (Some((k, v)), _) if !k.is_empty() => set.push((k.to_string(), v.to_string())),
            (None, Some(k)) if !k.is_empty() => remove.push(k.to_string()),
            _ => return Err(format!("error: invalid {what} spec: {spec}").into()),
        }
    }
    let res = match Res::parse(&kind) {
        Some(r @ (Res::Pod | Res::StatefulSet | Res::Service)) => r,
        _ => {
            return Err(format!(
                "error: this terminal changes the {what}s of pods, StatefulSets and Services (kubectl {} pod NAME ...)",
                if labels { "label" } else { "annotate" }
            )
            .into());
        }
    };
    let ns = namespace(s, a);
    let k = key(&ns, &name);
    let w = &s.sim.world;
    let held = match res {
        Res::Pod => w.pods.get(&k).map(|p| (&p.labels, &p.annotations)),
        Res::StatefulSet => w.sets.get(&k).map(|x| (&x.labels, &x.annotations)),
        _ => w.services.get(&k).map(|x| (&x.labels, &x.annotations)),
    };
    let Some((held_labels, held_annotations)) = held else {
        return Err(res.not_found(&name).into());
    };
    let old = if labels {
        held_labels
    } else {
        held_annotations
    };
    if !a.has("overwrite") {
        let errors: Vec<String> = set
            .iter()
            .filter_map(|(key, v)| {
                old.get(key).filter(|cur| *cur != v).map(|cur| {
                    format!("'{key}' already has a value ({cur}), and --overwrite is false")
                })
            })
            .collect();
        match errors.as_slice() {
            [] => {}
            [one] => return Err(format!("error: {one}").into()),
            many => return Err(format!("error: [{}]", many.join(", ")).into()),
        }
    }
    let mut new = old.clone();
    for (key, v) in set {
        new.insert(key, v);
    }
    for key in &remove {
        new.remove(key);
    }
    // `updateDataChangeMsg`: what changed, as the object's size says.
    let verb = if labels { "labeled" } else { "annotated" };
    let msg = if new == *old {
        format!("not {verb}")
    } else if !a.has("overwrite") && new.len() < old.len() {
        format!("un{verb}")
    } else {
        verb.to_string()
    };
    let field = if labels { "labels" } else { "annotations" };
    // The object's metadata as the API server would store it: an emptied map goes.
    let with_new = |mut v: Value, new: &std::collections::BTreeMap<String, String>| {
        if let Some(meta) = v.get_mut("metadata").and_then(Value::as_object_mut) {
            if new.is_empty() {
                meta.remove(field);
            } else {
                meta.insert(field.into(), serde_json::json!(new));
            }
        }
        v
    };
    if new != *old {
        match res {
            Res::Pod => {
                if let Some(p) = s.sim.world.pods.get_mut(&k) {
                    if labels {
                        p.labels = new;
                    } else {
                        p.annotations = new;
                    }
                }
                s.sim.world.touch_owner(&k);
            }
            // The set's metadata only: its generation stays, its pods are not touched.
            Res::StatefulSet => s
                .sim
                .update_set(&k, |old| Ok(with_new(old.to_json(), &new)))?,
            _ => {
                if let Some(svc) = s.sim.world.services.get_mut(&k) {
                    let tree = with_new(svc.tree.to_json(), &new);
                    svc.tree = crate::yaml::Node::from_json(&tree, svc.tree.span);
                    if labels {
                        svc.labels = new;
                    } else {
                        svc.annotations = new;
                    }
                }
            }
        }
        s.sim.settle_now();
    }
    let shown = match res {
        Res::Pod => "pod",
        Res::StatefulSet => "statefulset.apps",
        _ => "service",
    };
    Ok(Output::ok(format!("{shown}/{name} {msg}\n")))
}
