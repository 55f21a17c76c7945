// The drill studio (studio.html, issue 15) as an author uses it, with nothing installed: open
// the checker's fixtures and find each problem where the CLI puts it, fix a drill and run its
// preview to the summary (no learner's progress touched), publish, and run what was published
// in an ordinary widget. axe-core on every screen, keyboard alone, 200 % zoom. And the studio
// in Welsh, every word of its own from its catalogue (issue 18).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, test } from 'node:test';

import { ARTIFACTS, BROWSER, DIST, axe, downloadBytes, drill, eventually, hostPage, logged, NOW, open, setup, tabTo, takeDrill, WAIT_MS } from './harness.mjs';

const ROOT = new URL('../../', import.meta.url).pathname;
const FIXTURES = join(ROOT, 'tests/fixtures/check');

/// The author's CLI, run in `cwd`: what it printed (exit 1, errors found, is an answer).
function cli(args, cwd = ROOT) {
  const run = spawnSync('cargo', ['run', '--quiet', '--offline', '--manifest-path', join(ROOT, 'Cargo.toml'), '--bin', 'cyberdrill', '--', ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  if (run.status !== 0 && run.status !== 1) throw new Error(`cyberdrill ${args.join(' ')}: exit ${run.status}\n${run.stderr}`);
  return run.stdout;
}

/// Every file under `dir`, relative to it, sorted.
async function files(dir) {
  const found = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) found.push(relative(dir, join(entry.parentPath ?? entry.path, entry.name)));
  }
  return found.sort();
}

const scratch = await mkdtemp(join(tmpdir(), 'cyberdrill-studio-'));
after(() => rm(scratch, { recursive: true, force: true }));

const env = setup({
  mounts: [
    { prefix: '/published/', dir: join(scratch, 'published') },
    { prefix: '/', dir: DIST },
  ],
  routes: {
    '/published.html': hostPage('<cyber-drill content="/published/" drill="devices/usb-in-car-park"></cyber-drill>'),
  },
});

const studio = (page) => page.goto(`${env.origin}/studio.html`).then(() => page.getByRole('button', { name: 'Open files' }).waitFor());
const problems = (page, name = 'Problems') => page.getByRole('list', { name });
const preview = (page, name = 'Preview') => page.getByRole('region', { name });
const textarea = (page, label = 'Drill text') => page.getByLabel(label);

/// Waits until the drill text has focus with the caret at `problem`'s line and column.
const caretOn = (page, problem) =>
  eventually(async () => {
    const at = await textarea(page).evaluate((el) => {
      const before = el.value.slice(0, el.selectionStart).split('\n');
      return { focused: document.activeElement === el, line: before.length, column: before.at(-1).length + 1 };
    });
    assert.deepEqual(at, { focused: true, line: problem.line, column: problem.column });
  });

async function accessible(page, screen) {
  assert.deepEqual(await axe(page, null), [], `axe violations in the studio: ${screen}`);
}

/// The fixture's problems, as `cyberdrill check` reports them with the fixture's own name for
/// its path (the studio shows a file opened alone by its name).
function expected(names) {
  // On the day the pages' clock says (review-overdue counts days).
  const today = new Date(NOW).toISOString().slice(0, 10);
  const reports = JSON.parse(cli(['check', '--format', 'json', '--color', 'never', '--today', today, ...names], FIXTURES));
  return new Map(reports.map((r) => [r.path, r.diagnostics]));
}

test('the fixtures opened in the studio: every problem at the line the CLI gives, and Go to line takes the caret there', async () => {
  const names = (await readdir(FIXTURES)).filter((f) => f.endsWith('.md')).sort();
  const want = expected(names);
  const page = await open(env.browser, null);
  await studio(page);
  await accessible(page, 'before opening');
  await page.getByLabel('Drill files').setInputFiles(names.map((n) => join(FIXTURES, n)));
  await page.getByRole('status').getByText(`Opened ${names.length} drills.`).waitFor();
  for (const name of names) {
    await page.getByRole('button', { name, exact: true }).click();
    await page.getByRole('heading', { name: `Edit ${name}` }).waitFor();
    const diagnostics = want.get(name);
    await eventually(async () => {
      const shown = await problems(page).getByRole('listitem').allInnerTexts();
      assert.equal(shown.length, diagnostics.length, `${name}: ${shown.join('\n')}`);
      diagnostics.forEach((d, i) => assert.ok(shown[i].includes(d.headline), `${name}: expected ${d.headline} in\n${shown[i]}`));
    });
  }
  await accessible(page, 'a drill with problems open');
  await page.screenshot({ path: join(ARTIFACTS, 'studio-problems.png'), fullPage: true });

  // Go to line, by keyboard: the caret lands on the problem's line and column.
  await page.getByRole('button', { name: 'no-choices.md', exact: true }).click();
  const [problem] = want.get('no-choices.md');
  const go = problems(page).getByRole('button').first();
  assert.ok(await tabTo(page, go, 80), 'Tab reaches Go to line');
  await page.keyboard.press('Enter');
  await caretOn(page, problem);
  await page.context().close();
});

/// A fresh studio with the fixture `name` open, once it shows its `code` error.
async function studioWith(name, code) {
  const page = await open(env.browser, null);
  await studio(page);
  await page.getByLabel('Drill files').setInputFiles(join(FIXTURES, name));
  await problems(page).getByText(`error[${code}]`).waitFor();
  return page;
}

test('a fixed drill previews end to end in a real widget, and the preview keeps nothing', async () => {
  const page = await studioWith('no-choices.md', 'no-choices');
  // The fix, typed as an author would: choices under the question.
  await textarea(page).evaluate((el) => {
    const at = el.value.indexOf('Think about it.') + 'Think about it.'.length;
    el.setSelectionRange(at, at);
    el.focus();
  });
  await page.keyboard.type('\n\n- [ ] Open the link\n- [x] Report it\n');
  await problems(page).getByText('error[no-choices]').waitFor({ state: 'detached' });
  const widget = preview(page).locator('cyber-drill').getByRole('region', { name: 'Cyber drill' });
  await widget.getByRole('heading', { name: 'No choices' }).waitFor();
  await (await takeDrill(widget)).click();
  await widget.getByRole('heading', { level: 2, name: /Drill complete|Well done/ }).waitFor();
  // Before axe, whose checks add a <style> element that a strict CSP rightly blocks (Firefox
  // reports that as a page error).
  assert.deepEqual(await page.violations(), []);
  assert.deepEqual(page.problems.errors, []);
  await accessible(page, 'the preview at its summary');
  await page.screenshot({ path: join(ARTIFACTS, 'studio-preview.png'), fullPage: true });
  const kept = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('cyberdrill')));
  assert.deepEqual(kept, [], 'a preview writes nothing to localStorage');
  await page.context().close();
});

// No test can click through a folder picker: `showDirectoryPicker` is given a folder of the
// origin-private file system (the same File System Access handles), filled with content/.
const PICKER = () => {
  window.showDirectoryPicker = async () => (await navigator.storage.getDirectory()).getDirectoryHandle('library', { create: true });
};

/// Writes `files` ({ path, text }) into the stand-in folder, before the studio opens it.
const fill = (page, files) =>
  page.evaluate(async (files) => {
    const library = await window.showDirectoryPicker();
    for (const { path, text } of files) {
      const parts = path.split('/');
      let dir = library;
      for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part, { create: true });
      const stream = await (await dir.getFileHandle(parts.at(-1), { create: true })).createWritable();
      await stream.write(text);
      await stream.close();
    }
  }, files);

/// Every file under `folder` of the stand-in folder: { path: text }.
const published = (page, folder) =>
  page.evaluate(async (folder) => {
    const out = {};
    const walk = async (dir, prefix) => {
      for await (const [name, handle] of dir.entries()) {
        if (handle.kind === 'directory') await walk(handle, `${prefix}${name}/`);
        else out[`${prefix}${name}`] = await (await handle.getFile()).text();
      }
    };
    await walk(await (await window.showDirectoryPicker()).getDirectoryHandle(folder), '');
    return out;
  }, folder);

/// What `cyberdrill catalog content` writes: { path: text }.
async function cliCatalog() {
  const out = join(scratch, 'cli');
  await rm(out, { recursive: true, force: true });
  cli(['catalog', 'content', '--out', out]);
  const written = {};
  for (const file of await files(out)) written[file] = await readFile(join(out, file), 'utf8');
  return written;
}

test('publish into the opened folder and as a .zip: both are what `cyberdrill catalog` writes, and an ordinary widget runs it', async () => {
  const page = await open(env.browser, null, { init: PICKER });
  await studio(page);
  // The drills and the library's settings, which the catalog carries.
  const drills = [];
  for (const file of await files(join(ROOT, 'content'))) {
    if (file.endsWith('.md') || file === 'settings.yml' || file === 'settings.cy.yml') drills.push({ path: file, text: await readFile(join(ROOT, 'content', file), 'utf8') });
  }
  await fill(page, drills);
  await page.getByRole('button', { name: 'Open folder for editing' }).click();
  await page.getByRole('status').getByText(new RegExp(`^Opened ${drills.length - 2} drills from .*\\. The trust's settings in settings\\.yml`)).waitFor();
  const want = await cliCatalog();

  // Into the folder: drills first, the catalog last. Only where the browser offers File
  // System Access (Chrome, Edge): Firefox's private-folder handles, which stand in for a
  // picker it does not have, refuse the write permission the studio asks for, as they should.
  if (BROWSER === 'chromium') {
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await eventually(async () => assert.deepEqual(await published(page, 'published'), want));
  }
  await accessible(page, 'after publishing');

  // As a .zip, unzipped by Python's zipfile (which checks every CRC).
  const { name, bytes } = await downloadBytes(page, page.getByRole('button', { name: 'Download .zip' }));
  assert.match(name, /\.zip$/);
  const zip = join(scratch, name);
  await writeFile(zip, bytes);
  const unzip = spawnSync('python3', ['-m', 'zipfile', '-e', zip, join(scratch, 'published')], { encoding: 'utf8' });
  assert.equal(unzip.status, 0, unzip.stderr);
  const unzipped = {};
  for (const file of await files(join(scratch, 'published'))) unzipped[file] = await readFile(join(scratch, 'published', file), 'utf8');
  assert.deepEqual(unzipped, want);
  await page.context().close();

  // What was published runs in an ordinary widget.
  const learner = await open(env.browser, `${env.origin}/published.html`);
  await (await takeDrill(drill(learner))).click();
  await drill(learner).getByRole('heading', { level: 2, name: /Drill complete|Well done/ }).waitFor();
  // (Chromium may log a missing favicon on the bare host page: the widget's own messages start
  // `cyberdrill:`.)
  assert.deepEqual(learner.problems.console.filter((m) => m.startsWith('cyberdrill')), []);
  await learner.context().close();
});

test('a folder opened for reading in Chromium (webkitdirectory) keeps its paths', { skip: BROWSER === 'firefox' && 'Playwright cannot set a directory on a file input in Firefox' }, async () => {
  const page = await open(env.browser, null);
  await studio(page);
  await page.getByLabel('Drill folder').setInputFiles(join(ROOT, 'content'));
  await page.getByRole('status').getByText(/^Opened \d+ drills\. The trust's settings in settings\.yml fill/).waitFor();
  await page.getByRole('button', { name: 'phishing/lookalike-sender.md', exact: true }).waitFor();

  // A problem only the whole library shows (an id used twice) takes the caret to its place.
  await page.getByLabel('Drill folder').setInputFiles(join(FIXTURES, 'duplicate-id'));
  const [problem] = expected(['duplicate-id/first.md', 'duplicate-id/second.md']).get('duplicate-id/second.md');
  await page.getByRole('list', { name: 'Across the library' }).getByRole('button', { name: `Edit second.md (line ${problem.line})` }).click();
  await caretOn(page, problem);
  await page.context().close();
});

test('a question without an id: the studio adds the id the checker suggests, as an edit to save', async () => {
  const page = await studioWith('missing-question-id.md', 'missing-question-id');
  await page.getByRole('button', { name: 'Add the missing question ids' }).click();
  await problems(page).getByText('error[missing-question-id]').waitFor({ state: 'detached' });
  assert.match(await textarea(page).inputValue(), /^## What should you do first\? \{#what-should-you-do-first\}$/m);
  await page.getByText('Unsaved changes').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Add the missing question ids' }).count(), 0);
  await accessible(page, 'the editor after adding ids');
  await page.context().close();
});

test('settings with errors stop Publish, as they stop `cyberdrill catalog`: nothing downloaded, the file and its error listed', async () => {
  const folder = join(scratch, 'bad-settings');
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, 'settings.yml'), 'trust Northgate\n');
  await writeFile(join(folder, 'usb-in-car-park.md'), await readFile(join(ROOT, 'content/devices/usb-in-car-park.md')));
  const page = await open(env.browser, null);
  const downloads = [];
  page.on('download', (download) => downloads.push(download.suggestedFilename()));
  await studio(page);
  await page.getByLabel('Drill files').setInputFiles([join(folder, 'settings.yml'), join(folder, 'usb-in-car-park.md')]);
  await page.getByRole('button', { name: 'Download .zip' }).click();
  await page.getByText("Nothing was published: the trust's settings in settings.yml have errors: fix them first.").waitFor();
  const listed = page.locator('.left-out li');
  assert.equal(await listed.count(), 1);
  assert.match(await listed.innerText(), /settings\.yml: fix the settings before building the catalog\s+settings\.yml:1:1: error\[front-matter-syntax\]: expected `key: value`/);
  assert.deepEqual(downloads, []);
  assert.deepEqual(page.problems.errors, []);
  assert.deepEqual(await page.violations(), []);
  await page.context().close();
});

test('hostile Markdown in the studio runs nothing and is reported', async () => {
  const page = await open(env.browser, null);
  const dialogs = [];
  page.on('dialog', (dialog) => dialogs.push(dialog.message()) && dialog.dismiss());
  await studio(page);
  await page.getByLabel('Drill files').setInputFiles(join(ROOT, 'tests/fixtures/hostile.md'));
  await problems(page).getByText('error[raw-html]').first().waitFor();
  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => setTimeout(ok))));
  assert.deepEqual(dialogs, []);
  assert.deepEqual(page.problems.errors, []);
  assert.deepEqual(await page.violations(), []);
  await page.context().close();
});

test('at 200 % zoom the studio fits its window and reads', async () => {
  const page = await open(env.browser, null, { viewport: { width: 640, height: 450 }, context: { deviceScaleFactor: 2 } });
  await studio(page);
  await page.getByLabel('Drill files').setInputFiles(join(ROOT, 'content/phishing/lookalike-sender.md'));
  await problems(page).or(page.getByText('no problems')).first().waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow} px`);
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, 'studio-zoom.png'), fullPage: true });
  await page.context().close();
});

// A publish that fails part-way (here the third file's write, as a full disk or a revoked
// permission would) says what was and was not written, and writes no catalog, so no catalog
// ever points at a drill that is not there.
test('a publish that fails part-way says what was written, and leaves no catalog pointing at a missing drill', { skip: BROWSER === 'firefox' && 'Firefox has no File System Access API to publish into' }, async () => {
  const failing = () => {
    const write = FileSystemFileHandle.prototype.createWritable;
    let made = 0;
    FileSystemFileHandle.prototype.createWritable = function (...args) {
      if (this.name.endsWith('.json') && ++made === 3) return Promise.reject(new DOMException('the disk is full', 'QuotaExceededError'));
      return write.apply(this, args);
    };
  };
  const page = await open(env.browser, null, { init: `(${PICKER})(); (${failing})();` });
  await studio(page);
  const drills = [];
  for (const file of (await files(join(ROOT, 'content'))).filter((f) => f.endsWith('.md') && !f.endsWith('.cy.md'))) {
    drills.push({ path: file, text: await readFile(join(ROOT, 'content', file), 'utf8') });
  }
  drills.push({ path: 'settings.yml', text: await readFile(join(ROOT, 'content/settings.yml'), 'utf8') });
  const compiled = drills.length - 1;
  await fill(page, drills);
  await page.getByRole('button', { name: 'Open folder for editing' }).click();
  await page.getByRole('status').getByText(new RegExp(`^Opened ${compiled} drills`)).waitFor();
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  // Every other drill is written; the one that failed is named, with the reason.
  await page.getByText(`did not finish: ${compiled - 1} drills written, 1 not. catalog.json was not written`, { exact: false }).waitFor();
  await page.getByText(/\.json: the disk is full$/).waitFor();
  const written = await published(page, 'published');
  assert.equal(Object.keys(written).length, compiled - 1, 'no empty file is left where the write failed');
  assert.ok(!('catalog.json' in written));
  await accessible(page, 'a publish that failed part-way');
  await page.context().close();
});

// A big, untidy folder: thousands of files, some not drills, some sharing an id. It is read
// and checked, and what was left out is said; nothing hangs or crashes.
test('a folder of 2,000 files, with files that are not drills and duplicate ids, is reported, not crashed on', { skip: BROWSER === 'firefox' && 'Playwright cannot set a directory on a file input in Firefox' }, async () => {
  const folder = join(scratch, 'big', 'library');
  await mkdir(join(folder, 'phishing'), { recursive: true });
  const starter = await readFile(join(ROOT, 'content/phishing/qr-code-parking.md'), 'utf8');
  for (let i = 0; i < 1900; i++) {
    // Every hundredth drill repeats the id of the one before it.
    const id = `phishing/drill-${i % 100 === 99 ? i - 1 : i}`;
    await writeFile(join(folder, 'phishing', `drill-${i}.md`), starter.replace(/^id: .*$/m, `id: ${id}`));
  }
  for (let i = 0; i < 100; i++) await writeFile(join(folder, 'phishing', `notes-${i}.txt`), 'not a drill');
  const page = await open(env.browser, null);
  await studio(page);
  await page.getByLabel('Drill folder').setInputFiles(folder);
  await page.getByRole('status').getByText('Opened 1900 drills. 100 files that are not drills (.md) were left out.').waitFor({ timeout: 60_000 });
  // Nineteen ids used twice, each said once, across the library.
  const across = page.getByRole('list', { name: 'Across the library' }).getByRole('listitem');
  await eventually(async () => assert.equal(await across.filter({ hasText: 'error[duplicate-id]' }).count(), 19));
  assert.deepEqual(page.problems.errors, []);
  await page.context().close();
});

test('once loaded, the studio works offline: open, check, preview, download', async () => {
  const page = await open(env.browser, null);
  // The studio fetches what a preview needs as it starts; then the network goes.
  const fetched = page.waitForEvent('requestfinished', { predicate: (r) => r.url().endsWith('/pkg/cyberdrill_bg.wasm'), timeout: WAIT_MS });
  await studio(page);
  await fetched;
  const requests = [];
  page.on('request', (request) => requests.push(request.url()));
  await page.context().setOffline(true);
  await page.getByLabel('Drill files').setInputFiles(join(ROOT, 'content/devices/usb-in-car-park.md'));
  const widget = preview(page).locator('cyber-drill').getByRole('region', { name: 'Cyber drill' });
  await (await takeDrill(widget)).click();
  await widget.getByRole('heading', { level: 2, name: /Drill complete|Well done/ }).waitFor();
  const { name } = await downloadBytes(page, page.getByRole('button', { name: 'Download .zip' }));
  assert.match(name, /\.zip$/);
  assert.deepEqual(requests.filter((url) => url.startsWith('http')), [], 'nothing fetched from the network once loaded');
  await page.context().close();
});

test('by keyboard alone: a new drill from the starter, refused then accepted id, edited, its preview run', async () => {
  const page = await open(env.browser, null);
  await studio(page);
  const focused = () => page.evaluate(() => `${document.activeElement?.tagName.toLowerCase()} ${document.activeElement?.id || document.activeElement?.textContent.trim().slice(0, 40)}`);
  assert.ok(await tabTo(page, page.getByRole('button', { name: 'New drill' })), 'Tab reaches New drill');
  await page.keyboard.press('Enter');
  await eventually(async () => assert.equal(await focused(), 'input new-id'));
  await page.keyboard.type('Fake Invoice');
  await page.keyboard.press('Enter');
  await page.getByText('is not a drill id').waitFor();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('phishing/fake-invoice');
  await page.keyboard.press('Enter');
  await eventually(async () => assert.match(await focused(), /^h2 editor-heading$/));
  await page.getByRole('heading', { name: 'Edit phishing/fake-invoice.md' }).waitFor();
  // The starter checks clean, so its preview is there; Tab on into the text and change it.
  assert.ok(await tabTo(page, textarea(page)), 'Tab reaches the drill text');
  const titleLine = (await textarea(page).inputValue()).split('\n').findIndex((l) => l.startsWith('title:'));
  await page.keyboard.press('Control+Home');
  for (let i = 0; i < titleLine; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  await page.keyboard.type(' about invoices');
  const widget = preview(page).locator('cyber-drill').getByRole('region', { name: 'Cyber drill' });
  await widget.getByRole('heading', { name: /about invoices$/ }).waitFor();
  assert.ok(await tabTo(page, widget.getByRole('button', { name: 'Start', exact: true }), 80), 'Tab reaches the preview');
  await page.keyboard.press('Enter');
  await widget.getByRole('button', { name: /Start the questions|Check/ }).first().waitFor();
  await accessible(page, 'a new drill by keyboard');
  await page.context().close();
});

// The studio in Welsh (issue 18): `?lang=cy` (or a Welsh <html lang>) and every word the studio
// itself says is Welsh, from studio.cy.txt: no English word of its catalogue in the page's text
// or accessible names, outside the diagnostics (the CLI's words, marked lang="en-GB") and the
// drill's own text (marked with the drill's lang, or inside the preview's widget). axe-core
// clean on every screen, and a link to the other language on each.

/// Every English message of the studio, cut into the fragments an author could read: each form
/// of each English line of studio.cy.txt, split at its placeholders, trimmed of punctuation, of
/// three letters or more.
async function studioFragments() {
  const text = await readFile(join(DIST, 'studio.cy.txt'), 'utf8');
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const fragments = new Set();
  for (let i = 0; i < lines.length; i += 2) {
    for (const form of lines[i].split('|')) {
      for (const part of form.split(/\{+[a-z]+\}+/)) {
        const words = part.replace(/^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu, '');
        if (/\p{L}{3}/u.test(words)) fragments.add(words);
      }
    }
  }
  return [...fragments];
}

/// What an author can read or hear of the studio: the page's title and text, and every
/// accessible name given by an attribute, outside elements in a language other than Welsh
/// and the preview's widget (the widget's words are welsh.test.mjs's).
const readable = (page) =>
  page.evaluate(() => {
    const out = [document.title];
    const walk = (node) => {
      if (node.nodeType === Node.TEXT_NODE) return out.push(node.textContent);
      if (node.nodeType !== Node.ELEMENT_NODE) return;
      if (/^(script|style|cyber-drill)$/i.test(node.localName)) return;
      const lang = node.getAttribute('lang');
      if (lang && !/^cy\b/i.test(lang)) return;
      for (const name of ['aria-label', 'title', 'alt', 'placeholder']) {
        const value = node.getAttribute(name);
        if (value) out.push(value);
      }
      for (const child of node.childNodes) walk(child);
    };
    walk(document.body);
    return out.join('\n');
  });

async function inWelsh(page, fragments, screen) {
  const text = await readable(page);
  const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const found = fragments.filter((f) => new RegExp(`(^|[^\\p{L}])${escape(f)}($|[^\\p{L}])`, 'u').test(text));
  assert.deepEqual(found, [], `English words of the studio on its ${screen} screen:\n${text}`);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'cy');
  await accessible(page, `in Welsh, ${screen}`);
}

test('the studio in Welsh: open, check, publish, edit, preview, a new drill, with no English word of its own, axe-clean', async () => {
  const fragments = await studioFragments();
  assert.ok(fragments.length > 80, `${fragments.length} English fragments`);
  const page = await open(env.browser, null);
  await page.goto(`${env.origin}/studio.html?lang=cy`);
  await page.getByRole('button', { name: 'Agor ffeiliau' }).waitFor();
  // The switch to English is English, and says so.
  assert.equal(await page.getByRole('link', { name: 'English' }).getAttribute('lang'), 'en-GB');
  await inWelsh(page, fragments, 'first');

  // A drill with an error and one without: the library, the problems (the CLI's words, in
  // English, marked so), and what opening said.
  await page.getByLabel('Ffeiliau dril').setInputFiles([join(FIXTURES, 'no-choices.md'), join(ROOT, 'content/devices/usb-in-car-park.md')]);
  await page.getByRole('status').getByText('Agorwyd 2 ddril.').waitFor();
  const headline = problems(page, 'Problemau').getByText('error[no-choices]');
  await headline.waitFor();
  assert.equal(await headline.getAttribute('lang'), 'en-GB');
  await page.getByRole('heading', { name: 'Golygu no-choices.md' }).waitFor();
  await inWelsh(page, fragments, 'a drill with problems');

  // Publishing as a .zip leaves the drill with errors out, and says why in the CLI's words.
  const { name } = await downloadBytes(page, page.getByRole('button', { name: 'Lawrlwytho .zip' }));
  assert.match(name, /\.zip$/);
  await page.getByText(`Mae ${name} yn cael ei lawrlwytho, gyda catalog.json a 1 dril.`).waitFor();
  await page.getByRole('heading', { name: "Wedi'u gadael allan (1)" }).waitFor();
  await inWelsh(page, fragments, 'published');

  // The fix, typed: the live region says what is left, and the preview's widget is Welsh.
  await textarea(page, 'Testun y dril').evaluate((el) => {
    const at = el.value.indexOf('Think about it.') + 'Think about it.'.length;
    el.setSelectionRange(at, at);
    el.focus();
  });
  await page.keyboard.type('\n\n- [ ] Open the link\n- [x] Report it\n');
  await headline.waitFor({ state: 'detached' });
  await page.locator('[aria-live=polite]').getByText('Dim problemau.').waitFor();
  const widget = page.getByRole('region', { name: 'Rhagolwg' }).locator('cyber-drill').getByRole('region', { name: 'Dril seiber' });
  await widget.getByRole('button', { name: 'Dechrau', exact: true }).waitFor();
  assert.equal(await page.locator('cyber-drill').getAttribute('lang'), 'cy');
  await inWelsh(page, fragments, 'the preview');

  // A new drill: its form, a refused id, then the starter in the editor.
  await page.getByRole('button', { name: 'Dril newydd' }).click();
  await page.getByLabel('Dynodydd y dril').fill('Fake Invoice');
  await page.getByRole('button', { name: 'Creu dril' }).click();
  await page.getByText('nid yw `Fake Invoice` yn ddynodydd dril').waitFor();
  await inWelsh(page, fragments, 'a refused id');
  await page.getByLabel('Dynodydd y dril').fill('phishing/fake-invoice');
  await page.getByRole('button', { name: 'Creu dril' }).click();
  await page.getByRole('status').getByText("Ychwanegwyd phishing/fake-invoice.md. Nid yw wedi'i gadw eto.").waitFor();
  await page.getByText('Newidiadau heb eu cadw').waitFor();
  await inWelsh(page, fragments, 'a new drill');
  assert.deepEqual(page.problems.errors, []);
  await page.context().close();
});

test('the language switch: by keyboard from English to Welsh and back; a Welsh page is Welsh without ?lang', async () => {
  const page = await open(env.browser, null);
  await studio(page);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en-GB');
  const cymraeg = page.getByRole('link', { name: 'Cymraeg' });
  assert.equal(await cymraeg.getAttribute('lang'), 'cy');
  assert.ok(await tabTo(page, cymraeg), 'Tab reaches Cymraeg');
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Agor ffeiliau' }).waitFor();
  assert.equal(new URL(page.url()).searchParams.get('lang'), 'cy');
  assert.equal(await page.title(), "Stiwdio'r driliau · cyberdrill");
  assert.ok(await tabTo(page, page.getByRole('link', { name: 'English' })), 'Tab reaches English');
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Open files' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en-GB');
  await page.context().close();

  // A trust's own copy of studio.html in Welsh: its <html lang> chooses.
  const welsh = await open(env.browser, null);
  await welsh.route('**/studio.html', async (route) => {
    const response = await route.fetch();
    route.fulfill({ response, body: (await response.text()).replace('<html lang="en-GB">', '<html lang="cy">') });
  });
  await welsh.goto(`${env.origin}/studio.html`);
  await welsh.getByRole('button', { name: 'Agor ffeiliau' }).waitFor();
  await welsh.context().close();
});

test('a Welsh studio whose Welsh words cannot be had is English throughout, and the console says why', async () => {
  const page = await open(env.browser, null);
  await page.route('**/studio.cy.txt', (route) => route.fulfill({ status: 404, body: 'gone' }));
  await page.goto(`${env.origin}/studio.html?lang=cy`);
  await page.getByRole('button', { name: 'Open files' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en-GB');
  await logged(page, /^cyberdrill studio: .*studio\.cy\.txt: the server answered 404; speaking English instead$/);
  await page.context().close();
});
