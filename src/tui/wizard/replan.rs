//! The wizard as a re-plan (`r`): the form pre-filled from the plan as it is today; the
//! name, substance, unit and day start stay as they are.

use chrono::{Days, NaiveDate};

use super::field::{LengthKind, TextInput, Values};
use crate::core::{Curve, Dose, Method, Plan, Segment};

/// What a re-plan starts from: the plan as it is today.
#[derive(Clone, Debug, PartialEq)]
pub struct ReplanBase {
    pub plan: Plan,
    pub today: NaiveDate,
    /// Today's target.
    pub planned: Dose,
    /// The mean of the last 3 logged days, when there are 3.
    pub recent: Option<Dose>,
    /// The segment in force today.
    pub current: Segment,
    /// The end date of the schedule as it is.
    pub end: NaiveDate,
}

/// Where a re-plan's start dose comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum StartFrom {
    Planned,
    Recent,
}

impl Values {
    /// A re-plan of `base.plan` from today: today's target as the start dose, the rest
    /// as in the segment in force.
    pub(super) fn replan(base: ReplanBase) -> Values {
        let today = base.today;
        let current = &base.current;
        let mut v = Values::new(today);
        let plan = &base.plan;
        v.name = TextInput::new(&plan.name);
        v.substance = TextInput::new(&plan.substance);
        v.class = plan.class;
        v.unit = TextInput::new(&plan.unit);
        v.day_starts = TextInput::new(&plan.day_starts.format("%H:%M").to_string());
        v.start_dose = TextInput::new(&base.planned.to_string());
        v.target_dose = TextInput::new(&current.target_dose.to_string());
        let step_days = u64::from(current.step_days.max(1));
        if base.end
            > today
                .checked_add_days(Days::new(step_days))
                .unwrap_or(today)
        {
            v.length = LengthKind::EndDate;
            v.end_date = TextInput::new(&base.end.format("%Y-%m-%d").to_string());
        } else {
            v.weeks = TextInput::new("4");
        }
        v.method = match &current.method {
            // A ladder's rungs are the old plan's; a re-plan starts a new curve.
            Curve::Ladder { .. } => Method::Linear,
            other => other.kind(),
        };
        if let Curve::Percent { percent } = current.method {
            v.percent = TextInput::new(&format!("{percent:.1}"));
        }
        v.step_days = TextInput::new(&current.step_days.to_string());
        // The forms' unit is the plan's to work out, not a round_to to copy.
        v.round_to = crate::core::forms::own_round_to(current, &base.plan.forms)
            .map_or_else(TextInput::default, |r| TextInput::new(&r.to_string()));
        v.doses_per_day = TextInput::new(&current.doses_per_day.to_string());
        let (days_off, max_cut) = super::days_and_pace::texts(current);
        v.days_off = TextInput::new(&days_off);
        v.max_cut = TextInput::new(&max_cut);
        v.replan = Some(Box::new(base));
        v
    }
}
