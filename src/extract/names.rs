//! People's names across naming traditions, reduced to a key that spellings of one name share:
//! honorifics dropped (Sayyid, Seyed, Sheikh, Mr), particles dropped (von der, da, bin, ibn,
//! al-/Al/el-), hyphenated and joined particles undone ("al-Busaidi", "Albusaidi" -> "busaidi"),
//! accents and case folded. Shorter names join fuller ones whose key contains theirs in order.

use crate::word_set;
use crate::wordkey::WordSet;
use compact_str::CompactString;
use smallvec::SmallVec;
use std::sync::LazyLock;

/// Words of a name that are no part of who it names: honorifics and forms of address.
static HONORIFICS: LazyLock<WordSet> = word_set![
    "sayyid", "sayed", "sayyed", "seyed", "seyyed", "syed", "sheikh", "shaikh", "sheik", "haji",
    "hajji", "mullah", "mr", "mrs", "ms", "dr", "sir", "dame", "prof",
];

/// Particles inside names: "von der", "da", "bin", "ibn", "al", "de".
static PARTICLES: LazyLock<WordSet> = word_set![
    "al", "el", "bin", "bint", "ibn", "von", "van", "der", "den", "de", "da", "di", "du", "dos",
    "das", "do", "la", "le", "ter", "del", "della",
];

/// Generational suffixes after a surname ("Martin Luther King III", "Sammy Davis Jr"): part of
/// the name (Donald Trump Jr is not Donald Trump), never the surname.
pub const GENERATIONAL: &[&str] = &["Jr", "Sr", "II", "III", "IV"];

/// Is this word of a name key (lower case) a generational suffix?
fn is_generational_key(word: &str) -> bool {
    GENERATIONAL.iter().any(|g| g.eq_ignore_ascii_case(word))
}

/// A person's surname: the last word of the name, or the one before a generational suffix.
pub fn surname(name: &str) -> &str {
    let mut words = name.rsplit(' ');
    let last = words.next().unwrap_or("");
    if GENERATIONAL.contains(&last.trim_end_matches('.'))
        && let Some(before) = words.next()
    {
        return before;
    }
    last
}

/// English short forms of given names and the names they stand for (lower case): "Joe Biden" is
/// "Joseph R. Biden", "Bill Clinton" is "William Jefferson Clinton".
const SHORT_FORMS: &[(&str, &str)] = &[
    ("bill", "william"),
    ("billy", "william"),
    ("will", "william"),
    ("bob", "robert"),
    ("bobby", "robert"),
    ("rob", "robert"),
    ("jim", "james"),
    ("jimmy", "james"),
    ("joe", "joseph"),
    ("mike", "michael"),
    ("tom", "thomas"),
    ("dick", "richard"),
    ("rick", "richard"),
    ("ted", "edward"),
    ("ed", "edward"),
    ("chuck", "charles"),
    ("charlie", "charles"),
    ("dan", "daniel"),
    ("dave", "david"),
    ("steve", "stephen"),
    ("steve", "steven"),
    ("tony", "anthony"),
    ("nick", "nicholas"),
    ("pat", "patrick"),
    ("ben", "benjamin"),
    ("sam", "samuel"),
    ("andy", "andrew"),
    ("liz", "elizabeth"),
    ("bernie", "bernard"),
    ("newt", "newton"),
];

/// One given name for another: equal, or a short form of it ("joe", "joseph").
fn same_given(a: &str, b: &str) -> bool {
    same_word(a, b)
        || SHORT_FORMS
            .iter()
            .any(|&(short, full)| (a == short && b == full) || (a == full && b == short))
}

/// Latin letters with accents, folded to their base letter ("Inácio" -> "inacio").
fn fold(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => 'a',
        'ç' | 'č' | 'ć' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' => 'i',
        'ñ' | 'ń' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' => 'u',
        'ý' | 'ÿ' => 'y',
        'š' | 'ś' | 'ş' => 's',
        'ž' | 'ź' | 'ż' => 'z',
        'ğ' => 'g',
        'ł' => 'l',
        c => c,
    }
}

/// A name's key: a few short words, kept inline (no allocation for most names).
pub type NameKey = SmallVec<[CompactString; 4]>;

/// The key of a person's name: its words that identify, lower case, accents folded.
pub fn name_key(name: &str) -> NameKey {
    let mut out = NameKey::new();
    for_each_key_word(name, |w| out.push(w.into()));
    out
}

/// Each word of [`name_key`] in turn, made in one buffer on the stack for short words.
pub fn for_each_key_word(name: &str, mut each: impl FnMut(&str)) {
    let mut lower = CompactString::default();
    for word in name.split([' ', '\u{a0}']) {
        lower.clear();
        if word.is_ascii() {
            // Nothing to fold: lower case, without dots and apostrophes.
            lower.extend(
                word.bytes()
                    .filter(|&b| b != b'.' && b != b'\'')
                    .map(|b| char::from(b.to_ascii_lowercase())),
            );
        } else {
            lower.extend(
                word.chars()
                    .flat_map(char::to_lowercase)
                    .map(fold)
                    .filter(|c| *c != '.' && *c != '’' && *c != '\''),
            );
        }
        if lower.is_empty() || HONORIFICS.contains(&lower.as_str()) {
            continue;
        }
        // "al-Busaidi", "bin-Salman": a particle joined by a hyphen.
        if let Some((head, tail)) = lower.split_once('-')
            && PARTICLES.contains(&head)
            && !tail.is_empty()
        {
            if !PARTICLES.contains(&tail) {
                each(tail);
            }
            continue;
        }
        if PARTICLES.contains(&lower.as_str()) {
            continue;
        }
        each(&lower);
    }
}

/// One key word standing for another: equal, or one is the other with a particle written
/// joined ("albusaidi" and "busaidi").
pub fn same_word(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let joined = |long: &str, short: &str| {
        short.len() >= 4
            && ["al", "el"]
                .iter()
                .any(|p| long.strip_prefix(p).is_some_and(|r| r == short))
    };
    joined(a, b) || joined(b, a)
}

/// The bucket a key is compared in: its last word, a joined particle taken off.
pub fn block_of(key: &[CompactString]) -> Option<&str> {
    let last = match key {
        [.., before, last] if is_generational_key(last) => before,
        _ => key.last()?,
    };
    for p in ["al", "el"] {
        if let Some(r) = last.strip_prefix(p)
            && r.len() >= 4
        {
            return Some(r);
        }
    }
    Some(last)
}

/// Is `short` a fuller name's key with words left out, in order ("badr busaidi" in "badr hamad
/// busaidi"), starting with the same word? A one-word key must be the fuller name's last or
/// first word.
pub fn part_of(short: &[CompactString], long: &[CompactString]) -> bool {
    if short.is_empty() || short.len() > long.len() {
        return false;
    }
    if short.len() == 1 {
        return long.first().is_some_and(|w| same_word(w, &short[0]))
            || long.last().is_some_and(|w| same_word(w, &short[0]));
    }
    if !same_given(&short[0], &long[0]) {
        return false;
    }
    // "Donald Trump" is not "Donald Trump Jr": a full name without the suffix is the father.
    let suffix = |k: &[CompactString]| k.last().is_some_and(|w| is_generational_key(w));
    if suffix(long) != suffix(short) {
        return false;
    }
    let mut it = long[1..].iter();
    short[1..].iter().all(|w| it.any(|x| same_word(x, w)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> NameKey {
        name_key(s)
    }

    fn words(s: &str) -> Vec<String> {
        name_key(s).iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn keys_across_traditions() {
        assert_eq!(words("Ursula von der Leyen"), ["ursula", "leyen"]);
        assert_eq!(
            words("Badr bin Hamad Al Busaidi"),
            ["badr", "hamad", "busaidi"]
        );
        assert_eq!(words("Sayyid Badr Al Busaidi"), ["badr", "busaidi"]);
        assert_eq!(words("Badr al-Busaidi"), ["badr", "busaidi"]);
        assert_eq!(words("Seyed Abbas Araghchi"), ["abbas", "araghchi"]);
        assert_eq!(
            words("Luiz Inácio Lula da Silva"),
            ["luiz", "inacio", "lula", "silva"]
        );
        assert!(part_of(
            &key("Badr Albusaidi"),
            &key("Badr bin Hamad Al Busaidi")
        ));
        assert!(part_of(
            &key("Al Busaidi"),
            &key("Badr bin Hamad Al Busaidi")
        ));
        assert!(part_of(
            &key("Seyed Abbas Araghchi"),
            &key("Abbas Araghchi")
        ));
        assert!(!part_of(&key("Hillary Clinton"), &key("Bill Clinton")));
    }
}
