//! Suggestions, never orders: what the check-ins suggest about the days ahead. Each rule
//! is data here; the CLI and the TUI word and show it, and the person decides.
//!
//! - Gating: within the 3 days before a step down, when the mean withdrawal of the last 3
//!   check-ins (rated within the last 7 days) is at or above `hold_threshold`, suggest
//!   holding the step.
//! - Tolerance: at an unchanged dose over the last 14 days, the mean effect rating of the
//!   last 7 days at least 2 below that of the 7 days before.
//! - Pain: over the last 14 days the dose fell and the mean pain of the last 7 days is at
//!   least 2 above that of the 7 days before; said once, on the first day it holds.
//! - Minimum gap: a dose sooner than `min_gap_minutes` after the one before.

use chrono::{Duration, NaiveDate, NaiveDateTime};

use super::checkin::{CheckIn, Measure};
use super::day::{self, PlanState};
use super::plan::Plan;
use super::schedule::Schedule;

/// How many check-ins the gating rule averages.
pub const GATE_CHECKINS: usize = 3;
/// How many days before a step down the gating rule looks.
pub const GATE_DAYS: i64 = 3;
/// Check-ins older than this many days do not count for gating.
pub const GATE_RECENT_DAYS: i64 = 7;
/// The change in a mean rating (out of 10) that counts as a trend.
pub const TREND: f64 = 2.0;

pub const TOLERANCE_TREND_NOTE: &str =
    "the usual dose may be working less — tolerance may be rising.";
pub const PAIN_NOTE: &str = "pain rising while the dose falls is common during a taper and often eases afterwards; talk to a clinician if it is severe.";

/// What the check-ins suggest for the next step.
#[derive(Clone, Debug, PartialEq)]
pub enum Suggestion {
    Proceed,
    /// Hold the step in force: the mean withdrawal and the threshold it reached.
    Hold {
        mean: f64,
        threshold: u8,
        step_on: NaiveDate,
    },
}

impl Suggestion {
    /// `"hold"` or `"proceed"` (the JSON `suggestion`).
    pub fn name(&self) -> &'static str {
        match self {
            Suggestion::Proceed => "proceed",
            Suggestion::Hold { .. } => "hold",
        }
    }

    /// Why, in a sentence (the JSON `reason`).
    pub fn reason(&self) -> String {
        match self {
            Suggestion::Proceed => "no check-ins suggest holding the next step".to_string(),
            Suggestion::Hold {
                mean,
                threshold,
                step_on,
            } => format!(
                "withdrawal has averaged {mean:.1} over the last {GATE_CHECKINS} check-ins (at or above {threshold}) and the next step down is on {step_on}: holding the step is an option"
            ),
        }
    }
}

fn ratings(plan: &Plan, measure: Measure, from: NaiveDate, to: NaiveDate) -> Vec<(NaiveDate, u8)> {
    plan.checkins
        .iter()
        .filter(|c| c.date >= from && c.date <= to)
        .filter_map(|c: &CheckIn| c.get(measure).map(|v| (c.date, v)))
        .collect()
}

/// The gating rule for `today`.
pub fn gate(plan: &Plan, schedule: &Schedule, today: NaiveDate) -> Suggestion {
    if matches!(
        day::state(schedule, today),
        PlanState::Held { .. } | PlanState::Break { .. }
    ) {
        return Suggestion::Proceed;
    }
    let Some(now) = schedule.step_on(today) else {
        return Suggestion::Proceed;
    };
    let Some(next) = schedule
        .next_step_after(today)
        .filter(|s| s.dose < now.dose)
    else {
        return Suggestion::Proceed;
    };
    let days_before = (next.start - today).num_days();
    if !(1..=GATE_DAYS).contains(&days_before) {
        return Suggestion::Proceed;
    }
    let recent = ratings(
        plan,
        Measure::Withdrawal,
        today - Duration::days(GATE_RECENT_DAYS - 1),
        today,
    );
    if recent.len() < GATE_CHECKINS {
        return Suggestion::Proceed;
    }
    let last = &recent[recent.len() - GATE_CHECKINS..];
    let mean = last.iter().map(|(_, v)| f64::from(*v)).sum::<f64>() / GATE_CHECKINS as f64;
    let threshold = plan.hold_threshold();
    if mean >= f64::from(threshold) {
        Suggestion::Hold {
            mean,
            threshold,
            step_on: next.start,
        }
    } else {
        Suggestion::Proceed
    }
}

/// Mean of a measure over the two weeks to `today`: (the first 7 days, the last 7), each
/// only when it has at least 2 ratings.
fn halves(plan: &Plan, measure: Measure, today: NaiveDate) -> Option<(f64, f64)> {
    let mean = |from: NaiveDate, to: NaiveDate| {
        let r = ratings(plan, measure, from, to);
        (r.len() >= 2).then(|| r.iter().map(|(_, v)| f64::from(*v)).sum::<f64>() / r.len() as f64)
    };
    let early = mean(today - Duration::days(13), today - Duration::days(7))?;
    let late = mean(today - Duration::days(6), today)?;
    Some((early, late))
}

/// The dose each day of the two weeks to `today` (a day off counts at its step's dose).
fn step_doses(schedule: &Schedule, today: NaiveDate) -> Option<Vec<super::Dose>> {
    (0..14)
        .rev()
        .map(|back| {
            schedule
                .step_on(today - Duration::days(back))
                .map(|s| s.dose)
        })
        .collect()
}

/// The effect rating fell by `TREND` over two weeks at an unchanged dose.
pub fn tolerance(plan: &Plan, schedule: &Schedule, today: NaiveDate) -> bool {
    let Some(doses) = step_doses(schedule, today) else {
        return false;
    };
    if doses.windows(2).any(|w| w[0] != w[1]) {
        return false;
    }
    halves(plan, Measure::Effect, today).is_some_and(|(early, late)| early - late >= TREND)
}

fn pain_rising(plan: &Plan, schedule: &Schedule, date: NaiveDate) -> bool {
    let Some(doses) = step_doses(schedule, date) else {
        return false;
    };
    let fell = doses.last() < doses.first();
    fell && halves(plan, Measure::Pain, date).is_some_and(|(early, late)| late - early >= TREND)
}

/// The pain note, once: on the first day the pain rule holds (and never again).
pub fn pain_note(plan: &Plan, schedule: &Schedule, today: NaiveDate) -> bool {
    if !pain_rising(plan, schedule, today) {
        return false;
    }
    let Some(first) = plan
        .checkins
        .iter()
        .find(|c| c.pain.is_some())
        .map(|c| c.date)
    else {
        return false;
    };
    let days = usize::try_from((today - first).num_days()).unwrap_or(0);
    !first
        .iter_days()
        .take(days)
        .any(|d| pain_rising(plan, schedule, d))
}

/// The notes for a day, in the order shown.
pub fn notes(plan: &Plan, schedule: &Schedule, today: NaiveDate) -> Vec<&'static str> {
    let mut out = Vec::new();
    if tolerance(plan, schedule, today) {
        out.push(TOLERANCE_TREND_NOTE);
    }
    if pain_note(plan, schedule, today) {
        out.push(PAIN_NOTE);
    }
    out
}

/// Minutes since the dose before `at`, when that is less than the plan's `min_gap_minutes`.
pub fn too_soon(plan: &Plan, at: NaiveDateTime) -> Option<i64> {
    let gap = i64::from(plan.min_gap_minutes?);
    // The log is in time order: the entry before is found by binary search.
    let before = plan.doses[..plan.doses.partition_point(|d| d.at <= at)]
        .last()?
        .at;
    let minutes = (at - before).num_minutes();
    (minutes < gap).then_some(minutes)
}
