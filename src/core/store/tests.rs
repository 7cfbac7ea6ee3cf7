//! Unit tests of the store: saves keep comments and symlinks, fail whole, find plans.

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
