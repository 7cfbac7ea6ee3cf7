//! Where a mistake in a plan file is: `PATH:LINE:COL`, and the values read with their place.

use std::ops::Range;
use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use toml::Spanned;
use toml::value::Datetime;

use super::super::dose::Dose;
use super::super::error::FileError;

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Where errors point: the file's path and text.
pub(in crate::core) struct Ctx<'a> {
    pub(in crate::core) path: &'a Path,
    pub(in crate::core) text: &'a str,
}

impl Ctx<'_> {
    pub(in crate::core) fn error(
        &self,
        span: Option<Range<usize>>,
        message: impl Into<String>,
        hint: Option<&str>,
    ) -> FileError {
        let (line, column) = line_col(self.text, span.map_or(0, |s| s.start));
        FileError {
            path: self.path.to_path_buf(),
            line,
            column,
            message: message.into(),
            hint: hint.map(str::to_string),
            backup: None,
        }
    }

    /// A dose as written, refusing more than 6 decimals (the file would be rewritten
    /// rounded otherwise, as the CLI refuses `taper log 0.1234567`).
    pub(in crate::core) fn dose(
        &self,
        value: &Spanned<Dose>,
        key: &str,
    ) -> Result<Dose, FileError> {
        let literal = self.text.get(value.span()).unwrap_or_default().trim();
        if decimals(literal) > 6 {
            return Err(self.error(
                Some(value.span()),
                format!("{key} = {literal} has more than 6 decimal places"),
                Some("taper keeps doses to 6 decimals; round the number, e.g. 0.333333"),
            ));
        }
        Ok(*value.get_ref())
    }

    pub(in crate::core) fn date(
        &self,
        value: &Spanned<Datetime>,
        key: &str,
    ) -> Result<NaiveDate, FileError> {
        let dt = value.get_ref();
        match (dt.date, dt.time, dt.offset) {
            (Some(d), None, None) => {
                NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into()).ok_or_else(
                    || {
                        self.error(
                            Some(value.span()),
                            format!("{key}: {dt} is not a calendar date"),
                            Some("check the month and day, e.g. 2027-02-28"),
                        )
                    },
                )
            }
            _ => Err(self.error(
                Some(value.span()),
                format!("{key} must be a date, not {dt}"),
                Some("write a bare date, e.g. 2027-01-04"),
            )),
        }
    }

    pub(in crate::core) fn datetime(
        &self,
        value: &Spanned<Datetime>,
    ) -> Result<NaiveDateTime, FileError> {
        let dt = value.get_ref();
        let bad = || {
            self.error(
                Some(value.span()),
                format!("at must be a local date and time, not {dt}"),
                Some("write e.g. at = 2027-01-04T08:30:00 (no quotes, no time zone)"),
            )
        };
        match (dt.date, dt.time, dt.offset) {
            (Some(d), Some(t), None) => {
                let date = NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into());
                let time = NaiveTime::from_hms_opt(
                    t.hour.into(),
                    t.minute.into(),
                    t.second.unwrap_or(0).into(),
                );
                date.zip(time).map(|(d, t)| d.and_time(t)).ok_or_else(bad)
            }
            _ => Err(bad()),
        }
    }

    pub(in crate::core) fn time(
        &self,
        dt: &Datetime,
        span: Range<usize>,
    ) -> Result<NaiveTime, FileError> {
        match (dt.date, dt.time) {
            (None, Some(t)) => NaiveTime::from_hms_opt(
                t.hour.into(),
                t.minute.into(),
                t.second.unwrap_or(0).into(),
            )
            .ok_or_else(|| {
                self.error(
                    Some(span.clone()),
                    format!("{dt} is not a time of day"),
                    Some("write times as HH:MM:SS, e.g. 08:00:00"),
                )
            }),
            _ => Err(self.error(
                Some(span),
                format!("expected a time of day, not {dt}"),
                Some("write times without quotes, e.g. 08:00:00"),
            )),
        }
    }
}

/// How many decimal places a TOML number literal has (`1.50` → 1, `1e-7` → 7).
fn decimals(literal: &str) -> usize {
    let t = literal.replace('_', "");
    let (mantissa, exponent) = match t.find(['e', 'E']) {
        Some(i) => (&t[..i], t[i + 1..].parse::<i64>().unwrap_or(0)),
        None => (t.as_str(), 0),
    };
    let fraction = mantissa
        .split_once('.')
        .map_or("", |(_, f)| f)
        .trim_end_matches('0');
    let places = i64::try_from(fraction.len())
        .unwrap_or(i64::MAX)
        .saturating_sub(exponent);
    usize::try_from(places).unwrap_or(0)
}
