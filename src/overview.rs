//! "My progress" as the learner reads it: the figures ([`crate::progress::overview`]) in
//! words, the drills coming up and when, the name of an export file, and what importing one
//! did.

use crate::catalog::{Catalog, Entry};
use crate::date::Date;
use crate::progress::{self, History};
use crate::schedule;
use crate::wording;
use crate::words::{Key, Words};

/// How many drills "Coming up" lists.
pub const COMING_UP: usize = 3;

/// The figures at the top of "My progress".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Figures {
    /// Drills done of those in the catalog: "3 of 14".
    pub done: String,
    /// Topics covered of those in the catalog: "2 of 6".
    pub topics: String,
    /// Days with a drill in the last four weeks.
    pub active_days: usize,
}

/// The figures for `history` against `catalog` at `now`.
pub fn figures(words: &Words, history: &History, catalog: &Catalog, now: i64) -> Figures {
    let o = progress::overview(history, catalog, now);
    let of = |done: usize, all: usize| {
        words.say(
            Key::OutOf,
            &[("done", &done.to_string()), ("all", &all.to_string())],
        )
    };
    Figures {
        done: of(o.completed, o.available),
        topics: of(o.topics_covered, o.topics),
        active_days: o.active_days,
    }
}

/// One line of "Coming up".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ComingUp<'c> {
    /// The drill.
    pub entry: &'c Entry,
    /// When it is due, in words ([`wording::due`]).
    pub due: String,
}

/// The first [`COMING_UP`] drills in the order they will be offered ([`schedule::ranked`],
/// whatever the widget's topic), each with when it is due.
pub fn coming_up<'a>(
    words: &'a Words,
    catalog: &'a Catalog,
    history: &'a History,
    now: i64,
) -> impl Iterator<Item = ComingUp<'a>> {
    schedule::ranked(&catalog.drills, history, now, None)
        .into_iter()
        .take(COMING_UP)
        .map(move |(entry, _)| ComingUp {
            entry,
            due: wording::due(words, history, &entry.id, now),
        })
}

/// The name an export made at `now` is offered under: `cyberdrill-progress-2026-12-03.json`.
pub fn export_name(now: i64) -> String {
    format!("cyberdrill-progress-{}.json", Date::from_unix_ms(now))
}

/// What the learner is told when an import added `added` results.
pub fn imported(words: &Words, added: usize) -> String {
    words.count(Key::Imported, added as i64, &[])
}

/// What the learner is told when a file was refused, and `reason` why ([`progress::import`]).
pub fn not_imported(words: &Words, reason: &progress::Refused) -> String {
    words.say(Key::NotImported, &[("reason", &refused(words, reason))])
}

/// Why a file was refused, in words that start lowercase.
pub fn refused(words: &Words, reason: &progress::Refused) -> String {
    match *reason {
        progress::Refused::TooLarge => words.say(
            Key::TooLarge,
            &[("mb", &(progress::IMPORT_BYTES >> 20).to_string())],
        ),
        progress::Refused::TooMany(n) => words.count(
            Key::TooMany,
            n as i64,
            &[("max", &progress::IMPORT_RESULTS.to_string())],
        ),
        progress::Refused::Stranger => words.text(Key::Stranger).to_owned(),
        progress::Refused::Future => words.text(Key::Future).to_owned(),
        progress::Refused::Newer => words.text(Key::Newer).to_owned(),
        progress::Refused::Damaged => words.text(Key::Damaged).to_owned(),
    }
}
