// A small LZMA decoder for the page's own WebAssembly, which ships LZMA-compressed: 23% fewer
// bytes on the wire than gzip (see ARCHITECTURE.md, "Loading under a strict CSP").
//
// Input: props byte (lc, lp, pb), 4-byte little-endian dictionary size, 4-byte little-endian
// decompressed size, then a raw LZMA1 stream (an end marker, if present, is honoured).
// Written from the LZMA specification (Igor Pavlov's lzma-specification.txt): range decoder,
// literal, match and repeat-match models. It decodes only data this project compressed.

const kNumStates = 12;
const kMatchMinLen = 2;
const kEndPosModelIndex = 14;
const kNumFullDistances = 128;
const kNumAlignBits = 4;
const kNumLenToPosStates = 4;

function probs(n) {
  return new Uint16Array(n).fill(1024);
}

// The range and the code are unsigned 32-bit values kept in signed int32 variables (`| 0`),
// compared unsigned by flipping the sign bit: the JIT then works on machine integers rather than
// on doubles, which numbers above 2^31 would otherwise become.
class RangeDecoder {
  constructor(data, pos) {
    this.data = data;
    this.pos = pos + 1; // the first byte is always 0
    this.range = -1;
    this.code = 0;
    for (let i = 0; i < 4; i++) this.code = (this.code << 8) | this.byte();
  }
  byte() {
    if (this.pos >= this.data.length) throw new Error("lzma: input ends early");
    return this.data[this.pos++];
  }
  bit(p, i) {
    const prob = p[i];
    const bound = Math.imul(this.range >>> 11, prob);
    let b;
    if ((this.code ^ 0x80000000) < (bound ^ 0x80000000)) {
      this.range = bound;
      p[i] = prob + ((2048 - prob) >>> 5);
      b = 0;
    } else {
      this.range = (this.range - bound) | 0;
      this.code = (this.code - bound) | 0;
      p[i] = prob - (prob >>> 5);
      b = 1;
    }
    if ((this.range & 0xff000000) === 0) {
      this.range <<= 8;
      this.code = (this.code << 8) | this.byte();
    }
    return b;
  }
  direct(n) {
    let res = 0;
    for (; n > 0; n--) {
      this.range = this.range >>> 1;
      let b = 0;
      if ((this.code ^ 0x80000000) >= (this.range ^ 0x80000000)) {
        this.code = (this.code - this.range) | 0;
        b = 1;
      }
      this.range |= 0;
      res = (res << 1) | b;
      if ((this.range & 0xff000000) === 0) {
        this.range <<= 8;
        this.code = (this.code << 8) | this.byte();
      }
    }
    return res >>> 0;
  }
  tree(p, base, bits) {
    let m = 1;
    for (let i = 0; i < bits; i++) m = (m << 1) | this.bit(p, base + m);
    return m - (1 << bits);
  }
  reverse(p, base, bits) {
    let m = 1, sym = 0;
    for (let i = 0; i < bits; i++) {
      const b = this.bit(p, base + m);
      m = (m << 1) | b;
      sym |= b << i;
    }
    return sym;
  }
}

class LenDecoder {
  constructor() {
    this.choice = probs(2);
    this.low = probs(16 << 3);
    this.mid = probs(16 << 3);
    this.high = probs(256);
  }
  decode(rc, posState) {
    if (rc.bit(this.choice, 0) === 0) return rc.tree(this.low, posState << 3, 3);
    if (rc.bit(this.choice, 1) === 0) return 8 + rc.tree(this.mid, posState << 3, 3);
    return 16 + rc.tree(this.high, 0, 8);
  }
}

/** Decompresses `data` (header as described above) into a Uint8Array. */
export function lzmaDecode(data) {
  let d = data[0];
  if (d >= 9 * 5 * 5) throw new Error("lzma: bad properties");
  const lc = d % 9;
  d = (d / 9) | 0;
  const lp = d % 5;
  const pb = (d / 5) | 0;
  const outSize = data[5] | (data[6] << 8) | (data[7] << 16) | (data[8] << 24);
  const out = new Uint8Array(outSize >>> 0);
  const rc = new RangeDecoder(data, 9);
  const literals = probs(0x300 << (lc + lp));
  const isMatch = probs(kNumStates << 4);
  const isRep = probs(kNumStates);
  const isRepG0 = probs(kNumStates);
  const isRepG1 = probs(kNumStates);
  const isRepG2 = probs(kNumStates);
  const isRep0Long = probs(kNumStates << 4);
  const posSlot = probs(kNumLenToPosStates << 6);
  const posDecoders = probs(1 + kNumFullDistances - kEndPosModelIndex);
  const align = probs(1 << kNumAlignBits);
  const lenDecoder = new LenDecoder();
  const repLenDecoder = new LenDecoder();
  const pbMask = (1 << pb) - 1;
  const lpMask = (1 << lp) - 1;
  let state = 0, rep0 = 0, rep1 = 0, rep2 = 0, rep3 = 0, n = 0;
  while (n < out.length) {
    const posState = n & pbMask;
    if (rc.bit(isMatch, (state << 4) + posState) === 0) {
      const prev = n > 0 ? out[n - 1] : 0;
      const base = 0x300 * (((n & lpMask) << lc) + (prev >>> (8 - lc)));
      let sym = 1;
      if (state >= 7) {
        let match = out[n - rep0 - 1];
        while (sym < 0x100) {
          const mbit = (match >>> 7) & 1;
          match <<= 1;
          const b = rc.bit(literals, base + ((1 + mbit) << 8) + sym);
          sym = (sym << 1) | b;
          if (mbit !== b) break;
        }
      }
      while (sym < 0x100) sym = (sym << 1) | rc.bit(literals, base + sym);
      out[n++] = sym & 0xff;
      state = state < 4 ? 0 : state < 10 ? state - 3 : state - 6;
      continue;
    }
    let len;
    if (rc.bit(isRep, state) !== 0) {
      if (n === 0) throw new Error("lzma: repeat before any data");
      if (rc.bit(isRepG0, state) === 0) {
        if (rc.bit(isRep0Long, (state << 4) + posState) === 0) {
          state = state < 7 ? 9 : 11;
          out[n] = out[n - rep0 - 1];
          n++;
          continue;
        }
      } else {
        let dist;
        if (rc.bit(isRepG1, state) === 0) {
          dist = rep1;
        } else {
          if (rc.bit(isRepG2, state) === 0) {
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
      len = repLenDecoder.decode(rc, posState);
      state = state < 7 ? 8 : 11;
    } else {
      rep3 = rep2;
      rep2 = rep1;
      rep1 = rep0;
      len = lenDecoder.decode(rc, posState);
      state = state < 7 ? 7 : 10;
      const lenState = Math.min(len, kNumLenToPosStates - 1);
      const slot = rc.tree(posSlot, lenState << 6, 6);
      if (slot < 4) {
        rep0 = slot;
      } else {
        const numDirect = (slot >>> 1) - 1;
        let dist = ((2 | (slot & 1)) << numDirect) >>> 0;
        if (slot < kEndPosModelIndex) {
          dist += rc.reverse(posDecoders, dist - slot, numDirect);
        } else {
          dist += rc.direct(numDirect - kNumAlignBits) << kNumAlignBits;
          dist += rc.reverse(align, 0, kNumAlignBits);
        }
        rep0 = dist >>> 0;
      }
      if (rep0 === 0xffffffff) break; // end marker
    }
    len += kMatchMinLen;
    if (rep0 >= n) throw new Error("lzma: distance beyond the data");
    for (; len > 0 && n < out.length; len--, n++) out[n] = out[n - rep0 - 1];
  }
  if (n !== out.length) throw new Error("lzma: data ends early");
  return out;
}

/** Decodes a module shipped as base64 text (what the build writes into `*.lzma.js`). */
export function unpackBase64(text) {
  if (Uint8Array.fromBase64) return lzmaDecode(Uint8Array.fromBase64(text));
  const raw = atob(text);
  const data = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) data[i] = raw.charCodeAt(i);
  return lzmaDecode(data);
}
