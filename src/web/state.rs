//! The widget's state and every change to it: the screen shown, the drill on offer, the
//! learner's history, the session in progress and what the live region says, as read-only
//! signals in [`Ctx`]; loading, starting, resuming, checking, finishing, importing and
//! clearing as its methods; and the listeners that keep the history in step with other tabs
//! and widgets.
//!
//! Screens read the signals and call the methods; only this module writes state, and only
//! through it does anything reach the learner's [`Store`]. Every choice between fetching and
//! showing is the core's ([`crate::offer`]), so this module moves data and decides nothing.

use std::cell::Cell;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use super::config::Config;
use super::content::{self, Problem};
use super::storage::{Saving, Store};
use crate::catalog::Catalog;
use crate::lesson::Drill;
use crate::offer::{self, Checked, Offer, Outcome, Step};
use crate::overview;
use crate::progress::{self, History, NAMESPACE, Session};
use crate::verdict::Verdict;
use crate::words::{self, Key, Lang, Words};

/// What the widget shows.
#[derive(Clone, Debug, PartialEq)]
pub enum Screen {
    /// Fetching the catalog and the drill.
    Loading,
    /// Something could not be loaded; the console has the detail.
    Failed,
    /// The compact card: title, topic, time, Start or Resume.
    Card,
    /// The scenario, before the first question.
    Scenario,
    /// A question, by index.
    Question(usize),
    /// The result of the drill just finished.
    Summary(Arc<Outcome>),
    /// "My progress".
    Overview,
}

/// What the widget keeps without watching it, in one place (one stored value, not four).
struct Kept {
    /// The element's options.
    config: Config,
    /// The learner's store.
    store: Store,
    /// Whether the next screen should take focus (after the learner acted, never on load).
    focus: Cell<bool>,
    /// When the learner started (or resumed) the drill, for the soft clock.
    started: Cell<i64>,
    /// The widget's words, in the learner's language once [`Ctx::load_words`] has them.
    words: Arc<Words>,
}

/// Handles to the widget's state: copied into every component and closure. Its signals are
/// read-only outside this module; the methods below are the only way to change them.
#[derive(Clone, Copy)]
pub struct Ctx {
    /// What is kept without being watched: read it through the methods below.
    kept: StoredValue<Kept, LocalStorage>,
    /// The current screen.
    pub screen: ReadOnly<Screen>,
    /// The drill on offer.
    pub offer: ReadOnly<Option<Arc<Offer>>>,
    /// Every drill the learner finished.
    pub history: ReadOnly<History>,
    /// The drill in progress.
    pub session: ReadOnly<Option<Session>>,
    /// What the polite live region says.
    pub announce: ReadOnly<String>,
    /// Flipped when whether progress is saved may have changed: the store itself knows
    /// ([`Ctx::saving`]); its value is never read, only that it changed (a `bool`, whose signal
    /// code the widget has anyway; a `Trigger` would add its own).
    saving: RwSignal<bool>,
}

/// A signal of the widget's state as the screens have it: read with Leptos's `get`, `with`
/// and their `_untracked` forms, written only here. Underneath it is the `RwSignal` the rest
/// of the widget uses, not a Leptos `ReadSignal`, whose code the wasm would then carry as
/// well as the `RwSignal`'s (ARCHITECTURE.md, "Where the bytes go").
pub struct ReadOnly<T: 'static>(RwSignal<T>);

impl<T: Send + Sync + 'static> ReadOnly<T> {
    fn new(value: T) -> ReadOnly<T> {
        ReadOnly(RwSignal::new(value))
    }

    fn set(self, value: T) {
        self.0.set(value);
    }
}

impl<T> Clone for ReadOnly<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for ReadOnly<T> {}

impl<T> DefinedAt for ReadOnly<T> {
    fn defined_at(&self) -> Option<&'static std::panic::Location<'static>> {
        self.0.defined_at()
    }
}

impl<T: Send + Sync + 'static> With for ReadOnly<T> {
    type Value = T;

    fn try_with<U>(&self, fun: impl FnOnce(&T) -> U) -> Option<U> {
        self.0.try_with(fun)
    }
}

impl<T: Send + Sync + 'static> WithUntracked for ReadOnly<T> {
    type Value = T;

    fn try_with_untracked<U>(&self, fun: impl FnOnce(&T) -> U) -> Option<U> {
        self.0.try_with_untracked(fun)
    }
}

/// What loading a drill leads to.
#[derive(Clone, Copy)]
enum Then {
    /// Its card.
    Card,
    /// Starting it at once.
    Start,
}

impl Ctx {
    /// The widget's state for the element's options: its signals, the learner's store, and
    /// listeners for changes from other tabs and widgets. Call it under the reactive owner
    /// that will own the widget, which then frees all of it.
    pub fn new(config: Config) -> Ctx {
        let ctx = Ctx {
            kept: StoredValue::new_local(Kept {
                store: if config.preview.is_some() {
                    Store::preview()
                } else {
                    Store::open(config.learner.as_deref())
                },
                config,
                focus: Cell::new(false),
                started: Cell::new(now()),
                words: Arc::new(Words::english()),
            }),
            screen: ReadOnly::new(Screen::Loading),
            offer: ReadOnly::new(None),
            history: ReadOnly::new(History::default()),
            session: ReadOnly::new(None),
            announce: ReadOnly::new(String::new()),
            saving: RwSignal::new(false),
        };
        listen(ctx);
        ctx
    }

    /// The learner's store.
    fn store(self) -> Store {
        self.kept.with_value(|k| k.store.clone())
    }

    /// Reads the element's options.
    fn config<R>(self, read: impl FnOnce(&Config) -> R) -> R {
        self.kept.with_value(|k| read(&k.config))
    }

    /// Offers `text` to the learner as a file called `name`, through the loader's `download`
    /// (an object URL and a link clicked: a few lines of JavaScript, where the same calls bound
    /// into the wasm cost every learner's download more).
    pub fn offer_file(self, name: &str, text: &str) -> Result<(), ()> {
        let download = self.config(|c| c.download.clone()).ok_or(())?;
        download
            .call2(&wasm_bindgen::JsValue::NULL, &name.into(), &text.into())
            .map(drop)
            .map_err(drop)
    }

    /// The widget's words in the learner's language. (One function, not one taking a closure:
    /// a generic reader would be compiled again for every caller.)
    pub fn words(self) -> Arc<Words> {
        self.kept.with_value(|k| k.words.clone())
    }

    /// `key`'s words in the learner's language.
    pub fn say(self, key: Key) -> String {
        self.words().text(key).to_owned()
    }

    /// Gets the widget's words in the learner's language before anything is shown: nothing
    /// to do for English, which is compiled in; any other is its translation file beside the
    /// loader (`cyberdrill.cy.txt`). When that cannot be had, or has any problem, the widget
    /// speaks English throughout, never half of each, and the console says why.
    pub async fn load_words(self) {
        let (lang, bundle, fetch) = self.config(|c| {
            (
                Lang::from_tag(c.lang.as_deref()),
                c.bundle.clone(),
                c.fetch.clone(),
            )
        });
        if lang == Lang::EnGb {
            return;
        }
        let url = format!("{bundle}cyberdrill.{}.txt", lang.tag());
        let fetched = super::content::words(fetch.as_ref(), &self.store(), &url).await;
        let problems = match fetched {
            Ok(text) => {
                let (words, problems) = words::parse::<Key>(lang, &text);
                if problems.is_empty() {
                    self.kept.update_value(|k| k.words = Arc::new(words));
                }
                problems
                    .into_iter()
                    .map(|p| format!("{url}:{}: {}", p.line, p.message))
                    .collect()
            }
            Err(problem) => vec![format!("{url}: {problem}")],
        };
        for problem in problems {
            web_sys::console::error_1(
                &format!("cyberdrill: {problem}; speaking English instead").into(),
            );
        }
    }

    /// Where "Report it" sends the learner, if the element says.
    pub fn report_url(self) -> Option<String> {
        self.config(|c| c.report_url.clone())
    }

    /// Whether progress is saved, tracked: a view that calls it is drawn again when that may
    /// have changed.
    pub fn saving(self) -> Saving {
        self.saving.track();
        self.store().saving()
    }

    /// Whether any of the learner's stored values were set aside as unreadable.
    pub fn has_set_aside(self) -> bool {
        self.store().has_set_aside()
    }

    /// When the learner started (or resumed) the drill on offer.
    pub fn started(self) -> i64 {
        self.kept.with_value(|k| k.started.get())
    }

    /// Asks that the next element built with `use:take_focus` takes focus: the learner acted.
    pub fn move_focus(self) {
        self.kept.with_value(|k| k.focus.set(true));
    }

    /// Whether focus should move to an element being built: the learner's last action asked
    /// for it ([`Ctx::move_focus`]), and no element has taken it since. Asking answers it.
    pub fn focus_asked(self) -> bool {
        self.kept.with_value(|k| k.focus.replace(false))
    }

    /// Shows `screen`, moving focus to it.
    pub fn go(self, screen: Screen) {
        self.move_focus();
        self.screen.set(screen);
    }

    /// Loads the drill on offer (the one the element names, or the next one due) and shows
    /// its card.
    pub fn load(self) {
        self.load_then(None, Then::Card);
    }

    /// "Done", after a summary: the card of the next drill on offer, with focus on it.
    pub fn done(self) {
        self.move_focus();
        self.load();
    }

    /// "Another drill", after finishing `done`: loads the next one (another, if the catalog
    /// has another) and starts it at once.
    pub fn start_another(self, done: String) {
        self.load_then(Some(done), Then::Start);
    }

    fn load_then(self, avoid: Option<String>, then: Then) {
        self.screen.set(Screen::Loading);
        spawn_local(async move {
            next_task().await;
            let fetched = self.fetch(avoid).await;
            next_task().await;
            match fetched {
                Ok((offer, session)) => {
                    self.session.set(session);
                    super::markup::set_lang(&offer.drill.lang);
                    self.offer.set(Some(Arc::new(offer)));
                    self.saving.update(|s| *s = !*s);
                    match then {
                        Then::Start => self.start(),
                        Then::Card => self.screen.set(Screen::Card),
                    }
                }
                Err((url, problem)) => {
                    web_sys::console::error_1(
                        &format!("cyberdrill: could not load {url}: {problem}").into(),
                    );
                    self.screen.set(Screen::Failed);
                }
            }
        });
    }

    /// The drill on offer, and the learner's session at it, if they left one to resume.
    async fn fetch(
        self,
        avoid: Option<String>,
    ) -> Result<(Offer, Option<Session>), (String, Problem)> {
        let config = self.config(Config::clone);
        let store = self.store();
        let now = now();
        let history = store.history(now);
        self.history.set(history.clone());
        // A drill given without a catalog: the studio's preview (compiled already) or `src`.
        let given = match (&config.preview, &config.src) {
            (Some(json), _) => Some((json.clone(), config.content.clone())),
            (None, Some(src)) => Some((
                content::fetch_text(config.fetch.as_ref(), src)
                    .await
                    .map_err(|p| (src.clone(), p))?,
                src.clone(),
            )),
            (None, None) => None,
        };
        let (catalog, entry, text, url, settings) = match given {
            Some((text, url)) => (
                Catalog::default(),
                offer::given(&url, &text),
                text,
                url,
                None,
            ),
            None => {
                let mut catalog = content::catalog(
                    config.fetch.as_ref(),
                    &store,
                    &config.content,
                    "catalog.json",
                )
                .await?;
                // A learner in another language than English: the drills translated into it.
                let translated = match self.words().lang() {
                    Lang::EnGb => None,
                    lang => {
                        let file = crate::catalog::translations_file(lang.tag());
                        match content::catalog(
                            config.fetch.as_ref(),
                            &store,
                            &config.content,
                            &file,
                        )
                        .await
                        {
                            Ok(translated) => Some(translated),
                            Err((url, problem)) => {
                                web_sys::console::warn_1(&format!("cyberdrill: {url}: {problem}; offering the drills untranslated").into());
                                None
                            }
                        }
                    }
                };
                // The drill in the learner's language if it has been translated into it: same
                // id and source, so progress, schedule and Resume are the drill's, whatever the
                // language.
                if let Some(translated) = &translated {
                    for entry in &mut catalog.drills {
                        if let Some(t) = translated.get(&entry.id) {
                            *entry = t.clone();
                        }
                    }
                }
                // A translated drill's `{{names}}` are filled in its language
                // (`settings.cy.yml`), when the trust gave them.
                let settings = translated.map(|t| t.settings).filter(|s| !s.0.is_empty());
                if config.drill.is_none() {
                    offer::keep_for(&mut catalog, config.audience.as_deref());
                }
                let chosen = offer::choose(
                    &catalog,
                    &history,
                    now,
                    config.drill.as_deref(),
                    config.topic.as_deref(),
                    avoid.as_deref(),
                );
                let Some(entry) = chosen.cloned() else {
                    let problem = match &config.drill {
                        Some(id) => Problem::Unknown(id.clone()),
                        None => {
                            Problem::BadCatalog("the catalog has no drills for this widget".into())
                        }
                    };
                    return Err((config.content.clone(), problem));
                };
                let url = format!("{}{}", config.content, entry.file);
                let text =
                    content::drill(config.fetch.as_ref(), &store, &config.content, &entry).await?;
                let settings = settings.filter(|_| entry.lang == self.words().lang().tag());
                (catalog, entry, text, url, settings)
            }
        };
        // A drill in Markdown is compiled now, by the Markdown module (the loader decides).
        let text = content::compile(config.compile.as_ref(), &url, text)
            .await
            .map_err(|p| (url.clone(), p))?;
        match Drill::from_json_filled(&text, settings.as_ref().unwrap_or(&catalog.settings)) {
            Ok(drill) => {
                let session = store.session(&drill.id, now);
                let session = session.filter(|s| s.refers_to(&entry.source));
                let offer = Offer::new(catalog, entry, drill, &url, &history, session.as_ref());
                Ok((offer, session))
            }
            Err(reason) => Err((url, Problem::BadDrill(reason))),
        }
    }

    /// Starts the drill on offer afresh, leaving any answers saved from before. The new
    /// session is saved at once, before any answer, so that where a trust reports to its LRS
    /// the drill's start (`initialized`) is sent when it starts, not with its first answer.
    pub fn start(self) {
        let Some(offer) = self.offer.get_untracked() else {
            return;
        };
        let session = offer.session(now());
        self.store().save_session(&session);
        broadcast();
        self.begin(&offer, session);
    }

    /// Resumes the drill on offer where the learner left off (starts it, if they had not).
    pub fn resume(self) {
        let (Some(offer), Some(session)) =
            (self.offer.get_untracked(), self.session.get_untracked())
        else {
            return self.start();
        };
        self.begin(&offer, session);
    }

    fn begin(self, offer: &Offer, session: Session) {
        let step = offer.first_step(&session);
        self.session.set(Some(session));
        self.kept.with_value(|k| k.started.set(now()));
        self.step(step);
    }

    fn step(self, step: Step) {
        match step {
            Step::Scenario => self.go(Screen::Scenario),
            Step::Question(index) => self.go(Screen::Question(index)),
            Step::Done => self.finish(),
        }
    }

    /// Checks `picked` as the answer to question `index`: recorded and saved the moment it is
    /// checked, the verdict said in the live region, focus on the feedback; with nothing
    /// picked, the live region says what to do first.
    pub fn check(self, index: usize, picked: Vec<u16>) {
        let (Some(offer), Some(mut session)) =
            (self.offer.get_untracked(), self.session.get_untracked())
        else {
            return;
        };
        let said = match offer.check(&mut session, index, picked, now()) {
            None => return,
            Some(Checked::Unpicked) => self.say(Key::PickFirst),
            Some(Checked::Marked(verdict)) => {
                self.move_focus();
                self.store().save_session(&session);
                self.saving.update(|s| *s = !*s);
                self.session.set(Some(session));
                // Said after the save, delivered in a task of its own: what listens (other
                // widgets, and the reporting module, public/lrs.js) never runs in this click.
                broadcast();
                Verdict::words(verdict, &self.words()).to_owned()
            }
        };
        self.announce.set(said);
    }

    /// Moves on from question `index`.
    pub fn next(self, index: usize) {
        if let Some(offer) = self.offer.get_untracked() {
            self.step(offer.step_after(index));
        }
    }

    fn finish(self) {
        let (Some(offer), Some(session)) =
            (self.offer.get_untracked(), self.session.get_untracked())
        else {
            return;
        };
        let now = now();
        let outcome = offer.finish(session, now);
        let store = self.store();
        self.history.set(store.record(outcome.attempt.clone(), now));
        store.end_session(&offer.entry.id);
        self.saving.update(|s| *s = !*s);
        self.session.set(None);
        broadcast();
        self.go(Screen::Summary(Arc::new(outcome)));
    }

    /// The language of the drill's text: the drill's own (`lang` in its front matter).
    pub fn content_lang(self) -> String {
        self.offer
            .with_untracked(|o| o.as_ref().map(|o| o.drill.lang.clone()))
            .unwrap_or_default()
    }

    /// The text of an export file of the learner's progress, made now.
    pub fn export(self) -> String {
        progress::export(&self.history.get_untracked(), now())
    }

    /// Adds the results in an export file's `text` to the learner's progress, and says what
    /// happened (how many were new, or why the file was refused).
    pub fn import(self, text: &str) -> String {
        let now = now();
        match progress::import(text, now) {
            Ok(imported) => {
                let before = self.history.get_untracked().count();
                let merged = self.store().add(&imported, now);
                let added = merged.count().saturating_sub(before);
                self.history.set(merged);
                self.saving.update(|s| *s = !*s);
                broadcast();
                overview::imported(&self.words(), added)
            }
            Err(reason) => overview::not_imported(&self.words(), &reason),
        }
    }

    /// Removes the learner's progress from this computer: history, the drill in progress, and
    /// what was set aside.
    pub fn clear(self) {
        self.store().clear();
        self.history.set(History::default());
        self.session.set(None);
        broadcast();
    }

    /// Re-reads the history after another tab or widget changed it.
    fn refresh(self) {
        self.history.set(self.store().history(now()));
    }
}

/// Milliseconds since the Unix epoch: the only clock the widget reads.
pub fn now() -> i64 {
    js_sys::Date::now() as i64
}

/// Waits for the browser's next task: work on either side of it runs in separate tasks, so
/// the host page can handle input and paint in between (no long task on its main thread).
pub async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback(&resolve);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

const CHANNEL: &str = "cyberdrill";

/// What a widget listens with, kept so that unmounting can stop it.
struct Listening {
    channel: web_sys::BroadcastChannel,
    _on_message: wasm_bindgen::closure::Closure<dyn Fn()>,
    storage: WindowListenerHandle,
}

thread_local! {
    // One widget per wasm instance (the loader sees to it), so this is this widget's.
    static LISTENING: std::cell::RefCell<Option<Listening>> = const { std::cell::RefCell::new(None) };
}

/// Tells other widgets and tabs that progress changed.
fn broadcast() {
    if let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) {
        let _ = channel.post_message(&"progress".into());
        channel.close();
    }
}

/// Refreshes the history when another widget on this page (BroadcastChannel) or another tab
/// (the storage event) changes it; stops listening when the widget unmounts.
fn listen(ctx: Ctx) {
    let storage =
        window_event_listener(leptos::ev::storage, move |event: web_sys::StorageEvent| {
            if event.key().is_some_and(|k| k.starts_with(NAMESPACE)) {
                ctx.refresh();
            }
        });
    let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) else {
        on_cleanup(move || storage.remove());
        return;
    };
    let on_message = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || ctx.refresh());
    channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    let previous = LISTENING.replace(Some(Listening {
        channel,
        _on_message: on_message,
        storage,
    }));
    stop(previous);
    on_cleanup(|| stop(LISTENING.take()));
}

fn stop(listening: Option<Listening>) {
    if let Some(listening) = listening {
        listening.channel.set_onmessage(None);
        listening.channel.close();
        listening.storage.remove();
    }
}
