//! `cyberdrill`, the content author's tool: check drills, start a new one, build the catalog.

// The widget's size rules (clippy.toml) are for the widget; the CLI is native.
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use cyberdrill::check::{self, FileReport};
use cyberdrill::date::Date;
use cyberdrill::diagnostic::{Renderer, Tally};
use cyberdrill::lesson;
use cyberdrill::library;
use cyberdrill::report::{self, Build, Form};

const USAGE: &str = "\
cyberdrill: write and check two-minute cyber-security drills

usage:
  cyberdrill check [PATH...] [--today YYYY-MM-DD] [--color auto|always|never] [--format human|json]
      check drills (default: content/) and print every problem (json: one line, each file's
      report as the studio and the browser's Markdown module see it);
      exit 0 when there are no errors, 1 when there are, 2 when the check could not run
  cyberdrill new ID [--content DIR]
      write a commented starter drill to DIR/ID.md (default DIR: content)
  cyberdrill catalog [DIR] --out OUT [--markdown]
      compile the drills in DIR (default: content/) that have no errors for the widget:
      OUT/catalog.json lists them, OUT/<path>.json holds each one (with --markdown,
      OUT/<path>.md, a copy of its Markdown, which the widget compiles in the browser)
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("cyberdrill: {message}");
            ExitCode::from(2)
        }
    }
}

/// A failure of the tool itself (exit status 2), as one lowercase line.
type Failure = String;

fn run(args: &[String]) -> Result<ExitCode, Failure> {
    let mut args = Args::new(args);
    match args.positional().as_deref() {
        Some("check") => check_command(args),
        Some("new") => new_command(args),
        Some("catalog") => catalog_command(args),
        Some("help" | "--help" | "-h") | None => {
            print!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        Some("--version" | "-V") => {
            println!("cyberdrill {}", env!("CARGO_PKG_VERSION"));
            Ok(ExitCode::SUCCESS)
        }
        Some(other) => Err(format!("unknown command `{other}`; try `cyberdrill help`")),
    }
}

/// A tiny argument reader: options are `--name value`, the rest positional.
struct Args<'a> {
    rest: std::collections::VecDeque<&'a str>,
    options: Vec<(&'a str, &'a str)>,
}

impl<'a> Args<'a> {
    fn new(args: &'a [String]) -> Self {
        Args {
            rest: args.iter().map(String::as_str).collect(),
            options: Vec::new(),
        }
    }

    fn positional(&mut self) -> Option<String> {
        self.rest.pop_front().map(str::to_owned)
    }

    /// Splits `--name value` pairs and `--flag`s (named in `flags`) from positional
    /// arguments, refusing options not in `known`.
    fn parse(self, known: &[&str]) -> Result<Parsed<'a>, Failure> {
        self.parse_with_flags(known, &[])
    }

    fn parse_with_flags(
        mut self,
        known: &[&str],
        flags: &[&'a str],
    ) -> Result<Parsed<'a>, Failure> {
        let mut positional = Vec::new();
        while let Some(arg) = self.rest.pop_front() {
            if let Some(name) = arg.strip_prefix("--") {
                let (name, inline) = match name.split_once('=') {
                    Some((n, v)) => (n, Some(v)),
                    None => (name, None),
                };
                if let Some(flag) = flags.iter().find(|f| **f == name) {
                    if inline.is_some() {
                        return Err(format!("`--{name}` takes no value"));
                    }
                    self.options.push((flag, ""));
                    continue;
                }
                if !known.contains(&name) {
                    return Err(format!("unknown option `--{name}`; try `cyberdrill help`"));
                }
                let value = inline
                    .or_else(|| self.rest.pop_front())
                    .ok_or_else(|| format!("`--{name}` needs a value"))?;
                self.options.push((name, value));
            } else {
                positional.push(arg);
            }
        }
        Ok(Parsed {
            positional,
            options: self.options,
        })
    }
}

/// A subcommand's arguments, options apart.
struct Parsed<'a> {
    positional: Vec<&'a str>,
    options: Vec<(&'a str, &'a str)>,
}

impl<'a> Parsed<'a> {
    /// The last value given for `--name`.
    fn option(&self, name: &str) -> Option<&'a str> {
        self.options
            .iter()
            .rev()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| *v)
    }

    /// Whether `--name` was given.
    fn flag(&self, name: &str) -> bool {
        self.option(name).is_some()
    }
}

fn check_command(args: Args<'_>) -> Result<ExitCode, Failure> {
    let args = args.parse(&["today", "color", "format"])?;
    let json = match args.option("format").unwrap_or("human") {
        "human" => false,
        "json" => true,
        other => return Err(format!("`--format {other}` is not human or json")),
    };
    let today = match args.option("today") {
        Some(text) => Date::parse(text)
            .ok_or_else(|| format!("`--today {text}` is not a date like 2027-01-31"))?,
        None => today(),
    };
    let color = match args.option("color").unwrap_or("auto") {
        "auto" => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        "always" => true,
        "never" => false,
        other => return Err(format!("`--color {other}` is not auto, always or never")),
    };
    let paths: Vec<&str> = if args.positional.is_empty() {
        vec!["content"]
    } else {
        args.positional
    };
    let mut sources = Vec::new();
    for path in &paths {
        sources.extend(library::read(Path::new(path)).map_err(|e| e.to_string())?);
    }
    if sources.is_empty() {
        return Err(format!(
            "no drills (.md files) found in {}",
            paths.join(", ")
        ));
    }
    let reports = check::check(sources, today);
    let mut out = std::io::stdout().lock();
    let tally = if json {
        writeln!(out, "{}", report::check_json(&reports)).map(|()| {
            reports
                .iter()
                .flat_map(|r| &r.diagnostics)
                .collect::<Tally>()
        })
    } else {
        print_reports(&mut out, &reports, color)
    }
    .map_err(|e| format!("cannot write the report: {e}"))?;
    Ok(if tally.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn print_reports(
    out: &mut impl Write,
    reports: &[FileReport],
    color: bool,
) -> std::io::Result<Tally> {
    let mut tally = Tally::default();
    let mut files_with_problems = 0;
    for report in reports {
        let renderer = Renderer::new(&report.path, &report.text, color);
        for diagnostic in &report.diagnostics {
            tally.add(diagnostic);
            writeln!(out, "{}", renderer.render(diagnostic))?;
        }
        files_with_problems += usize::from(!report.diagnostics.is_empty());
    }
    let drills = plural(reports.len(), "drill");
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

fn new_command(args: Args<'_>) -> Result<ExitCode, Failure> {
    let args = args.parse(&["content"])?;
    let [id] = args.positional[..] else {
        return Err(
            "`new` takes one drill id, such as `cyberdrill new phishing/fake-invoice`".to_owned(),
        );
    };
    if !lesson::is_id(id, true) {
        return Err(format!(
            "`{id}` is not a drill id: use lowercase letters, digits, `-` and `/`"
        ));
    }
    let path = Path::new(args.option("content").unwrap_or("content")).join(format!("{id}.md"));
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

fn catalog_command(args: Args<'_>) -> Result<ExitCode, Failure> {
    let args = args.parse_with_flags(&["out"], &["markdown"])?;
    let dir = Path::new(args.positional.first().copied().unwrap_or("content"));
    let out = PathBuf::from(args.option("out").ok_or("`catalog` needs `--out DIR`")?);
    let form = if args.flag("markdown") {
        Form::Markdown
    } else {
        Form::Compiled
    };
    let reports = check::check(library::read(dir).map_err(|e| e.to_string())?, today());
    // Paths in the catalog are relative to DIR, or to the folder of a single file.
    let folder = if dir.is_file() {
        dir.parent().unwrap_or(Path::new(""))
    } else {
        dir
    };
    let prefix = format!("{}/", library::display(folder).trim_end_matches('/'));
    let relative = |path: &str| path.strip_prefix(&prefix).unwrap_or(path).to_owned();
    let build = Build::of(&reports, form, relative);
    let mut err = std::io::stderr().lock();
    for left in &build.left_out {
        for error in &left.errors {
            let _ = writeln!(err, "{error}");
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
        plural(build.drills.len(), "drill"),
        out.display(),
        file.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Writes `text` to `path`, making its folder first if need be.
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
