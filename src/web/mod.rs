//! The browser widget: the only code that touches the DOM, `web-sys` or localStorage.
//!
//! `public/cyberdrill.js` defines `<cyber-drill>`, attaches its shadow root and calls
//! [`mount`] with the element's options; everything the widget shows is built here from the
//! core's data. What to offer, where a session goes, how an answer is marked and what the
//! widget says are the core's (`offer`, `verdict`, `wording`, `overview`); this module
//! fetches, stores and draws.
//!
//! Its modules stand in layers, each importing only from those below it (a native test,
//! `tests/it/layers.rs`, holds them to it): this entry; `app`, the root component, which
//! shows the screen the state is on; one module per screen (`card`, `scenario`, `question`,
//! `summary`, `overview`); `mockup`, drill content drawn; `kit`, what every screen uses
//! (`press`, `take_focus`, `Title`); `state`, the one place state changes (`Ctx` and its
//! methods); `content`, fetching; and `config`, `storage` and `markup`, which import none of
//! the others. Screens read the state's signals and call its methods; only `state` writes
//! state or reaches the learner's store.

mod app;
mod card;
mod config;
mod content;
mod kit;
mod markup;
mod mockup;
mod overview;
mod question;
mod scenario;
mod state;
mod storage;
mod summary;

use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::Owner;
use wasm_bindgen::prelude::*;

use crate::words::Key;
use config::Config;
use state::{Ctx, next_task};

thread_local! {
    static ON_PANIC: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
    /// The plain message for a fault, in the learner's language once the widget has its words.
    static FAULT: RefCell<String> = const { RefCell::new(String::new()) };
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
        let plain = FAULT.with(|fault| JsValue::from_str(&fault.borrow()));
        ON_PANIC.with(|slot| {
            if let Some(callback) = slot.borrow().as_ref() {
                let _ = callback.call2(&JsValue::NULL, &message.into(), &plain);
            }
        });
    }));
    let config = Config::from_js(&options);
    // The loader's Trusted Types policy for drill HTML, if the page has Trusted Types.
    let policy = js_sys::Reflect::get(&options, &JsValue::from_str("html"));
    markup::set_policy(policy.ok().and_then(|f| f.dyn_into().ok()));
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
        let ctx = owner.with(|| Ctx::new(config));
        // The learner's words before the first render, so no screen is half in English.
        ctx.load_words().await;
        let words = ctx.words();
        let (lang, fault) = (words.lang().tag(), words.text(Key::Fault).to_owned());
        FAULT.with(|slot| *slot.borrow_mut() = fault);
        // The widget's words are in the learner's language, whatever the page around it says.
        let _ = root.set_attribute("lang", lang);
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
