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

/// The colour preset a configuration starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Preset {
    /// For dark backgrounds.
    #[default]
    Dark,
    /// For light backgrounds: darker colours.
    Light,
}

/// Colours a user set, by role; `None` keeps the preset's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Colors {
    pub person: Option<Color>,
    pub country: Option<Color>,
    pub organisation: Option<Color>,
    pub quote: Option<Color>,
    pub accent: Option<Color>,
    pub dim: Option<Color>,
    pub border: Option<Color>,
}

impl Colors {
    /// Set a role's colour by its name; false when there is no such role.
    pub fn set(&mut self, role: &str, color: Color) -> bool {
        let slot = match role {
            "person" => &mut self.person,
            "country" => &mut self.country,
            "organisation" | "organization" => &mut self.organisation,
            "quote" => &mut self.quote,
            "accent" => &mut self.accent,
            "dim" => &mut self.dim,
            "border" => &mut self.border,
            _ => return false,
        };
        *slot = Some(color);
        true
    }
}

/// The 16 classic colours with the RGB values xterm gives them, for choosing the nearest.
const ANSI16: [(Color, (u8, u8, u8)); 16] = [
    (Color::Black, (0, 0, 0)),
    (Color::Red, (205, 0, 0)),
    (Color::Green, (0, 205, 0)),
    (Color::Yellow, (205, 205, 0)),
    (Color::Blue, (0, 0, 238)),
    (Color::Magenta, (205, 0, 205)),
    (Color::Cyan, (0, 205, 205)),
    (Color::Gray, (229, 229, 229)),
    (Color::DarkGray, (127, 127, 127)),
    (Color::LightRed, (255, 0, 0)),
    (Color::LightGreen, (0, 255, 0)),
    (Color::LightYellow, (255, 255, 0)),
    (Color::LightBlue, (92, 92, 255)),
    (Color::LightMagenta, (255, 0, 255)),
    (Color::LightCyan, (0, 255, 255)),
    (Color::White, (255, 255, 255)),
];

/// The RGB value of a 256-colour index (the xterm cube and grey ramp).
fn indexed_rgb(i: u8) -> (u8, u8, u8) {
    match i {
        0..=15 => ANSI16[i as usize].1,
        16..=231 => {
            let i = i - 16;
            let level = |v: u8| if v == 0 { 0 } else { 55 + v * 40 };
            (level(i / 36), level((i / 6) % 6), level(i % 6))
        }
        _ => {
            let g = 8 + (i - 232) * 10;
            (g, g, g)
        }
    }
}

/// A colour the terminal can show: 16-colour terminals get the nearest of their 16, 256-colour
/// ones the nearest of the cube and grey ramp (the named 16 stay as they are).
pub fn fit(color: Color, mode: ColorMode) -> Color {
    let rgb = match color {
        Color::Rgb(r, g, b) => (r, g, b),
        Color::Indexed(i) if mode == ColorMode::Ansi16 => indexed_rgb(i),
        other => return other,
    };
    let dist = |(a, b, c): (u8, u8, u8)| {
        let d = |x: u8, y: u8| (i32::from(x) - i32::from(y)).pow(2);
        d(a, rgb.0) + d(b, rgb.1) + d(c, rgb.2)
    };
    match mode {
        ColorMode::TrueColor | ColorMode::None => color,
        ColorMode::Ansi256 => (16..=255u8)
            .min_by_key(|&i| dist(indexed_rgb(i)))
            .map_or(color, Color::Indexed),
        ColorMode::Ansi16 => ANSI16
            .iter()
            .min_by_key(|(_, v)| dist(*v))
            .map_or(color, |(c, _)| *c),
    }
}

impl Theme {
    pub fn new(mode: ColorMode) -> Theme {
        Theme::configured(mode, Preset::Dark, &Colors::default())
    }

    /// A preset's theme with the user's colours over it (no colours at all with `NO_COLOR`).
    pub fn configured(mode: ColorMode, preset: Preset, colors: &Colors) -> Theme {
        let b = Modifier::BOLD;
        let plain = Style::new();
        // (person, country, organisation, quote, accent) per palette.
        let light = match mode {
            ColorMode::None => None,
            ColorMode::Ansi16 => Some([
                Color::Red,
                Color::Green,
                Color::Blue,
                Color::Magenta,
                Color::Blue,
            ]),
            ColorMode::Ansi256 => Some([
                Color::Indexed(130),
                Color::Indexed(28),
                Color::Indexed(25),
                Color::Indexed(90),
                Color::Indexed(26),
            ]),
            ColorMode::TrueColor => Some([
                Color::Rgb(160, 90, 0),
                Color::Rgb(20, 120, 40),
                Color::Rgb(20, 90, 170),
                Color::Rgb(140, 40, 140),
                Color::Rgb(30, 80, 200),
            ]),
        };
        let dark = match mode {
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
        let palette = match preset {
            Preset::Dark => dark,
            Preset::Light => light,
        }
        .map(|[p, c, o, q, a]| {
            let pick = |set: Option<Color>, default: Color| set.map_or(default, |x| fit(x, mode));
            [
                pick(colors.person, p),
                pick(colors.country, c),
                pick(colors.organisation, o),
                pick(colors.quote, q),
                pick(colors.accent, a),
            ]
        });
        let dim_color = colors.dim.map_or(
            match preset {
                Preset::Dark => Color::DarkGray,
                Preset::Light => Color::Gray,
            },
            |x| fit(x, mode),
        );
        let border_color = colors.border.map_or(dim_color, |x| fit(x, mode));
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
                dim: plain.fg(dim_color),
                heading: plain.fg(accent).add_modifier(b),
                border: plain.fg(border_color),
                border_focus: plain.fg(accent).add_modifier(b),
                chip: plain.fg(Color::Black).bg(person),
                warning: plain.fg(Color::Yellow).add_modifier(b),
                tab: match preset {
                    Preset::Dark => plain.fg(Color::Gray),
                    Preset::Light => plain.fg(Color::DarkGray),
                },
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
    fn colours_fit_the_terminal() {
        assert_eq!(
            fit(Color::Rgb(250, 250, 10), ColorMode::Ansi16),
            Color::LightYellow
        );
        assert_eq!(fit(Color::Indexed(196), ColorMode::Ansi16), Color::LightRed);
        assert_eq!(
            fit(Color::Rgb(255, 0, 0), ColorMode::Ansi256),
            Color::Indexed(196)
        );
        assert_eq!(fit(Color::Yellow, ColorMode::Ansi256), Color::Yellow);
        let mut colors = Colors::default();
        assert!(colors.set("person", Color::Rgb(0, 0, 230)));
        assert!(!colors.set("nobody", Color::Red));
        let t = Theme::configured(ColorMode::Ansi16, Preset::Dark, &colors);
        assert_eq!(t.person.fg, Some(Color::Blue));
        let t = Theme::configured(ColorMode::None, Preset::Light, &colors);
        assert_eq!(t.person.fg, None);
        let light = Theme::configured(ColorMode::Ansi256, Preset::Light, &Colors::default());
        assert_ne!(light.person, Theme::new(ColorMode::Ansi256).person);
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
