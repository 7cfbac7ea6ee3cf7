//! `taper status`, `taper man` and `taper show --steps`.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;

use super::args::Cli;
use super::load_selected;
use crate::core::clock::Clock;
use crate::core::day::{self, PlanState};
use crate::core::report::steps;
use crate::core::store::Store;
use crate::core::text::{Printable, printable};
use crate::core::{Plan, Schedule, StoreError};

/// `taper status [--short]`. With `--short` and no plan (or several and none chosen):
/// nothing, exit 0, so a shell prompt stays quiet.
pub fn status<W: Write>(
    store: &Store,
    cli: &Cli,
    clock: &Clock,
    short: bool,
    out: &mut Printable<W>,
) -> Result<ExitCode> {
    let loaded = match load_selected(store, cli, clock) {
        Ok(l) => l,
        Err(e)
            if short
                && matches!(
                    e.downcast_ref::<StoreError>(),
                    Some(StoreError::NoPlans(_) | StoreError::Ambiguous(_))
                ) =>
        {
            return Ok(ExitCode::SUCCESS);
        }
        Err(e) => return Err(e),
    };
    let name = loaded
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let line = short_line(&name, &loaded.plan, &loaded.schedule, loaded.today);
    if short {
        writeln!(out, "{line}")?;
        return Ok(ExitCode::SUCCESS);
    }
    let plan = &loaded.plan;
    let schedule = &loaded.schedule;
    writeln!(out, "{line}")?;
    writeln!(
        out,
        "{} · {} → {} {unit} from {} to {}",
        printable(&plan.name),
        plan.start_dose,
        plan.target_dose,
        schedule.start,
        schedule.end,
        unit = printable(&plan.unit)
    )?;
    if let Some(next) = schedule.next_step_after(loaded.today) {
        writeln!(
            out,
            "next step: {} → {} {}",
            next.start,
            next.dose,
            printable(&plan.unit)
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// One line for a prompt: `kratom 4/9.75 g · step 3/10` (held: `· held`; on a break:
/// `· break 2/5`; after the last step: `· done`; before the start: `· starts DATE`).
pub fn short_line(
    name: &str,
    plan: &Plan,
    schedule: &Schedule,
    today: chrono::NaiveDate,
) -> String {
    let unit = printable(&plan.unit);
    let status = day::status(plan, schedule, today);
    let Some(target) = status.target else {
        return format!("{name} · starts {}", schedule.start);
    };
    let head = format!("{name} {}/{target} {unit}", status.taken);
    let step = status.step.unwrap_or(1);
    let count = schedule.step_count();
    match day::state(schedule, today) {
        PlanState::Before | PlanState::OnPlan => format!("{head} · step {step}/{count}"),
        PlanState::Held { .. } => format!("{head} · step {step}/{count} · held"),
        PlanState::Break { day, days } => format!("{head} · break {day}/{days}"),
        PlanState::Finished { .. } => format!("{head} · done"),
    }
}

/// `taper man`: the roff man page from the clap definition.
pub fn man<W: Write>(out: &mut Printable<W>) -> Result<()> {
    let command = <Cli as clap::CommandFactory>::command();
    let mut page = Vec::new();
    clap_mangen::Man::new(command).render(&mut page)?;
    out.raw(&page)?;
    Ok(())
}

/// `taper show --steps`: one row per change of dose.
pub fn show_steps<W: Write>(
    out: &mut Printable<W>,
    plan: &Plan,
    schedule: &Schedule,
) -> Result<()> {
    let unit = printable(&plan.unit);
    writeln!(
        out,
        "{:>5}  {:<10}  {:<10}  {:>5}  {:>10}  how to make it (time amount, {unit})",
        "step", "from", "to", "days", "daily dose"
    )?;
    let count = schedule.step_count();
    for row in steps::rows(schedule) {
        let to = row.to.map_or("on".to_string(), |d| d.to_string());
        let days = row.days().map_or("-".to_string(), |d| d.to_string());
        let kind = steps::kind_word(row.kind);
        let kind = if kind.is_empty() {
            String::new()
        } else {
            format!("  ({kind})")
        };
        writeln!(
            out,
            "{:>5}  {:<10}  {to:<10}  {days:>5}  {:>10}  {}{kind}",
            format!("{}/{count}", row.number),
            row.from,
            format!("{} {unit}", row.dose),
            row.split_text()
        )?;
    }
    Ok(())
}
