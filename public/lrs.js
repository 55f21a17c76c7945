// cyberdrill's reporting to the trust's learning record store (LRS), over xAPI 1.0.3: the
// loader (cyberdrill.js) imports this only for an element with `lrs`, so a page without it
// never downloads it or the reporting module (src/reporting.rs, pkg/cyberdrill_reporting.js).
//
// The widget knows nothing of reporting: it saves the drill in progress at Start and at every Check and
// the result at the summary, and says so on the BroadcastChannel `cyberdrill`. The module
// makes statements from what is stored and keeps them in an outbox in localStorage (it is
// the only part of this that touches storage); this file sends them, from one page at a time
// per LRS address (the page holding a Web Lock, or a lease in storage where there are none),
// after the learner's click is over, and again on the browser's `online` event, on the next
// page load and after each backoff. See docs/reporting.md.

const here = new URL('.', import.meta.url);
const TIMEOUT_MS = 10_000; // a request with no answer by then counts as a network failure
const LEASE_MS = 30_000; // without Web Locks: how long a page's lease on sending lasts
const LEASE_RETRY_MS = 5_000; // without Web Locks: how soon a page tries again for the lease
const IDLE_MS = 2_000; // the longest a run waits for the page to be idle
const LOOK_MS = 1_000; // how soon to look again for a result another tab saved
const LOOKS = 10; // how many times, before waiting for the next save, load or `online`

let module; // the module's promise, until it fails: then the next try loads it again

function reporting() {
  module ??= (async () => {
    const glue = await import(new URL('pkg/cyberdrill_reporting.js', here).href);
    await glue.default({ module_or_path: new URL('pkg/cyberdrill_reporting_bg.wasm', here) });
    return glue;
  })().catch((error) => {
    module = undefined;
    throw error;
  });
  return module;
}

// Each LRS address this page reports to: who reports there (home page, learner, content), the
// timer of its next run, whether one is running, and whether the next must send at once.
const endpoints = new Map();
const said = new Set();
const token = `${Date.now()}-${Math.random().toString(36).slice(2)}`;

// The console gets each message the module returns once per page: `error:` ones (the web
// team must act) as errors, the rest as warnings.
function say(text) {
  for (const line of text.split('\n')) {
    if (!line || said.has(line)) continue;
    said.add(line);
    if (line.startsWith('error:')) console.error(line.slice(6));
    else console.warn(line);
  }
}

/// Reports the drills of the widget whose options (the loader's, URLs absolute) are
/// `options` to its `lrs`. Without a `learner`, nothing is reported, and the console says why.
export function report({ lrs, homePage, learner, content }) {
  if (!/^https?:$/.test(new URL(lrs).protocol)) return say(`error:cyberdrill: lrs \`${lrs}\` is not an http: or https: URL; reporting is off`);
  if (!learner?.trim()) return say('cyberdrill: reporting is off: the page gives no `learner` value');
  const endpoint = lrs.endsWith('/') ? lrs : `${lrs}/`;
  homePage ??= new URL('/', document.baseURI).href;
  let at = endpoints.get(endpoint);
  if (!at) endpoints.set(endpoint, (at = { who: new Map(), timer: 0, running: false, again: false, wake: true }));
  at.who.set(JSON.stringify([homePage, learner, content]), { homePage, learner, content });
  listen();
  soon(endpoint, 0);
}

let listening = false;

function listen() {
  if (listening) return;
  listening = true;
  // A message means progress was saved (here or in another tab): after the click that saved
  // it is over, since a channel's messages arrive in tasks of their own.
  const again = () => {
    for (const endpoint of endpoints.keys()) soon(endpoint, 0);
  };
  new BroadcastChannel('cyberdrill').onmessage = again;
  // Another tab's save, once this page can read it: localStorage is not read-after-write
  // consistent across tabs (Firefox shows a page a snapshot), so the channel's message can
  // come before the save it announces is visible here; this event comes after.
  addEventListener('storage', (event) => {
    if (/^cyberdrill:v1:[^:]+:(session:|history$)/.test(event.key ?? '')) again();
  });
  addEventListener('online', () => {
    for (const [endpoint, at] of endpoints) {
      at.wake = true;
      soon(endpoint, 0);
    }
  });
}

// Runs for `endpoint` after `delay` ms, once the page is idle: the save that asked for it was
// in a learner's click, whose feedback must be on screen first (measured at 4x CPU throttling,
// a run straight after the Check's task delayed the feedback's paint by about 90 ms).
function soon(endpoint, delay) {
  const at = endpoints.get(endpoint);
  clearTimeout(at.timer);
  at.timer = setTimeout(() => idle(() => run(endpoint)), Math.max(0, delay));
}

const idle = (work) => (globalThis.requestIdleCallback ? requestIdleCallback(work, { timeout: IDLE_MS }) : setTimeout(work, IDLE_MS / 10));

async function run(endpoint) {
  const at = endpoints.get(endpoint);
  if (at.running) {
    at.again = true;
    return;
  }
  at.running = true;
  try {
    const glue = await reporting();
    if (navigator.locks) lead(endpoint, at);
    const ran = await exclusive(glue, endpoint, at, () => send(glue, endpoint, at));
    const now = Date.now();
    let next = ran === false ? (navigator.locks ? -1 : now + LEASE_RETRY_MS) : glue.due(endpoint, now);
    // A drill finished in another tab whose result is not visible here yet: look again soon
    // (a few times; a drill started over or left to go stale stays unsettled for good).
    const unsettled = ran !== false && [...at.who.values()].some(({ learner }) => glue.unsettled(endpoint, learner, now));
    at.looks = unsettled ? (at.looks ?? 0) + 1 : 0;
    if (unsettled && at.looks <= LOOKS) next = next < 0 ? now + LOOK_MS : Math.min(next, now + LOOK_MS);
    if (next >= 0) soon(endpoint, next - now);
  } catch (error) {
    console.error(`cyberdrill: reporting to ${endpoint} stopped; statements wait in this browser`, error);
  } finally {
    at.running = false;
    if (at.again) {
      at.again = false;
      soon(endpoint, 0);
    }
  }
}

// With Web Locks, one page of the browser profile leads for each LRS address: it takes the
// lock for as long as it is open, and it alone makes statements and sends them; the others
// wait in the lock's queue, and the next takes over when it closes. A lock for each send
// would not do: localStorage is not read-after-write consistent across tabs, so a page
// taking the lock just after another could read the outbox or journal from before that
// page's writes, and send a statement again.
function lead(endpoint, at) {
  if (at.leading !== undefined) return;
  at.leading = false;
  navigator.locks.request(`cyberdrill lrs ${endpoint}`, () => {
    at.leading = true;
    at.wake = true;
    soon(endpoint, 0);
    return new Promise(() => {}); // held until the page goes
  });
}

// Runs `work` if this page may send to `endpoint` now: it leads (Web Locks), or where there
// are none it holds the lease in storage (false when it may not).
async function exclusive(glue, endpoint, at, work) {
  if (navigator.locks) return at.leading ? work() : false;
  if (!glue.lease(endpoint, token, Date.now(), LEASE_MS)) return false;
  try {
    return await work();
  } finally {
    glue.lease(endpoint, token, Date.now(), -1);
  }
}

// Makes the statements not yet made, then sends what is due, batch by batch, until nothing
// is due (all sent, or waiting for a retry).
async function send(glue, endpoint, at) {
  if (at.wake) {
    at.wake = false;
    glue.wake(endpoint, Date.now());
  }
  for (const { homePage, learner, content } of at.who.values()) say(glue.absorb(endpoint, homePage, learner, content, Date.now()));
  for (let body; (body = glue.batch(endpoint, Date.now())) !== undefined; ) {
    let status = 0;
    let text = '';
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), TIMEOUT_MS);
    try {
      const response = await fetch(new URL('statements', endpoint), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Experience-API-Version': '1.0.3' },
        body,
        credentials: 'same-origin',
        signal: abort.signal,
      });
      status = response.status;
      text = (await response.text()).slice(0, 300);
    } catch {
      status = 0;
    } finally {
      clearTimeout(timer);
    }
    say(glue.settle(endpoint, status, text, Date.now(), Math.floor(Math.random() * 1001)));
  }
}
