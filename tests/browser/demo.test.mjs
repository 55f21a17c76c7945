// The demo the README's first command serves: the mock intranet page with the widget in it,
// its Welsh page, and the language switch of the attributes demo.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { axe, drill, open, setup } from './harness.mjs';

const env = setup();

test('the demo intranet page shows the widget, ready to start', async () => {
  const page = await open(env.browser, `${env.origin}/`);
  const widget = drill(page);
  await widget.getByRole('button', { name: 'Start', exact: true }).waitFor();
  assert.match(await widget.getByRole('heading', { level: 2 }).innerText(), /\w/);
  assert.deepEqual(page.problems.errors, []);
  await page.context().close();
});

test('the Welsh page of the demo intranet shows the widget in Welsh, axe-clean', async () => {
  const page = await open(env.browser, `${env.origin}/demo/cymraeg.html`);
  const widget = page.locator('cyber-drill').getByRole('region', { name: 'Dril seiber' });
  await widget.getByRole('button', { name: 'Dechrau', exact: true }).waitFor();
  await widget.getByRole('button', { name: 'Fy nghynnydd' }).waitFor();
  assert.deepEqual(await axe(page), []);
  assert.deepEqual(page.problems.errors, []);
  await page.context().close();
});

test('the language switch of the attributes demo starts its widget again in Welsh, then English', async () => {
  const page = await open(env.browser, `${env.origin}/demo/attributes.html`);
  const demo = page.locator('#lang-demo');
  await demo.getByRole('button', { name: 'Start', exact: true }).waitFor();
  await page.getByRole('button', { name: 'Cymraeg' }).click();
  await demo.getByRole('button', { name: 'Dechrau', exact: true }).waitFor();
  await page.getByRole('button', { name: 'English' }).click();
  await demo.getByRole('button', { name: 'Start', exact: true }).waitFor();
  assert.deepEqual(page.problems.errors, []);
  await page.context().close();
});
