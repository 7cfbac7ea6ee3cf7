//! The `taper` command line: parse, call the core, print.

mod args;
mod output;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow, bail};
use chrono::{NaiveDateTime, NaiveTime};
use clap::Parser;

use args::{ClassArg, MethodArg, NewArgs};
pub use args::{Cli, Command};

use crate::core::clock::Clock;
use crate::core::new_plan::{Length, MethodKind, NewPlan, parse_ladder};
use crate::core::store::{self, Store};
use crate::core::{Class, DoseEntry, FileError, StoreError, audit, day, plan_file, schedule};

/// The note shown once where it matters; never repeated as a nag.
pub const SAFETY_NOTE: &str = "taper plans and records; it does not replace a clinician.";
pub const TOLERANCE_NOTE: &str = "Tolerance drops fast: going back to an old, higher dose after days lower can cause an overdose.";

/// Entry point of the binary.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            report(&error);
            ExitCode::FAILURE
        }
    }
}

fn report(error: &anyhow::Error) {
    let mut stderr = std::io::stderr().lock();
    // A plan-file error starts with PATH:LINE:COL so editors can jump to it.
    let file_error =
        error
            .downcast_ref::<FileError>()
            .or_else(|| match error.downcast_ref::<StoreError>() {
                Some(StoreError::File(e)) => Some(e),
                _ => None,
            });
    let _ = match file_error {
        Some(e) => writeln!(stderr, "{e}"),
        None => writeln!(stderr, "taper: {error:#}"),
    };
}

/// The data dir: `--data-dir`, `TAPER_DATA_DIR`, or the platform default.
pub fn store_for(cli: &Cli) -> Result<Store> {
    let dir = match &cli.data_dir {
        Some(dir) => dir.clone(),
        None => store::default_dir()
            .ok_or_else(|| anyhow!("no data dir on this system; pass --data-dir DIR"))?,
    };
    Ok(Store::new(dir))
}

fn run(cli: Cli) -> Result<ExitCode> {
    let clock = Clock::from_env().map_err(|e| anyhow!(e))?;
    let store = store_for(&cli)?;
    let mut out = std::io::stdout().lock();
    let Some(command) = &cli.command else {
        drop(out);
        return crate::tui::run(&store, cli.plan.as_deref(), clock).map(|()| ExitCode::SUCCESS);
    };
    match command {
        Command::New(args) => new(&store, args, &mut out)?,
        Command::Show { format } => {
            let (plan, schedule) = load_selected(&store, &cli)?;
            output::show(&mut out, &plan, &schedule, *format)?;
        }
        Command::Log {
            amount,
            at,
            product,
            note,
        } => {
            let path = store.resolve(cli.plan.as_deref())?;
            let now = clock.now();
            let at = match at {
                Some(text) => parse_at(text, now)?,
                None => now,
            };
            if at > now + chrono::Duration::minutes(5) {
                bail!(
                    "--at {} is in the future; log a dose once it is taken",
                    at.format("%Y-%m-%d %H:%M")
                );
            }
            let entry = DoseEntry {
                product: product.clone(),
                note: note.clone(),
                ..DoseEntry::new(at, *amount)
            };
            let change = day::Change::add(entry.clone());
            let ((), plan) = store::modify(&path, |plan| {
                change.apply(plan);
                Ok(())
            })?;
            let schedule = schedule::build(&plan)?;
            let day = plan.day_of(at);
            let status = day::status(&plan, &schedule, day);
            output::logged(&mut out, &plan, &entry, &status)?;
            if audit::above_recent_intake(&plan, day) {
                writeln!(out, "note: {TOLERANCE_NOTE}")?;
            }
        }
        Command::Today { format } => {
            let (plan, schedule) = load_selected(&store, &cli)?;
            let status = day::status(&plan, &schedule, plan.day_of(clock.now()));
            output::today(&mut out, &plan, &schedule, &status, *format)?;
        }
        Command::List => return list(&store, clock, &mut out),
        Command::Completions { shell } => {
            clap_complete::generate(
                *shell,
                &mut <Cli as clap::CommandFactory>::command(),
                "taper",
                &mut out,
            );
        }
        Command::Check { file } => {
            let path = match file {
                Some(file) => file.clone(),
                None => store.resolve(cli.plan.as_deref())?,
            };
            check(&path, &mut out)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The plan `--plan` selects (or the default one), read and scheduled.
fn load_selected(store: &Store, cli: &Cli) -> Result<(crate::core::Plan, crate::core::Schedule)> {
    let plan = plan_file::load(&store.resolve(cli.plan.as_deref())?)?;
    let schedule = schedule::build(&plan)?;
    Ok((plan, schedule))
}

/// `--at`: `HH:MM[:SS]` today, or a full date-time.
fn parse_at(text: &str, now: NaiveDateTime) -> Result<NaiveDateTime> {
    let t = text.trim();
    for format in ["%H:%M", "%H:%M:%S"] {
        if let Ok(time) = NaiveTime::parse_from_str(t, format) {
            return Ok(now.date().and_time(time));
        }
    }
    crate::core::clock::parse_now(t)
        .ok()
        .filter(|_| t.len() > 10)
        .ok_or_else(|| anyhow!("--at '{t}': write HH:MM for today, or YYYY-MM-DDTHH:MM"))
}

fn new(store: &Store, a: &NewArgs, out: &mut impl Write) -> Result<()> {
    if !store::valid_name(&a.name) {
        return Err(StoreError::BadName(a.name.clone()).into());
    }
    let length = match (a.end, a.weeks, a.percent, a.method) {
        (Some(end), _, _, _) => Length::End(end),
        (_, Some(weeks), _, _) => Length::Weeks(weeks),
        (_, _, Some(p), _) => Length::Percent(p),
        (None, None, None, Some(MethodArg::Ladder)) => Length::FromSteps,
        _ if a.steps.is_some() => Length::FromSteps,
        _ => bail!("give the length: one of --end DATE, --weeks N or --percent P"),
    };
    let ladder = match &a.steps {
        Some(text) => parse_ladder(text).map_err(|e| anyhow!("--steps: {e}"))?,
        None => Vec::new(),
    };
    let request = NewPlan {
        name: a.name.clone(),
        substance: a.substance.clone(),
        class: class_of(a.class),
        unit: a.unit.clone(),
        start_dose: a.start_dose,
        target_dose: a.target_dose,
        start: a.start,
        length,
        method: a.method.map(method_of),
        step_days: a.step_days,
        round_to: a.round_to,
        doses_per_day: a.doses_per_day,
        emax: a.emax,
        ed50: a.ed50,
        ladder,
    };
    let mut plan = request.build()?;
    if let Some(time) = a.day_starts {
        plan.day_starts = time;
        schedule::validate(&plan)?;
    }
    let schedule = schedule::build(&plan)?;
    let replacing = a.force && store.path_of(&a.name).exists();
    let path = store.create(&a.name, &plan, a.force)?;
    writeln!(out, "{}", path.display())?;
    let mut err = std::io::stderr().lock();
    if replacing {
        let backup = store::backup_path(&path);
        writeln!(err, "the plan it replaced is kept as {}", backup.display())?;
    }
    writeln!(
        err,
        "{} steps, {} {} → {} {} from {} to {} ({} method).",
        schedule.step_count(),
        plan.start_dose,
        plan.unit,
        plan.target_dose,
        plan.unit,
        plan.start,
        schedule.end,
        plan.method.name()
    )?;
    if let Some(note) = audit::end_note(&plan, &schedule) {
        writeln!(err, "note: {note}")?;
    }
    for finding in audit::audit(&plan, &schedule) {
        writeln!(err, "{}", finding.message(&plan))?;
    }
    writeln!(err, "{SAFETY_NOTE}")?;
    Ok(())
}

fn class_of(class: ClassArg) -> Class {
    match class {
        ClassArg::Opioid => Class::Opioid,
        ClassArg::Benzodiazepine => Class::Benzodiazepine,
        ClassArg::Antidepressant => Class::Antidepressant,
        ClassArg::Kratom => Class::Kratom,
        ClassArg::Stimulant => Class::Stimulant,
        ClassArg::Other => Class::Other,
    }
}

fn method_of(method: MethodArg) -> MethodKind {
    match method {
        MethodArg::Linear => MethodKind::Linear,
        MethodArg::Percent => MethodKind::Percent,
        MethodArg::Hyperbolic => MethodKind::Hyperbolic,
        MethodArg::Ladder => MethodKind::Ladder,
    }
}

fn list(store: &Store, clock: Clock, out: &mut impl Write) -> Result<ExitCode> {
    let names = store.names()?;
    if names.is_empty() {
        writeln!(
            out,
            "no plans in {} — create one with `taper new NAME …`",
            store.dir.display()
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    let default = store.default_name();
    let now = clock.now();
    let mut failed = false;
    for name in names {
        let path: PathBuf = store.path_of(&name);
        let marker = if default.as_deref() == Some(name.as_str()) {
            "*"
        } else {
            " "
        };
        match plan_file::load(&path).and_then(|plan| Ok((schedule::build(&plan)?, plan))) {
            Ok((schedule, plan)) => writeln!(
                out,
                "{marker} {}",
                output::list_line(&name, &plan, &schedule, plan.day_of(now))
            )?,
            Err(e) => {
                failed = true;
                writeln!(
                    out,
                    "{marker} {name}\t(cannot be read; see `taper check {}`)",
                    path.display()
                )?;
                eprintln!("{e}");
            }
        }
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn check(path: &std::path::Path, out: &mut impl Write) -> Result<()> {
    let plan = plan_file::load(path)?;
    let schedule = schedule::build(&plan).with_context(|| path.display().to_string())?;
    writeln!(
        out,
        "{}: ok — {} steps from {} to {}, {} dose(s) logged",
        path.display(),
        schedule.step_count(),
        plan.start,
        schedule.end,
        plan.doses.len()
    )?;
    if let Some(note) = audit::end_note(&plan, &schedule) {
        writeln!(out, "note: {note}")?;
    }
    for finding in audit::audit(&plan, &schedule) {
        writeln!(out, "{}", finding.message(&plan))?;
    }
    Ok(())
}
