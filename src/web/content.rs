//! Fetching the catalog and drills: size-limited, time-limited, checked for what they are, and
//! kept for offline use with the catalog's content hash.

use std::fmt;

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::storage::Store;
use crate::catalog::{self, Catalog, Entry, MAX_BYTES};
use crate::progress::{catalog_cache_key, drill_cache_key};

/// How long a request may take before it counts as failed.
const TIMEOUT_MS: i32 = 10_000;

/// Why content could not be had; shown in the console with its URL, never to the learner.
#[derive(Clone, Debug)]
pub enum Problem {
    /// The request failed: offline, refused, or blocked by CORS.
    Network(String),
    /// The server answered with an error status.
    Status(u16),
    /// More than [`MAX_BYTES`].
    TooLarge(usize),
    /// An HTML page where JSON was expected (an error or login page).
    NotContent(String),
    /// No answer within the time limit.
    Timeout,
    /// A catalog that is not valid.
    BadCatalog(String),
    /// The drill is not in the catalog.
    Unknown(String),
    /// Not a drill the build compiled ([`crate::lesson::Drill::from_json`] says why).
    BadDrill(String),
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Network(detail) => write!(
                f,
                "the request failed ({detail}); if the content is on another origin, that server must send Access-Control-Allow-Origin"
            ),
            Problem::Status(status) => write!(f, "the server answered {status}"),
            Problem::TooLarge(bytes) => write!(
                f,
                "the file is {bytes} bytes, over the limit of {MAX_BYTES}"
            ),
            Problem::NotContent(kind) => {
                write!(f, "the server sent {kind}, not a drill or catalog")
            }
            Problem::Timeout => write!(f, "no answer within {} seconds", TIMEOUT_MS / 1000),
            Problem::BadCatalog(reason) => write!(f, "{reason}"),
            Problem::Unknown(id) => write!(f, "the catalog has no drill `{id}`"),
            Problem::BadDrill(reason) => write!(f, "{reason}"),
        }
    }
}

fn describe(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map_or_else(|| format!("{error:?}"), |e| String::from(e.message()))
}

/// GETs `url` as text, refusing what is too large, too slow or an HTML page.
pub async fn fetch_text(url: &str) -> Result<String, Problem> {
    let window = web_sys::window().ok_or_else(|| Problem::Network("no window".into()))?;
    let abort = web_sys::AbortController::new().map_err(|e| Problem::Network(describe(&e)))?;
    let init = web_sys::RequestInit::new();
    init.set_signal(Some(&abort.signal()));
    let timer = {
        let abort = abort.clone();
        wasm_bindgen::closure::Closure::once_into_js(move || abort.abort())
    };
    let timeout = window
        .set_timeout_with_callback_and_timeout_and_arguments_0(timer.unchecked_ref(), TIMEOUT_MS)
        .unwrap_or_default();
    let result = fetch_inner(&window, url, &init).await;
    window.clear_timeout_with_handle(timeout);
    result.map_err(|problem| match problem {
        Problem::Network(_) if abort.signal().aborted() => Problem::Timeout,
        other => other,
    })
}

async fn fetch_inner(
    window: &web_sys::Window,
    url: &str,
    init: &web_sys::RequestInit,
) -> Result<String, Problem> {
    let response = JsFuture::from(window.fetch_with_str_and_init(url, init))
        .await
        .map_err(|e| Problem::Network(describe(&e)))?;
    let response: web_sys::Response = response.unchecked_into();
    if !response.ok() {
        return Err(Problem::Status(response.status()));
    }
    let headers = response.headers();
    let length = headers
        .get("content-length")
        .ok()
        .flatten()
        .and_then(|l| l.parse::<usize>().ok());
    if let Some(length) = length.filter(|&l| l > MAX_BYTES) {
        return Err(Problem::TooLarge(length));
    }
    let kind = headers
        .get("content-type")
        .ok()
        .flatten()
        .unwrap_or_default();
    if kind.starts_with("text/html") {
        return Err(Problem::NotContent("an HTML page".into()));
    }
    let text = response
        .text()
        .map_err(|e| Problem::Network(describe(&e)))?;
    let text = JsFuture::from(text)
        .await
        .map_err(|e| Problem::Network(describe(&e)))?;
    let text = text.as_string().unwrap_or_default();
    if text.len() > MAX_BYTES {
        return Err(Problem::TooLarge(text.len()));
    }
    let start = text
        .trim_start()
        .get(..15)
        .unwrap_or_default()
        .to_ascii_lowercase();
    if start.starts_with("<!doctype html") || start.starts_with("<html") {
        return Err(Problem::NotContent("an HTML page".into()));
    }
    Ok(text)
}

/// The catalog at `content` (a base URL ending in `/`); the kept copy when the network fails.
pub async fn catalog(store: &Store, content: &str) -> Result<Catalog, (String, Problem)> {
    let url = format!("{content}catalog.json");
    let key = catalog_cache_key(content);
    let fetched = fetch_text(&url).await.and_then(|text| {
        Catalog::parse(&text)
            .map(|c| (c, text))
            .map_err(Problem::BadCatalog)
    });
    match fetched {
        Ok((catalog, text)) => {
            store.cache(&key, "", &text);
            Ok(catalog)
        }
        Err(problem) => {
            match store
                .cached(&key)
                .and_then(|kept| Catalog::parse(&kept.text).ok())
            {
                Some(catalog) if matches!(problem, Problem::Network(_) | Problem::Timeout) => {
                    web_sys::console::warn_1(&format!("cyberdrill: {url}: {problem}; using the copy kept from an earlier visit").into());
                    Ok(catalog)
                }
                _ => Err((url, problem)),
            }
        }
    }
}

/// A drill's text: the kept copy when its hash matches the catalog's (no request at all),
/// else fetched and kept; the stale kept copy when the network fails.
pub async fn drill(
    store: &Store,
    content: &str,
    entry: &Entry,
) -> Result<String, (String, Problem)> {
    let url = format!("{content}{}", entry.file);
    let key = drill_cache_key(&entry.id);
    let kept = store.cached(&key);
    if let Some(kept) = kept.as_ref().filter(|k| k.hash == entry.hash) {
        return Ok(kept.text.clone());
    }
    match fetch_text(&url).await {
        Ok(text) => {
            store.cache(&key, &catalog::content_hash(text.as_bytes()), &text);
            Ok(text)
        }
        Err(problem @ (Problem::Network(_) | Problem::Timeout)) if kept.is_some() => {
            web_sys::console::warn_1(
                &format!("cyberdrill: {url}: {problem}; using the copy kept from an earlier visit")
                    .into(),
            );
            Ok(kept.map(|k| k.text).unwrap_or_default())
        }
        Err(problem) => Err((url, problem)),
    }
}
