//! Positioned problems found in a drill, and the line that names one.
//!
//! Every check in the crate reports through [`Diagnostic`]: a [`Code`] (which fixes the
//! severity), a byte span into the source and a message. Every front end shows it first as
//! its [headline](Diagnostic::headline), rustc's way, location first:
//! `content/a.md:12:4: error[missing-explanation]: question has no explanation`. The CLI
//! draws the source line and the help below it; the browser shows the headline alone.

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
    MissingSources = "missing-sources", Warning;
    MissingAuthor = "missing-author", Warning;
    MissingApproval = "missing-approval", Warning;
    MissingAudience = "missing-audience", Warning;
    UnknownSetting = "unknown-setting", Error;
    UnusedSetting = "unused-setting", Warning;
    NoSettings = "no-settings", Warning;
    DuplicateId = "duplicate-id", Error;
    TranslationWithoutSource = "translation-without-source", Error;
    TranslationMismatch = "translation-mismatch", Error;
    TranslationOutdated = "translation-outdated", Warning;
    UnreviewedTranslation = "unreviewed-translation", Warning;
    VariantSyntax = "variant-syntax", Error;
    NoQuestions = "no-questions", Error;
    DuplicateQuestionId = "duplicate-question-id", Error;
    MissingQuestionId = "missing-question-id", Error;
    EmptyQuestion = "empty-question", Error;
    NoChoices = "no-choices", Error;
    TooFewChoices = "too-few-choices", Error;
    NoCorrectChoice = "no-correct-choice", Error;
    UndeclaredSelectAll = "undeclared-select-all", Error;
    UnknownAttribute = "unknown-attribute", Error;
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
    GenuineWithRedFlags = "genuine-with-red-flags", Error;
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

    /// The severity and the code, as the headline shows them: `error[missing-explanation]`.
    pub fn label(&self) -> String {
        format!("{}[{}]", self.severity().label(), self.code.name())
    }

    /// The first line every front end shows for it (the CLI, the studio, the Markdown
    /// module's console): `path:line:col: error[code]: message`, the column counted in
    /// characters. `index` is `text`'s.
    pub fn headline(&self, path: &str, text: &str, index: &LineIndex) -> String {
        format!(
            "{}: {}: {}",
            index.location(path, text, self.span.start),
            self.label(),
            self.message
        )
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

    /// 1-based line and column of `offset` in `text` (clamped to the text, snapped to a char).
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.starts[line];
        (line + 1, text[start..offset].chars().count() + 1)
    }

    /// `path:line:col` of `offset` in `text`, for a headline or a message naming a place.
    pub fn location(&self, path: &str, text: &str, offset: usize) -> String {
        let (line, col) = self.line_col(text, offset);
        format!("{path}:{line}:{col}")
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
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
    fn the_headline_is_location_label_and_message() {
        let text = "---\nid: x\n\tbad line\n";
        let d = Diagnostic::new(Code::FrontMatterSyntax, 15..19, "expected `key: value`")
            .with_help("write one key per line");
        assert_eq!(
            d.headline("a.md", text, &LineIndex::new(text)),
            "a.md:3:6: error[front-matter-syntax]: expected `key: value`"
        );
        let warning = Diagnostic::new(Code::UnknownKey, 99..99, "unknown key `x`");
        assert_eq!(
            warning.headline("a.md", text, &LineIndex::new(text)),
            "a.md:4:1: warning[unknown-key]: unknown key `x`"
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
