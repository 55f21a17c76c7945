// The embedding contract (docs/embedding.md): the widget on real host pages that are hostile,
// strict, busy, split across origins or broken, and the iframe page for CMSs without scripts.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { join } from 'node:path';

import { DIST, axe, drill, eventually, hostPage, logged, open, serve, setup, WAIT_MS } from './harness.mjs';

const PAGES = new URL('./pages/', import.meta.url).pathname;
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
const STRICT = new Set(['/pages/csp.html', '/pages/iframe-host.html', '/embed.html']);
// The strict CSP, and Trusted Types enforced with the policy docs/embedding.md names.
const TRUSTED_TYPES = `${CSP}; require-trusted-types-for 'script'; trusted-types cyberdrill`;
const FAILED = 'This drill could not be loaded. Your progress is safe.';
const TITLES = Object.fromEntries(
  JSON.parse(readFileSync(join(DIST, 'content/catalog.json'), 'utf8')).drills.map((d) => [d.id, d.title]),
);

// The second origin: the bundle's content, once with the CORS header and once without.
let content;
before(async () => {
  content = await serve({
    mounts: [
      { prefix: '/cors/', dir: join(DIST, 'content') },
      { prefix: '/no-cors/', dir: join(DIST, 'content') },
    ],
    headers: (path) => (path.startsWith('/cors/') ? { 'Access-Control-Allow-Origin': '*' } : {}),
  });
});
after(() => content?.close());

/// Serves pages/`file` with {{CONTENT}} replaced by `folder()`.
const templated = (file, folder) => (req, res) =>
  res
    .writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
    .end(readFileSync(join(PAGES, file), 'utf8').replaceAll('{{CONTENT}}', folder()));

const SIGN_IN = '<!doctype html>\n<html><head><title>Sign in</title></head><body><h1>Sign in to continue</h1></body></html>\n';
// A compiled drill that is not the trust's: carried in a data: URL.
const LOOKALIKE = JSON.parse(readFileSync(join(DIST, 'content/phishing/lookalike-sender.json'), 'utf8'));
const EVIL = JSON.stringify({ ...LOOKALIKE, drill: { ...LOOKALIKE.drill, title: 'Evil drill' } });
const EVIL_URL = `data:application/json,${encodeURIComponent(EVIL)}`;
const HUGE = `{"format":2,"drill":{"id":"broken/huge","title":"${'All work and no play. '.repeat(14_000)}"}}\n`;

/// Every request the main server answered: its path and query, and its Referer.
const requests = [];
const json = (body) => (req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body()));

const env = setup({
  mounts: [
    { prefix: '/pages/', dir: PAGES },
    { prefix: '/static/tools/cyberdrill/', dir: DIST },
    { prefix: '/', dir: DIST },
  ],
  headers: (path, req) => {
    requests.push({ url: req.url, referer: req.headers.referer ?? '' });
    if (path === '/trusted-types.html') return { 'Content-Security-Policy': TRUSTED_TYPES };
    return STRICT.has(path) ? { 'Content-Security-Policy': CSP } : {};
  },
  routes: {
    '/favicon.ico': (req, res) => res.writeHead(204).end(),
    // What a web team lists beside embed.html: its intranet (for report-url), or its content server.
    '/embed-origins.json': json(() => ({ origins: ['https://intranet.example'] })),
    '/static/tools/cyberdrill/embed-origins.json': json(() => ({ origins: [`${content.origin}/`] })),
    '/trusted-types.html': hostPage('<cyber-drill drill="phishing/lookalike-sender"></cyber-drill>', { title: 'Trusted Types' }),
    '/one.html': hostPage('<cyber-drill drill="phishing/lookalike-sender"></cyber-drill>', { title: 'One widget' }),
    '/data-url.html': hostPage(`<cyber-drill src="${EVIL_URL}"></cyber-drill><cyber-drill content="data:application/json,{}"></cyber-drill>`, { title: 'Drills in data: URLs' }),
    '/not-urls.html': hostPage('<cyber-drill drill="phishing/lookalike-sender" report-url="http://["></cyber-drill><cyber-drill content="http://["></cyber-drill>', { title: 'Not URLs' }),
    '/hostile-drill.html': hostPage('<cyber-drill src="/pages/hostile-drill.json"></cyber-drill>', { title: 'Tampered drill' }),
    '/intranet/cyber.html': templated('subpath.html', () => `${content.origin}/cors/`),
    '/intranet/cyber-no-cors.html': templated('subpath.html', () => `${content.origin}/no-cors/`),
    // A single sign-on page where the drill should be, as the server labels it and as text.
    '/pages/broken/sign-in.json': (req, res) => res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(SIGN_IN),
    '/pages/broken/sign-in-as-text.json': (req, res) => res.writeHead(200, { 'Content-Type': 'text/plain' }).end(SIGN_IN),
    // Over 256 KiB, with a Content-Length and streamed without one.
    '/pages/broken/huge.json': (req, res) =>
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(HUGE) }).end(HUGE),
    '/pages/broken/huge-streamed.json': (req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      for (let i = 0; i < HUGE.length; i += 16_384) res.write(HUGE.slice(i, i + 16_384));
      res.end();
    },
    // Never answers; the server's close() drops the connection.
    '/pages/broken/hang.json': () => {},
  },
});

const startButton = (widget) => widget.getByRole('button', { name: 'Start', exact: true });

/// Starts the drill on offer, through its scenario if it has one, to the first question.
async function begin(widget) {
  await startButton(widget).click();
  const scenario = widget.getByRole('button', { name: 'Start the questions' });
  const first = widget.getByText(/^Question 1 of \d+$/);
  await scenario.or(first).first().waitFor();
  if (await scenario.isVisible()) await scenario.click();
  return Number((await first.innerText()).match(/of (\d+)/)[1]);
}

/// Answers the question on screen with its first choice, or the first part of its message.
async function answer(widget) {
  const question = widget.getByRole('group').first();
  await question.getByRole('radio').or(question.getByRole('checkbox')).or(question.getByRole('button')).first().click();
  await widget.getByRole('button', { name: 'Check', exact: true }).click();
  await widget.getByRole('heading', { level: 4, name: /^(Correct|Not quite|Partly right)$/ }).waitFor();
}

/// Starts the drill on offer and answers every question, through to the summary.
async function runDrill(widget) {
  const total = await begin(widget);
  for (let n = 1; n <= total; n++) {
    await widget.getByText(`Question ${n} of ${total}`, { exact: true }).waitFor();
    await answer(widget);
    await widget.getByRole('button', { name: n < total ? 'Next question' : 'See your results' }).click();
  }
  await widget.getByRole('heading', { level: 2, name: /^(Drill complete|Well done: all correct)$/ }).waitFor();
}

/// Starts the drill on offer and answers its first question.
async function answerFirst(widget) {
  await begin(widget);
  await answer(widget);
}

/// Waits for the plain failure message in `host` (a <cyber-drill>) and returns everything the
/// widget shows, which should be that message alone.
async function failure(host, timeout = WAIT_MS) {
  await host.getByRole('status').filter({ hasText: FAILED }).waitFor({ timeout });
  return host.evaluate((el) => el.shadowRoot.textContent.trim());
}

test('hostile host CSS: the widget keeps its look and works, and its styles stay inside', async () => {
  const HOST = ['html', 'body', '#app', 'h1', '.card', '.button', '#host-button', 'section', 'section h2', 'section p'];
  const PROPS = ['display', 'color', 'background-color', 'font-family', 'font-size', 'font-weight', 'line-height',
    'letter-spacing', 'text-transform', 'text-align', 'margin', 'padding', 'border', 'box-sizing', 'visibility'];
  const hostStyles = (page) =>
    page.evaluate(([selectors, props]) => ({
      sheets: document.styleSheets.length,
      adopted: document.adoptedStyleSheets.length,
      styles: selectors.map((s) => [s, props.map((p) => getComputedStyle(document.querySelector(s)).getPropertyValue(p))]),
    }), [HOST, PROPS]);

  const page = await open(env.browser, `${env.origin}/pages/hostile.html`);
  const widget = drill(page);
  const start = startButton(widget);
  await start.waitFor();
  const look = await start.evaluate((el) => {
    const s = getComputedStyle(el);
    return { shown: s.display !== 'none' && s.visibility === 'visible', background: s.backgroundColor, color: s.color, size: parseFloat(s.fontSize),
      height: el.getBoundingClientRect().height, transform: s.textTransform, spacing: s.letterSpacing };
  });
  assert.deepEqual(
    { ...look, size: look.size >= 15 && look.size <= 21, height: look.height >= 44 },
    { shown: true, background: 'rgb(0, 94, 184)', color: 'rgb(255, 255, 255)', size: true, height: true, transform: 'none', spacing: 'normal' },
  );
  const box = await widget.evaluate((el) => {
    const s = getComputedStyle(el);
    return { display: s.display, background: s.backgroundColor, accent: s.borderTopColor, padding: s.padding, margin: s.margin, align: s.textAlign, color: s.color };
  });
  assert.deepEqual(box, { display: 'block', background: 'rgb(255, 255, 255)', accent: 'rgb(0, 94, 184)', padding: '16px', margin: '0px', align: 'start', color: 'rgb(33, 43, 50)' });
  const heading = await widget.getByRole('heading', { level: 2 }).evaluate((el) => getComputedStyle(el).marginTop);
  assert.equal(heading, '0px');

  await runDrill(widget);
  assert.deepEqual(await axe(page), []);
  const withWidget = await hostStyles(page);
  assert.deepEqual(page.problems.errors, []);
  await page.context().close();

  // The same page without the widget: the host's own elements look exactly the same.
  const bare = await open(env.browser);
  await bare.route('**/cyberdrill.js', (route) => route.abort());
  await bare.goto(`${env.origin}/pages/hostile.html`);
  assert.deepEqual(withWidget, await hostStyles(bare));
  await bare.context().close();
});

// The host page's policy, then the page under it: a whole drill runs with no violation, no
// error and nothing in the console.
for (const [title, path, policy] of [
  ['strict CSP', '/pages/csp.html', CSP],
  ['Trusted Types enforced, with the strict CSP', '/trusted-types.html', TRUSTED_TYPES],
]) {
  test(`${title}: a whole drill runs with no violation and no error`, async () => {
    const url = `${env.origin}${path}`;
    assert.equal((await fetch(url)).headers.get('content-security-policy'), policy);
    const page = await open(env.browser, url);
    await runDrill(drill(page));
    assert.deepEqual(await page.violations(), []);
    assert.deepEqual(page.problems.errors, []);
    assert.deepEqual(page.problems.console, []);
    await page.context().close();
  });
}

test('the loader refuses a content or src that is not http(s): the plain message, and the console says why', async () => {
  const page = await open(env.browser, `${env.origin}/data-url.html`);
  for (const n of [0, 1]) assert.equal(await failure(page.locator('cyber-drill').nth(n)), FAILED);
  await eventually(() => assert.ok(page.problems.console.some((m) => /^cyberdrill: src `data:application\/json,.*` is not an http: or https: URL; refusing it$/.test(m)), page.problems.console.join('\n')));
  await eventually(() => assert.ok(page.problems.console.some((m) => /^cyberdrill: content `data:application\/json,\{\}` is not an http: or https: URL/.test(m)), page.problems.console.join('\n')));
  assert.deepEqual(page.problems.errors, []);
  await page.context().close();
});

test('the loader recovers: a wasm or stylesheet load that failed is tried again by the next widget', async () => {
  for (const file of ['**/pkg/cyberdrill_bg.wasm', '**/cyberdrill.css']) {
    const page = await open(env.browser);
    let failures = 1;
    await page.route(file, (route) => (failures-- > 0 ? route.fulfill({ status: 503, body: 'Busy' }) : route.continue()));
    await page.goto(`${env.origin}/one.html`);
    assert.equal(await failure(page.locator('cyber-drill')), FAILED, file);
    // The next widget loads it again, and so does the failed one when it restarts.
    await page.evaluate(() => document.querySelector('main').append(document.createElement('cyber-drill')));
    await startButton(drill(page, 1)).waitFor();
    await page.locator('cyber-drill').first().evaluate((el) => el.setAttribute('drill', 'devices/usb-in-car-park'));
    await drill(page, 0).getByRole('heading', { level: 2, name: TITLES['devices/usb-in-car-park'] }).waitFor();
    assert.deepEqual(page.problems.errors, []);
    await page.context().close();
  }
});

test('a report-url or content that is not a URL is left out, with a warning, and the widget starts', async () => {
  const page = await open(env.browser, `${env.origin}/not-urls.html`);
  for (const n of [0, 1]) await startButton(drill(page, n)).waitFor();
  await logged(page, /^cyberdrill: report-url `http:\/\/\[` is not a URL; leaving it out$/);
  await logged(page, /^cyberdrill: content `http:\/\/\[` is not a URL; leaving it out$/);
  assert.deepEqual(page.problems.errors, []);
  await page.context().close();
});

test('<cyber-drill> already defined by another script: the console says so', async () => {
  const page = await open(env.browser, null, { init: () => customElements.define('cyber-drill', class extends HTMLElement {}) });
  await page.goto(`${env.origin}/one.html`);
  await eventually(() => assert.ok(page.problems.console.some((m) => /^cyberdrill: another script has already defined <cyber-drill>/.test(m)), page.problems.console.join('\n')));
  await page.context().close();
});

test('a tampered compiled drill: its markup is rebuilt through the allow-list and nothing in it runs', async () => {
  const page = await open(env.browser, `${env.origin}/hostile-drill.html`);
  const dialogs = [];
  page.on('dialog', (dialog) => dialogs.push(dialog.message()) && dialog.dismiss());
  const widget = drill(page);
  // What could run, in the shadow root: elements, handlers, styles, script URLs.
  const dangers = () =>
    page.locator('cyber-drill').evaluate((host) =>
      [...host.shadowRoot.querySelectorAll('*')].flatMap((el) => [
        ...(/^(script|iframe|svg|form|object)$/.test(el.localName) ? [el.localName] : []),
        ...[...el.attributes]
          .filter((a) => /^on|^(style|srcdoc|formaction)$/.test(a.name) || /^\s*javascript:/i.test(a.value))
          .map((a) => `${el.localName}[${a.name}]`),
      ]),
    );
  await startButton(widget).click();
  await widget.getByText('Read this first.').waitFor();
  // Mock-up text is text, whatever it looks like; a relative image is resolved against the drill.
  await widget.getByText("<script>alert('mockup')</script>").waitFor();
  assert.equal(await widget.getByRole('img', { name: 'A broken picture' }).getAttribute('src'), `${env.origin}/pages/x.png`);
  assert.deepEqual(await dangers(), []);
  await widget.getByRole('button', { name: 'Start the questions' }).click();
  await widget.getByRole('radio', { name: 'Report it' }).check();
  await widget.getByRole('button', { name: 'Check' }).click();
  await widget.getByRole('heading', { level: 4, name: /Correct/ }).waitFor();
  assert.deepEqual(await dangers(), []);
  // A dialog blocks the page until it is dismissed, so once the page has answered a round
  // trip after its next frame, any dialog its scripts opened has already been reported.
  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => setTimeout(ok))));
  assert.deepEqual(dialogs, []);
  assert.deepEqual(page.problems.errors, []);
  await page.context().close();
});

test('three widgets: one removed, one added by script later, one changed; all behave', async () => {
  const page = await open(env.browser, `${env.origin}/pages/many.html`);
  const hosts = page.locator('cyber-drill');
  await startButton(drill(page, 0)).waitFor();
  await startButton(drill(page, 1)).waitFor();

  // Removed: its shadow content goes, and its wasm instance is free for the next widget.
  const instances = () => env.server.hits.filter((path) => path === '/pkg/cyberdrill.js').length;
  const made = instances();
  const removed = await hosts.first().elementHandle();
  await removed.evaluate((el) => el.remove());
  await eventually(async () =>
    assert.deepEqual(await removed.evaluate((el) => [el.shadowRoot.textContent, el.shadowRoot.querySelectorAll('button, section').length]), ['', 0]));

  // Added after load.
  await page.evaluate(() => {
    const widget = document.createElement('cyber-drill');
    widget.setAttribute('drill', 'passwords/mfa-prompt-not-you');
    document.querySelector('#later').append(widget);
  });
  assert.equal(await hosts.count(), 2);
  await drill(page, 1).getByRole('heading', { level: 2, name: TITLES['passwords/mfa-prompt-not-you'] }).waitFor();

  // Changed: a new drill attribute shows the new drill.
  await drill(page, 0).getByRole('heading', { level: 2, name: TITLES['devices/usb-in-car-park'] }).waitFor();
  await hosts.first().evaluate((el) => el.setAttribute('drill', 'phishing/qr-code-parking'));
  await drill(page, 0).getByRole('heading', { level: 2, name: TITLES['phishing/qr-code-parking'] }).waitFor();
  assert.equal(instances(), made, 'the added and the changed widget reuse freed wasm instances');

  // Each works on its own: answering one leaves the other where it was.
  await answerFirst(drill(page, 0));
  await startButton(drill(page, 1)).waitFor();
  await answerFirst(drill(page, 1));
  await drill(page, 0).getByRole('heading', { level: 4 }).waitFor();

  await page.getByRole('button', { name: 'Add a comment' }).click();
  assert.equal(await page.locator('#host-output').innerText(), 'Clicked 1 time');
  assert.deepEqual(page.problems.errors, []);
  await page.context().close();
});

test('bundle on a sub-path, content on another origin that sends CORS headers: works', async () => {
  const page = await open(env.browser, `${env.origin}/intranet/cyber.html`);
  const remote = page.getByRole('region', { name: 'From the content server' });
  const beside = page.getByRole('region', { name: 'From beside the script' });
  await remote.getByRole('heading', { level: 2, name: TITLES['passwords/mfa-prompt-not-you'] }).waitFor();
  await beside.getByRole('heading', { level: 2, name: TITLES['devices/usb-in-car-park'] }).waitFor();
  await answerFirst(remote.getByRole('region', { name: 'Cyber drill' }));
  assert.ok(content.hits.includes('/cors/catalog.json'));
  assert.ok(content.hits.includes('/cors/passwords/mfa-prompt-not-you.json'));
  assert.ok(env.server.hits.includes('/static/tools/cyberdrill/pkg/cyberdrill_bg.wasm'));
  assert.ok(env.server.hits.includes('/static/tools/cyberdrill/content/devices/usb-in-car-park.json'));
  assert.deepEqual(page.problems.errors, []);
  await page.context().close();
});

test('content on another origin without the CORS header: the plain message, and the console says why', async () => {
  const page = await open(env.browser, `${env.origin}/intranet/cyber-no-cors.html`);
  const remote = page.getByRole('region', { name: 'From the content server' });
  assert.equal(await failure(remote.locator('cyber-drill')), FAILED);
  await startButton(page.getByRole('region', { name: 'From beside the script' })).waitFor();
  await eventually(() => assert.ok(page.problems.console.some((m) => /^cyberdrill: could not load .*Access-Control-Allow-Origin/.test(m)), page.problems.console.join('\n')));
  assert.deepEqual(page.problems.errors, []);
  await page.context().close();
});

describe('each content failure: the plain message in the widget, the reason in the console, the page carries on', () => {
  let page;
  const widgets = (name) => page.getByRole('region', { name }).locator('cyber-drill');
  const explained = (pattern) =>
    eventually(() => assert.ok(page.problems.console.some((m) => pattern.test(m)), `no console error matches ${pattern}:\n${page.problems.console.join('\n')}`));
  before(async () => {
    page = await open(env.browser, `${env.origin}/pages/failures.html`);
  });
  after(() => page?.context().close());

  test('content 404', async () => {
    assert.equal(await failure(widgets('Content 404')), FAILED);
    await explained(/^cyberdrill: could not load .*\/broken\/nowhere\/catalog\.json: the server answered 404/);
  });

  test('a catalog that is not valid JSON', async () => {
    assert.equal(await failure(widgets('Catalog not JSON')), FAILED);
    await explained(/^cyberdrill: could not load .*\/bad-json\/catalog\.json: catalog is not valid JSON/);
  });

  test('a compiled drill the widget refuses', async () => {
    assert.equal(await failure(widgets('Drill the widget refuses')), FAILED);
    await explained(/^cyberdrill: could not load .*\/no-right-answer\.json: question `what-next` has no right answer$/);
  });

  test("a drill's Markdown that has errors: compiled in the browser, each error in the console as the CLI prints it", async () => {
    assert.equal(await failure(widgets('Markdown with errors')), FAILED);
    await explained(/\/no-right-answer\.md:9:1: error\[no-choices\]: question has no choices$/);
    await explained(/^cyberdrill: could not load .*\/no-right-answer\.md: the Markdown has 3 errors \(listed above\)$/);
  });

  test('an HTML page (200) instead of a drill, labelled text/html or not', async () => {
    for (const n of [0, 1]) assert.equal(await failure(widgets('HTML page instead of a drill').nth(n)), FAILED);
    await explained(/^cyberdrill: could not load .*\/sign-in\.json: the server sent an HTML page/);
    await explained(/^cyberdrill: could not load .*\/sign-in-as-text\.json: the server sent an HTML page/);
  });

  test('a file over 256 KiB, with or without a Content-Length', async () => {
    for (const n of [0, 1]) assert.equal(await failure(widgets('Over 256 KiB').nth(n)), FAILED);
    await explained(/^cyberdrill: could not load .*\/huge\.json: the file is \d+ bytes, over the limit of 262144/);
    // Streamed without a length: counted as it arrives, and cut off at the limit.
    await explained(/^cyberdrill: could not load .*\/huge-streamed\.json: the file is over the limit of 262144 bytes; stopped reading it at \d+$/);
  });

  test('a server that never answers: the widget gives up after 10 s by its clock', async () => {
    // The request is made, and its timer set, in one step; then ten seconds pass at once.
    await eventually(() => assert.ok(env.server.hits.includes('/pages/broken/hang.json'), 'the widget asked'));
    await page.clock.fastForward(10_000);
    assert.equal(await failure(widgets('No answer')), FAILED);
    await explained(/^cyberdrill: could not load .*\/hang\.json: no answer within 10 seconds/);
  });

  test('no uncaught error, and the host page still works', async () => {
    await page.getByRole('button', { name: 'Add a comment' }).click();
    assert.equal(await page.locator('#host-output').innerText(), 'Clicked 1 time');
    assert.deepEqual(page.problems.errors, []);
    assert.deepEqual(await page.violations(), []);
  });
});

test('the iframe page: one widget from the URL fragment, sized to fit by its parent; the learner id reaches no server', async () => {
  const asked = requests.length;
  const page = await open(env.browser, `${env.origin}/pages/iframe-host.html`, {
    init: () => {
      window.__heights = [];
      window.addEventListener('message', (e) => e.data?.type === 'cyberdrill:height' && window.__heights.push(e.data.height));
    },
  });
  const frame = page.getByTitle('Cyber drill').contentFrame();
  const widget = frame.getByRole('region', { name: 'Cyber drill' });
  await widget.getByRole('heading', { level: 2, name: TITLES['devices/lock-shared-workstation'] }).waitFor();
  // The iframe is as tall as the page in it, and the parent was told that height.
  const fitted = () =>
    page.waitForFunction(() => {
      const iframe = document.querySelector('iframe.cyberdrill');
      const inner = Math.ceil(iframe.contentDocument.documentElement.getBoundingClientRect().height);
      return inner > 100 && iframe.getBoundingClientRect().height === inner && window.__heights.at(-1) === inner && inner;
    }).then((h) => h.jsonValue());
  const card = await fitted();
  await begin(widget);
  assert.ok((await fitted()) > card, 'the iframe grew with its content');

  const inside = await frame.locator('cyber-drill').evaluate((el) => ({
    drill: el.getAttribute('drill'), learner: el.getAttribute('learner'), report: el.getAttribute('report-url'),
    margin: getComputedStyle(document.body).margin, background: getComputedStyle(document.documentElement).backgroundColor,
    widgets: document.querySelectorAll('cyber-drill').length,
  }));
  assert.deepEqual(inside, {
    drill: 'devices/lock-shared-workstation', learner: 'ward7-a1f3', report: 'https://intranet.example/report',
    margin: '0px', background: 'rgba(0, 0, 0, 0)', widgets: 1,
  });
  const embed = page.frames().find((f) => f.url().includes('/embed.html'));
  assert.deepEqual(await embed.evaluate(() => window.__violations), []);
  // Not in an address (server logs), not in a Referer: embed.html sends none.
  const sent = requests.slice(asked);
  assert.ok(sent.some((r) => r.url === '/embed.html'), sent.map((r) => r.url).join('\n'));
  assert.deepEqual(sent.filter((r) => /ward7-a1f3/.test(`${r.url} ${r.referer}`)), []);
  assert.deepEqual(sent.filter((r) => r.referer.includes('/embed.html')).map((r) => r.url), []);
  assert.deepEqual(await page.violations(), []);
  assert.deepEqual(page.problems.errors, []);
  await page.context().close();
});

describe("the iframe page shows only the trust's own content", () => {
  // Served without a CSP header, as a web team might: embed.html's own policy and checks hold.
  const EMBED = () => `${env.origin}/static/tools/cyberdrill/embed.html`;
  const unlisted = () => content.origin.replace('127.0.0.1', 'localhost');

  test('a drill in a data: URL, from an unlisted origin or a javascript: URL: the plain message, and the console says why', async () => {
    for (const [options, name] of [
      [`src=${encodeURIComponent(EVIL_URL)}`, 'src'],
      [`content=${encodeURIComponent(`${unlisted()}/cors/`)}`, 'content'],
      ['content=javascript:alert(1)', 'content'],
    ]) {
      // In the fragment, and in the query string that older pages use.
      for (const url of [`${EMBED()}#${options}`, `${EMBED()}?${options}`]) {
        const page = await open(env.browser, url);
        assert.equal(await failure(page.locator('cyber-drill')), FAILED, url);
        await logged(page, new RegExp(`^cyberdrill: embed\\.html takes ${name} only on its own origin or one listed in embed-origins\\.json`));
        assert.deepEqual(page.problems.errors, []);
        await page.context().close();
      }
    }
  });

  test('a report-url on an unlisted origin, or not http(s), is left out with a warning; the drill runs', async () => {
    for (const report of ['https://evil.example/report', 'mailto:helpdesk@evil.example', 'javascript:alert(1)']) {
      const page = await open(env.browser, `${EMBED()}#drill=devices/usb-in-car-park&report-url=${encodeURIComponent(report)}`);
      await startButton(drill(page)).waitFor();
      assert.equal(await page.locator('cyber-drill').getAttribute('report-url'), null);
      await logged(page, /^cyberdrill: embed\.html takes report-url only on its own origin or one listed in embed-origins\.json.*; leaving it out$/);
      await page.context().close();
    }
  });

  test('content on an origin embed-origins.json lists: works, and the page may fetch from nowhere else', async () => {
    const page = await open(env.browser, `${EMBED()}#content=${encodeURIComponent(`${content.origin}/cors/`)}&drill=passwords/mfa-prompt-not-you`);
    await drill(page).getByRole('heading', { level: 2, name: TITLES['passwords/mfa-prompt-not-you'] }).waitFor();
    await answerFirst(drill(page));
    assert.ok(content.hits.includes('/cors/passwords/mfa-prompt-not-you.json'));
    assert.deepEqual(page.problems.errors, []);
    // Firefox reports the blocked fetch below as a page error too; it is the point here.
    const elsewhere = await page.evaluate((url) => fetch(url).then(() => 'fetched', () => 'blocked'), `${unlisted()}/cors/catalog.json`);
    assert.equal(elsewhere, 'blocked');
    await eventually(async () => assert.ok((await page.violations()).some((v) => v.startsWith('connect-src')), (await page.violations()).join('\n')));
    await page.context().close();
  });
});

test('a fault in one widget stays in its own box: the others carry on, the page sees no error', async () => {
  const ids = Object.keys(TITLES).slice(0, 3);
  const routes = {
    '/fault.html': (req, res) =>
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(
        `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Faults</title><script type="module" src="/cyberdrill.js"></script></head><body><h1>Faults</h1>${ids.map((id) => `<cyber-drill drill="${id}"></cyber-drill>`).join('')}<button id="boom">Boom</button></body></html>`,
      ),
  };
  const server = await serve({ mounts: [{ prefix: '/', dir: DIST }], routes });
  const page = await open(env.browser, `${server.origin}/fault.html`);
  for (let i = 0; i < 3; i++) await drill(page, i).getByRole('button', { name: 'Start', exact: true }).waitFor();
  // One widget's wasm instance panics inside an event handler, as a bug in a click would.
  await page.evaluate(async () => {
    const instance = await import('/pkg/cyberdrill.js?instance=1');
    document.getElementById('boom').addEventListener('click', () => instance.selftest_fault());
  });
  await page.click('#boom');
  const stopped = page.locator('cyber-drill').getByText('This drill stopped because of a fault. Your progress is safe.');
  await stopped.waitFor();
  assert.equal(await stopped.count(), 1, 'exactly one widget stopped');
  let working = 0;
  for (let i = 0; i < 3; i++) {
    const start = page.locator('cyber-drill').nth(i).getByRole('button', { name: 'Start', exact: true });
    if (await start.count()) {
      await start.click();
      await page.locator('cyber-drill').nth(i).getByRole('button', { name: 'Start the questions' }).waitFor();
      working++;
    }
  }
  assert.equal(working, 2, 'the other two widgets still run');
  assert.deepEqual(page.problems.errors, [], 'no uncaught error reached the page');
  await eventually(() => assert.ok(page.problems.console.some((m) => m.includes('cyberdrill: internal error') && m.includes('fault injected by a test'))));
  await page.context().close();
  await server.close();
});

test('the script included twice does no harm, and the widget adds no globals', async () => {
  const routes = {
    '/twice.html': (req, res) =>
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(
        '<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Twice</title><script type="module" src="/cyberdrill.js"></script><script type="module" src="/copy/cyberdrill.js"></script></head><body><h1>Twice</h1><cyber-drill></cyber-drill></body></html>',
      ),
  };
  const server = await serve({ mounts: [{ prefix: '/copy/', dir: DIST }, { prefix: '/', dir: DIST }], routes });
  const page = await open(env.browser, null, {
    init: () => {
      window.__before = Object.getOwnPropertyNames(window);
    },
  });
  await page.goto(`${server.origin}/twice.html`);
  await drill(page).getByRole('button', { name: 'Start', exact: true }).click();
  await drill(page).getByRole('button', { name: 'Start the questions' }).waitFor();
  // Not ours: the test's own (`__before`, `__violations`) and the test driver's (`__pw…`:
  // Playwright's WebDriver BiDi keyboard in Firefox).
  const added = await page.evaluate(() =>
    Object.getOwnPropertyNames(window).filter((name) => !window.__before.includes(name) && !['__before', '__violations'].includes(name) && !name.startsWith('__pw')));
  assert.deepEqual(added, [], 'no new globals on window');
  assert.equal(await page.locator('cyber-drill').count(), 1);
  assert.deepEqual(page.problems.errors, []);
  await page.context().close();
  await server.close();
});
