//! Training the entity span model from CoNLL-2003 train (`../shared/eval/train/`): the
//! articles are run through the same tokenizer and rules as at run time, every span of every
//! run becomes an example labelled from the CoNLL tags, and an averaged perceptron learns the
//! weights. Deterministic: the same data always gives the same bytes.

use std::fs;
use std::path::Path;

use rustc_hash::FxHashMap;

use super::candidates;
use super::gazetteer::GAZETTEER;
use super::linear::{self, Example, Model};
use super::spans::{self, CLASSES, Doc, SpanClass};
use super::token;

/// Passes over the training data.
pub const EPOCHS: usize = 12;

/// One training article: its text and its gold spans (byte ranges with their class).
pub struct GoldArticle {
    pub title: String,
    pub body: String,
    pub spans: FxHashMap<(usize, usize), SpanClass>,
}

/// Read CoNLL train as articles with gold spans: the JSON Lines articles, their token tags
/// (`.bio.txt`, aligned to the text word by word) and the contract gold (which LOC spans are
/// countries).
pub fn read_conll(dir: &Path) -> Result<Vec<GoldArticle>, String> {
    let read = |name: &str| {
        fs::read_to_string(dir.join(name)).map_err(|e| format!("{}: {e}", dir.join(name).display()))
    };
    let articles = read("conll-train.articles.jsonl")?;
    let bio = read("conll-train.bio.txt")?;
    let gold: serde_json::Value = serde_json::from_str(&read("conll-train.gold.json")?)
        .map_err(|e| format!("conll-train.gold.json: {e}"))?;
    let mut countries: FxHashMap<String, Vec<(usize, usize)>> = FxHashMap::default();
    for a in gold["articles"].as_array().into_iter().flatten() {
        let id = a["id"].as_str().unwrap_or("").to_string();
        for s in a["spans"].as_array().into_iter().flatten() {
            if s[2].as_str() == Some("country") {
                let (Some(x), Some(y)) = (s[0].as_u64(), s[1].as_u64()) else {
                    continue;
                };
                countries
                    .entry(id.clone())
                    .or_default()
                    .push((x as usize, y as usize));
            }
        }
    }
    // Documents of the tag file, each a list of (token, tag).
    let mut docs: Vec<Vec<(&str, &str)>> = Vec::new();
    for line in bio.lines() {
        if line.starts_with("-DOCSTART-") {
            docs.push(Vec::new());
            continue;
        }
        let mut cols = line.split(' ');
        let (Some(tok), Some(tag)) = (cols.next(), cols.next_back()) else {
            continue;
        };
        if tok.is_empty() {
            continue;
        }
        if let Some(d) = docs.last_mut() {
            d.push((tok, tag));
        }
    }
    let mut out = Vec::new();
    for (line, doc) in articles.lines().zip(&docs) {
        let a: serde_json::Value =
            serde_json::from_str(line).map_err(|e| format!("articles: {e}"))?;
        let body = a["body"].as_str().unwrap_or("").to_string();
        let id = a["id"].as_str().unwrap_or("");
        let country_spans = countries.get(id).cloned().unwrap_or_default();
        let mut spans = FxHashMap::default();
        let mut cursor = 0;
        let mut open: Option<(usize, usize, &str)> = None;
        let close = |open: &mut Option<(usize, usize, &str)>,
                     spans: &mut FxHashMap<(usize, usize), SpanClass>| {
            if let Some((s, e, kind)) = open.take() {
                let class = match kind {
                    "PER" => SpanClass::Person,
                    "ORG" => SpanClass::Organisation,
                    "LOC" if country_spans.contains(&(s, e)) => SpanClass::Country,
                    "LOC" => SpanClass::Loc,
                    _ => SpanClass::Misc,
                };
                spans.insert((s, e), class);
            }
        };
        for &(tok, tag) in doc {
            // Tokens appear in the text in order; a token the text spells otherwise is skipped.
            let window = body.len().min(cursor + 200);
            let Some(at) = body
                .get(cursor..window)
                .and_then(|w| w.find(tok))
                .map(|k| cursor + k)
            else {
                close(&mut open, &mut spans);
                continue;
            };
            let end = at + tok.len();
            cursor = end;
            if let Some(kind) = tag.strip_prefix("B-") {
                close(&mut open, &mut spans);
                open = Some((at, end, kind));
            } else if let Some(kind) = tag.strip_prefix("I-") {
                match &mut open {
                    Some((_, e, k)) if *k == kind => *e = end,
                    _ => {
                        close(&mut open, &mut spans);
                        open = Some((at, end, kind));
                    }
                }
            } else {
                close(&mut open, &mut spans);
            }
        }
        close(&mut open, &mut spans);
        out.push(GoldArticle {
            title: a["title"].as_str().unwrap_or("").to_string(),
            body,
            spans,
        });
    }
    Ok(out)
}

/// Every span of one article as a training example.
pub fn examples_of(article: &GoldArticle, out: &mut Vec<Example>) -> (usize, usize) {
    let body = article.body.as_str();
    let tokens = token::tokenize(body);
    let first_line = body.lines().next().unwrap_or("");
    let sports =
        GAZETTEER.is_sports_headline(&article.title) || GAZETTEER.is_sports_headline(first_line);
    let lex = super::lexicon::look_up(body, &tokens);
    let rules = candidates::find_candidates(body, &tokens, &lex, sports);
    let doc = Doc::new(body, &tokens, &lex, sports);
    let mut spans = Vec::new();
    for run in spans::runs(&doc) {
        spans::spans_of_run(&doc, run, &mut spans);
    }
    let mut reachable = 0;
    for sp in &spans {
        let key = (tokens[sp.first].start, tokens[sp.end - 1].end);
        let class = article.spans.get(&key).copied().unwrap_or(SpanClass::None);
        if class != SpanClass::None {
            reachable += 1;
        }
        let mut features = Vec::new();
        spans::span_features(&doc, &rules, sp, &mut features);
        out.push(Example {
            features,
            class: class as usize,
        });
    }
    (reachable, article.spans.len())
}

/// Train the entity span model on the CoNLL train articles. Returns the model and a line of
/// figures (examples, gold spans reachable as spans, temperature).
pub fn train_entities(articles: &[GoldArticle]) -> (Model, String) {
    let mut examples = Vec::new();
    let mut reach = (0, 0);
    // The last tenth is held out once, to fit the softmax temperature of the final model.
    let cut = articles.len() * 9 / 10;
    let mut cut_example = 0;
    for (i, a) in articles.iter().enumerate() {
        if i == cut {
            cut_example = examples.len();
        }
        let (r, t) = examples_of(a, &mut examples);
        reach.0 += r;
        reach.1 += t;
    }
    let partial = linear::train_perceptron(&examples[..cut_example], CLASSES, EPOCHS);
    let mut held = partial.clone();
    linear::fit_temperature(&mut held, &examples[cut_example..]);
    let mut model = linear::train_perceptron(&examples, CLASSES, EPOCHS);
    model.temperature = held.temperature;
    let summary = format!(
        "entities: {} articles, {} span examples, {} of {} gold spans reachable, temperature {}",
        articles.len(),
        examples.len(),
        reach.0,
        reach.1,
        model.temperature
    );
    (model, summary)
}

/// A PolNeAR training article: its text and its gold quotes (text, source as written).
pub struct QuoteArticle {
    pub title: String,
    pub body: String,
    pub quotes: Vec<(String, Option<String>)>,
}

/// Read PolNeAR train: the articles and, from the contract gold, every direct or mixed quote
/// with its source as the article writes it (`None` where the gold does not score it).
pub fn read_polnear(dir: &Path) -> Result<Vec<QuoteArticle>, String> {
    let read = |name: &str| {
        fs::read_to_string(dir.join(name)).map_err(|e| format!("{}: {e}", dir.join(name).display()))
    };
    let gold: serde_json::Value = serde_json::from_str(&read("polnear-train.gold.json")?)
        .map_err(|e| format!("polnear-train.gold.json: {e}"))?;
    let mut by_id: FxHashMap<String, Vec<(String, Option<String>)>> = FxHashMap::default();
    for a in gold["articles"].as_array().into_iter().flatten() {
        let quotes = a["quotes"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|q| {
                (
                    q["text"].as_str().unwrap_or("").to_string(),
                    q["speaker"]["source"].as_str().map(str::to_string),
                )
            })
            .collect();
        by_id.insert(a["id"].as_str().unwrap_or("").to_string(), quotes);
    }
    let mut out = Vec::new();
    for line in read("polnear-train.articles.jsonl")?.lines() {
        let a: serde_json::Value =
            serde_json::from_str(line).map_err(|e| format!("articles: {e}"))?;
        let id = a["id"].as_str().unwrap_or("");
        out.push(QuoteArticle {
            title: a["title"].as_str().unwrap_or("").to_string(),
            body: a["body"].as_str().unwrap_or("").to_string(),
            quotes: by_id.remove(id).unwrap_or_default(),
        });
    }
    Ok(out)
}

/// Words as the scorer compares them: lower case, letters and digits, possessives dropped.
fn norm_words(s: &str) -> Vec<String> {
    s.to_lowercase()
        .replace(['’', '‘'], "'")
        .replace("'s ", " ")
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .map(|w| w.trim_end_matches("'s").replace('\'', ""))
        .filter(|w| !w.is_empty())
        .collect()
}

/// Does a quote we found cover a gold quote (60% of its words, not far longer)?
fn covers(found: &str, gold: &str) -> bool {
    let g = norm_words(gold);
    if g.is_empty() {
        return false;
    }
    let f = norm_words(found);
    let hits = g.iter().filter(|w| f.contains(w)).count();
    hits * 10 >= g.len() * 6 && f.len() <= 3 * g.len() + 3
}

const TITLE_WORDS: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "dr",
    "sen",
    "rep",
    "gov",
    "president",
    "senator",
    "minister",
    "the",
    "of",
];

/// Does an entity's name name the gold source (a shared word of three letters or more that is
/// not a title)?
fn names_source(name: &str, source: &str) -> bool {
    let key = |s: &str| -> Vec<String> {
        norm_words(s)
            .into_iter()
            .filter(|w| w.chars().count() >= 3 && !TITLE_WORDS.contains(&w.as_str()))
            .collect()
    };
    let a = key(name);
    key(source).iter().any(|w| a.contains(w))
}

/// Train the speaker ranker on PolNeAR train: for every gold quote we find, the right
/// candidate is the entity whose name names the gold source, or nobody when no candidate does.
pub fn train_speakers(articles: &[QuoteArticle]) -> (Model, String) {
    let mut groups = Vec::new();
    let cut = articles.len() * 9 / 10;
    let mut cut_group = 0;
    let mut matched_source = 0;
    for (ai, a) in articles.iter().enumerate() {
        if ai == cut {
            cut_group = groups.len();
        }
        let t = super::speaker_training(&a.title, &a.body);
        for (gold_text, source) in &a.quotes {
            let Some(source) = source else { continue };
            // Pronouns name nobody the scorer can check; they teach nothing here.
            if norm_words(source).iter().all(|w| w.chars().count() < 3) {
                continue;
            }
            let Some(qi) = t
                .quotes
                .iter()
                .position(|q| covers(&a.body[q.start..q.end], gold_text))
            else {
                continue;
            };
            let group = &t.groups[qi];
            let gold = group
                .iter()
                .position(|(e, _)| e.is_some_and(|e| names_source(&t.entities[e].name, source)));
            if gold.is_some() {
                matched_source += 1;
            }
            groups.push(linear::RankGroup {
                candidates: group.iter().map(|(_, f)| f.clone()).collect(),
                gold: gold.unwrap_or(0),
            });
        }
    }
    let mut held = linear::train_ranker(&groups[..cut_group], EPOCHS);
    linear::fit_ranker_temperature(&mut held, &groups[cut_group..]);
    let mut model = linear::train_ranker(&groups, EPOCHS);
    model.temperature = held.temperature;
    let summary = format!(
        "speakers: {} articles, {} quotes, {} with the source among the candidates, temperature {}",
        articles.len(),
        groups.len(),
        matched_source,
        model.temperature
    );
    (model, summary)
}

/// A weights file: its name under assets/model/ and its bytes.
pub type WeightFile = (&'static str, Vec<u8>);

/// Train both models from a training folder; returns (file name, bytes) pairs and a summary.
pub fn train_all(dir: &Path) -> Result<(Vec<WeightFile>, String), String> {
    let conll = read_conll(dir)?;
    let (entities, s1) = train_entities(&conll);
    // The speaker ranker reads entities as the entity model finds them: train it after, with
    // the new entity weights in force.
    ENTITY_OVERRIDE.with(|o| *o.borrow_mut() = Some(entities.clone()));
    let polnear = read_polnear(dir)?;
    let (speakers, s2) = train_speakers(&polnear);
    ENTITY_OVERRIDE.with(|o| *o.borrow_mut() = None);
    Ok((
        vec![
            ("entities.bin", entities.to_bytes()),
            ("speakers.bin", speakers.to_bytes()),
        ],
        format!("{s1}\n{s2}"),
    ))
}

thread_local! {
    /// While training, the entity model just trained stands in for the committed one.
    pub(super) static ENTITY_OVERRIDE: std::cell::RefCell<Option<Model>> =
        const { std::cell::RefCell::new(None) };
}
