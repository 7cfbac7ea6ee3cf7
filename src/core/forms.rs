//! Dosage forms: what a pharmacy can supply (tablets that may be halved, capsules, a
//! liquid measured with an oral syringe), and how to make a dose from them.
//!
//! A form has a `strength` (plan units per piece, or per ml) and a `step` (the smallest
//! amount of it that can be measured: 0.5 for a halved tablet, 0.1 for 0.1 ml). One step
//! of a form is `strength × step` plan units. Together the forms can make sums of those;
//! the plan's *measurable unit* with forms (and without `round_to`) is the greatest common
//! divisor of the forms' steps in plan units, so every target after the start dose is a
//! multiple of it. A few multiples may still be out of reach (with steps of 2 and 5 mg,
//! 1 and 3 mg): the audit names those `unmeasurable`, with the form that would make them.

use serde::Serialize;

use super::dose::{Dose, SCALE};
use super::error::PlanError;
use super::segment::Segment;

/// At most this many forms in a plan.
pub const MAX_FORMS: usize = 8;

/// One dosage form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Form {
    pub name: String,
    /// Plan units per piece (or per ml).
    pub strength: Dose,
    /// The smallest measurable amount of it, in pieces (or ml).
    pub step: Dose,
}

/// Some of one form, in pieces (or ml): part of how to make a dose.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Part {
    pub form: String,
    pub count: Dose,
}

impl Form {
    /// The plan units of one step of this form (at least one micro-unit).
    pub fn unit(&self) -> Dose {
        let micros =
            i128::from(self.strength.micros()) * i128::from(self.step.micros()) / i128::from(SCALE);
        Dose::from_micros(i64::try_from(micros).unwrap_or(i64::MAX).max(1))
    }

    /// Parse `NAME:STRENGTH:STEP`, e.g. `tablet:10:0.5`.
    pub fn parse(text: &str) -> Result<Form, String> {
        let parts: Vec<&str> = text.split(':').map(str::trim).collect();
        let [name, strength, step] = parts[..] else {
            return Err(format!(
                "'{text}' is not NAME:STRENGTH:STEP, e.g. tablet:10:0.5"
            ));
        };
        let number = |t: &str, what: &str| {
            t.parse::<Dose>()
                .map_err(|e| format!("{what} in '{text}': {e}"))
        };
        let form = Form {
            name: name.to_string(),
            strength: number(strength, "strength")?,
            step: number(step, "step")?,
        };
        form.check()?;
        Ok(form)
    }

    /// Why the form cannot be used, if it cannot.
    pub fn check(&self) -> Result<(), String> {
        if self.name.is_empty() || self.name.contains([':', ',']) || self.name.chars().count() > 32
        {
            return Err(format!(
                "form name '{}' must be 1 to 32 characters, without ':' or ','",
                self.name
            ));
        }
        if self.strength.is_zero() || self.step.is_zero() {
            return Err(format!(
                "form {}: strength and step must be above 0",
                self.name
            ));
        }
        Ok(())
    }

    /// `tablet:10:0.5`.
    pub fn spec(&self) -> String {
        format!("{}:{}:{}", self.name, self.strength, self.step)
    }
}

/// Check a plan's forms: at most `MAX_FORMS`, each usable, no two with the same name.
pub fn validate(forms: &[Form]) -> Result<(), PlanError> {
    if forms.len() > MAX_FORMS {
        return Err(PlanError::Form(format!(
            "{} forms; a plan takes at most {MAX_FORMS}",
            forms.len()
        )));
    }
    for (i, form) in forms.iter().enumerate() {
        form.check().map_err(PlanError::Form)?;
        if forms[..i].iter().any(|f| f.name == form.name) {
            return Err(PlanError::Form(format!(
                "two forms are named '{}'",
                form.name
            )));
        }
    }
    Ok(())
}

fn gcd(a: i64, b: i64) -> i64 {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// The measurable unit of a set of forms: the greatest common divisor of their steps in
/// plan units (`None` without forms).
pub fn measurable_unit(forms: &[Form]) -> Option<Dose> {
    let micros = forms.iter().map(|f| f.unit().micros()).reduce(gcd)?;
    Some(Dose::from_micros(micros.max(1)))
}

/// A segment as it is measured: with forms and without `round_to`, the forms' unit.
pub fn measured(seg: &Segment, forms: &[Form]) -> Segment {
    Segment {
        round_to: seg.round_to.or_else(|| measurable_unit(forms)),
        ..seg.clone()
    }
}

/// The `round_to` a measured segment was given itself (`None` when it is only the forms'
/// unit), for a re-plan to start from.
pub fn own_round_to(seg: &Segment, forms: &[Form]) -> Option<Dose> {
    seg.round_to.filter(|u| Some(*u) != measurable_unit(forms))
}

/// Pieces a count of a form is handled as: 1.5 tablets are 2 pieces, 0.6 ml is one.
fn pieces(count_micros: i64) -> i64 {
    (count_micros + SCALE - 1) / SCALE
}

/// How far `make` searches before settling for the best way found.
const SEARCH_LIMIT: u32 = 200_000;

struct Search<'a> {
    /// (form index, its unit in micros, its step in micros), largest unit first.
    forms: Vec<(usize, i64, i64)>,
    all: &'a [Form],
    best: Option<(i64, usize, Vec<i64>)>,
    counts: Vec<i64>,
    visits: u32,
}

impl Search<'_> {
    fn go(&mut self, i: usize, remaining: i64, cost: i64) {
        self.visits += 1;
        if self.visits > SEARCH_LIMIT {
            return;
        }
        if remaining == 0 {
            let used = self.counts.iter().filter(|c| **c > 0).count();
            let better = self
                .best
                .as_ref()
                .is_none_or(|(c, u, _)| (cost, used) < (*c, *u));
            if better {
                self.best = Some((cost, used, self.counts.clone()));
            }
            return;
        }
        let Some(&(_, unit, step)) = self.forms.get(i) else {
            return;
        };
        let most = remaining / unit;
        let last = i + 1 == self.forms.len();
        // The last form makes the rest exactly, or nothing does.
        let least = if last {
            if remaining % unit != 0 {
                return;
            }
            most
        } else {
            0
        };
        for k in (least..=most).rev() {
            let cost = cost + pieces(k * step);
            if self.best.as_ref().is_some_and(|(c, _, _)| cost > *c) {
                continue;
            }
            self.counts[i] = k;
            self.go(i + 1, remaining - k * unit, cost);
            self.counts[i] = 0;
        }
    }
}

/// How to make `dose` from `forms` with the fewest pieces (then the fewest forms), largest
/// strength first; `None` when the forms cannot make it exactly. Zero is no piece at all.
pub fn make(dose: Dose, forms: &[Form]) -> Option<Vec<Part>> {
    if dose.is_zero() {
        return Some(Vec::new());
    }
    let mut order: Vec<(usize, i64, i64)> = forms
        .iter()
        .enumerate()
        .map(|(i, f)| (i, f.unit().micros(), f.step.micros()))
        .collect();
    order.sort_by_key(|(i, unit, _)| (std::cmp::Reverse(*unit), *i));
    let mut search = Search {
        counts: vec![0; order.len()],
        forms: order,
        all: forms,
        best: None,
        visits: 0,
    };
    search.go(0, dose.micros(), 0);
    let (_, _, counts) = search.best?;
    Some(
        search
            .forms
            .iter()
            .zip(counts)
            .filter(|(_, k)| *k > 0)
            .map(|((i, _, step), k)| Part {
                form: search.all[*i].name.clone(),
                count: Dose::from_micros(k * step),
            })
            .collect(),
    )
}

/// "1 × tablet + 0.6 × liquid".
pub fn describe(parts: &[Part]) -> String {
    let words: Vec<String> = parts
        .iter()
        .map(|p| format!("{} × {}", p.count, super::text::printable(&p.form)))
        .collect();
    words.join(" + ")
}

/// How to make the doses of a day at `target` ("10.6: 1 × tablet + 0.6 × liquid"), each
/// different dose once; empty without forms.
pub fn day_note(seg: &Segment, target: Dose, forms: &[Form]) -> String {
    if forms.is_empty() {
        return String::new();
    }
    let mut amounts: Vec<Dose> = super::schedule::split(seg, target)
        .iter()
        .map(|p| p.amount)
        .filter(|a| !a.is_zero())
        .collect();
    amounts.dedup();
    let parts: Vec<String> = amounts
        .iter()
        .map(|a| match make(*a, forms) {
            Some(parts) => format!("{a}: {}", describe(&parts)),
            None => format!("{a}: cannot be made"),
        })
        .collect();
    parts.join(" · ")
}

/// A dose as a preview shows it: at most 3 decimals (3 significant digits below 1), so
/// an unrounded level reads 47.293, not 47.293129.
pub fn short(dose: Dose) -> String {
    let value = dose.to_f64();
    let text = dose.to_string();
    let decimals = text.split_once('.').map_or(0, |(_, f)| f.len());
    if decimals <= 3 {
        return text;
    }
    let places = if value >= 1.0 || value <= 0.0 {
        3
    } else {
        // Below 1, the zeros after the point plus 3 significant digits (at most 6 places).
        // Counted in the exact text, not with `log10`, which alone would link libm.
        let zeros = text
            .split_once('.')
            .map_or(0, |(_, f)| f.len() - f.trim_start_matches('0').len());
        (3 + zeros).min(6)
    };
    let rounded = format!("{value:.places$}");
    rounded
        .trim_end_matches('0')
        .trim_end_matches('.')
        .to_string()
}

/// A form that would make `dose` together with `forms`: one of them measured more finely
/// (a tablet quartered, a liquid in 0.05 ml), or else a piece of exactly that strength.
pub fn would_make(dose: Dose, forms: &[Form]) -> Form {
    let mut by_unit: Vec<&Form> = forms.iter().collect();
    by_unit.sort_by_key(|f| f.unit());
    for form in by_unit {
        for divisor in [2, 4, 5, 10] {
            let finer = Form {
                step: form.step.div_floor(divisor),
                ..form.clone()
            };
            if finer.step.is_zero() {
                continue;
            }
            let mut with = forms.to_vec();
            with.push(finer.clone());
            if make(dose, &with).is_some() {
                return finer;
            }
        }
    }
    Form {
        name: "piece".to_string(),
        strength: dose,
        step: Dose::from_units(1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Dose {
        text.parse().unwrap()
    }

    fn forms(specs: &[&str]) -> Vec<Form> {
        specs.iter().map(|s| Form::parse(s).unwrap()).collect()
    }

    fn shown(dose: &str, specs: &[&str]) -> Option<String> {
        make(d(dose), &forms(specs)).map(|p| describe(&p))
    }

    #[test]
    fn the_issue_example_is_one_tablet_and_some_liquid() {
        let both = ["tablet:10:0.5", "liquid:1:0.1"];
        assert_eq!(shown("10.6", &both).unwrap(), "1 × tablet + 0.6 × liquid");
        assert_eq!(shown("15.6", &both).unwrap(), "1.5 × tablet + 0.6 × liquid");
        assert_eq!(shown("0.3", &both).unwrap(), "0.3 × liquid");
        assert_eq!(shown("20", &both).unwrap(), "2 × tablet");
        assert_eq!(measurable_unit(&forms(&both)), Some(d("0.1")));
    }

    #[test]
    fn fewest_pieces_first() {
        // 12 mg from 10 and 2 mg tablets: 1 + 1, not 6 × 2 mg.
        assert_eq!(
            shown("12", &["small:2:1", "big:10:1"]).unwrap(),
            "1 × big + 1 × small"
        );
        // 7.5 from a halvable 5: 1.5 tablets (two pieces).
        assert_eq!(shown("7.5", &["tablet:5:0.5"]).unwrap(), "1.5 × tablet");
    }

    #[test]
    fn gaps_are_none_and_a_finer_form_would_make_them() {
        let set = forms(&["a:2:1", "b:5:1"]);
        assert_eq!(measurable_unit(&set), Some(d("1")));
        assert!(make(d("3"), &set).is_none());
        assert!(make(d("7"), &set).is_some());
        let halved = would_make(d("3"), &set);
        assert_eq!(halved.spec(), "a:2:0.5");
        let one = forms(&["tablet:10:0.5"]);
        assert_eq!(would_make(d("2.5"), &one).spec(), "tablet:10:0.25");
    }

    #[test]
    fn short_keeps_three_decimals() {
        assert_eq!(short(d("47.293129")), "47.293");
        assert_eq!(short(d("47.2")), "47.2");
        assert_eq!(short(d("0.012345")), "0.0123");
        assert_eq!(short(d("2.0006")), "2.001");
        assert_eq!(short(d("12")), "12");
        // Below 1: three significant digits, at most six places.
        assert_eq!(short(d("0.1234")), "0.123");
        assert_eq!(short(d("0.001234")), "0.00123");
        assert_eq!(short(d("0.000123")), "0.000123");
        assert_eq!(short(d("0.100001")), "0.1");
    }

    #[test]
    fn parse_refuses_bad_specs() {
        assert!(Form::parse("tablet:10").is_err());
        assert!(Form::parse("tablet:0:1").is_err());
        assert!(Form::parse(":10:1").is_err());
        assert_eq!(
            Form::parse(" tablet : 10 : 0.5 ").unwrap().spec(),
            "tablet:10:0.5"
        );
    }
}
