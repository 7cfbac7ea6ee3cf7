//! `store::append_recent` (what `taper log` saves with): on a long plan that taper itself
//! wrote last (its stamp in the lock file matches), it reads the text above the log and the
//! log's last days only, and appends the new entry's text. A file changed by anything else
//! is read whole, so a mistake in it is reported and nothing is saved over it. Whatever path
//! it takes, the file afterwards reads as the whole plan plus the entry, the `.bak` holds
//! the bytes before, and the plan returned is the one the checks ran on.
#![cfg(unix)]

mod common;

use common::long_plan;

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{Days, NaiveDate, NaiveDateTime};
use proptest::prelude::*;
use taper::core::store::{self, Store};
use taper::core::{Dose, DoseEntry, Plan};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 1, 21).unwrap()
}

/// The plan written by taper (`Store::create`, which notes its stamp, and keeps the
/// years before last year in files of their own); returns it as read back.
fn write(plan: &Plan) -> (tempfile::TempDir, PathBuf, Plan) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path());
    let path = store.create("long", plan, false).unwrap();
    assert!(fs::metadata(&path).unwrap().len() > 64 * 1024);
    let read = store::load(&path).unwrap();
    assert_eq!(read.doses, plan.doses);
    assert_eq!(read.checkins, plan.checkins);
    assert_eq!(read.log_years, [2024, 2025], "two years kept apart");
    (dir, path, read)
}

fn log(path: &Path, at: NaiveDateTime) -> Plan {
    let entry = DoseEntry::new(at, Dose::from_units(1));
    let ((), plan) = store::append_recent(path, today() - Days::new(10), |plan| {
        plan.add_entry(entry.clone());
        Ok(())
    })
    .unwrap();
    plan
}

#[test]
fn an_entry_after_the_last_is_appended_from_the_recent_log() {
    let (_dir, path, before) = write(&long_plan(900));
    let old = fs::read_to_string(&path).unwrap();
    let at = today().and_hms_opt(8, 0, 0).unwrap();
    let returned = log(&path, at);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.starts_with(&old), "appended, not rewritten");
    let mut expected = before.clone();
    expected.add_entry(DoseEntry::new(at, Dose::from_units(1)));
    assert_eq!(store::load(&path).unwrap(), expected);
    assert_eq!(
        fs::read_to_string(store::backup_path(&path)).unwrap(),
        old,
        "the .bak is the version before"
    );
    // Only the last days were read, and the check-ins in full.
    assert!(
        returned.doses.len() < 60,
        "{} entries",
        returned.doses.len()
    );
    assert_eq!(returned.doses.last(), expected.doses.last());
    // The check-ins of the plan file, all of them (those of the years kept apart are not).
    let in_file: Vec<_> = expected
        .checkins
        .iter()
        .filter(|c| c.date >= NaiveDate::from_ymd_opt(2026, 1, 1).unwrap())
        .cloned()
        .collect();
    assert_eq!(returned.checkins, in_file);
}

#[test]
fn an_entry_before_the_last_is_saved_through_the_whole_plan() {
    let (_dir, path, before) = write(&long_plan(900));
    let at = (today() - Days::new(3)).and_hms_opt(9, 0, 0).unwrap();
    let returned = log(&path, at);
    let mut expected = before.clone();
    expected.add_entry(DoseEntry::new(at, Dose::from_units(1)));
    assert_eq!(returned, expected, "the whole plan, read and changed");
    assert_eq!(store::load(&path).unwrap(), expected);
}

#[test]
fn a_file_changed_by_another_program_is_read_whole() {
    let (_dir, path, before) = write(&long_plan(900));
    let at = today().and_hms_opt(8, 0, 0).unwrap();
    // Another program appends a dose: the stamp no longer matches, and the whole plan is
    // read (the plan returned has every entry).
    let mut edited = fs::read_to_string(&path).unwrap();
    edited.push_str("\n[[dose]]\nat = 2027-01-21T07:00:00\namount = 1\n");
    fs::write(&path, &edited).unwrap();
    let returned = log(&path, at);
    assert_eq!(returned.doses.len(), before.doses.len() + 2);
    // Right after taper's own save, the recent read is back.
    let at = today().and_hms_opt(9, 0, 0).unwrap();
    assert!(log(&path, at).doses.len() < 60);
}

#[test]
fn a_mistake_made_by_hand_is_reported_and_nothing_is_saved_over_it() {
    let (_dir, path, _) = write(&long_plan(900));
    let text = fs::read_to_string(&path).unwrap();
    let modified = fs::metadata(&path).unwrap().modified().unwrap();
    // The same length and modification time, a mistake far up the log: only the
    // fingerprint tells.
    let broken = text.replacen("amount = 1\n", "amount = x\n", 1);
    assert_eq!(broken.len(), text.len());
    fs::write(&path, &broken).unwrap();
    fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    let entry = DoseEntry::new(today().and_hms_opt(8, 0, 0).unwrap(), Dose::from_units(1));
    let error = store::append_recent(&path, today() - Days::new(10), |plan| {
        plan.add_entry(entry.clone());
        Ok(())
    })
    .unwrap_err()
    .to_string();
    let line = broken[..broken.find("amount = x").unwrap()].lines().count() + 1;
    assert!(error.contains(&format!(":{line}:")), "{error}");
    assert_eq!(fs::read_to_string(&path).unwrap(), broken, "nothing saved");
}

#[test]
fn taper_log_on_a_long_plan_prints_and_saves_as_before() {
    let env = common::Env::new();
    let plan = long_plan(900);
    let store = Store::new(env.dir.path());
    let path = store.create("long", &plan, false).unwrap();
    let stdout = env.ok_at(
        "2027-01-21T08:30",
        &["--plan", "long", "log", "1.5", "--product", "Maeng Da"],
    );
    assert!(
        stdout.starts_with("logged 1.5 g at 2027-01-21 08:30 (Maeng Da)\n"),
        "{stdout}"
    );
    let after = store::load(&path).unwrap();
    assert_eq!(after.doses.len(), plan.doses.len() + 1);
    assert_eq!(
        after.doses.last().unwrap().amount,
        Dose::from_micros(1_500_000)
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    /// Whatever time the entry has — after the last, between the last days' entries, or
    /// before the days read — the file reads back as the whole plan plus the entry.
    #[test]
    fn the_file_always_reads_as_the_whole_plan_plus_the_entry(
        minutes_back in 0i64..(40 * 24 * 60),
    ) {
        let (_dir, path, before) = write(&long_plan(900));
        let at = today().and_hms_opt(12, 0, 0).unwrap() - chrono::Duration::minutes(minutes_back);
        let returned = log(&path, at);
        let mut expected = before.clone();
        expected.add_entry(DoseEntry::new(at, Dose::from_units(1)));
        let read = store::load(&path).unwrap();
        prop_assert_eq!(&read, &expected);
        prop_assert!(expected.doses.ends_with(&returned.doses));
    }
}

/// A dose logged for a day after a gap (`--at` back in time) gets the same safety checks
/// as any other: the days read reach a week before it (a review found they did not).
#[test]
fn a_back_dated_dose_after_a_gap_gets_the_tolerance_note() {
    let env = common::Env::new();
    let mut plan = long_plan(900);
    let gap = NaiveDate::from_ymd_opt(2027, 1, 12).unwrap();
    plan.doses.retain(|d| d.at.date() < gap);
    let store = Store::new(env.dir.path());
    let path = store.create("long", &plan, false).unwrap();
    let old = fs::read_to_string(&path).unwrap();
    let stdout = env.ok_at(
        "2027-01-21T09:00",
        &["--plan", "long", "log", "6", "--at", "2027-01-12T08:00"],
    );
    assert!(stdout.contains("Tolerance drops fast"), "{stdout}");
    let after = store::load(&path).unwrap();
    let logged = after.doses.iter().find(|d| d.at.date() == gap).unwrap();
    assert!(logged.warned, "warned = true is written");
    assert!(fs::read_to_string(&path).unwrap().starts_with(&old));
}
