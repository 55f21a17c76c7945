//! The widget's root: the screen the state is on, the note when progress cannot be saved, and
//! the live region.

use leptos::prelude::*;

use super::card::Card;
use super::overview::Overview;
use super::question::QuestionView;
use super::scenario::Scenario;
use super::state::{Ctx, Screen};
use super::storage::Saving;
use super::summary::Summary;
use crate::words::Key;

/// The widget: loads the drill on offer and shows the screen `ctx` is on.
#[component]
pub fn App(ctx: Ctx) -> impl IntoView {
    ctx.load();
    let screen = move || match ctx.screen.get() {
        Screen::Loading => {
            view! { <p class="loading" role="status">{ctx.say(Key::Loading)}</p> }.into_any()
        }
        Screen::Failed => view! {
            <p class="failed" role="status">{ctx.say(Key::Failed)}</p>
        }
        .into_any(),
        Screen::Card => view! { <Card ctx/> }.into_any(),
        Screen::Scenario => view! { <Scenario ctx/> }.into_any(),
        Screen::Question(index) => view! { <QuestionView ctx index/> }.into_any(),
        Screen::Summary(outcome) => view! { <Summary ctx outcome/> }.into_any(),
        Screen::Overview => view! { <Overview ctx/> }.into_any(),
    };
    view! {
        <section class="drill" aria-label=move || ctx.offer.with(|o| match o {
            Some(offer) => ctx.words().say(Key::RegionOf, &[("title", &offer.entry.title)]),
            None => ctx.say(Key::Region),
        })>
            {screen}
            <SavingNote ctx/>
            <p class="visually-hidden" role="status" aria-live="polite">{move || ctx.announce.get()}</p>
        </section>
    }
}

/// Says once, plainly, when progress cannot be saved.
#[component]
fn SavingNote(ctx: Ctx) -> impl IntoView {
    move || {
        let text = ctx.say(match ctx.saving() {
            // A preview's page says itself that nothing is kept.
            Saving::Saved | Saving::Preview => return None,
            Saving::Unavailable => Key::CannotSave,
            Saving::Newer => Key::SavedByNewer,
        });
        Some(view! { <p class="note">{text}</p> }.into_any())
    }
}
