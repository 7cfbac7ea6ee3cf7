//! The plan switcher (`p`): every plan of the data dir with its substance, today's target
//! and step; Enter opens one (the run loop also makes it the default).

use chrono::NaiveDate;

use super::app::{App, Document, Mode};
use super::keymap::{Action, Context, action_for};
use super::msg::Effect;
use crate::core::{Dose, Plan, schedule};
use ratatui::crossterm::event::KeyEvent;

/// One plan as the switcher lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanSummary {
    /// The file name without `.toml`.
    pub name: String,
    pub substance: String,
    pub unit: String,
    /// Today's target (`None` before the plan starts, or when it cannot be read).
    pub target: Option<Dose>,
    /// Step in force and the number of steps.
    pub step: Option<(u32, u32)>,
    pub is_default: bool,
    /// Why the plan cannot be read, if it cannot.
    pub problem: Option<String>,
}

impl PlanSummary {
    /// Summarise a plan read from the data dir as of `today`.
    pub fn of(name: &str, plan: &Plan, today: NaiveDate, is_default: bool) -> PlanSummary {
        let built = schedule::build(plan, today);
        let (target, step, problem) = match &built {
            Ok(s) => (
                s.day(today).map(|d| d.target),
                s.step_on(today).map(|st| (st.number, s.step_count())),
                None,
            ),
            Err(e) => (None, None, Some(e.to_string())),
        };
        PlanSummary {
            name: name.to_string(),
            substance: plan.substance.clone(),
            unit: plan.unit.clone(),
            target,
            step,
            is_default,
            problem,
        }
    }

    /// A plan file that could not be read.
    pub fn unreadable(name: &str, problem: String) -> PlanSummary {
        PlanSummary {
            name: name.to_string(),
            substance: String::new(),
            unit: String::new(),
            target: None,
            step: None,
            is_default: false,
            problem: Some(problem),
        }
    }
}

/// The switcher's state.
#[derive(Clone, Debug, PartialEq)]
pub struct Switcher {
    pub plans: Vec<PlanSummary>,
    pub cursor: usize,
}

impl Switcher {
    /// A list with the cursor on the open plan (else the default, else the first).
    pub fn new(plans: Vec<PlanSummary>, open: Option<&str>) -> Switcher {
        let cursor = plans
            .iter()
            .position(|p| Some(p.name.as_str()) == open)
            .or_else(|| plans.iter().position(|p| p.is_default))
            .unwrap_or(0);
        Switcher { plans, cursor }
    }
}

/// The file name (without `.toml`) of the open plan.
pub fn open_name(app: &App) -> Option<String> {
    let open = app.open_plan()?;
    Some(open.path.file_stem()?.to_string_lossy().into_owned())
}

/// A key while the switcher is up.
pub fn on_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let has_plan = app.open_plan().is_some();
    let Mode::Switcher(switcher) = &mut app.mode else {
        return Vec::new();
    };
    let len = switcher.plans.len();
    match action_for(&[Context::Switcher], &key) {
        Some(Action::Down) => switcher.cursor = (switcher.cursor + 1).min(len.saturating_sub(1)),
        Some(Action::Up) => switcher.cursor = switcher.cursor.saturating_sub(1),
        Some(Action::Confirm) => {
            let Some(chosen) = switcher.plans.get(switcher.cursor) else {
                return Vec::new();
            };
            let name = chosen.name.clone();
            if let Some(problem) = &chosen.problem {
                let text = format!("{name} cannot be opened: {problem}");
                app.set_error(text);
                return Vec::new();
            }
            return vec![Effect::SwitchPlan { name }];
        }
        // Without an open plan there is nothing to go back to.
        Some(Action::Cancel) if has_plan => app.mode = Mode::Browse,
        Some(Action::Quit) => {
            app.quitting = true;
            return vec![Effect::Quit];
        }
        _ => {}
    }
    Vec::new()
}

/// Show the list the run loop read.
pub fn show(app: &mut App, plans: Vec<PlanSummary>) {
    if plans.is_empty() {
        app.mode = Mode::Browse;
        if app.open_plan().is_none() {
            app.document = Document::NoPlans;
        }
        return;
    }
    let open = open_name(app);
    app.mode = Mode::Switcher(Switcher::new(plans, open.as_deref()));
}
