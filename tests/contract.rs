//! `lede open`: output extracted already (the contract as JSON Lines, a Spark job's Parquet
//! tables) read back into the corpus a fresh extraction builds, without extracting again.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use arrow_array::builder::{ListBuilder, StringBuilder};
use arrow_array::{
    ArrayRef, BooleanArray, Float32Array, Int32Array, Int64Array, RecordBatch, StringArray,
};
use lede::contract::{self, Extracted};
use lede::corpus;
use lede::model::Corpus;
use lede::output;
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

fn built() -> Corpus {
    corpus::build(&lede::load::bundled_files(), Vec::new()).0
}

fn contract_lines(c: &Corpus) -> String {
    let mut out = Vec::new();
    output::write_json_lines(c, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn round3(x: f32) -> f32 {
    (x * 1000.0).round() / 1000.0
}

/// The same articles, entities (names, kinds, aliases, mentions, order) and quotes (spans,
/// speakers, kinds, cues) as a fresh build; confidences as the contract prints them.
fn assert_same_corpus(read: &Corpus, fresh: &Corpus) {
    assert_eq!(read.articles, fresh.articles);
    assert_eq!(read.entities.len(), fresh.entities.len());
    for (a, b) in read.entities.iter().zip(&fresh.entities) {
        assert_eq!((&a.name, a.kind, &a.aliases), (&b.name, b.kind, &b.aliases));
        assert_eq!(a.mentions, b.mentions, "{}", a.name);
        assert_eq!(a.article_count, b.article_count, "{}", a.name);
        assert_eq!(a.id, b.id);
        assert_eq!(round3(a.confidence), round3(b.confidence), "{}", a.name);
    }
    assert_eq!(read.quotes.len(), fresh.quotes.len());
    for (a, b) in read.quotes.iter().zip(&fresh.quotes) {
        assert_eq!(
            (a.article, a.start, a.end, a.scare, a.kind, a.cue, a.source),
            (b.article, b.start, b.end, b.scare, b.kind, b.cue, b.source)
        );
        let name = |c: &Corpus, q: &lede::model::Quote| q.speaker.map(|s| c.entity(s).name.clone());
        assert_eq!(name(read, a), name(fresh, b));
        assert_eq!(round3(a.confidence), round3(b.confidence));
    }
    read.check().unwrap();
}

#[test]
fn contract_json_lines_read_back_into_the_same_corpus() {
    let fresh = built();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("out.jsonl");
    std::fs::write(&file, contract_lines(&fresh)).unwrap();
    let found = contract::recognise(std::slice::from_ref(&file)).expect("recognised");
    assert_eq!(found, vec![Extracted::JsonLines(file.clone())]);
    let read = contract::load(&found, &|_, _| {});
    assert!(read.warnings.is_empty(), "{:?}", read.warnings);
    assert_same_corpus(&read, &fresh);
    // And written again, the very same lines.
    assert_eq!(contract_lines(&read), contract_lines(&fresh));
}

#[test]
fn a_spark_folder_of_json_lines_parts_is_recognised_and_read_in_part_order() {
    let fresh = built();
    let dir = tempfile::tempdir().unwrap();
    let jsonl = dir.path().join("jsonl");
    std::fs::create_dir(&jsonl).unwrap();
    let lines: Vec<&str> = contract_lines(&fresh).leak().lines().collect();
    let (a, b) = lines.split_at(10);
    std::fs::write(jsonl.join("part-00000"), a.join("\n") + "\n").unwrap();
    std::fs::write(jsonl.join("part-00001"), b.join("\n") + "\n").unwrap();
    std::fs::write(jsonl.join("_SUCCESS"), "").unwrap();
    std::fs::write(jsonl.join(".part-00000.crc"), "junk").unwrap();
    let found = contract::recognise(&[dir.path().to_path_buf()]).expect("recognised");
    assert_eq!(found.len(), 2);
    let read = contract::load(&found, &|_, _| {});
    assert_same_corpus(&read, &fresh);
}

#[test]
fn articles_to_extract_are_not_taken_for_extracted_output() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("articles.jsonl");
    std::fs::write(
        &file,
        "{\"id\": \"1\", \"title\": \"t\", \"body\": \"Some text.\"}\n",
    )
    .unwrap();
    assert_eq!(contract::recognise(std::slice::from_ref(&file)), None);
    assert_eq!(contract::recognise(&[dir.path().to_path_buf()]), None);
    let wikinews = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/corpus/wikinews");
    assert_eq!(contract::recognise(&[wikinews]), None);
    assert_eq!(contract::recognise(&[]), None);
}

#[test]
fn hostile_extracted_output_is_cleaned_and_its_bad_spans_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("out.jsonl");
    let lines = [
        // Escape sequences in the text: not lede's output. Cleaned, its spans not trusted.
        r#"{"id":"a","source":"x","title":"T\u001b]0;owned\u0007","body":"Abbas Araghchi \u001b[31msaid\u001b[0m so.","entities":[{"name":"Abbas Araghchi","kind":"person","aliases":[],"mentions":[[0,14]],"confidence":0.9}],"quotes":[]}"#,
        // A mention past the text and one inside a character: left out.
        r#"{"id":"b","source":"x","title":"T","body":"Café Nadia Kowalski","entities":[{"name":"Nadia Kowalski","kind":"person","aliases":[],"mentions":[[6,20],[2,4],[6,900]],"confidence":0.9}],"quotes":[{"text":"x","speaker":"Nadia Kowalski","span":[0,1],"scare":false,"kind":"direct","confidence":0.5}]}"#,
        "not json",
    ];
    std::fs::write(&file, lines.join("\n")).unwrap();
    let found = contract::recognise(std::slice::from_ref(&file)).expect("recognised");
    let read = contract::load(&found, &|_, _| {});
    read.check().unwrap();
    assert_eq!(read.articles.len(), 2);
    assert!(!read.articles[0].body.contains('\u{1b}'));
    assert!(!read.articles[0].title.contains('\u{1b}'));
    assert!(read.entities_in(0).is_empty());
    let said: Vec<String> = read.warnings.iter().map(|w| w.to_string()).collect();
    assert!(
        said.iter()
            .any(|w| w.contains("out.jsonl:1") && w.contains("control")),
        "{said:?}"
    );
    assert!(
        said.iter()
            .any(|w| w.contains("out.jsonl:2") && w.contains("outside its text")),
        "{said:?}"
    );
    assert!(said.iter().any(|w| w.contains("out.jsonl:3")), "{said:?}");
}

/// The tables `spark/lede_job.py` writes, from a corpus: the same columns and types Spark
/// gives them (strings, 32-bit spans, 32-bit floats, a list of strings, 64-bit counts).
fn write_tables(c: &Corpus, dir: &Path) {
    let write = |table: &str, columns: Vec<(&str, ArrayRef)>| {
        std::fs::create_dir_all(dir.join(table)).unwrap();
        let batch = RecordBatch::try_from_iter(columns).unwrap();
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .build();
        let file = File::create(dir.join(table).join("part-00000-x-c000.snappy.parquet")).unwrap();
        let mut w = ArrowWriter::try_new(file, batch.schema(), Some(props)).unwrap();
        w.write(&batch).unwrap();
        w.close().unwrap();
    };
    let strings = |f: &dyn Fn(&lede::model::Article) -> Option<String>| -> ArrayRef {
        Arc::new(StringArray::from(
            c.articles.iter().map(f).collect::<Vec<_>>(),
        ))
    };
    write(
        "articles",
        vec![
            ("id", strings(&|a| Some(a.id.to_string()))),
            ("source", strings(&|a| Some(a.path.to_string()))),
            ("title", strings(&|a| Some(a.title.to_string()))),
            ("dateline", strings(&|a| a.dateline.clone())),
            ("date", strings(&|a| a.date.clone())),
            ("url", strings(&|a| a.url.clone())),
            ("author", strings(&|a| a.author.clone())),
            ("outlet", strings(&|a| a.outlet.clone())),
            ("body", strings(&|a| Some(a.body.clone()))),
        ],
    );
    let (mut ids, mut names, mut kinds, mut starts, mut ends) =
        (vec![], vec![], vec![], vec![], vec![]);
    for (i, a) in c.articles.iter().enumerate() {
        for &e in c.entities_in(i) {
            for m in c.mentions_in(e, i) {
                ids.push(a.id.to_string());
                names.push(c.entity(e).name.clone());
                kinds.push(c.entity(e).kind.as_str());
                starts.push(m.start as i32);
                ends.push(m.end as i32);
            }
        }
    }
    write(
        "mentions",
        vec![
            ("article_id", Arc::new(StringArray::from(ids)) as ArrayRef),
            ("name", Arc::new(StringArray::from(names))),
            ("kind", Arc::new(StringArray::from(kinds))),
            ("start", Arc::new(Int32Array::from(starts))),
            ("end", Arc::new(Int32Array::from(ends))),
        ],
    );
    let qs = &c.quotes;
    // As the Spark job writes it: an unnamed speaker by its words, with their span.
    let speaker = |q: &lede::model::Quote| match q.speaker {
        Some(s) => Some(c.entity(s).name.clone()),
        None => c.quote_source(q).map(str::to_string),
    };
    write(
        "quotes",
        vec![
            (
                "article_id",
                Arc::new(StringArray::from(
                    qs.iter()
                        .map(|q| c.articles[q.article as usize].id.to_string())
                        .collect::<Vec<_>>(),
                )) as ArrayRef,
            ),
            (
                "start",
                Arc::new(Int32Array::from(
                    qs.iter().map(|q| q.start as i32).collect::<Vec<_>>(),
                )),
            ),
            (
                "end",
                Arc::new(Int32Array::from(
                    qs.iter().map(|q| q.end as i32).collect::<Vec<_>>(),
                )),
            ),
            (
                "text",
                Arc::new(StringArray::from(
                    qs.iter()
                        .map(|q| c.quote_text(q).to_string())
                        .collect::<Vec<_>>(),
                )),
            ),
            (
                "speaker",
                Arc::new(StringArray::from(
                    qs.iter().map(speaker).collect::<Vec<_>>(),
                )),
            ),
            (
                "scare",
                Arc::new(BooleanArray::from(
                    qs.iter().map(|q| q.scare).collect::<Vec<_>>(),
                )),
            ),
            (
                "kind",
                Arc::new(StringArray::from(
                    qs.iter().map(|q| q.kind.as_str()).collect::<Vec<_>>(),
                )),
            ),
            (
                "speaker_start",
                Arc::new(Int32Array::from(
                    qs.iter()
                        .map(|q| q.source.map(|c| c.0 as i32))
                        .collect::<Vec<_>>(),
                )),
            ),
            (
                "speaker_end",
                Arc::new(Int32Array::from(
                    qs.iter()
                        .map(|q| q.source.map(|c| c.1 as i32))
                        .collect::<Vec<_>>(),
                )),
            ),
            (
                "cue_start",
                Arc::new(Int32Array::from(
                    qs.iter()
                        .map(|q| q.cue.map(|c| c.0 as i32))
                        .collect::<Vec<_>>(),
                )),
            ),
            (
                "cue_end",
                Arc::new(Int32Array::from(
                    qs.iter()
                        .map(|q| q.cue.map(|c| c.1 as i32))
                        .collect::<Vec<_>>(),
                )),
            ),
            (
                "confidence",
                Arc::new(Float32Array::from(
                    qs.iter().map(|q| round3(q.confidence)).collect::<Vec<_>>(),
                )),
            ),
        ],
    );
    let mut aliases = ListBuilder::new(StringBuilder::new());
    for e in &c.entities {
        for a in &e.aliases {
            aliases.values().append_value(a);
        }
        aliases.append(true);
    }
    let es = &c.entities;
    write(
        "entities",
        vec![
            (
                "name",
                Arc::new(StringArray::from(
                    es.iter().map(|e| e.name.clone()).collect::<Vec<_>>(),
                )) as ArrayRef,
            ),
            (
                "kind",
                Arc::new(StringArray::from(
                    es.iter().map(|e| e.kind.as_str()).collect::<Vec<_>>(),
                )),
            ),
            ("aliases", Arc::new(aliases.finish())),
            (
                "mentions",
                Arc::new(Int64Array::from(
                    es.iter()
                        .map(|e| e.mentions.len() as i64)
                        .collect::<Vec<_>>(),
                )),
            ),
            (
                "confidence",
                Arc::new(Float32Array::from(
                    es.iter().map(|e| round3(e.confidence)).collect::<Vec<_>>(),
                )),
            ),
        ],
    );
}

#[test]
fn parquet_tables_read_back_into_the_same_corpus() {
    let fresh = built();
    let dir = tempfile::tempdir().unwrap();
    write_tables(&fresh, dir.path());
    let found = contract::recognise(&[dir.path().to_path_buf()]).expect("recognised");
    assert_eq!(found, vec![Extracted::Parquet(dir.path().to_path_buf())]);
    let read = contract::load(&found, &|_, _| {});
    assert!(read.warnings.is_empty(), "{:?}", read.warnings);
    assert_same_corpus(&read, &fresh);
    assert_eq!(contract_lines(&read), contract_lines(&fresh));
}

#[test]
fn lede_extract_and_stats_read_extracted_output_as_it_is() {
    let fresh = built();
    let dir = tempfile::tempdir().unwrap();
    write_tables(&fresh, dir.path());
    let home = dir.path().join("home");
    let lede = |args: &[&str], path: &PathBuf| {
        let out = Command::new(env!("CARGO_BIN_EXE_lede"))
            .args(args)
            .arg(path)
            .env("HOME", &home)
            .env("XDG_STATE_HOME", home.join("state"))
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_CACHE_HOME", home.join("cache"))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let tables = dir.path().to_path_buf();
    assert_eq!(
        lede(&["extract", "--json", "--no-corrections"], &tables),
        contract_lines(&fresh)
    );
    let stats = lede(&["stats"], &tables);
    assert!(stats.contains(&fresh.articles.len().to_string()), "{stats}");
}
