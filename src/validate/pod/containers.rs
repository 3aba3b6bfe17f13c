//! Containers (`validateContainers`, `validateInitContainers`, the fields every container has), ports, host ports, volume mounts and devices.

use super::*;

/// `validateContainers`.
pub(super) fn validate_containers(containers: &[Node], pod: &Pod, path: &Path, errs: &mut Errors) {
    if containers.is_empty() {
        errs.required("containers-required", path, "");
        return;
    }
    let mut names: HashSet<&str> = HashSet::new();
    for (i, c) in containers.iter().enumerate() {
        let p = path.index(i);
        validate_container_common(c, pod, &p, errs);
        let name = string(c, "name");
        if !names.insert(name) {
            errs.duplicate("duplicate-container-name", &p.child("name"), name);
        }
        if let Some(l) = field(c, "lifecycle") {
            validate_lifecycle(l, pod.grace_period, &p.child("lifecycle"), errs);
        }
        validate_probes(c, &p, errs);
        if opt_str(c, "restartPolicy").is_some() {
            errs.forbidden(
                "container-restart-policy-forbidden",
                &p.child("restartPolicy"),
                "may not be set for non-init containers",
            );
        }
    }
    let indexed: Vec<(usize, &Node)> = containers.iter().enumerate().collect();
    check_host_port_conflicts(&indexed, path, errs);
}

/// `validateInitContainers`.
pub(super) fn validate_init_containers(
    inits: &[Node],
    regular: &[Node],
    pod: &Pod,
    path: &Path,
    errs: &mut Errors,
) {
    let mut names: HashSet<&str> = regular.iter().map(|c| string(c, "name")).collect();
    for (i, c) in inits.iter().enumerate() {
        let p = path.index(i);
        validate_container_common(c, pod, &p, errs);
        let mut restart_always = false;
        if let Some(rp) = opt_str(c, "restartPolicy") {
            if rp != "Always" {
                errs.not_supported(
                    "init-container-restart-policy",
                    &p.child("restartPolicy"),
                    rp,
                    &["Always"],
                );
            }
            restart_always = rp == "Always";
        }
        let name = string(c, "name");
        if names.contains(name) {
            errs.duplicate("duplicate-container-name", &p.child("name"), name);
        } else if !name.is_empty() {
            names.insert(name);
        }
        // Go checks each init container alone, as `[]Container{ctr}`: the index is always 0.
        check_host_port_conflicts(&[(0, c)], path, errs);
        if restart_always {
            if let Some(l) = field(c, "lifecycle") {
                validate_lifecycle(l, pod.grace_period, &p.child("lifecycle"), errs);
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
                    errs.forbidden("init-container-field-forbidden", &p.child(f), NOT_FOR_INIT);
                }
            }
        }
    }
}

/// `validateContainerCommon`.
pub(super) fn validate_container_common(c: &Node, pod: &Pod, p: &Path, errs: &mut Errors) {
    let name_path = p.child("name");
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
        errs.required("container-image-required", &p.child("image"), "");
    }
    let tmp = or_default(opt_str(c, "terminationMessagePolicy"), "File");
    if tmp != "File" && tmp != "FallbackToLogsOnError" {
        errs.not_supported(
            "termination-message-policy",
            &p.child("terminationMessagePolicy"),
            tmp,
            &["File", "FallbackToLogsOnError"],
        );
    }
    let mounts = items(c, "volumeMounts");
    let devices = items(c, "volumeDevices");
    validate_container_ports(items(c, "ports"), &p.child("ports"), errs);
    validate_env(items(c, "env"), &p.child("env"), errs);
    validate_env_from(items(c, "envFrom"), &p.child("envFrom"), errs);
    validate_volume_mounts(
        mounts,
        devices,
        c,
        &pod.vols,
        &p.child("volumeMounts"),
        errs,
    );
    validate_volume_devices(devices, mounts, &pod.vols, &p.child("volumeDevices"), errs);
    // validatePullPolicy (an empty policy is defaulted from the image tag)
    let pull = string(c, "imagePullPolicy");
    if !pull.is_empty() && !["Always", "IfNotPresent", "Never"].contains(&pull) {
        errs.not_supported(
            "image-pull-policy",
            &p.child("imagePullPolicy"),
            pull,
            &["Always", "IfNotPresent", "Never"],
        );
    }
    if let Some(r) = field(c, "resources") {
        validate_resource_requirements(r, &p.child("resources"), errs);
    }
    validate_resize_policy(c, pod.restart_policy, &p.child("resizePolicy"), errs);
    if let Some(sc) = field(c, "securityContext") {
        validate_security_context(sc, pod.host_users, &p.child("securityContext"), errs);
    }
}

/// `validateContainerPorts`: names are unique within a container.
pub(super) fn validate_container_ports(ports: &[Node], path: &Path, errs: &mut Errors) {
    let mut names: HashSet<&str> = HashSet::new();
    for (i, port) in ports.iter().enumerate() {
        let p = path.index(i);
        let name = string(port, "name");
        if !name.is_empty() {
            let msgs = is_valid_port_name(name);
            if !msgs.is_empty() {
                errs.invalid_each("port-name-invalid", &p.child("name"), name, msgs);
            } else if !names.insert(name) {
                errs.duplicate("duplicate-port-name", &p.child("name"), name);
            }
        }
        let container_port = ints(port, "containerPort").unwrap_or(0);
        if container_port == 0 {
            errs.required("container-port-required", &p.child("containerPort"), "");
        } else {
            for msg in is_valid_port_num(container_port) {
                errs.invalid(
                    "port-number-invalid",
                    &p.child("containerPort"),
                    container_port,
                    msg,
                );
            }
        }
        if let Some(hp) = ints(port, "hostPort")
            && hp != 0
        {
            for msg in is_valid_port_num(hp) {
                errs.invalid("port-number-invalid", &p.child("hostPort"), hp, msg);
            }
        }
        let proto = or_default(opt_str(port, "protocol"), "TCP");
        if !["TCP", "UDP", "SCTP"].contains(&proto) {
            errs.not_supported(
                "port-protocol",
                &p.child("protocol"),
                proto,
                &["SCTP", "TCP", "UDP"],
            );
        }
    }
}

/// `AccumulateUniqueHostPorts` over `(index, container)`.
pub(super) fn check_host_port_conflicts(
    containers: &[(usize, &Node)],
    path: &Path,
    errs: &mut Errors,
) {
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
                let f = path.index(*ci).child("ports").index(pi).child("hostPort");
                errs.duplicate("duplicate-host-port", &f, k.as_str());
            } else {
                seen.insert(k);
            }
        }
    }
}

/// `validatePodHostNetworkDeps` for a template: a set hostPort must equal containerPort.
pub(super) fn validate_pod_host_network_deps(spec: &Node, path: &Path, errs: &mut Errors) {
    if flag(spec, "hostNetwork") != Some(true) {
        return;
    }
    for (i, c) in items(spec, "containers").iter().enumerate() {
        for (j, port) in items(c, "ports").iter().enumerate() {
            let hp = ints(port, "hostPort").unwrap_or(0);
            if hp != 0 && hp != ints(port, "containerPort").unwrap_or(0) {
                let f = path
                    .child("containers")
                    .index(i)
                    .child("ports")
                    .index(j)
                    .child("hostPort");
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

/// `ValidateVolumeMounts`. Go reports `subPath`, `subPathExpr`, `mountPropagation` and
/// `recursiveReadOnly` problems on the list's path, without the mount's index.
pub(super) fn validate_volume_mounts(
    mounts: &[Node],
    devices: &[Node],
    c: &Node,
    vols: &HashMap<String, VolKind>,
    path: &Path,
    errs: &mut Errors,
) {
    let device_by_name: HashMap<&str, &str> = devices
        .iter()
        .map(|d| (string(d, "name"), string(d, "devicePath")))
        .collect();
    let privileged = c.bool_at(&["securityContext", "privileged"]) == Some(true);
    let mut mount_points: HashSet<&str> = HashSet::new();
    for (i, m) in mounts.iter().enumerate() {
        let p = path.index(i);
        let (name, mount_path) = (string(m, "name"), string(m, "mountPath"));
        if name.is_empty() {
            errs.required("volume-mount-name-required", &p.child("name"), "");
        }
        if !vols.contains_key(name) {
            errs.not_found("volume-mount-not-found", &p.child("name"), name);
        }
        if mount_path.is_empty() {
            errs.required("volume-mount-path-required", &p.child("mountPath"), "");
        }
        if !mount_points.insert(mount_path) {
            errs.invalid(
                "volume-mount-path-duplicate",
                &p.child("mountPath"),
                mount_path,
                "must be unique",
            );
        }
        if device_by_name.contains_key(name) {
            errs.invalid(
                "volume-mount-device-conflict",
                &p.child("name"),
                name,
                "must not already exist in volumeDevices",
            );
        }
        if device_by_name.values().any(|dp| *dp == mount_path) {
            errs.invalid(
                "volume-mount-device-conflict",
                &p.child("mountPath"),
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
                    &p.child("subPath"),
                    sub_path,
                    "not allowed in image volume sources",
                );
            }
            if !sub_path_expr.is_empty() {
                errs.invalid(
                    "volume-mount-sub-path",
                    &p.child("subPathExpr"),
                    sub_path_expr,
                    "not allowed in image volume sources",
                );
            }
        }
        if !sub_path.is_empty() {
            validate_local_descending_path(sub_path, &path.child("subPath"), errs);
        }
        if !sub_path_expr.is_empty() {
            if !sub_path.is_empty() {
                errs.invalid(
                    "volume-mount-sub-path",
                    &p.child("subPathExpr"),
                    sub_path_expr,
                    "subPathExpr and subPath are mutually exclusive",
                );
            }
            validate_local_descending_path(sub_path_expr, &path.child("subPathExpr"), errs);
        }
        let propagation = opt_str(m, "mountPropagation");
        if let Some(mp) = propagation {
            // validateMountPropagation
            let f = path.child("mountPropagation");
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
            let f = path.child("recursiveReadOnly");
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
pub(super) fn validate_volume_devices(
    devices: &[Node],
    mounts: &[Node],
    vols: &HashMap<String, VolKind>,
    path: &Path,
    errs: &mut Errors,
) {
    let mount_by_name: HashMap<&str, &str> = mounts
        .iter()
        .map(|m| (string(m, "name"), string(m, "mountPath")))
        .collect();
    let mut device_paths: HashSet<&str> = HashSet::new();
    let mut device_names: HashSet<&str> = HashSet::new();
    for (i, d) in devices.iter().enumerate() {
        let p = path.index(i);
        let (name, dev_path) = (string(d, "name"), string(d, "devicePath"));
        let kind = vols.get(name);
        if name.is_empty() {
            errs.required("volume-device-name-required", &p.child("name"), "");
        }
        if device_names.contains(name) {
            errs.invalid(
                "volume-device-invalid",
                &p.child("name"),
                name,
                "must be unique",
            );
        }
        match kind {
            Some(VolKind::Claim) => {}
            Some(_) => errs.invalid(
                "volume-device-invalid",
                &p.child("name"),
                name,
                "can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode",
            ),
            None => errs.not_found("volume-device-not-found", &p.child("name"), name),
        }
        if dev_path.is_empty() {
            errs.required("volume-device-path-required", &p.child("devicePath"), "");
        }
        if device_paths.contains(dev_path) {
            errs.invalid(
                "volume-device-invalid",
                &p.child("devicePath"),
                dev_path,
                "must be unique",
            );
        }
        if !dev_path.is_empty() && dev_path.split('/').any(|x| x == "..") {
            errs.invalid(
                "volume-device-invalid",
                &p.child("devicePath"),
                dev_path,
                "can not contain backsteps ('..')",
            );
        } else {
            device_paths.insert(dev_path);
        }
        if mount_by_name.contains_key(name) {
            errs.invalid(
                "volume-device-invalid",
                &p.child("name"),
                name,
                "must not already exist in volumeMounts",
            );
        }
        if mount_by_name.values().any(|mp| *mp == dev_path) {
            errs.invalid(
                "volume-device-invalid",
                &p.child("devicePath"),
                dev_path,
                "must not already exist as a path in volumeMounts",
            );
        }
        if !name.is_empty() {
            device_names.insert(name);
        }
    }
}
