//! Property tests of the clinical rules (issue 8) over random plans: the split rule, the
//! rung-length rule and the rounding rule, each checked against an oracle written here.

use chrono::Days;
use proptest::prelude::*;
use taper::core::schedule::{self, split};
use taper::core::{Curve, Dose, Plan, method};

mod clinical_common;
use clinical_common::arb_plan;

/// The planned (unrounded) cut into step `k` (1-based), as the method defines it: the
/// difference of its levels over the planned steps, the last planned cut after them; for a
/// rounded percent plan, the percent curve continued.
fn planned_cut(plan: &Plan, k: usize) -> f64 {
    let days = (plan.end - plan.start).num_days() as u64;
    let n = ((days / u64::from(plan.step_days)).max(1)) as u32;
    let (start, target) = (plan.start_dose, plan.target_dose);
    let levels = match &plan.method {
        Curve::Percent { percent } if plan.round_to.is_some() => {
            let level = |i: usize| start.to_f64() * (1.0 - percent / 100.0).powi(i as i32);
            return level(k - 1) - level(k);
        }
        Curve::Percent { percent } => {
            let floor = method::percent_floor(start, plan.round_to);
            method::percent(start, target, n, *percent, floor)
        }
        Curve::Linear => method::linear(start, target, n),
        Curve::Hyperbolic { emax, ed50 } => method::hyperbolic(start, target, n, *emax, *ed50),
        Curve::Ladder { .. } => unreachable!("no ladders generated"),
    };
    let k = k.min(n as usize);
    levels[k - 1] - levels[k]
}

/// The most a rounded step may cut: the planned cut to the nearest unit, at least one unit.
fn most(planned: f64, unit: Dose) -> f64 {
    let u = unit.to_f64();
    ((planned / u + 1e-9).round() * u).max(u)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn doses_of_a_day_are_even_and_never_grow(plan in arb_plan()) {
        let schedule = schedule::build(&plan, plan.start).unwrap();
        let unit = plan.round_to.unwrap_or(Dose::from_micros(10_000));
        let mut before: Option<Vec<Dose>> = None;
        for day in schedule.days() {
            let amounts: Vec<Dose> = split(&plan, day.target).iter().map(|p| p.amount).collect();
            if day.target.is_zero() {
                prop_assert!(amounts.is_empty());
            } else {
                prop_assert_eq!(amounts.len(), plan.doses_per_day as usize);
                prop_assert_eq!(amounts.iter().copied().sum::<Dose>(), day.target);
                let (max, min) = (amounts.iter().max().unwrap(), amounts.iter().min().unwrap());
                prop_assert!(max.diff(*min) <= unit.micros(), "{:?} on {}", amounts, day.date);
                // Extra units on the earliest doses.
                for pair in amounts.windows(2) {
                    prop_assert!(pair[0] >= pair[1], "{:?}", amounts);
                }
            }
            if let Some(before) = &before {
                for (slot, amount) in amounts.iter().enumerate() {
                    let yesterday = before.get(slot).copied().unwrap_or(Dose::ZERO);
                    prop_assert!(*amount <= yesterday, "slot {} grows on {}: {:?} after {:?}", slot + 1, day.date, amounts, before);
                }
            }
            before = Some(amounts);
        }
    }

    #[test]
    fn no_rung_is_shorter_than_step_days(plan in arb_plan()) {
        // Rung by rung, as the method makes them (the schedule merges equal rungs).
        let rungs = schedule::build_segment(&plan.base, 0).unwrap();
        for pair in rungs.windows(2) {
            let days = (pair[1].start - pair[0].start).num_days();
            prop_assert!(days >= i64::from(plan.step_days), "{:?}: {} days", pair[0], days);
        }
        // The spare days are on the first rung: every later rung starts on the grid of
        // step_days counted back from the plan's end.
        let days = (plan.end - plan.start).num_days() as u64;
        let spare = days % u64::from(plan.step_days);
        if days >= u64::from(plan.step_days) && rungs.len() > 1 {
            prop_assert_eq!(rungs[1].start, plan.start + Days::new(spare + u64::from(plan.step_days)));
        }
    }

    #[test]
    fn rounded_steps_follow_the_rounding_rule(plan in arb_plan()) {
        let rungs = schedule::build_segment(&plan.base, 0).unwrap();
        let doses: Vec<Dose> = rungs.iter().map(|s| s.dose).collect();
        for k in 1..doses.len() {
            let cut = doses[k - 1].diff(doses[k]) as f64 / 1e6;
            prop_assert!(cut >= 0.0);
            let planned = planned_cut(&plan, k);
            let limit = match plan.round_to {
                Some(unit) => most(planned, unit),
                None => planned + 1e-6,
            };
            prop_assert!(cut <= limit + 1e-9, "step {}: {} → {} cuts {} > {} (planned {})", k + 1, doses[k - 1], doses[k], cut, limit, planned);
        }
        if let Some(unit) = plan.round_to {
            // Every target after the start dose on the grid (or the target dose).
            for dose in &doses {
                prop_assert!(dose.is_multiple_of(unit) || *dose == plan.start_dose || *dose == plan.target_dose);
            }
            // In a plan to 0 the last dose before 0 is one unit (or a start dose below it).
            // (The rung before the first 0: a plan that reaches 0 before its end holds it.)
            if plan.target_dose.is_zero() && doses.len() >= 2 {
                let last = doses.iter().rev().copied().find(|d| !d.is_zero()).unwrap_or(plan.start_dose);
                prop_assert!(last == unit || (last == plan.start_dose && last <= unit), "last rung {}", last);
            }
        }
        prop_assert_eq!(*doses.last().unwrap(), plan.target_dose);
    }
}
