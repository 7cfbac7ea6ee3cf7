//! The plan: what a person set out to do. The daily schedule is derived from it
//! (`schedule.rs`), never stored beside it.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use super::dose::Dose;

/// How the doses step down from the start dose to the target.
#[derive(Clone, Debug, PartialEq)]
pub enum Method {
    /// Equal absolute cuts per step.
    Linear,
    /// Each step cuts `percent` % of the current dose; goes to the target once the dose
    /// falls below one rounding unit (or 5 % of the start dose without rounding).
    Percent { percent: f64 },
    /// Equal steps of receptor occupancy, `Occ(D) = emax·D / (ed50 + D)`.
    Hyperbolic { emax: f64, ed50: Dose },
    /// Explicit steps, each a dose held for some days; the target follows the last one.
    Ladder { steps: Vec<LadderStep> },
}

impl Method {
    pub fn name(&self) -> &'static str {
        match self {
            Method::Linear => "linear",
            Method::Percent { .. } => "percent",
            Method::Hyperbolic { .. } => "hyperbolic",
            Method::Ladder { .. } => "ladder",
        }
    }
}

/// The default hyperbolic Emax (% occupancy), after Horowitz & Taylor 2019.
pub const DEFAULT_EMAX: f64 = 90.0;

/// The default ED50: an eighth of the start dose, which puts the start dose at about 80 %
/// of Emax — the shape of the curves in Horowitz & Taylor. Set `ed50` for the substance
/// when a clinician or the literature gives one.
pub fn default_ed50(start_dose: Dose) -> Dose {
    Dose::from_micros((start_dose.micros() / 8).max(1))
}

/// One rung of a ladder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LadderStep {
    pub dose: Dose,
    pub days: u32,
}

/// A broad class of substance; it picks the guideline pace the step audit compares with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Class {
    Opioid,
    Benzodiazepine,
    Antidepressant,
    Kratom,
    Stimulant,
    #[default]
    Other,
}

impl Class {
    pub const ALL: [Class; 6] = [
        Class::Opioid,
        Class::Benzodiazepine,
        Class::Antidepressant,
        Class::Kratom,
        Class::Stimulant,
        Class::Other,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Class::Opioid => "opioid",
            Class::Benzodiazepine => "benzodiazepine",
            Class::Antidepressant => "antidepressant",
            Class::Kratom => "kratom",
            Class::Stimulant => "stimulant",
            Class::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Option<Class> {
        Class::ALL.into_iter().find(|c| c.name() == text)
    }
}

/// One logged dose.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DoseEntry {
    pub at: NaiveDateTime,
    pub amount: Dose,
    pub product: Option<String>,
    pub note: Option<String>,
    /// The planned dose of that day this entry ticks off (1-based), when logged by a tick.
    pub slot: Option<u32>,
}

impl DoseEntry {
    pub fn new(at: NaiveDateTime, amount: Dose) -> DoseEntry {
        DoseEntry {
            at,
            amount,
            product: None,
            note: None,
            slot: None,
        }
    }
}

/// A whole plan file: the plan and its dose log.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// Display name (the file name is the plan's handle on the command line).
    pub name: String,
    pub substance: String,
    pub class: Class,
    pub unit: String,
    pub start: NaiveDate,
    pub start_dose: Dose,
    pub target_dose: Dose,
    /// The first day at the target dose.
    pub end: NaiveDate,
    pub method: Method,
    pub step_days: u32,
    pub round_to: Option<Dose>,
    pub doses_per_day: u32,
    /// Planned times of the day's doses (as many as `doses_per_day`).
    pub dose_times: Vec<NaiveTime>,
    /// When a plan day begins (00:00 unless set): with 04:00, a dose at 01:30 counts for
    /// the day before, as it does for someone still up from the evening.
    pub day_starts: NaiveTime,
    pub doses: Vec<DoseEntry>,
}

/// Evenly spread times from 08:00 to 20:00 (one dose: 08:00).
pub fn default_dose_times(count: u32) -> Vec<NaiveTime> {
    let count = count.max(1);
    let first = 8 * 60;
    let span = 12 * 60;
    (0..count)
        .map(|i| {
            let minutes = if count == 1 {
                first
            } else {
                first + span * i / (count - 1)
            };
            NaiveTime::from_hms_opt(minutes / 60, minutes % 60, 0).unwrap_or_default()
        })
        .collect()
}

/// The latest time a plan day may begin.
pub const LATEST_DAY_START: NaiveTime = match NaiveTime::from_hms_opt(12, 0, 0) {
    Some(t) => t,
    None => NaiveTime::MIN,
};

impl Plan {
    /// The plan day an instant belongs to (see `day_starts`).
    pub fn day_of(&self, at: NaiveDateTime) -> NaiveDate {
        (at - self.day_starts.signed_duration_since(NaiveTime::MIN)).date()
    }

    /// The instant a time of day means on a plan day (after midnight when the time is
    /// before `day_starts`).
    pub fn instant_on(&self, date: NaiveDate, time: NaiveTime) -> NaiveDateTime {
        let at = date.and_time(time);
        if time < self.day_starts {
            at + chrono::Duration::days(1)
        } else {
            at
        }
    }

    /// Log entries of a plan day, oldest first.
    pub fn entries_on(&self, date: NaiveDate) -> Vec<&DoseEntry> {
        let mut entries: Vec<&DoseEntry> = self
            .doses
            .iter()
            .filter(|e| self.day_of(e.at) == date)
            .collect();
        entries.sort_by_key(|e| e.at);
        entries
    }

    /// Total logged on a day, or `None` when nothing was logged that day.
    pub fn taken_on(&self, date: NaiveDate) -> Option<Dose> {
        let entries = self.entries_on(date);
        (!entries.is_empty()).then(|| entries.iter().map(|e| e.amount).sum())
    }

    /// Add an entry, keeping the log in time order (stable for equal times).
    pub fn add_entry(&mut self, entry: DoseEntry) {
        let index = self.doses.partition_point(|e| e.at <= entry.at);
        self.doses.insert(index, entry);
    }

    /// Remove one entry equal to `entry`; whether one was there.
    pub fn remove_entry(&mut self, entry: &DoseEntry) -> bool {
        match self.doses.iter().rposition(|e| e == entry) {
            Some(index) => {
                self.doses.remove(index);
                true
            }
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_times_spread_over_the_day() {
        let fmt = |n| {
            default_dose_times(n)
                .iter()
                .map(|t| t.format("%H:%M").to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(fmt(1), ["08:00"]);
        assert_eq!(fmt(3), ["08:00", "14:00", "20:00"]);
        assert_eq!(fmt(4), ["08:00", "12:00", "16:00", "20:00"]);
    }

    #[test]
    fn a_late_dose_counts_for_the_day_before_when_the_day_starts_later() {
        let text = include_str!("../../tests/fixtures/valid/minimal.toml");
        let mut plan = crate::core::plan_file::parse(std::path::Path::new("m.toml"), text).unwrap();
        let day = plan.start;
        let night = (day + chrono::Days::new(1)).and_hms_opt(1, 30, 0).unwrap();
        plan.add_entry(DoseEntry::new(night, crate::core::Dose::from_units(2)));
        assert_eq!(plan.day_of(night), day + chrono::Days::new(1));
        assert_eq!(plan.taken_on(day), None);
        plan.day_starts = NaiveTime::from_hms_opt(4, 0, 0).unwrap();
        assert_eq!(plan.day_of(night), day);
        assert_eq!(plan.taken_on(day), Some(crate::core::Dose::from_units(2)));
        assert_eq!(
            plan.instant_on(day, NaiveTime::from_hms_opt(1, 30, 0).unwrap()),
            night
        );
        let morning = NaiveTime::from_hms_opt(8, 0, 0).unwrap();
        assert_eq!(plan.instant_on(day, morning), day.and_time(morning));
    }

    #[test]
    fn class_names_round_trip() {
        for class in Class::ALL {
            assert_eq!(Class::parse(class.name()), Some(class));
        }
        assert_eq!(Class::parse("nope"), None);
    }
}
