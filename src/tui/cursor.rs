//! Moving through the screens: the cursor of each screen, kept within its rows.

use super::app::{App, Mode, Screen};
use super::calendar;
use crate::core::progress;

pub(super) fn show(app: &mut App, screen: Screen) {
    app.screen = screen;
    app.mode = Mode::Browse;
}

pub(super) fn page(app: &App) -> isize {
    (app.height.saturating_sub(8).max(1)) as isize
}

fn step(cursor: usize, delta: isize, len: usize) -> usize {
    let moved = cursor.saturating_add_signed(delta);
    moved.min(len.saturating_sub(1))
}

pub(super) fn move_cursor(app: &mut App, delta: isize) {
    if matches!(app.mode, Mode::Help) {
        app.help_scroll = app.help_scroll.saturating_add_signed(delta);
        return;
    }
    let Some(open) = app.open_plan() else { return };
    match app.screen {
        Screen::Today => {
            let len = app.today_status().map_or(0, |s| s.slots.len());
            app.dose_cursor = step(app.dose_cursor, delta, len);
        }
        Screen::Schedule => {
            app.schedule_cursor = step(app.schedule_cursor, delta, app.schedule_rows())
        }
        Screen::Calendar if delta.abs() > 1 => calendar::move_months(app, delta.signum() as i32),
        Screen::Calendar => calendar::move_days(app, delta * 7),
        Screen::Progress => {
            let len = progress::week_count(&open.schedule, app.today);
            app.week_cursor = step(app.week_cursor, delta, len);
        }
    }
}

pub(super) fn first_open_slot(app: &App) -> usize {
    app.today_status()
        .and_then(|s| s.slots.iter().position(|d| !d.taken()))
        .unwrap_or(0)
}

pub(super) fn clamp_cursors(app: &mut App) {
    let slots = app.today_status().map_or(0, |s| s.slots.len());
    app.dose_cursor = app.dose_cursor.min(slots.saturating_sub(1));
    app.schedule_cursor = app
        .schedule_cursor
        .min(app.schedule_rows().saturating_sub(1));
}
