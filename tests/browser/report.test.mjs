// The report page (report.html) against a real learning record store: Ralph, started for this
// file, behind the test server's same-origin proxy. A quarter of drills by five learners is
// stored, as statements shaped exactly as the Rust core writes them (cloned from the snapshot
// `tests/it/xapi.rs` holds them to); the page must draw the figures worked out by hand below,
// the same as `tally` gives for what is in the store, with a table for every chart, each
// downloadable as CSV, and no axe-core violation.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';

import { csv, tally } from '../../public/tally.js';
import { DIST, NOW, axe, download, launch, open } from './harness.mjs';
import { startLrs, XAPI_VERSION } from './lrs.mjs';
import { serve } from './server.mjs';

const SNAPSHOT = new URL('../it/snapshots/it__xapi__statements.snap', import.meta.url);
const CONTENT = 'https://intranet.example.nhs.uk/cyberdrill/content/';

/// The core's statements of one attempt: initialized, four answered, completed.
async function template() {
  const text = await readFile(SNAPSHOT, 'utf8');
  return JSON.parse(text.split(/^---$/m)[2]);
}

let serial = 0;
/// An attempt's statements: `learner` takes `drill` (of `topic`) at `at`, answering its
/// questions as `answers` says (true right, false wrong), and finishes it unless `finished` is
/// false. Each statement gets an id of its own (a version 8 UUID, as the core's are).
function attempt(core, { learner, drill, topic, title, at, answers, finished = true }) {
  const [started, answered, , , , completed] = core;
  const drillId = `${CONTENT}${drill}`;
  const stamp = (statement, seconds) => {
    const s = structuredClone(statement);
    serial += 1;
    s.id = `00000000-0000-8000-8000-${serial.toString(16).padStart(12, '0')}`;
    s.actor.account.name = learner;
    s.timestamp = new Date(Date.parse(at) + seconds * 1000).toISOString();
    s.context.contextActivities.grouping = [{ objectType: 'Activity', id: `${CONTENT}?topic=${topic}` }];
    return s;
  };
  const first = stamp(started, 0);
  first.object.id = drillId;
  first.object.definition.name = { 'en-GB': title };
  const out = [first];
  answers.forEach(([question, right], i) => {
    const s = stamp(answered, 20 * (i + 1));
    s.object.id = `${drillId}#${question}`;
    s.object.definition.name = { 'en-GB': `Question ${question}` };
    s.context.contextActivities.parent = [{ objectType: 'Activity', id: drillId }];
    s.result = { success: right, response: right ? '1' : '0' };
    out.push(s);
  });
  if (finished) {
    const last = stamp(completed, 20 * (answers.length + 1));
    last.object.id = drillId;
    last.object.definition.name = { 'en-GB': title };
    out.push(last);
  }
  return out;
}

/// The quarter the page sees: its clock is at NOW, Saturday 28 November 2026, so the month is
/// November and the quarter October to December (weeks from Monday 28 September).
function quarter(core) {
  const x = { drill: 'phishing/invoice', topic: 'phishing', title: 'The invoice that was not from Supplies' };
  const y = { drill: 'passwords/mfa-prompt', topic: 'passwords', title: 'A sign-in prompt you did not start' };
  return [
    ...attempt(core, { ...x, learner: 'a', at: '2026-11-25T10:00:00Z', answers: [['spot', false], ['next', true]] }),
    ...attempt(core, { ...x, learner: 'b', at: '2026-11-26T10:00:00Z', answers: [['spot', false], ['next', false]] }),
    ...attempt(core, { ...y, learner: 'b', at: '2026-10-14T10:00:00Z', answers: [['approve', true]] }),
    ...attempt(core, { ...y, learner: 'c', at: '2026-10-05T10:00:00Z', answers: [['approve', false]] }),
    // Last quarter: not counted.
    ...attempt(core, { ...x, learner: 'd', at: '2026-09-20T10:00:00Z', answers: [['spot', false]] }),
    // Started, not finished: answers count, the learner does not.
    ...attempt(core, { ...y, learner: 'e', at: '2026-11-27T10:00:00Z', answers: [['approve', true]], finished: false }),
    // Dated after the page's today (a computer with a wrong clock): not counted.
    ...attempt(core, { ...x, learner: 'f', at: '2026-11-29T10:00:00Z', answers: [['spot', false]] }),
  ];
}

/// What the page must show, worked out by hand from `quarter`.
const EXPECTED = {
  staff: { month: 2, quarter: 3 },
  topics: [
    ['Passwords', '2'],
    ['Phishing', '2'],
  ],
  // Week starting, all topics, passwords, phishing: nine weeks, three with drills.
  weeks: [
    ['28 Sep 2026', '0', '0', '0'],
    ['5 Oct 2026', '1', '1', '0'],
    ['12 Oct 2026', '1', '1', '0'],
    ['19 Oct 2026', '0', '0', '0'],
    ['26 Oct 2026', '0', '0', '0'],
    ['2 Nov 2026', '0', '0', '0'],
    ['9 Nov 2026', '0', '0', '0'],
    ['16 Nov 2026', '0', '0', '0'],
    ['23 Nov 2026', '2', '0', '2'],
  ],
  wrong: [
    ['Question spot', 'The invoice that was not from Supplies', '2', '2', '100'],
    ['Question next', 'The invoice that was not from Supplies', '1', '2', '50'],
    ['Question approve', 'A sign-in prompt you did not start', '1', '3', '33'],
  ],
};

let lrs;
let server;
let browser;
let stored;

before(async () => {
  lrs = await startLrs();
  server = await serve({ mounts: [{ prefix: '/', dir: DIST }], proxies: [lrs.proxy('/lrs/')] });
  browser = await launch();
  stored = quarter(await template());
  const answer = await fetch(`${server.origin}/lrs/statements`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Experience-API-Version': XAPI_VERSION },
    body: JSON.stringify(stored),
  });
  assert.equal(answer.status, 200, await answer.text());
});

after(async () => {
  await browser?.close();
  await server?.close();
  await lrs?.stop();
});

/// The rows of the table captioned `caption`, each a list of its cells' text.
const rows = (page, caption) =>
  page.getByRole('table', { name: caption }).locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())));

test('the figures are worked out from the statements as a person would', () => {
  const figures = tally(stored, NOW);
  assert.deepEqual(figures.staff, EXPECTED.staff);
  assert.deepEqual(
    figures.topics.map((t) => [t.topic, t.completed]),
    [
      ['passwords', 2],
      ['phishing', 2],
    ],
  );
  assert.deepEqual(
    figures.weeks.map((w) => w.total),
    EXPECTED.weeks.map((w) => Number(w[1])),
  );
  assert.deepEqual(
    figures.wrong.map((q) => [q.id.split('#')[1], q.wrong, q.answered]),
    [
      ['spot', 2, 2],
      ['next', 1, 2],
      ['approve', 1, 3],
    ],
  );
  // A statement counted twice (a resend the store kept twice) counts once.
  assert.deepEqual(tally([...stored, ...stored], NOW), figures);
});

test('CSV cells are quoted, and a cell a spreadsheet would run as a formula is not one', () => {
  assert.equal(csv([['a "b"', '=HYPERLINK("x")', -1, '+1', '@x', 'plain']]), '"a ""b""","\'=HYPERLINK(""x"")","\'-1","\'+1","\'@x","plain"\r\n');
});

test('the report page draws, from the store through the proxy, the figures the statements give', async () => {
  const page = await open(browser, `${server.origin}/report.html?lrs=/lrs/`);
  await page.getByRole('heading', { name: 'Questions most often answered wrongly, this quarter' }).waitFor();
  const headline = await page.locator('#staff dd').allTextContents();
  assert.deepEqual(headline, [String(EXPECTED.staff.month), String(EXPECTED.staff.quarter)]);
  assert.match(await page.locator('#staff').textContent(), /This month \(November 2026\).*This quarter \(October to December 2026\)/s);
  assert.deepEqual(await rows(page, 'Drills completed each week of this quarter, by topic (weeks start on Monday)'), EXPECTED.weeks);
  assert.deepEqual(await rows(page, 'Drills completed this quarter, by topic'), EXPECTED.topics);
  assert.deepEqual(await rows(page, 'The questions answered wrongly most often this quarter, with their drills'), EXPECTED.wrong);
  // Every chart is an image named by its caption, beside its table.
  const charts = page.getByRole('img');
  assert.equal(await charts.count(), 3);
  for (const name of await charts.evaluateAll((svgs) => svgs.map((s) => document.getElementById(s.getAttribute('aria-labelledby')).textContent))) {
    assert.match(name, /bar chart\. The same figures are in the table below\./);
  }
  // Each table downloads as the CSV of what it shows.
  const file = await download(page, page.locator('#topics').getByRole('button', { name: 'Download this table (CSV)' }));
  assert.equal(file.name, `cyberdrill-topics-${new Date(NOW).toISOString().slice(0, 10)}.csv`);
  assert.equal(file.text, '"Topic","Drills completed"\r\n"Passwords","2"\r\n"Phishing","2"\r\n');
  assert.deepEqual(await axe(page, null), []);
  assert.deepEqual(page.problems.errors, []);
  assert.deepEqual(page.problems.console, []);
  assert.deepEqual(await page.violations(), []);
  await page.screenshot({ path: new URL(`./artifacts/${process.env.CYBERDRILL_BROWSER ?? 'chromium'}/report.png`, import.meta.url).pathname, fullPage: true });
  await page.context().close();
});

test('an address that is not the store says what is wrong, and one on another server is refused', async () => {
  const page = await open(browser, `${server.origin}/report.html?lrs=/nothing-here/`);
  await page.getByRole('status').filter({ hasText: 'answered 404; nothing answers there: check the address' }).waitFor();
  assert.equal(await page.locator('#report').isHidden(), true);
  await page.getByLabel('Address of the learning record store on this intranet').fill('https://lrs.example.org/xapi/');
  await page.getByRole('button', { name: 'Show the report' }).click();
  await page.getByRole('status').filter({ hasText: 'is on another server' }).waitFor();
  assert.deepEqual(page.problems.errors, []);
  await page.context().close();
});
