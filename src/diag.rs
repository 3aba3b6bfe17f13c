//! Diagnostics as data: severity, a stable code, where the finding comes from, the API field
//! path and a location in the input text. Nothing here renders; front ends decide how to show them.

use serde::Serialize;
use std::fmt;

/// How serious a finding is. Only errors make `lint` exit 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// Which stage produced a diagnostic (the contract's `source` key).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// YAML syntax, document structure, resource limits of the reader.
    Parse,
    /// Unknown, duplicate or mistyped fields (kubectl's strict field validation).
    Schema,
    /// What the API server rejects on create or update.
    Validation,
    /// StatefulSet advice: accepted by the API server, but likely not what was meant.
    Lint,
    /// Rendering a Helm chart: the error helm gives, located in the template.
    Template,
}

/// A 1-based line and column (columns count characters, not bytes).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

impl Pos {
    pub const fn new(line: u32, column: u32) -> Pos {
        Pos { line, column }
    }
}

/// A region of the input: where a key or value starts and ends.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: Pos,
    pub end: Pos,
}

impl Span {
    pub const fn new(start: Pos, end: Pos) -> Span {
        Span { start, end }
    }
    pub const fn at(line: u32, column: u32) -> Span {
        Span {
            start: Pos::new(line, column),
            end: Pos::new(line, column),
        }
    }
}

/// One finding about the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable kebab-case code, documented in docs/diagnostics.md.
    pub code: &'static str,
    pub source: Source,
    /// API-server field path (`spec.template.spec.containers[0].image`); empty for a whole document.
    pub field: String,
    pub message: String,
    /// Index of the input file among those analysed.
    pub file: usize,
    /// Index of the YAML document within its file (0-based, counting non-empty documents).
    pub document: usize,
    pub span: Span,
}

impl Diagnostic {
    pub fn new(severity: Severity, source: Source, code: &'static str) -> Diagnostic {
        Diagnostic {
            severity,
            code,
            source,
            field: String::new(),
            message: String::new(),
            file: 0,
            document: 0,
            span: Span::at(1, 1),
        }
    }
    pub fn field(mut self, field: impl Into<String>) -> Diagnostic {
        self.field = field.into();
        self
    }
    pub fn message(mut self, message: impl Into<String>) -> Diagnostic {
        self.message = message.into();
        self
    }
    pub fn span(mut self, span: Span) -> Diagnostic {
        self.span = span;
        self
    }
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
    /// `field: message`, as the API server joins them.
    pub fn text(&self) -> String {
        if self.field.is_empty() {
            self.message.clone()
        } else {
            format!("{}: {}", self.field, self.message)
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {} [{}] {}",
            self.span.start.line,
            self.span.start.column,
            self.severity.as_str(),
            self.code,
            self.text()
        )
    }
}

/// Sorts diagnostics by file, position, then severity, and drops exact repeats.
pub fn sort(diags: &mut Vec<Diagnostic>) {
    crate::sort::sort_by(diags, |a, b| {
        (
            a.file,
            a.span.start,
            a.severity,
            a.code,
            &a.field,
            &a.message,
        )
            .cmp(&(
                b.file,
                b.span.start,
                b.severity,
                b.code,
                &b.field,
                &b.message,
            ))
    });
    diags.dedup();
}
