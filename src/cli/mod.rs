//! The `taper` command line: parse, call the core, print.

mod amend;
mod args;
mod export;
mod journal;
mod new_args;
mod output;
mod plans;
mod recent;
mod status;

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use anyhow::{Result, anyhow, bail};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

pub use args::{Cli, Command};

use crate::core::clock::Clock;
use crate::core::config::Config;
use crate::core::store::{self, Store};
use crate::core::text::{Printable, tolerance_note};
use crate::core::{
    DoseEntry, FileError, Plan, Schedule, StoreError, audit, day, schedule, suggest,
};

/// Run a command (the binary calls this when a subcommand is given).
pub fn main(cli: Cli) -> ExitCode {
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

/// Print an error as the CLI does: a plan-file error as `PATH:LINE:COL: …` (so editors
/// can jump to it), anything else as `taper: …`.
pub fn report(error: &anyhow::Error) {
    let mut stderr = Printable::new(io::stderr().lock());
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

/// The data dir (`--data-dir`, `TAPER_DATA_DIR`, the config's `data_dir`, or the platform
/// default), the clock and the config (read once: the interface takes its theme and the
/// time a day begins from it).
pub fn setup(cli: &Cli) -> Result<(Store, Clock, Config)> {
    let clock = Clock::from_env().map_err(|e| anyhow!(e))?;
    let config = crate::core::config::load()?;
    let dir = match (&cli.data_dir, &config.data_dir) {
        (Some(dir), _) => dir.clone(),
        (None, Some(dir)) => dir.clone(),
        (None, None) => store::default_dir()
            .ok_or_else(|| anyhow!("no data dir on this system; pass --data-dir DIR"))?,
    };
    Ok((Store::new(dir), clock, config))
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
    let plan = store::load(&path)?;
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
    let (store, clock, _) = setup(&cli)?;
    let Some(command) = &cli.command else {
        bail!("no command given");
    };
    let mut out = Printable::new(BufWriter::new(io::stdout().lock()));
    let code = command_run(&cli, command, &store, &clock, &mut out)?;
    out.flush()?;
    Ok(code)
}

fn command_run<W: Write>(
    cli: &Cli,
    command: &Command,
    store: &Store,
    clock: &Clock,
    out: &mut Printable<W>,
) -> Result<ExitCode> {
    match command {
        Command::New(args) => plans::new(store, args, out)?,
        Command::Show { steps: true, .. } => {
            let l = load_selected(store, cli, clock)?;
            status::show_steps(out, &l.plan, &l.schedule)?;
        }
        Command::Show { format, .. } => {
            let l = load_selected(store, cli, clock)?;
            output::show(out, &l.plan, &l.schedule, *format)?;
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
            // The checks below look a week back from the entry's day: on a file taper wrote
            // last, only the log from ten days before that is read (`store::append_recent`).
            let earliest = match when {
                At::DateTime(at) => at.date().min(now.date()),
                At::Time(_) => now.date(),
            };
            let since = earliest - chrono::Days::new(10);
            let (entry, plan) = store::append_recent(&path, since, |plan| {
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
                    product: product.as_deref().map(Into::into),
                    note: note.as_deref().map(Into::into),
                    ..DoseEntry::new(at, *amount)
                };
                let soon = suggest::too_soon(plan, at);
                let schedule = schedule::build(plan, plan.day_of(now))?;
                let large = audit::unusually_large(plan, &schedule, plan.day_of(at), *amount);
                let mut change = day::Change::add(entry);
                audit::mark_warned(plan, &schedule, &mut change);
                change.apply(plan);
                Ok((change.add.swap_remove(0), large, soon))
            })?;
            let (entry, large, soon) = entry;
            if let Some(minutes) = soon {
                let mut err = Printable::new(io::stderr().lock());
                writeln!(
                    err,
                    "taper: note: this dose is {minutes} minute(s) after the one before; the plan asks for at least {} (min_gap_minutes)",
                    plan.min_gap_minutes.unwrap_or_default()
                )?;
                err.flush()?;
            }
            let day = plan.day_of(entry.at);
            let schedule = schedule::build(&plan, plan.day_of(now))?;
            let status = day::status(&plan, &schedule, day);
            output::logged(out, &plan, &entry, &status)?;
            if let Some(large) = large {
                // Logged as typed (a script may log a large dose on purpose); said on stderr.
                let mut err = Printable::new(io::stderr().lock());
                writeln!(
                    err,
                    "note: {} Logged as typed; if it was a typo, correct the day with e on the TUI's Schedule.",
                    large.message(&plan.unit)
                )?;
            }
            if audit::above_recent_intake(&plan, day) {
                writeln!(out, "note: {}", tolerance_note(plan.class))?;
            }
        }
        Command::Today { format } => {
            let l = recent::load_for_today(store, cli, clock)?;
            let status = day::status(&l.plan, &l.schedule, l.today);
            output::today(out, &l.plan, &l.schedule, &status, *format)?;
        }
        Command::List { all } => return plans::list(store, *clock, *all, out),
        Command::Check { file } => {
            let path = match file {
                Some(file) => file.clone(),
                None => store.resolve(cli.plan.as_deref())?,
            };
            plans::check(&path, clock, out)?;
        }
        Command::Hold { .. }
        | Command::Resume { .. }
        | Command::Replan(_)
        | Command::Break { .. }
        | Command::History { .. } => amend::run(store, cli, clock, command, out)?,
        Command::Checkin(args) => journal::checkin(store, cli, clock, args, out)?,
        Command::Journal { from, to, format } => {
            journal::journal(store, cli, clock, (*from, *to), *format, out)?;
        }
        Command::Products { format } => journal::products(store, cli, clock, *format, out)?,
        Command::Use { name } => plans::use_plan(store, name, out)?,
        Command::Archive { name } => plans::archive(store, name, out)?,
        Command::Rename { old, new } => plans::rename(store, old, new, out)?,
        Command::Export(args) => export::export(store, cli, clock, args, out)?,
        Command::Import { csv, dry_run } => export::import(store, cli, clock, csv, *dry_run, out)?,
        Command::Status { short } => return status::status(store, cli, clock, *short, out),
        Command::Man => status::man(out)?,
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
    }
    Ok(ExitCode::SUCCESS)
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
