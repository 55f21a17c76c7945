//! The integration tests: one binary, one module per area, shared helpers in `prelude`.
//! Native only: they drive files, processes and the CLI.
#![cfg(not(target_arch = "wasm32"))]
// The widget's size rules (clippy.toml) are for the widget, not its tests.
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

mod prelude;

mod check;
mod cli;
mod content;
mod daily;
mod json;
mod keys;
mod layers;
mod library;
mod offer;
mod parse;
mod progress;
mod safety;
mod schedule;
mod wording;
mod words;
mod xapi;
