//! Environment variables (`ValidateEnv`, `validateEnvVarValueFrom` with its field and resource selectors, `ValidateEnvFrom`).

use super::*;

/// `ValidateEnv` with `IsRelaxedEnvVarName` (RelaxedEnvironmentVariableValidation is GA).
pub(super) fn validate_env(vars: &[Node], path: &Path, errs: &mut Errors) {
    for (i, ev) in vars.iter().enumerate() {
        let p = path.index(i);
        let name = string(ev, "name");
        if name.is_empty() {
            errs.required("env-name-required", &p.child("name"), "");
        } else {
            errs.invalid_each(
                "env-name-invalid",
                &p.child("name"),
                name,
                is_relaxed_env_var_name(name),
            );
        }
        validate_env_var_value_from(ev, &p.child("valueFrom"), errs);
    }
}

/// `validateEnvVarValueFrom`.
pub(super) fn validate_env_var_value_from(ev: &Node, p: &Path, errs: &mut Errors) {
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
        validate_object_field_selector(
            fr,
            &ENV_FIELDS,
            &p.child("fieldRef"),
            "env-field-ref",
            errs,
        );
    }
    if let Some(rf) = field(from, "resourceFieldRef") {
        n += 1;
        validate_resource_field_selector(
            rf,
            &p.child("resourceFieldRef"),
            false,
            "env-resource-field-ref",
            errs,
        );
    }
    for child in ["configMapKeyRef", "secretKeyRef"] {
        if let Some(k) = field(from, child) {
            n += 1;
            validate_key_selector(string(k, "name"), string(k, "key"), &p.child(child), errs);
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
pub(super) fn validate_key_selector(name: &str, k: &str, p: &Path, errs: &mut Errors) {
    errs.invalid_each(
        "env-ref-name-invalid",
        &p.child("name"),
        name,
        name_is_dns_subdomain(name, false),
    );
    if k.is_empty() {
        errs.required("env-key-required", &p.child("key"), "");
    } else {
        errs.invalid_each("env-key-invalid", &p.child("key"), k, is_config_map_key(k));
    }
}

/// `validateObjectFieldSelector` with `ConvertDownwardAPIFieldLabel` (pod v1).
pub(super) fn validate_object_field_selector(
    fs: &Node,
    expressions: &[&str],
    p: &Path,
    code: &'static str,
    errs: &mut Errors,
) {
    // SetDefaults_ObjectFieldSelector: apiVersion v1.
    let version = or_default(opt_str(fs, "apiVersion"), "v1");
    let fp = p.child("fieldPath");
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
pub(super) fn split_subscripted_path(fp: &str) -> Option<(&str, &str)> {
    let s = fp.strip_suffix("']")?;
    let (path, sub) = s.split_once("['")?;
    (!path.is_empty()).then_some((path, sub))
}

/// `validateContainerResourceFieldSelector` and `validateContainerResourceDivisor`.
pub(super) fn validate_resource_field_selector(
    fs: &Node,
    p: &Path,
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
        errs.required(code, &p.child("containerName"), "");
    } else if r.is_empty() {
        errs.required(code, &p.child("resource"), "");
    } else if !RESOURCE_FIELDS.contains(&r)
        && !r.starts_with("requests.hugepages-")
        && !r.starts_with("limits.hugepages-")
    {
        errs.not_supported(code, &p.child("resource"), r, &RESOURCE_FIELDS);
    }
    let Some(d) = field(fs, "divisor") else {
        return;
    };
    let Some(d) = parse_field_quantity(d, &p.child("divisor"), errs) else {
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
        errs.invalid(code, &p.child("divisor"), r, m);
    }
    if (r.starts_with("requests.hugepages-") || r.starts_with("limits.hugepages-"))
        && !BYTES.contains(&ds.as_str())
    {
        errs.invalid(
            code,
            &p.child("divisor"),
            r,
            format!("{BYTES_MSG} hugepages resource"),
        );
    }
}

/// `ValidateEnvFrom`.
pub(super) fn validate_env_from(vars: &[Node], path: &Path, errs: &mut Errors) {
    for (i, ev) in vars.iter().enumerate() {
        let p = path.index(i);
        let prefix = string(ev, "prefix");
        if !prefix.is_empty() {
            errs.invalid_each(
                "env-from-prefix-invalid",
                &p.child("prefix"),
                prefix,
                is_relaxed_env_var_name(prefix),
            );
        }
        let mut n = 0;
        for child in ["configMapRef", "secretRef"] {
            let Some(r) = field(ev, child) else { continue };
            n += 1;
            let name = string(r, "name");
            let f = p.child(child).child("name");
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
