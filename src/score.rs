//! Marking answers: what the learner chose against what the author marked right.

use serde::{Deserialize, Serialize};

use crate::json;

use crate::lesson::{Kind, Question};
use crate::sort;

/// What a learner answered to one question: indices they selected.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Answer {
    /// Indices into the question's choices.
    #[serde(rename = "c")]
    Choices(Vec<u16>),
    /// Indices into the question's selectable mock-up parts.
    #[serde(rename = "p")]
    Parts(Vec<u16>),
}

impl Answer {
    /// Whether index `i` is selected.
    pub fn has(&self, i: usize) -> bool {
        let (Answer::Choices(picked) | Answer::Parts(picked)) = self;
        picked.iter().any(|&p| usize::from(p) == i)
    }
}

/// The verdict on one answer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mark {
    /// Everything right: every correct choice or red flag picked, nothing else.
    pub correct: bool,
    /// Credit earned: right picks minus wrong picks, never below zero.
    pub points: u32,
    /// Credit available: correct choices, or red flags.
    pub out_of: u32,
    /// Wrong picks: wrong choices, or parts that are not red flags (false alarms).
    pub wrong: u32,
}

/// Marks `answer` against `question`. An answer of the wrong shape, or with indices the
/// question does not have, earns nothing (never a panic).
pub fn mark(question: &Question, answer: &Answer) -> Mark {
    let truth: Vec<bool> = match (question.kind(), answer) {
        (Kind::RedFlags, Answer::Parts(_)) => question
            .selectable_parts()
            .map(|p| p.reason.is_some())
            .collect(),
        (Kind::PickOne | Kind::SelectAll, Answer::Choices(_)) => {
            question.choices.iter().map(|c| c.correct).collect()
        }
        _ => {
            return Mark {
                out_of: out_of(question),
                ..Mark::default()
            };
        }
    };
    let out_of = truth.iter().filter(|&&t| t).count() as u32;
    let (Answer::Choices(picked) | Answer::Parts(picked)) = answer;
    let mut picked: Vec<usize> = picked.iter().map(|&p| usize::from(p)).collect();
    sort::sort_dedup(&mut picked);
    let right = picked
        .iter()
        .filter(|&&i| truth.get(i) == Some(&true))
        .count() as u32;
    let wrong = picked.len() as u32 - right;
    Mark {
        correct: right == out_of && wrong == 0,
        points: right.saturating_sub(wrong),
        out_of,
        wrong,
    }
}

fn out_of(question: &Question) -> u32 {
    match question.kind() {
        Kind::RedFlags => question
            .selectable_parts()
            .filter(|p| p.reason.is_some())
            .count() as u32,
        _ => question.choices.iter().filter(|c| c.correct).count() as u32,
    }
}

/// A whole drill's result.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Score {
    /// Questions answered entirely right.
    pub correct: u32,
    /// Questions in the drill.
    pub questions: u32,
    /// Sum of [`Mark::points`].
    pub points: u32,
    /// Sum of [`Mark::out_of`].
    pub out_of: u32,
}

impl Score {
    /// Adds up the marks of a drill's questions.
    pub fn of(marks: impl IntoIterator<Item = Mark>) -> Score {
        marks.into_iter().fold(Score::default(), |s, m| Score {
            correct: s.correct + u32::from(m.correct),
            questions: s.questions + 1,
            points: s.points + m.points,
            out_of: s.out_of + m.out_of,
        })
    }

    /// Credit earned as a fraction of what was available (1.0 for an empty drill).
    pub fn fraction(&self) -> f64 {
        if self.out_of == 0 {
            1.0
        } else {
            f64::from(self.points) / f64::from(self.out_of)
        }
    }
}

json::wire! { FromJson, ToJson for enum Answer { Choices = "c", Parts = "p" } }

json::wire! { FromJson, ToJson for Score { correct, questions, points, out_of } }

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(feature = "compiler")]
    use crate::lesson;

    // Marking is run time, but its fixture is a drill's Markdown, which only the compiler
    // reads: these run natively, where the compiler is on.
    #[cfg(feature = "compiler")]
    const DRILL: &str = "---\nid: t\ntitle: T\ntopic: phishing\n---\n\n## One\n\n- [ ] a\n- [x] b\n- [ ] c\n\n> E.\n\n## All\n\n- [x] a\n- [x] b\n- [ ] c\n\n> E.\n\n## Flags\n\n```sms\nFrom: X\n\nHi. [[Pay now|urgent]]. Bye [[bit.ly/x|short link]]\n```\n\n> E.\n";

    #[cfg(feature = "compiler")]
    fn marks(answers: &[Answer]) -> Vec<(bool, u32, u32, u32)> {
        let drill = lesson::parse(DRILL, "").drill;
        drill
            .questions
            .iter()
            .zip(answers)
            .map(|(q, a)| mark(q, a))
            .map(|m| (m.correct, m.points, m.out_of, m.wrong))
            .collect()
    }

    #[test]
    #[cfg(feature = "compiler")]
    fn marks_follow_the_rules() {
        use Answer::{Choices as C, Parts as P};
        // Each case answers the three questions; each mark is (correct, points, out of, wrong).
        // Selectable parts of the mock-up: "X", "Hi.", "Pay now", "Bye", "bit.ly/x".
        let cases = [
            (
                "right answers earn everything",
                [C(vec![1]), C(vec![0, 1]), P(vec![2, 4])],
                [(true, 1, 1, 0), (true, 2, 2, 0), (true, 2, 2, 0)],
            ),
            (
                "wrong picks and false alarms cost credit",
                [C(vec![0]), C(vec![0, 2]), P(vec![0, 2, 3])],
                [(false, 0, 1, 1), (false, 0, 2, 1), (false, 0, 2, 2)],
            ),
            (
                "malformed answers earn nothing and never panic",
                [P(vec![0]), C(vec![9, 9, 1]), P(vec![])],
                [(false, 0, 1, 0), (false, 0, 2, 1), (false, 0, 2, 0)],
            ),
        ];
        for (case, answers, expected) in cases {
            assert_eq!(marks(&answers), expected, "{case}");
        }
    }

    #[test]
    fn score_adds_up_marks() {
        let score = Score::of([
            Mark {
                correct: true,
                points: 1,
                out_of: 1,
                wrong: 0,
            },
            Mark {
                correct: false,
                points: 1,
                out_of: 3,
                wrong: 1,
            },
        ]);
        assert_eq!(
            (score.correct, score.questions, score.points, score.out_of),
            (1, 2, 2, 4)
        );
        assert!((score.fraction() - 0.5).abs() < f64::EPSILON);
    }
}
