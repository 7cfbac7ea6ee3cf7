//! Plan → schedule: one target per calendar day from the start date to the end date.
//! Pure: the same plan (and, while a hold is open, the same `today`) always gives the
//! same schedule. The `[plan]` segment is built first, then each amendment is applied in
//! date order (`amend.rs`).

use chrono::{NaiveDate, NaiveTime};

use super::amend;
use super::dose::Dose;
use super::error::PlanError;
use super::method;
use super::plan::{Curve, Plan};
use super::segment::{Segment, add_days};

pub use super::segment::MAX_DAYS;

/// Why a step's dose is what it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum StepKind {
    /// A step of the taper as planned (or re-planned).
    #[default]
    Taper,
    /// Held at the dose in force (a `hold` amendment).
    Hold,
    /// A planned break from the substance: target 0.
    Break,
}

/// One level of the taper, held from `start` until the next step begins.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    /// 1-based; counts changes of dose (a hold or break keeps the number of the step in
    /// force). The last step is the target dose on the end date.
    pub number: u32,
    pub start: NaiveDate,
    pub dose: Dose,
    pub kind: StepKind,
    /// Which segment (0: `[plan]`, then each re-plan) the step belongs to.
    pub segment: usize,
}

/// The target of one calendar day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DayTarget {
    pub date: NaiveDate,
    pub step: u32,
    pub target: Dose,
    pub kind: StepKind,
    pub segment: usize,
}

impl DayTarget {
    pub fn is_hold(&self) -> bool {
        self.kind == StepKind::Hold
    }
    pub fn is_break(&self) -> bool {
        self.kind == StepKind::Break
    }
}

/// The derived schedule of a plan.
#[derive(Clone, Debug, PartialEq)]
pub struct Schedule {
    pub steps: Vec<Step>,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// The `[plan]` segment and each re-plan's, indexed by `Step::segment`.
    pub segments: Vec<Segment>,
}

impl Schedule {
    pub fn step_count(&self) -> u32 {
        self.steps.last().map_or(0, |s| s.number)
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

    fn target_of(step: &Step, date: NaiveDate) -> DayTarget {
        DayTarget {
            date,
            step: step.number,
            target: step.dose,
            kind: step.kind,
            segment: step.segment,
        }
    }

    /// The target of a date (before the start: none; after the end: the target dose).
    pub fn day(&self, date: NaiveDate) -> Option<DayTarget> {
        self.step_on(date).map(|s| Schedule::target_of(s, date))
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
                Schedule::target_of(&self.steps[step], date)
            })
    }

    /// The next change of dose after `date` (holds and held rungs are not steps).
    pub fn next_step_after(&self, date: NaiveDate) -> Option<&Step> {
        let now = self.day(date).map(|d| d.target);
        self.steps
            .iter()
            .find(|s| s.start > date && Some(s.dose) != now)
    }

    /// The segment a day's doses are split by.
    pub fn segment_of(&self, day: &DayTarget) -> &Segment {
        &self.segments[day.segment.min(self.segments.len() - 1)]
    }

    /// Whether the plan has reached its last step on `date`.
    pub fn finished_on(&self, date: NaiveDate) -> bool {
        date >= self.end
    }
}

/// Build the schedule of a plan (validating it first): the `[plan]` segment, then the
/// amendments in date order. `today` only matters while a hold is open: it is taken to
/// end tomorrow, so the later steps move on by a day for each day held.
pub fn build(plan: &Plan, today: NaiveDate) -> Result<Schedule, PlanError> {
    plan.validate()?;
    let mut segments = vec![plan.base.clone()];
    let base = build_segment(&plan.base, 0)?;
    let steps = amend::apply(plan, base, today, &mut segments, build_segment)?;
    // The end is the last rung's date, even when rounding reached the target earlier.
    let end = steps.last().map_or(plan.end, |s| s.start);
    let steps = number(steps);
    Ok(Schedule {
        steps,
        start: plan.start,
        end,
        segments,
    })
}

/// Merge neighbours of the same dose and kind (a rounding collapse is one longer step),
/// and number the changes of dose.
fn number(steps: Vec<Step>) -> Vec<Step> {
    let mut out: Vec<Step> = Vec::with_capacity(steps.len());
    let mut number = 0;
    let mut dose: Option<Dose> = None;
    for step in steps {
        if let Some(last) = out.last()
            && last.dose == step.dose
            && last.kind == step.kind
            && last.segment == step.segment
        {
            continue;
        }
        if step.kind == StepKind::Taper && dose != Some(step.dose) {
            number += 1;
            dose = Some(step.dose);
        }
        out.push(Step {
            number: number.max(1),
            ..step
        });
    }
    out
}

/// Round unrounded levels: each up to the measurable unit (so no cut is deeper than the
/// method's), never above the step before, first = start dose, last = target dose.
fn round_levels(plan: &Segment, levels: &[f64]) -> Vec<Dose> {
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

/// The steps of one segment on its own (validating it first), numbered in order.
pub fn build_segment(plan: &Segment, segment: usize) -> Result<Vec<Step>, PlanError> {
    plan.validate()?;
    let days = (plan.end - plan.start).num_days() as u64;
    let step_days = u64::from(plan.step_days);
    let steps = days.div_ceil(step_days).max(1) as u32;
    let (levels, starts): (Vec<f64>, Vec<NaiveDate>) = match &plan.method {
        Curve::Ladder { steps: rungs } => {
            let mut date = plan.start;
            let mut starts = Vec::with_capacity(rungs.len() + 1);
            for rung in rungs {
                starts.push(date);
                date = add_days(date, u64::from(rung.days));
            }
            starts.push(plan.end);
            (method::ladder(rungs, plan.target_dose), starts)
        }
        other => {
            let levels = match other {
                Curve::Percent { percent } => {
                    let floor = method::percent_floor(plan.start_dose, plan.round_to);
                    method::percent(plan.start_dose, plan.target_dose, steps, *percent, floor)
                }
                Curve::Hyperbolic { emax, ed50 } => {
                    method::hyperbolic(plan.start_dose, plan.target_dose, steps, *emax, *ed50)
                }
                Curve::Linear | Curve::Ladder { .. } => {
                    method::linear(plan.start_dose, plan.target_dose, steps)
                }
            };
            let starts = (0..=u64::from(steps))
                .map(|k| {
                    if k == u64::from(steps) {
                        plan.end
                    } else {
                        add_days(plan.start, k * step_days)
                    }
                })
                .collect();
            (levels, starts)
        }
    };
    let doses = round_levels(plan, &levels);
    Ok(starts
        .into_iter()
        .zip(doses)
        .enumerate()
        .map(|(i, (start, dose))| Step {
            number: i as u32 + 1,
            start,
            dose,
            kind: StepKind::Taper,
            segment,
        })
        .collect())
}

/// A planned dose of one day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlannedDose {
    /// 1-based position in the day.
    pub slot: u32,
    pub time: NaiveTime,
    pub amount: Dose,
}

/// Split a day's target into the plan's doses: equal parts in the measurable unit (0.01
/// without one), the remainder on the first dose; empty parts are left out.
pub fn split(plan: &Segment, target: Dose) -> Vec<PlannedDose> {
    let times = if plan.dose_times.is_empty() {
        super::plan::default_dose_times(plan.doses_per_day)
    } else {
        plan.dose_times.clone()
    };
    let count = times.len().max(1) as i64;
    let unit = plan.round_to.unwrap_or(Dose::from_micros(10_000));
    let part = target.div_floor(count).floor_to(unit);
    let first = target - part.times(count - 1);
    times
        .into_iter()
        .enumerate()
        .map(|(i, time)| PlannedDose {
            slot: i as u32 + 1,
            time,
            amount: if i == 0 { first } else { part },
        })
        .filter(|p| !p.amount.is_zero())
        .collect()
}
