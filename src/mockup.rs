//! Message mock-ups: inert look-alikes of an email, a text message or a chat message, cut into
//! parts a learner can select, some of them red flags. This is the run-time model the widget
//! draws; `parse` (compiler only) reads one from a fenced block (` ```email `) with
//! `Key: value` headers, a blank line and a body, and the `[[text|reason]]` red-flag markers
//! inside them.

#[cfg(feature = "compiler")]
mod parse;

#[cfg(feature = "compiler")]
pub use parse::{Content, parse};

use serde::{Deserialize, Serialize};

use crate::json::{self, FromJson, ToJson, Value};
use crate::words::{Key, Words};

/// The channel of the message a mock-up imitates (its JSON member is still `kind`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    /// ```` ```email ````
    Email,
    /// ```` ```sms ````
    Sms,
    /// ```` ```chat ````
    Chat,
}

impl Channel {
    /// Its name in a fenced block's info string and in JSON: `email`, `sms` or `chat`.
    pub fn name(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Sms => "sms",
            Channel::Chat => "chat",
        }
    }

    /// The kind named by a fenced block's info string, if it names one.
    pub fn from_info(info: &str) -> Option<Channel> {
        match info.split_whitespace().next()? {
            "email" => Some(Channel::Email),
            "sms" => Some(Channel::Sms),
            "chat" => Some(Channel::Chat),
            _ => None,
        }
    }

    /// The headers this kind of message has, in display order.
    pub fn headers(self) -> &'static [&'static str] {
        match self {
            Channel::Email => &[
                "From",
                "Reply-To",
                "To",
                "Cc",
                "Date",
                "Subject",
                "Attachment",
            ],
            Channel::Sms => &["From", "To", "Date"],
            Channel::Chat => &["App", "From", "To", "Date"],
        }
    }

    /// What a learner calls it: "Email", "Text message", "Chat message".
    pub fn noun(self, words: &Words) -> &str {
        words.text(match self {
            Channel::Email => Key::Email,
            Channel::Sms => Key::TextMessage,
            Channel::Chat => Key::ChatMessage,
        })
    }
}

impl FromJson for Channel {
    fn from_json(value: &Value) -> Result<Self, String> {
        match value {
            Value::Str(kind) if kind == "email" => Ok(Channel::Email),
            Value::Str(kind) if kind == "sms" => Ok(Channel::Sms),
            Value::Str(kind) if kind == "chat" => Ok(Channel::Chat),
            _ => Err("expected email, sms or chat".to_owned()),
        }
    }
}

impl ToJson for Channel {
    fn write_json(&self, out: &mut String) {
        self.name().write_json(out);
    }
}

/// A parsed mock-up.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Mockup {
    /// Email, SMS or chat.
    pub kind: Channel,
    /// Headers with their canonical names, in the order written.
    pub headers: Vec<Header>,
    /// Body lines; an empty line separates paragraphs.
    pub body: Vec<Vec<Part>>,
    /// A genuine message (```` ```email genuine ````): it has no red flags, and in a
    /// spot-the-red-flags question the right answer is to select nothing.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub genuine: bool,
}

/// One header line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Header {
    /// Canonical name, such as `From` or `Reply-To`.
    pub name: String,
    /// The value, cut into parts.
    pub parts: Vec<Part>,
}

/// A piece of a mock-up's text. In a spot-the-red-flags question each part with words in it
/// can be selected; a part with a reason is a red flag.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Part {
    /// The text as the message shows it.
    pub text: String,
    /// Why this part is suspicious, for a red flag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

json::wire! { FromJson, ToJson for Mockup { kind, headers, body, genuine: sparse } }
json::wire! { FromJson, ToJson for Header { name, parts } }
json::wire! { FromJson, ToJson for Part { text, reason: optional } }

impl Part {
    /// Whether a learner can select it: a red flag, or text with more in it than spaces and
    /// punctuation.
    pub fn is_selectable(&self) -> bool {
        self.reason.is_some() || self.text.chars().any(is_wordlike)
    }
}

/// A character that makes a piece of text worth selecting: an ASCII letter or digit, or any
/// character outside ASCII except those of the blocks that hold spaces and punctuation
/// (Latin-1's U+00A0–U+00BF, General Punctuation, CJK Symbols and Punctuation). So "café",
/// "日本" and "⚠" can be selected, and a lone "—", "…" or "« »" cannot. Not
/// `char::is_alphanumeric`: its Unicode tables would be in the widget's download.
fn is_wordlike(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || !(c.is_ascii()
            || matches!(c, '\u{a0}'..='\u{bf}' | '\u{2000}'..='\u{206f}' | '\u{3000}'..='\u{303f}'))
}

impl Mockup {
    /// Every part, headers first then the body, in reading order.
    pub fn parts(&self) -> impl Iterator<Item = &Part> {
        self.headers
            .iter()
            .flat_map(|h| &h.parts)
            .chain(self.body.iter().flatten())
    }

    /// Whether any part is a red flag.
    pub fn has_red_flags(&self) -> bool {
        self.parts().any(|p| p.reason.is_some())
    }

    /// The value of a header as plain text.
    pub fn header(&self, name: &str) -> Option<String> {
        let header = self.headers.iter().find(|h| h.name == name)?;
        Some(header.parts.iter().map(|p| p.text.as_str()).collect())
    }

    /// A header's name as the learner reads it: the usual ones (`From`, `To`, `Subject`,
    /// `Date`, `App`, `Attachment`) in the learner's language, any other as written.
    pub fn header_name<'w>(words: &'w Words, name: &'w str) -> &'w str {
        let key = match name {
            "From" => Key::From,
            "To" => Key::To,
            "Subject" => Key::Subject,
            "Date" => Key::Date,
            "App" => Key::App,
            "Attachment" => Key::Attachment,
            _ => return name,
        };
        words.text(key)
    }

    /// What a screen reader announces for the mock-up: "Email from X, subject Y".
    pub fn label(&self, words: &Words) -> String {
        let mut label = self.kind.noun(words).to_owned();
        for (header, key, name) in [
            ("From", Key::MockupFrom, "who"),
            ("App", Key::MockupOn, "app"),
            ("Subject", Key::MockupSubject, "subject"),
        ] {
            if let Some(value) = self.header(header) {
                label = words.say(key, &[("what", &label), (name, &value)]);
            }
        }
        label
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_with_more_than_punctuation_is_selectable() {
        let selectable = |text: &str| {
            Part {
                text: text.to_owned(),
                reason: None,
            }
            .is_selectable()
        };
        for text in ["a", "7", "café", "日本", "Ωμέγα", "⚠", "x —"] {
            assert!(selectable(text), "{text:?} should be selectable");
        }
        for text in ["", " ", ". ", "—", "…", "« »", "“”", "「」", "\u{a0}", "!?"] {
            assert!(!selectable(text), "{text:?} should not be selectable");
        }
    }
}
