// Shared helpers for the browser tests: one headless Chromium per test file, the bundle
// served on loopback, and what every test wants to know about a page (its errors, axe).

import { readFile } from 'node:fs/promises';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

import { DIST, serve } from './server.mjs';

export { DIST, serve };

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

export const ARTIFACTS = new URL('./artifacts/', import.meta.url).pathname;

/// Launches Debian's Chromium headless with a fresh profile.
export function launch() {
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

/// Opens a page in a fresh context and records what went wrong on it: uncaught errors,
/// console errors and CSP violations.
export async function open(browser, url, { viewport = { width: 1280, height: 900 }, context = {}, init } = {}) {
  const ctx = await browser.newContext({ viewport, ...context });
  if (init) await ctx.addInitScript(init);
  await ctx.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const page = await ctx.newPage();
  const problems = { errors: [], console: [] };
  page.on('pageerror', (error) => problems.errors.push(error.message));
  page.on('console', (message) => message.type() === 'error' && problems.console.push(message.text()));
  page.problems = problems;
  page.violations = () => page.evaluate(() => window.__violations);
  if (url) await page.goto(url);
  return page;
}

let axeSource;

/// Runs axe-core on the widget (inside its shadow root) and returns the violations, each as
/// `rule: target` lines, so a failing assertion says what is wrong.
export async function axe(page, host = 'cyber-drill') {
  axeSource ??= await readFile(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
  // Evaluated through DevTools, so it runs even on a page whose CSP forbids inline scripts.
  await page.evaluate(`${axeSource}\n;void 0`);
  const result = await page.evaluate(async (host) => {
    const results = await window.axe.run(
      // [[a, b]] would mean "b inside iframe a"; a shadow root needs fromShadowDom.
      { include: [{ fromShadowDom: [host, '.cyberdrill'] }] },
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

/// FNV-1a (64-bit) as 16 hex digits, as `cyberdrill::catalog::content_hash`.
export function contentHash(bytes) {
  let hash = 0xcbf29ce484222325n;
  for (const b of bytes) hash = BigInt.asUintN(64, (hash ^ BigInt(b)) * 0x100000001b3n);
  return hash.toString(16).padStart(16, '0');
}

/// What a test needs to know of a drill file to answer it: each question's prompt, its
/// choices (label, correct) and its red flags' texts. Enough of the format for our content.
export async function readDrill(path) {
  const text = await readFile(new URL(`../../content/${path}.md`, import.meta.url), 'utf8');
  const questions = [];
  for (const section of text.split(/^## /m).slice(1)) {
    const prompt = section.split('\n')[0].replace(/\s*\{#[^}]*\}\s*$/, '').trim();
    const choices = [...section.matchAll(/^- \[( |x)\] (.*)$/gm)].map((m) => ({ label: m[2].trim(), correct: m[1] === 'x' }));
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
