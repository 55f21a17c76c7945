// cyberdrill's Markdown path: the loader (cyberdrill.js) imports this only for a drill whose
// path ends .md. The Markdown module (src/bindings.rs, pkg/cyberdrill_compiler.js) compiles
// it with the checker `cyberdrill check` uses; the console gets each problem's first line as
// that prints it (the URL for the path), and a drill with errors is refused with their count.

const here = new URL('.', import.meta.url);
let module; // the module's promise, until it fails: then the next drill tries again

function compiler() {
  module ??= (async () => {
    const glue = await import(new URL('pkg/cyberdrill_compiler.js', here).href);
    await glue.default({ module_or_path: new URL('pkg/cyberdrill_compiler_bg.wasm', here) });
    return glue;
  })().catch((error) => {
    module = undefined;
    throw error;
  });
  return module;
}

/// The compiled drill for the Markdown `text` fetched from `url`, or an error saying why not.
/// Today's date, in the learner's time zone, is for reviews that have fallen due.
export async function compile(url, text) {
  const glue = await compiler();
  const local = new Date(Date.now() - new Date().getTimezoneOffset() * 60_000);
  const report = JSON.parse(glue.compile(url, text, local.toISOString().slice(0, 10)));
  let errors = 0;
  for (const { severity, headline } of report.diagnostics) {
    if (severity === 'error') errors++;
    console[severity === 'error' ? 'error' : 'warn'](headline);
  }
  if (report.drill === null) throw new Error(`the Markdown has ${errors} error${errors === 1 ? '' : 's'} (listed above)`);
  return report.drill;
}
