//! A year of a plan's log in a file of its own (`NAME.2026.toml` beside `NAME.toml`; the
//! plan file lists the year in `log_years`): that year's `[[checkin]]` and `[[dose]]`
//! tables, written as in the plan file, and nothing else. Errors are located as
//! `PATH:LINE:COL`, like the plan file's.

use std::path::Path;

use chrono::Datelike;
use serde::Deserialize;

use super::checkin::{self, CheckIn, RawCheckIn};
use super::error::FileError;
use super::fastlog;
use super::plan::DoseEntry;
use super::plan_file::{Ctx, RawDose, line_col, read_doses};
use super::render::render_doses;

/// A year's check-ins (in date order) and doses (in time order).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct YearLog {
    pub checkins: Vec<CheckIn>,
    pub doses: Vec<DoseEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawYear {
    #[serde(default)]
    checkin: Vec<RawCheckIn>,
    #[serde(default)]
    dose: Vec<RawDose>,
}

/// The file of `year` of the plan file named `plan_file` (e.g. `kratom.toml`).
pub fn render(plan_file: &str, year: i32, checkins: &[CheckIn], doses: &[DoseEntry]) -> String {
    let mut out = format!(
        "# taper: the check-ins and doses of {year} of {plan_file}, which lists {year} in\n\
         # log_years. Hand-editable like the plan file; every entry here is from {year}.\n"
    );
    out.push_str(&checkin::render(checkins));
    out.push_str(&render_doses(doses));
    out
}

/// Read the file of `year` (`path` names it in errors).
pub fn parse(path: &Path, text: &str, year: i32) -> Result<YearLog, FileError> {
    let fast = || {
        let start = fastlog::log_start(text).unwrap_or(text.len());
        // Above the log: comments and blank lines only.
        let above_is_notes = text[..start]
            .lines()
            .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'));
        if !above_is_notes {
            return None;
        }
        let log = match &text[start..] {
            "" => fastlog::Log::default(),
            log => fastlog::parse_log(log)?,
        };
        let in_year = log.checkins.iter().all(|c| c.date.year() == year)
            && log.doses.iter().all(|d| d.at.year() == year);
        in_year.then_some(log)
    };
    let log = match fast() {
        Some(log) => log,
        None => parse_full(path, text, year)?,
    };
    let mut doses = log.doses;
    if !doses.is_sorted_by_key(|d| d.at) {
        crate::core::plan::in_time_order(&mut doses);
    }
    Ok(YearLog {
        checkins: log.checkins,
        doses,
    })
}

fn parse_full(path: &Path, text: &str, year: i32) -> Result<fastlog::Log, FileError> {
    let ctx = Ctx { path, text };
    let raw: RawYear = toml::from_str(text).map_err(|e| {
        let message = e.message().trim().to_string();
        ctx.error(
            e.span(),
            message,
            Some("a year's file holds only [[checkin]] and [[dose]] tables, as in the plan file"),
        )
    })?;
    let outside = |span| {
        ctx.error(
            Some(span),
            format!("this entry is not from {year}, and this file holds {year}'s log"),
            Some("move it to the file of its year (or to the plan file, for a year not in log_years)"),
        )
    };
    for c in &raw.checkin {
        let (date, span) = c.date(&ctx)?;
        if date.year() != year {
            return Err(outside(span));
        }
    }
    let doses = read_doses(&ctx, &raw.dose)?;
    for (d, r) in doses.iter().zip(&raw.dose) {
        if d.at.year() != year {
            return Err(outside(r.at_span()));
        }
    }
    Ok(fastlog::Log {
        checkins: checkin::read(&ctx, &raw.checkin)?,
        doses,
    })
}

/// Where a year's file is missing or names no year.
pub fn missing(plan_path: &Path, year_path: &Path, year: i32) -> FileError {
    let text = std::fs::read_to_string(plan_path).unwrap_or_default();
    let at = text.find("log_years").unwrap_or(0);
    let (line, column) = line_col(&text, at);
    FileError {
        path: plan_path.to_path_buf(),
        line,
        column,
        message: format!(
            "the log of {year} is kept in {}, which is missing",
            year_path.display()
        ),
        hint: Some(format!(
            "put that file back beside the plan (a year's file is named after the plan file: \
             NAME.{year}.toml), or take {year} out of log_years"
        )),
        backup: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::Dose;

    fn entry(at: &str, amount: i64) -> DoseEntry {
        let at = chrono::NaiveDateTime::parse_from_str(at, "%Y-%m-%dT%H:%M").unwrap();
        DoseEntry::new(at, Dose::from_units(amount))
    }

    #[test]
    fn a_year_reads_back_as_written_and_holds_only_its_year() {
        let mut c = CheckIn::new(chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap());
        c.set(checkin::Measure::Pain, Some(4));
        let doses = [entry("2026-01-01T00:30", 2), entry("2026-12-31T23:59", 3)];
        let text = render("p.toml", 2026, std::slice::from_ref(&c), &doses);
        let read = parse(Path::new("p.2026.toml"), &text, 2026).unwrap();
        assert_eq!(read.checkins, [c]);
        assert_eq!(read.doses, doses);
        // Not 2027's.
        let e = parse(Path::new("p.2026.toml"), &text, 2027).unwrap_err();
        assert_eq!(
            e.line,
            text.lines().position(|l| l.starts_with("date")).unwrap() + 1
        );
        assert!(e.message.contains("not from 2027"), "{e}");
        // A dose of another year, moved in by hand, is pointed at.
        let moved = text.replace("2026-12-31T23:59:00", "2027-01-01T00:00:00");
        let e = parse(Path::new("p.2026.toml"), &moved, 2026).unwrap_err();
        assert_eq!(
            e.line,
            moved
                .lines()
                .position(|l| l.contains("2027-01-01"))
                .unwrap()
                + 1
        );
        // Nothing but the log.
        let keyed = format!("name = \"x\"\n{text}");
        let e = parse(Path::new("p.2026.toml"), &keyed, 2026).unwrap_err();
        assert_eq!(e.line, 1, "{e}");
        // An empty year is an empty file (its notes only).
        let empty = render("p.toml", 2026, &[], &[]);
        assert_eq!(
            parse(Path::new("p.2026.toml"), &empty, 2026).unwrap(),
            YearLog::default()
        );
    }
}
