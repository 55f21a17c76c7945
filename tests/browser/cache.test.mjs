// What the widget keeps and downloads cannot be turned against it: downloads are cut off at
// the size limit while their bytes arrive (a gzip bomb stays small), and an offline copy of a
// drill is only ever the one fetched from the same URL, checked by its SHA-256.

import assert from 'node:assert/strict';
import { Readable, pipeline } from 'node:stream';
import { test } from 'node:test';
import { createGzip, gzipSync } from 'node:zlib';

import { drill, eventually, hostPage, open, setup } from './harness.mjs';

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

const env = setup({
  routes: {
    '/bomb.html': hostPage('<cyber-drill src="/bomb/drill.json"></cyber-drill><cyber-drill content="/bomb/"></cyber-drill><cyber-drill src="/bomb/streamed.json"></cyber-drill>'),
    '/bomb/drill.json': bomb,
    '/bomb/catalog.json': bomb,
    '/bomb/streamed.json': streamedBomb,
  },
});

/// Opens `url` recording every console message, warnings too, in `page.logged`.
async function openLogged(url, options) {
  const page = await open(env.browser, null, options);
  page.logged = [];
  page.on('console', (message) => page.logged.push(message.text()));
  await page.goto(url);
  return page;
}

/// Waits for a console message matching `pattern` and returns its match.
const logged = (page, pattern) =>
  eventually(() => {
    const found = page.logged.map((m) => m.match(pattern)).find(Boolean);
    assert.ok(found, `no console message matches ${pattern}:\n${page.logged.join('\n')}`);
    return found;
  });

test('a gzip bomb (small on the wire, 64 MiB or 1 GiB decoded) is cut off at the limit as it arrives: contained, and the console says why', async () => {
  const page = await openLogged(`${env.origin}/bomb.html`);
  const widgets = page.locator('cyber-drill');
  for (const n of [0, 1, 2]) await widgets.nth(n).getByRole('status').filter({ hasText: FAILED }).waitFor();
  for (const file of ['drill', 'catalog', 'streamed']) {
    const [, stopped] = await logged(page, new RegExp(`^cyberdrill: could not load .*/bomb/${file}\\.json: the file is over the limit of ${LIMIT} bytes; stopped reading it at (\\d+)$`));
    // Stopped at the first chunk past the limit (the browser decides how much a chunk holds,
    // half a megabyte in Chromium), not after the whole body was decoded.
    assert.ok(Number(stopped) <= (2 << 20), `${file}: read ${stopped} bytes`);
  }
  // The streamed bomb's connection closed long before its gigabyte was produced.
  await eventually(() => assert.ok(streamed.closed, 'the connection is still open'));
  assert.ok(streamed.produced < STREAMED / 4, `the server produced ${streamed.produced} bytes`);
  assert.deepEqual(page.problems.errors, []);
  await page.context().close();
});
