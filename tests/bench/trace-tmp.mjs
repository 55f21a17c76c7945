import { chromium } from 'playwright-core';
import { writeFileSync } from 'node:fs';
import { FLAGS } from '../browser/harness.mjs';
import { DIST, serve } from '../browser/server.mjs';
const HERE = new URL('.', import.meta.url).pathname;
const dist = process.env.D ?? DIST;
const server = await serve({ mounts: [{ prefix: '/bench/', dir: HERE }, { prefix: '/', dir: dist }] });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: FLAGS });
const N = Number(process.env.N ?? 3);
for (let i = 0; i < N; i++) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await browser.startTracing(page, { categories: ['devtools.timeline', 'v8', 'v8.wasm', 'disabled-by-default-v8.compile', 'disabled-by-default-devtools.timeline', 'blink', 'toplevel', 'v8.execute'] });
  await page.goto(server.origin + '/bench/pages/cyberdrill.html');
  const start = page.locator('cyber-drill').getByRole('button', { name: /start/i });
  await start.waitFor();
  await start.click();
  await page.locator('cyber-drill input[type=radio]').first().waitFor();
  await page.waitForTimeout(1000);
  const buf = await browser.stopTracing();
  writeFileSync(`/tmp/tr/trace${i}.json`, buf);
  await context.close();
}
await browser.close(); server.close();
