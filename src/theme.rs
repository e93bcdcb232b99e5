//! Styles for every kind of thing on screen, for the colours the terminal has: true colour,
//! 256, 16, or none at all when `NO_COLOR` is set (then bold, italic, underline and reverse
//! carry the meaning). The selection is always reverse video, never colour alone. Below both
//! `app` (which holds the theme) and `ui` (which paints with it).

use ratatui::style::{Color, Modifier, Style};

use crate::model::EntityKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorMode {
    /// `NO_COLOR`: modifiers only.
    None,
    Ansi16,
    Ansi256,
    TrueColor,
}

impl ColorMode {
    /// From the environment: `NO_COLOR` (any non-empty value) wins, then `COLORTERM`, then `TERM`.
    pub fn detect() -> ColorMode {
        let get = |k: &str| std::env::var(k).ok();
        ColorMode::from_vars(
            get("NO_COLOR").as_deref(),
            get("COLORTERM").as_deref(),
            get("TERM").as_deref(),
        )
    }

    pub fn from_vars(no_color: Option<&str>, colorterm: Option<&str>, term: Option<&str>) -> Self {
        if no_color.is_some_and(|v| !v.is_empty()) {
            return ColorMode::None;
        }
        if matches!(colorterm, Some("truecolor" | "24bit")) {
            return ColorMode::TrueColor;
        }
        match term {
            Some("dumb") => ColorMode::None,
            Some(t) if t.contains("256") || t.contains("direct") => ColorMode::Ansi256,
            _ => ColorMode::Ansi16,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub mode: ColorMode,
    pub person: Style,
    pub country: Style,
    pub organisation: Style,
    /// Quoted words in the article text.
    pub quote: Style,
    /// Mentions of a pinned entity.
    pub pinned: Style,
    /// The mention or quote jumped to.
    pub current: Style,
    /// Characters the filter matched.
    pub matched: Style,
    pub selection: Style,
    pub dim: Style,
    pub heading: Style,
    pub border: Style,
    pub border_focus: Style,
    pub chip: Style,
    pub warning: Style,
    pub tab: Style,
    pub tab_focus: Style,
}

impl Theme {
    pub fn new(mode: ColorMode) -> Theme {
        let b = Modifier::BOLD;
        let plain = Style::new();
        // (person, country, organisation, quote, accent) per palette.
        let palette = match mode {
            ColorMode::None => None,
            ColorMode::Ansi16 => Some([
                Color::Yellow,
                Color::Green,
                Color::Cyan,
                Color::Magenta,
                Color::LightBlue,
            ]),
            ColorMode::Ansi256 => Some([
                Color::Indexed(179),
                Color::Indexed(114),
                Color::Indexed(80),
                Color::Indexed(176),
                Color::Indexed(75),
            ]),
            ColorMode::TrueColor => Some([
                Color::Rgb(229, 181, 103),
                Color::Rgb(133, 200, 140),
                Color::Rgb(95, 200, 200),
                Color::Rgb(210, 150, 220),
                Color::Rgb(110, 160, 255),
            ]),
        };
        match palette {
            None => Theme {
                mode,
                person: plain.add_modifier(b),
                country: plain.add_modifier(Modifier::UNDERLINED),
                organisation: plain.add_modifier(b | Modifier::UNDERLINED),
                quote: plain.add_modifier(Modifier::ITALIC),
                pinned: plain.add_modifier(b | Modifier::REVERSED),
                current: plain.add_modifier(Modifier::REVERSED | Modifier::UNDERLINED),
                matched: plain.add_modifier(b | Modifier::UNDERLINED),
                selection: plain.add_modifier(Modifier::REVERSED),
                dim: plain.add_modifier(Modifier::DIM),
                heading: plain.add_modifier(b),
                border: plain,
                border_focus: plain.add_modifier(b),
                chip: plain.add_modifier(Modifier::REVERSED),
                warning: plain.add_modifier(b),
                tab: plain,
                tab_focus: plain.add_modifier(Modifier::REVERSED | b),
            },
            Some([person, country, org, quote, accent]) => Theme {
                mode,
                person: plain.fg(person),
                country: plain.fg(country),
                organisation: plain.fg(org),
                quote: plain.fg(quote).add_modifier(Modifier::ITALIC),
                pinned: plain.fg(Color::Black).bg(person).add_modifier(b),
                current: plain.add_modifier(Modifier::REVERSED | b),
                matched: plain.fg(accent).add_modifier(b | Modifier::UNDERLINED),
                selection: plain.add_modifier(Modifier::REVERSED),
                dim: plain.fg(Color::DarkGray),
                heading: plain.fg(accent).add_modifier(b),
                border: plain.fg(Color::DarkGray),
                border_focus: plain.fg(accent).add_modifier(b),
                chip: plain.fg(Color::Black).bg(person),
                warning: plain.fg(Color::Yellow).add_modifier(b),
                tab: plain.fg(Color::Gray),
                tab_focus: plain.add_modifier(Modifier::REVERSED | b),
            },
        }
    }

    pub fn kind(&self, kind: EntityKind) -> Style {
        match kind {
            EntityKind::Person => self.person,
            EntityKind::Country => self.country,
            EntityKind::Organisation => self.organisation,
        }
    }
}

impl Default for Theme {
    fn default() -> Self {
        Theme::new(ColorMode::Ansi16)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_wins_and_has_no_colours() {
        let mode = ColorMode::from_vars(Some("1"), Some("truecolor"), Some("xterm-256color"));
        assert_eq!(mode, ColorMode::None);
        let t = Theme::new(mode);
        for s in [
            t.person,
            t.country,
            t.organisation,
            t.quote,
            t.pinned,
            t.matched,
            t.chip,
        ] {
            assert_eq!(s.fg, None);
            assert_eq!(s.bg, None);
        }
        // An empty NO_COLOR does not count (no-color.org).
        assert_ne!(ColorMode::from_vars(Some(""), None, None), ColorMode::None);
    }

    #[test]
    fn depth_from_the_environment() {
        assert_eq!(
            ColorMode::from_vars(None, Some("24bit"), None),
            ColorMode::TrueColor
        );
        assert_eq!(
            ColorMode::from_vars(None, None, Some("screen-256color")),
            ColorMode::Ansi256
        );
        assert_eq!(
            ColorMode::from_vars(None, None, Some("xterm")),
            ColorMode::Ansi16
        );
    }

    #[test]
    fn selection_is_reverse_video_in_every_mode() {
        for mode in [
            ColorMode::None,
            ColorMode::Ansi16,
            ColorMode::Ansi256,
            ColorMode::TrueColor,
        ] {
            assert!(
                Theme::new(mode)
                    .selection
                    .add_modifier
                    .contains(Modifier::REVERSED)
            );
        }
    }
}
