// The page's LZMA decoder (static/lzma.js running src/lzma's WebAssembly, as the build writes
// it) against Python's encoder, the one the build uses.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { decoderSource } from "../../.ci/lzma-decoder.mjs";

const built = join(mkdtempSync(join(tmpdir(), "stsplay-lzma-")), "lzma.js");
writeFileSync(built, decoderSource());
const { lzmaDecode } = await import(pathToFileURL(built).href);

/** Compresses as .ci/trunk-post-build.mjs does (same header, same settings by default). */
function pack(data, lc = 4, lp = 0, pb = 0) {
  return new Uint8Array(execFileSync("python3", ["-c", `
import lzma, struct, sys
d = sys.stdin.buffer.read()
lc, lp, pb, dict_size = ${lc}, ${lp}, ${pb}, 1 << 22
x = lzma.compress(d, format=lzma.FORMAT_RAW, filters=[{"id": lzma.FILTER_LZMA1, "preset": 9 | lzma.PRESET_EXTREME, "lc": lc, "lp": lp, "pb": pb, "dict_size": dict_size}])
sys.stdout.buffer.write(bytes([(pb * 5 + lp) * 9 + lc]) + struct.pack("<II", dict_size, len(d)) + x)
`], { input: data, maxBuffer: 64 << 20 }));
}

test("decodes what Python's lzma encodes, byte for byte", async () => {
  const samples = {
    empty: Buffer.alloc(0),
    one: Buffer.from("a"),
    random: randomBytes(200_000),
    repeats: Buffer.from("statefulset ".repeat(50_000)),
    text: readFileSync("ARCHITECTURE.md"),
    binary: readFileSync("static/screenshot.png"),
  };
  for (const [name, data] of Object.entries(samples)) {
    const out = await lzmaDecode(pack(data));
    assert.ok(Buffer.from(out).equals(data), name);
  }
  // Other literal/position settings decode too.
  const text = readFileSync("README.md");
  for (const [lc, lp, pb] of [[3, 0, 2], [0, 2, 0], [1, 1, 1]]) {
    assert.ok(Buffer.from(await lzmaDecode(pack(text, lc, lp, pb))).equals(text), `lc=${lc} lp=${lp} pb=${pb}`);
  }
});

test("damaged input fails with an error, never a wrong result", async () => {
  const data = readFileSync("ARCHITECTURE.md");
  const packed = pack(data);
  await assert.rejects(lzmaDecode(packed.slice(0, packed.length / 2)), /lzma/);
  const flipped = packed.slice();
  flipped[200] ^= 0xff;
  let out;
  try {
    out = await lzmaDecode(flipped);
  } catch (e) {
    assert.match(String(e), /lzma/);
    return;
  }
  assert.ok(!Buffer.from(out).equals(data), "a flipped byte cannot decode to the original");
});

test("any damage gives an lzma error or other bytes, never a trap or a hang", async () => {
  const data = readFileSync("static/lzma.js");
  const packed = pack(data);
  // A fixed sequence (xorshift), so a failure replays.
  let x = 0x2545f491;
  const next = () => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), x >>> 0);
  for (let i = 0; i < 300; i++) {
    const damaged = packed.slice(0, i % 3 === 0 ? 9 + (next() % (packed.length - 9)) : packed.length);
    for (let k = 0; k < 1 + (i % 4); k++) damaged[9 + (next() % (damaged.length - 9))] ^= 1 + (next() % 255);
    try {
      const out = await lzmaDecode(damaged);
      assert.equal(out.length, data.length, `case ${i}: the header's size`);
    } catch (e) {
      assert.match(String(e), /^Error: lzma: /, `case ${i}`);
    }
  }
});
