//! `kubectl get -o yaml`: JSON objects written as go-yaml v2 writes them (sigs.k8s.io/yaml),
//! by the one emitter in `yaml::emit`.

use serde_json::Value;

/// The YAML document for `v` (ending with a newline).
pub fn to_yaml(v: &Value) -> String {
    crate::yaml::emit::to_yaml(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn writes_like_go_yaml() {
        let v = json!({
            "metadata": {"name": "web-0", "resourceVersion": "1234", "creationTimestamp": "2025-05-05T10:14:03Z", "labels": {"app": "nginx"}},
            "spec": {"containers": [{"name": "nginx", "ports": [{"containerPort": 80}], "args": ["--a", "*"]}], "empty": {}, "list": []},
            "status": {"message": "containers with unready status: [nginx]", "on": "yes", "phase": "Running"}
        });
        assert_eq!(
            to_yaml(&v),
            "metadata:\n  creationTimestamp: \"2025-05-05T10:14:03Z\"\n  labels:\n    app: nginx\n  name: web-0\n  resourceVersion: \"1234\"\nspec:\n  containers:\n  - args:\n    - --a\n    - '*'\n    name: nginx\n    ports:\n    - containerPort: 80\n  empty: {}\n  list: []\nstatus:\n  message: 'containers with unready status: [nginx]'\n  \"on\": \"yes\"\n  phase: Running\n"
        );
    }

    #[test]
    fn multiline_and_long_strings() {
        let v = json!({"a": "line1\nline2\n", "b": "x".repeat(10) + &" word".repeat(20)});
        let y = to_yaml(&v);
        assert!(
            y.starts_with("a: |\n  line1\n  line2\nb: xxxxxxxxxx word"),
            "{y}"
        );
        assert!(y.contains("\n  word"), "folded: {y}");
    }
}
