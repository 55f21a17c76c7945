// cyberdrill's iframe page (embed.html): one <cyber-drill>, its attributes taken from the URL
// after the # (#drill=…&topic=…&audience=…&learner=…&report-url=…&content=…&src=…&lang=…&lrs=…
// &homepage=…), and the
// page's height posted to the parent so the parent can size the iframe to fit:
//   parent.postMessage({ type: 'cyberdrill:height', height }, '*')
// No inline script or style, so it runs under a strict Content-Security-Policy.
//
// Anyone can link to this page, under the trust's own address, so it shows only the trust's
// own drills: `content`, `src`, `report-url` and `lrs` must be http(s) URLs on this page's
// origin or on one listed in embed-origins.json beside this script ({"origins": ["https://…"]}),
// so a link cannot send a learner's statements anywhere else.

import { refuse } from './cyberdrill.js';

const OPTIONS = ['content', 'drill', 'src', 'topic', 'audience', 'learner', 'lang', 'report-url', 'lrs', 'homepage'];
const URLS = ['content', 'src', 'report-url', 'lrs'];
// Options left out, with a warning, when refused; a refused `content` or `src` refuses the drill.
const OPTIONAL = ['report-url', 'lrs'];
const FONT = 'Frutiger, "Frutiger Linotype", "Segoe UI", Univers, Calibri, "Helvetica Neue", Arial, sans-serif';

// The fragment never reaches a server's logs or a Referer header. The query string is still
// read for pages written before, except the learner id.
const fragment = new URLSearchParams(location.hash.slice(1));
const query = new URLSearchParams(location.search);
if (query.has('learner')) console.warn('cyberdrill: embed.html ignores learner in the query string, which servers log; put the options after a # instead');
const options = {};
for (const name of OPTIONS) {
  const value = fragment.get(name) ?? (name === 'learner' ? null : query.get(name));
  if (value) options[name] = value;
}

const http = (value) => {
  try {
    const url = new URL(value, document.baseURI);
    return /^https?:$/.test(url.protocol) ? url : null;
  } catch {
    return null;
  }
};

// The origins the web team listed, read only when an option names another origin.
async function listed() {
  try {
    const response = await fetch(new URL('embed-origins.json', import.meta.url), { cache: 'no-cache' });
    if (response.status === 404) return [];
    if (!response.ok) throw new Error(`the server answered ${response.status}`);
    return (await response.json()).origins.map((origin) => http(origin)?.origin).filter(Boolean);
  } catch (error) {
    console.error('cyberdrill: could not read embed-origins.json', error);
    return [];
  }
}

const foreign = URLS.some((name) => options[name] && http(options[name]) && http(options[name]).origin !== location.origin);
const allowed = new Set([location.origin, ...(foreign ? await listed() : [])]);

const widget = document.createElement('cyber-drill');
const fetched = new Set();
for (const [name, value] of Object.entries(options)) {
  const url = URLS.includes(name) ? http(value) : null;
  if (URLS.includes(name) && !allowed.has(url?.origin)) {
    const reason = `cyberdrill: embed.html takes ${name} only on its own origin or one listed in embed-origins.json, not \`${value}\``;
    if (OPTIONAL.includes(name)) console.warn(`${reason}; leaving it out`);
    else refuse(widget, reason);
    continue;
  }
  if (url && name !== 'report-url') fetched.add(url.origin);
  widget.setAttribute(name, url?.href ?? value);
}

// The widget may fetch from this origin and the content's alone. This policy is added to the
// one in embed.html (a page obeys both), before anything is fetched.
const csp = document.createElement('meta');
csp.httpEquiv = 'Content-Security-Policy';
csp.content = `connect-src 'self' ${[...fetched].filter((o) => o !== location.origin).join(' ')}`.trim();
document.head.append(csp);

// Transparent and margin-free, so the iframe shows the widget alone. Set through the CSSOM,
// which a CSP without 'unsafe-inline' allows.
Object.assign(document.documentElement.style, { background: 'transparent', fontFamily: FONT });
document.body.style.margin = '0';
widget.style.margin = '0';
document.querySelector('main').append(widget);

// The document's height, whenever it changes (the widget grows and shrinks as the learner
// goes through a drill).
if (window.parent !== window) {
  let posted = 0;
  new ResizeObserver(() => {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === posted) return;
    posted = height;
    window.parent.postMessage({ type: 'cyberdrill:height', height }, '*');
  }).observe(document.documentElement);
}
