//! Making a plan from what a person asks for (`taper new` and the wizard share this).

use chrono::{Days, NaiveDate};

use super::dose::Dose;
use super::error::PlanError;
use super::method;
use super::plan::{
    Class, DEFAULT_EMAX, LadderStep, Method, Plan, default_dose_times, default_ed50,
};
use super::schedule;

/// How long the taper runs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Length {
    End(NaiveDate),
    Weeks(u32),
    /// A percent cut per step; the end date follows from it.
    Percent(f64),
    /// Only for a ladder, whose steps give the length.
    FromSteps,
}

/// The method names a person can pick.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum MethodKind {
    #[default]
    Linear,
    Percent,
    Hyperbolic,
    Ladder,
}

impl MethodKind {
    pub const ALL: [MethodKind; 4] = [
        MethodKind::Linear,
        MethodKind::Percent,
        MethodKind::Hyperbolic,
        MethodKind::Ladder,
    ];

    pub fn name(self) -> &'static str {
        match self {
            MethodKind::Linear => "linear",
            MethodKind::Percent => "percent",
            MethodKind::Hyperbolic => "hyperbolic",
            MethodKind::Ladder => "ladder",
        }
    }

    pub fn parse(text: &str) -> Option<MethodKind> {
        MethodKind::ALL.into_iter().find(|m| m.name() == text)
    }
}

/// What `taper new` / the wizard collected.
#[derive(Clone, Debug, PartialEq)]
pub struct NewPlan {
    pub name: String,
    pub substance: String,
    pub class: Class,
    pub unit: String,
    /// Optional only for a ladder (its first step is the start dose).
    pub start_dose: Option<Dose>,
    pub target_dose: Dose,
    pub start: NaiveDate,
    pub length: Length,
    /// `None`: linear, or percent when the length is a percent.
    pub method: Option<MethodKind>,
    pub step_days: u32,
    pub round_to: Option<Dose>,
    pub doses_per_day: u32,
    pub emax: Option<f64>,
    pub ed50: Option<Dose>,
    pub ladder: Vec<LadderStep>,
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
        let kind = match (self.method, self.length) {
            (None, Length::Percent(_)) => MethodKind::Percent,
            (None, _) if !self.ladder.is_empty() => return Err(NewPlanError::LadderWithoutMethod),
            (None, _) => MethodKind::Linear,
            (Some(m), Length::Percent(_)) if m != MethodKind::Percent => {
                return Err(NewPlanError::PercentWithMethod(m.name()));
            }
            (Some(m), _) => m,
        };
        if kind != MethodKind::Ladder && !self.ladder.is_empty() {
            return Err(NewPlanError::LadderWithoutMethod);
        }
        if kind != MethodKind::Hyperbolic && (self.emax.is_some() || self.ed50.is_some()) {
            return Err(NewPlanError::HyperbolicOptions);
        }
        let start_dose = match (self.start_dose, self.ladder.first()) {
            (Some(dose), _) => dose,
            (None, Some(first)) if kind == MethodKind::Ladder => first.dose,
            _ => return Err(NewPlanError::NoStartDose),
        };
        let step_days = self.step_days;
        if step_days == 0 {
            return Err(PlanError::StepDays.into());
        }
        let after = |days: u64| {
            self.start
                .checked_add_days(Days::new(days))
                .unwrap_or(NaiveDate::MAX)
        };
        let floor = method::percent_floor(start_dose, self.round_to);
        let (method, end) = match kind {
            MethodKind::Ladder => {
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
                (Method::Ladder { steps }, after(days))
            }
            _ => {
                let end = match self.length {
                    Length::End(end) => end,
                    Length::Weeks(0) => return Err(NewPlanError::ZeroWeeks),
                    Length::Weeks(weeks) => after(7 * u64::from(weeks)),
                    Length::Percent(p) => {
                        if !(p.is_finite() && p > 0.0 && p < 100.0) {
                            return Err(PlanError::Percent(p).into());
                        }
                        if self.target_dose > start_dose {
                            return Err(PlanError::TargetAboveStart {
                                start: start_dose,
                                target: self.target_dose,
                            }
                            .into());
                        }
                        let steps = method::percent_steps(start_dose, self.target_dose, p, floor)
                            .ok_or(NewPlanError::PercentTooSmall(p))?;
                        after(u64::from(steps) * u64::from(step_days))
                    }
                    Length::FromSteps => return Err(NewPlanError::NoLength),
                };
                let days = (end - self.start).num_days().max(0) as u64;
                let (steps, _) = schedule::planned_steps(days, step_days);
                let method = match kind {
                    MethodKind::Linear => Method::Linear,
                    MethodKind::Percent => Method::Percent {
                        percent: match self.length {
                            Length::Percent(p) => p,
                            _ => method::solve_percent(start_dose, self.target_dose, steps, floor),
                        },
                    },
                    _ => Method::Hyperbolic {
                        emax: self.emax.unwrap_or(DEFAULT_EMAX),
                        ed50: self.ed50.unwrap_or_else(|| default_ed50(start_dose)),
                    },
                };
                (method, end)
            }
        };
        let mut plan = Plan {
            name: self.name.clone(),
            substance: self.substance.clone(),
            class: self.class,
            unit: self.unit.clone(),
            start: self.start,
            start_dose,
            target_dose: self.target_dose,
            end,
            method,
            step_days,
            round_to: self.round_to,
            doses_per_day: self.doses_per_day,
            dose_times: default_dose_times(self.doses_per_day.clamp(1, 24)),
            day_starts: chrono::NaiveTime::MIN,
            doses: Vec::new(),
        };
        schedule::validate(&plan)?;
        if matches!(self.length, Length::Percent(_)) {
            // Given a percent, the end is where the (rounded) taper reaches the target.
            plan.end = schedule::build(&plan)?.end;
        }
        Ok(plan)
    }
}
