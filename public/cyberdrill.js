// cyberdrill: the one file a web team references. It registers <cyber-drill> and, when the
// first one connects, loads the widget's WebAssembly and stylesheet from beside itself.
// No globals, no inline script or style: it works under a strict Content-Security-Policy.

const here = new URL('.', import.meta.url);
const glueUrl = (n) => new URL(`pkg/cyberdrill.js?instance=${n}`, here).href;
const FAILED = 'This drill could not be loaded. Your progress is safe.';
const FAULT = 'This drill stopped because of a fault. Your progress is safe.';

let compiled; // Promise<WebAssembly.Module>, shared by every widget
let sheet; // Promise<CSSStyleSheet>, shared by every widget
const idle = []; // wasm instances free for the next widget
let made = 0;

// Compiled while it downloads, off the main thread, when the server labels it
// application/wasm (as it should); from the whole file otherwise.
function compile() {
  compiled ??= (async () => {
    const response = await fetch(new URL('pkg/cyberdrill_bg.wasm', here));
    if (!response.ok) throw new Error(`${response.url} answered ${response.status}`);
    if (response.headers.get('content-type')?.startsWith('application/wasm')) return WebAssembly.compileStreaming(response);
    return WebAssembly.compile(await response.arrayBuffer());
  })();
  return compiled;
}

// Lets the browser handle input and paint between the widget's steps, so that starting a
// widget is several short tasks rather than one long one on the host page's main thread.
const nextTask = () => new Promise((resolve) => setTimeout(resolve));

function styles() {
  sheet ??= (async () => {
    const response = await fetch(new URL('cyberdrill.css', here));
    if (!response.ok) throw new Error(`${response.url} answered ${response.status}`);
    const css = new CSSStyleSheet();
    css.replaceSync(await response.text());
    return css;
  })();
  return sheet;
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

const ATTRIBUTES = ['content', 'drill', 'src', 'topic', 'learner', 'lang', 'report-url'];

class CyberDrill extends HTMLElement {
  static observedAttributes = ATTRIBUTES;
  #widget = null;
  #glue = null;
  #mounting = 0;

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
      this.#widget = glue.mount(root, this.#options(), () => {
        swallowTrap();
        this.#fail(shadow, glue, FAULT);
      });
    } catch (error) {
      console.error(`cyberdrill: the widget could not start (loaded from ${here.href})`, error);
      this.#fail(shadow, this.#glue);
    }
  }

  // The element's options, its URLs resolved against the page (attributes) or this script
  // (the default content), never left relative.
  #options() {
    const url = (value, base) => (value ? new URL(value, base).href : undefined);
    return {
      content: url(this.getAttribute('content') || 'content/', this.getAttribute('content') ? document.baseURI : here),
      drill: this.getAttribute('drill') ?? undefined,
      src: url(this.getAttribute('src'), document.baseURI),
      topic: this.getAttribute('topic') ?? undefined,
      learner: this.getAttribute('learner') ?? undefined,
      lang: this.getAttribute('lang') ?? undefined,
      reportUrl: url(this.getAttribute('report-url'), document.baseURI),
    };
  }

  // A bug or a failure to start: a plain message in the widget's own box. A wasm instance
  // that met a bug is never reused.
  #fail(shadow, glue, text = FAILED) {
    if (glue && glue === this.#glue) {
      this.#widget = null;
      this.#glue = null;
    }
    const message = document.createElement('p');
    message.setAttribute('role', 'status');
    message.className = 'drill failed';
    message.textContent = text;
    const root = document.createElement('div');
    root.className = 'cyberdrill';
    root.append(message);
    shadow.replaceChildren(root);
  }
}

if (!customElements.get('cyber-drill')) customElements.define('cyber-drill', CyberDrill);
