//! The files a newsroom has, each read by its own parser: HTML pages, RSS and Atom feeds,
//! CSV/TSV exports, API responses (NewsAPI, Guardian, NYT, Elasticsearch), news-database text
//! exports (LexisNexis, Factiva), web archives, and any of them compressed. Fixtures are small
//! real-shaped files under tests/fixtures/formats.

mod common;

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use common::corpus::{build, lede, titles, warning_for, write};
use lede::model::{Article, Corpus};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats")
        .join(name)
}

fn load(name: &str) -> Corpus {
    build(&[fixture(name)])
}

fn article<'a>(c: &'a Corpus, title: &str) -> &'a Article {
    c.articles
        .iter()
        .find(|a| a.title == title)
        .unwrap_or_else(|| panic!("no article {title:?} in {:?}", titles(c)))
}

/// (quote text, speaker) for every quote of an article.
fn quotes(c: &Corpus, index: usize) -> Vec<(String, Option<String>)> {
    c.quotes_in(index)
        .iter()
        .map(|q| {
            (
                c.quote_text(q).to_string(),
                q.speaker.map(|s| c.entity(s).name.clone()),
            )
        })
        .collect()
}

fn no_markup(c: &Corpus) {
    for a in &c.articles {
        for bad in [
            "<p",
            "</",
            "&ldquo;",
            "&#",
            "&amp;",
            "CDATA",
            "dataLayer",
            "font-family",
        ] {
            assert!(!a.body.contains(bad), "{bad} in {:?}", a.body);
        }
    }
}

#[test]
fn html_page_main_text_and_metadata() {
    let c = load("sample_article.html");
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    assert_eq!(c.articles.len(), 1);
    let a = &c.articles[0];
    no_markup(&c);
    assert_eq!(
        a.title,
        "Iran, US hold ‘positive’ talks in Oman amid fears of war"
    );
    assert_eq!(a.date.as_deref(), Some("2026-02-06T18:42:11Z"));
    assert_eq!(
        a.url.as_deref(),
        Some("https://www.aljazeera.com/news/2026/2/6/iran-us-talks-oman"),
        "the canonical URL, not og:url with its tracking"
    );
    assert_eq!(a.author.as_deref(), Some("Tohid Asadi"));
    assert_eq!(a.outlet.as_deref(), Some("Al Jazeera"));
    assert!(
        a.body
            .starts_with("Tehran, Iran – Iranian officials described")
    );
    assert_eq!(a.dateline.as_deref(), Some("Tehran, Iran"));
    // Navigation, share bars, the "Recommended stories" box and the footer are gone.
    for furniture in [
        "Skip to content",
        "Middle East",
        "Share on",
        "Recommended stories",
        "Khalil al-Hayya",
        "Georgia",
        "Terms",
        "Published On",
    ] {
        assert!(!a.body.contains(furniture), "{furniture} in the body");
    }
    // Entities decoded: curly quotes from &ldquo;...&rdquo;.
    assert!(a.body.contains("“good start”"));
}

/// The sample article read from its saved web page finds what its text form finds.
#[test]
fn the_sample_article_as_html_gives_the_same_quotes_and_entities_as_its_text() {
    let html = load("sample_article.html");
    let text = build(&[Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/corpus/seed")]);
    assert_eq!(text.articles.len(), 1);
    assert_eq!(quotes(&html, 0), quotes(&text, 0));
    let entities = |c: &Corpus| -> BTreeSet<(String, String)> {
        c.entities
            .iter()
            .map(|e| (e.name.clone(), format!("{:?}", e.kind)))
            .collect()
    };
    assert_eq!(entities(&html), entities(&text));
    assert!(quotes(&text, 0).len() >= 10, "not vacuous");
    assert!(!entities(&html).iter().any(|(n, _)| n == "Georgia"));
}

#[test]
fn rss_one_article_per_item_with_html_content() {
    let c = load("feed.rss");
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    no_markup(&c);
    assert_eq!(c.articles.len(), 2);
    let a = article(
        &c,
        "Trump warns Iran as talks in Oman end without a roadmap",
    );
    assert_eq!(a.date.as_deref(), Some("2026-02-06T18:30:00Z"));
    assert_eq!(
        a.url.as_deref(),
        Some("https://news.example.org/world/2026/feb/06/trump-iran-oman")
    );
    assert_eq!(a.author.as_deref(), Some("Patrick Wintour"));
    assert_eq!(a.outlet.as_deref(), Some("World News & Analysis"));
    assert!(!a.body.contains("Share") && !a.body.contains("track("));
    let i = c.articles.iter().position(|x| x.id == a.id).unwrap();
    assert!(
        quotes(&c, i).contains(&("one last chance".into(), Some("Donald Trump".into()))),
        "{:?}",
        quotes(&c, i)
    );
    // A description holding escaped HTML is read as HTML too; &#8217; in a title decoded.
    let b = article(&c, "Oman’s foreign minister shuttles between delegations");
    assert!(b.body.contains("“reunite at the right time”"), "{}", b.body);
    let orgs: Vec<&str> = c.entities.iter().map(|e| e.name.as_str()).collect();
    assert!(
        !orgs.contains(&"CDATA") && !orgs.contains(&"GMT"),
        "{orgs:?}"
    );
}

#[test]
fn atom_entries_with_html_and_xhtml() {
    let c = load("feed.atom");
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    no_markup(&c);
    let a = article(&c, "Iran unveils Khorramshahr-4 missile");
    assert_eq!(a.author.as_deref(), Some("Maziar Motamedi"));
    assert_eq!(a.outlet.as_deref(), Some("Global Desk"));
    assert_eq!(a.date.as_deref(), Some("2026-02-05T09:15:00Z"));
    assert_eq!(
        a.url.as_deref(),
        Some("https://desk.example.com/2026/02/05/iran-missile")
    );
    assert!(a.body.contains("\n\nThe missile was shown in Tehran."));
    let b = article(&c, "Residents of Tehran weigh the talks");
    assert_eq!(
        b.date.as_deref(),
        Some("2026-02-06T07:40:00Z"),
        "updated when not published"
    );
    assert!(
        b.body
            .starts_with("Soroush, a resident of Tehran, said: “War")
    );
}

#[test]
fn csv_with_quoted_multi_line_cells_and_doubled_quotes() {
    let c = load("export.csv");
    no_markup(&c);
    assert_eq!(
        titles(&c),
        [
            "Talks resume in Oman",
            "Trump: \"one last chance\" for Iran"
        ]
    );
    let a = &c.articles[0];
    assert_eq!(
        a.body,
        "Foreign Minister Abbas Araghchi said the talks were a \"good start\".\n\n\
         He added that the next round would be decided \"after consultation with the capitals\"."
    );
    assert_eq!(
        a.date.as_deref(),
        Some("2026-02-06"),
        "\"Published At\" maps to the date"
    );
    assert_eq!(a.author.as_deref(), Some("Patrick Wintour"));
    assert_eq!(a.outlet.as_deref(), Some("The Guardian"));
    assert_eq!(a.url.as_deref(), Some("https://example.org/a"));
    assert_eq!(a.id, "export:2");
    assert_eq!(
        quotes(&c, 0),
        [
            ("good start".to_string(), Some("Abbas Araghchi".to_string())),
            (
                "after consultation with the capitals".to_string(),
                Some("Abbas Araghchi".to_string())
            )
        ]
    );
    // The header row is no article and titles are not quotes.
    assert!(!titles(&c).contains(&"Title,Published At,Author,Source,URL,Text"));
    // The empty row warns, naming its row.
    let w = warning_for(&c, "export.csv");
    assert_eq!(w.line, Some(4));
    assert!(w.message.contains("no text field"));
}

#[test]
fn csv_without_a_text_column_names_the_columns_it_saw() {
    let c = load("export_no_text.csv");
    assert!(c.articles.is_empty());
    let w = warning_for(&c, "export_no_text.csv");
    assert!(w.message.contains("no text column"), "{w}");
    assert!(
        w.message.contains("id, headline, published, section"),
        "{w}"
    );
}

#[test]
fn tsv() {
    let c = load("export.tsv");
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    assert_eq!(titles(&c), ["Talks resume in Oman", "Second"]);
    assert_eq!(c.articles[1].body, "Witkoff said “we will see”.");
}

#[test]
fn newsapi_response() {
    let c = load("newsapi.json");
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    let a = article(&c, "Iran, US hold ‘positive’ talks in Oman");
    assert_eq!(
        a.outlet.as_deref(),
        Some("Al Jazeera English"),
        "source.name"
    );
    assert_eq!(
        a.date.as_deref(),
        Some("2026-02-06T18:42:11Z"),
        "publishedAt"
    );
    assert_eq!(a.author.as_deref(), Some("Al Jazeera Staff"));
    assert!(
        a.body.ends_with("more talks would follow…"),
        "the [+N chars] note is cut: {}",
        a.body
    );
    // `content` null: the description is the text.
    let b = article(&c, "Oil falls as Iran talks ease supply fears");
    assert!(b.body.starts_with("Oil prices fell"));
    assert_eq!(b.outlet.as_deref(), Some("Reuters"));
}

#[test]
fn guardian_response_with_html_body() {
    let c = load("guardian.json");
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    no_markup(&c);
    let a = article(&c, "Iran and US hold indirect talks in Oman");
    assert_eq!(
        a.body,
        "Iran’s foreign minister, Abbas Araghchi, said the talks with Steve Witkoff were “a good start”.\n\n\
         Oman’s foreign ministry said the aim was to “reunite at the right time”."
    );
    assert_eq!(a.date.as_deref(), Some("2026-02-06T17:00:00Z"));
    assert_eq!(
        a.url.as_deref(),
        Some("https://www.theguardian.com/world/2026/feb/06/iran-us-talks-oman")
    );
    assert_eq!(
        a.author.as_deref(),
        Some("Patrick Wintour Diplomatic editor")
    );
}

#[test]
fn nyt_article_search_response() {
    let c = load("nyt.json");
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    let a = article(
        &c,
        "Iran and U.S. Meet in Oman, Agreeing Only to Talk Again",
    );
    assert_eq!(
        a.author.as_deref(),
        Some("David E. Sanger and Farnaz Fassihi")
    );
    assert_eq!(a.outlet.as_deref(), Some("The New York Times"));
    assert_eq!(a.date.as_deref(), Some("2026-02-06T19:12:04+0000"));
    assert!(a.body.contains("Abbas Araghchi called the meeting"));
    assert_eq!(a.id, "nyt://article/1c2f6a0e");
}

#[test]
fn elasticsearch_hits() {
    let c = load("elastic.json");
    let a = article(&c, "Witkoff and Kushner lead US delegation");
    assert_eq!(a.id, "a1b2c3", "the hit's _id");
    assert_eq!(a.author.as_deref(), Some("Jane Doe, John Roe"));
    assert_eq!(a.outlet.as_deref(), Some("example.com"));
    assert_eq!(a.date.as_deref(), Some("2026-02-06"));
    let w = warning_for(&c, "elastic.json");
    assert_eq!(w.line, Some(2), "the second hit");
    assert!(w.message.contains("no text field"));
}

#[test]
fn lexisnexis_export_of_three_articles() {
    let c = load("lexisnexis.txt");
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    assert_eq!(
        titles(&c),
        [
            "Iran and US hold indirect talks in Oman",
            "Oil prices fall as Iran talks ease supply fears",
            "Trump says Iran has 'one last chance'"
        ]
    );
    let a = &c.articles[0];
    assert_eq!(a.outlet.as_deref(), Some("The Guardian (London)"));
    assert_eq!(
        a.date.as_deref(),
        Some("February 6, 2026 Friday 5:00 PM GMT")
    );
    assert_eq!(
        a.author.as_deref(),
        Some("Patrick Wintour Diplomatic editor")
    );
    assert_eq!(
        a.body,
        "Iran's foreign minister, Abbas Araghchi, said the talks with the US envoy Steve Witkoff \
         were \"a good start\".\n\nHe said the next round would be decided \"after consultation \
         with the capitals\"."
    );
    let last = &c.articles[2];
    assert_eq!(last.author.as_deref(), Some("Missy Ryan; John Hudson"));
    assert_eq!(last.outlet.as_deref(), Some("The Washington Post"));
    assert!(
        last.body.ends_with("a day after talks in Oman."),
        "trailer dropped: {:?}",
        last.body
    );
    for a in &c.articles {
        for header in [
            "Load-Date",
            "Copyright",
            "Length:",
            "Byline",
            "End of Document",
        ] {
            assert!(!a.body.contains(header), "{header} in {:?}", a.body);
        }
    }
}

#[test]
fn factiva_export() {
    let c = load("factiva.txt");
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    assert_eq!(c.articles.len(), 2);
    let a = &c.articles[0];
    assert_eq!(
        a.title,
        "Iran, US talks in Oman end with promise to meet again"
    );
    assert_eq!(a.author.as_deref(), Some("Patrick Wintour"));
    assert_eq!(a.outlet.as_deref(), Some("The Guardian"));
    assert_eq!(a.date.as_deref(), Some("6 February 2026"));
    assert!(a.body.starts_with("Foreign Minister Abbas Araghchi"));
    assert_eq!(c.articles[1].outlet.as_deref(), Some("Reuters News"));
    assert!(
        c.articles[1]
            .body
            .starts_with("LONDON, Feb 6 (Reuters) - Oil prices eased")
    );
}

#[test]
fn warc_html_responses_only() {
    let c = load("crawl.warc");
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    no_markup(&c);
    assert_eq!(titles(&c), ["Talks resume in Oman", "Missile unveiled"]);
    let a = &c.articles[0];
    assert_eq!(
        a.url.as_deref(),
        Some("https://news.example.com/2026/02/06/talks-resume")
    );
    assert_eq!(
        a.date.as_deref(),
        Some("2026-02-06T10:00:00Z"),
        "the page's own date"
    );
    assert_eq!(a.outlet.as_deref(), Some("Example News"));
    assert!(!a.body.contains("Home") && !a.body.contains("Copyright"));
    // Chunked, Latin-1 as its Content-Type says, dated by the record.
    let b = &c.articles[1];
    assert!(b.body.contains("«unveiling the missile"), "{}", b.body);
    assert_eq!(b.date.as_deref(), Some("2026-02-05T08:30:00Z"));
    assert_eq!(b.url.as_deref(), Some("https://other.example.net/missile"));
}

/// Header values that are not UTF-8 (the `warc` crate's `Record::header` panics on them; found
/// by fuzzing): the archive still loads, with the bytes read as far as they go.
#[test]
fn warc_header_values_that_are_not_utf8() {
    let good = std::fs::read(fixture("crawl.warc")).unwrap();
    let mut bad = Vec::new();
    let mut rest: &[u8] = &good;
    // Every Content-Type and target URI value gets two 0xFF bytes in it.
    while let Some(at) = find_either(rest) {
        let line_end = at + rest[at..].iter().position(|&b| b == b'\r').unwrap();
        bad.extend_from_slice(&rest[..line_end]);
        bad.extend_from_slice(&[0xFF, 0xFF]);
        rest = &rest[line_end..];
    }
    bad.extend_from_slice(rest);
    assert_ne!(bad, good);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad-headers.warc");
    std::fs::write(&path, &bad).unwrap();
    let c = build(&[path]);
    assert_eq!(titles(&c), ["Talks resume in Oman", "Missile unveiled"]);
    assert!(
        c.articles[0]
            .url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://news.example.com/2026/02/06/talks-resume")),
        "{:?}",
        c.articles[0].url
    );
}

/// The next WARC header line (at a line start) naming the content type or the target URI.
fn find_either(bytes: &[u8]) -> Option<usize> {
    ["\nContent-Type: application/", "\nWARC-Target-URI: "]
        .iter()
        .filter_map(|k| {
            bytes
                .windows(k.len())
                .position(|w| w == k.as_bytes())
                .map(|p| p + 1)
        })
        .min()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

/// Every fixture gzipped loads the same articles; zstd and bzip2 too for one of them.
#[test]
fn every_format_compressed() {
    let dir = tempfile::tempdir().unwrap();
    let names = [
        "sample_article.html",
        "feed.rss",
        "feed.atom",
        "export.csv",
        "export.tsv",
        "newsapi.json",
        "guardian.json",
        "nyt.json",
        "elastic.json",
        "lexisnexis.txt",
        "factiva.txt",
        "crawl.warc",
    ];
    for name in names {
        let bytes = std::fs::read(fixture(name)).unwrap();
        let gz = write(dir.path(), format!("{name}.gz"), &gzip(&bytes));
        let plain = load(name);
        let packed = build(&[gz]);
        assert_eq!(titles(&packed), titles(&plain), "{name}.gz");
        let bodies = |c: &Corpus| {
            c.articles
                .iter()
                .map(|a| a.body.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(bodies(&packed), bodies(&plain), "{name}.gz");
        assert!(!plain.articles.is_empty(), "{name}");
    }
    let rss = std::fs::read(fixture("feed.rss")).unwrap();
    let zst = write(
        dir.path(),
        "feed.rss.zst",
        &zstd::encode_all(&rss[..], 3).unwrap(),
    );
    let mut bz = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::default());
    bz.write_all(&rss).unwrap();
    let bz2 = write(dir.path(), "feed.xml.bz2", &bz.finish().unwrap());
    assert_eq!(titles(&build(&[zst])).len(), 2);
    assert_eq!(titles(&build(&[bz2])).len(), 2);
    // A .jsonl.gz is streamed record by record.
    let lines =
        "{\"title\": \"One\", \"text\": \"A.\"}\n{broken\n{\"title\": \"Two\", \"text\": \"B.\"}\n";
    let jsonl = write(dir.path(), "feed.jsonl.gz", &gzip(lines.as_bytes()));
    let c = build(&[jsonl]);
    assert_eq!(titles(&c), ["One", "Two"]);
    assert_eq!(warning_for(&c, "feed.jsonl.gz").line, Some(2));
}

/// Standard input is sniffed: each format arrives without a name.
#[test]
fn standard_input_is_sniffed() {
    for (name, expected) in [
        ("sample_article.html", 1),
        ("feed.rss", 2),
        ("feed.atom", 2),
        ("export.csv", 2),
        ("newsapi.json", 2),
        ("crawl.warc", 2),
    ] {
        let bytes = std::fs::read(fixture(name)).unwrap();
        let (out, err, ok) =
            common::corpus::run_with_stdin(&["extract", "--json", "-"], &gzip(&bytes));
        assert!(ok, "{name}: {err}");
        assert_eq!(out.lines().count(), expected, "{name}: {out}\n{err}");
    }
}

#[test]
fn folders_read_every_format_and_sum_up_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "feed.rss",
        "export.csv",
        "sample_article.html",
        "crawl.warc",
    ] {
        std::fs::copy(fixture(name), dir.path().join(name)).unwrap();
    }
    std::fs::copy(fixture("feed.atom"), dir.path().join("desk.xml")).unwrap();
    for name in ["a.pdf", "b.pdf", "c.docx", "d.pdf", "notes"] {
        write(dir.path(), name, b"%PDF-1.7");
    }
    let c = build(&[dir.path().to_path_buf()]);
    assert_eq!(c.articles.len(), 2 + 2 + 1 + 2 + 2, "{:?}", titles(&c));
    let text: Vec<String> = c
        .warnings
        .iter()
        .filter(|w| w.path == "folders")
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        text,
        ["folders: skipped 5 files: 3 .pdf, 1 (no ending), 1 .docx — not a format lede reads"]
    );
    // On stderr too, once.
    let out = lede().arg("stats").arg(dir.path()).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches("skipped 5 files").count(), 1, "{stderr}");
}

/// A mistyped path alone: the error and a non-zero exit before any explorer opens (this runs
/// without a terminal, where the explorer would refuse anyway, so the message is checked).
#[test]
fn a_path_that_does_not_exist() {
    let out = lede().arg("typo.jsonl").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("typo.jsonl: cannot read"), "{stderr}");
    assert!(!stderr.contains("needs a terminal"), "{stderr}");
    // With a good input beside it: a warning, and the rest loads.
    let out = lede()
        .args(["stats", "typo.jsonl"])
        .arg(fixture("feed.rss"))
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("typo.jsonl: cannot read"));
}
