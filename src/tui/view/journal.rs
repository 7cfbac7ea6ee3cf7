//! The journal's overlays: the check-in form (`c` on Today) and the detail of a Schedule
//! day (Enter): its target, doses with product and note, check-in and plan changes.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::centered;
use crate::core::StepKind;
use crate::core::checkin::Measure;
use crate::core::journal;
use crate::core::text::printable;
use crate::tui::app::{App, OpenPlan};
use crate::tui::checkin::{CheckInForm, NOTE_ROW};
use crate::tui::dose_fields::Field;
use crate::tui::retime::{GapConfirm, RetimeDialog};

/// A 0–10 bar: `●●●●●○○○○○ 5`, or `—` when not rated (shorter when narrow).
fn bar(value: Option<u8>, width: usize) -> String {
    match value {
        None => "—".to_string(),
        Some(v) if width < 10 => format!("{v:>2}/10"),
        Some(v) => {
            let filled = usize::from(v);
            format!("{}{} {v:>2}", "●".repeat(filled), "○".repeat(10 - filled))
        }
    }
}

pub fn checkin_form(app: &App, form: &CheckInForm, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    let width = 50.min(area.width);
    let height = 12.min(area.height);
    let rect = centered(area, width, height);
    frame.render_widget(Clear, rect);
    let inner = usize::from(width.saturating_sub(2));
    let label_width = 11;
    let bar_room = inner.saturating_sub(label_width + 2 + 3);
    let mut lines: Vec<Line> = Vec::new();
    for (i, m) in Measure::ALL.iter().enumerate() {
        let selected = i == form.row;
        let line = Line::from(vec![
            Span::raw(if selected { "› " } else { "  " }),
            Span::styled(format!("{:<label_width$}", m.name()), theme.text()),
            Span::styled(bar(form.values[i], bar_room), theme.title()),
        ]);
        lines.push(if selected {
            line.style(theme.selected())
        } else {
            line
        });
    }
    let note_selected = form.row == NOTE_ROW;
    let note = if form.note.is_empty() && !note_selected {
        Span::styled("optional", theme.dim())
    } else {
        Span::styled(printable(&form.note).into_owned(), theme.title())
    };
    let mut note_spans = vec![
        Span::raw(if note_selected { "› " } else { "  " }),
        Span::styled(format!("{:<label_width$}", "note"), theme.text()),
        note,
    ];
    if note_selected {
        note_spans.push(Span::styled("▏", theme.title()));
    }
    let note_line = Line::from(note_spans);
    lines.push(if note_selected {
        note_line.style(theme.selected())
    } else {
        note_line
    });
    let hint = match (&form.error, form.row) {
        (Some(e), _) => Line::from(Span::styled(format!("! {e}"), theme.error())),
        (None, NOTE_ROW) => Line::from(Span::styled("type a note · Enter save · Esc", theme.dim())),
        (None, row) => Line::from(Span::styled(
            Measure::ALL.get(row).map_or("", |m| m.question()),
            theme.dim(),
        )),
    };
    lines.push(Line::from(""));
    lines.push(hint);
    if usize::from(height) >= lines.len() + 3 {
        lines.push(Line::from(Span::styled(
            "↑↓ move · ←→ 0-9 rate · Enter save",
            theme.dim(),
        )));
    }
    let title = format!(" Check-in {} ", form.date.format("%a %-d %b"));
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(title, theme.title()));
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}

/// The lines of a day's detail.
fn detail_lines(app: &App, open: &OpenPlan, date: chrono::NaiveDate) -> Vec<Line<'static>> {
    let theme = app.theme;
    let unit = printable(&open.plan.unit).into_owned();
    let day = journal::day(&open.plan, &open.schedule, date);
    let mut lines = Vec::new();
    let target = match (day.target, day.kind) {
        (Some(_), Some(_)) if day.off => "a day off (target 0)".to_string(),
        (Some(t), Some(StepKind::Hold)) => format!("target {t} {unit} · held"),
        (Some(_), Some(StepKind::Break)) => "a break (target 0)".to_string(),
        (Some(t), Some(StepKind::Taper) | None) => format!("target {t} {unit}"),
        (None, _) => "before the plan starts".to_string(),
    };
    let taken = if day.doses.is_empty() {
        String::new()
    } else {
        format!(" · taken {} {unit}", day.taken())
    };
    lines.push(Line::from(Span::styled(
        format!("{target}{taken}"),
        theme.title(),
    )));
    if day.doses.is_empty() {
        lines.push(Line::from(Span::styled("No doses logged", theme.dim())));
    }
    for d in &day.doses {
        let mut text = format!("{}  {} {unit}", d.at.format("%H:%M"), d.amount);
        if let Some(p) = &d.product {
            text.push_str(&format!(" · {}", printable(p)));
        }
        lines.push(Line::from(text));
        if let Some(n) = &d.note {
            lines.push(Line::from(Span::styled(
                format!("  ✎ {}", printable(n)),
                theme.dim(),
            )));
        }
    }
    match day.checkin {
        Some(c) => {
            let rated: Vec<String> = Measure::ALL
                .iter()
                .filter_map(|m| c.get(*m).map(|v| format!("{} {v}", m.name())))
                .collect();
            lines.push(Line::from(Span::styled(
                format!("Check-in: {}", rated.join(" · ")),
                theme.text(),
            )));
            if let Some(n) = &c.note {
                lines.push(Line::from(Span::styled(
                    format!("  ✎ {}", printable(n)),
                    theme.dim(),
                )));
            }
        }
        None => lines.push(Line::from(Span::styled("No check-in", theme.dim()))),
    }
    for a in &day.amendments {
        let reason = a
            .reason
            .as_deref()
            .map(|r| format!(": {}", printable(r)))
            .unwrap_or_default();
        lines.push(Line::from(format!(
            "Plan change: {}{reason}",
            a.change.kind().name()
        )));
    }
    lines
}

pub fn day_detail(app: &App, open: &OpenPlan, frame: &mut Frame, area: Rect) {
    let Some(date) = app.selected_date() else {
        return;
    };
    let theme = app.theme;
    let lines = detail_lines(app, open, date);
    let width = 56.min(area.width);
    let inner = usize::from(width.saturating_sub(2)).max(1);
    let rows: usize = lines.iter().map(|l| l.width().max(1).div_ceil(inner)).sum();
    let wanted = u16::try_from(rows).unwrap_or(u16::MAX).saturating_add(3);
    let height = wanted.clamp(6, area.height.max(1));
    let rect = centered(area, width, height);
    frame.render_widget(Clear, rect);
    let mut lines = lines;
    lines.push(Line::from(Span::styled(
        "j k: another day · Esc close",
        theme.dim(),
    )));
    let title = format!(" {} ", date.format("%a %-d %b %Y"));
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(title, theme.title()));
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        rect,
    );
}

/// Today's check-in, the hold suggestion and the calm notes, for Today.
pub fn today_lines(app: &App, open: &OpenPlan, wide: bool) -> Vec<Line<'static>> {
    use crate::core::suggest;
    let theme = app.theme;
    let mut lines = Vec::new();
    if let Some(c) = open.plan.checkin_on(app.today) {
        lines.push(Line::from(Span::styled(
            format!("Check-in: {}", printable(&c.summary())),
            theme.dim(),
        )));
    }
    if let suggest::Suggestion::Hold { mean, step_on, .. } =
        suggest::gate(&open.plan, &open.schedule, app.today)
    {
        let text = if wide {
            format!(
                "Withdrawal {mean:.1} before the step on {}: h holds it (your choice)",
                step_on.format("%a %-d %b")
            )
        } else {
            format!("Withdrawal high ({mean:.1}): h holds the step")
        };
        lines.push(Line::from(Span::styled(text, theme.accent())));
    }
    for note in suggest::notes(&open.plan, &open.schedule, app.today) {
        lines.push(Line::from(Span::styled(
            format!("Note: {note}"),
            theme.dim(),
        )));
    }
    lines
}

/// The amount dialog's optional fields, in a box right under it (the amount dialog is
/// 44×6, centred): time, product and note, the focused one marked.
pub fn dose_fields(app: &App, frame: &mut Frame, area: Rect) {
    let amount_box = centered(area, 44, 6);
    let height = 5u16;
    let y = amount_box.y + amount_box.height;
    if y + height > area.y + area.height {
        // No room below: on a small screen the fields take the amount dialog's place
        // while one of them has the keys.
        if app.dose_fields.focus != Field::Amount {
            let rect = Rect {
                height: height.min(area.height),
                ..amount_box
            };
            dose_fields_in(app, frame, rect);
        }
        return;
    }
    dose_fields_in(
        app,
        frame,
        Rect {
            y,
            height,
            ..amount_box
        },
    );
}

fn dose_fields_in(app: &App, frame: &mut Frame, rect: Rect) {
    let theme = app.theme;
    let fields = &app.dose_fields;
    frame.render_widget(Clear, rect);
    let mut lines = Vec::new();
    for field in [Field::Time, Field::Product, Field::Note] {
        let focused = fields.focus == field;
        let text = fields.text(field);
        let value = match (text.is_empty(), field) {
            (false, _) => Span::styled(printable(text).into_owned(), theme.title()),
            (true, Field::Time) => {
                Span::styled(format!("now ({})", app.now.format("%H:%M")), theme.dim())
            }
            (true, Field::Product) if !fields.products.is_empty() => {
                Span::styled("← → used before, or type", theme.dim())
            }
            (true, _) => Span::styled("optional", theme.dim()),
        };
        let mut spans = vec![
            Span::raw(if focused { "› " } else { "  " }),
            Span::styled(format!("{:<8}", field.label()), theme.text()),
            value,
        ];
        if focused {
            spans.push(Span::styled("▏", theme.title()));
        }
        let line = Line::from(spans);
        lines.push(if focused {
            line.style(theme.selected())
        } else {
            line
        });
    }
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(" Tab: time, product, note ", theme.dim()));
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}

pub fn retime(app: &App, dialog: &RetimeDialog, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    let rect = centered(area, 44, 6);
    frame.render_widget(Clear, rect);
    let lines = vec![
        Line::from(vec![
            Span::styled("> ", theme.accent()),
            Span::styled(dialog.input.clone(), theme.title()),
            Span::styled("▏", theme.title()),
            Span::styled(
                format!("  (was {})", dialog.entry.at.format("%H:%M")),
                theme.dim(),
            ),
        ]),
        match &dialog.error {
            Some(e) => Line::from(Span::styled(format!("! {e}"), theme.error())),
            None => Line::from(""),
        },
        Line::from(Span::styled("HH:MM · Enter save · Esc cancel", theme.dim())),
    ];
    let title = format!(" Time of the {} dose ", dialog.entry.at.format("%a %-d %b"));
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(title, theme.title()));
    frame.render_widget(
        Paragraph::new(lines).block(block).wrap(Wrap { trim: true }),
        rect,
    );
}

pub fn confirm_gap(app: &App, confirm: &GapConfirm, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    let rect = centered(area, 44, 6);
    frame.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(" Minimum gap ", theme.title()));
    frame.render_widget(
        Paragraph::new(Line::from(confirm.text.clone()))
            .block(block)
            .wrap(Wrap { trim: true }),
        rect,
    );
}
