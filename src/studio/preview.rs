//! The preview: a real `<cyber-drill>` showing the compiled drill, exactly as learners will
//! see it, in the loader's preview mode (nothing read from or written to stored progress).

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

use super::state::Studio;

/// The Preview region: a note on what it shows, and the widget.
#[component]
pub fn Preview(studio: Studio) -> impl IntoView {
    let host = NodeRef::<html::Div>::new();
    // Made the first time there is something to show, so it never fetches a drill of its own.
    let widget = StoredValue::new_local(None::<web_sys::Element>);
    Effect::new(move |_| {
        let shown = studio.shown.get();
        let Some(host) = host.get() else { return };
        match shown {
            Some(json) => {
                let element = widget.with_value(Clone::clone).or_else(|| {
                    let element = document().create_element("cyber-drill").ok()?;
                    widget.set_value(Some(element.clone()));
                    Some(element)
                });
                let Some(element) = element else { return };
                // Set before it is attached, so attaching mounts it once, with this drill.
                let _ = js_sys::Reflect::set(
                    &element,
                    &JsValue::from_str("preview"),
                    &JsValue::from_str(&studio.filled(&json)),
                );
                if !element.is_connected() {
                    let _ = host.append_child(&element);
                }
            }
            None => {
                if let Some(element) = widget.with_value(Clone::clone) {
                    element.remove();
                }
            }
        }
    });
    let note = move || {
        let doc = studio.current()?;
        let errors = doc.checked.with(|c| c.file.errors);
        match (errors, studio.shown.with(Option::is_some)) {
            (0, _) => None,
            (_, true) => Some("The preview shows the last version without errors."),
            (_, false) => Some(
                "There is no preview yet: this drill has errors. Fix the errors listed under Problems and it appears here.",
            ),
        }
    };
    view! { class="studio",
        <section class="preview" aria-label="Preview">
            <h2>"Preview"</h2>
            <p class="hint">"Answers here are not saved, and no learner's progress on this computer changes."</p>
            {move || studio.current().is_none().then(|| view! { class="studio",
                <p class="hint">"The drill you are editing shows here as learners will see it, once it has no errors."</p>
            })}
            {move || note().map(|text| view! { class="studio", <p class="note">{text}</p> })}
            <div class="preview-host" node_ref=host></div>
        </section>
    }
}
