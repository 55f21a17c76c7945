//! What the compiler writes for the widget (compiler only): each drill without errors as JSON,
//! and the catalog listing them.

// The compiler is not in the widget: its size rules (clippy.toml) do not bind this.
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use super::{
    Catalog, Entry, VERSION, catalog_hash, catalog_source, is_drill_file, is_lang,
    translations_file,
};
use crate::check::FileReport;
use crate::json::ToJson;
use crate::lesson::TOPICS;
use crate::settings::Settings;

/// A drill compiled for the widget: where it goes and what it holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Compiled {
    /// Its path relative to the catalog: the Markdown file's, ending `.json`.
    pub file: String,
    /// [`Drill::to_json`](crate::lesson::Drill::to_json), or in [`Form::Markdown`] the
    /// Markdown itself.
    pub json: String,
}

/// What a catalog points at: each drill compiled (what learners download, the default), or
/// its Markdown, which the widget compiles in the browser with the Markdown module (for a web
/// team publishing an author's folder as it is).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// Each drill as compiled JSON beside the catalog.
    Compiled,
    /// The catalog points at a copy of each drill's Markdown (`phishing/look-alike.md`).
    Markdown,
}

impl Catalog {
    /// Compiles the drills in `reports` that have no errors, and the catalog of them in the
    /// order a new learner meets them: by topic as [`TOPICS`] lists them (phishing first),
    /// then by file. Each translation without errors whose source is in the catalog is
    /// compiled beside it (`phishing/lookalike-sender.cy.json`) and listed, under its source's
    /// id and `source` hash (progress is per drill, whatever the language), in the catalog of
    /// its language (`catalog.cy.json`, last among the files), which only a widget in that
    /// language fetches. `file` maps a report's path to the Markdown file's path relative to the
    /// content folder. A drill whose compiled path the widget would refuse
    /// ([`is_drill_file`]) is left out: check paths first with [`Catalog::file_for`].
    pub fn compile<'r>(
        reports: impl IntoIterator<Item = &'r FileReport>,
        file: impl Fn(&str) -> String,
    ) -> (Catalog, Vec<Compiled>) {
        Catalog::compile_as(Form::Compiled, reports, &[], file)
    }

    /// [`Catalog::compile`], with the drills in `form`, and each language's catalog with the
    /// settings `translated` gives it (`("cy", settings)`), if any.
    pub fn compile_as<'r>(
        form: Form,
        reports: impl IntoIterator<Item = &'r FileReport>,
        translated: &[(String, Settings)],
        file: impl Fn(&str) -> String,
    ) -> (Catalog, Vec<Compiled>) {
        let reports: Vec<&FileReport> = reports.into_iter().collect();
        let compiled: Vec<(&FileReport, Compiled)> = reports
            .iter()
            .copied()
            // Translations go in their language's catalog, below.
            .filter(|r| !r.has_errors() && r.drill.translated.is_none())
            .filter_map(|r| Some((r, compile_one(form, r, &file)?)))
            .collect();
        let mut drills: Vec<Entry> = compiled
            .iter()
            .map(|(r, c)| Entry {
                id: r.drill.id.clone(),
                title: r.drill.title.clone(),
                topic: r.drill.topic.clone(),
                minutes: r.drill.minutes,
                file: c.file.clone(),
                hash: catalog_hash(c.json.as_bytes()),
                source: catalog_source(r.text.as_bytes()),
                // For everyone is what no audience means: the catalog says nothing.
                audience: match r.drill.audience.iter().any(|a| a == "everyone") {
                    true => Vec::new(),
                    false => r.drill.audience.clone(),
                },
                lang: match r.drill.lang.as_str() {
                    "en-GB" => String::new(),
                    lang => lang.to_owned(),
                },
                reviewed: false,
            })
            .collect();
        let rank = |topic: &str| {
            TOPICS
                .iter()
                .position(|t| *t == topic)
                .unwrap_or(TOPICS.len())
        };
        drills.sort_by(|a, b| (rank(&a.topic), &a.file).cmp(&(rank(&b.topic), &b.file)));
        let mut files: Vec<Compiled> = compiled.into_iter().map(|(_, c)| c).collect();
        // Translations, in the order of their sources, one catalog per language.
        let mut languages: Vec<(String, Vec<Entry>)> = Vec::new();
        for source in &drills {
            let translations = reports.iter().filter(|r| {
                r.drill.id == source.id
                    && r.drill.translated.is_some()
                    && !r.has_errors()
                    && is_lang(&r.drill.lang)
            });
            for r in translations {
                let Some(c) = compile_one(form, r, &file) else {
                    continue;
                };
                let entry = Entry {
                    title: r.drill.title.clone(),
                    minutes: r.drill.minutes,
                    file: c.file.clone(),
                    hash: catalog_hash(c.json.as_bytes()),
                    lang: r.drill.lang.clone(),
                    reviewed: r.drill.reviewed.is_some(),
                    ..source.clone()
                };
                match languages.iter_mut().find(|(lang, _)| *lang == r.drill.lang) {
                    Some((_, entries)) => entries.push(entry),
                    None => languages.push((r.drill.lang.clone(), vec![entry])),
                }
                files.push(c);
            }
        }
        for (lang, drills) in languages {
            let settings = translated.iter().find(|(l, _)| *l == lang);
            let catalog = Catalog {
                version: VERSION,
                drills,
                settings: settings.map(|(_, s)| s.clone()).unwrap_or_default(),
            };
            files.push(Compiled {
                file: translations_file(&lang),
                json: catalog.to_json(),
            });
        }
        let catalog = Catalog {
            version: VERSION,
            drills,
            settings: Settings::default(),
        };
        (catalog, files)
    }

    /// The compiled drill's path for a Markdown file's path relative to the content folder
    /// (`phishing/look-alike.md` → `phishing/look-alike.json`), or `None` if the widget would
    /// refuse it ([`is_drill_file`]).
    pub fn file_for(source: &str) -> Option<String> {
        let stem = source.strip_suffix(".md").unwrap_or(source);
        Some(format!("{stem}.json")).filter(|file| is_drill_file(file))
    }

    /// Compact JSON, ending in a newline: the widget downloads it before every first drill,
    /// and compact is about 40 bytes (gzip) less for the starter library; an entry's `file`
    /// is left out where it is [`default_file`](super::default_file) (218 bytes less for 40
    /// drills).
    pub fn to_json(&self) -> String {
        // Each file where the catalog would look for it anyway goes unsaid.
        let mut catalog = self.clone();
        for entry in &mut catalog.drills {
            if entry.file == super::default_file(&entry.id) {
                entry.file.clear();
            }
            if entry.topic == super::default_topic(&entry.id) {
                entry.topic.clear();
            }
        }
        let mut json = ToJson::to_json(&catalog);
        json.push('\n');
        json
    }
}

/// One drill in `form`: its compiled file's path and text, or `None` when the widget would
/// refuse its path ([`is_drill_file`]).
fn compile_one(form: Form, r: &FileReport, file: impl Fn(&str) -> String) -> Option<Compiled> {
    let json = Catalog::file_for(&file(&r.path))?;
    Some(match form {
        Form::Markdown => Compiled {
            file: format!("{}.md", json.strip_suffix(".json").unwrap_or(&json)),
            json: r.text.clone(),
        },
        Form::Compiled => Compiled {
            file: json,
            json: r.drill.to_json(),
        },
    })
}
