//! `taper export --format json`: one document with the plan, the derived schedule, the
//! log, the check-ins, the amendments and the audit's findings. The README documents
//! every field.

use serde::Serialize;

use super::{Report, Scores, steps};
use crate::core::audit::{self, Finding};
use crate::core::dose::Dose;
use crate::core::schedule::StepKind;

/// The version of this document's shape.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Serialize)]
pub struct Document {
    pub taper_export: u32,
    pub generated: String,
    pub range: Range,
    pub plan: PlanJson,
    pub schedule: ScheduleJson,
    pub log: Vec<DoseJson>,
    pub checkins: Vec<CheckinJson>,
    pub amendments: Vec<AmendmentJson>,
    pub audit: Vec<Finding>,
}

#[derive(Serialize)]
pub struct Range {
    pub from: String,
    pub to: String,
}

#[derive(Serialize)]
pub struct PlanJson {
    pub name: String,
    pub substance: String,
    pub class: &'static str,
    pub unit: String,
    pub start: String,
    pub end: String,
    pub start_dose: Dose,
    pub target_dose: Dose,
    pub method: &'static str,
    pub step_days: u32,
    pub round_to: Option<Dose>,
    pub doses_per_day: u32,
    pub day_starts: String,
}

#[derive(Serialize)]
pub struct ScheduleJson {
    pub start: String,
    pub end: String,
    pub step_count: u32,
    pub steps: Vec<StepJson>,
    pub days: Vec<DayJson>,
}

#[derive(Serialize)]
pub struct StepJson {
    pub number: u32,
    pub kind: &'static str,
    pub from: String,
    /// `null` for the last step (the target, from the end on).
    pub to: Option<String>,
    pub dose: Dose,
    pub doses: Vec<PlannedJson>,
}

#[derive(Serialize)]
pub struct PlannedJson {
    pub time: String,
    pub amount: Dose,
}

#[derive(Serialize)]
pub struct DayJson {
    pub date: String,
    pub step: u32,
    pub target: Dose,
    pub taken: Option<Dose>,
    pub difference: Option<Dose>,
    pub kind: &'static str,
    pub off: bool,
}

#[derive(Serialize)]
pub struct DoseJson {
    pub at: String,
    pub amount: Dose,
    pub product: Option<String>,
    pub note: Option<String>,
    pub slot: Option<u32>,
}

#[derive(Serialize)]
pub struct CheckinJson {
    pub date: String,
    #[serde(flatten)]
    pub scores: Scores,
}

#[derive(Serialize)]
pub struct AmendmentJson {
    pub from: String,
    pub kind: &'static str,
    pub description: String,
    pub reason: Option<String>,
    pub signed_off_by: Option<String>,
}

/// The name of a step kind in JSON and the calendar.
pub fn kind_name(kind: StepKind) -> &'static str {
    match kind {
        StepKind::Taper => "taper",
        StepKind::Hold => "hold",
        StepKind::Break => "break",
    }
}

/// Build the document.
pub fn document(report: &Report) -> Document {
    let plan = report.plan;
    let schedule = report.schedule;
    let steps = steps::rows(schedule)
        .into_iter()
        .map(|row| StepJson {
            number: row.number,
            kind: kind_name(row.kind),
            from: row.from.to_string(),
            to: row.to.map(|d| d.to_string()),
            dose: row.dose,
            doses: row
                .doses
                .iter()
                .map(|d| PlannedJson {
                    time: d.time.format("%H:%M").to_string(),
                    amount: d.amount,
                })
                .collect(),
        })
        .collect();
    let days = report
        .records()
        .into_iter()
        .map(|r| DayJson {
            date: r.date.to_string(),
            step: r.step,
            target: r.target,
            taken: r.taken,
            difference: super::difference(&r),
            kind: kind_name(r.kind),
            off: r.off,
        })
        .collect();
    let log = report
        .doses()
        .into_iter()
        .map(|e| DoseJson {
            at: e.at.format("%Y-%m-%dT%H:%M:%S").to_string(),
            amount: e.amount,
            product: e.product.as_deref().map(str::to_string),
            note: e.note.as_deref().map(str::to_string),
            slot: e.slot,
        })
        .collect();
    let checkins = report
        .from
        .iter_days()
        .take_while(|d| *d <= report.to)
        .filter_map(|date| {
            report.checkins.on(date).map(|scores| CheckinJson {
                date: date.to_string(),
                scores,
            })
        })
        .collect();
    let amendments = plan
        .amendments
        .iter()
        .map(|a| AmendmentJson {
            from: a.from.to_string(),
            kind: a.change.kind().name(),
            description: a.describe(&plan.unit),
            reason: a.reason.clone(),
            signed_off_by: a.signed_off_by.clone(),
        })
        .collect();
    Document {
        taper_export: FORMAT_VERSION,
        generated: report.now.format("%Y-%m-%dT%H:%M").to_string(),
        range: Range {
            from: report.from.to_string(),
            to: report.to.to_string(),
        },
        plan: PlanJson {
            name: plan.name.clone(),
            substance: plan.substance.clone(),
            class: plan.class.name(),
            unit: plan.unit.clone(),
            start: plan.start.to_string(),
            end: schedule.end.to_string(),
            start_dose: plan.start_dose,
            target_dose: plan.target_dose,
            method: plan.method.name(),
            step_days: plan.step_days,
            round_to: plan.round_to,
            doses_per_day: plan.doses_per_day,
            day_starts: plan.day_starts.format("%H:%M").to_string(),
        },
        schedule: ScheduleJson {
            start: schedule.start.to_string(),
            end: schedule.end.to_string(),
            step_count: schedule.step_count(),
            steps,
            days,
        },
        log,
        checkins,
        amendments,
        audit: audit::audit(plan, schedule),
    }
}
