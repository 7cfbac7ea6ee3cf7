//! Today's place in a living plan: held, on a break, finished (days free, or the
//! maintenance dose), and the next change of dose. Neutral words only.

use chrono::NaiveDate;
use ratatui::text::{Line, Span};

use crate::core::amend::Change;
use crate::core::text::printable;
use crate::core::{Dose, Plan};
use crate::tui::amend::open_hold;
use crate::tui::app::{App, OpenPlan};

fn day_text(date: NaiveDate) -> String {
    date.format("%a %-d %b").to_string()
}

fn plural(n: i64, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// The hold in force on `date`, if that day is held.
fn hold_on(plan: &Plan, date: NaiveDate) -> Option<NaiveDate> {
    plan.amendments
        .iter()
        .filter(|a| a.change == Change::Hold && a.from <= date)
        .map(|a| a.from)
        .next_back()
}

/// The break covering `date`: (day k, of N days).
fn break_on(plan: &Plan, date: NaiveDate) -> Option<(i64, u32)> {
    plan.amendments.iter().rev().find_map(|a| match a.change {
        Change::Break { days, .. } if a.from <= date => {
            let k = (date - a.from).num_days() + 1;
            (k <= i64::from(days)).then_some((k, days))
        }
        _ => None,
    })
}

/// Days with nothing logged from `first` to `today`: the current run and the longest.
pub fn free_runs(plan: &Plan, first: NaiveDate, today: NaiveDate) -> (i64, i64) {
    let (mut current, mut longest) = (0i64, 0i64);
    for date in first.iter_days().take_while(|d| *d <= today) {
        if plan.taken_on(date).is_none_or(Dose::is_zero) {
            current += 1;
            longest = longest.max(current);
        } else {
            current = 0;
        }
    }
    (current, longest)
}

/// Where the plan stands today (held, on a break, finished), and what comes next.
pub fn lines(
    app: &App,
    open: &OpenPlan,
    wide: bool,
) -> (Vec<Line<'static>>, Option<Line<'static>>) {
    let theme = app.theme;
    let plan = &open.plan;
    let schedule = &open.schedule;
    let today = app.today;
    let unit = printable(&plan.unit).into_owned();
    let mut out = Vec::new();
    let Some(day) = schedule.day(today) else {
        return (out, None);
    };
    let finished = schedule.finished_on(today);
    if day.is_hold() {
        let since = hold_on(plan, today).unwrap_or(today);
        let days = (today - since).num_days();
        let count = if days == 0 {
            "from today".to_string()
        } else {
            plural(days, "day")
        };
        out.push(Line::from(Span::styled(
            format!("Held since {} ({count})", day_text(since)),
            theme.accent(),
        )));
    } else if day.is_break() {
        let (k, n) = break_on(plan, today).unwrap_or((1, 1));
        out.push(Line::from(Span::styled(
            format!("Break day {k} of {n}"),
            theme.accent(),
        )));
    } else if finished {
        let complete = if wide {
            format!("The taper is complete (since {})", day_text(schedule.end))
        } else {
            format!("Complete since {}", day_text(schedule.end))
        };
        out.push(Line::from(Span::styled(complete, theme.accent())));
        if day.target.is_zero() {
            let (current, longest) = free_runs(plan, schedule.end, today);
            out.push(Line::from(if wide {
                format!(
                    "Days free so far: {current} · longest run: {}",
                    plural(longest, "day")
                )
            } else {
                format!("Days free: {current} · longest: {longest}")
            }));
        } else {
            out.push(Line::from(format!(
                "Maintenance dose: {} {unit} a day",
                day.target
            )));
        }
    }
    let held_open = open_hold(plan).is_some_and(|h| h.from <= today);
    let next = if held_open {
        Some(Line::from("Next step: waits until you resume (h)"))
    } else if let Some(next) = schedule.next_step_after(today) {
        let days = (next.start - today).num_days();
        let when = if wide {
            format!(" (in {})", plural(days, "day"))
        } else {
            String::new()
        };
        Some(Line::from(format!(
            "Next step: {} → {} {unit}{when}",
            day_text(next.start),
            next.dose,
        )))
    } else if !finished {
        Some(Line::from("This is the last step of the plan."))
    } else {
        None
    };
    (out, next)
}
