//! The browser widget: the only code that touches the DOM, `web-sys` or localStorage.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// A mounted widget; dropping it (or calling `unmount`) removes it and frees its state.
#[wasm_bindgen]
pub struct Widget {
    _handle: Box<dyn std::any::Any>,
}

#[wasm_bindgen]
impl Widget {
    /// Removes the widget from the page.
    pub fn unmount(self) {}
}

/// Mounts a widget into `root`, an element inside the host element's shadow root.
#[wasm_bindgen]
pub fn mount(root: web_sys::HtmlElement) -> Widget {
    let handle = leptos::mount::mount_to(root, || view! { <p>"cyberdrill"</p> });
    Widget {
        _handle: Box::new(handle),
    }
}
