//! Holds, resumes and breaks from Today: a small dialog (a reason; for a break its days
//! and resume dose), saved as an amendment through `Effect::Amend`.

use chrono::NaiveDate;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::app::{App, Mode, SaveKind, Undoable};
use super::keymap::{Action, Context, action_for};
use super::msg::Effect;
use crate::core::amend::{Change, MAX_BREAK_DAYS};
use crate::core::segment::add_days;
use crate::core::text::{BREAK_NOTE, printable};
use crate::core::{Amendment, Dose, Plan, Schedule};

/// Longest reason the dialog takes.
const REASON_MAX: usize = 120;

/// What the dialog makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AmendKind {
    Hold,
    Resume,
    Break,
}

/// One line of input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DialogField {
    pub label: &'static str,
    pub input: String,
    /// Digits and `.` only.
    pub numeric: bool,
    /// Shown while the input is empty.
    pub hint: String,
}

/// The hold / resume / break dialog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AmendDialog {
    pub kind: AmendKind,
    /// The first day the amendment applies to (today).
    pub from: NaiveDate,
    pub fields: Vec<DialogField>,
    pub focus: usize,
    pub error: Option<String>,
}

impl AmendDialog {
    pub fn title(&self) -> String {
        let date = self.from.format("%a %-d %b");
        match self.kind {
            AmendKind::Hold => format!(" Hold from {date} "),
            AmendKind::Resume => format!(" Resume on {date} "),
            AmendKind::Break => format!(" Break from {date} "),
        }
    }
}

fn reason_field() -> DialogField {
    DialogField {
        label: "Reason",
        input: String::new(),
        numeric: false,
        hint: "optional".to_string(),
    }
}

/// The hold that is open (no resume, re-plan or break after it), if any.
pub fn open_hold(plan: &Plan) -> Option<&Amendment> {
    let mut held = None;
    for a in &plan.amendments {
        match a.change {
            Change::Hold => held = Some(a),
            _ => held = None,
        }
    }
    held
}

/// `h`: ask for a reason, then hold from today (or resume, when a hold is open).
pub fn hold_or_resume(app: &mut App) -> Vec<Effect> {
    let Some(open) = app.open_plan() else {
        return Vec::new();
    };
    let today = app.today;
    if today < open.schedule.start {
        app.set_status("The plan has not started yet: there is nothing to hold");
        return Vec::new();
    }
    let kind = match open_hold(&open.plan) {
        // A hold made today and ended today held nothing: it is taken back instead.
        Some(hold) if hold.from == today => {
            return vec![Effect::Amend {
                path: open.path.clone(),
                amendment: hold.clone(),
                kind: SaveKind::Undo,
            }];
        }
        Some(hold) if hold.from > today => {
            let text = format!("A hold starts on {}; nothing to resume yet", hold.from);
            app.set_status(text);
            return Vec::new();
        }
        Some(_) => AmendKind::Resume,
        None => AmendKind::Hold,
    };
    // When the check-ins suggest holding, the reason is filled in (and can be changed).
    let mut reason = reason_field();
    if kind == AmendKind::Hold
        && let crate::core::suggest::Suggestion::Hold { mean, .. } =
            crate::core::suggest::gate(&open.plan, &open.schedule, today)
    {
        reason.input = format!("withdrawal high (mean {mean:.1}) before the step");
    }
    app.mode = Mode::Amend(AmendDialog {
        kind,
        from: today,
        fields: vec![reason],
        focus: 0,
        error: None,
    });
    Vec::new()
}

/// `b`: ask for the days of a break and the dose to resume at.
pub fn start_break(app: &mut App) {
    let Some(open) = app.open_plan() else { return };
    if app.today < open.schedule.start {
        app.set_status("The plan has not started yet");
        return;
    }
    let in_force = open
        .schedule
        .day(app.today)
        .map(|d| d.target)
        .unwrap_or(open.plan.start_dose);
    let unit = printable(&open.plan.unit).into_owned();
    app.mode = Mode::Amend(AmendDialog {
        kind: AmendKind::Break,
        from: app.today,
        fields: vec![
            DialogField {
                label: "Days",
                input: String::new(),
                numeric: true,
                hint: format!("1 to {MAX_BREAK_DAYS}"),
            },
            DialogField {
                label: "Resume at",
                input: String::new(),
                numeric: true,
                hint: format!("{in_force} {unit} (the dose in force)"),
            },
            reason_field(),
        ],
        focus: 0,
        error: None,
    });
}

/// A key while the dialog is open.
pub fn on_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let Mode::Amend(dialog) = &mut app.mode else {
        return Vec::new();
    };
    match action_for(&[Context::AmendDialog], &key) {
        Some(Action::Cancel) => app.mode = Mode::Browse,
        Some(Action::Confirm) => return confirm(app),
        Some(Action::NextField) => {
            let len = dialog.fields.len();
            let back = matches!(key.code, KeyCode::Up | KeyCode::BackTab);
            dialog.focus = (dialog.focus + if back { len - 1 } else { 1 }) % len;
        }
        Some(Action::DeleteChar) => {
            if let Some(field) = dialog.fields.get_mut(dialog.focus) {
                field.input.pop();
            }
            dialog.error = None;
        }
        _ => {
            let KeyCode::Char(c) = key.code else {
                return Vec::new();
            };
            if key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
            {
                return Vec::new();
            }
            let Some(field) = dialog.fields.get_mut(dialog.focus) else {
                return Vec::new();
            };
            let fits = field.input.chars().count() < if field.numeric { 12 } else { REASON_MAX };
            let allowed = !field.numeric || c.is_ascii_digit() || c == '.' || c == ',';
            if fits && allowed && !c.is_control() {
                field
                    .input
                    .push(if field.numeric && c == ',' { '.' } else { c });
                dialog.error = None;
            }
        }
    }
    Vec::new()
}

fn text(dialog: &AmendDialog, label: &str) -> String {
    dialog
        .fields
        .iter()
        .find(|f| f.label == label)
        .map(|f| f.input.trim().to_string())
        .unwrap_or_default()
}

/// The amendment the dialog describes, or what is wrong with it.
pub fn amendment(dialog: &AmendDialog) -> Result<Amendment, String> {
    let change = match dialog.kind {
        AmendKind::Hold => Change::Hold,
        AmendKind::Resume => Change::Resume,
        AmendKind::Break => {
            let days = text(dialog, "Days");
            let days: u32 = days
                .parse()
                .ok()
                .filter(|d| (1..=MAX_BREAK_DAYS).contains(d))
                .ok_or_else(|| format!("days: a whole number from 1 to {MAX_BREAK_DAYS}"))?;
            let resume = text(dialog, "Resume at");
            let resume_dose = if resume.is_empty() {
                None
            } else {
                Some(
                    resume
                        .parse::<Dose>()
                        .map_err(|e| format!("resume dose: {e}"))?,
                )
            };
            Change::Break { days, resume_dose }
        }
    };
    let reason = text(dialog, "Reason");
    Ok(Amendment {
        reason: (!reason.is_empty()).then_some(reason),
        ..Amendment::new(dialog.from, change)
    })
}

fn confirm(app: &mut App) -> Vec<Effect> {
    let Mode::Amend(dialog) = &mut app.mode else {
        return Vec::new();
    };
    match amendment(dialog) {
        Ok(amendment) => {
            app.mode = Mode::Browse;
            match app.open_plan() {
                Some(open) => vec![Effect::Amend {
                    path: open.path.clone(),
                    amendment,
                    kind: SaveKind::Change,
                }],
                None => Vec::new(),
            }
        }
        Err(message) => {
            dialog.error = Some(message);
            Vec::new()
        }
    }
}

/// Undo of an amendment saved in this session: remove it again.
pub fn undo(app: &App, amendment: &Amendment) -> Vec<Effect> {
    match app.open_plan() {
        Some(open) => vec![Effect::Amend {
            path: open.path.clone(),
            amendment: amendment.clone(),
            kind: SaveKind::Undo,
        }],
        None => Vec::new(),
    }
}

/// What the status line says once an amendment is saved (or removed).
pub fn saved_text(a: &Amendment, kind: SaveKind, plan: &Plan, schedule: &Schedule) -> String {
    let unit = printable(&plan.unit).into_owned();
    if kind == SaveKind::Undo {
        return format!("Undone: {}", printable(&a.describe(&unit)));
    }
    let date = |d: NaiveDate| d.format("%a %-d %b").to_string();
    let end = date(schedule.end);
    match &a.change {
        Change::Hold => {
            let dose = schedule
                .day(a.from)
                .map_or(String::new(), |d| format!(" at {} {unit}", d.target));
            format!(
                "Held from {}{dose}: the next step waits until you resume (h)",
                date(a.from)
            )
        }
        Change::Resume => {
            let held = plan
                .amendments
                .iter()
                .rev()
                .find(|h| h.change == Change::Hold && h.from <= a.from)
                .map_or(0, |h| (a.from - h.from).num_days());
            format!(
                "Resumed after {held} day{} held; the taper now reaches its target on {end}",
                if held == 1 { "" } else { "s" }
            )
        }
        Change::Break { days, .. } => {
            let back = add_days(a.from, u64::from(*days));
            let dose = schedule
                .day(back)
                .map_or(String::new(), |d| format!(" at {} {unit}", d.target));
            format!(
                "Break from {} for {days} day{}; back on {}{dose} · {BREAK_NOTE}",
                date(a.from),
                if *days == 1 { "" } else { "s" },
                date(back)
            )
        }
        Change::Replan(seg) => format!(
            "Re-planned from {}: {} → {} {unit} by {end}; the days before and the log are unchanged",
            date(a.from),
            seg.start_dose,
            seg.target_dose
        ),
    }
}

/// After a save: the undo stack and the status line.
pub fn saved(app: &mut App, amendment: Amendment, kind: SaveKind) {
    let Some(open) = app.open_plan() else { return };
    let text = saved_text(&amendment, kind, &open.plan, &open.schedule);
    let entry = Undoable::Amendment(amendment);
    match kind {
        SaveKind::Change => app.undo.push(entry),
        SaveKind::Undo => {
            if app.undo.last() == Some(&entry) {
                app.undo.pop();
            }
        }
    }
    app.set_status(text);
}
