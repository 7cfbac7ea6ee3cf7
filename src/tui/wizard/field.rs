//! The wizard's fields, their order, and a hand-written single-line text input.

use chrono::{Days, NaiveDate};

pub(super) use super::replan::{ReplanBase, StartFrom};
use crate::core::Class;
use crate::core::Method;

/// One row of the form, in the order the form shows them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Field {
    Name,
    Substance,
    Class,
    Unit,
    /// Re-plan only: start from today's target or from the recent actual.
    StartFrom,
    StartDose,
    TargetDose,
    StartDate,
    LengthKind,
    LengthValue,
    Method,
    Steps,
    StepDays,
    RoundTo,
    /// Dosage forms, e.g. `tablet:10:0.5, liquid:1:0.1` (optional).
    Forms,
    DosesPerDay,
    DayStarts,
    /// Scheduled days off: weekdays (`mon,thu`) or a pattern (`5on2off`) (optional).
    DaysOff,
    /// Your own ceiling on a cut, % of the current dose, maybe per N days (`10/14`) (optional).
    MaxCut,
    /// Re-plan only: why (optional).
    Reason,
}

impl Field {
    pub(super) const ALL: [Field; 20] = [
        Field::Name,
        Field::Substance,
        Field::Class,
        Field::Unit,
        Field::StartFrom,
        Field::StartDose,
        Field::TargetDose,
        Field::StartDate,
        Field::LengthKind,
        Field::LengthValue,
        Field::Method,
        Field::Steps,
        Field::StepDays,
        Field::RoundTo,
        Field::Forms,
        Field::DosesPerDay,
        Field::DayStarts,
        Field::DaysOff,
        Field::MaxCut,
        Field::Reason,
    ];

    /// Fields picked with ←/→ rather than typed.
    pub(super) fn is_choice(self) -> bool {
        matches!(
            self,
            Field::Class | Field::LengthKind | Field::Method | Field::StartFrom
        )
    }

    /// Fields a re-plan keeps as they are (the plan's name, substance, unit, day).
    fn fixed_in_replan(self) -> bool {
        matches!(
            self,
            Field::Name
                | Field::Substance
                | Field::Class
                | Field::Unit
                | Field::DayStarts
                | Field::Forms
        )
    }
}

/// How the length of the taper is given.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub(super) enum LengthKind {
    EndDate,
    #[default]
    Weeks,
    Percent,
}

impl LengthKind {
    pub(super) const ALL: [LengthKind; 3] =
        [LengthKind::EndDate, LengthKind::Weeks, LengthKind::Percent];

    pub(super) fn name(self) -> &'static str {
        match self {
            LengthKind::EndDate => "end date",
            LengthKind::Weeks => "weeks",
            LengthKind::Percent => "percent",
        }
    }
}

/// The next (or previous) item of a choice list, wrapping around.
pub(super) fn cycle<T: Copy + PartialEq>(all: &[T], current: T, forward: bool) -> T {
    let index = all.iter().position(|x| *x == current).unwrap_or(0);
    let len = all.len();
    let next = if forward {
        (index + 1) % len
    } else {
        (index + len - 1) % len
    };
    all[next]
}

/// A single-line text input: the text and a cursor counted in characters.
#[derive(Clone, Debug, Default)]
pub(super) struct TextInput {
    text: String,
    cursor: usize,
}

/// Two inputs are the same when their text is; the cursor does not count.
impl PartialEq for TextInput {
    fn eq(&self, other: &TextInput) -> bool {
        self.text == other.text
    }
}

impl TextInput {
    pub(super) fn new(text: &str) -> TextInput {
        TextInput {
            text: text.to_string(),
            cursor: text.chars().count(),
        }
    }

    pub(super) fn text(&self) -> &str {
        &self.text
    }

    pub(super) fn cursor(&self) -> usize {
        self.cursor
    }

    fn byte_at(&self, chars: usize) -> usize {
        self.text
            .char_indices()
            .nth(chars)
            .map_or(self.text.len(), |(i, _)| i)
    }

    pub(super) fn insert(&mut self, c: char) {
        let at = self.byte_at(self.cursor);
        self.text.insert(at, c);
        self.cursor += 1;
    }

    pub(super) fn backspace(&mut self) {
        if self.cursor > 0 {
            self.cursor -= 1;
            let at = self.byte_at(self.cursor);
            self.text.remove(at);
        }
    }

    pub(super) fn delete(&mut self) {
        if self.cursor < self.text.chars().count() {
            let at = self.byte_at(self.cursor);
            self.text.remove(at);
        }
    }

    pub(super) fn left(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }

    pub(super) fn right(&mut self) {
        self.cursor = (self.cursor + 1).min(self.text.chars().count());
    }

    pub(super) fn home(&mut self) {
        self.cursor = 0;
    }

    pub(super) fn end(&mut self) {
        self.cursor = self.text.chars().count();
    }

    pub(super) fn clear(&mut self) {
        self.text.clear();
        self.cursor = 0;
    }
}

/// Everything the person has entered or picked.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Values {
    pub(super) name: TextInput,
    pub(super) substance: TextInput,
    pub(super) class: Class,
    pub(super) unit: TextInput,
    pub(super) start_dose: TextInput,
    pub(super) target_dose: TextInput,
    pub(super) start_date: TextInput,
    pub(super) length: LengthKind,
    pub(super) end_date: TextInput,
    pub(super) weeks: TextInput,
    pub(super) percent: TextInput,
    pub(super) method: Method,
    pub(super) steps: TextInput,
    pub(super) step_days: TextInput,
    pub(super) round_to: TextInput,
    pub(super) forms: TextInput,
    pub(super) doses_per_day: TextInput,
    pub(super) day_starts: TextInput,
    pub(super) days_off: TextInput,
    pub(super) max_cut: TextInput,
    /// Set when the wizard re-plans an open plan.
    pub(super) replan: Option<Box<ReplanBase>>,
    pub(super) start_from: StartFrom,
    pub(super) reason: TextInput,
}

impl Values {
    /// The defaults of `taper new`; the start is today, 12 weeks long.
    pub(super) fn new(today: NaiveDate) -> Values {
        let end = today.checked_add_days(Days::new(84)).unwrap_or(today);
        Values {
            name: TextInput::default(),
            substance: TextInput::default(),
            class: Class::Other,
            unit: TextInput::new("mg"),
            start_dose: TextInput::default(),
            target_dose: TextInput::new("0"),
            start_date: TextInput::new(&today.format("%Y-%m-%d").to_string()),
            length: LengthKind::Weeks,
            end_date: TextInput::new(&end.format("%Y-%m-%d").to_string()),
            weeks: TextInput::new("12"),
            percent: TextInput::new("10"),
            method: Method::Linear,
            steps: TextInput::default(),
            step_days: TextInput::new("7"),
            round_to: TextInput::default(),
            forms: TextInput::default(),
            doses_per_day: TextInput::new("1"),
            day_starts: TextInput::new("00:00"),
            days_off: TextInput::default(),
            max_cut: TextInput::default(),
            replan: None,
            start_from: StartFrom::Planned,
            reason: TextInput::default(),
        }
    }

    pub(super) fn is_ladder(&self) -> bool {
        self.method == Method::Ladder
    }

    /// The fields shown for the current choices, in order.
    pub(super) fn visible(&self) -> Vec<Field> {
        let ladder = self.is_ladder();
        let replan = self.replan.as_deref();
        Field::ALL
            .into_iter()
            .filter(|f| match f {
                _ if replan.is_some() && f.fixed_in_replan() => false,
                Field::StartFrom => replan.is_some_and(|r| r.recent.is_some()),
                Field::Reason => replan.is_some(),
                Field::LengthKind | Field::LengthValue | Field::StepDays => !ladder,
                Field::Steps => ladder,
                _ => true,
            })
            .collect()
    }

    pub(super) fn input(&self, field: Field) -> Option<&TextInput> {
        Some(match field {
            Field::Name => &self.name,
            Field::Substance => &self.substance,
            Field::Unit => &self.unit,
            Field::StartDose => &self.start_dose,
            Field::TargetDose => &self.target_dose,
            Field::StartDate => &self.start_date,
            Field::LengthValue => match self.length {
                LengthKind::EndDate => &self.end_date,
                LengthKind::Weeks => &self.weeks,
                LengthKind::Percent => &self.percent,
            },
            Field::Steps => &self.steps,
            Field::StepDays => &self.step_days,
            Field::RoundTo => &self.round_to,
            Field::Forms => &self.forms,
            Field::DosesPerDay => &self.doses_per_day,
            Field::DayStarts => &self.day_starts,
            Field::DaysOff => &self.days_off,
            Field::MaxCut => &self.max_cut,
            Field::Reason => &self.reason,
            Field::Class | Field::LengthKind | Field::Method | Field::StartFrom => return None,
        })
    }

    pub(super) fn input_mut(&mut self, field: Field) -> Option<&mut TextInput> {
        Some(match field {
            Field::Name => &mut self.name,
            Field::Substance => &mut self.substance,
            Field::Unit => &mut self.unit,
            Field::StartDose => &mut self.start_dose,
            Field::TargetDose => &mut self.target_dose,
            Field::StartDate => &mut self.start_date,
            Field::LengthValue => match self.length {
                LengthKind::EndDate => &mut self.end_date,
                LengthKind::Weeks => &mut self.weeks,
                LengthKind::Percent => &mut self.percent,
            },
            Field::Steps => &mut self.steps,
            Field::StepDays => &mut self.step_days,
            Field::RoundTo => &mut self.round_to,
            Field::Forms => &mut self.forms,
            Field::DosesPerDay => &mut self.doses_per_day,
            Field::DayStarts => &mut self.day_starts,
            Field::DaysOff => &mut self.days_off,
            Field::MaxCut => &mut self.max_cut,
            Field::Reason => &mut self.reason,
            Field::Class | Field::LengthKind | Field::Method | Field::StartFrom => return None,
        })
    }

    /// Move a choice field one item on (or back).
    pub(super) fn cycle(&mut self, field: Field, forward: bool) {
        match field {
            Field::Class => self.class = cycle(&Class::ALL, self.class, forward),
            Field::LengthKind => {
                self.length = cycle(&LengthKind::ALL, self.length, forward);
                // A percent length is the percent method's; pick it along.
                if self.length == LengthKind::Percent {
                    self.method = Method::Percent;
                }
            }
            Field::Method => self.method = cycle(&Method::ALL, self.method, forward),
            Field::StartFrom => {
                if let Some(base) = self.replan.as_deref() {
                    let (from, dose) = match (self.start_from, base.recent) {
                        (StartFrom::Planned, Some(recent)) => (StartFrom::Recent, recent),
                        _ => (StartFrom::Planned, base.planned),
                    };
                    self.start_from = from;
                    self.start_dose = TextInput::new(&dose.to_string());
                }
            }
            _ => {}
        }
    }

    /// The text of a choice field.
    pub(super) fn choice(&self, field: Field) -> Option<String> {
        match field {
            Field::Class => Some(self.class.name().to_string()),
            Field::LengthKind => Some(self.length.name().to_string()),
            Field::Method => Some(self.method.name().to_string()),
            Field::StartFrom => {
                let base = self.replan.as_deref()?;
                Some(match (self.start_from, base.recent) {
                    (StartFrom::Recent, Some(recent)) => format!("recent actual {recent}"),
                    _ => format!("today's target {}", base.planned),
                })
            }
            _ => None,
        }
    }
}
