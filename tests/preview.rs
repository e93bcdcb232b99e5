//! While a large corpus is extracted, the first articles come early as a small corpus of their
//! own (the explorer shows it meanwhile); small corpora come in one piece.

use std::cell::RefCell;
use std::io::Write;

use lede::corpus;
use lede::load;
use lede::model::EntityKind;

#[test]
fn a_large_corpus_previews_its_first_articles_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.jsonl");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    let articles = 5000;
    for n in 0..articles {
        let body =
            format!("Foreign Minister Abbas Araghchi met envoy Steve Witkoff in Oman, report {n}.");
        writeln!(
            f,
            "{}",
            serde_json::json!({"title": format!("T{n}"), "body": body})
        )
        .unwrap();
    }
    f.flush().unwrap();
    drop(f);
    let (inputs, warnings) = load::expand_paths(&[path]);
    let previews = RefCell::new(Vec::new());
    let (full, _) = corpus::build_with_preview(&inputs, warnings, &|_| {}, &|c| {
        previews.borrow_mut().push(c)
    });
    let previews = previews.into_inner();
    assert_eq!(previews.len(), 1);
    let preview = &previews[0];
    assert!(preview.articles.len() < full.articles.len());
    assert_eq!(full.articles.len(), articles);
    // The preview is the start of the full corpus, with its own entities.
    for (p, f) in preview.articles.iter().zip(&full.articles) {
        assert_eq!(p.id, f.id);
    }
    let araghchi = |c: &lede::model::Corpus| {
        c.entities
            .iter()
            .find(|e| e.kind == EntityKind::Person && e.name == "Abbas Araghchi")
            .map(|e| e.article_count)
    };
    assert_eq!(araghchi(preview), Some(preview.articles.len()));
    assert_eq!(araghchi(&full), Some(articles));

    // A small corpus: no preview.
    let called = std::cell::Cell::new(false);
    let _ = corpus::build_with_preview(&load::bundled_files(), Vec::new(), &|_| {}, &|_| {
        called.set(true)
    });
    assert!(!called.get());
}
