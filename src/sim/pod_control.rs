//! The effects of the controller's decisions (`stateful_pod_control.go`): creating revisions,
//! claims and pods, deleting pods, keeping claims' owner references in line with the retention
//! policy (`claimOwnerMatchesSetAndPod`, `updateClaimOwnerRefForSetAndPod` in `pkg/controller/statefulset/stateful_set_utils.go`), plus the garbage collector that acts on owner references.

use super::cluster::{Timer, World};
use super::controller::{self, Act};
use super::events::{ObjectRef, component};
use super::template;
use super::world::{Action, Key, Owner, Pod, Pvc, PvcPhase, Revision, StatefulSet, key};
use std::rc::Rc;

impl World {
    /// One controller sync of the StatefulSet `set`: decide, act, write status.
    pub fn sync(&mut self, set_key: &Key) {
        let mut views = std::mem::take(&mut self.views.0);
        let Some(set) = self.sets.get(set_key) else {
            views.remove(set_key);
            self.views.0 = views;
            self.waiting.remove(set_key);
            return;
        };
        let decision = if self.no_cache {
            controller::decide(self, set)
        } else {
            let view = views.entry(set_key.clone()).or_default();
            let decision = super::view::decide(self, set, view);
            #[cfg(debug_assertions)]
            {
                let oracle = controller::decide(self, set);
                assert_eq!(
                    decision, oracle,
                    "the controller's view of {set_key} decided otherwise than a full sync"
                );
            }
            decision
        };
        self.views.0 = views;
        self.sync_failed = false;
        // The acts read the set while they write the world (acts never change the
        // StatefulSet itself; its status is written below, once this handle is gone).
        let set = Rc::clone(set);
        // Creating or deleting a pod is a watch event: the controller syncs again. A create
        // the API server refused is not; the failed sync is retried through the rate limiter.
        let mut changed = false;
        let mut decision = decision;
        let acts = std::mem::take(&mut decision.acts);
        for act in acts {
            let before = self.pods.len();
            // Up to 1.27 the sync that creates a pod counts it in the status it writes
            // (`status.Replicas++` after `CreateStatefulPod`); from 1.28 (PR #117865) it does
            // not, and the next sync does (kubernetes/kubernetes#120732).
            let created_at = match &act {
                Act::CreatePod { revision, .. } if self.profile.counts_created_pods_in_sync => {
                    Some(revision.clone())
                }
                _ => None,
            };
            let watched = match &act {
                Act::CreatePod { .. } => None,
                Act::DeletePod { pod, .. } => {
                    Some(self.pods.get(pod).is_some_and(|p| p.deletion.is_none()))
                }
                Act::Adopt(_) | Act::Release(_) => Some(true),
                _ => Some(false),
            };
            self.act(&set, act);
            if let Some(revision) = created_at
                && self.pods.len() > before
            {
                let st = &mut decision.status;
                st.replicas += 1;
                st.current += i64::from(revision == st.current_revision);
                st.updated += i64::from(revision == st.update_revision);
            }
            changed |= watched.unwrap_or(self.pods.len() > before);
        }
        drop(set);
        if changed {
            self.dirty.insert(set_key.clone());
        }
        // The API server refuses a status with a negative count (`ValidateStatefulSetStatus`).
        // The legacy update loop can compute one: it decrements currentReplicas for every pod
        // it deletes, even one at neither revision (after an OnDelete set switched to
        // RollingUpdate, say). The old status stays; the controller retries.
        let st = &decision.status;
        let valid = [st.replicas, st.ready, st.available, st.current, st.updated]
            .iter()
            .all(|v| *v >= 0);
        if !valid {
            self.sync_failed = true;
        }
        let Some(set) = self.sets.get_mut(set_key).map(Rc::make_mut) else {
            return;
        };
        if valid && set.status != decision.status {
            set.status = decision.status.clone();
            let generation = set.generation;
            let key = super::cluster::intern_in(&mut self.names, set_key);
            self.status_log
                .push((self.now, key, generation, decision.status));
        }
        match (&decision.waiting, self.waiting.get(set_key)) {
            (Some(w), old) if old != Some(w) => {
                let (ns, name) = (set.ns.clone(), set.name.clone());
                self.waiting.insert(set_key.clone(), w.clone());
                let e = self.log(Action::Waiting, "StatefulSet", &ns, &name);
                e.reason = Some(w.to_string().into());
            }
            (None, Some(_)) => {
                self.waiting.remove(set_key);
            }
            _ => {}
        }
        if let Some(at) = decision.requeue {
            self.requeue(set_key, at);
        }
        // `processNextWorkItem`: a sync that returned an error is added back through the rate
        // limiter (`AddRateLimited`); one that did not is forgotten (`Forget`).
        if self.sync_failed {
            let delay = self.queue_limiter.when(set_key, self.now);
            self.requeue(set_key, self.now + delay);
        } else {
            self.queue_limiter.forget(set_key);
        }
    }

    fn act(&mut self, set: &StatefulSet, act: Act) {
        match act {
            Act::NewRevision {
                name,
                hash,
                revision,
            } => {
                let uid = self.uid();
                let short = name.rsplit('/').next().unwrap_or(&name).to_string();
                self.revisions.insert(
                    name.clone(),
                    Revision {
                        ns: set.ns.clone(),
                        name: short.clone(),
                        uid,
                        set: set.name.clone(),
                        set_uid: set.uid.clone(),
                        revision,
                        hash,
                        template: Rc::clone(set.spec.template.tree()),
                        created: self.now,
                        change_cause: set.annotations.get("kubernetes.io/change-cause").cloned(),
                    },
                );
                let revision = self.intern(&short);
                self.log(Action::Create, "ControllerRevision", &set.ns, &short)
                    .revision = Some(revision);
            }
            Act::ReuseRevision { name, revision } => {
                if let Some(r) = self.revisions.get_mut(&name) {
                    r.revision = revision;
                    let (ns, n) = (r.ns.clone(), r.name.clone());
                    let revision = self.intern(&n);
                    self.log(Action::Update, "ControllerRevision", &ns, &n)
                        .revision = Some(revision);
                }
            }
            Act::AdoptRevision(name) => {
                if let Some(r) = self.revisions.get_mut(&name) {
                    r.set_uid = set.uid.clone();
                    r.set = set.name.clone();
                    let (ns, n) = (r.ns.clone(), r.name.clone());
                    let revision = self.intern(&n);
                    let e = self.log(Action::Update, "ControllerRevision", &ns, &n);
                    e.message = Some(format!("adopted by StatefulSet {}", set.name).into());
                    e.revision = Some(revision);
                }
            }
            Act::Adopt(pod) => {
                if let Some(p) = self.pods.get_mut(&pod) {
                    p.owner = Some(set_owner(set));
                    let (ns, n) = (p.ns.clone(), p.name.clone());
                    let e = self.log(Action::Update, "Pod", &ns, &n);
                    e.message = Some(format!("adopted by StatefulSet {}", set.name).into());
                }
            }
            Act::Release(pod) => {
                if let Some(p) = self.pods.get_mut(&pod) {
                    p.owner = None;
                    let (ns, n) = (p.ns.clone(), p.name.clone());
                    let e = self.log(Action::Update, "Pod", &ns, &n);
                    e.message = Some(
                        format!(
                            "released by StatefulSet {}: its labels no longer match the selector",
                            set.name
                        )
                        .into(),
                    );
                }
            }
            Act::CreatePod { ordinal, revision } => self.create_pod(set, ordinal, &revision),
            Act::UpdateIdentity(pod) => self.update_identity(set, &pod),
            Act::CreateMissingClaims(pod) => {
                let Some(p) = self.pods.get(&pod) else { return };
                let (pod_name, ordinal) = (p.name.clone(), p.ordinal);
                for t in &set.spec.claims {
                    let claim = crate::derive::pvc_name(&t.name, &set.name, ordinal);
                    if !self.pvcs.contains_key(&key(&set.ns, &claim)) {
                        self.create_claim(set, t, &pod_name, ordinal);
                    }
                }
            }
            Act::DeletePod { pod, why: _ } => {
                let Some(p) = self.pods.get(&pod) else { return };
                let name = p.name.clone();
                self.delete_pod(&pod);
                self.recorder(component::CONTROLLER).normal(
                    &ObjectRef::new("StatefulSet", &set.ns, &set.name, &set.uid),
                    "SuccessfulDelete",
                    format!("delete Pod {name} in StatefulSet {} successful", set.name),
                );
            }
            Act::FixClaims { pod, condemned } => self.fix_claims(set, &pod, condemned),
            Act::DeleteRevision(name) => self.delete_revision(&name),
        }
    }

    /// `CreateStatefulPod`: claims first, then the pod, then the claims' owner references.
    fn create_pod(&mut self, set: &StatefulSet, ordinal: i64, revision: &str) {
        let name = format!("{}-{ordinal}", set.name);
        let tree = self
            .revisions
            .get(&key(&set.ns, revision))
            .map_or(set.spec.template.tree(), |r| &r.template);
        let mut tpl = template::pod_template(Rc::clone(tree));
        // Claim volumes replace template volumes of the same name (`updateStorage`).
        let claims: Vec<(String, String)> = set
            .spec
            .claims
            .iter()
            .map(|t| {
                (
                    t.name.clone(),
                    crate::derive::pvc_name(&t.name, &set.name, ordinal),
                )
            })
            .collect();
        tpl.volumes
            .retain(|v| !claims.iter().any(|(n, _)| *n == v.name));
        for (vol, claim) in &claims {
            tpl.volumes.push(super::world::Volume {
                name: vol.clone(),
                source: super::world::VolumeSource::Claim(claim.clone()),
            });
        }
        if let Some(error) = crate::derive::pod_create_error(&name, revision) {
            self.failed_create(set, &name, &error);
            return;
        }
        for (t, (_, claim)) in set.spec.claims.iter().zip(&claims) {
            match self.pvcs.get(&key(&set.ns, claim)) {
                Some(c) if c.deletion.is_some() => {
                    self.failed_create(set, &name, &format!("pvc {claim} is being deleted"));
                    return;
                }
                Some(_) => {}
                None => self.create_claim(set, t, &name, ordinal),
            }
        }
        // A pod of that name may still exist, owned by someone else: a StatefulSet deleted
        // and created again before the garbage collector removed its pods, say.
        if self.pods.contains_key(&key(&set.ns, &name)) {
            self.failed_create(set, &name, &format!("pods \"{name}\" already exists"));
            return;
        }
        let mut labels = tpl.labels.clone();
        labels.insert("apps.kubernetes.io/pod-index".into(), ordinal.to_string());
        labels.insert("controller-revision-hash".into(), revision.to_string());
        labels.insert("statefulset.kubernetes.io/pod-name".into(), name.clone());
        let uid = self.uid();
        let mut pod = Pod::pending(&set.ns, &name, uid, ordinal, tpl, self.now);
        pod.owner = Some(set_owner(set));
        pod.labels = labels;
        pod.subdomain = set.spec.service_name.clone();
        pod.revision = revision.to_string();
        pod.claims = claims;
        let pod_key = pod.key();
        self.pods.insert(pod_key.clone(), pod);
        let revision = self.intern(revision);
        self.log(Action::Create, "Pod", &set.ns, &name).revision = Some(revision);
        self.recorder(component::CONTROLLER).normal(
            &ObjectRef::new("StatefulSet", &set.ns, &set.name, &set.uid),
            "SuccessfulCreate",
            format!("create Pod {name} in StatefulSet {} successful", set.name),
        );
        self.fix_claims(set, &pod_key, false);
        self.schedule_new(pod_key);
    }

    /// The scheduler gets a new pod after its latency.
    fn schedule_new(&mut self, pod: Key) {
        let delay = self.dur(self.timing.schedule);
        self.after(delay, Timer::Schedule { pod, epoch: 0 });
    }

    /// A Pod of the applied manifests, created as `kubectl apply` creates one: no owner,
    /// Pending, then scheduled and run like any other. A StatefulSet whose selector matches
    /// its labels and whose name it carries (`<set>-<ordinal>`) adopts it (`ClaimPods`).
    /// Returns its name, or `None` when one of that name exists.
    pub fn create_bare_pod(&mut self, ns: &str, tree: &crate::yaml::Node) -> Option<String> {
        let mut tree = tree.clone();
        if let Some(spec) = tree.get_mut("spec") {
            crate::defaults::pod_spec(spec);
        }
        let name = tree.str_at(&["metadata", "name"])?.to_string();
        let pod_key = key(ns, &name);
        if self.pods.contains_key(&pod_key) {
            return None;
        }
        let tree = Rc::new(tree);
        let tpl = template::pod_template(Rc::clone(&tree));
        let claims = tpl
            .volumes
            .iter()
            .filter_map(|v| match &v.source {
                super::world::VolumeSource::Claim(c) => Some((v.name.clone(), c.clone())),
                _ => None,
            })
            .collect();
        let spec_str = |k: &str| tree.str_at(&["spec", k]).map(str::to_string);
        let ordinal = name
            .rsplit_once('-')
            .and_then(|(_, o)| o.parse::<i64>().ok())
            .unwrap_or(-1);
        let revision = tpl.labels.get("controller-revision-hash").cloned();
        let uid = self.uid();
        let mut pod = Pod::pending(ns, &name, uid, ordinal, tpl, self.now);
        pod.hostname = spec_str("hostname").unwrap_or_else(|| name.clone());
        pod.subdomain = spec_str("subdomain").unwrap_or_default();
        pod.revision = revision.unwrap_or_default();
        pod.claims = claims;
        pod.applied = true;
        self.pods.insert(pod_key.clone(), pod);
        self.log(Action::Create, "Pod", ns, &name);
        // An orphan can be adopted by any set that selects it.
        self.touch_owner(&pod_key);
        self.schedule_new(pod_key);
        Some(name)
    }

    /// `UpdateStatefulPod` for a member whose identity or storage does not match the set
    /// (`identityMatches`, `storageMatches`): the pod-name and pod-index labels are set (labels
    /// may change); volumes that do not name the set's claims would have to be replaced, which
    /// the API server forbids for a pod (`ValidatePodUpdate`): FailedUpdate, and a retry.
    fn update_identity(&mut self, set: &StatefulSet, pod_key: &Key) {
        let Some(p) = self.pods.get(pod_key) else {
            return;
        };
        let name = p.name.clone();
        let storage_ok = storage_matches(set, p);
        if !storage_ok {
            self.recorder(component::CONTROLLER).warning(
                &ObjectRef::new("StatefulSet", &set.ns, &set.name, &set.uid),
                "FailedUpdate",
                format!(
                    "update Pod {name} in StatefulSet {} failed error: Pod \"{name}\" is invalid: spec: Forbidden: pod updates may not change fields other than {}",
                    set.name, UPDATABLE_POD_FIELDS
                ),
            );
            self.sync_failed = true;
            return;
        }
        let Some(p) = self.pods.get_mut(pod_key) else {
            return;
        };
        p.labels
            .insert("statefulset.kubernetes.io/pod-name".into(), name.clone());
        p.labels
            .insert("apps.kubernetes.io/pod-index".into(), p.ordinal.to_string());
        let ns = p.ns.clone();
        self.log(Action::Update, "Pod", &ns, &name).message =
            Some("identity labels set by the StatefulSet controller".into());
        self.recorder(component::CONTROLLER).normal(
            &ObjectRef::new("StatefulSet", &set.ns, &set.name, &set.uid),
            "SuccessfulUpdate",
            format!("update Pod {name} in StatefulSet {} successful", set.name),
        );
    }

    /// The API server refused to create pod `name`: a FailedCreate event, and the sync fails
    /// (it is retried through the work queue's rate limiter).
    fn failed_create(&mut self, set: &StatefulSet, name: &str, error: &str) {
        self.recorder(component::CONTROLLER).warning(
            &ObjectRef::new("StatefulSet", &set.ns, &set.name, &set.uid),
            "FailedCreate",
            format!(
                "create Pod {name} in StatefulSet {} failed error: {error}",
                set.name
            ),
        );
        self.sync_failed = true;
    }

    /// Creates the claim of template `t` for pod `pod` and asks the provisioner to bind it.
    fn create_claim(
        &mut self,
        set: &StatefulSet,
        t: &super::world::ClaimTemplate,
        pod: &str,
        ordinal: i64,
    ) {
        let name = crate::derive::pvc_name(&t.name, &set.name, ordinal);
        // The DefaultStorageClass admission plugin fills an unset class.
        let class = match &t.class {
            None => self
                .storage_classes
                .iter()
                .find(|c| c.default)
                .map(|c| c.name.clone()),
            Some(c) => Some(c.clone()),
        };
        let uid = self.uid();
        let pvc = Pvc {
            ns: set.ns.clone(),
            name: name.clone(),
            uid: uid.clone(),
            labels: template::claim_labels(t, &set.spec.selector),
            created: self.now,
            deletion: None,
            storage: t.storage.clone(),
            access_modes: t.access_modes.clone(),
            class: class.clone(),
            volume_mode: t.volume_mode.clone(),
            phase: PvcPhase::Pending,
            volume: None,
            owners: Vec::new(),
            template: t.name.clone(),
            set: set.name.clone(),
        };
        let pvc_key = pvc.key();
        self.pvcs.insert(pvc_key.clone(), pvc);
        self.log(Action::Create, "PersistentVolumeClaim", &set.ns, &name);
        self.recorder(component::CONTROLLER).normal(
            &ObjectRef::new("StatefulSet", &set.ns, &set.name, &set.uid),
            "SuccessfulCreate",
            format!(
                "create Claim {name} Pod {pod} in StatefulSet {} success",
                set.name
            ),
        );
        match class
            .as_deref()
            .and_then(|c| self.storage_classes.iter().find(|s| s.name == c))
            .cloned()
        {
            Some(sc) => {
                self.recorder("persistentvolume-controller").normal(&ObjectRef::new("PersistentVolumeClaim", &set.ns, &name, &uid), "ExternalProvisioning", format!("Waiting for a volume to be created either by the external provisioner '{}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.", sc.provisioner));
                let delay = self.dur(self.timing.provision);
                self.after(delay, Timer::Provision(pvc_key));
            }
            None => {
                let message = match class {
                    Some(c) if !c.is_empty() => {
                        format!("storageclass.storage.k8s.io \"{c}\" not found")
                    }
                    _ => {
                        "no persistent volumes available for this claim and no storage class is set"
                            .to_string()
                    }
                };
                let reason = if message.starts_with("storageclass") {
                    "ProvisioningFailed"
                } else {
                    "FailedBinding"
                };
                self.recorder("persistentvolume-controller").warning(
                    &ObjectRef::new("PersistentVolumeClaim", &set.ns, &name, &uid),
                    reason,
                    message,
                );
            }
        }
    }

    /// Owner references of a pod's claims per the retention policy (§4.9).
    fn fix_claims(&mut self, set: &StatefulSet, pod_key: &Key, condemned: bool) {
        let Some(p) = self.pods.get(pod_key) else {
            return;
        };
        let pod_owner = Owner {
            kind: "Pod",
            name: p.name.clone(),
            uid: p.uid.clone(),
            controller: false,
        };
        let claims: Vec<String> = p.claims.iter().map(|(_, c)| c.clone()).collect();
        let mut desired = Vec::new();
        if condemned && set.spec.when_scaled_delete {
            desired.push(pod_owner);
        } else if set.spec.when_deleted_delete {
            desired.push(Owner {
                kind: "StatefulSet",
                name: set.name.clone(),
                uid: set.uid.clone(),
                controller: false,
            });
        }
        for c in claims {
            let k = key(&set.ns, &c);
            if let Some(pvc) = self.pvcs.get_mut(&k)
                && pvc.owners != desired
            {
                pvc.owners = desired.clone();
                let e = self.log(Action::Update, "PersistentVolumeClaim", &set.ns, &c);
                e.message = Some(if desired.is_empty() {
                    "owner references removed".into()
                } else {
                    format!(
                        "owned by {} {} (deleted with it)",
                        desired[0].kind, desired[0].name
                    )
                    .into()
                });
            }
        }
    }

    /// Requests a pod's graceful deletion (the kubelet stops it; `Gone` removes it).
    pub fn delete_pod(&mut self, pod_key: &Key) {
        let now = self.now;
        let Some(p) = self.pods.get_mut(pod_key) else {
            return;
        };
        if p.deletion.is_some() {
            return;
        }
        p.deletion = Some(now);
        p.epoch += 1;
        for c in p.containers.iter_mut().chain(p.init_containers.iter_mut()) {
            c.epoch += 1;
        }
        let (ns, name) = (p.ns.clone(), p.name.clone());
        self.log(Action::Delete, "Pod", &ns, &name);
        self.stop_pod(pod_key);
        self.touch_owner(pod_key);
    }

    /// Deletes a claim; a claim in use stays Terminating until its pod is gone.
    pub fn delete_claim(&mut self, pvc_key: &Key) {
        let now = self.now;
        let in_use = self.claim_in_use(pvc_key);
        let Some(pvc) = self.pvcs.get_mut(pvc_key) else {
            return;
        };
        let (ns, name) = (pvc.ns.clone(), pvc.name.clone());
        if pvc.deletion.is_none() {
            pvc.deletion = Some(now);
            self.log(Action::Delete, "PersistentVolumeClaim", &ns, &name);
        }
        if !in_use {
            self.remove_claim(pvc_key);
        }
    }

    fn remove_claim(&mut self, pvc_key: &Key) {
        let Some(pvc) = self.pvcs.remove(pvc_key) else {
            return;
        };
        self.log(Action::Gone, "PersistentVolumeClaim", &pvc.ns, &pvc.name);
        if let Some(pv) = pvc.volume.as_ref() {
            let delete = self.pvs.get(pv).is_some_and(|v| v.reclaim == "Delete");
            if delete {
                self.pvs.remove(pv);
            } else if let Some(v) = self.pvs.get_mut(pv) {
                v.phase = "Released";
            }
        }
        self.dirty
            .extend(self.sets.keys().cloned().collect::<Vec<_>>());
    }

    /// pvc-protection's `podUsesPVC`: only a pod scheduled to a node uses its claims (the
    /// kubelet would not start a pod whose claim is being deleted).
    fn claim_in_use(&self, pvc_key: &Key) -> bool {
        let (ns, claim) = pvc_key.split_once('/').unwrap_or(("", pvc_key));
        self.pods_using_claim(ns, claim).any(|p| p.node.is_some())
    }

    /// Claims whose deletion waited for their pod, now unused, go.
    pub fn release_claims(&mut self) {
        for k in self.claims_being_deleted() {
            if !self.claim_in_use(&k) {
                self.remove_claim(&k);
            }
        }
    }

    /// The pods (`claims` false) or claims not being deleted whose owners are all gone, in
    /// key order: from the index of dependents (`view::Dependents`), or by looking at every
    /// object with `no_cache` (debug builds compare the two).
    fn garbage(&mut self, claims: bool) -> Vec<Key> {
        let scan = |w: &World| -> Vec<Key> {
            let alive = |uid: &str| {
                w.sets.values().any(|s| s.uid == uid) || w.pods.values().any(|p| p.uid == uid)
            };
            if claims {
                w.pvcs
                    .values()
                    .filter(|c| {
                        c.deletion.is_none()
                            && !c.owners.is_empty()
                            && c.owners.iter().all(|o| !alive(&o.uid))
                    })
                    .map(Pvc::key)
                    .collect()
            } else {
                w.pods
                    .values()
                    .filter(|p| {
                        p.deletion.is_none() && p.owner.as_ref().is_some_and(|o| !alive(&o.uid))
                    })
                    .map(Pod::key)
                    .collect()
            }
        };
        self.by_dependents(
            |index, w| {
                if claims {
                    index.garbage_claims(w)
                } else {
                    index.garbage_pods(w)
                }
            },
            scan,
        )
    }

    /// What `ask` reads from the index of dependents brought up to date; with `no_cache`
    /// what `scan` finds looking at every object instead (debug builds compare the two).
    fn by_dependents(
        &mut self,
        ask: impl FnOnce(&super::view::Dependents, &World) -> Vec<Key>,
        scan: impl Fn(&World) -> Vec<Key>,
    ) -> Vec<Key> {
        if self.no_cache {
            return scan(self);
        }
        let mut index = std::mem::take(&mut self.dependents.0);
        index.refresh(self);
        let found = ask(&index, self);
        self.dependents.0 = index;
        debug_assert_eq!(found, scan(self), "the index of dependents disagrees");
        found
    }

    /// The claims being deleted, in key order.
    pub fn claims_being_deleted(&mut self) -> Vec<Key> {
        let scan = |w: &World| -> Vec<Key> {
            w.pvcs
                .values()
                .filter(|c| c.deletion.is_some())
                .map(Pvc::key)
                .collect()
        };
        self.by_dependents(|index, _| index.deleting().iter().cloned().collect(), scan)
    }

    /// The garbage collector: deletes dependents whose owners are all gone (background
    /// cascade), and revisions of deleted StatefulSets.
    pub fn gc(&mut self) {
        for p in self.garbage(false) {
            self.delete_pod(&p);
        }
        for c in self.garbage(true) {
            self.delete_claim(&c);
        }
        // Orphaned revisions (`--cascade=orphan`) stay, for a new StatefulSet to adopt.
        let revisions: Vec<Key> = self
            .revisions
            .iter()
            .filter(|(_, r)| {
                !r.set_uid.is_empty() && !self.sets.values().any(|s| s.uid == r.set_uid)
            })
            .map(|(k, _)| k.clone())
            .collect();
        for r in revisions {
            if let Some(rev) = self.revisions.remove(&r) {
                self.log(Action::Gone, "ControllerRevision", &rev.ns, &rev.name);
            }
        }
    }

    fn delete_revision(&mut self, name: &Key) {
        if let Some(r) = self.revisions.remove(name) {
            self.log(Action::Gone, "ControllerRevision", &r.ns, &r.name);
        }
    }
}

fn set_owner(set: &StatefulSet) -> Owner {
    Owner {
        kind: "StatefulSet",
        name: set.name.clone(),
        uid: set.uid.clone(),
        controller: true,
    }
}

/// A container that has not started, waiting for `reason`.
pub fn waiting_status(
    c: &super::world::ContainerSpec,
    reason: &str,
) -> super::world::ContainerStatus {
    super::world::ContainerStatus {
        name: c.name.clone(),
        image: c.image.clone(),
        image_id: String::new(),
        container_id: None,
        state: super::world::CState::Waiting {
            reason: reason.to_string(),
            message: None,
        },
        last: None,
        ready: false,
        started: false,
        restarts: 0,
        app_up_at: None,
        started_at: None,
        live_until: None,
        probes_counted: 0,
        failures_noted: 0,
        live: true,
        readiness: Default::default(),
        backoff_s: 0,
        epoch: 0,
        exiting: None,
        probe_plan: None,
        pull: None,
    }
}

/// The fields a pod update may change (`ValidatePodUpdate` in
/// `pkg/apis/core/validation/validation.go`); the API's message goes on with a diff of the spec,
/// left out here.
const UPDATABLE_POD_FIELDS: &str = "`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

/// `identityMatches` (`pkg/controller/statefulset/stateful_set_utils.go`, v1.36 with
/// PodIndexLabel): the pod-name and pod-index labels are the pod's.
pub fn identity_matches(p: &Pod) -> bool {
    p.ordinal >= 0
        && p.labels.get("statefulset.kubernetes.io/pod-name") == Some(&p.name)
        && p.labels
            .get("apps.kubernetes.io/pod-index")
            .is_some_and(|i| is_ordinal(i, p.ordinal))
}

/// `text == strconv.Itoa(ordinal)`, without allocating: the check runs for every pod on
/// every sync.
fn is_ordinal(text: &str, ordinal: i64) -> bool {
    let t = text.as_bytes();
    let mut n = ordinal.unsigned_abs();
    let mut i = t.len();
    loop {
        let Some(j) = i.checked_sub(1) else {
            return false;
        };
        i = j;
        if u64::from(t[i]) != u64::from(b'0') + n % 10 {
            return false;
        }
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if ordinal < 0 {
        i == 1 && t[0] == b'-'
    } else {
        i == 0
    }
}

/// `storageMatches`: for each claim template, a volume of its name with the pod's claim.
pub fn storage_matches(set: &StatefulSet, p: &Pod) -> bool {
    // The claim `<template>-<set>-<ordinal>`, compared piece by piece.
    let names = |c: &str, t: &str| {
        c.strip_prefix(t)
            .and_then(|r| r.strip_prefix('-'))
            .and_then(|r| r.strip_prefix(set.name.as_str()))
            .and_then(|r| r.strip_prefix('-'))
            .is_some_and(|r| is_ordinal(r, p.ordinal))
    };
    p.ordinal >= 0
        && set.spec.claims.iter().all(|t| {
            p.template.volumes.iter().any(|v| {
            v.name == t.name
                && matches!(&v.source, super::world::VolumeSource::Claim(c) if names(c, &t.name))
        })
        })
}

#[cfg(test)]
mod tests {
    use super::is_ordinal;

    #[test]
    fn an_ordinal_is_written_as_strconv_itoa_writes_it() {
        for (text, ordinal, want) in [
            ("0", 0, true),
            ("7", 7, true),
            ("10", 10, true),
            ("-5", -5, true),
            ("-0", 0, false),
            ("00", 0, false),
            ("01", 1, false),
            ("+1", 1, false),
            ("", 0, false),
            ("1", 10, false),
            ("10", 1, false),
            ("5", -5, false),
            ("x1", 1, false),
            ("9223372036854775807", i64::MAX, true),
            ("-9223372036854775808", i64::MIN, true),
        ] {
            assert_eq!(is_ordinal(text, ordinal), want, "{text:?} {ordinal}");
        }
    }
}
