//! One calendar day: its target, its planned doses and what was logged against them,
//! and the changes a person makes to the log (tick, untick, log, edit a past day).

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use super::dose::Dose;
use super::plan::{DoseEntry, Plan};
use super::schedule::{PlannedDose, Schedule, split};

/// A planned dose, the tick entry that ticked it off (an entry with its `slot`), if any,
/// and how much of it other entries of the day (say `taper log`) cover.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DoseSlot {
    pub planned: PlannedDose,
    pub entry: Option<DoseEntry>,
    pub covered: Dose,
}

impl DoseSlot {
    /// Ticked, or fully covered by other entries.
    pub fn taken(&self) -> bool {
        self.entry.is_some() || (!self.covered.is_zero() && self.covered >= self.planned.amount)
    }

    /// What other entries cover of an open slot, when that is only part of it.
    pub fn partly(&self) -> Option<Dose> {
        (!self.taken() && !self.covered.is_zero()).then_some(self.covered)
    }
}

/// Everything about one day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DayStatus {
    pub date: NaiveDate,
    /// `None` before the plan starts.
    pub target: Option<Dose>,
    pub step: Option<u32>,
    pub taken: Dose,
    pub slots: Vec<DoseSlot>,
    /// Entries of the day that tick off no planned dose (more doses than planned).
    pub extra: Vec<DoseEntry>,
    /// A scheduled day off (target 0; a dose taken is recorded without judgement).
    pub off: bool,
}

impl DayStatus {
    /// What is left of the target (never below zero).
    pub fn remaining(&self) -> Dose {
        self.target.unwrap_or(Dose::ZERO).saturating_sub(self.taken)
    }

    /// Taken minus target, in micro-units (positive: above target; none on a day off).
    pub fn difference(&self) -> Option<i64> {
        if self.off {
            return None;
        }
        self.target.map(|t| self.taken.diff(t))
    }
}

/// The status of a date: planned doses matched to log entries. Entries that name a slot
/// tick that slot; the amounts of the others fill the open slots in time order (a slot
/// they fill only partly stays open and shows the amount).
pub fn status(plan: &Plan, schedule: &Schedule, date: NaiveDate) -> DayStatus {
    let day = schedule.day(date);
    let target = day.map(|d| d.target);
    let planned = target.map(|t| split(plan, t)).unwrap_or_default();
    let mut slots: Vec<DoseSlot> = planned
        .into_iter()
        .map(|planned| DoseSlot {
            planned,
            entry: None,
            covered: Dose::ZERO,
        })
        .collect();
    let entries = plan.entries_on(date);
    let taken = entries.iter().map(|e| e.amount).sum();
    let mut loose = Vec::new();
    for entry in &entries {
        let slot = entry.slot.and_then(|n| {
            slots
                .iter_mut()
                .find(|s| s.planned.slot == n && s.entry.is_none())
        });
        match slot {
            Some(slot) => slot.entry = Some((*entry).clone()),
            None => loose.push((*entry).clone()),
        }
    }
    let mut extra = Vec::new();
    let mut open = slots.iter_mut().filter(|s| s.entry.is_none()).peekable();
    for entry in loose {
        let mut left = entry.amount;
        let mut used = false;
        while let Some(slot) = open.peek_mut() {
            if left.is_zero() {
                break;
            }
            let room = slot.planned.amount.saturating_sub(slot.covered);
            let part = if left < room { left } else { room };
            slot.covered = slot.covered + part;
            left = left.saturating_sub(part);
            used |= !part.is_zero();
            if slot.covered >= slot.planned.amount {
                open.next();
            }
        }
        if !used {
            extra.push(entry);
        }
    }
    DayStatus {
        date,
        target,
        step: day.map(|d| d.step),
        taken,
        slots,
        extra,
        off: day.is_some_and(|d| d.off),
    }
}

/// Where a plan stands on a day (`today --format json` calls it `status`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlanState {
    /// The plan has not started.
    Before,
    OnPlan,
    /// Held at the dose in force (since the step's start).
    Held {
        since: NaiveDate,
    },
    /// A planned break: day `day` of `days`.
    Break {
        day: u32,
        days: u32,
    },
    /// At the target since the end date.
    Finished {
        since: NaiveDate,
    },
}

impl PlanState {
    pub fn name(self) -> &'static str {
        match self {
            PlanState::Before => "before",
            PlanState::OnPlan => "on_plan",
            PlanState::Held { .. } => "held",
            PlanState::Break { .. } => "break",
            PlanState::Finished { .. } => "finished",
        }
    }
}

/// Where the plan stands on `date`.
pub fn state(schedule: &Schedule, date: NaiveDate) -> PlanState {
    use super::schedule::StepKind;
    let Some(index) = schedule
        .steps
        .partition_point(|s| s.start <= date)
        .checked_sub(1)
        .filter(|_| date >= schedule.start)
    else {
        return PlanState::Before;
    };
    let step = schedule.steps[index];
    match step.kind {
        StepKind::Hold => PlanState::Held { since: step.start },
        StepKind::Break => {
            let next = schedule.steps.get(index + 1).map_or(date, |n| n.start);
            PlanState::Break {
                day: (date - step.start).num_days() as u32 + 1,
                days: (next - step.start).num_days() as u32,
            }
        }
        StepKind::Taper if schedule.finished_on(date) => PlanState::Finished {
            since: schedule.end,
        },
        StepKind::Taper => PlanState::OnPlan,
    }
}

/// A change to the log: entries to add and entries to remove. Its inverse undoes it.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Change {
    pub add: Vec<DoseEntry>,
    pub remove: Vec<DoseEntry>,
}

impl Change {
    pub fn add(entry: DoseEntry) -> Change {
        Change {
            add: vec![entry],
            remove: Vec::new(),
        }
    }

    pub fn remove(entry: DoseEntry) -> Change {
        Change {
            add: Vec::new(),
            remove: vec![entry],
        }
    }

    pub fn inverse(&self) -> Change {
        Change {
            add: self.remove.clone(),
            remove: self.add.clone(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.add.is_empty() && self.remove.is_empty()
    }

    /// Apply to a plan. Entries to remove that are no longer there (another program
    /// removed them) are skipped; returns how many removals found their entry.
    pub fn apply(&self, plan: &mut Plan) -> usize {
        let removed = self.remove.iter().filter(|e| plan.remove_entry(e)).count();
        for entry in &self.add {
            plan.add_entry(entry.clone());
        }
        removed
    }

    /// One line for the status bar.
    pub fn describe(&self, unit: &str) -> String {
        let list = |entries: &[DoseEntry]| {
            entries
                .iter()
                .map(|e| format!("{} {unit} at {}", e.amount, e.at.format("%H:%M")))
                .collect::<Vec<_>>()
                .join(", ")
        };
        match (self.add.is_empty(), self.remove.is_empty()) {
            (false, true) => format!("logged {}", list(&self.add)),
            (true, false) => format!("removed {}", list(&self.remove)),
            (false, false) => format!("replaced {} with {}", list(&self.remove), list(&self.add)),
            (true, true) => "nothing changed".to_string(),
        }
    }
}

/// Tick or untick a planned dose. Ticking logs the planned amount at `now` when the day is
/// today, else at the planned time of that day; unticking removes the entry that ticked it,
/// never one logged another way (a slot covered by those has nothing to untick: `None`).
pub fn toggle(plan: &Plan, status: &DayStatus, slot: u32, now: NaiveDateTime) -> Option<Change> {
    let dose_slot = status.slots.iter().find(|s| s.planned.slot == slot)?;
    if dose_slot.entry.is_none() && dose_slot.planned.amount.is_zero() {
        // An empty planned dose ("—"): nothing to tick.
        return None;
    }
    Some(match &dose_slot.entry {
        Some(entry) => Change::remove(entry.clone()),
        None if dose_slot.taken() => return None,
        None => {
            let at = if plan.day_of(now) == status.date {
                now
            } else {
                plan.instant_on(status.date, dose_slot.planned.time)
            };
            Change::add(DoseEntry {
                slot: Some(slot),
                ..DoseEntry::new(at, dose_slot.planned.amount)
            })
        }
    })
}

/// Set the total taken on a (past) day: its entries are replaced by one entry of `amount`
/// (keeping the first entry's product), or removed when `amount` is `None`.
pub fn set_day_total(
    plan: &Plan,
    date: NaiveDate,
    amount: Option<Dose>,
    noon: Option<NaiveTime>,
) -> Change {
    let old: Vec<DoseEntry> = plan.entries_on(date).into_iter().cloned().collect();
    if amount == plan.taken_on(date) {
        // The same total: keep the entries (and their times and products) as they are.
        return Change::default();
    }
    let add = amount
        .map(|amount| DoseEntry {
            product: old.first().and_then(|e| e.product.clone()),
            note: Some("total entered later".into()),
            ..DoseEntry::new(
                plan.instant_on(date, noon.unwrap_or(NaiveTime::MIN)),
                amount,
            )
        })
        .into_iter()
        .collect();
    Change { add, remove: old }
}

#[cfg(test)]
mod tests;
