// The report page (report.html) for a trust's information-governance lead: reads the
// statements cyberdrill sent to the trust's learning record store, through the same
// same-origin path of the intranet's reverse proxy the widget sends them to (docs/reporting.md),
// and shows what staff have done this month and quarter, as charts each with its table and a
// CSV of each table. The figures are tally.js's; this script only fetches and draws, with DOM
// calls and text nodes (no markup from the store reaches the page as markup).

import { csv, periods, tally } from './tally.js';

const XAPI_VERSION = '1.0.3';
/// Statements asked for in one request, and requests at most: 200,000 statements a quarter.
const PAGE = 500;
const MAX_PAGES = 400;

const form = document.querySelector('#source');
const address = document.querySelector('#lrs');
const status = document.querySelector('#status');
const output = document.querySelector('#report');

// Dates as the report writes them, the same in every browser (UTC, as tally.js counts).
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const month = (ms) => MONTHS[new Date(ms).getUTCMonth()];
const monthName = (ms) => `${month(ms)} ${new Date(ms).getUTCFullYear()}`;
const shortDate = (ms) => `${new Date(ms).getUTCDate()} ${month(ms).slice(0, 3)} ${new Date(ms).getUTCFullYear()}`;
const number = new Intl.NumberFormat('en-GB');

/// An element with attributes and children (strings become text nodes).
function el(tag, attributes = {}, ...children) {
  const svg = ['svg', 'g', 'rect', 'text', 'title'].includes(tag);
  const node = svg ? document.createElementNS('http://www.w3.org/2000/svg', tag) : document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  node.append(...children.flat().map((c) => (typeof c === 'number' ? String(c) : c)));
  return node;
}

/// "Data handling" for `data-handling` (topics are kebab-case ids).
const topicLabel = (topic) => {
  const words = topic.replaceAll('-', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

function say(text, problem = false) {
  status.textContent = text;
  status.classList.toggle('problem', problem);
}

/// Every statement stored since `since` (an ISO time), page by page, following the store's
/// `more` links. xAPI gives `more` as a path on the store's own server, which the page
/// reaches only through the proxy: its part from `statements` on is taken relative to the
/// address the page was given.
async function statementsSince(endpoint, since) {
  const all = [];
  let url = new URL(`statements?${new URLSearchParams({ since, limit: String(PAGE) })}`, endpoint);
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await fetch(url, { headers: { 'X-Experience-API-Version': XAPI_VERSION }, cache: 'no-store' });
    if (!answer.ok) throw new Error(problemText(answer.status, url));
    const body = await answer.json();
    if (!Array.isArray(body?.statements)) throw new Error(`${url}: the answer has no list of statements; is this the address of an xAPI endpoint?`);
    all.push(...body.statements);
    say(`Reading statements: ${number.format(all.length)} so far…`);
    const more = typeof body.more === 'string' ? body.more : '';
    const at = more.lastIndexOf('/statements');
    if (!more || at < 0) return all;
    url = new URL(more.slice(at + 1), endpoint);
  }
  throw new Error(`more than ${number.format(PAGE * MAX_PAGES)} statements this quarter: the report stops rather than show part of them`);
}

function problemText(code, url) {
  const why = {
    400: 'it did not understand the request',
    401: 'it wants credentials: the reverse proxy should add them for this address',
    403: 'the credentials the proxy adds may not read statements',
    404: 'nothing answers there: check the address',
  }[code];
  return `${url}: the learning record store answered ${code}${why ? `; ${why}` : ''}`;
}

/// A bar chart of `rows` ([label, value]), one horizontal bar each, named by `caption`'s id.
/// Its figures are in the table beside it; the chart says so to a screen reader.
function chart(rows, captionId) {
  const max = Math.max(1, ...rows.map(([, value]) => value));
  const rowHeight = 28;
  const labelWidth = 260;
  const barWidth = 380;
  const height = rows.length * rowHeight + 8;
  const svg = el('svg', { viewBox: `0 0 ${labelWidth + barWidth + 60} ${height}`, role: 'img', 'aria-labelledby': captionId, class: 'chart' });
  rows.forEach(([label, value], i) => {
    const y = 4 + i * rowHeight;
    const width = (value / max) * barWidth;
    svg.append(
      el('text', { x: labelWidth - 8, y: y + 18, 'text-anchor': 'end', class: 'label' }, label.length > 38 ? `${label.slice(0, 37)}…` : label),
      el('rect', { x: labelWidth, y: y + 4, width: Math.max(width, value > 0 ? 2 : 0), height: rowHeight - 10, class: 'bar' }),
      el('text', { x: labelWidth + width + 6, y: y + 18, class: 'value' }, number.format(value)),
    );
  });
  return svg;
}

/// A table of `rows` under `headings`, with its caption, and a button that downloads it as CSV.
function table(caption, headings, rows, file) {
  const download = el('button', { type: 'button', class: 'secondary' }, 'Download this table (CSV)');
  download.addEventListener('click', () => {
    const link = el('a', { href: URL.createObjectURL(new Blob([csv([headings, ...rows])], { type: 'text/csv' })), download: file });
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 0);
  });
  return el(
    'div',
    { class: 'figures' },
    el(
      'table',
      {},
      el('caption', {}, caption),
      el('thead', {}, el('tr', {}, headings.map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, rows.map(([first, ...rest]) => el('tr', {}, el('th', { scope: 'row' }, String(first)), rest.map((c) => el('td', {}, typeof c === 'number' ? number.format(c) : c))))),
    ),
    download,
  );
}

/// One section: heading, chart (if there is anything to chart) and table.
function section(id, heading, note, chartRows, tableArgs) {
  const captionId = `${id}-caption`;
  const parts = [el('h2', { id: `${id}-heading` }, heading)];
  if (note) parts.push(el('p', {}, note));
  if (chartRows.length > 0) {
    parts.push(el('figure', {}, chart(chartRows, captionId), el('figcaption', { id: captionId }, `${heading}: bar chart. The same figures are in the table below.`)));
    parts.push(table(...tableArgs));
  }
  return el('section', { 'aria-labelledby': `${id}-heading`, id }, parts);
}

function render(figures, now) {
  const { month: thisMonth, quarter } = periods(now);
  const lastMonthOfQuarter = Date.UTC(new Date(quarter).getUTCFullYear(), new Date(quarter).getUTCMonth() + 2, 1);
  const quarterName = `${month(quarter)} to ${monthName(lastMonthOfQuarter)}`;
  const stamp = new Date(now).toISOString().slice(0, 10);
  const topics = figures.topics.map((t) => t.topic);
  const staff = el(
    'section',
    { 'aria-labelledby': 'staff-heading', id: 'staff' },
    el('h2', { id: 'staff-heading' }, 'Staff who finished at least one drill'),
    el(
      'dl',
      { class: 'headline' },
      el('div', {}, el('dt', {}, `This month (${monthName(thisMonth)})`), el('dd', {}, number.format(figures.staff.month))),
      el('div', {}, el('dt', {}, `This quarter (${quarterName})`), el('dd', {}, number.format(figures.staff.quarter))),
    ),
    el('p', {}, `Counted from ${number.format(figures.statements)} statements dated this quarter. Staff are counted by the pseudonymous id the intranet gives the widget, never by name.`),
  );
  const weeks = section(
    'weeks',
    'Drills completed, week by week',
    topics.length === 0 ? 'No drill was completed this quarter.' : null,
    topics.length === 0 ? [] : figures.weeks.map((w) => [`Week of ${shortDate(w.start)}`, w.total]),
    [
      'Drills completed each week of this quarter, by topic (weeks start on Monday)',
      ['Week starting', 'All topics', ...topics.map(topicLabel)],
      figures.weeks.map((w) => [shortDate(w.start), w.total, ...topics.map((t) => w.byTopic[t] ?? 0)]),
      `cyberdrill-weeks-${stamp}.csv`,
    ],
  );
  const byTopic = section(
    'topics',
    'Drills completed by topic, this quarter',
    null,
    figures.topics.map((t) => [topicLabel(t.topic), t.completed]),
    [
      'Drills completed this quarter, by topic',
      ['Topic', 'Drills completed'],
      figures.topics.map((t) => [topicLabel(t.topic), t.completed]),
      `cyberdrill-topics-${stamp}.csv`,
    ],
  );
  const wrong = section(
    'wrong',
    'Questions most often answered wrongly, this quarter',
    figures.wrong.length === 0 ? 'No question was answered wrongly this quarter.' : 'These point to what staff find hardest: worth a word at a team brief.',
    figures.wrong.map((q) => [q.name, q.wrong]),
    [
      'The questions answered wrongly most often this quarter, with their drills',
      ['Question', 'Drill', 'Answered wrongly', 'Answered', 'Wrong (%)'],
      figures.wrong.map((q) => [q.name, q.drillName, q.wrong, q.answered, Math.round((100 * q.wrong) / q.answered)]),
      `cyberdrill-questions-${stamp}.csv`,
    ],
  );
  output.replaceChildren(staff, weeks, byTopic, wrong);
  output.hidden = false;
}

async function show(value) {
  output.hidden = true;
  let endpoint;
  try {
    endpoint = new URL(value.endsWith('/') ? value : `${value}/`, location.href);
  } catch {
    return say(`"${value}" is not an address.`, true);
  }
  if (endpoint.origin !== location.origin) {
    return say(`${endpoint.href} is on another server. Give the path on this intranet that its reverse proxy forwards to the learning record store, such as /cyberdrill-lrs-report/.`, true);
  }
  const now = Date.now();
  say('Reading statements…');
  try {
    const statements = await statementsSince(endpoint, new Date(periods(now).quarter).toISOString());
    render(tally(statements, now), now);
    say(`Report for ${shortDate(now)}, from ${endpoint.pathname}.`);
  } catch (error) {
    say(`The report could not be made. ${error.message}`, true);
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  show(address.value.trim());
});
const given = new URLSearchParams(location.search).get('lrs');
if (given) {
  address.value = given;
  show(given);
}
