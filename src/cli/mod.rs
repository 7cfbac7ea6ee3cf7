//! The `taper` command line: parse, call the core, print.

mod args;
mod output;

use std::io::{self, BufWriter, Write};
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
use crate::core::text::Printable;
use crate::core::{Class, DoseEntry, FileError, StoreError, audit, day, schedule};

/// The note shown once where it matters; never repeated as a nag.
pub const SAFETY_NOTE: &str = "taper plans and records; it does not replace a clinician.";
pub const TOLERANCE_NOTE: &str = "Tolerance drops fast: going back to an old, higher dose after days lower can cause an overdose.";

/// Entry point of the binary.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage(&e),
    };
    match run(cli) {
        Ok(code) => code,
        // The reader went away (`taper show | head -1`): nothing more to say.
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            report(&error);
            ExitCode::FAILURE
        }
    }
}

/// clap's help, version and usage errors, printed like everything else (arguments quoted
/// in them are shown printable).
pub fn usage(error: &clap::Error) -> ExitCode {
    let text = error.render().to_string();
    let written = if error.use_stderr() {
        let mut err = Printable::new(io::stderr().lock());
        err.write_all(text.as_bytes()).and_then(|()| err.flush())
    } else {
        let mut out = Printable::new(io::stdout().lock());
        out.write_all(text.as_bytes()).and_then(|()| out.flush())
    };
    match written {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => ExitCode::FAILURE,
        _ => ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2)),
    }
}

pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

fn report(error: &anyhow::Error) {
    let mut stderr = Printable::new(io::stderr().lock());
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
    let _ = stderr.flush();
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
    let Some(command) = &cli.command else {
        return crate::tui::run(&store, cli.plan.as_deref(), clock).map(|()| ExitCode::SUCCESS);
    };
    let mut out = Printable::new(BufWriter::new(io::stdout().lock()));
    let code = command_run(&cli, command, &store, clock, &mut out)?;
    out.flush()?;
    Ok(code)
}

fn command_run<W: Write>(
    cli: &Cli,
    command: &Command,
    store: &Store,
    clock: Clock,
    out: &mut Printable<W>,
) -> Result<ExitCode> {
    match command {
        Command::New(args) => new(store, args, out)?,
        Command::Show { format } => {
            let (plan, schedule) = load_selected(store, cli)?;
            output::show(out, &plan, &schedule, *format)?;
        }
        Command::Log {
            amount,
            at,
            product,
            note,
        } => {
            let path = store.resolve(cli.plan.as_deref())?;
            let now = clock.now();
            let when = match at {
                Some(text) => parse_at(text)?,
                None => At::DateTime(now),
            };
            let (entry, plan) = store::modify(&path, |plan| {
                // `--at 23:00` means that time on the plan day of now (at 01:30 with
                // day_starts = 04:00: the evening before).
                let at = match when {
                    At::DateTime(at) => at,
                    At::Time(time) => plan.instant_on(plan.day_of(now), time),
                };
                if at > now + chrono::Duration::minutes(5) {
                    return Err(StoreError::Invalid(format!(
                        "--at {} is in the future; log a dose once it is taken",
                        at.format("%Y-%m-%d %H:%M")
                    )));
                }
                let entry = DoseEntry {
                    product: product.clone(),
                    note: note.clone(),
                    ..DoseEntry::new(at, *amount)
                };
                day::Change::add(entry.clone()).apply(plan);
                Ok(entry)
            })?;
            let at = entry.at;
            let schedule = schedule::build(&plan)?;
            let day = plan.day_of(at);
            let status = day::status(&plan, &schedule, day);
            output::logged(out, &plan, &entry, &status)?;
            if audit::above_recent_intake(&plan, day) {
                writeln!(out, "note: {TOLERANCE_NOTE}")?;
            }
        }
        Command::Today { format } => {
            let (plan, schedule) = load_selected(store, cli)?;
            let status = day::status(&plan, &schedule, plan.day_of(clock.now()));
            output::today(out, &plan, &schedule, &status, *format)?;
        }
        Command::List => return list(store, clock, out),
        Command::Completions { shell } => {
            // Into memory first: clap_complete panics when a write fails.
            let mut script = Vec::new();
            clap_complete::generate(
                *shell,
                &mut <Cli as clap::CommandFactory>::command(),
                "taper",
                &mut script,
            );
            out.raw(&script)?;
        }
        Command::Check { file } => {
            let path = match file {
                Some(file) => file.clone(),
                None => store.resolve(cli.plan.as_deref())?,
            };
            check(&path, out)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The plan `--plan` selects (or the default one), read and scheduled.
fn load_selected(store: &Store, cli: &Cli) -> Result<(crate::core::Plan, crate::core::Schedule)> {
    let plan = store::load(&store.resolve(cli.plan.as_deref())?)?;
    let schedule = schedule::build(&plan)?;
    Ok((plan, schedule))
}

/// What `--at` says: a time of day on the current plan day, or a full date-time.
#[derive(Clone, Copy)]
enum At {
    Time(NaiveTime),
    DateTime(NaiveDateTime),
}

/// `--at`: `HH:MM[:SS]` today, or a full date-time.
fn parse_at(text: &str) -> Result<At> {
    let t = text.trim();
    for format in ["%H:%M", "%H:%M:%S"] {
        if let Ok(time) = NaiveTime::parse_from_str(t, format) {
            return Ok(At::Time(time));
        }
    }
    crate::core::clock::parse_now(t)
        .ok()
        .filter(|_| t.len() > 10)
        .map(At::DateTime)
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
    let mut err = Printable::new(io::stderr().lock());
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
        plan.end,
        plan.method.name()
    )?;
    for warning in audit::audit(&plan, &schedule) {
        writeln!(err, "note: {}", warning.message(&plan.unit))?;
    }
    writeln!(err, "{SAFETY_NOTE}")?;
    err.flush()?;
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
    let mut err = Printable::new(io::stderr().lock());
    for name in names {
        let path: PathBuf = store.path_of(&name);
        let marker = if default.as_deref() == Some(name.as_str()) {
            "*"
        } else {
            " "
        };
        match store::load(&path).and_then(|plan| Ok((schedule::build(&plan)?, plan))) {
            Ok((schedule, plan)) => writeln!(
                out,
                "{marker} {}",
                output::list_line(&name, &plan, &schedule, plan.day_of(now))
            )?,
            // A FIFO, device or huge file named like a plan is no plan: skip it.
            Err(e @ (StoreError::NotAFile { .. } | StoreError::TooLarge { .. })) => {
                writeln!(err, "note: skipped {name}: {e}")?;
            }
            Err(e) => {
                failed = true;
                writeln!(
                    out,
                    "{marker} {name}\t(cannot be read; see `taper check {}`)",
                    path.display()
                )?;
                writeln!(err, "{e}")?;
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
    let plan = store::load(path)?;
    let schedule = schedule::build(&plan).with_context(|| path.display().to_string())?;
    writeln!(
        out,
        "{}: ok — {} steps from {} to {}, {} dose(s) logged",
        path.display(),
        schedule.step_count(),
        plan.start,
        plan.end,
        plan.doses.len()
    )?;
    for warning in audit::audit(&plan, &schedule) {
        writeln!(out, "note: {}", warning.message(&plan.unit))?;
    }
    Ok(())
}
