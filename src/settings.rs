//! A trust's settings: the values a drill's `{{name}}` placeholders are filled with, so that
//! one national library of drills tells each trust's staff their own routes (the service
//! desk's number, how to report a phishing email).
//!
//! Authors keep them in `settings.yml` beside the drills (`key: value` lines, the front
//! matter's syntax); the compiler checks them against the drills' placeholders
//! (`unknown-setting`, `unused-setting`) and writes them into the catalog, where a web team
//! can change a value by hand; the widget fills them in ([`Settings::fill`]) as it reads a
//! drill. Values are plain text: filled into HTML, they are escaped.

#[cfg(feature = "compiler")]
use std::ops::Range;

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::json::{FromJson, ObjectWriter, ToJson, Value};
use crate::lesson::{Block, Drill, Question};
use crate::mockup::Part;

/// Settings by name, in the order written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Settings(pub Vec<(String, String)>);

/// A setting's name: lowercase ASCII letters, digits and `_`, starting with a letter
/// (`service_desk`).
pub fn is_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

impl Settings {
    /// The value of the setting `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// `drill` with every `{{name}}` in its text replaced by the setting's value; a name with
    /// no setting (a drill given without a catalog) by its words, `{{service_desk}}` as
    /// "service desk", which still reads as an instruction.
    pub fn fill(&self, drill: &mut Drill) {
        self.text(&mut drill.title, false);
        self.blocks(&mut drill.scenario);
        drill.questions.iter_mut().for_each(|q| self.question(q));
        for variant in &mut drill.variants {
            self.blocks(&mut variant.scenario);
            variant.questions.iter_mut().for_each(|q| self.question(q));
        }
    }

    fn question(&self, question: &mut Question) {
        self.text(&mut question.prompt, false);
        self.text(&mut question.prompt_html, true);
        self.blocks(&mut question.body);
        for choice in &mut question.choices {
            self.text(&mut choice.label, true);
            if let Some(feedback) = &mut choice.feedback {
                self.text(feedback, true);
            }
        }
        self.text(&mut question.explanation, true);
        self.text(&mut question.takeaway, false);
    }

    fn blocks(&self, blocks: &mut [Block]) {
        for block in blocks {
            match block {
                Block::Html(html) => self.text(html, true),
                Block::Mockup(mockup) => {
                    let headers = mockup.headers.iter_mut().flat_map(|h| &mut h.parts);
                    for part in headers.chain(mockup.body.iter_mut().flatten()) {
                        let Part { text, reason } = part;
                        self.text(text, false);
                        if let Some(reason) = reason {
                            self.text(reason, false);
                        }
                    }
                }
            }
        }
    }

    /// `text` (plain text, such as a catalog entry's title) with its placeholders filled.
    pub fn filled(&self, text: &str) -> String {
        let mut text = text.to_owned();
        self.text(&mut text, false);
        text
    }

    /// Fills the placeholders in `text`, escaping the values when it is HTML.
    fn text(&self, text: &mut String, html: bool) {
        if !text.contains("{{") {
            return;
        }
        let mut out = String::new();
        let mut rest = text.as_str();
        while let Some(open) = rest.find("{{") {
            out.push_str(&rest[..open]);
            let inside = &rest[open + 2..];
            let Some(end) = inside.find("}}").filter(|&end| end <= 40) else {
                out.push_str("{{");
                rest = inside;
                continue;
            };
            let name = inside[..end].trim();
            let words;
            let value = match self.get(name) {
                Some(value) => value,
                None => {
                    words = name.replace('_', " ");
                    &words
                }
            };
            for c in value.chars() {
                match c {
                    '&' if html => out.push_str("&amp;"),
                    '<' if html => out.push_str("&lt;"),
                    '>' if html => out.push_str("&gt;"),
                    '"' if html => out.push_str("&quot;"),
                    c => out.push(c),
                }
            }
            rest = &inside[end + 2..];
        }
        out.push_str(rest);
        *text = out;
    }
}

impl FromJson for Settings {
    fn from_json(value: &Value) -> Result<Self, String> {
        let Value::Object(members) = value else {
            return Err("expected an object of settings".to_owned());
        };
        members
            .iter()
            .map(|(name, value)| match value {
                Value::Str(text) => Ok((name.clone(), text.clone())),
                _ => Err(format!("setting `{name}` is not text")),
            })
            .collect::<Result<_, _>>()
            .map(Settings)
    }
}

impl ToJson for Settings {
    fn write_json(&self, out: &mut String) {
        let mut object = ObjectWriter::new(out);
        for (name, value) in &self.0 {
            object = object.field(name, value);
        }
        object.end();
    }
}

/// The reference form (`tests/it/json.rs`): an object, in order.
impl Serialize for Settings {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, value) in &self.0 {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

impl<'de> serde::Deserialize<'de> for Settings {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Members;
        impl<'de> serde::de::Visitor<'de> for Members {
            type Value = Settings;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object of settings")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Settings, A::Error> {
                let mut settings = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    settings.push(entry);
                }
                Ok(Settings(settings))
            }
        }
        deserializer.deserialize_map(Members)
    }
}

/// A settings file as read: the settings, where each name is, and every problem.
#[cfg(feature = "compiler")]
#[derive(Clone, Debug, Default)]
pub struct Parsed {
    /// The settings that could be read.
    pub settings: Settings,
    /// Where each setting's name is, in the same order.
    pub spans: Vec<Range<usize>>,
    /// Every problem, in source order.
    pub diagnostics: Vec<crate::diagnostic::Diagnostic>,
}

/// Reads a settings file: `name: value` lines and `#` comments, as in a drill's front matter
/// but without the `---` fences.
#[cfg(feature = "compiler")]
// The compiler is not in the widget: its size rules (clippy.toml) do not bind this.
#[allow(clippy::disallowed_methods)]
pub fn parse(text: &str) -> Parsed {
    use crate::diagnostic::{Code, Diagnostic};
    use crate::front_matter::FieldValue;

    let (fields, mut diagnostics) = crate::front_matter::fields(text);
    let mut parsed = Parsed::default();
    for field in fields {
        let problem = if !is_name(&field.key) {
            Some((
                Code::InvalidValue,
                format!("`{}` is not a setting name", field.key),
                "names use lowercase letters, digits and `_`, like `service_desk`",
            ))
        } else if parsed.settings.get(&field.key).is_some() {
            Some((
                Code::DuplicateKey,
                format!("`{}` is given more than once", field.key),
                "keep one value for each setting",
            ))
        } else {
            None
        };
        if let Some((code, message, help)) = problem {
            diagnostics
                .push(Diagnostic::new(code, field.key_span.clone(), message).with_help(help));
            continue;
        }
        let value = match field.value {
            FieldValue::Text(text) => text,
            FieldValue::List(_) => {
                diagnostics.push(
                    Diagnostic::new(
                        Code::InvalidValue,
                        field.value_span.clone(),
                        format!("setting `{}` is a list", field.key),
                    )
                    .with_help("a setting is one line of plain text"),
                );
                continue;
            }
        };
        parsed.settings.0.push((field.key, value));
        parsed.spans.push(field.key_span);
    }
    diagnostics.sort_by_key(|d| (d.span.start, d.code));
    parsed.diagnostics = diagnostics;
    parsed
}
