//! Today: the day's target, its planned doses with checkboxes, and the last days.

use chrono::{Days, NaiveDate};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::rows::{Row, rows};
use super::{mark, mark_legend};
use crate::core::forms;
use crate::core::text::printable;
use crate::tui::app::{App, OpenPlan};

pub fn render(app: &App, open: &OpenPlan, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    let plan = &open.plan;
    let unit = printable(&plan.unit).into_owned();
    let status = open.status(app.today);
    let (state, next) = super::today_state::lines(app, open, area.width >= 48);
    let mut lines: Vec<Line> = Vec::new();

    lines.push(Line::from(Span::styled(
        app.today.format("%A %-d %B %Y").to_string(),
        theme.title(),
    )));
    match (status.step, status.target) {
        (Some(step), Some(_)) if status.off => lines.push(Line::from(vec![
            Span::raw(format!("Step {step} of {} · ", open.schedule.step_count())),
            Span::styled("a day off (target 0)", theme.title()),
        ])),
        (Some(step), Some(target)) => lines.push(Line::from(vec![
            Span::raw(format!("Step {step} of {} · ", open.schedule.step_count())),
            Span::styled(format!("target {target} {unit}"), theme.title()),
        ])),
        _ => {
            let days = (open.schedule.start - app.today).num_days();
            lines.push(Line::from(format!(
                "The plan starts on {} (in {days} days).",
                open.schedule.start.format("%a %-d %b %Y")
            )));
        }
    }
    lines.extend(state);
    lines.extend(super::journal::today_lines(app, open, area.width >= 48));
    lines.push(Line::from(""));

    for (i, slot) in status.slots.iter().enumerate() {
        let selected = i == app.dose_cursor;
        let (check, check_style) = if slot.taken() {
            ("[✓]", theme.done())
        } else {
            ("[·]", theme.dim())
        };
        // Doses logged another way (`taper log`) count by amount; they are no tick.
        let covered = match (&slot.entry, slot.partly()) {
            (None, Some(part)) => Some(format!("   {part} {unit} logged")),
            (None, None) if slot.taken() => Some("   logged".to_string()),
            _ => None,
        };
        let mut spans = vec![
            Span::raw(if selected { "› " } else { "  " }),
            Span::styled(check, check_style),
            Span::raw(if slot.planned.amount.is_zero() {
                // Fewer measurable units than doses today: this one is empty.
                format!(" {}  {:>6}", slot.planned.time.format("%H:%M"), "—")
            } else {
                format!(
                    " {}  {:>6} {unit}",
                    slot.planned.time.format("%H:%M"),
                    slot.planned.amount.to_string()
                )
            }),
        ];
        // With dosage forms: how to make the dose, fewest pieces first; on its own line
        // when it does not fit beside the dose (never cut short).
        let mut how_line = None;
        if !open.plan.forms.is_empty() && !slot.planned.amount.is_zero() {
            let how = match forms::make(slot.planned.amount, &open.plan.forms) {
                Some(parts) => format!("= {}", forms::describe(&parts)),
                None => "(the forms cannot make it)".to_string(),
            };
            let beside: usize =
                spans.iter().map(Span::width).sum::<usize>() + 1 + how.chars().count();
            if beside <= usize::from(area.width) {
                spans.push(Span::styled(format!(" {how}"), theme.dim()));
            } else {
                how_line = Some(Line::from(Span::styled(
                    format!("      {how}"),
                    theme.dim(),
                )));
            }
        }
        if let Some(covered) = covered {
            spans.push(Span::styled(covered, theme.dim()));
        }
        if let Some(entry) = &slot.entry {
            let detail = if entry.amount == slot.planned.amount {
                format!("   taken at {}", entry.at.format("%H:%M"))
            } else {
                format!("   {} {unit} at {}", entry.amount, entry.at.format("%H:%M"))
            };
            spans.push(Span::styled(detail, theme.dim()));
            if let Some(product) = &entry.product {
                spans.push(Span::styled(
                    format!(" · {}", printable(product)),
                    theme.dim(),
                ));
            }
        }
        let line = Line::from(spans);
        lines.push(if selected {
            line.style(theme.selected())
        } else {
            line
        });
        lines.extend(how_line);
    }
    for entry in &status.extra {
        lines.push(Line::from(Span::styled(
            format!(
                "  [+] {}  {:>6} {unit}   also logged",
                entry.at.format("%H:%M"),
                entry.amount.to_string()
            ),
            theme.dim(),
        )));
    }
    if status.slots.is_empty() && status.target.is_some() {
        lines.push(Line::from(Span::styled(
            "  No dose is planned today.",
            theme.dim(),
        )));
    }
    lines.push(Line::from(""));

    // After the last step at 0 a dose is only recorded: no target to be above.
    let free = open.schedule.finished_on(app.today) && status.target.is_some_and(|t| t.is_zero());
    // On a day off too: a dose is recorded without judgement.
    if free || status.off {
        if !status.taken.is_zero() {
            lines.push(Line::from(format!("Logged today: {} {unit}", status.taken)));
        }
    } else if let Some(target) = status.target {
        let (symbol, style) = mark(Some(status.taken), target, theme);
        let mut spans = vec![Span::raw(format!(
            "Taken {} of {target} {unit}",
            status.taken
        ))];
        if status.taken > target {
            spans.push(Span::styled(
                format!(
                    " · {symbol} {} {unit} above target",
                    status.taken.saturating_sub(target)
                ),
                style,
            ));
        } else {
            spans.push(Span::raw(format!(
                " · {} {unit} remaining",
                status.remaining()
            )));
        }
        lines.push(Line::from(spans));
    }
    lines.extend(next);

    // The doses come first; blank lines and then the strip of past days give way when
    // the terminal is small.
    if lines.len() > usize::from(area.height) {
        lines.retain(|line| line.width() > 0);
    }
    let used = lines.len().min(usize::from(u16::MAX)) as u16;
    if area.height < used + 6 {
        frame.render_widget(Paragraph::new(lines), area);
        return;
    }
    let strip_height = 5;
    let [top, _, bottom] = rows(
        area,
        [Row::Fixed(used), Row::Fixed(1), Row::Fixed(strip_height)],
    );
    frame.render_widget(Paragraph::new(lines), top);
    strip(app, open, frame, bottom);
}

/// The last days as columns: day of month, mark, amount taken.
fn strip(app: &App, open: &OpenPlan, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    const CELL: usize = 5;
    let count = (usize::from(area.width) / CELL).clamp(1, 14);
    let dates: Vec<NaiveDate> = (0..count)
        .rev()
        .filter_map(|back| app.today.checked_sub_days(Days::new(back as u64)))
        .collect();
    let mut days = Vec::new();
    let mut marks = Vec::new();
    let mut amounts = Vec::new();
    for date in &dates {
        let day = open.schedule.day(*date);
        let taken = open.plan.taken_on(*date);
        let (symbol, style) = match day {
            Some(day) if day.off => ("off", theme.dim()),
            Some(day) => mark(taken, day.target, theme),
            None => (" ", theme.dim()),
        };
        let day_style = if *date == app.today {
            theme.title()
        } else {
            theme.dim()
        };
        days.push(Span::styled(
            format!(
                "{:>width$}",
                date.format("%d").to_string(),
                width = CELL - 1
            ),
            day_style,
        ));
        days.push(Span::raw(" "));
        marks.push(Span::styled(
            format!("{symbol:>width$} ", width = CELL - 1),
            style,
        ));
        let amount = taken.map(|t| t.to_string()).unwrap_or_default();
        let amount: String = amount.chars().take(CELL - 1).collect();
        amounts.push(Span::styled(
            format!("{amount:>width$} ", width = CELL - 1),
            theme.dim(),
        ));
    }
    let lines = vec![
        Line::from(Span::styled(
            format!("Last {count} days (taken vs target)"),
            theme.title(),
        )),
        Line::from(days),
        Line::from(marks),
        Line::from(amounts),
        mark_legend(theme),
    ];
    frame.render_widget(Paragraph::new(lines), area);
}
