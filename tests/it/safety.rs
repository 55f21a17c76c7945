//! A drill full of hostile input: every attack is reported, and nothing that could run script
//! reaches the HTML the widget puts in the DOM.

use cyberdrill::lesson;
use cyberdrill::policy::{self, UrlUse, check_url};
use proptest::prelude::*;

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
    "href",
    "src",
    "alt",
    "title",
    "start",
    "class",
    "target",
    "rel",
    "tabindex",
    "loading",
    "referrerpolicy",
];

fn html_of(parsed: &lesson::Parsed) -> String {
    parsed.drill.html().collect()
}

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
                    // Relative to the drill, so the widget resolves it onto the content's
                    // own origin: no scheme, no host, no backslash a browser reads as `/`.
                    assert!(
                        !value.contains([':', '\\']) && !value.starts_with("//"),
                        "src {value}"
                    );
                }
            }
        }
    }
    for img in html_of(&parsed).split("<img ").skip(1) {
        assert!(
            img.contains("referrerpolicy=\"no-referrer\""),
            "an image without referrerpolicy: <img {img}"
        );
    }
    assert!(seen > 10, "the hostile drill renders markup to inspect");
}

#[test]
fn the_widget_keeps_everything_the_writer_writes() {
    // The widget rebuilds drill HTML through the policy's allow-list; whatever the writer
    // produces (for the starter library, hostile input and a drill using every element the
    // policy allows) must come through unchanged.
    let mut drills: Vec<_> = check_path(&root().join("content"))
        .into_iter()
        .map(|r| r.drill)
        .collect();
    drills.push(hostile().drill);
    let every =
        std::fs::read_to_string(root().join("tests/fixtures/every-element.md")).expect("fixture");
    drills.push(lesson::parse(&every, "").drill);
    let mut seen: Vec<String> = Vec::new();
    for drill in &drills {
        for html in drill.html() {
            for (element, attributes) in tags(html) {
                seen.push(element.clone());
                let allowed = policy::attributes_of(&element)
                    .unwrap_or_else(|| panic!("element <{element}> in {html}"));
                let class = attributes
                    .iter()
                    .find(|(name, _)| name == "class")
                    .map_or("", |(_, value)| value.as_str());
                let fixed = policy::fixed_attributes(&element, class);
                for (name, value) in &attributes {
                    if fixed.iter().any(|(n, v)| n == name && v == value) {
                        continue;
                    }
                    assert!(
                        allowed.contains(&name.as_str()),
                        "attribute {name} in {html}"
                    );
                    assert_eq!(
                        policy::attribute_value(name, value, "").as_deref(),
                        Some(value.as_str()),
                        "{name} in {html}"
                    );
                }
                // `tags` gives closing tags too, without attributes; every opening tag that
                // takes fixed attributes also has its own (`href`, `src`, `class`).
                for (name, value) in fixed.iter().filter(|_| !attributes.is_empty()) {
                    assert!(
                        attributes.iter().any(|(n, v)| n == name && v == value),
                        "<{element}> without {name}=\"{value}\" in {html}"
                    );
                }
            }
        }
    }
    for element in ELEMENTS {
        assert!(
            seen.iter().any(|e| e == element),
            "no <{element}> in the fixtures: every-element.md should have one"
        );
    }
}

#[test]
fn attacks_survive_only_as_visible_text() {
    let parsed = hostile();
    let html = html_of(&parsed);
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(
        html.contains("&lt;iframe src=&quot;javascript"),
        "shown as text, so the word may appear escaped"
    );
    assert!(
        !html.contains("tracker.example"),
        "no image from another site, however spelled"
    );
    assert!(html.contains(
        "<a href=\"https://evil.example/x\" target=\"_blank\" rel=\"noopener noreferrer\">slash</a>"
    ));
    assert!(html.contains("<a href=\"mailto:report@nhs.net\""));
    assert_eq!(
        parsed.drill.title, "<script>alert('title')</script>",
        "front matter stays text for the widget to escape"
    );
}

const BASE: &str = "https://drills.example/phishing/";

/// URLs made of the characters that change what a browser resolves: slashes both ways, the
/// scheme and port colon, `@`, dots, `?`, `#`, percent signs, a tab, and a few hosts.
fn tricky_url() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("/"),
        Just("\\"),
        Just(":"),
        Just("@"),
        Just("."),
        Just(".."),
        Just("?"),
        Just("#"),
        Just("%2e"),
        Just("%2f"),
        Just("%5c"),
        Just("\t"),
        Just(" "),
        Just("https"),
        Just("HTTP"),
        Just("javascript"),
        Just("mailto"),
        Just("drills.example"),
        Just("tracker.example"),
        Just("p.gif"),
        Just("8443"),
    ];
    proptest::collection::vec(piece, 0..8).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// The policy's verdict holds for the URL a browser (the WHATWG parser, `url`) makes of
    /// what the widget writes into the DOM: images only from the drill's own origin, links
    /// only to the schemes links may use.
    #[test]
    fn urls_keep_to_the_policy_once_a_browser_resolves_them(dest in tricky_url()) {
        let base = url::Url::parse(BASE).expect("base");
        if let Some(src) = policy::attribute_value("src", &dest, BASE) {
            let loaded = base.join(&src);
            prop_assert!(
                loaded.as_ref().is_ok_and(|u| u.origin() == base.origin()),
                "{dest:?} became {src:?}, which loads {loaded:?}"
            );
        }
        if let Some(href) = policy::attribute_value("href", &dest, BASE) {
            let opened = base.join(&href);
            prop_assert!(
                opened.as_ref().map_or(true, |u| matches!(u.scheme(), "http" | "https" | "mailto" | "tel")),
                "{dest:?} became {href:?}, which opens {opened:?}"
            );
        }
        // What the build writes (no base yet) the widget keeps as it is, and it still holds.
        if let Some(src) = policy::attribute_value("src", &dest, "") {
            prop_assert_eq!(policy::attribute_value("src", &src, ""), Some(src.clone()));
            let loaded = base.join(&src);
            prop_assert!(
                loaded.as_ref().is_ok_and(|u| u.origin() == base.origin()),
                "{dest:?} was written as {src:?}, which loads {loaded:?}"
            );
        }
        if let Some(href) = policy::attribute_value("href", &dest, "") {
            prop_assert_eq!(policy::attribute_value("href", &href, ""), Some(href.clone()));
        }
    }
}
