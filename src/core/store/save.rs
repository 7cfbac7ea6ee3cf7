//! Changing a saved plan: under the file's lock, read it, change it, write it back
//! atomically, keeping the version it replaces as `NAME.toml.bak`.

use std::fs;
use std::path::Path;

use chrono::NaiveDate;

use super::super::error::StoreError;
use super::super::plan::Plan;
use super::super::{append, fsafe, plan_file, recent, render, save_cache};
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
        Some(plan) => plan,
        None => file.parse()?,
    };
    file.save(before, change)
}

/// `modify` for a change that adds entries after the last one (`taper log`): a long file
/// in taper's layout is read only above its log and back to plan day `since`
/// (`recent::parse_recent`), and the new entries' text is appended to the file's, so the
/// cost does not grow with the log. The log further back is not read: a mistake there is
/// left as it is, for the commands that read the whole plan to report. Any other change,
/// a small file or one in another layout goes the way of `modify`, whole. `change` may
/// run twice (on the recent plan, then on the whole one).
pub fn append_recent<T>(
    path: &Path,
    since: NaiveDate,
    mut change: impl FnMut(&mut Plan) -> Result<T, StoreError>,
) -> Result<(T, Plan), StoreError> {
    let file = Locked::open(path)?;
    let text = std::str::from_utf8(&file.bytes).ok();
    if let Some(text) = text
        && let Some(before) = recent::parse_recent(path, text, since)
        && !before.doses.is_empty()
    {
        let mut plan = before.clone();
        let value = change(&mut plan)?;
        if plan.doses.len() > before.doses.len()
            && let Some(new_text) = append::log_edit(text, &before, &plan)
        {
            file.write(&new_text)?;
            return Ok((value, plan));
        }
    }
    let before = file.parse()?;
    file.save(before, change)
}

/// A plan file read under its lock.
struct Locked {
    path: std::path::PathBuf,
    real: std::path::PathBuf,
    _lock: fsafe::Lock,
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
            _lock: lock,
            meta,
            bytes,
        })
    }

    fn parse(&self) -> Result<Plan, StoreError> {
        plan_file::parse_bytes(&self.path, &self.bytes).map_err(|e| with_backup(&self.path, e))
    }

    /// Change `before` (what the file holds) and write the result when it differs.
    fn save<T>(
        self,
        before: Plan,
        change: impl FnOnce(&mut Plan) -> Result<T, StoreError>,
    ) -> Result<(T, Plan), StoreError> {
        let path = self.path.as_path();
        let mut plan = before.clone();
        let value = change(&mut plan)?;
        if plan != before {
            // UTF-8: the bytes were just parsed, or are the text this process wrote.
            let text = std::str::from_utf8(&self.bytes).map_err(|_| {
                StoreError::Invalid(format!("{}: not saved: not UTF-8", path.display()))
            })?;
            let new_text = match append::log_edit(text, &before, &plan) {
                Some(new_text) => new_text,
                None => {
                    let new_text = render::render_over(text, &before, &plan);
                    check_round_trip(path, &new_text, &plan)?;
                    new_text
                }
            };
            self.write(&new_text)?;
            save_cache::put(&self.real, new_text.into_bytes(), &plan);
        }
        Ok((value, plan))
    }

    /// Replace the file with `text`, the old version kept as `NAME.toml.bak`.
    fn write(&self, text: &str) -> Result<(), StoreError> {
        fsafe::check_file(&self.path, &self.meta)?;
        fsafe::remove_stale_temps(&self.real);
        let backup = backup_path(&self.real);
        fsafe::keep_backup(&self.real, &backup, &self.bytes, &self.meta)?;
        fsafe::replace(&self.real, text.as_bytes(), Some(&self.meta))
    }
}
