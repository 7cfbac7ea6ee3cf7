//! Exports and the clinician report: pure builders from a plan, its schedule and its log
//! to text (csv, json, ics, md, html). Nothing here reads files or the clock; the caller
//! passes `today`, the time stamp and the range.

pub mod checkins;
pub mod csv;
pub mod html;
pub mod ics;
pub mod json;
pub mod md;
pub mod steps;
pub mod svg;
pub mod weekly;

use chrono::{NaiveDate, NaiveDateTime};

pub use checkins::{Checkins, Scores};

use super::dose::Dose;
use super::plan::{DoseEntry, Plan};
use super::progress::{self, DayRecord};
use super::schedule::Schedule;

/// Everything an export is built from.
pub struct Report<'a> {
    pub plan: &'a Plan,
    pub schedule: &'a Schedule,
    /// The plan day of now.
    pub today: NaiveDate,
    /// Now (local time): the calendar's DTSTAMP, the report's "made on".
    pub now: NaiveDateTime,
    /// First and last day exported (inclusive).
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The check-ins of each day (the plan's own, `[[checkin]]`).
    pub checkins: &'a dyn Checkins,
}

/// Taken − target on a day with a log; none on a day off (a dose there is recorded, not
/// judged against the target).
pub fn difference(record: &DayRecord) -> Option<Dose> {
    record
        .taken
        .filter(|_| !record.off)
        .map(|t| Dose::from_micros(t.diff(record.target)))
}

impl<'a> Report<'a> {
    /// A report of the whole plan (start to end, or to today when that is later), with the
    /// plan's check-ins; narrow it with `from`/`to`.
    pub fn new(
        plan: &'a Plan,
        schedule: &'a Schedule,
        today: NaiveDate,
        now: NaiveDateTime,
    ) -> Report<'a> {
        Report {
            plan,
            schedule,
            today,
            now,
            from: schedule.start,
            to: schedule.end,
            checkins: plan,
        }
    }

    /// Every day of the schedule within the range, with its log total.
    pub fn records(&self) -> Vec<DayRecord> {
        progress::records(self.plan, self.schedule)
            .into_iter()
            .filter(|r| self.contains(r.date))
            .collect()
    }

    /// The logged doses on plan days within the range, in time order.
    pub fn doses(&self) -> Vec<&'a DoseEntry> {
        let plan = self.plan;
        plan.doses
            .iter()
            .filter(|e| self.contains(plan.day_of(e.at)))
            .collect()
    }

    pub fn contains(&self, date: NaiveDate) -> bool {
        date >= self.from && date <= self.to
    }
}
