//! The library: every open drill with its title, topic and state, and the problems only the
//! whole library shows (an id used twice, a review overdue).

use leptos::prelude::*;

use super::state::{Doc, Studio, press};
use super::words::Key;

/// The codes of problems that come from the library or the date, not the file alone.
const LIBRARY_CODES: [&str; 2] = ["duplicate-id", "review-overdue"];

/// The table of open drills and, under it, the library-wide problems.
#[component]
pub fn Library(studio: Studio) -> impl IntoView {
    let rows = move || {
        studio
            .docs
            .get()
            .into_iter()
            .map(|doc| view! { class="studio", <Row studio doc/> })
            .collect_view()
    };
    let library_problems = move || {
        studio.docs.with(|docs| {
            docs.iter()
                .flat_map(|doc| {
                    let key = doc.key;
                    doc.checked.with(|c| {
                        c.file
                            .diagnostics
                            .iter()
                            .filter(|p| LIBRARY_CODES.contains(&p.code))
                            .map(|p| (key, doc.path.clone(), p.line, p.column, p.headline.clone()))
                            .collect::<Vec<_>>()
                    })
                })
                .collect::<Vec<_>>()
        })
    };
    view! { class="studio",
        <section class="library" aria-labelledby="library-heading">
            <h2 id="library-heading">{studio.text(Key::Library)}</h2>
            {move || studio.docs.with(|d| d.is_empty()).then(|| view! { class="studio",
                <p class="hint">{studio.text(Key::NoDrillsOpen)}</p>
            })}
            {move || studio.docs.with(|d| !d.is_empty()).then(|| view! { class="studio",
                <div class="table-scroll">
                    <table>
                        <thead>
                            <tr>
                                <th scope="col">{studio.text(Key::File)}</th>
                                <th scope="col">{studio.text(Key::Title)}</th>
                                <th scope="col">{studio.text(Key::Topic)}</th>
                                <th scope="col">{studio.text(Key::State)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            })}
            {move || {
                let problems = library_problems();
                (!problems.is_empty()).then(|| view! { class="studio",
                    <h3 id="library-problems-heading">{studio.text(Key::AcrossLibrary)}</h3>
                    <ul class="problems" aria-labelledby="library-problems-heading">
                        {problems.into_iter().map(|(key, path, line, column, headline)| view! { class="studio",
                            <li>
                                <code class="headline" lang="en-GB">{headline}</code>
                                <button type="button" class="link" on:click=press(move || studio.go_to(key, line, column))>
                                    {studio.say(Key::EditAt, &[("path", &path), ("line", &line.to_string())])}
                                </button>
                            </li>
                        }).collect_view()}
                    </ul>
                })
            }}
        </section>
    }
}

/// One drill's row: its path (a button that opens it in the editor), title, topic, state.
#[component]
fn Row(studio: Studio, doc: Doc) -> impl IntoView {
    let key = doc.key;
    let checked = doc.checked.clone();
    let dirty = doc.dirty.clone();
    let state = move || {
        let mut parts = checked.with(|c| {
            let mut parts = vec![studio.problems(c.file.errors, c.file.warnings)];
            if c.file
                .diagnostics
                .iter()
                .any(|p| p.code == "review-overdue")
            {
                parts.push(studio.text(Key::ReviewDue));
            }
            parts
        });
        if dirty.get() {
            parts.push(studio.text(Key::UnsavedState));
        }
        parts.join(", ")
    };
    let checked = doc.checked.clone();
    let class = move || {
        checked.with(|c| match (c.file.errors, c.file.warnings) {
            (0, 0) => "state ok",
            (0, _) => "state warning",
            _ => "state error",
        })
    };
    let checked = doc.checked.clone();
    let title = move || checked.with(|c| c.file.title.clone());
    let checked = doc.checked.clone();
    let topic = move || checked.with(|c| c.file.topic.clone());
    // The drill's own words, in its language.
    let checked = doc.checked.clone();
    let lang = move || checked.with(|c| c.report.drill.lang.clone());
    view! { class="studio",
        <tr class:selected=move || studio.selected.get() == Some(key)>
            <th scope="row">
                <button type="button" class="link path"
                    aria-current=move || (studio.selected.get() == Some(key)).then_some("true")
                    on:click=press(move || studio.choose(key))>
                    {doc.path.to_string()}
                </button>
            </th>
            <td lang=lang.clone()>{title}</td>
            <td lang=lang>{topic}</td>
            <td class=class>{state}</td>
        </tr>
    }
}
