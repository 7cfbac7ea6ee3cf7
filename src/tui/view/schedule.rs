//! Schedule: one row per day (or per step), today marked, past days editable.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};

use super::difference;
use crate::core::amend::{Amendment, Change};
use crate::core::audit::{self, Severity};
use crate::core::text::printable;
use crate::core::{DayTarget, Dose, StepKind, forms, journal};
use crate::tui::app::{App, OpenPlan};

/// First row to draw so that the cursor stays in view (kept near the middle).
fn window(cursor: usize, rows: usize, visible: usize) -> usize {
    if rows <= visible {
        return 0;
    }
    cursor.saturating_sub(visible / 2).min(rows - visible)
}

/// The audit's mark of each step number that starts a flagged step: `!` caution, `!!`
/// warning (symbols, so it never relies on colour).
fn flags(open: &OpenPlan) -> Vec<(u32, &'static str)> {
    audit::audit(&open.plan, &open.schedule)
        .iter()
        .map(|f| {
            let mark = match f.severity {
                Severity::Caution => "!",
                Severity::Warning => "!!",
            };
            (f.step, mark)
        })
        .collect()
}

fn flag_of(flags: &[(u32, &'static str)], step: u32) -> &'static str {
    flags
        .iter()
        .find(|(s, _)| *s == step)
        .map_or("", |(_, mark)| mark)
}

/// A mark for a held or break day (one column, no colour needed).
fn kind_mark(kind: StepKind) -> &'static str {
    match kind {
        StepKind::Taper => "",
        StepKind::Hold => "‖",
        StepKind::Break => "○",
    }
}

/// The marker and reason of an amendment, e.g. "⏸ hold: hard week".
fn amendment_note(a: &Amendment) -> String {
    let what = match a.change {
        Change::Hold => "⏸ hold",
        Change::Resume => "▶ resume",
        Change::Replan(_) => "↘ re-plan",
        Change::Break { .. } => "○ break",
    };
    match &a.reason {
        Some(reason) => format!("{what}: {}", printable(reason)),
        None => what.to_string(),
    }
}

/// The note column of a day, with `✎` when a dose or the check-in of the day has a note
/// and "off" on a scheduled day off.
fn day_note(open: &OpenPlan, day: &DayTarget, is_today: bool) -> String {
    let mut note = base_note(open, day, is_today);
    if day.off {
        note = if note.is_empty() {
            "off".to_string()
        } else {
            format!("{note} · off")
        };
    }
    if journal::day(&open.plan, &open.schedule, day.date).has_note() {
        note = format!("✎ {note}");
    }
    note
}

/// The amendments starting on a day, else today / held / break.
fn base_note(open: &OpenPlan, day: &DayTarget, is_today: bool) -> String {
    let starting: Vec<String> = open
        .plan
        .amendments
        .iter()
        .filter(|a| a.from == day.date)
        .map(amendment_note)
        .collect();
    if !starting.is_empty() {
        return starting.join(" · ");
    }
    let kind = match day.kind {
        StepKind::Taper => "",
        StepKind::Hold => "held",
        StepKind::Break => "break",
    };
    match (is_today, kind) {
        (true, "") => "today".to_string(),
        (true, kind) => format!("today · {kind}"),
        (false, kind) => kind.to_string(),
    }
}

/// How to make the doses of a day from the plan's forms (empty without forms).
fn make_note(open: &OpenPlan, segment: usize, target: Dose) -> String {
    let seg = &open.schedule.segments[segment.min(open.schedule.segments.len() - 1)];
    forms::day_note(seg, target, &open.plan.forms)
}

fn joined(a: String, b: String) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b,
        (_, true) => a,
        _ => format!("{a} · {b}"),
    }
}

/// The date format of a row: shorter on narrow terminals.
fn date_format(area: Rect) -> (&'static str, u16) {
    if area.width >= 60 {
        ("%a %Y-%m-%d", 15)
    } else {
        ("%d %b", 7)
    }
}

pub fn render(app: &App, open: &OpenPlan, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    let [title, table_area] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let shape = if app.schedule_by_step {
        "one row per step"
    } else {
        "one row per day"
    };
    let counts = if area.width >= 60 {
        format!(
            " · {} days, {} steps",
            open.schedule.day_count(),
            open.schedule.step_count()
        )
    } else {
        String::new()
    };
    let legend = if area.width >= 60 && !flags(open).is_empty() {
        " · ! caution !! warning"
    } else {
        ""
    };
    let mut title_spans = vec![
        Span::styled("Schedule", theme.title()),
        Span::styled(format!("  {shape}{counts}{legend}"), theme.dim()),
    ];
    if !open.plan.amendments.is_empty() && area.width >= 70 {
        title_spans.push(Span::styled("  ‖ held  ○ break", theme.dim()));
    }
    let title_line = Line::from(title_spans);
    frame.render_widget(Paragraph::new(title_line), title);
    let visible = usize::from(table_area.height.saturating_sub(1)).max(1);
    if app.schedule_by_step {
        steps(app, open, frame, table_area, visible);
    } else {
        days(app, open, frame, table_area, visible);
    }
}

fn days(app: &App, open: &OpenPlan, frame: &mut Frame, area: Rect, visible: usize) {
    let theme = app.theme;
    let unit = printable(&open.plan.unit).into_owned();
    let rows_total = open.schedule.day_count();
    let first = window(app.schedule_cursor, rows_total, visible);
    let (format, date_width) = date_format(area);
    let flags = flags(open);
    let rows: Vec<Row> = open
        .schedule
        .days()
        .enumerate()
        .skip(first)
        .take(visible)
        .map(|(i, day)| {
            let taken = open.plan.taken_on(day.date);
            let is_today = day.date == app.today;
            // A dose on a day off is recorded without a difference.
            let diff = if day.date > app.today || day.off {
                Span::raw("")
            } else {
                difference(taken, day.target, theme)
            };
            let row = Row::new(vec![
                Cell::from(format!(
                    "{}{}",
                    if is_today { "▶" } else { " " },
                    day.date.format(format)
                )),
                Cell::from(match open.schedule.step_on(day.date) {
                    Some(step) if step.start == day.date => format!(
                        "{}{}{}",
                        day.step,
                        flag_of(&flags, day.step),
                        kind_mark(day.kind)
                    ),
                    _ => format!("{}{}", day.step, kind_mark(day.kind)),
                }),
                Cell::from(format!("{} {unit}", day.target)),
                Cell::from(taken.map(|t| t.to_string()).unwrap_or_else(|| {
                    if day.date > app.today {
                        String::new()
                    } else {
                        "·".into()
                    }
                })),
                Cell::from(diff),
                Cell::from(joined(
                    day_note(open, &day, is_today),
                    make_note(open, day.segment, day.target),
                )),
            ]);
            let mut style = if is_today {
                theme.title()
            } else {
                theme.text()
            };
            if day.date > app.today {
                style = style.patch(theme.dim());
            }
            if i == app.schedule_cursor {
                style = style.patch(theme.selected());
            }
            row.style(style)
        })
        .collect();
    let widths = [
        Constraint::Length(date_width),
        Constraint::Length(4),
        Constraint::Length(10),
        Constraint::Length(7),
        Constraint::Length(9),
        Constraint::Min(0),
    ];
    let header =
        Row::new(vec![" Date", "Step", "Target", "Taken", "Diff", ""]).style(theme.title());
    frame.render_widget(
        Table::new(rows, widths).header(header).column_spacing(1),
        area,
    );
}

fn steps(app: &App, open: &OpenPlan, frame: &mut Frame, area: Rect, visible: usize) {
    let theme = app.theme;
    let unit = printable(&open.plan.unit).into_owned();
    let list = &open.schedule.steps;
    let first = window(app.schedule_cursor, list.len(), visible);
    let current = open.schedule.step_on(app.today).map(|s| s.number);
    let (format, date_width) = date_format(area);
    let flags = flags(open);
    let rows: Vec<Row> = list
        .iter()
        .enumerate()
        .skip(first)
        .take(visible)
        .map(|(i, step)| {
            let next_start = list.get(i + 1).map(|s| s.start);
            let days = next_start
                .map(|n| (n - step.start).num_days().to_string())
                .unwrap_or_else(|| "on".into());
            let cut = match i.checked_sub(1).and_then(|p| list.get(p)) {
                _ if step.kind == StepKind::Hold => "held".to_string(),
                _ if step.kind == StepKind::Break => "break".to_string(),
                Some(prev) if prev.dose == step.dose => "hold".to_string(),
                Some(prev) => format!("-{}", prev.dose.saturating_sub(step.dose)),
                None => String::new(),
            };
            let percent = if open.plan.start_dose.is_zero() {
                0.0
            } else {
                100.0 * (1.0 - step.dose.micros() as f64 / open.plan.start_dose.micros() as f64)
            };
            let is_current = Some(step.number) == current;
            let row = Row::new(vec![
                Cell::from(format!(
                    "{}{}",
                    if is_current { "▶" } else { " " },
                    step.number
                )),
                Cell::from(step.start.format(format).to_string()),
                Cell::from(days),
                Cell::from(format!("{} {unit}", step.dose)),
                Cell::from(cut),
                Cell::from(joined(
                    format!("{percent:.0}% {}", flag_of(&flags, step.number))
                        .trim_end()
                        .to_string(),
                    make_note(open, step.segment, step.dose),
                )),
            ]);
            let mut style = if is_current {
                theme.title()
            } else {
                theme.text()
            };
            if i == app.schedule_cursor {
                style = style.patch(theme.selected());
            }
            row.style(style)
        })
        .collect();
    let (dose_width, cut_width) = if area.width >= 60 { (10, 7) } else { (8, 6) };
    let widths = [
        Constraint::Length(5),
        Constraint::Length(date_width.saturating_sub(1)),
        Constraint::Length(4),
        Constraint::Length(dose_width),
        Constraint::Length(cut_width),
        Constraint::Min(0),
    ];
    let header =
        Row::new(vec![" Step", "Starts", "Days", "Dose", "Cut", "Down"]).style(theme.title());
    frame.render_widget(
        Table::new(rows, widths).header(header).column_spacing(1),
        area,
    );
}
