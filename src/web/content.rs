//! Fetching the catalog and drills: size-limited, time-limited, checked for what they are, and
//! kept for offline use with the catalog's content hash.

use std::fmt;

use wasm_bindgen::prelude::wasm_bindgen;
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
    let text = read_limited(&response).await?;
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

#[wasm_bindgen]
extern "C" {
    /// A `Response`, for its `body`.
    type Body;
    /// A response body's `ReadableStream` (bound here, not through web-sys's streams
    /// features, which would bring their whole API for three calls).
    type Stream;
    /// Its `ReadableStreamDefaultReader`.
    type Reader;

    #[wasm_bindgen(method, getter)]
    fn body(this: &Body) -> Option<Stream>;
    #[wasm_bindgen(method, catch, js_name = getReader)]
    fn reader(this: &Stream) -> Result<Reader, JsValue>;
    #[wasm_bindgen(method)]
    fn read(this: &Reader) -> js_sys::Promise;
    #[wasm_bindgen(method)]
    fn cancel(this: &Reader) -> js_sys::Promise;
}

/// The body of `response` as text, read chunk by chunk as it arrives and counted decoded:
/// past [`MAX_BYTES`] reading stops and the download is cancelled, so neither a lying (or
/// missing) `Content-Length` nor a compressed bomb (a small gzip body that decodes to
/// gigabytes) puts more than the limit into memory. Decoded as `Response.text()` does: UTF-8,
/// a byte-order mark dropped, malformed sequences replaced.
async fn read_limited(response: &web_sys::Response) -> Result<String, Problem> {
    let network = |e: JsValue| Problem::Network(describe(&e));
    let mut bytes = Vec::new();
    if let Some(body) = response.unchecked_ref::<Body>().body() {
        let reader = body.reader().map_err(network)?;
        loop {
            let chunk = JsFuture::from(reader.read()).await.map_err(network)?;
            let done = js_sys::Reflect::get(&chunk, &"done".into()).map_err(network)?;
            if done.is_truthy() {
                break;
            }
            let value = js_sys::Reflect::get(&chunk, &"value".into()).map_err(network)?;
            let value: js_sys::Uint8Array = value.unchecked_into();
            let length = value.length() as usize;
            if bytes.len() + length > MAX_BYTES {
                // Tells the browser to stop downloading; nothing waits for it.
                let _ = reader.cancel();
                return Err(Problem::CutOff(bytes.len() + length));
            }
            let start = bytes.len();
            bytes.resize(start + length, 0);
            value.copy_to(&mut bytes[start..]);
        }
    }
    let text = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
    Ok(String::from_utf8_lossy(text).into_owned())
}

/// The catalog `file` at `content` (a base URL ending in `/`): `catalog.json`, or a
/// language's translations (`catalog.cy.json`); the kept copy when the network fails.
pub async fn catalog(
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
    let fetched = fetch_text(&url).await.and_then(|text| {
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
    match fetch_text(&url).await {
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
pub async fn words(store: &Store, url: &str) -> Result<String, Problem> {
    let key = drill_cache_key(url);
    match fetch_text(url).await {
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
