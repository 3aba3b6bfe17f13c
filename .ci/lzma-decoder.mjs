// Builds the page's LZMA decoder: src/lzma (Rust, no dependencies) compiled to WebAssembly,
// optimised by wasm-opt, and written base64-encoded into static/lzma.js in place of its marker.
// Used by .ci/trunk-post-build.mjs and by the decoder's tests (tests/e2e/lzma.test.mjs).
import { readFileSync, existsSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const MARKER = "@LZMA_DECODER_WASM@";

/** The decoder's WebAssembly bytes (a build of a few hundred milliseconds once cached). */
export function decoderWasm() {
  const targetDir = join(root, "target", "lzma");
  execFileSync(
    "cargo",
    ["build", "--quiet", "--release", "--target", "wasm32-unknown-unknown", "--manifest-path", join(root, "src/lzma/Cargo.toml"), "--target-dir", targetDir],
    // Without the main crate's `--emit-relocs` (.cargo/config.toml), which only the split needs.
    { stdio: "inherit", env: { ...process.env, RUSTFLAGS: "", CARGO_ENCODED_RUSTFLAGS: "" } },
  );
  const built = join(targetDir, "wasm32-unknown-unknown", "release", "stsplay_lzma.wasm");
  const out = join(targetDir, "stsplay_lzma.opt.wasm");
  // npm's binaryen (.ci/setup), wherever the caller's PATH looks.
  const local = join(root, "node_modules", ".bin", "wasm-opt");
  execFileSync(existsSync(local) ? local : "wasm-opt", ["-O3", "--strip-debug", "--strip-producers", "--strip-target-features", built, "-o", out], { stdio: "inherit" });
  return readFileSync(out);
}

/** static/lzma.js with the decoder in it: the module the page imports. */
export function decoderSource() {
  const source = readFileSync(join(root, "static/lzma.js"), "utf8");
  if (!source.includes(MARKER)) throw new Error(`static/lzma.js has no ${MARKER}`);
  return source.replace(MARKER, decoderWasm().toString("base64"));
}
