//! Reading a mock-up from its fenced block (compiler only): headers, body, red-flag markers,
//! and a diagnostic for each thing that cannot be read.

// The compiler is not in the widget: its size rules (clippy.toml) do not bind this.
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use std::ops::Range;

use super::{Channel, Header, Mockup, Part};
use crate::diagnostic::{Code, Diagnostic};

/// The text of a fenced block, with a way back to source offsets.
pub struct Content<'a> {
    /// The block's text, as pulldown-cmark delivers it.
    pub chunks: Vec<(&'a str, usize)>,
}

impl Content<'_> {
    fn text(&self) -> String {
        self.chunks.iter().map(|(t, _)| *t).collect()
    }

    /// Maps an offset in [`Content::text`] to one in the source file.
    fn source(&self, mut offset: usize) -> usize {
        for (text, at) in &self.chunks {
            if offset <= text.len() {
                return at + offset;
            }
            offset -= text.len();
        }
        self.chunks.last().map_or(0, |(t, at)| at + t.len())
    }
}

/// Parses a mock-up of `kind` from its block content, whose whole block spans `span`.
pub fn parse(
    kind: Channel,
    content: &Content<'_>,
    span: Range<usize>,
) -> (Mockup, Vec<Diagnostic>) {
    let text = content.text();
    let mut diagnostics = Vec::new();
    let mut headers = Vec::new();
    let mut body = Vec::new();
    let mut in_headers = true;
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let line_at = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        if in_headers {
            if line.trim().is_empty() {
                in_headers = false;
                continue;
            }
            let at = |i: usize| content.source(line_at + i);
            match line
                .split_once(':')
                .filter(|(name, _)| is_header_name(name))
            {
                Some((name, value)) => {
                    let value_at = name.len() + 1 + (value.len() - value.trim_start().len());
                    let canonical = kind
                        .headers()
                        .iter()
                        .find(|h| h.eq_ignore_ascii_case(name.trim()));
                    match canonical {
                        Some(&name) => headers.push(Header {
                            name: name.to_owned(),
                            parts: parts(value.trim(), &|i| at(value_at + i), &mut diagnostics),
                        }),
                        None => diagnostics.push(
                            Diagnostic::new(
                                Code::UnknownMockupHeader,
                                at(0)..at(name.len()),
                                format!("{} mock-up has no `{}` header", kind.name(), name.trim()),
                            )
                            .with_help(format!("its headers are {}", kind.headers().join(", "))),
                        ),
                    }
                }
                None => {
                    diagnostics.push(
                        Diagnostic::new(Code::MockupSyntax, at(0)..at(line.len()), "expected a `Header: value` line")
                            .with_help("start with header lines such as `From: …`, then a blank line, then the message"),
                    );
                    in_headers = false;
                    body.push(parts(line, &|i| at(i), &mut diagnostics));
                }
            }
        } else {
            let at = |i: usize| content.source(line_at + i);
            body.push(parts(line, &at, &mut diagnostics));
        }
    }
    while body.last().is_some_and(|line: &Vec<Part>| line.is_empty()) {
        body.pop();
    }
    if body.is_empty() {
        diagnostics.push(
            Diagnostic::new(
                Code::MockupSyntax,
                span.start..span.start + 3,
                format!("{} mock-up has no message", kind.name()),
            )
            .with_help("after the headers, leave a blank line and write the message"),
        );
    }
    (
        Mockup {
            kind,
            headers,
            body,
            genuine: false,
        },
        diagnostics,
    )
}

fn is_header_name(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphabetic() || c == '-')
}

/// Cuts one line into parts: each red flag is one part, and the text between is cut into
/// sentences, with surrounding spaces and brackets as parts of their own.
fn parts(line: &str, at: &dyn Fn(usize) -> usize, diagnostics: &mut Vec<Diagnostic>) -> Vec<Part> {
    let mut out = Vec::new();
    let mut rest = 0;
    while let Some(open) = line[rest..].find("[[").map(|i| rest + i) {
        let Some(close) = line[open..].find("]]").map(|i| open + i) else {
            diagnostics.push(
                Diagnostic::new(
                    Code::RedFlagSyntax,
                    at(open)..at(line.len()),
                    "red flag is not closed with `]]`",
                )
                .with_help(
                    "write a red flag as [[suspicious text|why it is suspicious]] on one line",
                ),
            );
            break;
        };
        plain(&line[rest..open], &mut out);
        let inner = &line[open + 2..close];
        match inner.split_once('|').map(|(t, r)| (t.trim(), r.trim())) {
            Some((text, reason)) if !text.is_empty() && !reason.is_empty() => {
                out.push(Part {
                    text: text.to_owned(),
                    reason: Some(reason.to_owned()),
                });
            }
            _ => {
                diagnostics.push(
                    Diagnostic::new(Code::RedFlagSyntax, at(open)..at(close + 2), "red flag needs its text and a reason")
                        .with_help("write [[suspicious text|why it is suspicious]]: the reason teaches the learner"),
                );
                plain(inner, &mut out);
            }
        }
        rest = close + 2;
    }
    plain(&line[rest..], &mut out);
    out
}

fn plain(text: &str, out: &mut Vec<Part>) {
    let push = |out: &mut Vec<Part>, piece: &str| {
        if !piece.is_empty() {
            out.push(Part {
                text: piece.to_owned(),
                reason: None,
            });
        }
    };
    let edge = |c: char| {
        c.is_whitespace() || matches!(c, '<' | '>' | '(' | ')' | '"' | '\'' | ',' | ';' | ':')
    };
    for sentence in sentences(text) {
        let core = sentence.trim_start_matches(edge);
        let lead = &sentence[..sentence.len() - core.len()];
        let core_trimmed = core.trim_end_matches(edge);
        push(out, lead);
        push(out, core_trimmed);
        push(out, &core[core_trimmed.len()..]);
    }
}

/// Splits after `.`, `!` or `?` followed by a space, keeping every byte.
fn sentences(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let bytes = rest.as_bytes();
        let cut = (0..bytes.len().saturating_sub(1))
            .find(|&i| matches!(bytes[i], b'.' | b'!' | b'?') && bytes[i + 1] == b' ')
            .map_or(rest.len(), |i| i + 1);
        let (head, tail) = rest.split_at(cut);
        rest = tail;
        Some(head)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mockup(kind: Channel, text: &str) -> (Mockup, Vec<(Code, Range<usize>)>) {
        let content = Content {
            chunks: vec![(text, 100)],
        };
        let (m, d) = parse(kind, &content, 90..200);
        (m, d.into_iter().map(|d| (d.code, d.span)).collect())
    }

    fn shown(parts: &[Part]) -> Vec<String> {
        parts
            .iter()
            .map(|p| match &p.reason {
                Some(_) => format!("[{}]", p.text),
                None if p.is_selectable() => format!("<{}>", p.text),
                None => p.text.clone(),
            })
            .collect()
    }

    #[test]
    fn cuts_lines_into_sentences_and_flags() {
        let (m, d) = mockup(
            Channel::Email,
            "From: IT <[[it@nhs-help.co|not nhs.net]]>\nSubject: Hi\n\nDear all, act now. Go to [[x.co/login|fake]].\n",
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(
            shown(&m.headers[0].parts),
            ["<IT>", " <", "[it@nhs-help.co]", ">"]
        );
        assert_eq!(
            shown(&m.body[0]),
            [
                "<Dear all, act now.>",
                " ",
                "<Go to>",
                " ",
                "[x.co/login]",
                "."
            ]
        );
        assert_eq!(
            m.label(&crate::words::Words::english()),
            "Email from IT <it@nhs-help.co>, subject Hi"
        );
        assert!(m.has_red_flags());
    }

    #[test]
    fn reports_bad_headers_and_flags_at_their_source() {
        let (_, d) = mockup(
            Channel::Sms,
            "Subject: x\nFrom: y\n\n[[no reason]] and [[open\n",
        );
        assert_eq!(
            d,
            [
                (Code::UnknownMockupHeader, 100..107),
                (Code::RedFlagSyntax, 120..133),
                (Code::RedFlagSyntax, 138..144)
            ]
        );
    }

    #[test]
    fn a_mockup_without_a_message_is_reported() {
        let (_, d) = mockup(Channel::Chat, "From: Sam\n");
        assert_eq!(d, [(Code::MockupSyntax, 90..93)]);
    }
}
