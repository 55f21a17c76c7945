// Reporting from the widget to a real learning record store: Ralph (tests/browser/lrs.mjs),
// behind the test server's same-origin proxy, which the tests make unreachable, failing,
// slow or refusing as an intranet's might. Each test finishes real drills in the browser
// under test and then counts, in Ralph's store, the statements of its own learner: every one
// must be there exactly once. Nothing waits for a fixed time: the page's clock is moved on to
// reach a retry, and the tests wait for what they assert.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';

import { contentHash, drill, eventually, launch, logged, newContext, open, readDrill, takeDrill, DIST } from './harness.mjs';
import { startLrs, XAPI_VERSION } from './lrs.mjs';
import { serve } from './server.mjs';

const ID = 'devices/usb-in-car-park';
const OTHER = 'passwords/mfa-prompt-not-you';
const HOME = 'https://intranet.example.nhs.uk/';

// What the proxy does, set by each test (see server.mjs's `forward`).
const proxy = { answer: undefined, before: undefined };
let lrs;
let server;
let browser;

/// A host page with one widget: `?drill=…&learner=…`, and `&lrs=0` for none.
function page(req, res, url) {
  const learner = url.searchParams.get('learner');
  const attributes = [
    `drill="${url.searchParams.get('drill') ?? ID}"`,
    learner === null ? '' : `learner="${learner}"`,
    url.searchParams.get('lrs') === '0' ? '' : `lrs="/lrs/" homepage="${HOME}"`,
  ].join(' ');
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Ward page</title><script type="module" src="/cyberdrill.js"></script></head><body><main><h1>Ward page</h1><cyber-drill ${attributes}></cyber-drill></main></body></html>`);
}

before(async () => {
  browser = await launch();
  lrs = await startLrs();
  server = await serve({
    mounts: [{ prefix: '/', dir: DIST }],
    routes: { '/ward.html': page },
    // The tests' own reads of the store (GET) pass untouched; the pages' writes meet `proxy`.
    proxies: [
      {
        ...lrs.proxy('/lrs/'),
        answer: (req) => (req.method === 'GET' ? undefined : proxy.answer?.(req)),
        before: (req, body) => (req.method === 'GET' ? undefined : proxy.before?.(req, body)),
      },
    ],
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
  await lrs?.stop();
});

const ward = (learner, more = '') => `${server.origin}/ward.html?learner=${learner}${more}`;
const OUTBOX = () => `cyberdrill:v1:outbox:${contentHash(`${server.origin}/lrs/`)}`;

/// `learner`'s statements in Ralph's store: how many times each id is there, and each verb's
/// count.
async function storedOf(learner) {
  const answer = await fetch(`${server.origin}/lrs/statements?limit=1000`, { headers: { 'X-Experience-API-Version': XAPI_VERSION } });
  assert.equal(answer.status, 200);
  const { statements } = await answer.json();
  const ids = {};
  const verbs = {};
  for (const s of statements.filter((s) => s.actor?.account?.name === learner)) {
    ids[s.id] = (ids[s.id] ?? 0) + 1;
    const verb = s.verb.display['en-US'];
    verbs[verb] = (verbs[verb] ?? 0) + 1;
  }
  return { ids, verbs, total: Object.values(ids).reduce((a, b) => a + b, 0) };
}

/// What one finished drill of `id` makes: a start, an answer per question, a result.
async function expected(...ids) {
  let answered = 0;
  for (const id of ids) answered += (await readDrill(id)).questions.length;
  return { initialized: ids.length, answered, completed: ids.length };
}

/// Waits until `learner`'s statements in the store are `verbs`, each id once; returns them.
async function arrived(learner, verbs, { tick } = {}) {
  return eventually(async () => {
    await tick?.();
    const now = await storedOf(learner);
    assert.deepEqual(now.verbs, verbs);
    assert.ok(Object.values(now.ids).every((n) => n === 1), `a statement is stored twice: ${JSON.stringify(now.ids)}`);
    return now;
  });
}

/// Takes the drill in `widget` (of `id`) to its last question with the first choice picked, its
/// Check not yet clicked: every earlier question checked and saved.
async function toLastCheck(widget, id) {
  const { questions } = await readDrill(id);
  await widget.getByRole('button', { name: 'Start', exact: true }).click();
  const begin = widget.getByRole('button', { name: 'Start the questions' });
  await begin.or(widget.getByRole('button', { name: 'Check' })).waitFor();
  if (await begin.isVisible()) await begin.click();
  for (let n = 1; ; n++) {
    await widget.getByRole('button', { name: 'Check' }).waitFor();
    await widget.locator('input').first().check();
    if (n === questions.length) return;
    await widget.getByRole('button', { name: 'Check' }).click();
    await widget.getByRole('button', { name: 'Next question' }).click();
  }
}

/// Clicks the button named `name` in the widget of every page in `pages` in the same instant:
/// each page is armed to click it on a BroadcastChannel message, and one message reaches them
/// all (a channel's message is delivered to every page of the origin in a task of its own).
async function together(pages, name) {
  const channel = `cyberdrill-test ${name}`;
  for (const page of pages) {
    await drill(page).getByRole('button', { name, exact: true }).waitFor();
    await page.evaluate(([channel, name]) => {
      const go = new BroadcastChannel(channel);
      go.onmessage = () => {
        go.close();
        const root = document.querySelector('cyber-drill').shadowRoot;
        [...root.querySelectorAll('button')].find((b) => b.textContent.trim() === name).click();
      };
    }, [channel, name]);
  }
  await pages[0].evaluate((channel) => {
    const go = new BroadcastChannel(channel);
    go.postMessage('go');
    go.close();
  }, channel);
}

/// The drills of the finished attempts in `learner`'s stored history, as `page` reads it.
const history = (page, learner) =>
  page.evaluate((key) => JSON.parse(localStorage.getItem(key))?.attempts.map((a) => a.drill) ?? [], `cyberdrill:v1:learner-${contentHash(learner)}:history`);

/// The page's outbox as stored (null when there is none).
const outbox = (page) => page.evaluate((key) => JSON.parse(localStorage.getItem(key)), OUTBOX());

/// Waits until the outbox on `page` holds nothing to send.
const emptied = (page) => eventually(async () => assert.deepEqual((await outbox(page))?.pending, []));

test('without `lrs` nothing is loaded or sent; without `learner` the console says why', async () => {
  let hits = server.hits.length;
  const plain = await open(browser, ward('plain', '&lrs=0'));
  await (await takeDrill(drill(plain))).click();
  await drill(plain).getByRole('button', { name: 'Done' }).waitFor();
  const requested = server.hits.slice(hits);
  assert.deepEqual(requested.filter((p) => /^\/lrs|reporting/.test(p)), [], 'no reporting module, no request to the LRS');
  assert.equal(await plain.evaluate((key) => localStorage.getItem(key), OUTBOX()), null, 'no outbox');
  hits = server.hits.length;
  const nobody = await open(browser, `${server.origin}/ward.html`);
  await logged(nobody, /^cyberdrill: reporting is off: the page gives no `learner` value$/);
  assert.deepEqual(server.hits.slice(hits).filter((p) => /^\/lrs\/|reporting/.test(p)), [], 'lrs.js only: no module, no request to the LRS');
  for (const p of [plain, nobody]) {
    assert.deepEqual(p.problems.errors, []);
    await p.context().close();
  }
});

test('a drill started and left before any answer is reported as started, once', async () => {
  const learner = 'started-only';
  const page = await open(browser, ward(learner));
  const widget = drill(page);
  await widget.getByRole('button', { name: 'Start', exact: true }).click();
  await widget.getByRole('button', { name: 'Start the questions' }).or(widget.getByRole('button', { name: 'Check' })).waitFor();
  const got = await arrived(learner, { initialized: 1 });
  await emptied(page);
  console.log(`started only: stored ${JSON.stringify(got.verbs)}`);
  assert.deepEqual(page.problems.errors, []);
  await page.context().close();
});

// An LRS out of reach, as the proxy reports it (502), or no answer at all.
for (const [how, answer, said] of [
  ['the proxy answers 502', 502, /answered 502/],
  ['the connection closes unanswered', 'drop', /could not be reached/],
]) {
  test(`a drill finished while the LRS is unreachable (${how}) arrives, exactly once, when it is back`, async () => {
    const learner = `unreachable-${answer}`;
    let refused = 0;
    proxy.answer = () => (refused++, answer);
    const page = await open(browser, ward(learner));
    await (await takeDrill(drill(page))).click();
    await logged(page, said);
    await eventually(async () => assert.equal((await outbox(page))?.pending.length, 4));
    assert.equal((await storedOf(learner)).total, 0, 'nothing reached the LRS');
    proxy.answer = undefined;
    await page.evaluate(() => dispatchEvent(new Event('online')));
    const got = await arrived(learner, await expected(ID));
    await emptied(page);
    console.log(`unreachable (${how}): ${refused} request(s) failed, 4 statements waited; then stored ${JSON.stringify(got.verbs)}, ${got.total} in all, each once`);
    assert.deepEqual(page.problems.errors, []);
    await page.context().close();
  });
}

// One page sends at a time: the one holding the Web Lock, or where a browser has no Web Locks,
// the one holding the lease in storage (a race there can send a statement twice, which its id
// makes harmless: the store must still have each once).
for (const [how, locks] of [['with Web Locks', true], ['without Web Locks (a lease in storage)', false]]) {
  test(`two tabs with drills in progress at once send each statement once, ${how}`, async () => {
    const learner = `two-tabs-${locks ? 'locks' : 'lease'}`;
    const posted = {};
    proxy.before = (req, body) => {
      for (const { id } of JSON.parse(body)) posted[id] = (posted[id] ?? 0) + 1;
    };
    const ctx = await newContext(browser);
    if (!locks) await ctx.addInitScript(() => Object.defineProperty(Navigator.prototype, 'locks', { get: () => undefined }));
    const [one, two] = [await ctx.newPage(), await ctx.newPage()];
    await one.goto(ward(learner, `&drill=${ID}`));
    await two.goto(ward(learner, `&drill=${OTHER}`));
    // Each taken in front, as a learner would (a tab in the background has its timers slowed),
    // to its last question with an answer picked, so both drills are in progress at once.
    await one.bringToFront();
    await toLastCheck(drill(one), ID);
    await two.bringToFront();
    await toLastCheck(drill(two), OTHER);
    await one.bringToFront();
    // Then both tabs' last Check in the same instant, and both tabs' "See your results", which
    // writes the history, in the same instant too: each tab reads the history before the
    // other's write is visible to it (Firefox shows one tab's write to another late), and the
    // tab that writes last writes the other's result away, until that tab's store reads the
    // history again on the storage event and writes its result back (src/web/storage.rs,
    // `Store::history`). Every statement must still arrive once, and both results stay.
    await together([one, two], 'Check');
    await together([one, two], 'See your results');
    for (const page of [one, two]) await drill(page).getByRole('button', { name: 'Done' }).waitFor();
    const got = await arrived(learner, await expected(ID, OTHER));
    await emptied(one);
    for (const page of [one, two]) await eventually(async () => assert.deepEqual((await history(page, learner)).sort(), [ID, OTHER].sort()));
    proxy.before = undefined;
    const twice = Object.entries(posted).filter(([, n]) => n !== 1);
    if (locks) assert.deepEqual(twice, [], 'each statement POSTed once');
    assert.equal(Object.keys(posted).length, got.total);
    console.log(
      `two tabs ${how}, finished in the same instant: ${got.total} statements stored ${JSON.stringify(got.verbs)}, each once; ` +
        `${Object.keys(posted).length} POSTed, ${twice.length} of them more than once; both results in the stored history`,
    );
    await ctx.close();
  });
}

test('a reload in the middle of sending loses and doubles nothing', async () => {
  const page = await open(browser, ward('reload'));
  const results = await takeDrill(drill(page));
  const { answered } = await expected(ID);
  await arrived('reload', { initialized: 1, answered });
  let release;
  const held = new Promise((ok) => {
    proxy.before = async () => {
      proxy.before = undefined;
      ok();
      await new Promise((go) => (release = go));
    };
  });
  await results.click();
  await held; // the result's statement is on its way, and held there
  await page.reload();
  // The reloaded page sends it again; the first request then arrives too.
  await arrived('reload', await expected(ID), { tick: () => release?.() });
  await emptied(page);
  const got = await storedOf('reload');
  console.log(`reload: ${got.total} statements stored ${JSON.stringify(got.verbs)}, each once, after a request held across the reload`);
  assert.deepEqual(page.problems.errors, []);
  await page.context().close();
});

test('an LRS answering 500 for a while gets everything once it recovers', async () => {
  let failures = 3;
  proxy.answer = () => (failures > 0 ? (failures--, 500) : undefined);
  const page = await open(browser, ward('failing'));
  await (await takeDrill(drill(page))).click();
  await logged(page, /answered 500/);
  // Each retry waits longer (5 s, 10 s, 20 s, with jitter): move the page's clock on to it.
  const got = await arrived('failing', await expected(ID), { tick: () => page.clock.fastForward(20_000) });
  await emptied(page);
  assert.equal(failures, 0);
  proxy.answer = undefined;
  console.log(`500s: 3 answered 500, then ${got.total} statements stored ${JSON.stringify(got.verbs)}, each once`);
  assert.deepEqual(page.problems.errors, []);
  await page.context().close();
});

test('a statement the LRS refuses is set aside with the reason in the console, and the rest arrive', async () => {
  const snapshot = await readFile(new URL('../it/snapshots/it__xapi__statements.snap', import.meta.url), 'utf8');
  const [good] = JSON.parse(snapshot.split(/^---$/m)[2]);
  const fine = { ...good, id: `${good.id.slice(0, 24)}0000000000aa` };
  const bad = { ...structuredClone(good), id: `${good.id.slice(0, 24)}0000000000bb` };
  delete bad.actor;
  const planted = {
    schema: 1,
    pending: [fine, bad].map((s) => ({ id: s.id, verb: 'initialized', statement: JSON.stringify(s) })),
  };
  const ctx = await newContext(browser);
  await ctx.addInitScript(([key, value]) => localStorage.getItem(key) ?? localStorage.setItem(key, value), [OUTBOX(), JSON.stringify(planted)]);
  const page = await ctx.newPage();
  const errors = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(ward('refused'));
  await eventually(() => assert.ok(errors.some((e) => e.includes(`refused statement ${bad.id}: HTTP 422`)), errors.join('\n')));
  await (await takeDrill(drill(page))).click();
  const got = await arrived('refused', await expected(ID));
  const { ids } = await storedOf(good.actor.account.name);
  assert.equal(ids[fine.id], 1, 'the good statement of the refused batch is stored');
  assert.equal(ids[bad.id], undefined);
  await emptied(page);
  const aside = (await outbox(page)).rejected;
  assert.deepEqual(aside.map((r) => r.id), [bad.id]);
  assert.match(aside[0].reason, /^HTTP 422/);
  console.log(`refused: 1 of 2 planted statements set aside (HTTP 422), the other stored once; the drill's ${got.total} statements stored ${JSON.stringify(got.verbs)}, each once`);
  await ctx.close();
});

test('embed.html takes `lrs` and `homepage` after the #, and `lrs` only on its own origin', async () => {
  const page = await open(browser, `${server.origin}/embed.html#drill=${encodeURIComponent(ID)}&learner=embedded&lrs=%2Flrs%2F&homepage=${encodeURIComponent(HOME)}`);
  await (await takeDrill(drill(page))).click();
  const got = await arrived('embedded', await expected(ID));
  const elsewhere = await open(browser, `${server.origin}/embed.html#drill=${encodeURIComponent(ID)}&learner=elsewhere&lrs=${encodeURIComponent('https://lrs.example.org/')}`);
  await logged(elsewhere, /embed\.html takes lrs only on its own origin or one listed in embed-origins\.json, not `https:\/\/lrs\.example\.org\/`; leaving it out/);
  await drill(elsewhere).getByRole('button', { name: 'Start', exact: true }).waitFor();
  console.log(`embed.html: ${got.total} statements stored ${JSON.stringify(got.verbs)}, each once; a foreign lrs left out`);
  for (const p of [page, elsewhere]) {
    assert.deepEqual(p.problems.errors, []);
    await p.context().close();
  }
});
