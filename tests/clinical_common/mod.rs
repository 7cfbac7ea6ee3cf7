//! Shared test helpers: a generator of random plans for the property tests.
#![allow(dead_code)]

use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use taper::core::{Class, Curve, Dose, Plan, Segment};

/// A ladder of `rungs` ("DOSE:DAYS,…") into `target` for a class, from 2027-01-04, the
/// segment's other keys from `rest`, and the audit of its schedule.
pub fn audited_ladder(
    class: Class,
    rungs: &str,
    target: &str,
    rest: Segment,
) -> (Plan, Vec<taper::core::audit::Finding>) {
    use taper::core::new_plan::{Length, NewPlan, parse_ladder};
    let plan = NewPlan {
        name: "a".into(),
        substance: String::new(),
        class,
        unit: "mg".into(),
        start_dose: None,
        length: Length::FromSteps,
        method: Some(taper::core::Method::Ladder),
        emax: None,
        ed50: None,
        ladder: parse_ladder(rungs).unwrap(),
        segment: Segment {
            target_dose: d(target),
            start: date("2027-01-04"),
            ..rest
        },
    }
    .build()
    .unwrap();
    let schedule = taper::core::schedule::build(&plan, plan.start).unwrap();
    let findings = taper::core::audit::audit(&plan, &schedule);
    (plan, findings)
}

/// (step, kind, severity) of each finding.
pub fn verdicts(
    findings: &[taper::core::audit::Finding],
) -> Vec<(u32, taper::core::audit::Kind, taper::core::audit::Severity)> {
    findings
        .iter()
        .map(|f| (f.step, f.kind, f.severity))
        .collect()
}

pub fn d(text: &str) -> Dose {
    text.parse().unwrap()
}

pub fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// Random linear, percent and hyperbolic plans, with and without rounding, some with a
/// start dose off the rounding grid, lengths that are not a multiple of `step_days`, and
/// up to 24 doses a day.
pub fn arb_plan() -> impl Strategy<Value = Plan> {
    let rounding = prop_oneof![
        Just(None),
        Just(Some("0.25")),
        Just(Some("0.5")),
        Just(Some("1")),
        Just(Some("2.5"))
    ];
    let per_day = prop_oneof![1u32..5, Just(24u32)];
    (
        (1u32..4000, 0u32..100, rounding, 0i64..3),
        1i64..400,
        1u32..30,
        0usize..3,
        per_day,
        0u32..800,
    )
        .prop_map(
            |(
                (start_q, target_pct, rounding, off_grid),
                days,
                step_days,
                method,
                per_day,
                offset,
            )| {
                let round_to = rounding.map(d);
                let unit = round_to.unwrap_or(Dose::from_micros(10_000));
                // Now and then a start dose between two grid points (14.4 with 0.5).
                let start_dose = unit.times(i64::from(start_q))
                    + Dose::from_micros(unit.micros() * off_grid / 5);
                let target_dose = start_dose
                    .div_floor(100)
                    .times(i64::from(target_pct))
                    .floor_to(unit);
                let start = date("2026-01-01") + Days::new(u64::from(offset));
                let method = match method {
                    0 => Curve::Linear,
                    1 => Curve::Percent {
                        percent: 3.0 + f64::from(step_days),
                    },
                    _ => Curve::Hyperbolic {
                        emax: 90.0,
                        ed50: taper::core::plan::default_ed50(start_dose),
                    },
                };
                Plan::new(
                    "p",
                    "s",
                    Class::Other,
                    "mg",
                    Segment {
                        start,
                        start_dose,
                        target_dose,
                        end: start + Days::new(days as u64),
                        method,
                        step_days,
                        round_to,
                        doses_per_day: per_day,
                        ..Segment::default()
                    },
                )
            },
        )
}
