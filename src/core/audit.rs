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
    /// Steps that cut faster than the guideline pace; the steepest is described.
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
        for k in 1..last {
            let (prev, next) = (steps[k - 1], steps[k]);
            if prev.dose.is_zero() || next.dose >= prev.dose {
                continue;
            }
            let days = (next.start - prev.start).num_days().max(1) as u32;
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
        if let Some((
            _,
            Warning::FastSteps {
                step,
                date,
                from,
                to,
                percent,
                days,
                pace,
                ..
            },
        )) = worst
        {
            warnings.push(Warning::FastSteps {
                count,
                step,
                date,
                from,
                to,
                percent,
                days,
                pace,
            });
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
