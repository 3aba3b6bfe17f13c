// Prints the size of what the browser downloads, raw, gzipped and brotli'd, and fails when the
// first load is above the budget. The first load is every file dist/index.html references and
// every module those import statically; modules imported with `import()` load on demand (the
// terminal's chunk, fetched after the first screen) and are listed apart, not in the budget.
// Usage: node .ci/bundle-size.mjs [dist] [--json]
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";

const dist = process.argv.find((a, i) => i > 1 && !a.startsWith("--")) ?? "dist";
const BUDGET = 400 * 1000; // bytes, gzipped, the first load
const html = readFileSync(join(dist, "index.html"), "utf8");
// Quoted or not: release builds minify the HTML.
const first = new Set([...html.matchAll(/\b(?:src|href)="?\/?([^"#? >]+\.(?:js|css|wasm))[" >]/g)].map((m) => m[1]));
first.add("index.html");
const later = new Set();
// Follow the JavaScript modules' imports: static ones load now, `import()` ones on demand.
const queue = [...first].filter((f) => f.endsWith(".js"));
const seen = new Set(queue);
while (queue.length) {
  const f = queue.shift();
  const src = readFileSync(join(dist, f), "utf8");
  for (const m of src.matchAll(/(import\s*\(\s*|from\s*|import\s*)["']\.\/([^"']+\.js)["']/g)) {
    const target = m[2];
    const dynamic = m[1].includes("(");
    (dynamic ? later : first).add(target);
    if (!seen.has(target)) {
      seen.add(target);
      queue.push(target);
    }
  }
}
for (const f of first) later.delete(f);
const measure = (f) => {
  const data = readFileSync(join(dist, f));
  return {
    file: f,
    raw: data.length,
    gzip: gzipSync(data, { level: 9 }).length,
    brotli: brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
};
const sum = (rows) => rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), { raw: 0, gzip: 0, brotli: 0 });
const rows = [...first].sort().map(measure);
const onDemand = [...later].sort().map(measure);
const total = sum(rows);
const kb = (n) => (n / 1000).toFixed(1).padStart(8) + " KB";
console.log("first load".padEnd(48) + "raw".padStart(11) + "gzip".padStart(11) + "brotli".padStart(11));
for (const r of rows) console.log(("  " + r.file).padEnd(48) + kb(r.raw) + kb(r.gzip) + kb(r.brotli));
console.log("total".padEnd(48) + kb(total.raw) + kb(total.gzip) + kb(total.brotli));
if (onDemand.length) {
  console.log("on demand");
  for (const r of onDemand) console.log(("  " + r.file).padEnd(48) + kb(r.raw) + kb(r.gzip) + kb(r.brotli));
}
writeFileSync(join(dist, "bundle-size.json"), JSON.stringify({ files: rows, total, onDemand, onDemandTotal: sum(onDemand), budget: BUDGET }, null, 2));
if (total.gzip > BUDGET) {
  console.error(`the first load is ${total.gzip} bytes gzipped, over the ${BUDGET}-byte budget`);
  process.exit(1);
}
console.log(`within budget: ${(total.gzip / 1000).toFixed(1)} KB of ${BUDGET / 1000} KB gzipped`);
