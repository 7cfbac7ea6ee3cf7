//! The plan wizard (`n`): a form on the left, a live preview of the plan on the right.
//!
//! It makes plans through `NewPlan::build`, the same code `taper new` uses. Handling keys
//! is pure (no I/O, no clock); the caller saves the plan it returns.

mod days_and_pace;
mod field;
mod form;
mod preview;
mod replan;
mod view;

#[cfg(test)]
mod audit_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_forms;

use chrono::NaiveDate;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use field::{Field, Values};
use form::{Built, Problem};

pub use replan::ReplanBase;

pub use view::render;

/// The state of the wizard.
#[derive(Clone, Debug)]
pub struct Wizard {
    values: Values,
    initial: Values,
    focus: Field,
    /// Fields the focus has left once; their "needed" errors show from then on.
    visited: Vec<Field>,
    /// A save was tried: every problem shows.
    attempted: bool,
    /// "Discard this plan? y / n" is up.
    confirming: bool,
    /// A message for the whole form (a failed save, or one from the caller).
    notice: Option<String>,
    /// The focus just arrived on this field: the first character typed replaces its
    /// value (shown highlighted), as in most forms; cursor keys keep it.
    fresh: bool,
}

/// What the caller does after a key.
#[allow(clippy::large_enum_variant)] // made once per key; the plan is moved out at once
#[derive(Clone, Debug, PartialEq)]
pub enum WizardOutcome {
    Continue,
    Cancelled,
    Create {
        file_name: String,
        plan: crate::core::Plan,
    },
    /// A re-plan: add this amendment to the open plan.
    Amend(crate::core::Amendment),
}

impl Wizard {
    /// An empty form with the defaults of `taper new`, starting `today`.
    pub fn new(today: NaiveDate) -> Wizard {
        let values = Values::new(today);
        Wizard {
            initial: values.clone(),
            values,
            focus: Field::Name,
            visited: Vec::new(),
            attempted: false,
            confirming: false,
            notice: None,
            fresh: true,
        }
    }

    /// The config's day boundary as the form's default.
    pub fn with_day_starts(mut self, time: Option<chrono::NaiveTime>) -> Wizard {
        if let Some(time) = time {
            self.values.day_starts = field::TextInput::new(&time.format("%H:%M").to_string());
            self.initial = self.values.clone();
        }
        self
    }

    /// The form pre-filled to re-plan `base.plan` from today.
    pub fn replan(base: ReplanBase) -> Wizard {
        let values = Values::replan(base);
        let focus = values
            .visible()
            .first()
            .copied()
            .unwrap_or(Field::StartDose);
        Wizard {
            initial: values.clone(),
            values,
            focus,
            visited: Vec::new(),
            attempted: false,
            confirming: false,
            notice: None,
            fresh: true,
        }
    }

    /// The label of the field with the focus, as the form shows it.
    pub fn focus_label(&self) -> &'static str {
        view::label(&self.values, self.focus)
    }

    /// Whether the wizard re-plans an open plan (rather than making a new one).
    pub fn is_replan(&self) -> bool {
        self.values.replan.is_some()
    }

    /// Show a message in the form, e.g. "a plan named x exists already".
    pub fn set_error(&mut self, message: String) {
        self.notice = Some(message);
        self.confirming = false;
    }

    /// Anything typed or changed since the wizard opened.
    pub fn is_dirty(&self) -> bool {
        self.values != self.initial
    }

    /// Handle one key. Pure: no I/O, no clock.
    pub fn handle_key(&mut self, key: KeyEvent) -> WizardOutcome {
        if key.kind == KeyEventKind::Release {
            return WizardOutcome::Continue;
        }
        if self.confirming {
            return self.confirm_key(key);
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Esc => {
                if self.is_dirty() {
                    self.confirming = true;
                } else {
                    return WizardOutcome::Cancelled;
                }
            }
            KeyCode::Tab | KeyCode::Down => self.move_focus(true),
            KeyCode::BackTab | KeyCode::Up => self.move_focus(false),
            KeyCode::Enter => {
                if self.is_last() {
                    return self.save();
                }
                self.move_focus(true);
            }
            KeyCode::Left | KeyCode::Right if self.focus.is_choice() => {
                self.values.cycle(self.focus, key.code == KeyCode::Right);
                self.edited();
            }
            KeyCode::Char(' ') if self.focus.is_choice() => {
                self.values.cycle(self.focus, true);
                self.edited();
            }
            KeyCode::Char('u') if ctrl => {
                if let Some(input) = self.values.input_mut(self.focus) {
                    input.clear();
                    self.edited();
                }
            }
            KeyCode::Char(c) if !ctrl && !key.modifiers.contains(KeyModifiers::ALT) => {
                let fresh = std::mem::take(&mut self.fresh);
                if let Some(input) = self.values.input_mut(self.focus) {
                    if fresh {
                        input.clear();
                    }
                    input.insert(c);
                    self.edited();
                }
            }
            code => self.edit_key(code),
        }
        WizardOutcome::Continue
    }

    fn confirm_key(&mut self, key: KeyEvent) -> WizardOutcome {
        match key.code {
            KeyCode::Char('y' | 'Y') => WizardOutcome::Cancelled,
            KeyCode::Char('n' | 'N') | KeyCode::Esc => {
                self.confirming = false;
                WizardOutcome::Continue
            }
            _ => WizardOutcome::Continue,
        }
    }

    /// Cursor and deletion keys of a text field.
    fn edit_key(&mut self, code: KeyCode) {
        self.fresh = false;
        let Some(input) = self.values.input_mut(self.focus) else {
            return;
        };
        let before = input.text().to_string();
        match code {
            KeyCode::Backspace => input.backspace(),
            KeyCode::Delete => input.delete(),
            KeyCode::Left => input.left(),
            KeyCode::Right => input.right(),
            KeyCode::Home => input.home(),
            KeyCode::End => input.end(),
            _ => {}
        }
        if input.text() != before {
            self.edited();
        }
    }

    fn edited(&mut self) {
        self.notice = None;
        // Choices can hide the focused field (e.g. length when the method becomes ladder).
        if !self.values.visible().contains(&self.focus) {
            self.focus = Field::Method;
        }
    }

    fn is_last(&self) -> bool {
        self.values.visible().last() == Some(&self.focus)
    }

    fn move_focus(&mut self, forward: bool) {
        if !self.visited.contains(&self.focus) {
            self.visited.push(self.focus);
        }
        let visible = self.values.visible();
        let index = visible.iter().position(|f| *f == self.focus).unwrap_or(0);
        let len = visible.len();
        let next = if forward {
            (index + 1) % len
        } else {
            (index + len - 1) % len
        };
        self.focus = visible[next];
        self.fresh = true;
    }

    /// Whether the focused field's value will be replaced by the next character typed.
    pub(super) fn replaces_on_type(&self) -> bool {
        self.fresh && !self.confirming
    }

    fn save(&mut self) -> WizardOutcome {
        self.attempted = true;
        match form::build(&self.values) {
            Ok(Built {
                amendment: Some(amendment),
                ..
            }) => WizardOutcome::Amend(amendment),
            Ok(built) => WizardOutcome::Create {
                file_name: self.values.name.text().trim().to_string(),
                plan: built.plan,
            },
            Err(Problem::Fields(fields)) => {
                self.focus = fields[0];
                self.fresh = true;
                let n = fields.len();
                self.notice = Some(if n == 1 {
                    "1 field needs a fix before the plan can be made".to_string()
                } else {
                    format!("{n} fields need a fix before the plan can be made")
                });
                WizardOutcome::Continue
            }
            Err(Problem::Plan { field, message }) => {
                self.focus = field;
                self.fresh = true;
                self.notice = Some(message);
                WizardOutcome::Continue
            }
        }
    }

    /// The error shown under a field, if it has one worth showing now.
    fn shown_error(&self, field: Field, built: &Result<form::Built, Problem>) -> Option<String> {
        let typed = self
            .values
            .input(field)
            .is_some_and(|i| !i.text().trim().is_empty());
        if (typed || self.attempted || self.visited.contains(&field))
            && let Some(error) = form::field_error(&self.values, field)
        {
            return Some(error);
        }
        match built {
            Err(Problem::Plan { field: f, message }) if *f == field => Some(message.clone()),
            _ => None,
        }
    }
}
