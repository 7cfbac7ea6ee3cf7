//! `update`: the only place the state changes. No I/O, no clock: the time comes in `Msg::Tick`.

use ratatui::crossterm::event::{KeyEvent, KeyEventKind, MouseButton, MouseEventKind};

use super::app::{
    App, Dialog, DialogPurpose, Document, Mode, OpenPlan, SaveKind, Screen, Undoable,
};
use super::cursor::{clamp_cursors, first_open_slot, move_cursor, page, show};
use super::dose_fields::DoseFields;
use super::keymap::{Action, action_for};
use super::msg::{Effect, Msg};
use super::view::tab_at;
use super::wizard::{Wizard, WizardOutcome};
use super::{amend, amount, calendar, checkin, open_plan, retime, switcher};
use crate::core::text::printable;
use crate::core::text::tolerance_note;
use crate::core::{audit, day};

/// React to one message; return the effects for the run loop to perform.
pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(key) if key.kind != KeyEventKind::Release => on_key(app, key),
        Msg::Key(_) => Vec::new(),
        Msg::Mouse(mouse) => {
            if !matches!(app.mode, Mode::Browse | Mode::Help) {
                return Vec::new();
            }
            match mouse.kind {
                MouseEventKind::ScrollDown => (0..3).flat_map(|_| act(app, Action::Down)).collect(),
                MouseEventKind::ScrollUp => (0..3).flat_map(|_| act(app, Action::Up)).collect(),
                MouseEventKind::Down(MouseButton::Left) if mouse.row == 0 => {
                    match tab_at(mouse.column, app.width) {
                        Some(screen) if app.open_plan().is_some() => {
                            app.screen = screen;
                            app.mode = Mode::Browse;
                            Vec::new()
                        }
                        _ => Vec::new(),
                    }
                }
                _ => Vec::new(),
            }
        }
        Msg::Resize(width, height) => {
            app.width = width;
            app.height = height;
            Vec::new()
        }
        Msg::Tick(now) => {
            let before = app.today;
            app.set_clock(now);
            if app.today != before {
                // An open hold lasts until today: the schedule moves on with the date.
                if let Document::Open(open) = &mut app.document
                    && let Ok(fresh) = OpenPlan::new(open.path.clone(), open.plan.clone(), now)
                {
                    **open = fresh;
                }
                app.dose_cursor = first_open_slot(app);
            }
            Vec::new()
        }
        Msg::NoPlans => {
            app.document = Document::NoPlans;
            Vec::new()
        }
        Msg::OpenFailed(message) => {
            app.document = Document::Failed(message);
            Vec::new()
        }
        Msg::Loaded { path, result } => {
            let opened = result.and_then(|plan| OpenPlan::new(path, plan, app.now));
            open_plan::show(app, opened);
            Vec::new()
        }
        Msg::Opened(open) => {
            open_plan::show(app, Ok(*open));
            Vec::new()
        }
        Msg::Saved { change, kind, plan } => {
            let Document::Open(open) = &mut app.document else {
                return Vec::new();
            };
            let unit = printable(&plan.unit).into_owned();
            match OpenPlan::new(open.path.clone(), plan, app.now) {
                Ok(new_open) => **open = new_open,
                Err(message) => {
                    app.set_error(message);
                    return Vec::new();
                }
            }
            match kind {
                SaveKind::Change => {
                    app.undo.push(Undoable::Log(change.clone()));
                    // A day well above the days before: say once, calmly, why that matters.
                    let jump = app.open_plan().is_some_and(|open| {
                        change
                            .add
                            .iter()
                            .any(|e| audit::above_recent_intake(&open.plan, open.plan.day_of(e.at)))
                    });
                    let note = if jump {
                        let class = app.open_plan().map(|o| o.plan.class).unwrap_or_default();
                        format!(" · {}", tolerance_note(class))
                    } else {
                        String::new()
                    };
                    app.set_status(format!("Saved: {}{note}", change.describe(&unit)));
                }
                SaveKind::Undo => {
                    app.undo.pop();
                    app.set_status(format!("Undone: {}", change.describe(&unit)));
                }
            }
            clamp_cursors(app);
            Vec::new()
        }
        Msg::Amended {
            amendment,
            kind,
            plan,
        } => {
            let Document::Open(open) = &mut app.document else {
                return Vec::new();
            };
            match OpenPlan::new(open.path.clone(), plan, app.now) {
                Ok(new_open) => **open = new_open,
                Err(message) => {
                    app.set_error(message);
                    return Vec::new();
                }
            }
            if matches!(app.mode, Mode::Wizard(_)) {
                app.mode = Mode::Browse;
            }
            amend::saved(app, amendment, kind);
            clamp_cursors(app);
            Vec::new()
        }
        Msg::CheckedIn {
            checkin,
            previous,
            kind,
            plan,
        } => {
            checkin::saved(app, checkin, previous, kind, plan);
            Vec::new()
        }
        Msg::ChoosePlan => vec![Effect::ListPlans],
        Msg::Plans(plans) => {
            switcher::show(app, plans);
            Vec::new()
        }
        Msg::Reloaded(result) => {
            let Document::Open(open) = &mut app.document else {
                return Vec::new();
            };
            match result.and_then(|plan| OpenPlan::new(open.path.clone(), plan, app.now)) {
                Ok(fresh) if fresh.plan != open.plan => {
                    **open = fresh;
                    app.set_clock(app.now);
                    clamp_cursors(app);
                    app.set_status("The plan file changed on disk; showing the new version");
                }
                Ok(_) => {}
                Err(message) => app.set_error(format!(
                    "The plan file changed on disk and cannot be read; nothing is saved until it is fixed: {message}"
                )),
            }
            Vec::new()
        }
        Msg::SaveFailed { message } => {
            app.set_error(format!("Not saved: {message}"));
            Vec::new()
        }
        Msg::CreateFailed(message) => {
            if let Mode::Wizard(wizard) = &mut app.mode {
                wizard.set_error(message);
            } else {
                app.set_error(message);
            }
            Vec::new()
        }
    }
}

fn on_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    match &mut app.mode {
        Mode::Wizard(wizard) => match wizard.handle_key(key) {
            WizardOutcome::Continue => Vec::new(),
            WizardOutcome::Cancelled => {
                app.mode = Mode::Browse;
                Vec::new()
            }
            WizardOutcome::Create { file_name, plan } => {
                vec![Effect::CreatePlan {
                    file_name,
                    plan: Box::new(plan),
                }]
            }
            WizardOutcome::Amend(amendment) => match app.open_plan() {
                Some(open) => vec![Effect::Amend {
                    path: open.path.clone(),
                    amendment,
                    kind: SaveKind::Change,
                }],
                None => Vec::new(),
            },
        },
        Mode::Dialog(_) => amount::on_key(app, key),
        Mode::Amend(_) => amend::on_key(app, key),
        Mode::Switcher(_) => switcher::on_key(app, key),
        Mode::CheckIn(_) => checkin::on_key(app, key),
        Mode::Retime(_) => retime::on_key(app, key),
        Mode::ConfirmGap(_) => retime::on_confirm_key(app, key),
        Mode::Help | Mode::Browse | Mode::DayDetail => match action_for(&app.contexts(), &key) {
            Some(action) => act(app, action),
            None => Vec::new(),
        },
    }
}

/// Perform an action from the binding table.
pub fn act(app: &mut App, action: Action) -> Vec<Effect> {
    let has_plan = app.open_plan().is_some();
    match action {
        Action::Quit => {
            app.quitting = true;
            return vec![Effect::Quit];
        }
        Action::ShowToday if has_plan => show(app, Screen::Today),
        Action::ShowSchedule if has_plan => show(app, Screen::Schedule),
        Action::ShowProgress if has_plan => show(app, Screen::Progress),
        Action::ShowCalendar if has_plan => show(app, Screen::Calendar),
        Action::Zoom if has_plan => {
            app.zoom = app.zoom.next();
            app.set_status(format!("Progress shows {}", app.zoom.name()));
        }
        Action::Left => calendar::move_days(app, -1),
        Action::Right => calendar::move_days(app, 1),
        Action::PreviousMonth => calendar::move_months(app, -1),
        Action::NextMonth => calendar::move_months(app, 1),
        Action::OpenDay => calendar::open_day(app),
        Action::JumpToToday if app.screen == Screen::Calendar => app.calendar_day = app.today,
        Action::NextScreen if has_plan => {
            app.screen = Screen::from_index(app.screen.index() + 1);
            app.mode = Mode::Browse;
        }
        Action::PreviousScreen if has_plan => {
            app.screen = Screen::from_index(app.screen.index() + Screen::ALL.len() - 1);
            app.mode = Mode::Browse;
        }
        Action::ToggleHelp => {
            app.mode = if matches!(app.mode, Mode::Help) {
                Mode::Browse
            } else {
                Mode::Help
            };
            app.help_scroll = 0;
        }
        Action::NewPlan => {
            let wizard = Wizard::new(app.today).with_day_starts(app.day_starts);
            app.mode = Mode::Wizard(Box::new(wizard));
        }
        Action::OpenDemo if matches!(app.document, Document::NoPlans) => {
            return vec![Effect::InstallDemo];
        }
        Action::Up => move_cursor(app, -1),
        Action::Down => move_cursor(app, 1),
        Action::PageUp => move_cursor(app, -page(app)),
        Action::PageDown => move_cursor(app, page(app)),
        Action::ToggleDose => return toggle_dose(app),
        Action::LogAmount if has_plan => {
            let open_dose = app.today_status().and_then(|s| {
                s.slots
                    .get(app.dose_cursor)
                    .filter(|d| !d.taken())
                    .map(|d| d.planned)
            });
            let slot = open_dose.map(|d| d.slot);
            // The selected dose's planned amount is suggested; the first digit replaces it.
            let input = open_dose
                .map(|d| d.amount)
                .filter(|a| !a.is_zero())
                .map(|a| a.to_string())
                .unwrap_or_default();
            app.dose_fields = DoseFields::new(app);
            app.mode = Mode::Dialog(Dialog {
                purpose: DialogPurpose::LogAmount { slot },
                input: input.clone(),
                error: None,
                prefilled: !input.is_empty(),
                pending: None,
            });
        }
        Action::Undo => return undo(app),
        Action::JumpToToday => app.schedule_cursor = app.today_row(),
        Action::ToggleStepRows if has_plan => {
            app.schedule_by_step = !app.schedule_by_step;
            app.schedule_cursor = app.today_row();
        }
        Action::EditDay => amount::edit_day(app),
        Action::HoldOrResume if app.screen == Screen::Today => return amend::hold_or_resume(app),
        Action::Break if app.screen == Screen::Today => amend::start_break(app),
        Action::Replan => super::replan::start(app),
        Action::CheckIn if has_plan && app.screen == Screen::Today => checkin::start(app),
        Action::Retime if has_plan && app.screen == Screen::Today => retime::start(app),
        Action::DayDetail if app.selected_date().is_some() => app.mode = Mode::DayDetail,
        Action::Cancel if matches!(app.mode, Mode::DayDetail) => app.mode = Mode::Browse,
        Action::NextMeasure if has_plan => checkin::next_measure(app),
        Action::SwitchPlan => return vec![Effect::ListPlans],
        // Not in force here (no plan open, another screen or mode), or a key a form
        // handles itself. Listed one by one: a new action must be placed above or here.
        Action::ShowToday
        | Action::ShowSchedule
        | Action::ShowProgress
        | Action::ShowCalendar
        | Action::Zoom
        | Action::NextScreen
        | Action::PreviousScreen
        | Action::OpenDemo
        | Action::LogAmount
        | Action::ToggleStepRows
        | Action::HoldOrResume
        | Action::Break
        | Action::CheckIn
        | Action::Retime
        | Action::DayDetail
        | Action::Cancel
        | Action::NextMeasure
        | Action::Confirm
        | Action::DeleteChar
        | Action::NextField
        | Action::FormKey => {}
    }
    Vec::new()
}

pub(super) fn save(app: &App, mut change: crate::core::Change, kind: SaveKind) -> Vec<Effect> {
    if let (Some(open), SaveKind::Change) = (app.open_plan(), kind) {
        audit::mark_warned(&open.plan, &open.schedule, &mut change);
    }
    match app.open_plan() {
        Some(open) if !change.is_empty() => vec![Effect::Save {
            path: open.path.clone(),
            change,
            kind,
        }],
        _ => Vec::new(),
    }
}

fn toggle_dose(app: &mut App) -> Vec<Effect> {
    let (Some(status), Some(open)) = (app.today_status(), app.open_plan()) else {
        return Vec::new();
    };
    let Some(slot) = status.slots.get(app.dose_cursor) else {
        app.set_status("No dose is planned today");
        return Vec::new();
    };
    match day::toggle(&open.plan, &status, slot.planned.slot, app.now) {
        Some(change) if change.remove.is_empty() => retime::save_checked(app, change),
        Some(change) => save(app, change, SaveKind::Change),
        None => Vec::new(),
    }
}

fn undo(app: &mut App) -> Vec<Effect> {
    match app.undo.last() {
        Some(Undoable::Log(last)) => save(app, last.inverse(), SaveKind::Undo),
        Some(Undoable::Amendment(last)) => amend::undo(app, last),
        Some(Undoable::CheckIn { previous, saved }) => checkin::undo(app, previous.as_ref(), saved),
        None => {
            app.set_status("Nothing to undo");
            Vec::new()
        }
    }
}
