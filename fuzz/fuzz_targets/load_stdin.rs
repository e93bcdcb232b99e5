//! Any bytes on standard input, the format sniffed: no panic, nothing unsafe in an article.
#![no_main]

use lede::load::parse_bytes;
use libfuzzer_sys::fuzz_target;

mod check;

fuzz_target!(|bytes: &[u8]| {
    check::loaded(&parse_bytes("<stdin>", bytes, None));
});
