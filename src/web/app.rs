//! The widget's root: loading, the screens of a drill, and the actions that move between them.

use std::cell::Cell;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use super::content::{self, Problem};
use super::mockup::Blocks;
use super::overview::Overview;
use super::question::QuestionView;
use super::storage::{Saving, Store};
use super::{Config, next_task, now};
use crate::catalog::{self, Catalog, Entry};
use crate::date::Date;
use crate::lesson::Drill;
use crate::progress::{Attempt, History, NAMESPACE, Session};
use crate::schedule;
use crate::score::{self, Mark, Score};

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
    Summary(Arc<Attempt>),
    /// "My progress".
    Overview,
}

/// A drill ready to take, and the catalog it came from.
pub struct Loaded {
    /// The catalog it came from (for a `src` drill, a catalog of one).
    pub catalog: Arc<Catalog>,
    /// Its catalog entry.
    pub entry: Entry,
    /// The drill itself.
    pub drill: Drill,
    /// The folder it came from (ending in `/`): its relative links and images are there.
    pub base: Arc<str>,
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
}

/// Handles to the widget's state: copied into every component and closure.
#[derive(Clone, Copy)]
pub struct Ctx {
    /// What is kept without being watched: read it through the methods below.
    kept: StoredValue<Kept, LocalStorage>,
    /// The current screen.
    pub screen: RwSignal<Screen>,
    /// The drill on offer.
    pub loaded: RwSignal<Option<Arc<Loaded>>>,
    /// Every drill the learner finished.
    pub history: RwSignal<History>,
    /// The drill in progress.
    pub session: RwSignal<Option<Session>>,
    /// What the polite live region says.
    pub announce: RwSignal<String>,
    /// Notified when whether progress is saved may have changed: the store itself knows
    /// ([`Store::saving`]).
    pub saving: Trigger,
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
            }),
            screen: RwSignal::new(Screen::Loading),
            loaded: RwSignal::new(None),
            history: RwSignal::new(History::default()),
            session: RwSignal::new(None),
            announce: RwSignal::new(String::new()),
            saving: Trigger::new(),
        };
        listen(ctx);
        ctx
    }

    /// The learner's store.
    pub fn store(self) -> Store {
        self.kept.with_value(|k| k.store.clone())
    }

    /// Reads the element's options.
    pub fn config<R>(self, read: impl FnOnce(&Config) -> R) -> R {
        self.kept.with_value(|k| read(&k.config))
    }

    /// When the learner started (or resumed) the drill on offer.
    pub fn started(self) -> i64 {
        self.kept.with_value(|k| k.started.get())
    }

    /// Asks that the next element built with `use:take_focus` takes focus: the learner acted.
    pub fn move_focus(self) {
        self.kept.with_value(|k| k.focus.set(true));
    }

    /// Shows `screen`, moving focus to it.
    pub fn go(self, screen: Screen) {
        self.move_focus();
        self.screen.set(screen);
    }

    /// Loads the next drill (or the one the element names); starts it at once if `start`.
    pub fn load(self, avoid: Option<String>, start: bool) {
        self.screen.set(Screen::Loading);
        spawn_local(async move {
            next_task().await;
            let fetched = self.fetch(avoid).await;
            next_task().await;
            match fetched {
                Ok(loaded) => {
                    let now = now();
                    let session = self
                        .store()
                        .session(&loaded.entry.id, now)
                        .filter(|s| s.refers_to(&loaded.entry.source));
                    self.session.set(session);
                    self.loaded.set(Some(Arc::new(loaded)));
                    self.saving.notify();
                    if start {
                        self.start(false)
                    } else {
                        self.screen.set(Screen::Card)
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

    async fn fetch(self, avoid: Option<String>) -> Result<Loaded, (String, Problem)> {
        let config = self.config(Config::clone);
        let store = self.store();
        let now = now();
        let history = store.history(now);
        self.history.set(history.clone());
        // A drill given without a catalog: the studio's preview (compiled already) or `src`.
        let given = match (&config.preview, &config.src) {
            (Some(json), _) => Some((json.clone(), config.content.clone())),
            (None, Some(src)) => Some((
                content::fetch_text(src)
                    .await
                    .map_err(|p| (src.clone(), p))?,
                src.clone(),
            )),
            (None, None) => None,
        };
        let (catalog, entry, text, url) = match given {
            Some((text, url)) => {
                // Without a catalog there is no Markdown hash: progress refers to the file.
                let hash = catalog::content_hash(text.as_bytes());
                let entry = Entry {
                    file: url.clone(),
                    source: hash.clone(),
                    hash,
                    ..Entry::default()
                };
                (
                    Catalog {
                        version: catalog::VERSION,
                        drills: Vec::new(),
                    },
                    entry,
                    text,
                    url,
                )
            }
            None => {
                let catalog = content::catalog(&store, &config.content).await?;
                let entry = match &config.drill {
                    Some(id) => catalog
                        .get(id)
                        .cloned()
                        .ok_or_else(|| (config.content.clone(), Problem::Unknown(id.clone())))?,
                    None => {
                        let avoid = avoid.or_else(|| history.last_drill().map(str::to_owned));
                        schedule::next(
                            &catalog.drills,
                            &history,
                            now,
                            config.topic.as_deref(),
                            avoid.as_deref(),
                        )
                        .map(|(entry, _)| entry.clone())
                        .ok_or_else(|| {
                            (
                                config.content.clone(),
                                Problem::BadCatalog(
                                    "the catalog has no drills for this widget".into(),
                                ),
                            )
                        })?
                    }
                };
                let url = format!("{}{}", config.content, entry.file);
                let text = content::drill(&store, &config.content, &entry).await?;
                (catalog, entry, text, url)
            }
        };
        let base = Arc::from(url.rfind('/').map_or("", |i| &url[..=i]));
        // A drill in Markdown is compiled now, by the Markdown module (the loader decides).
        let text = content::compile(config.compile.as_ref(), &url, text)
            .await
            .map_err(|p| (url.clone(), p))?;
        let drill = match Drill::from_json(&text) {
            Ok(drill) => drill,
            Err(reason) => return Err((url, Problem::BadDrill(reason))),
        };
        let entry = Entry {
            id: drill.id.clone(),
            title: drill.title.clone(),
            topic: drill.topic.clone(),
            minutes: drill.minutes,
            ..entry
        };
        let catalog = if catalog.drills.is_empty() {
            Catalog {
                drills: vec![entry.clone()],
                ..catalog
            }
        } else {
            catalog
        };
        Ok(Loaded {
            catalog: Arc::new(catalog),
            entry,
            drill,
            base,
        })
    }

    /// Starts the drill on offer, or resumes it where the learner left off.
    pub fn start(self, resume: bool) {
        let Some(loaded) = self.loaded.get_untracked() else {
            return;
        };
        let drill = &loaded.drill;
        let session = match self.session.get_untracked().filter(|_| resume) {
            Some(session) => session,
            None => {
                self.store().end_session(&loaded.entry.id);
                Session::start(&loaded.entry.id, &loaded.entry.source, now())
            }
        };
        let next = drill
            .questions
            .iter()
            .position(|q| session.answer_to(&q.id).is_none());
        self.session.set(Some(session));
        self.kept.with_value(|k| k.started.set(now()));
        match next {
            Some(0) if !drill.scenario.is_empty() => self.go(Screen::Scenario),
            Some(index) => self.go(Screen::Question(index)),
            None => self.finish(),
        }
    }

    /// Records the answer to question `index` the moment it is checked.
    pub fn check(self, index: usize, answer: score::Answer) {
        let (Some(loaded), Some(mut session)) =
            (self.loaded.get_untracked(), self.session.get_untracked())
        else {
            return;
        };
        let Some(question) = loaded.drill.questions.get(index) else {
            return;
        };
        let mark = score::mark(question, &answer);
        session.answer(&question.id, answer, now());
        self.store().save_session(&session);
        self.saving.notify();
        self.session.set(Some(session));
        self.announce.set(verdict(&mark).to_owned());
    }

    /// Moves on from question `index`.
    pub fn next(self, index: usize) {
        let Some(loaded) = self.loaded.get_untracked() else {
            return;
        };
        if index + 1 < loaded.drill.questions.len() {
            self.go(Screen::Question(index + 1))
        } else {
            self.finish()
        }
    }

    fn finish(self) {
        let (Some(loaded), Some(session)) =
            (self.loaded.get_untracked(), self.session.get_untracked())
        else {
            return;
        };
        let marks = loaded
            .drill
            .questions
            .iter()
            .map(|q| match session.answer_to(&q.id) {
                Some(answer) => score::mark(q, answer),
                None => score::mark(q, &score::Answer::Choices(Vec::new())),
            });
        let now = now();
        let attempt = Attempt {
            drill: loaded.entry.id.clone(),
            at: now,
            score: Score::of(marks),
            answers: session.answers,
            hash: loaded.entry.source.clone(),
        };
        let store = self.store();
        self.history.set(store.record(attempt.clone(), now));
        store.end_session(&loaded.entry.id);
        self.saving.notify();
        self.session.set(None);
        broadcast();
        self.go(Screen::Summary(Arc::new(attempt)));
    }

    /// The language of the drill's text: the element's `lang`, else the drill's own.
    pub fn content_lang(self) -> String {
        let drill = self
            .loaded
            .with_untracked(|l| l.as_ref().map(|l| l.drill.lang.clone()));
        self.config(|c| c.lang.clone())
            .or(drill)
            .unwrap_or_default()
    }

    /// Re-reads the history after another tab or widget changed it.
    pub fn refresh(self) {
        self.history.set(self.store().history(now()));
    }
}

/// The words said for a mark: never colour alone.
pub fn verdict(mark: &Mark) -> &'static str {
    match mark {
        Mark { correct: true, .. } => "Correct",
        Mark { points: 0, .. } => "Not quite",
        _ => "Partly right",
    }
}

/// What a button does when pressed. Every button's handler is of this one type, so the code
/// that attaches and runs a listener is compiled once, not once per button.
pub type Press = Box<dyn FnMut(leptos::ev::MouseEvent)>;

/// A button's [`Press`] handler, from what it does.
pub fn press(mut action: impl FnMut() + 'static) -> Press {
    Box::new(move |_| action())
}

/// A directive (`use:take_focus=ctx`): moves focus to the element once it is on the page, if
/// the learner's last action asked for it ([`Ctx::go`], Check, …). The first such element
/// built after the action takes it, so a screen's heading wins over what comes after it.
pub fn take_focus(el: web_sys::Element, ctx: Ctx) {
    if !ctx.kept.with_value(|k| k.focus.replace(false)) {
        return;
    }
    // Built, not yet attached: focus it in the next frame, when the view it belongs to is on
    // the page. Focusing lays the page out; there, the browser lays it out once, as part of
    // the frame, rather than once more inside the learner's click.
    request_animation_frame(move || {
        if let Some(el) = el.dyn_ref::<web_sys::HtmlElement>() {
            let _ = el.focus();
        }
    });
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
pub fn broadcast() {
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

/// The widget: loads the drill on offer and shows the screen `ctx` is on.
#[component]
pub fn App(ctx: Ctx) -> impl IntoView {
    ctx.load(None, false);
    let screen = move || {
        match ctx.screen.get() {
        Screen::Loading => view! { <p class="loading" role="status">"Loading a cyber drill…"</p> }.into_any(),
        Screen::Failed => view! {
            <p class="failed" role="status">"This drill could not be loaded. Your progress is safe."</p>
        }
        .into_any(),
        Screen::Card => view! { <Card ctx/> }.into_any(),
        Screen::Scenario => view! { <Scenario ctx/> }.into_any(),
        Screen::Question(index) => view! { <QuestionView ctx index/> }.into_any(),
        Screen::Summary(attempt) => view! { <Summary ctx attempt/> }.into_any(),
        Screen::Overview => view! { <Overview ctx/> }.into_any(),
    }
    };
    view! {
        <section class="drill" aria-label=move || ctx.loaded.with(|l| match l {
            Some(loaded) => format!("Cyber drill: {}", loaded.entry.title),
            None => "Cyber drill".to_owned(),
        })>
            {screen}
            <SavingNote ctx/>
            <p class="visually-hidden" role="status" aria-live="polite">{move || ctx.announce.get()}</p>
        </section>
    }
}

/// Says once, plainly, when progress cannot be saved.
#[component]
fn SavingNote(ctx: Ctx) -> impl IntoView {
    move || {
        ctx.saving.track();
        let text = match ctx.store().saving() {
            // A preview's page says itself that nothing is kept.
            Saving::Saved | Saving::Preview => return None,
            Saving::Unavailable => {
                "Your progress can't be saved on this computer, so it will be lost when you close this page."
            }
            Saving::Newer => {
                "Your progress was saved by a newer version of this page, so this one won't change it."
            }
        };
        Some(view! { <p class="note">{text}</p> }.into_any())
    }
}

/// "Phishing", "Data handling": a topic (a kebab-case id such as `data-handling`) as words.
/// Only an ASCII first letter is capitalised: Unicode's case tables would cost the wasm 7 KB
/// gzip, for topic ids that are ASCII in practice (`cyberdrill check` names the usual ones).
pub fn topic_label(topic: &str) -> String {
    let mut words = topic.replace('-', " ");
    if let Some(first) = words.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    words
}

/// "Tuesday 1 December": a date as the learner reads it.
pub fn long_date(ms: i64) -> String {
    let date = Date::from_unix_ms(ms);
    let (_, month, day) = date.ymd();
    const DAYS: [&str; 7] = [
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "Monday",
        "Tuesday",
        "Wednesday",
    ];
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let weekday = DAYS[date.days().rem_euclid(7) as usize];
    format!("{weekday} {day} {}", MONTHS[(month - 1) as usize])
}

/// When a drill is due, in words: "Due now", "New", "Due again in 3 days".
pub fn due_text(history: &History, id: &str, now: i64) -> String {
    match schedule::due(history, id) {
        None => "New".to_owned(),
        Some(at) if at <= now => "Due now".to_owned(),
        Some(at) => match schedule::days_until(at, now) {
            1 => "Due again tomorrow".to_owned(),
            days => format!("Due again in {days} days"),
        },
    }
}

/// A screen's heading, which takes focus when the learner's action brought the screen up;
/// with `topic`, the "Cyber drill · Phishing" line above it.
#[component]
pub fn Title(ctx: Ctx, text: String, #[prop(optional)] topic: Option<String>) -> impl IntoView {
    view! {
        {topic.map(|topic| view! { <p class="eyebrow">"Cyber drill · " {topic_label(&topic)}</p> }.into_any())}
        <h2 tabindex="-1" use:take_focus=ctx>{text}</h2>
    }
}

#[component]
fn Card(ctx: Ctx) -> impl IntoView {
    let Some(loaded) = ctx.loaded.get_untracked() else {
        return ().into_any();
    };
    let entry = loaded.entry.clone();
    let count = loaded.drill.questions.len();
    let id = entry.id.clone();
    let due = move || due_text(&ctx.history.get(), &id, now());
    let resume = move || {
        let answered = ctx.session.get().map_or(0, |s| s.answers.len());
        match answered {
            0 => None,
            n if n >= count => Some("Resume (see your results)".to_owned()),
            n => Some(format!("Resume (question {} of {count})", n + 1)),
        }
    };
    view! {
        <div class="card">
            <Title ctx text=entry.title.clone() topic=entry.topic.clone()/>
            <p class="meta">
                {format!("About {} minute{}", entry.minutes, if entry.minutes == 1 { "" } else { "s" })}
                " · " {due}
            </p>
            <div class="actions">
                {move || match resume() {
                    Some(label) => view! {
                        <button type="button" class="primary" on:click=press(move || ctx.start(true))>
                            {label}
                        </button>
                        <button type="button" class="secondary" on:click=press(move || ctx.start(false))>"Start over"</button>
                    }
                    .into_any(),
                    None => view! {
                        <button type="button" class="primary" on:click=press(move || ctx.start(false))>"Start"</button>
                    }
                    .into_any(),
                }}
                <button type="button" class="link" on:click=press(move || ctx.go(Screen::Overview))>"My progress"</button>
            </div>
        </div>
    }
    .into_any()
}

#[component]
fn Scenario(ctx: Ctx) -> impl IntoView {
    let Some(loaded) = ctx.loaded.get_untracked() else {
        return ().into_any();
    };
    view! {
        <div class="scenario" lang=ctx.content_lang()>
            <Title ctx text=loaded.entry.title.clone() topic=loaded.entry.topic.clone()/>
            <Blocks blocks=loaded.drill.scenario.clone() base=loaded.base.clone() picking=None/>
            <div class="actions">
                <button type="button" class="primary" on:click=press(move || ctx.go(Screen::Question(0)))>"Start the questions"</button>
            </div>
        </div>
    }
    .into_any()
}

#[component]
fn Summary(ctx: Ctx, attempt: Arc<Attempt>) -> impl IntoView {
    let Some(loaded) = ctx.loaded.get_untracked() else {
        return ().into_any();
    };
    let score = attempt.score;
    let missed: Vec<String> = loaded
        .drill
        .questions
        .iter()
        .filter(|q| {
            attempt
                .answers
                .iter()
                .find(|(id, _)| *id == q.id)
                .is_none_or(|(_, a)| !score::mark(q, a).correct)
        })
        .map(|q| q.takeaway.clone())
        .filter(|t| !t.is_empty())
        .collect();
    let title = if score.correct == score.questions {
        "Well done: all correct"
    } else {
        "Drill complete"
    };
    let comes_back = match schedule::due(&ctx.history.get_untracked(), &attempt.drill) {
        Some(at) => format!(
            "This drill comes back in {} day{}, on {}.",
            schedule::days_until(at, attempt.at),
            if schedule::days_until(at, attempt.at) == 1 {
                ""
            } else {
                "s"
            },
            long_date(at)
        ),
        None => String::new(),
    };
    let report = ctx.config(|c| c.report_url.clone());
    let id = attempt.drill.clone();
    view! {
        <div class="summary">
            <Title ctx text=title.to_owned()/>
            <p class="score">{score_text(&score)}</p>
            {(!missed.is_empty()).then(|| view! {
                <h3>"Worth remembering"</h3>
                <ul class="takeaways" lang=ctx.content_lang()>{missed.into_iter().map(|t| view! { <li>{t}</li> }.into_any()).collect_view()}</ul>
            }.into_any())}
            <p>{comes_back}</p>
            {report.map(|url| view! {
                <div class="report">
                    <h3>"Report it"</h3>
                    <p>"If you meet something like this for real, report it straight away. Reporting early stops it spreading, and nobody is blamed for reporting."</p>
                    <a class="button primary" href=url target="_blank" rel="noopener noreferrer">"Report it"</a>
                </div>
            }.into_any())}
            <div class="actions">
                <button type="button" class="primary" on:click=press(move || ctx.load(Some(id.clone()), true))>"Another drill"</button>
                <button type="button" class="secondary" on:click=press(move || { ctx.move_focus(); ctx.load(None, false) })>"Done"</button>
                <button type="button" class="link" on:click=press(move || ctx.go(Screen::Overview))>"My progress"</button>
            </div>
        </div>
    }
    .into_any()
}

/// "You answered 3 of 4 questions right."
pub fn score_text(score: &Score) -> String {
    format!(
        "You answered {} of {} question{} right.",
        score.correct,
        score.questions,
        if score.questions == 1 { "" } else { "s" }
    )
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::topic_label;

    #[wasm_bindgen_test]
    fn topic_labels_are_words_with_a_capital() {
        assert_eq!(topic_label("phishing"), "Phishing");
        assert_eq!(topic_label("data-handling"), "Data handling");
        assert_eq!(topic_label(""), "");
        // Outside ASCII the first letter stays as written (no Unicode case tables in the wasm).
        assert_eq!(topic_label("écrans"), "écrans");
    }
}
