// The widget in Welsh (issue 18): a drill from card to "My progress" on a page whose <html
// lang> is Welsh, with not one English word of the widget's catalogue anywhere in the shadow
// root's text or accessible names, and axe-core clean on every screen; the element's own
// `lang` chooses too, and an English page never asks for the Welsh words; a Welsh page whose Welsh words cannot be had is English throughout; and the loader's own message, when the widget cannot start at all, is in the element's language.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';

import { DIST, axe, logged, open, setup } from './harness.mjs';

const ID = 'phishing/lookalike-sender';

/// A host page in `lang` holding `body`.
const page = (lang, body) => (req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Tudalen</title><script type="module" src="/cyberdrill.js"></script></head><body><main><h1>Tudalen</h1>${body}</main></body></html>`);
};

const env = setup({
  routes: {
    '/cy.html': page('cy', `<cyber-drill drill="${ID}" report-url="https://intranet.example.nhs.uk/report"></cyber-drill>`),
    '/element.html': page('en-GB', `<cyber-drill drill="${ID}" lang="cy-GB"></cyber-drill>`),
    '/english.html': page('en-GB', `<cyber-drill drill="${ID}"></cyber-drill>`),
  },
});

/// Every English message of the widget, cut into the fragments a learner could read: each
/// form of each English line of the Welsh file (the English is its key), split at its
/// placeholders, trimmed of punctuation, of three letters or more.
async function englishFragments() {
  const text = await readFile(`${DIST}/cyberdrill.cy.txt`, 'utf8');
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const fragments = new Set();
  for (let i = 0; i < lines.length; i += 2) {
    for (const form of lines[i].split('|')) {
      for (const part of form.split(/\{[a-z]+\}/)) {
        const words = part.replace(/^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu, '');
        if (/\p{L}{3}/u.test(words)) fragments.add(words);
      }
    }
  }
  return [...fragments];
}

/// What a learner can read or hear of the widget: its shadow root's text, and every
/// accessible name given by an attribute, outside drill content marked in another language
/// than Welsh (the drill's own words, not the widget's).
function readable(page) {
  return page.evaluate(() => {
    const root = document.querySelector('cyber-drill').shadowRoot;
    const out = [];
    const walk = (node) => {
      if (node.nodeType === Node.TEXT_NODE) return out.push(node.textContent);
      if (node.nodeType !== Node.ELEMENT_NODE && node !== root) return;
      const lang = node.getAttribute?.('lang');
      if (lang && !/^cy\b/i.test(lang)) return;
      for (const name of ['aria-label', 'title', 'alt', 'placeholder']) {
        const value = node.getAttribute?.(name);
        if (value) out.push(value);
      }
      for (const child of node.childNodes) walk(child);
    };
    walk(root);
    return out.join('\n');
  });
}

async function noEnglish(page, fragments, screen) {
  const text = await readable(page);
  const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const found = fragments.filter((f) => new RegExp(`(^|[^\\p{L}])${escape(f)}($|[^\\p{L}])`, 'u').test(text));
  assert.deepEqual(found, [], `English words of the widget on the ${screen} screen:\n${text}`);
  assert.deepEqual(await axe(page), [], `axe violations on the ${screen} screen`);
}

test('a drill start to finish on a Welsh page: no English word of the widget anywhere, axe-clean', async () => {
  const fragments = await englishFragments();
  assert.ok(fragments.length > 100, `${fragments.length} English fragments`);
  const p = await open(env.browser, `${env.origin}/cy.html`);
  const widget = p.locator('cyber-drill').getByRole('region', { name: 'Dril seiber' });

  await widget.getByRole('button', { name: 'Dechrau', exact: true }).waitFor();
  assert.equal(await p.locator('cyber-drill .cyberdrill').getAttribute('lang'), 'cy');
  // The drill has a Welsh translation, so the drill is in Welsh too, marked so, and says that
  // no Welsh speaker has reviewed it yet.
  const title = widget.getByRole('heading', { level: 2, name: 'Y blwch post oedd bron yn llawn' });
  await title.waitFor();
  assert.equal(await title.getAttribute('lang'), 'cy');
  await widget.getByText("Nid yw siaradwr Cymraeg wedi adolygu'r fersiwn Gymraeg hon eto.").waitFor();
  await noEnglish(p, fragments, 'card');
  await widget.getByRole('button', { name: 'Dechrau', exact: true }).click();

  await widget.getByRole('button', { name: "Dechrau'r cwestiynau" }).click();
  await widget.getByRole('button', { name: 'Gwirio' }).waitFor();
  await noEnglish(p, fragments, 'red-flags question');
  // Check with nothing picked: the live region asks for an answer, in Welsh.
  await widget.locator('button[aria-pressed]').first().click();
  await widget.getByRole('button', { name: 'Gwirio' }).click();
  await widget.getByRole('button', { name: 'Cwestiwn nesaf' }).waitFor();
  await noEnglish(p, fragments, 'red-flags feedback');
  await widget.getByRole('button', { name: 'Cwestiwn nesaf' }).click();

  await widget.getByRole('radio').first().waitFor();
  // The Welsh drill's {{names}} are filled with the trust's Welsh settings (settings.cy.yml).
  await widget.getByText('y botwm "Report phishing" yn Outlook', { exact: false }).waitFor();
  await widget.getByRole('button', { name: 'Gwirio' }).click();
  assert.equal(await widget.getByRole('status').last().textContent(), 'Dewiswch ateb yn gyntaf');
  await widget.getByRole('radio').first().check();
  await noEnglish(p, fragments, 'pick-one question');
  await widget.getByRole('button', { name: 'Gwirio' }).click();
  await widget.getByRole('button', { name: 'Gweld eich canlyniadau' }).waitFor();
  await noEnglish(p, fragments, 'pick-one feedback');
  await widget.getByRole('button', { name: 'Gweld eich canlyniadau' }).click();

  await widget.getByRole('link', { name: 'Rhoi gwybod amdano' }).waitFor();
  assert.match(await widget.innerText(), /Cawsoch chi \d o 2 gwestiwn yn gywir\./);
  assert.match(await widget.innerText(), /Bydd y dril hwn yn dod yn ôl ymhen \d+ (diwrnod|ddiwrnod), sef dydd [A-Z][a-z]+ \d+ [A-Z][a-z]+\./);
  await noEnglish(p, fragments, 'summary');

  await widget.getByRole('button', { name: 'Fy nghynnydd' }).click();
  await widget.getByRole('heading', { level: 2, name: 'Fy nghynnydd' }).waitFor();
  await noEnglish(p, fragments, 'my progress');
  await widget.getByRole('button', { name: 'Clirio cynnydd' }).click();
  await widget.getByRole('button', { name: 'Ei gadw' }).waitFor();
  await noEnglish(p, fragments, 'confirm clear');
  assert.deepEqual(p.problems.errors, []);
  await p.context().close();
});

test('progress is per drill, whatever the language: a drill begun in English resumes in Welsh', async () => {
  const p = await open(env.browser, `${env.origin}/english.html`);
  const english = p.locator('cyber-drill').getByRole('region', { name: 'Cyber drill' });
  await english.getByRole('button', { name: 'Start', exact: true }).click();
  await english.getByRole('button', { name: 'Start the questions' }).click();
  await english.getByRole('button', { name: 'Check' }).click();
  await english.getByRole('button', { name: 'Next question' }).waitFor();
  await p.goto(`${env.origin}/cy.html`);
  const welsh = p.locator('cyber-drill').getByRole('region', { name: 'Dril seiber' });
  await welsh.getByRole('button', { name: 'Parhau (cwestiwn 2 o 2)' }).click();
  await welsh.getByRole('radio').first().waitFor();
  assert.equal(await welsh.locator('.question h2').getAttribute('lang'), 'cy');
  await p.context().close();
});

test("the element's own lang chooses Welsh on an English page, and an English page stays English", async () => {
  const welsh = await open(env.browser, `${env.origin}/element.html`);
  await welsh.locator('cyber-drill').getByRole('region', { name: 'Dril seiber' }).getByRole('button', { name: 'Dechrau', exact: true }).waitFor();
  await welsh.context().close();

  const asked = () => env.server.hits.filter((path) => path.endsWith('.cy.txt')).length;
  const before = asked();
  const english = await open(env.browser, `${env.origin}/english.html`);
  await english.locator('cyber-drill').getByRole('region', { name: 'Cyber drill' }).getByRole('button', { name: 'Start', exact: true }).waitFor();
  assert.equal(await english.locator('cyber-drill .cyberdrill').getAttribute('lang'), 'en-GB');
  assert.equal(asked(), before, 'an English page never asks for the Welsh words');
  await english.context().close();
});

test('a Welsh page whose Welsh words cannot be had is English throughout, and the console says why', async () => {
  const server = env.server;
  const p = await open(env.browser);
  await p.route('**/cyberdrill.cy.txt', (route) => route.fulfill({ status: 404, body: 'gone' }));
  await p.goto(`${server.origin}/cy.html`);
  await p.locator('cyber-drill').getByRole('region', { name: 'Cyber drill' }).getByRole('button', { name: 'Start', exact: true }).waitFor();
  assert.equal(await p.locator('cyber-drill .cyberdrill').getAttribute('lang'), 'en-GB');
  await logged(p, /cyberdrill: .*cyberdrill\.cy\.txt: the server answered 404; speaking English instead/);
  await p.context().close();
});

test("when the widget cannot start, the loader's message is in the element's language, and marked so", async () => {
  const cases = [
    ['/cy.html', 'cy', "Nid oedd modd llwytho'r dril hwn. Mae eich cynnydd yn ddiogel."],
    ['/element.html', 'cy', "Nid oedd modd llwytho'r dril hwn. Mae eich cynnydd yn ddiogel."],
    ['/english.html', 'en-GB', 'This drill could not be loaded. Your progress is safe.'],
  ];
  for (const [path, lang, text] of cases) {
    const p = await open(env.browser);
    await p.route('**/pkg/cyberdrill_bg.wasm', (route) => route.fulfill({ status: 503, body: 'Busy' }));
    await p.goto(`${env.origin}${path}`);
    const message = p.locator('cyber-drill').getByRole('status').filter({ hasText: text });
    await message.waitFor();
    assert.equal(await message.getAttribute('lang'), lang, path);
    await p.context().close();
  }
});
