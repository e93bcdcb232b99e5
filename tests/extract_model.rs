//! The trained extraction models: training reproduces the committed weights, and what the
//! models add to the contract (confidences, quote kinds, short quotes with a speaker).

use std::path::Path;

use lede::extract::{extract, train};
use lede::model::QuoteKind;

/// `cargo run --release --example train` on ../shared/eval/train gives exactly the committed
/// weights. Skipped, saying so, where the training data is not beside the repository.
#[test]
fn training_reproduces_the_committed_weights() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/eval/train");
    if !dir.join("conll-train.bio.txt").exists() {
        eprintln!("SKIPPED: no training data at {}", dir.display());
        return;
    }
    let (files, summary) = train::train_all(&dir).expect("training data reads");
    eprintln!("{summary}");
    for (name, bytes) in files {
        let committed = std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("assets/model")
                .join(name),
        )
        .expect("committed weights");
        assert!(
            committed == bytes,
            "{name}: training gives other weights than the committed ones; rerun the training command"
        );
    }
}

#[test]
fn every_entity_and_quote_has_a_confidence_in_0_1() {
    let ex = extract(
        "Foreign Minister Abbas Araghchi said the talks were a “good start”. “We will see,” Araghchi told Reuters.",
    );
    assert!(!ex.entities.is_empty());
    for e in &ex.entities {
        let c = e.confidence();
        assert!((0.0..=1.0).contains(&c), "{} {c}", e.name);
    }
    for q in &ex.quotes {
        assert!((0.0..=1.0).contains(&q.confidence));
    }
}

#[test]
fn a_short_quote_with_a_speaker_is_no_scare_quote() {
    let text = "Foreign Minister Abbas Araghchi said the indirect effort was a “good start”. They were branded “terrorists” online.";
    let ex = extract(text);
    let good = ex
        .quotes
        .iter()
        .find(|q| &text[q.start..q.end] == "good start")
        .unwrap();
    assert!(good.speaker.is_some() && !good.scare);
    assert_eq!(good.kind, QuoteKind::Mixed);
    let scare = ex
        .quotes
        .iter()
        .find(|q| &text[q.start..q.end] == "terrorists")
        .unwrap();
    assert!(scare.speaker.is_none() && scare.scare);
}

#[test]
fn a_quote_of_its_own_is_direct() {
    let text = "“We are following this closely,” Amira Haddad said.";
    let ex = extract(text);
    assert_eq!(ex.quotes[0].kind, QuoteKind::Direct);
}

/// (quote text, speaker) pairs of one text.
fn quotes_of(text: &str) -> Vec<(String, Option<String>)> {
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

#[test]
fn titles_of_works_are_not_quotes() {
    let q = quotes_of(
        "The exhibition “Andy Warhol: Photographs and Prints” opens today, with works such as “Cowboys and Indians”. Curator Ann Lee said it was “a rare chance”.",
    );
    let texts: Vec<&str> = q.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(texts, ["a rare chance"], "{q:?}");
    // Title case leaves prepositions in lower case, however long ("from", "with"); a
    // quotation whose other long words are in lower case stays a quotation.
    let q = quotes_of(
        "Kristen Wilkins, curator of “Andy Warhol: Photographs and Prints from the University Collection”, said the show drew “crowds from across the state”.",
    );
    let texts: Vec<&str> = q.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(texts, ["crowds from across the state"], "{q:?}");
}

#[test]
fn speaker_after_a_colon_or_in_brackets() {
    let q = quotes_of(
        "Refugee charities criticised the plan, with Caitlin Boswell stating: “People fleeing desperate circumstances deserve better.”",
    );
    assert_eq!(q[0].1.as_deref(), Some("Caitlin Boswell"), "{q:?}");
    // Another person named earlier in the sentence does not take it.
    let q = quotes_of(
        "It quoted critics like immigration barrister Colin Yeo, and refugee campaigner Caitlin Boswell, with Boswell stating: “People fleeing desperate circumstances deserve better.”",
    );
    assert_eq!(q[0].1.as_deref(), Some("Caitlin Boswell"), "{q:?}");
    let q = quotes_of(
        "Mark Rathbun left the church in 2004. He [Rathbun] described the abuse as “routine and brutal in every way”.",
    );
    assert_eq!(q[0].1.as_deref(), Some("Mark Rathbun"), "{q:?}");
}

#[test]
fn the_one_spoken_to_is_not_the_speaker() {
    for text in [
        "“There is no trace so far, the enquiry is continuing,” a Liege police official told Reuters.",
        "“It was very nice,” the gambling tycoon told the Washington Post in a rare interview.",
        "“We will not give up,” a senior official said to Reuters on Friday.",
    ] {
        let q = quotes_of(text);
        assert!(
            q.len() == 1 && !matches!(q[0].1.as_deref(), Some("Reuters" | "Washington Post")),
            "{text}: {q:?}"
        );
    }
    // Nor the one spoken of.
    let q = quotes_of(
        "Campaign notes.\n\nThe New York businessman says of Hillary Clinton, “If she gets the chance, she will put the Oval Office up for sale.”",
    );
    assert!(
        q.len() == 1 && q[0].1.as_deref() != Some("Hillary Clinton"),
        "{q:?}"
    );
    // Nor the one judged, with a title or without.
    for (text, judged) in [
        (
            "In January, Governor Anne Tomlin lauded Mr. Clarke for helping develop “new and innovative ideas.”",
            "Clarke",
        ),
        (
            "South Korea's president accused Kim Jong Un of “fanatic recklessness.”",
            "Kim Jong Un",
        ),
    ] {
        let q = quotes_of(text);
        assert!(
            q.len() == 1 && !q[0].1.as_deref().is_some_and(|s| s.contains(judged)),
            "{text}: {q:?}"
        );
    }
    // An organisation before a title and a name is the person's employer.
    let q = quotes_of(
        "“The world economy has moved sideways,” IMF chief economist Maury Obstfeld said on Tuesday.",
    );
    assert_eq!(q[0].1.as_deref(), Some("Maury Obstfeld"), "{q:?}");
    // A verb of telling right after the quotation has its speaker after it.
    let q =
        quotes_of("“Growth will slow in the coming year,” warned the International Monetary Fund.");
    assert_eq!(
        q[0].1.as_deref(),
        Some("International Monetary Fund"),
        "{q:?}"
    );
    // Who told them is.
    let q = quotes_of("“It was very nice,” Sheldon Adelson told Reuters in Macau.");
    assert_eq!(q[0].1.as_deref(), Some("Sheldon Adelson"), "{q:?}");
}

#[test]
fn reported_speech_is_an_indirect_quote_with_its_cue() {
    let text = "Foreign Minister Abbas Araghchi said the talks were a good start. Later Araghchi told reporters that a deal was possible within weeks.";
    let ex = extract(text);
    let indirect: Vec<(&str, &str, Option<&str>)> = ex
        .quotes
        .iter()
        .filter(|q| q.kind == QuoteKind::Indirect)
        .map(|q| {
            let (cs, ce) = q.cue.expect("a cue");
            (
                &text[q.start..q.end],
                &text[cs as usize..ce as usize],
                q.speaker.map(|s| ex.entities[s].name.as_str()),
            )
        })
        .collect();
    assert_eq!(
        indirect,
        [
            (
                "the talks were a good start",
                "said",
                Some("Abbas Araghchi")
            ),
            (
                "a deal was possible within weeks",
                "told",
                Some("Abbas Araghchi")
            ),
        ]
    );
}

/// The reported clauses of a text (content, speaker).
fn reported(text: &str) -> Vec<(String, Option<String>)> {
    let ex = extract(text);
    ex.quotes
        .iter()
        .filter(|q| q.kind == QuoteKind::Indirect)
        .map(|q| {
            (
                text[q.start..q.end].to_string(),
                q.speaker.map(|s| ex.entities[s].name.clone()),
            )
        })
        .collect()
}

#[test]
fn reported_speech_starts_after_a_phrase_of_time_or_place() {
    let who = Some("Abbas Araghchi".to_string());
    // A day or a phrase of time or place before "that", or before the clause's subject.
    assert_eq!(
        reported("Abbas Araghchi said Tuesday that the talks would resume in March."),
        [("the talks would resume in March".to_string(), who.clone())]
    );
    assert_eq!(
        reported("Abbas Araghchi said in a statement that the talks would resume."),
        [("the talks would resume".to_string(), who.clone())]
    );
    assert_eq!(
        reported("Abbas Araghchi said on Tuesday the talks would resume."),
        [("the talks would resume".to_string(), who.clone())]
    );
    // A phrase and no clause: nothing is reported.
    assert!(reported("Abbas Araghchi said at a news conference in Geneva on Monday.").is_empty());
    // "that" inside the clause is the clause's own.
    assert_eq!(
        reported("Abbas Araghchi said he understands how hard that can be."),
        [("he understands how hard that can be".to_string(), who)]
    );
}

#[test]
fn a_negated_reporting_verb_reports_nothing() {
    for text in [
        "A spokesman for the Federal Bureau of Investigation did not respond to a request for comment.",
        "Abbas Araghchi didn't say whether the talks would resume.",
        "Abbas Araghchi has never said the talks would resume.",
    ] {
        assert!(reported(text).is_empty(), "{text}: {:?}", reported(text));
    }
}

#[test]
fn a_reporting_verb_in_another_sense_reports_nothing() {
    for text in [
        // Nouns that look like verbs.
        "Donald Trump is outworked in states including Virginia and Georgia.",
        "Hillary Clinton leads by 270 pledged delegates as the season ends.",
        "Mitt Romney's remarks drew a crowd to the hall on Friday.",
        // "Continue" goes on doing.
        "Donald Trump continues to lead the field with 40 percent support.",
        // A passive, its speaker after it.
        "The plan was first reported by the New York Times on Tuesday.",
        // The verb's subject after it, after a quotation in typewriter marks.
        "''It is bad for the party,'' said Stuart Stevens, the chief strategist for Mitt Romney.",
        "''He will win,'' said former Gov. Bill Richardson of New Mexico.",
        // A clause opens with its subject, not a preposition or "to".
        "Angela Merkel explained to CBS why the talks had failed.",
        "Donald Trump spoke as Barack Obama left the White House East Room.",
    ] {
        assert!(reported(text).is_empty(), "{text}: {:?}", reported(text));
    }
    // The same forms as verbs after their subject, or before "that", still report.
    let trump = Some("Donald Trump".to_string());
    assert_eq!(
        reported("Donald Trump claims he is worth ten billion dollars."),
        [("he is worth ten billion dollars".to_string(), trump)]
    );
    assert_eq!(
        reported("Iran's foreign minister, Abbas Araghchi, states that the talks will resume."),
        [(
            "the talks will resume".to_string(),
            Some("Abbas Araghchi".to_string())
        )]
    );
    assert_eq!(
        reported("Andy Smith said Trump, despite his wealth, is well placed to win.").len(),
        1
    );
    // Nor after a subject in apposition, an adverb, or "said by telephone".
    let smith = Some("Andy Smith".to_string());
    assert_eq!(
        reported("Andy Smith, a lawyer in Ohio, said Trump, despite his wealth, is unfit."),
        [(
            "Trump, despite his wealth, is unfit".to_string(),
            smith.clone()
        )]
    );
    assert_eq!(
        reported("Andy Smith said by telephone that the talks had failed."),
        [("the talks had failed".to_string(), smith)]
    );
    assert_eq!(
        reported("Donald Trump also claims he is worth ten billion dollars.").len(),
        1
    );
}

#[test]
fn the_contract_carries_confidence_kind_and_cue() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt");
    std::fs::write(
        &path,
        "Talks resume\nAbbas Araghchi said the talks were a good start. “We will see,” he said.\n",
    )
    .unwrap();
    let (inputs, warnings) = lede::load::expand_paths(&[path]);
    let corpus = lede::corpus::build(&inputs, warnings).0;
    let json = lede::output::article_json(&corpus, 0, 0.0);
    let quotes = json["quotes"].as_array().unwrap();
    assert!(
        quotes
            .iter()
            .any(|q| q["kind"] == "indirect" && q["cue"].is_array())
    );
    assert!(quotes.iter().any(|q| q["kind"] == "direct"));
    for q in quotes {
        let c = q["confidence"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&c));
    }
    for e in json["entities"].as_array().unwrap() {
        let c = e["confidence"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&c));
    }
}

#[test]
fn a_huge_article_is_read_in_segments_with_offsets_into_the_whole() {
    use lede::extract::{SEGMENT_BYTES, segments};
    let para =
        "Foreign Minister Abbas Araghchi met envoys in Muscat. “We will see,” Araghchi said.\n";
    let body = para.repeat(SEGMENT_BYTES / para.len() * 2 + 10);
    let segs = segments(&body, SEGMENT_BYTES);
    assert!(segs.len() >= 2, "{segs:?}");
    assert_eq!(segs[0].start, 0);
    assert_eq!(segs.last().unwrap().end, body.len());
    assert!(segs.windows(2).all(|w| w[0].end == w[1].start));
    assert!(segs.iter().all(|s| s.len() <= SEGMENT_BYTES));
    let ex = extract(&body);
    let araghchi = ex
        .entities
        .iter()
        .find(|e| e.name == "Abbas Araghchi")
        .expect("found across segments");
    let last = *araghchi.mentions.last().unwrap();
    assert_eq!(&body[last.0..last.1], "Araghchi");
    assert!(
        last.0 > segs[1].start,
        "mentions from the later segments too"
    );
    let q = ex.quotes.last().unwrap();
    assert_eq!(&body[q.start..q.end], "We will see");
    assert_eq!(
        q.speaker.map(|s| ex.entities[s].name.as_str()),
        Some("Abbas Araghchi")
    );
}

/// The quotes of a text with who said them: an entity's name, or `~words` for an unnamed
/// source.
fn sources_of(text: &str) -> Vec<(String, Option<String>)> {
    let ex = extract(text);
    ex.quotes
        .iter()
        .map(|q| {
            let who = match (q.speaker, q.source) {
                (Some(s), _) => Some(ex.entities[s].name.clone()),
                (None, Some((s, e))) => Some(format!("~{}", &text[s as usize..e as usize])),
                (None, None) => None,
            };
            (text[q.start..q.end].to_string(), who)
        })
        .collect()
}

#[test]
fn an_unnamed_source_is_who_said_it() {
    let speaker = |text: &str| sources_of(text).first().and_then(|q| q.1.clone());
    // After the quote, the verb before or after its subject.
    assert_eq!(
        speaker("“We need change,” the New York businessman said at the forum."),
        Some("~the New York businessman".to_string())
    );
    assert_eq!(
        speaker("“The talks are over,” said a senior official."),
        Some("~a senior official".to_string())
    );
    // Before it: the subject of the reporting verb, after an opening clause.
    assert_eq!(
        speaker(
            "Asked about the vote, the Vermont senator acknowledged there are “some people” who disagree."
        ),
        Some("~the Vermont senator".to_string())
    );
    // A plural or a group needs no determiner.
    assert_eq!(
        speaker("Police say they have “adequate resources” for the weekend."),
        Some("~Police".to_string())
    );
    // Reported speech from an unnamed source.
    let ex = extract("Administration officials said the deal would be signed on Monday.");
    let q = &ex.quotes[0];
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert_eq!(q.speaker, None);
    let (s, e) = q.source.expect("an unnamed source");
    assert_eq!(
        &"Administration officials said the deal would be signed on Monday."
            [s as usize..e as usize],
        "Administration officials"
    );
}

#[test]
fn a_named_speaker_wins_over_a_description_and_a_conjunction_is_no_modifier() {
    // The name in the apposition speaks, not "the spokesman".
    let q = sources_of("“We will appeal,” the spokesman, John Carter, said.");
    assert_eq!(q[0].1.as_deref(), Some("John Carter"), "{q:?}");
    // "But" opens the clause; the source is "critics".
    let ex = extract("But critics said the plan would cost jobs across the state.");
    let text = "But critics said the plan would cost jobs across the state.";
    let (s, e) = ex.quotes[0].source.expect("an unnamed source");
    assert_eq!(&text[s as usize..e as usize], "critics");
    // The one spoken of after the verb is no speaker when the subject is unnamed.
    let q = sources_of(
        "The New York businessman says of Clinton, “If she gets the chance, she will sell the office.”",
    );
    assert_eq!(
        q[0].1.as_deref(),
        Some("~The New York businessman"),
        "{q:?}"
    );
    // Nobody at all: a scare quote stays unattributed.
    let q = sources_of("The plan was called “reckless” in the papers.");
    assert_eq!(q[0].1, None, "{q:?}");
}

#[test]
fn the_contract_gives_an_unnamed_speaker_in_words_and_reads_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt");
    std::fs::write(
        &path,
        "Storm warning\n“Stay indoors tonight,” a police spokesman said on Friday.\n",
    )
    .unwrap();
    let (inputs, warnings) = lede::load::expand_paths(&[path]);
    let corpus = lede::corpus::build(&inputs, warnings).0;
    let json = lede::output::article_json(&corpus, 0, 0.0);
    let q = &json["quotes"][0];
    assert_eq!(q["speaker"], "a police spokesman");
    let span = q["speaker_span"].as_array().expect("a speaker span");
    let body = json["body"].as_str().unwrap();
    let (s, e) = (
        span[0].as_u64().unwrap() as usize,
        span[1].as_u64().unwrap() as usize,
    );
    assert_eq!(&body[s..e], "a police spokesman");
    // Read back by `lede open`: still unnamed, no entity made of the words.
    let out = dir.path().join("out.jsonl");
    std::fs::write(&out, format!("{json}\n")).unwrap();
    let found = lede::contract::recognise(std::slice::from_ref(&out)).expect("recognised");
    let back = lede::contract::load(&found, &|_, _| {});
    assert!(back.entities.iter().all(|e| e.name != "a police spokesman"));
    let q = &back.quotes[0];
    assert_eq!(q.speaker, None);
    assert_eq!(back.quote_source(q), Some("a police spokesman"));
}

#[test]
fn a_speaker_search_finds_unnamed_sources_by_their_words() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "Storm warning\n“Stay indoors tonight,” a police spokesman said on Friday.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.txt"),
        "Budget vote\n“We have the votes,” said Senator Mary Quill of Ohio.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("c.txt"),
        "Signs\n“Nobody knows what comes next,” the banner read in red letters.\n",
    )
    .unwrap();
    let (inputs, warnings) = lede::load::expand_paths(&[dir.path().to_path_buf()]);
    let corpus = lede::corpus::build(&inputs, warnings).0;
    let index = lede::filter::Index::build(&corpus);
    let said_by = |query: &str| -> Vec<String> {
        let request = lede::filter::Request {
            query: lede::filter::Query::parse(query),
            ..Default::default()
        };
        let results = lede::filter::search(&corpus, &index, &request, &|| false).unwrap();
        results
            .quotes
            .iter()
            .filter(|h| h.relation == lede::filter::Relation::Matches)
            .map(|h| {
                corpus
                    .quote_text(&corpus.quotes[h.quote as usize])
                    .to_string()
            })
            .collect()
    };
    assert_eq!(said_by("s:police"), ["Stay indoors tonight"]);
    assert_eq!(said_by("s:spokesm"), ["Stay indoors tonight"]);
    assert_eq!(said_by("s:quill"), ["We have the votes"]);
    assert!(said_by("s:tonight").is_empty());
    // Every other speaker, named or not; never the quotes nobody is said to have said.
    assert_eq!(said_by("s:!police"), ["We have the votes"]);
}

#[test]
fn unnamed_sources_past_a_phrase_a_conjunction_or_a_later_clause() {
    let speaker = |text: &str| sources_of(text).first().and_then(|q| q.1.clone());
    // A phrase between the source and its verb.
    assert_eq!(
        speaker("Protesters marching through the streets chanted “What curfew?” and kept going."),
        Some("~Protesters".to_string())
    );
    // A verb after "and" shares the clause's subject.
    assert_eq!(
        speaker(
            "The Republican nominee also outlined his plan and vowed to punish “those who leak.”"
        ),
        Some("~The Republican nominee".to_string())
    );
    // A verb after the quote that has no source of its own leaves the one before.
    assert_eq!(
        speaker(
            "Demonstrators said they want “justice for Terrence,” but pledged to remain civil."
        ),
        Some("~Demonstrators".to_string())
    );
    // A relative clause on the source before its verb, with or without commas; a name
    // before the source is no speaker.
    assert_eq!(
        speaker(
            "Although there is no such overlap with Sanders's team, a White House official who spoke anonymously to discuss internal strategy said Wednesday, “Certainly there are discussions.”"
        ),
        Some("~a White House official".to_string())
    );
    assert_eq!(
        speaker(
            "In Houston, a spokesman, who asked not to be named, said “the campaign is confident.”"
        ),
        Some("~a spokesman".to_string())
    );
    // "according to X" closing the quote's sentence.
    assert_eq!(
        speaker(
            "He was greeted with chants of “Bobby!” at a labor conference, according to union president Doris Crouse-Mays."
        ),
        Some("Doris Crouse-Mays".to_string())
    );
}

#[test]
fn unnamed_sources_at_the_edges() {
    // A text that ends right after the source, with no full stop, must not run off its end.
    for text in [
        "“Go home,” said police",
        "“Go home,” said the",
        "“Go home,” the senator",
        "Police",
    ] {
        let _ = extract(text);
    }
    let speaker = |text: &str| sources_of(text).first().and_then(|q| q.1.clone());
    assert_eq!(
        speaker("“Go home,” said police"),
        Some("~police".to_string())
    );
    // Two determiners; a possessor of several words.
    assert_eq!(
        speaker("“We are done,” the two senators said."),
        Some("~the two senators".to_string())
    );
    assert_eq!(
        speaker("Donald Trump's campaign manager said they have “no regrets” at all."),
        Some("~Donald Trump's campaign manager".to_string())
    );
    // A day is no modifier; a possessive after the head is not the end of the phrase.
    assert_ne!(
        speaker("Yesterday police said they had “no leads” in the case."),
        Some("~Yesterday police".to_string())
    );
    let q = sources_of("“We will appeal,” said the senator's aide.");
    assert_ne!(q[0].1.as_deref(), Some("~the senator"), "{q:?}");
    // A reporting verb before the quote wins over "according to" after it.
    let q = sources_of(
        "Anne Smith told colleagues “we are done” at a meeting on Monday, according to the Reuters news agency.",
    );
    assert_eq!(q[0].1.as_deref(), Some("Anne Smith"), "{q:?}");
}

#[test]
fn a_name_inside_a_description_or_in_another_sentence_with_its_own_quote_is_not_the_speaker() {
    // The possessor and the modifier are part of who spoke, not who spoke.
    let q = sources_of(
        "“My reaction, that was outrageous,” Obama's former campaign strategist said in an interview. “He really should apologise.”",
    );
    assert_eq!(
        q[0].1.as_deref(),
        Some("~Obama's former campaign strategist"),
        "{q:?}"
    );
    // The next quote goes on in the same voice.
    assert_eq!(q[1].1, q[0].1, "{q:?}");
    let q = sources_of(
        "“We are watching closely,” a senior Obama administration official said on Friday.",
    );
    assert_eq!(
        q[0].1.as_deref(),
        Some("~a senior Obama administration official"),
        "{q:?}"
    );
    // Each country speaks its own quote, not the agency named in the next sentence with a
    // quote of its own.
    let text = "Japan branded North Korea an “outlaw nation in the neighborhood.” Russia insisted that Pyongyang “stop its dangerous escapades.” The International Atomic Energy Agency said North Korea had displayed “complete disregard of the repeated demands of the international community.”";
    let q = sources_of(text);
    let of = |quote: &str| {
        q.iter()
            .find(|(t, _)| t.starts_with(quote))
            .and_then(|(_, s)| s.clone())
    };
    assert_eq!(of("stop its").as_deref(), Some("Russia"), "{q:?}");
    assert_eq!(of("outlaw nation").as_deref(), Some("Japan"), "{q:?}");
    assert_eq!(
        of("complete disregard").as_deref(),
        Some("International Atomic Energy Agency"),
        "{q:?}"
    );
    // The one accused, past an apposition, is not the speaker.
    let q = sources_of(
        "South Korea accused the North's leader, Kim Jong Un, of “fanatic recklessness.” Seoul has called for more sanctions.",
    );
    assert_eq!(q[0].1.as_deref(), Some("South Korea"), "{q:?}");
    // An opening clause with a verb of telling before the name is no apposition: the name
    // is the subject, and speaks.
    let q = sources_of(
        "When asked about the plan, Harry Reid said it was “dead on arrival.” Congress adjourned.",
    );
    assert_eq!(q[0].1.as_deref(), Some("Harry Reid"), "{q:?}");
    let q = sources_of(
        "After Obama criticized the bill, Harry Reid, the Senate leader, called it “a disgrace.”",
    );
    assert_eq!(q[0].1.as_deref(), Some("Harry Reid"), "{q:?}");
}

#[test]
fn quotes_in_doubled_apostrophes_are_quotes_with_their_speakers() {
    // Older newspaper archives mark quotations with two apostrophes.
    let text = "In an email, Donald Trump said his friendship with Bill Clinton was strictly business. ''It was my obligation to get along with all politicians,'' he wrote. ''This isn't tax reform,'' said Douglas Holtz-Eakin, an economist.";
    let q = sources_of(text);
    assert_eq!(
        q[1..],
        [
            (
                "It was my obligation to get along with all politicians".to_string(),
                Some("Donald Trump".to_string())
            ),
            (
                "This isn't tax reform".to_string(),
                Some("Douglas Holtz-Eakin".to_string())
            ),
        ]
    );
}
