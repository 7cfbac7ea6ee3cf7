//! The plan: what a person set out to do, and how it changed since. The daily schedule is
//! derived from it (`schedule.rs`), never stored beside it.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use super::amend::Amendment;
use super::checkin::CheckIn;
use super::dose::Dose;
pub use super::segment::Segment;

mod dose_entry;
pub use dose_entry::{DoseEntry, Text, in_time_order};

/// How the doses step down from the start dose to the target. The one method type: the
/// plan file, `taper new --method` (clap) and the wizard all use it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Method {
    /// Equal absolute cuts per step.
    #[default]
    Linear,
    /// Each step cuts P % of the current dose.
    Percent,
    /// Equal steps of receptor occupancy: smaller cuts near the end.
    Hyperbolic,
    /// Explicit steps from --steps.
    Ladder,
}

impl Method {
    pub const ALL: [Method; 4] = [
        Method::Linear,
        Method::Percent,
        Method::Hyperbolic,
        Method::Ladder,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Method::Linear => "linear",
            Method::Percent => "percent",
            Method::Hyperbolic => "hyperbolic",
            Method::Ladder => "ladder",
        }
    }

    pub fn parse(text: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.name() == text)
    }
}

/// A method with its parameters: the curve the doses follow.
#[derive(Clone, Debug, PartialEq)]
pub enum Curve {
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

impl Curve {
    pub fn kind(&self) -> Method {
        match self {
            Curve::Linear => Method::Linear,
            Curve::Percent { .. } => Method::Percent,
            Curve::Hyperbolic { .. } => Method::Hyperbolic,
            Curve::Ladder { .. } => Method::Ladder,
        }
    }

    pub fn name(&self) -> &'static str {
        self.kind().name()
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, clap::ValueEnum)]
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

/// Limits a plan must keep, in one place for the file, the CLI and the wizard.
pub mod limits {
    use std::ops::RangeInclusive;

    /// Longest plan file name (letters, digits, `-`, `_`).
    pub const NAME_LEN: usize = 64;
    /// Doses a day.
    pub const DOSES_PER_DAY: RangeInclusive<u32> = 1..=24;

    /// A percent cut per step: above 0 and below 100.
    pub fn percent_ok(percent: f64) -> bool {
        percent.is_finite() && percent > 0.0 && percent < 100.0
    }
}

/// A whole plan file: who and what, the plan as first made (`[plan]`), the dated changes
/// made to it since (`[[amendment]]`), and the dose log.
///
/// The `[plan]` table is reached through `Deref`: `plan.start`, `plan.round_to`, …
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// Display name (the file name is the plan's handle on the command line).
    pub name: String,
    pub substance: String,
    pub class: Class,
    pub unit: String,
    /// The `[plan]` table: the taper as first planned.
    pub base: Segment,
    /// Dosage forms the doses are made from (`[[form]]` tables; plan-level).
    pub forms: Vec<super::forms::Form>,
    /// Holds, resumes, re-plans and breaks, in date order.
    pub amendments: Vec<Amendment>,
    /// How the days felt (`[[checkin]]`), one per plan day, in date order.
    pub checkins: Vec<CheckIn>,
    /// The log, in time order (stable for equal times): `plan_file::parse` sorts it,
    /// `add_entry` keeps it so, and lookups by day rely on it.
    pub doses: Vec<DoseEntry>,
    /// Years whose check-ins and doses are kept in files of their own beside the plan file
    /// (`NAME.YYYY.toml`; see `store::years`), in order. `store::load` puts their entries in
    /// `checkins` and `doses` with the others; `plan_file::parse` of the plan file alone
    /// leaves them out.
    pub log_years: Vec<i32>,
}

impl std::ops::Deref for Plan {
    type Target = Segment;
    fn deref(&self) -> &Segment {
        &self.base
    }
}

impl std::ops::DerefMut for Plan {
    fn deref_mut(&mut self) -> &mut Segment {
        &mut self.base
    }
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
    /// A plan with no amendments and an empty log.
    pub fn new(name: &str, substance: &str, class: Class, unit: &str, base: Segment) -> Plan {
        Plan {
            name: name.to_string(),
            substance: substance.to_string(),
            class,
            unit: unit.to_string(),
            base,
            forms: Vec::new(),
            amendments: Vec::new(),
            checkins: Vec::new(),
            doses: Vec::new(),
            log_years: Vec::new(),
        }
    }

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
        self.log_of(date).iter().collect()
    }

    /// The entries of a plan day as a slice of the log, found by binary search (the log is
    /// kept in time order: see `doses`), so drawing a day costs the same in any log.
    fn log_of(&self, date: NaiveDate) -> &[DoseEntry] {
        let from = self.instant_on(date, self.day_starts);
        let to = from + chrono::Duration::days(1);
        let first = self.doses.partition_point(|e| e.at < from);
        let last = first + self.doses[first..].partition_point(|e| e.at < to);
        &self.doses[first..last]
    }

    /// Total logged on a day, or `None` when nothing was logged that day.
    pub fn taken_on(&self, date: NaiveDate) -> Option<Dose> {
        let entries = self.log_of(date);
        (!entries.is_empty()).then(|| entries.iter().map(|e| e.amount).sum())
    }

    /// A copy with the log only from plan day `since` on: what a look at the last days
    /// needs (a safety check before a save), without copying years of log.
    pub fn recent_copy(&self, since: NaiveDate) -> Plan {
        let from = self.instant_on(since, self.day_starts);
        let first = self.doses.partition_point(|e| e.at < from);
        Plan {
            checkins: self.checkins.clone(),
            doses: self.doses[first..].to_vec(),
            ..self.without_log()
        }
    }

    /// A copy with an empty log (where the log is kept, `log_years`, is kept).
    pub fn without_log(&self) -> Plan {
        Plan {
            name: self.name.clone(),
            substance: self.substance.clone(),
            class: self.class,
            unit: self.unit.clone(),
            base: self.base.clone(),
            forms: self.forms.clone(),
            amendments: self.amendments.clone(),
            checkins: Vec::new(),
            doses: Vec::new(),
            log_years: self.log_years.clone(),
        }
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

    /// Add an amendment, keeping them in date order (after others of the same date).
    pub fn add_amendment(&mut self, amendment: Amendment) {
        let index = self
            .amendments
            .partition_point(|a| a.from <= amendment.from);
        self.amendments.insert(index, amendment);
    }

    /// The check-in of a plan day, if any.
    pub fn checkin_on(&self, date: NaiveDate) -> Option<&CheckIn> {
        self.checkins
            .binary_search_by_key(&date, |c| c.date)
            .ok()
            .map(|i| &self.checkins[i])
    }

    /// Record a check-in (a second one of a day updates the fields given); the day's
    /// check-in as it now stands.
    pub fn record_checkin(&mut self, checkin: &CheckIn) -> CheckIn {
        super::checkin::record(&mut self.checkins, checkin)
    }

    /// Whether two plans differ only in their logs (doses and check-ins) (without copying either log).
    pub fn same_apart_from_log(&self, other: &Plan) -> bool {
        self.log_years == other.log_years && self.same_facts(other)
    }

    /// The same plan, whatever its log and wherever that is kept (`log_years`).
    pub fn same_facts(&self, other: &Plan) -> bool {
        // Destructured, so a new field cannot be forgotten here.
        let Plan {
            name,
            substance,
            class,
            unit,
            base,
            forms,
            amendments,
            checkins: _,
            doses: _,
            log_years: _,
        } = self;
        *name == other.name
            && *substance == other.substance
            && *class == other.class
            && *unit == other.unit
            && *base == other.base
            && *forms == other.forms
            && *amendments == other.amendments
    }

    /// Whether two plans differ only in their doses: the case where the text above the
    /// `[[dose]]` tables (check-ins included) can be kept as it is.
    pub fn same_apart_from_doses(&self, other: &Plan) -> bool {
        self.same_apart_from_log(other) && self.checkins == other.checkins
    }

    /// Check the whole plan: names, the `[plan]` table and every amendment.
    pub fn validate(&self) -> Result<(), super::error::PlanError> {
        use super::error::PlanError;
        if self.name.trim().is_empty() {
            return Err(PlanError::EmptyName);
        }
        if self.unit.trim().is_empty() {
            return Err(PlanError::EmptyUnit);
        }
        super::forms::validate(&self.forms)?;
        self.base.validate()?;
        super::amend::validate(self)
    }
}

#[cfg(test)]
mod tests;
