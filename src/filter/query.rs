//! The filter line's little language: words separated by spaces (all must match), a facet
//! prefix (`p:` `c:` `o:` `s:` `q:` `t:`), `'` for exact, `!` for not, `"…"` for a phrase.

use crate::model::EntityKind;

/// Which part of the corpus a term looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Facet {
    /// No prefix: titles, entity names, quotes, speakers and article text.
    Any,
    /// `p:`, `c:`, `o:`: entities of one kind.
    Kind(EntityKind),
    /// `s:`: who said a quote.
    Speaker,
    /// `q:`: the words of a quote.
    Quote,
    /// `t:`: article titles.
    Title,
}

impl Facet {
    /// The facet a prefix letter names (`p` in `p:iran`).
    pub fn from_prefix(letter: char) -> Option<Facet> {
        Some(match letter {
            'p' => Facet::Kind(EntityKind::Person),
            'c' => Facet::Kind(EntityKind::Country),
            'o' => Facet::Kind(EntityKind::Organisation),
            's' => Facet::Speaker,
            'q' => Facet::Quote,
            't' => Facet::Title,
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
        }
    }
}

/// One space-separated part of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub facet: Facet,
    /// `!word`: the term must not match.
    pub negated: bool,
    /// `'word`: a substring instead of a fuzzy match.
    pub exact: bool,
    /// `"two words"`: the words in this order (in article text), or the substring.
    pub phrase: bool,
    /// The text to look for, without operators or quotation marks.
    pub text: String,
}

/// A parsed query: every term must match.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    pub terms: Vec<Term>,
}

impl Query {
    pub fn parse(input: &str) -> Query {
        let terms = split_tokens(input)
            .into_iter()
            .filter_map(|(token, quoted)| parse_term(&token, quoted))
            .collect();
        Query { terms }
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// True when everything this query matches is also matched by `previous`, so its results
    /// can be searched for this one instead of the whole corpus: the same terms, perhaps more,
    /// and the last old term perhaps typed further (unless it is negated, which would widen it).
    pub fn narrows(&self, previous: &Query) -> bool {
        if self.terms.len() < previous.terms.len() {
            return false;
        }
        let last = previous.terms.len().saturating_sub(1);
        previous
            .terms
            .iter()
            .zip(&self.terms)
            .enumerate()
            .all(|(i, (old, new))| {
                if old == new {
                    return true;
                }
                i == last
                    && !old.negated
                    && old.facet == new.facet
                    && old.negated == new.negated
                    && old.exact == new.exact
                    && old.phrase == new.phrase
                    && new.text.starts_with(&old.text)
            })
    }
}

/// Split on spaces, keeping `"…"` together (an unclosed quote runs to the end). Returns each
/// token with whether it held a quoted part.
fn split_tokens(input: &str) -> Vec<(String, bool)> {
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
                    tokens.push((std::mem::take(&mut current), quoted));
                }
                quoted = false;
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        tokens.push((current, quoted));
    }
    tokens
}

fn parse_term(token: &str, quoted: bool) -> Option<Term> {
    let mut rest = token;
    let mut negated = false;
    if let Some(r) = rest.strip_prefix('!') {
        negated = true;
        rest = r;
    }
    let mut facet = Facet::Any;
    let mut chars = rest.chars();
    if let (Some(letter), Some(':')) = (chars.next(), chars.next())
        && let Some(f) = Facet::from_prefix(letter.to_ascii_lowercase())
    {
        facet = f;
        rest = &rest[2..];
        if let Some(r) = rest.strip_prefix('!') {
            negated = true;
            rest = r;
        }
    }
    let mut exact = false;
    if let Some(r) = rest.strip_prefix('\'') {
        exact = true;
        rest = r;
    }
    let text = if quoted {
        rest.replace('"', " ")
    } else {
        rest.to_string()
    };
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return None;
    }
    let phrase = quoted || text.contains(' ');
    Some(Term {
        facet,
        negated,
        exact,
        phrase,
        text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(facet: Facet, text: &str) -> Term {
        Term {
            facet,
            negated: false,
            exact: false,
            phrase: false,
            text: text.to_string(),
        }
    }

    #[test]
    fn plain_words_are_and_terms() {
        let q = Query::parse("  iran   talks ");
        assert_eq!(
            q.terms,
            vec![term(Facet::Any, "iran"), term(Facet::Any, "talks")]
        );
    }

    #[test]
    fn facets_negation_and_exact() {
        let q = Query::parse("p:araghchi !c:oman o:!irgc t:'talks s:trump q:war");
        let t = &q.terms;
        assert_eq!(t[0], term(Facet::Kind(EntityKind::Person), "araghchi"));
        assert_eq!(t[1].facet, Facet::Kind(EntityKind::Country));
        assert!(t[1].negated);
        assert_eq!(t[2].facet, Facet::Kind(EntityKind::Organisation));
        assert!(t[2].negated && t[2].text == "irgc");
        assert_eq!(t[3].facet, Facet::Title);
        assert!(t[3].exact && t[3].text == "talks");
        assert_eq!(t[4].facet, Facet::Speaker);
        assert_eq!(t[5].facet, Facet::Quote);
    }

    #[test]
    fn quoted_phrases_keep_spaces() {
        let q = Query::parse(r#"q:"good start" "foreign minis"#);
        assert_eq!(q.terms.len(), 2);
        assert!(q.terms[0].phrase && q.terms[0].text == "good start");
        assert_eq!(q.terms[0].facet, Facet::Quote);
        assert!(q.terms[1].phrase && q.terms[1].text == "foreign minis");
    }

    #[test]
    fn unknown_prefix_and_empty_terms() {
        let q = Query::parse("x:foo p: ! '");
        assert_eq!(q.terms, vec![term(Facet::Any, "x:foo")]);
        assert!(Query::parse("   ").is_empty());
    }

    #[test]
    fn typing_further_narrows_but_negation_widens() {
        let ira = Query::parse("ira");
        assert!(Query::parse("iran").narrows(&ira));
        assert!(Query::parse("iran talks").narrows(&Query::parse("iran")));
        assert!(Query::parse("iran t").narrows(&Query::parse("iran ")));
        assert!(!Query::parse("ir").narrows(&ira));
        assert!(!Query::parse("!iran").narrows(&Query::parse("!ira")));
        assert!(!Query::parse("p:iran").narrows(&ira));
        assert!(!Query::parse("iraq talks").narrows(&Query::parse("iran talks")));
        assert!(Query::parse("anything").narrows(&Query::default()));
    }
}
