//! Where plans live, and how they are written: atomically (see `fsafe`: temp file in the
//! same folder, fsync, rename), mode 0600, under a lock so that the TUI and the CLI never
//! lose each other's entries, keeping the previous version as `NAME.toml.bak`.

use std::fs;
use std::path::{Path, PathBuf};

use super::error::{FileError, StoreError};
use super::plan::Plan;
use super::{fastlog, fsafe, plan_file, recent, render};

mod save;
mod stamp;
mod steps;
pub mod years;
pub use save::{UnderWay, append_recent, finish_saves, modify, saving, under_way};

/// The data dir and the plans in it.
#[derive(Clone, Debug)]
pub struct Store {
    pub dir: PathBuf,
}

const DEFAULT_FILE: &str = "default";

/// The platform data dir, e.g. `~/.local/share/taper`.
pub fn default_dir() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join("taper"))
}

/// The plan with only the entries of plan days from `since` on (see `core::recent`), for
/// the interface's first frame and `taper today`; `None` when the file is small, not in
/// taper's layout, or keeps days from `since` on in a year file (read it whole then).
/// When the file is the one taper last wrote with its log in time order (its stamp, see
/// `stamp`), only its two ends are read; otherwise all of it, and its order is checked.
pub fn load_recent(path: &Path, since: chrono::NaiveDate) -> Result<Option<Plan>, StoreError> {
    use std::io::Seek as _;
    let real = fsafe::follow_link(path)?;
    let mut file = fsafe::open_read(&real).map_err(|e| StoreError::io(path, e))?;
    let meta = file.metadata().map_err(|e| StoreError::io(path, e))?;
    // A small file is left to the caller, which reads it whole: not read twice.
    if meta.len() < recent::SMALL as u64 {
        return Ok(None);
    }
    if let Some(plan) = stamped_ends(path, &real, &mut file, &meta, since) {
        return Ok(Some(plan));
    }
    // The same file whole, from its start (the two-ends read may have moved on).
    file.rewind().map_err(|e| StoreError::io(path, e))?;
    let bytes = fsafe::read_from(path, file, &meta)?;
    Ok(std::str::from_utf8(&bytes)
        .ok()
        .and_then(|text| recent::parse_recent(path, text, since)))
}

/// `recent::read_ends` of the open plan file (`real`: where it is, its lock beside it) when
/// its stamp vouches for it; `None` otherwise.
fn stamped_ends(
    path: &Path,
    real: &Path,
    file: &mut fs::File,
    meta: &fs::Metadata,
    since: chrono::NaiveDate,
) -> Option<Plan> {
    if !meta.is_file() || !stamp::Stamp::noted_beside(real)?.vouches_for(meta) {
        return None;
    }
    recent::read_ends(path, file, meta.len(), since)
}

/// Letters, digits, `-` and `_`, at most 64 characters.
pub fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Read and parse a plan file, and the files of its `log_years` (see `years`); a file that
/// no longer parses names its `.bak` when that one is still good.
///
/// Read without the lock, while a save may be writing: when a file changed during the
/// reading (a save that moves entries between files writes them one after the other), it
/// is all read again, so the plan is never half of one save.
pub fn load(path: &Path) -> Result<Plan, StoreError> {
    let real = fsafe::follow_link(path)?;
    let mut tries = 0;
    loop {
        let main = fsafe::FileId::of(&real);
        let mut plan = plan_file::load(path).map_err(|e| match e {
            StoreError::File(e) => with_backup(path, e),
            other => other,
        })?;
        if plan.log_years.is_empty() {
            return Ok(plan);
        }
        let ids = years::attach(&real, &mut plan)?;
        tries += 1;
        let still = fsafe::FileId::of(&real) == main
            && ids.iter().all(Option::is_some)
            && ids == years::seen(&real, &plan.log_years);
        if still || tries == 5 {
            return Ok(plan);
        }
    }
}

/// Point a parse error at the backup of the last good version, when there is one.
pub(super) fn with_backup(path: &Path, mut error: FileError) -> StoreError {
    let backup = backup_path(&fsafe::follow_link(path).unwrap_or_else(|_| path.to_path_buf()));
    if error.backup.is_none()
        && fsafe::read(&backup).is_ok_and(|b| plan_file::parse_bytes(&backup, &b).is_ok())
    {
        error.backup = Some(backup);
    }
    StoreError::File(error)
}

pub(super) fn check_round_trip(path: &Path, text: &str, plan: &Plan) -> Result<(), StoreError> {
    match plan_file::parse(path, text) {
        Ok(back) if back == *plan => Ok(()),
        Ok(_) => Err(StoreError::Invalid(format!(
            "{}: not saved: the plan would not read back the same (please report this)",
            path.display()
        ))),
        Err(e) => Err(StoreError::Invalid(format!(
            "{}: not saved: {e}",
            path.display()
        ))),
    }
}

/// Where a save keeps the version it replaces: `NAME.toml.bak` beside it.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    path.with_file_name(name)
}

impl Store {
    pub fn new(dir: impl Into<PathBuf>) -> Store {
        Store { dir: dir.into() }
    }

    pub fn path_of(&self, name: &str) -> PathBuf {
        self.dir.join(format!("{name}.toml"))
    }

    /// Create the data dir (mode 0700) if needed.
    pub fn ensure_dir(&self) -> Result<(), StoreError> {
        let mut builder = fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            builder.mode(0o700);
        }
        builder
            .create(&self.dir)
            .map_err(|e| StoreError::io(&self.dir, e))
    }

    /// Plan names in the data dir, sorted.
    pub fn names(&self) -> Result<Vec<String>, StoreError> {
        let entries = match fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(StoreError::io(&self.dir, e)),
        };
        let mut names: Vec<String> = entries
            .filter_map(Result::ok)
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                name.strip_suffix(".toml")
                    .filter(|n| valid_name(n))
                    .map(str::to_string)
            })
            .collect();
        names.sort();
        Ok(names)
    }

    /// The plan recorded as default (the one `new` created last), if it still exists.
    pub fn default_name(&self) -> Option<String> {
        let bytes = fsafe::read(&self.dir.join(DEFAULT_FILE)).ok()?;
        let name = String::from_utf8_lossy(&bytes).trim().to_string();
        (valid_name(&name) && self.path_of(&name).exists()).then_some(name)
    }

    pub fn set_default(&self, name: &str) -> Result<(), StoreError> {
        let _under_way = under_way();
        fsafe::write_atomic(&self.dir.join(DEFAULT_FILE), format!("{name}\n").as_bytes())
    }

    /// The plan file meant by `--plan` (a name in the data dir or a path to a .toml file),
    /// or without it the default plan, or the only plan.
    pub fn resolve(&self, plan: Option<&str>) -> Result<PathBuf, StoreError> {
        if let Some(arg) = plan {
            let looks_like_path = arg.contains(std::path::MAIN_SEPARATOR) || arg.ends_with(".toml");
            if looks_like_path {
                return Ok(PathBuf::from(arg));
            }
            let path = self.path_of(arg);
            if valid_name(arg) && path.exists() {
                return Ok(path);
            }
            return Err(StoreError::NoSuchPlan {
                name: arg.to_string(),
                dir: self.dir.clone(),
                available: self.names()?,
            });
        }
        if let Some(name) = self.default_name() {
            return Ok(self.path_of(&name));
        }
        let names = self.names()?;
        match names.as_slice() {
            [] => Err(StoreError::NoPlans(self.dir.clone())),
            [only] => Ok(self.path_of(only)),
            _ => Err(StoreError::Ambiguous(names)),
        }
    }

    /// Write a new plan file and make it the default. An existing plan is replaced only
    /// with `force`, and never when it has logged doses (or cannot be read): a person
    /// never loses a log by making a plan.
    pub fn create(&self, file_name: &str, plan: &Plan, force: bool) -> Result<PathBuf, StoreError> {
        let _under_way = under_way();
        if !valid_name(file_name) {
            return Err(StoreError::BadName(file_name.to_string()));
        }
        self.ensure_dir()?;
        let path = self.path_of(file_name);
        let real = fsafe::follow_link(&path)?;
        let lock = fsafe::lock(&real)?;
        fsafe::remove_stale_temps(&real);
        let existing = match fs::symlink_metadata(&path) {
            Ok(_) if !force => return Err(StoreError::Exists(file_name.to_string())),
            Ok(_) => Some(fs::metadata(&real).map_err(|e| StoreError::io(&path, e))?),
            Err(_) => None,
        };
        if existing.is_some() {
            let logged = load(&path).map(|old| old.doses.len());
            if !matches!(logged, Ok(0)) {
                return Err(StoreError::HasLog {
                    name: file_name.to_string(),
                    doses: logged.ok(),
                });
            }
        }
        // A plan made with years of log (an import) keeps them as any save would.
        let mut plan = plan.clone();
        years::put_in_order(&mut plan);
        plan.log_years.clear();
        plan.log_years = years::due_at(&real, &plan);
        let (main, by_year) = years::parts(&plan);
        let text = render::render(&main);
        check_round_trip(&path, &text, &main)?;
        let prepared = by_year
            .iter()
            .map(|(year, e)| years::prepare(&real, *year, false, e.checkins, e.doses))
            .collect::<Result<Vec<_>, _>>()?;
        if let Some(meta) = &existing {
            fsafe::check_file(&path, meta)?;
        }
        let _writing = finish_saves();
        for year in &prepared {
            year.write(true)?;
        }
        if let Some(meta) = &existing {
            // Replacing a plan (--force) keeps the old file, log and all, beside it.
            let old = fsafe::read(&real)?;
            fsafe::replace(&backup_path(&real), &old, Some(meta))?;
        }
        fsafe::replace(&real, text.as_bytes(), existing.as_ref())?;
        let mut print = stamp::Fingerprint::default();
        print.update(text.as_bytes());
        stamp::Stamp::note_written(&lock, &real, &print, fastlog::doses_in_order(&text));
        self.set_default(file_name)?;
        Ok(path)
    }
}

/// The folder archived plans are moved to.
pub const ARCHIVE_DIR: &str = "archive";

impl Store {
    /// The archive folder, `<data-dir>/archive`.
    pub fn archive_dir(&self) -> Store {
        Store::new(self.dir.join(ARCHIVE_DIR))
    }

    /// An existing plan's path, or the error that names the plans there are.
    pub fn existing(&self, name: &str) -> Result<PathBuf, StoreError> {
        let path = self.path_of(name);
        if valid_name(name) && path.exists() {
            return Ok(path);
        }
        Err(StoreError::NoSuchPlan {
            name: name.to_string(),
            dir: self.dir.clone(),
            available: self.names()?,
        })
    }

    /// Make `name` the default plan.
    pub fn use_plan(&self, name: &str) -> Result<PathBuf, StoreError> {
        let path = self.existing(name)?;
        self.set_default(name)?;
        Ok(path)
    }

    /// Move a plan into `<data-dir>/archive/` (as `NAME.toml`, or `NAME-2.toml`, … when an
    /// archived plan has that name already). Nothing is deleted. Returns the new path.
    pub fn archive(&self, name: &str) -> Result<PathBuf, StoreError> {
        let _under_way = under_way();
        let path = self.existing(name)?;
        let archive = self.archive_dir();
        archive.ensure_dir()?;
        let _lock = fsafe::lock(&fsafe::follow_link(&path)?)?;
        let target = (1..)
            .map(|n| {
                if n == 1 {
                    archive.path_of(name)
                } else {
                    archive.path_of(&format!("{name}-{n}"))
                }
            })
            .find(|p| !p.exists())
            .unwrap_or_else(|| archive.path_of(name));
        years::move_plan(&path, &target)?;
        if self.default_name().is_none() {
            let _ = fs::remove_file(self.dir.join(DEFAULT_FILE));
        }
        Ok(target)
    }

    /// Rename a plan file; the default follows it.
    pub fn rename(&self, old: &str, new: &str) -> Result<PathBuf, StoreError> {
        let _under_way = under_way();
        let from = self.existing(old)?;
        if !valid_name(new) {
            return Err(StoreError::BadName(new.to_string()));
        }
        let to = self.path_of(new);
        let _lock = fsafe::lock(&fsafe::follow_link(&from)?)?;
        let _new_lock = fsafe::lock(&to)?;
        if to.exists() {
            return Err(StoreError::Exists(new.to_string()));
        }
        let was_default = self.default_name().as_deref() == Some(old);
        years::move_plan(&from, &to)?;
        let old_name = from.file_name().unwrap_or_default().to_string_lossy();
        let _ = fs::remove_file(from.with_file_name(format!(".{old_name}.lock")));
        if was_default {
            self.set_default(new)?;
        }
        Ok(to)
    }
}

#[cfg(test)]
mod tests;
