//! The element's options: what a `<cyber-drill>` asks for, read once as it mounts.

use wasm_bindgen::{JsCast, JsValue};

/// The options a `<cyber-drill>` element passes, its URLs already absolute.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// Base URL of the catalog and drill files, ending in `/`.
    pub content: String,
    /// The drill to show, by id; otherwise the next one due.
    pub drill: Option<String>,
    /// URL of one compiled drill, bypassing the catalog (for authors' previews).
    pub src: Option<String>,
    /// Restricts the choice of the next drill to a topic.
    pub topic: Option<String>,
    /// Restricts it to drills for one staff group (`clinical`, `finance`, …).
    pub audience: Option<String>,
    /// A pseudonymous learner id from the host page: keys the progress, never shown or sent.
    pub learner: Option<String>,
    /// The learner's language: the element's `lang`, else the nearest `lang` around it (the
    /// page's `<html lang>`), as the loader found it.
    pub lang: Option<String>,
    /// Where the loader is, ending in `/`: the widget's translation files are beside it.
    pub bundle: String,
    /// Where "Report it" sends people: the trust's own reporting route.
    pub report_url: Option<String>,
    /// A compiled drill to show instead of fetching one (the studio's preview): nothing is
    /// read from or written to stored progress.
    pub preview: Option<String>,
    /// The loader's `compile`: `(url, text)` to a promise of the compiled drill (see
    /// `content::compile`).
    pub compile: Option<js_sys::Function>,
    /// The loader's `fetch`: `(url, limit, timeout)` to a promise of the text (see
    /// `content::fetch_text`).
    pub fetch: Option<js_sys::Function>,
    /// The loader's `download`: `(name, text)` offers the text as a file of that name.
    pub download: Option<js_sys::Function>,
}

fn option(options: &JsValue, name: &str) -> Option<String> {
    js_sys::Reflect::get(options, &JsValue::from_str(name))
        .ok()
        .and_then(|v| v.as_string())
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

fn function(options: &JsValue, name: &str) -> Option<js_sys::Function> {
    js_sys::Reflect::get(options, &JsValue::from_str(name))
        .ok()
        .and_then(|f| f.dyn_into().ok())
}

impl Config {
    /// Reads the options the loader passes to `mount`; a `report-url` that is not a link
    /// the policy allows is left out, and the console says so.
    pub fn from_js(options: &JsValue) -> Config {
        let mut content = option(options, "content").unwrap_or_default();
        if !content.ends_with('/') {
            content.push('/');
        }
        let report_url = option(options, "reportUrl").filter(|url| {
            let safe = crate::policy::check_url(url, crate::policy::UrlUse::Link).is_ok();
            if !safe {
                web_sys::console::error_1(&format!("cyberdrill: report-url `{url}` is not an https:, http:, mailto: or tel: URL; leaving it out").into());
            }
            safe
        });
        Config {
            content,
            drill: option(options, "drill"),
            src: option(options, "src"),
            topic: option(options, "topic"),
            audience: option(options, "audience"),
            learner: option(options, "learner"),
            lang: option(options, "lang"),
            bundle: option(options, "bundle").unwrap_or_default(),
            report_url,
            preview: option(options, "preview"),
            compile: function(options, "compile"),
            fetch: function(options, "fetch"),
            download: function(options, "download"),
        }
    }
}
