//! Probes and lifecycle handlers (`validateProbe`, `validateHandler`, `validateLifecycle`).

use super::*;

/// The three probes of a container, with their extra rules.
pub(super) fn validate_probes(c: &Node, p: &Path, errs: &mut Errors) {
    // validateLivenessProbe
    if let Some(pr) = field(c, "livenessProbe") {
        let f = p.child("livenessProbe");
        validate_probe(pr, &f, errs);
        success_threshold_must_be_one(pr, &f, errs);
    }
    // validateReadinessProbe
    if let Some(pr) = field(c, "readinessProbe") {
        let f = p.child("readinessProbe");
        validate_probe(pr, &f, errs);
        if let Some(t) = ints(pr, "terminationGracePeriodSeconds") {
            errs.invalid(
                "probe-termination-grace-period",
                &f.child("terminationGracePeriodSeconds"),
                t,
                "must not be set for readinessProbes",
            );
        }
    }
    // validateStartupProbe
    if let Some(pr) = field(c, "startupProbe") {
        let f = p.child("startupProbe");
        validate_probe(pr, &f, errs);
        success_threshold_must_be_one(pr, &f, errs);
    }
}

/// `SetDefaults_Probe` turns an unset or zero threshold/period/timeout into its default.
pub(super) fn probe_default(pr: &Node, k: &str, default: i64) -> i64 {
    match ints(pr, k) {
        None | Some(0) => default,
        Some(x) => x,
    }
}

pub(super) fn success_threshold_must_be_one(pr: &Node, f: &Path, errs: &mut Errors) {
    let st = probe_default(pr, "successThreshold", 1);
    if st != 1 {
        errs.invalid(
            "probe-success-threshold",
            &f.child("successThreshold"),
            st,
            "must be 1",
        );
    }
}

/// `validateProbe`.
pub(super) fn validate_probe(pr: &Node, p: &Path, errs: &mut Errors) {
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
        errs.nonnegative("probe-negative", &p.child(f), v);
    }
    if let Some(t) = ints(pr, "terminationGracePeriodSeconds")
        && t <= 0
    {
        errs.invalid(
            "probe-termination-grace-period",
            &p.child("terminationGracePeriodSeconds"),
            t,
            "must be greater than 0",
        );
    }
}

/// `commonHandler`: the handler fields of a probe (no `sleep`) or a lifecycle hook (no `grpc`).
pub(super) struct Handler<'a> {
    exec: Option<&'a Node>,
    http_get: Option<&'a Node>,
    tcp_socket: Option<&'a Node>,
    grpc: Option<&'a Node>,
    sleep: Option<&'a Node>,
}

/// `validateHandler`: exactly one handler; `grace` is the pod's grace period for `sleep`.
pub(super) fn validate_handler(h: &Handler, grace: i64, p: &Path, errs: &mut Errors) {
    let mut n = 0;
    let mut take = |present: bool, child: &str, errs: &mut Errors| -> bool {
        if !present {
            return false;
        }
        if n > 0 {
            errs.forbidden(
                "probe-handler-multiple",
                &p.child(child),
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
            &p.child("exec").child("command"),
            "",
        );
    }
    if let Some(http) = h.http_get
        && take(true, "httpGet", errs)
    {
        // validateHTTPGetAction (path and scheme are defaulted when empty)
        let hp = p.child("httpGet");
        validate_port_num_or_name(field(http, "port"), &hp.child("port"), errs);
        let scheme = or_default(opt_str(http, "scheme"), "HTTP");
        if scheme != "HTTP" && scheme != "HTTPS" {
            errs.not_supported(
                "probe-http-scheme",
                &hp.child("scheme"),
                scheme,
                &["HTTP", "HTTPS"],
            );
        }
        for hdr in items(http, "httpHeaders") {
            // Go reports header names on the list, without an index.
            let name = string(hdr, "name");
            errs.invalid_each(
                "probe-http-header-name",
                &hp.child("httpHeaders"),
                name,
                is_http_header_name(name),
            );
        }
    }
    if let Some(tcp) = h.tcp_socket
        && take(true, "tcpSocket", errs)
    {
        validate_port_num_or_name(
            field(tcp, "port"),
            &p.child("tcpSocket").child("port"),
            errs,
        );
    }
    if let Some(grpc) = h.grpc
        && take(true, "grpc", errs)
    {
        let port = ints(grpc, "port").unwrap_or(0);
        for msg in is_valid_port_num(port) {
            errs.invalid(
                "probe-port-invalid",
                &p.child("grpc").child("port"),
                port,
                msg,
            );
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
                &p.child("sleep"),
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
pub(super) fn validate_port_num_or_name(port: Option<&Node>, f: &Path, errs: &mut Errors) {
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
pub(super) fn validate_lifecycle(l: &Node, grace: i64, p: &Path, errs: &mut Errors) {
    for child in ["postStart", "preStop"] {
        if let Some(h) = field(l, child) {
            let handlers = Handler {
                exec: field(h, "exec"),
                http_get: field(h, "httpGet"),
                tcp_socket: field(h, "tcpSocket"),
                grpc: None,
                sleep: field(h, "sleep"),
            };
            validate_handler(&handlers, grace, &p.child(child), errs);
        }
    }
}
