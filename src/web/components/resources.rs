//! The resource view: each StatefulSet (policy, replicas, strategy, status counts, what its
//! controller waits for), the Services, and one card per pod with its readiness, restarts,
//! revision, containers, IP, DNS name (copyable; marked with the reason when it would not
//! resolve) and claims. Pod cards carry the per-pod operations.

use crate::Analysis;
use crate::playground::view::{Frame, PodView, PvcView, RunsView, SetView};
use std::rc::Rc;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties)]
pub struct ResourceViewProps {
    pub frame: Rc<Frame>,
    /// The edit whose world this is (`ui::State::built`): shown on the view's element, so a
    /// test knows the cards it reads belong to the text it typed.
    pub built: u64,
    pub analysis: Rc<Analysis>,
    pub on_run: Callback<String>,
    pub on_copy: Callback<String>,
    /// What runs in a container was changed: (container, `--program` value).
    pub on_program: Callback<(String, String)>,
    /// What a container's image holds was changed: (container, `--image-tools` value, or
    /// `image` for what the image name says).
    pub on_tools: Callback<(String, String)>,
    /// An embedded read-only page shows the choices without letting them change.
    pub readonly: bool,
    /// A change of the choices can be undone (and the callback that does it).
    pub can_undo_choice: bool,
    pub on_undo_choice: Callback<()>,
}

impl PartialEq for ResourceViewProps {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.frame, &o.frame)
            && Rc::ptr_eq(&self.analysis, &o.analysis)
            && self.built == o.built
            && self.readonly == o.readonly
            && self.can_undo_choice == o.can_undo_choice
    }
}

/// The programs the playground runs, as the control offers them.
const PROGRAMS: &[(&str, &str)] = &[
    ("web", "a web app (200 on its first port)"),
    ("visits", "the visits counter"),
    ("visits,reset", "the visits counter, reset at each start"),
    ("nginx", "nginx"),
    ("sleep", "a process that only sleeps"),
    ("crash", "a program that crashes"),
];

/// What `kubectl exec` may find in an image, as the control offers it.
const TOOLS: &[(&str, &str)] = &[
    ("image", "tools as the image name says"),
    ("busybox", "busybox tools (sh, wget, nslookup)"),
    ("debian", "debian tools (sh, no nslookup)"),
    ("dnsutils", "dnsutils (nslookup, dig)"),
    ("none", "no shell (distroless)"),
];

/// One container's program and image tools, each a choice, with why it was assumed.
fn runs_row(r: &RunsView, p: &ResourceViewProps) -> Html {
    let select = |cb: &Callback<(String, String)>| {
        let (cb, container) = (cb.clone(), r.container.clone());
        Callback::from(move |e: Event| {
            if let Some(s) = e.target_dyn_into::<HtmlSelectElement>() {
                cb.emit((container.clone(), s.value()));
            }
        })
    };
    let options = |list: &[(&'static str, &'static str)], current: &str| -> Html {
        list.iter()
            .map(|(v, label)| html! { <option value={*v} selected={*v == current}>{ *label }</option> })
            .collect()
    };
    html! {
        <div class="runs" data-testid={format!("runs-{}", r.container)}>
            <dt>{ format!("Runs in {}", r.container) }</dt>
            <dd>
                <select data-testid="program" disabled={p.readonly} onchange={select(&p.on_program)}
                    aria-label={format!("What runs in container {} ({})", r.container, r.image)}>
                    { options(PROGRAMS, &r.program) }
                </select>
                <select data-testid="image-tools" disabled={p.readonly} onchange={select(&p.on_tools)}
                    aria-label={format!("What kubectl exec finds in the image of {}", r.container)}>
                    { options(TOOLS, &r.tools) }
                </select>
                <span class="muted why" data-testid="runs-why">{ &r.why }</span>
                if p.can_undo_choice && !p.readonly {
                    <button class="btn tiny ghost" data-testid="undo-choice" onclick={p.on_undo_choice.reform(|_| ())}
                        title="Put back what ran before the last change">{ "↶ Undo" }</button>
                }
            </dd>
        </div>
    }
}

/// Pod cards rendered per StatefulSet (the timeline and the terminal cover the rest).
const MAX_CARDS: usize = 120;

/// `web-0.nginx.default.svc.cluster.local` with line-break opportunities after each dot.
fn dns_name(name: &str) -> Html {
    let parts: Vec<&str> = name.split('.').collect();
    let last = parts.len().saturating_sub(1);
    html! { <>{ for parts.iter().enumerate().map(|(i, p)| html! {
        <>{ *p }if i < last { { "." }<wbr /> }</>
    }) }</> }
}

fn planned_card(p: &PodView, on_copy: &Callback<String>) -> Html {
    let copy = {
        let fqdn = p.fqdn.clone().unwrap_or_default();
        on_copy.reform(move |_| fqdn.clone())
    };
    let (pill, symbol) = if p.create_error.is_some() {
        ("pill failed", "✖ ")
    } else {
        ("pill planned", "○ ")
    };
    html! {
        <li class="pod planned" data-testid="planned-pod" key={p.name.clone()}
            aria-label={format!("Pod {}: {}", p.name, p.status.to_ascii_lowercase())}>
            <div class="pod-head">
                <span class="ordinal" title="ordinal">{ format!("#{}", p.ordinal) }</span>
                <h3 class="pod-name mono" data-testid="pod-name">{ &p.name }</h3>
                <span class={pill}><span aria-hidden="true">{ symbol }</span>{ &p.status }</span>
            </div>
            if let Some(error) = &p.create_error {
                <p class="pod-refused" data-testid="create-error">
                    { "The API server refuses this pod (FailedCreate), so the controller retries and it never exists: " }
                    <span class="mono">{ error }</span>
                </p>
            }
            <div class="pod-dns-row">
                <span class="pod-dns mono" data-testid="pod-dns">{ p.fqdn.as_deref().map_or_else(|| html! { "no DNS name" }, dns_name) }</span>
                if p.fqdn.is_some() {
                    <button class="btn tiny ghost" onclick={copy} aria-label={format!("Copy the DNS name of {}", p.name)}>{ "Copy" }</button>
                }
                if let Some(why) = &p.dns_problem {
                    <span class="dns-bad" data-testid="dns-problem"><span aria-hidden="true">{ "✖ " }</span>{ format!("will not resolve: {why}") }</span>
                }
            </div>
            <ul class="chips pod-pvcs" data-testid="pod-pvcs" aria-label="Claims">
                { for p.pvcs.iter().map(pvc_chip) }
            </ul>
        </li>
    }
}

/// A status word's class and symbol (status is never colour alone).
pub fn status_class(p: &PodView) -> (&'static str, &'static str) {
    let s = p.status.as_str();
    if p.terminating || s == "Terminating" {
        ("terminating", "◌")
    } else if s == "Completed" {
        ("completed", "✓")
    } else if p.ready {
        ("ready", "✔")
    } else if s == "Running" {
        ("running", "◐")
    } else if matches!(s, "Pending" | "ContainerCreating" | "PodInitializing")
        || s.starts_with("Init:")
    {
        ("pending", "…")
    } else {
        ("failed", "✖")
    }
}

#[function_component(ResourceView)]
pub fn resource_view(props: &ResourceViewProps) -> Html {
    let f = &props.frame;
    if f.sets.is_empty() && f.loose_pods.is_empty() {
        let rejected = props.analysis.has_errors() && !props.analysis.plan.statefulsets.is_empty();
        return html! {
            <section class="resources empty-state" data-testid="no-statefulset" data-built={props.built.to_string()}>
                if !f.refused.is_empty() {
                    { for f.refused.iter().map(|why| html! { <p data-testid="refused">{ why }</p> }) }
                } else if rejected {
                    <p>{ "The API server would reject this StatefulSet: fix the problems listed with the manifest, and its pods appear here." }</p>
                } else {
                    <p>{ "No StatefulSet in the cluster. Write one in the editor, or pick a scenario." }</p>
                }
            </section>
        };
    }
    html! {
        <section class="resources" aria-label="Resources" data-testid="resources" data-built={props.built.to_string()}>
            { for f.sets.iter().map(|s| set_card(s, f, props)) }
            if !f.loose_pods.is_empty() {
                <div class="loose" data-testid="loose-pods">
                    <h3>{ "Pods without a StatefulSet" }</h3>
                    <ul class="pods">{ for f.loose_pods.iter().map(|p| pod_card(p, &props.on_run, &props.on_copy, true)) }</ul>
                </div>
            }
            if !f.loose_pvcs.is_empty() {
                <div class="loose">
                    <h3>{ "Claims without a pod" }</h3>
                    <p class="muted">{ "Kept by the retention policy (whenScaled / whenDeleted: Retain): a pod with the same name will reuse them." }</p>
                    <ul class="chips">{ for f.loose_pvcs.iter().map(pvc_chip) }</ul>
                </div>
            }
        </section>
    }
}

fn set_card(s: &SetView, f: &Frame, props: &ResourceViewProps) -> Html {
    let (on_run, on_copy) = (&props.on_run, &props.on_copy);
    let svc = f
        .services
        .iter()
        .find(|x| x.name == s.service_name && x.ns == s.ns);
    let others: Vec<_> = f
        .services
        .iter()
        .filter(|x| x.ns == s.ns && x.name != s.service_name)
        .collect();
    html! {
        <>
        <article class="sts-card" data-testid={format!("sts-{}", s.name)}>
            <header class="card-head">
                <h2>{ format!("StatefulSet {}", s.name) }</h2>
                if s.terminating { <span class="pill terminating">{ "◌ Terminating" }</span> }
            </header>
            <dl class="facts">
                <div><dt>{ "Policy" }</dt><dd data-testid="policy">{ &s.policy }</dd></div>
                <div><dt>{ "Replicas" }</dt><dd>{ format!("{} desired · {} ready · {} updated", s.desired, s.ready, s.updated) }</dd></div>
                <div><dt>{ "Strategy" }</dt><dd>{ &s.strategy }</dd></div>
                <div><dt>{ "Revisions" }</dt><dd class="mono">{
                    if s.current_revision == s.update_revision { short(&s.update_revision, &s.name) }
                    else { format!("{} → {}", short(&s.current_revision, &s.name), short(&s.update_revision, &s.name)) }
                }</dd></div>
                <div><dt>{ "PVC retention" }</dt><dd>{ format!("whenDeleted {} · whenScaled {}", s.retention.0, s.retention.1) }</dd></div>
                if s.ordinals_start != 0 {
                    <div><dt>{ "Ordinals from" }</dt><dd>{ s.ordinals_start }</dd></div>
                }
                { for s.runs.iter().map(|r| runs_row(r, props)) }
            </dl>
            if let Some(w) = &s.waiting {
                <p class="waiting" data-testid="waiting">{ super::icons::icon("wait") }{ format!("Controller: {w}") }</p>
            }
            <div class="svc-line">
                { match (svc, &s.service_problem) {
                    (_, Some(p)) => html! { <p class="svc bad" data-testid="service-problem"><span aria-hidden="true">{ "✖ " }</span>{ format!("Governing Service: {p}") }</p> },
                    (Some(v), None) => html! {
                        <p class="svc good"><span aria-hidden="true">{ "✔ " }</span>
                            { format!("Headless Service {} · selector {} · {} of {} endpoints ready", v.name, v.selector, v.ready_endpoints, v.endpoints) }</p>
                    },
                    (None, None) => html! {},
                } }
                { for others.iter().map(|v| html! {
                    <p class="svc other">{ format!("Service {} ({}{}) · ports {} · {} of {} endpoints ready", v.name, v.ty,
                        if v.headless { ", headless" } else { "" }, v.ports, v.ready_endpoints, v.endpoints) }</p>
                }) }
            </div>
        </article>
        <ul class="pods" data-testid="pod-list" aria-label={format!("Pods of {}", s.name)}>
            { for s.pods.iter().take(MAX_CARDS).map(|p| pod_card(p, on_run, on_copy, false)) }
            { for s.planned.iter().take(MAX_CARDS.saturating_sub(s.pods.len())).map(|p| planned_card(p, on_copy)) }
        </ul>
        if s.pods.len() > MAX_CARDS || s.planned_more > 0 || s.pods.len() + s.planned.len() > MAX_CARDS {
            <p class="muted more-pods">{ format!(
                "Showing {} of {} pods; the terminal lists them all: kubectl get pods",
                MAX_CARDS.min(s.pods.len() + s.planned.len()),
                s.pods.len() as i64 + s.planned.len() as i64 + s.planned_more
            ) }</p>
        }
        </>
    }
}

fn short(rev: &str, set: &str) -> String {
    if rev.is_empty() {
        "—".into()
    } else {
        rev.strip_prefix(&format!("{set}-"))
            .unwrap_or(rev)
            .to_string()
    }
}

fn pvc_chip(c: &PvcView) -> Html {
    let modes: Vec<String> = c
        .access_modes
        .iter()
        .map(|m| match m.as_str() {
            "ReadWriteOnce" => "RWO".into(),
            "ReadOnlyMany" => "ROX".into(),
            "ReadWriteMany" => "RWX".into(),
            "ReadWriteOncePod" => "RWOP".into(),
            o => o.to_string(),
        })
        .collect();
    let bound = c.status == "Bound";
    html! {
        <li class={classes!("chip", if bound { "bound" } else { "unbound" })} data-testid="pvc"
            title={c.volume.clone().map(|v| format!("volume {v}")).unwrap_or_default()}>
            <span class="mono">{ &c.name }</span>
            { format!(" · {} · {} · ", c.storage, modes.join(",")) }
            <span aria-hidden="true">{ if bound { "✔ " } else { "… " } }</span>{ &c.status }
        </li>
    }
}

/// A pod card as a component, so that a frame re-renders only the cards whose pod changed:
/// during playback most pods stay as they were from one frame to the next.
#[derive(Properties)]
struct PodCardProps {
    pod: PodView,
    loose: bool,
    on_run: Callback<String>,
    on_copy: Callback<String>,
}

/// The callbacks are made afresh on every render of the page but always do the same thing,
/// so only the pod and the kind of card decide whether the card changes.
impl PartialEq for PodCardProps {
    fn eq(&self, other: &Self) -> bool {
        self.pod == other.pod && self.loose == other.loose
    }
}

/// A pod's card; `loose` for a pod no StatefulSet owns (its own test ids, no ordinal).
fn pod_card(
    p: &PodView,
    on_run: &Callback<String>,
    on_copy: &Callback<String>,
    loose: bool,
) -> Html {
    html! {
        <PodCard key={p.name.clone()} pod={p.clone()} {loose} on_run={on_run.clone()} on_copy={on_copy.clone()} />
    }
}

#[function_component(PodCard)]
fn pod_card_component(props: &PodCardProps) -> Html {
    let (p, on_run, on_copy, loose) = (&props.pod, &props.on_run, &props.on_copy, props.loose);
    let (card_id, name_id) = if loose {
        ("loose-pod", "loose-pod-name")
    } else {
        ("pod", "pod-name")
    };
    let (class, icon) = status_class(p);
    let name = p.name.clone();
    let delete = {
        let n = name.clone();
        on_run.reform(move |_| format!("kubectl delete pod {n} --wait=false"))
    };
    let readiness = {
        let n = name.clone();
        let broken = p.readiness_broken;
        on_run.reform(move |_| {
            format!(
                "fault {n} {}",
                if broken { "ready=ok" } else { "ready=never" }
            )
        })
    };
    let crash = {
        let n = name.clone();
        on_run.reform(move |_| format!("fault {n} crash"))
    };
    let copy = {
        let fqdn = p.fqdn.clone().unwrap_or_default();
        on_copy.reform(move |_| fqdn.clone())
    };
    let label = format!(
        "Pod {}: {}{}, {} containers ready, {} restarts",
        p.name,
        p.status,
        if p.ready { ", Ready" } else { ", not Ready" },
        p.ready_count,
        p.restarts
    );
    html! {
        <li class={classes!("pod", class)} data-testid={card_id} aria-label={label} key={p.name.clone()}>
            <div class="pod-head">
                if p.ordinal >= 0 && !loose {
                    <span class="ordinal" title="ordinal">{ format!("#{}", p.ordinal) }</span>
                }
                <h3 class="pod-name mono" data-testid={name_id}>{ &p.name }</h3>
                <span class={classes!("pill", class)} data-testid="pod-status"><span aria-hidden="true">{ icon }{ " " }</span>{ &p.status }</span>
            </div>
            <dl class="pod-facts">
                <div><dt>{ "Ready" }</dt><dd data-testid="pod-ready">{ &p.ready_count }</dd></div>
                <div><dt>{ "Restarts" }</dt><dd>{ p.restarts }</dd></div>
                if !loose {
                    <div><dt>{ "Revision" }</dt><dd class="mono">{ &p.revision }
                        <span class={classes!("rev", if p.updated { "new" } else { "old" })}>{ if p.updated { " (update)" } else { " (old)" } }</span></dd></div>
                }
                <div><dt>{ "IP" }</dt><dd class="mono nowrap">{ p.ip.clone().unwrap_or_else(|| "—".into()) }</dd></div>
            </dl>
            <div class="pod-dns-row">
                <span class="pod-dns mono" data-testid="pod-dns">{ p.fqdn.as_deref().map_or_else(|| html! { "no DNS name" }, dns_name) }</span>
                if p.fqdn.is_some() {
                    <button class="btn tiny ghost" onclick={copy} aria-label={format!("Copy the DNS name of {}", p.name)}>{ "Copy" }</button>
                }
                { match &p.dns_problem {
                    Some(why) => html! { <span class="dns-bad" data-testid="dns-problem"><span aria-hidden="true">{ "✖ " }</span>{ format!("does not resolve: {why}") }</span> },
                    None if p.fqdn.is_some() => html! { <span class="dns-ok"><span aria-hidden="true">{ "✔ " }</span>{ "resolves" }</span> },
                    None => html! {},
                } }
            </div>
            if p.containers.len() > 1 || p.containers.iter().any(|c| c.state != "Running") {
                <ul class="containers">
                    { for p.containers.iter().map(|c| html! {
                        <li><span class="mono">{ &c.name }</span>{ format!(" · {} · {}", c.state, if c.ready { "ready" } else { "not ready" }) }</li>
                    }) }
                </ul>
            }
            <ul class="chips pod-pvcs" data-testid="pod-pvcs" aria-label="Claims">
                { for p.pvcs.iter().map(pvc_chip) }
            </ul>
            if let Some(note) = &p.note {
                <p class="pod-note" data-testid="pod-note">{ note }</p>
            }
            <div class="pod-actions">
                <button class="btn small" data-testid="delete-pod" onclick={delete} disabled={p.terminating}
                    aria-label={format!("Delete pod {}", p.name)}>{ "Delete" }</button>
                if !loose {
                    <button class="btn small" data-testid="toggle-readiness" onclick={readiness}
                        aria-label={format!("{} readiness of {}", if p.readiness_broken { "Heal" } else { "Break" }, p.name)}>
                        { if p.readiness_broken { "Heal readiness" } else { "Break readiness" } }</button>
                    <button class="btn small" data-testid="crash" onclick={crash} aria-label={format!("Crash the container of {}", p.name)}>{ "Crash" }</button>
                }
            </div>
        </li>
    }
}
