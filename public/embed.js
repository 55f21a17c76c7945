// cyberdrill's iframe page (embed.html): one <cyber-drill>, its attributes taken from the
// query string (?drill=…&topic=…&learner=…&report-url=…&content=…&src=…&lang=…), and the
// page's height posted to the parent so the parent can size the iframe to fit:
//   parent.postMessage({ type: 'cyberdrill:height', height }, '*')
// No inline script or style, so it runs under a strict Content-Security-Policy.

import './cyberdrill.js';

const OPTIONS = ['content', 'drill', 'src', 'topic', 'learner', 'lang', 'report-url'];
const FONT = 'Frutiger, "Frutiger Linotype", "Segoe UI", Univers, Calibri, "Helvetica Neue", Arial, sans-serif';

const query = new URLSearchParams(location.search);
const widget = document.createElement('cyber-drill');
for (const name of OPTIONS) {
  const value = query.get(name);
  if (value) widget.setAttribute(name, value);
}

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
