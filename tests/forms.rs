//! Dosage forms: the make-up of a dose sums to it with the fewest pieces, targets round to
//! what the forms can make, an unmakeable dose is an `unmeasurable` finding, `[[form]]`
//! round-trips, and `today --format json` says how to make each dose.

use assert_cmd::Command;
use proptest::prelude::*;
use serde_json::Value;
use taper::core::audit::{self, Kind, Severity};
use taper::core::forms::{self, Form};
use taper::core::{Dose, Plan, Segment, plan_file, render, schedule};
use tempfile::TempDir;

mod clinical_common;
use clinical_common::{d, date};

fn form(spec: &str) -> Form {
    Form::parse(spec).unwrap()
}

fn arb_form() -> impl Strategy<Value = Form> {
    (
        prop_oneof![
            Just("0.5"),
            Just("1"),
            Just("2"),
            Just("2.5"),
            Just("5"),
            Just("10"),
            Just("25")
        ],
        prop_oneof![Just("1"), Just("0.5"), Just("0.25"), Just("0.1")],
    )
        .prop_map(|(strength, step)| Form {
            name: format!("f{strength}-{step}"),
            strength: d(strength),
            step: d(step),
        })
}

/// The fewest pieces any make-up of `dose` can have, by brute force over small counts.
fn fewest_pieces(dose: Dose, forms: &[Form]) -> Option<i64> {
    fn go(dose: i64, forms: &[Form]) -> Option<i64> {
        let Some((first, rest)) = forms.split_first() else {
            return (dose == 0).then_some(0);
        };
        let unit = first.unit().micros();
        (0..=dose / unit)
            .filter_map(|k| {
                let pieces = (k * first.step.micros() + 999_999) / 1_000_000;
                go(dose - k * unit, rest).map(|p| p + pieces)
            })
            .min()
    }
    go(dose.micros(), forms)
}

proptest! {
    #[test]
    fn a_make_up_sums_to_the_dose_with_the_fewest_pieces(
        forms in proptest::collection::vec(arb_form(), 1..4),
        units in 0i64..120,
    ) {
        let mut forms = forms;
        forms.dedup_by(|a, b| a.name == b.name);
        let unit = forms::measurable_unit(&forms).unwrap();
        let dose = unit.times(units);
        let made = forms::make(dose, &forms);
        let best = fewest_pieces(dose, &forms);
        prop_assert_eq!(made.is_some(), best.is_some());
        if let Some(parts) = made {
            let total: Dose = parts
                .iter()
                .map(|p| {
                    let f = forms.iter().find(|f| f.name == p.form).unwrap();
                    Dose::from_micros(p.count.micros() / f.step.micros() * f.unit().micros())
                })
                .sum();
            prop_assert_eq!(total, dose);
            // Every count is a whole number of steps.
            for p in &parts {
                let f = forms.iter().find(|f| f.name == p.form).unwrap();
                prop_assert!(p.count.is_multiple_of(f.step));
            }
            let pieces: i64 = parts.iter().map(|p| (p.count.micros() + 999_999) / 1_000_000).sum();
            prop_assert_eq!(Some(pieces), best);
        }
    }

    #[test]
    fn with_forms_every_later_target_is_on_the_forms_grid(
        start in 5u32..200,
        weeks in 2u32..30,
        per_day in 1u32..4,
        which in 0usize..3,
    ) {
        let sets = [
            vec![form("tablet:10:0.5"), form("liquid:1:0.1")],
            vec![form("tablet:5:0.5")],
            vec![form("small:2:1"), form("big:5:1")],
        ];
        let mut plan = Plan::new("p", "", Default::default(), "mg", Segment {
            start: date("2027-01-04"),
            start_dose: Dose::from_units(i64::from(start)),
            end: date("2027-01-04") + chrono::Days::new(u64::from(weeks) * 7),
            doses_per_day: per_day,
            ..Segment::default()
        });
        plan.forms = sets[which].clone();
        let unit = forms::measurable_unit(&plan.forms).unwrap();
        let s = schedule::build(&plan, plan.start).unwrap();
        for step in &s.steps[1..] {
            prop_assert!(step.dose.is_multiple_of(unit), "{} not on {}", step.dose, unit);
        }
        // Every planned dose the forms can make is reported nowhere; the others once.
        let findings = audit::audit(&plan, &s);
        for step in &s.steps {
            for p in schedule::split(&s.segments[0], step.dose) {
                let made = forms::make(p.amount, &plan.forms).is_some();
                let flagged = findings.iter().any(|f| f.kind == Kind::Unmeasurable && f.to == p.amount);
                prop_assert_eq!(made, !flagged, "{}", p.amount);
            }
        }
    }
}

#[test]
fn targets_round_up_to_what_the_forms_can_make() {
    // 20 → 0 mg over 8 weeks, 2.5 mg a week: a halved 5 mg tablet measures 2.5 exactly.
    let mut plan = Plan::new(
        "p",
        "",
        Default::default(),
        "mg",
        Segment {
            start: date("2027-01-04"),
            start_dose: d("20"),
            end: date("2027-03-01"),
            ..Segment::default()
        },
    );
    plan.forms = vec![form("tablet:5:0.5")];
    let s = schedule::build(&plan, plan.start).unwrap();
    let doses: Vec<String> = s.steps.iter().map(|s| s.dose.to_string()).collect();
    assert_eq!(
        doses,
        ["20", "17.5", "15", "12.5", "10", "7.5", "5", "2.5", "0"]
    );
    assert!(
        audit::audit(&plan, &s)
            .iter()
            .all(|f| f.kind != Kind::Unmeasurable)
    );
}

#[test]
fn an_unmakeable_dose_is_an_unmeasurable_finding_naming_a_form() {
    let mut plan = Plan::new(
        "p",
        "",
        Default::default(),
        "mg",
        Segment {
            start: date("2027-01-04"),
            start_dose: d("10"),
            target_dose: d("3"),
            end: date("2027-02-01"),
            ..Segment::default()
        },
    );
    plan.forms = vec![form("a:2:1"), form("b:5:1")];
    let s = schedule::build(&plan, plan.start).unwrap();
    let findings = audit::audit(&plan, &s);
    let f = findings
        .iter()
        .find(|f| f.kind == Kind::Unmeasurable)
        .unwrap();
    assert_eq!((f.to, f.severity), (d("3"), Severity::Caution));
    assert_eq!(f.form.as_deref(), Some("a:2:0.5"));
    let text = f.message(&plan);
    assert!(
        text.contains("a dose of 3 mg cannot be made") && text.contains("a:2:0.5 would make it"),
        "{text}"
    );
}

#[test]
fn forms_are_written_and_read_back() {
    let mut plan = Plan::new(
        "p",
        "",
        Default::default(),
        "mg",
        Segment {
            start: date("2027-01-04"),
            start_dose: d("10"),
            end: date("2027-02-01"),
            ..Segment::default()
        },
    );
    plan.forms = vec![form("tablet:10:0.5"), form("liquid:1:0.1")];
    let text = render::render(&plan);
    assert!(
        text.contains("[[form]]")
            && text.contains("name = \"liquid\"")
            && text.contains("step = 0.1"),
        "{text}"
    );
    let back = plan_file::parse(std::path::Path::new("p.toml"), &text).unwrap();
    assert_eq!(back, plan);
    let bad = text.replace("strength = 1 ", "strength = 0 ");
    let e = plan_file::parse(std::path::Path::new("p.toml"), &bad).unwrap_err();
    assert!(
        e.to_string().contains("strength and step must be above 0"),
        "{e}"
    );
}

fn run(dir: &TempDir, line: &str) -> std::process::Output {
    Command::cargo_bin("taper")
        .unwrap()
        .env("TAPER_DATA_DIR", dir.path())
        .env("TAPER_NOW", "2027-01-05T09:00")
        .args(line.split_whitespace())
        .output()
        .unwrap()
}

#[test]
fn cli_forms_say_how_to_make_each_dose() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(
        &dir,
        "new m --unit mg --start-dose 21.2 --target-dose 0 --start 2027-01-04 --weeks 10 --doses-per-day 2 --form tablet:10:0.5 --form liquid:1:0.1",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(&dir, "today --format json");
    let today: Value = serde_json::from_slice(&out.stdout).unwrap();
    let doses = today["doses"].as_array().unwrap();
    assert_eq!(doses[0]["amount"], 10.6);
    assert_eq!(
        doses[0]["make"],
        serde_json::json!([{"form": "tablet", "count": 1}, {"form": "liquid", "count": 0.6}])
    );
    let out = run(&dir, "today");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("10.6 mg = 1 × tablet + 0.6 × liquid"),
        "{text}"
    );
    // Without forms there is no "make" key.
    let out = run(
        &dir,
        "new plain --unit mg --start-dose 20 --target-dose 0 --start 2027-01-04 --weeks 10",
    );
    assert!(out.status.success());
    let out = run(&dir, "--plan plain today --format json");
    let today: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(today["doses"][0].get("make").is_none());
    // A bad --form is refused with the expected shape.
    let out = run(
        &dir,
        "new bad --unit mg --start-dose 20 --target-dose 0 --start 2027-01-04 --weeks 10 --form tablet:10",
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("NAME:STRENGTH:STEP"));
}

#[test]
fn cli_audit_json_names_the_form_for_an_unmeasurable_dose() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(
        &dir,
        "new u --unit mg --start-dose 10 --target-dose 3 --start 2027-01-04 --weeks 4 --form a:2:1 --form b:5:1",
    );
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot be made"));
    let out = run(&dir, "show --format json");
    let show: Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = show["audit"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["kind"] == "unmeasurable")
        .unwrap()
        .clone();
    assert_eq!(f["to"], 3);
    assert_eq!(f["form"], "a:2:0.5");
    assert_eq!(f["severity"], "caution");
}

#[test]
fn a_replan_measures_with_the_forms_without_copying_their_unit() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(
        &dir,
        "new r --unit mg --start-dose 20 --target-dose 0 --start 2027-01-04 --weeks 8 --form tablet:5:0.5",
    );
    assert!(out.status.success());
    let out = run(&dir, "replan --from 2027-01-11 --dose 20 --weeks 16");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(dir.path().join("r.toml")).unwrap();
    assert!(!text.contains("round_to"), "{text}");
    let out = run(&dir, "show --format json");
    let show: Value = serde_json::from_slice(&out.stdout).unwrap();
    for day in show["days"].as_array().unwrap() {
        let target = Dose::from_f64(day["target"].as_f64().unwrap()).unwrap();
        assert!(target.is_multiple_of(d("2.5")), "{target}");
    }
}
