//! Changing a saved plan: under the file's lock, read it, change it, write it back
//! atomically, keeping the version it replaces as `NAME.toml.bak`.

use std::fs;
use std::path::Path;

use chrono::{Datelike, NaiveDate};

use super::super::error::StoreError;
use super::super::plan::Plan;
use super::super::{append, fsafe, plan_file, recent, render, save_cache};
use super::stamp::{Fingerprint, Stamp};
use super::years;
use super::{backup_path, check_round_trip, with_backup};

/// Read the plan at `path` under its lock, change it with `change`, and write it back
/// (only if `change` succeeds and the plan is still valid). Returns the saved plan.
///
/// The file is re-read inside the lock, so entries another program logged meanwhile are
/// kept. The text written is parsed back and compared before it replaces the file (when
/// only entries at the end of the log were added or removed, `append::log_edit` keeps the
/// text and reads back just the new part), and the version it replaces is kept as
/// `NAME.toml.bak`. Temp files of saves killed midway are
/// removed before writing.
pub fn modify<T>(
    path: &Path,
    change: impl FnOnce(&mut Plan) -> Result<T, StoreError>,
) -> Result<(T, Plan), StoreError> {
    let file = Locked::open(path)?;
    let before = match save_cache::take(&file.real, &file.bytes) {
        Some((plan, seen)) if seen == years::seen(&file.real, &plan.log_years) => plan,
        _ => file.parse()?,
    };
    file.save(before, change)
}

/// `modify` for a change that adds entries after the last one (`taper log`). When the file
/// is the one taper last wrote (its stamp in the lock file matches: see `stamp`), it was
/// read and checked then; only the text above its log and its days from `since` on are read
/// now (`recent::parse_recent`), `change` runs on that plan, and the new entries' text is
/// appended. `change` must look at no day before `since`, and the entries it adds must be
/// on or after it. Otherwise — a file changed since by anything else, not in taper's layout,
/// or a change that is not such an append — it is `modify`, whole (`change` may then run a
/// second time, on the whole plan).
pub fn append_recent<T>(
    path: &Path,
    since: NaiveDate,
    mut change: impl FnMut(&mut Plan) -> Result<T, StoreError>,
) -> Result<(T, Plan), StoreError> {
    let file = Locked::open(path)?;
    let mut print = Fingerprint::default();
    if let Some((text, before)) = file.recent(since, &mut print) {
        let mut plan = before.clone();
        let value = change(&mut plan)?;
        // No year of the file's moves out now (`years::due`: the full save does that).
        let newest = plan.doses.last().map(|d| d.at.year());
        let oldest = recent::first_year(text, &before);
        if newest.is_some_and(|newest| oldest.is_some_and(|oldest| oldest >= newest - 1))
            && plan.doses.len() > before.doses.len()
            && plan.doses[before.doses.len()..]
                .iter()
                .all(|e| plan.day_of(e.at) >= since)
            && let Some(append::Edit::Append(more)) = append::edit(text, &before, &plan)
        {
            // The old bytes and the new ones, written one after the other.
            print.update(more.as_bytes());
            file.write_parts(&[&file.bytes, more.as_bytes()], &print)?;
            return Ok((value, plan));
        }
    }
    let before = file.parse()?;
    file.save(before, change)
}

/// Held while a save writes. `finish_saves` waits for a save under way and keeps any other
/// from starting: what a program that must exit at once (`tui::hangup`) takes first.
static WRITING: std::sync::Mutex<()> = std::sync::Mutex::new(());

pub fn finish_saves() -> std::sync::MutexGuard<'static, ()> {
    WRITING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A plan file read under its lock.
struct Locked {
    path: std::path::PathBuf,
    real: std::path::PathBuf,
    lock: fsafe::Lock,
    meta: fs::Metadata,
    bytes: Vec<u8>,
}

impl Locked {
    fn open(path: &Path) -> Result<Locked, StoreError> {
        let real = fsafe::follow_link(path)?;
        let lock = fsafe::lock(&real)?;
        let meta = fs::metadata(&real).map_err(|e| StoreError::io(path, e))?;
        let bytes = fsafe::read(&real)?;
        Ok(Locked {
            path: path.to_path_buf(),
            real,
            lock,
            meta,
            bytes,
        })
    }

    /// The plan with only its days from `since` on, when the file is the one taper last
    /// wrote (and in its layout); `None` otherwise.
    /// (`print` is left with the checksum of the file's bytes.) With the file's text.
    fn recent(&self, since: NaiveDate, print: &mut Fingerprint) -> Option<(&str, Plan)> {
        let noted = Stamp::noted(&self.lock)?;
        print.update(&self.bytes);
        (Stamp::with(&self.meta, print)? == noted).then_some(())?;
        let text = std::str::from_utf8(&self.bytes).ok()?;
        Some((text, recent::parse_recent(&self.path, text, since)?))
    }

    /// The whole plan: the file, and the files of its `log_years`.
    fn parse(&self) -> Result<Plan, StoreError> {
        let mut plan = plan_file::parse_bytes(&self.path, &self.bytes)
            .map_err(|e| with_backup(&self.path, e))?;
        years::attach(&self.real, &mut plan)?;
        Ok(plan)
    }

    /// Change `before` (what the file holds) and write the result when it differs.
    fn save<T>(
        self,
        before: Plan,
        change: impl FnOnce(&mut Plan) -> Result<T, StoreError>,
    ) -> Result<(T, Plan), StoreError> {
        let mut plan = before.clone();
        let value = change(&mut plan)?;
        // Where the log is kept is for the save to say; which file an entry goes to
        // relies on the order `Plan` keeps.
        plan.log_years.clone_from(&before.log_years);
        years::put_in_order(&mut plan);
        if plan == before {
            return Ok((value, plan));
        }
        let moving = years::due(&plan);
        if moving.is_empty() && plan.log_years.is_empty() {
            // One file.
            let bytes = self.write_plan_file(&before, &plan)?;
            save_cache::put(&self.real, bytes, &plan, Vec::new());
            return Ok((value, plan));
        }
        plan.log_years.extend(moving);
        plan.log_years.sort_unstable();
        let (main_before, years_before) = years::parts(&before);
        let (main, years_after) = years::parts(&plan);
        // The year files first: a year moving out is listed in the plan file only once its
        // file is written (see `years`).
        let name = self.real.file_name().unwrap_or_default().to_string_lossy();
        for (year, entries) in &years_after {
            if !before.log_years.contains(year) || years_before.get(year) != Some(entries) {
                let _writing = finish_saves();
                years::write(&self.real, &name, *year, entries)?;
            }
        }
        let bytes = match main == main_before {
            true => self.bytes.clone(),
            false => self.write_plan_file(&main_before, &main)?,
        };
        let seen = years::seen(&self.real, &plan.log_years);
        save_cache::put(&self.real, bytes, &plan, seen);
        Ok((value, plan))
    }

    /// Write the plan file's part of `plan` over the file that holds `before`'s; returns
    /// the bytes written.
    fn write_plan_file(&self, before: &Plan, plan: &Plan) -> Result<Vec<u8>, StoreError> {
        let path = self.path.as_path();
        // UTF-8: the bytes were just parsed, or are the text this process wrote.
        let text = std::str::from_utf8(&self.bytes).map_err(|_| {
            StoreError::Invalid(format!("{}: not saved: not UTF-8", path.display()))
        })?;
        let new_text = match append::log_edit(text, before, plan) {
            Some(new_text) => new_text,
            None => {
                let new_text = render::render_over(text, before, plan);
                check_round_trip(path, &new_text, plan)?;
                new_text
            }
        };
        self.write(&new_text)?;
        Ok(new_text.into_bytes())
    }

    /// Replace the file with `text`, the old version kept as `NAME.toml.bak`.
    fn write(&self, text: &str) -> Result<(), StoreError> {
        let mut print = Fingerprint::default();
        print.update(text.as_bytes());
        self.write_parts(&[text.as_bytes()], &print)
    }

    /// `write` of a text given in parts, whose checksum is `print`; the stamp of the file
    /// written is noted in the lock file.
    fn write_parts(&self, parts: &[&[u8]], print: &Fingerprint) -> Result<(), StoreError> {
        let _writing = finish_saves();
        fsafe::check_file(&self.path, &self.meta)?;
        fsafe::remove_stale_temps(&self.real);
        let backup = backup_path(&self.real);
        fsafe::keep_backup(&self.real, &backup, &self.bytes, &self.meta)?;
        fsafe::replace_parts(&self.real, parts, Some(&self.meta))?;
        Stamp::note_written(&self.lock, &self.real, print);
        Ok(())
    }
}
