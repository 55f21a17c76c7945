//! The widget's message catalogue: every word it says, by [`Key`], in British English (compiled
//! in, as a `match`, so English costs what literal strings cost) and in any other language
//! from a translation file the widget fetches only for a learner of that language
//! (`public/cyberdrill.cy.txt` for Welsh), read by [`parse`].
//!
//! A translation file is plain UTF-8 text, one message to two lines: the message's English as
//! the widget has it, then its translation. Blank lines and lines starting `#` are comments.
//! The English line is the message's key, so the file is read by what every learner already
//! has and the widget carries no key names; a message whose English changes is no longer
//! translated until its file is updated, which [`parse`] reports. `{name}` is a placeholder,
//! filled by the widget; a counted message gives one form per plural category of its
//! language ([`crate::plural::categories`]: English one|other, Welsh
//! zero|one|two|few|many|other), separated by `|`.
//!
//! A file with any problem is not used at all: the widget speaks English throughout rather
//! than a screen half in one language and half in another, and says why in the console.
//!
//! The studio's words are a catalogue of their own, declared with the same `keys!` and read by
//! the same [`parse`] (generic over a catalogue's [`Message`], as [`Words`]' methods are), so
//! the widget never links a word of the studio's.

use crate::date::Date;
use crate::plural;

/// A language the widget speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    /// British English, compiled in.
    #[default]
    EnGb,
    /// Welsh, from `cyberdrill.cy.txt`.
    Cy,
}

impl Lang {
    /// The language a BCP 47 tag asks for: `cy`, `cy-GB` (any case) are Welsh; anything else,
    /// or nothing, is British English.
    pub fn from_tag(tag: Option<&str>) -> Lang {
        let primary = tag.unwrap_or_default().split(['-', '_']).next();
        match primary {
            Some(p) if p.eq_ignore_ascii_case("cy") => Lang::Cy,
            _ => Lang::EnGb,
        }
    }

    /// Its tag, for `lang` attributes and file names.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::EnGb => "en-GB",
            Lang::Cy => "cy",
        }
    }
}

/// A message catalogue's key: what [`Words`] and [`parse`] need of it. The crate's `keys!`
/// declares each catalogue's enum and implements it.
pub trait Message: Copy + 'static {
    /// Every message, in order.
    const ALL: &'static [Self];
    /// The message in British English, compiled in: its key in a translation file.
    fn english(self) -> &'static str;
    /// Its place in [`Message::ALL`].
    fn index(self) -> usize;
}

/// Declares a catalogue: its enum's name, then each message with its British English (`Name
/// => "English",`); the enum gets `ALL`, `english` and its [`Message`] implementation. The
/// widget's is [`Key`]; the studio has its own, so that neither links the other's words.
macro_rules! keys {
    ($(#[$doc:meta])* $name:ident; $($key:ident => $english:expr,)*) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum $name { $($key,)* }

        impl $name {
            /// Every message, in order.
            pub const ALL: &[$name] = &[$($name::$key,)*];

            /// The message in British English.
            pub fn english(self) -> &'static str {
                match self { $($name::$key => $english,)* }
            }
        }

        impl $crate::words::Message for $name {
            const ALL: &'static [$name] = <$name>::ALL;

            fn english(self) -> &'static str {
                <$name>::english(self)
            }

            fn index(self) -> usize {
                self as usize
            }
        }
    };
}
// The studio's catalogue, built only with the compiler, is the other user.
#[cfg(feature = "compiler")]
pub(crate) use keys;

keys! {
    /// A message of the widget's. Its English is [`Key::english`].
    Key;
    Loading => "Loading a cyber drill…",
    Failed => "This drill could not be loaded. Your progress is safe.",
    Fault => "This drill stopped because of a fault. Your progress is safe.",
    Region => "Cyber drill",
    RegionOf => "Cyber drill: {title}",
    Eyebrow => "Cyber drill · {topic}",
    CannotSave => "Your progress can't be saved on this computer, so it will be lost when you close this page.",
    SavedByNewer => "Your progress was saved by a newer version of this page, so this one won't change it.",
    Unreviewed => "This Welsh version has not yet been reviewed by a Welsh speaker.",
    Minutes => "About {n} minute|About {n} minutes",
    New => "New",
    DueNow => "Due now",
    DueTomorrow => "Due again tomorrow",
    DueIn => "Due again in {n} day|Due again in {n} days",
    ResumeResults => "Resume (see your results)",
    ResumeAt => "Resume (question {n} of {total})",
    StartOver => "Start over",
    Start => "Start",
    MyProgress => "My progress",
    StartQuestions => "Start the questions",
    QuestionOf => "Question {n} of {total}",
    HintPickOne => "Choose one answer.",
    HintSelectAll => "Select all that apply.",
    HintRedFlags => "Select every part of the message that looks suspicious, then check. If nothing does, check with nothing selected.",
    PickFirst => "Choose an answer first",
    Check => "Check",
    SeeResults => "See your results",
    NextQuestion => "Next question",
    YourAnswerRight => "✓ Your answer: right",
    RightAnswer => "✓ Right answer",
    YourAnswerWrong => "✗ Your answer: not right",
    Correct => "Correct",
    Partly => "Partly right",
    Wrong => "Not quite",
    Genuine => "Nothing in this message is suspicious: it is genuine.",
    GenuinePicked => "This message is genuine: nothing in it is suspicious, and you picked {n} part.|This message is genuine: nothing in it is suspicious, and you picked {n} parts.",
    Spotted => "You spotted {found} of {total} red flags.",
    SpottedPicked => "You spotted {found} of {total} red flags, and picked {n} part that is not one.|You spotted {found} of {total} red flags, and picked {n} parts that are not.",
    RightAnswers => "There is {n} right answer.|There are {n} right answers.",
    YouChose => "You chose:",
    SpottedFlag => "✓ Spotted:",
    MissedFlag => "! Missed:",
    MinutesLeft => "About {n} minute left|About {n} minutes left",
    MinuteLeft => "About a minute left",
    UnderMinute => "Under a minute left",
    NoRush => "No rush: take the time you need",
    FlagFound => "✓ red flag you spotted",
    FlagMissed => "! red flag you missed",
    NotFlag => "✗ not a red flag",
    Email => "Email",
    TextMessage => "Text message",
    ChatMessage => "Chat message",
    MockupFrom => "{what} from {who}",
    MockupOn => "{what} on {app}",
    MockupSubject => "{what}, subject {subject}",
    From => "From",
    To => "To",
    Subject => "Subject",
    Date => "Date",
    App => "App",
    Attachment => "Attachment",
    AllCorrect => "Well done: all correct",
    Complete => "Drill complete",
    Score => "You answered {correct} of {n} question right.|You answered {correct} of {n} questions right.",
    WorthRemembering => "Worth remembering",
    ComesBack => "This drill comes back in {n} day, on {date}.|This drill comes back in {n} days, on {date}.",
    LongDate => "{weekday} {day} {month}",
    ReportIt => "Report it",
    ReportAdvice => "If you meet something like this for real, report it straight away. Reporting early stops it spreading, and nobody is blamed for reporting.",
    AnotherDrill => "Another drill",
    Done => "Done",
    DrillsDone => "Drills done",
    TopicsCovered => "Topics covered",
    ActiveDays => "Days with a drill, last 4 weeks",
    OutOf => "{done} of {all}",
    SetAside => "Some saved progress on this computer could not be read and was set aside. Clearing your progress removes it.",
    ComingUp => "Coming up",
    MoveOrClear => "Move or clear your progress",
    StaysHere => "Your progress stays on this computer. Export it to carry it to another one.",
    ExportProgress => "Export progress",
    ImportProgress => "Import progress",
    ClearProgress => "Clear progress",
    ConfirmClear => "Clear all your progress on this computer? This cannot be undone.",
    ClearIt => "Clear it",
    KeepIt => "Keep it",
    BackToDrill => "Back to the drill",
    Downloading => "Your progress file is downloading.",
    NotSaved => "Your browser would not save the file.",
    Cleared => "Your progress on this computer has been cleared.",
    Imported => "Imported: {n} result added to this computer.|Imported: {n} results added to this computer.",
    NotImported => "Nothing imported: {reason}.",
    TooLarge => "this file is over {mb} MB, larger than any progress file",
    TooMany => "this file holds {n} result, more than any progress file ({max})|this file holds {n} results, more than any progress file ({max})",
    Stranger => "this file is not a cyberdrill progress file",
    Future => "this file has results dated after today: check the date on the computer it came from",
    Newer => "this file comes from a newer version of cyberdrill",
    Damaged => "this progress file is damaged",
    Phishing => "Phishing",
    Passwords => "Passwords",
    Devices => "Devices",
    DataHandling => "Data handling",
    PhysicalSecurity => "Physical security",
    Reporting => "Reporting",
    SocialEngineering => "Social engineering",
    Monday => "Monday",
    Tuesday => "Tuesday",
    Wednesday => "Wednesday",
    Thursday => "Thursday",
    Friday => "Friday",
    Saturday => "Saturday",
    Sunday => "Sunday",
    January => "January",
    February => "February",
    March => "March",
    April => "April",
    May => "May",
    June => "June",
    July => "July",
    August => "August",
    September => "September",
    October => "October",
    November => "November",
    December => "December",
}

/// One catalogue's words in one language: the widget's ([`Key`]), or the studio's. Ask it
/// only for the keys of the catalogue [`parse`] read it for (the studio's stay behind its own
/// state); English, which has no table, answers any. Its methods, rather than the type, are
/// generic over the catalogue, which leaves the widget's build as it was.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Words {
    lang: Lang,
    /// Each message's text, by its index; empty for English, which is [`Message::english`].
    table: Vec<String>,
}

impl Words {
    /// British English.
    pub fn english() -> Words {
        Words::default()
    }

    /// The language these words are in.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// `key`'s text (every form, for a counted message), placeholders unfilled.
    pub fn text<K: Message>(&self, key: K) -> &str {
        self.table
            .get(key.index())
            .map_or(key.english(), String::as_str)
    }

    /// `key`'s text with its placeholders filled from `args` (`("name", value)`).
    pub fn say<K: Message>(&self, key: K, args: &[(&str, &str)]) -> String {
        fill(self.text(key), args)
    }

    /// A counted message: the form of `key` this language uses for `n`, with `{n}` and the
    /// placeholders in `args` filled.
    pub fn count<K: Message>(&self, key: K, n: i64, args: &[(&str, &str)]) -> String {
        let text = self.text(key);
        let form = plural::form(self.lang, n.unsigned_abs());
        let text = text.split('|').nth(form).unwrap_or(text);
        fill(&fill(text, &[("n", &n.to_string())]), args)
    }
}

/// `text` with each `{name}` that `args` names replaced by its value; others left as they are.
pub fn fill(text: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some((before, after)) = rest.split_once('{') {
        out.push_str(before);
        let value = after.split_once('}').and_then(|(name, tail)| {
            let (_, value) = args.iter().find(|(n, _)| *n == name)?;
            Some((value, tail))
        });
        match value {
            Some((value, tail)) => {
                out.push_str(value);
                rest = tail;
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A problem with a translation file: its line (0 for the file as a whole) and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The line, counted from 1; 0 for the file as a whole.
    pub line: usize,
    /// What is wrong, in lowercase.
    pub message: String,
}

/// Reads a translation file into `lang`'s words, and every problem it has; never fails. The
/// words are whole only when there are no problems: a message it lacks is left in English.
/// (A placeholder the English does not have is not looked for here, in every learner's
/// download, but by `cargo test` in the file the build ships: it would show as written.)
pub fn parse<K: Message>(lang: Lang, text: &str) -> (Words, Vec<Problem>) {
    let forms = plural::categories(lang).len();
    let mut table: Vec<Option<String>> = vec![None; K::ALL.len()];
    let mut problems = Vec::new();
    let mut problem = |line, message: String| problems.push(Problem { line, message });
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line.trim()))
        .filter(|(_, line)| !line.is_empty() && !line.starts_with('#'));
    while let Some((at, english)) = lines.next() {
        let Some((line, translated)) = lines.next() else {
            problem(at, format!("`{english}` has no translation after it"));
            break;
        };
        let Some(key) = K::ALL.iter().find(|k| k.english() == english) else {
            problem(
                at,
                format!("no message reads `{english}` in English: it changed or is gone"),
            );
            continue;
        };
        let slot = &mut table[key.index()];
        if slot.is_some() {
            problem(at, format!("`{english}` is translated twice"));
            continue;
        }
        let counted = english.contains('|');
        let given = translated.split('|').count();
        if counted && given != forms {
            problem(
                line,
                format!("`{english}` is counted: give {forms} forms separated by `|`, not {given}"),
            );
            continue;
        }
        if !counted && given > 1 {
            problem(line, format!("`{english}` is not counted: give one form"));
            continue;
        }
        *slot = Some(translated.to_owned());
    }
    for key in K::ALL {
        if table[key.index()].is_none() {
            problem(0, format!("`{}` has no translation", key.english()));
        }
    }
    let table = table
        .into_iter()
        .zip(K::ALL)
        .map(|(text, key)| text.unwrap_or_else(|| key.english().to_owned()))
        .collect();
    (Words { lang, table }, problems)
}

/// "Tuesday 1 December": the UTC date of `ms` (Unix milliseconds) as the learner reads it.
pub fn long_date(words: &Words, ms: i64) -> String {
    let date = Date::from_unix_ms(ms);
    let (_, month, day) = date.ymd();
    // 1 January 1970, day 0, was a Thursday.
    let weekday = Key::ALL[Key::Monday as usize + (date.days() + 3).rem_euclid(7) as usize];
    let month = Key::ALL[Key::January as usize + (month as usize - 1) % 12];
    words.say(
        Key::LongDate,
        &[
            ("weekday", words.text(weekday)),
            ("day", &day.to_string()),
            ("month", words.text(month)),
        ],
    )
}
