//! Calendar: a month grid, each day with its mark (✓ on target, ▲ above, ▼ below, · not
//! logged, ‖ held, ○ off on a break) and ↘ on the days the dose changes.

use chrono::{Datelike, Days, NaiveDate};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::core::StepKind;
use crate::core::text::printable;
use crate::tui::app::{App, OpenPlan};
use crate::tui::calendar::month_start;
use crate::tui::theme::Theme;

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// What a day shows.
struct DayMarks {
    /// ↘ / ↗ where the dose changes that day.
    change: &'static str,
    /// ‖ held, ○ break (off), else a space.
    kind: &'static str,
    /// ✓ ▲ ▼ · or a space (future, outside the plan).
    status: &'static str,
    style: fn(Theme) -> Style,
}

fn marks(app: &App, open: &OpenPlan, date: NaiveDate) -> DayMarks {
    let schedule = &open.schedule;
    let mut m = DayMarks {
        change: " ",
        kind: " ",
        status: " ",
        style: Theme::text,
    };
    let Some(day) = schedule.day(date).filter(|_| date <= schedule.end) else {
        m.style = Theme::dim;
        return m;
    };
    let before = date
        .checked_sub_days(Days::new(1))
        .and_then(|d| schedule.day(d));
    m.change = match before {
        None => "↘",
        Some(b) if b.target > day.target => "↘",
        Some(b) if b.target < day.target => "↗",
        Some(_) => " ",
    };
    m.kind = match day.kind {
        StepKind::Taper => " ",
        StepKind::Hold => "‖",
        StepKind::Break => "○",
    };
    if date > app.today {
        return m;
    }
    let taken = open.plan.taken_on(date);
    let (status, style): (&'static str, fn(Theme) -> Style) = match taken {
        None if date < app.today => ("·", Theme::dim),
        None => (" ", Theme::text),
        Some(t) if t > day.target => ("▲", Theme::above),
        Some(t) if t < day.target => ("▼", Theme::below),
        Some(_) => ("✓", Theme::done),
    };
    m.status = status;
    m.style = style;
    m
}

pub fn render(app: &App, open: &OpenPlan, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    let unit = printable(&open.plan.unit).into_owned();
    let cell = (area.width / 7).clamp(4, 11) as usize;
    let wide = cell >= 10;
    let selected = app.calendar_day;
    let first = month_start(selected);
    let mut lines = vec![Line::from(vec![
        Span::styled(first.format("%B %Y").to_string(), theme.title()),
        Span::styled(
            if area.width >= 60 {
                "   [ ] month · ← → day · ↑ ↓ week"
            } else {
                ""
            },
            theme.dim(),
        ),
    ])];
    let header: String = WEEKDAYS
        .iter()
        .map(|d| {
            let name = if cell >= 5 { &d[..2] } else { &d[..1] };
            let name = if wide { *d } else { name };
            format!("{name:<cell$}")
        })
        .collect();
    lines.push(Line::styled(header, theme.dim()));
    // Monday of the first week shown.
    let offset = u64::from(first.weekday().num_days_from_monday());
    let mut date = first.checked_sub_days(Days::new(offset)).unwrap_or(first);
    while date <= last_of_month(first) {
        let mut spans = Vec::new();
        for _ in 0..7 {
            let in_month = date.month() == first.month();
            let text = if in_month {
                let m = marks(app, open, date);
                let target = if wide {
                    open.schedule
                        .day(date)
                        .filter(|_| date <= open.schedule.end)
                        .map_or(String::new(), |d| format!(" {}", d.target))
                } else {
                    String::new()
                };
                let body = format!(
                    "{:>2}{}{}{}{target}",
                    date.day(),
                    m.change,
                    m.kind,
                    m.status
                );
                let mut style = (m.style)(theme);
                if date == app.today {
                    style = style.patch(theme.title());
                }
                if date == selected {
                    style = style.patch(theme.selected());
                }
                let width = cell - 1;
                spans.push(Span::styled(format!("{body:<width$}"), style));
                Span::raw(" ")
            } else {
                spans.push(Span::raw(" ".repeat(cell - 1)));
                Span::raw(" ")
            };
            spans.push(text);
            match date.checked_add_days(Days::new(1)) {
                Some(next) => date = next,
                None => break,
            }
        }
        lines.push(Line::from(spans));
    }
    lines.push(Line::from(day_line(app, open, selected, &unit, area.width)));
    if usize::from(area.height) > lines.len() {
        let legend = if area.width >= 60 {
            "✓ on target ▲ above ▼ below · not logged ↘ new dose ‖ held ○ off"
        } else {
            "✓▲▼ taken · none ↘ dose ‖ held ○ off"
        };
        lines.push(Line::styled(legend, theme.dim()));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

fn last_of_month(first: NaiveDate) -> NaiveDate {
    first
        .checked_add_months(chrono::Months::new(1))
        .and_then(|d| d.pred_opt())
        .unwrap_or(first)
}

/// The selected day in words.
fn day_line(app: &App, open: &OpenPlan, date: NaiveDate, unit: &str, width: u16) -> String {
    let schedule = &open.schedule;
    let when = if width >= 60 {
        date.format("%a %d %b %Y").to_string()
    } else {
        date.format("%d %b").to_string()
    };
    let Some(day) = schedule.day(date) else {
        return format!("{when} · the plan starts {}", schedule.start);
    };
    let kind = match day.kind {
        StepKind::Taper => "",
        StepKind::Hold => " · held",
        StepKind::Break => " · break",
    };
    let taken = match open.plan.taken_on(date) {
        Some(t) => format!(" · took {t}"),
        None if date < app.today => " · not logged".to_string(),
        None => String::new(),
    };
    format!(
        "{when} · step {}/{} · {} {unit}{kind}{taken}",
        day.step,
        schedule.step_count(),
        day.target
    )
}
