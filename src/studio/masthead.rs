//! The masthead: the studio's name, what it does, and the switch to the other language.

use leptos::prelude::*;

use super::state::Studio;
use super::words::Key;
use crate::words::Lang;

/// The page's heading and introduction, and a link to the studio in the other language.
#[component]
pub fn Masthead(studio: Studio) -> impl IntoView {
    // The other language, named in itself and marked so, as a link to this page in it.
    let other = match studio.lang() {
        Lang::EnGb => Lang::Cy,
        Lang::Cy => Lang::EnGb,
    };
    let tag = other.tag();
    view! { class="studio",
        <h1>{studio.text(Key::Studio)}</h1>
        <p>{studio.text(Key::Intro)}</p>
        <p class="language">
            <a href=format!("?lang={tag}") hreflang=tag lang=tag>{studio.text(Key::OtherLanguage)}</a>
        </p>
    }
}
