//! Stored progress read back from fixtures: current records, records from a newer widget,
//! and values that are not ours, each handled as the store promises. Then compaction: on
//! random long histories, folding old attempts changes nothing the widget reads, and merging
//! folded and unfolded copies counts every result once; and the budget holds for five and
//! fifty years of daily drills over the starter library.

use cyberdrill::catalog::{Catalog, Entry};
use cyberdrill::date::DAY_MS;
use cyberdrill::progress::{self, ACTIVE_DAYS, Attempt, BUDGET, History, Read, SCHEMA};
use cyberdrill::schedule::{self, Reason};
use cyberdrill::score::{Answer, Score};
use proptest::prelude::*;

use crate::prelude::*;

fn describe<T: std::fmt::Debug>(read: Read<T>) -> String {
    match read {
        Read::Missing => "missing".to_owned(),
        Read::Current(record) => format!("current: {record:#?}"),
        Read::Migrated(record) => format!("migrated: {record:#?}"),
        Read::Newer(schema, record) => format!("newer schema {schema}, read-only: {record:#?}"),
        Read::SetAside(record, parts) => {
            format!("parts set aside, quarantine them: {parts}\nkept: {record:#?}")
        }
        Read::Unreadable(reason) => format!("unreadable, quarantine it: {reason}"),
    }
}

#[test]
fn stored_records_read_as_their_snapshots() {
    insta::glob!("../fixtures/progress", "*.json", |path| {
        let text = std::fs::read_to_string(path).expect("fixture");
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let read = if name.starts_with("session") {
            describe(progress::read_session(Some(&text)))
        } else {
            describe(progress::read_history(Some(&text)))
        };
        insta::assert_snapshot!(read);
    });
}

#[test]
fn current_records_survive_a_round_trip_unchanged() {
    let text = std::fs::read_to_string(root().join("tests/fixtures/progress/history-v3.json"))
        .expect("fixture");
    let Read::Current(history) = progress::read_history(Some(&text)) else {
        panic!("the v3 fixture reads as current")
    };
    assert_eq!(progress::to_json(&history), text.trim_end());
    assert_eq!(history.schema, SCHEMA);
}

#[test]
fn schema_1_records_come_forward_and_are_written_as_the_current_schema() {
    let text = std::fs::read_to_string(root().join("tests/fixtures/progress/history-v1.json"))
        .expect("fixture");
    let Read::Migrated(history) = progress::read_history(Some(&text)) else {
        panic!("the v1 fixture is migrated")
    };
    assert_eq!(history.schema, SCHEMA);
    assert_eq!(
        history.attempts[0].hash, "",
        "schema 1 never knew the content hash"
    );
    let written = progress::to_json(&history);
    assert!(
        written.starts_with(&format!("{{\"schema\":{SCHEMA},")),
        "{written}"
    );
    assert_eq!(
        progress::read_history(Some(&written)),
        Read::Current(history)
    );
}

#[test]
fn one_unreadable_attempt_is_set_aside_alone_and_the_rest_kept() {
    let text = std::fs::read_to_string(
        root().join("tests/fixtures/progress/history-one-bad-attempt.json"),
    )
    .expect("fixture");
    let Read::SetAside(history, parts) = progress::read_history(Some(&text)) else {
        panic!("the history is kept, not quarantined whole")
    };
    let drills: Vec<_> = history.attempts.iter().map(|a| a.drill.as_str()).collect();
    assert_eq!(
        drills,
        ["phishing/lookalike-sender", "reporting/clicked-the-link"]
    );
    assert!(parts.starts_with(r#"[{"drill":"devices/usb-in-car-park","at":"yesterday""#));
    assert_eq!(
        progress::read_history(Some(&progress::to_json(&history))),
        Read::Current(history)
    );
}

#[test]
fn nothing_stored_is_a_fresh_start() {
    assert_eq!(progress::read_history(None), Read::<History>::Missing);
}

#[test]
fn schema_2_records_come_forward_with_nothing_folded() {
    let text = std::fs::read_to_string(root().join("tests/fixtures/progress/history-v2.json"))
        .expect("fixture");
    let Read::Migrated(history) = progress::read_history(Some(&text)) else {
        panic!("the v2 fixture is migrated")
    };
    assert_eq!(history.schema, SCHEMA);
    assert_eq!(history.attempts.len(), 1);
    assert!(history.summaries.is_empty(), "schema 2 never folded");
    assert_eq!(
        progress::read_history(Some(&progress::to_json(&history))),
        Read::Current(history)
    );
}

/// 2027-02-16, midnight UTC: when the files under tests/fixtures/import are imported, a few
/// hours after the newest result in the export fixtures.
const IMPORTED: i64 = 1_802_822_400_000;

/// What importing `text` at [`IMPORTED`] makes: the history, or why the file is refused.
fn imported(text: &str) -> String {
    match progress::import(text, IMPORTED) {
        Ok(history) => format!("imported, {} results in all: {history:#?}", history.count()),
        Err(reason) => format!("refused: {reason}"),
    }
}

#[test]
fn export_files_import_as_their_snapshots() {
    insta::glob!("../fixtures/import", "*.json", |path| {
        let text = std::fs::read_to_string(path).expect("fixture");
        insta::assert_snapshot!(imported(&text));
    });
}

#[test]
fn an_export_of_any_older_schema_imports_brought_forward() {
    for (fixture, results) in [
        ("export-v1.json", 1),
        ("export-v2.json", 1),
        ("export-v3.json", 3),
    ] {
        let text = std::fs::read_to_string(root().join("tests/fixtures/import").join(fixture))
            .expect("fixture");
        let history =
            progress::import(&text, IMPORTED).unwrap_or_else(|e| panic!("{fixture}: {e}"));
        assert_eq!(history.schema, SCHEMA, "{fixture}");
        assert_eq!(history.count(), results, "{fixture}");
    }
}

/// An export file of `attempts` small attempts at one drill, a minute apart, padded with
/// `padding` spaces.
fn export_of(attempts: usize, padding: usize) -> String {
    let history = History {
        attempts: (0..attempts)
            .map(|i| Attempt {
                drill: "a".to_owned(),
                at: START + i as i64 * 60_000,
                score: Score::default(),
                answers: Vec::new(),
                hash: String::new(),
                variant: String::new(),
            })
            .collect(),
        ..History::default()
    };
    progress::export(&history, START) + &" ".repeat(padding)
}

#[test]
fn a_file_over_the_size_or_result_limits_is_refused_before_it_is_read() {
    // After the last of 5001 attempts a minute apart.
    let now = START + 4 * DAY_MS;
    let at_the_limit = export_of(3, 0);
    let padding = progress::IMPORT_BYTES - at_the_limit.len();
    assert_eq!(
        progress::import(&export_of(3, padding), now).map(|h| h.count()),
        Ok(3)
    );
    assert_eq!(
        progress::import(&export_of(3, padding + 1), now)
            .unwrap_err()
            .to_string(),
        "this file is over 1 MB, larger than any progress file"
    );
    assert_eq!(
        progress::import_size(progress::IMPORT_BYTES + 1),
        progress::import(&export_of(3, padding + 1), now).map(drop)
    );
    assert_eq!(progress::import_size(progress::IMPORT_BYTES), Ok(()));

    let full = export_of(progress::IMPORT_RESULTS, 0);
    assert!(full.len() <= progress::IMPORT_BYTES, "{} bytes", full.len());
    assert_eq!(
        progress::import(&full, now).map(|h| h.count()),
        Ok(progress::IMPORT_RESULTS)
    );
    let over = export_of(progress::IMPORT_RESULTS + 1, 0);
    assert!(over.len() <= progress::IMPORT_BYTES, "{} bytes", over.len());
    assert_eq!(
        progress::import(&over, now).unwrap_err().to_string(),
        "this file holds 5001 results, more than any progress file (5000)"
    );
}

/// 2026-11-28, midnight UTC: where generated histories start.
const START: i64 = 1_795_824_000_000;

/// The drills of generated histories, and one never taken.
const DRILLS: [&str; 5] = [
    "phishing/a",
    "phishing/b",
    "devices/c",
    "reporting/d",
    "reporting/never",
];

fn catalog() -> Catalog {
    Catalog {
        settings: Default::default(),
        version: cyberdrill::catalog::VERSION,
        drills: DRILLS
            .iter()
            .map(|id| Entry {
                id: (*id).to_owned(),
                topic: id.split('/').next().unwrap_or_default().to_owned(),
                ..Entry::default()
            })
            .collect(),
    }
}

fn attempt(drill: &str, at: i64, points: u32, answers: usize) -> Attempt {
    Attempt {
        drill: drill.to_owned(),
        at,
        score: Score {
            correct: points,
            questions: 4,
            points,
            out_of: 4,
        },
        answers: (0..answers)
            .map(|q| (format!("question-{q}"), Answer::Choices(vec![q as u16])))
            .collect(),
        hash: "5e8a1f0c9d3b2a74".to_owned(),
        variant: String::new(),
    }
}

/// Up to 300 attempts over four drills, each a few hours to a few days after the one before
/// (several on one day, sometimes the same millisecond), now and then after months away.
fn long_history() -> impl Strategy<Value = History> {
    let gap = prop_oneof![
        8 => 0..2 * DAY_MS,
        1 => 0..120 * DAY_MS,
        1 => Just(0),
    ];
    proptest::collection::vec((0..4usize, gap, 0..=4u32, 0..4usize), 0..300).prop_map(|steps| {
        let mut history = History::default();
        let mut at = START;
        for (drill, gap, points, answers) in steps {
            at += gap;
            history.record(attempt(DRILLS[drill], at, points, answers));
        }
        history
    })
}

/// When the newest result in `history` was made (or [`START`]).
fn newest(history: &History) -> i64 {
    history.attempts.last().map_or(START, |a| a.at)
}

/// Everything the widget reads of a history, at `now`: each drill's FSRS memory, the order
/// drills are offered in, "My progress", how many results, and the drill done last.
fn as_the_widget_sees_it(history: &History, now: i64) -> String {
    let catalog = catalog();
    let memories: Vec<_> = DRILLS
        .iter()
        .map(|d| schedule::memory(history, d))
        .collect();
    let ranked: Vec<(&str, Reason)> = schedule::ranked(&catalog.drills, history, now, None)
        .into_iter()
        .map(|(e, r)| (e.id.as_str(), r))
        .collect();
    format!(
        "{memories:?}\n{ranked:?}\n{:?}\n{} results, last {:?}",
        progress::overview(history, &catalog, now),
        history.count(),
        history.last_drill(),
    )
}

/// Times from `now` on at which a compacted history must still read the same: the day
/// boundaries of "My progress" and beyond.
fn later(now: i64) -> impl Iterator<Item = i64> {
    [0, 1, 13, 27, 28, 29, 60, 400]
        .into_iter()
        .map(move |days| now + days * DAY_MS + days * 3_600_000)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn compacting_changes_nothing_the_widget_reads(
        history in long_history(),
        (wait, budget) in (0..90 * DAY_MS, 0..30_000usize),
    ) {
        let now = newest(&history) + wait;
        let mut compacted = history.clone();
        let folded = compacted.compact(now, budget);
        prop_assert_eq!(folded, compacted.attempts.len() < history.attempts.len());
        prop_assert_eq!(folded, compacted != history, "it says when it changed the history");
        for at in later(now) {
            prop_assert_eq!(as_the_widget_sees_it(&compacted, at), as_the_widget_sees_it(&history, at));
        }
        let size = progress::to_json(&compacted).len();
        let today = cyberdrill::date::Date::from_unix_ms(now).days();
        let foldable = compacted
            .attempts
            .iter()
            .any(|a| cyberdrill::date::Date::from_unix_ms(a.at).days() <= today - ACTIVE_DAYS);
        prop_assert!(size <= budget || !foldable, "{size} bytes with attempts left to fold");
        prop_assert!(size <= progress::to_json(&history).len());

        let mut again = compacted.clone();
        prop_assert!(!again.compact(now, budget), "compacting again folds nothing");
        prop_assert_eq!(&again, &compacted, "compacting is idempotent");
        prop_assert_eq!(
            progress::read_history(Some(&progress::to_json(&compacted))),
            Read::Current(compacted.clone()),
            "a compacted history is stored and read back as it is"
        );
        prop_assert_eq!(progress::import(&progress::export(&compacted, now), now), Ok(compacted));
    }

    #[test]
    fn merging_folded_and_full_copies_counts_every_result_once(
        history in long_history(),
        (cut, wait_a, budget_a) in (0.0..=1.0f64, 0..90 * DAY_MS, 0..20_000usize),
        (wait_c, budget_c) in (0..90 * DAY_MS, 0..20_000usize),
    ) {
        // A: an older copy (a tab that has not seen the latest results, or an old export),
        // compacted then; B: every result, in full (a tab or export from before compaction);
        // C: every result, compacted later with another budget.
        let mut a = History {
            attempts: history.attempts[..(history.attempts.len() as f64 * cut) as usize].to_vec(),
            ..History::default()
        };
        let now_a = newest(&a) + wait_a;
        a.compact(now_a, budget_a);
        let b = history.clone();
        let now_c = newest(&history).max(now_a) + wait_c;
        let mut c = history.clone();
        c.compact(now_c, budget_c);
        let now = now_a.max(now_c);

        for (x, y) in [(&a, &b), (&a, &c), (&b, &c)] {
            let mut xy = x.clone();
            xy.merge(y);
            prop_assert_eq!(x.lacks(y), &xy != x, "a history lacks exactly what a merge adds");
            let mut yx = y.clone();
            yx.merge(x);
            prop_assert_eq!(y.lacks(x), &yx != y, "a history lacks exactly what a merge adds");
            prop_assert_eq!(&xy, &yx, "merging commutes");
            for at in later(now) {
                prop_assert_eq!(as_the_widget_sees_it(&xy, at), as_the_widget_sees_it(&history, at));
            }
            let mut again = xy.clone();
            again.merge(x);
            again.merge(y);
            prop_assert_eq!(&again, &xy, "merging again adds nothing");
            prop_assert_eq!(progress::read_history(Some(&progress::to_json(&xy))), Read::Current(xy));
        }
    }
}

/// What JavaScript's `JSON.parse` then `JSON.stringify` make of `text`, as would a web team's
/// script or any tool that reads JSON numbers as doubles: members in another order (serde_json
/// sorts them), and every number through an `f64`. Panics on an integer a double cannot hold
/// exactly (beyond 2^53 - 1), which such a tool would silently change.
fn through_javascript(text: &str) -> String {
    fn as_a_double(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Number(n) => {
                let double = n.as_f64().expect("a number");
                assert!(
                    n.as_i64().is_some_and(|i| i.unsigned_abs() < 1 << 53),
                    "{n} is not safe in JavaScript: JSON.parse reads it as {double}"
                );
                *n = (double as i64).into();
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(as_a_double),
            serde_json::Value::Object(members) => members.values_mut().for_each(as_a_double),
            _ => {}
        }
    }
    let mut value: serde_json::Value = serde_json::from_str(text).expect("JSON");
    as_a_double(&mut value);
    value.to_string()
}

#[test]
fn the_stored_v3_fixture_survives_javascript() {
    let text = std::fs::read_to_string(root().join("tests/fixtures/progress/history-v3.json"))
        .expect("fixture");
    let Read::Current(history) = progress::read_history(Some(&text)) else {
        panic!("the v3 fixture reads as current")
    };
    assert!(!history.summaries.is_empty());
    assert_eq!(
        progress::read_history(Some(&through_javascript(&text))),
        Read::Current(history)
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn stored_and_exported_histories_survive_any_json_tool(
        history in long_history(),
        (wait, budget) in (0..90 * DAY_MS, 0..20_000usize),
    ) {
        let now = newest(&history) + wait;
        let mut compacted = history.clone();
        compacted.compact(now, budget);
        let stored = through_javascript(&progress::to_json(&compacted));
        let Read::Current(read) = progress::read_history(Some(&stored)) else {
            return Err(TestCaseError::fail(format!("{stored} does not read as current")));
        };
        let exported = progress::import(&through_javascript(&progress::export(&compacted, now)), now);
        prop_assert_eq!(exported.as_ref(), Ok(&read));
        prop_assert_eq!(&read, &compacted);
        for at in later(now) {
            prop_assert_eq!(as_the_widget_sees_it(&read, at), as_the_widget_sees_it(&history, at));
        }
    }
}

#[test]
fn a_history_lacks_only_what_a_merge_would_add() {
    let mut here = History::default();
    for day in 0..3 {
        here.record(attempt("phishing/a", START + day * 40 * DAY_MS, 4, 2));
    }
    let mut folded = here.clone();
    folded.compact(START + 200 * DAY_MS, 0);
    // What a summary stands for is not lacking; a later result is.
    assert!(!folded.lacks(&here));
    assert!(!here.lacks(&History::default()));
    let mut later = History::default();
    later.record(attempt("phishing/a", START + 150 * DAY_MS, 0, 2));
    assert!(folded.lacks(&later));
    let mut merged = folded.clone();
    merged.merge(&later);
    assert!(!merged.lacks(&later));
}

#[test]
fn a_result_from_elsewhere_older_than_a_summary_is_taken_as_folded_never_counted_twice() {
    let mut here = History::default();
    for day in 0..3 {
        here.record(attempt("phishing/a", START + day * 40 * DAY_MS, 4, 2));
    }
    let mut folded = here.clone();
    folded.compact(START + 200 * DAY_MS, 0);
    assert_eq!((folded.attempts.len(), folded.summaries.len()), (0, 1));

    // The same results in full (an export from before compaction): nothing new.
    let mut merged = folded.clone();
    merged.merge(&here);
    assert_eq!(merged, folded);

    // A result from another computer, made before the summary's last: a summary cannot tell
    // it from those it folded, so it is taken as folded. One made after it is added.
    let mut elsewhere = History::default();
    elsewhere.record(attempt("phishing/a", START + 50 * DAY_MS, 0, 2));
    elsewhere.record(attempt("phishing/a", START + 150 * DAY_MS, 0, 2));
    merged.merge(&elsewhere);
    assert_eq!(merged.count(), 4);
    assert_eq!(merged.attempts.len(), 1);
}

/// `days` daily drills from [`START`] over the starter library, and the time after the last day.
fn daily(days: i64) -> (History, i64) {
    let history = crate::daily::daily(&check_path(&root().join("content")), START, days);
    (history, START + days * DAY_MS)
}

#[test]
fn five_and_fifty_years_of_daily_drills_stay_under_the_budget() {
    let mut figures = String::new();
    for (years, days) in [(5, 1_826), (50, 18_262)] {
        let (history, now) = daily(days);
        let before = progress::to_json(&history).len();
        let mut compacted = history.clone();
        compacted.compact(now, BUDGET);
        let after = progress::to_json(&compacted).len();
        assert!(after <= BUDGET, "{years} years: {after} bytes");
        assert_eq!(
            as_the_widget_sees_it(&compacted, now),
            as_the_widget_sees_it(&history, now)
        );
        figures += &format!(
            "{years} years, {days} attempts: {before} bytes, compacted {after} bytes \
             ({} attempts in full since {}, {} summaries)\n",
            compacted.attempts.len(),
            cyberdrill::date::Date::from_unix_ms(compacted.attempts[0].at),
            compacted.summaries.len(),
        );
    }
    // `cargo test five_and_fifty -- --nocapture` shows the figures.
    println!("{figures}");
}
