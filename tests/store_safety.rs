//! The store's safety rules, through the library: temp files, permissions, non-regular
//! files, owner and mode, stale temp files, the `.bak` of each save, a newer schema.
#![cfg(unix)]

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use taper::core::store::{self, Store};
use taper::core::{Dose, DoseEntry, StoreError, demo, fsafe, plan_file};

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2027, 1, 21).unwrap()
}

fn setup() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path().join("data"));
    let path = demo::install(&store, today()).unwrap();
    (dir, path)
}

fn log_one(path: &Path) -> Result<(), StoreError> {
    let at = today().and_hms_opt(8, 0, 0).unwrap();
    store::modify(path, |plan| {
        plan.add_entry(DoseEntry::new(at, Dose::from_units(1)));
        Ok(())
    })
    .map(|_| ())
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn a_prepared_temp_file_or_symlink_is_never_written_through() {
    let (dir, path) = setup();
    let data = path.parent().unwrap();
    let victim = dir.path().join("victim");
    fs::write(&victim, "keep me").unwrap();
    // The old, predictable temp names of this and the next processes.
    for pid in std::process::id()..std::process::id() + 50 {
        std::os::unix::fs::symlink(&victim, data.join(format!(".demo-kratom.toml.{pid}.tmp")))
            .unwrap();
    }
    log_one(&path).unwrap();
    assert_eq!(fs::read_to_string(&victim).unwrap(), "keep me");
    assert!(fs::symlink_metadata(&path).unwrap().is_file());
    assert_eq!(mode(&path), 0o600);
}

#[test]
fn a_folder_or_plan_others_can_write_is_refused_with_the_fix() {
    let (_dir, path) = setup();
    let data = path.parent().unwrap().to_path_buf();
    let before = fs::read(&path).unwrap();
    fs::set_permissions(&data, fs::Permissions::from_mode(0o777)).unwrap();
    let err = log_one(&path).unwrap_err().to_string();
    assert!(err.contains("chmod 700"), "{err}");
    fs::set_permissions(&data, fs::Permissions::from_mode(0o700)).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o620)).unwrap();
    let err = log_one(&path).unwrap_err().to_string();
    assert!(err.contains("chmod 600"), "{err}");
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn a_read_only_plan_is_not_replaced_and_says_why() {
    let (_dir, path) = setup();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o400)).unwrap();
    let before = fs::read(&path).unwrap();
    let err = log_one(&path).unwrap_err().to_string();
    assert!(
        err.contains("read-only") && err.contains("chmod 600"),
        "{err}"
    );
    assert_eq!(fs::read(&path).unwrap(), before);
    assert_eq!(mode(&path), 0o400);
}

#[test]
fn fifos_devices_and_huge_files_are_refused_at_once() {
    let (dir, _path) = setup();
    let fifo = dir.path().join("fifo.toml");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let start = std::time::Instant::now();
    assert!(matches!(
        plan_file::load(&fifo),
        Err(StoreError::NotAFile { .. })
    ));
    assert!(matches!(
        plan_file::load(Path::new("/dev/zero")),
        Err(StoreError::NotAFile { .. })
    ));
    let huge = dir.path().join("huge.toml");
    let file = fs::File::create(&huge).unwrap();
    file.set_len(fsafe::MAX_BYTES + 1).unwrap();
    assert!(matches!(
        plan_file::load(&huge),
        Err(StoreError::TooLarge { .. })
    ));
    assert!(start.elapsed() < std::time::Duration::from_secs(2));
}

#[test]
fn a_save_keeps_the_owner_when_it_may_and_the_mode_0600() {
    let (_dir, path) = setup();
    let data = path.parent().unwrap();
    // Only root may give a file away; as anyone else this checks the mode alone.
    let is_root = fs::metadata("/proc/self").map(|m| m.uid()).unwrap_or(1) == 0;
    if is_root {
        std::os::unix::fs::chown(data, Some(65534), Some(65534)).unwrap();
        std::os::unix::fs::chown(&path, Some(65534), Some(65534)).unwrap();
    }
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    log_one(&path).unwrap();
    let meta = fs::metadata(&path).unwrap();
    if is_root {
        assert_eq!((meta.uid(), meta.gid()), (65534, 65534));
        let bak = fs::metadata(store::backup_path(&path)).unwrap();
        assert_eq!(bak.uid(), 65534);
    }
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
}

#[test]
fn stale_temp_files_of_dead_processes_are_removed_on_the_next_save() {
    let (_dir, path) = setup();
    let data = path.parent().unwrap();
    // A process that has exited: its pid is free.
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let dead = child.id();
    child.wait().unwrap();
    let stale = [
        format!(".demo-kratom.toml.{dead}.tmp"),
        format!(".demo-kratom.toml.{dead}.a8Xk2p0Q9z.tmp"),
        format!(".demo-kratom.toml.bak.{dead}.Zq81mKd0aa.tmp"),
    ];
    for name in &stale {
        fs::write(data.join(name), "old copy").unwrap();
    }
    // A live process's temp file (our own parent's) and other files stay.
    let live = format!(
        ".demo-kratom.toml.{}.x.tmp",
        std::os::unix::process::parent_id()
    );
    fs::write(data.join(&live), "live").unwrap();
    log_one(&path).unwrap();
    let after = names(data);
    assert!(stale.iter().all(|s| !after.contains(s)), "{after:?}");
    assert!(after.contains(&live), "{after:?}");
    assert!(!after.iter().any(|n| n.ends_with(".tmp") && *n != live));
}

#[test]
fn each_save_keeps_the_previous_version_and_a_broken_file_names_it() {
    let (_dir, path) = setup();
    let first = fs::read(&path).unwrap();
    log_one(&path).unwrap();
    let bak = store::backup_path(&path);
    assert_eq!(fs::read(&bak).unwrap(), first);
    let second = fs::read(&path).unwrap();
    log_one(&path).unwrap();
    assert_eq!(fs::read(&bak).unwrap(), second);
    // A hand edit breaks the file: the error says where the good copy is and how to restore.
    fs::write(&path, "schema = 1\nname = \n").unwrap();
    let err = store::load(&path).unwrap_err().to_string();
    assert!(err.contains(":2:"), "{err}");
    assert!(err.contains("demo-kratom.toml.bak"), "{err}");
    assert!(err.contains("cp "), "{err}");
    assert!(log_one(&path).unwrap_err().to_string().contains(".bak"));
    assert_eq!(fs::read(&bak).unwrap(), second);
}

#[test]
fn a_newer_schema_is_refused_and_never_rewritten() {
    let (_dir, path) = setup();
    let newer = taper::core::plan_file::SCHEMA + 1;
    let text = fs::read_to_string(&path).unwrap().replacen(
        &format!("schema = {}", taper::core::plan_file::SCHEMA),
        &format!("schema = {newer}"),
        1,
    );
    fs::write(&path, &text).unwrap();
    let err = log_one(&path).unwrap_err().to_string();
    assert!(err.contains(&format!("schema {newer}")), "{err}");
    assert_eq!(fs::read_to_string(&path).unwrap(), text);
    assert!(!store::backup_path(&path).exists());
}
