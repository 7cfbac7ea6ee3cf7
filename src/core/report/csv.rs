//! `taper export --format csv`: one row per day, or with `--doses` one row per logged dose.

use super::Report;
use crate::core::schedule::StepKind;

/// The header of the daily table.
pub const DAY_HEADER: [&str; 9] = [
    "date",
    "step",
    "target",
    "taken",
    "difference",
    "unit",
    "hold",
    "note",
    "off",
];

/// The header of the dose table.
pub const DOSE_HEADER: [&str; 5] = ["at", "amount", "unit", "product", "note"];

/// One row per day of the range: `hold` is `true` on held days; `note` says `break` on a
/// break day and carries the notes of the day's logged doses, joined by `; `; `off` is
/// `true` on a scheduled day off (whose dose, if any, has no difference: see `difference`).
pub fn days(report: &Report) -> Result<Vec<u8>, csv::Error> {
    let plan = report.plan;
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(DAY_HEADER)?;
    for r in report.records() {
        let mut notes: Vec<&str> = Vec::new();
        if r.kind == StepKind::Break {
            notes.push("break");
        }
        notes.extend(
            plan.entries_on(r.date)
                .into_iter()
                .filter_map(|e| e.note.as_deref()),
        );
        let diff = super::difference(&r)
            .map(|d| crate::core::Dose::format_signed(d.micros()))
            .unwrap_or_default();
        w.write_record([
            r.date.to_string(),
            r.step.to_string(),
            r.target.to_string(),
            r.taken.map(|t| t.to_string()).unwrap_or_default(),
            diff,
            plan.unit.clone(),
            (r.kind == StepKind::Hold).to_string(),
            notes.join("; "),
            r.off.to_string(),
        ])?;
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

/// One row per logged dose in the range, in time order.
pub fn doses(report: &Report) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(DOSE_HEADER)?;
    for e in report.doses() {
        w.write_record([
            e.at.format("%Y-%m-%dT%H:%M:%S").to_string(),
            e.amount.to_string(),
            report.plan.unit.clone(),
            e.product.as_deref().unwrap_or_default().to_string(),
            e.note.as_deref().unwrap_or_default().to_string(),
        ])?;
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}
