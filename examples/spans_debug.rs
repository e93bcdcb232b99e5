//! Print the model's span decisions for a text on stdin (development aid).
use std::io::Read;

use lede::extract::{gazetteer::GAZETTEER, spans, token};

fn main() {
    let mut body = String::new();
    let _ = std::io::stdin().read_to_string(&mut body);
    let tokens = token::tokenize(&body);
    let sports = GAZETTEER.is_sports_headline(body.lines().next().unwrap_or(""));
    let doc = spans::Doc::new(&body, &tokens, sports);
    for d in spans::decide_all(&doc, &body, &tokens, sports) {
        println!("{d}");
    }
}
