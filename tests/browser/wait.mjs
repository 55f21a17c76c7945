// Waiting for a condition, the one way the tests wait (waits.test.mjs holds them to it). Its
// own module, without Playwright, so tests that drive no browser (lrs.test.mjs) can use it;
// harness.mjs re-exports it.

/// How long a test waits for a condition before it fails: CYBERDRILL_WAIT_MS, else 15 s, long
/// enough for a loaded machine, and only ever spent when something is wrong.
export const WAIT_MS = Number(process.env.CYBERDRILL_WAIT_MS ?? 15_000);

/// Runs `assertion` (an async function that throws while what it asserts does not hold yet)
/// until it passes, and returns its result; after `timeout` ms, throws its last error. For
/// what a page does in its own time (focus moved in the next frame, a value written to
/// storage, a console message), so that no test reads the page at one lucky instant.
export async function eventually(assertion, { timeout = WAIT_MS } = {}) {
  const deadline = Date.now() + timeout;
  for (let pause = 10; ; pause = Math.min(pause * 2, 250)) {
    try {
      return await assertion();
    } catch (error) {
      if (Date.now() + pause > deadline) throw error;
    }
    await new Promise((ok) => setTimeout(ok, pause));
  }
}
