//! The `taper` command line: parse, call the core, print.

mod amend;
mod args;
mod output;
mod plans;

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Result, anyhow, bail};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

pub use args::{Cli, Command};

use crate::core::clock::Clock;
use crate::core::store::{self, Store};
use crate::core::text::TOLERANCE_NOTE;
use crate::core::{
    DoseEntry, FileError, Plan, Schedule, StoreError, audit, day, plan_file, schedule,
};

/// Run a command (the binary calls this when a subcommand is given).
pub fn main(cli: Cli) -> ExitCode {
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            report(&error);
            ExitCode::FAILURE
        }
    }
}

/// Print an error as the CLI does: a plan-file error as `PATH:LINE:COL: …` (so editors
/// can jump to it), anything else as `taper: …`.
pub fn report(error: &anyhow::Error) {
    let mut stderr = std::io::stderr().lock();
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

/// The data dir (`--data-dir`, `TAPER_DATA_DIR`, or the platform default) and the clock.
pub fn setup(cli: &Cli) -> Result<(Store, Clock)> {
    let clock = Clock::from_env().map_err(|e| anyhow!(e))?;
    let dir = match &cli.data_dir {
        Some(dir) => dir.clone(),
        None => store::default_dir()
            .ok_or_else(|| anyhow!("no data dir on this system; pass --data-dir DIR"))?,
    };
    Ok((Store::new(dir), clock))
}

/// The selected plan, read and scheduled as of today.
pub(crate) struct Loaded {
    pub path: std::path::PathBuf,
    pub plan: Plan,
    pub schedule: Schedule,
    pub today: NaiveDate,
}

pub(crate) fn load_selected(store: &Store, cli: &Cli, clock: &Clock) -> Result<Loaded> {
    let path = store.resolve(cli.plan.as_deref())?;
    let plan = plan_file::load(&path)?;
    let today = plan.day_of(clock.now());
    let schedule = schedule::build(&plan, today)?;
    Ok(Loaded {
        path,
        plan,
        schedule,
        today,
    })
}

fn run(cli: Cli) -> Result<ExitCode> {
    let (store, clock) = setup(&cli)?;
    let mut out = std::io::stdout().lock();
    let Some(command) = &cli.command else {
        bail!("no command given");
    };
    match command {
        Command::New(args) => plans::new(&store, args, &mut out)?,
        Command::Show { format } => {
            let l = load_selected(&store, &cli, &clock)?;
            output::show(&mut out, &l.plan, &l.schedule, *format)?;
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
            let day = plan.day_of(at);
            let schedule = schedule::build(&plan, plan.day_of(now))?;
            let status = day::status(&plan, &schedule, day);
            output::logged(&mut out, &plan, &entry, &status)?;
            if audit::above_recent_intake(&plan, day) {
                writeln!(out, "note: {TOLERANCE_NOTE}")?;
            }
        }
        Command::Today { format } => {
            let l = load_selected(&store, &cli, &clock)?;
            let status = day::status(&l.plan, &l.schedule, l.today);
            output::today(&mut out, &l.plan, &l.schedule, &status, *format)?;
        }
        Command::List { all } => return plans::list(&store, clock, *all, &mut out),
        Command::Check { file } => {
            let path = match file {
                Some(file) => file.clone(),
                None => store.resolve(cli.plan.as_deref())?,
            };
            plans::check(&path, &clock, &mut out)?;
        }
        Command::Hold { .. }
        | Command::Resume { .. }
        | Command::Replan(_)
        | Command::Break { .. }
        | Command::History { .. } => amend::run(&store, &cli, &clock, command, &mut out)?,
        Command::Use { name } => plans::use_plan(&store, name, &mut out)?,
        Command::Archive { name } => plans::archive(&store, name, &mut out)?,
        Command::Rename { old, new } => plans::rename(&store, old, new, &mut out)?,
        Command::Completions { shell } => {
            clap_complete::generate(
                *shell,
                &mut <Cli as clap::CommandFactory>::command(),
                "taper",
                &mut out,
            );
        }
    }
    Ok(ExitCode::SUCCESS)
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
