//! Markdown in, a [`Drill`] and every problem found out. Never panics, never stops early: a
//! broken part is reported and the rest is still read.

// The compiler is not in the widget: its size rules (clippy.toml) do not bind this.
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Tag};

use super::{
    AUDIENCES, Block, Choice, Drill, Question, TOPICS, is_drill_id, is_question_id, limits,
};
use crate::date::Date;
use crate::diagnostic::{Code, Diagnostic};
use crate::front_matter::{self, Field, FieldValue};
use crate::markdown::{self, Flow};
use crate::mockup::{self, Content};
use crate::settings;

type Spanned<'a> = (Event<'a>, Range<usize>);

/// A drill as far as it could be read, and the problems found.
#[derive(Clone, Debug, Default)]
pub struct Parsed {
    /// The drill; fields that could not be read keep their defaults.
    pub drill: Drill,
    /// Every problem, in source order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Parsed {
    /// Whether any problem is an error (the widget refuses such a drill).
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Reads a drill from `source`. Relative links and images are resolved against `base`, the
/// URL of the folder holding the file (empty keeps them as written).
pub fn parse(source: &str, base: &str) -> Parsed {
    let (front, mut diagnostics) = front_matter::parse(source);
    let mut drill = Drill {
        minutes: 2,
        lang: "en-GB".to_owned(),
        ..Drill::default()
    };
    read_meta(&front.fields, front.fence, &mut drill, &mut diagnostics);

    let body = front.body;
    let events: Vec<Spanned<'_>> = markdown::parser(&source[body..])
        .into_offset_iter()
        .map(|(event, span)| (event, span.start + body..span.end + body))
        .collect();
    let mut reader = Reader {
        base,
        diagnostics,
        words: 0,
    };
    let blocks: Vec<Range<usize>> = top_level(&events)
        .into_iter()
        .filter(|b| !is_comment(&events[b.clone()]))
        .collect();
    let blocks: Vec<&[Spanned<'_>]> = blocks.iter().map(|b| &events[b.clone()]).collect();
    let title_words = drill.title.split_whitespace().count();
    let variant_starts: Vec<usize> = (0..blocks.len()).filter(|&i| is_h1(blocks[i])).collect();
    if let Some(&first) = variant_starts.first() {
        if first > 0 {
            reader.diagnostics.push(
                Diagnostic::new(Code::VariantSyntax, span_of(blocks[0]), "content before the first variant is not shown")
                    .with_help("in a drill with variants, each `# ` heading starts a variant: move this under one"),
            );
        }
        for (n, &start) in variant_starts.iter().enumerate() {
            let end = variant_starts.get(n + 1).copied().unwrap_or(blocks.len());
            let heading = blocks[start];
            let at = span_of(heading);
            let id = reader.variant_id(heading, &drill.variants);
            let words_before = reader.words;
            let (scenario, questions) =
                reader.version(&blocks[start + 1..end], at.clone(), at.clone());
            let words = reader.words - words_before + title_words + prompt_words(&questions);
            drill.variants.push(super::Variant {
                id,
                scenario,
                questions,
                words,
            });
            if let Err(message) = limits::within("drill", n + 1, "variants", limits::VARIANTS) {
                reader.diagnostics.push(
                    Diagnostic::new(Code::OverLimit, at, message)
                        .with_help("two or three variants of a lesson are plenty"),
                );
            }
        }
    } else {
        let end = source.len();
        let (scenario, questions) = reader.version(&blocks, end..end, body..body);
        drill.scenario = scenario;
        drill.questions = questions;
        drill.words = reader.words + title_words + prompt_words(&drill.questions);
    }
    let mut questions: Vec<&mut Question> = drill
        .questions
        .iter_mut()
        .chain(
            drill
                .variants
                .iter_mut()
                .flat_map(|v| v.questions.iter_mut()),
        )
        .collect();
    assign_question_ids(source, &mut questions, &mut reader.diagnostics);
    // For a drill with variants, its longest variant.
    let seconds = drill.estimated_seconds();
    if seconds > 180 {
        reader.diagnostics.push(
            Diagnostic::new(
                Code::OverTime,
                drill.spans.id.clone(),
                format!(
                    "drill is estimated to take {} min {} s to read and answer",
                    seconds / 60,
                    seconds % 60
                ),
            )
            .with_help("clinicians have two minutes: cut words, or split it into two drills"),
        );
    }
    drill.spans.placeholders = placeholders(source);
    let mut diagnostics = reader.diagnostics;
    diagnostics.sort_by_key(|d| (d.span.start, d.code));
    Parsed { drill, diagnostics }
}

/// Words in the questions' prompts, which the time estimate counts with the rest.
fn prompt_words(questions: &[Question]) -> usize {
    questions
        .iter()
        .map(|q| q.prompt.split_whitespace().count())
        .sum()
}

/// Every `{{name}}` in `source` ([`settings::placeholder`]), with where it is. Which names
/// exist is the library's settings' to say (`unknown-setting`).
fn placeholders(source: &str) -> Vec<(String, Range<usize>)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some((open, close)) = settings::placeholder(source, from) {
        found.push((source[open + 2..close].trim().to_owned(), open..close + 2));
        from = close + 2;
    }
    found
}

fn read_meta(
    fields: &[Field],
    fence: Option<Range<usize>>,
    drill: &mut Drill,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut seen: Vec<&str> = Vec::new();
    for field in fields {
        if seen.contains(&field.key.as_str()) {
            diagnostics.push(Diagnostic::new(
                Code::DuplicateKey,
                field.key_span.clone(),
                format!("`{}` is given more than once", field.key),
            ));
            continue;
        }
        seen.push(&field.key);
        let span = field.value_span.clone();
        let invalid = |message: String, help: &str| {
            Diagnostic::new(Code::InvalidValue, span.clone(), message).with_help(help)
        };
        let text = match &field.value {
            FieldValue::Text(text) => Some(text.as_str()),
            FieldValue::List(_) => None,
        };
        let texts: Vec<(&str, Range<usize>)> = match &field.value {
            FieldValue::Text(text) => vec![(text.as_str(), span.clone())],
            FieldValue::List(items) => items.iter().map(|(t, s)| (t.as_str(), s.clone())).collect(),
        };
        for (text, at) in texts.iter().filter(|(t, _)| looks_like_markup(t)) {
            diagnostics.push(
                Diagnostic::new(
                    Code::MarkupInFrontMatter,
                    at.clone(),
                    format!("`{}` contains HTML", field.key),
                )
                .with_help(format!(
                    "front matter is plain text: `{}` would be shown as typed",
                    text.trim()
                )),
            );
        }
        match (field.key.as_str(), text) {
            ("tags", _) => match &field.value {
                FieldValue::List(items) => {
                    drill.tags = items.iter().map(|(t, _)| t.clone()).collect()
                }
                FieldValue::Text(t) => drill.tags = vec![t.clone()],
            },
            ("sources", _) => {
                for &(url, ref at) in &texts {
                    if is_https_link(url) {
                        drill.sources.push(url.to_owned());
                    } else {
                        diagnostics.push(
                            Diagnostic::new(
                                Code::InvalidValue,
                                at.clone(),
                                format!("source `{url}` is not an https:// link"),
                            )
                            .with_help(
                                "list the guidance as whole links, such as \
                                 `https://www.ncsc.gov.uk/guidance/phishing`",
                            ),
                        );
                    }
                }
            }
            ("audience", _) => {
                for &(group, ref at) in &texts {
                    if AUDIENCES.contains(&group) {
                        drill.audience.push(group.to_owned());
                    } else {
                        diagnostics.push(
                            Diagnostic::new(
                                Code::InvalidValue,
                                at.clone(),
                                format!("audience `{group}` is not one of the staff groups"),
                            )
                            .with_help(format!("the staff groups are {}", AUDIENCES.join(", "))),
                        );
                    }
                }
            }
            (
                key @ ("id" | "title" | "topic" | "minutes" | "lang" | "reviewed" | "review_by"
                | "author" | "approved_by" | "translated"),
                None,
            ) => {
                diagnostics.push(invalid(
                    format!("`{key}` needs a value on the same line"),
                    "write `key: value`",
                ));
            }
            ("id", Some(id)) => {
                drill.spans.id = span.clone();
                if !is_drill_id(id) {
                    diagnostics.push(invalid(
                        format!("id `{id}` may only use lowercase letters, digits, `-` and `/`"),
                        "ids look like `phishing/lookalike-sender`",
                    ));
                }
                if let Err(message) = limits::within("id", id.len(), "characters", limits::ID_BYTES)
                {
                    diagnostics.push(
                        Diagnostic::new(Code::OverLimit, span.clone(), message)
                            .with_help("learners' progress is stored under the id: shorten it"),
                    );
                }
                drill.id = id.to_owned();
            }
            ("title", Some(title)) => drill.title = title.to_owned(),
            ("author", Some(author)) => drill.author = author.to_owned(),
            ("approved_by", Some(approver)) => drill.approved_by = approver.to_owned(),
            ("topic", Some(topic)) => {
                if !TOPICS.contains(&topic) {
                    diagnostics.push(
                        Diagnostic::new(
                            Code::UnknownTopic,
                            span.clone(),
                            format!("topic `{topic}` is not one of the usual topics"),
                        )
                        .with_help(format!("the usual topics are {}", TOPICS.join(", "))),
                    );
                }
                drill.topic = topic.to_owned();
            }
            ("minutes", Some(minutes)) => {
                match minutes.parse::<u32>() {
                    Ok(m @ 1..=60) => {
                        drill.minutes = m;
                        if m > 3 {
                            diagnostics.push(
                            Diagnostic::new(Code::LongDrill, span.clone(), format!("drill takes {m} minutes"))
                                .with_help("clinicians have two minutes between tasks: aim for 2, at most 3"),
                        );
                        }
                    }
                    _ => diagnostics.push(invalid(
                        format!("`{minutes}` is not a number of minutes"),
                        "write a whole number such as `2`",
                    )),
                }
            }
            ("lang", Some(lang)) => {
                if is_language_tag(lang) {
                    drill.lang = lang.to_owned();
                } else {
                    diagnostics.push(invalid(
                        format!("`{lang}` is not a language tag"),
                        "write a tag such as `en-GB` or `cy`",
                    ));
                }
            }
            (key @ ("reviewed" | "review_by" | "translated"), Some(date)) => {
                match Date::parse(date) {
                    Some(date) if key == "reviewed" => drill.reviewed = Some(date),
                    Some(date) if key == "translated" => {
                        drill.translated = Some(date);
                        drill.spans.translated = span.clone();
                    }
                    Some(date) => {
                        drill.review_by = Some(date);
                        drill.spans.review_by = span.clone();
                    }
                    None => diagnostics.push(invalid(
                        format!("`{date}` is not a date"),
                        "write dates as YYYY-MM-DD, such as 2027-03-31",
                    )),
                }
            }
            (key, _) => {
                let mut d = Diagnostic::new(
                    Code::UnknownKey,
                    field.key_span.clone(),
                    format!("unknown key `{key}`"),
                );
                if let Some(near) = KEYS.iter().find(|k| edit_distance(k, key) <= 2) {
                    d = d.with_help(format!("did you mean `{near}`?"));
                }
                diagnostics.push(d);
            }
        }
    }
    // Without a fence the front-matter error already says it all.
    let Some(fence) = fence else { return };
    for key in ["id", "title", "topic"] {
        if !seen.contains(&key) {
            diagnostics.push(
                Diagnostic::new(
                    Code::MissingKey,
                    fence.clone(),
                    format!("front matter has no `{key}`"),
                )
                .with_help(format!("add a line `{key}: …` between the `---` lines")),
            );
        }
    }
    let governance = [
        (
            "author",
            Code::MissingAuthor,
            "drill does not say who wrote it",
            "add `author:` with the person or team who wrote it, for reviewers to ask",
        ),
        (
            "approved_by",
            Code::MissingApproval,
            "drill does not say who approved it",
            "add `approved_by:` with who approved it for learners (for the trust's records), once they have",
        ),
        (
            "audience",
            Code::MissingAudience,
            "drill does not say which staff it is for",
            "add `audience:` with one or more of everyone, clinical, admin-and-clerical, estates-and-facilities, finance",
        ),
    ];
    for (key, code, message, help) in governance {
        if !seen.contains(&key) {
            diagnostics.push(Diagnostic::new(code, fence.clone(), message).with_help(help));
        }
    }
    if !seen.contains(&"sources") {
        diagnostics.push(
            Diagnostic::new(Code::MissingSources, fence, "drill cites no guidance").with_help(
                "add `sources:` with a link to each page of guidance its advice follows \
                     (NCSC, NHS England, the ICO): reviewers check the drill against them",
            ),
        );
    }
}

/// An absolute `https://` link with a host and nothing that would end it early.
fn is_https_link(text: &str) -> bool {
    text.strip_prefix("https://")
        .and_then(|rest| rest.split('/').next())
        .is_some_and(|host| !host.is_empty())
        && !text.contains(|c: char| c.is_whitespace() || c == '<' || c == '>' || c == '"')
}

const KEYS: &[&str] = &[
    "id",
    "title",
    "topic",
    "minutes",
    "lang",
    "tags",
    "sources",
    "author",
    "approved_by",
    "audience",
    "reviewed",
    "review_by",
    "translated",
];

fn looks_like_markup(text: &str) -> bool {
    text.char_indices().any(|(i, c)| {
        c == '<'
            && text[i + 1..].starts_with(|n: char| n.is_ascii_alphabetic() || n == '/' || n == '!')
    })
}

fn is_language_tag(tag: &str) -> bool {
    let mut subtags = tag.split('-');
    let primary = subtags.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && subtags
            .all(|s| (1..=8).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric()))
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(previous + 1);
        }
    }
    row[b.len()]
}

/// Index ranges of the top-level blocks of `events`.
fn top_level(events: &[Spanned<'_>]) -> Vec<Range<usize>> {
    let mut blocks = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, (event, _)) in events.iter().enumerate() {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth == 0 {
            blocks.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < events.len() {
        blocks.push(start..events.len());
    }
    blocks
}

/// The direct children of a container block (its events without the outer Start/End).
fn children<'e, 'a>(block: &'e [Spanned<'a>]) -> Vec<&'e [Spanned<'a>]> {
    let inner = block.get(1..block.len().saturating_sub(1)).unwrap_or(&[]);
    top_level(inner).into_iter().map(|r| &inner[r]).collect()
}

fn is_h1(block: &[Spanned<'_>]) -> bool {
    matches!(
        block.first(),
        Some((
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }),
            _
        ))
    )
}

/// The `{#id}` of a heading, if it has one.
fn heading_id(heading: &[Spanned<'_>]) -> Option<String> {
    match heading.first() {
        Some((Event::Start(Tag::Heading { id: Some(id), .. }), _)) => Some(id.to_string()),
        _ => None,
    }
}

fn is_h2(block: &[Spanned<'_>]) -> bool {
    matches!(
        block.first(),
        Some((
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                ..
            }),
            _
        ))
    )
}

/// An HTML block that is nothing but a comment: invisible, and no part of the structure.
fn is_comment(block: &[Spanned<'_>]) -> bool {
    matches!(block.first(), Some((Event::Start(Tag::HtmlBlock), _)))
        && markdown::is_lone_comment(
            &block
                .iter()
                .filter_map(|(e, _)| {
                    if let Event::Html(h) = e {
                        Some(h.as_ref())
                    } else {
                        None
                    }
                })
                .collect::<String>(),
        )
}

fn is_quote(block: &[Spanned<'_>]) -> bool {
    matches!(block.first(), Some((Event::Start(Tag::BlockQuote(_)), _)))
}

/// A list whose items start with `[ ]` or `[x]`.
fn is_task_list(block: &[Spanned<'_>]) -> bool {
    matches!(block.first(), Some((Event::Start(Tag::List(_)), _)))
        && children(block)
            .iter()
            .any(|item| task_marker(item).is_some())
}

/// The `[x]`/`[ ]` of a list item, directly or in its first paragraph.
fn task_marker(item: &[Spanned<'_>]) -> Option<bool> {
    let first = children(item).into_iter().next()?;
    let first = match first.first() {
        Some((Event::Start(Tag::Paragraph), _)) => first.get(1)?,
        _ => first.first()?,
    };
    match first.0 {
        Event::TaskListMarker(done) => Some(done),
        _ => None,
    }
}

fn span_of(block: &[Spanned<'_>]) -> Range<usize> {
    block.first().map_or(0..0, |(_, s)| s.clone())
}

/// The inside of a `>` quote, or the block itself.
fn unquote<'e, 'a>(block: &'e [Spanned<'a>]) -> &'e [Spanned<'a>] {
    if is_quote(block) {
        &block[1..block.len() - 1]
    } else {
        block
    }
}

struct Reader<'s> {
    base: &'s str,
    diagnostics: Vec<Diagnostic>,
    words: usize,
}

impl Reader<'_> {
    /// One version of the drill, the whole of it or one variant: its scenario (the blocks
    /// before the first `##`) and its questions. `end` is where a missing question is reported,
    /// `top` where red flags in the scenario are.
    fn version(
        &mut self,
        blocks: &[&[Spanned<'_>]],
        end: Range<usize>,
        top: Range<usize>,
    ) -> (Vec<Block>, Vec<Question>) {
        let first_question = blocks.iter().position(|b| is_h2(b)).unwrap_or(blocks.len());
        let (scenario, rest) = blocks.split_at(first_question);
        let scenario = self.blocks(scenario);
        self.ignore_red_flags(&scenario, "in the scenario", top);
        let starts: Vec<usize> = (0..rest.len()).filter(|&i| is_h2(rest[i])).collect();
        let mut questions = Vec::new();
        for (n, &start) in starts.iter().enumerate() {
            let end = starts.get(n + 1).copied().unwrap_or(rest.len());
            questions.push(self.question(&rest[start..end]));
        }
        if questions.is_empty() {
            self.diagnostics.push(
                Diagnostic::new(Code::NoQuestions, end.clone(), "drill has no questions").with_help(
                    "start each question with a `## ` heading, followed by its choices and explanation",
                ),
            );
        }
        if let Some(extra) = questions.get(limits::QUESTIONS) {
            let n = questions.len();
            if let Err(message) = limits::within("drill", n, "questions", limits::QUESTIONS) {
                self.diagnostics.push(
                    Diagnostic::new(Code::OverLimit, extra.span.clone(), message)
                        .with_help("split it into shorter drills: clinicians have two minutes"),
                );
            }
        }
        (scenario, questions)
    }

    /// The id of the variant the `# ` heading `heading` starts, checked against the variants
    /// before it; an empty id when it has none (reported).
    fn variant_id(&mut self, heading: &[Spanned<'_>], before: &[super::Variant]) -> String {
        let span = span_of(heading);
        self.unknown_attributes(heading, &[]);
        let Some(id) = heading_id(heading) else {
            self.diagnostics.push(
                Diagnostic::new(Code::VariantSyntax, span, "variant has no id")
                    .with_help("end its heading with one, like `{#parcel-text}`: a learner's place is stored by it"),
            );
            return String::new();
        };
        if !is_question_id(&id) {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::InvalidValue,
                    span,
                    format!("variant id `{id}` may only use lowercase letters, digits and `-`"),
                )
                .with_help("write it like `{#parcel-text}`"),
            );
        } else if before.iter().any(|v| v.id == id) {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::VariantSyntax,
                    span,
                    format!("variant id `{id}` is used twice in this drill"),
                )
                .with_help("give each variant its own id"),
            );
        }
        id
    }

    /// Reports every attribute of `heading` but the classes in `known`.
    fn unknown_attributes(&mut self, heading: &[Spanned<'_>], known: &[&str]) {
        let Some((Event::Start(Tag::Heading { classes, attrs, .. }), span)) = heading.first()
        else {
            return;
        };
        let unknown = classes
            .iter()
            .filter(|c| !known.contains(&c.as_ref()))
            .map(|c| format!(".{c}"))
            .chain(attrs.iter().map(|(k, _)| k.to_string()));
        for attribute in unknown {
            let help = match known {
                [] => "a variant's heading has only its `{#id}`".to_owned(),
                known => format!(
                    "a question's heading may have {}",
                    known
                        .iter()
                        .map(|k| format!("`.{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            self.diagnostics.push(
                Diagnostic::new(
                    Code::UnknownAttribute,
                    span.clone(),
                    format!("unknown heading attribute `{attribute}`"),
                )
                .with_help(help),
            );
        }
    }

    fn html(&mut self, flow: Flow, events: &[Spanned<'_>]) -> String {
        self.words += markdown::plain_text(events).split_whitespace().count();
        let (html, diagnostics) = markdown::render(flow, self.base, events.iter().cloned());
        self.diagnostics.extend(diagnostics);
        html
    }

    /// Renders top-level blocks, mock-ups apart, neighbouring HTML joined.
    fn blocks(&mut self, blocks: &[&[Spanned<'_>]]) -> Vec<Block> {
        let mut out: Vec<Block> = Vec::new();
        for block in blocks {
            let rendered = match self.mockup(block) {
                Some(mockup) => mockup,
                None => Block::Html(self.html(Flow::Block, block)),
            };
            match (out.last_mut(), rendered) {
                (Some(Block::Html(previous)), Block::Html(next)) => previous.push_str(&next),
                (_, rendered) => out.push(rendered),
            }
        }
        out
    }

    fn mockup(&mut self, block: &[Spanned<'_>]) -> Option<Block> {
        let (Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))), span) = block.first()?
        else {
            return None;
        };
        let kind = mockup::Channel::from_info(info)?;
        let chunks = block[1..block.len() - 1]
            .iter()
            .filter_map(|(event, span)| match event {
                Event::Text(text) => Some((text.as_ref(), span.start)),
                _ => None,
            })
            .collect();
        let (mut mockup, diagnostics) = mockup::parse(kind, &Content { chunks }, span.clone());
        self.diagnostics.extend(diagnostics);
        let fence = span.start..span.start + 3 + info.len();
        for word in info.split_whitespace().skip(1) {
            if word == GENUINE {
                mockup.genuine = true;
            } else {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::MockupSyntax,
                        fence.clone(),
                        format!("unknown word `{word}` after `{}`", kind.name()),
                    )
                    .with_help(format!("a mock-up is ```{0} or, for a real message with nothing suspicious in it, ```{0} {GENUINE}", kind.name())),
                );
            }
        }
        if mockup.genuine && mockup.has_red_flags() {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::GenuineWithRedFlags,
                    fence,
                    "a genuine message has red flags",
                )
                .with_help(format!(
                    "take out the `[[…|…]]` markers, or the word `{GENUINE}`"
                )),
            );
        }
        self.words += mockup
            .parts()
            .map(|p| p.text.split_whitespace().count())
            .sum::<usize>();
        Some(Block::Mockup(mockup))
    }

    fn ignore_red_flags(&mut self, blocks: &[Block], place: &str, span: Range<usize>) {
        if blocks
            .iter()
            .any(|b| matches!(b, Block::Mockup(m) if m.has_red_flags()))
        {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::RedFlagsIgnored,
                    span,
                    format!("red flags {place} are shown as plain text"),
                )
                .with_help("red flags count only in a question of their own, one without choices"),
            );
        }
    }

    fn question(&mut self, blocks: &[&[Spanned<'_>]]) -> Question {
        let heading = blocks[0];
        let span = span_of(heading);
        let explicit_id = heading_id(heading);
        let select_all = matches!(&heading[0].0, Event::Start(Tag::Heading { classes, .. })
            if classes.iter().any(|c| c.as_ref() == SELECT_ALL));
        self.unknown_attributes(heading, &[SELECT_ALL]);
        let inline = &heading[1..heading.len() - 1];
        let prompt = markdown::plain_text(inline).trim().to_owned();
        let prompt_html = self.html(Flow::Inline, inline).trim().to_owned();
        if prompt.is_empty() {
            self.diagnostics.push(
                Diagnostic::new(Code::EmptyQuestion, span.clone(), "question has no text")
                    .with_help("write the question after the `## `"),
            );
        }
        let mut question = Question {
            id: explicit_id.unwrap_or_default(),
            select_all,
            prompt,
            prompt_html,
            span: span.clone(),
            ..Question::default()
        };

        let rest = &blocks[1..];
        let lists: Vec<usize> = (0..rest.len()).filter(|&i| is_task_list(rest[i])).collect();
        // The choices (or, for spot-the-red-flags, the last mock-up with flags) end the body;
        // what follows is the explanation.
        let after = if let Some(&list) = lists.first() {
            for &extra in &lists[1..] {
                self.diagnostics.push(
                    Diagnostic::new(Code::SecondChoiceList, span_of(rest[extra]), "question has a second list of choices")
                        .with_help("put all the choices of a question in one list; start a new `## ` question for more"),
                );
            }
            question.body = self.blocks(&rest[..list]);
            question.choices = self.choices(rest[list], select_all);
            let right = question.choices.iter().filter(|c| c.correct).count();
            if !select_all && right > 1 {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::UndeclaredSelectAll,
                        span.clone(),
                        format!("question has {right} right choices but is not declared select-all"),
                    )
                    .with_help("a question is pick-one unless its heading says `.select-all`, as in `{#next-steps .select-all}`; or mark one choice `[x]`"),
                );
            }
            self.ignore_red_flags(&question.body, "in a question with choices", span.clone());
            &rest[list + 1..]
        } else if let Some(last) = rest.iter().rposition(|b| self.is_to_search(b)) {
            question.body = self.blocks(&rest[..=last]);
            &rest[last + 1..]
        } else {
            let flag_errors =
                |d: &[Diagnostic]| d.iter().filter(|d| d.code == Code::RedFlagSyntax).count();
            let before = flag_errors(&self.diagnostics);
            question.body = self.blocks(rest);
            // Red-flag syntax errors mean the author meant red flags, and already say what is wrong.
            if flag_errors(&self.diagnostics) == before {
                self.diagnostics.push(
                    Diagnostic::new(Code::NoChoices, span.clone(), "question has no choices")
                        .with_help("add a task list (`- [x] right`, `- [ ] wrong`), or red flags in a mock-up"),
                );
            }
            return question;
        };
        let mut explanation: Vec<&[Spanned<'_>]> = Vec::new();
        for (i, block) in after.iter().enumerate() {
            if is_quote(block) && explanation.len() == i {
                explanation.push(unquote(block));
            } else if !is_task_list(block) {
                self.html(Flow::Block, block);
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::StrayContent,
                        span_of(block),
                        "content after the explanation is not shown",
                    )
                    .with_help("move it above the choices, or into the `>` explanation"),
                );
            }
        }
        if explanation.is_empty() {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::MissingExplanation,
                    span.clone(),
                    "question has no explanation",
                )
                .with_help("after the choices, add a `>` quote that explains the right answer"),
            );
        }
        let first_paragraph = explanation
            .first()
            .map(|b| plain_first_paragraph(b))
            .unwrap_or_default();
        question.takeaway = first_sentence(&first_paragraph).to_owned();
        question.explanation = explanation
            .iter()
            .map(|b| self.html(Flow::Block, b))
            .collect();
        question
    }

    /// Whether `block` is a mock-up a learner can search for red flags: one with red flags, or
    /// a genuine message, which has none (read without recording anything).
    fn is_to_search(&self, block: &[Spanned<'_>]) -> bool {
        let mut scratch = Reader {
            base: self.base,
            diagnostics: Vec::new(),
            words: 0,
        };
        matches!(scratch.mockup(block), Some(Block::Mockup(m)) if m.has_red_flags() || m.genuine)
    }

    fn choices(&mut self, list: &[Spanned<'_>], select_all: bool) -> Vec<Choice> {
        let mut choices = Vec::new();
        // Where each choice's item starts, for pointing at one.
        let mut spans = Vec::new();
        for item in children(list) {
            let Some(correct) = task_marker(item) else {
                self.diagnostics.push(
                    Diagnostic::new(Code::NotAChoice, span_of(item), "list item is not a choice")
                        .with_help("start every choice with `[ ]` (wrong) or `[x]` (right)"),
                );
                continue;
            };
            let parts: Vec<_> = children(item)
                .into_iter()
                .filter(|p| !is_comment(p))
                .collect();
            let (label, feedback): (&[Spanned<'_>], &[&[Spanned<'_>]]) = match parts.first() {
                Some(first) if matches!(first.first(), Some((Event::Start(Tag::Paragraph), _))) => {
                    (&first[2..first.len() - 1], &parts[1..])
                }
                _ => {
                    let inline = parts.iter().take_while(|p| !is_block_start(p)).count();
                    let end = parts[..inline].iter().map(|p| p.len()).sum::<usize>();
                    let inner = &item[1..item.len() - 1];
                    (&inner[1.min(end)..end], &parts[inline..])
                }
            };
            let (label, pin) = unpinned(label);
            let label = self.html(Flow::Inline, &label).trim().to_owned();
            let feedback: String = feedback
                .iter()
                .map(|b| self.html(Flow::Block, unquote(b)))
                .collect();
            choices.push(Choice {
                label,
                correct,
                pin,
                feedback: (!feedback.is_empty()).then_some(feedback),
            });
            spans.push(span_of(item));
        }
        if let Some((at, message)) = guessable(&choices).filter(|_| !select_all) {
            self.diagnostics.push(
                Diagnostic::new(Code::Guessable, spans[at].clone(), message)
                    .with_help("make the wrong choices as full and plausible as the right one, or the right one shorter"),
            );
        }
        let span = span_of(list);
        if choices.len() < 2 {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::TooFewChoices,
                    span.clone(),
                    format!(
                        "question has {} choice; it needs at least two",
                        choices.len()
                    ),
                )
                .with_help("add another `- [ ]` choice"),
            );
        }
        if !choices.is_empty() && !choices.iter().any(|c| c.correct) {
            self.diagnostics.push(
                Diagnostic::new(Code::NoCorrectChoice, span, "no choice is marked correct")
                    .with_help("mark the right answer with `[x]`; mark several for a select-all-that-apply question"),
            );
        }
        choices
    }
}

/// The right choice of a pick-one question, by position, and why it gives itself away, when
/// staff could pick it without reading:
/// - its text is at least half as long again as the longest wrong choice's (and 20 characters
///   longer): staff learn to pick the longest answer;
/// - or it is a whole sentence (six words or more) and every wrong choice a throwaway of three
///   words or fewer ("Ignore it", "Click it"), the shape absurd choices take: a choice worth
///   considering needs more words than that to say what to do.
///
/// Lengths are of the text learners see, in characters and words.
fn guessable(choices: &[Choice]) -> Option<(usize, &'static str)> {
    let mut right = choices.iter().enumerate().filter(|(_, c)| c.correct);
    let (at, answer) = right.next()?;
    if right.next().is_some() || choices.len() < 2 {
        return None;
    }
    let wrong = choices.iter().filter(|c| !c.correct);
    let longest_wrong = wrong.clone().map(|c| visible_len(&c.label)).max()?;
    let most_words = wrong.map(|c| visible_words(&c.label)).max()?;
    let length = visible_len(&answer.label);
    if length * 2 >= longest_wrong * 3 && length >= longest_wrong + 20 {
        Some((
            at,
            "the right choice is much longer than every other, so it can be picked without reading",
        ))
    } else if most_words <= 3 && visible_words(&answer.label) >= 6 {
        Some((
            at,
            "every choice but the right one is a throwaway of a few words, so it can be picked without reading",
        ))
    } else {
        None
    }
}

/// Words of `html` outside its tags; a tag parts words.
fn visible_words(html: &str) -> usize {
    let text: String = visible(html).map(|c| c.unwrap_or(' ')).collect();
    text.split_whitespace().count()
}

/// A choice's label without the ` {.pin}` that ends a choice kept in its place, and whether
/// it had one.
fn unpinned<'a>(label: &[Spanned<'a>]) -> (Vec<Spanned<'a>>, bool) {
    let mut label = label.to_vec();
    let pinned = match label.last_mut() {
        Some((Event::Text(text), _)) => match text.trim_end().strip_suffix(PIN) {
            Some(rest) => {
                *text = rest.trim_end().to_owned().into();
                true
            }
            None => false,
        },
        _ => false,
    };
    (label, pinned)
}

/// The word after a mock-up's kind that marks a genuine message: ```` ```email genuine ````.
const GENUINE: &str = "genuine";
/// The class that declares a question select-all-that-apply: `{#id .select-all}`.
const SELECT_ALL: &str = "select-all";
/// What ends a choice kept in its place when choices are shuffled.
const PIN: &str = "{.pin}";

/// Characters of `html` outside its tags (entities count as one, near enough).
fn visible_len(html: &str) -> usize {
    visible(html).flatten().count()
}

/// `html` as learners see it: each character outside its tags, and `None` where a tag ends.
fn visible(html: &str) -> impl Iterator<Item = Option<char>> + '_ {
    let mut inside = false;
    html.chars().filter_map(move |c| match c {
        '<' => {
            inside = true;
            None
        }
        '>' if inside => {
            inside = false;
            Some(None)
        }
        _ if inside => None,
        c => Some(Some(c)),
    })
}

fn is_block_start(part: &[Spanned<'_>]) -> bool {
    matches!(
        part.first(),
        Some((
            Event::Start(
                Tag::Paragraph
                    | Tag::BlockQuote(_)
                    | Tag::List(_)
                    | Tag::CodeBlock(_)
                    | Tag::Heading { .. }
                    | Tag::Table(_)
                    | Tag::HtmlBlock
            ),
            _
        ))
    )
}

fn plain_first_paragraph(block: &[Spanned<'_>]) -> String {
    let first = top_level(block)
        .into_iter()
        .next()
        .map_or(&block[..0], |r| &block[r]);
    markdown::plain_text(first).trim().to_owned()
}

/// Up to and including the first `.`, `!` or `?` followed by a space.
fn first_sentence(text: &str) -> &str {
    let bytes = text.as_bytes();
    (0..bytes.len())
        .find(|&i| {
            matches!(bytes[i], b'.' | b'!' | b'?')
                && bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace())
        })
        .map_or(text, |i| &text[..=i])
}

/// Gives every question an id: its explicit one (checked), or a slug of its prompt made unique.
fn assign_question_ids(
    source: &str,
    questions: &mut [&mut Question],
    diagnostics: &mut Vec<Diagnostic>,
) {
    // Point at the `{#…}` in the heading, where the author wrote the id.
    let at = |q: &Question| {
        let heading = source.get(q.span.clone()).unwrap_or_default();
        match (heading.find("{#"), heading.rfind('}')) {
            (Some(open), Some(close)) if open < close => {
                q.span.start + open..q.span.start + close + 1
            }
            _ => q.span.clone(),
        }
    };
    let mut taken: Vec<String> = Vec::new();
    for question in questions.iter_mut().filter(|q| !q.id.is_empty()) {
        if !is_question_id(&question.id) {
            diagnostics.push(
                Diagnostic::new(
                    Code::InvalidValue,
                    at(question),
                    format!(
                        "question id `{}` may only use lowercase letters, digits and `-`",
                        question.id
                    ),
                )
                .with_help("write it like `{#report-it}`"),
            );
        }
        let bytes = question.id.len();
        if let Err(message) = limits::within("question id", bytes, "characters", limits::ID_BYTES) {
            diagnostics.push(
                Diagnostic::new(Code::OverLimit, at(question), message)
                    .with_help("answers are stored by question id: shorten it"),
            );
        }
        if taken.contains(&question.id) {
            diagnostics.push(
                Diagnostic::new(
                    Code::DuplicateQuestionId,
                    at(question),
                    format!("question id `{}` is used twice in this drill", question.id),
                )
                .with_help("answers are stored by question id: give each question its own"),
            );
        }
        taken.push(question.id.clone());
    }
    for question in questions.iter_mut().filter(|q| q.id.is_empty()) {
        let slug = slug(&question.prompt);
        let base = if slug.is_empty() {
            "question".to_owned()
        } else {
            slug
        };
        let mut id = base.clone();
        let mut n = 2;
        while taken.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        taken.push(id.clone());
        // An empty heading is reported as such (`empty-question`); an id would not help it.
        if !question.prompt.trim().is_empty() {
            diagnostics.push(
                Diagnostic::new(
                    Code::MissingQuestionId,
                    question.span.clone(),
                    "question has no id",
                )
                .with_help(format!(
                    "end its heading with one, like `{{#{id}}}`: answers are stored by question \
                     id, so a learner's place must not depend on the wording (the studio's \
                     \"Add the missing question ids\" and `cyberdrill ids` add every missing one)"
                )),
            );
        }
        question.id = id;
    }
}

/// `source` with an id written into every question heading that has none (the id the checker
/// derives, as `missing-question-id` suggests), and how many were added. Everything else is
/// left byte for byte as it was.
pub fn with_question_ids(source: &str) -> (String, usize) {
    let parsed = parse(source, "");
    let mut out = String::with_capacity(source.len());
    let mut from = 0;
    let mut added = 0;
    for question in parsed.drill.all_questions() {
        let missing = parsed
            .diagnostics
            .iter()
            .any(|d| d.code == Code::MissingQuestionId && d.span.start == question.span.start);
        let Some(heading) = source.get(question.span.clone()) else {
            continue;
        };
        if !missing || heading.contains("{#") {
            continue;
        }
        let line = heading.find('\n').unwrap_or(heading.len());
        let end = question.span.start + heading[..line].trim_end().len();
        out.push_str(&source[from..end]);
        out.push_str(&format!(" {{#{}}}", question.id));
        from = end;
        added += 1;
    }
    out.push_str(&source[from..]);
    (out, added)
}

/// Lowercase ASCII words joined by `-`, at most 48 bytes, cut at a word boundary.
fn slug(text: &str) -> String {
    let mut slug = String::new();
    for word in text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if slug.len() + word.len() + 1 > 48 {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(&word.to_ascii_lowercase());
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_short_lowercase_words() {
        assert_eq!(
            slug("What should you do *first*?"),
            "what-should-you-do-first"
        );
        assert_eq!(slug("¿¡!?"), "");
        assert!(slug(&"word ".repeat(40)).len() <= 48);
    }

    #[test]
    fn first_sentence_stops_at_terminal_punctuation() {
        assert_eq!(first_sentence("Report it. Then delete it."), "Report it.");
        assert_eq!(first_sentence("Visit nhs.uk today"), "Visit nhs.uk today");
    }

    #[test]
    fn ids_and_language_tags() {
        assert!(is_drill_id("phishing/look-alike2"));
        assert!(
            !is_drill_id("Phishing")
                && !is_drill_id("a//b")
                && !is_question_id("a/b")
                && !is_drill_id("-a")
        );
        assert!(is_language_tag("en-GB") && is_language_tag("cy") && !is_language_tag("english"));
    }
}
