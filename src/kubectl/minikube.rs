//! minikube on the learner's machine: `minikube service NAME [--url]` prints the URLs of a
//! Service's node ports in minikube's box table, then opens an SSH tunnel to it, as the Docker
//! driver does where the node is not directly reachable (minikube's `cmd/minikube/cmd/service.go`
//! `startKicServiceTunnel` and `pkg/minikube/tunnel/kic/ssh_conn.go`, v1.37).

use super::registry::{Args, Complete, FlagKind, Program, Style, Verb, flag};
use super::session::{Forward, Session};
use crate::shell::Output;
use crate::shell::output::Result;
use crate::sim::world::key;

pub static MINIKUBE: Program = Program {
    name: "minikube",
    about: "minikube provisions and manages local Kubernetes clusters; this terminal's minikube knows `minikube service NAME [--url]`.\n",
    style: Style::Cobra,
    globals: &[flag(
        "namespace",
        Some('n'),
        FlagKind::String,
        "The service namespace",
    )
    .default("'default'")],
    verbs: &[Verb {
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
        subs: &[],
    }],
};

/// `minikube service NAME [-n NS] [--url]` (minikube ≥ 1.37 table style).
fn service(s: &mut Session, a: &Args) -> Result {
    let ns = a
        .get("namespace")
        .map_or_else(|| s.namespace.clone(), str::to_string);
    let Some(name) = a.positional.first().cloned() else {
        return Err(
            "❌  Exiting due to MK_USAGE: You must specify service name(s) or --all".into(),
        );
    };
    let Some(svc) = s.sim.world.services.get(&key(&ns, &name)).cloned() else {
        return Err(format!(
            "❌  Exiting due to SVC_NOT_FOUND: Service '{name}' was not found in '{ns}' namespace.\nYou may select another namespace by using 'minikube service {name} -n <namespace>'. Or list out all the services using 'minikube service list'"
        )
        .into());
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
    // The simulated minikube runs the Docker driver on a machine that reaches the cluster
    // through an SSH tunnel (`driver.NeedsPortForward`), as most learners' machines do: every
    // Service is reached on `http://127.0.0.1:PORT`, one local port per Service port, with
    // kube-proxy spreading the requests over its ready endpoints. The tunnel stays open for
    // the session (minikube keeps it until Ctrl-C).
    let tunnel_urls = tunnel(s, &ns, &name, &svc.ports);
    let mut out = Output::default();
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
    let head = ["NAMESPACE", "NAME", "TARGET PORT", "URL"];
    out.print(&box_table(
        &head,
        &[vec![ns.clone(), name.clone(), port_cell, url_cell]],
    ));
    if node_ports.is_empty() {
        out.print(&format!("😿  service {ns}/{name} has no node port\n"));
        out.eprint(&clusterip_warning);
    }
    out.print(&format!("🏃  Starting tunnel for service {name}.\n"));
    out.print(&box_table(
        &head,
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
