// End-to-end journeys in Chromium against the release build (node --test tests/e2e/).
// Each journey saves a screenshot in tests/e2e/artifacts/ (look at them).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { serve, launch, ARTIFACTS } from "./harness.mjs";
import { Playground } from "./pages/playground.mjs";
import { expect } from "./pages/expect.mjs";

const WEB = readFileSync("static/scenarios/web.yaml", "utf8");
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

/** A fresh visitor (empty storage), optionally at `path`, with motion reduced (no autoplay). */
async function openPlayground(path = "", { width = 1280, height = 900, motion = "reduce", context } = {}) {
  const ctx = context ?? (await browser.newContext({ viewport: { width, height }, reducedMotion: motion }));
  const page = await ctx.newPage();
  const errors = [];
  const external = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("request", (r) => {
    if (!r.url().startsWith(server.url)) external.push(r.url());
  });
  const app = new Playground(page);
  await app.open(server.url + path);
  return { page, app, errors, external, ctx };
}

async function finish({ page, errors, external, ctx }, shot) {
  if (shot) await page.screenshot({ path: `${ARTIFACTS}/${shot}.png`, fullPage: true });
  assert.deepEqual(errors, [], "no page errors (CSP violations included)");
  assert.deepEqual(external, [], "no request beyond the page's own files");
  await ctx.close();
}

test("type a manifest and see its pods, claims and DNS names", async () => {
  const s = await openPlayground();
  const { app } = s;
  await app.pickScenario("web");
  await app.expectPods(["web-0", "web-1"]);
  await app.typeManifest(WEB.replace("replicas: 2", "replicas: 4").replace("name: web\nspec", "name: db\nspec"));
  await app.expectPods(["db-0", "db-1", "db-2", "db-3"]);
  assert.equal((await app.text(app.podDns))[3], "db-3.nginx.default.svc.cluster.local");
  assert.match((await app.text(app.podPvcs))[3], /^www-db-3 · 1Gi · RWO/);
  await finish(s, "type-manifest");
});

test("a YAML error shows its line and column, and clicking it goes there", async () => {
  const s = await openPlayground();
  const { app, page } = s;
  const text = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\n spec: x\n";
  await app.typeManifest(text);
  await expect(() => app.text(app.problemLocations), ["5:2"]);
  await app.problems.first().getByRole("button").click();
  const at = await app.editor.evaluate((e) => e.selectionStart);
  assert.equal(at, text.indexOf(" spec") + 1);
  await finish(s, "yaml-error");
});

test("play: OrderedReady pods become Ready one after the other", async () => {
  const s = await openPlayground();
  const { app } = s;
  await app.pickScenario("lab");
  await app.restart();
  await app.speed(10);
  await app.resume();
  // Sample as it plays: a pod never exists before its predecessor is Ready (`processReplica` in `stateful_set_control.go`).
  const seen = [];
  // A deadline for failing, not a measure: a loaded machine plays slower (virtual time moves
  // with the frames it manages to draw).
  const deadline = Date.now() + 120000;
  while (Date.now() < deadline) {
    const st = await app.statuses();
    for (const i of [1, 2]) {
      if (st[`visits-${i}`] && !seen.includes(i)) {
        seen.push(i);
        assert.ok(await app.ready(`visits-${i - 1}`), `visits-${i - 1} Ready before visits-${i} exists`);
      }
    }
    if (await app.ready("visits-2")) break;
    await new Promise((r) => setTimeout(r, 40));
  }
  assert.deepEqual(seen, [1, 2]);
  assert.ok(await app.ready("visits-2"), "visits-2 became Ready");
  assert.equal(await app.lanes.count(), 3);
  await finish(s, "play-ordered");
});

test("compare: Parallel is all Ready before OrderedReady", async () => {
  const s = await openPlayground();
  const { app, page } = s;
  await app.pickScenario("lab");
  await page.getByTestId("compare-toggle").check();
  const summary = page.getByTestId("compare-summary");
  await summary.waitFor();
  assert.match(await summary.textContent(), /^Parallel is Ready [\d.]+ s sooner/);
  const secs = async (id) => Number((await page.getByTestId(id).textContent()).match(/([\d.]+) s/)[1]);
  assert.ok((await secs("ready-parallel")) < (await secs("ready-ordered")));
  await app.shortcut("End");
  await finish(s, "compare");
});

test("break readiness: the controller waits and says why", async () => {
  const s = await openPlayground();
  const { app, page } = s;
  await app.pickScenario("web");
  await app.restart();
  await app.speed(50);
  await app.resume();
  await expect(() => app.ready("web-0"), true, { timeout: 60000 });
  await app.pause();
  await app.card("web-0").getByTestId("toggle-readiness").click();
  await app.resume();
  await expect(async () => (await app.waiting.textContent()).trim(), "Controller: waiting for web-0 to be Running and Ready", { timeout: 60000 });
  await expect(() => app.ready("web-0"), false, { timeout: 60000 });
  assert.match(await app.terminalText(), /\$ fault web-0 ready=never/);
  await app.pause();
  await finish(s, "break-readiness");
});

test("share a link: it reopens the same manifest, actions and moment", async () => {
  const s = await openPlayground();
  const { app, page } = s;
  await app.pickScenario("web");
  await app.shortcut("End");
  await app.run("kubectl scale sts web --replicas=3");
  await app.shortcut("End");
  const before = { t: await app.clock.textContent(), pods: await app.text(app.podNames) };
  await page.getByTestId("share").click();
  const url = await page.getByTestId("share-url").inputValue();
  assert.ok(url.includes("#s="));
  await page.screenshot({ path: `${ARTIFACTS}/share-dialog.png` });
  const t = await openPlayground(url.slice(server.url.length));
  await expect(() => t.app.clock.textContent(), before.t);
  assert.deepEqual(await t.app.text(t.app.podNames), before.pods);
  assert.match(await t.app.terminalText(), /statefulset.apps\/web scaled/);
  await finish(t, "shared-link");
  await finish(s);
});

test("a damaged link says so and opens the default scenario", async () => {
  const s = await openPlayground("#s=H4sIAAAAAAAA_broken");
  await s.page.getByTestId("link-error").waitFor();
  assert.match(await s.page.getByTestId("link-error").textContent(), /This link could not be opened/);
  await s.app.expectPods(["visits-0", "visits-1", "visits-2"]);
  await s.page.screenshot({ path: `${ARTIFACTS}/bad-link.png`, fullPage: true });
  // The banner's Dismiss button takes it away (it used to clear only a toast).
  await s.page.getByTestId("link-error").getByRole("button", { name: "Dismiss" }).click();
  await expect(() => s.page.getByTestId("link-error").count(), 0);
  await finish(s);
});

test("embed mode: no page chrome, optional read-only editor", async () => {
  const s = await openPlayground("?embed=1&readonly=1#scenario=web", { width: 800, height: 700 });
  const { app, page } = s;
  assert.equal(await page.locator(".topbar").count(), 0);
  assert.notEqual(await app.editor.getAttribute("readonly"), null);
  await app.expectPods(["web-0", "web-1"]);
  await finish(s, "embed");
  const p = await openPlayground("?embed=1&panels=pods,timeline", { width: 800, height: 700 });
  assert.equal(await p.app.editor.count(), 0);
  assert.equal(await p.page.getByTestId("terminal").count(), 0);
  await finish(p, "embed-panels");
});

test("reload keeps the work", async () => {
  const s = await openPlayground();
  const { app, page } = s;
  await app.typeManifest(WEB.replace("replicas: 2", "replicas: 3"));
  await app.expectPods(["web-0", "web-1", "web-2"]);
  await page.reload();
  await app.expectPods(["web-0", "web-1", "web-2"]);
  assert.match(await app.editor.inputValue(), /replicas: 3/);
  await finish(s);
});

test("a long sleep: the page keeps answering while a day of virtual time passes, and what is typed meanwhile runs after", async () => {
  const s = await openPlayground();
  const { app } = s;
  await app.pickScenario("lab");
  await app.shortcut("End");
  await app.run("sleep 86400");
  await app.run("kubectl get pods");
  await expect(() => app.terminalText(), /\$ sleep 86400\$ kubectl get podsNAME[^\n]*\n(visits-\d\s+1\/1\s+Running\s+0\s+2[45]h\n){3}/);
  await finish(s, "long-sleep");
});

test("the Kubernetes version: chosen in the header, said in a note, carried by a share link", async () => {
  const s = await openPlayground();
  const { app, page } = s;
  await app.pickScenario("web");
  await page.getByTestId("kubernetes-version").selectOption("1.37");
  const note = page.getByTestId("version-note");
  await note.locator("summary").click();
  await expect(async () => (await note.textContent()), /Kubernetes v1\.37[\s\S]*maxUnavailable takes effect/);
  await app.blur();
  await app.shortcut("End");
  await app.run("kubectl get nodes");
  await expect(() => app.terminalText(), /minikube\s+Ready\s+control-plane\s+\S+\s+v1\.37\.0/);
  await page.getByTestId("share").click();
  const url = await page.getByTestId("share-url").inputValue();
  const t = await openPlayground(url.slice(server.url.length));
  assert.equal(await t.page.getByTestId("kubernetes-version").inputValue(), "1.37");
  await finish(t, "kubernetes-version-link");
  await finish(s, "kubernetes-version");
});

test("your own image: each container shows what it runs and why, and a control changes it", async () => {
  const s = await openPlayground();
  const { app, page } = s;
  // A learner's manifest with their own image: taken for a web app with busybox's tools.
  await app.typeManifest(WEB.replace("registry.k8s.io/nginx-slim:0.24", "someone/app_python:latest").replace("containerPort: 80", "containerPort: 5000"));
  await app.expectPods(["web-0", "web-1"]);
  const runs = page.getByTestId("runs-nginx");
  await expect(async () => (await runs.getByTestId("runs-why").textContent()).trim(), "image not recognised: a web app on port 5000");
  assert.equal(await runs.getByTestId("program").inputValue(), "web");
  assert.equal(await runs.getByTestId("image-tools").inputValue(), "busybox");
  // The lab's counter instead, then an image without a shell: the terminal answers so.
  await runs.getByTestId("program").selectOption("visits");
  await expect(async () => (await runs.getByTestId("runs-why").textContent()).trim(), "chosen");
  await runs.getByTestId("image-tools").selectOption("none");
  await app.shortcut("End");
  await app.run("kubectl exec web-0 -- ls /");
  await expect(() => app.terminalText(), /exec: "ls": executable file not found in \$PATH/);
  // Undo puts back the image's tools.
  await runs.getByTestId("undo-choice").click();
  await expect(async () => page.getByTestId("runs-nginx").getByTestId("image-tools").inputValue(), "busybox");
  // The manifest is untouched, and a reload keeps the choice.
  assert.match(await app.editor.inputValue(), /image: someone\/app_python:latest/);
  await page.reload();
  await app.expectPods(["web-0", "web-1"]);
  await expect(async () => page.getByTestId("runs-nginx").getByTestId("program").inputValue(), "visits");
  await finish(s, "own-image");
});

test("minikube service: the tunnel's URL opens a visit panel that names the pod answering", async () => {
  const s = await openPlayground();
  const { app, page } = s;
  await app.pickScenario("lab");
  await app.shortcut("End");
  await app.run("minikube service visits-np");
  await expect(() => app.terminalText(), /Starting tunnel for service visits-np\.[\s\S]*http:\/\/127\.0\.0\.1:\d+/);
  await page.getByTestId("visit-link").filter({ hasText: "127.0.0.1" }).last().click();
  const panel = page.getByTestId("visit-panel");
  for (let i = 1; i <= 4; i++) {
    await panel.getByTestId("visit").click();
    await expect(async () => (await panel.getByTestId("visit-answer").count()), i);
  }
  const answers = await app.text(panel.getByTestId("visit-answer"));
  for (const a of answers) assert.match(a, /^(visits-\d) · Hello from \1! This page has been visited \d+ times\.$/);
  assert.ok(new Set(answers.map((a) => a.split(" ")[0])).size > 1, `visits spread over the pods: ${answers}`);
  await finish(s, "visit-panel");
});

test("the terminal: kubectl commands, completion and history", async () => {
  const s = await openPlayground();
  const { app, page } = s;
  await app.pickScenario("lab");
  await app.shortcut("End");
  await app.run("kubectl get po,sts,svc,pvc");
  await expect(async () => /statefulset.apps\/visits   3\/3/.test(await app.terminalText()), true);
  await app.terminalInput.fill("kubectl exec vis");
  await app.terminalInput.press("Tab");
  await expect(() => app.terminalInput.inputValue(), "kubectl exec visits-");
  await app.terminalInput.fill("kubectl exec visits-0 -- cat /data/visits");
  await app.terminalInput.press("Enter");
  await app.terminalInput.press("ArrowUp");
  assert.equal(await app.terminalInput.inputValue(), "kubectl exec visits-0 -- cat /data/visits");
  await finish(s, "terminal");
});

test("an interactive shell in a pod: the prompt is the container's until exit", async () => {
  const s = await openPlayground();
  const { app } = s;
  await app.pickScenario("lab");
  await app.shortcut("End");
  await app.run("kubectl exec -it visits-0 -- sh");
  await expect(() => app.prompt(), "#");
  await app.run("cat /data/visits; hostname");
  await expect(async () => /# cat \/data\/visits; hostname\s*\d+\s*visits-0/.test(await app.terminalText()), true);
  await app.run("exit");
  await expect(() => app.prompt(), "$");
  await finish(s, "exec-it");
});

test("keyboard only: shortcuts drive playback and every control is reachable", async () => {
  const s = await openPlayground();
  const { app, page } = s;
  await app.shortcut("End");
  // The clock shows the new time once the page has rendered the keypress.
  await expect(async () => (await app.seconds()) > 20, true);
  const end = await app.seconds();
  assert.ok(end > 20, `End skips to where it settles (${end} s)`);
  await page.keyboard.press("Home");
  assert.equal(await app.seconds(), 0);
  await page.keyboard.press(" ");
  assert.ok(await app.isPlaying());
  await page.keyboard.press("k");
  assert.ok(!(await app.isPlaying()));
  await page.keyboard.press("?");
  await page.getByTestId("dialog").waitFor();
  await page.keyboard.press("Escape");
  assert.equal(await page.getByTestId("dialog").count(), 0);
  // The skip link, then Tab, reaches the playback buttons, with a visible focus ring.
  await page.evaluate(() => document.activeElement?.blur());
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Skip to the simulation");
  await page.keyboard.press("Enter");
  let found = false;
  for (let i = 0; i < 4 && !found; i++) {
    await page.keyboard.press("Tab");
    found = await page.evaluate(() => document.activeElement?.dataset?.testid === "play");
  }
  assert.ok(found, "Play is reachable with Tab");
  // In the editor, Tab indents; Escape then Tab moves on (no keyboard trap).
  await app.editor.focus();
  await page.keyboard.press("Escape");
  await page.keyboard.press("Tab");
  assert.notEqual(await page.evaluate(() => document.activeElement?.dataset?.testid), "editor");
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, "none");
  await finish(s);
});

test("accessibility: no serious or critical axe-core violations, light and dark", async () => {
  for (const scheme of ["light", "dark"]) {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: "reduce", colorScheme: scheme });
    const s = await openPlayground("", { context: ctx });
    await s.app.shortcut("End");
    assert.deepEqual(await s.app.accessibilityViolations(), [], `${scheme} theme`);
    await finish(s, `theme-${scheme}`);
  }
});

test("a phone-sized screen (360 px) stacks everything without sideways scrolling", async () => {
  const s = await openPlayground("", { width: 360, height: 760 });
  const { page, app } = s;
  await app.shortcut("End");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
  await finish(s, "phone-360");
});

test("the page makes no request beyond its own files", async () => {
  const s = await openPlayground();
  await s.page.reload();
  await s.app.podNames.first().waitFor();
  await finish(s);
});

// ---------------------------------------------------------------------------- hostile input
// The browser side of tests/it/hostile.rs: each input gets a located error (or a bounded,
// explained refusal), the page keeps answering, and the editor keeps every byte typed.
// Times are printed, not asserted (BENCHMARKS.md holds the figures; machines are noisy).

/** The kubernetes.io example with its `replicas` line replaced. */
const webWith = (line) => WEB.replace("  replicas: 2", line);

function billionLaughs() {
  let text = "l0: &l0 lol\n";
  for (let i = 1; i <= 9; i++) {
    text += `l${i}: &l${i}\n`;
    for (let j = 0; j < 10; j++) text += `  - *l${i - 1}\n`;
  }
  return text + "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: after\n";
}

const HOSTILE = [
  { name: "billion laughs", text: billionLaughs(), code: "yaml-alias-bomb", at: "54:5" },
  { name: "a 10 MB paste", text: `${WEB}---\n# ${"x".repeat(10 << 20)}\n`, code: "input-too-large", at: "1:1", oversized: true },
  { name: "10,000-deep flow nesting", text: webWith(`  replicas: ${"[".repeat(10000)}${"]".repeat(10000)}`), code: "yaml-too-deep" },
  { name: "10,000-deep block sequences", text: `${"- ".repeat(10000)}x\n`, code: "yaml-too-deep", at: "1:2001" },
  { name: "10,000 documents", text: "---\nname: x\n".repeat(10000), code: "missing-kind", at: "2:1", count: 10000 },
  { name: "replicas beyond int32", text: webWith("  replicas: 2147483648"), code: "wrong-type" },
  { name: "negative replicas", text: webWith("  replicas: -1"), code: "negative-replicas" },
  { name: "ordinals.start beyond int32", text: webWith("  replicas: 2\n  ordinals:\n    start: 2147483648"), code: "wrong-type" },
  { name: "negative partition", text: webWith("  replicas: 2\n  updateStrategy:\n    rollingUpdate:\n      partition: -2147483648"), code: "negative-partition" },
  { name: "control characters", text: "apiVersion: v1\nkind: Service\nmetadata:\n  name: a\u001b[2Jb\n", code: "yaml-syntax", at: "4:10" },
];

test("hostile input: each gets a located error, the page keeps answering, no work is lost", async () => {
  const s = await openPlayground();
  const { app, page } = s;
  for (const h of HOSTILE) {
    const before = await app.editor.inputValue();
    const t0 = Date.now();
    await app.pasteManifest(h.text);
    const typed = Date.now();
    const codes = page.getByTestId("problem").locator("code");
    await expect(async () => (await codes.allTextContents()).includes(h.code), true, { timeout: 60000 });
    const shown = Date.now();
    const problem = page.getByTestId("problem").filter({ has: page.locator("code", { hasText: h.code }) }).first();
    const at = (await problem.getByTestId("problem-location").textContent()).trim();
    if (h.at) assert.equal(at, h.at, h.name);
    else assert.match(at, /^\d+:\d+$/, h.name);
    if (h.count) assert.match(await page.getByTestId("problems-summary").textContent(), new RegExp(`^${h.count} errors`));
    if (h.oversized) {
      // Beyond the API server's limit the editor says so instead of laying the text out...
      const panel = page.getByTestId("editor-oversized");
      assert.match(await panel.textContent(), /The text is 10\.0 MiB, more than the 3 MiB the API server accepts.*Nothing is lost/);
      // Undo brings back the text before the paste, redo the paste...
      await panel.getByRole("button", { name: "Undo" }).click();
      await expect(async () => (await app.editor.inputValue()).length, before.length);
      await page.getByRole("button", { name: "Redo" }).click();
      await panel.waitFor();
      // ...and the editor shows it when asked.
      await panel.getByRole("button", { name: "Show it anyway" }).click();
    }
    // No work lost: the editor holds exactly what was typed.
    assert.equal((await app.editor.inputValue()).length, h.text.length, `${h.name}: editor text kept`);
    // The page still answers: a keystroke in the terminal comes back at once.
    await app.terminalInput.fill("help");
    assert.equal(await app.terminalInput.inputValue(), "help");
    console.log(`  ${h.name}: typed in ${typed - t0} ms, problem ${at} shown ${shown - typed} ms later`);
  }
  await finish(s, "hostile");
});

test("a long text: the problems list puts errors first, and jumping to one far down shows its line", async () => {
  const s = await openPlayground();
  const { app, page } = s;
  // 1,000 ConfigMaps (a note each: not simulated), one broken at its end: 8,000 lines.
  let text = "";
  for (let i = 0; i < 1000; i++) text += `---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\ndata:\n  k: |\n    v${i}\n`;
  text += "---\nkind: [\n";
  const line = text.split("\n").length - 1;
  await app.pasteManifest(text);
  const first = app.problems.first();
  await expect(async () => (await first.locator(".sev").textContent()).trim(), "✖ error");
  // Only lines around the view are numbered (the text itself is whole), and neither the
  // editor nor the 500 listed problems make the page itself longer.
  assert.ok((await page.locator(".gutter .ln").count()) < 1000);
  assert.ok((await page.evaluate(() => document.documentElement.scrollHeight)) < 3000);
  await first.getByRole("button").click();
  const numbered = page.locator(".gutter .ln", { hasText: new RegExp(`^\\D*${line}$`) });
  await numbered.waitFor();
  assert.ok(await numbered.isVisible(), `line ${line} is numbered and in view`);
  assert.equal((await app.editor.inputValue()).length, text.length);
  await finish(s, "long-text");
});

test("hostile input: a set too large to simulate is refused with the reason, huge numbers stay numbers", async () => {
  const s = await openPlayground();
  const { app, page } = s;
  await app.pasteManifest(webWith("  replicas: 2147483647"));
  // The resource view says why the set is not in the cluster (the timeline's events too).
  await expect(async () => (await app.text(page.getByTestId("refused"))).join(), 'StatefulSet "web" asks for 2147483647 replicas; the playground simulates at most 10000 per StatefulSet (the API server would accept it)', { timeout: 60000 });
  await app.pasteManifest(webWith("  replicas: 3\n  ordinals:\n    start: 2147483647"));
  await expect(async () => (await app.text(app.podNames)).join(","), "web-2147483647,web-2147483648,web-2147483649", { timeout: 60000 });
  await finish(s, "hostile-numbers");
});

test("hostile input: markup in names and values is shown as text, never run", async () => {
  const s = await openPlayground();
  const { app, page } = s;
  let dialogs = 0;
  page.on("dialog", async (d) => {
    dialogs++;
    await d.dismiss();
  });
  const script = "<script>alert(1)</script>";
  await app.pasteManifest(
    WEB.replace("  name: web\n", `  name: "${script}"\n`).replace("        app: nginx\n", '        app: nginx\n        x: "\\"><img src=x onerror=alert(1)>"\n'),
  );
  await expect(async () => (await page.getByTestId("problem").allTextContents()).some((t) => t.includes(script)), true);
  const made = await page.evaluate(() =>
    [...document.querySelectorAll("script, img")].filter((e) => e.textContent.includes("alert") || (e.getAttribute("onerror") ?? "").includes("alert")).length,
  );
  assert.equal(made, 0, "no element made from the text");
  assert.equal(dialogs, 0);
  await finish(s, "hostile-markup");
});

test("hostile input: an oversized share link says so and opens the default scenario", async () => {
  const s = await openPlayground(`#s=${"A".repeat(2_000_000)}`);
  await s.page.getByTestId("link-error").waitFor();
  assert.match(await s.page.getByTestId("link-error").textContent(), /This link could not be opened/);
  await s.app.expectPods(["visits-0", "visits-1", "visits-2"]);
  await finish(s);
});

test("a Helm chart: open the lab's chart, set values, see the rendered release and its template lines", async () => {
  const s = await openPlayground();
  const { app, page } = s;
  await app.pickChart("visits");
  await app.expectPods(["my-app-visits-0", "my-app-visits-1", "my-app-visits-2"]);
  // The box takes helm's values flags, one per line (`--set` when none is named).
  await app.setValues("--set-json replicaCount=1");
  await app.expectPods(["my-app-visits-0"]);
  // --set changes the release as helm would.
  await app.setValues("replicaCount=2");
  await app.expectPods(["my-app-visits-0", "my-app-visits-1"]);
  // The terminal's helm knows the release and finds the chart in ./visits.
  await app.run("helm list -q");
  await expect(() => app.terminalText(), /helm list -q\s*my-app/);
  // helm lint reads the same folder and says what the real helm says of it.
  await app.run("helm lint ./visits");
  await expect(() => app.terminalText(), /==> Linting \.\/visits\s*\[INFO\] Chart\.yaml: icon is recommended\s*1 chart\(s\) linted, 0 chart\(s\) failed/);
  await app.run("helm upgrade my-app ./visits --set replicaCount=3");
  await expect(() => app.terminalText(), /has been upgraded[\s\S]*REVISION: 2/);
  await app.expectPods(["my-app-visits-0", "my-app-visits-1", "my-app-visits-2"]);
  // What helm logs while it renders comes first, as in a terminal.
  await app.run("helm template ./visits --set replicaCount.x=1 -s templates/statefulset.yaml");
  await expect(() => app.terminalText(), /level=INFO msg="warning: skipped value for visits\.replicaCount: Not a table\."/);
  // The API server's error sits on the template line, named with its file.
  await app.setValues("replicaCount=2\nimage.pullPolicy=Sometimes");
  await expect(async () => (await app.text(app.problemLocations)).join(" "), /templates\/statefulset\.yaml:30:31/);
  await app.problems.filter({ hasText: "imagePullPolicy" }).first().click();
  await expect(async () => (await page.getByTestId("chart-file").evaluate((s) => s.options[s.selectedIndex].textContent)).trim(), /^templates\/statefulset\.yaml/);
  // The rendered manifests: each line jumps to the template line that wrote it.
  await app.setValues("");
  await page.getByTestId("toggle-rendered").click();
  const line = page.locator(".r-line.linked", { hasText: "podManagementPolicy: Parallel" }).first();
  assert.equal(await line.getAttribute("title"), "templates/statefulset.yaml:10");
  await page.screenshot({ path: `${ARTIFACTS}/chart-rendered.png`, fullPage: true });
  // A template mistake is helm's own message, located.
  await app.editChartFile("templates/statefulset.yaml");
  await app.editor.evaluate((e) => {
    e.focus();
    e.value = e.value.replace("{{ .Values.replicaCount }}", "{{ .Values.replicaCount.nope }}");
    e.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertFromPaste" }));
  });
  await expect(async () => (await app.text(app.problems)).join(" "), /can't evaluate field nope in type interface \{\}/);
  // An include that includes itself ends with a located error; the page keeps answering.
  await app.editor.evaluate((e) => {
    e.value = '{{ define "loop" }}{{ include "loop" . }}{{ end }}x: {{ include "loop" . }}\n' + e.value;
    e.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertFromPaste" }));
  });
  await expect(async () => (await app.text(app.problemLocations)).join(" "), /templates\/statefulset\.yaml:1:/);
  await expect(async () => (await app.text(app.problems)).join(" "), /nested more than \d+ deep|nested reference name/);
  // A chart packed by helm package, dropped on the page, opens in its place.
  await app.dropFile("visits-0.1.0.tgz", readFileSync("tests/it/data/helm/charts/visits-0.1.0.tgz"));
  await expect(async () => (await page.getByTestId("chart-file").evaluate((s) => [...s.options].map((o) => o.textContent.trim()).join(" "))), /^Chart\.yaml/);
  await expect(async () => (await app.text(app.problems)).join(" "), /^(?![\s\S]*nested)/);
  await app.expectPods(["my-app-visits-0", "my-app-visits-1", "my-app-visits-2"]);
  await finish(s, "chart");
});
