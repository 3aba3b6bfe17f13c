//! `helm show all|chart|values|readme|crds CHART` as helm v4.2.3 and v3.17.2 print it
//! (`Show.Run`, pkg/action/show.go): `Chart.yaml` as `yaml.Marshal` writes `chart.Metadata` (its JSON
//! fields, empty ones left out, keys sorted), `values.yaml` as written, the README, the CRDs.

use super::Version;
use super::chart::{Chart, Metadata};
use serde_json::{Map as JMap, Value as J};

/// What to show (`action.ShowOutputFormat`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    All,
    Chart,
    Values,
    Readme,
    Crds,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        Some(match s {
            "all" => Format::All,
            "chart" => Format::Chart,
            "values" => Format::Values,
            "readme" => Format::Readme,
            "crds" => Format::Crds,
            _ => return None,
        })
    }
}

/// The output of `helm show FORMAT` for a loaded chart.
pub fn show(chart: &Chart, format: Format, version: Version) -> String {
    let mut out = String::new();
    if matches!(format, Format::Chart | Format::All) {
        out.push_str(&crate::yaml::emit::to_yaml(&metadata_json(&chart.metadata)));
        out.push('\n');
    }
    if matches!(format, Format::Values | Format::All) {
        if format == Format::All {
            out.push_str("---\n");
        }
        // The file as written (`chart.Raw`); a chart without one shows nothing here.
        if !chart.values_text.is_empty() {
            out.push_str(&chart.values_text);
            out.push('\n');
        }
    }
    if matches!(format, Format::Readme | Format::All) {
        // `findReadme`: the first file named readme.md, readme.txt or readme, in any case.
        let readme = chart.files.iter().find(|f| {
            ["readme.md", "readme.txt", "readme"]
                .iter()
                .any(|n| f.name.eq_ignore_ascii_case(n))
        });
        if let Some(r) = readme {
            if format == Format::All {
                out.push_str("---\n");
            }
            out.push_str(&r.text());
            out.push('\n');
        }
    }
    if matches!(format, Format::Crds | Format::All) {
        for (i, (_, crd)) in chart.crd_objects().into_iter().enumerate() {
            let text = crd.text();
            // helm 4 separates every CRD that does not start with one; helm 3 only the first,
            // and only in `show all`.
            let separate = match version {
                Version::V4 => true,
                Version::V3 => format == Format::All && i == 0,
            };
            if separate && !text.starts_with("---") {
                out.push_str("---\n");
            }
            out.push_str(&text);
            out.push('\n');
        }
    }
    out
}

/// `chart.Metadata` as `encoding/json` writes it: every field is `omitempty` but a
/// dependency's `name` and `repository`.
fn metadata_json(md: &Metadata) -> J {
    let mut m = JMap::new();
    let put_str = |m: &mut JMap<String, J>, k: &str, v: &str| {
        if !v.is_empty() {
            m.insert(k.into(), J::String(v.into()));
        }
    };
    let strings = |v: &[String]| J::Array(v.iter().map(|s| J::String(s.clone())).collect());
    put_str(&mut m, "name", &md.name);
    put_str(&mut m, "home", &md.home);
    if !md.sources.is_empty() {
        m.insert("sources".into(), strings(&md.sources));
    }
    put_str(&mut m, "version", &md.version);
    put_str(&mut m, "description", &md.description);
    if !md.keywords.is_empty() {
        m.insert("keywords".into(), strings(&md.keywords));
    }
    if !md.maintainers.is_empty() {
        let list = md
            .maintainers
            .iter()
            .map(|mt| {
                let mut o = JMap::new();
                put_str(&mut o, "name", &mt.name);
                put_str(&mut o, "email", &mt.email);
                put_str(&mut o, "url", &mt.url);
                J::Object(o)
            })
            .collect();
        m.insert("maintainers".into(), J::Array(list));
    }
    put_str(&mut m, "icon", &md.icon);
    put_str(&mut m, "apiVersion", &md.api_version);
    put_str(&mut m, "condition", &md.condition);
    put_str(&mut m, "tags", &md.tags);
    put_str(&mut m, "appVersion", &md.app_version);
    if md.deprecated {
        m.insert("deprecated".into(), J::Bool(true));
    }
    if !md.annotations.is_empty() {
        let a = md
            .annotations
            .iter()
            .map(|(k, v)| (k.clone(), J::String(v.clone())))
            .collect();
        m.insert("annotations".into(), J::Object(a));
    }
    put_str(&mut m, "kubeVersion", &md.kube_version);
    if !md.dependencies.is_empty() {
        let list = md
            .dependencies
            .iter()
            .map(|d| {
                let mut o = JMap::new();
                o.insert("name".into(), J::String(d.name.clone()));
                put_str(&mut o, "version", &d.version);
                o.insert("repository".into(), J::String(d.repository.clone()));
                put_str(&mut o, "condition", &d.condition);
                if !d.tags.is_empty() {
                    o.insert("tags".into(), strings(&d.tags));
                }
                if d.enabled {
                    o.insert("enabled".into(), J::Bool(true));
                }
                if !d.import_values.is_empty() {
                    let iv = d
                        .import_values
                        .iter()
                        .map(|v| {
                            super::convert::to_json(v, true)
                                .ok()
                                .and_then(|t| serde_json::from_str(&t).ok())
                                .unwrap_or(J::Null)
                        })
                        .collect();
                    o.insert("import-values".into(), J::Array(iv));
                }
                put_str(&mut o, "alias", &d.alias);
                J::Object(o)
            })
            .collect();
        m.insert("dependencies".into(), J::Array(list));
    }
    put_str(&mut m, "type", &md.kind);
    J::Object(m)
}
