//! TOML ⇄ Plan. Native TOML dates and times; errors located as `PATH:LINE:COL` with a hint.
//!
//! The file has a fixed layout (see README): top-level facts, a `[plan]` table, then the
//! log as `[[dose]]` tables. When a plan is saved over a file that differs only in its log,
//! the rest of the file — comments included — is kept byte for byte.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

use super::dose::Dose;
use super::error::FileError;
use super::plan::{Class, DoseEntry, LadderStep, Method, Plan};
use super::schedule;

/// The schema version this build reads and writes.
pub const SCHEMA: i64 = 1;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    schema: Spanned<i64>,
    name: Spanned<String>,
    #[serde(default)]
    substance: String,
    class: Option<Spanned<String>>,
    unit: Spanned<String>,
    plan: RawPlan,
    #[serde(default)]
    dose: Vec<RawDose>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlan {
    start: Spanned<Datetime>,
    end: Option<Spanned<Datetime>>,
    start_dose: Spanned<Dose>,
    target_dose: Spanned<Dose>,
    #[serde(default)]
    method: Option<Spanned<String>>,
    step_days: Option<Spanned<u32>>,
    round_to: Option<Spanned<Dose>>,
    doses_per_day: Option<Spanned<u32>>,
    dose_times: Option<Spanned<Vec<Datetime>>>,
    day_starts: Option<Spanned<Datetime>>,
    percent: Option<Spanned<f64>>,
    emax: Option<Spanned<f64>>,
    ed50: Option<Spanned<Dose>>,
    steps: Option<Spanned<Vec<RawRung>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRung {
    dose: Spanned<Dose>,
    days: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDose {
    at: Spanned<Datetime>,
    amount: Spanned<Dose>,
    product: Option<String>,
    note: Option<String>,
    slot: Option<u32>,
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

struct Ctx<'a> {
    path: &'a Path,
    text: &'a str,
}

impl Ctx<'_> {
    fn error(
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
    fn dose(&self, value: &Spanned<Dose>, key: &str) -> Result<Dose, FileError> {
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

    fn date(&self, value: &Spanned<Datetime>, key: &str) -> Result<NaiveDate, FileError> {
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

    fn datetime(&self, value: &Spanned<Datetime>) -> Result<NaiveDateTime, FileError> {
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

    fn time(&self, dt: &Datetime, span: Range<usize>) -> Result<NaiveTime, FileError> {
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

fn hint_for(message: &str) -> Option<&'static str> {
    if message.contains("invalid date")
        || message.contains("invalid time")
        || message.contains("expected day")
        || message.contains("expected month")
        || message.contains("expected hour")
        || message.contains("expected minute")
        || message.contains("expected second")
    {
        Some("write a real calendar date and time, e.g. 2027-02-28 or 08:30:00")
    } else if message.contains("expected a TOML datetime")
        || message.contains("invalid type: string") && message.contains("datetime")
    {
        Some("dates and times are written without quotes, e.g. start = 2027-01-04")
    } else if message.contains("unknown field") {
        Some("check the spelling of the key; the README lists every key of a plan file")
    } else if message.contains("missing field") {
        Some("see the annotated example in the README for the keys a plan needs")
    } else if message.contains("negative")
        || message.contains("expected a number")
        || message.contains("not a dose")
    {
        Some("doses are plain numbers of the plan's unit, e.g. 3.25")
    } else {
        Some("the file must be valid TOML; see the annotated example in the README")
    }
}

/// Parse a plan file's bytes, which must be UTF-8. `path` is only used in error messages.
pub fn parse_bytes(path: &Path, bytes: &[u8]) -> Result<Plan, FileError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => parse(path, text),
        Err(e) => {
            let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
            let (line, column) = line_col(valid, valid.len());
            Err(FileError {
                path: path.to_path_buf(),
                line,
                column,
                message: "this is not UTF-8 text".to_string(),
                hint: Some("save the file as UTF-8 (taper writes plain UTF-8)".to_string()),
                backup: None,
            })
        }
    }
}

/// Parse a plan file's text. `path` is only used in error messages.
pub fn parse(path: &Path, text: &str) -> Result<Plan, FileError> {
    let ctx = Ctx { path, text };
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        let message = e.message().trim().to_string();
        ctx.error(e.span(), message.clone(), hint_for(&message))
    })?;
    let mut spans: HashMap<&'static str, Range<usize>> = HashMap::new();
    if *raw.schema.get_ref() != SCHEMA {
        return Err(ctx.error(
            Some(raw.schema.span()),
            format!(
                "schema {} is not supported; this taper reads schema {SCHEMA}",
                raw.schema.get_ref()
            ),
            Some("a newer taper may have written this file; update taper"),
        ));
    }
    spans.insert("name", raw.name.span());
    spans.insert("unit", raw.unit.span());
    let class = match &raw.class {
        None => Class::Other,
        Some(c) => Class::parse(c.get_ref()).ok_or_else(|| {
            ctx.error(
                Some(c.span()),
                format!("unknown class '{}'", c.get_ref()),
                Some("one of: opioid, benzodiazepine, antidepressant, kratom, stimulant, other"),
            )
        })?,
    };
    let p = &raw.plan;
    for (key, span) in [
        ("start", Some(p.start.span())),
        ("end", p.end.as_ref().map(Spanned::span)),
        ("start_dose", Some(p.start_dose.span())),
        ("target_dose", Some(p.target_dose.span())),
        ("method", p.method.as_ref().map(Spanned::span)),
        ("step_days", p.step_days.as_ref().map(Spanned::span)),
        ("round_to", p.round_to.as_ref().map(Spanned::span)),
        ("doses_per_day", p.doses_per_day.as_ref().map(Spanned::span)),
        ("dose_times", p.dose_times.as_ref().map(Spanned::span)),
        ("day_starts", p.day_starts.as_ref().map(Spanned::span)),
        ("percent", p.percent.as_ref().map(Spanned::span)),
        ("emax", p.emax.as_ref().map(Spanned::span)),
        ("ed50", p.ed50.as_ref().map(Spanned::span)),
        ("steps", p.steps.as_ref().map(Spanned::span)),
    ] {
        if let Some(span) = span {
            spans.insert(key, span);
        }
    }
    let start = ctx.date(&p.start, "start")?;
    let start_dose = ctx.dose(&p.start_dose, "start_dose")?;
    let target_dose = ctx.dose(&p.target_dose, "target_dose")?;
    let round_to = match &p.round_to {
        Some(v) => Some(ctx.dose(v, "round_to")?),
        None => None,
    };
    let method_name = p.method.as_ref().map_or("linear", |m| m.get_ref().as_str());
    let missing = |key: &str, example: &str| {
        ctx.error(
            p.method.as_ref().map(Spanned::span),
            format!("method {method_name} needs `{key}` in [plan]"),
            Some(example),
        )
    };
    let method = match method_name {
        "linear" => Method::Linear,
        "percent" => Method::Percent {
            percent: *p
                .percent
                .as_ref()
                .ok_or_else(|| missing("percent", "e.g. percent = 10"))?
                .get_ref(),
        },
        "hyperbolic" => Method::Hyperbolic {
            emax: p
                .emax
                .as_ref()
                .map_or(super::plan::DEFAULT_EMAX, |v| *v.get_ref()),
            ed50: match &p.ed50 {
                Some(v) => ctx.dose(v, "ed50")?,
                None => super::plan::default_ed50(start_dose),
            },
        },
        "ladder" => Method::Ladder {
            steps: p
                .steps
                .as_ref()
                .ok_or_else(|| {
                    missing(
                        "steps",
                        "e.g. steps = [{ dose = 10, days = 14 }, { dose = 5, days = 14 }]",
                    )
                })?
                .get_ref()
                .iter()
                .map(|r| {
                    Ok(LadderStep {
                        dose: ctx.dose(&r.dose, "dose")?,
                        days: r.days,
                    })
                })
                .collect::<Result<_, FileError>>()?,
        },
        other => {
            return Err(ctx.error(
                p.method.as_ref().map(Spanned::span),
                format!("unknown method '{other}'"),
                Some("one of: linear, percent, hyperbolic, ladder"),
            ));
        }
    };
    let mut dose_times = Vec::new();
    if let Some(times) = &p.dose_times {
        for t in times.get_ref() {
            dose_times.push(ctx.time(t, times.span())?);
        }
    }
    let mut doses = Vec::with_capacity(raw.dose.len());
    for d in &raw.dose {
        doses.push(DoseEntry {
            at: ctx.datetime(&d.at)?,
            amount: ctx.dose(&d.amount, "amount")?,
            product: d.product.clone(),
            note: d.note.clone(),
            slot: d.slot,
        });
    }
    doses.sort_by_key(|d| d.at);
    let mut plan = Plan {
        name: raw.name.get_ref().clone(),
        substance: raw.substance.clone(),
        class,
        unit: raw.unit.get_ref().clone(),
        start,
        start_dose,
        target_dose,
        end: start,
        method,
        step_days: p.step_days.as_ref().map_or(7, |v| *v.get_ref()),
        round_to,
        doses_per_day: p.doses_per_day.as_ref().map_or(1, |v| *v.get_ref()),
        dose_times,
        day_starts: match &p.day_starts {
            Some(t) => ctx.time(t.get_ref(), t.span())?,
            None => NaiveTime::MIN,
        },
        doses,
    };
    plan.end = match (&p.end, schedule::ladder_end(&plan)) {
        (Some(end), _) => ctx.date(end, "end")?,
        (None, Some(derived)) => derived,
        (None, None) => {
            return Err(ctx.error(
                Some(p.start.span()),
                "missing field `end` in [plan]",
                Some("add the first day at the target dose, e.g. end = 2027-03-15"),
            ));
        }
    };
    schedule::validate(&plan).map_err(|e| {
        let span = spans
            .get(e.field())
            .cloned()
            .or_else(|| Some(p.start.span()));
        ctx.error(span, e.to_string(), e.hint())
    })?;
    Ok(plan)
}

/// Read and parse a plan file (a regular file of at most 64 MiB; see `fsafe::read`).
pub fn load(path: &Path) -> Result<Plan, super::error::StoreError> {
    let bytes = super::fsafe::read(path)?;
    Ok(parse_bytes(path, &bytes)?)
}
