//! The scheduler: places a pod on the node when nothing stops it (a fault that makes it
//! unschedulable, a claim missing, unbound or being deleted), with the scheduler's messages
//! and Events, and hands it to the kubelet.

use super::cluster::{FaultKind, Timer, World};
use super::events::{ObjectRef, component};
use super::world::{Key, PvcPhase, key};

impl World {
    pub(super) fn schedule(&mut self, pod_key: &Key, epoch: u32) {
        let Some(p) = self.pods.get(pod_key) else {
            return;
        };
        if p.epoch != epoch || p.deletion.is_some() || p.node.is_some() {
            return;
        }
        let (ns, name, uid) = (p.ns.clone(), p.name.clone(), p.uid.clone());
        let mut why = None;
        if self.fault_applies(
            &name,
            "",
            &[FaultKind::Unschedulable, FaultKind::Schedulable],
        ) == Some(FaultKind::Unschedulable)
        {
            why = Some("0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.".to_string());
        }
        for (_, claim) in &p.claims {
            match self.pvcs.get(&key(&ns, claim)) {
                None => why = why.or_else(|| Some(format!("0/1 nodes are available: persistentvolumeclaim \"{claim}\" not found. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling."))),
                Some(c) if c.phase != PvcPhase::Bound => {
                    why = why.or_else(|| Some("0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.".to_string()))
                }
                Some(c) if c.deletion.is_some() => {
                    why = why.or_else(|| Some(format!("0/1 nodes are available: persistentvolumeclaim \"{claim}\" is being deleted. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.")))
                }
                _ => {}
            }
        }
        let now = self.now;
        if let Some(why) = why {
            if let Some(p) = self.pods.get_mut(pod_key) {
                p.unschedulable = Some(why.clone());
                p.set_condition("PodScheduled", false, now);
                if let Some(c) = p.conditions.iter_mut().find(|c| c.ty == "PodScheduled") {
                    c.reason = Some("Unschedulable".into());
                    c.message = Some(why.clone());
                }
            }
            self.recorder(component::SCHEDULER).warning(
                &ObjectRef::new("Pod", &ns, &name, &uid),
                "FailedScheduling",
                why,
            );
            return;
        }
        let node = self.node_name.clone();
        let host_ip = self.node_ip.clone();
        if let Some(p) = self.pods.get_mut(pod_key) {
            p.node = Some(node.clone());
            p.host_ip = Some(host_ip);
            p.unschedulable = None;
            p.conditions.retain(|c| c.ty != "PodScheduled");
            p.set_condition("PodScheduled", true, now);
        }
        self.recorder(component::SCHEDULER).normal(
            &ObjectRef::new("Pod", &ns, &name, &uid),
            "Scheduled",
            format!("Successfully assigned {ns}/{name} to {node}"),
        );
        let delay = self.dur(self.timing.kubelet);
        self.after(
            delay,
            Timer::Kubelet {
                pod: pod_key.clone(),
                epoch,
            },
        );
    }
}
