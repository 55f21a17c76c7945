//! A learner's progress records: what is stored, under which keys, how it is read back
//! (validated, migrated, or refused), merged and exported.
//!
//! Nothing here touches storage; `web::storage` moves these strings in and out of
//! localStorage. Every record carries a schema version; a record from a newer widget is read
//! but never written over.
//!
//! A history stays small: when its JSON would pass [`BUDGET`], [`History::compact`] folds the
//! oldest attempts at each drill into that drill's [`Summary`] (how many, since when, and the
//! FSRS memory after them), keeping in full every attempt that "My progress" can still count.
//! The scheduler, "My progress" and merging read a summary as the attempts it stands for.

use std::cmp::Reverse;

use serde::{Deserialize, Serialize};

use crate::catalog::{Catalog, content_hash};
use crate::date::{DAY_MS, Date};
use crate::json::{self, Bits, FromJson, Object, ObjectWriter, ToJson, Value};
use crate::lesson::limits;
use crate::schedule::{self, Memory};
use crate::score::{Answer, Score};
use crate::sort;

/// The schema version this crate writes.
pub const SCHEMA: u32 = 3;

/// The most JSON one learner's history may take in storage, in bytes (drill ids are ASCII, so
/// also in characters, which is what browsers count against an origin's quota of about 5 MB).
///
/// 64 KB is 1.3 % of that quota, which the intranet's other apps share, so a ward computer
/// used by twenty learners under their own ids keeps them all in a quarter of it. It holds
/// about 300 attempts in full (some 210 bytes each over the starter drills, with their
/// answers) besides a summary of each drill (some 170 bytes), so a learner doing a drill a day
/// keeps ten months in full before anything is folded, and a merge (say, an import from
/// another computer) is exact for everything in that time. Five or fifty years of daily
/// drills over the starter library fit (`tests/it/progress.rs`).
pub const BUDGET: usize = 64 * 1024;

/// "My progress" counts the days with a drill in the last this many days, so attempts that
/// recent are never folded into a summary.
pub const ACTIVE_DAYS: i32 = 28;

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
    /// Keys for the `learner` the host page passed, hashed (SHA-256, as content is) so that
    /// whatever the page uses as an id never appears in storage; `None` is the device's shared
    /// default profile. The hash keeps people apart; it hides nothing from anyone who can guess
    /// ids (docs/embedding.md, Security). Keys from before SHA-256 are [`Keys::legacy`].
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

    /// Whether `key` holds this learner's progress: one of their keys, or a value of theirs
    /// set aside in the quarantine ([`quarantine_key`]). Clearing removes exactly these.
    pub fn owns(&self, key: &str) -> bool {
        key.starts_with(&self.prefix()) || self.set_aside(key)
    }

    /// Whether `key` holds a value of this learner's that could not be read and was set aside.
    pub fn set_aside(&self, key: &str) -> bool {
        let rest = key
            .strip_prefix(NAMESPACE)
            .and_then(|k| k.strip_prefix("quarantine:"));
        let rest = rest.and_then(|r| r.split_once(':')).map(|(_, rest)| rest);
        rest.and_then(|r| r.strip_prefix(&self.profile))
            .is_some_and(|r| r.starts_with(':'))
    }

    /// The keys `learner` had before learner ids were hashed with SHA-256: `learner-` and the
    /// id's FNV-1a hash ([`crate::digest::fnv1a`]). What is found under them is moved to the
    /// current keys when the learner's store opens ([`Keys::moved`], [`reconcile`]). `None` for
    /// the device's shared profile, whose keys never changed.
    pub fn legacy(learner: Option<&str>) -> Option<Keys> {
        let learner = learner.map(str::trim).filter(|l| !l.is_empty())?;
        let profile = format!("learner-{}", crate::digest::fnv1a(learner.as_bytes()));
        Some(Keys { profile })
    }

    /// Where `key`, one of `old`'s (its record or a value of its set aside), belongs among
    /// these keys: the same record or quarantine entry under this profile. `None` for a key
    /// `old` does not own.
    pub fn moved(&self, old: &Keys, key: &str) -> Option<String> {
        if let Some(rest) = key.strip_prefix(&old.prefix()) {
            return Some(format!("{}{rest}", self.prefix()));
        }
        if !old.set_aside(key) {
            return None;
        }
        let rest = key.strip_prefix(NAMESPACE)?.strip_prefix("quarantine:")?;
        let (at, rest) = rest.split_once(':')?;
        let rest = rest.strip_prefix(&old.profile)?;
        Some(format!("{NAMESPACE}quarantine:{at}:{}{rest}", self.profile))
    }

    /// Where a value found under `key`, one of these keys, is set aside when it cannot join
    /// what is there already: the quarantine ([`quarantine_key`]) for a record, and for a value
    /// already set aside its own key with `:now` added, so it stays this learner's.
    pub fn set_aside_as(&self, key: &str, now: i64) -> String {
        if self.set_aside(key) {
            format!("{key}:{now}")
        } else {
            quarantine_key(key, now)
        }
    }
}

/// Where the drill fetched from `url` (its full URL) is kept for offline use: content is not
/// personal, so shared by learners, but never by two URLs, so a drill of the same id from
/// another content origin can neither replace nor stand in for this one.
pub fn drill_cache_key(url: &str) -> String {
    format!("{NAMESPACE}cache:drill:{}", content_hash(url.as_bytes()))
}

/// Where the catalog fetched from `content` (a base URL) is kept for offline use.
pub fn catalog_cache_key(content: &str) -> String {
    format!(
        "{NAMESPACE}cache:catalog:{}",
        content_hash(content.as_bytes())
    )
}

/// What to do when a learner's record is found under both an old key and its new one
/// ([`Keys::moved`]), decided by [`reconcile`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Moved {
    /// Write this under the new key; remove the old.
    Write(String),
    /// Keep the new key's value; the old one is superseded (an older drill in progress).
    Superseded,
    /// Keep the new key's value; move the old one to the quarantine, where the learner is told
    /// of it and clearing removes it: neither could be merged without risk (one unreadable, or
    /// from a newer widget, or a key this widget does not know).
    SetAside,
}

/// Reconciles `old`, found under a learner's old `key`, with `new`, already under the new key,
/// at `now`. Histories merge (a union, as between tabs, compacted to [`BUDGET`]); of two
/// drills in progress the one answered last stands. Nothing newer is ever written over: a
/// record that is unreadable or from a newer widget on either side is left where the widget
/// reads it (the new key) or set aside (the old), never merged.
pub fn reconcile(key: &str, old: &str, new: &str, now: i64) -> Moved {
    if key.ends_with(":history") {
        let both = readable(read_history(Some(old))).zip(readable(read_history(Some(new))));
        if let Some((old, mut new)) = both {
            new.merge(&old);
            new.schema = SCHEMA;
            new.compact(now, BUDGET);
            return Moved::Write(to_json(&new));
        }
    // A window scan, not str::contains: a substring search links a searcher the widget needs
    // nowhere else (policy::origin, likewise).
    } else if key.as_bytes().windows(9).any(|w| w == b":session:") {
        let both = readable(read_session(Some(old))).zip(readable(read_session(Some(new))));
        if let Some((old_session, new_session)) = both {
            return if old_session.updated > new_session.updated {
                Moved::Write(old.to_owned())
            } else {
                Moved::Superseded
            };
        }
    }
    Moved::SetAside
}

/// A record that read whole: current, or brought forward from an older schema.
fn readable<T>(read: Read<T>) -> Option<T> {
    match read {
        Read::Current(record) | Read::Migrated(record) => Some(record),
        _ => None,
    }
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
    /// empty when not known (schema 1), 16 hex digits (FNV-1a) if recorded before content
    /// hashes were SHA-256 (64). Kept as recorded, never rewritten.
    #[serde(default)]
    pub hash: String,
    /// The variant taken, for a drill with variants ([`crate::lesson::Variant`]); empty
    /// otherwise.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub variant: String,
}

/// The attempts at one drill up to [`Summary::last`], folded into what the scheduler and
/// "My progress" read of them. It stands for every attempt at the drill until then.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// The drill's id.
    pub drill: String,
    /// How many attempts it stands for.
    pub count: u32,
    /// When the first of them was finished, Unix milliseconds.
    pub first: i64,
    /// When the last of them was finished: the [`Memory::last`] of the FSRS memory after them.
    pub last: i64,
    /// That memory's due time.
    pub due: i64,
    /// That memory's stability, kept exactly (so replaying on from here is replaying from the
    /// start) and stored as hex digits that any JSON tool keeps as they are.
    pub stability: Bits,
    /// That memory's difficulty, kept and stored the same way.
    pub difficulty: Bits,
}

impl Summary {
    /// The FSRS memory after the attempts it stands for.
    pub fn memory(&self) -> Memory {
        Memory {
            stability: self.stability.get(),
            difficulty: self.difficulty.get(),
            last: self.last,
            due: self.due,
        }
    }

    /// `summary` (`None` before the first) with `attempt`, a later one, folded in.
    fn fold(summary: Option<&Summary>, attempt: &Attempt) -> Summary {
        let m = schedule::review(
            summary.map(Summary::memory),
            attempt.at,
            schedule::rating(&attempt.score),
        );
        Summary {
            drill: attempt.drill.clone(),
            count: summary.map_or(0, |s| s.count).saturating_add(1),
            first: summary.map_or(attempt.at, |s| s.first),
            last: m.last,
            due: m.due,
            stability: Bits::of(m.stability),
            difficulty: Bits::of(m.difficulty),
        }
    }

    /// Whether it stands for `attempt`: an attempt at its drill, made no later than its last.
    fn stands_for(&self, attempt: &Attempt) -> bool {
        self.drill == attempt.drill && attempt.at <= self.last
    }

    /// Of two summaries of one drill, which a merge keeps: the one that goes further (it stands
    /// for the other's attempts too), then an arbitrary but fixed order, so merging commutes.
    fn key(&self) -> (i64, u32, Reverse<i64>, i64, Bits, Bits) {
        (
            self.last,
            self.count,
            Reverse(self.first),
            self.due,
            self.stability,
            self.difficulty,
        )
    }
}

/// Every drill a learner finished: recent attempts in full, older ones folded per drill into
/// summaries. Merging is a union that never counts a result twice nor loses one it can tell
/// apart (see [`History::merge`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct History {
    /// Schema version.
    pub schema: u32,
    /// Attempts, oldest first; each later than its drill's summary.
    pub attempts: Vec<Attempt>,
    /// Older attempts, folded: at most one summary per drill, by drill id (absent before
    /// schema 3).
    #[serde(default)]
    pub summaries: Vec<Summary>,
}

impl Default for History {
    fn default() -> Self {
        History {
            schema: SCHEMA,
            attempts: Vec::new(),
            summaries: Vec::new(),
        }
    }
}

impl History {
    /// Adds the results of `other` that this history lacks. An attempt is the same when it is
    /// the same drill finished at the same millisecond; a summary stands for every attempt at
    /// its drill up to its `last`, so of two summaries of a drill the one that goes further is
    /// kept, and an attempt it already stands for is not added again. Histories that share
    /// their past (tabs, widgets, an export brought back) therefore merge exactly. The one
    /// thing a summary cannot tell is whether an attempt made elsewhere before its `last` is
    /// among those it folded: such an attempt is taken as folded, never counted twice. It
    /// happens only for an attempt that another computer kept in full for longer than this
    /// one, past this history's budget.
    pub fn merge(&mut self, other: &History) {
        for theirs in &other.summaries {
            match self.summaries.iter_mut().find(|s| s.drill == theirs.drill) {
                Some(mine) if theirs.key() > mine.key() => *mine = theirs.clone(),
                Some(_) => {}
                None => self.summaries.push(theirs.clone()),
            }
        }
        sort::sort_by(&mut self.summaries, |a, b| a.drill.cmp(&b.drill));
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
        if !self.summaries.is_empty() {
            let summaries = &self.summaries;
            self.attempts
                .retain(|a| summaries.iter().all(|s| !s.stands_for(a)));
        }
    }

    /// Whether `other` holds a result this history neither holds nor stands for in a summary:
    /// whether [`History::merge`] would add anything.
    pub fn lacks(&self, other: &History) -> bool {
        let summed = |a: &Attempt| self.summaries.iter().any(|s| s.stands_for(a));
        let held = |a: &Attempt| {
            self.attempts
                .iter()
                .any(|b| b.drill == a.drill && b.at == a.at)
        };
        other.attempts.iter().any(|a| !summed(a) && !held(a))
            || other.summaries.iter().any(|theirs| {
                !self
                    .summaries
                    .iter()
                    .any(|s| s.drill == theirs.drill && s.key() >= theirs.key())
            })
    }

    /// Folds the oldest attempts into their drills' summaries until the history's JSON takes
    /// at most `budget` bytes (or nothing more may be folded), at time `now`. Only attempts on
    /// days that "My progress" can no longer count ([`ACTIVE_DAYS`]) are folded, oldest
    /// first, so every drill's due date, [`overview`] at `now` or later, [`History::count`]
    /// and [`History::last_drill`] are the same after as before. Folding again changes nothing.
    /// Returns whether anything was folded (whether the history is worth writing back).
    pub fn compact(&mut self, now: i64, budget: usize) -> bool {
        let mut size = self.to_json().len();
        if size <= budget {
            return false;
        }
        sort::sort_by(&mut self.attempts, |a, b| {
            (a.at, &a.drill).cmp(&(b.at, &b.drill))
        });
        let newest = Date::from_unix_ms(now).days().saturating_sub(ACTIVE_DAYS);
        let len = |record: &dyn ToJson| {
            let mut out = String::new();
            record.write_json(&mut out);
            out.len()
        };
        let mut cut = 0;
        for attempt in &self.attempts {
            if size <= budget || Date::from_unix_ms(attempt.at).days() > newest {
                break;
            }
            // The attempt leaves the array (with a comma unless it was the only one)...
            let left = self.attempts.len() - cut;
            size = size.saturating_sub(len(attempt) + usize::from(left > 1));
            cut += 1;
            // ...and its drill's summary grows, or arrives (with a comma unless it is first).
            let found = self.summaries.iter().position(|s| s.drill == attempt.drill);
            let folded = Summary::fold(found.map(|i| &self.summaries[i]), attempt);
            size += len(&folded);
            match found {
                Some(i) => {
                    size = size.saturating_sub(len(&self.summaries[i]));
                    self.summaries[i] = folded;
                }
                None => {
                    size += usize::from(!self.summaries.is_empty());
                    self.summaries.push(folded);
                }
            }
        }
        self.attempts.drain(..cut);
        sort::sort_by(&mut self.summaries, |a, b| a.drill.cmp(&b.drill));
        cut > 0
    }

    /// Records a finished drill.
    pub fn record(&mut self, attempt: Attempt) {
        self.merge(&History {
            attempts: vec![attempt],
            ..History::default()
        });
    }

    /// The attempts at one drill kept in full, oldest first (older ones are in its summary).
    pub fn of<'h>(&'h self, drill: &'h str) -> impl Iterator<Item = &'h Attempt> {
        self.attempts.iter().filter(move |a| a.drill == drill)
    }

    /// The summary of one drill's older attempts, if any were folded.
    pub fn summary(&self, drill: &str) -> Option<&Summary> {
        self.summaries.iter().find(|s| s.drill == drill)
    }

    /// How many drills were finished, folded or not.
    pub fn count(&self) -> usize {
        self.summaries
            .iter()
            .map(|s| s.count as usize)
            .sum::<usize>()
            + self.attempts.len()
    }

    /// The drill finished most recently.
    pub fn last_drill(&self) -> Option<&str> {
        let attempts = self.attempts.iter().map(|a| (a.at, a.drill.as_str()));
        let summaries = self.summaries.iter().map(|s| (s.last, s.drill.as_str()));
        attempts.chain(summaries).max().map(|(_, drill)| drill)
    }
}

/// A drill in progress: enough to resume it after a reload.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// Schema version.
    pub schema: u32,
    /// The drill's id.
    pub drill: String,
    /// Content hash of the drill's Markdown the answers refer to (the catalog's `source`):
    /// SHA-256, or FNV-1a if saved before content hashes were SHA-256 ([`Session::refers_to`]).
    pub hash: String,
    /// When it was started, Unix milliseconds; also the seed its choices are shuffled by
    /// ([`Session::seed`]).
    pub started: i64,
    /// When an answer was last checked.
    pub updated: i64,
    /// Checked answers, by question id, in question order.
    pub answers: Vec<(String, Answer)>,
    /// The variant being taken, for a drill with variants; empty otherwise.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub variant: String,
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
            variant: String::new(),
        }
    }

    /// The seed the turn's choices are shuffled by ([`crate::offer::order`]): the millisecond
    /// it started, which the session keeps, so Resume shows the choices in the same order and
    /// every turn has its own. The widget's clock is its randomness; the core has none.
    pub fn seed(&self) -> u32 {
        (self.started ^ (self.started >> 32)) as u32
    }

    /// Records a checked answer (replacing an earlier one to the same question).
    pub fn answer(&mut self, question: &str, answer: Answer, now: i64) {
        self.answers.retain(|(q, _)| q != question);
        self.answers.push((question.to_owned(), answer));
        self.updated = now;
    }

    /// Whether its answers refer to the drill whose Markdown has the content hash `source` (the
    /// catalog's): the same hash ([`crate::catalog::same_source`]: a catalog's shortened one
    /// matches the full one a session saved before), or one in the FNV-1a form of widgets before content hashes
    /// were SHA-256 ([`crate::digest::is_fnv`]). The catalog carries only the SHA-256 now, so
    /// such a session cannot be checked against it and is taken as the drill's, as a schema 1
    /// attempt's empty hash is: a learner mid-drill when the widget was upgraded can Resume.
    /// This leniency ends by itself: a session is offered for a week at most
    /// ([`SESSION_LIFETIME_MS`]), and every session saved since is SHA-256.
    pub fn refers_to(&self, source: &str) -> bool {
        crate::catalog::same_source(&self.hash, source) || crate::digest::is_fnv(&self.hash)
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
    /// A record (current, or brought forward) with parts that did not read, each set aside
    /// alone so the rest is kept: use it and write it back, and move those parts (the JSON
    /// array in the string) to the quarantine.
    SetAside(T, String),
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
    Ok,
    // 2 → 3: a history may fold its older attempts into per-drill `summaries`, to stay under
    // `BUDGET`. Schema 2 histories have none; `summaries` defaults to empty, so there is
    // nothing to rewrite (`web::storage` compacts them as it writes them back, at the time).
    Ok,
];

/// One step forward: the stored JSON in, the next schema's JSON (or why not) out.
type Migration = fn(Value) -> Result<Value, String>;

/// Just the schema version of a stored record, read before anything else: `None` when the
/// value is JSON but has no usable `schema`.
fn schema_of(value: &Value) -> Option<u32> {
    Object::of(value).ok()?.get("schema").ok()
}

/// A stored record: read and checked, and knows its schema field.
trait Record: Sized {
    /// Reads the record from `value`, moving parts it can do without that do not read (a
    /// history's attempts and summaries, one by one) to `aside`; an error when the record
    /// itself does not read.
    fn decode(value: &Value, aside: &mut Vec<Value>) -> Result<Self, String>;
    fn set_schema(&mut self, schema: u32);
}

fn wrong_shape(e: String) -> String {
    format!("wrong shape: {e}")
}

/// The array under `key`.
fn items<'v>(o: &Object<'v>, key: &str) -> Result<&'v [Value], String> {
    match o.member(key) {
        Some(Value::Array(items)) => Ok(items),
        _ => Err(wrong_shape(format!("field `{key}`: expected an array"))),
    }
}

/// The array under `key`, or none when it is missing (a record older than the field).
fn items_if_any<'v>(o: &Object<'v>, key: &str) -> Result<&'v [Value], String> {
    match o.member(key) {
        None | Some(Value::Null) => Ok(&[]),
        Some(_) => items(o, key),
    }
}

impl Record for History {
    fn decode(value: &Value, aside: &mut Vec<Value>) -> Result<Self, String> {
        let o = Object::of(value).map_err(wrong_shape)?;
        let mut history = History {
            schema: o.get("schema").map_err(wrong_shape)?,
            ..History::default()
        };
        let (attempts, summaries) = (items(&o, "attempts")?, items_if_any(&o, "summaries")?);
        for item in summaries {
            match Summary::from_json(item) {
                Ok(s) if history.summary(&s.drill).is_none() && s.is_sound() => {
                    history.summaries.push(s);
                }
                _ => aside.push(item.clone()),
            }
        }
        for item in attempts {
            match Attempt::from_json(item) {
                Ok(a)
                    if valid_attempt(&a.drill, a.at, &a.answers).is_ok()
                        && a.variant.len() <= limits::ID_BYTES
                        && history.summary(&a.drill).is_none_or(|s| !s.stands_for(&a)) =>
                {
                    history.attempts.push(a);
                }
                _ => aside.push(item.clone()),
            }
        }
        Ok(history)
    }

    fn set_schema(&mut self, schema: u32) {
        self.schema = schema;
    }
}

impl Summary {
    /// Whether it could be what folding attempts makes.
    fn is_sound(&self) -> bool {
        let m = self.memory();
        valid_attempt(&self.drill, self.first, &[]).is_ok()
            && self.count > 0
            && self.first <= self.last
            && self.last < self.due
            && m.stability > 0.0
            && m.stability.is_finite()
            && (1.0..=10.0).contains(&m.difficulty)
    }
}

impl Record for Session {
    fn decode(value: &Value, _: &mut Vec<Value>) -> Result<Self, String> {
        let session = Session::from_json(value).map_err(wrong_shape)?;
        valid_attempt(&session.drill, session.updated, &session.answers)?;
        limits::within(
            "variant id",
            session.variant.len(),
            "bytes",
            limits::ID_BYTES,
        )?;
        Ok(session)
    }

    fn set_schema(&mut self, schema: u32) {
        self.schema = schema;
    }
}

/// Whether a record of `drill` at `at` with `answers` is one a drill the widget runs could
/// leave: within the [`limits`] that `Drill::from_json` holds a drill to.
fn valid_attempt(drill: &str, at: i64, answers: &[(String, Answer)]) -> Result<(), String> {
    if drill.is_empty() {
        return Err("drill id is empty".to_owned());
    }
    limits::within("drill id", drill.len(), "bytes", limits::ID_BYTES)?;
    if at < 0 {
        return Err(format!("time {at} is before 1970"));
    }
    limits::within("record", answers.len(), "answers", limits::QUESTIONS)?;
    for (question, _) in answers {
        limits::within("question id", question.len(), "bytes", limits::ID_BYTES)?;
    }
    Ok(())
}

/// A parsed record: its schema found, brought forward when older, and read as a `T` (the
/// part before `T::from_json` is shared by every record type, compiled once).
fn read_value<T: Record>(value: Value) -> Read<T> {
    let mut aside = Vec::new();
    match migrate(value) {
        Err(reason) => Read::Unreadable(reason),
        Ok((newer, value)) if newer > SCHEMA => {
            Read::Newer(newer, T::decode(&value, &mut aside).ok())
        }
        Ok((schema, value)) => match T::decode(&value, &mut aside) {
            Err(reason) => Read::Unreadable(reason),
            Ok(mut record) => {
                record.set_schema(SCHEMA);
                if !aside.is_empty() {
                    Read::SetAside(record, Value::Array(aside).to_json())
                } else if schema == SCHEMA {
                    Read::Current(record)
                } else {
                    Read::Migrated(record)
                }
            }
        },
    }
}

/// The record's schema, and the record brought forward to [`SCHEMA`] if it was older.
fn migrate(value: Value) -> Result<(u32, Value), String> {
    let schema = schema_of(&value).ok_or("no schema version")?;
    if schema == 0 {
        return Err("schema 0 was never written".to_owned());
    }
    let mut value = value;
    for step in MIGRATIONS.iter().skip(schema as usize - 1) {
        value = step(value).map_err(|e| format!("cannot migrate from schema {schema}: {e}"))?;
    }
    Ok((schema, value))
}

fn read<T: Record>(text: Option<&str>) -> Read<T> {
    let Some(text) = text else {
        return Read::Missing;
    };
    match json::parse(text) {
        Ok(value) => read_value(value),
        Err(e) => Read::Unreadable(format!("not JSON: {e}")),
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

/// The largest file [`import`] reads, in bytes: sixteen times the [`BUDGET`] a history is
/// kept to, room for a history exported before there was one, and years of daily drills.
pub const IMPORT_BYTES: usize = 1024 * 1024;

/// The most results (attempts and summaries) a file [`import`] reads may hold: as many real
/// ones (some 210 bytes each) as fit in [`IMPORT_BYTES`], and fourteen years of daily drills.
pub const IMPORT_RESULTS: usize = 5_000;

/// Why a file was not imported, as [`crate::overview::not_imported`] tells the learner (and
/// `Display` says in English).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refused {
    /// Over [`IMPORT_BYTES`].
    TooLarge,
    /// Over [`IMPORT_RESULTS`]: this many.
    TooMany(usize),
    /// Not an export file at all.
    Stranger,
    /// Results dated after the day it is imported.
    Future,
    /// Written by a newer widget.
    Newer,
    /// An export file that does not read.
    Damaged,
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::overview::refused(
            &crate::words::Words::english(),
            self,
        ))
    }
}

/// Refuses a file of `bytes` over [`IMPORT_BYTES`], so the widget can refuse it by its size
/// before reading it into memory; the error is shown to the learner.
pub fn import_size(bytes: usize) -> Result<(), Refused> {
    if bytes > IMPORT_BYTES {
        return Err(Refused::TooLarge);
    }
    Ok(())
}

/// Reads an export file, of any schema up to this widget's, at `now`: the history in it
/// (brought forward if older), or why it is not one (shown to the learner). A file over
/// [`IMPORT_BYTES`] or [`IMPORT_RESULTS`] is refused before it is read, and one with results
/// dated more than a day after `now` (from a computer whose clock was wrong) is refused whole:
/// such results would never fold, and would stand as the newest for good.
pub fn import(text: &str, now: i64) -> Result<History, Refused> {
    import_size(text.len())?;
    let stranger = || Refused::Stranger;
    let value = json::parse(text).map_err(|_| stranger())?;
    let Value::Object(members) = value else {
        return Err(stranger());
    };
    let mut format = None;
    let mut history = None;
    for (key, value) in members {
        match key.as_str() {
            "format" => format = Some(value),
            "history" => history = Some(value),
            _ => {}
        }
    }
    if format != Some(Value::Str(EXPORT_FORMAT.to_owned())) {
        return Err(stranger());
    }
    let results = history
        .as_ref()
        .and_then(|h| Object::of(h).ok())
        .map_or(0, |o| {
            let count = |key| items_if_any(&o, key).map_or(0, <[Value]>::len);
            count("attempts") + count("summaries")
        });
    if results > IMPORT_RESULTS {
        return Err(Refused::TooMany(results));
    }
    match history.map(read_value::<History>) {
        Some(Read::Current(history) | Read::Migrated(history) | Read::SetAside(history, _)) => {
            let latest = now.saturating_add(DAY_MS);
            let attempts = history.attempts.iter().map(|a| a.at);
            if attempts
                .chain(history.summaries.iter().map(|s| s.last))
                .any(|at| at > latest)
            {
                return Err(Refused::Future);
            }
            Ok(history)
        }
        Some(Read::Newer(..)) => Err(Refused::Newer),
        _ => Err(Refused::Damaged),
    }
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
    /// Days with a finished drill in the last four weeks ([`ACTIVE_DAYS`]).
    pub active_days: usize,
}

/// Sums up `history` against `catalog` at `now`.
pub fn overview(history: &History, catalog: &Catalog, now: i64) -> Overview {
    fn distinct<T: Ord>(mut items: Vec<T>) -> Vec<T> {
        sort::sort_dedup(&mut items);
        items
    }
    let attempts = history.attempts.iter().map(|a| a.drill.as_str());
    let done = distinct(
        (history.summaries.iter().map(|s| s.drill.as_str()))
            .chain(attempts)
            .collect(),
    );
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
            .filter(|d| *d <= today && d.days() > today.days().saturating_sub(ACTIVE_DAYS))
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

json::wire! {
    FromJson, ToJson for Attempt { drill, at, score, answers, hash: default, variant: sparse }
}
json::wire! { FromJson, ToJson for Summary { drill, count, first, last, due, stability, difficulty } }
json::wire! { FromJson, ToJson for History { schema, attempts, summaries: default } }
json::wire! {
    FromJson, ToJson for Session {
        schema, drill, hash, started, updated, answers, variant: sparse,
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
            variant: String::new(),
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
    fn a_learner_owns_their_keys_and_their_values_set_aside_only() {
        let (device, nurse) = (Keys::new(None), Keys::new(Some("nurse")));
        let aside = quarantine_key(&device.history(), 7);
        assert!(device.owns(&device.history()) && device.owns(&device.session("a/b")));
        assert!(device.owns(&aside) && device.set_aside(&aside));
        assert!(!device.set_aside(&device.history()));
        assert!(!nurse.owns(&aside) && !nurse.set_aside(&aside));
        assert!(nurse.owns(&quarantine_key(&nurse.session("a"), 7)));
        for stranger in [
            drill_cache_key("a"),
            "cyberdrill:v1:quarantine:7:devices:history".to_owned(),
            "cyberdrill:v1:quarantine:device:history".to_owned(),
            "other:device:history".to_owned(),
        ] {
            assert!(!device.owns(&stranger), "{stranger}");
        }
    }

    #[test]
    fn merging_is_a_union_that_never_loses_a_result() {
        let mut mine = History {
            attempts: vec![attempt("a", 1), attempt("b", 3)],
            ..History::default()
        };
        let theirs = History {
            attempts: vec![attempt("a", 1), attempt("c", 2)],
            ..History::default()
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
            attempts: vec![attempt("a", 1)],
            ..History::default()
        };
        assert_eq!(import(&export(&history, 9), 9), Ok(history));
        assert_eq!(
            import("{}", 9).unwrap_err().to_string(),
            "this file is not a cyberdrill progress file"
        );
        assert_eq!(
            import("not json", 9).unwrap_err().to_string(),
            "this file is not a cyberdrill progress file"
        );
    }
}
