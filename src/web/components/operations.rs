//! Operations on the StatefulSet: scale, change the image (a rolling update), set the
//! partition, restart, delete. Each button runs the kubectl command a person would type,
//! which the terminal then shows, so every click also teaches the command.

use crate::playground::view::SetView;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct OperationsProps {
    pub set: Rc<SetView>,
    pub on_run: Callback<String>,
}

#[function_component(Operations)]
pub fn operations(props: &OperationsProps) -> Html {
    let s = &props.set;
    let name = s.name.clone();
    let image_ref = use_node_ref();
    let partition_ref = use_node_ref();
    let scale = |n: i64| {
        let name = name.clone();
        props
            .on_run
            .reform(move |_| format!("kubectl scale sts {name} --replicas={}", n.max(0)))
    };
    let container = s.containers.first().cloned().unwrap_or_default();
    let on_image = {
        let cb = props.on_run.clone();
        let r = image_ref.clone();
        let name = name.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(i) = r.cast::<HtmlInputElement>() {
                let img = i.value().trim().to_string();
                if !img.is_empty() && !img.contains(char::is_whitespace) {
                    cb.emit(format!("kubectl set image sts/{name} {container}={img}"));
                }
            }
        })
    };
    let on_partition = {
        let cb = props.on_run.clone();
        let r = partition_ref.clone();
        let name = name.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(i) = r.cast::<HtmlInputElement>()
                && let Ok(p) = i.value().trim().parse::<i64>()
            {
                cb.emit(format!(
                    "kubectl patch sts {name} -p '{{\"spec\":{{\"updateStrategy\":{{\"type\":\"RollingUpdate\",\"rollingUpdate\":{{\"partition\":{p}}}}}}}}}'"
                ));
            }
        })
    };
    let restart = {
        let name = name.clone();
        props
            .on_run
            .reform(move |_| format!("kubectl rollout restart sts/{name}"))
    };
    let delete = {
        let name = name.clone();
        props
            .on_run
            .reform(move |_| format!("kubectl delete sts {name} --wait=false"))
    };
    html! {
        <section class="ops" aria-label={format!("Operations on StatefulSet {}", s.name)}>
            <div class="op" role="group" aria-label="Scale">
                <span class="op-label">{ "Replicas" }</span>
                <button class="btn icon" data-testid="scale-down" onclick={scale(s.desired - 1)}
                    aria-label={format!("Scale down to {}", (s.desired - 1).max(0))} disabled={s.desired <= 0}>{ "−" }</button>
                <span class="op-value" data-testid="replicas">{ s.desired }</span>
                <button class="btn icon" data-testid="scale-up" onclick={scale(s.desired + 1)}
                    aria-label={format!("Scale up to {}", s.desired + 1)}>{ "+" }</button>
            </div>
            <form class="op" onsubmit={on_image} aria-label="Change the image">
                <label class="op-label" for="op-image">{ "Image" }</label>
                <input id="op-image" ref={image_ref} data-testid="image-input" type="text" spellcheck="false"
                    value={s.image.clone()} size="22" />
                <button class="btn" type="submit" data-testid="image-apply">{ "Roll out" }</button>
            </form>
            <form class="op" onsubmit={on_partition} aria-label="Partition">
                <label class="op-label" for="op-partition">{ "Partition" }</label>
                <input id="op-partition" ref={partition_ref} data-testid="partition-input" type="number" min="0"
                    value={s.partition.to_string()} class="narrow" />
                <button class="btn" type="submit" data-testid="partition-apply">{ "Set" }</button>
            </form>
            <div class="op">
                <button class="btn" onclick={restart}>{ "Restart pods" }</button>
                <button class="btn danger" data-testid="delete-sts" onclick={delete}>{ "Delete StatefulSet" }</button>
            </div>
        </section>
    }
}
