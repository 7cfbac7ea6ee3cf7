//! Making a plan from what a person asks for (`taper new`, `taper replan` and the wizard
//! share this).

use chrono::{Days, NaiveDate};

use super::dose::Dose;
use super::error::PlanError;
use super::method;
use super::plan::{
    Class, Curve, DEFAULT_EMAX, LadderStep, Method, Plan, default_dose_times, default_ed50,
};
use super::schedule;
use super::segment::Segment;

/// How long the taper runs.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub enum Length {
    End(NaiveDate),
    Weeks(u32),
    /// A percent cut per step; the end date follows from it.
    Percent(f64),
    /// Only for a ladder, whose steps give the length.
    #[default]
    FromSteps,
}

/// What `taper new` / the wizard collected. Every `[plan]` key lives in `segment`, as it
/// will be written; `build` works out its `start_dose`, `end` and `method` from the
/// request fields below (so a new optional key needs no change here).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct NewPlan {
    pub name: String,
    pub substance: String,
    pub class: Class,
    pub unit: String,
    /// Optional only for a ladder (its first step is the start dose).
    pub start_dose: Option<Dose>,
    pub length: Length,
    /// `None`: linear, or percent when the length is a percent.
    pub method: Option<Method>,
    pub emax: Option<f64>,
    pub ed50: Option<Dose>,
    pub ladder: Vec<LadderStep>,
    /// `start`, `target_dose`, `step_days`, `round_to`, `doses_per_day`, `dose_times`,
    /// `day_starts`, …: taken as they are.
    pub segment: Segment,
}

/// Why a request does not make a plan.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum NewPlanError {
    #[error(transparent)]
    Plan(#[from] PlanError),
    #[error("give the length: one of --end DATE, --weeks N or --percent P")]
    NoLength,
    #[error("--percent goes with --method percent, not {0}")]
    PercentWithMethod(&'static str),
    #[error("--steps DOSE:DAYS,… is needed with --method ladder")]
    NoLadder,
    #[error("--steps goes with --method ladder")]
    LadderWithoutMethod,
    #[error("a ladder sets its own length; leave out --end, --weeks and --percent")]
    LadderWithLength,
    #[error("--start-dose is needed")]
    NoStartDose,
    #[error("--weeks must be at least 1")]
    ZeroWeeks,
    #[error("--emax and --ed50 go with --method hyperbolic")]
    HyperbolicOptions,
    #[error(
        "a cut of {0} % a step does not reach the target within {max} steps; choose a larger percent",
        max = method::MAX_PERCENT_STEPS
    )]
    PercentTooSmall(f64),
}

/// Parse `DOSE:DAYS,DOSE:DAYS,…`.
pub fn parse_ladder(text: &str) -> Result<Vec<LadderStep>, String> {
    text.split(',')
        .filter(|part| !part.trim().is_empty())
        .map(|part| {
            let (dose, days) = part
                .split_once(':')
                .ok_or_else(|| format!("'{}' is not DOSE:DAYS (e.g. 10:14)", part.trim()))?;
            let dose: Dose = dose
                .parse()
                .map_err(|e| format!("ladder step '{}': {e}", part.trim()))?;
            let days: u32 = days.trim().parse().map_err(|_| {
                format!(
                    "ladder step '{}': '{}' is not a number of days",
                    part.trim(),
                    days.trim()
                )
            })?;
            Ok(LadderStep { dose, days })
        })
        .collect()
}

impl NewPlan {
    /// Make the plan, or say why not. The result is validated.
    pub fn build(&self) -> Result<Plan, NewPlanError> {
        let segment = self.build_segment()?;
        let plan = Plan::new(&self.name, &self.substance, self.class, &self.unit, segment);
        plan.validate()?;
        Ok(plan)
    }

    /// Make the segment alone (a re-plan uses this with its `from` as the start).
    pub fn build_segment(&self) -> Result<Segment, NewPlanError> {
        let kind = match (self.method, self.length) {
            (None, Length::Percent(_)) => Method::Percent,
            (None, _) if !self.ladder.is_empty() => return Err(NewPlanError::LadderWithoutMethod),
            (None, _) => Method::Linear,
            (Some(m), Length::Percent(_)) if m != Method::Percent => {
                return Err(NewPlanError::PercentWithMethod(m.name()));
            }
            (Some(m), _) => m,
        };
        if kind != Method::Ladder && !self.ladder.is_empty() {
            return Err(NewPlanError::LadderWithoutMethod);
        }
        if kind != Method::Hyperbolic && (self.emax.is_some() || self.ed50.is_some()) {
            return Err(NewPlanError::HyperbolicOptions);
        }
        let start_dose = match (self.start_dose, self.ladder.first()) {
            (Some(dose), _) => dose,
            (None, Some(first)) if kind == Method::Ladder => first.dose,
            _ => return Err(NewPlanError::NoStartDose),
        };
        let base = &self.segment;
        let step_days = base.step_days;
        if step_days == 0 {
            return Err(PlanError::StepDays.into());
        }
        let after = |days: u64| {
            base.start
                .checked_add_days(Days::new(days))
                .unwrap_or(NaiveDate::MAX)
        };
        let floor = method::percent_floor(start_dose, base.round_to);
        let (method, end) = match kind {
            Method::Ladder => {
                if self.ladder.is_empty() {
                    return Err(NewPlanError::NoLadder);
                }
                if self.length != Length::FromSteps {
                    return Err(NewPlanError::LadderWithLength);
                }
                // A start dose above the first rung is held for one step first, so
                // `--start-dose 20 --steps 15:14,10:14` reads as "from 20, then 15, then 10".
                let mut steps = self.ladder.clone();
                if steps.first().is_some_and(|first| start_dose > first.dose) {
                    steps.insert(
                        0,
                        LadderStep {
                            dose: start_dose,
                            days: step_days,
                        },
                    );
                }
                let days = steps.iter().map(|s| u64::from(s.days)).sum();
                (Curve::Ladder { steps }, after(days))
            }
            Method::Linear | Method::Percent | Method::Hyperbolic => {
                let end = match self.length {
                    Length::End(end) => end,
                    Length::Weeks(0) => return Err(NewPlanError::ZeroWeeks),
                    Length::Weeks(weeks) => after(7 * u64::from(weeks)),
                    Length::Percent(p) => {
                        if !super::plan::limits::percent_ok(p) {
                            return Err(PlanError::Percent(p).into());
                        }
                        if base.target_dose > start_dose {
                            return Err(PlanError::TargetAboveStart {
                                start: start_dose,
                                target: base.target_dose,
                            }
                            .into());
                        }
                        let steps = method::percent_steps(start_dose, base.target_dose, p, floor)
                            .ok_or(NewPlanError::PercentTooSmall(p))?;
                        after(u64::from(steps) * u64::from(step_days))
                    }
                    Length::FromSteps => return Err(NewPlanError::NoLength),
                };
                let days = (end - base.start).num_days().max(0) as u64;
                let (steps, _) = schedule::planned_steps(days, step_days);
                let method = match kind {
                    Method::Percent => Curve::Percent {
                        percent: match self.length {
                            Length::Percent(p) => p,
                            _ => method::solve_percent(start_dose, base.target_dose, steps, floor),
                        },
                    },
                    Method::Hyperbolic => Curve::Hyperbolic {
                        emax: self.emax.unwrap_or(DEFAULT_EMAX),
                        ed50: self.ed50.unwrap_or_else(|| default_ed50(start_dose)),
                    },
                    Method::Linear | Method::Ladder => Curve::Linear,
                };
                (method, end)
            }
        };
        let dose_times = if base.dose_times.is_empty() {
            default_dose_times(base.doses_per_day.clamp(1, 24))
        } else {
            base.dose_times.clone()
        };
        let segment = Segment {
            start_dose,
            end,
            method,
            dose_times,
            ..base.clone()
        };
        segment.validate()?;
        if matches!(self.length, Length::Percent(_)) {
            // Given a percent, the end is where the (rounded) taper reaches the target.
            let end = schedule::build_segment(&segment, 0)?
                .last()
                .map_or(segment.end, |s| s.start);
            return Ok(Segment { end, ..segment });
        }
        Ok(segment)
    }
}
