//! Finding direct quotations: curly and straight double quotes, quotes that run over several
//! paragraphs (the opening mark repeated at each paragraph start), and unbalanced marks that
//! must not swallow the rest of the article. Single quotes are never speech here: in news they
//! mark headings and scare words inside quotes.

use crate::word_set;
use crate::wordkey::WordSet;
use std::sync::LazyLock;

/// The words title case leaves in lower case: articles, conjunctions, prepositions, and the
/// particles of names ("Ludwig van Beethoven").
static TITLE_LOWER_WORDS: LazyLock<WordSet> = word_set![
    "a", "an", "the", "and", "but", "or", "nor", "for", "so", "yet", "as", "at", "by", "in", "of",
    "off", "on", "per", "to", "up", "via", "vs", "v", "about", "above", "across", "after",
    "against", "along", "among", "around", "before", "behind", "below", "beneath", "beside",
    "between", "beyond", "during", "from", "inside", "into", "near", "onto", "over", "past",
    "through", "toward", "towards", "under", "until", "upon", "with", "within", "without", "van",
    "von", "de", "der", "den", "del", "della", "da", "di", "du", "la", "le", "al", "el", "bin",
    "ibn",
];

/// A quotation's text span (inside the marks) and where its marks stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuoteSpan {
    /// Byte offset of the opening mark.
    pub open: usize,
    /// Text span, marks excluded, trailing comma trimmed.
    pub start: usize,
    pub end: usize,
    /// Byte offset just after the closing mark (or the paragraph end for an open paragraph
    /// that the next paragraph continues).
    pub close_end: usize,
    /// Word count (for scare quotes).
    pub words: usize,
}

impl QuoteSpan {
    /// The title of a work, not speech: two or more words, in title case (every word
    /// capitalised but articles, conjunctions, prepositions and the particles of names; two
    /// words of four letters or more), no sentence inside ("Andy Warhol: Photographs and Prints
    /// from the University Collection", "Cowboys and Indians", "The Lead with Jake Tapper").
    /// "One of us ran against Barack Obama" is a sentence: "us" and "ran" would be capitalised.
    pub fn is_title(&self, body: &str) -> bool {
        let text = body[self.start..self.end].trim_end();
        if self.words < 2 || text.ends_with(['.', '!', '?', ',']) {
            return false;
        }
        let mut long = 0;
        for w in text.split(|c: char| c.is_whitespace() || c == '—' || c == '–') {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            let Some(first) = w.chars().next() else {
                continue;
            };
            let letters = w.chars().count();
            if first.is_uppercase() {
                long += usize::from(letters >= 4);
            } else if TITLE_LOWER_WORDS.contains(&w) {
                // Left in lower case by title case.
            } else if first.is_alphabetic() || letters >= 4 {
                // A lower-case word that title case would capitalise, or a long number.
                return false;
            }
        }
        long >= 2
    }

    /// A name in quotation marks after a verb of naming: "a news organization called “The
    /// Local”", "a film titled “Sully”", "a group known as “Stop Hillary”". Every word
    /// capitalised (but the little words of names: of, and, the, …), at most six, no sentence.
    /// Lower-case words stay quotations: "called it a “witch hunt”".
    pub fn is_name(&self, body: &str) -> bool {
        let text = body[self.start..self.end].trim_end();
        if self.words == 0 || self.words > 6 || text.ends_with(['.', '!', '?', ',']) {
            return false;
        }
        let before = body[..self.open].trim_end_matches([' ', '\u{a0}']);
        let naming = [
            "called",
            "named",
            "titled",
            "entitled",
            "nicknamed",
            "known as",
        ]
        .iter()
        .any(|v| {
            before.strip_suffix(v).is_some_and(|rest| {
                rest.is_empty() || rest.ends_with(|c: char| !c.is_alphanumeric())
            })
        });
        naming
            && text
                .split_whitespace()
                .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
                .filter(|w| !w.is_empty())
                .all(|w| {
                    w.chars()
                        .next()
                        .is_some_and(|c| c.is_uppercase() || c.is_numeric())
                        || matches!(
                            w,
                            "of" | "and" | "the" | "a" | "an" | "for" | "in" | "on" | "to"
                        )
                })
    }

    /// Direct when the quotation is a sentence or a clause of its own (it opens its paragraph,
    /// follows a colon or comma, or ends with its own punctuation); mixed when a few quoted
    /// words stand inside the writer's sentence ("called the talks a “good start”").
    pub fn kind(&self, body: &str) -> crate::model::QuoteKind {
        let text = body[self.start..self.end].trim_end();
        let before = body[..self.open].trim_end_matches([' ', '\u{a0}']);
        let introduced = before.is_empty() || before.ends_with(['\n', ':', ',', '.', '!', '?']);
        let sentence = text.ends_with(['.', '!', '?', ','])
            || text.chars().next().is_some_and(char::is_uppercase) && self.words >= 4;
        if introduced || sentence {
            crate::model::QuoteKind::Direct
        } else {
            crate::model::QuoteKind::Mixed
        }
    }

    /// One or two words, not a sentence: “terrorists”, “good start”.
    pub fn is_scare(&self, body: &str) -> bool {
        let text = body[self.start..self.end].trim_end();
        self.words <= 2 && !text.ends_with(['.', '!', '?'])
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    Open,
    Close,
}

/// Classify a quotation mark at byte `i` of `line`.
fn mark_at(line: &str, i: usize, c: char) -> Option<Mark> {
    match c {
        '“' | '„' | '«' => Some(Mark::Open),
        '”' | '»' => Some(Mark::Close),
        '"' => {
            let before = line[..i].chars().next_back();
            let after = line[i + 1..].chars().next();
            let opens = before.is_none_or(|b| b.is_whitespace() || "([{—–-/".contains(b));
            let closes = after.is_none_or(|a| a.is_whitespace() || ",.;:!?)]}—–-".contains(a));
            match (opens, closes) {
                (true, false) => Some(Mark::Open),
                (false, true) => Some(Mark::Close),
                (true, true) => None,
                // Between two letters: a typo or inch mark; take it as a closing mark.
                (false, false) => Some(Mark::Close),
            }
        }
        _ => None,
    }
}

/// The text with doubled apostrophes read as straight double quotes: `''…''`, as older
/// newspaper archives mark quotations, and the typeset opening ``` `` ```. One byte of each pair
/// becomes the mark and the other a space beside it (before an opening mark, after a closing
/// one), so every offset into the result is the same offset into `body`. A pair that is neither
/// clearly opening nor closing is left alone; in a run of three (a quotation ending with a
/// single-quoted one, `'no.'''`), the pair is the two on the outer side. Borrowed unchanged
/// when there is none. (Wiki markup's `''italic''` reads as a quotation too.)
pub fn doubled_apostrophes_as_quotes(body: &str) -> std::borrow::Cow<'_, str> {
    let bytes = body.as_bytes();
    if memchr::memmem::find(bytes, b"''").is_none() && memchr::memmem::find(bytes, b"``").is_none()
    {
        return std::borrow::Cow::Borrowed(body);
    }
    let mut out = bytes.to_vec();
    let mut i = 0;
    while i + 1 < bytes.len() {
        let c = bytes[i];
        if !(c == b'\'' || c == b'`') || bytes[i + 1] != c {
            i += 1;
            continue;
        }
        let mut run_end = i;
        while run_end < bytes.len() && bytes[run_end] == c {
            run_end += 1;
        }
        if run_end - i > 3 {
            i = run_end;
            continue;
        }
        // Both ends of the run are ASCII bytes: the slices are on character boundaries.
        let before = body[..i].chars().next_back();
        let after = body[run_end..].chars().next();
        let opens = before.is_none_or(|b| b.is_whitespace() || "([{—–-/".contains(b))
            && after.is_some_and(|a| !a.is_whitespace());
        let closes = after.is_none_or(|a| a.is_whitespace() || ",.;:!?)]}—–-".contains(a))
            && before.is_some_and(|b| !b.is_whitespace());
        if opens && !closes {
            // The first two of the run: `''It`, `'''Tis` (the third is the inner mark).
            out[i] = b' ';
            out[i + 1] = b'"';
        } else if closes && !opens && c == b'\'' {
            // The last two of the run: `it.''`, `'no.'''`.
            out[run_end - 2] = b'"';
            out[run_end - 1] = b' ';
        }
        i = run_end;
    }
    // Only ASCII bytes were replaced by ASCII bytes: still UTF-8.
    std::borrow::Cow::Owned(String::from_utf8(out).unwrap_or_else(|_| body.to_string()))
}

fn count_words(text: &str) -> usize {
    text.split(|c: char| c.is_whitespace() || c == '—' || c == '–')
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// All quotations of one text, in order.
pub fn find_quotes(body: &str) -> Vec<QuoteSpan> {
    let mut out = Vec::new();
    if !body.contains(['"', '“', '”', '„', '«', '»']) {
        return out;
    }
    // A quote still open at a paragraph's end, carried into the next paragraph.
    let mut carried: Option<usize> = None; // byte offset of the first opening mark
    let mut carried_text_start = 0;
    let mut offset = 0;
    let lines: Vec<&str> = body.split('\n').collect();
    for (li, line) in lines.iter().enumerate() {
        let line_start = offset;
        offset += line.len() + 1;
        if line.trim().is_empty() {
            continue;
        }
        let mut open: Option<(usize, usize)> = None; // (mark offset, text start) within body
        if let Some(first_open) = carried.take() {
            // The continued quote must start this paragraph with an opening mark.
            let lead = line.len() - line.trim_start().len();
            let first_char = line[lead..].chars().next();
            if matches!(first_char, Some('“' | '"' | '„' | '«')) {
                let len = first_char.map_or(1, char::len_utf8);
                open = Some((first_open, carried_text_start));
                // Skip the repeated opening mark.
                let skip = lead + len;
                scan_line(body, line, line_start, skip, &mut open, &mut out);
            } else {
                scan_line(body, line, line_start, 0, &mut open, &mut out);
            }
        } else {
            scan_line(body, line, line_start, 0, &mut open, &mut out);
        }
        if let Some((mark, text_start)) = open {
            // Still open at the paragraph's end: carried on only when the next non-empty
            // paragraph starts with an opening mark; otherwise the mark was unbalanced.
            let next = lines[li + 1..].iter().find(|l| !l.trim().is_empty());
            if next.is_some_and(|l| l.trim_start().starts_with(['“', '"', '„', '«'])) {
                carried = Some(mark);
                carried_text_start = text_start;
            }
        }
    }
    out
}

fn scan_line(
    body: &str,
    line: &str,
    line_start: usize,
    from: usize,
    open: &mut Option<(usize, usize)>,
    out: &mut Vec<QuoteSpan>,
) {
    // Only `"` and the marks whose UTF-8 starts with 0xE2 (“ ” „) or 0xC2 (« ») can be
    // quotation marks: the bytes between are skipped, not decoded.
    for i in memchr::memchr3_iter(b'"', 0xE2, 0xC2, &line.as_bytes()[from..]) {
        let i = i + from;
        let Some(c) = line[i..].chars().next() else {
            continue;
        };
        let Some(mark) = mark_at(line, i, c) else {
            continue;
        };
        let at = line_start + i;
        match (mark, *open) {
            (Mark::Open, _) => *open = Some((at, at + c.len_utf8())),
            (Mark::Close, Some((mark_at, text_start))) => {
                let mut end = at;
                let text = &body[text_start..end];
                let trimmed = text.trim_end().trim_end_matches(',').trim_end();
                end = text_start + trimmed.len();
                let start = text_start + (trimmed.len() - trimmed.trim_start().len());
                if end > start {
                    out.push(QuoteSpan {
                        open: mark_at,
                        start,
                        end,
                        close_end: at + c.len_utf8(),
                        words: count_words(&body[start..end]),
                    });
                }
                *open = None;
            }
            (Mark::Close, None) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(body: &str) -> Vec<&str> {
        find_quotes(body)
            .iter()
            .map(|q| &body[q.start..q.end])
            .collect()
    }

    #[test]
    fn curly_straight_and_apostrophes() {
        assert_eq!(
            texts("He said “I don’t think so,” she said."),
            ["I don’t think so"]
        );
        assert_eq!(texts("He said \"it's fine\" and left."), ["it's fine"]);
        assert_eq!(
            texts("a “good start” and “mistrust”"),
            ["good start", "mistrust"]
        );
    }

    #[test]
    fn single_quoted_headings_are_not_quotes() {
        assert!(texts("‘Situation worse than war’\nPeople watch.").is_empty());
    }

    #[test]
    fn multi_paragraph_quote() {
        let body = "He said: “First part.\n“Second part,” he added.";
        let q = find_quotes(body);
        assert_eq!(q.len(), 1);
        assert!(body[q[0].start..q[0].end].starts_with("First part."));
        assert!(body[q[0].start..q[0].end].ends_with("Second part"));
    }

    #[test]
    fn unbalanced_mark_does_not_swallow() {
        let body = "He said “never closed.\nNext paragraph “real quote” here.\nMore text.";
        assert_eq!(texts(body), ["real quote"]);
    }

    #[test]
    fn doubled_apostrophes_are_quotation_marks_at_the_same_offsets() {
        let body = "Mr. Trump said it. ''It was my obligation,'' he wrote. ``And I did it.'' Rock 'n' roll.";
        let plain = doubled_apostrophes_as_quotes(body);
        assert_eq!(plain.len(), body.len());
        let quotes: Vec<&str> = find_quotes(&plain)
            .iter()
            .map(|q| &body[q.start..q.end])
            .collect();
        assert_eq!(quotes, ["It was my obligation", "And I did it."]);
        // At the very start and end, beside other scripts, and a run of three.
        let body = "''Начало,'' сказал он. Then: ''He said 'no.''' ''Fin.''";
        let plain = doubled_apostrophes_as_quotes(body);
        let quotes: Vec<&str> = find_quotes(&plain)
            .iter()
            .map(|q| &body[q.start..q.end])
            .collect();
        assert_eq!(quotes, ["Начало", "He said 'no.'", "Fin."]);
        // Backticks that open nothing are left alone: a lone `` and ``code``'s closing pair.
        let body = "Run `` x and ``y`` here.";
        assert_eq!(doubled_apostrophes_as_quotes(body).matches('"').count(), 1);
        // Text without doubled apostrophes is not copied.
        assert!(matches!(
            doubled_apostrophes_as_quotes("“No,” she said."),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn scare_quotes() {
        let body = "the “terrorists” said";
        let q = find_quotes(body);
        assert!(q[0].is_scare(body));
    }
}
