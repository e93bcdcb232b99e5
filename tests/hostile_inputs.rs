//! Hostile and broken input: escape sequences in text, metadata and file names never reach the
//! model, the offsets of `lede extract --json` and the explorer's highlights still line up, and
//! every bad input warns while the good articles beside it still load.

mod common;

use std::ffi::OsStr;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::path::PathBuf;
use std::process::Command;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::corpus::{GOOD_TXT, build, lede, titles, warning_for, write};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use lede::app::{self, App, Msg, Pane};
use lede::corpus;
use lede::load::{self, Format, Input};
use lede::model::Corpus;
use lede::ui::{self, theme::ColorMode, theme::Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use unicode_width::UnicodeWidthStr;

/// The article every hostile variant below must sanitise into, byte for byte.
const CLEAN: &str = "Talks resume in Muscat\n\
Foreign Minister Abbas Araghchi said the talks with Steve Witkoff were a “good start”.\n\
\n\
Iran's foreign ministry spokesman Esmaeil Baghaei said “the talks will continue next week”, \
and Araghchi told reporters that Iran wanted “a fair deal”.\n";

/// `CLEAN` with escape sequences of every family wedged between its characters (7-bit and
/// C1 forms), bidi and zero-width characters inside words, and CRLF line endings. Each is a
/// whole sequence, so removing it whole gives back `CLEAN` exactly.
const HOSTILE: &str = "Talks \u{1b}]0;pwned title\u{7}resume in \u{1b}]2;other\u{1b}\\Muscat\r\n\
Foreign Minister \u{1b}[1;31mAbbas\u{1b}[0m Ara\u{9b}4mghchi\u{9b}0m said the \u{1b}]52;c;cm0gLXJmIH4K\u{7}talks \
with Steve\u{1b}P1$qm\u{1b}\\ Witkoff were a “\u{1b}]8;;https://evil.example/\u{1b}\\good start\u{1b}]8;;\u{1b}\\”.\r\n\
\r\n\
Iran's foreign \u{9d}2;c1 title\u{9c}ministry spokesman Esmaeil Bag\u{200b}haei said \u{1b}_apc\u{1b}\\“the \
talks\u{1b}^pm\u{1b}\\ will\u{1b}Xsos\u{1b}\\ continue \u{202e}next\u{202c} week”, \u{90}dcs\u{9c}and \
Araghchi told \u{2066}reporters\u{2069} that Iran wanted “a fair deal”.\r\n";

/// A corpus from named in-memory sources, read exactly as bundled files are.
fn build_from(sources: &[(&'static str, &[u8])]) -> Corpus {
    let inputs: Vec<Input> = sources
        .iter()
        .map(|&(name, bytes)| Input::Bundled {
            name,
            bytes: Box::leak(bytes.to_vec().into_boxed_slice()),
        })
        .collect();
    corpus::build(&inputs, Vec::new()).0
}

fn has_good(c: &Corpus) -> bool {
    titles(c).contains(&"Talks resume in Oman")
}

/// What may never be in the model: controls (newline aside, in bodies), bidi controls and
/// zero-width spaces.
fn unsafe_char(c: char, body: bool) -> bool {
    (c.is_control() && !(body && c == '\n'))
        || load::sanitize::is_bidi_control(c)
        || matches!(c, '\u{200B}' | '\u{FEFF}' | '\u{2028}' | '\u{2029}')
}

fn assert_clean(c: &Corpus) {
    for a in &c.articles {
        assert!(
            !a.body.chars().any(|ch| unsafe_char(ch, true)),
            "body {:?}",
            a.body
        );
        let fields = [a.id.as_str(), a.title.as_str(), a.path.as_str()];
        let optional = [&a.dateline, &a.date, &a.url, &a.author, &a.outlet];
        for f in fields
            .into_iter()
            .chain(optional.into_iter().flatten().map(String::as_str))
        {
            assert!(
                !f.chars().any(|ch| unsafe_char(ch, false)),
                "field {f:?} of {a:?}"
            );
        }
    }
    for w in &c.warnings {
        let text = w.to_string();
        assert!(
            !text.chars().any(|ch| unsafe_char(ch, false)),
            "warning {text:?}"
        );
    }
}

/// Bytes a terminal would act on: ESC, BEL, any C1 control as UTF-8, raw C1 bytes outside a
/// UTF-8 sequence, and bidi controls.
fn terminal_hazards(bytes: &[u8]) -> Vec<String> {
    let mut found = Vec::new();
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            if (c.is_control() && c != '\n') || load::sanitize::is_bidi_control(c) {
                found.push(format!("{c:?}"));
            }
        }
        for &b in chunk.invalid() {
            found.push(format!("raw byte {b:#04x}"));
        }
    }
    found
}

#[test]
fn escape_sequences_are_removed_whole_leaving_the_clean_article() {
    let c = build_from(&[("a.txt", HOSTILE.as_bytes())]);
    let clean = build_from(&[("a.txt", CLEAN.as_bytes())]);
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    assert_clean(&c);
    assert_eq!(c.articles[0].title, "Talks resume in Muscat");
    assert_eq!(c.articles[0].body, clean.articles[0].body);
    // The same entities, mentions and quotes at the same offsets: the whole contract record.
    assert_eq!(
        lede::output::article_json(&c, 0, 0.0),
        lede::output::article_json(&clean, 0, 0.0)
    );
    assert!(
        c.count_kind(lede::model::EntityKind::Person) >= 3,
        "not vacuous: {:?}",
        lede::output::article_json(&c, 0, 0.0)
    );
}

fn press(app: &mut App, code: KeyCode) {
    if let Some(action) = app.msg_for_key(&KeyEvent::new(code, KeyModifiers::NONE)) {
        app::update(app, action);
    }
    app::settle(app);
}

/// Pin an entity by name (sidebar, Enter) and show the article text.
fn pinned_text_view(corpus: Corpus, name: &str, width: u16, height: u16) -> App {
    let mut app = App::ready(corpus, Theme::new(ColorMode::Ansi16), width, height);
    press(&mut app, KeyCode::Char('3'));
    let corpus = app.corpus().unwrap().clone();
    let row = app
        .entity_rows
        .iter()
        .position(|r| matches!(r, app::EntityRow::Entity(h) if corpus.entity(h.id).name == name))
        .unwrap_or_else(|| panic!("{name} is not in the sidebar"));
    app.entities.selected = row;
    press(&mut app, KeyCode::Enter);
    app::update(&mut app, Msg::Focus(Pane::Text));
    app::settle(&mut app);
    app
}

fn render(app: &App) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(app.width, app.height)).unwrap();
    terminal.draw(|f| ui::draw(app, f)).unwrap();
    terminal.backend().buffer().clone()
}

#[test]
fn highlights_line_up_on_a_body_that_held_escapes() {
    let hostile = pinned_text_view(
        build_from(&[("a.txt", HOSTILE.as_bytes())]),
        "Abbas Araghchi",
        120,
        40,
    );
    let clean = pinned_text_view(
        build_from(&[("a.txt", CLEAN.as_bytes())]),
        "Abbas Araghchi",
        120,
        40,
    );
    let (hostile, clean) = (render(&hostile), render(&clean));
    // Cell for cell, style for style: every highlight sits where it does on the clean text.
    assert_eq!(hostile, clean);
    // And the pinned name is really highlighted (in the pinned style, bold), in the text.
    let row_text = |y: u16| -> String {
        (0..hostile.area.width)
            .filter(|&x| {
                hostile[(x, y)]
                    .modifier
                    .contains(ratatui::style::Modifier::BOLD)
                    && hostile[(x, y)].bg != ratatui::style::Color::Reset
            })
            .map(|x| hostile[(x, y)].symbol().to_string())
            .collect()
    };
    let highlighted: String = (0..hostile.area.height).map(row_text).collect();
    assert!(
        highlighted.contains("Abbas Araghchi") || highlighted.contains("Araghchi"),
        "no pinned highlight found: {highlighted:?}"
    );
}

#[test]
fn extract_json_offsets_point_into_the_sanitised_body() {
    let dir = tempfile::tempdir().unwrap();
    let txt = write(dir.path(), "hostile.txt", HOSTILE.as_bytes());
    let json_body = serde_json::json!({"title": "T", "body": HOSTILE}).to_string();
    let json = write(dir.path(), "hostile.json", json_body.as_bytes());
    let out = lede()
        .args(["extract", "--json"])
        .arg(&txt)
        .arg(&json)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(terminal_hazards(&out.stdout).iter().all(|h| h == "'\\n'"));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        !stdout.contains("\\u001b") && !stdout.contains("\\u0007"),
        "{stdout}"
    );
    let records: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 2);
    for record in &records {
        let body = record["body"].as_str().unwrap();
        // A text file's first line is its title; a JSON body is kept whole.
        let expected = match record["source"].as_str() {
            Some(s) if s.ends_with(".json") => CLEAN,
            _ => CLEAN.split_once('\n').unwrap().1.trim_end(),
        };
        assert_eq!(body, expected);
        let mut mentions = 0;
        for entity in record["entities"].as_array().unwrap() {
            let name = entity["name"].as_str().unwrap();
            let aliases: Vec<&str> = entity["aliases"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|a| a.as_str())
                .collect();
            for span in entity["mentions"].as_array().unwrap() {
                let (s, e) = (span[0].as_u64().unwrap(), span[1].as_u64().unwrap());
                let surface = body
                    .get(s as usize..e as usize)
                    .expect("span inside the body");
                assert!(
                    surface == name || aliases.contains(&surface),
                    "mention {s}..{e} reads {surface:?}, not {name:?} or {aliases:?}"
                );
                mentions += 1;
            }
        }
        assert!(mentions >= 4, "{record}");
        let quotes = record["quotes"].as_array().unwrap();
        assert_eq!(quotes.len(), 3, "{record}");
        for q in quotes {
            let (s, e) = (
                q["span"][0].as_u64().unwrap(),
                q["span"][1].as_u64().unwrap(),
            );
            assert_eq!(body.get(s as usize..e as usize), q["text"].as_str());
        }
    }
}

#[test]
fn metadata_is_sanitised_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let json = serde_json::json!({
        "id": "id\u{1b}]0;x\u{7}1",
        "title": "Title \u{1b}]52;c;aGk=\u{7}with\tclipboard\r\nwrite",
        "author": ["A\u{202e}lice", "B\u{200b}ob \u{9b}31m"],
        "url": "\u{1b}]8;;http://evil\u{1b}\\https://example.org\u{1b}]8;;\u{1b}\\",
        "source": "\u{1b}[31mOutlet\u{1b}[0m",
        "date": "2026\u{85}-02-06",
        "text": GOOD_TXT,
    });
    let json = write(dir.path(), "meta.json", json.to_string().as_bytes());
    let md = write(
        dir.path(),
        "meta.md",
        "---\ntitle: \"\u{1b}]2;x\u{7}Front \u{1b}[5mtitle\"\nauthor: \u{2067}Writer\u{2069}\n---\n# Ignored\n\nText.\n"
            .as_bytes(),
    );
    let txt = write(
        dir.path(),
        "head.txt",
        "\u{1b}]0;t\u{7}Head\u{9b}1m line\u{7}\nBody.\n".as_bytes(),
    );
    let c = build(&[json, md, txt]);
    assert_clean(&c);
    let from = |file: &str| c.articles.iter().find(|a| a.path.ends_with(file)).unwrap();
    let a = from("meta.json");
    assert_eq!(a.id, "id1");
    assert_eq!(a.title, "Title with clipboard write");
    assert_eq!(a.author.as_deref(), Some("Alice, Bob"));
    assert_eq!(a.url.as_deref(), Some("https://example.org"));
    assert_eq!(a.outlet.as_deref(), Some("Outlet"));
    assert_eq!(a.date.as_deref(), Some("2026 -02-06"));
    assert_eq!(from("meta.md").title, "Front title");
    assert_eq!(from("meta.md").author.as_deref(), Some("Writer"));
    assert_eq!(from("head.txt").title, "Head line");
}

#[test]
fn file_names_with_escapes_are_sanitised_in_paths_ids_and_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let evil_good = write(
        dir.path(),
        OsStr::from_bytes(b"\x1b]2;owned\x07news\x1b[31m\xe2\x80\xae.txt"),
        GOOD_TXT.as_bytes(),
    );
    let evil_empty = write(
        dir.path(),
        OsStr::from_bytes(b"\x1b]52;c;aGk=\x07empty\x9b.txt"),
        b"",
    );
    let folder = dir.path().join(OsStr::from_bytes(b"d\x1b]0;t\x07ir"));
    fs::create_dir(&folder).unwrap();
    std::os::unix::fs::symlink(
        dir.path().join("nowhere"),
        folder.join(OsStr::from_bytes(b"dangling\x1bP+q\x1b\\.txt")),
    )
    .unwrap();
    let c = build(&[evil_good.clone(), evil_empty.clone(), folder.clone()]);
    assert_clean(&c);
    assert_eq!(c.articles.len(), 1);
    assert_eq!(c.articles[0].id, "news");
    assert!(
        c.articles[0].path.ends_with("/news.txt"),
        "{}",
        c.articles[0].path
    );
    assert!(
        warning_for(&c, "empty\u{FFFD}.txt")
            .message
            .contains("empty file")
    );
    assert!(
        warning_for(&c, "dir/dangling.txt")
            .message
            .contains("cannot read")
    );

    // What the binary prints, warnings on stderr included, holds none of it.
    for args in [vec!["extract"], vec!["extract", "--json"], vec!["stats"]] {
        let out = lede()
            .args(&args)
            .arg(&evil_good)
            .arg(&evil_empty)
            .arg(&folder)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("empty file"), "{stderr}");
        let hazards: Vec<String> = terminal_hazards(&out.stderr)
            .into_iter()
            .chain(terminal_hazards(&out.stdout))
            .filter(|h| h != "'\\n'")
            .collect();
        assert!(hazards.is_empty(), "{args:?}: {hazards:?}\n{stderr}");
    }
}

/// JSON Lines files over 16 MB take another path (streamed in blocks): the same guarantees.
#[test]
fn a_large_json_lines_file_is_sanitised_like_a_small_one() {
    let dir = tempfile::tempdir().unwrap();
    let record = serde_json::json!({
        "title": "\u{1b}]0;pwned\u{7}Big \u{9b}1mfeed",
        "text": format!("{}\u{1b}]52;c;aGk=\u{7}end \u{202e}here", "Filler text. ".repeat(1000)),
    })
    .to_string();
    let mut bytes = Vec::new();
    while bytes.len() < 17 << 20 {
        bytes.extend_from_slice(record.as_bytes());
        bytes.extend_from_slice(b"\n{broken \x1b]0;x\n");
    }
    let path = write(
        dir.path(),
        OsStr::from_bytes(b"big\x1b]2;t\x07feed.jsonl"),
        &bytes,
    );
    let l = load::load_input(&Input::File {
        path,
        format: Some(Format::JsonLines),
    });
    assert!(l.articles.len() > 1000);
    let c = Corpus::new(
        l.articles.into_vec(),
        Vec::new(),
        Vec::new(),
        l.warnings.into_vec(),
    );
    assert_clean(&c);
    let a = &c.articles[0];
    assert_eq!(a.title, "Big feed");
    assert!(a.body.ends_with("end here"));
    assert_eq!(a.id, "bigfeed:1");
    assert!(a.path.ends_with("/bigfeed.jsonl"), "{}", a.path);
}

#[test]
fn nul_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "good.txt", GOOD_TXT.as_bytes());
    let early = write(dir.path(), "early.txt", b"Head\nText \x00 with a NUL.\n");
    // Past the 8 KiB that are sniffed for binary content: kept, made visible.
    let mut late_bytes = "Late NUL\n".as_bytes().to_vec();
    while late_bytes.len() < 9000 {
        late_bytes.extend_from_slice("Some “quoted” text, é. ".as_bytes());
    }
    late_bytes.extend_from_slice(b"\x00 after the NUL.\n");
    let late = write(dir.path(), "late.txt", &late_bytes);
    let json = write(
        dir.path(),
        "nul.jsonl",
        b"{\"title\": \"Escaped\", \"text\": \"NUL \\u0000 here.\"}\n",
    );
    let c = build(&[good, early, late, json]);
    assert_clean(&c);
    assert!(has_good(&c));
    assert!(warning_for(&c, "early.txt").message.contains("binary file"));
    let late = c.articles.iter().find(|a| a.title == "Late NUL").unwrap();
    assert!(
        late.body.ends_with("\u{2400} after the NUL."),
        "{:?}",
        &late.body[late.body.len() - 40..]
    );
    let escaped = c.articles.iter().find(|a| a.title == "Escaped").unwrap();
    assert_eq!(escaped.body, "NUL \u{2400} here.");
}

#[test]
fn crlf_and_byte_order_marks() {
    let dir = tempfile::tempdir().unwrap();
    let crlf = GOOD_TXT.replace('\n', "\r\n");
    let txt = write(dir.path(), "crlf.txt", format!("\u{feff}{crlf}").as_bytes());
    let md = write(
        dir.path(),
        "crlf.md",
        "\u{feff}---\r\ntitle: Front matter\r\n---\r\n\r\nLine one.\r\nLine two.\r\n".as_bytes(),
    );
    let json = write(
        dir.path(),
        "bom.json",
        "\u{feff}{\"title\": \"Json\", \"text\": \"One.\\r\\nTwo.\"}".as_bytes(),
    );
    let jsonl = write(
        dir.path(),
        "bom.jsonl",
        "\u{feff}{\"title\": \"L1\", \"text\": \"A.\"}\r\n{\"title\": \"L2\", \"text\": \"B.\"}\r\n".as_bytes(),
    );
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            crlf.replace("Oman", "Doha")
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    let utf16 = write(dir.path(), "utf16.txt", &utf16);
    let c = build(&[txt, md, json, jsonl, utf16]);
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    assert_clean(&c);
    assert_eq!(
        titles(&c),
        [
            "Talks resume in Oman",
            "Front matter",
            "Json",
            "L1",
            "L2",
            "Talks resume in Doha"
        ]
    );
    assert_eq!(c.articles[1].body, "Line one.\nLine two.");
    assert_eq!(c.articles[2].body, "One.\nTwo.");
    assert!(
        c.articles
            .iter()
            .all(|a| !a.body.contains('\r') && !a.id.contains('\u{feff}'))
    );
}

/// `text` repeated up to `bytes`, with `line_end` after each repetition.
fn filler(bytes: usize, line_end: &str) -> Vec<u8> {
    let sentence = "Foreign Minister Abbas Araghchi said the talks in Muscat were “a good start”, and Steve Witkoff agreed. ";
    let mut out = Vec::with_capacity(bytes + 256);
    out.extend_from_slice(b"A very long article\n");
    while out.len() < bytes {
        out.extend_from_slice(sentence.as_bytes());
        out.extend_from_slice(line_end.as_bytes());
    }
    out
}

fn assert_big_loads(bytes: usize, line_end: &str) {
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "good.txt", GOOD_TXT.as_bytes());
    let big = write(dir.path(), "big.txt", &filler(bytes, line_end));
    let start = Instant::now();
    let c = build(&[good, big]);
    assert!(has_good(&c));
    let big = c
        .articles
        .iter()
        .find(|a| a.title == "A very long article")
        .unwrap();
    assert!(big.body.len() >= bytes / 10 * 9, "{} bytes", big.body.len());
    assert!(c.count_kind(lede::model::EntityKind::Person) >= 2);
    eprintln!(
        "{bytes} bytes loaded and extracted in {:?}",
        start.elapsed()
    );
}

#[test]
fn a_single_10_mb_line() {
    assert_big_loads(10_000_000, "");
}

/// 20 MB in paragraphs always; the full 200 MB with `LEDE_BIG_TESTS=1` (or any optimised
/// build), since a debug build takes minutes over it.
#[test]
fn a_very_large_article() {
    let full = std::env::var_os("LEDE_BIG_TESTS").is_some() || !cfg!(debug_assertions);
    assert_big_loads(if full { 200_000_000 } else { 20_000_000 }, "\n\n");
}

#[test]
fn deeply_nested_json_is_refused_without_overflowing_the_stack() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "good.txt", GOOD_TXT.as_bytes());
    let arrays = "[".repeat(100_000);
    let objects = "{\"a\":".repeat(100_000);
    let json = write(dir.path(), "deep.json", arrays.as_bytes());
    let deep_objects = write(dir.path(), "objects.json", objects.as_bytes());
    let jsonl = write(
        dir.path(),
        "deep.jsonl",
        format!("{{\"title\": \"Before\", \"text\": \"A.\"}}\n{arrays}\n{objects}\n{{\"title\": \"After\", \"text\": \"B.\"}}\n").as_bytes(),
    );
    let c = build(&[good, json, deep_objects, jsonl]);
    assert!(has_good(&c));
    assert!(
        titles(&c).contains(&"Before") && titles(&c).contains(&"After"),
        "{:?}",
        titles(&c)
    );
    for file in ["deep.json", "objects.json"] {
        assert!(
            warning_for(&c, file).message.contains("recursion limit"),
            "{:?}",
            c.warnings
        );
    }
    let lines: Vec<Option<usize>> = c
        .warnings
        .iter()
        .filter(|w| w.path.ends_with("deep.jsonl"))
        .map(|w| w.line)
        .collect();
    assert_eq!(lines, [Some(2), Some(3)]);
    // The same on standard input, whatever the format is sniffed as.
    for text in [&arrays, &objects] {
        let l = load::parse_bytes("<stdin>", text.as_bytes(), None);
        assert!(l.articles.is_empty());
        assert!(
            l.warnings[0].message.contains("recursion limit"),
            "{:?}",
            l.warnings
        );
    }
}

#[test]
fn a_broken_json_line_with_an_open_escape_does_not_swallow_the_lines_after_it() {
    let l = load::parse_bytes(
        "feed.jsonl",
        "{\"title\": \"One\", \"text\": \"A.\"}\n{\"title\": \"\u{1b}]52;c;never closed\n{\"title\": \"Two\", \"text\": \"B.\"}\n\u{9d}0;also open\n{\"title\": \"Three\", \"text\": \"C.\"}\n".as_bytes(),
        Some(Format::JsonLines),
    );
    let titles: Vec<&str> = l.articles.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(titles, ["One", "Two", "Three"], "{:?}", l.warnings);
    assert_eq!(l.warnings.len(), 2, "{:?}", l.warnings);
    assert!(
        l.warnings
            .iter()
            .all(|w| w.message.contains("malformed JSON"))
    );
}

/// Found by fuzzing (load_json): a body of only a byte-order mark passed the emptiness check
/// and sanitised to nothing, leaving an article without text.
#[test]
fn a_json_body_of_invisible_characters_is_no_text() {
    for body in [
        "\\ufeff",
        "\\u200b \\u202e",
        "\\u001b]0;title\\u0007",
        "\\u0085\\r",
    ] {
        let json = format!("[{{\"title\": \"T\", \"body\": \"{body}\"}}]");
        let l = load::parse_bytes("f.json", json.as_bytes(), Some(Format::Json));
        assert!(l.articles.is_empty(), "{body}: {:?}", l.articles);
        assert!(
            l.warnings[0].message.contains("no text field"),
            "{:?}",
            l.warnings
        );
    }
}

#[test]
fn json_strings_may_hold_what_sanitising_rewrites() {
    // Valid JSON: a raw line separator, NEL and an 8-bit CSI inside strings. They are
    // sanitised as field values, after parsing, so the record still loads.
    let l = load::parse_bytes(
        "feed.jsonl",
        "{\"title\": \"Open \u{9b}1mtitle\", \"text\": \"One\u{2028}two\u{85}three \\u001b]0;x\\u0007four\"}\n"
            .as_bytes(),
        Some(Format::JsonLines),
    );
    assert!(l.warnings.is_empty(), "{:?}", l.warnings);
    assert_eq!(l.articles[0].title, "Open title");
    assert_eq!(l.articles[0].body, "One\ntwo\nthree four");
}

/// Run `f` on a thread; fail (instead of hanging the suite) if it takes over 10 seconds.
fn within_seconds<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(Duration::from_secs(10))
        .unwrap_or_else(|_| panic!("{what} blocked"))
}

/// We run as root in CI, where permission bits do not stop a read; these inputs fail to read
/// for everyone: a path through a regular file, a `/proc` file whose read fails with EIO, and a
/// folder named like a file.
#[test]
fn unreadable_inputs_warn_and_the_rest_loads() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "good.txt", GOOD_TXT.as_bytes());
    let through_file = good.join("inner.txt");
    let folder = dir.path().join("folder.txt");
    fs::create_dir(&folder).unwrap();
    let mut paths = vec![good, through_file, folder.clone()];
    let proc_mem = PathBuf::from("/proc/self/mem");
    if proc_mem.exists() {
        paths.push(proc_mem);
    }
    let c = build(&paths);
    assert!(has_good(&c));
    assert_eq!(c.articles.len(), 1);
    assert!(
        warning_for(&c, "good.txt/inner.txt")
            .message
            .contains("cannot read")
    );
    assert!(
        warning_for(&c, "folder.txt")
            .message
            .contains("folder holds no")
    );
    if paths.len() == 4 {
        assert!(
            warning_for(&c, "/proc/self/mem")
                .message
                .contains("cannot read"),
            "{:?}",
            c.warnings
        );
    }
    // A folder handed to the loader as if it were a file is refused, not read.
    let l = load::load_input(&Input::File {
        path: folder,
        format: Some(Format::Text),
    });
    assert!(l.articles.is_empty());
    assert!(
        l.warnings[0].message.contains("not a regular file"),
        "{:?}",
        l.warnings
    );
}

#[test]
fn devices_are_skipped_never_read() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "good.txt", GOOD_TXT.as_bytes());
    let link = dir.path().join("zero.txt");
    std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
    let paths = vec![
        good,
        PathBuf::from("/dev/zero"),
        PathBuf::from("/dev/null"),
        link,
        dir.path().to_path_buf(),
    ];
    let c = within_seconds("reading /dev/zero", move || build(&paths));
    assert_eq!(titles(&c), ["Talks resume in Oman", "Talks resume in Oman"]);
    for device in ["/dev/zero", "/dev/null", "zero.txt"] {
        assert!(
            warning_for(&c, device)
                .message
                .contains("not a regular file")
        );
    }
    // Even when an input reaches the reader without `expand_paths` (a path that changed in
    // between), a device or a FIFO is refused, not read forever or blocked on.
    let fifo = dir.path().join("pipe.txt");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    for path in [PathBuf::from("/dev/zero"), fifo] {
        let l = within_seconds("reading a device", move || {
            load::load_input(&Input::File {
                path,
                format: Some(Format::Text),
            })
        });
        assert!(
            l.warnings[0].message.contains("not a regular file"),
            "{:?}",
            l.warnings
        );
    }
}

const WIDE: &str = "習近平 meets 文在寅 in Séoul 🇰🇷\n\
President 習近平 said “合作共赢” was the aim. José Martínez (with a combining accent) and \
Zoë Smith 👩‍🔬 agreed. The ministry in تهران said “گفت‌وگو ادامه دارد” on Tuesday. \
Kofi Annan said “𝔘𝔫𝔦𝔠𝔬𝔡𝔢 is fine”. Ünïcödé̷̢ ẕ̴a̶l̵g̸o̷ text follows.\n";

#[test]
fn wide_characters_emoji_and_combining_marks_keep_columns_aligned() {
    let c = build_from(&[("wide.txt", WIDE.as_bytes())]);
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    assert_clean(&c);
    let a = &c.articles[0];
    assert_eq!(a.title, "習近平 meets 文在寅 in Séoul 🇰🇷");
    assert_eq!(
        a.body,
        WIDE.split_once('\n').unwrap().1.trim_end(),
        "joiners and marks kept"
    );
    for q in c.quotes_in(0) {
        assert!(
            a.body.is_char_boundary(q.start as usize) && a.body.is_char_boundary(q.end as usize)
        );
    }
    for (w, h) in [(120, 40), (80, 24), (40, 12), (23, 9)] {
        for pane in [Pane::Articles, Pane::Text, Pane::Entities, Pane::Quotes] {
            let mut app = App::ready(c.clone(), Theme::new(ColorMode::Ansi16), w, h);
            app::update(&mut app, Msg::Focus(pane));
            app::settle(&mut app);
            assert_rows_fill_the_width(&render(&app));
        }
    }
}

/// Each row, read as a terminal would print it, is exactly as wide as the screen: no cell
/// holds a lone combining mark or a zero-width character, and wide characters cover their
/// second cell.
fn assert_rows_fill_the_width(buf: &Buffer) {
    for y in 0..buf.area.height {
        let mut row = String::new();
        let mut x = 0;
        while x < buf.area.width {
            let symbol = buf[(x, y)].symbol();
            assert!(!symbol.chars().any(char::is_control), "control at {x},{y}");
            row.push_str(symbol);
            x += symbol.width().max(1) as u16;
        }
        assert_eq!(row.width(), buf.area.width as usize, "row {y}: {row:?}");
    }
}

/// The new formats decode entities and numeric character references first and sanitise
/// after: `&#27;` is an escape character too, in a page, a feed title, a CSV cell, an API's
/// HTML body, a news-database export and a WARC header.
#[test]
fn escapes_as_entities_and_references_in_every_new_format() {
    let dir = tempfile::tempdir().unwrap();
    let html = write(
        dir.path(),
        "page.html",
        b"<!doctype html><html><head><title>&#27;]0;pwned&#7;Talks &#x1b;[1mresume</title>\
          <meta name=\"author\" content=\"&#27;]52;c;aGk=&#7;Jane Doe\">\
          <meta property=\"article:published_time\" content=\"2026&#x9b;2J-02-06\"></head>\
          <body><article><p>Foreign Minister Abbas Araghchi said the talks were a &ldquo;good start&rdquo; \
          &#27;]8;;http://evil&#27;\\and &#x1b;[31mred&#27;[0m text &#x202e;reversed&#x202c; here.</p>\
          <p>Steve Witkoff said &#8220;we will see&#8221; after the talks in Muscat ended on Friday.</p>\
          </article></body></html>",
    );
    let rss = write(
        dir.path(),
        "feed.rss",
        b"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Desk &#27;]2;x&#7;</title>\
          <item><title>Iran &#27;]2;owned&#7;talks</title><link>https://e.org/&#27;[31m1</link>\
          <author>a&#x1b;[5m@example.org (Ann &#155;Lee)</author>\
          <description>&lt;p&gt;Araghchi said &amp;#27;]52;c;aGk=&amp;#7;&amp;ldquo;fine&amp;rdquo;.&lt;/p&gt;</description>\
          </item></channel></rss>",
    );
    let csv = write(
        dir.path(),
        "rows.csv",
        "title,author,text\n\"Row \u{1b}]0;t\u{7}one\",\"\u{9b}31mAnn\",\"Araghchi said \"\"ok\"\" \u{1b}[2J and left.\"\n"
            .as_bytes(),
    );
    let api = write(
        dir.path(),
        "guardian.json",
        br#"{"response": {"results": [{"webTitle": "API &#27; title", "fields": {"body": "<p>Witkoff said &#x201C;yes&#x201D; &#27;]0;t&#7;today.</p>"}}]}}"#,
    );
    let export = write(
        dir.path(),
        "nexis.txt",
        "Title \u{1b}]0;x\u{7}here\nThe Outlet\nFebruary 6, 2026\nByline: \u{1b}[31mAnn\nBody\nAraghchi said \u{9b}1m\"ok\".\nEnd of Document\n"
            .as_bytes(),
    );
    let page = "<html><head><title>Archived</title></head><body><p>Araghchi said &#27;]52;c;aGk=&#7;\
                &ldquo;archived words&rdquo; in Muscat on Friday, officials said.</p></body></html>";
    let http = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\n\r\n{page}",
        page.len()
    );
    let mut warc = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:1>\r\nWARC-Date: 2026-02-06T12:00:00Z\r\n\
         WARC-Target-URI: https://e.org/\u{1b}]0;title\u{7}page\r\nContent-Type: application/http; msgtype=response\r\n\
         Content-Length: {}\r\n\r\n",
        http.len()
    )
    .into_bytes();
    warc.extend_from_slice(http.as_bytes());
    warc.extend_from_slice(b"\r\n\r\n");
    let warc = write(dir.path(), "crawl.warc", &warc);
    let c = build(&[html, rss, csv, api, export, warc]);
    assert_clean(&c);
    let from = |file: &str| {
        c.articles
            .iter()
            .find(|a| a.path.ends_with(file))
            .unwrap_or_else(|| panic!("nothing from {file}: {:?}", c.warnings))
    };
    let page = from("page.html");
    assert_eq!(page.title, "Talks resume");
    assert_eq!(page.author.as_deref(), Some("Jane Doe"));
    assert!(
        page.body
            .starts_with("Foreign Minister Abbas Araghchi said the talks were a “good start” and red text reversed here."),
        "{:?}",
        page.body
    );
    let item = from("feed.rss");
    assert_eq!(item.title, "Iran talks");
    assert_eq!(item.outlet.as_deref(), Some("Desk"));
    assert_eq!(item.body, "Araghchi said “fine”.");
    let row = from("rows.csv");
    assert_eq!(row.title, "Row one");
    assert_eq!(row.author.as_deref(), Some("Ann"));
    assert_eq!(row.body, "Araghchi said \"ok\"  and left.");
    assert_eq!(from("guardian.json").body, "Witkoff said “yes” today.");
    let nexis = from("nexis.txt");
    assert_eq!(nexis.title, "Title here");
    assert_eq!(nexis.author.as_deref(), Some("Ann"));
    let archived = from("crawl.warc");
    assert_eq!(archived.url.as_deref(), Some("https://e.org/page"));
    assert!(
        archived.body.contains("“archived words”"),
        "{}",
        archived.body
    );
}

/// Markup nested 100,000 deep, feeds and archives cut short or lying about their lengths:
/// warnings, never a crash, and the good article beside them loads.
#[test]
fn broken_and_deep_markup() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "good.txt", GOOD_TXT.as_bytes());
    let deep = format!(
        "<html><body>{}<p>Deep text said “here”.</p></body></html>",
        "<div>".repeat(100_000)
    );
    let deep = write(dir.path(), "deep.html", deep.as_bytes());
    let deep_feed = format!(
        "<?xml version=\"1.0\"?><rss><channel>{}</channel></rss>",
        "<item><title>x".repeat(50_000)
    );
    let deep_feed = write(dir.path(), "deep.rss", deep_feed.as_bytes());
    let cut_feed = write(
        dir.path(),
        "cut.xml",
        b"<?xml version=\"1.0\"?><rss><channel><item><title>Cut",
    );
    let lying_warc = write(
        dir.path(),
        "lying.warc",
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:1>\r\nWARC-Date: 2026-02-06T12:00:00Z\r\nContent-Length: 18446744073709551615\r\n\r\nshort\r\n\r\n",
    );
    let cut_warc = write(
        dir.path(),
        "cut.warc",
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Le",
    );
    let not_gzip = write(
        dir.path(),
        "bad.json.gz",
        b"\x1f\x8b\x08\x00garbage after a gzip header",
    );
    let c = within_seconds("broken markup", move || {
        build(&[
            good, deep, deep_feed, cut_feed, lying_warc, cut_warc, not_gzip,
        ])
    });
    assert_clean(&c);
    assert!(has_good(&c));
    for file in ["cut.xml", "lying.warc", "cut.warc", "bad.json.gz"] {
        warning_for(&c, file);
    }
}
