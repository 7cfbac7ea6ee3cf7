//! Changing a plan by dated amendments: hold, resume, replan, break; and `history`.

use std::io::Write;

use anyhow::{Result, anyhow};
use chrono::NaiveDate;
use serde::Serialize;

use super::args::{Command, ReplanArgs, TextFormat, Why};
use super::{Cli, load_selected};
use crate::core::amend::{Amendment, Change, recent_actual};
use crate::core::clock::Clock;
use crate::core::new_plan::{Length, NewPlan};
use crate::core::store::{self, Store};
use crate::core::text::{BREAK_NOTE, printable, tolerance_note};
use crate::core::{Dose, Method, Plan, Schedule, Segment, StoreError, schedule};

fn amendment(from: NaiveDate, change: Change, why: &Why) -> Amendment {
    Amendment {
        reason: why.reason.clone(),
        signed_off_by: why.signed_off_by.clone(),
        ..Amendment::new(from, change)
    }
}

/// Add an amendment made from the plan as it is on disk (read again under its lock), check
/// the amended plan, save it; nothing is written when it does not make a plan.
fn amend(
    path: &std::path::Path,
    today: NaiveDate,
    make: impl FnOnce(&Plan, &Schedule) -> Result<Amendment, StoreError>,
) -> Result<(Plan, Schedule)> {
    let ((), plan) = store::modify(path, |plan| {
        let before = schedule::build(plan, today)?;
        let amendment = make(plan, &before)?;
        plan.add_amendment(amendment);
        plan.validate()?;
        Ok(())
    })?;
    let schedule = schedule::build(&plan, today)?;
    Ok((plan, schedule))
}

pub fn run(
    store: &Store,
    cli: &Cli,
    clock: &Clock,
    command: &Command,
    out: &mut impl Write,
) -> Result<()> {
    let loaded = load_selected(store, cli, clock)?;
    let (path, today) = (loaded.path.as_path(), loaded.today);
    let unit = printable(&loaded.plan.unit).into_owned();
    match command {
        Command::Hold { from, why } => {
            let from = from.unwrap_or(today);
            let (_, schedule) = amend(path, today, |_, _| Ok(amendment(from, Change::Hold, why)))?;
            let dose = schedule
                .day(from)
                .map_or(String::new(), |d| format!(" at {} {unit}", d.target));
            writeln!(
                out,
                "held from {from}{dose}: the later steps wait; `taper resume` ends the hold"
            )?;
        }
        Command::Resume { on, why } => {
            let on = on.unwrap_or(today);
            let (plan, schedule) =
                amend(path, today, |_, _| Ok(amendment(on, Change::Resume, why)))?;
            let held = plan
                .amendments
                .iter()
                .rev()
                .find(|a| a.change == Change::Hold && a.from <= on)
                .map_or(0, |a| (on - a.from).num_days());
            writeln!(
                out,
                "resumed on {on} after {held} day(s) held; the taper now reaches its target on {}",
                schedule.end
            )?;
        }
        Command::Break {
            from,
            days,
            resume_dose,
            why,
        } => {
            let (_, schedule) = amend(path, today, |_, _| {
                Ok(amendment(
                    *from,
                    Change::Break {
                        days: *days,
                        resume_dose: *resume_dose,
                    },
                    why,
                ))
            })?;
            let back = crate::core::segment::add_days(*from, u64::from(*days));
            let dose = schedule
                .day(back)
                .map_or(String::new(), |d| format!(" at {} {unit}", d.target));
            writeln!(
                out,
                "break from {from} for {days} day(s); the taper goes on from {back}{dose} and reaches its target on {}",
                schedule.end
            )?;
            writeln!(out, "note: {BREAK_NOTE}")?;
        }
        Command::Replan(args) => replan(path, today, &unit, args, out)?,
        Command::History { format } => history(&loaded.plan, &unit, *format, out)?,
        _ => return Err(anyhow!("not an amendment command")),
    }
    Ok(())
}

/// The segment a re-plan makes from the plan as it is: the flags given, the rest as in the
/// segment in force on `from`.
pub fn replan_segment(
    plan: &Plan,
    schedule: &Schedule,
    from: NaiveDate,
    today: NaiveDate,
    args: &ReplanArgs,
) -> Result<Segment, StoreError> {
    let current = schedule
        .day(from)
        .map_or(&plan.base, |d| schedule.segment_of(&d))
        .clone();
    // The forms' unit is worked out from the forms, not copied into the re-plan.
    let round_to = args
        .round_to
        .or(crate::core::forms::own_round_to(&current, &plan.forms));
    let start_dose = match (args.dose, args.actual) {
        (Some(dose), _) => dose,
        (None, _) => recent_actual(plan, today, round_to).ok_or_else(|| {
            StoreError::Invalid(
                "--actual needs at least 3 logged days; give the start dose with --dose X".into(),
            )
        })?,
    };
    let length = match (args.end, args.weeks, args.percent) {
        (Some(end), _, _) => Length::End(end),
        (_, Some(weeks), _) => Length::Weeks(weeks),
        (_, _, Some(p)) => Length::Percent(p),
        _ => {
            return Err(StoreError::Invalid(
                "give --end, --weeks or --percent".into(),
            ));
        }
    };
    let kind = current.method.kind();
    let method = args.method.or(match kind {
        Method::Ladder => None,
        _ if args.percent.is_some() => None,
        other => Some(other),
    });
    let (emax, ed50) = match (&current.method, method) {
        (crate::core::Curve::Hyperbolic { emax, ed50 }, Some(Method::Hyperbolic)) => {
            (Some(*emax), Some(*ed50))
        }
        _ => (None, None),
    };
    let doses_per_day = args.doses_per_day.unwrap_or(current.doses_per_day);
    let request = NewPlan {
        start_dose: Some(start_dose),
        length,
        method,
        emax,
        ed50,
        segment: Segment {
            start: from,
            target_dose: current.target_dose.min(start_dose),
            step_days: args.step_days.unwrap_or(current.step_days),
            round_to,
            doses_per_day,
            max_cut: args.max_cut.or(current.max_cut),
            per_days: match args.max_cut {
                Some(_) => args.per_days,
                None => current.per_days,
            },
            dose_times: if doses_per_day == current.doses_per_day {
                current.dose_times.clone()
            } else {
                Vec::new()
            },
            // Either flag replaces both; neither keeps the days off in force.
            off_days: match (&args.off.off_days, args.off.pattern) {
                (None, None) => current.off_days.clone(),
                (days, _) => days.clone().unwrap_or_default().0,
            },
            pattern: match (&args.off.off_days, args.off.pattern) {
                (None, None) => current.pattern,
                (_, pattern) => pattern,
            },
            ..Segment::default()
        },
        ..NewPlan::default()
    };
    request
        .build_segment()
        .map_err(|e| StoreError::Invalid(e.to_string()))
}

fn replan(
    path: &std::path::Path,
    today: NaiveDate,
    unit: &str,
    args: &ReplanArgs,
    out: &mut impl Write,
) -> Result<()> {
    let from = args.from.unwrap_or(today);
    let (plan, schedule) = amend(path, today, |plan, before| {
        let segment = replan_segment(plan, before, from, today, args)?;
        Ok(amendment(
            from,
            Change::Replan(Box::new(segment)),
            &args.why,
        ))
    })?;
    let Some(Change::Replan(seg)) = plan
        .amendments
        .iter()
        .rev()
        .find(|a| a.from == from)
        .map(|a| &a.change)
    else {
        return Ok(());
    };
    writeln!(
        out,
        "re-planned from {from}: {} → {} {unit} by {} ({}); the days before {from} and the log are unchanged",
        seg.start_dose,
        seg.target_dose,
        schedule.end,
        seg.method.name()
    )?;
    if above_recent(&plan, today, seg.start_dose) {
        writeln!(out, "note: {}", tolerance_note(plan.class))?;
    }
    Ok(())
}

/// Whether `dose` is well above (more than 25 %) the most taken on any of the last 3 logged
/// days: the re-plan goes back up, and tolerance may have dropped.
fn above_recent(plan: &Plan, today: NaiveDate, dose: Dose) -> bool {
    recent_actual(plan, today, None).is_some_and(|mean| dose.micros() * 4 > mean.micros() * 5)
}

#[derive(Serialize)]
struct HistoryJson {
    date: String,
    kind: &'static str,
    reason: Option<String>,
    signed_off_by: Option<String>,
    detail: String,
}

fn history(plan: &Plan, unit: &str, format: TextFormat, out: &mut impl Write) -> Result<()> {
    match format {
        TextFormat::Json => {
            let list: Vec<HistoryJson> = plan
                .amendments
                .iter()
                .map(|a| HistoryJson {
                    date: a.from.to_string(),
                    kind: a.change.kind().name(),
                    reason: a.reason.clone(),
                    signed_off_by: a.signed_off_by.clone(),
                    detail: Amendment {
                        reason: None,
                        signed_off_by: None,
                        ..a.clone()
                    }
                    .describe(unit),
                })
                .collect();
            super::output::write_json(out, &list)?;
        }
        TextFormat::Text => {
            if plan.amendments.is_empty() {
                writeln!(out, "no changes since the plan was made ({})", plan.start)?;
            }
            writeln!(
                out,
                "{}  plan made: {} → {} {unit} by {}",
                plan.start, plan.start_dose, plan.target_dose, plan.end
            )?;
            for a in &plan.amendments {
                writeln!(out, "{}  {}", a.from, printable(&a.describe(unit)))?;
            }
        }
    }
    Ok(())
}
