// A small polling assertion (playwright-core has no test runner or `expect`).
import assert from "node:assert/strict";

export async function expect(read, want, { timeout = 5000 } = {}) {
  const deadline = Date.now() + timeout;
  let got;
  for (;;) {
    got = await read();
    if (JSON.stringify(got) === JSON.stringify(want)) return;
    if (Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.deepEqual(got, want);
}
