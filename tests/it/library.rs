//! The one walk of a folder of drills (`cyberdrill::library`) that the CLI, these tests and
//! the benches share.

use cyberdrill::catalog::Form;
use cyberdrill::library::{self, Error};

use crate::prelude::*;

#[test]
fn a_folder_gives_its_drills_sorted_and_skips_other_files() {
    let dir = scratch("library-walk");
    for file in [
        "b.md",
        "a.md",
        "notes.txt",
        "a/z.md",
        "a/y.json",
        "a/deeper/x.md",
        "README",
    ] {
        let path = dir.join(file);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("folder");
        std::fs::write(&path, file).expect("write");
    }
    let prefix = format!("{}/", library::display(&dir));
    let found: Vec<String> = library::read(&dir)
        .expect("readable")
        .into_iter()
        .map(|source| {
            let path = source.path.strip_prefix(&prefix).expect("under dir");
            assert_eq!(source.bytes, path.as_bytes(), "{path} read whole");
            path.to_owned()
        })
        .collect();
    // Component by component: `a/`'s files before `a.md`.
    assert_eq!(found, ["a/deeper/x.md", "a/z.md", "a.md", "b.md"]);
    let compiled = library::files(&dir, Form::Compiled).expect("readable");
    assert_eq!(compiled, [dir.join("a/y.json")]);
    // A file named on purpose is taken whatever its name.
    let one = library::read(&dir.join("notes.txt")).expect("readable");
    assert_eq!(one.len(), 1);
    assert!(one[0].path.ends_with("/notes.txt"), "{}", one[0].path);
}

#[test]
fn what_cannot_be_read_is_an_error_naming_it() {
    let dir = scratch("library-errors");
    let missing = dir.join("missing");
    assert_eq!(
        library::read(&missing).map(|_| ()),
        Err(Error {
            path: library::display(&missing),
            reason: "no such file or directory".to_owned(),
        })
    );
    #[cfg(unix)]
    {
        // A link to nowhere is skipped unless it could be a drill.
        std::os::unix::fs::symlink(dir.join("nowhere"), dir.join("notes.txt")).expect("link");
        assert_eq!(library::read(&dir).map(|s| s.len()), Ok(0));
        std::os::unix::fs::symlink(dir.join("nowhere"), dir.join("gone.md")).expect("link");
        let error = library::read(&dir)
            .map(|_| ())
            .expect_err("a drill it cannot read");
        assert_eq!(
            error.to_string(),
            format!(
                "cannot read {}: no such file or directory",
                library::display(&dir.join("gone.md"))
            )
        );
    }
}
