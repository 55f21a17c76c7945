// A small W3C WebDriver (classic) client for WebKitGTK, the engine of Safari's family that
// Debian packages: WebKitWebDriver (package webkit2gtk-driver) drives its MiniBrowser, under
// Xvfb (package xvfb), since MiniBrowser needs a display even when nobody looks at it.
// Playwright cannot drive a stock WebKit, so these tests speak the protocol themselves; the
// widget's parts are found inside its shadow root by a script and clicked as real input.

import { spawn } from 'node:child_process';

import { WAIT_MS, eventually } from '../browser/harness.mjs';
import { freePort } from '../browser/server.mjs';

/// The key under which WebDriver returns an element reference.
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

/// Starts WebKitWebDriver under Xvfb and opens a session in MiniBrowser. Resolves to a
/// session with `go`, `run`, `click`, `waitFor` and `close`.
export async function webkit() {
  const port = await freePort();
  const driver = spawn('xvfb-run', ['-a', 'WebKitWebDriver', `--port=${port}`], { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  driver.stderr.on('data', (chunk) => (log += chunk));
  const base = `http://127.0.0.1:${port}`;
  const call = async (method, path, body) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: body && JSON.stringify(body),
    });
    const { value } = await response.json();
    if (!response.ok) {
      // ./dev runs these tests again when WebKit's web process crashed: the driver's log says so.
      const crash = /WebProcess CRASHED/.test(log) ? `\nWebKitWebDriver's log:\n${log}` : '';
      throw new Error(`WebDriver ${method} ${path}: ${value?.error}: ${value?.message}${crash}`);
    }
    return value;
  };
  const stop = () => {
    try {
      process.kill(-driver.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  };
  try {
    await eventually(async () => {
      if (!(await call('GET', '/status')).ready) throw new Error(`WebKitWebDriver not ready on ${base}\n${log}`);
    });
    // No browser options: WebKitWebDriver starts the MiniBrowser it was built with.
    const { sessionId } = await call('POST', '/session', { capabilities: {} });
    const session = `/session/${sessionId}`;
    const run = (script, ...args) => call('POST', `${session}/execute/sync`, { script, args });
    return {
      go: (url) => call('POST', `${session}/url`, { url }),
      reload: () => call('POST', `${session}/refresh`, {}),
      run,
      /// Clicks, as real input, the element that `find` (a script returning an element or
      /// null) returns once it returns one.
      click: async (find, ...args) => {
        const element = await eventually(async () => {
          const found = await run(find, ...args);
          if (!found?.[ELEMENT]) throw new Error(`nothing to click yet: ${find}`);
          return found[ELEMENT];
        });
        await call('POST', `${session}/element/${element}/click`, {});
      },
      /// Waits until `script` returns something truthy, and returns it.
      waitFor: (script, ...args) =>
        eventually(async () => {
          const value = await run(script, ...args);
          if (!value) throw new Error(`still waiting, after ${WAIT_MS} ms, for: ${script}`);
          return value;
        }),
      close: async () => {
        await call('DELETE', session).catch(() => {});
        stop();
      },
    };
  } catch (error) {
    stop();
    throw error;
  }
}
