//! The JSON every build reads and writes: the catalog, compiled drills, progress records and
//! the compiler's reports. One small codec for all of them, so the widget needs no generic
//! (de)serializer and the CLI and the browser's Markdown module cannot write different bytes.
//!
//! Each type's JSON form is declared once, with [`wire!`]. The types keep their serde derives
//! as the reference: tests check this codec against serde_json (a test-only dependency) byte
//! for byte on everything written and value for value on everything read.
//!
//! The reader builds a [`Value`] tree first (the files are small) and never panics: every
//! problem is an `Err` with a message for the console. Numbers are integers: nothing we store
//! or read has a fraction. The few `f64`s in progress records are stored as [`Bits`], a string
//! of hex digits, which round-trips exactly with no float formatting or parsing in the wasm.

use std::fmt;

/// A parsed JSON value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// `null`
    Null,
    /// `true` or `false`
    Bool(bool),
    /// An integer (JSON numbers with a fraction or exponent are refused).
    Int(i64),
    /// A string, unescaped.
    Str(String),
    /// An array.
    Array(Vec<Value>),
    /// An object's members in the order written.
    Object(Vec<(String, Value)>),
}

/// Why text is not JSON: what was expected, and the byte offset where it was not found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// What the reader wanted.
    pub expected: &'static str,
    /// Byte offset in the text.
    pub at: usize,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "expected {} at byte {}", self.expected, self.at)
    }
}

/// Nesting deeper than this is refused rather than risking the stack.
const MAX_DEPTH: usize = 64;

/// Parses `text` as one JSON value, with nothing but whitespace around it.
pub fn parse(text: &str) -> Result<Value, SyntaxError> {
    let mut reader = Reader {
        bytes: text.as_bytes(),
        at: 0,
    };
    let value = reader.value(0)?;
    reader.skip_space();
    if reader.at < reader.bytes.len() {
        return Err(reader.expected("the end of the text"));
    }
    Ok(value)
}

struct Reader<'t> {
    bytes: &'t [u8],
    at: usize,
}

impl Reader<'_> {
    fn expected(&self, expected: &'static str) -> SyntaxError {
        SyntaxError {
            expected,
            at: self.at,
        }
    }

    fn skip_space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.at) {
            self.at += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        self.skip_space();
        let found = self.bytes.get(self.at) == Some(&byte);
        if found {
            self.at += 1;
        }
        found
    }

    fn word(&mut self, word: &str, value: Value) -> Result<Value, SyntaxError> {
        if self.bytes[self.at..].starts_with(word.as_bytes()) {
            self.at += word.len();
            Ok(value)
        } else {
            Err(self.expected("a value"))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        if depth > MAX_DEPTH {
            return Err(self.expected("less nesting"));
        }
        self.skip_space();
        match self.bytes.get(self.at) {
            Some(b'{') => {
                self.at += 1;
                let mut members = Vec::new();
                if self.eat(b'}') {
                    return Ok(Value::Object(members));
                }
                loop {
                    self.skip_space();
                    let key = self.string()?;
                    if !self.eat(b':') {
                        return Err(self.expected("`:`"));
                    }
                    members.push((key, self.value(depth + 1)?));
                    if self.eat(b'}') {
                        return Ok(Value::Object(members));
                    }
                    if !self.eat(b',') {
                        return Err(self.expected("`,` or `}`"));
                    }
                }
            }
            Some(b'[') => {
                self.at += 1;
                let mut items = Vec::new();
                if self.eat(b']') {
                    return Ok(Value::Array(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    if self.eat(b']') {
                        return Ok(Value::Array(items));
                    }
                    if !self.eat(b',') {
                        return Err(self.expected("`,` or `]`"));
                    }
                }
            }
            Some(b'"') => self.string().map(Value::Str),
            Some(b't') => self.word("true", Value::Bool(true)),
            Some(b'f') => self.word("false", Value::Bool(false)),
            Some(b'n') => self.word("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.integer(),
            _ => Err(self.expected("a value")),
        }
    }

    fn integer(&mut self) -> Result<Value, SyntaxError> {
        let start = self.at;
        if self.bytes.get(self.at) == Some(&b'-') {
            self.at += 1;
        }
        let digits = self.at;
        while let Some(b'0'..=b'9') = self.bytes.get(self.at) {
            self.at += 1;
        }
        let leading_zero = self.bytes.get(digits) == Some(&b'0') && self.at - digits > 1;
        if self.at == digits || leading_zero {
            return Err(SyntaxError {
                expected: "a number",
                at: start,
            });
        }
        if let Some(b'.' | b'e' | b'E') = self.bytes.get(self.at) {
            return Err(self.expected("an integer"));
        }
        std::str::from_utf8(&self.bytes[start..self.at])
            .ok()
            .and_then(|digits| digits.parse().ok())
            .map(Value::Int)
            .ok_or(SyntaxError {
                expected: "a smaller number",
                at: start,
            })
    }

    fn string(&mut self) -> Result<String, SyntaxError> {
        if self.bytes.get(self.at) != Some(&b'"') {
            return Err(self.expected("a string"));
        }
        self.at += 1;
        let mut out = String::new();
        loop {
            let run = self.at;
            while let Some(&b) = self.bytes.get(self.at) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.at += 1;
            }
            // The text is a &str and the run stops only at ASCII, so it is valid UTF-8.
            out.push_str(std::str::from_utf8(&self.bytes[run..self.at]).unwrap_or_default());
            match self.bytes.get(self.at) {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.at += 1;
                    let escaped = match self.bytes.get(self.at) {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => self.unicode()?,
                        _ => return Err(self.expected("an escape")),
                    };
                    self.at += 1;
                    out.push(escaped);
                }
                _ => return Err(self.expected("`\"`")),
            }
        }
    }

    /// After `\u`: four hex digits, or a surrogate pair of two escapes. Leaves `at` on the
    /// last hex digit.
    fn unicode(&mut self) -> Result<char, SyntaxError> {
        let first = self.hex4(self.at + 1)?;
        self.at += 4;
        let code = if (0xD800..0xDC00).contains(&first) {
            let second = match self.bytes.get(self.at + 1..self.at + 3) {
                Some(b"\\u") => self.hex4(self.at + 3)?,
                _ => return Err(self.expected("a low surrogate")),
            };
            if !(0xDC00..0xE000).contains(&second) {
                return Err(self.expected("a low surrogate"));
            }
            self.at += 6;
            0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
        } else {
            first
        };
        char::from_u32(code).ok_or(self.expected("a Unicode scalar value"))
    }

    fn hex4(&self, at: usize) -> Result<u32, SyntaxError> {
        self.bytes
            .get(at..at + 4)
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .filter(|hex| hex.bytes().all(|b| b.is_ascii_hexdigit()))
            .and_then(|hex| u32::from_str_radix(hex, 16).ok())
            .ok_or(SyntaxError {
                expected: "four hex digits",
                at,
            })
    }
}

/// Lowercase hex digits, for `\u00XX` escapes and [`Bits`].
const HEX: &[u8; 16] = b"0123456789abcdef";

/// An `f64` kept exactly and stored in JSON as its 64 bits, big-endian, in a string of 16
/// lowercase hex digits (`1.0` is `"3ff0000000000000"`). A string, not the bits as an
/// integer: integers above 2^53 do not survive JavaScript's `JSON.parse`, nor any tool that
/// reads numbers as doubles, and a learner's exported progress must survive any JSON tool.
/// Neither is it a decimal float: exact float formatting and parsing are large in the wasm.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Bits(pub u64);

impl Bits {
    /// The bits of `value`.
    pub fn of(value: f64) -> Bits {
        Bits(value.to_bits())
    }

    /// The `f64` they are.
    pub fn get(self) -> f64 {
        f64::from_bits(self.0)
    }

    /// The 16 hex digits.
    fn hex(self) -> String {
        (0..16)
            .rev()
            .map(|i| char::from(HEX[(self.0 >> (4 * i)) as usize & 0xf]))
            .collect()
    }

    /// Reads exactly 16 hex digits (either case).
    fn from_hex(hex: &str) -> Option<Bits> {
        let digits = hex.len() == 16 && hex.bytes().all(|b| b.is_ascii_hexdigit());
        digits
            .then(|| u64::from_str_radix(hex, 16).ok())
            .flatten()
            .map(Bits)
    }
}

impl fmt::Debug for Bits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Bits({:?} = {:?})", self.hex(), self.get())
    }
}

impl FromJson for Bits {
    fn from_json(value: &Value) -> Result<Self, String> {
        match value {
            Value::Str(hex) => Bits::from_hex(hex),
            _ => None,
        }
        .ok_or_else(|| "expected 16 hex digits in a string".to_owned())
    }
}

impl ToJson for Bits {
    fn write_json(&self, out: &mut String) {
        write_str(&self.hex(), out);
    }
}

/// The reference form, for serde_json (the tests).
impl serde::Serialize for Bits {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.hex())
    }
}

impl<'de> serde::Deserialize<'de> for Bits {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let hex = String::deserialize(deserializer)?;
        Bits::from_hex(&hex).ok_or_else(|| serde::de::Error::custom("expected 16 hex digits"))
    }
}

/// Appends `text` as a JSON string, escaped as serde_json escapes it.
pub fn write_str(text: &str, out: &mut String) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c < ' ' => {
                out.push_str("\\u00");
                out.push(char::from(HEX[(c as usize) >> 4]));
                out.push(char::from(HEX[(c as usize) & 0xf]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A type read from JSON.
pub trait FromJson: Sized {
    /// Reads it from `value`; the error says what did not fit.
    fn from_json(value: &Value) -> Result<Self, String>;
}

/// A type written as JSON, in the same form serde_json writes it.
pub trait ToJson {
    /// Appends it to `out`.
    fn write_json(&self, out: &mut String);

    /// It as a JSON string.
    fn to_json(&self) -> String {
        let mut out = String::new();
        self.write_json(&mut out);
        out
    }
}

/// Declares a struct's JSON form once and implements [`FromJson`], [`ToJson`] or both from it:
/// every field, in the order written, marked by how it is read and written. A field left out
/// of the declaration is a compile error, so a new field cannot go unwritten by accident.
///
/// ```
/// # use cyberdrill::json::{self, ToJson};
/// struct Note { id: String, done: bool, text: Option<String>, seen: u32, cursor: usize }
/// json::wire! { FromJson, ToJson for Note { id, done, text: optional, seen: default, cursor: skip } }
///
/// let note: Note = json::from_str(r#"{"id":"a","done":true}"#).unwrap();
/// assert_eq!(note.to_json(), r#"{"id":"a","done":true,"seen":0}"#);
/// ```
///
/// - `field`: must be there (an `Option` field, written only, is `null` for `None`);
/// - `field: optional`: an `Option` that may be missing or `null`, and is left out when `None`
///   (serde's `default, skip_serializing_if = "Option::is_none"`);
/// - `field: default`: may be missing (older records), reading as its type's default
///   (serde's `default`), and is always written;
/// - `field: sparse`: may be missing, reading as its type's default, and is left out when it
///   is the default (serde's `default, skip_serializing_if = …`): for flags and lists most
///   values leave empty;
/// - `field: skip`: not in the JSON; reads as its type's default (serde's `skip`).
///
/// An enum whose variants each hold one value is an object with one member, named by the
/// variant's tag (serde's externally tagged form):
///
/// ```
/// # use cyberdrill::json::{self, ToJson};
/// #[derive(Debug, PartialEq)]
/// enum Pick { One(u32), Many(Vec<u32>) }
/// json::wire! { FromJson, ToJson for enum Pick { One = "one", Many = "many" } }
///
/// assert_eq!(json::from_str(r#"{"many":[1,2]}"#), Ok(Pick::Many(vec![1, 2])));
/// assert_eq!(Pick::One(3).to_json(), r#"{"one":3}"#);
/// assert!(json::from_str::<Pick>(r#"{"one":1,"many":[]}"#).is_err());
/// ```
///
/// The serde derives on the same types are the reference this is tested against
/// (`tests/it/json.rs`), byte for byte.
#[macro_export]
macro_rules! wire {
    ($($trait:ident),+ for $ty:ident $members:tt) => {
        $( $crate::wire!(@$trait $ty $members); )+
    };
    ($($trait:ident),+ for enum $ty:ident $variants:tt) => {
        $( $crate::wire!(@$trait enum $ty $variants); )+
    };
    (@FromJson enum $ty:ident { $($variant:ident = $tag:literal),+ $(,)? }) => {
        impl $crate::json::FromJson for $ty {
            fn from_json(value: &$crate::json::Value) -> Result<Self, String> {
                let o = $crate::json::Object::of(value)?;
                let (mut found, mut members) = (None, 0);
                $(if let Some(inner) = o.opt($tag)? {
                    found = Some($ty::$variant(inner));
                    members += 1;
                })+
                match found {
                    Some(one) if members == 1 => Ok(one),
                    _ => Err(concat!("expected one member of" $(, " `", $tag, "`")+).to_owned()),
                }
            }
        }
    };
    (@ToJson enum $ty:ident { $($variant:ident = $tag:literal),+ $(,)? }) => {
        impl $crate::json::ToJson for $ty {
            fn write_json(&self, out: &mut String) {
                let object = $crate::json::ObjectWriter::new(out);
                match self {
                    $($ty::$variant(inner) => object.field($tag, inner),)+
                }
                .end();
            }
        }
    };
    (@FromJson $ty:ident { $($field:ident $(: $how:ident)?),+ $(,)? }) => {
        impl $crate::json::FromJson for $ty {
            fn from_json(value: &$crate::json::Value) -> Result<Self, String> {
                let o = $crate::json::Object::of(value)?;
                Ok($ty { $($field: $crate::wire!(@read o $field $($how)?),)+ })
            }
        }
    };
    (@ToJson $ty:ident { $($field:ident $(: $how:ident)?),+ $(,)? }) => {
        impl $crate::json::ToJson for $ty {
            fn write_json(&self, out: &mut String) {
                let object = $crate::json::ObjectWriter::new(out);
                $(let object = $crate::wire!(@write object self.$field, $field $($how)?);)+
                object.end();
            }
        }
    };
    (@read $o:ident $field:ident) => { $o.get(stringify!($field))? };
    (@read $o:ident $field:ident optional) => { $o.opt(stringify!($field))? };
    (@read $o:ident $field:ident default) => { $o.opt(stringify!($field))?.unwrap_or_default() };
    (@read $o:ident $field:ident sparse) => {
        // Through `get`, which the same types' plain fields already instantiate.
        if $o.has(stringify!($field)) { $o.get(stringify!($field))? } else { Default::default() }
    };
    (@read $o:ident $field:ident skip) => { Default::default() };
    (@write $object:ident $value:expr, $field:ident $(default)?) => {
        $object.field(stringify!($field), &$value)
    };
    (@write $object:ident $value:expr, $field:ident optional) => {
        match &$value {
            Some(value) => $object.field(stringify!($field), value),
            None => $object,
        }
    };
    (@write $object:ident $value:expr, $field:ident sparse) => {
        if $crate::json::is_default(&$value) {
            $object
        } else {
            $object.field(stringify!($field), &$value)
        }
    };
    (@write $object:ident $value:expr, $field:ident skip) => { $object };
}
pub use wire;

/// Whether `value` is its type's default: a `sparse` field then stays out of the JSON.
#[doc(hidden)]
pub fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

/// Parses `text` and reads a `T` from it.
pub fn from_str<T: FromJson>(text: &str) -> Result<T, String> {
    T::from_json(&parse(text).map_err(|e| e.to_string())?)
}

/// An object's members, for reading a struct.
pub struct Object<'v>(&'v [(String, Value)]);

impl<'v> Object<'v> {
    /// `value` as an object.
    pub fn of(value: &'v Value) -> Result<Self, String> {
        match value {
            Value::Object(members) => Ok(Object(members)),
            _ => Err("expected an object".to_owned()),
        }
    }

    /// The member `key` as it is, if there is one.
    pub fn member(&self, key: &str) -> Option<&'v Value> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The member `key`, which must be there.
    pub fn get<T: FromJson>(&self, key: &str) -> Result<T, String> {
        T::from_json(self.required(key)?).map_err(|e| in_field(key, e))
    }

    /// The member `key`, or the error saying it is missing (one function for every field type).
    fn required(&self, key: &str) -> Result<&'v Value, String> {
        self.member(key)
            .ok_or_else(|| format!("missing field `{key}`"))
    }

    /// Whether the member `key` is there and not `null`.
    pub fn has(&self, key: &str) -> bool {
        !matches!(self.member(key), None | Some(Value::Null))
    }

    /// The member `key`, or `None` when it is missing or `null`.
    pub fn opt<T: FromJson>(&self, key: &str) -> Result<Option<T>, String> {
        match self.member(key) {
            None | Some(Value::Null) => Ok(None),
            Some(value) => T::from_json(value).map(Some).map_err(|e| in_field(key, e)),
        }
    }
}

/// Says which field a problem is in (one function, not one per field type).
fn in_field(key: &str, problem: String) -> String {
    format!("field `{key}`: {problem}")
}

/// Writes an object member by member: `{"key":value,…}`.
pub struct ObjectWriter<'o> {
    out: &'o mut String,
    first: bool,
}

impl<'o> ObjectWriter<'o> {
    /// Starts an object in `out`.
    pub fn new(out: &'o mut String) -> Self {
        out.push('{');
        ObjectWriter { out, first: true }
    }

    /// Writes one member.
    pub fn field(mut self, key: &str, value: &dyn ToJson) -> Self {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        write_str(key, self.out);
        self.out.push(':');
        value.write_json(self.out);
        self
    }

    /// Closes the object.
    pub fn end(self) {
        self.out.push('}');
    }
}

impl FromJson for String {
    fn from_json(value: &Value) -> Result<Self, String> {
        match value {
            Value::Str(s) => Ok(s.clone()),
            _ => Err("expected a string".to_owned()),
        }
    }
}

impl FromJson for bool {
    fn from_json(value: &Value) -> Result<Self, String> {
        match value {
            Value::Bool(b) => Ok(*b),
            _ => Err("expected true or false".to_owned()),
        }
    }
}

impl ToJson for bool {
    fn write_json(&self, out: &mut String) {
        out.push_str(if *self { "true" } else { "false" });
    }
}

fn int<T: TryFrom<i64>>(value: &Value) -> Result<T, String> {
    match value {
        Value::Int(n) => T::try_from(*n).map_err(|_| format!("{n} is out of range")),
        _ => Err("expected an integer".to_owned()),
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(value: &Value) -> Result<Self, String> {
        match value {
            Value::Array(items) => {
                // A loop rather than collect::<Result<_, _>>(), whose adapter is compiled
                // again, and larger, for every item type.
                let mut read = Vec::with_capacity(items.len());
                for item in items {
                    read.push(T::from_json(item)?);
                }
                Ok(read)
            }
            _ => Err("expected an array".to_owned()),
        }
    }
}

impl<A: FromJson, B: FromJson> FromJson for (A, B) {
    fn from_json(value: &Value) -> Result<Self, String> {
        match value {
            Value::Array(items) if items.len() == 2 => {
                Ok((A::from_json(&items[0])?, B::from_json(&items[1])?))
            }
            _ => Err("expected an array of two".to_owned()),
        }
    }
}

/// `None` is `null`, as serde_json writes it.
impl<T: ToJson> ToJson for Option<T> {
    fn write_json(&self, out: &mut String) {
        match self {
            Some(value) => value.write_json(out),
            None => out.push_str("null"),
        }
    }
}

impl ToJson for &str {
    fn write_json(&self, out: &mut String) {
        write_str(self, out);
    }
}

impl ToJson for String {
    fn write_json(&self, out: &mut String) {
        write_str(self, out);
    }
}

impl ToJson for Value {
    fn write_json(&self, out: &mut String) {
        match self {
            Value::Null => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Int(n) => n.write_json(out),
            Value::Str(s) => write_str(s, out),
            Value::Array(items) => items.write_json(out),
            Value::Object(members) => {
                let mut object = ObjectWriter::new(out);
                for (key, value) in members {
                    object = object.field(key, value);
                }
                object.end();
            }
        }
    }
}

/// Integers read through [`int`] and written in decimal, as serde_json does.
macro_rules! integers {
    ($($t:ty),*) => {$(
        impl FromJson for $t {
            fn from_json(value: &Value) -> Result<Self, String> {
                int(value)
            }
        }

        impl ToJson for $t {
            fn write_json(&self, out: &mut String) {
                out.push_str(&self.to_string());
            }
        }
    )*};
}

integers!(i64, u32, u16, usize);

impl<T: ToJson> ToJson for [T] {
    fn write_json(&self, out: &mut String) {
        out.push('[');
        for (i, item) in self.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            item.write_json(out);
        }
        out.push(']');
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, out: &mut String) {
        self.as_slice().write_json(out);
    }
}

impl<A: ToJson, B: ToJson> ToJson for (A, B) {
    fn write_json(&self, out: &mut String) {
        out.push('[');
        self.0.write_json(out);
        out.push(',');
        self.1.write_json(out);
        out.push(']');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_json_allows_and_refuses_the_rest_with_a_position() {
        assert_eq!(
            parse(r#" {"a":[1,-2,true,null],"b":"\u00e9\ud83d\ude00\n\"/"} "#),
            Ok(Value::Object(vec![
                (
                    "a".into(),
                    Value::Array(vec![
                        Value::Int(1),
                        Value::Int(-2),
                        Value::Bool(true),
                        Value::Null
                    ])
                ),
                ("b".into(), Value::Str("é😀\n\"/".into())),
            ]))
        );
        let error = |text: &str| parse(text).unwrap_err().to_string();
        assert_eq!(error(""), "expected a value at byte 0");
        assert_eq!(error("{\"a\" 1}"), "expected `:` at byte 5");
        assert_eq!(error("[1 2]"), "expected `,` or `]` at byte 3");
        assert_eq!(error("1.5"), "expected an integer at byte 1");
        assert_eq!(error("01"), "expected a number at byte 0");
        assert_eq!(error("\"a\nb\""), "expected `\"` at byte 2");
        assert_eq!(error("\"\\ud800\""), "expected a low surrogate at byte 6");
        assert_eq!(error("{} x"), "expected the end of the text at byte 3");
        assert_eq!(error(&"[".repeat(100)), "expected less nesting at byte 65");
    }

    #[test]
    fn bits_are_16_hex_digits_in_a_string_and_come_back_exact() {
        for (value, hex) in [
            (1.0, "3ff0000000000000"),
            (-0.0, "8000000000000000"),
            (f64::MIN_POSITIVE, "0010000000000000"),
            (0.1 + 0.2, "3fd3333333333334"),
        ] {
            let json = Bits::of(value).to_json();
            assert_eq!(json, format!("\"{hex}\""));
            let back = Bits::from_json(&parse(&json).unwrap()).unwrap();
            assert_eq!(back.get().to_bits(), value.to_bits());
        }
        assert_eq!(
            Bits::from_json(&Value::Str("3FF0000000000000".into())),
            Ok(Bits::of(1.0))
        );
        for wrong in [
            "3ff000000000000",
            "3ff00000000000000",
            "+ff0000000000000",
            "3ff000000000000g",
        ] {
            assert!(
                Bits::from_json(&Value::Str(wrong.into())).is_err(),
                "{wrong}"
            );
        }
        assert!(Bits::from_json(&Value::Int(4_607_182_418_800_017_408)).is_err());
    }
}
