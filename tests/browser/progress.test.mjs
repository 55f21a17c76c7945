// Progress that is never lost: kept across reloads, corrupt values quarantined, storage that
// throws, two widgets finishing at once, export/clear/import, and drills that run offline.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';

import { DIST, contentHash, download, drill, eventually, hostPage, newContext, NOW, open, readDrill, serve, setup, takeDrill } from './harness.mjs';

const ID = 'devices/usb-in-car-park';
const OTHER = 'passwords/mfa-prompt-not-you';
const HISTORY = 'cyberdrill:v1:device:history';
/// A drill id one byte over the limit (`lesson::limits::ID_BYTES`, 200) every reader holds.
const TOO_LONG_ID = `devices/${'x'.repeat(193)}`;
const env = setup({
  routes: {
    '/one.html': hostPage(`<cyber-drill drill="${ID}"></cyber-drill>`),
    '/two.html': hostPage(`<cyber-drill drill="${ID}"></cyber-drill><cyber-drill drill="${OTHER}"></cyber-drill>`),
    '/over-limit.html': hostPage('<cyber-drill src="/over-limit.json"></cyber-drill>'),
    // A real compiled drill whose id is over the limit: a file the build would never write.
    '/over-limit.json': async (req, res) => {
      const compiled = JSON.parse(await readFile(`${DIST}/content/${ID}.json`, 'utf8'));
      compiled.drill.id = TOO_LONG_ID;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(compiled));
    },
  },
});

const stored = (page, key) => page.evaluate((key) => localStorage.getItem(key), key);

/// Waits until the widget's first figure in "My progress" (drills done) matches `pattern`.
const figure = (widget, pattern) =>
  eventually(async () => assert.match(await widget.getByRole('definition').first().innerText(), pattern));

/// Waits until the page has logged a console error for which `match` is true.
const loggedError = (page, match) =>
  eventually(() => assert.ok(page.problems.console.some(match), `console errors:\n${page.problems.console.join('\n')}`));

test('a finished drill is still there after a reload', async () => {
  const page = await open(env.browser, `${env.origin}/one.html`);
  const widget = drill(page);
  await (await takeDrill(widget)).click();
  await widget.getByRole('heading', { level: 2, name: /Drill complete|Well done/ }).waitFor();
  await page.reload();
  await widget.getByText(/Due again in \d+ days?|Due again tomorrow/).waitFor();
  await widget.getByRole('button', { name: 'My progress' }).click();
  await figure(widget, /^1 of \d+$/);
  const history = JSON.parse(await stored(page, HISTORY));
  assert.equal(history.schema, 3);
  assert.deepEqual(history.attempts.map((a) => a.drill), [ID]);
  await page.context().close();
});

test('corrupt JSON under our key is quarantined, not lost, and the widget still works', async () => {
  const page = await open(env.browser, null, {
    init: () => {
      if (!sessionStorage.getItem('planted')) {
        localStorage.setItem('cyberdrill:v1:device:history', '{"schema":1,"attempts":[{"dri');
        sessionStorage.setItem('planted', '1');
      }
    },
  });
  await page.goto(`${env.origin}/one.html`);
  const widget = drill(page);
  await (await takeDrill(widget)).click();
  await widget.getByRole('heading', { level: 2, name: /Drill complete|Well done/ }).waitFor();
  await eventually(async () => {
    const keys = await page.evaluate(() => Object.keys(localStorage));
    const quarantined = keys.filter((k) => k.startsWith('cyberdrill:v1:quarantine:') && k.endsWith(':device:history'));
    assert.equal(quarantined.length, 1, `keys: ${keys}`);
    assert.equal(await stored(page, quarantined[0]), '{"schema":1,"attempts":[{"dri');
  });
  await eventually(async () => assert.equal(JSON.parse(await stored(page, HISTORY)).attempts.length, 1));
  await loggedError(page, (m) => m.includes('could not be read') && m.includes('moved it to cyberdrill:v1:quarantine:'));
  await page.context().close();
});

test('when localStorage throws, the drill still runs and the learner is told once', async () => {
  const page = await open(env.browser, `${env.origin}/one.html`, {
    init: () => {
      Object.defineProperty(window, 'localStorage', {
        get() {
          throw new DOMException('The operation is insecure.', 'SecurityError');
        },
      });
    },
  });
  const widget = drill(page);
  await widget.getByText("Your progress can't be saved on this computer", { exact: false }).waitFor();
  await (await takeDrill(widget)).click();
  await widget.getByRole('heading', { level: 2, name: /Drill complete|Well done/ }).waitFor();
  assert.equal(await widget.getByText("can't be saved on this computer", { exact: false }).count(), 1);
  assert.deepEqual(page.problems.errors, []);
  await page.context().close();
});

test('two widgets finishing at the same moment both keep their results', async () => {
  const page = await open(env.browser, `${env.origin}/two.html`);
  const [first, second] = [drill(page, 0), drill(page, 1)];
  const finishFirst = await takeDrill(first);
  const finishSecond = await takeDrill(second);
  // Both "See your results" clicks in one task: neither write may lose the other's result.
  await page.evaluate(() => {
    const buttons = [...document.querySelectorAll('cyber-drill')].map((el) =>
      [...el.shadowRoot.querySelectorAll('button')].find((b) => b.textContent === 'See your results'));
    buttons.forEach((b) => b.click());
  });
  await first.getByRole('heading', { level: 2, name: /Drill complete|Well done/ }).waitFor();
  await second.getByRole('heading', { level: 2, name: /Drill complete|Well done/ }).waitFor();
  assert.ok(finishFirst && finishSecond);
  await eventually(async () => {
    const drills = JSON.parse(await stored(page, HISTORY)).attempts.map((a) => a.drill).sort();
    assert.deepEqual(drills, [ID, OTHER].sort());
  });
  await page.context().close();
});

test('export, clear, then import restores the same progress', async () => {
  const page = await open(env.browser, `${env.origin}/one.html`, { context: { acceptDownloads: true } });
  const widget = drill(page);
  await (await takeDrill(widget)).click();
  await widget.getByRole('button', { name: 'My progress' }).click();
  const before = JSON.parse(await stored(page, HISTORY));

  const exported = await download(page, widget.getByRole('button', { name: 'Export progress' }));
  assert.match(exported.name, /^cyberdrill-progress-\d{4}-\d\d-\d\d\.json$/);
  const file = { name: exported.name, mimeType: 'application/json', buffer: Buffer.from(exported.text) };

  await widget.getByRole('button', { name: 'Clear progress' }).click();
  // The widget moves focus in the next animation frame: wait for it, never read it at once.
  const focused = () => page.evaluate(() => document.querySelector('cyber-drill').shadowRoot.activeElement?.textContent);
  await widget.getByRole('button', { name: 'Clear it' }).waitFor();
  await eventually(async () => assert.match(await focused(), /^Clear all your progress/, 'focus moves to the question'));
  await widget.getByRole('button', { name: 'Keep it' }).click();
  await widget.getByRole('button', { name: 'Clear progress' }).waitFor();
  await eventually(async () => assert.equal(await focused(), 'Clear progress', 'focus returns to the button'));
  await widget.getByRole('button', { name: 'Clear progress' }).click();
  await widget.getByRole('button', { name: 'Clear it' }).click();
  await widget.getByText('Your progress on this computer has been cleared.').waitFor();
  await eventually(async () => assert.equal(await stored(page, HISTORY), null));
  await figure(widget, /^0 of/);

  await widget.getByLabel('Import progress').setInputFiles(file);
  await widget.getByText('Imported: 1 result added to this computer.').waitFor();
  await eventually(async () => assert.deepEqual(JSON.parse(await stored(page, HISTORY)), before));
  await figure(widget, /^1 of/);

  await widget.getByLabel('Import progress').setInputFiles({ name: 'x.json', mimeType: 'application/json', buffer: Buffer.from('{"hello":1}') });
  await widget.getByText('Nothing imported: this file is not a cyberdrill progress file.').waitFor();
  await page.context().close();
});

test('with the content server gone after a first visit, a kept drill still runs and is saved', async () => {
  const content = await serve({ mounts: [{ prefix: '/', dir: `${DIST}/content` }], headers: () => ({ 'Access-Control-Allow-Origin': '*' }) });
  const routes = { '/offline.html': hostPage(`<cyber-drill content="${content.origin}/" drill="${ID}"></cyber-drill>`) };
  const host = await serve({ mounts: [{ prefix: '/', dir: DIST }], routes });
  const page = await open(env.browser, `${host.origin}/offline.html`);
  const widget = drill(page);
  await widget.getByRole('button', { name: 'Start', exact: true }).waitFor();
  await content.close();

  await page.reload();
  await (await takeDrill(widget)).click();
  await widget.getByRole('heading', { level: 2, name: /Drill complete|Well done/ }).waitFor();
  await eventually(async () => assert.deepEqual(JSON.parse(await stored(page, HISTORY)).attempts.map((a) => a.drill), [ID]));
  assert.ok(page.problems.console.every((m) => !m.includes('could not load')), page.problems.console.join('\n'));
  await page.context().close();
  await host.close();
});

test('a changed drill is fetched afresh once the content server is back', async () => {
  const kept = await readFile(`${DIST}/content/${ID}.json`, 'utf8');
  const spec = await readDrill(ID);
  const page = await open(env.browser, `${env.origin}/one.html`);
  const widget = drill(page);
  await widget.getByRole('button', { name: 'Start', exact: true }).waitFor();
  const key = `cyberdrill:v1:cache:drill:${contentHash(`${env.origin}/content/${ID}.json`)}`;
  // The copy is kept once the drill has arrived, which may be after its card is drawn.
  const cached = await eventually(async () => {
    const copy = JSON.parse(await stored(page, key));
    assert.equal(copy?.text, kept);
    return copy;
  });
  // A copy whose text no longer hashes to the catalog's is stale: the next visit fetches the file again.
  await page.evaluate(([key, value]) => localStorage.setItem(key, value), [key, JSON.stringify({ ...cached, text: cached.text.replace(spec.title, 'An old title') })]);
  await page.reload();
  await widget.getByRole('heading', { level: 2, name: spec.title }).waitFor();
  await eventually(async () => assert.equal(JSON.parse(await stored(page, key)).text, kept));
  await page.context().close();
});

test('progress saved by a newer widget is never written over, and the learner is told', async () => {
  const newer = '{"schema":99,"attempts":[],"streaks":{"best":4}}';
  const page = await open(env.browser, null);
  await page.context().addInitScript(({ key, value }) => {
    if (!sessionStorage.getItem('planted')) {
      localStorage.setItem(key, value);
      sessionStorage.setItem('planted', '1');
    }
  }, { key: HISTORY, value: newer });
  await page.goto(`${env.origin}/one.html`);
  const widget = drill(page);
  await widget.getByText('Your progress was saved by a newer version of this page', { exact: false }).waitFor();
  await (await takeDrill(widget)).click();
  await widget.getByRole('heading', { level: 2, name: /Drill complete|Well done/ }).waitFor();
  assert.equal(await stored(page, HISTORY), newer, 'the newer record is exactly as it was');
  await widget.getByRole('button', { name: 'My progress' }).click();
  await figure(widget, /^1 of/);
  await page.context().close();
});

test('a drill left half-done for over a week is quietly discarded', async () => {
  const page = await open(env.browser, null);
  const week = 8 * 24 * 60 * 60 * 1000;
  await page.context().addInitScript(({ key, old }) => {
    if (!sessionStorage.getItem('planted')) {
      localStorage.setItem(key, JSON.stringify({ schema: 2, drill: 'devices/usb-in-car-park', hash: 'x', started: old, updated: old, answers: [['found-stick', { c: [0] }]] }));
      sessionStorage.setItem('planted', '1');
    }
  }, { key: `cyberdrill:v1:device:session:${ID}`, old: NOW - week });
  await page.goto(`${env.origin}/one.html`);
  const widget = drill(page);
  await widget.getByRole('button', { name: 'Start', exact: true }).waitFor();
  assert.equal(await widget.getByRole('button', { name: /^Resume/ }).count(), 0);
  await eventually(async () => assert.equal(await stored(page, `cyberdrill:v1:device:session:${ID}`), null));
  await page.context().close();
});

test('a drill left half-done under an earlier widget resumes: progress refers to the Markdown, not the compiled file', async () => {
  const source = await readFile(new URL(`../../content/${ID}.md`, import.meta.url));
  const spec = await readDrill(ID);
  const page = await open(env.browser, null);
  await page.context().addInitScript(({ key, hash, at }) => {
    if (!sessionStorage.getItem('planted')) {
      localStorage.setItem(key, JSON.stringify({ schema: 2, drill: 'devices/usb-in-car-park', hash, started: at, updated: at, answers: [['found-stick', { c: [0] }]] }));
      sessionStorage.setItem('planted', '1');
    }
  }, { key: `cyberdrill:v1:device:session:${ID}`, hash: contentHash(source), at: NOW - 60 * 60 * 1000 });
  await page.goto(`${env.origin}/one.html`);
  const widget = drill(page);
  await widget.getByRole('button', { name: `Resume (question 2 of ${spec.questions.length})` }).waitFor();
  await page.context().close();
});

test('when storage fills up mid-drill, the drill finishes and the learner is told', async () => {
  const page = await open(env.browser, `${env.origin}/one.html`, {
    init: () => {
      const setItem = Storage.prototype.setItem;
      Storage.prototype.setItem = function (key, value) {
        if (key.endsWith(':history')) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        return setItem.call(this, key, value);
      };
    },
  });
  const widget = drill(page);
  await (await takeDrill(widget)).click();
  await widget.getByRole('heading', { level: 2, name: /Drill complete|Well done/ }).waitFor();
  await widget.getByText("Your progress can't be saved on this computer", { exact: false }).waitFor();
  assert.deepEqual(page.problems.errors, []);
  await page.context().close();
});

test('a drill finished in another tab shows up in this one without a reload', async () => {
  const context = await newContext(env.browser);
  const [here, there] = [await context.newPage(), await context.newPage()];
  await here.goto(`${env.origin}/one.html`);
  await drill(here).getByRole('button', { name: 'My progress' }).click();
  const done = drill(here).getByRole('definition').first();
  await done.waitFor();
  assert.match(await done.innerText(), /^0 of/);
  await there.goto(`${env.origin}/one.html`);
  await (await takeDrill(drill(there))).click();
  await drill(there).getByRole('heading', { level: 2, name: /Drill complete|Well done/ }).waitFor();
  await drill(here).getByRole('definition').first().filter({ hasText: /^1 of/ }).waitFor();
  await context.close();
});

/// A stored history (schema 3) of one attempt at ID an hour ago, exactly as the widget writes
/// it, so that a load leaves it as it is; with `bad`, an attempt that does not read besides.
function history({ bad = false } = {}) {
  const at = NOW - 60 * 60 * 1000;
  const attempt = { drill: ID, at, score: { correct: 1, questions: 1, points: 1, out_of: 1 }, answers: [['found-stick', { c: [0] }]], hash: 'x' };
  const attempts = bad ? [attempt, { drill: OTHER, at: 'yesterday' }] : [attempt];
  return JSON.stringify({ schema: 3, attempts, summaries: [] });
}

/// Stores `values` ({ key: value }) in the page's localStorage before its first load only.
const plant = (values) => ({
  init: ([values]) => {
    // Not on the blank page a context opens with, whose storage Firefox refuses.
    if (location.protocol !== 'http:') return;
    if (!sessionStorage.getItem('planted')) {
      for (const [key, value] of Object.entries(values)) localStorage.setItem(key, value);
      sessionStorage.setItem('planted', '1');
    }
  },
  args: [values],
});

async function openPlanted(url, values, extra) {
  const page = await open(env.browser, null);
  const { init, args } = plant(values);
  await page.context().addInitScript(init, args);
  if (extra) await page.context().addInitScript(extra);
  await page.goto(url);
  return page;
}

const quarantined = (page) => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('cyberdrill:v1:quarantine:')).sort());

test('My progress says when saved progress was set aside, and Clear progress removes it with the rest', async () => {
  const theirs = 'cyberdrill:v1:quarantine:5:learner-0123456789abcdef:history';
  const earlier = 'cyberdrill:v1:quarantine:5:device:session:devices/usb-in-car-park';
  const page = await openPlanted(`${env.origin}/one.html`, { [HISTORY]: history({ bad: true }), [theirs]: '{"not":"mine"}', [earlier]: '{bad' });
  const widget = drill(page);
  await widget.getByRole('button', { name: 'My progress' }).click();
  const note = widget.getByText('Some saved progress on this computer could not be read and was set aside.', { exact: false });
  await note.waitFor();
  await figure(widget, /^1 of/);
  // The attempt that did not read was set aside alone, beside the value set aside earlier.
  await eventually(async () => assert.equal((await quarantined(page)).filter((k) => k.includes(':device:')).length, 2));

  await widget.getByRole('button', { name: 'Clear progress' }).click();
  await widget.getByRole('button', { name: 'Clear it' }).click();
  await widget.getByText('Your progress on this computer has been cleared.').waitFor();
  await note.waitFor({ state: 'detached' });
  await eventually(async () => assert.deepEqual(await quarantined(page), [theirs], "another learner's values stay"));
  assert.equal(await stored(page, HISTORY), null);
  await page.reload();
  await widget.getByRole('button', { name: 'My progress' }).click();
  await figure(widget, /^0 of/);
  assert.equal(await note.count(), 0);
  await page.context().close();
});

test('a progress file over 1 MB is refused unread, one dated in the future is refused, and stored progress is untouched', async () => {
  const planted = history();
  // Counts the files the page reads: the oversized one must be refused by its size alone.
  const page = await openPlanted(`${env.origin}/one.html`, { [HISTORY]: planted }, () => {
    window.__reads = 0;
    const text = Blob.prototype.text;
    Blob.prototype.text = function () {
      window.__reads += 1;
      return text.call(this);
    };
  });
  const widget = drill(page);
  await widget.getByRole('button', { name: 'My progress' }).click();
  await figure(widget, /^1 of/);

  const big = Buffer.alloc(1024 * 1024 + 1, ' ');
  await widget.getByLabel('Import progress').setInputFiles({ name: 'big.json', mimeType: 'application/json', buffer: big });
  await widget.getByText('Nothing imported: this file is over 1 MB, larger than any progress file.').waitFor();
  assert.equal(await page.evaluate(() => window.__reads), 0, 'the file was never read');
  assert.equal(await stored(page, HISTORY), planted);

  const later = NOW + 3 * 24 * 60 * 60 * 1000;
  const future = JSON.stringify({ format: 'cyberdrill-progress', exported: later, history: { schema: 3, attempts: [{ drill: OTHER, at: later, score: { correct: 1, questions: 1, points: 1, out_of: 1 }, answers: [], hash: 'x' }], summaries: [] } });
  await widget.getByLabel('Import progress').setInputFiles({ name: 'future.json', mimeType: 'application/json', buffer: Buffer.from(future) });
  await widget.getByText('Nothing imported: this file has results dated after today: check the date on the computer it came from.').waitFor();
  assert.equal(await stored(page, HISTORY), planted);
  await figure(widget, /^1 of/);
  await page.context().close();
});

test('a drill over the limits is refused, contained: progress is safe and the console says why', async () => {
  const planted = history();
  const page = await openPlanted(`${env.origin}/over-limit.html`, { [HISTORY]: planted });
  const widget = drill(page);
  await widget.getByText('This drill could not be loaded. Your progress is safe.').waitFor();
  await loggedError(page, (m) => m.includes('over-limit.json') && m.includes('drill id has 201 bytes, over the limit of 200'));
  assert.equal(await widget.getByRole('button', { name: 'Start', exact: true }).count(), 0);
  assert.equal(await stored(page, HISTORY), planted);
  assert.deepEqual(page.problems.errors, []);
  await page.context().close();
});
