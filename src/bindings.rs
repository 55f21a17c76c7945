//! The Markdown module: the authoring compiler for JavaScript (feature `bindings`, wasm32).
//!
//! Built on its own, without Leptos, as `pkg/cyberdrill_compiler.js` and its wasm beside the
//! widget's. The loader (`public/cyberdrill.js`) imports it only when a widget meets a drill
//! in Markdown; nothing else a learner downloads refers to it. Every function takes strings and
//! returns one line of JSON in [`report`]'s shapes, the very text `cyberdrill check --format
//! json` prints for the same files, so the browser and the CLI cannot disagree (the parity
//! test compares them byte for byte). The date is always an argument: the core has no clock.

use wasm_bindgen::prelude::*;

use crate::check::{self, Source};
use crate::date::Date;
use crate::json::{self, ToJson};
use crate::lesson;
use crate::report::{self, Build, Form};

/// One file handed in: its path (shown in diagnostics) and its text, or its bytes as read
/// from disk (so a file that is not UTF-8 is reported as the CLI reports it).
struct Input {
    path: String,
    text: Option<String>,
    bytes: Option<Vec<u16>>,
}

json::wire! { FromJson for Input { path, text: optional, bytes: optional } }

fn today(text: &str) -> Result<Date, String> {
    Date::parse(text).ok_or_else(|| format!("today `{text}` is not a date like 2027-01-31"))
}

fn sources(files: &str) -> Result<Vec<Source>, String> {
    let inputs: Vec<Input> = json::from_str(files)
        .map_err(|e| format!("files are not a JSON list of {{path, text}}: {e}"))?;
    inputs
        .into_iter()
        .map(|i| {
            let bytes = match (i.text, i.bytes) {
                (Some(text), _) => text.into_bytes(),
                (None, Some(bytes)) => bytes
                    .into_iter()
                    .map(|b| u8::try_from(b).map_err(|_| format!("{}: {b} is not a byte", i.path)))
                    .collect::<Result<_, _>>()?,
                (None, None) => return Err(format!("{}: neither text nor bytes", i.path)),
            };
            Ok(Source {
                path: i.path,
                bytes,
            })
        })
        .collect()
}

/// Checks a library: `files` is a JSON list of `{path, text}` or `{path, bytes}` (a list of
/// numbers), `today` a `YYYY-MM-DD` date.
/// Returns a JSON list with each file's report (`cyberdrill check --format json`).
#[wasm_bindgen]
pub fn check(files: &str, today: &str) -> Result<String, String> {
    let (mut reports, _, settings) = check::library(sources(files)?, self::today(today)?);
    reports.extend(settings);
    Ok(report::check_json(&reports))
}

/// Compiles one drill: the report of the file alone, as one JSON object (its `drill` holds
/// the compiled drill when there are no errors). What the widget calls for a `.md` drill.
#[wasm_bindgen]
pub fn compile(path: &str, text: &str, today: &str) -> Result<String, String> {
    let source = Source {
        path: path.to_owned(),
        bytes: text.as_bytes().to_vec(),
    };
    let reports = check::check(vec![source], self::today(today)?);
    let file = reports.first().map(report::File::of);
    Ok(file.to_json())
}

/// Builds the catalog of a library whose paths are relative to the content folder: the
/// files `cyberdrill catalog` writes and what it left out. `markdown` points the catalog at
/// copies of the Markdown (`cyberdrill catalog --markdown`).
#[wasm_bindgen]
pub fn catalog(files: &str, today: &str, markdown: bool) -> Result<String, String> {
    let sources = sources(files)?;
    let translated = check::translated_settings(&sources);
    let (reports, settings, settings_report) = check::library(sources, self::today(today)?);
    let form = if markdown {
        Form::Markdown
    } else {
        Form::Compiled
    };
    let settings = (&settings, settings_report.as_ref());
    Ok(Build::of(&reports, settings, &translated, form, str::to_owned).to_json())
}

/// The commented starter drill `cyberdrill new` writes, for `id`.
#[wasm_bindgen]
pub fn starter(id: &str, today: &str) -> Result<String, String> {
    Ok(lesson::starter(id, self::today(today)?))
}
