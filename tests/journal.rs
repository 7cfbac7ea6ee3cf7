//! The journal's core: check-ins in the plan file, off-days, the suggestion rules and the
//! products used.

use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime, Weekday};
use taper::core::amend::{Amendment, Change};
use taper::core::checkin::{CheckIn, Measure};
use taper::core::journal;
use taper::core::new_plan::{Length, NewPlan};
use taper::core::pattern::Pattern;
use taper::core::render::{render, render_over};
use taper::core::schedule::{self, Schedule};
use taper::core::suggest::{self, Suggestion};
use taper::core::{Class, Dose, DoseEntry, Method, Plan, Segment, plan_file};

fn d(text: &str) -> Dose {
    text.parse().unwrap()
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn at(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M").unwrap()
}

/// 12 → 0 g in 1 g steps every `step_days` days from Mon 2027-01-04.
fn plan_with(step_days: u32, segment: Segment) -> Plan {
    NewPlan {
        name: "t".into(),
        class: Class::Kratom,
        unit: "g".into(),
        start_dose: Some(d("12")),
        length: Length::Weeks(12 * step_days / 7),
        method: Some(Method::Linear),
        segment: Segment {
            start: date("2027-01-04"),
            step_days,
            ..segment
        },
        ..NewPlan::default()
    }
    .build()
    .unwrap()
}

fn plan() -> Plan {
    plan_with(7, Segment::default())
}

fn build(plan: &Plan, today: &str) -> Schedule {
    schedule::build(plan, date(today)).unwrap()
}

fn checkin(plan: &mut Plan, day: &str, values: &[(Measure, u8)]) {
    let mut c = CheckIn::new(date(day));
    for (m, v) in values {
        c.set(*m, Some(*v));
    }
    plan.record_checkin(&c);
}

fn reparse(plan: &Plan) -> Plan {
    plan_file::parse(Path::new("t.toml"), &render(plan)).unwrap()
}

// ---- check-ins in the file ----

#[test]
fn check_ins_round_trip_and_a_second_one_updates_the_day() {
    let mut p = plan();
    checkin(
        &mut p,
        "2027-01-05",
        &[(Measure::Withdrawal, 6), (Measure::Pain, 3)],
    );
    let mut later = CheckIn::new(date("2027-01-05"));
    later.set(Measure::Pain, Some(5));
    later.note = Some("a \"hard\" day".into());
    let now = p.record_checkin(&later);
    assert_eq!((now.withdrawal, now.pain), (Some(6), Some(5)));
    checkin(
        &mut p,
        "2027-01-04",
        &[(Measure::Effect, 0), (Measure::Sleep, 10)],
    );
    assert_eq!(p.checkins.len(), 2);
    assert_eq!(p.checkins[0].date, date("2027-01-04"), "kept in date order");
    let text = render(&p);
    assert!(text.contains("[[checkin]]\ndate = 2027-01-04\nsleep = 10\neffect = 0\n"));
    let back = reparse(&p);
    assert_eq!(back.checkins, p.checkins);
    assert_eq!(
        back.checkin_on(date("2027-01-05")).unwrap().note.as_deref(),
        Some("a \"hard\" day")
    );
    assert_eq!(back.checkin_on(date("2027-01-06")), None);
}

#[test]
fn check_ins_are_part_of_the_log_and_keep_the_text_above_it() {
    let mut p = plan();
    p.add_entry(DoseEntry::new(at("2027-01-05T08:00"), d("4")));
    let text = format!("# my own comment\n{}", render(&p));
    let before = plan_file::parse(Path::new("t.toml"), &text).unwrap();
    let mut after = before.clone();
    checkin(&mut after, "2027-01-05", &[(Measure::Craving, 2)]);
    assert!(before.same_apart_from_log(&after));
    let written = render_over(&text, &before, &after);
    assert!(written.starts_with("# my own comment\n"));
    let checkin_at = written.find("\n[[checkin]]\n").unwrap();
    let dose_at = written.find("\n[[dose]]\n").unwrap();
    assert!(checkin_at < dose_at, "check-ins come before the doses");
    let back = plan_file::parse(Path::new("t.toml"), &written).unwrap();
    assert_eq!(back.checkins, after.checkins);
    assert_eq!(back.doses, after.doses);
}

#[test]
fn a_schema_1_file_with_check_ins_loads_and_bad_ratings_are_refused() {
    let minimal = include_str!("fixtures/valid/minimal.toml");
    let text = format!("{minimal}\n[[checkin]]\ndate = 2027-01-05\nmood = 7\nnote = \"ok\"\n");
    let p = plan_file::parse(Path::new("m.toml"), &text).unwrap();
    assert_eq!(p.checkin_on(date("2027-01-05")).unwrap().mood, Some(7));
    // Two tables of one day merge, the later fields winning.
    let twice = format!("{text}\n[[checkin]]\ndate = 2027-01-05\nmood = 4\npain = 1\n");
    let p = plan_file::parse(Path::new("m.toml"), &twice).unwrap();
    let c = p.checkin_on(date("2027-01-05")).unwrap();
    assert_eq!(
        (c.mood, c.pain, c.note.as_deref()),
        (Some(4), Some(1), Some("ok"))
    );
    let bad = format!("{minimal}\n[[checkin]]\ndate = 2027-01-05\npain = 11\n");
    let e = plan_file::parse(Path::new("m.toml"), &bad).unwrap_err();
    assert!(
        e.to_string()
            .contains("pain = 11 is not a rating from 0 to 10"),
        "{e}"
    );
    assert_eq!(e.line, 13);
    let unknown = format!("{minimal}\n[[checkin]]\ndate = 2027-01-05\nhappy = 3\n");
    assert!(plan_file::parse(Path::new("m.toml"), &unknown).is_err());
}

// ---- off-days ----

#[test]
fn weekdays_off_target_zero_and_are_not_steps() {
    let plain = plan();
    let p = plan_with(
        7,
        Segment {
            off_days: vec![Weekday::Sat, Weekday::Wed],
            ..Segment::default()
        },
    );
    let (s, s0) = (build(&p, "2027-01-04"), build(&plain, "2027-01-04"));
    assert_eq!(s.steps, s0.steps, "the same steps, numbered the same");
    let sat = s.day(date("2027-01-09")).unwrap();
    assert!(sat.off);
    assert_eq!((sat.target, sat.step), (Dose::ZERO, 1));
    let fri = s.day(date("2027-01-08")).unwrap();
    assert!(!fri.off);
    assert_eq!(fri.target, d("12"));
    // From an off-day, the next step is still the next change of dose.
    assert_eq!(s.next_step_after(date("2027-01-09")).unwrap().dose, d("11"));
    let off: usize = s.days().filter(|t| t.off).count();
    assert_eq!(
        off,
        s.days()
            .filter(|t| t.date.format("%a").to_string() == "Sat"
                || t.date.format("%a").to_string() == "Wed")
            .count()
    );
    // Round trip through the file.
    assert_eq!(reparse(&p).off_days, vec![Weekday::Wed, Weekday::Sat]);
}

#[test]
fn a_pattern_counts_from_the_start_and_holds_keep_it() {
    let mut p = plan_with(
        7,
        Segment {
            pattern: Some(Pattern { on: 5, off: 2 }),
            ..Segment::default()
        },
    );
    let s = build(&p, "2027-01-04");
    let offs: Vec<String> = s
        .days()
        .take(14)
        .filter(|t| t.off)
        .map(|t| t.date.to_string())
        .collect();
    assert_eq!(
        offs,
        ["2027-01-09", "2027-01-10", "2027-01-16", "2027-01-17"]
    );
    // A hold from the 2nd step on: the held dose, the pattern still off on its days.
    p.add_amendment(Amendment::new(date("2027-01-11"), Change::Hold));
    p.add_amendment(Amendment::new(date("2027-01-25"), Change::Resume));
    let s = build(&p, "2027-01-30");
    let held = s.day(date("2027-01-20")).unwrap();
    assert!(held.is_hold() && !held.off);
    assert_eq!(held.target, d("11"));
    let held_off = s.day(date("2027-01-16")).unwrap();
    assert!(held_off.is_hold() && held_off.off);
    assert_eq!(held_off.target, Dose::ZERO);
    assert_eq!(reparse(&p).pattern, Some(Pattern { on: 5, off: 2 }));
}

#[test]
fn a_replan_sets_its_own_days_off() {
    let mut p = plan_with(
        7,
        Segment {
            off_days: vec![Weekday::Sat],
            ..Segment::default()
        },
    );
    let replan = Segment {
        start: date("2027-02-01"),
        start_dose: d("8"),
        target_dose: Dose::ZERO,
        end: date("2027-04-26"),
        pattern: Some(Pattern { on: 2, off: 1 }),
        ..Segment::default()
    };
    p.add_amendment(Amendment::new(
        date("2027-02-01"),
        Change::Replan(Box::new(replan)),
    ));
    let s = build(&p, "2027-02-01");
    assert!(s.day(date("2027-01-30")).unwrap().off, "before: Saturdays");
    assert!(
        !s.day(date("2027-02-13")).unwrap().off,
        "after: not Saturdays"
    );
    let offs: Vec<bool> = (1..=6)
        .map(|k| s.day(date(&format!("2027-02-0{k}"))).unwrap().off)
        .collect();
    assert_eq!(offs, [false, false, true, false, false, true]);
    let back = reparse(&p);
    assert_eq!(back.amendments, p.amendments);
}

#[test]
fn a_dose_on_a_day_off_is_neither_within_nor_above_target() {
    let mut p = plan_with(
        7,
        Segment {
            off_days: vec![Weekday::Sat],
            ..Segment::default()
        },
    );
    p.add_entry(DoseEntry::new(at("2027-01-09T10:00"), d("3")));
    let s = build(&p, "2027-01-09");
    let status = taper::core::day::status(&p, &s, date("2027-01-09"));
    assert!(status.off);
    assert_eq!(status.difference(), None);
    assert!(status.slots.is_empty());
    let record = taper::core::progress::records(&p, &s)
        .into_iter()
        .find(|r| r.date == date("2027-01-09"))
        .unwrap();
    assert_eq!(record.within_target(), None);
    let records = taper::core::progress::records(&p, &s);
    let summary = taper::core::progress::summarize(&records, date("2027-01-09"));
    assert_eq!(
        (summary.days_logged, summary.days_over),
        (0, 0),
        "not judged"
    );
    assert_eq!(summary.taken_total, d("3"), "but counted in what was taken");
}

// ---- gating ----

fn gate(p: &Plan, today: &str) -> Suggestion {
    suggest::gate(p, &build(p, today), date(today))
}

#[test]
fn gating_suggests_a_hold_at_the_threshold_within_3_days_of_a_step_down() {
    // The step down to 11 g is on 2027-01-11.
    let mut p = plan();
    for day in ["2027-01-06", "2027-01-07", "2027-01-08"] {
        checkin(&mut p, day, &[(Measure::Withdrawal, 6)]);
    }
    let s = gate(&p, "2027-01-08");
    assert_eq!(s.name(), "hold", "exactly at the threshold");
    assert!(s.reason().contains("2027-01-11"), "{}", s.reason());
    assert_eq!(gate(&p, "2027-01-10").name(), "hold", "the day before");
    // The threshold is the plan's.
    p.hold_threshold = Some(7);
    assert_eq!(gate(&p, "2027-01-08").name(), "proceed");
    p.hold_threshold = None;
    // Just below: 5, 6, 6.
    checkin(&mut p, "2027-01-06", &[(Measure::Withdrawal, 5)]);
    let below = gate(&p, "2027-01-08");
    assert_eq!(below, Suggestion::Proceed);
    assert_eq!(below.name(), "proceed");
}

#[test]
fn gating_needs_3_check_ins_and_a_step_down_within_3_days() {
    let mut p = plan();
    checkin(&mut p, "2027-01-07", &[(Measure::Withdrawal, 9)]);
    checkin(&mut p, "2027-01-08", &[(Measure::Withdrawal, 9)]);
    assert_eq!(gate(&p, "2027-01-08").name(), "proceed", "2 check-ins");
    // Three check-ins, but the step down is 4 days away.
    checkin(&mut p, "2027-01-06", &[(Measure::Withdrawal, 9)]);
    assert_eq!(gate(&p, "2027-01-07").name(), "proceed", "4 days away");
    assert_eq!(gate(&p, "2027-01-08").name(), "hold", "3 days away");
    // A check-in without a withdrawal rating does not count.
    let mut q = plan();
    checkin(&mut q, "2027-01-06", &[(Measure::Pain, 9)]);
    checkin(&mut q, "2027-01-07", &[(Measure::Withdrawal, 9)]);
    checkin(&mut q, "2027-01-08", &[(Measure::Withdrawal, 9)]);
    assert_eq!(gate(&q, "2027-01-08").name(), "proceed");
    // While held there is no step to hold.
    p.add_amendment(Amendment::new(date("2027-01-08"), Change::Hold));
    assert_eq!(gate(&p, "2027-01-08").name(), "proceed");
}

// ---- trends ----

#[test]
fn a_falling_effect_at_an_unchanged_dose_notes_tolerance() {
    // Steps every 14 days: 12 g from 2027-01-04 to 2027-01-17.
    let mut p = plan_with(14, Segment::default());
    for (day, v) in [
        ("2027-01-05", 8),
        ("2027-01-08", 8),
        ("2027-01-13", 5),
        ("2027-01-16", 5),
    ] {
        checkin(&mut p, day, &[(Measure::Effect, v)]);
    }
    let s = build(&p, "2027-01-17");
    assert!(suggest::tolerance(&p, &s, date("2027-01-17")));
    assert_eq!(
        suggest::notes(&p, &s, date("2027-01-17")),
        [suggest::TOLERANCE_TREND_NOTE]
    );
    // The dose changed within the two weeks: no note.
    assert!(!suggest::tolerance(
        &p,
        &build(&p, "2027-01-18"),
        date("2027-01-18")
    ));
    // A smaller fall (8 → 7) is not a trend.
    checkin(&mut p, "2027-01-13", &[(Measure::Effect, 7)]);
    checkin(&mut p, "2027-01-16", &[(Measure::Effect, 6)]);
    assert!(
        !suggest::tolerance(&p, &s, date("2027-01-17")),
        "a fall of 1.5"
    );
    // One rating a week is too few to call a trend.
    let mut q = plan_with(14, Segment::default());
    checkin(&mut q, "2027-01-05", &[(Measure::Effect, 9)]);
    checkin(&mut q, "2027-01-16", &[(Measure::Effect, 1)]);
    assert!(!suggest::tolerance(&q, &s, date("2027-01-17")));
}

#[test]
fn rising_pain_while_the_dose_falls_is_noted_once() {
    // 12 g until 2027-01-17, 11 g from 2027-01-18.
    let mut p = plan_with(14, Segment::default());
    for (day, v) in [
        ("2027-01-10", 2),
        ("2027-01-11", 2),
        ("2027-01-19", 5),
        ("2027-01-20", 5),
    ] {
        checkin(&mut p, day, &[(Measure::Pain, v)]);
    }
    let s = build(&p, "2027-01-22");
    assert!(
        !suggest::pain_note(&p, &s, date("2027-01-19")),
        "one rating in the last week"
    );
    assert!(suggest::pain_note(&p, &s, date("2027-01-20")));
    assert_eq!(
        suggest::notes(&p, &s, date("2027-01-20")),
        [suggest::PAIN_NOTE]
    );
    assert!(!suggest::pain_note(&p, &s, date("2027-01-21")), "said once");
    // Rising pain at an unchanged dose is not this note.
    let mut q = plan_with(14, Segment::default());
    for (day, v) in [
        ("2027-01-04", 2),
        ("2027-01-05", 2),
        ("2027-01-12", 6),
        ("2027-01-13", 6),
    ] {
        checkin(&mut q, day, &[(Measure::Pain, v)]);
    }
    assert!(!suggest::pain_note(
        &q,
        &build(&q, "2027-01-13"),
        date("2027-01-13")
    ));
}

// ---- products and the journal ----

fn entry(when: &str, amount: &str, product: Option<&str>, note: Option<&str>) -> DoseEntry {
    DoseEntry {
        product: product.map(Into::into),
        note: note.map(Into::into),
        ..DoseEntry::new(at(when), d(amount))
    }
}

#[test]
fn products_add_up_days_totals_last_use_and_mean_effect() {
    let mut p = plan();
    p.add_entry(entry("2027-01-04T08:00", "4", Some("Red"), None));
    p.add_entry(entry("2027-01-04T14:00", "4", Some("Red"), None));
    p.add_entry(entry("2027-01-05T08:00", "3.5", Some("Green"), None));
    p.add_entry(entry("2027-01-06T08:00", "4", Some("Red"), Some("late")));
    p.add_entry(entry("2027-01-06T09:00", "1", None, None));
    checkin(&mut p, "2027-01-04", &[(Measure::Effect, 8)]);
    checkin(&mut p, "2027-01-05", &[(Measure::Effect, 5)]);
    checkin(
        &mut p,
        "2027-01-06",
        &[(Measure::Effect, 5), (Measure::Pain, 1)],
    );
    let products = journal::products(&p);
    assert_eq!(
        products.len(),
        2,
        "a dose without a product is in no product"
    );
    let red = &products[0];
    assert_eq!(red.name, "Red");
    assert_eq!((red.days_used, red.total), (2, d("12")));
    assert_eq!(red.last_used, at("2027-01-06T08:00"));
    assert_eq!(red.mean_effect, Some(6.5));
    let green = &products[1];
    assert_eq!(
        (green.days_used, green.total, green.mean_effect),
        (1, d("3.5"), Some(5.0))
    );
    assert_eq!(journal::product_names(&p), ["Red", "Green"]);
    assert!(journal::products(&plan()).is_empty());
}

#[test]
fn a_journal_day_has_its_target_doses_check_in_and_amendments() {
    let mut p = plan();
    p.add_entry(entry("2027-01-12T08:00", "5", Some("Red"), Some("tired")));
    checkin(&mut p, "2027-01-12", &[(Measure::Withdrawal, 4)]);
    p.add_amendment(Amendment {
        reason: Some("hard week".into()),
        ..Amendment::new(date("2027-01-12"), Change::Hold)
    });
    let s = build(&p, "2027-01-13");
    let days = journal::days(&p, &s, date("2027-01-11"), date("2027-01-13"));
    assert_eq!(days.len(), 3);
    let day = &days[1];
    assert_eq!(day.target, Some(d("11")));
    assert_eq!(day.doses.len(), 1);
    assert!(day.has_note());
    assert_eq!(day.checkin.unwrap().withdrawal, Some(4));
    assert_eq!(day.amendments.len(), 1);
    assert!(!days[0].has_note());
    assert!(journal::days(&p, &s, date("2027-01-13"), date("2027-01-11")).is_empty());
    assert_eq!(journal::first_day(&p), date("2027-01-04"));
}

#[test]
fn a_dose_sooner_than_the_minimum_gap_is_too_soon() {
    let mut p = plan();
    assert_eq!(
        suggest::too_soon(&p, at("2027-01-04T08:30")),
        None,
        "no gap set"
    );
    p.min_gap_minutes = Some(120);
    assert_eq!(
        suggest::too_soon(&p, at("2027-01-04T08:30")),
        None,
        "no dose before"
    );
    p.add_entry(entry("2027-01-04T08:00", "4", None, None));
    assert_eq!(suggest::too_soon(&p, at("2027-01-04T09:59")), Some(119));
    assert_eq!(
        suggest::too_soon(&p, at("2027-01-04T10:00")),
        None,
        "exactly the gap"
    );
    assert_eq!(reparse(&p).min_gap_minutes, Some(120));
}

#[test]
fn the_readme_file_example_reads_with_its_check_in() {
    let readme = include_str!("../README.md");
    let start = readme.find("```toml\n").unwrap() + "```toml\n".len();
    let end = start + readme[start..].find("```").unwrap();
    let p = plan_file::parse(Path::new("README.toml"), &readme[start..end]).unwrap();
    let c = p.checkin_on(date("2027-01-05")).unwrap();
    assert_eq!((c.withdrawal, c.effect), (Some(6), Some(7)));
    assert_eq!(c.note.as_deref(), Some("restless evening"));
    for key in [
        "off_days",
        "pattern",
        "min_gap_minutes",
        "hold_threshold",
        "[[checkin]]",
    ] {
        assert!(readme[start..end].contains(key), "{key}");
    }
}
