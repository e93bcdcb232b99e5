//! The key that names a corpus's own directories (user state here, and the snapshot cache):
//! its canonical input paths, sorted and de-duplicated, hashed with SHA-256.
//!
//! The hash is stable and documented so that other tools (and later versions of lede) find the
//! same directory: SHA-256 over the parts, each preceded by its length as 8 little-endian bytes,
//! the first 8 bytes of the digest written as 16 lowercase hex digits. The directory name is a
//! readable label (the file name of the first input in sorted order, made safe) then `-` then those 16 digits, so
//! `~/.local/state/lede/wikinews-3f2a9c0d5e6b7a81/`. The bundled corpus is `bundled`.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// The key of one corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorpusKey {
    /// The directory name: `label-hash`, or `bundled`.
    pub dir_name: String,
    /// The inputs as keyed (canonical paths; `-` for standard input), sorted.
    pub inputs: Vec<String>,
}

/// A stable hash of byte strings (see the module's doc): 16 lowercase hex digits.
pub fn stable_hash<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
    let digest = hasher.finalize();
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// A path as keyed: canonical when it exists (so `./a` and `/home/me/a` are one corpus), as
/// given otherwise; standard input is `-`.
pub fn canonical_input(path: &Path) -> String {
    if path.as_os_str() == "-" {
        return "-".to_string();
    }
    let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    canonical.to_string_lossy().into_owned()
}

impl CorpusKey {
    /// The key of the corpus opened from `paths` (none: the bundled corpus).
    pub fn from_paths(paths: &[PathBuf]) -> CorpusKey {
        if paths.is_empty() {
            return CorpusKey::bundled();
        }
        let mut inputs: Vec<String> = paths.iter().map(|p| canonical_input(p)).collect();
        inputs.sort();
        inputs.dedup();
        let hash = stable_hash(inputs.iter().map(|s| s.as_bytes()));
        let label = label_of(inputs.first().map(Path::new));
        CorpusKey {
            dir_name: format!("{label}-{hash}"),
            inputs,
        }
    }

    pub fn bundled() -> CorpusKey {
        CorpusKey {
            dir_name: "bundled".to_string(),
            inputs: vec!["<bundled>".to_string()],
        }
    }
}

/// A short, safe label from a (canonical) path's file name: letters, digits, `.`, `_`, `-`.
fn label_of(path: Option<&Path>) -> String {
    let name = path
        .and_then(|p| {
            if p.as_os_str() == "-" {
                return Some("stdin".to_string());
            }
            p.file_name().map(|n| n.to_string_lossy().into_owned())
        })
        .unwrap_or_default();
    let mut label: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .take(32)
        .collect();
    label = label.trim_matches('.').to_string();
    if label.is_empty() {
        "corpus".to_string()
    } else {
        label
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_is_the_documented_one() {
        // SHA-256 of (8-byte little-endian length, bytes) for "abc": fixed forever.
        let mut bytes = 3u64.to_le_bytes().to_vec();
        bytes.extend_from_slice(b"abc");
        let expected: String = Sha256::digest(&bytes)[..8]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(stable_hash([b"abc".as_slice()]), expected);
        assert_eq!(stable_hash([b"abc".as_slice()]), "ce91dc5eec0139ad");
        // Parts are delimited: ("ab", "c") is not ("a", "bc").
        assert_ne!(
            stable_hash([b"ab".as_slice(), b"c"]),
            stable_hash([b"a".as_slice(), b"bc"])
        );
    }

    #[test]
    fn the_same_inputs_in_any_order_or_spelling_are_one_key() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.txt");
        let b = dir.path().join("b.txt");
        std::fs::write(&a, "x").unwrap();
        std::fs::write(&b, "y").unwrap();
        let k1 = CorpusKey::from_paths(&[a.clone(), b.clone()]);
        let k2 = CorpusKey::from_paths(&[b.clone(), dir.path().join(".").join("a.txt"), a]);
        assert_eq!(k1, k2);
        assert!(k1.dir_name.starts_with("a.txt-"), "{}", k1.dir_name);
        assert_ne!(k1, CorpusKey::from_paths(&[b]));
        assert_eq!(CorpusKey::from_paths(&[]).dir_name, "bundled");
    }

    #[test]
    fn labels_are_safe_file_names() {
        let k = CorpusKey::from_paths(&[PathBuf::from("/nowhere/my corpus\x1b[31m.jsonl")]);
        assert!(
            k.dir_name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c)),
            "{}",
            k.dir_name
        );
    }
}
