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

use super::field::{BadValue, Errors};
use super::names::{
    inclusive_range_error, is_config_map_key, is_dns1123_label, is_dns1123_subdomain,
    is_dns1123_subdomain_with_underscore, is_http_header_name, is_qualified_name,
    is_relaxed_env_var_name, is_valid_ip, is_valid_label_value, is_valid_port_name,
    is_valid_port_num, name_is_dns_subdomain,
};
use crate::diag::{Pos, Span};
use crate::quantity::{Quantity, parse_quantity};
use crate::yaml::{Node, Value};
use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap, HashSet};

/// `isNegativeErrorMsg`.
const IS_NEGATIVE: &str = "must be greater than or equal to 0";
/// `isNotPositiveErrorMsg`.
const NOT_POSITIVE: &str = "must be greater than zero";
/// `fileModeErrorMsg`.
const FILE_MODE: &str = "must be a number between 0 and 0777 (octal), both inclusive";
const MORE_THAN_ONE_VOLUME: &str = "may not specify more than 1 volume type";
const MORE_THAN_ONE_HANDLER: &str = "may not specify more than 1 handler type";
const NOT_FOR_INIT: &str = "may not be set for init containers without restartPolicy=Always";
/// `SetDefaults_PodSpec`: `terminationGracePeriodSeconds`.
const DEFAULT_GRACE_PERIOD: i64 = 30;

/// A struct that is absent: every field reads as its zero value.
static ABSENT: Node = Node {
    value: Value::Null,
    span: Span {
        start: Pos::new(0, 0),
        end: Pos::new(0, 0),
    },
};

fn ch(p: &str, c: &str) -> String {
    format!("{p}.{c}")
}
fn ix(p: &str, i: usize) -> String {
    format!("{p}[{i}]")
}
fn key(p: &str, k: &str) -> String {
    format!("{p}[{k}]")
}

// Reading the tree. Absent and null fields read as Go's zero values; every accessor also
// accepts a non-mapping node (a null list item), whose fields are all absent.

/// A pointer or struct field: `None` when absent or null.
fn field<'a>(n: &'a Node, k: &str) -> Option<&'a Node> {
    n.get(k).filter(|v| v.value != Value::Null)
}
/// A struct field that Go holds by value: an absent one is the zero struct.
fn part<'a>(n: &'a Node, k: &str) -> &'a Node {
    field(n, k).unwrap_or(&ABSENT)
}
/// A `string` field: absent reads as empty.
fn string<'a>(n: &'a Node, k: &str) -> &'a str {
    n.get_str(k).unwrap_or("")
}
/// A `*string` field.
fn opt_str<'a>(n: &'a Node, k: &str) -> Option<&'a str> {
    n.get_str(k)
}
/// A `*int32`/`*int64` field (`unwrap_or(0)` for one held by value).
fn ints(n: &Node, k: &str) -> Option<i64> {
    n.int_at(&[k])
}
/// A `*bool` field.
fn flag(n: &Node, k: &str) -> Option<bool> {
    n.bool_at(&[k])
}
/// A list field: absent reads as empty.
fn items<'a>(n: &'a Node, k: &str) -> &'a [Node] {
    n.seq_at(&[k])
}
/// A `[]string` field; a null item reads as `""`, as Go decodes it (indices stay true).
fn strings<'a>(n: &'a Node, k: &str) -> Vec<&'a str> {
    items(n, k)
        .iter()
        .map(|s| s.as_str().unwrap_or(""))
        .collect()
}
/// A defaulted field: absent or empty reads as `default`.
fn or_default<'a>(v: Option<&'a str>, default: &'a str) -> &'a str {
    match v {
        None | Some("") => default,
        Some(x) => x,
    }
}
/// Go's `%#v` of a `[]string`.
fn go_string_slice(v: &[&str]) -> BadValue {
    let items: Vec<String> = v.iter().map(|x| super::field::go_quote(x)).collect();
    BadValue::Raw(format!("[]string{{{}}}", items.join(", ")))
}

/// What a volume name resolves to for mounts and devices (the map `ValidateVolumes` returns).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum VolKind {
    /// `persistentVolumeClaim` or `ephemeral` (usable for block devices).
    Claim,
    Image,
    Other,
}

/// What container validation needs from the pod.
struct Pod<'a> {
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
pub fn validate_pod_spec(spec: &Node, path: &str, claim_volumes: &[String], errs: &mut Errors) {
    let vols = validate_volumes(
        items(spec, "volumes"),
        &ch(path, "volumes"),
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
    validate_containers(containers, &pod, &ch(path, "containers"), errs);
    validate_init_containers(
        items(spec, "initContainers"),
        containers,
        &pod,
        &ch(path, "initContainers"),
        errs,
    );
    validate_pod_host_network_deps(spec, path, errs);
    validate_restart_policy(
        opt_str(spec, "restartPolicy"),
        &ch(path, "restartPolicy"),
        errs,
    );
    validate_dns_policy(opt_str(spec, "dnsPolicy"), &ch(path, "dnsPolicy"), errs);
    if field(spec, "nodeSelector").is_some() {
        validate_labels(
            &spec.str_map_at(&["nodeSelector"]),
            &ch(path, "nodeSelector"),
            "node-selector-invalid",
            errs,
        );
    }
    validate_pod_security_context(spec, &ch(path, "securityContext"), errs);
    if let Some(a) = field(spec, "affinity") {
        validate_affinity(a, &ch(path, "affinity"), errs);
    }
    validate_pod_dns_config(spec, &ch(path, "dnsConfig"), errs);
    // validateReadinessGates
    for (i, g) in items(spec, "readinessGates").iter().enumerate() {
        let f = ch(&ix(&ch(path, "readinessGates"), i), "conditionType");
        let ct = string(g, "conditionType");
        errs.invalid_each("readiness-gate-invalid", &f, ct, is_qualified_name(ct));
    }
    // validateSchedulingGates
    let mut seen = HashSet::new();
    for (i, g) in items(spec, "schedulingGates").iter().enumerate() {
        let f = ix(&ch(path, "schedulingGates"), i);
        let name = string(g, "name");
        errs.invalid_each("scheduling-gate-invalid", &f, name, is_qualified_name(name));
        if !seen.insert(name) {
            errs.duplicate("duplicate-scheduling-gate", &f, name);
        }
    }
    validate_topology_spread_constraints(
        items(spec, "topologySpreadConstraints"),
        &ch(path, "topologySpreadConstraints"),
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
                    &ch(path, f),
                    "when `pod.Spec.HostUsers` is false",
                );
            }
        }
    }
    let sa = string(spec, "serviceAccountName");
    if !sa.is_empty() {
        errs.invalid_each(
            "service-account-name-invalid",
            &ch(path, "serviceAccountName"),
            sa,
            name_is_dns_subdomain(sa, false),
        );
    }
    let node = string(spec, "nodeName");
    if !node.is_empty() {
        errs.invalid_each(
            "node-name-invalid",
            &ch(path, "nodeName"),
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
            &ch(path, "activeDeadlineSeconds"),
            v,
            msg,
        );
    }
    let hostname = string(spec, "hostname");
    if !hostname.is_empty() {
        errs.invalid_each(
            "hostname-invalid",
            &ch(path, "hostname"),
            hostname,
            is_dns1123_label(hostname),
        );
    }
    let subdomain = string(spec, "subdomain");
    if !subdomain.is_empty() {
        errs.invalid_each(
            "subdomain-invalid",
            &ch(path, "subdomain"),
            subdomain,
            is_dns1123_label(subdomain),
        );
    }
    validate_tolerations(items(spec, "tolerations"), &ch(path, "tolerations"), errs);
    // ValidateHostAliases
    for (i, a) in items(spec, "hostAliases").iter().enumerate() {
        let p = ix(&ch(path, "hostAliases"), i);
        let ip = string(a, "ip");
        errs.invalid_each("host-alias-invalid", &ch(&p, "ip"), ip, is_valid_ip(ip));
        for (j, h) in strings(a, "hostnames").into_iter().enumerate() {
            errs.invalid_each(
                "host-alias-invalid",
                &ix(&ch(&p, "hostnames"), j),
                h,
                is_dns1123_subdomain(h),
            );
        }
    }
    let pc = string(spec, "priorityClassName");
    if !pc.is_empty() {
        errs.invalid_each(
            "priority-class-name-invalid",
            &ch(path, "priorityClassName"),
            pc,
            name_is_dns_subdomain(pc, false),
        );
    }
    if let Some(rc) = opt_str(spec, "runtimeClassName") {
        errs.invalid_each(
            "runtime-class-name-invalid",
            &ch(path, "runtimeClassName"),
            rc,
            name_is_dns_subdomain(rc, false),
        );
    }
    // ValidatePreemptionPolicy (defaulted to PreemptLowerPriority when absent)
    if let Some(pp) = opt_str(spec, "preemptionPolicy") {
        let f = ch(path, "preemptionPolicy");
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
        let f = ch(path, "os");
        let name = string(os, "name");
        if name.is_empty() {
            errs.required("os-name", &ch(&f, "name"), "cannot be empty");
        } else if name != "linux" && name != "windows" {
            errs.not_supported("os-name", &f, name, &["linux", "windows"]);
        }
    }
    // ValidatePodTemplateSpec
    if !items(spec, "ephemeralContainers").is_empty() {
        errs.forbidden(
            "ephemeral-containers-forbidden",
            &ch(path, "ephemeralContainers"),
            "ephemeral containers not allowed in pod template",
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Volumes

/// `ValidateVolumes`, with the StatefulSet's claim templates merged in first
/// (`volumesToAddForTemplates`): a template volume named like a claim template is replaced by the
/// claim's PVC volume, so it is neither validated nor a duplicate. Template volumes keep their
/// indices. A volume with any error is left out of the returned map (so mounts naming it are
/// `Not found`), as in Go.
fn validate_volumes(
    volumes: &[Node],
    path: &str,
    claims: &[String],
    errs: &mut Errors,
) -> HashMap<String, VolKind> {
    let claim_names: HashSet<&str> = claims.iter().map(String::as_str).collect();
    let mut vols = HashMap::new();
    for c in claims {
        // A claim volume with a bad name fails its own checks upstream and is not mountable.
        if !c.is_empty() && is_dns1123_label(c).is_empty() {
            vols.insert(c.clone(), VolKind::Claim);
        }
    }
    let mut names: HashSet<&str> = HashSet::new();
    for (i, v) in volumes.iter().enumerate() {
        let name = string(v, "name");
        if claim_names.contains(name) {
            continue;
        }
        let idx = ix(path, i);
        let name_path = ch(&idx, "name");
        let mut el = Errors::default();
        let kind = validate_volume_source(v, &idx, &mut el);
        if name.is_empty() {
            el.required("volume-name-required", &name_path, "");
        } else {
            el.invalid_each(
                "volume-name-invalid",
                &name_path,
                name,
                is_dns1123_label(name),
            );
        }
        if names.contains(name) {
            el.duplicate("duplicate-volume-name", &name_path, name);
        }
        if el.is_empty() {
            names.insert(name);
            vols.insert(name.to_string(), kind);
        } else {
            errs.extend(el);
        }
    }
    vols
}

/// The sources of one volume, counted as `validateVolumeSource` counts them (`numVolumes`).
struct Sources<'a> {
    volume: &'a Node,
    path: &'a str,
    count: u32,
}

impl<'a> Sources<'a> {
    /// The source at `key` when it is set and the first one; a second one is `Forbidden`.
    fn take(&mut self, key: &str, errs: &mut Errors) -> Option<&'a Node> {
        self.take_as(key, key, errs)
    }

    /// `take`, reporting at `child` where Go's path differs from the JSON key.
    fn take_as(&mut self, key: &str, child: &str, errs: &mut Errors) -> Option<&'a Node> {
        let source = field(self.volume, key)?;
        if self.count > 0 {
            errs.forbidden(
                "volume-source-multiple",
                &ch(self.path, child),
                MORE_THAN_ONE_VOLUME,
            );
            return None;
        }
        self.count += 1;
        Some(source)
    }
}

/// `validateVolumeSource`, in Go's source order. Legacy in-tree sources are counted but their
/// fields are not checked. No source at all is fine: `SetDefaults_Volume` makes it `emptyDir`.
fn validate_volume_source(v: &Node, p: &str, errs: &mut Errors) -> VolKind {
    let mut src = Sources {
        volume: v,
        path: p,
        count: 0,
    };
    let mut kind = VolKind::Other;
    if let Some(e) = src.take("emptyDir", errs)
        && let Some(q) = field(e, "sizeLimit")
    {
        let f = ch(&ch(p, "emptyDir"), "sizeLimit");
        if let Some(q) = parse_field_quantity(q, &f, errs)
            && q.is_negative()
        {
            errs.forbidden(
                "empty-dir-size-limit",
                &f,
                "SizeLimit field must be a valid resource quantity",
            );
        }
    }
    if let Some(h) = src.take("hostPath", errs) {
        // validateHostPathVolumeSource
        let hp = ch(p, "hostPath");
        let path = string(h, "path");
        if path.is_empty() {
            errs.required("volume-source-required", &ch(&hp, "path"), "");
        } else {
            validate_path_no_backsteps(path, &ch(&hp, "path"), errs);
            if let Some(t) = opt_str(h, "type") {
                let supported = [
                    "",
                    "BlockDevice",
                    "CharDevice",
                    "Directory",
                    "DirectoryOrCreate",
                    "File",
                    "FileOrCreate",
                    "Socket",
                ];
                if !supported.contains(&t) {
                    errs.not_supported("host-path-type", &ch(&hp, "type"), t, &supported);
                }
            }
        }
    }
    for legacy in ["gitRepo", "gcePersistentDisk", "awsElasticBlockStore"] {
        src.take(legacy, errs);
    }
    if let Some(sec) = src.take("secret", errs) {
        // validateSecretVolumeSource
        let sp = ch(p, "secret");
        if string(sec, "secretName").is_empty() {
            errs.required("volume-source-required", &ch(&sp, "secretName"), "");
        }
        file_mode(ints(sec, "defaultMode"), &ch(&sp, "defaultMode"), errs);
        for (i, kp) in items(sec, "items").iter().enumerate() {
            validate_key_to_path(kp, &ix(&ch(&sp, "items"), i), errs);
        }
    }
    if let Some(nfs) = src.take("nfs", errs) {
        // validateNFSVolumeSource
        let np = ch(p, "nfs");
        let path = string(nfs, "path");
        if string(nfs, "server").is_empty() {
            errs.required("volume-source-required", &ch(&np, "server"), "");
        }
        if path.is_empty() {
            errs.required("volume-source-required", &ch(&np, "path"), "");
        }
        if !path.starts_with('/') {
            errs.invalid(
                "volume-source-invalid",
                &ch(&np, "path"),
                path,
                "must be an absolute path",
            );
        }
    }
    for legacy in ["iscsi", "glusterfs", "flocker"] {
        src.take(legacy, errs);
    }
    if let Some(pvc) = src.take("persistentVolumeClaim", errs) {
        kind = VolKind::Claim;
        if string(pvc, "claimName").is_empty() {
            errs.required(
                "volume-source-required",
                &ch(&ch(p, "persistentVolumeClaim"), "claimName"),
                "",
            );
        }
    }
    src.take("rbd", errs);
    src.take("cinder", errs);
    src.take_as("cephfs", "cephFS", errs);
    src.take("quobyte", errs);
    // Go spells the Forbidden path `downwarAPI`.
    if let Some(d) = src.take_as("downwardAPI", "downwarAPI", errs) {
        // validateDownwardAPIVolumeSource: the items share the source's path (no index).
        let dp = ch(p, "downwardAPI");
        file_mode(ints(d, "defaultMode"), &ch(&dp, "defaultMode"), errs);
        for item in items(d, "items") {
            validate_downward_api_file(item, &dp, errs);
        }
    }
    src.take("fc", errs);
    src.take("flexVolume", errs);
    if let Some(cm) = src.take("configMap", errs) {
        // validateConfigMapVolumeSource
        let cp = ch(p, "configMap");
        if string(cm, "name").is_empty() {
            errs.required("volume-source-required", &ch(&cp, "name"), "");
        }
        file_mode(ints(cm, "defaultMode"), &ch(&cp, "defaultMode"), errs);
        for (i, kp) in items(cm, "items").iter().enumerate() {
            validate_key_to_path(kp, &ix(&ch(&cp, "items"), i), errs);
        }
    }
    for legacy in [
        "azureFile",
        "vsphereVolume",
        "photonPersistentDisk",
        "portworxVolume",
        "azureDisk",
        "storageos",
    ] {
        src.take(legacy, errs);
    }
    if let Some(pr) = src.take("projected", errs) {
        validate_projected(pr, &ch(p, "projected"), errs);
    }
    src.take("scaleIO", errs);
    if let Some(csi) = src.take("csi", errs) {
        // validateCSIVolumeSource
        let cp = ch(p, "csi");
        validate_csi_driver_name(string(csi, "driver"), &ch(&cp, "driver"), errs);
        if let Some(r) = field(csi, "nodePublishSecretRef") {
            let name = string(r, "name");
            if name.is_empty() {
                errs.required(
                    "volume-source-required",
                    &ch(&ch(&cp, "nodePublishSecretRef"), "name"),
                    "",
                );
            } else {
                // Go reports these at `csi.name`.
                errs.invalid_each(
                    "volume-source-invalid",
                    &ch(&cp, "name"),
                    name,
                    name_is_dns_subdomain(name, false),
                );
            }
        }
    }
    if let Some(e) = src.take("ephemeral", errs) {
        kind = VolKind::Claim;
        if field(e, "volumeClaimTemplate").is_none() {
            errs.required(
                "volume-source-required",
                &ch(&ch(p, "ephemeral"), "volumeClaimTemplate"),
                "",
            );
        }
    }
    if let Some(img) = src.take("image", errs) {
        kind = VolKind::Image;
        // validateImageVolumeSource: `reference` is only required on Pods; pullPolicy is defaulted.
        if let Some(pp) = opt_str(img, "pullPolicy")
            && !pp.is_empty()
            && !["Always", "IfNotPresent", "Never"].contains(&pp)
        {
            errs.not_supported(
                "image-pull-policy",
                &ch(&ch(p, "image"), "pullPolicy"),
                pp,
                &["Always", "IfNotPresent", "Never"],
            );
        }
    }
    kind
}

/// `ValidateCSIDriverName`.
fn validate_csi_driver_name(driver: &str, f: &str, errs: &mut Errors) {
    if driver.is_empty() {
        errs.required("volume-source-required", f, "");
    }
    if driver.len() > 63 {
        errs.too_long("volume-source-invalid", f, 63);
    }
    errs.invalid_each(
        "volume-source-invalid",
        f,
        driver,
        is_dns1123_subdomain(&driver.to_ascii_lowercase()),
    );
}

/// `validateProjectedVolumeSource` and `validateProjectionSources`.
fn validate_projected(pr: &Node, p: &str, errs: &mut Errors) {
    file_mode(ints(pr, "defaultMode"), &ch(p, "defaultMode"), errs);
    let mut all_paths: HashSet<&str> = HashSet::new();
    for (i, src) in items(pr, "sources").iter().enumerate() {
        let sp = ix(&ch(p, "sources"), i);
        let mut n = 0;
        // The secret and configMap projections share their shape.
        for child in ["secret", "configMap"] {
            let Some(s) = field(src, child) else {
                continue;
            };
            n += 1;
            let pp = ch(&sp, child);
            let name = string(s, "name");
            if name.is_empty() {
                errs.required("volume-source-required", &ch(&pp, "name"), "");
            }
            for (j, kp) in items(s, "items").iter().enumerate() {
                validate_key_to_path(kp, &ix(&ch(&pp, "items"), j), errs);
                let path = string(kp, "path");
                if !path.is_empty() && !all_paths.insert(path) {
                    errs.invalid(
                        "projected-duplicate-path",
                        p,
                        name,
                        "conflicting duplicate paths",
                    );
                }
            }
        }
        if let Some(d) = field(src, "downwardAPI") {
            n += 1;
            let pp = ch(&sp, "downwardAPI");
            for item in items(d, "items") {
                validate_downward_api_file(item, &pp, errs);
                let path = string(item, "path");
                if !path.is_empty() && !all_paths.insert(path) {
                    errs.invalid(
                        "projected-duplicate-path",
                        p,
                        path,
                        "conflicting duplicate paths",
                    );
                }
            }
        }
        if let Some(t) = field(src, "serviceAccountToken") {
            n += 1;
            let pp = ch(&sp, "serviceAccountToken");
            // SetDefaults_ServiceAccountTokenProjection: 1 hour.
            let exp = ints(t, "expirationSeconds").unwrap_or(3600);
            if exp < 10 * 60 {
                errs.invalid(
                    "service-account-token-expiration",
                    &ch(&pp, "expirationSeconds"),
                    exp,
                    "may not specify a duration less than 10 minutes",
                );
            }
            if exp > 1 << 32 {
                errs.invalid(
                    "service-account-token-expiration",
                    &ch(&pp, "expirationSeconds"),
                    exp,
                    "may not specify a duration larger than 2^32 seconds",
                );
            }
            // Go reports the path at the projected source's level.
            let path = string(t, "path");
            if path.is_empty() {
                errs.required("volume-source-required", &ch(p, "path"), "");
            } else {
                validate_local_non_reserved_path(path, &ch(p, "path"), errs);
            }
        }
        for counted in ["clusterTrustBundle", "podCertificate"] {
            if field(src, counted).is_some() {
                n += 1;
            }
        }
        if n > 1 {
            errs.forbidden(
                "projected-source-multiple",
                &sp,
                "may not specify more than 1 volume type per source",
            );
        }
    }
}

/// `validateKeyToPath`.
fn validate_key_to_path(kp: &Node, p: &str, errs: &mut Errors) {
    let path = string(kp, "path");
    if string(kp, "key").is_empty() {
        errs.required("key-to-path-required", &ch(p, "key"), "");
    }
    if path.is_empty() {
        errs.required("key-to-path-required", &ch(p, "path"), "");
    }
    validate_local_non_reserved_path(path, &ch(p, "path"), errs);
    file_mode(ints(kp, "mode"), &ch(p, "mode"), errs);
}

/// The `defaultMode`/`mode` range check.
fn file_mode(mode: Option<i64>, f: &str, errs: &mut Errors) {
    if let Some(m) = mode
        && !(0..=0o777).contains(&m)
    {
        errs.invalid("file-mode-invalid", f, m, FILE_MODE);
    }
}

/// `validateDownwardAPIVolumeFile`; `p` is the source's path (Go does not index the items).
fn validate_downward_api_file(file: &Node, p: &str, errs: &mut Errors) {
    let path = string(file, "path");
    if path.is_empty() {
        errs.required("downward-api-file", &ch(p, "path"), "");
    }
    validate_local_non_reserved_path(path, &ch(p, "path"), errs);
    if let Some(fr) = field(file, "fieldRef") {
        const VOLUME_FIELDS: [&str; 5] = [
            "metadata.annotations",
            "metadata.labels",
            "metadata.name",
            "metadata.namespace",
            "metadata.uid",
        ];
        validate_object_field_selector(
            fr,
            &VOLUME_FIELDS,
            &ch(p, "fieldRef"),
            "downward-api-file",
            errs,
        );
        if field(file, "resourceFieldRef").is_some() {
            errs.invalid(
                "downward-api-file",
                p,
                "resource",
                "fieldRef and resourceFieldRef can not be specified simultaneously",
            );
        }
    } else if let Some(rf) = field(file, "resourceFieldRef") {
        validate_resource_field_selector(
            rf,
            &ch(p, "resourceFieldRef"),
            true,
            "downward-api-file",
            errs,
        );
    } else {
        errs.required(
            "downward-api-file",
            p,
            "one of fieldRef and resourceFieldRef is required",
        );
    }
    file_mode(ints(file, "mode"), &ch(p, "mode"), errs);
}

/// `validatePathNoBacksteps`.
fn validate_path_no_backsteps(target: &str, f: &str, errs: &mut Errors) {
    if target.split('/').any(|part| part == "..") {
        errs.invalid("local-path-invalid", f, target, "must not contain '..'");
    }
}

/// `validateLocalDescendingPath`.
fn validate_local_descending_path(target: &str, f: &str, errs: &mut Errors) {
    if target.starts_with('/') {
        errs.invalid("local-path-invalid", f, target, "must be a relative path");
    }
    validate_path_no_backsteps(target, f, errs);
}

/// `ValidateLocalNonReservedPath`.
fn validate_local_non_reserved_path(target: &str, f: &str, errs: &mut Errors) {
    validate_local_descending_path(target, f, errs);
    if target.starts_with("..") && !target.starts_with("../") {
        errs.invalid("local-path-invalid", f, target, "must not start with '..'");
    }
}

/// A quantity field, parsed as the API server decodes it (surrounding space trimmed). On a clean
/// tree it always parses: the schema check reports a bad one (upstream it fails the whole
/// request: `... cannot be handled as a StatefulSet: <message>`) and drops it. On a tree that
/// skipped the check, a bad one is an `Invalid value` on the field with the decoder's message.
fn parse_field_quantity(q: &Node, f: &str, errs: &mut Errors) -> Option<Quantity> {
    let text = match &q.value {
        Value::Str(s) => s.clone(),
        Value::Int(i) => i.to_string(),
        Value::Float(x) => crate::yaml::format_float(*x),
        _ => return None,
    };
    match parse_quantity(text.trim()) {
        Ok(v) => Some(v),
        Err(msg) => {
            errs.invalid("quantity-invalid", f, text, msg);
            None
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Containers

/// `validateContainers`.
fn validate_containers(containers: &[Node], pod: &Pod, path: &str, errs: &mut Errors) {
    if containers.is_empty() {
        errs.required("containers-required", path, "");
        return;
    }
    let mut names: HashSet<&str> = HashSet::new();
    for (i, c) in containers.iter().enumerate() {
        let p = ix(path, i);
        validate_container_common(c, pod, &p, errs);
        let name = string(c, "name");
        if !names.insert(name) {
            errs.duplicate("duplicate-container-name", &ch(&p, "name"), name);
        }
        if let Some(l) = field(c, "lifecycle") {
            validate_lifecycle(l, pod.grace_period, &ch(&p, "lifecycle"), errs);
        }
        validate_probes(c, &p, errs);
        if opt_str(c, "restartPolicy").is_some() {
            errs.forbidden(
                "container-restart-policy-forbidden",
                &ch(&p, "restartPolicy"),
                "may not be set for non-init containers",
            );
        }
    }
    let indexed: Vec<(usize, &Node)> = containers.iter().enumerate().collect();
    check_host_port_conflicts(&indexed, path, errs);
}

/// `validateInitContainers`.
fn validate_init_containers(
    inits: &[Node],
    regular: &[Node],
    pod: &Pod,
    path: &str,
    errs: &mut Errors,
) {
    let mut names: HashSet<&str> = regular.iter().map(|c| string(c, "name")).collect();
    for (i, c) in inits.iter().enumerate() {
        let p = ix(path, i);
        validate_container_common(c, pod, &p, errs);
        let mut restart_always = false;
        if let Some(rp) = opt_str(c, "restartPolicy") {
            if rp != "Always" {
                errs.not_supported(
                    "init-container-restart-policy",
                    &ch(&p, "restartPolicy"),
                    rp,
                    &["Always"],
                );
            }
            restart_always = rp == "Always";
        }
        let name = string(c, "name");
        if names.contains(name) {
            errs.duplicate("duplicate-container-name", &ch(&p, "name"), name);
        } else if !name.is_empty() {
            names.insert(name);
        }
        // Go checks each init container alone, as `[]Container{ctr}`: the index is always 0.
        check_host_port_conflicts(&[(0, c)], path, errs);
        if restart_always {
            if let Some(l) = field(c, "lifecycle") {
                validate_lifecycle(l, pod.grace_period, &ch(&p, "lifecycle"), errs);
            }
            validate_probes(c, &p, errs);
        } else {
            for f in [
                "lifecycle",
                "livenessProbe",
                "readinessProbe",
                "startupProbe",
            ] {
                if field(c, f).is_some() {
                    errs.forbidden("init-container-field-forbidden", &ch(&p, f), NOT_FOR_INIT);
                }
            }
        }
    }
}

/// `validateContainerCommon`.
fn validate_container_common(c: &Node, pod: &Pod, p: &str, errs: &mut Errors) {
    let name_path = ch(p, "name");
    let name = string(c, "name");
    if name.is_empty() {
        errs.required("container-name-required", &name_path, "");
    } else {
        errs.invalid_each(
            "container-name-invalid",
            &name_path,
            name,
            is_dns1123_label(name),
        );
    }
    if string(c, "image").is_empty() {
        errs.required("container-image-required", &ch(p, "image"), "");
    }
    let tmp = or_default(opt_str(c, "terminationMessagePolicy"), "File");
    if tmp != "File" && tmp != "FallbackToLogsOnError" {
        errs.not_supported(
            "termination-message-policy",
            &ch(p, "terminationMessagePolicy"),
            tmp,
            &["File", "FallbackToLogsOnError"],
        );
    }
    let mounts = items(c, "volumeMounts");
    let devices = items(c, "volumeDevices");
    validate_container_ports(items(c, "ports"), &ch(p, "ports"), errs);
    validate_env(items(c, "env"), &ch(p, "env"), errs);
    validate_env_from(items(c, "envFrom"), &ch(p, "envFrom"), errs);
    validate_volume_mounts(mounts, devices, c, &pod.vols, &ch(p, "volumeMounts"), errs);
    validate_volume_devices(devices, mounts, &pod.vols, &ch(p, "volumeDevices"), errs);
    // validatePullPolicy (an empty policy is defaulted from the image tag)
    let pull = string(c, "imagePullPolicy");
    if !pull.is_empty() && !["Always", "IfNotPresent", "Never"].contains(&pull) {
        errs.not_supported(
            "image-pull-policy",
            &ch(p, "imagePullPolicy"),
            pull,
            &["Always", "IfNotPresent", "Never"],
        );
    }
    if let Some(r) = field(c, "resources") {
        validate_resource_requirements(r, &ch(p, "resources"), errs);
    }
    validate_resize_policy(c, pod.restart_policy, &ch(p, "resizePolicy"), errs);
    if let Some(sc) = field(c, "securityContext") {
        validate_security_context(sc, pod.host_users, &ch(p, "securityContext"), errs);
    }
}

/// `validateContainerPorts`: names are unique within a container.
fn validate_container_ports(ports: &[Node], path: &str, errs: &mut Errors) {
    let mut names: HashSet<&str> = HashSet::new();
    for (i, port) in ports.iter().enumerate() {
        let p = ix(path, i);
        let name = string(port, "name");
        if !name.is_empty() {
            let msgs = is_valid_port_name(name);
            if !msgs.is_empty() {
                errs.invalid_each("port-name-invalid", &ch(&p, "name"), name, msgs);
            } else if !names.insert(name) {
                errs.duplicate("duplicate-port-name", &ch(&p, "name"), name);
            }
        }
        let container_port = ints(port, "containerPort").unwrap_or(0);
        if container_port == 0 {
            errs.required("container-port-required", &ch(&p, "containerPort"), "");
        } else {
            for msg in is_valid_port_num(container_port) {
                errs.invalid(
                    "port-number-invalid",
                    &ch(&p, "containerPort"),
                    container_port,
                    msg,
                );
            }
        }
        if let Some(hp) = ints(port, "hostPort")
            && hp != 0
        {
            for msg in is_valid_port_num(hp) {
                errs.invalid("port-number-invalid", &ch(&p, "hostPort"), hp, msg);
            }
        }
        let proto = or_default(opt_str(port, "protocol"), "TCP");
        if !["TCP", "UDP", "SCTP"].contains(&proto) {
            errs.not_supported(
                "port-protocol",
                &ch(&p, "protocol"),
                proto,
                &["SCTP", "TCP", "UDP"],
            );
        }
    }
}

/// `AccumulateUniqueHostPorts` over `(index, container)`.
fn check_host_port_conflicts(containers: &[(usize, &Node)], path: &str, errs: &mut Errors) {
    let mut seen: HashSet<String> = HashSet::new();
    for (ci, c) in containers {
        for (pi, port) in items(c, "ports").iter().enumerate() {
            let hp = ints(port, "hostPort").unwrap_or(0);
            if hp == 0 {
                continue;
            }
            let k = format!(
                "{}/{}/{}",
                or_default(opt_str(port, "protocol"), "TCP"),
                string(port, "hostIP"),
                hp
            );
            if seen.contains(&k) {
                let f = ch(&ix(&ch(&ix(path, *ci), "ports"), pi), "hostPort");
                errs.duplicate("duplicate-host-port", &f, k.as_str());
            } else {
                seen.insert(k);
            }
        }
    }
}

/// `validatePodHostNetworkDeps` for a template: a set hostPort must equal containerPort.
fn validate_pod_host_network_deps(spec: &Node, path: &str, errs: &mut Errors) {
    if flag(spec, "hostNetwork") != Some(true) {
        return;
    }
    for (i, c) in items(spec, "containers").iter().enumerate() {
        for (j, port) in items(c, "ports").iter().enumerate() {
            let hp = ints(port, "hostPort").unwrap_or(0);
            if hp != 0 && hp != ints(port, "containerPort").unwrap_or(0) {
                let f = ch(
                    &ix(&ch(&ix(&ch(path, "containers"), i), "ports"), j),
                    "hostPort",
                );
                errs.invalid(
                    "host-port-host-network",
                    &f,
                    hp,
                    "must match `containerPort` when `hostNetwork` is true",
                );
            }
        }
    }
}

/// `ValidateEnv` with `IsRelaxedEnvVarName` (RelaxedEnvironmentVariableValidation is GA).
fn validate_env(vars: &[Node], path: &str, errs: &mut Errors) {
    for (i, ev) in vars.iter().enumerate() {
        let p = ix(path, i);
        let name = string(ev, "name");
        if name.is_empty() {
            errs.required("env-name-required", &ch(&p, "name"), "");
        } else {
            errs.invalid_each(
                "env-name-invalid",
                &ch(&p, "name"),
                name,
                is_relaxed_env_var_name(name),
            );
        }
        validate_env_var_value_from(ev, &ch(&p, "valueFrom"), errs);
    }
}

/// `validateEnvVarValueFrom`.
fn validate_env_var_value_from(ev: &Node, p: &str, errs: &mut Errors) {
    let Some(from) = field(ev, "valueFrom") else {
        return;
    };
    let mut n = 0;
    if let Some(fr) = field(from, "fieldRef") {
        n += 1;
        const ENV_FIELDS: [&str; 9] = [
            "metadata.name",
            "metadata.namespace",
            "metadata.uid",
            "spec.nodeName",
            "spec.serviceAccountName",
            "status.hostIP",
            "status.hostIPs",
            "status.podIP",
            "status.podIPs",
        ];
        validate_object_field_selector(fr, &ENV_FIELDS, &ch(p, "fieldRef"), "env-field-ref", errs);
    }
    if let Some(rf) = field(from, "resourceFieldRef") {
        n += 1;
        validate_resource_field_selector(
            rf,
            &ch(p, "resourceFieldRef"),
            false,
            "env-resource-field-ref",
            errs,
        );
    }
    for child in ["configMapKeyRef", "secretKeyRef"] {
        if let Some(k) = field(from, child) {
            n += 1;
            validate_key_selector(string(k, "name"), string(k, "key"), &ch(p, child), errs);
        }
    }
    if field(from, "fileKeyRef").is_some() {
        n += 1;
    }
    if n == 0 {
        errs.invalid(
            "env-value-from",
            p,
            "",
            "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`",
        );
    } else if !string(ev, "value").is_empty() {
        errs.invalid(
            "env-value-from",
            p,
            "",
            "may not be specified when `value` is not empty",
        );
    } else if n > 1 {
        errs.invalid(
            "env-value-from",
            p,
            "",
            "may not have more than one field specified at a time",
        );
    }
}

/// `validateConfigMapKeySelector` / `validateSecretKeySelector`.
fn validate_key_selector(name: &str, k: &str, p: &str, errs: &mut Errors) {
    errs.invalid_each(
        "env-ref-name-invalid",
        &ch(p, "name"),
        name,
        name_is_dns_subdomain(name, false),
    );
    if k.is_empty() {
        errs.required("env-key-required", &ch(p, "key"), "");
    } else {
        errs.invalid_each("env-key-invalid", &ch(p, "key"), k, is_config_map_key(k));
    }
}

/// `validateObjectFieldSelector` with `ConvertDownwardAPIFieldLabel` (pod v1).
fn validate_object_field_selector(
    fs: &Node,
    expressions: &[&str],
    p: &str,
    code: &'static str,
    errs: &mut Errors,
) {
    // SetDefaults_ObjectFieldSelector: apiVersion v1.
    let version = or_default(opt_str(fs, "apiVersion"), "v1");
    let fp = ch(p, "fieldPath");
    let field_path = string(fs, "fieldPath");
    if field_path.is_empty() {
        errs.required(code, &fp, "");
        return;
    }
    let converted = if version != "v1" {
        Err(format!("unsupported pod version: {version}"))
    } else if let Some((path, _)) = split_subscripted_path(field_path) {
        match path {
            "metadata.annotations" | "metadata.labels" => Ok(field_path),
            _ => Err(format!(
                "field label does not support subscript: {field_path}"
            )),
        }
    } else {
        match field_path {
            "metadata.annotations"
            | "metadata.labels"
            | "metadata.name"
            | "metadata.namespace"
            | "metadata.uid"
            | "spec.nodeName"
            | "spec.restartPolicy"
            | "spec.serviceAccountName"
            | "spec.schedulerName"
            | "status.phase"
            | "status.hostIP"
            | "status.hostIPs"
            | "status.podIP"
            | "status.podIPs" => Ok(field_path),
            "spec.host" => Ok("spec.nodeName"),
            _ => Err(format!("field label not supported: {field_path}")),
        }
    };
    let internal = match converted {
        Ok(v) => v,
        Err(e) => {
            errs.invalid(
                code,
                &fp,
                field_path,
                format!("error converting fieldPath: {e}"),
            );
            return;
        }
    };
    if let Some((path, subscript)) = split_subscripted_path(internal) {
        match path {
            "metadata.annotations" => {
                let lower = subscript.to_ascii_lowercase();
                errs.invalid_each(code, p, &lower, is_qualified_name(&lower));
            }
            "metadata.labels" => {
                errs.invalid_each(code, p, subscript, is_qualified_name(subscript))
            }
            _ => errs.invalid(code, p, path, "does not support subscript"),
        }
    } else if !expressions.contains(&internal) {
        errs.not_supported(code, &fp, internal, expressions);
    }
}

/// `fieldpath.SplitMaybeSubscriptedPath`: `metadata.labels['app']` → (`metadata.labels`, `app`).
fn split_subscripted_path(fp: &str) -> Option<(&str, &str)> {
    let s = fp.strip_suffix("']")?;
    let (path, sub) = s.split_once("['")?;
    (!path.is_empty()).then_some((path, sub))
}

/// `validateContainerResourceFieldSelector` and `validateContainerResourceDivisor`.
fn validate_resource_field_selector(
    fs: &Node,
    p: &str,
    volume: bool,
    code: &'static str,
    errs: &mut Errors,
) {
    const RESOURCE_FIELDS: [&str; 6] = [
        "limits.cpu",
        "limits.ephemeral-storage",
        "limits.memory",
        "requests.cpu",
        "requests.ephemeral-storage",
        "requests.memory",
    ];
    let r = string(fs, "resource");
    if volume && string(fs, "containerName").is_empty() {
        errs.required(code, &ch(p, "containerName"), "");
    } else if r.is_empty() {
        errs.required(code, &ch(p, "resource"), "");
    } else if !RESOURCE_FIELDS.contains(&r)
        && !r.starts_with("requests.hugepages-")
        && !r.starts_with("limits.hugepages-")
    {
        errs.not_supported(code, &ch(p, "resource"), r, &RESOURCE_FIELDS);
    }
    let Some(d) = field(fs, "divisor") else {
        return;
    };
    let Some(d) = parse_field_quantity(d, &ch(p, "divisor"), errs) else {
        return;
    };
    if d.is_zero() {
        return;
    }
    let ds = d.to_string();
    const BYTES: [&str; 13] = [
        "1", "1k", "1M", "1G", "1T", "1P", "1E", "1Ki", "1Mi", "1Gi", "1Ti", "1Pi", "1Ei",
    ];
    const BYTES_MSG: &str = "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the";
    let msg = match r {
        "limits.cpu" | "requests.cpu" if ds != "1m" && ds != "1" => {
            Some("only divisor's values 1m and 1 are supported with the cpu resource".to_string())
        }
        "limits.memory" | "requests.memory" if !BYTES.contains(&ds.as_str()) => {
            Some(format!("{BYTES_MSG} memory resource"))
        }
        "limits.ephemeral-storage" | "requests.ephemeral-storage"
            if !BYTES.contains(&ds.as_str()) =>
        {
            Some(format!("{BYTES_MSG} local ephemeral storage resource"))
        }
        _ => None,
    };
    if let Some(m) = msg {
        errs.invalid(code, &ch(p, "divisor"), r, m);
    }
    if (r.starts_with("requests.hugepages-") || r.starts_with("limits.hugepages-"))
        && !BYTES.contains(&ds.as_str())
    {
        errs.invalid(
            code,
            &ch(p, "divisor"),
            r,
            format!("{BYTES_MSG} hugepages resource"),
        );
    }
}

/// `ValidateEnvFrom`.
fn validate_env_from(vars: &[Node], path: &str, errs: &mut Errors) {
    for (i, ev) in vars.iter().enumerate() {
        let p = ix(path, i);
        let prefix = string(ev, "prefix");
        if !prefix.is_empty() {
            errs.invalid_each(
                "env-from-prefix-invalid",
                &ch(&p, "prefix"),
                prefix,
                is_relaxed_env_var_name(prefix),
            );
        }
        let mut n = 0;
        for child in ["configMapRef", "secretRef"] {
            let Some(r) = field(ev, child) else { continue };
            n += 1;
            let name = string(r, "name");
            let f = ch(&ch(&p, child), "name");
            if name.is_empty() {
                errs.required("env-from-name-required", &f, "");
            } else {
                errs.invalid_each(
                    "env-from-name-invalid",
                    &f,
                    name,
                    name_is_dns_subdomain(name, true),
                );
            }
        }
        // Go reports these on the list, not the item.
        if n == 0 {
            errs.invalid(
                "env-from-source",
                path,
                "",
                "must specify one of: `configMapRef` or `secretRef`",
            );
        } else if n > 1 {
            errs.invalid(
                "env-from-source",
                path,
                "",
                "may not have more than one field specified at a time",
            );
        }
    }
}

/// `ValidateVolumeMounts`. Go reports `subPath`, `subPathExpr`, `mountPropagation` and
/// `recursiveReadOnly` problems on the list's path, without the mount's index.
fn validate_volume_mounts(
    mounts: &[Node],
    devices: &[Node],
    c: &Node,
    vols: &HashMap<String, VolKind>,
    path: &str,
    errs: &mut Errors,
) {
    let device_by_name: HashMap<&str, &str> = devices
        .iter()
        .map(|d| (string(d, "name"), string(d, "devicePath")))
        .collect();
    let privileged = c.bool_at(&["securityContext", "privileged"]) == Some(true);
    let mut mount_points: HashSet<&str> = HashSet::new();
    for (i, m) in mounts.iter().enumerate() {
        let p = ix(path, i);
        let (name, mount_path) = (string(m, "name"), string(m, "mountPath"));
        if name.is_empty() {
            errs.required("volume-mount-name-required", &ch(&p, "name"), "");
        }
        if !vols.contains_key(name) {
            errs.not_found("volume-mount-not-found", &ch(&p, "name"), name);
        }
        if mount_path.is_empty() {
            errs.required("volume-mount-path-required", &ch(&p, "mountPath"), "");
        }
        if !mount_points.insert(mount_path) {
            errs.invalid(
                "volume-mount-path-duplicate",
                &ch(&p, "mountPath"),
                mount_path,
                "must be unique",
            );
        }
        if device_by_name.contains_key(name) {
            errs.invalid(
                "volume-mount-device-conflict",
                &ch(&p, "name"),
                name,
                "must not already exist in volumeDevices",
            );
        }
        if device_by_name.values().any(|dp| *dp == mount_path) {
            errs.invalid(
                "volume-mount-device-conflict",
                &ch(&p, "mountPath"),
                mount_path,
                "must not already exist as a path in volumeDevices",
            );
        }
        let sub_path = string(m, "subPath");
        let sub_path_expr = string(m, "subPathExpr");
        if vols.get(name) == Some(&VolKind::Image) {
            if !sub_path.is_empty() {
                errs.invalid(
                    "volume-mount-sub-path",
                    &ch(&p, "subPath"),
                    sub_path,
                    "not allowed in image volume sources",
                );
            }
            if !sub_path_expr.is_empty() {
                errs.invalid(
                    "volume-mount-sub-path",
                    &ch(&p, "subPathExpr"),
                    sub_path_expr,
                    "not allowed in image volume sources",
                );
            }
        }
        if !sub_path.is_empty() {
            validate_local_descending_path(sub_path, &ch(path, "subPath"), errs);
        }
        if !sub_path_expr.is_empty() {
            if !sub_path.is_empty() {
                errs.invalid(
                    "volume-mount-sub-path",
                    &ch(&p, "subPathExpr"),
                    sub_path_expr,
                    "subPathExpr and subPath are mutually exclusive",
                );
            }
            validate_local_descending_path(sub_path_expr, &ch(path, "subPathExpr"), errs);
        }
        let propagation = opt_str(m, "mountPropagation");
        if let Some(mp) = propagation {
            // validateMountPropagation
            let f = ch(path, "mountPropagation");
            let supported = ["Bidirectional", "HostToContainer", "None"];
            if !supported.contains(&mp) {
                errs.not_supported("mount-propagation", &f, mp, &supported);
            }
            if mp == "Bidirectional" && !privileged {
                errs.forbidden(
                    "mount-propagation",
                    &f,
                    "Bidirectional mount propagation is available only to privileged containers",
                );
            }
        }
        if let Some(rro) = opt_str(m, "recursiveReadOnly") {
            // validateMountRecursiveReadOnly
            let f = ch(path, "recursiveReadOnly");
            match rro {
                "Disabled" => {}
                "Enabled" | "IfPossible" => {
                    if flag(m, "readOnly") != Some(true) {
                        errs.forbidden(
                            "recursive-read-only",
                            &f,
                            "may only be specified when readOnly is true",
                        );
                    }
                    if propagation.is_some_and(|mp| mp != "None") {
                        errs.forbidden(
                            "recursive-read-only",
                            &f,
                            "may only be specified when mountPropagation is None or not specified",
                        );
                    }
                }
                _ => errs.not_supported(
                    "recursive-read-only",
                    &f,
                    rro,
                    &["Disabled", "Enabled", "IfPossible"],
                ),
            }
        }
    }
}

/// `ValidateVolumeDevices`.
fn validate_volume_devices(
    devices: &[Node],
    mounts: &[Node],
    vols: &HashMap<String, VolKind>,
    path: &str,
    errs: &mut Errors,
) {
    let mount_by_name: HashMap<&str, &str> = mounts
        .iter()
        .map(|m| (string(m, "name"), string(m, "mountPath")))
        .collect();
    let mut device_paths: HashSet<&str> = HashSet::new();
    let mut device_names: HashSet<&str> = HashSet::new();
    for (i, d) in devices.iter().enumerate() {
        let p = ix(path, i);
        let (name, dev_path) = (string(d, "name"), string(d, "devicePath"));
        let kind = vols.get(name);
        if name.is_empty() {
            errs.required("volume-device-name-required", &ch(&p, "name"), "");
        }
        if device_names.contains(name) {
            errs.invalid(
                "volume-device-invalid",
                &ch(&p, "name"),
                name,
                "must be unique",
            );
        }
        match kind {
            Some(VolKind::Claim) => {}
            Some(_) => errs.invalid(
                "volume-device-invalid",
                &ch(&p, "name"),
                name,
                "can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode",
            ),
            None => errs.not_found("volume-device-not-found", &ch(&p, "name"), name),
        }
        if dev_path.is_empty() {
            errs.required("volume-device-path-required", &ch(&p, "devicePath"), "");
        }
        if device_paths.contains(dev_path) {
            errs.invalid(
                "volume-device-invalid",
                &ch(&p, "devicePath"),
                dev_path,
                "must be unique",
            );
        }
        if !dev_path.is_empty() && dev_path.split('/').any(|x| x == "..") {
            errs.invalid(
                "volume-device-invalid",
                &ch(&p, "devicePath"),
                dev_path,
                "can not contain backsteps ('..')",
            );
        } else {
            device_paths.insert(dev_path);
        }
        if mount_by_name.contains_key(name) {
            errs.invalid(
                "volume-device-invalid",
                &ch(&p, "name"),
                name,
                "must not already exist in volumeMounts",
            );
        }
        if mount_by_name.values().any(|mp| *mp == dev_path) {
            errs.invalid(
                "volume-device-invalid",
                &ch(&p, "devicePath"),
                dev_path,
                "must not already exist as a path in volumeMounts",
            );
        }
        if !name.is_empty() {
            device_names.insert(name);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Probes and lifecycle handlers

/// The three probes of a container, with their extra rules.
fn validate_probes(c: &Node, p: &str, errs: &mut Errors) {
    // validateLivenessProbe
    if let Some(pr) = field(c, "livenessProbe") {
        let f = ch(p, "livenessProbe");
        validate_probe(pr, &f, errs);
        success_threshold_must_be_one(pr, &f, errs);
    }
    // validateReadinessProbe
    if let Some(pr) = field(c, "readinessProbe") {
        let f = ch(p, "readinessProbe");
        validate_probe(pr, &f, errs);
        if let Some(t) = ints(pr, "terminationGracePeriodSeconds") {
            errs.invalid(
                "probe-termination-grace-period",
                &ch(&f, "terminationGracePeriodSeconds"),
                t,
                "must not be set for readinessProbes",
            );
        }
    }
    // validateStartupProbe
    if let Some(pr) = field(c, "startupProbe") {
        let f = ch(p, "startupProbe");
        validate_probe(pr, &f, errs);
        success_threshold_must_be_one(pr, &f, errs);
    }
}

/// `SetDefaults_Probe` turns an unset or zero threshold/period/timeout into its default.
fn probe_default(pr: &Node, k: &str, default: i64) -> i64 {
    match ints(pr, k) {
        None | Some(0) => default,
        Some(x) => x,
    }
}

fn success_threshold_must_be_one(pr: &Node, f: &str, errs: &mut Errors) {
    let st = probe_default(pr, "successThreshold", 1);
    if st != 1 {
        errs.invalid(
            "probe-success-threshold",
            &ch(f, "successThreshold"),
            st,
            "must be 1",
        );
    }
}

/// `validateProbe`.
fn validate_probe(pr: &Node, p: &str, errs: &mut Errors) {
    let handlers = Handler {
        exec: field(pr, "exec"),
        http_get: field(pr, "httpGet"),
        tcp_socket: field(pr, "tcpSocket"),
        grpc: field(pr, "grpc"),
        sleep: None,
    };
    validate_handler(&handlers, 0, p, errs);
    for (v, f) in [
        (
            ints(pr, "initialDelaySeconds").unwrap_or(0),
            "initialDelaySeconds",
        ),
        (probe_default(pr, "timeoutSeconds", 1), "timeoutSeconds"),
        (probe_default(pr, "periodSeconds", 10), "periodSeconds"),
        (probe_default(pr, "successThreshold", 1), "successThreshold"),
        (probe_default(pr, "failureThreshold", 3), "failureThreshold"),
    ] {
        errs.nonnegative("probe-negative", &ch(p, f), v);
    }
    if let Some(t) = ints(pr, "terminationGracePeriodSeconds")
        && t <= 0
    {
        errs.invalid(
            "probe-termination-grace-period",
            &ch(p, "terminationGracePeriodSeconds"),
            t,
            "must be greater than 0",
        );
    }
}

/// `commonHandler`: the handler fields of a probe (no `sleep`) or a lifecycle hook (no `grpc`).
struct Handler<'a> {
    exec: Option<&'a Node>,
    http_get: Option<&'a Node>,
    tcp_socket: Option<&'a Node>,
    grpc: Option<&'a Node>,
    sleep: Option<&'a Node>,
}

/// `validateHandler`: exactly one handler; `grace` is the pod's grace period for `sleep`.
fn validate_handler(h: &Handler, grace: i64, p: &str, errs: &mut Errors) {
    let mut n = 0;
    let mut take = |present: bool, child: &str, errs: &mut Errors| -> bool {
        if !present {
            return false;
        }
        if n > 0 {
            errs.forbidden(
                "probe-handler-multiple",
                &ch(p, child),
                MORE_THAN_ONE_HANDLER,
            );
            return false;
        }
        n += 1;
        true
    };
    if let Some(exec) = h.exec
        && take(true, "exec", errs)
        && items(exec, "command").is_empty()
    {
        errs.required(
            "probe-exec-command-required",
            &ch(&ch(p, "exec"), "command"),
            "",
        );
    }
    if let Some(http) = h.http_get
        && take(true, "httpGet", errs)
    {
        // validateHTTPGetAction (path and scheme are defaulted when empty)
        let hp = ch(p, "httpGet");
        validate_port_num_or_name(field(http, "port"), &ch(&hp, "port"), errs);
        let scheme = or_default(opt_str(http, "scheme"), "HTTP");
        if scheme != "HTTP" && scheme != "HTTPS" {
            errs.not_supported(
                "probe-http-scheme",
                &ch(&hp, "scheme"),
                scheme,
                &["HTTP", "HTTPS"],
            );
        }
        for hdr in items(http, "httpHeaders") {
            // Go reports header names on the list, without an index.
            let name = string(hdr, "name");
            errs.invalid_each(
                "probe-http-header-name",
                &ch(&hp, "httpHeaders"),
                name,
                is_http_header_name(name),
            );
        }
    }
    if let Some(tcp) = h.tcp_socket
        && take(true, "tcpSocket", errs)
    {
        validate_port_num_or_name(field(tcp, "port"), &ch(&ch(p, "tcpSocket"), "port"), errs);
    }
    if let Some(grpc) = h.grpc
        && take(true, "grpc", errs)
    {
        let port = ints(grpc, "port").unwrap_or(0);
        for msg in is_valid_port_num(port) {
            errs.invalid("probe-port-invalid", &ch(&ch(p, "grpc"), "port"), port, msg);
        }
    }
    if let Some(sleep) = h.sleep
        && take(true, "sleep", errs)
    {
        let secs = ints(sleep, "seconds").unwrap_or(0);
        if secs < 0 || secs > grace {
            // validateSleepAction with PodLifecycleSleepActionAllowZero (GA): zero is allowed.
            errs.invalid(
                "lifecycle-sleep-seconds",
                &ch(p, "sleep"),
                secs,
                format!(
                    "must be non-negative and less than terminationGracePeriodSeconds ({grace})"
                ),
            );
        }
    }
    if n == 0 {
        errs.required("probe-handler-required", p, "must specify a handler type");
    }
}

/// `ValidatePortNumOrName`. An absent port is the zero `IntOrString`, the number 0.
fn validate_port_num_or_name(port: Option<&Node>, f: &str, errs: &mut Errors) {
    match port.map(|p| &p.value) {
        Some(Value::Str(name)) => {
            errs.invalid_each("probe-port-invalid", f, name, is_valid_port_name(name))
        }
        other => {
            let n = match other {
                Some(Value::Int(n)) => *n,
                _ => 0,
            };
            for msg in is_valid_port_num(n) {
                errs.invalid("probe-port-invalid", f, n, msg);
            }
        }
    }
}

/// `validateLifecycle`.
fn validate_lifecycle(l: &Node, grace: i64, p: &str, errs: &mut Errors) {
    for child in ["postStart", "preStop"] {
        if let Some(h) = field(l, child) {
            let handlers = Handler {
                exec: field(h, "exec"),
                http_get: field(h, "httpGet"),
                tcp_socket: field(h, "tcpSocket"),
                grpc: None,
                sleep: field(h, "sleep"),
            };
            validate_handler(&handlers, grace, &ch(p, child), errs);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Resources

/// A `ResourceList` (`limits` or `requests`), by name; a repeated name keeps its last value.
fn resource_list<'a>(r: &'a Node, k: &str) -> BTreeMap<&'a str, &'a Node> {
    crate::sort::to_map(
        field(r, k)
            .and_then(Node::as_map)
            .unwrap_or(&[])
            .iter()
            .map(|e| (e.key.as_str(), &e.value)),
    )
}

/// `validateResourceRequirements` with `validateContainerResourceName`.
fn validate_resource_requirements(r: &Node, p: &str, errs: &mut Errors) {
    let lim_path = ch(p, "limits");
    let req_path = ch(p, "requests");
    let limits = resource_list(r, "limits");
    let requests = resource_list(r, "requests");
    let (mut lim_cpu_mem, mut req_cpu_mem, mut lim_huge, mut req_huge) =
        (false, false, false, false);
    let mut parsed_limits: HashMap<&str, Quantity> = HashMap::new();
    for (&name, q) in &limits {
        let f = key(&lim_path, name);
        validate_container_resource_name(name, &f, errs);
        let Some(q) = parse_field_quantity(q, &f, errs) else {
            continue;
        };
        validate_resource_quantity_value(name, &q, &f, errs);
        if name.starts_with("hugepages-") {
            lim_huge = true;
            hugepage_value(name, &q, &f, errs);
        }
        if name == "cpu" || name == "memory" {
            lim_cpu_mem = true;
        }
        parsed_limits.insert(name, q);
    }
    for (&name, q) in &requests {
        let f = key(&req_path, name);
        validate_container_resource_name(name, &f, errs);
        let Some(q) = parse_field_quantity(q, &f, errs) else {
            continue;
        };
        validate_resource_quantity_value(name, &q, &f, errs);
        let overcommit = is_overcommit_allowed(name);
        if let Some(lim) = parsed_limits.get(name) {
            // Requests are reported on `resources.requests`, without the resource key.
            let ord = q.cmp_value(lim);
            if ord != Ordering::Equal && !overcommit {
                errs.invalid(
                    "resource-request-not-equal-limit",
                    &req_path,
                    q.to_string(),
                    format!("must be equal to {name} limit of {lim}"),
                );
            } else if ord == Ordering::Greater {
                errs.invalid(
                    "resource-request-exceeds-limit",
                    &req_path,
                    q.to_string(),
                    format!("must be less than or equal to {name} limit of {lim}"),
                );
            }
        } else if !overcommit && !limits.contains_key(name) {
            errs.required(
                "resource-limit-required",
                &lim_path,
                "Limit must be set for non overcommitable resources",
            );
        }
        if name.starts_with("hugepages-") {
            req_huge = true;
            hugepage_value(name, &q, &f, errs);
        }
        if name == "cpu" || name == "memory" {
            req_cpu_mem = true;
        }
    }
    if !lim_cpu_mem && !req_cpu_mem && (req_huge || lim_huge) {
        errs.forbidden(
            "hugepages-require-cpu-memory",
            p,
            "HugePages require cpu or memory",
        );
    }
}

/// `ValidateResourceQuantityValue`.
fn validate_resource_quantity_value(name: &str, q: &Quantity, f: &str, errs: &mut Errors) {
    if q.is_negative() {
        errs.invalid("resource-quantity-negative", f, q.to_string(), IS_NEGATIVE);
    }
    if is_integer_resource_name(name) && q.milli_value().is_none_or(|m| m % 1000 != 0) {
        errs.invalid(
            "resource-quantity-not-integer",
            f,
            q.to_string(),
            "must be an integer",
        );
    }
}

/// `validateResourceQuantityHugePageValue` (`IsHugePageResourceValueDivisible`).
fn hugepage_value(name: &str, q: &Quantity, f: &str, errs: &mut Errors) {
    let page = parse_quantity(name.trim_start_matches("hugepages-")).ok();
    let divisible = page.is_some_and(|page| {
        let page_ok = !page.is_negative()
            && !page.is_zero()
            && page.milli_value().is_some_and(|m| m % 1000 == 0);
        match (page.value(), q.value()) {
            (Some(pv), Some(qv)) if page_ok && pv != 0 => qv % pv == 0,
            _ => false,
        }
    });
    if !divisible {
        errs.invalid(
            "hugepages-value",
            f,
            q.to_string(),
            format!("{q} is not positive integer multiple of {name}"),
        );
    }
}

/// `helper.IsNativeResource`: unprefixed or in `kubernetes.io/`.
fn is_native_resource(name: &str) -> bool {
    !name.contains('/') || name.contains("kubernetes.io/")
}

/// `helper.IsOvercommitAllowed`.
fn is_overcommit_allowed(name: &str) -> bool {
    is_native_resource(name) && !name.starts_with("hugepages-")
}

/// `helper.IsExtendedResourceName`.
fn is_extended_resource_name(name: &str) -> bool {
    if is_native_resource(name) || name.starts_with("requests.") {
        return false;
    }
    is_qualified_name(&format!("requests.{name}")).is_empty()
}

/// `helper.IsIntegerResourceName`.
fn is_integer_resource_name(name: &str) -> bool {
    const INTEGER: [&str; 9] = [
        "pods",
        "resourcequotas",
        "services",
        "replicationcontrollers",
        "secrets",
        "configmaps",
        "persistentvolumeclaims",
        "services.nodeports",
        "services.loadbalancers",
    ];
    INTEGER.contains(&name) || is_extended_resource_name(name)
}

/// `helper.IsStandardResourceName`.
fn is_standard_resource_name(name: &str) -> bool {
    const STANDARD: [&str; 20] = [
        "cpu",
        "memory",
        "ephemeral-storage",
        "requests.cpu",
        "requests.memory",
        "requests.ephemeral-storage",
        "limits.cpu",
        "limits.memory",
        "limits.ephemeral-storage",
        "pods",
        "resourcequotas",
        "services",
        "replicationcontrollers",
        "secrets",
        "configmaps",
        "persistentvolumeclaims",
        "storage",
        "requests.storage",
        "services.nodeports",
        "services.loadbalancers",
    ];
    STANDARD.contains(&name)
        || name.starts_with("hugepages-")
        || name.starts_with("requests.hugepages-")
}

/// `validateContainerResourceName` (after `validateResourceName`).
fn validate_container_resource_name(name: &str, f: &str, errs: &mut Errors) {
    let msgs = is_qualified_name(name);
    let qualified = msgs.is_empty();
    errs.invalid_each("resource-name-invalid", f, name, msgs);
    if qualified && !name.contains('/') && !is_standard_resource_name(name) {
        errs.invalid(
            "resource-name-invalid",
            f,
            name,
            "must be a standard resource type or fully qualified",
        );
    }
    if !name.contains('/') {
        let container_std = ["cpu", "memory", "ephemeral-storage"].contains(&name)
            || name.starts_with("hugepages-");
        if !container_std {
            errs.invalid(
                "resource-name-invalid",
                f,
                name,
                "must be a standard resource for containers",
            );
        }
    } else if !is_native_resource(name) && !is_extended_resource_name(name) {
        errs.invalid(
            "resource-name-invalid",
            f,
            name,
            "doesn't follow extended resource name standard",
        );
    }
}

/// `validateResizePolicy`; Go reports names and policies on the list path.
fn validate_resize_policy(c: &Node, pod_restart_policy: &str, p: &str, errs: &mut Errors) {
    let mut seen: HashSet<&str> = HashSet::new();
    for (i, rp) in items(c, "resizePolicy").iter().enumerate() {
        let resource = string(rp, "resourceName");
        let restart = string(rp, "restartPolicy");
        if !seen.insert(resource) {
            errs.duplicate("resize-policy", &ix(p, i), resource);
        }
        match resource {
            "cpu" | "memory" => {}
            "" => errs.required("resize-policy", p, ""),
            other => errs.not_supported("resize-policy", p, other, &["cpu", "memory"]),
        }
        match restart {
            "NotRequired" | "RestartContainer" => {}
            "" => errs.required("resize-policy", p, ""),
            other => errs.not_supported(
                "resize-policy",
                p,
                other,
                &["NotRequired", "RestartContainer"],
            ),
        }
        if pod_restart_policy == "Never" && restart != "NotRequired" {
            errs.invalid(
                "resize-policy",
                p,
                restart,
                "must be 'NotRequired' when `restartPolicy` is 'Never'",
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Security contexts

/// `IsValidUserID` / `IsValidGroupID`.
fn id_range(v: i64, f: &str, errs: &mut Errors) {
    if !(0..=0xffff_ffff).contains(&v) {
        errs.invalid(
            "security-context-id-range",
            f,
            v,
            inclusive_range_error(0, 0xffff_ffff),
        );
    }
}

/// `ValidateSecurityContext` (container). Rules whose bad value is a whole struct are left out.
fn validate_security_context(sc: &Node, host_users: bool, p: &str, errs: &mut Errors) {
    if let Some(u) = ints(sc, "runAsUser") {
        id_range(u, &ch(p, "runAsUser"), errs);
    }
    if let Some(g) = ints(sc, "runAsGroup") {
        id_range(g, &ch(p, "runAsGroup"), errs);
    }
    if let Some(pm) = opt_str(sc, "procMount") {
        let f = ch(p, "procMount");
        if pm != "Default" && pm != "Unmasked" {
            errs.not_supported("proc-mount", &f, pm, &["Default", "Unmasked"]);
        }
        if host_users && pm == "Unmasked" {
            errs.invalid(
                "proc-mount",
                &f,
                pm,
                "`hostUsers` must be false to use `Unmasked`",
            );
        }
    }
    if let Some(sp) = field(sc, "seccompProfile") {
        validate_seccomp_profile(sp, &ch(p, "seccompProfile"), errs);
    }
}

/// `validateSeccompProfileField` (without the struct-valued `localhostProfile` misuse error).
fn validate_seccomp_profile(sp: &Node, p: &str, errs: &mut Errors) {
    let f = ch(p, "type");
    let t = string(sp, "type");
    match t {
        "Localhost" | "RuntimeDefault" | "Unconfined" => {}
        "" => errs.required(
            "seccomp-profile",
            &f,
            "type is required when seccompProfile is set",
        ),
        t => errs.not_supported(
            "seccomp-profile",
            &f,
            t,
            &["Localhost", "RuntimeDefault", "Unconfined"],
        ),
    }
    if t == "Localhost" {
        match opt_str(sp, "localhostProfile") {
            None => errs.required(
                "seccomp-profile",
                &ch(p, "localhostProfile"),
                "must be set when seccomp type is Localhost",
            ),
            Some(lp) => validate_local_descending_path(lp, &ch(p, "localhostProfile"), errs),
        }
    }
}

/// `IsValidSysctlName`: segments of `[a-z0-9]([-_a-z0-9]*[a-z0-9])?` joined by `.` or `/`.
fn is_valid_sysctl_name(name: &str) -> bool {
    name.len() <= 253
        && name.split(['.', '/']).all(|seg| {
            let b = seg.as_bytes();
            let ok = |c: u8| c.is_ascii_lowercase() || c.is_ascii_digit();
            !b.is_empty()
                && ok(b[0])
                && ok(b[b.len() - 1])
                && b.iter().all(|&c| ok(c) || c == b'-' || c == b'_')
        })
}

/// `validatePodSpecSecurityContext` (the pod-level fields of the v1 spec live in the internal
/// `PodSecurityContext`, hence `securityContext.shareProcessNamespace`).
fn validate_pod_security_context(spec: &Node, p: &str, errs: &mut Errors) {
    let sc = part(spec, "securityContext");
    if let Some(g) = ints(sc, "fsGroup") {
        id_range(g, &ch(p, "fsGroup"), errs);
    }
    if let Some(u) = ints(sc, "runAsUser") {
        id_range(u, &ch(p, "runAsUser"), errs);
    }
    if let Some(g) = ints(sc, "runAsGroup") {
        id_range(g, &ch(p, "runAsGroup"), errs);
    }
    for (i, g) in items(sc, "supplementalGroups").iter().enumerate() {
        // A null item decodes as 0, which is in range.
        if let Some(g) = g.as_int() {
            id_range(g, &ix(&ch(p, "supplementalGroups"), i), errs);
        }
    }
    if flag(spec, "shareProcessNamespace") == Some(true) && flag(spec, "hostPID") == Some(true) {
        errs.invalid(
            "share-process-namespace",
            &ch(p, "shareProcessNamespace"),
            true,
            "ShareProcessNamespace and HostPID cannot both be enabled",
        );
    }
    // validateSysctls
    let mut names: HashSet<&str> = HashSet::new();
    for (i, sysctl) in items(sc, "sysctls").iter().enumerate() {
        let f = ch(&ix(&ch(p, "sysctls"), i), "name");
        let name = string(sysctl, "name");
        if name.is_empty() {
            errs.required("sysctl-invalid", &f, "");
        } else if !is_valid_sysctl_name(name) {
            errs.invalid(
                "sysctl-invalid",
                &f,
                name,
                "must have at most 253 characters and match regex ^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$",
            );
        } else if names.contains(name) {
            errs.duplicate("sysctl-invalid", &f, name);
        }
        names.insert(name);
    }
    if let Some(fp) = opt_str(sc, "fsGroupChangePolicy")
        && fp != "Always"
        && fp != "OnRootMismatch"
    {
        errs.not_supported(
            "fs-group-change-policy",
            &ch(p, "fsGroupChangePolicy"),
            fp,
            &["Always", "OnRootMismatch"],
        );
    }
    if let Some(sp) = field(sc, "seccompProfile") {
        validate_seccomp_profile(sp, &ch(p, "seccompProfile"), errs);
    }
    if let Some(sgp) = opt_str(sc, "supplementalGroupsPolicy")
        && sgp != "Merge"
        && sgp != "Strict"
    {
        errs.not_supported(
            "supplemental-groups-policy",
            &ch(p, "supplementalGroupsPolicy"),
            sgp,
            &["Merge", "Strict"],
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Pod-level policies

/// `validateRestartPolicy` (empty is defaulted to Always). The StatefulSet validator adds its
/// own "only Always" rule.
fn validate_restart_policy(rp: Option<&str>, f: &str, errs: &mut Errors) {
    let v = or_default(rp, "Always");
    if !["Always", "OnFailure", "Never"].contains(&v) {
        errs.not_supported("restart-policy", f, v, &["Always", "OnFailure", "Never"]);
    }
}

/// `validateDNSPolicy` (empty is defaulted to ClusterFirst).
fn validate_dns_policy(dp: Option<&str>, f: &str, errs: &mut Errors) {
    let supported = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"];
    let v = or_default(dp, "ClusterFirst");
    if !supported.contains(&v) {
        errs.not_supported("dns-policy", f, v, &supported);
    }
}

/// `validatePodDNSConfig` with AllowRelaxedDNSSearchValidation (GA).
fn validate_pod_dns_config(spec: &Node, p: &str, errs: &mut Errors) {
    let none = or_default(opt_str(spec, "dnsPolicy"), "ClusterFirst") == "None";
    let cfg = field(spec, "dnsConfig");
    if none {
        let Some(cfg) = cfg else {
            errs.required(
                "dns-config",
                p,
                "must provide `dnsConfig` when `dnsPolicy` is None",
            );
            return;
        };
        if items(cfg, "nameservers").is_empty() {
            errs.required(
                "dns-config",
                &ch(p, "nameservers"),
                "must provide at least one DNS nameserver when `dnsPolicy` is None",
            );
            return;
        }
    }
    let Some(cfg) = cfg else { return };
    let nameservers = strings(cfg, "nameservers");
    if nameservers.len() > 3 {
        errs.invalid(
            "dns-config",
            &ch(p, "nameservers"),
            go_string_slice(&nameservers),
            "must not have more than 3 nameservers",
        );
    }
    for (i, ns) in nameservers.iter().enumerate() {
        errs.invalid_each(
            "dns-config",
            &ix(&ch(p, "nameservers"), i),
            ns,
            is_valid_ip(ns),
        );
    }
    let searches = strings(cfg, "searches");
    if searches.len() > 32 {
        errs.invalid(
            "dns-config",
            &ch(p, "searches"),
            go_string_slice(&searches),
            "must not have more than 32 search paths",
        );
    }
    if searches.join(" ").len() > 2048 {
        errs.invalid(
            "dns-config",
            &ch(p, "searches"),
            go_string_slice(&searches),
            "must not have more than 2048 characters (including spaces) in the search list",
        );
    }
    for (i, &search) in searches.iter().enumerate() {
        if search != "." {
            let trimmed = search.strip_suffix('.').unwrap_or(search);
            errs.invalid_each(
                "dns-config",
                &ix(&ch(p, "searches"), i),
                trimmed,
                is_dns1123_subdomain_with_underscore(trimmed),
            );
        }
    }
    for (i, o) in items(cfg, "options").iter().enumerate() {
        if string(o, "name").is_empty() {
            errs.required("dns-config", &ix(&ch(p, "options"), i), "must not be empty");
        }
    }
}

/// `ValidateTolerations`.
fn validate_tolerations(tolerations: &[Node], path: &str, errs: &mut Errors) {
    for (i, t) in tolerations.iter().enumerate() {
        let p = ix(path, i);
        let (k, op, value, effect) = (
            string(t, "key"),
            string(t, "operator"),
            string(t, "value"),
            string(t, "effect"),
        );
        if !k.is_empty() {
            errs.invalid_each(
                "toleration-invalid",
                &ch(&p, "key"),
                k,
                is_qualified_name(k),
            );
        }
        if k.is_empty() && op != "Exists" {
            errs.invalid(
                "toleration-invalid",
                &ch(&p, "operator"),
                op,
                "operator must be Exists when `key` is empty, which means \"match all values and all keys\"",
            );
        }
        if field(t, "tolerationSeconds").is_some() && effect != "NoExecute" {
            errs.invalid(
                "toleration-invalid",
                &ch(&p, "effect"),
                effect,
                "effect must be 'NoExecute' when `tolerationSeconds` is set",
            );
        }
        match op {
            "Equal" | "" => {
                let msgs = is_valid_label_value(value);
                if !msgs.is_empty() {
                    errs.invalid(
                        "toleration-invalid",
                        &ch(&p, "operator"),
                        value,
                        msgs.join(";"),
                    );
                }
            }
            "Exists" => {
                if !value.is_empty() {
                    errs.invalid(
                        "toleration-invalid",
                        &ch(&p, "operator"),
                        value,
                        "value must be empty when `operator` is 'Exists'",
                    );
                }
            }
            _ => errs.not_supported(
                "toleration-invalid",
                &ch(&p, "operator"),
                op,
                &["Equal", "Exists"],
            ),
        }
        // validateTaintEffect(allowEmpty=true)
        if !effect.is_empty() && !["NoSchedule", "PreferNoSchedule", "NoExecute"].contains(&effect)
        {
            errs.not_supported(
                "toleration-invalid",
                &ch(&p, "effect"),
                effect,
                &["NoSchedule", "PreferNoSchedule", "NoExecute"],
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Labels, selectors, affinity, topology spread

/// `ValidateLabels`: errors are reported on the map's path, not the key.
fn validate_labels(
    labels: &BTreeMap<String, String>,
    p: &str,
    code: &'static str,
    errs: &mut Errors,
) {
    for (k, v) in labels {
        errs.invalid_each(code, p, k, is_qualified_name(k));
        errs.invalid_each(code, p, v, is_valid_label_value(v));
    }
}

/// The keys a label selector names, in `matchLabels` and `matchExpressions`.
fn selector_keys(sel: &Node) -> HashSet<String> {
    let mut keys: HashSet<String> = sel.str_map_at(&["matchLabels"]).into_keys().collect();
    for e in items(sel, "matchExpressions") {
        keys.insert(string(e, "key").to_string());
    }
    keys
}

/// `ValidateLabelSelector` (label values checked: `AllowInvalidLabelValueInSelector` is false
/// for new objects).
fn validate_label_selector(sel: Option<&Node>, p: &str, errs: &mut Errors) {
    let Some(sel) = sel else { return };
    const CODE: &str = "label-selector-invalid";
    if field(sel, "matchLabels").is_some() {
        validate_labels(
            &sel.str_map_at(&["matchLabels"]),
            &ch(p, "matchLabels"),
            CODE,
            errs,
        );
    }
    for (i, e) in items(sel, "matchExpressions").iter().enumerate() {
        let ep = ix(&ch(p, "matchExpressions"), i);
        let values = strings(e, "values");
        let k = string(e, "key");
        match string(e, "operator") {
            "In" | "NotIn" if values.is_empty() => {
                errs.required(
                    CODE,
                    &ch(&ep, "values"),
                    "must be specified when `operator` is 'In' or 'NotIn'",
                );
            }
            "Exists" | "DoesNotExist" if !values.is_empty() => errs.forbidden(
                CODE,
                &ch(&ep, "values"),
                "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
            ),
            "In" | "NotIn" | "Exists" | "DoesNotExist" => {}
            op => errs.invalid(
                CODE,
                &ch(&ep, "operator"),
                op,
                "not a valid selector operator",
            ),
        }
        errs.invalid_each(CODE, &ch(&ep, "key"), k, is_qualified_name(k));
        for (j, v) in values.iter().enumerate() {
            errs.invalid_each(CODE, &ix(&ch(&ep, "values"), j), v, is_valid_label_value(v));
        }
    }
}

/// `validateAffinity`.
fn validate_affinity(a: &Node, p: &str, errs: &mut Errors) {
    if let Some(na) = field(a, "nodeAffinity") {
        // validateNodeAffinity
        let np = ch(p, "nodeAffinity");
        if let Some(req) = field(na, "requiredDuringSchedulingIgnoredDuringExecution") {
            validate_node_selector(
                req,
                &ch(&np, "requiredDuringSchedulingIgnoredDuringExecution"),
                errs,
            );
        }
        // ValidatePreferredSchedulingTerms (invalid label values are allowed here)
        let pp = ch(&np, "preferredDuringSchedulingIgnoredDuringExecution");
        for (i, t) in items(na, "preferredDuringSchedulingIgnoredDuringExecution")
            .iter()
            .enumerate()
        {
            let weight = ints(t, "weight").unwrap_or(0);
            if !(1..=100).contains(&weight) {
                errs.invalid(
                    "node-affinity",
                    &ch(&ix(&pp, i), "weight"),
                    weight,
                    "must be in the range 1-100",
                );
            }
            validate_node_selector_term(
                part(t, "preference"),
                true,
                &ch(&ix(&pp, i), "preference"),
                errs,
            );
        }
    }
    for child in ["podAffinity", "podAntiAffinity"] {
        let Some(pa) = field(a, child) else {
            continue;
        };
        let pp = ch(p, child);
        for (i, t) in items(pa, "requiredDuringSchedulingIgnoredDuringExecution")
            .iter()
            .enumerate()
        {
            validate_pod_affinity_term(
                t,
                &ix(
                    &ch(&pp, "requiredDuringSchedulingIgnoredDuringExecution"),
                    i,
                ),
                errs,
            );
        }
        validate_weighted_pod_affinity_terms(
            items(pa, "preferredDuringSchedulingIgnoredDuringExecution"),
            &ch(&pp, "preferredDuringSchedulingIgnoredDuringExecution"),
            errs,
        );
    }
}

/// `validateWeightedPodAffinityTerms`.
fn validate_weighted_pod_affinity_terms(terms: &[Node], p: &str, errs: &mut Errors) {
    for (j, t) in terms.iter().enumerate() {
        let weight = ints(t, "weight").unwrap_or(0);
        if !(1..=100).contains(&weight) {
            errs.invalid(
                "pod-affinity",
                &ch(&ix(p, j), "weight"),
                weight,
                "must be in the range 1-100",
            );
        }
        validate_pod_affinity_term(
            part(t, "podAffinityTerm"),
            &ch(&ix(p, j), "podAffinityTerm"),
            errs,
        );
    }
}

/// `validatePodAffinityTerm`.
fn validate_pod_affinity_term(t: &Node, p: &str, errs: &mut Errors) {
    let label_selector = field(t, "labelSelector");
    validate_label_selector(label_selector, &ch(p, "labelSelector"), errs);
    validate_label_selector(
        field(t, "namespaceSelector"),
        &ch(p, "namespaceSelector"),
        errs,
    );
    for ns in strings(t, "namespaces") {
        // ValidateNamespaceName; Go reports these on `namespace` (singular).
        errs.invalid_each(
            "pod-affinity",
            &ch(p, "namespace"),
            ns,
            is_dns1123_label(ns),
        );
    }
    // validateMatchLabelKeysAndMismatchLabelKeys
    let match_keys = strings(t, "matchLabelKeys");
    let mismatch_keys = strings(t, "mismatchLabelKeys");
    for (keys, child) in [
        (&match_keys, "matchLabelKeys"),
        (&mismatch_keys, "mismatchLabelKeys"),
    ] {
        if keys.is_empty() {
            continue;
        }
        let kp = ch(p, child);
        if label_selector.is_none() {
            errs.forbidden(
                "pod-affinity",
                &kp,
                "must not be specified when labelSelector is not set",
            );
            continue;
        }
        for (i, k) in keys.iter().enumerate() {
            errs.invalid_each("pod-affinity", &ix(&kp, i), k, is_qualified_name(k));
        }
    }
    if let Some(sel) = label_selector {
        let positions: HashMap<&str, usize> = match_keys
            .iter()
            .enumerate()
            .map(|(i, k)| (*k, i))
            .collect();
        let mut selector_keys: HashSet<String> =
            sel.str_map_at(&["matchLabels"]).into_keys().collect();
        for e in items(sel, "matchExpressions") {
            let k = string(e, "key");
            if let Some(&i) = positions.get(k)
                && selector_keys.contains(k)
            {
                // Go indexes the term's path here, not `matchLabelKeys`.
                errs.invalid(
                    "pod-affinity",
                    &ix(p, i),
                    k,
                    "exists in both matchLabelKeys and labelSelector",
                );
            }
            selector_keys.insert(k.to_string());
        }
    }
    let mismatch: HashSet<&str> = mismatch_keys.iter().copied().collect();
    for (i, k) in match_keys.iter().enumerate() {
        if mismatch.contains(k) {
            errs.invalid(
                "pod-affinity",
                &ix(&ch(p, "matchLabelKeys"), i),
                *k,
                "exists in both matchLabelKeys and mismatchLabelKeys",
            );
        }
    }
    let tk = ch(p, "topologyKey");
    let topology_key = string(t, "topologyKey");
    if topology_key.is_empty() {
        errs.required("pod-affinity", &tk, "can not be empty");
    }
    errs.invalid_each(
        "pod-affinity",
        &tk,
        topology_key,
        is_qualified_name(topology_key),
    );
}

/// `ValidateNodeSelector` (required terms: label values are checked).
fn validate_node_selector(ns: &Node, p: &str, errs: &mut Errors) {
    let tp = ch(p, "nodeSelectorTerms");
    let terms = items(ns, "nodeSelectorTerms");
    if terms.is_empty() {
        errs.required(
            "node-affinity",
            &tp,
            "must have at least one node selector term",
        );
        return;
    }
    for (i, t) in terms.iter().enumerate() {
        validate_node_selector_term(t, false, &ix(&tp, i), errs);
    }
}

/// `ValidateNodeSelectorTerm`.
fn validate_node_selector_term(t: &Node, allow_invalid_values: bool, p: &str, errs: &mut Errors) {
    for (j, r) in items(t, "matchExpressions").iter().enumerate() {
        validate_node_selector_requirement(
            r,
            allow_invalid_values,
            &ix(&ch(p, "matchExpressions"), j),
            errs,
        );
    }
    for (j, r) in items(t, "matchFields").iter().enumerate() {
        // ValidateNodeFieldSelectorRequirement
        let rp = ix(&ch(p, "matchFields"), j);
        let values = strings(r, "values");
        match string(r, "operator") {
            "In" | "NotIn" => {
                if values.len() != 1 {
                    errs.required(
                        "node-affinity",
                        &ch(&rp, "values"),
                        "must be only one value when `operator` is 'In' or 'NotIn' for node field selector",
                    );
                }
            }
            op => errs.invalid(
                "node-affinity",
                &ch(&rp, "operator"),
                op,
                "not a valid selector operator",
            ),
        }
        let k = string(r, "key");
        if k != "metadata.name" {
            errs.invalid(
                "node-affinity",
                &ch(&rp, "key"),
                k,
                "not a valid field selector key",
            );
        } else {
            for (i, v) in values.iter().enumerate() {
                errs.invalid_each(
                    "node-affinity",
                    &ix(&ch(&rp, "values"), i),
                    v,
                    name_is_dns_subdomain(v, false),
                );
            }
        }
    }
}

/// `ValidateNodeSelectorRequirement`.
fn validate_node_selector_requirement(
    r: &Node,
    allow_invalid_values: bool,
    p: &str,
    errs: &mut Errors,
) {
    let values = strings(r, "values");
    let vp = ch(p, "values");
    match string(r, "operator") {
        "In" | "NotIn" => {
            if values.is_empty() {
                errs.required(
                    "node-affinity",
                    &vp,
                    "must be specified when `operator` is 'In' or 'NotIn'",
                );
            }
        }
        "Exists" | "DoesNotExist" => {
            if !values.is_empty() {
                errs.forbidden(
                    "node-affinity",
                    &vp,
                    "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                );
            }
        }
        "Gt" | "Lt" => {
            if values.len() != 1 {
                errs.required(
                    "node-affinity",
                    &vp,
                    "must be specified single value when `operator` is 'Lt' or 'Gt'",
                );
            }
        }
        op => errs.invalid(
            "node-affinity",
            &ch(p, "operator"),
            op,
            "not a valid selector operator",
        ),
    }
    let k = string(r, "key");
    errs.invalid_each("node-affinity", &ch(p, "key"), k, is_qualified_name(k));
    if !allow_invalid_values {
        for (i, v) in values.iter().enumerate() {
            errs.invalid_each("node-affinity", &ix(&vp, i), v, is_valid_label_value(v));
        }
    }
}

/// `validateTopologySpreadConstraints`.
fn validate_topology_spread_constraints(cs: &[Node], path: &str, errs: &mut Errors) {
    const CODE: &str = "topology-spread-invalid";
    for (i, c) in cs.iter().enumerate() {
        let p = ix(path, i);
        let max_skew = ints(c, "maxSkew").unwrap_or(0);
        if max_skew <= 0 {
            errs.invalid(CODE, &ch(&p, "maxSkew"), max_skew, NOT_POSITIVE);
        }
        let topology_key = string(c, "topologyKey");
        if topology_key.is_empty() {
            errs.required(CODE, &ch(&p, "topologyKey"), "can not be empty");
        }
        let action = string(c, "whenUnsatisfiable");
        if action != "DoNotSchedule" && action != "ScheduleAnyway" {
            errs.not_supported(
                CODE,
                &ch(&p, "whenUnsatisfiable"),
                action,
                &["DoNotSchedule", "ScheduleAnyway"],
            );
        }
        // ValidateSpreadConstraintNotRepeat: the tuple is the path's last element.
        if cs[i + 1..].iter().any(|o| {
            string(o, "topologyKey") == topology_key && string(o, "whenUnsatisfiable") == action
        }) {
            errs.duplicate(
                "duplicate-topology-spread",
                &ch(&p, "{topologyKey, whenUnsatisfiable}"),
                format!("{{{topology_key}, {action}}}"),
            );
        }
        // validateMinDomains
        if let Some(md) = ints(c, "minDomains") {
            if md <= 0 {
                errs.invalid(CODE, &ch(&p, "minDomains"), md, NOT_POSITIVE);
            }
            if action != "DoNotSchedule" {
                errs.invalid(
                    CODE,
                    &ch(&p, "minDomains"),
                    md,
                    format!(
                        "can only use minDomains if whenUnsatisfiable=DoNotSchedule, not {action}"
                    ),
                );
            }
        }
        // validateNodeInclusionPolicy
        for child in ["nodeAffinityPolicy", "nodeTaintsPolicy"] {
            if let Some(v) = opt_str(c, child)
                && v != "Honor"
                && v != "Ignore"
            {
                errs.not_supported(CODE, &ch(&p, child), v, &["Honor", "Ignore"]);
            }
        }
        // validateMatchLabelKeysInTopologySpread
        let label_selector = field(c, "labelSelector");
        let keys = strings(c, "matchLabelKeys");
        if !keys.is_empty() {
            let kp = ch(&p, "matchLabelKeys");
            let selector_keys = match label_selector {
                Some(sel) => selector_keys(sel),
                None => {
                    errs.forbidden(
                        CODE,
                        &kp,
                        "must not be specified when labelSelector is not set",
                    );
                    HashSet::new()
                }
            };
            for (j, k) in keys.iter().enumerate() {
                errs.invalid_each(CODE, &ix(&kp, j), k, is_qualified_name(k));
                if selector_keys.contains(*k) {
                    errs.invalid(
                        CODE,
                        &ix(&kp, j),
                        *k,
                        "exists in both matchLabelKeys and labelSelector",
                    );
                }
            }
        }
        validate_label_selector(label_selector, &ch(&p, "labelSelector"), errs);
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
        validate_pod_spec(spec, P, &claims, &mut errs);
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
        validate_pod_spec(&spec, P, &[], &mut errs);
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
