#!/usr/bin/env node
// The benchmark: cyberdrill against quizdown 0.4.1 with the same four pick-one questions
// (issue 7), then ten widgets on a page and five years of stored progress (issue 14), then a
// drill served as Markdown against the same drill compiled and the drill studio's latencies
// (issue 15), then Check → feedback with reporting to a learning record store on and off (issue
// 19), in one headless Chromium on loopback with 4× CPU throttling.
//
//   node tests/bench/run.mjs [--runs N] [--widgets-runs N] [--progress-runs N] [--markdown-runs N]
//                            [--studio-runs N] [--keystrokes N] [--reporting-runs N] [--warmup N]
//                            [--only quizdown,widgets,progress,markdown,studio,reporting] [--dist DIR] [--out FILE]
//   ./dev bench [--runs N]          (builds dist/ first)
//
// Six sections, each written to results.md with what its rows measure:
// - quizdown: cyberdrill against quizdown (issue 7), `--runs` runs of each page (default 12);
// - widgets: ten widgets on one page against one (issue 14), `--widgets-runs` (default two
//   thirds of `--runs`, rounded up);
// - progress: a learner with five years of daily drills in localStorage against an empty
//   history (issue 14), `--progress-runs` (default two thirds of `--runs`, rounded up);
// - markdown: the same drill as `<cyber-drill src="….md">` (compiled in the browser by the
//   Markdown module) against `src="….json"` (issue 15), `--markdown-runs` (default two thirds
//   of `--runs`, rounded up);
// - studio: the drill studio (issue 15): bytes and time to its first usable screen, and
//   keystroke → problems list and keystroke → preview, `--keystrokes` of each per run (default
//   10), `--studio-runs` runs (default a third of `--runs`, rounded up);
// - reporting: the same drill page without `lrs` and with it, its statements sent to a stand-in
//   LRS in the bench's own server: Check → feedback, the second after the Check, and what the
//   LRS received (issue 19), `--reporting-runs` (default two thirds of `--runs`, rounded up).
// `--only` runs some of them (for working on one). If the `--out` file exists, the sections
// that ran replace theirs in it and the others are kept as they were (each new section then
// says when it was run); otherwise the report holds those alone.
//
// A benchmark, not a test: it reports what it measured and never fails on a timing. It exits
// non-zero only when it could not measure (no bundle, a run that never showed the question).
//
// Each run is a fresh browser context (an empty HTTP cache, so everything is downloaded) with
// its own DevTools session for the throttling. Runs alternate: cyberdrill, quizdown, then the
// same host page with no widget (the calibration for long tasks); then one widget and ten;
// then an empty history and five years of it; then reporting off and on. What each row of the tables measures is written
// in the table itself; the in-page instrumentation is `instrument` (and `instrumentMore` for
// the later sections) below, added with addInitScript so it runs before any of the page's
// scripts.

import { deepStrictEqual } from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { chromium } from 'playwright-core';

import { FLAGS, contentHash } from '../browser/harness.mjs';
import { DIST, serve } from '../browser/server.mjs';
import { HISTORY_KEY, LEARNER_PREFIX, compiledDrill, drillFile, fiveYearHistory, versionsOf } from './five-years.mjs';
import { html as pageHtml, routes as pageRoutes, url as pageUrl } from './pages.mjs';

const HERE = new URL('.', import.meta.url).pathname;
const ROOT = resolve(HERE, '../..');
const QUIZDOWN = resolve(ROOT, 'node_modules/quizdown');
const DRILL = resolve(HERE, 'content/bench/four-questions.md');
const COMPILED = resolve(HERE, 'content/bench/four-questions.json');
const CATALOG = resolve(HERE, 'content/catalog.json');
const THROTTLE = 4;
const SETTLE_MS = 1000; // after the first question is on screen, for the long-task window
const RUN_TIMEOUT_MS = 60_000;

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '12' },
    warmup: { type: 'string', default: '1' },
    dist: { type: 'string', default: DIST },
    out: { type: 'string', default: resolve(HERE, 'results.md') },
    'widgets-runs': { type: 'string' },
    'progress-runs': { type: 'string' },
    'markdown-runs': { type: 'string' },
    'studio-runs': { type: 'string' },
    keystrokes: { type: 'string', default: '10' },
    'reporting-runs': { type: 'string' },
    only: { type: 'string', default: 'quizdown,widgets,progress,markdown,studio,reporting' },
  },
});
const RUNS = Number(args.runs);
const WARMUP = Number(args.warmup);
// The two later sections load heavier pages; two thirds as many runs keeps the whole bench
// within about 10 minutes on 2 cores.
const WIDGETS_RUNS = Number(args['widgets-runs'] ?? Math.ceil((RUNS * 2) / 3));
const PROGRESS_RUNS = Number(args['progress-runs'] ?? Math.ceil((RUNS * 2) / 3));
const MARKDOWN_RUNS = Number(args['markdown-runs'] ?? Math.ceil((RUNS * 2) / 3));
// Each studio run types `--keystrokes` keys twice over, each after the last one's work is done.
const STUDIO_RUNS = Number(args['studio-runs'] ?? Math.ceil(RUNS / 3));
const KEYSTROKES = Number(args.keystrokes);
const REPORTING_RUNS = Number(args['reporting-runs'] ?? Math.ceil((RUNS * 2) / 3));
const ALL_SECTIONS = ['quizdown', 'widgets', 'progress', 'markdown', 'studio', 'reporting'];
const SECTIONS = new Set(args.only.split(',').map((s) => s.trim()));
const dist = resolve(args.dist);
if (
  ![RUNS, WIDGETS_RUNS, PROGRESS_RUNS, MARKDOWN_RUNS, STUDIO_RUNS, KEYSTROKES, REPORTING_RUNS].every((n) => Number.isInteger(n) && n >= 1) ||
  !Number.isInteger(WARMUP) ||
  WARMUP < 0 ||
  !SECTIONS.size ||
  [...SECTIONS].some((s) => !ALL_SECTIONS.includes(s))
) {
  console.error(
    'usage: node tests/bench/run.mjs [--runs N] [--widgets-runs N] [--progress-runs N] [--markdown-runs N]\n' +
      '                               [--studio-runs N] [--keystrokes N] [--reporting-runs N] [--warmup N]\n' +
      '                               [--only quizdown,widgets,progress,markdown,studio,reporting] [--dist DIR] [--out FILE]',
  );
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------
// Before measuring: the bundle is there, the catalog matches the drill, and both pages ask the
// same questions with the same choices.

for (const file of ['cyberdrill.js', 'cyberdrill.css', 'pkg/cyberdrill.js', 'pkg/cyberdrill_bg.wasm']) {
  if (!existsSync(resolve(dist, file))) {
    console.error(`bench: ${resolve(dist, file)} is missing; build the bundle first (./dev bench does)`);
    process.exit(2);
  }
}

const needs = [
  ...(SECTIONS.has('markdown') ? ['pkg/cyberdrill_compiler.js', 'pkg/cyberdrill_compiler_bg.wasm'] : []),
  ...(SECTIONS.has('studio') ? ['studio.html', 'studio.js', 'studio.css', 'pkg/cyberdrill_studio.js', 'pkg/cyberdrill_studio_bg.wasm'] : []),
  ...(SECTIONS.has('reporting') ? ['lrs.js', 'pkg/cyberdrill_reporting.js', 'pkg/cyberdrill_reporting_bg.wasm'] : []),
];
for (const file of needs) {
  if (!existsSync(resolve(dist, file))) {
    console.error(`bench: ${resolve(dist, file)} is missing; build the bundle first (./dev bench does)`);
    process.exit(2);
  }
}

const drillBytes = readFileSync(DRILL);
const catalogEntry = JSON.parse(readFileSync(CATALOG, 'utf8')).drills[0];
// A catalog carries the first 32 hex digits of each file's SHA-256 (src/catalog.rs, `HASH_DIGITS`),
// and names the compiled drill the widget fetches (`<id>.json` where it names none).
if (
  !(
    resolve(HERE, 'content', drillFile(catalogEntry)) === COMPILED &&
    catalogEntry.hash.length >= 32 &&
    contentHash(readFileSync(COMPILED)).startsWith(catalogEntry.hash)
  )
) {
  console.error(
    'bench: tests/bench/content/catalog.json is stale; regenerate it with\n' +
      '  cargo run --quiet -- catalog tests/bench/content --out tests/bench/content',
  );
  process.exit(2);
}

function drillQuestions(markdown) {
  const questions = [];
  for (const line of markdown.replace(/^---\n[\s\S]*?\n---\n/, '').split('\n')) {
    let m;
    if ((m = /^## (.*?)(?:\s*\{#[^}]*\})?\s*$/.exec(line))) questions.push({ prompt: m[1], choices: [] });
    else if ((m = /^- \[( |x)\] (.*)$/.exec(line))) questions.at(-1).choices.push({ correct: m[1] === 'x', text: m[2] });
  }
  return questions;
}

function quizdownQuestions(html) {
  const quiz = /<div class="quizdown">([\s\S]*?)<\/div>/.exec(html)[1];
  const questions = [];
  for (const line of quiz.split('\n').map((l) => l.trim())) {
    let m;
    if ((m = /^### (.*)$/.exec(line))) questions.push({ prompt: m[1], choices: [] });
    else if ((m = /^1\. \[( |x)\] (.*)$/.exec(line))) questions.at(-1).choices.push({ correct: m[1] === 'x', text: m[2] });
  }
  return questions;
}

const questions = drillQuestions(drillBytes.toString('utf8'));
deepStrictEqual(
  quizdownQuestions(pageHtml('quizdown')),
  questions,
  'the quizdown page (tests/bench/pages.mjs) must hold the questions and choices of the bench drill, word for word',
);
if (questions.length !== 4 || questions.some((q) => q.choices.filter((c) => c.correct).length !== 1)) {
  throw new Error('the bench drill must have 4 pick-one questions');
}
// quizdown shows the choices in order (`shuffleAnswers: false`); cyberdrill shuffles them, so
// its right answer is found by its label, as compiled.
const CORRECT = questions[0].choices.findIndex((c) => c.correct);
const RIGHT = versionsOf(JSON.parse(readFileSync(COMPILED, 'utf8')))[0].questions[0].right[0];

// The later sections use the bundle's own starter library (dist/content/, the widget's default
// content): every drill their pages name must be in it, and the drill of the progress page
// must be one the benchmark can answer (choices only, no red-flags question).
const LIBRARY = resolve(dist, 'content');
const pageDrills = (name) => [...pageHtml(name).matchAll(/<cyber-drill drill="([^"]+)"/g)].map((m) => m[1]);
let progressAnswers = null;
let history = null;
if (SECTIONS.has('widgets') || SECTIONS.has('progress')) {
  const library = JSON.parse(readFileSync(resolve(LIBRARY, 'catalog.json'), 'utf8'));
  const ten = pageDrills('widgets-10');
  const one = pageDrills('widgets-1');
  const named = [...ten, ...one, ...pageDrills('progress')];
  const missing = named.filter((id) => !library.drills.some((d) => d.id === id));
  if (missing.length || ten.length !== 10 || new Set(ten).size !== 10 || one.length !== 1 || one[0] !== ten[0]) {
    console.error(
      `bench: the widgets-10 page (tests/bench/pages.mjs) must name ten different drills of ${LIBRARY}, widgets-1 its first` +
        (missing.length ? `; not in the library: ${missing.join(', ')}` : ''),
    );
    process.exit(2);
  }
  const [drill] = pageDrills('progress');
  const entry = library.drills.find((d) => d.id === drill);
  const versions = versionsOf(compiledDrill(LIBRARY, entry));
  const asked = versions[0].questions;
  if (versions.length !== 1 || !asked.length || asked.some((q) => q.kind === 'red-flags')) {
    console.error(`bench: the drill of the progress page (tests/bench/pages.mjs), ${drill}, must have choices only and no variants`);
    process.exit(2);
  }
  progressAnswers = asked.map((q) => q.right);
  history = fiveYearHistory(LIBRARY, Date.now());
}

// The Markdown section: two host pages naming the bench drill with `src`, as Markdown and as
// the JSON compiled from it (the catalog check above holds that the JSON is the build's).
const MARKDOWN_PAGES = { 'markdown drill': 'markdown-md', 'compiled drill': 'markdown-json' };
if (SECTIONS.has('markdown')) {
  const srcs = Object.fromEntries(
    Object.entries(MARKDOWN_PAGES).map(([kind, name]) => [
      kind,
      [...pageHtml(name).matchAll(/<cyber-drill src="([^"]+)"/g)].map((m) => m[1]),
    ]),
  );
  deepStrictEqual(
    srcs,
    { 'markdown drill': ['/bench/content/bench/four-questions.md'], 'compiled drill': ['/bench/content/bench/four-questions.json'] },
    'the markdown-md and markdown-json pages (tests/bench/pages.mjs) must each hold one widget naming the bench drill, as .md and as .json',
  );
}

// The studio section opens the largest drill of the starter library (`content/`, by bytes).
const STUDIO_DRILL = (() => {
  if (!SECTIONS.has('studio')) return null;
  const dir = resolve(ROOT, 'content');
  const files = readdirSync(dir, { recursive: true })
    .filter((f) => f.endsWith('.md'))
    .map((f) => ({ path: resolve(dir, f), bytes: statSync(resolve(dir, f)).size }))
    .sort((a, b) => b.bytes - a.bytes || a.path.localeCompare(b.path));
  const [largest] = files;
  const text = readFileSync(largest.path, 'utf8');
  const line = (key) => text.split('\n').find((l) => l.startsWith(`${key}: `));
  if (!line('id') || !line('title')) {
    console.error(`bench: ${largest.path} has no id: or title: line in its front matter`);
    process.exit(2);
  }
  return { ...largest, title: line('title').slice('title: '.length).trim(), idLine: line('id'), titleLine: line('title') };
})();

// ---------------------------------------------------------------------------------------------
// In the page (added with addInitScript, so it runs before the page's own scripts).

// What both instruments watch, in the page: long tasks from the very start of the document,
// each wasm instance's memory, and `frame`/`mutation`, which wait for what a page draws. Each
// instrument is injected with this function's source beside it (`initScript`).
function watching(B) {
  const now = () => performance.now();

  // Long tasks, from the very start of the document.
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) B.longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch (error) {
    B.notes.push(`no longtask observer: ${error}`);
  }

  // The loader keeps its wasm instances to itself: note each instance's memory as it is made.
  const keep = (result) => {
    const instance = result instanceof WebAssembly.Instance ? result : result?.instance;
    for (const value of Object.values(instance?.exports ?? {})) {
      if (value instanceof WebAssembly.Memory) B.memories.push(value);
    }
    return result;
  };
  for (const name of ['instantiate', 'instantiateStreaming']) {
    const original = WebAssembly[name];
    WebAssembly[name] = function (...args) {
      return original.apply(this, args).then(keep);
    };
  }
  B.wasmBytes = () => B.memories.reduce((sum, m) => sum + m.buffer.byteLength, 0);

  // `frame(find)` checks `find()` in the next animation frame after any DOM change (in the
  // document or any shadow root) and every 100 ms, not in every frame, to stay off the main
  // thread it measures. Once `find()` returns something, it resolves with the thing found
  // and the time just after that frame was rendered (a message posted from the frame's rAF
  // callback runs once the frame's style, layout and paint are done).
  const waiting = new Set();
  let scheduled = false;
  const checkWaiting = () => {
    scheduled = false;
    for (const w of [...waiting]) {
      const found = w.find();
      if (!found) continue;
      waiting.delete(w);
      const channel = new MessageChannel();
      channel.port1.onmessage = () => w.done({ at: now(), found });
      channel.port2.postMessage(null);
    }
  };
  const schedule = () => {
    if (scheduled || !waiting.size) return;
    scheduled = true;
    requestAnimationFrame(checkWaiting);
  };
  const watch = (node) => new MutationObserver(schedule).observe(node, { childList: true, subtree: true, attributes: true });
  watch(document);
  const attachShadow = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (...args) {
    const shadow = attachShadow.apply(this, args);
    watch(shadow);
    return shadow;
  };
  setInterval(schedule, 100);
  const frame = (find) =>
    new Promise((done) => {
      waiting.add({ find, done });
      schedule();
    });

  // Resolves as soon as a DOM change under `node` makes `find()` return something.
  const mutation = (node, find) =>
    new Promise((done) => {
      const observer = new MutationObserver(() => {
        const found = find();
        if (found) {
          observer.disconnect();
          done({ at: now(), found });
        }
      });
      observer.observe(node, { childList: true, subtree: true, attributes: true, characterData: true });
    });
  return { now, frame, mutation };
}

function instrument({ kind, settle, correct, right, done: DONE }, watching) {
  const B = (window.__bench = { kind, t: {}, longtasks: [], memories: [], notes: [] });
  const { now, frame, mutation } = watching(B);

  const root = () => document.querySelector(kind === 'cyberdrill' ? 'cyber-drill' : '.quizdown')?.shadowRoot;
  const shown = (el) => Boolean(el?.isConnected && el.checkVisibility());
  const all = (selector) => [...(root()?.querySelectorAll(selector) ?? [])];
  const withText = (selector, pattern) => all(selector).find((el) => pattern.test(el.textContent));

  if (kind === 'none') {
    // The host page with no widget, watched the same way for something that never comes: the
    // long tasks of the page and of this instrumentation alone.
    frame(() => null);
    setTimeout(() => console.debug(DONE), settle);
    return;
  }

  const sleepUntil = (at) => new Promise((done) => setTimeout(done, Math.max(0, at - now())));

  // The first question's radio buttons, there, enabled and on screen (quizdown hides its
  // inputs and shows their labels, so its labels are what must be on screen).
  const answers = () => {
    const inputs = all(kind === 'cyberdrill' ? '.question input[type=radio]' : 'input[type=radio]');
    if (inputs.length < 4 || inputs.some((i) => i.disabled)) return null;
    if (kind === 'quizdown' && !withText('h3', /^\s*Q1:/)) return null;
    const target = kind === 'cyberdrill' ? inputs[0] : inputs[0].closest('label');
    return shown(target) ? inputs : null;
  };

  B.load = (async () => {
    // The widget first shows anything at all (cyberdrill: its "Loading" line or card;
    // quizdown: its loading spinner).
    const painted = frame(() => {
      const el = root()?.querySelector(kind === 'cyberdrill' ? '.cyberdrill > *' : '.quizdown-content');
      return shown(el) && el;
    });
    if (kind === 'cyberdrill') {
      const start = await frame(() => {
        const button = withText('.card button', /^\s*Start\s*$/);
        return !button?.disabled && shown(button) && button;
      });
      B.t.control = start.at;
      B.t.click = now();
      start.found.click(); // Start, as soon as it has been painted
      B.t.question = (await frame(answers)).at;
    } else {
      B.t.control = B.t.question = (await frame(answers)).at;
    }
    B.t.painted = (await painted).at;
    await sleepUntil(B.t.question + settle);
    // Tells the benchmark through the console, so nothing is evaluated in the page until the
    // measured window is over.
    console.debug(DONE);
  })().catch((error) => console.debug(`${DONE}: failed: ${error?.stack ?? error}`));

  // Answers the first question correctly and times the feedback: from just before the click
  // to the DOM change that shows it (MutationObserver) and to the frame that paints it (rAF).
  B.feedback = async () => {
    const inputs = answers();
    if (kind === 'cyberdrill') {
      // The widget shuffles a turn's choices: the right one is the one whose label reads as
      // `right` (`labelPattern` in five-years.mjs).
      const label = (input) => (input.closest('label')?.querySelector('.label')?.textContent ?? '').replace(/\s+/g, ' ').trim();
      const input = inputs.find((i) => new RegExp(right).test(label(i)));
      if (!input) throw new Error(`no choice of the first question reads ${right}: ${inputs.map(label).join(' | ')}`);
      input.click();
      await frame(() => input.checked);
      const check = withText('.question button', /^\s*Check\s*$/);
      const heading = () => withText('h4', /Correct|Not quite/);
      const seen = mutation(root(), heading);
      const t0 = (B.t.check = now());
      check.click();
      const dom = heading() ? { at: now(), found: heading() } : await seen;
      const painted = await frame(() => shown(dom.found));
      return { response: painted.at - t0, dom: dom.at - t0, shown: painted.at - t0, text: dom.found.textContent.trim() };
    }
    // quizdown checks nothing per question: its feedback is the results page, behind the
    // Evaluate button, which appears on the last question. Answer Q1, go to Q4, Evaluate.
    inputs[correct].closest('label').click();
    await frame(() => inputs[correct].checked);
    for (let n = 2; n <= 4; n++) {
      root().querySelector('button[title="Next"]').click();
      await frame(() => withText('h3', new RegExp(`^\\s*Q${n}:`)));
    }
    const evaluate = await frame(() => {
      const button = root().querySelector('button[title="Evaluate"]');
      return !button?.disabled && shown(button) && button;
    });
    const title = () => withText('h3', /Your quiz results/);
    const marks = () => withText('.top-list-item', /[✅❌]/);
    const titleSeen = mutation(root(), title);
    const marksSeen = mutation(root(), marks);
    const t0 = now();
    evaluate.found.click();
    const first = title() ? { at: now(), found: title() } : await titleSeen;
    const firstPainted = await frame(() => shown(first.found));
    const dom = await marksSeen;
    const painted = await frame(() => shown(dom.found));
    return { response: firstPainted.at - t0, dom: dom.at - t0, shown: painted.at - t0, text: dom.found.textContent.trim() };
  };

  // After the Check (the reporting section): once `settle` ms have passed since the click, the
  // long tasks that overlap them (the click's own task included).
  B.afterCheck = async () => {
    await sleepUntil(B.t.check + settle);
    return B.longtasks.filter((task) => task.start + task.duration > B.t.check && task.start < B.t.check + settle);
  };
  // The requests so far to paths under `prefix`, their start and end in ms from the Check click.
  B.requestsTo = (prefix) =>
    performance
      .getEntriesByType('resource')
      .filter((e) => new URL(e.name).pathname.startsWith(prefix))
      .map((e) => ({ start: e.startTime - B.t.check, end: e.responseEnd - B.t.check }));

  B.resources = () => {
    const pick = (e) => ({
      url: e.name,
      type: e.initiatorType,
      encoded: e.encodedBodySize,
      transfer: e.transferSize,
      decoded: e.decodedBodySize,
      start: e.startTime,
      end: e.responseEnd,
    });
    return { page: pick(performance.getEntriesByType('navigation')[0]), resources: performance.getEntriesByType('resource').map(pick) };
  };
  B.uaMemory = typeof performance.measureUserAgentSpecificMemory === 'function' && window.crossOriginIsolated;
}

// ---------------------------------------------------------------------------------------------
// One run: a fresh context, throttled, the page loaded and its first question answered.

const DONE = 'cyberdrill-bench: first question shown and settled';
const PAGES = { cyberdrill: pageUrl('cyberdrill'), quizdown: pageUrl('quizdown'), none: pageUrl('none') };
const BASELINE_MS = 3000; // how long the page with no widget is watched

/// The init script that runs `instrument(args, watching)` in the page, before its own scripts.
const initScript = (instrument, args) => ({ content: `(${instrument})(${JSON.stringify(args)}, ${watching});` });

function withTimeout(promise, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, fail) => {
      timer = setTimeout(() => fail(new Error(`${what}: no answer in ${RUN_TIMEOUT_MS / 1000} s`)), RUN_TIMEOUT_MS);
    }),
  ]);
}

/// Opens `url` in `context` (its instrument already added) at THROTTLE× CPU throttling and
/// waits for the instrument's DONE line; `name` and `awaited` say what did not come in time.
/// The page, its DevTools session and the errors it logs.
async function throttled(context, url, name, awaited) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
  const loaded = page.waitForEvent('console', { predicate: (m) => m.text().startsWith(DONE), timeout: RUN_TIMEOUT_MS });
  await page.goto(url, { waitUntil: 'commit' });
  const message = await loaded.catch(() => {
    throw new Error(`${name}: ${awaited} within ${RUN_TIMEOUT_MS / 1000} s`);
  });
  if (message.text() !== DONE) throw new Error(`${name}: ${message.text()}`);
  return { page, cdp, errors };
}

/// `kind` names the run (and its page, in PAGES); `as` is what the instrument watches for:
/// 'cyberdrill', 'quizdown' or 'none' (the Markdown and reporting sections run their own pages
/// as 'cyberdrill'); `after(page)`, if given, runs once the feedback has been measured and the
/// page's resources read, and what it returns is the result's `after`.
async function run(browser, origin, kind, { path = PAGES[kind], as = kind, after } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const settle = as === 'none' ? BASELINE_MS : SETTLE_MS;
    await context.addInitScript(initScript(instrument, { kind: as, settle, correct: CORRECT, right: RIGHT, done: DONE }));
    const { page, cdp, errors } = await throttled(context, origin + path, kind, 'the first question was not shown');
    const t = await page.evaluate(() => window.__bench.t);
    const longtasks = await page.evaluate(() => window.__bench.longtasks);
    if (as === 'none') {
      const counted = longtasks.filter((task) => task.start < BASELINE_MS);
      return {
        kind,
        errors,
        tbt: counted.reduce((sum, task) => sum + Math.max(0, task.duration - 50), 0),
        longTotal: counted.reduce((sum, task) => sum + task.duration, 0),
        longtasks: counted,
      };
    }

    // Memory with the first question on screen, after a full garbage collection.
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('Performance.enable');
    const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    const usage = await cdp.send('Runtime.getHeapUsage');
    const wasm = await page.evaluate(() => window.__bench.wasmBytes());
    const wasmInstances = await page.evaluate(() => window.__bench.memories.length);

    const feedback = await withTimeout(page.evaluate(() => window.__bench.feedback()), `${kind}: feedback`);
    if (as === 'cyberdrill' && !/^\W*Correct\b/.test(feedback.text)) throw new Error(`${kind}: the right answer was not marked right: ${feedback.text}`);
    const { page: host, resources } = await page.evaluate(() => window.__bench.resources());
    const notes = await page.evaluate(() => window.__bench.notes);
    const uaMemory = await page.evaluate(() => window.__bench.uaMemory);
    const afterwards = after ? await after(page) : undefined;

    const windowEnd = t.question + SETTLE_MS;
    const counted = longtasks.filter((task) => task.start < windowEnd);
    return {
      kind,
      errors,
      notes,
      uaMemory,
      host,
      resources,
      bytes: resources.reduce((sum, r) => sum + r.encoded, 0),
      wire: resources.reduce((sum, r) => sum + r.transfer, 0),
      cached: resources.filter((r) => r.transfer === 0).map((r) => r.url),
      painted: t.painted,
      control: t.control,
      question: t.question,
      click: as === 'cyberdrill' ? t.click : null,
      startToQuestion: as === 'cyberdrill' ? t.question - t.click : null,
      tbt: counted.reduce((sum, task) => sum + Math.max(0, task.duration - 50), 0),
      longTotal: counted.reduce((sum, task) => sum + task.duration, 0),
      longest: counted.reduce((most, task) => Math.max(most, task.duration), 0),
      longCount: counted.length,
      longtasks: counted,
      heap: metrics.JSHeapUsedSize,
      backing: usage.backingStorageSize ?? null,
      wasm,
      wasmInstances,
      memory: metrics.JSHeapUsedSize + wasm,
      feedback,
      after: afterwards,
    };
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Issue 14: many widgets on one page, and a learner with five years of progress. The same
// instrumentation as `instrument` (long tasks, every wasm memory, "on screen" as the end of the
// frame that shows it), for pages with several widgets or a drill to finish.

function instrumentMore({ kind, count, settle, done: DONE, history, historyKey, learnerPrefix, correct }, watching) {
  // The learner's history goes in before any of the page's scripts run.
  if (history != null && location.protocol.startsWith('http') && localStorage.getItem(historyKey) == null) {
    localStorage.setItem(historyKey, history);
  }
  const B = (window.__bench = { kind, t: {}, longtasks: [], memories: [], notes: [], stored: {} });
  const { now, frame, mutation } = watching(B);
  // What is in localStorage: the learner's keys (`cyberdrill:v1:device:…`), and every key of
  // the widget's (the learner's plus the shared offline copies of content), as characters of
  // key + value.
  B.storage = () => {
    const out = { learner: 0, all: 0, keys: [] };
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      const size = key.length + (localStorage.getItem(key)?.length ?? 0);
      if (key.startsWith('cyberdrill:')) out.all += size;
      if (key.startsWith(learnerPrefix)) {
        out.learner += size;
        out.keys.push(key);
      }
    }
    const text = localStorage.getItem(historyKey);
    try {
      const stored = text == null ? null : JSON.parse(text);
      out.history = stored && {
        schema: stored.schema,
        arrays: Object.fromEntries(Object.entries(stored).flatMap(([name, value]) => (Array.isArray(value) ? [[name, value.length]] : []))),
      };
    } catch (error) {
      out.history = { error: String(error) };
    }
    return out;
  };
  if (location.protocol.startsWith('http')) B.stored.before = B.storage();


  const shown = (el) => Boolean(el?.isConnected && el.checkVisibility());
  const hosts = () => [...document.querySelectorAll('cyber-drill')];
  const button = (root, pattern) =>
    [...(root?.querySelectorAll('button') ?? [])].find((el) => pattern.test(el.textContent) && !el.disabled && shown(el));
  const startOf = (host) => button(host.shadowRoot?.querySelector('.card'), /^\s*Start\s*$/);

  const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

  B.load = (async () => {
    // Every widget's card with its Start button, enabled and on screen; and the first of them.
    const first = frame(() => hosts().find(startOf));
    const all = await frame(() => {
      const found = hosts();
      return found.length === count && found.every(startOf) && found;
    });
    B.t.cards = all.at;
    B.t.first = (await first).at;
    B.stored.read = B.storage();
    await sleep(settle);
    console.debug(DONE);
  })().catch((error) => console.debug(`${DONE}: failed: ${error?.stack ?? error}`));

  // Takes the page's one drill to its end, answering every question right (`correct`: the
  // right choices' `labelPattern`s, question by question, as the widget shuffles the choices),
  // and times the last question's Check and the "See your results" click, which reads, merges
  // and writes the history (app.rs, `finish`).
  B.finish = async () => {
    const root = hosts()[0].shadowRoot;
    const click = async (pattern) => (await frame(() => button(root, pattern))).found.click();
    await click(/^\s*Start\s*$/);
    const opening = await frame(() => button(root, /^\s*Start the questions\s*$/) || root.querySelector('.question input'));
    if (opening.found.tagName === 'BUTTON') opening.found.click();
    const out = {};
    for (const [index, picks] of correct.entries()) {
      const last = index === correct.length - 1;
      const heading = new RegExp(`^\\s*Question ${index + 1} of ${correct.length}\\s*$`);
      const inputs = (
        await frame(() => {
          const question = root.querySelector('.question');
          const inputs = [...(question?.querySelectorAll('input') ?? [])];
          const numbered = [...(question?.querySelectorAll('.progress p') ?? [])].some((p) => heading.test(p.textContent));
          return numbered && inputs.length && inputs.every((i) => !i.disabled) && shown(inputs[0]) && inputs;
        })
      ).found;
      const label = (input) => (input.closest('label')?.querySelector('.label')?.textContent ?? '').replace(/\s+/g, ' ').trim();
      const rights = inputs.filter((input) => picks.some((p) => new RegExp(p).test(label(input))));
      if (rights.length !== picks.length) throw new Error(`question ${index + 1}: ${rights.length} choices read as the ${picks.length} right ones: ${inputs.map(label).join(' | ')}`);
      for (const input of rights) input.click();
      await frame(() => rights.every((input) => input.checked));
      const check = (await frame(() => button(root.querySelector('.question'), /^\s*Check\s*$/))).found;
      const feedback = () => [...root.querySelectorAll('h4')].find((h) => /Correct|Not quite|Partly right/.test(h.textContent));
      const seen = mutation(root, feedback);
      let t0 = now();
      check.click();
      let dom = feedback() ? { at: now(), found: feedback() } : await seen;
      let painted = await frame(() => shown(dom.found));
      if (!/^\W*Correct\b/.test(dom.found.textContent)) throw new Error(`question ${index + 1}: the right answer was marked ${dom.found.textContent.trim()}`);
      if (last) out.check = { dom: dom.at - t0, shown: painted.at - t0, text: dom.found.textContent.trim() };
      const next = (await frame(() => button(root.querySelector('.question'), last ? /^\s*See your results\s*$/ : /^\s*Next question\s*$/))).found;
      if (!last) {
        next.click();
        continue;
      }
      const summary = () => root.querySelector('.summary h2');
      const summarySeen = mutation(root, summary);
      t0 = now();
      next.click();
      dom = summary() ? { at: now(), found: summary() } : await summarySeen;
      painted = await frame(() => shown(dom.found));
      out.results = { dom: dom.at - t0, shown: painted.at - t0, text: dom.found.textContent.trim(), at: t0 };
    }
    // What followed the click (the widget hears its own broadcast and reads the history
    // again), then what is stored.
    await sleep(settle);
    B.stored.after = B.storage();
    out.after = B.longtasks.filter((task) => task.start + task.duration > out.results.at && task.start < out.results.at + settle);
    return out;
  };

  B.resources = () =>
    performance.getEntriesByType('resource').map((e) => ({ url: e.name, encoded: e.encodedBodySize, transfer: e.transferSize, decoded: e.decodedBodySize }));
}

const MORE = {
  'one widget': { page: pageUrl('widgets-1'), count: 1 },
  'ten widgets': { page: pageUrl('widgets-10'), count: 10 },
  'empty history': { page: pageUrl('progress'), count: 1, finish: true },
  'five-year history': { page: pageUrl('progress'), count: 1, finish: true, history: true },
};

async function runMore(browser, origin, kind, { history, correct }) {
  const { page: path, count, finish, history: withHistory } = MORE[kind];
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    await context.addInitScript(
      initScript(instrumentMore, {
        kind,
        count,
        settle: SETTLE_MS,
        done: DONE,
        history: withHistory ? history : null,
        historyKey: HISTORY_KEY,
        learnerPrefix: LEARNER_PREFIX,
        correct,
      }),
    );
    const { page, cdp, errors } = await throttled(context, origin + path, kind, 'the cards were not shown');
    const t = await page.evaluate(() => window.__bench.t);
    const longtasks = await page.evaluate(() => window.__bench.longtasks);
    const result = { kind, errors, first: t.first, cards: t.cards };
    const windowEnd = t.cards + SETTLE_MS;
    const counted = longtasks.filter((task) => task.start < windowEnd);
    Object.assign(result, {
      longtasks: counted,
      tbt: counted.reduce((sum, task) => sum + Math.max(0, task.duration - 50), 0),
      longest: counted.reduce((most, task) => Math.max(most, task.duration), 0),
    });
    const memory = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      await cdp.send('Performance.enable');
      const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
      const wasm = await page.evaluate(() => window.__bench.wasmBytes());
      return { heap: metrics.JSHeapUsedSize, wasm, memory: metrics.JSHeapUsedSize + wasm };
    };
    if (!finish) {
      Object.assign(result, await memory());
      result.wasmInstances = await page.evaluate(() => window.__bench.memories.length);
      result.resources = await page.evaluate(() => window.__bench.resources());
      result.bytes = result.resources.reduce((sum, r) => sum + r.encoded, 0);
      result.requests = result.resources.length;
      result.cached = result.resources.filter((r) => r.transfer === 0).map((r) => r.url);
    } else {
      const done = await withTimeout(page.evaluate(() => window.__bench.finish()), `${kind}: finishing the drill`);
      Object.assign(result, { check: done.check, results: done.results, after: done.after });
      result.afterLongest = done.after.reduce((most, task) => Math.max(most, task.duration), 0);
      result.stored = await page.evaluate(() => window.__bench.stored);
      Object.assign(result, await memory());
    }
    result.notes = await page.evaluate(() => window.__bench.notes);
    return result;
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Issue 15: the drill studio (dist/studio.html). Its first usable screen, then a drill opened
// and typed into: keystroke → the Problems list changed, keystroke → the preview showing it.

function instrumentStudio({ settle, done: DONE }, watching) {
  const B = (window.__bench = { kind: 'studio', t: {}, longtasks: [], memories: [], notes: [] });
  const { now, frame, mutation } = watching(B);
  const shown = (el) => Boolean(el?.isConnected && el.checkVisibility());
  const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
  const pick = (e) => ({ url: e.name, encoded: e.encodedBodySize, transfer: e.transferSize, decoded: e.decodedBodySize, end: e.responseEnd });

  // The keystroke: the keydown's own timestamp (when the browser took the key in, so time the
  // main thread was busy counts), and when the page's listeners first heard the keydown and
  // the input event (capture phase on the window, before the studio's own listener).
  B.keys = [];
  // The studio rechecks in an animation frame callback, so the Problems list changes while
  // that frame is being made, and is rendered at the end of the same frame: `inFrame` is true
  // from a frame callback's start until a message posted then runs (after the frame's style,
  // layout and paint), so that a change seen meanwhile is timed to that frame, not the next.
  let inFrame = false;
  const raf = window.requestAnimationFrame;
  window.requestAnimationFrame = function (callback) {
    return raf.call(window, (t) => {
      if (!inFrame) {
        inFrame = true;
        const channel = new MessageChannel();
        channel.port1.onmessage = () => (inFrame = false);
        channel.port2.postMessage(null);
      }
      return callback(t);
    });
  };
  const rendered = (found) =>
    inFrame
      ? new Promise((done) => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => done({ at: now(), found });
          channel.port2.postMessage(null);
        })
      : frame(() => found);
  addEventListener('keydown', (e) => B.keys.push({ stamp: e.timeStamp, heard: now() }), true);
  addEventListener('input', () => B.keys.at(-1) && (B.keys.at(-1).input = now()), true);

  const button = (pattern) => [...document.querySelectorAll('button')].find((b) => pattern.test(b.textContent) && !b.disabled && shown(b));
  const area = () => document.querySelector('textarea#drill-text');
  const problems = () => document.querySelector('ul[aria-label="Problems"]');
  const heading = () =>
    document.querySelector('section[aria-label="Preview"] cyber-drill')?.shadowRoot?.querySelector('.card h2');

  B.load = (async () => {
    // The first usable screen: the "Open files" button, enabled and on screen; what had
    // arrived by then (the page itself and every response that had ended).
    const open = await frame(() => button(/^\s*Open files\s*$/));
    B.t.usable = open.at;
    B.first = {
      page: pick(performance.getEntriesByType('navigation')[0]),
      resources: performance.getEntriesByType('resource').filter((e) => e.responseEnd <= open.at).map(pick),
    };
    await sleep(settle);
    console.debug(DONE);
  })().catch((error) => console.debug(`${DONE}: failed: ${error?.stack ?? error}`));

  // The drill opened: its text in the editor, checked, and its preview's card on screen.
  B.opened = async (title) => {
    const found = await frame(() => area()?.value && problems() && heading()?.textContent.trim() === title && shown(heading()) && area());
    return found.at;
  };

  // Puts the caret at the end of the line that starts with `start`.
  B.caret = (start) => {
    const el = area();
    const text = el.value;
    const at = text.indexOf(`\n${start}`) + 1;
    const end = text.indexOf('\n', at);
    el.focus();
    el.setSelectionRange(end, end);
    return document.activeElement === el && el.selectionStart === end;
  };

  // Armed before each keystroke: resolves once what it waits for has changed, with times from
  // the keystroke. `problems`: the list's text differs from before the key (the DOM change, by
  // MutationObserver, and the end of the frame that paints it); `preview`: the preview's card
  // heading reads `title` (on screen; the widget remounts in its own shadow root).
  B.arm = (what, title) => {
    const keys = B.keys.length;
    const key = () => B.keys[keys];
    const since = (at) => at - key().stamp;
    if (what === 'problems') {
      const before = problems().textContent;
      let painted;
      const seen = mutation(document.body, () => {
        const list = problems()?.textContent !== before && problems();
        if (list) {
          B.inFrame = inFrame;
          painted = rendered(list);
        }
        return list;
      });
      B.pending = (async () => {
        const dom = await seen;
        painted = await painted;
        return { dom: since(dom.at), shown: since(painted.at), queued: key().heard - key().stamp, inFrame: B.inFrame, text: dom.found.textContent.slice(0, 60) };
      })();
    } else {
      B.pending = (async () => {
        const painted = await frame(() => B.keys.length > keys && heading()?.textContent.trim() === title && shown(heading()) && heading());
        return { shown: since(painted.at), queued: key().heard - key().stamp, text: painted.found.textContent.trim() };
      })();
    }
    B.pending.catch(() => {});
    return true;
  };
}

async function runStudio(browser, origin, drill) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    await context.addInitScript(initScript(instrumentStudio, { settle: SETTLE_MS, done: DONE }));
    const { page, errors } = await throttled(context, origin + '/studio.html', 'studio', '"Open files" was not shown');
    const t = await page.evaluate(() => window.__bench.t);
    const first = await page.evaluate(() => window.__bench.first);
    const resources = [first.page, ...first.resources];
    const result = {
      kind: 'studio',
      errors,
      usable: t.usable,
      resources,
      bytes: resources.reduce((sum, r) => sum + r.encoded, 0),
      wire: resources.reduce((sum, r) => sum + r.transfer, 0),
      requests: resources.length,
      cached: resources.filter((r) => r.transfer === 0).map((r) => r.url),
      problems: [],
      preview: [],
    };

    // Open the drill through the file input, as an author would, and let it settle.
    await page.getByLabel('Drill files').setInputFiles(drill.path);
    await withTimeout(page.evaluate((title) => window.__bench.opened(title), drill.title), 'studio: opening the drill');
    await page.waitForTimeout(SETTLE_MS);

    // One key, its work waited for, then a rest (REST_MS), as between an author's keystrokes.
    const press = async (what, key, title) => {
      await page.evaluate(([what, title]) => window.__bench.arm(what, title), [what, title]);
      await page.keyboard.press(key);
      const r = await withTimeout(page.evaluate(() => window.__bench.pending), `studio: ${what} after ${key}`);
      await page.waitForTimeout(REST_MS);
      return r;
    };
    // Problems: `!` at the end of the id line makes the id invalid, Backspace makes it valid
    // again; each key changes the list, and neither changes the drill the preview shows.
    if (!(await page.evaluate((start) => window.__bench.caret(start), drill.idLine))) throw new Error('studio: no caret in "Drill text"');
    for (let k = 0; k < KEYSTROKES; k++) {
      const r = await press('problems', k % 2 ? 'Backspace' : '!');
      result.problems.push({ ...r, key: k % 2 ? 'Backspace' : '!' });
    }
    // After an odd number of keys the id still ends in `!`, and a drill with an error has no
    // preview to time: one more Backspace, waited for and not counted, makes it valid again.
    if (KEYSTROKES % 2) await press('problems', 'Backspace');
    // Preview: `x` at the end of the title line, then Backspace; each key changes the title.
    await page.waitForTimeout(SETTLE_MS);
    if (!(await page.evaluate((start) => window.__bench.caret(start), drill.titleLine))) throw new Error('studio: no caret in "Drill text"');
    for (let k = 0; k < KEYSTROKES; k++) {
      const title = k % 2 ? drill.title : `${drill.title}x`;
      const r = await press('preview', k % 2 ? 'Backspace' : 'x', title);
      result.preview.push({ ...r, key: k % 2 ? 'Backspace' : 'x' });
    }
    result.longtasks = await page.evaluate(() => window.__bench.longtasks);
    result.notes = await page.evaluate(() => window.__bench.notes);
    return result;
  } finally {
    await context.close();
  }
}
const REST_MS = 300; // between keystrokes in the studio, once the last one's work is done

// ---------------------------------------------------------------------------------------------
// Issue 19: reporting to a learning record store, on and off. The same drill page twice, one
// widget without `lrs` and one with it, whose statements go to a stand-in for an LRS in this
// process (`lrsStub`), so that what is timed is the page, not another program sharing the
// machine's two cores.

const LRS_PATH = '/bench-lrs/'; // the reporting-on page's `lrs`, a same-origin path as docs/reporting.md asks
const REPORTING_PAGES = { 'reporting off': 'reporting-off', 'reporting on': 'reporting-on' };
const CHECK_STATEMENTS = 2; // what the first Check makes: the drill's `initialized` and the answer's `answered`

/// An LRS as the widget meets it behind an intranet's proxy, reduced to the one request it
/// makes: POST `statements` with a JSON array of statements answers 200 with the array of
/// their ids (xAPI 1.0.3, 7.2.2); anything else is refused. It stores nothing but what each run
/// counts: every statement received, in order, with its verb. `received(n)` resolves once `n`
/// statements have come in all.
function lrsStub() {
  const statements = [];
  const waiting = new Set();
  const received = (n) =>
    new Promise((done) => {
      const check = () => statements.length >= n && (waiting.delete(check), done(statements.length));
      waiting.add(check);
      check();
    });
  const route = async (req, res) => {
    if (req.method !== 'POST') return res.writeHead(405, { Allow: 'POST' }).end();
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    let batch = null;
    try {
      batch = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      // Refused below.
    }
    if (!Array.isArray(batch) || !batch.length || batch.some((s) => typeof s?.id !== 'string')) {
      return res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('expected a JSON array of statements, each with its id');
    }
    statements.push(...batch.map((s) => ({ id: s.id, verb: s.verb?.display?.['en-US'] })));
    for (const check of [...waiting]) check();
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(batch.map((s) => s.id)));
  };
  return { statements, received, routes: { [`${LRS_PATH}statements`]: route } };
}
const lrs = lrsStub();

/// One run of the reporting section: the drill page of `kind`, its first question checked as
/// in the comparison with quizdown (`run`), then the 1 s after the Check click, and what the
/// stub received: in that second, and once the first Check's statements are in (with
/// reporting on; a run whose statements never come has measured nothing, and fails).
async function runReporting(browser, origin, kind) {
  const before = lrs.statements.length;
  return run(browser, origin, kind, {
    path: pageUrl(REPORTING_PAGES[kind]),
    as: 'cyberdrill',
    after: async (page) => {
      const tasks = await withTimeout(page.evaluate(() => window.__bench.afterCheck()), `${kind}: the second after Check`);
      const inWindow = lrs.statements.length - before;
      if (kind === 'reporting on') {
        await withTimeout(lrs.received(before + CHECK_STATEMENTS), `${kind}: the first Check's ${CHECK_STATEMENTS} statements at the stub LRS (${lrs.statements.length - before} came)`);
      }
      const posts = await page.evaluate((lrsPath) => window.__bench.requestsTo(lrsPath), LRS_PATH);
      const got = lrs.statements.slice(before);
      return { tasks, posts, inWindow, statements: got.length, verbs: got.map((s) => s.verb) };
    },
  });
}

// ---------------------------------------------------------------------------------------------
// Figures.

const median = (xs) => {
  const s = xs.filter((x) => x != null).sort((a, b) => a - b);
  if (!s.length) return null;
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const KB = (b) => `${(b / 1024).toFixed(1)} KB`;
const MB = (b) => `${(b / 1024 / 1024).toFixed(2)} MB`;
const ms = (x) => `${Math.round(x)} ms`;

function stat(results, get, format) {
  const xs = results.map(get).filter((x) => x != null);
  if (!xs.length) return { value: null, text: 'n/a' };
  const m = median(xs);
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  const spread = lo === hi ? '' : ` (${format(lo)}–${format(hi)})`;
  return { value: m, text: `${format(m)}${spread}` };
}

function ratio(a, b) {
  if (a.value == null || b.value == null || b.value === 0) return 'n/a';
  return `${(a.value / b.value).toFixed(2)}`;
}

function path(url) {
  const u = new URL(url);
  return u.pathname + u.search;
}

function commitOf() {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: ROOT, encoding: 'utf8' }).trim() ? ' plus uncommitted changes' : '';
    return `${head}${dirty}`;
  } catch {
    return 'unknown';
  }
}

function report({ version, cd, qd, none, failures, started, load }) {
  const row = (what, get, format, target = '—') => {
    const a = stat(cd, get, format);
    const b = stat(qd, get, format);
    return { line: `| ${what} | ${a.text} | ${b.text} | ${ratio(a, b)} | ${typeof target === 'function' ? target(a, b) : target} |`, a, b };
  };
  const met = (ok) => (ok ? '**met**' : '**not met**');
  const lines = [];
  const commit = commitOf();
  lines.push('# cyberdrill against quizdown: benchmark results', '');
  lines.push(
    `Run on ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC by \`node tests/bench/run.mjs\` ` +
      `(repository at commit ${commit}; bundle \`${relative(ROOT, dist).startsWith('..') ? dist : relative(ROOT, dist)}\`, ` +
      `its wasm built ${statSync(resolve(dist, 'pkg/cyberdrill_bg.wasm')).mtime.toISOString().slice(0, 16).replace('T', ' ')} UTC).`,
  );
  lines.push(
    `Headless Chromium ${version}; machine: ${cpus().length} cores, loopback, ${THROTTLE}× CPU throttling ` +
      `(DevTools \`Emulation.setCPUThrottlingRate\`). ${cd.length} runs of each page, alternating, each in a fresh ` +
      `browser context (empty cache), after ${WARMUP} discarded warm-up run${WARMUP === 1 ? '' : 's'} of each. ` +
      `Node ${process.version}; quizdown ${JSON.parse(readFileSync(resolve(QUIZDOWN, 'package.json'), 'utf8')).version}. ` +
      `Load average (1 min) before and after: ${load.map((l) => l.toFixed(2)).join(' and ')}; anything else running on the machine shows in the timings.`,
  );
  if (failures.length) lines.push('', `**${failures.length} run(s) failed and are left out:** ${failures.join('; ')}`);
  lines.push('');
  lines.push('Both pages hold the same 4 pick-one questions with the same choices (`tests/bench/content/bench/four-questions.md`; the `quizdown` page of `tests/bench/pages.mjs`). Figures are medians, with the lowest and highest run in brackets. Ratio = cyberdrill / quizdown.');
  lines.push('');
  lines.push('| What is measured | cyberdrill | quizdown | ratio | target |');
  lines.push('|---|---|---|---|---|');
  const bytes = row(
    'Bytes the widget downloads, gzip as served (response bodies: every request the widget makes; the host page excluded, see note 1)',
    (r) => r.bytes,
    KB,
    (a, b) => `≤ quizdown's: ${met(a.value <= b.value)}`,
  );
  lines.push(bytes.line);
  lines.push(row('The same, on the wire with HTTP headers', (r) => r.wire, KB).line);
  lines.push(row('Widget first shows anything, from navigation start (cyberdrill: its loading line or card; quizdown: its loading spinner)', (r) => r.painted, ms).line);
  lines.push(
    row(
      "First interactive control on screen, from navigation start (cyberdrill: the card's Start button, enabled; quizdown: the first question's answers, enabled — see note 2)",
      (r) => r.control,
      ms,
      (a, b) => `ratio ≤ 1.0: ${met(a.value / b.value <= 1)} (quizdown's time includes its fixed 800 ms spinner, note 2)`,
    ).line,
  );
  lines.push(row("First question's radio buttons on screen and enabled, from navigation start (cyberdrill: Start clicked by the page the moment it appeared; quizdown: as above)", (r) => r.question, ms).line);
  lines.push(row('cyberdrill only: Start click → first question on screen', (r) => r.startToQuestion, ms).line);
  lines.push(
    row(
      `Total blocking time: Σ(long task − 50 ms), navigation start → first question on screen + ${SETTLE_MS / 1000} s`,
      (r) => r.tbt,
      ms,
      (a) => `cyberdrill < 50 ms: ${met(a.value < 50)}`,
    ).line,
  );
  lines.push(row('Long tasks in that window: total time', (r) => r.longTotal, ms).line);
  lines.push(row('Long tasks in that window: the longest', (r) => r.longest, ms).line);
  lines.push(row('Long tasks in that window: how many', (r) => r.longCount, (x) => `${x}`).line);
  lines.push(row('JS heap used, first question on screen, after a full GC (CDP `Performance.getMetrics` JSHeapUsedSize)', (r) => r.heap, MB).line);
  lines.push(row('wasm linear memory (every `WebAssembly.Memory` the page instantiated; see note 3)', (r) => r.wasm, MB).line);
  lines.push(row('JS heap + wasm memory', (r) => r.memory, MB).line);
  lines.push(row('Check → feedback on screen (cyberdrill: Check → the "Correct" heading; quizdown: Evaluate → the ✅/❌ results list, see note 4)', (r) => r.feedback.shown, ms).line);
  lines.push(row('Check → feedback in the DOM (MutationObserver, before it is painted)', (r) => r.feedback.dom, ms).line);
  lines.push(row('Check → first visible response (cyberdrill: the feedback; quizdown: its results title and loading spinner)', (r) => r.feedback.response, ms).line);
  lines.push('');

  // Per-file breakdown (the bytes are the same every run, bar HTTP headers).
  lines.push('What each widget downloaded (gzip body bytes as served, first run; decoded size in brackets):', '');
  lines.push('| widget | file | gzip | decoded |');
  lines.push('|---|---|---|---|');
  for (const [name, runs] of [['cyberdrill', cd], ['quizdown', qd]]) {
    const first = runs[0];
    if (!first) continue;
    for (const r of first.resources) lines.push(`| ${name} | \`${path(r.url)}\` | ${r.encoded.toLocaleString('en-GB')} B | ${r.decoded.toLocaleString('en-GB')} B |`);
    lines.push(`| ${name} | **total** | **${first.bytes.toLocaleString('en-GB')} B** | ${first.resources.reduce((s, r) => s + r.decoded, 0).toLocaleString('en-GB')} B |`);
    lines.push(`| ${name} | host page HTML (not counted above) | ${first.host.encoded.toLocaleString('en-GB')} B | ${first.host.decoded.toLocaleString('en-GB')} B |`);
  }
  lines.push('');

  // Where the time goes: one typical run of each (the median by first interactive control).
  lines.push('Where the time goes: the run of each widget with the median first interactive control, in order (ms from navigation start; downloads as request start → response end; long tasks as start + duration):', '');
  for (const [name, runs] of [['cyberdrill', cd], ['quizdown', qd]]) {
    const typical = [...runs].sort((a, b) => a.control - b.control)[(runs.length - 1) >> 1];
    if (!typical) continue;
    const events = [
      ...typical.resources.map((r) => [r.start, `download \`${path(r.url)}\` ${Math.round(r.start)} → ${Math.round(r.end)}`]),
      ...typical.longtasks.map((t) => [t.start, `long task ${Math.round(t.start)} + ${Math.round(t.duration)}`]),
      [typical.painted, `widget first shows anything ${Math.round(typical.painted)}`],
      [typical.control, `first interactive control on screen ${Math.round(typical.control)}`],
      ...(name === 'cyberdrill' ? [[typical.question, `first question on screen ${Math.round(typical.question)}`]] : []),
    ].sort((a, b) => a[0] - b[0]);
    lines.push(`- ${name}: ${events.map((e) => e[1]).join('; ')}.`);
  }
  lines.push('');

  const cached = [...cd, ...qd].flatMap((r) => r.cached);
  const errors = [...new Set([...cd, ...qd].flatMap((r) => r.errors.map((e) => `${r.kind}: ${e}`)))];
  const notes = [...new Set([...cd, ...qd].flatMap((r) => r.notes))];
  const backing = stat(cd, (r) => r.backing, MB);
  const backingQd = stat(qd, (r) => r.backing, MB);
  const instances = median(cd.map((r) => r.wasmInstances));
  lines.push('Notes:', '');
  lines.push(
    '1. Bytes are `encodedBodySize` from Resource Timing: the gzip-compressed response bodies as the test server (`tests/browser/server.mjs`, gzip level 6 like a static server) sent them. ' +
      'The host page HTML is left out of the widget totals; it is not quite the same size for both, because quizdown\'s questions are written into the host page while cyberdrill fetches its drill (the catalog and drill are counted in cyberdrill\'s total), so the host page sizes are listed in the breakdown. ' +
      (cached.length ? `Some responses came from a cache (transferSize 0): ${cached.map(path).join(', ')}.` : 'Every response was downloaded (none had transferSize 0).'),
  );
  lines.push(
    '2. The rows are not the same thing for both widgets, and say so: cyberdrill shows a card with a Start button first, quizdown shows the first question at once. ' +
      'quizdown holds its first question behind a fixed 800 ms loading spinner (`Loading ms={800}` in its App.svelte) that starts on the window `load` event, then fades the question in over 400 ms (its answers are clickable during the fade; this benchmark counts them from the frame they are laid out, ignoring opacity). ' +
      '"On screen" is the end of the first animation frame in which the control is in the DOM, enabled and `checkVisibility()` is true: a requestAnimationFrame callback finds it and posts a message, which runs once that frame has been rendered.',
  );
  lines.push(
    `3. The loader's wasm instances are not reachable from the page, and \`performance.measureUserAgentSpecificMemory\` needs a cross-origin-isolated page (available here: ${[...new Set([...cd, ...qd].map((r) => r.uaMemory))].join('/')}). ` +
      'So the page wraps `WebAssembly.instantiate` before any script runs and sums `memory.buffer.byteLength` of each instance\'s exported memory: the linear memory the instance has grown to, not the bytes it uses inside it. ' +
      `cyberdrill made ${instances} instance(s) per page. JSHeapUsedSize does not include ArrayBuffer backing stores (wasm memory is one), and neither figure includes compiled wasm or JS code. ` +
      `CDP \`Runtime.getHeapUsage\` was tried as a cross-check: its backingStorageSize was ${backing.text} for cyberdrill and ${backingQd.text} for quizdown, so it does not count wasm memory and cannot stand in for the figure above.`,
  );
  lines.push(
    "4. quizdown has no per-question check: its only feedback is its results page, reached with the Evaluate button that appears on the last question. Its flow here: answer Q1, Next to Q4, Evaluate. Its results page is held behind a fixed 800 ms loading spinner (`waitTime = 800` in its ResultsView.svelte), included in the 'feedback on screen' row. cyberdrill's flow: pick the right answer to Q1, Check. Both clicks are made in the page (`element.click()`), timed with performance.now() from just before the click.",
  );
  lines.push(
    `5. Long tasks come from a \`PerformanceObserver\` for 'longtask' registered before the page's scripts run (Playwright \`addInitScript\`). Total blocking time is summed from navigation start, not from first contentful paint as Lighthouse does, up to ${SETTLE_MS / 1000} s after the first question's answers are on screen. ` +
      `Calibration: the same host page with no widget (the \`none\` page of \`tests/bench/pages.mjs\`), same instrumentation, ${none.length} runs: total blocking time ${stat(none, (r) => r.tbt, ms).text}, long tasks ${stat(none, (r) => r.longTotal, ms).text} in its first ${BASELINE_MS / 1000} s.`,
  );
  if (errors.length) lines.push(`6. Errors the pages logged: ${errors.join('; ')}`);
  if (notes.length) lines.push(`7. Instrumentation notes: ${notes.join('; ')}`);
  lines.push('');
  return lines.join('\n');
}


// The header of a report that leaves out the comparison with quizdown (`--only`).
function header({ version, started, load }) {
  return [
    '# cyberdrill: benchmark results',
    '',
    `Run on ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC by \`node tests/bench/run.mjs --only ${[...SECTIONS].join(',')}\`; ` +
      `headless Chromium ${version}; machine: ${cpus().length} cores, loopback, ${THROTTLE}× CPU throttling. ` +
      `Load average (1 min) before and after: ${load.map((l) => l.toFixed(2)).join(' and ')}.`,
    '',
  ].join('\n');
}

function table(columns, a, b, rows) {
  const lines = [`| What is measured | ${columns.join(' | ')} |`, '|---|---|---|---|'];
  for (const [what, get, format, compare = true] of rows) {
    const x = stat(a, get, format);
    const y = stat(b, get, format);
    lines.push(`| ${what} | ${x.text} | ${y.text} | ${compare ? ratio(y, x) : '—'} |`);
  }
  return lines;
}

function reportWidgets({ one, ten, failures }) {
  const lines = ['## Many widgets: ten on one page against one', ''];
  lines.push(
    'The `widgets-10` page of `tests/bench/pages.mjs` holds ten `<cyber-drill>` widgets, each naming a different drill of the starter library (the bundle\'s own `content/`, the widget\'s default); ' +
      '`widgets-1` is the same page with the first of them. The loader gives every widget a wasm instance of its own (the compiled module and the stylesheet are shared). ' +
      `${ten.length} runs of each page, alternating, each in a fresh browser context, after ${WARMUP} discarded warm-up run${WARMUP === 1 ? '' : 's'} of each: ` +
      `${WIDGETS_RUNS < RUNS ? `fewer than above (\`--widgets-runs\`, default two thirds of \`--runs\`), to keep the whole bench near ten minutes` : 'as many as above'}. ` +
      `Same throttling and instrumentation as above. Medians, lowest and highest run in brackets; ratio = ten / one.`,
  );
  if (failures.length) lines.push('', `**${failures.length} run(s) failed and are left out:** ${failures.join('; ')}`);
  lines.push('');
  lines.push(
    ...table(['one widget', 'ten widgets', 'ratio ten / one'], one, ten, [
      ['Bytes downloaded, gzip as served (every response but the host page)', (r) => r.bytes, KB],
      ['Requests (every response but the host page)', (r) => r.requests, (x) => `${x}`],
      ["Every card's Start button on screen and enabled, from navigation start", (r) => r.cards, ms],
      ["The first card's Start button on screen and enabled, from navigation start", (r) => r.first, ms],
      ['Total blocking time: Σ(long task − 50 ms), navigation start → every card on screen + 1 s', (r) => r.tbt, ms],
      ['Long tasks in that window: the longest', (r) => r.longest, ms],
      ['JS heap used, every card on screen + 1 s, after a full GC (JSHeapUsedSize)', (r) => r.heap, MB],
      ['wasm linear memory (every `WebAssembly.Memory` the page instantiated)', (r) => r.wasm, MB],
      ['JS heap + wasm memory', (r) => r.memory, MB],
      ['wasm instances', (r) => r.wasmInstances, (x) => `${x}`],
    ]),
  );
  lines.push('');
  const first = ten[0];
  if (first) {
    lines.push('What the ten-widget page downloaded (first run; gzip body bytes as served, decoded in brackets), by file, requests to the same file with another query string counted together:', '');
    lines.push('| file | requests | gzip | decoded |', '|---|---|---|---|');
    const files = new Map();
    for (const r of first.resources) {
      const u = new URL(r.url);
      const f = files.get(u.pathname) ?? { n: 0, encoded: 0, decoded: 0 };
      files.set(u.pathname, { n: f.n + 1, encoded: f.encoded + r.encoded, decoded: f.decoded + r.decoded });
    }
    for (const [file, f] of files) lines.push(`| \`${file}\` | ${f.n} | ${f.encoded.toLocaleString('en-GB')} B | ${f.decoded.toLocaleString('en-GB')} B |`);
    lines.push('');
  }
  return ending(
    lines,
    [...one, ...ten],
    'The wasm memory is what each instance\'s linear memory has grown to (note 3 above), summed over the instances. ' +
      '"On screen" is as in note 2 above; the cards below the first screenful count as soon as they are laid out and visible (`checkVisibility()`), not scrolled to. ',
  );
}

/// A section's last lines: `note`, then whether any response came from a cache, then what the
/// pages logged as errors; returns the section's text.
function ending(lines, runs, note) {
  const cached = runs.flatMap((r) => r.cached);
  lines.push(note + (cached.length ? `Some responses came from a cache (transferSize 0): ${[...new Set(cached.map(path))].join(', ')}.` : 'Every response was downloaded.'));
  const errors = [...new Set(runs.flatMap((r) => r.errors.map((e) => (r.kind ? `${r.kind}: ${e}` : e))))];
  if (errors.length) lines.push('', `Errors the pages logged: ${errors.join('; ')}`);
  lines.push('');
  return lines.join('\n');
}

function reportProgress({ empty, years, failures }) {
  const lines = ['## Five years of progress', ''];
  const [drill] = pageDrills('progress');
  const day = (t) => new Date(t).toISOString().slice(0, 10);
  const stored = (pick) => (r) => r.stored?.[pick]?.learner;
  lines.push(
    `A learner who has done one drill a day for five years: ${history.attempts.toLocaleString('en-GB')} finished attempts (${day(history.first)} to ${day(history.last)}), ` +
      `spread over the ${history.drills} drills of the starter library, never the same drill two days running, with answers of each question's kind that are right more often as the years go by ` +
      `(${Math.round(history.rightShare * 100)} % of questions right in all), generated by \`tests/bench/five-years.mjs\` with a fixed seed. ` +
      `It is stored as \`${HISTORY_KEY}\` in the widget's current schema, 3 (${history.text.length.toLocaleString('en-GB')} characters), every attempt in full and none folded into a summary, ` +
      "an attempt at a drill with variants naming the variant taken, by an init script that runs before the page's scripts: " +
      'over the 64 KB budget (`progress::BUDGET`), so the widget compacts it and writes it back on the first load that reads it. ' +
      `The page (\`progress\` in \`tests/bench/pages.mjs\`) holds one widget naming \`${drill}\`; the benchmark starts it, answers its ${progressAnswers.length} questions right ` +
      '(finding the right choices by their words, as the widget shuffles them), and clicks "See your results": ' +
      'that click is the one that reads the stored history, merges the new attempt and writes it back (`Ctx::next` → `Ctx::finish` → `Store::record`), and its time is measured to the summary\'s heading. ' +
      `Against the same page with nothing stored. ${years.length} runs of each, alternating, fresh browser contexts, after ${WARMUP} warm-up run${WARMUP === 1 ? '' : 's'} of each` +
      `${PROGRESS_RUNS < RUNS ? ` (fewer than the comparison with quizdown: \`--progress-runs\`, default two thirds of \`--runs\`)` : ''}. ` +
      'Medians, lowest and highest run in brackets; ratio = five-year / empty.',
  );
  if (failures.length) lines.push('', `**${failures.length} run(s) failed and are left out:** ${failures.join('; ')}`);
  lines.push('');
  lines.push(
    ...table(['empty history', 'five-year history', 'ratio five-year / empty'], empty, years, [
      ["Stored under the learner's keys (`cyberdrill:v1:device:…`, key + value in characters, all ASCII here, so bytes in UTF-8), before the page's scripts run", stored('before'), KB],
      ['The same, with the card on screen (the widget has read the history)', stored('read'), KB],
      ['The same, 1 s after "See your results" (the widget has read, merged and written it)', stored('after'), KB],
      ["Every key of the widget's after that, the shared offline copies of catalog and drill included", (r) => r.stored?.after?.all, KB],
      ['First card: its Start button on screen and enabled, from navigation start', (r) => r.cards, ms],
      ['Total blocking time: Σ(long task − 50 ms), navigation start → card on screen + 1 s', (r) => r.tbt, ms],
      ['Long tasks in that window: the longest', (r) => r.longest, ms],
      ['"See your results" click → the summary\'s heading on screen (reads, merges and writes the history)', (r) => r.results.shown, ms],
      ['"See your results" click → the summary in the DOM (MutationObserver, before it is painted)', (r) => r.results.dom, ms],
      ['The longest task from that click to 1 s after it (the click\'s own task included)', (r) => r.afterLongest, ms],
      ["Check on the last question → its feedback on screen (writes the drill's session, not the history)", (r) => r.check.shown, ms],
      ['JS heap + wasm memory, 1 s after the summary, after a full GC', (r) => r.memory, MB],
      ['of which wasm linear memory', (r) => r.wasm, MB],
    ]),
  );
  lines.push('');
  const shapes = (runs, pick) =>
    [...new Set(runs.map((r) => JSON.stringify(r.stored?.[pick]?.history ?? null)))]
      .map((s) => {
        const h = JSON.parse(s);
        if (!h) return 'nothing';
        if (h.error) return `unreadable (${h.error})`;
        return `schema ${h.schema} (${Object.entries(h.arrays).map(([name, n]) => `${name}: ${n.toLocaleString('en-GB')}`).join(', ')})`;
      })
      .join('; ');
  const keys = [...new Set([...empty, ...years].flatMap((r) => r.stored?.after?.keys ?? []))];
  const exact = (runs, pick) => [...new Set(runs.map((r) => r.stored?.[pick]?.learner))].map((n) => `${n?.toLocaleString('en-GB')}`).join(' or ');
  lines.push(
    `What was under \`${HISTORY_KEY}\`: with the five-year history, before the page's scripts ran: ${shapes(years, 'before')}; after the drill: ${shapes(years, 'after')}. ` +
      `With the empty history, after the drill: ${shapes(empty, 'after')}. The learner's keys after the drill: ${keys.map((k) => `\`${k}\``).join(', ') || 'none'}. ` +
      `Exact sizes, five-year history: ${exact(years, 'before')} characters before, ${exact(years, 'after')} after; empty history: ${exact(empty, 'after')} after. ` +
      'The time between the card and the click (starting, the scenario, answering) is in no row. ' +
      'The longest-task row after the click includes the widget re-reading the history when it hears its own "progress changed" broadcast (`app::broadcast`, `listen`).',
  );
  const errors = [...new Set([...empty, ...years].flatMap((r) => r.errors.map((e) => `${r.kind}: ${e}`)))];
  if (errors.length) lines.push('', `Errors the pages logged: ${errors.join('; ')}`);
  lines.push('');
  return lines.join('\n');
}

// When a section is written into an earlier report (`--only`), it says when it was run.
function provenance({ version, started, load }) {
  if (SECTIONS.has('quizdown')) return [];
  return [
    `Run on ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC by \`node tests/bench/run.mjs --only ${[...SECTIONS].join(',')}\` ` +
      `(repository at commit ${commitOf()}); headless Chromium ${version}; ${cpus().length} cores, loopback, ${THROTTLE}× CPU throttling; ` +
      `load average (1 min) before and after: ${load.map((l) => l.toFixed(2)).join(' and ')}.`,
    '',
  ];
}

function reportMarkdown({ md, json, failures, run }) {
  const lines = ['## A drill in Markdown against the same drill compiled', '', ...provenance(run)];
  lines.push(
    'The bench drill above (`tests/bench/content/bench/four-questions.md`, four pick-one questions, no scenario) named with `src` on a host page of its own: ' +
      'the `markdown-md` page of `tests/bench/pages.mjs` has `<cyber-drill src="/bench/content/bench/four-questions.md">`, `markdown-json` the same with `four-questions.json`, the JSON `cyberdrill catalog` compiled from it. ' +
      'For a `.md` drill the loader imports the Markdown module (`pkg/cyberdrill_compiler.js` and its wasm) and compiles the drill before the widget reads it, so most of its cost lands before the card. ' +
      `The page clicks Start the moment it is on screen, as in the comparison with quizdown; same instrumentation. ${md.length} runs of each page, alternating, each in a fresh browser context, after ${WARMUP} discarded warm-up run${WARMUP === 1 ? '' : 's'} of each. ` +
      'Medians, lowest and highest run in brackets; ratio = Markdown / compiled.',
  );
  if (failures.length) lines.push('', `**${failures.length} run(s) failed and are left out:** ${failures.join('; ')}`);
  lines.push('');
  lines.push(
    ...table(['compiled (.json)', 'Markdown (.md)', 'ratio Markdown / compiled'], json, md, [
      ['Bytes downloaded, gzip as served (every response but the host page)', (r) => r.bytes, KB],
      ['Requests (every response but the host page)', (r) => r.resources.length, (x) => `${x}`],
      ['Widget first shows anything (its loading line or card), from navigation start', (r) => r.painted, ms],
      ["The card's Start button on screen and enabled, from navigation start", (r) => r.control, ms],
      ['Start click → first question on screen', (r) => r.startToQuestion, ms],
      ["First question's radio buttons on screen, from navigation start (Start clicked at once)", (r) => r.question, ms],
      [`Total blocking time: Σ(long task − 50 ms), navigation start → first question on screen + ${SETTLE_MS / 1000} s`, (r) => r.tbt, ms],
      ['Long tasks in that window: the longest', (r) => r.longest, ms],
      ['JS heap + wasm memory, first question on screen, after a full GC', (r) => r.memory, MB],
      ['wasm instances', (r) => r.wasmInstances, (x) => `${x}`],
      ['Check → feedback on screen', (r) => r.feedback.shown, ms],
    ]),
  );
  lines.push('');
  const extra = median(md.map((r) => r.bytes)) - median(json.map((r) => r.bytes));
  lines.push(`The Markdown drill costs ${KB(extra)} more (${extra.toLocaleString('en-GB')} B, gzip as served), median against median. What each page downloaded (first run; gzip body bytes as served, decoded in brackets):`, '');
  lines.push('| page | file | gzip | decoded |', '|---|---|---|---|');
  for (const [name, runs] of [['compiled', json], ['Markdown', md]]) {
    const first = runs[0];
    if (!first) continue;
    for (const r of first.resources) lines.push(`| ${name} | \`${path(r.url)}\` | ${r.encoded.toLocaleString('en-GB')} B | ${r.decoded.toLocaleString('en-GB')} B |`);
    lines.push(`| ${name} | **total** | **${first.bytes.toLocaleString('en-GB')} B** | ${first.resources.reduce((s, r) => s + r.decoded, 0).toLocaleString('en-GB')} B |`);
  }
  lines.push('');
  return ending(lines, [...md, ...json], 'Bytes, "on screen" and long tasks are as in the notes to the comparison with quizdown. ');
}

function reportStudio({ runs, failures, run }) {
  const lines = ['## The drill studio', '', ...provenance(run)];
  const keys = (what) => runs.flatMap((r) => r[what]);
  const drill = relative(ROOT, STUDIO_DRILL.path);
  lines.push(
    '`dist/studio.html`, loaded in a fresh browser context (empty cache), same throttling; its first usable screen is the "Open files" button on screen and enabled. ' +
      `Then the largest drill of \`content/\` (\`${drill}\`, ${STUDIO_DRILL.bytes.toLocaleString('en-GB')} B) is opened through the "Drill files" input (Playwright \`setInputFiles\`), and once its text, problems and preview are shown and ${SETTLE_MS / 1000} s have passed, ` +
      `the caret goes to the end of its \`id:\` line and ${KEYSTROKES} keys are pressed, alternately \`!\` (the id becomes invalid: an error) and Backspace (valid again), then to the end of its \`title:\` line, alternately \`x\` and Backspace. ` +
      `Keys are real key events (Playwright \`keyboard.press\`, through DevTools), one at a time: each after the last one's work is on screen and ${REST_MS} ms more. ` +
      "Times run from the keydown event's own `timeStamp` (when the browser took the key in, so a busy main thread counts), through the studio's recheck at the next animation frame, " +
      "to the Problems list (`<ul aria-label=\"Problems\">`) with text other than before the key (a MutationObserver: in the DOM; the end of the frame that renders it: on screen), " +
      `and to the preview's \`<cyber-drill>\` card heading, in its shadow root, reading the new title, on screen (the studio rebuilds the preview once the text has rested ${100} ms, src/studio/state.rs \`PREVIEW_AFTER\`). ` +
      `${runs.length} runs after ${WARMUP} discarded warm-up run${WARMUP === 1 ? '' : 's'}, so ${keys('problems').length} keystrokes of each kind. No peer to compare with: medians, lowest and highest in brackets; the targets are issue 15's, for reference.`,
  );
  if (failures.length) lines.push('', `**${failures.length} run(s) failed and are left out:** ${failures.join('; ')}`);
  lines.push('');
  const perRun = (what, get) => {
    const medians = runs.map((r) => median(r[what].map(get)));
    return `${ms(Math.min(...medians))}–${ms(Math.max(...medians))}`;
  };
  lines.push('| What is measured | median (lowest–highest) | worst | median of each run | target (issue 15) |', '|---|---|---|---|---|');
  const row = (what, xs, get, format, target = '—', each = '—') => {
    const s = stat(xs, get, format);
    const worst = xs.map(get).filter((x) => x != null);
    lines.push(`| ${what} | ${s.text} | ${worst.length ? format(Math.max(...worst)) : 'n/a'} | ${each} | ${target} |`);
  };
  row('Bytes to the first usable screen: the page and every response ended by then, gzip as served', runs, (r) => r.bytes, KB);
  row('The same, on the wire with HTTP headers', runs, (r) => r.wire, KB);
  row('Requests by then', runs, (r) => r.requests, (x) => `${x}`);
  row('"Open files" on screen and enabled, from navigation start', runs, (r) => r.usable, ms);
  row('Keystroke → Problems list changed, on screen', keys('problems'), (k) => k.shown, ms, '< 100 ms', perRun('problems', (k) => k.shown));
  row('Keystroke → Problems list changed, in the DOM', keys('problems'), (k) => k.dom, ms, '—', perRun('problems', (k) => k.dom));
  row('of which the key waited before the page heard it (keydown `timeStamp` → first listener)', keys('problems'), (k) => k.queued, ms);
  row('Keystroke → preview shows the new title, on screen', keys('preview'), (k) => k.shown, ms, '< 250 ms', perRun('preview', (k) => k.shown));
  row('of which the key waited before the page heard it', keys('preview'), (k) => k.queued, ms);
  lines.push('');
  for (const [what, kind] of [['problems', 'Problems list on screen'], ['preview', 'preview on screen']]) {
    const byKey = {};
    for (const k of keys(what)) (byKey[k.key] ??= []).push(k);
    lines.push(`By key, keystroke → ${kind}: ${Object.entries(byKey).map(([key, ks]) => `\`${key}\` ${stat(ks, (k) => k.shown, ms).text}`).join('; ')}.`);
  }
  const inFrame = keys('problems').filter((k) => k.inFrame).length;
  lines.push(
    `The Problems list changed inside an animation frame callback (the studio's recheck) for ${inFrame} of ${keys('problems').length} keys: those are timed to the end of that frame; ` +
      'the others to the end of the next frame after the change. The preview is timed to the end of the first frame after the change in which its heading reads the new title.',
  );
  lines.push('');
  const first = runs[0];
  if (first) {
    lines.push('What the first usable screen downloaded (first run; gzip body bytes as served, decoded in brackets):', '');
    lines.push('| file | gzip | decoded |', '|---|---|---|');
    for (const r of first.resources) lines.push(`| \`${path(r.url)}\` | ${r.encoded.toLocaleString('en-GB')} B | ${r.decoded.toLocaleString('en-GB')} B |`);
    lines.push(`| **total** | **${first.bytes.toLocaleString('en-GB')} B** | ${first.resources.reduce((s, r) => s + r.decoded, 0).toLocaleString('en-GB')} B |`);
    lines.push('');
  }
  const cached = runs.flatMap((r) => r.cached);
  if (cached.length) lines.push(`Some responses came from a cache (transferSize 0): ${[...new Set(cached.map(path))].join(', ')}.`, '');
  const errors = [...new Set(runs.flatMap((r) => r.errors))];
  if (errors.length) lines.push(`Errors the page logged: ${errors.join('; ')}`, '');
  return lines.join('\n');
}

function reportReporting({ off, on, failures, run }) {
  const lines = ['## Reporting on and off: Check to feedback', '', ...provenance(run)];
  lines.push(
    'Issue 19: "Sending never runs inside a learner\'s click". The bench drill above (`tests/bench/content/bench/four-questions.md`, from its catalog: drills given by `src` are not reported) on two host pages of `tests/bench/pages.mjs`: ' +
      `\`reporting-off\` has \`<cyber-drill content="/bench/content/" drill="bench/four-questions" learner="bench-learner">\`, \`reporting-on\` the same with \`lrs="${LRS_PATH}"\` and \`homepage\`, as docs/reporting.md says. ` +
      'Both name a learner, so that `lrs` is the only difference. The page clicks Start the moment it is on screen, and checks the first question\'s right answer once it has been on screen for 1 s, as in the comparison with quizdown; same instrumentation. ' +
      `That Check saves the drill in progress, and with \`lrs\` the reporting module (\`lrs.js\`, loaded at the page's start) then makes the drill's \`initialized\` and the answer's \`answered\` statements from what was saved and POSTs them to \`${LRS_PATH}statements\`. ` +
      `${on.length} runs of each page, alternating, each in a fresh browser context (empty cache and storage), after ${WARMUP} discarded warm-up run${WARMUP === 1 ? '' : 's'} of each` +
      `${REPORTING_RUNS < RUNS ? ` (fewer than the comparison with quizdown: \`--reporting-runs\`, default two thirds of \`--runs\`)` : ''}. ` +
      'Medians, lowest and highest run in brackets; ratio = on / off.',
  );
  if (failures.length) lines.push('', `**${failures.length} run(s) failed and are left out:** ${failures.join('; ')}`);
  lines.push('');
  const after = (get) => (r) => get(r.after.tasks);
  const longest = (tasks) => tasks.reduce((most, task) => Math.max(most, task.duration), 0);
  lines.push(
    ...table(['reporting off', 'reporting on', 'ratio on / off'], off, on, [
      ['Bytes downloaded by the time the feedback was on screen, gzip as served (every response but the host page)', (r) => r.bytes, KB],
      ['Requests by then', (r) => r.resources.length, (x) => `${x}`],
      ["First question's radio buttons on screen, from navigation start (Start clicked at once)", (r) => r.question, ms],
      [`Total blocking time: Σ(long task − 50 ms), navigation start → first question on screen + ${SETTLE_MS / 1000} s`, (r) => r.tbt, ms],
      ['Check → feedback on screen (the "Correct" heading; the end of the frame that paints it)', (r) => r.feedback.shown, ms],
      ['Check → feedback in the DOM (MutationObserver, before it is painted)', (r) => r.feedback.dom, ms],
      [`Long tasks from the Check click to ${SETTLE_MS / 1000} s after it (the click's own task included): how many`, after((tasks) => tasks.length), (x) => `${x}`],
      ['Long tasks in that second: the longest (0 ms: none)', after(longest), ms],
      ['Long tasks in that second: total time', after((tasks) => tasks.reduce((sum, task) => sum + task.duration, 0)), ms],
      ['Total blocking time in that second: Σ(long task − 50 ms)', after((tasks) => tasks.reduce((sum, task) => sum + Math.max(0, task.duration - 50), 0)), ms],
      [`Check click → the first POST to \`${LRS_PATH}statements\` starts (Resource Timing \`startTime\`)`, (r) => r.after.posts[0]?.start, ms, false],
      [`Statements the stub LRS received within ${SETTLE_MS / 1000} s of the Check click`, (r) => r.after.inWindow, (x) => `${x}`, false],
      ['Statements it received in the whole run (with reporting on, the run waits for the first Check\'s two)', (r) => r.after.statements, (x) => `${x}`, false],
    ]),
  );
  lines.push('');
  const verbs = [...new Set(on.map((r) => r.after.verbs.join(', ')))].map((v) => v || 'none').join('; or ');
  const late = on.filter((r) => r.after.posts.length && r.after.posts[0].start > r.feedback.shown).length;
  const posts = on.filter((r) => r.after.posts.length).length;
  lines.push(
    `With reporting on, the stub received, run by run: ${verbs}. With it off: ${off.reduce((sum, r) => sum + r.after.statements, 0)} statements in all. ` +
      `The first POST started after the feedback was on screen in ${late} of the ${posts} runs with reporting on that made one (the statements are made in a task of their own once the page is idle, \`public/lrs.js\`, \`soon\`). ` +
      'The long-task rows count every task that overlaps the second after the click, the click\'s own task included: with reporting on, that second holds the reporting module\'s work (reading the stored progress, making the statements, sending them) as well as the widget\'s.',
  );
  lines.push('');
  return ending(
    lines,
    [...off, ...on],
    `The LRS is a stand-in in the bench's own server (\`lrsStub\` in run.mjs), not Ralph (which \`tests/browser/reporting.test.mjs\` uses): it answers POST \`${LRS_PATH}statements\` with 200 and the JSON array of the statements' ids, as xAPI 1.0.3 says an LRS does, and keeps only a count, ` +
      'so that no Python server shares the two cores with the browser being timed; the page sees the same-origin path an intranet\'s reverse proxy would give it. ' +
      'Bytes, "on screen" and long tasks are as in the notes to the comparison with quizdown; the bytes with reporting on include `lrs.js` and the reporting module, which the page loads at its start. ',
  );
}

// `--only` into an existing report: its sections (the part before the first `## ` heading, the
// comparison with quizdown, and each `## ` section) are kept, bar those this run replaces.
function merge(old, fresh) {
  const split = (text) => {
    const parts = text.split(/^(?=## )/m);
    const head = parts[0].startsWith('## ') ? '' : parts.shift();
    return { head, sections: parts.map((p) => ({ title: p.split('\n')[0], text: p })) };
  };
  const a = split(old);
  const b = split(fresh);
  const sections = a.sections.map((s) => b.sections.find((n) => n.title === s.title) ?? s);
  for (const n of b.sections) if (!a.sections.some((s) => s.title === n.title)) sections.push(n);
  const head = SECTIONS.has('quizdown') ? b.head : a.head;
  return [head, ...sections.map((s) => s.text)].map((t) => t.replace(/\n*$/, '\n')).join('\n');
}

// ---------------------------------------------------------------------------------------------

const started = new Date();
const load = [loadavg()[0]];
const server = await serve({
  routes: { ...pageRoutes, ...lrs.routes },
  mounts: [
    { prefix: '/bench/', dir: HERE },
    { prefix: '/quizdown/', dir: resolve(QUIZDOWN, 'public/build') },
    { prefix: '/', dir: dist },
  ],
});
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: FLAGS });
const version = browser.version();
const results = { cyberdrill: [], quizdown: [], none: [] };
// A run's long tasks in order, as their durations in ms; for cyberdrill, `|` comes before the
// task in which the page clicked Start.
function longTasks(r) {
  const click = r.click ?? Infinity;
  const durations = (tasks) => tasks.map((task) => Math.round(task.duration)).join(' ');
  const before = r.longtasks.filter((task) => task.start + task.duration < click);
  const after = r.longtasks.filter((task) => task.start + task.duration >= click);
  if (click === Infinity) return durations(before) || 'none';
  return `${durations(before)} | ${durations(after)}`.trim();
}
const failures = [];
const more = {
  'one widget': [],
  'ten widgets': [],
  'empty history': [],
  'five-year history': [],
  'markdown drill': [],
  'compiled drill': [],
  studio: [],
  'reporting off': [],
  'reporting on': [],
};
const moreFailures = { widgets: [], progress: [], markdown: [], studio: [], reporting: [] };
console.error(
  `bench: Chromium ${version}, bundle ${dist}, ${THROTTLE}× CPU throttling, ${WARMUP} warm-up run(s) of each page, then ` +
    [
      SECTIONS.has('quizdown') && `${RUNS} runs of each page against quizdown`,
      SECTIONS.has('widgets') && `${WIDGETS_RUNS} of one and ten widgets`,
      SECTIONS.has('progress') && `${PROGRESS_RUNS} with an empty and a five-year history`,
      SECTIONS.has('markdown') && `${MARKDOWN_RUNS} of a drill in Markdown and compiled`,
      SECTIONS.has('studio') && `${STUDIO_RUNS} of the studio, ${KEYSTROKES} keystrokes of each kind a run (${relative(ROOT, STUDIO_DRILL.path)})`,
      SECTIONS.has('reporting') && `${REPORTING_RUNS} of a drill with reporting off and on`,
    ]
      .filter(Boolean)
      .join(', '),
);
if (SECTIONS.has('quizdown') && RUNS < 10) console.error('bench: fewer than 10 runs of each page: the medians are rough');
if ((SECTIONS.has('widgets') || SECTIONS.has('progress')) && Math.min(WIDGETS_RUNS, PROGRESS_RUNS) < RUNS) {
  console.error('bench: the many-widget and five-year sections take fewer runs than the comparison (two thirds by default), to keep the bench near 10 minutes');
}
const KIB = (b) => `${(b / 1024).toFixed(1)} KB`;
try {
  for (let i = -WARMUP; SECTIONS.has('quizdown') && i < RUNS; i++) {
    for (const kind of ['cyberdrill', 'quizdown', 'none']) {
      const label = i < 0 ? `warm-up ${kind}` : `run ${i + 1}/${RUNS} ${kind}`;
      try {
        const r = await run(browser, server.origin, kind);
        if (kind === 'none') {
          console.error(`bench: ${label.padEnd(24)} no widget: TBT ${ms(r.tbt)} in its first ${BASELINE_MS / 1000} s`);
          if (i >= 0) results.none.push(r);
          continue;
        }
        console.error(
          `bench: ${label.padEnd(24)} ${KB(r.bytes).padStart(9)}  control ${ms(r.control).padStart(7)}  question ${ms(r.question).padStart(7)}  ` +
            `TBT ${ms(r.tbt).padStart(6)}  heap ${MB(r.heap)} + wasm ${MB(r.wasm)}  feedback ${ms(r.feedback.shown)} (${r.feedback.text.replace(/\s+/g, ' ').slice(0, 30)})` +
            `  long tasks ${longTasks(r)}`,
        );
        if (i >= 0) results[kind].push(r);
      } catch (error) {
        console.error(`bench: ${label} failed: ${error.message}`);
        if (i >= 0) failures.push(`${label}: ${error.message.split('\n')[0]}`);
      }
    }
  }
  for (const [section, n, kinds] of [
    ['widgets', WIDGETS_RUNS, ['one widget', 'ten widgets']],
    ['progress', PROGRESS_RUNS, ['empty history', 'five-year history']],
  ]) {
    for (let i = -WARMUP; SECTIONS.has(section) && i < n; i++) {
      for (const kind of kinds) {
        const label = i < 0 ? `warm-up ${kind}` : `run ${i + 1}/${n} ${kind}`;
        try {
          const r = await runMore(browser, server.origin, kind, { history: history.text, correct: progressAnswers });
          const tasks = r.longtasks.map((task) => Math.round(task.duration)).join(' ') || 'none';
          console.error(
            `bench: ${label.padEnd(30)} ` +
              (section === 'widgets'
                ? `${KB(r.bytes).padStart(9)} in ${r.requests} requests  first card ${ms(r.first).padStart(7)}  all ${ms(r.cards).padStart(7)}  ` +
                  `TBT ${ms(r.tbt).padStart(6)}  heap ${MB(r.heap)} + wasm ${MB(r.wasm)} (${r.wasmInstances} instances)  long tasks ${tasks}`
                : `stored ${KIB(r.stored.before?.learner ?? 0)} → ${KIB(r.stored.after?.learner ?? 0)}  card ${ms(r.cards).padStart(7)}  TBT ${ms(r.tbt).padStart(6)}  ` +
                  `check ${ms(r.check.shown)}  results ${ms(r.results.shown)} (${r.results.text.slice(0, 24)})  then longest ${ms(r.afterLongest)}  ` +
                  `heap ${MB(r.heap)} + wasm ${MB(r.wasm)}  long tasks ${tasks}`),
          );
          if (i >= 0) more[kind].push(r);
        } catch (error) {
          console.error(`bench: ${label} failed: ${error.message}`);
          if (i >= 0) moreFailures[section].push(`${label}: ${error.message.split('\n')[0]}`);
        }
      }
    }
  }
  for (let i = -WARMUP; SECTIONS.has('markdown') && i < MARKDOWN_RUNS; i++) {
    for (const kind of ['markdown drill', 'compiled drill']) {
      const label = i < 0 ? `warm-up ${kind}` : `run ${i + 1}/${MARKDOWN_RUNS} ${kind}`;
      try {
        const r = await run(browser, server.origin, kind, { path: pageUrl(MARKDOWN_PAGES[kind]), as: 'cyberdrill' });
        console.error(
          `bench: ${label.padEnd(30)} ${KB(r.bytes).padStart(9)} in ${r.resources.length} requests  card ${ms(r.control).padStart(7)}  ` +
            `Start → question ${ms(r.startToQuestion).padStart(6)}  TBT ${ms(r.tbt).padStart(6)}  heap ${MB(r.heap)} + wasm ${MB(r.wasm)} (${r.wasmInstances} instances)  ` +
            `feedback ${ms(r.feedback.shown)}  long tasks ${longTasks(r)}`,
        );
        if (i >= 0) more[kind].push(r);
      } catch (error) {
        console.error(`bench: ${label} failed: ${error.message}`);
        if (i >= 0) moreFailures.markdown.push(`${label}: ${error.message.split('\n')[0]}`);
      }
    }
  }
  for (let i = -WARMUP; SECTIONS.has('studio') && i < STUDIO_RUNS; i++) {
    const label = i < 0 ? 'warm-up studio' : `run ${i + 1}/${STUDIO_RUNS} studio`;
    try {
      const r = await runStudio(browser, server.origin, STUDIO_DRILL);
      const list = (ks) => ks.map((k) => Math.round(k.shown)).join(' ');
      console.error(
        `bench: ${label.padEnd(30)} ${KB(r.bytes).padStart(9)} in ${r.requests} requests  "Open files" ${ms(r.usable).padStart(7)}  ` +
          `key → problems ${ms(median(r.problems.map((k) => k.shown)))} [${list(r.problems)}]  key → preview ${ms(median(r.preview.map((k) => k.shown)))} [${list(r.preview)}]`,
      );
      if (i >= 0) more.studio.push(r);
    } catch (error) {
      console.error(`bench: ${label} failed: ${error.message}`);
      if (i >= 0) moreFailures.studio.push(`${label}: ${error.message.split('\n')[0]}`);
    }
  }
  for (let i = -WARMUP; SECTIONS.has('reporting') && i < REPORTING_RUNS; i++) {
    for (const kind of ['reporting off', 'reporting on']) {
      const label = i < 0 ? `warm-up ${kind}` : `run ${i + 1}/${REPORTING_RUNS} ${kind}`;
      try {
        const r = await runReporting(browser, server.origin, kind);
        const tasks = r.after.tasks.map((task) => Math.round(task.duration)).join(' ') || 'none';
        const post = r.after.posts[0];
        console.error(
          `bench: ${label.padEnd(30)} ${KB(r.bytes).padStart(9)} in ${r.resources.length} requests  question ${ms(r.question).padStart(7)}  ` +
            `feedback ${ms(r.feedback.shown)} (DOM ${ms(r.feedback.dom)})  long tasks in the second after Check ${tasks}  ` +
            `first POST ${post ? `at ${ms(post.start)}` : 'none'}  statements ${r.after.inWindow} within 1 s, ${r.after.statements} in all (${r.after.verbs.join(', ') || 'none'})`,
        );
        if (i >= 0) more[kind].push(r);
      } catch (error) {
        console.error(`bench: ${label} failed: ${error.message}`);
        if (i >= 0) moreFailures.reporting.push(`${label}: ${error.message.split('\n')[0]}`);
      }
    }
  }
} finally {
  await browser.close();
  await server.close();
}

const missing = [
  SECTIONS.has('quizdown') && (!results.cyberdrill.length || !results.quizdown.length),
  SECTIONS.has('widgets') && (!more['one widget'].length || !more['ten widgets'].length),
  SECTIONS.has('progress') && (!more['empty history'].length || !more['five-year history'].length),
  SECTIONS.has('markdown') && (!more['markdown drill'].length || !more['compiled drill'].length),
  SECTIONS.has('studio') && !more.studio.length,
  SECTIONS.has('reporting') && (!more['reporting off'].length || !more['reporting on'].length),
].some(Boolean);
if (missing) {
  console.error('bench: no successful run of one of the pages; nothing to report');
  process.exit(1);
}
load.push(loadavg()[0]);
const markdown = [
  SECTIONS.has('quizdown')
    ? report({ version, cd: results.cyberdrill, qd: results.quizdown, none: results.none, failures, started, load })
    : header({ version, started, load }),
  SECTIONS.has('widgets') && reportWidgets({ one: more['one widget'], ten: more['ten widgets'], failures: moreFailures.widgets }),
  SECTIONS.has('progress') && reportProgress({ empty: more['empty history'], years: more['five-year history'], failures: moreFailures.progress }),
  SECTIONS.has('markdown') &&
    reportMarkdown({ md: more['markdown drill'], json: more['compiled drill'], failures: moreFailures.markdown, run: { version, started, load } }),
  SECTIONS.has('studio') && reportStudio({ runs: more.studio, failures: moreFailures.studio, run: { version, started, load } }),
  SECTIONS.has('reporting') &&
    reportReporting({ off: more['reporting off'], on: more['reporting on'], failures: moreFailures.reporting, run: { version, started, load } }),
]
  .filter(Boolean)
  .join('\n');
console.log(markdown);
const partial = ALL_SECTIONS.some((s) => !SECTIONS.has(s)) && existsSync(args.out);
await writeFile(args.out, partial ? merge(readFileSync(args.out, 'utf8'), markdown) : markdown);
if (partial) console.error(`bench: --only: the sections run replace theirs in ${args.out}; the others are kept`);
console.error(`bench: wrote ${relative(process.cwd(), args.out) || args.out}`);
