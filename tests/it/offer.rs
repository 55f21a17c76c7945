//! What the widget decides between fetching a drill and showing it, natively: which entry is
//! offered, what a drill given without a catalog stands for, where a session starts and goes
//! next, what checking an answer records and says, the attempt a finished session becomes, and
//! the verdict and detail of each answer's feedback.

use cyberdrill::catalog::{self, Catalog, Entry};
use cyberdrill::date::DAY_MS;
use cyberdrill::lesson::{self, Drill, Kind};
use cyberdrill::offer::{self, Checked, Offer, Step};
use cyberdrill::progress::{Attempt, History, SCHEMA, Session};
use cyberdrill::score::{self, Answer, Mark, Score};
use cyberdrill::verdict::{self, Verdict};

/// A drill with a scenario and one question of each kind. The red-flags question's
/// selectable parts are "X", "Hi.", "Pay now", "Bye" and "bit.ly/x"; the flags are 2 and 4.
const DRILL: &str = "---\nid: t/one\ntitle: The one\ntopic: phishing\nminutes: 3\nlang: en-GB\n---\n\nA scenario.\n\n## One {#one}\n\n- [ ] a\n- [x] b\n- [ ] c\n\n> One first. More.\n\n## All {#all}\n\n- [x] a\n- [x] b\n- [ ] c\n\n> All first.\n\n## Flags {#flags}\n\n```sms\nFrom: X\n\nHi. [[Pay now|urgent]]. Bye [[bit.ly/x|short link]]\n```\n\n> Flags first.\n";

const NOW: i64 = 1_764_763_200_000;

fn drill(scenario: bool) -> Drill {
    let text = if scenario {
        DRILL.to_owned()
    } else {
        DRILL.replace("A scenario.\n", "")
    };
    let drill = lesson::parse(&text, "").drill;
    assert_eq!(drill.scenario.is_empty(), !scenario);
    drill
}

fn entry(id: &str, topic: &str) -> Entry {
    Entry {
        id: id.to_owned(),
        title: format!("Title of {id}"),
        topic: topic.to_owned(),
        minutes: 2,
        file: format!("{id}.json"),
        hash: "file-hash".to_owned(),
        source: "source-hash".to_owned(),
    }
}

/// The drill offered from a catalog of three, as the widget would have it.
fn offered(scenario: bool) -> Offer {
    let catalog = Catalog {
        version: catalog::VERSION,
        drills: vec![
            entry("a", "devices"),
            entry("t/one", "phishing"),
            entry("c", "passwords"),
        ],
    };
    let entry = catalog.drills[1].clone();
    Offer::new(
        catalog,
        entry,
        drill(scenario),
        "https://intranet.example/content/t/one.json",
    )
}

/// A session with answers to the questions named, by id.
fn session(answered: Answered) -> Session {
    let mut session = Session::start("t/one", "source-hash", NOW);
    for (id, answer) in answered {
        session.answer(id, answer.clone(), NOW);
    }
    session
}

/// Answers to questions, by id.
type Answered<'a> = &'a [(&'a str, Answer)];

/// The entry a widget asks for: the drill it names, its topic, the drill to avoid.
type Asked<'a> = [Option<&'a str>; 3];

/// The answer checking records, to the question with this id.
type Recorded<'a> = Option<(&'a str, Answer)>;

/// What checking says, and the answer it records.
type Said = (Option<Checked>, Recorded<'static>);

/// Nothing picked: checking says what to pick, and records nothing.
fn unpicked(kind: Kind) -> Said {
    (Some(Checked::Unpicked(kind)), None)
}

/// Marked `verdict`, with `answer` recorded for question `id`.
fn marked(verdict: Verdict, id: &'static str, answer: Answer) -> Said {
    (Some(Checked::Marked(verdict)), Some((id, answer)))
}

fn choices(picked: &[u16]) -> Answer {
    Answer::Choices(picked.to_vec())
}

fn parts(picked: &[u16]) -> Answer {
    Answer::Parts(picked.to_vec())
}

#[test]
fn an_offered_drill_takes_its_own_words_and_its_folder() {
    let offer = offered(true);
    let e = &offer.entry;
    assert_eq!(
        (e.id.as_str(), e.title.as_str(), e.topic.as_str(), e.minutes),
        ("t/one", "The one", "phishing", 3),
        "the drill's front matter, not the catalog's copy of it"
    );
    assert_eq!(
        (e.file.as_str(), e.hash.as_str(), e.source.as_str()),
        ("t/one.json", "file-hash", "source-hash")
    );
    assert_eq!(
        offer.catalog.drills.len(),
        3,
        "a catalog with drills is kept as it is"
    );
    assert_eq!(&*offer.base, "https://intranet.example/content/t/");

    for (url, base) in [
        ("https://x.example/a/b/c.json", "https://x.example/a/b/"),
        ("https://x.example/c.md", "https://x.example/"),
        ("https://x.example/content/", "https://x.example/content/"),
        ("drill.json", ""),
    ] {
        let offer = Offer::new(Catalog::default(), Entry::default(), drill(false), url);
        assert_eq!(&*offer.base, base, "{url}");
    }
}

#[test]
fn a_drill_given_without_a_catalog_is_a_catalog_of_one_whose_progress_refers_to_its_text() {
    let text = "{\"format\":1}";
    let entry = offer::given("https://x.example/drills/mine.json", text);
    let hash = catalog::content_hash(text.as_bytes());
    assert_eq!(entry.file, "https://x.example/drills/mine.json");
    assert_eq!(
        (entry.hash.as_str(), entry.source.as_str()),
        (hash.as_str(), hash.as_str())
    );

    let offer = Offer::new(
        Catalog::default(),
        entry,
        drill(true),
        "https://x.example/drills/mine.json",
    );
    assert_eq!(
        offer.catalog.drills,
        std::slice::from_ref(&offer.entry),
        "My progress counts the one drill"
    );
    assert_eq!(offer.entry.id, "t/one");
    assert_eq!(offer.session(NOW), Session::start("t/one", &hash, NOW));
}

#[test]
fn the_entry_on_offer_is_the_one_named_else_the_schedules_never_the_last_twice() {
    let catalog = Catalog {
        version: catalog::VERSION,
        drills: vec![
            entry("a", "phishing"),
            entry("b", "devices"),
            entry("c", "phishing"),
        ],
    };
    let took_a = History {
        schema: SCHEMA,
        attempts: vec![Attempt {
            drill: "a".to_owned(),
            at: NOW - DAY_MS,
            score: Score::default(),
            answers: Vec::new(),
            hash: String::new(),
        }],
        summaries: Vec::new(),
    };
    let none = History::default();
    // (history, drill, topic, avoid) -> the entry offered
    let cases: [(&History, Asked, Option<&str>); 9] = [
        (&none, [Some("b"), None, None], Some("b")),
        (&none, [Some("b"), Some("phishing"), Some("b")], Some("b")),
        (&none, [Some("z"), None, None], None),
        (&none, [None, None, None], Some("a")),
        (&none, [None, Some("devices"), None], Some("b")),
        (&none, [None, None, Some("a")], Some("b")),
        (&none, [None, Some("devices"), Some("b")], Some("b")),
        // Nothing to avoid given: the drill taken last is avoided (a is due, yet b is offered).
        (&took_a, [None, None, None], Some("b")),
        (&took_a, [None, Some("nothing"), None], None),
    ];
    for (history, [drill, topic, avoid], expected) in cases {
        let chosen = offer::choose(&catalog, history, NOW, drill, topic, avoid);
        assert_eq!(
            chosen.map(|e| e.id.as_str()),
            expected,
            "drill {drill:?}, topic {topic:?}, avoid {avoid:?}, {} attempts",
            history.count()
        );
    }
}

#[test]
fn a_session_starts_at_its_first_unanswered_question_after_the_scenario() {
    let cases: [(bool, Answered, Step); 7] = [
        (true, &[], Step::Scenario),
        (false, &[], Step::Question(0)),
        (true, &[("one", choices(&[1]))], Step::Question(1)),
        (
            true,
            &[("one", choices(&[1])), ("all", choices(&[0]))],
            Step::Question(2),
        ),
        // Answered out of order (never by the widget): the first gap, after the scenario.
        (true, &[("all", choices(&[0]))], Step::Scenario),
        (false, &[("all", choices(&[0]))], Step::Question(0)),
        (
            true,
            &[
                ("one", choices(&[1])),
                ("all", choices(&[0])),
                ("flags", parts(&[2])),
            ],
            Step::Done,
        ),
    ];
    for (scenario, answered, expected) in cases {
        let offer = offered(scenario);
        assert_eq!(
            offer.first_step(&session(answered)),
            expected,
            "{answered:?}"
        );
    }
    let offer = offered(true);
    let after: Vec<Step> = (0..4).map(|i| offer.step_after(i)).collect();
    assert_eq!(
        after,
        [Step::Question(1), Step::Question(2), Step::Done, Step::Done]
    );
}

#[test]
fn checking_records_the_answer_in_the_questions_shape_and_says_the_verdict() {
    // (question, picked) -> what checking says, and the answer then recorded
    let cases: [(usize, &[u16], Said); 11] = [
        (0, &[], unpicked(Kind::PickOne)),
        (1, &[], unpicked(Kind::SelectAll)),
        (2, &[], unpicked(Kind::RedFlags)),
        (0, &[1], marked(Verdict::Correct, "one", choices(&[1]))),
        (0, &[0], marked(Verdict::Wrong, "one", choices(&[0]))),
        (1, &[0], marked(Verdict::Partly, "all", choices(&[0]))),
        (
            1,
            &[1, 0],
            marked(Verdict::Correct, "all", choices(&[1, 0])),
        ),
        (1, &[0, 2], marked(Verdict::Wrong, "all", choices(&[0, 2]))),
        (
            2,
            &[4, 2],
            marked(Verdict::Correct, "flags", parts(&[4, 2])),
        ),
        (2, &[2, 0], marked(Verdict::Wrong, "flags", parts(&[2, 0]))),
        (3, &[0], (None, None)),
    ];
    let offer = offered(true);
    for (index, picked, (said, recorded)) in cases {
        let mut session = session(&[]);
        let checked = offer.check(&mut session, index, picked.to_vec(), NOW + 5);
        assert_eq!(checked, said, "question {index}, picked {picked:?}");
        let updated = if recorded.is_some() { NOW + 5 } else { NOW };
        let expected: Vec<(String, Answer)> = recorded
            .map(|(id, answer)| (id.to_owned(), answer))
            .into_iter()
            .collect();
        assert_eq!(
            session.answers, expected,
            "question {index}, picked {picked:?}"
        );
        assert_eq!(session.updated, updated);
    }

    // Checking again replaces the earlier answer.
    let mut session = session(&[("one", choices(&[0]))]);
    offer.check(&mut session, 0, vec![1], NOW);
    assert_eq!(session.answers, [("one".to_owned(), choices(&[1]))]);
}

#[test]
fn a_finished_session_becomes_an_attempt_with_the_takeaways_it_missed() {
    let offer = offered(true);
    // answers -> [correct, points, out_of], takeaways
    let cases: [(Answered, [u32; 3], &[&str]); 4] = [
        (
            &[
                ("one", choices(&[1])),
                ("all", choices(&[0, 1])),
                ("flags", parts(&[2, 4])),
            ],
            [3, 5, 5],
            &[],
        ),
        (
            &[
                ("one", choices(&[0])),
                ("all", choices(&[0])),
                ("flags", parts(&[2, 4])),
            ],
            [1, 3, 5],
            &["One first.", "All first."],
        ),
        // Unanswered questions (never left by the widget) are missed.
        (
            &[("all", choices(&[0, 1]))],
            [1, 2, 5],
            &["One first.", "Flags first."],
        ),
        // An answer of the wrong shape earns nothing.
        (
            &[
                ("one", parts(&[1])),
                ("all", choices(&[0, 1])),
                ("flags", choices(&[2, 4])),
            ],
            [1, 2, 5],
            &["One first.", "Flags first."],
        ),
    ];
    for (answers, [correct, points, out_of], takeaways) in cases {
        let session = session(answers);
        let outcome = offer.finish(session.clone(), NOW + 60_000);
        let attempt = outcome.attempt;
        assert_eq!(
            attempt,
            Attempt {
                drill: "t/one".to_owned(),
                at: NOW + 60_000,
                score: Score {
                    correct,
                    questions: 3,
                    points,
                    out_of
                },
                answers: session.answers,
                hash: "source-hash".to_owned(),
            },
            "{answers:?}"
        );
        assert_eq!(outcome.takeaways, takeaways, "{answers:?}");
    }
}

#[test]
fn a_verdict_is_decided_by_the_mark_and_said_in_words() {
    let mark = |correct, points, out_of, wrong| Mark {
        correct,
        points,
        out_of,
        wrong,
    };
    let cases = [
        (mark(true, 2, 2, 0), Verdict::Correct, "Correct"),
        (mark(true, 0, 0, 0), Verdict::Correct, "Correct"),
        (mark(false, 1, 2, 0), Verdict::Partly, "Partly right"),
        (mark(false, 1, 3, 1), Verdict::Partly, "Partly right"),
        (mark(false, 0, 2, 2), Verdict::Wrong, "Not quite"),
        (mark(false, 0, 1, 0), Verdict::Wrong, "Not quite"),
    ];
    for (mark, verdict, words) in cases {
        assert_eq!(Verdict::of(&mark), verdict, "{mark:?}");
        assert_eq!(verdict.words(), words);
    }
}

#[test]
fn the_feedback_says_what_was_spotted_or_how_many_answers_are_right() {
    let drill = drill(false);
    let cases: [(usize, Answer, Option<&str>); 8] = [
        (0, choices(&[1]), None),
        (0, choices(&[0]), None),
        (1, choices(&[0, 1]), None),
        (1, choices(&[0]), Some("There are 2 right answers.")),
        (2, parts(&[2, 4]), Some("You spotted 2 of 2 red flags.")),
        (2, parts(&[2]), Some("You spotted 1 of 2 red flags.")),
        (
            2,
            parts(&[2, 0]),
            Some("You spotted 1 of 2 red flags, and picked 1 part that is not one."),
        ),
        (
            2,
            parts(&[0, 1, 3]),
            Some("You spotted 0 of 2 red flags, and picked 3 parts that are not."),
        ),
    ];
    for (index, answer, expected) in cases {
        let question = &drill.questions[index];
        let mark = score::mark(question, &answer);
        assert_eq!(
            verdict::detail(question, &answer, &mark).as_deref(),
            expected,
            "{answer:?}"
        );
    }
}
