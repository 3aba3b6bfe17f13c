// A small polling assertion (playwright-core has no test runner or `expect`). It waits for a
// condition; the timeout is only how long before it gives up and fails, generous because a
// loaded machine is slow.
import assert from "node:assert/strict";

// `want` is a value (deep equality) or a RegExp the value must match.
export async function expect(read, want, { timeout = 30000 } = {}) {
  const deadline = Date.now() + timeout;
  const ok = (got) => (want instanceof RegExp ? want.test(String(got)) : JSON.stringify(got) === JSON.stringify(want));
  let got;
  for (;;) {
    got = await read();
    if (ok(got)) return;
    if (Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  if (want instanceof RegExp) assert.match(String(got), want);
  else assert.deepEqual(got, want);
}
