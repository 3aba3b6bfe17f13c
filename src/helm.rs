//! Helm charts, rendered byte for byte as helm v4.2 (the default) or v3.17 renders them:
//! chart loading (`chart`), values and `--set` (`values`), the template functions (`funcs`,
//! `convert`, `objects`, `semver`, `time`) over the Go template engine (`crate::gotmpl`), the
//! engine (`render`), manifest splitting, hooks and ordering (`manifests`), and the
//! `helm template` command (`template`).
//!
//! Everything is pure: files come in as bytes, output goes out as text.

pub mod chart;
pub mod convert;
pub mod crypto;
pub mod funcs;
pub mod gojsonschema;
pub mod inputs;
pub mod jsonschema;
pub mod lint;
pub mod manifests;
pub mod objects;
pub mod regexp;
pub mod render;
pub mod semver;
pub mod show;
pub mod template;
pub mod time;
pub mod toml;
pub mod values;

pub use chart::{Chart, File};
pub use render::{Failure, Location, Options};

/// Which Helm to reproduce.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Version {
    /// helm v3.17.2.
    V3,
    /// helm v4.2.3.
    #[default]
    V4,
}

impl Version {
    pub fn parse(s: &str) -> Option<Version> {
        match s {
            "3" | "v3" => Some(Version::V3),
            "4" | "v4" => Some(Version::V4),
            _ => None,
        }
    }
}

/// The error Masterminds/semver gives for a constraint alternative it cannot read: helm 3.17's
/// copy (v3.3) writes it with `%s`, helm 4.2's (v3.4) with `%q`.
pub fn constraint_error(v: Version, alternative: &str) -> String {
    match v {
        Version::V3 => format!("improper constraint: {alternative}"),
        Version::V4 => format!("improper constraint: {}", crate::go::quote(alternative)),
    }
}

/// The error Masterminds/semver gives for a bad version, as each Helm's copy words it.
pub fn semver_error(v: Version, why: semver::Invalid) -> &'static str {
    match (v, why) {
        (Version::V3, semver::Invalid::Syntax) => "Invalid Semantic Version",
        (Version::V4, semver::Invalid::Syntax) => "invalid semantic version",
        (Version::V3, semver::Invalid::SegmentStartsZero) => "Version segment starts with 0",
        (Version::V4, semver::Invalid::SegmentStartsZero) => "version segment starts with 0",
    }
}
