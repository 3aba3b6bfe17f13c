//! A chart as the analyser's input: rendered as `helm template` would, each template's
//! manifest documents become one input text (hooks are set apart), and every position in
//! those texts maps back to the template text that produced it — so a diagnostic about a
//! rendered object points at the template line, not at output the user never sees.

use super::Chart;
use super::manifests::Hook;
use super::render::{Failure, Missing, Options};
use super::template::render_release;
use crate::diag::{Diagnostic, Pos, Severity, Source, Span};
use crate::gotmpl::{Map, Segment};
use std::collections::BTreeMap;

/// One template's rendered manifest documents, as analyser input.
#[derive(Clone, Debug)]
pub struct Rendered {
    /// The template (`CHART/templates/statefulset.yaml`).
    pub name: String,
    /// Its documents, joined by `---` lines.
    pub text: String,
    /// (start in `text`, start in the template's output, length) per document.
    docs: Vec<(usize, usize, usize)>,
}

/// A chart rendered for analysis.
#[derive(Clone, Debug, Default)]
pub struct Rendering {
    pub inputs: Vec<Rendered>,
    pub hooks: Vec<Hook>,
    pub notes: String,
    /// Why it did not render (the analyser then sees no objects from it).
    pub failure: Option<Failure>,
    /// The release's manifest as `helm install` stores it (no hooks).
    pub manifest: String,
    /// Every document `helm template` prints, in its order: (template, offset in the
    /// template's output, text).
    pub printed: Vec<(String, usize, String)>,
    /// Values paths the templates read that are missing, each close to an existing key.
    pub missing: Vec<Missing>,
    traces: BTreeMap<String, Vec<Segment>>,
}

impl Rendering {
    /// A chart that could not be rendered.
    pub fn failed(f: Failure) -> Rendering {
        Rendering {
            missing: f.missing.clone(),
            failure: Some(f),
            ..Rendering::default()
        }
    }
}

/// Renders `chart` and splits its release manifest into analyser inputs.
pub fn render(chart: &Chart, user: &Map, opts: &Options) -> Rendering {
    if let Err(f) = super::render::check_installable(chart, opts.version, &mut Vec::new()) {
        return Rendering::failed(f);
    }
    // helm's log lines are for a terminal; the analysis has its own diagnostics.
    let release = match render_release(chart, user, opts, false, &mut Vec::new()) {
        Ok(r) => r,
        Err(f) => return Rendering::failed(f),
    };
    let mut inputs: Vec<Rendered> = Vec::new();
    for m in &release.manifests {
        let at = match inputs.iter().position(|i| i.name == m.name) {
            Some(i) => i,
            None => {
                inputs.push(Rendered {
                    name: m.name.clone(),
                    text: String::new(),
                    docs: Vec::new(),
                });
                inputs.len() - 1
            }
        };
        let input = &mut inputs[at];
        if !input.text.is_empty() {
            input.text.push_str("\n---\n");
        }
        input
            .docs
            .push((input.text.len(), m.offset, m.content.len()));
        input.text.push_str(&m.content);
        input.text.push('\n');
    }
    let mut printed: Vec<(String, usize, String)> = release
        .manifests
        .iter()
        .map(|m| (m.name.clone(), m.offset, m.content.clone()))
        .collect();
    printed.extend(
        release
            .hooks
            .iter()
            .map(|h| (h.path.clone(), h.offset, h.manifest.clone())),
    );
    Rendering {
        inputs,
        hooks: release.hooks,
        notes: release.notes,
        failure: None,
        manifest: release.manifest,
        printed,
        missing: release.rendered.missing,
        traces: release.rendered.traces,
    }
}

/// A text's line starts: offsets to positions and back without reading the text from the
/// start each time (a template of 90,000 lines has as many rendered lines to link).
struct Lines(Vec<usize>);

impl Lines {
    fn of(text: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines(starts)
    }

    /// The 1-based line and character column of byte `offset`.
    fn pos(&self, text: &str, offset: usize) -> Pos {
        let mut end = offset.min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let line = self.0.partition_point(|s| *s <= end).max(1);
        let start = self.0[line - 1].min(end);
        Pos::new(line as u32, text[start..end].chars().count() as u32 + 1)
    }

    /// The byte offset of a 1-based line and character column (past the end: the last line).
    fn offset(&self, text: &str, pos: Pos) -> usize {
        let line = (pos.line.max(1) as usize - 1).min(self.0.len() - 1);
        let start = self.0[line].min(text.len());
        let rest = &text[start..];
        let col = (pos.column.max(1) - 1) as usize;
        start
            + rest
                .char_indices()
                .take_while(|(_, c)| *c != '\n')
                .nth(col)
                .map_or(rest.find('\n').unwrap_or(rest.len()), |(i, _)| i)
    }
}

/// The line starts of each text looked at, built once (texts are keyed by address: they
/// live in the rendering being read).
#[derive(Default)]
struct LineCache(std::collections::HashMap<(usize, usize), Lines>);

impl LineCache {
    fn of(&mut self, text: &str) -> &Lines {
        self.0
            .entry((text.as_ptr() as usize, text.len()))
            .or_insert_with(|| Lines::of(text))
    }
}

/// The segment of `trace` that wrote output byte `out` (segments are in output order).
fn segment_at(trace: &[Segment], out: usize) -> Option<&Segment> {
    let n = trace.partition_point(|s| s.out <= out);
    n.checked_sub(1).map(|i| &trace[i])
}

impl Rendering {
    /// Where a position in input `i`'s text was written in the templates: the file and its
    /// position.
    fn locate(&self, lines: &mut LineCache, i: usize, pos: Pos) -> Option<(String, Pos)> {
        let input = self.inputs.get(i)?;
        let at = lines.of(&input.text).offset(&input.text, pos);
        let (doc_start, out_start, _) = input
            .docs
            .iter()
            .rev()
            .find(|(start, _, _)| *start <= at)
            .copied()?;
        let out = out_start + (at - doc_start);
        self.source_of(lines, &input.name, out)
    }

    /// Where byte `out` of template `file`'s rendered output was written in the templates.
    fn source_of(&self, lines: &mut LineCache, file: &str, out: usize) -> Option<(String, Pos)> {
        let seg = segment_at(self.traces.get(file)?, out)?;
        let offset = if seg.exact {
            seg.offset + (out - seg.out)
        } else {
            seg.offset
        };
        let pos = lines.of(&seg.text).pos(&seg.text, offset);
        Some((seg.file.to_string(), pos))
    }

    /// What `helm template` prints (manifests, then hooks), and for each of its lines the
    /// template and line that wrote it (`None` for the `---` and `# Source:` lines).
    pub fn printed_with_sources(&self) -> (String, Vec<Option<(String, u32)>>) {
        let mut text = String::new();
        let mut links = Vec::new();
        let mut lines = LineCache::default();
        for (name, offset, content) in &self.printed {
            text.push_str("---\n");
            links.push(None);
            text.push_str(&format!("# Source: {name}\n"));
            links.push(None);
            let mut at = 0;
            for line in content.split('\n') {
                let source = self.source_of(&mut lines, name, offset + at);
                links.push(source.map(|(f, p)| (f, p.line)));
                text.push_str(line);
                text.push('\n');
                at += line.len() + 1;
            }
        }
        (text, links)
    }

    /// Moves diagnostics about inputs `first..` (this rendering's) to the template positions
    /// that produced them, naming the template files in `files`.
    fn remap(&self, first: usize, diagnostics: &mut [Diagnostic], files: &mut Vec<String>) {
        let mut lines = LineCache::default();
        for d in diagnostics.iter_mut() {
            let Some(i) = d.file.checked_sub(first).filter(|i| *i < self.inputs.len()) else {
                continue;
            };
            let Some((file, start)) = self.locate(&mut lines, i, d.span.start) else {
                continue;
            };
            let end = match self.locate(&mut lines, i, d.span.end) {
                Some((f, p)) if f == file && p >= start => p,
                _ => start,
            };
            d.span = Span::new(start, end);
            d.file = file_index(files, &file);
        }
    }

    /// Everything the analyser and the render say about this chart, at template positions:
    /// moves the analyser's diagnostics about inputs `first..` (`remap`), then adds the render
    /// failure (at `chart_file` when it has no template position) and the missing values.
    pub fn diagnose(
        &self,
        first: usize,
        diagnostics: &mut Vec<Diagnostic>,
        files: &mut Vec<String>,
        chart_file: &str,
    ) {
        self.remap(first, diagnostics, files);
        diagnostics.extend(self.failure_diagnostic(files, chart_file));
        diagnostics.extend(self.missing_diagnostics(files));
    }

    /// A warning (`missing-value`) per values path read but missing, with the nearest key.
    fn missing_diagnostics(&self, files: &mut Vec<String>) -> Vec<Diagnostic> {
        self.missing
            .iter()
            .map(|m| {
                let l = &m.location;
                let mut d = Diagnostic::new(Severity::Warning, Source::Template, "missing-value")
                    .message(format!(
                        "{} is not in the values, so it renders as nothing (did you mean {}?)",
                        m.path, m.nearest
                    ))
                    .span(Span::at(l.line as u32, l.column as u32));
                d.file = file_index(files, &l.file);
                d
            })
            .collect()
    }

    /// The render failure as a diagnostic (`source: template`), located in its template.
    fn failure_diagnostic(&self, files: &mut Vec<String>, chart_file: &str) -> Option<Diagnostic> {
        let f = self.failure.as_ref()?;
        let (file, span) = match &f.location {
            Some(l) => (
                file_index(files, &l.file),
                Span::at(l.line as u32, l.column as u32),
            ),
            None => {
                let (file, line) = failed_file(&f.message, chart_file);
                (file_index(files, &file), Span::at(line, 1))
            }
        };
        let mut d = Diagnostic::new(Severity::Error, Source::Template, "template-error")
            .message(f.message.trim_end().to_string())
            .span(span);
        d.file = file;
        Some(d)
    }
}

/// Where a failure without a template position belongs, from helm's wording: the rendered
/// template of `YAML parse error on FILE: ...`, the chart file of `cannot load values.yaml:
/// ...` (beside `chart_file` when that is the chart's `Chart.yaml`), else the chart itself;
/// and the line, when the YAML error names one (`yaml: line 7: ...`).
fn failed_file(message: &str, chart_file: &str) -> (String, u32) {
    let line = message
        .split("line ")
        .nth(1)
        .and_then(|rest| rest.split(':').next())
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(1);
    if let Some(rest) = message.strip_prefix("YAML parse error on ")
        && let Some((file, _)) = rest.split_once(": ")
    {
        return (file.to_string(), line);
    }
    let loaded = [
        "values.yaml",
        "Chart.yaml",
        "Chart.lock",
        "requirements.yaml",
    ]
    .into_iter()
    .find(|f| message.contains(&format!("cannot load {f}:")));
    match (loaded, chart_file.strip_suffix("Chart.yaml")) {
        (Some(f), Some(dir)) => (format!("{dir}{f}"), line),
        _ => (chart_file.to_string(), 1),
    }
}

/// The index of `file` in `files`, added at the end if it is not there yet.
fn file_index(files: &mut Vec<String>, file: &str) -> usize {
    match files.iter().position(|f| f == file) {
        Some(k) => k,
        None => {
            files.push(file.to_string());
            files.len() - 1
        }
    }
}
