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
use super::rounding;
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
    /// A scheduled day off (`off_days` / `pattern`): the target is 0, the step unchanged.
    pub off: bool,
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

    fn target_of(&self, step: &Step, date: NaiveDate) -> DayTarget {
        // A break is 0 already; every other day may be a scheduled day off.
        let off = step.kind != StepKind::Break
            && self
                .segments
                .get(step.segment)
                .is_some_and(|seg| seg.is_off(date));
        DayTarget {
            date,
            step: step.number,
            target: if off { Dose::ZERO } else { step.dose },
            kind: step.kind,
            segment: step.segment,
            off,
        }
    }

    /// The target of a date (before the start: none; after the end: the target dose).
    pub fn day(&self, date: NaiveDate) -> Option<DayTarget> {
        self.step_on(date).map(|s| self.target_of(s, date))
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
                self.target_of(&self.steps[step], date)
            })
    }

    /// The next change of dose after `date` (holds, held rungs and days off are not steps).
    pub fn next_step_after(&self, date: NaiveDate) -> Option<&Step> {
        let now = self.step_on(date).map(|s| s.dose);
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
    // With dosage forms (and no `round_to`), every segment is measured in what the forms
    // can make (`forms::measured`).
    let measured = |seg: &Segment| super::forms::measured(seg, &plan.forms);
    let mut segments = vec![measured(&plan.base)];
    let base = build_segment(&segments[0], 0)?;
    let steps = amend::apply(plan, base, today, &mut segments, |seg, i| {
        build_segment(&measured(seg), i)
    })?;
    for seg in &mut segments {
        *seg = measured(seg);
    }
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
        // A held dose is the dose of a step (a hold on a step's first day starts it);
        // a break's 0 is not.
        if step.kind != StepKind::Break && dose != Some(step.dose) {
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

/// Round a ladder's rungs: each up to the measurable unit, never above the rung before;
/// first = start dose, last = target dose. (A ladder's rungs are the person's own: they are
/// not re-cut; the audit speaks up when one is steep.)
fn round_ladder(plan: &Segment, levels: &[f64]) -> Vec<Dose> {
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
fn curve(plan: &Segment, steps: u32) -> Option<rounding::Curve> {
    let (start, target) = (plan.start_dose, plan.target_dose);
    Some(match &plan.method {
        Curve::Linear => rounding::Curve::Levels(method::linear(start, target, steps)),
        Curve::Percent { percent } if plan.round_to.is_some() => rounding::Curve::Percent {
            keep: 1.0 - percent / 100.0,
        },
        Curve::Percent { percent } => {
            let floor = method::percent_floor(start, plan.round_to);
            rounding::Curve::Levels(method::percent(start, target, steps, *percent, floor))
        }
        Curve::Hyperbolic { emax, ed50 } => {
            rounding::Curve::Levels(method::hyperbolic(start, target, steps, *emax, *ed50))
        }
        Curve::Ladder { .. } => return None,
    })
}

/// The end a plan's `[plan]` segment really has when it is later than its `end`: rounding
/// needed more steps than the length asked for, or the plan is shorter than one step.
/// (Amendments move the end too; this is only about the plan as made.)
pub fn moved_end(plan: &Segment) -> Option<NaiveDate> {
    let steps = build_segment(plan, 0).ok()?;
    let end = steps.last()?.start;
    (end > plan.end).then_some(end)
}

/// The steps of one segment on its own (validating it first), numbered in order; the
/// last is the target, on the segment's end date (or later: see `moved_end`).
pub fn build_segment(plan: &Segment, segment: usize) -> Result<Vec<Step>, PlanError> {
    plan.validate()?;
    let days = (plan.end - plan.start).num_days() as u64;
    let (steps, spare) = planned_steps(days, plan.step_days);
    let step_days = u64::from(plan.step_days);
    let (doses, starts): (Vec<Dose>, Vec<NaiveDate>) = match curve(plan, steps) {
        None => {
            let Curve::Ladder { steps: rungs } = &plan.method else {
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
    let mut steps: Vec<Step> = starts
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
        .collect();
    // Reached the target before the end date: the end date stays the last rung's date
    // (the two equal rungs become one step in `number`).
    if let Some(last) = steps.last().copied().filter(|s| s.start < end) {
        steps.push(Step {
            number: last.number + 1,
            start: end,
            ..last
        });
    }
    Ok(steps)
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
pub fn split(plan: &Segment, target: Dose) -> Vec<PlannedDose> {
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
