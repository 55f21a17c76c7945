// The drill studio's page script: defines <cyber-drill> for the preview, then starts the
// studio (src/studio, built as pkg/cyberdrill_studio.js) in the page's <main>.
import { prepare } from './cyberdrill.js';
import init, { studio } from './pkg/cyberdrill_studio.js';

const main = document.querySelector('main');
try {
  await init({ module_or_path: new URL('pkg/cyberdrill_studio_bg.wasm', import.meta.url) });
  studio(main);
  // Everything a preview needs, fetched while the network is there: once loaded, the studio
  // works offline.
  prepare().catch((error) => console.error('cyberdrill studio: the preview could not be prepared', error));
} catch (error) {
  console.error('cyberdrill studio: could not start', error);
  const message = document.createElement('p');
  message.setAttribute('role', 'status');
  message.textContent =
    'The studio could not start in this browser. Try an up-to-date Edge, Chrome or Firefox, or use the cyberdrill command instead.';
  main.replaceChildren(message);
}
