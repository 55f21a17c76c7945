//! The reporting module: xAPI statements from the learner's stored progress, kept in an outbox
//! in localStorage until the trust's learning record store has them (feature `reporting`,
//! wasm32).
//!
//! Built on its own, without Leptos, as `pkg/cyberdrill_reporting.js` and its wasm beside the
//! widget's. The loader (`public/cyberdrill.js`) imports `lrs.js`, which loads it, only for an
//! element with `lrs`: a page without `lrs` never downloads it. The widget itself knows
//! nothing of reporting; it saves the drill in progress at Start and at every Check and the history at the
//! summary, as it always has, and says so on its BroadcastChannel. This module turns what is
//! stored into statements ([`crate::xapi::gather`], with a journal of what it has made), so
//! a page that closes before the module has loaded loses nothing: the next load makes them.
//!
//! `lrs.js` does the I/O that is not storage: it holds the lock (one sender per LRS address
//! in the browser), fetches, and runs the timers. This module is the only part of it that
//! touches localStorage, through `web/storage.rs`, the widget's own storage module compiled
//! here too, with its reading rules (quarantine, newer records left alone).

use std::cell::RefCell;

use wasm_bindgen::prelude::*;

use crate::catalog::Catalog;
use crate::lesson::Drill;
use crate::progress::{catalog_cache_key, drill_cache_key};
use crate::xapi::{self, DrillInfo, Found, Journal, Outbox, Pushed, Reporter};

// The widget's storage module, compiled into this build as well, so that one file is all
// that touches localStorage, whichever wasm it is in. This module uses part of it; a build
// with `widget` too has it twice, once in each front end, as the two wasm files have.
#[allow(dead_code, clippy::duplicate_mod)]
#[path = "web/storage.rs"]
mod storage;

use storage::Store;

thread_local! {
    // The ids of the batch being sent, per LRS address (lrs.js sends one at a time per address).
    static SENDING: RefCell<Vec<(String, Vec<String>)>> = const { RefCell::new(Vec::new()) };
}

fn time(ms: f64) -> i64 {
    ms as i64
}

/// Makes the statements not yet made from `learner`'s stored progress (their drills in
/// progress and finished) and queues them in the outbox of `endpoint`. `content` is the
/// widget's content base, `home_page` the account's `homePage`. Returns what the console
/// should say, one message a line (empty: nothing to say).
#[wasm_bindgen]
pub fn absorb(endpoint: &str, home_page: &str, learner: &str, content: &str, now: f64) -> String {
    let now = time(now);
    let mut content = content.to_owned();
    if !content.ends_with('/') {
        content.push('/');
    }
    let reporter = match Reporter::new(home_page, Some(learner), &content) {
        Ok(reporter) => reporter,
        Err(reason) => return format!("cyberdrill: {reason}"),
    };
    let outboxes = Store::open_only(None);
    let journal_key = xapi::journal_key(endpoint);
    let outbox_key = xapi::outbox_key(endpoint);
    let mut journal: Journal = outboxes
        .stored(&journal_key, xapi::read_journal, now)
        .unwrap_or_default();
    let store = Store::open_only(Some(learner));
    // Read as stored: the widget, not this module, tidies the learner's records.
    let sessions = store.sessions_as_stored(now);
    let history = store.history_as_stored();
    let catalog_url = format!("{content}catalog.json");
    let catalog = store
        .cached(&catalog_cache_key(&content), &catalog_url)
        .and_then(|kept| Catalog::parse(&kept.text).ok());
    let find = |drill: &str, hash: &str, variant: &str| -> Option<Found> {
        let catalog = catalog.as_ref()?;
        let entry = catalog.get(drill)?;
        let url = format!("{content}{}", entry.file);
        let text = store.cached(&drill_cache_key(&url), &url)?.text;
        let drill = Drill::from_json_filled(&text, &catalog.settings)
            .ok()?
            .variant(variant);
        Some(Found {
            info: DrillInfo {
                id: drill.id.clone(),
                title: drill.title.clone(),
                lang: drill.lang.clone(),
                topic: drill.topic.clone(),
                revision: hash.to_owned(),
            },
            drill,
        })
    };
    let made = xapi::gather(
        &mut journal,
        &reporter,
        &store.learner(),
        &sessions,
        &history,
        now,
        &find,
    );
    let mut said = String::new();
    if !made.is_empty() {
        let mut outbox: Outbox = outboxes
            .stored(&outbox_key, xapi::read_outbox, now)
            .unwrap_or_default();
        let mut dropped = 0;
        for statement in made {
            match outbox.push(statement, now) {
                Pushed::Dropped(ids) => dropped += ids.len(),
                Pushed::Full | Pushed::TooLarge => dropped += 1,
                Pushed::Queued | Pushed::Known => {}
            }
        }
        if dropped > 0 {
            said = format!(
                "cyberdrill: the outbox for {endpoint} is full: {dropped} statement(s) of lesser importance dropped"
            );
        }
        // The outbox first: should the journal's write fail, the statements are made again,
        // with the same ids, and the outbox or the LRS knows them.
        if !outboxes.put(&outbox_key, &outbox) {
            return format!(
                "cyberdrill: could not save the outbox for {endpoint}; reporting waits"
            );
        }
    }
    outboxes.put(&journal_key, &journal);
    said
}

/// Whether `learner` has a drill whose start and answers were queued, but which is neither in
/// progress nor finished as this page sees storage: finished in another tab, whose result this
/// page cannot read yet (localStorage is not read-after-write consistent across tabs). Then
/// lrs.js looks again shortly.
#[wasm_bindgen]
pub fn unsettled(endpoint: &str, learner: &str, now: f64) -> bool {
    let now = time(now);
    let journal: Journal = Store::open_only(None)
        .stored(&xapi::journal_key(endpoint), xapi::read_journal, now)
        .unwrap_or_default();
    let store = Store::open_only(Some(learner));
    let who = store.learner();
    let sessions = store.sessions_as_stored(now);
    journal.open.iter().any(|open| {
        open.learner == who
            && !sessions
                .iter()
                .any(|s| s.drill == open.drill && s.started == open.started)
    })
}

/// The next request body for `endpoint`, if a send is due at `now`: a JSON array of
/// statements. Its ids are kept for [`settle`].
#[wasm_bindgen]
pub fn batch(endpoint: &str, now: f64) -> Option<String> {
    let now = time(now);
    let store = Store::open_only(None);
    let outbox: Outbox = store.stored(&xapi::outbox_key(endpoint), xapi::read_outbox, now)?;
    let batch = outbox.take_batch(now)?;
    SENDING.with_borrow_mut(|sending| {
        sending.retain(|(e, _)| e != endpoint);
        sending.push((endpoint.to_owned(), batch.ids));
    });
    Some(batch.body)
}

/// Settles the batch last taken for `endpoint` by the LRS's answer: `status` 0 when none came
/// (network error, timeout), `body` the start of what it said. Returns what the console should
/// say (empty: nothing), starting `error:` for what the web team must act on.
#[wasm_bindgen]
pub fn settle(endpoint: &str, status: u16, body: &str, now: f64, jitter: u32) -> String {
    let now = time(now);
    let Some(ids) = SENDING.with_borrow_mut(|sending| {
        let at = sending.iter().position(|(e, _)| e == endpoint)?;
        Some(sending.remove(at).1)
    }) else {
        return String::new();
    };
    let store = Store::open_only(None);
    let key = xapi::outbox_key(endpoint);
    let Some(mut outbox) = store.stored(&key, xapi::read_outbox, now) else {
        return String::new();
    };
    let response = xapi::classify((status != 0).then_some(status), body);
    outbox.settle(&ids, &response, now, jitter);
    store.put(&key, &outbox);
    match response {
        xapi::Response::Accepted => String::new(),
        xapi::Response::Retry if status == 0 => format!(
            "cyberdrill: {endpoint} could not be reached; {} statement(s) wait to be sent",
            outbox.pending.len()
        ),
        xapi::Response::Retry => format!(
            "cyberdrill: {endpoint} answered {status}; {} statement(s) wait to be sent",
            outbox.pending.len()
        ),
        xapi::Response::Misconfigured(detail) => format!(
            "error:cyberdrill: {endpoint} answered {detail}; check the `lrs` address and the reverse proxy (statements are kept; trying again in 15 minutes)"
        ),
        xapi::Response::Refused(detail) if ids.len() == 1 => format!(
            "error:cyberdrill: {endpoint} refused statement {}: {detail}; it is set aside and will not be sent again",
            ids[0]
        ),
        xapi::Response::Refused(_) => String::new(),
    }
}

/// When a send is next due for `endpoint` (Unix milliseconds), or -1 when nothing waits.
#[wasm_bindgen]
pub fn due(endpoint: &str, now: f64) -> f64 {
    let store = Store::open_only(None);
    match store.stored(&xapi::outbox_key(endpoint), xapi::read_outbox, time(now)) {
        Some(outbox) if !outbox.pending.is_empty() => outbox.next as f64,
        _ => -1.0,
    }
}

/// Sends to `endpoint` are due now (a page load, the browser back online).
#[wasm_bindgen]
pub fn wake(endpoint: &str, now: f64) {
    let store = Store::open_only(None);
    let key = xapi::outbox_key(endpoint);
    if let Some(mut outbox) = store.stored(&key, xapi::read_outbox, time(now))
        && outbox.next != 0
    {
        outbox.wake();
        store.put(&key, &outbox);
    }
}

/// Where Web Locks are missing: takes (or renews) the lease on sending to `endpoint` for
/// `token` until `now + ms`, if no other page holds an unexpired one. A lease in localStorage
/// is not a lock (two pages can both take it in a race), which is sound here only because a
/// statement sent twice has the same id and the LRS stores it once.
#[wasm_bindgen]
pub fn lease(endpoint: &str, token: &str, now: f64, ms: f64) -> bool {
    let (now, ms) = (time(now), time(ms));
    let store = Store::open_only(None);
    let key = format!("{}lease", xapi::outbox_key(endpoint));
    // Integers, not floats: formatting and parsing an f64 would add 20 KB to this wasm.
    let held = store.text(&key).and_then(|text| {
        let (holder, until) = text.split_once(' ')?;
        Some((holder.to_owned(), until.parse::<i64>().ok()?))
    });
    if let Some((holder, until)) = held
        && holder != token
        && until > now
    {
        return false;
    }
    store.put_text(&key, &format!("{token} {}", now.saturating_add(ms)));
    store
        .text(&key)
        .is_some_and(|text| text.starts_with(&format!("{token} ")))
}
