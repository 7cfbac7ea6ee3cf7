//! Unit tests of a day's status, the plan's state and the changes a tick makes.

use super::*;
use crate::core::{plan_file, schedule};

fn plan() -> Plan {
    let text = include_str!("../../../tests/fixtures/valid/hyperbolic.toml");
    plan_file::parse(std::path::Path::new("h.toml"), text).unwrap()
}

fn at(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M").unwrap()
}

#[test]
fn entries_tick_their_slot_or_the_first_open_one() {
    let mut plan = plan();
    let schedule = schedule::build(&plan, plan.start).unwrap();
    let date = plan.start;
    // A tick of the evening dose, and a plain log that takes the first open slot.
    plan.add_entry(DoseEntry {
        slot: Some(2),
        ..DoseEntry::new(at("2027-01-04T07:00"), Dose::from_units(10))
    });
    plan.add_entry(DoseEntry::new(at("2027-01-04T09:00"), Dose::from_units(10)));
    plan.add_entry(DoseEntry::new(at("2027-01-04T23:00"), Dose::from_units(1)));
    let status = status(&plan, &schedule, date);
    assert_eq!(status.target, Some(Dose::from_units(20)));
    assert_eq!(status.taken, Dose::from_units(21));
    assert_eq!(status.remaining(), Dose::ZERO);
    assert_eq!(status.difference(), Some(1_000_000));
    // The plain log covers the morning dose by its amount; it is no tick.
    assert_eq!(status.slots[0].entry, None);
    assert_eq!(status.slots[0].covered, Dose::from_units(10));
    assert!(status.slots[0].taken());
    assert_eq!(status.slots[1].entry.as_ref().unwrap().slot, Some(2));
    assert_eq!(status.extra.len(), 1);
}

#[test]
fn toggle_ticks_then_unticks() {
    let mut plan = plan();
    let schedule = schedule::build(&plan, plan.start).unwrap();
    let now = at("2027-01-04T08:15");
    let tick = toggle(&plan, &status(&plan, &schedule, plan.start), 2, now).unwrap();
    assert_eq!(tick.add.len(), 1);
    assert_eq!(
        (tick.add[0].at, tick.add[0].amount, tick.add[0].slot),
        (now, Dose::from_units(10), Some(2))
    );
    tick.apply(&mut plan);
    let untick = toggle(&plan, &status(&plan, &schedule, plan.start), 2, now).unwrap();
    assert_eq!(untick, tick.inverse());
    assert_eq!(untick.apply(&mut plan), 1);
    assert!(plan.doses.is_empty());
    // A past day is ticked at its planned time; a slot that does not exist is nothing.
    let yesterday_tick = toggle(
        &plan,
        &status(&plan, &schedule, plan.start),
        1,
        at("2027-01-05T10:00"),
    )
    .unwrap();
    assert_eq!(yesterday_tick.add[0].at, at("2027-01-04T07:30"));
    assert!(toggle(&plan, &status(&plan, &schedule, plan.start), 9, now).is_none());
}

#[test]
fn a_tick_never_removes_a_dose_logged_elsewhere() {
    let mut plan = plan();
    let schedule = schedule::build(&plan, plan.start).unwrap();
    // `taper log 0.1 --at 07:30`: the morning slot (10 mg) is partly covered, not ✓.
    let cli = DoseEntry::new(at("2027-01-04T07:30"), "0.1".parse().unwrap());
    plan.add_entry(cli.clone());
    let now = at("2027-01-04T08:15");
    let day = status(&plan, &schedule, plan.start);
    assert!(!day.slots[0].taken());
    assert_eq!(day.slots[0].partly(), Some(cli.amount));
    // Space ticks it (adding the planned dose), space again removes only the tick.
    let tick = toggle(&plan, &day, 1, now).unwrap();
    assert!(tick.remove.is_empty());
    tick.apply(&mut plan);
    let day = status(&plan, &schedule, plan.start);
    assert!(day.slots[0].taken());
    assert_eq!(day.slots[1].partly(), Some(cli.amount));
    let untick = toggle(&plan, &day, 1, now).unwrap();
    assert_eq!(untick.remove, tick.add);
    untick.apply(&mut plan);
    assert_eq!(plan.doses, vec![cli.clone()]);
    // A slot the CLI's doses cover in full shows ✓ but has no tick to remove.
    plan.add_entry(DoseEntry::new(at("2027-01-04T07:40"), Dose::from_units(10)));
    let day = status(&plan, &schedule, plan.start);
    assert!(day.slots[0].taken());
    assert_eq!(toggle(&plan, &day, 1, now), None);
}

#[test]
fn set_day_total_replaces_the_day_and_keeps_an_unchanged_one() {
    let mut plan = plan();
    let noon = NaiveTime::from_hms_opt(12, 0, 0);
    plan.add_entry(DoseEntry {
        product: Some("brand".into()),
        ..DoseEntry::new(at("2027-01-04T07:30"), Dose::from_units(10))
    });
    plan.add_entry(DoseEntry::new(at("2027-01-04T19:30"), Dose::from_units(10)));
    assert!(set_day_total(&plan, plan.start, Some(Dose::from_units(20)), noon).is_empty());
    let change = set_day_total(&plan, plan.start, Some(Dose::from_units(15)), noon);
    assert_eq!(change.remove.len(), 2);
    assert_eq!(change.add[0].product.as_deref(), Some("brand"));
    change.apply(&mut plan);
    assert_eq!(plan.taken_on(plan.start), Some(Dose::from_units(15)));
    let clear = set_day_total(&plan, plan.start, None, noon);
    clear.apply(&mut plan);
    assert_eq!(plan.taken_on(plan.start), None);
    assert!(change.describe("mg").starts_with("replaced"));
}
