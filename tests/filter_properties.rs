//! Properties of the filter over random corpora: typing a query only narrows its results
//! (except where a word's typo budget grows), and every match is explainable: what is
//! highlighted lies inside the field and spells a query word within its typo budget, checked
//! against an independent edit distance (strsim's optimal string alignment).

use lede::corpus;
use lede::filter::typo::budget;
use lede::filter::{self, Facet, Field, Fuzzy, Highlighter, Index, Query, Request, Results, text};
use lede::load::Input;
use lede::model::Corpus;
use proptest::prelude::*;

/// Words the random articles are made of: names (some a typo apart), places, common words.
const WORDS: &[&str] = &[
    "Araghchi",
    "Argachi",
    "Witkoff",
    "Witkof",
    "Clinton",
    "Clifton",
    "Obama",
    "Osama",
    "Trump",
    "Truman",
    "trumpet",
    "Hillary",
    "Iran",
    "Iraq",
    "Germany",
    "York",
    "New",
    "United",
    "Nations",
    "White",
    "House",
    "police",
    "policy",
    "said",
    "says",
    "talks",
    "talk",
    "nuclear",
    "campaign",
    "economy",
    "election",
    "president",
    "presidential",
    "the",
    "of",
    "global",
    "warming",
    "and",
    "in",
    "a",
    "FBI",
    "Muscat",
    "Oman",
];

/// The battery people type (../shared/bench/queries.txt), and more with typos and facets.
const QUERIES: &[&str] = &[
    "trump",
    "clinton said",
    "united nations",
    "iran nuclear talks",
    "obama",
    "hillary clinton campaign",
    "p:trump",
    "p:abbas araghchi",
    "s:clinton",
    "c:germany",
    "o:fbi",
    "q:economy",
    "t:election",
    "\"white house\"",
    "'police",
    "!trump clinton",
    "argachi",
    "witkof",
    "new york",
    "president",
    "clintn sad",
    "t:white house",
    "q:'talks",
];

fn article() -> impl Strategy<Value = (String, String)> {
    let word = proptest::sample::select(WORDS);
    let title = proptest::collection::vec(word.clone(), 2..7);
    let sentence = (
        proptest::collection::vec(word.clone(), 3..12),
        proptest::option::of((word.clone(), proptest::collection::vec(word, 1..6))),
    );
    let body = proptest::collection::vec(sentence, 1..8);
    (title, body).prop_map(|(title, body)| (title.join(" "), sentences(body)))
}

/// A sentence's words, and its speaker and quote when it has one.
type Sentence = (Vec<&'static str>, Option<(&'static str, Vec<&'static str>)>);

/// An article's text: each sentence's words, with its speaker's quote after them when it has
/// one ("a b c, Ann said “d e”.").
fn sentences(body: Vec<Sentence>) -> String {
    body.into_iter()
        .map(|(words, quote)| {
            let mut s = words.join(" ");
            if let Some((speaker, said)) = quote {
                s.push_str(&format!(", {speaker} said “{}”", said.join(" ")));
            }
            s.push('.');
            s
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn build(articles: &[(String, String)]) -> Corpus {
    let lines: String = articles
        .iter()
        .enumerate()
        .map(|(i, (title, body))| {
            serde_json::json!({"title": title, "body": body, "date": format!("2016-0{}-01", 1 + i % 9)})
                .to_string()
                + "\n"
        })
        .collect();
    let bytes: &'static [u8] = Box::leak(lines.into_bytes().into_boxed_slice());
    corpus::build(
        &[Input::Bundled {
            name: "random.jsonl",
            bytes,
        }],
        Vec::new(),
    )
    .0
}

/// The results of `query` as typed so far.
fn search(corpus: &Corpus, index: &Index, query: &str) -> Results {
    let request = Request {
        query: Query::typing(query),
        ..Request::default()
    };
    filter::search(corpus, index, &request, &|| false).expect("not cancelled")
}

fn matched(corpus: &Corpus, index: &Index, query: &str) -> Vec<u32> {
    search(corpus, index, query).matched.to_vec()
}

/// The last word of a partly typed query (what its typo budget depends on).
fn last_word(query: &str) -> String {
    let tail = query
        .rsplit([' ', ':', '"', '\'', '!'])
        .next()
        .unwrap_or("");
    text::folded(tail)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Adding a letter or a word never brings back an article the shorter query ruled out,
    /// except when the last word's typo budget grows at a length threshold.
    #[test]
    fn typing_only_narrows(
        articles in proptest::collection::vec(article(), 3..14),
        pick in 0..QUERIES.len(),
    ) {
        let corpus = build(&articles);
        let index = Index::build(&corpus);
        let query = QUERIES[pick];
        let mut before: Option<Vec<u32>> = None;
        for (i, c) in query.char_indices() {
            let prefix = &query[..i + c.len_utf8()];
            let now = matched(&corpus, &index, prefix);
            if let Some(before) = &before {
                let grew = budget(&last_word(prefix)) > budget(&last_word(&query[..i]));
                if !grew {
                    let back: Vec<&u32> = now.iter().filter(|a| !before.contains(a)).collect();
                    prop_assert!(back.is_empty(), "{prefix:?} brought back {back:?}");
                }
            }
            before = Some(now);
        }
    }

    /// Every highlighted range of a matching article's title and text lies inside the field,
    /// on character boundaries, and spells a query word within its typo budget; and every
    /// plain word of the query is found in the article (its title, text or entity names).
    #[test]
    fn every_match_is_explainable(
        articles in proptest::collection::vec(article(), 3..14),
        pick in 0..QUERIES.len(),
    ) {
        let corpus = build(&articles);
        let index = Index::build(&corpus);
        let query = QUERIES[pick];
        let parsed = Query::parse(query);
        let highlighter = Highlighter::new(&parsed, &index);
        let words: Vec<(String, bool, u8)> = parsed
            .groups
            .iter()
            .filter(|g| !g.negated && g.facet != Facet::Date)
            .flat_map(|g| g.terms.iter().filter(|t| !t.negated))
            .flat_map(|t| {
                let n = t.words.len();
                let strict = t.exact || t.phrase;
                t.words.iter().enumerate().map(move |(i, w)| {
                    (w.clone(), t.open && i + 1 == n, if strict { 0 } else { budget(w) })
                })
            })
            .collect();
        let spells = |got: &str| {
            let got = text::folded(got);
            words.iter().any(|(w, _, b)| strsim::osa_distance(&got, w) <= usize::from(*b))
        };
        let mut fuzzy = Fuzzy::default();
        for a in matched(&corpus, &index, query) {
            let article = &corpus.articles[a as usize];
            for (field, text) in [(Field::Title, article.title.as_str()), (Field::Body, article.body.as_str())] {
                for r in highlighter.ranges(field, text, &mut fuzzy) {
                    prop_assert!(r.end <= text.len() && text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
                    // A phrase is highlighted whole: each of its words must spell one.
                    for w in text::words(&text[r.clone()]) {
                        let got = &text[r.start + w.start..r.start + w.end];
                        prop_assert!(spells(got), "{query:?}: {got:?} highlighted in {text:?}");
                    }
                }
            }
            // Plain words: found in the title, text, or a name of an entity it mentions.
            for g in parsed.groups.iter().filter(|g| g.facet == Facet::Any && !g.negated) {
                let names: Vec<&str> = corpus
                    .entities_in(a as usize)
                    .iter()
                    .flat_map(|&e| {
                        let e = corpus.entity(e);
                        std::iter::once(e.name.as_str()).chain(e.aliases.iter().map(String::as_str))
                    })
                    .collect();
                let fields = [article.title.as_str(), article.body.as_str()];
                let found = fields.iter().chain(&names).any(|t| {
                    !Highlighter::new(&Query { groups: vec![g.clone()] }, &index)
                        .ranges(Field::Title, t, &mut fuzzy)
                        .is_empty()
                });
                prop_assert!(found, "{query:?}: article {a} does not explain {}", g.display());
            }
        }
    }
}

/// A word the texts have finds what was typed: not a rarer lookalike through a typo ("ukraine"
/// for Kaine), not a completion of a misspelt prefix ("putin" for "putting"); a word the texts
/// have but rarely may still be a misspelling of a commoner one ("argachi" for Araghchi).
#[test]
fn a_word_as_typed_finds_itself_not_its_rarer_lookalikes() {
    let docs = [
        ("Ukraine talks", "Talks on Ukraine resumed in Geneva."),
        ("Kaine speaks", "Tim Kaine spoke in Richmond."),
        ("Ukraine aid", "Aid to Ukraine was approved."),
        ("Araghchi visit", "Abbas Araghchi arrived in Oman."),
        ("A misspelling", "Argachi met officials."),
        ("Araghchi again", "Araghchi spoke again."),
        ("Putting green", "He was putting on the green."),
        ("Moscow", "Vladimir Putin spoke."),
    ];
    let articles: Vec<(String, String)> = docs
        .iter()
        .map(|(t, b)| (t.to_string(), b.to_string()))
        .collect();
    let corpus = build(&articles);
    let index = Index::build(&corpus);
    let titles = |q: &str| -> Vec<&str> {
        let mut t: Vec<&str> = matched(&corpus, &index, q)
            .into_iter()
            .map(|a| corpus.articles[a as usize].title.as_str())
            .collect();
        t.sort_unstable();
        t
    };
    assert_eq!(titles("ukraine"), ["Ukraine aid", "Ukraine talks"]);
    assert_eq!(titles("putin"), ["Moscow"]);
    assert_eq!(
        titles("argachi"),
        ["A misspelling", "Araghchi again", "Araghchi visit"]
    );
    // Typed on and finished as it is written, the same.
    assert_eq!(titles("ukraine "), ["Ukraine aid", "Ukraine talks"]);
}

/// Words for phrases, some with letters beyond ASCII that fold to ASCII ones ("Hôtel" is
/// "hotel"), and long words that run past the bytes a phrase keeps after each place.
const PHRASE_WORDS: &[&str] = &[
    "White",
    "white",
    "House",
    "houses",
    "Hôuse",
    "Whïte",
    "Hôtel",
    "hotel",
    "de",
    "Ville",
    "Villeneuve",
    "revolutionary",
    "Revolutionäry",
    "guard",
    "said",
    "the",
];

fn phrase_article() -> impl Strategy<Value = (String, String)> {
    let word = proptest::sample::select(PHRASE_WORDS);
    let sentence = (
        proptest::collection::vec(word.clone(), 2..10),
        proptest::option::of(proptest::collection::vec(word.clone(), 1..6)),
    );
    (
        proptest::collection::vec(word, 2..5),
        proptest::collection::vec(sentence, 1..6),
    )
        .prop_map(|(title, body)| {
            let body = body
                .into_iter()
                .map(|(words, quote)| (words, quote.map(|q| ("Ann Lee", q))))
                .collect();
            (title.join(" "), sentences(body))
        })
}

const PHRASES: &[&str] = &[
    "\"white house\"",
    "\"hotel de villeneuve\"",
    "\"revolutionary guard\"",
    "\"the white houses",
    "q:\"white house\"",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// A phrase typed key by key (each keystroke looking again only where the last one found
    /// it) finds the same articles and quotes as the same text searched afresh, at every
    /// keystroke, whatever letters beyond ASCII the texts hold there.
    #[test]
    fn a_phrase_typed_key_by_key_is_a_fresh_search(
        articles in proptest::collection::vec(phrase_article(), 2..10),
        pick in 0..PHRASES.len(),
    ) {
        let corpus = build(&articles);
        let index = Index::build(&corpus);
        let run = |q: &str| search(&corpus, &index, q);
        let text = PHRASES[pick];
        let ends: Vec<usize> = text.char_indices().map(|(i, c)| i + c.len_utf8()).collect();
        for &upto in &ends {
            index.clear_cache();
            let mut typed = None;
            for &end in ends.iter().take_while(|&&e| e <= upto) {
                typed = Some(run(&text[..end]));
            }
            let typed = typed.expect("a keystroke");
            index.clear_cache();
            let fresh = run(&text[..upto]);
            prop_assert_eq!(&typed.articles, &fresh.articles, "{}", &text[..upto]);
            prop_assert_eq!(&typed.quotes, &fresh.quotes, "{}", &text[..upto]);
        }
    }
}
