//! Help: every binding, grouped by where it applies, straight from the binding table.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::core::text::{SAFETY_NOTE, TOLERANCE_NOTE};
use crate::tui::app::App;
use crate::tui::keymap::{Context, bindings_of};

/// The help text as lines (also used by tests).
pub fn lines(app: &App) -> Vec<Line<'static>> {
    let theme = app.theme;
    let mut lines = vec![
        Line::from(Span::styled("Help", theme.title())),
        Line::from(Span::styled(SAFETY_NOTE, theme.dim())),
        Line::from(Span::styled(TOLERANCE_NOTE, theme.dim())),
    ];
    for context in Context::ALL {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(context.title(), theme.title())));
        for binding in bindings_of(context) {
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<12}", binding.keys), theme.accent()),
                Span::raw(binding.help),
            ]));
        }
    }
    lines
}

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let all = lines(app);
    let max_scroll = all.len().saturating_sub(usize::from(area.height));
    let scroll = app.help_scroll.min(max_scroll);
    let visible: Vec<Line> = all.into_iter().skip(scroll).collect();
    frame.render_widget(Paragraph::new(visible).wrap(Wrap { trim: false }), area);
}
