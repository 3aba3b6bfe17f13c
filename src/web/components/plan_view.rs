//! What the cluster would create: one card per pod with its PVCs and DNS name.

use crate::Analysis;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties)]
pub struct PlanViewProps {
    pub analysis: Rc<Analysis>,
}

impl PartialEq for PlanViewProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.analysis, &other.analysis)
    }
}

#[function_component(PlanView)]
pub fn plan_view(props: &PlanViewProps) -> Html {
    let plan = &props.analysis.plan;
    if plan.statefulsets.is_empty() {
        return html! { <p class="empty" data-testid="no-statefulset">{ "No StatefulSet in the manifest yet." }</p> };
    }
    html! {
        <div class="plan">
            { for plan.statefulsets.iter().map(|s| html! {
                <article class="sts" data-testid={format!("sts-{}", s.name)}>
                    <h2>{ format!("StatefulSet {}", s.name) }</h2>
                    <p class="sts-summary">
                        { format!("{} replica{} · {} · serviceName {}", s.replicas, if s.replicas == 1 { "" } else { "s" }, s.pod_management_policy,
                            if s.service_name.is_empty() { "(none)".to_string() } else { s.service_name.clone() }) }
                    </p>
                    <ul class="pods" data-testid="pod-list">
                        { for s.pods.iter().map(|p| html! {
                            <li class="pod" data-testid="pod">
                                <span class="pod-name" data-testid="pod-name">{ &p.name }</span>
                                <span class="pod-dns" data-testid="pod-dns">
                                    { p.fqdn.clone().unwrap_or_else(|| "no DNS name".into()) }
                                    if !p.resolvable {
                                        <span class="dns-bad" title={p.reason.clone().unwrap_or_default()}>{ " (does not resolve)" }</span>
                                    }
                                </span>
                                <span class="pod-pvcs" data-testid="pod-pvcs">
                                    { if p.pvcs.is_empty() { "no PVCs".to_string() } else { p.pvcs.join(", ") } }
                                </span>
                            </li>
                        }) }
                    </ul>
                    if s.truncated {
                        <p class="note">{ format!("Showing the first {} of {} pods.", s.pods.len(), s.replicas) }</p>
                    }
                </article>
            }) }
        </div>
    }
}
