//! The widget's words, natively: topics, dates (against chrono's calendar), when a drill is due,
//! the card's, the question's and the summary's sentences, and "My progress" (its figures, what
//! is coming up, the export's name, what an import did).

use chrono::DateTime;
use cyberdrill::catalog::{self, Catalog, Entry};
use cyberdrill::date::{DAY_MS, Date};
use cyberdrill::lesson::Kind;
use cyberdrill::overview::{self, Figures};
use cyberdrill::progress::{Attempt, History, SCHEMA};
use cyberdrill::schedule;
use cyberdrill::score::Score;
use cyberdrill::wording;
use cyberdrill::words::Words;
use proptest::prelude::*;

/// Noon UTC on `date`.
/// Each case's words, as `words_of` gives them for its number.
fn says<N: Copy + std::fmt::Debug>(words_of: impl Fn(N) -> String, cases: &[(N, &str)]) {
    for &(n, words) in cases {
        assert_eq!(words_of(n), words, "{n:?}");
    }
}

fn noon(date: &str) -> i64 {
    i64::from(Date::parse(date).expect("a date").days()) * DAY_MS + DAY_MS / 2
}

fn score(correct: u32, questions: u32) -> Score {
    Score {
        correct,
        questions,
        points: correct,
        out_of: questions,
    }
}

fn history(attempts: &[(&str, &str)]) -> History {
    History {
        schema: SCHEMA,
        attempts: attempts
            .iter()
            .map(|&(drill, date)| Attempt {
                drill: drill.to_owned(),
                at: noon(date),
                score: score(4, 4),
                answers: Vec::new(),
                hash: String::new(),
                variant: String::new(),
            })
            .collect(),
        summaries: Vec::new(),
    }
}

fn catalog(drills: &[(&str, &str)]) -> Catalog {
    Catalog {
        settings: Default::default(),
        version: catalog::VERSION,
        drills: drills
            .iter()
            .map(|&(id, topic)| Entry {
                id: id.to_owned(),
                title: format!("Title of {id}"),
                topic: topic.to_owned(),
                minutes: 2,
                file: format!("{id}.json"),
                ..Entry::default()
            })
            .collect(),
    }
}

#[test]
fn topics_are_words_with_an_ascii_capital() {
    let cases = [
        ("phishing", "Phishing"),
        ("data-handling", "Data handling"),
        ("social-engineering-by-phone", "Social engineering by phone"),
        ("", ""),
        ("-", " "),
        // Outside ASCII the first letter stays as written (no Unicode case tables in the wasm).
        ("écrans", "écrans"),
    ];
    for (topic, label) in cases {
        assert_eq!(
            wording::topic_label(&Words::english(), topic),
            label,
            "{topic}"
        );
    }
}

#[test]
fn long_dates_on_fixed_days() {
    let cases = [
        (0, "Thursday 1 January"),
        (noon("2026-12-01"), "Tuesday 1 December"),
        (noon("2028-02-29"), "Tuesday 29 February"),
        (noon("1969-12-31"), "Wednesday 31 December"),
        // A day is a UTC day: the last millisecond of one, the first of the next.
        (
            i64::from(Date::parse("2026-12-03").expect("date").days()) * DAY_MS - 1,
            "Wednesday 2 December",
        ),
        (
            i64::from(Date::parse("2026-12-03").expect("date").days()) * DAY_MS,
            "Thursday 3 December",
        ),
    ];
    for (ms, words) in cases {
        assert_eq!(wording::long_date(&Words::english(), ms), words, "{ms}");
    }
}

proptest! {
    /// Any day from 1900 to 2200 reads as chrono's calendar says it.
    #[test]
    fn long_dates_agree_with_chrono(ms in -2_208_988_800_000_i64..7_258_118_400_000) {
        let reference = DateTime::from_timestamp_millis(ms).expect("in range").format("%A %-d %B").to_string();
        prop_assert_eq!(wording::long_date(&Words::english(), ms), reference);
    }
}

#[test]
fn when_a_drill_is_due_in_words() {
    let taken = history(&[("a", "2026-11-28")]);
    let due = schedule::due(&taken, "a").expect("a was taken");
    let cases = [
        (History::default(), 0, "New"),
        (history(&[("b", "2026-11-28")]), due, "New"),
        (taken.clone(), due, "Due now"),
        (taken.clone(), due + 400 * DAY_MS, "Due now"),
        (taken.clone(), due - 1, "Due again tomorrow"),
        (taken.clone(), due - DAY_MS, "Due again tomorrow"),
        (taken.clone(), due - DAY_MS - 1, "Due again in 2 days"),
        (taken.clone(), due - 9 * DAY_MS, "Due again in 9 days"),
    ];
    for (history, now, words) in cases {
        assert_eq!(
            wording::due(&Words::english(), &history, "a", now),
            words,
            "{} attempts, {}",
            history.count(),
            due - now
        );
    }
}

#[test]
fn the_cards_and_the_questions_sentences() {
    says(
        |m| wording::minutes(&Words::english(), m),
        &[
            (1, "About 1 minute"),
            (2, "About 2 minutes"),
            (10, "About 10 minutes"),
        ],
    );

    // (answered, questions) -> the Resume button, if any
    let resume = [
        (0, 3, None),
        (1, 3, Some("Resume (question 2 of 3)")),
        (2, 3, Some("Resume (question 3 of 3)")),
        (3, 3, Some("Resume (see your results)")),
        (4, 3, Some("Resume (see your results)")),
        (0, 0, None),
    ];
    for (answered, count, label) in resume {
        assert_eq!(
            wording::resume(&Words::english(), answered, count).as_deref(),
            label,
            "{answered} of {count}"
        );
    }

    let kinds = [
        (Kind::PickOne, "Choose one answer."),
        (Kind::SelectAll, "Select all that apply."),
        (
            Kind::RedFlags,
            "Select every part of the message that looks suspicious, then check. If nothing does, check with nothing selected.",
        ),
    ];
    for (kind, hint) in kinds {
        assert_eq!(wording::hint(&Words::english(), kind), hint);
    }
    assert_eq!(
        Words::english().text(cyberdrill::words::Key::PickFirst),
        "Choose an answer first"
    );

    // (minutes, seconds left) -> the soft clock
    let clock = [
        (2, 120, "About 2 minutes left"),
        (3, 91, "About 3 minutes left"),
        (2, 90, "About a minute left"),
        (2, 31, "About a minute left"),
        (2, 30, "Under a minute left"),
        (2, 1, "Under a minute left"),
        (2, 0, "No rush: take the time you need"),
        (2, -60, "No rush: take the time you need"),
    ];
    for (m, left, words) in clock {
        assert_eq!(
            wording::time_left(&Words::english(), m, left),
            words,
            "{m} minutes, {left} s left"
        );
    }
}

#[test]
fn the_summarys_sentences() {
    let scores = [
        (
            score(4, 4),
            "Well done: all correct",
            "You answered 4 of 4 questions right.",
        ),
        (
            score(3, 4),
            "Drill complete",
            "You answered 3 of 4 questions right.",
        ),
        (
            score(0, 2),
            "Drill complete",
            "You answered 0 of 2 questions right.",
        ),
        (
            score(1, 1),
            "Well done: all correct",
            "You answered 1 of 1 question right.",
        ),
        (
            score(0, 1),
            "Drill complete",
            "You answered 0 of 1 question right.",
        ),
    ];
    for (s, title, words) in scores {
        assert_eq!(
            (
                wording::summary_title(&Words::english(), &s).as_str(),
                wording::score(&Words::english(), &s).as_str()
            ),
            (title, words)
        );
    }

    let at = noon("2026-12-01");
    let comes_back = [
        (None, ""),
        (
            Some(at + DAY_MS),
            "This drill comes back in 1 day, on Wednesday 2 December.",
        ),
        (
            Some(at + 3 * DAY_MS - 1),
            "This drill comes back in 3 days, on Friday 4 December.",
        ),
        (
            Some(at + DAY_MS / 2),
            "This drill comes back in 1 day, on Wednesday 2 December.",
        ),
        (
            Some(at + 3 * DAY_MS),
            "This drill comes back in 3 days, on Friday 4 December.",
        ),
    ];
    for (due, words) in comes_back {
        assert_eq!(
            wording::comes_back(&Words::english(), due, at),
            words,
            "{due:?}"
        );
    }
}

#[test]
fn my_progress_figures_and_whats_coming_up() {
    let catalog = catalog(&[
        ("a", "phishing"),
        ("b", "devices"),
        ("c", "phishing"),
        ("d", "passwords"),
    ]);
    let now = noon("2026-12-03");
    let cases = [
        (history(&[]), ("0 of 4", "0 of 3", 0), ["New", "New", "New"]),
        (
            history(&[
                ("a", "2026-11-28"),
                ("c", "2026-12-02"),
                ("c", "2026-10-01"),
            ]),
            ("2 of 4", "1 of 3", 2),
            ["Due now", "Due now", "New"],
        ),
        // A drill no longer in the catalog is not done, but its day was a day with a drill.
        (
            history(&[("gone", "2026-12-01")]),
            ("0 of 4", "0 of 3", 1),
            ["New", "New", "New"],
        ),
    ];
    let words = Words::english();
    for (history, (done, topics, active_days), due) in cases {
        let figures = overview::figures(&Words::english(), &history, &catalog, now);
        assert_eq!(
            figures,
            Figures {
                done: done.to_owned(),
                topics: topics.to_owned(),
                active_days,
            }
        );
        let coming: Vec<(String, String)> = overview::coming_up(&words, &catalog, &history, now)
            .map(|c| (c.entry.id.clone(), c.due))
            .collect();
        let expected: Vec<(String, String)> =
            schedule::ranked(&catalog.drills, &history, now, None)
                .into_iter()
                .take(overview::COMING_UP)
                .zip(due)
                .map(|((e, _), due)| (e.id.clone(), due.to_owned()))
                .collect();
        assert_eq!(coming, expected);
    }
    assert_eq!(
        overview::coming_up(&words, &Catalog::default(), &History::default(), now).count(),
        0
    );
}

#[test]
fn moving_progress_in_words() {
    assert_eq!(
        overview::export_name(noon("2026-12-03")),
        "cyberdrill-progress-2026-12-03.json"
    );
    assert_eq!(
        overview::export_name(0),
        "cyberdrill-progress-1970-01-01.json"
    );
    says(
        |n| overview::imported(&Words::english(), n),
        &[
            (0, "Imported: 0 results added to this computer."),
            (1, "Imported: 1 result added to this computer."),
            (12, "Imported: 12 results added to this computer."),
        ],
    );
    assert_eq!(
        overview::not_imported(&Words::english(), &cyberdrill::progress::Refused::Stranger),
        "Nothing imported: this file is not a cyberdrill progress file."
    );
}
