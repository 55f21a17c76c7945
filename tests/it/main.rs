//! The integration tests: one binary, one module per area, shared helpers in `prelude`.
//! Native only: they drive files, processes and the CLI.
#![cfg(not(target_arch = "wasm32"))]

mod prelude;

mod check;
mod cli;
mod content;
mod json;
mod keys;
mod parse;
mod progress;
mod safety;
mod schedule;
