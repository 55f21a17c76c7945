//! cyberdrill: two-minute cyber-security drills for hospital staff.
//!
//! The crate is a pure core (everything outside `web`, `library` and `snippet`) that reads,
//! checks, scores and schedules drills without I/O, clock or randomness, plus the browser
//! widget in `web`, built only for `wasm32`, and two native-only modules for the CLI and the
//! tests: `library` finds and reads drill files on disk (with `compiler`), `snippet` draws a
//! diagnostic for a terminal with annotate-snippets (with `cli`). See ARCHITECTURE.md for the
//! map.
//!
//! The core is two layers. The **run-time model** is what the widget reads, scores, stores and
//! schedules: [`lesson`]'s types and the compiled-drill JSON, [`catalog`] reading, [`mockup`]'s
//! parts, [`policy`] (the HTML allow-list and URL rules), [`json`], [`score`], [`progress`],
//! [`schedule`], [`date`], [`sort`], and what the widget decides and says between fetching
//! and showing: [`offer`] (the drill on offer and a turn at it), [`verdict`], [`wording`],
//! [`overview`] ("My progress"), [`words`] (the message catalogue, English and the translations
//! it reads) and [`plural`] (CLDR plural categories); and [`xapi`], statements for the trust's learning record
//! store and the outbox that keeps them until it has them. The **authoring compiler**, behind
//! the `compiler` feature (on by default, through `cli`), reads Markdown and builds what the
//! widget reads: `check`, `diagnostic`, `front_matter`, `markdown`, and the
//! `parse`/`starter`/`to_json`/`compile` parts of `lesson`, `mockup` and `catalog`. The widget
//! is built without it, so pulldown-cmark is not even in its dependency graph, and code that
//! reaches for the compiler does not build there:
#![cfg_attr(
    not(feature = "compiler"),
    doc = r#"
```compile_fail,E0425
// Without `compiler` there is no Markdown parser to call...
let parsed = cyberdrill::lesson::parse("---\nid: a\n---\n", "");
```

```compile_fail,E0432
// ...nor a module that writes HTML from Markdown, nor diagnostics...
use cyberdrill::{diagnostic::Diagnostic, markdown::Writer};
```

```compile_fail,E0432
// ...nor the Markdown crate itself.
use pulldown_cmark::Parser;
```

```
// The run-time model is all there.
let drill = cyberdrill::lesson::Drill::from_json("{}");
assert!(drill.is_err());
```
"#
)]
//! (These examples are compile-fail tests of a build without `compiler`: `./dev test` runs
//! them with `cargo test --doc --no-default-features`.)

// The widget's size rules (clippy.toml) bind what the widget links: the run-time modules and
// `web` deny them below. The compiler and the other front ends have no byte budget.
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

#[deny(clippy::disallowed_methods, clippy::disallowed_types)]
pub mod catalog;
#[deny(clippy::disallowed_methods, clippy::disallowed_types)]
pub mod date;
#[deny(clippy::disallowed_methods, clippy::disallowed_types)]
pub mod digest;
#[deny(clippy::disallowed_methods, clippy::disallowed_types)]
pub mod json;
#[deny(clippy::disallowed_methods, clippy::disallowed_types)]
pub mod lesson;
#[deny(clippy::disallowed_methods, clippy::disallowed_types)]
pub mod mockup;
#[deny(clippy::disallowed_methods, clippy::disallowed_types)]
pub mod offer;
#[deny(clippy::disallowed_methods, clippy::disallowed_types)]
pub mod overview;
#[deny(clippy::disallowed_methods, clippy::disallowed_types)]
pub mod plural;
#[deny(clippy::disallowed_methods, clippy::disallowed_types)]
pub mod policy;
#[deny(clippy::disallowed_methods, clippy::disallowed_types)]
pub mod progress;
#[deny(clippy::disallowed_methods, clippy::disallowed_types)]
pub mod schedule;
#[deny(clippy::disallowed_methods, clippy::disallowed_types)]
pub mod score;
#[deny(clippy::disallowed_methods, clippy::disallowed_types)]
pub mod settings;
#[deny(clippy::disallowed_methods, clippy::disallowed_types)]
pub mod sort;
#[deny(clippy::disallowed_methods, clippy::disallowed_types)]
pub mod verdict;
#[deny(clippy::disallowed_methods, clippy::disallowed_types)]
pub mod wording;
#[deny(clippy::disallowed_methods, clippy::disallowed_types)]
pub mod words;
#[deny(clippy::disallowed_methods, clippy::disallowed_types)]
pub mod xapi;

#[cfg(feature = "compiler")]
pub mod archive;
#[cfg(feature = "compiler")]
pub mod check;
#[cfg(feature = "compiler")]
pub mod diagnostic;
#[cfg(feature = "compiler")]
pub mod front_matter;
#[cfg(feature = "compiler")]
pub mod markdown;
#[cfg(feature = "compiler")]
pub mod report;

#[cfg(all(feature = "compiler", not(target_arch = "wasm32")))]
pub mod library;
#[cfg(all(feature = "cli", not(target_arch = "wasm32")))]
pub mod snippet;

#[cfg(all(feature = "widget", target_arch = "wasm32"))]
#[deny(clippy::disallowed_methods, clippy::disallowed_types)]
pub mod web;

#[cfg(all(feature = "bindings", target_arch = "wasm32"))]
pub mod bindings;

#[cfg(all(feature = "studio", target_arch = "wasm32"))]
pub mod studio;

/// The drill studio's words alone, where the studio itself is not built (natively, with the
/// compiler), so that `cargo test` holds its Welsh file as it holds the widget's. The widget,
/// built without the compiler, never has them.
#[cfg(all(
    feature = "compiler",
    not(all(feature = "studio", target_arch = "wasm32"))
))]
pub mod studio {
    pub mod words;
}

#[cfg(all(feature = "reporting", target_arch = "wasm32"))]
#[deny(clippy::disallowed_methods, clippy::disallowed_types)]
pub mod reporting;
