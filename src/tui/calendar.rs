//! The Calendar screen's moves: by day, by week, by month, and Enter to open the day on
//! Schedule. Pure changes of `App`.

use chrono::{Datelike, Days, Months, NaiveDate};

use super::app::{App, Screen};

/// How far from the plan the cursor may wander (a year either side).
const SLACK: Days = Days::new(366);

fn clamp(app: &App, date: NaiveDate) -> NaiveDate {
    let Some(open) = app.open_plan() else {
        return date;
    };
    let first = open.schedule.start.checked_sub_days(SLACK).unwrap_or(date);
    let last = open.schedule.end.checked_add_days(SLACK).unwrap_or(date);
    date.clamp(first, last)
}

/// Move the selected day by `days` (negative: back).
pub fn move_days(app: &mut App, days: isize) {
    let step = Days::new(days.unsigned_abs() as u64);
    let moved = if days < 0 {
        app.calendar_day.checked_sub_days(step)
    } else {
        app.calendar_day.checked_add_days(step)
    };
    if let Some(date) = moved {
        app.calendar_day = clamp(app, date);
    }
}

/// Move by whole months, keeping the day of the month where the month has it.
pub fn move_months(app: &mut App, months: i32) {
    let step = Months::new(months.unsigned_abs());
    let moved = if months < 0 {
        app.calendar_day.checked_sub_months(step)
    } else {
        app.calendar_day.checked_add_months(step)
    };
    if let Some(date) = moved {
        app.calendar_day = clamp(app, date);
    }
}

/// Enter: show the selected day on Schedule (one row per day, that row selected).
pub fn open_day(app: &mut App) {
    let Some(open) = app.open_plan() else { return };
    let (start, end) = (open.schedule.start, open.schedule.end);
    let day = app.calendar_day;
    if day < start || day > end {
        app.set_status(format!(
            "{} is outside the plan ({start} to {end})",
            day.format("%a %d %b %Y")
        ));
        return;
    }
    app.schedule_by_step = false;
    app.schedule_cursor = (day - start).num_days() as usize;
    app.screen = Screen::Schedule;
}

/// The first day of the month of `date`.
pub fn month_start(date: NaiveDate) -> NaiveDate {
    date.with_day(1).unwrap_or(date)
}
