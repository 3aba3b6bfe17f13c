//! Helm releases in the simulated cluster: each revision is stored as Helm stores it, a Secret
//! `sh.helm.release.v1.NAME.vN` of type `helm.sh/release.v1` in the release's namespace
//! (`pkg/storage/driver/secrets.go`, helm v4.2.3), with the labels `name`, `owner`, `status`,
//! `version` and `modifiedAt` (`createdAt` until its first update). Hook pods that ran to
//! completion stay in the world as Completed pods, as they do on a real cluster.

use super::cluster::World;
use super::world::{CState, EPOCH_SECS, Ms, Phase, Pod, key};
use std::collections::BTreeMap;
use std::rc::Rc;

/// A release revision's status (`release.Status`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Deployed,
    Superseded,
    Failed,
    Uninstalled,
    Uninstalling,
    PendingInstall,
    PendingUpgrade,
    PendingRollback,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Deployed => "deployed",
            Status::Superseded => "superseded",
            Status::Failed => "failed",
            Status::Uninstalled => "uninstalled",
            Status::Uninstalling => "uninstalling",
            Status::PendingInstall => "pending-install",
            Status::PendingUpgrade => "pending-upgrade",
            Status::PendingRollback => "pending-rollback",
        }
    }
}

/// A hook as the release records it, with its last run.
#[derive(Clone, Debug, PartialEq)]
pub struct HookRecord {
    pub name: String,
    pub kind: String,
    pub path: String,
    pub manifest: String,
    pub events: Vec<String>,
    pub weight: i64,
    pub delete_policies: Vec<String>,
    /// (started, completed, phase) of the last run.
    pub last_run: Option<(Ms, Ms, String)>,
}

/// One revision of a release (`release.Release`).
#[derive(Clone, Debug, PartialEq)]
pub struct Release {
    pub name: String,
    pub namespace: String,
    pub version: i64,
    pub status: Status,
    pub description: String,
    pub first_deployed: Ms,
    pub last_deployed: Ms,
    pub deleted: Option<Ms>,
    pub chart_name: String,
    pub chart_version: String,
    pub app_version: String,
    /// The chart's files, so that a rollback or `--reuse-values` can render it again.
    pub chart_files: Rc<Vec<(String, String)>>,
    /// The user's values (`config`), as JSON.
    pub config: serde_json::Value,
    /// The coalesced values (`helm get values --all`), as JSON.
    pub computed: serde_json::Value,
    pub manifest: String,
    pub notes: String,
    pub hooks: Vec<HookRecord>,
    /// When the Secret holding it was created and last written.
    pub created: Ms,
    pub modified: Option<Ms>,
    /// The user's labels (`--labels`), kept on the storage Secret with helm's own.
    pub user_labels: BTreeMap<String, String>,
    /// How helm 4 applied it: `ssa` (server-side, its default) or `csa`; empty from helm 3.
    pub apply_method: &'static str,
    /// The chart's `annotations` and its dependencies' names (`helm get metadata`).
    pub chart_annotations: BTreeMap<String, String>,
    pub dependencies: Vec<String>,
}

impl Release {
    /// The storage Secret's name.
    pub fn secret_name(&self) -> String {
        format!("sh.helm.release.v1.{}.v{}", self.name, self.version)
    }

    /// The storage Secret's labels.
    pub fn labels(&self) -> BTreeMap<String, String> {
        let mut l = self.user_labels.clone();
        match self.modified {
            Some(t) => l.insert("modifiedAt".into(), unix(t).to_string()),
            None => l.insert("createdAt".into(), unix(self.created).to_string()),
        };
        l.insert("name".into(), self.name.clone());
        l.insert("owner".into(), "helm".into());
        l.insert("status".into(), self.status.as_str().into());
        l.insert("version".into(), self.version.to_string());
        l
    }
}

/// Seconds since the Unix epoch of a virtual time.
pub fn unix(t: Ms) -> i64 {
    EPOCH_SECS + (t / 1000) as i64
}

impl World {
    /// Every revision of release `name` in `ns`, oldest first.
    pub fn history(&self, ns: &str, name: &str) -> Vec<Release> {
        let mut v: Vec<Release> = self
            .releases
            .iter()
            .filter(|r| r.namespace == ns && r.name == name)
            .cloned()
            .collect();
        v.sort_by_key(|r| r.version);
        v
    }

    /// Stores a new revision.
    pub fn store_release(&mut self, r: Release) {
        self.releases.retain(|x| {
            !(x.namespace == r.namespace && x.name == r.name && x.version == r.version)
        });
        self.releases.push(r);
    }

    /// Updates a stored revision in place (its Secret's labels become `modifiedAt`).
    pub fn update_release(
        &mut self,
        ns: &str,
        name: &str,
        version: i64,
        f: impl FnOnce(&mut Release),
    ) {
        let now = self.now;
        if let Some(r) = self
            .releases
            .iter_mut()
            .find(|r| r.namespace == ns && r.name == name && r.version == version)
        {
            f(r);
            r.modified = Some(now);
        }
    }

    /// Deletes every revision of a release (uninstall without `--keep-history`).
    pub fn purge_release(&mut self, ns: &str, name: &str) {
        self.releases
            .retain(|r| !(r.namespace == ns && r.name == name));
    }

    /// A pod that ran to completion (a hook pod helm waited for): created at `start`, its
    /// containers terminated at `end` with `exit_code` (0: `Completed`, the pod `Succeeded`;
    /// else `Error`, the pod `Failed`), with `log` as its output.
    pub fn completed_pod(
        &mut self,
        ns: &str,
        tree: &crate::yaml::Node,
        start: Ms,
        end: Ms,
        log: Vec<String>,
        exit_code: i32,
    ) -> Option<String> {
        let name = tree.str_at(&["metadata", "name"])?.to_string();
        let tpl = super::template::pod_template(std::rc::Rc::new(tree.clone()));
        let uid = self.uid();
        let ip = self.pod_ip();
        let containers = tpl
            .containers
            .iter()
            .map(|c| {
                let mut st = super::pod_control::waiting_status(c, "");
                st.image_id = format!("docker-pullable://{}", c.image);
                st.container_id = Some(format!("docker://{}", self.uid().replace('-', "")));
                st.state = CState::Terminated {
                    reason: if exit_code == 0 { "Completed" } else { "Error" }.into(),
                    exit_code,
                    started: start,
                    finished: end,
                };
                st
            })
            .collect();
        let mut pod = Pod::pending(ns, &name, uid, -1, tpl, start);
        pod.node = Some(self.node_name.clone());
        pod.host_ip = Some(self.node_ip.clone());
        pod.ip = Some(ip);
        pod.phase = if exit_code == 0 {
            Phase::Succeeded
        } else {
            Phase::Failed
        };
        pod.containers = containers;
        pod.init_containers = Vec::new();
        pod.worker_start = Some(start);
        let k = key(ns, &name);
        self.pods.insert(k.clone(), pod);
        self.pod_logs
            .insert(k, log.into_iter().map(|l| (start, l)).collect());
        Some(name)
    }
}
