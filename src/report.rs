//! What checking and compiling a library reports, as data and as JSON (compiler only).
//!
//! One shape for every front end, so they cannot disagree: the CLI prints it
//! (`cyberdrill check --format json`) and writes it (`cyberdrill catalog`), the browser's
//! Markdown module returns it to the widget and the studio, and the parity test compares the
//! two byte for byte.

use serde::Serialize;

pub use crate::catalog::Form;
use crate::catalog::{Catalog, Compiled};
use crate::check::FileReport;
use crate::diagnostic::{Diagnostic, LineIndex};
use crate::json::{self, ToJson};
use crate::settings::Settings;

/// One checked file: what the library view and the editor show of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct File {
    /// Its path, as given.
    pub path: String,
    /// The drill's id, title and topic as far as they could be read (empty where not).
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its topic.
    pub topic: String,
    /// `review_by`, as `YYYY-MM-DD`, if it has one.
    pub review_by: Option<String>,
    /// How many diagnostics are errors.
    pub errors: usize,
    /// How many are warnings.
    pub warnings: usize,
    /// The compiled drill (`Drill::to_json`) when there are no errors.
    pub drill: Option<String>,
    /// Every problem, in source order.
    pub diagnostics: Vec<Problem>,
}

/// One diagnostic, placed, with its headline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The code's stable name: `missing-explanation`.
    pub code: &'static str,
    /// `error` or `warning`.
    pub severity: &'static str,
    /// 1-based line of the span's start.
    pub line: usize,
    /// 1-based column (in characters) of the span's start.
    pub column: usize,
    /// 1-based line of the span's end.
    pub end_line: usize,
    /// 1-based column of the span's end.
    pub end_column: usize,
    /// The message: lowercase, no trailing period.
    pub message: String,
    /// How to fix it, if the checker knows.
    pub help: Option<String>,
    /// The first line the CLI prints: `path:line:col: error[code]: message`.
    pub headline: String,
}

impl File {
    /// The report of one checked file.
    pub fn of(report: &FileReport) -> File {
        let index = LineIndex::new(&report.text);
        let diagnostics: Vec<Problem> = report
            .diagnostics
            .iter()
            .map(|d| Problem::of(d, &report.path, &index, &report.text))
            .collect();
        let errors = diagnostics.iter().filter(|d| d.severity == "error").count();
        File {
            path: report.path.clone(),
            id: report.drill.id.clone(),
            title: report.drill.title.clone(),
            topic: report.drill.topic.clone(),
            review_by: report.drill.review_by.map(|d| d.to_string()),
            errors,
            warnings: diagnostics.len() - errors,
            drill: (errors == 0).then(|| report.drill.to_json()),
            diagnostics,
        }
    }
}

impl Problem {
    fn of(d: &Diagnostic, path: &str, index: &LineIndex, text: &str) -> Problem {
        let headline = d.headline(path, text, index);
        let (line, column) = index.line_col(text, d.span.start);
        let (end_line, end_column) = index.line_col(text, d.span.end.max(d.span.start));
        Problem {
            code: d.code.name(),
            severity: d.severity().label(),
            line,
            column,
            end_line,
            end_column,
            message: d.message.clone(),
            help: d.help.clone(),
            headline,
        }
    }
}

/// `cyberdrill check --format json` and the module's `check`: every file's report, as one
/// line of JSON.
pub fn check_json(reports: &[FileReport]) -> String {
    let files: Vec<File> = reports.iter().map(File::of).collect();
    files.to_json()
}

/// What building the catalog makes: the files `cyberdrill catalog` writes and what it left
/// out, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Build {
    /// `catalog.json`'s text ([`Catalog::to_json`]).
    pub catalog: String,
    /// Each compiled drill: its path relative to the catalog and its text.
    pub drills: Vec<Output>,
    /// Each drill left out of the catalog.
    pub left_out: Vec<LeftOut>,
    /// Why nothing was built, when the trust's settings file has errors: a catalog that filled
    /// drills' `{{names}}` from broken settings could put wrong words in the trust's mouth, so
    /// the CLI, the Markdown module and the studio all refuse (`catalog`, `drills` and
    /// `left_out` are then empty).
    pub refused: Option<LeftOut>,
}

/// One file written beside the catalog.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Output {
    /// Relative to the catalog: `phishing/look-alike.json`.
    pub file: String,
    /// What the file holds.
    pub text: String,
}

/// A drill the catalog leaves out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LeftOut {
    /// The file's path, as given.
    pub path: String,
    /// Why, in a sentence that starts lowercase.
    pub reason: String,
    /// The errors' headlines (empty for a bad file name).
    pub errors: Vec<String>,
}

impl LeftOut {
    /// `report`'s file left out for `reason`, with its errors' headlines.
    fn with_errors(report: &FileReport, reason: &str) -> LeftOut {
        let index = LineIndex::new(&report.text);
        LeftOut {
            path: report.path.clone(),
            reason: reason.to_owned(),
            errors: report
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .map(|d| d.headline(&report.path, &report.text, &index))
                .collect(),
        }
    }
}

json::wire! {
    ToJson for File { path, id, title, topic, review_by, errors, warnings, drill, diagnostics }
}
json::wire! {
    ToJson for Problem {
        code, severity, line, column, end_line, end_column, message, help, headline,
    }
}
json::wire! { ToJson for Build { catalog, drills, left_out, refused } }
json::wire! { ToJson for Output { file, text } }
json::wire! { ToJson for LeftOut { path, reason, errors } }

impl Build {
    /// Builds the catalog of `reports` with the trust's `settings` (and each translation's
    /// catalog with its language's, `translated`), in `form`; `relative` maps a report's path
    /// to its path relative to the catalog's folder. Nothing is built when the settings file's
    /// report (`settings_report`, as [`crate::check::library`] gives it) has errors: the build
    /// is [`Build::refused`] instead.
    pub fn of(
        reports: &[FileReport],
        (settings, settings_report): (&Settings, Option<&FileReport>),
        translated: &[(String, Settings)],
        form: Form,
        relative: impl Fn(&str) -> String,
    ) -> Build {
        if let Some(report) = settings_report.filter(|r| r.has_errors()) {
            return Build {
                catalog: String::new(),
                drills: Vec::new(),
                left_out: Vec::new(),
                refused: Some(LeftOut::with_errors(
                    report,
                    "fix the settings before building the catalog",
                )),
            };
        }
        let (mut catalog, compiled) = Catalog::compile_as(form, reports, translated, &relative);
        catalog.settings = settings.clone();
        let mut left_out = Vec::new();
        for report in reports {
            if report.has_errors() {
                left_out.push(LeftOut::with_errors(
                    report,
                    "left out of the catalog until its errors are fixed",
                ));
            } else if report.drill.translated.is_some() && catalog.get(&report.drill.id).is_none() {
                left_out.push(LeftOut {
                    path: report.path.clone(),
                    reason: "a translation of a drill the catalog leaves out".to_owned(),
                    errors: Vec::new(),
                });
            } else if Catalog::file_for(&relative(&report.path)).is_none() {
                left_out.push(LeftOut {
                    path: report.path.clone(),
                    reason: "left out of the catalog: name its file and folders with lowercase letters, digits and single hyphens, like a drill id".to_owned(),
                    errors: Vec::new(),
                });
            }
        }
        Build {
            catalog: catalog.to_json(),
            drills: compiled
                .into_iter()
                .map(|Compiled { file, json }| Output { file, text: json })
                .collect(),
            left_out,
            refused: None,
        }
    }

    /// As one line of JSON: the module's `catalog`.
    pub fn to_json(&self) -> String {
        ToJson::to_json(self)
    }
}
