// The JavaScript peer of our engine, as a web playground written in JavaScript would check a
// manifest: js-yaml parses every document, kubernetes-models validates each StatefulSet and
// Service against the Kubernetes OpenAPI schema (precompiled Ajv validators). esbuild bundles
// this file into one minified script (tests/bench/bench.mjs); the page gets `peerValidate`.
import { loadAll } from "js-yaml";
import { StatefulSet } from "kubernetes-models/apps/v1/StatefulSet";
import { Service } from "kubernetes-models/v1/Service";

/** Parses and validates `text`; returns how many problems were found. */
globalThis.peerValidate = (text) => {
  let docs;
  try {
    docs = loadAll(text);
  } catch {
    return 1; // a YAML syntax error stops js-yaml at the first one
  }
  let problems = 0;
  for (const doc of docs) {
    if (!doc || typeof doc !== "object") continue;
    const Model = doc.kind === "StatefulSet" ? StatefulSet : doc.kind === "Service" ? Service : null;
    if (!Model) continue;
    try {
      new Model(doc).validate();
    } catch (e) {
      problems += e?.errors?.length ?? 1;
    }
  }
  return problems;
};
