//! apimachinery's `field.Error`: a typed error about one field, rendered as the API server
//! renders it (`<field>: <Type>: <value>: <detail>`; `field/errors.go` `Error()`/`ErrorBody()`).

use crate::go::quote;
use std::collections::BTreeMap;
use std::fmt::Write;

/// A field's path as the API server writes it (apimachinery's `field.Path`):
/// `spec.template.spec.containers[0].ports[1]`, `resources.limits[memory]`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Path(String);

impl Path {
    /// A path from its written form (`spec.template.spec`).
    pub fn new(root: &str) -> Path {
        Path(root.to_string())
    }
    /// `Child`: a field of this one.
    pub fn child(&self, name: &str) -> Path {
        Path(format!("{}.{name}", self.0))
    }
    /// `Index`: an item of a list.
    pub fn index(&self, i: usize) -> Path {
        Path(format!("{}[{i}]", self.0))
    }
    /// `Key`: an entry of a map.
    pub fn key(&self, k: &str) -> Path {
        Path(format!("{}[{k}]", self.0))
    }
}

impl std::ops::Deref for Path {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Path {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// `field.ErrorType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorType {
    Required,
    Invalid,
    NotSupported,
    Forbidden,
    Duplicate,
    NotFound,
    TooLong,
    TooMany,
}

impl ErrorType {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorType::Required => "Required value",
            ErrorType::Invalid => "Invalid value",
            ErrorType::NotSupported => "Unsupported value",
            ErrorType::Forbidden => "Forbidden",
            ErrorType::Duplicate => "Duplicate value",
            ErrorType::NotFound => "Not found",
            ErrorType::TooLong => "Too long",
            ErrorType::TooMany => "Too many",
        }
    }
}

/// A bad value, printed the way the API server prints it.
#[derive(Clone, Debug, PartialEq)]
pub enum BadValue {
    Str(String),
    Int(i64),
    Bool(bool),
    /// A `map[string]string`, printed `map[string]string{"app":"x"}`.
    Map(BTreeMap<String, String>),
    /// Printed as given (for structs and lists).
    Raw(String),
}

impl BadValue {
    pub fn render(&self) -> String {
        match self {
            BadValue::Str(s) => quote(s),
            BadValue::Int(i) => i.to_string(),
            BadValue::Bool(b) => b.to_string(),
            BadValue::Map(m) => {
                let mut out = String::from("map[string]string{");
                for (i, (k, v)) in m.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    let _ = write!(out, "{}:{}", quote(k), quote(v));
                }
                out.push('}');
                out
            }
            BadValue::Raw(s) => s.clone(),
        }
    }
}

impl From<&str> for BadValue {
    fn from(s: &str) -> BadValue {
        BadValue::Str(s.to_string())
    }
}
impl From<String> for BadValue {
    fn from(s: String) -> BadValue {
        BadValue::Str(s)
    }
}
impl From<&String> for BadValue {
    fn from(s: &String) -> BadValue {
        BadValue::Str(s.clone())
    }
}
impl From<i32> for BadValue {
    fn from(i: i32) -> BadValue {
        BadValue::Int(i.into())
    }
}
impl From<i64> for BadValue {
    fn from(i: i64) -> BadValue {
        BadValue::Int(i)
    }
}
impl From<bool> for BadValue {
    fn from(b: bool) -> BadValue {
        BadValue::Bool(b)
    }
}

/// One validation error about one field.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldError {
    pub kind: ErrorType,
    pub field: String,
    pub value: Option<BadValue>,
    pub detail: String,
    /// Our stable diagnostic code for this rule.
    pub code: &'static str,
    /// Where to point in the source when `field` is not where the value was written (the API
    /// server says `spec.clusterIPs[0]` for what the manifest calls `spec.clusterIP`).
    pub at: Option<String>,
}

impl FieldError {
    /// The message body, without the field (`ErrorBody`).
    pub fn body(&self) -> String {
        let mut s = self.kind.as_str().to_string();
        match self.kind {
            ErrorType::Required
            | ErrorType::Forbidden
            | ErrorType::TooLong
            | ErrorType::TooMany => {
                if !self.detail.is_empty() {
                    s.push_str(": ");
                    s.push_str(&self.detail);
                }
            }
            _ => {
                if let Some(v) = &self.value {
                    s.push_str(": ");
                    s.push_str(&v.render());
                }
                if !self.detail.is_empty() {
                    s.push_str(": ");
                    s.push_str(&self.detail);
                }
            }
        }
        s
    }
}

/// A list of field errors, built with the constructors of `field/errors.go`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Errors(pub Vec<FieldError>);

impl Errors {
    fn push(
        &mut self,
        kind: ErrorType,
        code: &'static str,
        field: &str,
        value: Option<BadValue>,
        detail: impl Into<String>,
    ) {
        self.0.push(FieldError {
            kind,
            field: field.to_string(),
            value,
            detail: detail.into(),
            code,
            at: None,
        });
    }
    /// Points the errors added since `mark` at `path` in the source.
    pub fn locate_since(&mut self, mark: usize, path: &str) {
        for e in self.0.iter_mut().skip(mark) {
            e.at = Some(path.to_string());
        }
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn required(&mut self, code: &'static str, field: &str, detail: impl Into<String>) {
        self.push(ErrorType::Required, code, field, None, detail);
    }
    pub fn invalid(
        &mut self,
        code: &'static str,
        field: &str,
        value: impl Into<BadValue>,
        detail: impl Into<String>,
    ) {
        self.push(ErrorType::Invalid, code, field, Some(value.into()), detail);
    }
    /// `field.NotSupported`: `Unsupported value: "x": supported values: "a", "b"`.
    pub fn not_supported(
        &mut self,
        code: &'static str,
        field: &str,
        value: impl Into<BadValue>,
        supported: &[&str],
    ) {
        let detail = if supported.is_empty() {
            String::new()
        } else {
            format!(
                "supported values: {}",
                supported
                    .iter()
                    .map(|s| crate::go::quote(s))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        self.push(
            ErrorType::NotSupported,
            code,
            field,
            Some(value.into()),
            detail,
        );
    }
    pub fn forbidden(&mut self, code: &'static str, field: &str, detail: impl Into<String>) {
        self.push(ErrorType::Forbidden, code, field, None, detail);
    }
    pub fn duplicate(&mut self, code: &'static str, field: &str, value: impl Into<BadValue>) {
        self.push(ErrorType::Duplicate, code, field, Some(value.into()), "");
    }
    pub fn not_found(&mut self, code: &'static str, field: &str, value: impl Into<BadValue>) {
        self.push(ErrorType::NotFound, code, field, Some(value.into()), "");
    }
    pub fn too_long(&mut self, code: &'static str, field: &str, max: usize) {
        self.push(
            ErrorType::TooLong,
            code,
            field,
            None,
            format!("may not be more than {max} bytes"),
        );
    }
    /// One `Invalid value` per message, as `for _, msg := range IsX(v)` loops do.
    pub fn invalid_each(
        &mut self,
        code: &'static str,
        field: &str,
        value: &str,
        msgs: Vec<String>,
    ) {
        for m in msgs {
            self.invalid(code, field, value, m);
        }
    }
    /// One `Invalid value` per message, for an integer value.
    pub fn invalid_each_int(
        &mut self,
        code: &'static str,
        field: &str,
        value: i64,
        msgs: Vec<String>,
    ) {
        for m in msgs {
            self.invalid(code, field, value, m);
        }
    }
    /// `ValidateNonnegativeField`.
    pub fn nonnegative(&mut self, code: &'static str, field: &str, value: i64) {
        if value < 0 {
            self.invalid(code, field, value, "must be greater than or equal to 0");
        }
    }
    pub fn extend(&mut self, other: Errors) {
        self.0.extend(other.0);
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}
