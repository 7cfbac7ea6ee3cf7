//! Where plans live, and how they are written: atomically (temp file in the same folder,
//! fsync, rename), mode 0600, under a lock so that the TUI and the CLI never lose each
//! other's entries.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use super::error::StoreError;
use super::plan::Plan;
use super::{plan_file, render};

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

/// Letters, digits, `-` and `_`, at most 64 characters.
pub fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn open_options() -> OpenOptions {
    let mut options = OpenOptions::new();
    options.write(true).create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
}

/// Write a file atomically: a temp file beside it (mode 0600), fsync, rename, fsync dir.
/// Where a symlinked file really is (the path itself otherwise).
fn follow_link(path: &Path) -> Result<PathBuf, StoreError> {
    if path.is_symlink() {
        fs::canonicalize(path).map_err(|e| StoreError::io(path, e))
    } else {
        Ok(path.to_path_buf())
    }
}

/// A hidden file beside `path`: `.NAME<suffix>` in the same folder.
fn hidden_beside(path: &Path, suffix: &str) -> PathBuf {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    path.with_file_name(format!(".{name}{suffix}"))
}

/// A symlinked plan file (say into a synced folder) is written where the link points, so
/// the link stays a link.
pub fn write_atomic(path: &Path, text: &str) -> Result<(), StoreError> {
    let resolved = follow_link(path)?;
    let path = resolved.as_path();
    let temp = hidden_beside(path, &format!(".{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = open_options().truncate(true).open(&temp)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        fs::rename(&temp, path)?;
        let dir = path.parent().filter(|p| !p.as_os_str().is_empty());
        if let Ok(d) = File::open(dir.unwrap_or(Path::new("."))) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    result.map_err(|e| {
        let _ = fs::remove_file(&temp);
        StoreError::io(path, e)
    })
}

/// An exclusive lock on a plan file (a `.NAME.toml.lock` file beside it), held until dropped.
pub struct PlanLock {
    _file: File,
}

pub fn lock(path: &Path) -> Result<PlanLock, StoreError> {
    // Through a symlink or not, one file has one lock.
    let lock_path = hidden_beside(&follow_link(path)?, ".lock");
    let file = open_options()
        .open(&lock_path)
        .map_err(|e| StoreError::io(&lock_path, e))?;
    file.lock().map_err(|e| StoreError::io(&lock_path, e))?;
    Ok(PlanLock { _file: file })
}

/// Read the plan at `path` under its lock, change it with `change`, and write it back
/// (only if `change` succeeds and the plan is still valid). Returns the saved plan.
///
/// The file is re-read inside the lock, so entries another program logged meanwhile are
/// kept. The text written is parsed back and compared before it replaces the file.
pub fn modify<T>(
    path: &Path,
    change: impl FnOnce(&mut Plan) -> Result<T, StoreError>,
) -> Result<(T, Plan), StoreError> {
    let _lock = lock(path)?;
    let text = fs::read_to_string(path).map_err(|e| StoreError::io(path, e))?;
    let before = plan_file::parse(path, &text)?;
    let mut plan = before.clone();
    let value = change(&mut plan)?;
    if plan != before {
        let new_text = render::render_over(&text, &before, &plan);
        check_round_trip(path, &new_text, &plan)?;
        write_atomic(path, &new_text)?;
    }
    Ok((value, plan))
}

fn check_round_trip(path: &Path, text: &str, plan: &Plan) -> Result<(), StoreError> {
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

/// Where `create` keeps the plan it replaces: `NAME.toml.bak` beside it.
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
        let name = fs::read_to_string(self.dir.join(DEFAULT_FILE)).ok()?;
        let name = name.trim().to_string();
        (valid_name(&name) && self.path_of(&name).exists()).then_some(name)
    }

    pub fn set_default(&self, name: &str) -> Result<(), StoreError> {
        write_atomic(&self.dir.join(DEFAULT_FILE), &format!("{name}\n"))
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
        if !valid_name(file_name) {
            return Err(StoreError::BadName(file_name.to_string()));
        }
        self.ensure_dir()?;
        let path = self.path_of(file_name);
        let _lock = lock(&path)?;
        if path.exists() && !force {
            return Err(StoreError::Exists(file_name.to_string()));
        }
        if path.exists() {
            let logged = plan_file::load(&path).map(|old| old.doses.len());
            if !matches!(logged, Ok(0)) {
                return Err(StoreError::HasLog {
                    name: file_name.to_string(),
                    doses: logged.ok(),
                });
            }
        }
        let text = render::render(plan);
        check_round_trip(&path, &text, plan)?;
        if path.exists() {
            // Replacing a plan (--force) keeps the old file, log and all, beside it.
            let backup = backup_path(&path);
            fs::copy(&path, &backup).map_err(|e| StoreError::io(&backup, e))?;
        }
        write_atomic(&path, &text)?;
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
        let path = self.existing(name)?;
        let archive = self.archive_dir();
        archive.ensure_dir()?;
        let _lock = lock(&path)?;
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
        fs::rename(&path, &target).map_err(|e| StoreError::io(&path, e))?;
        if self.default_name().is_none() {
            let _ = fs::remove_file(self.dir.join(DEFAULT_FILE));
        }
        Ok(target)
    }

    /// Rename a plan file; the default follows it.
    pub fn rename(&self, old: &str, new: &str) -> Result<PathBuf, StoreError> {
        let from = self.existing(old)?;
        if !valid_name(new) {
            return Err(StoreError::BadName(new.to_string()));
        }
        let to = self.path_of(new);
        let _lock = lock(&from)?;
        let _new_lock = lock(&to)?;
        if to.exists() {
            return Err(StoreError::Exists(new.to_string()));
        }
        let was_default = self.default_name().as_deref() == Some(old);
        fs::rename(&from, &to).map_err(|e| StoreError::io(&from, e))?;
        let _ = fs::remove_file(hidden_beside(&from, ".lock"));
        if was_default {
            self.set_default(new)?;
        }
        Ok(to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::plan::DoseEntry;
    use crate::core::{Dose, demo};

    fn today() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2027, 1, 21).unwrap()
    }

    #[test]
    fn modify_keeps_comments_above_the_log_and_other_entries() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let path = demo::install(&store, today()).unwrap();
        let text = fs::read_to_string(&path)
            .unwrap()
            .replace("\n[plan]\n", "\n# my own note\n[plan]\n");
        fs::write(&path, &text).unwrap();
        let before = plan_file::load(&path).unwrap().doses.len();
        let entry = DoseEntry::new(today().and_hms_opt(8, 0, 0).unwrap(), Dose::from_units(3));
        let ((), plan) = modify(&path, |plan| {
            plan.add_entry(entry.clone());
            Ok(())
        })
        .unwrap();
        assert_eq!(plan.doses.len(), before + 1);
        let saved = fs::read_to_string(&path).unwrap();
        assert!(saved.contains("# my own note\n[plan]"), "{saved}");
        assert_eq!(plan_file::load(&path).unwrap(), plan);
    }

    #[test]
    fn a_failed_change_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let path = demo::install(&store, today()).unwrap();
        let before = fs::read(&path).unwrap();
        let result: Result<((), Plan), StoreError> = modify(&path, |plan| {
            plan.doses.clear();
            Err(StoreError::Invalid("no".into()))
        });
        assert!(result.is_err());
        assert_eq!(fs::read(&path).unwrap(), before);
    }

    #[cfg(unix)]
    #[test]
    fn saves_are_private_and_keep_a_symlink() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let real_dir = dir.path().join("synced");
        let store = Store::new(&real_dir);
        let real = demo::install(&store, today()).unwrap();
        let link = dir.path().join("link.toml");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        modify(&link, |plan| {
            plan.doses.pop();
            Ok(())
        })
        .unwrap();
        assert!(link.is_symlink());
        // One file, one lock: the lock sits beside the real file.
        assert!(!dir.path().join(".link.toml.lock").exists());
        assert!(real_dir.join(".demo-kratom.toml.lock").exists());
        assert_eq!(
            plan_file::load(&link).unwrap(),
            plan_file::load(&real).unwrap()
        );
        assert_eq!(
            fs::metadata(&real).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert_eq!(
            fs::metadata(&real_dir).unwrap().permissions().mode() & 0o777,
            0o700
        );
        // No temp file is left behind.
        let names: Vec<_> = fs::read_dir(&real_dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert!(
            names.iter().all(|n| !n.to_string_lossy().ends_with(".tmp")),
            "{names:?}"
        );
    }

    #[test]
    fn resolve_picks_the_default_the_only_or_asks() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        assert!(matches!(store.resolve(None), Err(StoreError::NoPlans(_))));
        let plan = demo::demo_plan(today()).unwrap();
        store.create("a", &plan, false).unwrap();
        assert_eq!(store.resolve(None).unwrap(), store.path_of("a"));
        store.create("b", &plan, false).unwrap();
        assert_eq!(store.resolve(None).unwrap(), store.path_of("b"));
        fs::remove_file(dir.path().join("default")).unwrap();
        assert!(
            matches!(store.resolve(None), Err(StoreError::Ambiguous(names)) if names == ["a", "b"])
        );
        assert!(matches!(
            store.resolve(Some("c")),
            Err(StoreError::NoSuchPlan { .. })
        ));
        assert!(matches!(
            store.create("a", &plan, false),
            Err(StoreError::Exists(_))
        ));
        assert!(matches!(
            store.create("../x", &plan, false),
            Err(StoreError::BadName(_))
        ));
    }
}
