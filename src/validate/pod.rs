//! Pod template validation (`pkg/apis/core/validation/validation.go`: `ValidatePodSpec` and
//! friends), as the API server applies it to `spec.template.spec` on StatefulSet create from
//! v1.34 (PR #131790), for v1.36 with default feature gates.
//!
//! The input is the clean tree of the pod spec (after `schema::check`: known fields of the right
//! JSON types), normally with API defaults applied, but it need not be: fields that the API
//! server's defaulting fills (`imagePullPolicy`, `protocol`, `dnsPolicy`, `restartPolicy`,
//! `terminationMessagePolicy`, probe thresholds, a volume without a source = `emptyDir`, ...)
//! are never reported as missing: an empty or absent value reads as its default. A field that is
//! absent or null reads as Go's zero value, as JSON decoding leaves it.
//!
//! Each function names the Go function it mirrors. Go's quirks are kept where they change what
//! users see (e.g. `volumeMounts.subPath` without an index, `downwarAPI`), because users compare
//! our messages with kubectl's.

use super::field::{BadValue, Errors, Path};
use super::names::{
    inclusive_range_error, is_config_map_key, is_dns1123_label, is_dns1123_subdomain,
    is_dns1123_subdomain_with_underscore, is_http_header_name, is_qualified_name,
    is_relaxed_env_var_name, is_valid_ip, is_valid_label_value, is_valid_port_name,
    is_valid_port_num, name_is_dns_subdomain,
};
use crate::quantity::{Quantity, parse_quantity};
use crate::yaml::zero::{
    field, flag, int as ints, items, opt_str, or_default, part, string, strings,
};
use crate::yaml::{Node, Value};
use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap, HashSet};

mod containers;
mod env;
mod policies;
mod probes;
mod resources;
mod scheduling;
mod security;
mod volumes;

use containers::*;
use env::*;
use policies::*;
use probes::*;
use resources::*;
use scheduling::*;
use security::*;
use volumes::*;

/// `isNegativeErrorMsg`.
pub(super) const IS_NEGATIVE: &str = "must be greater than or equal to 0";
/// `isNotPositiveErrorMsg`.
pub(super) const NOT_POSITIVE: &str = "must be greater than zero";
/// `fileModeErrorMsg`.
pub(super) const FILE_MODE: &str = "must be a number between 0 and 0777 (octal), both inclusive";
pub(super) const MORE_THAN_ONE_VOLUME: &str = "may not specify more than 1 volume type";
pub(super) const MORE_THAN_ONE_HANDLER: &str = "may not specify more than 1 handler type";
pub(super) const NOT_FOR_INIT: &str =
    "may not be set for init containers without restartPolicy=Always";
/// `SetDefaults_PodSpec`: `terminationGracePeriodSeconds`.
pub(super) const DEFAULT_GRACE_PERIOD: i64 = 30;

/// Go's `%#v` of a `[]string`, as a bad value.
pub(super) fn go_string_slice(v: &[&str]) -> BadValue {
    BadValue::Raw(crate::go::string_slice(v))
}

/// What a volume name resolves to for mounts and devices (the map `ValidateVolumes` returns).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum VolKind {
    /// `persistentVolumeClaim` or `ephemeral` (usable for block devices).
    Claim,
    Image,
    Other,
}

/// What container validation needs from the pod.
pub(super) struct Pod<'a> {
    vols: HashMap<String, VolKind>,
    grace_period: i64,
    restart_policy: &'a str,
    host_users: bool,
}

/// Validates a pod spec at `path` (e.g. `spec.template.spec`). `spec` is the clean tree of the
/// pod spec, defaulted or not. `claim_volumes` are the names of the StatefulSet's
/// volumeClaimTemplates, which count as volumes (they take precedence over a template volume
/// with the same name).
///
/// Mirrors `ValidatePodSpec` (in its order) plus `ValidatePodTemplateSpec`'s ephemeral
/// container check. The StatefulSet-only rules (`restartPolicy` must be `Always`,
/// `activeDeadlineSeconds` forbidden) belong to the StatefulSet validator.
pub fn validate_pod_spec(spec: &Node, path: &Path, claim_volumes: &[String], errs: &mut Errors) {
    let vols = validate_volumes(
        items(spec, "volumes"),
        &path.child("volumes"),
        claim_volumes,
        errs,
    );
    let pod = Pod {
        vols,
        grace_period: ints(spec, "terminationGracePeriodSeconds").unwrap_or(DEFAULT_GRACE_PERIOD),
        restart_policy: or_default(opt_str(spec, "restartPolicy"), "Always"),
        host_users: flag(spec, "hostUsers").unwrap_or(true),
    };
    let containers = items(spec, "containers");
    validate_containers(containers, &pod, &path.child("containers"), errs);
    validate_init_containers(
        items(spec, "initContainers"),
        containers,
        &pod,
        &path.child("initContainers"),
        errs,
    );
    validate_pod_host_network_deps(spec, path, errs);
    validate_restart_policy(
        opt_str(spec, "restartPolicy"),
        &path.child("restartPolicy"),
        errs,
    );
    validate_dns_policy(opt_str(spec, "dnsPolicy"), &path.child("dnsPolicy"), errs);
    if field(spec, "nodeSelector").is_some() {
        super::meta::labels(
            &spec.str_map_at(&["nodeSelector"]),
            &path.child("nodeSelector"),
            errs,
        );
    }
    validate_pod_security_context(spec, &path.child("securityContext"), errs);
    if let Some(a) = field(spec, "affinity") {
        validate_affinity(a, &path.child("affinity"), errs);
    }
    validate_pod_dns_config(spec, &path.child("dnsConfig"), errs);
    // validateReadinessGates
    for (i, g) in items(spec, "readinessGates").iter().enumerate() {
        let f = path.child("readinessGates").index(i).child("conditionType");
        let ct = string(g, "conditionType");
        errs.invalid_each("readiness-gate-invalid", &f, ct, is_qualified_name(ct));
    }
    // validateSchedulingGates
    let mut seen = HashSet::new();
    for (i, g) in items(spec, "schedulingGates").iter().enumerate() {
        let f = path.child("schedulingGates").index(i);
        let name = string(g, "name");
        errs.invalid_each("scheduling-gate-invalid", &f, name, is_qualified_name(name));
        if !seen.insert(name) {
            errs.duplicate("duplicate-scheduling-gate", &f, name);
        }
    }
    validate_topology_spread_constraints(
        items(spec, "topologySpreadConstraints"),
        &path.child("topologySpreadConstraints"),
        errs,
    );
    // validateHostUsers
    if flag(spec, "hostUsers") == Some(false) {
        for (key, f) in [
            ("hostNetwork", "hostNetwork"),
            ("hostPID", "HostPID"),
            ("hostIPC", "HostIPC"),
        ] {
            if flag(spec, key) == Some(true) {
                errs.forbidden(
                    "host-users-forbidden",
                    &path.child(f),
                    "when `pod.Spec.HostUsers` is false",
                );
            }
        }
    }
    let sa = string(spec, "serviceAccountName");
    if !sa.is_empty() {
        errs.invalid_each(
            "service-account-name-invalid",
            &path.child("serviceAccountName"),
            sa,
            name_is_dns_subdomain(sa, false),
        );
    }
    let node = string(spec, "nodeName");
    if !node.is_empty() {
        errs.invalid_each(
            "node-name-invalid",
            &path.child("nodeName"),
            node,
            name_is_dns_subdomain(node, false),
        );
    }
    if let Some(v) = ints(spec, "activeDeadlineSeconds")
        && !(1..=i64::from(i32::MAX)).contains(&v)
    {
        let msg = inclusive_range_error(1, i64::from(i32::MAX));
        errs.invalid(
            "active-deadline-seconds",
            &path.child("activeDeadlineSeconds"),
            v,
            msg,
        );
    }
    let hostname = string(spec, "hostname");
    if !hostname.is_empty() {
        errs.invalid_each(
            "hostname-invalid",
            &path.child("hostname"),
            hostname,
            is_dns1123_label(hostname),
        );
    }
    let subdomain = string(spec, "subdomain");
    if !subdomain.is_empty() {
        errs.invalid_each(
            "subdomain-invalid",
            &path.child("subdomain"),
            subdomain,
            is_dns1123_label(subdomain),
        );
    }
    validate_tolerations(items(spec, "tolerations"), &path.child("tolerations"), errs);
    // ValidateHostAliases
    for (i, a) in items(spec, "hostAliases").iter().enumerate() {
        let p = path.child("hostAliases").index(i);
        let ip = string(a, "ip");
        errs.invalid_each("host-alias-invalid", &p.child("ip"), ip, is_valid_ip(ip));
        for (j, h) in strings(a, "hostnames").into_iter().enumerate() {
            errs.invalid_each(
                "host-alias-invalid",
                &p.child("hostnames").index(j),
                h,
                is_dns1123_subdomain(h),
            );
        }
    }
    let pc = string(spec, "priorityClassName");
    if !pc.is_empty() {
        errs.invalid_each(
            "priority-class-name-invalid",
            &path.child("priorityClassName"),
            pc,
            name_is_dns_subdomain(pc, false),
        );
    }
    if let Some(rc) = opt_str(spec, "runtimeClassName") {
        errs.invalid_each(
            "runtime-class-name-invalid",
            &path.child("runtimeClassName"),
            rc,
            name_is_dns_subdomain(rc, false),
        );
    }
    // ValidatePreemptionPolicy (defaulted to PreemptLowerPriority when absent)
    if let Some(pp) = opt_str(spec, "preemptionPolicy") {
        let f = path.child("preemptionPolicy");
        match pp {
            "PreemptLowerPriority" | "Never" => {}
            "" => errs.required("preemption-policy", &f, ""),
            _ => errs.not_supported(
                "preemption-policy",
                &f,
                pp,
                &["PreemptLowerPriority", "Never"],
            ),
        }
    }
    // validateOS
    if let Some(os) = field(spec, "os") {
        let f = path.child("os");
        let name = string(os, "name");
        if name.is_empty() {
            errs.required("os-name", &f.child("name"), "cannot be empty");
        } else if name != "linux" && name != "windows" {
            errs.not_supported("os-name", &f, name, &["linux", "windows"]);
        }
    }
    // ValidatePodTemplateSpec
    if !items(spec, "ephemeralContainers").is_empty() {
        errs.forbidden(
            "ephemeral-containers-forbidden",
            &path.child("ephemeralContainers"),
            "ephemeral containers not allowed in pod template",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{self, Ty};

    const P: &str = "spec.template.spec";

    /// The first document of `yaml`, read as manifests are read (go-yaml v2 scalars: an unquoted
    /// `y` is a bool).
    fn parse(yaml: &str) -> Node {
        let parsed = crate::yaml::parse(yaml, &Default::default());
        assert!(
            parsed.errors.is_empty(),
            "bad test yaml {yaml:?}: {:?}",
            parsed.errors
        );
        parsed
            .documents
            .into_iter()
            .find_map(|d| d.root)
            .unwrap_or_else(|| panic!("no document in {yaml:?}"))
    }

    /// The schema check of `yaml` as a `PodSpec`: the clean tree and the issues.
    fn clean(yaml: &str) -> (Node, Vec<schema::Issue>) {
        let i = schema::STRUCTS
            .iter()
            .position(|s| s.name == "PodSpec")
            .expect("PodSpec is in the schema table");
        schema::check(&parse(yaml), &Ty::Struct(i))
    }

    /// Validates one tree; returns `field: body` lines.
    fn validate(spec: &Node, claims: &[&str]) -> Vec<String> {
        let claims: Vec<String> = claims.iter().map(|c| c.to_string()).collect();
        let mut errs = Errors::default();
        validate_pod_spec(spec, &Path::new(P), &claims, &mut errs);
        errs.0
            .iter()
            .map(|e| format!("{}: {}", e.field, e.body()))
            .collect()
    }

    /// Validates a pod spec written as YAML, which must pass the schema check, both as written
    /// (absent fields read as their defaults) and with API defaults applied
    /// (`defaults::pod_spec`): the two must agree.
    #[track_caller]
    fn run(yaml: &str, claims: &[&str]) -> Vec<String> {
        let (mut spec, issues) = clean(yaml);
        assert!(issues.is_empty(), "schema issues in {yaml:?}: {issues:?}");
        let as_written = validate(&spec, claims);
        crate::defaults::pod_spec(&mut spec);
        assert_eq!(
            validate(&spec, claims),
            as_written,
            "defaulting changed the result for {yaml}"
        );
        as_written
    }

    /// Expected lines; a leading `$` stands for the pod spec's path.
    fn want(expect: &[&str]) -> Vec<String> {
        expect
            .iter()
            .map(|e| {
                e.strip_prefix('$')
                    .map_or(e.to_string(), |rest| format!("{P}{rest}"))
            })
            .collect()
    }

    #[track_caller]
    fn check(yaml: &str, expect: &[&str]) {
        check_claims(yaml, &[], expect);
    }

    #[track_caller]
    fn check_claims(yaml: &str, claims: &[&str], expect: &[&str]) {
        assert_eq!(run(yaml, claims), want(expect), "for {yaml}");
    }

    /// A value the schema check rejects (reporting `schema_code`) and drops before validation,
    /// so the validator never sees it in the pipeline; on a tree that skipped the check, the
    /// validator still reports it.
    #[track_caller]
    fn check_unchecked(yaml: &str, schema_code: &str, expect: &[&str]) {
        let (_, issues) = clean(yaml);
        assert!(
            issues.iter().any(|i| i.code == schema_code),
            "no {schema_code} issue for {yaml}: {issues:?}"
        );
        assert_eq!(validate(&parse(yaml), &[]), want(expect), "for {yaml}");
    }

    /// One valid container with `extra` fields added.
    fn ctr(extra: &str) -> String {
        if extra.is_empty() {
            "containers: [{name: app, image: nginx}]".into()
        } else {
            format!("containers: [{{name: app, image: nginx, {extra}}}]")
        }
    }

    /// A valid container plus pod-level `extra` (a YAML flow mapping body).
    fn pod(extra: &str) -> String {
        format!("{{containers: [{{name: app, image: nginx}}], {extra}}}")
    }

    #[track_caller]
    fn ok(yaml: &str) {
        check(yaml, &[]);
    }

    #[test]
    #[rustfmt::skip]
    fn containers_and_names() {
        ok(&ctr(""));
        check("containers: []", &["$.containers: Required value"]);
        check("{}", &["$.containers: Required value"]);
        check("containers: [{name: '', image: x}]", &["$.containers[0].name: Required value"]);
        check("containers: [{name: Web_1, image: x}]", &[r#"$.containers[0].name: Invalid value: "Web_1": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"#]);
        check("containers: [{name: web, image: x}, {name: web, image: 'y'}]", &[r#"$.containers[1].name: Duplicate value: "web""#]);
        check("{containers: [{name: web, image: x}], initContainers: [{name: web, image: 'y'}]}", &[r#"$.initContainers[0].name: Duplicate value: "web""#]);
        ok("{containers: [{name: web, image: x}], initContainers: [{name: init, image: 'y'}]}");
        check("containers: [{name: app}]", &["$.containers[0].image: Required value"]);
        check("containers: [{name: app, image: ''}]", &["$.containers[0].image: Required value"]);
    }

    #[test]
    #[rustfmt::skip]
    fn container_policies() {
        ok(&ctr("imagePullPolicy: Never, terminationMessagePolicy: FallbackToLogsOnError"));
        check(&ctr("imagePullPolicy: Sometimes"), &[r#"$.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never""#]);
        check(&ctr("terminationMessagePolicy: Log"), &[r#"$.containers[0].terminationMessagePolicy: Unsupported value: "Log": supported values: "File", "FallbackToLogsOnError""#]);
        check(&ctr("restartPolicy: Always"), &["$.containers[0].restartPolicy: Forbidden: may not be set for non-init containers"]);
    }

    #[test]
    #[rustfmt::skip]
    fn ports() {
        ok(&ctr("ports: [{containerPort: 80, name: web}, {containerPort: 81, hostPort: 8081, protocol: UDP}]"));
        check(&ctr("ports: [{containerPort: 0}]"), &["$.containers[0].ports[0].containerPort: Required value"]);
        check(&ctr("ports: [{containerPort: 70000}]"), &["$.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive"]);
        check(&ctr("ports: [{containerPort: 80, hostPort: -1}]"), &["$.containers[0].ports[0].hostPort: Invalid value: -1: must be between 1 and 65535, inclusive"]);
        check(&ctr("ports: [{containerPort: 80, protocol: HTTP}]"), &[r#"$.containers[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP""#]);
        check(&ctr("ports: [{containerPort: 80, name: Web}]"), &[r#"$.containers[0].ports[0].name: Invalid value: "Web": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"#]);
        check(&ctr("ports: [{containerPort: 80, name: web}, {containerPort: 81, name: web}]"), &[r#"$.containers[0].ports[1].name: Duplicate value: "web""#]);
        // Port names are unique per container, not per pod.
        ok("containers: [{name: a, image: x, ports: [{containerPort: 80, name: web}]}, {name: b, image: x, ports: [{containerPort: 81, name: web}]}]");
        check("containers: [{name: a, image: x, ports: [{containerPort: 80, hostPort: 80}]}, {name: b, image: x, ports: [{containerPort: 81, hostPort: 80}]}]", &[r#"$.containers[1].ports[0].hostPort: Duplicate value: "TCP//80""#]);
        check("{hostNetwork: true, containers: [{name: a, image: x, ports: [{containerPort: 80, hostPort: 81}]}]}", &["$.containers[0].ports[0].hostPort: Invalid value: 81: must match `containerPort` when `hostNetwork` is true"]);
        ok("{hostNetwork: true, containers: [{name: a, image: x, ports: [{containerPort: 80}]}]}");
    }

    #[test]
    #[rustfmt::skip]
    fn probes() {
        ok(&ctr("livenessProbe: {httpGet: {port: 8080}}, readinessProbe: {tcpSocket: {port: http}}, startupProbe: {grpc: {port: 9000}}"));
        check(&ctr("livenessProbe: {periodSeconds: 5}"), &["$.containers[0].livenessProbe: Required value: must specify a handler type"]);
        check(&ctr("livenessProbe: {exec: {command: [x]}, httpGet: {port: 80}}"), &["$.containers[0].livenessProbe.httpGet: Forbidden: may not specify more than 1 handler type"]);
        check(&ctr("livenessProbe: {exec: {}}"), &["$.containers[0].livenessProbe.exec.command: Required value"]);
        check(&ctr("livenessProbe: {exec: {command: [x]}, successThreshold: 2}"), &["$.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1"]);
        check(&ctr("startupProbe: {exec: {command: [x]}, successThreshold: 3}"), &["$.containers[0].startupProbe.successThreshold: Invalid value: 3: must be 1"]);
        ok(&ctr("readinessProbe: {exec: {command: [x]}, successThreshold: 3}"));
        check(&ctr("readinessProbe: {exec: {command: [x]}, terminationGracePeriodSeconds: 5}"), &["$.containers[0].readinessProbe.terminationGracePeriodSeconds: Invalid value: 5: must not be set for readinessProbes"]);
        ok(&ctr("livenessProbe: {exec: {command: [x]}, terminationGracePeriodSeconds: 5}"));
        check(&ctr("livenessProbe: {exec: {command: [x]}, terminationGracePeriodSeconds: 0}"), &["$.containers[0].livenessProbe.terminationGracePeriodSeconds: Invalid value: 0: must be greater than 0"]);
        check(&ctr("readinessProbe: {exec: {command: [x]}, initialDelaySeconds: -1, failureThreshold: -2}"), &["$.containers[0].readinessProbe.initialDelaySeconds: Invalid value: -1: must be greater than or equal to 0", "$.containers[0].readinessProbe.failureThreshold: Invalid value: -2: must be greater than or equal to 0"]);
        check(&ctr("livenessProbe: {exec: {command: [x]}, successThreshold: -1}"), &["$.containers[0].livenessProbe.successThreshold: Invalid value: -1: must be greater than or equal to 0", "$.containers[0].livenessProbe.successThreshold: Invalid value: -1: must be 1"]);
        check(&ctr("livenessProbe: {httpGet: {port: 0}}"), &["$.containers[0].livenessProbe.httpGet.port: Invalid value: 0: must be between 1 and 65535, inclusive"]);
        check(&ctr("livenessProbe: {httpGet: {port: '8080'}}"), &[r#"$.containers[0].livenessProbe.httpGet.port: Invalid value: "8080": must contain at least one letter (a-z)"#]);
        check(&ctr("livenessProbe: {httpGet: {port: 80, scheme: FTP}}"), &[r#"$.containers[0].livenessProbe.httpGet.scheme: Unsupported value: "FTP": supported values: "HTTP", "HTTPS""#]);
        check(&ctr("livenessProbe: {httpGet: {port: 80, httpHeaders: [{name: 'X_Y', value: v}]}}"), &[r#"$.containers[0].livenessProbe.httpGet.httpHeaders: Invalid value: "X_Y": a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')"#]);
        check(&ctr("readinessProbe: {tcpSocket: {port: 99999}}"), &["$.containers[0].readinessProbe.tcpSocket.port: Invalid value: 99999: must be between 1 and 65535, inclusive"]);
        check(&ctr("startupProbe: {grpc: {port: 0}}"), &["$.containers[0].startupProbe.grpc.port: Invalid value: 0: must be between 1 and 65535, inclusive"]);
    }

    #[test]
    #[rustfmt::skip]
    fn lifecycle_and_init_containers() {
        ok(&ctr("lifecycle: {preStop: {sleep: {seconds: 0}}, postStart: {exec: {command: [x]}}}"));
        check(&ctr("lifecycle: {preStop: {sleep: {seconds: 31}}}"), &["$.containers[0].lifecycle.preStop.sleep: Invalid value: 31: must be non-negative and less than terminationGracePeriodSeconds (30)"]);
        check(&ctr("lifecycle: {postStart: {}}"), &["$.containers[0].lifecycle.postStart: Required value: must specify a handler type"]);
        ok("{containers: [{name: a, image: x}], initContainers: [{name: s, image: x, restartPolicy: Always, readinessProbe: {exec: {command: [x]}}}]}");
        check("{containers: [{name: a, image: x}], initContainers: [{name: i, image: x, readinessProbe: {exec: {command: [x]}}}]}", &["$.initContainers[0].readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always"]);
        check("{containers: [{name: a, image: x}], initContainers: [{name: i, image: x, restartPolicy: OnFailure}]}", &[r#"$.initContainers[0].restartPolicy: Unsupported value: "OnFailure": supported values: "Always""#]);
        check("{containers: [{name: a, image: x}], initContainers: [{name: i, image: x, restartPolicy: Always, livenessProbe: {exec: {command: [x]}, successThreshold: 2}}]}", &["$.initContainers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1"]);
        check("{containers: [{name: a, image: x}], initContainers: [{name: i}]}", &["$.initContainers[0].image: Required value"]);
    }

    #[test]
    #[rustfmt::skip]
    fn volumes() {
        ok(&format!("{{{}, volumes: [{{name: cache, emptyDir: {{}}}}, {{name: plain}}]}}", ctr("")));
        check(&pod("volumes: [{name: '', emptyDir: {}}]"), &["$.volumes[0].name: Required value"]);
        check(&pod("volumes: [{name: My.Vol, emptyDir: {}}]"), &[r#"$.volumes[0].name: Invalid value: "My.Vol": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"#]);
        check(&pod("volumes: [{name: data, emptyDir: {}}, {name: data, emptyDir: {}}]"), &[r#"$.volumes[1].name: Duplicate value: "data""#]);
        check(&pod("volumes: [{name: v, emptyDir: {}, configMap: {name: cm}}]"), &["$.volumes[0].configMap: Forbidden: may not specify more than 1 volume type"]);
        check(&pod("volumes: [{name: v, emptyDir: {}, downwardAPI: {}}]"), &["$.volumes[0].downwarAPI: Forbidden: may not specify more than 1 volume type"]);
        check(&pod("volumes: [{name: v, persistentVolumeClaim: {claimName: ''}}]"), &["$.volumes[0].persistentVolumeClaim.claimName: Required value"]);
        ok(&pod("volumes: [{name: v, persistentVolumeClaim: {claimName: data}}]"));
        check(&pod("volumes: [{name: v, secret: {}}]"), &["$.volumes[0].secret.secretName: Required value"]);
        check(&pod("volumes: [{name: v, configMap: {name: ''}}]"), &["$.volumes[0].configMap.name: Required value"]);
        check(&pod("volumes: [{name: v, configMap: {name: cm, defaultMode: 1000}}]"), &["$.volumes[0].configMap.defaultMode: Invalid value: 1000: must be a number between 0 and 0777 (octal), both inclusive"]);
        check(&pod("volumes: [{name: v, secret: {secretName: s, items: [{key: '', path: /etc/x}]}}]"), &["$.volumes[0].secret.items[0].key: Required value", r#"$.volumes[0].secret.items[0].path: Invalid value: "/etc/x": must be a relative path"#]);
        check(&pod("volumes: [{name: v, configMap: {name: c, items: [{key: k, path: ../x}]}}]"), &[r#"$.volumes[0].configMap.items[0].path: Invalid value: "../x": must not contain '..'"#]);
        check(&pod("volumes: [{name: v, hostPath: {path: ''}}]"), &["$.volumes[0].hostPath.path: Required value"]);
        check(&pod("volumes: [{name: v, hostPath: {path: /data, type: Dir}}]"), &[r#"$.volumes[0].hostPath.type: Unsupported value: "Dir": supported values: "", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket""#]);
        check(&pod("volumes: [{name: v, emptyDir: {sizeLimit: '-1Gi'}}]"), &["$.volumes[0].emptyDir.sizeLimit: Forbidden: SizeLimit field must be a valid resource quantity"]);
        check(&pod("volumes: [{name: v, nfs: {server: '', path: data}}]"), &["$.volumes[0].nfs.server: Required value", r#"$.volumes[0].nfs.path: Invalid value: "data": must be an absolute path"#]);
        check(&pod("volumes: [{name: v, projected: {sources: [{secret: {name: a, items: [{key: k, path: p}]}}, {configMap: {name: b, items: [{key: k, path: p}]}}]}}]"), &[r#"$.volumes[0].projected: Invalid value: "b": conflicting duplicate paths"#]);
        check(&pod("volumes: [{name: v, projected: {sources: [{serviceAccountToken: {path: token, expirationSeconds: 60}}]}}]"), &["$.volumes[0].projected.sources[0].serviceAccountToken.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes"]);
        check(&pod("volumes: [{name: v, projected: {sources: [{secret: {name: a}, configMap: {name: b}}]}}]"), &["$.volumes[0].projected.sources[0]: Forbidden: may not specify more than 1 volume type per source"]);
        check(&pod("volumes: [{name: v, downwardAPI: {items: [{path: labels, fieldRef: {fieldPath: spec.nodeName}}]}}]"), &[r#"$.volumes[0].downwardAPI.fieldRef.fieldPath: Unsupported value: "spec.nodeName": supported values: "metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid""#]);
        check(&pod("volumes: [{name: v, downwardAPI: {items: [{path: x}]}}]"), &["$.volumes[0].downwardAPI: Required value: one of fieldRef and resourceFieldRef is required"]);
        ok(&pod("volumes: [{name: v, downwardAPI: {items: [{path: labels, fieldRef: {fieldPath: metadata.labels}}, {path: cpu, resourceFieldRef: {containerName: app, resource: limits.cpu, divisor: 1m}}]}}]"));
        check(&pod("volumes: [{name: v, csi: {driver: ''}}]"), &["$.volumes[0].csi.driver: Required value", r#"$.volumes[0].csi.driver: Invalid value: "": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"#]);
        check(&pod("volumes: [{name: v, ephemeral: {}}]"), &["$.volumes[0].ephemeral.volumeClaimTemplate: Required value"]);
    }

    #[test]
    #[rustfmt::skip]
    fn volume_mounts() {
        let base = "{containers: [{name: app, image: x, volumeMounts: [MOUNTS]}], volumes: [{name: conf, configMap: {name: c}}]}";
        let with = |m: &str| base.replace("MOUNTS", m);
        ok(&with("{name: conf, mountPath: /etc/conf}"));
        check(&with("{name: www, mountPath: /www}"), &[r#"$.containers[0].volumeMounts[0].name: Not found: "www""#]);
        check_claims(&with("{name: www, mountPath: /www}"), &["www"], &[]);
        check(&with("{name: '', mountPath: /x}"), &["$.containers[0].volumeMounts[0].name: Required value", r#"$.containers[0].volumeMounts[0].name: Not found: """#]);
        check(&with("{name: conf, mountPath: ''}"), &["$.containers[0].volumeMounts[0].mountPath: Required value"]);
        check(&with("{name: conf, mountPath: /a}, {name: conf, mountPath: /a}"), &[r#"$.containers[0].volumeMounts[1].mountPath: Invalid value: "/a": must be unique"#]);
        check(&with("{name: conf, mountPath: /a, subPath: /abs}"), &[r#"$.containers[0].volumeMounts.subPath: Invalid value: "/abs": must be a relative path"#]);
        check(&with("{name: conf, mountPath: /a, subPath: a, subPathExpr: b}"), &[r#"$.containers[0].volumeMounts[0].subPathExpr: Invalid value: "b": subPathExpr and subPath are mutually exclusive"#]);
        check(&with("{name: conf, mountPath: /a, mountPropagation: Bidirectional}"), &["$.containers[0].volumeMounts.mountPropagation: Forbidden: Bidirectional mount propagation is available only to privileged containers"]);
        check(&with("{name: conf, mountPath: /a, mountPropagation: Both}"), &[r#"$.containers[0].volumeMounts.mountPropagation: Unsupported value: "Both": supported values: "Bidirectional", "HostToContainer", "None""#]);
        check(&with("{name: conf, mountPath: /a, recursiveReadOnly: Enabled}"), &["$.containers[0].volumeMounts.recursiveReadOnly: Forbidden: may only be specified when readOnly is true"]);
        ok(&with("{name: conf, mountPath: /a, readOnly: true, recursiveReadOnly: IfPossible}"));
        // A volume with errors is not mountable.
        check("{containers: [{name: app, image: x, volumeMounts: [{name: bad, mountPath: /b}]}], volumes: [{name: bad, secret: {}}]}", &["$.volumes[0].secret.secretName: Required value", r#"$.containers[0].volumeMounts[0].name: Not found: "bad""#]);
        // A claim template replaces a template volume of the same name.
        check_claims("{containers: [{name: app, image: x, volumeMounts: [{name: data, mountPath: /d}]}], volumes: [{name: data, secret: {}}]}", &["data"], &[]);
        check_claims("{containers: [{name: app, image: x, volumeDevices: [{name: data, devicePath: /dev/xvda}]}]}", &["data"], &[]);
        check("{containers: [{name: app, image: x, volumeDevices: [{name: conf, devicePath: /dev/x}]}], volumes: [{name: conf, configMap: {name: c}}]}", &[r#"$.containers[0].volumeDevices[0].name: Invalid value: "conf": can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode"#]);
    }

    #[test]
    #[rustfmt::skip]
    fn env() {
        ok(&ctr("env: [{name: 1weird.NAME-ok, value: v}, {name: POD, valueFrom: {fieldRef: {fieldPath: metadata.name}}}]"));
        check(&ctr("env: [{name: '', value: v}]"), &["$.containers[0].env[0].name: Required value"]);
        check(&ctr("env: [{name: 'A=B', value: v}]"), &[r#"$.containers[0].env[0].name: Invalid value: "A=B": a valid environment variable name must consist only of printable ASCII characters other than '='"#]);
        check(&ctr("env: [{name: A, valueFrom: {}}]"), &[r#"$.containers[0].env[0].valueFrom: Invalid value: "": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"#]);
        check(&ctr("env: [{name: A, value: v, valueFrom: {fieldRef: {fieldPath: metadata.name}}}]"), &[r#"$.containers[0].env[0].valueFrom: Invalid value: "": may not be specified when `value` is not empty"#]);
        check(&ctr("env: [{name: A, valueFrom: {configMapKeyRef: {name: cfg, key: ''}, secretKeyRef: {name: s, key: k}}}]"), &["$.containers[0].env[0].valueFrom.configMapKeyRef.key: Required value", r#"$.containers[0].env[0].valueFrom: Invalid value: "": may not have more than one field specified at a time"#]);
        check(&ctr("env: [{name: A, valueFrom: {secretKeyRef: {name: s, key: 'a/b'}}}]"), &[r#"$.containers[0].env[0].valueFrom.secretKeyRef.key: Invalid value: "a/b": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"#]);
        check(&ctr("env: [{name: A, valueFrom: {fieldRef: {fieldPath: spec.restartPolicy}}}]"), &[r#"$.containers[0].env[0].valueFrom.fieldRef.fieldPath: Unsupported value: "spec.restartPolicy": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs""#]);
        check(&ctr("env: [{name: A, valueFrom: {fieldRef: {fieldPath: metadata.nam}}}]"), &[r#"$.containers[0].env[0].valueFrom.fieldRef.fieldPath: Invalid value: "metadata.nam": error converting fieldPath: field label not supported: metadata.nam"#]);
        ok(&ctr("env: [{name: A, valueFrom: {resourceFieldRef: {resource: limits.memory, divisor: 1Mi}}}]"));
        check(&ctr("env: [{name: A, valueFrom: {resourceFieldRef: {resource: limits.cpu, divisor: '2'}}}]"), &[r#"$.containers[0].env[0].valueFrom.resourceFieldRef.divisor: Invalid value: "limits.cpu": only divisor's values 1m and 1 are supported with the cpu resource"#]);
        check(&ctr("envFrom: [{prefix: 'A=', configMapRef: {name: cfg}}]"), &[r#"$.containers[0].envFrom[0].prefix: Invalid value: "A=": a valid environment variable name must consist only of printable ASCII characters other than '='"#]);
        check(&ctr("envFrom: [{prefix: P_}]"), &[r#"$.containers[0].envFrom: Invalid value: "": must specify one of: `configMapRef` or `secretRef`"#]);
        check(&ctr("envFrom: [{secretRef: {name: ''}}]"), &["$.containers[0].envFrom[0].secretRef.name: Required value"]);
        ok(&ctr("envFrom: [{configMapRef: {name: cfg-}}]"));
    }

    #[test]
    #[rustfmt::skip]
    fn resources() {
        ok(&ctr("resources: {requests: {cpu: 250m, memory: 64Mi}, limits: {cpu: '1', memory: 128Mi, example.com/gpu: '2'}}"));
        check(&ctr("resources: {requests: {cpu: '1'}, limits: {cpu: 500m}}"), &[r#"$.containers[0].resources.requests: Invalid value: "1": must be less than or equal to cpu limit of 500m"#]);
        check(&ctr("resources: {requests: {memory: 2Gi}, limits: {memory: 1024Mi}}"), &[r#"$.containers[0].resources.requests: Invalid value: "2Gi": must be less than or equal to memory limit of 1Gi"#]);
        ok(&ctr("resources: {requests: {cpu: 0.5}, limits: {cpu: 500m}}"));
        // The schema check rejects a bad quantity first (and drops it); the validator keeps the rule.
        check_unchecked(&ctr("resources: {limits: {cpu: abc}}"), "invalid-quantity", &[r#"$.containers[0].resources.limits[cpu]: Invalid value: "abc": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"#]);
        check_unchecked(&ctr("resources: {requests: {memory: 30mi}}"), "invalid-quantity", &[r#"$.containers[0].resources.requests[memory]: Invalid value: "30mi": unable to parse quantity's suffix"#]);
        check(&ctr("resources: {requests: {cpu: '-1'}}"), &[r#"$.containers[0].resources.requests[cpu]: Invalid value: "-1": must be greater than or equal to 0"#]);
        check(&ctr("resources: {requests: {cpus: '1'}}"), &[r#"$.containers[0].resources.requests[cpus]: Invalid value: "cpus": must be a standard resource type or fully qualified"#, r#"$.containers[0].resources.requests[cpus]: Invalid value: "cpus": must be a standard resource for containers"#]);
        check(&ctr("resources: {requests: {example.com/gpu: '1'}}"), &["$.containers[0].resources.limits: Required value: Limit must be set for non overcommitable resources"]);
        check(&ctr("resources: {requests: {example.com/gpu: '1'}, limits: {example.com/gpu: '2'}}"), &[r#"$.containers[0].resources.requests: Invalid value: "1": must be equal to example.com/gpu limit of 2"#]);
        check(&ctr("resources: {limits: {example.com/gpu: 500m}}"), &[r#"$.containers[0].resources.limits[example.com/gpu]: Invalid value: "500m": must be an integer"#]);
        check(&ctr("resources: {limits: {hugepages-2Mi: 3Mi}}"), &[r#"$.containers[0].resources.limits[hugepages-2Mi]: Invalid value: "3Mi": 3Mi is not positive integer multiple of hugepages-2Mi"#, "$.containers[0].resources: Forbidden: HugePages require cpu or memory"]);
        ok(&ctr("resources: {limits: {hugepages-2Mi: 4Mi, memory: 1Gi}}"));
    }

    #[test]
    #[rustfmt::skip]
    fn resize_and_security_context() {
        ok(&ctr("resizePolicy: [{resourceName: cpu, restartPolicy: NotRequired}]"));
        check(&ctr("resizePolicy: [{resourceName: gpu, restartPolicy: NotRequired}]"), &[r#"$.containers[0].resizePolicy: Unsupported value: "gpu": supported values: "cpu", "memory""#]);
        ok(&ctr("securityContext: {runAsUser: 1000, runAsGroup: 1000, seccompProfile: {type: RuntimeDefault}}"));
        check(&ctr("securityContext: {runAsUser: -1}"), &["$.containers[0].securityContext.runAsUser: Invalid value: -1: must be between 0 and 4294967295, inclusive"]);
        check(&ctr("securityContext: {seccompProfile: {type: Localhost}}"), &["$.containers[0].securityContext.seccompProfile.localhostProfile: Required value: must be set when seccomp type is Localhost"]);
        check(&ctr("securityContext: {procMount: Unmasked}"), &[r#"$.containers[0].securityContext.procMount: Invalid value: "Unmasked": `hostUsers` must be false to use `Unmasked`"#]);
        check(&pod("securityContext: {fsGroup: 4294967296, fsGroupChangePolicy: Sometimes}"), &["$.securityContext.fsGroup: Invalid value: 4294967296: must be between 0 and 4294967295, inclusive", r#"$.securityContext.fsGroupChangePolicy: Unsupported value: "Sometimes": supported values: "Always", "OnRootMismatch""#]);
        check(&pod("shareProcessNamespace: true, hostPID: true"), &["$.securityContext.shareProcessNamespace: Invalid value: true: ShareProcessNamespace and HostPID cannot both be enabled"]);
        check(&pod("securityContext: {sysctls: [{name: Net.Core, value: '1'}]}"), &[r#"$.securityContext.sysctls[0].name: Invalid value: "Net.Core": must have at most 253 characters and match regex ^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$"#]);
        ok(&pod("securityContext: {sysctls: [{name: net.core.somaxconn, value: '1024'}]}"));
    }

    #[test]
    #[rustfmt::skip]
    fn pod_level_fields() {
        ok(&pod("restartPolicy: Always, dnsPolicy: ClusterFirstWithHostNet, terminationGracePeriodSeconds: -1"));
        check(&pod("restartPolicy: Sometimes"), &[r#"$.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never""#]);
        check(&pod("dnsPolicy: Google"), &[r#"$.dnsPolicy: Unsupported value: "Google": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None""#]);
        check(&pod("dnsPolicy: None"), &["$.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None"]);
        ok(&pod("dnsPolicy: None, dnsConfig: {nameservers: [1.1.1.1], searches: [_tcp.example.com.], options: [{name: ndots, value: '2'}]}"));
        check(&pod("dnsConfig: {nameservers: [1.1.1], options: [{value: '2'}]}"), &[r#"$.dnsConfig.nameservers[0]: Invalid value: "1.1.1": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"#, "$.dnsConfig.options[0]: Required value: must not be empty"]);
        check(&pod("hostname: Web.0, subdomain: my.svc"), &[r#"$.hostname: Invalid value: "Web.0": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"#, r#"$.subdomain: Invalid value: "my.svc": must not contain dots"#]);
        ok(&pod("hostname: web-0, subdomain: nginx"));
        check(&pod("activeDeadlineSeconds: 0"), &["$.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive"]);
        check(&pod("serviceAccountName: My_SA"), &[r#"$.serviceAccountName: Invalid value: "My_SA": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"#]);
        check(&pod("nodeSelector: {disktype: 'ssd!'}"), &[r#"$.nodeSelector: Invalid value: "ssd!": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"#]);
        check(&pod("preemptionPolicy: Always"), &[r#"$.preemptionPolicy: Unsupported value: "Always": supported values: "PreemptLowerPriority", "Never""#]);
        check(&pod("os: {name: mac}"), &[r#"$.os: Unsupported value: "mac": supported values: "linux", "windows""#]);
        check(&pod("readinessGates: [{conditionType: 'a b'}]"), &[r#"$.readinessGates[0].conditionType: Invalid value: "a b": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"#]);
        check(&pod("ephemeralContainers: [{name: debug, image: busybox}]"), &["$.ephemeralContainers: Forbidden: ephemeral containers not allowed in pod template"]);
        check(&pod("hostUsers: false, hostNetwork: true"), &["$.hostNetwork: Forbidden: when `pod.Spec.HostUsers` is false"]);
    }

    #[test]
    #[rustfmt::skip]
    fn tolerations() {
        ok(&pod("tolerations: [{key: dedicated, operator: Equal, value: db, effect: NoSchedule}, {operator: Exists}]"));
        check(&pod("tolerations: [{value: x}]"), &[r#"$.tolerations[0].operator: Invalid value: "": operator must be Exists when `key` is empty, which means "match all values and all keys""#]);
        check(&pod("tolerations: [{key: k, operator: Exists, value: v}]"), &[r#"$.tolerations[0].operator: Invalid value: "v": value must be empty when `operator` is 'Exists'"#]);
        check(&pod("tolerations: [{key: k, operator: In}]"), &[r#"$.tolerations[0].operator: Unsupported value: "In": supported values: "Equal", "Exists""#]);
        check(&pod("tolerations: [{key: k, effect: NoSchedule, tolerationSeconds: 5}]"), &[r#"$.tolerations[0].effect: Invalid value: "NoSchedule": effect must be 'NoExecute' when `tolerationSeconds` is set"#]);
        check(&pod("tolerations: [{key: k, effect: Never}]"), &[r#"$.tolerations[0].effect: Unsupported value: "Never": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute""#]);
    }

    #[test]
    #[rustfmt::skip]
    fn affinity_and_spread() {
        ok(&pod("affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: zone, operator: In, values: [a]}]}]}}, podAntiAffinity: {preferredDuringSchedulingIgnoredDuringExecution: [{weight: 100, podAffinityTerm: {topologyKey: kubernetes.io/hostname, labelSelector: {matchLabels: {app: web}}}}]}}"));
        check(&pod("affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: test, operator: DoesNotExist, values: [ok]}]}]}}}"), &["$.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"]);
        check(&pod("affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: []}}}"), &["$.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms: Required value: must have at least one node selector term"]);
        check(&pod("affinity: {podAntiAffinity: {preferredDuringSchedulingIgnoredDuringExecution: [{weight: 0, podAffinityTerm: {topologyKey: ''}}]}}"), &["$.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 0: must be in the range 1-100", "$.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey: Required value: can not be empty", r#"$.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey: Invalid value: "": name part must be non-empty"#, r#"$.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey: Invalid value: "": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"#]);
        check(&pod("affinity: {podAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{topologyKey: zone, labelSelector: {matchExpressions: [{key: app, operator: In}]}}]}}"), &["$.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'"]);
        ok(&pod("topologySpreadConstraints: [{maxSkew: 1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule, labelSelector: {matchLabels: {app: web}}, minDomains: 2}]"));
        check(&pod("topologySpreadConstraints: [{maxSkew: 0, topologyKey: '', whenUnsatisfiable: Maybe}]"), &["$.topologySpreadConstraints[0].maxSkew: Invalid value: 0: must be greater than zero", "$.topologySpreadConstraints[0].topologyKey: Required value: can not be empty", r#"$.topologySpreadConstraints[0].whenUnsatisfiable: Unsupported value: "Maybe": supported values: "DoNotSchedule", "ScheduleAnyway""#]);
        check(&pod("topologySpreadConstraints: [{maxSkew: 1, topologyKey: zone, whenUnsatisfiable: ScheduleAnyway}, {maxSkew: 2, topologyKey: zone, whenUnsatisfiable: ScheduleAnyway}]"), &[r#"$.topologySpreadConstraints[0].{topologyKey, whenUnsatisfiable}: Duplicate value: "{zone, ScheduleAnyway}""#]);
        check(&pod("topologySpreadConstraints: [{maxSkew: 1, topologyKey: zone, whenUnsatisfiable: ScheduleAnyway, minDomains: 2}]"), &["$.topologySpreadConstraints[0].minDomains: Invalid value: 2: can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ScheduleAnyway"]);
        check(&pod("topologySpreadConstraints: [{maxSkew: 1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule, matchLabelKeys: [pod-template-hash]}]"), &["$.topologySpreadConstraints[0].matchLabelKeys: Forbidden: must not be specified when labelSelector is not set"]);
    }

    #[test]
    fn codes_are_stable() {
        let (spec, _) =
            clean("{containers: [{name: app, volumeMounts: [{name: www, mountPath: /w}]}]}");
        let mut errs = Errors::default();
        validate_pod_spec(&spec, &Path::new(P), &[], &mut errs);
        let codes: Vec<&str> = errs.0.iter().map(|e| e.code).collect();
        assert_eq!(
            codes,
            ["container-image-required", "volume-mount-not-found"]
        );
    }

    #[test]
    #[rustfmt::skip]
    fn never_panics_on_odd_input() {
        let cases = [
            ctr("resources: {limits: {'': '', '/': '1', 'a/b/c': '1e999999999', hugepages-: 1Ei, hugepages-0: '0'}}"),
            ctr("resources: {requests: {hugepages-1Gi: '-1', cpu: '+', memory: '.'}, limits: {hugepages-1Gi: 1Gi}}"),
            ctr("env: [{name: A, valueFrom: {fieldRef: {fieldPath: \"['x']\"}, resourceFieldRef: {resource: '', divisor: 'é'}}}]"),
            pod("volumes: [{name: v, projected: {sources: [{}]}}, {name: w, downwardAPI: {items: [{path: '..', resourceFieldRef: {resource: x}}]}}]"),
            pod("dnsConfig: {searches: ['.', '', 'a..b']}, hostAliases: [{ip: '', hostnames: ['']}]"),
            // Nulls and wrong types: the schema check drops them; unchecked, they read as absent.
            "{containers: [~, 3, {name: [x], ports: [~, {containerPort: x, hostPort: 1.5}]}], volumes: {a: b}}".to_string(),
            ctr("resources: {limits: {cpu: true, memory: ~, x: [1]}, requests: 5}, securityContext: 3"),
            ctr("livenessProbe: {httpGet: {port: 1.5}, exec: {command: [~, 1]}}, lifecycle: {preStop: {sleep: {seconds: x}}}"),
            pod("affinity: {podAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [~, {labelSelector: ~, matchLabelKeys: [~]}]}}, securityContext: {supplementalGroups: [~, x, -1]}"),
            pod("topologySpreadConstraints: [~, {labelSelector: {matchLabels: {a: ~}}, matchLabelKeys: [a]}], tolerations: [~], dnsConfig: {nameservers: [~, 1]}"),
        ];
        for yaml in &cases {
            let raw = parse(yaml);
            let (mut spec, _) = clean(yaml);
            let _ = validate(&raw, &["", "Bad"]);
            let _ = validate(&spec, &["", "Bad"]);
            crate::defaults::pod_spec(&mut spec);
            let _ = validate(&spec, &["", "Bad"]);
        }
    }
}
