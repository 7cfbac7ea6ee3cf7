//! The weekly table of the report: target, mean taken, adherence, and the mean check-in
//! scores (when there are check-ins).

use chrono::NaiveDate;

use super::Report;
use super::checkins::{self, Scores};
use crate::core::progress;

#[derive(Clone, Debug, PartialEq)]
pub struct WeekRow {
    pub number: usize,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// The mean daily target over the week's days.
    pub target: f64,
    /// The mean daily total over the logged days.
    pub taken: Option<f64>,
    pub logged_days: usize,
    pub days: usize,
    /// Share of logged days at or under the target, 0–100.
    pub adherence: Option<f64>,
    pub checkins: Scores,
}

/// The weeks of the range (7 days from its first day) that have begun by today.
pub fn rows(report: &Report) -> Vec<WeekRow> {
    let records = report.records();
    progress::weeks(&records, report.today)
        .into_iter()
        .zip(records.chunks(7))
        .map(|(week, chunk)| {
            let s = week.summary;
            let end = chunk.last().map_or(week.start, |r| r.date);
            let days = chunk.len();
            let target = chunk.iter().map(|r| r.target.to_f64()).sum::<f64>() / days.max(1) as f64;
            let scores = checkins::means(
                chunk
                    .iter()
                    .filter(|r| r.date <= report.today)
                    .filter_map(|r| report.checkins.on(r.date)),
            );
            WeekRow {
                number: week.number,
                start: week.start,
                end,
                target,
                taken: (s.days_logged > 0).then(|| s.taken_total.to_f64() / s.days_logged as f64),
                logged_days: s.days_logged,
                days: s.days_on_plan,
                adherence: s.adherence_percent(),
                checkins: scores,
            }
        })
        .collect()
}

/// Whether any day of the range has a check-in (the report shows their columns then).
pub fn has_checkins(report: &Report) -> bool {
    report
        .from
        .iter_days()
        .take_while(|d| *d <= report.to)
        .any(|d| report.checkins.on(d).is_some())
}

/// A number to two decimals without trailing zeros: `9.75`, `12`, `3.5`.
pub fn num(value: f64) -> String {
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.into()
    }
}
