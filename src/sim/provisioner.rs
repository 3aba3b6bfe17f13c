//! The storage provisioner (minikube's `storage-provisioner`, the hostpath provisioner):
//! it creates a PersistentVolume for each pending claim of its StorageClass and binds them,
//! recording its Events, then lets the pods that waited for the claim be scheduled.

use super::cluster::{Timer, World};
use super::events::{ObjectRef, component};
use super::world::{Action, Key, Pv, PvcPhase};

impl World {
    /// The provisioner creates a volume for a claim and binds them.
    pub(super) fn provision(&mut self, pvc_key: &Key) {
        let Some(pvc) = self.pvcs.get(pvc_key) else {
            return;
        };
        if pvc.phase != PvcPhase::Pending || pvc.deletion.is_some() {
            return;
        }
        let class = pvc.class.clone().unwrap_or_default();
        let reclaim = self
            .storage_classes
            .iter()
            .find(|c| c.name == class)
            .map_or("Delete".to_string(), |c| c.reclaim.clone());
        let provisioner = self
            .storage_classes
            .iter()
            .find(|c| c.name == class)
            .map_or(String::new(), |c| c.provisioner.clone());
        let pv_name = format!("pvc-{}", pvc.uid);
        let (ns, name, uid) = (pvc.ns.clone(), pvc.name.clone(), pvc.uid.clone());
        let (capacity, access_modes) = (pvc.storage.clone(), pvc.access_modes.clone());
        let pv = Pv {
            name: pv_name.clone(),
            uid: self.uid(),
            created: self.now,
            capacity,
            access_modes,
            reclaim,
            class,
            claim: Some(pvc_key.clone()),
            phase: "Bound",
            files: Default::default(),
        };
        self.pvs.insert(pv_name.clone(), pv);
        if let Some(pvc) = self.pvcs.get_mut(pvc_key) {
            pvc.phase = PvcPhase::Bound;
            pvc.volume = Some(pv_name.clone());
        }
        self.recorder(component::PROVISIONER).normal(
            &ObjectRef::new("PersistentVolumeClaim", &ns, &name, &uid),
            "Provisioning",
            format!("External provisioner is provisioning volume for claim \"{ns}/{name}\""),
        );
        let _ = provisioner;
        self.recorder(component::PROVISIONER).normal(
            &ObjectRef::new("PersistentVolumeClaim", &ns, &name, &uid),
            "ProvisioningSucceeded",
            format!("Successfully provisioned volume {pv_name}"),
        );
        self.log(Action::Update, "PersistentVolumeClaim", &ns, &name)
            .message = Some(format!("Bound to {pv_name}").into());
        // Pods that waited for this claim are scheduled again.
        let waiting: Vec<(Key, u32)> = self
            .pods_using_claim(&ns, &name)
            .filter(|p| p.node.is_none() && p.deletion.is_none())
            .map(|p| (p.key(), p.epoch))
            .collect();
        for (pod, epoch) in waiting {
            let delay = self.dur(self.timing.reschedule);
            self.after(delay, Timer::Schedule { pod, epoch });
        }
    }
}
