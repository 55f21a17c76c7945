//! Stored progress read back from fixtures: current records, records from a newer widget,
//! and values that are not ours, each handled as the store promises.

use cyberdrill::progress::{self, History, Read, SCHEMA};

use crate::prelude::*;

fn describe<T: std::fmt::Debug>(read: Read<T>) -> String {
    match read {
        Read::Missing => "missing".to_owned(),
        Read::Current(record) => format!("current: {record:#?}"),
        Read::Migrated(record) => format!("migrated: {record:#?}"),
        Read::Newer(schema, record) => format!("newer schema {schema}, read-only: {record:#?}"),
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
    let text = std::fs::read_to_string(root().join("tests/fixtures/progress/history-v2.json"))
        .expect("fixture");
    let Read::Current(history) = progress::read_history(Some(&text)) else {
        panic!("the v2 fixture reads as current")
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
fn nothing_stored_is_a_fresh_start() {
    assert_eq!(progress::read_history(None), Read::<History>::Missing);
}
