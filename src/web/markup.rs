//! Drill HTML into the DOM, rebuilt through an allow-list.
//!
//! The build wrote a compiled drill's HTML under [`crate::policy`] (through the compiler's
//! `markdown::Writer`), but a compiled drill is only a file on a server, and the widget does
//! not take its word for it. The HTML is parsed inert (in a `<template>`, where nothing runs and
//! nothing loads), then copied node by node through the policy's own allow-list
//! (`policy::attributes_of`, `attribute_value`, `fixed_attributes`): URLs checked again with
//! `policy::check_url` and resolved against the
//! drill's folder. Any other element is reduced to its allowed content (`script`, `style` and
//! the like are dropped whole); comments are dropped. Nothing else in the widget puts markup in
//! the DOM. On a page that enforces Trusted Types, the HTML reaches the template through the
//! loader's policy (`cyberdrill`), set with [`set_policy`].

use std::cell::RefCell;
use std::sync::Arc;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, HtmlTemplateElement, Node};

use crate::policy;

/// Drill HTML and the folder (a URL ending in `/`) its relative URLs are relative to.
#[derive(Clone, Debug)]
pub struct Markup {
    /// HTML from a compiled drill.
    pub html: String,
    /// The drill's folder.
    pub base: Arc<str>,
}

thread_local! {
    /// The loader's `createHTML` (its Trusted Types policy), if it passed one.
    static POLICY: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
    /// The drill's language, which every element of its HTML is marked with.
    static LANG: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Sets the language drill HTML is in (the drill's `lang`), so that a drill in another
/// language than the widget's words is read in its own. One widget per wasm instance, so one
/// drill at a time.
pub fn set_lang(lang: &str) {
    LANG.with(|slot| lang.clone_into(&mut slot.borrow_mut()));
}

/// Sets the function that turns drill HTML into what the template's `innerHTML` accepts.
pub fn set_policy(policy: Option<js_sys::Function>) {
    POLICY.with(|slot| *slot.borrow_mut() = policy);
}

/// A directive (`use:markup=…`): fills `el` with what the allow-list keeps of `markup`,
/// replacing what it held (Leptos reuses the element when the next question has the same view).
pub fn markup(el: Element, markup: Markup) {
    el.set_text_content(None);
    LANG.with(|lang| match lang.borrow().as_str() {
        "" => {}
        lang => {
            let _ = el.set_attribute("lang", lang);
        }
    });
    let Some(document) = el.owner_document() else {
        return;
    };
    let Ok(template) = document.create_element("template") else {
        return;
    };
    let html = JsValue::from_str(&markup.html);
    let html = POLICY.with(|slot| match slot.borrow().as_ref() {
        Some(policy) => policy.call1(&JsValue::NULL, &html),
        None => Ok(html),
    });
    if let Ok(html) = html {
        let _ = js_sys::Reflect::set(&template, &JsValue::from_str("innerHTML"), &html);
    }
    let template: HtmlTemplateElement = template.unchecked_into();
    copy(&document, &template.content(), &el, &markup.base);
}

/// Elements whose content is code or markup, not text: dropped with everything in them.
fn is_opaque(name: &str) -> bool {
    matches!(
        name,
        "script" | "style" | "template" | "noscript" | "iframe" | "object" | "svg" | "math"
    )
}

fn copy(document: &Document, from: &Node, to: &Node, base: &str) {
    let mut next = from.first_child();
    while let Some(node) = next {
        next = node.next_sibling();
        match node.node_type() {
            Node::TEXT_NODE => {
                let text = document.create_text_node(&node.text_content().unwrap_or_default());
                let _ = to.append_child(&text);
            }
            Node::ELEMENT_NODE => {
                let element: &Element = node.unchecked_ref();
                let name = element.local_name();
                match policy::attributes_of(&name) {
                    Some(attributes) => {
                        let Ok(clean) = document.create_element(&name) else {
                            continue;
                        };
                        for &attribute in attributes {
                            let value = element.get_attribute(attribute);
                            let value =
                                value.and_then(|v| policy::attribute_value(attribute, &v, base));
                            if let Some(value) = value {
                                let _ = clean.set_attribute(attribute, &value);
                            }
                        }
                        for (attribute, value) in
                            policy::fixed_attributes(&name, &clean.class_name())
                        {
                            let _ = clean.set_attribute(attribute, value);
                        }
                        copy(document, element, &clean, base);
                        let _ = to.append_child(&clean);
                    }
                    None if is_opaque(&name) => {}
                    None => copy(document, element, to, base),
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    /// The HTML `html` becomes in the DOM.
    fn shown(html: &str) -> String {
        let document = web_sys::window()
            .and_then(|w| w.document())
            .expect("a document");
        let host = document.create_element("div").expect("a div");
        markup(
            host.clone(),
            Markup {
                html: html.to_owned(),
                base: Arc::from("https://drills.example/phishing/"),
            },
        );
        host.inner_html()
    }

    #[wasm_bindgen_test]
    fn what_the_policy_writes_goes_through_as_it_is() {
        let html = "<p>Report it to <strong>IT</strong>, <em>now</em>: <code>4357</code></p><ol start=\"3\"><li>one</li></ol><div class=\"table\"><table><thead><tr><th class=\"left\">A</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table></div>";
        assert_eq!(
            shown(html),
            html.replace(
                "<div class=\"table\">",
                "<div class=\"table\" tabindex=\"0\">"
            )
        );
    }

    #[wasm_bindgen_test]
    fn markup_replaces_what_the_element_held() {
        let document = web_sys::window()
            .and_then(|w| w.document())
            .expect("a document");
        let host = document.create_element("h3").expect("an h3");
        for html in ["First question?", "Second <em>question</em>?"] {
            let base = Arc::from("");
            markup(
                host.clone(),
                Markup {
                    html: html.to_owned(),
                    base,
                },
            );
        }
        assert_eq!(host.inner_html(), "Second <em>question</em>?");
    }

    #[wasm_bindgen_test]
    fn links_and_images_are_checked_again_and_resolved() {
        assert_eq!(
            shown("<a href=\"guide.html\">guide</a> <img src=\"lock.png\" alt=\"A lock\">"),
            "<a href=\"https://drills.example/phishing/guide.html\" target=\"_blank\" rel=\"noopener noreferrer\">guide</a> <img src=\"https://drills.example/phishing/lock.png\" alt=\"A lock\" loading=\"lazy\" referrerpolicy=\"no-referrer\">"
        );
        assert_eq!(
            shown(
                "<a href=\"JaVa&#x09;ScRiPt:alert(1)\">x</a><img src=\"http://x/a.png\" alt=\"a\">"
            ),
            "<a target=\"_blank\" rel=\"noopener noreferrer\">x</a><img alt=\"a\" loading=\"lazy\" referrerpolicy=\"no-referrer\">"
        );
    }

    #[wasm_bindgen_test]
    fn urls_are_judged_after_they_are_resolved() {
        // Links to another host keep their scheme policy and lose the referrer.
        assert_eq!(
            shown("<a href=\"//evil.example/x\">a</a><a href=\"/\\evil.example/x\">b</a>"),
            "<a href=\"https://evil.example/x\" target=\"_blank\" rel=\"noopener noreferrer\">a</a><a href=\"https://evil.example/x\" target=\"_blank\" rel=\"noopener noreferrer\">b</a>"
        );
        // Images load only from the drill's own origin, however the URL is spelled.
        let pixels = [
            "//tracker.example/p.gif",
            "/\\tracker.example/p.gif",
            "\\\\tracker.example/p.gif",
            "https://tracker.example/p.gif",
            "https:tracker.example/p.gif",
            "https://drills.example@tracker.example/p.gif",
        ];
        for src in pixels {
            assert_eq!(
                shown(&format!("<img src=\"{src}\" alt=\"p\">")),
                "<img alt=\"p\" loading=\"lazy\" referrerpolicy=\"no-referrer\">",
                "{src}"
            );
        }
        assert_eq!(
            shown(
                "<img src=\"..\\img\\lock.png\" alt=\"a\"><img src=\"https://drills.example/b.png\" alt=\"b\">"
            ),
            "<img src=\"https://drills.example/phishing/../img/lock.png\" alt=\"a\" loading=\"lazy\" referrerpolicy=\"no-referrer\"><img src=\"https://drills.example/b.png\" alt=\"b\" loading=\"lazy\" referrerpolicy=\"no-referrer\">"
        );
    }

    #[wasm_bindgen_test]
    fn nothing_that_could_run_survives() {
        let attacks = "<script>alert(1)</script><p onclick=\"alert(2)\" style=\"color:red\" id=\"x\">hi<iframe srcdoc=\"<script>alert(3)</script>\"></iframe></p><svg><script>alert(4)</script></svg><form action=\"https://x\"><button formaction=\"javascript:alert(5)\">Go</button></form><!-- note --><div class=\"evil\">text</div>";
        assert_eq!(shown(attacks), "<p>hi</p>Go<div>text</div>");
    }
}
