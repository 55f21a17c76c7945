//! The catalog: which drills exist, generated from `content/` by the build and read by the
//! widget, and the compiled drills it points at. Authors never edit either.

use serde::{Deserialize, Serialize};

use crate::check::FileReport;
use crate::json::{self, FromJson, Object, Value};
use crate::lesson::TOPICS;

/// The catalog format version this crate writes and reads. Version 2 points at compiled
/// drills (`.json`) where version 1 pointed at Markdown.
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
}

/// What the widget needs to know of a drill before fetching it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The drill's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its topic.
    pub topic: String,
    /// Minutes it takes.
    pub minutes: u32,
    /// Its compiled drill ([`crate::lesson::Drill::to_json`]), relative to the catalog.
    pub file: String,
    /// [`content_hash`] of the compiled drill: a kept copy with another hash is stale.
    pub hash: String,
    /// [`content_hash`] of the drill's Markdown. Progress (a drill left half done, a finished
    /// attempt) refers to this, so it survives a new way of compiling the same text.
    pub source: String,
}

/// A drill compiled for the widget: where it goes and what it holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Compiled {
    /// Its path relative to the catalog: the Markdown file's, ending `.json`.
    pub file: String,
    /// [`crate::lesson::Drill::to_json`].
    pub json: String,
}

impl Catalog {
    /// Compiles the drills in `reports` that have no errors, and the catalog of them in the
    /// order a new learner meets them: by topic as [`TOPICS`] lists them (phishing first),
    /// then by file. `file` maps a report's path to the Markdown file's path relative to the
    /// content folder.
    pub fn compile<'r>(
        reports: impl IntoIterator<Item = &'r FileReport>,
        file: impl Fn(&str) -> String,
    ) -> (Catalog, Vec<Compiled>) {
        let compiled: Vec<(&FileReport, Compiled)> = reports
            .into_iter()
            .filter(|r| !r.has_errors())
            .map(|r| {
                let source = file(&r.path);
                let stem = source.strip_suffix(".md").unwrap_or(&source);
                let compiled = Compiled {
                    file: format!("{stem}.json"),
                    json: r.drill.to_json(),
                };
                (r, compiled)
            })
            .collect();
        let mut drills: Vec<Entry> = compiled
            .iter()
            .map(|(r, c)| Entry {
                id: r.drill.id.clone(),
                title: r.drill.title.clone(),
                topic: r.drill.topic.clone(),
                minutes: r.drill.minutes,
                file: c.file.clone(),
                hash: content_hash(c.json.as_bytes()),
                source: content_hash(r.text.as_bytes()),
            })
            .collect();
        let rank = |topic: &str| {
            TOPICS
                .iter()
                .position(|t| *t == topic)
                .unwrap_or(TOPICS.len())
        };
        drills.sort_by(|a, b| (rank(&a.topic), &a.file).cmp(&(rank(&b.topic), &b.file)));
        let catalog = Catalog {
            version: VERSION,
            drills,
        };
        (catalog, compiled.into_iter().map(|(_, c)| c).collect())
    }

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
        for entry in &catalog.drills {
            let file = &entry.file;
            let relative = !file.contains(':')
                && !file.starts_with('/')
                && !file.split('/').any(|p| p == "..");
            if !relative || !file.ends_with(".json") {
                return Err(format!(
                    "catalog entry `{}` has file `{file}`, not a relative .json path",
                    entry.id
                ));
            }
        }
        Ok(catalog)
    }

    /// Compact JSON, ending in a newline: the widget downloads it before every first drill,
    /// and compact is about 40 bytes (gzip) less for the starter library.
    pub fn to_json(&self) -> String {
        let mut json = serde_json::to_string(self).unwrap_or_default();
        json.push('\n');
        json
    }

    /// The entry for `id`.
    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.drills.iter().find(|e| e.id == id)
    }
}

impl FromJson for Catalog {
    fn from_json(value: &Value) -> Result<Self, String> {
        let o = Object::of(value)?;
        Ok(Catalog {
            version: o.get("version")?,
            drills: o.get("drills")?,
        })
    }
}

impl FromJson for Entry {
    fn from_json(value: &Value) -> Result<Self, String> {
        let o = Object::of(value)?;
        Ok(Entry {
            id: o.get("id")?,
            title: o.get("title")?,
            topic: o.get("topic")?,
            minutes: o.get("minutes")?,
            file: o.get("file")?,
            hash: o.get("hash")?,
            source: o.get("source")?,
        })
    }
}

/// FNV-1a (64-bit) of `bytes` as 16 hex digits: a change detector, not a security measure.
pub fn content_hash(bytes: &[u8]) -> String {
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_fnv1a() {
        assert_eq!(content_hash(b""), "cbf29ce484222325");
        assert_eq!(content_hash(b"a"), "af63dc4c8601ec8c");
    }

    #[test]
    fn refuses_files_outside_the_content_folder() {
        let json = |file: &str| {
            format!(
                r#"{{"version":2,"drills":[{{"id":"a","title":"A","topic":"t","minutes":2,"file":"{file}","hash":"0","source":"0"}}]}}"#
            )
        };
        assert!(Catalog::parse(&json("a/b.json")).is_ok());
        for bad in ["../a.json", "/a.json", "https://x/a.json", "a.md", "a.html"] {
            assert!(Catalog::parse(&json(bad)).is_err(), "{bad}");
        }
        assert!(
            Catalog::parse("<!doctype html>")
                .unwrap_err()
                .starts_with("catalog is not valid JSON: expected a value at byte 0")
        );
    }
}
