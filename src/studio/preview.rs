//! The preview: a real `<cyber-drill>` showing the compiled drill, exactly as learners will
//! see it, in the loader's preview mode (nothing read from or written to stored progress).

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

use super::state::Studio;
use super::words::Key;

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
                    // The widget's own words in the studio's language.
                    let _ = element.set_attribute("lang", studio.lang().tag());
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
            (_, true) => Some(studio.text(Key::PreviewLast)),
            (_, false) => Some(studio.text(Key::PreviewNone)),
        }
    };
    view! { class="studio",
        <section class="preview" aria-label=studio.text(Key::Preview)>
            <h2>{studio.text(Key::Preview)}</h2>
            <p class="hint">{studio.text(Key::PreviewKeepsNothing)}</p>
            {move || studio.current().is_none().then(|| view! { class="studio",
                <p class="hint">{studio.text(Key::PreviewWaits)}</p>
            })}
            {move || note().map(|text| view! { class="studio", <p class="note">{text}</p> })}
            <div class="preview-host" node_ref=host></div>
        </section>
    }
}
