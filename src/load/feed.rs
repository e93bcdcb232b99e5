//! RSS 2.0, RSS 1.0 and Atom feeds (feed-rs): one article per item, with its title, link,
//! date, author and its content (or summary), the HTML in it read as HTML. The feed's own
//! title is each article's outlet.

use super::format::lower_start;
use super::html::fragment_text;
use super::sanitize::{sanitize, sanitize_line};
use super::text::{derive_title, find_dateline, stem};
use super::{LoadWarning, Loaded, boilerplate::strip_boilerplate};
use crate::model::Article;

pub fn sniff(head: &[u8]) -> bool {
    let start = lower_start(head, 2048);
    start.starts_with('<')
        && (start.contains("<rss") || start.contains("<feed") || start.contains("<rdf:rdf"))
}

pub fn parse(name: &str, bytes: &[u8]) -> Loaded {
    let mut loaded = Loaded::default();
    let parser = feed_rs::parser::Builder::new()
        .sanitize_content(false)
        .build();
    let feed = match parser.parse(bytes) {
        Ok(feed) => feed,
        Err(err) => {
            loaded.warn(LoadWarning::new(
                name,
                format!("not a readable RSS or Atom feed: {err}"),
            ));
            return loaded;
        }
    };
    let outlet = feed
        .title
        .as_ref()
        .map(|t| sanitize_line(&fragment_text(&t.content)))
        .filter(|t| !t.is_empty());
    let stem = stem(name);
    for (index, entry) in feed.entries.into_iter().enumerate() {
        let item = index + 1;
        let html = entry
            .content
            .as_ref()
            .and_then(|c| c.body.clone())
            .or_else(|| entry.summary.as_ref().map(|s| s.content.clone()))
            .unwrap_or_default();
        let body = strip_boilerplate(&sanitize(&fragment_text(&html)));
        if body.trim().is_empty() {
            loaded.warn(LoadWarning::at_line(
                name,
                item,
                "feed item without content or summary, skipped",
            ));
            continue;
        }
        let dateline = find_dateline(&body);
        let title = entry
            .title
            .as_ref()
            .map(|t| sanitize_line(&fragment_text(&t.content)))
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| derive_title(&body, dateline.as_ref()));
        let authors: Vec<String> = entry
            .authors
            .iter()
            .filter_map(|p| p.name.as_deref())
            .map(sanitize_line)
            .filter(|a| !a.is_empty())
            .collect();
        let date = entry
            .published
            .or(entry.updated)
            .map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string());
        let url = entry
            .links
            .iter()
            .map(|l| sanitize_line(&l.href))
            .find(|l| !l.is_empty());
        loaded.articles.push(Article {
            id: format!("{stem}#{item}").into(),
            title: title.into(),
            dateline: dateline.map(|d| d.text),
            date,
            url,
            author: (!authors.is_empty()).then(|| authors.join(", ")),
            outlet: outlet.clone(),
            body,
            path: name.to_string().into(),
        });
    }
    if loaded.articles.is_empty() && loaded.warnings.is_empty() {
        loaded.warn(LoadWarning::new(name, "feed has no items, skipped"));
    }
    loaded
}
