//! "My progress": what the learner has done, what comes next, and moving or clearing it.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use super::kit::{Title, press, take_focus};
use super::state::{Ctx, Screen, now};
use crate::catalog::Catalog;
use crate::overview;
use crate::progress;
use crate::words::Key;

/// "My progress" against the catalog of the drill on offer.
#[component]
pub fn Overview(ctx: Ctx) -> impl IntoView {
    let Some(offer) = ctx.offer.get_untracked() else {
        return ().into_any();
    };
    let catalog = offer.catalog.clone();
    let confirming = RwSignal::new(false);
    // Showing or dismissing the confirmation removes the button that had focus: both move it
    // on, to the question or back to the button.
    let ask = move || {
        ctx.move_focus();
        confirming.set(true);
    };
    let dismiss = move || {
        ctx.move_focus();
        confirming.set(false);
    };
    let message = RwSignal::new(String::new());
    // Read as the drill loaded: whether any of the learner's values were set aside.
    let set_aside = RwSignal::new(ctx.has_set_aside());

    let summary = {
        let catalog = catalog.clone();
        move || {
            let figures = overview::figures(&ctx.words(), &ctx.history.get(), &catalog, now());
            view! {
                <dl class="stats">
                    <div><dt>{ctx.say(Key::DrillsDone)}</dt><dd>{figures.done}</dd></div>
                    <div><dt>{ctx.say(Key::TopicsCovered)}</dt><dd>{figures.topics}</dd></div>
                    <div><dt>{ctx.say(Key::ActiveDays)}</dt><dd>{figures.active_days}</dd></div>
                </dl>
            }
            .into_any()
        }
    };
    let upcoming = move || {
        let history = ctx.history.get();
        overview::coming_up(&ctx.words(), &catalog, &history, now())
            .map(|c| view! { <li><span lang=Catalog::lang(c.entry).to_owned()>{c.entry.title.clone()}</span> <span class="meta">{format!(" · {}", c.due)}</span></li> }.into_any())
            .collect_view()
            .into_any()
    };

    let export = move || {
        let text = ctx.export();
        match ctx.offer_file(&overview::export_name(now()), &text) {
            Ok(()) => message.set(ctx.say(Key::Downloading)),
            Err(()) => message.set(ctx.say(Key::NotSaved)),
        }
    };
    let import = move |event: web_sys::Event| {
        let Some(file) = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|input| input.files())
            .and_then(|files| files.get(0))
        else {
            return;
        };
        // Refused by its size before it is read into memory.
        if let Err(reason) = progress::import_size(file.size() as usize) {
            message.set(overview::not_imported(&ctx.words(), &reason));
            return;
        }
        spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(file.text())
                .await
                .ok()
                .and_then(|t| t.as_string())
                .unwrap_or_default();
            message.set(ctx.import(&text));
        });
    };
    let clear = move || {
        ctx.clear();
        set_aside.set(false);
        dismiss();
        message.set(ctx.say(Key::Cleared));
    };

    view! {
        <div class="overview">
            <Title ctx text=ctx.say(Key::MyProgress) lang=ctx.words().lang().tag().to_owned()/>
            {summary}
            {move || set_aside.get().then(|| view! {
                <p class="meta">{ctx.say(Key::SetAside)}</p>
            }.into_any())}
            <h3>{ctx.say(Key::ComingUp)}</h3>
            <ul class="upcoming">{upcoming}</ul>
            <h3>{ctx.say(Key::MoveOrClear)}</h3>
            <p class="meta">{ctx.say(Key::StaysHere)}</p>
            <div class="actions">
                <button type="button" class="secondary" on:click=press(export)>{ctx.say(Key::ExportProgress)}</button>
                <input type="file" id="import" class="file" accept=".json,application/json" on:change=import/>
                <label for="import" class="button secondary">{ctx.say(Key::ImportProgress)}</label>
                {move || (!confirming.get()).then(|| view! {
                    <button type="button" class="secondary" use:take_focus=ctx on:click=press(ask)>{ctx.say(Key::ClearProgress)}</button>
                }.into_any())}
            </div>
            {move || confirming.get().then(|| view! {
                <div class="confirm" role="group" aria-labelledby="confirm-clear">
                    <p id="confirm-clear" tabindex="-1" use:take_focus=ctx>{ctx.say(Key::ConfirmClear)}</p>
                    <div class="actions">
                        <button type="button" class="danger" on:click=press(clear)>{ctx.say(Key::ClearIt)}</button>
                        <button type="button" class="secondary" on:click=press(dismiss)>{ctx.say(Key::KeepIt)}</button>
                    </div>
                </div>
            }.into_any())}
            <p class="message" role="status">{move || message.get()}</p>
            <div class="actions">
                <button type="button" class="primary" on:click=press(move || ctx.go(Screen::Card))>{ctx.say(Key::BackToDrill)}</button>
            </div>
        </div>
    }
    .into_any()
}
