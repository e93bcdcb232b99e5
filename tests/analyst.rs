//! The analyst's workflow (issue 13), in the app and through the binary: corrections made with
//! keys survive a restart and show in `lede extract --json`; undo; stale corrections are
//! reported; exports parse back and match the pane; formula cells are escaped; history, saved
//! searches and marks survive a restart; a malformed config names its line and the defaults
//! keep working; a damaged state file is moved aside; a rebinding changes the help screen.

use std::path::Path;
use std::process::Command as Process;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use lede::app::keymap::Keymap;
use lede::app::view::help_lines;
use lede::app::{self, App, Effect, EntityRow};
use lede::corrections::Correction;
use lede::filter::fixture;
use lede::model::EntityKind;
use lede::state::{CorpusKey, StateDir};
use lede::ui::theme::Theme;

fn key(app: &mut App, code: KeyCode, mods: KeyModifiers) {
    if let Some(msg) = app.msg_for_key(&KeyEvent::new(code, mods)) {
        app::update(app, msg);
    }
    app::settle(app);
}

fn press(app: &mut App, code: KeyCode) {
    key(app, code, KeyModifiers::NONE);
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

/// Write what the app asked to keep, as the event loop does; returns the exports it asked for.
fn persist(app: &mut App, state: &StateDir) -> Vec<app::ExportJob> {
    let mut exports = Vec::new();
    for e in app.take_effects() {
        match e {
            Effect::Save(s) => lede::tui::save_state(state, &s).unwrap(),
            Effect::Export(job) => exports.push(job),
            _ => {}
        }
    }
    exports
}

/// A fresh app on the fixture corpus with what `state` kept, as the explorer starts.
fn start(state: &StateDir) -> App {
    let mut app = App::new(Theme::default(), 120, 40);
    let stored = state.load();
    assert!(stored.warnings.is_empty(), "{:?}", stored.warnings);
    app.restore(stored);
    app.load_now(fixture::corpus());
    app
}

fn names(app: &App) -> Vec<String> {
    let c = app.corpus().unwrap();
    c.entities.iter().map(|e| e.name.clone()).collect()
}

fn select_entity(app: &mut App, name: &str) {
    press(app, KeyCode::Char('3'));
    let c = app.corpus().unwrap().clone();
    let row = app
        .entity_rows
        .iter()
        .position(|r| matches!(r, EntityRow::Entity(h) if c.entity(h.id).name == name))
        .unwrap_or_else(|| panic!("{name} is not listed"));
    app.entities.selected = row;
}

fn state_in(dir: &Path) -> StateDir {
    StateDir::new(dir, CorpusKey::bundled())
}

#[test]
fn each_correction_made_with_keys_survives_a_restart_and_undo_takes_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let state = state_in(dir.path());
    let mut app = start(&state);

    // m: merge Yadollah Javani into Abbas Araghchi, chosen by typing.
    select_entity(&mut app, "Yadollah Javani");
    press(&mut app, KeyCode::Char('M'));
    type_text(&mut app, "araghchi");
    press(&mut app, KeyCode::Enter);
    assert!(!names(&app).contains(&"Yadollah Javani".to_string()));
    assert!(
        app.message
            .as_deref()
            .unwrap()
            .starts_with("Merged Yadollah Javani into Abbas Araghchi")
    );
    // The selection follows the merged entity.
    let c = app.corpus().unwrap().clone();
    assert_eq!(
        c.entity(app.selected_entity().unwrap().id).name,
        "Abbas Araghchi"
    );

    // r: rename Steve Witkoff.
    select_entity(&mut app, "Steve Witkoff");
    press(&mut app, KeyCode::Char('R'));
    key(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    type_text(&mut app, "Steven Witkoff");
    press(&mut app, KeyCode::Enter);
    // x: hide the United Nations.
    select_entity(&mut app, "United Nations");
    press(&mut app, KeyCode::Char('X'));
    // K: Oman is an organisation.
    select_entity(&mut app, "Oman");
    press(&mut app, KeyCode::Char('K'));
    type_text(&mut app, "org");
    press(&mut app, KeyCode::Enter);
    persist(&mut app, &state);

    let check = |app: &App| {
        let c = app.corpus().unwrap();
        let n = names(app);
        assert!(!n.contains(&"Yadollah Javani".to_string()), "{n:?}");
        assert!(n.contains(&"Steven Witkoff".to_string()), "{n:?}");
        assert!(!n.contains(&"Steve Witkoff".to_string()), "{n:?}");
        assert!(!n.contains(&"United Nations".to_string()), "{n:?}");
        let oman = c.entities.iter().find(|e| e.name == "Oman").unwrap();
        assert_eq!(oman.kind, EntityKind::Organisation);
        // Javani's quote is Araghchi's now.
        let q = c
            .quotes
            .iter()
            .find(|q| c.quote_text(q).starts_with("Unveiling"))
            .unwrap();
        assert_eq!(c.entity(q.speaker.unwrap()).name, "Abbas Araghchi");
    };
    check(&app);

    // Quit and start again: the same corrections, from the file.
    let mut again = start(&state);
    check(&again);
    let text = std::fs::read_to_string(state.path(lede::state::CORRECTIONS)).unwrap();
    assert_eq!(
        text.lines().filter(|l| l.starts_with('{')).count(),
        4,
        "{text}"
    );

    // u takes back the last one (the kind), and that is kept too.
    press(&mut again, KeyCode::Char('u'));
    persist(&mut again, &state);
    let c = again.corpus().unwrap();
    assert_eq!(
        c.entities.iter().find(|e| e.name == "Oman").unwrap().kind,
        EntityKind::Country
    );
    assert!(
        again
            .message
            .as_deref()
            .unwrap()
            .starts_with("Undone: Oman")
    );
    let third = start(&state);
    assert_eq!(third.corrections().len(), 3);
    let c = third.corpus().unwrap();
    assert_eq!(
        c.entities.iter().find(|e| e.name == "Oman").unwrap().kind,
        EntityKind::Country
    );
}

#[test]
fn history_saved_searches_and_marks_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let state = state_in(dir.path());
    let mut app = start(&state);
    for q in ["iran", "trump", "iran"] {
        press(&mut app, KeyCode::Char('/'));
        key(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
        type_text(&mut app, q);
        press(&mut app, KeyCode::Enter);
    }
    // Save "oman" with a pin under a name.
    press(&mut app, KeyCode::Char('/'));
    key(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    type_text(&mut app, "oman");
    key(&mut app, KeyCode::Char('s'), KeyModifiers::CONTROL);
    key(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    type_text(&mut app, "Oman talks");
    press(&mut app, KeyCode::Enter);
    assert!(app.message.as_deref().unwrap().contains("Oman talks"));
    // Star the first article, mark it reviewed.
    press(&mut app, KeyCode::Char('1'));
    press(&mut app, KeyCode::Char('*'));
    press(&mut app, KeyCode::Char('R'));
    let starred = app.selected_article().unwrap();
    persist(&mut app, &state);

    let mut app = start(&state);
    // Up walks the history, newest first, each filter once.
    press(&mut app, KeyCode::Char('/'));
    press(&mut app, KeyCode::Up);
    assert_eq!(app.input.text, "oman");
    press(&mut app, KeyCode::Up);
    assert_eq!(app.input.text, "iran");
    press(&mut app, KeyCode::Up);
    assert_eq!(app.input.text, "trump");
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    assert_eq!(app.input.text, "");
    press(&mut app, KeyCode::Esc);
    // The palette lists the saved search; Enter runs it.
    press(&mut app, KeyCode::Char(':'));
    type_text(&mut app, "oman talks");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.input.text, "oman");
    // Marks: star: and reviewed: list the marked article.
    assert!(app.is_starred_article(starred) && app.is_reviewed(starred));
    press(&mut app, KeyCode::Char('/'));
    key(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    type_text(&mut app, "star: ");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.article_list.as_slice(), [starred as u32]);
    press(&mut app, KeyCode::Char('/'));
    key(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    type_text(&mut app, "!reviewed:");
    press(&mut app, KeyCode::Enter);
    assert!(!app.article_list.contains(&(starred as u32)));
    assert_eq!(
        app.article_list.len(),
        app.corpus().unwrap().articles.len() - 1
    );
    // Unstarring with the filter on takes it out of the list.
    press(&mut app, KeyCode::Char('/'));
    key(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    type_text(&mut app, "star:");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('1'));
    press(&mut app, KeyCode::Char('*'));
    assert!(app.article_list.is_empty());
}

fn parse_csv(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_reader(bytes);
    let headers = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(String::from).collect())
        .collect();
    (headers, rows)
}

#[test]
fn exports_parse_back_and_hold_what_the_pane_lists() {
    let dir = tempfile::tempdir().unwrap();
    let state = state_in(dir.path());
    let mut app = start(&state);
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "iran");
    press(&mut app, KeyCode::Enter);
    let corpus = app.corpus().unwrap().clone();

    // The first e asks the format; the choice is kept.
    press(&mut app, KeyCode::Char('1'));
    press(&mut app, KeyCode::Char('E'));
    assert!(app.prompt().is_some());
    type_text(&mut app, "csv");
    press(&mut app, KeyCode::Enter);
    let jobs = persist(&mut app, &state);
    assert_eq!(jobs.len(), 1);
    let (headers, rows) = parse_csv(&jobs[0].bytes);
    assert_eq!(headers[0], "id");
    let ids: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    let listed: Vec<&str> = app
        .article_list
        .iter()
        .map(|&a| corpus.articles[a as usize].id.as_str())
        .collect();
    assert_eq!(ids, listed);
    assert_eq!(
        state.load().prefs.export_format,
        Some(lede::export::Format::Csv)
    );

    // Entities, in the pane's order; no second question.
    press(&mut app, KeyCode::Char('3'));
    press(&mut app, KeyCode::Char('E'));
    assert!(app.prompt().is_none());
    let jobs = persist(&mut app, &state);
    let (_, rows) = parse_csv(&jobs[0].bytes);
    let names: Vec<String> = app
        .entity_rows
        .iter()
        .filter_map(|r| match r {
            EntityRow::Entity(h) => Some(corpus.entity(h.id).name.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(rows.iter().map(|r| r[0].clone()).collect::<Vec<_>>(), names);

    // Quotes as JSON Lines (the format chosen again from the palette).
    press(&mut app, KeyCode::Char('4'));
    press(&mut app, KeyCode::Char(':'));
    type_text(&mut app, "export format");
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "jsonl");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('E'));
    let jobs = persist(&mut app, &state);
    let rows: Vec<serde_json::Value> = String::from_utf8(jobs[0].bytes.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), app.quote_list.len());
    for (row, hit) in rows.iter().zip(app.quote_list.iter()) {
        let q = &corpus.quotes[hit.quote as usize];
        let words = corpus
            .quote_text(q)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert_eq!(row["quote"], words.as_str());
        let speaker = q.speaker.map(|s| corpus.entity(s).name.clone());
        assert_eq!(row["speaker"].as_str().map(String::from), speaker);
        assert!(row["citation"].as_str().unwrap().contains(&words));
    }
    // Markdown: a header, a rule and a line per quote.
    let table = app.export_table().unwrap();
    let md = String::from_utf8(lede::export::to_bytes(&table, lede::export::Format::Md)).unwrap();
    assert_eq!(md.lines().count(), app.quote_list.len() + 2);
}

fn lede(args: &[&str], state: &Path, config: Option<&Path>) -> std::process::Output {
    let mut cmd = Process::new(env!("CARGO_BIN_EXE_lede"));
    cmd.args(args)
        .env("XDG_STATE_HOME", state)
        .env("XDG_CACHE_HOME", state.join("cache"))
        .env("XDG_CONFIG_HOME", state.join("config"))
        .env_remove("LEDE_CONFIG");
    if let Some(c) = config {
        cmd.env("LEDE_CONFIG", c);
    }
    cmd.output().unwrap()
}

fn entity_names(json_lines: &[u8]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for line in String::from_utf8_lossy(json_lines).lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        for e in v["entities"].as_array().unwrap() {
            out.push((
                e["name"].as_str().unwrap().to_string(),
                e["kind"].as_str().unwrap().to_string(),
            ));
        }
    }
    out
}

#[test]
fn corrections_show_in_extract_json_and_stale_ones_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let state = StateDir::new(&dir.path().join("lede"), CorpusKey::bundled());
    let before = lede(&["extract", "--json"], dir.path(), None);
    let names = entity_names(&before.stdout);
    let has = |n: &[(String, String)], name: &str| n.iter().any(|(x, _)| x == name);
    assert!(has(&names, "Marilyn") && has(&names, "Tom Cruise"));
    let p = |s: &str| serde_json::from_str::<Correction>(s).unwrap();
    state
        .save_corrections(&[
            p(r#"{"op":"merge","name":"Marilyn","kind":"person","into":"Andy Warhol"}"#),
            p(r#"{"op":"rename","name":"Harry Kane","kind":"person","to":"Harry Edward Kane"}"#),
            p(r#"{"op":"hide","name":"Tom Cruise","kind":"person"}"#),
            p(r#"{"op":"kind","name":"Mark Rathbun","kind":"person","to":"organisation"}"#),
            p(r#"{"op":"hide","name":"Nobody Anywhere","kind":"person"}"#),
        ])
        .unwrap();
    let after = lede(&["extract", "--json"], dir.path(), None);
    assert!(after.status.success());
    let names = entity_names(&after.stdout);
    assert!(!has(&names, "Marilyn") && has(&names, "Andy Warhol"));
    assert!(!has(&names, "Harry Kane") && has(&names, "Harry Edward Kane"));
    assert!(!has(&names, "Tom Cruise"));
    assert!(
        names
            .iter()
            .any(|(n, k)| n == "Mark Rathbun" && k == "organisation")
    );
    let stderr = String::from_utf8_lossy(&after.stderr);
    assert!(
        stderr.contains("correction 5 no longer applies") && stderr.contains("Nobody Anywhere"),
        "{stderr}"
    );
    assert!(stderr.contains("corrections.jsonl"), "{stderr}");
    // Listed, the stale one marked.
    let listed = lede(&["corrections"], dir.path(), None);
    let out = String::from_utf8_lossy(&listed.stdout);
    assert!(
        out.contains("merge Marilyn (person) into Andy Warhol"),
        "{out}"
    );
    assert!(
        out.lines()
            .any(|l| l.contains("Nobody Anywhere") && l.contains("[stale")),
        "{out}"
    );
    // A colleague's file, named on the command line, applies instead (and is not moved).
    let theirs = dir.path().join("theirs.jsonl");
    std::fs::write(
        &theirs,
        "{\"op\":\"hide\",\"name\":\"Andy Warhol\",\"kind\":\"person\"}\nnot json\n",
    )
    .unwrap();
    let out = lede(
        &[
            "extract",
            "--json",
            "--corrections",
            theirs.to_str().unwrap(),
        ],
        dir.path(),
        None,
    );
    let names = entity_names(&out.stdout);
    assert!(!has(&names, "Andy Warhol") && has(&names, "Marilyn"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("theirs.jsonl:2:"));
    assert!(theirs.exists());
}

#[test]
fn headless_export_uses_the_query_language_and_matches_the_explorer() {
    let dir = tempfile::tempdir().unwrap();
    let out = lede(
        &[
            "extract", "--filter", "warhol", "--format", "csv", "--what", "quotes",
        ],
        dir.path(),
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (headers, rows) = parse_csv(&out.stdout);
    assert_eq!(headers[..3], ["speaker", "quote", "kind"]);
    // The explorer on the same corpus with the same filter lists the same quotes.
    let (inputs, warnings) = (lede::load::bundled_files(), Vec::new());
    let (corpus, _) = lede::corpus::build(&inputs, warnings);
    let mut app = App::ready(corpus, Theme::default(), 120, 40);
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "warhol");
    press(&mut app, KeyCode::Enter);
    let c = app.corpus().unwrap();
    let listed: Vec<String> = app
        .quote_list
        .iter()
        .map(|h| {
            c.quote_text(&c.quotes[h.quote as usize])
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    assert!(!listed.is_empty());
    let exported: Vec<String> = rows
        .iter()
        .map(|r| r[1].trim_start_matches('\'').to_string())
        .collect();
    assert_eq!(exported, listed);
    // Markdown and JSON Lines of entities too.
    let out = lede(
        &[
            "extract", "--filter", "p:warhol", "--format", "jsonl", "--what", "entities",
        ],
        dir.path(),
        None,
    );
    let first: serde_json::Value =
        serde_json::from_str(String::from_utf8_lossy(&out.stdout).lines().next().unwrap()).unwrap();
    assert!(first["name"].as_str().unwrap().contains("Warhol"));
}

#[test]
fn formula_cells_are_escaped_in_csv() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("evil.txt");
    std::fs::write(
        &file,
        "=HYPERLINK(\"http://evil.example\",\"click\")\n\nThe minister said on Monday that \"the talks went well\", officials reported.\n",
    )
    .unwrap();
    let out = lede(
        &[
            "extract",
            file.to_str().unwrap(),
            "--format",
            "csv",
            "--what",
            "articles",
        ],
        dir.path(),
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (_, rows) = parse_csv(&out.stdout);
    assert_eq!(rows[0][1], "'=HYPERLINK(\"http://evil.example\",\"click\")");
}

#[test]
fn a_malformed_config_names_its_line_and_the_defaults_keep_working() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "theme = \"dark\"\n[sort\narticles = \"date\"\n").unwrap();
    let out = lede(&["config"], dir.path(), Some(&config));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("config.toml:2:"), "{text}");
    // Headless commands still run, saying what was wrong.
    let out = lede(&["extract"], dir.path(), Some(&config));
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("config.toml:2:"));
    // The printed default reads back without a problem.
    let default = lede(&["config", "--print-default"], dir.path(), None);
    std::fs::write(&config, &default.stdout).unwrap();
    let out = lede(&["config"], dir.path(), Some(&config));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
}

#[test]
fn a_truncated_state_file_is_moved_aside_and_the_rest_still_loads() {
    let dir = tempfile::tempdir().unwrap();
    let state = state_in(dir.path());
    state.save_history(&["iran".into()]).unwrap();
    let path = state.path(lede::state::CORRECTIONS);
    std::fs::write(
        &path,
        "{\"op\":\"hide\",\"name\":\"Oman\",\"kind\":\"country\"}\n{\"op\":\"hide\",\"na",
    )
    .unwrap();
    let stored = state.load();
    assert_eq!(stored.corrections.len(), 1);
    assert_eq!(stored.history, ["iran"]);
    assert!(!path.exists());
    assert!(
        stored
            .warnings
            .iter()
            .any(|w| w.message.contains("moved aside")),
        "{:?}",
        stored.warnings
    );
    let aside: Vec<_> = std::fs::read_dir(&state.dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("corrections.jsonl.damaged-")
        })
        .collect();
    assert_eq!(aside.len(), 1);
    // The explorer starts with the good line applied and says what happened.
    let setup = lede::tui::Setup {
        config: Default::default(),
        state: Some(state_in(dir.path())),
        roots: Vec::new(),
        cache: lede::open::CacheChoice::Off,
    };
    std::fs::write(
        &path,
        "{\"op\":\"hide\",\"name\":\"Oman\",\"kind\":\"country\"}\n{\"op\":",
    )
    .unwrap();
    let mut warnings = Vec::new();
    let mut app = lede::tui::prepare_app(
        &setup,
        lede::theme::ColorMode::Ansi16,
        120,
        40,
        &mut warnings,
    );
    assert!(
        app.message
            .as_deref()
            .unwrap()
            .contains("corrections.jsonl"),
        "{:?}",
        app.message
    );
    assert!(warnings.iter().any(|w| w.message.contains("moved aside")));
    app.load_now(fixture::corpus());
    assert!(!names(&app).contains(&"Oman".to_string()));
}

#[test]
fn a_rebinding_changes_the_help_screen_and_the_keys() {
    let (config, problems) =
        lede::config::parse("[keys.entities]\nmerge = \"M\"\n[keys.global]\nhelp = \"F\"\n");
    assert!(problems.is_empty(), "{problems:?}");
    let (keymap, problems) = Keymap::bundled().with_user(&config.keys);
    assert!(problems.is_empty(), "{problems:?}");
    let text = |lines: Vec<lede::app::view::DocLine>| {
        lines
            .iter()
            .map(|l| l.iter().map(|p| p.text.as_str()).collect::<String>())
            .collect::<Vec<_>>()
    };
    let help = text(help_lines(80, &keymap));
    let line = help
        .iter()
        .find(|l| l.contains("merge into another entity"))
        .unwrap();
    assert!(line.trim_start().starts_with('M'), "{line}");
    assert!(
        !help
            .iter()
            .any(|l| l.trim_start().starts_with("m ") && l.contains("merge"))
    );
    let mut app = App::ready(fixture::corpus(), Theme::default(), 120, 40);
    app.keymap = std::sync::Arc::new(keymap);
    press(&mut app, KeyCode::Char('F'));
    assert!(matches!(
        app.views.last().map(|v| v.kind),
        Some(lede::app::ViewKind::Help)
    ));
    press(&mut app, KeyCode::Esc);
    // ? is free now: it starts the filter.
    press(&mut app, KeyCode::Char('?'));
    assert_eq!(app.input.text, "?");
    // A double binding is reported with its line.
    let (config, _) = lede::config::parse("[keys.global]\n\ntop = \"j\"\n");
    let (_, problems) = Keymap::bundled().with_user(&config.keys);
    assert_eq!(problems[0].line, 3);
}
