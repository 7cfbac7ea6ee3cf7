//! The audit: each step of the rounded schedule against the class's two guideline paces
//! (`paces.rs`). Findings are data; the CLI and the TUI word them. It runs on the rounded
//! schedule, because rounding is what makes the late steps large.
//!
//! - A cut is measured as % of the current dose (the dose before the step), over the days
//!   that dose was held (holds count), and compared with each pace scaled to those days:
//!   faster than the gentle pace is a `caution`, faster than the fastest a `warning`. With
//!   `round_to`, a cut no bigger than the pace's cut rounded to the nearest unit is within
//!   the pace (the schedule rounds the same way); a whole unit that is more than the pace
//!   (0.25 g of 1 g) is not.
//! - The last step (into the target, whatever the target) is always checked, on the real
//!   last rung: into a target above 0 like any cut; into 0 by the size of the dose it stops
//!   from, as % of the start dose, against the same two percentages.

use chrono::NaiveDate;
use serde::{Serialize, Serializer};

use super::dose::Dose;
use super::paces::{Pace, paces};
use super::plan::{Class, Plan};
use super::rounding;
use super::schedule::{Schedule, Step, StepKind};
use super::segment::Segment;

/// What a finding is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A step before the last.
    Cut,
    /// The last step, into the target.
    Final,
    /// A planned dose the plan's dosage forms cannot make (`from` = `to` = that dose; `form`
    /// names a form that would make it).
    Unmeasurable,
}

/// How far past the guideline a step is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Faster than the gentle pace.
    Caution,
    /// Faster than the fastest published pace.
    Warning,
}

/// One step worth a second look.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    /// The day the step begins.
    #[serde(serialize_with = "iso_date")]
    pub date: NaiveDate,
    pub step: u32,
    pub kind: Kind,
    pub from: Dose,
    pub to: Dose,
    /// The cut as % of the current dose (one decimal).
    pub cut_percent: f64,
    /// How long the dose before the step was held.
    pub days: u32,
    pub severity: Severity,
    /// The pace it is faster than, and where that pace comes from.
    pub source: String,
    /// For `unmeasurable`: a form that would make the dose, as NAME:STRENGTH:STEP.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub form: Option<String>,
}

fn iso_date<S: Serializer>(date: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(date)
}

fn percent_of(part: Dose, whole: Dose) -> f64 {
    if whole.is_zero() {
        return 0.0;
    }
    100.0 * part.micros() as f64 / whole.micros() as f64
}

impl Finding {
    /// Whether this is the final step into 0, which is judged by the dose it stops from.
    fn stops(&self) -> bool {
        self.kind == Kind::Final && self.to.is_zero()
    }

    /// A calm sentence that says what was measured and against which pace.
    pub fn message(&self, plan: &Plan) -> String {
        let unit = super::text::printable(&plan.unit);
        let (from, to, days, date) = (self.from, self.to, self.days, self.date);
        let label = match self.severity {
            Severity::Caution => "Caution",
            Severity::Warning => "Warning",
        };
        if self.kind == Kind::Unmeasurable {
            return format!(
                "Caution: step {}, on {date}: a dose of {to} {unit} cannot be made from the forms in the plan; {} would make it (or change the dose).",
                self.step,
                self.form
                    .as_deref()
                    .map(super::text::printable)
                    .unwrap_or_default()
            );
        }
        let mut text = if self.stops() {
            format!(
                "{label}: the last step, on {date}, stops from {from} {unit} after {days} days; that dose is {:.0} % of the start dose, and a stop is gentler from a smaller one ({}). A few smaller final steps help.",
                percent_of(from, plan.start_dose),
                self.source
            )
        } else {
            let which = if self.kind == Kind::Final {
                "the last step".to_string()
            } else {
                format!("step {}", self.step)
            };
            format!(
                "{label}: {which}, on {date}: {from} → {to} {unit} cuts {:.0} % of the current dose after {days} days, faster than {}. Smaller steps, or holds, are often easier.",
                self.cut_percent, self.source
            )
        };
        if self.stops() && plan.class == Class::Benzodiazepine {
            text.push_str(
                " Stopping a benzodiazepine abruptly can cause seizures: plan the last steps with a prescriber.",
            );
        }
        text
    }
}

/// The plan's own ceiling (`max_cut` every `per_days` days), when its segment sets one.
pub fn ceiling(seg: &Segment) -> Option<Pace> {
    seg.max_cut.map(|percent| Pace {
        percent,
        days: seg.per_days,
        source: "",
    })
}

/// The most severe pace a measure is over: `over` against each pace's limit. A segment's
/// own ceiling replaces the class's two paces: a step over it is a `warning` (there is no
/// gentler pace to be a `caution` about).
fn judge(plan: &Plan, seg: &Segment, over: impl Fn(&Pace) -> bool) -> Option<(Severity, String)> {
    if let Some(own) = ceiling(seg) {
        return over(&own).then(|| {
            (
                Severity::Warning,
                format!("the plan's own ceiling (max_cut): {}", own.describe()),
            )
        });
    }
    let paces = paces(plan.class);
    if let Some(fast) = paces.fastest.filter(|p| over(p)) {
        return Some((Severity::Warning, fast.source.to_string()));
    }
    over(&paces.gentle).then(|| (Severity::Caution, paces.gentle.source.to_string()))
}

/// Check every step of a plan's schedule against its class's paces.
pub fn audit(plan: &Plan, schedule: &Schedule) -> Vec<Finding> {
    // Holds and breaks are pauses, not cuts: a dose held longer is measured over all the
    // days it was in force, and the dose a break resumes at is measured from the one before.
    let steps: Vec<Step> = schedule
        .steps
        .iter()
        .filter(|s| s.kind == StepKind::Taper)
        .copied()
        .collect();
    let target = steps.last().map_or(plan.target_dose, |s| s.dose);
    // The real last step: the first rung at (or below) the target.
    let Some(last) = steps.iter().skip(1).position(|s| s.dose <= target) else {
        return Vec::new();
    };
    let last = last + 1;
    let mut findings = Vec::new();
    // When the current dose began: a hold (rungs of equal dose) counts as one long rung.
    let mut held_since = schedule.start;
    for k in 1..=last {
        let (prev, next) = (steps[k - 1], steps[k]);
        if next.dose >= prev.dose {
            continue;
        }
        let since = std::mem::replace(&mut held_since, next.start);
        let days = (next.start - since).num_days().max(1) as u32;
        let cut = percent_of(prev.dose.saturating_sub(next.dose), prev.dose);
        let kind = if k == last { Kind::Final } else { Kind::Cut };
        let seg = &schedule.segments[next.segment.min(schedule.segments.len() - 1)];
        let verdict = if kind == Kind::Final && next.dose.is_zero() {
            let share = percent_of(prev.dose, plan.start_dose);
            judge(plan, seg, |pace| share > pace.percent + 1e-9)
        } else {
            let step = prev.dose.saturating_sub(next.dose);
            judge(plan, seg, |pace| {
                let allowed = pace.allowed(days);
                // With a measurable unit, the pace's cut rounded to the nearest unit is
                // within it too (as the schedule itself rounds); never the unit's minimum.
                let measurable = seg.round_to.is_some_and(|unit| {
                    step <= rounding::nearest(prev.dose.to_f64() * allowed / 100.0, unit)
                });
                cut > allowed + 1e-9 && !measurable
            })
        };
        if let Some((severity, source)) = verdict {
            findings.push(Finding {
                date: next.start,
                step: next.number,
                kind,
                from: prev.dose,
                to: next.dose,
                cut_percent: (cut * 10.0).round() / 10.0,
                days,
                severity,
                source,
                form: None,
            });
        }
    }
    findings.extend(unmeasurable(plan, schedule));
    findings
}

/// Each planned dose the plan's forms cannot make, once (on the first step it is planned).
fn unmeasurable(plan: &Plan, schedule: &Schedule) -> Vec<Finding> {
    let mut findings: Vec<Finding> = Vec::new();
    if plan.forms.is_empty() {
        return findings;
    }
    for step in &schedule.steps {
        let seg = &schedule.segments[step.segment.min(schedule.segments.len() - 1)];
        for planned in super::schedule::split(seg, step.dose) {
            let dose = planned.amount;
            if dose.is_zero()
                || findings.iter().any(|f| f.to == dose)
                || super::forms::make(dose, &plan.forms).is_some()
            {
                continue;
            }
            let forms: Vec<String> = plan.forms.iter().map(|f| f.spec()).collect();
            findings.push(Finding {
                date: step.start,
                step: step.number,
                kind: Kind::Unmeasurable,
                from: dose,
                to: dose,
                cut_percent: 0.0,
                days: 0,
                severity: Severity::Caution,
                source: format!("the plan's forms: {}", forms.join(", ")),
                form: Some(super::forms::would_make(dose, &plan.forms).spec()),
            });
        }
    }
    findings
}

/// A sentence when the schedule ends later than the plan's `end` (see
/// `schedule::moved_end`), for `taper new`, `taper check` and the wizard.
pub fn end_note(plan: &Plan) -> Option<String> {
    let base = super::forms::measured(&plan.base, &plan.forms);
    let end = super::schedule::moved_end(&base)?;
    let why = if base.round_to.is_some() {
        "measurable steps no bigger than the planned cuts (and a last dose of one unit before 0) need more time"
    } else {
        "no step may be shorter than the step length"
    };
    Some(format!(
        "The end moves later, to {end} (asked for: {}): {why}.",
        plan.end
    ))
}

/// Whether the total logged on `date` is well above what was taken on the days before it:
/// after days at a lower dose, tolerance may have dropped, and an old dose can be too much.
/// True when at least 3 of the 7 days before were logged and `date`'s total is more than
/// 25 % above the highest of them.
pub fn above_recent_intake(plan: &Plan, date: NaiveDate) -> bool {
    let Some(today) = plan.taken_on(date) else {
        return false;
    };
    let recent: Vec<Dose> = (1..=7)
        .filter_map(|back| date.checked_sub_days(chrono::Days::new(back)))
        .filter_map(|d| plan.taken_on(d))
        .collect();
    let Some(highest) = recent.iter().max().copied() else {
        return false;
    };
    recent.len() >= 3 && today.micros() * 4 > highest.micros() * 5
}

/// An amount well above the plan, worth a second look before it is logged (a typo, or a
/// dose after days lower).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Large {
    pub amount: Dose,
    /// The day's target it is more than 3 × of; `None`: it is more than the start dose
    /// (after the end, before the start, or on a day planned at 0).
    pub target: Option<Dose>,
    pub start_dose: Dose,
}

impl Large {
    /// "12 g is more than 3 × the day's target of 3 g."
    pub fn message(&self, unit: &str) -> String {
        let unit = super::text::printable(unit);
        match self.target {
            Some(target) => format!(
                "{} {unit} is more than 3 × the day's target of {target} {unit}.",
                self.amount
            ),
            None => format!(
                "{} {unit} is more than the start dose of {} {unit}.",
                self.amount, self.start_dose
            ),
        }
    }
}

/// Whether `amount` logged for `date` is unusually large: over 3 × the day's target, or
/// over the start dose when there is no target above 0 to compare with (after the end,
/// before the start, during a break).
pub fn unusually_large(
    plan: &Plan,
    schedule: &Schedule,
    date: NaiveDate,
    amount: Dose,
) -> Option<Large> {
    let target = schedule
        .day(date)
        .filter(|d| date < schedule.end && !d.target.is_zero())
        .map(|d| d.target);
    let limit = target.map_or(plan.start_dose, |t| t.times(3));
    (amount > limit).then_some(Large {
        amount,
        target,
        start_dose: plan.start_dose,
    })
}

/// Mark the doses a change adds with `warned` when logging them calls for a safety note:
/// the day is well above the days before (the tolerance note), or the amount is unusually
/// large.
pub fn mark_warned(plan: &Plan, schedule: &Schedule, change: &mut super::day::Change) {
    // The days looked at: a week before the earliest entry the change touches.
    let earliest = change.add.iter().chain(&change.remove).map(|e| e.at).min();
    let Some(earliest) = earliest else {
        return;
    };
    let since = plan.day_of(earliest) - chrono::Days::new(8);
    let mut after = plan.recent_copy(since);
    change.apply(&mut after);
    for entry in &mut change.add {
        let day = plan.day_of(entry.at);
        if above_recent_intake(&after, day)
            || unusually_large(plan, schedule, day, entry.amount).is_some()
        {
            entry.warned = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::plan::DoseEntry;

    fn plan_with(totals: &[(u32, &str)]) -> Plan {
        let text = include_str!("../../tests/fixtures/valid/minimal.toml");
        let mut plan = crate::core::plan_file::parse(std::path::Path::new("m.toml"), text).unwrap();
        for (day, amount) in totals {
            let at =
                plan.start.and_hms_opt(9, 0, 0).unwrap() + chrono::Duration::days(i64::from(*day));
            plan.add_entry(DoseEntry::new(at, amount.parse().unwrap()));
        }
        plan
    }

    #[test]
    fn warns_when_a_day_jumps_above_recent_intake() {
        let date = |day: u64| plan_with(&[]).start + chrono::Days::new(day);
        let plan = plan_with(&[(0, "6"), (1, "6"), (2, "5"), (3, "8")]);
        assert!(above_recent_intake(&plan, date(3)));
        let steady = plan_with(&[(0, "6"), (1, "6"), (2, "5"), (3, "7")]);
        assert!(!above_recent_intake(&steady, date(3)));
        // Too few days logged before to judge.
        let sparse = plan_with(&[(1, "5"), (3, "9")]);
        assert!(!above_recent_intake(&sparse, date(3)));
    }
}
