//! The explorer's screens on ratatui's TestBackend: snapshots at 120x40, 80x24 and 40x12 of
//! every pane, the filter, a pinned entity, help, a quote's detail, the speakers view, a step
//! back in history, the entity sections, other sort orders and the 16-colour palette; every
//! size from nothing to large drawn without a panic or a control character in any cell; and a
//! frame smaller than the app believes (a resize racing a draw) drawn safely.

use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use lede::app::{self, App, Msg, Pane};
use lede::corpus::Progress;
use lede::filter::fixture;
use lede::term::Output;
use lede::ui::{self, theme::ColorMode, theme::Theme};
use ratatui::Terminal;
use ratatui::backend::{CrosstermBackend, TestBackend};
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

fn app(width: u16, height: u16) -> App {
    App::ready(
        fixture::corpus(),
        Theme::new(ColorMode::Ansi16),
        width,
        height,
    )
}

fn key(app: &mut App, ev: KeyEvent) {
    if let Some(msg) = app.msg_for_key(&ev) {
        app::update(app, msg);
    }
    app::settle(app);
}

fn press(app: &mut App, code: KeyCode) {
    key(app, KeyEvent::new(code, KeyModifiers::NONE));
}

fn keys(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

fn render(app: &App) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(app.width, app.height)).unwrap();
    terminal.draw(|f| ui::draw(app, f)).unwrap();
    terminal.backend().buffer().clone()
}

fn screen(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(app.width, app.height)).unwrap();
    terminal.draw(|f| ui::draw(app, f)).unwrap();
    terminal.backend().to_string()
}

/// Select an entity by name in the sidebar and press Enter on it.
fn pin(app: &mut App, name: &str) {
    press(app, KeyCode::Char('3'));
    let corpus = app.corpus().unwrap().clone();
    let row = app
        .entity_rows
        .iter()
        .position(|r| matches!(r, app::EntityRow::Entity(h) if corpus.entity(h.id).name == name))
        .unwrap();
    app.entities.selected = row;
    press(app, KeyCode::Enter);
}

fn select_quote(app: &mut App, start: &str) {
    press(app, KeyCode::Char('4'));
    let corpus = app.corpus().unwrap().clone();
    app.quotes.selected = app
        .quote_list
        .iter()
        .position(|h| {
            corpus
                .quote_text(&corpus.quotes[h.quote as usize])
                .starts_with(start)
        })
        .unwrap();
}

const SIZES: [(u16, u16); 3] = [(120, 40), (80, 24), (40, 12)];

#[test]
fn start_screen() {
    for (w, h) in SIZES {
        insta::assert_snapshot!(format!("start_{w}x{h}"), screen(&app(w, h)));
    }
}

/// While `U` hides the entities the model is unsure of, the Entities pane's title says so.
#[test]
fn unsure_entities_hidden() {
    let mut a = app(80, 24);
    app::update(&mut a, Msg::Focus(Pane::Entities));
    press(&mut a, KeyCode::Char('U'));
    let s = screen(&a);
    assert!(s.contains("unsure hidden (U)"), "{s}");
    insta::assert_snapshot!("unsure_hidden_80x24", s);
}

#[test]
fn each_pane_focused() {
    for (w, h) in SIZES {
        for pane in [Pane::Text, Pane::Entities, Pane::Quotes] {
            let mut a = app(w, h);
            app::update(&mut a, Msg::Focus(pane));
            let name = format!("pane_{}_{w}x{h}", pane.title().to_lowercase());
            insta::assert_snapshot!(name, screen(&a));
        }
    }
}

#[test]
fn filter_with_a_query() {
    for (w, h) in SIZES {
        let mut a = app(w, h);
        press(&mut a, KeyCode::Char('/'));
        keys(&mut a, "araghchi");
        insta::assert_snapshot!(format!("filter_typing_{w}x{h}"), screen(&a));
    }
    let mut a = app(120, 40);
    press(&mut a, KeyCode::Char('/'));
    keys(&mut a, "t:talks !trump");
    press(&mut a, KeyCode::Enter);
    insta::assert_snapshot!("filter_facets_120x40", screen(&a));
}

#[test]
fn nothing_found_says_why() {
    for (w, h) in SIZES {
        let mut a = app(w, h);
        press(&mut a, KeyCode::Char('/'));
        keys(&mut a, "p:tehran");
        press(&mut a, KeyCode::Enter);
        let shown = screen(&a);
        insta::assert_snapshot!(format!("nothing_found_{w}x{h}"), shown);
    }
}

#[test]
fn typing_a_word_in_a_list_starts_the_filter() {
    for (w, h) in SIZES {
        let mut a = app(w, h);
        keys(&mut a, "iraq");
        insta::assert_snapshot!(format!("typed_in_list_{w}x{h}"), screen(&a));
    }
}

#[test]
fn n_follows_the_filter_on_to_the_next_article() {
    for (w, h) in SIZES {
        let mut a = app(w, h);
        keys(&mut a, "/talks");
        press(&mut a, KeyCode::Enter);
        // Through the first article's matches and on to the next.
        let first = a.reader.article;
        while a.reader.article == first {
            press(&mut a, KeyCode::Char('n'));
        }
        insta::assert_snapshot!(format!("filter_next_article_{w}x{h}"), screen(&a));
    }
}

#[test]
fn pinned_entity() {
    for (w, h) in SIZES {
        let mut a = app(w, h);
        pin(&mut a, "Abbas Araghchi");
        press(&mut a, KeyCode::Char('n'));
        insta::assert_snapshot!(format!("pinned_{w}x{h}"), screen(&a));
        press(&mut a, KeyCode::Char('4'));
        insta::assert_snapshot!(format!("pinned_quotes_{w}x{h}"), screen(&a));
    }
}

#[test]
fn quote_detail_and_the_article_at_the_quote() {
    for (w, h) in SIZES {
        let mut a = app(w, h);
        select_quote(&mut a, "Unveiling");
        press(&mut a, KeyCode::Char(' '));
        insta::assert_snapshot!(format!("quote_detail_{w}x{h}"), screen(&a));
        press(&mut a, KeyCode::Enter);
        insta::assert_snapshot!(format!("quote_opened_{w}x{h}"), screen(&a));
    }
}

#[test]
fn entity_detail() {
    for (w, h) in SIZES {
        let mut a = app(w, h);
        press(&mut a, KeyCode::Char('3'));
        press(&mut a, KeyCode::Char(' '));
        insta::assert_snapshot!(format!("entity_detail_{w}x{h}"), screen(&a));
    }
}

#[test]
fn speakers_view() {
    for (w, h) in SIZES {
        let mut a = app(w, h);
        press(&mut a, KeyCode::Char('4'));
        press(&mut a, KeyCode::Char('v'));
        insta::assert_snapshot!(format!("speakers_{w}x{h}"), screen(&a));
    }
}

#[test]
fn history_back_to_the_list() {
    for (w, h) in SIZES {
        let mut a = app(w, h);
        press(&mut a, KeyCode::Char('j'));
        press(&mut a, KeyCode::Enter);
        press(&mut a, KeyCode::Char('j'));
        insta::assert_snapshot!(format!("article_opened_{w}x{h}"), screen(&a));
        press(&mut a, KeyCode::Esc);
        insta::assert_snapshot!(format!("history_back_{w}x{h}"), screen(&a));
    }
}

#[test]
fn entity_sections() {
    for (w, h) in SIZES {
        let mut a = app(w, h);
        press(&mut a, KeyCode::Char('3'));
        press(&mut a, KeyCode::Char('C'));
        insta::assert_snapshot!(format!("section_countries_{w}x{h}"), screen(&a));
    }
}

#[test]
fn sorted_lists() {
    for (w, h) in SIZES {
        let mut a = app(w, h);
        press(&mut a, KeyCode::Char('o'));
        insta::assert_snapshot!(format!("sorted_articles_{w}x{h}"), screen(&a));
        press(&mut a, KeyCode::Char('3'));
        press(&mut a, KeyCode::Char('o'));
        insta::assert_snapshot!(format!("sorted_entities_{w}x{h}"), screen(&a));
        press(&mut a, KeyCode::Char('4'));
        press(&mut a, KeyCode::Char('o'));
        insta::assert_snapshot!(format!("sorted_quotes_{w}x{h}"), screen(&a));
    }
}

/// The command palette, narrowed by typing; the prompts of the corrections and of export;
/// a starred and a reviewed article in the list.
#[test]
fn palette_and_prompts() {
    for (w, h) in SIZES {
        let mut a = app(w, h);
        press(&mut a, KeyCode::Char(':'));
        insta::assert_snapshot!(format!("palette_{w}x{h}"), screen(&a));
        keys(&mut a, "star");
        insta::assert_snapshot!(format!("palette_typed_{w}x{h}"), screen(&a));
        press(&mut a, KeyCode::Esc);

        let mut a = app(w, h);
        press(&mut a, KeyCode::Char('3'));
        press(&mut a, KeyCode::Char('j'));
        press(&mut a, KeyCode::Char('M'));
        keys(&mut a, "ara");
        insta::assert_snapshot!(format!("prompt_merge_{w}x{h}"), screen(&a));
        press(&mut a, KeyCode::Esc);
        press(&mut a, KeyCode::Char('R'));
        insta::assert_snapshot!(format!("prompt_rename_{w}x{h}"), screen(&a));
        press(&mut a, KeyCode::Esc);
        press(&mut a, KeyCode::Char('K'));
        insta::assert_snapshot!(format!("prompt_kind_{w}x{h}"), screen(&a));
        press(&mut a, KeyCode::Esc);
        press(&mut a, KeyCode::Char('E'));
        insta::assert_snapshot!(format!("prompt_export_{w}x{h}"), screen(&a));
        press(&mut a, KeyCode::Esc);

        let mut a = app(w, h);
        press(&mut a, KeyCode::Char('*'));
        press(&mut a, KeyCode::Char('j'));
        press(&mut a, KeyCode::Char('R'));
        press(&mut a, KeyCode::Char('4'));
        press(&mut a, KeyCode::Char('*'));
        insta::assert_snapshot!(format!("marked_{w}x{h}"), screen(&a));
    }
}

#[test]
fn help_overlay() {
    for (w, h) in SIZES {
        let mut a = app(w, h);
        press(&mut a, KeyCode::Char('?'));
        insta::assert_snapshot!(format!("help_{w}x{h}"), screen(&a));
    }
}

#[test]
fn warnings_view_wraps_and_shows_where_it_is() {
    let mut corpus = fixture::corpus();
    corpus.warnings = (0..5000)
        .map(|i| {
            lede::load::LoadWarning::at_line(
                &format!("/data/feeds/very/long/folder/name/shard{i:05}.jsonl"),
                i + 1,
                "malformed JSON: expected value at line 1 column 1 (the line is skipped)",
            )
        })
        .collect();
    for (w, h) in SIZES {
        let mut a = App::ready(corpus.clone(), Theme::new(ColorMode::Ansi16), w, h);
        press(&mut a, KeyCode::Char('w'));
        press(&mut a, KeyCode::Char('j'));
        insta::assert_snapshot!(format!("warnings_{w}x{h}"), screen(&a));
    }
}

#[test]
fn loading_and_too_small() {
    let mut a = App::new(Theme::new(ColorMode::Ansi16), 80, 24);
    app::update(
        &mut a,
        Msg::Progress {
            progress: Progress {
                files_done: 3,
                files_total: 8,
                bytes_done: 2_500_000,
                bytes_total: 6_000_000,
                articles_done: 1200,
                stage_elapsed: Duration::from_secs(2),
                ..Progress::default()
            },
            elapsed: Duration::from_secs(2),
        },
    );
    insta::assert_snapshot!("loading_80x24", screen(&a));
    insta::assert_snapshot!("too_small_30x8", screen(&app(30, 8)));
}

/// The colour codes a frame sends through the terminal output of a 16-colour terminal.
fn sgr_codes(bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    let mut found: Vec<String> = text
        .split("\x1b[")
        .skip(1)
        .filter_map(|s| {
            let end = s.find(|c: char| !(c.is_ascii_digit() || c == ';'))?;
            (s[end..].starts_with('m')).then(|| s[..end].to_string())
        })
        .collect();
    found.sort();
    found.dedup();
    found
}

/// Bytes written, kept where the test can read them.
#[derive(Clone, Default)]
struct Shared(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn sixteen_colour_terminals_get_classic_colour_codes() {
    for (w, h) in SIZES {
        let mut a = app(w, h);
        pin(&mut a, "Abbas Araghchi");
        press(&mut a, KeyCode::Char('n'));
        let sent = Shared::default();
        let backend = CrosstermBackend::new(Output::new(sent.clone(), true));
        let mut terminal = Terminal::with_options(
            backend,
            ratatui::TerminalOptions {
                viewport: ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, w, h)),
            },
        )
        .unwrap();
        terminal.draw(|f| ui::draw(&a, f)).unwrap();
        let codes = sgr_codes(&sent.0.lock().unwrap());
        for c in &codes {
            assert!(
                !c.contains("38;5") && !c.contains("48;5") && !c.contains(";2;"),
                "{c}"
            );
        }
        insta::assert_snapshot!(
            format!("palette16_{w}x{h}"),
            format!("{}\nSGR codes sent: {}", screen(&a), codes.join(" "))
        );
    }
}

/// Every kind of screen, for the size sweep.
fn states(width: u16, height: u16) -> Vec<App> {
    let mut out = vec![App::new(Theme::new(ColorMode::TrueColor), width, height)];
    let mut a = app(width, height);
    out.push(a.clone());
    press(&mut a, KeyCode::Char('/'));
    keys(&mut a, "iran");
    out.push(a.clone());
    press(&mut a, KeyCode::Esc);
    pin(&mut a, "Iran");
    press(&mut a, KeyCode::Char('n'));
    out.push(a.clone());
    for pane in ['1', '2', '4'] {
        press(&mut a, KeyCode::Char(pane));
        out.push(a.clone());
    }
    press(&mut a, KeyCode::Char('v'));
    out.push(a.clone());
    press(&mut a, KeyCode::Char(' '));
    out.push(a.clone());
    press(&mut a, KeyCode::Esc);
    press(&mut a, KeyCode::Char('v'));
    press(&mut a, KeyCode::Enter);
    out.push(a.clone());
    press(&mut a, KeyCode::Char('?'));
    out.push(a.clone());
    out
}

#[test]
fn no_size_panics_or_puts_control_characters_in_cells() {
    let mut sizes: Vec<(u16, u16)> = Vec::new();
    for w in (0..=130).step_by(7) {
        for h in (0..=45).step_by(4) {
            sizes.push((w, h));
        }
    }
    sizes.extend([
        (1, 1),
        (40, 12),
        (39, 12),
        (40, 11),
        (99, 30),
        (100, 30),
        (300, 100),
    ]);
    for (w, h) in sizes {
        for mut a in states(120, 40) {
            app::update(
                &mut a,
                Msg::Resize {
                    width: w,
                    height: h,
                },
            );
            let buf = render(&a);
            for cell in buf.content() {
                assert!(
                    !cell.symbol().chars().any(char::is_control),
                    "control character at {w}x{h}: {:?}",
                    cell.symbol()
                );
            }
        }
        // Built at that size from the start, too.
        for a in states(w, h) {
            render(&a);
        }
    }
}

/// A resize can arrive between the app's last resize message and the draw: the frame is then
/// smaller (or larger) than the app believes. Drawing goes by the frame.
#[test]
fn a_frame_of_another_size_than_the_app_believes_is_drawn_safely() {
    for a in states(120, 40) {
        for (w, h) in [(80, 19), (60, 19), (40, 12), (20, 6), (1, 1), (200, 60)] {
            let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
            terminal.draw(|f| ui::draw(&a, f)).unwrap();
        }
    }
}

/// The status line always says how to go back, or, at the top, how to quit.
#[test]
fn the_hint_line_always_shows_the_way_back() {
    for (w, h) in SIZES {
        for a in states(w, h).into_iter().skip(1) {
            let s = screen(&a);
            let status = s.lines().next_back().unwrap_or("");
            assert!(
                status.contains("back") || status.contains("q quit") || status.contains("done"),
                "{w}x{h}:\n{s}"
            );
        }
        let mut a = app(w, h);
        press(&mut a, KeyCode::Enter);
        let s = screen(&a);
        assert!(s.lines().last().unwrap().contains("Esc back"), "{s}");
    }
}

#[test]
fn selection_is_reverse_video() {
    let a = app(120, 40);
    let buf = render(&a);
    // The first article's title row, inside the border.
    let cell = &buf[(2, 1)];
    assert!(cell.modifier.contains(Modifier::REVERSED));
}

#[test]
fn no_color_theme_puts_no_colour_in_any_cell() {
    let mut a = App::ready(fixture::corpus(), Theme::new(ColorMode::None), 120, 40);
    pin(&mut a, "Iran");
    press(&mut a, KeyCode::Char('n'));
    let buf = render(&a);
    for cell in buf.content() {
        assert_eq!(cell.fg, Color::Reset);
        assert_eq!(cell.bg, Color::Reset);
    }
    // The selection is still visible.
    assert!(
        buf.content()
            .iter()
            .any(|c| c.modifier.contains(Modifier::REVERSED))
    );
}
