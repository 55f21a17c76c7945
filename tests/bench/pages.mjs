// The benchmark's host pages: one mock staff-intranet page, written once in `render`, and what
// each page puts in it, as data. run.mjs serves page `name` at /bench/pages/<name>.html
// (`routes`) and checks what the pages name (drills, the quizdown questions) by reading the
// same data (`html`), so what it checks is what the browser gets.
//
// They render byte for byte as the tests/bench/pages/*.html files they replaced did, so the
// host page sizes in results.md still hold.

import { respond } from '../browser/server.mjs';

/// The documented embed: one module script, then the element where the drill goes.
const EMBED = '<script type="module" src="/cyberdrill.js"></script>';
const MONTH = "This month's cyber drill takes two minutes.";

/// quizdown's page: the questions and choices of content/bench/four-questions.md, word for
/// word (run.mjs checks them against the drill); each explanation is the correct answer's
/// comment, which quizdown shows on its results page.
const QUIZ = `---
shuffleAnswers: false
locale: en
---

### An email from "IT Support" asks you to confirm your password today. What do you do?

1. [ ] Reply with your password so your account stays open
1. [x] Report it with the "Report phishing" button, then delete it
    > The IT service desk never asks for your password by email. Reporting lets the cyber team block
    > the sender for the whole trust.
1. [ ] Click the link and change your password there
1. [ ] Forward it to your team so they know

### You find a USB stick in the staff car park. What should you do with it?

1. [ ] Plug it into a ward computer to find the owner
1. [x] Hand it to the IT service desk without plugging it in
    > A found USB stick can carry malware that runs the moment it is plugged in. The service desk
    > can check it safely.
1. [ ] Plug it into your laptop at home instead
1. [ ] Throw it in the bin

### A caller says they are from a GP surgery and asks for a patient's home address. What do you do?

1. [ ] Give it, since they know the patient's name
1. [x] Take their number and call the surgery back on the number you already have
    > Confirm who is asking before you share patient details. Calling back on a number you already
    > trust stops impostors.
1. [ ] Read it out but ask them to keep it private
1. [ ] Email it to the address they give you

### You clicked a link in an email, then realised it was fake. What now?

1. [ ] Say nothing and hope it was harmless
1. [ ] Delete the email so nobody finds out
1. [x] Report it to the IT service desk straight away
    > Reporting straight away limits the damage, and nobody is blamed for reporting. The sooner the
    > cyber team knows, the more it can do.
1. [ ] Turn the computer off and go home`;

/// The "Many widgets" drills: ten of the starter library, each a different one.
const TEN = [
  'phishing/lookalike-sender',
  'passwords/mfa-prompt-not-you',
  'devices/usb-in-car-park',
  'social-engineering/gp-surgery-call',
  'data-handling/personal-email',
  'physical-security/tailgating-theatres',
  'reporting/ransomware-signs',
  'phishing/qr-code-parking',
  'devices/lock-shared-workstation',
  'passwords/service-desk-call',
];
const widgetList = (drills) => ['<ul>', ...drills.map((id) => `  <li><cyber-drill drill="${id}"></cyber-drill></li>`), '</ul>'];
const YEAR = "This year's cyber drills, all on one page.";

/// Each page: `title` ends the <title>; `about` is the comment that says what the page is for,
/// a line an entry (the comments' URLs are relative to the page's own, /bench/pages/); `head`,
/// the lines after it in <head>; `intro`, the paragraph under the heading; `body`, the lines
/// after that.
export const PAGES = {
  cyberdrill: {
    title: 'cyberdrill',
    about: [
      'The documented embed: one module script and the element. tests/bench/run.mjs serves the',
      "bundle at / and this folder's parent at /bench/.",
    ],
    head: [EMBED],
    body: ['<cyber-drill content="/bench/content/" drill="bench/four-questions"></cyber-drill>'],
  },
  quizdown: {
    title: 'quizdown',
    about: [
      "quizdown's documented stand-alone embed (its README): the script, then init(). The",
      'questions and choices are those of ../content/bench/four-questions.md, word for word; each',
      "explanation is the correct answer's comment, which quizdown shows on its results page.",
    ],
    head: ['<script src="/quizdown/quizdown.js"></script>', '<script>quizdown.init();</script>'],
    body: ['<div class="quizdown">', ...QUIZ.split('\n').map((line) => line && `  ${line}`), '</div>'],
  },
  none: {
    title: 'no widget',
    about: [
      'The host page with no widget: tests/bench/run.mjs measures its long tasks, the share of',
      "the page and the benchmark's own instrumentation.",
    ],
  },
  'widgets-1': {
    title: 'one widget',
    about: [
      'tests/bench/run.mjs, "Many widgets": widgets-10.html with its first widget only, the',
      'baseline the ten are compared with.',
    ],
    head: [EMBED],
    intro: YEAR,
    body: widgetList(TEN.slice(0, 1)),
  },
  'widgets-10': {
    title: 'ten widgets',
    about: [
      'tests/bench/run.mjs, "Many widgets": the documented embed with ten widgets, each a',
      "different drill of the starter library (the bundle's own content/, the widget's default), served",
      'at / as the bundle. widgets-1.html is this page with the first widget only.',
    ],
    head: [EMBED],
    intro: YEAR,
    body: widgetList(TEN),
  },
  progress: {
    title: 'stored progress',
    about: [
      'tests/bench/run.mjs, "Five years of progress": one widget naming a drill of the starter',
      "library (the bundle's content/, served at /), whose questions are all choices, so the",
      'benchmark can answer them. The benchmark fills localStorage before the page\'s scripts run:',
      'a five-year history, or nothing.',
    ],
    head: [EMBED],
    body: ['<cyber-drill drill="reporting/clicked-the-link"></cyber-drill>'],
  },
  'markdown-md': {
    title: 'the bench drill as Markdown',
    about: [
      'tests/bench/run.mjs, "A drill in Markdown": the bench drill named with `src`, compared',
      'with markdown-json.html, the same drill compiled.',
    ],
    head: [EMBED],
    body: ['<cyber-drill src="/bench/content/bench/four-questions.md"></cyber-drill>'],
  },
  'markdown-json': {
    title: 'the bench drill as compiled JSON',
    about: [
      'tests/bench/run.mjs, "A drill in Markdown": the bench drill named with `src`, compared',
      'with markdown-md.html, the same drill in Markdown.',
    ],
    head: [EMBED],
    body: ['<cyber-drill src="/bench/content/bench/four-questions.json"></cyber-drill>'],
  },
  'reporting-off': {
    title: 'reporting off',
    about: [
      'tests/bench/run.mjs, "Reporting on and off": the bench drill from its catalog, for a',
      'learner, without `lrs`; reporting-on.html is the same with `lrs` and `homepage`.',
    ],
    head: [EMBED],
    body: ['<cyber-drill content="/bench/content/" drill="bench/four-questions" learner="bench-learner"></cyber-drill>'],
  },
  'reporting-on': {
    title: 'reporting on',
    about: [
      'tests/bench/run.mjs, "Reporting on and off": reporting-off.html with `lrs` (a path the',
      "benchmark's server answers as a learning record store would) and `homepage`.",
    ],
    head: [EMBED],
    body: [
      '<cyber-drill content="/bench/content/" drill="bench/four-questions" learner="bench-learner"',
      '             lrs="/bench-lrs/" homepage="https://intranet.example.nhs.uk/"></cyber-drill>',
    ],
  },
};

/// The one template: a mock staff-intranet page in British English, with no favicon request.
function render({ title, about, head = [], intro = MONTH, body = [] }) {
  const indent = (line) => line && `  ${line}`;
  return [
    '<!doctype html>',
    '<html lang="en-GB">',
    '<head>',
    '  <meta charset="utf-8">',
    '  <meta name="viewport" content="width=device-width, initial-scale=1">',
    '  <link rel="icon" href="data:,">',
    `  <title>Staff intranet: benchmark host page (${title})</title>`,
    `  <!-- ${about.join('\n  ')} -->`,
    ...head.map(indent),
    '</head>',
    '<body>',
    '  <h1>Staff intranet</h1>',
    `  <p>${intro}</p>`,
    ...body.map(indent),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/// Where page `name` is served.
export const url = (name) => `/bench/pages/${name}.html`;

/// Page `name`'s HTML, as served.
export function html(name) {
  if (!Object.hasOwn(PAGES, name)) throw new Error(`bench: no host page ${name} in tests/bench/pages.mjs`);
  return render(PAGES[name]);
}

/// The routes for `serve`: every page at its URL, sent as the server sends a file.
export const routes = Object.fromEntries(
  Object.keys(PAGES).map((name) => {
    const body = Buffer.from(html(name));
    return [url(name), (req, res) => respond(req, res, body, '.html')];
  }),
);
