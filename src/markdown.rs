//! The Markdown dialect of drills, and the one writer of drill HTML (compiler only).
//!
//! The compiler reads drills through [`parser`] and turns Markdown into HTML only through
//! [`Writer`], which writes under the HTML policy of [`crate::policy`]: its allow-list of
//! elements and attributes, raw HTML shown as text, links and images only to the URLs
//! [`judge`] accepts once they are resolved (images only relative to the drill), email
//! autolinks as `mailto:`. The widget re-applies that policy in the browser and never sees
//! this module.

use std::ops::Range;

use pulldown_cmark::{Alignment, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use crate::diagnostic::{Code, Diagnostic};
use crate::policy::{Refusal, UrlUse, fixed_attributes, judge};

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
    src: Result<String, Refusal>,
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
                link_type: LinkType::Email,
                dest_url,
                title,
                ..
            } if !dest_url.to_ascii_lowercase().starts_with("mailto:") => {
                self.start_link(&format!("mailto:{dest_url}"), &title, span);
            }
            Tag::Link {
                dest_url, title, ..
            } => self.start_link(&dest_url, &title, span),
            Tag::Image {
                dest_url, title, ..
            } => {
                self.image = Some(PendingImage {
                    src: judge(&dest_url, UrlUse::Image, self.base),
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
        match judge(dest, UrlUse::Link, self.base) {
            Ok(href) if self.block() => {
                self.out.push_str("<a href=\"");
                escape(&href, &mut self.out);
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
            Err(Refusal::Scheme(scheme) | Refusal::Origin(scheme)) => {
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
            Err(Refusal::Scheme(scheme)) => self.diagnostics.push(
                Diagnostic::new(Code::UnsafeImage, image.span, format!("image from a `{scheme}:` URL is not allowed"))
                    .with_help(IMAGE_HELP),
            ),
            Err(Refusal::Origin(host)) => self.diagnostics.push(
                Diagnostic::new(Code::UnsafeImage, image.span, format!("image from another site (`{host}`) is not allowed"))
                    .with_help(IMAGE_HELP),
            ),
            Ok(_) if alt.is_empty() => self.diagnostics.push(
                Diagnostic::new(Code::ImageAlt, image.span, "image has no alt text")
                    .with_help("describe the picture for people who cannot see it: ![A locked screen](lock.png)"),
            ),
            Ok(src) if self.block() => {
                self.out.push_str("<img src=\"");
                escape(&src, &mut self.out);
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

/// Why images must be relative: the widget loads them only from the drill's own site.
const IMAGE_HELP: &str = "images must be files relative to the drill, like ![A lock](lock.png): the widget loads images only from its content's own site, so that no other site learns who is doing the drill";

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
            "<p><a href=\"https://c/x/a.md\" target=\"_blank\" rel=\"noopener noreferrer\">p</a> <img src=\"https://c/x/l.png\" alt=\"A lock\" loading=\"lazy\" referrerpolicy=\"no-referrer\"> </p>"
        );
        assert_eq!(
            codes.iter().map(|d| d.code.name()).collect::<Vec<_>>(),
            ["image-alt"]
        );
    }

    #[test]
    fn email_autolinks_become_mailto_links() {
        let (out, codes) = html("Forward it to <spam@nhs.net>.");
        assert_eq!(
            out,
            "<p>Forward it to <a href=\"mailto:spam@nhs.net\" target=\"_blank\" rel=\"noopener noreferrer\">spam@nhs.net</a>.</p>"
        );
        assert!(codes.is_empty());
    }

    #[test]
    fn urls_are_judged_as_the_browser_will_resolve_them() {
        let (out, codes) = html(
            "[a](//evil.example/x) [b](/\\evil.example/x) [c](..\\guide.html) ![d](img\\lock.png)",
        );
        assert_eq!(
            out,
            "<p><a href=\"https://evil.example/x\" target=\"_blank\" rel=\"noopener noreferrer\">a</a> <a href=\"https://evil.example/x\" target=\"_blank\" rel=\"noopener noreferrer\">b</a> <a href=\"../guide.html\" target=\"_blank\" rel=\"noopener noreferrer\">c</a> <img src=\"img/lock.png\" alt=\"d\" loading=\"lazy\" referrerpolicy=\"no-referrer\"></p>"
        );
        assert!(codes.is_empty(), "{codes:?}");
        let (out, codes) = html(
            "![a](https://tracker.example/p.gif) ![b](//tracker.example/p.gif) ![c](/\\tracker.example/p.gif)",
        );
        assert_eq!(out, "<p>a b c</p>");
        assert_eq!(codes, ["unsafe-image", "unsafe-image", "unsafe-image"]);
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
