//! A drill full of hostile input: every attack is reported, and nothing that could run script
//! reaches the HTML the widget puts in the DOM.

use cyberdrill::lesson;
use cyberdrill::markdown::{UrlUse, check_url};

use crate::prelude::*;

const ELEMENTS: &[&str] = &[
    "p",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "code",
    "ol",
    "ul",
    "li",
    "div",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "em",
    "strong",
    "del",
    "a",
    "img",
    "br",
    "hr",
];
const ATTRIBUTES: &[&str] = &[
    "href", "src", "alt", "title", "start", "class", "target", "rel", "tabindex", "loading",
];

fn hostile() -> lesson::Parsed {
    let text = std::fs::read_to_string(root().join("tests/fixtures/hostile.md")).expect("fixture");
    lesson::parse(&text, "")
}

#[test]
fn every_attack_is_reported() {
    let reports = check_path(&root().join("tests/fixtures/hostile.md"));
    insta::assert_snapshot!(render(&reports));
}

#[test]
fn rendered_html_holds_nothing_that_runs() {
    let parsed = hostile();
    let mut seen = 0;
    for html in parsed.drill.html() {
        for (element, attributes) in tags(html) {
            seen += 1;
            assert!(
                ELEMENTS.contains(&element.as_str()),
                "element <{element}> in {html}"
            );
            for (name, value) in attributes {
                assert!(
                    ATTRIBUTES.contains(&name.as_str()),
                    "attribute {name} in {html}"
                );
                if name == "href" {
                    assert!(check_url(&value, UrlUse::Link).is_ok(), "href {value}");
                }
                if name == "src" {
                    assert!(check_url(&value, UrlUse::Image).is_ok(), "src {value}");
                }
            }
        }
    }
    assert!(seen > 10, "the hostile drill renders markup to inspect");
}

#[test]
fn attacks_survive_only_as_visible_text() {
    let parsed = hostile();
    let html: String = parsed.drill.html().collect();
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(
        html.contains("&lt;iframe src=&quot;javascript"),
        "shown as text, so the word may appear escaped"
    );
    assert_eq!(
        parsed.drill.title, "<script>alert('title')</script>",
        "front matter stays text for the widget to escape"
    );
}
