//! The widget's words for the core's facts: topics, dates, when a drill is due, how long it
//! takes and how much time is left, where a session resumes, what to do before Check, and a
//! drill's result. British English, plain and short; the widget shows them as they are.
//!
//! Only ASCII is ever changed in case: Unicode's case tables would be in the widget's download
//! (`clippy.toml`; ARCHITECTURE.md, "Where the bytes go"), for topic ids that are ASCII in
//! practice (`cyberdrill check` names the usual ones).

use crate::date::Date;
use crate::lesson::Kind;
use crate::progress::History;
use crate::schedule;
use crate::score::Score;

/// "s" when `count` is not one.
pub fn plural(count: i64) -> &'static str {
    if count == 1 { "" } else { "s" }
}

/// "Phishing", "Data handling": a topic (a kebab-case id such as `data-handling`) as words.
/// Only an ASCII first letter is capitalised.
pub fn topic_label(topic: &str) -> String {
    let mut words = topic.replace('-', " ");
    if let Some(first) = words.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    words
}

/// "Tuesday 1 December": the UTC date of `ms` (Unix milliseconds) as the learner reads it.
pub fn long_date(ms: i64) -> String {
    let date = Date::from_unix_ms(ms);
    let (_, month, day) = date.ymd();
    // 1 January 1970, day 0, was a Thursday.
    const DAYS: [&str; 7] = [
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "Monday",
        "Tuesday",
        "Wednesday",
    ];
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let weekday = DAYS[date.days().rem_euclid(7) as usize];
    format!("{weekday} {day} {}", MONTHS[(month - 1) as usize])
}

/// When drill `id` is due at `now`, in words: "New", "Due now", "Due again tomorrow", "Due
/// again in 3 days".
pub fn due(history: &History, id: &str, now: i64) -> String {
    match schedule::due(history, id) {
        None => "New".to_owned(),
        Some(at) if at <= now => "Due now".to_owned(),
        Some(at) => match schedule::days_until(at, now) {
            1 => "Due again tomorrow".to_owned(),
            days => format!("Due again in {days} days"),
        },
    }
}

/// "About 2 minutes": how long a drill takes, on its card.
pub fn minutes(minutes: u32) -> String {
    format!("About {minutes} minute{}", plural(minutes.into()))
}

/// The Resume button of a drill of `count` questions left with `answered` of them answered:
/// "Resume (question 2 of 4)", or "Resume (see your results)" when all are; `None` when
/// nothing was answered, so there is nothing to resume.
pub fn resume(answered: usize, count: usize) -> Option<String> {
    match answered {
        0 => None,
        n if n >= count => Some("Resume (see your results)".to_owned()),
        n => Some(format!("Resume (question {} of {count})", n + 1)),
    }
}

/// How a question of `kind` is answered, under its prompt.
pub fn hint(kind: Kind) -> &'static str {
    match kind {
        Kind::PickOne => "Choose one answer.",
        Kind::SelectAll => "Select all that apply.",
        Kind::RedFlags => {
            "Select every part of the message that looks suspicious, then check. If nothing does, check with nothing selected."
        }
    }
}

/// What the learner is asked when they press Check with no choice picked.
pub const PICK_FIRST: &str = "Choose an answer first";

/// The soft clock of a drill of `minutes`, `left` seconds before they are up: a sense of time
/// passing, never a limit.
pub fn time_left(minutes: u32, left: i64) -> String {
    match left {
        left if left > 90 => format!("About {minutes} minutes left"),
        left if left > 30 => "About a minute left".to_owned(),
        left if left > 0 => "Under a minute left".to_owned(),
        _ => "No rush: take the time you need".to_owned(),
    }
}

/// The summary's heading for a drill's result.
pub fn summary_title(score: &Score) -> &'static str {
    if score.correct == score.questions {
        "Well done: all correct"
    } else {
        "Drill complete"
    }
}

/// "You answered 3 of 4 questions right."
pub fn score(score: &Score) -> String {
    format!(
        "You answered {} of {} question{} right.",
        score.correct,
        score.questions,
        plural(score.questions.into())
    )
}

/// When a drill finished at `at` comes back, if it is `due` again: "This drill comes back in 3
/// days, on Friday 4 December."; nothing when it is not.
pub fn comes_back(due: Option<i64>, at: i64) -> String {
    match due {
        Some(due) => {
            let days = schedule::days_until(due, at);
            format!(
                "This drill comes back in {days} day{}, on {}.",
                plural(days),
                long_date(due)
            )
        }
        None => String::new(),
    }
}
