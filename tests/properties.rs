//! Property tests over hostile input: any bytes given to any loader, any text given to
//! extraction and any article drawn by the explorer. Inputs mix random bytes with pieces that
//! matter (escape introducers, C1 controls, quotes, JSON and Markdown syntax, wide and
//! combining characters), so the structured paths are reached, not only the "binary" ones.

use lede::app::{self, App, Msg, Pane};
use lede::corpus;
use lede::extract::extract;
use lede::load::{self, Format, Input, Loaded};
use lede::ui::{self, theme::ColorMode, theme::Theme};
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const PIECES: &[&str] = &[
    "\u{1b}",
    "\u{1b}[",
    "\u{1b}]",
    "\u{1b}P",
    "\u{1b}_",
    "\u{1b}^",
    "\u{1b}X",
    "\u{1b}\\",
    "[31m",
    "]52;c;aGk=",
    "]8;;http://x",
    "0;title",
    "\u{7}",
    "\u{9b}",
    "\u{9d}",
    "\u{9c}",
    "\u{90}",
    "\u{85}",
    "\r\n",
    "\r",
    "\n",
    "\n\n",
    "\t",
    "\0",
    "\u{7f}",
    "\u{202e}",
    "\u{2066}",
    "\u{2069}",
    "\u{200b}",
    "\u{200d}",
    "\u{feff}",
    "\u{2028}",
    "\u{301}",
    "e\u{301}",
    "習近平",
    "👩\u{200d}🔬",
    "🇰🇷",
    "تهران",
    "{",
    "}",
    "[",
    "]",
    "\"",
    ":",
    ",",
    "\\u001b",
    "\\u0000",
    "\\\"",
    "{\"title\": \"",
    "\"text\": \"",
    "\"body\": ",
    "\"id\": 1",
    "---\n",
    "title: ",
    "# ",
    " ",
    ".",
    "“",
    "”",
    "‘",
    "’",
    "\"",
    "'",
    "—",
    " said ",
    " told ",
    "according to ",
    "Abbas Araghchi",
    "Araghchi",
    "Iran",
    "the United Nations",
    "President ",
    "Mr. ",
    "Dr ",
    "LONDON (Reuters) - ",
    "Tehran, Iran – ",
    "1996-08-30",
    "U.S.",
    "Recommended stories",
    "<p>",
    "</p>",
    "<div class=\"share\">",
    "&ldquo;",
    "&#27;",
    "&#x9d;",
    "&amp;",
    "<script>",
    "<![CDATA[",
    "<rss><channel><item><title>",
    "</title><description>",
    "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><title>",
    "<content type=\"html\">",
    "title,text\n",
    "\"\"",
    "WARC/1.0\r\nWARC-Type: response\r\nContent-Type: application/http\r\nContent-Length: 40\r\n\r\n",
    "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n",
    "End of Document\n",
    "Byline: ",
];

/// Text made of the pieces above and of arbitrary characters.
fn hostile_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(PIECES).prop_map(str::to_string),
            1 => any::<char>().prop_map(String::from),
            1 => "[A-Za-z]{1,8}",
        ],
        0..120,
    )
    .prop_map(|parts| parts.concat())
}

/// Bytes: hostile text, possibly with raw (invalid UTF-8) bytes spliced in, or pure noise.
fn hostile_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        3 => hostile_text().prop_map(String::into_bytes),
        1 => (hostile_text(), prop::collection::vec(any::<u8>(), 0..16), any::<prop::sample::Index>())
            .prop_map(|(text, raw, at)| {
                let mut bytes = text.into_bytes();
                let at = at.index(bytes.len() + 1);
                bytes.splice(at..at, raw);
                bytes
            }),
        1 => prop::collection::vec(any::<u8>(), 0..512),
    ]
}

fn unsafe_char(c: char, body: bool) -> bool {
    (c.is_control() && !(body && c == '\n'))
        || load::sanitize::is_bidi_control(c)
        || matches!(c, '\u{200B}' | '\u{FEFF}' | '\u{2028}' | '\u{2029}')
}

/// What every loader promises: no article without text, and nothing unsafe anywhere.
fn check_loaded(loaded: &Loaded) -> Result<(), TestCaseError> {
    for a in &loaded.articles {
        prop_assert!(!a.body.trim().is_empty(), "empty body: {a:?}");
        prop_assert!(
            !a.body.chars().any(|c| unsafe_char(c, true)),
            "body {:?}",
            a.body
        );
        let optional = [&a.dateline, &a.date, &a.url, &a.author, &a.outlet];
        for field in [a.id.as_str(), a.title.as_str(), a.path.as_str()]
            .into_iter()
            .chain(optional.into_iter().flatten().map(String::as_str))
        {
            prop_assert!(
                !field.chars().any(|c| unsafe_char(c, false)),
                "field {field:?}"
            );
        }
    }
    for w in &loaded.warnings {
        let text = w.to_string();
        prop_assert!(
            !text.chars().any(|c| unsafe_char(c, false)),
            "warning {text:?}"
        );
    }
    Ok(())
}

/// Every span of an extraction lies inside its body, on character boundaries.
fn check_spans(body: &str) -> Result<(), TestCaseError> {
    let found = extract(body);
    let ok = |s: usize, e: usize| s <= e && body.get(s..e).is_some();
    for entity in &found.entities {
        for &(s, e) in &entity.mentions {
            prop_assert!(
                ok(s, e),
                "mention {s}..{e} of {:?} in {body:?}",
                entity.name
            );
        }
    }
    for q in &found.quotes {
        prop_assert!(
            ok(q.start, q.end),
            "quote {}..{} in {body:?}",
            q.start,
            q.end
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn any_bytes_to_any_loader(bytes in hostile_bytes()) {
        for spec in load::FORMATS {
            check_loaded(&load::parse_bytes("prop.in", &bytes, Some(spec.format)))?;
        }
        // The same bytes gzipped: decompressed, then read as any format.
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, &bytes).unwrap();
        let gz = gz.finish().unwrap();
        check_loaded(&load::parse_bytes("prop.in.gz", &gz, Some(Format::Html)))?;
        check_loaded(&load::parse_bytes("<stdin>", &gz, None))?;
        // Standard input: the format is sniffed.
        check_loaded(&load::parse_bytes("<stdin>", &bytes, None))?;
    }

    #[test]
    fn any_file_name(name in hostile_text()) {
        let loaded = load::parse_bytes(&name, b"Head\nSome text.\n", Some(Format::Text));
        check_loaded(&loaded)?;
        let loaded = load::parse_bytes(&name, b"", Some(Format::Text));
        check_loaded(&loaded)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_text_to_extraction(text in hostile_text()) {
        check_spans(&text)?;
        check_spans(&load::sanitize::sanitize(&text))?;
    }

    #[test]
    fn any_string_to_extraction(text in any::<String>()) {
        check_spans(&text)?;
    }

    #[test]
    fn sanitised_text_is_safe_and_stable(text in hostile_text()) {
        let once = load::sanitize::sanitize(&text).into_owned();
        prop_assert!(!once.chars().any(|c| unsafe_char(c, true)), "{once:?}");
        prop_assert_eq!(load::sanitize::sanitize(&once), once.as_str());
        let line = load::sanitize::sanitize_line(&text);
        prop_assert!(!line.chars().any(|c| unsafe_char(c, false)), "{line:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever an article holds, no cell of the drawn screen holds a control character.
    #[test]
    fn no_control_character_reaches_a_cell(
        title in hostile_text(),
        body in hostile_text(),
        width in 20u16..130,
        height in 8u16..45,
    ) {
        let json = serde_json::json!({"title": title, "text": format!("{body} Abbas Araghchi said “{body}”.")});
        let bytes: &'static [u8] = Box::leak(json.to_string().into_bytes().into_boxed_slice());
        let text: &'static [u8] = Box::leak(format!("{title}\n{body}\n").into_bytes().into_boxed_slice());
        let inputs = [
            Input::Bundled { name: "a.json", bytes },
            Input::Bundled { name: "b.txt", bytes: text },
        ];
        let corpus = corpus::build(&inputs, Vec::new()).0;
        prop_assert!(!corpus.articles.is_empty(), "{:?}", corpus.warnings);
        let mut app = App::ready(corpus, Theme::new(ColorMode::Ansi16), width, height);
        for pane in [Pane::Articles, Pane::Text, Pane::Entities, Pane::Quotes] {
            app::update(&mut app, Msg::Focus(pane));
            app::settle(&mut app);
            let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
            terminal.draw(|f| ui::draw(&app, f)).unwrap();
            for cell in terminal.backend().buffer().content() {
                prop_assert!(
                    !cell.symbol().chars().any(|c| c.is_control() || load::sanitize::is_bidi_control(c)),
                    "{:?} in a cell ({pane:?}, {width}x{height})",
                    cell.symbol()
                );
            }
        }
    }
}
