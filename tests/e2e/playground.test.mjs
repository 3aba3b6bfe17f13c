// End-to-end journeys in Chromium against the release build (node --test tests/e2e/).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { serve, launch, ARTIFACTS } from "./harness.mjs";
import { Playground } from "./pages/playground.mjs";
import { expect } from "./pages/expect.mjs";

const EXAMPLE = readFileSync("static/examples/web.yaml", "utf8");
let server, browser;

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await serve("dist");
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function openPlayground() {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  const app = new Playground(page);
  await app.open(server.url);
  return { page, app, errors };
}

test("the example shows pods, their PVCs and DNS names", async () => {
  const { page, app, errors } = await openPlayground();
  await app.expectPods(["web-0", "web-1"]);
  assert.deepEqual(await app.text(app.podDns), [
    "web-0.nginx.default.svc.cluster.local",
    "web-1.nginx.default.svc.cluster.local",
  ]);
  assert.deepEqual(await app.text(app.podPvcs), ["www-web-0", "www-web-1"]);
  await page.screenshot({ path: `${ARTIFACTS}/playground.png`, fullPage: true });
  assert.deepEqual(errors, [], "no page errors (CSP violations included)");
  await page.close();
});

test("typing updates the pods as you type", async () => {
  const { page, app } = await openPlayground();
  await app.typeManifest(EXAMPLE.replace("replicas: 2", "replicas: 4").replace("metadata:\n  name: web\n", "metadata:\n  name: db\n"));
  await app.expectPods(["db-0", "db-1", "db-2", "db-3"]);
  await page.close();
});

test("a YAML error shows its line and column", async () => {
  const { page, app } = await openPlayground();
  await app.typeManifest("apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\n spec: x\n");
  await expect(() => app.text(app.problemLocations), ["5:2"]);
  await page.screenshot({ path: `${ARTIFACTS}/yaml-error.png`, fullPage: true });
  await page.close();
});

test("the page makes no request beyond its own files", async () => {
  const { page } = await openPlayground();
  const external = [];
  page.on("request", (r) => {
    if (!r.url().startsWith(server.url)) external.push(r.url());
  });
  await page.reload();
  await page.getByTestId("pod-name").first().waitFor();
  assert.deepEqual(external, []);
  await page.close();
});
