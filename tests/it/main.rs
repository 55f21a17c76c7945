//! The integration tests: one binary, one module per area, shared helpers in `prelude`.

mod prelude;

mod check;
mod cli;
mod content;
mod parse;
mod progress;
mod safety;
mod schedule;
