// The widget's last build step (a Trunk post-build hook, see Trunk.toml): makes what ships
// smaller without changing what it does, in Trunk's staging directory (or the one named).
// Each step was measured against the one before it (gzip -9; README, Performance).
//
// 1. wasm-streams' classes go: Leptos always links its server functions, which stream through
//    them; the widget has no server functions, so nothing creates one. Their exports, with the
//    code only those reach, were left out at the link (tools/linker.sh: 4.4 KB); here their
//    classes, which wasm-bindgen still writes, are cut from the glue.
// 2. binaryen's wasm-opt (npm binaryen, pinned in package.json; Debian's 108 breaks the wasm),
//    in two runs with a reordering between them:
//    - functions sorted by name first, so each generic function's copies sit side by side
//      where gzip finds their likeness (1.4 KB less than wasm-opt's own order);
//    - -Oz twice, told that memory starts zeroed and that its lowest 1 KB is never used (true
//      of Rust's layout, where the stack grows down towards it from 1 MiB): 3 KB less than
//      -Oz alone;
//    - a function with one caller is inlined into it only when tiny (15 expressions, as
//      binaryen measures size). By default binaryen inlines every such function, whatever its
//      size, which welded Leptos's views into a few giant functions: 22 KB for the screen
//      switch alone. Apart, the copies of each generic function look alike and gzip finds
//      them (13.6 KB less), and the browser, which compiles a wasm function on its first
//      call, compiles only the screens it shows rather than all of them at the first render;
//    - then the functions reordered for gzip (orderBySimilarity, with binaryen's JS API, the
//      same npm package): by type, then by the shape of their code, so functions that differ
//      only in what they call or which offsets they load sit side by side, and -Oz once more
//      (3 December: 2,395 B less than name order alone; reordering twice measured 78 B more).
//      Only the order of the code changes: binaryen renumbers every call, table entry and export;
//    - no producers or target-features sections, which only tools read (last: the reordering
//      reads the module's features from the latter);
//    - short import and export names. wasm-bindgen names each import after its JS binding plus
//      a 16-digit hash (`__wbg_appendChild_dbf7ad2f48413560`), and both the wasm and its glue
//      carry every name. wasm-opt renames them (`a`, `b`, ...) and prints the mapping, and the
//      glue is rewritten to match (4.9 KB less across the two files).
//    Trunk's own wasm-opt step is off (index.html): it puts -Oz before any other flag.
// 3. esbuild minifies the loader, the glue, the iframe script and the stylesheet.
// 4. The authoring front ends and the reporting module (tools/authoring.sh) get
//    step 2's wasm-opt passes but the renaming (which would need their glue rewritten too:
//    the module measured 3 KB less for these, 127 KB against 130 KB) and minified glue; the
//    studio's script and stylesheet are minified.
//
// Every edit of the glue must find what it expects exactly once, or the build fails: a
// wasm-bindgen or Leptos upgrade that changes the glue's shape stops here instead of shipping
// a widget that cannot start. Nothing is downloaded.

import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import binaryen from 'binaryen';

const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
if (!dir) fail('usage: node tools/finish.mjs <dir>, or as a Trunk hook');

const bin = (tool) => join(import.meta.dirname, '..', 'node_modules', '.bin', tool);
const wasmPath = join(dir, 'pkg', 'cyberdrill_bg.wasm');
const gluePath = join(dir, 'pkg', 'cyberdrill.js');
// The features Rust 1.95's wasm32 target and wasm-bindgen 0.2.130's output use.
const FEATURES = ['bulk-memory', 'nontrapping-float-to-int', 'sign-ext', 'mutable-globals', 'reference-types'].map(
  (f) => `--enable-${f}`,
);
// Step 2's passes (but the renaming) and options, for every wasm: the first run, then
// orderBySimilarity, then the last run.
const PASSES = ['--reorder-functions-by-name', '-Oz', '-Oz'];
const LAST_PASSES = ['-Oz', '--strip-producers', '--strip-target-features'];
const OPTIONS = ['--low-memory-unused', '--zero-filled-memory', '--one-caller-inline-max-function-size=15', ...FEATURES];
// Step 1's classes.
const UNUSED_CLASSES = ['IntoUnderlyingByteSource', 'IntoUnderlyingSink', 'IntoUnderlyingSource'];

let glue = readFileSync(gluePath, 'utf8');
glue = dropUnusedClasses(glue);
glue = optimize(glue);
writeFileSync(gluePath, glue);
for (const name of ['cyberdrill_compiler', 'cyberdrill_studio', 'cyberdrill_reporting']) {
  const path = join(dir, 'pkg', `${name}_bg.wasm`);
  execFileSync(bin('wasm-opt'), [path, ...PASSES, ...OPTIONS, '-o', path], { stdio: 'inherit' });
  orderBySimilarity(path);
  execFileSync(bin('wasm-opt'), [path, ...LAST_PASSES, ...OPTIONS, '-o', path], { stdio: 'inherit' });
}
for (const file of [
  'cyberdrill.js',
  'markdown.js',
  'lrs.js',
  'embed.js',
  'pkg/cyberdrill.js',
  'cyberdrill.css',
  'pkg/cyberdrill_compiler.js',
  'pkg/cyberdrill_studio.js',
  'pkg/cyberdrill_reporting.js',
  'studio.js',
  'page.css',
  'studio.css',
  'report.js',
  'tally.js',
  'report.css',
  ...snippets(join(dir, 'pkg', 'snippets')),
]) {
  const path = join(dir, file);
  execFileSync(bin('esbuild'), [path, '--minify', '--log-level=warning', '--allow-overwrite', `--outfile=${path}`], {
    stdio: 'inherit',
  });
}

// The studio's own JavaScript (wasm-bindgen copies it under pkg/snippets), relative to `dir`.
function snippets(folder) {
  return readdirSync(folder, { recursive: true })
    .filter((file) => file.endsWith('.js'))
    .map((file) => join('pkg', 'snippets', file));
}

// Removes UNUSED_CLASSES from the glue. Their exports, and the code only those reached, were
// left out at the link (tools/linker.sh), so wasm-bindgen wrote classes over nothing; a wasm
// that still exports any of them was linked some other way, which would ship that code.
function dropUnusedClasses(glue) {
  const exports = wasmExports();
  for (const name of UNUSED_CLASSES) {
    const lower = name.toLowerCase();
    const left = exports.filter((e) => e.includes(lower));
    if (left.length > 0) fail(`${wasmPath}: still exports ${left.join(', ')}: link with tools/linker.sh (.cargo/config.toml)`);
    if (!glue.includes(`class ${name} `)) fail(`${gluePath}: no class \`${name}\` any more; take it out of UNUSED_CLASSES`);
    glue = removeOnce(glue, new RegExp(`^export class ${name} \\{\n[\\s\\S]*?^\\}\n`, 'm'));
    glue = removeOnce(glue, new RegExp(`^if \\(Symbol\\.dispose\\) ${name}\\.prototype.*\n`, 'm'));
    glue = removeOnce(glue, new RegExp(`^const ${name}Finalization = [\\s\\S]*?;\n`, 'm'));
    if (glue.includes(name)) fail(`${gluePath}: \`${name}\` is still used after removing its class`);
  }
  return glue;
}

function optimize(glue) {
  const passes = [...PASSES, '--minify-imports-and-exports-and-modules'];
  const options = OPTIONS;
  // The last pass prints its mapping as JSON on stdout.
  const mapping = JSON.parse(
    execFileSync(bin('wasm-opt'), [wasmPath, ...passes, ...options, '-o', wasmPath], { encoding: 'utf8' }),
  );
  orderBySimilarity(wasmPath);
  execFileSync(bin('wasm-opt'), [wasmPath, ...LAST_PASSES, ...options, '-o', wasmPath], { stdio: 'inherit' });
  const modules = new Set(mapping.imports.map(([module]) => module));
  if (modules.size !== 1) fail(`expected the imports of one module, found ${[...modules].join(', ')}`);
  const module = WebAssembly.Module.imports(wasm())[0].module;
  glue = replaceOnce(glue, `${JSON.stringify([...modules][0])}:`, `${JSON.stringify(module)}:`);
  // Each import is one key of the import object: `name: function(...)`.
  for (const [, from, to] of mapping.imports) glue = replaceOnce(glue, `${from}: `, `${to}: `);
  // Exports are read as `wasm.name`; a few (abort hooks, wasm-split's marker) are never read.
  for (const [from, to] of mapping.exports) {
    glue = glue.replace(new RegExp(`\\bwasm\\.${from}\\b`, 'g'), `wasm.${to}`);
  }
  const left = glue.match(/\bwasm\.(__wbindgen_\w+|__wbg_\w+|wasm_bindgen__\w+|memory)\b/);
  if (left) fail(`${gluePath}: \`${left[0]}\` has no export after renaming`);
  return glue;
}

// Puts the functions of the wasm at `path` in an order where gzip finds more of their likeness:
// by type, then by the shape of their code (the text of the body without names, numbers or
// strings), so that functions that differ only in which function they call or which offset
// they load sit side by side. What each does is unchanged: only their order in the code
// section, and with it their indices, which binaryen renumbers in every call, table and export.
function orderBySimilarity(path) {
  // The features are the module's own (its target_features section, stripped only after).
  const mod = binaryen.readBinary(readFileSync(path));
  try {
    const types = (type) => binaryen.expandType(type).join(',');
    const shape = (body) => binaryen.emitText(body).replace(/\$[^\s()]+|"(?:[^"\\]|\\.)*"|-?\b\d[\w.+-]*/g, '');
    const functions = [];
    for (let i = 0; i < mod.getNumFunctions(); i++) {
      const f = binaryen.getFunctionInfo(mod.getFunctionByIndex(i));
      if (!f.module) functions.push({ f, key: `${types(f.params)}>${types(f.results)}|${f.vars.join(',')}|${shape(f.body)}` });
    }
    functions.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    // Each goes to the end, in that order, under its own name.
    for (const { f } of functions) {
      const body = mod.copyExpression(f.body);
      mod.removeFunction(f.name);
      mod.addFunction(f.name, f.params, f.results, f.vars, body);
    }
    if (!mod.validate()) fail(`${path}: reordering its functions made the module invalid`);
    binaryen.setDebugInfo(false);
    writeFileSync(path, mod.emitBinary());
  } finally {
    mod.dispose();
  }
}

// The wasm as it is on disk now, compiled so its imports and exports can be read.
function wasm() {
  return new WebAssembly.Module(readFileSync(wasmPath));
}

function wasmExports() {
  return WebAssembly.Module.exports(wasm()).map((e) => e.name);
}

function removeOnce(text, pattern) {
  const count = (text.match(new RegExp(pattern.source, `${pattern.flags}g`)) ?? []).length;
  if (count !== 1) fail(`${gluePath}: expected one match of /${pattern.source}/, found ${count}`);
  return text.replace(pattern, '');
}

function replaceOnce(text, from, to) {
  const count = text.split(from).length - 1;
  if (count !== 1) fail(`${gluePath}: expected \`${from}\` once, found it ${count} times`);
  return text.replace(from, to);
}

function fail(message) {
  console.error(`finish: ${message}`);
  process.exit(1);
}
