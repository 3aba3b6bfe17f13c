//! What the cluster would create (naming in `stateful_set_utils.go`, DNS per the DNS specification, defaults in `SetDefaults_StatefulSet`).

use crate::support::{WEB, analyze, with_line};
use expect_test::{Expect, expect};

/// Pods as `name hostname fqdn-or-reason pvcs`, one per line.
#[track_caller]
fn check(text: &str, expected: Expect) {
    let a = analyze(text);
    let mut out = String::new();
    for s in &a.plan.statefulsets {
        for p in &s.pods {
            let dns = match (&p.fqdn, &p.reason) {
                (Some(f), None) => f.clone(),
                (f, Some(r)) => format!("{} NOT RESOLVABLE: {r}", f.clone().unwrap_or_default()),
                (None, None) => "-".into(),
            };
            out.push_str(&format!("{} {} [{}]\n", p.name, dns, p.pvcs.join(",")));
            if let Some(e) = &p.create_error {
                out.push_str(&format!("  CANNOT BE CREATED: {e}\n"));
            }
        }
    }
    expected.assert_eq(&out);
}

#[test]
fn web_example_pods_pvcs_and_dns() {
    // §1.1 pod names, §1.2 PVC names, §2.1 FQDN.
    check(
        WEB,
        expect![[r#"
            web-0 web-0.nginx.default.svc.cluster.local [www-web-0]
            web-1 web-1.nginx.default.svc.cluster.local [www-web-1]
            web-2 web-2.nginx.default.svc.cluster.local [www-web-2]
        "#]],
    );
}

#[test]
fn ordinals_start() {
    // §1.1: ordinals run from spec.ordinals.start.
    check(
        &with_line(
            WEB,
            "  replicas: 3 # by default is 1",
            "  replicas: 2\n  ordinals:\n    start: 5",
        ),
        expect![[r#"
            web-5 web-5.nginx.default.svc.cluster.local [www-web-5]
            web-6 web-6.nginx.default.svc.cluster.local [www-web-6]
        "#]],
    );
}

#[test]
fn service_name_mismatch_does_not_resolve() {
    // §2.2 (1): the Service must be named exactly spec.serviceName.
    check(
        &with_line(
            WEB,
            "  serviceName: \"nginx\"",
            "  serviceName: \"nginx-headless\"",
        ),
        expect![[r#"
            web-0 web-0.nginx-headless.default.svc.cluster.local NOT RESOLVABLE: no Service named "nginx-headless" in namespace "default" (the manifests define the headless Service "nginx"; spec.serviceName must name it exactly) [www-web-0]
            web-1 web-1.nginx-headless.default.svc.cluster.local NOT RESOLVABLE: no Service named "nginx-headless" in namespace "default" (the manifests define the headless Service "nginx"; spec.serviceName must name it exactly) [www-web-1]
            web-2 web-2.nginx-headless.default.svc.cluster.local NOT RESOLVABLE: no Service named "nginx-headless" in namespace "default" (the manifests define the headless Service "nginx"; spec.serviceName must name it exactly) [www-web-2]
        "#]],
    );
}

#[test]
fn non_headless_service_does_not_promise_records() {
    // §2.2 (6), §2.3.
    let text = with_line(WEB, "  clusterIP: None", "  clusterIP: 10.96.0.20");
    let text = with_line(&text, "  replicas: 3 # by default is 1", "  replicas: 1");
    check(
        &text,
        expect![[r#"
            web-0 web-0.nginx.default.svc.cluster.local NOT RESOLVABLE: Service "nginx" is not headless (clusterIP is 10.96.0.20, not None): only headless Services promise per-pod DNS records (CoreDNS answers them anyway) [www-web-0]
        "#]],
    );
}

#[test]
fn selector_must_select_the_pods() {
    // §2.2 (2).
    let text = with_line(WEB, "    app: nginx\n---", "    app: web\n---");
    let text = with_line(&text, "  replicas: 3 # by default is 1", "  replicas: 1");
    check(
        &text,
        expect![[r#"
            web-0 web-0.nginx.default.svc.cluster.local NOT RESOLVABLE: Service "nginx" selects app=web but the pods are labelled app=nginx,apps.kubernetes.io/pod-index=0,controller-revision-hash=web-66b655ddb7,statefulset.kubernetes.io/pod-name=web-0 [www-web-0]
        "#]],
    );
}

#[test]
fn service_in_another_namespace() {
    let text = with_line(
        WEB,
        "  name: nginx\n",
        "  name: nginx\n  namespace: other\n",
    );
    let text = with_line(&text, "  replicas: 3 # by default is 1", "  replicas: 1");
    check(
        &text,
        expect![[r#"
            web-0 web-0.nginx.default.svc.cluster.local NOT RESOLVABLE: no Service named "nginx" in namespace "default" (there is one in namespace "other", but DNS records only come from the pod's own namespace) [www-web-0]
        "#]],
    );
}

#[test]
fn empty_service_name_means_no_dns_name() {
    check(
        &with_line(
            &with_line(WEB, "  serviceName: \"nginx\"\n", ""),
            "  replicas: 3 # by default is 1",
            "  replicas: 1",
        ),
        expect![[r#"
            web-0  NOT RESOLVABLE: spec.serviceName is empty, so pods get no subdomain and no per-pod DNS name [www-web-0]
        "#]],
    );
}

#[test]
fn defaults_are_visible() {
    // §3: replicas 1, OrderedReady, RollingUpdate with partition 0, history 10, Retain/Retain.
    let a = analyze(
        "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  selector:\n    matchLabels: {app: db}\n  template:\n    metadata:\n      labels: {app: db}\n    spec:\n      containers: [{name: db, image: postgres}]\n",
    );
    let s = &a.plan.statefulsets[0];
    assert_eq!(
        (
            s.replicas,
            s.pod_management_policy.as_str(),
            s.update_strategy.as_str(),
            s.partition,
            s.revision_history_limit
        ),
        (1, "OrderedReady", "RollingUpdate", Some(0), 10)
    );
    assert_eq!(
        (
            s.pvc_retention.when_deleted.as_str(),
            s.pvc_retention.when_scaled.as_str()
        ),
        ("Retain", "Retain")
    );
}

#[test]
fn huge_replica_counts_are_listed_up_to_a_bound() {
    let a = analyze(&with_line(
        WEB,
        "  replicas: 3 # by default is 1",
        "  replicas: 2147483647",
    ));
    let s = &a.plan.statefulsets[0];
    assert!(s.truncated);
    assert_eq!(s.pods.len(), 10_000);
    assert_eq!(s.pods[9_999].name, "web-9999");
}

/// The controller's pods carry `controller-revision-hash=<name>-<hash>` (`newRevision`,
/// `ApplyRevision` in `pkg/controller/statefulset/stateful_set_utils.go`); the API server
/// refuses a pod whose label values exceed 63 characters (`ValidateObjectMeta`,
/// kubernetes/kubernetes#64023), so a long name can leave the set with no pods at all. The plan
/// says so with the API's error, which is the error the simulated controller records.
#[test]
fn pods_the_api_server_refuses_are_never_created() {
    let name = "a-statefulset-name-of-fifty-six-characters-for-the-label";
    assert_eq!(name.len(), 56);
    let text = with_line(
        WEB,
        "metadata:\n  name: web\n",
        &format!("metadata:\n  name: {name}\n"),
    );
    let text = with_line(&text, "  replicas: 3 # by default is 1", "  replicas: 1");
    let a = analyze(&text);
    let s = &a.plan.statefulsets[0];
    let revision = &s.update_revision;
    assert_eq!(s.pods[0].labels["controller-revision-hash"], *revision);
    assert!(revision.len() > 63, "{revision}");
    check(
        &text,
        expect![[r#"
            a-statefulset-name-of-fifty-six-characters-for-the-label-0 a-statefulset-name-of-fifty-six-characters-for-the-label-0.nginx.default.svc.cluster.local [www-a-statefulset-name-of-fifty-six-characters-for-the-label-0]
              CANNOT BE CREATED: Pod "a-statefulset-name-of-fifty-six-characters-for-the-label-0" is invalid: metadata.labels: Invalid value: "a-statefulset-name-of-fifty-six-characters-for-the-label-66b655ddb7": must be no more than 63 characters
        "#]],
    );
    // The simulation's controller is refused with the same words, and creates nothing.
    let opts = stsplay::Options::default();
    let mut sim = stsplay::sim::Simulation::new(&a, &opts, &stsplay::sim::SimOptions::default());
    sim.run(Some(5_000));
    let lines = sim.text_lines(0);
    assert!(
        !lines.iter().any(|l| l.contains(" create   Pod/")),
        "{lines:#?}"
    );
    let events: Vec<&String> = lines
        .iter()
        .filter(|l| l.contains("FailedCreate"))
        .collect();
    assert!(!events.is_empty());
    assert!(events[0].contains(s.pods[0].create_error.as_deref().unwrap_or("?")));
    // A pod name over 63 characters fails on the hostname too.
    let long = "x".repeat(62);
    let a = analyze(&with_line(
        WEB,
        "metadata:\n  name: web\n",
        &format!("metadata:\n  name: {long}\n"),
    ));
    let err = a.plan.statefulsets[0].pods[0]
        .create_error
        .clone()
        .unwrap_or_default();
    assert!(err.starts_with(&format!("Pod \"{long}-0\" is invalid: [spec.hostname: Invalid value: \"{long}-0\": must be no more than 63 characters, ")), "{err}");
    // Names of 52 characters or fewer always fit (a hash has at most 10 characters).
    let ok = "s".repeat(52);
    let a = analyze(&with_line(
        WEB,
        "metadata:\n  name: web\n",
        &format!("metadata:\n  name: {ok}\n"),
    ));
    assert!(a.plan.statefulsets[0].pods.iter().all(|p| p.creatable));
}

/// The revision hash is FNV-1 of the patch `getPatch` writes (`stateful_set_utils.go`): the
/// set as the API stores it (quantities in their canonical form, `resources: {}` in every
/// container, `creationTimestamp: null`) read back into a map and written by `encoding/json`,
/// which sorts keys, writes numbers as float64s and escapes `<`, `>` and `&` for HTML. The
/// bytes below are the ones Go's `json.Marshal` writes again from their own `json.Unmarshal`
/// (checked with Go 1.19 for this template, and for every example and scenario).
#[test]
fn the_revision_hash_is_of_the_patch_go_writes() {
    let text = with_line(
        WEB,
        "        image: registry.k8s.io/nginx-slim:0.24",
        "        image: registry.k8s.io/nginx-slim:0.24\n        command: [\"sh\", \"-c\", \"echo 0 > /data/visits && nginx\"]\n        resources: {requests: {cpu: 0.5, memory: 1024Mi}}",
    );
    let a = analyze(&text);
    let (_, sts) = &a.defaulted[0];
    let template = sts.at(&["spec", "template"]).unwrap();
    expect![[r#"{"spec":{"template":{"$patch":"replace","metadata":{"labels":{"app":"nginx"}},"spec":{"containers":[{"command":["sh","-c","echo 0 \u003e /data/visits \u0026\u0026 nginx"],"image":"registry.k8s.io/nginx-slim:0.24","imagePullPolicy":"IfNotPresent","name":"nginx","ports":[{"containerPort":80,"name":"web","protocol":"TCP"}],"resources":{"requests":{"cpu":"500m","memory":"1Gi"}},"terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","volumeMounts":[{"mountPath":"/usr/share/nginx/html","name":"www"}]}],"dnsPolicy":"ClusterFirst","restartPolicy":"Always","schedulerName":"default-scheduler","securityContext":{},"terminationGracePeriodSeconds":10}}}}"#]]
    .assert_eq(&stsplay::sim::revision::patch_json(template, &Default::default()));
    // What Go's typed encoding leaves out (a zero under `omitempty`: `readOnly: false`,
    // `initialDelaySeconds: 0`, an empty `envFrom`) is left out of the patch too; a
    // `resourceFieldRef` without a divisor gets `"divisor":"0"`, as the struct value it is.
    let text = with_line(
        WEB,
        "          mountPath: /usr/share/nginx/html",
        "          mountPath: /usr/share/nginx/html\n          readOnly: false\n        env: [{name: CPU, valueFrom: {resourceFieldRef: {resource: limits.cpu}}}]\n        args: [\"-g\"]\n        stdin: false\n        volumeDevices: []\n        livenessProbe: {tcpSocket: {port: 80}, initialDelaySeconds: 0}\n        envFrom: []\n        lifecycle: {}",
    );
    let text = with_line(
        &text,
        "          name: web",
        "          name: web\n          hostPort: 0\n        - containerPort: 81\n          name: \"\"",
    );
    let a = analyze(&text);
    assert_eq!(
        a.diagnostics.iter().filter(|d| d.is_error()).count(),
        0,
        "{:?}",
        a.diagnostics
    );
    let (_, sts) = &a.defaulted[0];
    let patch = stsplay::sim::revision::patch_json(
        sts.at(&["spec", "template"]).unwrap(),
        &Default::default(),
    );
    expect![[r#"{"spec":{"template":{"$patch":"replace","metadata":{"labels":{"app":"nginx"}},"spec":{"containers":[{"args":["-g"],"env":[{"name":"CPU","valueFrom":{"resourceFieldRef":{"divisor":"0","resource":"limits.cpu"}}}],"image":"registry.k8s.io/nginx-slim:0.24","imagePullPolicy":"IfNotPresent","lifecycle":{},"livenessProbe":{"failureThreshold":3,"periodSeconds":10,"successThreshold":1,"tcpSocket":{"port":80},"timeoutSeconds":1},"name":"nginx","ports":[{"containerPort":80,"name":"web","protocol":"TCP"},{"containerPort":81,"protocol":"TCP"}],"resources":{},"terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","volumeMounts":[{"mountPath":"/usr/share/nginx/html","name":"www"}]}],"dnsPolicy":"ClusterFirst","restartPolicy":"Always","schedulerName":"default-scheduler","securityContext":{},"terminationGracePeriodSeconds":10}}}}"#]].assert_eq(&patch);
    // Up to 1.33 a zero `creationTimestamp` is written as null; from 1.34 it is `omitzero`, and
    // every revision name changed (kubernetes/kubernetes#134773).
    let web = analyze(WEB);
    let template = web.defaulted[0].1.at(&["spec", "template"]).unwrap();
    let v133 = stsplay::version::Profile::v1(33);
    let old = stsplay::sim::revision::patch_json(template, &v133);
    assert!(
        old.contains(r#""metadata":{"creationTimestamp":null,"labels""#),
        "{old}"
    );
    assert_eq!(
        stsplay::sim::revision::hash(template, 0, &v133),
        "6876c9ff7c"
    );
    assert_eq!(web.plan.statefulsets[0].update_revision, "web-66b655ddb7");
}
