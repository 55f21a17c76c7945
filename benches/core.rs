//! Native timings of the core, with criterion: `cargo bench --bench core`.
//!
//! - checking the whole starter library (`content/`, read once, outside the timed loop), as
//!   `cyberdrill check` and the build's catalog step do;
//! - the scheduler over a long history: 1,000 attempts spread over the library's drills, for
//!   `schedule::ranked` (which drill to offer) and `schedule::due` for every drill (the
//!   progress overview);
//! - a learner's stored progress after five years of daily drills (1,826 attempts over the
//!   library, each with an answer to every question): reading the stored JSON, merging one
//!   new attempt, compacting to `progress::BUDGET` and writing the JSON back, as the widget
//!   does when a drill ends. The stored text is the uncompacted five years (the worst case, a
//!   schema 2 record met for the first time) and, separately, the compacted one (every later
//!   write).
//!
//! Native only, like the integration tests: on wasm32 the benchmark compiles to nothing.
// The widget's size rules (clippy.toml) are for the widget, not its tests.
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

#[cfg(not(target_arch = "wasm32"))]
#[path = "../tests/it/daily.rs"]
mod daily;

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::hint::black_box;
    use std::path::Path;

    use super::daily;
    use criterion::{BatchSize, Criterion};
    use cyberdrill::catalog::{Catalog, Entry};
    use cyberdrill::check::{self, Source};
    use cyberdrill::date::{DAY_MS, Date};
    use cyberdrill::library;
    use cyberdrill::progress::{self, Attempt, History, Read, SCHEMA};
    use cyberdrill::schedule;
    use cyberdrill::score::Score;

    /// The date the checks run on, so the timings never depend on review dates falling due.
    const TODAY: &str = "2026-11-28";

    /// How many attempts the long history holds.
    const ATTEMPTS: usize = 1_000;

    /// Every drill under `dir`, as the CLI finds them, as (path relative to `dir`, bytes).
    fn drills_in(dir: &Path) -> Vec<(String, Vec<u8>)> {
        let prefix = format!("{}/", library::display(dir));
        library::read(dir)
            .unwrap_or_else(|e| panic!("{e}"))
            .into_iter()
            .map(|source| {
                let path = source.path.strip_prefix(&prefix).unwrap_or(&source.path);
                (path.to_owned(), source.bytes)
            })
            .collect()
    }

    fn sources(files: &[(String, Vec<u8>)]) -> Vec<Source> {
        files
            .iter()
            .map(|(path, bytes)| Source {
                path: path.clone(),
                bytes: bytes.clone(),
            })
            .collect()
    }

    /// `ATTEMPTS` attempts, oldest first, eight hours apart, spread over `catalog` in a fixed
    /// shuffled order, with scores from 0 to 4 of 4 (mostly right, as learners are).
    fn history(catalog: &[Entry]) -> (History, i64) {
        let start = i64::from(Date::parse("2024-01-01").expect("date").days()) * DAY_MS;
        let mut state: u32 = 0x2545_f491;
        let attempts = (0..ATTEMPTS)
            .map(|i| {
                // xorshift32: a fixed, repeatable spread over the drills and scores.
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                let drill = &catalog[state as usize % catalog.len()];
                let points = [4, 4, 4, 3, 3, 2, 0][(state >> 8) as usize % 7];
                Attempt {
                    drill: drill.id.clone(),
                    at: start + i as i64 * DAY_MS / 3,
                    score: Score {
                        correct: points,
                        questions: 4,
                        points,
                        out_of: 4,
                    },
                    answers: Vec::new(),
                    hash: drill.hash.clone(),
                    variant: String::new(),
                }
            })
            .collect();
        let now = start + ATTEMPTS as i64 * DAY_MS / 3 + 2 * DAY_MS;
        (
            History {
                schema: SCHEMA,
                attempts,
                summaries: Vec::new(),
            },
            now,
        )
    }

    /// Five years of daily drills from 2021-11-29 (`tests/it/daily.rs`), and the time of the
    /// next drill.
    fn five_years(reports: &[check::FileReport]) -> (History, i64) {
        const DAYS: i64 = 1_826;
        let start = i64::from(Date::parse("2021-11-29").expect("date").days()) * DAY_MS;
        let history = daily::daily(reports, start, DAYS);
        (history, start + DAYS * DAY_MS + 10 * 3_600_000)
    }

    fn store(stored: &str, new: &History, now: i64) -> String {
        let (Read::Current(mut history) | Read::Migrated(mut history)) =
            progress::read_history(Some(stored))
        else {
            panic!("the stored history reads")
        };
        history.merge(new);
        history.compact(now, progress::BUDGET);
        progress::to_json(&history)
    }

    pub fn core(c: &mut Criterion) {
        let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let files = drills_in(&content);
        let today = Date::parse(TODAY).expect("TODAY is a date");
        let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();

        let reports = check::check(sources(&files), today);
        assert!(
            reports.iter().all(|r| !r.has_errors()),
            "the starter library checks clean"
        );
        c.bench_function(
            &format!(
                "check/starter library ({} drills, {bytes} bytes)",
                files.len()
            ),
            |b| {
                b.iter_batched(
                    || sources(&files),
                    |sources| check::check(black_box(sources), black_box(today)),
                    BatchSize::SmallInput,
                )
            },
        );

        let (catalog, _) = Catalog::compile(&reports, |path| path.to_owned());
        let drills = catalog.drills.len();
        let (history, now) = history(&catalog.drills);
        c.bench_function(
            &format!("schedule/ranked ({drills} drills, {ATTEMPTS} attempts)"),
            |b| {
                b.iter(|| {
                    schedule::ranked(
                        black_box(&catalog.drills),
                        black_box(&history),
                        black_box(now),
                        None,
                    )
                    .len()
                })
            },
        );
        c.bench_function(
            &format!("schedule/due for every drill ({drills} drills, {ATTEMPTS} attempts)"),
            |b| {
                b.iter(|| {
                    catalog
                        .drills
                        .iter()
                        .filter_map(|entry| schedule::due(black_box(&history), &entry.id))
                        .max()
                })
            },
        );

        let (years, now) = five_years(&reports);
        let mut new = History::default();
        new.record(Attempt {
            at: now,
            ..years.attempts[0].clone()
        });
        let full = progress::to_json(&years);
        let compacted = store(&full, &new, now);
        let again = store(&compacted, &new, now + DAY_MS);
        println!(
            "progress/five years: {} attempts stored in {} bytes; compacted to {} bytes, \
             {} after the next drill (budget {})",
            years.attempts.len(),
            full.len(),
            compacted.len(),
            again.len(),
            progress::BUDGET,
        );
        c.bench_function(
            "progress/read + merge + compact + write (five years, uncompacted)",
            |b| b.iter(|| store(black_box(&full), black_box(&new), black_box(now)).len()),
        );
        new.attempts[0].at += DAY_MS;
        c.bench_function(
            "progress/read + merge + compact + write (five years, compacted)",
            |b| {
                b.iter(|| {
                    store(
                        black_box(&compacted),
                        black_box(&new),
                        black_box(now + DAY_MS),
                    )
                    .len()
                })
            },
        );
    }
}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_group!(benches, native::core);
#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(benches);

#[cfg(target_arch = "wasm32")]
fn main() {}
