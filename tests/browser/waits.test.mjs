// The suite's own rule: a test waits for the condition it asserts (a locator's waitFor, the
// harness's `eventually`, a page event), never for a fixed time, so that no test passes or
// fails by the machine's speed; and what a test plants or expects is dated from the pages'
// clock (harness NOW), never from the machine's, so that none passes or fails by the day it
// runs. Waiting by the clock is the harness's business alone.

import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { test } from 'node:test';

const FOLDERS = ['../browser/', '../webkit/'].map((f) => new URL(f, import.meta.url));
/// Playwright's fixed pause, and a timer given a delay (`setTimeout(ok)`, the next task, is an
/// event, not a delay).
const FIXED_WAIT = /waitForTimeout\s*\(|setTimeout\s*\([^()]*,[^)]*\)/;

/// The machine's clock: today's date, or now.
const REAL_CLOCK = /\bDate\.now\s*\(|new Date\s*\(\s*\)/;

/// Every line of the browser tests (not the harness) that matches `pattern`, with its place.
async function linesMatching(pattern) {
  const found = [];
  for (const folder of FOLDERS) {
    for (const name of await readdir(folder)) {
      if (!name.endsWith('.test.mjs')) continue;
      const lines = (await readFile(new URL(name, folder), 'utf8')).split('\n');
      lines.forEach((line, i) => pattern.test(line) && !/^\s*\/\//.test(line) && found.push(`${folder.pathname}${name}:${i + 1}: ${line.trim()}`));
    }
  }
  return found;
}

test('no browser test waits a fixed time', async () => {
  assert.deepEqual(await linesMatching(FIXED_WAIT), [], 'wait for the condition instead (harness.mjs: eventually, or a locator)');
});

test("no browser test reads the machine's clock", async () => {
  assert.deepEqual(await linesMatching(REAL_CLOCK), [], 'date it from harness.mjs NOW, where every page\'s clock starts');
});
