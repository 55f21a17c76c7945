//! Reporting to the trust's learning record store (LRS): the xAPI 1.0.3 statements a drill
//! makes, the outbox that keeps them until the LRS has them, and what each answer from the
//! LRS means. Pure, like the rest of the core: the caller gives the time, the jitter and
//! every setting; nothing here sends, stores or reads a clock.
//!
//! **Statements.** An [`Attempt`] (one learner, one drill, one start time) makes three kinds:
//! [`Attempt::initialized`] when the drill starts, [`Attempt::answered`] for each question
//! checked, [`Attempt::completed`] at the summary. The actor is an `account` (the web team's
//! `homePage`, the host page's `learner` value), never a name or an email address. Activity
//! ids are URLs under the content's base: the drill is `{content}{drill id}`, a question
//! `{content}{drill id}#{question id}` (a fragment, so no question can ever be taken for a
//! drill whose id has one more `/` part), its topic `{content}?topic={topic}` (a query, which
//! no drill id has). The drill's content hash is the context's `revision`: choice ids are the
//! choices' positions in the drill as written, and mean something only against that text.
//!
//! **Ids.** A statement's id, and the attempt's `registration`, are name-based UUIDs: the
//! first 128 bits of SHA-256 over [`UUID_NAMESPACE`] and the name (the web team's `homePage`, the
//! learner, the drill, the attempt's start time in milliseconds, the verb and, for an answer,
//! the question id, each length-prefixed), with the version set to 8 and the variant to RFC
//! 4122's: RFC 9562's version 8, built as its appendix B.2 example builds a name-based one
//! with SHA-256. Not version 5 (SHA-1): the widget already carries SHA-256 ([`crate::digest`])
//! and no SHA-1. So the same attempt, resent after a reload, a crash or a lost response, makes
//! the same ids, and the LRS answers a resend with a conflict, which counts as delivered.
//!
//! **Outbox.** [`Outbox`] holds the statements not yet accepted, in order, bounded by
//! [`MAX_STATEMENTS`] and [`MAX_BYTES`]; when full, completions are kept before answers
//! ([`Outbox::push`]). Its JSON (for localStorage) carries a schema version and is read record
//! by record ([`read_outbox`]): one statement that does not read is set aside alone, as
//! [`crate::progress`] sets aside one attempt. Sending is batches ([`Outbox::take_batch`])
//! whose answer from the LRS ([`classify`]) settles them ([`Outbox::settle`]), with an
//! exponential backoff ([`next_attempt_at`]).

use serde::{Deserialize, Serialize};

use crate::date::{DAY_MS, Date};
use crate::json::{self, FromJson, Object, ObjectWriter, ToJson, Value};
use crate::lesson::{Kind, Question};
use crate::progress::{NAMESPACE, Read};
use crate::score::{Answer, Mark, Score};

/// The xAPI version these statements follow (the `X-Experience-API-Version` header to send).
pub const VERSION: &str = "1.0.3";

/// The namespace of every statement id and registration: a fixed random UUID, cyberdrill's
/// own, so no other system's name-based UUIDs can coincide with ours.
pub const UUID_NAMESPACE: &str = "65671d13-9c7a-4e9b-a1c5-382fd7273e87";

/// The verb of a drill started.
pub const INITIALIZED: &str = "http://adlnet.gov/expapi/verbs/initialized";
/// The verb of a question checked.
pub const ANSWERED: &str = "http://adlnet.gov/expapi/verbs/answered";
/// The verb of a drill finished.
pub const COMPLETED: &str = "http://adlnet.gov/expapi/verbs/completed";
/// The activity type of a drill.
pub const ASSESSMENT: &str = "http://adlnet.gov/expapi/activities/assessment";
/// The activity type of a question.
pub const INTERACTION: &str = "http://adlnet.gov/expapi/activities/cmi.interaction";

/// The share of a drill's credit that makes its `completed` statement's `success` true, in
/// percent: the summary's "well done" line and the trust's "passed" are the same thing.
pub const PASS_PERCENT: u32 = 80;

/// The longest `learner` value reported, in bytes: an id, not a document.
pub const LEARNER_BYTES: usize = 200;

/// What a statement records, and how much it matters when the outbox is full: an answer
/// least, then a start, a completion most (the order of the variants).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verb {
    /// One question checked.
    Answered,
    /// A drill started.
    Initialized,
    /// A drill finished, with its score.
    Completed,
}

impl Verb {
    /// The verb's IRI.
    pub fn iri(self) -> &'static str {
        match self {
            Verb::Answered => ANSWERED,
            Verb::Initialized => INITIALIZED,
            Verb::Completed => COMPLETED,
        }
    }

    /// Its name: the last part of the IRI, its `display` and its stored form.
    pub fn name(self) -> &'static str {
        let iri = self.iri();
        &iri[iri.rfind('/').map_or(0, |i| i + 1)..]
    }
}

impl FromJson for Verb {
    fn from_json(value: &Value) -> Result<Self, String> {
        match value {
            Value::Str(name) if name == "answered" => Ok(Verb::Answered),
            Value::Str(name) if name == "initialized" => Ok(Verb::Initialized),
            Value::Str(name) if name == "completed" => Ok(Verb::Completed),
            _ => Err("expected answered, initialized or completed".to_owned()),
        }
    }
}

impl ToJson for Verb {
    fn write_json(&self, out: &mut String) {
        json::write_str(self.name(), out);
    }
}

/// Who reports, and where: the settings an attempt's statements are made with, checked once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reporter {
    home_page: String,
    learner: String,
    content: String,
}

impl Reporter {
    /// The web team's `home_page` (the actor account's `homePage`: the system whose account
    /// names are the `learner` values, e.g. the intranet's address), the host page's `learner`
    /// value, and the content's base URL as the widget resolved it. An error, for the console,
    /// says why reporting stays off: no learner (statements need a person, and there is no
    /// one to name), or a setting that is not an absolute http(s) URL.
    pub fn new(home_page: &str, learner: Option<&str>, content: &str) -> Result<Reporter, String> {
        let learner = learner.map(str::trim).filter(|l| !l.is_empty());
        let Some(learner) = learner else {
            return Err("reporting is off: the page gives no `learner` value".to_owned());
        };
        if learner.len() > LEARNER_BYTES {
            return Err(format!(
                "reporting is off: the `learner` value is over {LEARNER_BYTES} bytes"
            ));
        }
        for (name, url) in [("home page", home_page), ("content", content)] {
            if !is_web_url(url) {
                return Err(format!(
                    "reporting is off: the {name} `{url}` is not an absolute http(s) URL"
                ));
            }
        }
        let mut content = content.to_owned();
        if !content.ends_with('/') {
            content.push('/');
        }
        Ok(Reporter {
            home_page: home_page.to_owned(),
            learner: learner.to_owned(),
            content,
        })
    }

    /// The activity id of the drill `drill`.
    pub fn drill_activity(&self, drill: &str) -> String {
        format!("{}{drill}", self.content)
    }

    /// The activity id of question `question` of drill `drill`.
    pub fn question_activity(&self, drill: &str, question: &str) -> String {
        format!("{}{drill}#{question}", self.content)
    }

    /// The activity id of topic `topic`.
    pub fn topic_activity(&self, topic: &str) -> String {
        format!("{}?topic={topic}", self.content)
    }
}

/// Whether `url` is `http://` or `https://` with a host and no space or control character.
fn is_web_url(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|rest| {
        !rest.is_empty() && !rest.starts_with('/') && url.bytes().all(|b| b > b' ' && b != 0x7f)
    })
}

/// The drill an attempt is at, as its statements name it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DrillInfo {
    /// The drill's id.
    pub id: String,
    /// Its title, plain text.
    pub title: String,
    /// Its BCP 47 language tag (`en-GB`).
    pub lang: String,
    /// Its topic.
    pub topic: String,
    /// The content hash of its text (the catalog's `source`): the statements' `revision`.
    pub revision: String,
}

/// A question as an `answered` statement describes it: a `choice` interaction.
///
/// Pick-one and select-all questions are `choice` interactions over their choices. A
/// spot-the-red-flags question is one too, over the mock-up's selectable parts: the learner
/// selects any number of them, which is what `choice` with several correct ids records, so a
/// report can say which red flag was missed; `other` would keep only an opaque string. Choice
/// ids are positions as written (`"0"`, `"1"`, …), the indices the answer holds; the
/// statement's `revision` says which text they index. A genuine message's correct response is
/// the empty selection, `""`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Interaction {
    /// The question's id.
    pub id: String,
    /// Its prompt, plain text: the activity's name.
    pub prompt: String,
    /// How many choices (or selectable parts) it has.
    pub choices: u16,
    /// The positions of the right ones, ascending.
    pub correct: Vec<u16>,
}

impl Interaction {
    /// `question` as an interaction: its choices, or for a red-flags question its selectable
    /// parts, and the positions of the right ones.
    pub fn of(question: &Question) -> Interaction {
        let truth: Vec<bool> = match question.kind() {
            Kind::RedFlags => question
                .selectable_parts()
                .map(|p| p.reason.is_some())
                .collect(),
            Kind::PickOne | Kind::SelectAll => question.choices.iter().map(|c| c.correct).collect(),
        };
        Interaction {
            id: question.id.clone(),
            prompt: question.prompt.clone(),
            choices: u16::try_from(truth.len()).unwrap_or(u16::MAX),
            correct: (0..truth.len())
                .filter(|&i| truth[i])
                .filter_map(|i| u16::try_from(i).ok())
                .collect(),
        }
    }
}

/// One statement, ready to send: its id, its verb (for the outbox's priorities) and its JSON.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    /// The statement's id, a UUID (the JSON's first member).
    pub id: String,
    /// What it records.
    pub verb: Verb,
    /// The statement as JSON, exactly as it is sent. Kept as text: `score.scaled` is a decimal
    /// fraction, which the crate's JSON reader does not read, and nothing needs to.
    pub statement: String,
    /// Sent in a batch the LRS refused as a whole: sent alone next, to find the one at fault.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub suspect: bool,
}

/// One learner's attempt at one drill: what its statements share.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attempt {
    reporter: Reporter,
    drill: DrillInfo,
    started: i64,
    registration: String,
}

impl Attempt {
    /// The attempt `reporter`'s learner started at `drill` at `started` (Unix milliseconds):
    /// the same three give the same registration and statement ids, whoever builds them.
    pub fn new(reporter: Reporter, drill: DrillInfo, started: i64) -> Attempt {
        let mut attempt = Attempt {
            reporter,
            drill,
            started,
            registration: String::new(),
        };
        attempt.registration = attempt.uuid("registration", "");
        attempt
    }

    /// The attempt's registration: `context.registration` of its every statement.
    pub fn registration(&self) -> &str {
        &self.registration
    }

    /// The name-based UUID of `what` (and `question`) in this attempt.
    fn uuid(&self, what: &str, question: &str) -> String {
        let mut name = String::new();
        for part in [
            self.reporter.home_page.as_str(),
            &self.reporter.learner,
            &self.drill.id,
            &self.started.to_string(),
            what,
            question,
        ] {
            name.push_str(&part.len().to_string());
            name.push(':');
            name.push_str(part);
        }
        name_uuid(&name)
    }

    /// The drill started (at the attempt's start).
    pub fn initialized(&self) -> Statement {
        self.statement(
            Verb::Initialized,
            "",
            self.drill_object(),
            None,
            self.started,
        )
    }

    /// `question` checked at `at`, answered `answer`, marked `mark`. One statement per
    /// question and attempt: its id names the question, not the time, so an answer checked
    /// again in the same attempt is the same statement to the LRS, and the first one stands.
    pub fn answered(
        &self,
        question: &Interaction,
        answer: &Answer,
        mark: &Mark,
        at: i64,
    ) -> Statement {
        let (Answer::Choices(picked) | Answer::Parts(picked)) = answer;
        let mut picked = picked.clone();
        crate::sort::sort_dedup(&mut picked);
        let mut definition = String::new();
        ObjectWriter::new(&mut definition)
            .field("name", &Raw(self.language_map(&question.prompt)))
            .field("type", &INTERACTION)
            .field("interactionType", &"choice")
            .field(
                "correctResponsesPattern",
                &vec![responses(&question.correct)],
            )
            .field(
                "choices",
                &(0..question.choices)
                    .map(|i| Raw(format!("{{\"id\":\"{i}\"}}")))
                    .collect::<Vec<_>>(),
            )
            .end();
        let object = activity(
            &self
                .reporter
                .question_activity(&self.drill.id, &question.id),
            Some(definition),
        );
        let mut result = String::new();
        ObjectWriter::new(&mut result)
            .field("success", &mark.correct)
            .field("response", &responses(&picked))
            .end();
        self.statement(Verb::Answered, &question.id, object, Some(result), at)
    }

    /// The drill finished at `at` with `score`: `score.raw` is its credit out of `max`,
    /// `success` whether that reaches [`PASS_PERCENT`], `duration` the time since the start.
    pub fn completed(&self, score: &Score, at: i64) -> Statement {
        let mut result = String::new();
        let mut writer = ObjectWriter::new(&mut result);
        if score.out_of > 0 {
            let points = score.points.min(score.out_of);
            let mut raw = String::new();
            ObjectWriter::new(&mut raw)
                .field("scaled", &Raw(scaled(points, score.out_of)))
                .field("raw", &points)
                .field("min", &0u32)
                .field("max", &score.out_of)
                .end();
            writer = writer.field("score", &Raw(raw));
        }
        writer
            .field("success", &passed(score))
            .field("completion", &true)
            .field("duration", &duration(at.saturating_sub(self.started)))
            .end();
        self.statement(Verb::Completed, "", self.drill_object(), Some(result), at)
    }

    fn drill_object(&self) -> String {
        let mut definition = String::new();
        ObjectWriter::new(&mut definition)
            .field("name", &Raw(self.language_map(&self.drill.title)))
            .field("type", &ASSESSMENT)
            .end();
        activity(
            &self.reporter.drill_activity(&self.drill.id),
            Some(definition),
        )
    }

    /// `{"<lang>":"text"}`, `und` when the drill names no language.
    fn language_map(&self, text: &str) -> String {
        let lang = if self.drill.lang.is_empty() {
            "und"
        } else {
            &self.drill.lang
        };
        let mut map = String::new();
        ObjectWriter::new(&mut map).field(lang, &text).end();
        map
    }

    fn statement(
        &self,
        verb: Verb,
        question: &str,
        object: String,
        result: Option<String>,
        at: i64,
    ) -> Statement {
        let id = self.uuid(verb.name(), question);
        let mut parents = vec![];
        if verb == Verb::Answered {
            parents.push(Raw(activity(
                &self.reporter.drill_activity(&self.drill.id),
                None,
            )));
        }
        let mut activities = String::new();
        let mut writer = ObjectWriter::new(&mut activities);
        if !parents.is_empty() {
            writer = writer.field("parent", &parents);
        }
        writer
            .field(
                "grouping",
                &vec![Raw(activity(
                    &self.reporter.topic_activity(&self.drill.topic),
                    None,
                ))],
            )
            .end();
        let mut context = String::new();
        let writer = ObjectWriter::new(&mut context).field("registration", &self.registration);
        let writer = if self.drill.revision.is_empty() {
            writer
        } else {
            writer.field("revision", &self.drill.revision)
        };
        let writer = if self.drill.lang.is_empty() {
            writer
        } else {
            writer.field("language", &self.drill.lang)
        };
        writer.field("contextActivities", &Raw(activities)).end();
        let mut actor = String::new();
        let mut account = String::new();
        ObjectWriter::new(&mut account)
            .field("homePage", &self.reporter.home_page)
            .field("name", &self.reporter.learner)
            .end();
        ObjectWriter::new(&mut actor)
            .field("objectType", &"Agent")
            .field("account", &Raw(account))
            .end();
        let mut verb_json = String::new();
        let mut display = String::new();
        ObjectWriter::new(&mut display)
            .field("en-US", &verb.name())
            .end();
        ObjectWriter::new(&mut verb_json)
            .field("id", &verb.iri())
            .field("display", &Raw(display))
            .end();
        let mut statement = String::new();
        let writer = ObjectWriter::new(&mut statement)
            .field("id", &id)
            .field("actor", &Raw(actor))
            .field("verb", &Raw(verb_json))
            .field("object", &Raw(object));
        let writer = match result {
            Some(result) => writer.field("result", &Raw(result)),
            None => writer,
        };
        writer
            .field("context", &Raw(context))
            .field("timestamp", &timestamp(at))
            .end();
        Statement {
            id,
            verb,
            statement,
            suspect: false,
        }
    }
}

/// Whether `score` reaches [`PASS_PERCENT`] of the drill's credit (a drill with no credit to
/// earn is passed by finishing it).
pub fn passed(score: &Score) -> bool {
    u64::from(score.points) * 100 >= u64::from(score.out_of) * u64::from(PASS_PERCENT)
}

/// JSON written as it is: a member already rendered.
struct Raw(String);

impl ToJson for Raw {
    fn write_json(&self, out: &mut String) {
        out.push_str(&self.0);
    }
}

/// `{"objectType":"Activity","id":…,"definition":…}`.
fn activity(id: &str, definition: Option<String>) -> String {
    let mut out = String::new();
    let writer = ObjectWriter::new(&mut out)
        .field("objectType", &"Activity")
        .field("id", &id);
    match definition {
        Some(definition) => writer.field("definition", &Raw(definition)),
        None => writer,
    }
    .end();
    out
}

/// Choice ids as xAPI joins them: `0[,]2`.
fn responses(picked: &[u16]) -> String {
    let mut out = String::new();
    for (i, p) in picked.iter().enumerate() {
        if i > 0 {
            out.push_str("[,]");
        }
        out.push_str(&p.to_string());
    }
    out
}

/// `points / out_of` (`out_of > 0`, `points <= out_of`) as a decimal of at most four places,
/// rounded half up, written without floating point (no float formatting in the wasm).
fn scaled(points: u32, out_of: u32) -> String {
    let (points, out_of) = (u64::from(points), u64::from(out_of));
    let ten_thousandths = (points * 20_000 + out_of) / (2 * out_of);
    match ten_thousandths {
        0 => "0".to_owned(),
        10_000.. => "1".to_owned(),
        n => {
            let digits = format!("{n:04}");
            format!("0.{}", digits.trim_end_matches('0'))
        }
    }
}

/// A Unix time in milliseconds as ISO 8601 in UTC, to the millisecond:
/// `2026-12-03T12:11:33.000Z`.
pub fn timestamp(ms: i64) -> String {
    let (y, mo, d) = Date::from_unix_ms(ms).ymd();
    let of_day = ms.rem_euclid(DAY_MS);
    let (h, mi, s, milli) = (
        of_day / 3_600_000,
        of_day / 60_000 % 60,
        of_day / 1000 % 60,
        of_day % 1000,
    );
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{milli:03}Z")
}

/// A span of milliseconds as an ISO 8601 duration to the hundredth of a second, as xAPI
/// keeps it: `PT1M23.45S`, `PT0S`; a negative span (a clock set back) is `PT0S`.
pub fn duration(ms: i64) -> String {
    let cs = ms.max(0) / 10;
    let (h, m, s, frac) = (cs / 360_000, cs / 6000 % 60, cs / 100 % 60, cs % 100);
    let mut out = "PT".to_owned();
    if h > 0 {
        out.push_str(&format!("{h}H"));
    }
    if m > 0 {
        out.push_str(&format!("{m}M"));
    }
    out.push_str(&s.to_string());
    if frac > 0 {
        let frac = format!(".{frac:02}");
        out.push_str(frac.trim_end_matches('0'));
    }
    out.push('S');
    out
}

/// The name-based UUID (version 8, SHA-256) of `name` in [`UUID_NAMESPACE`].
fn name_uuid(name: &str) -> String {
    let mut bytes: Vec<u8> = Vec::with_capacity(16 + name.len());
    let namespace = UUID_NAMESPACE.replace('-', "");
    for i in 0..16 {
        bytes.push(u8::from_str_radix(&namespace[2 * i..2 * i + 2], 16).unwrap_or(0));
    }
    bytes.extend_from_slice(name.as_bytes());
    let hex = crate::digest::sha256(&bytes);
    let mut digits: Vec<u8> = hex.as_bytes()[..32].to_vec();
    // Version 8 in the 13th digit; the variant 10xx in the 17th.
    digits[12] = b'8';
    let variant = match digits[16] {
        d @ b'0'..=b'9' => d - b'0',
        d => d - b'a' + 10,
    };
    digits[16] = b"89ab"[usize::from(variant & 3)];
    let digits = String::from_utf8(digits).unwrap_or_default();
    format!(
        "{}-{}-{}-{}-{}",
        &digits[..8],
        &digits[8..12],
        &digits[12..16],
        &digits[16..20],
        &digits[20..]
    )
}

/// Whether `id` is a UUID in the standard form, lowercase: `8-4-4-4-12` hex digits.
pub fn is_uuid(id: &str) -> bool {
    id.len() == 36
        && id.bytes().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_digit() || (b'a'..=b'f').contains(&b),
        })
}

/// The schema version of the outbox's stored JSON.
pub const OUTBOX_SCHEMA: u32 = 1;

/// The most statements the outbox holds: some eighty drills of four questions (the bytes,
/// [`MAX_BYTES`], usually bind first).
pub const MAX_STATEMENTS: usize = 500;

/// The most bytes of statement JSON the outbox holds (some 290 KB stored, with its escapes):
/// about 250 statements of 0.8 to 1.1 KB, thirty-odd drills of four questions, and 6 % of an
/// origin's usual 5 MB of localStorage, which the intranet's other apps share.
pub const MAX_BYTES: usize = 256 * 1024;

/// The longest statement the outbox takes, in bytes: a statement of ours is 0.8 to 1.1 KB,
/// with a choice id per choice or part. A longer one is set aside when pushed.
pub const STATEMENT_BYTES: usize = 4096;

/// The most statements set aside that the outbox keeps for the console (the newest).
pub const MAX_REJECTED: usize = 10;

/// The most statements in one request, and the most bytes.
pub const BATCH_STATEMENTS: usize = 50;
/// See [`BATCH_STATEMENTS`].
pub const BATCH_BYTES: usize = 64 * 1024;

/// The first retry's delay after a failure, in milliseconds; each further failure doubles it.
pub const BACKOFF_BASE_MS: i64 = 5_000;
/// The longest delay between retries: 15 minutes. A page load and the browser's `online` event
/// try again sooner ([`Outbox::wake`]).
pub const BACKOFF_CAP_MS: i64 = 15 * 60_000;

/// Where the outbox of statements for the LRS at `endpoint` (the `lrs` setting, resolved) is
/// stored: one per origin and endpoint, shared by every learner and widget on the origin, so
/// any page load sends what any learner left, and a statement only ever goes to the LRS it
/// was made for.
pub fn outbox_key(endpoint: &str) -> String {
    format!(
        "{NAMESPACE}outbox:{}",
        crate::catalog::content_hash(endpoint.as_bytes())
    )
}

/// A statement the LRS refused, kept for the console.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejected {
    /// The statement's id.
    pub id: String,
    /// When it was refused, Unix milliseconds.
    pub at: i64,
    /// Why: the status and what the LRS said (at most 300 bytes of it).
    pub reason: String,
    /// The statement's JSON.
    pub statement: String,
}

/// Statements waiting for the LRS, oldest first, and what sending has met.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outbox {
    /// Schema version ([`OUTBOX_SCHEMA`]).
    pub schema: u32,
    /// Statements not yet accepted, in the order made.
    pub pending: Vec<Statement>,
    /// Statements the LRS refused, newest last, at most [`MAX_REJECTED`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rejected: Vec<Rejected>,
    /// Failed sends since the last that reached the LRS.
    #[serde(default, skip_serializing_if = "crate::json::is_default")]
    pub failures: u32,
    /// Not before this time (Unix milliseconds) is the next send due.
    #[serde(default, skip_serializing_if = "crate::json::is_default")]
    pub next: i64,
    /// Statements dropped because the outbox was full, ever: the console says how many.
    #[serde(default, skip_serializing_if = "crate::json::is_default")]
    pub dropped: u32,
}

impl Default for Outbox {
    fn default() -> Self {
        Outbox {
            schema: OUTBOX_SCHEMA,
            pending: Vec::new(),
            rejected: Vec::new(),
            failures: 0,
            next: 0,
            dropped: 0,
        }
    }
}

/// What to send next: a JSON array of statements and their ids.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Batch {
    /// The statements' ids, in the body's order.
    pub ids: Vec<String>,
    /// The request body, `[statement,…]`.
    pub body: String,
}

/// What an answer from the LRS means for the statements sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Response {
    /// Stored (200, 204), or already there (409: a statement with the id exists, so a resend):
    /// remove them.
    Accepted,
    /// Try again later: network error, timeout (408), throttling (429), the LRS's or the
    /// proxy's failure (5xx).
    Retry,
    /// The address or the credentials are wrong (401, 403, 404, 405, 407): no statement is at
    /// fault, so none is set aside; wait the longest delay and say so in the console, where
    /// the web team will look.
    Misconfigured(String),
    /// The statement is at fault (any other 4xx, such as 400): set it aside with the detail.
    Refused(String),
}

/// What an LRS's answer means: `status` is `None` when no answer came (network error,
/// timeout); `body` the start of what it said, for the console.
pub fn classify(status: Option<u16>, body: &str) -> Response {
    let detail = |status: u16| {
        let mut detail = format!("HTTP {status}");
        let body = body.trim();
        if !body.is_empty() {
            let mut end = body.len().min(300);
            while !body.is_char_boundary(end) {
                end -= 1;
            }
            detail.push_str(": ");
            detail.push_str(&body[..end]);
        }
        detail
    };
    match status {
        None | Some(408 | 429 | 500..=599) => Response::Retry,
        Some(200 | 204 | 409) => Response::Accepted,
        Some(status @ (401 | 403 | 404 | 405 | 407)) => Response::Misconfigured(detail(status)),
        Some(status @ 400..=499) => Response::Refused(detail(status)),
        // 1xx, other 2xx, 3xx: not an answer an LRS gives; the proxy is not forwarding.
        Some(status) => Response::Misconfigured(detail(status)),
    }
}

/// When to send again after `failures` failures in a row (0: now): the delay doubles from
/// [`BACKOFF_BASE_MS`] up to [`BACKOFF_CAP_MS`], and `jitter` (0 to 1000, the caller's random
/// draw; more counts as 1000) picks a point in its upper half, so tabs and learners that
/// failed together do not retry together. Deterministic given the jitter.
pub fn next_attempt_at(failures: u32, now: i64, jitter: u32) -> i64 {
    if failures == 0 {
        return now;
    }
    let delay = BACKOFF_BASE_MS
        .saturating_mul(1 << (failures - 1).min(20))
        .min(BACKOFF_CAP_MS);
    let jitter = i64::from(jitter.min(1000));
    now.saturating_add(delay / 2 + delay / 2 * jitter / 1000)
}

/// What [`Outbox::push`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pushed {
    /// Queued.
    Queued,
    /// Already queued (the same id): nothing changed.
    Known,
    /// Queued, and to make room these statements (ids) were dropped.
    Dropped(Vec<String>),
    /// Not queued: the outbox is full of statements that matter more.
    Full,
    /// Not queued: over [`STATEMENT_BYTES`]; set aside.
    TooLarge,
}

impl Outbox {
    /// Bytes of statement JSON pending.
    pub fn bytes(&self) -> usize {
        self.pending.iter().map(|s| s.statement.len()).sum()
    }

    /// Queues `statement`. When the outbox is at [`MAX_STATEMENTS`] or [`MAX_BYTES`], the
    /// oldest statement of the least important verb goes first (answers, then starts, then
    /// completions: [`Verb`]'s order); a new statement less important than everything queued
    /// is not queued.
    pub fn push(&mut self, statement: Statement, now: i64) -> Pushed {
        if self.pending.iter().any(|s| s.id == statement.id) {
            return Pushed::Known;
        }
        if statement.statement.len() > STATEMENT_BYTES {
            let reason = format!(
                "the statement is {} bytes, over the limit of {STATEMENT_BYTES}",
                statement.statement.len()
            );
            // Kept without its text, which is what is wrong with it.
            let statement = Statement {
                statement: String::new(),
                ..statement
            };
            self.set_aside(statement, reason, now);
            return Pushed::TooLarge;
        }
        let id = statement.id.clone();
        self.pending.push(statement);
        // The outbox was within its bounds, so if the new statement goes, it goes alone.
        let dropped = self.bound();
        if dropped.contains(&id) {
            return Pushed::Full;
        }
        if dropped.is_empty() {
            Pushed::Queued
        } else {
            Pushed::Dropped(dropped)
        }
    }

    /// Drops statements, least important and oldest first, until the outbox is within its
    /// bounds; their ids. The newest statement goes only when everything else matters more:
    /// of equals, the older goes.
    fn bound(&mut self) -> Vec<String> {
        let mut dropped = Vec::new();
        let mut bytes = self.bytes();
        while self.pending.len() > MAX_STATEMENTS || bytes > MAX_BYTES {
            let Some(least) = self.pending.iter().map(|s| s.verb).min() else {
                break;
            };
            let Some(at) = self.pending.iter().position(|s| s.verb == least) else {
                break;
            };
            let gone = self.pending.remove(at);
            bytes -= gone.statement.len();
            self.dropped = self.dropped.saturating_add(1);
            dropped.push(gone.id);
        }
        dropped
    }

    /// The next batch to send at `now`, if one is due: statements in order, up to
    /// [`BATCH_STATEMENTS`] and [`BATCH_BYTES`]; a suspect statement (of a batch the LRS
    /// refused whole) alone.
    pub fn take_batch(&self, now: i64) -> Option<Batch> {
        if now < self.next {
            return None;
        }
        let first = self.pending.first()?;
        let mut batch = Batch {
            ids: Vec::new(),
            body: "[".to_owned(),
        };
        for statement in &self.pending {
            let full = batch.ids.len() == BATCH_STATEMENTS
                || batch.body.len() + statement.statement.len() > BATCH_BYTES;
            if !batch.ids.is_empty() && (full || statement.suspect || first.suspect) {
                break;
            }
            if !batch.ids.is_empty() {
                batch.body.push(',');
            }
            batch.body.push_str(&statement.statement);
            batch.ids.push(statement.id.clone());
        }
        batch.body.push(']');
        Some(batch)
    }

    /// The LRS has the statements `ids`: they leave the outbox.
    pub fn acknowledge(&mut self, ids: &[String]) {
        self.pending.retain(|s| !ids.contains(&s.id));
    }

    /// The LRS refused statement `id` for `reason` at `now`: it moves aside, to the newest
    /// [`MAX_REJECTED`] kept for the console.
    pub fn reject(&mut self, id: &str, reason: String, now: i64) {
        if let Some(at) = self.pending.iter().position(|s| s.id == id) {
            let statement = self.pending.remove(at);
            self.set_aside(statement, reason, now);
        }
    }

    fn set_aside(&mut self, statement: Statement, reason: String, now: i64) {
        self.rejected.push(Rejected {
            id: statement.id,
            at: now,
            reason,
            statement: statement.statement,
        });
        let over = self.rejected.len().saturating_sub(MAX_REJECTED);
        self.rejected.drain(..over);
    }

    /// Settles the batch `ids` by the LRS's `response` at `now` (`jitter` as for
    /// [`next_attempt_at`]): accepted, they leave; to retry, the next send waits; refused,
    /// a single statement is set aside, and a batch's statements become suspects, each sent
    /// alone next so only the one at fault is set aside.
    pub fn settle(&mut self, ids: &[String], response: &Response, now: i64, jitter: u32) {
        match response {
            Response::Accepted => {
                self.acknowledge(ids);
                self.failures = 0;
                self.next = now;
            }
            Response::Retry => {
                self.failures = self.failures.saturating_add(1);
                self.next = next_attempt_at(self.failures, now, jitter);
            }
            Response::Misconfigured(_) => {
                self.failures = self.failures.saturating_add(1);
                self.next = now.saturating_add(BACKOFF_CAP_MS);
            }
            Response::Refused(reason) => {
                if let [id] = ids {
                    self.reject(id, reason.clone(), now);
                } else {
                    for statement in &mut self.pending {
                        statement.suspect |= ids.contains(&statement.id);
                    }
                }
                self.failures = 0;
                self.next = now;
            }
        }
    }

    /// Sends are due again now (a page load, the browser's `online` event): the failures
    /// still count towards the next delay.
    pub fn wake(&mut self) {
        self.next = 0;
    }
}

json::wire! { FromJson, ToJson for Statement { id, verb, statement, suspect: sparse } }
json::wire! { FromJson, ToJson for Rejected { id, at, reason, statement } }
json::wire! {
    ToJson for Outbox { schema, pending, rejected: sparse, failures: sparse, next: sparse, dropped: sparse }
}

/// Whether `statement` could have been made by an [`Attempt`]: a UUID id, its JSON starting
/// with that id, within [`STATEMENT_BYTES`].
fn is_sound(statement: &Statement) -> bool {
    is_uuid(&statement.id)
        && statement.statement.len() <= STATEMENT_BYTES
        && statement
            .statement
            .strip_prefix("{\"id\":\"")
            .and_then(|rest| rest.strip_prefix(statement.id.as_str()))
            .is_some_and(|rest| rest.starts_with("\",") && statement.statement.ends_with('}'))
}

/// Reads the stored outbox. Each statement is read alone: one that does not read, or that no
/// [`Attempt`] could have made, or a second with the same id, is set aside
/// ([`Read::SetAside`], for the quarantine) and the rest kept; the counters fall back to 0
/// rather than lose the statements. The bounds apply to what is read. An outbox from a newer
/// widget is [`Read::Newer`]: leave it, send nothing from it.
pub fn read_outbox(text: Option<&str>) -> Read<Outbox> {
    let Some(text) = text else {
        return Read::Missing;
    };
    let value = match json::parse(text) {
        Ok(value) => value,
        Err(e) => return Read::Unreadable(format!("not JSON: {e}")),
    };
    let Ok(o) = Object::of(&value) else {
        return Read::Unreadable("wrong shape: expected an object".to_owned());
    };
    let schema = match o.get::<u32>("schema") {
        Ok(0) | Err(_) => return Read::Unreadable("no schema version".to_owned()),
        Ok(schema) => schema,
    };
    if schema > OUTBOX_SCHEMA {
        return Read::Newer(schema, None);
    }
    let Some(Value::Array(pending)) = o.member("pending") else {
        return Read::Unreadable("wrong shape: field `pending`: expected an array".to_owned());
    };
    let number = |key| o.opt(key).ok().flatten().unwrap_or_default();
    let mut outbox = Outbox {
        failures: number("failures"),
        dropped: number("dropped"),
        next: o.opt("next").ok().flatten().unwrap_or_default(),
        ..Outbox::default()
    };
    let mut aside = Vec::new();
    for item in pending {
        match Statement::from_json(item) {
            Ok(s) if is_sound(&s) && outbox.pending.iter().all(|p| p.id != s.id) => {
                outbox.pending.push(s);
            }
            _ => aside.push(item.clone()),
        }
    }
    if let Some(Value::Array(rejected)) = o.member("rejected") {
        for item in rejected {
            match Rejected::from_json(item) {
                Ok(r) if r.statement.len() <= STATEMENT_BYTES && r.reason.len() <= 1024 => {
                    outbox.rejected.push(r);
                }
                _ => aside.push(item.clone()),
            }
        }
        let over = outbox.rejected.len().saturating_sub(MAX_REJECTED);
        outbox.rejected.drain(..over);
    }
    outbox.bound();
    if aside.is_empty() {
        Read::Current(outbox)
    } else {
        Read::SetAside(outbox, Value::Array(aside).to_json())
    }
}

/// What has been turned into statements, so that each is made once: the reporting module
/// makes statements from the learner's stored progress (the drill in progress, which the
/// widget saves at Start and at every Check, and the history it records at the summary), never from the
/// widget's memory, so a page that closes before the module has loaded loses nothing.
/// Stored beside the outbox, one per LRS address ([`journal_key`]); learners are named by
/// their progress key prefix (a hash of the `learner` value), never the value itself.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Journal {
    /// Schema version ([`JOURNAL_SCHEMA`]).
    pub schema: u32,
    /// When reporting first ran for each learner: their drills finished before then are not
    /// reported (but a drill in progress then is, even one first saved after).
    pub since: Vec<Since>,
    /// Drills in progress whose start and answers have been queued, so far.
    pub open: Vec<Open>,
    /// Drills finished and queued whole.
    pub done: Vec<Done>,
}

/// See [`Journal::since`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Since {
    /// The learner's progress key prefix.
    pub learner: String,
    /// Unix milliseconds.
    pub at: i64,
}

/// See [`Journal::open`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Open {
    /// The learner's progress key prefix.
    pub learner: String,
    /// The drill's id.
    pub drill: String,
    /// The content hash its answers refer to.
    pub hash: String,
    /// When the drill was started: the attempt's identity, in its statement ids.
    pub started: i64,
    /// The questions whose `answered` statements are queued.
    pub answered: Vec<String>,
}

/// See [`Journal::done`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Done {
    /// The learner's progress key prefix.
    pub learner: String,
    /// The drill's id.
    pub drill: String,
    /// When it was finished (the history attempt's `at`).
    pub at: i64,
}

json::wire! { FromJson, ToJson for Since { learner, at } }
json::wire! { FromJson, ToJson for Open { learner, drill, hash, started, answered } }
json::wire! { FromJson, ToJson for Done { learner, drill, at } }
json::wire! { FromJson, ToJson for Journal { schema, since, open, done } }

/// The schema version of the journal's stored JSON.
pub const JOURNAL_SCHEMA: u32 = 1;

/// How long the journal remembers a finished drill, and how far back the history is read:
/// 90 days.
pub const JOURNAL_DAYS: i64 = 90;

/// The most entries of each kind the journal keeps (the oldest go first).
pub const JOURNAL_ENTRIES: usize = 1000;

/// Where the journal of the LRS at `endpoint` is stored (beside [`outbox_key`]).
pub fn journal_key(endpoint: &str) -> String {
    format!(
        "{NAMESPACE}journal:{}",
        crate::catalog::content_hash(endpoint.as_bytes())
    )
}

/// Reads the stored journal; one that does not read is unreadable as a whole (quarantined,
/// and reporting starts afresh from now), one from a newer widget is left alone.
pub fn read_journal(text: Option<&str>) -> Read<Journal> {
    let Some(text) = text else {
        return Read::Missing;
    };
    match json::from_str::<Journal>(text) {
        Ok(journal) if journal.schema > JOURNAL_SCHEMA => Read::Newer(journal.schema, None),
        Ok(journal) if journal.schema == JOURNAL_SCHEMA => Read::Current(journal),
        Ok(_) => Read::Unreadable("no schema version".to_owned()),
        Err(e) => Read::Unreadable(e),
    }
}

/// A drill as the reporting module found it for a stored session or attempt: the version
/// the learner took (its variant, placeholders filled) and what its statements say of it.
#[derive(Clone, Debug)]
pub struct Found {
    /// What the statements name.
    pub info: DrillInfo,
    /// The drill as taken.
    pub drill: crate::lesson::Drill,
}

/// The statements not yet made from one learner's stored progress: `sessions` (drills in
/// progress) and `history` (drills finished), found through `find(drill, hash, variant)`,
/// recorded in `journal` so that the next call makes none of them again. A drill `find`
/// cannot give now is left for a later call. `learner` is the learner's progress key prefix.
///
/// An attempt's statements share its start time (its ids are made from it): a drill seen in
/// progress is remembered with its start, so its completion at the summary gets the same
/// identity; a drill finished without ever having been seen in progress (the page closed
/// before the reporting module loaded, on every page load until the summary) is reported
/// whole from the history, with its finish time standing for its start.
pub fn gather(
    journal: &mut Journal,
    reporter: &Reporter,
    learner: &str,
    sessions: &[crate::progress::Session],
    history: &crate::progress::History,
    now: i64,
    find: &dyn Fn(&str, &str, &str) -> Option<Found>,
) -> Vec<Statement> {
    journal.schema = JOURNAL_SCHEMA;
    let since = match journal.since.iter().find(|s| s.learner == learner) {
        Some(s) => s.at,
        None => {
            let at = sessions.iter().map(|s| s.started).fold(now, i64::min);
            journal.since.push(Since {
                learner: learner.to_owned(),
                at,
            });
            at
        }
    };
    let mut made = Vec::new();
    // A drill in progress when reporting began is reported, whether it was stored then or
    // only after (started before, saved after: by a widget of before 3 December, which stored
    // a session at its first Check, not at Start, or by a tab whose write arrives late).
    for session in sessions
        .iter()
        .filter(|s| s.started >= since || s.updated >= since)
    {
        let Some(found) = find(&session.drill, &session.hash, &session.variant) else {
            continue;
        };
        let attempt = Attempt::new(reporter.clone(), found.info.clone(), session.started);
        let open = match journal.open.iter().position(|o| {
            o.learner == learner && o.drill == session.drill && o.started == session.started
        }) {
            Some(at) => at,
            None => {
                made.push(attempt.initialized());
                journal.open.push(Open {
                    learner: learner.to_owned(),
                    drill: session.drill.clone(),
                    hash: session.hash.clone(),
                    started: session.started,
                    answered: Vec::new(),
                });
                journal.open.len() - 1
            }
        };
        for (question, answer) in &session.answers {
            if journal.open[open].answered.contains(question) {
                continue;
            }
            if let Some(q) = found.drill.questions.iter().find(|q| &q.id == question) {
                let mark = crate::score::mark(q, answer);
                made.push(attempt.answered(&Interaction::of(q), answer, &mark, session.updated));
            }
            journal.open[open].answered.push(question.clone());
        }
    }
    let horizon = now.saturating_sub(JOURNAL_DAYS * DAY_MS);
    for finished in history
        .attempts
        .iter()
        .filter(|a| a.at >= since && a.at >= horizon)
    {
        let known = journal
            .done
            .iter()
            .any(|d| d.learner == learner && d.drill == finished.drill && d.at == finished.at);
        if known {
            continue;
        }
        let Some(found) = find(&finished.drill, &finished.hash, &finished.variant) else {
            continue;
        };
        // The drill in progress this attempt finished: the latest seen, started before it,
        // whose queued answers are all among its answers.
        let seen = journal
            .open
            .iter()
            .enumerate()
            .filter(|(_, o)| {
                o.learner == learner
                    && o.drill == finished.drill
                    && o.started <= finished.at
                    && o.answered
                        .iter()
                        .all(|q| finished.answers.iter().any(|(a, _)| a == q))
            })
            .max_by_key(|(_, o)| o.started)
            .map(|(at, _)| at);
        let (started, answered) = match seen {
            Some(at) => {
                let open = journal.open.remove(at);
                (open.started, open.answered)
            }
            None => (finished.at, Vec::new()),
        };
        let attempt = Attempt::new(reporter.clone(), found.info.clone(), started);
        if seen.is_none() {
            made.push(attempt.initialized());
        }
        for (question, answer) in &finished.answers {
            if answered.contains(question) {
                continue;
            }
            if let Some(q) = found.drill.questions.iter().find(|q| &q.id == question) {
                let mark = crate::score::mark(q, answer);
                made.push(attempt.answered(&Interaction::of(q), answer, &mark, finished.at));
            }
        }
        made.push(attempt.completed(&finished.score, finished.at));
        journal.done.push(Done {
            learner: learner.to_owned(),
            drill: finished.drill.clone(),
            at: finished.at,
        });
    }
    // Forget what can no longer come back: finished drills past the horizon, drills in
    // progress untouched for as long; and keep each list bounded.
    journal.done.retain(|d| d.at >= horizon);
    journal.open.retain(|o| o.started >= horizon);
    let over = journal.done.len().saturating_sub(JOURNAL_ENTRIES);
    journal.done.drain(..over);
    let over = journal.open.len().saturating_sub(JOURNAL_ENTRIES);
    journal.open.drain(..over);
    let over = journal.since.len().saturating_sub(JOURNAL_ENTRIES);
    journal.since.drain(..over);
    made
}
