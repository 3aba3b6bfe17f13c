//! kubectl's verb table ([`KUBECTL`]) and what its verbs share: naming objects (`TYPE NAME`,
//! `TYPE/NAME`, `-l` selectors, `--field-selector`), the namespace of a command, and the
//! StatefulSet a command changes. Each verb's handler lives in `verbs/`.

mod change;
mod describe;
mod exec;
mod explain;
mod get;
mod info;
pub(super) mod logs;
mod port_forward;
mod rollout;
pub mod run;
mod wait;

use super::registry::{Args, Complete, Flag, FlagKind, Program, Style, Verb, flag};
use super::resources::{self, Res};
use super::session::Session;
use crate::shell::Error;
use crate::sim::world::key;
use std::collections::BTreeMap;

use FlagKind::{Bool, Duration, Int, String as Str, StringArray};

/// kubectl's flags for every verb (`genericclioptions.ConfigFlags`).
const GLOBALS: &[Flag] = &[
    flag(
        "namespace",
        Some('n'),
        Str,
        "If present, the namespace scope for this CLI request",
    ),
    flag(
        "context",
        None,
        Str,
        "The name of the kubeconfig context to use",
    ),
    flag(
        "kubeconfig",
        None,
        Str,
        "Path to the kubeconfig file to use for CLI requests.",
    ),
    flag("v", Some('v'), Str, "number for the log level verbosity").default("0"),
    flag(
        "request-timeout",
        None,
        Str,
        "The length of time to wait before giving up on a single server request.",
    )
    .default("'0'"),
    flag(
        "cluster",
        None,
        Str,
        "The name of the kubeconfig cluster to use",
    ),
];

const SELECTOR: Flag = flag(
    "selector",
    Some('l'),
    Str,
    "Selector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)).",
);
const ALL_NAMESPACES: Flag = flag(
    "all-namespaces",
    Some('A'),
    Bool,
    "If present, list the requested object(s) across all namespaces.",
);
const FILENAME: Flag = flag(
    "filename",
    Some('f'),
    StringArray,
    "The files that contain the configurations to apply.",
);
const CONTAINER: Flag = flag(
    "container",
    Some('c'),
    Str,
    "Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation or the first container in the pod.",
);
const TIMEOUT: Flag = flag(
    "timeout",
    None,
    Duration,
    "The length of time to wait before giving up, zero means infinite",
);

/// Every kubectl verb the terminal knows, in the order `help` lists them.
pub static KUBECTL: Program = Program {
    name: "kubectl",
    about: "kubectl controls the Kubernetes cluster manager.\n\nTry 'help' for the commands this terminal knows.\n",
    style: Style::Kubectl,
    globals: GLOBALS,
    // kubectl's other commands (kubectl v1.36 `kubectl help`): they exist, but not here.
    elsewhere: &[
        "api-versions",
        "attach",
        "autoscale",
        "certificate",
        "completion",
        "cordon",
        "debug",
        "diff",
        "drain",
        "expose",
        "kustomize",
        "options",
        "plugin",
        "proxy",
        "replace",
        "taint",
        "uncordon",
    ],
    verbs: &[
        Verb {
            name: "get",
            aliases: &[],
            short: "Display one or many resources.",
            usage: "[(-o|--output=)json|yaml|name|wide|jsonpath=...] (TYPE[.VERSION][.GROUP] [NAME | -l label] | TYPE[.VERSION][.GROUP]/NAME ...) [options]",
            synopsis: &[
                "kubectl get po,sts,svc,pvc [-o wide|yaml|json|name|jsonpath=...] [-l app=web] [-w] [-A]",
            ],
            flags: &[
                flag("output", Some('o'), Str, "Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, wide).")
                    .values(&["wide", "yaml", "json", "name", "jsonpath=", "go-template="]),
                flag("template", None, Str, "Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview]."),
                flag("watch", Some('w'), Bool, "After listing/getting the requested object, watch for changes."),
                flag("watch-only", None, Bool, "Watch for changes to the requested object(s), without listing/getting first."),
                SELECTOR,
                ALL_NAMESPACES,
                flag("show-labels", None, Bool, "When printing, show all labels as the last column (default hide labels column)."),
                flag("label-columns", Some('L'), StringArray, "Accepts a comma separated list of labels that are going to be presented as columns."),
                flag("no-headers", None, Bool, "When using the default or custom-column output format, don't print headers (default print headers)."),
                flag("field-selector", None, Str, "Selector (field query) to filter on, supports '=', '==', and '!='."),
                flag("ignore-not-found", None, Bool, "If set to true, suppresses NotFound error for specific objects that do not exist."),
                flag("show-kind", None, Bool, "If present, list the resource type for the requested object(s)."),
                flag("output-watch-events", None, Bool, "Output watch event objects when --watch or --watch-only is used."),
                flag("sort-by", None, Str, "If non-empty, sort list types using this field specification.  The field specification is expressed as a JSONPath expression (e.g. '{.metadata.name}'). The field in the API resource specified by this JSONPath expression must be an integer or a string."),
            ],
            complete: Complete::TypeThenNames,
            run: get::get,
            subs: &[],
        },
        Verb {
            name: "describe",
            aliases: &[],
            short: "Show details of a specific resource or group of resources.",
            usage: "(-f FILENAME | TYPE [NAME_PREFIX | -l label] | TYPE/NAME) [options]",
            synopsis: &["kubectl describe pod|sts|svc|pvc|pv|ep|endpointslice|ns|sc|secret NAME"],
            flags: &[
                SELECTOR,
                ALL_NAMESPACES,
                flag("show-events", None, Bool, "If true, display events related to the described object.").default("true"),
            ],
            complete: Complete::TypeThenNames,
            run: describe::describe,
            subs: &[],
        },
        Verb {
            name: "exec",
            aliases: &[],
            short: "Execute a command in a container.",
            usage: "(POD | TYPE/NAME) [-c CONTAINER] [flags] -- COMMAND [args...]",
            synopsis: &[
                "kubectl exec POD [-c CONTAINER] -- cat FILE | ls DIR | hostname [-f] | nslookup NAME | env",
                "kubectl exec POD -- sh -c 'echo \"$(hostname)\" > /usr/share/nginx/html/index.html'",
            ],
            flags: &[
                CONTAINER,
                flag("stdin", Some('i'), Bool, "Pass stdin to the container"),
                flag("tty", Some('t'), Bool, "Stdin is a TTY"),
                flag("quiet", Some('q'), Bool, "Only print output from the remote session"),
            ],
            complete: Complete::Pod,
            run: exec::exec,
            subs: &[],
        },
        Verb {
            name: "logs",
            aliases: &[],
            short: "Print the logs for a container in a pod.",
            usage: "[-f] [-p] (POD | TYPE/NAME) [-c CONTAINER] [options]",
            synopsis: &["kubectl logs POD [-c CONTAINER], kubectl logs -l app=NAME [--prefix]"],
            flags: &[
                CONTAINER,
                flag("follow", Some('f'), Bool, "Specify if the logs should be streamed."),
                flag("tail", None, Int, "Lines of recent log file to display.").default("-1"),
                flag("previous", Some('p'), Bool, "If true, print the logs for the previous instance of the container in a pod if it exists."),
                flag("timestamps", None, Bool, "Include timestamps on each line in the log output"),
                flag("since", None, Duration, "Only return logs newer than a relative duration like 5s, 2m, or 3h. Defaults to all logs. Only one of since-time / since may be used."),
                flag("since-time", None, Str, "Only return logs after a specific date (RFC3339). Defaults to all logs. Only one of since-time / since may be used."),
                flag("selector", Some('l'), Str, "Selector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints."),
                flag("prefix", None, Bool, "Prefix each log line with the log source (pod name and container name)"),
            ],
            complete: Complete::Pod,
            run: logs::logs,
            subs: &[],
        },
        Verb {
            name: "delete",
            aliases: &[],
            short: "Delete resources by file names, stdin, resources and names, or by resources and label selector.",
            usage: "([-f FILENAME] | TYPE [(NAME | -l label | --all)]) [options]",
            synopsis: &["kubectl delete pod|pvc|sts NAME [--cascade=orphan]"],
            flags: &[
                flag("cascade", None, Str, "Must be \"background\", \"orphan\", or \"foreground\".")
                    .default("'background'")
                    .values(&["orphan", "background", "foreground"]),
                flag("grace-period", None, Int, "Period of time in seconds given to the resource to terminate gracefully.").default("-1"),
                flag("force", None, Bool, "If true, immediately remove resources from API and bypass graceful deletion."),
                flag("wait", None, Bool, "If true, wait for resources to be gone before returning.")
                    .default("true")
                    .values(&["false"]),
                flag("now", None, Bool, "If true, resources are signaled for immediate shutdown (same as --grace-period=1)."),
                SELECTOR,
                flag("all", None, Bool, "Delete all resources, in the namespace of the specified resource types."),
                flag("filename", Some('f'), StringArray, "containing the resource to delete."),
                flag("ignore-not-found", None, Bool, "Treat \"resource not found\" as a successful delete."),
            ],
            complete: Complete::TypeThenNames,
            run: change::delete,
            subs: &[],
        },
        Verb {
            name: "scale",
            aliases: &[],
            short: "Set a new size for a deployment, replica set, replication controller, or stateful set.",
            usage: "[--current-replicas=count] --replicas=COUNT (-f FILENAME | TYPE NAME) [options]",
            synopsis: &["kubectl scale sts NAME --replicas=N"],
            flags: &[
                flag("replicas", None, Int, "The new desired number of replicas. Required."),
                flag("current-replicas", None, Int, "Precondition for current size.").default("-1"),
            ],
            complete: Complete::StatefulSet,
            run: change::scale,
            subs: &[],
        },
        Verb {
            name: "apply",
            aliases: &[],
            short: "Apply a configuration to a resource by file name or stdin.",
            usage: "(-f FILENAME | -k DIRECTORY) [options]",
            synopsis: &[
                "kubectl apply -f manifest.yaml        (the editor's text, or a file the shell was given)",
            ],
            flags: &[
                FILENAME,
                flag("server-side", None, Bool, "If true, apply runs in the server instead of the client."),
                flag("dry-run", None, Str, "Must be \"none\", \"server\", or \"client\".").default("'none'"),
            ],
            complete: Complete::File,
            run: change::apply,
            subs: &[],
        },
        Verb {
            name: "create",
            aliases: &[],
            short: "Create a resource from a file or from stdin.",
            usage: "-f FILENAME [options]",
            synopsis: &["kubectl create namespace NAME"],
            flags: &[
                FILENAME,
                flag("dry-run", None, Str, "Must be \"none\", \"server\", or \"client\".").default("'none'"),
                flag("output", Some('o'), Str, "Output format. One of: (json, yaml, name)."),
            ],
            complete: Complete::File,
            run: change::create,
            subs: &[],
        },
        Verb {
            name: "patch",
            aliases: &[],
            short: "Update fields of a resource.",
            usage: "(-f FILENAME | TYPE NAME) [-p PATCH|--patch-file FILE] [options]",
            synopsis: &[
                "kubectl patch sts NAME -p '{\"spec\":{\"replicas\":3}}' [--type=merge|json|strategic]",
            ],
            flags: &[
                flag("patch", Some('p'), Str, "The patch to be applied to the resource JSON file."),
                flag("patch-file", None, Str, "A file containing a patch to be applied to the resource."),
                flag("type", None, Str, "The type of patch being provided; one of [json merge strategic]")
                    .default("'strategic'")
                    .values(&["merge", "json", "strategic"]),
            ],
            complete: Complete::StatefulSet,
            run: change::patch,
            subs: &[],
        },
        Verb {
            name: "set",
            aliases: &[],
            short: "Set specific features on objects.",
            usage: "SUBCOMMAND [options]",
            synopsis: &["kubectl set image sts/NAME CONTAINER=IMAGE"],
            flags: &[],
            complete: Complete::Words(&["image"]),
            run: change::set,
            subs: &[Verb {
                name: "image",
                aliases: &[],
                short: "Update the image of a pod template.",
                usage: "(-f FILENAME | TYPE NAME) CONTAINER_NAME_1=CONTAINER_IMAGE_1 ... CONTAINER_NAME_N=CONTAINER_IMAGE_N [options]",
                synopsis: &[],
                flags: &[],
                complete: Complete::StatefulSetRef,
                run: change::set_image,
                subs: &[],
            }],
        },
        Verb {
            name: "rollout",
            aliases: &[],
            short: "Manage the rollout of one or many resources.",
            usage: "SUBCOMMAND [options]",
            synopsis: &["kubectl rollout status|history|restart|undo sts/NAME"],
            flags: &[],
            complete: Complete::Words(&["status", "history", "restart", "undo", "pause", "resume"]),
            run: rollout::rollout,
            subs: &[
                Verb {
                    name: "status",
                    aliases: &[],
                    short: "Show the status of the rollout.",
                    usage: "(TYPE NAME | TYPE/NAME) [options]",
                    synopsis: &[],
                    flags: &[
                        flag("watch", Some('w'), Bool, "Watch the status of the rollout until it's done.")
                            .default("true")
                            .values(&["false"]),
                        TIMEOUT,
                        flag("revision", None, Int, "Pin to a specific revision for showing its status."),
                    ],
                    complete: Complete::StatefulSetRef,
                    run: rollout::status,
                    subs: &[],
                },
                Verb {
                    name: "history",
                    aliases: &[],
                    short: "View rollout history.",
                    usage: "(TYPE NAME | TYPE/NAME) [options]",
                    synopsis: &[],
                    flags: &[flag("revision", None, Int, "See the details, including podTemplate of the revision specified")],
                    complete: Complete::StatefulSetRef,
                    run: rollout::history,
                    subs: &[],
                },
                Verb {
                    name: "restart",
                    aliases: &[],
                    short: "Restart a resource.",
                    usage: "RESOURCE [options]",
                    synopsis: &[],
                    flags: &[],
                    complete: Complete::StatefulSetRef,
                    run: rollout::restart,
                    subs: &[],
                },
                Verb {
                    name: "undo",
                    aliases: &[],
                    short: "Undo a previous rollout.",
                    usage: "(TYPE NAME | TYPE/NAME) [options]",
                    synopsis: &[],
                    flags: &[flag("to-revision", None, Int, "The revision to rollback to. Default to 0 (last revision).")],
                    complete: Complete::StatefulSetRef,
                    run: rollout::undo,
                    subs: &[],
                },
                Verb {
                    name: "pause",
                    aliases: &[],
                    short: "Mark the provided resource as paused.",
                    usage: "RESOURCE [options]",
                    synopsis: &[],
                    flags: &[],
                    complete: Complete::StatefulSetRef,
                    run: rollout::pause,
                    subs: &[],
                },
                Verb {
                    name: "resume",
                    aliases: &[],
                    short: "Resume a paused resource.",
                    usage: "RESOURCE [options]",
                    synopsis: &[],
                    flags: &[],
                    complete: Complete::StatefulSetRef,
                    run: rollout::resume,
                    subs: &[],
                },
            ],
        },
        Verb {
            name: "wait",
            aliases: &[],
            short: "Wait for a specific condition on one or many resources.",
            usage: "([-f FILENAME] | resource.group/resource.name | resource.group [(-l label | --all)]) [--for=create|--for=delete|--for condition=available] [options]",
            synopsis: &["kubectl wait --for=condition=Ready pod/NAME [--timeout=60s]"],
            flags: &[
                flag("for", None, Str, "The condition to wait on: [create|delete|condition=condition-name[=condition-value]].")
                    .values(&["condition=Ready", "delete"]),
                TIMEOUT.default("30s"),
                SELECTOR,
                flag("all", None, Bool, "Select all resources in the namespace of the specified resource types"),
            ],
            complete: Complete::PodRef,
            run: wait::wait,
            subs: &[],
        },
        Verb {
            name: "port-forward",
            aliases: &[],
            short: "Forward one or more local ports to a pod.",
            usage: "TYPE/NAME [options] [LOCAL_PORT:]REMOTE_PORT [...[LOCAL_PORT_N:]REMOTE_PORT_N]",
            synopsis: &[
                "kubectl port-forward svc/NAME 8080:80   then   curl localhost:8080",
                "                                      (it keeps running in the background, as with &)",
            ],
            flags: &[flag("address", None, StringArray, "Addresses to listen on (comma separated).").default("[localhost]")],
            complete: Complete::Pod,
            run: port_forward::port_forward,
            subs: &[],
        },
        Verb {
            name: "run",
            aliases: &[],
            short: "Run a particular image on the cluster.",
            usage: "NAME --image=image [--env=\"key=value\"] [--port=port] [--dry-run=server|client] [--overrides=inline-json] [--command] -- [COMMAND] [args...]",
            synopsis: &[],
            flags: &[
                flag("image", None, Str, "The image for the container to run."),
                flag("stdin", Some('i'), Bool, "Keep stdin open on the container in the pod, even if nothing is attached."),
                flag("tty", Some('t'), Bool, "Allocate a TTY for the container in the pod."),
                flag("rm", None, Bool, "If true, delete the pod after it exits."),
                flag("attach", None, Bool, "If true, wait for the Pod to start running, and then attach to the Pod as if 'kubectl attach ...' were called.  Default false, unless '-i/--stdin' is set, in which case the default is true. With '--restart=Never' the exit code of the container process is returned."),
                flag("quiet", Some('q'), Bool, "If true, suppress prompt messages."),
                flag("restart", None, Str, "The restart policy for this Pod.").default("'Always'"),
                flag("command", None, Bool, "If true and extra arguments are present, use them as the 'command' field in the container, rather than the 'args' field which is the default."),
                flag("port", None, Str, "The port that this container exposes."),
                flag("env", None, StringArray, "Environment variables to set in the container."),
                flag("labels", Some('l'), Str, "Comma separated labels to apply to the pod. Will override previous values."),
                flag("dry-run", None, Str, "Must be \"none\", \"server\", or \"client\". If client strategy, only print the object that would be sent, without sending it.").default("'none'"),
                flag("output", Some('o'), Str, "Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file)."),
            ],
            complete: Complete::Nothing,
            run: run::run,
            subs: &[],
        },
        Verb {
            name: "version",
            aliases: &[],
            short: "Print the client and server version information.",
            usage: "[options]",
            synopsis: &[],
            flags: &[flag(
                "client",
                None,
                FlagKind::Bool,
                "If true, shows client version only (no server required).",
            )],
            complete: Complete::Nothing,
            run: info::version,
            subs: &[],
        },
        Verb {
            name: "cluster-info",
            aliases: &[],
            short: "Display cluster information.",
            usage: "[options]",
            synopsis: &[],
            flags: &[],
            complete: Complete::Nothing,
            run: info::cluster_info,
            subs: &[],
        },
        Verb {
            name: "api-resources",
            aliases: &[],
            short: "Print the supported API resources on the server.",
            usage: "[options]",
            synopsis: &[],
            flags: &[],
            complete: Complete::Nothing,
            run: info::api_resources,
            subs: &[],
        },
        Verb {
            name: "config",
            aliases: &[],
            short: "Modify kubeconfig files.",
            usage: "SUBCOMMAND [options]",
            synopsis: &["kubectl config set-context --current --namespace=NS   the namespace commands use"],
            flags: &[
                flag("current", None, Bool, "Modify the current context"),
                flag("namespace", None, Str, "namespace for the context entry in kubeconfig"),
                flag("minify", None, Bool, "Remove all information not used by current-context from the output"),
            ],
            complete: Complete::Words(&["current-context", "get-contexts", "set-context", "view"]),
            run: info::config,
            subs: &[],
        },
        Verb {
            name: "auth",
            aliases: &[],
            short: "Inspect authorization.",
            usage: "SUBCOMMAND [options]",
            synopsis: &[],
            flags: &[],
            complete: Complete::Words(&["can-i", "whoami"]),
            run: info::auth,
            subs: &[],
        },
        Verb {
            name: "cp",
            aliases: &[],
            short: "Copy files and directories to and from containers.",
            usage: "<file-spec-src> <file-spec-dest> [options]",
            synopsis: &["kubectl cp POD:/data/visits visits.txt, kubectl cp FILE POD:PATH"],
            flags: &[CONTAINER],
            complete: Complete::Pod,
            run: exec::cp,
            subs: &[],
        },
        Verb {
            name: "events",
            aliases: &[],
            short: "List events",
            usage: "[(-o|--output=)json|yaml|name|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file] [--for TYPE/NAME] [--watch] [options]",
            synopsis: &["kubectl events [--for pod/NAME] [--types=Warning] [-A]   events, oldest first"],
            flags: &[
                flag("for", None, Str, "Filter events to only those pertaining to the specified resource."),
                flag("types", None, StringArray, "Output only events of given types."),
                flag("all-namespaces", Some('A'), Bool, "If present, list the requested object(s) across all namespaces."),
                flag("no-headers", None, Bool, "When using the default output format, don't print headers."),
            ],
            complete: Complete::Nothing,
            run: info::events,
            subs: &[],
        },
        Verb {
            name: "top",
            aliases: &[],
            short: "Display resource (CPU/memory) usage.",
            usage: "[options]",
            synopsis: &[],
            flags: &[],
            complete: Complete::Nothing,
            run: info::top,
            subs: &[],
        },
        Verb {
            name: "label",
            aliases: &[],
            short: "Update the labels on a resource.",
            usage: "TYPE NAME KEY_1=VAL_1 ... KEY_N=VAL_N [options]",
            synopsis: &["kubectl label pod NAME KEY=VALUE|KEY- [--overwrite]   (and annotate)"],
            flags: &[flag("overwrite", None, Bool, "If true, allow labels to be overwritten, otherwise reject label updates that overwrite existing labels.")],
            complete: Complete::TypeThenNames,
            run: change::label,
            subs: &[],
        },
        Verb {
            name: "annotate",
            aliases: &[],
            short: "Update the annotations on a resource.",
            usage: "TYPE NAME KEY_1=VAL_1 ... KEY_N=VAL_N [options]",
            synopsis: &[],
            flags: &[flag("overwrite", None, Bool, "If true, allow annotations to be overwritten, otherwise reject annotation updates that overwrite existing annotations.")],
            complete: Complete::TypeThenNames,
            run: change::annotate,
            subs: &[],
        },
        Verb {
            name: "edit",
            aliases: &[],
            short: "Edit a resource on the server.",
            usage: "(RESOURCE/NAME | -f FILENAME) [options]",
            synopsis: &[],
            flags: &[],
            complete: Complete::TypeThenNames,
            run: info::unavailable,
            subs: &[],
        },
        Verb {
            name: "explain",
            aliases: &[],
            short: "Get documentation for a resource.",
            usage: "TYPE [--recursive=FALSE|TRUE] [--api-version=api-version-group] [--output=plaintext|plaintext-openapiv2] [options]",
            synopsis: &["kubectl explain statefulset[.spec[.FIELD...]]   (the API's documentation of a field)"],
            flags: &[
                flag("recursive", None, Bool, "When true, print the name of all the fields recursively. Otherwise, print the available fields with their description."),
                flag("api-version", None, Str, "Use given api-version (group/version) of the resource."),
                flag("output", Some('o'), Str, "Format in which to render the schema. Valid values are: (plaintext, plaintext-openapiv2)."),
            ],
            complete: Complete::Nothing,
            run: explain::explain,
            subs: &[],
        },
    ],
};

/// An object's labels.
type Labels = BTreeMap<String, String>;

/// A label selector as a predicate on an object's labels (`-l`), if one was given.
type LabelFilter<'a> = Option<&'a dyn Fn(&BTreeMap<String, String>) -> bool>;

const API_RESOURCES: &str =
    "Use \"kubectl api-resources\" for a complete list of supported resources.";

/// cli-runtime's `missingResourceError`.
const MISSING_RESOURCE: &str = "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'";

/// A namespace-qualified request: a type and its names (empty: all).
struct Request {
    res: Res,
    names: Vec<String>,
}

/// `TYPE[,TYPE] [NAME...]` or `TYPE/NAME...`.
fn requests(
    w: &crate::sim::cluster::World,
    args: &[String],
    verb: &str,
) -> Result<Vec<Request>, Error> {
    if args.is_empty() {
        return Err(Error::from(match verb {
            // get.go `Complete`: a hint on stderr, then a usage error.
            "get" => format!(
                "You must specify the type of resource to get. {API_RESOURCES}\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples"
            ),
            "describe" => {
                format!("error: You must specify the type of resource to describe. {API_RESOURCES}")
            }
            // The resource builder's `missingResourceError`.
            _ => MISSING_RESOURCE.to_string(),
        }));
    }
    let parse = |t: &str| -> Result<Vec<Res>, Error> {
        if t == "all" {
            return Ok(vec![Res::Pod, Res::Service, Res::StatefulSet, Res::Job]);
        }
        Res::parse(t).map(|r| vec![r]).ok_or_else(|| {
            Error::from(super::resources::unsimulated(w, t).unwrap_or_else(|| {
                format!("error: the server doesn't have a resource type \"{t}\"")
            }))
        })
    };
    if args.iter().any(|a| a.contains('/')) {
        if !args.iter().all(|a| a.contains('/')) {
            return Err(Error::from(format!(
                "error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl {verb} resource/<resource_name>' instead of 'kubectl {verb} resource resource/<resource_name>'"
            )));
        }
        let mut out: Vec<Request> = Vec::new();
        for a in args {
            let (t, n) = a.split_once('/').unwrap_or((a, ""));
            for r in parse(t)? {
                match out.iter_mut().find(|q| q.res == r) {
                    Some(q) => q.names.push(n.to_string()),
                    None => out.push(Request {
                        res: r,
                        names: vec![n.to_string()],
                    }),
                }
            }
        }
        return Ok(out);
    }
    let mut out = Vec::new();
    for t in args[0].split(',').filter(|t| !t.is_empty()) {
        for r in parse(t)? {
            out.push(Request {
                res: r,
                names: args[1..].to_vec(),
            });
        }
    }
    Ok(out)
}

/// A label selector (`app=web,tier!=db,env in (a,b),!legacy`) as a predicate.
pub fn selector(s: &str) -> Result<impl Fn(&BTreeMap<String, String>) -> bool, Error> {
    let mut reqs = Vec::new();
    let mut depth = 0;
    let mut cur = String::new();
    for c in s.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                reqs.push(std::mem::take(&mut cur));
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    if !cur.is_empty() {
        reqs.push(cur);
    }
    let mut parsed: Vec<(String, String, Vec<String>)> = Vec::new();
    for r in reqs {
        let r = r.trim();
        let set = |rest: &str| {
            rest.trim()
                .trim_start_matches('(')
                .trim_end_matches(')')
                .split(',')
                .map(|v| v.trim().to_string())
                .collect::<Vec<_>>()
        };
        if let Some((k, v)) = r.split_once("!=") {
            parsed.push((k.trim().into(), "!=".into(), vec![v.trim().into()]));
        } else if let Some((k, v)) = r.split_once("==").or_else(|| r.split_once('=')) {
            parsed.push((k.trim().into(), "=".into(), vec![v.trim().into()]));
        } else if let Some((k, v)) = r.split_once(" notin ") {
            parsed.push((k.trim().into(), "notin".into(), set(v)));
        } else if let Some((k, v)) = r.split_once(" in ") {
            parsed.push((k.trim().into(), "in".into(), set(v)));
        } else if let Some(k) = r.strip_prefix('!') {
            parsed.push((k.trim().into(), "!".into(), vec![]));
        } else if !r.is_empty()
            && r.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
        {
            parsed.push((r.into(), "exists".into(), vec![]));
        } else {
            return Err(Error::from(format!(
                "error: unable to parse requirement: found '{r}', expected: in, notin, =, ==, !=, gt, lt"
            )));
        }
    }
    Ok(move |labels: &BTreeMap<String, String>| {
        parsed.iter().all(|(k, op, vs)| {
            let v = labels.get(k);
            match op.as_str() {
                "=" => v == vs.first(),
                "!=" => v != vs.first(),
                "in" => v.is_some_and(|v| vs.contains(v)),
                "notin" => v.is_none_or(|v| !vs.contains(v)),
                "!" => v.is_none(),
                _ => v.is_some(),
            }
        })
    })
}

/// The `-l` selector of a command, parsed, if it has one.
fn selector_of(a: &Args) -> Result<Option<impl Fn(&Labels) -> bool>, Error> {
    a.get("selector").map(selector).transpose()
}

/// `pods "NAME" not found`, or for one of minikube's own pods, that the playground does not
/// run it.
fn pod_not_found(ns: &str, name: &str) -> Error {
    Error::from(match super::system::pod(ns, name) {
        Some(_) => super::system::not_simulated(name),
        None => Res::Pod.not_found(name),
    })
}

fn labels_of(s: &Session, r: Res, ns: &str, name: &str) -> BTreeMap<String, String> {
    let w = &s.sim.world;
    let k = key(ns, name);
    match r {
        Res::Pod => w
            .pods
            .get(&k)
            .map(|p| p.labels.clone())
            .or_else(|| super::system::pod(ns, name).map(|p| p.labels())),
        Res::StatefulSet => w.sets.get(&k).map(|x| x.labels.clone()),
        Res::Service => w.services.get(&k).map(|x| x.labels.clone()),
        Res::Pvc => w.pvcs.get(&k).map(|x| x.labels.clone()),
        // Every other kind: the labels of the object the API returns (a release's Secret,
        // an EndpointSlice's `kubernetes.io/service-name`, a namespace's name label...).
        _ => super::get::object(w, r, ns, name).map(|o| {
            o["metadata"]["labels"]
                .as_object()
                .map(|m| {
                    m.iter()
                        .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                        .collect()
                })
                .unwrap_or_default()
        }),
    }
    .unwrap_or_default()
}

/// The API server's warning header when a request reads v1 Endpoints (deprecated from 1.33,
/// KEP-4974), as kubectl prints it before anything else.
fn endpoints_warning(s: &Session, qs: &[Request]) -> Option<&'static str> {
    (qs.iter().any(|q| q.res == Res::Endpoints) && s.sim.opts.profile.minor >= 33).then_some(
        "Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n",
    )
}

/// The namespace of a command (`-n`), the session's otherwise.
fn namespace(s: &Session, a: &Args) -> String {
    a.get("namespace")
        .map_or_else(|| s.namespace.clone(), str::to_string)
}

/// The objects a request names (explicit or listed), and NotFound errors.
fn resolve(
    s: &Session,
    q: &Request,
    ns: Option<&str>,
    sel: LabelFilter<'_>,
    field: Option<&str>,
) -> (Vec<(String, String)>, Vec<String>) {
    let w = &s.sim.world;
    let listed = resources::names(w, q.res, if q.res.namespaced() { ns } else { None });
    if q.names.is_empty() {
        let kept = listed
            .into_iter()
            .filter(|(n_ns, n)| sel.is_none_or(|f| f(&labels_of(s, q.res, n_ns, n))))
            .filter(|(n_ns, n)| field.is_none_or(|f| field_matches(s, q.res, n_ns, n, f)))
            .collect();
        return (kept, Vec::new());
    }
    let mut found = Vec::new();
    let mut errors = Vec::new();
    for n in &q.names {
        match listed.iter().find(|(_, x)| x == n) {
            Some(hit) => found.push(hit.clone()),
            None => errors.push(q.res.not_found(n)),
        }
    }
    (found, errors)
}

/// `--field-selector status.phase=Running`, `metadata.name=web-0`.
fn field_matches(s: &Session, r: Res, ns: &str, name: &str, sel: &str) -> bool {
    sel.split(',').all(|req| {
        let (k, neg, v) = match req.split_once("!=") {
            Some((k, v)) => (k, true, v),
            None => match req.split_once("==").or_else(|| req.split_once('=')) {
                Some((k, v)) => (k, false, v),
                None => return true,
            },
        };
        let pod = || s.sim.world.pods.get(&key(ns, name));
        // An Event's fields as the API server selects them (`GetAttrs`, pkg/registry/core/
        // event/strategy.go): the involved object's, reason, type, the reporting source.
        let event = |path: &[&str]| {
            let o = super::get::object(&s.sim.world, Res::Event, ns, name)?;
            let v = path.iter().try_fold(&o, |v, f| v.get(*f))?;
            v.as_str().map(str::to_string)
        };
        let actual = match (r, k) {
            (_, "metadata.name") => Some(name.to_string()),
            (_, "metadata.namespace") => Some(ns.to_string()),
            (Res::Pod, "status.phase") => pod().map(|p| p.phase.as_str().to_string()),
            (Res::Pod, "spec.nodeName") => pod().and_then(|p| p.node.clone()),
            (Res::Pod, "status.podIP") => pod().and_then(|p| p.ip.clone()),
            (Res::Event, "source") => event(&["source", "component"]),
            (Res::Event, "reason" | "type" | "reportingComponent") => event(&[k]),
            (Res::Event, _) => match k.strip_prefix("involvedObject.") {
                Some(field) => event(&["involvedObject", field]),
                None => None,
            },
            _ => None,
        };
        (actual.as_deref() == Some(v)) != neg
    })
}

/// `sts/NAME`, `statefulset NAME`, `statefulset.apps/NAME`: the StatefulSet a command names.
fn sts_target(s: &Session, args: &[String], ns: &str) -> Result<String, Error> {
    let (t, n) = match args {
        [one] if one.contains('/') => one
            .split_once('/')
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .unwrap_or_default(),
        [t, n, ..] => (t.clone(), n.clone()),
        [t] => {
            // The resource builder, after checking the type.
            return Err(Error::from(match Res::parse(t) {
                Some(_) => {
                    "error: resource(s) were provided, but no name was specified".to_string()
                }
                None => super::resources::unsimulated(&s.sim.world, t).unwrap_or_else(|| {
                    format!("error: the server doesn't have a resource type \"{t}\"")
                }),
            }));
        }
        [] => return Err(MISSING_RESOURCE.into()),
    };
    match Res::parse(&t) {
        Some(Res::StatefulSet) => {}
        Some(r) => {
            return Err(Error::from(format!(
                "error: {} \"{n}\" is not a StatefulSet; this terminal changes StatefulSets",
                r.kind_prefix()
            )));
        }
        None => {
            return Err(Error::from(
                super::resources::unsimulated(&s.sim.world, &t).unwrap_or_else(|| {
                    format!("error: the server doesn't have a resource type \"{t}\"")
                }),
            ));
        }
    }
    if s.sim.world.sets.contains_key(&key(ns, &n)) {
        Ok(n)
    } else {
        Err(Error::from(Res::StatefulSet.not_found(&n)))
    }
}
