//! The audit and the moved end on the command line: `new` (stderr), `check`, `show` JSON,
//! and `today` with empty planned doses.

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

fn run(dir: &TempDir, line: &str) -> std::process::Output {
    Command::cargo_bin("taper")
        .unwrap()
        .env("TAPER_DATA_DIR", dir.path())
        .env("TAPER_NOW", "2027-01-05T09:00")
        .env_remove("NO_COLOR")
        .args(line.split_whitespace())
        .output()
        .unwrap()
}

fn ok(dir: &TempDir, line: &str) -> (String, String) {
    let out = run(dir, line);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(out.status.success(), "{line}: {stderr}");
    (String::from_utf8(out.stdout).unwrap(), stderr)
}

#[test]
fn a_partial_taper_in_one_week_is_flagged_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    // 60 → 30 mg in a week: the only step is the last one, 50 % of the current dose.
    let (_, stderr) = ok(
        &dir,
        "new half --unit mg --start-dose 60 --target-dose 30 --start 2027-01-04 --weeks 1 --class opioid",
    );
    assert!(
        stderr.contains("Warning: the last step, on 2027-01-11: 60 → 30 mg cuts 50 % of the current dose after 7 days"),
        "{stderr}"
    );
    // The plan is still saved, and `check` prints the finding and exits 0.
    assert!(dir.path().join("half.toml").exists());
    let (out, _) = ok(&dir, "check");
    assert!(out.contains("Warning: the last step"), "{out}");
    let (json, _) = ok(&dir, "show --format json");
    let show: Value = serde_json::from_str(&json).unwrap();
    let audit = show["audit"].as_array().unwrap();
    assert_eq!(audit.len(), 1);
    let finding = audit[0].as_object().unwrap();
    let mut keys: Vec<&str> = finding.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "cut_percent",
            "date",
            "days",
            "from",
            "kind",
            "severity",
            "source",
            "step",
            "to"
        ]
    );
    assert_eq!(finding["date"], "2027-01-11");
    assert_eq!(finding["step"], 2);
    assert_eq!(finding["kind"], "final");
    assert_eq!(finding["from"], 60);
    assert_eq!(finding["to"], 30);
    assert_eq!(finding["cut_percent"], 50.0);
    assert_eq!(finding["days"], 7);
    assert_eq!(finding["severity"], "warning");
    assert!(finding["source"].as_str().unwrap().contains("CDC 2022"));
}

#[test]
fn a_gentle_plan_has_an_empty_audit() {
    let dir = tempfile::tempdir().unwrap();
    let (_, stderr) = ok(
        &dir,
        "new slow --unit mg --start-dose 10 --target-dose 0 --start 2027-01-04 --percent 10 --round-to 0.5 --class benzodiazepine --step-days 14",
    );
    assert!(
        !stderr.contains("Warning") && !stderr.contains("Caution"),
        "{stderr}"
    );
    let (json, _) = ok(&dir, "show --format json");
    let show: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(show["audit"], Value::Array(Vec::new()));
}

#[test]
fn new_says_when_the_end_moves_later() {
    let dir = tempfile::tempdir().unwrap();
    // 15 → 0 mg in 8 days, steps of 7 days, tablets of 5: the spare day lengthens the first
    // rung, and 5 mg (one unit) is held a full step before 0.
    let (_, stderr) = ok(
        &dir,
        "new cliff --unit mg --start-dose 15 --target-dose 0 --start 2027-01-04 --end 2027-01-12 --round-to 5 --doses-per-day 4",
    );
    assert!(
        stderr.contains("The end moves later, to 2027-01-19 (asked for: 2027-01-12)"),
        "{stderr}"
    );
    let (csv, _) = ok(&dir, "show --format csv");
    let targets: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(2).unwrap())
        .collect();
    assert_eq!(targets.len(), 16);
    assert!(targets[..8].iter().all(|t| *t == "15"), "{targets:?}");
    assert!(targets[8..15].iter().all(|t| *t == "5"), "{targets:?}");
    assert_eq!(targets[15], "0");
    // `today` on the 5 mg rung: one unit in the first dose, the other three shown as "—".
    let out = Command::cargo_bin("taper")
        .unwrap()
        .env("TAPER_DATA_DIR", dir.path())
        .env("TAPER_NOW", "2027-01-13T07:00")
        .arg("today")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("[ ] 08:00  5 mg"), "{text}");
    assert_eq!(text.matches("  —").count(), 3, "{text}");
}

#[test]
fn a_percent_that_never_arrives_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(
        &dir,
        "new slow --unit mg --start-dose 100 --target-dose 0 --start 2027-01-04 --percent 0.01 --step-days 1",
    );
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("does not reach the target within 2000 steps"),
        "{stderr}"
    );
    assert!(!dir.path().join("slow.toml").exists());
}
