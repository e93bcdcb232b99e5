//! A JSON Lines file over the streaming threshold (16 MB) loads like a small one: every good
//! line, warnings naming the right line numbers, ids by line, CRLF and a byte-order mark.

use std::io::Write;

use lede::corpus;
use lede::load;

#[test]
fn large_json_lines_stream_with_line_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dump.jsonl");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    f.write_all(b"\xEF\xBB\xBF").unwrap();
    let body = "Foreign Minister Abbas Araghchi said the talks were a \u{201c}good start\u{201d}. "
        .repeat(40);
    let lines = 6000;
    for n in 1..=lines {
        match n {
            1234 => f.write_all(b"{broken\r\n").unwrap(),
            4321 => f.write_all(b"{\"title\": \"no body\"}\r\n").unwrap(),
            5000 => f.write_all(b"\r\n").unwrap(),
            _ => {
                let line = serde_json::json!({"title": format!("T{n}"), "body": body});
                write!(f, "{line}\r\n").unwrap();
            }
        }
    }
    f.flush().unwrap();
    drop(f);
    assert!(
        std::fs::metadata(&path).unwrap().len() > 16 << 20,
        "file must be over the threshold"
    );

    let (inputs, warnings) = load::expand_paths(&[path]);
    let (articles, load_warnings) = corpus::load_inputs(&inputs);
    assert!(warnings.is_empty());
    assert_eq!(articles.len(), lines - 3);
    assert_eq!(articles[0].title, "T1");
    assert_eq!(articles[0].id, "dump:1");
    assert_eq!(articles.last().unwrap().id, format!("dump:{lines}"));
    assert!(
        articles.iter().all(|a| a.body == body),
        "JSON bodies are kept unchanged"
    );
    let text: Vec<String> = load_warnings.iter().map(ToString::to_string).collect();
    assert_eq!(text.len(), 2, "{text:?}");
    assert!(
        text[0].contains("dump.jsonl:1234: malformed JSON"),
        "{text:?}"
    );
    assert!(
        text[1].contains("dump.jsonl:4321: no text field"),
        "{text:?}"
    );
}
