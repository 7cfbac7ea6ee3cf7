//! `store::load_recent` (the interface's first frame, `taper today`): a plan file that
//! taper wrote last, with its doses in time order, is read from its two ends only; any
//! other is read whole and its order checked. Either way, what it returns is the whole
//! plan with the doses of the days from `since` on and nothing else (and the check-ins of
//! the plan file, not of the years kept apart): after taper's own
//! saves, after hand edits (an entry moved out of time order, a note made longer), and
//! after taper saved over a hand edit (its stamp then says the log is out of order).
#![cfg(unix)]

mod common;

use common::long_plan;

use std::fs;
use std::path::Path;

use chrono::{Datelike, Days, NaiveDate};
use proptest::prelude::*;
use taper::core::store::{self, Store};
use taper::core::{Dose, DoseEntry, Plan};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 1, 21).unwrap()
}

/// `load_recent` agrees with the whole plan: `None` (read it whole), or the whole plan
/// with only the doses of plan days from `since` on.
fn check_recent(path: &Path, since: NaiveDate) -> Option<Plan> {
    let whole = store::load(path).unwrap();
    let recent = store::load_recent(path, since).unwrap()?;
    let expected: Vec<DoseEntry> = whole
        .doses
        .iter()
        .filter(|d| whole.day_of(d.at) >= since)
        .cloned()
        .collect();
    assert_eq!(recent.doses, expected, "the doses from {since} on");
    // The check-ins of the plan file (years kept apart are not read): the last ones of the
    // whole plan, and at least those from `since` on.
    assert!(
        whole.checkins.ends_with(&recent.checkins),
        "check-ins: the newest {} of {}",
        recent.checkins.len(),
        whole.checkins.len()
    );
    let from_since = whole.checkins.iter().filter(|c| c.date >= since).count();
    assert!(
        recent.checkins.len() >= from_since,
        "every check-in from {since} on"
    );
    assert!(
        recent.same_apart_from_log(&whole),
        "the same plan above the log"
    );
    Some(recent)
}

fn add(path: &Path, at: chrono::NaiveDateTime, units: i64) {
    let entry = DoseEntry::new(at, Dose::from_units(units));
    store::modify(path, |plan| {
        plan.add_entry(entry.clone());
        Ok(())
    })
    .unwrap();
}

/// The text with the last dose table moved up to be the first one (out of time order).
fn last_dose_moved_up(text: &str) -> String {
    let last = text.rfind("\n[[dose]]\n").unwrap() + 1;
    let first = text.find("\n[[dose]]\n").unwrap() + 1;
    let (head, moved) = (&text[..last], &text[last..]);
    let moved = if moved.ends_with('\n') {
        moved.to_string()
    } else {
        format!("{moved}\n")
    };
    format!("{}{}\n{}", &head[..first], moved, &head[first..])
}

#[test]
fn a_file_taper_wrote_reads_from_its_ends_as_whole() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path());
    let path = store.create("long", &long_plan(600), false).unwrap();
    for back in [0, 1, 3, 21, 60, 200, 300, 400, 599, 2000] {
        let since = today() - Days::new(back);
        let recent = check_recent(&path, since);
        // Days of the years kept apart (2025 and before) are not in the plan file.
        assert_eq!(recent.is_some(), since.year() >= 2026, "{since}");
    }
    // After a tick (appended), and after a change that rewrites the log (a dose removed).
    add(&path, today().and_hms_opt(21, 0, 0).unwrap(), 2);
    assert!(check_recent(&path, today() - Days::new(21)).is_some());
    store::modify(&path, |plan| {
        plan.doses.remove(10);
        Ok(())
    })
    .unwrap();
    assert!(check_recent(&path, today() - Days::new(21)).is_some());
}

#[test]
fn an_entry_moved_out_of_order_is_never_missed() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path());
    let path = store.create("long", &long_plan(600), false).unwrap();
    // By hand: the newest dose moved to the top of the log.
    let moved = last_dose_moved_up(&fs::read_to_string(&path).unwrap());
    fs::write(&path, &moved).unwrap();
    assert_eq!(
        check_recent(&path, today() - Days::new(21)),
        None,
        "read whole"
    );
    // taper saves over it (a tick, appended to the text as it is): the log is still out
    // of order, and its stamp says so.
    add(&path, today().and_hms_opt(21, 0, 0).unwrap(), 2);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.starts_with(&moved), "appended to the hand-edited text");
    assert_eq!(
        check_recent(&path, today() - Days::new(21)),
        None,
        "still read whole"
    );
}

#[test]
fn a_long_tail_is_read_back_far_enough() {
    // Notes of 4 KiB on the last days: the tail read first (64 KiB) holds fewer days than
    // asked for, and is read again longer.
    let mut plan = long_plan(600);
    let n = plan.doses.len();
    for dose in &mut plan.doses[n - 200..] {
        dose.note = Some("a long note about the day ".repeat(160).into());
    }
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path());
    let path = store.create("long", &plan, false).unwrap();
    let recent = check_recent(&path, today() - Days::new(40)).expect("from its ends");
    assert_eq!(recent.doses.len(), 4 * 40);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    /// Any mix of taper's saves and hand edits: `load_recent` is the whole plan's recent
    /// part, or nothing.
    #[test]
    fn load_recent_is_the_whole_plans_recent_part(
        steps in prop::collection::vec(0u8..4, 1..6),
        back in 0u64..90,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let path = store.create("long", &long_plan(500), false).unwrap();
        let mut minute = 0;
        for step in steps {
            minute += 1;
            let at = today().and_hms_opt(22, minute, 0).unwrap();
            match step {
                0 => add(&path, at, 1),
                // Back-dated: saved by rewriting the log.
                1 => add(&path, at - Days::new(back / 2 + 1), 3),
                2 => {
                    let text = fs::read_to_string(&path).unwrap();
                    fs::write(&path, last_dose_moved_up(&text)).unwrap();
                }
                _ => {
                    let text = fs::read_to_string(&path).unwrap();
                    fs::write(&path, text.replacen("amount = 1\n", "amount = 1.5\n", 1)).unwrap();
                }
            }
            check_recent(&path, today() - Days::new(back));
        }
    }
}
