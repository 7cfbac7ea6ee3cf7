//! The bundled demo plan, copied into the data dir with its dates moved so that today
//! falls two and a half weeks into the taper, with the days before it logged.

use std::path::{Path, PathBuf};

use chrono::{Days, NaiveDate};

use super::error::StoreError;
use super::plan::Plan;
use super::plan_file;
use super::store::Store;

/// The demo plan's file name in the data dir; clearly a demo.
pub const DEMO_NAME: &str = "demo-kratom";
const DEMO_TEXT: &str = include_str!("../../assets/demo-kratom.toml");

/// The demo plan, moved so that it started 17 days before `today`; log entries from
/// `today` on are dropped (the demo's log ends yesterday).
pub fn demo_plan(today: NaiveDate) -> Result<Plan, StoreError> {
    let mut plan = plan_file::parse(Path::new("assets/demo-kratom.toml"), DEMO_TEXT)?;
    let new_start = today.checked_sub_days(Days::new(17)).unwrap_or(today);
    let shift = new_start - plan.start;
    plan.start += shift;
    plan.end += shift;
    for entry in &mut plan.doses {
        entry.at += shift;
    }
    plan.doses.retain(|e| e.at.date() < today);
    Ok(plan)
}

/// Write the demo into the data dir and make it the default. An earlier demo (with the
/// doses someone logged in it) is moved to the archive first, never overwritten.
pub fn install(store: &Store, today: NaiveDate) -> Result<PathBuf, StoreError> {
    // One save from archiving the old demo to writing the new one.
    let _under_way = crate::core::store::under_way();
    if store.path_of(DEMO_NAME).exists() {
        store.archive(DEMO_NAME)?;
    }
    store.create(DEMO_NAME, &demo_plan(today)?, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_is_moved_to_today() {
        let today = NaiveDate::from_ymd_opt(2030, 6, 1).unwrap();
        let plan = demo_plan(today).unwrap();
        assert_eq!(plan.start, NaiveDate::from_ymd_opt(2030, 5, 15).unwrap());
        assert!(!plan.doses.is_empty());
        assert!(
            plan.doses
                .iter()
                .all(|e| e.at.date() < today && e.at.date() >= plan.start)
        );
        assert!(plan.name.contains("Demo"));
    }
}
