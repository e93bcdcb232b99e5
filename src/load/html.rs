//! HTML pages as reader views see them: the page is parsed by a real HTML5 parser (html5ever,
//! through `scraper`), the main content found by dom_smoothie (a port of Mozilla's
//! Readability), and its paragraphs turned into text; title, byline, date, outlet and canonical
//! URL come from `<meta>` (Open Graph, `article:published_time`), JSON-LD `NewsArticle` and
//! `<link rel=canonical>`. Entities are decoded by the parser; sanitising comes after.

use ego_tree::iter::Edge;
use encoding_rs::Encoding;
use scraper::{ElementRef, Html, Node, Selector};

use super::boilerplate::strip_boilerplate;
use super::decode::{Layout, decode};
use super::format::lower_start;
use super::json::strip_by;
use super::sanitize::{sanitize, sanitize_line};
use super::text::{derive_title, find_dateline, stem};
use super::{LoadWarning, Loaded};
use crate::model::Article;

/// Past this many elements a page is not scored for its main content (Readability's scoring is
/// slow on huge pages); its text is read whole instead.
const MAX_SCORED_ELEMENTS: usize = 60_000;

pub fn sniff(head: &[u8]) -> bool {
    let start = lower_start(head, 1024);
    start.starts_with("<!doctype html")
        || start.starts_with("<html")
        || (start.starts_with('<') && (start.contains("<head") || start.contains("<body")))
}

/// One page, one article.
pub fn parse(name: &str, bytes: &[u8]) -> Loaded {
    let mut loaded = Loaded::default();
    let Some(html) = decode(
        name,
        bytes,
        Layout::Document,
        declared_charset(bytes),
        &mut loaded.warnings,
    ) else {
        return loaded;
    };
    if let Some(depth) = too_deep(&html) {
        loaded.warn(LoadWarning::new(
            name,
            format!("HTML nested over {depth} elements deep, skipped"),
        ));
        return loaded;
    }
    match page_article(name, &html, &stem(name)) {
        Some(article) => loaded.articles.push(article),
        None => loaded.warn(LoadWarning::new(
            name,
            "no article text in the page, skipped",
        )),
    }
    loaded
}

/// The article of one page (also used for each HTML response in a web archive).
pub fn page_article(name: &str, html: &str, id: &str) -> Option<Article> {
    if too_deep(html).is_some() {
        return None;
    }
    let page = Html::parse_document(html);
    let meta = PageMeta::read(&page);
    let main = main_content(html);
    let body = match main.as_ref().map(|m| &m.content) {
        Some(content) => fragment_text(content),
        None => String::new(),
    };
    // Readability found nothing (or too little): the page's own text, furniture dropped.
    let body = if body.trim().len() < 40 {
        element_text(page.root_element())
    } else {
        body
    };
    let body = strip_boilerplate(&sanitize(&body));
    if body.trim().is_empty() {
        return None;
    }
    let main = main.unwrap_or_default();
    let pick = |values: [Option<String>; 3]| {
        values
            .into_iter()
            .flatten()
            .map(|v| sanitize_line(&v))
            .find(|v| !v.is_empty())
    };
    let dateline = find_dateline(&body);
    let outlet = pick([main.site_name, meta.site_name, None]);
    let title = pick([main.title, meta.title.clone(), None])
        .map(|t| without_site_name(&t, outlet.as_deref(), meta.h1.as_deref()))
        .unwrap_or_else(|| derive_title(&body, dateline.as_ref()));
    Some(Article {
        id: id.to_string().into(),
        title: title.into(),
        dateline: dateline.map(|d| d.text),
        date: pick([meta.published, main.published, None]),
        url: pick([meta.canonical, main.url, meta.og_url]),
        author: pick([main.byline, meta.author, None]).map(|a| strip_by(&a).to_string()),
        outlet,
        body,
        path: name.to_string().into(),
    })
}

/// "Talks resume in Oman | Example News" as "Talks resume in Oman": a title with the site's
/// name after a separator, when the rest is the page's headline or the suffix is the outlet.
fn without_site_name(title: &str, outlet: Option<&str>, h1: Option<&str>) -> String {
    for sep in [" | ", " - ", " – ", " — ", " :: "] {
        if let Some((head, tail)) = title.rsplit_once(sep) {
            let h1_match = h1.is_some_and(|h| sanitize_line(h) == head.trim());
            let outlet_match = outlet.is_some_and(|o| o.eq_ignore_ascii_case(tail.trim()));
            if h1_match || outlet_match {
                return head.trim().to_string();
            }
        }
    }
    title.to_string()
}

/// How deep elements may nest. HTML tree building (html5ever's and Readability's alike) costs
/// time in proportion to the depth for every element, so a page of nothing but `<div>`s nested
/// 100,000 deep would take minutes; real pages nest a few dozen deep.
const MAX_DEPTH: usize = 1000;

/// `Some(MAX_DEPTH)` when the page's elements nest deeper than that. A cheap count over the
/// tags, not a parse: elements whose end tag may be left out (`<p>`, `<li>`, `<td>`...) and void
/// elements are not counted, so only real nesting adds up.
pub fn too_deep(html: &str) -> Option<usize> {
    const OPTIONAL_END: &[&str] = &[
        "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "tbody", "thead", "tfoot",
        "colgroup", "rb", "rt", "rp", "html", "head", "body", "br", "img", "meta", "link", "input",
        "hr", "area", "base", "col", "embed", "source", "track", "wbr", "param",
    ];
    let mut depth = 0usize;
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(at) = bytes[i..].iter().position(|&b| b == b'<') {
        let start = i + at + 1;
        let closing = bytes.get(start) == Some(&b'/');
        let name_start = start + usize::from(closing);
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        i = name_start + name_len;
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            continue;
        }
        let name = html[name_start..name_start + name_len].to_ascii_lowercase();
        if OPTIONAL_END.contains(&name.as_str()) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else {
            depth += 1;
            if depth > MAX_DEPTH {
                return Some(MAX_DEPTH);
            }
        }
    }
    None
}

/// What dom_smoothie made of a page.
#[derive(Debug, Default)]
struct MainContent {
    content: String,
    title: Option<String>,
    byline: Option<String>,
    published: Option<String>,
    site_name: Option<String>,
    url: Option<String>,
}

fn main_content(html: &str) -> Option<MainContent> {
    let config = dom_smoothie::Config {
        max_elements_to_parse: MAX_SCORED_ELEMENTS,
        ..Default::default()
    };
    let mut readability = dom_smoothie::Readability::new(html, None, Some(config)).ok()?;
    let article = readability.parse().ok()?;
    let non_empty = |s: Option<String>| s.filter(|s| !s.trim().is_empty());
    Some(MainContent {
        content: article.content.to_string(),
        title: non_empty(Some(article.title)),
        byline: non_empty(article.byline),
        published: non_empty(article.published_time),
        site_name: non_empty(article.site_name),
        url: non_empty(article.url),
    })
}

/// Metadata read straight from the page head (dom_smoothie reads most of it too; these are the
/// ones it leaves out or that decide when it found no article).
#[derive(Debug, Default)]
struct PageMeta {
    title: Option<String>,
    canonical: Option<String>,
    og_url: Option<String>,
    published: Option<String>,
    author: Option<String>,
    site_name: Option<String>,
    /// The page's one `<h1>`, if it has exactly one.
    h1: Option<String>,
}

impl PageMeta {
    fn read(page: &Html) -> PageMeta {
        let first = |css: &str, attr: &str| -> Option<String> {
            let selector = Selector::parse(css).ok()?;
            page.select(&selector)
                .filter_map(|e| e.value().attr(attr))
                .map(str::trim)
                .find(|v| !v.is_empty())
                .map(str::to_string)
        };
        let title_text = || {
            let selector = Selector::parse("title").ok()?;
            page.select(&selector)
                .next()
                .map(|t| t.text().collect::<String>())
        };
        PageMeta {
            title: first("meta[property='og:title']", "content").or_else(title_text),
            canonical: first("link[rel~='canonical']", "href"),
            og_url: first("meta[property='og:url']", "content"),
            published: first("meta[property='article:published_time']", "content")
                .or_else(|| first("meta[itemprop='datePublished']", "content"))
                .or_else(|| first("time[datetime]", "datetime")),
            author: first("meta[name='author']", "content"),
            site_name: first("meta[property='og:site_name']", "content"),
            h1: Selector::parse("h1").ok().and_then(|s| {
                let mut all = page.select(&s);
                let one = all.next()?;
                all.next().is_none().then(|| one.text().collect::<String>())
            }),
        }
    }
}

/// The charset a page declares in its first 1024 bytes (`<meta charset>` or the
/// `http-equiv` form), used when its bytes are not UTF-8.
pub fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    let at = head.find("charset=")? + "charset=".len();
    let label: String = head[at..]
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        .collect();
    Encoding::for_label(label.as_bytes())
}

/// Elements whose text is never article text.
const SKIPPED: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "aside",
    "footer",
    "header",
    "form",
    "button",
    "svg",
    "iframe",
    "select",
    "figure",
    "figcaption",
    "menu",
    "dialog",
    "object",
    "canvas",
    "head",
    "title",
];

/// Elements that end a paragraph.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "section",
    "article",
    "main",
    "tr",
    "table",
    "pre",
    "hr",
    "dd",
    "dt",
    "dl",
    "address",
];

/// Words in a class or id that mark page furniture (share bars, related links).
const FURNITURE: &[&str] = &[
    "share",
    "social",
    "related",
    "recommend",
    "newsletter",
    "promo",
    "advert",
    "sidebar",
    "comment",
    "breadcrumb",
    "cookie",
    "subscribe",
    "byline",
    "caption",
];

/// The text of an HTML fragment (a feed item's content, Readability's main content).
pub fn fragment_text(html: &str) -> String {
    if too_deep(html).is_some() {
        // Not parsed (see MAX_DEPTH): the record counts as having no text.
        return String::new();
    }
    let fragment = Html::parse_fragment(html);
    element_text(fragment.root_element())
}

/// Paragraph text of an element: blocks become paragraphs, white space is collapsed, and
/// scripts, styles, navigation and share bars are left out. Walks the tree without recursion,
/// so a page nested 100,000 deep is no stack overflow.
fn element_text(root: ElementRef<'_>) -> String {
    let mut out = String::new();
    let mut paragraph = String::new();
    let mut skip_depth = 0usize;
    let flush = |out: &mut String, paragraph: &mut String| {
        let text = paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
        if !text.is_empty() {
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            out.push_str(&text);
        }
        paragraph.clear();
    };
    for edge in root.traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(el) => {
                    if skip_depth > 0 || is_skipped(el) {
                        skip_depth += 1;
                    } else if BLOCKS.contains(&el.name()) {
                        flush(&mut out, &mut paragraph);
                    }
                }
                Node::Text(text) if skip_depth == 0 => paragraph.push_str(text),
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(el) = node.value() {
                    if skip_depth > 0 {
                        skip_depth -= 1;
                    } else if BLOCKS.contains(&el.name()) {
                        flush(&mut out, &mut paragraph);
                    }
                }
            }
        }
    }
    flush(&mut out, &mut paragraph);
    out
}

fn is_skipped(el: &scraper::node::Element) -> bool {
    if SKIPPED.contains(&el.name()) || el.attr("hidden").is_some() {
        return true;
    }
    if el.attr("aria-hidden") == Some("true") || el.attr("role") == Some("navigation") {
        return true;
    }
    let marks = |value: Option<&str>| {
        value.is_some_and(|v| {
            let v = v.to_ascii_lowercase();
            FURNITURE.iter().any(|w| v.contains(w))
        })
    };
    marks(el.attr("class")) || marks(el.attr("id"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_become_paragraphs_with_entities_decoded() {
        let text = fragment_text(
            "<p>He said &ldquo;no&rdquo; &amp; left.</p><script>var x = '<p>';</script>\
             <div class=\"share-bar\">Share on X</div><p>Second<br>line &#x201C;ok&#8221;</p>",
        );
        assert_eq!(text, "He said “no” & left.\n\nSecond\n\nline “ok”");
    }

    #[test]
    fn nesting_depth_counts_only_real_nesting() {
        assert_eq!(too_deep(&"<div>".repeat(1001)), Some(MAX_DEPTH));
        assert_eq!(too_deep(&"<div></div>".repeat(5000)), None);
        assert_eq!(too_deep(&"<p>unclosed <li>item <br>".repeat(5000)), None);
        assert_eq!(fragment_text(&"<div>".repeat(2000)), "");
    }

    #[test]
    fn declared_charsets() {
        assert_eq!(
            declared_charset(b"<html><head><meta charset=\"windows-1252\">"),
            Some(encoding_rs::WINDOWS_1252)
        );
        assert_eq!(
            declared_charset(
                b"<meta http-equiv=Content-Type content='text/html; charset=ISO-8859-1'>"
            ),
            Some(encoding_rs::WINDOWS_1252)
        );
        assert_eq!(declared_charset(b"<p>no charset</p>"), None);
    }
}
