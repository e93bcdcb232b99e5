//! Typing a run of capitalised words: what makes it a person, an organisation, a team or
//! nothing ("USS Abraham Lincoln", "Waitangi Day"), and the context cues the rules read.

use super::*;
use smallvec::SmallVec;

impl Finder<'_> {
    /// A country name or demonym inside a larger proper name: followed by a capitalised word
    /// that is no title, date or country ("American League", "Chad Ogea"), or after a compass
    /// word ("North American"). Headlines in capitals give no such evidence.
    pub(super) fn inside_larger_name(&mut self, first: usize, end: usize) -> bool {
        if first > 0
            && self.is_word(first - 1)
            && matches!(
                self.text(first - 1),
                "North" | "South" | "East" | "West" | "Latin" | "Central" | "Anglo"
            )
        {
            return true;
        }
        if !self.is_cap_word(end)
            || self.tokens[end].all_caps
            || self.has(end, lexicon::CALENDAR)
            || self.has(end, lexicon::GIVEN)
        {
            // "Australian Tom Moody": a nationality before a person's name.
            return false;
        }
        match self.match_phrase(end) {
            Some((
                _,
                Target::Title | Target::Country(_) | Target::Demonym(_) | Target::Organisation(_),
            )) => false,
            // An organisation named after its country ("Oman Foreign Ministry") is handled
            // by the caller.
            _ => self.org_continuation(end).is_none(),
        }
    }

    /// "Jordan said" after "Rep. Jim Jordan": a one-word country or place that is the surname
    /// of a person this article has already named in full is that person.
    pub(super) fn surname_of_named_person(&self, i: usize, len: usize) -> bool {
        if len != 1 {
            return false;
        }
        self.surnames.contains(self.text(i))
    }

    /// In a sports report, is the name at `first..end` a team? It is when a score follows it
    /// on its line, when a match word stands next to it ("beat Somerset", "Kent drew"), or
    /// when it continues a list of teams; never after "in" or "at".
    pub(super) fn team_context(&mut self, first: usize, end: usize) -> bool {
        if first > 0 && self.is_word(first - 1) && LOCATIVES.contains(&self.text(first - 1)) {
            return false;
        }
        if end < self.tokens.len() && self.tokens[end].kind == TokenKind::Number {
            // A score or a standing ("2", "6-3", "296"), not a date or an ordinal ("65th").
            let n = self.text(end);
            let date_like = n.len() >= 8 && n.contains('-');
            return !date_like
                && n.chars()
                    .all(|c| c.is_ascii_digit() || c == '-' || c == '/');
        }
        if self.is_word(end) && self.has(end, lexicon::MATCH_VERB) {
            return true;
        }
        if first > 0 && self.is_word(first - 1) && self.has(first - 1, lexicon::MATCH_VERB) {
            return true;
        }
        if let Some(last) = self.last_team_end
            && last < first
            && first - last <= 2
            && (last..first).all(|k| self.is_punct(k, ",") || self.text(k) == "and")
        {
            return true;
        }
        false
    }

    /// "(IRGC)" right after a name, made of the name's initials in order (so "Pete Sampras
    /// (U.S.)" is no acronym definition).
    pub(super) fn acronym_follows(&self, end: usize, words: &[&str]) -> bool {
        if !(self.is_punct(end, "(")
            && self.is_word(end + 1)
            && self.tokens[end + 1].all_caps
            && self.is_punct(end + 2, ")"))
        {
            return false;
        }
        let acronym: Vec<char> = self
            .text(end + 1)
            .chars()
            .filter(|c| c.is_alphabetic())
            .collect();
        let capitals: Vec<char> = words
            .iter()
            .flat_map(|w| w.chars().filter(|c| c.is_uppercase()))
            .collect();
        if acronym.first() != capitals.first() {
            return false;
        }
        let mut rest = capitals.iter();
        acronym.iter().all(|a| rest.any(|c| c == a))
    }

    /// "(IRGC)" after an organisation's name: an acronym defined in place.
    pub(super) fn attach_acronym(&mut self, after: usize) {
        if self.is_punct(after, "(")
            && self.is_word(after + 1)
            && self.tokens[after + 1].all_caps
            && self.is_punct(after + 2, ")")
            && let Some(last) = self.out.last_mut()
        {
            let t = self.tokens[after + 1];
            last.acronym = Some((t.start as u32, t.end as u32));
        }
    }

    /// Decide what a run of capitalised words names.
    pub(super) fn type_run(&mut self, first: usize, end: usize, title_before: bool) {
        // "The Hill" in mid-sentence: the article is not part of the name.
        if self.text(first) == "The" && end > first + 1 && self.is_cap_word(first + 1) {
            return self.type_run(first + 1, end, title_before);
        }
        // A name's words, on the stack (runs of more than eight words are rare).
        let word_tokens: SmallVec<[usize; 8]> = (first..end)
            .filter(|&k| self.tokens[k].kind == TokenKind::Word)
            .collect();
        let words: SmallVec<[&str; 8]> = word_tokens.iter().map(|&k| self.text(k)).collect();
        if words.is_empty() {
            return;
        }
        if VESSEL_PREFIXES.contains(&words[0]) {
            return;
        }
        if word_tokens.iter().all(|&k| self.has(k, lexicon::CALENDAR)) {
            return;
        }
        // "Administrator Charles Bolden", "Refugee Council Enver Solomon": a capitalised role or
        // organisation before a given name. Split there; the part before stands on its own.
        let given_first = self.has(word_tokens[0], lexicon::GIVEN);
        if !given_first
            && !title_before
            && let Some(split) = word_tokens
                .iter()
                .skip(1)
                .position(|&k| self.has(k, lexicon::GIVEN) && k + 1 < end)
                .map(|p| word_tokens[p + 1])
        {
            let prefix_has_head = (first..split).any(|k| self.has(k, lexicon::ORG_HEAD));
            if prefix_has_head {
                let cues = Cues {
                    org_head: true,
                    ..Cues::default()
                };
                self.push(first, split, Some(EntityKind::Organisation), None, cues);
            }
            self.type_run(split, end, true);
            return;
        }
        // Events, laws and awards are no people: "Waitangi Day", "Clean Air Act".
        if words.len() > 1 && EVENT_HEADS.contains(&words[words.len() - 1]) {
            return;
        }
        // Table headers and initials alone: "W D L PCT GB", "F G".
        if words
            .iter()
            .all(|w| w.chars().count() <= 3 && w.chars().all(|c| c.is_uppercase() || c == '.'))
            && words.len() > 1
        {
            return;
        }
        // "Ontario-based Magna", "family-owned Douglas": what follows is an organisation.
        if first > 0 && self.is_word(first - 1) {
            let prev = self.text(first - 1);
            if ORG_ADJECTIVE_SUFFIXES
                .iter()
                .any(|suffix| prev.ends_with(suffix))
            {
                let cues = Cues {
                    org_head: true,
                    ..Cues::default()
                };
                self.push(first, end, Some(EntityKind::Organisation), None, cues);
                return;
            }
        }
        if words[0].ends_with("-based") && words.len() > 1 {
            let cues = Cues {
                org_head: true,
                ..Cues::default()
            };
            self.push(first + 1, end, Some(EntityKind::Organisation), None, cues);
            return;
        }
        let sentence_start = self.tokens[first].sentence_start;
        let mut cues = Cues {
            title_before,
            sentence_start,
            ..Cues::default()
        };
        let last = words[words.len() - 1];
        let has_head = word_tokens.iter().any(|&k| self.has(k, lexicon::ORG_HEAD));
        let org_connector = words.iter().any(|w| ORG_ONLY_CONNECTORS.contains(w));
        let last_head = self.has(word_tokens[word_tokens.len() - 1], lexicon::ORG_HEAD);
        if has_head && (last_head || org_connector || words.len() > 1) {
            cues.org_head = true;
            self.push(first, end, Some(EntityKind::Organisation), None, cues);
            self.attach_acronym(end);
            return;
        }
        if PLACE_HEADS.contains(&last) && words.len() > 1 && !title_before && !given_first {
            return;
        }
        if words.len() > 1 && self.acronym_follows(end, &words) {
            self.push(first, end, Some(EntityKind::Organisation), None, cues);
            self.attach_acronym(end);
            return;
        }
        // "A. Dale", "J. R. Smith": an initial makes a person's name.
        let has_initial = (first..end).any(|k| {
            self.tokens[k].capitalised
                && self.tokens[k].kind == TokenKind::Word
                && self.text(k).chars().count() == 1
                && self.is_punct(k + 1, ".")
        });
        cues.given_name = given_first || has_initial;
        if self.sports && !cues.given_name && !title_before && self.team_context(first, end) {
            self.push(first, end, Some(EntityKind::Organisation), None, cues);
            self.last_team_end = Some(end);
            return;
        }
        cues.speech_subject = self.speech_follows(end);
        cues.apposition = self.person_apposition_follows(end) || self.said_before(first);
        // "The Hill reported", "the Times said": people never take "the", so a name after it
        // that reports speech is an outlet or institution.
        let after_the =
            first > 0 && self.is_word(first - 1) && matches!(self.text(first - 1), "the" | "The");
        if after_the && cues.speech_subject && !cues.given_name && !title_before {
            self.push(first, end, Some(EntityKind::Organisation), None, cues);
            return;
        }
        let single = words.len() == 1;
        if single {
            let tok = self.tokens[first];
            cues.common_word = self.is_common(first);
            if is_camel_case(words[0]) && !cues.title_before {
                // "PolitiFact", "YouTube": brands and outlets.
                self.push(first, end, Some(EntityKind::Organisation), None, cues);
                return;
            }
            if tok.all_caps
                && !cues.common_word
                && words[0].chars().count() <= 6
                && !cues.title_before
            {
                // An acronym nobody defined: most often an organisation ("NYPD", "FBI").
                self.push(first, end, Some(EntityKind::Organisation), None, cues);
                return;
            }
            let person =
                cues.title_before || cues.apposition || (cues.speech_subject && !cues.common_word);
            let kind = person.then_some(EntityKind::Person);
            self.push(first, end, kind, None, cues);
            return;
        }
        if org_connector
            && !words
                .iter()
                .any(|w| matches!(*w, "bin" | "ibn" | "al" | "de" | "van" | "von"))
        {
            // "Bank of Japan"-like names without a known head word: an organisation only with
            // more evidence; otherwise probably a title of a work or an event.
            return;
        }
        // Two or more capitalised words: a person's name unless they read as ordinary words.
        let common_count = (first..end)
            .filter(|&k| self.tokens[k].kind == TokenKind::Word)
            .filter(|&k| self.is_common(k) && !self.has(k, lexicon::GIVEN))
            .count();
        // A name that opens with a country, demonym or place ("U.S. Treasuries") is no
        // person's without a given name.
        let opens_with_place = self.phrases_at(word_tokens[0]).iter().any(|p| {
            matches!(
                p.target,
                Target::Country(_) | Target::Demonym(_) | Target::Place
            )
        });
        if self.sports && opens_with_place && !cues.given_name {
            self.push(first, end, Some(EntityKind::Organisation), None, cues);
            return;
        }
        let person = cues.given_name
            || cues.title_before
            || cues.apposition
            || cues.speech_subject
            || (common_count == 0 && !opens_with_place);
        if person {
            self.push(first, end, Some(EntityKind::Person), None, cues);
        }
    }

    /// A speech verb right after the name, or after an apposition: "Araghchi said",
    /// "Soroush, a resident of Tehran, told".
    pub(super) fn speech_follows(&mut self, end: usize) -> bool {
        let mut j = end;
        if self.is_punct(j, ",") {
            // Skip an apposition up to the closing comma.
            let mut k = j + 1;
            while k < self.tokens.len() && k < j + 14 && !self.is_punct(k, ",") {
                if self.tokens[k].kind == TokenKind::Newline {
                    return false;
                }
                k += 1;
            }
            if !self.is_punct(k, ",") {
                return false;
            }
            j = k + 1;
        }
        // "Araghchi later said", "Javani has said".
        for _ in 0..2 {
            if self.is_word(j) {
                if self.has(j, lexicon::SPEECH) {
                    return true;
                }
                // Adverbs and auxiliaries between the name and its verb.
                let w = self.text(j);
                let between = [
                    "has", "had", "also", "later", "then", "again", "once", "would", "will",
                    "earlier",
                ];
                if !between.iter().any(|x| w.eq_ignore_ascii_case(x)) {
                    return false;
                }
                j += 1;
            }
        }
        false
    }

    /// ", a resident of", ", the ... minister", ", 45,": a description of a person follows.
    pub(super) fn person_apposition_follows(&self, end: usize) -> bool {
        if !self.is_punct(end, ",") {
            return false;
        }
        let j = end + 1;
        if j >= self.tokens.len() {
            return false;
        }
        if self.tokens[j].kind == TokenKind::Number
            && self.text(j).chars().all(|c| c.is_ascii_digit())
            && self.is_punct(j + 1, ",")
        {
            return true;
        }
        let article = matches!(self.text(j), "a" | "an" | "the" | "who");
        article
            && self.is_word(j + 1)
            && !self.tokens[j + 1].capitalised
            && self.has(j + 1, lexicon::TITLE)
    }

    /// "said Ambassador Mohib": the name follows a speech verb.
    pub(super) fn said_before(&mut self, first: usize) -> bool {
        if first == 0 || !self.is_word(first - 1) {
            return false;
        }
        self.has(first - 1, lexicon::SPEECH)
    }
}

/// "PolitiFact", "YouTube": an upper-case letter after two lower-case ones, which names of
/// people rarely have (name prefixes such as Mc, Mac, De, La are excluded).
pub(crate) fn is_camel_case(word: &str) -> bool {
    if [
        "Mc", "Mac", "De", "Di", "La", "Le", "Van", "Von", "Du", "Da",
    ]
    .iter()
    .any(|p| word.starts_with(p))
    {
        return false;
    }
    if !word.chars().next().is_some_and(char::is_uppercase) {
        return false;
    }
    // Lower-case letters just before each character, up to two.
    let mut lower_run = 0;
    for c in word.chars() {
        if c.is_uppercase() && lower_run >= 2 {
            return true;
        }
        lower_run = if c.is_lowercase() { lower_run + 1 } else { 0 };
    }
    false
}
