//! Where things are stored: a learner's keys from their id (SHA-256, and the FNV-1a keys of
//! widgets before it, moved at open), a drill's offline copy by its full URL, and what happens
//! when a learner's record turns up under both an old key and its new one. Tables of cases.

use cyberdrill::digest::{fnv1a, sha256};
use cyberdrill::progress::{
    self, Attempt, History, Keys, Moved, SCHEMA, Session, drill_cache_key, quarantine_key,
};
use cyberdrill::score::Score;

#[test]
fn learner_keys_are_the_sha256_of_the_id_and_the_old_keys_are_its_fnv1a() {
    for learner in [
        "a1f3c9",
        "  a1f3c9  ",
        "ward7-a1f3",
        "nurse.jones@example.nhs.uk",
        "ü",
    ] {
        let id = learner.trim();
        let keys = Keys::new(Some(learner));
        assert_eq!(
            keys.history(),
            format!("cyberdrill:v1:learner-{}:history", sha256(id.as_bytes()))
        );
        assert!(!keys.history().contains(id), "{learner}");
        let legacy = Keys::legacy(Some(learner)).expect("a learner has old keys");
        assert_eq!(
            legacy.history(),
            format!("cyberdrill:v1:learner-{}:history", fnv1a(id.as_bytes()))
        );
        assert_ne!(legacy, keys);
    }
    // The device's profile never changed: nothing to move.
    for nobody in [None, Some(""), Some("   ")] {
        assert_eq!(Keys::new(nobody).history(), "cyberdrill:v1:device:history");
        assert_eq!(Keys::legacy(nobody), None);
    }
}

#[test]
fn every_old_key_of_a_learner_has_a_new_one_and_no_other_key_does() {
    let (old, new) = (
        Keys::legacy(Some("ward7")).unwrap(),
        Keys::new(Some("ward7")),
    );
    let (o, n) = (old.prefix(), new.prefix());
    let (o, n) = (o.trim_end_matches(':'), n.trim_end_matches(':'));
    let (o, n) = (
        o.strip_prefix("cyberdrill:v1:").unwrap(),
        n.strip_prefix("cyberdrill:v1:").unwrap(),
    );
    let cases: &[(String, Option<String>)] = &[
        (old.history(), Some(new.history())),
        (
            old.session("phishing/lookalike-sender"),
            Some(new.session("phishing/lookalike-sender")),
        ),
        (
            quarantine_key(&old.history(), 5),
            Some(quarantine_key(&new.history(), 5)),
        ),
        (
            quarantine_key(&old.session("a/b"), 9),
            Some(quarantine_key(&new.session("a/b"), 9)),
        ),
        (
            format!("cyberdrill:v1:quarantine:5:{o}:history"),
            Some(format!("cyberdrill:v1:quarantine:5:{n}:history")),
        ),
        // Not this learner's: another's, the device's, content, strangers.
        (Keys::legacy(Some("ward8")).unwrap().history(), None),
        (Keys::new(None).history(), None),
        (quarantine_key(&Keys::new(None).history(), 5), None),
        (new.history(), None),
        (
            drill_cache_key("https://intranet.example/content/a/b.json"),
            None,
        ),
        (format!("cyberdrill:v1:{o}x:history"), None),
        (format!("other:{o}:history"), None),
    ];
    for (key, moved) in cases {
        assert_eq!(new.moved(&old, key).as_ref(), moved.as_ref(), "{key}");
        if let Some(moved) = moved {
            assert!(new.owns(moved) && !old.owns(moved), "{moved}");
        }
    }
    // A value set aside that meets one already there keeps a key of its own, still the learner's.
    let aside = quarantine_key(&new.history(), 5);
    for key in [
        new.set_aside_as(&aside, 7),
        new.set_aside_as(&new.history(), 7),
    ] {
        assert!(new.set_aside(&key), "{key}");
    }
}

#[test]
fn a_drill_is_kept_under_its_full_url() {
    let a = drill_cache_key("https://intranet.example/content/a/b.json");
    assert_eq!(
        a,
        format!(
            "cyberdrill:v1:cache:drill:{}",
            sha256(b"https://intranet.example/content/a/b.json")
        )
    );
    for other in [
        "https://evil.example/content/a/b.json",
        "https://intranet.example/other/a/b.json",
        "a/b",
    ] {
        assert_ne!(drill_cache_key(other), a, "{other}");
    }
}

fn history(ats: &[i64]) -> String {
    let mut history = History::default();
    for &at in ats {
        history.record(Attempt {
            drill: "a/b".to_owned(),
            at,
            score: Score::default(),
            answers: Vec::new(),
            hash: String::new(),
            variant: String::new(),
        });
    }
    history.schema = SCHEMA;
    progress::to_json(&history)
}

fn session(updated: i64) -> String {
    let mut session = Session::start("a/b", &sha256(b"drill"), 1);
    session.updated = updated;
    progress::to_json(&session)
}

#[test]
fn a_record_under_both_keys_is_merged_or_the_newer_kept_never_written_over() {
    let keys = Keys::new(Some("ward7"));
    let (h, s) = (keys.history(), keys.session("a/b"));
    let newer = r#"{"schema":99,"attempts":[]}"#;
    let cases: &[(&str, &str, String, String, Moved)] = &[
        (
            "histories merge",
            &h,
            history(&[1, 2]),
            history(&[3]),
            Moved::Write(history(&[1, 2, 3])),
        ),
        (
            "the same results count once",
            &h,
            history(&[1]),
            history(&[1]),
            Moved::Write(history(&[1])),
        ),
        (
            "an old history, brought forward",
            &h,
            r#"{"schema":2,"attempts":[]}"#.into(),
            history(&[3]),
            Moved::Write(history(&[3])),
        ),
        (
            "a newer widget's history is not merged into",
            &h,
            history(&[1]),
            newer.into(),
            Moved::SetAside,
        ),
        (
            "nor merged from",
            &h,
            newer.into(),
            history(&[1]),
            Moved::SetAside,
        ),
        (
            "an unreadable old history is set aside",
            &h,
            "{not json".into(),
            history(&[1]),
            Moved::SetAside,
        ),
        (
            "an unreadable new one is left for the store",
            &h,
            history(&[1]),
            "{not json".into(),
            Moved::SetAside,
        ),
        (
            "the session answered last stands: the old",
            &s,
            session(9),
            session(5),
            Moved::Write(session(9)),
        ),
        (
            "the session answered last stands: the new",
            &s,
            session(5),
            session(9),
            Moved::Superseded,
        ),
        (
            "a tie keeps the new",
            &s,
            session(5),
            session(5),
            Moved::Superseded,
        ),
        (
            "an unreadable session is set aside",
            &s,
            "[]".into(),
            session(5),
            Moved::SetAside,
        ),
        (
            "a key this widget does not know",
            &format!("{}notes", keys.prefix()),
            "x".into(),
            "y".into(),
            Moved::SetAside,
        ),
    ];
    for (case, key, old, new, moved) in cases {
        assert_eq!(&progress::reconcile(key, old, new, 10), moved, "{case}");
    }
}

#[test]
fn a_session_saved_before_sha256_still_refers_to_its_drill() {
    let source = sha256(b"the drill's markdown");
    let mut session = Session::start("a/b", &source, 1);
    assert!(session.refers_to(&source));
    assert!(!session.refers_to(&sha256(b"another text")));
    // Saved by a widget whose content hashes were FNV-1a: recognised by its form.
    session.hash = fnv1a(b"the drill's markdown");
    assert!(session.refers_to(&source));
    for not_fnv in [
        "",
        "x",
        "0123456789ABCDEF",
        "0123456789abcde",
        "0123456789abcdef0",
    ] {
        session.hash = not_fnv.to_owned();
        assert!(!session.refers_to(&source), "{not_fnv:?}");
    }
}

proptest::proptest! {
    #[test]
    fn sha256_is_rustcryptos(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..300)) {
        use sha2::Digest as _;
        let theirs: String = sha2::Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
        proptest::prop_assert_eq!(sha256(&bytes), theirs);
    }
}
