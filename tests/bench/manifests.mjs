// Manifests for the benchmarks (tests/bench/bench.mjs): the project's own real-world files and
// generated variants of the kubernetes.io example, one in ten with the mistakes people make.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

export const EXAMPLE = readFileSync("static/examples/web.yaml", "utf8");

/** The example with `replicas` replicas (as the native benchmark makes it). */
export function example(replicas) {
  return EXAMPLE.replace("replicas: 2", `replicas: ${replicas}`);
}

/** Every example and built-in scenario: real manifests with comments, probes, sidecars. */
export function realWorld() {
  const out = [];
  for (const dir of ["static/examples", "static/scenarios"]) {
    for (const f of readdirSync(dir).sort()) {
      if (f.endsWith(".yaml")) out.push({ name: `${dir}/${f}`, text: readFileSync(join(dir, f), "utf8") });
    }
  }
  return out;
}

const MISTAKES = [
  (t) => t.replace(/replicas: \d+/, 'replicas: "three"'), // wrong type
  (t) => t.replace("serviceName:", "serviceNam:"), // unknown field
  (t) => t.replace(/name: (web-\d+)\nspec/, "name: Web_$1\nspec"), // invalid name
  (t) => t.replace("containerPort: 80", "containerPort: 80000"), // out of range
  (t) => t.replace("      app: nginx-", "      app: other-"), // selector does not match the template
];

/** `n` generated manifests (a headless Service and a StatefulSet each); every tenth has a mistake. */
export function generated(n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    let t = EXAMPLE.replaceAll("app: nginx", `app: nginx-${i}`)
      .replace("name: nginx\n", `name: nginx-${i}\n`)
      .replace('serviceName: "nginx"', `serviceName: "nginx-${i}"`)
      .replace("nginx-slim:0.24", `nginx-slim:0.${20 + (i % 8)}`)
      .replace("name: web\nspec", `name: web-${i}\nspec`)
      .replace("replicas: 2", `replicas: ${1 + (i % 5)}`)
      .replace("storage: 1Gi", `storage: ${1 + (i % 10)}Gi`);
    if (i % 10 === 9) t = MISTAKES[(i / 10 | 0) % MISTAKES.length](t);
    out.push({ name: `m${String(i).padStart(4, "0")}.yaml`, text: t });
  }
  return out;
}
