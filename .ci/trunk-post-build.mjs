// Trunk post-build hook: make the page load under `connect-src 'none'` with no inline script.
//
// Trunk's default loader is an inline <script> that fetch()es the .wasm file; a strict
// Content-Security-Policy forbids both. This hook ships the wasm bytes inside a same-origin
// JavaScript module (allowed by `script-src 'self'`), replaces the inline loader with an
// external boot module, and drops the wasm preload link. In release builds it also minifies
// wasm-bindgen's JS glue with esbuild (Trunk minifies CSS and HTML but leaves the glue as
// generated), and updates that file's integrity hash. It runs for `trunk build` and
// `trunk serve` alike, in Trunk's staging directory.
import { readFileSync, writeFileSync, readdirSync, unlinkSync } from "node:fs";
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { join } from "node:path";

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error("trunk-post-build: TRUNK_STAGING_DIR is not set (run me from Trunk)");
  process.exit(1);
}
const htmlPath = join(dir, "index.html");
let html = readFileSync(htmlPath, "utf8");

// Attributes may be quoted or not (Trunk's release builds minify the HTML).
const inline = html.match(/<script type="?module"?>([\s\S]*?)<\/script>/);
if (!inline) {
  console.error("trunk-post-build: Trunk's inline loader script was not found in index.html");
  process.exit(1);
}
const js = inline[1].match(/from '([^']+\.js)'/);
const wasm = inline[1].match(/module_or_path: '([^']+_bg\.wasm)'/) || inline[1].match(/init\('([^']+_bg\.wasm)'\)/);
if (!js || !wasm) {
  console.error("trunk-post-build: could not find the JS glue and wasm names in the loader");
  process.exit(1);
}
const base = js[1].slice(0, js[1].lastIndexOf("/") + 1);
const wasmFile = wasm[1].slice(base.length);
const jsFile = js[1].slice(base.length);

// Release builds: the glue minified (about 3 KB gzipped), its Subresource Integrity hash in the
// page replaced, or the browser would refuse the changed file.
if (process.env.TRUNK_PROFILE === "release") {
  const { transformSync } = await import("esbuild");
  const path = join(dir, jsFile);
  const source = readFileSync(path);
  const sri = (b) => `sha384-${createHash("sha384").update(b).digest("base64")}`;
  const { code } = transformSync(source.toString("utf8"), { minify: true, format: "esm", target: "es2022" });
  writeFileSync(path, code);
  html = html.split(sri(source)).join(sri(Buffer.from(code)));
}

// The wasm ships LZMA-compressed (23% smaller than gzip on the wire), base64-encoded in a
// JavaScript module; the boot module decodes it with static/lzma.js. Python's lzma module
// (CPython is on every machine) does the compression; the format is described in lzma.js.
const bytes = readFileSync(join(dir, wasmFile));
const packed = execFileSync("python3", ["-c", `
import lzma, struct, sys
d = sys.stdin.buffer.read()
lc, lp, pb, dict_size = 4, 0, 0, 1 << 22
x = lzma.compress(d, format=lzma.FORMAT_RAW, filters=[{"id": lzma.FILTER_LZMA1, "preset": 9 | lzma.PRESET_EXTREME, "lc": lc, "lp": lp, "pb": pb, "dict_size": dict_size}])
sys.stdout.buffer.write(bytes([(pb * 5 + lp) * 9 + lc]) + struct.pack("<II", dict_size, len(d)) + x)
`], { input: bytes, maxBuffer: 64 << 20 });
const wasmModule = wasmFile.replace(/\.wasm$/, ".lzma.js");
writeFileSync(join(dir, wasmModule), `export default "${packed.toString("base64")}";\n`);
unlinkSync(join(dir, wasmFile));

const decoderSource = readFileSync(new URL("../static/lzma.js", import.meta.url), "utf8");
const decoderName = `lzma-${createHash("sha256").update(decoderSource).digest("hex").slice(0, 16)}.js`;
for (const f of readdirSync(dir)) {
  if (/^lzma-[0-9a-f]{16}\.js$/.test(f) && f !== decoderName) unlinkSync(join(dir, f));
}
writeFileSync(join(dir, decoderName), decoderSource);

const boot = `import init, * as bindings from "./${jsFile}";
import packed from "./${wasmModule}";
import { lzmaDecode } from "./${decoderName}";
const raw = atob(packed);
const data = new Uint8Array(raw.length);
for (let i = 0; i < raw.length; i++) data[i] = raw.charCodeAt(i);
const wasm = await init({ module_or_path: lzmaDecode(data) });
window.wasmBindings = bindings;
dispatchEvent(new CustomEvent("TrunkApplicationStarted", { detail: { wasm } }));
`;
const bootName = `boot-${createHash("sha256").update(boot).digest("hex").slice(0, 16)}.js`;
for (const f of readdirSync(dir)) {
  if (/^boot-[0-9a-f]{16}\.js$/.test(f) && f !== bootName) unlinkSync(join(dir, f));
}
writeFileSync(join(dir, bootName), boot);

html = html.replace(inline[0], `<script type="module" src="${base}${bootName}"></script>`);
html = html.replace(/<link\b[^>]*\bhref="?[^" >]*_bg\.wasm[" >][^>]*>/g, "");
html = html.replace(
  "</head>",
  `<link rel="modulepreload" href="${base}${wasmModule}"><link rel="modulepreload" href="${base}${decoderName}"></head>`,
);
writeFileSync(htmlPath, html);
console.log(`trunk-post-build: ${wasmFile} (${bytes.length} bytes) shipped LZMA-compressed (${packed.length} bytes) as ${wasmModule}; loader ${bootName}`);
