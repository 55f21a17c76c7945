#!/usr/bin/env node
// The side-by-side benchmark (issue 7): cyberdrill against quizdown 0.4.1, the same four
// pick-one questions, in one headless Chromium on loopback with 4× CPU throttling.
//
//   node tests/bench/run.mjs [--runs N] [--warmup N] [--dist DIR] [--out FILE]
//   ./dev bench [--runs N]          (builds dist/ first)
//
// A benchmark, not a test: it reports what it measured and never fails on a timing. It exits
// non-zero only when it could not measure (no bundle, a run that never showed the question).
//
// Each run is a fresh browser context (an empty HTTP cache, so everything is downloaded) with
// its own DevTools session for the throttling. Runs alternate: cyberdrill, quizdown, then the
// same host page with no widget (the calibration for long tasks). What each row of the table
// measures is written in the table itself; the in-page instrumentation is `instrument` below,
// added with addInitScript so it runs before any of the page's scripts.

import { deepStrictEqual } from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { chromium } from 'playwright-core';

import { FLAGS, contentHash } from '../browser/harness.mjs';
import { DIST, serve } from '../browser/server.mjs';

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
  },
});
const RUNS = Number(args.runs);
const WARMUP = Number(args.warmup);
const dist = resolve(args.dist);
if (!Number.isInteger(RUNS) || RUNS < 1 || !Number.isInteger(WARMUP) || WARMUP < 0) {
  console.error('usage: node tests/bench/run.mjs [--runs N] [--warmup N] [--dist DIR] [--out FILE]');
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

const drillBytes = readFileSync(DRILL);
const catalogEntry = JSON.parse(readFileSync(CATALOG, 'utf8')).drills[0];
if (catalogEntry.hash !== contentHash(readFileSync(COMPILED))) {
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
  quizdownQuestions(readFileSync(resolve(HERE, 'pages/quizdown.html'), 'utf8')),
  questions,
  'tests/bench/pages/quizdown.html must hold the questions and choices of the bench drill, word for word',
);
if (questions.length !== 4 || questions.some((q) => q.choices.filter((c) => c.correct).length !== 1)) {
  throw new Error('the bench drill must have 4 pick-one questions');
}
const CORRECT = questions[0].choices.findIndex((c) => c.correct);

// ---------------------------------------------------------------------------------------------
// In the page (added with addInitScript, so it runs before the page's own scripts).

function instrument({ kind, settle, correct, done: DONE }) {
  const B = (window.__bench = { kind, t: {}, longtasks: [], memories: [], notes: [] });
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

  const root = () => document.querySelector(kind === 'cyberdrill' ? 'cyber-drill' : '.quizdown')?.shadowRoot;
  const shown = (el) => Boolean(el?.isConnected && el.checkVisibility());
  const all = (selector) => [...(root()?.querySelectorAll(selector) ?? [])];
  const withText = (selector, pattern) => all(selector).find((el) => pattern.test(el.textContent));

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
  if (kind === 'none') {
    // The host page with no widget, watched the same way for something that never comes: the
    // long tasks of the page and of this instrumentation alone.
    frame(() => null);
    setTimeout(() => console.debug(DONE), settle);
    return;
  }

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
      inputs[correct].click();
      await frame(() => inputs[correct].checked);
      const check = withText('.question button', /^\s*Check\s*$/);
      const heading = () => withText('h4', /Correct|Not quite/);
      const seen = mutation(root(), heading);
      const t0 = now();
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
const PAGES = {
  cyberdrill: '/bench/pages/cyberdrill.html',
  quizdown: '/bench/pages/quizdown.html',
  none: '/bench/pages/none.html',
};
const BASELINE_MS = 3000; // how long the page with no widget is watched

function withTimeout(promise, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, fail) => {
      timer = setTimeout(() => fail(new Error(`${what}: no answer in ${RUN_TIMEOUT_MS / 1000} s`)), RUN_TIMEOUT_MS);
    }),
  ]);
}

async function run(browser, origin, kind) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const settle = kind === 'none' ? BASELINE_MS : SETTLE_MS;
    await context.addInitScript(instrument, { kind, settle, correct: CORRECT, done: DONE });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });

    const loaded = page.waitForEvent('console', { predicate: (m) => m.text().startsWith(DONE), timeout: RUN_TIMEOUT_MS });
    await page.goto(origin + PAGES[kind], { waitUntil: 'commit' });
    const message = await loaded.catch(() => {
      throw new Error(`${kind}: the first question was not shown within ${RUN_TIMEOUT_MS / 1000} s`);
    });
    if (message.text() !== DONE) throw new Error(`${kind}: ${message.text()}`);
    const t = await page.evaluate(() => window.__bench.t);
    const longtasks = await page.evaluate(() => window.__bench.longtasks);
    if (kind === 'none') {
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
    const { page: host, resources } = await page.evaluate(() => window.__bench.resources());
    const notes = await page.evaluate(() => window.__bench.notes);
    const uaMemory = await page.evaluate(() => window.__bench.uaMemory);

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
      click: kind === 'cyberdrill' ? t.click : null,
      startToQuestion: kind === 'cyberdrill' ? t.question - t.click : null,
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
    };
  } finally {
    await context.close();
  }
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

function report({ version, cd, qd, none, failures, started, load }) {
  const row = (what, get, format, target = '—') => {
    const a = stat(cd, get, format);
    const b = stat(qd, get, format);
    return { line: `| ${what} | ${a.text} | ${b.text} | ${ratio(a, b)} | ${typeof target === 'function' ? target(a, b) : target} |`, a, b };
  };
  const met = (ok) => (ok ? '**met**' : '**not met**');
  const lines = [];
  const commit = (() => {
    try {
      const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
      const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: ROOT, encoding: 'utf8' }).trim() ? ' plus uncommitted changes' : '';
      return `${head}${dirty}`;
    } catch {
      return 'unknown';
    }
  })();
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
  lines.push('Both pages hold the same 4 pick-one questions with the same choices (`tests/bench/content/bench/four-questions.md`; `tests/bench/pages/quizdown.html`). Figures are medians, with the lowest and highest run in brackets. Ratio = cyberdrill / quizdown.');
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
      `Calibration: the same host page with no widget (\`tests/bench/pages/none.html\`), same instrumentation, ${none.length} runs: total blocking time ${stat(none, (r) => r.tbt, ms).text}, long tasks ${stat(none, (r) => r.longTotal, ms).text} in its first ${BASELINE_MS / 1000} s.`,
  );
  if (errors.length) lines.push(`6. Errors the pages logged: ${errors.join('; ')}`);
  if (notes.length) lines.push(`7. Instrumentation notes: ${notes.join('; ')}`);
  lines.push('');
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------

const started = new Date();
const load = [loadavg()[0]];
const server = await serve({
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
console.error(`bench: Chromium ${version}, bundle ${dist}, ${WARMUP} warm-up + ${RUNS} runs of each page, ${THROTTLE}× CPU throttling`);
if (RUNS < 10) console.error('bench: fewer than 10 runs of each page: the medians are rough');
try {
  for (let i = -WARMUP; i < RUNS; i++) {
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
} finally {
  await browser.close();
  await server.close();
}

if (!results.cyberdrill.length || !results.quizdown.length) {
  console.error('bench: no successful run of one of the pages; nothing to report');
  process.exit(1);
}
load.push(loadavg()[0]);
const markdown = report({ version, cd: results.cyberdrill, qd: results.quizdown, none: results.none, failures, started, load });
console.log(markdown);
await writeFile(args.out, markdown);
console.error(`bench: wrote ${relative(process.cwd(), args.out) || args.out}`);
