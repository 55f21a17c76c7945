// Shared helpers for the browser tests: one headless browser per test file, the bundle
// served on loopback, and what every test wants to know about a page (its errors, axe).
//
// Every test is written once and runs in two engines: Debian's Chromium (Playwright over the
// DevTools protocol) and Debian's Firefox ESR (Playwright over WebDriver BiDi, its `moz-firefox`
// channel, which drives a stock Firefox). CYBERDRILL_BROWSER picks one; `./dev test` runs both.

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { after, before } from 'node:test';
import { chromium, firefox } from 'playwright-core';

import { DIST, serve } from './server.mjs';
import { eventually, WAIT_MS } from './wait.mjs';

export { DIST, eventually, serve, WAIT_MS };

/// Flags that work on this machine kind (no GPU, no network beyond loopback).
export const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/// The engine under test: `chromium` (the default) or `firefox`.
export const BROWSER = process.env.CYBERDRILL_BROWSER ?? 'chromium';
if (!['chromium', 'firefox'].includes(BROWSER)) throw new Error(`CYBERDRILL_BROWSER=${BROWSER}: expected chromium or firefox`);

/// Where tests leave screenshots, one folder per engine.
export const ARTIFACTS = new URL(`./artifacts/${BROWSER}/`, import.meta.url).pathname;

/// Launches the engine under test headless, with a fresh profile.
export function launch() {
  if (BROWSER === 'firefox') {
    // Playwright's own Firefox is a patched build it downloads; `moz-firefox` is the stock one,
    // driven over WebDriver BiDi.
    return firefox.launch({ channel: 'moz-firefox', executablePath: '/usr/bin/firefox-esr', headless: true });
  }
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: FLAGS });
}

/// Registers one browser and one server of dist/ (plus `options`) for the test file; the
/// returned object's `browser` and `origin` are set before the first test runs.
export function setup(options = {}) {
  const env = {};
  before(async () => {
    env.browser = await launch();
    env.server = await serve({ mounts: [{ prefix: '/', dir: DIST }], ...options });
    env.origin = env.server.origin;
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}

/// The time every page's clock starts at (Unix ms): Playwright's clock is installed in each
/// context before its first page, so nothing a test checks depends on the day or hour it runs,
/// and a test that needs a timer to fire moves the page's clock on (`page.clock.fastForward`)
/// instead of waiting for it. From here, time flows as it would.
export const NOW = Date.parse('2026-11-28T09:00:00Z');

/// A fresh browser context whose pages' clocks start at [NOW].
export async function newContext(browser, options = {}) {
  const ctx = await browser.newContext(options);
  await ctx.clock.install({ time: NOW });
  return ctx;
}

/// Opens a page in a fresh context (see `newContext`) and records what went wrong on it:
/// uncaught errors, console errors and CSP violations.
export async function open(browser, url, { viewport = { width: 1280, height: 900 }, context = {}, init } = {}) {
  const ctx = await newContext(browser, { viewport, ...context });
  if (init) await ctx.addInitScript(init);
  if (BROWSER === 'firefox') {
    // See `download`: each blob URL's blob, and what an `<a download>` click offered.
    await ctx.addInitScript(() => {
      const blobs = new Map();
      const create = URL.createObjectURL;
      URL.createObjectURL = (blob) => {
        const url = create.call(URL, blob);
        blobs.set(url, blob);
        return url;
      };
      const click = HTMLAnchorElement.prototype.click;
      HTMLAnchorElement.prototype.click = function () {
        if (this.download && blobs.has(this.href)) (window.__downloads ??= []).push({ name: this.download, blob: blobs.get(this.href) });
        return click.call(this);
      };
    });
  }
  await ctx.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const page = await ctx.newPage();
  const problems = { errors: [], console: [], log: [] };
  page.on('pageerror', (error) => {
    // Firefox reports a response refused by CORS as a script error; Chromium, like any
    // network failure, as a console error. Either way it is the browser's report, not an
    // error thrown by the page's scripts, so it goes with the console errors.
    if (BROWSER === 'firefox' && /^The Same Origin Policy disallows reading the remote resource/.test(error.message)) {
      problems.console.push(error.message);
    } else {
      problems.errors.push(error.message);
    }
  });
  page.on('console', (message) => {
    problems.log.push(message.text());
    if (message.type() === 'error') problems.console.push(message.text());
  });
  page.problems = problems;
  page.violations = () => page.evaluate(() => window.__violations);
  if (url) await page.goto(url);
  return page;
}

/// Clicks `button` and returns the file the page offered as a download: `{ name, text }`.
/// Chromium saves it and Playwright hands it over. Firefox ESR 153 does not report downloads
/// over WebDriver BiDi, so there the file is taken from the page as it is offered: the blob
/// behind the `<a download>` link it clicks (what Firefox would save), recorded by `open`.
export async function download(page, button) {
  if (BROWSER === 'firefox') {
    await button.click();
    return eventually(() =>
      page.evaluate(async () => {
        const offered = window.__downloads?.at(-1);
        if (!offered) throw new Error('the page offered no download');
        return { name: offered.name, text: await offered.blob.text() };
      }),
    );
  }
  const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
  return { name: file.suggestedFilename(), text: await readFile(await file.path(), 'utf8') };
}

/// Waits until the page has logged a console message (of any level) matching `pattern`, and
/// returns the match.
export const logged = (page, pattern) =>
  eventually(() => {
    const found = page.problems.log.map((m) => m.match(pattern)).find(Boolean);
    if (!found) throw new Error(`no console message matches ${pattern}:\n${page.problems.log.join('\n')}`);
    return found;
  });

let axeSource;

/// Runs axe-core on the widget (inside its shadow root) and returns the violations, each as
/// `rule: target` lines, so a failing assertion says what is wrong.
export async function axe(page, host = 'cyber-drill') {
  // `host` null: the whole page (the studio), not a widget's shadow root.
  axeSource ??= await readFile(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
  // Evaluated through DevTools, so it runs even on a page whose CSP forbids inline scripts.
  await page.evaluate(`${axeSource}\n;void 0`);
  const result = await page.evaluate(async (host) => {
    const results = await window.axe.run(
      // [[a, b]] would mean "b inside iframe a"; a shadow root needs fromShadowDom.
      host ? { include: [{ fromShadowDom: [host, '.cyberdrill'] }] } : document,
      { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } },
    );
    if (results.passes.length === 0) return ['axe inspected nothing: the widget is not where axe looked'];
    return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }, host);
  return result;
}

/// The widget's root section, found by its accessible name.
export function drill(page, n = 0) {
  return page.locator('cyber-drill').nth(n).getByRole('region', { name: 'Cyber drill' });
}

/// Presses Tab until `locator` has focus (at most `max` times); true if it got there.
export async function tabTo(page, locator, max = 40) {
  for (let i = 0; i < max; i++) {
    if (await locator.evaluate((el) => el.getRootNode().activeElement === el || document.activeElement === el).catch(() => false)) return true;
    await page.keyboard.press('Tab');
  }
  return locator.evaluate((el) => el.getRootNode().activeElement === el).catch(() => false);
}

/// SHA-256 as 64 hex digits, as `cyberdrill::catalog::content_hash`.
export function contentHash(bytes) {
  return createHash('sha256').update(bytes).digest('hex');
}

/// What a test needs to know of a drill file to answer it: each question's prompt, its
/// choices (label, correct) and its red flags' texts. Enough of the format for our content.
export async function readDrill(path) {
  // The drill's words as a learner reads them: its {{names}} filled from the library's
  // settings, as the widget fills them from the catalog's.
  const settings = await readFile(new URL('../../content/settings.yml', import.meta.url), 'utf8');
  const values = Object.fromEntries([...settings.matchAll(/^([a-z][a-z0-9_]*): (.*)$/gm)].map((m) => [m[1], m[2].trim()]));
  const text = (await readFile(new URL(`../../content/${path}.md`, import.meta.url), 'utf8')).replace(/\{\{\s*([a-z0-9_]+)\s*\}\}/g, (_, name) => values[name] ?? name.replaceAll('_', ' '));
  const questions = [];
  for (const section of text.split(/^## /m).slice(1)) {
    const prompt = section.split('\n')[0].replace(/\s*\{#[^}]*\}\s*$/, '').trim();
    const choices = [...section.matchAll(/^- \[( |x)\] (.*)$/gm)].map((m) => ({ label: m[2].replace(/\s*\{\.pin\}$/, '').trim(), correct: m[1] === 'x' }));
    const flags = [...section.matchAll(/\[\[([^|\]]+)\|/g)].map((m) => m[1].trim());
    questions.push({ prompt, choices, flags });
  }
  const title = text.match(/^title: (.*)$/m)[1].trim();
  return { title, questions };
}

/// A host page holding `body` (widgets), loading the bundle from the root.
export function hostPage(body, { title = 'Host page' } = {}) {
  return (req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title><script type="module" src="/cyberdrill.js"></script></head><body><main><h1>${title}</h1>${body}</main></body></html>`);
  };
}

/// Takes the drill in `widget` from its card to the summary, choosing the first choice, and
/// returns the "See your results" button (or, with `stopBefore: null`, presses it).
export async function takeDrill(widget, { stopBefore = 'results' } = {}) {
  await widget.getByRole('button', { name: 'Start', exact: true }).click();
  // A drill with a scenario shows it first; wait for whichever comes, then go past it.
  const begin = widget.getByRole('button', { name: 'Start the questions' });
  await begin.or(widget.getByRole('button', { name: 'Check' })).waitFor();
  if (await begin.isVisible()) await begin.click();
  for (;;) {
    await widget.getByRole('button', { name: 'Check' }).waitFor();
    await widget.locator('input').first().check();
    await widget.getByRole('button', { name: 'Check' }).click();
    const next = widget.getByRole('button', { name: /Next question|See your results/ });
    if ((await next.innerText()) === 'See your results') {
      if (stopBefore === 'results') return next;
      await next.click();
      return null;
    }
    await next.click();
  }
}

/// Like `download`, for a binary file: `{ name, bytes }`, the bytes a Buffer.
export async function downloadBytes(page, button) {
  if (BROWSER === 'firefox') {
    await button.click();
    const { name, bytes } = await eventually(() =>
      page.evaluate(async () => {
        const offered = window.__downloads?.at(-1);
        if (!offered) throw new Error('the page offered no download');
        return { name: offered.name, bytes: [...new Uint8Array(await offered.blob.arrayBuffer())] };
      }),
    );
    return { name, bytes: Buffer.from(bytes) };
  }
  const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
  return { name: file.suggestedFilename(), bytes: await readFile(await file.path()) };
}
