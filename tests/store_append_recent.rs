//! `store::append_recent` (what `taper log` saves with): on a long plan it reads the text
//! above the log and the log's last days only, and appends the new entry's text. Whatever
//! path it takes, the file afterwards reads as the whole plan plus the entry, the `.bak`
//! holds the bytes before, and the plan returned is the one the checks ran on.
#![cfg(unix)]

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{Days, NaiveDate, NaiveDateTime};
use proptest::prelude::*;
use taper::core::checkin::{CheckIn, Measure};
use taper::core::store::{self, Store};
use taper::core::{Dose, DoseEntry, Plan, demo, plan_file, render};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 1, 21).unwrap()
}

/// The demo plan with `days` days of two doses and a check-in every third day, ending
/// the day before today (a file well over the size read whole).
fn long_plan(days: u64) -> Plan {
    let mut plan = demo::demo_plan(today()).unwrap();
    plan.doses.clear();
    let first = today() - Days::new(days);
    for day in 0..days {
        let date = first + Days::new(day);
        for hour in [8, 20] {
            plan.add_entry(DoseEntry {
                product: Some("Maeng Da".into()),
                ..DoseEntry::new(date.and_hms_opt(hour, 0, 0).unwrap(), Dose::from_units(2))
            });
        }
        if day % 3 == 0 {
            let mut c = CheckIn::new(date);
            c.set(Measure::Withdrawal, Some(3));
            plan.checkins.push(c);
        }
    }
    plan.base.start = first;
    plan
}

fn write(plan: &Plan) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path());
    store.ensure_dir().unwrap();
    let path = store.path_of("long");
    fs::write(&path, render::render(plan)).unwrap();
    assert!(fs::metadata(&path).unwrap().len() > 64 * 1024);
    (dir, path)
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
    let before = long_plan(900);
    let (_dir, path) = write(&before);
    let old = fs::read_to_string(&path).unwrap();
    let at = today().and_hms_opt(8, 0, 0).unwrap();
    let returned = log(&path, at);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.starts_with(&old), "appended, not rewritten");
    let mut expected = before.clone();
    expected.add_entry(DoseEntry::new(at, Dose::from_units(1)));
    assert_eq!(plan_file::load(&path).unwrap(), expected);
    assert_eq!(
        fs::read_to_string(store::backup_path(&path)).unwrap(),
        old,
        "the .bak is the version before"
    );
    // Only the last days were read, and the check-ins in full.
    assert!(
        returned.doses.len() < 30,
        "{} entries",
        returned.doses.len()
    );
    assert_eq!(returned.doses.last(), expected.doses.last());
    assert_eq!(returned.checkins, expected.checkins);
}

#[test]
fn an_entry_before_the_last_is_saved_through_the_whole_plan() {
    let before = long_plan(900);
    let (_dir, path) = write(&before);
    let at = (today() - Days::new(3)).and_hms_opt(9, 0, 0).unwrap();
    let returned = log(&path, at);
    let mut expected = before.clone();
    expected.add_entry(DoseEntry::new(at, Dose::from_units(1)));
    assert_eq!(returned, expected, "the whole plan, read and changed");
    assert_eq!(plan_file::load(&path).unwrap(), expected);
}

#[test]
fn a_mistake_far_up_the_log_is_kept_for_the_whole_read_to_report() {
    let before = long_plan(900);
    let (_dir, path) = write(&before);
    let text = fs::read_to_string(&path).unwrap();
    let broken = text.replacen("amount = 2\n", "amount = two\n", 1);
    fs::write(&path, &broken).unwrap();
    let at = today().and_hms_opt(8, 0, 0).unwrap();
    log(&path, at);
    assert!(fs::read_to_string(&path).unwrap().starts_with(&broken));
    let line = broken[..broken.find("amount = two").unwrap()]
        .lines()
        .count()
        + 1;
    let error = store::load(&path).unwrap_err().to_string();
    assert!(error.contains(&format!(":{line}:")), "{error}");
}

#[test]
fn taper_log_on_a_long_plan_prints_and_saves_as_before() {
    let env = common::Env::new();
    let plan = long_plan(900);
    let store = Store::new(env.dir.path());
    let path = store.path_of("long");
    fs::write(&path, render::render(&plan)).unwrap();
    let out = env
        .cmd("2027-01-21T08:30")
        .args(["--plan", "long", "log", "1.5", "--product", "Maeng Da"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.starts_with("logged 1.5 g at 2027-01-21 08:30 (Maeng Da)\n"),
        "{stdout}"
    );
    let after = plan_file::load(&path).unwrap();
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
        let before = long_plan(700);
        let (_dir, path) = write(&before);
        let at = today().and_hms_opt(12, 0, 0).unwrap() - chrono::Duration::minutes(minutes_back);
        let returned = log(&path, at);
        let mut expected = before.clone();
        expected.add_entry(DoseEntry::new(at, Dose::from_units(1)));
        let read = plan_file::load(&path).unwrap();
        prop_assert_eq!(&read, &expected);
        prop_assert!(expected.doses.ends_with(&returned.doses));
    }
}
