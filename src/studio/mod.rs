//! The drill studio (feature `studio`, wasm32): authors open, check, edit, preview and
//! publish drills in the browser, with nothing installed. The same checks as `cyberdrill
//! check`, the same catalog as `cyberdrill catalog`: the core does both, the studio shows
//! them.
//!
//! `public/studio.js` calls [`studio`] with the page's `<main>`, the language asked for and,
//! for Welsh, the Welsh words. `state` holds every signal and every action, and the studio's
//! words (`words`, a catalogue of its own); the other modules are views of one part of the
//! page each, which render and delegate to it.
//!
//! Every `view!` here starts with `class="studio",`. A view with a class of its own never
//! takes Leptos's inert-HTML shortcut (a static subtree built from a string through
//! `innerHTML`), which the page's Trusted Types setting refuses: the studio sets no HTML, so
//! it needs no policy. The class itself styles nothing.

mod editor;
mod files;
mod library;
mod masthead;
mod open;
mod preview;
mod publish;
mod state;
pub mod words;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::words::{Lang, parse};
use state::Studio;
use words::{Key, Words};

/// Mounts the studio into `root` (the page's `<main>`), replacing what it held (the
/// "loading" line), and its masthead into the page's `<header>`. Called once by
/// `public/studio.js` with the language tag asked for (the page's `?lang=`, else its `<html
/// lang>`) and, for Welsh, the text of `studio.cy.txt` if it could be fetched.
#[wasm_bindgen]
pub fn studio(root: web_sys::HtmlElement, lang: Option<String>, translation: Option<String>) {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("cyberdrill studio: internal error: {info}").into());
    }));
    let words = words_for(Lang::from_tag(lang.as_deref()), translation);
    // One language for the whole page, so assistive technology reads it in that language.
    let tag = words.lang().tag();
    let page = document();
    if let Some(html) = page.document_element() {
        let _ = html.set_attribute("lang", tag);
    }
    page.set_title(words.text(Key::PageTitle));
    root.set_text_content(None);
    let _ = root.set_attribute("lang", tag);
    // The state outlives both mounts (the masthead's and the page's), as the page does.
    let owner = Owner::new();
    let studio = owner.with(|| Studio::new(words));
    std::mem::forget(owner);
    if let Some(header) = page
        .query_selector("header")
        .ok()
        .flatten()
        .and_then(|h| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(h).ok())
    {
        header.set_text_content(None);
        leptos::mount::mount_to(
            header,
            move || view! { class="studio", <masthead::Masthead studio/> },
        )
        .forget();
    }
    leptos::mount::mount_to(root, move || view! { class="studio", <App studio/> }).forget();
}

/// The studio's words in `lang`: English, or the translation if it has no problem at all (a
/// studio half in one language and half in another is never shown); the console says why not.
fn words_for(lang: Lang, translation: Option<String>) -> Words {
    if lang == Lang::EnGb {
        return Words::english();
    }
    let file = format!("studio.{}.txt", lang.tag());
    let Some(text) = translation else {
        // studio.js has said why it has no text.
        return Words::english();
    };
    let (words, problems) = parse::<Key>(lang, &text);
    for problem in &problems {
        web_sys::console::error_1(
            &format!(
                "cyberdrill studio: {file}:{}: {}; speaking English instead",
                problem.line, problem.message
            )
            .into(),
        );
    }
    if problems.is_empty() {
        words
    } else {
        Words::english()
    }
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
