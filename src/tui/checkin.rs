//! `c` on Today: the check-in form. One row per measure (↑↓ to move, ← → or a digit to
//! set, Backspace to clear) and a note; Enter saves the day's check-in as the form shows it.

use chrono::NaiveDate;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::app::{App, Document, Mode, OpenPlan, SaveKind, Undoable};
use super::msg::Effect;
use crate::core::Plan;
use crate::core::checkin::{CheckIn, MAX, Measure};
use crate::core::text::printable;

/// Longest note the form takes.
const NOTE_MAX: usize = 200;

/// The check-in form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckInForm {
    pub date: NaiveDate,
    pub values: [Option<u8>; 6],
    pub note: String,
    /// 0..=5: a measure (in `Measure::ALL` order); 6: the note.
    pub row: usize,
    /// The last key on this row was the digit 1 (so a 0 after it makes 10).
    one_typed: bool,
    pub error: Option<String>,
    /// The day's check-in when the form opened: only what the form changes from it is
    /// saved, so fields another program set meanwhile are kept.
    pub before: Option<CheckIn>,
}

/// The row of the note.
pub const NOTE_ROW: usize = Measure::ALL.len();

impl CheckInForm {
    /// The form for a day, filled with its check-in so far.
    pub fn new(date: NaiveDate, existing: Option<&CheckIn>) -> CheckInForm {
        let mut values = [None; 6];
        for (i, m) in Measure::ALL.iter().enumerate() {
            values[i] = existing.and_then(|c| c.get(*m));
        }
        CheckInForm {
            date,
            values,
            note: existing.and_then(|c| c.note.clone()).unwrap_or_default(),
            row: 0,
            one_typed: false,
            error: None,
            before: existing.cloned(),
        }
    }

    /// The check-in the form holds.
    pub fn checkin(&self) -> CheckIn {
        let mut c = CheckIn::new(self.date);
        for (i, m) in Measure::ALL.iter().enumerate() {
            c.set(*m, self.values[i]);
        }
        let note = self.note.trim();
        c.note = (!note.is_empty()).then(|| note.to_string());
        c
    }

    fn nudge(&mut self, up: bool) {
        if let Some(value) = self.values.get_mut(self.row) {
            *value = Some(match (*value, up) {
                (None, _) => 0,
                (Some(v), true) => (v + 1).min(MAX),
                (Some(v), false) => v.saturating_sub(1),
            });
        }
    }

    fn digit(&mut self, d: u8) {
        if let Some(value) = self.values.get_mut(self.row) {
            *value = Some(if d == 0 && self.one_typed { 10 } else { d });
            self.one_typed = d == 1;
        }
    }
}

/// Open the form for today.
pub fn start(app: &mut App) {
    let Some(open) = app.open_plan() else { return };
    let form = CheckInForm::new(app.today, open.plan.checkin_on(app.today));
    app.mode = Mode::CheckIn(form);
}

/// A key while the form is open.
pub fn on_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let Mode::CheckIn(form) = &mut app.mode else {
        return Vec::new();
    };
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        if key.code == KeyCode::Char('c') {
            app.mode = Mode::Browse;
        }
        return Vec::new();
    }
    let on_note = form.row == NOTE_ROW;
    let row = form.row;
    form.error = None;
    match key.code {
        KeyCode::Esc => {
            app.mode = Mode::Browse;
            return Vec::new();
        }
        KeyCode::Enter => return save(app),
        KeyCode::Up | KeyCode::BackTab => form.row = row.saturating_sub(1),
        KeyCode::Down | KeyCode::Tab => form.row = (row + 1).min(NOTE_ROW),
        KeyCode::Char('k') if !on_note => form.row = row.saturating_sub(1),
        KeyCode::Char('j') if !on_note => form.row = (row + 1).min(NOTE_ROW),
        KeyCode::Left | KeyCode::Char('-') if !on_note => form.nudge(false),
        KeyCode::Right | KeyCode::Char('+') if !on_note => form.nudge(true),
        KeyCode::Char(c) if !on_note && c.is_ascii_digit() => {
            form.digit(c as u8 - b'0');
            return Vec::new();
        }
        KeyCode::Backspace | KeyCode::Delete if !on_note => form.values[row] = None,
        KeyCode::Backspace => {
            form.note.pop();
        }
        KeyCode::Char(c) if on_note && !c.is_control() && form.note.chars().count() < NOTE_MAX => {
            form.note.push(c);
        }
        _ => {}
    }
    if let Mode::CheckIn(form) = &mut app.mode
        && form.row != row
    {
        form.one_typed = false;
    }
    Vec::new()
}

fn save(app: &mut App) -> Vec<Effect> {
    let (Some(open), Mode::CheckIn(form)) = (app.open_plan(), &app.mode) else {
        return Vec::new();
    };
    let checkin = form.checkin();
    let had = open.plan.checkin_on(form.date).is_some();
    if checkin.is_empty() && !had {
        let text = "Rate at least one measure (← → or a digit), or Esc to close";
        if let Mode::CheckIn(form) = &mut app.mode {
            form.error = Some(text.to_string());
        }
        return Vec::new();
    }
    let path = open.path.clone();
    let before = form.before.clone();
    app.mode = Mode::Browse;
    vec![Effect::CheckIn {
        path,
        checkin,
        before,
        kind: SaveKind::Change,
    }]
}

/// `u` after a check-in: the day's check-in as it was before. Only the fields the check-in
/// changed go back (`checkin::edit`, with the saved one as what the form opened with).
pub fn undo(app: &App, previous: Option<&CheckIn>, saved: &CheckIn) -> Vec<Effect> {
    let Some(open) = app.open_plan() else {
        return Vec::new();
    };
    vec![Effect::CheckIn {
        path: open.path.clone(),
        checkin: previous
            .cloned()
            .unwrap_or_else(|| CheckIn::new(saved.date)),
        before: Some(saved.clone()),
        kind: SaveKind::Undo,
    }]
}

/// The check-in was saved: show the plan as saved.
pub fn saved(
    app: &mut App,
    checkin: CheckIn,
    previous: Option<CheckIn>,
    kind: SaveKind,
    plan: Plan,
) {
    let Document::Open(open) = &mut app.document else {
        return;
    };
    match OpenPlan::new(open.path.clone(), plan, app.now) {
        Ok(new_open) => **open = new_open,
        Err(message) => {
            app.set_error(message);
            return;
        }
    }
    let text = match kind {
        SaveKind::Undo => {
            app.undo.pop();
            format!("Undone: the check-in of {}", checkin.date)
        }
        SaveKind::Change if checkin.is_empty() => format!("Check-in of {} cleared", checkin.date),
        SaveKind::Change => format!("Saved check-in: {}", printable(&checkin.summary())),
    };
    if kind == SaveKind::Change && previous.as_ref() != Some(&checkin) {
        app.undo.push(Undoable::CheckIn {
            previous,
            saved: checkin,
        });
    }
    app.set_status(text);
}

/// `m` on Progress: all measures, each one, the products, then all again. On a short
/// terminal the first `m` shows the panel (all measures).
pub fn next_measure(app: &mut App) {
    let all = Measure::ALL;
    if !app.chart_panel && app.height < super::view::TALL_PROGRESS {
        app.chart_panel = true;
        return;
    }
    (app.chart_measure, app.show_products) = match (app.chart_measure, app.show_products) {
        (_, true) => (None, false),
        (None, false) => (Some(all[0]), false),
        (Some(m), false) => match all
            .iter()
            .position(|x| *x == m)
            .and_then(|i| all.get(i + 1))
        {
            Some(next) => (Some(*next), false),
            None => (None, true),
        },
    };
}
