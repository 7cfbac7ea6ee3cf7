//! A segment of a taper: from a start date and dose down to a target by an end date, with
//! the keys of a `[plan]` table. The `[plan]` table is the first segment; a re-plan starts
//! another one. Adding an optional `[plan]` key means a field here, its line in
//! `plan_table/mod.rs` (read) and `plan_write.rs` (written), and (if people set it from the
//! command line) a flag in `cli/args.rs`.

use chrono::{Days, NaiveDate, NaiveTime, Weekday};

use super::dose::Dose;
use super::error::PlanError;
use super::pattern::Pattern;
use super::plan::{Curve, LATEST_DAY_START, limits};

/// Plans longer than this are refused (about 20 years).
pub const MAX_DAYS: i64 = 7305;

/// The keys of a `[plan]` table (and of a `replan` amendment, which starts a new segment).
#[derive(Clone, Debug, PartialEq)]
pub struct Segment {
    pub start: NaiveDate,
    pub start_dose: Dose,
    pub target_dose: Dose,
    /// The first day at the target dose.
    pub end: NaiveDate,
    pub method: Curve,
    pub step_days: u32,
    pub round_to: Option<Dose>,
    pub doses_per_day: u32,
    /// Planned times of the day's doses (as many as `doses_per_day`; empty: the defaults).
    pub dose_times: Vec<NaiveTime>,
    /// When a plan day begins (00:00 unless set): with 04:00, a dose at 01:30 counts for
    /// the day before, as it does for someone still up from the evening.
    pub day_starts: NaiveTime,
    /// The plan's own ceiling: at most `max_cut` % of the current dose every `per_days`
    /// days (every step when `per_days` is not set). It replaces the class's paces in the
    /// audit.
    pub max_cut: Option<f64>,
    pub per_days: Option<u32>,
    /// Weekdays off (target 0), e.g. Mon and Thu.
    pub off_days: Vec<Weekday>,
    /// A cycle of days on and off, counted from the segment's start (e.g. 5on2off).
    pub pattern: Option<Pattern>,
    /// `[plan]` only: a dose sooner than this after the one before asks to confirm.
    pub min_gap_minutes: Option<u32>,
    /// `[plan]` only: the mean withdrawal rating at which a hold is suggested (default 6).
    pub hold_threshold: Option<u8>,
}

impl Default for Segment {
    /// The defaults of an optional key left out of a file (and of `taper new`).
    fn default() -> Segment {
        Segment {
            start: NaiveDate::default(),
            start_dose: Dose::ZERO,
            target_dose: Dose::ZERO,
            end: NaiveDate::default(),
            method: Curve::Linear,
            step_days: 7,
            round_to: None,
            doses_per_day: 1,
            dose_times: Vec::new(),
            day_starts: NaiveTime::MIN,
            max_cut: None,
            per_days: None,
            off_days: Vec::new(),
            pattern: None,
            min_gap_minutes: None,
            hold_threshold: None,
        }
    }
}

pub(crate) fn add_days(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_add_days(Days::new(days))
        .unwrap_or(NaiveDate::MAX)
}

/// The suggestion threshold when `hold_threshold` is not set.
pub const DEFAULT_HOLD_THRESHOLD: u8 = 6;

impl Segment {
    /// Whether a date is a scheduled day off in this segment.
    pub fn is_off(&self, date: NaiveDate) -> bool {
        super::pattern::is_off(&self.off_days, self.pattern, self.start, date)
    }

    /// The withdrawal rating at which a hold is suggested.
    pub fn hold_threshold(&self) -> u8 {
        self.hold_threshold.unwrap_or(DEFAULT_HOLD_THRESHOLD)
    }

    /// The end date a ladder implies: the start plus the days of all its steps.
    pub fn ladder_end(&self) -> Option<NaiveDate> {
        match &self.method {
            Curve::Ladder { steps } => Some(add_days(
                self.start,
                steps.iter().map(|s| u64::from(s.days)).sum(),
            )),
            Curve::Linear | Curve::Percent { .. } | Curve::Hyperbolic { .. } => None,
        }
    }

    /// Check the numbers; the first problem found.
    pub fn validate(&self) -> Result<(), PlanError> {
        if self.target_dose > self.start_dose {
            return Err(PlanError::TargetAboveStart {
                start: self.start_dose,
                target: self.target_dose,
            });
        }
        if self.step_days == 0 {
            return Err(PlanError::StepDays);
        }
        if !limits::DOSES_PER_DAY.contains(&self.doses_per_day) {
            return Err(PlanError::DosesPerDay(self.doses_per_day));
        }
        if !self.dose_times.is_empty() && self.dose_times.len() != self.doses_per_day as usize {
            return Err(PlanError::DoseTimes {
                count: self.dose_times.len(),
                per_day: self.doses_per_day,
            });
        }
        if self.round_to.is_some_and(Dose::is_zero) {
            return Err(PlanError::RoundTo);
        }
        let ceiling_ok = match (self.max_cut, self.per_days) {
            (Some(p), per) => p.is_finite() && p > 0.0 && p <= 100.0 && per != Some(0),
            (None, per) => per.is_none(),
        };
        if !ceiling_ok {
            return Err(PlanError::MaxCut {
                max_cut: self.max_cut,
                per_days: self.per_days,
            });
        }
        if self.day_starts > LATEST_DAY_START {
            return Err(PlanError::DayStarts(self.day_starts));
        }
        self.validate_curve()?;
        if self.end <= self.start {
            return Err(PlanError::EndNotAfterStart {
                start: self.start,
                end: self.end,
            });
        }
        let days = (self.end - self.start).num_days();
        if days > MAX_DAYS {
            return Err(PlanError::TooLong {
                days,
                max: MAX_DAYS,
            });
        }
        Ok(())
    }

    fn validate_curve(&self) -> Result<(), PlanError> {
        match &self.method {
            Curve::Linear => {}
            Curve::Percent { percent } => {
                if !limits::percent_ok(*percent) {
                    return Err(PlanError::Percent(*percent));
                }
            }
            Curve::Hyperbolic { emax, ed50 } => {
                if !(emax.is_finite() && *emax > 0.0 && *emax <= 100.0) {
                    return Err(PlanError::Emax(*emax));
                }
                if ed50.is_zero() {
                    return Err(PlanError::Ed50);
                }
            }
            Curve::Ladder { steps } => {
                let first = steps.first().ok_or(PlanError::LadderEmpty)?;
                if first.dose != self.start_dose {
                    return Err(PlanError::LadderStart {
                        first: first.dose,
                        start: self.start_dose,
                    });
                }
                for (i, pair) in steps.iter().enumerate() {
                    let index = i + 1;
                    if pair.days == 0 {
                        return Err(PlanError::LadderDays { index });
                    }
                    if pair.dose < self.target_dose {
                        return Err(PlanError::LadderBelowTarget {
                            index,
                            dose: pair.dose,
                            target: self.target_dose,
                        });
                    }
                    if i > 0 && pair.dose > steps[i - 1].dose {
                        return Err(PlanError::LadderRises {
                            index,
                            dose: pair.dose,
                        });
                    }
                }
                let derived = self.ladder_end().unwrap_or(self.end);
                if derived != self.end {
                    return Err(PlanError::LadderEnd {
                        given: self.end,
                        derived,
                    });
                }
            }
        }
        Ok(())
    }
}
