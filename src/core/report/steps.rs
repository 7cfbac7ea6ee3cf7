//! One row per change of dose: what a pharmacist needs (`taper show --steps`, the
//! calendar's events, the report's steps).

use chrono::NaiveDate;

use crate::core::amend::Amendment;
use crate::core::dose::Dose;
use crate::core::plan::Plan;
use crate::core::schedule::{PlannedDose, Schedule, StepKind, split};

/// A span of days at one daily dose.
#[derive(Clone, Debug, PartialEq)]
pub struct StepRow {
    /// The step number (a hold or break keeps the number of the step in force).
    pub number: u32,
    pub kind: StepKind,
    pub from: NaiveDate,
    /// The last day at this dose; `None` for the last step (the target, from the end on).
    pub to: Option<NaiveDate>,
    pub dose: Dose,
    /// The day's doses, as the plan splits them.
    pub doses: Vec<PlannedDose>,
}

impl StepRow {
    /// Days at this dose (`None`: from the end on).
    pub fn days(&self) -> Option<i64> {
        self.to.map(|to| (to - self.from).num_days() + 1)
    }

    /// The doses of a day, e.g. `08:00 3.25 + 14:00 3.25 + 20:00 3.25`.
    pub fn split_text(&self) -> String {
        if self.doses.is_empty() {
            return "none".to_string();
        }
        self.doses
            .iter()
            .map(|d| format!("{} {}", d.time.format("%H:%M"), d.amount))
            .collect::<Vec<_>>()
            .join(" + ")
    }
}

/// The rows of a schedule, start to end.
pub fn rows(schedule: &Schedule) -> Vec<StepRow> {
    let steps = &schedule.steps;
    steps
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let to = steps.get(i + 1).and_then(|next| next.start.pred_opt());
            let segment = &schedule.segments[step.segment.min(schedule.segments.len() - 1)];
            StepRow {
                number: step.number,
                kind: step.kind,
                from: step.start,
                to,
                dose: step.dose,
                doses: split(segment, step.dose),
            }
        })
        .collect()
}

/// The amendment that starts a hold or break row, for its reason and sign-off.
pub fn amendment_of<'a>(plan: &'a Plan, row: &StepRow) -> Option<&'a Amendment> {
    plan.amendments.iter().find(|a| a.from == row.from)
}

/// The kind of a row as a word (`taper show --steps`, the calendar).
pub fn kind_word(kind: StepKind) -> &'static str {
    match kind {
        StepKind::Taper => "",
        StepKind::Hold => "hold",
        StepKind::Break => "break",
    }
}
