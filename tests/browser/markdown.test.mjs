// Markdown in the browser (issue 15): the widget pulls a drill's Markdown through `src` and
// through a catalog, compiles it with the Markdown module it loads only then, contains a drill
// that has errors as it contains any broken drill, and never runs what hostile Markdown holds.
// And the parity test: every drill in content/ and every checker fixture, compiled by the CLI
// and by the module in the browser, byte for byte.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, test } from 'node:test';

import { drill, eventually, hostPage, logged, open, setup } from './harness.mjs';

const ROOT = new URL('../../', import.meta.url).pathname;
const FAILED = 'This drill could not be loaded. Your progress is safe.';
const TODAY = '2026-06-01';
const COMPILER = '/pkg/cyberdrill_compiler_bg.wasm';

/// Runs the author's CLI from the checkout and returns what it printed; exit status 1 (errors
/// found) is an answer, 2 a failure.
function cli(args) {
  const run = spawnSync('cargo', ['run', '--quiet', '--offline', '--bin', 'cyberdrill', '--', ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (run.status !== 0 && run.status !== 1) throw new Error(`cyberdrill ${args.join(' ')}: exit ${run.status}\n${run.stderr}`);
  return run.stdout;
}

/// The `.md` files under `dir` (relative to the checkout), sorted as the CLI reads them.
function markdownFiles(dir) {
  const found = [];
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) found.push(...markdownFiles(path));
    else if (entry.name.endsWith('.md')) found.push(path);
  }
  return found;
}

// A catalog that points at Markdown, as `cyberdrill catalog --markdown` writes it.
const markdownCatalog = mkdtempSync(join(tmpdir(), 'cyberdrill-md-'));
cli(['catalog', 'content', '--out', markdownCatalog, '--markdown']);
after(() => rmSync(markdownCatalog, { recursive: true, force: true }));

const ID = 'phishing/lookalike-sender';
const env = setup({
  mounts: [
    { prefix: '/fixtures/', dir: join(ROOT, 'tests/fixtures') },
    { prefix: '/md/', dir: markdownCatalog },
    { prefix: '/', dir: join(ROOT, 'dist') },
  ],
  routes: {
    '/src.html': hostPage(`<cyber-drill src="/content/${ID}.md"></cyber-drill>`),
    '/catalog.html': hostPage(`<cyber-drill content="/md/" drill="${ID}"></cyber-drill>`),
    '/compiled.html': hostPage(`<cyber-drill drill="${ID}"></cyber-drill>`),
    '/broken.html': hostPage('<cyber-drill src="/fixtures/check/no-choices.md"></cyber-drill>'),
    '/hostile.html': hostPage('<cyber-drill src="/fixtures/hostile.md"></cyber-drill>'),
    '/huge.html': hostPage('<cyber-drill src="/huge.md"></cyber-drill>'),
    '/huge.md': (req, res) => res.writeHead(200, { 'Content-Type': 'text/markdown' }).end(`---\nid: huge\n---\n${'x'.repeat(300 * 1024)}`),
    '/blank.html': hostPage(''),
  },
});

const start = (page) => drill(page).getByRole('button', { name: /^Start/ });

/// Takes the drill on the page from its card to its first question.
async function firstQuestion(page) {
  await start(page).click();
  await drill(page).getByRole('button', { name: 'Start the questions' }).click();
  await drill(page).getByRole('heading', { level: 3 }).first().waitFor();
}

test('a drill in Markdown through src: compiled in the browser by the module, fetched only then', async () => {
  const compiled = await open(env.browser, `${env.origin}/compiled.html`);
  await start(compiled).waitFor();
  assert.ok(!env.server.hits.includes(COMPILER), 'a compiled drill never fetches the Markdown module');
  await compiled.context().close();

  const page = await open(env.browser, `${env.origin}/src.html`);
  await firstQuestion(page);
  assert.ok(env.server.hits.includes(COMPILER));
  assert.deepEqual(page.problems.errors, []);
  assert.deepEqual(page.problems.console, []);
  assert.deepEqual(await page.violations(), []);
  await page.context().close();
});

test('a catalog that points at Markdown runs its drills', async () => {
  const page = await open(env.browser, `${env.origin}/catalog.html`);
  await firstQuestion(page);
  assert.deepEqual(page.problems.console, []);
  await page.context().close();
});

test('a Markdown drill with errors is contained, and the console lists each as the CLI prints it', async () => {
  const page = await open(env.browser, `${env.origin}/broken.html`);
  await page.locator('cyber-drill').getByText(FAILED).waitFor();
  const url = `${env.origin}/fixtures/check/no-choices.md`;
  // The question is the error's place: the fixture's first `##` line.
  const fixture = readFileSync(join(ROOT, 'tests/fixtures/check/no-choices.md'), 'utf8');
  const line = fixture.split('\n').findIndex((l) => l.startsWith('## ')) + 1;
  await logged(page, new RegExp(`^${url.replace(/[.?]/g, '\\$&')}:${line}:1: error\\[no-choices\\]: question has no choices$`));
  await logged(page, /^cyberdrill: could not load .*no-choices\.md: the Markdown has 1 error \(listed above\)/);
  assert.deepEqual(page.problems.errors, []);
  await page.context().close();
});

test('hostile Markdown runs nothing: refused with its errors, no dialog, nothing dangerous in the DOM', async () => {
  const page = await open(env.browser, `${env.origin}/hostile.html`);
  const dialogs = [];
  page.on('dialog', (dialog) => dialogs.push(dialog.message()) && dialog.dismiss());
  await page.locator('cyber-drill').getByText(FAILED).waitFor();
  await logged(page, /hostile\.md:\d+:\d+: error\[raw-html\]/);
  const dangers = await page.locator('cyber-drill').evaluate((host) =>
    [...host.shadowRoot.querySelectorAll('*')].filter((el) => /^(script|iframe|svg|img|a)$/.test(el.localName)).map((el) => el.localName),
  );
  assert.deepEqual(dangers, []);
  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => setTimeout(ok))));
  assert.deepEqual(dialogs, []);
  assert.deepEqual(page.problems.errors, []);
  await page.context().close();
});

test('Markdown over the 256 KiB limit is refused before it is parsed', async () => {
  const page = await open(env.browser, `${env.origin}/huge.html`);
  await page.locator('cyber-drill').getByText(FAILED).waitFor();
  await logged(page, /^cyberdrill: could not load .*\/huge\.md: the file is .*over the limit of 262144/);
  await page.context().close();
});

// The compiler in the browser and the CLI cannot disagree: the same files, the same date, the
// same JSON, byte for byte (each file's compiled drill and diagnostics: code, place, message,
// help, rendering), and the same catalog and compiled files as `cyberdrill catalog` writes.
test('parity: every drill and fixture compiles to the same bytes and diagnostics in the browser as in the CLI', async () => {
  const paths = [...markdownFiles('content'), ...markdownFiles('tests/fixtures')];
  // The CLI finds the library's settings beside the first path; the module is given them,
  // and both report on them last.
  const files = [...paths, 'content/settings.yml'].map((path) => ({ path, bytes: [...readFileSync(join(ROOT, path))] }));
  const native = cli(['check', '--format', 'json', '--color', 'never', '--today', TODAY, ...paths]).trimEnd();
  const page = await open(env.browser, `${env.origin}/blank.html`);
  const browser = await page.evaluate(
    async ({ files, today }) => {
      const module = await import('/pkg/cyberdrill_compiler.js');
      await module.default({ module_or_path: '/pkg/cyberdrill_compiler_bg.wasm' });
      return module.check(JSON.stringify(files), today);
    },
    { files, today: TODAY },
  );
  const [ours, theirs] = [JSON.parse(browser), JSON.parse(native)];
  assert.equal(ours.length, paths.length + 1);
  for (let i = 0; i < ours.length; i++) assert.deepEqual(ours[i], theirs[i], files[i].path);
  assert.equal(browser, native, 'byte-identical');
  assert.ok(ours.some((f) => f.diagnostics.some((d) => d.code === 'not-utf8')), 'the fixture that is not UTF-8 is read as bytes in both');

  // The catalog: what `cyberdrill catalog content` writes, file for file.
  const out = mkdtempSync(join(tmpdir(), 'cyberdrill-parity-'));
  try {
    cli(['catalog', 'content', '--out', out]);
    const content = [...markdownFiles('content'), 'content/settings.yml', 'content/settings.cy.yml'].map((path) => ({ path: relative('content', path), text: readFileSync(join(ROOT, path), 'utf8') }));
    const translations = content.filter(({ path }) => path.endsWith('.cy.md')).map(({ path }) => path);
    const drills = content.filter(({ path }) => path.endsWith('.md') && !translations.includes(path));
    const build = JSON.parse(
      await page.evaluate(
        async ({ files, today }) => (await import('/pkg/cyberdrill_compiler.js')).catalog(JSON.stringify(files), today, false),
        { files: content, today: TODAY },
      ),
    );
    assert.equal(build.catalog, readFileSync(join(out, 'catalog.json'), 'utf8'));
    // Each drill, each translation beside its source, and the Welsh catalog listing them.
    assert.equal(build.drills.length, drills.length + translations.length + 1);
    assert.ok(build.drills.some(({ file }) => file === 'catalog.cy.json'));
    for (const { file, text } of build.drills) assert.equal(text, readFileSync(join(out, file), 'utf8'), file);
    assert.deepEqual(build.left_out, []);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  await page.context().close();
});
