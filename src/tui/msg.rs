//! What happened (`Msg`) and what the run loop should do about it (`Effect`).

use std::path::PathBuf;

use chrono::NaiveDateTime;
use ratatui::crossterm::event::{KeyEvent, MouseEvent};

use super::app::SaveKind;
use super::open_plan::OpenPlan;
use super::switcher::PlanSummary;
use crate::core::{Amendment, Change, CheckIn, Plan};

/// Everything `update` reacts to.
#[derive(Clone, Debug)]
pub enum Msg {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Resize(u16, u16),
    /// The clock moved on (sent about every second by the run loop).
    Tick(NaiveDateTime),
    /// The data dir holds no plan yet.
    NoPlans,
    /// A plan was read (or failed to read: the error text, `PATH:LINE:COL: …`).
    Loaded {
        path: PathBuf,
        result: Result<Plan, String>,
    },
    /// A plan read and its schedule built: the first part of a long plan, whose schedule
    /// `deferred::open` needed anyway, to see that the plan still runs.
    Opened(Box<OpenPlan>),
    /// The open plan's file changed on disk (another program wrote it) and was read again.
    Reloaded(Result<Plan, String>),
    /// Opening failed before any file was read (e.g. several plans and no default).
    OpenFailed(String),
    /// A change was written; `plan` is the plan as saved.
    Saved {
        change: Change,
        kind: SaveKind,
        plan: Plan,
    },
    /// An amendment was added (`SaveKind::Change`) or removed again (`SaveKind::Undo`);
    /// `plan` is the plan as saved.
    Amended {
        amendment: Amendment,
        kind: SaveKind,
        plan: Plan,
    },
    /// A check-in was saved; `plan` is the plan as saved.
    CheckedIn {
        /// The day's check-in as saved (empty: cleared).
        checkin: CheckIn,
        /// The day's check-in before the save (`None`: there was none).
        previous: Option<CheckIn>,
        kind: SaveKind,
        plan: Plan,
    },
    /// Several plans and no default: ask which one.
    ChoosePlan,
    /// The plans in the data dir, for the switcher.
    Plans(Vec<PlanSummary>),
    /// A change could not be written; nothing was saved.
    SaveFailed {
        message: String,
    },
    /// The wizard's plan could not be created.
    CreateFailed(String),
}

/// Input and output the run loop performs for `update`.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Apply a change to the plan file (re-read under its lock) and report back.
    Save {
        path: PathBuf,
        change: Change,
        kind: SaveKind,
    },
    /// Add an amendment to the plan file (`SaveKind::Undo`: remove that amendment), re-read
    /// under its lock, and report back with `Msg::Amended`.
    Amend {
        path: PathBuf,
        amendment: Amendment,
        kind: SaveKind,
    },
    /// Put a day's check-in in the plan file (in place of the one it had) and report
    /// back with `Msg::CheckedIn`.
    CheckIn {
        path: PathBuf,
        checkin: CheckIn,
        /// The day's check-in when the form opened (see `checkin::edit`).
        before: Option<CheckIn>,
        kind: SaveKind,
    },
    /// Read the plans of the data dir for the switcher (`Msg::Plans`).
    ListPlans,
    /// Make a plan the default and open it.
    SwitchPlan {
        name: String,
    },
    /// Copy the demo plan into the data dir and open it.
    InstallDemo,
    /// Write a new plan file from the wizard and open it.
    CreatePlan {
        file_name: String,
        plan: Box<Plan>,
    },
    Quit,
}
