// Unpacks the page's own WebAssembly, which ships LZMA-compressed: 23% fewer bytes on the wire
// than gzip (see ARCHITECTURE.md, "Loading under a strict CSP").
//
// The decoder is Rust compiled to a WebAssembly module of its own (src/lzma/lib.rs, a few KB),
// which the build (.ci/lzma-decoder.mjs) writes into this file base64-encoded in place of the
// marker below. Chromium runs it two to three times faster than the same decoder in JavaScript,
// whose every typed-array access pays for V8's sandbox.
//
// Input: props byte (lc, lp, pb), 4-byte little-endian dictionary size, 4-byte little-endian
// decompressed size, then a raw LZMA1 stream, as .ci/trunk-post-build.mjs packs it.

const DECODER = "@LZMA_DECODER_WASM@";

/** What the decoder's `begin` and `resume` return, by number (src/lzma/lib.rs, `Outcome`). */
const FAILURES = [
  undefined,
  "bad properties",
  "input ends early",
  "repeat before any data",
  "distance beyond the data",
  "data ends early",
  "no room for the probabilities",
  "size does not match the header",
  undefined, // more to come
  "not started",
];
const MORE = 8;
/** Bytes decoded per call: V8 optimises the decoder between calls, never within one. */
const SLICE = 1 << 16;

function fromBase64(text) {
  if (Uint8Array.fromBase64) return Uint8Array.fromBase64(text);
  const raw = atob(text);
  const data = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) data[i] = raw.charCodeAt(i);
  return data;
}

let compiled;

/** Decompresses `data` (header as described above) into a new Uint8Array. */
export async function lzmaDecode(data) {
  compiled ??= WebAssembly.compile(fromBase64(DECODER));
  // A fresh instance each time: its memory (input, output and probabilities, a few MB) goes
  // with it once the bytes are copied out.
  const x = (await WebAssembly.instantiate(await compiled)).exports;
  if (data.length < 9) throw new Error("lzma: input ends early");
  const size = (data[5] | (data[6] << 8) | (data[7] << 16) | (data[8] << 24)) >>> 0;
  const probs = x.literal_probs(data[0]);
  if (probs === 0) throw new Error("lzma: bad properties");
  const input = (x.__heap_base.value + 7) & ~7;
  const output = input + data.length;
  const scratch = (output + size + 1) & ~1;
  const end = scratch + 2 * probs;
  const have = x.memory.buffer.byteLength;
  if (end > have) x.memory.grow(Math.ceil((end - have) / 65536));
  new Uint8Array(x.memory.buffer, input, data.length).set(data);
  let outcome = x.begin(input, data.length, size);
  if (outcome === 0) {
    let upto = 0;
    do {
      upto += SLICE;
      outcome = x.resume(input, data.length, output, size, scratch, probs, upto);
    } while (outcome === MORE);
  }
  if (outcome !== 0) throw new Error(`lzma: ${FAILURES[outcome] ?? `failure ${outcome}`}`);
  return new Uint8Array(x.memory.buffer, output, size).slice();
}

/** Decodes a module shipped as base64 text (what the build writes into `*.lzma.js`). */
export function unpackBase64(text) {
  return lzmaDecode(fromBase64(text));
}
