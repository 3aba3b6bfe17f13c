//! Structured inputs for the fuzz targets: StatefulSet manifests built from `arbitrary` data,
//! with the fields that shape names and ordinals fuzzed towards their edges (i32 and i64
//! limits, negatives, floats, quoted numbers, names that break DNS rules or carry markup).

use arbitrary::{Arbitrary, Result, Unstructured};
use std::fmt::Write;

/// An integer field, as written in YAML.
#[derive(Arbitrary, Clone, Debug, PartialEq)]
pub enum Num {
    Small(u8),
    Negative(u8),
    I32Max,
    BelowI32Max(u8),
    I32Min,
    AboveI32Min(u8),
    AboveI32Max(u8),
    I64Max,
    I64Min,
    Any(i64),
    /// Not an integer: `1.5`, `"3"`, `0x10`, `1e3`, `~`, `.inf`, `- 1`.
    Odd(u8),
}

impl Num {
    /// The YAML plain or quoted scalar.
    pub fn yaml(&self) -> String {
        match self {
            Num::Small(n) => n.to_string(),
            Num::Negative(n) => (-i64::from(*n) - 1).to_string(),
            Num::I32Max => i32::MAX.to_string(),
            Num::BelowI32Max(n) => (i64::from(i32::MAX) - i64::from(*n)).to_string(),
            Num::I32Min => i32::MIN.to_string(),
            Num::AboveI32Min(n) => (i64::from(i32::MIN) + i64::from(*n)).to_string(),
            Num::AboveI32Max(n) => (i64::from(i32::MAX) + 1 + i64::from(*n)).to_string(),
            Num::I64Max => i64::MAX.to_string(),
            Num::I64Min => i64::MIN.to_string(),
            Num::Any(n) => n.to_string(),
            Num::Odd(k) => [
                "1.5",
                "\"3\"",
                "0x10",
                "0o17",
                "017",
                "1e3",
                "~",
                ".inf",
                "-.inf",
                ".nan",
                "3.0",
                "true",
                "+2",
                "1_000",
                "99999999999999999999999",
                "[]",
                "{}",
            ][usize::from(*k) % 17]
                .to_string(),
        }
    }

    /// The value when it is a decimal integer (what the API's int32 fields read).
    pub fn int(&self) -> Option<i64> {
        match self {
            Num::Odd(_) => None,
            _ => self.yaml().parse().ok(),
        }
    }

    /// A small value (0 to `max`), for inputs that must stay cheap to simulate.
    pub fn bounded(&self, max: u8) -> i64 {
        let m = i64::from(max) + 1;
        match self {
            Num::Small(n) | Num::BelowI32Max(n) | Num::AboveI32Min(n) | Num::AboveI32Max(n) => {
                i64::from(*n) % m
            }
            Num::Any(n) => n.rem_euclid(m),
            _ => 0,
        }
    }
}

const WORDS: [&str; 24] = [
    "web",
    "db",
    "nginx",
    "www",
    "data",
    "a",
    "web-1",
    "x0",
    "Web",
    "-web",
    "web-",
    "a.b",
    "",
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    "web_1",
    "10",
    "<script>alert(1)</script>",
    "web\u{7}",
    "wéb",
    "web\nweb",
    "\"quoted\"",
    "a&b",
    "kube-system",
];

/// A name or label value.
#[derive(Arbitrary, Clone, Debug, PartialEq)]
pub enum Name {
    Word(u8),
    Text(String),
}

impl Name {
    pub fn text(&self) -> String {
        match self {
            Name::Word(i) => WORDS[usize::from(*i) % WORDS.len()].to_string(),
            Name::Text(s) => s.chars().take(80).collect(),
        }
    }

    /// As a YAML double-quoted scalar (JSON's string syntax is YAML's).
    pub fn yaml(&self) -> String {
        serde_json::to_string(&self.text()).unwrap_or_default()
    }

    /// A DNS-1123 label among a few (for inputs that must stay valid).
    pub fn label(&self) -> &'static str {
        const OK: [&str; 6] = ["web", "db", "a", "web-1", "x0", "nginx"];
        let i = match self {
            Name::Word(i) => usize::from(*i),
            Name::Text(s) => s.len(),
        };
        OK[i % OK.len()]
    }
}

/// What governs the set's DNS names.
#[derive(Arbitrary, Clone, Copy, Debug, PartialEq)]
pub enum Governing {
    None,
    Headless,
    ClusterIp,
    OtherSelector,
    OtherNamespace,
}

/// A StatefulSet (and maybe its Service) with fuzzed fields.
#[derive(Clone, Debug, PartialEq)]
pub struct Sts {
    pub name: Name,
    pub namespace: Option<Name>,
    pub replicas: Option<Num>,
    pub start: Option<Num>,
    pub service_name: Option<Name>,
    /// Claim template names (at most four).
    pub templates: Vec<Name>,
    pub partition: Option<Num>,
    pub max_unavailable: Option<Num>,
    pub parallel: bool,
    pub on_delete: bool,
    pub min_ready: Option<Num>,
    pub image: Name,
    pub label: Name,
    pub governing: Governing,
    pub delete_claims: (bool, bool),
}

impl<'a> Arbitrary<'a> for Sts {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Sts> {
        let name = Name::arbitrary(u)?;
        let n = u.int_in_range(0..=4)?;
        let mut templates = Vec::with_capacity(n);
        for _ in 0..n {
            templates.push(Name::arbitrary(u)?);
        }
        Ok(Sts {
            name,
            namespace: Option::arbitrary(u)?,
            replicas: Option::arbitrary(u)?,
            start: Option::arbitrary(u)?,
            service_name: Option::arbitrary(u)?,
            templates,
            partition: Option::arbitrary(u)?,
            max_unavailable: Option::arbitrary(u)?,
            parallel: bool::arbitrary(u)?,
            on_delete: bool::arbitrary(u)?,
            min_ready: Option::arbitrary(u)?,
            image: Name::arbitrary(u)?,
            label: Name::arbitrary(u)?,
            governing: Governing::arbitrary(u)?,
            delete_claims: (bool::arbitrary(u)?, bool::arbitrary(u)?),
        })
    }
}

impl Sts {
    /// The manifest: the governing Service (unless `Governing::None`), then the StatefulSet.
    pub fn yaml(&self) -> String {
        let mut y = String::new();
        let svc = self
            .service_name
            .as_ref()
            .map_or_else(|| "\"nginx\"".to_string(), Name::yaml);
        let ns = self.namespace.as_ref().map(Name::yaml);
        let label = self.label.yaml();
        if self.governing != Governing::None {
            let _ = writeln!(y, "apiVersion: v1\nkind: Service\nmetadata:\n  name: {svc}");
            match (&ns, self.governing) {
                (_, Governing::OtherNamespace) => y.push_str("  namespace: elsewhere\n"),
                (Some(ns), _) => {
                    let _ = writeln!(y, "  namespace: {ns}");
                }
                _ => {}
            }
            y.push_str("spec:\n  ports:\n  - port: 80\n    name: web\n");
            if self.governing != Governing::ClusterIp {
                y.push_str("  clusterIP: None\n");
            }
            let sel = if self.governing == Governing::OtherSelector {
                "\"other\"".to_string()
            } else {
                label.clone()
            };
            let _ = writeln!(y, "  selector:\n    app: {sel}\n---");
        }
        let _ = writeln!(
            y,
            "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: {}",
            self.name.yaml()
        );
        if let Some(ns) = &ns {
            let _ = writeln!(y, "  namespace: {ns}");
        }
        let _ = writeln!(
            y,
            "spec:\n  selector:\n    matchLabels:\n      app: {label}"
        );
        if self.service_name.is_some() || self.governing != Governing::None {
            let _ = writeln!(y, "  serviceName: {svc}");
        }
        if let Some(r) = &self.replicas {
            let _ = writeln!(y, "  replicas: {}", r.yaml());
        }
        if let Some(s) = &self.start {
            let _ = writeln!(y, "  ordinals:\n    start: {}", s.yaml());
        }
        if self.parallel {
            y.push_str("  podManagementPolicy: Parallel\n");
        }
        if let Some(m) = &self.min_ready {
            let _ = writeln!(y, "  minReadySeconds: {}", m.yaml());
        }
        if self.on_delete {
            y.push_str("  updateStrategy:\n    type: OnDelete\n");
        } else if self.partition.is_some() || self.max_unavailable.is_some() {
            y.push_str("  updateStrategy:\n    type: RollingUpdate\n    rollingUpdate:\n");
            if let Some(p) = &self.partition {
                let _ = writeln!(y, "      partition: {}", p.yaml());
            }
            if let Some(m) = &self.max_unavailable {
                let _ = writeln!(y, "      maxUnavailable: {}", m.yaml());
            }
        }
        if self.delete_claims != (false, false) {
            let policy = |d: bool| if d { "Delete" } else { "Retain" };
            let _ = writeln!(
                y,
                "  persistentVolumeClaimRetentionPolicy:\n    whenDeleted: {}\n    whenScaled: {}",
                policy(self.delete_claims.0),
                policy(self.delete_claims.1)
            );
        }
        let _ = writeln!(
            y,
            "  template:\n    metadata:\n      labels:\n        app: {label}\n    spec:\n      containers:\n      - name: nginx\n        image: {}\n        ports:\n        - containerPort: 80\n          name: web",
            self.image.yaml()
        );
        if !self.templates.is_empty() {
            y.push_str("        volumeMounts:\n");
            for (i, t) in self.templates.iter().enumerate() {
                let _ = writeln!(
                    y,
                    "        - name: {}\n          mountPath: /data/{i}",
                    t.yaml()
                );
            }
            y.push_str("  volumeClaimTemplates:\n");
            for t in &self.templates {
                let _ = writeln!(
                    y,
                    "  - metadata:\n      name: {}\n    spec:\n      accessModes: [\"ReadWriteOnce\"]\n      resources:\n        requests:\n          storage: 1Gi",
                    t.yaml()
                );
            }
        }
        y
    }

    /// The same set made cheap and valid to simulate: DNS-1123 names, at most `max` replicas,
    /// small ordinals and partition.
    pub fn tame(&self, max: u8) -> Sts {
        let small = |n: &Option<Num>, m: u8| n.as_ref().map(|n| Num::Small(n.bounded(m) as u8));
        let mut templates: Vec<Name> = self
            .templates
            .iter()
            .take(2)
            .map(|t| Name::Word(WORDS.iter().position(|w| *w == t.label()).unwrap_or(0) as u8))
            .collect();
        let mut seen = Vec::new();
        templates.retain(|t| {
            let fresh = !seen.contains(t);
            seen.push(t.clone());
            fresh
        });
        let word =
            |n: &Name| Name::Word(WORDS.iter().position(|w| *w == n.label()).unwrap_or(0) as u8);
        Sts {
            name: word(&self.name),
            namespace: None,
            replicas: Some(Num::Small(
                self.replicas.as_ref().map_or(1, |r| r.bounded(max)) as u8,
            )),
            start: small(&self.start, 5),
            service_name: Some(Name::Word(2)),
            templates,
            partition: small(&self.partition, max),
            max_unavailable: self
                .max_unavailable
                .as_ref()
                .map(|m| Num::Small(m.bounded(3) as u8 + 1)),
            parallel: self.parallel,
            on_delete: self.on_delete,
            min_ready: small(&self.min_ready, 3),
            image: Name::Word(2),
            label: word(&self.label),
            governing: match self.governing {
                Governing::None | Governing::OtherNamespace => Governing::Headless,
                g => g,
            },
            delete_claims: self.delete_claims,
        }
    }
}

/// One change between two versions of a StatefulSet (for the update check).
#[derive(Arbitrary, Clone, Debug)]
pub enum Change {
    Replicas(Option<Num>),
    Start(Option<Num>),
    Partition(Option<Num>),
    MaxUnavailable(Option<Num>),
    Image(Name),
    Label(Name),
    ServiceName(Option<Name>),
    Templates(Vec<Name>),
    Parallel(bool),
    OnDelete(bool),
    MinReady(Option<Num>),
    Namespace(Option<Name>),
    Name(Name),
    DeleteClaims(bool, bool),
}

impl Change {
    pub fn apply(&self, s: &mut Sts) {
        match self.clone() {
            Change::Replicas(n) => s.replicas = n,
            Change::Start(n) => s.start = n,
            Change::Partition(n) => s.partition = n,
            Change::MaxUnavailable(n) => s.max_unavailable = n,
            Change::Image(n) => s.image = n,
            Change::Label(n) => s.label = n,
            Change::ServiceName(n) => s.service_name = n,
            Change::Templates(t) => s.templates = t.into_iter().take(4).collect(),
            Change::Parallel(b) => s.parallel = b,
            Change::OnDelete(b) => s.on_delete = b,
            Change::MinReady(n) => s.min_ready = n,
            Change::Namespace(n) => s.namespace = n,
            Change::Name(n) => s.name = n,
            Change::DeleteClaims(a, b) => s.delete_claims = (a, b),
        }
    }
}

/// Renders a chart's files as `helm template` would, with each Helm version, twice:
/// no panic, a failure always has a message, and both renders give the same bytes.
pub fn render_chart_twice(files: Vec<stsplay::helm::File>) {
    use stsplay::helm::{self, Version};
    for version in [Version::V4, Version::V3] {
        let Ok(chart) = helm::chart::load(files.clone(), version) else {
            continue;
        };
        let user = stsplay::gotmpl::Map::new(stsplay::gotmpl::MapKind::Any);
        let opts = helm::Options {
            version,
            fuel: 200_000,
            ..Default::default()
        };
        let first = helm::template::render_release(&chart, &user, &opts, false, &mut Vec::new());
        let second = helm::template::render_release(&chart, &user, &opts, false, &mut Vec::new());
        match (&first, &second) {
            (Ok(a), Ok(b)) => assert_eq!(a.manifest, b.manifest, "rendering is not deterministic"),
            (Err(a), Err(b)) => {
                assert!(!a.message.is_empty(), "a failure without a message");
                assert_eq!(a, b, "failures differ between runs");
            }
            _ => panic!("one render failed and the other did not"),
        }
    }
    // `helm lint` reads the same files through its own rules (the terminal's `helm lint`).
    let opts = stsplay::helm::lint::Options {
        user: stsplay::gotmpl::Map::new(stsplay::gotmpl::MapKind::Any),
        namespace: "default".into(),
        kube_version: None,
        skip_schema_validation: false,
        strict: false,
        quiet: false,
        fuel: 200_000,
        version: stsplay::helm::Version::V4,
    };
    let target = stsplay::helm::lint::Target {
        path: "f",
        files: Some(&files),
        absolute: "/f",
    };
    let (out, _) = stsplay::helm::lint::report(&[target], &opts, &mut Vec::new());
    assert!(
        out.starts_with("==> Linting f\n"),
        "a lint report without its heading"
    );
}
