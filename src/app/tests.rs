use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::filter::fixture;
use crate::ui::theme::{ColorMode, Theme};

fn app(width: u16, height: u16) -> App {
    App::ready(
        fixture::corpus(),
        Theme::new(ColorMode::None),
        width,
        height,
    )
}

fn press(app: &mut App, code: KeyCode) {
    let ev = KeyEvent::new(code, KeyModifiers::NONE);
    if let Some(action) = app.action_for_key(&ev) {
        update(app, action);
    }
    settle(app);
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

fn entity_row(app: &App, name: &str) -> usize {
    let corpus = app.corpus().unwrap();
    app.entity_rows
        .iter()
        .position(|r| matches!(r, EntityRow::Entity(h) if corpus.entity(h.id).name == name))
        .expect("entity listed")
}

fn pin(app: &mut App, name: &str) {
    update(app, Action::Focus(Pane::Entities));
    let row = entity_row(app, name);
    app.entities.selected = row;
    press(app, KeyCode::Enter);
}

#[test]
fn starts_on_the_first_article_with_everything_listed() {
    let a = app(120, 40);
    assert_eq!(a.results.articles.len(), 5);
    assert_eq!(a.reader.article, Some(0));
    assert!(matches!(
        a.entity_rows[0],
        EntityRow::Heading {
            kind: EntityKind::Person,
            ..
        }
    ));
    assert_eq!(a.entities.selected, 1);
}

#[test]
fn focus_moves_with_tab_and_numbers() {
    let mut a = app(120, 40);
    press(&mut a, KeyCode::Tab);
    assert_eq!(a.focus, Pane::Text);
    press(&mut a, KeyCode::BackTab);
    press(&mut a, KeyCode::BackTab);
    assert_eq!(a.focus, Pane::Quotes);
    press(&mut a, KeyCode::Char('3'));
    assert_eq!(a.focus, Pane::Entities);
}

#[test]
fn filter_mode_takes_letters_and_esc_leaves_it() {
    let mut a = app(120, 40);
    press(&mut a, KeyCode::Char('j'));
    assert_eq!(a.articles.selected, 1);
    press(&mut a, KeyCode::Char('/'));
    assert!(a.filtering);
    typed(&mut a, "jq");
    assert_eq!(a.input.text, "jq");
    assert!(!a.should_quit);
    press(&mut a, KeyCode::Esc);
    assert!(!a.filtering);
    assert!(!a.should_quit);
    // Out of the line, q quits; Esc never does.
    press(&mut a, KeyCode::Esc);
    assert!(!a.should_quit);
    press(&mut a, KeyCode::Char('q'));
    assert!(a.should_quit);
}

#[test]
fn typing_narrows_every_pane() {
    let mut a = app(120, 40);
    press(&mut a, KeyCode::Char('/'));
    typed(&mut a, "Araghchi");
    press(&mut a, KeyCode::Enter);
    assert!(!a.filtering);
    assert_eq!(a.results.matched.as_ref(), &[0, 2]);
    let corpus = a.corpus().unwrap();
    let names: Vec<&str> = a
        .results
        .entities
        .iter()
        .map(|h| corpus.entity(h.id).name.as_str())
        .collect();
    // The entities of those articles, the one named by the query first.
    assert_eq!(names[0], "Abbas Araghchi");
    assert!(names.contains(&"Steve Witkoff") && !names.contains(&"Yadollah Javani"));
    // Backspacing widens again.
    press(&mut a, KeyCode::Char('/'));
    for _ in 0..8 {
        press(&mut a, KeyCode::Backspace);
    }
    assert_eq!(a.results.articles.len(), 5);
}

#[test]
fn stale_search_results_are_dropped() {
    let mut a = app(120, 40);
    update(&mut a, Action::OpenFilter);
    update(&mut a, Action::FilterInsert('z'));
    let stale = a.take_effects();
    update(&mut a, Action::FilterBackspace);
    settle(&mut a);
    for e in stale {
        if let Effect::Search(job) = e {
            let action = job.run(&|| false).unwrap();
            update(&mut a, action);
        }
    }
    // The results of "z" arrived last but are older than "": ignored.
    assert_eq!(a.results.articles.len(), 5);
}

#[test]
fn pinning_filters_and_backspace_unpins() {
    let mut a = app(120, 40);
    press(&mut a, KeyCode::Char('/'));
    typed(&mut a, "aragh");
    press(&mut a, KeyCode::Enter);
    pin(&mut a, "Abbas Araghchi");
    assert_eq!(a.chips.len(), 1);
    // The pin replaces the typed words.
    assert_eq!(a.input.text, "");
    assert_eq!(a.results.matched.as_ref(), &[0, 2]);
    assert!(
        a.results
            .quotes
            .iter()
            .any(|h| h.relation == Relation::SaidBy)
    );
    assert!(
        a.results
            .quotes
            .iter()
            .any(|h| h.relation == Relation::Mentions)
    );
    // A second chip: AND.
    pin(&mut a, "Donald Trump");
    assert_eq!(a.results.matched.as_ref(), &[2]);
    // Backspace on an empty filter line removes the last chip.
    press(&mut a, KeyCode::Char('/'));
    press(&mut a, KeyCode::Backspace);
    assert_eq!(a.chips.len(), 1);
    press(&mut a, KeyCode::Esc);
    press(&mut a, KeyCode::Backspace);
    assert!(a.chips.is_empty());
    assert_eq!(a.results.articles.len(), 5);
}

#[test]
fn enter_on_a_pinned_entity_unpins_it() {
    let mut a = app(120, 40);
    pin(&mut a, "Oman");
    assert_eq!(a.chips.len(), 1);
    pin(&mut a, "Oman");
    assert!(a.chips.is_empty());
}

#[test]
fn n_and_shift_n_jump_between_pinned_mentions() {
    let mut a = app(120, 20);
    pin(&mut a, "Abbas Araghchi");
    assert_eq!(a.reader.article, Some(0));
    let mentions = a.reader.targets.len();
    assert!(mentions >= 3);
    press(&mut a, KeyCode::Char('n'));
    assert_eq!(a.reader.current, Some(0));
    assert_eq!(
        a.message.as_deref(),
        Some(&*format!("Mention 1 of {mentions}"))
    );
    press(&mut a, KeyCode::Char('n'));
    press(&mut a, KeyCode::Char('n'));
    assert_eq!(a.reader.current, Some(2));
    // N arrives as 'N', or as 'n' with Shift, depending on the terminal.
    let shifted = KeyEvent::new(KeyCode::Char('n'), KeyModifiers::SHIFT);
    let action = a.action_for_key(&shifted).unwrap();
    update(&mut a, action);
    assert_eq!(a.reader.current, Some(1));
    // The mention is on screen.
    let h = a.pane_height(Pane::Text);
    let line = a.reader.line_of(a.reader.current_range().unwrap().start);
    assert!(line >= a.reader.scroll && line < a.reader.scroll + h);
}

#[test]
fn enter_on_a_quote_opens_its_article_at_the_quote() {
    let mut a = app(120, 24);
    press(&mut a, KeyCode::Char('4'));
    let corpus = a.corpus().unwrap().clone();
    let target = a
        .results
        .quotes
        .iter()
        .position(|h| {
            corpus
                .quote_text(&corpus.quotes[h.quote as usize])
                .starts_with("We want")
        })
        .unwrap();
    a.quotes.selected = target;
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.focus, Pane::Text);
    assert_eq!(a.reader.article, Some(3));
    assert_eq!(a.selected_article(), Some(3));
    let r = a.reader.current_range().unwrap();
    assert!(corpus.articles[3].body[r.clone()].starts_with("We want"));
}

#[test]
fn y_copies_the_quote_with_a_citation() {
    let mut a = app(120, 40);
    press(&mut a, KeyCode::Char('4'));
    press(&mut a, KeyCode::Char('y'));
    let copies: Vec<String> = a
        .take_effects()
        .into_iter()
        .filter_map(|e| match e {
            Effect::Copy(t) => Some(t),
            _ => None,
        })
        .collect();
    assert_eq!(
        copies,
        [
            "“consultation with the capitals” — Abbas Araghchi, “Iran and US hold indirect talks in Oman”, Gulf Wire, 2025-02-07"
        ]
    );
    assert!(a.message.as_deref().unwrap().contains("Copied"));
}

#[test]
fn scare_quotes_toggle() {
    let mut a = app(120, 40);
    let before = a.results.quotes.len();
    press(&mut a, KeyCode::Char('s'));
    assert!(a.results.quotes.len() > before);
    press(&mut a, KeyCode::Char('s'));
    assert_eq!(a.results.quotes.len(), before);
}

#[test]
fn help_opens_scrolls_and_closes() {
    let mut a = app(80, 24);
    press(&mut a, KeyCode::Char('?'));
    assert_eq!(a.overlay, Some(Overlay::Help));
    press(&mut a, KeyCode::Char('j'));
    assert_eq!(a.overlay_scroll, 1);
    assert_eq!(a.articles.selected, 0);
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.overlay, None);
    assert!(!a.should_quit);
}

#[test]
fn entity_movement_skips_headings() {
    let mut a = app(120, 40);
    press(&mut a, KeyCode::Char('3'));
    press(&mut a, KeyCode::Char('G'));
    assert!(matches!(
        a.entity_rows[a.entities.selected],
        EntityRow::Entity(_)
    ));
    let people = a
        .entity_rows
        .iter()
        .filter(|r| matches!(r, EntityRow::Entity(h) if a.corpus().unwrap().entity(h.id).kind == EntityKind::Person))
        .count();
    // From the last person, down skips the Countries heading.
    a.entities.selected = people;
    press(&mut a, KeyCode::Char('j'));
    assert_eq!(a.entities.selected, people + 2);
    press(&mut a, KeyCode::Char('k'));
    assert_eq!(a.entities.selected, people);
    press(&mut a, KeyCode::Char('g'));
    assert_eq!(a.entities.selected, 1);
}

#[test]
fn resizing_keeps_the_selection_visible_and_rewraps() {
    let mut a = app(120, 40);
    press(&mut a, KeyCode::Char('G'));
    update(
        &mut a,
        Action::Resize {
            width: 40,
            height: 12,
        },
    );
    let vis = a.visible_items(Pane::Articles);
    assert!(a.articles.selected >= a.articles.offset);
    assert!(a.articles.selected < a.articles.offset + vis);
    assert_eq!(a.reader.width, a.layout().inner(Pane::Text).width as usize);
    update(
        &mut a,
        Action::Resize {
            width: 0,
            height: 0,
        },
    );
    update(
        &mut a,
        Action::Resize {
            width: 300,
            height: 100,
        },
    );
}

#[test]
fn paste_goes_into_the_filter_line_without_control_characters() {
    let mut a = app(120, 40);
    update(&mut a, Action::Paste("Oman\n\x1b[31m".into()));
    assert!(a.filtering);
    assert!(!a.input.text.chars().any(char::is_control));
}

#[test]
fn clicks_focus_a_pane_and_select_a_row() {
    let mut a = app(120, 40);
    let layout = a.layout();
    let inner = layout.inner(Pane::Articles);
    // The third article's title row.
    update(
        &mut a,
        Action::Click {
            column: inner.x + 2,
            row: inner.y + 4,
        },
    );
    assert_eq!(a.focus, Pane::Articles);
    assert_eq!(a.articles.selected, 2);
    assert_eq!(a.reader.article, Some(2));
    let quotes = layout.inner(Pane::Quotes);
    update(
        &mut a,
        Action::ScrollAt {
            column: quotes.x + 1,
            row: quotes.y + 1,
            down: true,
        },
    );
    assert_eq!(a.focus, Pane::Quotes);
    assert_eq!(a.quotes.selected, 1);
    // On narrow terminals the tab bar switches panes.
    update(
        &mut a,
        Action::Resize {
            width: 80,
            height: 24,
        },
    );
    update(&mut a, Action::Click { column: 45, row: 0 });
    assert_eq!(a.focus, Pane::Entities);
}

#[test]
fn warnings_overlay_toggles() {
    let mut a = app(80, 24);
    press(&mut a, KeyCode::Char('w'));
    assert_eq!(a.overlay, Some(Overlay::Warnings));
    press(&mut a, KeyCode::Char('q'));
    assert_eq!(a.overlay, None);
    assert!(!a.should_quit);
}

#[test]
fn the_rest_of_the_quotes_arrive_for_the_shown_search_only() {
    let mut a = app(120, 40);
    let full = a.results.clone();
    assert!(full.quotes.len() > 1 && !full.quotes_partial);
    let shown = a.shown_generation;
    let mut first_page = (*full).clone();
    first_page.quotes.truncate(1);
    first_page.quotes_partial = true;
    // Completion of an older search is dropped.
    update(
        &mut a,
        Action::QuotesCompleted {
            generation: shown + 1,
            results: Arc::new(first_page.clone()),
        },
    );
    assert_eq!(a.results.quotes.len(), full.quotes.len());
    update(
        &mut a,
        Action::QuotesCompleted {
            generation: shown,
            results: Arc::new(first_page),
        },
    );
    assert_eq!(a.results.quotes.len(), 1);
    assert!(a.quotes.selected < 1);
}

/// The fixture corpus with its entities in reverse order, so every entity id differs.
fn with_entities_reversed(c: &Corpus) -> Corpus {
    let last = c.entities.len() as u32 - 1;
    let moved = |id: EntityId| EntityId(last - id.0);
    let mut entities: Vec<crate::model::Entity> = c.entities.iter().rev().cloned().collect();
    for (i, e) in entities.iter_mut().enumerate() {
        e.id = EntityId(i as u32);
    }
    let quotes = c
        .quotes
        .iter()
        .map(|q| crate::model::Quote {
            speaker: q.speaker.map(moved),
            ..q.clone()
        })
        .collect();
    Corpus::new(c.articles.clone(), entities, quotes, Vec::new())
}

fn loaded(corpus: Corpus) -> Loaded {
    let index = Index::build(&corpus);
    Loaded {
        corpus: Arc::new(corpus),
        index: Arc::new(index),
        elapsed: Duration::ZERO,
    }
}

#[test]
fn a_preview_fills_the_panes_and_pins_carry_over_to_the_full_corpus() {
    let mut a = App::new(Theme::new(ColorMode::None), 120, 40);
    update(
        &mut a,
        Action::Preview(loaded(with_entities_reversed(&fixture::corpus()))),
    );
    settle(&mut a);
    // Panes show the preview while loading goes on.
    assert!(matches!(a.load, LoadState::Loading { .. }));
    assert_eq!(a.results.articles.len(), 5);
    pin(&mut a, "Abbas Araghchi");
    let pinned_on_preview = a.results.articles.clone();

    update(&mut a, Action::Loaded(loaded(fixture::corpus())));
    settle(&mut a);
    assert!(matches!(a.load, LoadState::Ready { .. }));
    let corpus = a.corpus().unwrap();
    assert_eq!(a.chips.len(), 1);
    assert_eq!(corpus.entity(a.chips[0]).name, "Abbas Araghchi");
    assert_eq!(a.results.articles, pinned_on_preview);

    // A late preview never replaces the full corpus.
    update(
        &mut a,
        Action::Preview(loaded(with_entities_reversed(&fixture::corpus()))),
    );
    assert_eq!(
        a.corpus().unwrap().entity(a.chips[0]).name,
        "Abbas Araghchi"
    );
}
