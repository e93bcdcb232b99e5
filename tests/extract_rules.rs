//! Each extraction rule, on small articles written for it: entity finding and typing, the
//! "not an entity" cases, merging (within an article and across the corpus), quotes and
//! speakers.

use lede::corpus;
use lede::extract::{Extraction, extract};
use lede::load::{Input, expand_paths};
use lede::model::{Corpus, EntityKind};

fn names(ex: &Extraction, kind: EntityKind) -> Vec<String> {
    let mut v: Vec<String> = ex
        .entities
        .iter()
        .filter(|e| e.kind == kind)
        .map(|e| e.name.clone())
        .collect();
    v.sort();
    v
}

fn people(text: &str) -> Vec<String> {
    names(&extract(text), EntityKind::Person)
}

fn countries(text: &str) -> Vec<String> {
    names(&extract(text), EntityKind::Country)
}

fn orgs(text: &str) -> Vec<String> {
    names(&extract(text), EntityKind::Organisation)
}

/// (quote text, speaker name) pairs.
fn quotes(text: &str) -> Vec<(String, Option<String>)> {
    let ex = extract(text);
    ex.quotes
        .iter()
        .map(|q| {
            (
                text[q.start..q.end].to_string(),
                q.speaker.map(|s| ex.entities[s].name.clone()),
            )
        })
        .collect()
}

fn speaker_of(text: &str, quote_start: &str) -> Option<String> {
    quotes(text)
        .into_iter()
        .find(|(q, _)| q.starts_with(quote_start))
        .unwrap_or_else(|| panic!("no quote starting {quote_start:?} in {:?}", quotes(text)))
        .1
}

// ---- entities: finding and typing ----

#[test]
fn countries_by_name_alias_and_demonym() {
    assert_eq!(
        countries("Iranian officials met U.S. envoys."),
        ["Iran", "United States"]
    );
    assert_eq!(
        countries("The USA and America are one; so is the US."),
        ["United States"]
    );
    assert_eq!(
        countries("Saudi officials and Britain's envoy."),
        ["Saudi Arabia", "United Kingdom"]
    );
    assert_eq!(
        countries("A delegation from the Soviet Union visited Yugoslavia."),
        ["Soviet Union", "Yugoslavia"]
    );
}

#[test]
fn a_city_is_not_a_country() {
    assert!(countries("Talks in Tehran and Muscat ended.").is_empty());
    assert!(people("Talks in Tehran and Muscat ended.").is_empty());
}

#[test]
#[ignore = "regressed with the entity model: a lone \"Reuters\" scores 0.48 organisation to 0.50 nothing (issue 10 report)"]
fn organisations_from_gazetteer_heads_and_acronyms() {
    let o = orgs(
        "The Islamic Revolutionary Guard Corps (IRGC) said the IRGC was ready. Reuters and Al Jazeera reported it.",
    );
    assert!(
        o.contains(&"Islamic Revolutionary Guard Corps".to_string()),
        "{o:?}"
    );
    assert!(
        o.contains(&"Reuters".to_string()) && o.contains(&"Al Jazeera".to_string()),
        "{o:?}"
    );
    assert_eq!(o.len(), 3, "{o:?}");
    let o =
        orgs("She joined the Ministry of Petroleum and later the Harbin Institute of Technology.");
    assert_eq!(
        o,
        ["Harbin Institute of Technology", "Ministry of Petroleum"]
    );
    let o = orgs("The Federation of Kenyan Farmers (FKF) met. Later the FKF voted.");
    assert_eq!(o, ["Federation of Kenyan Farmers"]);
}

#[test]
fn people_by_title_given_name_and_context() {
    assert_eq!(
        people("Foreign Minister Abbas Araghchi arrived."),
        ["Abbas Araghchi"]
    );
    assert_eq!(
        people("The special envoy Steve Witkoff arrived."),
        ["Steve Witkoff"]
    );
    assert_eq!(
        people("Later, Zorbek Quintavalle said the deal was done."),
        ["Zorbek Quintavalle"]
    );
    assert_eq!(
        people("Soroush, a resident of Tehran, told reporters he hoped for peace."),
        ["Soroush"]
    );
    assert_eq!(
        people("But another resident, Maryam, said she was afraid."),
        ["Maryam"]
    );
    assert_eq!(
        people("Badr bin Hamad Al Busaidi met both sides."),
        ["Badr bin Hamad Al Busaidi"]
    );
}

#[test]
fn not_entities() {
    // Sentence-initial capitals, days and months, headings, web leftovers, ships.
    let text = "Furious Unprecedented killing of people. Frustrated by the protests, some left.\n\
                On Friday and in June the talks stalled.\nRed line\n\
                The USS Abraham Lincoln sailed near Iranian waters.";
    let p = people(text);
    assert!(p.is_empty(), "{p:?}");
    let o = orgs(text);
    assert!(o.is_empty(), "{o:?}");
}

// ---- merging within an article ----

/// Things named like people, told apart by how the text uses them: a countable noun with its
/// plural and determiners ("the Hasselblad camera", "Hasselblads of actors").
#[test]
fn a_countable_noun_is_no_person() {
    let text = "The university gallery opened an exhibit of Hasselblads taken by the photographer \
        Ruth Orkin. Curator Jane Miller said the collection holds Hasselblads of actors and \
        singers. Orkin's adoption of the Hasselblad camera changed her work, Miller said. \
        Visitors could have their own Hasselblad portrait taken at the door. The Hasselblads \
        were printed within an hour.";
    let p = people(text);
    assert!(p.iter().all(|n| !n.contains("Hasselblad")), "{p:?}");
    assert!(p.contains(&"Ruth Orkin".to_string()), "{p:?}");
}

/// A determiner before quotation marks still opens the noun phrase: "its “Bathroom Bill”" is
/// a thing's name, though "Bill" is a given name elsewhere.
#[test]
fn a_quoted_name_after_a_determiner_is_no_person() {
    let text = "Attorney General Loretta Lynch is suing North Carolina for its “Bathroom Bill,” \
        which allows individual businesses to decide. Governor Pat McCrory said the state \
        would fight.";
    let p = people(text);
    assert!(p.iter().all(|n| !n.contains("Bathroom")), "{p:?}");
    assert!(p.contains(&"Loretta Lynch".to_string()), "{p:?}");
    assert!(p.contains(&"Pat McCrory".to_string()), "{p:?}");
}

/// "Pollsters agree" opening a paragraph, in a text that also writes "two pollsters": a word
/// capitalised only where sentences open, and written in lower case elsewhere, is an ordinary
/// word. A name capitalised mid-sentence stays a name though the text also has the word ("a
/// bush fire" beside "when Bush spoke").
#[test]
fn a_word_capitalised_only_at_sentence_starts_and_lower_case_elsewhere_is_no_person() {
    let text = "Late calls decided the race, a study found.\n\nPollsters agree: \"One of the \
        biggest lessons was a simple one,\" said Carl Bialik. Two pollsters who worked for the \
        campaign kept calling voters until the last day.\n\nPollsters said the margin was small.";
    let p = people(text);
    assert!(!p.contains(&"Pollsters".to_string()), "{p:?}");
    assert!(p.contains(&"Carl Bialik".to_string()), "{p:?}");
    let text = "Senator Bush met farmers on Monday. The crowd cheered when Bush spoke, and a bush \
        fire burned nearby.";
    assert_eq!(people(text), ["Bush"]);
    // A title's full stop ends no sentence.
    let text = "Mr. Price said the price of oil would fall. Mr. Price declined to say more.";
    assert_eq!(people(text), ["Price"]);
}

/// A product with a version number ("Netscape Navigator 4") is no person.
#[test]
fn a_product_with_a_version_is_no_person() {
    let text = "Usage of Netscape Navigator 4 fell again this year, a survey found. The company \
        said users of Netscape Navigator 4 should move to a newer version. \"Netscape Navigator \
        is now the third browser,\" said analyst Tom Briggs. The Netscape Navigator 4 Farewell \
        site counts the remaining users. Netscape Navigator 6 was released in 2000.";
    let p = people(text);
    assert!(p.iter().all(|n| !n.contains("Navigator")), "{p:?}");
    assert!(p.contains(&"Tom Briggs".to_string()), "{p:?}");
}

/// "Zhonghua's Peter Wong", "Peter Wong of Zhonghua": a lone word a person's full name follows
/// as a possessive, or that follows one after "of", is an affiliation, not a person.
#[test]
fn an_affiliation_before_or_after_a_name_is_no_person() {
    let text = "Pro-democracy candidates won seats in the council election on Sunday. \
        Zhonghua's Peter Wong took the most votes in the east, ahead of Kowloon Front's Daniel \
        Chan. Peter Wong of Zhonghua said the result showed voters wanted change.";
    let p = people(text);
    assert!(!p.contains(&"Zhonghua".to_string()), "{p:?}");
    assert!(p.contains(&"Peter Wong".to_string()), "{p:?}");
    assert!(orgs(text).contains(&"Zhonghua".to_string()));
}

/// "a new Fox poll" in a text that names Fox News: a lone word that opens the name of an
/// organisation in the same text is that organisation, not a person; a surname still goes to
/// its person ("Senator John Ford" beside the Ford Motor Company).
#[test]
fn a_lone_word_opening_an_organisations_name_is_that_organisation() {
    let text = "Trump led with 38 percent in a new Fox News poll released on Sunday, said the \
        pollster Anna Reyes. Fox is expected to release another poll next week.";
    let ex = extract(text);
    assert!(!names(&ex, EntityKind::Person).contains(&"Fox".to_string()));
    let fox = ex.entities.iter().find(|e| e.name == "Fox News").unwrap();
    assert_eq!(fox.kind, EntityKind::Organisation);
    assert_eq!(fox.mentions.len(), 2, "{fox:?}");
    assert_eq!(fox.aliases, ["Fox"]);
    let text = "Senator John Ford met workers at the Ford Foundation. Ford said the grants would \
        continue.";
    let ex = extract(text);
    let ford = ex.entities.iter().find(|e| e.name == "John Ford").unwrap();
    assert_eq!(ford.mentions.len(), 2, "{ford:?}");
}

/// A name used as a modifier after a determiner is still the person's when it opens with a
/// given name ("the Tom Cruise video").
#[test]
fn a_person_named_as_a_modifier_stays_a_person() {
    let text = "Scientology critics posted the Tom Cruise video online. The church asked sites \
        to remove the Tom Cruise video, and Tom Cruise did not comment.";
    assert!(people(text).contains(&"Tom Cruise".to_string()));
}

#[test]
fn surname_and_title_merge_into_the_full_name() {
    let text = "US President Donald Trump spoke. Later Trump's aides said President Trump was pleased. Trump left.";
    let ex = extract(text);
    let p = names(&ex, EntityKind::Person);
    assert_eq!(p, ["Donald Trump"]);
    let trump = ex
        .entities
        .iter()
        .find(|e| e.name == "Donald Trump")
        .unwrap();
    assert_eq!(trump.mentions.len(), 4);
    for &(s, e) in &trump.mentions {
        assert!(text[s..e].ends_with("Trump"), "{}", &text[s..e]);
    }
}

#[test]
fn misspelled_surname_merges_when_one_person_fits() {
    let p = people(
        "Foreign Minister Abbas Araghchi said talks went well. As Argachi reiterated on Friday, Iran wants peace.",
    );
    assert_eq!(p, ["Abbas Araghchi"]);
}

#[test]
fn shared_surname_is_not_merged_without_evidence() {
    let text = "Hillary Clinton spoke first. Chelsea Clinton spoke next. Then Clinton left.";
    let p = people(text);
    assert_eq!(p, ["Chelsea Clinton", "Hillary Clinton"]);
}

#[test]
fn acronym_and_expansion_merge() {
    let o = orgs("The National Security Council met. Later the NSC issued a statement.");
    assert_eq!(o, ["National Security Council"]);
}

// ---- merging across the corpus ----

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
    corpus::build(&inputs, warnings).0
}

fn names_in(c: &Corpus, kind: EntityKind) -> Vec<&str> {
    c.entities
        .iter()
        .filter(|e| e.kind == kind)
        .map(|e| e.name.as_str())
        .collect()
}

fn people_in(c: &Corpus) -> Vec<&str> {
    names_in(c, EntityKind::Person)
}

fn orgs_in(c: &Corpus) -> Vec<&str> {
    names_in(c, EntityKind::Organisation)
}

#[test]
fn corpus_merges_surnames_and_spelling_variants() {
    let c = corpus_of(&[
        "Special envoy Steve Witkoff arrived in Muscat.",
        "The envoy Steve Wittkoff left Oman on Friday.",
        "Witkoff said nothing, officials said.",
    ]);
    let people = people_in(&c);
    assert_eq!(people.len(), 1, "{people:?}");
    let e = c
        .entities
        .iter()
        .find(|e| e.kind == EntityKind::Person)
        .unwrap();
    assert_eq!(e.article_count, 3);
}

#[test]
fn a_surname_the_model_took_for_an_organisation_is_the_persons() {
    // A lone surname opening an article, which the entity model leans away from (not a
    // person, not quite an organisation), while the corpus names Joe Biden in full.
    let c = corpus_of(&[
        "Former Vice President Joe Biden spoke in Ohio on Monday.",
        "Joe Biden told voters in Iowa that the race was close.",
        "Biden calls Trump risk to U.S. safety.",
    ]);
    let orgs = orgs_in(&c);
    assert!(!orgs.contains(&"Biden"), "{orgs:?}");
    let biden = c
        .entities
        .iter()
        .find(|e| e.kind == EntityKind::Person && e.name == "Joe Biden")
        .expect("Joe Biden");
    assert_eq!(biden.article_count, 3);
    // An organisation the gazetteer knows stays one beside a namesake ("Ford" the company,
    // Gerald Ford the president).
    let c = corpus_of(&[
        "Gerald Ford was president. Gerald Ford pardoned Richard Nixon.",
        "Ford said car sales rose in March.",
    ]);
    let orgs = orgs_in(&c);
    assert!(orgs.iter().any(|o| o.starts_with("Ford")), "{orgs:?}");
}

#[test]
fn corpus_keeps_two_people_with_one_surname_apart() {
    let c = corpus_of(&[
        "Hillary Clinton spoke.",
        "Chelsea Clinton spoke.",
        "Clinton left early.",
    ]);
    let people = people_in(&c);
    assert!(
        people.contains(&"Hillary Clinton") && people.contains(&"Chelsea Clinton"),
        "{people:?}"
    );
    // The lone "Clinton" of the third article joins neither of them.
    for full in ["Hillary Clinton", "Chelsea Clinton"] {
        let e = c.entities.iter().find(|e| e.name == full).unwrap();
        assert_eq!(e.article_count, 1, "{full} took the lone surname");
    }
}

#[test]
fn a_lone_name_joins_the_bearer_the_corpus_names_overwhelmingly() {
    // Barack Obama in eleven articles, Michelle Obama in one: a bare "Obama" (and a bare
    // "Barack") in an article naming nobody in full is Barack's. Ten to one is the bar.
    let mut texts: Vec<String> = (0..11)
        .map(|i| format!("Barack Obama spoke in city number {i}."))
        .collect();
    texts.push("Michelle Obama spoke in Chicago.".into());
    texts.push("On Monday, Obama left early, officials said.".into());
    texts.push("Supporters chanted for Barack, officials said.".into());
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let c = corpus_of(&refs);
    let people = people_in(&c);
    assert_eq!(people, ["Barack Obama", "Michelle Obama"], "{people:?}");
    let barack = c
        .entities
        .iter()
        .find(|e| e.name == "Barack Obama")
        .unwrap();
    assert_eq!(barack.article_count, 13, "{:?}", c.entities);
    let michelle = c
        .entities
        .iter()
        .find(|e| e.name == "Michelle Obama")
        .unwrap();
    assert_eq!(michelle.article_count, 1);
    // Ten against two is not enough: the bare surname stays its own.
    texts[11] = "Michelle Obama spoke in Chicago. Michelle Obama left.".into();
    texts.insert(
        0,
        "Michelle Obama spoke in Boston. Michelle Obama left.".into(),
    );
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let c = corpus_of(&refs);
    let barack = c
        .entities
        .iter()
        .find(|e| e.name == "Barack Obama")
        .unwrap();
    assert!(people_in(&c).contains(&"Obama"), "{:?}", people_in(&c));
    assert_eq!(barack.article_count, 12, "the bare given name still joins");
}

#[test]
fn spellings_of_one_first_name_join_unless_an_article_names_both() {
    let c = corpus_of(&[
        "Dmitri Petrov arrived in Moscow on Sunday.",
        "Dmitry Petrov left Moscow on Monday.",
        "Hiro Tanaka spoke in Osaka.",
        "Hiroshi Tanaka spoke in Kyoto.",
        // Feminine forms are other people, as are two names one article gives side by side.
        "Eric Garner died in Staten Island.",
        "Erica Garner spoke in Staten Island.",
        "Ivana Trump and Ivanka Trump arrived together.",
        "Ivana Trump spoke in Palm Beach.",
        "Ivanka Trump spoke in Manhattan.",
    ]);
    let mut people = people_in(&c);
    people.sort_unstable();
    assert_eq!(
        people.len(),
        6,
        "Petrov, Tanaka, Eric, Erica, Ivana, Ivanka: {people:?}"
    );
    for (a, b) in [("Dmitri", "Dmitry"), ("Hiro", "Hiroshi")] {
        let e = c
            .entities
            .iter()
            .find(|e| e.name.starts_with(a) || e.name.starts_with(b))
            .unwrap();
        assert_eq!(e.article_count, 2, "{a}/{b}: {:?}", e);
    }
    for name in ["Eric Garner", "Erica Garner"] {
        assert!(people.contains(&name), "{name} in {people:?}");
    }
    for name in ["Ivana Trump", "Ivanka Trump"] {
        let e = c.entities.iter().find(|e| e.name == name).unwrap();
        assert_eq!(e.article_count, 2, "{name}");
    }
}

#[test]
fn a_generational_suffix_is_part_of_the_name_and_never_the_surname() {
    // King is also a title; the model alone split the name at it.
    let text = "Martin Luther King III spoke in Atlanta on Monday. “It was good,” Mr. King said.";
    assert_eq!(people(text), ["Martin Luther King III"]);
    assert_eq!(
        speaker_of(text, "It was good"),
        Some("Martin Luther King III".into())
    );
    // Across articles, a lone "King" is his, not another King's by the suffix.
    let c = corpus_of(&[
        "Martin Luther King III spoke in Atlanta on Monday.",
        "On Tuesday, Mr. King marched in Memphis.",
    ]);
    assert_eq!(people_in(&c), ["Martin Luther King III"]);
    // The father and the son are two people.
    let text = "Donald Trump Jr. spoke before Donald Trump arrived.";
    let found = people(text);
    assert!(
        found.contains(&"Donald Trump".to_string()) && found.len() == 2,
        "{found:?}"
    );
}

#[test]
fn a_lone_surname_goes_to_the_family_of_forms_that_dominates_and_a_place_stays_a_place() {
    // "Joe Biden" and "Joseph R. Biden Jr" are counted together (one first initial), so a bare
    // "Biden" joins the most named of them, though neither alone is ten times the other.
    let mut texts: Vec<String> = (0..8)
        .map(|i| format!("Joe Biden spoke in city number {i}."))
        .collect();
    texts.extend((0..3).map(|i| format!("Joseph R. Biden Jr. spoke in town number {i}.")));
    texts.push("On Monday, Biden left early, aides said.".into());
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let c = corpus_of(&refs);
    let people = people_in(&c);
    assert!(!people.contains(&"Biden"), "{people:?}");
    let joe = c.entities.iter().find(|e| e.name == "Joe Biden").unwrap();
    assert_eq!(joe.article_count, 9, "{people:?}");
    // A place's name with no person's cue is the place, not a namesake's surname.
    let c = corpus_of(&[
        "John Denver sang in Aspen on Friday, his manager said.",
        "On Monday, Denver beat Houston in a close game.",
    ]);
    let denver = c.entities.iter().find(|e| e.name == "John Denver").unwrap();
    assert_eq!(denver.article_count, 1, "the team joined the singer");
}

#[test]
fn a_short_form_of_a_given_name_is_the_fuller_name() {
    let c = corpus_of(&[
        "Joe Biden spoke in Scranton on Monday.",
        "Joseph R. Biden spoke in Wilmington on Tuesday.",
        "Chuck Grassley spoke in Des Moines.",
        "Charles E. Grassley spoke in Ames.",
    ]);
    let mut named = people_in(&c);
    named.sort_unstable();
    assert_eq!(named, ["Charles E. Grassley", "Joseph R. Biden"]);
    // In one article too, and a short form of another name stays apart.
    let text =
        "Bill Clinton spoke first. William Jefferson Clinton then left. Hillary Clinton stayed.";
    let mut found = people(text);
    found.sort_unstable();
    assert_eq!(found, ["Hillary Clinton", "William Jefferson Clinton"]);
}

#[test]
fn a_slogan_with_a_pronoun_names_nobody() {
    let text = "Bush crisscrossed New Hampshire on a three-day \"Jeb Can Fix It\" bus tour.";
    let found = people(text);
    assert!(!found.iter().any(|p| p.contains("Fix")), "{found:?}");
}

// ---- quotes ----

#[test]
fn quote_marks_and_scare_quotes() {
    // A one-word quote nobody is said to have spoken is a scare quote; the officials' word is
    // theirs (an unnamed source, like a named one).
    let text = "They were branded “terrorists”. Officials called them “rioters”. He said \"we won't stop\" today.";
    let ex = extract(text);
    let q: Vec<(&str, bool)> = ex
        .quotes
        .iter()
        .map(|q| (&text[q.start..q.end], q.scare))
        .collect();
    assert_eq!(
        q,
        [
            ("terrorists", true),
            ("rioters", false),
            ("we won't stop", false)
        ]
    );
}

#[test]
fn multi_paragraph_quote_keeps_one_speaker() {
    let text =
        "Yadollah Javani said: “The first part is here.\n“And the second part follows,” he added.";
    let q = quotes(text);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(q[0].1.as_deref(), Some("Yadollah Javani"));
}

#[test]
fn single_quoted_heading_is_not_a_quote() {
    assert!(quotes("‘Situation worse than war’\nPeople in Iran are watching.").is_empty());
}

#[test]
fn unbalanced_mark_does_not_swallow_the_article() {
    let q = quotes(
        "Abbas Araghchi said “it was fine.\nLater paragraphs follow here.\nAnd “this one” is real.",
    );
    assert_eq!(q.len(), 1);
    assert_eq!(q[0].0, "this one");
}

// ---- speakers ----

/// Each case: an article, the start of one of its quotes, and who said it.
fn check_speakers(cases: &[(&str, &str, Option<&str>)]) {
    for &(text, quote_start, want) in cases {
        assert_eq!(
            speaker_of(text, quote_start).as_deref(),
            want,
            "speaker of {quote_start:?} in {text:?}"
        );
    }
}

#[test]
fn speaker_after_the_quote() {
    check_speakers(&[
        (
            "Abbas Araghchi met them. “It was useful,” Araghchi said.",
            "It was",
            Some("Abbas Araghchi"),
        ),
        (
            "“It was useful,” said Abbas Araghchi.",
            "It was",
            Some("Abbas Araghchi"),
        ),
        (
            "“Seventeen years ago, this was impossible,” said Ambassador Hamdullah Mohib.",
            "Seventeen",
            Some("Hamdullah Mohib"),
        ),
    ]);
}

#[test]
fn speaker_before_the_quote() {
    check_speakers(&[
        (
            "Abbas Araghchi said the effort was a “good start” overall.",
            "good start",
            Some("Abbas Araghchi"),
        ),
        (
            "Abbas Araghchi said, “We are ready.”",
            "We are",
            Some("Abbas Araghchi"),
        ),
        (
            "According to Abbas Araghchi, “the talks were useful.”",
            "the talks",
            Some("Abbas Araghchi"),
        ),
        (
            "Abbas Araghchi told Al Jazeera that “nothing changed.”",
            "nothing",
            Some("Abbas Araghchi"),
        ),
        (
            "Abbas Araghchi: “We will answer.”",
            "We will",
            Some("Abbas Araghchi"),
        ),
    ]);
    for verb in ["added", "noted", "warned", "insisted", "wrote"] {
        let text = format!("Abbas Araghchi {verb} that “the time is now.”");
        assert_eq!(
            speaker_of(&text, "the time"),
            Some("Abbas Araghchi".into()),
            "{verb}"
        );
    }
}

#[test]
fn speaker_is_not_who_was_told_nor_an_employer() {
    check_speakers(&[
        (
            "Home Secretary Suella Braverman told GB News: “We have an unsustainable situation.”",
            "We have",
            Some("Suella Braverman"),
        ),
        (
            "Writing in a blog post, Matthew Ingram of Reuters dubbed the conflict: “a war of words”.",
            "a war",
            Some("Matthew Ingram"),
        ),
        (
            "In the words of the Crown prosecutor, Mark Tedeschi, “the child suffered for months.”",
            "the child",
            Some("Mark Tedeschi"),
        ),
    ]);
}

#[test]
fn apposition_and_described_person() {
    check_speakers(&[
        (
            "Yadollah Javani, political deputy of the IRGC, said that “we will not give up”.",
            "we will",
            Some("Yadollah Javani"),
        ),
        (
            "But another resident, Maryam, said it would “definitely lead to war”.",
            "definitely",
            Some("Maryam"),
        ),
    ]);
}

#[test]
fn pronoun_resolves_to_the_latest_person() {
    let text = "Soroush, a resident of Tehran, told Al Jazeera that he hoped for peace.\n“War brings fear,” he said.";
    assert_eq!(speaker_of(text, "War brings"), Some("Soroush".into()));
}

#[test]
fn quote_continued_in_the_next_paragraph_keeps_its_speaker() {
    let text = "“Seventeen years ago, this was impossible,” said Ambassador Hamdullah Mohib.\n“They represent our aspirations.”";
    assert_eq!(
        speaker_of(text, "They represent"),
        Some("Hamdullah Mohib".into())
    );
}

#[test]
fn organisations_can_speak() {
    check_speakers(&[
        (
            "Reuters reported that the deal was “close to done”.",
            "close",
            Some("Reuters"),
        ),
        (
            "“We are monitoring,” the Foreign Ministry of Oman said.",
            "We are",
            Some("Foreign Ministry of Oman"),
        ),
    ]);
}

#[test]
fn unknown_speaker_stays_unknown() {
    check_speakers(&[
        (
            "The sign read “closed for business” all week.",
            "closed",
            None,
        ),
        (
            "“War is not good,” said the emir in the capital.",
            "War is",
            None,
        ),
    ]);
}

// ---- names the model passes over, labels and groups that are not names ----

#[test]
fn a_titled_or_initialled_name_inside_a_long_run_of_capitals_is_a_person() {
    let text = "Ohio Democratic Party Chairman David Pepper called it a win.";
    assert!(
        people(text).contains(&"David Pepper".to_string()),
        "{:?}",
        people(text)
    );
    let text = "“It was bad,” said Representative Charles B. Rangel of New York.";
    assert_eq!(speaker_of(text, "It was"), Some("Charles B. Rangel".into()));
    let text = "“No sympathy, no integrity, a real fiasco.” ― Oscar P. Quintero";
    assert_eq!(
        speaker_of(text, "No sympathy"),
        Some("Oscar P. Quintero".into())
    );
    let text = "“They want a photo op,” said Rep. Elijah Cummings of Maryland, the panel's ranking Democrat.";
    assert_eq!(
        speaker_of(text, "They want"),
        Some("Elijah Cummings".into())
    );
}

#[test]
fn a_surname_after_an_honorific_is_a_person_even_when_it_is_a_title() {
    let text = "Mr. King and Mr. Morial spoke. “It is all about enthusiasm,” Mr. King added.";
    assert_eq!(speaker_of(text, "It is all"), Some("King".into()));
    assert!(people("Dr. Oz sold a cure.").contains(&"Oz".to_string()));
    // An office addressed is no one's name.
    let found = people("“Thank you, Mr. President,” she said.");
    assert!(!found.contains(&"President".to_string()), "{found:?}");
}

#[test]
fn a_party_label_after_a_name_is_not_an_organisation() {
    let text = "“This is a disgusting day,” said Rep. G.K. Butterfield (D-N.C.), head of the \
                Congressional Black Caucus. Rep. John Mica (R-Fla.) and Sen. Mike Lee (R-Utah) \
                disagreed.";
    let found = orgs(text);
    for label in ["D-N.C.", "R-Fla.", "R-Utah"] {
        assert!(!found.contains(&label.to_string()), "{label} in {found:?}");
    }
    assert!(people(text).contains(&"John Mica".to_string()));
}

#[test]
fn peoples_and_faiths_are_not_people_nor_organisations() {
    let text = "“African Americans and Hispanics are living in hell,” he said.\n\
                Hispanic voters and Muslims marched; Latinos joined them. Rohingya fled.";
    let all = [people(text), orgs(text)].concat();
    for group in ["Hispanics", "Hispanic", "Muslims", "Latinos", "Rohingya"] {
        assert!(!all.contains(&group.to_string()), "{group} in {all:?}");
    }
}

#[test]
fn a_country_that_is_the_subject_of_a_reporting_verb_speaks() {
    check_speakers(&[
        (
            "Japan branded North Korea an “outlaw nation in the neighborhood.”",
            "outlaw",
            Some("Japan"),
        ),
        // Only as the subject: a country where something was said does not speak.
        (
            "“We are ready for talks,” Abbas Araghchi said in Iran on Monday.",
            "We are",
            Some("Abbas Araghchi"),
        ),
    ]);
}

#[test]
fn one_name_with_and_without_accents_is_one_person_across_articles() {
    let c = corpus_of(&[
        "Inês Ferreira spoke on Monday about the plan.",
        "Ines Ferreira spoke on Tuesday about the plan.",
    ]);
    let people = people_in(&c);
    // The accented spelling names the entity; the other is its alias.
    assert_eq!(people, ["Inês Ferreira"]);
}

#[test]
fn first_person_contractions_are_not_names() {
    let text = "I’ve said it before, Ann Lee said. Jim Eastland I’ve known for years. I'm here.";
    let found = people(text);
    assert!(
        found
            .iter()
            .all(|p| !p.contains("I’ve") && !p.contains("I'm")),
        "{found:?}"
    );
}

#[test]
fn a_name_signing_a_quote_is_its_speaker() {
    let text = "Readers wrote in.\n“Donald Trump scares me. Hearing him talk makes me fearful.” ― Krystal Correa\n“He can’t even answer a question.” ― Esther Tapia\n";
    assert_eq!(
        speaker_of(text, "Donald Trump scares"),
        Some("Krystal Correa".into())
    );
    assert_eq!(speaker_of(text, "He can’t"), Some("Esther Tapia".into()));
    // Not a signature: the dash goes on with the sentence, or the words are ordinary ones.
    let text =
        "“It works,” he said — Human Rights Watch disagreed.\n“It works.” ― Associated Press\n";
    let found = people(text);
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn one_word_the_model_alone_calls_a_person_waits_for_the_corpus() {
    // Nothing says "Pinocchios" is someone: no title, given name, speech or apposition.
    let c = corpus_of(&["The claim earned four Pinocchios from the Fact Checker."]);
    assert!(people_in(&c).is_empty(), "{:?}", people_in(&c));
    // A lone surname still joins the one full name the corpus has.
    let c = corpus_of(&[
        "Abbas Araghchi arrived in Muscat on Sunday.",
        "On Monday, talks ended and Araghchi left for Doha.",
    ]);
    assert_eq!(people_in(&c), ["Abbas Araghchi"]);
    let e = c
        .entities
        .iter()
        .find(|e| e.kind == EntityKind::Person)
        .unwrap();
    assert_eq!(e.article_count, 2);
}

#[test]
fn a_building_or_place_is_not_a_person() {
    // Names headed by a noun for a building, street or place, which is nobody's surname.
    let p = people(
        "Donald Trump spoke at Trump Tower on Monday. Later he visited the Whitney Museum and drove \
         to Lee County.",
    );
    assert_eq!(p, ["Donald Trump"]);
    // Surnames that are also such nouns stay people.
    let p = people("Tony Hall said the vote was close. Jerry Hall agreed.");
    assert!(p.contains(&"Tony Hall".to_string()), "{p:?}");
}

#[test]
fn god_is_not_a_person() {
    let p = people(
        "\u{201c}This country was made by people who believed in God,\u{201d} Donald Trump said. \
         \u{201c}God help us if there is a breakdown,\u{201d} a farmer said.",
    );
    assert_eq!(p, ["Donald Trump"]);
}

#[test]
fn a_word_glued_to_a_name_in_a_title_case_headline_is_cut_off() {
    let text = "Ted Cruz Refuses to Back Graham Plan.\n\nSen. Ted Cruz refused on Wednesday to back \
                the plan.";
    let ex = extract(text);
    let cruz: Vec<_> = ex
        .entities
        .iter()
        .filter(|e| e.kind == EntityKind::Person && e.name.contains("Cruz"))
        .collect();
    assert_eq!(cruz.len(), 1, "{cruz:?}");
    assert_eq!(cruz[0].name, "Ted Cruz");
    assert!(!cruz[0].aliases.iter().any(|a| a.contains("Refuses")));
    let surfaces: Vec<&str> = cruz[0].mentions.iter().map(|&(s, t)| &text[s..t]).collect();
    assert_eq!(surfaces, ["Ted Cruz", "Ted Cruz"]);
    assert_eq!(
        people(
            "Budget Deal Could Pass, Lindsey Graham Says.\n\nSenator Lindsey Graham said on \
                Tuesday the deal could pass."
        ),
        ["Lindsey Graham"]
    );
    // A surname that is also a word stays whole ("Larry Fine" with no "Larry" beside it).
    assert_eq!(
        people("Larry Fine said the show would go on."),
        ["Larry Fine"]
    );
}

#[test]
fn a_verb_in_ing_opening_a_sentence_is_no_part_of_the_name_after_it() {
    let text = "Hillary Clinton spoke in Ohio on Monday.\n\nInjecting Clinton’s marital troubles \
                into the campaign is Donald Trump’s latest effort, aides said.";
    let p = people(text);
    assert!(p.iter().all(|n| !n.contains("Injecting")), "{p:?}");
    assert!(p.contains(&"Hillary Clinton".to_string()), "{p:?}");
    // A given name in -ing that the text also writes mid-sentence stays with its surname.
    let p = people(
        "Sterling Hitchcock pitched six innings. The manager said Sterling Hitchcock \
         would start again on Friday.",
    );
    assert_eq!(p, ["Sterling Hitchcock"]);
}
