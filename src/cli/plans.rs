//! Commands about whole plans: new, list, check, use, archive, rename.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow};

use super::args::NewArgs;
use super::output;
use crate::core::clock::Clock;
use crate::core::store::{self, Store};
use crate::core::text::{Printable, SAFETY_NOTE, printable};
use crate::core::{Class, StoreError, audit, schedule};

pub fn new(store: &Store, a: &NewArgs, out: &mut impl Write) -> Result<()> {
    if !store::valid_name(&a.name) {
        return Err(StoreError::BadName(a.name.clone()).into());
    }
    let mut request = a.request().map_err(|e| anyhow!(e))?;
    if a.day_starts.is_none()
        && let Some(time) = crate::core::config::load()?.day_starts
    {
        request.segment.day_starts = time;
    }
    let mut plan = request.build()?;
    plan.forms.clone_from(&a.forms);
    let schedule = schedule::build(&plan, plan.start)?;
    let replacing = a.force && store.path_of(&a.name).exists();
    let path = store.create(&a.name, &plan, a.force)?;
    writeln!(out, "{}", path.display())?;
    let mut err = Printable::new(std::io::stderr().lock());
    if replacing {
        let backup = store::backup_path(&path);
        writeln!(err, "the plan it replaced is kept as {}", backup.display())?;
    }
    writeln!(
        err,
        "{} steps, {} {unit} → {} {unit} from {} to {} ({} method).",
        schedule.step_count(),
        plan.start_dose,
        plan.target_dose,
        schedule.start,
        schedule.end,
        plan.method.name(),
        unit = printable(&plan.unit),
    )?;
    if let Some(note) = audit::end_note(&plan) {
        writeln!(err, "note: {note}")?;
    }
    for finding in audit::audit(&plan, &schedule) {
        writeln!(err, "{}", finding.message(&plan))?;
    }
    writeln!(err, "{SAFETY_NOTE}")?;
    err.flush()?;
    Ok(())
}

pub fn list(store: &Store, clock: Clock, all: bool, out: &mut impl Write) -> Result<ExitCode> {
    let names = store.names()?;
    let archived = if all {
        store.archive_dir().names()?
    } else {
        Vec::new()
    };
    if names.is_empty() && archived.is_empty() {
        writeln!(
            out,
            "no plans in {} — create one with `taper new NAME …`",
            store.dir.display()
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    let default = store.default_name();
    let now = clock.now();
    let mut err = Printable::new(std::io::stderr().lock());
    let mut failed = false;
    let mut classes: Vec<(Class, String)> = Vec::new();
    for (store, names, archived) in [
        (store.clone(), names, false),
        (store.archive_dir(), archived, true),
    ] {
        if archived && !names.is_empty() {
            writeln!(out, "archived:")?;
        }
        for name in names {
            let path = store.path_of(&name);
            let marker = if !archived && default.as_deref() == Some(name.as_str()) {
                "*"
            } else {
                " "
            };
            let loaded = store::load(&path).and_then(|plan| {
                let today = plan.day_of(now);
                Ok((schedule::build(&plan, today)?, plan, today))
            });
            match loaded {
                Ok((schedule, plan, today)) => {
                    if !archived && plan.class != Class::Other {
                        classes.push((plan.class, name.clone()));
                    }
                    writeln!(
                        out,
                        "{marker} {}",
                        output::list_line(&name, &plan, &schedule, today)
                    )?
                }
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
    }
    for class in Class::ALL {
        let same: Vec<&str> = classes
            .iter()
            .filter(|(c, _)| *c == class)
            .map(|(_, n)| n.as_str())
            .collect();
        if same.len() > 1 {
            writeln!(
                err,
                "note: {} active plans are {}: {} — doses of one class add up when taken together; archive a plan you no longer follow (`taper archive NAME`).",
                same.len(),
                class.name(),
                same.join(", ")
            )?;
        }
    }
    err.flush()?;
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

pub fn check(path: &Path, clock: &Clock, out: &mut impl Write) -> Result<()> {
    let plan = store::load(path)?;
    let schedule = schedule::build(&plan, plan.day_of(clock.now()))
        .with_context(|| path.display().to_string())?;
    writeln!(
        out,
        "{}: ok — {} steps from {} to {}, {} amendment(s), {} dose(s) logged",
        path.display(),
        schedule.step_count(),
        schedule.start,
        schedule.end,
        plan.amendments.len(),
        plan.doses.len()
    )?;
    if let Some(note) = audit::end_note(&plan) {
        writeln!(out, "note: {note}")?;
    }
    for finding in audit::audit(&plan, &schedule) {
        writeln!(out, "{}", finding.message(&plan))?;
    }
    Ok(())
}

pub fn use_plan(store: &Store, name: &str, out: &mut impl Write) -> Result<()> {
    let path = store.use_plan(name)?;
    writeln!(out, "{name} is now the default plan ({})", path.display())?;
    Ok(())
}

pub fn archive(store: &Store, name: &str, out: &mut impl Write) -> Result<()> {
    let path = store.archive(name)?;
    writeln!(out, "archived {name}: moved to {}", path.display())?;
    Ok(())
}

pub fn rename(store: &Store, old: &str, new: &str, out: &mut impl Write) -> Result<()> {
    let path = store.rename(old, new)?;
    writeln!(out, "renamed {old} to {new} ({})", path.display())?;
    Ok(())
}
