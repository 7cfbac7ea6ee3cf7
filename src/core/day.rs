//! One calendar day: its target, its planned doses and what was logged against them,
//! and the changes a person makes to the log (tick, untick, log, edit a past day).

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use super::dose::Dose;
use super::plan::{DoseEntry, Plan};
use super::schedule::{PlannedDose, Schedule, split};

/// A planned dose and the log entry that ticked it off, if any.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DoseSlot {
    pub planned: PlannedDose,
    pub entry: Option<DoseEntry>,
}

impl DoseSlot {
    pub fn taken(&self) -> bool {
        self.entry.is_some()
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
}

impl DayStatus {
    /// What is left of the target (never below zero).
    pub fn remaining(&self) -> Dose {
        self.target.unwrap_or(Dose::ZERO).saturating_sub(self.taken)
    }

    /// Taken minus target, in micro-units (positive: above target).
    pub fn difference(&self) -> Option<i64> {
        self.target.map(|t| self.taken.diff(t))
    }
}

/// The status of a date: planned doses matched to log entries. Entries that name a slot
/// tick that slot; the others tick the first open slots in time order.
pub fn status(plan: &Plan, schedule: &Schedule, date: NaiveDate) -> DayStatus {
    let day = schedule.day(date);
    let target = day.map(|d| d.target);
    let planned = target.map(|t| split(plan, t)).unwrap_or_default();
    let mut slots: Vec<DoseSlot> = planned
        .into_iter()
        .map(|planned| DoseSlot {
            planned,
            entry: None,
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
    for entry in loose {
        match slots.iter_mut().find(|s| s.entry.is_none()) {
            Some(slot) => slot.entry = Some(entry),
            None => extra.push(entry),
        }
    }
    DayStatus {
        date,
        target,
        step: day.map(|d| d.step),
        taken,
        slots,
        extra,
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
/// today, else at the planned time of that day; unticking removes the entry that ticked it.
pub fn toggle(status: &DayStatus, slot: u32, now: NaiveDateTime) -> Option<Change> {
    let dose_slot = status.slots.iter().find(|s| s.planned.slot == slot)?;
    Some(match &dose_slot.entry {
        Some(entry) => Change::remove(entry.clone()),
        None => {
            let at = if now.date() == status.date {
                now
            } else {
                status.date.and_time(dose_slot.planned.time)
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
    let add = amount
        .map(|amount| DoseEntry {
            product: old.first().and_then(|e| e.product.clone()),
            note: Some("total entered later".to_string()),
            ..DoseEntry::new(date.and_time(noon.unwrap_or(NaiveTime::MIN)), amount)
        })
        .into_iter()
        .collect();
    Change { add, remove: old }
}
