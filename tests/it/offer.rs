//! What the widget decides between fetching a drill and showing it, natively: which entry is
//! offered, what a drill given without a catalog stands for, where a session starts and goes
//! next, what checking an answer records and says, the attempt a finished session becomes, and
//! the verdict and detail of each answer's feedback.

use cyberdrill::catalog::{self, Catalog, Entry};
use cyberdrill::date::DAY_MS;
use cyberdrill::lesson::{self, Block, Drill};
use cyberdrill::offer::{self, Checked, Offer, Step};
use cyberdrill::progress::{Attempt, History, SCHEMA, Session};
use cyberdrill::score::{self, Answer, Mark, Score};
use cyberdrill::settings::Settings;
use cyberdrill::verdict::{self, Verdict};

/// A drill with a scenario and one question of each kind. The red-flags question's
/// selectable parts are "X", "Hi.", "Pay now", "Bye" and "bit.ly/x"; the flags are 2 and 4.
const DRILL: &str = "---\nid: t/one\ntitle: The one\ntopic: phishing\nminutes: 3\nlang: en-GB\n---\n\nA scenario.\n\n## One {#one}\n\n- [ ] a\n- [x] b\n- [ ] c\n\n> One first. More.\n\n## All {#all .select-all}\n\n- [x] a\n- [x] b\n- [ ] c\n\n> All first.\n\n## Flags {#flags}\n\n```sms\nFrom: X\n\nHi. [[Pay now|urgent]]. Bye [[bit.ly/x|short link]]\n```\n\n> Flags first.\n";

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
        audience: Vec::new(),
        lang: String::new(),
        reviewed: false,
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
        settings: Default::default(),
    };
    let entry = catalog.drills[1].clone();
    Offer::new(
        catalog,
        entry,
        drill(scenario),
        "https://intranet.example/content/t/one.json",
        &History::default(),
        None,
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
fn unpicked() -> Said {
    (Some(Checked::Unpicked), None)
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
        let offer = Offer::new(
            Catalog::default(),
            Entry::default(),
            drill(false),
            url,
            &History::default(),
            None,
        );
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
        &History::default(),
        None,
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
        settings: Default::default(),
    };
    let took_a = History {
        schema: SCHEMA,
        attempts: vec![Attempt {
            drill: "a".to_owned(),
            at: NOW - DAY_MS,
            score: Score::default(),
            answers: Vec::new(),
            hash: String::new(),
            variant: String::new(),
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
        (0, &[], unpicked()),
        (1, &[], unpicked()),
        // Nothing selected in a message is an answer: that nothing in it is suspicious.
        (2, &[], marked(Verdict::Wrong, "flags", parts(&[]))),
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
                variant: String::new(),
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
        assert_eq!(verdict.words(&cyberdrill::words::Words::english()), words);
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
            verdict::detail(
                &cyberdrill::words::Words::english(),
                question,
                &answer,
                &mark
            )
            .as_deref(),
            expected,
            "{answer:?}"
        );
    }
}

/// A drill of two variants whose first question has five choices, the last pinned.
const VARIANTS: &str = "---\nid: t/two\ntitle: Two for {{trust}}\ntopic: phishing\n---\n\n# First {#first}\n\n## Pick {#pick}\n\n- [ ] a\n- [x] b <{{trust}}>\n- [ ] c\n- [ ] d\n- [ ] None of these {.pin}\n\n> Because.\n\n# Second {#second}\n\n## Search {#search}\n\n```email genuine\nFrom: HR <hr@nhs.net>\n\nYour payslip for {{trust}} is ready in ESR.\n```\n\n> Nothing in it is suspicious.\n";

fn two() -> Drill {
    let parsed = lesson::parse(VARIANTS, "");
    assert!(!parsed.has_errors(), "{:?}", parsed.diagnostics);
    parsed.drill
}

fn attempt_at(variant: &str, at: i64) -> Attempt {
    Attempt {
        drill: "t/two".to_owned(),
        at,
        score: Score::default(),
        answers: Vec::new(),
        hash: String::new(),
        variant: variant.to_owned(),
    }
}

#[test]
fn a_turn_is_seeded_by_the_millisecond_it_started() {
    let offer = offered(true);
    let seeds: std::collections::BTreeSet<u32> =
        (0..50).map(|ms| offer.session(NOW + ms).seed()).collect();
    assert_eq!(
        seeds.len(),
        50,
        "turns a millisecond apart are shuffled apart"
    );
    let session = offer.session(NOW);
    let json = cyberdrill::progress::to_json(&session);
    let read: Session = cyberdrill::json::from_str(&json).expect("reads back");
    assert_eq!(read.seed(), session.seed(), "Resume shows the same order");
}

#[test]
fn choices_are_shuffled_by_the_seed_the_same_way_every_time_a_pinned_one_in_its_place() {
    let drill = two();
    let question = &drill.variants[0].questions[0];
    let mut orders = std::collections::BTreeSet::new();
    for seed in 0..64u32 {
        let order = offer::order(question, seed);
        assert_eq!(
            order,
            offer::order(question, seed),
            "seed {seed}: the same again"
        );
        let mut sorted = order.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, [0, 1, 2, 3, 4], "seed {seed}: every choice once");
        assert_eq!(order[4], 4, "seed {seed}: the pinned choice stays last");
        orders.insert(order);
    }
    assert!(
        orders.len() >= 12,
        "seeds give many orders of the four free choices: {}",
        orders.len()
    );
    // Questions of one turn are shuffled apart, by their ids.
    let mut other = question.clone();
    other.id = "another".to_owned();
    assert!((0..16).any(|seed| offer::order(question, seed) != offer::order(&other, seed)));
}

#[test]
fn each_turn_takes_the_variant_not_taken_or_taken_longest_ago_and_resume_keeps_it() {
    let drill = two();
    let history = |attempts: Vec<Attempt>| History {
        schema: SCHEMA,
        attempts,
        summaries: Vec::new(),
    };
    let cases = [
        (vec![], "first"),
        (vec![attempt_at("first", NOW)], "second"),
        (
            vec![attempt_at("first", NOW), attempt_at("second", NOW + 1)],
            "first",
        ),
        (
            vec![attempt_at("second", NOW), attempt_at("first", NOW + 1)],
            "second",
        ),
        // An attempt at another variant id (since removed) changes nothing.
        (vec![attempt_at("gone", NOW)], "first"),
    ];
    for (attempts, expected) in cases {
        assert_eq!(
            offer::variant(&drill, &history(attempts.clone())),
            expected,
            "{attempts:?}"
        );
    }
    assert_eq!(
        offer::variant(&offered(true).drill, &History::default()),
        "",
        "one version"
    );

    let taken_first = history(vec![attempt_at("first", NOW)]);
    let offer = |session: Option<&Session>| {
        Offer::new(
            Catalog::default(),
            Entry::default(),
            two(),
            "t/two.json",
            &taken_first,
            session,
        )
    };
    let fresh = offer(None);
    assert_eq!(
        (fresh.variant.as_str(), fresh.drill.questions[0].id.as_str()),
        ("second", "search")
    );
    assert!(
        fresh.drill.variants.is_empty(),
        "the turn's drill is its variant alone"
    );
    let session = fresh.session(NOW);
    assert_eq!(session.variant, "second");
    // Resuming a session of the first variant takes it again, whatever the history says.
    let mut resumed = session.clone();
    resumed.variant = "first".to_owned();
    assert_eq!(offer(Some(&resumed)).variant, "first");
    // The finished attempt says which variant it was.
    let mut session = fresh.session(NOW);
    assert_eq!(
        fresh.check(&mut session, 0, Vec::new(), NOW),
        Some(Checked::Marked(Verdict::Correct)),
        "nothing selected in a genuine message is right"
    );
    assert_eq!(fresh.finish(session, NOW).attempt.variant, "second");
}

#[test]
fn placeholders_are_filled_from_the_catalogs_settings_escaped_in_html() {
    let settings = Settings(vec![("trust".to_owned(), "A & B <Trust>".to_owned())]);
    let json = two().to_json();
    let filled = Drill::from_json_filled(&json, &settings)
        .expect("reads")
        .variant("first");
    assert_eq!(filled.title, "Two for A & B <Trust>", "plain text as it is");
    assert_eq!(
        filled.questions[0].choices[1].label, "b &lt;A &amp; B &lt;Trust&gt;&gt;",
        "escaped in HTML"
    );
    let second = Drill::from_json_filled(&json, &settings)
        .expect("reads")
        .variant("second");
    let Block::Mockup(message) = &second.questions[0].body[0] else {
        panic!("a mock-up")
    };
    let text: Vec<&str> = message.parts().map(|p| p.text.as_str()).collect();
    assert!(
        text.iter()
            .any(|t| t.contains("for A & B <Trust> is ready")),
        "{text:?}"
    );
    // Without settings, a name reads as its words; unfilled, it is as written.
    let bare = Drill::from_json_filled(&json, &Settings::default()).expect("reads");
    assert_eq!(bare.title, "Two for trust");
    assert_eq!(
        Drill::from_json(&json).expect("reads").title,
        "Two for {{trust}}"
    );
    // The catalog's own titles are filled as it is read.
    let catalog = Catalog {
        version: catalog::VERSION,
        settings,
        drills: vec![Entry {
            title: "Phishing at {{trust}}".to_owned(),
            ..entry("a", "phishing")
        }],
    };
    let read = Catalog::parse(&catalog.to_json()).expect("reads");
    assert_eq!(read.drills[0].title, "Phishing at A & B <Trust>");
}

#[test]
fn a_page_for_one_staff_group_offers_its_drills_and_everyones() {
    let mut for_finance = entry("f", "phishing");
    for_finance.audience = vec!["finance".to_owned()];
    let mut for_everyone = entry("e", "phishing");
    for_everyone.audience = vec!["everyone".to_owned()];
    let unsaid = entry("u", "phishing");
    for (audience, offered) in [
        (None, vec!["f", "e", "u"]),
        (Some("finance"), vec!["f", "e", "u"]),
        (Some("clinical"), vec!["e", "u"]),
    ] {
        let mut catalog = Catalog {
            drills: vec![for_finance.clone(), for_everyone.clone(), unsaid.clone()],
            ..Catalog::default()
        };
        offer::keep_for(&mut catalog, audience);
        let kept: Vec<&str> = catalog.drills.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(kept, offered, "{audience:?}");
    }
}
