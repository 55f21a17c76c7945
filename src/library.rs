//! A library of drills on disk: the drill files at a path, found and read in one stable order
//! (native only, with `compiler`).
//!
//! The CLI, the integration tests and the benches all find drills through [`files`] and
//! [`read`], so they cannot disagree about which files a folder holds or in what order. This
//! is the crate's one walk of the file system; the core itself never does I/O, and takes the
//! [`Source`]s this returns.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use crate::catalog::Form;
use crate::check::Source;

/// A path that could not be read, and the system's reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    /// The path, as [`display`] shows it.
    pub path: String,
    /// The system's words, lowercase, without "(os error 2)": `no such file or directory`.
    pub reason: String,
}

impl Error {
    fn at(path: &Path, error: &io::Error) -> Error {
        Error {
            path: display(path),
            reason: reason(error),
        }
    }
}

impl fmt::Display for Error {
    /// `cannot read content/a.md: permission denied`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot read {}: {}", self.path, self.reason)
    }
}

impl std::error::Error for Error {}

/// The drill files in `form` at `path`: `path` itself when it is not a folder (a file named
/// on purpose is taken whatever its name), else every file in it and its folders whose name
/// ends `.md` (Markdown) or `.json` (compiled), other files skipped. Sorted by path,
/// component by component, so a folder's files come together and the order is the same on
/// every machine.
///
/// # Errors
///
/// The first path that cannot be read: `path` itself, a folder's listing, or an entry that
/// could be a drill or a folder of drills.
pub fn files(path: &Path, form: Form) -> Result<Vec<PathBuf>, Error> {
    let meta = std::fs::metadata(path).map_err(|e| Error::at(path, &e))?;
    let mut files = Vec::new();
    if meta.is_dir() {
        let extension = match form {
            Form::Markdown => "md",
            Form::Compiled => "json",
        };
        walk(path, extension, &mut files)?;
    } else {
        files.push(path.to_owned());
    }
    Ok(files)
}

fn walk(folder: &Path, extension: &str, files: &mut Vec<PathBuf>) -> Result<(), Error> {
    let mut entries = Vec::new();
    for entry in std::fs::read_dir(folder).map_err(|e| Error::at(folder, &e))? {
        entries.push(entry.map_err(|e| Error::at(folder, &e))?.path());
    }
    entries.sort();
    for entry in entries {
        let is_drill = entry.extension().is_some_and(|e| e == extension);
        // Followed through symbolic links, as reading the file would be.
        match std::fs::metadata(&entry) {
            Ok(meta) if meta.is_dir() => walk(&entry, extension, files)?,
            Ok(_) if is_drill => files.push(entry),
            Ok(_) => {}
            // An entry that is not a drill is no concern of ours, readable or not.
            Err(e) if is_drill => return Err(Error::at(&entry, &e)),
            Err(_) => {}
        }
    }
    Ok(())
}

/// The Markdown drills at `path` ([`files`]), read for the checker. Each [`Source`]'s path is
/// the file's path as found from `path` (`content/phishing/a.md` for `content`), as
/// [`display`] shows it.
///
/// # Errors
///
/// The first path that cannot be listed or read.
pub fn read(path: &Path) -> Result<Vec<Source>, Error> {
    files(path, Form::Markdown)?
        .into_iter()
        .map(|file| {
            let bytes = std::fs::read(&file).map_err(|e| Error::at(&file, &e))?;
            Ok(Source {
                path: display(&file),
                bytes,
            })
        })
        .collect()
}

/// The settings file of the library at `path` ([`crate::settings`]): `settings.yml` in the
/// folder `path` names, or for a file, beside it or in the nearest folder above that has one.
///
/// # Errors
///
/// A settings file that exists but cannot be read.
pub fn settings(path: &Path) -> Result<Option<Source>, Error> {
    let start = if path.is_dir() {
        Some(path)
    } else {
        path.parent()
    };
    for folder in start.into_iter().flat_map(Path::ancestors) {
        let file = folder.join(crate::check::SETTINGS);
        if file.is_file() {
            let bytes = std::fs::read(&file).map_err(|e| Error::at(&file, &e))?;
            return Ok(Some(Source {
                path: display(&file),
                bytes,
            }));
        }
    }
    Ok(None)
}

/// The translations' settings files of the library at `path` (`settings.cy.yml`,
/// [`crate::check::settings_lang`]), in the folder `path` names, or for a file, beside it.
///
/// # Errors
///
/// The folder or a settings file that exists but cannot be read.
pub fn translated_settings(path: &Path) -> Result<Vec<Source>, Error> {
    let folder = if path.is_dir() {
        path
    } else {
        path.parent().unwrap_or(Path::new("."))
    };
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Ok(Vec::new());
    };
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let file = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if crate::check::settings_lang(&name).is_some() && file.is_file() {
            let bytes = std::fs::read(&file).map_err(|e| Error::at(&file, &e))?;
            found.push(Source {
                path: display(&file),
                bytes,
            });
        }
    }
    found.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(found)
}

/// A path as an author reads it in a diagnostic: lossily decoded, with `/` separators.
pub fn display(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// The OS error's words without "(os error 2)", lowercased like the rest of our messages.
fn reason(error: &io::Error) -> String {
    let text = error.to_string();
    let text = text.split(" (os error").next().unwrap_or(&text);
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}
