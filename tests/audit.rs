//! The audit per class: within the paces, faster than the gentle one (caution), faster than
//! the fastest (warning), the last step into 0, and a partial taper's last step.

use taper::core::audit::{Finding, Kind, Severity};
use taper::core::{Class, Dose, Plan, Segment};

mod clinical_common;
use clinical_common::{audited_ladder, d, date, verdicts};

/// A ladder of `rungs` ("DOSE:DAYS,…") into `target` for a class, and its findings.
fn ladder(class: Class, rungs: &str, target: &str, round_to: Option<&str>) -> (Plan, Vec<Finding>) {
    let rest = Segment {
        step_days: 7,
        round_to: round_to.map(d),
        doses_per_day: 1,
        ..Segment::default()
    };
    audited_ladder(class, rungs, target, rest)
}

use Kind::{Cut, Final};
use Severity::{Caution, Warning};

#[test]
fn opioid_paces() {
    // Within 10 % a month: 9 % after 4 weeks, then 9.9 % after 4 weeks into the target.
    assert!(
        ladder(Class::Opioid, "100:28,91:28", "82", None)
            .1
            .is_empty()
    );
    // 8 % after a week: faster than 10 % a month, not than 10 % a week.
    let (_, f) = ladder(Class::Opioid, "100:7,92:28", "83", None);
    assert_eq!(verdicts(&f), [(2, Cut, Caution)]);
    assert!(f[0].source.contains("CDC 2022, after a year or more"));
    // 20 % after a week: faster than 10 % a week.
    let (plan, f) = ladder(Class::Opioid, "100:7,80:28", "72", None);
    assert_eq!(verdicts(&f), [(2, Cut, Warning)]);
    assert_eq!(f[0].cut_percent, 20.0);
    assert_eq!(f[0].days, 7);
    let text = f[0].message(&plan);
    assert!(
        text.contains("cuts 20 % of the current dose after 7 days"),
        "{text}"
    );
    assert!(text.contains("weeks to months"), "{text}");
}

#[test]
fn benzodiazepine_paces_and_the_stop() {
    assert!(
        ladder(Class::Benzodiazepine, "20:14,18:14", "16.2", None)
            .1
            .is_empty()
    );
    let (_, f) = ladder(Class::Benzodiazepine, "20:14,17:14", "15.3", None);
    assert_eq!(verdicts(&f), [(2, Cut, Caution)]);
    assert!(f[0].source.contains("ASAM 2025: 5–10 %"));
    let (_, f) = ladder(Class::Benzodiazepine, "20:14,14:14", "12.6", None);
    assert_eq!(verdicts(&f), [(2, Cut, Warning)]);
    // Stopping from three quarters of the start dose: a warning that names seizures.
    let (plan, f) = ladder(Class::Benzodiazepine, "20:56,15:14", "0", None);
    assert_eq!(verdicts(&f), [(3, Final, Warning)]);
    assert_eq!(f[0].from, d("15"));
    assert_eq!(f[0].to, Dose::ZERO);
    let text = f[0].message(&plan);
    assert!(text.contains("75 % of the start dose"), "{text}");
    assert!(text.contains("can cause seizures"), "{text}");
}

#[test]
fn antidepressant_paces() {
    assert!(
        ladder(Class::Antidepressant, "100:28,91:28", "82", None)
            .1
            .is_empty()
    );
    // 20 % in 2 weeks: over 10 % a month, within 25 % every 2 weeks.
    let (_, f) = ladder(Class::Antidepressant, "100:14,80:28", "72.5", None);
    assert_eq!(verdicts(&f), [(2, Cut, Caution)]);
    assert!(f[0].source.contains("Maudsley"));
    let (_, f) = ladder(Class::Antidepressant, "100:14,70:28", "63.5", None);
    assert_eq!(verdicts(&f), [(2, Cut, Warning)]);
}

#[test]
fn kratom_and_stimulant_paces() {
    for class in [Class::Kratom, Class::Stimulant] {
        assert!(
            ladder(class, "10:7,9:7", "8.1", None).1.is_empty(),
            "{class:?}"
        );
        let (_, f) = ladder(class, "10:7,8:7", "7.2", None);
        assert_eq!(verdicts(&f), [(2, Cut, Caution)], "{class:?}");
        let (_, f) = ladder(class, "10:7,7:7", "6.3", None);
        assert_eq!(verdicts(&f), [(2, Cut, Warning)], "{class:?}");
    }
    // With a measurable unit, the pace's cut to the nearest unit is within it (10 % of 1.75
    // is 0.175, to the nearest 0.25 is 0.25); a whole unit that is more than that is not
    // (10 % of 1 is 0.1, nearest 0).
    assert!(
        ladder(Class::Kratom, "1.75:7,1.5:7", "1.5", Some("0.25"))
            .1
            .is_empty()
    );
    let (_, f) = ladder(Class::Kratom, "1:7,0.75:7", "0.75", Some("0.25"));
    assert_eq!(verdicts(&f), [(2, Final, Caution)]);
}

#[test]
fn other_gets_the_generic_check() {
    assert!(ladder(Class::Other, "10:7,8:7", "6.4", None).1.is_empty());
    let (plan, f) = ladder(Class::Other, "10:7,7:7", "5.6", None);
    assert_eq!(verdicts(&f), [(2, Cut, Caution)]);
    assert!(
        f[0].message(&plan)
            .contains("25 % of the current dose a step")
    );
    // A stop from 30 % of the start dose.
    let (_, f) = ladder(Class::Other, "10:7,3:7", "0", None);
    assert_eq!(verdicts(&f), [(2, Cut, Caution), (3, Final, Caution)]);
}

#[test]
fn the_last_step_is_checked_for_every_target() {
    // A partial taper, 60 → 30 in a week: flagged, whatever the class.
    for class in Class::ALL {
        let (_, f) = ladder(class, "60:7", "30", None);
        assert_eq!(f.len(), 1, "{class:?}");
        assert_eq!((f[0].kind, f[0].cut_percent), (Final, 50.0), "{class:?}");
        assert_eq!(f[0].date, date("2027-01-11"));
    }
    // A stop from one small unit is fine; from a quarter of the start dose it is noted.
    assert!(
        ladder(Class::Kratom, "12:7,0.25:700", "0", None)
            .1
            .iter()
            .all(|f| f.kind == Cut)
    );
    let (_, f) = ladder(Class::Kratom, "12:28,3:28", "0", None);
    assert_eq!(
        f.last().map(|f| (f.kind, f.severity)),
        Some((Final, Caution))
    );
}
