//! Spaced repetition: when each drill is due again, and which drill to offer next.
//!
//! A drill is a card in FSRS (the Free Spaced Repetition Scheduler, through `rs-fsrs`), its
//! history replayed from the learner's attempts: a poor score is "Again" and comes back the
//! next day; a perfect one is "Good" and comes back later each time. Time is an argument.

use chrono::{DateTime, Utc};
use rs_fsrs::{Card, FSRS, Parameters, Rating};

use crate::catalog::Entry;
use crate::date::DAY_MS;
use crate::progress::{Attempt, History};
use crate::score::Score;

/// How a drill's score counts as a review.
pub fn rating(score: &Score) -> Rating {
    match score.fraction() {
        f if f >= 1.0 => Rating::Good,
        f if f >= 0.75 => Rating::Hard,
        _ => Rating::Again,
    }
}

fn fsrs() -> FSRS {
    // Built field by field: `Parameters::default()` seeds itself from the clock.
    FSRS::new(Parameters {
        request_retention: 0.9,
        maximum_interval: 365,
        w: DEFAULT_WEIGHTS,
        decay: Parameters::DECAY,
        factor: Parameters::FACTOR,
        // Whole days only: no "come back in ten minutes" learning steps between shifts.
        enable_short_term: false,
        enable_fuzz: false,
        seed: "cyberdrill".into(),
    })
}

/// FSRS-5 default weights, as rs-fsrs ships them.
const DEFAULT_WEIGHTS: [f64; 19] = [
    0.4072, 1.1829, 3.1262, 15.4722, 7.2102, 0.5316, 1.0651, 0.0234, 1.616, 0.1544, 1.0824, 1.9813,
    0.0953, 0.2975, 2.2042, 0.2407, 2.9466, 0.5034, 0.6567,
];

fn time(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

/// The card after replaying `attempts` (oldest first).
fn replay<'a>(fsrs: &FSRS, attempts: impl IntoIterator<Item = &'a Attempt>) -> Option<Card> {
    let mut card: Option<Card> = None;
    for attempt in attempts {
        let now = time(attempt.at);
        let current = card.take().unwrap_or_else(|| Card {
            due: now,
            last_review: now,
            ..Card::default()
        });
        card = Some(fsrs.next(current, now, rating(&attempt.score)).card);
    }
    card
}

/// When `drill` is due again (Unix ms), or `None` if it was never taken.
pub fn due(history: &History, drill: &str) -> Option<i64> {
    replay(&fsrs(), history.of(drill)).map(|card| card.due.timestamp_millis())
}

/// Why a drill is offered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// Due since this time (Unix ms).
    Due(i64),
    /// Never taken.
    New,
    /// Nothing is due: the one due soonest, at this time.
    Ahead(i64),
}

/// Every drill (within `topic`, if given) in the order to offer them: the most overdue first,
/// then those never taken in catalog order, then the rest by when they fall due.
pub fn ranked<'c>(
    catalog: &'c [Entry],
    history: &History,
    now: i64,
    topic: Option<&str>,
) -> Vec<(&'c Entry, Reason)> {
    let fsrs = fsrs();
    let mut by_drill: Vec<(&Entry, Vec<&Attempt>)> = catalog
        .iter()
        .filter(|e| topic.is_none_or(|t| e.topic == t))
        .map(|e| (e, Vec::new()))
        .collect();
    for attempt in &history.attempts {
        if let Some((_, list)) = by_drill.iter_mut().find(|(e, _)| e.id == attempt.drill) {
            list.push(attempt);
        }
    }
    let mut ranked: Vec<(&Entry, Reason)> = by_drill
        .into_iter()
        .map(|(entry, attempts)| {
            let reason = match replay(&fsrs, attempts) {
                None => Reason::New,
                Some(card) if card.due.timestamp_millis() <= now => {
                    Reason::Due(card.due.timestamp_millis())
                }
                Some(card) => Reason::Ahead(card.due.timestamp_millis()),
            };
            (entry, reason)
        })
        .collect();
    // Stable: among equals (new drills), catalog order wins.
    ranked.sort_by_key(|(_, reason)| match *reason {
        Reason::Due(at) => (0, at),
        Reason::New => (1, 0),
        Reason::Ahead(at) => (2, at),
    });
    ranked
}

/// The drill to offer: the first of [`ranked`], but never `avoid` (the drill just taken) when
/// another is available.
pub fn next<'c>(
    catalog: &'c [Entry],
    history: &History,
    now: i64,
    topic: Option<&str>,
    avoid: Option<&str>,
) -> Option<(&'c Entry, Reason)> {
    let ranked = ranked(catalog, history, now, topic);
    let other = ranked
        .iter()
        .find(|(e, _)| Some(e.id.as_str()) != avoid)
        .copied();
    other.or_else(|| ranked.first().copied())
}

/// Whole days from `now` until `at`, rounded up (0 if already due).
pub fn days_until(at: i64, now: i64) -> i64 {
    ((at - now).max(0) + DAY_MS - 1) / DAY_MS
}
