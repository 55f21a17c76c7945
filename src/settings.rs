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

/// The members of a compiled drill that hold HTML (`Block::Html` is `{"html": …}`): a value
/// filled into them is escaped. Every other string is plain text, shown as typed.
const HTML_MEMBERS: &[&str] = &["html", "prompt_html", "label", "feedback", "explanation"];

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

    /// A compiled drill's JSON `value` with every `{{name}}` in its strings replaced by the
    /// setting's value, escaped in the members that hold HTML; a name with no setting (a
    /// drill given without a catalog) by its words, `{{service_desk}}` as "service desk",
    /// which still reads as an instruction. Filling the JSON before it is read is one small
    /// walk for every field a drill has, or will have.
    pub fn fill(&self, value: &mut Value) {
        self.fill_in(value, false);
    }

    fn fill_in(&self, value: &mut Value, html: bool) {
        match value {
            Value::Str(text) => self.text(text, html),
            Value::Array(items) => items.iter_mut().for_each(|v| self.fill_in(v, html)),
            Value::Object(members) => {
                for (key, member) in members {
                    let html = HTML_MEMBERS.contains(&key.as_str());
                    self.fill_in(member, html);
                }
            }
            Value::Null | Value::Bool(_) | Value::Int(_) => {}
        }
    }

    /// A compiled drill (`Drill::to_json`) with its placeholders filled, for the studio's
    /// preview; the text as it is if it is not JSON.
    #[cfg(feature = "compiler")]
    pub fn fill_compiled(&self, json: &str) -> String {
        let Ok(mut value) = crate::json::parse(json) else {
            return json.to_owned();
        };
        self.fill(&mut value);
        let mut out = value.to_json();
        out.push('\n');
        out
    }

    /// `text` (plain text, such as a catalog entry's title) with its placeholders filled.
    pub fn filled(&self, text: &str) -> String {
        let mut text = text.to_owned();
        self.text(&mut text, false);
        text
    }

    /// Fills the placeholders in `text` ([`placeholder`]), escaping the values when it is
    /// HTML.
    fn text(&self, text: &mut String, html: bool) {
        let Some(mut next) = placeholder(text, 0) else {
            return;
        };
        let mut out = String::new();
        let mut copied = 0;
        loop {
            let (open, close) = next;
            out.push_str(&text[copied..open]);
            let name = text[open + 2..close].trim();
            let value = self.get(name);
            for c in value.unwrap_or(name).chars() {
                match c {
                    '_' if value.is_none() => out.push(' '),
                    '&' if html => out.push_str("&amp;"),
                    '<' if html => out.push_str("&lt;"),
                    '>' if html => out.push_str("&gt;"),
                    '"' if html => out.push_str("&quot;"),
                    c => out.push(c),
                }
            }
            copied = close + 2;
            match placeholder(text, copied) {
                Some(found) => next = found,
                None => break,
            }
        }
        out.push_str(&text[copied..]);
        *text = out;
    }
}

/// The first `{{name}}` in `text` at or after byte `from`: where its `{{` and its `}}` start.
/// A name is at most 40 bytes, on one line. The checker (`unknown-setting`) and the widget's
/// filling both find placeholders with this, so they agree on what is one. It scans bytes
/// (`{` and `}` are ASCII, so every cut is at a character boundary): `str::find` with a
/// string pattern would bring the standard substring searcher into the widget.
pub fn placeholder(text: &str, from: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let pair = |i: usize, b: u8| bytes.get(i) == Some(&b) && bytes.get(i + 1) == Some(&b);
    (from..bytes.len())
        .filter(|&i| pair(i, b'{'))
        .find_map(|open| {
            let close = (open + 2..bytes.len().min(open + 43)).find(|&j| pair(j, b'}'))?;
            (!bytes[open + 2..close].contains(&b'\n')).then_some((open, close))
        })
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
