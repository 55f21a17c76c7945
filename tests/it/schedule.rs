//! When drills come back: due dates on fixed histories, and which drill is offered next.

use cyberdrill::catalog::Entry;
use cyberdrill::date::{DAY_MS, Date};
use cyberdrill::progress::{Attempt, History, SCHEMA};
use cyberdrill::schedule::{self, Reason};
use cyberdrill::score::Score;

/// An attempt at `drill` on `date` (noon UTC) scoring `points` of 4.
fn attempt(drill: &str, date: &str, points: u32) -> Attempt {
    let day = Date::parse(date).expect("date").days();
    let score = Score {
        correct: points,
        questions: 4,
        points,
        out_of: 4,
    };
    Attempt {
        drill: drill.to_owned(),
        at: i64::from(day) * DAY_MS + DAY_MS / 2,
        score,
        answers: Vec::new(),
        hash: String::new(),
        variant: String::new(),
    }
}

fn history(attempts: &[(&str, &str, u32)]) -> History {
    History {
        schema: SCHEMA,
        attempts: attempts
            .iter()
            .map(|&(d, at, p)| attempt(d, at, p))
            .collect(),
        summaries: Vec::new(),
    }
}

fn due_date(history: &History, drill: &str) -> String {
    schedule::due(history, drill).map_or("never taken".to_owned(), |ms| {
        Date::from_unix_ms(ms).to_string()
    })
}

#[test]
fn due_dates_on_fixed_histories() {
    let cases = [
        ("perfect once", history(&[("a", "2026-11-02", 4)])),
        (
            "perfect three times on time",
            history(&[
                ("a", "2026-11-02", 4),
                ("a", "2026-11-05", 4),
                ("a", "2026-11-16", 4),
            ]),
        ),
        ("mostly right once", history(&[("a", "2026-11-02", 3)])),
        ("badly once", history(&[("a", "2026-11-02", 1)])),
        (
            "good then bad",
            history(&[("a", "2026-11-02", 4), ("a", "2026-11-05", 0)]),
        ),
        (
            "bad then good then good",
            history(&[
                ("a", "2026-11-02", 0),
                ("a", "2026-11-03", 4),
                ("a", "2026-11-06", 4),
            ]),
        ),
        ("never", history(&[("b", "2026-11-02", 4)])),
    ];
    let table: String = cases
        .iter()
        .map(|(name, h)| format!("{name:>28}: due {}\n", due_date(h, "a")))
        .collect();
    insta::assert_snapshot!(table);
}

#[test]
fn good_answers_come_back_later_and_later_bad_ones_soon() {
    let mut h = History::default();
    let mut at = attempt("a", "2026-01-01", 4).at;
    let mut gaps = Vec::new();
    for _ in 0..5 {
        h.record(Attempt {
            at,
            ..attempt("a", "2026-01-01", 4)
        });
        let due = schedule::due(&h, "a").expect("taken");
        gaps.push((due - at) / DAY_MS);
        at = due;
    }
    assert!(
        gaps.windows(2).all(|w| w[1] > w[0]),
        "intervals grow: {gaps:?}"
    );
    let bad = history(&[("a", "2026-01-01", 0)]);
    assert_eq!(
        (schedule::due(&bad, "a").expect("taken") - bad.attempts[0].at) / DAY_MS,
        1
    );
}

fn entry(id: &str, topic: &str) -> Entry {
    Entry {
        id: id.to_owned(),
        title: id.to_owned(),
        topic: topic.to_owned(),
        minutes: 2,
        file: format!("{id}.json"),
        ..Entry::default()
    }
}

#[test]
fn offers_most_overdue_then_new_in_catalog_order_never_the_same_twice() {
    let catalog = [
        entry("a", "phishing"),
        entry("b", "devices"),
        entry("c", "phishing"),
        entry("d", "phishing"),
    ];
    let now = attempt("x", "2026-11-28", 0).at;
    let pick = |h: &History, topic: Option<&str>, avoid: Option<&str>| {
        schedule::next(&catalog, h, now, topic, avoid)
            .map(|(e, r)| (e.id.clone(), matches!(r, Reason::Due(_)), r == Reason::New))
    };
    let nothing = History::default();
    assert_eq!(pick(&nothing, None, None), Some(("a".into(), false, true)));
    assert_eq!(
        pick(&nothing, Some("devices"), None),
        Some(("b".into(), false, true))
    );
    assert_eq!(
        pick(&nothing, None, Some("a")),
        Some(("b".into(), false, true))
    );

    // c is more overdue than a; both beat new drills.
    let overdue = history(&[("a", "2026-11-20", 0), ("c", "2026-11-10", 0)]);
    assert_eq!(pick(&overdue, None, None), Some(("c".into(), true, false)));
    assert_eq!(
        pick(&overdue, None, Some("c")),
        Some(("a".into(), true, false))
    );

    // Only one drill in the topic: offered even though it was just taken.
    assert_eq!(
        pick(&overdue, Some("devices"), Some("b")),
        Some(("b".into(), false, true))
    );

    // Everything done recently and well: the one due soonest, ahead of time.
    let done = history(&[
        ("a", "2026-11-27", 4),
        ("b", "2026-11-26", 4),
        ("c", "2026-11-27", 4),
        ("d", "2026-11-27", 4),
    ]);
    let (id, reason) = schedule::next(&catalog, &done, now, None, None)
        .map(|(e, r)| (e.id.clone(), r))
        .expect("a pick");
    assert_eq!(id, "b");
    assert!(matches!(reason, Reason::Ahead(_)));
}

/// Our FSRS against rs-fsrs's long-term scheduler (whole days, no fuzz), review by review.
mod reference {
    use chrono::DateTime;
    use cyberdrill::date::DAY_MS;
    use cyberdrill::schedule::{self, Rating};
    use rs_fsrs::{Card, FSRS, Parameters};

    fn theirs(rating: Rating) -> rs_fsrs::Rating {
        match rating {
            Rating::Again => rs_fsrs::Rating::Again,
            Rating::Hard => rs_fsrs::Rating::Hard,
            Rating::Good => rs_fsrs::Rating::Good,
            Rating::Easy => rs_fsrs::Rating::Easy,
        }
    }

    fn reference() -> FSRS {
        FSRS::new(Parameters {
            maximum_interval: 365,
            enable_short_term: false,
            enable_fuzz: false,
            seed: "test".into(),
            ..Parameters::default()
        })
    }

    proptest::proptest! {
        #[test]
        fn due_dates_match_rs_fsrs(reviews in proptest::collection::vec((0i64..60 * DAY_MS, 0usize..4), 1..12)) {
            let fsrs = reference();
            let ratings = [Rating::Again, Rating::Hard, Rating::Good, Rating::Easy];
            let mut now = 1_795_824_000_000_i64;
            let mut ours = None;
            let mut card: Option<Card> = None;
            for (gap, r) in reviews {
                now += gap;
                let at = DateTime::from_timestamp_millis(now).expect("in range");
                ours = Some(schedule::review(ours, now, ratings[r]));
                let current = card.take().unwrap_or_else(|| Card { due: at, last_review: at, ..Card::default() });
                card = Some(fsrs.next(current, at, theirs(ratings[r])).card);
                let (mine, reference) = (ours.expect("reviewed"), card.as_ref().expect("reviewed"));
                proptest::prop_assert_eq!(mine.due, reference.due.timestamp_millis());
                proptest::prop_assert!((mine.stability - reference.stability).abs() < 1e-9);
                proptest::prop_assert!((mine.difficulty - reference.difficulty).abs() < 1e-9);
            }
        }
    }
}
