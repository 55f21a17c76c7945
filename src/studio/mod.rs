//! The drill studio (feature `studio`, wasm32): authors open, check, edit, preview and
//! publish drills in the browser, with nothing installed. The same checks as `cyberdrill
//! check`, the same catalog as `cyberdrill catalog`: the core does both, the studio shows
//! them.
//!
//! `public/studio.js` calls [`studio`] with the page's `<main>`. `state` holds every signal
//! and every action; the other modules are views of one part of the page each, which render
//! and delegate to it.
//!
//! Every `view!` here starts with `class="studio",`. A view with a class of its own never
//! takes Leptos's inert-HTML shortcut (a static subtree built from a string through
//! `innerHTML`), which the page's Trusted Types setting refuses: the studio sets no HTML, so
//! it needs no policy. The class itself styles nothing.

mod editor;
mod files;
mod library;
mod open;
mod preview;
mod publish;
mod state;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use state::Studio;

/// Mounts the studio into `root` (the page's `<main>`), replacing what it held (the
/// "loading" line). Called once by `public/studio.js`.
#[wasm_bindgen]
pub fn studio(root: web_sys::HtmlElement) {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("cyberdrill studio: internal error: {info}").into());
    }));
    root.set_text_content(None);
    let _ = root.set_attribute("lang", "en-GB");
    leptos::mount::mount_to(root, || {
        let studio = Studio::new();
        view! { class="studio", <App studio/> }
    })
    .forget();
}

/// The studio's page: opening, the library, the editor beside its preview, publishing.
#[component]
fn App(studio: Studio) -> impl IntoView {
    listen(studio);
    view! { class="studio",
        <open::Open studio/>
        <div class="workspace">
            <library::Library studio/>
            <editor::Editor studio/>
            <preview::Preview studio/>
        </div>
        <publish::Publish studio/>
        <p class="visually-hidden" role="status" aria-live="polite">{move || studio.announce.get()}</p>
    }
}

/// Files dropped anywhere on the page are opened; leaving with unsaved changes asks first.
fn listen(studio: Studio) {
    let over = window_event_listener(leptos::ev::dragover, |event: web_sys::DragEvent| {
        event.prevent_default();
        if let Some(transfer) = event.data_transfer() {
            transfer.set_drop_effect("copy");
        }
    });
    let drop = window_event_listener(leptos::ev::drop, move |event: web_sys::DragEvent| {
        event.prevent_default();
        let Some(transfer) = event.data_transfer() else {
            return;
        };
        // The files are taken from the drop before it ends; reading them waits.
        let read = files::dropped(transfer);
        studio.open(async move { read.await.map(|opened| Some((None, opened))) });
    });
    let leave = window_event_listener(leptos::ev::beforeunload, move |event| {
        if studio.unsaved() > 0 {
            event.prevent_default();
        }
    });
    on_cleanup(move || {
        over.remove();
        drop.remove();
        leave.remove();
    });
}
