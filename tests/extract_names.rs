//! Names across naming traditions resolve to one person, within an article and across the
//! corpus: particles (von der, da, bin, al-), honorifics (Sayyid, Seyed, Sheikh, Mr), Arabic and
//! Persian names, mononyms, hyphenated and joined spellings.

use lede::extract::extract;
use lede::load::{Input, expand_paths};
use lede::model::{Corpus, EntityKind};

/// The people of one article, each as (name, mention count).
fn people(text: &str) -> Vec<(String, usize)> {
    let mut v: Vec<(String, usize)> = extract(text)
        .entities
        .iter()
        .filter(|e| e.kind == EntityKind::Person && !e.tentative)
        .map(|e| (e.name.clone(), e.mentions.len()))
        .collect();
    v.sort();
    v
}

fn corpus_of(texts: &[&str]) -> Corpus {
    let dir = tempfile::tempdir().unwrap();
    for (i, t) in texts.iter().enumerate() {
        std::fs::write(
            dir.path().join(format!("{i}.txt")),
            format!("Headline {i}\n{t}\n"),
        )
        .unwrap();
    }
    let (inputs, warnings): (Vec<Input>, _) = expand_paths(&[dir.path().to_path_buf()]);
    lede::corpus::build(&inputs, warnings).0
}

fn corpus_people(c: &Corpus) -> Vec<(&str, usize)> {
    c.entities
        .iter()
        .filter(|e| e.kind == EntityKind::Person)
        .map(|e| (e.name.as_str(), e.article_count))
        .collect()
}

#[test]
fn particles_stay_inside_one_name() {
    let p = people(
        "European Commission President Ursula von der Leyen arrived in Kyiv. Von der Leyen said the aid would continue, and Leyen's staff agreed.",
    );
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(p[0].0, "Ursula von der Leyen");
}

#[test]
fn honorifics_and_arabic_names_resolve_to_one_person() {
    let p = people(
        "Badr bin Hamad Al Busaidi, Oman's foreign minister, met both sides. Sayyid Badr Al Busaidi later said the talks were useful. Badr al-Busaidi flew home on Saturday.",
    );
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(p[0].0, "Badr bin Hamad Al Busaidi");
    assert_eq!(p[0].1, 3);
}

#[test]
fn persian_name_with_honorific_is_the_same_person() {
    let p = people(
        "Foreign Minister Abbas Araghchi led the delegation. Seyed Abbas Araghchi told reporters the talks were a good start.",
    );
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(p[0].0, "Abbas Araghchi");
}

#[test]
fn mononyms_join_the_full_name() {
    let p = people(
        "Brazilian President Luiz Inácio Lula da Silva met Chinese President Xi Jinping in Beijing. Lula said trade would grow. Xi said he agreed.",
    );
    let names: Vec<&str> = p.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["Luiz Inácio Lula da Silva", "Xi Jinping"], "{p:?}");
    assert!(p.iter().all(|(_, m)| *m == 2), "{p:?}");
}

#[test]
fn hyphenated_and_joined_spellings_merge_across_articles() {
    let c = corpus_of(&[
        "Badr bin Hamad Al Busaidi, Oman's foreign minister, met both sides on Friday.",
        "Oman's foreign minister Badr Albusaidi said on Sunday the talks would resume.",
        "The mediator, Badr al-Busaidi, said both delegations would return.",
    ]);
    let p = corpus_people(&c);
    assert_eq!(p, [("Badr bin Hamad Al Busaidi", 3)], "{p:?}");
}

#[test]
fn honorific_forms_merge_across_articles() {
    let c = corpus_of(&[
        "Foreign Minister Abbas Araghchi arrived in Muscat on Friday.",
        "Seyed Abbas Araghchi said the talks were constructive.",
    ]);
    let p = corpus_people(&c);
    assert_eq!(p, [("Abbas Araghchi", 2)], "{p:?}");
}
