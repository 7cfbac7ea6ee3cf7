//! The keys of a `[plan]` table and of an `[[amendment]]` table, read in one place:
//! adding an optional key means one field in `RawTable`, one line in `segment` and one in
//! `write_segment` (`plan_write.rs`).

use std::collections::HashMap;
use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

use super::dose::Dose;
use super::error::{FileError, Key};
use super::pattern::{Pattern, parse_weekdays};
use super::plan::{Curve, DEFAULT_EMAX, LadderStep, Method, default_ed50};
use super::plan_file::Ctx;
use super::segment::Segment;

mod amendment;
pub(super) use amendment::amendment;

/// A `[plan]` or `[[amendment]]` table as written. One shape for both, so a re-plan takes
/// exactly the keys of `[plan]`; which keys belong where is checked after reading.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTable {
    // [plan] only
    start: Option<Spanned<Datetime>>,
    // [[amendment]] only
    kind: Option<Spanned<String>>,
    from: Option<Spanned<Datetime>>,
    reason: Option<String>,
    signed_off_by: Option<String>,
    days: Option<Spanned<u32>>,
    resume_dose: Option<Spanned<Dose>>,
    // both
    end: Option<Spanned<Datetime>>,
    start_dose: Option<Spanned<Dose>>,
    target_dose: Option<Spanned<Dose>>,
    method: Option<Spanned<String>>,
    step_days: Option<Spanned<u32>>,
    round_to: Option<Spanned<Dose>>,
    max_cut: Option<Spanned<f64>>,
    per_days: Option<Spanned<u32>>,
    doses_per_day: Option<Spanned<u32>>,
    dose_times: Option<Spanned<Vec<Datetime>>>,
    day_starts: Option<Spanned<Datetime>>,
    percent: Option<Spanned<f64>>,
    emax: Option<Spanned<f64>>,
    ed50: Option<Spanned<Dose>>,
    steps: Option<Spanned<Vec<RawRung>>>,
    off_days: Option<Spanned<Vec<String>>>,
    pattern: Option<Spanned<String>>,
    // [plan] only
    min_gap_minutes: Option<Spanned<u32>>,
    hold_threshold: Option<Spanned<u8>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRung {
    dose: Spanned<Dose>,
    days: u32,
}

/// A dose key, if written (refusing more than 6 decimals, see `Ctx::dose`).
fn opt_dose(
    ctx: &Ctx,
    value: &Option<Spanned<Dose>>,
    key: &str,
) -> Result<Option<Dose>, FileError> {
    value.as_ref().map(|v| ctx.dose(v, key)).transpose()
}

fn span<T>(value: &Option<Spanned<T>>) -> Option<Range<usize>> {
    value.as_ref().map(Spanned::span)
}

impl RawTable {
    /// Where each key is written, so a validation error can point at its line.
    pub(super) fn spans(&self, spans: &mut HashMap<Key, Range<usize>>) {
        for (key, at) in [
            (Key::Start, span(&self.start)),
            (Key::End, span(&self.end)),
            (Key::StartDose, span(&self.start_dose)),
            (Key::TargetDose, span(&self.target_dose)),
            (Key::Method, span(&self.method)),
            (Key::StepDays, span(&self.step_days)),
            (Key::RoundTo, span(&self.round_to)),
            (
                Key::MaxCut,
                span(&self.max_cut).or_else(|| span(&self.per_days)),
            ),
            (Key::DosesPerDay, span(&self.doses_per_day)),
            (Key::DoseTimes, span(&self.dose_times)),
            (Key::DayStarts, span(&self.day_starts)),
            (Key::Percent, span(&self.percent)),
            (Key::Emax, span(&self.emax)),
            (Key::Ed50, span(&self.ed50)),
            (Key::Steps, span(&self.steps)),
        ] {
            if let Some(at) = at {
                spans.insert(key, at);
            }
        }
    }

    /// The first span of the table, for errors about the table as a whole.
    pub(super) fn anchor(&self) -> Option<Range<usize>> {
        span(&self.from)
            .or_else(|| span(&self.kind))
            .or_else(|| span(&self.start))
            .or_else(|| span(&self.start_dose))
    }
}

fn misplaced(ctx: &Ctx, at: Option<Range<usize>>, key: &str, place: &str) -> FileError {
    ctx.error(
        at,
        format!("`{key}` does not belong in {place}"),
        Some("see the annotated example in the README for the keys of each table"),
    )
}

/// The `[plan]` table: the first segment.
pub(super) fn plan(ctx: &Ctx, raw: &RawTable) -> Result<Segment, FileError> {
    for (key, at) in [
        ("kind", span(&raw.kind)),
        ("from", span(&raw.from)),
        ("days", span(&raw.days)),
        ("resume_dose", span(&raw.resume_dose)),
    ] {
        if at.is_some() {
            return Err(misplaced(
                ctx,
                at,
                key,
                "[plan] (it is a key of [[amendment]])",
            ));
        }
    }
    if raw.reason.is_some() || raw.signed_off_by.is_some() {
        return Err(misplaced(ctx, None, "reason", "[plan]"));
    }
    let missing = |key: &str, example: &str| {
        ctx.error(
            None,
            format!("missing field `{key}` in [plan]"),
            Some(example),
        )
    };
    let start = match &raw.start {
        Some(start) => ctx.date(start, "start")?,
        None => {
            return Err(missing(
                "start",
                "add the first day, e.g. start = 2027-01-04",
            ));
        }
    };
    let start_dose = raw
        .start_dose
        .as_ref()
        .map(|d| *d.get_ref())
        .ok_or_else(|| {
            missing(
                "start_dose",
                "add the daily dose at the start, e.g. start_dose = 12",
            )
        })?;
    let target_dose = raw
        .target_dose
        .as_ref()
        .map(|d| *d.get_ref())
        .ok_or_else(|| {
            missing(
                "target_dose",
                "add the daily dose to reach, e.g. target_dose = 0",
            )
        })?;
    let defaults = Segment {
        start,
        start_dose,
        target_dose,
        end: start,
        ..Segment::default()
    };
    let mut segment = segment(ctx, raw, defaults)?;
    segment.end = match (&raw.end, segment.ladder_end()) {
        (Some(end), _) => ctx.date(end, "end")?,
        (None, Some(derived)) => derived,
        (None, None) => {
            return Err(ctx.error(
                span(&raw.start),
                "missing field `end` in [plan]",
                Some("add the first day at the target dose, e.g. end = 2027-03-15"),
            ));
        }
    };
    Ok(segment)
}

/// The keys shared by `[plan]` and a re-plan, over `defaults` (its start, start dose,
/// target and end; every other key left out takes the default of `Segment`).
fn segment(ctx: &Ctx, raw: &RawTable, defaults: Segment) -> Result<Segment, FileError> {
    let start_dose = opt_dose(ctx, &raw.start_dose, "start_dose")?.unwrap_or(defaults.start_dose);
    let method = match &raw.method {
        None => Method::Linear,
        Some(name) => Method::parse(name.get_ref()).ok_or_else(|| {
            ctx.error(
                Some(name.span()),
                format!("unknown method '{}'", name.get_ref()),
                Some("one of: linear, percent, hyperbolic, ladder"),
            )
        })?,
    };
    let mut dose_times = Vec::new();
    if let Some(times) = &raw.dose_times {
        for t in times.get_ref() {
            dose_times.push(ctx.time(t, times.span())?);
        }
    }
    let value =
        |v: &Option<Spanned<u32>>, default: u32| v.as_ref().map_or(default, |v| *v.get_ref());
    Ok(Segment {
        start: defaults.start,
        start_dose,
        target_dose: opt_dose(ctx, &raw.target_dose, "target_dose")?
            .unwrap_or(defaults.target_dose),
        end: defaults.end,
        method: curve(ctx, raw, method, start_dose)?,
        step_days: value(&raw.step_days, defaults.step_days),
        round_to: opt_dose(ctx, &raw.round_to, "round_to")?,
        doses_per_day: value(&raw.doses_per_day, defaults.doses_per_day),
        dose_times,
        day_starts: match &raw.day_starts {
            Some(t) => ctx.time(t.get_ref(), t.span())?,
            None => defaults.day_starts,
        },
        max_cut: raw.max_cut.as_ref().map(|v| *v.get_ref()),
        per_days: raw.per_days.as_ref().map(|v| *v.get_ref()),
        off_days: off_days(ctx, raw)?,
        pattern: match &raw.pattern {
            Some(p) => Some(Pattern::parse(p.get_ref()).ok_or_else(|| {
                ctx.error(
                    Some(p.span()),
                    format!(
                        "pattern '{}' is not a cycle of days on and off",
                        p.get_ref()
                    ),
                    Some("write e.g. pattern = \"5on2off\" (5 days on, then 2 off)"),
                )
            })?),
            None => None,
        },
        min_gap_minutes: match &raw.min_gap_minutes {
            Some(m) if *m.get_ref() == 0 || *m.get_ref() > 24 * 60 => {
                return Err(ctx.error(
                    Some(m.span()),
                    format!("min_gap_minutes = {} is out of range", m.get_ref()),
                    Some("minutes between doses, from 1 to 1440"),
                ));
            }
            m => m.as_ref().map(|m| *m.get_ref()),
        },
        hold_threshold: match &raw.hold_threshold {
            Some(h) if *h.get_ref() > 10 => {
                return Err(ctx.error(
                    Some(h.span()),
                    format!("hold_threshold = {} is above 10", h.get_ref()),
                    Some("a withdrawal rating from 0 to 10, e.g. hold_threshold = 6"),
                ));
            }
            h => h.as_ref().map(|h| *h.get_ref()),
        },
    })
}

fn off_days(ctx: &Ctx, raw: &RawTable) -> Result<Vec<chrono::Weekday>, FileError> {
    let Some(days) = &raw.off_days else {
        return Ok(Vec::new());
    };
    parse_weekdays(&days.get_ref().join(",")).map_err(|e| {
        ctx.error(
            Some(days.span()),
            format!("off_days: {e}"),
            Some("write e.g. off_days = [\"mon\", \"thu\"]"),
        )
    })
}

fn curve(ctx: &Ctx, raw: &RawTable, method: Method, start_dose: Dose) -> Result<Curve, FileError> {
    let missing = |key: &str, example: &str| {
        ctx.error(
            span(&raw.method),
            format!("method {} needs `{key}`", method.name()),
            Some(example),
        )
    };
    Ok(match method {
        Method::Linear => Curve::Linear,
        Method::Percent => Curve::Percent {
            percent: *raw
                .percent
                .as_ref()
                .ok_or_else(|| missing("percent", "e.g. percent = 10"))?
                .get_ref(),
        },
        Method::Hyperbolic => Curve::Hyperbolic {
            emax: raw.emax.as_ref().map_or(DEFAULT_EMAX, |v| *v.get_ref()),
            ed50: opt_dose(ctx, &raw.ed50, "ed50")?.unwrap_or_else(|| default_ed50(start_dose)),
        },
        Method::Ladder => Curve::Ladder {
            steps: raw
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
    })
}
