//! minikube on the learner's machine: `minikube service NAME [--url]` prints the URLs of a
//! Service's node ports in minikube's box table, then opens an SSH tunnel to it, as the Docker
//! driver does where the node is not directly reachable (minikube's `cmd/minikube/cmd/service.go`
//! `startKicServiceTunnel` and `pkg/minikube/tunnel/kic/ssh_conn.go`, v1.38.1); `service list`,
//! `ip`, `status`, `version`, `image load` (the learner's own image onto the node, so a pod
//! that may use a present image does not pull it), `ssh` (the node's files, `super::node`) and
//! `kubectl -- ARGS`.

use super::registry::{Args, Complete, FlagKind, Program, Style, Verb, flag};
use super::session::{Forward, Session};
use crate::shell::Output;
use crate::shell::output::Result;
use crate::sim::world::key;

pub static MINIKUBE: Program = Program {
    name: "minikube",
    about: "minikube provisions and manages local Kubernetes clusters; this terminal's minikube knows `minikube service NAME [--url]`, `service list`, `ssh [-- CMD]` (the node's files: the claims' data), `ip`, `status`, `version`, `image load IMAGE` and `kubectl -- ARGS`.\n",
    style: Style::Cobra,
    globals: &[flag(
        "namespace",
        Some('n'),
        FlagKind::String,
        "The service namespace",
    )
    .default("'default'")],
    elsewhere: &[
        "start",
        "stop",
        "delete",
        "pause",
        "unpause",
        "dashboard",
        "addons",
        "logs",
        "tunnel",
        "mount",
        "podman-env",
        "cache",
        "profile",
        "config",
        "node",
        "cp",
        "update-context",
        "update-check",
        "completion",
        "license",
        "options",
    ],
    verbs: &[
        Verb {
            name: "service",
            aliases: &[],
            short: "Returns a URL to connect to a service",
            usage: "[flags] SERVICE",
            synopsis: &["minikube service NAME [--url]"],
            flags: &[flag(
                "url",
                None,
                FlagKind::Bool,
                "Display the Kubernetes service URL in the CLI instead of opening it in the default browser",
            )],
            complete: Complete::Service,
            run: service,
            subs: &[Verb {
                name: "list",
                aliases: &[],
                short: "Lists the URLs for the services in your local cluster",
                usage: "[flags]",
                synopsis: &["minikube service list [-n NS]"],
                flags: &[
                    flag(
                        "output",
                        Some('o'),
                        FlagKind::String,
                        "The output format. One of 'json', 'table'",
                    )
                    .default("table"),
                    flag(
                        "namespace",
                        Some('n'),
                        FlagKind::String,
                        "The services namespace",
                    ),
                ],
                complete: Complete::Nothing,
                run: service_list,
                subs: &[],
            }],
        },
        Verb {
            name: "ssh",
            aliases: &[],
            short: "Log into the minikube environment (for debugging)",
            usage: "[flags] [-- COMMAND]",
            synopsis: &[
                "minikube ssh [-- CMD]                   the node: the claims' data under /tmp/hostpath-provisioner",
            ],
            flags: &[
                flag(
                    "native-ssh",
                    None,
                    FlagKind::Bool,
                    "Use native Golang SSH client (default true). Set to 'false' to use the command line 'ssh' command when accessing the docker machine. Useful for the machine drivers when they will not start with 'Waiting for SSH'.",
                )
                .default("true"),
                flag(
                    "node",
                    Some('n'),
                    FlagKind::String,
                    "The node to ssh into. Defaults to the primary control plane.",
                ),
            ],
            complete: Complete::Nothing,
            run: ssh,
            subs: &[],
        },
        Verb {
            name: "ip",
            aliases: &[],
            short: "Retrieves the IP address of the specified node",
            usage: "[flags]",
            synopsis: &["minikube ip, minikube status, minikube version"],
            flags: &[],
            complete: Complete::Nothing,
            run: ip,
            subs: &[],
        },
        Verb {
            name: "docker-env",
            aliases: &[],
            short: "Provides instructions to point your terminal's docker-cli to the Docker Engine inside minikube. (Useful for building docker images directly inside minikube)",
            usage: "[flags]",
            synopsis: &[
                "eval $(minikube docker-env)             docker build then builds onto the node",
            ],
            flags: &[],
            complete: Complete::Nothing,
            run: docker_env,
            subs: &[],
        },
        Verb {
            name: "status",
            aliases: &[],
            short: "Gets the status of a local Kubernetes cluster",
            usage: "[flags]",
            synopsis: &[],
            flags: &[],
            complete: Complete::Nothing,
            run: status,
            subs: &[],
        },
        Verb {
            name: "version",
            aliases: &[],
            short: "Print the version of minikube",
            usage: "[flags]",
            synopsis: &[],
            flags: &[flag(
                "short",
                None,
                FlagKind::Bool,
                "Print just the version number.",
            )],
            complete: Complete::Nothing,
            run: version,
            subs: &[],
        },
        Verb {
            name: "image",
            aliases: &[],
            short: "Manage images",
            usage: "COMMAND",
            synopsis: &["minikube image load IMAGE               your own image onto the node"],
            flags: &[],
            complete: Complete::Words(&["load", "build"]),
            run: image_usage,
            subs: &[
                Verb {
                    name: "load",
                    aliases: &[],
                    short: "Load an image into minikube",
                    usage: "IMAGE | ARCHIVE | -",
                    synopsis: &[],
                    flags: &[],
                    complete: Complete::Nothing,
                    run: image_load,
                    subs: &[],
                },
                Verb {
                    name: "build",
                    aliases: &[],
                    short: "Build a container image in minikube",
                    usage: "PATH | URL | -",
                    synopsis: &[],
                    flags: &[
                        flag(
                            "tag",
                            Some('t'),
                            FlagKind::String,
                            "Tag to apply to the new image (optional)",
                        ),
                        flag(
                            "push",
                            None,
                            FlagKind::Bool,
                            "Push the new image (requires tag)",
                        ),
                        flag(
                            "file",
                            Some('f'),
                            FlagKind::String,
                            "Path to the Dockerfile to use (optional)",
                        ),
                        flag(
                            "build-env",
                            None,
                            FlagKind::StringArray,
                            "Environment variables to pass to the build. (format: key=value)",
                        ),
                        flag(
                            "build-opt",
                            None,
                            FlagKind::StringArray,
                            "Specify arbitrary flags to pass to the build. (format: key=value)",
                        ),
                        flag(
                            "node",
                            Some('n'),
                            FlagKind::String,
                            "The node to build on. Defaults to the primary control plane.",
                        ),
                        flag("all", None, FlagKind::Bool, "Build image on all nodes."),
                    ],
                    complete: Complete::File,
                    run: image_build,
                    subs: &[],
                },
            ],
        },
        Verb {
            name: "kubectl",
            aliases: &[],
            short: "Run a kubectl binary matching the cluster version",
            usage: "-- [flags]",
            synopsis: &["minikube kubectl -- ARGS                kubectl, as minikube runs it"],
            flags: &[],
            complete: Complete::Nothing,
            run: kubectl,
            subs: &[],
        },
    ],
};

/// `minikube service list [-n NS] [-o table|json]` (cmd/minikube/cmd/service_list.go,
/// v1.38.1): every Service (all namespaces unless `-n`), in the API's order. A Service without
/// node ports reads `No node port`; the URLs of the others are left out, because this
/// machine reaches the node through a tunnel (`updatePortsAndURLs`).
fn service_list(s: &mut Session, a: &Args) -> Result {
    use super::resources::{Res, names};
    let services = names(&s.sim.world, Res::Service, a.get("namespace"));
    let rows: Vec<(String, String, Vec<String>)> = services
        .into_iter()
        .map(|(ns, name)| {
            let ports: Vec<String> = s
                .sim
                .world
                .services
                .get(&key(&ns, &name))
                .map(|svc| {
                    svc.ports
                        .iter()
                        .filter(|p| p.node_port.is_some())
                        .map(|p| {
                            p.name
                                .as_ref()
                                .map_or(p.port.to_string(), |n| format!("{n}/{}", p.port))
                        })
                        .collect()
                })
                .unwrap_or_default();
            (ns, name, ports)
        })
        .collect();
    match a
        .get("output")
        .unwrap_or("table")
        .to_ascii_lowercase()
        .as_str()
    {
        "table" => Ok(Output::ok(box_table(
            &["NAMESPACE", "NAME", "TARGET PORT", "URL"],
            &rows
                .into_iter()
                .map(|(ns, name, ports)| {
                    let ports = if ports.is_empty() {
                        "No node port".to_string()
                    } else {
                        ports.join("\n")
                    };
                    vec![ns, name, ports, String::new()]
                })
                .collect::<Vec<_>>(),
        ))),
        // `json.Marshal` of `service.URLs`, without a newline: no URLs is `null`, URLs
        // removed for the tunnel are `[]`.
        "json" => {
            let items: Vec<serde_json::Value> = rows
                .into_iter()
                .map(|(ns, name, ports)| {
                    let (urls, ports) = if ports.is_empty() {
                        (serde_json::Value::Null, vec!["No node port".to_string()])
                    } else {
                        (serde_json::json!([]), ports)
                    };
                    let mut m = serde_json::Map::new();
                    m.insert("Namespace".into(), ns.into());
                    m.insert("Name".into(), name.into());
                    m.insert("URLs".into(), urls);
                    m.insert("PortNames".into(), ports.into());
                    serde_json::Value::Object(m)
                })
                .collect();
            let fields = |v: &serde_json::Value| {
                ["Namespace", "Name", "URLs", "PortNames"]
                    .iter()
                    .map(|k| format!("\"{k}\":{}", v.get(*k).unwrap_or(&serde_json::Value::Null)))
                    .collect::<Vec<_>>()
                    .join(",")
            };
            Ok(Output::ok(format!(
                "[{}]",
                items
                    .iter()
                    .map(|v| format!("{{{}}}", fields(v)))
                    .collect::<Vec<_>>()
                    .join(",")
            )))
        }
        other => Ok(exit(
            Output::default(),
            USAGE,
            &format!("invalid output format: {other}. Valid values: 'table', 'json'"),
            None,
        )),
    }
}

/// `minikube ip`: the node's address.
fn ip(s: &mut Session, _: &Args) -> Result {
    Ok(Output::ok(format!("{}\n", s.sim.world.node_ip)))
}

/// `minikube docker-env` for bash (cmd/minikube/cmd/docker-env.go `dockerEnvTCPTmpl`,
/// pkg/minikube/shell/shell.go, v1.38.1): the variables that point docker at the node's Docker
/// Engine, through the port Docker publishes for it on this machine (a tunnelling one), and
/// how to use them.
fn docker_env(_: &mut Session, _: &Args) -> Result {
    Ok(Output::ok(format!(
        "export DOCKER_TLS_VERIFY=\"1\"\nexport DOCKER_HOST=\"tcp://127.0.0.1:{DOCKER_PORT}\"\nexport DOCKER_CERT_PATH=\"/home/{}/.minikube/certs\"\nexport MINIKUBE_ACTIVE_DOCKERD=\"minikube\"\n\n# To point your shell to minikube's docker-daemon, run:\n# eval $(minikube -p minikube docker-env)\n",
        super::terminal::USER
    )))
}

/// The port Docker publishes the node's Docker Engine (2376) on.
const DOCKER_PORT: u16 = 32771;

/// `minikube status` (`defaultStatusFormat`, cmd/minikube/cmd/status.go, v1.38.1): the one
/// node, running, then a blank line.
fn status(_: &mut Session, _: &Args) -> Result {
    Ok(Output::ok(
        "minikube\ntype: Control Plane\nhost: Running\nkubelet: Running\napiserver: Running\nkubeconfig: Configured\n\n",
    ))
}

/// `minikube version` (cmd/minikube/cmd/version.go): v1.38.1 and the commit it was built from.
fn version(_: &mut Session, a: &Args) -> Result {
    Ok(Output::ok(if a.has("short") {
        "v1.38.1\n"
    } else {
        "minikube version: v1.38.1\ncommit: c93a4cb9311efc66b90d33ea03f75f2c4120e9b0\n"
    }))
}

/// `minikube image` with no subcommand this terminal runs: minikube's other image commands
/// (`ls`, `build`, `rm`...) are refused as unavailable, as other programs' are.
fn image_usage(_: &mut Session, a: &Args) -> Result {
    Err(match a.positional.first() {
        Some(sub) => format!(
            "Error: `minikube image {sub}` is not available in this terminal; try 'minikube image load IMAGE' or 'minikube image build -t IMAGE .'"
        ),
        None => "Error: this terminal's `minikube image` knows `minikube image load IMAGE` and `minikube image build -t IMAGE .`".into(),
    }
    .into())
}

/// `minikube image load IMAGE...` (cmd/minikube/cmd/image.go, v1.38.1): silent when it works.
/// The image comes from the learner's own Docker, which the playground does not see, so any
/// image loads; from then on the node has it, and a container whose pull policy lets it use
/// a present image starts without pulling ("already present on machine").
fn image_load(s: &mut Session, a: &Args) -> Result {
    if a.positional.is_empty() {
        return Ok(exit(
            Output::default(),
            USAGE,
            "Please provide an image in your local daemon to load into minikube via <minikube image load IMAGE_NAME>",
            None,
        ));
    }
    for image in &a.positional {
        put_on_node(s, image);
    }
    Ok(Output::default())
}

/// `minikube image build -t IMAGE PATH` (`buildImageCmd`, cmd/minikube/cmd/image.go,
/// v1.38.1): the build runs in the node, so the image is on it afterwards. The playground runs
/// no build: it says so and takes the image as built (an untagged build names nothing).
fn image_build(s: &mut Session, a: &Args) -> Result {
    if a.positional.is_empty() {
        return Ok(exit(
            Output::default(),
            USAGE,
            "Please provide a path or url to build",
            None,
        ));
    }
    match a.get("tag").filter(|t| !t.is_empty()) {
        Some(tag) => {
            put_on_node(s, tag);
            Ok(Output::ok(format!(
                "(not simulated: {tag} counts as built in the node, so pods may use it without pulling it, as with imagePullPolicy: Never)\n"
            )))
        }
        None => Ok(Output::ok(
            "(not simulated: an image built without -t IMAGE has no name a pod could use)\n",
        )),
    }
}

/// Image `image` is on the node from now on (loaded, or built by the node's Docker).
pub fn put_on_node(s: &mut Session, image: &str) {
    s.sim.world.images.insert(image.to_string());
    // As the pods may name it: `student/visits:1.0` for `docker.io/student/visits:1.0`.
    if let Ok(r) = crate::sim::image::parse(image) {
        s.sim.world.images.insert(r.familiar_pull_string());
    }
}

/// `minikube kubectl -- ARGS`: the cluster's kubectl (already downloaded) run with ARGS.
fn kubectl(s: &mut Session, a: &Args) -> Result {
    let words: Vec<String> = a
        .positional
        .iter()
        .chain(a.after_dashes.iter().flatten())
        .cloned()
        .collect();
    Ok(super::verbs::KUBECTL.run(s, &words, a.stdin.as_deref()))
}

/// `minikube service NAME [-n NS] [--url]` (minikube ≥ 1.37 table style, v1.38.1).
fn service(s: &mut Session, a: &Args) -> Result {
    let ns = a
        .get("namespace")
        .map_or_else(|| s.namespace.clone(), str::to_string);
    let Some(name) = a.positional.first().cloned() else {
        return Ok(exit(
            Output::default(),
            USAGE,
            "You must specify service name(s) or --all",
            None,
        ));
    };
    let Some(svc) = s.sim.world.services.get(&key(&ns, &name)).cloned() else {
        return Ok(exit(
            Output::default(),
            SVC_NOT_FOUND,
            &format!(
                "Service '{name}' was not found in '{ns}' namespace.\nYou may select another namespace by using 'minikube service {name} -n <namespace>'. Or list out all the services using 'minikube service list'"
            ),
            None,
        ));
    };
    let node_ports: Vec<(String, String)> = svc
        .ports
        .iter()
        .filter_map(|p| {
            let np = p.node_port?;
            let label = p
                .name
                .as_ref()
                .map_or(p.port.to_string(), |n| format!("{n}/{}", p.port));
            Some((label, format!("http://{}:{np}", s.sim.world.node_ip)))
        })
        .collect();
    let mut out = Output::default();
    let table_head = ["NAMESPACE", "NAME", "TARGET PORT", "URL"];
    let (port_cell, url_cell) = if node_ports.is_empty() {
        (String::new(), "No node port".to_string())
    } else {
        (
            node_ports
                .iter()
                .map(|(l, _)| l.clone())
                .collect::<Vec<_>>()
                .join("\n"),
            node_ports
                .iter()
                .map(|(_, u)| u.clone())
                .collect::<Vec<_>>()
                .join("\n"),
        )
    };
    let first_table = box_table(
        &table_head,
        &[vec![ns.clone(), name.clone(), port_cell, url_cell]],
    );
    // `CheckServicePods` (pkg/minikube/service/service.go): a NodePort or LoadBalancer Service
    // needs a selected pod in phase Running (a crash-looping one is), or minikube gives up
    // after the first table, before any tunnel.
    if matches!(svc.ty.as_str(), "NodePort" | "LoadBalancer")
        && !s
            .sim
            .world
            .pods
            .values()
            .any(|p| svc.selects(p) && p.phase == crate::sim::world::Phase::Running)
    {
        if !a.has("url") {
            out.print(&first_table);
        }
        let log = log_file(&a.command, &a.words);
        return Ok(exit(
            out,
            SVC_UNREACHABLE,
            &format!("service not available: no running pod for service {name} found"),
            Some(&log),
        ));
    }
    // The simulated minikube runs the Docker driver on a machine that reaches the cluster
    // through an SSH tunnel (`driver.NeedsPortForward`), as most learners' machines do: every
    // Service is reached on `http://127.0.0.1:PORT`, one local port per Service port, with
    // kube-proxy spreading the requests over its ready endpoints. The tunnel stays open for
    // the session (minikube keeps it until Ctrl-C).
    let tunnel_urls = tunnel(s, &ns, &name, &svc.ports);
    let clusterip_warning = format!(
        "❗  Services [{ns}/{name}] have type \"ClusterIP\" not meant to be exposed, however for local development minikube allows you to access this !\n"
    );
    let needs_terminal = "❗  Because you are using a Docker driver on linux, the terminal needs to be open to run it.\n";
    if a.has("url") {
        if node_ports.is_empty() {
            out.eprint(&format!("😿  service {ns}/{name} has no node port\n"));
            out.eprint(&clusterip_warning);
        }
        out.print(
            &tunnel_urls
                .iter()
                .map(|u| format!("{u}\n"))
                .collect::<String>(),
        );
        out.eprint(needs_terminal);
        return Ok(out);
    }
    out.print(&first_table);
    if node_ports.is_empty() {
        out.print(&format!("😿  service {ns}/{name} has no node port\n"));
        out.eprint(&clusterip_warning);
    }
    out.print(&format!("🔗  Starting tunnel for service {name}.\n"));
    out.print(&box_table(
        &table_head,
        &[vec![
            ns.clone(),
            name.clone(),
            String::new(),
            tunnel_urls.join("\n"),
        ]],
    ));
    out.print(&format!(
        "🎉  Opening service {ns}/{name} in default browser...\n"
    ));
    out.eprint(needs_terminal);
    Ok(out)
}

/// Opens the tunnel to Service `ns/name`: a free local port per Service port (chosen at
/// random, seeded), kept in the session's forwards as `tunnel/NAME`. Returns the URLs.
fn tunnel(
    s: &mut Session,
    ns: &str,
    name: &str,
    ports: &[crate::sim::world::SvcPort],
) -> Vec<String> {
    let mut urls = Vec::new();
    for p in ports {
        // Linux's ephemeral range, where `freeport.GetFreePort` finds one; a port in use is
        // drawn again (a bounded number of times: a session cannot hold the whole range).
        let mut local = 0;
        for _ in 0..64 {
            local = 32768 + (s.sim.world.rng.next_u64() % 28232) as u16;
            if !s.forwards.iter().any(|f| f.local == local) {
                break;
            }
        }
        s.forwards.retain(|f| f.local != local);
        s.forwards.push(Forward {
            local,
            target: format!("tunnel/{name}"),
            ns: ns.to_string(),
            remote: p.port,
        });
        urls.push(format!("http://127.0.0.1:{local}"));
    }
    urls
}

/// minikube's Unicode box table: centred headers, left-aligned cells, multi-line cells.
/// A reason minikube exits for (pkg/minikube/reason/reason.go): its id and exit code
/// (exitcodes.go).
struct Reason {
    id: &'static str,
    code: i32,
}

const USAGE: Reason = Reason {
    id: "MK_USAGE",
    code: 14, // ExProgramUsage
};
const SVC_NOT_FOUND: Reason = Reason {
    id: "SVC_NOT_FOUND",
    code: 115, // ExSvcNotFound
};
const SVC_UNREACHABLE: Reason = Reason {
    id: "SVC_UNREACHABLE",
    code: 115, // ExSvcNotFound
};

/// How minikube ends a command that fails (pkg/minikube/exit/exit.go `Message` and `Error`,
/// out/out_reason.go `displayText`, v1.38.1): a blank line on standard output, `❌  Exiting due
/// to ID: MESSAGE` on standard error, then for `exit.Error` with no known issue matching
/// (`issue_log`: the command's log file) a blank line and the boxed request to report it
/// (out/out.go `displayGitHubIssueMessage`), a blank line on standard output, and the
/// reason's exit code.
fn exit(mut out: Output, reason: Reason, message: &str, issue_log: Option<&str>) -> Output {
    out.print("\n");
    out.eprint(&format!("❌  Exiting due to {}: {message}\n", reason.id));
    if let Some(log) = issue_log {
        out.eprint("\n");
        out.eprint(&boxed(&format!(
            "😿  If the above advice does not help, please let us know:\n👉  https://github.com/kubernetes/minikube/issues/new/choose\n\nPlease run `minikube logs --file=logs.txt` and attach logs.txt to the GitHub issue.\nPlease also attach the following file to the GitHub issue:\n- {log}"
        )));
    }
    out.print("\n");
    out.code = reason.code;
    out
}

/// The log file of a minikube command (cmd/minikube/main.go `logFileName`):
/// `/tmp/minikube_VERB_HASH_0.log`, HASH the SHA-1 of the user's name and the command's
/// arguments as pflag leaves them when it ignores the flags it does not know (all of the
/// command's own: a flag without `=` takes the next word unless it starts with `-`).
fn log_file(command: &str, words: &[String]) -> String {
    use sha1::Digest;
    let mut args: Vec<&str> = command.split(' ').skip(1).collect();
    let mut i = 0;
    while i < words.len() {
        let w = words[i].as_str();
        if w == "--" {
            args.extend(words[i + 1..].iter().map(String::as_str));
            break;
        }
        if w.len() > 1 && w.starts_with('-') {
            let long = w.starts_with("--");
            if !w.contains('=')
                && (long || w.len() == 2)
                && words.get(i + 1).is_some_and(|n| !n.starts_with('-'))
            {
                i += 1;
            }
        } else {
            args.push(w);
        }
        i += 1;
    }
    let mut h = sha1::Sha1::new();
    h.update(super::terminal::USER.as_bytes());
    for a in &args {
        h.update(a.as_bytes());
    }
    let hex: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
    match args.first() {
        Some(verb) => format!("/tmp/minikube_{verb}_{hex}_0.log"),
        None => format!("/tmp/minikube_{hex}_0.log"),
    }
}

/// `text` in minikube's box (box-cli-maker v3 `Render`: round corners, four spaces of
/// padding at the sides and a line above and below, lines padded to the widest, an emoji
/// two columns wide as go-runewidth counts it).
fn boxed(text: &str) -> String {
    let width = |l: &str| -> usize {
        l.chars()
            .map(|c| {
                if ('\u{1F000}'..='\u{1FAFF}').contains(&c) {
                    2
                } else {
                    1
                }
            })
            .sum()
    };
    let lines: Vec<&str> = text.trim().split('\n').collect();
    let longest = lines.iter().map(|l| width(l)).max().unwrap_or(0);
    let inner = longest + 8;
    let blank = format!("│{}│\n", " ".repeat(inner));
    let mut out = format!("╭{}╮\n", "─".repeat(inner));
    out.push_str(&blank);
    for l in &lines {
        out.push_str(&format!(
            "│    {l}{}    │\n",
            " ".repeat(longest - width(l))
        ));
    }
    out.push_str(&blank);
    out.push_str(&format!("╰{}╯\n", "─".repeat(inner)));
    out
}

fn box_table(head: &[&str], rows: &[Vec<String>]) -> String {
    let cols = head.len();
    let mut widths: Vec<usize> = head.iter().map(|h| h.chars().count()).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate().take(cols) {
            for line in c.split('\n') {
                widths[i] = widths[i].max(line.chars().count());
            }
        }
    }
    let rule = |l: &str, m: &str, r: &str| {
        format!(
            "{l}{}{r}\n",
            widths
                .iter()
                .map(|w| "─".repeat(w + 2))
                .collect::<Vec<_>>()
                .join(m)
        )
    };
    let mut out = rule("┌", "┬", "┐");
    out.push('│');
    for (i, h) in head.iter().enumerate() {
        let pad = widths[i] - h.chars().count();
        out.push_str(&format!(
            " {}{h}{} │",
            " ".repeat(pad / 2),
            " ".repeat(pad - pad / 2)
        ));
    }
    out.push('\n');
    out.push_str(&rule("├", "┼", "┤"));
    for r in rows {
        let height = r.iter().map(|c| c.split('\n').count()).max().unwrap_or(1);
        for line in 0..height {
            out.push('│');
            for (i, c) in r.iter().enumerate().take(cols) {
                let text = c.split('\n').nth(line).unwrap_or("");
                out.push_str(&format!(
                    " {text}{} │",
                    " ".repeat(widths[i] - text.chars().count())
                ));
            }
            out.push('\n');
        }
    }
    out.push_str(&rule("└", "┴", "┘"));
    out
}

/// `minikube ssh [-- COMMAND]` (cmd/minikube/cmd/ssh.go): without a command, the terminal is
/// attached to the node's login shell until `exit`; with one, it runs in `bash -c` on the
/// node, through a terminal (one stream). A status other than 0 is minikube's `ssh: Process
/// exited with status N`, and minikube exits 1.
fn ssh(s: &mut Session, a: &Args) -> Result {
    let mut words: Vec<String> = a.positional.clone();
    words.extend(a.after_dashes.clone().unwrap_or_default());
    if words.is_empty() {
        s.inside = Some(super::session::Inside {
            of: super::session::InsideOf::Node,
            vars: Default::default(),
            lines: 0,
            prompt: super::node::prompt(super::node::HOME),
            cwd: super::node::HOME.into(),
        });
        return Ok(Output::default());
    }
    let mut host = super::node::Node::new(s, super::node::HOME, false);
    let out = crate::shell::execute(&words.join(" "), &mut host, &mut Default::default());
    let code = out.code;
    let mut out = super::container::one_stream(out);
    ssh_status(&mut out, code);
    Ok(out)
}

/// How `minikube ssh` ends after the node's shell exited with `code`.
pub fn ssh_status(out: &mut Output, code: i32) {
    if code != 0 {
        out.eprint(&format!("ssh: Process exited with status {code}\n"));
        out.code = 1;
    } else {
        out.code = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The box as minikube v1.32 printed it on macOS (kubernetes/minikube#17934): four spaces
    /// each side, a line above and below, emoji two columns wide.
    #[test]
    fn the_issue_box_is_minikubes() {
        let log = "/var/folders/p6/q1k0dyl51q94l1vcgkmyss6w0000gn/T/minikube_service_4de2263f89a8afcbc5e65980cf5c4e1564e9a4d9_0.log";
        let mut out = exit(Output::default(), SVC_UNREACHABLE, "x", Some(log));
        let stderr = out.stderr();
        let shown: Vec<&str> = stderr.lines().skip(2).collect();
        let bar = "─".repeat(122);
        let blank = format!("│{}│", " ".repeat(122));
        let line = |text: &str, pad: usize| format!("│    {text}{}    │", " ".repeat(pad));
        assert_eq!(
            shown,
            [
                format!("╭{bar}╮"),
                blank.clone(),
                line(
                    "😿  If the above advice does not help, please let us know:",
                    56
                ),
                line(
                    "👉  https://github.com/kubernetes/minikube/issues/new/choose",
                    54
                ),
                blank.clone(),
                line(
                    "Please run `minikube logs --file=logs.txt` and attach logs.txt to the GitHub issue.",
                    31
                ),
                line(
                    "Please also attach the following file to the GitHub issue:",
                    56
                ),
                line(&format!("- {log}"), 0),
                blank,
                format!("╰{bar}╯"),
            ]
        );
        assert_eq!(out.take_stdout(), "\n\n");
        assert_eq!(out.code, 115);
    }

    #[test]
    fn log_files_are_named_as_minikube_names_them() {
        let words = |w: &[&str]| w.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        // sha1("student" + "service" + "web"): pflag drops `-n default` and `--url`.
        let plain = log_file("minikube service", &words(&["web"]));
        assert_eq!(
            plain,
            log_file(
                "minikube service",
                &words(&["web", "-n", "default", "--url"])
            )
        );
        assert!(plain.starts_with("/tmp/minikube_service_") && plain.ends_with("_0.log"));
        // An unknown flag takes the next word as its value: `--url web` leaves only `service`.
        assert_ne!(
            plain,
            log_file("minikube service", &words(&["--url", "web"]))
        );
    }
}
