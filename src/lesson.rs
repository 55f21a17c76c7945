//! The lesson model: a drill, its scenario and its questions, as the widget shows them.
//!
//! Everything here is data. The compiler's `parse` builds it from Markdown, and the HTML
//! strings it holds were written by `markdown::Writer` under [`crate::policy`]. The build
//! compiles each drill to JSON (`Drill::to_json`) and the widget reads that
//! ([`Drill::from_json`]), so no Markdown parser ships to the browser; the widget still treats
//! the HTML as untrusted (see `web::markup`). `parse`, `starter` and `to_json` exist only with
//! the `compiler` feature.

#[cfg(feature = "compiler")]
mod parse;
#[cfg(feature = "compiler")]
mod starter;

#[cfg(feature = "compiler")]
pub use parse::{Parsed, parse, with_question_ids};
#[cfg(feature = "compiler")]
pub use starter::starter;

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::json::{self, Object};
use crate::mockup::{Mockup, Part};
use crate::settings::Settings;

/// Topics the starter library uses; others are allowed with a warning.
pub const TOPICS: &[&str] = &[
    "phishing",
    "passwords",
    "devices",
    "data-handling",
    "physical-security",
    "reporting",
    "social-engineering",
];

/// The most a drill may hold, one set of limits for every reader: `cyberdrill check` reports
/// a drill over them (`over-limit`), the widget refuses to run a compiled drill over them
/// ([`Drill::from_json`]), and [`crate::progress`] sets aside a stored record over them. So a
/// drill the widget runs always leaves records that read back, and one bad record is set aside
/// alone. Chosen so that no record stored before they were shared is refused now.
pub mod limits {
    /// The longest drill or question id, in bytes (ids are ASCII): progress is stored under them.
    pub const ID_BYTES: usize = 200;
    /// The most questions in a drill, and so the most answers in one attempt or session.
    pub const QUESTIONS: usize = 200;
    /// The most variants of one drill.
    pub const VARIANTS: usize = 10;

    /// An error when `subject` has `n` `unit`s, more than `limit`: "drill has 201 questions,
    /// over the limit of 200".
    pub(crate) fn within(subject: &str, n: usize, unit: &str, limit: usize) -> Result<(), String> {
        if n > limit {
            return Err(format!(
                "{subject} has {n} {unit}, over the limit of {limit}"
            ));
        }
        Ok(())
    }
}

/// The compiled-drill format this crate writes and reads. Format 2 declares select-all
/// questions (format 1 inferred them from several right choices), and adds pinned choices,
/// genuine mock-ups and variants.
pub const FORMAT: u32 = 2;

/// A question id: lowercase ASCII letters and digits in runs joined by single `-`
/// (`urgent-tone`).
pub fn is_question_id(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|run| {
            !run.is_empty()
                && run
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

/// A drill id: question-id-like names joined by single `/` (`phishing/lookalike-sender`).
pub fn is_drill_id(id: &str) -> bool {
    id.split('/').all(is_question_id)
}

/// One drill, read from one Markdown file.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Drill {
    /// Stable id: progress is stored under it.
    pub id: String,
    /// Plain-text title.
    pub title: String,
    /// Topic, such as `phishing`.
    pub topic: String,
    /// Whole minutes the author expects it to take.
    pub minutes: u32,
    /// BCP 47 language tag of the content.
    pub lang: String,
    /// Free-form tags.
    #[serde(skip)]
    pub tags: Vec<String>,
    /// Links to the guidance its advice follows, for reviewers.
    #[serde(skip)]
    pub sources: Vec<String>,
    /// Who wrote it (a person or a team), for reviewers.
    #[serde(skip)]
    pub author: String,
    /// Who approved it for learners, for the trust's records.
    #[serde(skip)]
    pub approved_by: String,
    /// The staff groups it is written for ([`AUDIENCES`]); the catalog carries it, so a page
    /// can offer only its own staff's drills.
    #[serde(skip)]
    pub audience: Vec<String>,
    /// When the content was last reviewed.
    #[serde(skip)]
    pub reviewed: Option<Date>,
    /// When it must be reviewed again.
    #[serde(skip)]
    pub review_by: Option<Date>,
    /// For a translation, when it was translated from its source (the drill with the same id
    /// and no `translated`); `None` for a source drill.
    #[serde(skip)]
    pub translated: Option<Date>,
    /// What the first screen shows (empty when the drill has [`variants`](Drill::variants)).
    pub scenario: Vec<Block>,
    /// The questions, in order (empty when the drill has variants).
    pub questions: Vec<Question>,
    /// Words a learner reads, for the time estimate.
    pub words: usize,
    /// Versions of the same lesson, each with its own scenario and questions, of which a
    /// learner takes one at a time ([`Drill::variant`]); empty for a drill of one version,
    /// which is its own scenario and questions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<Variant>,
    /// Where things are in the source, for checks that need more than this file.
    #[serde(skip)]
    pub spans: Spans,
}

/// Source spans of front-matter values that later checks point at.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Spans {
    /// The `id` value.
    pub id: Range<usize>,
    /// The `review_by` value.
    pub review_by: Range<usize>,
    /// The `translated` value.
    pub translated: Range<usize>,
    /// Every `{{name}}` the drill uses, with the span of each: the library's settings must
    /// name them all (`unknown-setting`).
    pub placeholders: Vec<(String, Range<usize>)>,
}

/// One version of a drill with variants: a scenario and questions of its own that teach the
/// drill's lesson. Spaced repetition schedules the drill; each turn takes one variant.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Variant {
    /// Stable within the drill, from its `# … {#id}` heading: a learner's session and
    /// attempts name the variant they took.
    pub id: String,
    /// What its first screen shows.
    pub scenario: Vec<Block>,
    /// Its questions; question ids are unique across the whole drill.
    pub questions: Vec<Question>,
    /// Words a learner reads in it, for the time estimate.
    pub words: usize,
}

/// The staff groups a drill can be written for (front matter `audience`, the widget's
/// `audience` attribute). `everyone` is every group.
pub const AUDIENCES: &[&str] = &[
    "everyone",
    "clinical",
    "admin-and-clerical",
    "estates-and-facilities",
    "finance",
];

/// A piece of content: sanitized HTML, or a message mock-up the widget draws itself.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Block {
    /// HTML written under the policy in [`crate::policy`].
    Html(String),
    /// An email, SMS or chat look-alike.
    Mockup(Mockup),
}

/// One question.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Question {
    /// Stable within the drill: explicit `{#id}`, or derived from the prompt.
    pub id: String,
    /// The prompt as plain text (for ids and accessible names).
    pub prompt: String,
    /// The prompt as inline HTML.
    pub prompt_html: String,
    /// Content between the prompt and the choices.
    pub body: Vec<Block>,
    /// The choices; empty for a spot-the-red-flags question.
    pub choices: Vec<Choice>,
    /// Declared select-all-that-apply (`{#id .select-all}`): checkboxes, any number of them
    /// right. Otherwise a question with choices is pick-one, with exactly one right.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub select_all: bool,
    /// Shown after answering, whatever the answer.
    pub explanation: String,
    /// The explanation's first sentence, as plain text: the lesson of the question.
    pub takeaway: String,
    /// Where the `##` heading is.
    #[serde(skip)]
    pub span: Range<usize>,
}

/// How a question is answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Exactly one correct choice: radio buttons.
    PickOne,
    /// Declared select-all-that-apply: checkboxes, one or more of them correct.
    SelectAll,
    /// No choices; select the suspicious parts of a mock-up (none, for a genuine message).
    RedFlags,
}

impl Question {
    /// How the question is answered: as its author declared it, the default being pick-one.
    pub fn kind(&self) -> Kind {
        if self.choices.is_empty() {
            Kind::RedFlags
        } else if self.select_all {
            Kind::SelectAll
        } else {
            Kind::PickOne
        }
    }

    /// Whether it shows a genuine message with nothing suspicious in it, so that the right
    /// answer to a spot-the-red-flags question is to select nothing.
    pub fn is_genuine(&self) -> bool {
        let mut mockups = self.body.iter().filter_map(|block| match block {
            Block::Mockup(m) => Some(m),
            Block::Html(_) => None,
        });
        mockups.clone().any(|m| m.genuine) && !mockups.any(Mockup::has_red_flags)
    }

    /// Every selectable part of the question's mock-ups, in reading order; answers to a
    /// spot-the-red-flags question are indices into this.
    pub fn selectable_parts(&self) -> impl Iterator<Item = &Part> {
        self.body
            .iter()
            .filter_map(|block| match block {
                Block::Mockup(m) => Some(m),
                Block::Html(_) => None,
            })
            .flat_map(Mockup::parts)
            .filter(|p| p.is_selectable())
    }
}

/// One choice of a question.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    /// The label as inline HTML.
    pub label: String,
    /// Marked `[x]`.
    pub correct: bool,
    /// Kept in its place when the choices are shuffled (`{.pin}`: "None of these").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub pin: bool,
    /// Shown when the learner picked this choice (HTML), if the author wrote any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feedback: Option<String>,
}

impl Drill {
    /// Every HTML string in the drill: what could reach the DOM as markup.
    pub fn html(&self) -> impl Iterator<Item = &str> {
        fn blocks(blocks: &[Block]) -> impl Iterator<Item = &str> {
            blocks.iter().filter_map(|b| match b {
                Block::Html(html) => Some(html.as_str()),
                Block::Mockup(_) => None,
            })
        }
        let variants = self.variants.iter();
        let scenarios =
            std::iter::once(&self.scenario).chain(variants.clone().map(|v| &v.scenario));
        scenarios
            .flat_map(|s| blocks(s))
            .chain(self.all_questions().flat_map(move |q| {
                [q.prompt_html.as_str(), q.explanation.as_str()]
                    .into_iter()
                    .chain(blocks(&q.body))
                    .chain(q.choices.iter().flat_map(|c| {
                        std::iter::once(c.label.as_str()).chain(c.feedback.as_deref())
                    }))
            }))
    }

    /// Every question of every variant, in order.
    pub fn all_questions(&self) -> impl Iterator<Item = &Question> + Clone {
        self.questions
            .iter()
            .chain(self.variants.iter().flat_map(|v| &v.questions))
    }

    /// The drill as a learner takes it: for a drill with variants, the one named `id` (the
    /// first when there is none of that name) as the drill's own scenario and questions; a
    /// drill of one version as it is.
    pub fn variant(mut self, id: &str) -> Drill {
        let at = self.variants.iter().position(|v| v.id == id).unwrap_or(0);
        if at < self.variants.len() {
            let variant = self.variants.swap_remove(at);
            self.scenario = variant.scenario;
            self.questions = variant.questions;
            self.words = variant.words;
            self.variants = Vec::new();
        }
        self
    }

    /// The compiled drill the widget reads: one line of JSON with the format number, ending in
    /// a newline.
    #[cfg(feature = "compiler")]
    pub fn to_json(&self) -> String {
        let mut json = String::new();
        json::ObjectWriter::new(&mut json)
            .field("format", &FORMAT)
            .field("drill", self)
            .end();
        json.push('\n');
        json
    }

    /// Reads a compiled drill and checks what the widget relies on; the error says what is
    /// wrong, for the console. A file the build did not write (or wrote for another format)
    /// is refused here, never half-shown.
    pub fn from_json(json: &str) -> Result<Drill, String> {
        Drill::read(json, None)
    }

    /// [`Drill::from_json`], with its `{{name}}` placeholders filled from a trust's
    /// `settings` ([`Settings::fill`]).
    pub fn from_json_filled(json: &str, settings: &Settings) -> Result<Drill, String> {
        Drill::read(json, Some(settings))
    }

    fn read(json: &str, settings: Option<&Settings>) -> Result<Drill, String> {
        if json.trim_start().starts_with("---") {
            return Err("this is a drill's Markdown, not a compiled drill: `cyberdrill catalog` compiles it".to_owned());
        }
        let invalid = |e: String| format!("not a compiled drill: {e}");
        let mut value = json::parse(json).map_err(|e| invalid(e.to_string()))?;
        if let Some(settings) = settings {
            settings.fill(&mut value);
        }
        let compiled = Object::of(&value).map_err(invalid)?;
        let format: u32 = compiled.get("format").map_err(invalid)?;
        if format != FORMAT {
            return Err(format!("compiled drill format {format} is not {FORMAT}"));
        }
        let drill: Drill = compiled.get("drill").map_err(invalid)?;
        drill.validate()?;
        Ok(drill)
    }

    /// What the widget relies on, which the parser guarantees for a drill without errors.
    fn validate(&self) -> Result<(), String> {
        if !is_drill_id(&self.id) {
            return Err(format!("drill id `{}` is not a valid id", self.id));
        }
        limits::within("drill id", self.id.len(), "bytes", limits::ID_BYTES)?;
        limits::within("drill", self.variants.len(), "variants", limits::VARIANTS)?;
        // Ids seen so far, variants' and questions' apart (plain loops: iterator chains over
        // the versions cost the widget a kilobyte).
        let mut variants: Vec<&str> = Vec::new();
        let mut questions: Vec<&str> = Vec::new();
        for n in 0..=self.variants.len() {
            let version = match n {
                0 => &self.questions,
                n => {
                    let variant = &self.variants[n - 1];
                    if !is_question_id(&variant.id) || variants.contains(&variant.id.as_str()) {
                        return Err(format!(
                            "variant id `{}` is not a valid id of its own",
                            variant.id
                        ));
                    }
                    variants.push(&variant.id);
                    &variant.questions
                }
            };
            // A drill of one version has questions; one with variants has them in each.
            if version.is_empty() != (n == 0 && !self.variants.is_empty()) {
                return Err("drill has no questions".to_owned());
            }
            limits::within("drill", version.len(), "questions", limits::QUESTIONS)?;
            for question in version {
                let id = &question.id;
                limits::within("question id", id.len(), "bytes", limits::ID_BYTES)?;
                let right = question.choices.iter().filter(|c| c.correct).count();
                // One message for every problem a question can have: each `format!` costs
                // the widget code of its own.
                let problem = if !is_question_id(id) {
                    "is not a valid id"
                } else if questions.contains(&id.as_str()) {
                    "is used twice"
                } else {
                    match question.kind() {
                        Kind::RedFlags
                            if !question.is_genuine()
                                && !question.selectable_parts().any(|p| p.reason.is_some()) =>
                        {
                            "has no red flag, and its message is not marked genuine"
                        }
                        Kind::PickOne if right > 1 => {
                            "is pick-one, with more than one right answer"
                        }
                        Kind::PickOne | Kind::SelectAll if right == 0 => "has no right answer",
                        _ => "",
                    }
                };
                if !problem.is_empty() {
                    return Err(format!("question `{id}` {problem}"));
                }
                questions.push(id);
            }
        }
        Ok(())
    }

    /// Estimated seconds to read and answer ([`estimated_seconds`]); for a drill with
    /// variants, its longest variant.
    pub fn estimated_seconds(&self) -> usize {
        std::iter::once(estimated_seconds(self.words, self.questions.len()))
            .chain(
                self.variants
                    .iter()
                    .map(|v| estimated_seconds(v.words, v.questions.len())),
            )
            .max()
            .unwrap_or(0)
    }
}

json::wire! {
    FromJson, ToJson for Drill {
        id, title, topic, minutes, lang, tags: skip, sources: skip, reviewed: skip, review_by: skip,
        translated: skip,
        author: skip, approved_by: skip, audience: skip, scenario, questions, words,
        variants: sparse, spans: skip,
    }
}

/// Estimated seconds to read `words` and answer `questions`: 200 words a minute, plus 10
/// seconds a question.
pub fn estimated_seconds(words: usize, questions: usize) -> usize {
    words * 3 / 10 + questions * 10
}

json::wire! { FromJson, ToJson for Variant { id, scenario, questions, words } }

json::wire! { FromJson, ToJson for enum Block { Html = "html", Mockup = "mockup" } }

json::wire! {
    FromJson, ToJson for Question {
        id, prompt, prompt_html, body, choices, select_all: sparse, explanation, takeaway,
        span: skip,
    }
}
json::wire! { FromJson, ToJson for Choice { label, correct, pin: sparse, feedback: optional } }
