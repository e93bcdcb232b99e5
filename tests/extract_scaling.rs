//! No input makes extraction or merging super-linear: each pattern that once took minutes
//! (issue 15) is run at size N and 4N, and the work counted (comparisons, edit-distance cells,
//! tokens visited by the speaker search) must grow less than 6 times (linear is 4, quadratic 16).

use lede::corpus;
use lede::extract::{self, work};
use lede::model::Article;

/// splitmix64, for names that differ.
fn rng(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn letters(state: &mut u64, n: usize) -> String {
    (0..n)
        .map(|_| (b'a' + (rng(state) % 26) as u8) as char)
        .collect()
}

/// Work to extract and merge these bodies, all on this thread.
fn work_for(bodies: &[String]) -> u64 {
    work::take();
    let articles: Vec<Article> = bodies
        .iter()
        .enumerate()
        .map(|(i, b)| Article {
            id: format!("a{i}").into(),
            body: b.clone(),
            ..Article::default()
        })
        .collect();
    let extractions = articles
        .iter()
        .map(|a| extract::extract_article(&a.title, &a.body))
        .collect();
    let corpus = corpus::merge(articles, extractions, Vec::new());
    std::hint::black_box(corpus);
    work::take()
}

fn assert_linear(label: &str, small: u64, large: u64) {
    let ratio = large as f64 / small.max(1) as f64;
    eprintln!("{label}: work {small} -> {large} (x{ratio:.2})");
    assert!(ratio < 6.0, "{label}: work grew x{ratio:.2} for 4x input");
}

#[test]
fn many_articles_each_naming_a_different_john_merge_linearly() {
    let make = |n: usize| {
        let mut s = 7;
        (0..n)
            .map(|_| {
                let name = format!("S{}", letters(&mut s, 7));
                format!("John {name} arrived in Paris. John {name} said nothing.")
            })
            .collect::<Vec<_>>()
    };
    assert_linear(
        "different Johns",
        work_for(&make(500)),
        work_for(&make(2000)),
    );
}

#[test]
fn one_article_with_many_surnames_and_speakers_is_linear() {
    let make = |n: usize| {
        let mut s = 11;
        let names: Vec<String> = (0..n).map(|_| format!("S{}", letters(&mut s, 6))).collect();
        let mut body = String::new();
        for name in &names {
            body.push_str(&format!("John {name} arrived. "));
        }
        for name in &names {
            body.push_str(&format!("Later {name} said “no”. "));
        }
        vec![body]
    };
    assert_linear(
        "surnames and speakers",
        work_for(&make(250)),
        work_for(&make(1000)),
    );
}

#[test]
fn very_long_surnames_are_not_compared_letter_by_letter() {
    let make = |n: usize| {
        let mut s = 13;
        let a = format!("S{}", letters(&mut s, n));
        let b = format!("{a}x");
        vec![
            format!("John {a} arrived. John {a} said “yes”."),
            format!("John {b} left. John {b} said “no”."),
        ]
    };
    assert_linear(
        "long surnames",
        work_for(&make(2000)),
        work_for(&make(8000)),
    );
}

#[test]
fn adjacent_quotes_are_paired_and_attributed_linearly() {
    let make = |n: usize| vec![format!("Ann Lee said {}.", "“a” ".repeat(n))];
    assert_linear(
        "adjacent quotes",
        work_for(&make(2000)),
        work_for(&make(8000)),
    );
}

/// Many one-word names that look like plurals ("Mr Xqwerts"): whether each is a countable noun
/// is read from one pass over the text, not one per name.
#[test]
fn many_plural_looking_names_in_one_article_are_checked_linearly() {
    let make = |n: usize| {
        let mut s = 11;
        let body: String = (0..n)
            .map(|_| {
                let name = format!("X{}s", letters(&mut s, 6));
                format!("Mr {name} said the {name} plan was good. ")
            })
            .collect();
        vec![body]
    };
    assert_linear(
        "plural-looking names",
        work_for(&make(500)),
        work_for(&make(2000)),
    );
}
