//! Container images as the node sees them: whether a reference parses, and which pulls fail.
//!
//! The container runtime is Docker Engine behind cri-dockerd, minikube's default (hence the
//! `docker://` container IDs and `docker-pullable://` image IDs the kubelet reports).
//!
//! - `parse` is `ParseNormalizedNamed` of github.com/distribution/reference v0.6 (grammar and
//!   error texts), which the kubelet's `applyDefaultImageTag` (pkg/kubelet/images/
//!   image_manager.go) reaches through `parsers.ParseImageName`. A reference it rejects is
//!   `InvalidImageName` and is never pulled.
//! - `pull_error` is the registry: the error text Docker answers a pull with, or `None` for a
//!   pull that works. There is no network here, so "does not exist" is a rule: an image whose
//!   repository path (registry host excluded) or tag contains one of `MISSING` does not exist.
//!   A matching repository is refused as Docker Hub refuses unknown repositories
//!   (moby `distribution/errors.go`); a matching tag is an unknown manifest. The kubelet
//!   reports these texts as they are: since Kubernetes 1.30 its CRI client strips the
//!   `rpc error: code = Unknown desc = ` prefix (k8s.io/cri-client `PullImage`).

/// Words that make an image "not exist" when its repository path or tag contains them.
pub const MISSING: [&str; 10] = [
    "does-not-exist",
    "doesnotexist",
    "nonexistent",
    "non-existent",
    "notfound",
    "not-found",
    "missing",
    "broken",
    "bogus",
    "typo",
];

/// A parsed, normalized image reference (`docker.io/library/nginx:1.27`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    pub domain: String,
    pub path: String,
    pub tag: Option<String>,
    pub digest: Option<String>,
}

impl Reference {
    /// `reference.FamiliarName`: `nginx`, `bitnami/redis`, `registry.k8s.io/nginx-slim`.
    pub fn familiar_name(&self) -> String {
        if self.domain == "docker.io" {
            let path = match self.path.strip_prefix("library/") {
                Some(rest) if !rest.contains('/') => rest,
                _ => self.path.as_str(),
            };
            path.to_string()
        } else {
            format!("{}/{}", self.domain, self.path)
        }
    }

    /// `reference.FamiliarString` of what the runtime is asked to pull: the kubelet adds
    /// `:latest` to a reference with neither tag nor digest (`applyDefaultImageTag`), and
    /// Docker pulls by digest when there is one (`ParseDockerRef`).
    pub fn familiar_pull_string(&self) -> String {
        match (&self.tag, &self.digest) {
            (_, Some(d)) => format!("{}@{d}", self.familiar_name()),
            (Some(t), None) => format!("{}:{t}", self.familiar_name()),
            (None, None) => format!("{}:latest", self.familiar_name()),
        }
    }
}

/// The kubelet's `InvalidImageName` message for `image`, if the reference does not parse
/// (`Failed to apply default image tag %q: %v` around `couldn't parse image name %q: %v`).
pub fn invalid_name_message(image: &str) -> Option<String> {
    let err = parse(image).err()?;
    let q = crate::go::quote(image);
    Some(format!(
        "Failed to apply default image tag {q}: couldn't parse image name {q}: {err}"
    ))
}

/// What the registry answers a pull of `image` with (Docker Engine's error text), or `None`
/// when the image exists. `forced` makes an existing image fail as an unknown manifest (the
/// `pull=fail` fault).
pub fn pull_error(image: &str, forced: bool) -> Option<String> {
    let r = parse(image).ok()?;
    let hit = |s: &str| {
        let s = s.to_ascii_lowercase();
        MISSING.iter().any(|w| s.contains(w))
    };
    if hit(&r.path) {
        return Some(format!(
            "Error response from daemon: pull access denied for {}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied",
            r.familiar_name()
        ));
    }
    if forced || r.tag.as_deref().is_some_and(hit) {
        // Google's registries (registry.k8s.io is served by Artifact Registry) word the
        // unknown manifest their own way; Docker Hub and distribution say "manifest unknown".
        let google = r.domain == "registry.k8s.io"
            || r.domain.ends_with("gcr.io")
            || r.domain.ends_with(".pkg.dev");
        let detail = if google {
            let wanted = r
                .digest
                .clone()
                .or_else(|| r.tag.clone())
                .unwrap_or_else(|| "latest".into());
            format!("Failed to fetch {}", crate::go::quote(&wanted))
        } else {
            "manifest unknown".to_string()
        };
        return Some(format!(
            "Error response from daemon: manifest for {} not found: manifest unknown: {detail}",
            r.familiar_pull_string()
        ));
    }
    None
}

/// `reference.ParseNormalizedNamed`.
pub fn parse(s: &str) -> Result<Reference, String> {
    if s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        return Err(format!(
            "invalid repository name ({s}), cannot specify 64-byte hexadecimal strings"
        ));
    }
    let (domain, remainder) = split_docker_domain(s);
    let remote = remainder.split(':').next().unwrap_or("");
    if remote.to_ascii_lowercase() != remote {
        return Err(format!(
            "invalid reference format: repository name ({remote}) must be lowercase"
        ));
    }
    parse_reference(&format!("{domain}/{remainder}"))
}

/// `splitDockerDomain`: the registry host (Docker Hub when the first element does not look
/// like one) and the repository path, `library/` added for Docker Hub's official images.
fn split_docker_domain(name: &str) -> (String, String) {
    let Some((first, rest)) = name.split_once('/') else {
        return ("docker.io".into(), format!("library/{name}"));
    };
    let (domain, remote) = if first == "index.docker.io" {
        ("docker.io", rest)
    } else if first == "localhost"
        || first.contains(['.', ':'])
        || first.to_ascii_lowercase() != first
    {
        (first, rest)
    } else {
        ("docker.io", name)
    };
    let remote = if domain == "docker.io" && !remote.contains('/') {
        format!("library/{remote}")
    } else {
        remote.to_string()
    };
    (domain.to_string(), remote)
}

/// `reference.Parse` on a string that carries its domain: `ReferenceRegexp`, then the
/// length limit and the digest check.
fn parse_reference(s: &str) -> Result<Reference, String> {
    let Some(r) = match_reference(s) else {
        if s.is_empty() {
            return Err("repository name must have at least one component".into());
        }
        if match_reference(&s.to_ascii_lowercase()).is_some() {
            return Err("repository name must be lowercase".into());
        }
        return Err("invalid reference format".into());
    };
    if r.path.len() > 255 {
        return Err("repository name must not be more than 255 characters".into());
    }
    if let Some(d) = &r.digest {
        validate_digest(d)?;
    }
    Ok(r)
}

/// `anchored(capture(namePat), optional(":" capture(tag)), optional("@" capture(digest)))`.
fn match_reference(s: &str) -> Option<Reference> {
    let (rest, digest) = match s.split_once('@') {
        Some((a, d)) => (a, Some(d)),
        None => (s, None),
    };
    if digest.is_some_and(|d| !is_digest_pattern(d)) {
        return None;
    }
    // A colon after the last slash starts the tag (a port's colon comes before a slash).
    let slash = rest.rfind('/');
    let (name, tag) = match rest.rfind(':') {
        Some(i) if slash.is_none_or(|j| i > j) => (&rest[..i], Some(&rest[i + 1..])),
        _ => (rest, None),
    };
    if tag.is_some_and(|t| !is_tag(t)) {
        return None;
    }
    let parts: Vec<&str> = name.split('/').collect();
    let (domain, path) = if parts.len() > 1
        && is_domain_and_port(parts[0])
        && parts[1..].iter().all(|p| is_path_component(p))
    {
        (parts[0].to_string(), parts[1..].join("/"))
    } else if parts.iter().all(|p| is_path_component(p)) {
        (String::new(), name.to_string())
    } else {
        return None;
    };
    Some(Reference {
        domain,
        path,
        tag: tag.map(str::to_string),
        digest: digest.map(str::to_string),
    })
}

/// `alphanumeric (separator alphanumeric)*` with `[a-z0-9]+` and `[._]|__|[-]+`.
fn is_path_component(s: &str) -> bool {
    let b = s.as_bytes();
    let alnum = |c: u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    if b.is_empty() || !alnum(b[0]) || !alnum(b[b.len() - 1]) {
        return false;
    }
    let mut i = 0;
    while i < b.len() {
        if alnum(b[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && !alnum(b[i]) {
            i += 1;
        }
        let sep = &s[start..i];
        let ok = matches!(sep, "." | "_" | "__") || sep.bytes().all(|c| c == b'-');
        if !ok {
            return false;
        }
    }
    true
}

/// `host optionalPort`: a DNS name or a bracketed IPv6 address, then `:port`.
fn is_domain_and_port(s: &str) -> bool {
    let port_ok = |p: &str| !p.is_empty() && p.bytes().all(|c| c.is_ascii_digit());
    if let Some(rest) = s.strip_prefix('[') {
        let Some((inner, after)) = rest.split_once(']') else {
            return false;
        };
        let address_ok =
            !inner.is_empty() && inner.bytes().all(|c| c.is_ascii_hexdigit() || c == b':');
        return address_ok && (after.is_empty() || after.strip_prefix(':').is_some_and(port_ok));
    }
    let (host, port) = match s.split_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (s, None),
    };
    let label_ok = |c: &str| {
        let b = c.as_bytes();
        !b.is_empty()
            && b[0].is_ascii_alphanumeric()
            && b[b.len() - 1].is_ascii_alphanumeric()
            && b.iter().all(|x| x.is_ascii_alphanumeric() || *x == b'-')
    };
    port.is_none_or(port_ok) && host.split('.').all(label_ok)
}

/// `[\w][\w.-]{0,127}`.
fn is_tag(t: &str) -> bool {
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let b = t.as_bytes();
    !b.is_empty()
        && b.len() <= 128
        && word(b[0])
        && b.iter().all(|c| word(*c) || *c == b'.' || *c == b'-')
}

/// `[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][[:xdigit:]]{32,}`.
fn is_digest_pattern(d: &str) -> bool {
    let Some((alg, hex)) = d.split_once(':') else {
        return false;
    };
    let alg_ok = alg.split(['-', '_', '+', '.']).all(|c| {
        let b = c.as_bytes();
        !b.is_empty() && b[0].is_ascii_alphabetic() && b.iter().all(u8::is_ascii_alphanumeric)
    });
    alg_ok && hex.len() >= 32 && hex.bytes().all(|c| c.is_ascii_hexdigit())
}

/// go-digest's `Digest.Validate` (sha256, sha384 and sha512 are available in the kubelet).
fn validate_digest(d: &str) -> Result<(), String> {
    let (alg, hex) = d.split_once(':').unwrap_or((d, ""));
    let size = match alg {
        "sha256" => 32,
        "sha384" => 48,
        "sha512" => 64,
        _ => return Err("unsupported digest algorithm".into()),
    };
    if hex.len() != size * 2 {
        return Err("invalid checksum digest length".into());
    }
    if !hex
        .bytes()
        .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c))
    {
        return Err("invalid checksum digest format".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_like_docker() {
        let r = parse("nginx").expect("parses");
        assert_eq!(
            (r.domain.as_str(), r.path.as_str()),
            ("docker.io", "library/nginx")
        );
        assert_eq!(r.familiar_pull_string(), "nginx:latest");
        let r = parse("registry.k8s.io/nginx-slim:0.24").expect("parses");
        assert_eq!(r.familiar_name(), "registry.k8s.io/nginx-slim");
        assert_eq!(r.tag.as_deref(), Some("0.24"));
        let r = parse("localhost:5000/app:v1").expect("parses");
        assert_eq!(
            (r.domain.as_str(), r.path.as_str()),
            ("localhost:5000", "app")
        );
        let r = parse("bitnami/redis:7").expect("parses");
        assert_eq!(r.familiar_name(), "bitnami/redis");
        assert!(parse("my_org/app__x--y.z:1.0-rc_1").is_ok());
    }

    #[test]
    fn rejects_what_distribution_rejects() {
        let bad = |s: &str| parse(s).err().unwrap_or_default();
        assert_eq!(
            bad("Nginx:1.27"),
            "invalid reference format: repository name (library/Nginx) must be lowercase"
        );
        assert_eq!(bad("nginx: 1.27"), "invalid reference format");
        assert_eq!(bad("nginx:1.27 "), "invalid reference format");
        assert_eq!(bad("ngi$nx"), "invalid reference format");
        assert_eq!(bad("nginx::1"), "invalid reference format");
        assert_eq!(bad("nginx@sha256:abc"), "invalid reference format");
        assert_eq!(
            bad(&format!("nginx@sha256:{}", "a".repeat(63))),
            "invalid checksum digest length"
        );
        assert_eq!(
            bad(&"a".repeat(64)),
            format!(
                "invalid repository name ({}), cannot specify 64-byte hexadecimal strings",
                "a".repeat(64)
            )
        );
        assert!(parse(&format!("nginx@sha256:{}", "a".repeat(64))).is_ok());
        assert!(parse(&format!("nginx:1.27@sha256:{}", "0".repeat(64))).is_ok());
        assert!(parse("[::1]:5000/app").is_ok());
    }

    #[test]
    fn kubelet_message_for_an_invalid_name() {
        assert_eq!(
            invalid_name_message("Nginx:1.27").as_deref(),
            Some(
                "Failed to apply default image tag \"Nginx:1.27\": couldn't parse image name \"Nginx:1.27\": invalid reference format: repository name (library/Nginx) must be lowercase"
            )
        );
        assert_eq!(invalid_name_message("nginx:1.27"), None);
    }

    #[test]
    fn which_pulls_fail() {
        assert_eq!(pull_error("nginx:1.27", false), None);
        assert_eq!(
            pull_error("nginx:does-not-exist", false).as_deref(),
            Some(
                "Error response from daemon: manifest for nginx:does-not-exist not found: manifest unknown: manifest unknown"
            )
        );
        assert_eq!(
            pull_error("registry.k8s.io/nginx-slim:does-not-exist", false).as_deref(),
            Some(
                "Error response from daemon: manifest for registry.k8s.io/nginx-slim:does-not-exist not found: manifest unknown: Failed to fetch \"does-not-exist\""
            )
        );
        assert_eq!(
            pull_error("myorg/typo-app:1.0", false).as_deref(),
            Some(
                "Error response from daemon: pull access denied for myorg/typo-app, repository does not exist or may require 'docker login': denied: requested access to the resource is denied"
            )
        );
        assert_eq!(
            pull_error("nginx:1.27", true).as_deref(),
            Some(
                "Error response from daemon: manifest for nginx:1.27 not found: manifest unknown: manifest unknown"
            )
        );
        // The registry host is not part of the rule; an invalid name is not pulled at all.
        assert_eq!(pull_error("missing.example.com/app:1", false), None);
        assert_eq!(pull_error("Broken:1", false), None);
    }
}
