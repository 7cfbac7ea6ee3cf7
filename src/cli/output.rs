//! What the CLI prints: tables, JSON and CSV built from core values.

use std::io::Write;

use anyhow::Result;
use chrono::NaiveDate;
use serde::Serialize;

use super::args::{TableFormat, TextFormat};
use crate::core::day::{self, PlanState};
use crate::core::text::{json_safe, printable};
use crate::core::{
    DayStatus, Dose, DoseEntry, Plan, Schedule, StepKind, audit, forms, progress, suggest,
};

#[derive(Serialize)]
struct ShowJson<'a> {
    name: &'a str,
    unit: &'a str,
    days: Vec<DayJson>,
    /// The audit's findings, steepest steps of the plan (`core::audit::Finding`).
    audit: Vec<audit::Finding>,
}

#[derive(Serialize)]
struct DayJson {
    date: String,
    step: u32,
    target: Dose,
    taken: Option<Dose>,
    hold: bool,
    #[serde(rename = "break")]
    on_break: bool,
    /// A scheduled day off (target 0).
    off: bool,
}

/// The note column of a day: off, held, or on a break.
fn day_note(kind: StepKind, off: bool) -> &'static str {
    match kind {
        StepKind::Taper | StepKind::Hold if off => "off",
        StepKind::Taper => "",
        StepKind::Hold => "hold",
        StepKind::Break => "break",
    }
}

/// Pretty JSON with C0, C1 and bidi controls escaped as `\uXXXX`.
pub(super) fn write_json(out: &mut impl Write, value: &impl Serialize) -> Result<()> {
    let json = serde_json::to_string_pretty(value)?;
    writeln!(out, "{}", json_safe(&json))?;
    Ok(())
}

/// `taper show`.
pub fn show(
    out: &mut impl Write,
    plan: &Plan,
    schedule: &Schedule,
    format: TableFormat,
) -> Result<()> {
    let records = progress::records(plan, schedule);
    match format {
        TableFormat::Json => {
            let days = records
                .iter()
                .map(|r| DayJson {
                    date: r.date.to_string(),
                    step: r.step,
                    target: r.target,
                    taken: r.taken,
                    hold: r.kind == StepKind::Hold,
                    on_break: r.kind == StepKind::Break,
                    off: r.off,
                })
                .collect();
            write_json(
                out,
                &ShowJson {
                    name: &plan.name,
                    unit: &plan.unit,
                    days,
                    audit: audit::audit(plan, schedule),
                },
            )?;
        }
        TableFormat::Csv => {
            let mut writer = csv::Writer::from_writer(&mut *out);
            writer.write_record(["date", "step", "target", "taken", "hold", "break", "off"])?;
            for r in &records {
                writer.write_record([
                    r.date.to_string(),
                    r.step.to_string(),
                    r.target.to_string(),
                    r.taken.map(|t| t.to_string()).unwrap_or_default(),
                    (r.kind == StepKind::Hold).to_string(),
                    (r.kind == StepKind::Break).to_string(),
                    r.off.to_string(),
                ])?;
            }
            writer.flush()?;
        }
        TableFormat::Table => {
            writeln!(
                out,
                "{} — {} {unit} → {} {unit}, {}, {} to {}",
                printable(&plan.name),
                plan.start_dose,
                plan.target_dose,
                plan.method.name(),
                schedule.start,
                schedule.end,
                unit = printable(&plan.unit)
            )?;
            writeln!(
                out,
                "{:<10}  {:>7}  {:>10}  {:>10}  {:>10}",
                "date", "step", "target", "taken", "difference"
            )?;
            let n = schedule.step_count();
            for r in &records {
                let step = format!("{}/{n}", r.step);
                let taken = r.taken.map_or("·".to_string(), |t| t.to_string());
                let diff = r
                    .taken
                    .map_or(String::new(), |t| Dose::format_signed(t.diff(r.target)));
                writeln!(
                    out,
                    "{:<10}  {step:>7}  {:>10}  {taken:>10}  {diff:>10}  {}",
                    r.date,
                    r.target.to_string(),
                    day_note(r.kind, r.off)
                )?;
            }
        }
    }
    Ok(())
}

/// `taper log`: what was logged and what remains that day.
pub fn logged(
    out: &mut impl Write,
    plan: &Plan,
    entry: &DoseEntry,
    status: &DayStatus,
) -> Result<()> {
    let unit = printable(&plan.unit);
    let product = entry
        .product
        .as_deref()
        .map(|p| format!(" ({})", printable(p)))
        .unwrap_or_default();
    writeln!(
        out,
        "logged {} {unit} at {}{product}",
        entry.amount,
        entry.at.format("%Y-%m-%d %H:%M")
    )?;
    match status.target {
        Some(_) if status.off => writeln!(
            out,
            "{}: a day off; {} {unit} taken",
            status.date, status.taken
        )?,
        Some(target) => writeln!(
            out,
            "{}: {} of {target} {unit} taken, {} {unit} remaining",
            status.date,
            status.taken,
            status.remaining()
        )?,
        None => writeln!(
            out,
            "{}: {} {unit} taken (the plan starts {})",
            status.date, status.taken, plan.start
        )?,
    }
    Ok(())
}

#[derive(Serialize)]
struct TodayJson {
    date: String,
    status: &'static str,
    target: Option<Dose>,
    taken: Dose,
    remaining: Dose,
    doses: Vec<PlannedJson>,
    /// A scheduled day off (target 0).
    off: bool,
    checkin: Option<crate::core::CheckIn>,
    /// `"hold"` or `"proceed"`: what the check-ins suggest for the next step.
    suggestion: &'static str,
    reason: String,
    notes: Vec<&'static str>,
}

#[derive(Serialize)]
struct PlannedJson {
    time: String,
    amount: Dose,
    taken: bool,
    /// With dosage forms: how to make the dose, fewest pieces first (`null`: the forms
    /// cannot make it; the audit says so).
    #[serde(skip_serializing_if = "Option::is_none")]
    make: Option<Option<Vec<forms::Part>>>,
}

/// `taper today`.
pub fn today(
    out: &mut impl Write,
    plan: &Plan,
    schedule: &Schedule,
    status: &DayStatus,
    format: TextFormat,
) -> Result<()> {
    let off = schedule.day(status.date).is_some_and(|d| d.off);
    let suggestion = suggest::gate(plan, schedule, status.date);
    let notes = suggest::notes(plan, schedule, status.date);
    if format == TextFormat::Json {
        let doses = status
            .slots
            .iter()
            .map(|s| PlannedJson {
                time: s.planned.time.format("%H:%M").to_string(),
                amount: s.planned.amount,
                taken: s.taken(),
                make: (!plan.forms.is_empty()).then(|| forms::make(s.planned.amount, &plan.forms)),
            })
            .collect();
        let json = TodayJson {
            date: status.date.to_string(),
            status: day::state(schedule, status.date).name(),
            target: status.target,
            taken: status.taken,
            remaining: status.remaining(),
            doses,
            off,
            checkin: plan.checkin_on(status.date).cloned(),
            suggestion: suggestion.name(),
            reason: suggestion.reason(),
            notes,
        };
        return write_json(out, &json);
    }
    let unit = printable(&plan.unit);
    let name = printable(&plan.name);
    let Some(target) = status.target else {
        writeln!(
            out,
            "{} · {name}: the plan starts on {} at {} {unit}",
            status.date, plan.start, plan.start_dose
        )?;
        return Ok(());
    };
    let step = status.step.unwrap_or(1);
    let state = day::state(schedule, status.date);
    let where_ = match state {
        PlanState::Held { since } => {
            let days = (status.date - since).num_days() + 1;
            format!(
                "held since {since} ({days} day{})",
                if days == 1 { "" } else { "s" }
            )
        }
        PlanState::Break { day, days } => format!("break, day {day} of {days}"),
        PlanState::Finished { since } if target.is_zero() => {
            format!("the taper is complete (on {since})")
        }
        PlanState::Finished { since } => {
            format!("the taper is complete (on {since}); {target} {unit} is the maintenance dose")
        }
        PlanState::Before | PlanState::OnPlan => {
            format!("step {step} of {}", schedule.step_count())
        }
    };
    writeln!(out, "{} · {name} · {where_}", status.date)?;
    if off {
        writeln!(
            out,
            "off today (target 0 {unit}) · taken {} {unit}",
            status.taken
        )?;
    } else {
        writeln!(
            out,
            "target {target} {unit} · taken {} {unit} · remaining {} {unit}",
            status.taken,
            status.remaining()
        )?;
    }
    for slot in &status.slots {
        let mark = if slot.taken() { "[x]" } else { "[ ]" };
        let part = slot
            .partly()
            .map(|p| format!(" ({p} {unit} logged)"))
            .unwrap_or_default();
        // A zero-amount planned dose (fewer measurable units than doses) shows as "—".
        let amount = if slot.planned.amount.is_zero() {
            "—".to_string()
        } else {
            format!("{} {unit}", slot.planned.amount)
        };
        let make = match forms::make(slot.planned.amount, &plan.forms) {
            _ if plan.forms.is_empty() || slot.planned.amount.is_zero() => String::new(),
            Some(parts) => format!(" = {}", forms::describe(&parts)),
            None => " (the forms cannot make this dose exactly)".to_string(),
        };
        writeln!(
            out,
            "  {mark} {}  {amount}{make}{part}",
            slot.planned.time.format("%H:%M"),
        )?;
    }
    for extra in &status.extra {
        writeln!(
            out,
            "  [+] {}  {} {unit} (extra)",
            extra.at.format("%H:%M"),
            extra.amount
        )?;
    }
    if let Some(c) = plan.checkin_on(status.date) {
        writeln!(out, "check-in: {}", printable(&c.summary()))?;
    }
    if let suggest::Suggestion::Hold { .. } = suggestion {
        writeln!(
            out,
            "suggestion: {} (`taper hold` holds it; the choice is yours)",
            suggestion.reason()
        )?;
    }
    for note in &notes {
        writeln!(out, "note: {note}")?;
    }
    if let Some(diff) = status.difference().filter(|d| *d > 0) {
        writeln!(
            out,
            "{} {unit} above today's target",
            Dose::from_micros(diff)
        )?;
    }
    if let Some((now, longest)) = progress::free_days(plan, schedule, status.date) {
        writeln!(
            out,
            "{now} day(s) without a dose so far; the longest run is {longest} day(s)"
        )?;
        return Ok(());
    }
    match (state, schedule.next_step_after(status.date)) {
        (PlanState::Held { .. }, _) => {
            writeln!(out, "the next step waits until you resume (`taper resume`)")?
        }
        (_, Some(next)) => writeln!(out, "next step: {} → {} {unit}", next.start, next.dose)?,
        (_, None) => writeln!(out, "at the target dose since {}", schedule.end)?,
    }
    Ok(())
}

/// One line of `taper list`.
pub fn list_line(name: &str, plan: &Plan, schedule: &Schedule, today: NaiveDate) -> String {
    let substance = if plan.substance.is_empty() {
        "-".to_string()
    } else {
        printable(&plan.substance).into_owned()
    };
    let unit = printable(&plan.unit);
    match schedule.day(today) {
        Some(day) => format!(
            "{name}\t{substance}\t{} {unit}\tstep {}/{}",
            day.target,
            day.step,
            schedule.step_count()
        ),
        None => format!(
            "{name}\t{substance}\t{} {unit}\tstarts {}",
            plan.start_dose, plan.start
        ),
    }
}
