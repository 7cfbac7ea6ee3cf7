//! From a method's unrounded levels to the doses of the rungs.
//!
//! Without `round_to` each level is kept (to the micro-unit, rounded up), never above the
//! rung before; the last planned level is the target.
//!
//! With `round_to` = u, each rung is measured from the previous *rounded* dose:
//! - it goes to the method's level rounded *up* to a multiple of u (the target itself when
//!   the level is at or below it),
//! - but it never cuts more than the method's planned cut for that step rounded to the
//!   nearest multiple of u (at least one u), so a hold is never followed by a catch-up jump;
//! - in a plan to 0 the last non-zero rung is one u (the smallest measurable dose);
//! - a percent plan goes to the target once the *rounded* dose is at most one u above it.
//!
//! The start dose is kept as given, even off the grid (it is what the person takes now);
//! every lower rung is a multiple of u or the target dose. When the rungs have not reached
//! the target after the planned steps, more steps follow (each with the last planned step's
//! cut, or the percent curve continued): the end moves later.

use super::dose::Dose;

/// The unrounded curve of a method.
#[derive(Clone, Debug)]
pub enum Curve {
    /// Levels `0..=n`, the last one the target (linear, hyperbolic, ladder, and percent
    /// without rounding).
    Levels(Vec<f64>),
    /// `start·keep^k` for every k (percent with rounding: it runs until the target).
    Percent { keep: f64 },
}

impl Curve {
    /// The level of step `k` (1-based) and the planned cut into it (unrounded); after the
    /// last planned level, the target with the last planned cut.
    fn step(&self, start: Dose, target: Dose, k: usize) -> (f64, f64) {
        match self {
            Curve::Levels(levels) => {
                let n = levels.len().saturating_sub(1).max(1);
                let at = |i: usize| levels.get(i).copied().unwrap_or(target.to_f64());
                if k <= n {
                    (at(k), at(k - 1) - at(k))
                } else {
                    (target.to_f64(), at(n - 1) - at(n))
                }
            }
            Curve::Percent { keep } => {
                let level = |i: usize| start.to_f64() * keep.powi(i.min(i32::MAX as usize) as i32);
                (level(k), level(k - 1) - level(k))
            }
        }
    }
}

/// The multiple of `unit` nearest to `value` (halves up; never below zero).
pub fn nearest(value: f64, unit: Dose) -> Dose {
    let units = (value / unit.to_f64() + 1e-9).round().max(0.0);
    unit.times(units.min(1e12) as i64)
}

/// The largest cut a rounded step may make: the planned cut to the nearest unit, at least
/// one unit.
pub fn allowed_cut(planned: f64, unit: Dose) -> Dose {
    nearest(planned, unit).max(unit)
}

/// The rungs from `start` down to `target`, ending at the first rung at the target (so a
/// plan that reaches it early holds it from there); at most `max_rungs` long, `None` when
/// the target is not reached within that many.
pub fn rungs(
    start: Dose,
    target: Dose,
    round_to: Option<Dose>,
    curve: &Curve,
    max_rungs: usize,
) -> Option<Vec<Dose>> {
    let mut out = vec![start];
    let Some(unit) = round_to.filter(|u| !u.is_zero()) else {
        if let Curve::Levels(levels) = curve {
            let n = levels.len().saturating_sub(1).max(1);
            for k in 1..=n {
                let prev = out[k - 1];
                if prev <= target {
                    break;
                }
                let (level, _) = curve.step(start, target, k);
                let dose = if k == n {
                    target
                } else {
                    Dose::ceil_f64(level).max(target)
                };
                out.push(dose.min(prev));
            }
            return Some(out);
        }
        // A percent curve is only used with a unit; without one, treat 0.01 as the unit.
        return rungs(
            start,
            target,
            Some(Dose::from_micros(10_000)),
            curve,
            max_rungs,
        );
    };
    let percent = matches!(curve, Curve::Percent { .. });
    let n = match curve {
        Curve::Levels(levels) => levels.len().saturating_sub(1).max(1),
        Curve::Percent { .. } => usize::MAX,
    };
    let mut k = 1;
    while out.last().is_some_and(|last| *last > target) {
        if out.len() >= max_rungs {
            return None;
        }
        let prev = out[k - 1];
        let (level, planned) = curve.step(start, target, k);
        let switch = percent && prev.saturating_sub(target) <= unit;
        let wanted = if switch || k >= n || Dose::ceil_f64(level) <= target {
            target
        } else {
            Dose::ceil_f64(level).ceil_to(unit).max(target)
        };
        let mut low = prev
            .saturating_sub(allowed_cut(planned, unit))
            .ceil_to(unit);
        if target.is_zero() && prev > unit {
            low = low.max(unit);
        }
        out.push(wanted.max(low).max(target).min(prev));
        k += 1;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::method;

    fn d(text: &str) -> Dose {
        text.parse().unwrap()
    }

    fn show(rungs: Option<Vec<Dose>>) -> Vec<String> {
        rungs.unwrap().iter().map(ToString::to_string).collect()
    }

    #[test]
    fn the_cut_allowed_is_the_planned_cut_to_the_nearest_unit() {
        assert_eq!(allowed_cut(0.33, d("0.25")), d("0.25"));
        assert_eq!(allowed_cut(0.05, d("0.25")), d("0.25"));
        assert_eq!(allowed_cut(1.2, d("0.25")), d("1.25"));
        assert_eq!(allowed_cut(0.375, d("0.25")), d("0.5"));
    }

    #[test]
    fn a_linear_plan_to_zero_ends_with_one_unit() {
        let levels = method::linear(d("12"), Dose::ZERO, 10);
        let rungs = rungs(
            d("12"),
            Dose::ZERO,
            Some(d("0.25")),
            &Curve::Levels(levels),
            100,
        );
        assert_eq!(
            show(rungs),
            [
                "12", "11", "9.75", "8.5", "7.25", "6", "5", "3.75", "2.5", "1.25", "0.25", "0"
            ]
        );
    }

    #[test]
    fn percent_switches_on_the_rounded_dose() {
        // 2 mg diazepam, 25 % a step, halves of a 1 mg tablet: 1 and 0.5 are both used.
        let curve = Curve::Percent { keep: 0.75 };
        let rungs = rungs(d("2"), Dose::ZERO, Some(d("0.5")), &curve, 100);
        assert_eq!(show(rungs), ["2", "1.5", "1.5", "1", "1", "0.5", "0"]);
    }

    #[test]
    fn without_rounding_the_levels_are_kept() {
        let levels = method::linear(d("10"), d("1"), 3);
        let rungs = rungs(d("10"), d("1"), None, &Curve::Levels(levels), 100);
        assert_eq!(show(rungs), ["10", "7", "4", "1"]);
    }

    #[test]
    fn too_many_rungs_is_none() {
        let curve = Curve::Percent { keep: 0.999 };
        assert!(rungs(d("100"), Dose::ZERO, Some(d("0.01")), &curve, 50).is_none());
    }
}
