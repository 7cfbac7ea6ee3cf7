//! The first frame of a long plan without its whole history: the text above the log and
//! only the log's last entries, back to a given day. The interface draws Today from this
//! at once and reads the whole file right after (in the background); `taper today` prints
//! from it (`store::load_recent`): the text read whole with its order checked
//! (`parse_recent`), or, when the file's stamp vouches for it, its two ends only
//! (`read_ends`).
//! A save reads the file again under the lock: whole (`store::modify`), or this way only
//! when the file is the one taper last wrote and checked (`store::append_recent`, for
//! `taper log`), so nothing is ever written over text taper has not read.

use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use chrono::{Datelike, NaiveDate};

use super::fastlog::{self, HEADER};
use super::plan::Plan;
use super::{fsafe, plan_file};

/// Below this, reading the whole file is as quick.
pub const SMALL: usize = 64 * 1024;

/// The plan with only the entries of plan days from `since` on, read from the end of a
/// file's text (`path` only names it in errors) whose log is written as taper writes it (in
/// time order, which is checked). `None` when the file is small enough to read whole, or
/// is not in that form (the caller then loads it as usual).
pub fn parse_recent(path: &Path, text: &str, since: NaiveDate) -> Option<Plan> {
    if text.len() < SMALL {
        return None;
    }
    // The plan and the check-ins (a few a week) whole; then the dose tables from the end,
    // one at a time, until one is from before `since`.
    let start = fastlog::log_start(text)?;
    let doses_at = fastlog::line_at(text, start, HEADER).unwrap_or(text.len());
    // Read from its end, a log must be in time order (a hand-edited one may not be).
    if !fastlog::times_in_order(&text[doses_at..]) {
        return None;
    }
    let mut plan = above_doses(path, &text[..doses_at], since)?;
    let (doses, _) = doses_from_end(&plan, &text[doses_at..], since)?;
    plan.doses = doses;
    Some(plan)
}

/// The dose tables at the end of `log` (text of whole `[[dose]]` tables, in time order)
/// from the plan day `since` on, read from the end one table at a time; and whether an
/// earlier one was met (else all of `log` was read).
fn doses_from_end(
    plan: &Plan,
    log: &str,
    since: NaiveDate,
) -> Option<(Vec<crate::core::DoseEntry>, bool)> {
    let mut end = log.len();
    let mut doses = Vec::new();
    let header = format!("\n{HEADER}");
    let mut met_earlier = false;
    while end > 0 {
        let table_start = log[..end].rfind(&header).map_or(0, |i| i + 1);
        let mut table = fastlog::parse_log(&log[table_start..end])?;
        let entry = table
            .doses
            .pop()
            .filter(|_| table.doses.is_empty() && table.checkins.is_empty())?;
        if plan.day_of(entry.at) < since {
            met_earlier = true;
            break;
        }
        doses.push(entry);
        end = table_start;
    }
    doses.reverse();
    crate::core::plan::in_time_order(&mut doses);
    Some((doses, met_earlier))
}

/// `parse_recent` of a file known to be in taper's layout with its log in time order (its
/// stamp says so: `store::load_recent`), reading only its two ends: the text above the
/// doses (the plan and the check-ins) and enough of its last dose tables to reach back to
/// `since`. `len` is the file's length.
pub fn read_ends(
    path: &Path,
    file: &mut (impl Read + Seek),
    len: u64,
    since: NaiveDate,
) -> Option<Plan> {
    /// How much is read first, of the head and of the tail (three weeks of four doses a
    /// day are some 7 KiB); each grows until it is long enough.
    const CHUNK: usize = 16 * 1024;
    // Not more than any read of a plan file takes (`fsafe::read` refuses the file then).
    if len > fsafe::MAX_BYTES {
        return None;
    }
    let len = usize::try_from(len).ok()?;
    // The head: up to the first dose table.
    let mut head = Vec::new();
    let doses_at = loop {
        let from = head.len().saturating_sub(HEADER.len() + 1);
        let more = CHUNK.min(len - head.len());
        if more == 0 {
            return None;
        }
        head.resize(head.len() + more, 0);
        let at = head.len() - more;
        file.read_exact(&mut head[at..]).ok()?;
        if let Some(i) = memchr::memmem::find(&head[from..], DOSES.as_bytes()) {
            break from + i + 1;
        }
    };
    head.truncate(doses_at);
    let head = std::str::from_utf8(&head).ok()?;
    let mut plan = above_doses(path, head, since)?;
    // The tail: whole dose tables from the end, longer until it reaches before `since`.
    let mut size = CHUNK;
    loop {
        let from = len.saturating_sub(size).max(doses_at);
        let mut tail = vec![0; len - from];
        file.seek(SeekFrom::Start(from as u64)).ok()?;
        file.read_exact(&mut tail).ok()?;
        // Cut to where a table begins (the first byte may be inside a character); a tail
        // inside one long table is read again longer.
        let first = match from == doses_at {
            true => Some(0),
            false => memchr::memmem::find(&tail, DOSES.as_bytes()).map(|i| i + 1),
        };
        let Some(first) = first else {
            size *= 4;
            continue;
        };
        let log = std::str::from_utf8(&tail[first..]).ok()?;
        let (doses, met_earlier) = doses_from_end(&plan, log, since)?;
        if met_earlier || from == doses_at {
            plan.doses = doses;
            return Some(plan);
        }
        size *= 4;
    }
}

/// A dose table's first line, with the end of the line before it.
const DOSES: &str = "\n[[dose]]\n";

/// The plan from the text above its first dose table (`head`): `None` when that is not
/// the plan and its check-ins as taper writes them, or when days from `since` on are kept
/// in a year file.
fn above_doses(path: &Path, head: &str, since: NaiveDate) -> Option<Plan> {
    let start = fastlog::log_start(head).unwrap_or(head.len());
    if fastlog::mentions_log(&head[..start]) {
        return None;
    }
    let mut plan = plan_file::parse_above_log(path, &head[..start])?;
    // The days from `since` on are all in this file: none of a year kept apart.
    if plan.log_years.last().is_some_and(|y| *y >= since.year()) {
        return None;
    }
    let checkins = fastlog::parse_log(&head[start..])?;
    if !checkins.doses.is_empty() {
        return None;
    }
    plan.checkins = checkins.checkins;
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
        let text = render::render(&plan);
        let since = start + Days::new(890);
        let recent = parse_recent(&path, &text, since).unwrap();
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
        assert_eq!(parse_recent(&path, &moved, since), None);
        // A small file is read whole.
        let small = render::render(&demo::demo_plan(today).unwrap());
        assert_eq!(parse_recent(&path, &small, since), None);
    }
}
