// Trunk post-build hook: make the page load under `connect-src 'none'` with no inline script.
//
// Trunk's default loader is an inline <script> that fetch()es the .wasm file; a strict
// Content-Security-Policy forbids both. This hook ships the wasm bytes inside a same-origin
// JavaScript module (allowed by `script-src 'self'`), replaces the inline loader with an
// external boot module, and drops the wasm preload link. It runs for `trunk build` and
// `trunk serve` alike, in Trunk's staging directory.
import { readFileSync, writeFileSync, readdirSync, unlinkSync } from "node:fs";
import { createHash } from "node:crypto";
import { join } from "node:path";

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error("trunk-post-build: TRUNK_STAGING_DIR is not set (run me from Trunk)");
  process.exit(1);
}
const htmlPath = join(dir, "index.html");
let html = readFileSync(htmlPath, "utf8");

const inline = html.match(/<script type="module">([\s\S]*?)<\/script>/);
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

// Each wasm byte becomes one character U+0000..U+00FF of a string literal (escaping only what
// a literal cannot hold). Gzipped, this costs about 7% over the raw wasm; base64 costs 35%.
const bytes = readFileSync(join(dir, wasmFile));
const parts = new Array(bytes.length);
for (let i = 0; i < bytes.length; i++) {
  const b = bytes[i];
  parts[i] =
    b === 0x5c ? "\\\\" : b === 0x22 ? '\\"' : b === 0x0a ? "\\n" : b === 0x0d ? "\\r" : b === 0 ? "\\x00" : String.fromCharCode(b);
}
const wasmModule = wasmFile + ".js";
writeFileSync(join(dir, wasmModule), `export default "${parts.join("")}";\n`, "utf8");
unlinkSync(join(dir, wasmFile));

const boot = `import init, * as bindings from "./${jsFile}";
import wasmText from "./${wasmModule}";
const bytes = new Uint8Array(wasmText.length);
for (let i = 0; i < bytes.length; i++) bytes[i] = wasmText.charCodeAt(i);
const wasm = await init({ module_or_path: bytes });
window.wasmBindings = bindings;
dispatchEvent(new CustomEvent("TrunkApplicationStarted", { detail: { wasm } }));
`;
const bootName = `boot-${createHash("sha256").update(boot).digest("hex").slice(0, 16)}.js`;
for (const f of readdirSync(dir)) {
  if (/^boot-[0-9a-f]{16}\.js$/.test(f) && f !== bootName) unlinkSync(join(dir, f));
}
writeFileSync(join(dir, bootName), boot);

html = html.replace(inline[0], `<script type="module" src="${base}${bootName}"></script>`);
html = html.replace(/<link rel="preload" href="[^"]*_bg\.wasm"[^>]*>/g, "");
html = html.replace(
  "</head>",
  `<link rel="modulepreload" href="${base}${wasmModule}"></head>`,
);
writeFileSync(htmlPath, html);
console.log(`trunk-post-build: ${wasmFile} (${bytes.length} bytes) shipped as ${wasmModule}; loader ${bootName}`);
