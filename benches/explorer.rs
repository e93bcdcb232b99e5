//! Explorer latency on real news text: building the search index, typing each query of the
//! battery keystroke by keystroke, a pinned entity, and drawing a frame. The corpus is
//! `LEDE_BENCH_CORPUS` (a file or folder), or else 20,000 real articles made once by
//! `../shared/bench/realcorpus.py` into `target/` (`LEDE_BENCH_ARTICLES` to change), or else the
//! bundled corpus copied 4,000 times. The queries are `../shared/bench/queries.txt` when there.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command as Process;

use criterion::{Criterion, criterion_group, criterion_main};
use lede::app::{self, App, Command, Msg};
use lede::corpus;
use lede::filter::{self, Index, Query, Request};
use lede::load;
use lede::model::{Article, Corpus, Entity, Mention, Quote};
use lede::ui::{self, theme::ColorMode, theme::Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/bench");

/// The real-text corpus file, made on first use.
fn real_corpus() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("LEDE_BENCH_CORPUS") {
        return Some(PathBuf::from(p));
    }
    let articles: usize = std::env::var("LEDE_BENCH_ARTICLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    let out = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join(format!("bench-real-{articles}.jsonl"));
    if out.exists() {
        return Some(out);
    }
    let script = Path::new(SHARED).join("realcorpus.py");
    let made = Process::new("python3")
        .arg(&script)
        .args(["--articles", &articles.to_string(), "--out"])
        .arg(&out)
        .status()
        .is_ok_and(|s| s.success());
    made.then_some(out)
}

fn queries() -> Vec<String> {
    std::fs::read_to_string(Path::new(SHARED).join("queries.txt"))
        .map(|t| lede::bench::read_queries(&t))
        .unwrap_or_else(|_| {
            [
                "trump",
                "clinton said",
                "p:abbas araghchi",
                "\"white house\"",
                "argachi",
            ]
            .map(String::from)
            .to_vec()
        })
}

/// The bundled corpus `copies` times over, each copy's titles numbered.
fn big_corpus(copies: usize) -> Corpus {
    let (c, _) = corpus::build(&load::bundled_files(), Vec::new());
    let n = c.articles.len() as u32;
    let articles: Vec<Article> = (0..copies)
        .flat_map(|r| {
            c.articles.iter().map(move |a| Article {
                id: format!("{}-{r}", a.id).into(),
                title: format!("{} {r}", a.title).into(),
                ..a.clone()
            })
        })
        .collect();
    let entities: Vec<Entity> = c
        .entities
        .iter()
        .map(|e| Entity {
            mentions: (0..copies as u32)
                .flat_map(|r| {
                    e.mentions.iter().map(move |m| Mention {
                        article: m.article + r * n,
                        ..*m
                    })
                })
                .collect(),
            article_count: e.article_count * copies,
            ..e.clone()
        })
        .collect();
    let quotes: Vec<Quote> = (0..copies as u32)
        .flat_map(|r| {
            c.quotes.iter().map(move |q| Quote {
                article: q.article + r * n,
                ..q.clone()
            })
        })
        .collect();
    Corpus::new(articles, entities, quotes, Vec::new())
}

fn load_corpus() -> Corpus {
    match real_corpus() {
        Some(path) => {
            let (inputs, warnings) = load::expand_paths(&[path]);
            corpus::build(&inputs, warnings).0
        }
        None => big_corpus(4000),
    }
}

fn benches(c: &mut Criterion) {
    let corpus = load_corpus();
    eprintln!("bench corpus: {} articles", corpus.articles.len());
    let mut g = c.benchmark_group("explorer");
    g.sample_size(10);
    g.bench_function("index build", |b| {
        b.iter(|| black_box(Index::build(&corpus)))
    });
    let index = Index::build(&corpus);
    let run = |request: &Request| {
        filter::search(&corpus, &index, request, &|| false).expect("not cancelled")
    };
    // Each query of the battery typed keystroke by keystroke, as the explorer does, from a
    // cold cache; the time is for the whole query (divide by its length for a keystroke).
    for text in queries() {
        g.bench_function(format!("type {text}"), |b| {
            b.iter(|| {
                index.clear_cache();
                for (i, c) in text.char_indices() {
                    black_box(run(&Request {
                        query: Query::typing(&text[..i + c.len_utf8()]),
                        ..Request::default()
                    }));
                }
            })
        });
    }
    let busiest = corpus
        .entities
        .iter()
        .max_by_key(|e| e.mentions.len())
        .map(|e| e.id);
    let pinned = Request {
        chips: busiest.into_iter().collect(),
        ..Request::default()
    };
    g.bench_function("pinned busiest entity", |b| {
        b.iter(|| black_box(run(&pinned)))
    });

    let app = App::ready(corpus.clone(), Theme::new(ColorMode::TrueColor), 120, 40);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("test terminal");
    g.bench_function("draw 120x40", |b| {
        b.iter(|| terminal.draw(|f| ui::draw(&app, f)).map(|_| ()))
    });
    g.finish();

    // One frame at 200x60, the size the target is set for: the whole corpus listed,
    // then with a query highlighted in every pane and an article open.
    let mut g = c.benchmark_group("render");
    g.sample_size(50);
    let mut app = App::ready(corpus.clone(), Theme::new(ColorMode::TrueColor), 200, 60);
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("test terminal");
    g.bench_function("frame 200x60", |b| {
        b.iter(|| terminal.draw(|f| ui::draw(&app, f)).map(|_| ()))
    });
    app::update(&mut app, Msg::Command(Command::OpenFilter));
    app::update(&mut app, Msg::Paste("iran talks".to_string()));
    app::settle(&mut app);
    app::update(&mut app, Msg::Command(Command::LeaveFilter));
    app::update(&mut app, Msg::Command(Command::Open));
    g.bench_function("frame 200x60, query and article", |b| {
        b.iter(|| terminal.draw(|f| ui::draw(&app, f)).map(|_| ()))
    });
    // A quote's detail over the panes (wrapped for the frame, its paragraph and speaker found).
    app::update(&mut app, Msg::Command(Command::FocusQuotes));
    app::update(&mut app, Msg::Command(Command::Detail));
    g.bench_function("frame 200x60, quote detail", |b| {
        b.iter(|| terminal.draw(|f| ui::draw(&app, f)).map(|_| ()))
    });
    g.finish();

    // The UI thread's share of opening a 100 MB article (the rest is wrapped by a worker), and
    // of a frame of the warnings view over a million warnings.
    let mut g = c.benchmark_group("ui thread");
    g.sample_size(10);
    let huge = huge_article_corpus(100_000_000);
    let mut app = App::ready(huge, Theme::new(ColorMode::TrueColor), 200, 60);
    g.bench_function("select a 100 MB article", |b| {
        b.iter(|| {
            app::update(&mut app, Msg::Command(Command::Down));
            app::update(&mut app, Msg::Command(Command::Up));
            black_box(app.take_effects())
        })
    });
    g.bench_function("resize with a 100 MB article open", |b| {
        let mut w = 200;
        b.iter(|| {
            w = if w == 200 { 180 } else { 200 };
            app::update(
                &mut app,
                Msg::Resize {
                    width: w,
                    height: 60,
                },
            );
            black_box(app.take_effects())
        })
    });
    let mut warned = corpus.clone();
    warned.warnings = (0..1_000_000)
        .map(|i| lede::load::LoadWarning::at_line("feed.jsonl", i + 1, "malformed JSON line"))
        .collect();
    let mut app = App::ready(warned, Theme::new(ColorMode::TrueColor), 200, 60);
    app::update(&mut app, Msg::Command(Command::Warnings));
    app::update(&mut app, Msg::Command(Command::Bottom));
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("test terminal");
    g.bench_function("frame 200x60, warnings view of 1,000,000", |b| {
        b.iter(|| terminal.draw(|f| ui::draw(&app, f)).map(|_| ()))
    });
    g.finish();
}

/// The bundled corpus with its first article's body grown to about `bytes`.
fn huge_article_corpus(bytes: usize) -> Corpus {
    let (c, _) = corpus::build(&load::bundled_files(), Vec::new());
    let mut articles = c.articles.clone();
    let seed = articles[1].body.clone();
    let mut body = String::with_capacity(bytes + seed.len());
    while body.len() < bytes {
        body.push_str(&seed);
        body.push('\n');
    }
    articles[1].body = body;
    let keep = |a: u32| a != 1;
    let entities: Vec<Entity> = c
        .entities
        .iter()
        .map(|e| Entity {
            mentions: e
                .mentions
                .iter()
                .filter(|m| keep(m.article))
                .copied()
                .collect(),
            ..e.clone()
        })
        .collect();
    let quotes: Vec<Quote> = c
        .quotes
        .iter()
        .filter(|q| keep(q.article))
        .cloned()
        .collect();
    Corpus::new(articles, entities, quotes, Vec::new())
}

criterion_group!(explorer, benches);
criterion_main!(explorer);
