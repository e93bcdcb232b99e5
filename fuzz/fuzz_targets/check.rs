//! What every loader promises about what it returns, checked on each fuzz input.

use lede::load::Loaded;

/// Bodies keep newlines and nothing else below U+0020; one-line fields keep nothing.
pub fn loaded(loaded: &Loaded) {
    for a in &loaded.articles {
        assert!(!a.body.trim().is_empty(), "empty body kept: {a:?}");
        assert!(safe(&a.body, true), "unsafe body: {:?}", a.body);
        for field in [&a.id, &a.title, &a.path] {
            assert!(safe(field, false), "unsafe field: {field:?}");
        }
        for field in [&a.dateline, &a.date, &a.url, &a.author, &a.outlet]
            .into_iter()
            .flatten()
        {
            assert!(safe(field, false), "unsafe field: {field:?}");
        }
    }
    for w in &loaded.warnings {
        assert!(
            safe(&w.path, false) && safe(&w.message, false),
            "unsafe warning: {w:?}"
        );
    }
}

fn safe(text: &str, newlines: bool) -> bool {
    text.chars().all(|c| {
        !(c.is_control() && !(newlines && c == '\n'))
            && !lede::load::sanitize::is_bidi_control(c)
            && !matches!(c, '\u{200B}' | '\u{FEFF}' | '\u{2028}' | '\u{2029}')
    })
}
