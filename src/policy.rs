//! The HTML policy: what drill HTML may contain once it reaches the DOM, and which URLs links
//! and images may use.
//!
//! It is enforced twice from this one module: the compiler's `markdown::Writer` writes only
//! what it allows, and the widget (`web::markup`) rebuilds a compiled drill's HTML through the
//! same allow-list, since a compiled drill is only a file on a server. The policy: an
//! allow-list of elements with no attributes but `href`, `src`, `alt`, `title`, `start` and
//! `class` (plus the [`fixed_attributes`] the writer adds); links and images only to the URL
//! schemes [`check_url`] accepts.

/// What a URL is for: links may go to more places than images may load from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UrlUse {
    /// `[text](url)`: `http:`, `https:`, `mailto:`, `tel:` or relative.
    Link,
    /// `![alt](url)`: `https:` or relative.
    Image,
}

/// Accepts a link or image destination, returning it cleaned of the tab and newline characters
/// browsers ignore; refuses it with the offending scheme otherwise.
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
        if let Some(scheme) = scheme_of(candidate) {
            let allowed = match use_ {
                UrlUse::Link => matches!(scheme.as_str(), "http" | "https" | "mailto" | "tel"),
                UrlUse::Image => scheme == "https",
            };
            if !allowed {
                return Err(scheme);
            }
        }
    }
    Ok(cleaned)
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
/// new tab without a referrer, images load lazily, and a table's scrolling box (`div.table`)
/// is reachable by keyboard.
pub fn fixed_attributes(element: &str, class: &str) -> &'static [(&'static str, &'static str)] {
    match (element, class) {
        ("a", _) => &[("target", "_blank"), ("rel", "noopener noreferrer")],
        ("img", _) => &[("loading", "lazy")],
        ("div", "table") => &[("tabindex", "0")],
        _ => &[],
    }
}

/// `value` for `attribute` as the policy allows it, or `None`: URLs checked by [`check_url`]
/// and resolved against `base`, classes only the policy's own, `start` only a number.
pub fn attribute_value(attribute: &str, value: &str, base: &str) -> Option<String> {
    match attribute {
        "href" => check_url(value, UrlUse::Link)
            .ok()
            .map(|url| resolve(&url, base)),
        "src" => check_url(value, UrlUse::Image)
            .ok()
            .map(|url| resolve(&url, base)),
        "class" => matches!(value, "table" | "left" | "center" | "right").then(|| value.to_owned()),
        "start" => value.parse::<u32>().ok().map(|n| n.to_string()),
        _ => Some(value.to_owned()),
    }
}

/// `url` resolved against `base` (a URL ending in `/`) if it is relative to a file; absolute
/// URLs and those starting with `/`, `#` or `?` are kept as they are.
pub fn resolve(url: &str, base: &str) -> String {
    let relative = scheme_of(url).is_none() && !url.starts_with(['/', '#', '?']);
    if relative {
        format!("{base}{url}")
    } else {
        url.to_owned()
    }
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
}
