//! What the command line prints: never a raw escape or bidi control, JSON escaped but
//! valid, quiet on a closed pipe, each error once; and `--at` on a late-starting plan day.

use std::fs;
use std::process::{Command as StdCommand, Output, Stdio};

use assert_cmd::Command;
use assert_cmd::cargo::CommandCargoExt;

const NOW: &str = "2027-01-05T09:00";

fn taper(dir: &std::path::Path) -> Command {
    let mut cmd = Command::cargo_bin("taper").unwrap();
    cmd.env("TAPER_DATA_DIR", dir).env("TAPER_NOW", NOW);
    cmd
}

fn new_args(name: &str, unit: &str) -> Vec<String> {
    [
        "new",
        name,
        "--unit",
        unit,
        "--start-dose",
        "12",
        "--target-dose",
        "0",
        "--start",
        "2027-01-04",
        "--weeks",
        "2",
        "--doses-per-day",
        "3",
        "--substance",
        "k\u{202e}\u{1b}[2Jx",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// No ESC, BEL, C1 control or bidi override in the output.
fn assert_clean(what: &str, out: &Output) {
    for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        let text = String::from_utf8_lossy(bytes);
        let bad: Vec<char> = text
            .chars()
            .filter(|c| {
                (c.is_control() && *c != '\n' && *c != '\t')
                    || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
            })
            .collect();
        assert!(bad.is_empty(), "{what} {stream}: {bad:?} in {text}");
    }
}

#[test]
fn no_escape_or_bidi_control_reaches_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let evil_unit = "g\u{1b}]0;owned\u{7}\u{9b}31m\u{2066}";
    let out = taper(d).args(new_args("evil", evil_unit)).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_clean("new", &out);
    // A plan name with a bidi override and an ESC, edited into the file by hand.
    let path = d.join("evil.toml");
    let text = fs::read_to_string(&path)
        .unwrap()
        .replace("name = \"evil\"", "name = \"e\\u202Ev\\u001b[1mil\\u009b\"");
    fs::write(&path, text).unwrap();
    let runs: Vec<(&str, Vec<&str>)> = vec![
        ("show", vec!["show"]),
        ("show csv", vec!["show", "--format", "csv"]),
        ("today", vec!["today"]),
        ("list", vec!["list"]),
        ("log", vec!["log", "1", "--product", "p\u{1b}[5m\u{202d}"]),
        ("check", vec!["check"]),
        ("--plan", vec!["--plan", "x\u{1b}[2J\u{202e}", "show"]),
        ("--at", vec!["log", "1", "--at", "0\u{1b}]0;t\u{7}"]),
        (
            "--steps",
            vec![
                "new",
                "l",
                "--unit",
                "g",
                "--start-dose",
                "1",
                "--target-dose",
                "0",
                "--start",
                "2027-01-04",
                "--steps",
                "1:\u{1b}[2J",
            ],
        ),
        (
            "bad name",
            vec![
                "new",
                "a\u{1b}[2J\u{202e}",
                "--unit",
                "g",
                "--start-dose",
                "1",
                "--target-dose",
                "0",
                "--start",
                "2027-01-04",
                "--weeks",
                "1",
            ],
        ),
        ("amount", vec!["log", "1\u{7}\u{9b}"]),
    ];
    for (what, args) in runs {
        let out = taper(d).args(&args).output().unwrap();
        assert_clean(what, &out);
    }
    let out = taper(d)
        .env("TAPER_NOW", "x\u{1b}[2J\u{9b}")
        .arg("today")
        .output()
        .unwrap();
    assert_clean("TAPER_NOW", &out);
    let out = taper(d)
        .args(["--data-dir", "/nonexistent/\u{1b}[2J\u{202e}", "list"])
        .output()
        .unwrap();
    assert_clean("--data-dir", &out);
    // Values in the file quoted by errors: an unknown class and an unknown quoted key.
    let bad = d.join("bad.toml");
    let good = fs::read_to_string(&path).unwrap();
    fs::write(
        &bad,
        good.replace("class = \"other\"", "class = \"\\u001b[2J\""),
    )
    .unwrap();
    assert_clean("class", &taper(d).arg("check").arg(&bad).output().unwrap());
    fs::write(&bad, format!("\"k\\u001b[2J\\u202e\" = 1\n{good}")).unwrap();
    assert_clean("key", &taper(d).arg("check").arg(&bad).output().unwrap());
}

#[test]
fn json_escapes_controls_and_stays_json() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert!(
        taper(d)
            .args(new_args("j", "g"))
            .output()
            .unwrap()
            .status
            .success()
    );
    let path = d.join("j.toml");
    let text = fs::read_to_string(&path)
        .unwrap()
        .replace("name = \"j\"", "name = \"a\\u009bb\\u202ec\\u001b\"");
    fs::write(&path, text).unwrap();
    let out = taper(d)
        .args(["show", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_clean("json", &out);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains(r#""a\u009bb\u202ec\u001b""#), "{stdout}");
    let value: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(value["name"], "a\u{9b}b\u{202e}c\u{1b}");
}

/// Run with stdout a pipe whose reader is gone before anything is written.
fn closed_pipe(dir: &std::path::Path, args: &[&str]) -> Output {
    let mut child = StdCommand::cargo_bin("taper")
        .unwrap()
        .env("TAPER_DATA_DIR", dir)
        .env("TAPER_NOW", NOW)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    child.wait_with_output().unwrap()
}

#[test]
fn a_closed_pipe_ends_quietly_with_status_0() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert!(
        taper(d)
            .args(new_args("p", "g"))
            .output()
            .unwrap()
            .status
            .success()
    );
    for args in [
        vec!["show"],
        vec!["completions", "bash"],
        vec!["show", "--format", "json"],
        vec!["--help"],
    ] {
        let out = closed_pipe(d, &args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {out:?}");
        assert!(out.stderr.is_empty(), "{args:?}: {out:?}");
    }
}

#[test]
fn an_io_error_is_printed_once() {
    let dir = tempfile::tempdir().unwrap();
    let out = taper(dir.path())
        .args(["--plan", "/nonexistent/x.toml", "show"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stderr.matches("No such file").count(), 1, "{stderr}");
}

#[test]
fn at_an_evening_time_after_midnight_means_the_plan_days_evening() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut args = new_args("n", "g");
    args.extend(["--day-starts".to_string(), "04:00".to_string()]);
    assert!(taper(d).args(&args).output().unwrap().status.success());
    let night = |at: &str| {
        taper(d)
            .env("TAPER_NOW", "2027-01-06T01:30")
            .args(["log", "1", "--at", at])
            .output()
            .unwrap()
    };
    let out = night("23:00");
    assert!(out.status.success(), "{out:?}");
    let text = fs::read_to_string(d.join("n.toml")).unwrap();
    assert!(text.contains("at = 2027-01-05T23:00:00"), "{text}");
    // 02:00 is still ahead on this plan day.
    let out = night("02:00");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("in the future"));
}
