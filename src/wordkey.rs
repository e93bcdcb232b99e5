//! Words of up to 16 bytes as one integer: a hash-map key that hashes one number and compares
//! no strings, and needs no pointer to be followed (UTF-8 text has no zero byte, so packing is
//! one to one). Used where every token of a text is looked up: the gazetteers' word table and
//! the word index's per-chunk dictionary.

use rustc_hash::FxHashMap;

/// The bytes of a word of at most 16 bytes, packed into an integer.
pub fn pack(bytes: &[u8]) -> Option<u128> {
    if bytes.len() > 16 {
        return None;
    }
    let mut buf = [0u8; 16];
    buf[..bytes.len()].copy_from_slice(bytes);
    Some(u128::from_le_bytes(buf))
}

/// Like [`pack`], with ASCII letters lower-cased.
pub fn pack_ascii_lower(bytes: &[u8]) -> Option<u128> {
    if bytes.len() > 16 {
        return None;
    }
    let mut buf = [0u8; 16];
    buf[..bytes.len()].copy_from_slice(bytes);
    buf.make_ascii_lowercase();
    Some(u128::from_le_bytes(buf))
}

/// A map from words: short words keyed by their packed bytes, longer ones by the string.
#[derive(Debug, Clone)]
pub struct WordMap<V> {
    short: FxHashMap<u128, V>,
    long: FxHashMap<Box<str>, V>,
}

impl<V> Default for WordMap<V> {
    fn default() -> Self {
        WordMap {
            short: FxHashMap::default(),
            long: FxHashMap::default(),
        }
    }
}

impl<V> WordMap<V> {
    pub fn get(&self, word: &str) -> Option<&V> {
        match pack(word.as_bytes()) {
            Some(key) => self.short.get(&key),
            None => self.long.get(word),
        }
    }

    /// The value of the word packed as `key` (a word of at most 16 bytes).
    pub fn get_packed(&self, key: u128) -> Option<&V> {
        self.short.get(&key)
    }

    /// The value of `word`, made by `new` if it has none yet.
    pub fn entry(&mut self, word: &str, new: impl FnOnce() -> V) -> &mut V {
        match pack(word.as_bytes()) {
            Some(key) => self.short.entry(key).or_insert_with(new),
            None => self.long.entry(word.into()).or_insert_with(new),
        }
    }

    /// The length in bytes of the longest word in the map (0 when empty).
    pub fn longest(&self) -> usize {
        let short = self
            .short
            .keys()
            .map(|&k| 16 - (k.leading_zeros() / 8) as usize)
            .max()
            .unwrap_or(0);
        let long = self.long.keys().map(|w| w.len()).max().unwrap_or(0);
        short.max(long)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_long_words_are_kept_apart_and_found() {
        let mut m: WordMap<u32> = WordMap::default();
        *m.entry("Ann", || 0) += 1;
        *m.entry("Ann", || 0) += 1;
        *m.entry("internationalisation", || 7) += 1;
        *m.entry("Zoë", || 3) += 0;
        assert_eq!(m.get("Ann"), Some(&2));
        assert_eq!(m.get("ann"), None);
        assert_eq!(m.get("internationalisation"), Some(&8));
        assert_eq!(m.get("Zoë"), Some(&3));
        assert_eq!(m.get_packed(pack_ascii_lower(b"ANN").unwrap()), None);
        assert_eq!(m.get_packed(pack(b"Ann").unwrap()), Some(&2));
        assert_eq!(m.longest(), "internationalisation".len());
        assert_eq!(pack(&[b'a'; 17]), None);
        assert_ne!(pack(b"ab"), pack(b"ba"));
    }
}
