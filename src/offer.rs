//! The drill on offer and a turn at it, as the widget decides them: which catalog entry to
//! offer, what a drill given without a catalog stands for, where a new or resumed session
//! starts, what checking an answer does to the session, what follows each question, and the
//! attempt a finished session becomes.
//!
//! The widget's state (`web::state`) fetches, stores and shows; every choice it makes between
//! those steps is one of these functions, so it is tested natively.

use std::sync::Arc;

use crate::catalog::{self, Catalog, Entry};
use crate::lesson::{Drill, Kind};
use crate::progress::{Attempt, History, Session};
use crate::schedule;
use crate::score::{self, Answer, Score};
use crate::verdict::Verdict;

/// The entry a drill given without a catalog stands for: the studio's preview (its `url` is
/// the content folder) or a `src` drill (its own URL). Without a catalog there is no
/// Markdown hash, so progress refers to the file's text, `text`; the rest of the entry comes
/// from the drill once it is read ([`Offer::new`]).
pub fn given(url: &str, text: &str) -> Entry {
    let hash = catalog::content_hash(text.as_bytes());
    Entry {
        file: url.to_owned(),
        source: hash.clone(),
        hash,
        ..Entry::default()
    }
}

/// The catalog entry to offer: the drill named `drill`, if the element names one; otherwise
/// the first of [`schedule::next`] within `topic`, avoiding `avoid` (the drill just taken)
/// or, when nothing is given to avoid, the drill the learner took last. `None` when the
/// catalog has no such drill, or none for this widget.
pub fn choose<'c>(
    catalog: &'c Catalog,
    history: &History,
    now: i64,
    drill: Option<&str>,
    topic: Option<&str>,
    avoid: Option<&str>,
) -> Option<&'c Entry> {
    if let Some(id) = drill {
        return catalog.get(id);
    }
    let avoid = avoid.or_else(|| history.last_drill());
    schedule::next(&catalog.drills, history, now, topic, avoid).map(|(entry, _)| entry)
}

/// A drill ready to take, and the catalog it came from.
#[derive(Clone, Debug)]
pub struct Offer {
    /// The catalog it came from (for a drill given without one, a catalog of that drill).
    pub catalog: Arc<Catalog>,
    /// Its catalog entry, its id, title, topic and minutes the drill's own.
    pub entry: Entry,
    /// The drill itself.
    pub drill: Drill,
    /// The folder it came from (ending in `/`): its relative links and images are there.
    pub base: Arc<str>,
}

/// Where a turn at the drill goes next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// The scenario, before the first question.
    Scenario,
    /// The question at this index.
    Question(usize),
    /// Every question answered: the session is finished.
    Done,
}

/// What checking an answer did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Checked {
    /// Nothing was picked, so nothing was recorded: the learner is asked to pick first.
    Unpicked(Kind),
    /// The answer was recorded in the session and marked.
    Marked(Verdict),
}

/// A finished turn: the attempt to record, and what the summary draws from it.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// The attempt, as stored.
    pub attempt: Attempt,
    /// The takeaways of the questions not answered entirely right, in question order.
    pub takeaways: Vec<String>,
}

impl Offer {
    /// The drill `drill`, read from `url`, offered as `entry` of `catalog`. The entry takes
    /// the drill's own id, title, topic and minutes; an empty catalog (a drill given without
    /// one) becomes a catalog of this one entry, so "My progress" counts it.
    pub fn new(catalog: Catalog, entry: Entry, drill: Drill, url: &str) -> Offer {
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
        Offer {
            catalog: Arc::new(catalog),
            entry,
            drill,
            base: Arc::from(url.rfind('/').map_or("", |i| &url[..=i])),
        }
    }

    /// A new session at the drill, begun at `now`.
    pub fn session(&self, now: i64) -> Session {
        Session::start(&self.entry.id, &self.entry.source, now)
    }

    /// Where `session` starts, or resumes: at the first question it has no answer to, after
    /// the scenario when that is the first question and there is one; [`Step::Done`] when
    /// every question is answered.
    pub fn first_step(&self, session: &Session) -> Step {
        let next = self
            .drill
            .questions
            .iter()
            .position(|q| session.answer_to(&q.id).is_none());
        match next {
            Some(0) if !self.drill.scenario.is_empty() => Step::Scenario,
            Some(index) => Step::Question(index),
            None => Step::Done,
        }
    }

    /// What follows the question at `index`.
    pub fn step_after(&self, index: usize) -> Step {
        if index + 1 < self.drill.questions.len() {
            Step::Question(index + 1)
        } else {
            Step::Done
        }
    }

    /// Checks `picked` (indices of the choices, or of the selectable parts of a red-flags
    /// question) as the answer to the question at `index`, at `now`: recorded in `session`
    /// and marked, unless nothing was picked. `None` if the drill has no such question.
    pub fn check(
        &self,
        session: &mut Session,
        index: usize,
        picked: Vec<u16>,
        now: i64,
    ) -> Option<Checked> {
        let question = self.drill.questions.get(index)?;
        let kind = question.kind();
        if picked.is_empty() {
            return Some(Checked::Unpicked(kind));
        }
        let answer = match kind {
            Kind::RedFlags => Answer::Parts(picked),
            Kind::PickOne | Kind::SelectAll => Answer::Choices(picked),
        };
        let verdict = Verdict::of(&score::mark(question, &answer));
        session.answer(&question.id, answer, now);
        Some(Checked::Marked(verdict))
    }

    /// The attempt `session` becomes when finished at `now`: every question marked, one
    /// without an answer as answered with nothing (and so missed).
    pub fn finish(&self, session: Session, now: i64) -> Outcome {
        let nothing = Answer::Choices(Vec::new());
        let mut takeaways = Vec::new();
        let mut marks = Vec::new();
        for question in &self.drill.questions {
            let answer = session.answer_to(&question.id);
            let mark = score::mark(question, answer.unwrap_or(&nothing));
            if (answer.is_none() || !mark.correct) && !question.takeaway.is_empty() {
                takeaways.push(question.takeaway.clone());
            }
            marks.push(mark);
        }
        Outcome {
            attempt: Attempt {
                drill: self.entry.id.clone(),
                at: now,
                score: Score::of(marks),
                answers: session.answers,
                hash: self.entry.source.clone(),
            },
            takeaways,
        }
    }
}
