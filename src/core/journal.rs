//! The journal: each plan day read back — its target, the doses taken (time, amount,
//! product, note), the check-in and any amendment from that day — and the products used.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{NaiveDate, NaiveDateTime};

use super::amend::Amendment;
use super::checkin::CheckIn;
use super::dose::Dose;
use super::plan::{DoseEntry, Plan};
use super::schedule::{Schedule, StepKind};

/// One day of the journal.
#[derive(Clone, Debug, PartialEq)]
pub struct JournalDay<'a> {
    pub date: NaiveDate,
    /// `None` before the plan starts.
    pub target: Option<Dose>,
    pub kind: Option<StepKind>,
    /// A scheduled day off (target 0).
    pub off: bool,
    pub doses: Vec<&'a DoseEntry>,
    pub checkin: Option<&'a CheckIn>,
    pub amendments: Vec<&'a Amendment>,
}

impl JournalDay<'_> {
    pub fn taken(&self) -> Dose {
        self.doses.iter().map(|d| d.amount).sum()
    }

    /// A dose or the check-in carries a note.
    pub fn has_note(&self) -> bool {
        self.doses.iter().any(|d| d.note.is_some())
            || self.checkin.is_some_and(|c| c.note.is_some())
    }
}

/// The first day anything is known for: the plan's start, or an earlier log entry.
pub fn first_day(plan: &Plan) -> NaiveDate {
    let first_dose = plan.doses.first().map(|d| plan.day_of(d.at));
    let first_checkin = plan.checkins.first().map(|c| c.date);
    [Some(plan.start), first_dose, first_checkin]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(plan.start)
}

/// One day of the journal.
pub fn day<'a>(plan: &'a Plan, schedule: &Schedule, date: NaiveDate) -> JournalDay<'a> {
    let target = schedule.day(date);
    JournalDay {
        date,
        target: target.map(|t| t.target),
        kind: target.map(|t| t.kind),
        off: target.is_some_and(|t| t.off),
        doses: plan.entries_on(date),
        checkin: plan.checkin_on(date),
        amendments: plan.amendments.iter().filter(|a| a.from == date).collect(),
    }
}

/// The journal from `from` to `to` inclusive (empty when `to` is before `from`).
pub fn days<'a>(
    plan: &'a Plan,
    schedule: &Schedule,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<JournalDay<'a>> {
    let count = usize::try_from((to - from).num_days() + 1).unwrap_or(0);
    from.iter_days()
        .take(count)
        .map(|date| day(plan, schedule, date))
        .collect()
}

/// One product and how it was used.
#[derive(Clone, Debug, PartialEq)]
pub struct ProductUse {
    pub name: String,
    /// Plan days with at least one dose of it.
    pub days_used: u32,
    pub total: Dose,
    pub last_used: NaiveDateTime,
    /// The mean `effect` rating of the check-ins of the days it was used.
    pub mean_effect: Option<f64>,
}

/// Every product named in the log, the one used last first.
pub fn products(plan: &Plan) -> Vec<ProductUse> {
    let mut by_name: BTreeMap<&str, (BTreeSet<NaiveDate>, Dose, NaiveDateTime)> = BTreeMap::new();
    for entry in &plan.doses {
        let Some(name) = entry.product.as_deref() else {
            continue;
        };
        let slot = by_name
            .entry(name)
            .or_insert_with(|| (BTreeSet::new(), Dose::ZERO, entry.at));
        slot.0.insert(plan.day_of(entry.at));
        slot.1 = slot.1 + entry.amount;
        slot.2 = slot.2.max(entry.at);
    }
    let mut out: Vec<ProductUse> = by_name
        .into_iter()
        .map(|(name, (days, total, last_used))| {
            let ratings: Vec<f64> = days
                .iter()
                .filter_map(|d| plan.checkin_on(*d).and_then(|c| c.effect))
                .map(f64::from)
                .collect();
            ProductUse {
                name: name.to_string(),
                days_used: u32::try_from(days.len()).unwrap_or(u32::MAX),
                total,
                last_used,
                mean_effect: (!ratings.is_empty())
                    .then(|| ratings.iter().sum::<f64>() / ratings.len() as f64),
            }
        })
        .collect();
    out.sort_by(|a, b| b.last_used.cmp(&a.last_used).then(a.name.cmp(&b.name)));
    out
}

/// The products used before, the one used last first (what the amount dialog offers).
pub fn product_names(plan: &Plan) -> Vec<String> {
    products(plan).into_iter().map(|p| p.name).collect()
}
