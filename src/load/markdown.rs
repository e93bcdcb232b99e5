//! Markdown articles: optional front matter (title, date, author, url, source) and a first
//! `# heading` as the title when the front matter has none.

use super::boilerplate::strip_boilerplate;
use super::sanitize::sanitize_line;
use super::text::{derive_title, find_dateline, stem};
use super::{LoadWarning, Loaded};
use crate::model::Article;

/// Front matter or a `# heading` first.
pub fn sniff(head: &[u8]) -> bool {
    let head = head.trim_ascii_start();
    head.starts_with(b"---\n") || head.starts_with(b"---\r\n") || head.starts_with(b"# ")
}

pub fn parse(name: &str, text: &str) -> Loaded {
    let mut loaded = Loaded::default();
    let mut article = Article {
        id: stem(name).into(),
        path: name.to_string().into(),
        ..Article::default()
    };
    let mut rest = text.trim_start_matches('\n');
    if let Some((front, after)) = split_front_matter(rest) {
        for line in front.lines() {
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let value = unquote(value.trim());
            if value.is_empty() {
                continue;
            }
            let value = sanitize_line(value);
            match key.trim().to_ascii_lowercase().as_str() {
                "title" | "headline" => article.title = value.into(),
                "date" | "published" | "published_at" => article.date = Some(value),
                "author" | "authors" | "byline" => article.author = Some(value),
                "url" | "link" => article.url = Some(value),
                "source" | "outlet" => article.outlet = Some(value),
                "id" => article.id = value.into(),
                _ => {}
            }
        }
        rest = after;
    }
    let rest = rest.trim_start_matches('\n');
    let mut body_text = rest;
    if let Some(heading) = rest.lines().next().and_then(|l| l.strip_prefix("# ")) {
        if article.title.is_empty() {
            article.title = heading.trim().to_string().into();
        }
        body_text = rest.split_once('\n').map_or("", |(_, b)| b);
    }
    article.body = strip_boilerplate(body_text);
    if article.body.trim().is_empty() {
        loaded.warn(LoadWarning::new(name, "no article text, skipped"));
        return loaded;
    }
    let dateline = find_dateline(&article.body);
    if article.title.is_empty() {
        article.title = derive_title(&article.body, dateline.as_ref()).into();
    }
    article.dateline = dateline.map(|d| d.text);
    loaded.articles.push(article);
    loaded
}

/// Split `---\n...\n---\n` front matter from the rest.
fn split_front_matter(text: &str) -> Option<(&str, &str)> {
    let after_open = text.strip_prefix("---\n")?;
    let close = after_open.find("\n---")?;
    let front = &after_open[..close];
    let rest = &after_open[close + 4..];
    let rest = rest.split_once('\n').map_or("", |(_, r)| r);
    Some((front, rest))
}

fn unquote(value: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = value.strip_prefix(q).and_then(|v| v.strip_suffix(q)) {
            return inner;
        }
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_and_heading() {
        let l = parse(
            "a.md",
            "---\ntitle: \"Talks in Oman\"\ndate: 2026-02-06\nauthor: A. Writer\n---\n\nBody text here.\n",
        );
        let a = &l.articles[0];
        assert_eq!(a.title, "Talks in Oman");
        assert_eq!(a.date.as_deref(), Some("2026-02-06"));
        assert_eq!(a.author.as_deref(), Some("A. Writer"));
        assert_eq!(a.body, "Body text here.");
        let l = parse("b.md", "# A heading\n\nText.\n");
        assert_eq!(l.articles[0].title, "A heading");
        assert_eq!(l.articles[0].body, "Text.");
    }
}
