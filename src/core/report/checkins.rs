//! The journal's daily check-ins, as the report reads them. The journal branch adds
//! `Plan.checkins`; a report is fed through [`Checkins`] (a lookup by day), so the weekly
//! table, the JSON `checkins` array and the check-in chart fill in without changes here.

use chrono::NaiveDate;
use serde::Serialize;

/// One day's scores (each 0–10 when given).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Scores {
    pub withdrawal: Option<f64>,
    pub pain: Option<f64>,
    pub craving: Option<f64>,
    pub mood: Option<f64>,
}

impl Scores {
    /// The names and values in table order.
    pub fn fields(&self) -> [(&'static str, Option<f64>); 4] {
        [
            ("withdrawal", self.withdrawal),
            ("pain", self.pain),
            ("craving", self.craving),
            ("mood", self.mood),
        ]
    }
}

/// A per-day check-in lookup.
pub trait Checkins {
    fn on(&self, date: NaiveDate) -> Option<Scores>;
}

/// No check-ins (until the journal lands).
pub struct NoCheckins;

pub const NONE: NoCheckins = NoCheckins;

impl Checkins for NoCheckins {
    fn on(&self, _date: NaiveDate) -> Option<Scores> {
        None
    }
}

/// A plan's own check-ins (`[[checkin]]`).
impl Checkins for crate::core::Plan {
    fn on(&self, date: NaiveDate) -> Option<Scores> {
        let c = self.checkin_on(date)?;
        let score = |v: Option<u8>| v.map(f64::from);
        let scores = Scores {
            withdrawal: score(c.withdrawal),
            pain: score(c.pain),
            craving: score(c.craving),
            mood: score(c.mood),
        };
        scores
            .fields()
            .iter()
            .any(|(_, v)| v.is_some())
            .then_some(scores)
    }
}

/// Any closure from a day to its scores is a lookup.
impl<F: Fn(NaiveDate) -> Option<Scores>> Checkins for F {
    fn on(&self, date: NaiveDate) -> Option<Scores> {
        self(date)
    }
}

/// The mean of each score over some days (`None` for a score no day has).
pub fn means(days: impl Iterator<Item = Scores>) -> Scores {
    let mut sums = [(0.0, 0u32); 4];
    for s in days {
        for (i, (_, v)) in s.fields().iter().enumerate() {
            if let Some(v) = v {
                sums[i].0 += v;
                sums[i].1 += 1;
            }
        }
    }
    let mean = |i: usize| (sums[i].1 > 0).then(|| sums[i].0 / f64::from(sums[i].1));
    Scores {
        withdrawal: mean(0),
        pain: mean(1),
        craving: mean(2),
        mood: mean(3),
    }
}
