//! Publishing: the compiled drills and `catalog.json`, as `cyberdrill catalog` writes them,
//! into a folder inside the one opened for editing, or as one .zip download.

use leptos::prelude::*;

use super::state::{Published, Studio, press};
use super::words::Key;

/// The Publish section: where to, the buttons, and what the last publish did.
#[component]
pub fn Publish(studio: Studio) -> impl IntoView {
    let has_folder = move || studio.folder.with(Option::is_some);
    let nothing = move || studio.docs.with(Vec::is_empty);
    let busy = move || studio.publishing.get() || nothing();
    view! { class="studio",
        <section class="publish" aria-labelledby="publish-heading">
            <h2 id="publish-heading">{studio.text(Key::Publish)}</h2>
            {move || if has_folder() {
                view! { class="studio",
                    <p class="hint">{move || {
                        let folder = studio.folder.with(|f| f.as_ref().map(|f| f.name()).unwrap_or_default());
                        studio.say(Key::PublishHint, &[("folder", &folder)])
                    }}</p>
                    <div class="field">
                        <label for="publish-into">{studio.text(Key::PublishInto)}</label>
                        <input type="text" id="publish-into" autocomplete="off" spellcheck="false"
                            prop:value=move || studio.publish_into.get()
                            on:input=move |e| studio.publish_into.set(event_target_value(&e))/>
                    </div>
                }
                .into_any()
            } else {
                view! { class="studio",
                    <p class="hint">{studio.text(Key::ZipHint)}</p>
                }
                .into_any()
            }}
            <div class="actions">
                {move || has_folder().then(|| view! { class="studio",
                    <button type="button" class="primary" disabled=busy on:click=press(move || studio.publish())>{studio.text(Key::Publish)}</button>
                })}
                <button type="button" class="secondary" disabled=busy on:click=press(move || studio.download_zip())>{studio.text(Key::DownloadZip)}</button>
            </div>
            <div role="status">
                {move || studio.publishing.get().then(|| view! { class="studio", <p>{studio.text(Key::Publishing)}</p> })}
                {move || studio.published.get().map(|done| view! { class="studio", <Report studio done/> })}
            </div>
        </section>
    }
}

/// What a publish did: what was written where, what failed, what was left out and why.
#[component]
fn Report(studio: Studio, done: Published) -> impl IntoView {
    let Published {
        target,
        zip,
        written,
        failed,
        catalog,
        left_out,
        problem,
    } = done;
    // A translations' catalog (`catalog.cy.json`) is written with the drills, but is not one.
    let written = written
        .iter()
        .filter(|f| !f.starts_with("catalog."))
        .count();
    let target = [("target", target.as_str())];
    let summary = if let Some(problem) = &problem {
        studio.say(Key::NothingPublished, &[("reason", problem)])
    } else if zip {
        studio.count(Key::ZipDownloading, written, &target)
    } else if catalog {
        studio.count(Key::Published, written, &target)
    } else {
        let failed = failed.len().to_string();
        studio.count(
            Key::NotFinished,
            written,
            &[target[0], ("failed", failed.as_str())],
        )
    };
    view! { class="studio",
        <div class="published">
            <p class="summary">{summary}</p>
            {(!failed.is_empty()).then(|| view! { class="studio",
                <h3>{studio.text(Key::NotWritten)}</h3>
                <ul>{failed.into_iter().map(|(file, reason)| view! { class="studio", <li><code>{file}</code>": "{reason}</li> }).collect_view()}</ul>
            })}
            {(!left_out.is_empty()).then(|| view! { class="studio",
                <h3>{studio.say(Key::LeftOut, &[("n", &left_out.len().to_string())])}</h3>
                <ul class="left-out">
                    {left_out.into_iter().map(|left| view! { class="studio",
                        <li>
                            // Why, and the errors' headlines: the CLI's words, as `cyberdrill catalog` says them.
                            <p lang="en-GB"><code>{left.path}</code>": "{left.reason}</p>
                            {left.errors.into_iter().map(|e| view! { class="studio", <pre lang="en-GB">{e}</pre> }).collect_view()}
                        </li>
                    }).collect_view()}
                </ul>
            })}
        </div>
    }
}
