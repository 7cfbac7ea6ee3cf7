//! Changing a saved plan: under the file's lock, read it, change it, write it back
//! atomically, keeping the version it replaces as `NAME.toml.bak`.

use std::fs;
use std::path::Path;

use super::super::error::StoreError;
use super::super::plan::Plan;
use super::super::{append, fsafe, plan_file, render, save_cache};
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
        let _writing = finish_saves();
        fsafe::check_file(&self.path, &self.meta)?;
        fsafe::remove_stale_temps(&self.real);
        let backup = backup_path(&self.real);
        fsafe::keep_backup(&self.real, &backup, &self.bytes, &self.meta)?;
        fsafe::replace(&self.real, text.as_bytes(), Some(&self.meta))
    }
}
