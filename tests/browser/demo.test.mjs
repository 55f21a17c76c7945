// The demo the README's first command serves: the mock intranet page with the widget in it.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { drill, open, setup } from './harness.mjs';

const env = setup();

test('the demo intranet page shows the widget, ready to start', async () => {
  const page = await open(env.browser, `${env.origin}/`);
  const widget = drill(page);
  await widget.getByRole('button', { name: 'Start', exact: true }).waitFor();
  assert.match(await widget.getByRole('heading', { level: 2 }).innerText(), /\w/);
  assert.deepEqual(page.problems.errors, []);
  await page.context().close();
});
