//! An `[[amendment]]` table: its own keys (`kind`, `from`, `reason`, `signed_off_by`,
//! `days`, `resume_dose`) and, for a re-plan, the keys of `[plan]`.

use std::ops::Range;

use super::{RawTable, misplaced, opt_dose, segment, span};
use crate::core::amend::{Amendment, Change, Kind};
use crate::core::error::FileError;
use crate::core::plan_file::Ctx;
use crate::core::segment::Segment;

/// An `[[amendment]]` table; `previous` is the segment before it (a re-plan without
/// `target_dose` keeps its target; every other key left out has its `[plan]` default).
pub(in crate::core) fn amendment(
    ctx: &Ctx,
    raw: &RawTable,
    previous: &Segment,
) -> Result<Amendment, FileError> {
    let anchor = raw.anchor();
    let from = match &raw.from {
        Some(from) => ctx.date(from, "from")?,
        None => {
            return Err(ctx.error(
                anchor,
                "missing field `from` in [[amendment]]",
                Some("add the first day it applies to, e.g. from = 2027-02-01"),
            ));
        }
    };
    let Some(kind_text) = &raw.kind else {
        return Err(ctx.error(
            anchor,
            "missing field `kind` in [[amendment]]",
            Some("one of: hold, resume, replan, break"),
        ));
    };
    let kind = Kind::parse(kind_text.get_ref()).ok_or_else(|| {
        ctx.error(
            Some(kind_text.span()),
            format!("unknown amendment kind '{}'", kind_text.get_ref()),
            Some("one of: hold, resume, replan, break"),
        )
    })?;
    if let Some(start) = &raw.start {
        return Err(misplaced(
            ctx,
            Some(start.span()),
            "start",
            "an amendment (write `from`)",
        ));
    }
    let segment_keys = [
        span(&raw.end),
        span(&raw.start_dose),
        span(&raw.target_dose),
        span(&raw.method),
        span(&raw.step_days),
        span(&raw.round_to),
        span(&raw.max_cut),
        span(&raw.per_days),
        span(&raw.doses_per_day),
        span(&raw.dose_times),
        span(&raw.day_starts),
        span(&raw.percent),
        span(&raw.emax),
        span(&raw.ed50),
        span(&raw.steps),
        span(&raw.off_days),
        span(&raw.pattern),
    ];
    let stray =
        |allowed: bool, keys: &[Option<Range<usize>>], what: &str| -> Result<(), FileError> {
            match keys.iter().flatten().next() {
                Some(at) if !allowed => Err(misplaced(
                    ctx,
                    Some(at.clone()),
                    what,
                    &format!("a {} amendment", kind.name()),
                )),
                _ => Ok(()),
            }
        };
    stray(kind == Kind::Replan, &segment_keys, "this key")?;
    stray(
        kind == Kind::Break,
        &[span(&raw.days), span(&raw.resume_dose)],
        "days/resume_dose",
    )?;
    for (key, at) in [
        ("min_gap_minutes", span(&raw.min_gap_minutes)),
        ("hold_threshold", span(&raw.hold_threshold)),
    ] {
        if at.is_some() {
            return Err(misplaced(ctx, at, key, "an amendment (set it in [plan])"));
        }
    }
    if let Some(t) = &raw.day_starts {
        return Err(misplaced(
            ctx,
            Some(t.span()),
            "day_starts",
            "an amendment (set it in [plan])",
        ));
    }
    let change = match kind {
        Kind::Hold => Change::Hold,
        Kind::Resume => Change::Resume,
        Kind::Break => Change::Break {
            days: raw.days.as_ref().map(|d| *d.get_ref()).ok_or_else(|| {
                ctx.error(
                    anchor.clone(),
                    "a break needs `days`",
                    Some("e.g. days = 7"),
                )
            })?,
            resume_dose: opt_dose(ctx, &raw.resume_dose, "resume_dose")?,
        },
        Kind::Replan => {
            if raw.start_dose.is_none() {
                return Err(ctx.error(
                    anchor,
                    "a replan needs `start_dose`",
                    Some("the daily dose the new plan starts from, e.g. start_dose = 8"),
                ));
            }
            let defaults = Segment {
                start: from,
                end: from,
                target_dose: previous.target_dose,
                ..Segment::default()
            };
            let mut seg = segment(ctx, raw, defaults)?;
            seg.end = match (&raw.end, seg.ladder_end()) {
                (Some(end), _) => ctx.date(end, "end")?,
                (None, Some(derived)) => derived,
                (None, None) => {
                    return Err(ctx.error(
                        anchor,
                        "a replan needs `end` (the first day at the target dose)",
                        Some("e.g. end = 2027-06-01"),
                    ));
                }
            };
            Change::Replan(Box::new(seg))
        }
    };
    Ok(Amendment {
        from,
        change,
        reason: raw.reason.clone(),
        signed_off_by: raw.signed_off_by.clone(),
    })
}
