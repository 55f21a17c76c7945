//! Publishing: the compiled drills and `catalog.json`, as `cyberdrill catalog` writes them,
//! into a folder inside the one opened for editing, or as one .zip download.

use leptos::prelude::*;

use super::state::{Published, Studio, press};

/// The Publish section: where to, the buttons, and what the last publish did.
#[component]
pub fn Publish(studio: Studio) -> impl IntoView {
    let has_folder = move || studio.folder.with(Option::is_some);
    let nothing = move || studio.docs.with(Vec::is_empty);
    let busy = move || studio.publishing.get() || nothing();
    view! { class="studio",
        <section class="publish" aria-labelledby="publish-heading">
            <h2 id="publish-heading">"Publish"</h2>
            {move || if has_folder() {
                view! { class="studio",
                    <p class="hint">"Writes each drill without errors, compiled, and the catalog that lists them into a folder inside "
                        {move || studio.folder.with(|f| f.as_ref().map(|f| f.name()).unwrap_or_default())}
                        ". Copy that folder to your intranet's web server. Drills with errors are left out until they are fixed."</p>
                    <div class="field">
                        <label for="publish-into">"Folder to publish into"</label>
                        <input type="text" id="publish-into" autocomplete="off" spellcheck="false"
                            prop:value=move || studio.publish_into.get()
                            on:input=move |e| studio.publish_into.set(event_target_value(&e))/>
                    </div>
                }
                .into_any()
            } else {
                view! { class="studio",
                    <p class="hint">"Download every drill without errors, compiled, and the catalog that lists them as one .zip file, then put its contents on your intranet's web server. Drills with errors are left out until they are fixed. (In Chrome or Edge, Open folder for editing lets you publish straight into a folder.)"</p>
                }
                .into_any()
            }}
            <div class="actions">
                {move || has_folder().then(|| view! { class="studio",
                    <button type="button" class="primary" disabled=busy on:click=press(move || studio.publish())>"Publish"</button>
                })}
                <button type="button" class="secondary" disabled=busy on:click=press(move || studio.download_zip())>"Download .zip"</button>
            </div>
            <div role="status">
                {move || studio.publishing.get().then(|| view! { class="studio", <p>"Publishing…"</p> })}
                {move || studio.published.get().map(|done| view! { class="studio", <Report done/> })}
            </div>
        </section>
    }
}

/// What a publish did: what was written where, what failed, what was left out and why.
#[component]
fn Report(done: Published) -> impl IntoView {
    let Published {
        target,
        zip,
        written,
        failed,
        catalog,
        left_out,
        problem,
    } = done;
    let drills = |n: usize| format!("{n} drill{}", if n == 1 { "" } else { "s" });
    // A translations' catalog (`catalog.cy.json`) is written with the drills, but is not one.
    let written = written
        .iter()
        .filter(|f| !f.starts_with("catalog."))
        .count();
    let summary = if let Some(problem) = &problem {
        format!("Nothing was published: {problem}.")
    } else if zip {
        format!(
            "{target} is downloading, with catalog.json and {}.",
            drills(written)
        )
    } else if catalog {
        format!(
            "Published {} and catalog.json into {target}.",
            drills(written)
        )
    } else {
        format!(
            "Publishing into {target} did not finish: {} written, {} not. catalog.json was not written, so the published catalog still lists only drills that are there.",
            drills(written),
            failed.len()
        )
    };
    view! { class="studio",
        <div class="published">
            <p class="summary">{summary}</p>
            {(!failed.is_empty()).then(|| view! { class="studio",
                <h3>"Not written"</h3>
                <ul>{failed.into_iter().map(|(file, reason)| view! { class="studio", <li><code>{file}</code>": "{reason}</li> }).collect_view()}</ul>
            })}
            {(!left_out.is_empty()).then(|| view! { class="studio",
                <h3>{format!("Left out ({})", left_out.len())}</h3>
                <ul class="left-out">
                    {left_out.into_iter().map(|left| view! { class="studio",
                        <li>
                            <p><code>{left.path}</code>": "{left.reason}</p>
                            {left.errors.into_iter().map(|e| view! { class="studio", <pre>{e}</pre> }).collect_view()}
                        </li>
                    }).collect_view()}
                </ul>
            })}
        </div>
    }
}
