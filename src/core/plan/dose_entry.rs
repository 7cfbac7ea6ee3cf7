//! One logged dose.

use chrono::NaiveDateTime;

use super::super::dose::Dose;

/// A short text of a log entry (a product, a note), shared rather than copied: a long log
/// names the same product thousands of times, and the interface clones the plan it saves.
pub type Text = std::sync::Arc<str>;

/// One logged dose.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DoseEntry {
    pub at: NaiveDateTime,
    pub amount: Dose,
    pub product: Option<Text>,
    pub note: Option<Text>,
    /// The planned dose of that day this entry ticks off (1-based), when logged by a tick.
    pub slot: Option<u32>,
    /// taper showed a safety note when this dose was logged (the tolerance note after a
    /// day well above the days before, or an unusually large amount); written only when
    /// true.
    pub warned: bool,
}

impl DoseEntry {
    pub fn new(at: NaiveDateTime, amount: Dose) -> DoseEntry {
        DoseEntry {
            at,
            amount,
            product: None,
            note: None,
            slot: None,
            warned: false,
        }
    }
}

/// Put doses in time order, stable for equal times (the order `Plan::doses` is kept in).
/// One function for every caller: each `sort_by_key` with a closure of its own would
/// add a copy of the sort to the program.
pub fn in_time_order(doses: &mut [DoseEntry]) {
    doses.sort_by_key(|d| d.at);
}
