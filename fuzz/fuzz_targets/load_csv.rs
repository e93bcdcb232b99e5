//! Any bytes read as a Csv input: no panic, and nothing unsafe reaches an article.
#![no_main]

use lede::load::{Format, parse_bytes};
use libfuzzer_sys::fuzz_target;

mod check;

fuzz_target!(|bytes: &[u8]| {
    check::loaded(&parse_bytes("fuzz.in", bytes, Some(Format::Csv)));
});
