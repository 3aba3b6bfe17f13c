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

use serde::{Deserialize, Serialize};

/// The fragment key links carry their state under (`#s=...`).
pub const KEY: &str = "s";
/// The format version this build writes and reads.
pub const VERSION: u32 = 1;
/// The most a link may expand to.
pub const MAX_DECODED: usize = 4 << 20;
/// The longest link fragment accepted (about what browsers keep in an address).
pub const MAX_ENCODED: usize = 2 << 20;

/// Everything a link carries.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Shared {
    /// Format version ([`VERSION`]).
    pub v: u32,
    /// The editor's text.
    pub text: String,
    /// The built-in scenario the text started from, if any (its id).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scenario: Option<String>,
    /// The simulation's seed.
    pub seed: u64,
    /// What was done, in order: virtual time in ms and the command line run then.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub journal: Vec<(u64, String)>,
    /// Where the timeline's cursor stood, in ms of virtual time.
    pub t: u64,
    /// Playback speed (1 to 50).
    pub speed: u32,
    /// Which panels were open.
    pub view: View,
}

/// The visible parts of the page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
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
                "the link is damaged: {c:?} at position {} of its data is not part of a share link",
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
    let mut s = state.clone();
    s.v = VERSION;
    let json = serde_json::to_vec(&s).unwrap_or_default();
    let packed = miniz_oxide::deflate::compress_to_vec(&json, 9);
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
    let state: Shared =
        serde_json::from_slice(&json).map_err(|e| LinkError::BadData(e.to_string()))?;
    if state.v > VERSION {
        return Err(LinkError::Version(state.v));
    }
    if state.v == 0 {
        return Err(LinkError::BadData("it has no format version".into()));
    }
    Ok(state)
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
