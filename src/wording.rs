//! The widget's words for the core's facts: topics, dates, when a drill is due, how long it
//! takes and how much time is left, where a session resumes, what to do before Check, and a
//! drill's result, in the learner's language ([`Words`]): plain and short; the widget shows
//! them as they are.
//!
//! Only ASCII is ever changed in case: Unicode's case tables would be in the widget's download
//! (`clippy.toml`; ARCHITECTURE.md, "Where the bytes go"), for topic ids that are ASCII in
//! practice (`cyberdrill check` names the usual ones).

use crate::lesson::Kind;
use crate::progress::History;
use crate::schedule;
use crate::score::Score;
use crate::words::{Key, Words};

/// "Phishing", "Data handling": a topic (a kebab-case id such as `data-handling`) as words:
/// one of [`crate::lesson::TOPICS`] from the catalogue, any other with its hyphens as spaces
/// and only an ASCII first letter capitalised.
pub fn topic_label(words: &Words, topic: &str) -> String {
    let key = match topic {
        "phishing" => Key::Phishing,
        "passwords" => Key::Passwords,
        "devices" => Key::Devices,
        "data-handling" => Key::DataHandling,
        "physical-security" => Key::PhysicalSecurity,
        "reporting" => Key::Reporting,
        "social-engineering" => Key::SocialEngineering,
        _ => {
            let mut words = topic.replace('-', " ");
            if let Some(first) = words.get_mut(..1) {
                first.make_ascii_uppercase();
            }
            return words;
        }
    };
    words.text(key).to_owned()
}

/// "Tuesday 1 December": the UTC date of `ms` (Unix milliseconds) as the learner reads it.
pub fn long_date(words: &Words, ms: i64) -> String {
    crate::words::long_date(words, ms)
}

/// When drill `id` is due at `now`, in words: "New", "Due now", "Due again tomorrow", "Due
/// again in 3 days".
pub fn due(words: &Words, history: &History, id: &str, now: i64) -> String {
    match schedule::due(history, id) {
        None => words.text(Key::New).to_owned(),
        Some(at) if at <= now => words.text(Key::DueNow).to_owned(),
        Some(at) => match schedule::days_until(at, now) {
            1 => words.text(Key::DueTomorrow).to_owned(),
            days => words.count(Key::DueIn, days, &[]),
        },
    }
}

/// "About 2 minutes": how long a drill takes, on its card.
pub fn minutes(words: &Words, minutes: u32) -> String {
    words.count(Key::Minutes, minutes.into(), &[])
}

/// The Resume button of a drill of `count` questions left with `answered` of them answered:
/// "Resume (question 2 of 4)", or "Resume (see your results)" when all are; `None` when
/// nothing was answered, so there is nothing to resume.
pub fn resume(words: &Words, answered: usize, count: usize) -> Option<String> {
    match answered {
        0 => None,
        n if n >= count => Some(words.text(Key::ResumeResults).to_owned()),
        n => Some(words.say(
            Key::ResumeAt,
            &[("n", &(n + 1).to_string()), ("total", &count.to_string())],
        )),
    }
}

/// How a question of `kind` is answered, under its prompt.
pub fn hint(words: &Words, kind: Kind) -> &str {
    words.text(match kind {
        Kind::PickOne => Key::HintPickOne,
        Kind::SelectAll => Key::HintSelectAll,
        Kind::RedFlags => Key::HintRedFlags,
    })
}

/// The soft clock of a drill of `minutes`, `left` seconds before they are up: a sense of time
/// passing, never a limit.
pub fn time_left(words: &Words, minutes: u32, left: i64) -> String {
    match left {
        left if left > 90 => words.count(Key::MinutesLeft, minutes.into(), &[]),
        left if left > 30 => words.text(Key::MinuteLeft).to_owned(),
        left if left > 0 => words.text(Key::UnderMinute).to_owned(),
        _ => words.text(Key::NoRush).to_owned(),
    }
}

/// The summary's heading for a drill's result.
pub fn summary_title(words: &Words, score: &Score) -> String {
    words
        .text(if score.correct == score.questions {
            Key::AllCorrect
        } else {
            Key::Complete
        })
        .to_owned()
}

/// "You answered 3 of 4 questions right."
pub fn score(words: &Words, score: &Score) -> String {
    words.count(
        Key::Score,
        score.questions.into(),
        &[("correct", &score.correct.to_string())],
    )
}

/// When a drill finished at `at` comes back, if it is `due` again: "This drill comes back in 3
/// days, on Friday 4 December."; nothing when it is not.
pub fn comes_back(words: &Words, due: Option<i64>, at: i64) -> String {
    match due {
        Some(due) => words.count(
            Key::ComesBack,
            schedule::days_until(due, at),
            &[("date", &long_date(words, due))],
        ),
        None => String::new(),
    }
}
