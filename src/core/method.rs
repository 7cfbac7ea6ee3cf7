//! The curve maths of each method: the unrounded dose of every step.
//!
//! Floats live only here. `schedule.rs` turns each level into a `Dose`, rounded up to the
//! measurable unit, so rounding never makes a cut deeper than the method asked for.

use super::dose::Dose;
use super::plan::LadderStep;

/// The floor below which a percent taper goes to the target: one rounding unit, or 5 % of
/// the start dose when there is no rounding unit.
pub fn percent_floor(start: Dose, round_to: Option<Dose>) -> Dose {
    match round_to {
        Some(unit) if !unit.is_zero() => unit,
        _ => Dose::from_micros((start.micros() / 20).max(1)),
    }
}

/// Unrounded levels `0..=steps` for equal absolute cuts.
pub fn linear(start: Dose, target: Dose, steps: u32) -> Vec<f64> {
    let (a, b, n) = (start.to_f64(), target.to_f64(), f64::from(steps.max(1)));
    (0..=steps)
        .map(|k| a - (a - b) * f64::from(k) / n)
        .collect()
}

/// Unrounded levels `0..=steps`: each step `percent` % below the last, then the target once
/// the level is less than `floor` above it. The last level is always the target.
pub fn percent(start: Dose, target: Dose, steps: u32, percent: f64, floor: Dose) -> Vec<f64> {
    let keep = 1.0 - percent / 100.0;
    let (a, b, min) = (start.to_f64(), target.to_f64(), floor.to_f64());
    let mut reached = false;
    (0..=steps)
        .map(|k| {
            let level = a * keep.powi(k as i32);
            if k == steps || reached || (k > 0 && level - b < min - 1e-9) {
                reached = true;
                b
            } else {
                level
            }
        })
        .collect()
}

/// The most steps a percent taper may take (about 38 years of weekly steps).
pub const MAX_PERCENT_STEPS: u32 = 2000;

/// How many steps a percent taper takes to reach its target, or `None` when it does not
/// within [`MAX_PERCENT_STEPS`] (a cut too small for the distance).
pub fn percent_steps(start: Dose, target: Dose, percent: f64, floor: Dose) -> Option<u32> {
    let keep = 1.0 - percent / 100.0;
    let (a, b, min) = (start.to_f64(), target.to_f64(), floor.to_f64());
    if a - b < min - 1e-9 {
        return Some(1);
    }
    (1..=MAX_PERCENT_STEPS).find(|&k| a * keep.powi(k as i32) - b < min - 1e-9)
}

/// The percent cut per step that reaches `floor` above the target at the last step before
/// the end, rounded *down* to 0.01 % so the taper never runs ahead of its end date.
pub fn solve_percent(start: Dose, target: Dose, steps: u32, floor: Dose) -> f64 {
    let (a, low) = (start.to_f64(), (target + floor).to_f64());
    if steps <= 1 || low >= a || a <= 0.0 {
        return 100.0;
    }
    let keep = nth_root_at_least(low / a, steps - 1);
    let percent = ((1.0 - keep) * 100.0 * 100.0).floor() / 100.0;
    percent.clamp(0.01, 100.0)
}

/// The `n`th root of `x` (in 0..1), found by halving: the smallest `keep` whose `powi(n)`
/// is at least `x`, within an ulp or two of the exact root (`powi` rounds). `solve_percent`
/// floors the cut it gives to 0.01 %, which keeps it from ever being deeper than the exact
/// cut (tested against `powf`). Not `powf` itself, which would link libm into the binary
/// for this alone.
fn nth_root_at_least(x: f64, n: u32) -> f64 {
    if x.is_nan() || x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let n = i32::try_from(n).unwrap_or(i32::MAX);
    let (mut low, mut high) = (0.0_f64, 1.0_f64);
    // 1100 halvings reach any double's neighbour; the loop ends sooner, when the midpoint
    // equals an end.
    for _ in 0..1100 {
        let mid = low + (high - low) / 2.0;
        if mid <= low || mid >= high {
            break;
        }
        if mid.powi(n) >= x {
            high = mid;
        } else {
            low = mid;
        }
    }
    high
}

/// Occupancy (% of receptors) at a dose: `emax·D / (ed50 + D)`.
pub fn occupancy(dose: f64, emax: f64, ed50: f64) -> f64 {
    emax * dose / (ed50 + dose)
}

/// Unrounded levels `0..=steps` at equal steps of occupancy (Horowitz & Taylor 2019).
pub fn hyperbolic(start: Dose, target: Dose, steps: u32, emax: f64, ed50: Dose) -> Vec<f64> {
    let ed50 = ed50.to_f64();
    let high = occupancy(start.to_f64(), emax, ed50);
    let low = occupancy(target.to_f64(), emax, ed50);
    let n = f64::from(steps.max(1));
    (0..=steps)
        .map(|k| {
            if k == 0 {
                return start.to_f64();
            }
            if k == steps {
                return target.to_f64();
            }
            let occ = high - (high - low) * f64::from(k) / n;
            ed50 * occ / (emax - occ)
        })
        .collect()
}

/// Levels of a ladder: its rungs, then the target.
pub fn ladder(steps: &[LadderStep], target: Dose) -> Vec<f64> {
    steps
        .iter()
        .map(|s| s.dose.to_f64())
        .chain(std::iter::once(target.to_f64()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(levels: &[f64]) -> Vec<String> {
        levels
            .iter()
            .map(|&l| Dose::ceil_f64(l).to_string())
            .collect()
    }

    #[test]
    fn hyperbolic_matches_horowitz_taylor_example() {
        let levels = hyperbolic(
            Dose::from_units(20),
            Dose::ZERO,
            8,
            90.0,
            "2.5".parse().unwrap(),
        );
        assert_eq!(
            units(&levels),
            [
                "20", "8.75", "5", "3.125", "2", "1.25", "0.714286", "0.3125", "0"
            ]
        );
    }

    #[test]
    fn linear_cuts_equal_amounts() {
        let levels = linear(Dose::from_units(12), Dose::ZERO, 4);
        assert_eq!(units(&levels), ["12", "9", "6", "3", "0"]);
    }

    #[test]
    fn percent_cuts_the_current_dose_then_reaches_target() {
        let levels = percent(
            Dose::from_units(100),
            Dose::ZERO,
            4,
            10.0,
            Dose::from_units(1),
        );
        assert_eq!(units(&levels), ["100", "90", "81", "72.9", "0"]);
        // Below the floor it goes straight to the target.
        let levels = percent(
            Dose::from_units(2),
            Dose::ZERO,
            5,
            50.0,
            Dose::from_units(1),
        );
        assert_eq!(units(&levels), ["2", "1", "0", "0", "0", "0"]);
    }

    #[test]
    fn percent_steps_and_solve_agree() {
        let (start, floor) = (Dose::from_units(100), Dose::from_units(1));
        assert_eq!(percent_steps(start, Dose::ZERO, 10.0, floor), Some(44));
        assert_eq!(percent_steps(start, Dose::ZERO, 0.1, floor), None);
        let p = solve_percent(start, Dose::ZERO, 44, floor);
        assert!((10.0..=10.3).contains(&p), "{p}");
        // The solved percent keeps every level before the end at or above the floor.
        assert!(percent_steps(start, Dose::ZERO, p, floor) >= Some(44));
    }

    #[test]
    fn nth_root_is_exact_where_it_can_be() {
        assert_eq!(nth_root_at_least(0.5, 1), 0.5);
        assert_eq!(nth_root_at_least(0.25, 2), 0.5);
        assert_eq!(nth_root_at_least(0.9, 1), 0.9);
        let tenth = nth_root_at_least(0.001, 3);
        assert!(
            tenth.powi(3) >= 0.001 && (tenth - 0.1).abs() < 1e-15,
            "{tenth}"
        );
        // Nothing left to keep: a full cut.
        assert_eq!(nth_root_at_least(0.0, 5), 0.0);
        assert_eq!(nth_root_at_least(1.0, 5), 1.0);
        assert_eq!(
            solve_percent(Dose::from_units(10), Dose::ZERO, 5, Dose::ZERO),
            100.0
        );
    }

    proptest::proptest! {
        /// The root found by halving is the `powf` root to within a few ulps (and the
        /// smallest whose rounded `powi` reaches `x`).
        #[test]
        fn nth_root_matches_powf(x in 1e-6_f64..1.0, n in 1_u32..2000) {
            let root = nth_root_at_least(x, n);
            let exact = x.powf(1.0 / f64::from(n));
            proptest::prop_assert!(root.powi(n as i32) >= x);
            proptest::prop_assert!((root - exact).abs() <= 8.0 * f64::EPSILON, "{root} {exact}");
        }

        /// The solved percent is the one `powf` gives, or at most 0.01 below it (never
        /// deeper), over any start, target, floor and number of steps.
        #[test]
        fn solve_percent_matches_powf(
            start in 1_i64..100_000_000, low in 1_i64..100_000_000, steps in 2_u32..400,
        ) {
            let (start, low) = (Dose::from_micros(start), Dose::from_micros(low));
            let p = solve_percent(start, Dose::ZERO, steps, low);
            let (a, l) = (start.to_f64(), low.to_f64());
            let old = if l >= a {
                100.0
            } else {
                let keep = (l / a).powf(1.0 / f64::from(steps - 1));
                (((1.0 - keep) * 100.0 * 100.0).floor() / 100.0).clamp(0.01, 100.0)
            };
            proptest::prop_assert!(p <= old + 1e-9 && p >= old - 0.010_000_1, "{p} {old}");
        }
    }
}
