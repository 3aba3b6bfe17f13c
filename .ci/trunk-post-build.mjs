// Trunk post-build hook: make the page load under `connect-src 'none'` with no inline script,
// and load the terminal after the first screen.
//
// Trunk's default loader is an inline <script> that fetch()es the .wasm file; a strict
// Content-Security-Policy forbids both. This hook ships the wasm bytes inside same-origin
// JavaScript modules (allowed by `script-src 'self'`), replaces the inline loader with an
// external boot module, and drops the wasm preload link. It runs for `trunk build` and
// `trunk serve` alike, in Trunk's staging directory.
//
// Splitting: the app is built with the `lazy-terminal` feature (index.html), whose split point
// (`src/web/lazy.rs`) marks everything the terminal reaches. `wasm-split-cli` (installed by
// .ci/setup) cuts Cargo's module (linked with `--emit-relocs`, .cargo/config.toml) into the
// first-screen module and a terminal chunk; wasm-bindgen then builds the glue for the first,
// replacing what Trunk made of the unsplit module. The chunk ships like the main module
// (LZMA, base64, a JS module) and a small link module of ours loads it on demand: the
// generated one fetch()es, which the CSP forbids.
//
// Release builds also minify wasm-bindgen's JS glue with esbuild (Trunk minifies CSS and HTML
// but leaves the glue as generated), and update that file's integrity hash.
import { readFileSync, writeFileSync, readdirSync, unlinkSync, mkdtempSync, rmSync, existsSync } from "node:fs";
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { join, dirname } from "node:path";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { decoderSource } from "./lzma-decoder.mjs";

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error("trunk-post-build: TRUNK_STAGING_DIR is not set (run me from Trunk)");
  process.exit(1);
}
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const release = process.env.TRUNK_PROFILE === "release";
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

const hash = (data) => createHash("sha256").update(data).digest("hex").slice(0, 16);
const sri = (b) => `sha384-${createHash("sha384").update(b).digest("base64")}`;
/** Writes `name-HASH.js` with `content`, removing older builds of it; returns the file name. */
function writeHashed(name, content) {
  const file = `${name}-${hash(content)}.js`;
  const pattern = new RegExp(`^${name}-[0-9a-f]{16}\\.js$`);
  for (const f of readdirSync(dir)) if (pattern.test(f) && f !== file) unlinkSync(join(dir, f));
  writeFileSync(join(dir, file), content);
  return file;
}
/** Replaces the glue file's contents, keeping the page's integrity hash right. */
function replaceGlue(code) {
  const path = join(dir, jsFile);
  const before = readFileSync(path);
  writeFileSync(path, code);
  html = html.split(sri(before)).join(sri(Buffer.from(code)));
}
const wasmOpt = (path, extra = []) => {
  if (release) execFileSync("wasm-opt", ["-Oz", "--converge", ...extra, path, "-o", path], { stdio: "inherit" });
};

// The wasm ships LZMA-compressed (23% smaller than gzip on the wire), base64-encoded in a
// JavaScript module; static/lzma.js decodes it with a small WebAssembly decoder of its own
// (src/lzma, built by .ci/lzma-decoder.mjs). Python's lzma module (CPython is on every machine)
// does the compression; the format is described in lzma.js.
function pack(bytes) {
  return execFileSync("python3", ["-c", `
import lzma, struct, sys
d = sys.stdin.buffer.read()
lc, lp, pb, dict_size = 4, 0, 0, 1 << 22
x = lzma.compress(d, format=lzma.FORMAT_RAW, filters=[{"id": lzma.FILTER_LZMA1, "preset": 9 | lzma.PRESET_EXTREME, "lc": lc, "lp": lp, "pb": pb, "dict_size": dict_size}])
sys.stdout.buffer.write(bytes([(pb * 5 + lp) * 9 + lc]) + struct.pack("<II", dict_size, len(d)) + x)
`], { input: bytes, maxBuffer: 64 << 20 });
}

// Release builds minify it like the glue (below).
const decoderName = writeHashed(
  "lzma",
  release
    ? (await import("esbuild")).transformSync(decoderSource(), { minify: true, format: "esm", target: "es2022" }).code
    : decoderSource(),
);

// --- Splitting the terminal off -------------------------------------------------------------
const targetDir = process.env.CARGO_TARGET_DIR || join(root, "target");
const artifact = join(targetDir, "wasm32-unknown-unknown", release ? "web" : "debug", "stsplay-web.wasm");
const chunks = [];
if (existsSync(artifact) && readFileSync(artifact).includes("__wasm_split_load_")) {
  const tmp = mkdtempSync(join(tmpdir(), "stsplay-split-"));
  try {
    execFileSync("wasm-split-cli", ["--target", "web", artifact, tmp], { stdio: "inherit" });
    execFileSync("wasm-bindgen", [join(tmp, "main.wasm"), "--out-dir", join(tmp, "bg"), "--target", "web", "--no-typescript", "--keep-lld-exports", "--out-name", "main"], { stdio: "inherit" });
    const main = join(tmp, "bg", "main_bg.wasm");
    wasmOpt(main);
    writeFileSync(join(dir, wasmFile), readFileSync(main));
    for (const f of readdirSync(tmp).filter((f) => /^split_.*\.wasm$/.test(f))) {
      const chunk = join(tmp, f);
      wasmOpt(chunk, ["--strip-debug", "--strip-producers"]);
      const name = f.slice("split_".length, -".wasm".length);
      const bytes = readFileSync(chunk);
      const file = writeHashed(`${name}.lzma`, `export default "${pack(bytes).toString("base64")}";\n`);
      chunks.push({ name, file, size: bytes.length });
    }
    // The chunks' loader: the main module imports `__wasm_split_load_NAME(callback, data)` from
    // "./__wasm_split.js"; it instantiates the chunk against the main module's exports (memory,
    // table, the stack pointer: every import the chunk names) and reports back through the
    // table, as wasm_split_helpers expects.
    const link = `import { initSync } from "./${jsFile}";
import { unpackBase64 } from "./${decoderName}";
const sources = { ${chunks.map((c) => `${JSON.stringify(c.name)}: () => import("./${c.file}")`).join(", ")} };
const loading = {};
function load(name) {
  return (loading[name] ??= (async () => {
    const { default: packed } = await sources[name]();
    const module = await WebAssembly.compile(await unpackBase64(packed));
    const exports = initSync(undefined);
    const imports = {};
    for (const i of WebAssembly.Module.imports(module)) (imports[i.module] ??= {})[i.name] = exports[i.name];
    await WebAssembly.instantiate(module, imports);
  })().catch((e) => { loading[name] = undefined; throw e; }));
}
function loader(name) {
  return (callback, data) => load(name).then(() => true, (e) => { console.error(e); return false; })
    .then((ok) => initSync(undefined).__indirect_function_table.get(callback)(data, ok));
}
${chunks.map((c) => `export const __wasm_split_load_${c.name} = loader(${JSON.stringify(c.name)});`).join("\n")}
`;
    const linkName = writeHashed("split", link);
    // Only the import's specifier changes: the imports object keeps the module name the
    // wasm asks for.
    const glue = readFileSync(join(tmp, "bg", "main.js"), "utf8").replace(/(from\s*)"\.\/__wasm_split\.js"/, `$1"./${linkName}"`);
    replaceGlue(glue);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

// Release builds: the glue minified (about 3 KB gzipped), its Subresource Integrity hash in the
// page replaced, or the browser would refuse the changed file.
if (release) {
  const { transformSync } = await import("esbuild");
  const { code } = transformSync(readFileSync(join(dir, jsFile), "utf8"), { minify: true, format: "esm", target: "es2022" });
  replaceGlue(code);
}

const bytes = readFileSync(join(dir, wasmFile));
const packed = pack(bytes);
const wasmModule = wasmFile.replace(/\.wasm$/, ".lzma.js");
writeFileSync(join(dir, wasmModule), `export default "${packed.toString("base64")}";\n`);
unlinkSync(join(dir, wasmFile));

const boot = `import init, * as bindings from "./${jsFile}";
import packed from "./${wasmModule}";
import { unpackBase64 } from "./${decoderName}";
const wasm = await init({ module_or_path: await unpackBase64(packed) });
window.wasmBindings = bindings;
dispatchEvent(new CustomEvent("TrunkApplicationStarted", { detail: { wasm } }));
`;
const bootName = writeHashed("boot", boot);

html = html.replace(inline[0], `<script type="module" src="${base}${bootName}"></script>`);
html = html.replace(/<link\b[^>]*\bhref="?[^" >]*_bg\.wasm[" >][^>]*>/g, "");
html = html.replace(
  "</head>",
  `<link rel="modulepreload" href="${base}${wasmModule}"><link rel="modulepreload" href="${base}${decoderName}"></head>`,
);
writeFileSync(htmlPath, html);
console.log(`trunk-post-build: ${wasmFile} (${bytes.length} bytes) shipped LZMA-compressed (${packed.length} bytes) as ${wasmModule}; loader ${bootName}`);
for (const c of chunks) console.log(`trunk-post-build: chunk ${c.name} (${c.size} bytes) loads on demand from ${c.file}`);
