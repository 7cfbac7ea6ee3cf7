//! Overlays drawn over a screen: the hold / resume / break dialog and the plan switcher.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::centered;
use crate::core::text::printable;
use crate::tui::amend::{AmendDialog, AmendKind};
use crate::tui::app::App;
use crate::tui::switcher::{Switcher, open_name};

pub fn amend_dialog(app: &App, dialog: &AmendDialog, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    let width = 56.min(area.width);
    let mut lines: Vec<Line> = Vec::new();
    let note = match dialog.kind {
        AmendKind::Hold => "The target stays at today's dose; the next steps wait.",
        AmendKind::Resume => "The taper goes on from today; later steps move on.",
        AmendKind::Break => "Target 0 for these days, then the taper goes on.",
    };
    lines.push(Line::from(Span::styled(note, theme.dim())));
    for (i, field) in dialog.fields.iter().enumerate() {
        let focused = i == dialog.focus;
        let marker = if focused { "› " } else { "  " };
        let mut spans = vec![
            Span::styled(marker, theme.accent()),
            Span::styled(format!("{:<10}", field.label), theme.text()),
            Span::styled(printable(&field.input).into_owned(), theme.title()),
        ];
        if focused {
            spans.push(Span::styled("▏", theme.title()));
        }
        if field.input.is_empty() {
            spans.push(Span::styled(field.hint.clone(), theme.dim()));
        }
        lines.push(Line::from(spans));
    }
    lines.push(match &dialog.error {
        Some(e) => Line::from(Span::styled(format!("! {e}"), theme.error())),
        None => Line::from(""),
    });
    let hint = if dialog.fields.len() > 1 {
        "Enter save · Tab next field · Esc cancel"
    } else {
        "Enter save · Esc cancel"
    };
    lines.push(Line::from(Span::styled(hint, theme.dim())));
    let height = (lines.len() as u16 + 2).min(area.height);
    let rect = centered(area, width, height);
    frame.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(dialog.title(), theme.title()));
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        rect,
    );
}

pub fn switcher(app: &App, switcher: &Switcher, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    let width = 76.min(area.width);
    let inner_width = usize::from(width.saturating_sub(2));
    let wide = inner_width >= 50;
    let open = open_name(app);
    let mut lines: Vec<Line> = Vec::new();
    if open.is_none() {
        lines.push(Line::from(Span::styled(
            "Several plans and no default: which one?",
            theme.dim(),
        )));
    }
    for (i, plan) in switcher.plans.iter().enumerate() {
        let selected = i == switcher.cursor;
        let unit = printable(&plan.unit);
        let mut tags = Vec::new();
        if plan.is_default {
            tags.push("default");
        }
        if open.as_deref() == Some(plan.name.as_str()) {
            tags.push("open");
        }
        let detail = match (&plan.problem, plan.target, plan.step) {
            (Some(_), _, _) => "cannot be read".to_string(),
            (None, Some(target), Some((k, n))) if wide => {
                format!("{target} {unit} · step {k}/{n}")
            }
            (None, Some(target), _) => format!("{target} {unit}"),
            (None, None, _) => "not started".to_string(),
        };
        let name_width = if wide { 16 } else { 12 };
        let mut spans = vec![
            Span::styled(if selected { "› " } else { "  " }, theme.accent()),
            Span::styled(
                format!("{:<name_width$} ", printable(&plan.name)),
                theme.title(),
            ),
        ];
        if wide {
            let substance: String = printable(&plan.substance).chars().take(14).collect();
            spans.push(Span::styled(format!("{substance:<15}"), theme.text()));
        }
        spans.push(Span::styled(detail, theme.text()));
        if !tags.is_empty() && wide {
            spans.push(Span::styled(
                format!("  ({})", tags.join(", ")),
                theme.dim(),
            ));
        }
        let line = Line::from(spans);
        lines.push(if selected {
            line.style(theme.selected())
        } else {
            line
        });
    }
    let hint = if open.is_some() {
        "Enter open · Esc close"
    } else {
        "Enter open · q quit"
    };
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(hint, theme.dim())));
    let height = (lines.len() as u16 + 2).min(area.height);
    let rect = centered(area, width, height);
    frame.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(" Plans ", theme.title()));
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}
