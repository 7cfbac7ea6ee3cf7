//! Planned against actual: pure functions over a schedule and a log.

use chrono::NaiveDate;

use super::dose::Dose;
use super::plan::Plan;
use super::schedule::{Schedule, StepKind};

/// One day of the plan with what was logged (if anything).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DayRecord {
    pub date: NaiveDate,
    pub step: u32,
    pub target: Dose,
    pub taken: Option<Dose>,
    /// Held or on a break (judged against the amended target like any other day).
    pub kind: StepKind,
    /// A scheduled day off (target 0).
    pub off: bool,
}

impl DayRecord {
    /// At or under the target (only for logged days; a dose on a day off is neither).
    pub fn within_target(&self) -> Option<bool> {
        if self.off {
            return None;
        }
        self.taken.map(|t| t <= self.target)
    }
}

/// Every day of the plan, start to end, with its log total.
pub fn records(plan: &Plan, schedule: &Schedule) -> Vec<DayRecord> {
    // The log is in time order, so its day totals come in date order: one walk along
    // the log beside the days, no map.
    let mut log = plan.doses.iter().peekable();
    schedule
        .days()
        .map(|d| {
            while log.next_if(|e| plan.day_of(e.at) < d.date).is_some() {}
            let mut taken: Option<Dose> = None;
            while let Some(e) = log.next_if(|e| plan.day_of(e.at) == d.date) {
                taken = Some(taken.unwrap_or_default() + e.amount);
            }
            DayRecord {
                date: d.date,
                step: d.step,
                target: d.target,
                taken,
                kind: d.kind,
                off: d.off,
            }
        })
        .collect()
}

/// Totals over a span of days up to `today`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Summary {
    /// Days of the plan so far (start..=today, within the plan).
    pub days_on_plan: usize,
    pub days_logged: usize,
    pub days_within: usize,
    pub days_over: usize,
    pub planned_total: Dose,
    pub taken_total: Dose,
}

impl Summary {
    /// Share of logged days at or under target, 0–100.
    pub fn adherence_percent(&self) -> Option<f64> {
        (self.days_logged > 0).then(|| 100.0 * self.days_within as f64 / self.days_logged as f64)
    }
}

/// Sum up the records dated up to `today`.
pub fn summarize(records: &[DayRecord], today: NaiveDate) -> Summary {
    let mut s = Summary::default();
    for r in records.iter().filter(|r| r.date <= today) {
        s.days_on_plan += 1;
        s.planned_total = s.planned_total + r.target;
        if let Some(taken) = r.taken {
            s.taken_total = s.taken_total + taken;
            // A dose on a day off is recorded, not judged against the target.
            if r.off {
                continue;
            }
            s.days_logged += 1;
            if taken <= r.target {
                s.days_within += 1;
            } else {
                s.days_over += 1;
            }
        }
    }
    s
}

/// One week (7 days from the plan's start) of the summary table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Week {
    pub number: usize,
    pub start: NaiveDate,
    pub summary: Summary,
}

/// Weekly summaries for the weeks that have begun by `today`.
pub fn weeks(records: &[DayRecord], today: NaiveDate) -> Vec<Week> {
    records
        .chunks(7)
        .enumerate()
        .filter(|(_, chunk)| chunk.first().is_some_and(|r| r.date <= today))
        .map(|(i, chunk)| Week {
            number: i + 1,
            start: chunk[0].date,
            summary: summarize(chunk, today),
        })
        .collect()
}

/// Week `index` (from 0) of `weeks`, without the others.
pub fn week_at(records: &[DayRecord], index: usize, today: NaiveDate) -> Option<Week> {
    let chunk = records.chunks(7).nth(index)?;
    (chunk[0].date <= today).then(|| Week {
        number: index + 1,
        start: chunk[0].date,
        summary: summarize(chunk, today),
    })
}

/// How many weeks `weeks` gives, without building the records.
pub fn week_count(schedule: &Schedule, today: NaiveDate) -> usize {
    let Ok(begun) = usize::try_from((today - schedule.start).num_days()) else {
        return 0;
    };
    (begun / 7 + 1).min(schedule.day_count().div_ceil(7))
}

/// How far the dose has come down from the start, in %: by the current target, and by the
/// most recent logged day.
pub fn reduction(
    plan: &Plan,
    schedule: &Schedule,
    records: &[DayRecord],
    today: NaiveDate,
) -> (f64, Option<f64>) {
    let start = plan.start_dose.micros().max(1) as f64;
    let percent = |dose: Dose| 100.0 * (1.0 - dose.micros() as f64 / start);
    let target = schedule.day(today).map_or(plan.start_dose, |d| d.target);
    let last_logged = records
        .iter()
        .rev()
        .filter(|r| r.date <= today)
        .find_map(|r| r.taken);
    (percent(target), last_logged.map(percent))
}

/// After a taper to 0: the days without a logged dose so far (from the end date to
/// `today`, a day with a dose starting a new count) and the longest such run. `None`
/// before the end, or when the target is above 0.
pub fn free_days(plan: &Plan, schedule: &Schedule, today: NaiveDate) -> Option<(u32, u32)> {
    let target = schedule.steps.last()?.dose;
    if !target.is_zero() || today < schedule.end {
        return None;
    }
    let logged: std::collections::BTreeSet<NaiveDate> = plan
        .doses
        .iter()
        .map(|e| plan.day_of(e.at))
        .filter(|d| *d >= schedule.end && *d <= today)
        .collect();
    let (mut run, mut longest) = (0u32, 0u32);
    for date in schedule.end.iter_days().take_while(|d| *d <= today) {
        if logged.contains(&date) {
            run = 0;
        } else {
            run += 1;
            longest = longest.max(run);
        }
    }
    Some((run, longest))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::DoseEntry;

    #[test]
    fn week_count_and_week_at_agree_with_weeks() {
        let text = include_str!("../../tests/fixtures/valid/minimal.toml");
        let plan = crate::core::plan_file::parse(std::path::Path::new("m.toml"), text).unwrap();
        let schedule = crate::core::schedule::build(&plan, plan.start).unwrap();
        let records = records(&plan, &schedule);
        for offset in -3..(schedule.day_count() as i64 + 20) {
            let today = plan.start + chrono::Duration::days(offset);
            let all = weeks(&records, today);
            assert_eq!(week_count(&schedule, today), all.len(), "{today}");
            // Each week alone is the same as among all of them, and there is none after.
            for (i, week) in all.iter().enumerate() {
                assert_eq!(week_at(&records, i, today).as_ref(), Some(week), "{today}");
            }
            assert_eq!(week_at(&records, all.len(), today), None, "{today}");
        }
    }

    #[test]
    fn free_days_count_from_the_end_and_restart_after_a_dose() {
        let text = include_str!("../../tests/fixtures/valid/minimal.toml");
        let mut plan = crate::core::plan_file::parse(std::path::Path::new("m.toml"), text).unwrap();
        let schedule = crate::core::schedule::build(&plan, plan.start).unwrap();
        let end = schedule.end;
        let day = |n: u64| end + chrono::Days::new(n);
        assert_eq!(
            free_days(&plan, &schedule, end - chrono::Days::new(1)),
            None
        );
        assert_eq!(free_days(&plan, &schedule, end), Some((1, 1)));
        assert_eq!(free_days(&plan, &schedule, day(4)), Some((5, 5)));
        plan.add_entry(DoseEntry::new(
            day(5).and_hms_opt(9, 0, 0).unwrap(),
            Dose::from_units(1),
        ));
        assert_eq!(free_days(&plan, &schedule, day(5)), Some((0, 5)));
        assert_eq!(free_days(&plan, &schedule, day(7)), Some((2, 5)));
    }

    proptest::proptest! {
        /// Each day's taken total is the sum of the entries of that plan day, whatever the
        /// day start, and days without an entry have none (before, during, after the plan).
        #[test]
        fn each_day_takes_the_sum_of_its_entries(
            day_starts in 0u32..6,
            entries in proptest::collection::vec((-3i64..40, 0u32..24, 1i64..9), 0..60),
        ) {
            let text = include_str!("../../tests/fixtures/valid/minimal.toml");
            let mut plan = crate::core::plan_file::parse(std::path::Path::new("m.toml"), text).unwrap();
            plan.base.day_starts = chrono::NaiveTime::from_hms_opt(day_starts, 0, 0).unwrap();
            for (day, hour, units) in &entries {
                let at = (plan.start + chrono::Duration::days(*day)).and_hms_opt(*hour, 0, 0).unwrap();
                plan.add_entry(DoseEntry::new(at, Dose::from_units(*units)));
            }
            let schedule = crate::core::schedule::build(&plan, plan.start).unwrap();
            for r in records(&plan, &schedule) {
                let on_day: Vec<Dose> = plan
                    .doses
                    .iter()
                    .filter(|e| plan.day_of(e.at) == r.date)
                    .map(|e| e.amount)
                    .collect();
                let expected = (!on_day.is_empty()).then(|| on_day.iter().copied().sum::<Dose>());
                proptest::prop_assert_eq!(r.taken, expected, "{}", r.date);
            }
        }
    }
}
