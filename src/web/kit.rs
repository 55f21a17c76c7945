//! The screens' small kit: one handler type for every button, focus that follows the
//! learner's actions, and a screen's title.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::state::Ctx;
use crate::wording;
use crate::words::Key;

/// What a button does when pressed. Every button's handler is of this one type, so the code
/// that attaches and runs a listener is compiled once, not once per button.
pub type Press = Box<dyn FnMut(leptos::ev::MouseEvent)>;

/// A button's [`Press`] handler, from what it does.
pub fn press(mut action: impl FnMut() + 'static) -> Press {
    Box::new(move |_| action())
}

/// A directive (`use:take_focus=ctx`): moves focus to the element once it is on the page, if
/// the learner's last action asked for it ([`Ctx::go`], Check, …). The first such element
/// built after the action takes it, so a screen's heading wins over what comes after it.
pub fn take_focus(el: web_sys::Element, ctx: Ctx) {
    if !ctx.focus_asked() {
        return;
    }
    // Built, not yet attached: focus it in the next frame, when the view it belongs to is on
    // the page. Focusing lays the page out; there, the browser lays it out once, as part of
    // the frame, rather than once more inside the learner's click.
    request_animation_frame(move || {
        if let Some(el) = el.dyn_ref::<web_sys::HtmlElement>() {
            let _ = el.focus();
        }
    });
}

/// A screen's heading, which takes focus when the learner's action brought the screen up;
/// with `topic`, the "Cyber drill · Phishing" line above it.
#[component]
/// `lang` marks a title that is the drill's own words, in the drill's language.
pub fn Title(
    ctx: Ctx,
    text: String,
    #[prop(optional)] topic: Option<String>,
    lang: String,
) -> impl IntoView {
    view! {
        {topic.map(|topic| view! { <p class="eyebrow">{ctx.words().say(Key::Eyebrow, &[("topic", &wording::topic_label(&ctx.words(), &topic))])}</p> }.into_any())}
        <h2 tabindex="-1" lang=lang use:take_focus=ctx>{text}</h2>
    }
}
