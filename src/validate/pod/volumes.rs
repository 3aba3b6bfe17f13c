//! Volumes (`ValidateVolumes`, `validateVolumeSource` and the sources' own validators: secret, configMap, projected, downward API, CSI...), their paths and file modes.

use super::*;

/// `ValidateVolumes`, with the StatefulSet's claim templates merged in first
/// (`volumesToAddForTemplates`): a template volume named like a claim template is replaced by the
/// claim's PVC volume, so it is neither validated nor a duplicate. Template volumes keep their
/// indices. A volume with any error is left out of the returned map (so mounts naming it are
/// `Not found`), as in Go.
pub(super) fn validate_volumes(
    volumes: &[Node],
    path: &Path,
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
        let idx = path.index(i);
        let name_path = idx.child("name");
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
pub(super) struct Sources<'a> {
    volume: &'a Node,
    path: &'a Path,
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
                &self.path.child(child),
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
pub(super) fn validate_volume_source(v: &Node, p: &Path, errs: &mut Errors) -> VolKind {
    let mut src = Sources {
        volume: v,
        path: p,
        count: 0,
    };
    let mut kind = VolKind::Other;
    if let Some(e) = src.take("emptyDir", errs)
        && let Some(q) = field(e, "sizeLimit")
    {
        let f = p.child("emptyDir").child("sizeLimit");
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
        let hp = p.child("hostPath");
        let path = string(h, "path");
        if path.is_empty() {
            errs.required("volume-source-required", &hp.child("path"), "");
        } else {
            validate_path_no_backsteps(path, &hp.child("path"), errs);
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
                    errs.not_supported("host-path-type", &hp.child("type"), t, &supported);
                }
            }
        }
    }
    for legacy in ["gitRepo", "gcePersistentDisk", "awsElasticBlockStore"] {
        src.take(legacy, errs);
    }
    if let Some(sec) = src.take("secret", errs) {
        // validateSecretVolumeSource
        let sp = p.child("secret");
        if string(sec, "secretName").is_empty() {
            errs.required("volume-source-required", &sp.child("secretName"), "");
        }
        file_mode(ints(sec, "defaultMode"), &sp.child("defaultMode"), errs);
        for (i, kp) in items(sec, "items").iter().enumerate() {
            validate_key_to_path(kp, &sp.child("items").index(i), errs);
        }
    }
    if let Some(nfs) = src.take("nfs", errs) {
        // validateNFSVolumeSource
        let np = p.child("nfs");
        let path = string(nfs, "path");
        if string(nfs, "server").is_empty() {
            errs.required("volume-source-required", &np.child("server"), "");
        }
        if path.is_empty() {
            errs.required("volume-source-required", &np.child("path"), "");
        }
        if !path.starts_with('/') {
            errs.invalid(
                "volume-source-invalid",
                &np.child("path"),
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
                &p.child("persistentVolumeClaim").child("claimName"),
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
        let dp = p.child("downwardAPI");
        file_mode(ints(d, "defaultMode"), &dp.child("defaultMode"), errs);
        for item in items(d, "items") {
            validate_downward_api_file(item, &dp, errs);
        }
    }
    src.take("fc", errs);
    src.take("flexVolume", errs);
    if let Some(cm) = src.take("configMap", errs) {
        // validateConfigMapVolumeSource
        let cp = p.child("configMap");
        if string(cm, "name").is_empty() {
            errs.required("volume-source-required", &cp.child("name"), "");
        }
        file_mode(ints(cm, "defaultMode"), &cp.child("defaultMode"), errs);
        for (i, kp) in items(cm, "items").iter().enumerate() {
            validate_key_to_path(kp, &cp.child("items").index(i), errs);
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
        validate_projected(pr, &p.child("projected"), errs);
    }
    src.take("scaleIO", errs);
    if let Some(csi) = src.take("csi", errs) {
        // validateCSIVolumeSource
        let cp = p.child("csi");
        validate_csi_driver_name(string(csi, "driver"), &cp.child("driver"), errs);
        if let Some(r) = field(csi, "nodePublishSecretRef") {
            let name = string(r, "name");
            if name.is_empty() {
                errs.required(
                    "volume-source-required",
                    &cp.child("nodePublishSecretRef").child("name"),
                    "",
                );
            } else {
                // Go reports these at `csi.name`.
                errs.invalid_each(
                    "volume-source-invalid",
                    &cp.child("name"),
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
                &p.child("ephemeral").child("volumeClaimTemplate"),
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
                &p.child("image").child("pullPolicy"),
                pp,
                &["Always", "IfNotPresent", "Never"],
            );
        }
    }
    kind
}

/// `ValidateCSIDriverName`.
pub(super) fn validate_csi_driver_name(driver: &str, f: &Path, errs: &mut Errors) {
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
pub(super) fn validate_projected(pr: &Node, p: &Path, errs: &mut Errors) {
    file_mode(ints(pr, "defaultMode"), &p.child("defaultMode"), errs);
    let mut all_paths: HashSet<&str> = HashSet::new();
    for (i, src) in items(pr, "sources").iter().enumerate() {
        let sp = p.child("sources").index(i);
        let mut n = 0;
        // The secret and configMap projections share their shape.
        for child in ["secret", "configMap"] {
            let Some(s) = field(src, child) else {
                continue;
            };
            n += 1;
            let pp = sp.child(child);
            let name = string(s, "name");
            if name.is_empty() {
                errs.required("volume-source-required", &pp.child("name"), "");
            }
            for (j, kp) in items(s, "items").iter().enumerate() {
                validate_key_to_path(kp, &pp.child("items").index(j), errs);
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
            let pp = sp.child("downwardAPI");
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
            let pp = sp.child("serviceAccountToken");
            // SetDefaults_ServiceAccountTokenProjection: 1 hour.
            let exp = ints(t, "expirationSeconds").unwrap_or(3600);
            if exp < 10 * 60 {
                errs.invalid(
                    "service-account-token-expiration",
                    &pp.child("expirationSeconds"),
                    exp,
                    "may not specify a duration less than 10 minutes",
                );
            }
            if exp > 1 << 32 {
                errs.invalid(
                    "service-account-token-expiration",
                    &pp.child("expirationSeconds"),
                    exp,
                    "may not specify a duration larger than 2^32 seconds",
                );
            }
            // Go reports the path at the projected source's level.
            let path = string(t, "path");
            if path.is_empty() {
                errs.required("volume-source-required", &p.child("path"), "");
            } else {
                validate_local_non_reserved_path(path, &p.child("path"), errs);
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
pub(super) fn validate_key_to_path(kp: &Node, p: &Path, errs: &mut Errors) {
    let path = string(kp, "path");
    if string(kp, "key").is_empty() {
        errs.required("key-to-path-required", &p.child("key"), "");
    }
    if path.is_empty() {
        errs.required("key-to-path-required", &p.child("path"), "");
    }
    validate_local_non_reserved_path(path, &p.child("path"), errs);
    file_mode(ints(kp, "mode"), &p.child("mode"), errs);
}

/// The `defaultMode`/`mode` range check.
pub(super) fn file_mode(mode: Option<i64>, f: &Path, errs: &mut Errors) {
    if let Some(m) = mode
        && !(0..=0o777).contains(&m)
    {
        errs.invalid("file-mode-invalid", f, m, FILE_MODE);
    }
}

/// `validateDownwardAPIVolumeFile`; `p` is the source's path (Go does not index the items).
pub(super) fn validate_downward_api_file(file: &Node, p: &Path, errs: &mut Errors) {
    let path = string(file, "path");
    if path.is_empty() {
        errs.required("downward-api-file", &p.child("path"), "");
    }
    validate_local_non_reserved_path(path, &p.child("path"), errs);
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
            &p.child("fieldRef"),
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
            &p.child("resourceFieldRef"),
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
    file_mode(ints(file, "mode"), &p.child("mode"), errs);
}

/// `validatePathNoBacksteps`.
pub(super) fn validate_path_no_backsteps(target: &str, f: &Path, errs: &mut Errors) {
    if target.split('/').any(|part| part == "..") {
        errs.invalid("local-path-invalid", f, target, "must not contain '..'");
    }
}

/// `validateLocalDescendingPath`.
pub(super) fn validate_local_descending_path(target: &str, f: &Path, errs: &mut Errors) {
    if target.starts_with('/') {
        errs.invalid("local-path-invalid", f, target, "must be a relative path");
    }
    validate_path_no_backsteps(target, f, errs);
}

/// `ValidateLocalNonReservedPath`.
pub(super) fn validate_local_non_reserved_path(target: &str, f: &Path, errs: &mut Errors) {
    validate_local_descending_path(target, f, errs);
    if target.starts_with("..") && !target.starts_with("../") {
        errs.invalid("local-path-invalid", f, target, "must not start with '..'");
    }
}

/// A quantity field, parsed as the API server decodes it (surrounding space trimmed). On a clean
/// tree it always parses: the schema check reports a bad one (upstream it fails the whole
/// request: `... cannot be handled as a StatefulSet: <message>`) and drops it. On a tree that
/// skipped the check, a bad one is an `Invalid value` on the field with the decoder's message.
pub(super) fn parse_field_quantity(q: &Node, f: &Path, errs: &mut Errors) -> Option<Quantity> {
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
