//! The scenario a drill sets before its first question.

use leptos::prelude::*;

use super::kit::{Title, press};
use super::mockup::Blocks;
use super::state::{Ctx, Screen};
use crate::words::Key;

/// The drill on offer's scenario, and the way on to its questions.
#[component]
pub fn Scenario(ctx: Ctx) -> impl IntoView {
    let Some(offer) = ctx.offer.get_untracked() else {
        return ().into_any();
    };
    view! {
        <div class="scenario">
            <Title ctx text=offer.entry.title.clone() topic=offer.entry.topic.clone() lang=ctx.content_lang()/>
            <Blocks blocks=offer.drill.scenario.clone() base=offer.base.clone() picking=None words=ctx.words()/>
            <div class="actions">
                <button type="button" class="primary" on:click=press(move || ctx.go(Screen::Question(0)))>{ctx.say(Key::StartQuestions)}</button>
            </div>
        </div>
    }
    .into_any()
}
