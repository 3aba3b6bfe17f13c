//! `helm template`: load the chart, merge the user's values, render, sort, and print what
//! `pkg/cmd/template.go` prints (helm v4.2.3; `cmd/helm/template.go` in v3.17.2), or fail
//! with its error.

use super::Version;
use super::chart::{self, Chart, File};
use super::manifests::{self, Event};
use super::render::{self, Failure, Options};
use super::values::{self, SetKind};
use crate::gotmpl::{Map, MapKind, Value};

/// Where charts and values files come from (a directory, an archive, the shell's files).
pub trait Source {
    /// The files of the chart at `path`: a directory's regular files (relative paths) or a
    /// `.tgz`'s bytes; `None` when nothing is there.
    fn chart_files(&self, path: &str) -> Result<Option<ChartFiles>, String>;
    /// A values file's text.
    fn read(&self, path: &str) -> Result<String, String>;
    /// `filepath.Abs(path)` (helm 4 names charts by absolute path in some errors).
    fn absolute(&self, path: &str) -> String {
        path.to_string()
    }
    /// Whether a file is at `path` (`os.Stat`: `--output-dir` appends a hook to one).
    fn exists(&self, _path: &str) -> bool {
        false
    }
    /// Why the cluster cannot be reached (`KubeClient.IsReachable`), `None` when it can.
    fn cluster(&self) -> Option<String> {
        None
    }
}

/// A file `helm template --output-dir` writes: `text` replaces what is at `path`, or is added
/// to its end when `append`. The caller writes it (to the disk, or the terminal's machine).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written {
    pub path: String,
    pub text: String,
    pub append: bool,
}

/// What a chart path holds.
pub enum ChartFiles {
    Directory(Vec<File>),
    Archive(Vec<u8>),
}

/// `helm template`'s inputs.
#[derive(Clone, Debug, Default)]
pub struct Args {
    pub name: Option<String>,
    pub chart: String,
    pub values: ValueOptions,
    pub namespace: Option<String>,
    pub kube_version: Option<String>,
    pub api_versions: Vec<String>,
    pub show_only: Vec<String>,
    pub include_crds: bool,
    pub skip_tests: bool,
    pub is_upgrade: bool,
    pub no_hooks: bool,
    pub skip_schema_validation: bool,
    pub version: Version,
    pub seed: u64,
    /// `--debug`: helm's debug lines, and the rendered files even when their YAML does not
    /// parse (`pkg/cmd/template.go`).
    pub debug: bool,
    /// `--output-dir DIR`: each template's manifests go to `DIR/CHART/templates/FILE` instead
    /// of standard output, which says `wrote PATH` for each.
    pub output_dir: Option<String>,
    /// `--release-name`: under `DIR/NAME/` instead.
    pub release_name_dir: bool,
    /// `--dry-run=server` or `--validate`: the cluster is asked (`Source::cluster`).
    pub server: bool,
}

/// The values flags, each in the order given (`pkg/cli/values/options.go`, `Options`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ValueOptions {
    /// `-f`/`--values`.
    pub files: Vec<String>,
    pub set: Vec<String>,
    pub set_string: Vec<String>,
    pub set_json: Vec<String>,
    /// `--set-file KEY=PATH`: the value is that file's text.
    pub set_file: Vec<String>,
    pub set_literal: Vec<String>,
}

impl ValueOptions {
    /// No values flag given.
    pub fn is_empty(&self) -> bool {
        *self == ValueOptions::default()
    }

    /// `MergeValues`, in its fixed order whatever the flags' order: `-f` files, then
    /// `--set-json`, `--set`, `--set-string`, `--set-file`, `--set-literal`.
    pub fn merge(&self, src: &dyn Source, version: Version) -> Result<Map, Failure> {
        let mut base = Map::new(MapKind::Any);
        for path in &self.files {
            let text = src.read(path).map_err(Failure::plain)?;
            let m = values::load(&text, version)
                .map_err(|e| Failure::plain(format!("failed to parse {path}: {e}")))?;
            base = values::merge_maps(&base, &m);
        }
        let read = |path: &str| src.read(path);
        for s in &self.set_json {
            let trimmed = s.trim();
            // helm 4 merges a whole JSON object given alone; helm 3 reads it as `k=v` pairs.
            if version == Version::V4 && trimmed.starts_with('{') {
                match super::convert::from_json(trimmed) {
                    Ok(Value::Map(m)) => base = values::merge_maps(&base, &m),
                    _ => {
                        return Err(Failure::plain(format!(
                            "failed parsing --set-json data JSON: {s}"
                        )));
                    }
                }
                continue;
            }
            // `MergeValues` names the line, not the error.
            values::parse_set(s, &base, SetKind::Json, &read)
                .map_err(|_| Failure::plain(format!("failed parsing --set-json data {s}")))?;
        }
        let passes = [
            (&self.set, SetKind::Typed, "--set"),
            (&self.set_string, SetKind::String, "--set-string"),
            (&self.set_file, SetKind::File, "--set-file"),
            (&self.set_literal, SetKind::Literal, "--set-literal"),
        ];
        for (lines, kind, flag) in passes {
            for s in lines {
                values::parse_set(s, &base, kind, &read)
                    .map_err(|e| Failure::plain(format!("failed parsing {flag} data: {e}")))?;
            }
        }
        Ok(base)
    }
}

/// The release name rule (`chartutil.ValidateReleaseName`).
pub fn valid_release_name(name: &str) -> bool {
    if name.is_empty() || name.len() > 53 {
        return false;
    }
    name.split('.').all(|label| {
        let b = label.as_bytes();
        !b.is_empty()
            && b.iter()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
            && b[0] != b'-'
            && b[b.len() - 1] != b'-'
    })
}

/// Loads a chart as `loader.Load` does.
pub fn load_chart(src: &dyn Source, path: &str, version: Version) -> Result<Chart, Failure> {
    let Some(found) = src.chart_files(path).map_err(Failure::plain)? else {
        return Err(Failure::plain(not_found(path)));
    };
    let files = match found {
        ChartFiles::Directory(entries) => {
            if !entries.iter().any(|f| f.name == "Chart.yaml") {
                let abs = src.absolute(path);
                let dir = abs.trim_end_matches('/');
                return Err(Failure::plain(match version {
                    Version::V4 => format!(
                        "unable to detect chart at {dir}/Chart.yaml: open {dir}/Chart.yaml: no such file or directory"
                    ),
                    Version::V3 => "Chart.yaml file is missing".to_string(),
                }));
            }
            chart::from_directory(entries).map_err(Failure::plain)?
        }
        ChartFiles::Archive(bytes) => chart::from_archive(&bytes).map_err(Failure::plain)?,
    };
    if version == Version::V4
        && let Some(f) = files.iter().find(|f| f.name == "Chart.yaml")
    {
        let md = chart::decode_metadata(&f.text())
            .map_err(|e| Failure::plain(format!("cannot load Chart.yaml: {e}")))?;
        match md.api_version.as_str() {
            "" | "v1" | "v2" => {}
            "v3" => return Err(Failure::plain("invalid chart apiVersion")),
            _ => return Err(Failure::plain("unsupported chart version")),
        }
    }
    chart::load(files, version).map_err(Failure::plain)
}

/// What `LocateChart` says when no chart is at `path`: a local-looking path is missing, any
/// other name is read as a repository reference.
pub fn not_found(path: &str) -> String {
    if path.starts_with('.') || path.starts_with('/') {
        return format!("path {} not found", crate::go::quote(path));
    }
    match path.split_once('/') {
        None => {
            format!("non-absolute URLs should be in form of repo_name/path_to_chart, got: {path}")
        }
        Some((repo, _)) => format!("repo {repo} not found"),
    }
}

/// The user's values (`MergeValues`).
pub fn user_values(src: &dyn Source, args: &Args) -> Result<Map, Failure> {
    args.values.merge(src, args.version)
}

/// The render options for these arguments.
pub fn options(args: &Args) -> Options {
    Options {
        version: args.version,
        release_name: args.name.clone().unwrap_or_else(|| "release-name".into()),
        // An empty `--namespace` is the default namespace, as in helm.
        namespace: args
            .namespace
            .clone()
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| "default".into()),
        revision: 1,
        is_upgrade: args.is_upgrade,
        kube_version: args.kube_version.clone(),
        api_versions: args.api_versions.clone(),
        seed: args.seed,
        fuel: render::FUEL,
        skip_schema_validation: args.skip_schema_validation,
        lint: false,
    }
}

/// A rendered release: the manifest text, its hooks and notes (what install stores).
#[derive(Clone, Debug)]
pub struct Release {
    pub manifest: String,
    pub hooks: Vec<manifests::Hook>,
    pub manifests: Vec<manifests::Manifest>,
    pub notes: String,
    pub rendered: render::Rendered,
}

/// `TemplateName` (pkg/action/install.go, helm v4.2.3; v3.17.2 alike): `--name-template`'s
/// text executed with Go's and Sprig's functions and no data, as the release's name.
pub fn template_name(text: &str, version: Version, seed: u64) -> Result<String, String> {
    let funcs = std::rc::Rc::new(super::funcs::sprig(version));
    let mut set = crate::gotmpl::Set::new("name-template", funcs);
    set.parse("name-template", text)
        .map_err(|e| e.to_string())?;
    let mut run = crate::gotmpl::Run::new(render::FUEL, render::OUTPUT_LIMIT, seed);
    let mut out = String::new();
    crate::gotmpl::execute(
        &set,
        "name-template",
        crate::gotmpl::Val::new(Value::Nil),
        &mut out,
        &mut run,
    )
    .map_err(|e| e.text)?;
    Ok(out)
}

/// `helm template --output-dir DIR` (`renderResources` in pkg/action/action.go and
/// `newTemplateCmd` in pkg/cmd/template.go, helm v4.2.3; v3.17.2 alike): the CRDs (with
/// `--include-crds`) under DIR, the manifests and hooks under DIR or DIR/NAME, a manifest
/// added to the file an earlier one of the same template went to, a hook to any file already
/// there. Standard output says `wrote PATH` for each and ends with the empty manifest's line;
/// `--show-only` then finds nothing, as in helm.
fn to_dir(
    src: &dyn Source,
    args: &Args,
    dir: &str,
    name: &str,
    release: &Release,
    written: &mut Vec<Written>,
) -> Result<String, Failure> {
    // `writeToFile` joins with a separator (`out/` gives `out//chart/...`); `filepath.Join`
    // cleans the release name's folder.
    let new_dir = if args.release_name_dir {
        chart::clean_path(&format!("{dir}/{name}"))
    } else {
        dir.to_string()
    };
    let mut out = String::new();
    let mut done: Vec<String> = Vec::new();
    let mut write = |out: &mut String, path: String, name: &str, data: &str, append: bool| {
        out.push_str(&format!("wrote {path}\n"));
        written.push(Written {
            path,
            text: format!("---\n# Source: {name}\n{data}\n"),
            append,
        });
    };
    if args.include_crds {
        for (n, f) in release.rendered.chart.crd_objects() {
            let append = done.contains(&n);
            write(&mut out, format!("{dir}/{n}"), &n, &f.text(), append);
            done.push(n);
        }
    }
    for m in &release.manifests {
        let append = done.contains(&m.name);
        write(
            &mut out,
            format!("{new_dir}/{}", m.name),
            &m.name,
            &m.content,
            append,
        );
        done.push(m.name.clone());
    }
    if !args.no_hooks {
        for h in &release.hooks {
            if args.skip_tests && h.events.contains(&Event::Test) {
                continue;
            }
            let path = format!("{new_dir}/{}", h.path);
            let append = src.exists(&path) || out.lines().any(|l| l == format!("wrote {path}"));
            write(&mut out, path, &h.path, &h.manifest, append);
        }
    }
    if let Some(f) = args.show_only.first() {
        return Err(Failure {
            output: Some(Box::new(out)),
            ..Failure::plain(format!("could not find template {f} in chart"))
        });
    }
    out.push('\n');
    Ok(out)
}

/// `renderResources`: render, pull out NOTES, sort, and assemble the manifest. What helm
/// would log on the way goes to `log`.
pub fn render_release(
    chart: &Chart,
    user: &Map,
    opts: &Options,
    include_crds: bool,
    log: &mut values::Log,
) -> Result<Release, Failure> {
    let mut rendered = render::render(chart, user, opts, log)?;
    let root_notes = format!("{}/templates/NOTES.txt", rendered.chart.name());
    let mut notes = String::new();
    let names: Vec<String> = rendered.files.keys().cloned().collect();
    for k in names {
        if k.ends_with("NOTES.txt") {
            if k == root_notes
                && let Some(v) = rendered.files.get(&k)
            {
                notes.push_str(v);
            }
            rendered.files.remove(&k);
        }
    }
    // `renderResources`: a file whose YAML does not parse stops the release, which then holds
    // every rendered file as one blob "to help the user debug", in the order of a Go map
    // that is nearly always the order the files were rendered in (`sortTemplates`).
    let sorted = manifests::sort(&rendered.files, opts.version).map_err(|(_, message)| {
        let mut names: Vec<String> = rendered.files.keys().cloned().collect();
        render::sort_templates(&mut names);
        Failure {
            message,
            location: None,
            rendering: true,
            missing: Vec::new(),
            output: Some(Box::new(
                names
                    .iter()
                    .filter_map(|n| rendered.files.get(n).map(|c| (n, c)))
                    .filter(|(_, c)| !c.trim().is_empty())
                    .map(|(n, c)| format!("---\n# Source: {n}\n{c}\n"))
                    .collect(),
            )),
        }
    })?;
    for hooks in &sorted.unknown_hooks {
        log.push(values::Warning::new(
            Some(format!(
                "manifest_sorter.go:190: info: skipping unknown hook: {}",
                crate::go::quote(hooks)
            )),
            Some(values::slog(
                "INFO",
                "skipping unknown hooks",
                &[("hookTypes", hooks)],
            )),
        ));
    }
    let mut manifest = String::new();
    if include_crds {
        for (name, f) in rendered.chart.crd_objects() {
            manifest.push_str(&format!("---\n# Source: {name}\n{}\n", f.text()));
        }
    }
    for m in &sorted.manifests {
        manifest.push_str(&format!("---\n# Source: {}\n{}\n", m.name, m.content));
    }
    Ok(Release {
        manifest,
        hooks: sorted.hooks,
        manifests: sorted.manifests,
        notes,
        rendered,
    })
}

/// What `runInstall` logs for a chart whose `Chart.yaml` says `deprecated: true`.
pub fn deprecated() -> values::Warning {
    values::Warning::new(
        Some("WARNING: This chart is deprecated".into()),
        Some(values::slog("WARN", "this chart is deprecated", &[])),
    )
}

/// Why `name` is no release name (`chartutil.ValidateReleaseName`'s error).
pub fn invalid_name(name: &str) -> String {
    format!(
        "release name {}: invalid release name, must match regex ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$ and the length must not be longer than 53",
        crate::go::quote(name)
    )
}

/// What helm 4's `Install.RunWithContext` logs before it returns "release name check failed".
pub fn name_check_failed(error: &str) -> values::Warning {
    values::Warning::helm4("ERROR", "release name check failed", &[("error", error)])
}

/// `helm template`: stdout, or the failure; what helm logs on the way goes to `log`.
/// `helm template`: what it prints on standard output (or the failure), with the files it
/// writes under `--output-dir` added to `written`.
pub fn run(
    src: &dyn Source,
    args: &Args,
    log: &mut values::Log,
    written: &mut Vec<Written>,
) -> Result<String, Failure> {
    // `runInstall`'s order: values, the chart, then `Install.Run` checks the name.
    let user = user_values(src, args)?;
    let debug = args.debug && args.version == Version::V4;
    if debug {
        log.push(values::Warning::helm4(
            "DEBUG",
            "Original chart version",
            &[("version", "")],
        ));
    }
    let chart = load_chart(src, &args.chart, args.version)?;
    if debug {
        let path = src.absolute(&args.chart);
        let deps = chart.dependencies.len().to_string();
        log.push(values::Warning::helm4(
            "DEBUG",
            "Chart path",
            &[("path", &path)],
        ));
        log.push(values::Warning::helm4(
            "DEBUG",
            "number of dependencies in the chart",
            &[("chart", chart.name()), ("dependencies", &deps)],
        ));
    }
    render::check_installable(&chart, args.version, log)?;
    // `Install.RunWithContext` asks the cluster first when the dry run is the server's.
    if let Some(why) = args.server.then(|| src.cluster()).flatten() {
        return Err(Failure::plain(match args.version {
            Version::V4 => {
                let msg = format!(
                    "cluster reachability check failed: kubernetes cluster unreachable: {why}"
                );
                log.push(values::Warning::helm4("ERROR", &msg, &[]));
                msg
            }
            Version::V3 => format!("Kubernetes cluster unreachable: {why}"),
        }));
    }
    let name = args.name.clone().unwrap_or_else(|| "release-name".into());
    if !valid_release_name(&name) {
        let detail = invalid_name(&name);
        return Err(Failure::plain(match args.version {
            Version::V4 => {
                log.push(name_check_failed(&detail));
                format!("release name check failed: {detail}")
            }
            Version::V3 => detail,
        }));
    }
    let opts = options(args);
    let release = match render_release(&chart, &user, &opts, args.include_crds, log) {
        Ok(r) => r,
        // With --debug the files are printed and the error follows, without the hint.
        Err(mut f) if args.debug && f.output.is_some() => {
            f.output = f.output.map(|o| Box::new(format!("{}\n", o.trim())));
            f.rendering = false;
            return Err(f);
        }
        Err(f) => {
            return Err(Failure { output: None, ..f });
        }
    };
    if let Some(dir) = &args.output_dir {
        return to_dir(src, args, dir, &name, &release, written);
    }
    let mut out = format!("{}\n", release.manifest.trim_matches(char::is_whitespace));
    if !args.no_hooks {
        for h in &release.hooks {
            if args.skip_tests && h.events.contains(&Event::Test) {
                continue;
            }
            out.push_str(&format!("---\n# Source: {}\n{}\n", h.path, h.manifest));
        }
    }
    if args.show_only.is_empty() {
        return Ok(out);
    }
    let docs = manifests::split(&out, args.version);
    let mut shown = String::new();
    for f in &args.show_only {
        let mut missing = true;
        for doc in &docs {
            let Some(rest) = doc
                .find("# Source: ")
                .map(|i| &doc[i + "# Source: ".len()..])
            else {
                continue;
            };
            let line = rest.lines().next().unwrap_or_default();
            let Some((_, path)) = line.split_once('/') else {
                continue;
            };
            if path.is_empty() || line.starts_with('/') {
                continue;
            }
            if chart::glob_match(f, path).unwrap_or(false) {
                shown.push_str(&format!("---\n{doc}\n"));
                missing = false;
            }
        }
        if missing {
            return Err(Failure::plain(format!(
                "could not find template {f} in chart"
            )));
        }
    }
    Ok(shown)
}
