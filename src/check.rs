//! Checking a whole library of drills: each file parsed, then what only the whole library or
//! today's date can tell (duplicate ids, reviews that have fallen due).

use std::collections::HashMap;

use crate::catalog::MAX_BYTES;
use crate::date::Date;
use crate::diagnostic::{Code, Diagnostic, LineIndex};
use crate::lesson::{self, Drill, Question};
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

/// Checks every file; `today` decides which reviews have fallen due. A drill with
/// `translated` is a translation of the drill with the same id and no `translated` (its
/// source): it must ask the same questions in the same shape ([`translations`]).
pub fn check(sources: Vec<Source>, today: Date) -> Vec<FileReport> {
    let mut reports: Vec<FileReport> = sources.into_iter().map(|s| check_file(s, today)).collect();
    duplicates(&mut reports);
    translations(&mut reports);
    reports
}

/// Reports a drill whose id another file already has: a source drill's id another source's,
/// or a translation's another translation's into the same language.
fn duplicates(reports: &mut [FileReport]) {
    let mut first: HashMap<(String, String), usize> = HashMap::new();
    for i in 0..reports.len() {
        let drill = &reports[i].drill;
        if drill.id.is_empty() {
            continue;
        }
        let lang = match drill.translated {
            Some(_) => drill.lang.clone(),
            None => String::new(),
        };
        let id = drill.id.clone();
        match first.get(&(id.clone(), lang.clone())) {
            None => {
                first.insert((id, lang), i);
            }
            Some(&earlier) => {
                let place = place(&reports[earlier], reports[earlier].drill.spans.id.start);
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
}

/// `path:line:col` of byte `at` in `report`'s text.
fn place(report: &FileReport, at: usize) -> String {
    let (line, col) = LineIndex::new(&report.text).line_col(&report.text, at);
    format!("{}:{line}:{col}", report.path)
}

/// Checks each translation against its source: it must have one, in another language, with
/// the same variants and the same questions (ids, kinds, choices and which are right), so a
/// learner's answers and progress mean the same in either language; a translation made
/// before the source's last review is out of date, and one no speaker has reviewed says so.
pub fn translations(reports: &mut [FileReport]) {
    for i in 0..reports.len() {
        let Some(translated) = reports[i].drill.translated else {
            continue;
        };
        let id = reports[i].drill.id.clone();
        let source = reports
            .iter()
            .position(|r| r.drill.id == id && r.drill.translated.is_none());
        let mut found = Vec::new();
        let drill = &reports[i].drill;
        match source {
            None => found.push(
                Diagnostic::new(
                    Code::TranslationWithoutSource,
                    drill.spans.translated.clone(),
                    format!("no drill `{id}` to be a translation of"),
                )
                .with_help("a translation has its source's id; the source has no `translated`"),
            ),
            Some(at) => {
                let source = &reports[at];
                found.extend(compare(&source.drill, drill, &source.path));
                if let Some(reviewed) = source.drill.reviewed.filter(|r| *r > translated) {
                    found.push(
                        Diagnostic::new(
                            Code::TranslationOutdated,
                            drill.spans.translated.clone(),
                            format!(
                                "translated on {translated}, before the source's review on {reviewed}"
                            ),
                        )
                        .with_help(format!(
                            "bring it up to date with {}, then set `translated` to today",
                            source.path
                        )),
                    );
                }
            }
        }
        if drill.reviewed.is_none() {
            found.push(
                Diagnostic::new(
                    Code::UnreviewedTranslation,
                    drill.spans.translated.clone(),
                    format!("no `{}` speaker has reviewed this translation", drill.lang),
                )
                .with_help("once a fluent speaker has reviewed it, add `reviewed:` with the date"),
            );
        }
        let report = &mut reports[i];
        report.diagnostics.extend(found);
        report.diagnostics.sort_by_key(|d| (d.span.start, d.code));
    }
}

/// What differs in shape between `translation` and its `source` (at `path`).
fn compare(source: &Drill, translation: &Drill, path: &str) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let at = translation.spans.id.clone();
    let mismatch = |span: std::ops::Range<usize>, message: String| {
        Diagnostic::new(Code::TranslationMismatch, span, message).with_help(format!(
            "a translation asks the source's questions ({path}) with the same ids, choices and right answers, so answers mean the same in either language"
        ))
    };
    if translation.lang == source.lang {
        found.push(mismatch(
            at.clone(),
            format!(
                "a translation is in the source's own language, `{}`",
                source.lang
            ),
        ));
    }
    let ids = |d: &Drill| {
        d.variants
            .iter()
            .map(|v| v.id.clone())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if ids(source) != ids(translation) {
        found.push(mismatch(
            at.clone(),
            format!(
                "variants `{}` are not the source's `{}`",
                ids(translation),
                ids(source)
            ),
        ));
    }
    let theirs: Vec<&Question> = source.all_questions().collect();
    for question in translation.all_questions() {
        let Some(original) = theirs.iter().find(|q| q.id == question.id) else {
            found.push(mismatch(
                question.span.clone(),
                format!("question `{}` is not in the source", question.id),
            ));
            continue;
        };
        let marks = |q: &Question| {
            q.choices
                .iter()
                .map(|c| (c.correct, c.pin))
                .collect::<Vec<_>>()
        };
        let problem = if question.kind() != original.kind() {
            Some(format!(
                "question `{}` is not answered as the source's is",
                question.id
            ))
        } else if question.choices.len() != original.choices.len() {
            Some(format!(
                "question `{}` has {} choices; the source's has {}",
                question.id,
                question.choices.len(),
                original.choices.len()
            ))
        } else if marks(question) != marks(original) {
            Some(format!(
                "question `{}` marks other choices right (or pinned) than the source's",
                question.id
            ))
        } else if question
            .selectable_parts()
            .filter(|p| p.reason.is_some())
            .count()
            != original
                .selectable_parts()
                .filter(|p| p.reason.is_some())
                .count()
        {
            Some(format!(
                "question `{}` has other red flags than the source's",
                question.id
            ))
        } else {
            None
        };
        found.extend(problem.map(|message| mismatch(question.span.clone(), message)));
    }
    for missing in theirs
        .iter()
        .filter(|q| !translation.all_questions().any(|t| t.id == q.id))
    {
        found.push(mismatch(
            at.clone(),
            format!("the source's question `{}` is not translated", missing.id),
        ));
    }
    found
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

/// Checks a library given as files, one of which may be its settings file
/// ([`is_settings_file`]): the drills' reports ([`check`]) with the settings checked against
/// them ([`settings`]), the settings, and the settings file's own report.
/// A translation's settings file (`settings.cy.yml`, [`settings_lang`]) is set aside, not
/// checked as a drill: [`translated_settings`] reads it.
pub fn library(
    sources: Vec<Source>,
    today: Date,
) -> (Vec<FileReport>, Settings, Option<FileReport>) {
    let (settings, drills): (Vec<Source>, Vec<Source>) = sources
        .into_iter()
        .partition(|s| is_settings_file(&s.path) || settings_lang(&s.path).is_some());
    let mut reports = check(drills, today);
    let settings = settings.into_iter().find(|s| is_settings_file(&s.path));
    let (settings, report) = self::settings(&mut reports, settings);
    (reports, settings, report)
}

/// The language of a translation's settings file, `settings.cy.yml` beside `settings.yml`:
/// the values its `{{names}}` are filled with in that language (`cy`).
pub fn settings_lang(path: &str) -> Option<&str> {
    let name = path.rsplit('/').next()?;
    let lang = name.strip_prefix("settings.")?.strip_suffix(".yml")?;
    crate::catalog::is_lang(lang).then_some(lang)
}

/// The settings of each language among `sources` that has a settings file of its own
/// ([`settings_lang`]), read as `settings.yml` is; they go into that language's catalog.
/// (They are not checked against the drills: `settings.yml` is, with the same names.)
pub fn translated_settings(sources: &[Source]) -> Vec<(String, Settings)> {
    sources
        .iter()
        .filter_map(|s| {
            let lang = settings_lang(&s.path)?;
            let text = String::from_utf8_lossy(&s.bytes);
            Some((lang.to_owned(), crate::settings::parse(&text).settings))
        })
        .collect()
}

/// The name of a library's settings file.
pub const SETTINGS: &str = "settings.yml";

/// Whether `path` (`/` between folders) names a library's settings file, in any folder.
pub fn is_settings_file(path: &str) -> bool {
    path.rsplit('/').next() == Some(SETTINGS)
}

/// Checks a library's settings file (`settings.yml` beside its drills), if it has one, against
/// the `{{name}}` placeholders the drills in `reports` use: a name no setting has is an error
/// in the drill that uses it (`unknown-setting`), a setting no drill uses a warning in the
/// settings file (`unused-setting`). Without a settings file, each drill that uses a name is
/// told once what learners will read instead (`no-settings`). Returns the settings, and the
/// settings file's own report (its drill left empty) to show with the drills'.
pub fn settings(
    reports: &mut [FileReport],
    source: Option<Source>,
) -> (Settings, Option<FileReport>) {
    let Some(source) = source else {
        without_settings(reports);
        return (Settings::default(), None);
    };
    let text = String::from_utf8_lossy(&source.bytes).into_owned();
    let parsed = crate::settings::parse(&text);
    let names: Vec<&str> = parsed.settings.0.iter().map(|(n, _)| n.as_str()).collect();
    let mut used = vec![false; names.len()];
    for report in reports.iter_mut() {
        for (name, span) in &report.drill.spans.placeholders {
            if let Some(at) = names.iter().position(|n| n == name) {
                used[at] = true;
                continue;
            }
            let help = if names.is_empty() {
                format!("{} has no settings yet: add `{name}: …` there", source.path)
            } else {
                format!(
                    "the settings in {} are {}: use one of them, or add `{name}: …` there",
                    source.path,
                    names
                        .iter()
                        .map(|n| format!("`{n}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
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
        path: source.path,
        text,
        drill: Drill::default(),
        diagnostics,
    };
    (parsed.settings, Some(report))
}

/// Without a settings file there are no names to check against (a drill opened on its own in
/// the studio): each drill that uses one is told once what learners will read instead.
fn without_settings(reports: &mut [FileReport]) {
    for report in reports.iter_mut() {
        let Some((name, span)) = report.drill.spans.placeholders.first() else {
            continue;
        };
        let more = report.drill.spans.placeholders.len() - 1;
        let message = match more {
            0 => format!("`{{{{{name}}}}}` has no settings file to fill it"),
            n => format!("`{{{{{name}}}}}` and {n} more have no settings file to fill them"),
        };
        report.diagnostics.push(
            Diagnostic::new(Code::NoSettings, span.clone(), message).with_help(format!(
                "keep the trust's settings.yml beside the drills (in the studio, open it with them): without it learners read each name as words, such as \"{}\"",
                name.replace('_', " ")
            )),
        );
        report.diagnostics.sort_by_key(|d| (d.span.start, d.code));
    }
}

/// Where a drill stands in one language ([`translation_status`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Translated {
    /// No translation into the language.
    Missing,
    /// Translated, not yet reviewed by a speaker (`unreviewed-translation`).
    Unreviewed,
    /// Translated before the source's last review (`translation-outdated`).
    Outdated,
    /// Translated, reviewed and up to date.
    Done,
    /// Translated, with errors that keep it from learners.
    Broken,
}

/// Every source drill's id in `reports` and where its translation into `lang` stands, in
/// the order checked: what `cyberdrill translations` lists.
pub fn translation_status<'r>(reports: &'r [FileReport], lang: &str) -> Vec<(&'r str, Translated)> {
    reports
        .iter()
        .filter(|r| r.drill.translated.is_none() && !r.drill.id.is_empty())
        .map(|source| {
            let translation = reports.iter().find(|r| {
                r.drill.id == source.drill.id
                    && r.drill.translated.is_some()
                    && r.drill.lang == lang
            });
            let has = |r: &FileReport, code: Code| r.diagnostics.iter().any(|d| d.code == code);
            let status = match translation {
                None => Translated::Missing,
                Some(t) if t.has_errors() => Translated::Broken,
                Some(t) if has(t, Code::TranslationOutdated) => Translated::Outdated,
                Some(t) if has(t, Code::UnreviewedTranslation) => Translated::Unreviewed,
                Some(_) => Translated::Done,
            };
            (source.drill.id.as_str(), status)
        })
        .collect()
}
