//! taper: a calm terminal planner for tapering a substance gradually.
//!
//! `core` is the domain (no terminal code); `cli` and `tui` are two faces on it.

#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod cli;
pub mod core;
pub mod tui;
