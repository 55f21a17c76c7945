//! The HTML policy: what drill HTML may contain once it reaches the DOM, and which URLs links
//! and images may use.
//!
//! It is enforced twice from this one module: the compiler's `markdown::Writer` writes only
//! what it allows, and the widget (`web::markup`) rebuilds a compiled drill's HTML through the
//! same allow-list, since a compiled drill is only a file on a server. The policy: an
//! allow-list of elements with no attributes but `href`, `src`, `alt`, `title`, `start` and
//! `class` (plus the [`fixed_attributes`] the writer adds); links and images only to the URLs
//! [`judge`] accepts.
//!
//! A URL is judged after it is resolved, as a browser would resolve it, not only as written:
//! [`resolve`] writes it in a form every URL parser reads alike (`scheme://host/path`, `\`
//! read as `/` the way browsers read it in http(s) URLs), so `//host/x` and `/\host/x` are
//! judged as the `https://host/x` a browser would fetch. Links may then go to any site over
//! `http:`/`https:`, or to `mailto:`/`tel:` (they always open in a new tab with
//! `rel="noopener noreferrer"`). Images are the stricter case, since loading one tells its
//! server who is doing the drill: an image loads only from the **origin of the drill's own
//! content** (its folder's scheme, host and port, exactly). There is no wider allow-list of
//! image hosts; a trust that wants pictures puts them beside its drills. At build time the
//! content's origin is not known yet, so only relative images pass, and every image is sent
//! without a referrer.

/// What a URL is for: links may go to more places than images may load from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UrlUse {
    /// `[text](url)`: `http:`, `https:`, `mailto:`, `tel:` or relative.
    Link,
    /// `![alt](url)`: relative, or `https:` on the origin of the drill's content.
    Image,
}

/// Why [`judge`] refused a URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// A scheme this use does not allow, lowercased: `javascript`.
    Scheme(String),
    /// An image from another origin than the drill's content: the host it would load from
    /// (`user@host:port` as written).
    Origin(String),
}

/// Accepts a link or image destination, returning it cleaned of the tab and newline characters
/// browsers ignore; refuses it with the offending scheme otherwise. This is the check of a URL
/// as written; [`judge`] adds the check of where it leads.
///
/// The scheme is looked for both as written and percent-decoded, in any letter case, after the
/// characters a browser would skip, so `JaVa&#x09;Script:` or `javascript%3A` cannot slip by.
pub fn check_url(dest: &str, use_: UrlUse) -> Result<String, String> {
    let cleaned: String = dest
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let decoded: String = percent_decode(&cleaned)
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !c.is_control())
        .collect();
    for candidate in [&cleaned, &decoded] {
        if let Some(scheme) = scheme_of(candidate).filter(|s| !allowed(s, use_)) {
            return Err(scheme);
        }
    }
    Ok(cleaned)
}

fn allowed(scheme: &str, use_: UrlUse) -> bool {
    match use_ {
        UrlUse::Link => matches!(scheme, "http" | "https" | "mailto" | "tel"),
        UrlUse::Image => scheme == "https",
    }
}

/// `dest` checked as written ([`check_url`]), resolved against `base` ([`resolve`]) and
/// judged again where it leads: a link's scheme, an image's origin, which must be `base`'s
/// (with no `base`, at build time, an image must stay relative). The URL to write, or why not.
pub fn judge(dest: &str, use_: UrlUse, base: &str) -> Result<String, Refusal> {
    let url = resolve(&check_url(dest, use_).map_err(Refusal::Scheme)?, base);
    match (scheme_of(&url), use_) {
        (None, _) => Ok(url),
        (Some(scheme), UrlUse::Link) if !allowed(&scheme, use_) => Err(Refusal::Scheme(scheme)),
        (Some(_), UrlUse::Link) => Ok(url),
        (Some(_), UrlUse::Image)
            if !base.is_empty() && origin(&url).eq_ignore_ascii_case(origin(base)) =>
        {
            Ok(url)
        }
        (Some(scheme), UrlUse::Image) => {
            let host = origin(&url).get(scheme.len() + 3..).unwrap_or_default();
            Err(Refusal::Origin(host.to_owned()))
        }
    }
}

/// The policy as an allow-list: each element `markdown::Writer` writes, with the attributes
/// that carry a drill's own values. The widget rebuilds drill HTML through this list
/// (`web::markup`), so what the build writes is exactly what the browser keeps.
pub fn attributes_of(element: &str) -> Option<&'static [&'static str]> {
    Some(match element {
        "p" | "em" | "strong" | "del" | "code" | "pre" | "blockquote" | "ul" | "li" | "hr"
        | "br" | "h4" | "h5" | "h6" | "table" | "thead" | "tbody" | "tr" => &[],
        "a" => &["href", "title"],
        "img" => &["src", "alt", "title"],
        "ol" => &["start"],
        "div" | "th" | "td" => &["class"],
        _ => return None,
    })
}

/// The attributes `markdown::Writer` gives an element whatever the drill says: links open in a
/// new tab without a referrer, images load lazily and send no referrer, and a table's scrolling box (`div.table`)
/// is reachable by keyboard.
pub fn fixed_attributes(element: &str, class: &str) -> &'static [(&'static str, &'static str)] {
    match (element, class) {
        ("a", _) => &[("target", "_blank"), ("rel", "noopener noreferrer")],
        ("img", _) => &[("loading", "lazy"), ("referrerpolicy", "no-referrer")],
        ("div", "table") => &[("tabindex", "0")],
        _ => &[],
    }
}

/// `value` for `attribute` as the policy allows it, or `None`: URLs as [`judge`] resolves and
/// accepts them against `base`, classes only the policy's own, `start` only a number.
pub fn attribute_value(attribute: &str, value: &str, base: &str) -> Option<String> {
    match attribute {
        "href" => judge(value, UrlUse::Link, base).ok(),
        "src" => judge(value, UrlUse::Image, base).ok(),
        "class" => matches!(value, "table" | "left" | "center" | "right").then(|| value.to_owned()),
        "start" => value.parse::<u32>().ok().map(|n| n.to_string()),
        _ => Some(value.to_owned()),
    }
}

/// `url` (as [`check_url`] cleaned it) resolved against `base`, a URL ending in `/` (or empty
/// at build time, when the content's address is not known), written so that every URL parser
/// reads it alike:
///
/// - `mailto:`, `tel:` and other schemes without a host are kept as they are;
/// - in the rest, `\` before any `?` or `#` becomes `/`, as browsers read it in http(s) URLs;
/// - `http:`/`https:` URLs are written `scheme://host/path`, the host being what follows the
///   scheme and any run of slashes (`https:/\host`, `https:host` alike), lowercased;
/// - `//host/path` takes `base`'s scheme (`https:` at build time);
/// - other relative URLs are put after `base` (after its origin when they start with `/`),
///   or kept relative when there is no `base`.
pub fn resolve(url: &str, base: &str) -> String {
    let scheme = scheme_of(url);
    if scheme
        .as_deref()
        .is_some_and(|s| !matches!(s, "http" | "https"))
    {
        return url.to_owned();
    }
    let end = url.find(['?', '#']).unwrap_or(url.len());
    let url = url[..end].replace('\\', "/") + &url[end..];
    let (scheme, rest) = match scheme {
        Some(scheme) => {
            let rest = &url[scheme.len() + 1..];
            (scheme, rest)
        }
        None if url.starts_with("//") => {
            let scheme = scheme_of(base).unwrap_or_else(|| "https".to_owned());
            (scheme, url.as_str())
        }
        None if base.is_empty() => return url,
        None if url.starts_with('/') => return format!("{}{url}", origin(base)),
        None => return format!("{base}{url}"),
    };
    let rest = rest.trim_start_matches('/');
    let (host, path) = rest.split_at(rest.find(['/', '?', '#']).unwrap_or(rest.len()));
    let slash = if path.starts_with('/') { "" } else { "/" };
    format!("{scheme}://{}{slash}{path}", host.to_ascii_lowercase())
}

/// `scheme://host` of a URL [`resolve`] wrote: everything before the path.
fn origin(url: &str) -> &str {
    // A window scan, not str::find: a substring search links a searcher (1.1 KB gzip) that
    // the widget needs nowhere else.
    let host = url
        .as_bytes()
        .windows(2)
        .position(|w| w == b"//")
        .map_or(0, |i| i + 2);
    let end = url[host..].find('/').map_or(url.len(), |i| host + i);
    &url[..end]
}

/// The lowercased scheme of an absolute URL, `None` for a relative one.
fn scheme_of(url: &str) -> Option<String> {
    let colon = url.find(':')?;
    let scheme = &url[..colon];
    let mut chars = scheme.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| scheme.to_ascii_lowercase())
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_script_urls_however_written() {
        for url in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "javascript%3Aalert(1)",
            "%6Aavascript:alert(1)",
            "data:text/html,<script>",
            "vbscript:msgbox",
            "file:///etc/passwd",
        ] {
            assert!(check_url(url, UrlUse::Link).is_err(), "{url}");
        }
        for url in [
            "https://nhs.uk",
            "HTTP://x",
            "mailto:a@b",
            "tel:+441",
            "../a.md",
            "/p",
            "#x",
            "a:b/c",
        ] {
            let verdict = check_url(url, UrlUse::Link);
            assert_eq!(verdict.is_ok(), url != "a:b/c", "{url}");
        }
        assert!(check_url("http://x/a.png", UrlUse::Image).is_err());
        assert!(check_url("img/a.png", UrlUse::Image).is_ok());
    }

    const BASE: &str = "https://drills.example/phishing/";

    #[test]
    fn links_are_judged_after_they_are_resolved() {
        let href = |url: &str| attribute_value("href", url, BASE);
        for (url, resolved) in [
            ("guide.html", "https://drills.example/phishing/guide.html"),
            ("/x", "https://drills.example/x"),
            ("?q", "https://drills.example/phishing/?q"),
            ("#top", "https://drills.example/phishing/#top"),
            // Protocol-relative and backslash spellings reach another host: they take the
            // drill's scheme and pass the scheme policy like any https: link.
            ("//evil.example/x", "https://evil.example/x"),
            ("/\\evil.example/x", "https://evil.example/x"),
            ("\\\\evil.example\\x?a\\b", "https://evil.example/x?a\\b"),
            (
                "..\\guide.html",
                "https://drills.example/phishing/../guide.html",
            ),
            (
                "HTTPS://WWW.NCSC.GOV.UK/Guidance",
                "https://www.ncsc.gov.uk/Guidance",
            ),
            ("https:www.nhs.uk", "https://www.nhs.uk/"),
            ("http:/\\www.nhs.uk", "http://www.nhs.uk/"),
            ("mailto:cyber@nhs.net", "mailto:cyber@nhs.net"),
            ("tel:+441234", "tel:+441234"),
        ] {
            assert_eq!(href(url).as_deref(), Some(resolved), "{url}");
        }
        for url in ["javascript:alert(1)", "/\\javascript:x", "data:text/html,x"] {
            let kept = href(url);
            assert!(
                kept.as_ref().is_none_or(|u| u.starts_with("https://")),
                "{url}: {kept:?}"
            );
        }
        // At build time (no base) relative URLs stay relative, backslashes made slashes.
        assert_eq!(
            attribute_value("href", "a\\b.html", "").as_deref(),
            Some("a/b.html")
        );
        assert_eq!(
            attribute_value("href", "//evil.example", "").as_deref(),
            Some("https://evil.example/")
        );
    }

    #[test]
    fn images_load_only_from_the_drills_own_origin() {
        let src = |url: &str, base: &str| attribute_value("src", url, base);
        for (url, resolved) in [
            ("lock.png", "https://drills.example/phishing/lock.png"),
            (
                "../img/lock.png",
                "https://drills.example/phishing/../img/lock.png",
            ),
            (
                "..\\img\\lock.png",
                "https://drills.example/phishing/../img/lock.png",
            ),
            ("/img/lock.png", "https://drills.example/img/lock.png"),
            ("?v=2", "https://drills.example/phishing/?v=2"),
            (
                "https://drills.example/img/lock.png",
                "https://drills.example/img/lock.png",
            ),
            (
                "HTTPS://Drills.Example/Lock.png",
                "https://drills.example/Lock.png",
            ),
        ] {
            assert_eq!(src(url, BASE).as_deref(), Some(resolved), "{url}");
        }
        for url in [
            "//tracker.example/p.gif",
            "/\\tracker.example/p.gif",
            "\\\\tracker.example/p.gif",
            "\\/tracker.example/p.gif",
            "///tracker.example/p.gif",
            "https://tracker.example/p.gif",
            "https:tracker.example/p.gif",
            "https:\\\\tracker.example/p.gif",
            "https://drills.example@tracker.example/p.gif",
            "https://drills.example.tracker.example/p.gif",
            "https://drills.example:8443/p.gif",
            "http://drills.example/p.gif",
            "data:image/png;base64,iVBORw0KGgo=",
        ] {
            assert_eq!(src(url, BASE), None, "{url}");
        }
        // At build time (no base) only relative images are kept: an absolute one could be
        // from anywhere.
        assert_eq!(src("img\\lock.png", "").as_deref(), Some("img/lock.png"));
        assert_eq!(src("/img/lock.png", "").as_deref(), Some("/img/lock.png"));
        for url in ["https://drills.example/lock.png", "//tracker.example/p.gif"] {
            assert_eq!(src(url, ""), None, "{url}");
        }
    }
}
