// cyberdrill: the one file a web team references. It registers <cyber-drill> and, when the
// first one connects, loads the widget's WebAssembly and stylesheet from beside itself.
// No globals, no inline script or style: it works under a strict Content-Security-Policy.

const here = new URL('.', import.meta.url);
const glueUrl = (n) => new URL(`pkg/cyberdrill.js?instance=${n}`, here).href;
// Said before the widget has any words, in English or Welsh by the element's language (as
// words::Lang::from_tag decides): the widget's `Failed` in each (cargo test holds them).
const FAILED = ['This drill could not be loaded. Your progress is safe.', "Nid oedd modd llwytho'r dril hwn. Mae eich cynnydd yn ddiogel."];
const FAULT = 'This drill stopped because of a fault. Your progress is safe.';

const idle = []; // wasm instances free for the next widget
let made = 0;

// A promise every widget shares, until it fails: then the next widget tries again (a network
// blip while one widget started must not break every widget after it).
function shared(make) {
  let promise;
  return () =>
    (promise ??= make().catch((error) => {
      promise = undefined;
      throw error;
    }));
}

// Compiled while it downloads, off the main thread, when the server labels it
// application/wasm (as it should); from the whole file otherwise.
const compile = shared(async () => {
  const response = await fetch(new URL('pkg/cyberdrill_bg.wasm', here));
  if (!response.ok) throw new Error(`${response.url} answered ${response.status}`);
  if (response.headers.get('content-type')?.startsWith('application/wasm')) return WebAssembly.compileStreaming(response);
  return WebAssembly.compile(await response.arrayBuffer());
});

// Every drill's text passes here on its way into the widget: a compiled drill as it is, a
// drill in Markdown (its path ends .md) compiled by markdown.js, which this imports only then,
// so a learner whose drills are compiled never downloads it or the Markdown module.
const compileDrill = async (url, text) =>
  /\.md$/i.test(new URL(url).pathname) ? (await import('./markdown.js')).compile(url, text) : text;

// Every request the widget makes for content (src/web/content.rs sets the limits): `url` as
// text, refusing an HTML page, a body over `limit` bytes (by its Content-Length, or counted as
// it arrives and cancelled there, so neither a missing length nor a compressed bomb puts more
// into memory) and no answer within `timeout` ms. Rejects with `{kind, detail}`: network,
// status, large, cut, html or timeout. (Here rather than in the wasm: the same steps bound
// into it cost every learner's download over a kilobyte more.)
async function fetchText(url, limit, timeout) {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeout);
  const refuse = (kind, detail) => ({ kind, detail });
  try {
    const response = await fetch(url, { signal: abort.signal });
    const length = +response.headers.get('content-length');
    if (!response.ok) throw refuse('status', response.status);
    if (length > limit) throw refuse('large', length);
    if (response.headers.get('content-type')?.startsWith('text/html')) throw refuse('html');
    // Decoded as Response.text() does: UTF-8, a byte-order mark dropped, malformed bytes replaced.
    const decoder = new TextDecoder();
    const reader = response.body?.getReader();
    let text = '';
    let read = 0;
    for (let chunk; reader && !(chunk = await reader.read()).done; ) {
      read += chunk.value.length;
      if (read > limit) {
        reader.cancel().catch(() => {});
        throw refuse('cut', read);
      }
      text += decoder.decode(chunk.value, { stream: true });
    }
    text += decoder.decode();
    if (/^(<!doctype html|<html)/i.test(text.trimStart())) throw refuse('html');
    return text;
  } catch (error) {
    throw error.kind ? error : refuse(abort.signal.aborted ? 'timeout' : 'network', String(error.message ?? error));
  } finally {
    clearTimeout(timer);
  }
}

// "Export progress": offers `text` to the learner as the file `name`. The download reads the
// blob after this task, and Firefox may not have begun by the next one: the URL is given up a
// minute later, not at once.
function download(name, text) {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
}

// Lets the browser handle input and paint between the widget's steps, so that starting a
// widget is several short tasks rather than one long one on the host page's main thread.
const nextTask = () => new Promise((resolve) => setTimeout(resolve));

const styles = shared(async () => {
  const response = await fetch(new URL('cyberdrill.css', here));
  if (!response.ok) throw new Error(`${response.url} answered ${response.status}`);
  const css = new CSSStyleSheet();
  css.replaceSync(await response.text());
  return css;
});

// Drill HTML is parsed in an inert <template>, then rebuilt through the widget's allow-list
// (src/web/markup.rs). A page that enforces Trusted Types lets it reach the template only as
// TrustedHTML: this policy, named `cyberdrill`, makes it, and nothing else uses it.
let policy;
function trusted() {
  if (policy === undefined && globalThis.trustedTypes) {
    try {
      policy = trustedTypes.createPolicy('cyberdrill', { createHTML: (html) => html });
    } catch (error) {
      console.error("cyberdrill: this page's Trusted Types settings refuse the policy `cyberdrill`: add it to trusted-types", error);
    }
  }
  policy ??= null;
  return policy ? (html) => policy.createHTML(html) : undefined;
}

// Elements embed.js must not start (a URL its page does not accept), and why.
const refusals = new WeakMap();

/// For the studio: fetches the stylesheet and one wasm instance now, so that its previews run
/// when the network has gone.
export const prepare = () => Promise.all([styles(), instance().then((glue) => idle.push(glue))]);

/// For embed.js: `element` shows the plain failure message, and the console `reason`.
export function refuse(element, reason) {
  refusals.set(element, reason);
}

// Each widget runs in a wasm instance of its own, so a fault in one cannot reach another.
// Instances are reused after a widget is removed, so memory stays bounded.
async function instance() {
  const free = idle.pop();
  if (free) return free;
  const glue = await import(glueUrl(made++));
  const module = await compile();
  await nextTask();
  await glue.default({ module_or_path: module });
  await nextTask();
  return glue;
}

// A bug in a widget ends in a trap that unwinds to whatever called into its wasm: the loader
// (caught in #mount) or the browser's event dispatch. The widget's panic hook has already
// logged the detail and asked for the plain message; this keeps the trap itself from being
// reported on the host page as an uncaught error.
function swallowTrap() {
  const onError = (event) => {
    if (event.error instanceof WebAssembly.RuntimeError) event.preventDefault();
  };
  window.addEventListener('error', onError, { once: true });
  setTimeout(() => window.removeEventListener('error', onError));
}

const ATTRIBUTES = ['content', 'drill', 'src', 'topic', 'audience', 'learner', 'lang', 'report-url', 'lrs', 'homepage'];

class CyberDrill extends HTMLElement {
  static observedAttributes = ATTRIBUTES;
  static cyberdrill = true; // tells a second copy of this script that the element is ours
  #widget = null;
  #glue = null;
  #mounting = 0;
  #preview;

  // For the drill studio: a compiled drill to show instead of fetching one. A preview never
  // reads or writes stored progress.
  get preview() {
    return this.#preview;
  }

  set preview(json) {
    this.#preview = json;
    if (this.isConnected) this.#mount();
  }

  // Often called while the host page is still being parsed: the widget starts in a task of its
  // own, so it adds nothing to the parser's.
  connectedCallback() {
    const attempt = ++this.#mounting;
    setTimeout(() => attempt === this.#mounting && this.#mount());
  }

  disconnectedCallback() {
    this.#mounting++;
    this.#release();
  }

  attributeChangedCallback(_name, before, after) {
    if (before !== after && this.isConnected && (this.#widget || this.#mounting)) this.#mount();
  }

  #release() {
    const widget = this.#widget;
    const glue = this.#glue;
    this.#widget = null;
    this.#glue = null;
    if (!widget) return;
    try {
      widget.unmount();
      idle.push(glue);
    } catch (error) {
      console.error('cyberdrill: could not unmount a widget', error);
    }
  }

  async #mount() {
    const attempt = ++this.#mounting;
    this.#release();
    const shadow = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    let options;
    try {
      options = this.#options();
    } catch (refusal) {
      console.error(refusal.message);
      shadow.adoptedStyleSheets = await styles().then((css) => [css], () => []);
      if (attempt === this.#mounting) this.#fail(shadow);
      return;
    }
    // Reporting to the trust's learning record store: its own module, imported only for an
    // element with `lrs` (never for a preview); the widget itself knows nothing of it.
    if (options.lrs && !options.preview) {
      import('./lrs.js').then(
        (lrs) => lrs.report(options),
        (error) => console.error('cyberdrill: the reporting module could not load; statements wait in this browser', error),
      );
    }
    try {
      const [css, glue] = await Promise.all([styles(), instance()]);
      if (attempt !== this.#mounting || !this.isConnected) {
        idle.push(glue);
        return;
      }
      shadow.adoptedStyleSheets = [css];
      const root = document.createElement('div');
      root.className = 'cyberdrill';
      shadow.replaceChildren(root);
      this.#glue = glue;
      // The widget hands back its plain message in the learner's language.
      this.#widget = glue.mount(root, options, (_detail, plain) => {
        swallowTrap();
        this.#fail(shadow, glue, plain || FAULT);
      });
    } catch (error) {
      console.error(`cyberdrill: the widget could not start (loaded from ${here.href})`, error);
      this.#fail(shadow, this.#glue);
    }
  }

  // The element's options, its URLs resolved against the page (attributes) or this script
  // (the default content), never left relative. A `content`, `report-url`, `lrs` or
  // `homepage` that is not a URL is left out (the console warns). Throws, refusing the widget, for a `src` that is not a
  // URL, and for a `content` or `src` that is not http(s): a `data:` drill, say.
  #options() {
    if (refusals.has(this)) throw new Error(refusals.get(this));
    const url = (name) => {
      const value = this.getAttribute(name);
      if (!value) return undefined;
      let parsed;
      try {
        parsed = new URL(value, document.baseURI);
      } catch {
        if (name === 'src') throw new Error(`cyberdrill: src \`${value}\` is not a URL`);
        console.warn(`cyberdrill: ${name} \`${value}\` is not a URL; leaving it out`);
        return undefined;
      }
      if (!/^(report-url|lrs|homepage)$/.test(name) && !/^https?:$/.test(parsed.protocol)) {
        throw new Error(`cyberdrill: ${name} \`${value}\` is not an http: or https: URL; refusing it`);
      }
      return parsed.href;
    };
    return {
      content: url('content') ?? new URL('content/', here).href,
      drill: this.getAttribute('drill') ?? undefined,
      src: url('src'),
      topic: this.getAttribute('topic') ?? undefined,
      audience: this.getAttribute('audience') ?? undefined,
      learner: this.getAttribute('learner') ?? undefined,
      // The learner's language: the element's own, else the nearest around it (<html lang>).
      lang: this.closest('[lang]')?.lang,
      bundle: here.href,
      reportUrl: url('report-url'),
      lrs: url('lrs'),
      homePage: url('homepage'),
      html: trusted(),
      compile: compileDrill,
      fetch: fetchText,
      download,
      preview: this.#preview,
    };
  }

  // A bug or a failure to start: a plain message in the widget's own box, the loader's own
  // marked with its language. A wasm instance that met a bug is never reused.
  #fail(shadow, glue, text) {
    if (glue && glue === this.#glue) {
      this.#widget = null;
      this.#glue = null;
    }
    const message = document.createElement('p');
    message.setAttribute('role', 'status');
    message.className = 'drill failed';
    if (!text) {
      const welsh = /^cy([-_]|$)/i.test(this.closest('[lang]')?.lang);
      message.lang = welsh ? 'cy' : 'en-GB';
      text = FAILED[+welsh];
    }
    message.textContent = text;
    const root = document.createElement('div');
    root.className = 'cyberdrill';
    root.append(message);
    shadow.replaceChildren(root);
  }
}

const defined = customElements.get('cyber-drill');
if (!defined) customElements.define('cyber-drill', CyberDrill);
else if (!defined.cyberdrill) console.error('cyberdrill: another script has already defined <cyber-drill>, so this page shows its element, not the cyber drill');
