// Page object for the playground: specs read like a user's actions.
import { expect } from "./expect.mjs";

export class Playground {
  constructor(page) {
    this.page = page;
    this.editor = page.getByTestId("editor");
    this.pods = page.getByTestId("pod");
    this.podNames = page.getByTestId("pod-name");
    this.podDns = page.getByTestId("pod-dns");
    this.podPvcs = page.getByTestId("pod-pvcs");
    this.problems = page.getByTestId("problem");
    this.problemLocations = page.getByTestId("problem-location");
    this.noProblems = page.getByTestId("no-problems");
  }

  async open(url) {
    await this.page.goto(url);
    await this.podNames.first().waitFor();
  }

  /** Replaces the whole manifest, as a user selecting all and typing would. */
  async typeManifest(text) {
    await this.editor.click();
    await this.page.keyboard.press("Control+A");
    await this.editor.fill(text);
  }

  async text(locator) {
    return (await locator.allTextContents()).map((t) => t.trim());
  }

  async expectPods(names) {
    await expect(async () => (await this.text(this.podNames)).join(","), names.join(","));
  }
}
