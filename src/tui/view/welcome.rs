//! The first-run screen, and the screen of a plan file that could not be read.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::centered;
use crate::core::demo::DEMO_NAME;
use crate::core::text::SAFETY_NOTE;
use crate::core::text::printable;
use crate::tui::app::App;
use crate::tui::theme::Theme;

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    let mut lines = vec![
        Line::from(Span::styled("Welcome to taper", theme.title())),
        Line::from(""),
    ];
    // On a small terminal the choices matter more than the introduction.
    if area.height >= 16 && area.width >= 50 {
        lines.push(Line::from(
            "A calm planner for tapering a substance step by step: plan the steps, tick off each day's doses, see how far you have come.",
        ));
        lines.push(Line::from(""));
    }
    lines.extend([
        Line::from(Span::styled(SAFETY_NOTE, theme.dim())),
        Line::from(""),
        Line::from(vec![
            Span::styled("  n  ", theme.accent()),
            Span::raw("create a plan (wizard)"),
        ]),
        Line::from(vec![
            Span::styled("  d  ", theme.accent()),
            Span::raw(format!("open the demo plan (saved as '{DEMO_NAME}')")),
        ]),
        Line::from(vec![
            Span::styled("  q  ", theme.accent()),
            Span::raw("quit"),
        ]),
    ]);
    let rect = centered(area, 64, 14);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), rect);
}

pub fn render_failed(message: &str, frame: &mut Frame, area: Rect, theme: Theme) {
    let mut lines = vec![
        Line::from(Span::styled(
            "This plan could not be opened:",
            theme.title(),
        )),
        Line::from(""),
    ];
    for line in message.lines() {
        lines.push(Line::from(Span::styled(
            printable(line).into_owned(),
            theme.error(),
        )));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(
        "The file has not been changed. Fix it in an editor (or with",
    ));
    lines.push(Line::from(
        "`taper check`), then open taper again. n starts a new plan.",
    ));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}
