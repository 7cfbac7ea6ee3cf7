//! The exact repros of issue 8, one table test per finding.

use taper::core::new_plan::{Length, NewPlan, NewPlanError};
use taper::core::render::render;
use taper::core::schedule::{self, split};
use taper::core::{Class, Method, Plan, Segment};

mod clinical_common;
use clinical_common::{d, date};

fn request(start: &str, target: &str, length: Length, method: Method) -> NewPlan {
    NewPlan {
        name: "r".into(),
        substance: String::new(),
        class: Class::Other,
        unit: "mg".into(),
        start_dose: Some(d(start)),
        length,
        method: Some(method),
        emax: None,
        ed50: None,
        ladder: Vec::new(),
        segment: Segment {
            target_dose: d(target),
            start: date("2027-01-04"),
            step_days: 7,
            round_to: None,
            doses_per_day: 1,
            ..Segment::default()
        },
    }
}

/// The rungs as the method makes them (the schedule merges equal neighbours into one step).
fn rungs(plan: &Plan) -> Vec<String> {
    schedule::build_segment(&plan.base, 0)
        .unwrap()
        .iter()
        .map(|s| s.dose.to_string())
        .collect()
}

/// (dose, days held) of every rung but the target.
fn lengths(plan: &Plan) -> Vec<(String, i64)> {
    schedule::build_segment(&plan.base, 0)
        .unwrap()
        .windows(2)
        .map(|w| (w[0].dose.to_string(), (w[1].start - w[0].start).num_days()))
        .collect()
}

fn amounts(plan: &Plan, target: &str) -> Vec<String> {
    split(plan, d(target))
        .iter()
        .map(|p| p.amount.to_string())
        .collect()
}

#[test]
fn finding_1_splits_never_pile_onto_one_dose() {
    // 40 mg in 4 doses rounded to 5: at 15 mg a day, three doses of 5 and one empty.
    let plan = NewPlan {
        segment: Segment {
            round_to: Some(d("5")),
            doses_per_day: 4,
            ..request("40", "0", Length::Weeks(8), Method::Linear).segment
        },
        ..request("40", "0", Length::Weeks(8), Method::Linear)
    }
    .build()
    .unwrap();
    assert!(rungs(&plan).contains(&"15".to_string()));
    assert_eq!(amounts(&plan, "15"), ["5", "5", "5", "0"]);
    // 24 doses of kratom at 4.5 g: 18 doses of 0.25 g, not one 4.5 g dose.
    let kratom = NewPlan {
        unit: "g".into(),
        segment: Segment {
            round_to: Some(d("0.25")),
            doses_per_day: 24,
            ..request("12", "0", Length::Weeks(10), Method::Linear).segment
        },
        ..request("12", "0", Length::Weeks(10), Method::Linear)
    }
    .build()
    .unwrap();
    let many = amounts(&kratom, "4.5");
    assert_eq!(many.len(), 24);
    assert_eq!(many.iter().filter(|a| *a == "0.25").count(), 18);
    assert_eq!(many.iter().filter(|a| *a == "0").count(), 6);
    // 6.5 g in 3: 2.25, 2.25, 2 (not 2.5, 2, 2).
    let three = NewPlan {
        segment: Segment {
            round_to: Some(d("0.25")),
            doses_per_day: 3,
            ..request("12", "0", Length::Weeks(10), Method::Linear).segment
        },
        ..request("12", "0", Length::Weeks(10), Method::Linear)
    }
    .build()
    .unwrap();
    assert_eq!(amounts(&three, "6.5"), ["2.25", "2.25", "2"]);
}

#[test]
fn finding_2_no_one_day_rung_before_the_target() {
    // 15 → 0 mg over 8 days in steps of 7, tablets of 5: was 15 (7 days), 10 (1 day), 0.
    let plan = NewPlan {
        segment: Segment {
            round_to: Some(d("5")),
            ..request("15", "0", Length::End(date("2027-01-12")), Method::Linear).segment
        },
        ..request("15", "0", Length::End(date("2027-01-12")), Method::Linear)
    }
    .build()
    .unwrap();
    assert_eq!(
        lengths(&plan),
        [("15".to_string(), 8), ("5".to_string(), 7)]
    );
    // Diazepam 8 → 0 over 8 days (was 8, then 4 mg for 1 day, then 0).
    let diazepam = NewPlan {
        class: Class::Benzodiazepine,
        segment: Segment {
            round_to: Some(d("1")),
            ..request("8", "0", Length::End(date("2027-01-12")), Method::Linear).segment
        },
        ..request("8", "0", Length::End(date("2027-01-12")), Method::Linear)
    }
    .build()
    .unwrap();
    assert!(lengths(&diazepam).iter().all(|(_, days)| *days >= 7));
    // Without rounding, 10 weeks and 3 days in weekly steps: the 3 spare days go first.
    let spare = request("10", "0", Length::End(date("2027-03-18")), Method::Linear)
        .build()
        .unwrap();
    let held = lengths(&spare);
    assert_eq!(held.len(), 10);
    assert_eq!(held[0].1, 10);
    assert!(held[1..].iter().all(|(_, days)| *days == 7));
    assert_eq!(
        schedule::build(&spare, spare.start).unwrap().end,
        date("2027-03-18")
    );
}

#[test]
fn finding_3_rounding_never_catches_up_and_uses_the_smallest_dose() {
    let percent = |start: &str, p: f64, unit: &str| {
        NewPlan {
            segment: Segment {
                round_to: Some(d(unit)),
                ..request(start, "0", Length::Percent(p), Method::Percent).segment
            },
            ..request(start, "0", Length::Percent(p), Method::Percent)
        }
        .build()
        .unwrap()
    };
    // 10 % a week of kratom: no 3.25 → 2.75 (two units after a hold), ends 0.5, 0.25, 0.
    let kratom = rungs(&percent("12", 10.0, "0.25"));
    let pairs: Vec<(&str, &str)> = kratom
        .windows(2)
        .map(|w| (w[0].as_str(), w[1].as_str()))
        .collect();
    assert!(!pairs.contains(&("3.25", "2.75")), "{kratom:?}");
    assert!(pairs.contains(&("3.25", "3")), "{kratom:?}");
    assert_eq!(kratom[kratom.len() - 3..], ["0.5", "0.25", "0"]);
    // Diazepam 2 mg at 25 % in halves of 1 mg: 1 and 0.5 are both used.
    assert_eq!(
        rungs(&percent("2", 25.0, "0.5")),
        ["2", "1.5", "1.5", "1", "1", "0.5", "0"]
    );
    // Sertraline 50 → 0 at 25 % in quarters of 50 mg: 25, then 12.5, then 0.
    let sertraline = rungs(&percent("50", 25.0, "12.5"));
    assert_eq!(sertraline[sertraline.len() - 3..], ["25", "12.5", "0"]);
    // Linear 12 → 0 in 10 weeks rounded to 0.25: ends 1.25, 0.25, 0, one week later.
    let linear = NewPlan {
        segment: Segment {
            round_to: Some(d("0.25")),
            ..request("12", "0", Length::Weeks(10), Method::Linear).segment
        },
        ..request("12", "0", Length::Weeks(10), Method::Linear)
    }
    .build()
    .unwrap();
    let doses = rungs(&linear);
    assert_eq!(doses[doses.len() - 3..], ["1.25", "0.25", "0"]);
    let s = schedule::build(&linear, linear.start).unwrap();
    assert_eq!(s.end, date("2027-03-22"));
    assert_eq!(schedule::moved_end(&linear.base), Some(date("2027-03-22")));
}

#[test]
fn finding_4_a_percent_that_never_arrives_is_an_error() {
    let tiny = request("100", "0", Length::Percent(0.01), Method::Percent);
    assert_eq!(tiny.build(), Err(NewPlanError::PercentTooSmall(0.01)));
}

#[test]
fn finding_5_an_off_grid_start_is_kept_and_everything_after_is_on_the_grid() {
    let plan = NewPlan {
        segment: Segment {
            round_to: Some(d("0.5")),
            doses_per_day: 3,
            ..request("14.4", "0", Length::Weeks(12), Method::Linear).segment
        },
        ..request("14.4", "0", Length::Weeks(12), Method::Linear)
    }
    .build()
    .unwrap();
    let s = schedule::build(&plan, plan.start).unwrap();
    assert_eq!(s.steps[0].dose, d("14.4"));
    assert!(
        s.steps[1..]
            .iter()
            .all(|step| step.dose.is_multiple_of(d("0.5")))
    );
    // Split within one unit: the 0.4 off the grid goes to the first dose without an extra
    // unit.
    assert_eq!(amounts(&plan, "14.4"), ["5", "4.9", "4.5"]);
    let text = render(&plan);
    assert!(
        text.contains("every target after the start dose is a multiple of this"),
        "{text}"
    );
    let readme = include_str!("../README.md");
    assert!(readme.contains("every later daily target is a multiple of it"));
}
