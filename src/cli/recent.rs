//! `taper today` on a long plan reads the text above the log and only the log's last days
//! (`store::load_recent`): while the plan runs, that is all its output needs. A finished plan
//! (whose free days count over the whole log), a small file or one not in taper's own
//! layout is read whole, as every other command does.

use anyhow::Result;
use chrono::Days;

use super::args::Cli;
use super::{Loaded, load_selected};
use crate::core::clock::Clock;
use crate::core::schedule;
use crate::core::store::{self, Store};

pub(crate) fn load_for_today(store: &Store, cli: &Cli, clock: &Clock) -> Result<Loaded> {
    let now = clock.now();
    if let Ok(path) = store.resolve(cli.plan.as_deref())
        && let Some(since) = now.date().checked_sub_days(Days::new(2))
        && let Ok(Some(plan)) = store::load_recent(&path, since)
    {
        let today = plan.day_of(now);
        if let Ok(schedule) = schedule::build(&plan, today)
            && today < schedule.end
        {
            return Ok(Loaded {
                path,
                plan,
                schedule,
                today,
            });
        }
    }
    load_selected(store, cli, clock)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::{Dose, DoseEntry, day, render};
    use clap::Parser;

    #[test]
    fn today_prints_the_same_from_the_recent_log() {
        let now = chrono::NaiveDate::from_ymd_opt(2027, 1, 21)
            .unwrap()
            .and_hms_opt(15, 0, 0)
            .unwrap();
        let mut plan = crate::core::test_plans::long_plan(now.date());
        for day in 0..=400 {
            for (slot, hour) in [(1, 8), (2, 12), (3, 16)] {
                let at = (plan.start + Days::new(day))
                    .and_hms_opt(hour, 0, 0)
                    .unwrap();
                plan.add_entry(DoseEntry {
                    product: Some("brand".into()),
                    slot: Some(slot),
                    ..DoseEntry::new(at, Dose::from_units(5))
                });
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        std::fs::write(store.path_of("long"), render::render(&plan)).unwrap();
        let cli = Cli::parse_from(["taper", "today"]);
        let clock = Clock::starting_at(now);
        let quick = load_for_today(&store, &cli, &clock).unwrap();
        let whole = load_selected(&store, &cli, &clock).unwrap();
        assert!(quick.plan.doses.len() < 10, "{}", quick.plan.doses.len());
        assert_eq!(whole.plan.doses.len(), 1203);
        let print = |l: &Loaded| {
            let status = day::status(&l.plan, &l.schedule, l.today);
            let mut text = Vec::new();
            let mut json = Vec::new();
            super::super::output::today(
                &mut text,
                &l.plan,
                &l.schedule,
                &status,
                super::super::args::TextFormat::Text,
            )
            .unwrap();
            super::super::output::today(
                &mut json,
                &l.plan,
                &l.schedule,
                &status,
                super::super::args::TextFormat::Json,
            )
            .unwrap();
            (
                String::from_utf8(text).unwrap(),
                String::from_utf8(json).unwrap(),
            )
        };
        assert_eq!(print(&quick), print(&whole));
    }
}
