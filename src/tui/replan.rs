//! `r`: re-plan the open plan from today through the wizard, pre-filled from the plan as
//! it is. Finishing it adds a `replan` amendment to the same file, never a new plan.

use super::app::{App, Mode};
use super::wizard::{ReplanBase, Wizard};
use crate::core::amend::recent_actual;

/// Open the wizard as a re-plan of the open plan.
pub fn start(app: &mut App) {
    let Some(open) = app.open_plan() else {
        app.set_status("Open a plan first (p), or make one (n)");
        return;
    };
    let today = app.today;
    let schedule = &open.schedule;
    let Some(day) = schedule.day(today) else {
        app.set_status("The plan has not started yet: edit it with the CLI, or make a new one");
        return;
    };
    let current = schedule.segment_of(&day).clone();
    let base = ReplanBase {
        plan: open.plan.clone(),
        today,
        planned: day.target,
        recent: recent_actual(&open.plan, today, current.round_to),
        current,
        end: schedule.end,
    };
    app.mode = Mode::Wizard(Box::new(Wizard::replan(base)));
}
