//! Check-ins: how a plan day felt, six measures on a 0–10 scale and a note. One check-in
//! per plan day; recording another for the same day updates only the fields given.
//! Stored as `[[checkin]]` tables between the amendments and the `[[dose]]` log.

use std::fmt::Write as _;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use toml::Spanned;
use toml::value::Datetime;

use super::error::FileError;
use super::plan::Plan;
use super::plan_file::Ctx;

/// The highest rating of a measure (the lowest is 0).
pub const MAX: u8 = 10;

/// One measure of a check-in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Measure {
    Withdrawal,
    Pain,
    Craving,
    Mood,
    Sleep,
    /// How well the usual dose worked.
    Effect,
}

impl Measure {
    pub const ALL: [Measure; 6] = [
        Measure::Withdrawal,
        Measure::Pain,
        Measure::Craving,
        Measure::Mood,
        Measure::Sleep,
        Measure::Effect,
    ];

    /// The key in the file, the flag and the JSON field.
    pub fn name(self) -> &'static str {
        match self {
            Measure::Withdrawal => "withdrawal",
            Measure::Pain => "pain",
            Measure::Craving => "craving",
            Measure::Mood => "mood",
            Measure::Sleep => "sleep",
            Measure::Effect => "effect",
        }
    }

    /// What the rating asks, for forms and help.
    pub fn question(self) -> &'static str {
        match self {
            Measure::Withdrawal => "withdrawal (0 none, 10 severe)",
            Measure::Pain => "pain (0 none, 10 severe)",
            Measure::Craving => "craving (0 none, 10 strong)",
            Measure::Mood => "mood (0 low, 10 good)",
            Measure::Sleep => "sleep (0 poor, 10 good)",
            Measure::Effect => "how well the usual dose worked (0 not, 10 fully)",
        }
    }
}

/// One day's check-in: the measures given and a note.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize)]
pub struct CheckIn {
    #[serde(serialize_with = "date_text")]
    pub date: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub withdrawal: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pain: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub craving: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mood: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sleep: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effect: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

fn date_text<S: serde::Serializer>(date: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&date.to_string())
}

impl CheckIn {
    pub fn new(date: NaiveDate) -> CheckIn {
        CheckIn {
            date,
            ..CheckIn::default()
        }
    }

    fn slot(&mut self, measure: Measure) -> &mut Option<u8> {
        match measure {
            Measure::Withdrawal => &mut self.withdrawal,
            Measure::Pain => &mut self.pain,
            Measure::Craving => &mut self.craving,
            Measure::Mood => &mut self.mood,
            Measure::Sleep => &mut self.sleep,
            Measure::Effect => &mut self.effect,
        }
    }

    pub fn get(&self, measure: Measure) -> Option<u8> {
        match measure {
            Measure::Withdrawal => self.withdrawal,
            Measure::Pain => self.pain,
            Measure::Craving => self.craving,
            Measure::Mood => self.mood,
            Measure::Sleep => self.sleep,
            Measure::Effect => self.effect,
        }
    }

    /// Set a measure (clamped to 0–10; `None` clears it).
    pub fn set(&mut self, measure: Measure, value: Option<u8>) {
        *self.slot(measure) = value.map(|v| v.min(MAX));
    }

    /// Nothing recorded: no measure and no note.
    pub fn is_empty(&self) -> bool {
        Measure::ALL.iter().all(|m| self.get(*m).is_none()) && self.note.is_none()
    }

    /// Take the fields `other` gives (a second check-in of the same day).
    pub fn update(&mut self, other: &CheckIn) {
        for m in Measure::ALL {
            if let Some(v) = other.get(m) {
                self.set(m, Some(v));
            }
        }
        if other.note.is_some() {
            self.note.clone_from(&other.note);
        }
    }

    /// `withdrawal 6 · pain 3 · note "…"`: the given fields, in order.
    pub fn summary(&self) -> String {
        let mut parts: Vec<String> = Measure::ALL
            .iter()
            .filter_map(|m| self.get(*m).map(|v| format!("{} {v}", m.name())))
            .collect();
        if let Some(note) = &self.note {
            parts.push(format!("note: {note}"));
        }
        parts.join(" · ")
    }
}

/// Record a check-in in a date-ordered list: a new day is inserted, an existing day
/// updated with the fields given. The day's check-in as it now stands.
pub fn record(list: &mut Vec<CheckIn>, checkin: &CheckIn) -> CheckIn {
    match list.binary_search_by_key(&checkin.date, |c| c.date) {
        Ok(i) => {
            list[i].update(checkin);
            list[i].clone()
        }
        Err(i) => {
            list.insert(i, checkin.clone());
            checkin.clone()
        }
    }
}

/// Put a day's check-in in place of the one it had (an empty check-in removes the day's).
/// A form's edit of a day's check-in, applied to the check-in as it is now: each field the
/// form changed from `before` (what it opened with) takes the form's value; every other
/// field keeps what is there now (another program may have set it meanwhile).
pub fn edit(now: Option<CheckIn>, before: Option<&CheckIn>, form: &CheckIn) -> CheckIn {
    let mut out = now.unwrap_or_else(|| CheckIn::new(form.date));
    let blank = CheckIn::new(form.date);
    let before = before.unwrap_or(&blank);
    for m in Measure::ALL {
        if form.get(m) != before.get(m) {
            out.set(m, form.get(m));
        }
    }
    if form.note != before.note {
        out.note.clone_from(&form.note);
    }
    out
}

/// Save a form's check-in into `plan` (`edit` of the day's check-in there, then `replace`).
/// Returns the day's check-in before (`None`: there was none) and the one saved.
pub fn apply(
    plan: &mut Plan,
    form: &CheckIn,
    before: Option<&CheckIn>,
) -> (Option<CheckIn>, CheckIn) {
    let previous = plan.checkin_on(form.date).cloned();
    let saved = edit(previous.clone(), before, form);
    replace(&mut plan.checkins, &saved);
    (previous, saved)
}

/// Put check-ins in date order (stable); one function for every caller (see
/// `plan::in_time_order`).
pub fn in_date_order(list: &mut [CheckIn]) {
    list.sort_by_key(|c| c.date);
}

/// Put a day's check-in in place of the one there (an empty one removes it).
pub fn replace(list: &mut Vec<CheckIn>, checkin: &CheckIn) {
    list.retain(|c| c.date != checkin.date);
    if !checkin.is_empty() {
        record(list, checkin);
    }
}

/// A `[[checkin]]` table as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCheckIn {
    date: Spanned<Datetime>,
    withdrawal: Option<Spanned<i64>>,
    pain: Option<Spanned<i64>>,
    craving: Option<Spanned<i64>>,
    mood: Option<Spanned<i64>>,
    sleep: Option<Spanned<i64>>,
    effect: Option<Spanned<i64>>,
    note: Option<String>,
}

impl RawCheckIn {
    /// The table's date, and where it is written.
    pub(super) fn date(&self, ctx: &Ctx) -> Result<(NaiveDate, std::ops::Range<usize>), FileError> {
        Ok((ctx.date(&self.date, "date")?, self.date.span()))
    }
}

/// Read the `[[checkin]]` tables; two of the same date merge (the later fields win).
pub(super) fn read(ctx: &Ctx, raw: &[RawCheckIn]) -> Result<Vec<CheckIn>, FileError> {
    let mut list = Vec::with_capacity(raw.len());
    for r in raw {
        let mut c = CheckIn::new(ctx.date(&r.date, "date")?);
        for (m, v) in [
            (Measure::Withdrawal, &r.withdrawal),
            (Measure::Pain, &r.pain),
            (Measure::Craving, &r.craving),
            (Measure::Mood, &r.mood),
            (Measure::Sleep, &r.sleep),
            (Measure::Effect, &r.effect),
        ] {
            if let Some(v) = v {
                let value = u8::try_from(*v.get_ref())
                    .ok()
                    .filter(|v| *v <= MAX)
                    .ok_or_else(|| {
                        ctx.error(
                            Some(v.span()),
                            format!(
                                "{} = {} is not a rating from 0 to 10",
                                m.name(),
                                v.get_ref()
                            ),
                            Some("ratings are whole numbers from 0 to 10"),
                        )
                    })?;
                c.set(m, Some(value));
            }
        }
        c.note.clone_from(&r.note);
        record(&mut list, &c);
    }
    Ok(list)
}

/// The check-ins as `[[checkin]]` tables.
pub fn render(list: &[CheckIn]) -> String {
    let mut out = String::new();
    for c in list {
        let _ = writeln!(out, "\n[[checkin]]");
        let _ = writeln!(out, "date = {}", c.date);
        for m in Measure::ALL {
            if let Some(v) = c.get(m) {
                let _ = writeln!(out, "{} = {v}", m.name());
            }
        }
        if let Some(note) = &c.note {
            let _ = writeln!(out, "note = {}", toml_edit::Value::from(note.as_str()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, 1, d).unwrap()
    }

    #[test]
    fn a_second_check_in_updates_only_the_fields_given() {
        let mut list = Vec::new();
        let mut first = CheckIn::new(day(5));
        first.set(Measure::Withdrawal, Some(6));
        first.set(Measure::Pain, Some(3));
        record(&mut list, &first);
        let mut second = CheckIn::new(day(5));
        second.set(Measure::Pain, Some(4));
        second.note = Some("slept badly".into());
        let now = record(&mut list, &second);
        assert_eq!(list.len(), 1);
        assert_eq!(now.withdrawal, Some(6));
        assert_eq!(now.pain, Some(4));
        assert_eq!(now.note.as_deref(), Some("slept badly"));
        let mut earlier = CheckIn::new(day(3));
        earlier.set(Measure::Mood, Some(20));
        record(&mut list, &earlier);
        assert_eq!(list[0].date, day(3));
        assert_eq!(list[0].mood, Some(MAX), "clamped to 10");
    }

    #[test]
    fn summary_lists_the_given_fields_in_order() {
        let mut c = CheckIn::new(day(5));
        assert!(c.is_empty());
        c.set(Measure::Effect, Some(7));
        c.set(Measure::Withdrawal, Some(2));
        assert_eq!(c.summary(), "withdrawal 2 · effect 7");
    }

    #[test]
    fn a_form_edit_keeps_fields_set_meanwhile() {
        let date = NaiveDate::from_ymd_opt(2027, 1, 21).unwrap();
        let before = CheckIn {
            pain: Some(3),
            ..CheckIn::new(date)
        };
        // Another program added craving and a note after the form opened.
        let now = CheckIn {
            craving: Some(7),
            note: Some("rough night".into()),
            ..before.clone()
        };
        // The form changed pain and cleared nothing else.
        let form = CheckIn {
            pain: Some(5),
            ..before.clone()
        };
        let saved = edit(Some(now), Some(&before), &form);
        assert_eq!(saved.pain, Some(5));
        assert_eq!(saved.craving, Some(7));
        assert_eq!(saved.note.as_deref(), Some("rough night"));
        // Clearing a rating in the form clears it.
        let cleared = CheckIn {
            pain: None,
            ..before.clone()
        };
        assert_eq!(edit(Some(saved), Some(&before), &cleared).pain, None);
    }
}
