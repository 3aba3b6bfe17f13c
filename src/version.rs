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
    /// Up to 1.33 Go's typed encoding writes a zero `creationTimestamp` as `null`, so the
    /// template's patch, and with it every revision name, carries it; from 1.34 the field is
    /// `omitzero` (k8s.io/apimachinery `ObjectMeta`, PR #130989) and the names change
    /// (kubernetes/kubernetes#134773).
    pub null_creation_timestamp: bool,
}

/// The Kubernetes minor versions the playground can behave like.
pub const SUPPORTED: std::ops::RangeInclusive<u32> = 27..=37;
/// The version it behaves like unless told otherwise.
pub const DEFAULT_MINOR: u32 = 36;

/// The minor version in `1.37`, `v1.37` or `v1.37.2`, if supported.
pub fn parse_minor(v: &str) -> Option<u32> {
    v.trim()
        .trim_start_matches('v')
        .strip_prefix("1.")
        .and_then(|m| m.split('.').next())
        .and_then(|m| m.parse::<u32>().ok())
        .filter(|m| SUPPORTED.contains(m))
}

impl Default for Profile {
    fn default() -> Profile {
        Profile::v1(DEFAULT_MINOR)
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
            null_creation_timestamp: minor <= 33,
        }
    }
    pub fn version(&self) -> String {
        format!("v1.{}", self.minor)
    }
}

/// What a learner sees change between two versions, one sentence per difference, each
/// saying how `to` behaves (the source of each switch is on its `Profile` field).
pub fn differences(from: &Profile, to: &Profile) -> Vec<String> {
    let mut out = Vec::new();
    let mut differ = |a: bool, b: bool, on: &str, off: &str| {
        if a != b {
            out.push(if b { on } else { off }.to_string());
        }
    };
    differ(
        from.max_unavailable_statefulset,
        to.max_unavailable_statefulset,
        "rollingUpdate.maxUnavailable takes effect: a rolling update replaces that many pods at once (MaxUnavailableStatefulSet is on)",
        "rollingUpdate.maxUnavailable is accepted but ignored: a rolling update replaces one pod at a time (MaxUnavailableStatefulSet is off)",
    );
    differ(
        from.min_ready_seconds_for_updates,
        to.min_ready_seconds_for_updates,
        "rolling updates and scale-down wait for minReadySeconds before the next pod",
        "rolling updates and scale-down do not wait for minReadySeconds",
    );
    differ(
        from.on_delete_promotes_revision,
        to.on_delete_promotes_revision,
        "with OnDelete, currentRevision becomes the update revision once every pod is updated",
        "with OnDelete, currentRevision never moves to the update revision",
    );
    differ(
        from.counts_created_pods_in_sync,
        to.counts_created_pods_in_sync,
        "the sync that creates a pod counts it at once (one status update fewer per pod in rollout status)",
        "a created pod is counted by the next sync (one more status update per pod in rollout status)",
    );
    differ(
        from.null_creation_timestamp,
        to.null_creation_timestamp,
        "revision names differ: the template's patch carries `creationTimestamp: null`, as before 1.34",
        "revision names differ: the template's patch no longer carries `creationTimestamp: null` (1.34+)",
    );
    differ(
        from.validate_pod_template,
        to.validate_pod_template,
        "the pod template and claim templates are fully validated when the StatefulSet is created",
        "the pod template and claim templates are not fully validated on create: some mistakes only show when pods are made",
    );
    differ(
        from.validate_service_name,
        to.validate_service_name,
        "spec.serviceName must be a valid DNS label",
        "spec.serviceName is not validated",
    );
    differ(
        from.relaxed_service_name,
        to.relaxed_service_name,
        "Service names may start with a digit (RelaxedServiceNameValidation)",
        "Service names must start with a letter (DNS-1035)",
    );
    differ(
        from.delete_names_namespace,
        to.delete_names_namespace,
        "kubectl delete says `pod \"web-0\" deleted from default namespace`",
        "kubectl delete says `pod \"web-0\" deleted`",
    );
    differ(
        from.describe_port_names,
        to.describe_port_names,
        "kubectl describe shows named ports as `80/TCP (web)`",
        "kubectl describe shows ports without their names (`80/TCP`)",
    );
    // The kubelet's container events (src/sim/kubelet.rs `created_and_started`).
    let words = |minor: u32| match minor {
        ..=31 => 0,
        32..=34 => 1,
        _ => 2,
    };
    if words(from.minor) != words(to.minor) {
        out.push(
            match words(to.minor) {
                0 => "the kubelet's events say `Created container web` and `Started container web`",
                1 => "the kubelet's events say `Created container: web` and `Started container web`",
                _ => "the kubelet's events say `Container created`, `Container started` and that an image is `already present on machine and can be accessed by the pod`",
            }
            .to_string(),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_parse_within_the_supported_range() {
        assert_eq!(parse_minor("1.37"), Some(37));
        assert_eq!(parse_minor("v1.27.4"), Some(27));
        assert_eq!(parse_minor("1.26"), None);
        assert_eq!(parse_minor("2.0"), None);
        assert!(differences(&Profile::default(), &Profile::default()).is_empty());
        let d = differences(&Profile::default(), &Profile::v1(37));
        assert!(
            d[0].starts_with("rollingUpdate.maxUnavailable takes effect"),
            "{d:?}"
        );
    }
}
