//! Writing the keys of a `[plan]` table and of an `[[amendment]]` table (read in
//! `plan_table/mod.rs`): adding an optional key means one line in `write_segment`.

use std::fmt::Write as _;

use chrono::NaiveTime;

use super::amend::{Amendment, Change};
use super::pattern::weekday_name;
use super::plan::Curve;
use super::segment::Segment;

fn quote(text: &str) -> String {
    toml_edit::Value::from(text).to_string()
}

fn float(value: f64) -> String {
    // Shortest text that reads back to the same float; always with a dot or exponent.
    let text = format!("{value}");
    if text.contains(['.', 'e', 'E']) || text.contains("inf") || text.contains("NaN") {
        text
    } else {
        format!("{text}.0")
    }
}

/// Write `key = value`, padded so the comments line up, then `# comment`.
pub(super) fn commented(out: &mut String, line: String, comment: &str) {
    let _ = writeln!(out, "{line:<24}# {comment}");
}

fn time(t: NaiveTime) -> String {
    t.format("%H:%M:%S").to_string()
}

/// The keys of a segment (for `[plan]` with its `start`, for a re-plan without it).
pub(super) fn write_segment(out: &mut String, seg: &Segment, is_plan: bool) {
    if is_plan {
        commented(
            out,
            format!("start = {}", seg.start),
            "first day of the taper",
        );
    }
    if !matches!(seg.method, Curve::Ladder { .. }) {
        commented(
            out,
            format!("end = {}", seg.end),
            "first day at the target dose (rounding may need more steps: taper says so)",
        );
    }
    let _ = writeln!(out, "start_dose = {}", seg.start_dose);
    let _ = writeln!(out, "target_dose = {}", seg.target_dose);
    let _ = writeln!(out, "method = {}", quote(seg.method.name()));
    match &seg.method {
        Curve::Linear => {}
        Curve::Percent { percent } => commented(
            out,
            format!("percent = {}", float(*percent)),
            "cut per step, % of the current dose",
        ),
        Curve::Hyperbolic { emax, ed50 } => {
            commented(
                out,
                format!("emax = {}", float(*emax)),
                "% occupancy at an infinite dose",
            );
            commented(out, format!("ed50 = {ed50}"), "dose giving half of emax");
        }
        Curve::Ladder { steps } => {
            let rungs: Vec<String> = steps
                .iter()
                .map(|s| format!("  {{ dose = {}, days = {} }},", s.dose, s.days))
                .collect();
            let _ = writeln!(
                out,
                "steps = [               # each dose held for its days, then the target"
            );
            let _ = writeln!(out, "{}\n]", rungs.join("\n"));
        }
    }
    let _ = writeln!(out, "step_days = {}", seg.step_days);
    if let Some(unit) = seg.round_to {
        commented(
            out,
            format!("round_to = {unit}"),
            "every target after the start dose is a multiple of this",
        );
    }
    if let Some(max_cut) = seg.max_cut {
        commented(
            out,
            format!("max_cut = {}", float(max_cut)),
            "the plan's own ceiling, % of the current dose (replaces the class's paces)",
        );
        if let Some(days) = seg.per_days {
            commented(out, format!("per_days = {days}"), "… every this many days");
        }
    }
    let _ = writeln!(out, "doses_per_day = {}", seg.doses_per_day);
    if !seg.dose_times.is_empty() {
        let times: Vec<String> = seg.dose_times.iter().map(|t| time(*t)).collect();
        let _ = writeln!(out, "dose_times = [{}]", times.join(", "));
    }
    if is_plan && seg.day_starts != NaiveTime::MIN {
        commented(
            out,
            format!("day_starts = {}", time(seg.day_starts)),
            "doses before this count for the day before",
        );
    }
    if !seg.off_days.is_empty() {
        let days: Vec<String> = seg
            .off_days
            .iter()
            .map(|d| quote(weekday_name(*d)))
            .collect();
        commented(
            out,
            format!("off_days = [{}]", days.join(", ")),
            "days off: target 0",
        );
    }
    if let Some(p) = seg.pattern {
        commented(
            out,
            format!("pattern = {}", quote(&p.name())),
            "days on, then days off",
        );
    }
    if let (true, Some(m)) = (is_plan, seg.min_gap_minutes) {
        commented(
            out,
            format!("min_gap_minutes = {m}"),
            "a dose sooner than this after the last asks to confirm",
        );
    }
    if let (true, Some(h)) = (is_plan, seg.hold_threshold) {
        commented(
            out,
            format!("hold_threshold = {h}"),
            "mean withdrawal at which a hold is suggested",
        );
    }
}

/// One `[[amendment]]` table.
pub(super) fn write_amendment(out: &mut String, a: &Amendment) {
    let _ = writeln!(out, "\n[[amendment]]");
    let _ = writeln!(out, "kind = {}", quote(a.change.kind().name()));
    commented(out, format!("from = {}", a.from), "first day it applies to");
    if let Some(reason) = &a.reason {
        let _ = writeln!(out, "reason = {}", quote(reason));
    }
    if let Some(who) = &a.signed_off_by {
        let _ = writeln!(out, "signed_off_by = {}", quote(who));
    }
    match &a.change {
        Change::Hold | Change::Resume => {}
        Change::Break { days, resume_dose } => {
            let _ = writeln!(out, "days = {days}");
            if let Some(dose) = resume_dose {
                let _ = writeln!(out, "resume_dose = {dose}");
            }
        }
        Change::Replan(seg) => write_segment(out, seg, false),
    }
}
