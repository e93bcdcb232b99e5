//! The explorer's screens on ratatui's TestBackend: snapshots at 120x40, 80x24 and 40x12 of
//! every pane, the filter, a pinned entity and the help overlay; and every size from nothing to
//! large drawn without a panic or a control character in any cell.

use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use lede::app::{self, Action, App, Pane};
use lede::corpus::Progress;
use lede::filter::fixture;
use lede::ui::{self, theme::ColorMode, theme::Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
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

fn press(app: &mut App, code: KeyCode) {
    if let Some(action) = app.action_for_key(&KeyEvent::new(code, KeyModifiers::NONE)) {
        app::update(app, action);
    }
    app::settle(app);
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

const SIZES: [(u16, u16); 3] = [(120, 40), (80, 24), (40, 12)];

#[test]
fn start_screen() {
    for (w, h) in SIZES {
        insta::assert_snapshot!(format!("start_{w}x{h}"), screen(&app(w, h)));
    }
}

#[test]
fn each_pane_focused() {
    for (w, h) in SIZES {
        for pane in [Pane::Text, Pane::Entities, Pane::Quotes] {
            let mut a = app(w, h);
            app::update(&mut a, Action::Focus(pane));
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
fn quote_opened_in_its_article() {
    for (w, h) in SIZES {
        let mut a = app(w, h);
        press(&mut a, KeyCode::Char('4'));
        press(&mut a, KeyCode::Char('G'));
        press(&mut a, KeyCode::Enter);
        insta::assert_snapshot!(format!("quote_opened_{w}x{h}"), screen(&a));
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
fn loading_and_too_small() {
    let mut a = App::new(Theme::new(ColorMode::Ansi16), 80, 24);
    app::update(
        &mut a,
        Action::Progress {
            progress: Progress {
                files_done: 3,
                files_total: 8,
                bytes_done: 2_500_000,
                articles_done: 1200,
                extracting: false,
            },
            elapsed: Duration::from_secs(2),
        },
    );
    insta::assert_snapshot!("loading_80x24", screen(&a));
    insta::assert_snapshot!("too_small_30x8", screen(&app(30, 8)));
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
                Action::Resize {
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
