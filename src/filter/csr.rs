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

    /// Every item of every list, to rewrite in place (the lists keep their lengths).
    pub fn items_mut(&mut self) -> &mut [u32] {
        &mut self.items
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
