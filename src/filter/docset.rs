//! Sets of documents (articles, quotes or entities) as bit sets: combining the words of a
//! query is a pass of AND, OR and AND-NOT over machine words, 64 documents at a time.

use serde::{Deserialize, Serialize};

/// A set of document ids below a fixed `universe`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocSet {
    bits: Vec<u64>,
    universe: usize,
}

impl DocSet {
    pub fn empty(universe: usize) -> DocSet {
        DocSet {
            bits: vec![0; universe.div_ceil(64)],
            universe,
        }
    }

    /// Every document below `universe`.
    pub fn full(universe: usize) -> DocSet {
        let mut set = DocSet {
            bits: vec![u64::MAX; universe.div_ceil(64)],
            universe,
        };
        set.trim();
        set
    }

    pub fn from_ids(universe: usize, ids: impl IntoIterator<Item = u32>) -> DocSet {
        let mut set = DocSet::empty(universe);
        for id in ids {
            set.insert(id as usize);
        }
        set
    }

    /// The documents below `universe` for which `member` says yes, asked on all cores (64
    /// documents to a machine word, 1,024 words to a task).
    pub fn from_fn(universe: usize, member: impl Fn(usize) -> bool + Sync) -> DocSet {
        use rayon::prelude::*;
        let mut set = DocSet::empty(universe);
        set.bits
            .par_chunks_mut(1024)
            .enumerate()
            .for_each(|(chunk, words)| {
                for (i, word) in words.iter_mut().enumerate() {
                    let base = (chunk * 1024 + i) * 64;
                    for bit in 0..64.min(universe.saturating_sub(base)) {
                        if member(base + bit) {
                            *word |= 1 << bit;
                        }
                    }
                }
            });
        set
    }

    /// A set over the raw words of a bit set (as postings store them).
    pub fn from_words(universe: usize, words: &[u64]) -> DocSet {
        let mut bits = words.to_vec();
        bits.resize(universe.div_ceil(64), 0);
        let mut set = DocSet { bits, universe };
        set.trim();
        set
    }

    fn trim(&mut self) {
        let extra = self.bits.len() * 64 - self.universe;
        if extra > 0
            && let Some(last) = self.bits.last_mut()
        {
            *last &= u64::MAX >> extra;
        }
    }

    pub fn universe(&self) -> usize {
        self.universe
    }

    pub fn insert(&mut self, doc: usize) {
        if doc < self.universe {
            self.bits[doc / 64] |= 1 << (doc % 64);
        }
    }

    pub fn contains(&self, doc: usize) -> bool {
        doc < self.universe && self.bits[doc / 64] & (1 << (doc % 64)) != 0
    }

    pub fn len(&self) -> usize {
        self.bits.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// The machine words covering `range`, each masked to the part of it inside (none when
    /// the range is empty).
    fn words_in(&self, range: std::ops::Range<usize>) -> impl Iterator<Item = u64> + '_ {
        let (start, end) = (range.start, range.end.min(self.universe));
        let (first, last) = if start < end {
            (start / 64, (end - 1) / 64)
        } else {
            (1, 0)
        };
        let head = u64::MAX << (start % 64);
        let tail = u64::MAX >> (63 - end.saturating_sub(1) % 64);
        let words = self.bits.get(first..=last).unwrap_or(&[]);
        words.iter().enumerate().map(move |(i, &w)| {
            let w = if i == 0 { w & head } else { w };
            if first + i == last { w & tail } else { w }
        })
    }

    /// How many members lie in `range` (a pass over its machine words).
    pub fn count_in(&self, range: std::ops::Range<usize>) -> usize {
        self.words_in(range).map(|w| w.count_ones() as usize).sum()
    }

    /// Is any member in `range`?
    pub fn any_in(&self, range: std::ops::Range<usize>) -> bool {
        self.words_in(range).any(|w| w != 0)
    }

    pub fn is_empty(&self) -> bool {
        self.bits.iter().all(|&w| w == 0)
    }

    /// OR the raw words of another bit set of the same universe into this one.
    pub fn or_words(&mut self, words: &[u64]) {
        for (a, b) in self.bits.iter_mut().zip(words) {
            *a |= b;
        }
    }

    pub fn union_with(&mut self, other: &DocSet) {
        self.or_words(&other.bits);
    }

    pub fn intersect_with(&mut self, other: &DocSet) {
        for (a, b) in self.bits.iter_mut().zip(&other.bits) {
            *a &= b;
        }
    }

    pub fn subtract(&mut self, other: &DocSet) {
        for (a, b) in self.bits.iter_mut().zip(&other.bits) {
            *a &= !b;
        }
    }

    /// The members, in increasing order.
    pub fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.bits.iter().enumerate().flat_map(|(i, &w)| {
            let mut w = w;
            std::iter::from_fn(move || {
                if w == 0 {
                    return None;
                }
                let bit = w.trailing_zeros();
                w &= w - 1;
                Some((i * 64) as u32 + bit)
            })
        })
    }

    /// The sum of `f` over the members, worked out on all cores (1,024 machine words of the
    /// set to a task).
    pub fn par_sum(&self, f: impl Fn(u32) -> usize + Sync) -> usize {
        use rayon::prelude::*;
        self.bits
            .par_chunks(1024)
            .enumerate()
            .map(|(chunk, words)| {
                let mut sum = 0;
                for (i, &w) in words.iter().enumerate() {
                    let base = ((chunk * 1024 + i) * 64) as u32;
                    let mut w = w;
                    while w != 0 {
                        sum += f(base + w.trailing_zeros());
                        w &= w - 1;
                    }
                }
                sum
            })
            .sum()
    }

    /// The machine words of the set, 64 documents to a word (document `d` is bit `d % 64` of
    /// word `d / 64`).
    pub fn words(&self) -> &[u64] {
        &self.bits
    }

    pub fn heap_bytes(&self) -> usize {
        self.bits.len() * 8
    }

    /// Is it well formed (as read back from a file)?
    pub fn check(&self, universe: usize) -> Result<(), String> {
        if self.universe != universe || self.bits.len() != universe.div_ceil(64) {
            return Err(format!(
                "a set over {} documents where {universe} were expected",
                self.universe
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_operations() {
        let a = DocSet::from_ids(130, [0, 5, 64, 129]);
        let b = DocSet::from_ids(130, [5, 64, 100]);
        let mut and = a.clone();
        and.intersect_with(&b);
        assert_eq!(and.iter().collect::<Vec<_>>(), [5, 64]);
        let mut or = a.clone();
        or.union_with(&b);
        assert_eq!(or.iter().collect::<Vec<_>>(), [0, 5, 64, 100, 129]);
        let mut not = a.clone();
        not.subtract(&b);
        assert_eq!(not.iter().collect::<Vec<_>>(), [0, 129]);
        assert_eq!(DocSet::full(130).len(), 130);
        assert!(!DocSet::full(130).contains(130));
        assert!(DocSet::empty(3).is_empty());
    }

    #[test]
    fn count_in_a_range_is_the_members_in_it() {
        let ids = [0u32, 1, 5, 63, 64, 65, 127, 128, 129, 200, 255, 256, 299];
        let set = DocSet::from_ids(300, ids);
        for start in 0..=300 {
            for end in start..=310 {
                let want = ids
                    .iter()
                    .filter(|&&d| (start..end).contains(&(d as usize)))
                    .count();
                assert_eq!(set.count_in(start..end), want, "{start}..{end}");
                assert_eq!(set.any_in(start..end), want > 0, "{start}..{end}");
            }
        }
    }

    #[test]
    fn a_set_made_from_a_test_holds_what_passes_it() {
        // Several machine words and tasks, and a last word cut short.
        for universe in [0, 1, 63, 64, 65, 70_001] {
            let set = DocSet::from_fn(universe, |d| d % 7 == 3 || d + 1 == universe);
            let want = DocSet::from_ids(
                universe,
                (0..universe as u32).filter(|&d| d % 7 == 3 || d as usize + 1 == universe),
            );
            assert_eq!(set, want, "universe {universe}");
        }
    }
}
