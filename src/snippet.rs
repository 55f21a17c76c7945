//! A diagnostic as the author's terminal shows it (the CLI's, feature `cli`, native only):
//! its headline, then its source line with the span underlined and its help, drawn by
//! annotate-snippets, the renderer rustc uses.
//!
//! ```text
//! content/a.md:12:4: error[missing-explanation]: question has no explanation
//!    |
//! 12 | ## What should you do?
//!    |    ^^^^^^^^^^^^^^^^^^^
//!    |
//!    = help: add a `>` quote after the choices
//! ```
//!
//! The first line is [`Diagnostic::headline`], the very line the studio and the Markdown
//! module show. annotate-snippets measures the line in display columns, so the caret stays
//! under its span after wide characters (CJK, emoji) and tabs; the headline's column counts
//! characters. Neither the renderer nor this module is in any wasm build.

use annotate_snippets::renderer::{DEFAULT_ERROR_STYLE, DEFAULT_WARNING_STYLE};
use annotate_snippets::{AnnotationKind, Group, Level, Snippet};

use crate::diagnostic::{Diagnostic, LineIndex, Severity};

/// Whether the terminal is given ANSI colours (`--color`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Colour {
    /// Plain text: for a file, a pipe, `NO_COLOR`, or `--color never`.
    Never,
    /// ANSI colours, as rustc draws them.
    Always,
}

/// Draws the diagnostics of one file.
pub struct Renderer<'a> {
    path: &'a str,
    text: &'a str,
    index: LineIndex,
    colour: Colour,
}

impl<'a> Renderer<'a> {
    /// A renderer for `text`, read from `path`, drawing in `colour`.
    pub fn new(path: &'a str, text: &'a str, colour: Colour) -> Self {
        Renderer {
            path,
            text,
            index: LineIndex::new(text),
            colour,
        }
    }

    /// The diagnostic as a block of lines ending in a newline: the headline, then the line
    /// its span starts on, underlined up to the span's end or the line's (an empty span still
    /// gets one caret), then the help.
    pub fn render(&self, diagnostic: &Diagnostic) -> String {
        let text = self.text;
        let start = floor_char_boundary(text, diagnostic.span.start.min(text.len()));
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line_end = if text[line_start..line_end].ends_with('\r') {
            line_end - 1
        } else {
            line_end
        };
        let start = start.min(line_end);
        let end = floor_char_boundary(text, diagnostic.span.end.clamp(start, line_end));
        let (line, _) = self.index.line_col(text, start);

        let (level, style) = match diagnostic.severity() {
            Severity::Error => (Level::ERROR, DEFAULT_ERROR_STYLE),
            Severity::Warning => (Level::WARNING, DEFAULT_WARNING_STYLE),
        };
        let mut group = Group::with_level(level).element(
            Snippet::source(&text[line_start..line_end])
                .line_start(line)
                .annotation(AnnotationKind::Primary.span(start - line_start..end - line_start)),
        );
        if let Some(help) = &diagnostic.help {
            group = group.element(Level::HELP.message(help));
        }
        let (headline, renderer) = if self.colour == Colour::Always {
            let headline = format!(
                "{}: {style}{}{style:#}: {}",
                self.index.location(self.path, text, start),
                diagnostic.label(),
                diagnostic.message
            );
            (headline, annotate_snippets::Renderer::styled())
        } else {
            let headline = diagnostic.headline(self.path, text, &self.index);
            (headline, annotate_snippets::Renderer::plain())
        };
        // Lines are shown whole, however long: a drill's paragraph is one line. (Not
        // `usize::MAX`: the renderer doubles the width in its arithmetic.)
        let body = renderer.term_width(usize::MAX / 4).render(&[group]);
        format!("{headline}\n{body}\n")
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Code;

    fn shown(text: &str, span: std::ops::Range<usize>, colour: Colour) -> String {
        let d = Diagnostic::new(Code::FrontMatterSyntax, span, "expected `key: value`")
            .with_help("write one key per line");
        Renderer::new("a.md", text, colour).render(&d)
    }

    #[test]
    fn draws_the_headline_the_line_the_caret_and_the_help() {
        assert_eq!(
            shown("---\nid: x\n\tbad line\n", 15..19, Colour::Never),
            "a.md:3:6: error[front-matter-syntax]: expected `key: value`\n  |\n3 |     bad line\n  |         ^^^^\n  |\n  = help: write one key per line\n"
        );
    }

    #[test]
    fn the_caret_counts_display_columns_the_headline_characters() {
        // Five wide characters (two columns each) and an emoji before the span.
        let text = "詐欺メール 🎣 <b>";
        let at = text.find('<').expect("a tag");
        let out = shown(text, at..text.len(), Colour::Never);
        assert!(out.starts_with("a.md:1:9: "), "{out}");
        assert!(
            out.contains(&format!("\n  | {}^^^\n", " ".repeat(14))),
            "{out}"
        );
    }

    #[test]
    fn a_span_is_cut_at_its_line_and_an_empty_one_still_gets_a_caret() {
        let out = shown("ab\r\ncd\r\n", 1..7, Colour::Never);
        assert!(out.contains("\n1 | ab\n  |  ^\n"), "{out}");
        let out = shown("ab\r\ncd\r\n", 2..2, Colour::Never);
        assert!(out.contains("\n1 | ab\n  |   ^\n"), "{out}");
        let out = shown("", 0..0, Colour::Never);
        assert!(out.starts_with("a.md:1:1: "), "{out}");
        assert!(out.contains("\n1 |\n  | ^\n"), "{out}");
    }

    #[test]
    fn control_characters_reach_the_terminal_as_symbols() {
        let out = shown("x\u{1b}[31my", 6..7, Colour::Never);
        assert!(out.contains("\n1 | x\u{241b}[31my\n  |       ^\n"), "{out}");
    }

    #[test]
    fn in_colour_the_headline_is_the_same_text() {
        let text = "---\nid: x\n\tbad line\n";
        let plain = shown(text, 15..19, Colour::Never);
        let coloured = shown(text, 15..19, Colour::Always);
        assert_ne!(plain, coloured);
        let mut stripped = String::new();
        let mut rest = coloured.as_str();
        while let Some(at) = rest.find('\u{1b}') {
            stripped.push_str(&rest[..at]);
            rest = &rest[at..];
            rest = &rest[rest.find('m').map_or(rest.len(), |m| m + 1)..];
        }
        stripped.push_str(rest);
        assert_eq!(stripped, plain);
    }
}
