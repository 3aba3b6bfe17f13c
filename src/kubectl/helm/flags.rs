//! helm's flags, verb by verb and version by version, as `helm VERB --help` lists them (helm
//! v4.2.3 and v3.17.2), plus the hidden ones helm 4 deprecates. A flag the terminal has no use
//! for (a chart repository's credentials, the API server's address) is accepted and changes
//! nothing, as it would change nothing for a chart on the machine's disk.

use crate::kubectl::registry::{Flag, FlagKind, flag};
use FlagKind::{Bool, Duration, Int, OptString as OptStr, String as Str, StringArray as StrArray};

pub(super) const API_VERSIONS: Flag = flag(
    "api-versions",
    Some('a'),
    StrArray,
    "Kubernetes api versions used for Capabilities.APIVersions",
);
pub(super) const ATOMIC3: Flag = flag(
    "atomic",
    None,
    Bool,
    "if set, the installation process deletes the installation on failure. The --wait flag will be set automatically if --atomic is used",
);
pub(super) const BURST_LIMIT: Flag = flag(
    "burst-limit",
    None,
    Int,
    "client-side default throttling limit",
)
.default("100");
pub(super) const CA_FILE: Flag = flag(
    "ca-file",
    None,
    Str,
    "verify certificates of HTTPS-enabled servers using this CA bundle",
);
pub(super) const CERT_FILE: Flag = flag(
    "cert-file",
    None,
    Str,
    "identify HTTPS client using this SSL certificate file",
);
pub(super) const CLEANUP_ON_FAIL: Flag = flag(
    "cleanup-on-fail",
    None,
    Bool,
    "allow deletion of new resources created in this upgrade when upgrade fails",
);
pub(super) const COLOR: Flag = flag(
    "color",
    None,
    Str,
    "use colored output (never, auto, always)",
)
.default("auto");
pub(super) const COLOUR: Flag = flag(
    "colour",
    None,
    Str,
    "use colored output (never, auto, always)",
)
.default("auto");
pub(super) const CONTENT_CACHE: Flag = flag(
    "content-cache",
    None,
    Str,
    "path to the directory containing cached content (e.g. charts)",
)
.default("/root/.cache/helm/content");
pub(super) const CREATE_NAMESPACE: Flag = flag(
    "create-namespace",
    None,
    Bool,
    "create the release namespace if not present",
);
pub(super) const DEBUG: Flag = flag("debug", None, Bool, "enable verbose output");
pub(super) const DEPENDENCY_UPDATE: Flag = flag(
    "dependency-update",
    None,
    Bool,
    "update dependencies if they are missing before installing the chart",
);
pub(super) const DESCRIPTION: Flag = flag("description", None, Str, "add a custom description");
pub(super) const DEVEL: Flag = flag(
    "devel",
    None,
    Bool,
    "use development versions, too. Equivalent to version '>0.0.0-0'. If --version is set, this is ignored",
);
pub(super) const DISABLE_OPENAPI_VALIDATION: Flag = flag(
    "disable-openapi-validation",
    None,
    Bool,
    "if set, the installation process will not validate rendered templates against the Kubernetes OpenAPI Schema",
);
pub(super) const DRY_RUN3: Flag = flag(
    "dry-run",
    None,
    OptStr("client"),
    "simulate an install. If --dry-run is set with no option being specified or as '--dry-run=client', it will not attempt cluster connections. Setting '--dry-run=server' allows attempting cluster connections.",
);
pub(super) const DRY_RUN: Flag = flag("dry-run", None, OptStr("unset"), "simulates the operation without persisting changes. Must be one of: \"none\" (default), \"client\", or \"server\". '--dry-run=none' executes the operation normally and persists changes (no simulation). '--dry-run=client' simulates the operation client-side only and avoids cluster connections. '--dry-run=server' simulates the operation on the server, requiring cluster connectivity.").default("none");
pub(super) const DRY_RUN_TEMPLATE: Flag = flag("dry-run", None, OptStr("unset"), "simulates the operation either client-side or server-side. Must be either: \"client\", or \"server\". '--dry-run=client simulates the operation client-side only and avoids cluster connections. '--dry-run=server' simulates/validates the operation on the server, requiring cluster connectivity.").default("client");
pub(super) const ENABLE_DNS: Flag = flag(
    "enable-dns",
    None,
    Bool,
    "enable DNS lookups when rendering templates",
);
pub(super) const FORCE3: Flag = flag(
    "force",
    None,
    Bool,
    "force resource updates through a replacement strategy",
);
pub(super) const FORCE_CONFLICTS: Flag = flag(
    "force-conflicts",
    None,
    Bool,
    "if set server-side apply will force changes against conflicts",
);
pub(super) const FORCE_REPLACE: Flag = flag(
    "force-replace",
    None,
    Bool,
    "force resource updates by replacement",
);
pub(super) const GENERATE_NAME: Flag = flag(
    "generate-name",
    Some('g'),
    Bool,
    "generate the name (and omit the NAME parameter)",
);
pub(super) const HIDE_NOTES: Flag = flag(
    "hide-notes",
    None,
    Bool,
    "if set, do not show notes in install output. Does not affect presence in chart metadata",
);
pub(super) const HIDE_SECRET: Flag = flag(
    "hide-secret",
    None,
    Bool,
    "hide Kubernetes Secrets when also using the --dry-run flag",
);
pub(super) const HISTORY_MAX: Flag = flag(
    "history-max",
    None,
    Int,
    "limit the maximum number of revisions saved per release. Use 0 for no limit",
)
.default("10");
pub(super) const INCLUDE_CRDS: Flag = flag(
    "include-crds",
    None,
    Bool,
    "include CRDs in the templated output",
);
pub(super) const INSECURE_SKIP_TLS_VERIFY: Flag = flag(
    "insecure-skip-tls-verify",
    None,
    Bool,
    "skip tls certificate checks for the chart download",
);
pub(super) const INSTALL: Flag = flag(
    "install",
    Some('i'),
    Bool,
    "if a release by this name doesn't already exist, run an install",
);
pub(super) const IS_UPGRADE: Flag = flag(
    "is-upgrade",
    None,
    Bool,
    "set .Release.IsUpgrade instead of .Release.IsInstall",
);
pub(super) const KEYRING: Flag = flag(
    "keyring",
    None,
    Str,
    "location of public keys used for verification",
)
.default("/root/.gnupg/pubring.gpg");
pub(super) const KEY_FILE: Flag = flag(
    "key-file",
    None,
    Str,
    "identify HTTPS client using this SSL key file",
);
pub(super) const KUBECONFIG: Flag = flag("kubeconfig", None, Str, "path to the kubeconfig file");
pub(super) const KUBE_APISERVER: Flag = flag(
    "kube-apiserver",
    None,
    Str,
    "the address and the port for the Kubernetes API server",
);
pub(super) const KUBE_AS_GROUP: Flag = flag(
    "kube-as-group",
    None,
    StrArray,
    "group to impersonate for the operation, this flag can be repeated to specify multiple groups.",
);
pub(super) const KUBE_AS_USER: Flag = flag(
    "kube-as-user",
    None,
    Str,
    "username to impersonate for the operation",
);
pub(super) const KUBE_CA_FILE: Flag = flag(
    "kube-ca-file",
    None,
    Str,
    "the certificate authority file for the Kubernetes API server connection",
);
pub(super) const KUBE_CONTEXT: Flag = flag(
    "kube-context",
    None,
    Str,
    "name of the kubeconfig context to use",
);
pub(super) const KUBE_INSECURE_SKIP_TLS_VERIFY: Flag = flag(
    "kube-insecure-skip-tls-verify",
    None,
    Bool,
    "if true, the Kubernetes API server's certificate will not be checked for validity. This will make your HTTPS connections insecure",
);
pub(super) const KUBE_TLS_SERVER_NAME: Flag = flag(
    "kube-tls-server-name",
    None,
    Str,
    "server name to use for Kubernetes API server certificate validation. If it is not provided, the hostname used to contact the server is used",
);
pub(super) const KUBE_TOKEN: Flag = flag(
    "kube-token",
    None,
    Str,
    "bearer token used for authentication",
);
pub(super) const KUBE_VERSION: Flag = flag(
    "kube-version",
    None,
    Str,
    "Kubernetes version used for Capabilities.KubeVersion",
);
pub(super) const LABELS: Flag = flag(
    "labels",
    Some('l'),
    StrArray,
    "Labels that would be added to release metadata. Should be divided by comma.",
);
pub(super) const NAMESPACE: Flag = flag(
    "namespace",
    Some('n'),
    Str,
    "namespace scope for this request",
);
pub(super) const NAME_TEMPLATE: Flag = flag(
    "name-template",
    None,
    Str,
    "specify template used to name the release",
);
pub(super) const NO_HOOKS: Flag = flag(
    "no-hooks",
    None,
    Bool,
    "prevent hooks from running during install",
);
pub(super) const OUTPUT_DIR: Flag = flag(
    "output-dir",
    None,
    Str,
    "writes the executed templates to files in output-dir instead of stdout",
);
pub(super) const PASSWORD: Flag = flag(
    "password",
    None,
    Str,
    "chart repository password where to locate the requested chart",
);
pub(super) const PASS_CREDENTIALS: Flag = flag(
    "pass-credentials",
    None,
    Bool,
    "pass credentials to all domains",
);
pub(super) const PLAIN_HTTP: Flag = flag(
    "plain-http",
    None,
    Bool,
    "use insecure HTTP connections for the chart download",
);
pub(super) const POST_RENDERER: Flag = flag(
    "post-renderer",
    None,
    Str,
    "the path to an executable to be used for post rendering. If it exists in $PATH, the binary will be used, otherwise it will try to look for the executable at the given path",
);
pub(super) const POST_RENDERER_ARGS: Flag = flag(
    "post-renderer-args",
    None,
    StrArray,
    "an argument to the post-renderer (can specify multiple)",
);
pub(super) const QPS: Flag = flag(
    "qps",
    None,
    Str,
    "queries per second used when communicating with the Kubernetes API, not including bursting",
);
pub(super) const REGISTRY_CONFIG: Flag = flag(
    "registry-config",
    None,
    Str,
    "path to the registry config file",
)
.default("/root/.config/helm/registry/config.json");
pub(super) const RELEASE_NAME: Flag = flag(
    "release-name",
    None,
    Bool,
    "use release name in the output-dir path.",
);
pub(super) const RENDER_SUBCHART_NOTES: Flag = flag(
    "render-subchart-notes",
    None,
    Bool,
    "if set, render subchart notes along with the parent",
);
pub(super) const REPLACE: Flag = flag(
    "replace",
    None,
    Bool,
    "re-use the given name, only if that name is a deleted release which remains in the history. This is unsafe in production",
);
pub(super) const REPO: Flag = flag(
    "repo",
    None,
    Str,
    "chart repository url where to locate the requested chart",
);
pub(super) const REPOSITORY_CACHE: Flag = flag(
    "repository-cache",
    None,
    Str,
    "path to the directory containing cached repository indexes",
)
.default("/root/.cache/helm/repository");
pub(super) const REPOSITORY_CONFIG: Flag = flag(
    "repository-config",
    None,
    Str,
    "path to the file containing repository names and URLs",
)
.default("/root/.config/helm/repositories.yaml");
pub(super) const RESET_THEN_REUSE_VALUES: Flag = flag(
    "reset-then-reuse-values",
    None,
    Bool,
    "when upgrading, reset the values to the ones built into the chart, apply the last release's values and merge in any overrides from the command line via --set and -f. If '--reset-values' or '--reuse-values' is specified, this is ignored",
);
pub(super) const RESET_VALUES: Flag = flag(
    "reset-values",
    None,
    Bool,
    "when upgrading, reset the values to the ones built into the chart",
);
pub(super) const REUSE_VALUES: Flag = flag(
    "reuse-values",
    None,
    Bool,
    "when upgrading, reuse the last release's values and merge in any overrides from the command line via --set and -f. If '--reset-values' is specified, this is ignored",
);
pub(super) const ROLLBACK_ON_FAILURE: Flag = flag(
    "rollback-on-failure",
    None,
    Bool,
    "if set, Helm will rollback (uninstall) the installation upon failure. The --wait flag will be default to \"watcher\" if --rollback-on-failure is set",
);
pub(super) const SERVER_SIDE: Flag = flag(
    "server-side",
    None,
    Bool,
    "object updates run in the server instead of the client",
)
.default("true");
pub(super) const SERVER_SIDE_UPGRADE: Flag = flag("server-side", None, Str, "must be \"true\", \"false\" or \"auto\". Object updates run in the server instead of the client (\"auto\" defaults the value from the previous chart release's method)").default("auto");
pub(super) const SET: Flag = flag(
    "set",
    None,
    StrArray,
    "set values on the command line (can specify multiple or separate values with commas: key1=val1,key2=val2)",
);
pub(super) const SET_FILE: Flag = flag(
    "set-file",
    None,
    StrArray,
    "set values from respective files specified via the command line (can specify multiple or separate values with commas: key1=path1,key2=path2)",
);
pub(super) const SET_JSON: Flag = flag(
    "set-json",
    None,
    StrArray,
    "set JSON values on the command line (can specify multiple or separate values with commas: key1=jsonval1,key2=jsonval2)",
);
pub(super) const SET_LITERAL: Flag = flag(
    "set-literal",
    None,
    StrArray,
    "set a literal STRING value on the command line",
);
pub(super) const SET_STRING: Flag = flag(
    "set-string",
    None,
    StrArray,
    "set STRING values on the command line (can specify multiple or separate values with commas: key1=val1,key2=val2)",
);
pub(super) const SHOW_ONLY: Flag = flag(
    "show-only",
    Some('s'),
    StrArray,
    "only show manifests rendered from the given templates",
);
pub(super) const SKIP_CRDS: Flag = flag(
    "skip-crds",
    None,
    Bool,
    "if set, no CRDs will be installed. By default, CRDs are installed if not already present",
);
pub(super) const SKIP_SCHEMA_VALIDATION: Flag = flag(
    "skip-schema-validation",
    None,
    Bool,
    "if set, disables JSON schema validation",
);
pub(super) const SKIP_TESTS: Flag =
    flag("skip-tests", None, Bool, "skip tests from templated output");
pub(super) const TAKE_OWNERSHIP: Flag = flag(
    "take-ownership",
    None,
    Bool,
    "if set, install will ignore the check for helm annotations and take ownership of the existing resources",
);
pub(super) const TIMEOUT: Flag = flag(
    "timeout",
    None,
    Duration,
    "time to wait for any individual Kubernetes operation (like Jobs for hooks)",
)
.default("5m0s");
pub(super) const USERNAME: Flag = flag(
    "username",
    None,
    Str,
    "chart repository username where to locate the requested chart",
);
pub(super) const VALIDATE3: Flag = flag(
    "validate",
    None,
    Bool,
    "validate your manifests against the Kubernetes cluster you are currently pointing at. This is the same validation performed on an install",
);
pub(super) const VALUES: Flag = flag(
    "values",
    Some('f'),
    StrArray,
    "specify values in a YAML file or a URL (can specify multiple)",
);
pub(super) const VERIFY: Flag = flag("verify", None, Bool, "verify the package before using it");
pub(super) const VERSION: Flag = flag(
    "version",
    None,
    Str,
    "specify a version constraint for the chart version to use. This constraint can be a specific tag (e.g. 1.1.1) or it may reference a valid range (e.g. ^2.0.0). If this is not specified, the latest version is used",
);
pub(super) const WAIT3: Flag = flag(
    "wait",
    None,
    Bool,
    "if set, will wait until all Pods, PVCs, Services, and minimum number of Pods of a Deployment, StatefulSet, or ReplicaSet are in a ready state before marking the release as successful. It will wait for as long as --timeout",
);
pub(super) const WAIT: Flag = flag("wait", None, OptStr("watcher"), "wait until resources are ready (up to --timeout). Use '--wait' alone for 'watcher' strategy, or specify one of: 'watcher', 'hookOnly', 'legacy'. Default when flag is omitted: 'hookOnly'.").default("hookOnly");
pub(super) const WAIT_FOR_JOBS: Flag = flag(
    "wait-for-jobs",
    None,
    Bool,
    "if set and --wait enabled, will wait until all Jobs have been completed before marking the release as successful. It will wait for as long as --timeout",
);

// Deprecated in helm 4 (`MarkDeprecated`): accepted, said so on standard error, left out of
// `--help`.
pub(super) const FORCE: Flag =
    flag("force", None, Bool, "deprecated").deprecated("use --force-replace instead");
pub(super) const ATOMIC: Flag =
    flag("atomic", None, Bool, "deprecated").deprecated("use --rollback-on-failure instead");
pub(super) const VALIDATE: Flag =
    flag("validate", None, Bool, "deprecated").deprecated("use '--dry-run=server' instead");
pub(super) const HIDE_NOTES_TEMPLATE: Flag = HIDE_NOTES.deprecated(NO_EFFECT);
pub(super) const RENDER_SUBCHART_NOTES_TEMPLATE: Flag = RENDER_SUBCHART_NOTES.deprecated(NO_EFFECT);
const NO_EFFECT: &str = "this flag has no effect for 'helm template' and will be removed in Helm 5";

// Ours, in `helm template` and `kubectl stsplay template`.
pub(super) const HELM_VERSION: Flag = flag(
    "helm-version",
    None,
    Str,
    "whose output to reproduce: 4 (helm v4.2, the default) or 3 (helm v3.17)",
)
.default("4");
pub(super) const SEED: Flag = flag(
    "seed",
    None,
    Int,
    "seed of the random functions (randAlphaNum, uuidv4, ...)",
)
.default("1");

/// Flags in one slice, in order, at compile time (`N` is their number: a wrong one does not
/// compile).
const fn join<const N: usize>(parts: &[&[Flag]]) -> [Flag; N] {
    let mut out = [VALUES; N];
    let (mut n, mut i) = (0, 0);
    while i < parts.len() {
        let mut j = 0;
        while j < parts[i].len() {
            out[n] = parts[i][j];
            n += 1;
            j += 1;
        }
        i += 1;
    }
    assert!(n == N, "join: N is not the number of flags");
    out
}

/// How many flags `parts` hold, for `join`.
const fn count(parts: &[&[Flag]]) -> usize {
    let (mut n, mut i) = (0, 0);
    while i < parts.len() {
        n += parts[i].len();
        i += 1;
    }
    n
}

/// `addValueOptionsFlags` (pkg/cmd/flags.go, helm v4.2.3; v3.17.2 alike).
pub(super) const VALUE_FLAGS: &[Flag] = &[VALUES, SET, SET_STRING, SET_FILE, SET_JSON, SET_LITERAL];

/// `addChartPathOptionsFlags`: where a chart comes from (a repository, a signature, a version).
const CHART_PATH: &[Flag] = &[
    VERSION,
    VERIFY,
    KEYRING,
    REPO,
    USERNAME,
    PASSWORD,
    CERT_FILE,
    KEY_FILE,
    INSECURE_SKIP_TLS_VERIFY,
    PLAIN_HTTP,
    CA_FILE,
    PASS_CREDENTIALS,
];

/// `bindPostRenderFlag`.
const POST_RENDER: &[Flag] = &[POST_RENDERER, POST_RENDERER_ARGS];

/// `addInstallFlags` in helm 4 (pkg/cmd/install.go), shared by install and template, with
/// `AddWaitFlag`.
const INSTALL4: &[Flag] = &[
    CREATE_NAMESPACE,
    FORCE_REPLACE,
    FORCE,
    FORCE_CONFLICTS,
    SERVER_SIDE,
    NO_HOOKS,
    REPLACE,
    TIMEOUT,
    WAIT_FOR_JOBS,
    GENERATE_NAME,
    NAME_TEMPLATE,
    DESCRIPTION,
    DEVEL,
    DEPENDENCY_UPDATE,
    DISABLE_OPENAPI_VALIDATION,
    ROLLBACK_ON_FAILURE,
    ATOMIC,
    SKIP_CRDS,
    SKIP_SCHEMA_VALIDATION,
    LABELS,
    ENABLE_DNS,
    TAKE_OWNERSHIP,
    WAIT,
];

/// `addInstallFlags` in helm 3 (cmd/helm/install.go, v3.17.2), shared by install and template.
const INSTALL3: &[Flag] = &[
    CREATE_NAMESPACE,
    DRY_RUN3,
    FORCE3,
    NO_HOOKS,
    REPLACE,
    TIMEOUT,
    WAIT3,
    WAIT_FOR_JOBS,
    GENERATE_NAME,
    NAME_TEMPLATE,
    DESCRIPTION,
    DEVEL,
    DEPENDENCY_UPDATE,
    DISABLE_OPENAPI_VALIDATION,
    ATOMIC3,
    SKIP_CRDS,
    RENDER_SUBCHART_NOTES,
    SKIP_SCHEMA_VALIDATION,
    LABELS,
    ENABLE_DNS,
    HIDE_NOTES,
    TAKE_OWNERSHIP,
];

/// `template`'s own (`newTemplateCmd`), and ours (`--helm-version`, `--seed`).
const TEMPLATE: &[Flag] = &[
    SHOW_ONLY,
    OUTPUT_DIR,
    INCLUDE_CRDS,
    SKIP_TESTS,
    IS_UPGRADE,
    KUBE_VERSION,
    API_VERSIONS,
    RELEASE_NAME,
    HELM_VERSION,
    SEED,
];

const PARTS_V4_INSTALL: &[&[Flag]] = &[
    INSTALL4,
    &[RENDER_SUBCHART_NOTES, HIDE_NOTES, HIDE_SECRET, DRY_RUN],
    VALUE_FLAGS,
    CHART_PATH,
    POST_RENDER,
];
/// `helm install` in helm v4.2.3 (`newInstallCmd`, pkg/cmd/install.go).
pub static V4_INSTALL: &[Flag] = &join::<{ count(PARTS_V4_INSTALL) }>(PARTS_V4_INSTALL);

const PARTS_V4_TEMPLATE: &[&[Flag]] = &[
    INSTALL4,
    &[
        HIDE_NOTES_TEMPLATE,
        RENDER_SUBCHART_NOTES_TEMPLATE,
        VALIDATE,
        DRY_RUN_TEMPLATE,
    ],
    TEMPLATE,
    VALUE_FLAGS,
    CHART_PATH,
    POST_RENDER,
];
/// `helm template` in helm v4.2.3 (`newTemplateCmd`, pkg/cmd/template.go), with ours.
pub static V4_TEMPLATE: &[Flag] = &join::<{ count(PARTS_V4_TEMPLATE) }>(PARTS_V4_TEMPLATE);

const PARTS_V4_UPGRADE: &[&[Flag]] = &[
    &[
        CREATE_NAMESPACE,
        INSTALL,
        DEVEL,
        HIDE_SECRET,
        FORCE_REPLACE,
        FORCE,
        FORCE_CONFLICTS,
        SERVER_SIDE_UPGRADE,
        NO_HOOKS,
        DISABLE_OPENAPI_VALIDATION,
        SKIP_CRDS,
        TIMEOUT,
        RESET_VALUES,
        REUSE_VALUES,
        RESET_THEN_REUSE_VALUES,
        WAIT_FOR_JOBS,
        ROLLBACK_ON_FAILURE,
        ATOMIC,
        HISTORY_MAX,
        CLEANUP_ON_FAIL,
        RENDER_SUBCHART_NOTES,
        HIDE_NOTES,
        SKIP_SCHEMA_VALIDATION,
        LABELS,
        DESCRIPTION,
        DEPENDENCY_UPDATE,
        ENABLE_DNS,
        TAKE_OWNERSHIP,
        DRY_RUN,
        WAIT,
    ],
    VALUE_FLAGS,
    CHART_PATH,
    POST_RENDER,
];
/// `helm upgrade` in helm v4.2.3 (`newUpgradeCmd`, pkg/cmd/upgrade.go).
pub static V4_UPGRADE: &[Flag] = &join::<{ count(PARTS_V4_UPGRADE) }>(PARTS_V4_UPGRADE);

const PARTS_V3_INSTALL: &[&[Flag]] = &[
    INSTALL3,
    &[HIDE_SECRET],
    VALUE_FLAGS,
    CHART_PATH,
    POST_RENDER,
];
/// `helm install` in helm v3.17.2 (`newInstallCmd`, cmd/helm/install.go).
pub static V3_INSTALL: &[Flag] = &join::<{ count(PARTS_V3_INSTALL) }>(PARTS_V3_INSTALL);

const PARTS_V3_TEMPLATE: &[&[Flag]] = &[
    INSTALL3,
    &[VALIDATE3],
    TEMPLATE,
    VALUE_FLAGS,
    CHART_PATH,
    POST_RENDER,
];
/// `helm template` in helm v3.17.2 (`newTemplateCmd`, cmd/helm/template.go), with ours.
pub static V3_TEMPLATE: &[Flag] = &join::<{ count(PARTS_V3_TEMPLATE) }>(PARTS_V3_TEMPLATE);

const PARTS_V3_UPGRADE: &[&[Flag]] = &[
    &[
        CREATE_NAMESPACE,
        INSTALL,
        DEVEL,
        DRY_RUN3,
        HIDE_SECRET,
        FORCE3,
        DISABLE_OPENAPI_VALIDATION,
        SKIP_CRDS,
        TIMEOUT,
        RESET_VALUES,
        REUSE_VALUES,
        RESET_THEN_REUSE_VALUES,
        WAIT3,
        WAIT_FOR_JOBS,
        ATOMIC3,
        HISTORY_MAX,
        CLEANUP_ON_FAIL,
        RENDER_SUBCHART_NOTES,
        HIDE_NOTES,
        SKIP_SCHEMA_VALIDATION,
        LABELS,
        DESCRIPTION,
        DEPENDENCY_UPDATE,
        ENABLE_DNS,
        TAKE_OWNERSHIP,
        NO_HOOKS,
    ],
    VALUE_FLAGS,
    CHART_PATH,
    POST_RENDER,
];
/// `helm upgrade` in helm v3.17.2 (`newUpgradeCmd`, cmd/helm/upgrade.go).
pub static V3_UPGRADE: &[Flag] = &join::<{ count(PARTS_V3_UPGRADE) }>(PARTS_V3_UPGRADE);

// `rollback` and `uninstall` (pkg/cmd/rollback.go, uninstall.go, helm v4.2.3; cmd/helm/
// rollback.go, uninstall.go, v3.17.2).
const SIMULATE_ROLLBACK: Flag = flag("dry-run", None, Bool, "simulate a rollback");
const SIMULATE_UNINSTALL: Flag = flag("dry-run", None, Bool, "simulate a uninstall");
const RECREATE_PODS: Flag = flag(
    "recreate-pods",
    None,
    Bool,
    "performs pods restart for the resource if applicable",
);
const CASCADE: Flag = flag(
    "cascade",
    None,
    Str,
    "Must be \"background\", \"orphan\", or \"foreground\". Selects the deletion cascading strategy for the dependents. Defaults to background.",
)
.default("background");
const IGNORE_NOT_FOUND: Flag = flag(
    "ignore-not-found",
    None,
    Bool,
    "Treat \"release not found\" as a successful uninstall",
);
const KEEP_HISTORY: Flag = flag(
    "keep-history",
    None,
    Bool,
    "remove all associated resources and mark the release as deleted, but retain the release history",
);

/// `helm rollback` in helm v4.2.3 (`--description` is not in its `--help`, but taken).
pub static V4_ROLLBACK: &[Flag] = &[
    CLEANUP_ON_FAIL,
    DRY_RUN,
    FORCE_CONFLICTS,
    FORCE_REPLACE,
    FORCE,
    HISTORY_MAX,
    NO_HOOKS,
    SERVER_SIDE_UPGRADE,
    TIMEOUT,
    WAIT,
    WAIT_FOR_JOBS,
    DESCRIPTION,
];

/// `helm rollback` in helm v3.17.2.
pub static V3_ROLLBACK: &[Flag] = &[
    CLEANUP_ON_FAIL,
    SIMULATE_ROLLBACK,
    FORCE3,
    HISTORY_MAX,
    NO_HOOKS,
    RECREATE_PODS,
    TIMEOUT,
    WAIT3,
    WAIT_FOR_JOBS,
];

/// `helm uninstall` in helm v4.2.3.
pub static V4_UNINSTALL: &[Flag] = &[
    CASCADE,
    DESCRIPTION,
    SIMULATE_UNINSTALL,
    IGNORE_NOT_FOUND,
    KEEP_HISTORY,
    NO_HOOKS,
    TIMEOUT,
    WAIT,
];

/// `helm uninstall` in helm v3.17.2.
pub static V3_UNINSTALL: &[Flag] = &[
    CASCADE,
    DESCRIPTION,
    SIMULATE_UNINSTALL,
    IGNORE_NOT_FOUND,
    KEEP_HISTORY,
    NO_HOOKS,
    TIMEOUT,
    WAIT3,
];

/// Every helm v3.17.2 command's flags (`EnvSettings.AddFlags`, pkg/cli/environment.go).
pub static V3_GLOBAL: &[Flag] = &[
    NAMESPACE,
    BURST_LIMIT,
    DEBUG,
    KUBE_APISERVER,
    KUBE_AS_GROUP,
    KUBE_AS_USER,
    KUBE_CA_FILE,
    KUBE_CONTEXT,
    KUBE_INSECURE_SKIP_TLS_VERIFY,
    KUBE_TLS_SERVER_NAME,
    KUBE_TOKEN,
    KUBECONFIG,
    QPS,
    REGISTRY_CONFIG,
    REPOSITORY_CACHE,
    REPOSITORY_CONFIG,
];

/// Every helm v4.2.3 command's flags (`EnvSettings.AddFlags`, pkg/cli/environment.go).
pub static V4_GLOBAL: &[Flag] = &[
    NAMESPACE,
    BURST_LIMIT,
    COLOR,
    COLOUR,
    CONTENT_CACHE,
    DEBUG,
    KUBE_APISERVER,
    KUBE_AS_GROUP,
    KUBE_AS_USER,
    KUBE_CA_FILE,
    KUBE_CONTEXT,
    KUBE_INSECURE_SKIP_TLS_VERIFY,
    KUBE_TLS_SERVER_NAME,
    KUBE_TOKEN,
    KUBECONFIG,
    QPS,
    REGISTRY_CONFIG,
    REPOSITORY_CACHE,
    REPOSITORY_CONFIG,
];

#[cfg(test)]
mod tests {
    /// pflag panics on a flag defined twice; so would helm.
    #[test]
    fn no_table_names_a_flag_twice() {
        for t in [
            super::V4_INSTALL,
            super::V4_UPGRADE,
            super::V4_TEMPLATE,
            super::V3_INSTALL,
            super::V3_UPGRADE,
            super::V3_TEMPLATE,
            super::V4_ROLLBACK,
            super::V3_ROLLBACK,
            super::V4_UNINSTALL,
            super::V3_UNINSTALL,
            super::V4_GLOBAL,
            super::V3_GLOBAL,
        ] {
            let mut names: Vec<&str> = t.iter().map(|f| f.long).collect();
            names.sort_unstable();
            let before = names.len();
            names.dedup();
            assert_eq!(before, names.len(), "{names:?}");
        }
    }
}

/// Each version's verb tables, by verb, for `helm_verbs!`.
pub mod v4 {
    pub use super::{
        V4_INSTALL as INSTALL, V4_ROLLBACK as ROLLBACK, V4_TEMPLATE as TEMPLATE,
        V4_UNINSTALL as UNINSTALL, V4_UPGRADE as UPGRADE,
    };
}

/// helm 3's.
pub mod v3 {
    pub use super::{
        V3_INSTALL as INSTALL, V3_ROLLBACK as ROLLBACK, V3_TEMPLATE as TEMPLATE,
        V3_UNINSTALL as UNINSTALL, V3_UPGRADE as UPGRADE,
    };
}
