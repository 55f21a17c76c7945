// What the widget keeps and downloads cannot be turned against it: downloads are cut off at
// the size limit while their bytes arrive (a gzip bomb stays small), and an offline copy of a
// drill is only ever the one fetched from the same URL, checked by its SHA-256.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, pipeline } from 'node:stream';
import { test } from 'node:test';
import { createGzip, gzipSync } from 'node:zlib';

import { DIST, NOW, contentHash, drill, eventually, hostPage, logged, open, serve, setup } from './harness.mjs';

const FAILED = 'This drill could not be loaded. Your progress is safe.';
const LIMIT = 256 * 1024;
/// 64 MiB of spaces: about 64 KB gzipped, sent with its (honest, small) Content-Length.
const BOMB = gzipSync(Buffer.alloc(64 << 20, 0x20));
/// What the streamed bomb would decode to if nobody stopped reading: 1 GiB.
const STREAMED = 1 << 30;
/// How much of the streamed bomb the server had produced when the connection closed.
const streamed = { produced: 0, closed: false };

/// Sends `BOMB` gzip-encoded, its Content-Length the encoded size.
const bomb = (req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', 'Content-Length': BOMB.length });
  res.end(BOMB);
};

/// Streams 1 GiB of spaces through gzip, without a Content-Length, as fast as it is read.
const streamedBomb = (req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
  const chunk = Buffer.alloc(1 << 20, 0x20);
  const source = Readable.from((function* spaces() {
    for (streamed.produced = 0; streamed.produced < STREAMED; streamed.produced += chunk.length) yield chunk;
  })());
  res.on('close', () => { streamed.closed = true; });
  pipeline(source, createGzip({ level: 1 }), res, () => {});
};

const ID = 'phishing/lookalike-sender';
const TITLE = JSON.parse(readFileSync(join(DIST, `content/${ID}.json`), 'utf8')).drill.title;
/// The same drill with another title: what another content origin (or a poisoner) serves.
const EVIL = (() => {
  const compiled = JSON.parse(readFileSync(join(DIST, `content/${ID}.json`), 'utf8'));
  compiled.drill.title = 'Evil drill';
  return `${JSON.stringify(compiled)}\n`;
})();
const EVIL_CATALOG = (() => {
  const catalog = JSON.parse(readFileSync(join(DIST, 'content/catalog.json'), 'utf8'));
  for (const d of catalog.drills) if (d.id === ID) d.hash = contentHash(EVIL);
  return JSON.stringify(catalog);
})();

/// FNV-1a (64-bit) as 16 hex digits: the content hash and learner-key hash before SHA-256.
function fnv1a(bytes) {
  let hash = 0xcbf29ce484222325n;
  for (const b of bytes) hash = BigInt.asUintN(64, (hash ^ BigInt(b)) * 0x100000001b3n);
  return hash.toString(16).padStart(16, '0');
}

/// Plants `items` ({ key: value }) in localStorage before the page's first load only.
const plant = (items) => async (page) =>
  page.context().addInitScript((items) => {
    if (!sessionStorage.getItem('planted')) {
      for (const [key, value] of Object.entries(items)) localStorage.setItem(key, value);
      sessionStorage.setItem('planted', '1');
    }
  }, items);

const env = setup({
  routes: {
    '/one.html': hostPage(`<cyber-drill drill="${ID}"></cyber-drill>`),
    '/usb.html': hostPage('<cyber-drill drill="devices/usb-in-car-park"></cyber-drill>'),
    '/ward.html': hostPage(`<cyber-drill drill="${ID}" learner="ward7-a1f3"></cyber-drill>`),
    '/bomb.html': hostPage('<cyber-drill src="/bomb/drill.json"></cyber-drill><cyber-drill content="/bomb/"></cyber-drill><cyber-drill src="/bomb/streamed.json"></cyber-drill>'),
    '/bomb/drill.json': bomb,
    '/bomb/catalog.json': bomb,
    '/bomb/streamed.json': streamedBomb,
  },
});

test('a gzip bomb (small on the wire, 64 MiB or 1 GiB decoded) is cut off at the limit as it arrives: contained, and the console says why', async () => {
  const page = await open(env.browser, `${env.origin}/bomb.html`);
  const widgets = page.locator('cyber-drill');
  for (const n of [0, 1, 2]) await widgets.nth(n).getByRole('status').filter({ hasText: FAILED }).waitFor();
  for (const file of ['drill', 'catalog', 'streamed']) {
    const [, stopped] = await logged(page, new RegExp(`^cyberdrill: could not load .*/bomb/${file}\\.json: the file is over the limit of ${LIMIT} bytes; stopped reading it at (\\d+)$`));
    // Stopped at the first chunk past the limit, not after the whole body was decoded. The
    // browser decides how much a chunk holds: half a megabyte in Chromium, up to several in a
    // busy Firefox.
    assert.ok(Number(stopped) <= (16 << 20), `${file}: read ${stopped} bytes`);
  }
  // The streamed bomb's connection closed long before its gigabyte was produced.
  await eventually(() => assert.ok(streamed.closed, 'the connection is still open'));
  assert.ok(streamed.produced < STREAMED / 4, `the server produced ${streamed.produced} bytes`);
  assert.deepEqual(page.problems.errors, []);
  await page.context().close();
});

test('a kept copy is trusted only if its text hashes (SHA-256) to the catalog\'s: one that claims the right hash is fetched again', async () => {
  const url = `${env.origin}/content/${ID}.json`;
  const entry = JSON.parse(readFileSync(join(DIST, 'content/catalog.json'), 'utf8')).drills.find((d) => d.id === ID);
  // Under the key of every widget so far: by id (with the catalog's hash, as the FNV widget
  // trusted it) and by URL.
  const page = await open(env.browser, null);
  await plant({
    [`cyberdrill:v1:cache:drill:${ID}`]: JSON.stringify({ hash: entry.hash, text: EVIL }),
    [`cyberdrill:v1:cache:drill:${contentHash(url)}`]: JSON.stringify({ url, hash: entry.hash, text: EVIL }),
  })(page);
  await page.goto(`${env.origin}/one.html`);
  const widget = drill(page);
  await widget.getByRole('heading', { level: 2, name: TITLE }).waitFor();
  assert.equal(await widget.getByText('Evil drill').count(), 0);
  await page.context().close();
});

test('offline, a drill is only ever the copy kept from its own URL, never one of the same id from another content origin', async () => {
  const cors = { 'Access-Control-Allow-Origin': '*' };
  const trusted = await serve({ mounts: [{ prefix: '/', dir: `${DIST}/content` }], headers: () => cors });
  const other = await serve({
    routes: {
      '/catalog.json': (req, res) => res.writeHead(200, { 'Content-Type': 'application/json', ...cors }).end(EVIL_CATALOG),
      [`/${ID}.json`]: (req, res) => res.writeHead(200, { 'Content-Type': 'application/json', ...cors }).end(EVIL),
    },
  });
  const host = await serve({
    mounts: [{ prefix: '/', dir: DIST }],
    routes: {
      '/trusted.html': hostPage(`<cyber-drill content="${trusted.origin}/" drill="${ID}"></cyber-drill>`),
      '/other.html': hostPage(`<cyber-drill content="${other.origin}/" drill="${ID}"></cyber-drill>`),
    },
  });
  const page = await open(env.browser, `${host.origin}/trusted.html`);
  const widget = drill(page);
  await widget.getByRole('heading', { level: 2, name: TITLE }).waitFor();
  // Another page of the same intranet shows the other origin's drill of the same id.
  await page.goto(`${host.origin}/other.html`);
  await widget.getByRole('heading', { level: 2, name: 'Evil drill' }).waitFor();
  await eventually(async () => assert.equal(await page.evaluate((n) => localStorage.length > n, 2), true));
  // The trusted server goes away: its own kept copy, not the other one.
  await trusted.close();
  await page.goto(`${host.origin}/trusted.html`);
  await widget.getByRole('heading', { level: 2, name: TITLE }).waitFor();
  assert.equal(await widget.getByText('Evil drill').count(), 0);
  await page.context().close();
  await other.close();
  await host.close();
});

test('a learner\'s progress saved under the old (FNV) key is found after the upgrade, and moved to the SHA-256 key', async () => {
  const learner = 'ward7-a1f3';
  const old = `cyberdrill:v1:learner-${fnv1a(Buffer.from(learner))}:history`;
  const current = `cyberdrill:v1:learner-${contentHash(Buffer.from(learner))}:history`;
  const history = JSON.stringify({ schema: 3, attempts: [{ drill: 'devices/usb-in-car-park', at: NOW - 60_000, score: { correct: 1, questions: 1, points: 1, out_of: 1 }, answers: [] }] });
  const page = await open(env.browser, null);
  await plant({ [old]: history })(page);
  await page.goto(`${env.origin}/ward.html`);
  const widget = drill(page);
  await widget.getByRole('button', { name: 'My progress' }).click();
  await eventually(async () => assert.match(await widget.getByRole('definition').first().innerText(), /^1 of/));
  const stored = (key) => page.evaluate((key) => localStorage.getItem(key), key);
  assert.equal(await stored(old), null, 'nothing is left under the old key');
  assert.deepEqual(JSON.parse(await stored(current)).attempts.map((a) => a.drill), ['devices/usb-in-car-park']);
  await page.context().close();
});

test('a drill left half done under the FNV widget still offers Resume', async () => {
  const usb = 'devices/usb-in-car-park';
  const source = readFileSync(new URL(`../../content/${usb}.md`, import.meta.url));
  const at = NOW - 60 * 60 * 1000;
  const page = await open(env.browser, null);
  await plant({
    [`cyberdrill:v1:device:session:${usb}`]: JSON.stringify({ schema: 3, drill: usb, hash: fnv1a(source), started: at, updated: at, answers: [['found-stick', { c: [0] }]] }),
  })(page);
  await page.goto(`${env.origin}/usb.html`);
  await drill(page).getByRole('button', { name: /^Resume \(question 2 of \d+\)$/ }).waitFor();
  await page.context().close();
});
