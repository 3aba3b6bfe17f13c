//! Share links: the playground's whole state (manifest, scenario, seed, what was done when, the
//! moment on the timeline, speed and view) packed into a URL fragment, so that opening a link
//! reproduces exactly what its sender saw.
//!
//! Format: `s=` then base64url (no padding) of raw DEFLATE of the JSON of [`Shared`]. Raw
//! DEFLATE is what the browser's `DecompressionStream("deflate-raw")` and Python's
//! `zlib.decompress(data, -15)` read, so a link can be inspected without this program.
//!
//! Decoding never trusts its input: every failure is a [`LinkError`] saying what is wrong, and
//! decompression stops at [`MAX_DECODED`] bytes (a deflate bomb cannot eat the page's memory).

use serde_json::{Map, Value};

/// The fragment key links carry their state under (`#s=...`).
pub const KEY: &str = "s";
/// The format version this build writes and reads.
pub const VERSION: u32 = 1;
/// The most a link may expand to.
pub const MAX_DECODED: usize = 4 << 20;
/// The longest link fragment accepted (about what browsers keep in an address).
pub const MAX_ENCODED: usize = 2 << 20;
/// The latest virtual time (ms) a link may put its cursor or a command at: 30 days. Opening a
/// link computes the world up to there, so a link cannot ask a page for years of simulation.
pub const MAX_TIME: u64 = 30 * 24 * 3600 * 1000;
/// The most commands a link's journal may hold (each is replayed when the link opens).
pub const MAX_JOURNAL: usize = 5_000;

/// Everything a link carries.
///
/// The JSON is read and written by hand rather than with serde's derive, which cost 20 KB of
/// WebAssembly for these nine fields.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Shared {
    /// Format version ([`VERSION`]).
    pub v: u32,
    /// The editor's text.
    pub text: String,
    /// The built-in scenario the text started from, if any (its id).
    pub scenario: Option<String>,
    /// The simulation's seed.
    pub seed: u64,
    /// What was done, in order: virtual time in ms and the command line run then.
    pub journal: Vec<(u64, String)>,
    /// Where the timeline's cursor stood, in ms of virtual time.
    pub t: u64,
    /// Playback speed (1 to 50).
    pub speed: u32,
    /// Which panels were open.
    pub view: View,
    /// A chart being edited instead of `text`.
    pub chart: Option<SharedChart>,
    /// What runs in the containers (container name, program) and what their images hold
    /// (container name, tools), as chosen in the page (`sim::app::Choices`).
    pub programs: Vec<(String, String)>,
    pub tools: Vec<(String, String)>,
    /// The Kubernetes minor version the cluster behaves like, when not the default
    /// (`version::DEFAULT_MINOR`); written as `"1.37"`.
    pub kubernetes: Option<u32>,
}

/// A chart in a link: its files and how it is rendered.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SharedChart {
    pub files: Vec<(String, String)>,
    /// The file open in the editor (index into `files`).
    pub active: usize,
    pub release: String,
    /// `--set` lines.
    pub sets: String,
    /// 3 or 4.
    pub helm: u32,
}

/// The visible parts of the page.
#[derive(Clone, Debug, PartialEq)]
pub struct View {
    /// OrderedReady and Parallel side by side.
    pub compare: bool,
    /// The kubectl terminal.
    pub terminal: bool,
    /// The timeline's lanes.
    pub timeline: bool,
}

impl Default for View {
    fn default() -> View {
        View {
            compare: false,
            terminal: true,
            timeline: true,
        }
    }
}

/// Why a link could not be read. `Display` is the sentence shown to the user.
#[derive(Clone, Debug, PartialEq)]
pub enum LinkError {
    /// The fragment holds no state (`#s=` missing or empty).
    Empty,
    TooLong(usize),
    /// A character outside base64url, at this 0-based position of the data.
    BadCharacter(usize, char),
    /// The data stops in the middle of its compressed stream: the link was cut short.
    Truncated,
    /// The compressed stream is damaged.
    Corrupt,
    /// The data expands beyond [`MAX_DECODED`].
    TooBig,
    /// Not the JSON this program writes.
    BadData(String),
    /// Written by a newer playground.
    Version(u32),
}

impl std::fmt::Display for LinkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LinkError::Empty => write!(f, "the link holds no playground state"),
            LinkError::TooLong(n) => write!(
                f,
                "the link is {n} characters long, more than the {MAX_ENCODED} a share link may have"
            ),
            LinkError::BadCharacter(i, c) => write!(
                f,
                "the link is damaged: {} at position {} of its data is not part of a share link",
                crate::go::quote(&c.to_string()),
                i + 1
            ),
            LinkError::Truncated => write!(
                f,
                "the link is incomplete: its data ends early (was it cut off when copied?)"
            ),
            LinkError::Corrupt => write!(f, "the link is damaged: its data does not decompress"),
            LinkError::TooBig => write!(
                f,
                "the link expands to more than {} MiB, more than a share link may hold",
                MAX_DECODED >> 20
            ),
            LinkError::BadData(e) => write!(f, "the link's data is not a playground state: {e}"),
            LinkError::Version(v) => write!(
                f,
                "the link was made by a newer playground (format {v}; this one reads format {VERSION})"
            ),
        }
    }
}

/// The fragment (without `#`) for a state: `s=...`.
pub fn encode(state: &Shared) -> String {
    let json = to_json(state).to_string();
    let packed = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9);
    format!("{KEY}={}", base64url(&packed))
}

/// The state in a fragment (with or without `#`). Other `&`-separated keys (`embed`,
/// `readonly`, `panels`) are ignored here.
pub fn decode(fragment: &str) -> Result<Shared, LinkError> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    if fragment.len() > MAX_ENCODED {
        return Err(LinkError::TooLong(fragment.len()));
    }
    let data = param(fragment, KEY).ok_or(LinkError::Empty)?;
    if data.is_empty() {
        return Err(LinkError::Empty);
    }
    let packed = unbase64url(data)?;
    let json = inflate(&packed)?;
    let value: Value =
        serde_json::from_slice(&json).map_err(|e| LinkError::BadData(e.to_string()))?;
    let state = from_json(&value).map_err(LinkError::BadData)?;
    if state.v > VERSION {
        return Err(LinkError::Version(state.v));
    }
    if state.v == 0 {
        return Err(LinkError::BadData("it has no format version".into()));
    }
    bounded(&state).map_err(LinkError::BadData)?;
    Ok(state)
}

fn to_json(s: &Shared) -> Value {
    let mut m = Map::new();
    m.insert("v".into(), VERSION.into());
    m.insert("text".into(), s.text.clone().into());
    if let Some(id) = &s.scenario {
        m.insert("scenario".into(), id.clone().into());
    }
    m.insert("seed".into(), s.seed.into());
    if !s.journal.is_empty() {
        let entries = s
            .journal
            .iter()
            .map(|(t, line)| Value::Array(vec![(*t).into(), line.clone().into()]))
            .collect();
        m.insert("journal".into(), Value::Array(entries));
    }
    m.insert("t".into(), s.t.into());
    m.insert("speed".into(), s.speed.into());
    let mut view = Map::new();
    view.insert("compare".into(), s.view.compare.into());
    view.insert("terminal".into(), s.view.terminal.into());
    view.insert("timeline".into(), s.view.timeline.into());
    m.insert("view".into(), Value::Object(view));
    if let Some(c) = &s.chart {
        let mut cm = Map::new();
        cm.insert("files".into(), pairs_value(&c.files));
        cm.insert("active".into(), c.active.into());
        cm.insert("release".into(), c.release.clone().into());
        cm.insert("sets".into(), c.sets.clone().into());
        cm.insert("helm".into(), c.helm.into());
        m.insert("chart".into(), Value::Object(cm));
    }
    for (field, pairs) in [("programs", &s.programs), ("tools", &s.tools)] {
        if !pairs.is_empty() {
            m.insert(field.into(), pairs_value(pairs));
        }
    }
    if let Some(minor) = s.kubernetes {
        m.insert("kubernetes".into(), format!("1.{minor}").into());
    }
    Value::Object(m)
}

/// What a JSON value is, for messages.
fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn wrong(field: &str, want: &str, got: &Value) -> String {
    format!("`{field}` must be {want}, not {}", kind(got))
}

fn uint(field: &str, v: &Value) -> Result<u64, String> {
    v.as_u64()
        .ok_or_else(|| wrong(field, "a whole number from 0", v))
}

/// String pairs (chart files, choices) as JSON: `[[a, b], ...]`.
fn pairs_value(pairs: &[(String, String)]) -> Value {
    Value::Array(
        pairs
            .iter()
            .map(|(a, b)| Value::Array(vec![a.clone().into(), b.clone().into()]))
            .collect(),
    )
}

/// Reads `[[a, b], ...]`; `names` say in errors what the list, each first and second string
/// and a pair are (`chart.files`, `chart file path`, `chart file`, `a chart file`), `shape`
/// what a pair should look like.
fn read_pairs(
    names: (&str, &str, &str, &str),
    shape: &str,
    v: &Value,
) -> Result<Vec<(String, String)>, String> {
    let (list, first, second, pair) = names;
    let items = v.as_array().ok_or_else(|| wrong(list, "an array", v))?;
    let mut out = Vec::with_capacity(items.len());
    for e in items {
        match e.as_array().map(Vec::as_slice) {
            Some([a, b]) => out.push((text(first, a)?, text(second, b)?)),
            _ => return Err(wrong(pair, shape, e)),
        }
    }
    Ok(out)
}

fn text(field: &str, v: &Value) -> Result<String, String> {
    v.as_str()
        .map(str::to_string)
        .ok_or_else(|| wrong(field, "a string", v))
}

fn flag(field: &str, v: &Value) -> Result<bool, String> {
    v.as_bool().ok_or_else(|| wrong(field, "true or false", v))
}

/// Reads a state; unknown fields are refused (a link is only what this program writes).
fn from_json(v: &Value) -> Result<Shared, String> {
    let obj = v
        .as_object()
        .ok_or_else(|| wrong("the state", "an object", v))?;
    let mut s = Shared::default();
    for (k, v) in obj {
        match k.as_str() {
            "v" => s.v = u32::try_from(uint("v", v)?).unwrap_or(u32::MAX),
            "text" => s.text = text("text", v)?,
            "scenario" => {
                s.scenario = if v.is_null() {
                    None
                } else {
                    Some(text("scenario", v)?)
                }
            }
            "seed" => s.seed = uint("seed", v)?,
            "t" => s.t = uint("t", v)?,
            "speed" => s.speed = u32::try_from(uint("speed", v)?).unwrap_or(u32::MAX),
            "journal" => {
                let entries = v
                    .as_array()
                    .ok_or_else(|| wrong("journal", "an array", v))?;
                for e in entries {
                    match e.as_array().map(Vec::as_slice) {
                        Some([t, line]) => s
                            .journal
                            .push((uint("journal time", t)?, text("journal command", line)?)),
                        _ => return Err(wrong("a journal entry", "a [time, command] pair", e)),
                    }
                }
            }
            "view" => {
                let view = v.as_object().ok_or_else(|| wrong("view", "an object", v))?;
                for (vk, vv) in view {
                    match vk.as_str() {
                        "compare" => s.view.compare = flag("view.compare", vv)?,
                        "terminal" => s.view.terminal = flag("view.terminal", vv)?,
                        "timeline" => s.view.timeline = flag("view.timeline", vv)?,
                        other => return Err(format!("unknown field `view.{other}`")),
                    }
                }
            }
            "kubernetes" => {
                let v = text("kubernetes", v)?;
                let minor = crate::version::parse_minor(&v).ok_or_else(|| {
                    let (lo, hi) = (
                        crate::version::SUPPORTED.start(),
                        crate::version::SUPPORTED.end(),
                    );
                    format!("`kubernetes` is \"{v}\", not a version from 1.{lo} to 1.{hi}")
                })?;
                s.kubernetes = Some(minor);
            }
            "programs" | "tools" => {
                let names = (k.as_str(), "a container name", k.as_str(), "a choice");
                let pairs = read_pairs(names, "a [container, value] pair", v)?;
                if k == "programs" {
                    s.programs = pairs;
                } else {
                    s.tools = pairs;
                }
            }
            "chart" => {
                let cm = v
                    .as_object()
                    .ok_or_else(|| wrong("chart", "an object", v))?;
                let mut c = SharedChart {
                    helm: 4,
                    ..SharedChart::default()
                };
                for (ck, cv) in cm {
                    match ck.as_str() {
                        "files" => {
                            let names = (
                                "chart.files",
                                "chart file path",
                                "chart file",
                                "a chart file",
                            );
                            c.files = read_pairs(names, "a [path, text] pair", cv)?;
                        }
                        "active" => {
                            c.active = usize::try_from(uint("chart.active", cv)?).unwrap_or(0)
                        }
                        "release" => c.release = text("chart.release", cv)?,
                        "sets" => c.sets = text("chart.sets", cv)?,
                        "helm" => c.helm = u32::try_from(uint("chart.helm", cv)?).unwrap_or(4),
                        other => return Err(format!("unknown field `chart.{other}`")),
                    }
                }
                if c.files.is_empty() {
                    return Err("the chart has no files".into());
                }
                if c.active >= c.files.len() {
                    c.active = 0;
                }
                s.chart = Some(c);
            }
            other => return Err(format!("unknown field `{other}`")),
        }
    }
    Ok(s)
}

/// Whether a decoded state is one a playground could have written, within what a page replays.
fn bounded(state: &Shared) -> Result<(), String> {
    let days = |ms: u64| ms / (24 * 3600 * 1000);
    if state.journal.len() > MAX_JOURNAL {
        return Err(format!(
            "its journal holds {} commands, more than the {MAX_JOURNAL} a link may replay",
            state.journal.len()
        ));
    }
    let mut times = state.journal.iter().map(|(t, _)| *t).chain([state.t]);
    if let Some(t) = times.find(|t| *t > MAX_TIME) {
        return Err(format!(
            "it points {t} ms into virtual time, beyond the {} days ({MAX_TIME} ms) a playground runs",
            days(MAX_TIME)
        ));
    }
    if let Some(w) = state.journal.windows(2).find(|w| w[1].0 < w[0].0) {
        return Err(format!(
            "its journal goes back in time (a command at {} ms after one at {} ms)",
            w[1].0, w[0].0
        ));
    }
    Ok(())
}

/// The value of `key` in an `a=1&b&c=2` fragment or query: `Some("")` for a bare key.
pub fn param<'a>(fragment: &'a str, key: &str) -> Option<&'a str> {
    fragment
        .trim_start_matches(['#', '?'])
        .split('&')
        .find_map(|kv| match kv.split_once('=') {
            Some((k, v)) if k == key => Some(v),
            None if kv == key => Some(""),
            _ => None,
        })
}

fn inflate(packed: &[u8]) -> Result<Vec<u8>, LinkError> {
    use miniz_oxide::inflate::TINFLStatus;
    miniz_oxide::inflate::decompress_to_vec_with_limit(packed, MAX_DECODED).map_err(|e| {
        match e.status {
            TINFLStatus::HasMoreOutput => LinkError::TooBig,
            TINFLStatus::FailedCannotMakeProgress | TINFLStatus::NeedsMoreInput => {
                LinkError::Truncated
            }
            _ => LinkError::Corrupt,
        }
    })
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// RFC 4648 §5 base64url without padding.
pub fn base64url(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
        }
    }
    out
}

/// The inverse of [`base64url`]; also accepts `+`, `/` and trailing `=` (links that passed
/// through tools which "fixed" them).
pub fn unbase64url(text: &str) -> Result<Vec<u8>, LinkError> {
    let text = text.trim_end_matches('=');
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0;
    for (i, c) in text.chars().enumerate() {
        let v = match c {
            'A'..='Z' => c as u32 - 'A' as u32,
            'a'..='z' => c as u32 - 'a' as u32 + 26,
            '0'..='9' => c as u32 - '0' as u32 + 52,
            '-' | '+' => 62,
            '_' | '/' => 63,
            _ => return Err(LinkError::BadCharacter(i, c)),
        };
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    if bits >= 6 {
        // One lone character cannot end a base64 group.
        return Err(LinkError::Truncated);
    }
    Ok(out)
}
