//! Shard, merge, apply (issue 16): on any split of a corpus, shard-then-merge gives what one
//! `lede extract` over the whole corpus gives, line for line: the same canonical names, entity
//! sets, mentions and speakers. The bundled corpus in 2, 3 and 7 shards, random splits with
//! the name tables merged in random order, the binary's own commands, and 10,000 real articles
//! (in release builds: `cargo test --release --test shard`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use lede::corpus;
use lede::extract::{self, Extraction};
use lede::model::Article;
use lede::output;
use lede::shard::{self, Mapping, ShardWriter};
use proptest::prelude::*;

/// The bundled corpus as one machine extracts it: its articles, their extractions, and the
/// contract lines of the whole.
struct Whole {
    articles: Vec<Article>,
    extractions: Vec<Extraction>,
    contract: String,
}

fn whole_of(articles: Vec<Article>) -> Whole {
    let extractions: Vec<Extraction> = articles
        .iter()
        .map(|a| extract::extract_article(&a.title, &a.body))
        .collect();
    let corpus = corpus::merge(articles.clone(), extractions.clone(), Vec::new());
    let mut out = Vec::new();
    output::write_json_lines(&corpus, &mut out).unwrap();
    Whole {
        articles,
        extractions,
        contract: String::from_utf8(out).unwrap(),
    }
}

fn bundled() -> &'static Whole {
    static WHOLE: OnceLock<Whole> = OnceLock::new();
    WHOLE.get_or_init(|| {
        let (articles, warnings) = corpus::load_inputs(&lede::load::bundled_files());
        assert!(warnings.is_empty(), "{warnings:?}");
        whole_of(articles)
    })
}

/// Shard output for articles `range` of the whole, written to a file in `dir`.
fn write_shard_file(whole: &Whole, range: std::ops::Range<usize>, dir: &Path, n: usize) -> PathBuf {
    let path = dir.join(format!("shard-{n:03}.jsonl"));
    let file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    let mut writer = ShardWriter::new(file);
    for i in range {
        writer
            .add(&whole.articles[i], &whole.extractions[i])
            .unwrap();
    }
    writer.finish(&[]).unwrap().flush().unwrap();
    path
}

/// Cut `n` articles into shards at `cuts` (sorted, inside 1..n).
fn ranges(n: usize, cuts: &[usize]) -> Vec<std::ops::Range<usize>> {
    let mut bounds = vec![0];
    bounds.extend(cuts.iter().copied());
    bounds.push(n);
    bounds.windows(2).map(|w| w[0]..w[1]).collect()
}

fn even_cuts(n: usize, k: usize) -> Vec<usize> {
    (1..k).map(|i| i * n / k).collect()
}

/// Shard at `cuts`, merge the name tables in `merge_order`, apply to every shard in order:
/// the contract lines.
fn shard_merge_apply(whole: &Whole, cuts: &[usize], merge_order: &[usize]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let shards: Vec<PathBuf> = ranges(whole.articles.len(), cuts)
        .into_iter()
        .enumerate()
        .map(|(i, r)| write_shard_file(whole, r, dir.path(), i))
        .collect();
    let ordered: Vec<PathBuf> = merge_order.iter().map(|&i| shards[i].clone()).collect();
    let mut mapping = Vec::new();
    let (result, warnings) = shard::merge_command(&ordered, false, &mut mapping);
    result.unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    let mapping = Mapping::read("mapping", &mapping[..]).unwrap();
    let mut out = Vec::new();
    let (result, warnings) = shard::apply_command(&mapping, &shards, 0.0, &mut out);
    assert_eq!(result.unwrap(), whole.articles.len());
    assert!(warnings.is_empty(), "{warnings:?}");
    String::from_utf8(out).unwrap()
}

/// Equal line for line; on a difference, say which article and how.
fn assert_same_contract(sharded: &str, whole: &str, label: &str) {
    let a: Vec<&str> = sharded.lines().collect();
    let b: Vec<&str> = whole.lines().collect();
    assert_eq!(a.len(), b.len(), "{label}: article count");
    for (i, (x, y)) in a.iter().zip(&b).enumerate() {
        if x != y {
            let x: serde_json::Value = serde_json::from_str(x).unwrap();
            let y: serde_json::Value = serde_json::from_str(y).unwrap();
            panic!(
                "{label}: article {i} ({}) differs\nsharded entities: {}\nwhole entities:   {}\nsharded quotes: {}\nwhole quotes:   {}",
                y["id"], x["entities"], y["entities"], x["quotes"], y["quotes"]
            );
        }
    }
}

#[test]
fn the_single_machine_build_is_the_merge_of_the_extractions() {
    // `corpus::build` (windowed, the explorer's path) and `corpus::merge` agree, so comparing
    // with either compares with `lede extract`.
    let (built, _) = corpus::build(&lede::load::bundled_files(), Vec::new());
    let mut out = Vec::new();
    output::write_json_lines(&built, &mut out).unwrap();
    assert_eq!(String::from_utf8(out).unwrap(), bundled().contract);
}

#[test]
fn bundled_corpus_in_2_3_and_7_shards_gives_the_whole_corpus_result() {
    let whole = bundled();
    let n = whole.articles.len();
    for k in [1, 2, 3, 7] {
        let order: Vec<usize> = (0..k).collect();
        let got = shard_merge_apply(whole, &even_cuts(n, k), &order);
        assert_same_contract(&got, &whole.contract, &format!("{k} shards"));
    }
}

#[test]
fn shards_have_canonical_names_their_local_extraction_did_not() {
    // The point of the merge: a shard alone names people as it saw them ("Warhol"), the merge
    // as the corpus does. If no shard ever disagreed with the whole, the tests above would
    // prove nothing.
    let whole = bundled();
    let n = whole.articles.len();
    let mut differs = 0;
    for r in ranges(n, &even_cuts(n, 7)) {
        let alone = whole_of(whole.articles[r.clone()].to_vec());
        let whole_lines: Vec<&str> = whole.contract.lines().collect();
        for (i, line) in alone.contract.lines().enumerate() {
            if line != whole_lines[r.start + i] {
                differs += 1;
            }
        }
    }
    assert!(
        differs > 0,
        "every shard alone already agreed with the whole corpus"
    );
}

#[test]
fn partial_merges_in_any_grouping_give_the_same_mapping() {
    let whole = bundled();
    let dir = tempfile::tempdir().unwrap();
    let n = whole.articles.len();
    let shards: Vec<PathBuf> = ranges(n, &even_cuts(n, 5))
        .into_iter()
        .enumerate()
        .map(|(i, r)| write_shard_file(whole, r, dir.path(), i))
        .collect();
    let mut direct = Vec::new();
    shard::merge_command(&shards, false, &mut direct).0.unwrap();
    // ((0 1) (2 3 4)) then merged.
    let mut partials = Vec::new();
    for (i, group) in [&shards[..2], &shards[2..]].iter().enumerate() {
        let mut table = Vec::new();
        shard::merge_command(group, true, &mut table).0.unwrap();
        let p = dir.path().join(format!("partial-{i}.jsonl"));
        std::fs::write(&p, table).unwrap();
        partials.push(p);
    }
    partials.reverse();
    let mut grouped = Vec::new();
    shard::merge_command(&partials, false, &mut grouped)
        .0
        .unwrap();
    assert_eq!(
        String::from_utf8(grouped).unwrap(),
        String::from_utf8(direct).unwrap()
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn any_split_and_any_merge_order_gives_the_whole_corpus_result(
        cut_seeds in proptest::collection::vec(0usize..1000, 0..8),
        order_seed in any::<u64>(),
    ) {
        let whole = bundled();
        let n = whole.articles.len();
        let mut cuts: Vec<usize> = cut_seeds.iter().map(|s| 1 + s % (n - 1)).collect();
        cuts.sort_unstable();
        cuts.dedup();
        let k = cuts.len() + 1;
        // A permutation of the shards from the seed (Fisher-Yates on a splitmix stream).
        let mut order: Vec<usize> = (0..k).collect();
        let mut s = order_seed;
        for i in (1..k).rev() {
            s = s.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = s;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            order.swap(i, ((z ^ (z >> 31)) % (i as u64 + 1)) as usize);
        }
        let got = shard_merge_apply(whole, &cuts, &order);
        assert_same_contract(&got, &whole.contract, &format!("cuts {cuts:?}, merge order {order:?}"));
    }
}

// The binary's own commands.

fn lede() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_lede"));
    // Nothing of the user's: no state, config or cache.
    let home = std::env::temp_dir().join("lede-shard-test-home");
    cmd.env("HOME", &home)
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env_remove("LEDE_CONFIG");
    cmd
}

fn run(cmd: &mut Command) -> (String, String) {
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{cmd:?} failed: {stderr}");
    (String::from_utf8(out.stdout).unwrap(), stderr)
}

fn bundled_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/corpus");
    let mut files = vec![root.join("seed/000_363a54723bec1907.txt")];
    let mut md: Vec<PathBuf> = std::fs::read_dir(root.join("wikinews"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("SOURCES.md"))
        .collect();
    md.sort();
    files.extend(md);
    files
}

#[test]
fn binary_shard_merge_apply_equals_extract_json() {
    let files = bundled_files();
    let dir = tempfile::tempdir().unwrap();
    let (whole, _) = run(lede()
        .args(["extract", "--json", "--no-corrections", "--no-cache"])
        .args(&files));
    let mut shards = Vec::new();
    for (i, part) in files.chunks(files.len().div_ceil(3)).enumerate() {
        let (out, _) = run(lede().args(["extract", "--shard", "--no-cache"]).args(part));
        let p = dir.path().join(format!("s{i}.jsonl"));
        std::fs::write(&p, out).unwrap();
        shards.push(p);
    }
    let (mapping, _) = run(lede().arg("merge").args(&shards));
    let mapping_path = dir.path().join("mapping.jsonl");
    std::fs::write(&mapping_path, &mapping).unwrap();
    let (applied, _) = run(lede()
        .args(["extract", "--apply"])
        .arg(&mapping_path)
        .args(&shards));
    assert_same_contract(&applied, &whole, "binary, 3 shards");
    // The same through standard input: shard output piped to --apply.
    let all: Vec<u8> = shards
        .iter()
        .flat_map(|p| std::fs::read(p).unwrap())
        .collect();
    let mut child = lede()
        .args(["extract", "--apply"])
        .arg(&mapping_path)
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&all).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    assert_same_contract(
        &String::from_utf8(out.stdout).unwrap(),
        &whole,
        "through stdin",
    );
}

fn pipe(cmd: &mut Command, input: &[u8]) -> (String, String, bool) {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.success(),
    )
}

#[test]
fn a_named_standard_input_gives_ids_of_its_name_and_bad_records_become_warning_lines() {
    let input = "{\"title\": \"One\", \"body\": \"Abbas Araghchi met Steve Witkoff in Muscat.\"}\nnot json\n{\"title\": \"Two\", \"body\": \"Araghchi said the talks were “a good start”.\"}\n".as_bytes();
    let (out, stderr, ok) = pipe(
        lede().args(["extract", "-", "--shard", "--source", "part-00007.jsonl"]),
        input,
    );
    assert!(ok, "{stderr}");
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let articles: Vec<&serde_json::Value> = lines.iter().filter_map(|l| l.get("article")).collect();
    assert_eq!(articles.len(), 2);
    for a in &articles {
        assert_eq!(a["path"], "part-00007.jsonl");
        assert!(
            a["id"].as_str().unwrap().starts_with("part-00007"),
            "{}",
            a["id"]
        );
    }
    assert_ne!(articles[0]["id"], articles[1]["id"]);
    let warnings: Vec<&serde_json::Value> = lines.iter().filter_map(|l| l.get("warning")).collect();
    assert_eq!(warnings.len(), 1, "{out}");
    assert_eq!(warnings[0]["path"], "part-00007.jsonl");
    assert_eq!(warnings[0]["line"], 2);
    assert!(stderr.contains("part-00007.jsonl:2"), "{stderr}");
    // The name table comes last, and names both forms of Araghchi.
    let names: Vec<&serde_json::Value> = lines.iter().filter_map(|l| l.get("names")).collect();
    assert!(lines.last().unwrap().get("names").is_some());
    assert!(
        names.iter().any(|n| n["name"] == "Abbas Araghchi"),
        "{names:?}"
    );
}

#[test]
fn a_shard_of_nothing_but_bad_records_is_no_failure() {
    let (out, stderr, ok) = pipe(
        lede().args(["extract", "-", "--shard", "--source", "bad.jsonl"]),
        b"{oops\n",
    );
    assert!(
        ok,
        "a shard with nothing in it must not fail a job: {stderr}"
    );
    assert!(out.contains("\"warning\""), "{out}");
}

#[test]
fn a_tar_stream_of_files_is_read_file_by_file_with_their_names() {
    let files = bundled_files();
    let mut tar = tar::Builder::new(Vec::new());
    for f in &files[..3] {
        let name = format!("archive/{}", f.file_name().unwrap().to_string_lossy());
        tar.append_path_with_name(f, &name).unwrap();
    }
    let bytes = tar.into_inner().unwrap();
    let (out, stderr, ok) = pipe(lede().args(["extract", "-", "--shard", "--tar"]), &bytes);
    assert!(ok, "{stderr}");
    let direct = run(lede()
        .args(["extract", "--shard", "--no-cache"])
        .args(&files[..3]))
    .0;
    let bodies = |s: &str| -> Vec<(String, String)> {
        s.lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|l| l.get("article").cloned())
            .map(|a| {
                (
                    a["path"].as_str().unwrap().to_string(),
                    a["body"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let from_tar = bodies(&out);
    let from_files = bodies(&direct);
    assert_eq!(from_tar.len(), 3);
    for ((tar_path, tar_body), (file_path, file_body)) in from_tar.iter().zip(&from_files) {
        assert!(tar_path.starts_with("archive/"), "{tar_path}");
        assert!(file_path.ends_with(tar_path.trim_start_matches("archive/")));
        assert_eq!(tar_body, file_body);
    }
}

#[test]
fn a_tar_stream_of_a_folder_is_read_as_lede_reads_the_folder() {
    // The bundled corpus folder (with its SOURCES.md), a hidden file and a PDF: the members a
    // folder walk passes over are passed over, the PDF is counted in the one warning.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/corpus");
    let mut tar = tar::Builder::new(Vec::new());
    tar.append_dir_all("corpus", &root).unwrap();
    for (name, bytes) in [
        (
            "corpus/.draft.txt",
            &b"Abbas Araghchi in a hidden draft."[..],
        ),
        ("corpus/notes.pdf", &b"%PDF-1.4 not an article"[..]),
    ] {
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        tar.append_data(&mut header, name, bytes).unwrap();
    }
    let bytes = tar.into_inner().unwrap();
    let (out, stderr, ok) = pipe(lede().args(["extract", "-", "--shard", "--tar"]), &bytes);
    assert!(ok, "{stderr}");
    let (direct, _) = run(lede().args(["extract", "--shard", "--no-cache"]).arg(&root));
    let articles = |s: &str| -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = s
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|l| l.get("article").cloned())
            .map(|a| {
                (
                    a["id"].as_str().unwrap().to_string(),
                    a["body"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        v.sort();
        v
    };
    let from_tar = articles(&out);
    assert_eq!(from_tar, articles(&direct));
    assert_eq!(from_tar.len(), bundled_files().len());
    assert!(!out.contains("hidden draft"));
    assert!(
        out.lines()
            .any(|l| l.starts_with("{\"warning\"") && l.contains("skipped 1 file: 1 .pdf")),
        "{out}"
    );
}

#[test]
fn damaged_shard_lines_are_warnings_naming_the_line_and_the_rest_applies() {
    let whole = bundled();
    let dir = tempfile::tempdir().unwrap();
    let shard = write_shard_file(whole, 0..3, dir.path(), 0);
    let mut text = std::fs::read_to_string(&shard).unwrap();
    // A cut-off line, and an article whose mention points past its text.
    text.insert_str(0, "{\"article\": {\"id\": \"x\"\n");
    let first_article = text.lines().nth(1).unwrap().to_string();
    let mut v: serde_json::Value = serde_json::from_str(&first_article).unwrap();
    v["extraction"]["entities"][0]["mentions"][0] = serde_json::json!([1, 99_999_999]);
    text = text.replacen(&first_article, &v.to_string(), 1);
    std::fs::write(&shard, text).unwrap();
    let mut mapping = Vec::new();
    let (result, warnings) =
        shard::merge_command(std::slice::from_ref(&shard), false, &mut mapping);
    result.unwrap();
    assert!(
        warnings.is_empty(),
        "the merge passes over article lines: {warnings:?}"
    );
    let mapping = Mapping::read("m", &mapping[..]).unwrap();
    let mut out = Vec::new();
    let (result, warnings) =
        shard::apply_command(&mapping, std::slice::from_ref(&shard), 0.0, &mut out);
    assert_eq!(result.unwrap(), 3);
    let said: Vec<String> = warnings.iter().map(|w| w.to_string()).collect();
    assert!(
        said.iter().any(|w| w.contains("shard-000.jsonl:1:")),
        "{said:?}"
    );
    assert!(
        said.iter().any(|w| w.contains("outside its text")),
        "{said:?}"
    );
}

#[test]
fn a_mapping_that_does_not_read_is_an_error_naming_its_line() {
    let err = Mapping::read("mapping.jsonl", &b"{\"name\": \"A\"}\n"[..]).unwrap_err();
    assert!(err.starts_with("mapping.jsonl:1:"), "{err}");
    let (_, stderr, ok) = pipe(
        lede().args(["extract", "--apply", "/nonexistent/mapping.jsonl", "-"]),
        b"",
    );
    assert!(!ok);
    assert!(stderr.contains("/nonexistent/mapping.jsonl"), "{stderr}");
}

/// 10,000 real articles (`../shared/bench/realcorpus.py`), in 4 shards: the same canonical
/// names, entity sets and speakers as the whole. Slow unoptimised, so run in release builds
/// (CI: `cargo test --release --test shard`).
#[test]
#[cfg_attr(debug_assertions, ignore = "10k real articles: run with --release")]
fn ten_thousand_real_articles_in_four_shards_give_the_whole_corpus_result() {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/realcorpus.py");
    assert!(
        script.exists(),
        "{} is needed for this test",
        script.display()
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("real10k.jsonl");
    let status = Command::new("python3")
        .arg(&script)
        .args(["--articles", "10000", "--out"])
        .arg(&file)
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let input = lede::load::expand_paths(&[file]).0;
    let (built, _) = corpus::build(&input, Vec::new());
    let mut single = Vec::new();
    output::write_json_lines(&built, &mut single).unwrap();
    let single = String::from_utf8(single).unwrap();
    let articles = built.articles.clone();
    drop(built);
    let extractions: Vec<Extraction> = {
        use rayon::prelude::*;
        articles
            .par_iter()
            .map(|a| extract::extract_article(&a.title, &a.body))
            .collect()
    };
    let whole = Whole {
        articles,
        extractions,
        contract: single,
    };
    let n = whole.articles.len();
    assert_eq!(n, 10_000);
    let got = shard_merge_apply(&whole, &even_cuts(n, 4), &[3, 1, 0, 2]);
    assert_same_contract(&got, &whole.contract, "10k real, 4 shards");
}
