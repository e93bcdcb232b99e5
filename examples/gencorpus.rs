//! A deterministic corpus generator for benchmarks: realistic wire-style articles in every input
//! format, with recurring people, countries and organisations, spelling variants and quotes.
//!
//!     cargo run --release --example gencorpus -- --articles 100000 --out /tmp/corpus100k
//!
//! The same arguments always give the same files. Most articles go into JSON Lines shards of
//! 1,000 (`--one-file` puts them all in one big .jsonl instead); every 50th is a .txt, every
//! 50th (offset) a .md, every 100th a .json file.

use std::fs;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

/// splitmix64: a small, well-known deterministic generator (no need for randomness quality).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const FIRST: &[&str] = &[
    "Abbas", "Maria", "John", "Fatima", "Li", "Olga", "Carlos", "Aisha", "David", "Yuki", "Pierre",
    "Amina", "Viktor", "Sarah", "Ahmed", "Elena", "Kwame", "Hannah", "Raj", "Sofia", "Tomas",
    "Leila", "Michael", "Ingrid", "Jorge", "Nadia", "Samuel", "Mei", "Omar", "Claire",
];
const LAST: &[&str] = &[
    "Araghchi",
    "Okafor",
    "Lindqvist",
    "Haddad",
    "Moreau",
    "Petrov",
    "Nakamura",
    "Castillo",
    "Whitmore",
    "Rahimi",
    "Kowalski",
    "Mensah",
    "Fischer",
    "Delgado",
    "Iyer",
    "Novak",
    "Sato",
    "Brennan",
    "Zhou",
    "Abdullah",
    "Carvalho",
    "Dubois",
    "Eriksen",
    "Gallagher",
    "Horvath",
    "Kimura",
    "Lorenzo",
    "Mbeki",
    "Ortega",
    "Quinlan",
];
const TITLES: &[&str] = &[
    "Foreign Minister",
    "President",
    "Prime Minister",
    "spokesperson",
    "special envoy",
    "Defence Minister",
    "Senator",
    "Ambassador",
    "chief executive",
    "Governor",
];
const COUNTRIES: &[&str] = &[
    "Iran",
    "the United States",
    "Oman",
    "Israel",
    "Iraq",
    "Lebanon",
    "Germany",
    "France",
    "Brazil",
    "Nigeria",
    "India",
    "China",
    "Japan",
    "Kenya",
    "Mexico",
    "Turkey",
    "Egypt",
    "Canada",
    "Australia",
    "South Korea",
];
const DEMONYMS: &[&str] = &[
    "Iranian",
    "American",
    "Omani",
    "Israeli",
    "Iraqi",
    "German",
    "French",
    "Brazilian",
    "Nigerian",
    "Indian",
    "Chinese",
    "Japanese",
    "Kenyan",
    "Mexican",
    "Turkish",
    "Egyptian",
];
const ORGS: &[&str] = &[
    "the United Nations",
    "NATO",
    "the European Union",
    "Reuters",
    "Al Jazeera",
    "the World Bank",
    "the International Monetary Fund",
    "the Red Cross",
    "Amnesty International",
    "the World Health Organization",
    "OPEC",
    "the African Union",
    "Greenpeace",
    "the Islamic Revolutionary Guard Corps (IRGC)",
    "the Ministry of Finance",
];
const TOPICS: &[&str] = &[
    "talks on the nuclear programme",
    "a new trade agreement",
    "the refugee crisis",
    "sanctions relief",
    "a ceasefire proposal",
    "rising fuel prices",
    "the election results",
    "a drought in the region",
    "the central bank's interest rate decision",
    "border security",
];
const QUOTES: &[&str] = &[
    "We are ready to continue the talks, but only on fair terms",
    "This is a good start, and we hope the next round brings more",
    "Nobody wants a war, and nobody will win one",
    "The numbers speak for themselves",
    "We will not accept any deal that ignores our people",
    "There is still a long way to go before an agreement",
    "I don't think anyone expected this outcome",
    "Our position has not changed since last year",
];
const FILLER: &[&str] = &[
    "Officials met behind closed doors for several hours on Tuesday.",
    "Analysts said the outcome would depend on the coming weeks.",
    "The meeting was the third of its kind this year.",
    "Markets reacted cautiously to the news, with prices mostly flat.",
    "Diplomats described the atmosphere as tense but constructive.",
    "Critics argued that the plan left too many questions unanswered.",
    "The proposal is expected to be debated again next month.",
    "Local residents said they were watching the developments closely.",
];

struct Person {
    first: &'static str,
    last: &'static str,
    title: &'static str,
}

fn misspell(last: &str, rng: &mut Rng) -> String {
    // Drop or double one inner letter: "Araghchi" -> "Arachi", "Okaffor".
    let chars: Vec<char> = last.chars().collect();
    let i = 1 + rng.below(chars.len().saturating_sub(2).max(1));
    let mut out: String = chars[..i].iter().collect();
    if rng.below(2) == 0 {
        out.push(chars[i]);
    }
    out.extend(&chars[i..]);
    out
}

fn article(n: usize, rng: &mut Rng, people: &[Person]) -> (String, String) {
    let a = &people[rng.below(people.len())];
    let b = &people[rng.below(people.len())];
    let country = rng.pick(COUNTRIES);
    let other = rng.pick(COUNTRIES);
    let demonym = rng.pick(DEMONYMS);
    let org = rng.pick(ORGS);
    let topic = rng.pick(TOPICS);
    let title = format!(
        "{} officials discuss {} with {}",
        demonym,
        topic,
        other.trim_start_matches("the ")
    );
    let mut body = String::with_capacity(5000);
    body.push_str(&format!(
        "{demonym} officials described the latest round of {topic} with {other} as “constructive,” \
         according to {org}.\n"
    ));
    body.push_str(&format!(
        "{} {} {} led the delegation from {country}, while {} {} {} represented {other}.\n",
        a.title, a.first, a.last, b.title, b.first, b.last
    ));
    // About 5 KB an article on average, like wire copy (100,000 articles ≈ 500 MB).
    let paragraphs = 20 + rng.below(26);
    for p in 0..paragraphs {
        match rng.below(5) {
            0 => body.push_str(&format!("“{},” {} said.\n", rng.pick(QUOTES), a.last)),
            1 => body.push_str(&format!(
                "{} told reporters that “{}.”\n",
                b.last,
                rng.pick(QUOTES).to_lowercase()
            )),
            2 => {
                let variant = if rng.below(8) == 0 {
                    misspell(a.last, rng)
                } else {
                    a.last.to_string()
                };
                body.push_str(&format!(
                    "As {variant} noted on Friday, {country} and {other} have met {} times since {}.\n",
                    2 + p,
                    1990 + rng.below(35)
                ));
            }
            3 => body.push_str(&format!(
                "A statement from {org} said the “situation remains fragile” and urged calm.\n"
            )),
            _ => {
                for _ in 0..4 {
                    body.push_str(rng.pick(FILLER));
                    body.push(' ');
                }
                body.push('\n');
            }
        }
    }
    body.push_str(&format!("Reporting by newsroom {n}.\n"));
    (title, body)
}

const USAGE: &str = "usage: gencorpus [--articles N] [--out DIR] [--seed S] [--one-file]

Writes a deterministic corpus of wire-style articles for benchmarks (default: 10000 articles
into ./corpus, seed 42): JSON Lines shards of 1,000, with .txt, .md and .json files among them.
--one-file puts every JSON Lines article in one big file.";

fn main() -> std::io::Result<()> {
    let mut articles = 10_000usize;
    let mut out = PathBuf::from("corpus");
    let mut seed = 42u64;
    let mut one_file = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--articles" => articles = args.next().and_then(|v| v.parse().ok()).unwrap_or(articles),
            "--out" => out = args.next().map(PathBuf::from).unwrap_or(out),
            "--seed" => seed = args.next().and_then(|v| v.parse().ok()).unwrap_or(seed),
            "--one-file" => one_file = true,
            "--help" | "-h" => {
                println!("{USAGE}");
                return Ok(());
            }
            _ => {
                eprintln!("{USAGE}");
                std::process::exit(2);
            }
        }
    }
    fs::create_dir_all(&out)?;
    let mut rng = Rng(seed);
    let people: Vec<Person> = (0..300)
        .map(|_| Person {
            first: rng.pick(FIRST),
            last: rng.pick(LAST),
            title: rng.pick(TITLES),
        })
        .collect();
    let mut shard: Option<BufWriter<fs::File>> = None;
    let mut shard_no: Option<usize> = None;
    let mut bytes = 0usize;
    for n in 0..articles {
        let (title, body) = article(n, &mut rng, &people);
        bytes += body.len();
        let date = format!("2026-{:02}-{:02}", 1 + n % 12, 1 + n % 28);
        if n % 50 == 0 {
            fs::write(out.join(format!("a{n:06}.txt")), format!("{title}\n{body}"))?;
        } else if n % 50 == 25 {
            let md = format!(
                "---\ntitle: \"{title}\"\ndate: {date}\nsource: Generated Wire\n---\n\n{body}"
            );
            fs::write(out.join(format!("a{n:06}.md")), md)?;
        } else if n % 100 == 37 {
            let json = serde_json::json!({"id": format!("g{n}"), "headline": title, "text": body, "date": date});
            fs::write(out.join(format!("a{n:06}.json")), json.to_string())?;
        } else {
            let wanted = if one_file { 0 } else { n / 1000 };
            if shard_no != Some(wanted) {
                shard_no = Some(wanted);
                if let Some(mut w) = shard.take() {
                    w.flush()?;
                }
                let file = fs::File::create(out.join(format!("shard{wanted:04}.jsonl")))?;
                shard = Some(BufWriter::new(file));
            }
            if let Some(w) = shard.as_mut() {
                let line = serde_json::json!({"id": format!("g{n}"), "title": title, "body": body, "published": date, "source": "Generated Wire"});
                writeln!(w, "{line}")?;
            }
        }
    }
    if let Some(mut w) = shard {
        w.flush()?;
    }
    eprintln!(
        "wrote {articles} articles, {:.1} MB of text, to {}",
        bytes as f64 / 1e6,
        out.display()
    );
    Ok(())
}
