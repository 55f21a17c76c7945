//! The result of the drill just finished: the score, what is worth remembering, when the drill
//! comes back, where to report the real thing, and what next.

use std::sync::Arc;

use leptos::prelude::*;

use super::kit::{Title, press};
use super::state::{Ctx, Screen};
use crate::offer::Outcome;
use crate::schedule;
use crate::wording;
use crate::words::Key;

/// The summary of `outcome`, the drill just finished.
#[component]
pub fn Summary(ctx: Ctx, outcome: Arc<Outcome>) -> impl IntoView {
    let attempt = &outcome.attempt;
    let score = attempt.score;
    let takeaways = outcome.takeaways.clone();
    let due = schedule::due(&ctx.history.get_untracked(), &attempt.drill);
    let comes_back = wording::comes_back(&ctx.words(), due, attempt.at);
    let report = ctx.report_url();
    let id = attempt.drill.clone();
    view! {
        <div class="summary">
            <Title ctx text=wording::summary_title(&ctx.words(), &score) lang=ctx.words().lang().tag().to_owned()/>
            <p class="score">{wording::score(&ctx.words(), &score)}</p>
            {(!takeaways.is_empty()).then(|| view! {
                <h3>{ctx.say(Key::WorthRemembering)}</h3>
                <ul class="takeaways" lang=ctx.content_lang()>{takeaways.into_iter().map(|t| view! { <li>{t}</li> }.into_any()).collect_view()}</ul>
            }.into_any())}
            <p>{comes_back}</p>
            {report.map(|url| view! {
                <div class="report">
                    <h3>{ctx.say(Key::ReportIt)}</h3>
                    <p>{ctx.say(Key::ReportAdvice)}</p>
                    <a class="button primary" href=url target="_blank" rel="noopener noreferrer">{ctx.say(Key::ReportIt)}</a>
                </div>
            }.into_any())}
            <div class="actions">
                <button type="button" class="primary" on:click=press(move || ctx.start_another(id.clone()))>{ctx.say(Key::AnotherDrill)}</button>
                <button type="button" class="secondary" on:click=press(move || ctx.done())>{ctx.say(Key::Done)}</button>
                <button type="button" class="link" on:click=press(move || ctx.go(Screen::Overview))>{ctx.say(Key::MyProgress)}</button>
            </div>
        </div>
    }
    .into_any()
}
