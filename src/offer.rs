//! The drill on offer and a turn at it, as the widget decides them: which catalog entry to
//! offer, what a drill given without a catalog stands for, where a new or resumed session
//! starts, what checking an answer does to the session, what follows each question, and the
//! attempt a finished session becomes.
//!
//! The widget's state (`web::state`) fetches, stores and shows; every choice it makes between
//! those steps is one of these functions, so it is tested natively.

use std::sync::Arc;

use crate::catalog::{self, Catalog, Entry};
use crate::lesson::{Drill, Kind, Question};
use crate::progress::{Attempt, History, Session};
use crate::schedule;
use crate::score::{self, Answer, Score};
use crate::verdict::Verdict;

/// Whether `entry` is for the staff group `audience` (the element's `audience`): it names the
/// group or `everyone`, or no group at all. Every drill is for a page that names no group.
pub fn is_for(entry: &Entry, audience: Option<&str>) -> bool {
    audience.is_none_or(|group| {
        entry.audience.is_empty() || entry.audience.iter().any(|a| a == group || a == "everyone")
    })
}

/// The order a question's choices are shown in for a turn shuffled by `seed`: indices into
/// its choices, a pinned choice ([`Choice::pin`](crate::lesson::Choice::pin)) at its own
/// place. The same seed and question give the same order, so Resume shows what the learner
/// saw; answers stay indices into the choices as written, whatever the order.
pub fn order(question: &Question, seed: u32) -> Vec<usize> {
    let mut order: Vec<usize> = (0..question.choices.len()).collect();
    let free: Vec<usize> = order
        .iter()
        .copied()
        .filter(|&i| !question.choices[i].pin)
        .collect();
    // A 32-bit xorshift, seeded by the turn's seed and the question's id (FNV-1a), so that
    // questions of one turn are shuffled apart. Never zero: xorshift would stay there.
    let mut state = question.id.bytes().fold(seed ^ 0x811c_9dc5, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    }) | 1;
    // Fisher-Yates over the places of the choices that are not pinned.
    for n in (1..free.len()).rev() {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        let j = (state % (n as u32 + 1)) as usize;
        order.swap(free[n], free[j]);
    }
    order
}

/// The variant of `drill` a new turn takes: for a drill with variants, one the learner has
/// never taken (the first such), else the one taken longest ago, so that a review never
/// repeats the scenario the learner saw last; empty for a drill of one version.
pub fn variant(drill: &Drill, history: &History) -> String {
    // Plain loops: the widget pays for every iterator adapter.
    let mut chosen: Option<(&str, i64)> = None;
    for v in &drill.variants {
        let mut last = i64::MIN;
        for a in &history.attempts {
            if a.drill == drill.id && a.variant == v.id && a.at > last {
                last = a.at;
            }
        }
        if chosen.is_none_or(|(_, best)| last < best) {
            chosen = Some((&v.id, last));
        }
    }
    chosen.map(|(id, _)| id.to_owned()).unwrap_or_default()
}

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

/// Keeps the drills of `catalog` that are for `audience` ([`is_for`]): what a page for one
/// staff group offers, and counts in "My progress".
pub fn keep_for(catalog: &mut Catalog, audience: Option<&str>) {
    catalog.drills.retain(|e| is_for(e, audience));
}

/// A drill ready to take, and the catalog it came from.
#[derive(Clone, Debug)]
pub struct Offer {
    /// The catalog it came from (for a drill given without one, a catalog of that drill).
    pub catalog: Arc<Catalog>,
    /// Its catalog entry, its id, title, topic and minutes the drill's own.
    pub entry: Entry,
    /// The drill as this turn takes it: one variant of a drill with variants.
    pub drill: Drill,
    /// The variant taken ([`variant`]); empty for a drill of one version.
    pub variant: String,
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
    /// No choice was picked, so nothing was recorded: the learner is asked to pick first.
    Unpicked,
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
    ///
    /// The turn takes the variant `session` is taking, when it is a session of this drill
    /// that names one of its variants (Resume), else the one [`variant`] picks from `history`.
    pub fn new(
        catalog: Catalog,
        entry: Entry,
        drill: Drill,
        url: &str,
        history: &History,
        session: Option<&Session>,
    ) -> Offer {
        let variant = match session {
            Some(s) if drill.variants.iter().any(|v| v.id == s.variant) => s.variant.clone(),
            _ => variant(&drill, history),
        };
        let drill = drill.variant(&variant);
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
            variant,
            base: Arc::from(url.rfind('/').map_or("", |i| &url[..=i])),
        }
    }

    /// A new session at the drill's variant, begun at `now`, which also seeds the order of
    /// its choices ([`Session::seed`]).
    pub fn session(&self, now: i64) -> Session {
        Session {
            variant: self.variant.clone(),
            ..Session::start(&self.entry.id, &self.entry.source, now)
        }
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
        // Selecting nothing in a message is an answer: that nothing in it is suspicious.
        if picked.is_empty() && kind != Kind::RedFlags {
            return Some(Checked::Unpicked);
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
                variant: session.variant,
            },
            takeaways,
        }
    }
}
