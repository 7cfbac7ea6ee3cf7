//! The first frame of a long plan without its whole history: the text above the log and
//! only the log's last entries, back to a given day. The interface draws Today from this
//! at once and reads the whole file right after (in the background); `taper today` prints
//! from it. A save reads the file again under the lock: whole (`store::modify`), or this
//! way only when the file is the one taper last wrote and checked
//! (`store::append_recent`, for `taper log`), so nothing is ever written over text taper
//! has not read.

use std::path::Path;

use chrono::{Datelike, NaiveDate};

use super::error::StoreError;
use super::fastlog::{self, HEADER};
use super::plan::Plan;
use super::{fsafe, plan_file};

/// The plan with only the entries of plan days from `since` on, read from the end of a
/// log written as taper writes it (in time order). `None` when the file is small enough to
/// read whole, or is not in that form (the caller then loads it as usual).
pub fn load_recent(path: &Path, since: NaiveDate) -> Result<Option<Plan>, StoreError> {
    let bytes = fsafe::read(path)?;
    Ok(std::str::from_utf8(&bytes)
        .ok()
        .and_then(|text| parse_recent(path, text, since)))
}

/// `load_recent` of a file's text (`path` only names it in errors).
pub fn parse_recent(path: &Path, text: &str, since: NaiveDate) -> Option<Plan> {
    /// Below this, reading the whole file is as quick.
    const SMALL: usize = 64 * 1024;
    if text.len() < SMALL {
        return None;
    }
    let start = fastlog::log_start(text)?;
    if fastlog::mentions_log(&text[..start]) {
        return None;
    }
    let mut plan = plan_file::parse_above_log(path, &text[..start])?;
    // The days from `since` on are all in this file: none of a year kept apart.
    if plan.log_years.last().is_some_and(|y| *y >= since.year()) {
        return None;
    }
    // The check-ins (a few a week) whole; then the dose tables from the end, one at a
    // time, until one is from before `since`.
    let doses_at = fastlog::line_at(text, start, HEADER).unwrap_or(text.len());
    // Read from its end, a log must be in time order (a hand-edited one may not be).
    if !fastlog::times_in_order(&text[doses_at..]) {
        return None;
    }
    let checkins = fastlog::parse_log(&text[start..doses_at])?;
    if !checkins.doses.is_empty() {
        return None;
    }
    plan.checkins = checkins.checkins;
    let mut end = text.len();
    let mut doses = Vec::new();
    let header = format!("\n{HEADER}");
    while end > doses_at {
        let table_start = match text[doses_at..end].rfind(&header) {
            Some(i) => doses_at + i + 1,
            None => doses_at,
        };
        let mut table = fastlog::parse_log(&text[table_start..end])?;
        let entry = table
            .doses
            .pop()
            .filter(|_| table.doses.is_empty() && table.checkins.is_empty())?;
        if plan.day_of(entry.at) < since {
            break;
        }
        doses.push(entry);
        end = table_start;
    }
    doses.reverse();
    crate::core::plan::in_time_order(&mut doses);
    plan.doses = doses;
    Some(plan)
}

/// The year of the oldest entry of a file taper wrote (`text`; the log in time order, as
/// `parse_recent` checks), whose recent view is `recent` (which holds all its check-ins).
pub fn first_year(text: &str, recent: &Plan) -> Option<i32> {
    let start = fastlog::log_start(text)?;
    let doses_at = fastlog::line_at(text, start, HEADER);
    let dose = doses_at.and_then(|at| {
        let rest = text[at..].strip_prefix(HEADER)?.trim_start_matches('\r');
        let year = rest.strip_prefix("\nat = ")?.get(..4)?;
        year.parse::<i32>().ok()
    });
    if doses_at.is_some() && dose.is_none() {
        return None;
    }
    let checkin = recent.checkins.first().map(|c| c.date.year());
    dose.into_iter().chain(checkin).min()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::{Dose, DoseEntry, demo, render};
    use chrono::Days;

    #[test]
    fn the_last_days_of_a_long_log_and_nothing_else() {
        let today = NaiveDate::from_ymd_opt(2027, 1, 21).unwrap();
        let mut plan = demo::demo_plan(today).unwrap();
        let start = plan.start;
        plan.doses.clear();
        for day in 0..900 {
            for hour in [8, 20] {
                let at = (start + Days::new(day)).and_hms_opt(hour, 0, 0).unwrap();
                plan.add_entry(DoseEntry {
                    product: Some("brand".into()),
                    ..DoseEntry::new(at, Dose::from_units(2))
                });
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.toml");
        std::fs::write(&path, render::render(&plan)).unwrap();
        let since = start + Days::new(890);
        let recent = load_recent(&path, since).unwrap().unwrap();
        let expected: Vec<_> = plan
            .doses
            .iter()
            .filter(|e| e.at.date() >= since)
            .cloned()
            .collect();
        assert_eq!(recent.doses, expected);
        assert_eq!(recent.doses.len(), 20);
        assert!(recent.same_apart_from_log(&plan));
        // A log out of time order (a recent entry moved up the file by hand) is read whole.
        let text = render::render(&plan);
        let last = text.rfind("\n[[dose]]\n").unwrap();
        let moved = format!(
            "{}{}",
            text[..last].replacen("\n[[dose]]\n", &format!("{}\n[[dose]]\n", &text[last..]), 1),
            "\n"
        );
        std::fs::write(&path, &moved).unwrap();
        assert_eq!(
            crate::core::plan_file::load(&path).unwrap(),
            plan,
            "the same plan"
        );
        assert_eq!(load_recent(&path, since).unwrap(), None);
        // A small file is read whole.
        let small = dir.path().join("s.toml");
        std::fs::write(&small, render::render(&demo::demo_plan(today).unwrap())).unwrap();
        assert_eq!(load_recent(&small, since).unwrap(), None);
    }
}
