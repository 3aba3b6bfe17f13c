//! `helm` in the terminal and `kubectl stsplay template`: one flag table per verb, as helm's
//! cobra commands declare them (`pkg/cmd/template.go`, `install.go`, helm v4.2.3), and the
//! conversion of parsed flags into the chart engine's arguments (`crate::helm`).

use super::registry::{self, Args, Flag, FlagKind, Style, flag};
use crate::helm::{self, Version};

/// The flags `helm template` takes (ours: `--helm-version`, `--seed`).
pub static TEMPLATE_FLAGS: &[Flag] = &[
    flag(
        "values",
        Some('f'),
        FlagKind::StringArray,
        "specify values in a YAML file (can specify multiple)",
    ),
    flag(
        "set",
        None,
        FlagKind::StringArray,
        "set values on the command line (can specify multiple or separate values with commas: key1=val1,key2=val2)",
    ),
    flag(
        "set-string",
        None,
        FlagKind::StringArray,
        "set STRING values on the command line (can specify multiple or separate values with commas: key1=val1,key2=val2)",
    ),
    flag(
        "namespace",
        Some('n'),
        FlagKind::String,
        "namespace scope for this request",
    ),
    flag(
        "kube-version",
        None,
        FlagKind::String,
        "Kubernetes version used for Capabilities.KubeVersion",
    ),
    flag(
        "api-versions",
        Some('a'),
        FlagKind::StringArray,
        "Kubernetes api versions used for Capabilities.APIVersions (multiple can be specified)",
    ),
    flag(
        "show-only",
        Some('s'),
        FlagKind::StringArray,
        "only show manifests rendered from the given templates",
    ),
    flag(
        "include-crds",
        None,
        FlagKind::Bool,
        "include CRDs in the templated output",
    ),
    flag(
        "skip-tests",
        None,
        FlagKind::Bool,
        "skip tests from templated output",
    ),
    flag(
        "is-upgrade",
        None,
        FlagKind::Bool,
        "set .Release.IsUpgrade instead of .Release.IsInstall",
    ),
    flag(
        "no-hooks",
        None,
        FlagKind::Bool,
        "prevent hooks from running during install",
    ),
    flag(
        "helm-version",
        None,
        FlagKind::String,
        "whose output to reproduce: 4 (helm v4.2, the default) or 3 (helm v3.17)",
    )
    .default("4"),
    flag(
        "seed",
        None,
        FlagKind::Int,
        "seed of the random functions (randAlphaNum, uuidv4, ...)",
    )
    .default("1"),
];

/// `helm template [NAME] CHART [flags]`'s arguments, parsed as helm parses them; `Err` is a
/// usage error worded as helm words it.
pub fn template_args(words: &[String]) -> Result<helm::template::Args, String> {
    let a = registry::parse(words, TEMPLATE_FLAGS, "helm template", Style::Cobra)?;
    template_from(&a)
}

fn template_from(a: &Args) -> Result<helm::template::Args, String> {
    let version = match a.get("helm-version") {
        None => Version::V4,
        Some(v) => Version::parse(v).ok_or_else(|| {
            format!("Error: invalid argument \"{v}\" for \"--helm-version\" flag: use 4 (helm v4.2) or 3 (helm v3.17)")
        })?,
    };
    let (name, chart) = match a.positional.as_slice() {
        [] => {
            return Err(
                "Error: \"helm template\" requires at least 1 argument\n\nUsage:  helm template [NAME] [CHART] [flags]"
                    .into(),
            );
        }
        [chart] => (None, chart.clone()),
        [name, chart] => (Some(name.clone()), chart.clone()),
        [_, _, rest @ ..] => {
            return Err(format!(
                "Error: expected at most two arguments, unexpected arguments: {}",
                rest.join(", ")
            ));
        }
    };
    Ok(helm::template::Args {
        name,
        chart,
        values_files: a.all("values").iter().map(|s| s.to_string()).collect(),
        set: a.all("set").iter().map(|s| s.to_string()).collect(),
        set_string: a.all("set-string").iter().map(|s| s.to_string()).collect(),
        namespace: a.get("namespace").map(str::to_string),
        kube_version: a.get("kube-version").map(str::to_string),
        api_versions: a
            .all("api-versions")
            .iter()
            .flat_map(|s| s.split(','))
            .map(str::to_string)
            .collect(),
        show_only: a.all("show-only").iter().map(|s| s.to_string()).collect(),
        include_crds: a.has("include-crds"),
        skip_tests: a.has("skip-tests"),
        is_upgrade: a.has("is-upgrade"),
        no_hooks: a.has("no-hooks"),
        version,
        seed: a.int("seed").map_or(1, |s| s as u64),
    })
}

/// What `helm` prints on stderr for a failure: `Error: ...`, and for render-phase errors
/// the hint helm adds.
pub fn failure_text(f: &helm::Failure) -> String {
    let mut out = format!("Error: {}\n", f.message);
    if f.rendering {
        out.push_str("\nUse --debug flag to render out invalid YAML\n");
    }
    out
}
