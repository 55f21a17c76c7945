// The size budget: everything the widget downloads for a first drill, gzip-compressed. No
// browser needed: the files are read from the built bundle (dist/, or CYBERDRILL_DIST) and
// compressed here at zlib level 9, as a static server's precompressed files would be.
// tests/bench/run.mjs measures the same files as actually served.
//
// The budget is 150 KB, what issue 7 set, and the test holds the first drill to it. On 3
// December issue 17's features and library took it to 155,173 B, a cut at the link (wasm-streams'
// unused classes, tools/linker.sh) brought it back to 150,325 B, issue 18's message catalogue and
// drills in the learner's language and a fix that keeps two tabs' results took it to 156,735 B,
// and the same day's last cuts brought it to 153,430 B: content requests made by the loader,
// Leptos's memo and trigger code left out, Export's file offered by the loader (ARCHITECTURE.md,
// "Where the bytes go"); the loader's start-failure line in Welsh made it 153,515 B;
// saving the drill in progress at Start, 153,511 B, 89 B under. No capability was dropped for the number. The test
// prints what is left, so a change that spends it shows in every run. The catalog grows by about
// 75 bytes per drill, most of it the two hashes, which do not compress.

import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';

import { DIST } from './server.mjs';

const BUDGET = 150 * 1024;
const gzipped = async (file) => gzipSync(await readFile(file), { level: 9 }).length;

/// The compiled drills under `dir`: in English (`x.json`), or with `lang`, its translations
/// (`x.cy.json`). Catalogs (`catalog.json`, `catalog.cy.json`) are not drills.
async function compiledDrills(dir, lang = null) {
  const found = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const translation = entry.name.match(/\.([a-z]{2,3})\.json$/)?.[1] ?? null;
    if (entry.isDirectory()) found.push(...(await compiledDrills(path, lang)));
    else if (entry.name.endsWith('.json') && !entry.name.startsWith('catalog.') && translation === lang) found.push(path);
  }
  return found;
}

/// The largest of `files`, compressed: `{ file, bytes }`.
async function largest(files) {
  let found = null;
  for (const file of files) {
    const bytes = await gzipped(file);
    if (!found || bytes > found.bytes) found = { file, bytes };
  }
  return found;
}

test(`a first drill is at most ${BUDGET / 1024} KB, gzip-compressed`, async () => {
  const files = ['cyberdrill.js', 'pkg/cyberdrill.js', 'pkg/cyberdrill_bg.wasm', 'cyberdrill.css', 'content/catalog.json'].map((f) => join(DIST, f));
  // The largest drill, compressed: the worst first drill a learner can be offered.
  const drill = await largest(await compiledDrills(join(DIST, 'content')));
  assert.ok(drill, `no compiled drill (.json) in ${join(DIST, 'content')}: build the bundle first`);

  const sizes = [];
  for (const file of files) sizes.push({ file, bytes: await gzipped(file) });
  sizes.push(drill);
  const total = sizes.reduce((sum, s) => sum + s.bytes, 0);
  const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
  const breakdown = sizes.map((s) => `  ${relative(DIST, s.file).padEnd(40)} ${String(s.bytes).padStart(8)} B  ${kb(s.bytes).padStart(9)}`).join('\n');
  const summary = `${breakdown}\n  ${'total'.padEnd(40)} ${String(total).padStart(8)} B  ${kb(total).padStart(9)}  (budget ${kb(BUDGET)}, ${BUDGET - total} B to spare)`;
  assert.ok(total <= BUDGET, `the widget's first drill is ${kb(total)} gzip-compressed, ${total - BUDGET} B over the ${kb(BUDGET)} budget:\n${summary}`);
  console.log(`gzip-compressed (level 9), from ${DIST}:\n${summary}`);
});

// The Welsh learner (issue 18): on top of the first drill above, the widget's Welsh words
// (`cyberdrill.cy.txt`) and the catalog of Welsh translations (`catalog.cy.json`), which only a
// widget whose language is Welsh fetches (an English page never asks for them:
// tests/browser/welsh.test.mjs), and a Welsh drill in place of an English one when the drill
// has a translation. Reported, and held to a ceiling.
const WELSH_CEILING = 8 * 1024;

test(`a Welsh learner's extra download is at most ${WELSH_CEILING / 1024} KB, gzip-compressed`, async () => {
  const words = await gzipped(join(DIST, 'cyberdrill.cy.txt'));
  const catalog = await gzipped(join(DIST, 'content', 'catalog.cy.json'));
  const english = await largest(await compiledDrills(join(DIST, 'content')));
  const welsh = await largest(await compiledDrills(join(DIST, 'content'), 'cy'));
  // The worst case: the largest Welsh drill in place of the largest English one.
  const drill = Math.max(0, welsh.bytes - english.bytes);
  const extra = words + catalog + drill;
  assert.ok(extra <= WELSH_CEILING, `a Welsh learner downloads ${extra} B more, over the ${WELSH_CEILING} B ceiling`);
  console.log(`a Welsh learner downloads ${extra} B more, gzip-compressed: cyberdrill.cy.txt ${words} B, catalog.cy.json ${catalog} B, the largest Welsh drill (${relative(DIST, welsh.file)}, ${welsh.bytes} B) ${drill} B over the largest English one`);
});

// The Markdown module (issue 15): what a learner's browser downloads on top of the above for
// a drill in Markdown (markdown.js, the module's glue and wasm). Its target is 100 KB, which it
// misses: pulldown-cmark alone, the parser the CLI uses too, is 71 KB gzip in a wasm of its own
// (measured), and the checker, diagnostics and JSON take the rest (ARCHITECTURE.md, "Where the
// bytes go"). So this holds it to a ceiling of what it is, and prints the gap to the target.
// The ceiling was 130 KB until 3 December, when the checker learnt variants, genuine messages,
// declared question types, trust settings, governance fields and translations (128.3 KB to
// 136.4 KB): every check the CLI makes is in the module too, so that the two never disagree.
const MODULE_TARGET = 100 * 1024;
const MODULE_CEILING = 140 * 1024;

test(`the Markdown module is at most ${MODULE_CEILING / 1024} KB, gzip-compressed (its target: ${MODULE_TARGET / 1024} KB)`, async () => {
  const files = ['markdown.js', 'pkg/cyberdrill_compiler.js', 'pkg/cyberdrill_compiler_bg.wasm'];
  let total = 0;
  for (const file of files) total += await gzipped(join(DIST, file));
  const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
  assert.ok(total <= MODULE_CEILING, `the Markdown module is ${kb(total)} gzip-compressed, over its ${kb(MODULE_CEILING)} ceiling`);
  console.log(`the Markdown module: ${total} B (${kb(total)}) gzip-compressed; ${MODULE_CEILING - total} B under its ceiling, ${kb(total - MODULE_TARGET)} over the ${kb(MODULE_TARGET)} target`);
});

// The studio has no budget of its own: its bytes are reported, for the closing note and the
// README, so a change that grows it shows in every run.
test('the studio: bytes to its first usable screen, reported', async () => {
  const files = ['studio.html', 'studio.js', 'page.css', 'studio.css', 'pkg/cyberdrill_studio.js', 'pkg/cyberdrill_studio_bg.wasm'];
  const sizes = [];
  for (const file of files) sizes.push([file, await gzipped(join(DIST, file))]);
  const total = sizes.reduce((sum, [, bytes]) => sum + bytes, 0);
  console.log(`the studio, gzip-compressed:\n${sizes.map(([f, b]) => `  ${f.padEnd(40)} ${String(b).padStart(8)} B`).join('\n')}\n  ${'total'.padEnd(40)} ${String(total).padStart(8)} B  ${(total / 1024).toFixed(1)} KB`);
  assert.ok(total > 0);
});
