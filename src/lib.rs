//! cyberdrill: two-minute cyber-security drills for hospital staff.
//!
//! The crate is a pure core (everything outside `web`) that reads, checks, scores and
//! schedules drills without I/O, clock or randomness, plus the browser widget in `web`, built
//! only for `wasm32`. See ARCHITECTURE.md for the map.

pub mod catalog;
pub mod check;
pub mod date;
pub mod diagnostic;
pub mod front_matter;
pub mod json;
pub mod lesson;
pub mod markdown;
pub mod mockup;
pub mod progress;
pub mod schedule;
pub mod score;
pub mod sort;

#[cfg(target_arch = "wasm32")]
pub mod web;
