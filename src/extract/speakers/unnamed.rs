//! Unnamed sources: "the Vermont senator acknowledged", "police say", "“...,” said a senior
//! official". When no name speaks, the words that stand for the speaker are still who said
//! it, and a reader wants them rather than a blank (or a name from elsewhere in the text).
//!
//! An unnamed source is a noun phrase in the subject's place of a reporting verb whose head is
//! a role ("senator", "spokeswoman", the person titles of the gazetteer) or a group that
//! speaks ("officials", "police", "protesters"): a determiner or the start of the clause, a
//! few modifiers (capitalised words, numbers, "former", "senior", other roles), the head.

use super::super::gazetteer::GAZETTEER;
use super::super::lexicon::{CALENDAR, TITLE, with_lower};
use super::super::token::TokenKind;
use super::{
    Ctx, before_adverbs, ends_sentence, main_clause_start, opens_quote, reports_quote,
    sentence_start,
};
use crate::word_set;
use crate::wordkey::WordSet;
use std::sync::LazyLock;

/// Groups and roles that speak, beside the gazetteer's person titles ("senator", "official").
static GROUP_NOUNS: LazyLock<WordSet> = word_set![
    "police",
    "protesters",
    "protestors",
    "demonstrators",
    "marchers",
    "crowd",
    "critics",
    "supporters",
    "opponents",
    "source",
    "sources",
    "authorities",
    "staff",
    "campaign",
    "administration",
    "government",
    "ministry",
    "department",
    "agency",
    "company",
    "firm",
    "committee",
    "panel",
    "court",
    "prosecution",
    "defence",
    "defense",
    "organizers",
    "organisers",
    "participants",
    "delegates",
    "voters",
    "respondents",
    "parents",
    "family",
    "relatives",
    "neighbours",
    "neighbors",
    "experts",
    "scientists",
    "doctors",
    "observers",
    "negotiators",
    "investigators",
    "regulators",
    "legislators",
    "lawmakers",
    "republicans",
    "democrats",
];

/// Heads that need no determiner: plurals and groups ("Police say", "Officials said").
fn bare_head(lower: &str) -> bool {
    lower.ends_with('s') || matches!(lower, "police" | "staff")
}

/// Lower-case words that modify a role ("former", "senior", "presidential").
static MODIFIERS: LazyLock<WordSet> = word_set![
    "former",
    "senior",
    "top",
    "chief",
    "deputy",
    "vice",
    "acting",
    "interim",
    "assistant",
    "other",
    "local",
    "federal",
    "state",
    "national",
    "foreign",
    "military",
    "intelligence",
    "security",
    "health",
    "election",
    "party",
    "presidential",
    "congressional",
    "longtime",
    "veteran",
    "current",
    "new",
    "retired",
    "unnamed",
    "anonymous",
    "several",
    "many",
    "some",
    "few",
    "two",
    "three",
    "four",
    "five",
    "both",
    "angry",
    "young",
    "white",
    "black",
    "elected",
    "civil",
    "rights",
    "public",
];

/// Capitalised words that join or open clauses, never modify a role ("But critics say").
static NOT_MODIFIERS: LazyLock<WordSet> = word_set![
    "but",
    "and",
    "or",
    "so",
    "yet",
    "then",
    "now",
    "after",
    "when",
    "while",
    "as",
    "if",
    "because",
    "since",
    "although",
    "though",
    "before",
    "until",
    "in",
    "on",
    "at",
    "with",
    "for",
    "from",
    "by",
    "of",
    "to",
    "meanwhile",
    "still",
    "also",
    "however",
    "instead",
    "during",
    "under",
    "despite",
    "amid",
    "among",
    "across",
    "around",
    "without",
    "within",
    "yesterday",
    "today",
    "tonight",
    "tomorrow",
    "earlier",
    "later",
    "last",
    "next",
    "here",
    "there",
    "once",
    "thus",
    "only",
    "even",
    "all",
];

/// Does a lower-case word modify a role ("chief" of "chief economist")?
pub(super) fn is_role_modifier(w: &str) -> bool {
    MODIFIERS.contains(&w)
}

/// Words after which a noun phrase is a preposition's object, not a subject.
pub(super) static PREPOSITIONS: LazyLock<WordSet> = word_set![
    "of", "by", "to", "in", "on", "at", "for", "from", "with", "about", "against", "than", "like",
    "as", "into", "over", "under", "after", "before", "between", "among", "through",
];

/// Words that open an unnamed source's noun phrase.
static DETERMINERS: LazyLock<WordSet> = word_set![
    "the", "a", "an", "one", "another", "his", "her", "their", "its", "this", "these", "those",
    "our", "some", "many", "several", "two", "three", "both",
];

/// Is token `i` a determiner ("the", "a", "many")?
fn is_determiner(ctx: &Ctx, i: usize) -> bool {
    ctx.word(i)
        .is_some_and(|w| with_lower(w, |w| DETERMINERS.contains(&w)))
}

/// Is token `i` the head of an unnamed source ("senator", "officials", "Police" opening a
/// sentence)? Not part of a name (a mention covers it then).
fn is_head(ctx: &Ctx, i: usize, clause_first: bool) -> bool {
    let Some(w) = ctx.word(i) else { return false };
    if ctx.at_token[i].is_some() || ctx.country_at[i].is_some() || w.len() > 24 {
        return false;
    }
    let first_upper = w.chars().next().is_some_and(char::is_uppercase);
    if first_upper && !(clause_first || ctx.tokens[i].sentence_start) {
        return false;
    }
    let title = |s: &str| GAZETTEER.word(s).is_some_and(|e| e.exact & TITLE != 0);
    with_lower(w, |lower| {
        GROUP_NOUNS.contains(&lower)
            || title(lower)
            || lower
                .strip_suffix('s')
                .is_some_and(|s| s.len() >= 3 && title(s))
    })
}

/// Can token `i` modify a role inside an unnamed source?
fn is_modifier(ctx: &Ctx, i: usize) -> bool {
    let Some(t) = ctx.tokens.get(i) else {
        return false;
    };
    match t.kind {
        TokenKind::Number => true,
        TokenKind::Word => {
            let w = t.text(ctx.body);
            if ctx.is_speech_verb(i) || w.len() > 24 {
                return false;
            }
            with_lower(w, |lower| {
                if DETERMINERS.contains(&lower)
                    || NOT_MODIFIERS.contains(&lower)
                    || ctx.lex[i].has(CALENDAR)
                {
                    return false;
                }
                t.capitalised
                    || MODIFIERS.contains(&lower)
                    || is_head(ctx, i, false)
                    || w.contains('-')
            })
        }
        _ => false,
    }
}

/// The unnamed source whose head ends right before token `end` and which starts at `floor`
/// exactly (the clause's start: the whole subject is the phrase). Token span.
pub(super) fn ending_at(ctx: &Ctx, floor: usize, end: usize) -> Option<(usize, usize)> {
    let head = end.checked_sub(1)?;
    if head < floor || ctx.quoted[head] || !is_head(ctx, head, head == floor) {
        return None;
    }
    let mut b = head;
    let mut modifiers = 0;
    let mut determined = false;
    while b > floor {
        let k = b - 1;
        if ctx.quoted[k] {
            return None;
        }
        if is_determiner(ctx, k) {
            b = k;
            determined = true;
            // "the two senators", "the many critics": a determiner after another.
            if b > floor && is_determiner(ctx, b - 1) {
                b -= 1;
            }
            break;
        }
        // "Donald Trump's campaign manager": the possessor opens the phrase.
        if ctx.tokens[k].kind == TokenKind::Possessive && k > floor {
            b = ctx.at_token[k - 1].map_or(k - 1, |m| m.first.max(floor));
            determined = true;
            break;
        }
        if modifiers < 5 && is_modifier(ctx, k) {
            b = k;
            modifiers += 1;
            continue;
        }
        return None;
    }
    // A phrase with a determiner may stand after other words of the clause ("meddling the
    // California congressman said is designed to ..."), never after a preposition ("the report
    // by the senator said").
    let after_other = b > floor
        && is_determiner(ctx, b)
        && !ctx
            .word(b - 1)
            .is_some_and(|w| with_lower(w, |w| PREPOSITIONS.contains(&w)));
    if b != floor && !after_other {
        return None;
    }
    // Without a determiner: a plural or a group ("Police say", "Senior officials said").
    (determined || with_lower(ctx.word(head)?, bare_head)).then_some((b, end))
}

/// The unnamed source's noun phrase starting at token `from`: a determiner, modifiers, the
/// head (the last role among them). Token span.
fn phrase_from(ctx: &Ctx, from: usize) -> Option<(usize, usize)> {
    ctx.word(from)?;
    let mut k = from;
    // "the three officials": up to two determiners.
    while k < from + 2 && is_determiner(ctx, k) {
        k += 1;
    }
    let determined = k > from;
    let mut head = None;
    while k < (from + 7).min(ctx.tokens.len()) && !ctx.quoted[k] {
        if is_head(ctx, k, k == from) {
            head = Some(k);
        } else if !is_modifier(ctx, k) {
            break;
        }
        k += 1;
    }
    let head = head?;
    let end = head + 1;
    (determined || with_lower(ctx.word(head)?, bare_head)).then_some((from, end))
}

/// The unnamed source starting at token `from`, after an inverted verb ("said a senior
/// official", "said the spokeswoman"), ending its clause (a full stop, a comma, "who", "of"...).
/// Token span.
fn starting_at(ctx: &Ctx, from: usize) -> Option<(usize, usize)> {
    let (from, end) = phrase_from(ctx, from)?;
    let closes = ctx.tokens.get(end).is_none_or(|t| {
        t.kind == TokenKind::Punct
            || t.kind == TokenKind::Newline
            || matches!(
                t.text(ctx.body),
                "who" | "of" | "for" | "at" | "in" | "on" | "from" | "with" | "and"
            )
    }) || ends_sentence(ctx, end);
    closes.then_some((from, end))
}

/// The subject of reporting verb `verb` in the clause from `start`, when it is an unnamed
/// source ("The Indiana governor said ..."). Token span.
pub(super) fn subject(ctx: &Ctx, start: usize, verb: usize) -> Option<(usize, usize)> {
    let mut floor = main_clause_start(ctx, start, verb);
    // "“We need change,” the New York businessman said": past a quotation that opens it.
    while floor < verb && (ctx.quoted[floor] || ctx.tokens[floor].kind == TokenKind::Punct) {
        floor += 1;
    }
    // "But critics say": a conjunction before the subject.
    if ctx
        .word(floor)
        .is_some_and(|w| matches!(w, "But" | "And" | "Yet" | "So" | "Still" | "Meanwhile"))
    {
        floor += 1;
    }
    let v = before_adverbs(ctx, floor, verb);
    ending_at(ctx, floor, v)
        .or_else(|| phrase_then_verb(ctx, floor, v))
        .or_else(|| relative_then_verb(ctx, floor, v))
        .or_else(|| coordinated(ctx, floor, v))
}

/// "a White House official who spoke anonymously to discuss internal strategy said", "a
/// spokesman, who asked not to be named, said": an unnamed source opening the clause, then a
/// relative clause on it ("who ...") before the verb at `v`: words only, without quotation,
/// with a comma before the verb only when one opened the clause.
fn relative_then_verb(ctx: &Ctx, floor: usize, v: usize) -> Option<(usize, usize)> {
    let (a, b) = phrase_from(ctx, floor)?;
    let commas = ctx.is_punct(b, ",");
    let who = b + usize::from(commas);
    if ctx.word(who) != Some("who") {
        return None;
    }
    // A clause opened by a comma is closed by one.
    let clause_end = if commas {
        v.checked_sub(1).filter(|&k| ctx.is_punct(k, ","))?
    } else {
        v
    };
    let plain = (who + 1..clause_end).all(|k| {
        !ctx.quoted[k] && matches!(ctx.tokens[k].kind, TokenKind::Word | TokenKind::Number)
    });
    (plain && who + 1 < clause_end && clause_end - who <= 14).then_some((a, b))
}

/// "The Republican nominee also outlined his plan and vowed to punish “...”": the verb after
/// "and" shares the subject that opens the clause (no comma or quotation between them).
fn coordinated(ctx: &Ctx, floor: usize, v: usize) -> Option<(usize, usize)> {
    if v == 0 || ctx.word(v - 1) != Some("and") {
        return None;
    }
    let (a, b) = phrase_from(ctx, floor)?;
    let verb_follows = ctx.tokens.get(b).is_some_and(|t| t.kind == TokenKind::Word);
    let plain = (b..v).all(|k| ctx.tokens[k].kind != TokenKind::Punct && !ctx.quoted[k]);
    (verb_follows && plain && b < v && v - b <= 16).then_some((a, b))
}

/// "Protesters marching through the streets chanted", "one Democratic source on the panel
/// said": an unnamed source opening the clause, then a phrase (a participle's or a
/// preposition's, of a few words without commas) before the verb at `v`.
fn phrase_then_verb(ctx: &Ctx, floor: usize, v: usize) -> Option<(usize, usize)> {
    let (a, b) = phrase_from(ctx, floor)?;
    let opens_phrase = ctx.word(b).is_some_and(|w| {
        w.ends_with("ing") || matches!(w, "on" | "of" | "at" | "in" | "from" | "with" | "for")
    });
    let plain = (b..v).all(|k| ctx.tokens[k].kind == TokenKind::Word && !ctx.quoted[k]);
    (opens_phrase && plain && b < v && v - b <= 8).then_some((a, b))
}

/// The unnamed source of the quote between tokens `open` and `after`: "“...,” said the
/// spokesman", "“...,” the New York businessman said", "police say they have “...”".
pub(super) fn of_quote(ctx: &Ctx, open: usize, after: usize) -> Option<(usize, usize)> {
    // After the quote.
    let mut j = after;
    while ctx.is_punct(j, ",") {
        j += 1;
    }
    let new_sentence = ctx.tokens.get(j).is_none_or(|t| t.sentence_start);
    if ctx
        .tokens
        .get(j)
        .is_some_and(|t| t.kind == TokenKind::Word && !new_sentence)
    {
        let found = if ctx.is_speech_verb(j) {
            starting_at(ctx, j + 1)
        } else {
            (j..(j + 10).min(ctx.tokens.len()))
                .take_while(|&k| !ends_sentence(ctx, k) && !opens_quote(ctx, k))
                .find(|&k| ctx.is_speech_verb(k))
                .and_then(|k| ending_at(ctx, j, before_adverbs(ctx, j, k)))
        };
        if found.is_some() {
            return found;
        }
    }
    // Before it: the reporting verb nearest the quote, and its subject.
    let start = sentence_start(ctx, open);
    let verb = (start..open).rev().find(|&i| reports_quote(ctx, i))?;
    subject(ctx, start, verb)
}

/// A token span as a byte span.
pub(super) fn bytes(ctx: &Ctx, (a, b): (usize, usize)) -> (usize, usize) {
    (ctx.tokens[a].start, ctx.tokens[b - 1].end)
}
