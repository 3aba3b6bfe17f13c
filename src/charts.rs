//! Charts in the playground: a chart's files as the user edits them (`ChartSpec`), what the
//! playground shows for them (`ChartView`: the analysis with every diagnostic on its template
//! line, the release manifest the simulation runs, `helm template`'s output with each line's
//! template), and the built-in example charts.
//!
//! `analyze` renders with `crate::helm`, which the web app loads with the terminal's chunk:
//! the page calls it through `kubectl::Terminal` (see `web::lazy`), never directly.

use crate::helm::template::{ChartFiles, Source};
use crate::helm::{self, File, Version};
use crate::{Analysis, Diagnostic, Input, Options};

/// A chart's text files: paths relative to its root, and their text.
pub type Files = Vec<(String, String)>;

/// A chart being edited: its files (paths relative to the chart's root) and how to render it.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartSpec {
    pub files: Vec<(String, String)>,
    /// The release name (`helm install NAME`).
    pub release: String,
    /// `--set` assignments, one per line (blank lines and `#` comments ignored).
    pub sets: String,
    pub version: Version,
}

/// What the playground shows for a chart.
#[derive(Clone, Debug, Default)]
pub struct ChartView {
    /// Diagnostics name chart files by their paths in `ChartSpec::files`.
    pub analysis: Analysis,
    /// The release's manifest (without hooks): what the simulation applies.
    pub manifest: String,
    /// What `helm template` prints, and per line the chart file and line that wrote it.
    pub rendered: String,
    pub links: Vec<Option<(String, u32)>>,
    /// Helm's error when the chart does not render.
    pub failure: Option<String>,
    pub notes: String,
    /// The chart's name (`Chart.yaml`), the prefix of its template names.
    pub name: String,
    /// Hook resources (kind and name) the release would run.
    pub hooks: Vec<(String, String)>,
}

struct Memory<'a>(&'a ChartSpec);

impl Source for Memory<'_> {
    fn chart_files(&self, _path: &str) -> Result<Option<ChartFiles>, String> {
        Ok(Some(ChartFiles::Directory(
            self.0
                .files
                .iter()
                .map(|(p, t)| File::new(p.clone(), t.as_bytes().to_vec()))
                .collect(),
        )))
    }
    /// `--set-file` in the chart bar reads the chart's own files (`files/app.py`), as a shell
    /// in the chart's folder would.
    fn read(&self, path: &str) -> Result<String, String> {
        let wanted = path.trim_start_matches("./");
        self.0
            .files
            .iter()
            .find(|(p, _)| p == wanted)
            .map(|(_, t)| t.clone())
            .ok_or_else(|| format!("open {path}: no such file or directory"))
    }
}

/// The values flags a line of the `--set` box may start with; a line with none is `--set`.
const SET_FLAGS: [&str; 5] = [
    "--set-string",
    "--set-json",
    "--set-literal",
    "--set-file",
    "--set",
];

/// A line of the `--set` box: the values flag and its assignment.
pub type SetLine = (&'static str, String);

/// The lines of a spec's `--set` box as (flag, assignment): `replicaCount=2` is `--set`, and
/// a line may name another values flag (`--set-json tolerations=[]`).
pub fn set_lines(sets: &str) -> Vec<SetLine> {
    sets.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            for flag in SET_FLAGS {
                if let Some(rest) = l.strip_prefix(flag)
                    && let Some(v) = rest.strip_prefix([' ', '='])
                {
                    return (flag, v.trim().to_string());
                }
            }
            ("--set", l.to_string())
        })
        .collect()
}

/// The values flags of `set_lines`.
pub fn value_options(lines: &[SetLine]) -> helm::template::ValueOptions {
    let mut o = helm::template::ValueOptions::default();
    for (flag, v) in lines {
        let to = match *flag {
            "--set-string" => &mut o.set_string,
            "--set-json" => &mut o.set_json,
            "--set-literal" => &mut o.set_literal,
            "--set-file" => &mut o.set_file,
            _ => &mut o.set,
        };
        to.push(v.clone());
    }
    o
}

/// Renders and analyses a chart; diagnostics end up on the chart's own file paths.
pub fn analyze(spec: &ChartSpec, opts: &Options) -> ChartView {
    let src = Memory(spec);
    let args = helm::template::Args {
        name: Some(spec.release.clone()),
        chart: ".".into(),
        values: value_options(&set_lines(&spec.sets)),
        namespace: Some(opts.namespace.clone()),
        version: spec.version,
        seed: 1,
        ..Default::default()
    };
    let name = spec
        .files
        .iter()
        .find(|(p, _)| p == "Chart.yaml")
        .and_then(|(_, t)| helm::chart::decode_metadata(t).ok())
        .map(|m| m.name)
        .unwrap_or_default();
    let rendering = helm::template::user_values(&src, &args)
        .and_then(|user| {
            let chart = helm::template::load_chart(&src, ".", spec.version)?;
            Ok(helm::inputs::render(
                &chart,
                &user,
                &helm::template::options(&args),
            ))
        })
        .unwrap_or_else(helm::inputs::Rendering::failed);
    let inputs: Vec<Input<'_>> = rendering
        .inputs
        .iter()
        .map(|i| Input {
            name: &i.name,
            text: &i.text,
        })
        .collect();
    let mut analysis = crate::analyze(&inputs, opts);
    let mut diagnostics = std::mem::take(&mut analysis.diagnostics);
    rendering.diagnose(
        0,
        &mut diagnostics,
        &mut analysis.manifests.files,
        "Chart.yaml",
    );
    // Template names carry the chart's name (`visits/templates/x.yaml`); the editor knows
    // the file as `templates/x.yaml`.
    let prefix = format!("{name}/");
    for f in analysis.manifests.files.iter_mut() {
        if let Some(rest) = f.strip_prefix(&prefix) {
            *f = rest.to_string();
        }
    }
    crate::diag::sort(&mut diagnostics);
    analysis.diagnostics = diagnostics;
    let (rendered, links) = rendering.printed_with_sources();
    let links = links
        .into_iter()
        .map(|l| {
            l.map(|(f, line)| {
                (
                    f.strip_prefix(&prefix).map_or(f.clone(), str::to_string),
                    line,
                )
            })
        })
        .collect();
    ChartView {
        analysis,
        manifest: rendering.manifest.clone(),
        rendered,
        links,
        failure: rendering.failure.as_ref().map(|f| f.message.clone()),
        notes: rendering.notes.clone(),
        name,
        hooks: rendering
            .hooks
            .iter()
            .map(|h| (h.kind.clone(), h.name.clone()))
            .collect(),
    }
}

/// Diagnostics about one chart file.
pub fn diagnostics_of(view: &ChartView, file: &str) -> Vec<Diagnostic> {
    view.analysis
        .diagnostics
        .iter()
        .filter(|d| {
            view.analysis
                .manifests
                .files
                .get(d.file)
                .is_some_and(|f| f == file)
        })
        .cloned()
        .collect()
}

/// A built-in example chart: what the chart picker shows. Its files are in `example`, which
/// only the terminal's chunk reaches (`kubectl::Terminal::example_chart`), so their text does
/// not weigh on the first load.
pub struct Example {
    pub id: &'static str,
    pub title: &'static str,
}

/// The course's lab chart and `helm create`'s chart.
pub static EXAMPLES: &[Example] = &[
    Example {
        id: "visits",
        title: "Lab with Helm: the visits chart (helm install)",
    },
    Example {
        id: "helm-create",
        title: "helm create mychart (helm 4)",
    },
];

macro_rules! chart_files {
    ($dir:literal: $($f:literal),* $(,)?) => {
        &[$(($f, include_str!(concat!("../static/examples/charts/", $dir, "/", $f)))),*]
    };
}

/// An example's files (relative to the chart's root), renamed as `helm create` would name
/// them.
pub fn example(id: &str) -> Option<Vec<(String, String)>> {
    type Files = &'static [(&'static str, &'static str)];
    // The files, and what to replace in each (`helm create NAME` writes NAME).
    let (files, rename): (Files, Option<(&str, &str)>) = match id {
        "visits" => (
            chart_files!("visits":
                "Chart.yaml", "values.yaml", "templates/_helpers.tpl", "templates/statefulset.yaml",
                "templates/service.yaml", "templates/service-headless.yaml",
                "templates/serviceaccount.yaml", "templates/hooks.yaml", "templates/NOTES.txt",
                "templates/tests/test-connection.yaml",
            ),
            None,
        ),
        "helm-create" => (
            chart_files!("create4":
                ".helmignore", "Chart.yaml", "values.yaml", "templates/_helpers.tpl",
                "templates/deployment.yaml", "templates/hpa.yaml", "templates/httproute.yaml",
                "templates/ingress.yaml", "templates/service.yaml", "templates/serviceaccount.yaml",
                "templates/NOTES.txt", "templates/tests/test-connection.yaml",
            ),
            Some(("create4", "mychart")),
        ),
        // What helm v3.17.2's `helm create` writes (no HTTPRoute).
        "helm-create-3" => (
            chart_files!("create3":
                ".helmignore", "Chart.yaml", "values.yaml", "templates/_helpers.tpl",
                "templates/deployment.yaml", "templates/hpa.yaml", "templates/ingress.yaml",
                "templates/service.yaml", "templates/serviceaccount.yaml",
                "templates/NOTES.txt", "templates/tests/test-connection.yaml",
            ),
            Some(("create3", "mychart")),
        ),
        _ => return None,
    };
    Some(
        files
            .iter()
            .map(|(p, t)| {
                let text = match rename {
                    Some((from, to)) => t.replace(from, to),
                    None => t.to_string(),
                };
                (p.to_string(), text)
            })
            .collect(),
    )
}

/// The files of a dropped `.tgz` (from `helm package`) as text files of one chart; binary
/// files are left out.
pub fn from_archive(bytes: &[u8]) -> Result<Vec<(String, String)>, String> {
    let files = helm::chart::from_archive(bytes)?;
    Ok(files
        .into_iter()
        .filter_map(|f| String::from_utf8(f.data.to_vec()).ok().map(|t| (f.name, t)))
        .collect())
}
