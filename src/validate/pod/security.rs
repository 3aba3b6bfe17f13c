//! Security contexts of the pod and its containers (`ValidateSecurityContext`, `validatePodSecurityContext`, seccomp, sysctls).

use super::*;

/// `IsValidUserID` / `IsValidGroupID`.
pub(super) fn id_range(v: i64, f: &Path, errs: &mut Errors) {
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
pub(super) fn validate_security_context(sc: &Node, host_users: bool, p: &Path, errs: &mut Errors) {
    if let Some(u) = ints(sc, "runAsUser") {
        id_range(u, &p.child("runAsUser"), errs);
    }
    if let Some(g) = ints(sc, "runAsGroup") {
        id_range(g, &p.child("runAsGroup"), errs);
    }
    if let Some(pm) = opt_str(sc, "procMount") {
        let f = p.child("procMount");
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
        validate_seccomp_profile(sp, &p.child("seccompProfile"), errs);
    }
}

/// `validateSeccompProfileField` (without the struct-valued `localhostProfile` misuse error).
pub(super) fn validate_seccomp_profile(sp: &Node, p: &Path, errs: &mut Errors) {
    let f = p.child("type");
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
                &p.child("localhostProfile"),
                "must be set when seccomp type is Localhost",
            ),
            Some(lp) => validate_local_descending_path(lp, &p.child("localhostProfile"), errs),
        }
    }
}

/// `IsValidSysctlName`: segments of `[a-z0-9]([-_a-z0-9]*[a-z0-9])?` joined by `.` or `/`.
pub(super) fn is_valid_sysctl_name(name: &str) -> bool {
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
pub(super) fn validate_pod_security_context(spec: &Node, p: &Path, errs: &mut Errors) {
    let sc = part(spec, "securityContext");
    if let Some(g) = ints(sc, "fsGroup") {
        id_range(g, &p.child("fsGroup"), errs);
    }
    if let Some(u) = ints(sc, "runAsUser") {
        id_range(u, &p.child("runAsUser"), errs);
    }
    if let Some(g) = ints(sc, "runAsGroup") {
        id_range(g, &p.child("runAsGroup"), errs);
    }
    for (i, g) in items(sc, "supplementalGroups").iter().enumerate() {
        // A null item decodes as 0, which is in range.
        if let Some(g) = g.as_int() {
            id_range(g, &p.child("supplementalGroups").index(i), errs);
        }
    }
    if flag(spec, "shareProcessNamespace") == Some(true) && flag(spec, "hostPID") == Some(true) {
        errs.invalid(
            "share-process-namespace",
            &p.child("shareProcessNamespace"),
            true,
            "ShareProcessNamespace and HostPID cannot both be enabled",
        );
    }
    // validateSysctls
    let mut names: HashSet<&str> = HashSet::new();
    for (i, sysctl) in items(sc, "sysctls").iter().enumerate() {
        let f = p.child("sysctls").index(i).child("name");
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
            &p.child("fsGroupChangePolicy"),
            fp,
            &["Always", "OnRootMismatch"],
        );
    }
    if let Some(sp) = field(sc, "seccompProfile") {
        validate_seccomp_profile(sp, &p.child("seccompProfile"), errs);
    }
    if let Some(sgp) = opt_str(sc, "supplementalGroupsPolicy")
        && sgp != "Merge"
        && sgp != "Strict"
    {
        errs.not_supported(
            "supplemental-groups-policy",
            &p.child("supplementalGroupsPolicy"),
            sgp,
            &["Merge", "Strict"],
        );
    }
}
