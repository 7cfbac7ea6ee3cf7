//! The domain core: doses, plans, schedules, the log and the plan file.
//! Nothing here draws to a terminal; the CLI and the TUI both call into it.

pub mod amend;
pub mod append;
pub mod audit;
pub mod checkin;
pub mod clock;
pub mod config;
pub mod day;
pub mod demo;
pub mod dose;
pub mod error;
pub mod fastlog;
pub mod forms;
pub mod fsafe;
pub mod journal;
pub mod method;
pub mod new_plan;
pub mod paces;
pub mod pattern;
pub mod plan;
pub mod plan_file;
mod plan_table;
mod plan_write;
pub mod progress;
pub mod recent;
pub mod render;
pub mod report;
pub mod rounding;
pub mod save_cache;
pub mod schedule;
pub mod segment;
pub mod split;
pub mod store;
pub mod suggest;
#[cfg(test)]
pub(crate) mod test_plans;
pub mod text;
pub mod year_file;

pub use amend::Amendment;
pub use checkin::{CheckIn, Measure};
pub use day::{Change, DayStatus};
pub use dose::Dose;
pub use error::{FileError, PlanError, StoreError};
pub use plan::{Class, Curve, DoseEntry, LadderStep, Method, Plan};
pub use schedule::{DayTarget, Schedule, Step, StepKind};
pub use segment::Segment;
