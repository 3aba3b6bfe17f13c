//! An LZMA1 decoder for the page's own WebAssembly, which ships LZMA-compressed (see
//! ARCHITECTURE.md, "Loading under a strict CSP"). `static/lzma.js` instantiates this module,
//! copies the packed bytes into its memory, calls [`begin`], then [`resume`] until it is done.
//!
//! Input: a properties byte (`(pb * 5 + lp) * 9 + lc`), the dictionary size and the decoded size
//! (4 bytes each, little-endian), then a raw LZMA1 stream, as `.ci/trunk-post-build.mjs` writes
//! it with Python's `lzma` module. An end marker, if present, is honoured.
//!
//! Written from the LZMA specification (Igor Pavlov's `lzma-specification.txt`, in the LZMA
//! SDK): the range decoder, the literal coder (with the matched-literal form after a match),
//! the length coders and the distance coder with its slots, direct bits and aligned bits. It
//! decodes only data this project compressed, but never reads or writes outside the buffers it
//! is given, whatever the input: damaged input gives an error code or different bytes.

#![no_std]

/// What [`begin`] and [`resume`] return.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Ok = 0,
    BadProperties = 1,
    InputEndsEarly = 2,
    RepeatBeforeData = 3,
    DistanceBeyondData = 4,
    DataEndsEarly = 5,
    ScratchTooSmall = 6,
    SizeMismatch = 7,
    /// Not finished: call `resume` again.
    More = 8,
    NotStarted = 9,
}

const NUM_STATES: usize = 12;
const MATCH_MIN_LEN: usize = 2;
const END_POS_MODEL_INDEX: u32 = 14;
const NUM_FULL_DISTANCES: usize = 128;
const NUM_ALIGN_BITS: u32 = 4;
const NUM_LEN_TO_POS_STATES: usize = 4;
/// Every probability starts at one half (of 2^11).
const HALF: u16 = 1024;

/// The number of 16-bit probabilities the literal coder needs for properties byte `props`
/// (`0x300 << (lc + lp)`), or 0 if the byte is not valid.
#[unsafe(no_mangle)]
pub extern "C" fn literal_probs(props: u32) -> u32 {
    match split_props(props) {
        Some((lc, lp, _)) => 0x300 << (lc + lp),
        None => 0,
    }
}

/// (lc, lp, pb) of a properties byte.
fn split_props(props: u32) -> Option<(u32, u32, u32)> {
    if props >= 9 * 5 * 5 {
        return None;
    }
    Some((props % 9, (props / 9) % 5, props / 45))
}

/// Starts decoding `input` (header and stream) into an output of `output_len` bytes, which
/// must be the header's decoded size. Returns an [`Outcome`] as a number.
///
/// # Safety
/// `input` must be valid for `input_len` bytes. Not to be called while another call runs (the
/// module has one decoder, and WebAssembly here has one thread).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn begin(input: *const u8, input_len: usize, output_len: usize) -> u32 {
    // SAFETY: the caller's contract, above.
    let input = unsafe { core::slice::from_raw_parts(input, input_len) };
    match Decoder::new(input, output_len) {
        Ok(d) => {
            // SAFETY: one thread, and no reference to the decoder outlives a call.
            unsafe { (&raw mut DECODER).write(Some(d)) };
            Outcome::Ok as u32
        }
        Err(e) => e as u32,
    }
}

/// Goes on decoding what [`begin`] started until at least `upto` bytes of `output` are written
/// (or all of it), using `scratch` (at least `literal_probs(input[0])` entries, the same on
/// every call) for the literal coder's probabilities. Returns [`Outcome::More`] until the end,
/// then another [`Outcome`], as a number. Decoding in slices lets the engine optimise the
/// decoder between calls: V8 runs a call to its end in the code it started with.
///
/// # Safety
/// Each pointer must be valid for its length (`scratch` for that many `u16`s), the buffers must
/// not overlap, and they must be the same on every call after one `begin`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn resume(
    input: *const u8,
    input_len: usize,
    output: *mut u8,
    output_len: usize,
    scratch: *mut u16,
    scratch_len: usize,
    upto: usize,
) -> u32 {
    let slot = &raw mut DECODER;
    // SAFETY: the caller's contract, above; one thread, and no reference to the decoder
    // outlives a call.
    let (input, output, scratch, decoder) = unsafe {
        (
            core::slice::from_raw_parts(input, input_len),
            core::slice::from_raw_parts_mut(output, output_len),
            core::slice::from_raw_parts_mut(scratch, scratch_len),
            (*slot).as_mut(),
        )
    };
    match decoder {
        Some(d) => d.run(input, output, scratch, upto) as u32,
        None => Outcome::NotStarted as u32,
    }
}

/// The decoder `begin` made (single-threaded WebAssembly: see `begin`).
static mut DECODER: Option<Decoder> = None;

/// The range coder's state, kept by `Decoder` between calls.
#[derive(Clone, Copy)]
struct Coder {
    /// The next byte of the stream.
    pos: usize,
    range: u32,
    code: u32,
    /// Read past the stream's end (zeros).
    overrun: bool,
}

/// Reads the range coder's input; past its end it reads zeros and remembers it.
struct RangeDecoder<'a> {
    data: &'a [u8],
    s: Coder,
}

impl<'a> RangeDecoder<'a> {
    fn new(data: &'a [u8]) -> RangeDecoder<'a> {
        // The first byte is always 0.
        let mut rc = RangeDecoder {
            data,
            s: Coder {
                pos: 1,
                range: u32::MAX,
                code: 0,
                overrun: false,
            },
        };
        for _ in 0..4 {
            rc.s.code = (rc.s.code << 8) | rc.byte();
        }
        rc
    }

    #[inline(always)]
    fn byte(&mut self) -> u32 {
        match self.data.get(self.s.pos) {
            Some(&b) => {
                self.s.pos += 1;
                u32::from(b)
            }
            None => {
                self.s.overrun = true;
                0
            }
        }
    }

    #[inline(always)]
    fn normalize(&mut self) {
        if self.s.range < 1 << 24 {
            self.s.range <<= 8;
            self.s.code = (self.s.code << 8) | self.byte();
        }
    }

    /// One bit coded with probability `p`, which it adapts.
    #[inline(always)]
    fn bit(&mut self, p: &mut u16) -> usize {
        let prob = u32::from(*p);
        let bound = (self.s.range >> 11) * prob;
        let b = if self.s.code < bound {
            self.s.range = bound;
            *p = (prob + ((2048 - prob) >> 5)) as u16;
            0
        } else {
            self.s.range -= bound;
            self.s.code -= bound;
            *p = (prob - (prob >> 5)) as u16;
            1
        };
        self.normalize();
        b
    }

    /// `n` bits with fixed probability one half.
    fn direct(&mut self, n: u32) -> u32 {
        let mut res = 0u32;
        for _ in 0..n {
            self.s.range >>= 1;
            let b = u32::from(self.s.code >= self.s.range);
            if b == 1 {
                self.s.code -= self.s.range;
            }
            res = (res << 1) | b;
            self.normalize();
        }
        res
    }

    /// A `bits`-bit symbol from the bit tree `p` (most significant bit first).
    #[inline(always)]
    fn tree(&mut self, p: &mut [u16], bits: u32) -> usize {
        let mut m = 1usize;
        for _ in 0..bits {
            m = (m << 1) | self.bit(&mut p[m]);
        }
        m - (1 << bits)
    }

    /// A `bits`-bit symbol from the bit tree `p`, least significant bit first.
    fn reverse(&mut self, p: &mut [u16], bits: u32) -> u32 {
        let mut m = 1usize;
        let mut sym = 0u32;
        for i in 0..bits {
            let b = self.bit(&mut p[m]);
            m = (m << 1) | b;
            sym |= (b as u32) << i;
        }
        sym
    }
}

/// A match length (minus 2): 3 bits for 0-7, 3 more for 8-15, else 8 bits for 16-271.
struct LenDecoder {
    choice: [u16; 2],
    low: [u16; 16 << 3],
    mid: [u16; 16 << 3],
    high: [u16; 256],
}

impl LenDecoder {
    fn new() -> LenDecoder {
        LenDecoder {
            choice: [HALF; 2],
            low: [HALF; 16 << 3],
            mid: [HALF; 16 << 3],
            high: [HALF; 256],
        }
    }

    fn decode(&mut self, rc: &mut RangeDecoder<'_>, pos_state: usize) -> usize {
        let at = pos_state << 3;
        if rc.bit(&mut self.choice[0]) == 0 {
            return rc.tree(&mut self.low[at..at + 8], 3);
        }
        if rc.bit(&mut self.choice[1]) == 0 {
            return 8 + rc.tree(&mut self.mid[at..at + 8], 3);
        }
        16 + rc.tree(&mut self.high, 8)
    }
}

/// The model's probabilities other than the literals'.
struct Model {
    is_match: [u16; NUM_STATES << 4],
    is_rep: [u16; NUM_STATES],
    is_rep_g0: [u16; NUM_STATES],
    is_rep_g1: [u16; NUM_STATES],
    is_rep_g2: [u16; NUM_STATES],
    is_rep0_long: [u16; NUM_STATES << 4],
    pos_slot: [u16; NUM_LEN_TO_POS_STATES << 6],
    pos_decoders: [u16; 1 + NUM_FULL_DISTANCES - END_POS_MODEL_INDEX as usize],
    align: [u16; 1 << NUM_ALIGN_BITS],
    len: LenDecoder,
    rep_len: LenDecoder,
}

impl Model {
    /// Every probability at one half.
    fn new() -> Model {
        Model {
            is_match: [HALF; NUM_STATES << 4],
            is_rep: [HALF; NUM_STATES],
            is_rep_g0: [HALF; NUM_STATES],
            is_rep_g1: [HALF; NUM_STATES],
            is_rep_g2: [HALF; NUM_STATES],
            is_rep0_long: [HALF; NUM_STATES << 4],
            pos_slot: [HALF; NUM_LEN_TO_POS_STATES << 6],
            pos_decoders: [HALF; 1 + NUM_FULL_DISTANCES - END_POS_MODEL_INDEX as usize],
            align: [HALF; 1 << NUM_ALIGN_BITS],
            len: LenDecoder::new(),
            rep_len: LenDecoder::new(),
        }
    }
}

/// A decoding in progress: the model, the range coder's state and the position.
struct Decoder {
    model: Model,
    lc: u32,
    /// How many literal probabilities (`literal_probs`).
    literal_len: usize,
    lp_mask: usize,
    pb_mask: usize,
    /// The range coder between calls.
    coder: Coder,
    state: usize,
    reps: [usize; 4],
    /// Bytes written so far.
    n: usize,
    /// The literal probabilities in the caller's scratch are set.
    literals_ready: bool,
    /// The stream's end marker was read.
    ended: bool,
}

impl Decoder {
    fn new(input: &[u8], output_len: usize) -> Result<Decoder, Outcome> {
        let header = input.get(..9).ok_or(Outcome::InputEndsEarly)?;
        let (lc, lp, pb) = split_props(u32::from(header[0])).ok_or(Outcome::BadProperties)?;
        let size = u32::from_le_bytes([header[5], header[6], header[7], header[8]]);
        if size as usize != output_len {
            return Err(Outcome::SizeMismatch);
        }
        let rc = RangeDecoder::new(&input[9..]);
        Ok(Decoder {
            model: Model::new(),
            lc,
            literal_len: 0x300 << (lc + lp),
            lp_mask: (1usize << lp) - 1,
            pb_mask: (1usize << pb) - 1,
            coder: rc.s,
            state: 0,
            reps: [0; 4],
            n: 0,
            literals_ready: false,
            ended: false,
        })
    }

    fn run(&mut self, input: &[u8], out: &mut [u8], literals: &mut [u16], upto: usize) -> Outcome {
        let lc = self.lc;
        let Some(literals) = literals.get_mut(..self.literal_len) else {
            return Outcome::ScratchTooSmall;
        };
        if !self.literals_ready {
            literals.fill(HALF);
            self.literals_ready = true;
        }
        let mut rc = RangeDecoder {
            data: input.get(9..).unwrap_or(&[]),
            s: self.coder,
        };
        let m = &mut self.model;
        let (pb_mask, lp_mask) = (self.pb_mask, self.lp_mask);
        let [mut rep0, mut rep1, mut rep2, mut rep3] = self.reps;
        let (mut state, mut n) = (self.state, self.n);
        let upto = upto.min(out.len());
        let outcome = loop {
            if n >= upto || self.ended {
                break Outcome::More;
            }
            let pos_state = n & pb_mask;
            if rc.bit(&mut m.is_match[(state << 4) + pos_state]) == 0 {
                let prev = if n > 0 { usize::from(out[n - 1]) } else { 0 };
                let base = 0x300 * (((n & lp_mask) << lc) + (prev >> (8 - lc)));
                let probs = &mut literals[base..base + 0x300];
                let mut sym = 1usize;
                if state >= 7 {
                    // After a match the literal is coded against the byte at the last distance.
                    let Some(at) = n.checked_sub(rep0 + 1) else {
                        break Outcome::DistanceBeyondData;
                    };
                    let mut matched = usize::from(out[at]);
                    while sym < 0x100 {
                        let match_bit = (matched >> 7) & 1;
                        matched <<= 1;
                        let b = rc.bit(&mut probs[((1 + match_bit) << 8) + sym]);
                        sym = (sym << 1) | b;
                        if match_bit != b {
                            break;
                        }
                    }
                }
                while sym < 0x100 {
                    sym = (sym << 1) | rc.bit(&mut probs[sym]);
                }
                out[n] = sym as u8;
                n += 1;
                state = if state < 4 {
                    0
                } else if state < 10 {
                    state - 3
                } else {
                    state - 6
                };
                continue;
            }
            let len;
            if rc.bit(&mut m.is_rep[state]) != 0 {
                if n == 0 {
                    break Outcome::RepeatBeforeData;
                }
                if rc.bit(&mut m.is_rep_g0[state]) == 0 {
                    if rc.bit(&mut m.is_rep0_long[(state << 4) + pos_state]) == 0 {
                        // A single byte at the last distance.
                        state = if state < 7 { 9 } else { 11 };
                        let Some(at) = n.checked_sub(rep0 + 1) else {
                            break Outcome::DistanceBeyondData;
                        };
                        out[n] = out[at];
                        n += 1;
                        continue;
                    }
                } else {
                    let dist;
                    if rc.bit(&mut m.is_rep_g1[state]) == 0 {
                        dist = rep1;
                    } else {
                        if rc.bit(&mut m.is_rep_g2[state]) == 0 {
                            dist = rep2;
                        } else {
                            dist = rep3;
                            rep3 = rep2;
                        }
                        rep2 = rep1;
                    }
                    rep1 = rep0;
                    rep0 = dist;
                }
                len = m.rep_len.decode(&mut rc, pos_state);
                state = if state < 7 { 8 } else { 11 };
            } else {
                rep3 = rep2;
                rep2 = rep1;
                rep1 = rep0;
                len = m.len.decode(&mut rc, pos_state);
                state = if state < 7 { 7 } else { 10 };
                let len_state = len.min(NUM_LEN_TO_POS_STATES - 1);
                let slot = rc.tree(&mut m.pos_slot[len_state << 6..(len_state + 1) << 6], 6) as u32;
                let dist = if slot < 4 {
                    slot
                } else {
                    let direct_bits = (slot >> 1) - 1;
                    let base = (2 | (slot & 1)) << direct_bits;
                    if slot < END_POS_MODEL_INDEX {
                        // The tree at `base - slot` (its index 0 unused, as in the specification).
                        let at = (base - slot) as usize;
                        base + rc.reverse(&mut m.pos_decoders[at..], direct_bits)
                    } else {
                        let high = rc.direct(direct_bits - NUM_ALIGN_BITS) << NUM_ALIGN_BITS;
                        base.wrapping_add(high)
                            .wrapping_add(rc.reverse(&mut m.align, NUM_ALIGN_BITS))
                    }
                };
                if dist == u32::MAX {
                    self.ended = true; // the end marker
                    continue;
                }
                rep0 = dist as usize;
            }
            let Some(mut from) = n.checked_sub(rep0 + 1) else {
                break Outcome::DistanceBeyondData;
            };
            // Byte by byte: the source may overlap what this match writes.
            let end = out.len().min(n + len + MATCH_MIN_LEN);
            while n < end {
                out[n] = out[from];
                n += 1;
                from += 1;
            }
        };
        self.coder = rc.s;
        (self.reps, self.state, self.n) = ([rep0, rep1, rep2, rep3], state, n);
        match outcome {
            Outcome::More if rc.s.overrun => Outcome::InputEndsEarly,
            Outcome::More if self.ended && n != out.len() => Outcome::DataEndsEarly,
            Outcome::More if self.ended || n == out.len() => Outcome::Ok,
            other => other,
        }
    }
}

#[cfg(target_arch = "wasm32")]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}
