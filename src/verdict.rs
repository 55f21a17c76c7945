//! What an answer's mark means to the learner: a [`Verdict`] of three, said in words (never
//! colour alone), and the sentence of detail the feedback gives under it.

use crate::lesson::{Kind, Question};
use crate::score::{Answer, Mark};
use crate::words::{Key, Words};

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
    pub fn words(self, words: &Words) -> &str {
        words.text(match self {
            Verdict::Correct => Key::Correct,
            Verdict::Partly => Key::Partly,
            Verdict::Wrong => Key::Wrong,
        })
    }
}

/// The sentence under the verdict: for a red-flags question, how many flags `answer` spotted
/// and how many parts it picked that are not one (for a genuine message, that it is one); for a select-all question not answered
/// right, how many right answers there are; otherwise none.
pub fn detail(words: &Words, question: &Question, answer: &Answer, mark: &Mark) -> Option<String> {
    match question.kind() {
        Kind::RedFlags if mark.out_of == 0 => Some(match mark.wrong {
            0 => words.text(Key::Genuine).to_owned(),
            n => words.count(Key::GenuinePicked, n.into(), &[]),
        }),
        Kind::RedFlags => {
            let found = question
                .selectable_parts()
                .enumerate()
                .filter(|(i, p)| p.reason.is_some() && answer.has(*i))
                .count()
                .to_string();
            let args = [
                ("found", found.as_str()),
                ("total", &mark.out_of.to_string()),
            ];
            Some(match mark.wrong {
                0 => words.say(Key::Spotted, &args),
                n => words.count(Key::SpottedPicked, n.into(), &args),
            })
        }
        Kind::SelectAll if !mark.correct => {
            Some(words.count(Key::RightAnswers, mark.out_of.into(), &[]))
        }
        _ => None,
    }
}
