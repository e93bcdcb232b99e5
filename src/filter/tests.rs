use super::*;
use crate::filter::fixture;
use crate::model::{Corpus, EntityId, EntityKind};

struct Setup {
    corpus: Corpus,
    index: Index,
}

fn setup() -> Setup {
    let corpus = fixture::corpus();
    let index = Index::build(&corpus);
    Setup { corpus, index }
}

impl Setup {
    fn request(&self, query: &str, chips: &[&str]) -> Request {
        Request {
            query: Query::parse(query),
            chips: chips.iter().map(|n| self.entity(n)).collect(),
            show_scare: false,
            marks: Default::default(),
        }
    }

    fn run(&self, query: &str, chips: &[&str]) -> Results {
        search(
            &self.corpus,
            &self.index,
            &self.request(query, chips),
            &|| false,
        )
        .expect("not cancelled")
    }

    fn matched(&self, query: &str) -> Vec<u32> {
        self.run(query, &[]).matched.to_vec()
    }

    fn entity(&self, name: &str) -> EntityId {
        self.corpus
            .entities
            .iter()
            .find(|e| e.name == name)
            .map(|e| e.id)
            .expect("fixture entity")
    }

    fn titles(&self, r: &Results) -> Vec<&str> {
        r.articles
            .iter()
            .map(|&a| self.corpus.articles[a as usize].title.as_str())
            .collect()
    }

    fn names(&self, r: &Results) -> Vec<&str> {
        r.entities
            .iter()
            .map(|h| self.corpus.entities[h.id.0 as usize].name.as_str())
            .collect()
    }

    fn quotes(&self, r: &Results) -> Vec<&str> {
        r.quotes
            .iter()
            .map(|h| {
                self.corpus
                    .quote_text(&self.corpus.quotes[h.quote as usize])
            })
            .collect()
    }
}

#[test]
fn empty_query_lists_everything_in_corpus_order() {
    let s = setup();
    let r = s.run("", &[]);
    assert_eq!(r.articles, vec![0, 1, 2, 3, 4]);
    assert_eq!(r.entities.len(), s.corpus.entities.len());
    // Scare quotes are hidden unless asked for, and counted.
    let scare = s.corpus.quotes.iter().filter(|q| q.scare).count();
    assert_eq!(r.quotes.len(), s.corpus.quotes.len() - scare);
    assert_eq!(r.scare_hidden, scare);
    assert_eq!(r.quote_total, r.quotes.len());
    assert!(r.why.is_none());
}

/// The query language, case by case: (query, articles matched in corpus order).
#[test]
fn query_language_table() {
    let s = setup();
    let cases: &[(&str, &[u32])] = &[
        // Words match words, exactly, as a prefix while typed, or within the typo budget.
        ("tehran", &[1, 4]),
        ("shopkeep", &[4]),
        ("shopkeepr ", &[4]),
        ("shopkee ", &[]),
        ("araghci", &[0, 2]),
        ("witkof", &[0, 2]),
        ("witkof ", &[0, 2]),
        ("wtkff", &[]),
        ("shpkpr", &[]),
        // A four-letter word is spelt exactly: "iraq" is not "iran".
        ("iraq", &[]),
        // Through an entity's aliases: "IRGC" is the Revolutionary Guards' alias.
        ("irgc", &[0, 1]),
        ("revolutionary", &[0, 1]),
        // A facet applies to the words after it.
        ("p:abbas araghchi", &[0, 2]),
        ("p:araghchi", &[0, 2]),
        ("p:abbas witkoff", &[]),
        ("p:trump", &[2]),
        ("c:trump", &[]),
        ("o:irgc", &[0, 1]),
        ("iran p:javani", &[1]),
        // Titles, with and without a phrase.
        ("t:talks continue", &[1]),
        ("t:\"talks continue\"", &[1]),
        ("t:continue talks", &[1]),
        ("t:\"continue talks\"", &[]),
        ("t:'oman", &[0, 3]),
        // Quotes and speakers.
        ("q:war", &[4]),
        ("q:'war", &[4]),
        ("q:'negotiating table", &[1]),
        ("s:busaidi", &[0, 3]),
        // Phrases in the text.
        ("\"negotiating table\"", &[1]),
        ("\"table negotiating\"", &[]),
        ("\"united sta", &[0, 1, 3]),
        // Exclusion and exact words.
        ("!trump witkoff", &[0]),
        ("witkoff !trump", &[0]),
        ("oman !p:trump", &[0, 1, 3]),
        // The prefix takes the words after it: no person is called "trump oman".
        ("!p:trump oman", &[0, 1, 2, 3, 4]),
        ("'witkoff", &[0, 2]),
        ("'witk", &[0, 2]),
        ("'witk ", &[]),
        // Dates and outlets.
        ("date:2025-02-07", &[0]),
        ("date:2025-02-09..2025-02-10", &[1, 2]),
        ("date:2025-02-12..", &[3, 4]),
        ("date:2024", &[]),
        ("outlet:gulf wire", &[0, 3]),
        ("src:gulf", &[0, 3]),
        ("src:capitol", &[2]),
    ];
    for (query, want) in cases {
        assert_eq!(&s.matched(query), want, "{query}");
    }
}

#[test]
fn a_negated_word_waits_while_typed() {
    let s = setup();
    let typing = |q: &str| {
        let request = Request {
            query: Query::typing(q),
            ..Request::default()
        };
        search(&s.corpus, &s.index, &request, &|| false)
            .unwrap()
            .matched
            .to_vec()
    };
    assert_eq!(typing("witkoff !tru"), [0, 2]);
    assert_eq!(typing("witkoff !trump "), [0]);
}

#[test]
fn an_empty_kind_facet_lists_that_kind() {
    let s = setup();
    let r = s.run("c:", &[]);
    assert_eq!(r.articles.len(), 5);
    assert!(!r.entities.is_empty());
    assert!(
        r.entities
            .iter()
            .all(|h| s.corpus.entity(h.id).kind == EntityKind::Country)
    );
}

#[test]
fn every_pane_narrows_by_the_same_rule() {
    let s = setup();
    let r = s.run("missile", &[]);
    // Articles: those holding the word; the title match first.
    assert_eq!(r.matched.as_ref(), &[0, 1]);
    assert_eq!(
        s.titles(&r)[0],
        "IRGC unveils new missile as talks continue"
    );
    // Entities: those in the matching articles, by how many of them mention each.
    for h in &r.entities {
        let mentioned = r
            .matched
            .iter()
            .filter(|&&a| s.corpus.entities_in(a as usize).contains(&h.id))
            .count();
        assert_eq!(h.count as usize, mentioned);
        assert!(mentioned > 0);
    }
    let iran = s.entity("Iran");
    assert_eq!(r.entities.iter().find(|h| h.id == iran).unwrap().count, 2);
    assert!(!s.names(&r).contains(&"Donald Trump"));
    // Quotes: those of the matching articles, the ones holding the word first.
    assert!(s.quotes(&r)[0].contains("missile"));
    assert_eq!(r.quote_matching, 1);
    assert!(r.quotes.iter().all(|h| {
        r.matched
            .contains(&s.corpus.quotes[h.quote as usize].article)
    }));
    assert_eq!(r.quotes[1].relation, Relation::Context);
}

#[test]
fn exact_ranks_before_prefix_before_typo() {
    let s = setup();
    // "talks" is in four texts; typed as "talk" it is a prefix everywhere.
    let r = s.run("talks ", &[]);
    // Titles holding the word come first, then the newest.
    let titles = s.titles(&r);
    assert!(titles[0].contains("talks") && titles[1].contains("talks"));
    assert_eq!(titles[0], "IRGC unveils new missile as talks continue");
}

#[test]
fn nothing_found_says_why() {
    let s = setup();
    let r = s.run("p:tehran", &[]);
    assert!(r.articles.is_empty());
    assert_eq!(
        r.why.as_deref(),
        Some("No article mentions a person matching 'tehran'; 2 articles contain the word")
    );
    let r = s.run("p:javani p:witkoff", &[]);
    let why = r.why.unwrap();
    assert!(
        why.starts_with("No article matches all of: 'p:javani' (1 article)"),
        "{why}"
    );
    let r = s.run("zebra", &[]);
    assert_eq!(r.why.as_deref(), Some("No article contains 'zebra'"));
    let r = s.run("date:2024", &[]);
    assert_eq!(
        r.why.as_deref(),
        Some("No article is dated 2024 (0 of 5 have no date)")
    );
}

#[test]
fn pinned_entities_filter_and_tell_quotes_apart() {
    let s = setup();
    let r = s.run("", &["Abbas Araghchi"]);
    assert_eq!(r.matched.as_ref(), &[0, 2]);
    let said: Vec<_> = r.quotes.iter().map(|h| h.relation).collect();
    // His own quotes first, then Trump's quote that names him, then the others.
    assert_eq!(said.first(), Some(&Relation::SaidBy));
    let mentions = said.iter().position(|r| *r == Relation::Mentions).unwrap();
    assert!(s.quotes(&r)[mentions].starts_with("Araghchi was serious"));
    assert!(said[mentions + 1..].iter().all(|r| *r == Relation::Context));
    // Entity counts are articles: Witkoff appears beside him in both.
    let witkoff = s.entity("Steve Witkoff");
    let hit = r.entities.iter().find(|h| h.id == witkoff).unwrap();
    assert_eq!(hit.count, 2);
    // Pins combine with AND.
    let both = s.run("", &["Abbas Araghchi", "Yadollah Javani"]);
    assert!(both.articles.is_empty());
    let both = s.run("", &["Abbas Araghchi", "Donald Trump"]);
    assert_eq!(both.matched.as_ref(), &[2]);
}

#[test]
fn cancelled_searches_stop() {
    let s = setup();
    let r = search(&s.corpus, &s.index, &s.request("iran", &[]), &|| true);
    assert!(r.is_none());
}

#[test]
fn quotes_complete_to_the_same_list() {
    let s = setup();
    let mut request = s.request("", &[]);
    request.show_scare = true;
    let full = search(&s.corpus, &s.index, &request, &|| false).unwrap();
    assert!(!full.quotes_partial);
    let partial = Results {
        quotes: full.quotes[..2].to_vec(),
        quotes_partial: true,
        ..full.clone()
    };
    let completed = complete_quotes(&s.corpus, &s.index, &request, &partial, &|| false).unwrap();
    assert!(!completed.quotes_partial);
    assert_eq!(completed.quotes, full.quotes);
    assert_eq!(completed.articles, full.articles);
}

#[test]
fn typing_a_query_only_narrows() {
    let s = setup();
    for query in [
        "iran nuclear talks",
        "p:abbas araghchi",
        "\"united states\"",
        "witkoff !trump",
        "t:talks continue",
        "q:'war",
        "araghchi said",
    ] {
        let mut previous: Option<Vec<u32>> = None;
        for (i, c) in query.char_indices() {
            let prefix = &query[..i + c.len_utf8()];
            let request = Request {
                query: Query::typing(prefix),
                ..Request::default()
            };
            let now = search(&s.corpus, &s.index, &request, &|| false)
                .unwrap()
                .matched
                .to_vec();
            if let Some(before) = &previous {
                let grows = typo::budget(prefix.rsplit(' ').next().unwrap_or(""))
                    != typo::budget(query[..i].rsplit(' ').next().unwrap_or(""));
                if !grows {
                    assert!(
                        now.iter().all(|a| before.contains(a)),
                        "{prefix:?}: {now:?} not within {before:?}"
                    );
                }
            }
            previous = Some(now);
        }
    }
}

#[test]
fn a_phrase_typed_key_by_key_finds_what_a_fresh_search_finds() {
    let s = setup();
    let run = |query: &str| {
        let request = Request {
            query: Query::typing(query),
            ..Request::default()
        };
        search(&s.corpus, &s.index, &request, &|| false).unwrap()
    };
    // "revolutionary" and "negotiations" run past the bytes kept after each place, so the text
    // is read again part of the way.
    for text in [
        "\"united states\"",
        "\"foreign minister abbas",
        "t:\"talks continue\"",
        "\"islamic revolutionary\"",
        "\"of negotiations\"",
    ] {
        // At every keystroke: typed from the start (each keystroke narrowing the last one's
        // places), and searched afresh.
        let ends: Vec<usize> = text.char_indices().map(|(i, c)| i + c.len_utf8()).collect();
        for &upto in &ends {
            s.index.clear_cache();
            let mut typed = None;
            for &end in ends.iter().take_while(|&&e| e <= upto) {
                typed = Some(run(&text[..end]));
            }
            let typed = typed.unwrap();
            s.index.clear_cache();
            let fresh = run(&text[..upto]);
            assert_eq!(typed.articles, fresh.articles, "{}", &text[..upto]);
            assert_eq!(typed.quotes, fresh.quotes, "{}", &text[..upto]);
            if upto == text.len() {
                assert!(!fresh.articles.is_empty(), "{text}");
            }
        }
    }
}

#[test]
fn a_speaker_or_quote_facet_lists_those_quotes_only() {
    let s = setup();
    // `s:` asks for quotes by a speaker: the other quotes of their articles are not listed,
    // and the counts say so.
    let r = s.run("s:araghchi", &[]);
    assert!(!r.quotes.is_empty());
    for h in &r.quotes {
        let q = &s.corpus.quotes[h.quote as usize];
        let speaker = q.speaker.map(|id| s.corpus.entity(id).name.as_str());
        assert_eq!(speaker, Some("Abbas Araghchi"), "{:?}", q);
        assert_ne!(h.relation, Relation::Context);
    }
    assert_eq!(r.quote_total, r.quotes.len());
    assert_eq!(r.quote_total, r.quote_matching);
    // `q:` likewise lists the quotes holding the words.
    let r = s.run("q:missile", &[]);
    assert_eq!(r.quotes.len(), 1);
    assert!(s.quotes(&r)[0].contains("missile"));
    // A bare word still lists the matching articles' other quotes after the matching ones.
    let r = s.run("missile", &[]);
    assert!(r.quotes.iter().any(|h| h.relation == Relation::Context));
}

#[test]
fn an_articles_direct_quotes_come_before_its_reported_speech() {
    let mut corpus = fixture::corpus();
    // The first listed quote of the first article, turned into reported speech.
    let first = corpus
        .quote_range(0)
        .find(|&qi| !corpus.quotes[qi].scare)
        .expect("a quote in the first article");
    corpus.quotes[first].kind = crate::model::QuoteKind::Indirect;
    let index = Index::build(&corpus);
    let s = Setup { corpus, index };
    let r = s.run("", &[]);
    let kinds: Vec<_> = r
        .quotes
        .iter()
        .map(|h| &s.corpus.quotes[h.quote as usize])
        .filter(|q| q.article == 0)
        .map(|q| (q.kind, q.start))
        .collect();
    assert!(kinds.len() > 2, "{kinds:?}");
    assert_eq!(kinds.last().unwrap().0, crate::model::QuoteKind::Indirect);
    // The others keep the order of the text.
    assert!(kinds[..kinds.len() - 1].windows(2).all(|w| w[0].1 < w[1].1));
}
