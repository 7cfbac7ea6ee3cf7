//! The order a save of a plan kept in several files (`years`) writes them in, so that no
//! entry is ever only in a file not yet written: a save killed at any moment leaves every
//! entry of the plan before it, or every entry of the plan after it (and perhaps some of
//! the other's twice), never fewer.
//!
//! First every file that gains entries is written with its old entries still in it (the
//! plan file as listed before, the entries of the years moving out still in it); then
//! every file that loses entries, as it ends; the plan file last, whose `log_years` lists
//! a year moving out only once that year's file holds it. A save that changes one file
//! writes it once. (In a save that changes several — a year moving out, or a dose moved
//! across New Year — an entry edited within one of them may then, if the save is killed
//! between two writes, be there twice, old and new: never neither.)

use chrono::Datelike;

use super::super::checkin::CheckIn;
use super::super::plan::{DoseEntry, Plan};
use super::years::{self, Year};

/// Which file a step writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum File {
    Plan,
    Year(i32),
}

/// One file written: for the plan file its whole part (`log_years` included), for a year
/// only the check-ins and doses count.
#[derive(Debug, PartialEq)]
pub struct Step {
    pub file: File,
    pub part: Plan,
}

/// The steps of a save from `before` to `after` (whole plans, in order; `after.log_years`
/// holds `before`'s), in the order to write them; with the plan file's part of `before`
/// (what the first plan-file step is written over).
pub fn steps(before: &Plan, after: &Plan) -> (Plan, Vec<Step>) {
    let (main_before, years_before) = years::parts(before);
    let (main_after, years_after) = years::parts(after);
    let empty = Year::default();
    let old_year = |y: &i32| match before.log_years.contains(y) {
        true => years_before.get(y).unwrap_or(&empty),
        // A file nothing lists holds nothing (what is there is left by a killed save).
        false => &empty,
    };
    let year_part = |checkins: Vec<CheckIn>, doses: Vec<DoseEntry>| Plan {
        checkins,
        doses,
        ..before.without_log()
    };
    let mut first = Vec::new();
    let mut then = Vec::new();
    for (year, new) in &years_after {
        let old = old_year(year);
        let grown = with_gains(old.checkins, new.checkins, old.doses, new.doses);
        let (checkins, doses) = (grown.0.as_slice(), grown.1.as_slice());
        if (checkins, doses) != (old.checkins, old.doses) {
            first.push(Step {
                file: File::Year(*year),
                part: year_part(grown.0.clone(), grown.1.clone()),
            });
        }
        if (checkins, doses) != (new.checkins, new.doses) {
            then.push(Step {
                file: File::Year(*year),
                part: year_part(new.checkins.to_vec(), new.doses.to_vec()),
            });
        }
    }
    // The plan file: what it will hold, and the entries of the years moving out (they
    // stay in it until it lists them).
    let moving = |y: i32| after.log_years.contains(&y) && !before.log_years.contains(&y);
    let kept_checkins: Vec<CheckIn> = merge_checkins(
        &main_after.checkins,
        &after
            .checkins
            .iter()
            .filter(|c| moving(c.date.year()))
            .cloned()
            .collect::<Vec<_>>(),
    );
    let mut kept_doses: Vec<DoseEntry> = main_after.doses.clone();
    kept_doses.extend(after.doses.iter().filter(|d| moving(d.at.year())).cloned());
    crate::core::plan::in_time_order(&mut kept_doses);
    let grown = with_gains(
        &main_before.checkins,
        &kept_checkins,
        &main_before.doses,
        &kept_doses,
    );
    let grows = (&grown.0, &grown.1) != (&main_before.checkins, &main_before.doses);
    // What the plan file holds after the first steps.
    let current = match grows {
        true => (&grown.0, &grown.1),
        false => (&main_before.checkins, &main_before.doses),
    };
    if current != (&main_after.checkins, &main_after.doses)
        || main_after.log_years != main_before.log_years
        || !main_after.same_facts(&main_before)
    {
        then.push(Step {
            file: File::Plan,
            part: main_after,
        });
    }
    if grows {
        first.push(Step {
            file: File::Plan,
            part: Plan {
                checkins: grown.0,
                doses: grown.1,
                ..main_before.without_log()
            },
        });
    }
    first.extend(then);
    // One file changing is one write of it, as it ends: an edit within a file (a dose
    // moved by minutes, an amount corrected) is never written twice.
    if let Some(last) = first.last()
        && first.iter().all(|step| step.file == last.file)
    {
        return (main_before, first.split_off(first.len() - 1));
    }
    (main_before, first)
}

/// `old` with what `new` adds: check-ins by day (the new one of a day replaces the old),
/// doses as a multiset (a dose of `new` not in `old` is added; none is taken away).
fn with_gains(
    old_checkins: &[CheckIn],
    new_checkins: &[CheckIn],
    old_doses: &[DoseEntry],
    new_doses: &[DoseEntry],
) -> (Vec<CheckIn>, Vec<DoseEntry>) {
    let checkins = merge_checkins(old_checkins, new_checkins);
    let mut doses = old_doses.to_vec();
    let mut unmatched: Vec<&DoseEntry> = Vec::new();
    // Both in time order: match the doses of each instant.
    let mut i = 0;
    for run in new_doses.chunk_by(|a, b| a.at == b.at) {
        while i < old_doses.len() && old_doses[i].at < run[0].at {
            i += 1;
        }
        let end = i + old_doses[i..].partition_point(|d| d.at == run[0].at);
        let mut olds: Vec<&DoseEntry> = old_doses[i..end].iter().collect();
        for d in run {
            match olds.iter().position(|o| *o == d) {
                Some(k) => {
                    olds.swap_remove(k);
                }
                None => unmatched.push(d),
            }
        }
    }
    if !unmatched.is_empty() {
        doses.extend(unmatched.into_iter().cloned());
        crate::core::plan::in_time_order(&mut doses);
    }
    (checkins, doses)
}

/// The check-ins of both, by day, `new`'s where both have the day (in date order).
fn merge_checkins(old: &[CheckIn], new: &[CheckIn]) -> Vec<CheckIn> {
    let mut out: Vec<CheckIn> = old
        .iter()
        .filter(|c| new.binary_search_by_key(&c.date, |n| n.date).is_err())
        .cloned()
        .collect();
    out.extend_from_slice(new);
    crate::core::checkin::in_date_order(&mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::Dose;
    use chrono::{Days, NaiveDate, NaiveDateTime};
    use proptest::prelude::*;

    fn at(day: u32, minute: u32) -> NaiveDateTime {
        (NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + Days::new(u64::from(day)))
            .and_hms_opt(minute / 60 % 24, minute % 60, 0)
            .unwrap()
    }

    /// The files as a save leaves them after some steps: the plan file's part, and the
    /// year files.
    #[derive(Clone)]
    struct Disk {
        main: Plan,
        years: std::collections::BTreeMap<i32, Plan>,
    }

    impl Disk {
        fn of(plan: &Plan) -> Disk {
            let (main, years) = years::parts(plan);
            let years = years
                .into_iter()
                .map(|(y, e)| {
                    let part = Plan {
                        checkins: e.checkins.to_vec(),
                        doses: e.doses.to_vec(),
                        ..plan.without_log()
                    };
                    (y, part)
                })
                .collect();
            Disk { main, years }
        }

        fn apply(&mut self, step: &Step) {
            match step.file {
                File::Plan => self.main = step.part.clone(),
                File::Year(y) => {
                    self.years.insert(y, step.part.clone());
                }
            }
        }

        /// What `store::load` reads: the plan file and the years it lists. Checks each file
        /// holds only what it may.
        fn load(&self) -> Plan {
            let mut plan = self.main.clone();
            for c in &self.main.checkins {
                assert!(
                    !plan.log_years.contains(&c.date.year()),
                    "a listed year in the plan file"
                );
            }
            for d in &self.main.doses {
                assert!(
                    !plan.log_years.contains(&d.at.year()),
                    "a listed year in the plan file"
                );
            }
            for y in &self.main.log_years {
                let part = self.years.get(y).expect("a listed year has its file");
                assert!(part.doses.iter().all(|d| d.at.year() == *y));
                assert!(part.checkins.iter().all(|c| c.date.year() == *y));
                plan.doses.extend(part.doses.iter().cloned());
                plan.checkins.extend(part.checkins.iter().cloned());
            }
            crate::core::plan::in_time_order(&mut plan.doses);
            crate::core::checkin::in_date_order(&mut plan.checkins);
            plan
        }
    }

    fn contains_all(big: &[DoseEntry], small: &[DoseEntry]) -> bool {
        small.iter().all(|d| {
            big.iter().filter(|b| *b == d).count() >= small.iter().filter(|s| *s == d).count()
        })
    }

    fn checkins_of(plan: &Plan) -> std::collections::BTreeMap<NaiveDate, CheckIn> {
        plan.checkins.iter().map(|c| (c.date, c.clone())).collect()
    }

    prop_compose! {
        /// A plan with doses and check-ins over 2024–2027, saved as a save leaves it (the
        /// years two older than its newest entry kept apart).
        fn saved_plan()(
            doses in prop::collection::vec((0u32..1400, 0u32..1440, 1i64..4), 1..30),
            checkins in prop::collection::vec((0u32..1400, 0u8..10), 0..10),
        ) -> Plan {
            let mut plan = crate::core::demo::demo_plan(NaiveDate::from_ymd_opt(2027, 1, 21).unwrap()).unwrap();
            plan.doses.clear();
            for (day, minute, amount) in doses {
                plan.add_entry(DoseEntry::new(at(day, minute), Dose::from_units(amount)));
            }
            for (day, pain) in checkins {
                let mut c = CheckIn::new(at(day, 0).date());
                c.set(crate::core::checkin::Measure::Pain, Some(pain));
                crate::core::checkin::replace(&mut plan.checkins, &c);
            }
            plan.log_years = years::due(&plan);
            plan
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        /// Whatever a save changes — doses added (also into years kept apart), taken off,
        /// moved across a year, check-ins changed — after every step the files read as a
        /// plan holding all the entries before or all the entries after (never fewer), and
        /// after the last one as the plan after.
        #[test]
        fn no_step_leaves_fewer_entries_than_before_or_after(
            before in saved_plan(),
            added in prop::collection::vec((0u32..1500, 0u32..1440), 0..4),
            removed in prop::collection::vec(0usize..40, 0..3),
            moved in prop::collection::vec((0usize..40, 0u32..1500), 0..3),
            pains in prop::collection::vec((0u32..1400, prop::option::of(0u8..10)), 0..3),
        ) {
            let mut after = before.clone();
            for (i, day) in moved {
                if !after.doses.is_empty() {
                    let i = i % after.doses.len();
                    let mut d = after.doses.remove(i);
                    d.at = at(day, 30);
                    after.add_entry(d);
                }
            }
            for i in removed {
                if !after.doses.is_empty() {
                    let i = i % after.doses.len();
                    after.doses.remove(i);
                }
            }
            for (day, minute) in added {
                after.add_entry(DoseEntry::new(at(day, minute), Dose::from_units(9)));
            }
            for (day, pain) in pains {
                let mut c = CheckIn::new(at(day, 0).date());
                c.set(crate::core::checkin::Measure::Pain, pain);
                crate::core::checkin::replace(&mut after.checkins, &c);
            }
            // As `Locked::save` does.
            after.log_years.extend(years::due(&after));
            after.log_years.sort_unstable();
            let mut disk = Disk::of(&before);
            prop_assert_eq!(disk.load(), before.clone());
            let (old_checkins, new_checkins) = (checkins_of(&before), checkins_of(&after));
            for step in steps(&before, &after).1 {
                disk.apply(&step);
                let now = disk.load();
                let all_before = contains_all(&now.doses, &before.doses);
                let all_after = contains_all(&now.doses, &after.doses);
                prop_assert!(all_before || all_after, "after {:?}", step.file);
                for (date, c) in checkins_of(&now) {
                    prop_assert!(old_checkins.get(&date) == Some(&c) || new_checkins.get(&date) == Some(&c));
                }
                for date in old_checkins.keys().filter(|d| new_checkins.contains_key(d)) {
                    prop_assert!(now.checkins.iter().any(|c| c.date == *date), "check-in of {} gone", date);
                }
            }
            prop_assert_eq!(disk.load(), after);
        }

        /// A dose changed within its file (a year kept apart, or the plan file's) is one
        /// write of that file.
        #[test]
        fn an_edit_within_one_file_is_one_write(
            before in saved_plan(),
            i in 0usize..40,
            minutes in 1i64..30,
            amount in 1i64..9,
        ) {
            let mut after = before.clone();
            let i = i % after.doses.len();
            let mut d = after.doses.remove(i);
            let year = d.at.year();
            d.at += chrono::Duration::minutes(minutes);
            d.amount = Dose::from_units(amount);
            prop_assume!(d.at.year() == year);
            after.add_entry(d);
            let steps = steps(&before, &after).1;
            prop_assert_eq!(steps.len(), 1);
            let mut disk = Disk::of(&before);
            disk.apply(&steps[0]);
            prop_assert_eq!(disk.load(), after);
        }
    }
}
