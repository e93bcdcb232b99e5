use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::filter::{Relation, fixture};
use crate::model::EntityKind;
use crate::theme::{ColorMode, Theme};

fn app(width: u16, height: u16) -> App {
    App::ready(
        fixture::corpus(),
        Theme::new(ColorMode::None),
        width,
        height,
    )
}

fn key(app: &mut App, ev: KeyEvent) {
    if let Some(msg) = app.msg_for_key(&ev) {
        update(app, msg);
    }
    settle(app);
}

fn press(app: &mut App, code: KeyCode) {
    key(app, KeyEvent::new(code, KeyModifiers::NONE));
}

fn ctrl(app: &mut App, c: char) {
    key(app, KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
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
    update(app, Msg::Focus(Pane::Entities));
    let row = entity_row(app, name);
    app.entities.selected = row;
    press(app, KeyCode::Enter);
}

fn copies(app: &mut App) -> Vec<String> {
    app.take_effects()
        .into_iter()
        .filter_map(|e| match e {
            Effect::Copy(t) => Some(t),
            _ => None,
        })
        .collect()
}

fn quote_starting(app: &App, start: &str) -> usize {
    let corpus = app.corpus().unwrap();
    app.quote_list
        .iter()
        .position(|h| {
            corpus
                .quote_text(&corpus.quotes[h.quote as usize])
                .starts_with(start)
        })
        .expect("quote listed")
}

#[test]
fn starts_on_the_first_article_with_everything_listed() {
    let a = app(120, 40);
    assert_eq!(a.article_list.len(), 5);
    assert_eq!(a.reader.article, Some(0));
    assert!(matches!(
        a.entity_rows[0],
        EntityRow::Heading {
            kind: EntityKind::Person,
            ..
        }
    ));
    assert_eq!(a.entities.selected, 1);
    assert_eq!(a.mode, Mode::Normal);
    assert!(a.views.is_empty());
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
    assert_eq!(a.mode, Mode::Filter);
    typed(&mut a, "jq");
    assert_eq!(a.input.text, "jq");
    assert!(!a.should_quit);
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.mode, Mode::Normal);
    assert!(!a.should_quit);
    // Esc again goes back to before the filter; it never quits.
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.input.text, "");
    assert!(!a.should_quit);
    press(&mut a, KeyCode::Esc);
    assert!(!a.should_quit);
    // From the lists, with nothing open, q quits.
    press(&mut a, KeyCode::Char('q'));
    assert!(a.should_quit);
}

#[test]
fn a_word_typed_in_a_list_is_a_filter_never_commands() {
    for pane in [Pane::Articles, Pane::Entities, Pane::Quotes, Pane::Text] {
        let mut a = app(80, 24);
        update(&mut a, Msg::Focus(pane));
        typed(&mut a, "iraq");
        assert!(!a.should_quit, "{pane:?}");
        assert_eq!(a.mode, Mode::Filter);
        assert_eq!(a.input.text, "iraq", "{pane:?}");
    }
    // Bound keys still act: "j" moves.
    let mut a = app(80, 24);
    typed(&mut a, "j");
    assert_eq!(a.mode, Mode::Normal);
    assert_eq!(a.articles.selected, 1);
}

#[test]
fn q_closes_views_first_and_shift_q_quits_at_once() {
    let mut a = app(80, 24);
    press(&mut a, KeyCode::Char('?'));
    press(&mut a, KeyCode::Char('w'));
    assert_eq!(a.views.len(), 2);
    press(&mut a, KeyCode::Char('q'));
    assert_eq!(a.views.len(), 1);
    press(&mut a, KeyCode::Char('q'));
    assert!(a.views.is_empty());
    // The open article is a view too.
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.focus, Pane::Text);
    press(&mut a, KeyCode::Char('q'));
    assert_eq!(a.focus, Pane::Articles);
    assert!(!a.should_quit);
    press(&mut a, KeyCode::Char('q'));
    assert!(a.should_quit);

    let mut a = app(80, 24);
    press(&mut a, KeyCode::Char('?'));
    press(&mut a, KeyCode::Char('Q'));
    assert!(a.should_quit);
    let mut a = app(80, 24);
    press(&mut a, KeyCode::Char('/'));
    ctrl(&mut a, 'c');
    assert!(a.should_quit);
}

#[test]
fn every_back_key_returns_from_an_opened_article_in_tab_mode() {
    for back in [
        KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE),
        KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE),
        KeyEvent::new(KeyCode::Char('h'), KeyModifiers::NONE),
        KeyEvent::new(KeyCode::Left, KeyModifiers::NONE),
        KeyEvent::new(KeyCode::Char('o'), KeyModifiers::CONTROL),
    ] {
        let mut a = app(80, 24);
        press(&mut a, KeyCode::Char('j'));
        press(&mut a, KeyCode::Char('j'));
        press(&mut a, KeyCode::Enter);
        assert_eq!(a.focus, Pane::Text);
        assert_eq!(a.reader.article, Some(2));
        key(&mut a, back);
        assert_eq!(a.focus, Pane::Articles, "{back:?}");
        assert_eq!(a.articles.selected, 2, "{back:?}");
        // And forward again.
        press(&mut a, KeyCode::Char('L'));
        assert_eq!(a.focus, Pane::Text, "{back:?}");
        assert_eq!(a.reader.article, Some(2));
    }
}

#[test]
fn history_walks_article_quote_pin_and_filter_restoring_selection_and_scroll() {
    let mut a = app(40, 12);
    // A filter, left with Enter: one step.
    typed(&mut a, "/oman");
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.history.depth(), (1, 0));
    // Open the second article and scroll its text.
    press(&mut a, KeyCode::Char('j'));
    let second = a.selected_article();
    press(&mut a, KeyCode::Enter);
    press(&mut a, KeyCode::Char('j'));
    press(&mut a, KeyCode::Char('j'));
    let scrolled = a.reader.scroll;
    assert!(scrolled > 0);
    // Pin an entity.
    pin(&mut a, "Oman");
    assert_eq!(a.chips.len(), 1);
    assert_eq!(a.input.text, "");

    // Back: the pin goes, the text is where it was, Entities focused as when pinning.
    ctrl(&mut a, 'o');
    assert!(a.chips.is_empty());
    assert_eq!(a.input.text, "oman");
    assert_eq!(a.focus, Pane::Entities);
    assert_eq!(a.reader.article, second);
    assert_eq!(a.reader.scroll, scrolled);
    // Back: the article list, second article selected.
    ctrl(&mut a, 'o');
    assert_eq!(a.focus, Pane::Articles);
    assert_eq!(a.selected_article(), second);
    // Back: no filter.
    ctrl(&mut a, 'o');
    assert_eq!(a.input.text, "");
    assert_eq!(a.article_list.len(), 5);
    // Forward twice: the filtered list, then the article scrolled as it was.
    press(&mut a, KeyCode::Char('L'));
    assert_eq!(a.input.text, "oman");
    assert_eq!(a.selected_article(), second);
    press(&mut a, KeyCode::Char('L'));
    assert_eq!(a.focus, Pane::Entities);
    assert_eq!(a.reader.article, second);
    assert_eq!(a.reader.scroll, scrolled);
}

#[test]
fn typing_narrows_every_pane_and_starts_each_list_at_its_top() {
    let mut a = app(120, 40);
    press(&mut a, KeyCode::Char('G'));
    update(&mut a, Msg::Focus(Pane::Entities));
    press(&mut a, KeyCode::Char('G'));
    press(&mut a, KeyCode::Char('/'));
    typed(&mut a, "Araghchi");
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.mode, Mode::Normal);
    assert_eq!(a.results.matched.as_ref(), &[0, 2]);
    let corpus = a.corpus().unwrap();
    let names: Vec<&str> = a
        .results
        .entities
        .iter()
        .map(|h| corpus.entity(h.id).name.as_str())
        .collect();
    // The entities of those articles, the one the query names first.
    assert_eq!(names[0], "Abbas Araghchi");
    assert!(names.contains(&"Steve Witkoff") && !names.contains(&"Yadollah Javani"));
    assert_eq!((a.articles.selected, a.articles.offset), (0, 0));
    assert_eq!((a.entities.selected, a.entities.offset), (1, 0));
    // Backspacing widens again.
    press(&mut a, KeyCode::Char('/'));
    for _ in 0..8 {
        press(&mut a, KeyCode::Backspace);
    }
    assert_eq!(a.article_list.len(), 5);
}

#[test]
fn stale_search_results_are_dropped() {
    let mut a = app(120, 40);
    update(&mut a, Msg::Command(Command::OpenFilter));
    update(&mut a, Msg::Insert('z'));
    let stale = a.take_effects();
    update(&mut a, Msg::Command(Command::DeleteBack));
    settle(&mut a);
    for e in stale {
        if let Effect::Search(job) = e {
            let msg = job.run(&|| false).unwrap();
            update(&mut a, msg);
        }
    }
    // The results of "z" arrived last but are older than "": ignored.
    assert_eq!(a.article_list.len(), 5);
}

#[test]
fn pinning_filters_and_going_back_unpins() {
    let mut a = app(120, 40);
    press(&mut a, KeyCode::Char('/'));
    typed(&mut a, "aragh");
    press(&mut a, KeyCode::Enter);
    pin(&mut a, "Abbas Araghchi");
    assert_eq!(a.chips.len(), 1);
    // The pin replaces the typed words.
    assert_eq!(a.input.text, "");
    assert_eq!(a.results.matched.as_ref(), &[0, 2]);
    assert!(a.quote_list.iter().any(|h| h.relation == Relation::SaidBy));
    assert!(
        a.quote_list
            .iter()
            .any(|h| h.relation == Relation::Mentions)
    );
    // A second chip: AND.
    pin(&mut a, "Donald Trump");
    assert_eq!(a.results.matched.as_ref(), &[2]);
    // Backspace on an empty filter line goes back: the last pin goes.
    press(&mut a, KeyCode::Char('/'));
    press(&mut a, KeyCode::Backspace);
    assert_eq!(a.chips.len(), 1);
    assert_eq!(a.mode, Mode::Normal);
    // And Backspace in a list goes back too.
    press(&mut a, KeyCode::Backspace);
    assert!(a.chips.is_empty());
    assert_eq!(a.input.text, "aragh");
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
fn n_and_shift_n_step_through_pinned_mentions_then_on_to_the_next_article() {
    let mut a = app(120, 20);
    pin(&mut a, "Abbas Araghchi");
    assert_eq!(a.reader.article, Some(0));
    let corpus = a.corpus().unwrap().clone();
    let id = a.chips[0];
    let here = corpus.mentions_in(id, 0).len();
    assert!(here >= 3);
    press(&mut a, KeyCode::Char('n'));
    assert_eq!(a.message.as_deref(), Some(&*format!("Mention 1 of {here}")));
    press(&mut a, KeyCode::Char('n'));
    press(&mut a, KeyCode::Char('n'));
    assert_eq!(a.reader.position(), Some((3, here)));
    // N arrives as 'N', or as 'n' with Shift, depending on the terminal.
    key(
        &mut a,
        KeyEvent::new(KeyCode::Char('n'), KeyModifiers::SHIFT),
    );
    assert_eq!(a.reader.position(), Some((2, here)));
    // The mention is on screen.
    let h = a.pane_height(Pane::Text);
    let line = a.reader.line_of(a.reader.current.clone().unwrap().start);
    assert!(line >= a.reader.scroll && line < a.reader.scroll + h);
    // Past the last: the next listed article that mentions him.
    for _ in 0..here - 1 {
        press(&mut a, KeyCode::Char('n'));
    }
    assert_eq!(a.reader.article, Some(2));
    assert_eq!(a.selected_article(), Some(2));
    let msg = a.message.clone().unwrap();
    assert!(msg.starts_with("Next article: mention 1 of"), "{msg}");
    // And N before its first goes back to the last mention of the one before.
    press(&mut a, KeyCode::Char('N'));
    assert_eq!(a.reader.article, Some(0));
    assert_eq!(a.reader.position(), Some((here, here)));
}

#[test]
fn n_follows_the_filter_in_the_text_and_moves_on_to_the_next_article() {
    let mut a = app(80, 24);
    typed(&mut a, "/talks");
    press(&mut a, KeyCode::Enter);
    let listed = a.article_list.clone();
    assert!(listed.len() >= 2);
    let first = a.reader.article.unwrap();
    let corpus = a.corpus().unwrap().clone();
    let highlighter = a.highlighter.clone();
    let count_in = |art: usize| highlighter.body_ranges(&corpus.articles[art].body).len();
    let here = count_in(first);
    assert!(here >= 1);
    press(&mut a, KeyCode::Char('n'));
    assert_eq!(a.message.as_deref(), Some(&*format!("Match 1 of {here}")));
    // In tab mode n shows the text.
    assert_eq!(a.focus, Pane::Text);
    let current = a.reader.current.clone().unwrap();
    assert!(corpus.articles[first].body[current].eq_ignore_ascii_case("talks"));
    for _ in 1..here {
        press(&mut a, KeyCode::Char('n'));
    }
    press(&mut a, KeyCode::Char('n'));
    let next = listed
        .iter()
        .map(|&x| x as usize)
        .skip_while(|&x| x != first)
        .skip(1)
        .find(|&x| count_in(x) > 0)
        .unwrap();
    assert_eq!(a.reader.article, Some(next));
    assert!(
        a.message
            .as_deref()
            .unwrap()
            .starts_with("Next article: match 1 of")
    );
    // Back returns to the article before.
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.reader.article, Some(first));
}

#[test]
fn with_no_filter_or_pin_n_steps_through_the_quotes_shown() {
    let mut a = app(120, 40);
    press(&mut a, KeyCode::Char('n'));
    let corpus = a.corpus().unwrap().clone();
    let shown = corpus.quotes_in(0).iter().filter(|q| !q.scare).count();
    let all = corpus.quotes_in(0).len();
    assert!(shown < all, "the fixture's first article has a scare quote");
    assert_eq!(a.message.as_deref(), Some(&*format!("Quote 1 of {shown}")));
    press(&mut a, KeyCode::Char('s'));
    press(&mut a, KeyCode::Char('n'));
    assert!(
        a.message
            .as_deref()
            .unwrap()
            .ends_with(&format!("of {all}"))
    );
}

#[test]
fn space_or_enter_on_a_quote_shows_its_detail_and_enter_opens_the_article() {
    let mut a = app(120, 24);
    press(&mut a, KeyCode::Char('4'));
    a.quotes.selected = quote_starting(&a, "We want");
    press(&mut a, KeyCode::Enter);
    let qi = a.selected_quote().unwrap();
    assert_eq!(a.views.last().map(|v| v.kind), Some(ViewKind::Quote(qi)));
    // Esc closes it.
    press(&mut a, KeyCode::Esc);
    assert!(a.views.is_empty());
    press(&mut a, KeyCode::Char(' '));
    assert_eq!(a.views.len(), 1);
    // Enter opens the article at the quote.
    press(&mut a, KeyCode::Enter);
    assert!(a.views.is_empty());
    assert_eq!(a.focus, Pane::Text);
    assert_eq!(a.reader.article, Some(3));
    assert_eq!(a.selected_article(), Some(3));
    let corpus = a.corpus().unwrap();
    let r = a.reader.current.clone().unwrap();
    assert!(corpus.articles[3].body[r].starts_with("We want"));
    // Back: the detail again.
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.views.last().map(|v| v.kind), Some(ViewKind::Quote(qi)));
    assert_eq!(a.focus, Pane::Quotes);
}

/// The fixture with a URL on every article and a quote running over two paragraphs.
fn with_urls_and_a_long_quote() -> Corpus {
    let c = fixture::corpus();
    let mut articles = c.articles.clone();
    for (i, a) in articles.iter_mut().enumerate() {
        a.url = Some(format!("https://news.example/{i}"));
    }
    let extra = "\n“Talks will go on,” he added. “We are ready\nto meet again.”";
    articles[0].body.push_str(extra);
    let mut quotes = c.quotes.clone();
    let body = &articles[0].body;
    let start = body.rfind("We are ready").unwrap();
    let end = body.rfind("again.").unwrap() + "again.".len();
    let araghchi = c
        .entities
        .iter()
        .find(|e| e.name == "Abbas Araghchi")
        .unwrap()
        .id;
    let last_of_first = quotes.iter().rposition(|q| q.article == 0).unwrap();
    quotes.insert(
        last_of_first + 1,
        crate::model::Quote {
            article: 0,
            start: start as u32,
            end: end as u32,
            speaker: Some(araghchi),
            source: None,
            scare: false,
            kind: crate::model::QuoteKind::Direct,
            cue: None,
            confidence: 1.0,
        },
    );
    Corpus::new(articles, c.entities.clone(), quotes, Vec::new())
}

#[test]
fn y_copies_the_quote_with_its_citation_and_url_as_one_line() {
    let mut a = App::ready(
        with_urls_and_a_long_quote(),
        Theme::new(ColorMode::None),
        120,
        40,
    );
    press(&mut a, KeyCode::Char('4'));
    press(&mut a, KeyCode::Char('y'));
    assert_eq!(
        copies(&mut a),
        [
            "“consultation with the capitals” — Abbas Araghchi, “Iran and US hold indirect talks in Oman”, Gulf Wire, 2025-02-07, https://news.example/0"
        ]
    );
    assert!(a.message.as_deref().unwrap().contains("Copied"));
    // A quote over two paragraphs goes on the clipboard as one line, from its detail too.
    a.quotes.selected = quote_starting(&a, "We are ready");
    press(&mut a, KeyCode::Enter);
    press(&mut a, KeyCode::Char('y'));
    let copied = copies(&mut a);
    assert_eq!(copied.len(), 1);
    assert!(!copied[0].contains('\n'), "{copied:?}");
    assert!(copied[0].starts_with("“We are ready to meet again.” — Abbas Araghchi"));
}

#[test]
fn counts_agree_and_say_what_they_count() {
    let mut a = app(120, 40);
    let corpus = a.corpus().unwrap().clone();
    let scare = corpus.quotes.iter().filter(|q| q.scare).count();
    let c = a.counts();
    assert_eq!(c.quotes.shown, a.quote_list.len());
    assert_eq!(c.quotes.shown + scare, corpus.quotes.len());
    assert_eq!(
        c.quotes_label(),
        format!(
            "{} of {} quotes ({scare} scare quotes hidden)",
            c.quotes.shown,
            corpus.quotes.len()
        )
    );
    assert_eq!(c.articles.label(), "5");
    press(&mut a, KeyCode::Char('s'));
    assert_eq!(
        a.counts().quotes_label(),
        format!("{} quotes", corpus.quotes.len())
    );
    typed(&mut a, "/oman");
    let c = a.counts();
    assert_eq!(c.articles.label(), format!("{} of 5", a.article_list.len()));
    assert!(
        c.line()
            .starts_with(&format!("{} of 5 articles · ", a.article_list.len()))
    );
}

#[test]
fn hiding_unsure_entities_leaves_them_out_of_every_count() {
    let mut corpus = fixture::corpus();
    corpus.entities[0].confidence = 0.2;
    let all = corpus.entities.len();
    let mut a = App::ready(corpus, Theme::new(ColorMode::None), 120, 40);
    let listed = |a: &App| {
        (a.entity_rows.iter())
            .filter(|r| matches!(r, EntityRow::Entity(_)))
            .count()
    };
    assert_eq!(a.counts().entities.shown, listed(&a));
    assert_eq!(a.counts().entities.total, all);
    press(&mut a, KeyCode::Char('U'));
    assert!(a.hide_unsure);
    let c = a.counts();
    assert_eq!(c.entities.shown, listed(&a));
    assert_eq!(c.entities.shown, all - 1);
    assert_eq!(c.entities.total, all - 1);
    let tab = &a.tab_labels()[Pane::Entities.number() - 1][0];
    assert!(tab.contains(&format!("Entities {}", all - 1)), "{tab}");
}

/// Typing a name, then Enter in the Entities pane, pins that name whatever the list's order;
/// once pinned it stays selected (the words that found it give way to the pin).
#[test]
fn the_entity_a_query_names_comes_first_in_every_order_and_stays_selected_when_pinned() {
    let mut a = app(120, 40);
    let corpus = a.corpus().unwrap().clone();
    typed(&mut a, "/trump");
    press(&mut a, KeyCode::Enter);
    update(&mut a, Msg::Focus(Pane::Entities));
    let first_person = |a: &App| {
        a.entity_rows.iter().find_map(|r| match r {
            EntityRow::Entity(h) if corpus.entity(h.id).kind == EntityKind::Person => {
                Some(corpus.entity(h.id).name.clone())
            }
            _ => None,
        })
    };
    for _ in 0..3 {
        assert_eq!(
            first_person(&a).as_deref(),
            Some("Donald Trump"),
            "{:?}",
            a.sorts
        );
        press(&mut a, KeyCode::Char('o'));
    }
    press(&mut a, KeyCode::Char('o'));
    assert_eq!(a.sorts.entities, lists::EntitySort::Mentions);
    a.entities.selected = entity_row(&a, "Donald Trump");
    press(&mut a, KeyCode::Enter);
    assert!(a.input.text.is_empty());
    let selected = a
        .selected_entity()
        .map(|h| corpus.entity(h.id).name.clone());
    assert_eq!(selected.as_deref(), Some("Donald Trump"));
}

#[test]
fn one_scare_quote_is_one() {
    let count = |shown, total| Count {
        shown,
        total,
        partial: false,
    };
    let mut c = Counts {
        articles: count(1, 5),
        entities: count(3, 10),
        quotes: count(5, 11),
        scare_hidden: Some(1),
    };
    assert_eq!(c.quotes_label(), "5 of 11 quotes (1 scare quote hidden)");
    c.scare_hidden = Some(2);
    assert_eq!(c.quotes_label(), "5 of 11 quotes (2 scare quotes hidden)");
}

#[test]
fn a_filter_says_how_many_scare_quotes_of_its_articles_are_hidden() {
    let mut a = app(120, 40);
    typed(&mut a, "/oman");
    let corpus = a.corpus().unwrap().clone();
    let hidden = corpus
        .quotes
        .iter()
        .filter(|q| q.scare && a.article_list.contains(&q.article))
        .count();
    assert!(hidden > 0 && hidden < corpus.quotes.iter().filter(|q| q.scare).count());
    let label = a.counts().quotes_label();
    assert!(
        label.ends_with(&format!("({hidden} scare quotes hidden)")),
        "{label}"
    );
}

#[test]
fn o_cycles_each_lists_order_keeping_the_selection() {
    let mut a = app(120, 40);
    press(&mut a, KeyCode::Char('j'));
    let selected = a.selected_article();
    press(&mut a, KeyCode::Char('o'));
    assert_eq!(a.sorts.articles, lists::ArticleSort::Date);
    assert_eq!(a.selected_article(), selected);
    let corpus = a.corpus().unwrap();
    let dates: Vec<&str> = a
        .article_list
        .iter()
        .map(|&x| corpus.articles[x as usize].date.as_deref().unwrap())
        .collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
    update(&mut a, Msg::Focus(Pane::Entities));
    press(&mut a, KeyCode::Char('o'));
    assert_eq!(a.sorts.entities, lists::EntitySort::Mentions);
    update(&mut a, Msg::Focus(Pane::Quotes));
    press(&mut a, KeyCode::Char('o'));
    assert_eq!(a.sorts.quotes, lists::QuoteSort::Speaker);
    let corpus = a.corpus().unwrap();
    let speakers: Vec<Option<String>> = a
        .quote_list
        .iter()
        .map(|h| {
            corpus.quotes[h.quote as usize]
                .speaker
                .map(|s| corpus.entity(s).name.to_lowercase())
        })
        .collect();
    let named: Vec<&String> = speakers.iter().flatten().collect();
    assert!(named.windows(2).all(|w| w[0] <= w[1]));
    assert!(
        speakers
            .iter()
            .skip_while(|s| s.is_some())
            .all(Option::is_none)
    );
}

#[test]
fn section_keys_jump_to_people_countries_and_organisations() {
    let mut a = app(120, 12);
    update(&mut a, Msg::Focus(Pane::Entities));
    let heading = |a: &App, kind| lists::section_row(&a.entity_rows, kind).unwrap();
    press(&mut a, KeyCode::Char('C'));
    let c = heading(&a, EntityKind::Country);
    assert_eq!((a.entities.selected, a.entities.offset), (c + 1, c));
    press(&mut a, KeyCode::Char('O'));
    let o = heading(&a, EntityKind::Organisation);
    assert_eq!(a.entities.selected, o + 1);
    press(&mut a, KeyCode::Char('['));
    assert_eq!(a.entities.selected, c + 1);
    press(&mut a, KeyCode::Char(']'));
    assert_eq!(a.entities.selected, o + 1);
    press(&mut a, KeyCode::Char('P'));
    assert_eq!((a.entities.selected, a.entities.offset), (1, 0));
}

#[test]
fn the_speakers_view_lists_who_is_quoted_and_pins_them() {
    let mut a = app(120, 40);
    update(&mut a, Msg::Focus(Pane::Quotes));
    press(&mut a, KeyCode::Char('v'));
    assert!(a.speakers);
    let corpus = a.corpus().unwrap().clone();
    let top = a.speaker_rows[0];
    assert!(a.speaker_rows.iter().all(|r| r.quotes <= top.quotes));
    let name = corpus.entity(top.id).name.clone();
    // Filterable like the rest.
    typed(&mut a, "/busaidi");
    press(&mut a, KeyCode::Enter);
    let names: Vec<&str> = a
        .speaker_rows
        .iter()
        .map(|r| corpus.entity(r.id).name.as_str())
        .collect();
    assert_eq!(names, ["Badr Al Busaidi"]);
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.chips.len(), 1);
    assert_eq!(corpus.entity(a.chips[0]).name, "Badr Al Busaidi");
    press(&mut a, KeyCode::Esc);
    press(&mut a, KeyCode::Esc);
    assert_eq!(corpus.entity(a.speaker_rows[0].id).name, name);
    press(&mut a, KeyCode::Char('v'));
    assert!(!a.speakers);
}

#[test]
fn scare_quotes_toggle() {
    let mut a = app(120, 40);
    let before = a.quote_list.len();
    press(&mut a, KeyCode::Char('s'));
    assert!(a.quote_list.len() > before);
    press(&mut a, KeyCode::Char('s'));
    assert_eq!(a.quote_list.len(), before);
}

#[test]
fn help_opens_scrolls_and_closes() {
    let mut a = app(80, 24);
    press(&mut a, KeyCode::Char('?'));
    assert_eq!(a.views.last().map(|v| v.kind), Some(ViewKind::Help));
    press(&mut a, KeyCode::Char('j'));
    assert_eq!(a.views[0].scroll, 1);
    assert_eq!(a.articles.selected, 0);
    press(&mut a, KeyCode::Char('G'));
    let len = a.view_len(&a.views[0]);
    assert_eq!(a.views[0].scroll, len - a.layout().view_page());
    press(&mut a, KeyCode::Esc);
    assert!(a.views.is_empty());
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
        Msg::Resize {
            width: 40,
            height: 12,
        },
    );
    let vis = a.visible_items(Pane::Articles);
    assert!(a.articles.selected >= a.articles.offset);
    assert!(a.articles.selected < a.articles.offset + vis);
    assert_eq!(a.reader.width, a.layout().inner(Pane::Text).width as usize);
    for (width, height) in [(0, 0), (300, 100)] {
        update(&mut a, Msg::Resize { width, height });
    }
}

#[test]
fn a_long_article_is_wrapped_off_the_ui_thread() {
    let c = fixture::corpus();
    let mut articles = c.articles.clone();
    let paragraph = "Officials said the talks in Oman would resume soon. ".repeat(30);
    articles[1].body = format!("{paragraph}\n").repeat(700);
    let big = Corpus::new(articles, Vec::new(), Vec::new(), Vec::new());
    let mut a = App::ready(big, Theme::new(ColorMode::None), 120, 40);
    update(&mut a, Msg::Command(Command::Down));
    // On the UI thread only the first screens were wrapped; the rest is a job for the worker.
    let wrapped_now: usize = a
        .reader
        .lines
        .iter()
        .filter(|l| l.source == reader::Source::Body)
        .map(|l| l.range.len() + 1)
        .sum();
    assert!(
        wrapped_now <= reader::PREFIX_BYTES + paragraph.len() + 1,
        "{wrapped_now}"
    );
    assert!(!a.reader.complete);
    let jobs = a
        .take_effects()
        .into_iter()
        .filter(|e| matches!(e, Effect::Wrap(_)))
        .count();
    assert_eq!(jobs, 1);
    // A resize asks for a new wrap, never wraps it all here.
    update(
        &mut a,
        Msg::Resize {
            width: 100,
            height: 30,
        },
    );
    assert!(!a.reader.complete);
    settle(&mut a);
    assert!(a.reader.complete);
    assert_eq!(a.reader.width, a.layout().text_width());
}

#[test]
fn paste_goes_into_the_filter_line_without_control_characters() {
    let mut a = app(120, 40);
    update(&mut a, Msg::Paste("Oman\n\x1b[31m".into()));
    assert_eq!(a.mode, Mode::Filter);
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
        Msg::Click {
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
        Msg::ScrollAt {
            column: quotes.x + 1,
            row: quotes.y + 1,
            down: true,
        },
    );
    assert_eq!(a.focus, Pane::Quotes);
    assert_eq!(a.quotes.selected, 1);
    // On narrow terminals the tab bar switches panes, where the tabs are drawn.
    update(
        &mut a,
        Msg::Resize {
            width: 80,
            height: 24,
        },
    );
    let cells = a.tab_cells(&a.layout());
    let entities = cells[2].rect;
    update(
        &mut a,
        Msg::Click {
            column: entities.x + entities.width - 1,
            row: 0,
        },
    );
    assert_eq!(a.focus, Pane::Entities);
}

#[test]
fn warnings_view_toggles() {
    let mut a = app(80, 24);
    press(&mut a, KeyCode::Char('w'));
    assert_eq!(a.views.last().map(|v| v.kind), Some(ViewKind::Warnings));
    press(&mut a, KeyCode::Char('q'));
    assert!(a.views.is_empty());
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
        Msg::QuotesCompleted {
            generation: shown + 1,
            results: Arc::new(first_page.clone()),
        },
    );
    assert_eq!(a.quote_list.len(), full.quotes.len());
    update(
        &mut a,
        Msg::QuotesCompleted {
            generation: shown,
            results: Arc::new(first_page),
        },
    );
    assert_eq!(a.quote_list.len(), 1);
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
        base: None,
        stale: Vec::new(),
    }
}

#[test]
fn a_preview_fills_the_panes_and_pins_carry_over_to_the_full_corpus() {
    let mut a = App::new(Theme::new(ColorMode::None), 120, 40);
    update(
        &mut a,
        Msg::Preview(loaded(with_entities_reversed(&fixture::corpus()))),
    );
    settle(&mut a);
    // Panes show the preview while loading goes on.
    assert!(matches!(a.load, LoadState::Loading { .. }));
    assert_eq!(a.article_list.len(), 5);
    pin(&mut a, "Oman");
    pin(&mut a, "Abbas Araghchi");
    let pinned_on_preview = a.article_list.clone();

    update(&mut a, Msg::Loaded(loaded(fixture::corpus())));
    settle(&mut a);
    assert!(matches!(a.load, LoadState::Ready { .. }));
    let corpus = a.corpus().unwrap().clone();
    assert_eq!(a.chips.len(), 2);
    assert_eq!(corpus.entity(a.chips[1]).name, "Abbas Araghchi");
    assert_eq!(a.article_list, pinned_on_preview);
    // History made on the preview names the same entities in the full corpus.
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.chips.len(), 1);
    assert_eq!(corpus.entity(a.chips[0]).name, "Oman");

    // A late preview never replaces the full corpus.
    update(
        &mut a,
        Msg::Preview(loaded(with_entities_reversed(&fixture::corpus()))),
    );
    assert_eq!(a.corpus().unwrap().entity(a.chips[0]).name, "Oman");
}

#[test]
fn the_filters_matches_in_a_long_article_are_found_off_the_ui_thread() {
    let c = fixture::corpus();
    let mut articles = c.articles.clone();
    let paragraph = "Officials said the talks in Oman would resume soon. ".repeat(30);
    articles[1].body = format!("{paragraph}\n").repeat(700);
    let big = Corpus::new(articles, Vec::new(), Vec::new(), Vec::new());
    let mut a = App::ready(big, Theme::new(ColorMode::None), 80, 24);
    typed(&mut a, "/resume");
    press(&mut a, KeyCode::Enter);
    let long = a.article_list.iter().position(|&x| x == 1).unwrap();
    a.articles.selected = long;
    a.follow_article_selection();
    settle(&mut a);
    // n asks the worker for the matches and waits for them: nothing scanned here.
    update(&mut a, Msg::Command(Command::NextHit));
    assert!(a.reader.hits.is_none());
    assert_eq!(a.reader.pending_jump, Some(true));
    let jobs: Vec<Effect> = a
        .take_effects()
        .into_iter()
        .filter(|e| matches!(e, Effect::FindHits(_)))
        .collect();
    assert_eq!(jobs.len(), 1);
    for e in jobs {
        if let Effect::FindHits(job) = e {
            let found = job.run().unwrap();
            update(&mut a, Msg::Hits(Box::new(found)));
        }
    }
    assert_eq!(a.message.as_deref(), Some("Match 1 of 21000"));
    // The next n uses the matches found.
    update(&mut a, Msg::Command(Command::NextHit));
    assert_eq!(a.message.as_deref(), Some("Match 2 of 21000"));
}

#[test]
fn going_back_then_typing_at_once_applies_the_typing_not_the_old_place() {
    let mut a = app(80, 24);
    typed(&mut a, "/oman");
    press(&mut a, KeyCode::Enter);
    press(&mut a, KeyCode::Char('j'));
    // Back (to no filter) and, before that search is in, a new filter.
    update(&mut a, Msg::Command(Command::Back));
    update(&mut a, Msg::Insert('t'));
    settle(&mut a);
    assert_eq!(a.input.text, "t");
    assert_eq!((a.articles.selected, a.articles.offset), (0, 0));
}

/// Letters typed `gap_ms` apart, as a terminal delivers them; returns when the last came.
fn typed_at(app: &mut App, text: &str, gap_ms: u64) -> std::time::Instant {
    let mut at = std::time::Instant::now();
    for (i, c) in text.chars().enumerate() {
        if i > 0 {
            at += std::time::Duration::from_millis(gap_ms);
        }
        let key = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        update(app, Msg::Key { key, at });
        settle(app);
    }
    at
}

/// Effects that reach outside the app (saving, correcting, copying, exporting).
fn outside_effects(app: &mut App) -> usize {
    app.take_effects()
        .iter()
        .filter(|e| !matches!(e, Effect::Search(_) | Effect::Wrap(_) | Effect::FindHits(_)))
        .count()
}

#[test]
fn a_word_typed_in_a_list_filters_even_when_its_first_letter_is_a_command() {
    // "o" sorts, "n" jumps to the next match, "s" shows scare quotes: typed as the first
    // letter of a word, each is taken back and the word is the filter.
    for word in ["oman", "nuclear", "sanctions"] {
        let mut a = app(120, 40);
        let (sorts, scare) = (a.sorts, a.show_scare);
        typed_at(&mut a, word, 120);
        assert_eq!(a.mode, Mode::Filter, "{word}");
        assert_eq!(a.input.text, word);
        assert_eq!((a.sorts, a.show_scare), (sorts, scare), "{word}");
        assert_eq!(outside_effects(&mut a), 0, "{word}");
        assert!(!a.should_quit);
    }
    // In Entities, "R" renames, "M" merges and "X" hides: a typed word does none of them, in
    // lower case or capitalised.
    for word in ["russia", "xi", "Merkel", "Russia", "Xi"] {
        let mut a = app(120, 40);
        update(&mut a, Msg::Focus(Pane::Entities));
        let rows = a.entity_rows.len();
        typed_at(&mut a, word, 100);
        assert!(a.views.is_empty(), "{word}: a prompt is open");
        assert_eq!(a.input.text, word);
        assert_eq!(outside_effects(&mut a), 0, "{word}");
        update(
            &mut a,
            Msg::Tick(std::time::Instant::now() + super::word::WORD_GAP * 2),
        );
        assert_eq!(outside_effects(&mut a), 0, "{word}");
        assert!(a.work.corrections.is_empty(), "{word}");
        press(&mut a, KeyCode::Esc);
        press(&mut a, KeyCode::Esc);
        assert_eq!(a.entity_rows.len(), rows);
    }
}

#[test]
fn a_command_letter_alone_is_its_command() {
    // "o", then "b" a second later: "o" sorted, and "b" (no command here) starts the filter.
    let mut a = app(120, 40);
    let sorts = a.sorts;
    let at = typed_at(&mut a, "o", 0);
    let key = KeyEvent::new(KeyCode::Char('b'), KeyModifiers::NONE);
    update(
        &mut a,
        Msg::Key {
            key,
            at: at + std::time::Duration::from_secs(1),
        },
    );
    settle(&mut a);
    assert_ne!(a.sorts, sorts);
    assert_eq!(a.input.text, "b");
    // The same letter twice is the command twice.
    let mut a = app(120, 40);
    typed_at(&mut a, "jj", 50);
    assert_eq!(a.mode, Mode::Normal);
    assert_eq!(a.articles.selected, 2);
    // "q" quits once the gap has passed with no letter after it; "qa" is a word.
    let mut a = app(120, 40);
    let at = typed_at(&mut a, "q", 0);
    assert!(!a.should_quit);
    update(&mut a, Msg::Tick(at + super::word::WORD_GAP / 2));
    assert!(!a.should_quit);
    update(&mut a, Msg::Tick(at + super::word::WORD_GAP * 2));
    assert!(a.should_quit);
    let mut a = app(120, 40);
    typed_at(&mut a, "qatar", 90);
    assert!(!a.should_quit);
    assert_eq!(a.input.text, "qatar");
}

#[test]
fn a_word_typed_after_a_filter_is_a_word_of_its_own() {
    let mut a = app(120, 40);
    typed(&mut a, "/iran");
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.mode, Mode::Normal);
    typed_at(&mut a, "oman", 100);
    assert_eq!(a.input.text, "iran oman");
}
