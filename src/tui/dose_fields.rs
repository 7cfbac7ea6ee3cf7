//! The amount dialog's optional fields when logging a dose (`a` on Today): the time
//! (default now), the product (← → offer the products used before, or type one) and a
//! note. Tab / ↓ moves to the next field, Shift-Tab / ↑ back; Enter saves from any field.
//! Kept apart from `amount.rs`, which calls `on_key` first and `entry` when saving.

use chrono::{NaiveDateTime, NaiveTime};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::app::{App, DialogPurpose, Mode};
use super::msg::Effect;
use crate::core::{Dose, DoseEntry, journal};

/// Longest product name or note the dialog takes.
const TEXT_MAX: usize = 80;

/// Which field of the amount dialog has the keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Field {
    #[default]
    Amount,
    Time,
    Product,
    Note,
}

impl Field {
    const ORDER: [Field; 4] = [Field::Amount, Field::Time, Field::Product, Field::Note];

    fn index(self) -> usize {
        match self {
            Field::Amount => 0,
            Field::Time => 1,
            Field::Product => 2,
            Field::Note => 3,
        }
    }

    fn moved(self, by: isize) -> Field {
        let i = self
            .index()
            .saturating_add_signed(by)
            .min(Field::ORDER.len() - 1);
        Field::ORDER[i]
    }

    pub fn label(self) -> &'static str {
        match self {
            Field::Amount => "Amount",
            Field::Time => "Time",
            Field::Product => "Product",
            Field::Note => "Note",
        }
    }
}

/// The optional fields of a dose being logged.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct DoseFields {
    pub focus: Field,
    /// `HH:MM`; empty: now.
    pub time: String,
    pub product: String,
    pub note: String,
    /// Products used before, the one used last first.
    pub products: Vec<String>,
}

impl DoseFields {
    /// Fresh fields for a new dose, offering the plan's products.
    pub fn new(app: &App) -> DoseFields {
        DoseFields {
            products: app
                .open_plan()
                .map(|o| journal::product_names(&o.plan))
                .unwrap_or_default(),
            ..DoseFields::default()
        }
    }

    /// The text of a field (the amount lives in the dialog's input).
    pub fn text(&self, field: Field) -> &str {
        match field {
            Field::Amount => "",
            Field::Time => &self.time,
            Field::Product => &self.product,
            Field::Note => &self.note,
        }
    }

    fn cycle_product(&mut self, by: isize) {
        if self.products.is_empty() {
            return;
        }
        let n = self.products.len() as isize;
        let next = match self.products.iter().position(|p| *p == self.product) {
            Some(i) => (i as isize + by).rem_euclid(n + 1),
            None if by > 0 => 0,
            None => n - 1,
        };
        self.product = usize::try_from(next)
            .ok()
            .and_then(|i| self.products.get(i))
            .cloned()
            .unwrap_or_default();
    }
}

fn logging(app: &App) -> bool {
    matches!(&app.mode, Mode::Dialog(d) if matches!(d.purpose, DialogPurpose::LogAmount { .. }))
}

/// Keys for the optional fields: `Some` when handled here, `None` for `amount.rs`.
pub fn on_key(app: &mut App, key: KeyEvent) -> Option<Vec<Effect>> {
    if !logging(app)
        || key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    {
        return None;
    }
    let fields = &mut app.dose_fields;
    match key.code {
        KeyCode::Tab | KeyCode::Down => fields.focus = fields.focus.moved(1),
        KeyCode::BackTab | KeyCode::Up => fields.focus = fields.focus.moved(-1),
        _ if fields.focus == Field::Amount => return None,
        KeyCode::Enter | KeyCode::Esc => return None,
        KeyCode::Left if fields.focus == Field::Product => fields.cycle_product(-1),
        KeyCode::Right if fields.focus == Field::Product => fields.cycle_product(1),
        KeyCode::Backspace => {
            match fields.focus {
                Field::Time => fields.time.pop(),
                Field::Product => fields.product.pop(),
                Field::Note => fields.note.pop(),
                Field::Amount => None,
            };
        }
        KeyCode::Char(c) if !c.is_control() => match fields.focus {
            Field::Time if (c.is_ascii_digit() || c == ':') && fields.time.len() < 5 => {
                fields.time.push(c);
            }
            Field::Product if fields.product.chars().count() < TEXT_MAX => fields.product.push(c),
            Field::Note if fields.note.chars().count() < TEXT_MAX => fields.note.push(c),
            Field::Time | Field::Product | Field::Note | Field::Amount => {}
        },
        _ => {}
    }
    if let Mode::Dialog(dialog) = &mut app.mode {
        dialog.error = None;
    }
    Some(Vec::new())
}

/// The instant the time field means: now when empty; else that time on today's plan day
/// (at 01:30 with `day_starts` 04:00, 23:00 is the evening before).
pub fn instant(app: &App) -> Result<NaiveDateTime, String> {
    let text = app.dose_fields.time.trim();
    if text.is_empty() {
        return Ok(app.now);
    }
    let time = NaiveTime::parse_from_str(text, "%H:%M")
        .map_err(|_| format!("time '{text}': write HH:MM, e.g. 08:30"))?;
    let Some(open) = app.open_plan() else {
        return Ok(app.now.date().and_time(time));
    };
    let at = open.plan.instant_on(open.plan.day_of(app.now), time);
    if at > app.now + chrono::Duration::minutes(5) {
        return Err(format!(
            "{text} has not come yet; log a dose once it is taken"
        ));
    }
    Ok(at)
}

/// The dose to log: the amount with the time, product and note of the fields.
pub fn entry(app: &App, slot: Option<u32>, amount: Dose) -> Result<DoseEntry, String> {
    let fields = &app.dose_fields;
    let text = |s: &str| {
        let t = s.trim();
        (!t.is_empty()).then(|| t.into())
    };
    Ok(DoseEntry {
        slot,
        product: text(&fields.product),
        note: text(&fields.note),
        ..DoseEntry::new(instant(app)?, amount)
    })
}
