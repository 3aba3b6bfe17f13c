//! The one setting behind every version-dependent rule (the Kubernetes release the playground follows, v1.36 by default): which
//! Kubernetes release, with which feature gates, the playground behaves like.

/// Kubernetes behaviour switches. `Profile::default()` is the baseline: v1.36, default gates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Profile {
    /// Minor version of the cluster and kubectl (1.`minor`).
    pub minor: u32,
    /// `MaxUnavailableStatefulSet`: off in 1.36 (on only in 1.35.0–1.35.3 and from 1.37).
    pub max_unavailable_statefulset: bool,
    /// PR #130909 (v1.34+): rolling updates and scale-down wait for `minReadySeconds`.
    pub min_ready_seconds_for_updates: bool,
    /// PR #131790 (v1.34+): the pod template is fully validated on StatefulSet create.
    pub validate_pod_template: bool,
    /// PR #132212 (v1.34+): `volumeClaimTemplates[*].spec` validated on create.
    pub validate_claim_templates: bool,
    /// PR #130233 (v1.33+): `spec.serviceName` validated as a DNS-1123 label.
    pub validate_service_name: bool,
    /// RelaxedServiceNameValidation (beta, on in v1.36, PR #136389): Service names may be any
    /// DNS-1123 label; before, DNS-1035 (must start with a letter).
    pub relaxed_service_name: bool,
    /// PR #136833 (v1.37+): OnDelete promotes `currentRevision` once all pods are updated.
    pub on_delete_promotes_revision: bool,
    /// kubectl ≥ 1.34 prints `deleted from <ns> namespace`.
    pub delete_names_namespace: bool,
    /// kubectl ≥ 1.34 prints named container ports as `80/TCP (web)` in describe.
    pub describe_port_names: bool,
    /// Up to 1.27 a sync counts the pods it creates in the status it writes; PR #117865
    /// (v1.28) recomputes the status from the pods it listed, so a created pod is counted
    /// only by the next sync (kubernetes/kubernetes#120732): one more status update per pod.
    pub counts_created_pods_in_sync: bool,
}

impl Default for Profile {
    fn default() -> Profile {
        Profile::v1(36)
    }
}

impl Profile {
    /// The profile of Kubernetes 1.`minor` with its default feature gates.
    pub fn v1(minor: u32) -> Profile {
        Profile {
            minor,
            max_unavailable_statefulset: minor >= 37,
            min_ready_seconds_for_updates: minor >= 34,
            validate_pod_template: minor >= 34,
            validate_claim_templates: minor >= 34,
            validate_service_name: minor >= 33,
            relaxed_service_name: minor >= 36,
            on_delete_promotes_revision: minor >= 37,
            delete_names_namespace: minor >= 34,
            describe_port_names: minor >= 34,
            counts_created_pods_in_sync: minor <= 27,
        }
    }
    pub fn version(&self) -> String {
        format!("v1.{}", self.minor)
    }
}
