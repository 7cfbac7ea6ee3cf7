//! Changing a saved plan: under the file's lock, read it, change it, write it back
//! atomically, keeping the version it replaces as `NAME.toml.bak`.

use std::fs;
use std::path::Path;

use chrono::{Datelike, NaiveDate};

use super::super::error::StoreError;
use super::super::plan::Plan;
use super::super::{append, fastlog, fsafe, plan_file, recent, render, save_cache};
use super::stamp::{Fingerprint, Stamp};
use super::{backup_path, check_round_trip, with_backup};
use super::{steps, years};
use crate::core::fsafe::FileId;

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
    let _under_way = under_way();
    let (file, before, ids) = Locked::open_whole(path)?;
    file.save(before, ids, change)
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
    let _under_way = under_way();
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
            let _writing = finish_saves();
            // In time order: the file was (`recent` checked it), and the new entries come
            // after its last (`append::edit` appends nothing else).
            file.write_parts(&[&file.bytes, more.as_bytes()], &print, true, true)?;
            return Ok((value, plan));
        }
    }
    let (before, ids) = file.parse()?;
    file.save(before, ids, change)
}

/// Held while a save writes. `finish_saves` waits for a save under way and keeps any other
/// from starting.
static WRITING: std::sync::Mutex<()> = std::sync::Mutex::new(());

pub fn finish_saves() -> std::sync::MutexGuard<'static, ()> {
    WRITING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// How many saves are under way, from waiting for the plan's lock to the last write: what a
/// signal handler that must end the program (`tui::hangup`), and so cannot wait on a lock,
/// looks at.
static UNDER_WAY: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// A save under way; when it is dropped, the save is over (done or failed).
pub struct UnderWay(());

impl Drop for UnderWay {
    fn drop(&mut self) {
        UNDER_WAY.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
    }
}

/// Mark a save under way until the value returned is dropped.
pub fn under_way() -> UnderWay {
    UNDER_WAY.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    UnderWay(())
}

/// Whether a save is under way (async-signal-safe: one atomic load).
pub fn saving() -> bool {
    UNDER_WAY.load(std::sync::atomic::Ordering::SeqCst) > 0
}

/// A file's text to write at a save.
enum Text {
    Plan(String),
    Year(years::Prepared),
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

    /// The file and the whole plan (remembered from this process's last save when the
    /// files are still as it left them, else read), with its year files' ids.
    fn open_whole(path: &Path) -> Result<(Locked, Plan, Vec<Option<FileId>>), StoreError> {
        let file = Locked::open(path)?;
        let (before, ids) = match save_cache::take(&file.real, &file.bytes) {
            // Every year file known (one read while it changed is read again).
            Some((plan, ids))
                if ids.iter().all(Option::is_some)
                    && ids == years::seen(&file.real, &plan.log_years) =>
            {
                (plan, ids)
            }
            _ => file.parse()?,
        };
        Ok((file, before, ids))
    }

    /// The plan with only its days from `since` on, when the file is the one taper last
    /// wrote (and in its layout); `None` otherwise.
    /// (`print` is left with the checksum of the file's bytes.) With the file's text.
    fn recent(&self, since: NaiveDate, print: &mut Fingerprint) -> Option<(&str, Plan)> {
        let noted = Stamp::noted(&self.lock)?;
        print.update(&self.bytes);
        noted.is_of(&self.meta, print).then_some(())?;
        let text = std::str::from_utf8(&self.bytes).ok()?;
        Some((text, recent::parse_recent(&self.path, text, since)?))
    }

    /// The whole plan: the file, and the files of its `log_years` (with their ids as read).
    fn parse(&self) -> Result<(Plan, Vec<Option<FileId>>), StoreError> {
        let mut plan = plan_file::parse_bytes(&self.path, &self.bytes)
            .map_err(|e| with_backup(&self.path, e))?;
        let ids = years::attach(&self.real, &mut plan)?;
        Ok((plan, ids))
    }

    /// Change `before` (what the files hold; `ids`: its year files as read) and write the
    /// result when it differs.
    fn save<T>(
        self,
        before: Plan,
        ids: Vec<Option<FileId>>,
        change: impl FnOnce(&mut Plan) -> Result<T, StoreError>,
    ) -> Result<(T, Plan), StoreError> {
        let mut plan = before.clone();
        let value = change(&mut plan)?;
        self.write_changed(&before, ids, &mut plan)?;
        Ok((value, plan))
    }

    /// The part of `save` that does not depend on the change (one copy in the program, not
    /// one per kind of change): write `plan` over `before` when it differs.
    fn write_changed(
        self,
        before: &Plan,
        ids: Vec<Option<FileId>>,
        plan: &mut Plan,
    ) -> Result<(), StoreError> {
        // Where the log is kept is for the save to say; which file an entry goes to
        // relies on the order `Plan` keeps.
        plan.log_years.clone_from(&before.log_years);
        years::put_in_order(plan);
        if *plan == *before {
            return Ok(());
        }
        let moving = years::due_at(&self.real, plan);
        if moving.is_empty() && plan.log_years.is_empty() {
            // One file.
            let text = self.plan_file_text(self.text()?, before, plan)?;
            let _writing = finish_saves();
            self.write(&text, true)?;
            save_cache::put(&self.real, text.into_bytes(), plan, Vec::new());
            return Ok(());
        }
        plan.log_years.extend(moving);
        plan.log_years.sort_unstable();
        // Every text made and checked before any file is written.
        let mut texts: Vec<(steps::File, Text)> = Vec::new();
        let (plan_file_before, steps) = steps::steps(before, plan);
        let mut on_disk: (String, Plan) = (self.text()?.to_string(), plan_file_before);
        for step in steps {
            let text = match step.file {
                steps::File::Plan => {
                    let text = self.plan_file_text(&on_disk.0, &on_disk.1, &step.part)?;
                    on_disk = (text.clone(), step.part);
                    Text::Plan(text)
                }
                steps::File::Year(year) => Text::Year(years::prepare(
                    &self.real,
                    year,
                    before.log_years.contains(&year),
                    &step.part.checkins,
                    &step.part.doses,
                )?),
            };
            texts.push((step.file, text));
        }
        fsafe::check_file(&self.path, &self.meta)?;
        // The year files as this plan knows them: as read, or as written now.
        let mut known: std::collections::BTreeMap<i32, Option<FileId>> =
            before.log_years.iter().copied().zip(ids).collect();
        let _writing = finish_saves();
        // Each file's `.bak` is the version from before this save: made at its first write.
        let mut written: Vec<steps::File> = Vec::new();
        for (file, text) in &texts {
            let first = !written.contains(file);
            written.push(*file);
            match text {
                Text::Plan(text) => self.write(text, first)?,
                Text::Year(prepared) => {
                    known.insert(prepared.year(), prepared.write(first)?);
                }
            }
        }
        let ids = plan
            .log_years
            .iter()
            .map(|y| known.get(y).copied().flatten())
            .collect();
        save_cache::put(&self.real, on_disk.0.into_bytes(), plan, ids);
        Ok(())
    }

    /// The file's text (UTF-8: the bytes were just parsed, or are the text this process
    /// wrote).
    fn text(&self) -> Result<&str, StoreError> {
        std::str::from_utf8(&self.bytes).map_err(|_| {
            StoreError::Invalid(format!("{}: not saved: not UTF-8", self.path.display()))
        })
    }

    /// The plan file's text for `plan` (its part), over `text` that holds `before`'s:
    /// only the end changed, or rendered over it and read back.
    fn plan_file_text(&self, text: &str, before: &Plan, plan: &Plan) -> Result<String, StoreError> {
        Ok(match append::log_edit(text, before, plan) {
            Some(new_text) => new_text,
            None => {
                let new_text = render::render_over(text, before, plan);
                check_round_trip(&self.path, &new_text, plan)?;
                new_text
            }
        })
    }

    /// Replace the file with `text`, the old version kept as `NAME.toml.bak` (`backup`:
    /// the first write of a save; a second keeps the version from before the save).
    /// The caller holds `finish_saves`.
    fn write(&self, text: &str, backup: bool) -> Result<(), StoreError> {
        let mut print = Fingerprint::default();
        print.update(text.as_bytes());
        let ordered = fastlog::doses_in_order(text);
        self.write_parts(&[text.as_bytes()], &print, backup, ordered)
    }

    /// `write` of a text given in parts, whose checksum is `print`; the stamp of the file
    /// written (`ordered`: its doses are in time order) is noted in the lock file.
    fn write_parts(
        &self,
        parts: &[&[u8]],
        print: &Fingerprint,
        backup: bool,
        ordered: bool,
    ) -> Result<(), StoreError> {
        fsafe::check_file(&self.path, &self.meta)?;
        fsafe::remove_stale_temps(&self.real);
        if backup {
            let backup = backup_path(&self.real);
            fsafe::keep_backup(&self.real, &backup, &self.bytes, &self.meta)?;
        }
        fsafe::replace_parts(&self.real, parts, Some(&self.meta))?;
        Stamp::note_written(&self.lock, &self.real, print, ordered);
        Ok(())
    }
}
