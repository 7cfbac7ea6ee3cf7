//! Plan → schedule: one target per calendar day from the start date to the end date.
//! Pure: the same plan always gives the same schedule.

use chrono::{Days, NaiveDate, NaiveTime};

use super::dose::Dose;
use super::error::PlanError;
use super::method;
use super::plan::{Method, Plan};
use super::rounding::{self, Curve};

/// Plans longer than this are refused (about 20 years).
pub const MAX_DAYS: i64 = 7305;

/// One level of the taper, held from `start` until the next step begins.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    /// 1-based; the last step is the target dose on the end date.
    pub number: u32,
    pub start: NaiveDate,
    pub dose: Dose,
}

/// The target of one calendar day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DayTarget {
    pub date: NaiveDate,
    pub step: u32,
    pub target: Dose,
}

/// The derived schedule of a plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schedule {
    pub steps: Vec<Step>,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Schedule {
    pub fn step_count(&self) -> u32 {
        self.steps.len() as u32
    }

    /// Number of days from start to end inclusive.
    pub fn day_count(&self) -> usize {
        ((self.end - self.start).num_days() + 1).max(0) as usize
    }

    /// The step in force on a date: `None` before the start; the last step after the end.
    pub fn step_on(&self, date: NaiveDate) -> Option<&Step> {
        if date < self.start {
            return None;
        }
        let index = self.steps.partition_point(|s| s.start <= date);
        self.steps.get(index.checked_sub(1)?)
    }

    /// The target of a date (before the start: none; after the end: the target dose).
    pub fn day(&self, date: NaiveDate) -> Option<DayTarget> {
        self.step_on(date).map(|s| DayTarget {
            date,
            step: s.number,
            target: s.dose,
        })
    }

    /// Every day from start to end inclusive.
    pub fn days(&self) -> impl Iterator<Item = DayTarget> + '_ {
        let mut step = 0usize;
        self.start
            .iter_days()
            .take(self.day_count())
            .map(move |date| {
                while step + 1 < self.steps.len() && self.steps[step + 1].start <= date {
                    step += 1;
                }
                let s = &self.steps[step];
                DayTarget {
                    date,
                    step: s.number,
                    target: s.dose,
                }
            })
    }

    /// The first step that starts after `date`.
    pub fn next_step_after(&self, date: NaiveDate) -> Option<&Step> {
        self.steps.iter().find(|s| s.start > date)
    }
}

fn add_days(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_add_days(Days::new(days))
        .unwrap_or(NaiveDate::MAX)
}

/// The end date a ladder implies: the start plus the days of all its steps.
pub fn ladder_end(plan: &Plan) -> Option<NaiveDate> {
    match &plan.method {
        Method::Ladder { steps } => Some(add_days(
            plan.start,
            steps.iter().map(|s| u64::from(s.days)).sum(),
        )),
        _ => None,
    }
}

/// Check the numbers of a plan; the first problem found.
pub fn validate(plan: &Plan) -> Result<(), PlanError> {
    if plan.name.trim().is_empty() {
        return Err(PlanError::EmptyName);
    }
    if plan.unit.trim().is_empty() {
        return Err(PlanError::EmptyUnit);
    }
    if plan.target_dose > plan.start_dose {
        return Err(PlanError::TargetAboveStart {
            start: plan.start_dose,
            target: plan.target_dose,
        });
    }
    if plan.step_days == 0 {
        return Err(PlanError::StepDays);
    }
    if !(1..=24).contains(&plan.doses_per_day) {
        return Err(PlanError::DosesPerDay(plan.doses_per_day));
    }
    if !plan.dose_times.is_empty() && plan.dose_times.len() != plan.doses_per_day as usize {
        return Err(PlanError::DoseTimes {
            count: plan.dose_times.len(),
            per_day: plan.doses_per_day,
        });
    }
    if plan.round_to.is_some_and(Dose::is_zero) {
        return Err(PlanError::RoundTo);
    }
    if plan.day_starts > super::plan::LATEST_DAY_START {
        return Err(PlanError::DayStarts(plan.day_starts));
    }
    match &plan.method {
        Method::Linear => {}
        Method::Percent { percent } => {
            if !(percent.is_finite() && *percent > 0.0 && *percent < 100.0) {
                return Err(PlanError::Percent(*percent));
            }
        }
        Method::Hyperbolic { emax, ed50 } => {
            if !(emax.is_finite() && *emax > 0.0 && *emax <= 100.0) {
                return Err(PlanError::Emax(*emax));
            }
            if ed50.is_zero() {
                return Err(PlanError::Ed50);
            }
        }
        Method::Ladder { steps } => {
            let first = steps.first().ok_or(PlanError::LadderEmpty)?;
            if first.dose != plan.start_dose {
                return Err(PlanError::LadderStart {
                    first: first.dose,
                    start: plan.start_dose,
                });
            }
            for (i, pair) in steps.iter().enumerate() {
                let index = i + 1;
                if pair.days == 0 {
                    return Err(PlanError::LadderDays { index });
                }
                if pair.dose < plan.target_dose {
                    return Err(PlanError::LadderBelowTarget {
                        index,
                        dose: pair.dose,
                        target: plan.target_dose,
                    });
                }
                if i > 0 && pair.dose > steps[i - 1].dose {
                    return Err(PlanError::LadderRises {
                        index,
                        dose: pair.dose,
                    });
                }
            }
            let derived = ladder_end(plan).unwrap_or(plan.end);
            if derived != plan.end {
                return Err(PlanError::LadderEnd {
                    given: plan.end,
                    derived,
                });
            }
        }
    }
    if plan.end <= plan.start {
        return Err(PlanError::EndNotAfterStart {
            start: plan.start,
            end: plan.end,
        });
    }
    let days = (plan.end - plan.start).num_days();
    if days > MAX_DAYS {
        return Err(PlanError::TooLong {
            days,
            max: MAX_DAYS,
        });
    }
    Ok(())
}

/// Round a ladder's rungs: each up to the measurable unit, never above the rung before;
/// first = start dose, last = target dose. (A ladder's rungs are the person's own: they are
/// not re-cut; the audit speaks up when one is steep.)
fn round_ladder(plan: &Plan, levels: &[f64]) -> Vec<Dose> {
    let last = levels.len().saturating_sub(1);
    let mut out: Vec<Dose> = Vec::with_capacity(levels.len());
    for (k, &level) in levels.iter().enumerate() {
        let dose = if k == 0 {
            plan.start_dose
        } else if k == last {
            plan.target_dose
        } else {
            let exact = Dose::ceil_f64(level).max(plan.target_dose);
            let rounded = plan.round_to.map_or(exact, |unit| exact.ceil_to(unit));
            rounded.min(out[k - 1])
        };
        out.push(dose);
    }
    out
}

/// How a plan of `days` days is cut into steps of `step_days`: `days / step_days` steps (at
/// least one), and the days left over. The spare days lengthen the *first* rung (the start
/// dose, what the person takes now), so no later rung is shorter than `step_days`. A plan
/// shorter than one step is one step long: its end moves later.
pub fn planned_steps(days: u64, step_days: u32) -> (u32, u64) {
    let step_days = u64::from(step_days.max(1));
    let steps = (days / step_days).max(1);
    (
        u32::try_from(steps).unwrap_or(u32::MAX),
        days.saturating_sub(steps * step_days),
    )
}

/// The unrounded curve of a plan's method over `steps` steps (`None` for a ladder).
fn curve(plan: &Plan, steps: u32) -> Option<Curve> {
    let (start, target) = (plan.start_dose, plan.target_dose);
    Some(match &plan.method {
        Method::Linear => Curve::Levels(method::linear(start, target, steps)),
        Method::Percent { percent } if plan.round_to.is_some() => Curve::Percent {
            keep: 1.0 - percent / 100.0,
        },
        Method::Percent { percent } => {
            let floor = method::percent_floor(start, plan.round_to);
            Curve::Levels(method::percent(start, target, steps, *percent, floor))
        }
        Method::Hyperbolic { emax, ed50 } => {
            Curve::Levels(method::hyperbolic(start, target, steps, *emax, *ed50))
        }
        Method::Ladder { .. } => return None,
    })
}

/// The end a schedule really has when it is later than the plan's `end`: rounding needed
/// more steps than the length asked for, or the plan is shorter than one step.
pub fn moved_end(plan: &Plan, schedule: &Schedule) -> Option<NaiveDate> {
    (schedule.end > plan.end).then_some(schedule.end)
}

/// Build the schedule of a plan (validating it first).
pub fn build(plan: &Plan) -> Result<Schedule, PlanError> {
    validate(plan)?;
    let days = (plan.end - plan.start).num_days() as u64;
    let (steps, spare) = planned_steps(days, plan.step_days);
    let step_days = u64::from(plan.step_days);
    let (doses, starts): (Vec<Dose>, Vec<NaiveDate>) = match curve(plan, steps) {
        None => {
            let Method::Ladder { steps: rungs } = &plan.method else {
                return Err(PlanError::LadderEmpty);
            };
            let mut date = plan.start;
            let mut starts = Vec::with_capacity(rungs.len() + 1);
            for rung in rungs {
                starts.push(date);
                date = add_days(date, u64::from(rung.days));
            }
            starts.push(plan.end);
            let levels = method::ladder(rungs, plan.target_dose);
            (round_ladder(plan, &levels), starts)
        }
        Some(curve) => {
            let max_rungs = (MAX_DAYS as u64 / step_days) as usize + 2;
            let doses = rounding::rungs(
                plan.start_dose,
                plan.target_dose,
                plan.round_to,
                &curve,
                max_rungs,
            )
            .ok_or(PlanError::TooLong {
                days: MAX_DAYS + 1,
                max: MAX_DAYS,
            })?;
            let starts = (0..doses.len() as u64)
                .map(|k| match k {
                    0 => plan.start,
                    _ => add_days(plan.start, spare + k * step_days),
                })
                .collect();
            (doses, starts)
        }
    };
    let end = starts.last().copied().unwrap_or(plan.end).max(plan.end);
    let days = (end - plan.start).num_days();
    if days > MAX_DAYS {
        return Err(PlanError::TooLong {
            days,
            max: MAX_DAYS,
        });
    }
    let steps = starts
        .into_iter()
        .zip(doses)
        .enumerate()
        .map(|(i, (start, dose))| Step {
            number: i as u32 + 1,
            start,
            dose,
        })
        .collect();
    Ok(Schedule {
        steps,
        start: plan.start,
        end,
    })
}

/// A planned dose of one day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlannedDose {
    /// 1-based position in the day.
    pub slot: u32,
    pub time: NaiveTime,
    pub amount: Dose,
}

/// Split a day's target into the plan's doses (the rule is in `split.rs`): within one
/// measurable unit of each other, extra units on the earliest doses, zero-amount doses kept
/// (a target of zero is no dose).
pub fn split(plan: &Plan, target: Dose) -> Vec<PlannedDose> {
    let times = if plan.dose_times.is_empty() {
        super::plan::default_dose_times(plan.doses_per_day)
    } else {
        plan.dose_times.clone()
    };
    let amounts = super::split::amounts(target, times.len(), super::split::unit_of(plan.round_to));
    times
        .into_iter()
        .zip(amounts)
        .enumerate()
        .map(|(i, (time, amount))| PlannedDose {
            slot: i as u32 + 1,
            time,
            amount,
        })
        .collect()
}
