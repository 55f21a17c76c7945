//! `cyberdrill`, the content author's tool: check drills, start a new one, build the catalog.
//!
//! Arguments are read with lexopt, diagnostics drawn with annotate-snippets
//! ([`cyberdrill::snippet`]), drills found with [`cyberdrill::library`]. Native only: those
//! crates are not dependencies of a wasm32 build, where (a `cargo clippy --all-targets` of
//! the browser's features) this binary is empty.

// The widget's size rules (clippy.toml) are for the widget; the CLI is native.
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]
#![cfg_attr(target_arch = "wasm32", no_main)]
#![cfg(not(target_arch = "wasm32"))]

use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use cyberdrill::check::{self, FileReport, Translated};
use cyberdrill::date::Date;
use cyberdrill::diagnostic::Tally;
use cyberdrill::lesson;
use cyberdrill::library;
use cyberdrill::report::{self, Build, Form};
use cyberdrill::snippet::{Colour, Renderer};
use lexopt::{Arg, Parser, ValueExt};

const USAGE: &str = "\
cyberdrill: write and check two-minute cyber-security drills

usage:
  cyberdrill check [PATH...] [--today YYYY-MM-DD] [--color auto|always|never] [--format human|json]
      check drills (default: content/) and print every problem (json: one line, each file's
      report as the studio and the browser's Markdown module see it);
      exit 0 when there are no errors, 1 when there are, 2 when the check could not run
  cyberdrill ids [PATH...]
      write the id the checker suggests into every question heading that has none
      (default: content/), so each question keeps its id when its wording changes
  cyberdrill translations [PATH...] [--lang LANG]
      list each drill (default: content/) and where its translation into LANG stands
      (default LANG: cy): missing, unreviewed, out of date, with errors, or done
  cyberdrill new ID [--content DIR]
      write a commented starter drill to DIR/ID.md (default DIR: content)
  cyberdrill catalog [DIR] --out OUT [--markdown]
      compile the drills in DIR (default: content/) that have no errors for the widget:
      OUT/catalog.json lists them, OUT/<path>.json holds each one (with --markdown,
      OUT/<path>.md, a copy of its Markdown, which the widget compiles in the browser)
";

fn main() -> ExitCode {
    match run(std::env::args_os().skip(1)) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("cyberdrill: {message}");
            ExitCode::from(2)
        }
    }
}

/// A failure of the tool itself (exit status 2), as one lowercase line.
type Failure = String;

fn run(args: impl IntoIterator<Item = OsString>) -> Result<ExitCode, Failure> {
    let mut parser = Parser::from_args(args);
    let command = match parser.next().map_err(failure)? {
        None | Some(Arg::Long("help") | Arg::Short('h')) => "help".to_owned(),
        Some(Arg::Long("version") | Arg::Short('V')) => {
            println!("cyberdrill {}", env!("CARGO_PKG_VERSION"));
            return Ok(ExitCode::SUCCESS);
        }
        Some(Arg::Value(command)) => command.to_string_lossy().into_owned(),
        Some(option) => return Err(failure(option.unexpected())),
    };
    match command.as_str() {
        "check" => check_command(parser),
        "ids" => ids_command(parser),
        "new" => new_command(parser),
        "translations" => translations_command(parser),
        "catalog" => catalog_command(parser),
        "help" => help(),
        other => Err(format!("unknown command `{other}`; try `cyberdrill help`")),
    }
}

fn help() -> Result<ExitCode, Failure> {
    print!("{USAGE}");
    Ok(ExitCode::SUCCESS)
}

/// lexopt's refusals in our words: lowercase, the option as typed first.
fn failure(error: lexopt::Error) -> Failure {
    use lexopt::Error;
    match error {
        Error::MissingValue {
            option: Some(option),
        } => format!("`{option}` needs a value"),
        Error::UnexpectedOption(option) => {
            format!("unknown option `{option}`; try `cyberdrill help`")
        }
        Error::UnexpectedArgument(value) => format!(
            "unexpected argument `{}`; try `cyberdrill help`",
            value.to_string_lossy()
        ),
        Error::UnexpectedValue { option, .. } => format!("`{option}` takes no value"),
        Error::NonUnicodeValue(value) => {
            format!("`{}` is not UTF-8 text", value.to_string_lossy())
        }
        other => other.to_string(),
    }
}

/// An option's value, which must be text: `--today 2027-01-31`.
fn value(parser: &mut Parser) -> Result<String, Failure> {
    parser.value().map_err(failure)?.string().map_err(failure)
}

fn check_command(mut parser: Parser) -> Result<ExitCode, Failure> {
    let (mut today, mut color, mut format) = (None, None, None);
    let mut paths = Vec::new();
    while let Some(arg) = parser.next().map_err(failure)? {
        match arg {
            Arg::Long("today") => today = Some(value(&mut parser)?),
            Arg::Long("color") => color = Some(value(&mut parser)?),
            Arg::Long("format") => format = Some(value(&mut parser)?),
            Arg::Long("help") | Arg::Short('h') => return help(),
            Arg::Value(path) => paths.push(PathBuf::from(path)),
            option => return Err(failure(option.unexpected())),
        }
    }
    let json = match format.as_deref().unwrap_or("human") {
        "human" => false,
        "json" => true,
        other => return Err(format!("`--format {other}` is not human or json")),
    };
    let today = match today {
        Some(text) => Date::parse(&text)
            .ok_or_else(|| format!("`--today {text}` is not a date like 2027-01-31"))?,
        None => self::today(),
    };
    let colour = match color.as_deref().unwrap_or("auto") {
        "auto" if std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none() => {
            Colour::Always
        }
        "auto" | "never" => Colour::Never,
        "always" => Colour::Always,
        other => return Err(format!("`--color {other}` is not auto, always or never")),
    };
    if paths.is_empty() {
        paths.push(PathBuf::from("content"));
    }
    let mut sources = Vec::new();
    for path in &paths {
        sources.extend(library::read(path).map_err(|e| e.to_string())?);
    }
    if sources.is_empty() {
        let paths: Vec<String> = paths.iter().map(|p| library::display(p)).collect();
        return Err(format!(
            "no drills (.md files) found in {}",
            paths.join(", ")
        ));
    }
    sources.extend(library::settings(&paths[0]).map_err(|e| e.to_string())?);
    let (mut reports, _, settings) = check::library(sources, today);
    let drills = reports.len();
    reports.extend(settings);
    let mut out = std::io::stdout().lock();
    let tally = if json {
        writeln!(out, "{}", report::check_json(&reports)).map(|()| {
            reports
                .iter()
                .flat_map(|r| &r.diagnostics)
                .collect::<Tally>()
        })
    } else {
        print_reports(&mut out, &reports, drills, colour)
    }
    .map_err(|e| format!("cannot write the report: {e}"))?;
    Ok(if tally.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Prints every report (`drills` drills, then the settings file's, if any), and the tally.
fn print_reports(
    out: &mut impl Write,
    reports: &[FileReport],
    drills: usize,
    colour: Colour,
) -> std::io::Result<Tally> {
    let mut tally = Tally::default();
    let mut files_with_problems = 0;
    for report in reports {
        let renderer = Renderer::new(&report.path, &report.text, colour);
        for diagnostic in &report.diagnostics {
            tally.add(diagnostic);
            writeln!(out, "{}", renderer.render(diagnostic))?;
        }
        files_with_problems += usize::from(!report.diagnostics.is_empty());
    }
    let drills = plural(drills, "drill");
    match tally {
        Tally {
            errors: 0,
            warnings: 0,
        } => writeln!(out, "checked {drills}: no problems")?,
        Tally { errors, warnings } => writeln!(
            out,
            "checked {drills}: {} and {} in {}",
            plural(errors, "error"),
            plural(warnings, "warning"),
            plural(files_with_problems, "file")
        )?,
    }
    Ok(tally)
}

fn plural(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

fn translations_command(mut parser: Parser) -> Result<ExitCode, Failure> {
    let (mut lang, mut paths) = (None, Vec::new());
    while let Some(arg) = parser.next().map_err(failure)? {
        match arg {
            Arg::Long("lang") => lang = Some(value(&mut parser)?),
            Arg::Long("help") | Arg::Short('h') => return help(),
            Arg::Value(path) => paths.push(PathBuf::from(path)),
            option => return Err(failure(option.unexpected())),
        }
    }
    let lang = lang.unwrap_or_else(|| "cy".to_owned());
    if paths.is_empty() {
        paths.push(PathBuf::from("content"));
    }
    let mut sources = Vec::new();
    for path in &paths {
        sources.extend(library::read(path).map_err(|e| e.to_string())?);
    }
    let reports = check::check(sources, today());
    let status = check::translation_status(&reports, &lang);
    let width = status.iter().map(|(id, _)| id.len()).max().unwrap_or(0);
    let mut tally = [0usize; 5];
    for (id, translated) in &status {
        let (word, n) = match translated {
            Translated::Missing => ("missing", 0),
            Translated::Unreviewed => ("unreviewed", 1),
            Translated::Outdated => ("out of date", 2),
            Translated::Broken => ("has errors (cyberdrill check says which)", 3),
            Translated::Done => ("done", 4),
        };
        tally[n] += 1;
        println!("{id:width$}  {lang}: {word}");
    }
    println!(
        "{} of {} have a translation into {lang} ({} unreviewed, {} out of date, {} with errors); {} missing",
        status.len() - tally[0],
        plural(status.len(), "drill"),
        tally[1],
        tally[2],
        tally[3],
        tally[0]
    );
    Ok(ExitCode::SUCCESS)
}

fn ids_command(mut parser: Parser) -> Result<ExitCode, Failure> {
    let mut paths = Vec::new();
    while let Some(arg) = parser.next().map_err(failure)? {
        match arg {
            Arg::Long("help") | Arg::Short('h') => return help(),
            Arg::Value(path) => paths.push(PathBuf::from(path)),
            option => return Err(failure(option.unexpected())),
        }
    }
    if paths.is_empty() {
        paths.push(PathBuf::from("content"));
    }
    let (mut total, mut left) = (0, 0);
    for path in &paths {
        for file in library::files(path, Form::Markdown).map_err(|e| e.to_string())? {
            let shown = library::display(&file);
            // A file that cannot be read as text is said and left; the others still get theirs.
            let text = match std::fs::read_to_string(&file) {
                Ok(text) => text,
                Err(e) => {
                    eprintln!(
                        "cyberdrill: {shown}: left as it is: cannot read it as UTF-8 text ({e})"
                    );
                    left += 1;
                    continue;
                }
            };
            let (with_ids, added) = lesson::with_question_ids(&text);
            if added > 0 {
                write_file(&file, &with_ids)?;
                println!("{shown}: added {}", plural(added, "question id"));
                total += added;
            }
        }
    }
    if total == 0 && left == 0 {
        println!("every question has an id");
    }
    Ok(if left > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn new_command(mut parser: Parser) -> Result<ExitCode, Failure> {
    let mut content = None;
    let mut ids = Vec::new();
    while let Some(arg) = parser.next().map_err(failure)? {
        match arg {
            Arg::Long("content") => content = Some(PathBuf::from(parser.value().map_err(failure)?)),
            Arg::Long("help") | Arg::Short('h') => return help(),
            Arg::Value(id) => ids.push(id.to_string_lossy().into_owned()),
            option => return Err(failure(option.unexpected())),
        }
    }
    let [id] = &ids[..] else {
        return Err(
            "`new` takes one drill id, such as `cyberdrill new phishing/fake-invoice`".to_owned(),
        );
    };
    if !lesson::is_drill_id(id) {
        return Err(format!(
            "`{id}` is not a drill id: use lowercase letters, digits, `-` and `/`"
        ));
    }
    let path = content
        .unwrap_or_else(|| PathBuf::from("content"))
        .join(format!("{id}.md"));
    if path.exists() {
        return Err(format!(
            "{} already exists; choose another id",
            path.display()
        ));
    }
    write_file(&path, &lesson::starter(id, today()))?;
    println!(
        "wrote {}: fill it in, then run `cyberdrill check {}`",
        path.display(),
        path.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn catalog_command(mut parser: Parser) -> Result<ExitCode, Failure> {
    let (mut out, mut markdown) = (None, false);
    let mut dirs = Vec::new();
    while let Some(arg) = parser.next().map_err(failure)? {
        match arg {
            Arg::Long("out") => out = Some(PathBuf::from(parser.value().map_err(failure)?)),
            Arg::Long("markdown") => markdown = true,
            Arg::Long("help") | Arg::Short('h') => return help(),
            Arg::Value(dir) => dirs.push(PathBuf::from(dir)),
            option => return Err(failure(option.unexpected())),
        }
    }
    let dir = match &dirs[..] {
        [] => Path::new("content"),
        [dir] => dir.as_path(),
        _ => {
            return Err(
                "`catalog` takes one folder of drills, such as `cyberdrill catalog content --out dist`"
                    .to_owned(),
            );
        }
    };
    let out = out.ok_or("`catalog` needs `--out DIR`")?;
    let form = if markdown {
        Form::Markdown
    } else {
        Form::Compiled
    };
    let mut sources = library::read(dir).map_err(|e| e.to_string())?;
    sources.extend(library::settings(dir).map_err(|e| e.to_string())?);
    sources.extend(library::translated_settings(dir).map_err(|e| e.to_string())?);
    let translated = check::translated_settings(&sources);
    let (reports, settings, settings_report) = check::library(sources, today());
    // Paths in the catalog are relative to DIR, or to the folder of a single file.
    let folder = if dir.is_file() {
        dir.parent().unwrap_or(Path::new(""))
    } else {
        dir
    };
    let prefix = format!("{}/", library::display(folder).trim_end_matches('/'));
    let relative = |path: &str| path.strip_prefix(&prefix).unwrap_or(path).to_owned();
    let build = Build::of(
        &reports,
        (&settings, settings_report.as_ref()),
        &translated,
        form,
        relative,
    );
    let mut err = std::io::stderr().lock();
    if let (Some(refused), Some(report)) = (&build.refused, &settings_report) {
        draw_errors(&mut err, report);
        return Err(format!("{}: {}", refused.path, refused.reason));
    }
    for left in &build.left_out {
        if let Some(report) = reports.iter().find(|r| r.path == left.path) {
            draw_errors(&mut err, report);
        }
        let _ = writeln!(err, "cyberdrill: {}: {}\n", left.path, left.reason);
    }
    for drill in &build.drills {
        write_file(&out.join(&drill.file), &drill.text)?;
    }
    // The catalog last: it never points at a drill that was not written.
    let file = out.join("catalog.json");
    write_file(&file, &build.catalog)?;
    let _ = writeln!(
        err,
        "cyberdrill: compiled {} into {} (catalog: {})",
        plural(
            build
                .drills
                .iter()
                .filter(|d| !d.file.starts_with("catalog."))
                .count(),
            "drill"
        ),
        out.display(),
        file.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Writes `text` to `path`, making its folder first if need be.
/// `report`'s errors drawn in full, as `check` draws them (a build holds only their headlines).
fn draw_errors(err: &mut impl Write, report: &FileReport) {
    let renderer = Renderer::new(&report.path, &report.text, Colour::Never);
    for error in report.diagnostics.iter().filter(|d| d.is_error()) {
        let _ = writeln!(err, "{}", renderer.render(error));
    }
}

fn write_file(path: &Path, text: &str) -> Result<(), Failure> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn today() -> Date {
    let ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64);
    Date::from_unix_ms(ms)
}
