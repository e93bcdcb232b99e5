use super::*;
use crate::filter::fixture;

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
    fn run(&self, query: &str, chips: &[&str]) -> Results {
        let chips = chips.iter().map(|n| self.entity(n)).collect();
        let request = Request {
            query: Query::parse(query),
            chips,
            show_scare: false,
            within: None,
        };
        search(&self.corpus, &self.index, &request, &|| false).expect("not cancelled")
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
    // Scare quotes are hidden unless asked for.
    let scare = s.corpus.quotes.iter().filter(|q| q.scare).count();
    assert_eq!(r.quotes.len(), s.corpus.quotes.len() - scare);
}

#[test]
fn fuzzy_name_match_narrows_all_panes() {
    let s = setup();
    let r = s.run("araghchi", &[]);
    assert_eq!(s.names(&r), ["Abbas Araghchi"]);
    // Article 0 mentions him; article 2 quotes Trump naming him.
    assert_eq!(r.matched.as_ref(), &[0, 2]);
    assert!(s.quotes(&r).iter().all(|q| q.contains("Araghchi")) || !r.quotes.is_empty());
    // A typo still finds him by fuzzy matching.
    let typo = s.run("araghci", &[]);
    assert_eq!(s.names(&typo), ["Abbas Araghchi"]);
}

#[test]
fn title_matches_rank_first() {
    let s = setup();
    let r = s.run("missile", &[]);
    assert_eq!(
        s.titles(&r)[0],
        "IRGC unveils new missile as talks continue"
    );
    // Article 0 only has the word in its text.
    assert!(r.articles.contains(&0));
}

#[test]
fn body_words_match_by_prefix_not_fuzzily() {
    let s = setup();
    let r = s.run("shopkeep", &[]);
    assert_eq!(r.matched.as_ref(), &[4]);
    // The letters of "shop" scattered through a text are no match.
    assert!(s.run("shpkpr", &[]).articles.is_empty());
}

#[test]
fn phrases_match_words_in_order() {
    let s = setup();
    assert_eq!(s.run(r#""negotiating table""#, &[]).matched.as_ref(), &[1]);
    assert!(s.run(r#""table negotiating""#, &[]).articles.is_empty());
}

#[test]
fn exact_and_negation() {
    let s = setup();
    let exact = s.run("'witkoff", &[]);
    assert_eq!(exact.matched.as_ref(), &[0, 2]);
    assert!(s.run("'wtkff", &[]).articles.is_empty());
    let not = s.run("!oman", &[]);
    assert_eq!(
        s.titles(&not),
        ["Residents of Tehran weigh the risk of war"]
    );
    assert!(!s.names(&not).contains(&"Oman"));
}

#[test]
fn facets_look_at_one_field() {
    let s = setup();
    // p: finds people only.
    let p = s.run("p:trump", &[]);
    assert_eq!(p.matched.as_ref(), &[2]);
    assert_eq!(s.names(&p), ["Donald Trump"]);
    // c: on a person's name finds nothing.
    assert!(s.run("c:trump", &[]).articles.is_empty());
    // o: by alias.
    assert_eq!(s.run("o:irgc", &[]).matched.as_ref(), &[0, 1]);
    // t: titles only: "Oman" is in two titles but in four texts.
    assert_eq!(s.run("t:'oman", &[]).matched.as_ref(), &[0, 3]);
    // s: who said it.
    let said = s.run("s:busaidi", &[]);
    assert_eq!(said.matched.as_ref(), &[0, 3]);
    assert!(
        s.quotes(&said)
            .iter()
            .all(|q| q.starts_with("It was") || q.starts_with("We want"))
    );
    // q: quote text.
    let q = s.run("q:'negotiating table", &[]);
    assert_eq!(q.matched.as_ref(), &[1]);
}

#[test]
fn kind_facets_combine_with_or_in_the_entity_list() {
    let s = setup();
    let r = s.run("p:javani o:irgc", &[]);
    assert_eq!(r.matched.as_ref(), &[1]);
    let names = s.names(&r);
    assert!(names.contains(&"Yadollah Javani"));
    assert!(names.contains(&"Islamic Revolutionary Guard Corps"));
}

#[test]
fn pinned_entities_filter_and_tell_quotes_apart() {
    let s = setup();
    let r = s.run("", &["Abbas Araghchi"]);
    assert_eq!(r.matched.as_ref(), &[0, 2]);
    let said: Vec<_> = r.quotes.iter().map(|h| h.relation).collect();
    // His own quotes first, then Trump's quote that names him.
    assert_eq!(said.first(), Some(&Relation::SaidBy));
    assert_eq!(said.last(), Some(&Relation::Mentions));
    assert!(
        s.quotes(&r)
            .last()
            .is_some_and(|q| q.starts_with("Araghchi was serious"))
    );
    // Entity counts are within the pinned articles: Witkoff appears beside him in both.
    let witkoff = s.entity("Steve Witkoff");
    let hit = r.entities.iter().find(|h| h.id == witkoff).unwrap();
    assert_eq!(hit.count, 3);
    // Chips combine with AND.
    let both = s.run("", &["Abbas Araghchi", "Yadollah Javani"]);
    assert!(both.articles.is_empty());
    let both = s.run("", &["Abbas Araghchi", "Donald Trump"]);
    assert_eq!(both.matched.as_ref(), &[2]);
}

#[test]
fn narrowing_gives_the_same_results_as_a_fresh_search() {
    let s = setup();
    let broad = s.run("ira", &[]);
    let request = Request {
        query: Query::parse("iran"),
        within: Some(Arc::new(broad)),
        ..Request::default()
    };
    let narrowed = search(&s.corpus, &s.index, &request, &|| false).unwrap();
    let fresh = s.run("iran", &[]);
    assert_eq!(narrowed.articles, fresh.articles);
    assert_eq!(narrowed.quotes, fresh.quotes);
}

#[test]
fn cancelled_searches_stop() {
    let s = setup();
    // The fixture is tiny, so the check after the article pass is what stops it.
    let r = search(&s.corpus, &s.index, &Request::default(), &|| true);
    assert!(r.is_none());
}

#[test]
fn highlighter_finds_fuzzy_positions_and_body_words() {
    let mut f = Fuzzy::default();
    let h = Highlighter::new(&Query::parse("t:talks aragh !oman"));
    let title = "Iran and US hold indirect talks in Oman";
    let r = h.ranges(Field::Title, title, &mut f);
    assert_eq!(
        r.iter().map(|r| &title[r.clone()]).collect::<Vec<_>>(),
        ["talks"]
    );
    assert!(h.ranges(Field::QuoteText, "talks", &mut f).is_empty());
    let name = "Abbas Araghchi";
    let r = h.ranges(Field::Name(EntityKind::Person), name, &mut f);
    assert_eq!(
        r.iter().map(|r| &name[r.clone()]).collect::<Vec<_>>(),
        ["Aragh"]
    );
    let body = "Araghchi said Oman";
    assert_eq!(h.body_ranges(body), vec![0..8]);
}

/// Articles whose title, text or entity names have a word starting with `prefix`.
fn with_word_starting(s: &Setup, prefix: &str) -> Vec<u32> {
    let starts =
        |text: &str| words::words(text).any(|r| words::folded(&text[r]).starts_with(prefix));
    (0..s.corpus.articles.len())
        .filter(|&a| {
            let art = &s.corpus.articles[a];
            starts(&art.title)
                || starts(&art.body)
                || s.corpus.entities_in(a).iter().any(|&e| {
                    let e = s.corpus.entity(e);
                    starts(&e.name) || e.aliases.iter().any(|x| starts(x))
                })
        })
        .map(|a| a as u32)
        .collect()
}

#[test]
fn one_letter_matches_word_starts_and_still_narrows() {
    let s = setup();
    for prefix in ["w", "m", "sh", "Oma"] {
        let r = s.run(prefix, &[]);
        let folded = words::folded(prefix);
        assert_eq!(
            r.matched.as_ref(),
            with_word_starting(&s, &folded),
            "{prefix}"
        );
        // Entities and quotes too: a word of theirs starts with it.
        for h in &r.entities {
            let e = s.corpus.entity(h.id);
            assert!(
                std::iter::once(&e.name)
                    .chain(&e.aliases)
                    .any(|n| starts_a_word(n, &folded)),
                "{prefix}: {}",
                e.name
            );
        }
    }
    // A letter found in every article, but at the start of a word in only some, narrows.
    let narrowing = ('a'..='z').find(|c| {
        let prefix = c.to_string();
        let n = with_word_starting(&s, &prefix).len();
        n > 0
            && n < s.corpus.articles.len()
            && s.corpus.articles.iter().all(|a| a.body.contains(*c))
    });
    let letter = narrowing
        .expect("the fixture has such a letter")
        .to_string();
    let r = s.run(&letter, &[]);
    assert!(!r.matched.is_empty() && r.matched.len() < s.corpus.articles.len());
    // Titles with such a word rank first.
    let titles = s.titles(&s.run("of", &[]));
    assert!(
        titles[0]
            .split(' ')
            .any(|w| w.to_lowercase().starts_with("of"))
    );
}

#[test]
fn a_short_term_growing_fuzzy_narrows_from_its_pool() {
    let s = setup();
    // "wit" matches word starts only; "witk" fuzzily: narrowing must not lose what the
    // longer, fuzzy term finds but the short one did not.
    for (short, long) in [
        ("ira", "iran"),
        ("wi", "witk"),
        ("ar", "argc"),
        ("o", "oman"),
    ] {
        let broad = s.run(short, &[]);
        assert!(broad.pool.len() >= broad.matched.len());
        let request = Request {
            query: Query::parse(long),
            within: Some(Arc::new(broad)),
            ..Request::default()
        };
        let narrowed = search(&s.corpus, &s.index, &request, &|| false).unwrap();
        let fresh = s.run(long, &[]);
        assert_eq!(narrowed.articles, fresh.articles, "{short} → {long}");
        assert_eq!(narrowed.quotes, fresh.quotes, "{short} → {long}");
    }
}

#[test]
fn quotes_come_a_page_at_a_time_and_complete_to_the_full_list() {
    let s = setup();
    let request = Request {
        query: Query::parse(""),
        show_scare: true,
        ..Request::default()
    };
    let full = search(&s.corpus, &s.index, &request, &|| false).unwrap();
    assert!(!full.quotes_partial);
    let searcher = Searcher::new(&s.corpus, &s.index, &request.query);
    let (page, complete) = list_quotes(
        &searcher,
        &request,
        &full.matched,
        (&full.matched, true),
        Some(2),
        &|| false,
    )
    .unwrap();
    assert!(!complete && page.len() >= 2 && page.len() < full.quotes.len());
    assert_eq!(page[..], full.quotes[..page.len()]);
    let partial = Results {
        quotes: page,
        quotes_partial: true,
        ..full.clone()
    };
    let completed = complete_quotes(&s.corpus, &s.index, &request, &partial, &|| false).unwrap();
    assert!(!completed.quotes_partial);
    assert_eq!(completed.quotes, full.quotes);
    assert_eq!(completed.articles, full.articles);
}

#[test]
fn index_copies_titles_and_entities_of_every_article() {
    let s = setup();
    for (a, article) in s.corpus.articles.iter().enumerate() {
        assert_eq!(s.index.title_of(a), Some(article.title.as_str()));
        assert_eq!(s.index.entities_of(a), s.corpus.entities_in(a));
        assert_eq!(
            s.index.mention_counts_of(a).len(),
            s.index.entities_of(a).len()
        );
    }
    let past = s.corpus.articles.len();
    assert_eq!(s.index.title_of(past), None);
    assert!(s.index.entities_of(past).is_empty());
}
