//! A learner's progress records: what is stored, under which keys, how it is read back
//! (validated, migrated, or refused), merged and exported.
//!
//! Nothing here touches storage; `web::storage` moves these strings in and out of
//! localStorage. Every record carries a schema version; a record from a newer widget is read
//! but never written over.

use serde::{Deserialize, Serialize};

use crate::catalog::{Catalog, content_hash};
use crate::date::{DAY_MS, Date};
use crate::json::{self, FromJson, Object, ObjectWriter, ToJson, Value};
use crate::score::{Answer, Score};
use crate::sort;

/// The schema version this crate writes.
pub const SCHEMA: u32 = 2;

/// A drill left half-done for longer than this is quietly discarded.
pub const SESSION_LIFETIME_MS: i64 = 7 * DAY_MS;

/// Every key starts with this: ours, and versioned as a namespace.
pub const NAMESPACE: &str = "cyberdrill:v1:";

/// The storage keys of one learner (or of the device's default profile).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Keys {
    profile: String,
}

impl Keys {
    /// Keys for the `learner` the host page passed, hashed so that whatever the page uses as an
    /// id never appears in storage; `None` is the device's shared default profile.
    pub fn new(learner: Option<&str>) -> Keys {
        let profile = match learner.map(str::trim).filter(|l| !l.is_empty()) {
            Some(learner) => format!("learner-{}", content_hash(learner.as_bytes())),
            None => "device".to_owned(),
        };
        Keys { profile }
    }

    /// Where the learner's finished drills are kept.
    pub fn history(&self) -> String {
        format!("{NAMESPACE}{}:history", self.profile)
    }

    /// Where a drill in progress is kept.
    pub fn session(&self, drill: &str) -> String {
        format!("{NAMESPACE}{}:session:{drill}", self.profile)
    }

    /// Prefix of all this learner's keys (for clearing them).
    pub fn prefix(&self) -> String {
        format!("{NAMESPACE}{}:", self.profile)
    }
}

/// Where a fetched drill's text is kept for offline use (content is not personal: shared).
pub fn drill_cache_key(id: &str) -> String {
    format!("{NAMESPACE}cache:drill:{id}")
}

/// Where the catalog fetched from `content` (a base URL) is kept for offline use.
pub fn catalog_cache_key(content: &str) -> String {
    format!(
        "{NAMESPACE}cache:catalog:{}",
        content_hash(content.as_bytes())
    )
}

/// Where an unreadable value found under `key` is moved at time `now`.
pub fn quarantine_key(key: &str, now: i64) -> String {
    let rest = key.strip_prefix(NAMESPACE).unwrap_or(key);
    format!("{NAMESPACE}quarantine:{now}:{rest}")
}

/// One finished drill.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attempt {
    /// The drill's id.
    pub drill: String,
    /// When it was finished, Unix milliseconds.
    pub at: i64,
    /// How it went.
    pub score: Score,
    /// The answers, by question id.
    pub answers: Vec<(String, Answer)>,
    /// Content hash of the drill's Markdown the answers refer to (the catalog's `source`);
    /// empty when not known (schema 1).
    #[serde(default)]
    pub hash: String,
}

/// Every drill a learner finished: an append-only log, so merging never loses a result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct History {
    /// Schema version.
    pub schema: u32,
    /// Attempts, oldest first.
    pub attempts: Vec<Attempt>,
}

impl Default for History {
    fn default() -> Self {
        History {
            schema: SCHEMA,
            attempts: Vec::new(),
        }
    }
}

impl History {
    /// Adds the attempts of `other` that this history lacks; an attempt is the same when it is
    /// the same drill finished at the same millisecond. Never drops or replaces one.
    pub fn merge(&mut self, other: &History) {
        let mut known: Vec<(&str, i64)> = self
            .attempts
            .iter()
            .map(|a| (a.drill.as_str(), a.at))
            .collect();
        sort::sort_dedup(&mut known);
        let new: Vec<Attempt> = other
            .attempts
            .iter()
            .filter(|a| known.binary_search(&(a.drill.as_str(), a.at)).is_err())
            .cloned()
            .collect();
        if !new.is_empty() {
            self.attempts.extend(new);
            sort::sort_by(&mut self.attempts, |a, b| {
                (a.at, &a.drill).cmp(&(b.at, &b.drill))
            });
        }
    }

    /// Records a finished drill.
    pub fn record(&mut self, attempt: Attempt) {
        self.merge(&History {
            schema: SCHEMA,
            attempts: vec![attempt],
        });
    }

    /// The attempts at one drill, oldest first.
    pub fn of<'h>(&'h self, drill: &'h str) -> impl Iterator<Item = &'h Attempt> {
        self.attempts.iter().filter(move |a| a.drill == drill)
    }

    /// The most recent attempt at anything.
    pub fn last(&self) -> Option<&Attempt> {
        self.attempts.iter().max_by_key(|a| a.at)
    }
}

/// A drill in progress: enough to resume it after a reload.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// Schema version.
    pub schema: u32,
    /// The drill's id.
    pub drill: String,
    /// Content hash of the drill's Markdown the answers refer to (the catalog's `source`).
    pub hash: String,
    /// When it was started, Unix milliseconds.
    pub started: i64,
    /// When an answer was last checked.
    pub updated: i64,
    /// Checked answers, by question id, in question order.
    pub answers: Vec<(String, Answer)>,
}

impl Session {
    /// A new session for a drill whose text has `hash`.
    pub fn start(drill: &str, hash: &str, now: i64) -> Session {
        Session {
            schema: SCHEMA,
            drill: drill.to_owned(),
            hash: hash.to_owned(),
            started: now,
            updated: now,
            answers: Vec::new(),
        }
    }

    /// Records a checked answer (replacing an earlier one to the same question).
    pub fn answer(&mut self, question: &str, answer: Answer, now: i64) {
        self.answers.retain(|(q, _)| q != question);
        self.answers.push((question.to_owned(), answer));
        self.updated = now;
    }

    /// Whether it was left too long ago to offer resuming it.
    pub fn is_stale(&self, now: i64) -> bool {
        now - self.updated > SESSION_LIFETIME_MS
    }

    /// The answer given to `question`, if any.
    pub fn answer_to(&self, question: &str) -> Option<&Answer> {
        self.answers
            .iter()
            .find(|(q, _)| q == question)
            .map(|(_, a)| a)
    }
}

/// What reading a stored value found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Read<T> {
    /// Nothing stored.
    Missing,
    /// A record in the current schema.
    Current(T),
    /// A record in an older schema, brought forward; write it back in the current one.
    Migrated(T),
    /// A record from a newer widget: used as far as it reads, never written over.
    Newer(u32, Option<T>),
    /// Not a record of ours: move it aside, start clean, say why in the console.
    Unreadable(String),
}

/// How stored records came to be what they are, one schema at a time: `MIGRATIONS[n]` brings
/// a record from schema `n + 1` to `n + 2`, and a record from an older schema passes through
/// every later step before it is read. Each step has a fixture of the old shape under
/// `tests/fixtures/progress/`.
const MIGRATIONS: &[Migration] = &[
    // 1 → 2: each attempt records the content hash of the drill it answered, since the part
    // numbers of a red-flag answer mean something only against that text. Schema 1 attempts
    // have none; `hash` defaults to empty ("not known"), so there is nothing to rewrite.
    |text| Ok(text.to_owned()),
];

/// One step forward: the stored JSON text in, the next schema's JSON text (or why not) out.
type Migration = fn(&str) -> Result<String, String>;

/// Just the schema version of a stored record, read before anything else: `None` when the
/// value is JSON but has no usable `schema`.
fn schema_of(value: &Value) -> Option<u32> {
    Object::of(value).ok()?.get("schema").ok()
}

/// A stored record: checks its own invariants once read, and knows its schema field.
trait Record: FromJson {
    fn validate(&self) -> Result<(), String>;
    fn set_schema(&mut self, schema: u32);
}

impl Record for History {
    fn validate(&self) -> Result<(), String> {
        self.attempts
            .iter()
            .try_for_each(|a| valid_attempt(&a.drill, a.at, &a.answers))
    }

    fn set_schema(&mut self, schema: u32) {
        self.schema = schema;
    }
}

impl Record for Session {
    fn validate(&self) -> Result<(), String> {
        valid_attempt(&self.drill, self.updated, &self.answers)
    }

    fn set_schema(&mut self, schema: u32) {
        self.schema = schema;
    }
}

fn valid_attempt(drill: &str, at: i64, answers: &[(String, Answer)]) -> Result<(), String> {
    if drill.is_empty() || drill.len() > 200 {
        return Err(format!("drill id `{drill}` is not one"));
    }
    if at < 0 {
        return Err(format!("time {at} is before 1970"));
    }
    if answers.len() > 200 {
        return Err(format!(
            "{} answers is more than any drill has",
            answers.len()
        ));
    }
    Ok(())
}

/// Stored text parsed, its schema found, and brought forward when older: the part of reading
/// that every record type shares (compiled once, not once per type).
enum Parsed {
    Current(Value),
    Migrated(Value),
    Newer(u32, Value),
}

fn parse_record(text: &str) -> Result<Parsed, String> {
    let value = json::parse(text).map_err(|e| format!("not JSON: {e}"))?;
    let schema = schema_of(&value).ok_or("no schema version")?;
    match schema {
        0 => Err("schema 0 was never written".to_owned()),
        // Parsed once above; only a migrated record is parsed again, as the text it became.
        SCHEMA => Ok(Parsed::Current(value)),
        newer if newer > SCHEMA => Ok(Parsed::Newer(newer, value)),
        older => {
            let mut text = text.to_owned();
            for step in &MIGRATIONS[older as usize - 1..] {
                text =
                    step(&text).map_err(|e| format!("cannot migrate from schema {older}: {e}"))?;
            }
            let migrated = json::parse(&text).map_err(|e| format!("wrong shape: {e}"))?;
            Ok(Parsed::Migrated(migrated))
        }
    }
}

fn read<T: Record>(text: Option<&str>) -> Read<T> {
    let Some(text) = text else {
        return Read::Missing;
    };
    let decode = |value: &Value| -> Result<T, String> {
        let record = T::from_json(value).map_err(|e| format!("wrong shape: {e}"))?;
        record.validate()?;
        Ok(record)
    };
    match parse_record(text) {
        Err(reason) => Read::Unreadable(reason),
        Ok(Parsed::Current(value)) => decode(&value).map_or_else(Read::Unreadable, Read::Current),
        Ok(Parsed::Newer(schema, value)) => Read::Newer(schema, decode(&value).ok()),
        Ok(Parsed::Migrated(value)) => match decode(&value) {
            Ok(mut record) => {
                record.set_schema(SCHEMA);
                Read::Migrated(record)
            }
            Err(reason) => Read::Unreadable(reason),
        },
    }
}

/// Reads a stored history.
pub fn read_history(text: Option<&str>) -> Read<History> {
    read(text)
}

/// Reads a stored session.
pub fn read_session(text: Option<&str>) -> Read<Session> {
    read(text)
}

/// JSON for storing a record: exactly what serde_json writes for it.
pub fn to_json<T: ToJson>(record: &T) -> String {
    record.to_json()
}

/// What an export file says it is: the file a learner exports to move progress to another
/// computer, `{"format":…,"exported":…,"history":…}`.
const EXPORT_FORMAT: &str = "cyberdrill-progress";

/// The export file's text for `history`, made at `now`.
pub fn export(history: &History, now: i64) -> String {
    let mut out = String::new();
    ObjectWriter::new(&mut out)
        .field("format", &EXPORT_FORMAT)
        .field("exported", &now)
        .field("history", history)
        .end();
    out
}

/// Reads an export file: the history in it, or why it is not one (shown to the learner).
pub fn import(text: &str) -> Result<History, String> {
    let stranger = || "this file is not a cyberdrill progress file".to_owned();
    let damaged = || "this progress file is damaged".to_owned();
    let value = json::parse(text).map_err(|_| stranger())?;
    let file = Object::of(&value).map_err(|_| stranger())?;
    if file.get::<String>("format").ok().as_deref() != Some(EXPORT_FORMAT) {
        return Err(stranger());
    }
    let history = file.member("history").ok_or_else(damaged)?;
    match schema_of(history) {
        Some(SCHEMA) => {}
        Some(newer) if newer > SCHEMA => {
            return Err("this file comes from a newer version of cyberdrill".to_owned());
        }
        _ => return Err(damaged()),
    }
    let history = History::from_json(history).map_err(|_| damaged())?;
    history.validate().map_err(|_| damaged())?;
    Ok(history)
}

/// What the "My progress" view shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Overview {
    /// Distinct drills finished at least once.
    pub completed: usize,
    /// Drills in the catalog.
    pub available: usize,
    /// Topics with at least one finished drill.
    pub topics_covered: usize,
    /// Topics in the catalog.
    pub topics: usize,
    /// Days with a finished drill in the last four weeks.
    pub active_days: usize,
}

/// Sums up `history` against `catalog` at `now`.
pub fn overview(history: &History, catalog: &Catalog, now: i64) -> Overview {
    fn distinct<T: Ord>(mut items: Vec<T>) -> Vec<T> {
        sort::sort_dedup(&mut items);
        items
    }
    let done = distinct(history.attempts.iter().map(|a| a.drill.as_str()).collect());
    let finished: Vec<_> = catalog
        .drills
        .iter()
        .filter(|d| done.binary_search(&d.id.as_str()).is_ok())
        .collect();
    let today = Date::from_unix_ms(now);
    let days = distinct(
        history
            .attempts
            .iter()
            .map(|a| Date::from_unix_ms(a.at))
            .filter(|d| *d <= today && d.days() > today.days() - 28)
            .collect(),
    );
    Overview {
        completed: finished.len(),
        available: catalog.drills.len(),
        topics_covered: distinct(finished.iter().map(|d| d.topic.as_str()).collect()).len(),
        topics: distinct(catalog.drills.iter().map(|d| d.topic.as_str()).collect()).len(),
        active_days: days.len(),
    }
}

impl FromJson for Attempt {
    fn from_json(value: &Value) -> Result<Self, String> {
        let o = Object::of(value)?;
        Ok(Attempt {
            drill: o.get("drill")?,
            at: o.get("at")?,
            score: o.get("score")?,
            answers: o.get("answers")?,
            hash: o.opt("hash")?.unwrap_or_default(),
        })
    }
}

impl ToJson for Attempt {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("drill", &self.drill)
            .field("at", &self.at)
            .field("score", &self.score)
            .field("answers", &self.answers)
            .field("hash", &self.hash)
            .end();
    }
}

impl FromJson for History {
    fn from_json(value: &Value) -> Result<Self, String> {
        let o = Object::of(value)?;
        Ok(History {
            schema: o.get("schema")?,
            attempts: o.get("attempts")?,
        })
    }
}

impl ToJson for History {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("schema", &self.schema)
            .field("attempts", &self.attempts)
            .end();
    }
}

impl FromJson for Session {
    fn from_json(value: &Value) -> Result<Self, String> {
        let o = Object::of(value)?;
        Ok(Session {
            schema: o.get("schema")?,
            drill: o.get("drill")?,
            hash: o.get("hash")?,
            started: o.get("started")?,
            updated: o.get("updated")?,
            answers: o.get("answers")?,
        })
    }
}

impl ToJson for Session {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("schema", &self.schema)
            .field("drill", &self.drill)
            .field("hash", &self.hash)
            .field("started", &self.started)
            .field("updated", &self.updated)
            .field("answers", &self.answers)
            .end();
    }
}

#[cfg(test)]
impl Attempt {
    /// An attempt with no answers and no score, for tests of storing and merging.
    pub(crate) fn blank(drill: &str, at: i64) -> Attempt {
        Attempt {
            drill: drill.to_owned(),
            at,
            score: Score::default(),
            answers: Vec::new(),
            hash: String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attempt(drill: &str, at: i64) -> Attempt {
        Attempt::blank(drill, at)
    }

    #[test]
    fn keys_are_namespaced_and_never_hold_the_learner_id() {
        let keys = Keys::new(Some("nurse.jones@example.nhs.uk"));
        assert!(keys.history().starts_with("cyberdrill:v1:learner-"));
        assert!(!keys.history().contains("jones"));
        assert_eq!(
            Keys::new(None).session("a/b"),
            "cyberdrill:v1:device:session:a/b"
        );
        assert_eq!(Keys::new(Some("  ")), Keys::new(None));
        assert_eq!(
            quarantine_key("cyberdrill:v1:device:history", 5),
            "cyberdrill:v1:quarantine:5:device:history"
        );
    }

    #[test]
    fn merging_is_a_union_that_never_loses_a_result() {
        let mut mine = History {
            schema: SCHEMA,
            attempts: vec![attempt("a", 1), attempt("b", 3)],
        };
        let theirs = History {
            schema: SCHEMA,
            attempts: vec![attempt("a", 1), attempt("c", 2)],
        };
        mine.merge(&theirs);
        let order: Vec<_> = mine
            .attempts
            .iter()
            .map(|a| (a.drill.as_str(), a.at))
            .collect();
        assert_eq!(order, [("a", 1), ("c", 2), ("b", 3)]);
        let before = mine.clone();
        mine.merge(&before);
        assert_eq!(mine, before, "merging is idempotent");
    }

    #[test]
    fn sessions_go_stale_after_seven_days() {
        let mut session = Session::start("a", "h", 0);
        session.answer("q1", Answer::Choices(vec![1]), 10);
        session.answer("q1", Answer::Choices(vec![2]), 20);
        assert_eq!(
            session.answers,
            [("q1".to_owned(), Answer::Choices(vec![2]))]
        );
        assert!(!session.is_stale(20 + SESSION_LIFETIME_MS));
        assert!(session.is_stale(21 + SESSION_LIFETIME_MS));
    }

    #[test]
    fn export_then_import_round_trips_and_refuses_strangers() {
        let history = History {
            schema: SCHEMA,
            attempts: vec![attempt("a", 1)],
        };
        assert_eq!(import(&export(&history, 9)), Ok(history));
        assert_eq!(
            import("{}").unwrap_err(),
            "this file is not a cyberdrill progress file"
        );
        assert_eq!(
            import("not json").unwrap_err(),
            "this file is not a cyberdrill progress file"
        );
    }
}
