//! A small hand-written corpus for tests: built directly, not through extraction, so tests of
//! filtering and of the screen stay stable while the extraction rules change.

use crate::model::{Article, Corpus, Entity, EntityId, EntityKind, Mention, Quote};

struct Doc {
    title: &'static str,
    date: &'static str,
    outlet: &'static str,
    body: &'static str,
}

const DOCS: &[Doc] = &[
    Doc {
        title: "Iran and US hold indirect talks in Oman",
        date: "2025-02-07",
        outlet: "Gulf Wire",
        body: "Muscat, Oman – Iran and the United States held indirect talks on Friday, with Omani \
mediators carrying messages between the two delegations.\n\
Foreign Minister Abbas Araghchi led the Iranian team, while Washington sent special envoy Steve \
Witkoff. Araghchi said the meeting was a “good start” but that any next round would follow \
“consultation with the capitals”.\n\
He warned of an atmosphere of “mistrust” after last year’s war, in which the IRGC said Iranian \
air defences were tested.\n\
Badr Al Busaidi, Oman’s foreign minister, said: “It was helpful to clarify Iranian and American \
thinking and to identify areas for progress.”\n\
Araghchi later told state television that Iran would not negotiate its missile programme. \
“Our defence is not on the table,” Araghchi said.",
    },
    Doc {
        title: "IRGC unveils new missile as talks continue",
        date: "2025-02-09",
        outlet: "Wire Service",
        body: "Tehran, Iran – The Islamic Revolutionary Guard Corps showed a new ballistic missile \
on Sunday, two days after talks with the United States in Oman.\n\
Yadollah Javani, a deputy commander of the IRGC, said: “Unveiling the missile means we will not \
give up our military power even if we sit at the negotiating table.”\n\
Analysts said the timing was meant for a domestic audience.",
    },
    Doc {
        title: "Witkoff briefs Trump on Muscat meeting",
        date: "2025-02-10",
        outlet: "Capitol Report",
        body: "Washington – Special envoy Steve Witkoff briefed President Donald Trump on the talks \
in Oman, officials said.\n\
“Araghchi was serious and the tone was good,” Trump told reporters, adding that Iran “must never \
have a nuclear weapon”.\n\
Witkoff is expected to travel to the region again this month.",
    },
    Doc {
        title: "Oman offers to host next round of negotiations",
        date: "2025-02-12",
        outlet: "Gulf Wire",
        body: "Muscat – Oman is ready to host a second round of talks between Iran and the United \
States, Badr Al Busaidi said on Wednesday.\n\
“We want both sides to reunite at the right time,” Al Busaidi said. The United Nations welcomed \
the offer.",
    },
    Doc {
        title: "Residents of Tehran weigh the risk of war",
        date: "2025-02-13",
        outlet: "City Desk",
        body: "Tehran – Shopkeepers in the Iranian capital say prices have risen since the talks \
began. Some call the strikes “terrorism”; others shrug.\n\
“War is not a good thing, but what we live now is bigger than war,” said one shopkeeper, who \
asked not to be named.",
    },
];

/// (kind, canonical name, aliases): every form is looked up in every article.
const ENTITIES: &[(EntityKind, &str, &[&str])] = &[
    (EntityKind::Person, "Abbas Araghchi", &["Araghchi"]),
    (EntityKind::Person, "Steve Witkoff", &["Witkoff"]),
    (EntityKind::Person, "Badr Al Busaidi", &["Al Busaidi"]),
    (EntityKind::Person, "Donald Trump", &["Trump"]),
    (EntityKind::Person, "Yadollah Javani", &["Javani"]),
    (EntityKind::Country, "Iran", &[]),
    (EntityKind::Country, "Oman", &[]),
    (EntityKind::Country, "United States", &["US"]),
    (
        EntityKind::Organisation,
        "Islamic Revolutionary Guard Corps",
        &["IRGC"],
    ),
    (EntityKind::Organisation, "United Nations", &[]),
];

/// (article, start of the quote, speaker).
const SPEAKERS: &[(usize, &str, &str)] = &[
    (0, "good start", "Abbas Araghchi"),
    (0, "consultation", "Abbas Araghchi"),
    (0, "It was helpful", "Badr Al Busaidi"),
    (0, "Our defence", "Abbas Araghchi"),
    (1, "Unveiling", "Yadollah Javani"),
    (2, "Araghchi was", "Donald Trump"),
    (2, "must never", "Donald Trump"),
    (3, "We want", "Badr Al Busaidi"),
];

fn is_word_char(c: Option<char>) -> bool {
    c.is_some_and(char::is_alphanumeric)
}

/// Every whole-word occurrence of `form` in `body`.
fn occurrences(body: &str, form: &str) -> Vec<(usize, usize)> {
    body.match_indices(form)
        .filter(|(i, _)| {
            let before = body[..*i].chars().next_back();
            let after = body[i + form.len()..].chars().next();
            !is_word_char(before) && !is_word_char(after)
        })
        .map(|(i, _)| (i, i + form.len()))
        .collect()
}

/// The spans between “ and ” in a body.
fn quote_spans(body: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut from = 0;
    while let Some(open) = body[from..].find('“') {
        let start = from + open + '“'.len_utf8();
        let Some(close) = body[start..].find('”') else {
            break;
        };
        spans.push((start, start + close));
        from = start + close;
    }
    spans
}

/// The test corpus: five short articles about talks between Iran and the United States.
pub fn corpus() -> Corpus {
    let articles: Vec<Article> = DOCS
        .iter()
        .enumerate()
        .map(|(i, d)| Article {
            id: format!("doc{i}").into(),
            title: d.title.to_string().into(),
            body: d.body.to_string(),
            dateline: None,
            date: Some(d.date.to_string()),
            url: None,
            author: None,
            outlet: Some(d.outlet.to_string()),
            path: format!("fixture/doc{i}.txt").into(),
        })
        .collect();

    // Longest forms first, so "Abbas Araghchi" wins over "Araghchi" at the same place.
    let mut forms: Vec<(usize, &str)> = ENTITIES
        .iter()
        .enumerate()
        .flat_map(|(e, (_, name, aliases))| {
            std::iter::once((e, *name)).chain(aliases.iter().map(move |a| (e, *a)))
        })
        .collect();
    forms.sort_by_key(|(_, f)| std::cmp::Reverse(f.len()));
    let mut mentions: Vec<Vec<Mention>> = vec![Vec::new(); ENTITIES.len()];
    for (ai, a) in articles.iter().enumerate() {
        let mut taken: Vec<(usize, usize)> = Vec::new();
        for &(e, form) in &forms {
            for (s, t) in occurrences(&a.body, form) {
                if taken.iter().any(|&(x, y)| s < y && x < t) {
                    continue;
                }
                taken.push((s, t));
                mentions[e].push(Mention {
                    article: ai as u32,
                    start: s as u32,
                    end: t as u32,
                });
            }
        }
    }

    // Entities sorted by kind, then mention count, then name, as the corpus promises.
    let mut order: Vec<usize> = (0..ENTITIES.len()).collect();
    order.sort_by(|&x, &y| {
        ENTITIES[x]
            .0
            .cmp(&ENTITIES[y].0)
            .then(mentions[y].len().cmp(&mentions[x].len()))
            .then(ENTITIES[x].1.cmp(ENTITIES[y].1))
    });
    let entities: Vec<Entity> = order
        .iter()
        .enumerate()
        .map(|(id, &e)| {
            let (kind, name, aliases) = ENTITIES[e];
            let mut ms = mentions[e].clone();
            ms.sort();
            let mut arts: Vec<u32> = ms.iter().map(|m| m.article).collect();
            arts.dedup();
            Entity {
                id: EntityId(id as u32),
                name: name.to_string(),
                kind,
                aliases: aliases.iter().map(|a| a.to_string()).collect(),
                article_count: arts.len(),
                mentions: ms,
                confidence: 1.0,
            }
        })
        .collect();
    let id_of = |name: &str| entities.iter().find(|e| e.name == name).map(|e| e.id);

    let mut quotes = Vec::new();
    for (ai, a) in articles.iter().enumerate() {
        for (start, end) in quote_spans(&a.body) {
            let text = &a.body[start..end];
            let speaker = SPEAKERS
                .iter()
                .find(|(art, prefix, _)| *art == ai && text.starts_with(prefix))
                .and_then(|(_, _, who)| id_of(who));
            quotes.push(Quote {
                article: ai as u32,
                start: start as u32,
                end: end as u32,
                speaker,
                source: None,
                scare: text.split_whitespace().count() <= 2,
                kind: crate::model::QuoteKind::Direct,
                cue: None,
                confidence: 1.0,
            });
        }
    }
    Corpus::new(articles, entities, quotes, Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixture_is_consistent() {
        let c = corpus();
        assert_eq!(c.articles.len(), 5);
        let araghchi = c
            .entities
            .iter()
            .find(|e| e.name == "Abbas Araghchi")
            .unwrap();
        assert_eq!(araghchi.article_count, 2);
        for q in &c.quotes {
            assert!(!c.quote_text(q).contains('“'));
        }
        assert!(c.quotes.iter().any(|q| q.scare));
        assert!(c.quotes.iter().filter(|q| q.speaker.is_some()).count() >= 7);
    }
}
