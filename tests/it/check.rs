//! Every checker code has a fixture in tests/fixtures/check named after it, and a snapshot of
//! exactly what `check` says about it.

use cyberdrill::diagnostic::Code;

use crate::prelude::*;

#[test]
fn fixtures_match_their_snapshots() {
    // Each fixture is a file, or a folder of files checked together (duplicate-id).
    insta::glob!("../fixtures/check", "*", |path| {
        if path.ends_with("fixtures/check") {
            return; // the glob's own base folder
        }
        insta::assert_snapshot!(render(&check_library(path)));
    });
}

#[test]
fn every_code_has_a_fixture_that_raises_it() {
    let dir = root().join("tests/fixtures/check");
    for code in Code::ALL {
        let file = dir.join(format!("{}.md", code.name()));
        let path = if file.exists() {
            file
        } else {
            dir.join(code.name())
        };
        assert!(path.exists(), "no fixture for `{}`", code.name());
        let reports = check_library(&path);
        let raised = reports
            .iter()
            .flat_map(|r| &r.diagnostics)
            .any(|d| d.code == *code);
        assert!(
            raised,
            "fixture for `{}` does not raise it:\n{}",
            code.name(),
            render(&reports)
        );
    }
}

#[test]
fn the_authoring_guide_lists_every_code_with_its_severity() {
    let guide = std::fs::read_to_string(root().join("docs/authoring.md")).expect("guide");
    for code in Code::ALL {
        let row = format!("| `{}` | {} |", code.name(), code.severity().label());
        assert!(guide.contains(&row), "docs/authoring.md has no row `{row}`");
    }
}

#[test]
fn a_drill_over_the_question_limit_is_reported_at_the_first_question_too_many() {
    use cyberdrill::lesson::{self, limits};
    let question = "## Report it?\n\n- [x] yes\n- [ ] no\n\n> Yes.\n\n";
    let source = format!(
        "---\nid: fixtures/many\ntitle: Many\ntopic: phishing\n---\n\n{}",
        question.repeat(limits::QUESTIONS + 1)
    );
    let parsed = lesson::parse(&source, "");
    let over: Vec<_> = parsed
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::OverLimit)
        .collect();
    assert_eq!(over.len(), 1, "{:?}", parsed.diagnostics);
    assert_eq!(
        over[0].message,
        "drill has 201 questions, over the limit of 200"
    );
    let last = source.rfind("## ").expect("a question");
    assert_eq!(over[0].span.start, last, "at the 201st question");

    let within = source[..last].to_owned();
    let parsed = lesson::parse(&within, "");
    assert!(parsed.diagnostics.iter().all(|d| d.code != Code::OverLimit));
}
