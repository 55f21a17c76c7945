//! The block of `key: value` lines between `---` fences at the top of a drill.
//!
//! A deliberately small subset of YAML: one-line scalars (plain, `'single'` or `"double"`
//! quoted), lists written `[a, b]` or as `- item` lines, and `#` comments. Every key and value
//! keeps its byte span so that problems point at the exact place; a line that is not in the
//! subset is reported, never guessed at.

use std::ops::Range;

use crate::diagnostic::{Code, Diagnostic};

/// The parsed block.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FrontMatter {
    /// Entries in file order (duplicates included; the lesson parser reports them).
    pub fields: Vec<Field>,
    /// Byte offset where the Markdown after the block begins.
    pub body: usize,
    /// The opening `---`, if the file has one.
    pub fence: Option<Range<usize>>,
}

/// One `key: value` line (with its list items, for a block list).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    /// The key as written.
    pub key: String,
    /// Where the key is.
    pub key_span: Range<usize>,
    /// The value.
    pub value: FieldValue,
    /// Where the value is (for an empty value, the end of the key's line).
    pub value_span: Range<usize>,
}

/// A value: text, or a list of texts with their spans.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldValue {
    /// A scalar, unquoted.
    Text(String),
    /// A list of scalars.
    List(Vec<(String, Range<usize>)>),
}

struct Line<'a> {
    start: usize,
    text: &'a str,
}

fn lines(text: &str, from: usize) -> impl Iterator<Item = Line<'_>> {
    let mut start = from;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let rest = &text[start..];
        let len = rest.find('\n').map_or(rest.len(), |i| i + 1);
        let line = Line {
            start,
            text: rest[..len].trim_end_matches(['\n', '\r']),
        };
        start += len;
        Some(line)
    })
}

fn is_fence(line: &str) -> bool {
    line.trim_end() == "---"
}

/// Parses the front matter at the top of `text`, reporting every problem in it.
pub fn parse(text: &str) -> (FrontMatter, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let top = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut all = lines(text, top);
    let first = all.next();
    let Some(opening) = first.as_ref().filter(|line| is_fence(line.text)) else {
        let end = first.map_or(top, |line| line.start + line.text.len());
        diagnostics.push(
            Diagnostic::new(Code::FrontMatter, top..end, "drill does not start with front matter")
                .with_help("begin the file with a `---` line, then `id:`, `title:` and `topic:` lines, then another `---` line"),
        );
        return (
            FrontMatter {
                fields: Vec::new(),
                body: top,
                fence: None,
            },
            diagnostics,
        );
    };
    let rest: Vec<Line<'_>> = all.collect();
    let closing = rest
        .iter()
        .take_while(|line| !line.text.starts_with("## "))
        .position(|line| is_fence(line.text));
    let block = match closing {
        Some(end) => &rest[..end],
        None => {
            diagnostics.push(
                Diagnostic::new(
                    Code::FrontMatter,
                    opening.start..opening.start + 3,
                    "front matter is not closed",
                )
                .with_help("add a `---` line after the last key"),
            );
            let end = rest
                .iter()
                .position(|line| !looks_like_yaml(line.text))
                .unwrap_or(rest.len());
            &rest[..end]
        }
    };
    let body = match closing {
        Some(end) => rest.get(end + 1).map_or(text.len(), |line| line.start),
        None => rest.get(block.len()).map_or(text.len(), |line| line.start),
    };
    let mut fields: Vec<Field> = Vec::new();
    for line in block {
        parse_line(line, &mut fields, &mut diagnostics);
    }
    (
        FrontMatter {
            fields,
            body,
            fence: Some(opening.start..opening.start + 3),
        },
        diagnostics,
    )
}

/// Parses every line of `text` as a front-matter line, without fences: a file of settings.
pub fn fields(text: &str) -> (Vec<Field>, Vec<Diagnostic>) {
    let top = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut fields = Vec::new();
    let mut diagnostics = Vec::new();
    let lines: Vec<Line<'_>> = lines(text, top).collect();
    for line in &lines {
        parse_line(line, &mut fields, &mut diagnostics);
    }
    (fields, diagnostics)
}

fn looks_like_yaml(line: &str) -> bool {
    let trimmed = line.trim();
    trimmed.is_empty()
        || trimmed.starts_with('#')
        || trimmed.starts_with("- ")
        || key_split(line).is_some()
}

/// Splits `key: rest` into the key's length and the offset of the rest.
fn key_split(line: &str) -> Option<(usize, usize)> {
    let mut chars = line.char_indices();
    let (_, first) = chars.next()?;
    if !(first.is_ascii_alphabetic() || first == '_') {
        return None;
    }
    let colon = line.find(':')?;
    let key = &line[..colon];
    if !key
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return None;
    }
    let after = &line[colon + 1..];
    if !after.is_empty() && !after.starts_with([' ', '\t']) {
        return None;
    }
    Some((colon, colon + 1))
}

fn parse_line(line: &Line<'_>, fields: &mut Vec<Field>, diagnostics: &mut Vec<Diagnostic>) {
    let trimmed = line.text.trim_start();
    let indent = line.text.len() - trimmed.len();
    if trimmed.is_empty() || trimmed.starts_with('#') {
        return;
    }
    let syntax = |span: Range<usize>, message: &str, help: &str| {
        Diagnostic::new(Code::FrontMatterSyntax, span, message).with_help(help)
    };
    if let Some(item) = trimmed
        .strip_prefix('-')
        .filter(|rest| rest.is_empty() || rest.starts_with(' '))
    {
        let list = fields.last_mut().and_then(|field| match &mut field.value {
            FieldValue::List(items) if field.value_span.is_empty() || !items.is_empty() => {
                Some(items)
            }
            _ => None,
        });
        let item_start = line.start + indent + 1 + (item.len() - item.trim_start().len());
        match list {
            Some(items) => match scalar(item.trim(), item_start) {
                Ok(value) => items.push((value, item_start..item_start + item.trim().len())),
                Err(d) => diagnostics.push(d),
            },
            None => diagnostics.push(syntax(
                line.start + indent..line.start + line.text.len(),
                "list item without a key above it",
                "put list items under a key with nothing after its colon, such as `tags:`",
            )),
        }
        return;
    }
    let Some((key_len, rest_at)) = (indent == 0).then(|| key_split(line.text)).flatten() else {
        diagnostics.push(syntax(
            line.start..line.start + line.text.len(),
            "expected `key: value`",
            "each line of the front matter is a key, a colon and a space, then the value",
        ));
        return;
    };
    let key = &line.text[..key_len];
    let raw = &line.text[rest_at..];
    let value_text = raw.trim();
    let value_at = line.start + rest_at + (raw.len() - raw.trim_start().len());
    let value_span = value_at..value_at + value_text.len();
    let key_span = line.start..line.start + key_len;
    let value = if value_text.is_empty() || value_text.starts_with('#') {
        Ok(FieldValue::List(Vec::new()))
    } else if let Some(inner) = value_text.strip_prefix('[') {
        flow_list(inner, value_at + 1, &value_span).map(FieldValue::List)
    } else if value_text.starts_with(['|', '>']) {
        Err(syntax(
            value_span.clone(),
            "multi-line values are not supported",
            "write the value on one line",
        ))
    } else {
        scalar(value_text, value_at).map(FieldValue::Text)
    };
    match value {
        Ok(value) => {
            let value_span = if value_text.is_empty() || value_text.starts_with('#') {
                value_at..value_at
            } else {
                value_span
            };
            fields.push(Field {
                key: key.to_owned(),
                key_span,
                value,
                value_span,
            });
        }
        Err(diagnostic) => diagnostics.push(diagnostic),
    }
}

fn flow_list(
    inner: &str,
    at: usize,
    span: &Range<usize>,
) -> Result<Vec<(String, Range<usize>)>, Diagnostic> {
    let Some(inner) = inner.trim_end().strip_suffix(']') else {
        return Err(
            Diagnostic::new(Code::FrontMatterSyntax, span.clone(), "list is not closed")
                .with_help("end the list with `]`, as in `[email, urgent]`"),
        );
    };
    let mut items = Vec::new();
    let mut offset = 0;
    for piece in inner.split(',') {
        let item = piece.trim();
        let item_at = at + offset + (piece.len() - piece.trim_start().len());
        offset += piece.len() + 1;
        if item.is_empty() {
            continue;
        }
        items.push((scalar(item, item_at)?, item_at..item_at + item.len()));
    }
    Ok(items)
}

/// Unquotes one scalar starting at byte `at` of the file.
fn scalar(text: &str, at: usize) -> Result<String, Diagnostic> {
    let span = at..at + text.len();
    let unclosed = |quote: char| {
        Diagnostic::new(
            Code::FrontMatterSyntax,
            span.clone(),
            format!("quoted value is not closed with `{quote}`"),
        )
    };
    if let Some(inner) = text.strip_prefix('"') {
        let mut out = String::new();
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            match c {
                '"' => return Ok(out),
                '\\' => match chars.next() {
                    Some('n') => out.push('\n'),
                    Some('t') => out.push('\t'),
                    Some(c) => out.push(c),
                    None => break,
                },
                c => out.push(c),
            }
        }
        Err(unclosed('"'))
    } else if let Some(inner) = text.strip_prefix('\'') {
        let mut out = String::new();
        let mut chars = inner.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\'' {
                if chars.peek() == Some(&'\'') {
                    chars.next();
                    out.push('\'');
                } else {
                    return Ok(out);
                }
            } else {
                out.push(c);
            }
        }
        Err(unclosed('\''))
    } else {
        let end = text.find(" #").unwrap_or(text.len());
        Ok(text[..end].trim_end().to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(text: &str) -> Vec<(String, FieldValue)> {
        let (fm, diagnostics) = parse(text);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        fm.fields.into_iter().map(|e| (e.key, e.value)).collect()
    }

    fn text(s: &str) -> FieldValue {
        FieldValue::Text(s.to_owned())
    }

    #[test]
    fn reads_scalars_quotes_and_comments() {
        let got = fields(
            "---\nid: a/b # the id\ntitle: \"Say \\\"hi\\\": now\"\ntopic: 'it''s'\n# note\n---\nbody",
        );
        assert_eq!(
            got,
            [
                ("id".into(), text("a/b")),
                ("title".into(), text("Say \"hi\": now")),
                ("topic".into(), text("it's"))
            ]
        );
    }

    #[test]
    fn reads_both_list_forms_with_spans() {
        let source = "---\ntags: [a, \"b c\"]\nmore:\n  - x\n  - y\n---\n";
        let (fm, diagnostics) = parse(source);
        assert!(diagnostics.is_empty());
        let FieldValue::List(items) = &fm.fields[1].value else {
            panic!("not a list")
        };
        assert_eq!(&source[items[1].1.clone()], "y");
        assert_eq!(
            fm.fields[0].value,
            FieldValue::List(vec![("a".into(), 11..12), ("b c".into(), 14..19)])
        );
        assert_eq!(fm.body, source.len());
    }

    #[test]
    fn reports_every_bad_line_and_carries_on() {
        let (fm, diagnostics) = parse("---\nid x\ntitle: ok\n  indented: no\nbody: |\n---\n# Hi");
        let codes: Vec<_> = diagnostics
            .iter()
            .map(|d| (d.code.name(), d.span.start))
            .collect();
        assert_eq!(
            codes,
            [
                ("front-matter-syntax", 4),
                ("front-matter-syntax", 19),
                ("front-matter-syntax", 40)
            ]
        );
        assert_eq!(fm.fields.len(), 1);
    }

    #[test]
    fn missing_and_unclosed_blocks_are_reported() {
        let (fm, diagnostics) = parse("# Just markdown\n");
        assert_eq!((diagnostics[0].code, fm.body), (Code::FrontMatter, 0));
        let source = "---\nid: x\n\nSome scenario.\n## Q\n";
        let (fm, diagnostics) = parse(source);
        assert_eq!(
            diagnostics.iter().map(|d| d.code).collect::<Vec<_>>(),
            [Code::FrontMatter]
        );
        assert_eq!(&source[fm.body..], "Some scenario.\n## Q\n");
    }
}
