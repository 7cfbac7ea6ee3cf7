//! The fast saves of issue 12 keep the store's guarantees: a tick appends to the file's
//! text, its undo cuts it off again, the `.bak` (a hard link of the version replaced)
//! holds the previous bytes, and a save killed between the backup and the replace leaves
//! nothing behind for the next one.
#![cfg(unix)]

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};

use taper::core::store::{self, Store};
use taper::core::{Dose, DoseEntry, demo, plan_file};

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2027, 1, 21).unwrap()
}

#[test]
fn tick_and_undo_keep_the_text_and_the_backup() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path().join("data"));
    let path = demo::install(&store, today()).unwrap();
    let mine = fs::read_to_string(&path)
        .unwrap()
        .replace("\n[plan]\n", "\n# my own note\n[plan]\n");
    fs::write(&path, &mine).unwrap();
    let entry = DoseEntry {
        product: Some("Maeng Da".into()),
        slot: Some(1),
        ..DoseEntry::new(today().and_hms_opt(8, 3, 0).unwrap(), Dose::from_units(3))
    };
    let ((), plan) = store::modify(&path, |plan| {
        plan.add_entry(entry.clone());
        Ok(())
    })
    .unwrap();
    let ticked = fs::read_to_string(&path).unwrap();
    assert!(ticked.starts_with(&mine), "appended, not rewritten");
    assert_eq!(plan_file::load(&path).unwrap(), plan);
    let bak = store::backup_path(&path);
    assert_eq!(fs::read_to_string(&bak).unwrap(), mine);
    assert_eq!(
        fs::metadata(&bak).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert_ne!(
        fs::metadata(&bak).unwrap().ino(),
        fs::metadata(&path).unwrap().ino()
    );

    store::modify(&path, |plan| {
        assert!(plan.remove_entry(&entry));
        Ok(())
    })
    .unwrap();
    assert_eq!(fs::read_to_string(&path).unwrap(), mine, "cut off again");
    assert_eq!(fs::read_to_string(&bak).unwrap(), ticked);
}

#[test]
fn a_save_killed_after_its_backup_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path().join("data"));
    let path = demo::install(&store, today()).unwrap();
    // Killed right after linking the backup: `.bak` is the plan file itself.
    let bak = store::backup_path(&path);
    let _ = fs::remove_file(&bak);
    fs::hard_link(&path, &bak).unwrap();
    let before = fs::read(&path).unwrap();
    store::modify(&path, |plan| {
        plan.add_entry(DoseEntry::new(
            today().and_hms_opt(9, 0, 0).unwrap(),
            Dose::from_units(1),
        ));
        Ok(())
    })
    .unwrap();
    assert_eq!(fs::read(&bak).unwrap(), before);
    let temps: Vec<String> = fs::read_dir(&store.dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(temps.is_empty(), "{temps:?}");
}
