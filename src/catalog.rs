//! The catalog: which drills exist, generated from `content/` by the build and read by the
//! widget, and the compiled drills it points at. Authors never edit either. The widget reads
//! it ([`Catalog::parse`]); building it from checked files is the compiler's (`compiled`, with
//! the `compiler` feature).

#[cfg(feature = "compiler")]
mod compiled;

#[cfg(feature = "compiler")]
pub use compiled::{Compiled, Form};

use serde::{Deserialize, Serialize};

use crate::json::{self, FromJson};
use crate::settings::Settings;

/// The catalog format version this crate writes and reads. Version 2 points at compiled
/// drills (`.json`), or at Markdown (`.md`) that the widget compiles in the browser; version
/// 1 pointed at Markdown the widget parsed itself.
pub const VERSION: u32 = 2;

/// The largest catalog or drill file the widget accepts, in bytes.
pub const MAX_BYTES: usize = 256 * 1024;

/// Every drill the widget may offer, in the order it offers new ones.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catalog {
    /// Format version, [`VERSION`].
    pub version: u32,
    /// One entry per drill.
    pub drills: Vec<Entry>,
    /// The trust's settings, which fill the drills' `{{name}}` placeholders.
    #[serde(default, skip_serializing_if = "crate::json::is_default")]
    pub settings: Settings,
}

/// What the widget needs to know of a drill before fetching it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The drill's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its topic. A catalog leaves it out when it is [`default_topic`].
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub topic: String,
    /// Minutes it takes.
    pub minutes: u32,
    /// Its compiled drill (the compiler's `Drill::to_json`), relative to the catalog; or its
    /// Markdown (`.md`), which the widget compiles with the Markdown module. A catalog leaves
    /// it out when it is [`default_file`].
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub file: String,
    /// [`catalog_hash`] of the file: a kept copy with another hash ([`same_hash`]) is stale.
    pub hash: String,
    /// [`catalog_source`] of the drill's Markdown. Progress (a drill left half done, a finished
    /// attempt) refers to this, so it survives a new way of compiling the same text.
    pub source: String,
    /// The staff groups it is for ([`crate::lesson::AUDIENCES`]); empty is everyone.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub audience: Vec<String>,
    /// The language its title and drill are in, when it is not British English (`cy`, in
    /// `catalog.cy.json`); empty for British English.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub lang: String,
    /// In a translation's catalog (`catalog.cy.json`): whether a speaker of its language has
    /// reviewed it (its `reviewed` field). Never said in `catalog.json`.
    #[serde(default, skip_serializing_if = "crate::json::is_default")]
    pub reviewed: bool,
}

impl Catalog {
    /// Reads and validates a catalog; the error says what is wrong, for the console.
    pub fn parse(json: &str) -> Result<Catalog, String> {
        let value = json::parse(json).map_err(|e| format!("catalog is not valid JSON: {e}"))?;
        let catalog =
            Catalog::from_json(&value).map_err(|e| format!("catalog is not valid: {e}"))?;
        if catalog.version != VERSION {
            return Err(format!(
                "catalog version {} is not {VERSION}",
                catalog.version
            ));
        }
        let mut catalog = catalog;
        for entry in &mut catalog.drills {
            entry.title = catalog.settings.filled(&entry.title);
            if entry.file.is_empty() {
                entry.file = default_file(&entry.id);
            }
            if entry.topic.is_empty() {
                entry.topic = default_topic(&entry.id).to_owned();
            }
            let file = &entry.file;
            if !is_drill_file(file) {
                return Err(format!(
                    "catalog entry `{}` has file `{file}`, not a path like `topic/drill-name.json` or `.md`",
                    entry.id
                ));
            }
        }
        Ok(catalog)
    }

    /// The language `entry`'s title and drill are in: its `lang`, or British English.
    pub fn lang(entry: &Entry) -> &str {
        match entry.lang.as_str() {
            "" => "en-GB",
            lang => lang,
        }
    }

    /// The entry for `id`.
    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.drills.iter().find(|e| e.id == id)
    }
}

json::wire! { FromJson, ToJson for Catalog { version, drills, settings: sparse } }
json::wire! {
    FromJson, ToJson for Entry {
        id, title, topic: sparse, minutes, file: sparse, hash, source, audience: sparse,
        lang: sparse, reviewed: sparse,
    }
}

/// The topic of a catalog entry that names none: the first part of its id, the topic folder
/// `cyberdrill catalog` puts a drill in by convention (`phishing` for
/// `phishing/lookalike-sender`).
pub fn default_topic(id: &str) -> &str {
    id.split('/').next().unwrap_or(id)
}

/// The file a catalog entry names when it names none: its compiled drill, `<id>.json`, where
/// `cyberdrill catalog` puts it (`phishing/lookalike-sender.json`).
pub fn default_file(id: &str) -> String {
    format!("{id}.json")
}

/// Whether `file` may be a catalog entry's file: a path inside the content folder, spelled
/// only as a drill id is (`lesson::is_drill_id`: lowercase ASCII letters and digits, single `-`
/// within and `/` between names) and ending `.json` (compiled) or `.md`. No spelling of `..` (`..\`,
/// `%2e%2e/`), no absolute path, scheme or `//host` fits, so a catalog cannot send the widget
/// out of its content folder, whatever a server or URL parser makes of the characters.
pub fn is_drill_file(file: &str) -> bool {
    file.strip_suffix(".json")
        .or_else(|| file.strip_suffix(".md"))
        .map(|stem| match stem.rsplit_once('.') {
            // A translation: `phishing/lookalike-sender.cy.json`.
            Some((stem, lang)) if is_lang(lang) => stem,
            _ => stem,
        })
        .is_some_and(crate::lesson::is_drill_id)
}

/// Whether `lang` may name a translation's language in a file name (`cy` in
/// `catalog.cy.json`): two or three lowercase ASCII letters.
pub fn is_lang(lang: &str) -> bool {
    (2..=3).contains(&lang.len()) && lang.bytes().all(|b| b.is_ascii_lowercase())
}

/// The catalog of the translations into `lang`, beside `catalog.json`: `catalog.cy.json`.
pub fn translations_file(lang: &str) -> String {
    format!("catalog.{lang}.json")
}

/// Whether `file` (a path or URL) names a drill's Markdown, which the widget compiles with
/// the Markdown module, rather than a compiled drill: its path ends `.md`, whatever query or
/// fragment follows.
pub fn is_markdown(file: &str) -> bool {
    let path = file.split(['?', '#']).next().unwrap_or(file);
    path.to_ascii_lowercase().ends_with(".md")
}

/// The content hash: SHA-256 of `bytes` as 64 hex digits ([`crate::digest::sha256`]). A kept
/// copy is trusted as the file the catalog names only when its text hashes to the catalog's
/// `hash`. Until this was SHA-256 it was a 64-bit FNV-1a ([`crate::digest::fnv1a`]), easily
/// made to collide; records that refer to a drill by that older form are still recognised
/// ([`crate::progress::Session::refers_to`]).
pub fn content_hash(bytes: &[u8]) -> String {
    crate::digest::sha256(bytes)
}

/// How many hex digits of a [`content_hash`] a catalog carries: 128 bits, as far beyond a
/// chance collision as the whole hash, in half the bytes every first drill downloads (the
/// digits do not compress: 40 drills' two hashes were half the catalog).
pub const HASH_DIGITS: usize = 32;

/// [`content_hash`] as a catalog carries it: its first [`HASH_DIGITS`] digits.
pub fn catalog_hash(bytes: &[u8]) -> String {
    content_hash_prefix(bytes, HASH_DIGITS)
}

/// Whether two content hashes name the same text: one is the other, or begins it, and the
/// shorter has at least [`HASH_DIGITS`] digits. So a catalog's short hashes match the full
/// ones kept by widgets and catalogs before they were shortened, and the reverse.
pub fn same_hash(a: &str, b: &str) -> bool {
    same_prefix(a, b, HASH_DIGITS)
}

/// How many hex digits of a [`content_hash`] a catalog's `source` carries: 64 bits. A source
/// hash only tells a learner's saved answers from a drill whose text has changed since, which
/// nobody gains by forging, and a chance collision among one drill's versions is out of reach.
pub const SOURCE_DIGITS: usize = 16;

/// [`content_hash`] as a catalog's `source`: its first [`SOURCE_DIGITS`] digits.
pub fn catalog_source(bytes: &[u8]) -> String {
    content_hash_prefix(bytes, SOURCE_DIGITS)
}

/// [`same_hash`] for `source` hashes: at least [`SOURCE_DIGITS`] digits in common.
pub fn same_source(a: &str, b: &str) -> bool {
    same_prefix(a, b, SOURCE_DIGITS)
}

/// The first `digits` hex digits of [`content_hash`].
fn content_hash_prefix(bytes: &[u8], digits: usize) -> String {
    let mut hash = content_hash(bytes);
    hash.truncate(digits);
    hash
}

fn same_prefix(a: &str, b: &str, digits: usize) -> bool {
    a.len().min(b.len()) >= digits && (a.starts_with(b) || b.starts_with(a))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_translations_file_is_a_drill_file_with_a_language_before_its_extension() {
        for file in [
            "phishing/lookalike-sender.json",
            "phishing/lookalike-sender.cy.json",
            "phishing/lookalike-sender.cy.md",
            "phishing/lookalike-sender.gsw.json",
        ] {
            assert!(is_drill_file(file), "{file}");
        }
        for file in [
            "phishing/lookalike-sender.c.json",
            "phishing/lookalike-sender.cymr.json",
            "phishing/lookalike-sender.CY.json",
            "phishing/lookalike-sender.cy.cy.json",
            "phishing/.cy.json",
            "../lookalike-sender.cy.json",
            "phishing/..cy.json",
            "catalog.cy.json/x.json",
            "//evil.example/x.cy.json",
        ] {
            assert!(!is_drill_file(file), "{file}");
        }
        assert_eq!(translations_file("cy"), "catalog.cy.json");
    }

    #[test]
    fn a_short_hash_matches_the_full_one_and_nothing_shorter() {
        let full = content_hash(b"abc");
        let short = catalog_hash(b"abc");
        assert_eq!(short.len(), HASH_DIGITS);
        assert!(same_hash(&full, &short) && same_hash(&short, &full) && same_hash(&short, &short));
        assert!(
            !same_hash(&full[..HASH_DIGITS - 1], &full),
            "too short to name a text"
        );
        assert!(!same_hash(&short, &catalog_hash(b"abd")));
        assert!(!same_hash("", ""));
        let source = catalog_source(b"abc");
        assert_eq!(source.len(), SOURCE_DIGITS);
        assert!(same_source(&full, &source) && same_source(&short, &source));
        assert!(!same_source(&full[..SOURCE_DIGITS - 1], &full));
        assert!(
            !same_hash(&source, &full),
            "a source hash is too short to vouch for a file"
        );
    }

    #[test]
    fn hash_is_sha256() {
        assert_eq!(
            content_hash(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn markdown_is_known_by_its_path() {
        for md in ["a.md", "https://x/a/b.md", "b.MD", "b.md?v=2", "b.md#top"] {
            assert!(is_markdown(md), "{md}");
        }
        for not in ["a.json", "a.md.json", "https://x/a.md/b", "a.mdx", "md"] {
            assert!(!is_markdown(not), "{not}");
        }
    }

    #[test]
    fn refuses_files_outside_the_content_folder() {
        let json = |file: &str| {
            format!(
                r#"{{"version":2,"drills":[{{"id":"a","title":"A","topic":"t","minutes":2,"file":"{file}","hash":"0","source":"0"}}]}}"#
            )
        };
        assert!(Catalog::parse(&json("a/b.json")).is_ok());
        assert!(Catalog::parse(&json("phishing/look-alike-2.json")).is_ok());
        // Markdown, which the widget compiles in the browser.
        assert!(Catalog::parse(&json("phishing/look-alike-2.md")).is_ok());
        // Every spelling that could climb out of the folder or name another host, in the
        // JSON's own escaping: `\\\\` in this source is one backslash.
        for bad in [
            "../a.json",
            "/a.json",
            "https://x/a.json",
            "a.markdown",
            "../a.md",
            "a.md?x=1",
            "a.html",
            "..\\\\a.json",
            "a/..\\\\..\\\\b.json",
            "%2e%2e/a.json",
            "%2E%2E%5Ca.json",
            "a/%2e%2e/%2e%2e/b.json",
            "//evil.example/a.json",
            "\\\\evil.example\\\\a.json",
            "./a.json",
            "a/./b.json",
            "a//b.json",
            "A.json",
            "a b.json",
            ".json",
            "a/.json",
            "a.json?x=1",
            "a.json#x",
            "a\\u0000.json",
        ] {
            assert!(Catalog::parse(&json(bad)).is_err(), "{bad}");
        }
        assert!(
            Catalog::parse("<!doctype html>")
                .unwrap_err()
                .starts_with("catalog is not valid JSON: expected a value at byte 0")
        );
    }
}
