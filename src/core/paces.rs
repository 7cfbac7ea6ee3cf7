//! The guideline paces the audit compares each step with: per class a *gentle* pace
//! (a step faster than it is a `caution`) and the *fastest* published one (a step faster
//! than it is a `warning`), each with its source.

use super::plan::Class;

/// At most `percent` % of the current dose every `days` days (`None`: per step, whatever
/// its length).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pace {
    pub percent: f64,
    pub days: Option<u32>,
    pub source: &'static str,
}

impl Pace {
    /// The largest cut (% of the current dose) this pace allows after a dose held `days`
    /// days: the pace scaled to the days held, so holds slow the pace down.
    pub fn allowed(&self, days: u32) -> f64 {
        match self.days {
            Some(per) => self.percent * f64::from(days) / f64::from(per.max(1)),
            None => self.percent,
        }
    }

    /// "10 % a month", "25 % every 14 days", "25 % a step".
    pub fn describe(&self) -> String {
        let per = match self.days {
            None => "a step".to_string(),
            Some(7) => "a week".to_string(),
            Some(MONTH) => "a month".to_string(),
            Some(days) => format!("every {days} days"),
        };
        format!("{} % {per}", self.percent)
    }
}

/// The two paces of a class.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Paces {
    pub gentle: Pace,
    /// `None` for class `other`: only the generic check.
    pub fastest: Option<Pace>,
}

/// "A month" is taken as 4 weeks, the step most monthly tapers use.
pub const MONTH: u32 = 28;

const fn pace(percent: f64, days: u32, source: &'static str) -> Pace {
    Pace {
        percent,
        days: Some(days),
        source,
    }
}

/// The paces of a class.
pub fn paces(class: Class) -> Paces {
    let (gentle, fastest) = match class {
        Class::Opioid => (
            pace(
                10.0,
                MONTH,
                "CDC 2022, after a year or more of use: 10 % a month",
            ),
            pace(
                10.0,
                7,
                "CDC 2022, after weeks to months of use: 10 % a week",
            ),
        ),
        Class::Benzodiazepine => (
            pace(10.0, 14, "ASAM 2025: 5–10 % every 2–4 weeks"),
            pace(25.0, 14, "ASAM 2025: at most 25 % in 2 weeks"),
        ),
        Class::Antidepressant => (
            pace(
                10.0,
                MONTH,
                "Maudsley Deprescribing Guidelines: 10 % a month",
            ),
            pace(
                25.0,
                14,
                "Maudsley Deprescribing Guidelines: 25 % every 2 weeks",
            ),
        ),
        // No clinical guideline exists for kratom, a μ-opioid partial agonist: the gentle
        // pace is CDC's for opioids after weeks to months of use (also the "metered
        // reduction" of the kratom community, 5–10 % every 5–7 days); the fastest is the top
        // of the 10–25 % every 1–2 weeks that kratom quitting guides give.
        Class::Kratom => (
            pace(
                10.0,
                7,
                "CDC 2022 opioid pace, used for kratom: 10 % a week",
            ),
            pace(
                25.0,
                7,
                "kratom quitting guides (no clinical guideline): 25 % a week",
            ),
        ),
        // Caffeine and other stimulants: no clinical guideline either; caffeine-reduction
        // advice gives 10–25 % of the current dose every 1–2 weeks (withdrawal: Juliano &
        // Griffiths 2004).
        Class::Stimulant => (
            pace(10.0, 7, "caffeine reduction advice: 10 % a week"),
            pace(
                25.0,
                7,
                "caffeine reduction advice (no clinical guideline): 25 % a week",
            ),
        ),
        Class::Other => {
            return Paces {
                gentle: Pace {
                    percent: 25.0,
                    days: None,
                    source: "generic check (no class set): 25 % of the current dose a step",
                },
                fastest: None,
            };
        }
    };
    Paces {
        gentle,
        fastest: Some(fastest),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_class_has_a_sourced_gentle_pace_slower_than_its_fastest() {
        for class in Class::ALL {
            let p = paces(class);
            assert!(!p.gentle.source.is_empty());
            if let Some(fast) = p.fastest {
                assert!(fast.allowed(28) > p.gentle.allowed(28), "{class:?}");
            } else {
                assert_eq!(class, Class::Other);
            }
        }
        assert_eq!(paces(Class::Opioid).gentle.describe(), "10 % a month");
        assert_eq!(paces(Class::Other).gentle.allowed(90), 25.0);
    }
}
