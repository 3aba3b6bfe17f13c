//! `helm` in the terminal and `kubectl stsplay template`: one flag table per verb, as helm's
//! cobra commands declare them (`pkg/cmd/template.go`, `install.go`, helm v4.2.3), and the
//! conversion of parsed flags into the chart engine's arguments (`crate::helm`).

mod flags;
mod hookpod;

use super::registry::{self, Args, Flag, FlagKind, Style, flag};
use crate::helm::values::{Log, Warning};
use crate::helm::{self, Version};
use std::collections::BTreeMap;

/// The values flags as parsed (`-f` is a string slice in helm: `-f a.yaml,b.yaml` is two).
fn value_options(a: &Args) -> helm::template::ValueOptions {
    let all = |name: &str| a.all(name).iter().map(|s| s.to_string()).collect();
    helm::template::ValueOptions {
        files: a
            .all("values")
            .iter()
            .flat_map(|s| s.split(','))
            .map(str::to_string)
            .collect(),
        set: all("set"),
        set_string: all("set-string"),
        set_json: all("set-json"),
        set_file: all("set-file"),
        set_literal: all("set-literal"),
    }
}

/// `helm template [NAME] CHART [flags]`'s arguments, parsed as helm parses them; `Err` is a
/// usage error worded as helm words it.
/// Why `helm template`'s arguments were refused, with helm's `Error: ...` text: the command
/// line itself (pflag, cobra's argument counts: our CLI's usage errors), or what helm's
/// command then finds wrong with it (exit 1, as helm).
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    Usage(String),
    Failed(String),
}

impl Refused {
    pub fn text(&self) -> &str {
        match self {
            Refused::Usage(t) | Refused::Failed(t) => t,
        }
    }
}

/// The flags' own notices come back with them (`Flag --validate has been deprecated, ...`);
/// what helm logs while reading them goes to `log`.
pub fn template_args(
    words: &[String],
    log: &mut Log,
) -> Result<(helm::template::Args, String), Refused> {
    // The flags are the version's, and `--helm-version` says which.
    let v3 = words.iter().enumerate().any(|(i, w)| {
        w == "--helm-version=3"
            || (w == "--helm-version" && words.get(i + 1).is_some_and(|n| n == "3"))
    });
    let (table, globals) = if v3 {
        (flags::V3_TEMPLATE, flags::V3_GLOBAL)
    } else {
        (flags::V4_TEMPLATE, flags::V4_GLOBAL)
    };
    let known: Vec<Flag> = table.iter().chain(globals).copied().collect();
    let a =
        registry::parse(words, &known, "helm template", Style::Cobra).map_err(Refused::Usage)?;
    Ok((template_from(&a, Version::V4, log)?, a.notices.clone()))
}

/// `helm template`'s arguments; `--helm-version` picks whose output, `default` without it.
fn template_from(
    a: &Args,
    default: Version,
    log: &mut Log,
) -> Result<helm::template::Args, Refused> {
    let version = match a.get("helm-version") {
        None => default,
        Some(v) => Version::parse(v).ok_or_else(|| {
            Refused::Usage(format!("Error: invalid argument \"{v}\" for \"--helm-version\" flag: use 4 (helm v4.2) or 3 (helm v3.17)"))
        })?,
    };
    let (name, chart) = match a.positional.as_slice() {
        [] => {
            return Err(Refused::Usage(
                "Error: \"helm template\" requires at least 1 argument\n\nUsage:  helm template [NAME] [CHART] [flags]"
                    .into(),
            ));
        }
        // `template` presets the name `release-name`, which `NameAndChart` takes before it
        // would generate one, so `-g` changes nothing with one argument.
        [chart] => (
            name_from_template(a, version).map_err(Refused::Failed)?,
            chart.clone(),
        ),
        [_, _] if a.has("generate-name") => {
            return Err(Refused::Failed(
                "Error: cannot set --generate-name and also specify a name".into(),
            ));
        }
        [_, _] if a.get("name-template").is_some_and(|t| !t.is_empty()) => {
            return Err(Refused::Failed(
                "Error: cannot set --name-template and also specify a name".into(),
            ));
        }
        [name, chart] => (Some(name.clone()), chart.clone()),
        [_, _, rest @ ..] => {
            return Err(Refused::Failed(format!(
                "Error: expected at most two arguments, unexpected arguments: {}",
                rest.join(", ")
            )));
        }
    };
    if let Some(url) = a.get("repo").filter(|u| !u.is_empty()) {
        return Err(Refused::Failed(no_repository(url)));
    }
    post_renderer(a, version).map_err(Refused::Failed)?;
    // Always a dry run; `--validate` is the server's, and so is helm 4's `--dry-run=server`
    // (helm 3's `template` asks the cluster for `--validate` alone: `client.ClientOnly`).
    let strategy = dry_run_strategy(version, a, log, true)
        .map_err(|e| Refused::Failed(format!("Error: {e}")))?;
    let server = a.has("validate") || (version == Version::V4 && strategy == DryRun::Server);
    if version == Version::V4 && a.has("validate") && a.get("dry-run").is_some() {
        return Err(Refused::Usage("Error: if any flags in the group [validate dry-run] are set none of the others can be; [dry-run validate] were all set".into()));
    }
    Ok(helm::template::Args {
        name,
        chart,
        values: value_options(a),
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
        skip_schema_validation: a.has("skip-schema-validation"),
        version,
        seed: a.int("seed").map_or(1, |s| s as u64),
        debug: a.has("debug"),
        output_dir: a
            .get("output-dir")
            .filter(|d| !d.is_empty())
            .map(str::to_string),
        release_name_dir: a.has("release-name"),
        server,
    })
}

/// `--post-renderer NAME` as each helm checks it when the flag is set: helm 4 looks for a
/// post-renderer plugin (`plugin: {Name:NAME Type:postrenderer/v1} not found`; none is
/// installed here), helm 3 for the program (`exec.LookPath`: `cat`, which changes nothing, is
/// there; another program is not, and a path the playground cannot run is refused).
fn post_renderer(a: &Args, version: Version) -> Result<(), String> {
    let Some(v) = a.get("post-renderer").filter(|v| !v.is_empty()) else {
        return Ok(());
    };
    let why = match version {
        Version::V4 => format!("plugin: {{Name:{v} Type:postrenderer/v1}} not found"),
        Version::V3 if v == "cat" => return Ok(()),
        Version::V3 if v.contains('/') => {
            format!(
                "unable to find binary at {v}: exec: \"{v}\": stat {v}: no such file or directory"
            )
        }
        Version::V3 => format!(
            "unable to find binary at {v}: exec: \"{v}\": executable file not found in $PATH"
        ),
    };
    Err(format!(
        "Error: invalid argument \"{v}\" for \"--post-renderer\" flag: {why}"
    ))
}

/// `--repo URL`: helm would fetch the chart's index from the repository (`FindChartInRepoURL`,
/// pkg/repo/v1/chartrepo.go); the playground reaches no network.
fn no_repository(url: &str) -> String {
    format!(
        "Error: looks like {} is not a valid chart repository or cannot be reached: the playground reaches no network; use a chart folder or .tgz",
        crate::go::quote(url)
    )
}

/// `--name-template`'s name (`Install.NameAndChart`), `None` without one.
fn name_from_template(a: &Args, version: Version) -> Result<Option<String>, String> {
    match a.get("name-template").filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) => helm::template::template_name(t, version, a.int("seed").map_or(1, |s| s as u64))
            .map(Some)
            .map_err(|e| format!("Error: {e}")),
    }
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

// --- helm in the terminal ----------------------------------------------------------------------

use super::registry::{Complete, Program, Verb};
use super::session::Session;
use crate::helm::File;
use crate::helm::template::{ChartFiles, Source};
use crate::shell::Output;
use crate::shell::output::Result as CmdResult;
use crate::sim::helm::{HookRecord, Release, Status};
use crate::sim::world::Ms;

/// helm's verbs, in `help`'s order; the flags of `install`, `upgrade`, `template`, `list` and
/// `status` differ between the versions.
macro_rules! helm_verbs {
    ($v:ident, $list:expr, $status:expr) => {
        &[
            Verb {
                flags: flags::$v::INSTALL,
                ..INSTALL_VERB
            },
            Verb {
                flags: flags::$v::UPGRADE,
                ..UPGRADE_VERB
            },
            Verb {
                flags: flags::$v::ROLLBACK,
                ..ROLLBACK_VERB
            },
            Verb {
                flags: flags::$v::UNINSTALL,
                ..UNINSTALL_VERB
            },
            $list,
            $status,
            HISTORY_VERB,
            TEST_VERB,
            GET_VERB,
            Verb {
                flags: flags::$v::TEMPLATE,
                ..TEMPLATE_VERB
            },
            SHOW_VERB,
            LINT_VERB,
            CREATE_VERB,
            VERSION_VERB,
        ]
    };
}

/// `helm` in the terminal (helm v4.2.3's commands and output, against the simulated cluster).
pub static HELM: Program = Program {
    name: "helm",
    about: "The Kubernetes package manager\n\nThis terminal's helm (v4.2.3) installs charts into the simulated cluster: install, upgrade, rollback, uninstall, list, status, history, test, get, template, show, lint, create, version.\n",
    style: Style::Cobra,
    globals: flags::V4_GLOBAL,
    verbs: helm_verbs!(v4, LIST_VERB, STATUS_VERB),
    elsewhere: &[
        "completion",
        "dependency",
        "dep",
        "dependencies",
        "env",
        "package",
        "plugin",
        "pull",
        "fetch",
        "push",
        "registry",
        "repo",
        "search",
        "verify",
    ],
};

/// `helm` as helm v3.17.2 is (`kubectl stsplay shell --helm-version 3`, or a chart set to
/// helm 3 in the page): the same verbs, with helm 3's `list` and `status` flags.
pub static HELM3: Program = Program {
    about: "The Kubernetes package manager\n\nThis terminal's helm (v3.17.2) installs charts into the simulated cluster: install, upgrade, rollback, uninstall, list, status, history, test, get, template, show, lint, create, version.\n",
    globals: flags::V3_GLOBAL,
    verbs: helm_verbs!(v3, LIST3_VERB, STATUS3_VERB),
    ..HELM
};

/// The `helm` the session runs.
pub fn program(s: &Session) -> &'static Program {
    match s.helm {
        Version::V3 => &HELM3,
        Version::V4 => &HELM,
    }
}

const INSTALL_VERB: Verb = Verb {
    name: "install",
    aliases: &[],
    short: "install a chart",
    usage: "[NAME] [CHART] [flags]",
    synopsis: &[
        "helm install NAME CHART [--set K=V] [-f values.yaml] [-n NS --create-namespace] [--wait]",
    ],
    // Each version's (`helm_verbs!`).
    flags: &[],
    complete: Complete::File,
    run: install,
    subs: &[],
};

const UPGRADE_VERB: Verb = Verb {
    name: "upgrade",
    aliases: &[],
    short: "upgrade a release",
    usage: "[RELEASE] [CHART] [flags]",
    synopsis: &["helm upgrade [--install] NAME CHART [--set K=V] [--reuse-values]"],
    // Each version's (`helm_verbs!`).
    flags: &[],
    complete: Complete::File,
    run: upgrade,
    subs: &[],
};

const ROLLBACK_VERB: Verb = Verb {
    name: "rollback",
    aliases: &[],
    short: "roll back a release to a previous revision",
    usage: "<RELEASE> [REVISION] [flags]",
    synopsis: &["helm rollback NAME [REVISION]"],
    // Each version's (`helm_verbs!`).
    flags: &[],
    complete: Complete::Nothing,
    run: rollback,
    subs: &[],
};

const UNINSTALL_VERB: Verb = Verb {
    name: "uninstall",
    aliases: &["un", "delete", "del"],
    short: "uninstall a release",
    usage: "RELEASE_NAME [...] [flags]",
    synopsis: &["helm uninstall NAME [--keep-history]"],
    // Each version's (`helm_verbs!`).
    flags: &[],
    complete: Complete::Nothing,
    run: uninstall,
    subs: &[],
};

/// `helm list`'s flags in both versions (`newListCmd`, pkg/cmd/list.go, helm v4.2.3, and
/// cmd/helm/list.go, v3.17.2), and helm 3's `--all` at the end.
const LIST_FLAGS: &[Flag] = &[
    flag(
        "short",
        Some('q'),
        FlagKind::Bool,
        "output short (quiet) listing format",
    ),
    flag(
        "no-headers",
        None,
        FlagKind::Bool,
        "don't print headers when using the default output format",
    ),
    flag(
        "time-format",
        None,
        FlagKind::String,
        "format time using golang time formatter. Example: --time-format \"2006-01-02 15:04:05Z0700\"",
    ),
    flag("date", Some('d'), FlagKind::Bool, "sort by release date"),
    flag(
        "reverse",
        Some('r'),
        FlagKind::Bool,
        "reverse the sort order",
    ),
    flag(
        "uninstalled",
        None,
        FlagKind::Bool,
        "show uninstalled releases (if 'helm uninstall --keep-history' was used)",
    ),
    flag(
        "superseded",
        None,
        FlagKind::Bool,
        "show superseded releases",
    ),
    flag(
        "uninstalling",
        None,
        FlagKind::Bool,
        "show releases that are currently being uninstalled",
    ),
    flag("deployed", None, FlagKind::Bool, "show deployed releases"),
    flag("failed", None, FlagKind::Bool, "show failed releases"),
    flag("pending", None, FlagKind::Bool, "show pending releases"),
    flag(
        "all-namespaces",
        Some('A'),
        FlagKind::Bool,
        "list releases across all namespaces",
    ),
    flag(
        "max",
        Some('m'),
        FlagKind::Int,
        "maximum number of releases to fetch",
    )
    .default("256"),
    flag(
        "offset",
        None,
        FlagKind::Int,
        "next release index in the list, used to offset from start value",
    ),
    flag(
        "filter",
        Some('f'),
        FlagKind::String,
        "a regular expression (Perl compatible). Any releases that match the expression will be included in the results",
    ),
    OUTPUT_FLAG,
    flag(
        "selector",
        Some('l'),
        FlagKind::String,
        "Selector (label query) to filter on, supports '=', '==', and '!='.(e.g. -l key1=value1,key2=value2). Works only for secret(default) and configmap storage backends.",
    ),
    flag(
        "all",
        Some('a'),
        FlagKind::Bool,
        "show all releases without any filter applied",
    ),
];

/// `-o, --output` (`bindOutputFlag`): table, json or yaml.
const OUTPUT_FLAG: Flag = flag(
    "output",
    Some('o'),
    FlagKind::String,
    "prints the output in the specified format. Allowed values: table, json, yaml",
)
.default("table");

const LIST_VERB: Verb = Verb {
    name: "list",
    aliases: &["ls"],
    short: "list releases",
    usage: "[flags]",
    synopsis: &["helm list [-A] [-n NS], helm status|history NAME"],
    flags: LIST_FLAGS.split_at(LIST_FLAGS.len() - 1).0,
    complete: Complete::Nothing,
    run: list,
    subs: &[],
};

/// helm 3's `list`: `-a, --all` too.
const LIST3_VERB: Verb = Verb {
    flags: LIST_FLAGS,
    ..LIST_VERB
};

const STATUS_VERB: Verb = Verb {
    name: "status",
    aliases: &[],
    short: "display the status of the named release",
    usage: "RELEASE_NAME [flags]",
    synopsis: &[],
    flags: &[flag(
        "revision",
        None,
        FlagKind::Int,
        "if set, display the status of the named release with revision",
    )],
    complete: Complete::Nothing,
    run: status,
    subs: &[],
};

/// helm 3's `status`: the description and the resources only when asked for.
const STATUS3_VERB: Verb = Verb {
    flags: &[
        flag(
            "revision",
            None,
            FlagKind::Int,
            "if set, display the status of the named release with revision",
        ),
        flag(
            "show-desc",
            None,
            FlagKind::Bool,
            "if set, display the description message of the named release",
        ),
        flag(
            "show-resources",
            None,
            FlagKind::Bool,
            "if set, display the resources of the named release",
        ),
    ],
    ..STATUS_VERB
};

const TEST_VERB: Verb = Verb {
    name: "test",
    aliases: &[],
    short: "run tests for a release",
    usage: "[RELEASE] [flags]",
    synopsis: &["helm test NAME                        run the chart's test pods"],
    flags: &[
        flags::TIMEOUT,
        flag(
            "logs",
            None,
            FlagKind::Bool,
            "dump the logs from test pods (this runs after all tests are complete, but before any cleanup)",
        ),
        flag(
            "filter",
            None,
            FlagKind::StringArray,
            "specify tests by attribute (currently \"name\") using attribute=value syntax or '!attribute=value' to exclude a test (can specify multiple or separate values with commas: name=test1,name=test2)",
        ),
        flag(
            "hide-notes",
            None,
            FlagKind::Bool,
            "if set, do not show notes in test output. Does not affect presence in chart metadata",
        ),
    ],
    complete: Complete::Nothing,
    run: test,
    subs: &[],
};

const HISTORY_VERB: Verb = Verb {
    name: "history",
    aliases: &["hist"],
    short: "fetch release history",
    usage: "RELEASE_NAME [flags]",
    synopsis: &[],
    flags: &[
        flag(
            "max",
            None,
            FlagKind::Int,
            "maximum number of revision to include in history",
        )
        .default("256"),
        OUTPUT_FLAG,
    ],
    complete: Complete::Nothing,
    run: history,
    subs: &[],
};

const GET_VERB: Verb = Verb {
    name: "get",
    aliases: &[],
    short: "download extended information of a named release",
    usage: "[command]",
    synopsis: &["helm get manifest|values|notes|hooks NAME [--all] [--revision N]"],
    flags: &[],
    complete: Complete::Words(&["manifest", "values", "notes", "hooks", "all", "metadata"]),
    run: get_usage,
    subs: &[
        get_verb(
            "metadata",
            "This command fetches metadata for a given release",
            GET_METADATA_FLAGS,
        ),
        get_verb(
            "manifest",
            "download the manifest for a named release",
            GET_FLAGS,
        ),
        get_verb(
            "values",
            "download the values file for a named release",
            GET_VALUES_FLAGS,
        ),
        get_verb("notes", "download the notes for a named release", GET_FLAGS),
        get_verb("hooks", "download all hooks for a named release", GET_FLAGS),
        get_verb(
            "all",
            "download all information for a named release",
            GET_FLAGS,
        ),
    ],
};

const TEMPLATE_VERB: Verb = Verb {
    name: "template",
    aliases: &[],
    short: "locally render templates",
    usage: "[NAME] [CHART] [flags]",
    synopsis: &["helm template [NAME] CHART [--set K=V] [-s templates/x.yaml]"],
    // Each version's (`helm_verbs!`).
    flags: &[],
    complete: Complete::File,
    run: template,
    subs: &[],
};

const SHOW_VERB: Verb = Verb {
    name: "show",
    aliases: &["inspect"],
    short: "show information of a chart",
    usage: "[command]",
    synopsis: &["helm show values|chart|readme|crds|all CHART"],
    flags: &[],
    complete: Complete::Words(&["all", "chart", "crds", "readme", "values"]),
    run: show_usage,
    subs: &[
        show_verb("all", "show all information of the chart"),
        show_verb("chart", "show the chart's definition"),
        show_verb("crds", "show the chart's CRDs"),
        show_verb("readme", "show the chart's README"),
        show_verb("values", "show the chart's values"),
    ],
};

const LINT_VERB: Verb = Verb {
    name: "lint",
    aliases: &[],
    short: "examine a chart for possible issues",
    usage: "PATH [flags]",
    synopsis: &["helm lint PATH [--strict] [--set K=V]   what helm lint reports"],
    flags: LINT_FLAGS,
    complete: Complete::File,
    run: lint,
    subs: &[],
};

const CREATE_VERB: Verb = Verb {
    name: "create",
    aliases: &[],
    short: "create a new chart with the given name",
    usage: "NAME [flags]",
    synopsis: &["helm create NAME                      the chart helm create writes"],
    flags: &[],
    complete: Complete::Nothing,
    run: create,
    subs: &[],
};

const VERSION_VERB: Verb = Verb {
    name: "version",
    aliases: &[],
    short: "print the helm version information",
    usage: "[flags]",
    synopsis: &[],
    flags: &[
        flag("short", None, FlagKind::Bool, "print the version number"),
        flag(
            "template",
            None,
            FlagKind::String,
            "template for version string format",
        ),
    ],
    complete: Complete::Nothing,
    run: version,
    subs: &[],
};

/// `helm lint`'s flags (`newLintCmd`, pkg/cmd/lint.go, helm v4.2.3) and the global
/// `--namespace`.
const LINT_FLAGS: &[Flag] = &[
    flags::VALUES,
    flags::SET,
    flags::SET_STRING,
    flags::SET_FILE,
    flags::SET_JSON,
    flags::SET_LITERAL,
    flag("strict", None, FlagKind::Bool, "fail on lint warnings"),
    flag(
        "with-subcharts",
        None,
        FlagKind::Bool,
        "lint dependent charts",
    ),
    flag(
        "quiet",
        None,
        FlagKind::Bool,
        "print only warnings and errors",
    ),
    flags::SKIP_SCHEMA_VALIDATION,
    flag(
        "kube-version",
        None,
        FlagKind::String,
        "Kubernetes version used for capabilities and deprecation checks",
    ),
    flag(
        "namespace",
        Some('n'),
        FlagKind::String,
        "namespace scope for this request",
    ),
];

const GET_FLAGS: &[Flag] = &[
    flag(
        "revision",
        None,
        FlagKind::Int,
        "get the named release with revision",
    ),
    flag(
        "all",
        Some('a'),
        FlagKind::Bool,
        "dump all (computed) values",
    ),
];

/// `helm get metadata` (`newGetMetadataCmd`).
const GET_METADATA_FLAGS: &[Flag] = &[GET_FLAGS[0], OUTPUT_FLAG];

/// `helm get values` also takes `-o` (`newGetValuesCmd`).
const GET_VALUES_FLAGS: &[Flag] = &[GET_FLAGS[0], GET_FLAGS[1], OUTPUT_FLAG];

const fn show_verb(name: &'static str, short: &'static str) -> Verb {
    Verb {
        name,
        aliases: &[],
        short,
        usage: "[CHART] [flags]",
        synopsis: &[],
        flags: &[],
        complete: Complete::File,
        run: show,
        subs: &[],
    }
}

const fn get_verb(name: &'static str, short: &'static str, flags: &'static [Flag]) -> Verb {
    Verb {
        name,
        aliases: &[],
        short,
        usage: "RELEASE_NAME [flags]",
        synopsis: &[],
        flags,
        complete: Complete::Nothing,
        run: get,
        subs: &[],
    }
}

/// A chart or values file among the terminal machine's files (`visits/Chart.yaml`, ...).
struct SessionFiles<'a>(&'a Session);

/// `path` as a key of the machine's files, `.` for the home folder.
fn clean(s: &Session, path: &str) -> String {
    let p = s.path(path);
    if p.is_empty() { ".".into() } else { p }
}

impl Source for SessionFiles<'_> {
    fn chart_files(&self, path: &str) -> std::result::Result<Option<ChartFiles>, String> {
        let dir = clean(self.0, path);
        let prefix = if dir == "." {
            String::new()
        } else {
            format!("{dir}/")
        };
        let files: Vec<File> = self
            .0
            .files
            .iter()
            .filter_map(|(n, t)| {
                n.strip_prefix(&prefix)
                    .filter(|rest| !rest.is_empty())
                    .map(|rest| File::new(rest.to_string(), t.as_bytes().to_vec()))
            })
            .collect();
        Ok((!files.is_empty()).then_some(ChartFiles::Directory(files)))
    }
    fn read(&self, path: &str) -> std::result::Result<String, String> {
        self.0
            .files
            .get(&clean(self.0, path))
            .cloned()
            .ok_or_else(|| format!("open {path}: no such file or directory"))
    }
    fn absolute(&self, path: &str) -> String {
        format!("/home/{}/{}", super::terminal::USER, clean(self.0, path))
    }
    fn exists(&self, path: &str) -> bool {
        self.0.files.contains_key(&self.0.path(path))
    }
}

fn ns_of(s: &Session, a: &Args) -> String {
    a.get("namespace")
        .map_or_else(|| s.namespace.clone(), str::to_string)
}

/// `Mon Jan _2 15:04:05 2006` (Go's `time.ANSIC`) in UTC.
fn ansic(t: Ms) -> String {
    let secs = crate::sim::helm::unix(t);
    let (y, m, d) = crate::go::civil(secs.div_euclid(86_400));
    let rem = secs.rem_euclid(86_400);
    let days = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    let months = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!(
        "{} {} {:>2} {:02}:{:02}:{:02} {y}",
        days[(secs.div_euclid(86_400)).rem_euclid(7) as usize],
        months[(m - 1) as usize],
        d,
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Go's `Time.String()` in UTC: `2006-01-02 15:04:05.999999999 +0000 UTC`.
fn go_time(t: Ms) -> String {
    let secs = crate::sim::helm::unix(t);
    let (y, m, d) = crate::go::civil(secs.div_euclid(86_400));
    let rem = secs.rem_euclid(86_400);
    let ms = t % 1000;
    let frac = if ms == 0 {
        String::new()
    } else {
        format!(".{:03}", ms).trim_end_matches('0').to_string()
    };
    format!(
        "{y}-{m:02}-{d:02} {:02}:{:02}:{:02}{frac} +0000 UTC",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// What a status block shows besides the release (`statusPrinter`'s fields).
#[derive(Default)]
struct Show<'a> {
    /// The RESOURCES section, which only `helm status` prints.
    resources: &'a str,
    /// The global `--debug`: the user-supplied and computed values, then the hooks and the
    /// manifest.
    debug: bool,
    /// DESCRIPTION: helm 4 always prints it, helm 3 only for `helm status --show-desc`.
    desc: bool,
    /// NOTES are left out (`helm test`).
    hide_notes: bool,
    /// CHART, VERSION and APP_VERSION (`helm get all`).
    metadata: bool,
    /// The release was read back from its Secret, where a release installed without values
    /// has none (`config` is `omitempty`): its USER-SUPPLIED VALUES are `null`, not `{}`.
    stored: bool,
}

impl Show<'_> {
    /// What install, upgrade and their dry runs print under `helm` `version`, as `--debug`
    /// and `--hide-notes` ask.
    fn after_install(version: Version, a: &Args) -> Show<'static> {
        Show {
            resources: "",
            debug: a.has("debug"),
            desc: version == Version::V4,
            hide_notes: a.has("hide-notes"),
            metadata: false,
            stored: false,
        }
    }
}

/// `statusPrinter.WriteTable` (pkg/cmd/status.go, helm v4.2.3; cmd/helm/status.go, v3.17.2).
fn status_block(r: &Release, show: Show) -> String {
    let mut out = format!("NAME: {}\n", r.name);
    out.push_str(&format!("LAST DEPLOYED: {}\n", ansic(r.last_deployed)));
    out.push_str(&format!("NAMESPACE: {}\n", r.namespace));
    out.push_str(&format!("STATUS: {}\n", r.status.as_str()));
    out.push_str(&format!("REVISION: {}\n", r.version));
    if show.metadata {
        out.push_str(&format!(
            "CHART: {}\nVERSION: {}\nAPP_VERSION: {}\n",
            r.chart_name, r.chart_version, r.app_version
        ));
    }
    if show.desc {
        out.push_str(&format!("DESCRIPTION: {}\n", r.description));
    }
    out.push_str(show.resources);
    let tests: Vec<&HookRecord> = r
        .hooks
        .iter()
        .filter(|h| h.events.iter().any(|e| e == "test"))
        .collect();
    if tests.is_empty() {
        out.push_str("TEST SUITE: None\n");
    } else {
        for h in tests {
            if let Some((start, end, phase)) = &h.last_run {
                out.push_str(&format!(
                    "TEST SUITE:     {}\nLast Started:   {}\nLast Completed: {}\nPhase:          {phase}\n",
                    h.name,
                    ansic(*start),
                    ansic(*end)
                ));
            }
        }
    }
    let debug = show.debug;
    if debug {
        // `output.EncodeYAML`: an empty map is `{}`.
        let yaml = |v: &serde_json::Value| {
            if v.as_object().is_none_or(|o| o.is_empty()) {
                "{}\n".to_string()
            } else {
                crate::yaml::emit::to_yaml(v)
            }
        };
        let config = if show.stored {
            values_yaml(&r.config)
        } else {
            yaml(&r.config)
        };
        out.push_str(&format!("USER-SUPPLIED VALUES:\n{config}\n"));
        out.push_str(&format!("COMPUTED VALUES:\n{}\n", yaml(&r.computed)));
    }
    // A dry run (or --debug) shows what it would have made.
    if r.description.eq_ignore_ascii_case("Dry run complete") || debug {
        out.push_str("HOOKS:\n");
        for h in &r.hooks {
            out.push_str(&format!("---\n# Source: {}\n{}\n", h.path, h.manifest));
        }
        out.push_str(&format!("MANIFEST:\n{}\n", r.manifest));
    }
    if !show.hide_notes && !r.notes.is_empty() {
        out.push_str(&format!("NOTES:\n{}\n", r.notes.trim()));
    }
    out
}

/// `helm status`'s RESOURCES section (helm 4; `pkg/action/status.go` Run with
/// ShowResourcesTable, `pkg/kube/client.go` Get and getSelectRelationPod, `pkg/cmd/status.go`
/// WriteTable, helm v4.2.3): the release manifest's objects as the server prints them, grouped
/// by `VERSION/Kind`, and after a workload the pods its `matchLabels` select, as
/// `v1/Pod(related)`. Each object is its own kubectl table (its own column alignment); the
/// header is left out when the columns are those of the table printed just before (kubectl's
/// HumanReadablePrinter). Objects gone from the cluster are skipped. Helm prints the groups in
/// Go's random map order; here they follow the manifest.
fn resources_section(w: &crate::sim::cluster::World, r: &Release) -> String {
    use super::get::{self, Format};
    use super::resources::Res;
    type Table = (Vec<String>, Vec<Vec<String>>);
    let f = Format::default();
    let of = |res: Res, ns: &str, name: &str| -> Table {
        let names = [(ns.to_string(), name.to_string())];
        (get::header(res, &f), get::rows(w, res, &names, &f))
    };
    let age = |t: Ms| super::text::human_duration_ms(w.now as i64 - t as i64);
    let mut groups: Vec<(String, Vec<Table>)> = Vec::new();
    let add = |groups: &mut Vec<(String, Vec<Table>)>, key: String, t: Table| match groups
        .iter_mut()
        .find(|(k, _)| *k == key)
    {
        Some((_, v)) => v.push(t),
        None => groups.push((key, vec![t])),
    };
    let mut selectors: Vec<std::collections::BTreeMap<String, String>> = Vec::new();
    for doc in crate::helm::manifests::split(&r.manifest, Version::V4) {
        let Ok(h) = crate::helm::manifests::head(&doc, Version::V4) else {
            continue;
        };
        let ns = r.namespace.as_str();
        let version = h.api_version.rsplit('/').next().unwrap_or("").to_string();
        let key = format!("{version}/{}", h.kind);
        let k = crate::sim::world::key(ns, &h.name);
        let table = match h.kind.as_str() {
            "Service" if w.services.contains_key(&k) => of(Res::Service, ns, &h.name),
            "Pod" if w.pods.contains_key(&k) => of(Res::Pod, ns, &h.name),
            "PersistentVolumeClaim" if w.pvcs.contains_key(&k) => of(Res::Pvc, ns, &h.name),
            "StatefulSet" => {
                let Some(set) = w.sets.get(&k) else { continue };
                add(&mut groups, key, of(Res::StatefulSet, ns, &h.name));
                let selector = set.spec.selector.match_labels.clone();
                if !selectors.contains(&selector) {
                    let pods: Vec<(String, String)> = w
                        .pods
                        .values()
                        .filter(|p| p.ns == ns)
                        .filter(|p| selector.iter().all(|(k, v)| p.labels.get(k) == Some(v)))
                        .map(|p| (p.ns.clone(), p.name.clone()))
                        .collect();
                    let table = (get::header(Res::Pod, &f), get::rows(w, Res::Pod, &pods, &f));
                    add(&mut groups, "v1/Pod(related)".into(), table);
                    selectors.push(selector);
                }
                continue;
            }
            _ => {
                let Some((created, tree)) =
                    w.others
                        .get(&(h.kind.clone(), ns.to_string(), h.name.clone()))
                else {
                    continue;
                };
                let count = |field: &str| {
                    tree.get(field)
                        .and_then(|n| n.as_map())
                        .map_or(0, <[_]>::len)
                };
                let cells = |head: &[&str], row: Vec<String>| -> Table {
                    (head.iter().map(|c| c.to_string()).collect(), vec![row])
                };
                match h.kind.as_str() {
                    "ServiceAccount" => cells(
                        &["NAME", "SECRETS", "AGE"],
                        vec![
                            h.name.clone(),
                            tree.seq_at(&["secrets"]).len().to_string(),
                            age(*created),
                        ],
                    ),
                    "ConfigMap" => cells(
                        &["NAME", "DATA", "AGE"],
                        vec![
                            h.name.clone(),
                            (count("data") + count("binaryData")).to_string(),
                            age(*created),
                        ],
                    ),
                    "Secret" => cells(
                        &["NAME", "TYPE", "DATA", "AGE"],
                        vec![
                            h.name.clone(),
                            tree.get_str("type").unwrap_or("Opaque").to_string(),
                            (count("data") + count("stringData")).to_string(),
                            age(*created),
                        ],
                    ),
                    _ => cells(&["NAME", "AGE"], vec![h.name.clone(), age(*created)]),
                }
            }
        };
        add(&mut groups, key, table);
    }
    if groups.is_empty() {
        return String::new();
    }
    let mut out = String::new();
    let mut last: Vec<String> = Vec::new();
    let mut printed_headers = false;
    for (key, tables) in groups {
        out.push_str(&format!("==> {key}\n"));
        for (columns, rows) in tables {
            let no_headers = printed_headers && columns == last;
            if columns != last {
                last = columns.clone();
                printed_headers = false;
            }
            if rows.is_empty() {
                continue;
            }
            printed_headers = true;
            let mut text = String::new();
            if !no_headers {
                text.push_str(&columns.join("\t"));
                text.push('\n');
            }
            for row in rows {
                text.push_str(&row.join("\t"));
                text.push('\n');
            }
            out.push_str(&super::text::tabwrite(&text, super::text::GET));
        }
        out.push('\n');
    }
    format!("RESOURCES:\n{out}\n")
}

fn err(msg: impl Into<String>) -> crate::shell::Error {
    // helm prints `Error: %v` and a newline, whatever the error ends with.
    crate::shell::Error {
        message: format!("Error: {}\n", msg.into()),
        code: 1,
    }
}

/// The pods a hook made: the Pod itself, or a Job's (labelled `job-name`), as deleting the
/// hook (a delete policy) takes them away.
fn remove_hook_pods(s: &mut Session, ns: &str, h: &HookRecord) {
    let w = &mut s.sim.world;
    w.pods.remove(&crate::sim::world::key(ns, &h.name));
    if h.kind == "Job" {
        w.others
            .remove(&("Job".to_string(), ns.to_string(), h.name.clone()));
        let made: Vec<_> = w
            .pods
            .iter()
            .filter(|(_, p)| p.ns == ns && p.labels.get("job-name") == Some(&h.name))
            .map(|(k, _)| k.clone())
            .collect();
        for k in made {
            w.pods.remove(&k);
        }
    }
}

/// The pod a Job hook's controller makes (`getPodsForJob`... `podTemplate`, pkg/controller/
/// job): the Job's pod template as the API server labelled it (`objects::job`), named
/// `JOB-xxxxx` (drawn from when it starts).
fn job_pod(
    w: &crate::sim::cluster::World,
    ns: &str,
    name: &str,
    at: Ms,
) -> Option<crate::yaml::Node> {
    let job = super::objects::job(w, ns, name)?;
    let mut pod = job.get("spec")?.get("template")?.clone();
    let alphabet = b"bcdfghjklmnpqrstvwxz2456789";
    let h = crate::sim::revision::fnv1_32(format!("{name}/{at}").as_bytes());
    let suffix: String = (0..5)
        .map(|i| alphabet[((h >> (i * 6)) % 27) as usize] as char)
        .collect();
    let meta = pod
        .as_object_mut()?
        .entry("metadata")
        .or_insert_with(|| serde_json::json!({}));
    meta.as_object_mut()?
        .insert("name".into(), format!("{name}-{suffix}").into());
    Some(crate::yaml::Node::from_json(&pod, Default::default()))
}

/// The seconds a hook's command runs: the sum of its `sleep N`s (at least one second).
fn hook_seconds(manifest: &crate::yaml::Node) -> u64 {
    let text = serde_json::to_string(&manifest.to_json()).unwrap_or_default();
    let mut total = 0u64;
    let mut rest = text.as_str();
    while let Some(i) = rest.find("sleep ") {
        rest = &rest[i + 6..];
        let n: String = rest.chars().take_while(char::is_ascii_digit).collect();
        total += n.parse::<u64>().unwrap_or(0);
    }
    total.clamp(1, 3600)
}

/// What a hook pod's command prints: its `echo`s.
fn hook_log(manifest: &crate::yaml::Node) -> Vec<String> {
    let text = serde_json::to_string(&manifest.to_json()).unwrap_or_default();
    let mut out = Vec::new();
    let mut rest = text.as_str();
    while let Some(i) = rest.find("echo ") {
        rest = &rest[i + 5..];
        let line: String = rest
            .chars()
            .take_while(|c| !matches!(c, ';' | '"' | '&' | '|'))
            .collect();
        out.push(line.trim().to_string());
    }
    out
}

/// Runs the hooks of `event` as helm does (pkg/action/hooks.go `execHook`): by weight, then
/// name; a Pod runs to completion and a Job's pods until it completes or fails (the clock
/// moves while helm waits), other kinds are created at once. Each pod's container runs
/// (`hookpod`); test pods (`helm test`) really make their `wget`/`curl` request. The first
/// hook that fails (its `last_run` phase `Failed`) stops the run with the error helm's waiter
/// gives, which the caller wraps (`failed pre-install: ...`).
fn run_hooks(
    s: &mut Session,
    ns: &str,
    hooks: &mut [HookRecord],
    event: &str,
    timeout: Ms,
) -> std::result::Result<(), String> {
    let mut order: Vec<usize> = (0..hooks.len())
        .filter(|i| hooks[*i].events.iter().any(|e| e == event))
        .collect();
    order.sort_by(|a, b| {
        hooks[*a]
            .weight
            .cmp(&hooks[*b].weight)
            .then_with(|| hooks[*a].name.cmp(&hooks[*b].name))
    });
    for i in order {
        let h = &mut hooks[i];
        let policies: Vec<String> = if h.delete_policies.is_empty() {
            vec!["before-hook-creation".into()]
        } else {
            h.delete_policies.clone()
        };
        let start = s.sim.world.now;
        let mut error = None;
        let runs = h.kind == "Pod" || h.kind == "Job";
        if runs {
            if policies.iter().any(|p| p == "before-hook-creation") {
                remove_hook_pods(s, ns, h);
            }
            let parsed = crate::yaml::parse(&h.manifest, &crate::yaml::Limits::default());
            if let Some(tree) = parsed.documents.first().and_then(|d| d.root.as_ref()) {
                error = match h.kind.as_str() {
                    "Job" => run_job(s, ns, tree, &h.name, event, timeout),
                    _ => (!run_pod(s, ns, tree, event)).then(|| match s.helm {
                        Version::V4 => format!(
                            "resource Pod/{ns}/{0} not ready. status: Failed, message: pod {0} failed",
                            h.name
                        ),
                        Version::V3 => multierror(&format!("pod {} failed", h.name)),
                    }),
                };
            }
        }
        let end = s.sim.world.now;
        let phase = if error.is_none() {
            "Succeeded"
        } else {
            "Failed"
        };
        h.last_run = Some((start, end, phase.into()));
        let deleted = if error.is_none() {
            "hook-succeeded"
        } else {
            "hook-failed"
        };
        if policies.iter().any(|p| p == deleted) && runs {
            remove_hook_pods(s, ns, h);
        }
        if let Some(e) = error {
            return Err(e);
        }
    }
    Ok(())
}

/// hashicorp/go-multierror's text of one error, as helm 3's `perform` returns it.
fn multierror(e: &str) -> String {
    format!("1 error occurred:\n\t* {e}\n\n")
}

/// Runs the hook pod `tree` to its end (the clock moves by the time it takes) and keeps it,
/// completed; whether it succeeded.
fn run_pod(s: &mut Session, ns: &str, tree: &crate::yaml::Node, event: &str) -> bool {
    let start = s.sim.world.now;
    let json = tree.to_json();
    let name = tree.str_at(&["metadata", "name"]).unwrap_or("").to_string();
    let (secs, log, code) = match (event == "test").then(|| request_of(tree)).flatten() {
        Some((tool, url)) => {
            let out = super::net::http_from_pod(s, ns, std::slice::from_ref(&url), &tool, None);
            let ok = out.code == 0;
            let text: String = out.chunks.iter().map(|(_, t)| t.as_str()).collect();
            let log = match tool.as_str() {
                "wget" => wget_log(s, ns, &url, ok.then_some(text.len())),
                _ => text.lines().map(str::to_string).collect(),
            };
            (hook_seconds(tree), log, if ok { 0 } else { 1 })
        }
        None => match hookpod::run(&json, &name) {
            Some(r) => (r.secs, r.log, r.code),
            None => (hook_seconds(tree), hook_log(tree), 0),
        },
    };
    let end = start + secs * 1000;
    s.sim.advance(secs * 1000);
    s.sim.world.completed_pod(ns, tree, start, end, log, code);
    code == 0
}

/// A Job hook as the Job controller runs it (pkg/controller/job): a pod, and after each failed
/// one another, `backoffLimit` times (6 unless set), each after the controller's back-off
/// (10 s, doubling, at most 10 minutes), until one succeeds or the Job fails; helm waits for
/// either within `--timeout`. A pod whose `restartPolicy` is OnFailure is counted as the Job
/// controller counts it, as one more failed pod. The error helm's waiter gives, if any.
fn run_job(
    s: &mut Session,
    ns: &str,
    job: &crate::yaml::Node,
    name: &str,
    event: &str,
    timeout: Ms,
) -> Option<String> {
    let start = s.sim.world.now;
    // The Job itself is kept as written (`kubectl get jobs` names it).
    let k = ("Job".to_string(), ns.to_string(), name.to_string());
    s.sim.world.others.insert(k, (start, job.clone()));
    let json = job.to_json();
    let int = |p: &str| json.pointer(p).and_then(serde_json::Value::as_i64);
    let backoff_limit = int("/spec/backoffLimit").unwrap_or(6).max(0);
    let parallelism = int("/spec/parallelism").unwrap_or(1);
    let completions = int("/spec/completions").unwrap_or(parallelism);
    let mut failed = 0i64;
    loop {
        let pod = job_pod(&s.sim.world, ns, name, s.sim.world.now)?;
        if run_pod(s, ns, &pod, event) {
            return None;
        }
        failed += 1;
        if failed > backoff_limit {
            return Some(match s.helm {
                Version::V4 => format!(
                    "resource Job/{ns}/{name} not ready. status: Failed, message: Job Failed. failed: {failed}/{completions}"
                ),
                Version::V3 => multierror(&format!("job {name} failed: BackoffLimitExceeded")),
            });
        }
        let delay = (10_000u64 << (failed - 1).min(10)).min(600_000);
        if s.sim.world.now + delay >= start + timeout {
            // helm gives up first: the Job is still running.
            let left = (start + timeout).saturating_sub(s.sim.world.now);
            s.sim.advance(left);
            return Some(match s.helm {
                Version::V4 => format!(
                    "resource Job/{ns}/{name} not ready. status: InProgress, message: Job in progress\ncontext deadline exceeded"
                ),
                Version::V3 => multierror("timed out waiting for the condition"),
            });
        }
        s.sim.advance(delay);
    }
}

/// What busybox's `wget URL` writes: it connects to the Service's address, then saves the
/// page of `saved` bytes to `index.html` (its progress line as it ends when not on a
/// terminal), or, with nothing behind the Service, is refused. The log of helm create's test
/// pod.
fn wget_log(s: &Session, ns: &str, url: &str, saved: Option<usize>) -> Vec<String> {
    let hostport = url
        .trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap_or("");
    let (host, port) = hostport.split_once(':').unwrap_or((hostport, "80"));
    let service = host.split('.').next().unwrap_or(host);
    let ip = s
        .sim
        .world
        .services
        .get(&crate::sim::world::key(ns, service))
        .map_or(host, |svc| svc.cluster_ip.as_str());
    let connecting = format!("Connecting to {hostport} ({ip}:{port})");
    match saved {
        Some(size) => vec![
            connecting,
            "saving to 'index.html'".to_string(),
            format!(
                "{:<20}{:>4}% |{}| {size:>5}  0:00:00 ETA",
                "index.html",
                100,
                "*".repeat(32)
            ),
            "'index.html' saved".to_string(),
        ],
        None => vec![
            connecting,
            format!("wget: can't connect to remote host ({ip}): Connection refused"),
        ],
    }
}

/// The request a test pod makes: its first container's `wget` or `curl` and the first
/// argument that is not a flag (helm create's `wget RELEASE-CHART:80`).
fn request_of(tree: &crate::yaml::Node) -> Option<(String, String)> {
    let json = tree.to_json();
    let c = json.pointer("/spec/containers/0")?;
    let words: Vec<String> = ["command", "args"]
        .iter()
        .filter_map(|f| c.get(*f)?.as_array().cloned())
        .flatten()
        .filter_map(|w| w.as_str().map(str::to_string))
        .flat_map(|w| w.split_whitespace().map(str::to_string).collect::<Vec<_>>())
        .collect();
    let at = words
        .iter()
        .position(|w| matches!(w.rsplit('/').next(), Some("wget" | "curl")))?;
    let tool = words[at].rsplit('/').next()?.to_string();
    let url = words[at + 1..]
        .iter()
        .find(|w| !w.starts_with('-'))?
        .clone();
    Some((tool, url))
}

fn apply_manifest(
    s: &mut Session,
    release: &str,
    ns: &str,
    manifest: &str,
    update: bool,
) -> std::result::Result<(), String> {
    let mut docs = Vec::new();
    for doc in crate::helm::manifests::split(manifest, Version::V4) {
        let Ok(crate::gotmpl::Value::Map(m)) = crate::helm::values::yaml_to_json(&doc) else {
            continue;
        };
        let meta = match m.get("metadata") {
            Some(crate::gotmpl::Value::Map(meta)) => meta,
            _ => {
                let meta = crate::gotmpl::Map::new(crate::gotmpl::MapKind::Any);
                m.insert("metadata", crate::gotmpl::Value::Map(meta.clone()));
                meta
            }
        };
        if meta.get("namespace").is_none() {
            meta.insert("namespace", crate::gotmpl::Value::str(ns));
        }
        let sub = |key: &str| match meta.get(key) {
            Some(crate::gotmpl::Value::Map(x)) => x,
            _ => {
                let x = crate::gotmpl::Map::new(crate::gotmpl::MapKind::Any);
                meta.insert(key, crate::gotmpl::Value::Map(x.clone()));
                x
            }
        };
        sub("labels").insert(
            "app.kubernetes.io/managed-by",
            crate::gotmpl::Value::str("Helm"),
        );
        let ann = sub("annotations");
        ann.insert(
            "meta.helm.sh/release-name",
            crate::gotmpl::Value::str(release),
        );
        ann.insert(
            "meta.helm.sh/release-namespace",
            crate::gotmpl::Value::str(ns),
        );
        docs.push(crate::helm::convert::to_yaml(&crate::gotmpl::Value::Map(m)).unwrap_or_default());
    }
    // `batchPerform` (pkg/kube/client.go): the objects of one kind together, kinds in turn;
    // a kind with a failure stops the ones after it.
    let mut batch: Vec<(crate::helm::manifests::Head, String)> = Vec::new();
    let mut docs = docs.into_iter().filter_map(|d| {
        let h = crate::helm::manifests::head(&d, Version::V4).ok()?;
        Some((h, d))
    });
    // helm 3 patches what exists and goes on past a failed patch (`Client.Update`,
    // pkg/kube/client.go, v3.17.2), its errors joined at the end.
    let mut patch_errors: Vec<String> = Vec::new();
    loop {
        let next = docs.next();
        if let (Some((h, _)), Some((first, _))) = (&next, batch.first())
            && h.kind == first.kind
        {
            batch.extend(next);
            continue;
        }
        if !batch.is_empty() {
            let text: Vec<&str> = batch.iter().map(|(_, d)| d.as_str()).collect();
            let existed: Vec<bool> = batch
                .iter()
                .map(|(h, _)| exists(&s.sim.world, &h.kind, ns, &h.name))
                .collect();
            for (_, name, applied) in s.sim.apply_text("helm", &text.join("\n---\n")) {
                let crate::sim::Applied::Refused(e) = applied else {
                    continue;
                };
                let Some(i) = batch.iter().position(|(h, _)| h.name == name) else {
                    continue;
                };
                let h = &batch[i].0;
                let (group, version) = h
                    .api_version
                    .rsplit_once('/')
                    .unwrap_or(("", &h.api_version));
                let message = server_message(&e, group);
                let error = match s.helm {
                    // Helm 4 applies server-side (`patchResourceServerSide`): the API server's
                    // message under the object's namespace, name and GroupVersionKind.
                    Version::V4 => format!(
                        "server-side apply failed for object {ns}/{name} {group}/{version}, Kind={}: {message}",
                        h.kind
                    ),
                    // helm 3 patches what exists (`updateResource`) and creates the rest
                    // (`createResource`, wrapped by `Update`).
                    Version::V3 if update && existed[i] => {
                        patch_errors.push(format!(
                            "cannot patch \"{name}\" with kind {}: {message}",
                            h.kind
                        ));
                        continue;
                    }
                    Version::V3 if update => format!("failed to create resource: {message}"),
                    Version::V3 => message,
                };
                s.sim.settle_now();
                return Err(error);
            }
        }
        match next {
            Some(item) => batch = vec![item],
            None => break,
        }
    }
    s.sim.settle_now();
    if patch_errors.is_empty() {
        Ok(())
    } else {
        Err(patch_errors.join(" && "))
    }
}

/// Whether the cluster holds the object `kind` `ns/name`.
fn exists(w: &crate::sim::cluster::World, kind: &str, ns: &str, name: &str) -> bool {
    let k = crate::sim::world::key(ns, name);
    match kind {
        "StatefulSet" => w.sets.contains_key(&k),
        "Service" => w.services.contains_key(&k),
        "Pod" => w.pods.contains_key(&k),
        "PersistentVolumeClaim" => w.pvcs.contains_key(&k),
        _ => w
            .others
            .contains_key(&(kind.to_string(), ns.to_string(), name.to_string())),
    }
}

/// The API server's own message inside a refusal kubectl would print: without kubectl's
/// `Error from server (Reason): error when creating "FILE": ` frame and the `The ` it puts
/// before `Kind "name" is invalid`.
fn server_message(kubectl_error: &str, group: &str) -> String {
    let mut e = kubectl_error.trim_start_matches("error: ");
    if let Some(rest) = e.strip_prefix("Error from server (") {
        e = rest.split_once("): ").map_or(rest, |(_, m)| m);
    }
    if let Some(rest) = e.strip_prefix("error when ") {
        e = rest.split_once("\": ").map_or(rest, |(_, m)| m);
    }
    // kubectl's "The StatefulSet "web" is invalid" is the API server's `NewInvalid` message,
    // which names the kind with its group: `StatefulSet.apps "web" is invalid`.
    match e.strip_prefix("The ") {
        Some(rest) if !group.is_empty() => match rest.split_once(' ') {
            Some((kind, tail)) => format!("{kind}.{group} {tail}"),
            None => rest.to_string(),
        },
        Some(rest) => rest.to_string(),
        None => e.to_string(),
    }
}

/// Objects of a manifest: (kind, namespace, name).
fn objects_of(manifest: &str, ns: &str) -> Vec<(String, String, String)> {
    crate::helm::manifests::split(manifest, Version::V4)
        .iter()
        .filter_map(|d| crate::helm::manifests::head(d, Version::V4).ok())
        .filter(|h| !h.name.is_empty())
        .map(|h| (h.kind, ns.to_string(), h.name))
        .collect()
}

/// Deletes objects through kubectl's own delete (pods of a StatefulSet go by garbage
/// collection; claim PVCs stay, as they do for helm).
fn delete_objects(s: &mut Session, objects: &[(String, String, String)], orphan: bool) {
    for (kind, ns, name) in objects {
        let res = match kind.as_str() {
            "StatefulSet" => "statefulset",
            "Service" => "service",
            "Pod" => "pod",
            "PersistentVolumeClaim" => "pvc",
            _ => {
                s.sim
                    .world
                    .others
                    .remove(&(kind.clone(), ns.clone(), name.clone()));
                continue;
            }
        };
        let cascade = if orphan {
            "--cascade=orphan"
        } else {
            "--cascade=background"
        };
        let words: Vec<String> = ["delete", res, name, "-n", ns, "--wait=false", cascade]
            .iter()
            .map(|w| w.to_string())
            .collect();
        let _ = super::verbs::KUBECTL.run(s, &words, None);
    }
}

fn values_json(m: &crate::gotmpl::Map) -> serde_json::Value {
    let text = crate::helm::convert::to_json(&crate::gotmpl::Value::Map(m.clone()), false)
        .unwrap_or_else(|_| "{}".into());
    serde_json::from_str(&text).unwrap_or_default()
}

fn json_to_values(v: &serde_json::Value) -> crate::gotmpl::Map {
    match crate::helm::convert::from_json(&v.to_string()) {
        Ok(crate::gotmpl::Value::Map(m)) => m,
        _ => crate::gotmpl::Map::new(crate::gotmpl::MapKind::Any),
    }
}

/// Renders `chart_path` for release `name`, revision `revision`.
#[allow(clippy::too_many_arguments)]
fn render(
    s: &Session,
    name: &str,
    ns: &str,
    chart: &crate::helm::Chart,
    user: &crate::gotmpl::Map,
    revision: i64,
    upgrade: bool,
    skip_schema_validation: bool,
    log: &mut Log,
) -> std::result::Result<crate::helm::template::Release, crate::helm::Failure> {
    let opts = crate::helm::Options {
        version: s.helm,
        release_name: name.into(),
        namespace: ns.into(),
        revision,
        is_upgrade: upgrade,
        skip_schema_validation,
        kube_version: Some(format!("v1.{}.0", s.sim.world.profile.minor)),
        ..Default::default()
    };
    crate::helm::template::render_release(chart, user, &opts, false, log)
}

/// A revision holding a rendered chart, first deployed and stored `now`; the caller names it
/// (name, namespace, version, status, description) with struct update syntax.
fn rendered_revision(
    chart: &crate::helm::Chart,
    user: &crate::gotmpl::Map,
    files: Vec<(String, String)>,
    release: &crate::helm::template::Release,
    now: Ms,
) -> Release {
    Release {
        name: String::new(),
        namespace: String::new(),
        version: 0,
        status: Status::PendingInstall,
        description: String::new(),
        first_deployed: now,
        last_deployed: now,
        deleted: None,
        chart_name: chart.metadata.name.clone(),
        chart_version: chart.metadata.version.clone(),
        app_version: chart.metadata.app_version.clone(),
        chart_files: std::rc::Rc::new(files),
        config: values_json(user),
        computed: values_json(&release.rendered.values),
        manifest: release.manifest.clone(),
        notes: release.notes.clone(),
        hooks: hooks_of(release),
        created: now,
        modified: None,
        user_labels: Default::default(),
        apply_method: "",
        chart_annotations: chart.metadata.annotations.clone(),
        dependencies: chart
            .metadata
            .dependencies
            .iter()
            .map(|d| d.name.clone())
            .collect(),
    }
}

/// helm's names for its own labels on a release's Secret, which `--labels` may not use
/// (`GetSystemLabels`, pkg/storage/driver/util.go).
const SYSTEM_LABELS: [&str; 6] = [
    "name",
    "owner",
    "status",
    "version",
    "createdAt",
    "modifiedAt",
];

/// `--labels k=v,...` as pflag's `stringToString` reads it: each item `key=value`.
fn labels_flag(a: &Args) -> std::result::Result<Vec<(String, String)>, crate::shell::Error> {
    a.all("labels")
        .iter()
        .flat_map(|l| l.split(','))
        .map(|item| {
            item.split_once('=')
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .ok_or_else(|| {
                    err(format!(
                        "invalid argument \"{item}\" for \"-l, --labels\" flag: {item} must be formatted as key=value"
                    ))
                })
        })
        .collect()
}

/// The release's labels: `old` (an upgrade keeps the last revision's) with the given ones
/// over them, `k=null` dropping one (`mergeCustomLabels`, pkg/action/upgrade.go); helm's own
/// names are refused (`Install.RunWithContext`).
fn merge_labels(
    given: &[(String, String)],
    old: &BTreeMap<String, String>,
) -> std::result::Result<BTreeMap<String, String>, String> {
    let mut labels = old.clone();
    for (k, v) in given {
        if v == "null" {
            labels.remove(k);
        } else {
            labels.insert(k.clone(), v.clone());
        }
    }
    if labels.keys().any(|k| SYSTEM_LABELS.contains(&k.as_str())) {
        return Err(format!(
            "user supplied labels contains system reserved label name. System labels: [{}]",
            SYSTEM_LABELS.join(" ")
        ));
    }
    Ok(labels)
}

/// How helm 4 applies a revision (`determineReleaseSSApplyMethod`): server-side unless
/// `--server-side=false`; an upgrade's `auto` keeps the last revision's way. helm 3 records
/// none.
fn apply_method(version: Version, a: &Args, last: Option<&Release>) -> &'static str {
    if version == Version::V3 {
        return "";
    }
    match a.get("server-side") {
        Some(v) if registry::parse_bool(v) == Some(false) => "csa",
        Some("auto") | None => match last.map(|r| r.apply_method) {
            Some("csa") => "csa",
            _ => "ssa",
        },
        Some(_) => "ssa",
    }
}

fn hooks_of(release: &crate::helm::template::Release) -> Vec<HookRecord> {
    release
        .hooks
        .iter()
        .map(|h| HookRecord {
            name: h.name.clone(),
            kind: h.kind.clone(),
            path: h.path.clone(),
            manifest: h.manifest.clone(),
            events: h.events.iter().map(|e| e.name().to_string()).collect(),
            weight: h.weight,
            delete_policies: h.delete_policies.clone(),
            last_run: None,
        })
        .collect()
}

/// A chart loaded from the terminal's files: the chart, the user's values (`-f`, `--set`), and
/// the chart's files (kept with the release for rollbacks).
type Loaded = (
    crate::helm::Chart,
    crate::gotmpl::Map,
    Vec<(String, String)>,
);

fn load(
    s: &Session,
    a: &Args,
    chart_path: &str,
) -> std::result::Result<Loaded, crate::helm::Failure> {
    let targs = crate::helm::template::Args {
        values: value_options(a),
        version: s.helm,
        ..Default::default()
    };
    load_with(s, &targs, chart_path)
}

fn load_with(
    s: &Session,
    targs: &crate::helm::template::Args,
    chart_path: &str,
) -> std::result::Result<Loaded, crate::helm::Failure> {
    let src = SessionFiles(s);
    // LocateChart comes before the values are read.
    if src
        .chart_files(chart_path)
        .map_err(crate::helm::Failure::plain)?
        .is_none()
    {
        return Err(crate::helm::Failure::plain(
            crate::helm::template::not_found(chart_path),
        ));
    }
    let user = crate::helm::template::user_values(&src, targs)?;
    let chart = crate::helm::template::load_chart(&src, chart_path, targs.version)?;
    let dir = clean(s, chart_path);
    let prefix = if dir == "." {
        String::new()
    } else {
        format!("{dir}/")
    };
    let files = s
        .files
        .iter()
        .filter_map(|(n, t)| n.strip_prefix(&prefix).map(|r| (r.to_string(), t.clone())))
        .collect();
    Ok((chart, user, files))
}

/// What helm logged while it rendered (in that helm version's words), on standard error before
/// the command's own output or error.
fn with_log(version: Version, log: &Log, r: CmdResult) -> CmdResult {
    let lines: String = log
        .iter()
        .filter_map(|w| w.line(version))
        .map(|l| format!("{l}\n"))
        .collect();
    if lines.is_empty() {
        return r;
    }
    match r {
        Ok(o) => {
            let mut out = Output::default();
            out.eprint(&lines);
            out.append(o);
            Ok(out)
        }
        Err(e) => Err(crate::shell::Error {
            message: format!("{lines}{}", e.message),
            code: e.code,
        }),
    }
}

fn install(s: &mut Session, a: &Args) -> CmdResult {
    let mut log = Log::new();
    let r = install_logged(s, a, &mut log);
    with_log(s.helm, &log, r)
}

fn install_logged(s: &mut Session, a: &Args, log: &mut Log) -> CmdResult {
    post_renderer(a, s.helm).map_err(|e| err(e.trim_start_matches("Error: ")))?;
    let ns = ns_of(s, a);
    let templated = name_from_template(a, s.helm).map_err(|e| {
        err(format!(
            "INSTALLATION FAILED: {}",
            e.trim_start_matches("Error: ")
        ))
    })?;
    let (name, chart_path) = match (a.has("generate-name"), a.positional.as_slice()) {
        (_, [chart]) if templated.is_some() => (templated.unwrap_or_default(), chart.clone()),
        (true, [chart]) => (generated_name(chart, s.sim.world.now), chart.clone()),
        (false, [_, _]) if a.get("name-template").is_some_and(|t| !t.is_empty()) => {
            return Err(err(
                "INSTALLATION FAILED: cannot set --name-template and also specify a name",
            ));
        }
        (false, [name, chart]) => (name.clone(), chart.clone()),
        (_, []) => {
            return Err(err(
                "\"helm install\" requires at least 1 argument\n\nUsage:  helm install [NAME] [CHART] [flags]",
            ));
        }
        // `Install.NameAndChart` (pkg/action/install.go), under INSTALLATION FAILED.
        (false, [_]) => {
            return Err(err(
                "INSTALLATION FAILED: must either provide a name or specify --generate-name",
            ));
        }
        (true, [_, _]) => {
            return Err(err(
                "INSTALLATION FAILED: cannot set --generate-name and also specify a name",
            ));
        }

        (_, [_, _, rest @ ..]) => {
            return Err(err(format!(
                "INSTALLATION FAILED: expected at most two arguments, unexpected arguments: {}",
                rest.join(", ")
            )));
        }
    };
    let replace = a.has("replace");
    // helm 3 checks the flag under INSTALLATION FAILED, helm 4 before anything else.
    let wait = wait_of(s.helm, a, log)?;
    labels_flag(a)?;
    let dry_run = dry_run(s.helm, a, log, "INSTALLATION FAILED: ")?;
    do_install(
        s,
        a,
        &name,
        &chart_path,
        &ns,
        InstallMode {
            wrap: true,
            replace,
            dry_run,
            wait,
        },
        log,
    )
}

/// `NameAndChart` with `--generate-name`: the chart path's base name up to its first `.`
/// (`chart` for none), a dash, and the clock's Unix seconds.
fn generated_name(chart: &str, now: crate::sim::world::Ms) -> String {
    let trimmed = chart.trim_end_matches('/');
    let base = trimmed.rsplit('/').next().unwrap_or("");
    let base = if base.is_empty() || base == "." {
        "chart"
    } else {
        base.split('.').next().unwrap_or("chart")
    };
    // `filepath.Base` of a path of slashes alone is `/`.
    let base = if trimmed.is_empty() && !chart.is_empty() {
        "/"
    } else {
        base
    };
    format!("{base}-{}", crate::sim::helm::unix(now))
}

/// How an install was asked for: `helm install` wraps its errors in `INSTALLATION FAILED:`,
/// `helm upgrade --install` returns them bare and replaces a release uninstalled with its
/// history kept (`--replace`).
#[derive(Clone, Copy)]
struct InstallMode {
    wrap: bool,
    replace: bool,
    /// `--dry-run` (client or server): render and print, change nothing.
    dry_run: bool,
    wait: Wait,
}

/// How install, upgrade and rollback wait for what they applied (`kube.WaitStrategy`, helm
/// v4.2.3; helm 3's `--wait` is the legacy one).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Wait {
    /// Only for hooks: the default.
    HookOnly,
    /// kstatus's watcher: a timeout names what was not ready.
    Watcher,
    /// helm 3's polling: a timeout says `context deadline exceeded`.
    Legacy,
}

/// `--wait` as install and upgrade read it (`waitValue.Set`, pkg/cmd/flags.go, helm v4.2.3): a
/// strategy, or a boolean with helm's warning; `--rollback-on-failure` (`--atomic`) makes
/// "only hooks" the watcher (`Install.RunWithContext`). helm 3's `--wait` and `--atomic` are
/// booleans.
fn wait_of(
    version: Version,
    a: &Args,
    log: &mut Log,
) -> std::result::Result<Wait, crate::shell::Error> {
    if version == Version::V3 {
        return Ok(if a.has("wait") || a.has("atomic") {
            Wait::Legacy
        } else {
            Wait::HookOnly
        });
    }
    let boolean = |v: &str, wait: Wait, instead: &str, log: &mut Log| {
        log.push(Warning::helm4(
            "WARN",
            &format!(
                "--wait={v} is deprecated (boolean value) and can be replaced with --wait={instead}"
            ),
            &[],
        ));
        wait
    };
    let wait = match a.get("wait") {
        None | Some("hookOnly") => Wait::HookOnly,
        Some("watcher") => Wait::Watcher,
        Some("legacy") => Wait::Legacy,
        Some("true") => boolean("true", Wait::Watcher, "watcher", log),
        Some("false") => boolean("false", Wait::HookOnly, "hookOnly", log),
        Some(v) => {
            return Err(err(format!(
                "invalid argument \"{v}\" for \"--wait\" flag: invalid wait input \"{v}\". Valid inputs are watcher, hookOnly, and legacy"
            )));
        }
    };
    Ok(if wait == Wait::HookOnly && rolls_back(version, a) {
        Wait::Watcher
    } else {
        wait
    })
}

/// `--rollback-on-failure` (helm 4, or its deprecated `--atomic`), helm 3's `--atomic`.
fn rolls_back(version: Version, a: &Args) -> bool {
    a.has("atomic") || (version == Version::V4 && a.has("rollback-on-failure"))
}

/// The flag's name in what helm says after rolling back (`failRelease`).
fn rollback_flag(version: Version) -> &'static str {
    match version {
        Version::V3 => "atomic",
        Version::V4 => "rollback-on-failure",
    }
}

/// What `--dry-run` asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DryRun {
    None,
    Client,
    Server,
}

/// `cmdGetDryRunFlagStrategy(cmd, isTemplate)` (pkg/cmd/helpers.go, helm v4.2.3): the dry run
/// `--dry-run` asks for, with the warnings helm logs for its legacy forms; `template` is
/// always a dry run, and refuses `none` and false. helm 3 checks the value alone
/// (`validateDryRunOptionFlag`, cmd/helm/install.go, v3.17.2: a bare flag is "client", no
/// warnings). `Err` is helm's message.
fn dry_run_strategy(
    version: Version,
    a: &Args,
    log: &mut Log,
    template: bool,
) -> std::result::Result<DryRun, String> {
    let v = a
        .get("dry-run")
        .unwrap_or(if template { "client" } else { "none" });
    if version == Version::V3 {
        return match v {
            "true" | "client" => Ok(DryRun::Client),
            "server" => Ok(DryRun::Server),
            "none" | "false" => Ok(DryRun::None),
            _ => Err("Invalid dry-run flag. Flag must one of the following: false, true, none, client, server".into()),
        };
    }
    let refused = || format!(r#"invalid dry-run value ("{v}"). Must be "server" or "client""#);
    match v {
        "unset" => {
            log.push(Warning::helm4(
                "WARN",
                "--dry-run is deprecated and should be replaced with '--dry-run=client'",
                &[],
            ));
            Ok(DryRun::Client)
        }
        "client" => Ok(DryRun::Client),
        "server" => Ok(DryRun::Server),
        "none" if template => Err(refused()),
        "none" => Ok(DryRun::None),
        _ => {
            let Some(b) = registry::parse_bool(v) else {
                return Err(format!(
                    r#"invalid dry-run value ("{v}"). Must be "none", "server", or "client""#
                ));
            };
            if template && !b {
                return Err(refused());
            }
            let result = if b { "client" } else { "none" };
            log.push(Warning::helm4(
                "WARN",
                &format!(
                    "boolean '--dry-run={v}' flag is deprecated and must be replaced with '--dry-run={result}'"
                ),
                &[],
            ));
            Ok(if b { DryRun::Client } else { DryRun::None })
        }
    }
}

/// Whether install's or upgrade's `--dry-run` asks for a dry run. The simulated cluster
/// answers a server dry run as a client one would (the same render, nothing stored); helm 3
/// words a bad value under the command's context (`INSTALLATION FAILED: `), helm 4 bare.
fn dry_run(
    version: Version,
    a: &Args,
    log: &mut Log,
    v3_context: &str,
) -> std::result::Result<bool, crate::shell::Error> {
    match dry_run_strategy(version, a, log, false) {
        Ok(d) => Ok(d != DryRun::None),
        Err(e) if version == Version::V3 => Err(err(format!("{v3_context}{e}"))),
        Err(e) => Err(err(e)),
    }
}

fn do_install(
    s: &mut Session,
    a: &Args,
    name: &str,
    chart_path: &str,
    ns: &str,
    mode: InstallMode,
    log: &mut Log,
) -> CmdResult {
    let failed = |m: String| {
        if mode.wrap {
            err(format!("INSTALLATION FAILED: {m}"))
        } else {
            err(m)
        }
    };
    // runInstall's order (pkg/cmd/install.go): locate and load the chart, then the name.
    let debug = a.has("debug");
    if debug {
        log.push(Warning::helm4(
            "DEBUG",
            "Original chart version",
            &[("version", "")],
        ));
    }
    let (chart, user, files) = load(s, a, chart_path).map_err(|f| failed(f.message))?;
    if debug {
        let path = SessionFiles(s).absolute(chart_path);
        log.push(Warning::helm4("DEBUG", "Chart path", &[("path", &path)]));
        let deps = chart.dependencies.len().to_string();
        log.push(Warning::helm4(
            "DEBUG",
            "number of dependencies in the chart",
            &[("chart", chart.name()), ("dependencies", &deps)],
        ));
    }
    crate::helm::render::check_installable(&chart, s.helm, log).map_err(|f| failed(f.message))?;
    // `Install.availableName`: helm 4 logs the failed check and says so, helm 3 returns the
    // error alone.
    let name_taken = |detail: &str, log: &mut Log| match s.helm {
        Version::V4 => {
            log.push(helm::template::name_check_failed(detail));
            failed(format!("release name check failed: {detail}"))
        }
        Version::V3 => failed(detail.to_string()),
    };
    if !crate::helm::template::valid_release_name(name) {
        return Err(name_taken(&helm::template::invalid_name(name), log));
    }
    // `Install.availableName`: any history blocks the name, unless --replace and the newest
    // revision is uninstalled or failed; `replaceRelease` then takes the next revision number
    // and supersedes the newest one (a failed one keeps its status).
    // On a dry run `availableName` stops after the name's syntax.
    let newest = s
        .sim
        .world
        .history(ns, name)
        .last()
        .map(|r| (r.version, r.status))
        .filter(|_| !mode.dry_run);
    let (version, supersede) = match newest {
        None => (1, None),
        Some((v, st)) if mode.replace && matches!(st, Status::Uninstalled | Status::Failed) => {
            (v + 1, (st != Status::Failed).then_some(v))
        }
        Some(_) => {
            let detail = match s.helm {
                Version::V4 => "cannot reuse a name that is still in use",
                Version::V3 => "cannot re-use a name that is still in use",
            };
            return Err(name_taken(detail, log));
        }
    };
    let release = render(
        s,
        name,
        ns,
        &chart,
        &user,
        1,
        false,
        a.has("skip-schema-validation"),
        log,
    )
    .map_err(|f| failed(f.message))?;
    let user_labels = merge_labels(&labels_flag(a)?, &BTreeMap::new()).map_err(failed)?;
    let apply_method = apply_method(s.helm, a, None);
    let now = s.sim.world.now;
    if mode.dry_run {
        let rec = Release {
            name: name.into(),
            namespace: ns.into(),
            version,
            status: Status::PendingInstall,
            description: "Dry run complete".into(),
            user_labels,
            apply_method,
            ..rendered_revision(&chart, &user, files, &release, now)
        };
        return Ok(Output::ok(status_block(
            &rec,
            Show::after_install(s.helm, a),
        )));
    }
    let known_ns = super::resources::names(&s.sim.world, super::resources::Res::Namespace, None);
    if !a.has("create-namespace") && !known_ns.iter().any(|(_, n)| n == ns) {
        return Err(failed(format!(
            "create: failed to create: namespaces \"{ns}\" not found"
        )));
    }
    let mut rec = Release {
        name: name.into(),
        namespace: ns.into(),
        version,
        status: Status::PendingInstall,
        description: "Initial install underway".into(),
        user_labels,
        apply_method,
        ..rendered_revision(&chart, &user, files, &release, now)
    };
    if let Some(v) = supersede {
        s.sim.world.update_release(ns, name, v, |r| {
            r.status = Status::Superseded;
            r.description = "superseded by new release".into();
        });
    }
    s.sim.world.store_release(rec.clone());
    let mut hooks = std::mem::take(&mut rec.hooks);
    // `failRelease`: the release is recorded as failed (with its hooks' runs), or with
    // `--rollback-on-failure` (`--atomic`) uninstalled.
    let fail = |s: &mut Session, e: String, hooks: &[HookRecord]| {
        if rolls_back(s.helm, a) {
            if let Err(u) = remove_release(s, ns, name, a, false) {
                return failed(format!(
                    "an error occurred while uninstalling the release. original install error: {e}: {u}"
                ));
            }
            return failed(format!(
                "release {name} failed, and has been uninstalled due to {} being set: {e}",
                rollback_flag(s.helm)
            ));
        }
        s.sim.world.update_release(ns, name, version, |r| {
            r.status = Status::Failed;
            r.description = format!("Release \"{name}\" failed: {e}");
            r.hooks = hooks.to_vec();
        });
        failed(e)
    };
    let timeout = a.timeout(300_000).unwrap_or(300_000);
    if !a.has("no-hooks")
        && let Err(e) = run_hooks(s, ns, &mut hooks, "pre-install", timeout)
    {
        return Err(fail(s, format!("failed pre-install: {e}"), &hooks));
    }
    if let Err(e) = apply_manifest(s, name, ns, &release.manifest, false) {
        return Err(fail(s, e, &hooks));
    }
    // A release that does not become ready in time fails.
    if mode.wait != Wait::HookOnly
        && let Err(e) = wait_ready(s, a, mode.wait, &release.manifest, ns)
    {
        return Err(fail(s, e, &hooks));
    }
    if !a.has("no-hooks")
        && let Err(e) = run_hooks(s, ns, &mut hooks, "post-install", timeout)
    {
        return Err(fail(s, format!("failed post-install: {e}"), &hooks));
    }
    let description = a
        .get("description")
        .unwrap_or("Install complete")
        .to_string();
    let last = s.sim.world.now;
    s.sim.world.update_release(ns, name, version, |r| {
        r.status = Status::Deployed;
        r.description = description;
        r.hooks = hooks;
        r.last_deployed = last;
        r.first_deployed = now;
    });
    let r = s.sim.world.history(ns, name).last().cloned();
    Ok(Output::ok(
        r.map(|r| status_block(&r, Show::after_install(s.helm, a)))
            .unwrap_or_default(),
    ))
}

/// `--wait`: StatefulSets ready as helm's legacy check reads them, within `--timeout`.
fn wait_ready(
    s: &mut Session,
    a: &Args,
    wait: Wait,
    manifest: &str,
    ns: &str,
) -> std::result::Result<(), String> {
    let timeout = a.timeout(300_000).map_err(|e| e.message)?;
    let sets: Vec<String> = objects_of(manifest, ns)
        .into_iter()
        .filter(|(k, _, _)| k == "StatefulSet")
        .map(|(_, _, n)| n)
        .collect();
    let deadline = s.sim.world.now + timeout;
    let ready = |s: &Session| {
        sets.iter().all(|n| {
            s.sim
                .world
                .sets
                .get(&crate::sim::world::key(ns, n))
                .is_some_and(|set| {
                    let st = &set.status;
                    st.observed_generation >= set.generation
                        && st.ready == set.spec.replicas
                        && st.current_revision == st.update_revision
                })
        })
    };
    loop {
        if ready(s) {
            return Ok(());
        }
        let Some(next) = s.sim.next_change().filter(|t| *t <= deadline) else {
            let left = deadline.saturating_sub(s.sim.world.now);
            s.sim.advance(left);
            // helm 3 polls (`waitForResources`, pkg/kube/wait.go, v3.17.2; helm 4's legacy
            // strategy) until its context ends; helm 4's watcher names what was not ready.
            if wait == Wait::Legacy {
                return Err("context deadline exceeded".into());
            }
            return Err(format!(
                "resource StatefulSet/{ns}/{} not ready. status: InProgress, message: Ready: {}/{}\ncontext deadline exceeded",
                sets.first().cloned().unwrap_or_default(),
                sets.first()
                    .and_then(|n| s.sim.world.sets.get(&crate::sim::world::key(ns, n)))
                    .map_or(0, |x| x.status.ready),
                sets.first()
                    .and_then(|n| s.sim.world.sets.get(&crate::sim::world::key(ns, n)))
                    .map_or(0, |x| x.spec.replicas),
            ));
        };
        let step = next.saturating_sub(s.sim.world.now).max(1);
        s.sim.advance(step);
    }
}

fn upgrade(s: &mut Session, a: &Args) -> CmdResult {
    let mut log = Log::new();
    let r = upgrade_logged(s, a, &mut log);
    with_log(s.helm, &log, r)
}

/// `helm upgrade`'s own steps before the action (pkg/cmd/upgrade.go, v4.2.3): locate the
/// chart, merge the values, load it, check its dependencies, then log a deprecated chart;
/// their errors are not wrapped in "UPGRADE FAILED".
fn load_for_upgrade(
    s: &mut Session,
    a: &Args,
    chart_path: &str,
    log: &mut Log,
) -> std::result::Result<Loaded, crate::shell::Error> {
    let loaded = load(s, a, chart_path).map_err(|f| err(f.message))?;
    crate::helm::render::check_dependencies(&loaded.0, s.helm).map_err(|f| err(f.message))?;
    if loaded.0.metadata.deprecated {
        log.push(helm::template::deprecated());
    }
    Ok(loaded)
}

fn upgrade_logged(s: &mut Session, a: &Args, log: &mut Log) -> CmdResult {
    post_renderer(a, s.helm).map_err(|e| err(e.trim_start_matches("Error: ")))?;
    let ns = ns_of(s, a);
    let [name, chart_path] = a.positional.as_slice() else {
        return Err(err(
            "\"helm upgrade\" requires 2 arguments\n\nUsage:  helm upgrade [RELEASE] [CHART] [flags]",
        ));
    };
    let wait = wait_of(s.helm, a, log)?;
    let given_labels = labels_flag(a)?;
    let dry_run = dry_run(s.helm, a, log, "")?;
    let failed = |m: String| err(format!("UPGRADE FAILED: {m}"));
    let history = s.sim.world.history(&ns, name);
    let Some(last) = history
        .last()
        .cloned()
        .filter(|r| r.status != Status::Uninstalled)
    else {
        if a.has("install") {
            let mut out = Output::ok(format!(
                "Release \"{name}\" does not exist. Installing it now.\n"
            ));
            // pkg/cmd/upgrade.go: with --install, no history or a newest uninstalled
            // revision means an install (replacing it), whose errors come back bare.
            let mode = InstallMode {
                wrap: false,
                replace: !history.is_empty(),
                dry_run,
                wait,
            };
            match do_install(s, a, name, chart_path, &ns, mode, log) {
                Ok(o) => out.append(o),
                Err(e) => out.append(Output::err(e.message, e.code)),
            }
            return Ok(out);
        }
        // The chart is located, loaded and its dependencies checked (errors bare) before the
        // release is looked up.
        load_for_upgrade(s, a, chart_path, log)?;
        return Err(failed(format!("\"{name}\" has no deployed releases")));
    };
    let (chart, new_user, files) = load_for_upgrade(s, a, chart_path, log)?;
    if matches!(
        last.status,
        Status::PendingInstall | Status::PendingUpgrade | Status::PendingRollback
    ) {
        return Err(failed(
            "another operation (install/upgrade/rollback) is in progress".into(),
        ));
    }
    let given = !value_options(a).is_empty();
    let user = if a.has("reset-values") {
        new_user
    } else if a.has("reuse-values") {
        let old = json_to_values(&last.config);
        crate::helm::values::merge_maps(&old, &new_user)
    } else if given {
        new_user
    } else {
        json_to_values(&last.config)
    };
    let version = history.iter().map(|r| r.version).max().unwrap_or(0) + 1;
    let release = render(
        s,
        name,
        &ns,
        &chart,
        &user,
        version,
        true,
        a.has("skip-schema-validation"),
        log,
    )
    .map_err(|f| failed(f.message))?;
    let user_labels = merge_labels(&given_labels, &last.user_labels).map_err(failed)?;
    let now = s.sim.world.now;
    let rec = Release {
        name: last.name.clone(),
        namespace: last.namespace.clone(),
        version,
        status: Status::PendingUpgrade,
        description: "Preparing upgrade".into(),
        first_deployed: last.first_deployed,
        user_labels,
        apply_method: apply_method(s.helm, a, Some(&last)),
        ..rendered_revision(&chart, &user, files, &release, now)
    };
    if dry_run {
        let rec = Release {
            description: "Dry run complete".into(),
            ..rec
        };
        return Ok(Output::ok(format!(
            "Release \"{name}\" has been upgraded. Happy Helming!\n{}",
            status_block(&rec, Show::after_install(s.helm, a))
        )));
    }
    s.sim.world.store_release(rec);
    transition(
        s,
        a,
        name,
        &ns,
        &last,
        version,
        &release.manifest,
        "upgrade",
        "Upgrade complete",
        wait,
        log,
    )
    .map_err(|e| failed(upgrade_failed(s, a, name, &ns, version, wait, e, log)))?;
    let r = s.sim.world.history(&ns, name).last().cloned();
    Ok(Output::ok(format!(
        "Release \"{name}\" has been upgraded. Happy Helming!\n{}",
        r.map(|r| status_block(&r, Show::after_install(s.helm, a)))
            .unwrap_or_default()
    )))
}

/// Applies revision `version`'s manifest over the last deployed one: pre-hooks, apply,
/// delete what the new manifest no longer has, wait, post-hooks, superseded and deployed.
#[allow(clippy::too_many_arguments)]
fn transition(
    s: &mut Session,
    a: &Args,
    name: &str,
    ns: &str,
    last: &Release,
    version: i64,
    manifest: &str,
    event: &str,
    done: &str,
    wait: Wait,
    log: &mut Log,
) -> std::result::Result<(), String> {
    let mut hooks = s
        .sim
        .world
        .history(ns, name)
        .last()
        .map(|r| r.hooks.clone())
        .unwrap_or_default();
    let timeout = a.timeout(300_000).unwrap_or(300_000);
    let pre = if a.has("no-hooks") {
        Ok(())
    } else {
        run_hooks(s, ns, &mut hooks, &format!("pre-{event}"), timeout)
    };
    let keep_runs = |s: &mut Session, hooks: &[HookRecord]| {
        s.sim
            .world
            .update_release(ns, name, version, |r| r.hooks = hooks.to_vec());
    };
    // `Upgrade.failRelease` and `Rollback.performRollback`: the revision fails, logged.
    let mut fail = |s: &mut Session, e: String| {
        let upgrade = event == "upgrade";
        let description = format!(
            "{} \"{name}\" failed: {e}",
            if upgrade { "Upgrade" } else { "Rollback" }
        );
        log.push(if upgrade {
            Warning::helm4("WARN", "upgrade failed", &[("name", name), ("error", &e)])
        } else {
            Warning::helm4("WARN", &description, &[])
        });
        s.sim.world.update_release(ns, name, version, |r| {
            r.status = Status::Failed;
            r.description = description;
        });
        // `performRollback` also records the release it rolled back from as superseded.
        if !upgrade {
            s.sim.world.update_release(ns, name, last.version, |r| {
                r.status = Status::Superseded;
            });
        }
        e
    };
    // A failed pre-upgrade hook fails the revision; a failed pre-rollback hook ends the
    // rollback at once, its revision left pending (`Rollback.performRollback`).
    if let Err(e) = pre {
        keep_runs(s, &hooks);
        if event == "upgrade" {
            return Err(fail(s, format!("pre-upgrade hooks failed: {e}")));
        }
        return Err(e);
    }
    if let Err(e) = apply_manifest(s, name, ns, manifest, true) {
        return Err(fail(s, e));
    }
    let keep: Vec<(String, String, String)> = objects_of(manifest, ns);
    let gone: Vec<(String, String, String)> = objects_of(&last.manifest, ns)
        .into_iter()
        .filter(|o| !keep.contains(o))
        .collect();
    delete_objects(s, &gone, false);
    // An upgrade that times out fails its revision (`Upgrade.failRelease`); so does a
    // rollback, in its own words and without a log line (`Rollback.performRollback`), the
    // release it rolled back from left as it was.
    if wait != Wait::HookOnly
        && let Err(e) = wait_ready(s, a, wait, manifest, ns)
    {
        if event == "upgrade" {
            return Err(fail(s, e));
        }
        s.sim.world.update_release(ns, name, version, |r| {
            r.status = Status::Failed;
            r.description = format!("Release \"{name}\" failed: {e}");
        });
        return Err(format!("release {name} failed: {e}"));
    }
    if !a.has("no-hooks")
        && let Err(e) = run_hooks(s, ns, &mut hooks, &format!("post-{event}"), timeout)
    {
        keep_runs(s, &hooks);
        if event == "upgrade" {
            return Err(fail(s, format!("post-upgrade hooks failed: {e}")));
        }
        return Err(e);
    }
    let previous: Vec<i64> = s
        .sim
        .world
        .history(ns, name)
        .iter()
        .filter(|r| r.status == Status::Deployed && r.version != version)
        .map(|r| r.version)
        .collect();
    for v in previous {
        s.sim.world.update_release(ns, name, v, |r| {
            r.status = Status::Superseded;
        });
    }
    let now = s.sim.world.now;
    s.sim.world.update_release(ns, name, version, |r| {
        r.status = Status::Deployed;
        r.description = done.to_string();
        r.hooks = hooks;
        r.last_deployed = now;
    });
    Ok(())
}

fn rollback(s: &mut Session, a: &Args) -> CmdResult {
    let mut log = Log::new();
    let r = rollback_logged(s, a, &mut log);
    with_log(s.helm, &log, r)
}

fn rollback_logged(s: &mut Session, a: &Args, log: &mut Log) -> CmdResult {
    let ns = ns_of(s, a);
    let Some(name) = a.positional.first().cloned() else {
        return Err(err(
            "\"helm rollback\" requires at least 1 argument\n\nUsage:  helm rollback <RELEASE> [REVISION] [flags]",
        ));
    };
    let history = s.sim.world.history(&ns, &name);
    let Some(current) = history.last().cloned() else {
        return Err(err("release: not found"));
    };
    let target = match a.positional.get(1) {
        Some(v) => v
            .parse::<i64>()
            .map_err(|_| err(format!("invalid argument \"{v}\" for \"helm rollback\"")))?,
        None => current.version - 1,
    };
    let Some(target_rel) = history.iter().find(|r| r.version == target).cloned() else {
        return Err(err(format!("release has no {target} version")));
    };
    let wait = wait_of(s.helm, a, log)?;
    let description = a.get("description").unwrap_or_default();
    let length = description.chars().count();
    if length > 256 {
        return Err(err(format!(
            "description must be 256 characters or less, got {length}"
        )));
    }
    // A dry run prepares the rollback and changes nothing (`Rollback.Run`).
    let dry = match s.helm {
        Version::V4 => dry_run_strategy(s.helm, a, log, false).map_err(err)? != DryRun::None,
        Version::V3 => a.has("dry-run"),
    };
    if !dry {
        roll_back(s, a, &name, &ns, &current, &target_rel, wait, log)
            // `helm rollback` returns the action's error as it is (pkg/cmd/rollback.go).
            .map_err(err)?;
    }
    Ok(Output::ok("Rollback was a success! Happy Helming!\n"))
}

/// `Rollback.Run`: revision `current + 1` is `target`'s again.
#[allow(clippy::too_many_arguments)]
fn roll_back(
    s: &mut Session,
    a: &Args,
    name: &str,
    ns: &str,
    current: &Release,
    target_rel: &Release,
    wait: Wait,
    log: &mut Log,
) -> std::result::Result<(), String> {
    let target = target_rel.version;
    let version = current.version + 1;
    let now = s.sim.world.now;
    // `--description`, else `Rollback to N` (`prepareRollback`).
    let description = a
        .get("description")
        .filter(|d| !d.is_empty() && a.command.ends_with("rollback"))
        .map_or_else(|| format!("Rollback to {target}"), str::to_string);
    s.sim.world.store_release(Release {
        version,
        status: Status::PendingRollback,
        description: description.clone(),
        last_deployed: now,
        created: now,
        modified: None,
        ..target_rel.clone()
    });
    transition(
        s,
        a,
        name,
        ns,
        current,
        version,
        &target_rel.manifest,
        "rollback",
        &description,
        wait,
        log,
    )
}

/// `Upgrade.failRelease` after the revision failed: with `--rollback-on-failure` (`--atomic`),
/// a rollback to the newest revision that was deployed; what the upgrade then says.
#[allow(clippy::too_many_arguments)]
fn upgrade_failed(
    s: &mut Session,
    a: &Args,
    name: &str,
    ns: &str,
    version: i64,
    wait: Wait,
    e: String,
    log: &mut Log,
) -> String {
    if !rolls_back(s.helm, a) {
        return e;
    }
    let history = s.sim.world.history(ns, name);
    let Some(target) = history
        .iter()
        .filter(|r| matches!(r.status, Status::Superseded | Status::Deployed))
        .max_by_key(|r| r.version)
        .cloned()
    else {
        return format!(
            "unable to find a previously successful release when attempting to rollback. original upgrade error: {e}"
        );
    };
    let Some(current) = history.iter().find(|r| r.version == version).cloned() else {
        return e;
    };
    if let Err(r) = roll_back(s, a, name, ns, &current, &target, wait, log) {
        return format!(
            "an error occurred while rolling back the release. original upgrade error: {e}: {r}"
        );
    }
    format!(
        "release {name} failed, and has been rolled back due to {} being set: {e}",
        rollback_flag(s.helm)
    )
}

fn uninstall(s: &mut Session, a: &Args) -> CmdResult {
    let mut log = Log::new();
    let r = wait_of(s.helm, a, &mut log).and_then(|_| uninstall_releases(s, a));
    with_log(s.helm, &log, r)
}

fn uninstall_releases(s: &mut Session, a: &Args) -> CmdResult {
    let ns = ns_of(s, a);
    if a.positional.is_empty() {
        return Err(err(
            "\"helm uninstall\" requires at least 1 argument\n\nUsage:  helm uninstall RELEASE_NAME [...] [flags]",
        ));
    }
    let mut out = Output::default();
    for name in a.positional.clone() {
        let history = s.sim.world.history(&ns, &name);
        // `Uninstall.Run` (pkg/action/uninstall.go, helm v4.2.3): a release not found under
        // --ignore-not-found is a success, and the command says so as for any other.
        let Some(last) = history.last().cloned() else {
            if a.has("ignore-not-found") {
                out.print(&format!("release \"{name}\" uninstalled\n"));
                continue;
            }
            return Err(err(if a.has("dry-run") {
                "release: not found".to_string()
            } else {
                format!("uninstall: Release not loaded: {name}: release: not found")
            }));
        };
        // A dry run reads the release and changes nothing.
        if a.has("dry-run") {
            out.print(&format!("release \"{name}\" uninstalled\n"));
            continue;
        }
        if last.status == Status::Uninstalled {
            if a.has("keep-history") {
                return Err(err(format!(
                    "the release named \"{name}\" is already deleted"
                )));
            }
            s.sim.world.purge_release(&ns, &name);
            out.print(&format!("release \"{name}\" uninstalled\n"));
            continue;
        }
        // A hook that fails ends the command (what it printed for earlier releases stays).
        if let Err(e) = remove_release(s, &ns, &name, a, a.has("keep-history")) {
            out.eprint(&err(e).message);
            out.code = 1;
            return Ok(out);
        }
        out.print(&format!("release \"{name}\" uninstalled\n"));
    }
    Ok(out)
}

/// `Uninstall.Run` on a release: the delete hooks around deleting its objects in helm's
/// order, then its history kept as uninstalled or dropped.
/// `--no-hooks`, `--cascade` and `--description` are `a`'s, as `uninstall` or a failed
/// install (`Install.failRelease`) gives them.
/// A failed pre-delete hook ends it before anything is deleted; a failed post-delete hook is
/// reported once the rest is done (`uninstallation completed with 1 error(s): ...`).
fn remove_release(
    s: &mut Session,
    ns: &str,
    name: &str,
    a: &Args,
    keep_history: bool,
) -> std::result::Result<(), String> {
    let no_hooks = a.has("no-hooks");
    let Some(last) = s.sim.world.history(ns, name).last().cloned() else {
        return Ok(());
    };
    let mut hooks = last.hooks.clone();
    let timeout = a.timeout(300_000).unwrap_or(300_000);
    if !no_hooks {
        run_hooks(s, ns, &mut hooks, "pre-delete", timeout)?;
    }
    let mut objects = objects_of(&last.manifest, ns);
    crate::helm::manifests::sort_by_kind(&mut objects, |o| &o.0, s.helm, false);
    // `parseCascadingFlag` (pkg/action/uninstall.go): anything else is background.
    let orphan = a.get("cascade") == Some("orphan");
    delete_objects(s, &objects, orphan);
    let post = if no_hooks {
        Ok(())
    } else {
        run_hooks(s, ns, &mut hooks, "post-delete", timeout)
    };
    if keep_history {
        let now = s.sim.world.now;
        let description = a
            .get("description")
            .filter(|d| !d.is_empty())
            .unwrap_or("Uninstallation complete")
            .to_string();
        s.sim.world.update_release(ns, name, last.version, |r| {
            r.status = Status::Uninstalled;
            r.description = description;
            r.deleted = Some(now);
        });
    } else {
        s.sim.world.purge_release(ns, name);
    }
    post.map_err(|e| format!("uninstallation completed with 1 error(s): {e}"))
}

/// A table as gosuri/uitable v0.0.4 writes it (`Table.String`, `Row.String`, `Cell.String`):
/// each column as wide as its widest line, cells joined by a tab. A cell is resized to its
/// column's width as a whole (`strutil.Resize`: padded at its end, or, wider in all than the
/// column, cut to three less and ended with `...`), then split into lines, each line of a
/// row printed with the other columns' cells blank. Widths are go-runewidth's: control
/// characters (a tab, a newline) are none.
fn uitable(rows: &[Vec<String>]) -> String {
    fn width(s: &str) -> usize {
        s.chars().filter(|c| !c.is_control()).count()
    }
    fn resize(s: &str, n: usize) -> String {
        let len = width(s);
        if len == n {
            return s.to_string();
        }
        let mut out = format!("{s}{}", " ".repeat(n.saturating_sub(len)));
        if len > n {
            let mut cut = String::new();
            let mut w = 0i64;
            for c in out.chars() {
                cut.push(c);
                let cw = i64::from(!c.is_control());
                if w + cw >= n as i64 - 3 {
                    break;
                }
                w += cw;
            }
            cut.push_str("...");
            out = cut;
        }
        out
    }
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..cols)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .flat_map(|x| x.split('\n'))
                .map(width)
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for r in rows {
        let cells: Vec<String> = r
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if widths[i] > 0 {
                    resize(c, widths[i])
                } else {
                    c.clone()
                }
            })
            .collect();
        let lines = cells
            .iter()
            .map(|c| c.split('\n').count())
            .max()
            .unwrap_or(1);
        for x in 0..lines {
            let line: Vec<String> = cells
                .iter()
                .enumerate()
                .map(|(y, c)| match c.split('\n').nth(x) {
                    Some(l) if widths[y] > 0 => resize(l, widths[y]),
                    Some(l) => l.to_string(),
                    None => format!("{:>w$}", " ", w = widths[y]),
                })
                .collect();
            out.push_str(&line.join("\t"));
            out.push('\n');
        }
    }
    out
}

/// Every release status `helm list` can show (`ListAll`, pkg/action/list.go).
const LIST_ALL: &[&str] = &[
    "deployed",
    "uninstalled",
    "uninstalling",
    "pending-install",
    "pending-rollback",
    "pending-upgrade",
    "superseded",
    "failed",
];

/// `helm list` (`List.Run` and `SetStateMask`, pkg/action/list.go; `releaseListWriter`,
/// pkg/cmd/list.go; helm v4.2.3 and v3.17.2): the newest revision of each release whose
/// status the flags ask for (by default every status in helm 4, deployed and failed in helm
/// 3, whose `--all` shows every one), sorted by name or with `-d` by date (oldest first; `-r`
/// reverses either), then `--offset` and `--max`.
fn list(s: &mut Session, a: &Args) -> CmdResult {
    let ns = ns_of(s, a);
    let all_ns = a.has("all-namespaces");
    let format = output_format(a)?;
    let filter = match a.get("filter").filter(|f| !f.is_empty()) {
        Some(f) => Some(crate::helm::regexp::compile(f).map_err(err)?),
        None => None,
    };
    let mut states: Vec<&str> = Vec::new();
    if a.has("all") {
        states.extend(LIST_ALL);
    }
    for (flag, names) in [
        ("deployed", &["deployed"][..]),
        ("uninstalled", &["uninstalled"]),
        ("uninstalling", &["uninstalling"]),
        (
            "pending",
            &["pending-install", "pending-rollback", "pending-upgrade"],
        ),
        ("failed", &["failed"]),
        ("superseded", &["superseded"]),
    ] {
        if a.has(flag) && !a.has("all") {
            states.extend(names);
        }
    }
    if states.is_empty() {
        states = match s.helm {
            Version::V3 => vec!["deployed", "failed"],
            Version::V4 => LIST_ALL.to_vec(),
        };
    }
    // Superseded revisions are never the newest: asked for alone, every revision is listed.
    let newest_only = states != ["superseded"];
    let mut found: Vec<&Release> = Vec::new();
    for r in &s.sim.world.releases {
        if (!all_ns && r.namespace != ns) || filter.as_ref().is_some_and(|f| !f.is_match(&r.name)) {
            continue;
        }
        match found
            .iter_mut()
            .find(|x| newest_only && x.name == r.name && x.namespace == r.namespace)
        {
            Some(x) if x.version < r.version => *x = r,
            Some(_) => {}
            None => found.push(r),
        }
    }
    found.retain(|r| states.contains(&r.status.as_str()));
    // `filterSelector`: the labels of the release's Secret, helm's own among them.
    if let Some(sel) = a.get("selector").filter(|l| !l.is_empty()) {
        let matches = super::verbs::selector(sel)?;
        found.retain(|r| matches(&r.labels()));
    }
    crate::sort::sort_by(&mut found, |x, y| {
        if a.has("date") {
            (x.last_deployed / 1000).cmp(&(y.last_deployed / 1000))
        } else {
            x.name.cmp(&y.name)
        }
        .then_with(|| x.namespace.cmp(&y.namespace))
    });
    if a.has("reverse") {
        found.reverse();
    }
    let offset = a.int("offset").unwrap_or(0).max(0) as usize;
    let max = a.int("max").unwrap_or(256);
    let found: Vec<&Release> = found
        .into_iter()
        .skip(offset)
        .take(if max > 0 { max as usize } else { usize::MAX })
        .collect();
    if a.has("short") {
        let names: Vec<serde_json::Value> = found.iter().map(|r| r.name.clone().into()).collect();
        return Ok(Output::ok(match format {
            "json" => format!("{}\n", serde_json::Value::Array(names)),
            "yaml" => yaml_of(&serde_json::Value::Array(names)),
            _ => found.iter().map(|r| format!("{}\n", r.name)).collect(),
        }));
    }
    let updated = |r: &Release| match a.get("time-format").filter(|f| !f.is_empty()) {
        Some(layout) => crate::helm::time::Time {
            unix: crate::sim::helm::unix(r.last_deployed),
            nanos: (r.last_deployed % 1000) as u32 * 1_000_000,
        }
        .format(layout),
        None => go_time(r.last_deployed),
    };
    let rows: Vec<Vec<String>> = found
        .iter()
        .map(|r| {
            vec![
                r.name.clone(),
                r.namespace.clone(),
                r.version.to_string(),
                updated(r),
                r.status.as_str().into(),
                format!("{}-{}", r.chart_name, r.chart_version),
                r.app_version.clone(),
            ]
        })
        .collect();
    const HEADER: [&str; 7] = [
        "NAME",
        "NAMESPACE",
        "REVISION",
        "UPDATED",
        "STATUS",
        "CHART",
        "APP VERSION",
    ];
    if format != "table" {
        // `releaseElement`'s JSON names, in its field order.
        const KEYS: [&str; 7] = [
            "name",
            "namespace",
            "revision",
            "updated",
            "status",
            "chart",
            "app_version",
        ];
        let elements: Vec<serde_json::Value> = rows
            .into_iter()
            .map(|r| {
                serde_json::Value::Object(
                    KEYS.iter()
                        .map(|k| k.to_string())
                        .zip(r.into_iter().map(serde_json::Value::String))
                        .collect(),
                )
            })
            .collect();
        return Ok(Output::ok(if format == "yaml" {
            yaml_of(&serde_json::Value::Array(elements))
        } else {
            json_structs(&KEYS, &elements)
        }));
    }
    let mut table = Vec::new();
    if !a.has("no-headers") {
        table.push(HEADER.iter().map(|h| h.to_string()).collect());
    }
    table.extend(rows);
    // `output.EncodeTable`: uitable's rows and a newline; a table of the header alone is not
    // padded, and an empty one is an empty line.
    Ok(Output::ok(match table.len() {
        0 => "\n".to_string(),
        1 if found.is_empty() => format!("{}\n", HEADER.join("\t")),
        _ => uitable(&table),
    }))
}

/// `-o, --output`: table, json or yaml, else pflag's report of the refused value
/// (`output.Format.Set`).
fn output_format(a: &Args) -> std::result::Result<&str, crate::shell::Error> {
    let format = a.get("output").unwrap_or("table");
    if !matches!(format, "table" | "json" | "yaml") {
        return Err(err(format!(
            "invalid argument \"{format}\" for \"-o, --output\" flag: invalid format type"
        )));
    }
    Ok(format)
}

/// `output.EncodeJSON` of a list of Go structs: each object's fields in the struct's order
/// (`keys`), values as `json.Encoder` writes them (`<>&` escaped), then a newline.
fn json_structs(keys: &[&str], objects: &[serde_json::Value]) -> String {
    let objects: Vec<String> = objects
        .iter()
        .map(|o| {
            let fields: Vec<String> = keys
                .iter()
                .map(|k| format!("\"{k}\":{}", crate::go::json(&o[*k], None)))
                .collect();
            format!("{{{}}}", fields.join(","))
        })
        .collect();
    format!("[{}]\n", objects.join(","))
}

/// `output.EncodeYAML`: sigs.k8s.io/yaml (keys sorted, as JSON objects become maps).
fn yaml_of(v: &serde_json::Value) -> String {
    crate::yaml::emit::to_yaml(v)
}

fn find(s: &Session, a: &Args) -> std::result::Result<Release, crate::shell::Error> {
    let ns = ns_of(s, a);
    let Some(name) = a.positional.first() else {
        return Err(err("release name is required"));
    };
    let history = s.sim.world.history(&ns, name);
    let r = match a.int("revision") {
        Some(v) if v > 0 => history.iter().find(|r| r.version == v).cloned(),
        _ => history.last().cloned(),
    };
    r.ok_or_else(|| err("release: not found"))
}

fn status(s: &mut Session, a: &Args) -> CmdResult {
    let r = find(s, a)?;
    // helm 4 always shows the description and the resources, helm 3 when asked.
    let v4 = s.helm == Version::V4;
    let resources = if v4 || a.has("show-resources") {
        resources_section(&s.sim.world, &r)
    } else {
        String::new()
    };
    Ok(Output::ok(status_block(
        &r,
        Show {
            resources: &resources,
            desc: v4 || a.has("show-desc"),
            debug: a.has("debug"),
            hide_notes: false,
            metadata: false,
            stored: true,
        },
    )))
}

/// `helm test NAME` (pkg/cmd/release_testing.go, pkg/action/release_testing.go, helm v4.2.3;
/// cmd/helm/release_testing.go, v3.17.2): the last revision's test hooks run as hooks run,
/// their runs recorded in the release, then its status without NOTES; a test pod that fails
/// fails the command after the status.
fn test(s: &mut Session, a: &Args) -> CmdResult {
    let ns = ns_of(s, a);
    let [name] = a.positional.as_slice() else {
        return Err(err(
            "\"helm test\" requires 1 argument\n\nUsage:  helm test [RELEASE] [flags]",
        ));
    };
    if !crate::helm::template::valid_release_name(name) && s.helm == Version::V4 {
        return Err(err(format!("releaseTest: Release name is invalid: {name}")));
    }
    let Some(last) = s.sim.world.history(&ns, name).last().cloned() else {
        return Err(err("release: not found"));
    };
    // `--filter name=X` runs only those tests, `!name=X` all but those
    // (`ReleaseTesting.RunWithContext`, pkg/action/release_testing.go).
    let (mut include, mut exclude) = (Vec::new(), Vec::new());
    for f in a.all("filter").iter().flat_map(|f| f.split(',')) {
        if let Some(n) = f.strip_prefix("name=") {
            include.push(n.to_string());
        } else if let Some(rest) = f.strip_prefix('!') {
            let rest = rest.strip_prefix(char::is_whitespace).unwrap_or(rest);
            if let Some(n) = rest.strip_prefix("name=") {
                exclude.push(n.to_string());
            }
        }
    }
    let chosen = |h: &HookRecord| {
        !exclude.contains(&h.name) && (include.is_empty() || include.contains(&h.name))
    };
    let mut hooks = last.hooks.clone();
    let mut run: Vec<HookRecord> = hooks.iter().filter(|h| chosen(h)).cloned().collect();
    let timeout = a.timeout(300_000).unwrap_or(300_000);
    let outcome = run_hooks(s, &ns, &mut run, "test", timeout);
    for h in &mut hooks {
        if let Some(r) = run.iter().find(|r| r.name == h.name) {
            *h = r.clone();
        }
    }
    s.sim
        .world
        .update_release(&ns, name, last.version, |r| r.hooks = hooks.clone());
    let rec = Release { hooks, ..last };
    let mut out = Output::ok(status_block(
        &rec,
        Show {
            resources: "",
            debug: false,
            desc: s.helm == Version::V4,
            hide_notes: true,
            metadata: false,
            stored: true,
        },
    ));
    if a.has("logs") {
        out.print("\n");
        let (text, error) = test_logs(s, &ns, &rec, &chosen);
        out.print(&text);
        if let Some(e) = error {
            out.eprint(&format!("Error: {e}\n"));
            out.code = 1;
            return Ok(out);
        }
    }
    if let Err(e) = outcome {
        out.eprint(&format!("Error: {e}\n"));
        out.code = 1;
    }
    Ok(out)
}

/// `helm test --logs` (`ReleaseTesting.GetPodLogs`, pkg/action/release_testing.go): each test
/// pod's log, by hook weight then name; helm 4 per container (`POD LOGS: NAME (CONTAINER)`),
/// helm 3 the pod's (`POD LOGS: NAME`). A pod a delete policy removed is an error.
fn test_logs(
    s: &Session,
    ns: &str,
    rel: &Release,
    chosen: &dyn Fn(&HookRecord) -> bool,
) -> (String, Option<String>) {
    let mut tests: Vec<&HookRecord> = rel
        .hooks
        .iter()
        .filter(|h| h.events.iter().any(|e| e == "test") && chosen(h))
        .collect();
    tests.sort_by(|a, b| a.weight.cmp(&b.weight).then_with(|| a.name.cmp(&b.name)));
    let mut text = String::new();
    for h in tests {
        if h.kind != "Pod" && s.helm == Version::V4 {
            continue;
        }
        let Some(logs) = super::verbs::logs::all_logs(s, ns, &h.name) else {
            let missing = format!("pods \"{}\" not found", h.name);
            let e = match s.helm {
                Version::V4 => format!("unable to get pod {}: {missing}", h.name),
                Version::V3 => format!("unable to get pod logs for {}: {missing}", h.name),
            };
            return (text, Some(e));
        };
        for (i, (container, log)) in logs.iter().enumerate() {
            match s.helm {
                Version::V4 => text.push_str(&format!("POD LOGS: {} ({container})\n", h.name)),
                // The pod's log is its only container's (`PodLogOptions{}`).
                Version::V3 if i == 0 => text.push_str(&format!("POD LOGS: {}\n", h.name)),
                Version::V3 => break,
            }
            text.push_str(log);
            text.push('\n');
        }
    }
    (text, None)
}

fn history(s: &mut Session, a: &Args) -> CmdResult {
    let ns = ns_of(s, a);
    let Some(name) = a.positional.first() else {
        return Err(err(
            "\"helm history\" requires 1 argument\n\nUsage:  helm history RELEASE_NAME [flags]",
        ));
    };
    let h = s.sim.world.history(&ns, name);
    if h.is_empty() {
        return Err(err("release: not found"));
    }
    let max = a.int("max").unwrap_or(256).max(0) as usize;
    let format = output_format(a)?;
    let shown = &h[h.len().saturating_sub(max)..];
    if format != "table" {
        // `releaseInfo`: its JSON names in field order, `updated` as `time.Time` marshals
        // (RFC 3339 with the nanoseconds that are not zero).
        let updated = |r: &Release| {
            crate::helm::time::Time {
                unix: crate::sim::helm::unix(r.last_deployed),
                nanos: (r.last_deployed % 1000) as u32 * 1_000_000,
            }
            .format("2006-01-02T15:04:05.999999999Z07:00")
        };
        let infos: Vec<serde_json::Value> = shown
            .iter()
            .map(|r| {
                serde_json::json!({
                    "revision": r.version,
                    "updated": updated(r),
                    "status": r.status.as_str(),
                    "chart": format!("{}-{}", r.chart_name, r.chart_version),
                    "app_version": r.app_version,
                    "description": r.description,
                })
            })
            .collect();
        if format == "yaml" {
            return Ok(Output::ok(yaml_of(&serde_json::Value::Array(infos))));
        }
        const KEYS: [&str; 6] = [
            "revision",
            "updated",
            "status",
            "chart",
            "app_version",
            "description",
        ];
        return Ok(Output::ok(json_structs(&KEYS, &infos)));
    }
    let mut rows = vec![
        [
            "REVISION",
            "UPDATED",
            "STATUS",
            "CHART",
            "APP VERSION",
            "DESCRIPTION",
        ]
        .iter()
        .map(|x| x.to_string())
        .collect::<Vec<_>>(),
    ];
    for r in shown {
        rows.push(vec![
            r.version.to_string(),
            ansic(r.last_deployed),
            r.status.as_str().into(),
            format!("{}-{}", r.chart_name, r.chart_version),
            r.app_version.clone(),
            r.description.clone(),
        ]);
    }
    Ok(Output::ok(uitable(&rows)))
}

fn show_usage(_: &mut Session, _: &Args) -> CmdResult {
    Err(err(
        "\"helm show\" requires a subcommand: all, chart, crds, readme or values",
    ))
}

/// `helm show FORMAT CHART` (pkg/cmd/show.go): exactly one chart, found as `helm template`
/// finds it.
fn show(s: &mut Session, a: &Args) -> CmdResult {
    let what = a.command.rsplit(' ').next().unwrap_or("");
    let format = crate::helm::show::Format::parse(what).unwrap_or(crate::helm::show::Format::All);
    let [path] = a.positional.as_slice() else {
        return Err(err(format!(
            "\"helm show {what}\" requires 1 argument\n\nUsage:  helm show {what} [CHART] [flags]"
        )));
    };
    let src = SessionFiles(s);
    let fail = |f: crate::helm::Failure| crate::shell::Error {
        message: failure_text(&f).trim_end().to_string(),
        code: 1,
    };
    if src
        .chart_files(path)
        .map_err(|e| fail(crate::helm::Failure::plain(e)))?
        .is_none()
    {
        return Err(fail(crate::helm::Failure::plain(
            crate::helm::template::not_found(path),
        )));
    }
    let chart = crate::helm::template::load_chart(&src, path, s.helm).map_err(fail)?;
    Ok(Output::ok(crate::helm::show::show(&chart, format, s.helm)))
}

fn get_usage(_: &mut Session, _: &Args) -> CmdResult {
    Err(err(
        "\"helm get\" requires a subcommand: manifest, values, notes, hooks or all",
    ))
}

fn values_yaml(v: &serde_json::Value) -> String {
    if v.as_object().is_none_or(|o| o.is_empty()) {
        return "null\n".into();
    }
    crate::yaml::emit::to_yaml(v)
}

/// `helm get metadata` (`metadataWriter`, pkg/cmd/get_metadata.go; `GetMetadata.Run`,
/// pkg/action/get_metadata.go, helm v4.2.3): LABELS are the release Secret's (helm's own
/// among them: `modifiedAt=...,name=web,owner=helm,status=deployed,version=1`); helm 3.17 has
/// neither LABELS nor APPLY_METHOD.
fn metadata(version: Version, r: &Release, format: &str) -> String {
    let set = |m: &BTreeMap<String, String>| -> String {
        m.iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(",")
    };
    let mut deps = r.dependencies.clone();
    crate::sort::sort(&mut deps);
    let deployed = crate::helm::time::Time {
        unix: crate::sim::helm::unix(r.last_deployed),
        nanos: 0,
    }
    .format("2006-01-02T15:04:05Z07:00");
    if format != "table" {
        // `output.EncodeJSON` of `Metadata`: its fields in order, the maps and the
        // dependencies left out when empty; `EncodeYAML` sorts them.
        let map = |m: &BTreeMap<String, String>| {
            serde_json::Value::Object(
                m.iter()
                    .map(|(k, v)| (k.clone(), v.clone().into()))
                    .collect(),
            )
        };
        let mut fields: Vec<(&str, serde_json::Value)> = vec![
            ("name", r.name.clone().into()),
            ("chart", r.chart_name.clone().into()),
            ("version", r.chart_version.clone().into()),
            ("appVersion", r.app_version.clone().into()),
        ];
        if !r.chart_annotations.is_empty() {
            fields.push(("annotations", map(&r.chart_annotations)));
        }
        if version == Version::V4 {
            fields.push(("labels", map(&r.labels())));
        }
        if !r.dependencies.is_empty() {
            let list = r
                .dependencies
                .iter()
                .map(|d| serde_json::json!({ "name": d, "repository": "" }))
                .collect();
            fields.push(("dependencies", serde_json::Value::Array(list)));
        }
        fields.extend([
            ("namespace", r.namespace.clone().into()),
            ("revision", r.version.into()),
            ("status", r.status.as_str().into()),
            ("deployedAt", deployed.clone().into()),
        ]);
        if !r.apply_method.is_empty() {
            fields.push(("applyMethod", r.apply_method.into()));
        }
        if format == "json" {
            let text: Vec<String> = fields
                .iter()
                .map(|(k, v)| format!("\"{k}\":{}", crate::go::json(v, None)))
                .collect();
            return format!("{{{}}}\n", text.join(","));
        }
        let v: serde_json::Map<String, serde_json::Value> = fields
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        return crate::yaml::emit::to_yaml(&serde_json::Value::Object(v));
    }
    let mut out = format!(
        "NAME: {}\nCHART: {}\nVERSION: {}\nAPP_VERSION: {}\nANNOTATIONS: {}\n",
        r.name,
        r.chart_name,
        r.chart_version,
        r.app_version,
        set(&r.chart_annotations)
    );
    if version == Version::V4 {
        // `rac.Labels()`: the Secret's, helm's own among them.
        out.push_str(&format!("LABELS: {}\n", set(&r.labels())));
    }
    out.push_str(&format!(
        "DEPENDENCIES: {}\nNAMESPACE: {}\nREVISION: {}\nSTATUS: {}\nDEPLOYED_AT: {deployed}\n",
        deps.join(","),
        r.namespace,
        r.version,
        r.status.as_str()
    ));
    if version == Version::V4 {
        let method = match r.apply_method {
            "ssa" => "server-side apply",
            "csa" => "client-side apply",
            _ => "client-side apply (defaulted)",
        };
        out.push_str(&format!("APPLY_METHOD: {method}\n"));
    }
    out
}

fn get(s: &mut Session, a: &Args) -> CmdResult {
    let r = find(s, a)?;
    let what = a.command.rsplit(' ').next().unwrap_or("");
    let hooks = || {
        r.hooks
            .iter()
            .map(|h| format!("---\n# Source: {}\n{}\n", h.path, h.manifest))
            .collect::<String>()
    };
    Ok(Output::ok(match what {
        "metadata" => metadata(s.helm, &r, output_format(a)?),
        "manifest" => format!("{}\n", r.manifest),
        // `newGetNotesCmd`: the notes as rendered, when there are any.
        "notes" if r.notes.is_empty() => String::new(),
        "notes" => format!("NOTES:\n{}\n", r.notes),
        "hooks" => hooks(),
        "values" => {
            let (title, v) = if a.has("all") {
                ("COMPUTED VALUES", &r.computed)
            } else {
                ("USER-SUPPLIED VALUES", &r.config)
            };
            // `valuesWriter`: the table has a title; JSON and YAML are the map alone, a
            // release stored without values reading back as null.
            let empty = v.as_object().is_none_or(|o| o.is_empty());
            match output_format(a)? {
                "json" if empty => "null\n".to_string(),
                "json" => format!("{}\n", crate::go::json(v, None)),
                "yaml" => values_yaml(v),
                _ => format!("{title}:\n{}", values_yaml(v)),
            }
        }
        // `newGetAllCmd`: the status printer with everything (helm 3 without DESCRIPTION).
        _ => status_block(
            &r,
            Show {
                resources: "",
                debug: true,
                desc: s.helm == Version::V4,
                hide_notes: false,
                metadata: true,
                stored: true,
            },
        ),
    }))
}

fn template(s: &mut Session, a: &Args) -> CmdResult {
    let mut log = Log::new();
    let args = match template_from(a, s.helm, &mut log) {
        Ok(args) => args,
        Err(m) => {
            let text = m.text().trim_start_matches("Error: ");
            return with_log(s.helm, &log, Err(err(text)));
        }
    };
    let mut written = Vec::new();
    let result = crate::helm::template::run(&SessionFiles(s), &args, &mut log, &mut written);
    for w in written {
        let f = s.files.entry(s.path(&w.path)).or_default();
        if !w.append {
            f.clear();
        }
        f.push_str(&w.text);
    }
    let r = match result {
        Ok(out) => Ok(Output::ok(out)),
        // `--debug`: the files helm rendered, then its error.
        Err(f) if f.output.is_some() => {
            let mut o = Output::ok(f.output.as_deref().cloned().unwrap_or_default());
            o.append(Output::err(failure_text(&f).trim_end(), 1));
            Ok(o)
        }
        Err(f) => Err(crate::shell::Error {
            message: failure_text(&f).trim_end().to_string(),
            code: 1,
        }),
    };
    with_log(args.version, &log, r)
}

/// `helm lint PATH...` (`newLintCmd`): each chart's messages, then the summary; a chart with an
/// error (a warning with `--strict`) fails the command.
fn lint(s: &mut Session, a: &Args) -> CmdResult {
    // helm 3 lints the current directory when no path is given.
    let mut paths: Vec<String> = match (a.positional.is_empty(), s.helm) {
        (true, Version::V4) => {
            return Err(err(
                "\"helm lint\" requires at least 1 argument\n\nUsage:  helm lint PATH [flags]",
            ));
        }
        (true, Version::V3) => vec![".".into()],
        (false, _) => a.positional.clone(),
    };
    let src = SessionFiles(s);
    if a.has("with-subcharts") {
        // `filepath.Walk` of each PATH/charts: every folder holding a Chart.yaml.
        let mut more = Vec::new();
        for p in &paths {
            let prefix = format!("{}/charts/", clean(s, p));
            for name in s.files.keys() {
                // `PATH/charts/Chart.yaml` names PATH/charts itself.
                let Some(rest) = name.strip_prefix(&prefix) else {
                    continue;
                };
                let base = format!("{}/charts", p.trim_end_matches('/'));
                if rest == "Chart.yaml" {
                    more.push(base);
                } else if let Some(dir) = rest.strip_suffix("/Chart.yaml") {
                    more.push(format!("{base}/{dir}"));
                }
            }
        }
        paths.extend(more);
    }
    let mut log = Log::new();
    let user = match value_options(a).merge(&src, s.helm) {
        Ok(v) => v,
        Err(f) => {
            return with_log(
                s.helm,
                &log,
                Err(err(failure_text(&f).trim_end().to_string())),
            );
        }
    };
    let opts = crate::helm::lint::Options {
        user,
        namespace: ns_of(s, a),
        kube_version: a.get("kube-version").map(str::to_string),
        skip_schema_validation: a.has("skip-schema-validation"),
        strict: a.has("strict"),
        quiet: a.has("quiet"),
        fuel: crate::helm::render::FUEL,
        version: s.helm,
    };
    if let Some(v) = &opts.kube_version
        && let Err(e) = crate::helm::objects::KubeVersion::parse(v, s.helm)
    {
        return Err(err(format!("invalid kube version '{v}': {e}")));
    }
    let charts: Vec<(String, Option<Vec<crate::helm::chart::File>>, String)> = paths
        .iter()
        .map(|p| {
            let files = match src.chart_files(p) {
                Ok(Some(ChartFiles::Directory(files)))
                    if files.iter().any(|f| f.name == "Chart.yaml") =>
                {
                    Some(files)
                }
                _ => None,
            };
            (p.clone(), files, src.absolute(p))
        })
        .collect();
    let targets: Vec<crate::helm::lint::Target<'_>> = charts
        .iter()
        .map(|(path, files, absolute)| crate::helm::lint::Target {
            path,
            files: files.as_deref(),
            absolute,
        })
        .collect();
    let (out, failed) = crate::helm::lint::report(&targets, &opts, &mut log);
    let r = match failed {
        None => Ok(Output::ok(out)),
        Some(summary) => {
            let mut o = Output::ok(out);
            o.eprint(&format!("Error: {summary}\n"));
            o.code = 1;
            Ok(o)
        }
    };
    with_log(s.helm, &log, r)
}

fn create(s: &mut Session, a: &Args) -> CmdResult {
    let Some(name) = a.positional.first().cloned() else {
        return Err(err(
            "\"helm create\" requires 1 argument\n\nUsage:  helm create NAME [flags]",
        ));
    };
    let starter = match s.helm {
        Version::V4 => "helm-create",
        Version::V3 => "helm-create-3",
    };
    let files = crate::charts::example(starter).unwrap_or_default();
    let dir = s.path(&name);
    for (path, text) in files {
        s.files
            .insert(format!("{dir}/{path}"), text.replace("mychart", &name));
    }
    // The starter's empty `charts/` folder (`chartutil.Create`).
    s.dirs.insert(format!("{dir}/charts"));
    Ok(Output::ok(format!("Creating {name}\n")))
}

/// `helm version` (pkg/cmd/version.go, helm v4.2.3; cmd/helm/version.go, v3.17.2): the
/// release binaries' build information.
fn version(s: &mut Session, a: &Args) -> CmdResult {
    let (short, full) = match s.helm {
        Version::V4 => (
            "v4.2.3+g43e8b7f",
            "version.BuildInfo{Version:\"v4.2.3\", GitCommit:\"43e8b7feece8beb0fcba47059ec9b522fd929a64\", GitTreeState:\"clean\", GoVersion:\"go1.26.5\", KubeClientVersion:\"v1.36\"}",
        ),
        Version::V3 => (
            "v3.17.2+gcc0bbbd",
            "version.BuildInfo{Version:\"v3.17.2\", GitCommit:\"cc0bbbd6d6276b83880042c1ecb34087e84d41eb\", GitTreeState:\"clean\", GoVersion:\"go1.23.7\"}",
        ),
    };
    if let Some(t) = a.get("template").filter(|t| !t.is_empty()) {
        return version_template(s.helm, t).map(Output::ok).map_err(err);
    }
    Ok(Output::ok(format!(
        "{}\n",
        if a.has("short") { short } else { full }
    )))
}

/// `helm version --template TEXT` (`versionOptions.run`, pkg/cmd/version.go): Go's template
/// on the build's facts (`BuildInfo`: `.Version`, `.GitCommit`, `.GitTreeState`,
/// `.GoVersion`, helm 4's `.KubeClientVersion`), no newline added. A field `BuildInfo` lacks
/// prints `<no value>` here where Go's struct would refuse it.
fn version_template(version: Version, text: &str) -> std::result::Result<String, String> {
    let facts: &[(&str, &str)] = match version {
        Version::V4 => &[
            ("Version", "v4.2.3"),
            ("GitCommit", "43e8b7feece8beb0fcba47059ec9b522fd929a64"),
            ("GitTreeState", "clean"),
            ("GoVersion", "go1.26.5"),
            ("KubeClientVersion", "v1.36"),
        ],
        Version::V3 => &[
            ("Version", "v3.17.2"),
            ("GitCommit", "cc0bbbd6d6276b83880042c1ecb34087e84d41eb"),
            ("GitTreeState", "clean"),
            ("GoVersion", "go1.23.7"),
        ],
    };
    let info = crate::gotmpl::Map::new(crate::gotmpl::MapKind::Str);
    for &(k, v) in facts {
        info.insert(k, crate::gotmpl::Value::str(v));
    }
    let cmp = match version {
        Version::V4 => crate::gotmpl::builtins::Comparisons::Typed,
        Version::V3 => crate::gotmpl::builtins::Comparisons::Plain,
    };
    let funcs = std::rc::Rc::new(crate::gotmpl::builtins::builtins(cmp));
    let mut set = crate::gotmpl::Set::new("_", funcs);
    set.parse("_", text).map_err(|e| e.to_string())?;
    let mut run = crate::gotmpl::Run::new(1_000_000, 1 << 20, 1);
    let mut out = String::new();
    crate::gotmpl::execute(
        &set,
        "_",
        crate::gotmpl::Val::new(crate::gotmpl::Value::Map(info)),
        &mut out,
        &mut run,
    )
    .map_err(|e| e.text)?;
    Ok(out)
}
