//! A long log kept one file a year (`store::years`): the plan file keeps its last two
//! years, each older year has a file of its own listed in `log_years`, and `store::load`
//! reads them back as one plan. Moving a year out survives `kill -9` at any moment; a year
//! file is checked like the plan file; renaming or archiving a plan takes its years along.
#![cfg(unix)]

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime};
use common::long_plan;
use proptest::prelude::*;
use taper::core::store::{self, Store, years};
use taper::core::{Dose, DoseEntry, Plan, plan_file, render, year_file};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 1, 21).unwrap()
}

/// `plan` written as one file, as taper wrote it before years were kept apart.
fn one_file(plan: &Plan) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.toml");
    fs::write(&path, render::render(plan)).unwrap();
    (dir, path)
}

fn add(path: &Path, at: NaiveDateTime) -> Plan {
    store::modify(path, |plan| {
        plan.add_entry(DoseEntry::new(at, Dose::from_units(1)));
        Ok(())
    })
    .unwrap()
    .1
}

/// The entries of the plan, wherever they are kept.
fn log_of(plan: &Plan) -> (Vec<DoseEntry>, Vec<taper::core::CheckIn>) {
    (plan.doses.clone(), plan.checkins.clone())
}

#[test]
fn a_save_moves_the_older_years_out_and_the_plan_reads_back_whole() {
    let before = long_plan(900);
    let (_dir, path) = one_file(&before);
    let at = today().and_hms_opt(8, 0, 0).unwrap();
    let saved = add(&path, at);
    let mut expected = before.clone();
    expected.add_entry(DoseEntry::new(at, Dose::from_units(1)));
    assert_eq!(log_of(&saved), log_of(&expected));
    assert_eq!(saved.log_years, [2024, 2025]);
    let read = store::load(&path).unwrap();
    assert_eq!(read, saved);
    // The plan file holds 2026 and 2027; each year file its year, and nothing else.
    let alone = plan_file::load(&path).unwrap();
    assert!(alone.doses.iter().all(|d| d.at.year() >= 2026));
    assert!(alone.checkins.iter().all(|c| c.date.year() >= 2026));
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains("\nlog_years = [2024, 2025]\n"), "{text}");
    for year in [2024, 2025] {
        let file = years::path_of(&path, year);
        assert_eq!(
            file.file_name().unwrap().to_string_lossy(),
            format!("long.{year}.toml")
        );
        let text = fs::read_to_string(&file).unwrap();
        assert!(
            text.starts_with("# taper: the check-ins and doses of"),
            "{text}"
        );
        let log = taper::core::year_file::parse(&file, &text, year).unwrap();
        let of_year = expected
            .doses
            .iter()
            .filter(|d| d.at.year() == year)
            .count();
        assert_eq!(log.doses.len(), of_year);
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            fs::metadata(&file).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    // The next save rewrites the plan file only.
    let year_file = fs::read(years::path_of(&path, 2024)).unwrap();
    let shorter = fs::metadata(&path).unwrap().len();
    add(&path, at + chrono::Duration::hours(1));
    assert_eq!(fs::read(years::path_of(&path, 2024)).unwrap(), year_file);
    assert!(fs::metadata(&path).unwrap().len() < shorter + 200);
    assert!(shorter * 2 < render::render(&expected).len() as u64);
}

#[test]
fn a_dose_back_dated_into_a_year_kept_apart_goes_to_its_file() {
    let (_dir, path) = one_file(&long_plan(900));
    add(&path, today().and_hms_opt(8, 0, 0).unwrap());
    let plan_file_before = fs::read(&path).unwrap();
    let old = NaiveDate::from_ymd_opt(2025, 3, 3)
        .unwrap()
        .and_hms_opt(22, 30, 0)
        .unwrap();
    let saved = add(&path, old);
    assert!(saved.doses.iter().any(|d| d.at == old));
    assert_eq!(
        fs::read(&path).unwrap(),
        plan_file_before,
        "the plan file is left as it was"
    );
    let text = fs::read_to_string(years::path_of(&path, 2025)).unwrap();
    assert!(text.contains("at = 2025-03-03T22:30:00"), "{text}");
    assert!(
        years::path_of(&path, 2025)
            .with_extension("toml.bak")
            .exists()
    );
    assert_eq!(store::load(&path).unwrap(), saved);
}

#[test]
fn a_save_cut_short_after_the_year_file_leaves_the_plan_as_it_was() {
    let before = long_plan(900);
    let (_dir, path) = one_file(&before);
    // As if a save had written 2024's file and been killed before the plan file: a year
    // file that nothing lists (here with part of the year) is not read.
    let stray = years::path_of(&path, 2024);
    let some: Vec<DoseEntry> = before
        .doses
        .iter()
        .filter(|d| d.at.year() == 2024)
        .take(5)
        .cloned()
        .collect();
    fs::write(&stray, year_file::render("long.toml", 2024, &[], &some)).unwrap();
    assert_eq!(store::load(&path).unwrap(), before);
    // The next save writes it again, whole.
    let at = today().and_hms_opt(8, 0, 0).unwrap();
    let saved = add(&path, at);
    let mut expected = before.clone();
    expected.add_entry(DoseEntry::new(at, Dose::from_units(1)));
    assert_eq!(log_of(&store::load(&path).unwrap()), log_of(&expected));
    assert_eq!(store::load(&path).unwrap(), saved);
    let log = year_file::parse(&stray, &fs::read_to_string(&stray).unwrap(), 2024).unwrap();
    assert!(log.doses.len() > 5);
}

#[test]
fn a_file_that_only_looks_like_a_year_file_is_never_written_over() {
    let before = long_plan(900);
    let (_dir, path) = one_file(&before);
    // Not what a save of this plan would write there: another plan's, or notes.
    let other = years::path_of(&path, 2024);
    let text = "[[dose]]\nat = 2024-09-01T08:00:00\namount = 99\n";
    fs::write(&other, text).unwrap();
    let at = today().and_hms_opt(8, 0, 0).unwrap();
    let saved = add(&path, at);
    // 2024 stays in the plan file; 2025 moves out; the file is left as it was.
    assert_eq!(saved.log_years, [2025]);
    assert_eq!(fs::read_to_string(&other).unwrap(), text, "left as it was");
    assert!(
        plan_file::load(&path)
            .unwrap()
            .doses
            .iter()
            .any(|d| d.at.year() == 2024)
    );
    let mut expected = before.clone();
    expected.add_entry(DoseEntry::new(at, Dose::from_units(1)));
    assert_eq!(log_of(&store::load(&path).unwrap()), log_of(&expected));
}

#[test]
fn a_dose_moved_across_new_year_is_in_one_file_or_the_other_and_backups_hold_the_old() {
    let (_dir, path) = one_file(&long_plan(900));
    let late = NaiveDate::from_ymd_opt(2025, 12, 31)
        .unwrap()
        .and_hms_opt(23, 50, 0)
        .unwrap();
    add(&path, today().and_hms_opt(8, 0, 0).unwrap());
    add(&path, late);
    let year_before = fs::read(years::path_of(&path, 2025)).unwrap();
    let plan_before = fs::read(&path).unwrap();
    let early = late + chrono::Duration::minutes(20);
    let (_, saved) = store::modify(&path, |plan| {
        let i = plan.doses.iter().position(|d| d.at == late).unwrap();
        let mut d = plan.doses.remove(i);
        d.at = early;
        plan.add_entry(d);
        Ok(())
    })
    .unwrap();
    assert!(saved.doses.iter().any(|d| d.at == early));
    assert!(!saved.doses.iter().any(|d| d.at == late));
    assert_eq!(store::load(&path).unwrap(), saved);
    assert!(
        fs::read_to_string(&path)
            .unwrap()
            .contains("at = 2026-01-01T00:10:00")
    );
    // Each file's backup is its version from before the save.
    let bak = |p: &Path| fs::read(store::backup_path(p)).unwrap();
    assert_eq!(bak(&years::path_of(&path, 2025)), year_before);
    assert_eq!(bak(&path), plan_before);
}

#[test]
fn mistakes_in_the_files_of_years_are_located_and_nothing_is_saved() {
    let (_dir, path) = one_file(&long_plan(900));
    add(&path, today().and_hms_opt(8, 0, 0).unwrap());
    let main = fs::read_to_string(&path).unwrap();
    // A 2025 dose added to the plan file by hand: its line, and where it belongs.
    let moved = format!("{main}\n[[dose]]\nat = 2025-06-01T08:00:00\namount = 1\n");
    fs::write(&path, &moved).unwrap();
    let e = store::load(&path).unwrap_err().to_string();
    let line = moved.lines().count() - 1;
    assert!(e.contains(&format!("long.toml:{line}:")), "{e}");
    assert!(e.contains("long.2025.toml"), "{e}");
    let failed = store::modify(&path, |plan| {
        plan.doses.pop();
        Ok(())
    });
    assert!(failed.is_err());
    assert_eq!(fs::read_to_string(&path).unwrap(), moved, "nothing saved");
    fs::write(&path, &main).unwrap();
    // A mistake in a year file: that file, that line.
    let file = years::path_of(&path, 2024);
    let text = fs::read_to_string(&file).unwrap();
    let broken = text.replacen("amount = 1\n", "amount = one\n", 1);
    fs::write(&file, &broken).unwrap();
    let e = store::load(&path).unwrap_err().to_string();
    let line = broken[..broken.find("amount = one").unwrap()]
        .lines()
        .count()
        + 1;
    assert!(e.contains(&format!("long.2024.toml:{line}:")), "{e}");
    // A year file gone missing: named, with how to fix it.
    fs::remove_file(&file).unwrap();
    let e = store::load(&path).unwrap_err().to_string();
    assert!(e.contains("long.2024.toml, which is missing"), "{e}");
    assert!(e.contains("log_years"), "{e}");
}

#[test]
fn a_year_file_changed_by_another_program_is_read_again_before_a_save() {
    taper::core::save_cache::enable();
    let (_dir, path) = one_file(&long_plan(900));
    add(&path, today().and_hms_opt(8, 0, 0).unwrap());
    // Another program adds a 2024 dose; the next save (which would otherwise use the plan
    // it remembers) reads it, and keeps it.
    let file = years::path_of(&path, 2024);
    let mut text = fs::read_to_string(&file).unwrap();
    text.push_str("\n[[dose]]\nat = 2024-12-31T23:00:00\namount = 7\n");
    fs::write(&file, &text).unwrap();
    let saved = add(&path, today().and_hms_opt(9, 0, 0).unwrap());
    assert!(saved.doses.iter().any(|d| d.amount == Dose::from_units(7)));
    assert!(fs::read_to_string(&file).unwrap().contains("amount = 7"));
}

#[test]
fn renaming_or_archiving_a_plan_takes_its_years_along() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path());
    let path = store.create("long", &long_plan(900), false).unwrap();
    let whole = store::load(&path).unwrap();
    assert_eq!(whole.log_years, [2024, 2025]);
    assert_eq!(store.names().unwrap(), ["long"], "year files are not plans");
    let renamed = store.rename("long", "kratom").unwrap();
    assert_eq!(store::load(&renamed).unwrap(), whole);
    assert!(!years::path_of(&path, 2024).exists());
    let archived = store.archive("kratom").unwrap();
    assert_eq!(store::load(&archived).unwrap(), whole);
    assert!(!years::path_of(&renamed, 2025).exists());
    // `new --force` does not replace a plan whose doses are all in year files (its plan
    // file holds only the check-ins of the last two years).
    let mut empty_main = whole.clone();
    empty_main.doses.retain(|d| d.at.year() < 2025);
    let path = store.create("old", &empty_main, false).unwrap();
    assert!(plan_file::load(&path).unwrap().doses.is_empty());
    let fresh = taper::core::demo::demo_plan(today()).unwrap();
    assert!(store.create("old", &fresh, true).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]
    /// Plans of any length, saved one entry after another across the turn of a year, always
    /// read back whole; the plan file never holds a year two older than the newest entry.
    #[test]
    fn any_long_plan_reads_back_whole_across_years(
        days in 30u64..1400,
        later in prop::collection::vec(0u64..400, 1..4),
    ) {
        let before = long_plan(days);
        let (_dir, path) = one_file(&before);
        let mut expected = before.clone();
        for (i, ahead) in later.iter().enumerate() {
            let at = (today() + Days::new(*ahead)).and_hms_opt(7, i as u32, 0).unwrap();
            expected.add_entry(DoseEntry::new(at, Dose::from_units(1)));
            add(&path, at);
            let read = store::load(&path).unwrap();
            prop_assert_eq!(log_of(&read), log_of(&expected));
            let newest = expected.doses.last().unwrap().at.year();
            let alone = plan_file::load(&path).unwrap();
            prop_assert!(alone.doses.iter().all(|d| d.at.year() >= newest - 1));
            prop_assert!(read.log_years.iter().all(|y| *y < newest - 1));
        }
    }
}

/// `taper log` killed at random moments of the save that moves years out: the plan always
/// reads, holds every entry it had, and the entry at most once.
#[test]
fn sigkill_while_years_move_out_never_loses_or_doubles_an_entry() {
    let before = long_plan(900);
    let n = before.doses.len();
    let log = |dir: &Path| {
        Command::new(env!("CARGO_BIN_EXE_taper"))
            .env("TAPER_DATA_DIR", dir)
            .env("TAPER_NOW", "2027-01-21T09:30")
            .args(["log", "0.25", "--note", "killed?"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    // How long a whole run takes here: the kills are spread over it.
    let (dir, _) = one_file(&before);
    let started = std::time::Instant::now();
    assert!(log(dir.path()).wait().unwrap().success());
    let whole = started.elapsed();
    let rounds = 30u32;
    let mut completed = 0;
    for round in 0..rounds {
        let (dir, path) = one_file(&before);
        let mut child = log(dir.path());
        std::thread::sleep(whole * round / (rounds - 4));
        let _ = child.kill();
        let status = child.wait().unwrap();
        let read = store::load(&path).unwrap_or_else(|e| panic!("round {round}: {e}"));
        let logged = read
            .doses
            .iter()
            .filter(|d| d.note.as_deref() == Some("killed?"))
            .count();
        assert!(logged <= 1, "round {round}: {logged} copies");
        assert_eq!(read.doses.len(), n + logged, "round {round}");
        assert_eq!(
            read.checkins, before.checkins,
            "round {round}: every check-in"
        );
        if status.success() {
            assert_eq!(logged, 1, "round {round}: a completed log is kept");
            completed += 1;
        }
    }
    eprintln!("{completed} of {rounds} runs finished before the kill ({whole:?} a run)");
}
