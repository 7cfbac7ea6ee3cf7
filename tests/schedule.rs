//! The schedule methods: tables of known outputs and property tests of the invariants.

use chrono::{Days, NaiveDate, NaiveDateTime};
use proptest::prelude::*;

mod clinical_common;
use clinical_common::arb_plan;
use taper::core::new_plan::{Length, NewPlan, parse_ladder};
use taper::core::plan_file;
use taper::core::render::render;
use taper::core::schedule::{self, split};
use taper::core::{Class, Curve, Dose, DoseEntry, LadderStep, Method, Plan, Segment};

fn d(text: &str) -> Dose {
    text.parse().unwrap()
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn request(start_dose: &str, length: Length, method: Method) -> NewPlan {
    NewPlan {
        name: "t".into(),
        substance: String::new(),
        class: Class::Other,
        unit: "mg".into(),
        start_dose: Some(d(start_dose)),
        length,
        method: Some(method),
        emax: None,
        ed50: None,
        ladder: Vec::new(),
        segment: Segment {
            target_dose: Dose::ZERO,
            start: date("2027-01-04"),
            step_days: 7,
            round_to: None,
            doses_per_day: 1,
            ..Segment::default()
        },
    }
}

/// The rungs of the `[plan]` segment as its method makes them (a rounding collapse shows
/// as two equal rungs; the schedule merges them into one step).
fn step_doses(plan: &Plan) -> Vec<String> {
    schedule::build_segment(&plan.base, 0)
        .unwrap()
        .iter()
        .map(|s| s.dose.to_string())
        .collect()
}

#[test]
fn hyperbolic_example_from_the_issue() {
    let plan = NewPlan {
        emax: Some(90.0),
        ed50: Some(d("2.5")),
        ..request("20", Length::Weeks(8), Method::Hyperbolic)
    }
    .build()
    .unwrap();
    assert_eq!(
        step_doses(&plan),
        [
            "20", "8.75", "5", "3.125", "2", "1.25", "0.714286", "0.3125", "0"
        ]
    );
    // The default ED50 is start/8, which is 2.5 here: the same curve.
    let default = request("20", Length::Weeks(8), Method::Hyperbolic)
        .build()
        .unwrap();
    assert_eq!(step_doses(&default), step_doses(&plan));
}

#[test]
fn linear_table_with_rounding() {
    let plan = NewPlan {
        segment: Segment {
            round_to: Some(d("0.25")),
            ..request("12", Length::Weeks(10), Method::Linear).segment
        },
        ..request("12", Length::Weeks(10), Method::Linear)
    }
    .build()
    .unwrap();
    // 12 → 0 in 10 cuts of 1.2; each level rounded *up* to 0.25 and no cut over 1.25 (1.2
    // to the nearest unit); a plan to 0 ends with one unit, which takes one more week.
    assert_eq!(
        step_doses(&plan),
        [
            "12", "11", "9.75", "8.5", "7.25", "6", "5", "3.75", "2.5", "1.25", "0.25", "0"
        ]
    );
    assert_eq!(plan.end, date("2027-03-15"));
    let schedule = schedule::build(&plan, plan.start).unwrap();
    assert_eq!(schedule.end, date("2027-03-22"));
    assert_eq!(schedule::moved_end(&plan.base), Some(date("2027-03-22")));
}

#[test]
fn percent_given_percent_derives_end() {
    let plan = NewPlan {
        segment: Segment {
            round_to: Some(d("1")),
            ..request("10", Length::Percent(25.0), Method::Percent).segment
        },
        ..request("10", Length::Percent(25.0), Method::Percent)
    }
    .build()
    .unwrap();
    // 10, 7.5→8, 5.625→6, 4.22→5, 3.16→4, 2.37→3, 1.78→2, 1.33→2, 1.0011→2, 0.75→1, then
    // 0 once the rounded dose is one unit: the smallest dose is used.
    let doses = step_doses(&plan);
    assert_eq!(
        doses,
        ["10", "8", "6", "5", "4", "3", "2", "2", "2", "1", "0"]
    );
    // The end is where the rounded taper reaches the target.
    assert_eq!(
        plan.end,
        date("2027-01-04") + Days::new(7 * (doses.len() as u64 - 1))
    );
    assert_eq!(schedule::build(&plan, plan.start).unwrap().end, plan.end);
}

#[test]
fn percent_given_end_solves_the_cut() {
    let plan = request("100", Length::Weeks(20), Method::Percent)
        .build()
        .unwrap();
    let Curve::Percent { percent } = plan.method else {
        panic!("not percent")
    };
    assert!(percent > 5.0 && percent < 20.0, "{percent}");
    let schedule = schedule::build(&plan, plan.start).unwrap();
    assert_eq!(schedule.end, date("2027-05-24"));
    // Every step before the last is a real cut of about `percent`.
    let steps = &schedule.steps;
    for pair in steps[..steps.len() - 1].windows(2) {
        let cut = 100.0 * (pair[0].dose.to_f64() - pair[1].dose.to_f64()) / pair[0].dose.to_f64();
        assert!((cut - percent).abs() < 0.01, "cut {cut} vs {percent}");
    }
}

#[test]
fn ladder_holds_each_rung() {
    let ladder = vec![
        LadderStep {
            dose: d("10"),
            days: 14,
        },
        LadderStep {
            dose: d("7.5"),
            days: 14,
        },
        LadderStep {
            dose: d("5"),
            days: 21,
        },
    ];
    let plan = NewPlan {
        ladder,
        ..request("10", Length::FromSteps, Method::Ladder)
    }
    .build()
    .unwrap();
    assert_eq!(plan.end, date("2027-01-04") + Days::new(49));
    let schedule = schedule::build(&plan, plan.start).unwrap();
    assert_eq!(schedule.day(date("2027-01-17")).unwrap().target, d("10"));
    assert_eq!(schedule.day(date("2027-01-18")).unwrap().target, d("7.5"));
    assert_eq!(schedule.day(date("2027-02-21")).unwrap().target, d("5"));
    assert_eq!(schedule.day(date("2027-02-22")).unwrap().target, Dose::ZERO);
}

#[test]
fn a_start_dose_above_the_ladder_is_held_one_step_first() {
    let ladder = parse_ladder("15:14,10:14").unwrap();
    let plan = NewPlan {
        ladder,
        ..request("20", Length::FromSteps, Method::Ladder)
    }
    .build()
    .unwrap();
    assert_eq!(step_doses(&plan), ["20", "15", "10", "0"]);
    assert_eq!(plan.end, date("2027-01-04") + Days::new(7 + 14 + 14));
    // A start dose below the first rung is a mistake, not a ladder.
    let below = NewPlan {
        ladder: parse_ladder("15:14").unwrap(),
        ..request("10", Length::FromSteps, Method::Ladder)
    };
    assert!(
        below
            .build()
            .unwrap_err()
            .to_string()
            .contains("first ladder step")
    );
}

#[test]
fn day_split_spreads_units_evenly_earliest_first() {
    let plan = NewPlan {
        segment: Segment {
            round_to: Some(d("0.25")),
            doses_per_day: 3,
            ..request("12", Length::Weeks(10), Method::Linear).segment
        },
        ..request("12", Length::Weeks(10), Method::Linear)
    }
    .build()
    .unwrap();
    let amounts: Vec<String> = split(&plan, d("11.75"))
        .iter()
        .map(|p| p.amount.to_string())
        .collect();
    // 47 units of 0.25: 16, 16, 15.
    assert_eq!(amounts, ["4", "4", "3.75"]);
    assert!(split(&plan, Dose::ZERO).is_empty());
    let small: Vec<String> = split(&plan, d("0.5"))
        .iter()
        .map(|p| p.amount.to_string())
        .collect();
    assert_eq!(small, ["0.25", "0.25", "0"]);
}

#[test]
fn bad_requests_are_refused() {
    let above = NewPlan {
        segment: Segment {
            target_dose: d("30"),
            ..request("20", Length::Weeks(8), Method::Linear).segment
        },
        ..request("20", Length::Weeks(8), Method::Linear)
    };
    assert!(
        above
            .build()
            .unwrap_err()
            .to_string()
            .contains("above the start dose")
    );
    let before = request("20", Length::End(date("2026-12-01")), Method::Linear);
    assert!(
        before
            .build()
            .unwrap_err()
            .to_string()
            .contains("not after the start")
    );
    let percent_linear = request("20", Length::Percent(10.0), Method::Linear);
    assert!(percent_linear.build().is_err());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn schedule_invariants(plan in arb_plan()) {
        let schedule = schedule::build(&plan, plan.start).unwrap();
        let days: Vec<_> = schedule.days().collect();
        // One entry per day, start to end inclusive, consecutive; the end only ever moves
        // later than the plan's (rounding needing more steps, or a plan under one step).
        prop_assert!(schedule.end >= plan.end);
        prop_assert_eq!(days.len() as i64, (schedule.end - plan.start).num_days() + 1);
        for (i, day) in days.iter().enumerate() {
            prop_assert_eq!(day.date, plan.start + Days::new(i as u64));
        }
        prop_assert_eq!(days[0].target, plan.start_dose);
        let last = days.last().unwrap();
        prop_assert_eq!(last.date, schedule.end);
        prop_assert_eq!(last.target, plan.target_dose);
        for pair in days.windows(2) {
            prop_assert!(pair[1].target <= pair[0].target, "rises: {:?}", pair);
        }
        // The start dose is kept, even off the grid; every other target is on it.
        for day in &days {
            let ok = plan.round_to.is_none_or(|u| day.target.is_multiple_of(u))
                || day.target == plan.start_dose
                || day.target == plan.target_dose;
            prop_assert!(ok, "{} not a multiple of {:?}", day.target, plan.round_to);
        }
        // A day's planned doses add up to its target.
        let parts: Dose = split(&plan, days[0].target).iter().map(|p| p.amount).sum();
        prop_assert_eq!(parts, days[0].target);
    }

    #[test]
    fn toml_write_then_read_is_equal(
        plan in arb_plan(),
        entries in proptest::collection::vec((0i64..100_000, 0i64..50_000_000, proptest::option::of(".{0,12}"), proptest::option::of(1u32..4), proptest::bool::ANY), 0..8),
        day_starts in 0u32..=720,
        times in proptest::option::of(proptest::collection::vec(0u32..1440, 1..5)),
        forms in proptest::collection::vec((1i64..100_000_000, 1i64..2_000_000), 0..3),
        ceiling in proptest::option::of((1u32..=1000, proptest::option::of(1u32..60))),
    ) {
        let mut plan = plan;
        plan.forms = forms
            .iter()
            .enumerate()
            .map(|(i, (strength, step))| taper::core::forms::Form {
                name: format!("form {i}"),
                strength: Dose::from_micros(*strength),
                step: Dose::from_micros(*step),
            })
            .collect();
        if let Some((tenths, per_days)) = ceiling {
            plan.base.max_cut = Some(f64::from(tenths) / 10.0);
            plan.base.per_days = per_days;
        }
        plan.day_starts = chrono::NaiveTime::from_hms_opt(day_starts / 60, day_starts % 60, 0).unwrap();
        if let Some(times) = times {
            plan.doses_per_day = times.len() as u32;
            plan.dose_times = times.iter().map(|m| chrono::NaiveTime::from_hms_opt(m / 60, m % 60, 0).unwrap()).collect();
        }
        let base: NaiveDateTime = plan.start.and_hms_opt(0, 0, 0).unwrap();
        for (minutes, micros, text, slot, warned) in entries {
            plan.add_entry(DoseEntry {
                at: base + chrono::Duration::minutes(minutes),
                amount: Dose::from_micros(micros),
                product: text.as_deref().map(Into::into),
                note: text.map(|t| format!("{t}\"\\\n").into()),
                slot,
                warned,
            });
        }
        let text = render(&plan);
        let back = plan_file::parse(std::path::Path::new("x.toml"), &text);
        match back {
            Ok(back) => prop_assert_eq!(back, plan, "{}", text),
            Err(e) => prop_assert!(false, "{}\n{}", text, e),
        }
    }
}
