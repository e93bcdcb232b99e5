//! The filter line's little language. Plain words must all match somewhere in an article. A
//! facet prefix (`p:` `c:` `o:` `s:` `q:` `t:` `outlet:`/`src:`) applies to every word after
//! it up to the next prefix (`p:abbas araghchi` is one person); `date:` takes one value
//! (`date:2016`, `date:2015-05..2016-01`); `star:` and `reviewed:` take none (what the reader
//! starred, or marked reviewed). `"…"` makes a phrase, `'word` a whole word spelt
//! exactly, `!word` (or `!p:…`) excludes. The word being typed, last and with no space after
//! it, also matches as a prefix.

use crate::model::EntityKind;

use super::text::folded_words;

/// Which part of the corpus a group of words looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Facet {
    /// No prefix: titles, article text, entity names (with aliases), quotes and speakers.
    Any,
    /// `p:`, `c:`, `o:`: an entity of one kind whose names hold the words.
    Kind(EntityKind),
    /// `s:`: who said a quote.
    Speaker,
    /// `q:`: the words of one quote.
    Quote,
    /// `t:`: article titles.
    Title,
    /// `outlet:` or `src:`: the outlet an article came from.
    Outlet,
    /// `date:`: the article's date.
    Date,
    /// `star:`: articles and quotes the reader starred (the marks come with the search).
    Star,
    /// `reviewed:`: articles the reader marked reviewed.
    Reviewed,
}

impl Facet {
    /// The facet a prefix names (`p` in `p:iran`, `outlet` in `outlet:reuters`).
    pub fn from_prefix(name: &str) -> Option<Facet> {
        Some(match name.to_ascii_lowercase().as_str() {
            "p" => Facet::Kind(EntityKind::Person),
            "c" => Facet::Kind(EntityKind::Country),
            "o" => Facet::Kind(EntityKind::Organisation),
            "s" => Facet::Speaker,
            "q" => Facet::Quote,
            "t" => Facet::Title,
            "outlet" | "src" => Facet::Outlet,
            "date" => Facet::Date,
            "star" | "starred" => Facet::Star,
            "reviewed" => Facet::Reviewed,
            _ => return None,
        })
    }

    pub fn prefix(self) -> &'static str {
        match self {
            Facet::Any => "",
            Facet::Kind(EntityKind::Person) => "p:",
            Facet::Kind(EntityKind::Country) => "c:",
            Facet::Kind(EntityKind::Organisation) => "o:",
            Facet::Speaker => "s:",
            Facet::Quote => "q:",
            Facet::Title => "t:",
            Facet::Outlet => "outlet:",
            Facet::Date => "date:",
            Facet::Star => "star:",
            Facet::Reviewed => "reviewed:",
        }
    }

    /// `star:` or `reviewed:`: evaluated from the reader's marks, not from the index.
    pub fn is_mark(self) -> bool {
        matches!(self, Facet::Star | Facet::Reviewed)
    }

    /// What the facet's words must name, for messages ("a person", "a title").
    pub fn described(self) -> &'static str {
        match self {
            Facet::Any => "the text",
            Facet::Kind(EntityKind::Person) => "a person",
            Facet::Kind(EntityKind::Country) => "a country",
            Facet::Kind(EntityKind::Organisation) => "an organisation",
            Facet::Speaker => "a speaker",
            Facet::Quote => "a quote",
            Facet::Title => "a title",
            Facet::Outlet => "an outlet",
            Facet::Date => "a date",
            Facet::Star => "a star",
            Facet::Reviewed => "a review mark",
        }
    }
}

/// One word or phrase of a query.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Term {
    /// As typed, without operators (for messages).
    pub text: String,
    /// Its folded words: one for a word; several for a phrase (`"white house"`, `al-Busaidi`).
    pub words: Vec<String>,
    /// `!word`: excludes.
    pub negated: bool,
    /// `'word`: whole words spelt exactly (no typos, no prefix once finished).
    pub exact: bool,
    /// `"…"` or words joined by punctuation: the words next to each other, in this order.
    pub phrase: bool,
    /// The word being typed: its last word also matches as a prefix.
    pub open: bool,
    /// While typing, a word that takes effect only once finished (see [`Query::typing`]).
    pub pending: bool,
}

/// An inclusive range of `yyyymmdd` keys (see `model::date::Date::key`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DateRange {
    pub from: u32,
    pub to: u32,
}

/// A facet and the words it applies to; plain words are each a group of their own.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Group {
    pub facet: Facet,
    /// `!p:trump`: no article may match the group.
    pub negated: bool,
    pub terms: Vec<Term>,
    /// For `date:`: the range, and the value as typed.
    pub dates: Option<DateRange>,
    pub date_text: String,
    /// While typing, a group that takes effect only once finished (see [`Query::typing`]).
    pub pending: bool,
}

impl Group {
    /// A group of one word with no facet; a `!word` makes it a negated group.
    fn plain(mut term: Term) -> Group {
        let negated = std::mem::take(&mut term.negated);
        Group {
            facet: Facet::Any,
            negated,
            terms: vec![term],
            dates: None,
            date_text: String::new(),
            pending: false,
        }
    }

    /// Terms that take effect (not pending).
    pub fn active_terms(&self) -> impl Iterator<Item = &Term> {
        self.terms.iter().filter(|t| !t.pending)
    }

    /// A kind facet with no words (`c:` alone): it lists that kind, and filters nothing.
    pub fn lists_kind(&self) -> Option<EntityKind> {
        match self.facet {
            Facet::Kind(k) if self.terms.is_empty() && !self.negated => Some(k),
            _ => None,
        }
    }

    /// Is every match of this group (a phrase) also a match of `older`, the same phrase typed
    /// less far? (Then only `older`'s matches need checking on the text.)
    pub fn narrows(&self, older: &Group) -> bool {
        let Some(last) = older.terms.len().checked_sub(1) else {
            return false;
        };
        if self.facet != older.facet
            || self.negated
            || older.negated
            || self.pending
            || older.pending
            || older.terms.len() > self.terms.len()
            || !self.terms.iter().any(|t| t.phrase)
        {
            return false;
        }
        older
            .terms
            .iter()
            .zip(&self.terms)
            .enumerate()
            .all(|(i, (o, n))| {
                if i < last {
                    return o == n;
                }
                // The older term's words, its last perhaps typed less far; a phrase is exact, so
                // it narrows any spelling of them.
                let k = o.words.len();
                o.negated == n.negated
                    && !o.negated
                    && n.phrase
                    && n.words.len() >= k
                    && o.words[..k - 1] == n.words[..k - 1]
                    && if o.open {
                        n.words[k - 1].starts_with(o.words[k - 1].as_str())
                    } else {
                        n.words[k - 1] == o.words[k - 1] && (n.words.len() > k || !n.open)
                    }
            })
    }

    /// Does the group take part in a search (it filters, and is not pending)?
    pub fn active(&self) -> bool {
        self.filters() && !self.pending
    }

    /// Does the group filter articles at all?
    pub fn filters(&self) -> bool {
        if self.facet.is_mark() {
            return true;
        }
        if self.facet == Facet::Date {
            return self.dates.is_some();
        }
        self.active_terms().next().is_some()
    }

    /// The group as it could be typed again (for messages).
    pub fn display(&self) -> String {
        let words: Vec<String> = self
            .terms
            .iter()
            .map(|t| {
                let mut s = String::new();
                if t.negated {
                    s.push('!');
                }
                if t.exact {
                    s.push('\'');
                }
                if t.phrase && t.text.contains(' ') {
                    s.push('"');
                    s.push_str(&t.text);
                    s.push('"');
                } else {
                    s.push_str(&t.text);
                }
                s
            })
            .collect();
        format!(
            "{}{}{}{}",
            if self.negated { "!" } else { "" },
            self.facet.prefix(),
            self.date_text,
            words.join(" ")
        )
    }
}

/// A parsed query: every group must match (negated ones must not).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Query {
    pub groups: Vec<Group>,
}

/// One space-separated piece of the input, with whether it was quoted and closed.
struct Token {
    text: String,
    quoted: bool,
    /// The last token, with no space or closing quote after it.
    open: bool,
}

impl Query {
    /// A query as committed (the headless `--filter`, or the filter line after Enter).
    pub fn parse(input: &str) -> Query {
        Query::parse_as(input, false)
    }

    /// A query as it stands while being typed: a `!word` still being typed excludes nothing
    /// until it is finished (a space, or Enter), so every keystroke narrows.
    pub fn typing(input: &str) -> Query {
        Query::parse_as(input, true)
    }

    fn parse_as(input: &str, typing: bool) -> Query {
        let mut groups: Vec<Group> = Vec::new();
        // The facet group that bare words join, if any.
        let mut open_group: Option<usize> = None;
        for token in split_tokens(input) {
            let mut rest = token.text.as_str();
            let mut group_negated = false;
            if let Some(r) = rest.strip_prefix('!')
                && facet_of(r).is_some()
            {
                group_negated = true;
                rest = r;
            }
            if let Some((facet, after)) = facet_of(rest) {
                let mut group = Group {
                    facet,
                    negated: group_negated,
                    terms: Vec::new(),
                    dates: None,
                    date_text: String::new(),
                    pending: false,
                };
                if facet == Facet::Date {
                    group.dates = parse_dates(after);
                    group.date_text = after.to_string();
                    // A date is one value: while typed it would widen as well as narrow.
                    group.pending = typing && token.open;
                    groups.push(group);
                    open_group = None;
                    continue;
                }
                if facet.is_mark() {
                    // Takes no words: anything after the colon is a plain word.
                    groups.push(group);
                    open_group = None;
                    if let Some(term) = parse_term(after, &token, typing) {
                        groups.push(Group::plain(term));
                    }
                    continue;
                }
                if let Some(term) = parse_term(after, &token, typing) {
                    group.terms.push(term);
                }
                groups.push(group);
                open_group = Some(groups.len() - 1);
                continue;
            }
            let Some(term) = parse_term(rest, &token, typing) else {
                continue;
            };
            match open_group {
                Some(g) => groups[g].terms.push(term),
                None => groups.push(Group::plain(term)),
            }
        }
        for g in &mut groups {
            if g.negated {
                // An exclusion being typed waits for its end (it would exclude less with every
                // letter); committed, it is finished.
                g.pending = typing && g.terms.iter().any(|t| t.open);
                if !typing {
                    g.terms.iter_mut().for_each(|t| t.open = false);
                }
            }
        }
        Query { groups }
    }

    /// Nothing that filters articles or lists a kind.
    pub fn is_empty(&self) -> bool {
        self.groups
            .iter()
            .all(|g| !g.filters() && g.lists_kind().is_none())
    }

    /// The kinds the Entities pane lists: those named by empty kind facets (`c:`), or all.
    pub fn listed_kinds(&self) -> Vec<EntityKind> {
        let named: Vec<EntityKind> = self.groups.iter().filter_map(Group::lists_kind).collect();
        EntityKind::ALL
            .into_iter()
            .filter(|k| named.is_empty() || named.contains(k))
            .collect()
    }
}

/// `p:`, `outlet:` … at the start of `token`: the facet and the rest.
fn facet_of(token: &str) -> Option<(Facet, &str)> {
    let (name, rest) = token.split_once(':')?;
    if name.is_empty() || name.len() > 8 || !name.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    Some((Facet::from_prefix(name)?, rest))
}

/// Is `text` the start of a facet prefix still missing its colon?
fn could_become_facet(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    [
        "p", "c", "o", "s", "q", "t", "date", "outlet", "src", "star", "reviewed",
    ]
    .iter()
    .any(|name| name.starts_with(lower.as_str()))
}

/// Split on spaces, keeping `"…"` together (an unclosed quote runs to the end).
fn split_tokens(input: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    let mut in_quote = false;
    let mut quoted = false;
    for c in input.chars() {
        match c {
            '"' => {
                in_quote = !in_quote;
                quoted = true;
                current.push(c);
            }
            c if c.is_whitespace() && !in_quote => {
                if !current.is_empty() {
                    tokens.push(Token {
                        text: std::mem::take(&mut current),
                        quoted,
                        open: false,
                    });
                }
                quoted = false;
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        // Open unless it ends with the quote that closes it.
        let open = !(quoted && !in_quote && current.ends_with('"'));
        tokens.push(Token {
            text: current,
            quoted,
            open,
        });
    }
    tokens
}

/// A term from the text of a token after any facet prefix.
fn parse_term(text: &str, token: &Token, typing: bool) -> Option<Term> {
    let mut rest = text;
    let mut negated = false;
    if let Some(r) = rest.strip_prefix('!') {
        negated = true;
        rest = r;
    }
    let mut exact = false;
    if let Some(r) = rest.strip_prefix('\'') {
        exact = true;
        rest = r;
    }
    let shown = rest.replace('"', " ");
    let shown = shown.split_whitespace().collect::<Vec<_>>().join(" ");
    let words = folded_words(&shown);
    if words.is_empty() {
        return None;
    }
    // A quoted word is spelt exactly; several words are a phrase either way.
    let phrase = words.len() > 1;
    let exact = exact || token.quoted;
    let open = token.open && (typing || !negated);
    // While typing, a word that may yet become a facet prefix ("p" before "p:", "dat" before
    // "date:") waits, or typing the colon would widen the results; so does a `!word`.
    let pending =
        typing && token.open && (negated || (!token.quoted && !exact && could_become_facet(text)));
    Some(Term {
        text: shown,
        words,
        negated,
        exact,
        phrase,
        open,
        pending,
    })
}

/// `2016`, `2015-05`, `2015-05-18`, `2015-05..2016-01`, `..2016`, `2016..`; a partly typed
/// value is a prefix (`201` is the 2010s).
fn parse_dates(value: &str) -> Option<DateRange> {
    let (from, to) = match value.split_once("..") {
        Some((a, b)) => (a, b),
        None => (value, value),
    };
    let from = if from.is_empty() {
        Some(0)
    } else {
        date_bound(from, false)
    };
    let to = if to.is_empty() {
        Some(99_999_999)
    } else {
        date_bound(to, true)
    };
    match (from, to) {
        (Some(from), Some(to)) if from <= to && !value.is_empty() => Some(DateRange { from, to }),
        _ => None,
    }
}

/// The first (`upper` false) or last `yyyymmdd` a partial date covers.
fn date_bound(text: &str, upper: bool) -> Option<u32> {
    let parts: Vec<&str> = text.split(['-', '/', '.']).collect();
    if parts.len() > 3 || parts.iter().any(|p| !p.chars().all(|c| c.is_ascii_digit())) {
        return None;
    }
    let widths = [4, 2, 2];
    let mut digits = String::new();
    for (i, part) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        if part.len() > widths[i] {
            return None;
        }
        if !last && part.len() < widths[i] {
            // A finished month or day written with one digit ("2016-3-").
            if part.is_empty() {
                return None;
            }
            digits.push_str(&format!("{:0>w$}", part, w = widths[i]));
        } else {
            digits.push_str(part);
        }
    }
    if digits.is_empty() {
        return None;
    }
    let pad = if upper { '9' } else { '0' };
    while digits.len() < 8 {
        digits.push(pad);
    }
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(g: &Group) -> Vec<&str> {
        g.terms.iter().map(|t| t.text.as_str()).collect()
    }

    #[test]
    fn plain_words_are_groups_of_their_own() {
        let q = Query::parse("  iran   talks ");
        assert_eq!(q.groups.len(), 2);
        assert!(q.groups.iter().all(|g| g.facet == Facet::Any));
        assert_eq!(words(&q.groups[0]), ["iran"]);
        // A trailing space finishes the last word.
        assert!(!q.groups[1].terms[0].open);
        assert!(Query::parse("iran tal").groups[1].terms[0].open);
    }

    #[test]
    fn a_facet_applies_to_the_words_after_it() {
        let q = Query::parse("p:abbas araghchi");
        assert_eq!(q.groups.len(), 1);
        assert_eq!(q.groups[0].facet, Facet::Kind(EntityKind::Person));
        assert_eq!(words(&q.groups[0]), ["abbas", "araghchi"]);
        let q = Query::parse("iran t:hong kong o:un");
        assert_eq!(q.groups.len(), 3);
        assert_eq!(q.groups[0].facet, Facet::Any);
        assert_eq!(words(&q.groups[1]), ["hong", "kong"]);
        assert_eq!(q.groups[2].facet, Facet::Kind(EntityKind::Organisation));
        let q = Query::parse("t:\"hong kong\"");
        assert!(q.groups[0].terms[0].phrase && q.groups[0].terms[0].exact);
        assert_eq!(q.groups[0].terms[0].words, ["hong", "kong"]);
    }

    #[test]
    fn negation_exact_and_phrases() {
        let q = Query::parse("!trump clinton");
        assert!(q.groups[0].negated);
        assert_eq!(words(&q.groups[1]), ["clinton"]);
        let q = Query::parse("!p:trump q:'war");
        assert!(q.groups[0].negated);
        assert!(q.groups[1].terms[0].exact);
        assert_eq!(q.groups[1].facet, Facet::Quote);
        let q = Query::parse(r#""white house" al-Busaidi"#);
        assert!(q.groups[0].terms[0].phrase && !q.groups[0].terms[0].open);
        assert_eq!(q.groups[1].terms[0].words, ["al", "busaidi"]);
        assert!(q.groups[1].terms[0].phrase);
        // An unclosed quote runs to the end and is still being typed.
        let q = Query::parse(r#""white hou"#);
        assert!(q.groups[0].terms[0].open && q.groups[0].terms[0].phrase);
    }

    #[test]
    fn words_that_would_widen_wait_while_typed() {
        assert!(Query::typing("clinton !tru").groups[1].pending);
        assert!(!Query::typing("clinton !trump ").groups[1].pending);
        assert!(!Query::parse("clinton !trump").groups[1].pending);
        assert!(Query::typing("iran dat").groups[1].terms[0].pending);
        assert!(!Query::typing("iran data").groups[1].terms[0].pending);
        assert!(!Query::typing("iran dat ").groups[1].terms[0].pending);
        assert!(!Query::parse("iran dat").groups[1].terms[0].pending);
        assert!(Query::typing("p:abbas o").groups[0].terms[1].pending);
        assert!(Query::typing("date:201").groups[0].pending);
        assert!(!Query::typing("date:2016 ").groups[0].pending);
    }

    #[test]
    fn a_phrase_typed_further_narrows_its_earlier_keystrokes() {
        let g = |q: &str| Query::typing(q).groups.remove(0);
        assert!(g("\"white ho").narrows(&g("\"white h")));
        assert!(g("\"white h").narrows(&g("\"white")));
        assert!(g("\"white h").narrows(&g("white")));
        assert!(g("\"white house\"").narrows(&g("\"white hou")));
        assert!(!g("\"white h").narrows(&g("\"whit x")));
        assert!(!g("\"white").narrows(&g("\"white")));
        assert!(!g("\"white ho").narrows(&g("\"white hox")));
        assert!(!g("white").narrows(&g("whit")));
    }

    #[test]
    fn dates_and_outlets() {
        let q = Query::parse("date:2016 trump");
        assert_eq!(
            q.groups[0].dates,
            Some(DateRange {
                from: 20160000,
                to: 20169999
            })
        );
        // date: takes one value; the next word is a plain word.
        assert_eq!(q.groups[1].facet, Facet::Any);
        let r = Query::parse("date:2015-05..2016-01").groups[0]
            .dates
            .unwrap();
        assert_eq!((r.from, r.to), (20150500, 20160199));
        let r = Query::parse("date:201").groups[0].dates.unwrap();
        assert_eq!((r.from, r.to), (20100000, 20199999));
        let r = Query::parse("date:2016-3-..").groups[0].dates.unwrap();
        assert_eq!((r.from, r.to), (20160300, 99_999_999));
        let r = Query::parse("date:..2016").groups[0].dates.unwrap();
        assert_eq!((r.from, r.to), (0, 20169999));
        assert!(Query::parse("date:soon").groups[0].dates.is_none());
        let q = Query::parse("src:new york times");
        assert_eq!(q.groups[0].facet, Facet::Outlet);
        assert_eq!(words(&q.groups[0]), ["new", "york", "times"]);
    }

    #[test]
    fn marks_take_no_words() {
        let q = Query::parse("star: iran !reviewed:");
        assert_eq!(q.groups.len(), 3);
        assert_eq!(q.groups[0].facet, Facet::Star);
        assert!(q.groups[0].terms.is_empty() && q.groups[0].active());
        assert_eq!(q.groups[1].facet, Facet::Any);
        assert_eq!(q.groups[2].facet, Facet::Reviewed);
        assert!(q.groups[2].negated);
        let q = Query::parse("reviewed:iran");
        assert_eq!(q.groups[1].terms[0].words, ["iran"]);
        assert!(!q.is_empty());
        assert!(Query::typing("sta").groups[0].terms[0].pending);
    }

    #[test]
    fn empty_facets_and_unknown_prefixes() {
        let q = Query::parse("c:");
        assert_eq!(q.listed_kinds(), [EntityKind::Country]);
        assert!(!q.is_empty());
        let q = Query::parse("x:foo");
        assert_eq!(q.groups[0].facet, Facet::Any);
        assert_eq!(q.groups[0].terms[0].words, ["x", "foo"]);
        assert!(Query::parse("   ").is_empty());
        assert!(Query::parse("! ' \"").is_empty());
    }
}
