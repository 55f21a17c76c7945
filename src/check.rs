//! Checking a whole library of drills: each file parsed, then what only the whole library or
//! today's date can tell (duplicate ids, reviews that have fallen due).

use std::collections::HashMap;

use crate::catalog::MAX_BYTES;
use crate::date::Date;
use crate::diagnostic::{Code, Diagnostic, LineIndex};
use crate::lesson::{self, Drill};
use crate::settings::Settings;

/// One drill file (or settings file) as read from disk.
#[derive(Clone, Debug)]
pub struct Source {
    /// Path as shown to the author, with `/` separators.
    pub path: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// What checking one file found.
#[derive(Debug)]
pub struct FileReport {
    /// Path as shown to the author.
    pub path: String,
    /// The text diagnostics point into (lossily decoded if the file was not UTF-8).
    pub text: String,
    /// The drill as far as it could be read.
    pub drill: Drill,
    /// Every problem, in source order.
    pub diagnostics: Vec<Diagnostic>,
}

impl FileReport {
    /// Whether the drill has errors (and so stays out of the widget).
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Checks every file; `today` decides which reviews have fallen due.
pub fn check(sources: Vec<Source>, today: Date) -> Vec<FileReport> {
    let mut reports: Vec<FileReport> = sources.into_iter().map(|s| check_file(s, today)).collect();
    let mut first: HashMap<String, usize> = HashMap::new();
    for i in 0..reports.len() {
        let id = reports[i].drill.id.clone();
        if id.is_empty() {
            continue;
        }
        match first.get(&id) {
            None => {
                first.insert(id, i);
            }
            Some(&earlier) => {
                let other = &reports[earlier];
                let (line, col) =
                    LineIndex::new(&other.text).line_col(&other.text, other.drill.spans.id.start);
                let place = format!("{}:{line}:{col}", other.path);
                let report = &mut reports[i];
                report.diagnostics.push(
                    Diagnostic::new(
                        Code::DuplicateId,
                        report.drill.spans.id.clone(),
                        format!("id `{id}` is already used by {place}"),
                    )
                    .with_help("ids key learners' progress: give this drill an id of its own"),
                );
                report.diagnostics.sort_by_key(|d| (d.span.start, d.code));
            }
        }
    }
    reports
}

fn check_file(source: Source, today: Date) -> FileReport {
    if source.bytes.len() > MAX_BYTES {
        // Not read at all: the widget would refuse the file, and a parser is not the place
        // to find out what megabytes of text do to it.
        let size = source.bytes.len();
        return FileReport {
            path: source.path,
            text: String::new(),
            drill: Drill::default(),
            diagnostics: vec![
                Diagnostic::new(
                    Code::OverLimit,
                    0..0,
                    format!(
                        "file is {size} bytes, over the limit of {MAX_BYTES} the widget accepts"
                    ),
                )
                .with_help("a two-minute drill is a few kilobytes: split it into several drills"),
            ],
        };
    }
    let (text, not_utf8) = match String::from_utf8(source.bytes) {
        Ok(text) => (text, None),
        Err(error) => {
            let at = error.utf8_error().valid_up_to();
            (
                String::from_utf8_lossy(error.as_bytes()).into_owned(),
                Some(at),
            )
        }
    };
    let parsed = lesson::parse(&text, "");
    let mut diagnostics = parsed.diagnostics;
    if let Some(at) = not_utf8 {
        diagnostics.insert(
            0,
            Diagnostic::new(Code::NotUtf8, at..at, "file is not UTF-8 text")
                .with_help("save it as UTF-8 (in most editors: Save As, Encoding: UTF-8)"),
        );
    }
    let drill = parsed.drill;
    if let Some(due) = drill.review_by.filter(|due| *due < today) {
        let days = today.days() - due.days();
        diagnostics.push(
            Diagnostic::new(
                Code::ReviewOverdue,
                drill.spans.review_by.clone(),
                format!("review was due on {due}, {days} day{} ago", if days == 1 { "" } else { "s" }),
            )
            .with_help("check the content is still right, then set `reviewed` to today and move `review_by` on"),
        );
        diagnostics.sort_by_key(|d| (d.span.start, d.code));
    }
    FileReport {
        path: source.path,
        text,
        drill,
        diagnostics,
    }
}

/// Checks a library given as files, one of which may be its settings file (named
/// `settings.yml`, in any folder): the drills' reports ([`check`]) with the settings checked
/// against them ([`settings`]), the settings file's report last, and the settings.
pub fn library(sources: Vec<Source>, today: Date) -> (Vec<FileReport>, Settings) {
    let (settings, drills): (Vec<Source>, Vec<Source>) = sources
        .into_iter()
        .partition(|s| s.path.rsplit('/').next() == Some(SETTINGS));
    let mut reports = check(drills, today);
    let (settings, report) = self::settings(&mut reports, settings.into_iter().next());
    reports.extend(report);
    (reports, settings)
}

/// The name of a library's settings file.
pub const SETTINGS: &str = "settings.yml";

/// Checks a library's settings file (`settings.yml` beside its drills), if it has one, against
/// the `{{name}}` placeholders the drills in `reports` use: a name no setting has is an error
/// in the drill that uses it (`unknown-setting`), a setting no drill uses a warning in the
/// settings file (`unused-setting`). Returns the settings, and the settings file's own report
/// (its drill left empty) to show with the drills'.
pub fn settings(
    reports: &mut [FileReport],
    source: Option<Source>,
) -> (Settings, Option<FileReport>) {
    let (text, path) = match source {
        Some(source) => (
            String::from_utf8_lossy(&source.bytes).into_owned(),
            Some(source.path),
        ),
        None => (String::new(), None),
    };
    let parsed = crate::settings::parse(&text);
    let names: Vec<&str> = parsed.settings.0.iter().map(|(n, _)| n.as_str()).collect();
    let mut used = vec![false; names.len()];
    for report in reports.iter_mut() {
        for (name, span) in &report.drill.spans.placeholders {
            if let Some(at) = names.iter().position(|n| n == name) {
                used[at] = true;
                continue;
            }
            let help = match &path {
                Some(file) => format!(
                    "the settings in {file} are {}: use one of them, or add `{name}: …` there",
                    names
                        .iter()
                        .map(|n| format!("`{n}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                None => format!(
                    "settings live in `settings.yml` beside the drills: add a line `{name}: …` there"
                ),
            };
            report.diagnostics.push(
                Diagnostic::new(
                    Code::UnknownSetting,
                    span.clone(),
                    format!("`{{{{{name}}}}}` is not one of the trust's settings"),
                )
                .with_help(help),
            );
            report.diagnostics.sort_by_key(|d| (d.span.start, d.code));
        }
    }
    let Some(path) = path else {
        return (parsed.settings, None);
    };
    let mut diagnostics = parsed.diagnostics;
    for (at, (name, _)) in parsed
        .settings
        .0
        .iter()
        .enumerate()
        .filter(|(i, _)| !used[*i])
    {
        diagnostics.push(
            Diagnostic::new(
                Code::UnusedSetting,
                parsed.spans[at].clone(),
                format!("no drill uses the setting `{name}`"),
            )
            .with_help(format!(
                "write `{{{{{name}}}}}` where a drill should say it, or remove it"
            )),
        );
    }
    diagnostics.sort_by_key(|d| (d.span.start, d.code));
    let report = FileReport {
        path,
        text,
        drill: Drill::default(),
        diagnostics,
    };
    (parsed.settings, Some(report))
}
