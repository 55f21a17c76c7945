//! The editor: one drill's text in a plain textarea (the browser's own undo and find), a
//! line-number gutter beside it that marks lines with problems, and the problems themselves,
//! each with the CLI's exact first line and a way to the place it points at.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::state::{Doc, Studio, press, take_focus};
use super::words::Key;

/// What the CLI prints before a diagnostic's help: its word, not the studio's, so the same in
/// either language (shown in an element marked `lang="en-GB"`).
const HELP: &str = "help: ";

/// The editor for the file being edited, or a line saying how to get one.
#[component]
pub fn Editor(studio: Studio) -> impl IntoView {
    view! { class="studio",
        <section class="editor" aria-labelledby="editor-heading">
            {move || match studio.current() {
                Some(doc) => view! { class="studio", <DocEditor studio doc/> }.into_any(),
                None => view! { class="studio",
                    <h2 id="editor-heading">{studio.text(Key::Edit)}</h2>
                    <p class="hint">{studio.text(Key::EditHint)}</p>
                }
                .into_any(),
            }}
        </section>
    }
}

/// The worst problem on each line that has one: what the gutter marks.
#[derive(Clone, Copy, PartialEq)]
enum Mark {
    None,
    Warning,
    Error,
}

#[component]
fn DocEditor(studio: Studio, doc: Doc) -> impl IntoView {
    let key = doc.key;
    let area = NodeRef::<html::Textarea>::new();
    let gutter = NodeRef::<html::Div>::new();
    let initial = doc.text.get_value();

    // The gutter changes only when the number of lines or the marks do, not on every key.
    let checked = doc.checked.clone();
    let lines = Memo::new(move |_| {
        checked.with(|c| {
            let count = c.report.text.split('\n').count().max(1);
            let mut marks = vec![Mark::None; count];
            for p in &c.file.diagnostics {
                if let Some(mark) = marks.get_mut(p.line.saturating_sub(1)) {
                    let this = if p.severity == "error" {
                        Mark::Error
                    } else {
                        Mark::Warning
                    };
                    if *mark != Mark::Error {
                        *mark = this;
                    }
                }
            }
            marks
        })
    });
    let gutter_lines = move || {
        lines
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, mark)| {
                let (class, sign) = match mark {
                    Mark::None => ("line", ""),
                    Mark::Warning => ("line warning", "▲ "),
                    Mark::Error => ("line error", "✖ "),
                };
                view! { class="studio", <div class=class>{sign}{i + 1}</div> }
            })
            .collect_view()
    };

    let on_input = move |event: web_sys::Event| {
        studio.edit(key, event_target_value(&event));
    };
    let on_scroll = move |_| {
        if let (Some(area), Some(gutter)) = (area.get(), gutter.get()) {
            gutter.set_scroll_top(area.scroll_top());
        }
    };
    let go_to = move |line: usize, column: usize| {
        if let (Some(area), Some(gutter)) = (area.get(), gutter.get()) {
            go_to_place(&area, &gutter, line, column);
        }
    };
    // A place asked for from elsewhere (the library's problems), once this file's text is
    // shown: in the next frame, after the textarea has its value (setting it moves the caret).
    Effect::new(move |_| {
        if let Some((want, line, column)) = studio.place.get()
            && want == key
            && area.get().is_some()
        {
            studio.place.set(None);
            request_animation_frame(move || go_to(line, column));
        }
    });

    let checked = doc.checked.clone();
    let count = move || checked.with(|c| studio.problems(c.file.errors, c.file.warnings));
    let checked = doc.checked.clone();
    let problems = move || {
        checked.with(|c| {
            c.file
                .diagnostics
                .iter()
                .map(|p| {
                    let (line, column) = (p.line, p.column);
                    let class = if p.severity == "error" {
                        "error"
                    } else {
                        "warning"
                    };
                    view! { class="studio",
                        <li class=class>
                            <code class="headline" lang="en-GB">{p.headline.clone()}</code>
                            {p.help.clone().map(|help| view! { class="studio", <p class="help" lang="en-GB">{HELP} {help}</p> })}
                            <button type="button" class="link" on:click=press(move || go_to(line, column))>
                                {studio.say(Key::GoToLine, &[("line", &line.to_string())])}
                            </button>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    // The one problem the studio can fix itself: a question heading without an id.
    let checked = doc.checked.clone();
    let ids_missing = move || checked.with(|c| c.has("missing-question-id"));
    let add_ids = move || {
        if let (Some(text), Some(area)) = (studio.add_question_ids(key), area.get()) {
            area.set_value(&text);
        }
    };
    let dirty = doc.dirty.clone();
    let saving = move || {
        studio.text(if dirty.get() {
            Key::Unsaved
        } else {
            Key::NoUnsaved
        })
    };
    let dirty = doc.dirty.clone();
    let save_label = move || {
        studio.text(if studio.folder.with(Option::is_some) {
            Key::Save
        } else {
            Key::DownloadDrill
        })
    };
    // "Edit {path}", the path styled apart.
    let edit = studio.text(Key::EditPath);
    let (before, after) = edit.split_once("{path}").unwrap_or((edit.as_str(), ""));
    let (before, after) = (before.to_owned(), after.to_owned());
    // The drill's text is in the drill's language (for the spelling checker, say).
    let checked = doc.checked.clone();
    let lang = move || checked.with(|c| c.report.drill.lang.clone());

    view! { class="studio",
        <h2 id="editor-heading" tabindex="-1" use:take_focus=studio>{before}<span class="path">{doc.path.to_string()}</span>{after}</h2>
        <div class="save">
            <button type="button" class="primary" on:click=press(move || studio.save(key))>{save_label}</button>
            <p class="saved" class:unsaved=move || dirty.get()>{saving}</p>
        </div>
        <label for="drill-text">{studio.text(Key::DrillText)}</label>
        <div class="code">
            <div class="gutter" aria-hidden="true" node_ref=gutter>{gutter_lines}</div>
            <textarea id="drill-text" spellcheck="true" wrap="off" autocomplete="off" lang=lang
                aria-describedby="problem-count"
                node_ref=area prop:value=initial on:input=on_input on:scroll=on_scroll></textarea>
        </div>
        <h3 id="problems-heading">{studio.text(Key::Problems)}</h3>
        <p id="problem-count" class="count">{count}</p>
        <Show when=ids_missing>
            <button type="button" on:click=press(add_ids)>{studio.text(Key::AddIds)}</button>
        </Show>
        <ul class="problems" aria-label=studio.text(Key::Problems)>{problems}</ul>
    }
}

/// Moves focus into the textarea with the caret at `line` and `column` (1-based, in
/// characters, as diagnostics count them), scrolled into view.
fn go_to_place(
    area: &web_sys::HtmlTextAreaElement,
    gutter: &web_sys::HtmlDivElement,
    line: usize,
    column: usize,
) {
    let text = area.value();
    // The textarea counts in UTF-16 code units.
    let mut offset = 0u32;
    for (i, this) in text.split('\n').enumerate() {
        if i + 1 == line {
            offset += this
                .chars()
                .take(column.saturating_sub(1))
                .map(|c| c.len_utf16() as u32)
                .sum::<u32>();
            break;
        }
        offset += this.encode_utf16().count() as u32 + 1;
    }
    let _ = area.focus();
    let _ = area.set_selection_range(offset, offset);
    // The gutter's line is where the textarea's line is: a third of the way down the box.
    let top = gutter
        .children()
        .item(line.saturating_sub(1) as u32)
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
        .map_or(0, |el| el.offset_top());
    area.set_scroll_top((top - area.client_height() / 3).max(0));
    // Back to the line's start unless the column is off to the right.
    if column < 40 {
        area.set_scroll_left(0);
    }
}
