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

/// `stamped_ends` of the plan file at `path`.
fn read_stamped_ends(path: &Path, since: chrono::NaiveDate) -> Option<Plan> {
    let mut file = fs::File::open(path).unwrap();
    let meta = file.metadata().unwrap();
    stamped_ends(path, path, &mut file, &meta, since)
}

/// A plan file long enough to be read from its ends: four doses a day for 300 days.
fn long_file(dir: &Path) -> PathBuf {
    Store::new(dir).create("long", &long_plan(), false).unwrap()
}

fn long_plan() -> Plan {
    let mut plan = demo::demo_plan(today()).unwrap();
    plan.doses.clear();
    let first = today() - chrono::Days::new(300);
    for day in 0..300 {
        for hour in [8, 12, 16, 20] {
            let at = (first + chrono::Days::new(day))
                .and_hms_opt(hour, 0, 0)
                .unwrap();
            plan.add_entry(DoseEntry {
                product: Some("Maeng Da".into()),
                ..DoseEntry::new(at, Dose::from_units(2))
            });
        }
    }
    plan.base.start = first;
    plan
}

#[test]
fn a_file_taper_wrote_in_time_order_is_read_from_its_ends_and_no_other() {
    let dir = tempfile::tempdir().unwrap();
    let path = long_file(dir.path());
    let since = today() - chrono::Days::new(21);
    let ends = read_stamped_ends(&path, since).expect("its stamp vouches for it");
    assert_eq!(Some(&ends), load_recent(&path, since).unwrap().as_ref());
    assert_eq!(ends.doses.len(), 4 * 21);
    // After a tick, still.
    let at = today().and_hms_opt(21, 0, 0).unwrap();
    modify(&path, |plan| {
        plan.add_entry(DoseEntry::new(at, Dose::from_units(1)));
        Ok(())
    })
    .unwrap();
    assert_eq!(
        read_stamped_ends(&path, since).unwrap().doses.len(),
        4 * 21 + 1
    );
    // Changed by another program (a comment at the end): read whole, its order checked.
    let mut text = fs::read_to_string(&path).unwrap();
    text.push_str("# checked\n");
    fs::write(&path, &text).unwrap();
    assert_eq!(read_stamped_ends(&path, since), None);
    assert_eq!(
        load_recent(&path, since).unwrap().unwrap().doses.len(),
        4 * 21 + 1
    );
    // Saved by taper over a log out of time order: its stamp says so.
    let last = text.rfind("\n[[dose]]\n").unwrap() + 1;
    let first = text.find("\n[[dose]]\n").unwrap() + 1;
    let moved = format!(
        "{}{}\n{}",
        &text[..first],
        &text[last..],
        &text[first..last]
    );
    fs::write(&path, moved).unwrap();
    modify(&path, |plan| {
        plan.add_entry(DoseEntry::new(
            at + chrono::Duration::minutes(5),
            Dose::from_units(1),
        ));
        Ok(())
    })
    .unwrap();
    assert_eq!(read_stamped_ends(&path, since), None, "out of order");
}

#[test]
fn a_save_waiting_for_the_lock_is_under_way() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path());
    let path = demo::install(&store, today()).unwrap();
    // Another program holds the plan's lock: the save waits for it, and counts as under
    // way all the while (what `tui::hangup` waits for before it ends taper).
    let held = fsafe::lock(&path).unwrap();
    let save = std::thread::spawn({
        let path = path.clone();
        move || {
            let entry = DoseEntry::new(today().and_hms_opt(21, 0, 0).unwrap(), Dose::from_units(1));
            modify(&path, |plan| {
                plan.add_entry(entry);
                Ok(())
            })
            .map(|_| ())
        }
    });
    let start = std::time::Instant::now();
    while !saving() {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(10),
            "never under way"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    std::thread::sleep(std::time::Duration::from_millis(50));
    assert!(saving(), "still under way while the lock is held");
    assert!(!save.is_finished(), "waiting for the lock");
    drop(held);
    save.join().unwrap().unwrap();
}

#[test]
fn a_last_table_longer_than_the_first_read_of_the_tail_is_read_from_the_ends() {
    // The last dose's note alone is longer than the 16 KiB first read from the end.
    let mut plan = long_plan();
    let last = plan.doses.len() - 1;
    plan.doses[last].note = Some("a very long note ".repeat(1500).into());
    let dir = tempfile::tempdir().unwrap();
    let path = Store::new(dir.path()).create("long", &plan, false).unwrap();
    let since = today() - chrono::Days::new(5);
    let ends = read_stamped_ends(&path, since).expect("read from its ends");
    assert_eq!(ends.doses.len(), 4 * 5);
    assert_eq!(ends.doses.last(), plan.doses.last());
}
