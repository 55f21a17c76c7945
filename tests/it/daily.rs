//! A learner's daily drills, made up the same way wherever a long history is needed: the
//! progress tests (budget and compaction) and the core benchmark, which includes this file by
//! path (`benches/core.rs`).

use cyberdrill::catalog::Catalog;
use cyberdrill::check::FileReport;
use cyberdrill::date::DAY_MS;
use cyberdrill::progress::{Attempt, History};
use cyberdrill::score::{Answer, Score};

/// `days` daily drills of the checked library `reports`, one a day at 10:00 UTC from the day
/// that starts at `start` (Unix ms), over the library in a fixed shuffled order, each with an
/// answer to every question (red flags: three parts; otherwise one or two choices) and a score
/// mostly right, as learners' are.
pub fn daily(reports: &[FileReport], start: i64, days: i64) -> History {
    let (catalog, _) = Catalog::compile(reports, |path| path.to_owned());
    let mut state: u32 = 0x2545_f491;
    let mut history = History::default();
    for day in 0..days {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        let entry = &catalog.drills[state as usize % catalog.drills.len()];
        let drill = &reports
            .iter()
            .find(|r| r.drill.id == entry.id)
            .expect("compiled from a report")
            .drill;
        let answers: Vec<(String, Answer)> = drill
            .questions
            .iter()
            .map(|q| {
                let answer = if q.choices.is_empty() {
                    Answer::Parts(vec![1, 4, (state % 9) as u16 + 5])
                } else {
                    Answer::Choices(vec![(state % q.choices.len() as u32) as u16])
                };
                (q.id.clone(), answer)
            })
            .collect();
        let questions = answers.len() as u32;
        let correct = questions.saturating_sub([0, 0, 0, 1, 2][(state >> 8) as usize % 5]);
        // Already in order, so pushed rather than merged one by one.
        history.attempts.push(Attempt {
            drill: entry.id.clone(),
            at: start + day * DAY_MS + 10 * 3_600_000,
            score: Score {
                correct,
                questions,
                points: correct,
                out_of: questions,
            },
            answers,
            hash: entry.source.clone(),
            variant: String::new(),
        });
    }
    history
}
