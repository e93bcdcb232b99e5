//! Entities and quotes from article text, by rules and data alone (no model to download):
//! tokens -> candidates (gazetteers, shapes, cues) -> per-article entities -> quotes and speakers.

mod candidates;
pub mod gazetteer;
pub mod linear;
pub mod names;
pub mod quotes;
pub mod resolve;
pub mod spans;
mod speakers;
pub mod token;
pub mod train;
pub mod work;

pub use resolve::{LocalEntity, MAX_BUCKET, edit_distance, spelling_variant, variant_keys};

use speakers::MentionAt;

/// A quotation found in one article.
#[derive(Debug, Clone, PartialEq)]
pub struct LocalQuote {
    pub start: usize,
    pub end: usize,
    /// Index into the article's entities.
    pub speaker: Option<usize>,
    pub scare: bool,
    /// How sure the speaker ranker is of the speaker (or of there being none), 0..1.
    pub confidence: f32,
    pub kind: crate::model::QuoteKind,
    /// The reporting verb's byte span, for reported speech.
    pub cue: Option<(usize, usize)>,
}

/// What extraction found in one article.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extraction {
    pub entities: Vec<LocalEntity>,
    pub quotes: Vec<LocalQuote>,
}

/// The pieces the speaker ranker is trained on, for one article: its quotes, its entities and
/// each quote's candidates with their features.
pub struct SpeakerTraining {
    pub quotes: Vec<quotes::QuoteSpan>,
    pub entities: Vec<LocalEntity>,
    pub groups: Vec<Vec<(Option<usize>, Vec<linear::Feature>)>>,
}

/// Run extraction up to speaker attribution and return the ranker's training material.
pub fn speaker_training(title: &str, body: &str) -> SpeakerTraining {
    let tokens = token::tokenize(body);
    let first_line = body.lines().next().unwrap_or("");
    let sports = gazetteer::GAZETTEER.is_sports_headline(title)
        || gazetteer::GAZETTEER.is_sports_headline(first_line);
    let rules = candidates::find_candidates(body, &tokens, sports);
    let doc = spans::Doc::new(body, &tokens, sports);
    let found = match spans::decide(&doc, &rules) {
        Some(decided) => spans::to_candidates(&doc, &rules, &decided),
        None => rules,
    };
    let resolved = resolve::resolve(body, &found);
    let mut qs = quotes::find_quotes(body);
    qs.retain(|q| !q.is_title(body));
    let mentions = mentions_of(&found, &resolved);
    let per_entity: Vec<usize> = resolved.entities.iter().map(|e| e.mentions.len()).collect();
    let groups = speakers::training_groups(body, &tokens, &qs, &mentions, &per_entity);
    SpeakerTraining {
        quotes: qs,
        entities: resolved.entities,
        groups,
    }
}

fn mentions_of(found: &[candidates::Candidate], resolved: &resolve::Resolved) -> Vec<MentionAt> {
    found
        .iter()
        .zip(&resolved.of_candidate)
        .filter_map(|(c, e)| {
            let entity = (*e)?;
            Some(MentionAt {
                first: c.first_token,
                end: c.end_token,
                entity,
                kind: resolved.entities[entity].kind,
            })
        })
        .collect()
}

/// Extract entities and quotes from one body of text.
pub fn extract(body: &str) -> Extraction {
    extract_article("", body)
}

/// Extract from an article; its title tells a sports report apart ("SOCCER - ...").
pub fn extract_article(title: &str, body: &str) -> Extraction {
    let tokens = token::tokenize(body);
    work::add(tokens.len() as u64);
    let first_line = body.lines().next().unwrap_or("");
    let sports = gazetteer::GAZETTEER.is_sports_headline(title)
        || gazetteer::GAZETTEER.is_sports_headline(first_line);
    let rules = candidates::find_candidates(body, &tokens, sports);
    let doc = spans::Doc::new(body, &tokens, sports);
    let found = match spans::decide(&doc, &rules) {
        Some(decided) => spans::to_candidates(&doc, &rules, &decided),
        None => rules,
    };
    let resolved = resolve::resolve(body, &found);
    // Titles of works in quotation marks are no one's words.
    let mut spans = quotes::find_quotes(body);
    spans.retain(|q| !q.is_title(body));
    let mentions = mentions_of(&found, &resolved);
    let per_entity: Vec<usize> = resolved.entities.iter().map(|e| e.mentions.len()).collect();
    let speakers = speakers::attribute(body, &tokens, &spans, &mentions, &per_entity);
    let quotes = spans
        .iter()
        .zip(speakers)
        .map(|(q, (speaker, confidence))| LocalQuote {
            start: q.start,
            end: q.end,
            speaker,
            // Only an unattributed short quote is a scare quote: “good start”, said by
            // someone, is theirs.
            scare: speaker.is_none() && q.is_scare(body),
            confidence,
            kind: q.kind(body),
            cue: None,
        })
        .collect::<Vec<_>>();
    // Reported speech: the rules find it, with the speaker the rules give; its confidence is
    // the entity model's in that speaker (no model of its own yet).
    let mut quotes = quotes;
    for r in speakers::reported_speech(body, &tokens, &spans, &mentions) {
        quotes.push(LocalQuote {
            start: r.start,
            end: r.end,
            speaker: Some(r.speaker),
            scare: false,
            confidence: resolved.entities[r.speaker].confidence(),
            kind: crate::model::QuoteKind::Indirect,
            cue: Some(r.cue),
        });
    }
    quotes.sort_by_key(|q| q.start);
    Extraction {
        entities: resolved.entities,
        quotes,
    }
}
