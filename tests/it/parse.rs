//! What the parser understands of valid drills, as snapshots of the lesson model.

use cyberdrill::lesson;

use crate::prelude::*;

#[test]
fn valid_drills_parse_to_their_snapshots() {
    insta::glob!("../fixtures/parse", "*.md", |path| {
        let text = std::fs::read_to_string(path).expect("fixture is UTF-8");
        let parsed = lesson::parse(&text, "https://content.example/drills/");
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        insta::assert_snapshot!(dump(&parsed.drill));
    });
}

#[test]
fn the_starter_drill_checks_clean_but_for_its_approval() {
    let today = cyberdrill::date::Date::parse(TODAY).expect("date");
    let parsed = lesson::parse(&lesson::starter("phishing/new-one", today), "");
    let codes: Vec<_> = parsed.diagnostics.iter().map(|d| d.code.name()).collect();
    assert_eq!(
        codes,
        ["missing-approval"],
        "nobody has approved a new drill yet"
    );
    assert_eq!(parsed.drill.questions.len(), 1);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

    #[test]
    fn parsing_never_panics_on_any_text(text in ".*") {
        let parsed = lesson::parse(&text, "");
        for d in &parsed.diagnostics {
            proptest::prop_assert!(d.span.start <= d.span.end && d.span.end <= text.len());
        }
    }

    #[test]
    fn parsing_never_panics_on_mutated_drills(
        cuts in proptest::collection::vec((0usize..4000, 0usize..12, 0usize..40), 1..8)
    ) {
        const PIECES: &[&str] = &[
            "[[", "]]", "|", "\n```email\n", "\n```\n", "\n## ", "\n- [x] ", "\n> ", "\n---\n",
            "<script>", "{#", "\u{feff}", "é", "\r\n", "From: ", "\n\n",
        ];
        let mut text = std::fs::read_to_string(root().join("tests/fixtures/parse/every-kind.md")).expect("fixture");
        for (at, piece, cut) in cuts {
            let mut at = at % (text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let mut end = (at + cut).min(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            text.replace_range(at..end, PIECES[piece % PIECES.len()]);
        }
        let parsed = lesson::parse(&text, "");
        for d in &parsed.diagnostics {
            proptest::prop_assert!(d.span.end <= text.len());
        }
    }
}
