//! Charts as Helm loads them (`pkg/chart/v2/loader`, helm v4.2.3): a directory's files (minus
//! `.helmignore` matches and `templates/.*`) or a `.tgz` from `helm package`, sorted into
//! `Chart.yaml`, `values.yaml`, templates, subcharts under `charts/` and plain files; the
//! metadata decoded with Go's JSON types and checked as `Metadata.Validate` checks it.

use super::{Version, semver, values};
use crate::gotmpl::{Map, MapKind, Value};
use std::collections::BTreeMap;
use std::rc::Rc;

/// Largest decompressed chart Helm accepts (`MaxDecompressedChartSize`, 100 MiB); we keep a
/// tighter budget, since everything runs in a browser tab.
pub const MAX_CHART_BYTES: usize = 32 * 1024 * 1024;
/// Largest single file (`MaxDecompressedFileSize`).
pub const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;

/// A file of a chart, its path relative to the chart's root with `/` separators.
#[derive(Clone, Debug, PartialEq)]
pub struct File {
    pub name: String,
    pub data: Rc<[u8]>,
}

impl File {
    pub fn new(name: impl Into<String>, data: impl Into<Vec<u8>>) -> File {
        File {
            name: name.into(),
            data: Rc::from(data.into()),
        }
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.data).into_owned()
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Maintainer {
    pub name: String,
    pub email: String,
    pub url: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dependency {
    pub name: String,
    pub version: String,
    pub repository: String,
    pub condition: String,
    pub tags: Vec<String>,
    pub enabled: bool,
    pub import_values: Vec<Value>,
    pub alias: String,
}

/// `Chart.yaml` (`chart.Metadata`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Metadata {
    pub name: String,
    pub home: String,
    pub sources: Vec<String>,
    pub version: String,
    pub description: String,
    pub keywords: Vec<String>,
    pub maintainers: Vec<Maintainer>,
    pub icon: String,
    pub api_version: String,
    pub condition: String,
    pub tags: String,
    pub app_version: String,
    pub deprecated: bool,
    pub annotations: BTreeMap<String, String>,
    pub kube_version: String,
    pub dependencies: Vec<Dependency>,
    pub kind: String,
}

/// A loaded chart.
#[derive(Clone, Debug)]
pub struct Chart {
    pub metadata: Metadata,
    /// The chart's default values.
    pub values: Map,
    /// `values.yaml` as written (for locating values).
    pub values_text: String,
    pub templates: Vec<File>,
    /// Every other file (`.Files`), including `crds/`, `README.md`, `.helmignore`.
    pub files: Vec<File>,
    pub dependencies: Vec<Chart>,
    pub schema: Option<Rc<[u8]>>,
}

impl PartialEq for Chart {
    fn eq(&self, other: &Chart) -> bool {
        self.metadata == other.metadata
            && self.templates == other.templates
            && self.files == other.files
            && self.dependencies == other.dependencies
    }
}

impl Chart {
    pub fn name(&self) -> &str {
        &self.metadata.name
    }
    pub fn is_library(&self) -> bool {
        self.metadata.kind == "library"
    }
    /// `crds/*` files of this chart (not templated).
    pub fn crds(&self) -> Vec<&File> {
        self.files
            .iter()
            .filter(|f| f.name.starts_with("crds/") && has_crd_ext(&f.name))
            .collect()
    }

    /// `CRDObjects`: the `crds/` files of this chart, then its subcharts', each with the path
    /// helm calls its `Filename` (`web/charts/db/crds/x.yaml`).
    pub fn crd_objects(&self) -> Vec<(String, &File)> {
        fn walk<'c>(c: &'c Chart, parent: Option<&str>, out: &mut Vec<(String, &'c File)>) {
            let full = match parent {
                None => c.name().to_string(),
                Some(p) => format!("{p}/charts/{}", c.name()),
            };
            out.extend(
                c.crds()
                    .into_iter()
                    .map(|f| (format!("{full}/{}", f.name), f)),
            );
            for d in &c.dependencies {
                walk(d, Some(&full), out);
            }
        }
        let mut out = Vec::new();
        walk(self, None, &mut out);
        out
    }
}

fn has_crd_ext(name: &str) -> bool {
    name.ends_with(".yaml") || name.ends_with(".yml") || name.ends_with(".json")
}

impl values::Coalescible for Chart {
    fn name(&self) -> &str {
        &self.metadata.name
    }
    fn defaults(&self) -> &Map {
        &self.values
    }
    fn subcharts(&self) -> Vec<&Chart> {
        self.dependencies.iter().collect()
    }
}

/// The `.helmignore` rules of a chart directory (`pkg/ignore/rules.go`).
pub struct Ignore {
    patterns: Vec<Pattern>,
}

struct Pattern {
    negate: bool,
    must_dir: bool,
    anchored: bool,
    structural: bool,
    glob: String,
}

impl Ignore {
    /// Parses `.helmignore`, then adds Helm's default `templates/.?*`.
    pub fn parse(text: &str) -> Result<Ignore, String> {
        let mut r = Ignore {
            patterns: Vec::new(),
        };
        for line in text.lines() {
            let rule = line.trim();
            if rule.is_empty() || rule.starts_with('#') {
                continue;
            }
            if rule.contains("**") {
                return Err("double-star (**) syntax is not supported".into());
            }
            if glob_match(rule, "abc").is_err() {
                return Err("syntax error in pattern".into());
            }
            r.add(rule);
        }
        r.add("templates/.?*");
        Ok(r)
    }

    fn add(&mut self, rule: &str) {
        let mut rule = rule;
        let negate = rule.starts_with('!');
        if negate {
            rule = &rule[1..];
        }
        let must_dir = rule.ends_with('/');
        if must_dir {
            rule = &rule[..rule.len() - 1];
        }
        let anchored = rule.starts_with('/');
        if anchored {
            rule = &rule[1..];
        }
        self.patterns.push(Pattern {
            negate,
            must_dir,
            anchored,
            structural: rule.contains('/'),
            glob: rule.to_string(),
        });
    }

    /// `Rules.Ignore`: note Helm's reading of negations, where a path that does not match a
    /// `!rule` is ignored.
    pub fn ignores(&self, path: &str, is_dir: bool) -> bool {
        if path.is_empty() || path == "." || path == "./" {
            return false;
        }
        for p in &self.patterns {
            let target = if p.anchored || p.structural {
                path
            } else {
                path.rsplit('/').next().unwrap_or(path)
            };
            let matched = glob_match(&p.glob, target).unwrap_or(false);
            if p.negate {
                if p.must_dir && !is_dir {
                    return true;
                }
                if !matched {
                    return true;
                }
                continue;
            }
            if p.must_dir && !is_dir {
                continue;
            }
            if matched {
                return true;
            }
        }
        false
    }
}

/// A malformed glob (`filepath.ErrBadPattern`: `syntax error in pattern`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BadPattern;

/// Go's `filepath.Match` (`*`, `?`, `[...]`, `\` escapes; `*` does not cross `/`).
pub fn glob_match(pattern: &str, name: &str) -> Result<bool, BadPattern> {
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    match_from(&p, &n, 0)
}

fn match_from(p: &[char], n: &[char], depth: usize) -> Result<bool, BadPattern> {
    if depth > 64 {
        return Ok(false);
    }
    let (mut pi, mut ni) = (0, 0);
    while pi < p.len() {
        match p[pi] {
            '*' => {
                while pi < p.len() && p[pi] == '*' {
                    pi += 1;
                }
                if pi == p.len() {
                    return Ok(!n[ni..].contains(&'/'));
                }
                let mut k = ni;
                loop {
                    if match_from(&p[pi..], &n[k..], depth + 1)? {
                        return Ok(true);
                    }
                    if k >= n.len() || n[k] == '/' {
                        // Validate the rest of the pattern for syntax errors.
                        check_syntax(&p[pi..])?;
                        return Ok(false);
                    }
                    k += 1;
                }
            }
            '?' => {
                if ni >= n.len() || n[ni] == '/' {
                    check_syntax(&p[pi + 1..])?;
                    return Ok(false);
                }
                pi += 1;
                ni += 1;
            }
            '[' => {
                let (ok, next) = class_match(p, pi, n.get(ni).copied())?;
                if !ok || ni >= n.len() {
                    check_syntax(&p[next..])?;
                    return Ok(false);
                }
                pi = next;
                ni += 1;
            }
            '\\' => {
                let Some(&c) = p.get(pi + 1) else {
                    return Err(BadPattern);
                };
                if n.get(ni) != Some(&c) {
                    return Ok(false);
                }
                pi += 2;
                ni += 1;
            }
            c => {
                if n.get(ni) != Some(&c) {
                    check_syntax(&p[pi..])?;
                    return Ok(false);
                }
                pi += 1;
                ni += 1;
            }
        }
    }
    Ok(ni == n.len())
}

fn check_syntax(p: &[char]) -> Result<(), BadPattern> {
    let mut i = 0;
    while i < p.len() {
        match p[i] {
            '\\' => {
                if i + 1 >= p.len() {
                    return Err(BadPattern);
                }
                i += 2;
            }
            '[' => {
                let (_, next) = class_match(p, i, Some('a'))?;
                i = next;
            }
            _ => i += 1,
        }
    }
    Ok(())
}

/// A `[...]` class at `p[start]`; returns whether `c` is in it and the index after it.
fn class_match(p: &[char], start: usize, c: Option<char>) -> Result<(bool, usize), BadPattern> {
    let mut i = start + 1;
    let negated = p.get(i) == Some(&'^');
    if negated {
        i += 1;
    }
    let mut matched = false;
    let mut first = true;
    loop {
        let Some(&lo) = p.get(i) else {
            return Err(BadPattern);
        };
        if lo == ']' && !first {
            i += 1;
            break;
        }
        first = false;
        let mut lo = lo;
        if lo == '\\' {
            i += 1;
            lo = *p.get(i).ok_or(BadPattern)?;
        } else if lo == '-' || lo == ']' && !first {
            return Err(BadPattern);
        }
        i += 1;
        let mut hi = lo;
        if p.get(i) == Some(&'-') && p.get(i + 1).is_some_and(|c| *c != ']') {
            i += 1;
            hi = *p.get(i).ok_or(BadPattern)?;
            if hi == '\\' {
                i += 1;
                hi = *p.get(i).ok_or(BadPattern)?;
            }
            i += 1;
        }
        if let Some(c) = c
            && lo <= c
            && c <= hi
        {
            matched = true;
        }
    }
    Ok((matched != negated && c.is_some_and(|c| c != '/'), i))
}

/// A chart given as files: a directory's contents (paths relative to the chart root) or
/// the entries of a `.tgz`.
#[derive(Clone, Debug, Default)]
pub struct Source {
    pub files: Vec<File>,
}

/// The files of a chart directory after `.helmignore` (`loader.LoadDir`); `entries` are all
/// regular files under the directory, relative paths with `/`.
pub fn from_directory(entries: Vec<File>) -> Result<Vec<File>, String> {
    let rules = match entries.iter().find(|f| f.name == ".helmignore") {
        Some(f) => Ignore::parse(&f.text())?,
        None => Ignore::parse("")?,
    };
    let mut entries = entries;
    entries.sort_by(|a, b| walk_order(&a.name, &b.name));
    let mut out = Vec::new();
    'files: for f in entries {
        // A directory that is ignored hides everything under it.
        let parts: Vec<&str> = f.name.split('/').collect();
        for i in 1..parts.len() {
            if rules.ignores(&parts[..i].join("/"), true) {
                continue 'files;
            }
        }
        if rules.ignores(&f.name, false) {
            continue;
        }
        if f.data.len() > MAX_FILE_BYTES {
            return Err(format!(
                "chart file {} is larger than the maximum file size {MAX_FILE_BYTES}",
                crate::go::quote(parts.last().copied().unwrap_or_default())
            ));
        }
        let data = f
            .data
            .strip_prefix(b"\xef\xbb\xbf")
            .unwrap_or(&f.data)
            .to_vec();
        out.push(File::new(f.name, data));
    }
    Ok(out)
}

/// `filepath.Walk` order: entries of a directory sorted by name, depth first.
fn walk_order(a: &str, b: &str) -> std::cmp::Ordering {
    let pa: Vec<&str> = a.split('/').collect();
    let pb: Vec<&str> = b.split('/').collect();
    for (x, y) in pa.iter().zip(&pb) {
        if x != y {
            return x.cmp(y);
        }
    }
    pa.len().cmp(&pb.len())
}

/// `LoadArchiveFiles`: the files of a gzipped tar, without the top directory.
pub fn from_archive(bytes: &[u8]) -> Result<Vec<File>, String> {
    let tar = gunzip(bytes)?;
    let mut files = Vec::new();
    let mut pos = 0usize;
    let mut long_name: Option<String> = None;
    let mut remaining = MAX_CHART_BYTES;
    while pos + 512 <= tar.len() {
        let h = &tar[pos..pos + 512];
        if h.iter().all(|b| *b == 0) {
            break;
        }
        let field = |a: usize, b: usize| {
            let s = &h[a..b];
            let end = s.iter().position(|c| *c == 0).unwrap_or(s.len());
            String::from_utf8_lossy(&s[..end]).into_owned()
        };
        let size_text = field(124, 136);
        let size = usize::from_str_radix(size_text.trim(), 8)
            .map_err(|_| "archive/tar: invalid tar header".to_string())?;
        let typeflag = h[156];
        let mut name = field(0, 100);
        let prefix = field(345, 500);
        if h[257..262] == *b"ustar" && !prefix.is_empty() {
            name = format!("{prefix}/{name}");
        }
        let data_start = pos + 512;
        let data_end = data_start
            .checked_add(size)
            .filter(|e| *e <= tar.len())
            .ok_or_else(|| "unexpected EOF".to_string())?;
        let data = &tar[data_start..data_end];
        pos = data_start + size.div_ceil(512) * 512;
        match typeflag {
            b'x' => {
                long_name = pax_path(data).or(long_name);
                continue;
            }
            b'g' => continue,
            b'L' => {
                let end = data.iter().position(|c| *c == 0).unwrap_or(data.len());
                long_name = Some(String::from_utf8_lossy(&data[..end]).into_owned());
                continue;
            }
            _ => {}
        }
        if let Some(n) = long_name.take() {
            name = n;
        }
        if typeflag == b'5' || name.ends_with('/') {
            continue;
        }
        let delimiter = if name.contains('\\') { '\\' } else { '/' };
        let parts: Vec<&str> = name.split(delimiter).collect();
        let n = parts[1..].join("/");
        if n.starts_with('/') {
            return Err("chart illegally contains absolute paths".into());
        }
        let n = clean_path(&n);
        if n == "." {
            return Err(format!(
                "chart illegally contains content outside the base directory: {}",
                crate::go::quote(&name)
            ));
        }
        if n.starts_with("..") {
            return Err("chart illegally references parent directory".into());
        }
        if parts[0] == "Chart.yaml" {
            return Err("chart yaml not in base directory".into());
        }
        if size > remaining {
            return Err(format!(
                "decompressed chart is larger than the maximum size {MAX_CHART_BYTES}"
            ));
        }
        if size > MAX_FILE_BYTES {
            return Err(format!(
                "decompressed chart file {} is larger than the maximum file size {MAX_FILE_BYTES}",
                crate::go::quote(&name)
            ));
        }
        remaining -= size;
        let data = data.strip_prefix(b"\xef\xbb\xbf").unwrap_or(data).to_vec();
        files.push(File::new(n, data));
    }
    if files.is_empty() {
        return Err("no files in chart archive".into());
    }
    Ok(files)
}

fn pax_path(data: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(data);
    let mut found = None;
    for rec in text.split('\n') {
        if let Some((_, kv)) = rec.split_once(' ')
            && let Some(v) = kv.strip_prefix("path=")
        {
            found = Some(v.to_string());
        }
    }
    found
}

/// `path.Clean`.
pub fn clean_path(p: &str) -> String {
    let rooted = p.starts_with('/');
    let mut out: Vec<&str> = Vec::new();
    for part in p.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if out.last().is_some_and(|l| *l != "..") {
                    out.pop();
                } else if !rooted {
                    out.push("..");
                }
            }
            x => out.push(x),
        }
    }
    let joined = out.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".into(),
        (false, false) => joined,
    }
}

/// Inflates a gzip stream (RFC 1952), bounded by the chart size budget.
pub fn gunzip(bytes: &[u8]) -> Result<Vec<u8>, String> {
    if bytes.len() < 18 || bytes[0] != 0x1f || bytes[1] != 0x8b {
        return Err("gzip: invalid header".into());
    }
    if bytes[2] != 8 {
        return Err("gzip: invalid header".into());
    }
    let flags = bytes[3];
    let mut pos = 10usize;
    if flags & 4 != 0 {
        let xlen = *bytes.get(pos).ok_or("unexpected EOF")? as usize
            | (*bytes.get(pos + 1).ok_or("unexpected EOF")? as usize) << 8;
        pos += 2 + xlen;
    }
    for bit in [8u8, 16] {
        if flags & bit != 0 {
            while *bytes.get(pos).ok_or("unexpected EOF")? != 0 {
                pos += 1;
            }
            pos += 1;
        }
    }
    if flags & 2 != 0 {
        pos += 2;
    }
    let body = bytes.get(pos..).ok_or("unexpected EOF")?;
    miniz_oxide::inflate::decompress_to_vec_with_limit(body, MAX_CHART_BYTES).map_err(|e| {
        if matches!(e.status, miniz_oxide::inflate::TINFLStatus::HasMoreOutput) {
            format!("decompressed chart is larger than the maximum size {MAX_CHART_BYTES}")
        } else {
            "gzip: invalid checksum".into()
        }
    })
}

/// `LoadFiles`: sorts files into a chart, loads subcharts, validates the metadata.
pub fn load(files: Vec<File>, version: Version) -> Result<Chart, String> {
    load_at(files, version, 0)
}

fn load_at(files: Vec<File>, version: Version, depth: usize) -> Result<Chart, String> {
    if depth > 32 {
        return Err("subcharts are nested too deeply".into());
    }
    let mut metadata: Option<Metadata> = None;
    for f in &files {
        if f.name == "Chart.yaml" {
            let mut md =
                decode_metadata(&f.text()).map_err(|e| format!("cannot load Chart.yaml: {e}"))?;
            if md.api_version.is_empty() {
                md.api_version = "v1".into();
            }
            metadata = Some(md);
        }
    }
    let mut chart = Chart {
        metadata: Metadata::default(),
        values: Map::new(MapKind::Any),
        values_text: String::new(),
        templates: Vec::new(),
        files: Vec::new(),
        dependencies: Vec::new(),
        schema: None,
    };
    let mut subcharts: BTreeMap<String, Vec<File>> = BTreeMap::new();
    for f in files {
        let name = f.name.clone();
        match name.as_str() {
            "Chart.yaml" => {}
            "Chart.lock" | "requirements.lock" => {
                if name == "requirements.lock"
                    && metadata.as_ref().is_some_and(|m| m.api_version == "v1")
                {
                    chart.files.push(f);
                }
            }
            "values.yaml" => {
                chart.values_text = f.text();
                chart.values = values::load(&chart.values_text, version)
                    .map_err(|e| format!("cannot load values.yaml: {e}"))?;
            }
            "values.schema.json" => chart.schema = Some(f.data.clone()),
            "requirements.yaml" => {
                let md = metadata.get_or_insert_with(Metadata::default);
                let req = decode_metadata(&f.text())
                    .map_err(|e| format!("cannot load requirements.yaml: {e}"))?;
                md.dependencies = req.dependencies;
                if md.api_version == "v1" {
                    chart.files.push(f);
                }
            }
            n if n.starts_with("templates/") => chart.templates.push(f),
            n if n.starts_with("charts/") => {
                if n.ends_with(".prov") {
                    chart.files.push(f);
                    continue;
                }
                let rest = &n["charts/".len()..];
                let cname = rest.split('/').next().unwrap_or_default().to_string();
                subcharts
                    .entry(cname)
                    .or_default()
                    .push(File::new(rest.to_string(), f.data.to_vec()));
            }
            _ => chart.files.push(f),
        }
    }
    let Some(md) = metadata else {
        return Err(match version {
            Version::V3 => "Chart.yaml file is missing".into(),
            Version::V4 => "Chart.yaml file is missing".into(),
        });
    };
    chart.metadata = md;
    validate(&mut chart.metadata)?;
    for (n, files) in subcharts {
        if n.starts_with('_') || n.starts_with('.') {
            continue;
        }
        let sub = if n.ends_with(".tgz") {
            let Some(file) = files.first() else { continue };
            if file.name != n {
                return Err(format!(
                    "error unpacking subchart tar in {}: expected {n}, got {}",
                    chart.name(),
                    file.name
                ));
            }
            from_archive(&file.data).and_then(|fs| load_at(fs, version, depth + 1))
        } else {
            let inner: Vec<File> = files
                .into_iter()
                .filter_map(|f| {
                    let (_, rest) = f.name.split_once('/')?;
                    Some(File::new(rest.to_string(), f.data.to_vec()))
                })
                .collect();
            load_at(inner, version, depth + 1)
        };
        match sub {
            Ok(s) => chart.dependencies.push(s),
            Err(e) => {
                return Err(format!(
                    "error unpacking subchart {n} in {}: {e}",
                    chart.name()
                ));
            }
        }
    }
    Ok(chart)
}

/// `Metadata.Validate`, with its texts (printed `validation: ...`).
fn validate(md: &mut Metadata) -> Result<(), String> {
    let v = |m: String| format!("validation: {m}");
    md.name = sanitize(&md.name);
    md.description = sanitize(&md.description);
    md.app_version = sanitize(&md.app_version);
    md.kube_version = sanitize(&md.kube_version);
    if md.api_version.is_empty() {
        return Err(v("chart.metadata.apiVersion is required".into()));
    }
    if md.name.is_empty() {
        return Err(v("chart.metadata.name is required".into()));
    }
    if md.name == "." || md.name == ".." {
        return Err(v(format!(
            "chart.metadata.name {} is not allowed",
            crate::go::quote(&md.name)
        )));
    }
    if md.name.contains('/') {
        return Err(v(format!(
            "chart.metadata.name {} is invalid",
            crate::go::quote(&md.name)
        )));
    }
    if md.version.is_empty() {
        return Err(v("chart.metadata.version is required".into()));
    }
    if semver::Version::parse(&md.version).is_none() {
        return Err(v(format!(
            "chart.metadata.version {} is invalid",
            crate::go::quote(&md.version)
        )));
    }
    if !matches!(md.kind.as_str(), "" | "application" | "library") {
        return Err(v(
            "chart.metadata.type must be application or library".into()
        ));
    }
    let mut seen = std::collections::BTreeSet::new();
    for d in &md.dependencies {
        if d.name.is_empty() {
            return Err(v("dependencies must have a name".into()));
        }
        let key = if d.alias.is_empty() {
            &d.name
        } else {
            &d.alias
        };
        if !seen.insert(key.clone()) {
            return Err(v(format!(
                "more than one dependency with name or alias {}",
                crate::go::quote(key)
            )));
        }
    }
    Ok(())
}

/// `sanitizeString`: spaces normalised, unprintable characters removed.
fn sanitize(s: &str) -> String {
    s.chars()
        .filter_map(|c| {
            if c.is_whitespace() {
                Some(' ')
            } else if c.is_control() {
                None
            } else {
                Some(c)
            }
        })
        .collect()
}

/// Decodes `Chart.yaml` into `Metadata` as sigs.k8s.io/yaml then `encoding/json` do: string
/// fields take any scalar (printed), and a sequence or mapping where a scalar belongs is
/// Go's type error.
pub fn decode_metadata(text: &str) -> Result<Metadata, String> {
    use crate::yaml::{Node, Value as Y};
    if let Some(e) = crate::yaml::go_syntax_error(text) {
        return Err(format!("error converting YAML to JSON: {e}"));
    }
    let parsed = crate::yaml::parse(text, &crate::yaml::Limits::default());
    let Some(root) = parsed.documents.first().and_then(|d| d.root.as_ref()) else {
        return Ok(Metadata::default());
    };
    let entries = match &root.value {
        Y::Map(e) => e,
        Y::Null => return Ok(Metadata::default()),
        _ => {
            return Err(format!(
                "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go value of type chart.Metadata",
                values::node_json_kind(root)
            ));
        }
    };
    let mut md = Metadata::default();
    let mut d = Decoder { error: None };
    let list = |n: &Node| -> Option<Vec<Node>> {
        match &n.value {
            Y::Seq(items) => Some(items.clone()),
            _ => None,
        }
    };
    for e in entries {
        let (k, v) = (e.key.as_str(), &e.value);
        let field = |f: &str| format!("Metadata.{f}");
        match k {
            "name" => md.name = d.string(&field(k), v),
            "home" => md.home = d.string(&field(k), v),
            "sources" => md.sources = d.strings(&field(k), v),
            "version" => md.version = d.string(&field(k), v),
            "description" => md.description = d.string(&field(k), v),
            "keywords" => md.keywords = d.strings(&field(k), v),
            "maintainers" => match list(v) {
                Some(items) => {
                    for item in &items {
                        let mut mt = Maintainer::default();
                        if let Y::Map(mm) = &item.value {
                            for m in mm {
                                let path = format!("Maintainer.maintainers.{}", m.key);
                                match m.key.as_str() {
                                    "name" => mt.name = d.string(&path, &m.value),
                                    "email" => mt.email = d.string(&path, &m.value),
                                    "url" => mt.url = d.string(&path, &m.value),
                                    _ => {}
                                }
                            }
                        }
                        md.maintainers.push(mt);
                    }
                }
                None if matches!(v.value, Y::Null) => {}
                None => d.mismatch(&field(k), v, "[]*chart.Maintainer"),
            },
            "icon" => md.icon = d.string(&field(k), v),
            "apiVersion" => md.api_version = d.string(&field(k), v),
            "condition" => md.condition = d.string(&field(k), v),
            "tags" => md.tags = d.string(&field(k), v),
            "appVersion" => md.app_version = d.string(&field(k), v),
            "deprecated" => md.deprecated = d.boolean(&field(k), v),
            "annotations" => match &v.value {
                Y::Map(am) => {
                    for a in am {
                        let s = d.string(&format!("Metadata.annotations.{}", a.key), &a.value);
                        md.annotations.insert(a.key.clone(), s);
                    }
                }
                Y::Null => {}
                _ => d.mismatch(&field(k), v, "map[string]string"),
            },
            "kubeVersion" => md.kube_version = d.string(&field(k), v),
            "type" => md.kind = d.string(&field(k), v),
            "dependencies" => match list(v) {
                Some(items) => {
                    for item in &items {
                        let mut dep = Dependency::default();
                        if let Y::Map(dm) = &item.value {
                            for x in dm {
                                let path = format!("Dependency.dependencies.{}", x.key);
                                let n = &x.value;
                                match x.key.as_str() {
                                    "name" => dep.name = d.string(&path, n),
                                    "version" => dep.version = d.string(&path, n),
                                    "repository" => dep.repository = d.string(&path, n),
                                    "condition" => dep.condition = d.string(&path, n),
                                    "tags" => dep.tags = d.strings(&path, n),
                                    "enabled" => dep.enabled = d.boolean(&path, n),
                                    "alias" => dep.alias = d.string(&path, n),
                                    "import-values" => {
                                        if let Value::List(il) = values::from_node(n) {
                                            dep.import_values = il.items.clone();
                                        }
                                    }
                                    _ => {}
                                }
                            }
                        }
                        md.dependencies.push(dep);
                    }
                }
                None if matches!(v.value, Y::Null) => {}
                None => d.mismatch(&field(k), v, "[]*chart.Dependency"),
            },
            _ => {}
        }
    }
    match d.error {
        Some(e) => Err(e),
        None => Ok(md),
    }
}

/// `encoding/json` decoding into typed fields: the first type mismatch is the error.
struct Decoder {
    error: Option<String>,
}

impl Decoder {
    fn mismatch(&mut self, path: &str, n: &crate::yaml::Node, ty: &str) {
        if self.error.is_none() {
            self.error = Some(format!(
                "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go struct field {path} of type {ty}",
                values::node_json_kind(n)
            ));
        }
    }
    fn string(&mut self, path: &str, n: &crate::yaml::Node) -> String {
        match values::scalar_string(n) {
            Some(s) => s,
            None => {
                self.mismatch(path, n, "string");
                String::new()
            }
        }
    }
    fn boolean(&mut self, path: &str, n: &crate::yaml::Node) -> bool {
        match &n.value {
            crate::yaml::Value::Bool(b) => *b,
            crate::yaml::Value::Null => false,
            _ => {
                self.mismatch(path, n, "bool");
                false
            }
        }
    }
    fn strings(&mut self, path: &str, n: &crate::yaml::Node) -> Vec<String> {
        match &n.value {
            crate::yaml::Value::Seq(items) => items.iter().map(|x| self.string(path, x)).collect(),
            crate::yaml::Value::Null => Vec::new(),
            _ => {
                self.mismatch(path, n, "[]string");
                Vec::new()
            }
        }
    }
}
