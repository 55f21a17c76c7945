//! The screens' small kit: one handler type for every button, focus that follows the
//! learner's actions, and a screen's title.

use leptos::prelude::*;

use super::state::Ctx;
use crate::wording;

pub use crate::button::press;

/// A directive (`use:take_focus=ctx`): moves focus to the element once it is on the page, if
/// the learner's last action asked for it ([`Ctx::go`], Check, …). The first such element
/// built after the action takes it, so a screen's heading wins over what comes after it.
pub fn take_focus(el: web_sys::Element, ctx: Ctx) {
    if !ctx.focus_asked() {
        return;
    }
    crate::button::focus_in_next_frame(el);
}

/// A screen's heading, which takes focus when the learner's action brought the screen up;
/// with `topic`, the "Cyber drill · Phishing" line above it.
#[component]
pub fn Title(ctx: Ctx, text: String, #[prop(optional)] topic: Option<String>) -> impl IntoView {
    view! {
        {topic.map(|topic| view! { <p class="eyebrow">"Cyber drill · " {wording::topic_label(&topic)}</p> }.into_any())}
        <h2 tabindex="-1" use:take_focus=ctx>{text}</h2>
    }
}
