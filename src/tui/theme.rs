//! Colours, with a plain fallback for `NO_COLOR`. States never depend on colour alone:
//! every view also draws a symbol (✓ taken, · open, ▲ above target, ▼ below target).

use ratatui::style::{Color, Modifier, Style};

/// The styles every view draws with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    /// Colour unless `NO_COLOR` is set (to anything non-empty).
    pub fn from_env() -> Theme {
        Theme {
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }

    pub const PLAIN: Theme = Theme { color: false };
    pub const COLOR: Theme = Theme { color: true };

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
        self.fg(Color::Cyan)
    }
    /// Taken / on plan: calm, not celebratory.
    pub fn done(self) -> Style {
        self.fg(Color::Green)
    }
    /// Above target: noticeable, never alarming red.
    pub fn above(self) -> Style {
        self.fg(Color::Yellow)
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
        self.fg(Color::Cyan)
    }
    pub fn actual_line(self) -> Style {
        self.fg(Color::Green)
    }
}
