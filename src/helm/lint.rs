//! `helm lint` as helm v4.2.3 runs it: the rules of `pkg/chart/v2/lint` (`lint.go` `RunAll`;
//! `rules/chartfile.go`, `values.go`, `template.go`, `deprecations.go`, `dependencies.go`,
//! `crds.go`), the action (`pkg/action/lint.go`) and the report (`pkg/cmd/lint.go`); and as
//! helm v3.17.2 runs it (`pkg/lint`, `cmd/helm/lint.go`), where `Options::version` says so:
//! no strict parse of `Chart.yaml`, no SemVerV2 warning and no `crds/` rule; the values'
//! schema checked by helm 3's validator and whatever `--skip-schema-validation` says; no
//! warning for a missing `templates/`; the v3 checks of templates (`crd-install` hooks,
//! `.Release.Time`), YAML checks on `.yaml` files only; and its own wording. Pure: the chart comes as its
//! files, and what helm would log goes to a `Log`.
//!
//! Known differences, each rare in a chart: govalidator's e-mail and URL patterns (maintainers'
//! `email` and `url`) are approximated by their usual shapes; a duplicate key in `Chart.yaml` is
//! not reported by the strict parse; a mapping or list where `apiVersion`, `kind` or
//! `metadata.name` should be a string is read as empty, where Go reports a type error.

use super::Version;
use super::chart::{self, File, Metadata};
use super::values::{self, Log};
use crate::gotmpl::{Map, MapKind, Value};

/// A message's weight (`support.InfoSev` ...).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Info = 1,
    Warning = 2,
    Error = 3,
}

/// One finding: `[WARNING] templates/x.yaml: ...` (`support.Message`).
#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    pub severity: Severity,
    pub path: String,
    pub text: String,
}

impl std::fmt::Display for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sev = match self.severity {
            Severity::Info => "INFO",
            Severity::Warning => "WARNING",
            Severity::Error => "ERROR",
        };
        write!(f, "[{sev}] {}: {}", self.path, self.text)
    }
}

/// How to lint (`action.Lint` and the values flags).
#[derive(Clone, Debug)]
pub struct Options {
    /// The values given on the command line (`--set`, `-f` ...), merged.
    pub user: Map,
    pub namespace: String,
    /// `--kube-version`: the cluster's version for `.Capabilities` and the deprecation check.
    pub kube_version: Option<String>,
    pub skip_schema_validation: bool,
    /// `--strict`: warnings fail the chart too.
    pub strict: bool,
    /// `--quiet`: only charts with warnings or errors, and no `[INFO]`.
    pub quiet: bool,
    /// Steps the render may take (`render::FUEL` in the terminal).
    pub fuel: u64,
    /// Whose lint: helm 4 or helm 3.
    pub version: Version,
}

/// One chart to lint, as the command line names it.
pub struct Target<'a> {
    /// The path as typed (`./visits`), for `==> Linting ...` and helm's own errors.
    pub path: &'a str,
    /// The files under it (names relative to it), or `None` when it holds no `Chart.yaml`.
    pub files: Option<&'a [File]>,
    /// The chart's absolute directory (`linter.ChartDir`), which some messages name.
    pub absolute: &'a str,
}

/// `lint.RunAll`: every rule's messages, in helm's order.
pub fn run_all(files: &[File], absolute: &str, opts: &Options, log: &mut Log) -> Vec<Message> {
    let mut l = Linter {
        messages: Vec::new(),
    };
    // `loader.Load`, which helm runs in three of the rules, each reporting its error its way.
    let loaded = chart::from_directory(files.to_vec()).and_then(|f| chart::load(f, opts.version));
    chartfile(&mut l, files, opts.version);
    values_rule(&mut l, files, opts, log);
    templates(&mut l, files, &loaded, opts, log);
    dependencies(&mut l, &loaded, absolute);
    if opts.version == Version::V4 {
        crds(&mut l, files, &loaded);
    }
    l.messages
}

/// What `helm lint PATH...` prints on standard output, and the error it ends with when a chart
/// failed (`N chart(s) linted, M chart(s) failed`, printed after `Error: `).
pub fn report(targets: &[Target<'_>], opts: &Options, log: &mut Log) -> (String, Option<String>) {
    let lowest = if opts.strict {
        Severity::Warning
    } else {
        Severity::Error
    };
    let mut out = String::new();
    let mut failed = 0;
    let mut errors_or_warnings = 0;
    for t in targets {
        // `lintChart`'s guard: not a chart at all.
        let (messages, errors) = match t.files {
            None => (
                Vec::new(),
                vec![format!(
                    "unable to check Chart.yaml file in chart: stat {}: no such file or directory",
                    join(t.path, "Chart.yaml")
                )],
            ),
            Some(files) => {
                let messages = run_all(files, t.absolute, opts, log);
                let errors = messages
                    .iter()
                    .filter(|m| m.severity >= lowest)
                    .map(|m| m.text.clone())
                    .collect();
                (messages, errors)
            }
        };
        let loud = messages.iter().any(|m| m.severity > Severity::Info) || !errors.is_empty();
        if loud {
            errors_or_warnings += 1;
        }
        if opts.quiet && !loud {
            continue;
        }
        out.push_str(&format!("==> Linting {}\n", t.path));
        if messages.is_empty() {
            for e in &errors {
                out.push_str(&format!("Error {e}\n"));
            }
        }
        for m in &messages {
            if !opts.quiet || m.severity > Severity::Info {
                out.push_str(&format!("{m}\n"));
            }
        }
        if !errors.is_empty() {
            failed += 1;
        }
        out.push('\n');
    }
    let summary = format!(
        "{} chart(s) linted, {failed} chart(s) failed",
        targets.len()
    );
    if failed > 0 {
        return (out, Some(summary));
    }
    if !opts.quiet || errors_or_warnings > 0 {
        out.push_str(&summary);
        out.push('\n');
    }
    (out, None)
}

struct Linter {
    messages: Vec<Message>,
}

impl Linter {
    /// `RunLinterRule`: records `err` if there is one; true when the rule passed.
    fn rule(&mut self, severity: Severity, path: &str, err: Option<String>) -> bool {
        match err {
            Some(text) => {
                self.messages.push(Message {
                    severity,
                    path: path.to_string(),
                    text,
                });
                false
            }
            None => true,
        }
    }
}

/// Go's `filepath.Join(dir, name)` for a relative name.
fn join(dir: &str, name: &str) -> String {
    chart::clean_path(&format!("{dir}/{name}"))
}

fn file<'a>(files: &'a [File], name: &str) -> Option<&'a File> {
    files.iter().find(|f| f.name == name)
}

fn has_dir(files: &[File], dir: &str) -> bool {
    files.iter().any(|f| f.name.starts_with(dir))
}

// --- Chart.yaml ------------------------------------------------------------------------------

fn chartfile(l: &mut Linter, files: &[File], version: Version) {
    let v4 = version == Version::V4;
    const PATH: &str = "Chart.yaml";
    let text = file(files, PATH).map(File::text).unwrap_or_default();
    let md = match chart::decode_metadata(&text) {
        Ok(md) => md,
        Err(e) => {
            l.rule(
                Severity::Error,
                PATH,
                Some(format!("unable to parse YAML\n\t{e}")),
            );
            return;
        }
    };
    l.rule(
        Severity::Warning,
        PATH,
        unknown_field(&text)
            .filter(|_| v4)
            .map(|e| format!("failed to strictly parse chart metadata file\n\t{e}")),
    );
    // `loadChartFileForTypeCheck`: the file as JSON would hold it.
    let raw = match values::yaml_to_json(&text) {
        Ok(Value::Map(m)) => Some(m),
        _ => None,
    };
    l.rule(Severity::Error, PATH, chart_name(&md));
    l.rule(Severity::Error, PATH, api_version(&md));
    l.rule(Severity::Error, PATH, string_typed(raw.as_ref(), "version"));
    l.rule(Severity::Error, PATH, chart_version(&md));
    l.rule(
        Severity::Error,
        PATH,
        string_typed(raw.as_ref(), "appVersion"),
    );
    l.rule(Severity::Error, PATH, maintainers(&md, raw.as_ref()));
    l.rule(
        Severity::Error,
        PATH,
        md.sources
            .iter()
            .find(|s| s.is_empty() || !is_request_url(s))
            .map(|s| format!("invalid source URL '{s}'")),
    );
    l.rule(
        Severity::Info,
        PATH,
        md.icon
            .is_empty()
            .then(|| "icon is recommended".to_string()),
    );
    l.rule(
        Severity::Error,
        PATH,
        (!md.icon.is_empty() && !is_request_url(&md.icon))
            .then(|| format!("invalid icon URL '{}'", md.icon)),
    );
    l.rule(
        Severity::Error,
        PATH,
        (!md.kind.is_empty() && md.api_version != "v2").then(|| {
            format!(
                "chart type is not valid in apiVersion '{}'. It is valid in apiVersion 'v2'",
                md.api_version
            )
        }),
    );
    l.rule(
        Severity::Error,
        PATH,
        (!md.dependencies.is_empty() && md.api_version != "v2").then(|| {
            format!(
                "dependencies are not valid in the Chart file with apiVersion '{}'. They are valid in apiVersion 'v2'",
                md.api_version
            )
        }),
    );
    l.rule(
        Severity::Warning,
        PATH,
        (v4 && !strict_semver(&md.version))
            .then(|| format!("version '{}' is not a valid SemVerV2", md.version)),
    );
}

/// `chartutil.StrictLoadChartfile`: the first field `chart.Metadata` (or a maintainer or a
/// dependency in it) does not have, in the order the file writes them. JSON field names match
/// without regard to case, as `encoding/json` matches them.
fn unknown_field(text: &str) -> Option<String> {
    use crate::yaml::Value as Y;
    const METADATA: &[&str] = &[
        "name",
        "home",
        "sources",
        "version",
        "description",
        "keywords",
        "maintainers",
        "icon",
        "apiVersion",
        "condition",
        "tags",
        "appVersion",
        "deprecated",
        "annotations",
        "kubeVersion",
        "dependencies",
        "type",
    ];
    const MAINTAINER: &[&str] = &["name", "email", "url"];
    const DEPENDENCY: &[&str] = &[
        "name",
        "version",
        "repository",
        "condition",
        "tags",
        "enabled",
        "import-values",
        "alias",
    ];
    let parsed = crate::yaml::parse(text, &crate::yaml::Limits::default());
    let root = parsed.documents.first().and_then(|d| d.root.as_ref())?;
    let Y::Map(entries) = &root.value else {
        return None;
    };
    let known = |list: &[&str], k: &str| list.iter().any(|f| f.eq_ignore_ascii_case(k));
    let unknown = |k: &str| {
        Some(format!(
            "error unmarshaling JSON: while decoding JSON: json: unknown field {}",
            crate::go::quote(k)
        ))
    };
    for e in entries {
        if !known(METADATA, &e.key) {
            return unknown(&e.key);
        }
        let nested = if e.key.eq_ignore_ascii_case("maintainers") {
            MAINTAINER
        } else if e.key.eq_ignore_ascii_case("dependencies") {
            DEPENDENCY
        } else {
            continue;
        };
        if let Y::Seq(items) = &e.value.value {
            for item in items {
                if let Y::Map(fields) = &item.value
                    && let Some(f) = fields.iter().find(|f| !known(nested, &f.key))
                {
                    return unknown(&f.key);
                }
            }
        }
    }
    None
}

/// `isStringValue`: Go's `%T` of the field as JSON decoding leaves it.
fn string_typed(raw: Option<&Map>, key: &str) -> Option<String> {
    let v = raw?.get(key)?;
    let ty = match v {
        Value::Str(_) => return None,
        Value::Nil => "<nil>",
        Value::Bool(_) => "bool",
        Value::Int(_) | Value::Int64(_) | Value::Float(_) => "float64",
        Value::List(_) => "[]interface {}",
        _ => "map[string]interface {}",
    };
    Some(format!(
        "{key} should be of type string but it's of type {ty}"
    ))
}

fn chart_name(md: &Metadata) -> Option<String> {
    if md.name.is_empty() {
        return Some("name is required".into());
    }
    // `filepath.Base`.
    let trimmed = md.name.trim_end_matches('/');
    let base = if trimmed.is_empty() {
        "/"
    } else {
        trimmed.rsplit('/').next().unwrap_or(trimmed)
    };
    (base != md.name).then(|| format!("chart name {} is invalid", crate::go::quote(&md.name)))
}

fn api_version(md: &Metadata) -> Option<String> {
    if md.api_version.is_empty() {
        return Some(r#"apiVersion is required. The value must be either "v1" or "v2""#.into());
    }
    (md.api_version != "v1" && md.api_version != "v2").then(|| {
        format!(
            r#"apiVersion '{}' is not valid. The value must be either "v1" or "v2""#,
            md.api_version
        )
    })
}

fn chart_version(md: &Metadata) -> Option<String> {
    if md.version.is_empty() {
        return Some("version is required".into());
    }
    let Some(v) = super::semver::Version::parse(&md.version) else {
        return Some(format!("version '{}' is not a valid SemVer", md.version));
    };
    // The constraint `>0.0.0-0`: only 0.0.0-0 itself is not above it.
    let floor = super::semver::Version::parse("0.0.0-0")?;
    (v.compare(&floor) != std::cmp::Ordering::Greater)
        .then(|| format!("version {} is less than or equal to 0.0.0-0", v.text()))
}

/// `semver.StrictNewVersion`: exactly `MAJOR.MINOR.PATCH`, numbers without leading zeros, then
/// an optional pre-release and build metadata.
fn strict_semver(s: &str) -> bool {
    let (rest, build) = match s.split_once('+') {
        Some((r, b)) => (r, Some(b)),
        None => (s, None),
    };
    let (core, pre) = match rest.split_once('-') {
        Some((c, p)) => (c, Some(p)),
        None => (rest, None),
    };
    let number = |p: &str| {
        !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) && (p == "0" || !p.starts_with('0'))
    };
    let ident =
        |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts.iter().all(|p| number(p))
        && pre.is_none_or(|p| {
            p.split('.')
                .all(|id| ident(id) && (!id.bytes().all(|b| b.is_ascii_digit()) || number(id)))
        })
        && build.is_none_or(|b| b.split('.').all(ident))
}

fn maintainers(md: &Metadata, raw: Option<&Map>) -> Option<String> {
    // A `- ` with nothing after it is a nil pointer in helm's list.
    let nil_at = |i: usize| {
        raw.and_then(|m| m.get("maintainers"))
            .and_then(|v| match v {
                Value::List(l) => l.items.get(i).map(Value::is_nil),
                _ => None,
            })
            .unwrap_or(false)
    };
    for (i, m) in md.maintainers.iter().enumerate() {
        if nil_at(i) {
            return Some("a maintainer entry is empty".into());
        }
        if m.name.is_empty() {
            return Some("each maintainer requires a name".into());
        } else if !m.email.is_empty() && !is_email(&m.email) {
            return Some(format!(
                "invalid email '{}' for maintainer '{}'",
                m.email, m.name
            ));
        } else if !m.url.is_empty() && !is_url(&m.url) {
            return Some(format!(
                "invalid url '{}' for maintainer '{}'",
                m.url, m.name
            ));
        }
    }
    None
}

/// Go's `url.getScheme`: the scheme before the first `:`, if the text starts with one.
fn scheme(s: &str) -> Option<(&str, &str)> {
    let (scheme, rest) = s.split_once(':')?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some((scheme, rest))
}

/// A host as Go's `url.Parse` accepts it: no space or other character it refuses, a numeric
/// port if any.
fn valid_host(authority: &str) -> bool {
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let (name, port) = if host.starts_with('[') {
        match host.split_once(']') {
            Some((_, p)) => ("", p.strip_prefix(':')),
            None => return false,
        }
    } else {
        match host.rsplit_once(':') {
            Some((n, p)) => (n, Some(p)),
            None => (host, None),
        }
    };
    port.is_none_or(|p| p.bytes().all(|b| b.is_ascii_digit()))
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || "-._~!$&'()*+,;=%\"<>[]".contains(c))
}

/// govalidator's `IsRequestURL`: `url.ParseRequestURI` succeeds and gives a scheme.
fn is_request_url(s: &str) -> bool {
    if s.chars().any(char::is_control) {
        return false;
    }
    let Some((_, rest)) = scheme(s) else {
        return false;
    };
    match rest.strip_prefix("//") {
        Some(r) => valid_host(r.split(['/', '?']).next().unwrap_or("")),
        None => true,
    }
}

/// govalidator's `IsURL`, approximated: a web address with a host name holding a dot (or
/// `localhost`, or an IP address), `http://` assumed when no scheme is written.
fn is_url(s: &str) -> bool {
    if s.is_empty() || s.len() <= 3 || s.starts_with('.') || s.chars().count() >= 2083 {
        return false;
    }
    let full = if s.contains("://") {
        s.to_string()
    } else {
        format!("http://{s}")
    };
    let Some((_, rest)) = full.split_once("://") else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let name = host.rsplit_once(':').map_or(host, |(n, p)| {
        if p.bytes().all(|b| b.is_ascii_digit()) {
            n
        } else {
            host
        }
    });
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    !s.contains(' ')
        && (name == "localhost"
            || name.parse::<std::net::Ipv4Addr>().is_ok()
            || (name.contains('.') && !name.starts_with('.') && name.split('.').all(label_ok)))
}

/// govalidator's `IsEmail`, approximated: a local part of the characters an address may hold,
/// `@`, and a domain of dotted labels ending in letters.
fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.rsplit_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
    let domain = domain.strip_suffix('.').unwrap_or(domain);
    let labels: Vec<&str> = domain.split('.').collect();
    local_ok
        && labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.chars().all(|c| c.is_alphanumeric() || "-_~".contains(c))
                && l.chars().next().is_some_and(char::is_alphanumeric)
                && l.chars().last().is_some_and(char::is_alphanumeric)
        })
        && labels
            .last()
            .is_some_and(|t| t.chars().next().is_some_and(char::is_alphabetic))
}

// --- values.yaml -----------------------------------------------------------------------------

fn values_rule(l: &mut Linter, files: &[File], opts: &Options, log: &mut Log) {
    const PATH: &str = "values.yaml";
    let Some(vf) = file(files, PATH) else {
        l.rule(Severity::Info, PATH, Some("file does not exist".into()));
        return;
    };
    let vals = match values::read(&vf.text()) {
        Ok(v) => v,
        Err(e) => {
            l.rule(
                Severity::Error,
                PATH,
                Some(format!("unable to parse YAML: {e}")),
            );
            return;
        }
    };
    // Only the chart's own values, the command line's over values.yaml's
    // (`util.CoalesceTables`), against its own schema.
    let schema = file(files, "values.schema.json").map(|f| f.data.clone());
    let Some(schema) = schema.filter(|s| !s.is_empty()) else {
        return;
    };
    // helm 3's rule has no flag to skip it.
    if opts.skip_schema_validation && opts.version == Version::V4 {
        return;
    }
    let coalesced = Map::new(MapKind::Any);
    values::coalesce_tables(&coalesced, &opts.user, "", false, opts.version, log);
    values::coalesce_tables(&coalesced, &vals, "", false, opts.version, log);
    let entries = coalesced.0.borrow().entries.clone();
    let checked = match opts.version {
        Version::V4 => super::jsonschema::validate_single(&entries, &schema),
        Version::V3 => super::gojsonschema::validate_single(&entries, &schema),
    };
    l.rule(Severity::Error, PATH, checked.err());
}

// --- templates/ -----------------------------------------------------------------------------

fn templates(
    l: &mut Linter,
    files: &[File],
    loaded: &Result<chart::Chart, String>,
    opts: &Options,
    log: &mut Log,
) {
    const PATH: &str = "templates/";
    let v4 = opts.version == Version::V4;
    // helm 3's `validateTemplatesDir` passes when there is none.
    if !l.rule(
        Severity::Warning,
        PATH,
        (v4 && !has_dir(files, PATH)).then(|| "directory does not exist".to_string()),
    ) {
        return;
    }
    let chart = match loaded {
        Ok(c) => c,
        Err(e) => {
            l.rule(Severity::Error, PATH, Some(e.clone()));
            return;
        }
    };
    // `chartutil.ProcessDependencies` and `util.CoalesceValues`: a failure ends the rule
    // without a message (lint ignores import-values problems, helm/helm#9658).
    let mut processed = chart.clone();
    if super::render::process_dependencies(&mut processed, &opts.user, opts.version, log).is_err() {
        return;
    }
    // `ToRenderValuesWithSchemaValidation` coalesces what it is given once more: a null among
    // the chart's defaults that the first pass kept (helm 3 keeps them) is deleted by the
    // second, so lint sees no key where `helm template` sees a null.
    let Ok(cvals) = values::coalesce(&processed, &opts.user, opts.version, false, log) else {
        return;
    };
    let render_opts = super::render::Options {
        version: opts.version,
        release_name: "test-release".into(),
        namespace: opts.namespace.clone(),
        kube_version: opts.kube_version.clone(),
        skip_schema_validation: opts.skip_schema_validation,
        lint: true,
        fuel: opts.fuel,
        ..Default::default()
    };
    let rendered = match super::render::render(chart, &cvals, &render_opts, log) {
        Ok(r) => r,
        Err(f) => {
            l.rule(Severity::Error, PATH, Some(f.message));
            return;
        }
    };
    let kube = kube_version(opts.kube_version.as_deref(), opts.version);
    for t in &chart.templates {
        let name = &t.name;
        let ext = extension(name);
        l.rule(
            Severity::Error,
            name,
            (!matches!(ext, ".yaml" | ".yml" | ".tpl" | ".txt")).then(|| {
                format!(
                    "file extension '{ext}' not valid. Valid extensions are .yaml, .yml, .tpl, or .txt"
                )
            }),
        );
        if !v4 {
            // helm 3's checks that a chart was made for it, on the template's text.
            let data = t.text();
            l.rule(Severity::Warning, name, crd_install_hook(&data));
            l.rule(
                Severity::Error,
                name,
                data.contains(".Release.Time").then(|| {
                    ".Release.Time has been removed in v3, please replace with the `now` function in your templates".to_string()
                }),
            );
        }
        // helm 4 checks the YAML of `.yaml` and `.yml` files in any case, helm 3 of `.yaml`.
        let yaml = match opts.version {
            Version::V4 => matches!(ext.to_ascii_lowercase().as_str(), ".yaml" | ".yml"),
            Version::V3 => ext == ".yaml",
        };
        if !yaml {
            continue;
        }
        let key = format!("{}/{name}", chart.name());
        let content = rendered.files.get(&key).map_or("", String::as_str);
        if content.trim().is_empty() {
            continue;
        }
        l.rule(Severity::Warning, name, top_indent(content));
        for doc in crate::yaml::reader_documents(content) {
            let object = match doc.and_then(|d| decode_object(d, opts.version)) {
                Ok(o) => o,
                Err(e) => {
                    l.rule(
                        Severity::Error,
                        name,
                        Some(format!("unable to parse YAML: {e}")),
                    );
                    return;
                }
            };
            let Some(o) = object else { continue };
            l.rule(Severity::Warning, name, metadata_name(&o));
            l.rule(Severity::Warning, name, deprecation(&o, kube));
            l.rule(Severity::Error, name, match_selector(&o, content));
            l.rule(
                Severity::Error,
                name,
                list_annotations(&o, content, opts.version),
            );
        }
    }
}

/// Go's `filepath.Ext`: from the last dot of the last element, or "".
fn extension(name: &str) -> &str {
    let base = name.rsplit('/').next().unwrap_or(name);
    base.rfind('.').map_or("", |i| &base[i..])
}

/// `validateTopIndentLevel`.
fn top_indent(content: &str) -> Option<String> {
    let line = content.lines().find(|l| !l.trim().is_empty())?;
    (line.starts_with(' ') || line.starts_with('\t')).then(|| {
        format!(
            "document starts with an illegal indent: {}, which may cause parsing problems",
            crate::go::quote(line)
        )
    })
}

/// `k8sYamlStruct`: what the rules read of an object.
struct Object {
    api_version: String,
    kind: String,
    name: String,
}

/// A document decoded into `*k8sYamlStruct` (sigs.k8s.io/yaml, then `encoding/json`, whose
/// field names match without regard to case, the last match winning): `None` for a null
/// document, Go's error for one that is not a mapping.
fn decode_object(doc: &str, version: Version) -> Result<Option<Object>, String> {
    let m = match values::yaml_to_json(doc)? {
        Value::Nil => return Ok(None),
        Value::Map(m) => m,
        other => {
            let ty = match version {
                Version::V4 => "k8sYamlStruct",
                Version::V3 => "K8sYamlStruct",
            };
            return Err(format!(
                "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go value of type rules.{ty}",
                values::json_kind(&other)
            ));
        }
    };
    fn field(m: &Map, name: &str) -> Option<Value> {
        m.entries()
            .into_iter()
            .rfind(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    }
    fn text(v: Option<Value>) -> String {
        match v {
            Some(Value::Str(s)) => s.to_string(),
            Some(v @ (Value::Int(_) | Value::Int64(_) | Value::Float(_) | Value::Bool(_))) => {
                super::funcs::strval(&v)
            }
            _ => String::new(),
        }
    }
    let name = match field(&m, "metadata") {
        Some(Value::Map(md)) => text(field(&md, "name")),
        _ => String::new(),
    };
    Ok(Some(Object {
        api_version: text(field(&m, "apiVersion")),
        kind: text(field(&m, "kind")),
        name,
    }))
}

/// `validateMetadataName`: the name rule the API server applies to the kind.
fn metadata_name(o: &Object) -> Option<String> {
    use crate::validate::names;
    let name = o.name.as_str();
    let msgs: Vec<String> = match o.kind.to_ascii_lowercase().as_str() {
        "service" => names::is_dns1035_label(name),
        "namespace" => names::is_dns1123_label(name),
        "certificatesigningrequest" => Vec::new(),
        "role" | "clusterrole" | "rolebinding" | "clusterrolebinding" => {
            // `content.IsPathSegmentName`.
            if name == "." || name == ".." {
                vec![format!("may not be '{name}'")]
            } else {
                ["/", "%"]
                    .iter()
                    .filter(|c| name.contains(**c))
                    .map(|c| format!("may not contain '{c}'"))
                    .collect()
            }
        }
        _ => names::is_dns1123_subdomain(name),
    };
    if msgs.is_empty() {
        return None;
    }
    let errs: Vec<String> = msgs
        .iter()
        .map(|m| {
            format!(
                "metadata.name: Invalid value: {}: {m}",
                crate::go::quote(name)
            )
        })
        .collect();
    let aggregate = if errs.len() == 1 {
        errs[0].clone()
    } else {
        format!("[{}]", errs.join(", "))
    };
    Some(format!(
        "object name does not conform to Kubernetes naming requirements: {}: {aggregate}",
        crate::go::quote(name)
    ))
}

/// `validateMatchSelector`: a workload's file must say `matchLabels` or `matchExpressions`
/// somewhere.
fn match_selector(o: &Object, content: &str) -> Option<String> {
    (matches!(
        o.kind.as_str(),
        "Deployment" | "ReplicaSet" | "DaemonSet" | "StatefulSet"
    ) && !content.contains("matchLabels")
        && !content.contains("matchExpressions"))
    .then(|| {
        format!(
            "a {} must contain matchLabels or matchExpressions, and {} does not",
            o.kind,
            crate::go::quote(&o.name)
        )
    })
}

/// `validateListAnnotations`: helm ignores `helm.sh/resource-policy` on a List's items.
fn list_annotations(o: &Object, content: &str, version: Version) -> Option<String> {
    if o.kind != "List" {
        return None;
    }
    let whole = match values::yaml_to_json(content) {
        Ok(v) => v,
        Err(e) => return Some(format!("unable to parse YAML: {e}")),
    };
    let Value::Map(m) = whole else { return None };
    let Some(Value::List(items)) = m.get("items") else {
        return None;
    };
    let marked = items.items.iter().any(|i| match i {
        Value::Map(item) => match item.get("metadata") {
            Some(Value::Map(md)) => match md.get("annotations") {
                Some(Value::Map(a)) => a.get("helm.sh/resource-policy").is_some(),
                _ => false,
            },
            _ => false,
        },
        _ => false,
    });
    let first = match version {
        Version::V4 => "annotation",
        Version::V3 => "Annotation",
    };
    marked.then(|| format!("{first} 'helm.sh/resource-policy' within List objects are ignored"))
}

/// The cluster's version for the deprecation check: `--kube-version`, or helm 4's default.
/// The Kubernetes version deprecations are checked against: `--kube-version`, else the
/// default capabilities' (helm 3's release builds set its `k8sVersionMinor` to their
/// client-go's, pkg/lint/rules and Makefile, v3.17.2: the same 1.32).
fn kube_version(flag: Option<&str>, version: Version) -> (u32, u32) {
    let text = flag.unwrap_or(super::render::kube_default(version));
    super::objects::KubeVersion::parse(text, version)
        .ok()
        .and_then(|v| Some((v.major.parse().ok()?, v.minor.parse().ok()?)))
        .unwrap_or((1, 36))
}

/// helm 3's `validateNoCRDHooks`: `"?helm\.sh/hook"?:\s+crd-install` anywhere in the text.
fn crd_install_hook(data: &str) -> Option<String> {
    let found = data.match_indices("helm.sh/hook").any(|(i, m)| {
        let rest = data[i + m.len()..]
            .strip_prefix('"')
            .unwrap_or(&data[i + m.len()..]);
        rest.strip_prefix(':').is_some_and(|r| {
            let trimmed = r.trim_start_matches(|c: char| c.is_ascii_whitespace());
            trimmed.len() < r.len() && trimmed.starts_with("crd-install")
        })
    });
    found.then(|| "manifest is a crd-install hook. This hook is no longer supported in v3 and all CRDs should also exist the crds/ directory at the top level of the chart".to_string())
}

/// An API version the client library still knows but the cluster deprecates (k8s.io/api
/// v0.36.1, `zz_generated.prerelease-lifecycle.go` of each group version: the methods
/// `APILifecycleDeprecated`, `APILifecycleRemoved`, `APILifecycleReplacement`).
struct Deprecated {
    api_version: &'static str,
    kind: &'static str,
    deprecated: (u32, u32),
    removed: (u32, u32),
    replacement: &'static str,
}

/// `validateNoDeprecations` (k8s.io/apiserver's `deprecation.IsDeprecated` and
/// `WarningMessage`).
fn deprecation(o: &Object, kube: (u32, u32)) -> Option<String> {
    if o.api_version.is_empty() || o.kind.is_empty() {
        return None;
    }
    let d = DEPRECATED
        .iter()
        .find(|d| d.api_version == o.api_version && d.kind == o.kind)?;
    if d.deprecated > kube {
        return None;
    }
    let mut msg = format!(
        "{} {} is deprecated in v{}.{}+",
        d.api_version, d.kind, d.deprecated.0, d.deprecated.1
    );
    if d.removed != (0, 0) {
        msg.push_str(&format!(
            ", unavailable in v{}.{}+",
            d.removed.0, d.removed.1
        ));
    }
    if !d.replacement.is_empty() {
        msg.push_str(&format!("; use {}", d.replacement));
    }
    Some(msg)
}

// --- dependencies and crds/ ------------------------------------------------------------------

fn dependencies(l: &mut Linter, loaded: &Result<chart::Chart, String>, absolute: &str) {
    let c = match loaded {
        Ok(c) => c,
        Err(e) => {
            l.rule(
                Severity::Error,
                "",
                Some(format!("unable to load chart\n\t{e}")),
            );
            return;
        }
    };
    let declared: Vec<&str> = c
        .metadata
        .dependencies
        .iter()
        .map(|d| d.name.as_str())
        .collect();
    let present: Vec<&str> = c.dependencies.iter().map(|d| d.name()).collect();
    let not_declared: Vec<&str> = present
        .iter()
        .filter(|p| !declared.contains(p))
        .copied()
        .collect();
    l.rule(
        Severity::Error,
        absolute,
        (!not_declared.is_empty()).then(|| {
            format!(
                "chart metadata is missing these dependencies: {}",
                not_declared.join(",")
            )
        }),
    );
    let mut seen: Vec<&str> = Vec::new();
    let mut shadowing: Vec<&str> = Vec::new();
    for d in &c.metadata.dependencies {
        let key = if d.alias.is_empty() {
            d.name.as_str()
        } else {
            d.alias.as_str()
        };
        if seen.contains(&key) {
            shadowing.push(key);
        }
        seen.push(key);
    }
    l.rule(
        Severity::Error,
        absolute,
        (!shadowing.is_empty()).then(|| {
            format!(
                "multiple dependencies with name or alias: {}",
                shadowing.join(",")
            )
        }),
    );
    let missing: Vec<&str> = declared
        .iter()
        .filter(|d| !present.contains(d))
        .copied()
        .collect();
    l.rule(
        Severity::Warning,
        absolute,
        (!missing.is_empty()).then(|| {
            format!(
                "chart directory is missing these dependencies: {}",
                missing.join(",")
            )
        }),
    );
}

fn crds(l: &mut Linter, files: &[File], loaded: &Result<chart::Chart, String>) {
    if !has_dir(files, "crds/") {
        return;
    }
    let c = match loaded {
        Ok(c) => c,
        Err(e) => {
            l.rule(Severity::Error, "crds/", Some(e.clone()));
            return;
        }
    };
    for (_, crd) in c.crd_objects() {
        let text = crd.text();
        for doc in crate::yaml::reader_documents(&text) {
            let object = match doc.and_then(|d| decode_object(d, Version::V4)) {
                Ok(o) => o,
                Err(e) => {
                    l.rule(
                        Severity::Error,
                        &crd.name,
                        Some(format!("unable to parse YAML: {e}")),
                    );
                    return;
                }
            };
            let Some(o) = object else { continue };
            l.rule(
                Severity::Error,
                &crd.name,
                (!o.api_version.starts_with("apiextensions.k8s.io"))
                    .then(|| "apiVersion is not in 'apiextensions.k8s.io'".to_string()),
            );
            l.rule(
                Severity::Error,
                &crd.name,
                (o.kind != "CustomResourceDefinition")
                    .then(|| "object kind is not 'CustomResourceDefinition'".to_string()),
            );
        }
    }
}

const DEPRECATED: &[Deprecated] = &[
    Deprecated {
        api_version: "admission.k8s.io/v1beta1",
        kind: "AdmissionReview",
        deprecated: (1, 19),
        removed: (1, 22),
        replacement: "admission.k8s.io/v1 AdmissionReview",
    },
    Deprecated {
        api_version: "admissionregistration.k8s.io/v1alpha1",
        kind: "MutatingAdmissionPolicy",
        deprecated: (1, 35),
        removed: (1, 38),
        replacement: "",
    },
    Deprecated {
        api_version: "admissionregistration.k8s.io/v1alpha1",
        kind: "MutatingAdmissionPolicyBinding",
        deprecated: (1, 35),
        removed: (1, 38),
        replacement: "",
    },
    Deprecated {
        api_version: "admissionregistration.k8s.io/v1alpha1",
        kind: "ValidatingAdmissionPolicy",
        deprecated: (1, 29),
        removed: (1, 32),
        replacement: "",
    },
    Deprecated {
        api_version: "admissionregistration.k8s.io/v1alpha1",
        kind: "ValidatingAdmissionPolicyBinding",
        deprecated: (1, 29),
        removed: (1, 32),
        replacement: "",
    },
    Deprecated {
        api_version: "admissionregistration.k8s.io/v1beta1",
        kind: "MutatingAdmissionPolicy",
        deprecated: (1, 37),
        removed: (1, 40),
        replacement: "admissionregistration.k8s.io/v1 MutatingAdmissionPolicy",
    },
    Deprecated {
        api_version: "admissionregistration.k8s.io/v1beta1",
        kind: "MutatingAdmissionPolicyBinding",
        deprecated: (1, 37),
        removed: (1, 40),
        replacement: "admissionregistration.k8s.io/v1 MutatingAdmissionPolicyBinding",
    },
    Deprecated {
        api_version: "admissionregistration.k8s.io/v1beta1",
        kind: "MutatingWebhookConfiguration",
        deprecated: (1, 16),
        removed: (1, 22),
        replacement: "admissionregistration.k8s.io/v1 MutatingWebhookConfiguration",
    },
    Deprecated {
        api_version: "admissionregistration.k8s.io/v1beta1",
        kind: "ValidatingAdmissionPolicy",
        deprecated: (1, 31),
        removed: (1, 34),
        replacement: "",
    },
    Deprecated {
        api_version: "admissionregistration.k8s.io/v1beta1",
        kind: "ValidatingAdmissionPolicyBinding",
        deprecated: (1, 31),
        removed: (1, 34),
        replacement: "",
    },
    Deprecated {
        api_version: "admissionregistration.k8s.io/v1beta1",
        kind: "ValidatingWebhookConfiguration",
        deprecated: (1, 16),
        removed: (1, 22),
        replacement: "admissionregistration.k8s.io/v1 ValidatingWebhookConfiguration",
    },
    Deprecated {
        api_version: "apidiscovery.k8s.io/v2beta1",
        kind: "APIGroupDiscovery",
        deprecated: (1, 32),
        removed: (1, 35),
        replacement: "",
    },
    Deprecated {
        api_version: "apps/v1beta1",
        kind: "ControllerRevision",
        deprecated: (1, 8),
        removed: (1, 16),
        replacement: "apps/v1 ControllerRevision",
    },
    Deprecated {
        api_version: "apps/v1beta1",
        kind: "Deployment",
        deprecated: (1, 8),
        removed: (1, 16),
        replacement: "apps/v1 Deployment",
    },
    Deprecated {
        api_version: "apps/v1beta1",
        kind: "DeploymentRollback",
        deprecated: (1, 8),
        removed: (1, 16),
        replacement: "apps/v1 DeploymentRollback",
    },
    Deprecated {
        api_version: "apps/v1beta1",
        kind: "Scale",
        deprecated: (1, 8),
        removed: (1, 16),
        replacement: "autoscaling/v1 Scale",
    },
    Deprecated {
        api_version: "apps/v1beta1",
        kind: "StatefulSet",
        deprecated: (1, 8),
        removed: (1, 16),
        replacement: "apps/v1 StatefulSet",
    },
    Deprecated {
        api_version: "apps/v1beta2",
        kind: "ControllerRevision",
        deprecated: (1, 9),
        removed: (1, 16),
        replacement: "apps/v1 ControllerRevision",
    },
    Deprecated {
        api_version: "apps/v1beta2",
        kind: "DaemonSet",
        deprecated: (1, 9),
        removed: (1, 16),
        replacement: "apps/v1 DaemonSet",
    },
    Deprecated {
        api_version: "apps/v1beta2",
        kind: "Deployment",
        deprecated: (1, 9),
        removed: (1, 16),
        replacement: "apps/v1 Deployment",
    },
    Deprecated {
        api_version: "apps/v1beta2",
        kind: "ReplicaSet",
        deprecated: (1, 9),
        removed: (1, 16),
        replacement: "apps/v1 ReplicaSet",
    },
    Deprecated {
        api_version: "apps/v1beta2",
        kind: "Scale",
        deprecated: (1, 9),
        removed: (1, 16),
        replacement: "autoscaling/v1 Scale",
    },
    Deprecated {
        api_version: "apps/v1beta2",
        kind: "StatefulSet",
        deprecated: (1, 9),
        removed: (1, 16),
        replacement: "apps/v1 StatefulSet",
    },
    Deprecated {
        api_version: "authentication.k8s.io/v1alpha1",
        kind: "SelfSubjectReview",
        deprecated: (1, 29),
        removed: (1, 32),
        replacement: "",
    },
    Deprecated {
        api_version: "authentication.k8s.io/v1beta1",
        kind: "SelfSubjectReview",
        deprecated: (1, 30),
        removed: (1, 33),
        replacement: "",
    },
    Deprecated {
        api_version: "authentication.k8s.io/v1beta1",
        kind: "TokenReview",
        deprecated: (1, 19),
        removed: (1, 22),
        replacement: "authentication.k8s.io/v1 TokenReview",
    },
    Deprecated {
        api_version: "authorization.k8s.io/v1beta1",
        kind: "LocalSubjectAccessReview",
        deprecated: (1, 19),
        removed: (1, 22),
        replacement: "authorization.k8s.io/v1 LocalSubjectAccessReview",
    },
    Deprecated {
        api_version: "authorization.k8s.io/v1beta1",
        kind: "SelfSubjectAccessReview",
        deprecated: (1, 19),
        removed: (1, 22),
        replacement: "authorization.k8s.io/v1 SelfSubjectAccessReview",
    },
    Deprecated {
        api_version: "authorization.k8s.io/v1beta1",
        kind: "SelfSubjectRulesReview",
        deprecated: (1, 19),
        removed: (1, 22),
        replacement: "authorization.k8s.io/v1 SelfSubjectRulesReview",
    },
    Deprecated {
        api_version: "authorization.k8s.io/v1beta1",
        kind: "SubjectAccessReview",
        deprecated: (1, 19),
        removed: (1, 22),
        replacement: "authorization.k8s.io/v1 SubjectAccessReview",
    },
    Deprecated {
        api_version: "batch/v1beta1",
        kind: "CronJob",
        deprecated: (1, 21),
        removed: (1, 25),
        replacement: "batch/v1 CronJob",
    },
    Deprecated {
        api_version: "certificates.k8s.io/v1alpha1",
        kind: "ClusterTrustBundle",
        deprecated: (1, 34),
        removed: (1, 37),
        replacement: "",
    },
    Deprecated {
        api_version: "certificates.k8s.io/v1beta1",
        kind: "CertificateSigningRequest",
        deprecated: (1, 19),
        removed: (1, 22),
        replacement: "certificates.k8s.io/v1 CertificateSigningRequest",
    },
    Deprecated {
        api_version: "certificates.k8s.io/v1beta1",
        kind: "ClusterTrustBundle",
        deprecated: (1, 37),
        removed: (1, 40),
        replacement: "",
    },
    Deprecated {
        api_version: "certificates.k8s.io/v1beta1",
        kind: "PodCertificateRequest",
        deprecated: (1, 38),
        removed: (1, 41),
        replacement: "",
    },
    Deprecated {
        api_version: "coordination.k8s.io/v1alpha2",
        kind: "LeaseCandidate",
        deprecated: (1, 35),
        removed: (1, 38),
        replacement: "",
    },
    Deprecated {
        api_version: "coordination.k8s.io/v1beta1",
        kind: "Lease",
        deprecated: (1, 19),
        removed: (1, 22),
        replacement: "coordination.k8s.io/v1 Lease",
    },
    Deprecated {
        api_version: "coordination.k8s.io/v1beta1",
        kind: "LeaseCandidate",
        deprecated: (1, 36),
        removed: (1, 39),
        replacement: "",
    },
    Deprecated {
        api_version: "discovery.k8s.io/v1beta1",
        kind: "EndpointSlice",
        deprecated: (1, 21),
        removed: (1, 25),
        replacement: "discovery.k8s.io/v1 EndpointSlice",
    },
    Deprecated {
        api_version: "events.k8s.io/v1beta1",
        kind: "Event",
        deprecated: (1, 22),
        removed: (1, 25),
        replacement: "",
    },
    Deprecated {
        api_version: "extensions/v1beta1",
        kind: "DaemonSet",
        deprecated: (1, 8),
        removed: (1, 16),
        replacement: "apps/v1 DaemonSet",
    },
    Deprecated {
        api_version: "extensions/v1beta1",
        kind: "Deployment",
        deprecated: (1, 8),
        removed: (1, 16),
        replacement: "apps/v1 Deployment",
    },
    Deprecated {
        api_version: "extensions/v1beta1",
        kind: "DeploymentRollback",
        deprecated: (1, 8),
        removed: (1, 16),
        replacement: "",
    },
    Deprecated {
        api_version: "extensions/v1beta1",
        kind: "Ingress",
        deprecated: (1, 14),
        removed: (1, 22),
        replacement: "networking.k8s.io/v1 Ingress",
    },
    Deprecated {
        api_version: "extensions/v1beta1",
        kind: "NetworkPolicy",
        deprecated: (1, 9),
        removed: (1, 16),
        replacement: "networking.k8s.io/v1 NetworkPolicy",
    },
    Deprecated {
        api_version: "extensions/v1beta1",
        kind: "ReplicaSet",
        deprecated: (1, 8),
        removed: (1, 16),
        replacement: "apps/v1 ReplicaSet",
    },
    Deprecated {
        api_version: "extensions/v1beta1",
        kind: "Scale",
        deprecated: (1, 2),
        removed: (1, 16),
        replacement: "",
    },
    Deprecated {
        api_version: "flowcontrol.apiserver.k8s.io/v1beta1",
        kind: "FlowSchema",
        deprecated: (1, 23),
        removed: (1, 26),
        replacement: "flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema",
    },
    Deprecated {
        api_version: "flowcontrol.apiserver.k8s.io/v1beta1",
        kind: "PriorityLevelConfiguration",
        deprecated: (1, 23),
        removed: (1, 26),
        replacement: "flowcontrol.apiserver.k8s.io/v1beta3 PriorityLevelConfiguration",
    },
    Deprecated {
        api_version: "flowcontrol.apiserver.k8s.io/v1beta2",
        kind: "FlowSchema",
        deprecated: (1, 26),
        removed: (1, 29),
        replacement: "flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema",
    },
    Deprecated {
        api_version: "flowcontrol.apiserver.k8s.io/v1beta2",
        kind: "PriorityLevelConfiguration",
        deprecated: (1, 26),
        removed: (1, 29),
        replacement: "flowcontrol.apiserver.k8s.io/v1beta3 PriorityLevelConfiguration",
    },
    Deprecated {
        api_version: "flowcontrol.apiserver.k8s.io/v1beta3",
        kind: "FlowSchema",
        deprecated: (1, 29),
        removed: (1, 32),
        replacement: "flowcontrol.apiserver.k8s.io/v1 FlowSchema",
    },
    Deprecated {
        api_version: "flowcontrol.apiserver.k8s.io/v1beta3",
        kind: "PriorityLevelConfiguration",
        deprecated: (1, 29),
        removed: (1, 32),
        replacement: "flowcontrol.apiserver.k8s.io/v1 PriorityLevelConfiguration",
    },
    Deprecated {
        api_version: "networking.k8s.io/v1beta1",
        kind: "IPAddress",
        deprecated: (1, 34),
        removed: (1, 37),
        replacement: "",
    },
    Deprecated {
        api_version: "networking.k8s.io/v1beta1",
        kind: "Ingress",
        deprecated: (1, 19),
        removed: (1, 22),
        replacement: "networking.k8s.io/v1 Ingress",
    },
    Deprecated {
        api_version: "networking.k8s.io/v1beta1",
        kind: "IngressClass",
        deprecated: (1, 19),
        removed: (1, 22),
        replacement: "networking.k8s.io/v1 IngressClassList",
    },
    Deprecated {
        api_version: "networking.k8s.io/v1beta1",
        kind: "ServiceCIDR",
        deprecated: (1, 34),
        removed: (1, 37),
        replacement: "",
    },
    Deprecated {
        api_version: "node.k8s.io/v1beta1",
        kind: "RuntimeClass",
        deprecated: (1, 22),
        removed: (1, 25),
        replacement: "",
    },
    Deprecated {
        api_version: "policy/v1beta1",
        kind: "Eviction",
        deprecated: (1, 22),
        removed: (1, 25),
        replacement: "",
    },
    Deprecated {
        api_version: "policy/v1beta1",
        kind: "PodDisruptionBudget",
        deprecated: (1, 21),
        removed: (1, 25),
        replacement: "policy/v1 PodDisruptionBudget",
    },
    Deprecated {
        api_version: "rbac.authorization.k8s.io/v1beta1",
        kind: "ClusterRole",
        deprecated: (1, 17),
        removed: (1, 22),
        replacement: "rbac.authorization.k8s.io/v1 ClusterRole",
    },
    Deprecated {
        api_version: "rbac.authorization.k8s.io/v1beta1",
        kind: "ClusterRoleBinding",
        deprecated: (1, 17),
        removed: (1, 22),
        replacement: "rbac.authorization.k8s.io/v1 ClusterRoleBinding",
    },
    Deprecated {
        api_version: "rbac.authorization.k8s.io/v1beta1",
        kind: "Role",
        deprecated: (1, 17),
        removed: (1, 22),
        replacement: "rbac.authorization.k8s.io/v1 Role",
    },
    Deprecated {
        api_version: "rbac.authorization.k8s.io/v1beta1",
        kind: "RoleBinding",
        deprecated: (1, 17),
        removed: (1, 22),
        replacement: "rbac.authorization.k8s.io/v1 RoleBinding",
    },
    Deprecated {
        api_version: "resource.k8s.io/v1alpha3",
        kind: "DeviceTaintRule",
        deprecated: (1, 36),
        removed: (1, 39),
        replacement: "",
    },
    Deprecated {
        api_version: "resource.k8s.io/v1alpha3",
        kind: "ResourcePoolStatusRequest",
        deprecated: (1, 39),
        removed: (1, 42),
        replacement: "",
    },
    Deprecated {
        api_version: "resource.k8s.io/v1beta1",
        kind: "DeviceClass",
        deprecated: (1, 35),
        removed: (1, 38),
        replacement: "",
    },
    Deprecated {
        api_version: "resource.k8s.io/v1beta1",
        kind: "ResourceClaim",
        deprecated: (1, 35),
        removed: (1, 38),
        replacement: "",
    },
    Deprecated {
        api_version: "resource.k8s.io/v1beta1",
        kind: "ResourceClaimTemplate",
        deprecated: (1, 35),
        removed: (1, 38),
        replacement: "",
    },
    Deprecated {
        api_version: "resource.k8s.io/v1beta1",
        kind: "ResourceSlice",
        deprecated: (1, 35),
        removed: (1, 38),
        replacement: "",
    },
    Deprecated {
        api_version: "resource.k8s.io/v1beta2",
        kind: "DeviceClass",
        deprecated: (1, 36),
        removed: (1, 39),
        replacement: "",
    },
    Deprecated {
        api_version: "resource.k8s.io/v1beta2",
        kind: "DeviceTaintRule",
        deprecated: (1, 39),
        removed: (1, 42),
        replacement: "",
    },
    Deprecated {
        api_version: "resource.k8s.io/v1beta2",
        kind: "ResourceClaim",
        deprecated: (1, 36),
        removed: (1, 39),
        replacement: "",
    },
    Deprecated {
        api_version: "resource.k8s.io/v1beta2",
        kind: "ResourceClaimTemplate",
        deprecated: (1, 36),
        removed: (1, 39),
        replacement: "",
    },
    Deprecated {
        api_version: "resource.k8s.io/v1beta2",
        kind: "ResourceSlice",
        deprecated: (1, 36),
        removed: (1, 39),
        replacement: "",
    },
    Deprecated {
        api_version: "scheduling.k8s.io/v1beta1",
        kind: "PriorityClass",
        deprecated: (1, 14),
        removed: (1, 22),
        replacement: "scheduling.k8s.io/v1 PriorityClass",
    },
    Deprecated {
        api_version: "storage.k8s.io/v1alpha1",
        kind: "CSIStorageCapacity",
        deprecated: (1, 21),
        removed: (1, 24),
        replacement: "storage.k8s.io/v1beta1 CSIStorageCapacity",
    },
    Deprecated {
        api_version: "storage.k8s.io/v1alpha1",
        kind: "VolumeAttachment",
        deprecated: (1, 21),
        removed: (1, 24),
        replacement: "storage.k8s.io/v1 VolumeAttachment",
    },
    Deprecated {
        api_version: "storage.k8s.io/v1alpha1",
        kind: "VolumeAttributesClass",
        deprecated: (1, 32),
        removed: (1, 35),
        replacement: "storage.k8s.io/v1 VolumeAttributesClass",
    },
    Deprecated {
        api_version: "storage.k8s.io/v1beta1",
        kind: "CSIDriver",
        deprecated: (1, 19),
        removed: (1, 22),
        replacement: "storage.k8s.io/v1 CSIDriver",
    },
    Deprecated {
        api_version: "storage.k8s.io/v1beta1",
        kind: "CSINode",
        deprecated: (1, 17),
        removed: (1, 22),
        replacement: "storage.k8s.io/v1 CSINode",
    },
    Deprecated {
        api_version: "storage.k8s.io/v1beta1",
        kind: "CSIStorageCapacity",
        deprecated: (1, 24),
        removed: (1, 27),
        replacement: "storage.k8s.io/v1 CSIStorageCapacity",
    },
    Deprecated {
        api_version: "storage.k8s.io/v1beta1",
        kind: "StorageClass",
        deprecated: (1, 19),
        removed: (1, 22),
        replacement: "storage.k8s.io/v1 StorageClass",
    },
    Deprecated {
        api_version: "storage.k8s.io/v1beta1",
        kind: "VolumeAttachment",
        deprecated: (1, 19),
        removed: (1, 22),
        replacement: "storage.k8s.io/v1 VolumeAttachment",
    },
    Deprecated {
        api_version: "storage.k8s.io/v1beta1",
        kind: "VolumeAttributesClass",
        deprecated: (1, 34),
        removed: (1, 37),
        replacement: "storage.k8s.io/v1 VolumeAttributesClass",
    },
    Deprecated {
        api_version: "storagemigration.k8s.io/v1beta1",
        kind: "StorageVersionMigration",
        deprecated: (1, 38),
        removed: (1, 41),
        replacement: "",
    },
];
