//! Print the model's span decisions for a text on stdin (development aid).
use std::io::Read;

use lede::extract::{gazetteer::GAZETTEER, lexicon, spans, token};

fn main() {
    let mut body = String::new();
    let _ = std::io::stdin().read_to_string(&mut body);
    let tokens = token::tokenize(&body);
    let sports = GAZETTEER.is_sports_headline(body.lines().next().unwrap_or(""));
    let lex = lexicon::look_up(&body, &tokens);
    let doc = spans::Doc::new(&body, &tokens, &lex, sports);
    for d in spans::decide_all(&doc, &body, &tokens, sports) {
        println!("{d}");
    }
}
