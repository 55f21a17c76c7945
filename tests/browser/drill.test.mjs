// The two-minute drill as a clinician takes it: by keyboard alone, interrupted by a reload,
// spotting red flags, with axe-core on every screen and screenshots at 320 and 1280 px.

import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { test } from 'node:test';

import { ARTIFACTS, DIST, axe, drill, eventually, hostPage, open, readDrill, setup, tabTo } from './harness.mjs';

const ID = 'phishing/lookalike-sender';
const PAGES = new URL('./pages/', import.meta.url).pathname;
const env = setup({
  mounts: [
    { prefix: '/pages/', dir: PAGES },
    { prefix: '/', dir: DIST },
  ],
  routes: {
    '/drill.html': hostPage(`<cyber-drill drill="${ID}" report-url="https://intranet.example.nhs.uk/report-phishing"></cyber-drill>`),
    '/topic.html': hostPage('<cyber-drill topic="phishing"></cyber-drill>'),
    '/variety.html': hostPage('<cyber-drill src="/pages/variety.md"></cyber-drill>'),
    '/finance.html': hostPage('<cyber-drill audience="finance"></cyber-drill>'),
    '/usb.html': hostPage('<cyber-drill drill="devices/usb-in-car-park"></cyber-drill>'),
  },
});

/// Asserts axe-core finds nothing on the widget as it is now.
async function accessible(page, screen) {
  assert.deepEqual(await axe(page), [], `axe violations on the ${screen} screen`);
}

/// The element that has focus, through the shadow root: its role-ish description.
function focused(page) {
  return page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return `${el?.tagName.toLowerCase()} ${el?.textContent.trim().slice(0, 60)}`;
  });
}

/// Waits until focus is on an element whose description matches `pattern`: the widget moves
/// focus in the next animation frame, after the new screen is on the page.
const focusMoves = (page, pattern, message) => eventually(async () => assert.match(await focused(page), pattern, message));

async function press(page, locator, key = 'Enter') {
  assert.ok(await tabTo(page, locator), `Tab reaches ${await locator.textContent()}`);
  await page.keyboard.press(key);
}

test('a starter drill from card to summary by keyboard alone, some answers wrong, axe-clean on every screen', async () => {
  const spec = await readDrill(ID);
  const page = await open(env.browser, `${env.origin}/drill.html`);
  const widget = drill(page);

  await widget.getByRole('button', { name: 'Start', exact: true }).waitFor();
  await accessible(page, 'card');
  await press(page, widget.getByRole('button', { name: 'Start', exact: true }));

  await widget.getByRole('button', { name: 'Start the questions' }).waitFor();
  await focusMoves(page, /^h2 /, 'focus moves to the scenario after Start');
  await accessible(page, 'scenario');
  await press(page, widget.getByRole('button', { name: 'Start the questions' }));

  // Question 1: spot the red flags; pick one flag and one innocent part (a false alarm).
  const [flags, choose] = spec.questions;
  await widget.getByRole('heading', { level: 3, name: flags.prompt, exact: true }).waitFor();
  await focusMoves(page, /^h3 /, 'focus moves to the question');
  await accessible(page, 'red-flags question');
  await press(page, widget.getByRole('button', { name: flags.flags[0], exact: true }), 'Space');
  await press(page, widget.getByRole('button', { name: 'Dear', exact: false }).or(widget.getByRole('button', { name: 'NHSmail Support' })).first(), 'Space');
  await press(page, widget.getByRole('button', { name: 'Check' }));
  const verdict = widget.getByRole('heading', { level: 4 });
  await verdict.waitFor();
  assert.match(await verdict.innerText(), /Not quite|Partly right/);
  await focusMoves(page, /^h4 /, 'focus moves to the feedback after Check');
  assert.equal(await widget.getByRole('listitem').filter({ hasText: 'Missed' }).count(), flags.flags.length - 1);
  await accessible(page, 'red-flags feedback');
  await press(page, widget.getByRole('button', { name: 'Next question' }));

  // Question 2: pick a wrong choice with the arrow keys. The choices are shown in this turn's
  // shuffled order, so the wrong one is found among the labels on screen.
  await widget.getByRole('heading', { level: 3, name: choose.prompt, exact: true }).waitFor();
  const shown = await widget.getByRole('radio').evaluateAll((radios) => radios.map((r) => r.closest('label').textContent.trim()));
  const right = choose.choices.filter((c) => c.correct).map((c) => c.label.slice(0, 24));
  const wrong = shown.findIndex((label) => !right.some((start) => label.startsWith(start)));
  assert.ok(wrong >= 0, `a wrong choice among ${shown}`);
  assert.ok(await tabTo(page, widget.getByRole('radio').first()));
  for (let i = 0; i < wrong; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Space');
  await accessible(page, 'pick-one question');
  await press(page, widget.getByRole('button', { name: 'Check' }));
  await widget.getByRole('heading', { level: 4, name: /Not quite/ }).waitFor();
  await accessible(page, 'pick-one feedback');
  await press(page, widget.getByRole('button', { name: 'See your results' }));

  const summary = widget.getByRole('heading', { level: 2, name: 'Drill complete' });
  await summary.waitFor();
  await focusMoves(page, /^h2 Drill complete/, 'focus moves to the summary');
  assert.match(await widget.innerText(), /You answered 0 of 2 questions right\./);
  assert.match(await widget.innerText(), /This drill comes back in 1 day/);
  assert.equal(await widget.getByRole('link', { name: 'Report it' }).getAttribute('href'), 'https://intranet.example.nhs.uk/report-phishing');
  await accessible(page, 'summary');

  await press(page, widget.getByRole('button', { name: 'My progress' }));
  await widget.getByRole('heading', { level: 2, name: 'My progress' }).waitFor();
  await accessible(page, 'my progress');
  assert.deepEqual(page.problems.errors, []);
  await page.context().close();
});

/// The drill page, opened at its first question: the page, the widget and the drill's spec.
async function firstQuestion() {
  const spec = await readDrill(ID);
  const page = await open(env.browser, `${env.origin}/drill.html`);
  const widget = drill(page);
  await widget.getByRole('button', { name: 'Start', exact: true }).click();
  await widget.getByRole('button', { name: 'Start the questions' }).click();
  return { spec, page, widget };
}

test('a reload mid-drill resumes at the same question with the earlier answer intact', async () => {
  const { spec, page, widget } = await firstQuestion();
  for (const flag of spec.questions[0].flags) await widget.getByRole('button', { name: flag, exact: true }).click();
  await widget.getByRole('button', { name: 'Check' }).click();
  await widget.getByRole('heading', { level: 4, name: /Correct/ }).waitFor();

  await page.reload();
  const resume = widget.getByRole('button', { name: 'Resume (question 2 of 2)' });
  await resume.waitFor();
  await widget.getByRole('button', { name: 'Start over' }).waitFor();
  await resume.click();
  await widget.getByRole('heading', { level: 3, name: spec.questions[1].prompt, exact: true }).waitFor();

  const right = spec.questions[1].choices.find((c) => c.correct);
  await widget.getByRole('radio', { name: right.label }).check();
  await widget.getByRole('button', { name: 'Check' }).click();
  await widget.getByRole('button', { name: 'See your results' }).click();
  await widget.getByRole('heading', { level: 2, name: 'Well done: all correct' }).waitFor();
  assert.match(await widget.innerText(), /You answered 2 of 2 questions right\./, 'the answer given before the reload counts');
  await page.context().close();
});

test('spot the red flags: every flag found is shown with its reason', async () => {
  const { spec, page, widget } = await firstQuestion();
  const group = widget.getByRole('group', { name: /^Email from NHSmail Team/ });
  await group.waitFor();
  for (const flag of spec.questions[0].flags) {
    const part = group.getByRole('button', { name: flag, exact: true });
    await part.click();
    assert.equal(await part.getAttribute('aria-pressed'), 'true');
  }
  await widget.getByRole('button', { name: 'Check' }).click();
  await widget.getByRole('heading', { level: 4, name: /Correct/ }).waitFor();
  assert.match(await widget.innerText(), new RegExp(`You spotted ${spec.questions[0].flags.length} of ${spec.questions[0].flags.length} red flags\\.`));
  assert.equal(await widget.getByRole('listitem').filter({ hasText: 'Spotted' }).count(), spec.questions[0].flags.length);
  await page.context().close();
});

test('every screen fits 320 px and 640 px (a 1280 px window at 200 % zoom) without sideways scrolling; screenshots', async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  const spec = await readDrill(ID);
  for (const width of [320, 640, 1280]) {
    const page = await open(env.browser, `${env.origin}/drill.html`, { viewport: { width, height: 800 } });
    const widget = drill(page);
    const shot = async (name) => {
      const overflow = await page.evaluate(() => document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth);
      assert.ok(overflow <= 0, `${name} at ${width} px scrolls sideways by ${overflow} px`);
      await page.screenshot({ path: `${ARTIFACTS}drill-${width}-${name}.png`, fullPage: true });
    };
    await widget.getByRole('button', { name: 'Start', exact: true }).waitFor();
    await shot('1-card');
    await widget.getByRole('button', { name: 'Start', exact: true }).click();
    await widget.getByRole('button', { name: 'Start the questions' }).click();
    await widget.getByRole('button', { name: spec.questions[0].flags[0], exact: true }).click();
    await shot('2-red-flags');
    await widget.getByRole('button', { name: 'Check' }).click();
    await widget.getByRole('heading', { level: 4 }).waitFor();
    await shot('3-red-flags-feedback');
    await widget.getByRole('button', { name: 'Next question' }).click();
    await widget.getByRole('radio').first().check();
    await widget.getByRole('button', { name: 'Check' }).click();
    await widget.getByRole('heading', { level: 4 }).waitFor();
    await shot('4-choice-feedback');
    await widget.getByRole('button', { name: 'See your results' }).click();
    await widget.getByRole('heading', { level: 2, name: 'Drill complete' }).waitFor();
    await shot('5-summary');
    await page.context().close();
  }
});

/// Answers every question of the drill on screen with its first option (or first part).
async function finishDrill(widget) {
  // A drill with a scenario shows it first; wait for whichever comes, then go past it.
  const begin = widget.getByRole('button', { name: 'Start the questions' });
  await begin.or(widget.getByRole('button', { name: 'Check' })).waitFor();
  if (await begin.isVisible()) await begin.click();
  for (;;) {
    await widget.getByRole('button', { name: 'Check' }).waitFor();
    const choice = widget.getByRole('radio').or(widget.getByRole('checkbox')).first();
    if (await choice.count()) await choice.check();
    else await widget.getByRole('button', { pressed: false }).first().click();
    await widget.getByRole('button', { name: 'Check' }).click();
    const next = widget.getByRole('button', { name: /Next question|See your results/ });
    const last = (await next.innerText()) === 'See your results';
    await next.click();
    if (last) break;
  }
  await widget.getByRole('heading', { level: 2, name: /Drill complete|Well done/ }).waitFor();
}

test('after the summary, Done offers a different drill and Another drill starts a different one', async () => {
  const page = await open(env.browser, `${env.origin}/topic.html`);
  const widget = drill(page);
  const title = () => widget.getByRole('heading', { level: 2 }).first().innerText();
  await widget.getByRole('button', { name: 'Start', exact: true }).waitFor();
  const first = await title();
  await widget.getByRole('button', { name: 'Start', exact: true }).click();
  await finishDrill(widget);

  await widget.getByRole('button', { name: 'Done' }).click();
  await widget.getByRole('button', { name: 'Start', exact: true }).waitFor();
  const second = await title();
  assert.notEqual(second, first, 'Done offers a drill other than the one just taken');
  assert.match(await widget.innerText(), /Cyber drill · Phishing/);

  await widget.getByRole('button', { name: 'Start', exact: true }).click();
  await finishDrill(widget);
  await widget.getByRole('button', { name: 'Another drill' }).click();
  await widget.getByRole('button', { name: /Start the questions|Check/ }).first().waitFor();
  assert.notEqual(await title(), second, 'Another drill starts a drill other than the one just taken');
  assert.deepEqual(page.problems.errors, []);
  await page.context().close();
});

test('a genuine message is answered by selecting nothing, shuffled choices keep their order on Resume, and the next turn takes the other variant', async () => {
  const page = await open(env.browser, `${env.origin}/variety.html`);
  const widget = drill(page);
  await widget.getByRole('button', { name: 'Start', exact: true }).click();
  await widget.getByText('You are on a break in the staff room', { exact: false }).waitFor();
  await widget.getByRole('button', { name: 'Start the questions' }).click();

  // A genuine message: nothing in it is suspicious, so checking with nothing selected is right.
  await widget.getByRole('heading', { level: 3, name: 'Does anything in this email look suspicious?' }).waitFor();
  await widget.getByText('If nothing does, check with nothing selected.').waitFor();
  await widget.getByRole('button', { name: 'Check' }).click();
  await widget.getByRole('heading', { level: 4, name: 'Correct' }).waitFor();
  await widget.getByText('Nothing in this message is suspicious: it is genuine.').waitFor();
  await accessible(page, 'genuine message feedback');
  await widget.getByRole('button', { name: 'Next question' }).click();

  // The choices in this turn's order, "None of these" pinned last; a reload resumes them as they were.
  await widget.getByRole('heading', { level: 3, name: 'Where do you read your payslip?' }).waitFor();
  const labels = () => widget.getByRole('radio').evaluateAll((radios) => radios.map((r) => r.closest('label').querySelector('.label').textContent.trim()));
  const before = await labels();
  assert.equal(before.length, 4);
  assert.equal(before[3], 'None of these', 'the pinned choice keeps its place');
  await page.reload();
  await widget.getByRole('button', { name: /^Resume/ }).click();
  await widget.getByRole('heading', { level: 3, name: 'Where do you read your payslip?' }).waitFor();
  assert.deepEqual(await labels(), before, 'Resume shows the choices in the order the learner saw');
  await widget.getByRole('radio', { name: 'In ESR, opened the way you always open it' }).check();
  await widget.getByRole('button', { name: 'Check' }).click();
  await widget.getByRole('button', { name: 'See your results' }).click();

  // Another turn at the same drill takes the variant not yet taken.
  await widget.getByRole('button', { name: 'Another drill' }).click();
  await widget.getByText("Your ward's rota group has a new message.").waitFor();
  assert.deepEqual(page.problems.errors, []);
  await page.context().close();
});

test("a page for one staff group counts that group's drills and everyone's; the trust's settings fill the drills' words", async () => {
  const catalog = JSON.parse(await readFile(`${DIST}/content/catalog.json`, 'utf8'));
  const forFinance = catalog.drills.filter((d) => !d.audience || d.audience.some((a) => a === 'finance' || a === 'everyone'));
  assert.ok(forFinance.length < catalog.drills.length, 'some drills are for other groups');
  const page = await open(env.browser, `${env.origin}/finance.html`);
  const widget = drill(page);
  await widget.getByRole('button', { name: 'My progress' }).click();
  await eventually(async () => assert.match(await widget.getByRole('definition').first().innerText(), new RegExp(`^0 of ${forFinance.length}\\b`)));

  // {{service_desk}} in the drill reads as the catalog's setting, never as braces.
  const desk = catalog.settings.service_desk;
  assert.ok(desk, 'the catalog carries the settings');
  await page.goto(`${env.origin}/usb.html`);
  await widget.getByRole('button', { name: 'Start', exact: true }).click();
  const begin = widget.getByRole('button', { name: 'Start the questions' });
  await begin.or(widget.getByRole('button', { name: 'Check' })).waitFor();
  if (await begin.isVisible()) await begin.click();
  await widget.getByRole('radio', { name: `Don't plug it in anywhere; hand it to ${desk} or security` }).waitFor();
  assert.equal(await widget.getByText('{{', { exact: false }).count(), 0, 'no placeholder is left unfilled');
  await page.context().close();
});
