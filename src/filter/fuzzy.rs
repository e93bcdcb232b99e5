//! The one place that knows the fuzzy matcher (nucleo-matcher), so it can be swapped: prepared
//! haystacks, compiled needles, scores and matched positions as byte ranges.

use std::ops::Range;

use nucleo_matcher::pattern::{Atom, AtomKind, CaseMatching, Normalization};
use nucleo_matcher::{Config, Matcher, Utf32Str, Utf32String};
use unicode_segmentation::UnicodeSegmentation;

/// A short field prepared once at load for matching.
pub type Haystack = Utf32String;

pub fn prepare(text: &str) -> Haystack {
    Utf32String::from(text)
}

/// Scratch space for matching; one per thread (it is not cheap to create).
pub struct Fuzzy {
    matcher: Matcher,
    indices: Vec<u32>,
    /// Characters of a non-ASCII haystack prepared on the fly.
    chars: Vec<char>,
}

impl Default for Fuzzy {
    fn default() -> Self {
        Fuzzy {
            matcher: Matcher::new(Config::DEFAULT),
            indices: Vec::new(),
            chars: Vec::new(),
        }
    }
}

/// What a term looks for in a short field.
#[derive(Debug, Clone)]
pub struct Needle {
    atom: Atom,
    /// Characters in the needle, for the quality floor.
    len: u32,
    fuzzy: bool,
}

impl Needle {
    /// A fuzzy needle, or a substring one for `exact` (also used for negation and phrases:
    /// "not roughly this" is rarely what anyone means).
    pub fn new(text: &str, exact: bool) -> Needle {
        let kind = if exact {
            AtomKind::Substring
        } else {
            AtomKind::Fuzzy
        };
        let atom = Atom::new(text, CaseMatching::Smart, Normalization::Smart, kind, false);
        Needle {
            atom,
            len: text.chars().count() as u32,
            fuzzy: !exact,
        }
    }

    /// The match score, or `None`. Fuzzy matches spread thinly over a long field (the letters of
    /// "iran" scattered through a whole quote) fall below a floor and do not count.
    pub fn score(&self, haystack: &Haystack, fuzzy: &mut Fuzzy) -> Option<u16> {
        let score = self.atom.score(haystack.slice(..), &mut fuzzy.matcher)?;
        (!self.fuzzy || u32::from(score) >= self.floor()).then_some(score)
    }

    /// [`Needle::score`] on text not prepared at load (ASCII text is matched in place; other
    /// text is converted into the scratch space), so long fields need no second copy.
    pub fn score_str(&self, text: &str, fuzzy: &mut Fuzzy) -> Option<u16> {
        let haystack = Utf32Str::new(text, &mut fuzzy.chars);
        let score = self.atom.score(haystack, &mut fuzzy.matcher)?;
        (!self.fuzzy || u32::from(score) >= self.floor()).then_some(score)
    }

    /// Below this a fuzzy match is noise. A character scores 16, plus bonuses for starting a
    /// word or continuing a run, minus penalties for gaps: letters scattered through a long
    /// quote average about 17, initials ("irgc" in "Islamic Revolutionary Guard Corps") about
    /// 21, runs 25 and more.
    fn floor(&self) -> u32 {
        self.len * 18
    }

    /// Byte ranges of `text` that the needle matched (empty when it does not match).
    pub fn ranges(&self, text: &str, fuzzy: &mut Fuzzy) -> Vec<Range<usize>> {
        let mut buf = Vec::new();
        let haystack = Utf32Str::new(text, &mut buf);
        fuzzy.indices.clear();
        let Some(score) = self
            .atom
            .indices(haystack, &mut fuzzy.matcher, &mut fuzzy.indices)
        else {
            return Vec::new();
        };
        if self.fuzzy && u32::from(score) < self.floor() {
            return Vec::new();
        }
        fuzzy.indices.sort_unstable();
        fuzzy.indices.dedup();
        char_indices_to_ranges(text, &fuzzy.indices)
    }
}

/// The matcher counts graphemes of `text` (first code point of each); turn its positions into
/// byte ranges, merging neighbours.
fn char_indices_to_ranges(text: &str, indices: &[u32]) -> Vec<Range<usize>> {
    let mut ranges: Vec<Range<usize>> = Vec::new();
    let mut wanted = indices.iter().copied().peekable();
    let units: Box<dyn Iterator<Item = (usize, &str)>> = if text.is_ascii() {
        Box::new(text.char_indices().map(|(i, _)| (i, &text[i..i + 1])))
    } else {
        Box::new(text.grapheme_indices(true))
    };
    for (n, (start, unit)) in units.enumerate() {
        let Some(&next) = wanted.peek() else { break };
        if next as usize != n {
            continue;
        }
        wanted.next();
        let end = start + unit.len();
        match ranges.last_mut() {
            Some(last) if last.end == start => last.end = end,
            _ => ranges.push(start..end),
        }
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fuzzy_matches_in_order_and_smart_case() {
        let mut f = Fuzzy::default();
        let hay = prepare("Abbas Araghchi");
        assert!(Needle::new("araghchi", false).score(&hay, &mut f).is_some());
        assert!(Needle::new("abaragh", false).score(&hay, &mut f).is_some());
        assert!(Needle::new("Araghchi", false).score(&hay, &mut f).is_some());
        assert!(Needle::new("ARAGHCHI", false).score(&hay, &mut f).is_none());
        assert!(Needle::new("ihcgara", false).score(&hay, &mut f).is_none());
        let n = Needle::new("turk", false);
        assert_eq!(
            n.score_str("Türkiye’s envoy", &mut f),
            n.score(&prepare("Türkiye’s envoy"), &mut f)
        );
        assert!(n.score_str("Türkiye’s envoy", &mut f).is_some());
    }

    #[test]
    fn exact_needs_a_substring() {
        let mut f = Fuzzy::default();
        let hay = prepare("Abbas Araghchi");
        assert!(Needle::new("aragh", true).score(&hay, &mut f).is_some());
        assert!(Needle::new("abaragh", true).score(&hay, &mut f).is_none());
    }

    #[test]
    fn scattered_letters_in_a_long_field_do_not_count() {
        let mut f = Fuzzy::default();
        let hay =
            prepare("it was helpful to clarify thinking and identify areas for potential progress");
        assert!(Needle::new("iran", false).score(&hay, &mut f).is_none());
        assert!(Needle::new("progress", false).score(&hay, &mut f).is_some());
    }

    #[test]
    fn diacritics_are_folded_and_ranges_are_bytes() {
        let mut f = Fuzzy::default();
        let text = "Türkiye’s envoy";
        assert!(
            Needle::new("turkiye", false)
                .score(&prepare(text), &mut f)
                .is_some()
        );
        let ranges = Needle::new("turk", false).ranges(text, &mut f);
        assert_eq!(ranges, vec![0..5]);
        assert_eq!(&text[ranges[0].clone()], "Türk");
    }
}
