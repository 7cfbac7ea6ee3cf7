//! Doses at the right time: `t` on Today moves the selected tick to another time (a tick
//! records the moment of the key press; catching up at 21:00 should not log three doses at
//! 21:00), and a dose sooner than `min_gap_minutes` after the one before asks first.

use chrono::NaiveTime;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::app::{App, Mode, SaveKind};
use super::msg::Effect;
use super::update::save;
use crate::core::{Change, DoseEntry, suggest};

/// The time dialog of a tick.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetimeDialog {
    pub entry: DoseEntry,
    /// `HH:MM`.
    pub input: String,
    pub error: Option<String>,
}

/// A change waiting for a yes: a dose sooner than the minimum gap.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GapConfirm {
    pub text: String,
    pub change: Change,
}

/// `t` on Today: move the selected tick to another time of its day.
pub fn start(app: &mut App) {
    let Some(status) = app.today_status() else {
        return;
    };
    let entry = status
        .slots
        .get(app.dose_cursor)
        .and_then(|s| s.entry.clone());
    match entry {
        Some(entry) => {
            let input = entry.at.format("%H:%M").to_string();
            app.mode = Mode::Retime(RetimeDialog {
                entry,
                input,
                error: None,
            });
        }
        None => app.set_status("Tick the dose first; t then changes its time"),
    }
}

fn set_error(app: &mut App, text: String) {
    if let Mode::Retime(dialog) = &mut app.mode {
        dialog.error = Some(text);
    }
}

/// A key while the time dialog is open.
pub fn on_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let Mode::Retime(dialog) = &mut app.mode else {
        return Vec::new();
    };
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        return Vec::new();
    }
    match key.code {
        KeyCode::Esc => app.mode = Mode::Browse,
        KeyCode::Backspace => {
            dialog.input.pop();
            dialog.error = None;
        }
        KeyCode::Char(c) if (c.is_ascii_digit() || c == ':') && dialog.input.len() < 5 => {
            dialog.input.push(c);
            dialog.error = None;
        }
        KeyCode::Enter => {
            let (entry, text) = (dialog.entry.clone(), dialog.input.trim().to_string());
            let Ok(time) = NaiveTime::parse_from_str(&text, "%H:%M") else {
                set_error(app, format!("'{text}': write HH:MM, e.g. 08:30"));
                return Vec::new();
            };
            let Some(open) = app.open_plan() else {
                return Vec::new();
            };
            let at = open.plan.instant_on(open.plan.day_of(entry.at), time);
            if at > app.now + chrono::Duration::minutes(5) {
                set_error(app, format!("{text} has not come yet"));
                return Vec::new();
            }
            app.mode = Mode::Browse;
            if at == entry.at {
                return Vec::new();
            }
            let moved = DoseEntry {
                at,
                ..entry.clone()
            };
            return save_checked(
                app,
                Change {
                    add: vec![moved],
                    remove: vec![entry],
                },
            );
        }
        _ => {}
    }
    Vec::new()
}

/// Save a change to the log, first asking when a dose it adds comes sooner than the
/// plan's minimum gap after the one before.
pub fn save_checked(app: &mut App, change: Change) -> Vec<Effect> {
    let Some(open) = app.open_plan() else {
        return Vec::new();
    };
    let Some(earliest) = change.add.iter().map(|e| e.at).min() else {
        return save(app, change, SaveKind::Change);
    };
    // The entry before the earliest one added is what the gap is measured from.
    let mut before = open
        .plan
        .recent_copy(open.plan.day_of(earliest) - chrono::Days::new(2));
    for entry in &change.remove {
        before.remove_entry(entry);
    }
    let soon = change
        .add
        .iter()
        .find_map(|e| suggest::too_soon(&before, e.at));
    match (soon, before.min_gap_minutes) {
        (Some(minutes), Some(gap)) => {
            app.mode = Mode::ConfirmGap(GapConfirm {
                text: format!(
                    "This dose is {minutes} min after the one before (the plan's gap: {gap} min). Log it? y / n"
                ),
                change,
            });
            Vec::new()
        }
        _ => save(app, change, SaveKind::Change),
    }
}

/// A key while the gap question is open: `y` or Enter logs, `n` or Esc does not.
pub fn on_confirm_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let Mode::ConfirmGap(confirm) = &app.mode else {
        return Vec::new();
    };
    match key.code {
        KeyCode::Char('y' | 'Y') | KeyCode::Enter => {
            let change = confirm.change.clone();
            app.mode = Mode::Browse;
            save(app, change, SaveKind::Change)
        }
        KeyCode::Char('n' | 'N') | KeyCode::Esc => {
            app.mode = Mode::Browse;
            app.set_status("Not logged");
            Vec::new()
        }
        _ => Vec::new(),
    }
}
