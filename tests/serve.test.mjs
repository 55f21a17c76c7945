// The README's first command, run as a newcomer runs it: `./dev serve` from this checkout
// builds the bundle, serves the demo intranet, and the widget on it is ready to start. `./dev
// test` runs this before anything else has built, so in CI (a fresh clone) it is exactly the
// newcomer's first run: no target/, no dist/.
//
// Any failure says which step failed and ends with what `./dev serve` printed.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';

import { drill, launch, open } from './browser/harness.mjs';
import { freePort } from './browser/server.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
// A fresh clone builds the whole bundle first: Trunk's release wasm and the CLI for the catalog.
const BUILD_TIMEOUT_MS = Number(process.env.CYBERDRILL_SERVE_TIMEOUT_MS ?? 30 * 60 * 1000);
const POLL_MS = 250;

/// Resolves once `url` answers 200, rejects when `exited` settles first or time runs out.
async function answered(url, exited, deadline) {
  let gone = null;
  exited.then((how) => (gone = how));
  for (;;) {
    if (gone) throw new Error(`./dev serve exited (${gone}) before ${url} answered`);
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${BUILD_TIMEOUT_MS / 1000} s`);
    const status = await fetch(url).then((r) => r.status, () => null);
    if (status === 200) return;
    await new Promise((ok) => setTimeout(ok, POLL_MS));
  }
}

test('./dev serve builds the bundle and serves the demo page, whose widget is ready to start', { timeout: BUILD_TIMEOUT_MS + 120_000 }, async () => {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  // Its own process group, so stopping it stops Trunk and the cargo it started.
  const server = spawn('./dev', ['serve', '--port', String(port)], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  server.stdout.on('data', (chunk) => (output += chunk));
  server.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((ok) => server.on('exit', (code, signal) => ok(signal ? `signal ${signal}` : `code ${code}`)));
  let browser;
  try {
    await answered(url, exited, Date.now() + BUILD_TIMEOUT_MS);
    browser = await launch();
    const page = await open(browser, url);
    await drill(page).getByRole('button', { name: 'Start', exact: true }).waitFor({ timeout: 30_000 });
    assert.deepEqual(page.problems.errors, [], 'uncaught errors on the demo page');
  } catch (error) {
    error.message += `\n--- ./dev serve printed:\n${output.replace(/\x1b\[[0-9;]*m/g, '')}`;
    throw error;
  } finally {
    await browser?.close();
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
    await exited;
  }
});
