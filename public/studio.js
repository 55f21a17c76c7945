// The drill studio's page script: defines <cyber-drill> for the preview, then starts the
// studio (src/studio, built as pkg/cyberdrill_studio.js) in the page's <main>, in its language:
// the page's ?lang=, else its <html lang>, Welsh for `cy` (as the widget decides, by
// words::Lang::from_tag), with the Welsh words from studio.cy.txt.
import { prepare } from './cyberdrill.js';
import init, { studio } from './pkg/cyberdrill_studio.js';

const main = document.querySelector('main');
const lang = new URLSearchParams(location.search).get('lang') || document.documentElement.lang;
const welsh = /^cy([-_]|$)/i.test(lang);
// What the page says before the studio's words are read: studio.cy.txt's, which `cargo test`
// holds these to.
const [loading, failed] = welsh
  ? ["Wrthi'n llwytho'r stiwdio…", 'Nid oedd modd cychwyn y stiwdio yn y porwr hwn. Rhowch gynnig ar fersiwn ddiweddar o Edge, Chrome neu Firefox, neu defnyddiwch y gorchymyn cyberdrill yn lle hynny.']
  : ['Loading the studio…', 'The studio could not start in this browser. Try an up-to-date Edge, Chrome or Firefox, or use the cyberdrill command instead.'];
if (welsh) {
  document.documentElement.lang = 'cy';
  main.querySelector('[role=status]').textContent = loading;
}

// The Welsh words; without them the studio speaks English throughout, and says why here.
async function translation() {
  const url = new URL('studio.cy.txt', import.meta.url);
  try {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`the server answered ${response.status}`);
    return await response.text();
  } catch (error) {
    console.error(`cyberdrill studio: ${url.href}: ${error.message}; speaking English instead`);
    return undefined;
  }
}

try {
  const [words] = await Promise.all([welsh ? translation() : undefined, init({ module_or_path: new URL('pkg/cyberdrill_studio_bg.wasm', import.meta.url) })]);
  studio(main, lang || undefined, words);
  // Everything a preview needs, fetched while the network is there: once loaded, the studio
  // works offline.
  prepare().catch((error) => console.error('cyberdrill studio: the preview could not be prepared', error));
} catch (error) {
  console.error('cyberdrill studio: could not start', error);
  const message = document.createElement('p');
  message.setAttribute('role', 'status');
  message.textContent = failed;
  main.replaceChildren(message);
}
