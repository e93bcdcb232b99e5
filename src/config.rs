//! The user's configuration: `$XDG_CONFIG_HOME/lede/config.toml` (or the file `LEDE_CONFIG`
//! names). Built-in defaults first, the file merged over them: key bindings by action name,
//! colours, default sort orders, scare-quote visibility, minimum confidence, export format and
//! folder. A missing file is fine; a malformed one is reported with its line and the defaults
//! stay in force, for that line or (when the file does not parse at all) for everything.

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use ratatui::style::Color;
use serde::Deserialize;
use toml::Spanned;

use crate::app::Command;
use crate::app::keymap::{Context, Key, UserBinding};
use crate::app::lists::{ArticleSort, EntitySort, QuoteSort, Sorts, SpeakerSort};
use crate::export::Format;
use crate::theme::{Colors, Preset};

/// The commented default configuration (`lede config --print-default`).
pub const DEFAULT: &str = include_str!("../assets/config/default.toml");

/// Settings, defaults merged with the user's file.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub preset: Preset,
    pub colors: Colors,
    pub show_scare: bool,
    /// Entities and quotes below this confidence are left out (`min_confidence_hook`).
    pub min_confidence: f32,
    pub sorts: Sorts,
    pub export_format: Option<Format>,
    pub export_dir: Option<PathBuf>,
    pub keys: Vec<UserBinding>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            preset: Preset::Dark,
            colors: Colors::default(),
            show_scare: false,
            min_confidence: 0.0,
            sorts: Sorts::default(),
            export_format: None,
            export_dir: None,
            keys: Vec::new(),
        }
    }
}

/// Something in the file that could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: Option<usize>,
    pub message: String,
}

/// A configuration as loaded: where from, and what was wrong with it.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub config: Config,
    pub path: Option<PathBuf>,
    pub problems: Vec<Problem>,
}

impl Loaded {
    /// The problems as `file:line: message` lines.
    pub fn messages(&self) -> Vec<String> {
        let file = self
            .path
            .as_ref()
            .map_or("config".to_string(), |p| p.display().to_string());
        self.problems
            .iter()
            .map(|p| match p.line {
                Some(l) => format!("{file}:{l}: {}", p.message),
                None => format!("{file}: {}", p.message),
            })
            .collect()
    }

    /// The problems as warnings (the explorer lists them with the load warnings, `w`).
    pub fn warnings(&self) -> Vec<crate::load::LoadWarning> {
        let file = self
            .path
            .as_ref()
            .map_or("config".to_string(), |p| p.display().to_string());
        self.problems
            .iter()
            .map(|p| match p.line {
                Some(l) => crate::load::LoadWarning::at_line(&file, l, p.message.clone()),
                None => crate::load::LoadWarning::new(&file, p.message.clone()),
            })
            .collect()
    }
}

/// Where the configuration is read from: `LEDE_CONFIG`, else
/// `$XDG_CONFIG_HOME/lede/config.toml`, else `~/.config/lede/config.toml`.
pub fn path() -> Option<PathBuf> {
    let var = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if let Some(p) = var("LEDE_CONFIG") {
        return Some(p);
    }
    var("XDG_CONFIG_HOME")
        .filter(|p| p.is_absolute())
        .or_else(|| var("HOME").map(|h| h.join(".config")))
        .map(|p| p.join("lede").join("config.toml"))
}

/// Load the user's configuration (defaults when there is none).
pub fn load() -> Loaded {
    match path() {
        Some(p) => load_from(&p),
        None => Loaded::default(),
    }
}

pub fn load_from(path: &Path) -> Loaded {
    let mut loaded = Loaded {
        path: Some(path.to_path_buf()),
        ..Loaded::default()
    };
    match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => {
                let (config, problems) = parse(&text);
                loaded.config = config;
                loaded.problems = problems;
            }
            Err(_) => loaded.problems.push(Problem {
                line: None,
                message: "not UTF-8 text; using the defaults".into(),
            }),
        },
        // No file (or no folder): the defaults, and nothing to say, unless the user named it.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if std::env::var_os("LEDE_CONFIG").is_some_and(|v| Path::new(&v) == path) {
                loaded.problems.push(Problem {
                    line: None,
                    message: "LEDE_CONFIG names a file that does not exist; using the defaults"
                        .into(),
                });
            }
        }
        Err(e) => loaded.problems.push(Problem {
            line: None,
            message: format!("cannot read: {e}; using the defaults"),
        }),
    }
    loaded
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct Raw {
    theme: Option<Spanned<String>>,
    scare_quotes: Option<bool>,
    min_confidence: Option<Spanned<f64>>,
    sort: RawSort,
    export: RawExport,
    colors: std::collections::BTreeMap<String, Spanned<String>>,
    keys: std::collections::BTreeMap<
        String,
        Spanned<std::collections::BTreeMap<String, Spanned<KeySpec>>>,
    >,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct RawSort {
    articles: Option<Spanned<String>>,
    entities: Option<Spanned<String>>,
    quotes: Option<Spanned<String>>,
    speakers: Option<Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct RawExport {
    format: Option<Spanned<String>>,
    dir: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum KeySpec {
    One(String),
    Many(Vec<String>),
}

/// The 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Parse a configuration; what cannot be used is reported (with its line) and left at its
/// default.
pub fn parse(text: &str) -> (Config, Vec<Problem>) {
    let mut config = Config::default();
    let mut problems = Vec::new();
    let raw: Raw = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(e) => {
            problems.push(Problem {
                line: e.span().map(|s| line_of(text, s.start)),
                message: format!(
                    "{}; using the defaults",
                    e.message().trim_end().replace('\n', " ")
                ),
            });
            return (config, problems);
        }
    };
    let mut problem = |span: std::ops::Range<usize>, message: String| {
        problems.push(Problem {
            line: Some(line_of(text, span.start)),
            message,
        });
    };
    if let Some(t) = raw.theme {
        match t.get_ref().as_str() {
            "dark" => config.preset = Preset::Dark,
            "light" => config.preset = Preset::Light,
            other => problem(
                t.span(),
                format!("theme {other:?}: expected \"dark\" or \"light\""),
            ),
        }
    }
    if let Some(s) = raw.scare_quotes {
        config.show_scare = s;
    }
    if let Some(c) = raw.min_confidence {
        let v = *c.get_ref();
        if (0.0..=1.0).contains(&v) {
            config.min_confidence = v as f32;
        } else {
            problem(c.span(), format!("min_confidence {v}: expected 0 to 1"));
        }
    }
    macro_rules! sort {
        ($field:ident, $ty:ty, $($name:literal => $v:expr),*) => {
            if let Some(s) = raw.sort.$field {
                match s.get_ref().as_str() {
                    $($name => config.sorts.$field = $v,)*
                    other => problem(
                        s.span(),
                        format!(
                            "sort.{} {other:?}: expected {}",
                            stringify!($field),
                            [$($name),*].join(", ")
                        ),
                    ),
                }
            }
        };
    }
    sort!(articles, ArticleSort, "relevance" => ArticleSort::Relevance, "date" => ArticleSort::Date, "title" => ArticleSort::Title);
    sort!(entities, EntitySort, "articles" => EntitySort::Articles, "mentions" => EntitySort::Mentions, "name" => EntitySort::Name);
    sort!(quotes, QuoteSort, "article" => QuoteSort::Article, "speaker" => QuoteSort::Speaker, "date" => QuoteSort::Date);
    sort!(speakers, SpeakerSort, "quotes" => SpeakerSort::Quotes, "articles" => SpeakerSort::Articles, "name" => SpeakerSort::Name);
    if let Some(f) = raw.export.format
        && !f.get_ref().trim().is_empty()
    {
        match Format::parse(f.get_ref()) {
            Some(format) => config.export_format = Some(format),
            None => problem(
                f.span(),
                format!("export.format {:?}: expected csv, jsonl or md", f.get_ref()),
            ),
        }
    }
    if let Some(d) = raw.export.dir.filter(|d| !d.trim().is_empty()) {
        config.export_dir = Some(expand_home(&d));
    }
    for (role, value) in &raw.colors {
        match Color::from_str(value.get_ref().trim()) {
            Ok(color) => {
                if !config.colors.set(role, color) {
                    problem(
                        value.span(),
                        format!(
                            "colors.{role}: no such role (person, country, organisation, quote, accent, dim, border)"
                        ),
                    );
                }
            }
            Err(_) => problem(
                value.span(),
                format!(
                    "colors.{role} {:?}: not a colour (a name, a number 0-255 or #rrggbb)",
                    value.get_ref()
                ),
            ),
        }
    }
    for (place, table) in &raw.keys {
        let Some(context) = Context::from_name(place) else {
            problem(
                table.span(),
                format!(
                    "keys.{place}: no such place (global, articles, text, entities, quotes, speakers, filter, prompt, view, quote, entity)"
                ),
            );
            continue;
        };
        for (action, spec) in table.get_ref() {
            let line = line_of(text, spec.span().start);
            let Some(command) = Command::from_name(action) else {
                problem(
                    spec.span(),
                    format!(
                        "keys.{place}.{action}: no such action (lede config --actions lists them)"
                    ),
                );
                continue;
            };
            let names: Vec<&str> = match spec.get_ref() {
                KeySpec::One(k) => vec![k.as_str()],
                KeySpec::Many(ks) => ks.iter().map(String::as_str).collect(),
            };
            let mut keys = Vec::new();
            for name in names {
                match Key::parse(name.trim()) {
                    Some(k) => keys.push(k),
                    None => problem(
                        spec.span(),
                        format!(
                            "keys.{place}.{action}: {name:?} is not a key (j, G, C-d, Enter, PgDn…)"
                        ),
                    ),
                }
            }
            config.keys.push(UserBinding {
                context,
                command,
                keys,
                line,
            });
        }
    }
    (config, problems)
}

/// `~/notes` as the user means it.
fn expand_home(path: &str) -> PathBuf {
    match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(path),
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "line {l}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// Leave out entities and quotes below `min` confidence, on every load path (explorer,
/// `lede extract`), before corrections apply.
pub fn min_confidence_hook(corpus: &mut crate::model::Corpus, min: f32) {
    if min > 0.0 {
        corpus.retain_confident(min);
    }
}

/// Every action a key can be bound to, with what it does (`lede config --actions`).
pub fn actions_text() -> String {
    let mut out = String::new();
    for c in Command::ALL {
        out.push_str(&format!("{:<18} {}\n", c.name(), c.description()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_file_reads_as_the_defaults() {
        let (config, problems) = parse(DEFAULT);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(config, Config::default());
    }

    #[test]
    fn an_empty_file_is_the_defaults() {
        assert_eq!(parse(""), (Config::default(), Vec::new()));
    }

    #[test]
    fn settings_are_read() {
        let (c, problems) = parse(
            "theme = \"light\"\nscare_quotes = true\nmin_confidence = 0.5\n[sort]\narticles = \"date\"\n[export]\nformat = \"md\"\n[colors]\nperson = \"#ff8800\"\n[keys.entities]\nmerge = \"M\"\n[keys.global]\ndown = [\"j\", \"C-n\"]\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(c.preset, Preset::Light);
        assert!(c.show_scare);
        assert_eq!(c.min_confidence, 0.5);
        assert_eq!(c.sorts.articles, ArticleSort::Date);
        assert_eq!(c.export_format, Some(Format::Md));
        assert_eq!(c.colors.person, Some(Color::Rgb(255, 136, 0)));
        assert_eq!(c.keys.len(), 2);
        let down = c.keys.iter().find(|k| k.command == Command::Down).unwrap();
        assert_eq!(down.keys.len(), 2);
        assert_eq!(down.line, 13);
    }

    #[test]
    fn a_malformed_file_gives_its_line_and_the_defaults() {
        let (c, problems) = parse("theme = \"dark\"\n\n[sort\narticles = \"date\"\n");
        assert_eq!(c, Config::default());
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, Some(3), "{problems:?}");
        let (c, problems) = parse("scare_quotes = true\nbogus = 1\n");
        assert_eq!(problems[0].line, Some(2), "{problems:?}");
        assert!(problems[0].message.contains("bogus"), "{problems:?}");
        assert_eq!(c, Config::default());
    }

    #[test]
    fn a_bad_value_is_reported_on_its_line_and_the_rest_applies() {
        let (c, problems) = parse(
            "scare_quotes = true\n[sort]\narticles = \"newest\"\n[colors]\nperson = \"mauve-ish\"\n[keys.global]\nfly = \"f\"\ndown = \"X-9\"\n[keys.nowhere]\nup = \"k\"\n",
        );
        assert!(c.show_scare);
        let lines: Vec<Option<usize>> = problems.iter().map(|p| p.line).collect();
        assert_eq!(
            lines,
            [Some(3), Some(5), Some(8), Some(7), Some(9)],
            "{problems:?}"
        );
        assert_eq!(c.sorts.articles, ArticleSort::Relevance);
    }
}
