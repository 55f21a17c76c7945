//! The widget's own JSON codec against serde_json, the reference: records written byte for
//! byte as serde_json writes them, and everything serde_json writes read back the same.

use cyberdrill::catalog::{Catalog, Form};
use cyberdrill::json::{self, Bits, FromJson, Value};
use cyberdrill::progress::{self, Attempt, History, Session, Summary};
use cyberdrill::report::Build;
use cyberdrill::score::{Answer, Score};
use proptest::prelude::*;

use crate::prelude::*;

/// Any string, weighted towards what needs escaping: quotes, backslashes, controls, non-ASCII.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z/-]{0,12}",
        "[\"\\\\\u{0}-\u{1f}\u{7f}é😀 a]{0,12}",
        any::<String>(),
    ]
}

fn answer() -> impl Strategy<Value = Answer> {
    let picked = proptest::collection::vec(any::<u16>(), 0..4);
    prop_oneof![
        picked.clone().prop_map(Answer::Choices),
        picked.prop_map(Answer::Parts),
    ]
}

fn answers() -> impl Strategy<Value = Vec<(String, Answer)>> {
    proptest::collection::vec((text(), answer()), 0..4)
}

fn attempt() -> impl Strategy<Value = Attempt> {
    (text(), any::<i64>(), any::<[u32; 4]>(), answers(), text()).prop_map(
        |(drill, at, [correct, questions, points, out_of], answers, hash)| Attempt {
            drill,
            at,
            score: Score {
                correct,
                questions,
                points,
                out_of,
            },
            answers,
            hash,
            variant: String::new(),
        },
    )
}

fn summary() -> impl Strategy<Value = Summary> {
    (text(), any::<u32>(), any::<[i64; 3]>(), any::<[u64; 2]>()).prop_map(
        |(drill, count, [first, last, due], [stability, difficulty])| Summary {
            drill,
            count,
            first,
            last,
            due,
            stability: Bits(stability),
            difficulty: Bits(difficulty),
        },
    )
}

/// What serde_json makes of `record`, and what this codec makes of it, both ways.
fn same_as_serde_json<T>(record: &T) -> Result<(), TestCaseError>
where
    T: serde::Serialize + FromJson + json::ToJson + PartialEq + std::fmt::Debug,
{
    let reference = serde_json::to_string(record).expect("serde_json writes it");
    prop_assert_eq!(&record.to_json(), &reference);
    prop_assert_eq!(&json::from_str::<T>(&reference).expect("reads it"), record);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn histories_are_written_and_read_as_serde_json_does(
        schema in any::<u32>(),
        attempts in proptest::collection::vec(attempt(), 0..4),
        summaries in proptest::collection::vec(summary(), 0..3),
    ) {
        same_as_serde_json(&History { schema, attempts, summaries })?;
    }

    #[test]
    fn sessions_are_written_and_read_as_serde_json_does(
        (schema, drill, hash) in (any::<u32>(), text(), text()),
        (started, updated, answers) in (any::<i64>(), any::<i64>(), answers()),
    ) {
        same_as_serde_json(&Session { schema, drill, hash, started, updated, answers, variant: String::new() })?;
    }

    #[test]
    fn any_string_survives_both_ways(s in text()) {
        let mut mine = String::new();
        json::write_str(&s, &mut mine);
        prop_assert_eq!(&mine, &serde_json::to_string(&s).expect("a string"));
        prop_assert_eq!(json::parse(&mine), Ok(Value::Str(s)));
    }

    #[test]
    fn accepts_exactly_what_serde_json_accepts(s in "[\\[\\]{}\",:0-9a-z\\\\ .-]{0,16}") {
        // Everything that is JSON to serde_json and has no fractions is JSON here, and the
        // reverse; neither ever panics.
        let reference = serde_json::from_str::<serde_json::Value>(&s);
        let has_fraction = matches!(&reference, Ok(v) if v.to_string().contains(['.', 'e']));
        if !has_fraction {
            prop_assert_eq!(json::parse(&s).is_ok(), reference.is_ok(), "{:?}", s);
        }
    }
}

#[test]
fn a_history_written_before_hashes_reads_with_an_empty_hash() {
    let stored = r#"{"schema":2,"attempts":[{"drill":"a/b","at":1,"score":{"correct":1,"questions":1,"points":1,"out_of":1},"answers":[["q",{"c":[0]}]]}]}"#;
    let history: History = json::from_str(stored).expect("reads");
    assert_eq!(history.attempts[0].hash, "");
    assert_eq!(history.attempts[0].answers[0].1, Answer::Choices(vec![0]));
}

#[test]
fn the_compiled_catalog_reads_back_as_written() {
    let (catalog, _) =
        cyberdrill::catalog::Catalog::compile(&check_path(&root().join("content")), |path| {
            path.trim_start_matches("content/").to_owned()
        });
    assert_eq!(
        cyberdrill::catalog::Catalog::parse(&catalog.to_json()),
        Ok(catalog)
    );
}

#[test]
fn an_export_file_reads_back_as_the_history_it_holds() {
    let history: History = json::from_str(
        r#"{"schema":3,"attempts":[{"drill":"a/b","at":5,"score":{"correct":0,"questions":1,"points":0,"out_of":1},"answers":[["q",{"p":[2,3]}]],"hash":"abc"}],"summaries":[]}"#,
    )
    .expect("reads");
    let file = progress::export(&history, 9);
    assert!(
        file.starts_with(r#"{"format":"cyberdrill-progress","exported":9,"history":{"schema":3,"#)
    );
    assert_eq!(progress::import(&file, 9), Ok(history));
}

/// serde_json's text for `record`, and this codec's, must be the same bytes.
fn writes_as_serde_json<T: serde::Serialize + json::ToJson>(what: &str, record: &T) {
    let reference = serde_json::to_string(record).expect("serde_json writes it");
    assert_eq!(
        record.to_json(),
        reference,
        "{what} is written as serde_json writes it"
    );
}

#[test]
fn the_compiler_writes_what_serde_json_writes_for_every_drill_fixture_and_catalog() {
    // Every drill in content/ (compiled drills and the catalog) and every checker fixture
    // (the reports the CLI and the Markdown module print), through both writers.
    let content = check_path(&root().join("content"));
    let fixtures = check_path(&root().join("tests/fixtures"));
    for report in content.iter().chain(&fixtures) {
        writes_as_serde_json(&report.path, &report.drill);
        writes_as_serde_json(&report.path, &cyberdrill::report::File::of(report));
        if !report.has_errors() {
            let read = cyberdrill::lesson::Drill::from_json(&report.drill.to_json());
            assert!(read.is_ok(), "{} reads back: {read:?}", report.path);
        }
    }
    let relative = |path: &str| path.trim_start_matches("content/").to_owned();
    for form in [Form::Compiled, Form::Markdown] {
        let settings =
            std::fs::read_to_string(root().join("content/settings.yml")).expect("settings");
        let settings = cyberdrill::settings::parse(&settings).settings;
        assert!(!settings.0.is_empty(), "the starter library has settings");
        let build = Build::of(&content, (&settings, None), &[], form, relative);
        writes_as_serde_json("the build", &build);
        let (catalog, _) = Catalog::compile_as(form, &content, &[], relative);
        writes_as_serde_json("the catalog", &catalog);
        assert_eq!(Catalog::parse(&catalog.to_json()), Ok(catalog));
    }
}
