//! `taper log` with an unusually large amount: logged as typed, a note on stderr, and
//! `warned = true` in the file; the tolerance note names naloxone for opioids and kratom.

use assert_cmd::Command;
use tempfile::TempDir;

fn run(dir: &TempDir, now: &str, line: &str) -> std::process::Output {
    Command::cargo_bin("taper")
        .unwrap()
        .env("TAPER_DATA_DIR", dir.path())
        .env("TAPER_NOW", now)
        .args(line.split_whitespace())
        .output()
        .unwrap()
}

fn new_plan(dir: &TempDir, class: &str) {
    let out = run(
        dir,
        "2027-01-04T08:00",
        &format!(
            "new k --unit g --start-dose 8 --target-dose 0 --start 2027-01-04 --weeks 16 --round-to 0.25 --class {class}"
        ),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_large_amount_is_logged_with_a_note_and_marked() {
    let dir = tempfile::tempdir().unwrap();
    new_plan(&dir, "kratom");
    // Today's target is 8 g: 40 g is more than 3 × it (a typo for 4, perhaps).
    let out = run(&dir, "2027-01-04T09:00", "log 40");
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("40 g is more than 3 × the day's target of 8 g. Logged as typed"),
        "{stderr}"
    );
    let text = std::fs::read_to_string(dir.path().join("k.toml")).unwrap();
    assert!(text.contains("amount = 40\nwarned = true"), "{text}");
    // A usual amount: no note, nothing marked.
    let out = run(&dir, "2027-01-05T09:00", "log 8");
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(dir.path().join("k.toml")).unwrap();
    assert_eq!(text.matches("warned = true").count(), 1, "{text}");
    // Neutral words, never "failed".
    assert!(!String::from_utf8_lossy(&out.stdout).contains("fail"));
}

fn tolerance_jump(class: &str) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    new_plan(&dir, class);
    for day in 4..8 {
        let out = run(&dir, &format!("2027-01-{day:02}T20:00"), "log 4");
        assert!(out.status.success());
    }
    // Back up to 8 g after four days at 4: well above the days before.
    let out = run(&dir, "2027-01-08T20:00", "log 8");
    assert!(out.status.success());
    let text = std::fs::read_to_string(dir.path().join("k.toml")).unwrap();
    (String::from_utf8(out.stdout).unwrap(), text)
}

#[test]
fn the_tolerance_note_names_naloxone_for_opioids_and_kratom() {
    for class in ["kratom", "opioid"] {
        let (stdout, file) = tolerance_jump(class);
        assert!(stdout.contains("Tolerance drops fast"), "{stdout}");
        assert!(
            stdout.contains("naloxone") && stdout.contains("do not use alone"),
            "{stdout}"
        );
        assert!(file.contains("amount = 8\nwarned = true"), "{file}");
    }
    let (stdout, file) = tolerance_jump("stimulant");
    assert!(
        stdout.contains("Tolerance drops fast") && !stdout.contains("naloxone"),
        "{stdout}"
    );
    assert!(file.contains("warned = true"));
}

#[test]
fn after_the_end_a_large_amount_is_one_over_the_start_dose() {
    let dir = tempfile::tempdir().unwrap();
    new_plan(&dir, "kratom");
    // The plan ends at 0 g; after it, 6 g is not over the 8 g start dose, 9 g is.
    let out = run(&dir, "2027-06-01T09:00", "log 6");
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(&dir, "2027-06-02T09:00", "log 9");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success());
    assert!(
        stderr.contains("9 g is more than the start dose of 8 g."),
        "{stderr}"
    );
}
