//! Views over the panes, kept as a stack: help, the load warnings, a quote's detail, an entity's
//! detail. Their content is a document of lines of toned pieces, made for a width here (so
//! `update` knows how far they scroll) and painted by `ui::view`.

use std::ops::Range;

use super::Data;
use super::date;
use super::keymap::{self, Context};
use super::reader::wrap_text;
use crate::extract::token;
use crate::model::{Corpus, EntityId, EntityKind, Quote, QuoteKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViewKind {
    Help,
    Warnings,
    /// A quote's detail (index into `corpus.quotes`).
    Quote(usize),
    Entity(EntityId),
    /// A prompt or the command palette (its state is the app's `work.prompt`).
    Prompt,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct View {
    pub kind: ViewKind,
    /// The first line shown (for warnings: the first warning).
    pub scroll: usize,
}

impl View {
    pub fn new(kind: ViewKind) -> View {
        View { kind, scroll: 0 }
    }

    pub fn title(self) -> &'static str {
        match self.kind {
            ViewKind::Help => "Keys",
            ViewKind::Warnings => "Load warnings",
            ViewKind::Quote(_) => "Quote",
            ViewKind::Entity(_) => "Entity",
            ViewKind::Prompt => "Prompt",
        }
    }

    /// The keymap contexts while it is on top.
    pub fn contexts(self) -> Vec<Context> {
        match self.kind {
            ViewKind::Quote(_) => vec![Context::Quote, Context::View],
            ViewKind::Entity(_) => vec![Context::Entity, Context::View],
            _ => vec![Context::View],
        }
    }
}

/// How a piece of a view's text is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Plain,
    Heading,
    /// A field's name ("Said by").
    Label,
    Dim,
    /// Keys in help.
    Key,
    Quote,
    Entity(EntityKind),
    /// The words the reader is pointed at (the speaker's name in the sentence naming them).
    Mark,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub text: String,
    pub tone: Tone,
}

pub type DocLine = Vec<Piece>;

fn piece(text: impl Into<String>, tone: Tone) -> Piece {
    Piece {
        text: text.into(),
        tone,
    }
}

/// Wrap `text` to `width` after an indent, toning the marked byte ranges (sorted, not
/// overlapping) on top of `base`.
fn wrapped(
    text: &str,
    width: usize,
    indent: usize,
    base: Tone,
    marks: &[(Range<usize>, Tone)],
) -> Vec<DocLine> {
    let room = width.saturating_sub(indent).max(1);
    let pad = " ".repeat(indent.min(width.saturating_sub(1)));
    let mut out = Vec::new();
    for paragraph in paragraph_ranges(text) {
        for r in wrap_text(&text[paragraph.clone()], room) {
            let line = r.start + paragraph.start..r.end + paragraph.start;
            let mut pieces = vec![piece(pad.clone(), Tone::Plain)];
            let mut at = line.start;
            for (m, tone) in marks {
                let (s, e) = (m.start.max(line.start), m.end.min(line.end));
                if s >= e || s < at || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
                    continue;
                }
                if at < s {
                    pieces.push(piece(&text[at..s], base));
                }
                pieces.push(piece(&text[s..e], *tone));
                at = e;
            }
            if at < line.end {
                pieces.push(piece(&text[at..line.end], base));
            }
            out.push(pieces);
        }
    }
    out
}

/// The lines of a text (split at newlines), without empty ones.
fn paragraph_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for p in text.split('\n') {
        if !p.trim().is_empty() {
            out.push(start..start + p.len());
        }
        start += p.len() + 1;
    }
    out
}

/// A field: its label in a column, its value wrapped beside it.
fn field(out: &mut Vec<DocLine>, width: usize, label: &str, value: &str, tone: Tone) {
    const LABEL: usize = 10;
    let mut lines = wrapped(value, width, LABEL, tone, &[]);
    if lines.is_empty() {
        lines.push(vec![piece(" ".repeat(LABEL.min(width)), Tone::Plain)]);
    }
    if let Some(first) = lines.first_mut()
        && let Some(pad) = first.first_mut()
    {
        let shown: String = label.chars().take(LABEL.saturating_sub(1)).collect();
        let fill = LABEL.min(width).saturating_sub(shown.chars().count());
        *pad = piece(shown, Tone::Label);
        first.insert(1, piece(" ".repeat(fill), Tone::Plain));
    }
    out.extend(lines);
}

/// Filter syntax, for help. (Kept beside the keys; the query language is `filter::query`'s.)
const SYNTAX: &[(&str, &str)] = &[
    (
        "iran talks",
        "both words, each in a title, the text, an entity's names, a quote or its speaker",
    ),
    (
        "argachi",
        "a word within its typos: none to 4 letters, 1 to 6, 2 beyond; the word being typed also as a prefix",
    ),
    ("'police", "the whole word, spelt exactly"),
    ("!trump", "without this word (takes effect once typed)"),
    ("\"white house\"", "these words together, in order"),
    (
        "p:abbas araghchi",
        "a person with these names; c: country, o: organisation (alone: list that kind)",
    ),
    (
        "s: q: t:",
        "who said a quote, a quote's words, the title; each to the next prefix",
    ),
    ("outlet:reuters", "the outlet (also src:)"),
    ("date:2016", "dated so; date:2015-05..2016-01 a range"),
    (
        "star: reviewed:",
        "what you starred (*), what you marked reviewed (R); !reviewed: what you have not",
    ),
    (
        "every pane",
        "articles that match; the entities and quotes in them, those the words name first",
    ),
];

/// The help: every binding of the keymap by where it applies, then the filter syntax, wrapped
/// to `width`.
pub fn help_lines(width: usize, keymap: &keymap::Keymap) -> Vec<DocLine> {
    let key_width = (width / 3).clamp(6, 20);
    let mut out = Vec::new();
    let row = |out: &mut Vec<DocLine>, keys: &str, help: &str| {
        let keys_w = unicode_width::UnicodeWidthStr::width(keys);
        let mut lines = wrapped(help, width, 2 + key_width + 2, Tone::Plain, &[]);
        if keys_w > key_width {
            // Keys on a line of their own.
            out.extend(wrapped(keys, width, 2, Tone::Key, &[]));
        } else if let Some(first) = lines.first_mut()
            && let Some(pad) = first.first_mut()
        {
            *pad = piece("  ", Tone::Plain);
            first.insert(1, piece(keys, Tone::Key));
            first.insert(2, piece(" ".repeat(key_width - keys_w + 2), Tone::Plain));
        }
        out.extend(lines);
    };
    for ctx in Context::ALL {
        let rows: Vec<_> = keymap
            .bindings()
            .iter()
            .filter(|b| b.context == ctx)
            .collect();
        if rows.is_empty() {
            continue;
        }
        out.extend(wrapped(ctx.title(), width, 0, Tone::Heading, &[]));
        for b in rows {
            row(&mut out, &b.keys_label(), b.help);
        }
        out.push(Vec::new());
    }
    out.extend(wrapped(
        "A word typed in a list is a filter, even when its first letter is a key.",
        width,
        0,
        Tone::Dim,
        &[],
    ));
    out.push(Vec::new());
    out.extend(wrapped("Filter syntax", width, 0, Tone::Heading, &[]));
    for (example, meaning) in SYNTAX {
        row(&mut out, example, meaning);
    }
    out
}

/// What kind of quote it is, in words.
pub fn quote_kind(q: &Quote) -> &'static str {
    if q.scare {
        return "scare quote (one or two words)";
    }
    match q.kind {
        QuoteKind::Direct => "direct quote",
        QuoteKind::Mixed => "mixed: quoted words inside the writer's sentence",
        QuoteKind::Indirect => "reported speech: the writer's words, not a quotation",
    }
}

/// Bytes of a long paragraph shown on each side of a quote in its detail.
const CONTEXT_BYTES: usize = 1500;
/// A quote's own text is shown up to this many bytes.
const QUOTE_BYTES: usize = 16 * 1024;

fn floor(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// The paragraph(s) holding `range`, no more than `CONTEXT_BYTES` either side of it.
pub fn paragraph_around(body: &str, range: &Range<usize>) -> Range<usize> {
    let start = body[..range.start.min(body.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let end = body[range.end.min(body.len())..]
        .find('\n')
        .map_or(body.len(), |i| range.end + i);
    let start = start.max(floor(body, range.start.saturating_sub(CONTEXT_BYTES)));
    let end = end.min(ceil(body, range.end + CONTEXT_BYTES));
    start..end
}

/// The sentence naming the quote's speaker nearest to it, with the name's range (both byte
/// ranges of the body).
pub fn naming_sentence(corpus: &Corpus, q: &Quote) -> Option<(Range<usize>, Range<usize>)> {
    let speaker = q.speaker?;
    let article = q.article as usize;
    let body = &corpus.articles.get(article)?.body;
    let distance = |m: &Range<usize>| {
        if m.end <= q.start as usize {
            q.start as usize - m.end
        } else if m.start >= q.end as usize {
            m.start - q.end as usize
        } else {
            usize::MAX / 2 // inside the quote: only if nothing else names them
        }
    };
    let mention = corpus
        .mentions_in(speaker, article)
        .iter()
        .map(|m| m.range())
        .min_by_key(distance)?;
    // Sentences of the paragraph around the name, found by the extractor's own tokenizer.
    let window = paragraph_around(body, &mention);
    let text = &body[window.clone()];
    let tokens = token::tokenize(text);
    let sentence = token::sentences(&tokens).into_iter().find_map(|s| {
        let first = tokens.get(s.start)?;
        let last = tokens.get(s.end.checked_sub(1)?)?;
        let r = window.start + first.start..window.start + last.end;
        (r.start <= mention.start && mention.end <= r.end).then_some(r)
    })?;
    Some((sentence, mention))
}

/// A quote's detail: the whole quote, who said it and the sentence naming them, its kind, the
/// article's title, outlet, date and URL, and the paragraph around it.
pub fn quote_lines(corpus: &Corpus, qi: usize, width: usize) -> Vec<DocLine> {
    let Some(q) = corpus.quotes.get(qi) else {
        return vec![vec![piece(
            "This quote is no longer in the corpus.",
            Tone::Dim,
        )]];
    };
    let Some(art) = corpus.articles.get(q.article as usize) else {
        return Vec::new();
    };
    let body = &art.body;
    let mut out = Vec::new();
    // The quote, whole (up to a limit), in its marks; reported speech is the writer's words,
    // never put in quotation marks.
    let range = q.range();
    let shown_end = floor(body, range.start + QUOTE_BYTES).min(range.end);
    let words = body.get(range.start..shown_end).unwrap_or("").trim();
    let (open, close) = q.kind.marks();
    let text = format!("{open}{words}{close}");
    out.extend(wrapped(&text, width, 2, Tone::Quote, &[]));
    if shown_end < range.end {
        out.push(vec![piece(
            format!(
                "  … {} more bytes: Enter reads them in the article",
                range.end - shown_end
            ),
            Tone::Dim,
        )]);
    }
    out.push(Vec::new());
    let kind_tone = |id: EntityId| Tone::Entity(corpus.entity(id).kind);
    match q.speaker {
        Some(s) => {
            let e = corpus.entity(s);
            field(
                &mut out,
                width,
                "Said by",
                &format!("{} · {}", e.name, e.kind.as_str()),
                kind_tone(s),
            );
            if let Some((sentence, name)) = naming_sentence(corpus, q) {
                // The quote itself, when the sentence holds it, is shown as "…": it is above.
                let (qs, qe) = (q.start as usize, q.end as usize);
                let elide = sentence.start <= qs
                    && qe <= sentence.end
                    && qe - qs > 12
                    && (name.end <= qs || name.start >= qe);
                let (text, name) = if elide {
                    let text = format!("{}…{}", &body[sentence.start..qs], &body[qe..sentence.end]);
                    let shift = |i: usize| {
                        if i >= qe {
                            i - sentence.start - (qe - qs) + "…".len()
                        } else {
                            i - sentence.start
                        }
                    };
                    (text, shift(name.start)..shift(name.end))
                } else {
                    (
                        body[sentence.clone()].to_string(),
                        name.start - sentence.start..name.end - sentence.start,
                    )
                };
                out.extend(wrapped(&text, width, 10, Tone::Dim, &[(name, Tone::Mark)]));
            }
        }
        None => match corpus.quote_source(q) {
            Some(words) => field(
                &mut out,
                width,
                "Said by",
                &format!(
                    "{} · described, not named",
                    words.split_whitespace().collect::<Vec<_>>().join(" ")
                ),
                Tone::Plain,
            ),
            None => field(
                &mut out,
                width,
                "Said by",
                "unattributed (no speaker found)",
                Tone::Dim,
            ),
        },
    }
    field(&mut out, width, "Kind", quote_kind(q), Tone::Plain);
    field(&mut out, width, "Article", art.title.trim(), Tone::Heading);
    if let Some(outlet) = art.outlet.as_deref().filter(|s| !s.trim().is_empty()) {
        field(&mut out, width, "Outlet", outlet.trim(), Tone::Plain);
    }
    if let Some(raw) = art.date.as_deref().filter(|s| !s.trim().is_empty()) {
        let shown = date::display(raw);
        let value = if shown == raw.trim() {
            shown
        } else {
            format!("{shown} (as written: {})", raw.trim())
        };
        field(&mut out, width, "Date", &value, Tone::Plain);
    }
    if let Some(url) = art.url.as_deref().filter(|s| !s.trim().is_empty()) {
        field(&mut out, width, "URL", url.trim(), Tone::Plain);
    }
    field(&mut out, width, "File", &art.path, Tone::Dim);
    out.push(Vec::new());
    out.push(vec![piece("In the article", Tone::Heading)]);
    let around = paragraph_around(body, &range);
    let text = &body[around.clone()];
    let mut marks: Vec<(Range<usize>, Tone)> = Vec::new();
    if let Some((s, e)) = q.source.filter(|_| q.speaker.is_none()) {
        let r = s as usize..e as usize;
        if r.start >= around.start
            && r.end <= around.end
            && (r.end <= range.start || r.start >= range.end)
        {
            marks.push((r.start - around.start..r.end - around.start, Tone::Mark));
        }
    }
    if let Some(s) = q.speaker {
        for m in corpus.mentions_in(s, q.article as usize) {
            let r = m.range();
            if r.start >= around.start
                && r.end <= around.end
                && (r.end <= range.start || r.start >= range.end)
            {
                marks.push((r.start - around.start..r.end - around.start, kind_tone(s)));
            }
        }
    }
    marks.push((
        range.start.max(around.start) - around.start..range.end.min(around.end) - around.start,
        Tone::Quote,
    ));
    marks.sort_by_key(|(r, _)| r.start);
    let lead = if around.start > 0 && !body[..around.start].ends_with('\n') {
        "…"
    } else {
        ""
    };
    let tail = if around.end < body.len() && !body[around.end..].starts_with('\n') {
        "…"
    } else {
        ""
    };
    let text = format!("{lead}{text}{tail}");
    let shift = lead.len();
    let marks: Vec<(Range<usize>, Tone)> = marks
        .into_iter()
        .map(|(r, t)| (r.start + shift..r.end + shift, t))
        .collect();
    out.extend(wrapped(&text, width, 2, Tone::Plain, &marks));
    out
}

/// How many of an entity's newest articles its detail lists; from how many of the newest
/// articles it spoke in it lists quotes, and how many each.
const DETAIL_ITEMS: usize = 5;
const QUOTE_ARTICLES: usize = 3;
const QUOTES_EACH: usize = 2;

/// An entity's detail: names, how many articles and mentions, quotes said; then its newest
/// articles and the newest quotes it said (from the index's lists: nothing is scanned).
pub fn entity_lines(
    data: &Data,
    id: EntityId,
    listed_articles: Option<u32>,
    width: usize,
) -> Vec<DocLine> {
    let (corpus, index) = (&*data.corpus, &*data.index);
    let Some(e) = corpus.entities.get(id.0 as usize) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    out.extend(wrapped(&e.name, width, 0, Tone::Entity(e.kind), &[]));
    out.push(Vec::new());
    field(&mut out, width, "Kind", e.kind.as_str(), Tone::Plain);
    if !e.aliases.is_empty() {
        field(&mut out, width, "Also", &e.aliases.join(", "), Tone::Plain);
    }
    let articles = match listed_articles {
        Some(n) if n as usize != e.article_count => {
            format!("{} (of the listed articles: {n})", e.article_count)
        }
        _ => e.article_count.to_string(),
    };
    field(&mut out, width, "Articles", &articles, Tone::Plain);
    field(
        &mut out,
        width,
        "Mentions",
        &e.mentions.len().to_string(),
        Tone::Plain,
    );
    let said = index.quotes_said_by(id);
    field(
        &mut out,
        width,
        "Quotes",
        &format!("{} said by them", said.len()),
        Tone::Plain,
    );
    let dated = |a: u32| {
        let art = &corpus.articles[a as usize];
        let when = art.date.as_deref().map(date::display).unwrap_or_default();
        if when.is_empty() {
            art.title.to_string()
        } else {
            format!("{when} · {}", art.title)
        }
    };
    let newest = index.newest(index.articles_mentioning(id).iter().copied(), DETAIL_ITEMS);
    if !newest.is_empty() {
        out.push(Vec::new());
        out.push(vec![piece("Newest articles", Tone::Heading)]);
        for a in newest {
            out.extend(wrapped(&dated(a), width, 2, Tone::Plain, &[]));
        }
    }
    // The newest quotes: from the newest articles it spoke in, a few each, quotations before
    // reported speech.
    let spoke_in = said.iter().map(|&q| corpus.quotes[q as usize].article);
    let mut spoke_in: Vec<u32> = spoke_in.collect();
    spoke_in.dedup();
    let newest = index.newest(spoke_in, QUOTE_ARTICLES);
    if !newest.is_empty() {
        out.push(Vec::new());
        out.push(vec![piece("Newest quotes said by them", Tone::Heading)]);
        for a in newest {
            out.extend(wrapped(&dated(a), width, 2, Tone::Dim, &[]));
            let lo = said.partition_point(|&q| corpus.quotes[q as usize].article < a);
            let mut here: Vec<&Quote> = said[lo..]
                .iter()
                .map(|&q| &corpus.quotes[q as usize])
                .take_while(|q| q.article == a)
                .collect();
            here.sort_by_key(|q| q.kind == QuoteKind::Indirect);
            for quote in here.into_iter().take(QUOTES_EACH) {
                let (open, close) = quote.kind.marks();
                let text = corpus.quote_text(quote);
                let cut = floor(text, 240);
                let more = if cut < text.len() { "…" } else { "" };
                let line = format!("{open}{}{more}{close}", &text[..cut]);
                out.extend(wrapped(&line, width, 4, Tone::Quote, &[]));
            }
        }
    }
    out.push(Vec::new());
    out.extend(wrapped(
        "Enter pins it: the articles that mention it, the people, places and organisations named with it, and its quotes.",
        width,
        0,
        Tone::Dim,
        &[],
    ));
    out
}

/// The visible lines of the warnings view: warnings from `first` on, wrapped, until `height`
/// lines are filled (the cost never depends on how many warnings there are).
pub fn warning_lines(
    corpus: Option<&Corpus>,
    first: usize,
    width: usize,
    height: usize,
) -> Vec<DocLine> {
    let warnings = corpus.map_or(&[][..], |c| &c.warnings[..]);
    if warnings.is_empty() {
        return vec![vec![piece("No warnings.", Tone::Dim)]];
    }
    let mut out = Vec::new();
    for w in warnings.iter().skip(first).take(height.max(1)) {
        out.extend(wrapped(&w.to_string(), width, 0, Tone::Plain, &[]));
        if out.len() >= height {
            break;
        }
    }
    out.truncate(height.max(1));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::fixture;

    fn text(lines: &[DocLine]) -> String {
        lines
            .iter()
            .map(|l| l.iter().map(|p| p.text.as_str()).collect::<String>())
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn help_wraps_to_the_width_and_lists_every_binding() {
        for width in [30, 60, 90] {
            let lines = help_lines(width, keymap::Keymap::bundled());
            for l in &lines {
                let w: usize = l
                    .iter()
                    .map(|p| unicode_width::UnicodeWidthStr::width(p.text.as_str()))
                    .sum();
                assert!(w <= width, "{w} > {width}: {l:?}");
            }
            let all = text(&lines);
            for b in keymap::bindings() {
                assert!(all.contains(&b.keys_label()), "{}", b.keys_label());
            }
        }
    }

    #[test]
    fn an_entitys_detail_lists_its_newest_articles_and_quotes() {
        let corpus = fixture::corpus();
        let index = crate::filter::Index::build(&corpus);
        let id = corpus
            .entities
            .iter()
            .find(|e| e.name == "Badr Al Busaidi")
            .unwrap()
            .id;
        let data = Data {
            corpus: std::sync::Arc::new(corpus),
            index: std::sync::Arc::new(index),
        };
        let all = text(&entity_lines(&data, id, None, 80));
        assert!(all.contains("Quotes    2 said by them"), "{all}");
        // Newest first: the 12 February article, then the 7 February one.
        let newer = all.find("2025-02-12 · Oman offers to host").unwrap();
        let older = all.find("2025-02-07 · Iran and US hold").unwrap();
        assert!(newer < older, "{all}");
        let quotes = all.split("Newest quotes said by them").nth(1).unwrap();
        let reunite = quotes.find("“We want both sides").unwrap();
        let helpful = quotes.find("“It was helpful").unwrap();
        assert!(reunite < helpful, "{quotes}");
    }

    #[test]
    fn reported_speech_is_never_called_or_copied_as_a_quotation() {
        let mut c = fixture::corpus();
        let qi = c
            .quotes
            .iter()
            .position(|q| c.quote_text(q).starts_with("Unveiling"))
            .unwrap();
        c.quotes[qi].kind = QuoteKind::Indirect;
        let flat = text(&quote_lines(&c, qi, 60))
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(flat.contains("Kind reported speech"), "{flat}");
        // Shown first without quotation marks (the paragraph below keeps the article's own).
        assert!(flat.starts_with("reported: Unveiling"), "{flat}");
        assert!(!flat.contains("direct quote"), "{flat}");
        let cited = super::super::citation(&c, qi);
        assert!(
            cited.starts_with("Reported (not a quotation): Unveiling"),
            "{cited}"
        );
        assert!(!cited.contains("“Unveiling"), "{cited}");
    }

    #[test]
    fn a_quote_detail_has_the_whole_quote_speaker_and_source() {
        let c = fixture::corpus();
        let qi = c
            .quotes
            .iter()
            .position(|q| c.quote_text(q).starts_with("Unveiling"))
            .unwrap();
        let lines = quote_lines(&c, qi, 50);
        let all = text(&lines);
        let flat = all.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            flat.contains("even if we sit at the negotiating table."),
            "{all}"
        );
        assert!(flat.contains("Said by Yadollah Javani · person"), "{all}");
        assert!(
            flat.contains("Yadollah Javani, a deputy commander of the IRGC, said:"),
            "{all}"
        );
        assert!(flat.contains("Kind direct quote"));
        assert!(flat.contains("Article IRGC unveils new missile"));
        assert!(flat.contains("Outlet Wire Service"));
        assert!(flat.contains("Date 2025-02-09"));
        assert!(flat.contains("In the article"));
        for l in &lines {
            let w: usize = l
                .iter()
                .map(|p| unicode_width::UnicodeWidthStr::width(p.text.as_str()))
                .sum();
            assert!(w <= 50, "{l:?}");
        }
    }

    #[test]
    fn the_paragraph_around_a_quote_is_bounded() {
        let body = format!("{}“said”{}", "a ".repeat(5000), " b".repeat(5000));
        let q = 10000 + "“".len()..10000 + "“said".len();
        let r = paragraph_around(&body, &q);
        assert!(r.len() <= 2 * CONTEXT_BYTES + q.len() + 8);
        assert!(r.start <= q.start && q.end <= r.end);
    }

    #[test]
    fn warnings_are_drawn_from_where_the_view_is_only() {
        let mut c = fixture::corpus();
        c.warnings = (0..100_000)
            .map(|i| crate::load::LoadWarning::new(&format!("f{i}.txt"), "unreadable"))
            .collect();
        let lines = warning_lines(Some(&c), 99_990, 40, 5);
        assert_eq!(lines.len(), 5);
        assert!(text(&lines).contains("f99990.txt"));
    }
}
