//! Headless output: the JSON contract of `lede extract --json` (one object per article, byte
//! offsets into `body`) and the counts of `lede stats`.

use std::io::{self, Write};

use serde::Serialize;

use crate::model::{Corpus, EntityKind, QuoteKind};
use crate::open::{How, Opened};

#[derive(Serialize)]
struct ArticleOut<'a> {
    id: &'a str,
    source: &'a str,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    dateline: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    outlet: Option<&'a str>,
    body: &'a str,
    entities: Vec<EntityOut<'a>>,
    quotes: Vec<QuoteOut<'a>>,
}

#[derive(Serialize)]
struct EntityOut<'a> {
    name: &'a str,
    kind: EntityKind,
    aliases: &'a [String],
    mentions: Vec<[usize; 2]>,
    confidence: f32,
}

#[derive(Serialize)]
struct QuoteOut<'a> {
    text: &'a str,
    /// The speaking entity's name; for an unnamed speaker, the words the article uses ("the
    /// Vermont senator"), with their span in `speaker_span`.
    speaker: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    speaker_span: Option<[usize; 2]>,
    span: [usize; 2],
    scare: bool,
    kind: QuoteKind,
    /// The reporting verb's span, for reported speech.
    #[serde(skip_serializing_if = "Option::is_none")]
    cue: Option<[usize; 2]>,
    confidence: f32,
}

/// One article as a contract JSON object, without entities and quotes below `min_confidence`.
pub fn article_json(corpus: &Corpus, index: usize, min_confidence: f32) -> serde_json::Value {
    serde_json::to_value(article_out(corpus, index, min_confidence))
        .unwrap_or(serde_json::Value::Null)
}

/// Confidences are rounded for printing (three places are plenty for a probability).
fn round3(x: f32) -> f32 {
    (x * 1000.0).round() / 1000.0
}

fn article_out(corpus: &Corpus, index: usize, min_confidence: f32) -> ArticleOut<'_> {
    let a = &corpus.articles[index];
    let entities = corpus
        .entities_in(index)
        .iter()
        .filter(|&&id| corpus.entity(id).confidence >= min_confidence)
        .map(|&id| {
            let e = corpus.entity(id);
            EntityOut {
                name: &e.name,
                kind: e.kind,
                aliases: &e.aliases,
                mentions: corpus
                    .mentions_in(id, index)
                    .iter()
                    .map(|m| [m.start as usize, m.end as usize])
                    .collect(),
                confidence: round3(e.confidence),
            }
        })
        .collect();
    let quotes = corpus
        .quotes_in(index)
        .iter()
        .filter(|q| q.confidence >= min_confidence)
        .map(|q| QuoteOut {
            text: &a.body[q.range()],
            // A speaker listed below the threshold is not named either.
            speaker: match q.speaker {
                Some(s) => (corpus.entity(s).confidence >= min_confidence)
                    .then(|| corpus.entity(s).name.as_str()),
                None => corpus.quote_source(q),
            },
            speaker_span: q.source.map(|(s, e)| [s as usize, e as usize]),
            span: [q.start as usize, q.end as usize],
            scare: q.scare,
            kind: q.kind,
            cue: q.cue.map(|(s, e)| [s as usize, e as usize]),
            confidence: round3(q.confidence),
        })
        .collect();
    ArticleOut {
        id: &a.id,
        source: &a.path,
        title: &a.title,
        dateline: a.dateline.as_deref(),
        date: a.date.as_deref(),
        url: a.url.as_deref(),
        author: a.author.as_deref(),
        outlet: a.outlet.as_deref(),
        body: &a.body,
        entities,
        quotes,
    }
}

/// Every article, one JSON object a line.
pub fn write_json_lines(corpus: &Corpus, out: &mut impl Write) -> io::Result<()> {
    write_json_lines_min(corpus, 0.0, out)
}

/// Every article, one JSON object a line, leaving out entities and quotes whose confidence is
/// below `min_confidence` (`lede extract --min-confidence`).
pub fn write_json_lines_min(
    corpus: &Corpus,
    min_confidence: f32,
    out: &mut impl Write,
) -> io::Result<()> {
    for i in 0..corpus.articles.len() {
        serde_json::to_writer(&mut *out, &article_out(corpus, i, min_confidence))?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// A readable summary per article (for `lede extract` without `--json`).
pub fn write_text(corpus: &Corpus, out: &mut impl Write) -> io::Result<()> {
    write_text_min(corpus, 0.0, out)
}

/// The readable summary, without entities and quotes below `min_confidence`.
pub fn write_text_min(
    corpus: &Corpus,
    min_confidence: f32,
    out: &mut impl Write,
) -> io::Result<()> {
    write_text_of(corpus, 0..corpus.articles.len(), min_confidence, out)
}

/// The readable summary of some articles, in the order given, without entities and quotes
/// below `min_confidence`.
pub fn write_text_of(
    corpus: &Corpus,
    articles: impl IntoIterator<Item = usize>,
    min_confidence: f32,
    out: &mut impl Write,
) -> io::Result<()> {
    for i in articles {
        let Some(a) = corpus.articles.get(i) else {
            continue;
        };
        writeln!(out, "# {}  ({})", a.title, a.path)?;
        for kind in EntityKind::ALL {
            let names: Vec<&str> = corpus
                .entities_in(i)
                .iter()
                .map(|&id| corpus.entity(id))
                .filter(|e| e.kind == kind && e.confidence >= min_confidence)
                .map(|e| e.name.as_str())
                .collect();
            if !names.is_empty() {
                writeln!(out, "  {}: {}", kind.plural_title(), names.join(", "))?;
            }
        }
        for q in corpus
            .quotes_in(i)
            .iter()
            .filter(|q| !q.scare && q.confidence >= min_confidence)
        {
            // Named, described in the article's words ("the emir"), or nobody.
            let speaker = match (q.speaker, corpus.quote_source(q)) {
                (Some(s), _) => corpus.entity(s).name.as_str(),
                (None, Some(words)) => words,
                (None, None) => "(unattributed)",
            };
            let (open, close) = q.kind.marks();
            let text = corpus.quote_text(q);
            writeln!(out, "  {open}{text}{close} — {speaker}")?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// `lede stats`: counts and load time (how the corpus was opened: built from its files, read
/// from its snapshot, or updated from it with the changed files read again).
pub fn write_stats(opened: &Opened, out: &mut impl Write) -> io::Result<()> {
    let corpus = &opened.corpus;
    let times = &opened.times;
    writeln!(out, "articles       {}", corpus.articles.len())?;
    for kind in EntityKind::ALL {
        writeln!(
            out,
            "{:<14} {}",
            kind.plural_title().to_lowercase(),
            corpus.count_kind(kind)
        )?;
    }
    let scare = corpus.quotes.iter().filter(|q| q.scare).count();
    writeln!(
        out,
        "quotes         {} ({} scare quotes)",
        corpus.quotes.len(),
        scare
    )?;
    writeln!(
        out,
        "warnings       {}",
        crate::model::warning_total(&corpus.warnings)
    )?;
    let text: u64 = corpus.articles.iter().map(|a| a.body.len() as u64).sum();
    writeln!(out, "text           {:.2} MB", text as f64 / 1e6)?;
    let stages = format!(
        "read {:.3} s, extract {:.3} s, merge {:.3} s",
        times.load.as_secs_f64(),
        times.extract.as_secs_f64(),
        times.merge.as_secs_f64()
    );
    let built = (times.load + times.extract + times.merge).as_secs_f64();
    match (&opened.how, opened.snapshot_time) {
        (How::Snapshot, Some(t)) => writeln!(
            out,
            "load time      {:.3} s (from the snapshot)",
            t.as_secs_f64()
        ),
        (How::Updated { reextracted, .. }, _) => writeln!(
            out,
            "load time      {built:.3} s ({reextracted} changed or added files, {:.2} MB, \
             read again; {stages})",
            times.bytes as f64 / 1e6
        ),
        _ => writeln!(out, "load time      {built:.3} s ({stages})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::Input;

    /// Reported speech is the writer's words: no quotation marks around it. A speaker the
    /// article only describes is named in its words, not "(unknown)".
    #[test]
    fn plain_output_marks_reported_speech_and_gives_described_speakers() {
        let text = "Talks in Muscat\n\nForeign Minister Abbas Araghchi said the talks were a good \
                    start. “War is not a good thing,” the emir said.\n";
        let input = Input::Bundled {
            name: "talks.txt",
            bytes: text.as_bytes(),
        };
        let (corpus, _) = crate::corpus::build(&[input], Vec::new());
        let mut out = Vec::new();
        write_text(&corpus, &mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(
            out.contains("\n  reported: the talks were a good start — Abbas Araghchi\n"),
            "{out}"
        );
        assert!(
            out.contains("\n  “War is not a good thing” — the emir\n"),
            "{out}"
        );
    }
}
