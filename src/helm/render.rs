//! Rendering a chart as Helm's engine does (`pkg/engine/engine.go`, helm v4.2.3 and v3.17.2):
//! dependencies enabled or dropped and import values applied
//! (`pkg/chart/v2/util/dependencies.go`), values coalesced, one template set `gotpl` holding
//! every template of every chart parsed deepest first (so the root chart's defines win),
//! each non-partial template executed with its chart's render values, `<no value>` removed,
//! and errors reworded exactly as each Helm version rewords Go's.

use super::chart::{Chart, Dependency};
use super::objects::{self, Capabilities, Files, KubeVersion, VersionSet};
use super::{Version, semver, values};
use crate::gotmpl::{self, Map, MapKind, Set, Val, Value};
use std::collections::BTreeMap;
use std::rc::Rc;

/// Steps one render may take (every node, call and iteration costs one).
pub const FUEL: u64 = 20_000_000;
/// Bytes one render may produce.
pub const OUTPUT_LIMIT: usize = 64 * 1024 * 1024;

/// How to render.
#[derive(Clone, Debug)]
pub struct Options {
    pub version: Version,
    pub release_name: String,
    pub namespace: String,
    pub revision: i64,
    pub is_upgrade: bool,
    /// `--kube-version`; the Helm version's default when `None`.
    pub kube_version: Option<String>,
    /// `--api-versions`, added to the defaults.
    pub api_versions: Vec<String>,
    /// Seed of the random functions.
    pub seed: u64,
    pub fuel: u64,
    /// `--skip-schema-validation`: the values are not checked against `values.schema.json`.
    pub skip_schema_validation: bool,
    /// `helm lint`'s render (`LintMode`): `required` and `fail` log instead of failing, the
    /// release is neither an install nor an upgrade (revision 0), and the chart's
    /// `kubeVersion` is not checked (`rules.Templates`, pkg/chart/v2/lint/rules/template.go).
    pub lint: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            version: Version::V4,
            release_name: "release-name".into(),
            namespace: "default".into(),
            revision: 1,
            is_upgrade: false,
            kube_version: None,
            api_versions: Vec::new(),
            seed: 1,
            fuel: FUEL,
            skip_schema_validation: false,
            lint: false,
        }
    }
}

/// Where in a template an error happened (1-based line and column).
#[derive(Clone, Debug, PartialEq)]
pub struct Location {
    pub file: String,
    pub line: usize,
    pub column: usize,
    /// The cause in a few words (Go's innermost message: `nil pointer evaluating ...`).
    pub cause: String,
}

/// A failure, worded as Helm prints it after `Error: `.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Failure {
    pub message: String,
    /// The template position, when the failure has one (boxed, as `output`).
    pub location: Option<Box<Location>>,
    /// Helm had started the release (render-phase errors get `Use --debug flag ...`).
    pub rendering: bool,
    /// Values paths read before the failure that are missing but close to one that exists.
    pub missing: Vec<Missing>,
    /// What helm prints on standard output before the error with `--debug` (the rendered
    /// files of a release whose YAML does not parse). Boxed: a failure travels in `Err`s.
    pub output: Option<Box<String>>,
}

/// A `.Values` path a template reads that is not in the values, while a key of nearly the
/// same name is (a typo: `.Values.replicaCont`). Helm renders it as empty, silently.
#[derive(Clone, Debug, PartialEq)]
pub struct Missing {
    /// `.Values.replicaCont`.
    pub path: String,
    /// `.Values.replicaCount`.
    pub nearest: String,
    /// Where the template reads it (`cause` unused).
    pub location: Location,
}

/// The misses worth reporting: those with a near existing key, once per path and place.
fn missing(misses: &[gotmpl::Miss]) -> Vec<Missing> {
    let mut out: Vec<Missing> = Vec::new();
    // `tpl` text is parsed as `gotpl`: it has no place in a chart file.
    for m in misses.iter().filter(|m| m.at.file != "gotpl") {
        let Some((parent, key)) = m.path.rsplit_once('.') else {
            continue;
        };
        let lower = key.to_ascii_lowercase();
        let limit = (key.chars().count() / 3).clamp(1, 3);
        let nearest = m
            .siblings
            .iter()
            .map(|s| {
                (
                    crate::schema::edit_distance(&lower, &s.to_ascii_lowercase()),
                    s,
                )
            })
            .filter(|(d, _)| *d <= limit)
            .min_by_key(|(d, _)| *d);
        let Some((_, nearest)) = nearest else {
            continue;
        };
        let (line, column) = m.at.line_col();
        let location = Location {
            file: m.at.file.clone(),
            line,
            column,
            cause: String::new(),
        };
        let item = Missing {
            path: m.path.clone(),
            nearest: format!("{parent}.{nearest}"),
            location,
        };
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

impl Failure {
    pub fn plain(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            ..Failure::default()
        }
    }
}

/// The output of a render.
#[derive(Clone, Debug)]
pub struct Rendered {
    /// Every rendered template by name (partials excluded; `NOTES.txt` included).
    pub files: BTreeMap<String, String>,
    /// The coalesced values the root chart saw (`helm get values --all`).
    pub values: Map,
    /// The chart after dependency processing (disabled subcharts removed).
    pub chart: Chart,
    /// Where each rendered file's output came from in the templates.
    pub traces: BTreeMap<String, Vec<gotmpl::Segment>>,
    /// Values paths read but missing, with a near existing key.
    pub missing: Vec<Missing>,
}

pub fn kube_default(version: Version) -> &'static str {
    match version {
        Version::V4 => "v1.36.0",
        Version::V3 => "v1.32.0",
    }
}

/// The checks `helm install`/`template` make before rendering (`runInstall`), logging a
/// deprecated chart between the two as helm does.
pub fn check_installable(
    chart: &Chart,
    version: Version,
    log: &mut values::Log,
) -> Result<(), Failure> {
    if chart.is_library() {
        return Err(Failure::plain("library charts are not installable"));
    }
    if chart.metadata.deprecated {
        log.push(super::template::deprecated());
    }
    check_dependencies(chart, version)
}

/// `action.CheckDependencies` as `helm install`, `template` and `upgrade` report it: every
/// dependency Chart.yaml names is in `charts/`.
pub fn check_dependencies(chart: &Chart, version: Version) -> Result<(), Failure> {
    let missing: Vec<&str> = chart
        .metadata
        .dependencies
        .iter()
        .filter(|d| !chart.dependencies.iter().any(|c| c.name() == d.name))
        .map(|d| d.name.as_str())
        .collect();
    if !missing.is_empty() {
        let detail = format!(
            "found in Chart.yaml, but missing in charts/ directory: {}",
            missing.join(", ")
        );
        return Err(Failure::plain(match version {
            Version::V4 => format!(
                "an error occurred while checking for chart dependencies. You may need to run 'helm dependency build' to fetch missing dependencies: {detail}"
            ),
            Version::V3 => format!(
                "An error occurred while checking for chart dependencies. You may need to run `helm dependency build` to fetch missing dependencies: {detail}"
            ),
        }));
    }
    Ok(())
}

/// `ProcessDependenciesWithMerge`: drops disabled subcharts, makes aliased copies, applies
/// import values.
pub fn process_dependencies(
    chart: &mut Chart,
    user: &Map,
    version: Version,
    log: &mut values::Log,
) -> Result<(), String> {
    dependency_enabled(chart, user, "", version, 0, log)?;
    import_values(chart, version, 0, log)
}

fn compatible(constraint: &str, version: &str) -> bool {
    let Ok(c) = semver::Constraints::parse(constraint) else {
        return false;
    };
    semver::Version::parse(version).is_some_and(|v| c.check(&v))
}

fn dependency_enabled(
    c: &mut Chart,
    v: &Map,
    path: &str,
    version: Version,
    depth: usize,
    log: &mut values::Log,
) -> Result<(), String> {
    if c.metadata.dependencies.is_empty() || depth > 32 {
        return Ok(());
    }
    let mut deps: Vec<Chart> = Vec::new();
    'existing: for existing in &c.dependencies {
        for req in &c.metadata.dependencies {
            if existing.name() == req.name && compatible(&req.version, &existing.metadata.version) {
                continue 'existing;
            }
        }
        deps.push(existing.clone());
    }
    for req in c.metadata.dependencies.iter_mut() {
        if let Some(found) = c
            .dependencies
            .iter()
            .find(|x| x.name() == req.name && compatible(&req.version, &x.metadata.version))
        {
            let mut copy = found.clone();
            if !req.alias.is_empty() {
                copy.metadata.name = req.alias.clone();
            }
            deps.push(copy);
        }
        if !req.alias.is_empty() {
            req.name = req.alias.clone();
        }
    }
    c.dependencies = deps;
    for r in c.metadata.dependencies.iter_mut() {
        r.enabled = true;
    }
    let cvals = values::coalesce(&*c, v, version, false, log)?;
    tags(&mut c.metadata.dependencies, &cvals, log);
    conditions(&mut c.metadata.dependencies, &cvals, path, log);
    let disabled: Vec<String> = c
        .metadata
        .dependencies
        .iter()
        .filter(|r| !r.enabled)
        .map(|r| r.name.clone())
        .collect();
    c.dependencies
        .retain(|d| !disabled.contains(&d.metadata.name));
    c.metadata
        .dependencies
        .retain(|d| !disabled.contains(&d.name));
    for t in c.dependencies.iter_mut() {
        let sub = format!("{path}{}.", t.metadata.name);
        dependency_enabled(t, &cvals, &sub, version, depth + 1, log)?;
    }
    Ok(())
}

/// `processDependencyTags`.
fn tags(reqs: &mut [Dependency], cvals: &Map, log: &mut values::Log) {
    let Some(Value::Map(vt)) = cvals.get("tags") else {
        return;
    };
    for r in reqs {
        let (mut has_true, mut has_false) = (false, false);
        for k in &r.tags {
            match vt.get(k) {
                Some(Value::Bool(true)) => has_true = true,
                Some(Value::Bool(false)) => has_false = true,
                Some(_) => log.push(non_bool(
                    format!("dependencies.go:94: Warning: Tag '{k}' for chart {} returned non-bool value", r.name),
                    ("tag", k),
                    &r.name,
                )),
                None => {}
            }
        }
        if !has_true && has_false {
            r.enabled = false;
        } else if has_true || !has_false {
            r.enabled = true;
        }
    }
}

/// `processDependencyConditions`: the first condition that is a bool decides.
fn conditions(reqs: &mut [Dependency], cvals: &Map, path: &str, log: &mut values::Log) {
    for r in reqs {
        for c in r.condition.trim().split(',') {
            if c.is_empty() {
                continue;
            }
            // `PathValue` finds no value where the path holds a table.
            match values::path_value(cvals, &format!("{path}{c}")) {
                Some(Value::Bool(b)) => {
                    r.enabled = b;
                    break;
                }
                Some(Value::Map(_)) | None => {}
                Some(_) => log.push(non_bool(
                    format!("dependencies.go:63: Warning: Condition path '{c}' for chart {} returned non-bool value", r.name),
                    ("path", c),
                    &r.name,
                )),
            }
        }
    }
}

/// A tag or condition that is not a bool: helm 3's line, and helm 4's record.
fn non_bool(v3: String, (key, value): (&str, &str), chart: &str) -> values::Warning {
    values::Warning::new(
        Some(v3),
        Some(values::slog(
            "WARN",
            "returned non-bool value",
            &[(key, value), ("chart", chart)],
        )),
    )
}

fn import_values(
    c: &mut Chart,
    version: Version,
    depth: usize,
    log: &mut values::Log,
) -> Result<(), String> {
    if depth > 32 {
        return Ok(());
    }
    for d in c.dependencies.iter_mut() {
        import_values(d, version, depth + 1, log)?;
    }
    if c.metadata.dependencies.is_empty() {
        return Ok(());
    }
    let cvals = values::coalesce(&*c, &Map::new(MapKind::Any), version, true, log)?;
    let b = Map::new(MapKind::Any);
    for r in c.metadata.dependencies.iter_mut() {
        let mut out = Vec::new();
        for riv in &r.import_values {
            match riv {
                Value::Map(iv) => {
                    let child = iv
                        .get("child")
                        .map(|x| gotmpl::fmt::sprint_v(&x))
                        .unwrap_or("<nil>".into());
                    let parent = iv
                        .get("parent")
                        .map(|x| gotmpl::fmt::sprint_v(&x))
                        .unwrap_or("<nil>".into());
                    let mut o = BTreeMap::new();
                    o.insert("child".to_string(), Value::string(child.clone()));
                    o.insert("parent".to_string(), Value::string(parent.clone()));
                    out.push(Value::Map(Map::from_entries(MapKind::Str, o)));
                    if let Some(vv) = table(&cvals, &format!("{}.{child}", r.name)) {
                        let src = path_to_map(&parent, &vv);
                        values::coalesce_tables(&b, &src, "", true, version, log);
                    }
                }
                Value::Str(s) => {
                    let child = format!("exports.{s}");
                    let mut o = BTreeMap::new();
                    o.insert("child".to_string(), Value::string(child.clone()));
                    o.insert("parent".to_string(), Value::str("."));
                    out.push(Value::Map(Map::from_entries(MapKind::Str, o)));
                    if let Some(vm) = table(&cvals, &format!("{}.{child}", r.name)) {
                        values::coalesce_tables(&b, &vm, "", true, version, log);
                    }
                }
                _ => {}
            }
        }
        r.import_values = out;
    }
    let merged = match Value::Map(cvals).deep_copy() {
        Value::Map(m) => m,
        _ => Map::new(MapKind::Any),
    };
    values::coalesce_tables(&merged, &b, "", true, version, log);
    c.values = merged;
    Ok(())
}

/// `Values.Table("a.b")`: the table at a dotted path.
fn table(v: &Map, path: &str) -> Option<Map> {
    let mut cur = v.clone();
    for part in path.split('.') {
        match cur.get(part) {
            Some(Value::Map(m)) => cur = m,
            _ => return None,
        }
    }
    Some(cur)
}

fn path_to_map(path: &str, data: &Map) -> Map {
    if path == "." {
        return data.clone();
    }
    let mut cur = data.clone();
    for part in path.split('.').rev() {
        let m = Map::new(MapKind::Any);
        m.insert(part, Value::Map(cur));
        cur = m;
    }
    cur
}

/// One template to run, with the values of its chart.
struct Renderable {
    text: String,
    vals: Map,
    base_path: String,
}

/// `recAllTpls`: every template of the chart and its subcharts, with each chart's render
/// values (`.Values` scoped to the subchart, `.Chart`, `.Files`, `.Subcharts`).
fn all_templates(
    c: &Chart,
    parent_path: Option<&str>,
    top: &Map,
    version: Version,
    out: &mut BTreeMap<String, Renderable>,
    depth: usize,
) -> Map {
    let is_root = parent_path.is_none();
    let full_path = match parent_path {
        None => c.name().to_string(),
        Some(p) => format!("{p}/charts/{}", c.name()),
    };
    let subcharts = Map::new(MapKind::Any);
    // Each template runs with its chart's map as `chartutil.Values` (helm's `renderable.vals`,
    // pkg/engine/engine.go), so `typeOf .` is that type.
    let next = Map::new(MapKind::Values);
    next.insert(
        "Chart",
        match version {
            Version::V4 => objects::chart_map(&c.metadata, is_root),
            Version::V3 => objects::chart_struct(&c.metadata, is_root),
        },
    );
    next.insert("Files", Value::Object(Rc::new(Files::new(&c.files))));
    next.insert("Release", top.get("Release").unwrap_or(Value::Nil));
    next.insert(
        "Capabilities",
        top.get("Capabilities").unwrap_or(Value::Nil),
    );
    let values = if is_root {
        top.get("Values").unwrap_or(Value::Nil)
    } else {
        match top.get("Values") {
            Some(Value::Map(pv)) => match pv.get(c.name()) {
                Some(Value::Map(m)) => Value::Map(m),
                _ => Value::Map(Map::new(MapKind::Values)),
            },
            _ => Value::Map(Map::new(MapKind::Values)),
        }
    };
    next.insert("Values", values);
    next.insert("Subcharts", Value::Map(subcharts.clone()));
    if depth < 32 {
        for child in &c.dependencies {
            let sub = all_templates(child, Some(&full_path), &next, version, out, depth + 1);
            subcharts.insert(child.name(), Value::Map(sub));
        }
    }
    for t in &c.templates {
        if c.is_library() && !t.name.rsplit('/').next().unwrap_or("").starts_with('_') {
            continue;
        }
        out.insert(
            format!("{full_path}/{}", t.name),
            Renderable {
                text: t.text(),
                vals: next.clone(),
                base_path: format!("{full_path}/templates"),
            },
        );
    }
    next
}

/// `sortTemplates`: more path segments first; equal depth in reverse byte order.
pub(crate) fn sort_templates(names: &mut [String]) {
    names.sort_by(|a, b| {
        let (ca, cb) = (a.matches('/').count(), b.matches('/').count());
        cb.cmp(&ca).then_with(|| b.cmp(a))
    });
}

/// The capabilities object for these options.
pub fn capabilities(opts: &Options) -> Result<Rc<Capabilities>, Failure> {
    let kube = match &opts.kube_version {
        Some(k) => KubeVersion::parse(k, opts.version)
            .map_err(|e| Failure::plain(format!("invalid kube version '{k}': {e}")))?,
        None => {
            KubeVersion::parse(kube_default(opts.version), opts.version).map_err(Failure::plain)?
        }
    };
    let mut api = objects::default_api_versions(opts.version);
    api.extend(opts.api_versions.iter().cloned());
    Ok(Rc::new(Capabilities {
        kube: Rc::new(kube),
        api: Rc::new(VersionSet {
            versions: api,
            helm: opts.version,
        }),
        helm: opts.version,
    }))
}

/// Renders `chart` with user values `user`: every template's output, or Helm's failure.
/// What helm would log on the way goes to `log`.
pub fn render(
    chart: &Chart,
    user: &Map,
    opts: &Options,
    log: &mut values::Log,
) -> Result<Rendered, Failure> {
    gotmpl::set_values_type_name(match opts.version {
        Version::V4 => "common.Values",
        Version::V3 => "chartutil.Values",
    });
    let mut chart = chart.clone();
    // `helm lint` processed the dependencies itself, and said what it found: here they are
    // processed again for the chart's values alone.
    let mut quiet = values::Log::new();
    let deps_log = if opts.lint { &mut quiet } else { &mut *log };
    if let Err(e) = process_dependencies(&mut chart, user, opts.version, deps_log) {
        return Err(Failure::plain(match opts.version {
            Version::V4 => {
                // `Install.RunWithContext` logs it, then returns it wrapped.
                log.push(values::Warning::helm4(
                    "ERROR",
                    "chart dependencies processing failed",
                    &[("error", &e)],
                ));
                format!("chart dependencies processing failed: {e}")
            }
            Version::V3 => e,
        }));
    }
    let caps = capabilities(opts)?;
    let coalesced =
        values::coalesce(&chart, user, opts.version, false, log).map_err(Failure::plain)?;
    let coalesced = Map::from_entries(MapKind::Values, coalesced.0.borrow().entries.clone());
    // `ToRenderValuesWithSchemaValidation`: every chart's values.schema.json, before the
    // cluster's version is compared with the chart's.
    if !opts.skip_schema_validation {
        let entries = &coalesced.0.borrow().entries;
        let failed = super::jsonschema::validate_chart(&chart, entries, opts.version);
        if let Some(e) = failed {
            return Err(Failure::plain(format!(
                "values don't meet the specifications of the schema(s) in the following chart(s):\n{e}"
            )));
        }
    }
    // The kubeVersion constraint is checked against the cluster's version.
    if !opts.lint
        && !chart.metadata.kube_version.is_empty()
        && !compatible(&chart.metadata.kube_version, &caps.kube.string())
    {
        return Err(Failure {
            message: format!(
                "chart requires kubeVersion: {} which is incompatible with Kubernetes {}",
                chart.metadata.kube_version, caps.kube.version
            ),
            location: None,
            rendering: true,
            missing: Vec::new(),
            output: None,
        });
    }
    let top = Map::new(MapKind::Any);
    let release = Map::new(MapKind::Any);
    release.insert("Name", Value::str(&opts.release_name));
    release.insert("Namespace", Value::str(&opts.namespace));
    release.insert("IsUpgrade", Value::Bool(opts.is_upgrade));
    release.insert("IsInstall", Value::Bool(!opts.is_upgrade && !opts.lint));
    release.insert(
        "Revision",
        Value::Int(if opts.lint { 0 } else { opts.revision }),
    );
    release.insert("Service", Value::str("Helm"));
    top.insert("Release", Value::Map(release));
    top.insert("Capabilities", Value::Object(caps));
    top.insert("Values", Value::Map(coalesced.clone()));
    let mut tpls = BTreeMap::new();
    all_templates(&chart, None, &top, opts.version, &mut tpls, 0);
    let (files, traces, missing) = execute_all(&tpls, opts, log)?;
    Ok(Rendered {
        files,
        values: coalesced,
        chart,
        traces,
        missing,
    })
}

type Traced = (
    BTreeMap<String, String>,
    BTreeMap<String, Vec<gotmpl::Segment>>,
    Vec<Missing>,
);

fn execute_all(
    tpls: &BTreeMap<String, Renderable>,
    opts: &Options,
    log: &mut values::Log,
) -> Result<Traced, Failure> {
    let funcs = Rc::new(super::funcs::funcs(&super::funcs::Options {
        version: opts.version,
        lint: opts.lint,
    }));
    let mut set = Set::new("gotpl", funcs);
    set.range_over_int = opts.version == Version::V4;
    let mut keys: Vec<String> = tpls.keys().cloned().collect();
    sort_templates(&mut keys);
    for name in &keys {
        let r = &tpls[name];
        if let Err(e) = set.parse(name, &r.text) {
            return Err(parse_failure(name, &e, &r.text));
        }
    }
    let mut run = gotmpl::Run::new(opts.fuel, OUTPUT_LIMIT, opts.seed);
    let mut rendered = BTreeMap::new();
    let mut traces = BTreeMap::new();
    for name in &keys {
        if name.rsplit('/').next().unwrap_or("").starts_with('_') {
            continue;
        }
        let r = &tpls[name];
        let template = Map::new(MapKind::Values);
        template.insert("Name", Value::str(name));
        template.insert("BasePath", Value::str(&r.base_path));
        r.vals.insert("Template", Value::Map(template));
        let mut out = String::new();
        run.capture = true;
        run.trace.clear();
        let executed = gotmpl::execute(
            &set,
            name,
            Val::new(Value::Map(r.vals.clone())),
            &mut out,
            &mut run,
        );
        for (level, msg, message) in run.logged.drain(..) {
            // helm 3 logs the same with its standard logger (`initFunMap`, pkg/engine/
            // engine.go, v3.17.2: `log.Printf` under `log.Lshortfile`).
            let v3 = match msg {
                "missing required value" => "engine.go:206: [INFO] Missing required value",
                "missing required values" => "engine.go:214: [INFO] Missing required value",
                _ => "engine.go:227: [INFO] Fail",
            };
            log.push(values::Warning::new(
                Some(format!("{v3}: {message}")),
                Some(values::slog(level, msg, &[("message", &message)])),
            ));
        }
        if let Err(e) = executed {
            let mut f = exec_failure(name, &e, opts.version);
            f.missing = missing(&run.misses);
            return Err(f);
        }
        let (text, trace) = remove_no_value(&out, std::mem::take(&mut run.trace));
        rendered.insert(name.clone(), text);
        traces.insert(name.clone(), trace);
    }
    Ok((rendered, traces, missing(&run.misses)))
}

/// Deletes every `<no value>` (as Helm does after rendering) and moves the trace's output
/// offsets to match.
fn remove_no_value(out: &str, mut trace: Vec<gotmpl::Segment>) -> (String, Vec<gotmpl::Segment>) {
    const NV: &str = "<no value>";
    if !out.contains(NV) {
        return (out.to_string(), trace);
    }
    let cuts: Vec<usize> = out.match_indices(NV).map(|(i, _)| i).collect();
    for s in &mut trace {
        let removed: usize = cuts
            .iter()
            .map(|c| (s.out.saturating_sub(*c)).min(NV.len()))
            .sum();
        s.out -= removed;
    }
    (out.replace(NV, ""), trace)
}

/// `cleanupParseError`: `parse error at (FILE:LINE): MESSAGE`.
fn parse_failure(name: &str, e: &gotmpl::ParseError, text: &str) -> Failure {
    let full = e.to_string();
    let tokens: Vec<&str> = full.split(": ").collect();
    let message = if tokens.len() == 1 {
        format!("parse error in ({name}): {full}")
    } else {
        format!(
            "parse error at ({}): {}",
            tokens[1],
            tokens[tokens.len() - 1]
        )
    };
    let before = &text[..e.pos.min(text.len())];
    let column = 1 + before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count();
    Failure {
        location: Some(Box::new(Location {
            file: e.name.clone(),
            line: e.line.max(1),
            column,
            cause: e.message.clone(),
        })),
        message,
        rendering: true,
        missing: Vec::new(),
        output: None,
    }
}

const WARN_START: &str = "HELM_ERR_START";
const WARN_END: &str = "HELM_ERR_END";

fn exec_failure(name: &str, e: &gotmpl::Error, version: Version) -> Failure {
    // The innermost position in a chart file (`tpl` text is parsed as `gotpl`).
    let cause = innermost_cause(e);
    let location = e.frames.iter().rev().find(|f| f.file != "gotpl").map(|f| {
        let (line, column) = f.line_col();
        Location {
            file: f.file.clone(),
            line,
            column,
            cause: cause.clone(),
        }
    });
    let message = if e.is_budget() {
        e.text.clone()
    } else {
        reword(name, e, version)
    };
    Failure {
        message,
        location: location.map(Box::new),
        rendering: true,
        missing: Vec::new(),
        output: None,
    }
}

/// The innermost message of an error chain, without Go's location prefixes and Helm's
/// `required` markers.
fn innermost_cause(e: &gotmpl::Error) -> String {
    let last = e.links.last().map_or(e.text.as_str(), String::as_str);
    let text = match parse_traceable(last) {
        Some(t) => t.message,
        None => last.to_string(),
    };
    text.replace(WARN_START, "").replace(WARN_END, "")
}

/// Helm's rewording of an execution error: `cleanupExecError` (helm 3) or
/// `reformatExecErrorMsg` (helm 4).
fn reword(name: &str, e: &gotmpl::Error, version: Version) -> String {
    if !e.is_exec {
        return e.text.clone();
    }
    let tokens: Vec<&str> = e.text.splitn(3, ": ").collect();
    if tokens.len() != 3 {
        return format!("execution error in ({name}): {}", e.text);
    }
    let location = tokens[1];
    if let (Some(s), Some(end)) = (tokens[2].find(WARN_START), tokens[2].rfind(WARN_END))
        && s + WARN_START.len() <= end
    {
        return format!(
            "execution error at ({location}): {}",
            &tokens[2][s + WARN_START.len()..end]
        );
    }
    if version == Version::V3 {
        return e.text.clone();
    }
    let mut blocks: Vec<Traceable> = Vec::new();
    for link in &e.links {
        match parse_traceable(link) {
            Some(t) => {
                if blocks.last() != Some(&t) {
                    blocks.push(t);
                }
            }
            None => return e.text.clone(),
        }
    }
    let mut out = String::new();
    for b in &blocks {
        if !b.location.is_empty() {
            out.push_str(&format!("{}\n  ", b.location));
        }
        if !b.executed.is_empty() {
            out.push_str(&format!("{}\n    ", b.executed));
        }
        if !b.message.is_empty() {
            out.push_str(&format!("{}\n", b.message));
        }
    }
    out.trim_matches(|c: char| c.is_whitespace()).to_string()
}

#[derive(PartialEq, Debug)]
struct Traceable {
    location: String,
    message: String,
    executed: String,
}

/// `parseTemplateExecErrorString`.
fn parse_traceable(s: &str) -> Option<Traceable> {
    let rest = s.strip_prefix("template: ")?;
    if rest.starts_with("no template ") {
        return Some(Traceable {
            location: String::new(),
            message: s.to_string(),
            executed: String::new(),
        });
    }
    if let Some((name, after)) = rest.split_once(": executing ") {
        if let Some(after) = after.strip_prefix('"')
            && let Some(end) = after.find('"')
        {
            let func = &after[..end];
            if let Some(after_at) = after[end + 1..].strip_prefix(" at <")
                && let Some((loc, msg)) = after_at.split_once(">: ")
            {
                let msg = msg.find(" template:").map_or(msg, |c| &msg[..c]);
                return Some(Traceable {
                    location: name.to_string(),
                    message: msg.to_string(),
                    executed: format!("executing \"{func}\" at <{loc}>:"),
                });
            }
        }
        return None;
    }
    let sep = rest.rfind(": ")?;
    let msg = &rest[sep + 2..];
    let msg = msg.find(" template:").map_or(msg, |c| &msg[..c]);
    Some(Traceable {
        location: rest[..sep].to_string(),
        message: msg.to_string(),
        executed: String::new(),
    })
}
