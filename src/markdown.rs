//! The Markdown dialect of drills and the HTML policy, in one place.
//!
//! The CLI and the widget both read drills through [`parser`] and turn Markdown into HTML only
//! through [`Writer`], so they always agree on what a drill means and nothing else can decide
//! what reaches the DOM. The policy: an allow-list of elements with no attributes but `href`,
//! `src`, `alt`, `title`, `start` and `class`; raw HTML shown as text; links and images only to
//! the URL schemes [`check_url`] accepts.

use std::ops::Range;

use pulldown_cmark::{Alignment, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::diagnostic::{Code, Diagnostic};

/// CommonMark plus GFM tables, strikethrough and task lists, and heading attributes (for
/// `{#question-id}`). Nothing else: no footnotes, maths or metadata blocks.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// The one Markdown parser configuration used everywhere.
pub fn parser(text: &str) -> Parser<'_> {
    Parser::new_ext(text, options())
}

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

/// The policy as an allow-list: each element [`Writer`] writes, with the attributes that carry
/// a drill's own values. The widget rebuilds drill HTML through this list (`web::markup`), so
/// what the build writes is exactly what the browser keeps.
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

/// The attributes [`Writer`] gives an element whatever the drill says: links open in a new
/// tab without a referrer, images load lazily, and a table's scrolling box (`div.table`) is
/// reachable by keyboard.
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

/// Appends `text` to `out` with the five HTML-significant characters escaped; safe both as
/// element content and inside a double-quoted attribute.
pub fn escape(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// Whether `html` is nothing but one HTML comment, which the policy drops silently.
pub fn is_lone_comment(html: &str) -> bool {
    let html = html.trim();
    html.strip_prefix("<!--")
        .and_then(|rest| rest.strip_suffix("-->"))
        .is_some_and(|inner| !inner.contains("-->"))
}

/// Whether text contains something shaped like a red-flag marker, `[[…]]`.
pub fn has_red_flag_marker(text: &str) -> bool {
    text.find("[[")
        .is_some_and(|open| text[open..].contains("]]"))
}

/// How much of the Markdown a fragment may use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flow {
    /// Any block: paragraphs, lists, quotes, tables, code, images, links.
    Block,
    /// Phrasing only, for a prompt or a choice label: emphasis and code; links and images
    /// become their text, paragraphs are unwrapped.
    Inline,
}

/// Renders pulldown-cmark events to HTML under the policy, collecting the diagnostics the
/// policy raises (raw HTML, unsafe URLs, missing alt text, stray red-flag markers).
pub struct Writer<'b> {
    flow: Flow,
    base: &'b str,
    out: String,
    diagnostics: Vec<Diagnostic>,
    links: Vec<bool>,
    image: Option<PendingImage>,
    html_block: Option<(String, Range<usize>)>,
    table: Vec<Alignment>,
    cell: usize,
    in_head: bool,
    in_code: bool,
    run: String,
    run_span: Option<Range<usize>>,
}

struct PendingImage {
    src: Result<String, String>,
    title: String,
    alt: String,
    span: Range<usize>,
}

impl<'b> Writer<'b> {
    /// A writer for one fragment; relative links and images are resolved against `base`
    /// (a URL ending in `/`, or empty to keep them as written).
    pub fn new(flow: Flow, base: &'b str) -> Self {
        Writer {
            flow,
            base,
            out: String::new(),
            diagnostics: Vec::new(),
            links: Vec::new(),
            image: None,
            html_block: None,
            table: Vec::new(),
            cell: 0,
            in_head: false,
            in_code: false,
            run: String::new(),
            run_span: None,
        }
    }

    /// Renders every event of `events`.
    pub fn extend<'a>(&mut self, events: impl IntoIterator<Item = (Event<'a>, Range<usize>)>) {
        for (event, span) in events {
            self.push(event, span);
        }
    }

    /// The HTML so far and the diagnostics raised.
    pub fn finish(mut self) -> (String, Vec<Diagnostic>) {
        self.flush_run();
        (self.out, self.diagnostics)
    }

    /// Renders one event; `span` is its byte range in the drill's source.
    pub fn push(&mut self, event: Event<'_>, span: Range<usize>) {
        if let Event::Text(text) = &event {
            if !self.in_code {
                self.run.push_str(text);
                self.run_span.get_or_insert(span.clone());
            }
        } else {
            self.flush_run();
        }
        if let Some(image) = &mut self.image {
            match event {
                Event::End(TagEnd::Image) => self.end_image(),
                Event::Text(t) | Event::Code(t) => image.alt.push_str(&t),
                _ => {}
            }
            return;
        }
        if let Some((html, _)) = &mut self.html_block {
            match event {
                Event::Html(t) | Event::Text(t) => html.push_str(&t),
                Event::End(TagEnd::HtmlBlock) => self.end_html_block(),
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(tag) => self.start(tag, span),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => escape(&text, &mut self.out),
            Event::Code(code) => {
                self.out.push_str("<code>");
                escape(&code, &mut self.out);
                self.out.push_str("</code>");
            }
            Event::Html(html) | Event::InlineHtml(html) => self.raw_html(&html, span),
            Event::SoftBreak => self.out.push('\n'),
            Event::HardBreak => self.out.push_str(if self.flow == Flow::Block {
                "<br>"
            } else {
                " "
            }),
            Event::Rule => self.out.push_str("<hr>"),
            Event::TaskListMarker(done) => self.out.push_str(if done { "☑ " } else { "☐ " }),
            Event::FootnoteReference(_) | Event::InlineMath(_) | Event::DisplayMath(_) => {}
        }
    }

    fn block(&self) -> bool {
        self.flow == Flow::Block
    }

    fn start(&mut self, tag: Tag<'_>, span: Range<usize>) {
        let open = |w: &mut Self, name: &str| {
            w.out.push('<');
            w.out.push_str(name);
            w.out.push('>');
        };
        match tag {
            Tag::Emphasis => open(self, "em"),
            Tag::Strong => open(self, "strong"),
            Tag::Strikethrough => open(self, "del"),
            Tag::Link {
                dest_url, title, ..
            } => self.start_link(&dest_url, &title, span),
            Tag::Image {
                dest_url, title, ..
            } => {
                self.image = Some(PendingImage {
                    src: check_url(&dest_url, UrlUse::Image),
                    title: title.into_string(),
                    alt: String::new(),
                    span,
                });
            }
            Tag::HtmlBlock => self.html_block = Some((String::new(), span)),
            _ if !self.block() => {}
            Tag::Paragraph => open(self, "p"),
            Tag::Heading { level, .. } => {
                let _ = std::fmt::Write::write_fmt(
                    &mut self.out,
                    format_args!("<h{}>", heading_level(level)),
                );
            }
            Tag::BlockQuote(_) => open(self, "blockquote"),
            Tag::CodeBlock(_) => {
                self.in_code = true;
                open(self, "pre><code");
            }
            Tag::List(Some(1)) => open(self, "ol"),
            Tag::List(Some(start)) => {
                let _ = std::fmt::Write::write_fmt(
                    &mut self.out,
                    format_args!("<ol start=\"{start}\">"),
                );
            }
            Tag::List(None) => open(self, "ul"),
            Tag::Item => open(self, "li"),
            Tag::Table(alignments) => {
                self.table = alignments;
                self.out.push_str("<div class=\"table\"");
                self.fixed_attributes("div", "table");
                self.out.push_str("><table>");
            }
            Tag::TableHead => {
                self.in_head = true;
                self.cell = 0;
                open(self, "thead><tr");
            }
            Tag::TableRow => {
                self.cell = 0;
                open(self, "tr");
            }
            Tag::TableCell => {
                let name = if self.in_head { "th" } else { "td" };
                match self
                    .table
                    .get(self.cell)
                    .copied()
                    .unwrap_or(Alignment::None)
                {
                    Alignment::None => open(self, name),
                    Alignment::Left => open(self, &format!("{name} class=\"left\"")),
                    Alignment::Center => open(self, &format!("{name} class=\"center\"")),
                    Alignment::Right => open(self, &format!("{name} class=\"right\"")),
                }
                self.cell += 1;
            }
            Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::MetadataBlock(_)
            | Tag::Superscript
            | Tag::Subscript => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        let close = |w: &mut Self, name: &str| {
            w.out.push_str("</");
            w.out.push_str(name);
            w.out.push('>');
        };
        match tag {
            TagEnd::Emphasis => close(self, "em"),
            TagEnd::Strong => close(self, "strong"),
            TagEnd::Strikethrough => close(self, "del"),
            TagEnd::Link if self.links.pop() == Some(true) => close(self, "a"),
            TagEnd::Link => {}
            TagEnd::Paragraph if !self.block() && !self.out.is_empty() => self.out.push(' '),
            _ if !self.block() => {}
            TagEnd::Paragraph => close(self, "p"),
            TagEnd::Heading(level) => {
                let _ = std::fmt::Write::write_fmt(
                    &mut self.out,
                    format_args!("</h{}>", heading_level(level)),
                );
            }
            TagEnd::BlockQuote(_) => close(self, "blockquote"),
            TagEnd::CodeBlock => {
                self.in_code = false;
                close(self, "code></pre");
            }
            TagEnd::List(true) => close(self, "ol"),
            TagEnd::List(false) => close(self, "ul"),
            TagEnd::Item => close(self, "li"),
            TagEnd::Table => close(self, "tbody></table></div"),
            TagEnd::TableHead => {
                self.in_head = false;
                close(self, "tr></thead><tbody");
            }
            TagEnd::TableRow => close(self, "tr"),
            TagEnd::TableCell => close(self, if self.in_head { "th" } else { "td" }),
            _ => {}
        }
    }

    fn start_link(&mut self, dest: &str, title: &str, span: Range<usize>) {
        match check_url(dest, UrlUse::Link) {
            Ok(href) if self.block() => {
                self.out.push_str("<a href=\"");
                escape(&self.resolve(&href), &mut self.out);
                if !title.is_empty() {
                    self.out.push_str("\" title=\"");
                    escape(title, &mut self.out);
                }
                self.out.push('"');
                self.fixed_attributes("a", "");
                self.out.push('>');
                self.links.push(true);
            }
            Ok(_) => self.links.push(false),
            Err(scheme) => {
                self.diagnostics.push(
                    Diagnostic::new(Code::UnsafeLink, span, format!("link to a `{scheme}:` URL is not allowed"))
                        .with_help("links may only be https:, http:, mailto:, tel: or relative; the text is kept without the link"),
                );
                self.links.push(false);
            }
        }
    }

    fn end_image(&mut self) {
        let Some(image) = self.image.take() else {
            return;
        };
        let alt = image.alt.trim();
        match image.src {
            Err(scheme) => self.diagnostics.push(
                Diagnostic::new(Code::UnsafeImage, image.span, format!("image from a `{scheme}:` URL is not allowed"))
                    .with_help("images must be https: or relative to the drill"),
            ),
            Ok(_) if alt.is_empty() => self.diagnostics.push(
                Diagnostic::new(Code::ImageAlt, image.span, "image has no alt text")
                    .with_help("describe the picture for people who cannot see it: ![A locked screen](lock.png)"),
            ),
            Ok(src) if self.block() => {
                self.out.push_str("<img src=\"");
                escape(&self.resolve(&src), &mut self.out);
                self.out.push_str("\" alt=\"");
                escape(alt, &mut self.out);
                if !image.title.is_empty() {
                    self.out.push_str("\" title=\"");
                    escape(&image.title, &mut self.out);
                }
                self.out.push('"');
                self.fixed_attributes("img", "");
                self.out.push('>');
                return;
            }
            Ok(_) => {}
        }
        escape(alt, &mut self.out);
    }

    fn end_html_block(&mut self) {
        let Some((html, span)) = self.html_block.take() else {
            return;
        };
        if is_lone_comment(&html) {
            return;
        }
        self.raw_html(html.trim_end(), span);
    }

    fn raw_html(&mut self, html: &str, span: Range<usize>) {
        if is_lone_comment(html) {
            return;
        }
        let shown: String = html.trim().chars().take(40).collect();
        self.diagnostics.push(
            Diagnostic::new(
                Code::RawHtml,
                span,
                format!("HTML is not allowed in a drill: `{shown}`"),
            )
            .with_help("use Markdown instead; HTML is shown to learners as plain text"),
        );
        let block = self.block() && html.contains('\n');
        if block {
            self.out.push_str("<pre><code>");
        }
        escape(html, &mut self.out);
        if block {
            self.out.push_str("</code></pre>");
        }
    }

    fn fixed_attributes(&mut self, element: &str, class: &str) {
        for (name, value) in fixed_attributes(element, class) {
            let _ = std::fmt::Write::write_fmt(&mut self.out, format_args!(" {name}=\"{value}\""));
        }
    }

    fn resolve(&self, url: &str) -> String {
        resolve(url, self.base)
    }

    fn flush_run(&mut self) {
        let run = std::mem::take(&mut self.run);
        if let Some(span) = self.run_span.take().filter(|_| has_red_flag_marker(&run)) {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::RedFlagOutsideMockup,
                    span,
                    "red-flag marker outside a message mock-up",
                )
                .with_help(
                    "`[[text|reason]]` works only inside an ```email, ```sms or ```chat block",
                ),
            );
        }
    }
}

/// Headings inside drill content sit under the widget's own title (h2) and prompt (h3).
fn heading_level(level: HeadingLevel) -> usize {
    (level as usize + 1).clamp(4, 6)
}

/// Renders a whole Markdown fragment (already parsed into `events`) as HTML.
pub fn render<'a>(
    flow: Flow,
    base: &str,
    events: impl IntoIterator<Item = (Event<'a>, Range<usize>)>,
) -> (String, Vec<Diagnostic>) {
    let mut writer = Writer::new(flow, base);
    writer.extend(events);
    writer.finish()
}

/// Plain text of a fragment: what a screen reader or a derived id needs.
pub fn plain_text<'a, 'e: 'a>(
    events: impl IntoIterator<Item = &'a (Event<'e>, Range<usize>)>,
) -> String {
    let mut text = String::new();
    for (event, _) in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(markdown: &str) -> (String, Vec<&'static str>) {
        let (html, diagnostics) = render(Flow::Block, "", parser(markdown).into_offset_iter());
        (html, diagnostics.iter().map(|d| d.code.name()).collect())
    }

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

    #[test]
    fn entity_encoded_schemes_are_caught() {
        let (out, codes) = html("[x](&#106;avascript:alert(1)) [y](jav&#x09;ascript:alert(1))");
        assert_eq!(out, "<p>x y</p>");
        assert_eq!(codes, ["unsafe-link", "unsafe-link"]);
    }

    #[test]
    fn raw_html_is_text_and_comments_vanish() {
        let (out, codes) =
            html("<script>alert(1)</script>\n\nhi <b onclick=x>there</b>\n\n<!-- a note -->\n");
        assert_eq!(
            out,
            "&lt;script&gt;alert(1)&lt;/script&gt;<p>hi &lt;b onclick=x&gt;there&lt;/b&gt;</p>"
        );
        assert_eq!(codes, ["raw-html", "raw-html", "raw-html"]);
    }

    #[test]
    fn table_alignment_uses_classes_not_style() {
        let (out, _) = html("|a|b|\n|:-|-:|\n|1|2|\n");
        assert_eq!(
            out,
            "<div class=\"table\" tabindex=\"0\"><table><thead><tr><th class=\"left\">a</th><th class=\"right\">b</th></tr></thead><tbody><tr><td class=\"left\">1</td><td class=\"right\">2</td></tr></tbody></table></div>"
        );
    }

    #[test]
    fn links_and_images_resolve_against_the_base() {
        let (out, codes) = render(
            Flow::Block,
            "https://c/x/",
            parser("[p](a.md) ![A lock](l.png) ![](m.png)").into_offset_iter(),
        );
        assert_eq!(
            out,
            "<p><a href=\"https://c/x/a.md\" target=\"_blank\" rel=\"noopener noreferrer\">p</a> <img src=\"https://c/x/l.png\" alt=\"A lock\" loading=\"lazy\"> </p>"
        );
        assert_eq!(
            codes.iter().map(|d| d.code.name()).collect::<Vec<_>>(),
            ["image-alt"]
        );
    }

    #[test]
    fn red_flag_markers_outside_mockups_are_reported() {
        assert_eq!(
            html("see [[this|that]] here").1,
            ["red-flag-outside-mockup"]
        );
        assert!(html("`[[code|ok]]`").1.is_empty());
    }
}
