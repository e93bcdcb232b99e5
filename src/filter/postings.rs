//! Posting lists: for each word of a lexicon, the documents that hold it. A rare word's list is
//! delta-encoded varints (about a byte a document); a word found in more than one document in
//! eight ("the", "said") is a bit set instead, which is smaller then and ORs 64 documents at once.

use serde::{Deserialize, Serialize};

use super::csr::Packed;
use super::docset::DocSet;

#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize)]
struct Entry {
    /// Offset into `bytes` (sparse) or `dense` (in u64 words).
    start: u64,
    /// Documents holding the word.
    count: u32,
    dense: bool,
}

/// The posting lists of one field (bodies, titles, quotes, names…) over one lexicon.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Postings {
    universe: usize,
    entries: Vec<Entry>,
    #[serde(with = "serde_bytes")]
    bytes: Vec<u8>,
    dense: Vec<u64>,
    /// The documents holding a word that starts with each ASCII letter or digit: the first
    /// keystroke's prefix covers a twentieth of the lexicon, too many lists to merge per key.
    initials: Vec<(u8, DocSet)>,
}

fn varint_len(v: u32) -> u64 {
    match v {
        0..0x80 => 1,
        0x80..0x4000 => 2,
        0x4000..0x20_0000 => 3,
        0x20_0000..0x1000_0000 => 4,
        _ => 5,
    }
}

fn push_varint(out: &mut [u8], at: &mut usize, mut v: u32) {
    while v >= 0x80 {
        out[*at] = (v as u8) | 0x80;
        *at += 1;
        v >>= 7;
    }
    out[*at] = v as u8;
    *at += 1;
}

/// Document ids of one delta-encoded list.
fn decode(bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
    let mut i = 0;
    let mut doc = 0u32;
    let mut first = true;
    std::iter::from_fn(move || {
        let mut v = 0u32;
        let mut shift = 0;
        loop {
            let b = *bytes.get(i)?;
            i += 1;
            v |= u32::from(b & 0x7f).checked_shl(shift).unwrap_or(0);
            shift += 7;
            if b < 0x80 {
                break;
            }
        }
        doc = if first { v } else { doc.wrapping_add(v) };
        first = false;
        Some(doc)
    })
}

/// Write document `d`'s word ids into the lists (`build`'s second pass).
fn write_doc(
    entries: &[Entry],
    bytes: &mut [u8],
    dense: &mut [u64],
    cursor: &mut [usize],
    last: &mut [u32],
    d: u32,
    ws: impl Iterator<Item = u32>,
) {
    for w in ws {
        let w = w as usize;
        let e = entries[w];
        if e.dense {
            let at = e.start as usize + d as usize / 64;
            dense[at] |= 1 << (d % 64);
        } else {
            let delta = if last[w] == u32::MAX { d } else { d - last[w] };
            push_varint(bytes, &mut cursor[w], delta);
        }
        last[w] = d;
    }
}

impl Postings {
    /// Build from every document's distinct word ids, documents numbered in order across the
    /// parts (a part is the documents of one chunk of the corpus). `words` is the size of the
    /// lexicon. Each part is let go (and its memory given back) as soon as its documents are
    /// written into the lists, so the corpus's packed words and its finished lists are never
    /// held whole at once: that was the peak of a cold load.
    pub fn build(words: usize, parts: Vec<Packed>) -> Postings {
        let universe: usize = parts.iter().map(Packed::len).sum();
        let docs = || {
            parts
                .iter()
                .flat_map(|p| (0..p.len()).map(move |i| p.get(i)))
                .enumerate()
                .map(|(d, ws)| (d as u32, ws))
        };
        // First pass: how many documents and how many bytes each list needs.
        let mut counts = vec![0u32; words];
        let mut sizes = vec![0u64; words];
        let mut last = vec![u32::MAX; words];
        for (d, ws) in docs() {
            for w in ws {
                let w = w as usize;
                let delta = if last[w] == u32::MAX { d } else { d - last[w] };
                counts[w] += 1;
                sizes[w] += varint_len(delta);
                last[w] = d;
            }
        }
        let set_words = universe.div_ceil(64);
        let mut entries = Vec::with_capacity(words);
        let (mut bytes_len, mut dense_len) = (0u64, 0u64);
        for w in 0..words {
            let dense = sizes[w] > (set_words * 8) as u64;
            let start = if dense { dense_len } else { bytes_len };
            if dense {
                dense_len += set_words as u64;
            } else {
                bytes_len += sizes[w];
            }
            entries.push(Entry {
                start,
                count: counts[w],
                dense,
            });
        }
        drop(sizes);
        drop(counts);
        // Second pass: write the lists.
        let mut bytes = vec![0u8; bytes_len as usize];
        let mut dense = vec![0u64; dense_len as usize];
        let mut cursor: Vec<usize> = entries.iter().map(|e| e.start as usize).collect();
        last.fill(u32::MAX);
        let mut d = 0u32;
        for part in parts {
            for i in 0..part.len() {
                write_doc(
                    &entries,
                    &mut bytes,
                    &mut dense,
                    &mut cursor,
                    &mut last,
                    d,
                    part.get(i),
                );
                d += 1;
            }
            drop(part);
            crate::mem::release_freed();
        }
        Postings {
            universe,
            entries,
            bytes,
            dense,
            initials: Vec::new(),
        }
    }

    /// Build the sets for one-character prefixes (`prefix_range` gives a character's word ids).
    pub fn with_initials(
        mut self,
        prefix_range: impl Fn(&str) -> std::ops::Range<u32> + Sync,
    ) -> Postings {
        use rayon::prelude::*;
        let initials: Vec<(u8, DocSet)> = (b'a'..=b'z')
            .chain(b'0'..=b'9')
            .collect::<Vec<u8>>()
            .into_par_iter()
            .map(|c| {
                let mut set = DocSet::empty(self.universe);
                let key = [c];
                for w in prefix_range(std::str::from_utf8(&key).unwrap_or("")) {
                    self.add_to(w, &mut set);
                }
                (c, set)
            })
            .collect();
        self.initials = initials;
        self
    }

    /// The documents holding a word that starts with `c`, if prepared.
    pub fn initial(&self, c: char) -> Option<&DocSet> {
        let b = u8::try_from(c).ok()?;
        self.initials.iter().find(|(k, _)| *k == b).map(|(_, s)| s)
    }

    pub fn universe(&self) -> usize {
        self.universe
    }

    /// How many documents hold word `w`.
    pub fn count(&self, w: u32) -> u32 {
        self.entries.get(w as usize).map_or(0, |e| e.count)
    }

    fn sparse_bytes(&self, w: usize) -> &[u8] {
        let e = self.entries[w];
        let end = self.entries[w + 1..]
            .iter()
            .find(|n| !n.dense)
            .map_or(self.bytes.len() as u64, |n| n.start);
        self.bytes
            .get(e.start as usize..end as usize)
            .unwrap_or(&[])
    }

    /// Add the documents holding word `w` to `set`.
    pub fn add_to(&self, w: u32, set: &mut DocSet) {
        let Some(e) = self.entries.get(w as usize) else {
            return;
        };
        if e.count == 0 {
            return;
        }
        if e.dense {
            let start = e.start as usize;
            let n = self.universe.div_ceil(64);
            if let Some(words) = self.dense.get(start..start + n) {
                set.or_words(words);
            }
        } else {
            for d in decode(self.sparse_bytes(w as usize)) {
                set.insert(d as usize);
            }
        }
    }

    /// The documents holding word `w`, in order.
    #[cfg(test)]
    pub fn docs(&self, w: u32) -> Vec<u32> {
        let mut set = DocSet::empty(self.universe);
        self.add_to(w, &mut set);
        set.iter().collect()
    }

    /// Is it well formed, over `words` words and `universe` documents (as read back from a
    /// file)? Every list must lie inside the stored bytes and sets.
    pub fn check(&self, words: usize, universe: usize) -> Result<(), String> {
        let set_words = universe.div_ceil(64) as u64;
        let fits = self.entries.iter().all(|e| {
            if e.dense {
                e.start + set_words <= self.dense.len() as u64
            } else {
                e.start <= self.bytes.len() as u64
            }
        });
        let sparse_ordered = self
            .entries
            .iter()
            .filter(|e| !e.dense)
            .map(|e| e.start)
            .collect::<Vec<_>>()
            .windows(2)
            .all(|w| w[0] <= w[1]);
        if self.universe != universe
            || self.entries.len() != words
            || !fits
            || !sparse_ordered
            || self
                .initials
                .iter()
                .any(|(_, s)| s.check(universe).is_err())
        {
            return Err("posting lists that do not fit their index".to_string());
        }
        Ok(())
    }

    pub fn heap_bytes(&self) -> usize {
        self.entries.len() * std::mem::size_of::<Entry>()
            + self.bytes.len()
            + self.dense.len() * 8
            + self
                .initials
                .iter()
                .map(|(_, s)| s.heap_bytes())
                .sum::<usize>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparse_and_dense_lists_round_trip() {
        // Word 0 is in every document (dense); word 1 in a few far apart (sparse, big gaps).
        let mut docs: Vec<Vec<u32>> = vec![vec![0]; 1000];
        for d in [0, 3, 700, 999] {
            docs[d].push(1);
        }
        docs[500].push(2);
        let mut lists = Packed::default();
        for d in &docs[..600] {
            lists.push(d.iter().copied());
        }
        let mut rest = Packed::default();
        for d in &docs[600..] {
            rest.push(d.iter().copied());
        }
        let p = Postings::build(4, vec![lists, rest]);
        assert_eq!(p.count(0), 1000);
        assert!(p.entries[0].dense && !p.entries[1].dense);
        assert_eq!(p.docs(0).len(), 1000);
        assert_eq!(p.docs(1), [0, 3, 700, 999]);
        assert_eq!(p.docs(2), [500]);
        assert!(p.docs(3).is_empty());
        assert!(p.docs(99).is_empty());
    }
}
