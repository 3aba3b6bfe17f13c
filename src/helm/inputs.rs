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
    if let Err(f) = super::render::check_installable(chart, opts.version) {
        return Rendering::failed(f);
    }
    let release = match render_release(chart, user, opts, false) {
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

/// The byte offset of a 1-based line and character column in `text`.
fn offset_of(text: &str, pos: Pos) -> usize {
    let mut line = 1;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if line == pos.line {
            break;
        }
        if c == '\n' {
            line += 1;
            start = i + 1;
        }
    }
    let rest = &text[start.min(text.len())..];
    let col = (pos.column.max(1) - 1) as usize;
    start
        + rest
            .char_indices()
            .take_while(|(_, c)| *c != '\n')
            .nth(col)
            .map_or(rest.find('\n').unwrap_or(rest.len()), |(i, _)| i)
}

/// The 1-based line and character column of byte `offset` in `text`.
fn pos_of(text: &str, offset: usize) -> Pos {
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &text[..end];
    let line = before.matches('\n').count() as u32 + 1;
    let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count() as u32
        + 1;
    Pos::new(line, column)
}

impl Rendering {
    /// Where a position in input `i`'s text was written in the templates: the file and its
    /// position.
    pub fn locate(&self, i: usize, pos: Pos) -> Option<(String, Pos)> {
        let input = self.inputs.get(i)?;
        let at = offset_of(&input.text, pos);
        let (doc_start, out_start, _) = input
            .docs
            .iter()
            .rev()
            .find(|(start, _, _)| *start <= at)
            .copied()?;
        let out = out_start + (at - doc_start);
        let trace = self.traces.get(&input.name)?;
        let seg = trace.iter().rev().find(|s| s.out <= out)?;
        let offset = if seg.exact {
            seg.offset + (out - seg.out)
        } else {
            seg.offset
        };
        Some((seg.file.to_string(), pos_of(&seg.text, offset)))
    }

    /// Where byte `out` of template `file`'s rendered output was written in the templates.
    pub fn source_of(&self, file: &str, out: usize) -> Option<(String, Pos)> {
        let trace = self.traces.get(file)?;
        let seg = trace.iter().rev().find(|s| s.out <= out)?;
        let offset = if seg.exact {
            seg.offset + (out - seg.out)
        } else {
            seg.offset
        };
        Some((seg.file.to_string(), pos_of(&seg.text, offset)))
    }

    /// What `helm template` prints (manifests, then hooks), and for each of its lines the
    /// template and line that wrote it (`None` for the `---` and `# Source:` lines).
    pub fn printed_with_sources(&self) -> (String, Vec<Option<(String, u32)>>) {
        let mut text = String::new();
        let mut links = Vec::new();
        for (name, offset, content) in &self.printed {
            text.push_str("---\n");
            links.push(None);
            text.push_str(&format!("# Source: {name}\n"));
            links.push(None);
            let mut at = 0;
            for line in content.split('\n') {
                links.push(self.source_of(name, offset + at).map(|(f, p)| (f, p.line)));
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
        for d in diagnostics.iter_mut() {
            let Some(i) = d.file.checked_sub(first).filter(|i| *i < self.inputs.len()) else {
                continue;
            };
            let Some((file, start)) = self.locate(i, d.span.start) else {
                continue;
            };
            let end = match self.locate(i, d.span.end) {
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
        let chart_file = file_index(files, chart_file);
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
    fn failure_diagnostic(&self, files: &mut Vec<String>, chart_file: usize) -> Option<Diagnostic> {
        let f = self.failure.as_ref()?;
        let (file, span) = match &f.location {
            Some(l) => (
                file_index(files, &l.file),
                Span::at(l.line as u32, l.column as u32),
            ),
            None => (chart_file, Span::at(1, 1)),
        };
        let mut d = Diagnostic::new(Severity::Error, Source::Template, "template-error")
            .message(f.message.clone())
            .span(span);
        d.file = file;
        Some(d)
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
