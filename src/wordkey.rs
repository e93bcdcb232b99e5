//! Words of up to 16 bytes as one integer: a hash-map key that hashes one number and compares
//! no strings, and needs no pointer to be followed (UTF-8 text has no zero byte, so packing is
//! one to one). Used where every token of a text is looked up: the gazetteers' word table, the
//! word index's per-chunk dictionary, and extraction's fixed word lists (`WordSet`).

use rustc_hash::FxHashMap;

/// The bytes of a word of at most 16 bytes, packed into an integer. Read as two loads that may
/// overlap (the overlap holds the same bytes twice, so or-ing them changes nothing), not copied
/// byte by byte: copying a word's length is a call to `memcpy`, which cost more than the
/// look-up it served.
#[inline]
pub fn pack(bytes: &[u8]) -> Option<u128> {
    let n = bytes.len();
    let word = |at: usize| u128::from(u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap()));
    let half = |at: usize| u128::from(u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap()));
    Some(match n {
        0 => 0,
        1..4 => {
            let byte = |at: usize| u128::from(bytes[at]) << (8 * at);
            byte(0) | byte(n / 2) | byte(n - 1)
        }
        4..8 => half(0) | half(n - 4) << (8 * (n - 4)),
        8..=16 => word(0) | word(n - 8) << (8 * (n - 8)),
        _ => return None,
    })
}

const BYTES_01: u128 = u128::MAX / 0xff;

/// Every byte of a packed word is ASCII (padding is zero, so it counts as ASCII).
#[inline]
pub fn packed_is_ascii(key: u128) -> bool {
    key & (BYTES_01 * 0x80) == 0
}

/// A packed ASCII word with its letters lower-cased, eight bytes at a time in one register
/// (`pack_ascii_lower` of the same bytes).
#[inline]
pub fn packed_ascii_lower(key: u128) -> u128 {
    key | (packed_upper(key) >> 2)
}

/// The ASCII upper-case letters of a packed word: the top bit of each such byte.
#[inline]
pub fn packed_upper(key: u128) -> u128 {
    packed_between::<b'A', b'Z'>(key)
}

/// The ASCII lower-case letters of a packed word: the top bit of each such byte.
#[inline]
pub fn packed_lower(key: u128) -> u128 {
    packed_between::<b'a', b'z'>(key)
}

/// The bytes of a packed word from `FIRST` to `LAST` (ASCII): the top bit of each such byte.
/// A byte's top bit is set when its low seven bits plus `0x80 - FIRST` reach 0x80, and not when
/// they plus `0x7f - LAST` do; seven-bit bytes cannot carry into their neighbours, and bytes
/// of 0x80 and more are none of them.
#[inline]
fn packed_between<const FIRST: u8, const LAST: u8>(key: u128) -> u128 {
    let low7 = key & (BYTES_01 * 0x7f);
    let at_least_first = low7 + BYTES_01 * u128::from(0x80 - FIRST);
    let past_last = low7 + BYTES_01 * u128::from(0x7f - LAST);
    at_least_first & !past_last & !key & (BYTES_01 * 0x80)
}

/// Like [`pack`], with ASCII letters lower-cased.
pub fn pack_ascii_lower(bytes: &[u8]) -> Option<u128> {
    pack(bytes).map(packed_ascii_lower)
}

/// A fixed set of short words (a list of function words, titles, connectors), each looked up
/// as one integer in a hash set rather than compared with every word of the list in turn.
#[derive(Debug, Clone, Default)]
pub struct WordSet {
    short: rustc_hash::FxHashSet<u128>,
    /// Words of more than 16 bytes, compared as strings.
    long: Vec<&'static str>,
}

impl WordSet {
    pub fn new(words: &[&'static str]) -> WordSet {
        let mut set = WordSet::default();
        for &w in words {
            match pack(w.as_bytes()) {
                Some(key) => {
                    set.short.insert(key);
                }
                None => set.long.push(w),
            }
        }
        set
    }

    /// Is `word` one of the set's? (Any string reference, as a list's `contains` takes.)
    #[inline]
    pub fn contains<S: AsRef<str> + ?Sized>(&self, word: &S) -> bool {
        let word = word.as_ref();
        match pack(word.as_bytes()) {
            Some(key) => self.short.contains(&key),
            None => self.long.contains(&word),
        }
    }
}

/// A `static` [`WordSet`] of the words listed, made on first use:
/// `static CONNECTORS: LazyLock<WordSet> = word_set!["of", "the"];`
#[macro_export]
macro_rules! word_set {
    ($($word:literal),* $(,)?) => {
        std::sync::LazyLock::new(|| $crate::wordkey::WordSet::new(&[$($word),*]))
    };
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
        // Packing by loads and the in-register case masks agree with byte-by-byte work.
        let text = "Ann O'Neil-ZED of @[`{ NATO's internationalisation Zoë ÉTÉ".as_bytes();
        for start in 0..text.len() {
            for end in start..=text.len() {
                let key = pack(&text[start..end]);
                let plain = (end - start <= 16).then(|| {
                    let mut buf = [0u8; 16];
                    buf[..end - start].copy_from_slice(&text[start..end]);
                    u128::from_le_bytes(buf)
                });
                assert_eq!(key, plain, "{start}..{end}");
                if let Some(key) = key {
                    assert_eq!(packed_is_ascii(key), text[start..end].is_ascii());
                    let mut lower = text[start..end].to_vec();
                    lower.make_ascii_lowercase();
                    assert_eq!(Some(packed_ascii_lower(key)), pack(&lower));
                    let bytes = &text[start..end];
                    let count = |f: fn(&u8) -> bool| bytes.iter().filter(|b| f(b)).count() as u32;
                    assert_eq!(
                        packed_upper(key).count_ones(),
                        count(u8::is_ascii_uppercase)
                    );
                    assert_eq!(
                        packed_lower(key).count_ones(),
                        count(u8::is_ascii_lowercase)
                    );
                }
            }
        }
        assert!(!packed_is_ascii(pack("Zoë".as_bytes()).unwrap()));
        let set = WordSet::new(&["of", "the", "Bin", "internationalisation"]);
        assert!(set.contains("of") && set.contains("Bin") && set.contains("internationalisation"));
        assert!(
            !set.contains("bin") && !set.contains("o") && !set.contains("") && !set.contains("ofs")
        );
    }
}
