//! What the two Leptos front ends (the widget and the studio) share about buttons and focus:
//! one handler type for every button, and focus moved once the element is on the page.

use wasm_bindgen::JsCast;

/// What a button does when pressed. Every button's handler is of this one type, so the code
/// that attaches and runs a listener is compiled once, not once per button.
pub type Press = Box<dyn FnMut(leptos::ev::MouseEvent)>;

/// A button's [`Press`] handler, from what it does.
pub fn press(mut action: impl FnMut() + 'static) -> Press {
    Box::new(move |_| action())
}

/// Focuses `el` in the next frame: an element just built is not yet on the page, and there the
/// browser lays the page out once, as part of the frame, rather than once more inside the
/// click that built it.
pub fn focus_in_next_frame(el: web_sys::Element) {
    leptos::prelude::request_animation_frame(move || {
        if let Some(el) = el.dyn_ref::<web_sys::HtmlElement>() {
            let _ = el.focus();
        }
    });
}
