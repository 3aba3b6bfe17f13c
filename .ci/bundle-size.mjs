// Prints the size of what the browser downloads (every file dist/index.html references:
// wasm module, JS, CSS), raw, gzipped and brotli'd, and fails above the budget.
// Usage: node .ci/bundle-size.mjs [dist] [--json]
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";

const dist = process.argv.find((a, i) => i > 1 && !a.startsWith("--")) ?? "dist";
const BUDGET = 400 * 1000; // bytes, gzipped, all files together
const html = readFileSync(join(dist, "index.html"), "utf8");
// Quoted or not: release builds minify the HTML.
const refs = new Set([...html.matchAll(/\b(?:src|href)="?\/?([^"#? >]+\.(?:js|css|wasm))[" >]/g)].map((m) => m[1]));
refs.add("index.html");
const rows = [];
for (const f of [...refs].sort()) {
  const data = readFileSync(join(dist, f));
  rows.push({
    file: f,
    raw: data.length,
    gzip: gzipSync(data, { level: 9 }).length,
    brotli: brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  });
}
const total = rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), { raw: 0, gzip: 0, brotli: 0 });
const kb = (n) => (n / 1000).toFixed(1).padStart(8) + " KB";
console.log("file".padEnd(48) + "raw".padStart(11) + "gzip".padStart(11) + "brotli".padStart(11));
for (const r of rows) console.log(r.file.padEnd(48) + kb(r.raw) + kb(r.gzip) + kb(r.brotli));
console.log("total".padEnd(48) + kb(total.raw) + kb(total.gzip) + kb(total.brotli));
writeFileSync(join(dist, "bundle-size.json"), JSON.stringify({ files: rows, total, budget: BUDGET }, null, 2));
if (total.gzip > BUDGET) {
  console.error(`bundle is ${total.gzip} bytes gzipped, over the ${BUDGET}-byte budget`);
  process.exit(1);
}
console.log(`within budget: ${(total.gzip / 1000).toFixed(1)} KB of ${BUDGET / 1000} KB gzipped`);
