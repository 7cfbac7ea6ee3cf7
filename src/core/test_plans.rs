//! Plans the unit tests share.

use chrono::{Days, NaiveDate};

use super::new_plan::{Length, NewPlan};
use super::{Class, Dose, Method, Plan, Segment};

/// A linear taper from 40 mg over 120 weeks, four doses a day, that started 400 days
/// before `today`, with nothing logged: tests add the log they need.
pub fn long_plan(today: NaiveDate) -> Plan {
    NewPlan {
        name: "long".into(),
        substance: "x".into(),
        class: Class::Other,
        unit: "mg".into(),
        start_dose: Some(Dose::from_units(40)),
        length: Length::Weeks(120),
        method: Some(Method::Linear),
        segment: Segment {
            start: today - Days::new(400),
            doses_per_day: 4,
            ..Segment::default()
        },
        ..NewPlan::default()
    }
    .build()
    .unwrap()
}
