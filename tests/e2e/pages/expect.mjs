// A small polling assertion (playwright-core has no test runner or `expect`). It waits for a
// condition; the timeout is only how long before it gives up and fails, generous because a
// loaded machine is slow.
import assert from "node:assert/strict";

export async function expect(read, want, { timeout = 30000 } = {}) {
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
