//! Colours, with a plain fallback for `NO_COLOR`. States never depend on colour alone:
//! every view also draws a symbol (✓ taken, · open, ▲ above target, ▼ below target).

use ratatui::style::{Color, Modifier, Style};

/// The styles every view draws with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
    /// Colours for a light terminal background (`theme = "light"` in the config).
    pub light: bool,
}

impl Theme {
    /// Colour unless `NO_COLOR` is set (to anything non-empty).
    pub fn from_env() -> Theme {
        Theme::from_env_and(crate::core::config::ThemeName::Dark)
    }

    /// The config's theme; `NO_COLOR` still wins.
    pub fn from_env_and(name: crate::core::config::ThemeName) -> Theme {
        Theme {
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
            light: name == crate::core::config::ThemeName::Light,
        }
    }

    pub const PLAIN: Theme = Theme {
        color: false,
        light: false,
    };
    pub const COLOR: Theme = Theme {
        color: true,
        light: false,
    };
    pub const LIGHT: Theme = Theme {
        color: true,
        light: true,
    };

    /// A colour for a dark background, or its counterpart for a light one.
    fn pick(self, dark: Color, light: Color) -> Style {
        self.fg(if self.light { light } else { dark })
    }

    fn fg(self, color: Color) -> Style {
        if self.color {
            Style::new().fg(color)
        } else {
            Style::new()
        }
    }

    pub fn text(self) -> Style {
        Style::new()
    }
    pub fn dim(self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new()
        }
    }
    pub fn title(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }
    pub fn accent(self) -> Style {
        self.pick(Color::Cyan, Color::Blue)
    }
    /// Taken / on plan: calm, not celebratory.
    pub fn done(self) -> Style {
        self.fg(Color::Green)
    }
    /// Above target: noticeable, never alarming red.
    pub fn above(self) -> Style {
        self.pick(Color::Yellow, Color::Magenta)
    }
    pub fn below(self) -> Style {
        self.fg(Color::Blue)
    }
    pub fn error(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }
    /// The selected row: reversed, so it shows without colour too.
    pub fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
    pub fn planned_line(self) -> Style {
        self.pick(Color::Cyan, Color::Blue)
    }
    pub fn actual_line(self) -> Style {
        self.fg(Color::Green)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn light_changes_colours_and_no_color_still_wins() {
        assert_ne!(Theme::LIGHT.above(), Theme::COLOR.above());
        assert_ne!(Theme::LIGHT.accent(), Theme::COLOR.accent());
        let plain_light = Theme {
            color: false,
            light: true,
        };
        assert_eq!(plain_light.above(), Theme::PLAIN.above());
        assert_eq!(plain_light.accent(), Theme::PLAIN.accent());
    }
}
