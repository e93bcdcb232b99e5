//! Lists of ids per item, stored flat (compressed sparse rows): one allocation for a whole
//! corpus instead of one per article, entity or quote.

use serde::{Deserialize, Serialize};

/// `len()` lists of `u32`s; list `i` is `items[starts[i]..starts[i + 1]]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Csr {
    items: Vec<u32>,
    starts: Vec<usize>,
}

impl Default for Csr {
    fn default() -> Self {
        Csr {
            items: Vec::new(),
            starts: vec![0],
        }
    }
}

impl Csr {
    /// Append the next list.
    pub fn push(&mut self, list: impl IntoIterator<Item = u32>) {
        self.items.extend(list);
        self.starts.push(self.items.len());
    }

    pub fn len(&self) -> usize {
        self.starts.len() - 1
    }

    /// List `i` (empty past the end).
    pub fn get(&self, i: usize) -> &[u32] {
        match (self.starts.get(i), self.starts.get(i + 1)) {
            (Some(&s), Some(&e)) => self.items.get(s..e).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// Is it well formed, with `lists` lists of ids below `bound` (as read back from a file)?
    pub fn check(&self, lists: usize, bound: usize) -> Result<(), String> {
        let ordered = self.starts.windows(2).all(|w| w[0] <= w[1]);
        if self.len() != lists
            || self.starts.first() != Some(&0)
            || self.starts.last() != Some(&self.items.len())
            || !ordered
            || self.items.iter().any(|&i| i as usize >= bound)
        {
            return Err(format!(
                "a list of {} lists where {lists} were expected",
                self.len()
            ));
        }
        Ok(())
    }

    pub fn heap_bytes(&self) -> usize {
        self.items.len() * 4 + self.starts.len() * 8
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_in_order() {
        let mut c = Csr::default();
        c.push([1, 2]);
        c.push([]);
        c.push([7]);
        assert_eq!(c.len(), 3);
        assert_eq!(c.get(0), [1, 2]);
        assert!(c.get(1).is_empty());
        assert_eq!(c.get(2), [7]);
        assert!(c.get(3).is_empty());
    }
}

/// Lists of increasing ids stored as delta varints (a byte or two an id instead of four): the
/// per-document word lists an index is built from, which exist for the whole corpus at once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Packed {
    bytes: Vec<u8>,
    /// List `i` ends at `ends[i]`.
    ends: Vec<usize>,
}

impl Packed {
    /// Append the next list (its ids in increasing order).
    pub fn push(&mut self, sorted: impl IntoIterator<Item = u32>) {
        let mut last = 0u32;
        for (i, id) in sorted.into_iter().enumerate() {
            let mut v = if i == 0 { id } else { id - last };
            last = id;
            while v >= 0x80 {
                self.bytes.push((v as u8) | 0x80);
                v >>= 7;
            }
            self.bytes.push(v as u8);
        }
        self.ends.push(self.bytes.len());
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// List `i`'s ids.
    pub fn get(&self, i: usize) -> impl Iterator<Item = u32> + '_ {
        let start = match i.checked_sub(1) {
            Some(p) => self.ends.get(p).copied().unwrap_or(0),
            None => 0,
        };
        let end = self.ends.get(i).copied().unwrap_or(start);
        let bytes = self.bytes.get(start..end).unwrap_or(&[]);
        let mut at = 0;
        let mut last = 0u32;
        let mut first = true;
        std::iter::from_fn(move || {
            let mut v = 0u32;
            let mut shift = 0;
            loop {
                let b = *bytes.get(at)?;
                at += 1;
                v |= u32::from(b & 0x7f).checked_shl(shift).unwrap_or(0);
                shift += 7;
                if b < 0x80 {
                    break;
                }
            }
            last = if first { v } else { last.wrapping_add(v) };
            first = false;
            Some(last)
        })
    }

    /// Every list rewritten through `map` (which need not keep the order: lists are sorted
    /// again).
    pub fn remapped(&self, map: impl Fn(u32) -> u32) -> Packed {
        let mut out = Packed {
            bytes: Vec::with_capacity(self.bytes.len()),
            ends: Vec::with_capacity(self.ends.len()),
        };
        let mut scratch = Vec::new();
        for i in 0..self.len() {
            scratch.clear();
            scratch.extend(self.get(i).map(&map));
            scratch.sort_unstable();
            scratch.dedup();
            out.push(scratch.iter().copied());
        }
        out
    }
}

#[cfg(test)]
mod packed_tests {
    use super::*;

    #[test]
    fn lists_round_trip_and_remap() {
        let mut p = Packed::default();
        p.push([1, 5, 300, 70_000]);
        p.push([]);
        p.push([0]);
        assert_eq!(p.len(), 3);
        assert_eq!(p.get(0).collect::<Vec<_>>(), [1, 5, 300, 70_000]);
        assert_eq!(p.get(1).count(), 0);
        assert_eq!(p.get(2).collect::<Vec<_>>(), [0]);
        let r = p.remapped(|id| 100_000 - id);
        assert_eq!(
            r.get(0).collect::<Vec<_>>(),
            [30_000, 99_700, 99_995, 99_999]
        );
    }
}
