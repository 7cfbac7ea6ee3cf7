//! A step-size audit against guideline paces. Warnings are data; the CLI and the TUI word
//! them. Runs on the rounded schedule, because rounding is what makes late steps large.

use chrono::NaiveDate;

use super::dose::Dose;
use super::plan::{Class, Plan};
use super::schedule::Schedule;

/// A guideline pace: at most `percent` % of the current dose every `days` days.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pace {
    pub percent: f64,
    pub days: u32,
    pub source: &'static str,
}

/// The pace the literature suggests for a class (none for "other").
pub fn guideline(class: Class) -> Option<Pace> {
    let pace = |percent, days, source| {
        Some(Pace {
            percent,
            days,
            source,
        })
    };
    match class {
        Class::Opioid => pace(10.0, 30, "CDC 2022, long-term opioids: about 10 % a month"),
        Class::Kratom => pace(10.0, 7, "after weeks of use: about 10 % a week"),
        Class::Benzodiazepine => pace(10.0, 14, "ASAM: 5–10 % every 2–4 weeks"),
        Class::Antidepressant => pace(10.0, 30, "hyperbolic tapering: about 10 % a month"),
        Class::Stimulant => pace(25.0, 7, "caffeine: about 25 % a week"),
        Class::Other => None,
    }
}

/// Something worth a second look before starting.
#[derive(Clone, Debug, PartialEq)]
pub enum Warning {
    /// Steps that cut faster than the guideline pace (measured from when the dose before
    /// began, so holds count); the steepest is described.
    FastSteps {
        count: usize,
        step: u32,
        date: NaiveDate,
        from: Dose,
        to: Dose,
        percent: f64,
        days: u32,
        pace: Pace,
    },
    /// The last step before the target stops from a high dose.
    AbruptEnd { from: Dose, percent_of_start: f64 },
}

impl Warning {
    pub fn message(&self, unit: &str) -> String {
        match self {
            Warning::FastSteps {
                count,
                step,
                date,
                from,
                to,
                percent,
                days,
                pace,
            } => format!(
                "{count} step(s) cut faster than the usual pace ({}). The steepest: step {step} on {date}, {from} → {to} {unit} ({percent:.0} % after {days} days). Smaller steps, or holds, are often easier.",
                pace.source
            ),
            Warning::AbruptEnd {
                from,
                percent_of_start,
            } => format!(
                "The last step stops from {from} {unit} ({percent_of_start:.0} % of the start dose). Stopping from a high dose is hard on the body; a few smaller final steps help."
            ),
        }
    }
}

/// Check a plan's schedule against its class's pace.
pub fn audit(plan: &Plan, schedule: &Schedule) -> Vec<Warning> {
    let mut warnings = Vec::new();
    let steps = &schedule.steps;
    let last = steps.len().saturating_sub(1);
    if let Some(pace) = guideline(plan.class) {
        let mut worst: Option<(f64, Warning)> = None;
        let mut count = 0;
        // When the current dose began: a hold (steps of equal dose) counts as one long step.
        let mut held_since = schedule.start;
        for k in 1..last {
            let (prev, next) = (steps[k - 1], steps[k]);
            if next.dose >= prev.dose {
                continue;
            }
            let since = std::mem::replace(&mut held_since, next.start);
            if prev.dose.is_zero() {
                continue;
            }
            let days = (next.start - since).num_days().max(1) as u32;
            let percent = 100.0 * prev.dose.diff(next.dose) as f64 / prev.dose.micros() as f64;
            // Allowed: the pace scaled to how long the previous dose was held, plus slack
            // for rounding to a measurable unit.
            let allowed = pace.percent * f64::from(days) / f64::from(pace.days) * 1.25;
            let ratio = percent / allowed.max(0.1);
            if ratio > 1.0 {
                count += 1;
                if worst.as_ref().is_none_or(|(r, _)| ratio > *r) {
                    let warning = Warning::FastSteps {
                        count: 0,
                        step: next.number,
                        date: next.start,
                        from: prev.dose,
                        to: next.dose,
                        percent,
                        days,
                        pace,
                    };
                    worst = Some((ratio, warning));
                }
            }
        }
        if let Some((_, mut warning)) = worst {
            if let Warning::FastSteps { count: total, .. } = &mut warning {
                *total = count;
            }
            warnings.push(warning);
        }
    }
    if last >= 1 && plan.target_dose.is_zero() && !plan.start_dose.is_zero() {
        let from = steps[last - 1].dose;
        let percent_of_start = 100.0 * from.micros() as f64 / plan.start_dose.micros() as f64;
        if percent_of_start > 25.0 {
            warnings.push(Warning::AbruptEnd {
                from,
                percent_of_start,
            });
        }
    }
    warnings
}

/// Whether the total logged on `date` is well above what was taken on the days before it:
/// after days at a lower dose, tolerance may have dropped, and an old dose can be too much.
/// True when at least 3 of the 7 days before were logged and `date`'s total is more than
/// 25 % above the highest of them.
pub fn above_recent_intake(plan: &Plan, date: NaiveDate) -> bool {
    let Some(today) = plan.taken_on(date) else {
        return false;
    };
    let recent: Vec<Dose> = (1..=7)
        .filter_map(|back| date.checked_sub_days(chrono::Days::new(back)))
        .filter_map(|d| plan.taken_on(d))
        .collect();
    let Some(highest) = recent.iter().max().copied() else {
        return false;
    };
    recent.len() >= 3 && today.micros() * 4 > highest.micros() * 5
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::plan::DoseEntry;

    fn plan_with(totals: &[(u32, &str)]) -> Plan {
        let text = include_str!("../../tests/fixtures/valid/minimal.toml");
        let mut plan = crate::core::plan_file::parse(std::path::Path::new("m.toml"), text).unwrap();
        for (day, amount) in totals {
            let at =
                plan.start.and_hms_opt(9, 0, 0).unwrap() + chrono::Duration::days(i64::from(*day));
            plan.add_entry(DoseEntry::new(at, amount.parse().unwrap()));
        }
        plan
    }

    #[test]
    fn warns_when_a_day_jumps_above_recent_intake() {
        let date = |day: u64| plan_with(&[]).start + chrono::Days::new(day);
        let plan = plan_with(&[(0, "6"), (1, "6"), (2, "5"), (3, "8")]);
        assert!(above_recent_intake(&plan, date(3)));
        let steady = plan_with(&[(0, "6"), (1, "6"), (2, "5"), (3, "7")]);
        assert!(!above_recent_intake(&steady, date(3)));
        // Too few days logged before to judge.
        let sparse = plan_with(&[(1, "5"), (3, "9")]);
        assert!(!above_recent_intake(&sparse, date(3)));
    }

    #[test]
    fn holds_slow_the_pace_down() {
        // 0.75 held four weeks (four equal steps), then 0.5: a third less after 28 days is within
        // 10 % a week; 0.5 → 0.25 after one week is not.
        let text = include_str!("../../tests/fixtures/valid/minimal.toml")
            .replace("name = \"minimal\"", "name = \"m\"\nclass = \"kratom\"")
            .replace("start_dose = 10", "start_dose = 0.75\nmethod = \"ladder\"\nsteps = [{ dose = 0.75, days = 7 }, { dose = 0.75, days = 7 }, { dose = 0.75, days = 7 }, { dose = 0.75, days = 7 }, { dose = 0.5, days = 7 }, { dose = 0.25, days = 28 }]")
            .replace("end = 2027-02-01\n", "");
        let plan = crate::core::plan_file::parse(std::path::Path::new("m.toml"), &text).unwrap();
        let schedule = crate::core::schedule::build(&plan, plan.start).unwrap();
        let warnings = audit(&plan, &schedule);
        assert!(
            matches!(
                warnings.as_slice(),
                [
                    Warning::FastSteps {
                        count: 1,
                        step: 3,
                        days: 7,
                        ..
                    },
                    Warning::AbruptEnd { .. }
                ]
            ),
            "{warnings:?}"
        );
    }

    #[test]
    fn steep_linear_end_is_noted() {
        let text = include_str!("../../tests/fixtures/valid/minimal.toml")
            .replace("name = \"minimal\"", "name = \"m\"\nclass = \"opioid\"")
            .replace("end = 2027-02-01", "end = 2027-01-18");
        let plan = crate::core::plan_file::parse(std::path::Path::new("m.toml"), &text).unwrap();
        let schedule = crate::core::schedule::build(&plan, plan.start).unwrap();
        let warnings = audit(&plan, &schedule);
        assert!(
            matches!(warnings.first(), Some(Warning::FastSteps { .. })),
            "{warnings:?}"
        );
        assert!(
            warnings
                .iter()
                .any(|w| matches!(w, Warning::AbruptEnd { .. })),
            "{warnings:?}"
        );
        assert!(warnings[0].message("mg").contains("CDC 2022"));
    }
}
