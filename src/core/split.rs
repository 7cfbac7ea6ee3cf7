//! Splitting a day's target into its planned doses.
//!
//! The rule: the day's target is counted in whole measurable units (`round_to`, or 0.01
//! without one) and dealt out like cards, one unit at a time from the first dose, so the
//! doses of a day differ by at most one unit and the extra units go to the earliest doses.
//! A day with fewer units than doses gives one unit to each of the first doses; the others
//! stay in the day's list as zero-amount doses (shown as "—"). What is left below one unit
//! (only a start dose off the grid, or a target dose off it, has such a part) goes to the
//! first dose that got no extra unit, which keeps every dose within one unit of the others.
//!
//! Each dose is a non-decreasing function of the day's target, so as the target falls no
//! planned dose ever grows from one day to the next.

use super::dose::Dose;

/// The measurable unit a day is split in: `round_to`, or 0.01 without one.
pub fn unit_of(round_to: Option<Dose>) -> Dose {
    round_to
        .filter(|u| !u.is_zero())
        .unwrap_or(Dose::from_micros(10_000))
}

/// The amounts of `count` doses adding up to `target` (see the module comment). A target
/// of zero is no dose at all: an empty list.
pub fn amounts(target: Dose, count: usize, unit: Dose) -> Vec<Dose> {
    if target.is_zero() || count == 0 {
        return Vec::new();
    }
    let n = count as i64;
    let units = target.micros() / unit.micros();
    let rest = Dose::from_micros(target.micros() - units * unit.micros());
    let (base, extra) = (units / n, (units % n) as usize);
    (0..count)
        .map(|i| {
            let whole = unit.times(base + i64::from(i < extra));
            if i == extra % count {
                whole + rest
            } else {
                whole
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Dose {
        text.parse().unwrap()
    }

    fn show(target: &str, count: usize, unit: &str) -> Vec<String> {
        amounts(d(target), count, d(unit))
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn the_issue_repros_split_evenly() {
        // 15 mg in 4 doses rounded to 5: one unit each to the first three, not one 15 mg dose.
        assert_eq!(show("15", 4, "5"), ["5", "5", "5", "0"]);
        // 6.5 g in 3 rounded to 0.25 (26 units): 9, 9, 8 units.
        assert_eq!(show("6.5", 3, "0.25"), ["2.25", "2.25", "2"]);
        // 4.5 g in 24 doses of 0.25: 18 doses of one unit, 6 empty ones kept.
        let many = amounts(d("4.5"), 24, d("0.25"));
        assert_eq!(many.len(), 24);
        assert!(many[..18].iter().all(|a| *a == d("0.25")));
        assert!(many[18..].iter().all(|a| a.is_zero()));
    }

    #[test]
    fn an_off_grid_start_dose_is_kept_within_one_unit() {
        // 14.4 with 0.5: 28 units (10, 9, 9), the 0.4 on the first dose without an extra unit.
        assert_eq!(show("14.4", 3, "0.5"), ["5", "4.9", "4.5"]);
        // 14.4 without rounding: 1440 hundredths, 480 each.
        assert_eq!(show("14.4", 3, "0.01"), ["4.8", "4.8", "4.8"]);
        // Below one hundredth per dose.
        assert_eq!(show("0.714286", 2, "0.01"), ["0.36", "0.354286"]);
    }

    #[test]
    fn zero_is_no_dose() {
        assert!(amounts(Dose::ZERO, 3, d("0.25")).is_empty());
        assert_eq!(show("12", 1, "0.25"), ["12"]);
    }
}
