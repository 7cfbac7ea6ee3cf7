//! The full-screen interface, in the Elm shape: `App` state, `Msg`, a pure
//! `update(&mut App, Msg) -> Vec<Effect>`, pure views, and a run loop that does the I/O.

pub mod amend;
mod amount;
pub mod app;
pub mod calendar;
pub mod checkin;
mod cursor;
mod deferred;
pub mod dose_fields;
mod hangup;
pub mod keymap;
pub mod msg;
pub mod open_plan;
mod replan;
pub mod retime;
pub mod run;
pub mod switcher;
mod terminal;
pub mod theme;
pub mod update;
pub mod view;
pub mod wizard;

use crate::core::clock::Clock;
use crate::core::config::Config;
use crate::core::store::Store;

/// Open the interface on the selected plan (or the first-run screen when there is none).
pub fn run(store: &Store, plan: Option<&str>, clock: Clock, config: &Config) -> anyhow::Result<()> {
    // Tick after tick, a save need not parse again the file it just wrote.
    crate::core::save_cache::enable();
    terminal::run_terminal(store, plan, clock, config)
}
