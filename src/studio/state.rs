//! The studio's state and every change to it, in one place: the open files and their
//! reports, which one is being edited, the folder opened for editing, what the preview
//! shows, and the actions the screens call (open, edit, save, add, publish).
//!
//! Checking is the core's (`check::check`); this module decides only *what* to recheck. A
//! file's report depends on its own text and, for a duplicate id, on the first earlier file
//! with the same id, so an edit rechecks the edited file (with that one file, if any) and,
//! when its id changed, the later files that shared its old or new id. The result is what
//! checking the whole library at once gives, for the cost of one or two files.

use std::cell::{Cell, RefCell};
use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::files::{self, Folder, Opened};
use super::words::{Key, Words};
use crate::archive;
use crate::check::{self, FileReport, Source};
use crate::date::Date;
use crate::lesson;
use crate::report::{Build, File, Form, LeftOut};
use crate::words::Lang;

/// How long the text must rest before the preview is rebuilt (under 250 ms from keystroke to
/// preview, with room for the widget to mount).
const PREVIEW_AFTER: Duration = Duration::from_millis(100);
/// How long the text must rest before the live region says how many problems are left.
const ANNOUNCE_AFTER: Duration = Duration::from_millis(1200);

/// One checked file: the core's report (for building the catalog) and what the screens show.
pub struct Checked {
    /// What `check::check` returned for the file.
    pub report: FileReport,
    /// The same, placed, with each problem's headline ([`File::of`]).
    pub file: File,
}

impl Checked {
    fn of(report: FileReport) -> Arc<Checked> {
        let file = File::of(&report);
        Arc::new(Checked { report, file })
    }

    /// Whether one of its problems is `code` (`missing-question-id`).
    pub fn has(&self, code: &str) -> bool {
        self.file.diagnostics.iter().any(|p| p.code == code)
    }
}

/// One open file. Its parts are signals of its own, so an edit updates its row in the library
/// and its editor, not every file's.
#[derive(Clone)]
pub struct Doc {
    /// Stable while the file is open: what the library and the editor key on.
    pub key: u32,
    /// Relative to the opened folder, `/` between folders: `phishing/lookalike-sender.md`.
    pub path: Arc<str>,
    /// The text as the author has it now (read when rechecking, never watched).
    pub text: ArcStoredValue<String>,
    /// The text as last opened, saved or downloaded.
    saved: ArcStoredValue<Option<String>>,
    /// Whether `text` differs from what was last saved.
    pub dirty: ArcRwSignal<bool>,
    /// The latest report.
    pub checked: ArcRwSignal<Arc<Checked>>,
    /// The compiled drill of the last version without errors, if there was one.
    pub good: ArcRwSignal<Option<Arc<str>>>,
}

impl Doc {
    fn source(&self) -> Source {
        Source {
            path: self.path.to_string(),
            bytes: self.text.with_value(|t| t.as_bytes().to_vec()),
        }
    }

    fn id(&self) -> String {
        self.checked.with_untracked(|c| c.report.drill.id.clone())
    }

    fn set_checked(&self, checked: Arc<Checked>) {
        if let Some(json) = &checked.file.drill {
            self.good.set(Some(Arc::from(json.as_str())));
        }
        self.checked.set(checked);
    }
}

/// What the last publish (or .zip) did.
#[derive(Clone, Debug, Default)]
pub struct Published {
    /// Where it went: `published` in the folder, or the .zip's name.
    pub target: String,
    /// Whether this was a .zip download rather than writing into the folder.
    pub zip: bool,
    /// The compiled drills written (or put in the .zip).
    pub written: Vec<String>,
    /// The files that could not be written, and why.
    pub failed: Vec<(String, String)>,
    /// Whether `catalog.json` was written.
    pub catalog: bool,
    /// Drills left out of the catalog, as the CLI reports them.
    pub left_out: Vec<LeftOut>,
    /// A sentence for what went wrong as a whole, if something did.
    pub problem: Option<String>,
}

/// What the studio keeps without watching it.
struct Kept {
    /// The studio's words, in the language it was opened in.
    words: Words,
    today: Date,
    next_key: Cell<u32>,
    /// A recheck is waiting for the next animation frame.
    frame: Cell<bool>,
    preview_timer: Cell<Option<TimeoutHandle>>,
    announce_timer: Cell<Option<TimeoutHandle>>,
    /// The next heading or field built with `use:take_focus` takes focus.
    focus: Cell<bool>,
    /// The library's settings file (`settings.yml`), if one was opened: every drill's
    /// placeholders are checked against it, and the preview fills them from it.
    settings: RefCell<Option<Source>>,
    /// The translations' settings files (`settings.cy.yml`) opened with it.
    translated: RefCell<Vec<Source>>,
}

/// Handles to the studio's state, copied into every component and closure.
#[derive(Clone, Copy)]
pub struct Studio {
    kept: StoredValue<Kept, LocalStorage>,
    /// The open files, in the order they are checked in (by path, then added ones).
    pub docs: RwSignal<Vec<Doc>>,
    /// The file being edited, by key.
    pub selected: RwSignal<Option<u32>>,
    /// The folder opened with "Open folder for editing", for Save and Publish.
    pub folder: RwSignal<Option<Folder>, LocalStorage>,
    /// What opening, saving or adding last said (a polite status).
    pub status: RwSignal<String>,
    /// What the live region says once the text settles: the problems left.
    pub announce: RwSignal<String>,
    /// Reading or checking files: the Open buttons wait.
    pub busy: RwSignal<bool>,
    /// The compiled drill the preview shows.
    pub shown: RwSignal<Option<Arc<str>>>,
    /// The folder inside the opened one that Publish writes into.
    pub publish_into: RwSignal<String>,
    /// What the last publish did.
    pub published: RwSignal<Option<Published>>,
    /// Publishing is under way.
    pub publishing: RwSignal<bool>,
    /// Where the editor puts the caret once it shows this file: key, line, column.
    pub place: RwSignal<Option<(u32, usize, usize)>>,
}

/// Today's date where the author is (the core has no clock).
fn local_today() -> Date {
    let now = js_sys::Date::new_0();
    Date::from_ymd(
        now.get_full_year() as i32,
        now.get_month() + 1,
        now.get_date(),
    )
    .unwrap_or_else(|| Date::from_unix_ms(js_sys::Date::now() as i64))
}

impl Studio {
    /// The studio's state, empty, speaking `words`. Call it under an owner that lives as long
    /// as the studio's views.
    pub fn new(words: Words) -> Studio {
        Studio {
            kept: StoredValue::new_local(Kept {
                words,
                today: local_today(),
                next_key: Cell::new(0),
                frame: Cell::new(false),
                preview_timer: Cell::new(None),
                announce_timer: Cell::new(None),
                focus: Cell::new(false),
                settings: RefCell::new(None),
                translated: RefCell::new(Vec::new()),
            }),
            docs: RwSignal::new(Vec::new()),
            selected: RwSignal::new(None),
            folder: RwSignal::new_local(None),
            status: RwSignal::new(String::new()),
            announce: RwSignal::new(String::new()),
            busy: RwSignal::new(false),
            shown: RwSignal::new(None),
            publish_into: RwSignal::new("published".to_owned()),
            published: RwSignal::new(None),
            publishing: RwSignal::new(false),
            place: RwSignal::new(None),
        }
    }

    /// The language the studio speaks.
    pub fn lang(self) -> Lang {
        self.kept.with_value(|k| k.words.lang())
    }

    /// `key`'s text in the studio's language.
    pub fn text(self, key: Key) -> String {
        self.kept.with_value(|k| k.words.text(key).to_owned())
    }

    /// `key`'s text with its placeholders filled from `args` (`("name", value)`).
    pub fn say(self, key: Key, args: &[(&str, &str)]) -> String {
        self.kept.with_value(|k| k.words.say(key, args))
    }

    /// A counted message: the form of `key` for `n`, with `{n}` and `args` filled.
    pub fn count(self, key: Key, n: usize, args: &[(&str, &str)]) -> String {
        self.kept.with_value(|k| k.words.count(key, n as i64, args))
    }

    /// "2 errors, 1 warning" or "no problems": a file's problems in words.
    pub fn problems(self, errors: usize, warnings: usize) -> String {
        match (errors, warnings) {
            (0, 0) => self.text(Key::NoProblems),
            (e, 0) => self.count(Key::Errors, e, &[]),
            (0, w) => self.count(Key::Warnings, w, &[]),
            (e, w) => format!(
                "{}, {}",
                self.count(Key::Errors, e, &[]),
                self.count(Key::Warnings, w, &[])
            ),
        }
    }

    /// Why the browser refused, in the studio's words where `files.js` names the refusal
    /// (`NotAllowedError`, `NotFoundError`, `NotWritable`, nothing), else as the browser said.
    pub fn why(self, reason: String) -> String {
        let key = match reason.as_str() {
            "NotAllowedError" => Key::Refused,
            "NotWritable" => Key::WriteRefused,
            "NotFoundError" => Key::Gone,
            "" => Key::NoReason,
            _ => return reason,
        };
        self.text(key)
    }

    /// Today, as the checker sees it (reviews due before it are overdue).
    pub fn today(self) -> Date {
        self.kept.with_value(|k| k.today)
    }

    /// Asks that the next element built with `use:take_focus` takes focus.
    pub fn move_focus(self) {
        self.kept.with_value(|k| k.focus.set(true));
    }

    /// Whether an element being built should take focus (asked once, then forgotten).
    pub fn take_focus_request(self) -> bool {
        self.kept.with_value(|k| k.focus.replace(false))
    }

    /// The open file with `key`, if it is still open (not watched).
    pub fn doc(self, key: u32) -> Option<Doc> {
        self.docs
            .with_untracked(|docs| docs.iter().find(|d| d.key == key).cloned())
    }

    /// The file being edited (watches which one it is).
    pub fn current(self) -> Option<Doc> {
        let key = self.selected.get()?;
        self.docs
            .with(|docs| docs.iter().find(|d| d.key == key).cloned())
    }

    fn new_key(self) -> u32 {
        self.kept.with_value(|k| {
            let key = k.next_key.get();
            k.next_key.set(key.wrapping_add(1));
            key
        })
    }

    /// A file as read from disk: saved as it is.
    fn opened(self, report: FileReport) -> Doc {
        let text = report.text.clone();
        self.doc_of(report, Some(text))
    }

    /// `report` with its placeholders checked against the opened settings, as `cyberdrill
    /// check` checks them (`unknown-setting`), and its drill's filled from them for the
    /// preview.
    fn with_settings(self, mut report: FileReport) -> FileReport {
        let settings = self.kept.with_value(|k| k.settings.borrow().clone());
        check::settings(std::slice::from_mut(&mut report), settings);
        report
    }

    /// A compiled drill as the preview shows it: its placeholders filled from the opened
    /// settings, as the widget fills them from a catalog's.
    pub fn filled(self, json: &str) -> String {
        let settings = self.kept.with_value(|k| k.settings.borrow().clone());
        let text = settings.map(|s| String::from_utf8_lossy(&s.bytes).into_owned());
        crate::settings::parse(&text.unwrap_or_default())
            .settings
            .fill_compiled(json)
    }

    /// A file made here: nothing of it saved yet.
    fn made(self, report: FileReport) -> Doc {
        self.doc_of(report, None)
    }

    fn doc_of(self, report: FileReport, saved: Option<String>) -> Doc {
        let checked = Checked::of(report);
        let text = checked.report.text.clone();
        Doc {
            key: self.new_key(),
            path: Arc::from(checked.report.path.as_str()),
            dirty: ArcRwSignal::new(saved.is_none()),
            saved: ArcStoredValue::new(saved),
            text: ArcStoredValue::new(text),
            good: ArcRwSignal::new(checked.file.drill.as_deref().map(Arc::from)),
            checked: ArcRwSignal::new(checked),
        }
    }

    /// How many open files have changes not saved.
    pub fn unsaved(self) -> usize {
        self.docs
            .with_untracked(|docs| docs.iter().filter(|d| d.dirty.get_untracked()).count())
    }

    /// Whether the author agrees to put aside unsaved changes (asked only if there are any).
    fn may_discard(self) -> bool {
        let unsaved = self.unsaved();
        if unsaved == 0 {
            return true;
        }
        let question = self.count(Key::Discard, unsaved, &[]);
        window().confirm_with_message(&question).unwrap_or(false)
    }

    /// Reads what an opening found, replacing the open files: checks every drill once, as
    /// `cyberdrill check` would, and says what was left out.
    pub fn open(
        self,
        read: impl Future<Output = Result<Option<(Option<Folder>, Opened)>, String>> + 'static,
    ) {
        if self.busy.get_untracked() || !self.may_discard() {
            return;
        }
        self.busy.set(true);
        self.status.set(self.text(Key::Reading));
        spawn_local(async move {
            let result = read.await;
            self.busy.set(false);
            match result {
                Ok(Some((folder, opened))) => {
                    self.status
                        .set(self.count(Key::Checking, opened.files.len(), &[]));
                    // Let the status paint before the one long check.
                    next_task().await;
                    self.replace(folder, opened);
                }
                Ok(None) => self.status.set(String::new()),
                Err(reason) => self
                    .status
                    .set(self.say(Key::NotOpened, &[("reason", &self.why(reason))])),
            }
        });
    }

    fn replace(self, folder: Option<Folder>, opened: Opened) {
        let Opened {
            files,
            other,
            unreadable,
        } = opened;
        let (settings, mut files): (Vec<_>, Vec<_>) = files.into_iter().partition(|f| {
            check::is_settings_file(&f.path) || check::settings_lang(&f.path).is_some()
        });
        // A translation's settings (`settings.cy.yml`) go into its language's catalog.
        let (settings, translated): (Vec<_>, Vec<_>) = settings
            .into_iter()
            .map(|f| Source {
                path: f.path,
                bytes: f.bytes,
            })
            .partition(|s| check::is_settings_file(&s.path));
        let settings = settings.into_iter().next();
        self.kept
            .with_value(|k| *k.translated.borrow_mut() = translated);
        let settings_path = settings.as_ref().map(|s| s.path.clone());
        self.kept
            .with_value(|k| *k.settings.borrow_mut() = settings);
        files.sort_by(|a, b| a.path.cmp(&b.path));
        let count = files.len();
        let sources = files
            .into_iter()
            .map(|f| Source {
                path: f.path,
                bytes: f.bytes,
            })
            .collect();
        let docs: Vec<Doc> = check::check(sources, self.today())
            .into_iter()
            .map(|report| self.opened(self.with_settings(report)))
            .collect();
        let first = docs.first().map(|d| d.key);
        let opened = match &folder {
            Some(f) => self.count(Key::OpenedFrom, count, &[("folder", &f.name())]),
            None => self.count(Key::Opened, count, &[]),
        };
        self.folder.set(folder);
        self.published.set(None);
        self.docs.set(docs);
        self.select(first);
        let mut said = vec![opened];
        if let Some(path) = settings_path {
            said.push(self.say(Key::Settings, &[("path", &path)]));
        }
        if other > 0 {
            said.push(self.count(Key::NotDrills, other, &[]));
        }
        if !unreadable.is_empty() {
            let list: Vec<String> = unreadable
                .iter()
                .map(|(path, reason)| format!("{path} ({})", self.why(reason.clone())))
                .collect();
            said.push(self.count(
                Key::Unreadable,
                unreadable.len(),
                &[("files", &list.join("; "))],
            ));
        }
        if count == 0 {
            said.push(self.text(Key::NothingToCheck));
        }
        self.status.set(said.join(" "));
    }

    /// The author chose the file `key`: shows it in the editor and moves focus there.
    pub fn choose(self, key: u32) {
        self.move_focus();
        self.select(Some(key));
    }

    /// Shows the file `key` in the editor, leaving focus where it is.
    pub fn select(self, key: Option<u32>) {
        self.selected.set(key);
        let good = key
            .and_then(|k| self.doc(k))
            .and_then(|d| d.good.get_untracked());
        self.shown.set(good);
    }

    /// Edits the file `key` with the caret at `line` and `column` (a problem's place).
    pub fn go_to(self, key: u32, line: usize, column: usize) {
        self.select(Some(key));
        self.place.set(Some((key, line, column)));
    }

    /// Adds a file the author made here ("New drill", "Paste a drill") and edits it. Refuses,
    /// with a reason, a path already open.
    pub fn add(self, path: String, text: String) -> Result<(), String> {
        if self
            .docs
            .with_untracked(|docs| docs.iter().any(|d| *d.path == *path))
        {
            return Err(self.say(Key::AlreadyOpen, &[("path", &path)]));
        }
        let report = check::check(
            vec![Source {
                path,
                bytes: text.into_bytes(),
            }],
            self.today(),
        )
        .pop()
        .map(|report| self.with_settings(report));
        let Some(report) = report else {
            return Err(self.text(Key::NotChecked));
        };
        let doc = self.made(report);
        let key = doc.key;
        self.docs.update(|docs| docs.push(doc));
        // Its id may be another's: check it against the library. Checked alone it may have
        // had no errors, but that version never existed in the library: no preview of it.
        self.recheck(key, String::new());
        if let Some(doc) = self.doc(key)
            && doc.checked.with_untracked(|c| c.file.errors > 0)
        {
            doc.good.set(None);
        }
        self.choose(key);
        self.status.set(match self.doc(key) {
            Some(doc) => self.say(Key::Added, &[("path", &doc.path)]),
            None => String::new(),
        });
        Ok(())
    }

    /// The author changed the text of `key`: keeps it, and rechecks at the next frame (one
    /// recheck however many input events a frame brings).
    pub fn edit(self, key: u32, text: String) {
        let Some(doc) = self.doc(key) else { return };
        let dirty = doc
            .saved
            .with_value(|saved| saved.as_deref() != Some(text.as_str()));
        doc.text.set_value(text);
        if doc.dirty.get_untracked() != dirty {
            doc.dirty.set(dirty);
        }
        if self.kept.with_value(|k| k.frame.replace(true)) {
            return;
        }
        request_animation_frame(move || {
            self.kept.with_value(|k| k.frame.set(false));
            let Some(doc) = self.doc(key) else { return };
            self.recheck(key, doc.id());
            self.settle(key);
        });
    }

    /// Writes the id the checker suggests into every question heading of `key` that has none
    /// (`cyberdrill ids` does the same to files), as an edit. The new text, if anything changed,
    /// for the editor to show.
    pub fn add_question_ids(self, key: u32) -> Option<String> {
        let (text, added) = lesson::with_question_ids(&self.doc(key)?.text.get_value());
        (added > 0).then(|| {
            self.edit(key, text.clone());
            text
        })
    }

    /// Rechecks `key`, and the files whose duplicate-id problems its id (before: `old_id`)
    /// may have changed.
    fn recheck(self, key: u32, old_id: String) {
        let docs = self.docs.get_untracked();
        let Some(at) = docs.iter().position(|d| d.key == key) else {
            return;
        };
        let today = self.today();
        let check_at = |at: usize, alone: Option<FileReport>| -> Option<FileReport> {
            let doc = &docs[at];
            let alone = alone.or_else(|| check::check(vec![doc.source()], today).pop())?;
            let id = alone.drill.id.clone();
            let first = (!id.is_empty())
                .then(|| docs[..at].iter().find(|d| d.id() == id))
                .flatten();
            let report = match first {
                Some(first) => check::check(vec![first.source(), doc.source()], today).pop()?,
                None => alone,
            };
            Some(self.with_settings(report))
        };
        let Some(report) = check_at(at, None) else {
            return;
        };
        let new_id = report.drill.id.clone();
        docs[at].set_checked(Checked::of(report));
        if new_id != old_id {
            for (later, doc) in docs.iter().enumerate().skip(at + 1) {
                let id = doc.id();
                if !id.is_empty()
                    && (id == old_id || id == new_id)
                    && let Some(report) = check_at(later, None)
                {
                    doc.set_checked(Checked::of(report));
                }
            }
        }
    }

    /// After an edit: the preview follows once the text rests a moment, and the live region
    /// says what is left once it rests a little longer.
    fn settle(self, key: u32) {
        let preview = set_timeout_with_handle(
            move || {
                if self.selected.get_untracked() == Some(key)
                    && let Some(good) = self.doc(key).and_then(|d| d.good.get_untracked())
                    && self.shown.with_untracked(|s| s.as_deref() != Some(&*good))
                {
                    self.shown.set(Some(good));
                }
            },
            PREVIEW_AFTER,
        )
        .ok();
        let announce = set_timeout_with_handle(
            move || {
                if let Some(doc) = self.doc(key) {
                    let (e, w) = doc
                        .checked
                        .with_untracked(|c| (c.file.errors, c.file.warnings));
                    let mut text = self.problems(e, w);
                    if let Some(first) = text.get_mut(..1) {
                        first.make_ascii_uppercase();
                    }
                    self.announce.set(format!("{text}."));
                }
            },
            ANNOUNCE_AFTER,
        )
        .ok();
        self.kept.with_value(|k| {
            if let Some(old) = k.preview_timer.replace(preview) {
                old.clear();
            }
            if let Some(old) = k.announce_timer.replace(announce) {
                old.clear();
            }
        });
    }

    /// Saves `key`: into the folder opened for editing, else as a download.
    pub fn save(self, key: u32) {
        let Some(doc) = self.doc(key) else { return };
        let text = doc.text.get_value();
        match self.folder.get_untracked() {
            Some(folder) => spawn_local(async move {
                let path: &str = &doc.path;
                self.status.set(self.say(Key::Saving, &[("path", path)]));
                match files::write(&folder, path, &text).await {
                    Ok(()) => {
                        self.saved(&doc, text);
                        self.status.set(self.say(Key::Saved, &[("path", path)]));
                    }
                    Err(reason) => self.status.set(self.say(
                        Key::NotSaved,
                        &[("path", path), ("reason", &self.why(reason))],
                    )),
                }
            }),
            None => {
                let name = doc.path.rsplit('/').next().unwrap_or(&doc.path).to_owned();
                match files::download(&name, text.as_bytes(), "text/markdown;charset=utf-8") {
                    Ok(()) => {
                        self.saved(&doc, text);
                        self.status.set(
                            self.say(Key::Downloading, &[("name", &name), ("path", &doc.path)]),
                        );
                    }
                    Err(reason) => self.status.set(self.say(
                        Key::NotDownloaded,
                        &[("name", &name), ("reason", &self.why(reason))],
                    )),
                }
            }
        }
    }

    fn saved(self, doc: &Doc, text: String) {
        let dirty = doc.text.with_value(|now| *now != text);
        doc.saved.set_value(Some(text));
        doc.dirty.set(dirty);
    }

    /// The catalog of every open file, as `cyberdrill catalog` builds it (the paths are
    /// already relative to the opened folder).
    fn build(self) -> Build {
        let mut sources: Vec<Source> = self
            .docs
            .with_untracked(|docs| docs.iter().map(Doc::source).collect());
        sources.extend(self.kept.with_value(|k| k.settings.borrow().clone()));
        let translated =
            check::translated_settings(&self.kept.with_value(|k| k.translated.borrow().clone()));
        let (reports, settings, settings_report) = check::library(sources, self.today());
        let settings = (&settings, settings_report.as_ref());
        Build::of(&reports, settings, &translated, Form::Compiled, |p| {
            p.to_owned()
        })
    }

    /// Writes the compiled drills, then `catalog.json`, into the folder the author named
    /// inside the one opened for editing. The catalog goes last and only if every drill was
    /// written, so it never points at a drill that is not there.
    pub fn publish(self) {
        let Some(folder) = self.folder.get_untracked() else {
            return;
        };
        let into = self
            .publish_into
            .get_untracked()
            .trim()
            .trim_matches('/')
            .to_owned();
        if let Err(reason) = self.valid_folder(&into) {
            self.published.set(Some(Published {
                target: into,
                problem: Some(reason),
                ..Published::default()
            }));
            return;
        }
        self.publishing.set(true);
        spawn_local(async move {
            next_task().await;
            let build = self.build();
            let target = format!("{}/{into}", folder.name());
            if let Some(refused) = build.refused {
                self.publishing.set(false);
                self.published
                    .set(Some(self.refused(target, false, refused)));
                return;
            }
            let mut done = Published {
                target,
                left_out: build.left_out,
                ..Published::default()
            };
            for drill in &build.drills {
                let path = format!("{into}/{}", drill.file);
                match files::write(&folder, &path, &drill.text).await {
                    Ok(()) => done.written.push(drill.file.clone()),
                    Err(reason) => done.failed.push((drill.file.clone(), self.why(reason))),
                }
            }
            if done.failed.is_empty() {
                match files::write(&folder, &format!("{into}/catalog.json"), &build.catalog).await {
                    Ok(()) => done.catalog = true,
                    Err(reason) => done
                        .failed
                        .push(("catalog.json".to_owned(), self.why(reason))),
                }
            }
            self.publishing.set(false);
            self.published.set(Some(done));
        });
    }

    /// Offers everything Publish would write as one .zip: `catalog.json` at its root and the
    /// compiled drills in their folders.
    pub fn download_zip(self) {
        self.publishing.set(true);
        spawn_local(async move {
            next_task().await;
            let build = self.build();
            let name = "cyberdrill-published.zip";
            if let Some(refused) = build.refused {
                self.publishing.set(false);
                self.published
                    .set(Some(self.refused(name.to_owned(), true, refused)));
                return;
            }
            let mut done = Published {
                target: name.to_owned(),
                zip: true,
                ..Published::default()
            };
            let mut entries: Vec<(&str, &[u8])> = vec![("catalog.json", build.catalog.as_bytes())];
            entries.extend(
                build
                    .drills
                    .iter()
                    .map(|d| (d.file.as_str(), d.text.as_bytes())),
            );
            let made = archive::zip(&entries)
                .map_err(|e| e.to_string())
                .and_then(|bytes| files::download(name, &bytes, "application/zip"));
            match made {
                Ok(()) => {
                    done.written = build.drills.iter().map(|d| d.file.clone()).collect();
                    done.catalog = true;
                }
                Err(reason) => {
                    let reason = self.why(reason);
                    done.problem = Some(self.say(Key::ZipNotMade, &[("reason", &reason)]));
                }
            }
            done.left_out = build.left_out;
            self.publishing.set(false);
            self.published.set(Some(done));
        });
    }
}

impl Studio {
    /// A publish that wrote nothing because the trust's settings have errors: the settings
    /// file is listed with its errors, as `cyberdrill catalog` prints them.
    fn refused(self, target: String, zip: bool, refused: LeftOut) -> Published {
        Published {
            target,
            zip,
            problem: Some(self.say(Key::SettingsHaveErrors, &[("path", &refused.path)])),
            left_out: vec![refused],
            ..Published::default()
        }
    }

    /// A folder name for publishing: one or more plain names between `/`, never leaving the
    /// opened folder.
    fn valid_folder(self, into: &str) -> Result<(), String> {
        if into.is_empty() {
            return Err(self.text(Key::NameFolder));
        }
        let bad = into.split('/').any(|part| {
            part.is_empty()
                || part == "."
                || part == ".."
                || part
                    .chars()
                    .any(|c| c == '\\' || c == ':' || c.is_control())
        });
        if bad {
            return Err(self.say(Key::NotFolder, &[("into", into)]));
        }
        Ok(())
    }

    /// The path a new drill with `id` gets: `phishing/new-drill` becomes
    /// `phishing/new-drill.md`. Refuses, with the reason, what is not a drill id.
    fn path_for_id(self, id: &str) -> Result<String, String> {
        if lesson::is_drill_id(id) {
            Ok(format!("{id}.md"))
        } else {
            Err(self.say(Key::NotDrillId, &[("id", id)]))
        }
    }

    /// Makes a new drill from the starter `cyberdrill new` writes.
    pub fn new_drill(self, id: &str) -> Result<(), String> {
        let id = id.trim();
        let path = self.path_for_id(id)?;
        self.add(path, lesson::starter(id, self.today()))
    }

    /// Adds pasted text as a new file, named after its id (or `pasted-N.md` without one).
    pub fn paste(self, text: String) -> Result<(), String> {
        if text.trim().is_empty() {
            return Err(self.text(Key::PasteFirst));
        }
        let id = check::check(
            vec![Source {
                path: String::new(),
                bytes: text.as_bytes().to_vec(),
            }],
            self.today(),
        )
        .pop()
        .map(|r| r.drill.id)
        .unwrap_or_default();
        let taken = |path: &str| {
            self.docs
                .with_untracked(|docs| docs.iter().any(|d| *d.path == *path))
        };
        let path = match self.path_for_id(&id) {
            Ok(path) if !taken(&path) => path,
            _ => (1..)
                .map(|n| format!("pasted-{n}.md"))
                .find(|p| !taken(p))
                .unwrap_or_default(),
        };
        self.add(path, text)
    }
}

/// Waits for the browser's next task, so what was set before it paints first.
pub async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback(&resolve);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// What a button does when pressed: every button's handler is of this one type, so the code
/// that attaches a listener is compiled once.
pub type Press = Box<dyn FnMut(leptos::ev::MouseEvent)>;

/// A button's [`Press`] handler, from what it does.
pub fn press(mut action: impl FnMut() + 'static) -> Press {
    Box::new(move |_| action())
}

/// A directive (`use:take_focus=studio`): moves focus to the element in the next frame, if
/// the author's last action asked for it ([`Studio::move_focus`]).
pub fn take_focus(el: web_sys::Element, studio: Studio) {
    if !studio.take_focus_request() {
        return;
    }
    request_animation_frame(move || {
        if let Some(el) = wasm_bindgen::JsCast::dyn_ref::<web_sys::HtmlElement>(&el) {
            let _ = el.focus();
        }
    });
}
