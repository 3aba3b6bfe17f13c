//! Semantic versions and constraints as Masterminds/semver v3 reads them (what Helm's
//! `semverCompare`, `semver` and dependency and `kubeVersion` checks use): lenient versions
//! (`v1.2`, `1`), pre-releases, and constraints with `=`, `!=`, `<`, `<=`, `>`, `>=`, `~`, `^`,
//! wildcards, hyphen ranges, `,` (and) and `||` (or). A version with a pre-release only
//! satisfies a constraint that itself names a pre-release (`>=1.21-0`).

use std::cmp::Ordering;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Version {
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
    pub pre: String,
    pub metadata: String,
    /// The text it was parsed from (`Original()`).
    pub original: String,
}

/// Why `semver.NewVersion` refused a text.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Invalid {
    /// `ErrInvalidSemVer`: not a version at all.
    Syntax,
    /// `ErrSegmentStartsZero`: a numeric pre-release identifier with a leading zero
    /// (`1.2.3-01`); the numbers before it may have them (`01.2.3` is 1.2.3).
    SegmentStartsZero,
}

impl Version {
    /// `semver.NewVersion` (lenient): `None` when it is not a version.
    pub fn parse(s: &str) -> Option<Version> {
        Version::parse_checked(s).ok()
    }

    /// `semver.NewVersion`, with its reason for refusing a text.
    pub fn parse_checked(s: &str) -> Result<Version, Invalid> {
        let original = s.to_string();
        let body = s.strip_prefix('v').unwrap_or(s);
        let (body, metadata) = match body.split_once('+') {
            Some((b, m)) => (b, m.to_string()),
            None => (body, String::new()),
        };
        let (core, pre) = match body.split_once('-') {
            Some((c, p)) => (c, p.to_string()),
            None => (body, String::new()),
        };
        let ident_ok = |s: &str| {
            !s.is_empty()
                && s.split('.').all(|p| {
                    !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                })
        };
        if !pre.is_empty() && !ident_ok(&pre) || s.contains('+') && !ident_ok(&metadata) {
            return Err(Invalid::Syntax);
        }
        if body.ends_with('-') {
            return Err(Invalid::Syntax);
        }
        let parts: Vec<&str> = core.split('.').collect();
        if parts.is_empty() || parts.len() > 3 {
            return Err(Invalid::Syntax);
        }
        let mut nums = [0u64; 3];
        for (i, p) in parts.iter().enumerate() {
            if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(Invalid::Syntax);
            }
            nums[i] = p.parse().map_err(|_| Invalid::Syntax)?;
        }
        // Numeric pre-release identifiers may not have leading zeros (`validatePrerelease`).
        if !pre.is_empty()
            && pre
                .split('.')
                .any(|p| p.len() > 1 && p.starts_with('0') && p.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(Invalid::SegmentStartsZero);
        }
        Ok(Version {
            major: nums[0],
            minor: nums[1],
            patch: nums[2],
            pre,
            metadata,
            original,
        })
    }

    /// `Version.String()`: `1.2.3-pre+meta`, without a `v`.
    pub fn text(&self) -> String {
        let mut s = format!("{}.{}.{}", self.major, self.minor, self.patch);
        if !self.pre.is_empty() {
            s.push('-');
            s.push_str(&self.pre);
        }
        if !self.metadata.is_empty() {
            s.push('+');
            s.push_str(&self.metadata);
        }
        s
    }

    pub fn compare(&self, o: &Version) -> Ordering {
        (self.major, self.minor, self.patch)
            .cmp(&(o.major, o.minor, o.patch))
            .then_with(|| compare_pre(&self.pre, &o.pre))
    }
}

fn compare_pre(a: &str, b: &str) -> Ordering {
    match (a.is_empty(), b.is_empty()) {
        (true, true) => return Ordering::Equal,
        (true, false) => return Ordering::Greater,
        (false, true) => return Ordering::Less,
        _ => {}
    }
    let pa: Vec<&str> = a.split('.').collect();
    let pb: Vec<&str> = b.split('.').collect();
    for (x, y) in pa.iter().zip(&pb) {
        let nx = x
            .parse::<u64>()
            .ok()
            .filter(|_| x.bytes().all(|c| c.is_ascii_digit()));
        let ny = y
            .parse::<u64>()
            .ok()
            .filter(|_| y.bytes().all(|c| c.is_ascii_digit()));
        let o = match (nx, ny) {
            (Some(i), Some(j)) => i.cmp(&j),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => x.cmp(y),
        };
        if o != Ordering::Equal {
            return o;
        }
    }
    pa.len().cmp(&pb.len())
}

#[derive(Clone, Debug)]
struct Bound {
    op: Op,
    v: Version,
    /// Which parts were wildcards or absent (`1.2` leaves the patch open).
    minor_open: bool,
    patch_open: bool,
    major_open: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
    Tilde,
    Caret,
}

/// A parsed constraint: alternatives (`||`) of conjunctions.
#[derive(Clone, Debug)]
pub struct Constraints {
    groups: Vec<Vec<Bound>>,
}

impl Constraints {
    /// `semver.NewConstraint`; the error is the `||` alternative it could not read, as the
    /// library quotes it (`improper constraint: ...`, worded by `constraint_error`).
    pub fn parse(s: &str) -> Result<Constraints, String> {
        let mut groups = Vec::new();
        for raw in s.split("||") {
            let alt = expand_hyphens(raw.trim());
            let mut bounds = Vec::new();
            for part in split_and(&alt) {
                bounds.push(parse_bound(&part).ok_or_else(|| raw.to_string())?);
            }
            if bounds.is_empty() {
                return Err(raw.to_string());
            }
            groups.push(bounds);
        }
        Ok(Constraints { groups })
    }

    /// `Constraints.Check`.
    pub fn check(&self, v: &Version) -> bool {
        self.groups
            .iter()
            .any(|g| g.iter().all(|b| b.check(v)) && pre_allowed(g, v))
    }
}

/// A pre-release version passes only if some bound of the group names a pre-release of the
/// same major.minor.patch or the bound itself carries a pre-release.
fn pre_allowed(group: &[Bound], v: &Version) -> bool {
    if v.pre.is_empty() {
        return true;
    }
    group.iter().any(|b| !b.v.pre.is_empty())
}

fn expand_hyphens(s: &str) -> String {
    // `1.2 - 1.4.5` → `>=1.2, <=1.4.5`
    let words: Vec<&str> = s.split_whitespace().collect();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if i + 2 < words.len() && words[i + 1] == "-" {
            out.push(format!(">={}", words[i]));
            out.push(format!("<={}", words[i + 2]));
            i += 3;
        } else {
            out.push(words[i].to_string());
            i += 1;
        }
    }
    out.join(" ")
}

/// Splits on `,` and on spaces between bounds (`>= 1.2 < 2` keeps an operator with its
/// version).
fn split_and(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    for chunk in s.split(',') {
        let mut cur = String::new();
        for w in chunk.split_whitespace() {
            let is_op = w.chars().all(|c| "<>=!~^".contains(c));
            if !cur.is_empty() && !cur.chars().all(|c| "<>=!~^".contains(c)) {
                out.push(std::mem::take(&mut cur));
            }
            cur.push_str(w);
            let _ = is_op;
        }
        if !cur.is_empty() {
            out.push(cur);
        }
    }
    out
}

fn parse_bound(s: &str) -> Option<Bound> {
    let s = s.trim();
    let (op, rest) = [
        (">=", Op::Ge),
        ("=>", Op::Ge),
        ("<=", Op::Le),
        ("=<", Op::Le),
        ("!=", Op::Ne),
        ("~>", Op::Tilde),
        (">", Op::Gt),
        ("<", Op::Lt),
        ("=", Op::Eq),
        ("~", Op::Tilde),
        ("^", Op::Caret),
    ]
    .iter()
    .find_map(|(p, op)| s.strip_prefix(p).map(|r| (*op, r.trim())))
    .unwrap_or((Op::Eq, s));
    let body = rest.strip_prefix('v').unwrap_or(rest);
    let (core, tail) = match body.find(['-', '+']) {
        Some(i) => (&body[..i], &body[i..]),
        None => (body, ""),
    };
    let parts: Vec<&str> = core.split('.').collect();
    if parts.is_empty() || parts.len() > 3 {
        return None;
    }
    let wild = |p: &str| matches!(p, "x" | "X" | "*");
    let major_open = wild(parts[0]);
    let minor_open = parts.len() < 2 || wild(parts[1]) || major_open;
    let patch_open = parts.len() < 3 || wild(parts[2]) || minor_open;
    let num = |p: Option<&&str>| -> Option<u64> {
        match p {
            None => Some(0),
            Some(p) if wild(p) => Some(0),
            Some(p) => p.parse().ok(),
        }
    };
    let text = format!(
        "{}.{}.{}{tail}",
        num(parts.first())?,
        num(parts.get(1))?,
        num(parts.get(2))?
    );
    let v = Version::parse(&text)?;
    Some(Bound {
        op,
        v,
        minor_open,
        patch_open,
        major_open,
    })
}

impl Bound {
    fn check(&self, v: &Version) -> bool {
        let c = &self.v;
        let base = Version {
            pre: String::new(),
            metadata: String::new(),
            ..v.clone()
        };
        let next_minor = || Version::parse(&format!("{}.{}.0", c.major, c.minor + 1));
        let next_major = || Version::parse(&format!("{}.0.0", c.major + 1));
        match self.op {
            Op::Eq | Op::Ne => {
                let eq = if self.major_open {
                    true
                } else if self.minor_open {
                    v.major == c.major
                } else if self.patch_open {
                    v.major == c.major && v.minor == c.minor
                } else {
                    v.compare(c) == Ordering::Equal
                };
                if self.op == Op::Eq { eq } else { !eq }
            }
            Op::Gt => {
                if self.major_open {
                    return false;
                }
                if self.minor_open {
                    return v.major > c.major;
                }
                if self.patch_open {
                    return v.major > c.major || v.major == c.major && v.minor > c.minor;
                }
                v.compare(c) == Ordering::Greater
            }
            Op::Ge => self.major_open || v.compare(c) != Ordering::Less,
            Op::Lt => !self.major_open && v.compare(c) == Ordering::Less,
            Op::Le => {
                if self.major_open {
                    return true;
                }
                if self.minor_open {
                    return v.major <= c.major;
                }
                if self.patch_open {
                    return v.major < c.major || v.major == c.major && v.minor <= c.minor;
                }
                v.compare(c) != Ordering::Greater
            }
            Op::Tilde => {
                if v.compare(c) == Ordering::Less {
                    return false;
                }
                let upper = if self.minor_open && !self.major_open {
                    next_major()
                } else {
                    next_minor()
                };
                if self.major_open {
                    return true;
                }
                upper.is_some_and(|u| base.compare(&u) == Ordering::Less)
            }
            Op::Caret => {
                if self.major_open {
                    return true;
                }
                if v.compare(c) == Ordering::Less {
                    return false;
                }
                let upper = if c.major > 0 || self.minor_open {
                    next_major()
                } else if c.minor > 0 || self.patch_open {
                    next_minor()
                } else {
                    Version::parse(&format!("0.0.{}", c.patch + 1))
                };
                upper.is_some_and(|u| base.compare(&u) == Ordering::Less)
            }
        }
    }
}
