//! Positioned problems found in a drill, and how they are shown to an author.
//!
//! Every check in the crate reports through [`Diagnostic`]: a [`Code`] (which fixes the
//! severity), a byte span into the source and a message. Rendering follows rustc: location
//! first, the offending line, a caret under the span.

use std::fmt::Write as _;
use std::ops::Range;

/// How serious a problem is. Errors keep a drill out of the widget; warnings do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Worth reading; the drill is still shown.
    Warning,
    /// The drill is not shown until it is fixed.
    Error,
}

impl Severity {
    /// The word printed before the code: `error` or `warning`.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

macro_rules! codes {
    ($($variant:ident = $name:literal, $severity:ident;)*) => {
        /// Every kind of problem the checker knows, each with a stable kebab-case name.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $(
                #[doc = concat!("`", $name, "`")]
                $variant,
            )*
        }

        impl Code {
            /// Every code, in the order `docs/authoring.md` lists them.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The stable name printed in brackets after the severity.
            pub fn name(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }

            /// Whether this code is an error or a warning.
            pub fn severity(self) -> Severity {
                match self {
                    $(Code::$variant => Severity::$severity,)*
                }
            }
        }
    };
}

codes! {
    FrontMatter = "front-matter", Error;
    FrontMatterSyntax = "front-matter-syntax", Error;
    MissingKey = "missing-key", Error;
    DuplicateKey = "duplicate-key", Error;
    InvalidValue = "invalid-value", Error;
    MarkupInFrontMatter = "markup-in-front-matter", Error;
    UnknownKey = "unknown-key", Warning;
    UnknownTopic = "unknown-topic", Warning;
    LongDrill = "long-drill", Warning;
    ReviewOverdue = "review-overdue", Warning;
    DuplicateId = "duplicate-id", Error;
    NoQuestions = "no-questions", Error;
    DuplicateQuestionId = "duplicate-question-id", Error;
    EmptyQuestion = "empty-question", Error;
    NoChoices = "no-choices", Error;
    TooFewChoices = "too-few-choices", Error;
    NoCorrectChoice = "no-correct-choice", Error;
    NotAChoice = "not-a-choice", Error;
    Guessable = "guessable", Warning;
    SecondChoiceList = "second-choice-list", Error;
    MissingExplanation = "missing-explanation", Error;
    StrayContent = "stray-content", Warning;
    RawHtml = "raw-html", Error;
    UnsafeLink = "unsafe-link", Error;
    UnsafeImage = "unsafe-image", Error;
    ImageAlt = "image-alt", Error;
    UnknownMockupHeader = "unknown-mockup-header", Error;
    MockupSyntax = "mockup-syntax", Error;
    RedFlagSyntax = "red-flag-syntax", Error;
    RedFlagOutsideMockup = "red-flag-outside-mockup", Error;
    RedFlagsIgnored = "red-flags-ignored", Warning;
    OverTime = "over-time", Warning;
    OverLimit = "over-limit", Error;
    NotUtf8 = "not-utf8", Error;
}

/// One problem at one place in one source text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// What kind of problem; fixes the severity.
    pub code: Code,
    /// Byte range in the source the problem points at (may be empty: a caret is still drawn).
    pub span: Range<usize>,
    /// Lowercase, no trailing period: "question has no explanation".
    pub message: String,
    /// An optional hint on how to fix it, printed as `= help: …`.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic without help text.
    pub fn new(code: Code, span: Range<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            span,
            message: message.into(),
            help: None,
        }
    }

    /// Adds a `= help:` line.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The severity its code carries.
    pub fn severity(&self) -> Severity {
        self.code.severity()
    }

    /// Whether this keeps the drill out of the widget.
    pub fn is_error(&self) -> bool {
        self.severity() == Severity::Error
    }
}

/// Maps byte offsets to 1-based line and column numbers (columns count characters).
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `text`.
    pub fn new(text: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { starts }
    }

    /// The 0-based line holding `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset) - 1
    }

    /// The byte range of 0-based `line`, without its line ending.
    fn line_range(&self, text: &str, line: usize) -> Range<usize> {
        let start = self.starts[line];
        let end = self
            .starts
            .get(line + 1)
            .map_or(text.len(), |&next| next - 1);
        let end = if text[start..end].ends_with('\r') {
            end - 1
        } else {
            end
        };
        start..end
    }

    /// 1-based line and column of `offset` in `text` (clamped to the text, snapped to a char).
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.starts[line];
        (line + 1, text[start..offset].chars().count() + 1)
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Renders diagnostics for one file the way rustc does.
pub struct Renderer<'a> {
    path: &'a str,
    text: &'a str,
    index: LineIndex,
    color: bool,
}

impl<'a> Renderer<'a> {
    /// A renderer for `text`, read from `path`; `color` adds ANSI colours.
    pub fn new(path: &'a str, text: &'a str, color: bool) -> Self {
        Renderer {
            path,
            text,
            index: LineIndex::new(text),
            color,
        }
    }

    /// `path:line:col`, for mentioning a place in a message.
    pub fn location(&self, offset: usize) -> String {
        let (line, col) = self.index.line_col(self.text, offset);
        format!("{}:{line}:{col}", self.path)
    }

    /// The diagnostic as a block of lines ending in a newline:
    ///
    /// ```text
    /// content/a.md:12:4: error[missing-explanation]: question has no explanation
    ///    |
    /// 12 | ## What should you do?
    ///    |    ^^^^^^^^^^^^^^^^^^^
    ///    = help: add a `>` quote after the choices
    /// ```
    pub fn render(&self, diagnostic: &Diagnostic) -> String {
        let paint = |code: &str, s: &str| {
            if self.color {
                format!("\x1b[{code}m{s}\x1b[0m")
            } else {
                s.to_owned()
            }
        };
        let severity = diagnostic.severity();
        let tone = match severity {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
        };
        let start = floor_char_boundary(self.text, diagnostic.span.start.min(self.text.len()));
        let line = self.index.line_of(start);
        let range = self.index.line_range(self.text, line);
        let source = &self.text[range.clone()];
        let end = diagnostic.span.end.clamp(start, range.end);
        let end = floor_char_boundary(self.text, end);
        let number = (line + 1).to_string();
        let gutter = " ".repeat(number.len());
        let bar = paint("1;34", "|");

        let mut out = String::new();
        let _ = writeln!(
            out,
            "{}: {}: {}",
            self.location(start),
            paint(
                tone,
                &format!("{}[{}]", severity.label(), diagnostic.code.name())
            ),
            diagnostic.message
        );
        let _ = writeln!(out, "{gutter} {bar}");
        let _ = writeln!(
            out,
            "{} {bar} {}",
            paint("1;34", &number),
            expand_tabs(source)
        );
        let pad = display_width(&self.text[range.start..start]);
        let width = display_width(&self.text[start..end]).max(1);
        let _ = writeln!(
            out,
            "{gutter} {bar} {}{}",
            " ".repeat(pad),
            paint(tone, &"^".repeat(width))
        );
        if let Some(help) = &diagnostic.help {
            let _ = writeln!(out, "{gutter} {} help: {help}", paint("1;34", "="));
        }
        out
    }
}

const TAB: &str = "    ";

fn expand_tabs(s: &str) -> String {
    s.replace('\t', TAB)
}

fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| if c == '\t' { TAB.len() } else { 1 })
        .sum()
}

/// Counts of errors and warnings, for summary lines.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// How many errors.
    pub errors: usize,
    /// How many warnings.
    pub warnings: usize,
}

impl Tally {
    /// Adds one diagnostic to the count.
    pub fn add(&mut self, diagnostic: &Diagnostic) {
        match diagnostic.severity() {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
        }
    }
}

impl<'a> FromIterator<&'a Diagnostic> for Tally {
    fn from_iter<I: IntoIterator<Item = &'a Diagnostic>>(iter: I) -> Self {
        let mut tally = Tally::default();
        iter.into_iter().for_each(|d| tally.add(d));
        tally
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_from_one() {
        let text = "ab\ncé\nx";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 0), (1, 1));
        assert_eq!(index.line_col(text, 3), (2, 1));
        assert_eq!(index.line_col(text, 6), (2, 3));
        assert_eq!(index.line_col(text, 7), (3, 1));
        assert_eq!(index.line_col(text, 99), (3, 2));
    }

    #[test]
    fn renders_location_line_and_caret() {
        let text = "---\nid: x\n\tbad line\n";
        let d = Diagnostic::new(Code::FrontMatterSyntax, 15..19, "expected `key: value`")
            .with_help("write one key per line");
        let shown = Renderer::new("a.md", text, false).render(&d);
        assert_eq!(
            shown,
            "a.md:3:6: error[front-matter-syntax]: expected `key: value`\n  |\n3 |     bad line\n  |         ^^^^\n  = help: write one key per line\n"
        );
    }

    #[test]
    fn every_code_has_a_distinct_name() {
        let mut names: Vec<_> = Code::ALL.iter().map(|c| c.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Code::ALL.len());
    }
}
