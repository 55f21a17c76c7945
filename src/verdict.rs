//! What an answer's mark means to the learner: a [`Verdict`] of three, said in words (never
//! colour alone), and the sentence of detail the feedback gives under it.

use crate::lesson::{Kind, Question};
use crate::score::{Answer, Mark};
use crate::wording;

/// The verdict on one checked answer, as the feedback and the live region give it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Everything right.
    Correct,
    /// Some credit, not all.
    Partly,
    /// No credit.
    Wrong,
}

impl Verdict {
    /// The verdict on `mark`.
    pub fn of(mark: &Mark) -> Verdict {
        match mark {
            Mark { correct: true, .. } => Verdict::Correct,
            Mark { points: 0, .. } => Verdict::Wrong,
            _ => Verdict::Partly,
        }
    }

    /// The words said for it.
    pub fn words(self) -> &'static str {
        match self {
            Verdict::Correct => "Correct",
            Verdict::Partly => "Partly right",
            Verdict::Wrong => "Not quite",
        }
    }
}

/// The sentence under the verdict: for a red-flags question, how many flags `answer` spotted
/// and how many parts it picked that are not one (for a genuine message, that it is one); for a select-all question not answered
/// right, how many right answers there are; otherwise none.
pub fn detail(question: &Question, answer: &Answer, mark: &Mark) -> Option<String> {
    match question.kind() {
        Kind::RedFlags if mark.out_of == 0 => Some(match mark.wrong {
            0 => "Nothing in this message is suspicious: it is genuine.".to_owned(),
            n => format!(
                "This message is genuine: nothing in it is suspicious, and you picked {n} part{}.",
                wording::plural(n.into())
            ),
        }),
        Kind::RedFlags => Some(format!(
            "You spotted {} of {} red flags{}.",
            question
                .selectable_parts()
                .enumerate()
                .filter(|(i, p)| p.reason.is_some() && answer.has(*i))
                .count(),
            mark.out_of,
            match mark.wrong {
                0 => String::new(),
                1 => ", and picked 1 part that is not one".to_owned(),
                n => format!(", and picked {n} parts that are not"),
            }
        )),
        Kind::SelectAll if !mark.correct => Some(format!(
            "There {} {} right answer{}.",
            if mark.out_of == 1 { "is" } else { "are" },
            mark.out_of,
            wording::plural(mark.out_of.into())
        )),
        _ => None,
    }
}
