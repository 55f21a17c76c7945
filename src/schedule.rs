//! Spaced repetition: when each drill is due again, and which drill to offer next.
//!
//! Each drill is a card in FSRS-5 (the Free Spaced Repetition Scheduler), its memory replayed
//! from the learner's attempts: a poor score is "Again" and comes back the next day; a perfect
//! one is "Good" and comes back later each time. The formulas and default weights are those of
//! the `rs-fsrs` crate's long-term scheduler (whole days, no fuzz); a test checks this module
//! against that crate on random histories. The crate itself is not linked into the widget: it
//! brings chrono and formats a float into a seed string on every review, which the widget's
//! size budget cannot afford for some sixty lines of arithmetic. For the same reason the
//! arithmetic is plain `a * b + c` and `exp(x) - 1`: wasm32 has no fused multiply-add, so
//! `mul_add` and `exp_m1` would link software versions of both into the widget, for
//! rounding differences far below the test's tolerance. Time is an argument.

use crate::catalog::Entry;
use crate::date::DAY_MS;
use crate::progress::{History, Summary};
use crate::score::Score;
use crate::sort;

/// How a review went, in FSRS terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rating {
    /// Forgotten: comes back tomorrow.
    Again = 1,
    /// Recalled with difficulty.
    Hard = 2,
    /// Recalled.
    Good = 3,
    /// Recalled easily.
    Easy = 4,
}

/// How a drill's score counts as a review.
pub fn rating(score: &Score) -> Rating {
    match score.fraction() {
        f if f >= 1.0 => Rating::Good,
        f if f >= 0.75 => Rating::Hard,
        _ => Rating::Again,
    }
}

/// FSRS-5 default weights (as rs-fsrs 1.2 ships them).
const W: [f64; 19] = [
    0.4072, 1.1829, 3.1262, 15.4722, 7.2102, 0.5316, 1.0651, 0.0234, 1.616, 0.1544, 1.0824, 1.9813,
    0.0953, 0.2975, 2.2042, 0.2407, 2.9466, 0.5034, 0.6567,
];
/// FSRS-5's forgetting curve is `R = (1 + FACTOR * t / S)^DECAY` with `DECAY = -0.5`, so
/// `R = 1 / sqrt(1 + FACTOR * t / S)` (a wasm instruction, where `powf` links a software
/// `pow`); `FACTOR = 0.9^(1/DECAY) - 1 = 19/81`, so that with 90 % requested retention the
/// interval in days is the stability.
const FACTOR: f64 = 19.0 / 81.0;
/// The longest gap between two turns of a drill.
const MAX_INTERVAL_DAYS: f64 = 365.0;

/// What FSRS remembers of one drill.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Memory {
    /// Days until recall probability falls to 90 %.
    pub stability: f64,
    /// 1 (easy) to 10 (hard).
    pub difficulty: f64,
    /// When it was last taken, Unix ms.
    pub last: i64,
    /// When it is due again, Unix ms.
    pub due: i64,
}

fn init_difficulty(rating: Rating) -> f64 {
    (W[4] - (W[5] * (rating as i32 as f64 - 1.0)).exp() + 1.0).clamp(1.0, 10.0)
}

fn next_difficulty(difficulty: f64, rating: Rating) -> f64 {
    let next = W[6] * -(rating as i32 as f64 - 3.0) + difficulty;
    (W[7] * init_difficulty(Rating::Easy) + (1.0 - W[7]) * next).clamp(1.0, 10.0)
}

fn next_stability(m: &Memory, retrievability: f64, rating: Rating) -> f64 {
    let (d, s, r) = (m.difficulty, m.stability, retrievability);
    if rating == Rating::Again {
        return W[11] * pow(d, -W[12]) * (pow(s + 1.0, W[13]) - 1.0) * ((1.0 - r) * W[14]).exp();
    }
    let modifier = match rating {
        Rating::Hard => W[15],
        Rating::Easy => W[16],
        _ => 1.0,
    };
    s * (W[8].exp() * (11.0 - d) * pow(s, -W[9]) * (((1.0 - r) * W[10]).exp() - 1.0) * modifier
        + 1.0)
}

/// `a` to the power `b`, for `a > 0`, as `exp(b ln a)`: std's `powf` links a software `pow`
/// of its own into the widget (`exp` is there already), for a few ulps the reference test
/// does not see.
fn pow(a: f64, b: f64) -> f64 {
    (b * a.ln()).exp()
}

fn interval(stability: f64) -> f64 {
    // S / FACTOR * (0.9^(1/DECAY) - 1), which is S.
    stability.round().clamp(1.0, MAX_INTERVAL_DAYS)
}

/// The memory after a review at `now` rated `rating` (`memory` is `None` for a first turn).
pub fn review(memory: Option<Memory>, now: i64, rating: Rating) -> Memory {
    const RATINGS: [Rating; 4] = [Rating::Again, Rating::Hard, Rating::Good, Rating::Easy];
    let next = |r: Rating| match &memory {
        None => (W[r as usize - 1].max(0.1), init_difficulty(r)),
        Some(m) => {
            let elapsed = ((now - m.last) / DAY_MS) as f64;
            let retrievability = 1.0 / (1.0 + FACTOR * elapsed / m.stability).sqrt();
            (
                next_stability(m, retrievability, r),
                next_difficulty(m.difficulty, r),
            )
        }
    };
    // The four intervals are kept in order (each rating at least a day beyond the one below),
    // as FSRS does, so the chosen one depends on all four.
    let mut days = RATINGS.map(|r| interval(next(r).0));
    days[0] = days[0].min(days[1]);
    for i in 1..4 {
        days[i] = days[i].max(days[i - 1] + 1.0);
    }
    let (stability, difficulty) = next(rating);
    Memory {
        stability,
        difficulty,
        last: now,
        due: now + days[rating as usize - 1] as i64 * DAY_MS,
    }
}

/// The memory of `drill` after every result: its summary's (the attempts folded into it), then
/// each later attempt replayed, oldest first; `None` if it was never taken.
pub fn memory(history: &History, drill: &str) -> Option<Memory> {
    let folded = history.summary(drill).map(Summary::memory);
    history.of(drill).fold(folded, |memory, a| {
        Some(review(memory, a.at, rating(&a.score)))
    })
}

/// When `drill` is due again (Unix ms), or `None` if it was never taken.
pub fn due(history: &History, drill: &str) -> Option<i64> {
    memory(history, drill).map(|m| m.due)
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
    let mut ranked: Vec<(&Entry, Reason)> = catalog
        .iter()
        .filter(|e| topic.is_none_or(|t| e.topic == t))
        .map(|entry| {
            let reason = match memory(history, &entry.id) {
                None => Reason::New,
                Some(m) if m.due <= now => Reason::Due(m.due),
                Some(m) => Reason::Ahead(m.due),
            };
            (entry, reason)
        })
        .collect();
    // Stable: among equals (new drills), catalog order wins.
    let key = |reason: &Reason| match *reason {
        Reason::Due(at) => (0, at),
        Reason::New => (1, 0),
        Reason::Ahead(at) => (2, at),
    };
    sort::sort_by(&mut ranked, |(_, a), (_, b)| key(a).cmp(&key(b)));
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
