//! Drill content on screen: HTML through the allow-list of [`super::markup`], and message
//! mock-ups drawn as inert look-alikes whose parts become toggle buttons in a
//! spot-the-red-flags question.

use std::sync::Arc;

use leptos::prelude::*;

use super::kit::press;
use super::markup::{Markup, markup};

use crate::lesson::Block;
use crate::mockup::{Channel, Mockup, Part};
use crate::words::{Key, Words};

/// The selection state of a spot-the-red-flags question.
#[derive(Clone, Copy)]
pub struct Picking {
    /// Indices of the selected parts (into the question's selectable parts).
    pub selected: RwSignal<Vec<u16>>,
    /// Whether the answer was checked (parts are then revealed, not toggled).
    pub checked: RwSignal<bool>,
}

/// Content blocks, their relative URLs resolved against `base`; mock-up parts are selectable
/// when `picking` is given; what the widget says about them is in `words`.
#[component]
pub fn Blocks(
    blocks: Vec<Block>,
    base: Arc<str>,
    picking: Option<Picking>,
    words: Arc<Words>,
) -> impl IntoView {
    let mut next = 0u16;
    blocks
        .into_iter()
        .map(|block| match block {
            Block::Html(html) => {
                let markup_ = Markup {
                    html,
                    base: base.clone(),
                };
                view! { <div class="content" use:markup=markup_></div> }.into_any()
            }
            Block::Mockup(mockup) => {
                let first = next;
                next += mockup.parts().filter(|p| p.is_selectable()).count() as u16;
                view! { <MockupView mockup picking first words=words.clone()/> }.into_any()
            }
        })
        .collect_view()
}

#[component]
fn MockupView(
    mockup: Mockup,
    picking: Option<Picking>,
    first: u16,
    words: Arc<Words>,
) -> impl IntoView {
    let label = mockup.label(&words);
    let kind = match mockup.kind {
        Channel::Email => "mockup email",
        Channel::Sms => "mockup sms",
        Channel::Chat => "mockup chat",
    };
    let mut next = first;
    let mut parts = |parts: Vec<Part>| {
        parts
            .into_iter()
            .map(|part| {
                let index = part.is_selectable().then(|| {
                    next += 1;
                    next - 1
                });
                view! { <PartView part index picking words=words.clone()/> }.into_any()
            })
            .collect_view()
    };
    let headers = mockup
        .headers
        .into_iter()
        .map(|h| {
            let name = Mockup::header_name(&words, &h.name).to_owned();
            view! { <div class="header"><dt>{name}</dt><dd>{parts(h.parts)}</dd></div> }.into_any()
        })
        .collect_view();
    let mut paragraphs: Vec<Vec<Vec<Part>>> = vec![Vec::new()];
    for line in mockup.body {
        match paragraphs.last_mut() {
            Some(paragraph) if !line.is_empty() => paragraph.push(line),
            _ => paragraphs.push(Vec::new()),
        }
    }
    let body = paragraphs
        .into_iter()
        .filter(|p| !p.is_empty())
        .map(|lines| {
            let count = lines.len();
            let lines = lines
                .into_iter()
                .enumerate()
                .map(|(i, line)| {
                    view! { {parts(line)} {(i + 1 < count).then(|| view! { <br/> }.into_any())} }
                        .into_any()
                })
                .collect_view();
            view! { <p>{lines}</p> }.into_any()
        })
        .collect_view();
    view! {
        <figure class=kind role="group" aria-label=label>
            <dl class="headers">{headers}</dl>
            <div class="message">{body}</div>
        </figure>
    }
}

/// Looks like an address a link would go to, so it is drawn like one (it never is one).
fn looks_like_url(text: &str) -> bool {
    // A window scan, not str::contains: a substring search would link a searcher the widget
    // needs nowhere else.
    text.as_bytes().windows(3).any(|w| w == b"://") || text.starts_with("www.")
}

#[component]
fn PartView(
    part: Part,
    index: Option<u16>,
    picking: Option<Picking>,
    words: Arc<Words>,
) -> impl IntoView {
    let class = if looks_like_url(&part.text) {
        "part url"
    } else {
        "part"
    };
    let (Some(index), Some(picking)) = (index, picking) else {
        return view! { <span class=class>{part.text}</span> }.into_any();
    };
    let flag = part.reason.is_some();
    let selected = move || picking.selected.with(|s| s.contains(&index));
    let toggle = move || {
        picking
            .selected
            .update(|s| match s.iter().position(|&i| i == index) {
                Some(at) => {
                    s.remove(at);
                }
                None => s.push(index),
            });
    };
    let text = part.text;
    let view = move || {
        if picking.checked.get() {
            let (state, badge) = match (flag, selected()) {
                (true, true) => ("found", words.text(Key::FlagFound)),
                (true, false) => ("missed", words.text(Key::FlagMissed)),
                (false, true) => ("false-alarm", words.text(Key::NotFlag)),
                (false, false) => ("", ""),
            };
            let badge = badge.to_owned();
            view! {
                <span class=format!("{class} {state}")>
                    {text.clone()}
                    {(!badge.is_empty()).then(|| view! { <span class="badge">{badge}</span> }.into_any())}
                </span>
            }
            .into_any()
        } else {
            view! {
                <button type="button" class=format!("{class} pick") aria-pressed=move || selected().to_string() on:click=press(toggle)>
                    {text.clone()}
                </button>
            }
            .into_any()
        }
    };
    view! { {view} }.into_any()
}

#[cfg(test)]
mod tests {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    use super::*;
    use crate::lesson::Drill;

    wasm_bindgen_test_configure!(run_in_browser);

    /// A compiled drill, as `cyberdrill catalog` writes it (the widget build has no Markdown
    /// parser): one question whose SMS reads "From: Bank" and "Pay now. Go to
    /// [[bank-pay.co|not your bank]]".
    const DRILL: &str = r#"{"format":2,"drill":{"id":"t","title":"T","topic":"phishing","minutes":2,"lang":"en-GB","scenario":[],"questions":[{"id":"spot-them","prompt":"Spot them","prompt_html":"Spot them","body":[{"mockup":{"kind":"sms","headers":[{"name":"From","parts":[{"text":"Bank"}]}],"body":[[{"text":"Pay now."},{"text":" "},{"text":"Go to"},{"text":" "},{"text":"bank-pay.co","reason":"not your bank"}]]}}],"choices":[],"explanation":"<p>Because.</p>","takeaway":"Because."}],"words":12}}"#;

    fn mount(view: impl FnOnce() -> AnyView + 'static) -> web_sys::HtmlElement {
        let document = web_sys::window()
            .and_then(|w| w.document())
            .expect("a document");
        let root: web_sys::HtmlElement = document
            .create_element("div")
            .expect("div")
            .unchecked_into();
        document
            .body()
            .expect("body")
            .append_child(&root)
            .expect("attached");
        std::mem::forget(leptos::mount::mount_to(root.clone(), view));
        root
    }

    #[wasm_bindgen_test]
    async fn red_flag_parts_are_labelled_toggle_buttons_then_revealed() {
        let question = Drill::from_json(DRILL)
            .expect("a compiled drill")
            .questions
            .remove(0);
        let selected = RwSignal::new(Vec::new());
        let checked = RwSignal::new(false);
        let picking = Picking { selected, checked };
        let root = mount(move || {
            view! { <Blocks blocks=question.body base=Arc::from("") picking=Some(picking) words=Arc::new(Words::english())/> }
                .into_any()
        });

        let group = root.query_selector("figure").unwrap().expect("a figure");
        assert_eq!(group.get_attribute("role").as_deref(), Some("group"));
        assert_eq!(
            group.get_attribute("aria-label").as_deref(),
            Some("Text message from Bank")
        );
        let buttons = root.query_selector_all("button").unwrap();
        let names: Vec<String> = (0..buttons.length())
            .filter_map(|i| buttons.get(i))
            .filter_map(|b| b.text_content())
            .collect();
        assert_eq!(names, ["Bank", "Pay now.", "Go to", "bank-pay.co"]);

        let flag: web_sys::HtmlElement = buttons.get(3).expect("the flag").unchecked_into();
        flag.click();
        leptos::task::tick().await;
        assert_eq!(flag.get_attribute("aria-pressed").as_deref(), Some("true"));
        assert_eq!(selected.get_untracked(), [3]);

        checked.set(true);
        leptos::task::tick().await;
        assert_eq!(
            root.query_selector_all("button").unwrap().length(),
            0,
            "checked parts are no longer buttons"
        );
        let found = root
            .query_selector(".found")
            .unwrap()
            .expect("the flag is marked found");
        assert_eq!(
            found.text_content().as_deref(),
            Some("bank-pay.co✓ red flag you spotted")
        );
    }
}
