// The page's LZMA decoder (static/lzma.js) against Python's encoder, the one the build uses.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { lzmaDecode } from "../../static/lzma.js";

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

test("decodes what Python's lzma encodes, byte for byte", () => {
  const samples = {
    empty: Buffer.alloc(0),
    one: Buffer.from("a"),
    random: randomBytes(200_000),
    repeats: Buffer.from("statefulset ".repeat(50_000)),
    text: readFileSync("ARCHITECTURE.md"),
    binary: readFileSync("static/screenshot.png"),
  };
  for (const [name, data] of Object.entries(samples)) {
    const out = lzmaDecode(pack(data));
    assert.ok(Buffer.from(out).equals(data), name);
  }
  // Other literal/position settings decode too.
  const text = readFileSync("README.md");
  for (const [lc, lp, pb] of [[3, 0, 2], [0, 2, 0], [1, 1, 1]]) {
    assert.ok(Buffer.from(lzmaDecode(pack(text, lc, lp, pb))).equals(text), `lc=${lc} lp=${lp} pb=${pb}`);
  }
});

test("damaged input fails with an error, never a wrong result", () => {
  const data = readFileSync("ARCHITECTURE.md");
  const packed = pack(data);
  assert.throws(() => lzmaDecode(packed.slice(0, packed.length / 2)), /lzma/);
  const flipped = packed.slice();
  flipped[200] ^= 0xff;
  let out;
  try {
    out = lzmaDecode(flipped);
  } catch (e) {
    assert.match(String(e), /lzma/);
    return;
  }
  assert.ok(!Buffer.from(out).equals(data), "a flipped byte cannot decode to the original");
});
