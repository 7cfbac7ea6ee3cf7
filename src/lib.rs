//! taper: a calm terminal planner for tapering a substance gradually.
//!
//! `core` is the domain (no terminal code); `cli` and `tui` are two faces on it.

pub mod cli;
pub mod core;
pub mod tui;
