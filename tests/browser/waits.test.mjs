// The suite's own rule: a test waits for the condition it asserts (a locator's waitFor, the
// harness's `eventually`, a page event), never for a fixed time, so that no test passes or
// fails by the machine's speed. Waiting by the clock is the harness's business alone.

import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { test } from 'node:test';

const FOLDERS = ['../browser/', '../webkit/'].map((f) => new URL(f, import.meta.url));
/// Playwright's fixed pause, and a timer given a delay (`setTimeout(ok)`, the next task, is an
/// event, not a delay).
const FIXED_WAIT = /waitForTimeout\s*\(|setTimeout\s*\([^()]*,[^)]*\)/;

test('no browser test waits a fixed time', async () => {
  const found = [];
  for (const folder of FOLDERS) {
    for (const name of await readdir(folder)) {
      if (!name.endsWith('.test.mjs')) continue;
      const lines = (await readFile(new URL(name, folder), 'utf8')).split('\n');
      lines.forEach((line, i) => FIXED_WAIT.test(line) && !/^\s*\/\//.test(line) && found.push(`${folder.pathname}${name}:${i + 1}: ${line.trim()}`));
    }
  }
  assert.deepEqual(found, [], 'wait for the condition instead (harness.mjs: eventually, or a locator)');
});
