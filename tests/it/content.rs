//! The starter library in content/ checks clean.

use cyberdrill::catalog::Form;
use cyberdrill::diagnostic::Code;
use cyberdrill::lesson::{Drill, Question, Variant};
use cyberdrill::library;

use crate::prelude::*;

#[test]
fn every_drill_in_content_checks_clean() {
    // Review dates fall due with time (a warning, never an error); everything else must be clean,
    // and every drill cites the guidance its advice follows.
    let reports = check_path(&root().join("content"));
    assert!(
        reports.len() >= 12,
        "the starter library has at least 12 drills"
    );
    // Nobody with the authority to approve drills for learners has approved these yet, and
    // no Welsh speaker has reviewed the translations: those warnings stand until a named
    // person adds `approved_by` or `reviewed`, never filled in on their behalf.
    let problems: Vec<_> = reports
        .iter()
        .filter(|r| {
            r.diagnostics.iter().any(|d| {
                !matches!(
                    d.code,
                    Code::ReviewOverdue | Code::MissingApproval | Code::UnreviewedTranslation
                )
            })
        })
        .map(|r| r.path.as_str())
        .collect();
    assert!(problems.is_empty(), "{}", render(&reports));
    let unsourced: Vec<_> = reports
        .iter()
        .filter(|r| r.drill.sources.is_empty())
        .map(|r| r.drill.id.as_str())
        .collect();
    assert!(
        unsourced.is_empty(),
        "drills that cite no guidance: {unsourced:?}"
    );
}

#[test]
fn the_library_covers_what_a_shift_meets() {
    let reports = check_path(&root().join("content"));
    let drills: Vec<_> = reports.iter().map(|r| &r.drill).collect();
    let mockups = drills
        .iter()
        .filter(|d| {
            d.questions.iter().any(|q| {
                q.body
                    .iter()
                    .any(|b| matches!(b, cyberdrill::lesson::Block::Mockup(_)))
            })
        })
        .count();
    let red_flags = drills
        .iter()
        .filter(|d| {
            d.questions
                .iter()
                .any(|q| q.kind() == cyberdrill::lesson::Kind::RedFlags)
        })
        .count();
    assert!(mockups >= 3, "{mockups} drills with mock-ups");
    assert!(
        red_flags >= 2,
        "{red_flags} drills with spot-the-red-flags questions"
    );
    for drill in drills {
        assert!(
            drill.minutes <= 2 && drill.estimated_seconds() <= 150,
            "{} is over two minutes",
            drill.id
        );
        for q in &drill.questions {
            assert!(
                !q.takeaway.is_empty(),
                "{} / {} has no takeaway",
                drill.id,
                q.id
            );
        }
    }
}

#[test]
fn every_drill_compiles_and_reads_back_as_the_widget_needs_it() {
    for report in check_path(&root().join("content")) {
        let drill = &report.drill;
        let read = Drill::from_json(&drill.to_json())
            .unwrap_or_else(|e| panic!("{}: compiled drill refused: {e}", report.path));
        // What the widget never needs (review dates, tags, sources, source spans) stays at home.
        let expected = Drill {
            tags: Vec::new(),
            sources: Vec::new(),
            author: String::new(),
            approved_by: String::new(),
            audience: Vec::new(),
            reviewed: None,
            review_by: None,
            translated: None,
            spans: Default::default(),
            questions: unplaced(&drill.questions),
            variants: drill
                .variants
                .iter()
                .map(|v| Variant {
                    questions: unplaced(&v.questions),
                    ..v.clone()
                })
                .collect(),
            ..drill.clone()
        };
        assert_eq!(read, expected, "{}", report.path);
    }
}

#[test]
fn compiled_drills_the_widget_refuses() {
    let dir = root().join("tests/fixtures/compiled");
    let files = library::files(&dir, Form::Compiled).unwrap_or_else(|e| panic!("{e}"));
    let refusals: Vec<String> = files
        .iter()
        .map(|file| {
            let text = std::fs::read_to_string(file).expect("fixture is readable");
            let name = file.file_name().unwrap_or_default().to_string_lossy();
            match Drill::from_json(&text) {
                Ok(_) => format!("{name}: accepted"),
                Err(e) => format!("{name}: {e}"),
            }
        })
        .collect();
    insta::assert_snapshot!(refusals.join("\n"));
}

/// Questions as the widget reads them back: without their place in the source.
fn unplaced(questions: &[Question]) -> Vec<Question> {
    questions
        .iter()
        .map(|q| Question {
            span: 0..0,
            ..q.clone()
        })
        .collect()
}
