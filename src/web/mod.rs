//! The browser widget: the only code that touches the DOM, `web-sys` or localStorage.
//!
//! `public/cyberdrill.js` defines `<cyber-drill>`, attaches its shadow root and calls
//! [`mount`] with the element's options; everything the widget shows is built here from the
//! core's data. Components hold signals and call the core; they decide nothing themselves.

mod app;
mod content;
mod markup;
mod mockup;
mod overview;
mod question;
mod storage;

use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::Owner;
use wasm_bindgen::prelude::*;

/// The options a `<cyber-drill>` element passes, its URLs already absolute.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// Base URL of the catalog and drill files, ending in `/`.
    pub content: String,
    /// The drill to show, by id; otherwise the next one due.
    pub drill: Option<String>,
    /// URL of one compiled drill, bypassing the catalog (for authors' previews).
    pub src: Option<String>,
    /// Restricts the choice of the next drill to a topic.
    pub topic: Option<String>,
    /// A pseudonymous learner id from the host page: keys the progress, never shown or sent.
    pub learner: Option<String>,
    /// Language of the host page, if given.
    pub lang: Option<String>,
    /// Where "Report it" sends people: the trust's own reporting route.
    pub report_url: Option<String>,
    /// A compiled drill to show instead of fetching one (the studio's preview): nothing is
    /// read from or written to stored progress.
    pub preview: Option<String>,
    /// The loader's `compile`: `(url, text)` to a promise of the compiled drill (see
    /// `content::compile`).
    pub compile: Option<js_sys::Function>,
}

fn option(options: &JsValue, name: &str) -> Option<String> {
    js_sys::Reflect::get(options, &JsValue::from_str(name))
        .ok()
        .and_then(|v| v.as_string())
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

impl Config {
    fn from_js(options: &JsValue) -> Config {
        let mut content = option(options, "content").unwrap_or_default();
        if !content.ends_with('/') {
            content.push('/');
        }
        let report_url = option(options, "reportUrl").filter(|url| {
            let safe = crate::policy::check_url(url, crate::policy::UrlUse::Link).is_ok();
            if !safe {
                web_sys::console::error_1(&format!("cyberdrill: report-url `{url}` is not an https:, http:, mailto: or tel: URL; leaving it out").into());
            }
            safe
        });
        Config {
            content,
            drill: option(options, "drill"),
            src: option(options, "src"),
            topic: option(options, "topic"),
            learner: option(options, "learner"),
            lang: option(options, "lang"),
            report_url,
            preview: option(options, "preview"),
            compile: js_sys::Reflect::get(options, &JsValue::from_str("compile"))
                .ok()
                .and_then(|f| f.dyn_into().ok()),
        }
    }
}

thread_local! {
    static ON_PANIC: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
}

/// A mounted widget; `unmount` (or dropping it) removes it and frees its state.
#[wasm_bindgen]
pub struct Widget {
    _handle: Rc<RefCell<Option<Box<dyn Any>>>>,
}

#[wasm_bindgen]
impl Widget {
    /// Removes the widget from the page.
    pub fn unmount(self) {}
}

/// Mounts a widget into `root`, an element inside the host element's shadow root. `options`
/// holds the element's attributes (URLs absolute); `on_panic` is called, with the message, if
/// the widget meets a bug, so the loader can put a plain message in its place.
#[wasm_bindgen]
pub fn mount(root: web_sys::HtmlElement, options: JsValue, on_panic: js_sys::Function) -> Widget {
    ON_PANIC.with(|slot| *slot.borrow_mut() = Some(on_panic));
    std::panic::set_hook(Box::new(|info| {
        let message = format!("cyberdrill: internal error: {info}");
        web_sys::console::error_1(&message.clone().into());
        ON_PANIC.with(|slot| {
            if let Some(callback) = slot.borrow().as_ref() {
                let _ = callback.call1(&JsValue::NULL, &message.into());
            }
        });
    }));
    let config = Config::from_js(&options);
    // The loader's Trusted Types policy for drill HTML, if the page has Trusted Types.
    let policy = js_sys::Reflect::get(&options, &JsValue::from_str("html"));
    markup::set_policy(policy.ok().and_then(|f| f.dyn_into().ok()));
    // The widget's own words are British English, whatever the page around it speaks.
    let _ = root.set_attribute("lang", "en-GB");
    // Starting is three tasks, so that it is not one long task on the host page's main thread
    // (the browser compiles each wasm function on its first call, so first runs are slow):
    // this one, the widget's state, then the first render. Unmounted before then, it never
    // renders.
    let mounted: Rc<RefCell<Option<Box<dyn Any>>>> = Rc::default();
    let slot = Rc::downgrade(&mounted);
    wasm_bindgen_futures::spawn_local(async move {
        next_task().await;
        if slot.strong_count() == 0 {
            return;
        }
        let owner = Owner::new();
        let ctx = owner.with(|| app::Ctx::new(config));
        next_task().await;
        if let Some(slot) = slot.upgrade() {
            let handle = owner
                .with(|| leptos::mount::mount_to(root, move || app::App(app::AppProps { ctx })));
            // Dropped in this order: the view first, then the state it reads.
            *slot.borrow_mut() = Some(Box::new((handle, owner)));
        }
    });
    Widget { _handle: mounted }
}

/// Breaks this widget's wasm instance on purpose, with a panic. The browser tests call it to
/// show that a fault stays inside one widget; no page has a reason to.
#[wasm_bindgen]
pub fn selftest_fault() {
    panic!("fault injected by a test");
}

/// Waits for the browser's next task: work on either side of it runs in separate tasks, so
/// the host page can handle input and paint in between (no long task on its main thread).
async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback(&resolve);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Milliseconds since the Unix epoch: the only clock the widget reads.
fn now() -> i64 {
    js_sys::Date::now() as i64
}
