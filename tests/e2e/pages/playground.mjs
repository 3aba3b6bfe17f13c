// Page object for the playground: specs read like a user's actions (Leptos style).
import { readFileSync } from "node:fs";
import { expect } from "./expect.mjs";

export class Playground {
  constructor(page) {
    this.page = page;
    this.editor = page.getByTestId("editor");
    this.pods = page.getByTestId("pod");
    this.podNames = page.getByTestId("pod-name");
    this.podStatus = page.getByTestId("pod-status");
    this.podDns = page.getByTestId("pod-dns");
    this.podPvcs = page.getByTestId("pod-pvcs");
    this.problems = page.getByTestId("problem");
    this.problemLocations = page.getByTestId("problem-location");
    this.noProblems = page.getByTestId("no-problems");
    this.clock = page.getByTestId("clock");
    this.play = page.getByTestId("play");
    this.terminalInput = page.getByTestId("terminal-input");
    this.terminalOutput = page.getByTestId("terminal-output");
    this.waiting = page.getByTestId("waiting");
    this.lanes = page.getByTestId("lane");
  }

  async open(url) {
    await this.page.goto(url);
    await this.podNames.first().waitFor();
    // The sections below the first screen render once it is painted.
    await this.page.locator('[data-testid="app"][data-page="whole"]').waitFor({ state: "attached" });
  }

  /** Opens a built-in scenario from the picker. */
  async pickScenario(id) {
    await this.page.getByTestId("scenario-picker").selectOption(id);
    await this.podNames.first().waitFor();
    await this.blur();
  }

  /** Leaves any text field, so that page shortcuts apply. */
  async blur() {
    await this.page.evaluate(() => document.activeElement?.blur());
  }

  /** Presses a page shortcut (outside any field). */
  async shortcut(key) {
    await this.blur();
    await this.page.keyboard.press(key);
  }

  /** Replaces the whole manifest, as a user selecting all and typing would. */
  async typeManifest(text) {
    await this.editor.click();
    await this.page.keyboard.press("Control+A");
    await this.editor.fill(text);
  }

  /** Replaces the whole manifest in one go, as pasting over a selection does (one `input`
   * event; Playwright's `fill` would type megabytes through the editing pipeline instead). */
  async pasteManifest(text) {
    await this.editor.evaluate((e, t) => {
      e.focus();
      e.value = t;
      e.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertFromPaste" }));
    }, text);
  }

  /** Opens a built-in Helm chart from the picker and waits for it to render. */
  async pickChart(id) {
    await this.page.getByTestId("scenario-picker").selectOption(`chart:${id}`);
    await this.page.locator('[data-testid="chart-bar"][data-rendered="true"]').waitFor();
    await this.blur();
  }

  /** Picks a chart file to edit by its path. */
  async editChartFile(path) {
    const select = this.page.getByTestId("chart-file");
    const value = await select.evaluate((s, p) => [...s.options].find((o) => o.textContent.trim().startsWith(p))?.value, path);
    await select.selectOption(value);
  }

  /** Drops a file on the page as a file manager would (`bytes`: a Buffer). */
  async dropFile(name, bytes) {
    await this.page.getByTestId("app").evaluate((app, [name, data]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(data)], name));
      for (const type of ["dragenter", "dragover", "drop"]) {
        app.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
      }
    }, [name, [...bytes]]);
  }

  async setValues(lines) {
    await this.page.getByTestId("chart-sets").fill(lines);
  }

  async text(locator) {
    return (await locator.allTextContents()).map((t) => t.trim());
  }

  async expectPods(names) {
    await expect(async () => (await this.text(this.podNames)).join(","), names.join(","));
  }

  async isPlaying() {
    return (await this.play.getAttribute("aria-pressed")) === "true";
  }

  async pause() {
    if (await this.isPlaying()) await this.play.click();
  }

  async resume() {
    if (!(await this.isPlaying())) await this.play.click();
  }

  async speed(times) {
    await this.page.getByRole("button", { name: `${times}×`, exact: true }).click();
  }

  async restart() {
    await this.page.getByRole("button", { name: "Back to the start (Home)" }).click();
  }

  /** Seconds on the virtual clock. */
  async seconds() {
    const t = (await this.clock.textContent()).trim();
    const m = t.match(/^(?:(\d+) min )?([\d.]+) s$/);
    return m ? Number(m[1] ?? 0) * 60 + Number(m[2]) : NaN;
  }

  /** Pod name → STATUS word(s) on its card (created pods only). */
  async statuses() {
    const out = {};
    for (const card of await this.pods.all()) {
      const name = (await card.getByTestId("pod-name").textContent()).trim();
      const status = (await card.getByTestId("pod-status").textContent()).replace(/^\W+/, "").trim();
      out[name] = status;
    }
    return out;
  }

  /** Whether pod `name` exists and all its containers are ready (READY n/n). */
  async ready(name) {
    const card = this.card(name);
    if ((await card.count()) === 0) return false;
    const [n, m] = (await card.getByTestId("pod-ready").textContent()).trim().split("/").map(Number);
    return m > 0 && n === m;
  }

  card(name) {
    return this.pods.filter({ has: this.page.getByTestId("pod-name").getByText(name, { exact: true }) });
  }

  async run(command) {
    await this.terminalInput.fill(command);
    await this.terminalInput.press("Enter");
  }

  /** The prompt the terminal shows before the next command. */
  async prompt() {
    return ((await this.page.locator("label.prompt[for=terminal-input]").textContent()) ?? "").trim();
  }

  async terminalText() {
    return (await this.terminalOutput.textContent()) ?? "";
  }

  /** Runs axe-core on the page; returns serious and critical violations. */
  async accessibilityViolations() {
    const source = readFileSync("node_modules/axe-core/axe.min.js", "utf8");
    // evaluate() runs outside the page's CSP, as a browser extension would.
    await this.page.evaluate(source);
    const result = await this.page.evaluate(async () =>
      // eslint-disable-next-line no-undef
      await axe.run(document, { resultTypes: ["violations"] }),
    );
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
  }
}
