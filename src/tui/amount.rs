//! The amount dialog: log an amount now, or set the total taken on a past day.

use chrono::NaiveTime;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::app::{App, Dialog, DialogPurpose, Mode, SaveKind, Screen};
use super::keymap::{Action, Context, action_for};
use super::msg::Effect;
use super::update::save;
use crate::core::{Change, Dose, audit, day};

/// Longest text the dialog takes.
const INPUT_MAX: usize = 12;

/// A key while the dialog is open.
pub fn on_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    if let Some(effects) = super::dose_fields::on_key(app, key) {
        return effects;
    }
    let Mode::Dialog(dialog) = &mut app.mode else {
        return Vec::new();
    };
    if dialog.pending.is_some() {
        // An unusually large amount: y logs it, n (or Esc) goes back to correct it.
        match action_for(&[Context::ConfirmAmount], &key) {
            Some(Action::Confirm) => return confirm(app),
            Some(Action::Cancel) => dialog.pending = None,
            _ => {}
        }
        return Vec::new();
    }
    // Only a digit (or Backspace) ends the suggestion: a stray key before it leaves the
    // pre-filled value to be replaced, so `j` then `4` on 400 is 4, not 4004.
    let prefilled = dialog.prefilled;
    match action_for(&[Context::Dialog], &key) {
        Some(Action::Cancel) => app.mode = Mode::Browse,
        Some(Action::Confirm) => return confirm(app),
        Some(Action::DeleteChar) => {
            if prefilled {
                dialog.input.clear();
            } else {
                dialog.input.pop();
            }
            dialog.prefilled = false;
            dialog.error = None;
        }
        _ => {
            if let KeyCode::Char(c) = key.code
                && (c.is_ascii_digit() || c == '.' || c == ',')
                && !key
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
                && (prefilled || dialog.input.chars().count() < INPUT_MAX)
            {
                if prefilled {
                    dialog.input.clear();
                    dialog.prefilled = false;
                }
                dialog.input.push(if c == ',' { '.' } else { c });
                dialog.error = None;
            }
        }
    }
    Vec::new()
}

/// Open the dialog for the amount taken on the selected Schedule day.
pub fn edit_day(app: &mut App) {
    if app.screen != Screen::Schedule || app.open_plan().is_none() {
        return;
    }
    if app.schedule_by_step {
        app.set_status("Press s for one row per day, then e on the day");
        return;
    }
    let Some(date) = app.selected_date() else {
        return;
    };
    if date > app.today {
        app.set_status("That day has not come yet");
        return;
    }
    let input = app
        .open_plan()
        .and_then(|o| o.plan.taken_on(date))
        .map(|d| d.to_string())
        .unwrap_or_default();
    app.mode = Mode::Dialog(Dialog {
        prefilled: !input.is_empty(),
        pending: None,
        purpose: DialogPurpose::DayTotal { date },
        input,
        error: None,
    });
}

fn confirm(app: &mut App) -> Vec<Effect> {
    let Mode::Dialog(dialog) = &app.mode else {
        return Vec::new();
    };
    let text = dialog.input.trim().to_string();
    let purpose = dialog.purpose;
    let confirmed = dialog.pending.is_some();
    let amount = if text.is_empty() {
        None
    } else {
        match text.parse::<Dose>() {
            Ok(amount) => Some(amount),
            Err(e) => {
                if let Mode::Dialog(dialog) = &mut app.mode {
                    dialog.error = Some(e.to_string());
                }
                return Vec::new();
            }
        }
    };
    let Some(open) = app.open_plan() else {
        return Vec::new();
    };
    let date = match purpose {
        DialogPurpose::LogAmount { .. } => open.plan.day_of(app.now),
        DialogPurpose::DayTotal { date } => date,
    };
    let large = amount.and_then(|a| audit::unusually_large(&open.plan, &open.schedule, date, a));
    if let (Some(large), false) = (large, confirmed) {
        if let Mode::Dialog(dialog) = &mut app.mode {
            dialog.pending = Some(large.amount);
        }
        return Vec::new();
    }
    let change = match purpose {
        DialogPurpose::LogAmount { slot } => match amount.filter(|a| !a.is_zero()) {
            Some(amount) => match super::dose_fields::entry(app, slot, amount) {
                Ok(entry) => Change::add(entry),
                Err(e) => {
                    if let Mode::Dialog(dialog) = &mut app.mode {
                        dialog.error = Some(e);
                    }
                    return Vec::new();
                }
            },
            None => {
                if let Mode::Dialog(dialog) = &mut app.mode {
                    dialog.error = Some("type an amount above 0, e.g. 2.5".to_string());
                }
                return Vec::new();
            }
        },
        DialogPurpose::DayTotal { date } => {
            day::set_day_total(&open.plan, date, amount, NaiveTime::from_hms_opt(12, 0, 0))
        }
    };
    app.mode = Mode::Browse;
    if change.is_empty() {
        app.set_status("Nothing changed");
    }
    match purpose {
        DialogPurpose::LogAmount { .. } => super::retime::save_checked(app, change),
        DialogPurpose::DayTotal { .. } => save(app, change, SaveKind::Change),
    }
}
