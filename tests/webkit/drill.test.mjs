// The widget in WebKit (WebKitGTK's MiniBrowser, Safari's engine family): a drill taken from
// card to summary by real clicks, its result stored; and a reload mid-drill that resumes. The
// full suite runs in Chromium and Firefox (tests/browser); this proves the same bundle works
// in the third engine NHS staff meet, on iPads.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { DIST, serve } from '../browser/harness.mjs';
import { webkit } from './webdriver.mjs';

const ID = 'devices/usb-in-car-park';
const HISTORY = 'cyberdrill:v1:device:history';

/// Records what goes wrong on the page, before any other script runs.
const ERRORS = `window.__errors = [];
addEventListener('error', (e) => __errors.push(String(e.message)));
addEventListener('unhandledrejection', (e) => __errors.push(String(e.reason)));`;

const PAGE = `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>WebKit host</title>
<script src="/errors.js"></script><script type="module" src="/cyberdrill.js"></script></head>
<body><main><h1>WebKit host</h1><cyber-drill drill="${ID}"></cyber-drill></main></body></html>`;

// In-page scripts (WebDriver runs each as a function body, with `arguments`).
const ROOT = "const root = document.querySelector('cyber-drill')?.shadowRoot;";
/// The enabled button whose text matches arguments[0] (a regular expression's source).
const BUTTON = `${ROOT} const pattern = new RegExp(arguments[0]);
return [...(root?.querySelectorAll('button') ?? [])].find((b) => pattern.test(b.textContent.trim()) && !b.disabled) ?? null;`;
/// The first answer on the question's screen: a choice, or a part of a message.
const FIRST_ANSWER = `${ROOT} return root?.querySelector('fieldset input, fieldset button[aria-pressed]') ?? null;`;
/// The text of the heading at level arguments[0], if it matches arguments[1].
const HEADING = `${ROOT} const pattern = new RegExp(arguments[1]);
const text = root?.querySelector('h' + arguments[0])?.textContent.trim() ?? '';
return pattern.test(text) ? text : null;`;

let server;
let browser;
before(async () => {
  server = await serve({
    mounts: [{ prefix: '/', dir: DIST }],
    routes: {
      '/errors.js': (req, res) => res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(ERRORS),
      '/drill.html': (req, res) => res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(PAGE),
    },
  });
  browser = await webkit();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/// From the card to the first question, past the scenario if the drill has one.
async function begin() {
  await browser.click(BUTTON, '^Start$');
  await browser.waitFor(BUTTON, '^(Start the questions|Check)$');
  if (await browser.run(BUTTON, '^Start the questions$')) await browser.click(BUTTON, '^Start the questions$');
}

/// Answers the question on screen with its first answer and waits for the feedback.
async function answer() {
  await browser.waitFor(BUTTON, '^Check$');
  await browser.click(FIRST_ANSWER);
  await browser.click(BUTTON, '^Check$');
  await browser.waitFor(HEADING, 4, '^\\S*\\s*(Correct|Not quite|Partly right)$');
}

test('a drill from card to summary by real clicks in WebKit, its result stored, no error', async () => {
  await browser.go(`${server.origin}/drill.html`);
  await begin();
  for (;;) {
    await answer();
    const last = await browser.run(BUTTON, '^See your results$');
    await browser.click(BUTTON, '^(Next question|See your results)$');
    if (last) break;
  }
  await browser.waitFor(HEADING, 2, '^(Drill complete|Well done: all correct)$');
  const summary = await browser.run(`${ROOT} return root.textContent;`);
  assert.match(summary, /You answered \d of \d questions right\./);
  const history = JSON.parse(await browser.run('return localStorage.getItem(arguments[0]);', HISTORY));
  assert.deepEqual(history.attempts.map((a) => a.drill), [ID]);
  assert.deepEqual(await browser.run('return window.__errors;'), []);
});

test('a reload mid-drill in WebKit offers to resume at the next question', async () => {
  await browser.run('localStorage.clear();');
  await browser.go(`${server.origin}/drill.html`);
  await begin();
  await answer();
  await browser.reload();
  const resume = await browser.waitFor(`${ROOT} return [...(root?.querySelectorAll('button') ?? [])].map((b) => b.textContent.trim()).find((t) => t.startsWith('Resume')) ?? null;`);
  assert.match(resume, /^Resume \(question 2 of \d\)$/);
  assert.deepEqual(await browser.run('return window.__errors;'), []);
});
