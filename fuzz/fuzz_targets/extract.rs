//! Any sanitised text through extraction: no panic, and every span inside the body on
//! character boundaries.
#![no_main]

use lede::extract::extract;
use lede::load::sanitize::sanitize;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let text = String::from_utf8_lossy(bytes);
    let body = sanitize(&text);
    let found = extract(&body);
    for entity in &found.entities {
        for &(start, end) in &entity.mentions {
            assert!(
                start <= end && end <= body.len(),
                "mention {start}..{end} outside the body"
            );
            assert!(body.is_char_boundary(start) && body.is_char_boundary(end));
        }
    }
    for q in &found.quotes {
        assert!(
            q.start <= q.end && q.end <= body.len(),
            "quote {q:?} outside the body"
        );
        assert!(body.is_char_boundary(q.start) && body.is_char_boundary(q.end));
    }
});
