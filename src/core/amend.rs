//! Amendments: dated changes to a plan (hold, resume, re-plan, break). History is never
//! rewritten: an amendment changes the schedule from its `from` date on and never a day
//! before it, and it never touches the dose log.

use chrono::NaiveDate;

use super::dose::Dose;
use super::error::PlanError;
use super::plan::Plan;
use super::schedule::{Step, StepKind};
use super::segment::{Segment, add_days};

/// The longest break taper accepts, in days.
pub const MAX_BREAK_DAYS: u32 = 365;

/// One dated change, as a `[[amendment]]` table.
#[derive(Clone, Debug, PartialEq)]
pub struct Amendment {
    /// The first day the change applies to.
    pub from: NaiveDate,
    pub change: Change,
    pub reason: Option<String>,
    /// A clinician who agreed to it.
    pub signed_off_by: Option<String>,
}

/// What an amendment changes.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    /// From `from`, the target stays at the dose in force until a resume.
    Hold,
    /// `from` is the first day no longer held; every later step moves later by the days held.
    Resume,
    /// A new segment from `from` (its `start` is `from`).
    Replan(Box<Segment>),
    /// `days` days at 0 from `from`, then the taper goes on at `resume_dose` (default: the
    /// dose in force before the break) and every later step moves later by `days`.
    Break {
        days: u32,
        resume_dose: Option<Dose>,
    },
}

/// The names of the kinds, as the file writes them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Hold,
    Resume,
    Replan,
    Break,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Hold, Kind::Resume, Kind::Replan, Kind::Break];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Hold => "hold",
            Kind::Resume => "resume",
            Kind::Replan => "replan",
            Kind::Break => "break",
        }
    }

    pub fn parse(text: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == text)
    }
}

impl Change {
    pub fn kind(&self) -> Kind {
        match self {
            Change::Hold => Kind::Hold,
            Change::Resume => Kind::Resume,
            Change::Replan(_) => Kind::Replan,
            Change::Break { .. } => Kind::Break,
        }
    }
}

impl Amendment {
    pub fn new(from: NaiveDate, change: Change) -> Amendment {
        Amendment {
            from,
            change,
            reason: None,
            signed_off_by: None,
        }
    }

    /// One line for `history` and the Schedule screen, e.g. "hold from 2027-02-01".
    pub fn describe(&self, unit: &str) -> String {
        let what = match &self.change {
            Change::Hold => format!("hold from {}", self.from),
            Change::Resume => format!("resume on {}", self.from),
            Change::Replan(seg) => format!(
                "re-plan from {}: {} → {} {unit} by {} ({})",
                self.from,
                seg.start_dose,
                seg.target_dose,
                seg.end,
                seg.method.name()
            ),
            Change::Break { days, resume_dose } => {
                let resume = resume_dose.map_or(String::new(), |d| format!(", then {d} {unit}"));
                format!("break from {} for {days} days{resume}", self.from)
            }
        };
        let reason = self
            .reason
            .as_deref()
            .map_or(String::new(), |r| format!(" — {r}"));
        let signed = self
            .signed_off_by
            .as_deref()
            .map_or(String::new(), |s| format!(" (signed off by {s})"));
        format!("{what}{reason}{signed}")
    }
}

/// Check the amendments of a plan: each on or after the start, a resume only after a hold,
/// no second hold while one is open, breaks of at least a day, re-plans that make a taper.
pub fn validate(plan: &Plan) -> Result<(), PlanError> {
    let mut held: Option<NaiveDate> = None;
    for (i, a) in plan.amendments.iter().enumerate() {
        let index = i + 1;
        if a.from < plan.start {
            return Err(PlanError::AmendmentBeforeStart {
                index,
                from: a.from,
                start: plan.start,
            });
        }
        match &a.change {
            Change::Hold => {
                if let Some(since) = held {
                    return Err(PlanError::AlreadyHeld { index, since });
                }
                held = Some(a.from);
            }
            Change::Resume => {
                if held.take().is_none() {
                    return Err(PlanError::ResumeWithoutHold {
                        index,
                        from: a.from,
                    });
                }
            }
            Change::Replan(segment) => {
                held = None;
                segment.validate().map_err(|e| PlanError::Replan {
                    index,
                    from: a.from,
                    problem: Box::new(e),
                })?;
            }
            Change::Break { days, .. } => {
                held = None;
                if !(1..=MAX_BREAK_DAYS).contains(days) {
                    return Err(PlanError::BreakDays { index });
                }
            }
        }
    }
    Ok(())
}

/// The day an open hold is taken to end when nothing resumed it yet: the day after
/// `today` (the later steps move on by a day for each day held).
fn open_until(from: NaiveDate, today: NaiveDate) -> NaiveDate {
    add_days(today.max(from), 1)
}

/// The index of the step in force on `date` (the last one starting on or before it).
fn in_force(steps: &[Step], date: NaiveDate) -> Option<usize> {
    steps.partition_point(|s| s.start <= date).checked_sub(1)
}

/// Pause the steps from `from` until `until` (exclusive) at `pause_dose`, then go on at
/// `resume_dose` for what was left of the step in force; every later step moves later by
/// the days paused and never rises above `resume_dose`.
fn pause(
    steps: &mut Vec<Step>,
    from: NaiveDate,
    until: NaiveDate,
    kind: StepKind,
    pause_dose: Option<Dose>,
    resume_dose: Option<Dose>,
) {
    let Some(k) = in_force(steps, from).filter(|_| until > from) else {
        return;
    };
    let current = steps[k];
    let shift = chrono::Days::new((until - from).num_days().max(0) as u64);
    let mut later: Vec<Step> = steps.split_off(k + 1);
    if current.start == from {
        steps.pop();
    }
    let resume = resume_dose.unwrap_or(current.dose);
    steps.push(Step {
        start: from,
        dose: pause_dose.unwrap_or(current.dose),
        kind,
        ..current
    });
    steps.push(Step {
        start: until,
        dose: resume,
        kind: StepKind::Taper,
        ..current
    });
    for step in &mut later {
        step.start = step.start.checked_add_days(shift).unwrap_or(NaiveDate::MAX);
        step.dose = step.dose.min(resume);
    }
    steps.extend(later);
}

/// Apply the amendments to the steps of the `[plan]` segment. `segments` receives each
/// re-plan's segment (the base is index 0); `rungs` builds a segment's own steps.
pub fn apply(
    plan: &Plan,
    mut steps: Vec<Step>,
    today: NaiveDate,
    segments: &mut Vec<Segment>,
    rungs: impl Fn(&Segment, usize) -> Result<Vec<Step>, PlanError>,
) -> Result<Vec<Step>, PlanError> {
    let amendments = &plan.amendments;
    for (i, a) in amendments.iter().enumerate() {
        match &a.change {
            Change::Hold => {
                // A hold lasts until the next resume, re-plan or break; else it is open.
                let until = amendments[i + 1..]
                    .iter()
                    .find(|b| b.change.kind() != Kind::Hold)
                    .map_or_else(|| open_until(a.from, today), |b| b.from.max(a.from));
                pause(&mut steps, a.from, until, StepKind::Hold, None, None);
            }
            Change::Resume => {}
            Change::Break { days, resume_dose } => {
                let until = add_days(a.from, u64::from(*days));
                pause(
                    &mut steps,
                    a.from,
                    until,
                    StepKind::Break,
                    Some(Dose::ZERO),
                    *resume_dose,
                );
            }
            Change::Replan(segment) => {
                steps.retain(|s| s.start < a.from);
                segments.push(Segment {
                    start: a.from,
                    ..(**segment).clone()
                });
                let index = segments.len() - 1;
                steps.extend(rungs(&segments[index], index)?);
            }
        }
    }
    Ok(steps)
}

/// The mean daily total actually logged over the last 3 logged days before `today`
/// (today included when something is logged), rounded up to `unit`; `None` without 3 days.
pub fn recent_actual(plan: &Plan, today: NaiveDate, unit: Option<Dose>) -> Option<Dose> {
    let mut totals = std::collections::BTreeMap::<NaiveDate, Dose>::new();
    for entry in &plan.doses {
        let day = plan.day_of(entry.at);
        if day <= today {
            let total = totals.entry(day).or_default();
            *total = *total + entry.amount;
        }
    }
    let last: Vec<Dose> = totals.values().rev().take(3).copied().collect();
    if last.len() < 3 {
        return None;
    }
    let sum: Dose = last.iter().copied().sum();
    let mean = Dose::from_micros((sum.micros() + 2) / 3);
    Some(unit.map_or(mean, |u| mean.ceil_to(u)))
}
