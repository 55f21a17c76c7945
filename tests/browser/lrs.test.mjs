// The learning record store the reporting is built for, for real: Ralph, started for this
// file, behind the test server's same-origin proxy as an intranet's reverse proxy would put
// it. The statements are the ones the Rust core builds: this test reads them from the
// snapshot `tests/it/xapi.rs` holds them to, so the two cannot drift. No browser: what is
// tested here is what the LRS does with them, and what each of its answers means
// (`xapi::classify` in src/xapi.rs is held to the same statuses natively).
//
//   node --test tests/browser/lrs.test.mjs

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';

import { startLrs, XAPI_VERSION } from './lrs.mjs';
import { serve } from './server.mjs';

const SNAPSHOT = new URL('../it/snapshots/it__xapi__statements.snap', import.meta.url);

/// The statements of one attempt, as the core writes them (the snapshot's body after insta's
/// header).
async function statements() {
  const text = await readFile(SNAPSHOT, 'utf8');
  return JSON.parse(text.split(/^---$/m)[2]);
}

/// A copy of `statement` under another id (still a version 8 UUID of the right variant).
function renamed(statement, last) {
  return { ...structuredClone(statement), id: `${statement.id.slice(0, 24)}${last}` };
}

let lrs;
let server;

before(async () => {
  lrs = await startLrs();
  server = await serve({ proxies: [lrs.proxy('/lrs/')] });
});

after(async () => {
  await server?.close();
  await lrs?.stop();
});

/// A request to the LRS through the proxy, as a page would make it: no credentials.
async function send(method, path, body) {
  const answer = await fetch(`${server.origin}/lrs/${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', 'X-Experience-API-Version': XAPI_VERSION },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await answer.text();
  return { status: answer.status, body: text ? JSON.parse(text) : null };
}

/// Every statement in the store, by id: how many times each is there.
async function stored() {
  const { status, body } = await send('GET', 'statements?limit=500');
  assert.equal(status, 200);
  assert.equal(body.more ?? '', '', 'one page holds them all');
  const counts = {};
  for (const { id } of body.statements) counts[id] = (counts[id] ?? 0) + 1;
  return counts;
}

test('Ralph wants credentials and refuses a preflight, so pages reach it through the proxy', async () => {
  const direct = await fetch(`${lrs.xapi}statements`);
  assert.equal(direct.status, 401, 'no credentials, no statements');
  const preflight = await fetch(`${lrs.xapi}statements`, {
    method: 'OPTIONS',
    headers: { Origin: 'https://intranet.example.nhs.uk', 'Access-Control-Request-Method': 'POST' },
  });
  assert.equal(preflight.status, 405, 'a cross-origin page could not POST to it');
  assert.deepEqual(await stored(), {}, 'through the proxy, the credentials are added server-side');
});

test("the core's statements are stored, and a resend of the same ids is stored once", async () => {
  const all = await statements();
  assert.deepEqual(all.map((s) => s.verb.display['en-US']), ['initialized', 'answered', 'answered', 'answered', 'answered', 'completed']);
  const first = await send('POST', 'statements', all);
  assert.equal(first.status, 200, JSON.stringify(first.body));
  assert.deepEqual(first.body, all.map((s) => s.id), 'stored under the ids the core gave');
  // A reload or a lost answer resends: the same batch, one statement again, a PUT by id.
  const again = await send('POST', 'statements', all);
  assert.equal(again.status, 204, 'identical statements are taken as already there');
  assert.equal((await send('POST', 'statements', [all[5]])).status, 204);
  assert.equal((await send('PUT', `statements?statementId=${all[0].id}`, all[0])).status, 204);
  const counts = await stored();
  assert.deepEqual(counts, Object.fromEntries(all.map((s) => [s.id, 1])), 'each statement once');
  // The same id with other content is a conflict: the first stands (the core counts 409 as
  // delivered, so an outbox never loops on it).
  const changed = { ...structuredClone(all[1]), timestamp: '2026-12-03T09:31:00.000Z' };
  const conflict = await send('POST', 'statements', [changed]);
  assert.equal(conflict.status, 409, JSON.stringify(conflict.body));
  assert.deepEqual(await stored(), counts);
});

test('a malformed statement is refused, and a batch with one is refused whole', async () => {
  const [started] = await statements();
  const before = await stored();
  const noActor = renamed(started, '00000000aaaa');
  delete noActor.actor;
  const refused = await send('POST', 'statements', [noActor]);
  // xAPI says 400; Ralph 5.1.0 answers a statement that does not validate as FastAPI does,
  // 422, saying which field. The core treats both as "set this statement aside".
  assert.equal(refused.status, 422, JSON.stringify(refused.body));
  assert.match(JSON.stringify(refused.body.detail), /actor/);
  const good = renamed(started, '00000000bbbb');
  const batch = await send('POST', 'statements', [good, noActor]);
  assert.equal(batch.status, 422);
  assert.deepEqual(await stored(), before, 'nothing of a refused batch is stored');
  // Not JSON at all, and an empty batch: 400.
  const notJson = await fetch(`${server.origin}/lrs/statements`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{not json' });
  assert.equal(notJson.status, 400);
  assert.equal((await send('POST', 'statements', [])).status, 400);
  // The good statement alone, as the outbox sends a refused batch's statements, is stored.
  assert.equal((await send('POST', 'statements', [good])).status, 200);
  assert.deepEqual(await stored(), { ...before, [good.id]: 1 });
});
