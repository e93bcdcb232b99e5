//! Explorer latency on a large corpus: building the search index, one keystroke's search
//! (fresh and narrowing the previous results), a pinned entity, and drawing a frame.
//! The bundled corpus is copied to about 100,000 articles (`LEDE_BENCH_COPIES` to change).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use lede::app::{self, Action, App};
use lede::corpus;
use lede::filter::{self, Index, Query, Request};
use lede::load;
use lede::model::{Article, Corpus, Entity, Mention, Quote};
use lede::ui::{self, theme::ColorMode, theme::Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The bundled corpus `copies` times over, each copy's titles numbered.
fn big_corpus(copies: usize) -> Corpus {
    let (c, _) = corpus::build(&load::bundled_files(), Vec::new());
    let n = c.articles.len() as u32;
    let articles: Vec<Article> = (0..copies)
        .flat_map(|r| {
            c.articles.iter().map(move |a| Article {
                id: format!("{}-{r}", a.id),
                title: format!("{} {r}", a.title),
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

fn benches(c: &mut Criterion) {
    let copies = std::env::var("LEDE_BENCH_COPIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4000);
    let corpus = big_corpus(copies);
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
    for q in [
        "a",
        "iran",
        "araghchi",
        "t:talks !war",
        "\"foreign minister\"",
    ] {
        let request = Request {
            query: Query::parse(q),
            ..Request::default()
        };
        g.bench_function(format!("search {q}"), |b| {
            b.iter(|| black_box(run(&request)))
        });
    }
    // Typing "iran" one key at a time: each search narrows the one before.
    let broad = run(&Request {
        query: Query::parse("ira"),
        ..Request::default()
    });
    let narrowing = Request {
        query: Query::parse("iran"),
        within: Some(std::sync::Arc::new(broad)),
        ..Request::default()
    };
    g.bench_function("search iran within ira", |b| {
        b.iter(|| black_box(run(&narrowing)))
    });
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

    // Typing a query keystroke by keystroke, as the explorer does: each search narrows the
    // one before (when it can), and none waits for the rest of a long quote list.
    g.bench_function("type \"araghchi iran\"", |b| {
        b.iter(|| {
            let text = "araghchi iran";
            let mut previous: Option<(Query, std::sync::Arc<filter::Results>)> = None;
            for (i, c) in text.char_indices() {
                let query = Query::parse(&text[..i + c.len_utf8()]);
                let within = previous
                    .as_ref()
                    .filter(|(q, _)| !q.is_empty() && query.narrows(q))
                    .map(|(_, r)| r.clone());
                let results = run(&Request {
                    query: query.clone(),
                    within,
                    ..Request::default()
                });
                previous = Some((query, std::sync::Arc::new(results)));
            }
            black_box(previous)
        })
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
    app::update(&mut app, Action::OpenFilter);
    app::update(&mut app, Action::Paste("iran talks".to_string()));
    app::settle(&mut app);
    app::update(&mut app, Action::LeaveFilter);
    app::update(&mut app, Action::Activate);
    g.bench_function("frame 200x60, query and article", |b| {
        b.iter(|| terminal.draw(|f| ui::draw(&app, f)).map(|_| ()))
    });
    g.finish();
}

criterion_group!(explorer, benches);
criterion_main!(explorer);
