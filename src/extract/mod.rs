//! Entities and quotes from article text, by rules and data alone (no model to download):
//! tokens -> candidates (gazetteers, shapes, cues) -> per-article entities -> quotes and speakers.

mod candidates;
pub mod gazetteer;
pub mod lexicon;
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
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LocalQuote {
    pub start: usize,
    pub end: usize,
    /// Index into the article's entities.
    pub speaker: Option<usize>,
    /// When no entity spoke: the words for the unnamed speaker ("the Vermont senator"), as a
    /// byte span of the body.
    pub source: Option<(u32, u32)>,
    pub scare: bool,
    /// How sure the speaker ranker is of the speaker (or of there being none), 0..1.
    pub confidence: f32,
    pub kind: crate::model::QuoteKind,
    /// The reporting verb's byte span, for reported speech (32 bits, as every offset into an
    /// article: a quote list is kept for every article while a corpus loads).
    pub cue: Option<(u32, u32)>,
}

/// What extraction found in one article.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
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
    let plain = quotes::doubled_apostrophes_as_quotes(body);
    let body: &str = &plain;
    let tokens = token::tokenize(body);
    let first_line = body.lines().next().unwrap_or("");
    let sports = gazetteer::GAZETTEER.is_sports_headline(title)
        || gazetteer::GAZETTEER.is_sports_headline(first_line);
    let lex = lexicon::look_up(body, &tokens);
    let rules = candidates::find_candidates(body, &tokens, &lex, sports);
    let doc = spans::Doc::new(body, &tokens, &lex, sports);
    let found = match spans::decide(&doc, &rules) {
        Some(decided) => spans::to_candidates(&doc, &rules, &decided),
        None => rules,
    };
    let mut resolved = resolve::resolve(body, &found);
    resolve::recheck_people(body, &mut resolved, sports);
    let mut qs = quotes::find_quotes(body);
    qs.retain(|q| !q.is_title(body) && !q.is_name(body));
    let mentions = mentions_of(&found, &resolved);
    let per_entity: Vec<usize> = resolved.entities.iter().map(|e| e.mentions.len()).collect();
    let groups = speakers::training_groups(body, &tokens, &lex, &qs, &mentions, &per_entity);
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
            let entity = (*e)? as usize;
            Some(MentionAt {
                first: c.first(),
                end: c.end_tok(),
                entity,
                kind: resolved.entities[entity].kind,
            })
        })
        .collect()
}

/// A byte span as 32-bit offsets (an article is at most 4 GB: `--max-article-mb`).
fn offsets(start: usize, end: usize) -> (u32, u32) {
    (start as u32, end as u32)
}

/// The confidence of reported speech from an unnamed source ("officials said ..."): the rules
/// found it and no model weighs it.
const UNNAMED_CONFIDENCE: f32 = 0.5;

/// Extract entities and quotes from one body of text.
pub fn extract(body: &str) -> Extraction {
    extract_article("", body)
}

/// Text is read in segments of at most this many bytes (cut at a paragraph, else a sentence,
/// else a space), so the per-token working memory of a huge article stays bounded; entities
/// are still resolved over the whole article. Ordinary articles are one segment.
pub const SEGMENT_BYTES: usize = 1 << 20;

/// Byte ranges covering `body`, each at most `max` bytes (longer only when no space at all).
pub fn segments(body: &str, max: usize) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    while body.len() - start > max {
        let mut limit = start + max;
        while !body.is_char_boundary(limit) {
            limit -= 1;
        }
        let window = &body[start..limit];
        // Prefer a paragraph break, then a sentence end, then any space, in the second half.
        let half = window.len() / 2;
        let cut = window
            .rfind('\n')
            .filter(|&i| i >= half)
            .or_else(|| window.rfind(". ").filter(|&i| i >= half).map(|i| i + 1))
            .or_else(|| window.rfind(' ').filter(|&i| i >= half))
            .map_or(limit, |i| start + i + 1);
        out.push(start..cut);
        start = cut;
    }
    out.push(start..body.len());
    out
}

/// A candidate placed in an entity, as pass 2 of `extract_article` needs it: its segment, its
/// token range within that segment (a segment is at most `SEGMENT_BYTES`, so tokens fit in
/// `u32`) and its entity.
struct Placed {
    segment: u32,
    first: u32,
    end: u32,
    entity: u32,
}

/// Extract from an article; its title tells a sports report apart ("SOCCER - ...").
pub fn extract_article(title: &str, body: &str) -> Extraction {
    let first_line = body.lines().next().unwrap_or("");
    let sports = gazetteer::GAZETTEER.is_sports_headline(title)
        || gazetteer::GAZETTEER.is_sports_headline(first_line);
    let segments = segments(body, SEGMENT_BYTES);
    // Pass 1: candidates, segment by segment, with byte offsets into the whole body (token
    // indices stay those of their segment).
    let mut found: Vec<candidates::Candidate> = Vec::new();
    let mut segment_of: Vec<u32> = Vec::new();
    // An ordinary article is one segment: its text as read, tokens and look-ups are kept
    // for pass 2 rather than made again.
    let mut kept = None;
    for (si, r) in segments.iter().enumerate() {
        // ''…'' quotes read as "…", at the same offsets (a segment at a time: a huge article
        // is never copied whole).
        let plain = quotes::doubled_apostrophes_as_quotes(&body[r.clone()]);
        let text: &str = &plain;
        let tokens = token::tokenize(text);
        work::add(tokens.len() as u64);
        let mut hashes = Vec::new();
        let lex = lexicon::look_up_hashing(text, &tokens, Some(&mut hashes));
        let rules = candidates::find_candidates(text, &tokens, &lex, sports);
        let doc = spans::Doc::with_hashes(text, &tokens, &lex, hashes, sports);
        let cands = match spans::decide(&doc, &rules) {
            Some(decided) => spans::to_candidates(&doc, &rules, &decided),
            None => rules,
        };
        if si == 0 && segments.len() > 1 {
            // A large article: room for as many candidates per byte as the first segment had
            // (and a tenth more), so the list is not grown by doubling to twice its size; never
            // more than one per 32 bytes (news has one per 70), however dense the first
            // segment, so a text of capitals does not reserve gigabytes up front.
            let estimate = cands.len() as f64 * body.len() as f64 / r.len().max(1) as f64;
            let room = (estimate * 1.1).min(body.len() as f64 / 32.0) as usize;
            found.reserve(room);
            segment_of.reserve(room);
        }
        // Offsets are held in u32: the per-article limit is under 4 GiB, and anything past
        // 4 GiB (an article made by a library caller) is left out rather than wrapped.
        let shift = |x: u32| u32::try_from(x as usize + r.start).ok();
        for mut c in cands {
            let (Some(start), Some(end)) = (shift(c.start), shift(c.end)) else {
                continue;
            };
            (c.start, c.end) = (start, end);
            c.acronym = c.acronym.and_then(|(s, e)| Some((shift(s)?, shift(e)?)));
            found.push(c);
            segment_of.push(si as u32);
        }
        if segments.len() == 1 {
            kept = Some((plain, tokens, lex));
        }
    }
    let mut resolved = resolve::resolve(body, &found);
    resolve::recheck_people(body, &mut resolved, sports);
    let per_entity: Vec<usize> = resolved.entities.iter().map(|e| e.mentions.len()).collect();
    // What pass 2 needs of the candidates (where each placed one stands, in its segment's
    // tokens), kept compact; the candidates themselves are let go before pass 2, which on a
    // large article is most of extraction's memory.
    let placed: Vec<Placed> = found
        .iter()
        .zip(&segment_of)
        .zip(&resolved.of_candidate)
        .filter_map(|((c, &segment), &entity)| {
            Some(Placed {
                segment,
                first: c.first() as u32,
                end: c.end_tok() as u32,
                entity: entity?,
            })
        })
        .collect();
    drop(found);
    drop(segment_of);
    resolved.of_candidate = Vec::new();
    // Pass 2: quotes and speakers, segment by segment (tokenized again only when there are
    // several).
    let mut quotes: Vec<LocalQuote> = Vec::new();
    let mut next = 0;
    for (si, r) in segments.iter().enumerate() {
        let (plain, tokens, lex) = kept.take().unwrap_or_else(|| {
            let plain = quotes::doubled_apostrophes_as_quotes(&body[r.clone()]);
            let tokens = token::tokenize(&plain);
            let lex = lexicon::look_up(&plain, &tokens);
            (plain, tokens, lex)
        });
        let text: &str = &plain;
        let from = next;
        while next < placed.len() && placed[next].segment as usize == si {
            next += 1;
        }
        let mentions: Vec<MentionAt> = placed[from..next]
            .iter()
            .map(|p| MentionAt {
                first: p.first as usize,
                end: p.end as usize,
                entity: p.entity as usize,
                kind: resolved.entities[p.entity as usize].kind,
            })
            .collect();
        // Titles of works and names in quotation marks are no one's words.
        let mut spans = quotes::find_quotes(text);
        spans.retain(|q| !q.is_title(text) && !q.is_name(text));
        let speakers = speakers::attribute(text, &tokens, &lex, &spans, &mentions, &per_entity);
        for (q, a) in spans.iter().zip(speakers) {
            quotes.push(LocalQuote {
                start: q.start + r.start,
                end: q.end + r.start,
                speaker: a.speaker,
                source: a.source.map(|(s, e)| offsets(s + r.start, e + r.start)),
                // Only an unattributed short quote is a scare quote: “good start”, said by
                // someone (named or not), is theirs.
                scare: a.speaker.is_none() && a.source.is_none() && q.is_scare(text),
                confidence: a.confidence,
                kind: q.kind(text),
                cue: None,
            });
        }
        // Reported speech: the rules find it, with the speaker the rules give; its confidence
        // is the entity model's in that speaker (no model of its own yet).
        for rep in speakers::reported_speech(text, &tokens, &lex, &spans, &mentions) {
            quotes.push(LocalQuote {
                start: rep.start + r.start,
                end: rep.end + r.start,
                speaker: rep.speaker,
                source: rep.source.map(|(s, e)| offsets(s + r.start, e + r.start)),
                scare: false,
                // An unnamed source has no entity to be sure of: the rules' word alone.
                confidence: rep
                    .speaker
                    .map_or(UNNAMED_CONFIDENCE, |s| resolved.entities[s].confidence()),
                kind: crate::model::QuoteKind::Indirect,
                cue: Some(offsets(rep.cue.0 + r.start, rep.cue.1 + r.start)),
            });
        }
    }
    quotes.sort_by_key(|q| q.start);
    Extraction {
        entities: resolved.entities,
        quotes,
    }
}
