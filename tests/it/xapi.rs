//! Reporting to a learning record store (`src/xapi.rs`): the statements a drill makes, held to
//! a snapshot and to the xAPI 1.0.3 rules that can be checked without an LRS; their ids; the
//! outbox's bounds, priorities, batches and backoff; what an LRS's answers mean; and the
//! outbox's stored JSON, read record by record.
//!
//! The statements' snapshot is also what `tests/browser/lrs.test.mjs` sends to a real LRS
//! (Ralph): it reads `snapshots/it__xapi__statements.snap`, so the two cannot drift.

use cyberdrill::json::ToJson;
use cyberdrill::lesson::{self, Drill};
use cyberdrill::progress::Read;
use cyberdrill::score::{self, Answer, Score};
use cyberdrill::xapi::{
    self, Attempt, BACKOFF_BASE_MS, BACKOFF_CAP_MS, BATCH_STATEMENTS, DrillInfo, Interaction,
    MAX_BYTES, MAX_REJECTED, MAX_STATEMENTS, Outbox, Pushed, Reporter, Response, Statement, Verb,
};
use proptest::prelude::*;
use serde_json::Value;

use crate::prelude::*;

/// 3 December 2026, 09:30:00.250 UTC.
const START: i64 = 1_796_290_200_250;
const HOME: &str = "https://intranet.example.nhs.uk/";
const CONTENT: &str = "https://intranet.example.nhs.uk/cyberdrill/content/";

fn drill() -> Drill {
    let text = std::fs::read_to_string(root().join("tests/fixtures/xapi/drill.md"))
        .expect("the xAPI fixture drill");
    let parsed = lesson::parse(&text, "");
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    parsed.drill
}

fn reporter(learner: &str) -> Reporter {
    Reporter::new(HOME, Some(learner), CONTENT).expect("valid settings")
}

fn info(drill: &Drill) -> DrillInfo {
    DrillInfo {
        id: drill.id.clone(),
        title: drill.title.clone(),
        lang: drill.lang.clone(),
        topic: drill.topic.clone(),
        revision: "3f2a9c1d7e5b4a608f1e2d3c4b5a6978".to_owned(),
    }
}

fn attempt(learner: &str, started: i64) -> Attempt {
    Attempt::new(reporter(learner), info(&drill()), started)
}

/// A whole attempt: the start, each question answered (at 20 s intervals), the finish.
fn statements(learner: &str, started: i64) -> Vec<Statement> {
    let drill = drill();
    let attempt = attempt(learner, started);
    let answers = [
        Answer::Parts(vec![5, 1]),
        Answer::Parts(vec![]),
        Answer::Choices(vec![1]),
        Answer::Choices(vec![0, 2]),
    ];
    let mut out = vec![attempt.initialized()];
    let mut marks = Vec::new();
    for (i, (question, answer)) in drill.questions.iter().zip(&answers).enumerate() {
        let mark = score::mark(question, answer);
        marks.push(mark);
        let at = started + 20_000 * (i as i64 + 1);
        out.push(attempt.answered(&Interaction::of(question), answer, &mark, at));
    }
    out.push(attempt.completed(&Score::of(marks), started + 95_370));
    out
}

fn parse(statement: &Statement) -> Value {
    serde_json::from_str(&statement.statement).expect("a statement is JSON")
}

/// The statements of one attempt as a JSON array, each as written (members in the order
/// sent), indented for reading.
#[test]
fn statements_match_their_snapshot() {
    let all: Vec<String> = statements("a1b2c3", START)
        .into_iter()
        .map(|s| s.statement)
        .collect();
    let text = indent(&format!("[{}]", all.join(",")));
    let back: Vec<Value> = serde_json::from_str(&text).expect("the snapshot is JSON");
    assert_eq!(
        back,
        all.iter()
            .map(|s| serde_json::from_str::<Value>(s).unwrap())
            .collect::<Vec<_>>()
    );
    insta::assert_snapshot!("statements", text);
}

/// Compact JSON indented by two spaces a level, its members kept in order (serde_json's
/// pretty printer would sort them).
fn indent(json: &str) -> String {
    let (mut out, mut depth, mut in_string, mut escaped) = (String::new(), 0usize, false, false);
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.push_str(&"  ".repeat(depth));
    };
    for c in json.chars() {
        if in_string {
            out.push(c);
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                depth += 1;
                newline(&mut out, depth);
            }
            '}' | ']' => {
                depth -= 1;
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c => out.push(c),
        }
    }
    out
}

/// What the xAPI 1.0.3 specification requires of a statement that can be checked without an
/// LRS: every problem found.
fn problems(s: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let mut need = |ok: bool, what: &str| {
        if !ok {
            problems.push(what.to_owned());
        }
    };
    let str_at = |pointer: &str| s.pointer(pointer).and_then(Value::as_str);
    need(str_at("/id").is_some_and(xapi::is_uuid), "id is a UUID");
    need(
        str_at("/actor/objectType") == Some("Agent"),
        "actor is an Agent",
    );
    let account = s.pointer("/actor/account").and_then(Value::as_object);
    need(
        account.is_some_and(|a| a.len() == 2),
        "the account has homePage and name only",
    );
    need(
        str_at("/actor/account/homePage").is_some_and(is_iri),
        "homePage is an IRL",
    );
    need(
        str_at("/actor/account/name").is_some_and(|n| !n.is_empty()),
        "account name",
    );
    let actor = s.pointer("/actor").and_then(Value::as_object);
    need(
        actor.is_some_and(|a| !a.contains_key("mbox") && !a.contains_key("name")),
        "no mbox or name: the learner is pseudonymous",
    );
    need(str_at("/verb/id").is_some_and(is_iri), "verb id is an IRI");
    need(
        s.pointer("/verb/display").is_some_and(is_language_map),
        "verb display is a language map",
    );
    need(
        str_at("/object/objectType") == Some("Activity"),
        "object is an Activity",
    );
    need(
        str_at("/object/id").is_some_and(is_iri),
        "object id is an IRI",
    );
    need(
        s.pointer("/object/definition/name")
            .is_some_and(is_language_map),
        "the activity has a name",
    );
    need(
        str_at("/object/definition/type").is_some_and(is_iri),
        "activity type is an IRI",
    );
    if str_at("/object/definition/interactionType").is_some() {
        need(
            str_at("/object/definition/interactionType") == Some("choice"),
            "interaction type choice",
        );
        let ids: Vec<&str> = s
            .pointer("/object/definition/choices")
            .and_then(Value::as_array)
            .map(|c| c.iter().filter_map(|c| c["id"].as_str()).collect())
            .unwrap_or_default();
        let known = |response: &str| {
            response.is_empty() || response.split("[,]").all(|id| ids.contains(&id))
        };
        let pattern = s
            .pointer("/object/definition/correctResponsesPattern")
            .and_then(Value::as_array);
        need(
            pattern.is_some_and(|p| p.iter().all(|r| r.as_str().is_some_and(known))),
            "correct responses are choice ids",
        );
        need(
            str_at("/result/response").is_some_and(known),
            "the response is choice ids",
        );
    }
    if let Some(score) = s.pointer("/result/score") {
        let n = |key: &str| score[key].as_f64();
        need(
            n("scaled").is_some_and(|x| (-1.0..=1.0).contains(&x)),
            "scaled in [-1, 1]",
        );
        need(
            matches!((n("min"), n("raw"), n("max")), (Some(min), Some(raw), Some(max)) if min <= raw && raw <= max && min < max),
            "min <= raw <= max",
        );
        let scaled = n("scaled").unwrap_or(-2.0);
        let expected = n("raw").unwrap_or(0.0) / n("max").unwrap_or(1.0);
        need((scaled - expected).abs() < 0.00005, "scaled = raw / max");
    }
    if let Some(duration) = str_at("/result/duration") {
        need(is_duration(duration), "duration is ISO 8601");
    }
    need(
        str_at("/context/registration").is_some_and(xapi::is_uuid),
        "registration is a UUID",
    );
    need(
        str_at("/timestamp").is_some_and(is_timestamp),
        "timestamp is ISO 8601 UTC",
    );
    for key in s.as_object().map(|o| o.keys()).into_iter().flatten() {
        need(
            [
                "id",
                "actor",
                "verb",
                "object",
                "result",
                "context",
                "timestamp",
            ]
            .contains(&key.as_str()),
            &format!("no `{key}`: stored, authority and version are the LRS's"),
        );
    }
    problems
}

fn is_iri(text: &str) -> bool {
    url::Url::parse(text).is_ok_and(|u| u.has_host()) && !text.contains(' ')
}

fn is_language_map(value: &Value) -> bool {
    value.as_object().is_some_and(|map| {
        !map.is_empty()
            && map.iter().all(|(tag, text)| {
                text.is_string()
                    && tag.split('-').all(|p| {
                        (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric())
                    })
            })
    })
}

/// `YYYY-MM-DDTHH:MM:SS.sssZ`, a real date and time.
fn is_timestamp(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 24
        && cyberdrill::date::Date::parse(&text[..10]).is_some()
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && b[19] == b'.'
        && b[23] == b'Z'
        && [11, 12, 14, 15, 17, 18, 20, 21, 22]
            .iter()
            .all(|&i| b[i].is_ascii_digit())
        && text[11..13] < *"24"
        && text[14..16] < *"60"
        && text[17..19] < *"60"
}

/// `PT[nH][nM]n[.nn]S`.
fn is_duration(text: &str) -> bool {
    let Some(mut rest) = text.strip_prefix("PT") else {
        return false;
    };
    for unit in ['H', 'M'] {
        if let Some((n, after)) = rest.split_once(unit) {
            if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
                return false;
            }
            rest = after;
        }
    }
    let Some(seconds) = rest.strip_suffix('S') else {
        return false;
    };
    let (whole, frac) = seconds.split_once('.').unwrap_or((seconds, "0"));
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && (1..=2).contains(&frac.len())
        && frac.bytes().all(|b| b.is_ascii_digit())
}

#[test]
fn every_statement_follows_the_xapi_rules_checked_natively() {
    let mut all = statements("a1b2c3", START);
    // A drill with no credit to earn, finished in over an hour.
    all.push(attempt("x", START).completed(&Score::default(), START + 3_725_010));
    for statement in &all {
        let json = parse(statement);
        assert_eq!(problems(&json), Vec::<String>::new(), "{json:#}");
        assert_eq!(json["id"], statement.id.as_str());
        assert!(
            statement
                .statement
                .starts_with(&format!("{{\"id\":\"{}\",", statement.id))
        );
        assert_eq!(json["verb"]["id"], statement.verb.iri());
    }
    // The checker sees what is wrong.
    let mut wrong = parse(&all[0]);
    wrong["id"] = "not-a-uuid".into();
    wrong["timestamp"] = "2026-12-03 09:30:00".into();
    wrong["actor"]["mbox"] = "mailto:nurse@example.nhs.uk".into();
    assert_eq!(
        problems(&wrong),
        [
            "id is a UUID",
            "no mbox or name: the learner is pseudonymous",
            "timestamp is ISO 8601 UTC"
        ]
    );
}

#[test]
fn statements_say_what_the_learner_did() {
    let all: Vec<Value> = statements("a1b2c3", START).iter().map(parse).collect();
    let verbs: Vec<&str> = all
        .iter()
        .map(|s| s["verb"]["display"]["en-US"].as_str().unwrap())
        .collect();
    assert_eq!(
        verbs,
        [
            "initialized",
            "answered",
            "answered",
            "answered",
            "answered",
            "completed"
        ]
    );
    let drill = format!("{CONTENT}phishing/xapi-fixture");
    assert_eq!(all[0]["object"]["id"], drill.as_str());
    assert_eq!(all[0]["object"]["definition"]["type"], xapi::ASSESSMENT);
    assert_eq!(
        all[0]["object"]["definition"]["name"]["en-GB"],
        "The invoice that was not from Supplies"
    );
    assert_eq!(all[0]["timestamp"], "2026-12-03T09:30:00.250Z");
    // Each answer: its question, how it was answered, right or not, under its drill.
    let answers: Vec<_> = all[1..5]
        .iter()
        .map(|s| {
            (
                s["object"]["id"]
                    .as_str()
                    .unwrap()
                    .rsplit_once('#')
                    .unwrap()
                    .1
                    .to_owned(),
                s["result"]["response"].as_str().unwrap().to_owned(),
                s["object"]["definition"]["correctResponsesPattern"][0]
                    .as_str()
                    .unwrap()
                    .to_owned(),
                s["result"]["success"].as_bool().unwrap(),
            )
        })
        .collect();
    let owned =
        |(q, r, c, s): (&str, &str, &str, bool)| (q.to_owned(), r.to_owned(), c.to_owned(), s);
    assert_eq!(
        answers,
        [
            owned(("red-flags", "1[,]5", "1[,]3[,]5", false)),
            owned(("genuine", "", "", true)),
            owned(("next-step", "1", "1", true)),
            owned(("report", "0[,]2", "0[,]1", false)),
        ]
    );
    for answer in &all[1..5] {
        assert_eq!(answer["object"]["definition"]["type"], xapi::INTERACTION);
        assert_eq!(
            answer["context"]["contextActivities"]["parent"][0]["id"],
            drill.as_str()
        );
        assert_eq!(
            answer["context"]["registration"],
            all[0]["context"]["registration"]
        );
    }
    assert_eq!(
        all[5]["result"],
        serde_json::json!({
            "score": { "scaled": 0.5, "raw": 3, "min": 0, "max": 6 },
            "success": false,
            "completion": true,
            "duration": "PT1M35.37S",
        })
    );
    assert_eq!(
        all[5]["context"]["contextActivities"]["grouping"][0]["id"],
        format!("{CONTENT}?topic=phishing").as_str()
    );
}

#[test]
fn ids_are_the_same_for_the_same_attempt_and_differ_for_any_other() {
    let ids = |learner, started| -> Vec<String> {
        statements(learner, started)
            .into_iter()
            .map(|s| s.id)
            .collect()
    };
    let first = ids("a1b2c3", START);
    assert_eq!(
        first,
        ids("a1b2c3", START),
        "a resend is the same statements"
    );
    let mut every: Vec<String> = first.clone();
    every.extend(ids("a1b2c3", START + 1));
    every.extend(ids("d4e5f6", START));
    let other_home = Attempt::new(
        Reporter::new("https://other.example.nhs.uk/", Some("a1b2c3"), CONTENT).unwrap(),
        info(&drill()),
        START,
    );
    every.push(other_home.initialized().id);
    let registrations = [
        attempt("a1b2c3", START).registration().to_owned(),
        attempt("a1b2c3", START + 1).registration().to_owned(),
        other_home.registration().to_owned(),
    ];
    every.extend(registrations.iter().cloned());
    let count = every.len();
    every.sort();
    every.dedup();
    assert_eq!(
        every.len(),
        count,
        "every statement and attempt has an id of its own"
    );
    assert_eq!(
        attempt("a1b2c3", START).registration(),
        attempt("a1b2c3", START).registration()
    );
}

#[test]
fn ids_are_version_8_uuids_of_the_rfc_4122_variant() {
    for statement in statements("a1b2c3", START) {
        let id = &statement.id;
        assert!(xapi::is_uuid(id), "{id}");
        assert_eq!(&id[14..15], "8", "version 8: {id}");
        assert!("89ab".contains(&id[19..20]), "variant 10xx: {id}");
        let parsed = uuid_fields(id);
        assert_eq!(parsed.0, 8);
        assert_eq!(parsed.1, 0b10);
    }
    for (text, ok) in [
        ("65671d13-9c7a-4e9b-a1c5-382fd7273e87", true),
        ("65671D13-9C7A-4E9B-A1C5-382FD7273E87", false),
        ("65671d139c7a4e9ba1c5382fd7273e87", false),
        ("65671d13-9c7a-4e9b-a1c5-382fd7273e8", false),
        ("65671d13-9c7a-4e9b-a1c5_382fd7273e87", false),
        ("g5671d13-9c7a-4e9b-a1c5-382fd7273e87", false),
    ] {
        assert_eq!(xapi::is_uuid(text), ok, "{text}");
    }
}

/// The version and variant bits of a UUID, read as RFC 9562 lays them out.
fn uuid_fields(id: &str) -> (u8, u8) {
    let hex: String = id.chars().filter(|c| *c != '-').collect();
    let byte = |i: usize| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap();
    (byte(6) >> 4, byte(8) >> 6)
}

#[test]
fn times_durations_and_scores_are_written_as_xapi_reads_them() {
    for (ms, text) in [
        (0, "1970-01-01T00:00:00.000Z"),
        (START, "2026-12-03T09:30:00.250Z"),
        (951_782_399_999, "2000-02-28T23:59:59.999Z"),
        (951_782_400_000, "2000-02-29T00:00:00.000Z"),
    ] {
        assert_eq!(xapi::timestamp(ms), text);
        assert!(is_timestamp(text));
    }
    for (ms, text) in [
        (0, "PT0S"),
        (9, "PT0S"),
        (10, "PT0.01S"),
        (1_500, "PT1.5S"),
        (60_000, "PT1M0S"),
        (95_370, "PT1M35.37S"),
        (3_725_010, "PT1H2M5.01S"),
        (-5, "PT0S"),
    ] {
        assert_eq!(xapi::duration(ms), text);
        assert!(is_duration(text), "{text}");
    }
    let scaled = |points, out_of| {
        let score = Score {
            points,
            out_of,
            correct: 0,
            questions: 1,
        };
        parse(&attempt("x", START).completed(&score, START))["result"]["score"]["scaled"]
            .to_string()
    };
    assert_eq!(scaled(0, 3), "0");
    assert_eq!(scaled(1, 3), "0.3333");
    assert_eq!(scaled(2, 3), "0.6667");
    assert_eq!(scaled(3, 4), "0.75");
    assert_eq!(scaled(4, 4), "1");
    assert_eq!(scaled(9, 4), "1", "never more than the whole");
    assert!(xapi::passed(&Score {
        points: 4,
        out_of: 5,
        correct: 0,
        questions: 1
    }));
    assert!(!xapi::passed(&Score {
        points: 3,
        out_of: 4,
        correct: 0,
        questions: 1
    }));
}

#[test]
fn reporting_stays_off_without_a_learner_or_with_settings_that_are_not_urls() {
    let off = |home: &str, learner: Option<&str>, content: &str| {
        Reporter::new(home, learner, content).unwrap_err()
    };
    assert_eq!(
        off(HOME, None, CONTENT),
        "reporting is off: the page gives no `learner` value"
    );
    assert_eq!(
        off(HOME, Some("  "), CONTENT),
        "reporting is off: the page gives no `learner` value"
    );
    assert_eq!(
        off(HOME, Some(&"x".repeat(201)), CONTENT),
        "reporting is off: the `learner` value is over 200 bytes"
    );
    assert_eq!(
        off("intranet", Some("a"), CONTENT),
        "reporting is off: the home page `intranet` is not an absolute http(s) URL"
    );
    assert_eq!(
        off(HOME, Some("a"), "/content/"),
        "reporting is off: the content `/content/` is not an absolute http(s) URL"
    );
    off(HOME, Some("a"), "javascript:alert(1)//");
    off(HOME, Some("a"), "https:///path");
    // A base without its slash gets one, so ids are the same either way.
    let bare = Reporter::new(HOME, Some("a"), CONTENT.trim_end_matches('/')).unwrap();
    assert_eq!(bare, reporter("a"));
    assert_eq!(
        bare.question_activity("phishing/x", "q"),
        format!("{CONTENT}phishing/x#q")
    );
}

/// A statement of `verb` whose id is a UUID made from `n`, padded to about `bytes`.
fn fake(verb: Verb, n: usize) -> Statement {
    let id = format!("00000000-0000-8000-8000-{n:012x}");
    let statement = format!("{{\"id\":\"{id}\",\"verb\":\"{}\"}}", verb.name());
    Statement {
        id,
        verb,
        statement,
        suspect: false,
    }
}

fn verbs(outbox: &Outbox) -> Vec<(Verb, usize)> {
    outbox
        .pending
        .iter()
        .map(|s| (s.verb, usize::from_str_radix(&s.id[24..], 16).unwrap()))
        .collect()
}

#[test]
fn a_full_outbox_keeps_completions_before_starts_before_answers() {
    let mut outbox = Outbox::default();
    // Full: one completion, one start, the rest answers.
    assert_eq!(outbox.push(fake(Verb::Completed, 0), 0), Pushed::Queued);
    assert_eq!(outbox.push(fake(Verb::Initialized, 1), 0), Pushed::Queued);
    for n in 2..MAX_STATEMENTS {
        assert_eq!(outbox.push(fake(Verb::Answered, n), 0), Pushed::Queued);
    }
    assert_eq!(
        outbox.push(fake(Verb::Answered, 2), 0),
        Pushed::Known,
        "the same id is the same statement"
    );
    // A new answer makes room by dropping the oldest answer...
    let next = MAX_STATEMENTS;
    assert_eq!(
        outbox.push(fake(Verb::Answered, next), 0),
        Pushed::Dropped(vec![fake(Verb::Answered, 2).id])
    );
    // ...and so does a completion.
    assert_eq!(
        outbox.push(fake(Verb::Completed, next + 1), 0),
        Pushed::Dropped(vec![fake(Verb::Answered, 3).id])
    );
    assert_eq!(outbox.pending.len(), MAX_STATEMENTS);
    assert_eq!(outbox.dropped, 2);
    // Only completions and starts left: a new answer is not taken, a start drops the oldest start.
    let mut outbox = Outbox::default();
    outbox.push(fake(Verb::Initialized, 0), 0);
    for n in 1..MAX_STATEMENTS {
        outbox.push(fake(Verb::Completed, n), 0);
    }
    assert_eq!(outbox.push(fake(Verb::Answered, 900), 0), Pushed::Full);
    assert_eq!(
        outbox.push(fake(Verb::Initialized, 901), 0),
        Pushed::Dropped(vec![fake(Verb::Initialized, 0).id])
    );
    assert_eq!(
        outbox.push(fake(Verb::Initialized, 902), 0),
        Pushed::Dropped(vec![fake(Verb::Initialized, 901).id]),
        "of equals, the older goes"
    );
    assert_eq!(
        outbox.push(fake(Verb::Completed, 903), 0),
        Pushed::Dropped(vec![fake(Verb::Initialized, 902).id])
    );
    assert_eq!(
        outbox.push(fake(Verb::Completed, 904), 0),
        Pushed::Dropped(vec![fake(Verb::Completed, 1).id]),
        "of equals, the oldest goes"
    );
    assert!(verbs(&outbox).iter().all(|(v, _)| *v == Verb::Completed));
    assert_eq!(outbox.dropped, 5);
}

#[test]
fn the_outbox_holds_at_most_its_bytes_and_sets_aside_a_statement_too_large() {
    let mut outbox = Outbox::default();
    let big = |verb, n| {
        let mut s = fake(verb, n);
        s.statement = format!(
            "{}{}}}",
            &s.statement[..s.statement.len() - 1],
            " ".repeat(4000)
        );
        s
    };
    let mut n = 0;
    while outbox.bytes() + 4100 <= MAX_BYTES {
        assert_eq!(outbox.push(big(Verb::Answered, n), 0), Pushed::Queued);
        n += 1;
    }
    assert!(matches!(outbox.push(big(Verb::Completed, n), 0), Pushed::Dropped(d) if d.len() == 1));
    assert!(outbox.bytes() <= MAX_BYTES);
    let mut huge = fake(Verb::Completed, 1_000_000);
    huge.statement = format!(
        "{}{}}}",
        &huge.statement[..huge.statement.len() - 1],
        " ".repeat(5000)
    );
    assert_eq!(outbox.push(huge.clone(), 7), Pushed::TooLarge);
    let rejected = outbox.rejected.last().unwrap();
    assert_eq!((rejected.id.as_str(), rejected.at), (huge.id.as_str(), 7));
    let reason = format!(
        "the statement is {} bytes, over the limit of 4096",
        huge.statement.len()
    );
    assert_eq!(rejected.reason, reason);
    assert!(rejected.statement.is_empty());
}

#[test]
fn batches_go_in_order_within_their_limits_and_a_suspect_goes_alone() {
    let mut outbox = Outbox::default();
    assert_eq!(outbox.take_batch(0), None);
    for n in 0..120 {
        outbox.push(fake(Verb::Answered, n), 0);
    }
    let batch = outbox.take_batch(0).unwrap();
    assert_eq!(batch.ids.len(), BATCH_STATEMENTS);
    let body: Value = serde_json::from_str(&batch.body).expect("the body is a JSON array");
    let ids: Vec<&str> = body
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, batch.ids);
    assert_eq!(batch.ids[0], fake(Verb::Answered, 0).id);
    // Accepted: gone; the next batch follows on.
    outbox.settle(&batch.ids, &Response::Accepted, 10, 0);
    assert_eq!(outbox.pending.len(), 70);
    assert_eq!(
        outbox.take_batch(10).unwrap().ids[0],
        fake(Verb::Answered, 50).id
    );
    // Refused whole: each of its statements is sent alone until the one at fault is found.
    let batch = outbox.take_batch(10).unwrap();
    outbox.settle(
        &batch.ids,
        &Response::Refused("HTTP 400: bad".into()),
        11,
        0,
    );
    assert_eq!(outbox.pending.len(), 70);
    let single = outbox.take_batch(11).unwrap();
    assert_eq!(single.ids, [fake(Verb::Answered, 50).id]);
    outbox.settle(&single.ids, &Response::Accepted, 12, 0);
    let single = outbox.take_batch(12).unwrap();
    assert_eq!(single.ids, [fake(Verb::Answered, 51).id]);
    outbox.settle(
        &single.ids,
        &Response::Refused("HTTP 400: bad".into()),
        13,
        0,
    );
    assert_eq!(outbox.rejected.len(), 1);
    assert_eq!(outbox.rejected[0].reason, "HTTP 400: bad");
    assert_eq!(outbox.pending.len(), 68);
    // After the suspects (52 to 99), a batch again.
    for n in 52..100 {
        let single = outbox.take_batch(14).unwrap();
        assert_eq!(single.ids, [fake(Verb::Answered, n).id]);
        outbox.settle(&single.ids, &Response::Accepted, 14, 0);
    }
    assert_eq!(outbox.take_batch(14).unwrap().ids.len(), 20);
    // The rejected list keeps the newest only.
    for n in 0..MAX_REJECTED + 5 {
        let s = fake(Verb::Completed, 5000 + n);
        outbox.push(s.clone(), 0);
        outbox.settle(
            std::slice::from_ref(&s.id),
            &Response::Refused(format!("{n}")),
            15,
            0,
        );
    }
    assert_eq!(outbox.rejected.len(), MAX_REJECTED);
    assert_eq!(
        outbox.rejected.last().unwrap().reason,
        format!("{}", MAX_REJECTED + 4)
    );
}

#[test]
fn retries_back_off_exponentially_to_a_cap_and_a_wake_sends_at_once() {
    // Jitter picks a point in the upper half of each delay.
    let table: Vec<(u32, i64, i64)> = (0..12)
        .map(|f| {
            (
                f,
                xapi::next_attempt_at(f, 1000, 0) - 1000,
                xapi::next_attempt_at(f, 1000, 1000) - 1000,
            )
        })
        .collect();
    assert_eq!(
        table,
        [
            (0, 0, 0),
            (1, 2_500, 5_000),
            (2, 5_000, 10_000),
            (3, 10_000, 20_000),
            (4, 20_000, 40_000),
            (5, 40_000, 80_000),
            (6, 80_000, 160_000),
            (7, 160_000, 320_000),
            (8, 320_000, 640_000),
            (9, 450_000, 900_000),
            (10, 450_000, 900_000),
            (11, 450_000, 900_000),
        ]
    );
    assert_eq!(BACKOFF_BASE_MS, 5_000);
    assert_eq!(xapi::next_attempt_at(u32::MAX, 0, u32::MAX), BACKOFF_CAP_MS);
    assert_eq!(xapi::next_attempt_at(3, 0, 500), 15_000);
    let mut outbox = Outbox::default();
    outbox.push(fake(Verb::Completed, 1), 0);
    let ids = outbox.take_batch(0).unwrap().ids;
    outbox.settle(&ids, &Response::Retry, 100, 1000);
    outbox.settle(&ids, &Response::Retry, 200, 1000);
    assert_eq!((outbox.failures, outbox.next), (2, 200 + 10_000));
    assert_eq!(outbox.take_batch(200 + 9_999), None);
    assert!(outbox.take_batch(200 + 10_000).is_some());
    outbox.settle(&ids, &Response::Misconfigured("HTTP 401".into()), 300, 0);
    assert_eq!((outbox.failures, outbox.next), (3, 300 + BACKOFF_CAP_MS));
    outbox.wake();
    assert!(outbox.take_batch(301).is_some());
    outbox.settle(&ids, &Response::Accepted, 400, 0);
    assert_eq!((outbox.failures, outbox.pending.len()), (0, 0));
}

#[test]
fn an_lrs_answer_is_accepted_retried_a_setup_problem_or_a_refusal() {
    use Response::*;
    let table = [
        (Some(200), "", Accepted),
        (Some(204), "", Accepted),
        (Some(409), "already exists", Accepted),
        (None, "", Retry),
        (Some(408), "", Retry),
        (Some(429), "slow down", Retry),
        (Some(500), "", Retry),
        (Some(502), "<html>Bad gateway</html>", Retry),
        (Some(503), "", Retry),
        (Some(401), "", Misconfigured("HTTP 401".into())),
        (
            Some(403),
            " forbidden \n",
            Misconfigured("HTTP 403: forbidden".into()),
        ),
        (Some(404), "", Misconfigured("HTTP 404".into())),
        (Some(405), "", Misconfigured("HTTP 405".into())),
        (Some(302), "", Misconfigured("HTTP 302".into())),
        (
            Some(400),
            "{\"detail\":\"actor: field required\"}",
            Refused("HTTP 400: {\"detail\":\"actor: field required\"}".into()),
        ),
        (Some(413), "", Refused("HTTP 413".into())),
        (Some(422), "", Refused("HTTP 422".into())),
    ];
    for (status, body, expected) in table {
        assert_eq!(xapi::classify(status, body), expected, "{status:?}");
    }
    // The detail is cut to 300 bytes, on a character boundary.
    let Refused(detail) = xapi::classify(Some(400), &"é".repeat(400)) else {
        panic!()
    };
    assert_eq!(detail.len(), "HTTP 400: ".len() + 300);
}

#[test]
fn outbox_keys_are_namespaced_per_endpoint() {
    let key = xapi::outbox_key("https://intranet.example.nhs.uk/lrs/");
    assert!(key.starts_with("cyberdrill:v1:outbox:"), "{key}");
    assert_ne!(
        key,
        xapi::outbox_key("https://intranet.example.nhs.uk/other-lrs/")
    );
    assert!(!cyberdrill::progress::Keys::new(None).owns(&key));
}

fn real_outbox(started: i64, learners: &[&str]) -> Outbox {
    let mut outbox = Outbox::default();
    for learner in learners {
        for statement in statements(learner, started) {
            outbox.push(statement, started);
        }
    }
    outbox
}

#[test]
fn the_stored_outbox_reads_back_record_by_record() {
    let mut outbox = real_outbox(START, &["a1b2c3"]);
    outbox.failures = 2;
    outbox.next = START + 10_000;
    outbox.reject(&outbox.pending[1].id.clone(), "HTTP 400: no".into(), START);
    let text = outbox.to_json();
    assert_eq!(
        text,
        serde_json::to_string(&outbox).unwrap(),
        "written as serde_json writes it"
    );
    assert_eq!(
        xapi::read_outbox(Some(&text)),
        Read::Current(outbox.clone())
    );
    assert_eq!(xapi::read_outbox(None), Read::Missing);
    let cases = [
        (
            "not json",
            "unreadable: not JSON: expected a value at byte 0",
        ),
        ("[]", "unreadable: wrong shape: expected an object"),
        ("{\"pending\":[]}", "unreadable: no schema version"),
        (
            "{\"schema\":0,\"pending\":[]}",
            "unreadable: no schema version",
        ),
        (
            "{\"schema\":1}",
            "unreadable: wrong shape: field `pending`: expected an array",
        ),
        ("{\"schema\":2,\"pending\":\"whatever\"}", "newer: 2"),
        (
            "{\"schema\":1,\"pending\":[],\"failures\":\"x\",\"next\":-1}",
            "current: 0 pending, failures 0, next -1",
        ),
    ];
    for (text, expected) in cases {
        let read = match xapi::read_outbox(Some(text)) {
            Read::Unreadable(reason) => format!("unreadable: {reason}"),
            Read::Newer(schema, _) => format!("newer: {schema}"),
            Read::Current(o) => format!(
                "current: {} pending, failures {}, next {}",
                o.pending.len(),
                o.failures,
                o.next
            ),
            other => format!("{other:?}"),
        };
        assert_eq!(read, expected, "{text}");
    }
}

/// Ways a stored statement can be damaged.
fn damage(item: &mut Value, how: u8) {
    match how % 7 {
        0 => *item = Value::String("garbage".into()),
        1 => {
            item.as_object_mut().unwrap().remove("statement");
        }
        2 => item["id"] = "not-a-uuid".into(),
        3 => item["verb"] = "experienced".into(),
        4 => item["statement"] = "{\"id\":\"00000000-0000-8000-8000-000000000000\",\"x\":1}".into(),
        5 => {
            item["statement"] = Value::String(format!(
                "{{\"id\":\"{}\",{}}}",
                item["id"].as_str().unwrap(),
                " ".repeat(4100)
            ))
        }
        _ => item["suspect"] = 1.into(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Any outbox of real statements round-trips through its stored JSON exactly.
    #[test]
    fn the_outbox_round_trips(
        starts in proptest::collection::vec(0i64..4_102_444_800_000, 1..4),
        failures in 0u32..20,
        next in 0i64..4_102_444_800_000,
        rejects in proptest::collection::vec(any::<prop::sample::Index>(), 0..3),
    ) {
        let mut outbox = Outbox::default();
        for (i, start) in starts.iter().enumerate() {
            for statement in statements(&format!("learner-{i}"), *start) {
                outbox.push(statement, *start);
            }
        }
        for index in rejects {
            let id = index.get(&outbox.pending).id.clone();
            outbox.reject(&id, "HTTP 400: \"quoted\"\n".into(), next);
        }
        outbox.failures = failures;
        outbox.next = next;
        let text = outbox.to_json();
        prop_assert_eq!(&text, &serde_json::to_string(&outbox).unwrap());
        prop_assert_eq!(xapi::read_outbox(Some(&text)), Read::Current(outbox));
    }

    /// Any one damaged statement is set aside alone: every other is kept, in order.
    #[test]
    fn a_damaged_statement_is_set_aside_alone(
        start in 0i64..4_102_444_800_000,
        index in any::<prop::sample::Index>(),
        how in any::<u8>(),
    ) {
        let outbox = real_outbox(start, &["a", "b"]);
        let mut stored: Value = serde_json::from_str(&outbox.to_json()).unwrap();
        let pending = stored["pending"].as_array_mut().unwrap();
        let at = index.index(pending.len());
        damage(&mut pending[at], how);
        let damaged = pending[at].clone();
        let text = serde_json::to_string(&stored).unwrap();
        let mut kept = outbox.clone();
        kept.pending.remove(at);
        match xapi::read_outbox(Some(&text)) {
            Read::SetAside(read, aside) => {
                prop_assert_eq!(read, kept);
                let aside: Value = serde_json::from_str(&aside).unwrap();
                prop_assert_eq!(aside, Value::Array(vec![damaged]));
            }
            other => prop_assert!(false, "expected one set aside, got {:?}", other),
        }
    }
}

#[test]
fn a_second_statement_with_the_same_id_is_set_aside() {
    let outbox = real_outbox(START, &["a"]);
    let mut stored: Value = serde_json::from_str(&outbox.to_json()).unwrap();
    let first = stored["pending"][0].clone();
    stored["pending"]
        .as_array_mut()
        .unwrap()
        .push(first.clone());
    let text = serde_json::to_string(&stored).unwrap();
    let Read::SetAside(read, aside) = xapi::read_outbox(Some(&text)) else {
        panic!()
    };
    assert_eq!(read, outbox);
    assert_eq!(
        serde_json::from_str::<Value>(&aside).unwrap(),
        Value::Array(vec![first])
    );
}

// Statements from stored progress (`xapi::gather`): what the reporting module makes of the
// drill in progress and the history, each statement once, with the ids an `Attempt` gives.

mod gathering {
    use cyberdrill::progress::{self, History, Session};
    use cyberdrill::xapi::{Found, Journal, gather, read_journal};

    use super::*;

    const LEARNER: &str = "cyberdrill:v1:learner-key:";

    fn found(drill: &Drill) -> Found {
        Found {
            info: info(drill),
            drill: drill.clone(),
        }
    }

    fn ids(statements: &[Statement]) -> Vec<String> {
        statements.iter().map(|s| s.id.clone()).collect()
    }

    fn answers() -> Vec<Answer> {
        vec![
            Answer::Parts(vec![5, 1]),
            Answer::Parts(vec![]),
            Answer::Choices(vec![1]),
            Answer::Choices(vec![0, 2]),
        ]
    }

    /// The attempt at the fixture drill started at `started`, finished at `at`, every question
    /// answered as `answers()`.
    fn finished(started: i64, at: i64) -> (Session, History) {
        let drill = drill();
        let mut session = Session::start(&drill.id, "3f2a9c1d", started);
        let mut marks = Vec::new();
        for (q, a) in drill.questions.iter().zip(answers()) {
            marks.push(score::mark(q, &a));
            session.answer(&q.id, a, at);
        }
        let mut history = History::default();
        history.record(progress::Attempt {
            drill: drill.id.clone(),
            at,
            score: Score::of(marks),
            answers: session.answers.clone(),
            hash: session.hash.clone(),
            variant: String::new(),
        });
        (session, history)
    }

    #[test]
    fn a_drill_seen_in_progress_is_reported_answer_by_answer_then_completed_once() {
        let drill = drill();
        let find = |id: &str, _: &str, _: &str| (id == drill.id).then(|| found(&drill));
        let mut journal = Journal::default();
        let reporter = reporter("a1b2c3");
        let expected = ids(&statements("a1b2c3", START));
        let mut session = Session::start(&drill.id, "3f2a9c1d", START);
        let mut made = Vec::new();
        // Reporting runs before the drill starts, then after each Check.
        let none = gather(
            &mut journal,
            &reporter,
            LEARNER,
            &[],
            &History::default(),
            START - 1,
            &find,
        );
        assert!(none.is_empty());
        for (i, (q, a)) in drill.questions.iter().zip(answers()).enumerate() {
            let at = START + 20_000 * (i as i64 + 1);
            session.answer(&q.id, a, at);
            let now = gather(
                &mut journal,
                &reporter,
                LEARNER,
                &[session.clone()],
                &History::default(),
                at,
                &find,
            );
            assert_eq!(
                now.len(),
                if i == 0 { 2 } else { 1 },
                "the start with the first answer, then one answer each"
            );
            made.extend(now);
        }
        // The summary: the session is gone, the attempt is in the history.
        let (_, history) = finished(START, START + 95_370);
        made.extend(gather(
            &mut journal,
            &reporter,
            LEARNER,
            &[],
            &history,
            START + 95_370,
            &find,
        ));
        assert_eq!(
            ids(&made),
            expected,
            "the ids an attempt started at the session's start gives"
        );
        assert_eq!(made.last().map(|s| s.verb), Some(Verb::Completed));
        // Nothing twice, however often reporting runs.
        assert!(
            gather(
                &mut journal,
                &reporter,
                LEARNER,
                &[],
                &history,
                START + 99_000,
                &find
            )
            .is_empty()
        );
        assert!(
            journal.open.is_empty(),
            "the finished drill is no longer in progress"
        );
        assert_eq!(journal.done.len(), 1);
    }

    #[test]
    fn a_drill_finished_before_reporting_saw_it_is_reported_whole_once() {
        let drill = drill();
        let find = |_: &str, _: &str, _: &str| Some(found(&drill));
        let reporter = reporter("a1b2c3");
        // Reporting first ran while the drill was in progress, then the page closed before it
        // saw any answer; the next load finds the drill finished.
        let mut journal = Journal::default();
        let started = Session::start(&drill.id, "3f2a9c1d", START);
        let first = gather(
            &mut journal,
            &reporter,
            LEARNER,
            &[started],
            &History::default(),
            START,
            &find,
        );
        assert_eq!(
            first.iter().map(|s| s.verb).collect::<Vec<_>>(),
            [Verb::Initialized]
        );
        let (_, history) = finished(START, START + 95_370);
        let rest = gather(
            &mut journal,
            &reporter,
            LEARNER,
            &[],
            &history,
            START + 200_000,
            &find,
        );
        let all: Vec<Statement> = first.into_iter().chain(rest).collect();
        assert_eq!(ids(&all), ids(&statements("a1b2c3", START)));
        // Never seen in progress at all: reported whole, its finish standing for its start.
        let mut journal = Journal {
            since: vec![xapi::Since {
                learner: LEARNER.to_owned(),
                at: START - 1,
            }],
            ..Journal::default()
        };
        let whole = gather(
            &mut journal,
            &reporter,
            LEARNER,
            &[],
            &history,
            START + 200_000,
            &find,
        );
        let verbs: Vec<Verb> = whole.iter().map(|s| s.verb).collect();
        assert_eq!(
            verbs,
            [
                Verb::Initialized,
                Verb::Answered,
                Verb::Answered,
                Verb::Answered,
                Verb::Answered,
                Verb::Completed
            ]
        );
        assert_eq!(
            ids(&whole),
            ids(&statements("a1b2c3", START + 95_370)),
            "ids of an attempt started when it finished"
        );
        assert!(
            gather(
                &mut journal,
                &reporter,
                LEARNER,
                &[],
                &history,
                START + 300_000,
                &find
            )
            .is_empty()
        );
    }

    #[test]
    fn drills_finished_before_reporting_began_are_not_reported_and_unknown_drills_wait() {
        let drill = drill();
        let reporter = reporter("a1b2c3");
        let (_, history) = finished(START, START + 95_370);
        let mut journal = Journal::default();
        let find = |_: &str, _: &str, _: &str| Some(found(&drill));
        assert!(
            gather(
                &mut journal,
                &reporter,
                LEARNER,
                &[],
                &history,
                START + 100_000,
                &find
            )
            .is_empty()
        );
        // A drill whose text cannot be found now is left for later, not forgotten.
        let mut journal = Journal::default();
        let session = Session::start(&drill.id, "3f2a9c1d", START);
        let nothing = |_: &str, _: &str, _: &str| None;
        assert!(
            gather(
                &mut journal,
                &reporter,
                LEARNER,
                std::slice::from_ref(&session),
                &History::default(),
                START,
                &nothing
            )
            .is_empty()
        );
        let later = gather(
            &mut journal,
            &reporter,
            LEARNER,
            &[session],
            &History::default(),
            START + 1,
            &find,
        );
        assert_eq!(later.len(), 1);
    }

    #[test]
    fn a_drill_started_before_reporting_began_and_first_saved_after_is_reported_from_its_start() {
        // The widget stores a session at its first Check, not at Start: reporting that first
        // runs between the two finds nothing in progress, and the session it finds next began
        // before it did.
        let drill = drill();
        let reporter = reporter("a1b2c3");
        let find = |_: &str, _: &str, _: &str| Some(found(&drill));
        let mut journal = Journal::default();
        let began = START + 1_000;
        assert!(
            gather(
                &mut journal,
                &reporter,
                LEARNER,
                &[],
                &History::default(),
                began,
                &find
            )
            .is_empty()
        );
        let mut session = Session::start(&drill.id, "3f2a9c1d", START);
        session.answer(&drill.questions[0].id, answers().remove(0), began + 5_000);
        let made = gather(
            &mut journal,
            &reporter,
            LEARNER,
            std::slice::from_ref(&session),
            &History::default(),
            began + 6_000,
            &find,
        );
        assert_eq!(
            made.iter().map(|s| s.verb).collect::<Vec<_>>(),
            [Verb::Initialized, Verb::Answered]
        );
        assert_eq!(
            ids(&made),
            ids(&statements("a1b2c3", START)[..2]),
            "the attempt's identity is its start, as if reporting had seen it begin"
        );
    }

    #[test]
    fn the_journal_reads_back_and_forgets_what_cannot_come_back() {
        let drill = drill();
        let find = |_: &str, _: &str, _: &str| Some(found(&drill));
        let mut journal = Journal::default();
        let (_, history) = finished(START, START + 95_370);
        let session = Session::start(&drill.id, "3f2a9c1d", START);
        gather(
            &mut journal,
            &reporter("a1b2c3"),
            LEARNER,
            &[session],
            &History::default(),
            START,
            &find,
        );
        gather(
            &mut journal,
            &reporter("a1b2c3"),
            LEARNER,
            &[],
            &history,
            START + 100_000,
            &find,
        );
        let text = journal.to_json();
        assert_eq!(
            text,
            serde_json::to_string(&journal).unwrap(),
            "written as serde_json would"
        );
        assert!(matches!(read_journal(Some(&text)), Read::Current(j) if j == journal));
        assert!(matches!(
            read_journal(Some("{not json")),
            Read::Unreadable(_)
        ));
        assert!(matches!(
            read_journal(Some(r#"{"schema":9,"since":[],"open":[],"done":[]}"#)),
            Read::Newer(9, None)
        ));
        assert!(matches!(read_journal(None), Read::Missing));
        // 90 days on, the finished drill is forgotten: it is past the history's horizon too.
        let later = START + (xapi::JOURNAL_DAYS + 1) * 86_400_000;
        assert!(
            gather(
                &mut journal,
                &reporter("a1b2c3"),
                LEARNER,
                &[],
                &history,
                later,
                &find
            )
            .is_empty()
        );
        assert!(journal.done.is_empty());
    }
}
