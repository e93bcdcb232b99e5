//! Who said a quotation: "“...,” X said", "said X", "X said “...”", "according to X", a colon
//! after the speaker, pronouns resolved to the nearest fitting person, and quotes that continue
//! a speaker's paragraph. Unknown stays unknown: no guessing past these patterns.

use super::lexicon::{self, Lex};
use super::quotes::QuoteSpan;
use super::token::{Token, TokenKind};
use crate::model::EntityKind;
use crate::word_set;
use crate::wordkey::WordSet;
use std::sync::LazyLock;

mod unnamed;

/// One resolved mention: tokens `first..end` name entity `entity`.
#[derive(Debug, Clone, Copy)]
pub struct MentionAt {
    pub first: usize,
    pub end: usize,
    pub entity: usize,
    pub kind: EntityKind,
}

/// How far back a sentence is searched for its start, in tokens.
const MAX_SENTENCE_TOKENS: usize = 200;

/// Words that may stand between a speaker and the verb ("Araghchi later said").
static BETWEEN_SUBJECT_AND_VERB: LazyLock<WordSet> = word_set![
    "also",
    "later",
    "then",
    "again",
    "has",
    "had",
    "have",
    "once",
    "earlier",
    "previously",
    "repeatedly",
    "recently",
    "simply",
    "further",
    "subsequently",
    "reportedly",
    "publicly",
    "privately",
    "would",
    "will",
    "quickly",
    "finally",
    "first",
    "separately",
    "angrily",
    "flatly",
];

struct Ctx<'a> {
    body: &'a str,
    tokens: &'a [Token],
    /// What the gazetteers say of each token.
    lex: &'a [Lex],
    /// Entity mention covering each token (persons and organisations only).
    at_token: Vec<Option<MentionAt>>,
    /// Country mention covering each token: a country speaks only as a clause's subject.
    country_at: Vec<Option<MentionAt>>,
    /// True for tokens inside some quotation.
    quoted: Vec<bool>,
    /// Words of the quotation each token stands in (0 outside quotations).
    quote_words: Vec<u16>,
    /// Running counts before each token (and one past the last) of paragraph breaks, of
    /// capitalised sentence starts and of quoted tokens: "is there one between a and b" in
    /// one subtraction.
    breaks_before: Vec<u32>,
    starts_before: Vec<u32>,
    quoted_before: Vec<u32>,
}

/// The running count before each index (and one past the last) of the items where `yes` holds.
fn running_count<T>(items: &[T], yes: impl Fn(&T) -> bool) -> Vec<u32> {
    let mut out = Vec::with_capacity(items.len() + 1);
    let mut n = 0u32;
    out.push(0);
    for item in items {
        n += u32::from(yes(item));
        out.push(n);
    }
    out
}

/// How many counted items lie in `a..b` (none when the range is empty or reversed).
fn counted_in(before: &[u32], a: usize, b: usize) -> u32 {
    let b = b.min(before.len() - 1);
    if a >= b { 0 } else { before[b] - before[a] }
}

impl Ctx<'_> {
    fn word(&self, i: usize) -> Option<&str> {
        super::work::add(1);
        let t = self.tokens.get(i)?;
        (t.kind == TokenKind::Word).then(|| t.text(self.body))
    }

    fn is_punct(&self, i: usize, p: &str) -> bool {
        super::work::add(1);
        self.tokens
            .get(i)
            .is_some_and(|t| t.kind == TokenKind::Punct && t.text(self.body) == p)
    }

    /// A reporting verb used as a verb: not "Trump's claim", "a statement", "the report";
    /// "as X put it" counts.
    fn is_speech_verb(&self, i: usize) -> bool {
        let Some(w) = self.word(i) else { return false };
        if w.eq_ignore_ascii_case("put") && self.word(i + 1) == Some("it") {
            return true;
        }
        if !self.lex[i].has(lexicon::SPEECH) {
            return false;
        }
        let noun_use = i > 0
            && (self.tokens[i - 1].kind == TokenKind::Possessive
                || self.word(i - 1).is_some_and(|p| {
                    matches!(
                        p,
                        "a" | "an"
                            | "the"
                            | "his"
                            | "her"
                            | "their"
                            | "its"
                            | "this"
                            | "that"
                            | "whose"
                    )
                }));
        !noun_use
    }

    /// A mention that ends exactly at token `end` (exclusive).
    fn mention_ending_at(&self, end: usize) -> Option<MentionAt> {
        let m = self.at_token.get(end.checked_sub(1)?)?.as_ref()?;
        (m.end == end).then_some(*m)
    }

    fn mention_starting_at(&self, i: usize) -> Option<MentionAt> {
        let m = self.at_token.get(i)?.as_ref()?;
        (m.first == i).then_some(*m)
    }

    fn pronoun(&self, i: usize) -> Option<Pronoun> {
        let w = self.word(i)?;
        if w.eq_ignore_ascii_case("he") || w.eq_ignore_ascii_case("she") {
            Some(Pronoun::Person)
        } else if w.eq_ignore_ascii_case("it") {
            Some(Pronoun::Organisation)
        } else {
            None
        }
    }

    /// The person (or organisation) a pronoun at token `before` stands for: the first one
    /// named in its own sentence before it, else in the sentences before (up to a few), so the
    /// subject wins over a name further on ("Obama said after meeting Putin. He ...").
    fn resolve_pronoun(&self, p: Pronoun, before: usize) -> Option<usize> {
        let want = match p {
            Pronoun::Person => EntityKind::Person,
            Pronoun::Organisation => EntityKind::Organisation,
        };
        let mut end = before;
        for _ in 0..6 {
            if end == 0 {
                break;
            }
            let start = sentence_start(self, end.saturating_sub(1));
            let found = (start..end)
                .filter(|&i| !self.quoted[i])
                .find_map(|i| self.at_token[i].filter(|m| m.kind == want));
            if let Some(m) = found {
                return Some(m.entity);
            }
            if start == 0 {
                break;
            }
            end = start;
            // Step over the break before this sentence.
            while end > 0 && self.tokens[end - 1].kind == TokenKind::Newline {
                end -= 1;
            }
        }
        None
    }
}

#[derive(Clone, Copy)]
enum Pronoun {
    Person,
    Organisation,
}

/// Index of the first token starting at or after byte `at`.
fn token_at(tokens: &[Token], at: usize) -> usize {
    tokens.partition_point(|t| t.start < at)
}

/// Who said one quote.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Attribution {
    /// The speaking entity (index into the article's entities).
    pub speaker: Option<usize>,
    /// When no entity spoke: the words that stand for the speaker ("the Vermont senator",
    /// "police"), as a byte span.
    pub source: Option<(usize, usize)>,
    /// How sure the ranker is of the speaker (or of there being none), 0..1.
    pub confidence: f32,
}

/// The unnamed source of each quote, as a token span (see [`unnamed`]).
fn unnamed_sources(ctx: &Ctx, quotes: &[QuoteSpan]) -> Vec<Option<(usize, usize)>> {
    quotes
        .iter()
        .map(|q| {
            let open = token_at(ctx.tokens, q.open);
            let after = token_at(ctx.tokens, q.close_end);
            unnamed::of_quote(ctx, open, after)
        })
        .collect()
}

/// Attribute every quote: the speaking entity, or the words for an unnamed one.
pub fn attribute(
    body: &str,
    tokens: &[Token],
    lex: &[Lex],
    quotes: &[QuoteSpan],
    mentions: &[MentionAt],
    mentions_per_entity: &[usize],
) -> Vec<Attribution> {
    let ctx = context(body, tokens, lex, quotes, mentions);
    let rules = rule_speakers(&ctx, quotes);
    let described = unnamed_sources(&ctx, quotes);
    let source_of = |speaker: Option<usize>, qi: usize| {
        speaker
            .is_none()
            .then(|| described[qi].map(|span| unnamed::bytes(&ctx, span)))
            .flatten()
    };
    // A quote that goes on in an unnamed source's voice is theirs too.
    let goes_on = |out: &[Attribution], qi: usize| {
        let prev = out.last()?;
        (prev.speaker.is_none() && continues(&ctx, quotes, qi, None)).then_some(prev.source)?
    };
    let Some(model) = RANKER.as_ref() else {
        return rules
            .into_iter()
            .enumerate()
            .map(|(qi, speaker)| Attribution {
                speaker,
                source: source_of(speaker, qi),
                confidence: 1.0,
            })
            .collect();
    };
    let mut out: Vec<Attribution> = Vec::with_capacity(quotes.len());
    let mut group = Vec::new();
    let mut scores = Vec::new();
    for (qi, q) in quotes.iter().enumerate() {
        let previous = out.last().and_then(|p| p.speaker);
        let inherited = goes_on(&out, qi);
        speaker_candidates(
            &ctx,
            q,
            rules[qi],
            (described[qi], inherited.is_some()),
            previous,
            mentions_per_entity,
            &mut group,
        );
        scores.clear();
        let mut s = [0f32; 1];
        for (_, feats) in &group {
            model.scores_into(feats, &mut s);
            scores.push(s[0]);
        }
        let mut probs = vec![0f32; scores.len()];
        model.probabilities(&scores, &mut probs);
        let best = super::linear::argmax(&scores);
        let speaker = group[best].0;
        out.push(Attribution {
            speaker,
            source: source_of(speaker, qi).or(inherited.filter(|_| speaker.is_none())),
            confidence: probs[best],
        });
    }
    out
}

fn context<'a>(
    body: &'a str,
    tokens: &'a [Token],
    lex: &'a [Lex],
    quotes: &[QuoteSpan],
    mentions: &[MentionAt],
) -> Ctx<'a> {
    let mut at_token = vec![None; tokens.len()];
    let mut country_at = vec![None; tokens.len()];
    for m in mentions {
        let map = match m.kind {
            EntityKind::Person | EntityKind::Organisation => &mut at_token,
            EntityKind::Country => &mut country_at,
        };
        for slot in &mut map[m.first..m.end] {
            *slot = Some(*m);
        }
    }
    let mut quoted = vec![false; tokens.len()];
    let mut quote_words = vec![0u16; tokens.len()];
    for q in quotes {
        let a = token_at(tokens, q.open);
        let b = token_at(tokens, q.close_end);
        let words = (a..b)
            .filter(|&k| tokens[k].kind == TokenKind::Word)
            .count()
            .min(u16::MAX as usize) as u16;
        for k in a..b {
            quoted[k] = true;
            quote_words[k] = words;
        }
    }
    Ctx {
        body,
        tokens,
        lex,
        at_token,
        country_at,
        breaks_before: running_count(tokens, |t| t.kind == TokenKind::Newline),
        starts_before: running_count(tokens, |t| t.sentence_start && t.capitalised),
        quoted_before: running_count(&quoted, |&q| q),
        quoted,
        quote_words,
    }
}
/// The speakers the rules alone find.
fn rule_speakers(ctx: &Ctx, quotes: &[QuoteSpan]) -> Vec<Option<usize>> {
    let mut speakers: Vec<Option<usize>> = Vec::with_capacity(quotes.len());
    for (qi, q) in quotes.iter().enumerate() {
        let open = token_at(ctx.tokens, q.open);
        let after = token_at(ctx.tokens, q.close_end);
        // "…, according to X." closing the sentence attributes it, unless a reporting verb
        // before the quote does ("Smith told colleagues “…” at a meeting, according to the
        // Times" is Smith's).
        let according = || {
            (!reporting_verb_before(ctx, open))
                .then(|| according_to_after(ctx, after, open))
                .flatten()
        };
        let found = after_quote(ctx, after, open)
            .or_else(according)
            .or_else(|| before_quote(ctx, open))
            .unwrap_or_else(|| continued(ctx, quotes, &speakers, qi, open));
        speakers.push(found);
    }
    speakers
}

/// The committed speaker ranker (`cargo run --release --example train` writes it).
static RANKER: std::sync::LazyLock<Option<super::linear::Model>> = std::sync::LazyLock::new(|| {
    super::linear::Model::from_bytes(include_bytes!("../../../assets/model/speakers.bin"))
});

/// Tokens before a quote's opening mark and after its closing mark where speakers are sought.
const WINDOW_BEFORE: usize = 100;
const WINDOW_AFTER: usize = 30;

fn bucket(d: usize) -> u64 {
    match d {
        0 => 0,
        1 => 1,
        2 => 2,
        3..=4 => 3,
        5..=8 => 4,
        9..=16 => 5,
        17..=32 => 6,
        _ => 7,
    }
}

/// Is token `k` a comma or a quotation mark (or a run of them: ",''", "”")?
fn is_comma_or_quote_mark(ctx: &Ctx, k: usize) -> bool {
    ctx.tokens.get(k).is_some_and(|t| {
        matches!(t.kind, TokenKind::Punct | TokenKind::Possessive)
            && t.text(ctx.body)
                .chars()
                .all(|c| matches!(c, ',' | '\'' | '’' | '"' | '”'))
    })
}

/// Where a verb's subject ends: `verb` stepped back over adverbs and auxiliaries ("also",
/// "has"), not before `start`.
fn before_adverbs(ctx: &Ctx, start: usize, verb: usize) -> usize {
    let mut v = verb;
    while v > start
        && ctx
            .word(v - 1)
            .is_some_and(|w| BETWEEN_SUBJECT_AND_VERB.contains(&w))
    {
        v -= 1;
    }
    v
}

/// Is the mention starting at token `first` the one spoken to or of: after a verb of telling
/// ("told the Washington Post"), "said to" ("said to Reuters", not "according to Reuters"), "an
/// interview with", or "says of"?
fn is_listener(ctx: &Ctx, first: usize, end: usize) -> bool {
    let mut p = first;
    // Over a title outside the mention: "lauded Mr. Clarke", "told Sen. Reid".
    if p >= 2 && ctx.is_punct(p - 1, ".") && ctx.lex[p - 2].has(lexicon::TITLE_DOT) {
        p -= 2;
    } else if p >= 1 && ctx.lex[p - 1].has(lexicon::TITLE) {
        p -= 1;
    }
    if p > 0
        && ctx
            .word(p - 1)
            .is_some_and(|w| w.eq_ignore_ascii_case("the"))
    {
        p -= 1;
    }
    // Over an apposition before the name, closed by a comma after it: "accused the North's
    // leader, Kim Jong Un, of". Not an opening clause ("When asked about the plan, Smith
    // said", "As he told the committee, Smith said"): no preposition or conjunction between.
    // The apposition names a role ("leader"), not a thing ("After Obama criticized the bill,
    // Harry Reid, the Senate leader, said").
    if p >= 2
        && ctx.is_punct(p - 1, ",")
        && ctx.is_punct(end, ",")
        && ctx.lex[p - 2].has(lexicon::TITLE)
    {
        let mut k = p - 1;
        while k > 0
            && k + 6 > p
            && matches!(
                ctx.tokens[k - 1].kind,
                TokenKind::Word | TokenKind::Possessive
            )
            && !ctx.quoted[k - 1]
            && !ctx.word(k - 1).is_some_and(|w| {
                unnamed::PREPOSITIONS.contains(&w)
                    || matches!(w, "when" | "When" | "as" | "As" | "after" | "After")
            })
        {
            k -= 1;
            if ctx
                .word(k)
                .is_some_and(|w| TELL_VERBS.contains(&w) || JUDGE_VERBS.contains(&w))
            {
                return k == 0 || !is_comma_or_quote_mark(ctx, k - 1);
            }
        }
    }
    let Some(before) = p.checked_sub(1).and_then(|k| ctx.word(k)) else {
        return false;
    };
    let spoken = |w: &str| {
        matches!(
            w,
            "said" | "spoke" | "speaking" | "talking" | "talked" | "wrote" | "explained"
        )
    };
    let interview = |w: &str| matches!(w, "interview" | "interviews" | "conversation") || spoken(w);
    // "“Growth will slow,” warned the IMF": a verb right after a quotation or a comma has
    // its subject after it, the speaker.
    let inverted = p >= 2 && is_comma_or_quote_mark(ctx, p - 2);
    (TELL_VERBS.contains(&before) || JUDGE_VERBS.contains(&before)) && !inverted
        || before == "to" && p >= 2 && ctx.word(p - 2).is_some_and(spoken)
        || before == "with" && p >= 2 && ctx.word(p - 2).is_some_and(interview)
        // "The New York businessman says of Clinton, “…”": who is spoken of.
        || before == "of" && p >= 2 && ctx.is_speech_verb(p - 2)
}

/// The candidates for one quote's speaker, each with its features: every person,
/// organisation or country named near the quote (outside quotation marks), and "nobody"
/// (`None`). `described`: the quote's unnamed source (a token span), and whether it goes on in
/// the previous quote's unnamed voice.
fn speaker_candidates(
    ctx: &Ctx,
    q: &QuoteSpan,
    rule: Option<usize>,
    (described, inherited): (Option<(usize, usize)>, bool),
    previous: Option<usize>,
    mentions_per_entity: &[usize],
    out: &mut Vec<(Option<usize>, Vec<super::linear::Feature>)>,
) {
    use super::linear::FeatureHasher as F;
    out.clear();
    let n = ctx.tokens.len();
    let open = token_at(ctx.tokens, q.open);
    let close = token_at(ctx.tokens, q.close_end).max(open);
    let from = open.saturating_sub(WINDOW_BEFORE);
    let to = (close + WINDOW_AFTER).min(n);
    let opens_paragraph = open == 0 || ctx.tokens[open - 1].kind == TokenKind::Newline;
    // Nearest mention of each entity before and after the quote, with its traits.
    struct Seen {
        entity: usize,
        kind: EntityKind,
        before: Option<usize>,
        after: Option<usize>,
        verb_next: bool,
        verb_prev: bool,
        same_paragraph: bool,
        sentence_first: bool,
        colon: bool,
        employer_follows: bool,
        employer_of: bool,
        /// At the nearest sighting on each side (before, after): another sentence lies between
        /// the mention and the quote, and another quote between them (or after the mention in
        /// its sentence), which is the mention's own.
        apart: [bool; 2],
        own_quote: [bool; 2],
    }
    let mut seen: Vec<Seen> = Vec::new();
    let mut i = from;
    while i < to {
        if i >= open && i < close {
            i = close;
            continue;
        }
        // Countries too: the model weighs a country against the people and organisations
        // near the quote ("Russia insisted that Pyongyang “...”").
        let Some(m) = ctx.at_token[i]
            .or(ctx.country_at[i])
            .filter(|m| m.first == i)
        else {
            i += 1;
            continue;
        };
        // "A senior Obama administration official said", "Obama's former campaign strategist
        // said": a name inside the description of an unnamed source is not who spoke.
        if ctx.quoted[i] || described.is_some_and(|(a, b)| a <= m.first && m.end <= b) {
            i = m.end.max(i + 1);
            continue;
        }
        let mut v = m.end;
        while ctx
            .word(v)
            .is_some_and(|w| BETWEEN_SUBJECT_AND_VERB.contains(&w))
            && v < m.end + 2
        {
            v += 1;
        }
        let verb_next = ctx.is_speech_verb(v);
        let verb_prev = m.first > 0 && ctx.is_speech_verb(m.first - 1);
        let (lo, hi) = if i < open {
            (m.end, open)
        } else {
            (close, m.first)
        };
        let same_paragraph = counted_in(&ctx.breaks_before, lo, hi) == 0;
        let sentence_first = ctx.tokens[m.first].sentence_start;
        let colon = i < open && ctx.is_punct(m.end, ":");
        // "Japan branded North Korea an “...”. Russia insisted that Pyongyang “...”. The IAEA
        // said “...”": a name in another sentence, whose own clause introduces another quote,
        // is that quote's speaker rather than this one's.
        let apart = if i < open {
            counted_in(&ctx.starts_before, m.end, (open + 2).min(n)) > 0
        } else {
            counted_in(&ctx.starts_before, close, m.first + 1) > 0
        };
        let own_quote = if i < open {
            counted_in(&ctx.quoted_before, m.end, open) > 0
        } else {
            (m.end..(m.end + 30).min(n))
                .take_while(|&k| ctx.tokens[k].kind != TokenKind::Newline && !ends_sentence(ctx, k))
                .any(|k| ctx.quoted[k])
        };
        // "Matthew Ingram of Reuters said": the person speaks, not the employer.
        let employer_follows = ctx
            .word(m.end)
            .is_some_and(|w| matches!(w, "of" | "at" | "from" | "for"))
            && ctx.at_token.get(m.end + 1).is_some_and(|n| {
                n.is_some_and(|n| n.first == m.end + 1 && n.kind == EntityKind::Organisation)
            });
        let employer_of = m.first >= 2
            && ctx
                .word(m.first - 1)
                .is_some_and(|w| matches!(w, "of" | "at" | "from" | "for"))
            && ctx.at_token[m.first - 2].is_some_and(|p| p.kind == EntityKind::Person);
        // "a police official told Reuters": the one spoken to did not say it, and its place
        // beside the verb says nothing of who did.
        if is_listener(ctx, m.first, m.end) {
            i = m.end.max(i + 1);
            continue;
        }
        // "IMF chief economist Maury Obstfeld said": the organisation names the person's
        // employer, and the person speaks.
        let employer_before = m.kind == EntityKind::Organisation && {
            let mut k = m.end;
            while k < m.end + 4
                && ctx.tokens.get(k).is_some_and(|t| t.kind == TokenKind::Word)
                && (ctx.lex[k].has(lexicon::TITLE)
                    || ctx.mention_starting_at(k).is_none()
                        && ctx.word(k).is_some_and(unnamed::is_role_modifier))
            {
                k += 1;
            }
            k > m.end
                && ctx
                    .mention_starting_at(k)
                    .is_some_and(|p| p.kind == EntityKind::Person)
        };
        if (employer_of || employer_before) && m.kind == EntityKind::Organisation {
            // "Matthew Ingram of Reuters said": Reuters is where the speaker works.
            i = m.end.max(i + 1);
            continue;
        }
        let e = match seen.iter_mut().position(|s| s.entity == m.entity) {
            Some(k) => &mut seen[k],
            None => {
                seen.push(Seen {
                    entity: m.entity,
                    kind: m.kind,
                    before: None,
                    after: None,
                    verb_next: false,
                    verb_prev: false,
                    same_paragraph: false,
                    sentence_first: false,
                    colon: false,
                    employer_follows: false,
                    employer_of: false,
                    apart: [false; 2],
                    own_quote: [false; 2],
                });
                let last = seen.len() - 1;
                &mut seen[last]
            }
        };
        if i < open {
            e.before = Some(open - m.end);
            e.apart[0] = apart;
            e.own_quote[0] = own_quote;
        } else if e.after.is_none() {
            e.after = Some(m.first - close);
            e.apart[1] = apart;
            e.own_quote[1] = own_quote;
        }
        e.verb_next |= verb_next;
        e.verb_prev |= verb_prev;
        e.same_paragraph |= same_paragraph;
        e.sentence_first |= sentence_first;
        e.colon |= colon;
        e.employer_follows |= employer_follows;
        e.employer_of |= employer_of;
        i = m.end.max(i + 1);
    }
    let words = q.words.min(8) as u64;
    let mut none = vec![
        F::new("none").finish(),
        F::new("none_rule").num(u64::from(rule.is_none())).finish(),
        F::new("none_words").num(words).finish(),
        F::new("none_par")
            .num(u64::from(opens_paragraph))
            .num(u64::from(seen.is_empty()))
            .finish(),
    ];
    if described.is_some() || inherited {
        // "“...,” the New York businessman said": the subject names nobody, yet somebody.
        none.push(
            F::new("none_described")
                .num(u64::from(rule.is_none()))
                .finish(),
        );
    }
    if rule.is_some_and(|r| !seen.iter().any(|s| s.entity == r)) {
        // The rules found someone further away (a pronoun's antecedent, a continued quote).
        none.push(F::new("rule_far").finish());
    }
    out.push((None, none));
    if let Some(r) = rule
        && !seen.iter().any(|s| s.entity == r)
    {
        let f = vec![
            F::new("rule").finish(),
            F::new("rule_only").finish(),
            F::new("prev_speaker")
                .num(u64::from(previous == Some(r)))
                .finish(),
        ];
        out.push((Some(r), f));
    }
    // The previous quote's speaker, when not named nearby: quotes run on in one voice.
    if let Some(p) = previous
        && rule != Some(p)
        && !seen.iter().any(|s| s.entity == p)
    {
        let f = vec![
            F::new("prev_only").finish(),
            F::new("prev_only_par")
                .num(u64::from(opens_paragraph))
                .finish(),
            F::new("prev_only_none_near")
                .num(u64::from(seen.is_empty()))
                .finish(),
        ];
        out.push((Some(p), f));
    }
    for s in &seen {
        let kind = s.kind as u64;
        let before = s.before.map_or(8, bucket);
        let after = s.after.map_or(8, bucket);
        let is_rule = rule == Some(s.entity);
        let count = mentions_per_entity.get(s.entity).copied().unwrap_or(1);
        let f = vec![
            F::new("rule").num(u64::from(is_rule)).finish(),
            F::new("kind").num(kind).finish(),
            F::new("before").num(before).finish(),
            F::new("after").num(after).finish(),
            F::new("before_verb")
                .num(before)
                .num(u64::from(s.verb_next))
                .num(u64::from(s.verb_prev))
                .finish(),
            F::new("after_verb")
                .num(after)
                .num(u64::from(s.verb_next))
                .num(u64::from(s.verb_prev))
                .finish(),
            F::new("par").num(u64::from(s.same_paragraph)).finish(),
            F::new("first").num(u64::from(s.sentence_first)).finish(),
            F::new("colon").num(u64::from(s.colon)).finish(),
            F::new("employer")
                .num(u64::from(s.employer_follows))
                .num(u64::from(s.employer_of))
                .finish(),
            F::new("prev_speaker")
                .num(u64::from(previous == Some(s.entity)))
                .num(u64::from(opens_paragraph))
                .finish(),
            F::new("count").num(bucket(count)).num(kind).finish(),
            F::new("apart_before")
                .num(u64::from(s.before.is_some()))
                .num(u64::from(s.apart[0]))
                .num(u64::from(s.own_quote[0]))
                .finish(),
            F::new("apart_after")
                .num(u64::from(s.after.is_some()))
                .num(u64::from(s.apart[1]))
                .num(u64::from(s.own_quote[1]))
                .finish(),
            F::new("rule_kind")
                .num(u64::from(is_rule))
                .num(kind)
                .num(u64::from(s.verb_next || s.verb_prev))
                .finish(),
        ];
        out.push((Some(s.entity), f));
    }
}

/// For training: each quote's candidates (entity or nobody) with their features.
pub fn training_groups(
    body: &str,
    tokens: &[Token],
    lex: &[Lex],
    quotes: &[QuoteSpan],
    mentions: &[MentionAt],
    mentions_per_entity: &[usize],
) -> Vec<Vec<(Option<usize>, Vec<super::linear::Feature>)>> {
    let ctx = context(body, tokens, lex, quotes, mentions);
    let rules = rule_speakers(&ctx, quotes);
    let described = unnamed_sources(&ctx, quotes);
    let mut out = Vec::new();
    for (qi, q) in quotes.iter().enumerate() {
        let mut group = Vec::new();
        let inherited = qi > 0
            && rules[qi - 1].is_none()
            && described[qi - 1].is_some()
            && continues(&ctx, quotes, qi, None);
        // The previous rule pick stands for the previous speaker while training.
        let previous = qi.checked_sub(1).and_then(|p| rules[p]);
        speaker_candidates(
            &ctx,
            q,
            rules[qi],
            (described[qi], inherited),
            previous,
            mentions_per_entity,
            &mut group,
        );
        out.push(group);
    }
    out
}

/// Nouns that report speech like a verb: "Trump's claim that “...”".
static SPEECH_NOUNS: LazyLock<WordSet> = word_set![
    "claim",
    "claims",
    "statement",
    "remarks",
    "comments",
    "words",
    "tweet",
    "message",
    "assertion",
    "description",
    "promise",
    "warning",
    "response",
    "reply",
    "answer",
];

/// Is token `i` the end of a sentence (a full stop or the like, with a new sentence after)?
fn ends_sentence(ctx: &Ctx, i: usize) -> bool {
    let Some(t) = ctx.tokens.get(i) else {
        return true;
    };
    if t.kind == TokenKind::Newline {
        return true;
    }
    if t.kind != TokenKind::Punct || !matches!(t.text(ctx.body), "." | "!" | "?") {
        return false;
    }
    // Not inside "(D-Md.)": a new sentence must follow, perhaps after closing marks.
    let mut k = i + 1;
    while ctx
        .tokens
        .get(k)
        .is_some_and(|n| n.kind == TokenKind::Punct && matches!(n.text(ctx.body), "”" | "\"" | "’"))
    {
        k += 1;
    }
    ctx.tokens
        .get(k)
        .is_none_or(|n| n.sentence_start || n.kind == TokenKind::Newline)
}

/// Is token `i` inside a quotation (so a scan for an attribution must stop)? Nicknames and
/// other one- or two-word quotes inside a name ("Marcia “Cia” Price") do not stop it.
fn opens_quote(ctx: &Ctx, i: usize) -> bool {
    // Each quoted token knows its quote's length, so this is one look-up, however many
    // quotes stand side by side.
    ctx.quote_words.get(i).is_some_and(|&w| w > 2)
}

/// Words that open an introductory clause before a sentence's subject.
static CLAUSE_OPENERS: LazyLock<WordSet> = word_set![
    "With",
    "After",
    "As",
    "When",
    "While",
    "In",
    "On",
    "At",
    "Following",
    "Despite",
    "Although",
    "Because",
    "Since",
    "If",
    "During",
    "Before",
    "Until",
    "Unlike",
    "Like",
    "For",
    "Asked",
];

/// Where the main clause starts: after an opening clause and its comma ("At Monday's debate,
/// Clinton cited ..."), else at `start`.
fn main_clause_start(ctx: &Ctx, start: usize, end: usize) -> usize {
    if !ctx.word(start).is_some_and(|w| CLAUSE_OPENERS.contains(&w)) {
        return start;
    }
    (start..end)
        .find(|&i| !ctx.quoted[i] && ctx.is_punct(i, ","))
        .map_or(start, |comma| comma + 1)
}

/// The speaker inside a stretch of tokens that names one: the first person there, else the
/// nearest organisation, else a pronoun.
fn speaker_in(ctx: &Ctx, from: usize, to: usize, open: usize) -> Option<Option<usize>> {
    let mut org = None;
    for i in from..to {
        if ctx.quoted[i] {
            continue;
        }
        if let Some(m) = ctx.at_token[i] {
            // "Donald Trump's campaign manager said": a possessor is not who spoke.
            let possessor = ctx
                .tokens
                .get(m.end)
                .is_some_and(|t| t.kind == TokenKind::Possessive);
            if possessor {
                continue;
            }
            match m.kind {
                EntityKind::Person => return Some(Some(m.entity)),
                _ => org = org.or(Some(m.entity)),
            }
        }
    }
    if org.is_some() {
        return Some(org);
    }
    (from..to)
        .find_map(|i| ctx.pronoun(i))
        .map(|p| ctx.resolve_pronoun(p, open))
}

/// Where the stretch of tokens from `from` ends: at the end of the sentence, a quotation or
/// `limit`.
fn clause_end(ctx: &Ctx, from: usize, limit: usize) -> usize {
    let mut end = from;
    while end < ctx.tokens.len()
        && end < limit
        && !ends_sentence(ctx, end)
        && !opens_quote(ctx, end)
    {
        end += 1;
    }
    end
}

/// "“...,” X said", "“...,” Rep. X (D-Md.) said", "“...,” said X", "“...” — X". `Some(None)`
/// means an explicit but unnamed speaker ("said the emir").
fn after_quote(ctx: &Ctx, after: usize, open: usize) -> Option<Option<usize>> {
    let mut j = after;
    while ctx.is_punct(j, ",") {
        j += 1;
    }
    if ctx
        .tokens
        .get(j)
        .is_none_or(|t| t.kind == TokenKind::Newline)
    {
        return None;
    }
    // “...unhinged.” She says...: a quote that ends its sentence, then a new sentence, is not
    // attributed by what follows.
    let quote_ends_sentence = ctx.body[..ctx.tokens[after.saturating_sub(1)].start]
        .trim_end_matches(['”', '"', '’', ' '])
        .ends_with('.');
    if quote_ends_sentence && ctx.tokens[j].sentence_start && j == after {
        return None;
    }
    // “...” — Stephanie Egan
    if ctx.tokens[j].kind == TokenKind::Punct
        && matches!(ctx.tokens[j].text(ctx.body), "—" | "―" | "–" | "-")
    {
        if let Some(m) = ctx.mention_starting_at(j + 1) {
            return Some(Some(m.entity));
        }
        return None;
    }
    // “...,” as a Homeland Security memo put it.
    if ctx.word(j) == Some("as") {
        let mut k = j + 1;
        while k < ctx.tokens.len() && k < j + 12 && !ends_sentence(ctx, k) && !opens_quote(ctx, k) {
            if ctx.is_speech_verb(k) {
                return Some(speaker_in(ctx, j + 1, k, open).flatten());
            }
            k += 1;
        }
        return None;
    }
    // “...,” according to the organizer X.
    if ctx
        .word(j)
        .is_some_and(|w| w.eq_ignore_ascii_case("according"))
        && ctx.word(j + 1) == Some("to")
    {
        let end = clause_end(ctx, j + 2, j + 14);
        return Some(speaker_in(ctx, j + 2, end, open).flatten());
    }
    // said X / said the spokesman X
    let name_like = |k: usize| {
        ctx.tokens.get(k).is_some_and(|t| {
            t.kind == TokenKind::Word
                && (t.capitalised
                    || ctx.pronoun(k).is_some()
                    || matches!(
                        t.text(ctx.body),
                        "the" | "a" | "an" | "his" | "her" | "its" | "their"
                    ))
        })
    };
    let mention_soon = |from: usize| {
        (from..(from + 5).min(ctx.tokens.len()))
            .take_while(|&k| {
                ctx.word(k)
                    .is_none_or(|w| !matches!(w, "that" | "which" | "to" | "it"))
            })
            .any(|k| ctx.mention_starting_at(k).is_some())
    };
    if ctx.is_speech_verb(j) && (name_like(j + 1) || mention_soon(j + 1)) {
        let end = clause_end(ctx, j + 1, j + 14);
        return Some(speaker_in(ctx, j + 1, end, open).flatten());
    }
    // X said: the subject must start like a name, a title or a pronoun.
    // A subject that starts in lower case ("panel Chairman Rep. Jason Chaffetz said") must be
    // short and name someone.
    let lower_start = !name_like(j);
    let limit = if lower_start { 10 } else { 24 };
    let mut k = j;
    while k < ctx.tokens.len() && k < j + limit && !ends_sentence(ctx, k) && !opens_quote(ctx, k) {
        if ctx.is_speech_verb(k) && k > j {
            let found = speaker_in(ctx, j, k, open).flatten();
            if lower_start && found.is_none() {
                return None;
            }
            return Some(found);
        }
        k += 1;
    }
    None
}

/// Is there a reporting verb (not a participle) before the quote in its sentence?
fn reporting_verb_before(ctx: &Ctx, open: usize) -> bool {
    let start = sentence_start(ctx, open);
    // "with chants of", "amid claims": a noun after a preposition.
    let noun = |i: usize| {
        i > 0
            && ctx
                .word(i - 1)
                .is_some_and(|w| matches!(w, "with" | "of" | "by" | "amid" | "in" | "for"))
    };
    (start..open).any(|i| reports_quote(ctx, i) && !noun(i))
}

/// Can token `i` be the reporting verb that introduces a quote after it: a reporting verb
/// outside quotation marks, not a participle ("he said, adding that “...”" hangs on "said")?
fn reports_quote(ctx: &Ctx, i: usize) -> bool {
    !ctx.quoted[i] && ctx.is_speech_verb(i) && !ctx.word(i).is_some_and(|w| w.ends_with("ing"))
}

/// "...was greeted with chants of “Bobby!” at a conference, according to X.": "according to"
/// later in the quote's sentence, after a comma, attributes the whole sentence.
fn according_to_after(ctx: &Ctx, after: usize, open: usize) -> Option<Option<usize>> {
    let end = clause_end(ctx, after, after + 40);
    let at = (after + 1..end.saturating_sub(2)).find(|&k| {
        ctx.is_punct(k - 1, ",")
            && ctx
                .word(k)
                .is_some_and(|w| w.eq_ignore_ascii_case("according"))
            && ctx.word(k + 1) == Some("to")
    })?;
    speaker_in(ctx, at + 2, clause_end(ctx, at + 2, at + 16), open)
}

/// The start of the sentence holding token `open` (scanning back over unquoted text).
fn sentence_start(ctx: &Ctx, open: usize) -> usize {
    let mut i = open;
    // Bounded, so a text without full stops (one 10 MB line) stays linear.
    let floor = open.saturating_sub(MAX_SENTENCE_TOKENS);
    while i > floor {
        super::work::add(1);
        let t = ctx.tokens[i - 1];
        if t.kind == TokenKind::Newline {
            break;
        }
        // “...the timing.” Gov. McCrory said: a sentence that ended inside a quote.
        if ctx.quoted[i - 1] && !ctx.quoted[i] && ctx.tokens[i].sentence_start {
            break;
        }
        if !ctx.quoted[i - 1]
            && t.kind == TokenKind::Punct
            && matches!(t.text(ctx.body), "." | "!" | "?")
        {
            // A full stop ends the sentence when a new sentence follows it, perhaps after
            // closing marks; not inside "(D-Nev.)".
            let mut k = i;
            while ctx.tokens.get(k).is_some_and(|n| {
                n.kind == TokenKind::Punct && matches!(n.text(ctx.body), "”" | "\"" | "’")
            }) {
                k += 1;
            }
            if ctx
                .tokens
                .get(k)
                .is_none_or(|n| n.sentence_start || n.kind == TokenKind::Newline || ctx.quoted[k])
            {
                break;
            }
        }
        i -= 1;
    }
    i
}

/// "X said “...”", "according to X, “...”", "X: “...”", "X's claim that “...”".
fn before_quote(ctx: &Ctx, open: usize) -> Option<Option<usize>> {
    let start = sentence_start(ctx, open);
    if start >= open {
        return None;
    }
    // A colon introducing the quote: "Javani: “...”". Not "Braverman told GB News: “...”",
    // where the name before the colon is who was told; the verb rule below finds the speaker.
    if ctx.is_punct(open - 1, ":")
        && let Some(m) = ctx.mention_ending_at(open - 1)
        && !(start..m.first).any(|i| !ctx.quoted[i] && ctx.is_speech_verb(i))
    {
        return Some(Some(m.entity));
    }
    // "with Boswell stating: “...”": a speech verb right before the colon has its subject
    // right before it. Not an object ("in a letter to Boswell stating:", "attacked Reid
    // saying:").
    if open >= 3
        && ctx.is_punct(open - 1, ":")
        && !ctx.quoted[open - 2]
        && ctx.is_speech_verb(open - 2)
        && let Some(m) = ctx.mention_ending_at(open - 2)
        && !is_listener(ctx, m.first, m.end)
        && !(m.first > 0
            && ctx.word(m.first - 1).is_some_and(|w| {
                matches!(
                    w,
                    "to" | "at" | "from" | "of" | "by" | "for" | "about" | "against"
                )
            }))
    {
        return Some(Some(m.entity));
    }
    // "in the words of the Crown prosecutor, Mark Tedeschi, “...”"
    if let Some(i) = (start..open.saturating_sub(2))
        .find(|&i| !ctx.quoted[i] && ctx.word(i) == Some("words") && ctx.word(i + 1) == Some("of"))
    {
        return Some(speaker_in(ctx, i + 2, open, open).flatten());
    }
    // according to X
    for i in start..open.saturating_sub(1) {
        if ctx.quoted[i] {
            continue;
        }
        if ctx
            .word(i)
            .is_some_and(|w| w.eq_ignore_ascii_case("according"))
            && ctx.word(i + 1) == Some("to")
        {
            let mut k = i + 2;
            while k < open && !ctx.quoted[k] {
                if let Some(m) = ctx.mention_starting_at(k) {
                    return Some(Some(m.entity));
                }
                if ctx.is_punct(k, ",") {
                    break;
                }
                k += 1;
            }
            return Some(None);
        }
    }
    // The reporting verb nearest the quote introduces it; its subject spoke.
    if let Some(verb) = (start..open).rev().find(|&i| reports_quote(ctx, i)) {
        return Some(subject_of(ctx, start, verb, open));
    }
    // No verb: X's claim that “...”
    for i in (start..open).rev() {
        if ctx.quoted[i] {
            continue;
        }
        if ctx.word(i).is_some_and(|w| SPEECH_NOUNS.contains(&w))
            && i >= 2
            && ctx.tokens[i - 1].kind == TokenKind::Possessive
            && let Some(m) = ctx.mention_ending_at(i - 1)
        {
            return Some(Some(m.entity));
        }
    }
    // No verb: the person the sentence is about ("Reid has gone after Trump as a “...”").
    // An organisation counts when it opens the sentence ("PolitiFact rated ... as “false”",
    // "A Government Accountability Office report found"). A subject pronoun does too ("she was
    // “whisked off to hospital”"). An opening clause ("With leaders worried about Clinton,
    // Obama is ...") is not where the subject stands.
    let start = main_clause_start(ctx, start, open);
    let opens = |i: usize| {
        i == start
            || (i == start + 1
                && ctx
                    .word(start)
                    .is_some_and(|w| matches!(w, "A" | "An" | "The")))
    };
    (start..open).filter(|&i| !ctx.quoted[i]).find_map(|i| {
        if let Some(m) =
            ctx.at_token[i].filter(|m| m.first == i && (m.kind == EntityKind::Person || opens(i)))
        {
            return Some(Some(m.entity));
        }
        match ctx.pronoun(i) {
            Some(Pronoun::Person) => ctx.resolve_pronoun(Pronoun::Person, i).map(Some),
            _ => None,
        }
    })
}

/// The subject before a speech verb, over an apposition ("Javani, political deputy of the IRGC,
/// said"; "another resident, Maryam, said"); or the name right after it ("said Mohib").
fn subject_of(ctx: &Ctx, start: usize, verb: usize, open: usize) -> Option<usize> {
    let v = before_adverbs(ctx, start, verb);
    if v > start {
        if let Some(m) = ctx.mention_ending_at(v) {
            // "Matthew Ingram of The Globe and Mail dubbed": the person, not their employer.
            if m.kind == EntityKind::Organisation
                && m.first >= 2
                && ctx
                    .word(m.first - 1)
                    .is_some_and(|w| matches!(w, "of" | "at" | "from" | "for"))
                && let Some(p) = ctx.mention_ending_at(m.first - 1)
                && p.kind == EntityKind::Person
            {
                return Some(p.entity);
            }
            return Some(m.entity);
        }
        if let Some(p) = ctx.pronoun(v - 1) {
            return ctx.resolve_pronoun(p, open);
        }
        // "Russia insisted that Pyongyang “...”", "South Korea accused Kim Jong Un of “...”":
        // a country that opens the clause and stands right before the verb is its subject, and
        // speaks for its government. Nowhere else is a country a speaker ("said in Iran").
        if let Some(m) = ctx.country_at[v - 1].filter(|m| m.end == v)
            && m.first == main_clause_start(ctx, start, v)
        {
            return Some(m.entity);
        }
    }
    if v > start && ctx.is_punct(v - 1, ",") {
        // "Cynthia Thompson, curator at the University of Arkansas, Fayetteville, said": the
        // clause's first person is its subject, however long the description (after an
        // opening clause: "After Obama criticized the bill, Harry Reid, the Senate leader,
        // called it").
        if let Some(m) = (main_clause_start(ctx, start, v)..v)
            .filter(|&i| !ctx.quoted[i])
            .find_map(|i| ctx.at_token[i].filter(|m| m.kind == EntityKind::Person))
        {
            return Some(m.entity);
        }
        // Find the opening comma of the apposition.
        let close = v - 1;
        let open_comma = (start..close)
            .rev()
            .take(16)
            .find(|&k| ctx.is_punct(k, ","));
        if let Some(oc) = open_comma {
            if let Some(m) = ctx.mention_ending_at(oc) {
                return Some(m.entity);
            }
            // "another resident, Maryam, said": the name inside the commas.
            if let Some(m) = ctx.mention_ending_at(close)
                && m.first == oc + 1
            {
                return Some(m.entity);
            }
        }
    }
    // The sentence's subject: its first person, else its nearest organisation.
    if let Some(found) = speaker_in(ctx, main_clause_start(ctx, start, v), v, open).flatten() {
        return Some(found);
    }
    // "The New York businessman says of Clinton, “...”": an unnamed source is the subject,
    // and the name after the verb is who was spoken of.
    if unnamed::subject(ctx, start, verb).is_some() {
        return None;
    }
    // said X, “...”
    let mut end = verb + 1;
    while end < open && end < verb + 10 {
        end += 1;
    }
    speaker_in(ctx, verb + 1, end, open).flatten()
}

/// Does quote `qi` stand where it goes on in the previous quote's voice (`voice`, the
/// previous speaker; `None` for an unnamed one)? In one paragraph it does ("“...,” said Kidd,
/// a scientist at a university. “...”"); across a paragraph break when it opens the paragraph
/// and nobody else was named since.
fn continues(ctx: &Ctx, quotes: &[QuoteSpan], qi: usize, voice: Option<usize>) -> bool {
    let Some(prev) = qi.checked_sub(1) else {
        return false;
    };
    let open = token_at(ctx.tokens, quotes[qi].open);
    let prev_close = token_at(ctx.tokens, quotes[prev].close_end).min(open);
    let breaks = ctx.tokens[prev_close..open]
        .iter()
        .filter(|t| t.kind == TokenKind::Newline)
        .count();
    let opens_paragraph = open == 0 || ctx.tokens[open - 1].kind == TokenKind::Newline;
    let someone_else =
        (prev_close..open).any(|i| ctx.at_token[i].is_some_and(|m| Some(m.entity) != voice));
    breaks == 0 || (breaks == 1 && opens_paragraph && !someone_else)
}

/// A quote with no attribution of its own continues the previous one when it opens its
/// paragraph right after a quoted paragraph, or follows another quote in the same paragraph;
/// or it was introduced by a paragraph ending in a colon ("Caddell continued:").
fn continued(
    ctx: &Ctx,
    quotes: &[QuoteSpan],
    speakers: &[Option<usize>],
    qi: usize,
    open: usize,
) -> Option<usize> {
    let opens_paragraph = open == 0 || ctx.tokens[open - 1].kind == TokenKind::Newline;
    if opens_paragraph && open >= 2 && ctx.is_punct(open - 2, ":") {
        let colon = open - 2;
        let start = sentence_start(ctx, colon);
        if let Some(verb) = (start..colon).rev().find(|&i| ctx.is_speech_verb(i)) {
            return subject_of(ctx, start, verb, open);
        }
        return speaker_in(ctx, start, colon, open).flatten();
    }
    if let Some(found) = previous_sentence_speaker(ctx, quotes, qi, open) {
        return Some(found);
    }
    let voice = speakers[qi.checked_sub(1)?];
    continues(ctx, quotes, qi, voice).then_some(voice).flatten()
}

/// A quote that opens its sentence after a sentence that reports speech ("Heald noted the
/// findings show this. “An air-quality cleanup...”"; "Senator John Cornyn issued a statement.
/// ¶“Like many Texans...”"): the reporting sentence's subject, unless a quote stood between.
fn previous_sentence_speaker(
    ctx: &Ctx,
    quotes: &[QuoteSpan],
    qi: usize,
    open: usize,
) -> Option<usize> {
    let start = sentence_start(ctx, open);
    if start != open {
        return None;
    }
    // The previous sentence: skip back over a paragraph break (only one).
    let mut end = start;
    let mut breaks = 0;
    while end > 0 && ctx.tokens[end - 1].kind == TokenKind::Newline {
        end -= 1;
        breaks += 1;
    }
    if end == 0 || breaks > 1 || ctx.quoted[end - 1] {
        return None;
    }
    let prev_start = sentence_start(ctx, end - 1);
    // A quote inside the previous sentence is attributed already; leave the chain to it.
    if qi > 0 && token_at(ctx.tokens, quotes[qi - 1].close_end) > prev_start {
        return None;
    }
    let reports = (prev_start..end)
        .any(|i| ctx.is_speech_verb(i) || ctx.word(i).is_some_and(|w| SPEECH_NOUNS.contains(&w)));
    if !reports {
        return None;
    }
    let verb = (prev_start..end).find(|&i| ctx.is_speech_verb(i));
    match verb {
        Some(v) => subject_of(ctx, prev_start, v, open),
        None => speaker_in(ctx, prev_start, end, open).flatten(),
    }
}

/// Reported speech without quotation marks: "Araghchi said the talks were a good start".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reported {
    /// The reported content, as a byte span (the clause after the cue).
    pub start: usize,
    pub end: usize,
    /// The reporting verb ("said", "told", "warned").
    pub cue: (usize, usize),
    /// The speaking entity; else the words for an unnamed one ("officials said ..."), as a
    /// byte span.
    pub speaker: Option<usize>,
    pub source: Option<(usize, usize)>,
}

/// Verbs whose object is who is judged or addressed, never the speaker: "South Korea accused
/// Kim Jong Un of “...”", "the governor lauded Mr. Clarke for “...”", "Trump called Clinton a
/// “...”".
static JUDGE_VERBS: LazyLock<WordSet> = word_set![
    "accused",
    "accuses",
    "accusing",
    "blamed",
    "blames",
    "criticized",
    "criticised",
    "criticizes",
    "criticises",
    "praised",
    "praises",
    "lauded",
    "lauds",
    "thanked",
    "thanks",
    "condemned",
    "condemns",
    "slammed",
    "slams",
    "mocked",
    "mocks",
    "urged",
    "urges",
    "asked",
    "asks",
    "called",
    "calls",
    "dubbed",
    "branded",
    "labelled",
    "labeled",
];

/// Verbs after which an object comes before the reported clause ("told reporters that").
static TELL_VERBS: LazyLock<WordSet> = word_set![
    "told", "tell", "tells", "telling", "informed", "assured", "reminded", "warned",
];

/// Words that open a phrase of time, place or manner after a reporting verb, before the
/// reported clause or instead of one ("said on Tuesday the talks ...", "said at a news
/// conference in New York").
static PHRASE_OPENERS: LazyLock<WordSet> = word_set![
    "in",
    "at",
    "on",
    "during",
    "over",
    "after",
    "before",
    "for",
    "with",
    "about",
    "from",
    "by",
    "of",
    "through",
    "last",
    "earlier",
    "later",
    "yesterday",
    "today",
    "recently",
];

/// Prepositions and determiners: a capitalised word after one is inside the phrase ("in New
/// York"), not the clause's subject.
static PHRASE_INNER: LazyLock<WordSet> = word_set![
    "in", "at", "on", "during", "over", "after", "before", "to", "for", "with", "about", "from",
    "by", "of", "through", "a", "an", "the", "his", "her", "their", "its", "our", "last", "this",
];

/// Words that open a clause: its subject's pronoun or determiner.
static SUBJECT_OPENERS: LazyLock<WordSet> = word_set![
    "he", "she", "it", "they", "we", "i", "you", "there", "the", "his", "her", "their", "its",
    "our", "these", "those", "some", "many", "most", "no", "all", "both", "this",
];

/// Whether the words after a reporting verb open a phrase of time or place (a preposition,
/// a time adverb, a day or month) rather than the reported clause.
fn opens_phrase(ctx: &Ctx, c: usize) -> bool {
    ctx.word(c).is_some_and(|w| PHRASE_OPENERS.contains(&w))
        || ctx.lex.get(c).is_some_and(|l| l.has(lexicon::CALENDAR))
}

/// Where the reported clause starts after a phrase of time or place: the first pronoun,
/// determiner or name not inside the phrase ("said on Tuesday the talks", "said during a visit
/// to Ohio he"), within a few words; none when the phrase runs to the sentence's end or a
/// comma ("said at a news conference in New York in December").
fn clause_after_phrase(ctx: &Ctx, c: usize, end: usize) -> Option<usize> {
    let mut k = c + 1;
    // The phrase's own determiner ("in a statement", "on the campaign trail").
    if ctx.word(k).is_some_and(|w| matches!(w, "a" | "an" | "the")) {
        k += 2;
    }
    while k < end.min(c + 10) {
        let w = ctx.word(k)?;
        let lower = w.to_ascii_lowercase();
        let after_inner = ctx
            .word(k - 1)
            .is_some_and(|p| PHRASE_INNER.contains(&p.to_ascii_lowercase().as_str()));
        let calendar = ctx.lex.get(k).is_some_and(|l| l.has(lexicon::CALENDAR));
        if !after_inner
            && !calendar
            && (SUBJECT_OPENERS.contains(&lower.as_str()) || ctx.tokens[k].capitalised)
        {
            return Some(k);
        }
        k += 1;
    }
    None
}

/// A reporting verb with "not", "n't" or "never" just before it ("did not respond", "didn't
/// say", "has never said").
fn negated(ctx: &Ctx, body: &str, v: usize) -> bool {
    let start = ctx.tokens[v].start;
    let before = body[..start].trim_end();
    let last_two: Vec<&str> = before.rsplitn(3, char::is_whitespace).take(2).collect();
    last_two.iter().any(|w| {
        let w = w
            .trim_end_matches(|c: char| !c.is_alphanumeric())
            .to_ascii_lowercase();
        w == "not" || w == "never" || w.ends_with("n't") || w.ends_with("n’t")
    })
}

/// Forms of reporting verbs that are also plural nouns ("in 20 states", "his remarks"): they
/// report only after their subject ("Trump claims") or with "that" right after them ("The
/// report states that …").
static NOUN_FORMS: LazyLock<WordSet> = word_set![
    "states",
    "remarks",
    "comments",
    "calls",
    "claims",
    "reports",
    "charges",
    "pledges",
    "notes",
    "promises",
    "rules",
    "counters",
    "answers",
    "replies",
    "responses",
    "questions",
    "vows",
];

/// Is token `i` a reporting verb that can introduce reported speech: a verb (not a participle,
/// not capitalised, not after a number, a preposition or "more", as in "20 pledged delegates"
/// and "in states like Ohio"; not a passive before "by"), and not "continue", which reports
/// only beside a quotation ("he continued, “…”") and otherwise goes on doing ("continues to
/// lead the field").
fn reports_here(ctx: &Ctx, i: usize) -> bool {
    if !ctx.is_speech_verb(i) || ctx.tokens[i].capitalised {
        return false;
    }
    let Some(w) = ctx.word(i) else { return false };
    if w.ends_with("ing") || w.starts_with("continu") {
        return false;
    }
    // A plural noun's form is a verb after its subject ("Trump claims he is worth …") or
    // before "that".
    let at = before_adverbs(ctx, 0, i);
    let subject_before = ctx.mention_ending_at(at).is_some()
        || at.checked_sub(1).and_then(|p| ctx.pronoun(p)).is_some();
    if NOUN_FORMS.contains(&w) && !subject_before && ctx.word(i + 1) != Some("that") {
        return false;
    }
    let after_number = i > 0 && ctx.tokens[i - 1].kind == TokenKind::Number;
    let prev = i.checked_sub(1).and_then(|p| ctx.word(p)).unwrap_or("");
    let after_preposition = matches!(
        prev,
        "in" | "of" | "for" | "with" | "from" | "by" | "more" | "most" | "fewer" | "less"
    );
    // "as first reported by the New York Times", "was reported by": passive, its speaker
    // after it ("said by telephone that" is no passive).
    let passive = ctx.word(i + 1) == Some("by")
        && matches!(
            prev,
            "was" | "were" | "is" | "are" | "been" | "be" | "being" | "as" | "first"
        );
    !after_number && !after_preposition && !passive
}

/// Can the reporting verb at `v` have its subject after it: it opens the sentence, or follows
/// a comma or a quotation mark ("…, said Mindy Romero", "…,'' said Tim Pawlenty", as the New
/// York Times archive marks quotations), not a subject ("Andy Smith said Trump, despite …").
fn may_invert(ctx: &Ctx, start: usize, v: usize) -> bool {
    if v == start {
        return true;
    }
    let marks = is_comma_or_quote_mark(ctx, v - 1);
    // A comma that closes an apposition after the subject ("Andy Smith, a lawyer in Ohio,
    // said …") leaves the subject before the verb.
    let apposition = ctx.is_punct(v - 1, ",")
        && (start..v - 1)
            .rev()
            .take(16)
            .any(|k| ctx.is_punct(k, ",") && ctx.mention_ending_at(k).is_some());
    marks && !apposition
}

/// Does the text after a reporting verb (tokens `c..end`) open with the verb's own subject,
/// put after it: a name, perhaps after a few words of description and titles, followed by a
/// comma, "who", "of", "in" or nothing more?
fn inverted_subject(ctx: &Ctx, c: usize, end: usize) -> bool {
    let Some(m) = (c..end.min(c + 5)).find_map(|k| ctx.mention_starting_at(k)) else {
        return false;
    };
    // Before the name: lower-case words of description and titles ("former Gov. Bill
    // Richardson", "Senator Jeff Sessions").
    let describes = |k: usize| match ctx.word(k) {
        Some(w) => {
            !w.starts_with(char::is_uppercase)
                || ctx.lex[k].has(lexicon::TITLE)
                || ctx.lex[k].has(lexicon::TITLE_DOT)
        }
        None => ctx.is_punct(k, "."),
    };
    if !(c..m.first).all(describes) {
        return false;
    }
    m.end >= end
        || ctx.is_punct(m.end, ",")
        || ctx
            .word(m.end)
            .is_some_and(|w| matches!(w, "who" | "of" | "in" | "at" | "from"))
}

/// Every sentence outside quotation marks that reports what a named person or organisation
/// said: a reporting verb (not a participle) whose subject the rules find, followed by its
/// clause ("that ..." or a clause of three words or more). One per sentence, the first verb.
pub fn reported_speech(
    body: &str,
    tokens: &[Token],
    lex: &[Lex],
    quotes: &[QuoteSpan],
    mentions: &[MentionAt],
) -> Vec<Reported> {
    let ctx = context(body, tokens, lex, quotes, mentions);
    let mut out = Vec::new();
    for s in super::token::sentences(tokens) {
        // A sentence with quoted words is a direct or mixed quote's (an opening mark that
        // sentence splitting left at the end does not count).
        if s.is_empty()
            || (s.start..s.end).any(|i| ctx.quoted[i] && ctx.tokens[i].kind == TokenKind::Word)
        {
            continue;
        }
        // Sentences longer than this are lists or tables, not reports; skipped whole so the
        // scan stays linear.
        if s.end - s.start > MAX_SENTENCE_TOKENS {
            continue;
        }
        let Some(v) = (s.start..s.end).find(|&i| reports_here(&ctx, i)) else {
            continue;
        };
        // "did not respond", "would never say": nothing was said.
        if negated(&ctx, body, v) {
            continue;
        }
        let speaker = subject_of(&ctx, s.start, v, v);
        let source = match speaker {
            Some(_) => None,
            None => match unnamed::subject(&ctx, s.start, v) {
                Some(span) => Some(unnamed::bytes(&ctx, span)),
                None => continue,
            },
        };
        // The clause: after "that", or right after the verb; after "told X that" past X, and
        // past a short phrase of time or place ("said Tuesday that", "said in a statement
        // that"). A phrase that opens with a preposition and no "that" after it is no clause
        // ("said at a news conference in New York").
        let mut c = v + 1;
        let tell = ctx.word(v).is_some_and(|w| TELL_VERBS.contains(&w));
        let phrase = !tell && opens_phrase(&ctx, c);
        let that = if ctx.word(c) == Some("that") {
            Some(c)
        } else if tell || phrase {
            (c..s.end.min(c + 8))
                .take_while(|&k| {
                    ctx.tokens[k].kind == TokenKind::Word
                        || (ctx.tokens[k].kind == TokenKind::Punct
                            && ctx.tokens[k].text(body) == ",")
                })
                .find(|&k| ctx.word(k) == Some("that"))
        } else {
            None
        };
        match that {
            Some(t) => c = t + 1,
            None if tell => continue,
            None if phrase => match clause_after_phrase(&ctx, c, s.end) {
                Some(k) => c = k,
                None => continue,
            },
            None => {}
        }
        let mut end = s.end;
        while end > c
            && ctx.tokens[end - 1].kind == TokenKind::Punct
            && !matches!(ctx.tokens[end - 1].text(body), ")" | "]")
        {
            end -= 1;
        }
        // A clause opens with its subject, never a preposition or "to": "explained to CBS why
        // …", "pledged to ban …", "spoke as Obama …" report no clause of their own.
        if that.is_none()
            && ctx.word(c).is_some_and(|w| {
                matches!(w, "to" | "as" | "of" | "by" | "into" | "against" | "upon")
            })
        {
            continue;
        }
        // "said Mindy Romero, director of …", "says political scientist Dossym Satpayev in
        // Almaty": the verb's subject comes after it, and there is no clause.
        if that.is_none() && may_invert(&ctx, s.start, v) && inverted_subject(&ctx, c, end) {
            continue;
        }
        let words = (c..end)
            .filter(|&k| ctx.tokens[k].kind == TokenKind::Word)
            .count();
        // A clause names a subject and a verb: three words at least; and the mention that
        // spoke is not inside it.
        if words < 3 || ctx.tokens[c].kind != TokenKind::Word {
            continue;
        }
        out.push(Reported {
            start: ctx.tokens[c].start,
            end: ctx.tokens[end - 1].end,
            cue: (ctx.tokens[v].start, ctx.tokens[v].end),
            speaker,
            source,
        });
    }
    out
}
