//! A long log kept one file a year: the plan file keeps the check-ins and doses of its last
//! two years, and each older year moves to a file of its own beside it (`NAME.2026.toml`,
//! listed in the plan file's `log_years`), so a save rewrites a file that does not grow
//! with the years. `store::load` reads them all back into one plan.
//!
//! Which file an entry is in is a matter of its date alone (a check-in's date, a dose's
//! `at`): a year in `log_years` is in its file, every other year in the plan file. A year
//! moves out once, when an entry two calendar years newer exists: its file is written
//! first, then the plan file without its entries and with the year in `log_years` — the
//! plan file's rename is the moment it moves, so a save killed in between leaves the plan
//! file as it was and a year file nothing lists (written again by the next save).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::Datelike;

use super::super::checkin::CheckIn;
use super::super::error::{FileError, StoreError};
use super::super::fsafe::{self, FileId};
use super::super::plan::{DoseEntry, Plan};
use super::super::year_file;

/// The file of `year` beside the plan file `real`: `NAME.YYYY.toml`.
pub fn path_of(real: &Path, year: i32) -> PathBuf {
    let stem = real.file_stem().unwrap_or_default().to_string_lossy();
    real.with_file_name(format!("{stem}.{year}.toml"))
}

/// What the year files of a plan are on disk (size, times, inode), in `log_years` order:
/// equal when none was written since.
pub fn seen(real: &Path, years: &[i32]) -> Vec<Option<FileId>> {
    years
        .iter()
        .map(|y| FileId::of(&path_of(real, *y)))
        .collect()
}

/// The plan file and its year files as they are on disk: what the interface watches to
/// see that another program changed the plan.
pub fn version(path: &Path, years: &[i32]) -> Vec<Option<FileId>> {
    let real = fsafe::follow_link(path).unwrap_or_else(|_| path.to_path_buf());
    std::iter::once(FileId::of(&real))
        .chain(seen(&real, years))
        .collect()
}

/// Read the files of the plan's `log_years` into its log (`plan` as the plan file alone
/// reads; `real` is that file, links followed). Returns the files' ids as read (`seen`).
pub fn attach(real: &Path, plan: &mut Plan) -> Result<Vec<Option<FileId>>, StoreError> {
    if plan.log_years.is_empty() {
        return Ok(Vec::new());
    }
    let mut ids = Vec::with_capacity(plan.log_years.len());
    let mut checkins: Vec<CheckIn> = Vec::new();
    let mut doses: Vec<DoseEntry> = Vec::new();
    for &year in &plan.log_years {
        let path = path_of(real, year);
        let id = FileId::of(&path);
        let bytes = match fsafe::read(&path) {
            Ok(bytes) => bytes,
            Err(StoreError::Io { error, .. }) if error.kind() == std::io::ErrorKind::NotFound => {
                return Err(StoreError::File(year_file::missing(real, &path, year)));
            }
            Err(e) => return Err(e),
        };
        let log = std::str::from_utf8(&bytes)
            .map_err(|_| StoreError::Invalid(format!("{}: this is not UTF-8 text", path.display())))
            .and_then(|text| {
                year_file::parse(&path, text, year).map_err(|e| year_backup(&path, year, e))
            })?;
        // Unchanged while read, or `None`: then the next save reads it again.
        ids.push(id.filter(|id| FileId::of(&path) == Some(*id)));
        checkins.extend(log.checkins);
        doses.extend(log.doses);
    }
    // The older years first; a sort of runs already in order costs a walk.
    checkins.append(&mut plan.checkins);
    crate::core::checkin::in_date_order(&mut checkins);
    doses.append(&mut plan.doses);
    crate::core::plan::in_time_order(&mut doses);
    plan.checkins = checkins;
    plan.doses = doses;
    Ok(ids)
}

/// Point a year file's error at its `.bak` when that one still reads.
fn year_backup(path: &Path, year: i32, mut error: FileError) -> StoreError {
    let backup = super::backup_path(path);
    let good = fsafe::read(&backup).is_ok_and(|b| {
        std::str::from_utf8(&b).is_ok_and(|t| year_file::parse(&backup, t, year).is_ok())
    });
    if error.backup.is_none() && good {
        error.backup = Some(backup);
    }
    StoreError::File(error)
}

/// A year's entries, as they are in the plan (the log is in time order, the check-ins in
/// date order: a year's are a run of each).
#[derive(Debug, Default, PartialEq)]
pub struct Year<'a> {
    pub checkins: &'a [CheckIn],
    pub doses: &'a [DoseEntry],
}

/// The plan cut by file: the plan file's part (the plan with the entries of the other
/// years), and each year of `log_years` (those without entries too). The log must be in
/// time order and the check-ins in date order (`in_order`).
pub fn parts(plan: &Plan) -> (Plan, BTreeMap<i32, Year<'_>>) {
    debug_assert!(in_order(plan));
    let mut years: BTreeMap<i32, Year> = plan
        .log_years
        .iter()
        .map(|y| (*y, Year::default()))
        .collect();
    let mut main = plan.without_log();
    for run in plan
        .checkins
        .chunk_by(|a, b| a.date.year() == b.date.year())
    {
        match years.get_mut(&run[0].date.year()) {
            Some(year) => year.checkins = run,
            None => main.checkins.extend_from_slice(run),
        }
    }
    for run in plan.doses.chunk_by(|a, b| a.at.year() == b.at.year()) {
        match years.get_mut(&run[0].at.year()) {
            Some(year) => year.doses = run,
            None => main.doses.extend_from_slice(run),
        }
    }
    (main, years)
}

/// Whether the log is in time order and the check-ins in date order, as `Plan` keeps them
/// (each year's entries are then one run).
pub fn in_order(plan: &Plan) -> bool {
    plan.doses.is_sorted_by_key(|d| d.at) && plan.checkins.is_sorted_by_key(|c| c.date)
}

/// Put the log in time order and the check-ins in date order (stable), if they are not.
pub fn put_in_order(plan: &mut Plan) {
    if !in_order(plan) {
        crate::core::plan::in_time_order(&mut plan.doses);
        crate::core::checkin::in_date_order(&mut plan.checkins);
    }
}

/// The years that move out of the plan file at this save: those with entries in it that
/// are two or more years older than the newest entry.
pub fn due(plan: &Plan) -> Vec<i32> {
    let newest = plan
        .doses
        .last()
        .map(|d| d.at.year())
        .into_iter()
        .chain(plan.checkins.last().map(|c| c.date.year()))
        .max();
    let Some(newest) = newest else {
        return Vec::new();
    };
    // A run of entries a year (the log is in time order, the check-ins in date order).
    let mut out: Vec<i32> = plan
        .checkins
        .chunk_by(|a, b| a.date.year() == b.date.year())
        .map(|run| run[0].date.year())
        .chain(
            plan.doses
                .chunk_by(|a, b| a.at.year() == b.at.year())
                .map(|run| run[0].at.year()),
        )
        .filter(|y| *y < newest - 1 && !plan.log_years.contains(y))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// `due` years whose file taper may write: there is none, or one a killed save left (that
/// holds only entries the plan has in that year). A year whose file name is taken by
/// anything else stays in the plan file, and that file is left alone.
pub fn due_at(real: &Path, plan: &Plan) -> Vec<i32> {
    due(plan)
        .into_iter()
        .filter(|year| {
            match left_by_a_save(&path_of(real, *year), *year, &plan.checkins, &plan.doses) {
                Err(StoreError::Io { error, .. })
                    if error.kind() == std::io::ErrorKind::NotFound =>
                {
                    true
                }
                Err(_) => false,
                Ok(left) => left,
            }
        })
        .collect()
}

/// Whether the file at `path` reads as the file of `year` and holds only entries among
/// `checkins` and `doses`: what a save killed before it listed the year leaves there.
fn left_by_a_save(
    path: &Path,
    year: i32,
    checkins: &[CheckIn],
    doses: &[DoseEntry],
) -> Result<bool, StoreError> {
    let bytes = fsafe::read(path)?;
    Ok(std::str::from_utf8(&bytes)
        .ok()
        .and_then(|text| year_file::parse(path, text, year).ok())
        .is_some_and(|log| {
            log.checkins.iter().all(|c| checkins.contains(c))
                && log.doses.iter().all(|d| doses.contains(d))
        }))
}

/// A year file's text, checked and ready to write.
pub struct Prepared {
    year: i32,
    path: PathBuf,
    text: String,
}

/// The text of the file of `year` with `checkins` and `doses`, checked: it reads back as
/// them, and the file it replaces is one taper may write over — a listed year's file, or
/// one nothing lists that holds only entries of these (left by a killed save). Another
/// file of that name is never written over.
pub fn prepare(
    real: &Path,
    year: i32,
    listed: bool,
    checkins: &[CheckIn],
    doses: &[DoseEntry],
) -> Result<Prepared, StoreError> {
    let path = fsafe::follow_link(&path_of(real, year))?;
    let plan_name = real.file_name().unwrap_or_default().to_string_lossy();
    let text = year_file::render(&plan_name, year, checkins, doses);
    // What is written must read back as these entries.
    let back = year_file::parse(&path, &text, year).map_err(|e| {
        StoreError::Invalid(format!(
            "{}: not saved: {e} (please report this)",
            path.display()
        ))
    })?;
    if back.checkins != checkins || back.doses != doses {
        return Err(StoreError::Invalid(format!(
            "{}: not saved: the log would not read back the same (please report this)",
            path.display()
        )));
    }
    if let Ok(meta) = std::fs::metadata(&path) {
        fsafe::check_file(&path, &meta)?;
        if !listed && !left_by_a_save(&path, year, checkins, doses)? {
            return Err(StoreError::Invalid(format!(
                "{}: not saved: this file is not listed in log_years of {plan_name}, and \
                 holds more than taper would write there; taper does not write over it. \
                 Move it away and save again",
                path.display()
            )));
        }
    }
    Ok(Prepared { year, path, text })
}

impl Prepared {
    /// Write it (keeping the file it replaces as its `.bak` when `backup`: the first write
    /// of this file in a save); returns the file's id after.
    pub fn write(&self, backup: bool) -> Result<Option<FileId>, StoreError> {
        fsafe::remove_stale_temps(&self.path);
        let existing = std::fs::metadata(&self.path).ok();
        if let Some(meta) = existing.as_ref().filter(|_| backup) {
            let old = fsafe::read(&self.path)?;
            fsafe::keep_backup(&self.path, &super::backup_path(&self.path), &old, meta)?;
        }
        fsafe::replace(&self.path, self.text.as_bytes(), existing.as_ref())?;
        Ok(FileId::of(&self.path))
    }

    pub fn year(&self) -> i32 {
        self.year
    }
}

/// The year files beside the plan file `real` (`NAME.YYYY.toml`, and their `.bak`), listed
/// or not: what goes with the plan when it is renamed or archived.
pub fn files_beside(real: &Path) -> Vec<PathBuf> {
    let stem = real.file_stem().unwrap_or_default().to_string_lossy();
    let prefix = format!("{stem}.");
    let Ok(entries) = std::fs::read_dir(fsafe::parent(real)) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let rest = name.strip_prefix(&prefix).unwrap_or_default();
            let rest = rest.strip_suffix(".bak").unwrap_or(rest);
            rest.strip_suffix(".toml")
                .is_some_and(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
        })
        .map(|e| e.path())
        .collect();
    out.sort();
    out
}

/// Move the plan file `from` to `to` with its year files (named after it, so renamed with
/// it): every year file is first under its new name too (a link, or a copy), then the plan
/// file moves, then the old names go. A move cut short leaves either plan file with its
/// years; a year file's new name already taken stops it before anything moves.
pub fn move_plan(from: &Path, to: &Path) -> Result<(), StoreError> {
    let old_stem = from.file_stem().unwrap_or_default().to_string_lossy();
    let new_stem = to.file_stem().unwrap_or_default().to_string_lossy();
    let carried: Vec<(PathBuf, PathBuf)> = files_beside(from)
        .into_iter()
        .map(|old| {
            let name = old.file_name().unwrap_or_default().to_string_lossy();
            let tail = name.strip_prefix(old_stem.as_ref()).unwrap_or(&name);
            let new = to.with_file_name(format!("{new_stem}{tail}"));
            (old, new)
        })
        .collect();
    if let Some((_, taken)) = carried.iter().find(|(_, new)| new.exists()) {
        return Err(StoreError::Invalid(format!(
            "{}: exists already; the plan's year files would go there. Move it away first",
            taken.display()
        )));
    }
    let mut placed: Vec<&Path> = Vec::new();
    for (old, new) in &carried {
        // A link, or where links are not possible a copy (written as a save writes).
        let done = match std::fs::hard_link(old, new) {
            Ok(()) => Ok(()),
            Err(_) => fsafe::read(old).and_then(|bytes| fsafe::replace(new, &bytes, None)),
        };
        if let Err(e) = done {
            for new in placed {
                let _ = std::fs::remove_file(new);
            }
            return Err(e);
        }
        placed.push(new);
    }
    std::fs::rename(from, to).map_err(|e| StoreError::io(from, e))?;
    for (old, _) in &carried {
        let _ = std::fs::remove_file(old);
    }
    Ok(())
}
