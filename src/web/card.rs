//! The card a drill starts as: its title, topic and time, whether it is due, and Start or
//! Resume.

use leptos::prelude::*;

use super::kit::{Title, press};
use super::state::{Ctx, Screen, now};
use crate::wording;
use crate::words::{Key, Lang};

/// The drill on offer as a compact card.
#[component]
pub fn Card(ctx: Ctx) -> impl IntoView {
    let Some(offer) = ctx.offer.get_untracked() else {
        return ().into_any();
    };
    let entry = offer.entry.clone();
    let count = offer.drill.questions.len();
    let id = entry.id.clone();
    // A translation no speaker of its language has reviewed says so, in that language.
    let lang = ctx.words().lang();
    let unreviewed = lang != Lang::EnGb && offer.drill.lang == lang.tag() && !entry.reviewed;
    let due = move || wording::due(&ctx.words(), &ctx.history.get(), &id, now());
    let resume = move || {
        let answered = ctx.session.get().map_or(0, |s| s.answers.len());
        wording::resume(&ctx.words(), answered, count)
    };
    view! {
        <div class="card">
            <Title ctx text=entry.title.clone() topic=entry.topic.clone() lang=ctx.content_lang()/>
            <p class="meta">
                {wording::minutes(&ctx.words(), entry.minutes)}
                " · " {due}
            </p>
            {unreviewed.then(|| view! { <p class="meta">{ctx.say(Key::Unreviewed)}</p> }.into_any())}
            <div class="actions">
                {move || match resume() {
                    Some(label) => view! {
                        <button type="button" class="primary" on:click=press(move || ctx.resume())>
                            {label}
                        </button>
                        <button type="button" class="secondary" on:click=press(move || ctx.start())>{ctx.say(Key::StartOver)}</button>
                    }
                    .into_any(),
                    None => view! {
                        <button type="button" class="primary" on:click=press(move || ctx.start())>{ctx.say(Key::Start)}</button>
                    }
                    .into_any(),
                }}
                <button type="button" class="link" on:click=press(move || ctx.go(Screen::Overview))>{ctx.say(Key::MyProgress)}</button>
            </div>
        </div>
    }
    .into_any()
}
