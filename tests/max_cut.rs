//! A plan's own ceiling (`max_cut` % every `per_days` days) replaces the class's paces in
//! the audit: a step over it is a warning, a step within it is not flagged, whatever the
//! class would say.

use assert_cmd::Command;
use serde_json::Value;
use taper::core::audit::{Finding, Kind, Severity};
use taper::core::{Class, Plan, Segment, plan_file, render};
use tempfile::TempDir;

mod clinical_common;
use clinical_common::{audited_ladder, verdicts};

/// A ladder of `rungs` into `target` for a class, with a ceiling (`max_cut`, `per_days`),
/// and its findings.
fn ladder(
    class: Class,
    rungs: &str,
    target: &str,
    ceiling: (Option<f64>, Option<u32>),
) -> (Plan, Vec<Finding>) {
    let rest = Segment {
        max_cut: ceiling.0,
        per_days: ceiling.1,
        ..Segment::default()
    };
    audited_ladder(class, rungs, target, rest)
}

#[test]
fn a_stricter_ceiling_flags_what_the_class_allows() {
    // 8 % after 4 weeks is within 10 % a month for an opioid…
    assert!(
        ladder(Class::Opioid, "100:28,92:28", "85", (None, None))
            .1
            .is_empty()
    );
    // …but over a ceiling of 5 % every 28 days: a warning, with the ceiling as its source.
    let (plan, f) = ladder(Class::Opioid, "100:28,92:28", "85", (Some(5.0), Some(28)));
    assert_eq!(
        verdicts(&f),
        [
            (2, Kind::Cut, Severity::Warning),
            (3, Kind::Final, Severity::Warning)
        ]
    );
    assert_eq!(f[0].source, "the plan's own ceiling (max_cut): 5 % a month");
    assert!(
        f[0].message(&plan)
            .contains("faster than the plan's own ceiling")
    );
}

#[test]
fn a_looser_ceiling_replaces_the_class_paces() {
    // 20 % after a week is a warning for an opioid (10 % a week)…
    let (_, f) = ladder(Class::Opioid, "100:7,80:28", "72", (None, None));
    assert_eq!(verdicts(&f), [(2, Kind::Cut, Severity::Warning)]);
    // …and nothing under a prescriber's ceiling of 25 % a week.
    let (_, f) = ladder(Class::Opioid, "100:7,80:28", "72", (Some(25.0), Some(7)));
    assert!(f.is_empty(), "{f:?}");
}

#[test]
fn without_per_days_the_ceiling_is_per_step() {
    // 20 % a step, whatever the step's length.
    let (_, f) = ladder(Class::Other, "100:3,80:60", "64", (Some(20.0), None));
    assert!(f.is_empty(), "{f:?}");
    let (_, f) = ladder(Class::Other, "100:60,75:60", "60", (Some(20.0), None));
    assert_eq!(verdicts(&f), [(2, Kind::Cut, Severity::Warning)]);
    assert_eq!(f[0].source, "the plan's own ceiling (max_cut): 20 % a step");
}

#[test]
fn the_ceiling_is_written_and_read_back() {
    let (plan, _) = ladder(Class::Kratom, "8:14,7:14", "6", (Some(10.0), Some(14)));
    let text = render::render(&plan);
    assert!(text.contains("max_cut = 10.0"), "{text}");
    assert!(text.contains("per_days = 14"), "{text}");
    let back = plan_file::parse(std::path::Path::new("a.toml"), &text).unwrap();
    assert_eq!(back, plan);
    // per_days alone, or a ceiling of 0, is refused with the key's line.
    let bad = text.replace("max_cut = 10.0", "max_cut = 0.0");
    let e = plan_file::parse(std::path::Path::new("a.toml"), &bad).unwrap_err();
    assert!(e.to_string().contains("max_cut must be above 0"), "{e}");
    let lonely: String = text
        .lines()
        .filter(|l| !l.starts_with("max_cut"))
        .collect::<Vec<_>>()
        .join("\n");
    let e = plan_file::parse(std::path::Path::new("a.toml"), &lonely).unwrap_err();
    assert!(e.to_string().contains("per_days needs max_cut"), "{e}");
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

fn audit_json(dir: &TempDir) -> Vec<Value> {
    let out = run(dir, "show --format json");
    assert!(out.status.success());
    let show: Value = serde_json::from_slice(&out.stdout).unwrap();
    show["audit"].as_array().unwrap().clone()
}

#[test]
fn cli_max_cut_on_new_and_replan() {
    let dir = tempfile::tempdir().unwrap();
    // 40 → 20 mg linear over 4 weeks: 5 mg a week, 12.5 % of 40 at the first step.
    let out = run(
        &dir,
        "new own --unit mg --start-dose 40 --target-dose 20 --start 2027-01-04 --weeks 4 --class benzodiazepine --max-cut 10 --per-days 7",
    );
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("the plan's own ceiling (max_cut): 10 % a week"),
        "{stderr}"
    );
    let audit = audit_json(&dir);
    assert!(!audit.is_empty());
    assert!(audit.iter().all(|f| f["severity"] == "warning"));
    assert_eq!(
        audit[0]["source"],
        "the plan's own ceiling (max_cut): 10 % a week"
    );
    let text = std::fs::read_to_string(dir.path().join("own.toml")).unwrap();
    assert!(
        text.contains("max_cut = 10.0") && text.contains("per_days = 7"),
        "{text}"
    );
    // A re-plan keeps the ceiling unless given a new one; a looser one clears the audit.
    let out = run(
        &dir,
        "replan --from 2027-01-11 --dose 40 --weeks 4 --max-cut 25 --per-days 7",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(dir.path().join("own.toml")).unwrap();
    assert!(text.contains("max_cut = 25.0"), "{text}");
    let replanned: Vec<Value> = audit_json(&dir)
        .into_iter()
        .filter(|f| f["date"].as_str().unwrap() > "2027-01-11")
        .collect();
    assert!(replanned.is_empty(), "{replanned:?}");
    // --per-days needs --max-cut.
    let out = run(
        &dir,
        "new x --unit mg --start-dose 4 --target-dose 0 --start 2027-01-04 --weeks 4 --per-days 7",
    );
    assert!(!out.status.success());
}
