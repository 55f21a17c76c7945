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
    /// More than [`MAX_BYTES`], as the `Content-Length` says.
    TooLarge(usize),
    /// More than [`MAX_BYTES`] decoded bytes arrived: reading stopped there, at this count.
    CutOff(usize),
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
    /// A Markdown drill that did not compile (each error is in the console), or the Markdown
    /// module could not be had: the loader says which.
    Markdown(String),
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
            Problem::CutOff(bytes) => write!(
                f,
                "the file is over the limit of {MAX_BYTES} bytes; stopped reading it at {bytes}"
            ),
            Problem::NotContent(kind) => {
                write!(f, "the server sent {kind}, not a drill or catalog")
            }
            Problem::Timeout => write!(f, "no answer within {} seconds", TIMEOUT_MS / 1000),
            Problem::BadCatalog(reason) => write!(f, "{reason}"),
            Problem::Unknown(id) => write!(f, "the catalog has no drill `{id}`"),
            Problem::BadDrill(reason) | Problem::Markdown(reason) => write!(f, "{reason}"),
        }
    }
}

fn describe(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map_or_else(|| format!("{error:?}"), |e| String::from(e.message()))
}

/// GETs `url` as text through the loader's `fetch` (`fetchText` in `public/cyberdrill.js`):
/// `(url, limit, timeout)` to a promise of the text. It refuses a body over [`MAX_BYTES`] (by
/// its `Content-Length`, or counted as it arrives, so a compressed bomb is cut off at the
/// limit), an answer slower than `TIMEOUT_MS` and an HTML page, and rejects with `{kind,
/// detail}`, which this reads back into a [`Problem`]. The limits are decided here; the
/// requests are made in JavaScript, where streaming a response costs a learner's download far
/// fewer bytes than the same calls bound into this wasm.
pub async fn fetch_text(fetch: Option<&js_sys::Function>, url: &str) -> Result<String, Problem> {
    let fetch = fetch.ok_or_else(|| Problem::Network("no loader to fetch with".into()))?;
    let promise = fetch
        .call3(
            &JsValue::NULL,
            &url.into(),
            &(MAX_BYTES as f64).into(),
            &TIMEOUT_MS.into(),
        )
        .map_err(|e| Problem::Network(describe(&e)))?;
    let error = match JsFuture::from(js_sys::Promise::from(promise)).await {
        Ok(text) => return Ok(text.as_string().unwrap_or_default()),
        Err(error) => error,
    };
    let field = |name: &str| js_sys::Reflect::get(&error, &name.into()).unwrap_or_default();
    let detail = field("detail");
    let count = detail.as_f64().unwrap_or_default() as usize;
    Err(match field("kind").as_string().as_deref() {
        Some("status") => Problem::Status(count as u16),
        Some("large") => Problem::TooLarge(count),
        Some("cut") => Problem::CutOff(count),
        Some("html") => Problem::NotContent("an HTML page".into()),
        Some("timeout") => Problem::Timeout,
        Some(_) => Problem::Network(detail.as_string().unwrap_or_default()),
        None => Problem::Network(describe(&error)),
    })
}

/// The catalog `file` at `content` (a base URL ending in `/`): `catalog.json`, or a
/// language's translations (`catalog.cy.json`); the kept copy when the network fails.
pub async fn catalog(
    fetch: Option<&js_sys::Function>,
    store: &Store,
    content: &str,
    file: &str,
) -> Result<Catalog, (String, Problem)> {
    let url = format!("{content}{file}");
    // `catalog.json` is kept under its folder's key, as before there were others.
    let key = catalog_cache_key(if file == "catalog.json" {
        content
    } else {
        &url
    });
    let fetched = fetch_text(fetch, &url).await.and_then(|text| {
        Catalog::parse(&text)
            .map(|c| (c, text))
            .map_err(Problem::BadCatalog)
    });
    match fetched {
        Ok((catalog, text)) => {
            store.cache(&key, &url, &text);
            Ok(catalog)
        }
        Err(problem) => {
            match store
                .cached(&key, &url)
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

/// A drill's text: the copy kept from the same URL when its text's SHA-256 is the catalog's
/// `hash` (no request at all), else fetched and kept; when the network fails or is too slow,
/// the copy kept from the same URL, stale or not (offline, the catalog is the kept one too).
/// Copies are kept by full URL, so a drill of the same id from another content origin is
/// never shown in this one's place.
pub async fn drill(
    fetch: Option<&js_sys::Function>,
    store: &Store,
    content: &str,
    entry: &Entry,
) -> Result<String, (String, Problem)> {
    let url = format!("{content}{}", entry.file);
    let key = drill_cache_key(&url);
    let kept = store.cached(&key, &url);
    if let Some(kept) = kept
        .as_ref()
        .filter(|k| catalog::same_hash(&catalog::content_hash(k.text.as_bytes()), &entry.hash))
    {
        return Ok(kept.text.clone());
    }
    match fetch_text(fetch, &url).await {
        Ok(text) => {
            store.cache(&key, &url, &text);
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

/// The translation file at `url` (the widget's words in the learner's language): fetched and
/// kept, like a drill, by its URL; when the network fails or is too slow, the copy kept from
/// an earlier visit.
pub async fn words(
    fetch: Option<&js_sys::Function>,
    store: &Store,
    url: &str,
) -> Result<String, Problem> {
    let key = drill_cache_key(url);
    match fetch_text(fetch, url).await {
        Ok(text) => {
            store.cache(&key, url, &text);
            Ok(text)
        }
        Err(problem @ (Problem::Network(_) | Problem::Timeout)) => {
            match store.cached(&key, url) {
                Some(kept) => {
                    web_sys::console::warn_1(&format!("cyberdrill: {url}: {problem}; using the copy kept from an earlier visit").into());
                    Ok(kept.text)
                }
                None => Err(problem),
            }
        }
        Err(problem) => Err(problem),
    }
}

/// A drill's text as fetched, made the compiled drill the widget reads by the loader's
/// `compile` (`(url, text)` to a promise): a compiled drill comes back as it is, and a drill
/// in Markdown (a file ending `.md`) is compiled by the Markdown module, which the loader
/// imports only then. The loader logs each diagnostic's first line as `cyberdrill check`
/// prints it, and rejects with the reason when the drill has errors or the module cannot be
/// had. The decision and the logging live in the loader, not in this wasm, which every
/// learner downloads. Without a loader's `compile` (the component tests), the text is kept.
pub async fn compile(
    compile: Option<&js_sys::Function>,
    url: &str,
    text: String,
) -> Result<String, Problem> {
    let Some(compile) = compile else {
        return Ok(text);
    };
    let promise = compile
        .call2(&JsValue::NULL, &url.into(), &text.into())
        .map_err(|e| Problem::Markdown(describe(&e)))?;
    JsFuture::from(js_sys::Promise::from(promise))
        .await
        .map(|drill| drill.as_string().unwrap_or_default())
        .map_err(|e| Problem::Markdown(describe(&e)))
}
