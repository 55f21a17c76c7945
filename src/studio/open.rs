//! Opening drills: files, a folder, a folder for editing, a new drill, a pasted one.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::files;
use super::state::{Studio, press, take_focus};
use super::words::Key;

/// Which of the two small forms is open.
#[derive(Clone, Copy, PartialEq)]
enum Adding {
    None,
    New,
    Paste,
}

/// The Open section: buttons for every way in, the New and Paste forms, what opening said.
#[component]
pub fn Open(studio: Studio) -> impl IntoView {
    let files_input = NodeRef::<html::Input>::new();
    let folder_input = NodeRef::<html::Input>::new();
    let adding = RwSignal::new(Adding::None);
    let show = move |which: Adding| {
        studio.move_focus();
        adding.set(which);
    };

    // The inputs are kept out of the tab order: their buttons open them.
    let picked = move |event: web_sys::Event| {
        let Some(input) = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(list) = input.files().filter(|l| l.length() > 0) else {
            return;
        };
        let read = files::picked(list);
        // Cleared, so picking the same files again opens them again.
        input.set_value("");
        studio.open(async move { read.await.map(|opened| Some((None, opened))) });
    };
    let click = move |input: NodeRef<html::Input>| {
        press(move || {
            if let Some(input) = input.get() {
                input.click();
            }
        })
    };
    let open_folder = press(move || {
        studio.open(async move {
            Ok(files::open_folder()
                .await?
                .map(|(folder, opened)| (Some(folder), opened)))
        })
    });

    view! { class="studio",
        <section class="open" aria-labelledby="open-heading">
            <h2 id="open-heading">{studio.text(Key::OpenDrills)}</h2>
            <p class="hint">{studio.text(Key::OpenHint)}</p>
            <div class="actions">
                <button type="button" class="primary" disabled=move || studio.busy.get() on:click=click(files_input)>{studio.text(Key::OpenFiles)}</button>
                <button type="button" class="secondary" disabled=move || studio.busy.get() on:click=click(folder_input)>{studio.text(Key::OpenFolder)}</button>
                {files::can_open_folder_for_editing().then(|| view! { class="studio",
                    <button type="button" class="secondary" disabled=move || studio.busy.get() on:click=open_folder>{studio.text(Key::OpenForEditing)}</button>
                })}
                <button type="button" class="secondary" aria-expanded=move || (adding.get() == Adding::New).to_string() on:click=press(move || show(if adding.get_untracked() == Adding::New { Adding::None } else { Adding::New }))>{studio.text(Key::NewDrill)}</button>
                <button type="button" class="secondary" aria-expanded=move || (adding.get() == Adding::Paste).to_string() on:click=press(move || show(if adding.get_untracked() == Adding::Paste { Adding::None } else { Adding::Paste }))>{studio.text(Key::PasteDrill)}</button>
            </div>
            <label class="visually-hidden" for="drill-files">{studio.text(Key::DrillFiles)}</label>
            <input type="file" id="drill-files" class="visually-hidden" tabindex="-1" multiple accept=".md,text/markdown" node_ref=files_input on:change=picked/>
            <label class="visually-hidden" for="drill-folder">{studio.text(Key::DrillFolder)}</label>
            <input type="file" id="drill-folder" class="visually-hidden" tabindex="-1" use:whole_folders multiple node_ref=folder_input on:change=picked/>
            {move || match adding.get() {
                Adding::None => ().into_any(),
                Adding::New => view! { class="studio", <NewDrill studio done=move || show(Adding::None)/> }.into_any(),
                Adding::Paste => view! { class="studio", <PasteDrill studio done=move || show(Adding::None)/> }.into_any(),
            }}
            <p class="status" role="status">{move || studio.status.get()}</p>
        </section>
    }
}

/// A directive (`use:whole_folders`): the file input picks a folder and everything in it
/// (`webkitdirectory`, an attribute the view macro does not know).
fn whole_folders(el: web_sys::Element, _: ()) {
    let _ = el.set_attribute("webkitdirectory", "");
}

/// Asks for the new drill's id, then makes it from the starter `cyberdrill new` writes.
#[component]
fn NewDrill(studio: Studio, done: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let id = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let create = move |event: web_sys::SubmitEvent| {
        event.prevent_default();
        match studio.new_drill(&id.get_untracked()) {
            Ok(()) => done(),
            Err(reason) => problem.set(Some(reason)),
        }
    };
    view! { class="studio",
        <form class="adding" aria-labelledby="new-heading" on:submit=create>
            <h3 id="new-heading">{studio.text(Key::NewDrill)}</h3>
            <label for="new-id">{studio.text(Key::DrillId)}</label>
            <p class="hint" id="new-id-hint">{studio.text(Key::DrillIdHint)}</p>
            <input type="text" id="new-id" autocomplete="off" spellcheck="false" use:take_focus=studio
                aria-describedby=move || if problem.get().is_some() { "new-id-hint new-id-problem" } else { "new-id-hint" }
                aria-invalid=move || problem.get().is_some().then_some("true")
                prop:value=move || id.get()
                on:input=move |e| { id.set(event_target_value(&e)); problem.set(None); }/>
            {move || problem.get().map(|p| view! { class="studio", <p class="problem" id="new-id-problem">{p}</p> })}
            <div class="actions">
                <button type="submit" class="primary">{studio.text(Key::CreateDrill)}</button>
                <button type="button" class="secondary" on:click=press(done)>{studio.text(Key::Cancel)}</button>
            </div>
        </form>
    }
}

/// A textarea for a drill copied from elsewhere (an email, a document), added as a new file.
#[component]
fn PasteDrill(studio: Studio, done: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let add = move |event: web_sys::SubmitEvent| {
        event.prevent_default();
        match studio.paste(text.get_untracked()) {
            Ok(()) => done(),
            Err(reason) => problem.set(Some(reason)),
        }
    };
    view! { class="studio",
        <form class="adding" aria-labelledby="paste-heading" on:submit=add>
            <h3 id="paste-heading">{studio.text(Key::PasteDrill)}</h3>
            <label for="paste-text">{studio.text(Key::DrillToAdd)}</label>
            <p class="hint" id="paste-hint">{studio.text(Key::PasteHint)}</p>
            <textarea id="paste-text" rows="10" spellcheck="false" use:take_focus=studio
                aria-describedby=move || if problem.get().is_some() { "paste-hint paste-problem" } else { "paste-hint" }
                aria-invalid=move || problem.get().is_some().then_some("true")
                prop:value=move || text.get()
                on:input=move |e| { text.set(event_target_value(&e)); problem.set(None); }></textarea>
            {move || problem.get().map(|p| view! { class="studio", <p class="problem" id="paste-problem">{p}</p> })}
            <div class="actions">
                <button type="submit" class="primary">{studio.text(Key::AddDrill)}</button>
                <button type="button" class="secondary" on:click=press(done)>{studio.text(Key::Cancel)}</button>
            </div>
        </form>
    }
}
