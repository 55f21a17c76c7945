//! localStorage, treated like a database: the only module that touches it (through
//! gloo-storage). Every read is validated by [`crate::progress`]; an unreadable value is moved
//! aside, never overwritten; a record in an older schema or over its budget is written back at
//! once, current and compacted; a record from a newer widget is never written over; when storage
//! is missing, throwing or full, everything carries on in memory and [`Store::saving`] says so.

use std::cell::{Cell, RefCell};
use std::ops::Deref;
use std::rc::Rc;

use gloo_storage::{LocalStorage, Storage as _};

use crate::json::{self, ToJson};
use crate::progress::{self, Attempt, History, Keys, Moved, Read, Session};

/// Whether progress reaches localStorage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Saving {
    /// Saved on this computer.
    Saved,
    /// localStorage is missing, refused or full: progress lasts until the page closes.
    Unavailable,
    /// A newer version of the widget saved this learner's progress: read, not written over.
    Newer,
    /// A preview in the drill studio: nothing stored is read or written.
    Preview,
}

/// A catalog's or compiled drill's text as kept for offline use. Nothing about it is trusted
/// but what is checked: its URL against the one asked for, its text's SHA-256 against the
/// catalog's. (Copies kept by widgets before this, with a `hash` and no `url`, do not read:
/// they are fetched again.)
#[derive(Clone, Debug)]
pub struct CachedDrill {
    /// The URL it was fetched from.
    pub url: String,
    /// The file's text.
    pub text: String,
}

json::wire! { FromJson, ToJson for CachedDrill { url, text } }

/// One learner's store. Values that cannot be saved are kept in memory, so the drill goes on.
/// Cloning shares it.
#[derive(Clone)]
pub struct Store(Rc<Inner>);

/// The state behind a [`Store`], reached through it.
pub struct Inner {
    keys: Keys,
    storage: Option<web_sys::Storage>,
    saving: Cell<Saving>,
    memory: RefCell<Memory>,
    newer: RefCell<Vec<String>>,
    /// The results this page added, written again should another tab's write leave them out
    /// (see [`Inner::history`]).
    mine: RefCell<History>,
}

/// Values this page could not save, by key: a few at most, so a list (a hash map would add its
/// own code to the wasm for nothing).
#[derive(Default)]
struct Memory(Vec<(String, String)>);

impl Memory {
    fn get(&self, key: &str) -> Option<&String> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    fn insert(&mut self, key: String, value: String) {
        self.remove(&key);
        self.0.push((key, value));
    }

    fn remove(&mut self, key: &str) {
        self.0.retain(|(k, _)| k != key);
    }

    fn retain(&mut self, keep: impl Fn(&str) -> bool) {
        self.0.retain(|(k, _)| keep(k));
    }
}

/// localStorage, if this page may use it. Probed through web-sys, whose calls report a
/// missing or throwing localStorage as an error; gloo-storage (which would throw) only after.
fn storage() -> Option<web_sys::Storage> {
    let probe = web_sys::window()?.local_storage().ok()??;
    let key = "cyberdrill:v1:probe";
    probe.set_item(key, "1").ok()?;
    probe.remove_item(key).ok()?;
    Some(LocalStorage::raw())
}

impl Store {
    /// Opens the store of `learner` (or the device's default profile), first moving what an
    /// older widget kept under the learner's old keys to the current ones ([`Inner::move_from`]).
    pub fn open(learner: Option<&str>) -> Store {
        let store = Store::open_only(learner);
        if let Some(legacy) = progress::Keys::legacy(learner) {
            store.move_from(&legacy, js_sys::Date::now() as i64);
        }
        store
    }

    /// A store that never touches localStorage, for the studio's preview: what the drill
    /// records lasts until it is unmounted, and no learner's progress is read or changed.
    pub fn preview() -> Store {
        Store(Rc::new(Inner {
            keys: Keys::new(None),
            storage: None,
            saving: Cell::new(Saving::Preview),
            memory: RefCell::default(),
            newer: RefCell::default(),
            mine: RefCell::default(),
        }))
    }

    /// Opens the store of `learner` without looking for records under older keys.
    pub fn open_only(learner: Option<&str>) -> Store {
        let storage = storage();
        let saving = if storage.is_some() {
            Saving::Saved
        } else {
            Saving::Unavailable
        };
        if storage.is_none() {
            web_sys::console::warn_1(&"cyberdrill: localStorage is not available; progress is kept until the page closes".into());
        }
        Store(Rc::new(Inner {
            keys: Keys::new(learner),
            storage,
            saving: Cell::new(saving),
            memory: RefCell::default(),
            newer: RefCell::default(),
            mine: RefCell::default(),
        }))
    }
}

impl Deref for Store {
    type Target = Inner;

    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl Inner {
    /// Whether progress is being saved.
    pub fn saving(&self) -> Saving {
        self.saving.get()
    }

    /// The value under `key`: this page's own unsaved value if it has one (a write that
    /// storage refused, or a record a newer widget owns), else what storage holds.
    fn get(&self, key: &str) -> Option<String> {
        let unsaved = self.memory.borrow().get(key).cloned();
        unsaved.or_else(|| {
            self.storage
                .as_ref()
                .and_then(|s| s.get_item(key).ok().flatten())
        })
    }

    /// Writes through to localStorage where it can, keeping the value in memory where not.
    fn set(&self, key: &str, value: String) {
        self.memory
            .borrow_mut()
            .insert(key.to_owned(), value.clone());
        if matches!(self.saving.get(), Saving::Unavailable | Saving::Preview)
            || self.newer.borrow().iter().any(|k| k == key)
        {
            return;
        }
        let written = self.storage.as_ref().is_some_and(|s| {
            s.set_item(key, &value).is_ok() || (evict_cache(s) && s.set_item(key, &value).is_ok())
        });
        if written {
            self.memory.borrow_mut().remove(key);
            request_persistence();
        } else {
            web_sys::console::warn_1(
                &format!(
                    "cyberdrill: could not save {key}; progress is kept until the page closes"
                )
                .into(),
            );
            self.saving.set(Saving::Unavailable);
        }
    }

    fn remove(&self, key: &str) {
        self.memory.borrow_mut().remove(key);
        if let Some(s) = &self.storage {
            let _ = s.remove_item(key);
        }
    }

    /// Reads a record, quarantining what is not ours and protecting what is newer. A record
    /// brought forward from an older schema or with parts set aside is written back at once in
    /// the current schema, once `tidy` (given the time) has made it fit its budget; so is one
    /// stored over its budget that `tidy` shrank. A newer record is never written; a write
    /// that fails keeps the record in memory, as every write does.
    fn read<T: ToJson>(
        &self,
        key: &str,
        read: fn(Option<&str>) -> Read<T>,
        tidy: fn(&mut T, i64) -> bool,
        now: i64,
    ) -> Option<T> {
        let text = self.get(key);
        // The record, whether it must be written back, and whether it may need tidying.
        let (mut record, write, untidy) = match read(text.as_deref()) {
            Read::Missing => return None,
            // Only a record stored over the budget can shrink, so no other load pays for trying.
            Read::Current(record) => {
                let over = text.as_ref().is_some_and(|t| t.len() > progress::BUDGET);
                (record, false, over)
            }
            Read::Migrated(record) => {
                web_sys::console::info_1(
                    &format!(
                        "cyberdrill: brought {key} forward to schema {}",
                        progress::SCHEMA
                    )
                    .into(),
                );
                (record, true, true)
            }
            Read::Newer(schema, record) => {
                web_sys::console::warn_1(&format!("cyberdrill: {key} was saved by a newer widget (schema {schema}); leaving it as it is").into());
                self.newer.borrow_mut().push(key.to_owned());
                self.saving.set(Saving::Newer);
                return record;
            }
            Read::SetAside(record, parts) => {
                let aside = progress::quarantine_key(key, now);
                web_sys::console::error_1(&format!("cyberdrill: parts of {key} could not be read; moved them to {aside} and kept the rest").into());
                self.set(&aside, parts);
                (record, true, true)
            }
            Read::Unreadable(reason) => {
                let aside = progress::quarantine_key(key, now);
                web_sys::console::error_1(&format!("cyberdrill: {key} could not be read ({reason}); moved it to {aside} and started afresh").into());
                if let Some(text) = text {
                    self.set(&aside, text);
                }
                self.remove(key);
                return None;
            }
        };
        let shrunk = untidy && tidy(&mut record, now);
        if write || shrunk {
            self.set(key, record.to_json());
        }
        Some(record)
    }

    /// Every drill the learner finished. A history in an older schema, or stored over the
    /// budget, is compacted and written back as it is read, so the next load reads it small.
    ///
    /// A stored history that leaves out a result this page added gets it back, written at
    /// once: two tabs that finish drills at the same moment each read the history before the
    /// other's write shows (Firefox shows one tab's write to another late), and the one that
    /// writes last would otherwise write the other's result away. The other tab then reads
    /// this when the storage event says the history changed. A history that is not there at
    /// all was cleared (or set aside), and stays so: what this page added is forgotten too.
    pub fn history(&self, now: i64) -> History {
        let compact = |history: &mut History, now| history.compact(now, progress::BUDGET);
        let Some(mut history) =
            self.read(&self.keys.history(), progress::read_history, compact, now)
        else {
            *self.mine.borrow_mut() = History::default();
            return History::default();
        };
        let mine = self.mine.borrow();
        if history.lacks(&mine) {
            self.write_history(&mut history, &mine, now);
        }
        history
    }

    /// Adds finished drills to the stored history: read, merge, compact to the budget,
    /// write, so a result saved meanwhile by another tab or widget is kept and the record stays
    /// under [`progress::BUDGET`]. Returns the merged history.
    pub fn add(&self, attempts: &History, now: i64) -> History {
        let mut history = self.history(now);
        self.write_history(&mut history, attempts, now);
        self.mine.borrow_mut().merge(attempts);
        history
    }

    /// Merges `attempts` into `history`, compacts it to the budget and writes it.
    fn write_history(&self, history: &mut History, attempts: &History, now: i64) {
        history.merge(attempts);
        history.schema = progress::SCHEMA;
        history.compact(now, progress::BUDGET);
        self.set(&self.keys.history(), progress::to_json(history));
    }

    /// Records one finished drill.
    pub fn record(&self, attempt: Attempt, now: i64) -> History {
        let mut one = History::default();
        one.record(attempt);
        self.add(&one, now)
    }

    /// The drill in progress, unless it went stale.
    pub fn session(&self, drill: &str, now: i64) -> Option<Session> {
        let key = self.keys.session(drill);
        let session = self.read(&key, progress::read_session, |_, _| false, now)?;
        if session.is_stale(now) {
            self.remove(&key);
            return None;
        }
        Some(session)
    }

    /// Saves the drill in progress.
    pub fn save_session(&self, session: &Session) {
        self.set(
            &self.keys.session(&session.drill),
            progress::to_json(session),
        );
    }

    /// Forgets the drill in progress.
    pub fn end_session(&self, drill: &str) {
        self.remove(&self.keys.session(drill));
    }

    /// Whether some of this learner's saved progress could not be read and was set aside
    /// (and is still there: clearing removes it).
    pub fn has_set_aside(&self) -> bool {
        let stored = self.storage.as_ref().map(keys).unwrap_or_default();
        let memory = self.memory.borrow();
        let mut all = stored.iter().chain(memory.0.iter().map(|(k, _)| k));
        all.any(|k| self.keys.set_aside(k))
    }

    /// Removes everything stored for this learner on this computer, values set aside included.
    pub fn clear(&self) {
        let keys_of = &self.keys;
        self.memory.borrow_mut().retain(|k| !keys_of.owns(k));
        if let Some(s) = &self.storage {
            for key in keys(s).iter().filter(|k| keys_of.owns(k)) {
                let _ = s.remove_item(key);
            }
        }
        self.newer.borrow_mut().clear();
        *self.mine.borrow_mut() = History::default();
        if self.saving.get() == Saving::Newer {
            self.saving.set(Saving::Saved);
        }
    }

    /// Moves everything stored under `old` (a learner's keys before learner ids were hashed
    /// with SHA-256, [`progress::Keys::legacy`]) to this learner's keys, values set aside
    /// included, so no one's progress is stranded under a key nothing reads. Where the new key
    /// holds a record already, [`progress::reconcile`] decides: histories merge, the drill in
    /// progress answered last stands, and what cannot be merged safely is set aside (never
    /// written over the new). The old key goes only once its value is safe under the new one,
    /// so a full storage leaves it to move next time.
    fn move_from(&self, old: &Keys, now: i64) {
        let Some(s) = &self.storage else {
            return;
        };
        for old_key in keys(s) {
            let Some(new_key) = self.keys.moved(old, &old_key) else {
                continue;
            };
            let Some(value) = s.get_item(&old_key).ok().flatten() else {
                continue;
            };
            let target = match s.get_item(&new_key).ok().flatten() {
                None => Some((new_key, value)),
                Some(new) => match progress::reconcile(&new_key, &value, &new, now) {
                    Moved::Write(merged) => Some((new_key, merged)),
                    Moved::Superseded => None,
                    Moved::SetAside => Some((self.keys.set_aside_as(&new_key, now), value)),
                },
            };
            if target.is_none_or(|(key, value)| s.set_item(&key, &value).is_ok()) {
                let _ = s.remove_item(&old_key);
            }
        }
    }

    /// The copy of content (a drill or a catalog) kept under `key`, if it was fetched from
    /// `url`.
    pub fn cached(&self, key: &str, url: &str) -> Option<CachedDrill> {
        let copy: CachedDrill = json::from_str(&self.get(key)?).ok()?;
        (copy.url == url).then_some(copy)
    }

    /// Keeps content fetched from `url` for offline use; failing to is not worth a word to
    /// the learner.
    pub fn cache(&self, key: &str, url: &str, text: &str) {
        let copy = CachedDrill {
            url: url.to_owned(),
            text: text.to_owned(),
        };
        let text = copy.to_json();
        let stored = self
            .storage
            .as_ref()
            .is_some_and(|s| s.set_item(key, &text).is_ok());
        if !stored {
            self.memory.borrow_mut().insert(key.to_owned(), text);
        }
    }
}

/// What the reporting module (`src/reporting.rs`, which compiles this file too) reads and
/// writes: its outbox and journal, under keys of their own, read as every record is (set
/// aside when unreadable, left alone when newer), and the learner's drills in progress. The
/// widget's build does not use them (nor, in a build with both features, its copy here).
#[allow(dead_code)]
impl Inner {
    /// The record under `key`, read by `read` (see [`Inner::read`]); none when missing,
    /// unreadable (moved aside) or newer (and then never written over by [`Inner::put`]).
    pub fn stored<T: ToJson>(
        &self,
        key: &str,
        read: fn(Option<&str>) -> Read<T>,
        now: i64,
    ) -> Option<T> {
        self.read(key, read, |_, _| false, now)
    }

    /// Writes `record` under `key` (unless a newer widget's record is there); false when
    /// storage refused it.
    pub fn put<T: ToJson>(&self, key: &str, record: &T) -> bool {
        self.set(key, record.to_json());
        self.memory.borrow().get(key).is_none()
    }

    /// The text under `key`, as stored.
    pub fn text(&self, key: &str) -> Option<String> {
        self.get(key)
    }

    /// Writes `text` under `key`.
    pub fn put_text(&self, key: &str, text: &str) {
        self.set(key, text.to_owned());
    }

    /// The record under `key` as it reads, never written back, moved aside or compacted: the
    /// widget does that when it reads it (and the reporting module carries none of that code).
    pub fn peek<T>(&self, key: &str, read: fn(Option<&str>) -> Read<T>) -> Option<T> {
        match read(self.get(key).as_deref()) {
            Read::Current(r) | Read::Migrated(r) | Read::SetAside(r, _) => Some(r),
            Read::Newer(_, r) => r,
            Read::Missing | Read::Unreadable(_) => None,
        }
    }

    /// Every drill this learner has in progress and not stale, as stored ([`Inner::peek`]).
    pub fn sessions_as_stored(&self, now: i64) -> Vec<Session> {
        let prefix = self.keys.session("");
        let stored = self.storage.as_ref().map(keys).unwrap_or_default();
        stored
            .iter()
            .filter(|k| k.starts_with(&prefix))
            .filter_map(|k| self.peek(k, progress::read_session))
            .filter(|s| !s.is_stale(now))
            .collect()
    }

    /// Every drill this learner finished, as stored ([`Inner::peek`]).
    pub fn history_as_stored(&self) -> History {
        self.peek(&self.keys.history(), progress::read_history)
            .unwrap_or_default()
    }

    /// This learner's key prefix: how the journal names them.
    pub fn learner(&self) -> String {
        self.keys.prefix()
    }
}

/// Frees room by dropping kept copies of content (they can be fetched again).
fn evict_cache(storage: &web_sys::Storage) -> bool {
    let prefix = format!("{}cache:", progress::NAMESPACE);
    let keys = keys(storage);
    let cached: Vec<&String> = keys.iter().filter(|k| k.starts_with(&prefix)).collect();
    for key in &cached {
        let _ = storage.remove_item(key);
    }
    !cached.is_empty()
}

fn keys(storage: &web_sys::Storage) -> Vec<String> {
    (0..storage.length().unwrap_or(0))
        .filter_map(|i| storage.key(i).ok().flatten())
        .collect()
}

thread_local! {
    static PERSIST_ASKED: Cell<bool> = const { Cell::new(false) };
}

/// Asks the browser, once, not to evict our storage under pressure.
fn request_persistence() {
    if PERSIST_ASKED.replace(true) {
        return;
    }
    if let Some(storage) = web_sys::window().map(|w| w.navigator().storage()) {
        let _ = storage.persist();
    }
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    use super::*;

    wasm_bindgen_test_configure!(run_in_browser);

    fn local() -> web_sys::Storage {
        LocalStorage::raw()
    }

    fn attempt(drill: &str, at: i64) -> Attempt {
        Attempt::blank(drill, at)
    }

    /// A learner of its own for each test, so tests never see each other's records.
    fn open(name: &str) -> (Store, String) {
        let store = Store::open(Some(name));
        let key = store.keys.history();
        (store, key)
    }

    #[wasm_bindgen_test]
    fn unreadable_values_are_moved_aside_not_lost() {
        let (store, key) = open("quarantine");
        local().set_item(&key, "{not json").unwrap();
        assert_eq!(store.history(42), History::default());
        assert_eq!(local().get_item(&key).unwrap(), None);
        let aside = progress::quarantine_key(&key, 42);
        assert_eq!(
            local().get_item(&aside).unwrap().as_deref(),
            Some("{not json")
        );
        assert_eq!(store.saving(), Saving::Saved);
    }

    #[wasm_bindgen_test]
    fn a_newer_record_is_read_but_never_written_over() {
        let (store, key) = open("newer");
        let newer = r#"{"schema":99,"attempts":[],"extra":true}"#;
        local().set_item(&key, newer).unwrap();
        store.record(attempt("a", 1), 1);
        assert_eq!(local().get_item(&key).unwrap().as_deref(), Some(newer));
        assert_eq!(store.saving(), Saving::Newer);
        assert_eq!(
            store.history(2).attempts.len(),
            1,
            "this page still sees its own result"
        );
    }

    #[wasm_bindgen_test]
    fn a_write_keeps_what_another_writer_saved_meanwhile() {
        let (mine, key) = open("merge");
        let (theirs, _) = open("merge");
        mine.record(attempt("a", 1), 1);
        theirs.record(attempt("b", 2), 2);
        mine.record(attempt("c", 3), 3);
        let stored = progress::read_history(local().get_item(&key).unwrap().as_deref());
        let Read::Current(history) = stored else {
            panic!("stored history reads back")
        };
        let drills: Vec<_> = history.attempts.iter().map(|a| a.drill.as_str()).collect();
        assert_eq!(drills, ["a", "b", "c"]);
    }

    #[wasm_bindgen_test]
    fn a_write_compacts_the_history_to_the_budget() {
        let (store, key) = open("compact");
        let day = crate::date::DAY_MS;
        let old = History {
            attempts: (0..1_000).map(|i| attempt("a", i * day)).collect(),
            schema: 2,
            ..History::default()
        };
        local().set_item(&key, &progress::to_json(&old)).unwrap();
        assert!(progress::to_json(&old).len() > progress::BUDGET);
        let now = 1_100 * day;
        let history = store.record(attempt("b", now), now);
        let stored = local().get_item(&key).unwrap().unwrap_or_default();
        assert!(stored.len() <= progress::BUDGET, "{} bytes", stored.len());
        assert_eq!(history.count(), 1_001);
        assert_eq!(
            progress::read_history(Some(&stored)),
            Read::Current(history)
        );
    }

    #[wasm_bindgen_test]
    fn a_migrated_or_over_budget_history_is_written_back_compacted_as_it_is_read() {
        let day = crate::date::DAY_MS;
        let now = 1_100 * day;
        for schema in [2, progress::SCHEMA] {
            let (store, key) = open(&format!("write-back-{schema}"));
            let old = History {
                attempts: (0..1_000).map(|i| attempt("a", i * day)).collect(),
                schema,
                ..History::default()
            };
            local().set_item(&key, &progress::to_json(&old)).unwrap();
            assert!(progress::to_json(&old).len() > progress::BUDGET);
            let history = store.history(now);
            assert_eq!(history.count(), 1_000);
            let stored = local().get_item(&key).unwrap().unwrap_or_default();
            assert!(stored.len() <= progress::BUDGET, "{} bytes", stored.len());
            assert_eq!(
                progress::read_history(Some(&stored)),
                Read::Current(history),
                "schema {schema}"
            );
            assert_eq!(store.saving(), Saving::Saved);
        }

        // Small, but in an older schema: written back in the current one.
        let (store, key) = open("write-back-small");
        local()
            .set_item(&key, r#"{"schema":2,"attempts":[]}"#)
            .unwrap();
        store.history(now);
        let current = progress::to_json(&History::default());
        assert_eq!(local().get_item(&key).unwrap(), Some(current));

        // Current and under the budget: left exactly as it is, so a load writes nothing.
        let (store, key) = open("left-alone");
        let stored = format!(r#"{{"attempts":[],"schema":{}}}"#, progress::SCHEMA);
        local().set_item(&key, &stored).unwrap();
        store.history(now);
        assert_eq!(local().get_item(&key).unwrap(), Some(stored));
    }

    #[wasm_bindgen_test]
    fn a_learners_records_under_the_old_keys_move_to_the_new_at_open() {
        let learner = "moved-at-open";
        let old = Keys::legacy(Some(learner)).unwrap();
        let new = Keys::new(Some(learner));
        let history = |ats: &[i64]| {
            let mut history = History::default();
            ats.iter().for_each(|&at| history.record(attempt("a", at)));
            history
        };
        let session = Session::start("a", "hash", 1);
        let (aside, newer) = (
            progress::quarantine_key(&old.session("b"), 5),
            "{\"schema\":99}",
        );
        // Under the old keys only, under both, a value set aside, a newer widget's on both.
        local()
            .set_item(&old.history(), &progress::to_json(&history(&[1, 2])))
            .unwrap();
        local()
            .set_item(&new.history(), &progress::to_json(&history(&[3])))
            .unwrap();
        local()
            .set_item(&old.session("a"), &progress::to_json(&session))
            .unwrap();
        local().set_item(&aside, "{not json").unwrap();
        local().set_item(&old.session("c"), newer).unwrap();
        local().set_item(&new.session("c"), newer).unwrap();

        let store = Store::open(Some(learner));
        let moved = [
            old.history(),
            old.session("a"),
            aside.clone(),
            old.session("c"),
        ];
        for key in &moved {
            assert_eq!(local().get_item(key).unwrap(), None, "{key} is left behind");
        }
        let count = store.history(10).count();
        assert_eq!(count, 3, "the histories merged, nothing lost");
        assert_eq!(store.session("a", 10), Some(session));
        let aside_now = new.moved(&old, &aside).unwrap();
        assert_eq!(
            local().get_item(&aside_now).unwrap().as_deref(),
            Some("{not json")
        );
        assert!(store.has_set_aside());
        // A newer widget's record is not written over; the old one is set aside beside it.
        assert_eq!(
            local().get_item(&new.session("c")).unwrap().as_deref(),
            Some(newer)
        );
        let set_aside = progress::quarantine_key(&new.session("c"), 0);
        let set_aside = set_aside.split(":0:").nth(1).unwrap();
        assert!(
            (0..local().length().unwrap())
                .filter_map(|i| local().key(i).unwrap())
                .any(|k| new.set_aside(&k) && k.ends_with(set_aside))
        );

        // Opening again finds nothing more to move and changes nothing.
        let before = local().get_item(&new.history()).unwrap();
        Store::open(Some(learner));
        assert_eq!(local().get_item(&new.history()).unwrap(), before);
        store.clear();
    }

    #[wasm_bindgen_test]
    fn a_result_another_tab_wrote_away_is_written_again_but_not_after_a_clear() {
        let (store, key) = open("two-tabs");
        store.record(attempt("a", 10), 10);
        // The other tab read the history before this write showed, and wrote its own result
        // over it.
        let mut theirs = History::default();
        theirs.record(attempt("b", 11));
        local().set_item(&key, &progress::to_json(&theirs)).unwrap();
        // The storage event: this tab reads the history again, and writes its result back.
        let mut both = theirs.clone();
        both.record(attempt("a", 10));
        assert_eq!(store.history(12), both);
        let stored = local().get_item(&key).unwrap();
        assert_eq!(stored.as_deref(), Some(progress::to_json(&both).as_str()));
        // Cleared, by any tab: nothing comes back, even when the other tab writes again.
        local().remove_item(&key).unwrap();
        assert_eq!(store.history(13), History::default());
        assert_eq!(local().get_item(&key).unwrap(), None);
        local().set_item(&key, &progress::to_json(&theirs)).unwrap();
        assert_eq!(store.history(14), theirs);
    }

    #[wasm_bindgen_test]
    fn clearing_removes_this_learner_only() {
        let (store, key) = open("clear-me");
        let (other, other_key) = open("keep-me");
        store.record(attempt("a", 1), 1);
        other.record(attempt("b", 1), 1);
        let (mine, theirs) = (
            progress::quarantine_key(&key, 5),
            progress::quarantine_key(&other_key, 5),
        );
        local().set_item(&mine, "{not json").unwrap();
        local().set_item(&theirs, "{not json").unwrap();
        assert!(store.has_set_aside() && other.has_set_aside());
        store.clear();
        assert_eq!(local().get_item(&key).unwrap(), None);
        assert_eq!(local().get_item(&mine).unwrap(), None);
        assert!(!store.has_set_aside());
        assert!(local().get_item(&other_key).unwrap().is_some());
        assert!(local().get_item(&theirs).unwrap().is_some());
        assert!(other.has_set_aside());
    }
}
