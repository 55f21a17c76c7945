//! Helpers shared by the integration tests: one per area.

use std::path::{Path, PathBuf};
use std::process::Command;

use cyberdrill::check::{self, FileReport, Source};
use cyberdrill::date::Date;
use cyberdrill::lesson::{Block, Drill};
use cyberdrill::library;
use cyberdrill::snippet::{Colour, Renderer};

/// The date fixture checks run on, so review warnings never drift.
pub const TODAY: &str = "2026-11-28";

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every drill at or under `path`, read as the CLI reads them, path relative to the root.
pub fn sources(path: &Path) -> Vec<Source> {
    library::read(path)
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .map(from_root)
        .collect()
}

/// `source` with its path relative to the root, as an author in the checkout reads it.
fn from_root(source: Source) -> Source {
    let root = format!("{}/", library::display(&root()));
    Source {
        path: source
            .path
            .strip_prefix(&root)
            .unwrap_or(&source.path)
            .to_owned(),
        ..source
    }
}

/// Checks everything at `path` on [`TODAY`].
pub fn check_path(path: &Path) -> Vec<FileReport> {
    let mut reports = check_library(path);
    reports.retain(|r| !r.path.ends_with(check::SETTINGS));
    reports
}

/// [`check_path`], and the report of the library's settings file last, if it has one: what
/// `cyberdrill check` prints.
pub fn check_library(path: &Path) -> Vec<FileReport> {
    let mut reports = check::check(sources(path), Date::parse(TODAY).expect("TODAY is a date"));
    let settings = library::settings(path)
        .expect("the settings file reads")
        .map(from_root);
    let (_, settings) = check::settings(&mut reports, settings);
    reports.extend(settings);
    reports
}

/// The reports as an author reads them, without colour.
pub fn render(reports: &[FileReport]) -> String {
    reports
        .iter()
        .flat_map(|r| {
            let renderer = Renderer::new(&r.path, &r.text, Colour::Never);
            r.diagnostics.iter().map(move |d| renderer.render(d))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A drill as readable text, for snapshots of what the parser understood.
pub fn dump(drill: &Drill) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "id: {}\ntitle: {}\ntopic: {}\nminutes: {}\nlang: {}",
        drill.id, drill.title, drill.topic, drill.minutes, drill.lang
    );
    let _ = writeln!(
        out,
        "tags: {:?}\nreviewed: {:?}\nreview_by: {:?}",
        drill.tags,
        drill.reviewed.map(|d| d.to_string()),
        drill.review_by.map(|d| d.to_string())
    );
    let _ = writeln!(
        out,
        "words: {}, estimated: {} s",
        drill.words,
        drill.estimated_seconds()
    );
    if !drill.author.is_empty() || !drill.audience.is_empty() {
        let _ = writeln!(
            out,
            "author: {}\napproved by: {}\naudience: {:?}",
            drill.author, drill.approved_by, drill.audience
        );
    }
    let _ = writeln!(out, "scenario:");
    dump_blocks(&mut out, &drill.scenario);
    dump_questions(&mut out, &drill.questions);
    for v in &drill.variants {
        let _ = writeln!(out, "\nvariant {} (words {}):", v.id, v.words);
        dump_blocks(&mut out, &v.scenario);
        dump_questions(&mut out, &v.questions);
    }
    out
}

fn dump_questions(out: &mut String, questions: &[cyberdrill::lesson::Question]) {
    use std::fmt::Write;
    for q in questions {
        let _ = writeln!(
            out,
            "\nquestion {} ({:?}{}): {}\n  prompt html: {}",
            q.id,
            q.kind(),
            if q.is_genuine() { ", genuine" } else { "" },
            q.prompt,
            q.prompt_html
        );
        dump_blocks(out, &q.body);
        for c in &q.choices {
            let pin = if c.pin { " (pinned)" } else { "" };
            let _ = writeln!(
                out,
                "  [{}] {}{pin}",
                if c.correct { "x" } else { " " },
                c.label
            );
            if let Some(feedback) = &c.feedback {
                let _ = writeln!(out, "      feedback: {feedback}");
            }
        }
        let _ = writeln!(
            out,
            "  explanation: {}\n  takeaway: {}",
            q.explanation, q.takeaway
        );
        let parts: Vec<_> = q.selectable_parts().map(|p| p.text.as_str()).collect();
        if !q.choices.is_empty() || !parts.is_empty() {
            let _ = writeln!(out, "  selectable: {parts:?}");
        }
    }
}

fn dump_blocks(out: &mut String, blocks: &[Block]) {
    use std::fmt::Write;
    for block in blocks {
        match block {
            Block::Html(html) => {
                let _ = writeln!(out, "  html: {html}");
            }
            Block::Mockup(m) => {
                let genuine = if m.genuine { " (genuine)" } else { "" };
                let _ = writeln!(
                    out,
                    "  mockup: {}{genuine}",
                    m.label(&cyberdrill::words::Words::english())
                );
                for part in m.parts() {
                    match &part.reason {
                        Some(reason) => {
                            let _ = writeln!(out, "    flag {:?}: {reason}", part.text);
                        }
                        None => {
                            let _ = writeln!(
                                out,
                                "    {} {:?}",
                                if part.is_selectable() { "part" } else { "    " },
                                part.text
                            );
                        }
                    }
                }
            }
        }
    }
}

/// The tags of an HTML fragment with their attributes: `(name, [(attribute, value)])`.
/// Enough of HTML for fragments our writer produced (it always double-quotes).
pub fn tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        let close = rest[open..].find('>').map_or(rest.len(), |i| open + i);
        let inside = &rest[open + 1..close];
        let name_end = inside.find(char::is_whitespace).unwrap_or(inside.len());
        let name = inside[..name_end]
            .trim_start_matches('/')
            .to_ascii_lowercase();
        let mut attributes = Vec::new();
        let mut attrs = &inside[name_end..];
        while let Some(eq) = attrs.find('=') {
            let attr = attrs[..eq].trim().to_ascii_lowercase();
            let after = &attrs[eq + 1..];
            let (value, tail) = match after.strip_prefix('"') {
                Some(quoted) => quoted.split_once('"').unwrap_or((quoted, "")),
                None => after.split_once(' ').unwrap_or((after, "")),
            };
            attributes.push((attr, value.to_owned()));
            attrs = tail;
        }
        out.push((name, attributes));
        rest = &rest[(close + 1).min(rest.len())..];
    }
    out
}

/// Runs the built `cyberdrill` binary in `dir`: exit code, stdout, stderr.
pub fn cli(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_cyberdrill"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("the cyberdrill binary runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// A fresh empty folder under the target directory, for tests that write files.
pub fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder can be made");
    dir
}
